/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-import-job.c: a customer CSV import followed from the event stream. The file is read
 * with GIO's async API and sent with libsoup's: nothing waits on the main loop. The server
 * pushes import.progress (throttled) and import.finished; those that arrive before the POST's
 * answer names the job are kept by id and applied when it does. The job's lines are read once
 * it is done. After a resync (missed events) the job resource is read instead. */
#define G_LOG_DOMAIN "wcc-import-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-csv.h"
#include "wcc-error.h"
#include "wcc-import-job.h"

/* The server refuses larger files (413): checked before sending. */
#define IMPORT_MAX_BYTES (16 * 1024 * 1024)

struct _WccImportJob
{
  GObject         parent_instance;

  WccSession     *session;
  GFile          *file;
  gint64          package_id;
  gint64          task_id;
  GCancellable   *cancellable;

  WccImportState  state;
  gint64          id;
  double          progress;
  guint           created, skipped, rejected;
  char           *message;
  GPtrArray      *lines;     /* of WccImportLine */
  GHashTable     *early;     /* job id → GPtrArray of JsonObject: events before the POST's answer */
  gboolean        reading_lines;
};

G_DEFINE_FINAL_TYPE (WccImportJob, wcc_import_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_CREATED,
  PROP_SKIPPED,
  PROP_REJECTED,
  PROP_MESSAGE,
  PROP_JOB_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
import_line_free (WccImportLine *line)
{
  g_free (line->reason);
  g_free (line);
}

static void
set_state (WccImportJob   *self,
           WccImportState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (WccImportJob *self,
      const char   *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  set_state (self, WCC_IMPORT_FAILED);
}

static void
set_uint (WccImportJob *self,
          guint        *field,
          JsonObject   *job,
          const char   *member,
          guint         prop)
{
  guint value = (guint) json_object_get_int_member_with_default (job, member, *field);

  if (value == *field)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The figures of an ImportJob object (an event's data or the resource). */
static void
apply_counts (WccImportJob *self,
              JsonObject   *job)
{
  double progress = json_object_get_double_member_with_default (job, "progress", self->progress);

  if (progress > self->progress)
    {
      self->progress = CLAMP (progress, 0.0, 1.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  set_uint (self, &self->created, job, "created", PROP_CREATED);
  set_uint (self, &self->skipped, job, "skipped", PROP_SKIPPED);
  set_uint (self, &self->rejected, job, "rejected", PROP_REJECTED);
}

static void
on_job_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WccImportJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  const char *state;
  JsonArray *lines;

  self->reading_lines = FALSE;
  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  state = json_object_get_string_member_with_default (job, "state", "running");
  if (g_str_equal (state, "running"))
    {
      apply_counts (self, job);   /* a resync during the import: the events go on */
      return;
    }
  g_ptr_array_set_size (self->lines, 0);
  lines = json_object_get_array_member (job, "lines");
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *item = json_array_get_object_element (lines, i);
      WccImportLine *line = g_new0 (WccImportLine, 1);

      line->line = (guint) json_object_get_int_member (item, "line");
      line->rejected = g_strcmp0 (json_object_get_string_member (item, "outcome"), "rejected") == 0;
      line->reason = g_strdup (json_object_get_string_member (item, "reason"));
      g_ptr_array_add (self->lines, line);
    }
  if (self->progress < 1.0 && g_str_equal (state, "done"))
    {
      self->progress = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  apply_counts (self, job);
  if (g_str_equal (state, "done"))
    set_state (self, WCC_IMPORT_DONE);
  else
    fail (self, json_object_get_string_member_with_default (job, "message", _("The import failed")));
}

static void
read_job (WccImportJob *self)
{
  g_autofree char *path = NULL;

  if (self->id == 0 || self->reading_lines)
    return;
  self->reading_lines = TRUE;
  path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, self->id);
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable, on_job_read,
                               g_object_ref (self));
}

/* import.progress or import.finished of this job. */
static void
apply_event (WccImportJob *self,
             JsonObject   *job)
{
  if (self->state != WCC_IMPORT_RUNNING)
    return;
  if (g_strcmp0 (json_object_get_string_member_with_default (job, "state", "running"), "running") == 0)
    apply_counts (self, job);
  else
    read_job (self);   /* its lines come with the resource only */
}

static void
on_event (WccImportJob   *self,
          const char     *type,
          gint64          seq,
          JsonNode       *data,
          WccEventStream *events)
{
  JsonObject *job;
  gint64 id;

  if (!g_str_has_prefix (type, "import.") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  job = json_node_get_object (data);
  id = json_object_get_int_member_with_default (job, "id", 0);
  if (self->id == 0)
    {
      /* Ahead of the POST's answer: kept, in order, until it names ours. */
      if (self->state == WCC_IMPORT_UPLOADING)
        {
          GPtrArray *kept = g_hash_table_lookup (self->early, &id);

          if (kept == NULL)
            {
              kept = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
              g_hash_table_insert (self->early, g_memdup2 (&id, sizeof id), kept);
            }
          g_ptr_array_add (kept, json_object_ref (job));
        }
      return;
    }
  if (id == self->id)
    apply_event (self, job);
}

static void
on_resync (WccImportJob *self)
{
  if (self->state == WCC_IMPORT_RUNNING)
    read_job (self);
}

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WccImportJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  GPtrArray *early;

  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  self->id = json_object_get_int_member (job, "id");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_ID]);
  set_state (self, WCC_IMPORT_RUNNING);
  apply_counts (self, job);
  early = g_hash_table_lookup (self->early, &self->id);
  for (guint i = 0; early != NULL && i < early->len; i++)
    apply_event (self, g_ptr_array_index (early, i));
  g_hash_table_remove_all (self->early);
  /* The stream may be down now: without it the job resource is the only news. */
  if (!wcc_event_stream_get_connected (wcc_session_get_event_stream (self->session)))
    read_job (self);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccImportJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *path = NULL;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  if (g_bytes_get_size (bytes) > IMPORT_MAX_BYTES)
    {
      fail (self, _("The file is larger than 16 MB: split it into smaller files"));
      return;
    }
  set_state (self, WCC_IMPORT_UPLOADING);
  path = self->task_id > 0
    ? g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT "/imports?task=%" G_GINT64_FORMAT, self->package_id,
                       self->task_id)
    : g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT "/imports", self->package_id);
  wcc_client_send_bytes_async (wcc_session_get_client (self->session), "POST", path, bytes, "text/csv",
                               self->cancellable, on_posted, g_object_ref (self));
}

static void
wcc_import_job_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WccImportJob *self = WCC_IMPORT_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_uint (value, self->state); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_CREATED: g_value_set_uint (value, self->created); break;
    case PROP_SKIPPED: g_value_set_uint (value, self->skipped); break;
    case PROP_REJECTED: g_value_set_uint (value, self->rejected); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_JOB_ID: g_value_set_int64 (value, self->id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_import_job_dispose (GObject *object)
{
  WccImportJob *self = WCC_IMPORT_JOB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (wcc_import_job_parent_class)->dispose (object);
}

static void
wcc_import_job_finalize (GObject *object)
{
  WccImportJob *self = WCC_IMPORT_JOB (object);

  g_free (self->message);
  g_ptr_array_unref (self->lines);
  g_hash_table_unref (self->early);
  G_OBJECT_CLASS (wcc_import_job_parent_class)->finalize (object);
}

static void
wcc_import_job_class_init (WccImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_import_job_get_property;
  object_class->dispose = wcc_import_job_dispose;
  object_class->finalize = wcc_import_job_finalize;

  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, WCC_IMPORT_FAILED, WCC_IMPORT_READING,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATED] = g_param_spec_uint ("created", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SKIPPED] = g_param_spec_uint ("skipped", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REJECTED] = g_param_spec_uint ("rejected", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_JOB_ID] = g_param_spec_int64 ("job-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_import_job_init (WccImportJob *self)
{
  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) import_line_free);
  self->early = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

WccImportJob *
wcc_import_job_new (WccSession *session,
                    GFile      *file,
                    gint64      package_id,
                    gint64      task_id)
{
  WccImportJob *self;
  WccEventStream *events;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (package_id > 0, NULL);

  self = g_object_new (WCC_TYPE_IMPORT_JOB, NULL);
  self->session = g_object_ref (session);
  self->file = g_object_ref (file);
  self->package_id = package_id;
  self->task_id = task_id;
  events = wcc_session_get_event_stream (session);
  g_signal_connect_object (events, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (on_resync), self, G_CONNECT_SWAPPED);
  g_file_load_bytes_async (file, self->cancellable, on_file_read, g_object_ref (self));
  return self;
}

WccImportState
wcc_import_job_get_state (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), WCC_IMPORT_FAILED);
  return self->state;
}

double
wcc_import_job_get_progress (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), 0.0);
  return self->progress;
}

guint
wcc_import_job_get_created (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), 0);
  return self->created;
}

guint
wcc_import_job_get_skipped (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), 0);
  return self->skipped;
}

guint
wcc_import_job_get_rejected (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), 0);
  return self->rejected;
}

const char *
wcc_import_job_get_message (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), NULL);
  return self->message;
}

gint64
wcc_import_job_get_id (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), 0);
  return self->id;
}

GPtrArray *
wcc_import_job_get_lines (WccImportJob *self)
{
  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), NULL);
  return self->lines;
}

char *
wcc_import_job_rejected_csv (WccImportJob *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (WCC_IS_IMPORT_JOB (self), NULL);

  wcc_csv_append_row (out, (const char *const[]) { "line", "reason", NULL });
  for (guint i = 0; i < self->lines->len; i++)
    {
      WccImportLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *number = NULL;

      if (!line->rejected)
        continue;
      number = g_strdup_printf ("%u", line->line);
      wcc_csv_append_row (out, (const char *const[]) { number, line->reason, NULL });
    }
  return g_string_free (out, FALSE);
}

void
wcc_import_job_cancel (WccImportJob *self)
{
  g_return_if_fail (WCC_IS_IMPORT_JOB (self));
  g_cancellable_cancel (self->cancellable);
}
