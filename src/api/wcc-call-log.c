/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-log.c: the softphone's call log, a local SQLite file; a list model of WccCallRecord, newest first. */
#define G_LOG_DOMAIN "wcc-call-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-call-log.h"
#include "wcc-csv.h"
#include "wcc-local-db.h"

/* The schema, one step per PRAGMA user_version; a change appends a step. */
static const char *const migrations[] = {
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  direction INTEGER NOT NULL CHECK (direction IN (0, 1)),"
  "  number TEXT NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  started_at INTEGER NOT NULL,"
  "  duration INTEGER NOT NULL DEFAULT 0,"
  "  outcome INTEGER NOT NULL CHECK (outcome BETWEEN 0 AND 3),"
  "  seen INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX calls_by_start ON calls (started_at DESC, id DESC);",
  NULL
};

#define RECORD_COLUMNS "id, direction, number, name, started_at, duration, outcome"

enum {
  PROP_0,
  PROP_PATH,
  PROP_MISSED_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccCallLog
{
  GObject    parent_instance;

  char      *path;
  sqlite3   *db;
  GPtrArray *records;   /* WccCallRecord, newest first: the model */
  guint      missed_count;
};

static void wcc_call_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccCallLog, wcc_call_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_call_log_list_model_init))

static gboolean
set_sqlite_error (WccCallLog  *self,
                  GError     **error)
{
  return wcc_local_db_set_error (self->db, _("The call log"), self->path, error);
}

static sqlite3_stmt *
prepare (WccCallLog  *self,
         const char   *sql,
         GError      **error)
{
  return wcc_local_db_prepare (self->db, _("The call log"), self->path, sql, error);
}

static WccCallRecord *
record_from_row (sqlite3_stmt *stmt)
{
  return wcc_call_record_new (sqlite3_column_int64 (stmt, 0),
                              (WccCallRecordDirection) sqlite3_column_int (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2),
                              (const char *) sqlite3_column_text (stmt, 3),
                              sqlite3_column_int64 (stmt, 4),
                              (guint) sqlite3_column_int64 (stmt, 5),
                              (WccCallRecordOutcome) sqlite3_column_int (stmt, 6));
}

static void
refresh_missed_count (WccCallLog *self)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT count(*) FROM calls WHERE outcome = 1 AND seen = 0;", NULL);
  guint count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (count == self->missed_count)
    return;
  self->missed_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_COUNT]);
}

static gboolean
run_with_id (WccCallLog  *self,
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

/* Keeps the newest WCC_CALL_LOG_MAX_CALLS calls, in the file and in the model. */
static void
drop_oldest (WccCallLog *self)
{
  guint n = self->records->len;
  WccCallRecord *oldest_kept;

  if (n <= WCC_CALL_LOG_MAX_CALLS)
    return;
  oldest_kept = g_ptr_array_index (self->records, WCC_CALL_LOG_MAX_CALLS - 1);
  {
    sqlite3_stmt *stmt = prepare (self, "DELETE FROM calls WHERE started_at < ?1 OR (started_at = ?1 AND id < ?2);", NULL);
    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, wcc_call_record_get_started_at (oldest_kept));
        sqlite3_bind_int64 (stmt, 2, wcc_call_record_get_id (oldest_kept));
        if (sqlite3_step (stmt) != SQLITE_DONE)
          g_warning ("The oldest calls stay in the call log: %s", sqlite3_errmsg (self->db));
      }
    sqlite3_finalize (stmt);
  }
  g_ptr_array_remove_range (self->records, WCC_CALL_LOG_MAX_CALLS, n - WCC_CALL_LOG_MAX_CALLS);
  g_list_model_items_changed (G_LIST_MODEL (self), WCC_CALL_LOG_MAX_CALLS, n - WCC_CALL_LOG_MAX_CALLS, 0);
}

/* ---- GListModel -------------------------------------------------------------------------- */

static GType
wcc_call_log_get_item_type (GListModel *model)
{
  return WCC_TYPE_CALL_RECORD;
}

static guint
wcc_call_log_get_n_items (GListModel *model)
{
  return WCC_CALL_LOG (model)->records->len;
}

static gpointer
wcc_call_log_get_item (GListModel *model,
                       guint       position)
{
  WccCallLog *self = WCC_CALL_LOG (model);

  if (position >= self->records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
wcc_call_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wcc_call_log_get_item_type;
  iface->get_n_items = wcc_call_log_get_n_items;
  iface->get_item = wcc_call_log_get_item;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_call_log_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WccCallLog *self = WCC_CALL_LOG (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_MISSED_COUNT: g_value_set_uint (value, self->missed_count); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_call_log_finalize (GObject *object)
{
  WccCallLog *self = WCC_CALL_LOG (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (wcc_call_log_parent_class)->finalize (object);
}

static void
wcc_call_log_class_init (WccCallLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_call_log_get_property;
  object_class->finalize = wcc_call_log_finalize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSED_COUNT] =
    g_param_spec_uint ("missed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_call_log_init (WccCallLog *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- public API -------------------------------------------------------------------------- */

char *
wcc_call_log_default_path (const char *base_url,
                           const char *account)
{
  return wcc_local_db_default_path ("calls", base_url, account);
}

WccCallLog *
wcc_call_log_open (const char  *path,
                   GError     **error)
{
  g_autoptr(WccCallLog) self = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WCC_TYPE_CALL_LOG, NULL);
  self->path = g_strdup (path);
  self->db = wcc_local_db_open (path, _("The call log"), migrations, error);
  if (self->db == NULL)
    return NULL;
  stmt = prepare (self, "SELECT " RECORD_COLUMNS " FROM calls ORDER BY started_at DESC, id DESC LIMIT ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, WCC_CALL_LOG_MAX_CALLS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (self->records, record_from_row (stmt));
  sqlite3_finalize (stmt);
  refresh_missed_count (self);
  return g_steal_pointer (&self);
}

const char *
wcc_call_log_get_path (WccCallLog *self)
{
  g_return_val_if_fail (WCC_IS_CALL_LOG (self), NULL);
  return self->path;
}

WccCallRecord *
wcc_call_log_add (WccCallLog              *self,
                  WccCallRecordDirection   direction,
                  const char              *number,
                  const char              *name,
                  gint64                   started_at,
                  guint                    duration,
                  WccCallRecordOutcome     outcome,
                  GError                 **error)
{
  sqlite3_stmt *stmt;
  WccCallRecord *record;
  guint position = 0;

  g_return_val_if_fail (WCC_IS_CALL_LOG (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (outcome <= WCC_CALL_RECORD_OUTCOME_LAST, NULL);

  stmt = prepare (self, "INSERT INTO calls (direction, number, name, started_at, duration, outcome) "
                        "VALUES (?, ?, ?, ?, ?, ?) RETURNING " RECORD_COLUMNS ";", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, direction == WCC_CALL_RECORD_INCOMING);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name ? name : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, started_at);
  sqlite3_bind_int64 (stmt, 5, duration);
  sqlite3_bind_int (stmt, 6, outcome);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  record = record_from_row (stmt);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  /* Newest first: calls usually end in the order they started, so this is position 0. */
  while (position < self->records->len &&
         wcc_call_record_get_started_at (g_ptr_array_index (self->records, position)) > started_at)
    position++;
  g_ptr_array_insert (self->records, (int) position, g_object_ref (record));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  drop_oldest (self);
  refresh_missed_count (self);
  return record;
}

gboolean
wcc_call_log_delete (WccCallLog  *self,
                     gint64       id,
                     GError     **error)
{
  g_return_val_if_fail (WCC_IS_CALL_LOG (self), FALSE);

  if (!run_with_id (self, "DELETE FROM calls WHERE id = ?;", id, error))
    return FALSE;
  for (guint i = 0; i < self->records->len; i++)
    if (wcc_call_record_get_id (g_ptr_array_index (self->records, i)) == id)
      {
        g_ptr_array_remove_index (self->records, i);
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        break;
      }
  refresh_missed_count (self);
  return TRUE;
}

guint
wcc_call_log_get_missed_count (WccCallLog *self)
{
  g_return_val_if_fail (WCC_IS_CALL_LOG (self), 0);
  return self->missed_count;
}

gboolean
wcc_call_log_mark_seen (WccCallLog  *self,
                        GError     **error)
{
  g_return_val_if_fail (WCC_IS_CALL_LOG (self), FALSE);

  if (self->missed_count == 0)
    return TRUE;
  if (!run_with_id (self, "UPDATE calls SET seen = 1 WHERE seen = 0 AND id > ?;", 0, error))
    return FALSE;
  refresh_missed_count (self);
  return TRUE;
}

char *
wcc_call_log_to_csv (WccCallLog *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (WCC_IS_CALL_LOG (self), NULL);

  wcc_csv_append_row (out, (const char *[]) { _("Direction"), _("Number"), _("Name"), _("Start"),
                                              _("Duration (s)"), _("Outcome"), NULL });
  for (guint i = 0; i < self->records->len; i++)
    {
      WccCallRecord *record = g_ptr_array_index (self->records, i);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (wcc_call_record_get_started_at (record));
      g_autofree char *when = start ? g_date_time_format (start, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      g_autofree char *duration = g_strdup_printf ("%u", wcc_call_record_get_duration (record));

      wcc_csv_append_row (out, (const char *[]) {
        wcc_call_record_direction_to_string (wcc_call_record_get_direction (record)),
        wcc_call_record_get_number (record),
        wcc_call_record_get_name (record),
        when,
        duration,
        wcc_call_record_outcome_to_string (wcc_call_record_get_outcome (record)),
        NULL });
    }
  return g_string_free (out, FALSE);
}
