/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-import.c: customer imports over the API: a client admin posts a CSV file, the
 * server imports it a batch per main-loop turn (requests go on being served) and reports
 * the progress on the job resource and on the event stream (import.progress, at most every
 * 250 ms, then import.finished). */
#define G_LOG_DOMAIN "wcc-api-import"

#include <glib/gi18n-lib.h>

#include "wcc-customer-import.h"
#include "wcc-http-private.h"

/* Lines per batch: one transaction each, a few milliseconds of the loop. */
#define IMPORT_BATCH 100
/* Rejected and skipped lines shown with the job. */
#define JOB_MAX_LINES 1000
/* import.progress at most this often (µs): the first batch's at once, then a few a second. */
#define PROGRESS_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  WccCustomerImport *import;
  WccStore          *store;
  WccEventHub       *hub;
  gint64             client_id;
  gint64             user_id;
  gint64             progress_sent_at;  /* monotonic µs of the last import.progress, 0: none */
} ImportRun;

static JsonObject *
job_to_json (WccStoreImportJob *job)
{
  JsonObject *object = json_object_new ();
  JsonArray *lines = json_array_new ();

  json_object_set_int_member (object, "id", job->id);
  json_object_set_int_member (object, "package_id", job->package_id);
  wcc_json_set_id_or_null (object, "task_id", job->task_id);
  wcc_json_set_id_or_null (object, "user_id", job->user_id);
  json_object_set_string_member (object, "state", wcc_import_state_to_string (job->state));
  json_object_set_double_member (object, "progress", job->progress);
  json_object_set_int_member (object, "lines_done", job->lines_done);
  json_object_set_int_member (object, "created", job->created);
  json_object_set_int_member (object, "skipped", job->skipped);
  json_object_set_int_member (object, "rejected", job->rejected);
  json_object_set_string_member (object, "message", job->message);
  for (guint i = 0; i < job->lines->len; i++)
    {
      WccStoreImportLine *line = g_ptr_array_index (job->lines, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "line", line->line);
      json_object_set_string_member (item, "outcome", line->rejected ? "rejected" : "skipped");
      json_object_set_string_member (item, "reason", line->reason);
      json_array_add_object_element (lines, item);
    }
  json_object_set_array_member (object, "lines", lines);
  wcc_json_set_time_or_null (object, "created_at", job->created_at);
  wcc_json_set_time_or_null (object, "finished_at", job->finished_at);
  return object;
}

static void
import_run_free (ImportRun *run)
{
  wcc_customer_import_free (run->import);
  g_object_unref (run->store);
  g_object_unref (run->hub);
  g_free (run);
}

/* The job as it is now (its counts, no lines) to the user who started it, as @type. */
static void
import_run_publish (ImportRun  *run,
                    const char *type)
{
  g_autoptr(WccStoreImportJob) job = NULL;
  JsonNode *data;

  job = wcc_store_import_job_find (run->store, run->client_id, wcc_customer_import_get_job_id (run->import), 0);
  if (job == NULL)
    return;
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (data, job_to_json (job));
  wcc_event_hub_publish (run->hub, run->client_id, run->user_id, type, data);
}

static gboolean
import_run_step (gpointer user_data)
{
  ImportRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (wcc_customer_import_step (run->import, IMPORT_BATCH, &error))
    {
      gint64 now = g_get_monotonic_time ();

      /* Pushed, throttled: a progress bar follows the job without polling it. */
      if (run->progress_sent_at == 0 || now - run->progress_sent_at >= PROGRESS_INTERVAL_US)
        {
          run->progress_sent_at = now;
          import_run_publish (run, "import.progress");
        }
      return G_SOURCE_CONTINUE;
    }
  if (error != NULL)
    g_warning ("Import %" G_GINT64_FORMAT " failed: %s", wcc_customer_import_get_job_id (run->import), error->message);
  import_run_publish (run, "import.finished");
  return G_SOURCE_REMOVE;
}

static gboolean
content_type_is_csv (WccRequest *request)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (request->msg),
                                                            NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "text/csv") == 0 || g_ascii_strcasecmp (type, "text/plain") == 0);
}

void
wcc_api_import_create (WccRequest *request)
{
  g_autoptr(WccStorePackage) package = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreImportJob) job = NULL;
  g_autofree char *location = NULL;
  const char *task_text = request->query ? g_hash_table_lookup (request->query, "task") : NULL;
  guint64 task_id = 0;
  ImportRun *run;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator imports customers")))
    return;
  if ((package = wcc_store_package_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer package"));
      return;
    }
  if (task_text != NULL && !g_ascii_string_to_unsigned (task_text, 10, 1, G_MAXINT64, &task_id, NULL))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“task” must be an id"));
      return;
    }
  if (!content_type_is_csv (request))
    {
      wcc_reply_error (request, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE, _("Send the file as text/csv"));
      return;
    }
  csv = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  run = g_new0 (ImportRun, 1);
  run->import = wcc_customer_import_new (request->store, request->user->client_id, request->user->id, request->id,
                                         (gint64) task_id, csv, &error);
  if (run->import == NULL)
    {
      g_free (run);
      wcc_reply_gerror (request, error);
      return;
    }
  run->store = g_object_ref (request->store);
  run->hub = g_object_ref (request->hub);
  run->client_id = request->user->client_id;
  run->user_id = request->user->id;
  /* A batch per turn of the loop, at the requests' priority: they are served between two
   * batches, and a steady stream of them cannot starve the import (at a lower priority it
   * never ran while requests kept coming). */
  g_idle_add_full (G_PRIORITY_DEFAULT, import_run_step, run, (GDestroyNotify) import_run_free);

  job = wcc_store_import_job_find (request->store, request->user->client_id,
                                   wcc_customer_import_get_job_id (run->import), 0);
  location = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, job->id);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location", location);
  wcc_reply_object (request, SOUP_STATUS_ACCEPTED, job_to_json (job));
}

void
wcc_api_import_get (WccRequest *request)
{
  g_autoptr(WccStoreImportJob) job = NULL;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator imports customers")))
    return;
  job = wcc_store_import_job_find (request->store, request->user->client_id, request->id, JOB_MAX_LINES);
  if (job == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such import"));
  else
    wcc_reply_object (request, SOUP_STATUS_OK, job_to_json (job));
}
