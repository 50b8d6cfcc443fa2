/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-events.c: the WebSocket event stream: auth, delivery, resume, resync, tenancy. */
#include "wcc-test-api.h"
#include "wcc-test-util.h"

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

  g_assert_null (api_stream_open (fixture, NULL, "", &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (api_stream_open (fixture, "bogus", "", &status));
  g_assert_cmpuint (status, ==, 401);
}

static void
test_live_events (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *leader = api_login (fixture, "2001@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (fixture, "1001@acme", TEST_PASSWORD);
  ApiStream *stream = api_stream_open (fixture, leader, "", NULL);
  ApiStream *other_client = api_stream_open (fixture, acme, "", NULL);
  JsonObject *event;

  api_stream_wait_messages (stream, 1);
  g_assert_cmpstr (json_object_get_string_member (api_stream_message (stream, 0), "type"), ==, "hello");
  g_assert_cmpint (json_object_get_int_member (api_stream_message (stream, 0), "seq"), ==, 0);

  rename_me (fixture, token, 1);
  api_stream_wait_messages (stream, 2);
  event = api_stream_message (stream, 1);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "user.updated");
  g_assert_cmpint (json_object_get_int_member (event, "seq"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "given_name"),
                   ==, "Name 1");

  /* The other client's stream heard nothing but its hello. */
  api_stream_wait_messages (other_client, 1);
  g_assert_cmpuint (other_client->messages->len, ==, 1);

  /* A password change closes the streams of the user's other sessions. */
  {
    g_autofree char *second = api_login (fixture, "1001@demo", TEST_PASSWORD);
    ApiStream *old_device = api_stream_open (fixture, token, "", NULL);
    g_autoptr(ApiResponse) change = api_json (fixture, "PATCH", "/api/v1/me", second,
                                              "{\"password\": \"new-secret-42\", \"current_password\": \"" TEST_PASSWORD "\"}");

    g_assert_cmpuint (change->status, ==, 200);
    wcc_test_wait_for (&old_device->closed, 5000);
    g_assert_cmpuint (old_device->close_code, ==, 4001);
    api_stream_close (old_device);
  }

  /* Logging out closes the session's streams. */
  {
    g_autoptr(ApiResponse) out = api_request (fixture, "POST", "/api/v1/logout", leader, NULL, NULL, 0);
    g_assert_cmpuint (out->status, ==, 204);
  }
  wcc_test_wait_for (&stream->closed, 5000);
  g_assert_cmpuint (stream->close_code, ==, 4001);
  api_stream_close (stream);
  api_stream_close (other_client);
}

/* A dropped connection loses nothing: the reconnect gets every missed event, in order. */
static void
test_resume_after_drop (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *epoch = NULL;
  g_autofree char *query = NULL;
  ApiStream *stream = api_stream_open (fixture, token, "", NULL);
  gint64 last_seq;

  api_stream_wait_messages (stream, 1);
  epoch = g_strdup (json_object_get_string_member (api_stream_message (stream, 0), "epoch"));
  rename_me (fixture, token, 1);
  rename_me (fixture, token, 2);
  api_stream_wait_messages (stream, 3);
  last_seq = json_object_get_int_member (api_stream_message (stream, 2), "seq");
  g_assert_cmpint (last_seq, ==, 2);

  /* The network goes away without a close handshake. */
  g_io_stream_close (soup_websocket_connection_get_io_stream (stream->connection), NULL, NULL);
  api_stream_close (stream);

  for (int i = 3; i <= 7; i++)
    rename_me (fixture, token, i);

  query = g_strdup_printf ("?after=%" G_GINT64_FORMAT "&epoch=%s", last_seq, epoch);
  stream = api_stream_open (fixture, token, query, NULL);
  api_stream_wait_messages (stream, 6);
  g_assert_cmpstr (json_object_get_string_member (api_stream_message (stream, 0), "type"), ==, "hello");
  for (guint i = 1; i <= 5; i++)
    {
      JsonObject *event = api_stream_message (stream, i);
      g_autofree char *name = g_strdup_printf ("Name %u", i + 2);

      g_assert_cmpint (json_object_get_int_member (event, "seq"), ==, last_seq + i);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "given_name"),
                       ==, name);
    }
  /* And live events follow the replay. */
  rename_me (fixture, token, 8);
  api_stream_wait_messages (stream, 7);
  g_assert_cmpint (json_object_get_int_member (api_stream_message (stream, 6), "seq"), ==, 8);
  api_stream_close (stream);
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
  ApiStream *stream;

  for (int i = 1; i <= 6; i++)
    rename_me (fixture, token, i);

  too_old = g_strdup_printf ("?after=1&epoch=%s", epoch);
  stream = api_stream_open (fixture, token, too_old, NULL);
  api_stream_wait_messages (stream, 2);
  g_assert_cmpstr (json_object_get_string_member (api_stream_message (stream, 1), "type"), ==, "resync");
  g_assert_cmpint (json_object_get_int_member (api_stream_message (stream, 1), "seq"), ==, 6);
  api_stream_close (stream);

  stream = api_stream_open (fixture, token, "?after=5&epoch=another-run", NULL);
  api_stream_wait_messages (stream, 2);
  g_assert_cmpstr (json_object_get_string_member (api_stream_message (stream, 1), "type"), ==, "resync");
  api_stream_close (stream);

  /* Within the buffer: a replay, no resync. */
  recent = g_strdup_printf ("?after=3&epoch=%s", epoch);
  stream = api_stream_open (fixture, token, recent, NULL);
  api_stream_wait_messages (stream, 4);
  g_assert_cmpint (json_object_get_int_member (api_stream_message (stream, 1), "seq"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (api_stream_message (stream, 3), "seq"), ==, 6);
  api_stream_close (stream);

  {
    guint status = 0;
    g_assert_null (api_stream_open (fixture, token, "?after=-4", &status));
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
