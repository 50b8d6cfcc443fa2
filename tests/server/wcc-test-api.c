/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-api.c: an in-process wcc-server on a loopback port and a real HTTP client for it. */
#include <glib/gstdio.h>

#include "wcc-password.h"
#include "wcc-test-api.h"
#include "wcc-test-util.h"

void
api_response_free (ApiResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_object_unref);
  g_free (response->content_type);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

static const char *
password_hash (void)
{
  static char *hash = NULL;

  if (hash == NULL)
    hash = wcc_password_hash_sync (TEST_PASSWORD, NULL);
  return hash;
}

static gint64
add_user (WccStore   *store,
          gint64      client_id,
          const char *employee_id,
          WccRoles    roles)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_user_create (store, client_id, employee_id, "Test", employee_id, roles,
                                     password_hash (), &error);
  g_assert_no_error (error);
  return id;
}

void
api_fixture_setup (ApiFixture *fixture,
                   const char *config_text)
{
  g_autoptr(WccConfig) config = wcc_config_new_default ();
  g_autoptr(GError) error = NULL;
  gint64 group_id;

  fixture->data_dir = wcc_test_make_temp_dir ();
  if (config_text != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->data_dir, "test.conf", NULL);
      g_assert_true (g_file_set_contents (path, config_text, -1, NULL));
      g_assert_true (wcc_config_load_file (config, path, &error));
      g_assert_no_error (error);
    }
  g_free (config->data_dir);
  config->data_dir = g_strdup (fixture->data_dir);
  config->listen_port = 0;
  config->sip_port = 0;

  fixture->server = wcc_server_new (g_steal_pointer (&config));
  g_assert_true (wcc_server_start (fixture->server, &error));
  g_assert_no_error (error);
  fixture->store = wcc_server_get_store (fixture->server);
  fixture->base_url = wcc_server_get_url (fixture->server);

  fixture->demo_client_id = wcc_store_client_create (fixture->store, "demo", "Demo Company", &error);
  fixture->acme_client_id = wcc_store_client_create (fixture->store, "acme", "ACME Ltd", &error);
  g_assert_no_error (error);
  fixture->agent_id = add_user (fixture->store, fixture->demo_client_id, "1001", WCC_ROLE_AGENT);
  fixture->leader_id = add_user (fixture->store, fixture->demo_client_id, "2001", WCC_ROLE_AGENT | WCC_ROLE_LEADER);
  add_user (fixture->store, fixture->demo_client_id, "admin", WCC_ROLE_CLIENT_ADMIN);
  fixture->acme_agent_id = add_user (fixture->store, fixture->acme_client_id, "1001", WCC_ROLE_AGENT);
  group_id = wcc_store_group_create (fixture->store, fixture->demo_client_id, "Sales", &error);
  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo_client_id, group_id,
                                             fixture->leader_id, TRUE, &error));
  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo_client_id, group_id,
                                             fixture->agent_id, FALSE, &error));
  g_assert_no_error (error);
  /* A group may not take a member of another client. */
  g_assert_false (wcc_store_group_add_member (fixture->store, fixture->demo_client_id, group_id,
                                              fixture->acme_agent_id, FALSE, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);

  fixture->session = soup_session_new_with_options ("timeout", 20, NULL);
}

void
api_fixture_teardown (ApiFixture *fixture)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  wcc_test_remove_dir (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->base_url);
}

typedef struct {
  GBytes  *body;
  GError  *error;
  gboolean done;
} SendState;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendState *state = user_data;

  state->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &state->error);
  state->done = TRUE;
}

ApiResponse *
api_request (ApiFixture   *fixture,
             const char   *method,
             const char   *path,
             const char   *token,
             const char   *content_type,
             gconstpointer body,
             gsize         length)
{
  return api_request_full (fixture, method, path, token, content_type, body, length, NULL);
}

ApiResponse *
api_request_full (ApiFixture         *fixture,
                  const char         *method,
                  const char         *path,
                  const char         *token,
                  const char         *content_type,
                  gconstpointer       body,
                  gsize               length,
                  const char * const *headers)
{
  g_autofree char *url = g_strconcat (fixture->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  ApiResponse *response = g_new0 (ApiResponse, 1);
  SendState state = { 0 };
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &state);
  wcc_test_wait_for (&state.done, 30000);
  g_assert_no_error (state.error);

  response->status = soup_message_get_status (msg);
  response->body = state.body;
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  response->content_type = g_strdup (type);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (state.body, &size);
      response->json = wcc_json_parse_object (data, size, NULL);
      g_assert_nonnull (response->json);
    }
  return response;
}

ApiResponse *
api_json (ApiFixture *fixture,
          const char *method,
          const char *path,
          const char *token,
          const char *json)
{
  return api_request (fixture, method, path, token, "application/json", json, json ? strlen (json) : 0);
}

char *
api_login (ApiFixture *fixture,
           const char *account,
           const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"account\": \"%s\", \"password\": \"%s\"}", account, password);
  g_autoptr(ApiResponse) response = api_json (fixture, "POST", "/api/v1/login", NULL, body);

  g_assert_cmpuint (response->status, ==, 200);
  return g_strdup (json_object_get_string_member (response->json, "token"));
}

const char *
api_error_code (ApiResponse *response)
{
  JsonObject *error;

  g_assert_nonnull (response->json);
  g_assert_true (json_object_has_member (response->json, "error"));
  error = json_object_get_object_member (response->json, "error");
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

/* The event stream */

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            ApiStream               *stream)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  JsonObject *object = wcc_json_parse_object (data, length, NULL);

  g_assert_nonnull (object);
  g_ptr_array_add (stream->messages, object);
}

static void
on_closed (SoupWebsocketConnection *connection,
           ApiStream               *stream)
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

ApiStream *
api_stream_open (ApiFixture *fixture,
                 const char *token,
                 const char *query,
                 guint      *out_status)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/events%s", fixture->base_url, query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  ConnectState state = { 0 };
  ApiStream *stream;

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
  stream = g_new0 (ApiStream, 1);
  stream->connection = state.connection;
  stream->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_signal_connect (stream->connection, "message", G_CALLBACK (on_message), stream);
  g_signal_connect (stream->connection, "closed", G_CALLBACK (on_closed), stream);
  return stream;
}

void
api_stream_wait_messages (ApiStream *stream,
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

void
api_stream_close (ApiStream *stream)
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

JsonObject *
api_stream_message (ApiStream *stream,
            guint   index)
{
  return g_ptr_array_index (stream->messages, index);
}


JsonObject *
api_stream_wait_event (ApiStream  *stream,
                       const char *type,
                       guint       from)
{
  for (guint count = from + 1;; count++)
    {
      JsonObject *message;

      api_stream_wait_messages (stream, count);
      message = api_stream_message (stream, count - 1);
      if (g_strcmp0 (json_object_get_string_member_with_default (message, "type", NULL), type) == 0)
        return message;
    }
}
