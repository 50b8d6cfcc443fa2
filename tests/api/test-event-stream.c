/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-stream.c: WccEventStream against a real wcc-server: live events, resume, resync. */
#define G_LOG_DOMAIN "test-event-stream"

#include "test-api-util.h"

typedef struct {
  GPtrArray *types;
  GArray    *seqs;
  gint64     last_user_id;
  guint      resyncs;
  gboolean   got_event;
  gboolean   got_resync;
} Recorder;

static void
on_event (WccEventStream *stream,
          const char     *type,
          gint64          seq,
          JsonNode       *data,
          Recorder       *recorder)
{
  g_ptr_array_add (recorder->types, g_strdup (type));
  g_array_append_val (recorder->seqs, seq);
  if (JSON_NODE_HOLDS_OBJECT (data))
    recorder->last_user_id = json_object_get_int_member_with_default (json_node_get_object (data), "id", 0);
  recorder->got_event = TRUE;
}

static void
on_resync (WccEventStream *stream,
           Recorder       *recorder)
{
  recorder->resyncs++;
  recorder->got_resync = TRUE;
}

static void
on_connected_notify (WccEventStream *stream,
                     GParamSpec     *pspec,
                     gboolean       *flag)
{
  *flag = TRUE;
}

static void
wait_connected (WccEventStream *stream,
                gboolean        connected)
{
  gboolean changed = FALSE;
  gulong id;

  if (wcc_event_stream_get_connected (stream) == connected)
    return;
  id = g_signal_connect (stream, "notify::connected", G_CALLBACK (on_connected_notify), &changed);
  while (wcc_event_stream_get_connected (stream) != connected)
    {
      changed = FALSE;
      wcc_test_wait_for (&changed, 15000);
    }
  g_signal_handler_disconnect (stream, id);
}

static void
recorder_init (Recorder *recorder)
{
  recorder->types = g_ptr_array_new_with_free_func (g_free);
  recorder->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->types, g_ptr_array_unref);
  g_clear_pointer (&recorder->seqs, g_array_unref);
}

static void
test_live_and_resume (void)
{
  WccTestServer *server;
  g_autoptr(WccClient) client = NULL;
  g_autoptr(WccEventStream) stream = NULL;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;
  Recorder recorder = { 0 };
  gint64 seq_before;

  wcc_test_guard_timeout (60);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  client = wcc_client_new (server->base_url);
  user = login_sync (client, "1007@demo", "wcc-1007", &error);
  g_assert_no_error (error);

  recorder_init (&recorder);
  stream = wcc_event_stream_new (client);
  g_signal_connect (stream, "event", G_CALLBACK (on_event), &recorder);
  g_signal_connect (stream, "resync", G_CALLBACK (on_resync), &recorder);
  wcc_event_stream_start (stream);
  wait_connected (stream, TRUE);
  g_assert_nonnull (wcc_event_stream_get_epoch (stream));

  /* Live: a change to the user arrives as user.updated. */
  {
    g_autoptr(WccUser) updated = update_me_sync (client, "Live", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  wcc_test_wait_for (&recorder.got_event, 10000);
  g_assert_cmpstr (g_ptr_array_index (recorder.types, 0), ==, "user.updated");
  g_assert_cmpint (recorder.last_user_id, ==, wcc_user_get_id (user));
  seq_before = wcc_event_stream_get_last_seq (stream);
  g_assert_cmpint (seq_before, ==, g_array_index (recorder.seqs, gint64, 0));

  /* Resume: what happens while stopped is delivered after start, in order. */
  wcc_event_stream_stop (stream);
  g_assert_false (wcc_event_stream_get_connected (stream));
  {
    g_autoptr(WccUser) updated = update_me_sync (client, "Missed", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  recorder.got_event = FALSE;
  wcc_event_stream_start (stream);
  wcc_test_wait_for (&recorder.got_event, 10000);
  g_assert_cmpuint (recorder.types->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (recorder.types, 1), ==, "user.updated");
  g_assert_cmpint (g_array_index (recorder.seqs, gint64, 1), >, seq_before);
  g_assert_cmpuint (recorder.resyncs, ==, 0);

  /* A dropped connection comes back by itself and still gets new events. */
  wait_connected (stream, TRUE);
  wcc_event_stream_reconnect (stream);
  g_assert_false (wcc_event_stream_get_connected (stream));
  recorder.got_event = FALSE;
  {
    g_autoptr(WccUser) updated = update_me_sync (client, "Dropped", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  wait_connected (stream, TRUE);
  wcc_test_wait_for (&recorder.got_event, 10000);
  g_assert_cmpuint (recorder.types->len, ==, 3);
  g_assert_cmpuint (recorder.resyncs, ==, 0);

  wcc_event_stream_stop (stream);
  recorder_clear (&recorder);
  wcc_test_server_stop (server);
}

static void
test_resync_after_restart (void)
{
  WccTestServer *server;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(WccClient) client = NULL;
  g_autoptr(WccEventStream) stream = NULL;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_epoch = NULL;
  Recorder recorder = { 0 };

  wcc_test_guard_timeout (90);
  data_dir = wcc_test_make_temp_dir ();
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });
  client = wcc_client_new (server->base_url);
  user = login_sync (client, "1008@demo", "wcc-1008", &error);
  g_assert_no_error (error);

  recorder_init (&recorder);
  stream = wcc_event_stream_new (client);
  g_signal_connect (stream, "resync", G_CALLBACK (on_resync), &recorder);
  wcc_event_stream_start (stream);
  wait_connected (stream, TRUE);
  first_epoch = g_strdup (wcc_event_stream_get_epoch (stream));

  /* The same data on the same port: a new epoch, so the stream must resync. */
  listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  wcc_test_server_stop (server);
  wait_connected (stream, FALSE);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, NULL });
  wcc_test_wait_for (&recorder.got_resync, 40000);
  wait_connected (stream, TRUE);
  g_assert_cmpstr (wcc_event_stream_get_epoch (stream), !=, first_epoch);

  wcc_event_stream_stop (stream);
  recorder_clear (&recorder);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
}

static void
on_session_ended (WccEventStream *stream,
                  gboolean       *flag)
{
  *flag = TRUE;
}

static void
test_session_ended (void)
{
  WccTestServer *server;
  g_autoptr(WccClient) client = NULL;
  g_autoptr(WccEventStream) stream = NULL;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };
  gboolean ended = FALSE;

  wcc_test_guard_timeout (60);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  client = wcc_client_new (server->base_url);
  user = login_sync (client, "1009@demo", "wcc-1009", &error);
  g_assert_no_error (error);

  stream = wcc_event_stream_new (client);
  g_signal_connect (stream, "session-ended", G_CALLBACK (on_session_ended), &ended);
  wcc_event_stream_start (stream);
  wait_connected (stream, TRUE);

  /* Logging this session out ends its stream: no reconnecting with a dead token. */
  wcc_client_logout_async (client, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  g_assert_true (wcc_client_logout_finish (client, result, &error));
  g_assert_no_error (error);
  wcc_test_wait_for (&ended, 10000);
  g_assert_false (wcc_event_stream_get_connected (stream));

  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-stream/live-and-resume", test_live_and_resume);
  g_test_add_func ("/event-stream/resync-after-restart", test_resync_after_restart);
  g_test_add_func ("/event-stream/session-ended", test_session_ended);

  return g_test_run ();
}
