/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-events.c: the WebSocket event stream: auth, delivery, resume, resync, tenancy. */
#include "wcc-test-api.h"
#include "wcc-test-util.h"

typedef struct {
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;   /* of JsonObject */
  gboolean                 closed;
  gushort                  close_code;
} Stream;

static void
fixture_setup (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_setup (fixture, data);
}

static void
fixture_teardown (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_teardown (fixture);
}

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            Stream                  *stream)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  JsonObject *object = wcc_json_parse_object (data, length, NULL);

  g_assert_nonnull (object);
  g_ptr_array_add (stream->messages, object);
}

static void
on_closed (SoupWebsocketConnection *connection,
           Stream                  *stream)
{
  stream->closed = TRUE;
  stream->close_code = soup_websocket_connection_get_close_code (connection);
}

typedef struct {
  SoupWebsocketConnection *connection;
  GError                  *error;
  gboolean                 done;
} ConnectState;

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ConnectState *state = user_data;

  state->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &state->error);
  state->done = TRUE;
}

/* Opens the stream; @query like "?after=3&epoch=E" or "". NULL and *@out_status on refusal. */
static Stream *
stream_open (ApiFixture *fixture,
             const char *token,
             const char *query,
             guint      *out_status)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/events%s", fixture->base_url, query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  ConnectState state = { 0 };
  Stream *stream;

  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  soup_session_websocket_connect_async (fixture->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_connected, &state);
  wcc_test_wait_for (&state.done, 10000);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  if (state.connection == NULL)
    {
      g_clear_error (&state.error);
      return NULL;
    }
  stream = g_new0 (Stream, 1);
  stream->connection = state.connection;
  stream->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_signal_connect (stream->connection, "message", G_CALLBACK (on_message), stream);
  g_signal_connect (stream->connection, "closed", G_CALLBACK (on_closed), stream);
  return stream;
}

static void
stream_wait_messages (Stream *stream,
                      guint   count)
{
  gboolean timed_out = FALSE;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (stream->messages->len < count && !timed_out)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        timed_out = TRUE;
      if (stream->messages->len < count)
        g_usleep (1000);
    }
  g_assert_cmpuint (stream->messages->len, >=, count);
}

static void
stream_close (Stream *stream)
{
  if (!stream->closed)
    {
      soup_websocket_connection_close (stream->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      wcc_test_wait_for (&stream->closed, 5000);
    }
  g_signal_handlers_disconnect_by_data (stream->connection, stream);
  g_object_unref (stream->connection);
  g_ptr_array_unref (stream->messages);
  g_free (stream);
}

static JsonObject *
message_at (Stream *stream,
            guint   index)
{
  return g_ptr_array_index (stream->messages, index);
}

static void
rename_me (ApiFixture *fixture,
           const char *token,
           int         n)
{
  g_autofree char *body = g_strdup_printf ("{\"given_name\": \"Name %d\"}", n);
  g_autoptr(ApiResponse) response = api_json (fixture, "PATCH", "/api/v1/me", token, body);

  g_assert_cmpuint (response->status, ==, 200);
}

static void
test_refused_without_login (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) plain = api_request (fixture, "GET", "/api/v1/events", token, NULL, NULL, 0);
  guint status = 0;

  /* A plain request (no upgrade) gets a JSON error. */
  g_assert_cmpuint (plain->status, ==, 400);
  g_assert_cmpstr (api_error_code (plain), ==, "invalid_field");

  g_assert_null (stream_open (fixture, NULL, "", &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (stream_open (fixture, "bogus", "", &status));
  g_assert_cmpuint (status, ==, 401);
}

static void
test_live_events (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *leader = api_login (fixture, "2001@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (fixture, "1001@acme", TEST_PASSWORD);
  Stream *stream = stream_open (fixture, leader, "", NULL);
  Stream *other_client = stream_open (fixture, acme, "", NULL);
  JsonObject *event;

  stream_wait_messages (stream, 1);
  g_assert_cmpstr (json_object_get_string_member (message_at (stream, 0), "type"), ==, "hello");
  g_assert_cmpint (json_object_get_int_member (message_at (stream, 0), "seq"), ==, 0);

  rename_me (fixture, token, 1);
  stream_wait_messages (stream, 2);
  event = message_at (stream, 1);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "user.updated");
  g_assert_cmpint (json_object_get_int_member (event, "seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "given_name"),
                   ==, "Name 1");

  /* The other client's stream heard nothing but its hello. */
  stream_wait_messages (other_client, 1);
  g_assert_cmpuint (other_client->messages->len, ==, 1);

  /* A password change closes the streams of the user's other sessions. */
  {
    g_autofree char *second = api_login (fixture, "1001@demo", TEST_PASSWORD);
    Stream *old_device = stream_open (fixture, token, "", NULL);
    g_autoptr(ApiResponse) change = api_json (fixture, "PATCH", "/api/v1/me", second,
                                              "{\"password\": \"new-secret-42\", \"current_password\": \"" TEST_PASSWORD "\"}");

    g_assert_cmpuint (change->status, ==, 200);
    wcc_test_wait_for (&old_device->closed, 5000);
    g_assert_cmpuint (old_device->close_code, ==, 4001);
    stream_close (old_device);
  }

  /* Logging out closes the session's streams. */
  {
    g_autoptr(ApiResponse) out = api_request (fixture, "POST", "/api/v1/logout", leader, NULL, NULL, 0);
    g_assert_cmpuint (out->status, ==, 204);
  }
  wcc_test_wait_for (&stream->closed, 5000);
  g_assert_cmpuint (stream->close_code, ==, 4001);
  stream_close (stream);
  stream_close (other_client);
}

/* A dropped connection loses nothing: the reconnect gets every missed event, in order. */
static void
test_resume_after_drop (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *epoch = NULL;
  g_autofree char *query = NULL;
  Stream *stream = stream_open (fixture, token, "", NULL);
  gint64 last_seq;

  stream_wait_messages (stream, 1);
  epoch = g_strdup (json_object_get_string_member (message_at (stream, 0), "epoch"));
  rename_me (fixture, token, 1);
  rename_me (fixture, token, 2);
  stream_wait_messages (stream, 3);
  last_seq = json_object_get_int_member (message_at (stream, 2), "seq");
  g_assert_cmpint (last_seq, ==, 2);

  /* The network goes away without a close handshake. */
  g_io_stream_close (soup_websocket_connection_get_io_stream (stream->connection), NULL, NULL);
  stream_close (stream);

  for (int i = 3; i <= 7; i++)
    rename_me (fixture, token, i);

  query = g_strdup_printf ("?after=%" G_GINT64_FORMAT "&epoch=%s", last_seq, epoch);
  stream = stream_open (fixture, token, query, NULL);
  stream_wait_messages (stream, 6);
  g_assert_cmpstr (json_object_get_string_member (message_at (stream, 0), "type"), ==, "hello");
  for (guint i = 1; i <= 5; i++)
    {
      JsonObject *event = message_at (stream, i);
      g_autofree char *name = g_strdup_printf ("Name %u", i + 2);

      g_assert_cmpint (json_object_get_int_member (event, "seq"), ==, last_seq + i);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "given_name"),
                       ==, name);
    }
  /* And live events follow the replay. */
  rename_me (fixture, token, 8);
  stream_wait_messages (stream, 7);
  g_assert_cmpint (json_object_get_int_member (message_at (stream, 6), "seq"), ==, 8);
  stream_close (stream);
}

/* When the missed events are no longer held (buffer of 3 here), or the server restarted
 * (another epoch), the client is told to resync instead. */
static void
test_resync (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  const char *epoch = wcc_event_hub_get_epoch (wcc_server_get_hub (fixture->server));
  g_autofree char *too_old = NULL;
  g_autofree char *recent = NULL;
  Stream *stream;

  for (int i = 1; i <= 6; i++)
    rename_me (fixture, token, i);

  too_old = g_strdup_printf ("?after=1&epoch=%s", epoch);
  stream = stream_open (fixture, token, too_old, NULL);
  stream_wait_messages (stream, 2);
  g_assert_cmpstr (json_object_get_string_member (message_at (stream, 1), "type"), ==, "resync");
  g_assert_cmpint (json_object_get_int_member (message_at (stream, 1), "seq"), ==, 6);
  stream_close (stream);

  stream = stream_open (fixture, token, "?after=5&epoch=another-run", NULL);
  stream_wait_messages (stream, 2);
  g_assert_cmpstr (json_object_get_string_member (message_at (stream, 1), "type"), ==, "resync");
  stream_close (stream);

  /* Within the buffer: a replay, no resync. */
  recent = g_strdup_printf ("?after=3&epoch=%s", epoch);
  stream = stream_open (fixture, token, recent, NULL);
  stream_wait_messages (stream, 4);
  g_assert_cmpint (json_object_get_int_member (message_at (stream, 1), "seq"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (message_at (stream, 3), "seq"), ==, 6);
  stream_close (stream);

  {
    guint status = 0;
    g_assert_null (stream_open (fixture, token, "?after=-4", &status));
    g_assert_cmpuint (status, ==, 400);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (60);
#define ADD(path, func, config) \
  g_test_add (path, ApiFixture, config, fixture_setup, func, fixture_teardown)
  ADD ("/events/refused-without-login", test_refused_without_login, NULL);
  ADD ("/events/live", test_live_events, NULL);
  ADD ("/events/resume-after-drop", test_resume_after_drop, NULL);
  ADD ("/events/resync", test_resync, "[events]\nbuffer=3\n");
#undef ADD
  return g_test_run ();
}
