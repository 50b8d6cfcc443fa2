/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-agent.c: an agent's side of a real wcc-server's HTTP API, for call tests. */
#define G_LOG_DOMAIN "wcc-test"

#include <libsoup/soup.h>
#include <string.h>

#include "wcc-test-agent.h"

JsonObject *
wcc_test_api_request (WccTestServer *server,
                      const char    *method,
                      const char    *path,
                      const char    *token,
                      const char    *body,
                      guint          expect)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != expect)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (message),
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  if (g_bytes_get_size (reply) == 0)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

char *
wcc_test_agent_login (WccTestServer *server,
                      const char    *employee,
                      gint64        *out_user_id)
{
  g_autofree char *login = g_strdup_printf ("{\"account\": \"%s@demo\", \"password\": \"wcc-%s\"}",
                                            employee, employee);
  g_autoptr(JsonObject) session = wcc_test_api_request (server, "POST", "/api/v1/login", NULL, login, 200);

  if (out_user_id != NULL)
    *out_user_id = json_object_get_int_member (json_object_get_object_member (session, "user"), "id");
  return g_strdup (json_object_get_string_member (session, "token"));
}

void
wcc_test_agent_ready (WccTestServer *server,
                      const char    *token,
                      const char    *queue_number)
{
  g_autoptr(JsonObject) groups = wcc_test_api_request (server, "GET", "/api/v1/agent/groups", token, NULL, 200);
  JsonArray *member_of = json_object_get_array_member (groups, "member_of");
  g_autofree char *sign_in = NULL;
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) state = NULL;

  for (guint i = 0; i < json_array_get_length (member_of); i++)
    {
      JsonObject *group = json_array_get_object_element (member_of, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (group, "queue_number", ""), queue_number) == 0)
        sign_in = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}",
                                   json_object_get_int_member (group, "id"));
    }
  g_assert_nonnull (sign_in);
  signed_in = wcc_test_api_request (server, "PUT", "/api/v1/agent/groups", token, sign_in, 200);
  state = wcc_test_api_request (server, "PUT", "/api/v1/agent/state", token, "{\"state\": \"ready\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "ready");
}

char *
wcc_test_agent_state (WccTestServer *server,
                      const char    *token,
                      guint         *out_phones)
{
  g_autoptr(JsonObject) state = wcc_test_api_request (server, "GET", "/api/v1/agent/state", token, NULL, 200);

  if (out_phones != NULL)
    *out_phones = (guint) json_object_get_int_member (state, "phones");
  return g_strdup (json_object_get_string_member (state, "state"));
}

struct _WccTestEvents {
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GPtrArray               *events;   /* of JsonNode: {"type", "data"} */
  guint                    taken;    /* events before this one were returned or skipped */
};

static void
on_event_message (SoupWebsocketConnection *connection,
                  gint                     type,
                  GBytes                  *message,
                  gpointer                 user_data)
{
  WccTestEvents *events = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *text = g_bytes_get_data (message, &size);

  if (type == SOUP_WEBSOCKET_DATA_TEXT && json_parser_load_from_data (parser, text, size, NULL))
    g_ptr_array_add (events->events, json_node_copy (json_parser_get_root (parser)));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  WccTestEvents *events = user_data;
  g_autoptr(GError) error = NULL;

  events->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (events->connection, "message", G_CALLBACK (on_event_message), events);
}

WccTestEvents *
wcc_test_events_open (WccTestServer *server,
                      const char    *token)
{
  WccTestEvents *events = g_new0 (WccTestEvents, 1);
  g_autofree char *url = g_strconcat (server->base_url, "/api/v1/events", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  events->session = soup_session_new ();
  events->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", bearer);
  soup_session_websocket_connect_async (events->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_connected, events);
  /* Connected once the server's "hello" is in. */
  while (events->events->len == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the event stream did not open");
      g_main_context_iteration (NULL, TRUE);
    }
  events->taken = 1;
  return events;
}

JsonObject *
wcc_test_events_wait (WccTestEvents *events,
                      const char    *type,
                      guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      while (events->taken < events->events->len)
        {
          JsonObject *event = json_node_get_object (g_ptr_array_index (events->events, events->taken++));
          if (g_strcmp0 (json_object_get_string_member_with_default (event, "type", ""), type) == 0)
            return json_object_get_object_member (event, "data");
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("no %s event", type);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
wcc_test_events_close (WccTestEvents *events)
{
  if (events == NULL)
    return;
  if (events->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (events->connection, events);
      if (soup_websocket_connection_get_state (events->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (events->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&events->connection);
    }
  g_clear_object (&events->session);
  g_ptr_array_unref (events->events);
  g_free (events);
}
