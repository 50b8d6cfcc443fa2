/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-outbox.c: the client's offline outbox, writes waiting for the server in a local SQLite file. */
#define G_LOG_DOMAIN "wcc-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "wcc-error.h"
#include "wcc-local-db.h"
#include "wcc-outbox.h"

/* The schema, one step per PRAGMA user_version; a change appends a step. */
static const char *const migrations[] = {
  "CREATE TABLE writes ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0);",
  /* Writes the server refused after they had waited (no callback heard it): kept with
   * the server's reason until the agent dismisses them, so nothing typed is lost. */
  "CREATE TABLE refused ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  refused_at INTEGER NOT NULL,"
  "  error_code TEXT NOT NULL,"
  "  reason TEXT NOT NULL);",
  NULL
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_SIZE,
  PROP_REFUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccOutbox
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  guint    size;
  guint    refused;
};

G_DEFINE_FINAL_TYPE (WccOutbox, wcc_outbox, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (WccRefusedWrite, wcc_refused_write, wcc_refused_write_copy, wcc_refused_write_free)

void
wcc_outbox_entry_free (WccOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->idempotency_key);
  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->body);
  g_free (entry);
}

WccRefusedWrite *
wcc_refused_write_copy (const WccRefusedWrite *write)
{
  WccRefusedWrite *copy;

  g_return_val_if_fail (write != NULL, NULL);

  copy = g_memdup2 (write, sizeof *write);
  copy->idempotency_key = g_strdup (write->idempotency_key);
  copy->method = g_strdup (write->method);
  copy->path = g_strdup (write->path);
  copy->body = g_strdup (write->body);
  copy->error_code = g_strdup (write->error_code);
  copy->reason = g_strdup (write->reason);
  return copy;
}

void
wcc_refused_write_free (WccRefusedWrite *write)
{
  if (write == NULL)
    return;
  g_free (write->idempotency_key);
  g_free (write->method);
  g_free (write->path);
  g_free (write->body);
  g_free (write->error_code);
  g_free (write->reason);
  g_free (write);
}

static gboolean
set_sqlite_error (WccOutbox  *self,
                  GError    **error)
{
  return wcc_local_db_set_error (self->db, _("The offline outbox"), self->path, error);
}

static sqlite3_stmt *
prepare (WccOutbox  *self,
         const char  *sql,
         GError     **error)
{
  return wcc_local_db_prepare (self->db, _("The offline outbox"), self->path, sql, error);
}

static int
query_int (WccOutbox  *self,
           const char *sql)
{
  sqlite3_stmt *stmt = prepare (self, sql, NULL);
  int value = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
refresh_size (WccOutbox *self)
{
  guint size = (guint) query_int (self, "SELECT count(*) FROM writes;");
  guint refused = (guint) query_int (self, "SELECT count(*) FROM refused;");

  if (size != self->size)
    {
      self->size = size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
    }
  if (refused != self->refused)
    {
      self->refused = refused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFUSED]);
    }
}

/* Member names that carry secrets; the outbox file is readable by anyone with the disk. */
static gboolean
is_secret_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return strstr (lower, "password") != NULL || strstr (lower, "secret") != NULL ||
         g_str_has_suffix (lower, "token");
}

static gboolean
node_has_secret (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (is_secret_name (name) || node_has_secret (member))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (node_has_secret (json_array_get_element (array, i)))
          return TRUE;
    }
  return FALSE;
}

static gboolean
check_body (const char  *body,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (body == NULL)
    return TRUE;
  if (!json_parser_load_from_data (parser, body, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_JSON,
                           _("A change waiting for the server must be a JSON object"));
      return FALSE;
    }
  if (node_has_secret (root))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("A change that carries a password or token cannot wait for the server"));
      return FALSE;
    }
  return TRUE;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static WccOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  WccOutboxEntry *entry = g_new0 (WccOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->idempotency_key = column_strdup (stmt, 1);
  entry->method = column_strdup (stmt, 2);
  entry->path = column_strdup (stmt, 3);
  entry->body = column_strdup (stmt, 4);
  entry->created_at = sqlite3_column_int64 (stmt, 5);
  entry->attempts = (guint) sqlite3_column_int (stmt, 6);
  return entry;
}

#define ENTRY_COLUMNS "id, idempotency_key, method, path, body, created_at, attempts"

static WccRefusedWrite *
refused_from_row (sqlite3_stmt *stmt)
{
  WccRefusedWrite *write = g_new0 (WccRefusedWrite, 1);

  write->id = sqlite3_column_int64 (stmt, 0);
  write->idempotency_key = column_strdup (stmt, 1);
  write->method = column_strdup (stmt, 2);
  write->path = column_strdup (stmt, 3);
  write->body = column_strdup (stmt, 4);
  write->created_at = sqlite3_column_int64 (stmt, 5);
  write->refused_at = sqlite3_column_int64 (stmt, 6);
  write->error_code = column_strdup (stmt, 7);
  write->reason = column_strdup (stmt, 8);
  return write;
}

#define REFUSED_COLUMNS "id, idempotency_key, method, path, body, created_at, refused_at, error_code, reason"

static void
wcc_outbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WccOutbox *self = WCC_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_SIZE: g_value_set_uint (value, self->size); break;
    case PROP_REFUSED: g_value_set_uint (value, self->refused); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_outbox_finalize (GObject *object)
{
  WccOutbox *self = WCC_OUTBOX (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (wcc_outbox_parent_class)->finalize (object);
}

static void
wcc_outbox_class_init (WccOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_outbox_get_property;
  object_class->finalize = wcc_outbox_finalize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_uint ("size", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFUSED] =
    g_param_spec_uint ("refused", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_outbox_init (WccOutbox *self)
{
}

char *
wcc_outbox_default_path (const char *base_url,
                         const char *account)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);
  return wcc_local_db_default_path ("outbox", base_url, account);
}

WccOutbox *
wcc_outbox_open (const char  *path,
                 GError     **error)
{
  g_autoptr(WccOutbox) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WCC_TYPE_OUTBOX, NULL);
  self->path = g_strdup (path);
  self->db = wcc_local_db_open (path, _("The offline outbox"), migrations, error);
  if (self->db == NULL)
    return NULL;
  refresh_size (self);
  return g_steal_pointer (&self);
}

const char *
wcc_outbox_get_path (WccOutbox *self)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);
  return self->path;
}

guint
wcc_outbox_get_size (WccOutbox *self)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), 0);
  return self->size;
}

guint
wcc_outbox_get_refused (WccOutbox *self)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), 0);
  return self->refused;
}

WccOutboxEntry *
wcc_outbox_push (WccOutbox   *self,
                 const char  *method,
                 const char  *path,
                 const char  *body,
                 GError     **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  WccOutboxEntry *entry;
  int rc;

  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_body (body, error))
    return NULL;
  stmt = prepare (self, "INSERT INTO writes (idempotency_key, method, path, body, created_at) "
                        "VALUES (?, ?, ?, ?, ?) RETURNING " ENTRY_COLUMNS ";", error);
  if (stmt == NULL)
    return NULL;
  key = g_uuid_string_random ();
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  if (body != NULL)
    sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  entry = entry_from_row (stmt);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  refresh_size (self);
  return entry;
}

WccOutboxEntry *
wcc_outbox_peek (WccOutbox *self)
{
  sqlite3_stmt *stmt;
  WccOutboxEntry *entry = NULL;

  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);

  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM writes ORDER BY id LIMIT 1;", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    entry = entry_from_row (stmt);
  sqlite3_finalize (stmt);
  return entry;
}

GPtrArray *
wcc_outbox_list (WccOutbox *self)
{
  GPtrArray *entries;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_outbox_entry_free);
  stmt = prepare (self, "SELECT " ENTRY_COLUMNS " FROM writes ORDER BY id;", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_finalize (stmt);
  return entries;
}

static gboolean
update_by_id (WccOutbox   *self,
              const char  *sql,
              gint64       id,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_sqlite_error (self, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
wcc_outbox_remove (WccOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), FALSE);

  if (!update_by_id (self, "DELETE FROM writes WHERE id = ?;", id, error))
    return FALSE;
  refresh_size (self);
  return TRUE;
}

gboolean
wcc_outbox_count_attempt (WccOutbox  *self,
                          gint64      id,
                          GError    **error)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), FALSE);

  return update_by_id (self, "UPDATE writes SET attempts = attempts + 1 WHERE id = ?;", id, error);
}

WccRefusedWrite *
wcc_outbox_refuse (WccOutbox   *self,
                   gint64       id,
                   const char  *error_code,
                   const char  *reason,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  WccRefusedWrite *write = NULL;

  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (error_code != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  /* Moved in one transaction: the write is in one table or the other, never lost. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  stmt = prepare (self, "INSERT INTO refused (idempotency_key, method, path, body, created_at, refused_at,"
                        " error_code, reason) SELECT idempotency_key, method, path, body, created_at, ?2, ?3, ?4"
                        " FROM writes WHERE id = ?1 RETURNING " REFUSED_COLUMNS ";", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (stmt, 3, error_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        write = refused_from_row (stmt);
      else
        g_set_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such change waits for the server"));
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
  if (write == NULL || !update_by_id (self, "DELETE FROM writes WHERE id = ?;", id, error) ||
      sqlite3_exec (self->db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    {
      if (write != NULL && error != NULL && *error == NULL)
        set_sqlite_error (self, error);
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      g_clear_pointer (&write, wcc_refused_write_free);
      return NULL;
    }
  refresh_size (self);
  return write;
}

GPtrArray *
wcc_outbox_list_refused (WccOutbox *self)
{
  GPtrArray *writes;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_OUTBOX (self), NULL);

  writes = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_refused_write_free);
  stmt = prepare (self, "SELECT " REFUSED_COLUMNS " FROM refused ORDER BY id;", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (writes, refused_from_row (stmt));
  sqlite3_finalize (stmt);
  return writes;
}

gboolean
wcc_outbox_dismiss_refused (WccOutbox  *self,
                            gint64      id,
                            GError    **error)
{
  g_return_val_if_fail (WCC_IS_OUTBOX (self), FALSE);

  if (!update_by_id (self, "DELETE FROM refused WHERE id = ?;", id, error))
    return FALSE;
  refresh_size (self);
  return TRUE;
}
