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

enum {
  SIGNAL_WRITE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The file's side: once the log is open, its connection is only used by the writer thread,
 * one write after the other in the order they were asked for. */
typedef struct {
  sqlite3      *db;
  char         *path;
  GMainContext *context;   /* where failures are reported */
  GWeakRef      log;
} Writer;

typedef enum {
  WRITE_ADD,
  WRITE_DELETE,
  WRITE_MARK_SEEN,
  WRITE_DROP_OLDER,   /* every call before (started_at, id) */
  WRITE_FLUSH,        /* nothing to write: tells that the writes before it are done */
} WriteKind;

typedef struct {
  WriteKind      kind;
  WccCallRecord *record;   /* WRITE_ADD, WRITE_DROP_OLDER (the oldest kept) */
  gint64         id;       /* WRITE_DELETE */
  GTask         *task;     /* WRITE_FLUSH */
} Write;

struct _WccCallLog
{
  GObject      parent_instance;

  char        *path;
  Writer      *writer;
  GThreadPool *writes;      /* one thread: the writes keep their order */
  GPtrArray   *records;     /* WccCallRecord, newest first: the model */
  GHashTable  *unseen_missed; /* ids of missed calls not looked at yet */
  gint64       next_id;
  guint        missed_count;
};

static void wcc_call_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccCallLog, wcc_call_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_call_log_list_model_init))

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

/* A Writer is shared (atomic reference counts) by the log and the failures on their way
 * to its main context. */
static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->db, sqlite3_close);
  g_free (writer->path);
  g_main_context_unref (writer->context);
  g_weak_ref_clear (&writer->log);
}

static void
writer_release (Writer *writer)
{
  g_atomic_rc_box_release_full (writer, (GDestroyNotify) writer_clear);
}

static void
write_free (Write *write)
{
  g_clear_object (&write->record);
  g_clear_object (&write->task);
  g_free (write);
}

typedef struct {
  Writer *writer;
  char   *message;
} Failure;

/* In the log's context (the log is only looked at there, so it never ends on the writer
 * thread). */
static gboolean
report_failure (gpointer user_data)
{
  Failure *failure = user_data;
  g_autoptr(WccCallLog) self = g_weak_ref_get (&failure->writer->log);

  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_WRITE_FAILED], 0, failure->message);
  else
    g_warning ("%s", failure->message);
  writer_release (failure->writer);
  g_free (failure->message);
  g_free (failure);
  return G_SOURCE_REMOVE;
}

/* Runs one statement to its end (in autocommit, the last step is the one that commits:
 * its result is the write's). */
static gboolean
run_statement (Writer        *writer,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int status = sqlite3_step (stmt);

  while (status == SQLITE_ROW)
    status = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (status == SQLITE_DONE)
    return TRUE;
  return wcc_local_db_set_error (writer->db, _("The call log"), writer->path, error);
}

static gboolean
execute_write (Writer   *writer,
               Write    *write,
               GError  **error)
{
  const char *sql = NULL;
  sqlite3_stmt *stmt;

  switch (write->kind)
    {
    case WRITE_ADD:
      sql = "INSERT INTO calls (id, direction, number, name, started_at, duration, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?, ?);";
      break;
    case WRITE_DELETE: sql = "DELETE FROM calls WHERE id = ?;"; break;
    case WRITE_MARK_SEEN: sql = "UPDATE calls SET seen = 1 WHERE seen = 0;"; break;
    case WRITE_DROP_OLDER: sql = "DELETE FROM calls WHERE started_at < ?1 OR (started_at = ?1 AND id < ?2);"; break;
    case WRITE_FLUSH: return TRUE;
    default: g_assert_not_reached ();
    }
  stmt = wcc_local_db_prepare (writer->db, _("The call log"), writer->path, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (write->kind == WRITE_ADD)
    {
      WccCallRecord *record = write->record;

      sqlite3_bind_int64 (stmt, 1, wcc_call_record_get_id (record));
      sqlite3_bind_int (stmt, 2, wcc_call_record_get_direction (record) == WCC_CALL_RECORD_INCOMING);
      sqlite3_bind_text (stmt, 3, wcc_call_record_get_number (record), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, wcc_call_record_get_name (record), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, wcc_call_record_get_started_at (record));
      sqlite3_bind_int64 (stmt, 6, wcc_call_record_get_duration (record));
      sqlite3_bind_int (stmt, 7, wcc_call_record_get_outcome (record));
    }
  else if (write->kind == WRITE_DELETE)
    sqlite3_bind_int64 (stmt, 1, write->id);
  else if (write->kind == WRITE_DROP_OLDER)
    {
      sqlite3_bind_int64 (stmt, 1, wcc_call_record_get_started_at (write->record));
      sqlite3_bind_int64 (stmt, 2, wcc_call_record_get_id (write->record));
    }
  return run_statement (writer, stmt, error);
}

/* In the log's context: the task (and so the log it holds) is let go there, never on the
 * writer thread, which cannot close the log it runs for. */
static gboolean
return_flush (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

/* The writer thread. */
static void
write_in_thread (gpointer data,
                 gpointer user_data)
{
  Write *write = data;
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (write->kind == WRITE_FLUSH)
    g_main_context_invoke (writer->context, return_flush, g_steal_pointer (&write->task));
  else if (!execute_write (writer, write, &error))
    {
      Failure *failure = g_new0 (Failure, 1);

      failure->writer = g_atomic_rc_box_acquire (writer);
      failure->message = g_strdup (error->message);
      g_main_context_invoke (writer->context, report_failure, failure);
    }
  write_free (write);
}

static void
queue_write (WccCallLog *self,
             Write      *write)
{
  g_thread_pool_push (self->writes, write, NULL);
}

static void
set_missed_count (WccCallLog *self)
{
  guint count = g_hash_table_size (self->unseen_missed);

  if (count == self->missed_count)
    return;
  self->missed_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_COUNT]);
}

/* Keeps the newest WCC_CALL_LOG_MAX_CALLS calls, in the model and in the file. */
static void
drop_oldest (WccCallLog *self)
{
  guint n = self->records->len;
  Write *write;

  if (n <= WCC_CALL_LOG_MAX_CALLS)
    return;
  write = g_new0 (Write, 1);
  write->kind = WRITE_DROP_OLDER;
  write->record = g_object_ref (g_ptr_array_index (self->records, WCC_CALL_LOG_MAX_CALLS - 1));
  queue_write (self, write);
  for (guint i = WCC_CALL_LOG_MAX_CALLS; i < n; i++)
    g_hash_table_remove (self->unseen_missed,
                         GINT_TO_POINTER (wcc_call_record_get_id (g_ptr_array_index (self->records, i))));
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

  /* What was asked for is written before the file is closed. */
  if (self->writes != NULL)
    g_thread_pool_free (self->writes, FALSE, TRUE);
  g_clear_pointer (&self->writer, writer_release);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->unseen_missed, g_hash_table_unref);
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

  /* A write the file refused (full disk, a broken file…): the model has the change, the
   * file does not. */
  signals[SIGNAL_WRITE_FAILED] = g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wcc_call_log_init (WccCallLog *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  self->unseen_missed = g_hash_table_new (g_direct_hash, g_direct_equal);
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
  sqlite3 *db;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WCC_TYPE_CALL_LOG, NULL);
  self->path = g_strdup (path);
  db = wcc_local_db_open (path, _("The call log"), migrations, error);
  if (db == NULL)
    return NULL;
  self->writer = g_atomic_rc_box_new0 (Writer);
  self->writer->db = db;
  self->writer->path = g_strdup (path);
  self->writer->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->writer->log, self);

  stmt = wcc_local_db_prepare (db, _("The call log"), path,
                               "SELECT " RECORD_COLUMNS ", seen FROM calls ORDER BY started_at DESC, id DESC LIMIT ?;",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, WCC_CALL_LOG_MAX_CALLS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccCallRecord *record = record_from_row (stmt);

      g_ptr_array_add (self->records, record);
      if (wcc_call_record_get_outcome (record) == WCC_CALL_RECORD_MISSED && sqlite3_column_int (stmt, 7) == 0)
        g_hash_table_add (self->unseen_missed, GINT_TO_POINTER (wcc_call_record_get_id (record)));
    }
  sqlite3_finalize (stmt);
  /* Ids are given here, so that a record is whole before its row is written. */
  stmt = wcc_local_db_prepare (db, _("The call log"), path, "SELECT max(id) FROM calls;", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->next_id = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_finalize (stmt);
  self->missed_count = g_hash_table_size (self->unseen_missed);
  self->writes = g_thread_pool_new (write_in_thread, self->writer, 1, TRUE, NULL);
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
                  WccCallRecordOutcome     outcome)
{
  WccCallRecord *record;
  Write *write;
  guint position = 0;

  g_return_val_if_fail (WCC_IS_CALL_LOG (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (outcome <= WCC_CALL_RECORD_OUTCOME_LAST, NULL);

  record = wcc_call_record_new (self->next_id++, direction, number, name ? name : "", started_at, duration, outcome);
  write = g_new0 (Write, 1);
  write->kind = WRITE_ADD;
  write->record = g_object_ref (record);
  queue_write (self, write);

  /* Newest first: calls usually end in the order they started, so this is position 0. */
  while (position < self->records->len &&
         wcc_call_record_get_started_at (g_ptr_array_index (self->records, position)) > started_at)
    position++;
  g_ptr_array_insert (self->records, (int) position, g_object_ref (record));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  if (outcome == WCC_CALL_RECORD_MISSED)
    g_hash_table_add (self->unseen_missed, GINT_TO_POINTER (wcc_call_record_get_id (record)));
  drop_oldest (self);
  set_missed_count (self);
  return record;
}

void
wcc_call_log_delete (WccCallLog *self,
                     gint64      id)
{
  Write *write;

  g_return_if_fail (WCC_IS_CALL_LOG (self));

  write = g_new0 (Write, 1);
  write->kind = WRITE_DELETE;
  write->id = id;
  queue_write (self, write);
  for (guint i = 0; i < self->records->len; i++)
    if (wcc_call_record_get_id (g_ptr_array_index (self->records, i)) == id)
      {
        g_ptr_array_remove_index (self->records, i);
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        break;
      }
  g_hash_table_remove (self->unseen_missed, GINT_TO_POINTER (id));
  set_missed_count (self);
}

guint
wcc_call_log_get_missed_count (WccCallLog *self)
{
  g_return_val_if_fail (WCC_IS_CALL_LOG (self), 0);
  return self->missed_count;
}

void
wcc_call_log_mark_seen (WccCallLog *self)
{
  Write *write;

  g_return_if_fail (WCC_IS_CALL_LOG (self));

  if (self->missed_count == 0)
    return;
  write = g_new0 (Write, 1);
  write->kind = WRITE_MARK_SEEN;
  queue_write (self, write);
  g_hash_table_remove_all (self->unseen_missed);
  set_missed_count (self);
}

void
wcc_call_log_flush_async (WccCallLog          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Write *write;

  g_return_if_fail (WCC_IS_CALL_LOG (self));

  write = g_new0 (Write, 1);
  write->kind = WRITE_FLUSH;
  write->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (write->task, wcc_call_log_flush_async);
  queue_write (self, write);
}

gboolean
wcc_call_log_flush_finish (WccCallLog    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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
