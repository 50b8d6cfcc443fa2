/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-recording-uploads.c: call recordings waiting for the server, kept in a local SQLite file across restarts. */
#define G_LOG_DOMAIN "wcc-recording-uploads"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wcc-error.h"
#include "wcc-local-db.h"
#include "wcc-recording-uploads.h"

#define FIRST_RETRY_SECONDS 1
#define MAX_RETRY_SECONDS 30

static const char *const migrations[] = {
  "CREATE TABLE recordings ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  file TEXT NOT NULL,"
  "  call_id INTEGER NOT NULL DEFAULT 0,"
  "  duration INTEGER NOT NULL DEFAULT 0,"
  "  wanted INTEGER NOT NULL DEFAULT 0,"     /* a contact record links its call */
  "  complete INTEGER NOT NULL DEFAULT 0,"   /* the recorder has finished the file */
  "  created_at INTEGER NOT NULL);",
  NULL
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum {
  SIGNAL_UPLOADED,
  SIGNAL_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccRecordingUploads
{
  GObject       parent_instance;

  WccClient    *client;
  char         *path;
  sqlite3      *db;
  GCancellable *cancellable;     /* the upload under way; NULL when stopped */
  gint64        uploading;       /* its id, 0: none */
  guint         retry_id;
  guint         retry_seconds;
  guint         pending;
};

G_DEFINE_FINAL_TYPE (WccRecordingUploads, wcc_recording_uploads, G_TYPE_OBJECT)

static void upload_next (WccRecordingUploads *self);

static sqlite3_stmt *
prepare (WccRecordingUploads  *self,
         const char           *sql,
         GError              **error)
{
  return wcc_local_db_prepare (self->db, _("The recordings waiting for the server"), self->path, sql, error);
}

/* Runs @sql with @id bound as ?1 and @value as ?2 (when it has a ?2). */
static void
exec_by_id (WccRecordingUploads *self,
            const char          *sql,
            gint64               id,
            gint64               value)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = prepare (self, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Recordings list: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
}

static void
refresh_pending (WccRecordingUploads *self)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT count(*) FROM recordings;", NULL);
  guint pending = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    pending = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The recording and its file go: uploaded, refused for good, or expired. */
static void
forget (WccRecordingUploads *self,
        gint64               id,
        const char          *file)
{
  if (file != NULL && g_unlink (file) != 0 && errno != ENOENT)
    g_warning ("Cannot remove the recording %s: %s", file, g_strerror (errno));
  exec_by_id (self, "DELETE FROM recordings WHERE id = ?1;", id, 0);
  refresh_pending (self);
}

/* Recordings nobody asked for (or whose call the server never named) older than the
 * retention period: the agent never saved a contact record for the call. */
static void
remove_expired (WccRecordingUploads *self)
{
  gint64 before = g_get_real_time () / G_USEC_PER_SEC - WCC_RECORDING_RETENTION_DAYS * 24 * 3600;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, file FROM recordings WHERE (wanted = 0 OR call_id = 0)"
                                      " AND created_at < ?1;", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, before);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
      g_ptr_array_add (files, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < ids->len; i++)
    {
      g_debug ("Recording %s expired without a contact record: removed", (char *) g_ptr_array_index (files, i));
      forget (self, g_array_index (ids, gint64, i), g_ptr_array_index (files, i));
    }
}

static gboolean
on_retry (gpointer user_data)
{
  WccRecordingUploads *self = user_data;

  self->retry_id = 0;
  upload_next (self);
  return G_SOURCE_REMOVE;
}

typedef struct {
  WccRecordingUploads *self;
  gint64               id;
  gint64               call_id;
  char                *file;
} Upload;

static void
upload_free (Upload *upload)
{
  g_object_unref (upload->self);
  g_free (upload->file);
  g_free (upload);
}

/* Answers that say "not now": the server is away, busy or broken for a while. */
static gboolean
is_temporary (const GError *error)
{
  return g_error_matches (error, WCC_ERROR, WCC_ERROR_UNREACHABLE) ||
         g_error_matches (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE) ||
         g_error_matches (error, WCC_ERROR, WCC_ERROR_INTERNAL) ||
         g_error_matches (error, WCC_ERROR, WCC_ERROR_TOO_MANY_REQUESTS) ||
         g_error_matches (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Upload *upload = user_data;
  WccRecordingUploads *self = upload->self;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = wcc_client_upload_recording_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: it stays for the next start. */
      upload_free (upload);
      return;
    }
  self->uploading = 0;
  if (answer != NULL)
    {
      self->retry_seconds = FIRST_RETRY_SECONDS;
      forget (self, upload->id, upload->file);
      g_signal_emit (self, signals[SIGNAL_UPLOADED], 0, upload->id, upload->call_id);
    }
  else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_UNAUTHORIZED))
    {
      /* The token is gone (logout elsewhere, expiry): the next login sends it. */
      g_debug ("Recording of call %" G_GINT64_FORMAT " waits for the next session", upload->call_id);
      upload_free (upload);
      return;
    }
  else if (is_temporary (error))
    {
      g_debug ("Recording of call %" G_GINT64_FORMAT " not sent (%s): kept", upload->call_id, error->message);
      self->retry_seconds = CLAMP (self->retry_seconds * 2, FIRST_RETRY_SECONDS, MAX_RETRY_SECONDS);
      self->retry_id = g_timeout_add_seconds (self->retry_seconds, on_retry, self);
      upload_free (upload);
      return;
    }
  else
    {
      g_debug ("Recording of call %" G_GINT64_FORMAT " refused: %s", upload->call_id, error->message);
      forget (self, upload->id, upload->file);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, upload->id, upload->call_id, error);
    }
  upload_free (upload);
  upload_next (self);
}

/* The oldest recording that is complete, asked for and whose call is known. */
static void
upload_next (WccRecordingUploads *self)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  Upload *upload;
  guint duration;

  if (self->cancellable == NULL || self->uploading != 0 || self->retry_id != 0)
    return;
  stmt = prepare (self, "SELECT id, file, call_id, duration FROM recordings"
                        " WHERE wanted = 1 AND complete = 1 AND call_id > 0 ORDER BY id LIMIT 1;", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return;
    }
  upload = g_new0 (Upload, 1);
  upload->self = g_object_ref (self);
  upload->id = sqlite3_column_int64 (stmt, 0);
  upload->file = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  upload->call_id = sqlite3_column_int64 (stmt, 2);
  duration = (guint) sqlite3_column_int (stmt, 3);
  sqlite3_finalize (stmt);

  mapped = g_mapped_file_new (upload->file, FALSE, &error);
  if (mapped == NULL)
    {
      /* Nothing to send (the cache was cleared): said once, and forgotten. */
      forget (self, upload->id, NULL);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, upload->id, upload->call_id, error);
      upload_free (upload);
      upload_next (self);
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  self->uploading = upload->id;
  wcc_client_upload_recording_async (self->client, upload->call_id, bytes, duration, self->cancellable,
                                     on_uploaded, upload);
}

static void
wcc_recording_uploads_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WccRecordingUploads *self = WCC_RECORDING_UPLOADS (object);

  switch (prop_id)
    {
    case PROP_PENDING: g_value_set_uint (value, self->pending); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_recording_uploads_dispose (GObject *object)
{
  wcc_recording_uploads_stop (WCC_RECORDING_UPLOADS (object));

  G_OBJECT_CLASS (wcc_recording_uploads_parent_class)->dispose (object);
}

static void
wcc_recording_uploads_finalize (GObject *object)
{
  WccRecordingUploads *self = WCC_RECORDING_UPLOADS (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->client);
  g_free (self->path);

  G_OBJECT_CLASS (wcc_recording_uploads_parent_class)->finalize (object);
}

static void
wcc_recording_uploads_class_init (WccRecordingUploadsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_recording_uploads_get_property;
  object_class->dispose = wcc_recording_uploads_dispose;
  object_class->finalize = wcc_recording_uploads_finalize;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UPLOADED] =
    g_signal_new ("uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_ERROR);
}

static void
wcc_recording_uploads_init (WccRecordingUploads *self)
{
  self->retry_seconds = FIRST_RETRY_SECONDS;
}

char *
wcc_recording_uploads_default_path (const char *base_url,
                                    const char *account)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);
  return wcc_local_db_default_path ("recordings", base_url, account);
}

WccRecordingUploads *
wcc_recording_uploads_open (WccClient   *client,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(WccRecordingUploads) self = NULL;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WCC_TYPE_RECORDING_UPLOADS, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->db = wcc_local_db_open (path, _("The recordings waiting for the server"), migrations, error);
  if (self->db == NULL)
    return NULL;
  /* The run that recorded them is over: their files are as complete as they will be. */
  if (sqlite3_exec (self->db, "UPDATE recordings SET complete = 1 WHERE complete = 0;", NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Recordings list: %s", sqlite3_errmsg (self->db));
  remove_expired (self);
  refresh_pending (self);
  return g_steal_pointer (&self);
}

gint64
wcc_recording_uploads_add (WccRecordingUploads  *self,
                           const char           *file,
                           GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int fd;

  g_return_val_if_fail (WCC_IS_RECORDING_UPLOADS (self), 0);
  g_return_val_if_fail (file != NULL, 0);

  /* Owner-only before the recorder opens it (it keeps the mode of a file it truncates). */
  fd = g_open (file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", file, g_strerror (saved));
      return 0;
    }
  g_close (fd, NULL);
  stmt = prepare (self, "INSERT INTO recordings (file, created_at) VALUES (?1, ?2) RETURNING id;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, file, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    wcc_local_db_set_error (self->db, _("The recordings waiting for the server"), self->path, error);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  refresh_pending (self);
  return id;
}

void
wcc_recording_uploads_set_call (WccRecordingUploads *self,
                                gint64               id,
                                gint64               call_id)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  exec_by_id (self, "UPDATE recordings SET call_id = ?2 WHERE id = ?1;", id, call_id);
  upload_next (self);
}

void
wcc_recording_uploads_complete (WccRecordingUploads *self,
                                gint64               id,
                                guint                duration)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  exec_by_id (self, "UPDATE recordings SET complete = 1, duration = ?2 WHERE id = ?1;", id, duration);
  upload_next (self);
}

void
wcc_recording_uploads_want (WccRecordingUploads *self,
                            gint64               id)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  exec_by_id (self, "UPDATE recordings SET wanted = 1 WHERE id = ?1;", id, 0);
  upload_next (self);
}

void
wcc_recording_uploads_start (WccRecordingUploads *self)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  upload_next (self);
}

void
wcc_recording_uploads_stop (WccRecordingUploads *self)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->uploading = 0;
}

void
wcc_recording_uploads_retry_now (WccRecordingUploads *self)
{
  g_return_if_fail (WCC_IS_RECORDING_UPLOADS (self));

  if (self->retry_id == 0)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  upload_next (self);
}

guint
wcc_recording_uploads_get_pending (WccRecordingUploads *self)
{
  g_return_val_if_fail (WCC_IS_RECORDING_UPLOADS (self), 0);
  return self->pending;
}
