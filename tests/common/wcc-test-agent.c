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
