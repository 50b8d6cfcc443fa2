/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-recordings.c: call recordings (C15): the agent's softphone uploads the Ogg file it
 * recorded, the server keeps it in its data folder and plays it back to those who see the call. */
#define G_LOG_DOMAIN "wcc-api-recordings"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wcc-http-private.h"

/* Bytes read from the file per chunk of a download. */
#define FILE_CHUNK (64 * 1024)

/* Who may hear a call: the agents on it, a leader of its group or of its agent, the client
 * administrator. */
static gboolean
recording_visible (WccRequest   *request,
                   WccStoreCall *call)
{
  gint64 client_id = request->user->client_id, user_id = request->user->id;

  if (wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) || wcc_api_call_involves (call, user_id))
    return TRUE;
  if (!wcc_request_has_role (request, WCC_ROLE_LEADER))
    return FALSE;
  return (call->group_id != 0 && wcc_store_group_is_leader (request->store, call->group_id, user_id)) ||
         (call->agent_id != 0 && wcc_store_user_leads_user (request->store, client_id, user_id, call->agent_id));
}

/* The call of the path when the caller sees it; replies 404 (also for another client's
 * call, and when the server keeps no recordings) otherwise. */
static WccStoreCall *
find_call (WccRequest  *request,
           const char **out_dir)
{
  const char *dir = wcc_http_server_get_recordings_dir (request->server);
  WccStoreCall *call = wcc_store_call_find (request->store, request->user->client_id, request->id);

  if (dir == NULL || call == NULL || !recording_visible (request, call))
    {
      g_clear_pointer (&call, wcc_store_call_free);
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such call"));
      return NULL;
    }
  *out_dir = dir;
  return call;
}

static char *
recording_path (const char *dir,
                gint64      call_id)
{
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".ogg", call_id);

  return g_build_filename (dir, name, NULL);
}

static JsonObject *
recording_to_json (const WccStoreCallRecording *recording)
{
  JsonObject *object = json_object_new ();
  g_autofree char *url = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording", recording->call_id);

  json_object_set_int_member (object, "call_id", recording->call_id);
  json_object_set_int_member (object, "size", recording->size);
  if (recording->duration > 0)
    json_object_set_int_member (object, "duration", recording->duration);
  else
    json_object_set_null_member (object, "duration");
  wcc_json_set_id_or_null (object, "uploaded_by", recording->uploaded_by);
  wcc_json_set_time_or_null (object, "uploaded_at", recording->uploaded_at);
  json_object_set_string_member (object, "url", url);
  return object;
}

/* Writes @bytes to a new owner-only file of @dir, then renames it to @path: a failed write
 * never leaves a partial file in place of a good one. On a worker thread. */
static gboolean
write_file_atomically (const char  *dir,
                       const char  *path,
                       GBytes      *bytes,
                       GError     **error)
{
  g_autofree char *temp = g_build_filename (dir, ".upload-XXXXXX", NULL);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  int fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
  int saved = 0;

  if (fd < 0)
    {
      saved = errno;
      goto fail;
    }
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          saved = errno;
          break;
        }
      data += written;
      length -= written;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (!g_close (fd, NULL) && saved == 0)
    saved = EIO;
  if (saved == 0 && g_rename (temp, path) != 0)
    saved = errno;
  if (saved == 0)
    return TRUE;
  g_unlink (temp);

fail:
  g_warning ("Cannot write %s: %s", path, g_strerror (saved));
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("Cannot keep the file"));
  return FALSE;
}

typedef struct {
  char   *dir;
  char   *path;
  GBytes *bytes;
} FileWrite;

static void
file_write_free (FileWrite *write)
{
  g_free (write->dir);
  g_free (write->path);
  g_bytes_unref (write->bytes);
  g_free (write);
}

static void
write_file_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FileWrite *write = task_data;
  GError *error = NULL;

  if (write_file_atomically (write->dir, write->path, write->bytes, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wcc_api_write_file_async (const char          *dir,
                          const char          *path,
                          GBytes              *bytes,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  FileWrite *write = g_new0 (FileWrite, 1);

  write->dir = g_strdup (dir);
  write->path = g_strdup (path);
  write->bytes = g_bytes_ref (bytes);
  g_task_set_source_tag (task, wcc_api_write_file_async);
  g_task_set_task_data (task, write, (GDestroyNotify) file_write_free);
  g_task_run_in_thread (task, write_file_thread);
}

gboolean
wcc_api_write_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Optional ?duration=SECONDS the softphone measured while recording. */
static gboolean
read_duration (WccRequest *request,
               gint64     *out)
{
  const char *text = wcc_api_query_text (request, "duration");
  guint64 duration = 0;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, 7 * 24 * 3600, &duration, NULL))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“duration” must be a number of seconds"));
      return FALSE;
    }
  *out = duration;
  return TRUE;
}

typedef struct {
  WccRequest            *request;
  char                  *path;
  gboolean               replacing;
  WccStoreCallRecording  recording;
} RecordingUpload;

static void
on_recording_written (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RecordingUpload *upload = user_data;
  WccRequest *request = upload->request;
  g_autoptr(GError) error = NULL;

  if (!wcc_api_write_file_finish (result, &error))
    wcc_reply_gerror (request, error);
  else
    {
      upload->recording.uploaded_by = request->user->id;
      upload->recording.uploaded_at = wcc_request_now (request);
      if (wcc_store_call_recording_save (request->store, request->user->client_id, &upload->recording, &error))
        wcc_reply_object (request, upload->replacing ? SOUP_STATUS_OK : SOUP_STATUS_CREATED,
                          recording_to_json (&upload->recording));
      else
        {
          /* No row names a new file: take it away again. (A replaced one keeps its row.) */
          if (!upload->replacing)
            g_unlink (upload->path);
          wcc_reply_gerror (request, error);
        }
    }
  g_free (upload->path);
  g_free (upload);
  wcc_request_resume (request);
}

void
wcc_api_call_recording_put (WccRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(GBytes) ogg = NULL;
  RecordingUpload *upload;
  WccStoreCallRecording previous = { 0 };
  WccStoreCallRecording recording = { 0 };
  gboolean replacing;
  const char *dir = NULL;
  gsize length = 0;
  const char *data;

  if ((call = find_call (request, &dir)) == NULL)
    return;
  /* Only a softphone that was on the call has its sound. */
  if (!wcc_api_call_involves (call, request->user->id))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only the agents on a call can upload its recording"));
      return;
    }
  ogg = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  data = g_bytes_get_data (ogg, &length);
  if (g_strcmp0 (content_type, "audio/ogg") != 0 || length < 4 || memcmp (data, "OggS", 4) != 0)
    {
      wcc_reply_error (request, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE, _("A recording must be an Ogg file (audio/ogg)"));
      return;
    }
  if (!read_duration (request, &recording.duration))
    return;
  /* An uploader may send their recording again (a retry after a lost answer, a file
   * finished later); another agent of the call may not replace it. */
  replacing = wcc_store_call_recording_find (request->store, request->user->client_id, call->id, &previous);
  if (replacing && previous.uploaded_by != request->user->id)
    {
      wcc_reply_error (request, WCC_ERROR_CONFLICT, _("This call already has a recording, uploaded by someone else"));
      return;
    }

  upload = g_new0 (RecordingUpload, 1);
  upload->request = request;
  upload->path = recording_path (dir, call->id);
  upload->replacing = replacing;
  upload->recording = recording;
  upload->recording.call_id = call->id;
  upload->recording.size = length;
  wcc_request_pause (request);
  wcc_api_write_file_async (dir, upload->path, ogg, on_recording_written, upload);
}

typedef struct {
  int fd;
} FileDownload;

static void
file_download_free (FileDownload *download)
{
  if (download->fd >= 0)
    g_close (download->fd, NULL);
  g_free (download);
}

static gboolean
file_fill (WccRequest *request,
           gpointer    data,
           GString    *out)
{
  FileDownload *download = data;
  gssize got;

  g_string_set_size (out, FILE_CHUNK);
  do
    got = read (download->fd, out->str, FILE_CHUNK);
  while (got < 0 && errno == EINTR);
  if (got < 0)
    {
      /* The status is sent already: a short body is all that can tell the client. */
      g_warning ("Cannot read a file to send: %s", g_strerror (errno));
      got = 0;
    }
  g_string_set_size (out, got);
  return got > 0;
}

/* Streams the open file @fd (taken), a chunk per part. */
void
wcc_reply_file (WccRequest *request,
                int         fd,
                const char *content_type,
                const char *filename)
{
  FileDownload *download = g_new0 (FileDownload, 1);

  download->fd = fd;
  wcc_reply_stream (request, content_type, filename, file_fill, download, (GDestroyNotify) file_download_free);
}

void
wcc_api_call_recording_get (WccRequest *request)
{
  g_autoptr(WccStoreCall) call = NULL;
  g_autofree char *path = NULL;
  WccStoreCallRecording recording;
  const char *dir = NULL;
  int fd;

  if ((call = find_call (request, &dir)) == NULL)
    return;
  if (!wcc_store_call_recording_find (request->store, request->user->client_id, call->id, &recording))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("This call has no recording"));
      return;
    }
  path = recording_path (dir, call->id);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_warning ("Cannot open the recording %s: %s", path, g_strerror (errno));
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("This call has no recording"));
      return;
    }
  wcc_reply_file (request, fd, "audio/ogg", NULL);
}
