/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client.c: WccClient's typed calls against a real wcc-server --demo. */
#define G_LOG_DOMAIN "test-client"

#include "test-api-util.h"
#include "wcc-test-agent.h"

static const char *tiny_jpeg_path;

typedef struct {
  WccTestServer *server;
  WccClient     *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  wcc_test_guard_timeout (110);
  /* A server per test: failed logins from 127.0.0.1 must not leak between tests. */
  fixture->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  fixture->client = wcc_client_new (fixture->server->base_url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  wcc_test_server_stop (fixture->server);
}

static void
test_login_ok (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1001@demo", "wcc-1001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_true (user == wcc_client_get_user (fixture->client));
  g_assert_nonnull (wcc_client_get_token (fixture->client));
  g_assert_cmpstr (wcc_user_get_account (user), ==, "1001@demo");
  g_assert_cmpstr (wcc_user_get_employee_id (user), ==, "1001");
  g_assert_cmpstr (wcc_user_get_client (user), ==, "demo");
  g_assert_true (wcc_user_has_role (user, WCC_ROLE_AGENT));
  g_assert_false (wcc_user_has_role (user, WCC_ROLE_LEADER));
  g_assert_cmpint (wcc_user_get_id (user), >, 0);
  g_assert_nonnull (wcc_user_get_display_name (user));
}

static void
test_login_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1001@demo", "not-the-password", &error);

  g_assert_null (user);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_CREDENTIALS);
  g_assert_nonnull (error->message);
  g_assert_null (wcc_client_get_token (fixture->client));
}

static void
test_challenge (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };
  const guint8 *bytes;
  gsize size;

  /* Three failures make the server demand a human check. */
  for (guint i = 0; i < 4 && wcc_client_get_pending_challenge_id (fixture->client) == NULL; i++)
    {
      g_autoptr(WccUser) user = login_sync (fixture->client, "1002@demo", "wrong", &error);

      g_assert_null (user);
      g_assert_true (error->domain == WCC_ERROR);
      g_assert_true (error->code == WCC_ERROR_INVALID_CREDENTIALS ||
                     error->code == WCC_ERROR_CHALLENGE_REQUIRED);
      g_clear_error (&error);
    }
  g_assert_nonnull (wcc_client_get_pending_challenge_id (fixture->client));
  g_assert_nonnull (wcc_client_get_pending_challenge_url (fixture->client));

  wcc_client_fetch_challenge_image_async (fixture->client, NULL, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  png = wcc_client_fetch_challenge_image_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);

  /* "Another picture" gives a new pending challenge. */
  {
    AsyncWait new_wait = { 0 };
    g_autoptr(GAsyncResult) new_result = NULL;
    g_autofree char *old_id = g_strdup (wcc_client_get_pending_challenge_id (fixture->client));

    wcc_client_new_challenge_async (fixture->client, NULL, async_wait_done, &new_wait);
    new_result = async_wait (&new_wait);
    g_assert_true (wcc_client_new_challenge_finish (fixture->client, new_result, &error));
    g_assert_no_error (error);
    g_assert_nonnull (wcc_client_get_pending_challenge_id (fixture->client));
    g_assert_cmpstr (wcc_client_get_pending_challenge_id (fixture->client), !=, old_id);
  }

  /* A wrong answer is refused even with the right password. */
  {
    AsyncWait login_wait = { 0 };
    g_autoptr(GAsyncResult) login_result = NULL;
    g_autoptr(WccUser) user = NULL;

    wcc_client_login_async (fixture->client, "1002@demo", "wcc-1002",
                            wcc_client_get_pending_challenge_id (fixture->client), "not-digits",
                            NULL, async_wait_done, &login_wait);
    login_result = async_wait (&login_wait);
    user = wcc_client_login_finish (fixture->client, login_result, &error);
    g_assert_null (user);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_CHALLENGE_FAILED);
    g_assert_nonnull (wcc_client_get_pending_challenge_id (fixture->client));
  }
}

static void
test_unreachable (void)
{
  g_autoptr(WccClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = NULL;

  wcc_test_guard_timeout (30);
  /* Port 1 on loopback: nothing listens there. */
  client = wcc_client_new ("127.0.0.1:1");
  g_assert_cmpstr (wcc_client_get_base_url (client), ==, "http://127.0.0.1:1");
  user = login_sync (client, "1001@demo", "wcc-1001", &error);
  g_assert_null (user);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1:1"));
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1003@demo", "wcc-1003", &error);
  g_autoptr(GAsyncResult) logout_result = NULL;
  g_autoptr(GAsyncResult) me_result = NULL;
  g_autoptr(WccUser) me = NULL;
  AsyncWait logout_wait = { 0 }, me_wait = { 0 };

  g_assert_no_error (error);
  g_assert_nonnull (user);

  wcc_client_logout_async (fixture->client, NULL, async_wait_done, &logout_wait);
  logout_result = async_wait (&logout_wait);
  g_assert_true (wcc_client_logout_finish (fixture->client, logout_result, &error));
  g_assert_no_error (error);
  g_assert_null (wcc_client_get_token (fixture->client));

  /* Without a token the server refuses. */
  wcc_client_get_me_async (fixture->client, NULL, async_wait_done, &me_wait);
  me_result = async_wait (&me_wait);
  me = wcc_client_get_me_finish (fixture->client, me_result, &error);
  g_assert_null (me);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_UNAUTHORIZED);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_get_me_and_update_names (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1004@demo", "wcc-1004", &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(WccUser) me = NULL;
  g_autoptr(WccUser) updated = NULL;
  AsyncWait wait = { 0 };
  guint notified = 0;
  gint64 version;

  g_assert_no_error (error);
  wcc_client_get_me_async (fixture->client, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  me = wcc_client_get_me_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  /* The same object as the login user: bindings stay valid. */
  g_assert_true (me == user);
  version = wcc_user_get_version (me);

  g_signal_connect (user, "notify::surname", G_CALLBACK (count_notify), &notified);
  updated = update_me_sync (fixture->client, "Zhang", "Ming", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (updated == user);
  g_assert_cmpstr (wcc_user_get_surname (user), ==, "Zhang");
  g_assert_cmpstr (wcc_user_get_given_name (user), ==, "Ming");
  g_assert_nonnull (strstr (wcc_user_get_display_name (user), "Zhang"));
  g_assert_cmpint (wcc_user_get_version (user), >, version);
  g_assert_cmpuint (notified, ==, 1);

  /* An invalid name is the server's invalid_field. */
  {
    g_autoptr(WccUser) refused = update_me_sync (fixture->client, "", NULL, NULL, NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
    g_clear_error (&error);
  }
}

static void
test_change_password (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1005@demo", "wcc-1005", &error);
  g_autoptr(WccUser) refused = NULL;
  g_autoptr(WccUser) changed = NULL;
  g_autoptr(WccClient) second = NULL;
  g_autoptr(WccUser) relogged = NULL;

  g_assert_no_error (error);
  refused = update_me_sync (fixture->client, NULL, NULL, "new-password-1", "wrong-current", &error);
  g_assert_null (refused);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  changed = update_me_sync (fixture->client, NULL, NULL, "new-password-1", "wcc-1005", &error);
  g_assert_no_error (error);
  g_assert_nonnull (changed);

  second = wcc_client_new (fixture->server->base_url);
  relogged = login_sync (second, "1005@demo", "new-password-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (relogged);
}

static GBytes *
read_tiny_jpeg (void)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_nonnull (tiny_jpeg_path);
  g_file_get_contents (tiny_jpeg_path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static WccUser *
set_avatar_sync (WccClient *client,
                 GBytes    *bytes,
                 GError   **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  wcc_client_set_avatar_async (client, bytes, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  return wcc_client_set_avatar_finish (client, result, error);
}

static void
test_avatar (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1006@demo", "wcc-1006", &error);
  g_autoptr(GBytes) jpeg = read_tiny_jpeg ();
  g_autoptr(WccUser) with_avatar = NULL;
  g_autoptr(GAsyncResult) fetch_result = NULL;
  g_autoptr(GAsyncResult) delete_result = NULL;
  g_autoptr(GBytes) fetched = NULL;
  g_autoptr(WccUser) without = NULL;
  AsyncWait fetch_wait = { 0 }, delete_wait = { 0 };

  g_assert_no_error (error);
  g_assert_null (wcc_user_get_avatar_url (user));

  with_avatar = set_avatar_sync (fixture->client, jpeg, &error);
  g_assert_no_error (error);
  g_assert_true (with_avatar == user);
  g_assert_nonnull (wcc_user_get_avatar_url (user));

  wcc_client_fetch_avatar_async (fixture->client, user, NULL, async_wait_done, &fetch_wait);
  fetch_result = async_wait (&fetch_wait);
  fetched = wcc_client_fetch_avatar_finish (fixture->client, fetch_result, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (fetched, jpeg));

  /* Not a JPEG by content, and too large: both refused by the server. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("hello, not a picture", 20);
    g_autoptr(WccUser) refused = set_avatar_sync (fixture->client, text, &error);

    g_assert_null (refused);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE);
    g_clear_error (&error);
  }
  {
    gsize big_size = 1024 * 1024 + 1;
    guint8 *big = g_malloc0 (big_size);
    g_autoptr(GBytes) big_bytes = NULL;
    g_autoptr(WccUser) refused = NULL;

    memcpy (big, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
    big_bytes = g_bytes_new_take (big, big_size);
    refused = set_avatar_sync (fixture->client, big_bytes, &error);
    g_assert_null (refused);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_PAYLOAD_TOO_LARGE);
    g_clear_error (&error);
  }

  wcc_client_delete_avatar_async (fixture->client, NULL, async_wait_done, &delete_wait);
  delete_result = async_wait (&delete_wait);
  without = wcc_client_delete_avatar_finish (fixture->client, delete_result, &error);
  g_assert_no_error (error);
  g_assert_null (wcc_user_get_avatar_url (user));
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "2001@demo", "wcc-2001", &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) groups = NULL;
  AsyncWait wait = { 0 };
  gboolean found_sales = FALSE;

  g_assert_no_error (error);
  g_assert_true (wcc_user_has_role (user, WCC_ROLE_LEADER));

  wcc_client_list_groups_async (fixture->client, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  groups = wcc_client_list_groups_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (groups), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = wcc_group_get_members (group);
      gboolean leader_found = FALSE;

      if (g_strcmp0 (wcc_group_get_name (group), "Sales") != 0)
        continue;
      found_sales = TRUE;
      g_assert_cmpuint (g_list_model_get_n_items (members), ==, 6);
      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(WccGroupMember) member = g_list_model_get_item (members, j);
          if (wcc_group_member_get_leader (member))
            {
              g_assert_cmpstr (wcc_group_member_get_account (member), ==, "2001@demo");
              leader_found = TRUE;
            }
        }
      g_assert_true (leader_found);
    }
  g_assert_true (found_sales);
}

static JsonArray *
get_all_items_sync (WccClient   *client,
                    const char  *path,
                    GError     **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  wcc_client_get_all_items_async (client, path, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  return wcc_client_get_all_items_finish (client, result, error);
}

static gchar *
names_of (JsonArray *items)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (names, "%s;", json_object_get_string_member (json_array_get_object_element (items, i), "name"));
  return g_string_free (names, FALSE);
}

/* Every item of a cursor list, page after page: the same items in the same order as one big
 * page, whatever the page size; a query already in the path is kept; errors end it. */
static void
test_all_items (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "admin@demo", "wcc-admin", &error);
  g_autoptr(JsonArray) whole = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  /* Seven more packages than the demo has, so that pages of 2 and 3 end part-way. */
  for (guint i = 0; i < 7; i++)
    {
      AsyncWait wait = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonObject) answer = NULL;
      g_autofree char *name = g_strdup_printf ("Paged %u", i);

      json_object_set_string_member (body, "name", name);
      wcc_client_send_now_async (fixture->client, "POST", "/api/v1/packages", body, NULL, async_wait_done, &wait);
      result = async_wait (&wait);
      answer = wcc_client_send_now_finish (fixture->client, result, &error);
      g_assert_no_error (error);
    }
  whole = get_all_items_sync (fixture->client, "/api/v1/packages?limit=200", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (whole), >=, 7);
  expected = names_of (whole);
  g_assert_nonnull (strstr (expected, "Paged 6;"));
  for (guint size = 1; size <= 3; size++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/packages?limit=%u", size);
      g_autoptr(JsonArray) paged = get_all_items_sync (fixture->client, path, &error);
      g_autofree char *names = NULL;

      g_assert_no_error (error);
      names = names_of (paged);
      g_assert_cmpstr (names, ==, expected);
    }
  {
    g_autoptr(JsonArray) nothing = get_all_items_sync (fixture->client, "/api/v1/no-such-list", &error);

    g_assert_null (nothing);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  }
}

/* POST /me/sip-account: the session's SIP account, new password on every call. */
static void
test_sip_account (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1001@demo", "wcc-1001", &error);
  g_autoptr(WccSipAccount) first = NULL;
  g_autoptr(WccSipAccount) second = NULL;
  g_autofree char *registrar = g_strdup_printf ("sip:127.0.0.1:%u", fixture->server->sip_port);

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      AsyncWait wait = { 0 };
      g_autoptr(GAsyncResult) result = NULL;

      wcc_client_get_sip_account_async (fixture->client, NULL, async_wait_done, &wait);
      result = async_wait (&wait);
      *(i == 0 ? &first : &second) = wcc_client_get_sip_account_finish (fixture->client, result, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpstr (first->username, ==, "1001");
  g_assert_cmpstr (first->domain, ==, "demo");
  g_assert_cmpstr (first->registrar, ==, registrar);
  g_assert_null (first->registrar_tls);
  g_assert_cmpuint (strlen (first->password), >=, 32);
  g_assert_cmpint (first->expires_at, >, wcc_time_now ());
  g_assert_cmpstr (second->password, !=, first->password);
}

/* The screen pop's lookup: the customer with the caller's number, its pinned notes and
 * approved warnings (a pending one is not shown); an unknown number is NOT_FOUND. */
static void
test_lookup_caller (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = login_sync (fixture->client, "1001@demo", "wcc-1001", &error);
  const char *token = wcc_client_get_token (fixture->client);
  g_autofree char *leader = wcc_test_agent_login (fixture->server, "2001", NULL);
  g_autoptr(JsonObject) list = wcc_test_api_request (fixture->server, "GET", "/api/v1/customers?limit=20",
                                                     token, NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  JsonObject *customer = NULL;
  g_autofree char *notes_path = NULL;
  g_autofree char *review_path = NULL;
  g_autoptr(JsonObject) warning = NULL;
  g_autoptr(WccCaller) caller = NULL;
  g_autoptr(WccCaller) nobody = NULL;
  const char *number;
  gint64 id;

  g_assert_no_error (error);
  for (guint i = 0; customer == NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_array_get_length (json_object_get_array_member (item, "phones")) > 0)
        customer = item;
    }
  g_assert_nonnull (customer);
  id = json_object_get_int_member (customer, "id");
  number = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (customer, "phones"), 0),
                                          "normalized");
  notes_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", id);
  json_object_unref (wcc_test_api_request (fixture->server, "POST", notes_path, token,
                                           "{\"kind\": \"pinned\", \"text\": \"Prefers mornings\"}", 201));
  json_object_unref (wcc_test_api_request (fixture->server, "POST", notes_path, token,
                                           "{\"kind\": \"normal\", \"text\": \"Called once\"}", 201));
  json_object_unref (wcc_test_api_request (fixture->server, "POST", notes_path, token,
                                           "{\"kind\": \"warning\", \"text\": \"Still pending\"}", 201));
  warning = wcc_test_api_request (fixture->server, "POST", notes_path, token,
                                  "{\"kind\": \"warning\", \"text\": \"Do not offer discounts\"}", 201);
  review_path = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", json_object_get_int_member (warning, "id"));
  json_object_unref (wcc_test_api_request (fixture->server, "POST", review_path, leader,
                                           "{\"decision\": \"approve\"}", 200));
  /* One open ticket, and one with a result (closed). */
  {
    g_autofree char *tickets_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/tickets", id);
    g_autoptr(JsonObject) results = wcc_test_api_request (fixture->server, "GET", "/api/v1/ticket-results",
                                                          token, NULL, 200);
    gint64 result_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (results, "items"), 0), "id");
    g_autofree char *closed = g_strdup_printf ("{\"title\": \"Old invoice\", \"result_id\": %" G_GINT64_FORMAT "}",
                                               result_id);

    json_object_unref (wcc_test_api_request (fixture->server, "POST", tickets_path, token,
                                             "{\"title\": \"Broken kettle\"}", 201));
    json_object_unref (wcc_test_api_request (fixture->server, "POST", tickets_path, token, closed, 201));
  }

  {
    AsyncWait wait = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    wcc_client_lookup_caller_async (fixture->client, number, NULL, async_wait_done, &wait);
    result = async_wait (&wait);
    caller = wcc_client_lookup_caller_finish (fixture->client, result, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (caller->customer_id, ==, id);
  g_assert_cmpuint (caller->n_matches, >=, 1);
  g_assert_cmpstr (caller->label, ==, json_object_get_string_member (customer, "tab_label"));
  g_assert_cmpstr (caller->company, ==, json_object_get_string_member (customer, "company"));
  g_assert_cmpuint (g_strv_length (caller->pinned_notes), ==, 1);
  g_assert_cmpstr (caller->pinned_notes[0], ==, "Prefers mornings");
  g_assert_cmpuint (g_strv_length (caller->warnings), ==, 1);
  g_assert_cmpstr (caller->warnings[0], ==, "Do not offer discounts");
  /* The open ticket, not the closed one. */
  g_assert_cmpuint (g_strv_length (caller->open_tickets), ==, 1);
  g_assert_cmpstr (caller->open_tickets[0], ==, "Broken kettle");

  {
    AsyncWait wait = { 0 };
    g_autoptr(GAsyncResult) result = NULL;

    wcc_client_lookup_caller_async (fixture->client, "+1999000111222", NULL, async_wait_done, &wait);
    result = async_wait (&wait);
    nobody = wcc_client_lookup_caller_finish (fixture->client, result, &error);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
    g_assert_null (nobody);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tiny_jpeg_path = argc > 1 ? argv[1] : g_getenv ("WCC_TEST_JPEG");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/client/login/ok", test_login_ok);
  ADD ("/client/login/wrong-password", test_login_wrong_password);
  ADD ("/client/login/challenge", test_challenge);
  g_test_add_func ("/client/login/unreachable", test_unreachable);
  ADD ("/client/logout", test_logout);
  ADD ("/client/me/names", test_get_me_and_update_names);
  ADD ("/client/me/password", test_change_password);
  ADD ("/client/me/avatar", test_avatar);
  ADD ("/client/groups", test_groups);
  ADD ("/client/all-items", test_all_items);
  ADD ("/client/sip-account", test_sip_account);
  ADD ("/client/lookup-caller", test_lookup_caller);
#undef ADD

  return g_test_run ();
}
