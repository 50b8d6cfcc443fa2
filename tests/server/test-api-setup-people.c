/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-setup-people.c: the client admin's set-up of people and queues over real HTTP
 * (issue 9): users (create, edit, disable, reset password), groups (create, rename,
 * delete, members and leaders, queue settings taken by the running ACD), pause reasons
 * (create, rename, reorder, delete); roles, tenants, bad input, versions, events. */
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

#define NEW_PASSWORD "new-secret-42"

static JsonObject *
find_by_id (JsonArray *items,
            gint64     id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return json_array_get_object_element (items, i);
  return NULL;
}

static gboolean
has_role (JsonObject *user,
          const char *role)
{
  JsonArray *roles = json_object_get_array_member (user, "roles");

  for (guint i = 0; i < json_array_get_length (roles); i++)
    if (g_str_equal (json_array_get_string_element (roles, i), role))
      return TRUE;
  return FALSE;
}

static void
expect_error (Fixture    *fixture,
              const char *method,
              const char *path,
              const char *token,
              const char *body,
              guint       status,
              const char *code)
{
  g_autoptr(ApiResponse) response = expect (fixture, method, path, token, body, status);

  g_assert_cmpstr (api_error_code (response), ==, code);
}

/* Users: create (the password works, roles as given), bad input, a taken employee ID, an
 * edit with a stale version, disable (sessions end, login refused) and enable, the admin
 * cannot lock themselves out, a password reset ends the user's sessions. */
static void
test_users (Fixture *fixture, gconstpointer data)
{
  ApiStream *stream = api_stream_open (&fixture->api, fixture->leader, "", NULL);
  g_autoptr(ApiResponse) created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *password_path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(WccStoreUser) admin = wcc_store_user_find_by_account (fixture->store, "demo", "admin");
  g_autofree char *self_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, admin->id);
  JsonObject *event;
  gint64 id;

  api_stream_wait_messages (stream, 1);
  created = expect (fixture, "POST", "/api/v1/users", fixture->admin,
                    "{\"employee_id\": \"1010\", \"surname\": \" 山田 \", \"given_name\": \"花子\","
                    " \"roles\": [\"agent\", \"leader\"], \"password\": \"" TEST_PASSWORD "\"}", 201);
  id = json_object_get_int_member (created->json, "id");
  g_assert_cmpstr (json_object_get_string_member (created->json, "account"), ==, "1010@demo");
  g_assert_cmpstr (json_object_get_string_member (created->json, "surname"), ==, "山田");
  g_assert_true (has_role (created->json, "agent") && has_role (created->json, "leader"));
  g_assert_false (has_role (created->json, "client_admin"));
  g_assert_false (json_object_get_boolean_member (created->json, "disabled"));
  event = api_stream_wait_event (stream, "user.updated", 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, id);
  /* The password is stored hashed only and is never in the audit log. */
  {
    g_autoptr(WccStoreUser) user = wcc_store_user_find (fixture->store, fixture->demo, id);
    g_assert_null (strstr (user->password_hash, TEST_PASSWORD));
    g_assert_cmpuint (wcc_store_audit_count (fixture->store, "admin.user_created"), ==, 1);
  }
  token = api_login (&fixture->api, "1010@demo", TEST_PASSWORD);

  /* Bad input writes nothing. */
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1010\", \"roles\": [\"agent\"], \"password\": \"" TEST_PASSWORD "\"}", 409, "conflict");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"bad id\", \"roles\": [\"agent\"], \"password\": \"" TEST_PASSWORD "\"}", 400,
                "invalid_field");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1011\", \"roles\": [\"boss\"], \"password\": \"" TEST_PASSWORD "\"}", 400,
                "invalid_field");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1011\", \"roles\": [], \"password\": \"" TEST_PASSWORD "\"}", 400, "invalid_field");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1011\", \"roles\": [\"agent\"], \"password\": \"short\"}", 400, "invalid_field");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1011\", \"roles\": [\"agent\"]}", 400, "invalid_field");
  expect_error (fixture, "POST", "/api/v1/users", fixture->admin,
                "{\"employee_id\": \"1011\", \"roles\": [\"agent\"], \"password\": \"" TEST_PASSWORD "\","
                " \"colour\": 1}", 400, "invalid_field");
  g_assert_null (wcc_store_user_find_by_account (fixture->store, "demo", "1011"));

  /* An edit needs the current version. */
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  {
    g_autoptr(ApiResponse) edited = expect (fixture, "PATCH", path, fixture->admin,
                                            "{\"version\": 1, \"given_name\": \"花\", \"roles\": [\"agent\"]}", 200);
    g_autoptr(ApiResponse) stale = expect (fixture, "PATCH", path, fixture->admin,
                                           "{\"version\": 1, \"given_name\": \"X\"}", 409);
    g_assert_cmpstr (json_object_get_string_member (edited->json, "given_name"), ==, "花");
    g_assert_false (has_role (edited->json, "leader"));
    g_assert_cmpstr (api_error_code (stale), ==, "version_conflict");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (stale->json, "error"), "current"), "given_name"), ==, "花");
  }
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 2, \"roles\": \"agent\"}", 400, "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"given_name\": \"X\"}", 400, "invalid_field");

  /* Disabled: the session and its event stream end, the login is refused; enabled again,
   * it works. */
  {
    ApiStream *own = api_stream_open (&fixture->api, token, "", NULL);
    gint64 deadline;

    api_stream_wait_messages (own, 1);
    g_autoptr(ApiResponse) disabled = expect (fixture, "PATCH", path, fixture->admin,
                                              "{\"version\": 2, \"disabled\": true}", 200);
    g_autoptr(ApiResponse) refused = api_json (&fixture->api, "POST", "/api/v1/login", NULL,
                                               "{\"account\": \"1010@demo\", \"password\": \"" TEST_PASSWORD "\"}");
    WccStoreSipAccount sip;

    g_assert_true (json_object_get_boolean_member (disabled->json, "disabled"));
    expect (fixture, "GET", "/api/v1/me", token, NULL, 401);
    for (deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; !own->closed && g_get_monotonic_time () < deadline;)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (own->closed);
    api_stream_close (own);
    /* Their phones cannot register either (the registrar finds no such account). */
    g_assert_false (wcc_store_sip_account_find (fixture->store, "demo", "1010", &sip));
    g_assert_cmpuint (refused->status, ==, 403);
    g_assert_cmpstr (api_error_code (refused), ==, "forbidden");
  }
  expect (fixture, "PATCH", path, fixture->admin, "{\"version\": 3, \"disabled\": false}", 200);
  {
    WccStoreSipAccount sip;
    g_assert_true (wcc_store_sip_account_find (fixture->store, "demo", "1010", &sip));
  }
  g_free (token);
  token = api_login (&fixture->api, "1010@demo", TEST_PASSWORD);
  /* The admin cannot disable themselves nor drop their own admin role. */
  expect_error (fixture, "PATCH", self_path, fixture->admin, "{\"version\": 1, \"disabled\": true}", 409, "conflict");
  expect_error (fixture, "PATCH", self_path, fixture->admin, "{\"version\": 1, \"roles\": [\"agent\"]}", 409, "conflict");

  /* A password reset: the old password and its sessions stop working. */
  password_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password", id);
  expect_error (fixture, "POST", password_path, fixture->admin, "{\"password\": \"short\"}", 400, "invalid_field");
  expect_error (fixture, "POST", password_path, fixture->admin, "{}", 400, "invalid_field");
  expect (fixture, "POST", password_path, fixture->admin, "{\"password\": \"" NEW_PASSWORD "\"}", 204);
  expect (fixture, "GET", "/api/v1/me", token, NULL, 401);
  {
    g_autoptr(ApiResponse) old = api_json (&fixture->api, "POST", "/api/v1/login", NULL,
                                           "{\"account\": \"1010@demo\", \"password\": \"" TEST_PASSWORD "\"}");
    g_autofree char *fresh = api_login (&fixture->api, "1010@demo", NEW_PASSWORD);
    g_assert_cmpuint (old->status, ==, 401);
  }
  expect (fixture, "POST", "/api/v1/users/999999/password", fixture->admin, "{\"password\": \"" NEW_PASSWORD "\"}", 404);
  api_stream_close (stream);
}

static JsonObject *
group_of (Fixture *fixture,
          gint64   id)
{
  g_autoptr(ApiResponse) groups = expect (fixture, "GET", "/api/v1/groups", fixture->agent, NULL, 200);

  return json_object_ref (find_by_id (items_of (groups), id));
}

/* An agent made a leader only: out of the ACD at once (no more queue calls); an agent again,
 * back on first use. */
static void
test_agent_role_taken (Fixture *fixture, gconstpointer data)
{
  WccServerAcd *owner = wcc_server_get_acd_owner (fixture->api.server);
  WccAcd *acd = wcc_server_get_acd (fixture->api.server);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, fixture->agent2);
  WccAcdAgentInfo info;

  g_assert_true (wcc_server_acd_ensure_agent (owner, fixture->demo, fixture->agent2));
  g_assert_true (wcc_acd_agent_get_info (acd, fixture->agent2, &info, NULL));
  expect (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"roles\": [\"leader\"]}", 200);
  g_assert_false (wcc_acd_agent_get_info (acd, fixture->agent2, &info, NULL));
  g_assert_false (wcc_server_acd_ensure_agent (owner, fixture->demo, fixture->agent2));
  expect (fixture, "PATCH", path, fixture->admin, "{\"version\": 2, \"roles\": [\"agent\", \"leader\"]}", 200);
  g_assert_true (wcc_server_acd_ensure_agent (owner, fixture->demo, fixture->agent2));
  g_assert_true (wcc_acd_agent_get_info (acd, fixture->agent2, &info, NULL));
}

/* Groups: create, a taken name, rename with versions, members and leaders (a leader gets
 * the role; another client's user is refused), delete refused while in use, events. */
static void
test_groups (Fixture *fixture, gconstpointer data)
{
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  g_autoptr(ApiResponse) created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *members = NULL;
  g_autofree char *body = NULL;
  JsonObject *event;
  gint64 id, user = add_user (fixture, fixture->demo, "1020", WCC_ROLE_AGENT, 0);

  api_stream_wait_messages (stream, 1);
  created = expect (fixture, "POST", "/api/v1/groups", fixture->admin, "{\"name\": \" Night shift \"}", 201);
  id = json_object_get_int_member (created->json, "id");
  g_assert_cmpstr (json_object_get_string_member (created->json, "name"), ==, "Night shift");
  g_assert_cmpint (json_object_get_int_member (created->json, "ring_timeout"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (created->json, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (created->json, "members")), ==, 0);
  event = api_stream_wait_event (stream, "group.updated", 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, id);
  expect_error (fixture, "POST", "/api/v1/groups", fixture->admin, "{\"name\": \"Sales\"}", 409, "conflict");
  expect_error (fixture, "POST", "/api/v1/groups", fixture->admin, "{\"name\": \"  \"}", 400, "invalid_field");
  expect_error (fixture, "POST", "/api/v1/groups", fixture->admin, "{}", 400, "invalid_field");

  path = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT, id);
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"name\": \"Sales\"}", 409, "conflict");
  expect (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"name\": \"Nights\"}", 200);
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"name\": \"Days\"}", 409, "version_conflict");

  /* Members: the user and the leader 1001 (who becomes a leader). */
  members = g_strdup_printf ("%s/members", path);
  body = g_strdup_printf ("{\"version\": 2, \"members\": [{\"id\": %" G_GINT64_FORMAT "},"
                          " {\"id\": %" G_GINT64_FORMAT ", \"leader\": true}]}", user, fixture->api.agent_id);
  {
    g_autoptr(ApiResponse) set = expect (fixture, "PUT", members, fixture->admin, body, 200);
    JsonArray *list = json_object_get_array_member (set->json, "members");
    g_autoptr(WccStoreUser) leader = wcc_store_user_find (fixture->store, fixture->demo, fixture->api.agent_id);

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_true (json_object_get_boolean_member (find_by_id (list, fixture->api.agent_id), "leader"));
    g_assert_false (json_object_get_boolean_member (find_by_id (list, user), "leader"));
    g_assert_true (leader->roles & WCC_ROLE_LEADER);
  }
  expect_error (fixture, "PUT", members, fixture->admin, body, 409, "version_conflict");
  g_free (body);
  body = g_strdup_printf ("{\"version\": 3, \"members\": [{\"id\": %" G_GINT64_FORMAT "}]}", fixture->api.acme_agent_id);
  expect_error (fixture, "PUT", members, fixture->admin, body, 400, "invalid_field");
  g_free (body);
  body = g_strdup_printf ("{\"version\": 3, \"members\": [{\"id\": %" G_GINT64_FORMAT "}, {\"id\": %" G_GINT64_FORMAT "}]}",
                          user, user);
  expect_error (fixture, "PUT", members, fixture->admin, body, 400, "invalid_field");
  expect_error (fixture, "PUT", members, fixture->admin, "{\"version\": 3, \"members\": {}}", 400, "invalid_field");
  {
    g_autoptr(JsonObject) group = group_of (fixture, id);
    g_assert_cmpint (json_object_get_int_member (group, "version"), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (group, "members")), ==, 2);
  }

  /* In use (members, or a task): 409; emptied, it goes. */
  expect_error (fixture, "DELETE", path, fixture->admin, NULL, 409, "conflict");
  g_free (body);
  body = g_strdup_printf ("{\"version\": 3, \"members\": [{\"id\": %" G_GINT64_FORMAT "}]}", user);
  expect (fixture, "PUT", members, fixture->admin, body, 200);
  {
    g_autoptr(GPtrArray) rows = wcc_store_group_list_members (fixture->store, fixture->demo, fixture->api.agent_id);
    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpint (((WccStoreGroupMember *) g_ptr_array_index (rows, i))->group_id, !=, id);
  }
  expect (fixture, "PUT", members, fixture->admin, "{\"version\": 4, \"members\": []}", 200);
  {
    g_autofree char *service = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT, fixture->service);
    expect_error (fixture, "DELETE", service, fixture->admin, NULL, 409, "conflict");
  }
  /* Callers waiting in its queue: 409 until they are gone (the ACD keeps it meanwhile). */
  {
    WccAcd *acd = wcc_server_get_acd (fixture->api.server);
    g_autoptr(GError) error = NULL;
    gint64 call = wcc_store_call_create (fixture->store, fixture->demo, WCC_CALL_INBOUND, "+8613800000009", "8001", id,
                                         g_get_real_time (), &error);
    WccAcdGroupSettings settings;

    g_assert_no_error (error);
    g_assert_true (wcc_acd_call_enqueue (acd, call, id, "+8613800000009", g_get_monotonic_time (), &error));
    g_assert_no_error (error);
    expect_error (fixture, "DELETE", path, fixture->admin, NULL, 409, "conflict");
    g_assert_true (wcc_acd_group_get_settings (acd, id, &settings, NULL));
    g_assert_nonnull (wcc_store_queue_find (fixture->store, fixture->demo, id));
    g_assert_true (wcc_acd_call_end (acd, call, g_get_monotonic_time (), &error));
  }
  expect (fixture, "DELETE", path, fixture->admin, NULL, 204);
  {
    WccAcdGroupSettings settings;
    g_assert_false (wcc_acd_group_get_settings (wcc_server_get_acd (fixture->api.server), id, &settings, NULL));
  }
  event = api_stream_wait_event (stream, "group.removed", 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, id);
  g_assert_null (wcc_store_queue_find (fixture->store, fixture->demo, id));
  expect (fixture, "DELETE", path, fixture->admin, NULL, 404);
  api_stream_close (stream);
}

/* Queue settings: bad values, a taken queue number, a stale version; the running ACD has
 * the new settings at once. */
static void
test_queue_settings (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT "/queue", fixture->sales);
  g_autofree char *service = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT "/queue", fixture->service);
  WccAcd *acd = wcc_server_get_acd (fixture->api.server);
  WccAcdGroupSettings settings;

  /* The ACD knows the groups once anyone looked at the queues. */
  expect (fixture, "GET", "/api/v1/queues", fixture->admin, NULL, 200);
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"ring_timeout\": 0}", 400, "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"ring_timeout\": \"5\"}", 400, "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"queue_number\": \"12a\"}", 400, "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"after_call_work\": \"later\"}", 400,
                "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"missed_offers_before_pause\": 101}", 400,
                "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"service_level\": 3601}", 400, "invalid_field");
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"ring_timeout\": 5}", 400, "invalid_field");
  {
    g_autoptr(ApiResponse) set = expect (fixture, "PATCH", path, fixture->admin,
                                         "{\"version\": 1, \"queue_number\": \"8101\", \"ring_timeout\": 7,"
                                         " \"missed_offers_before_pause\": 3, \"after_call_work\": 45,"
                                         " \"service_level\": 30}", 200);
    g_assert_cmpstr (json_object_get_string_member (set->json, "queue_number"), ==, "8101");
    g_assert_cmpint (json_object_get_int_member (set->json, "after_call_work"), ==, 45);
    g_assert_cmpint (json_object_get_int_member (set->json, "version"), ==, 2);
  }
  g_assert_true (wcc_acd_group_get_settings (acd, fixture->sales, &settings, NULL));
  g_assert_cmpuint (settings.ring_timeout, ==, 7);
  g_assert_cmpuint (settings.missed_offers_before_pause, ==, 3);
  g_assert_cmpint (settings.after_call_work, ==, 45);
  g_assert_cmpuint (settings.service_level, ==, 30);
  expect_error (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"ring_timeout\": 9}", 409, "version_conflict");
  expect_error (fixture, "PATCH", service, fixture->admin, "{\"version\": 1, \"queue_number\": \"8101\"}", 409, "conflict");
  {
    g_autoptr(ApiResponse) set = expect (fixture, "PATCH", path, fixture->admin,
                                         "{\"version\": 2, \"queue_number\": null, \"after_call_work\": \"until_ready\"}",
                                         200);
    g_assert_true (json_object_get_null_member (set->json, "queue_number"));
    g_assert_cmpstr (json_object_get_string_member (set->json, "after_call_work"), ==, "until_ready");
  }
  g_assert_true (wcc_acd_group_get_settings (acd, fixture->sales, &settings, NULL));
  g_assert_cmpint (settings.after_call_work, ==, WCC_ACD_AFTER_CALL_WORK_UNTIL_READY);
  g_assert_cmpuint (settings.ring_timeout, ==, 7);
}

static gint64
reason_id (JsonArray  *items,
           const char *label)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "label"), label))
      return json_object_get_int_member (json_array_get_object_element (items, i), "id");
  return 0;
}

/* Pause reasons: create (after the others, before the automatic one), a taken label,
 * rename with versions, reorder (every reason once), delete (not the automatic one, not
 * while an agent is paused for it), events. */
static void
test_pause_reasons (Fixture *fixture, gconstpointer data)
{
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  g_autoptr(ApiResponse) lunch = NULL;
  g_autoptr(ApiResponse) brk = NULL;
  g_autofree char *lunch_path = NULL;
  g_autofree char *order = NULL;
  gint64 automatic = wcc_store_pause_reason_get_automatic (fixture->store, fixture->demo);
  gint64 lunch_id, brk_id;

  api_stream_wait_messages (stream, 1);
  lunch = expect (fixture, "POST", "/api/v1/pause-reasons", fixture->admin, "{\"label\": \"Lunch\"}", 201);
  brk = expect (fixture, "POST", "/api/v1/pause-reasons", fixture->admin, "{\"label\": \"Break\"}", 201);
  lunch_id = json_object_get_int_member (lunch->json, "id");
  brk_id = json_object_get_int_member (brk->json, "id");
  g_assert_cmpint (json_object_get_int_member (brk->json, "position"), >,
                   json_object_get_int_member (lunch->json, "position"));
  api_stream_wait_event (stream, "pause_reasons.changed", 1);
  expect_error (fixture, "POST", "/api/v1/pause-reasons", fixture->admin, "{\"label\": \"Lunch\"}", 409, "conflict");
  expect_error (fixture, "POST", "/api/v1/pause-reasons", fixture->admin, "{\"label\": \"\"}", 400, "invalid_field");
  expect_error (fixture, "POST", "/api/v1/pause-reasons", fixture->admin, "{\"label\": \"X\", \"position\": \"1\"}", 400,
                "invalid_field");
  {
    g_autoptr(ApiResponse) list = expect (fixture, "GET", "/api/v1/pause-reasons", fixture->agent, NULL, 200);
    JsonArray *items = items_of (list);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, lunch_id);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, automatic);
  }

  lunch_path = g_strdup_printf ("/api/v1/pause-reasons/%" G_GINT64_FORMAT, lunch_id);
  expect (fixture, "PATCH", lunch_path, fixture->admin, "{\"version\": 1, \"label\": \"Lunch break\"}", 200);
  expect_error (fixture, "PATCH", lunch_path, fixture->admin, "{\"version\": 1, \"label\": \"Meal\"}", 409,
                "version_conflict");
  expect_error (fixture, "PATCH", lunch_path, fixture->admin, "{\"version\": 2, \"label\": \"Break\"}", 409, "conflict");

  /* Reorder: Break, the automatic one, Lunch break. */
  expect_error (fixture, "PUT", "/api/v1/pause-reasons/order", fixture->admin, "{\"ids\": [1, 2]}", 400, "invalid_field");
  order = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]}",
                           brk_id, automatic, lunch_id);
  {
    g_autoptr(ApiResponse) ordered = expect (fixture, "PUT", "/api/v1/pause-reasons/order", fixture->admin, order, 200);
    JsonArray *items = items_of (ordered);
    g_assert_cmpint (reason_id (items, "Break"), ==, brk_id);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, brk_id);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, automatic);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, lunch_id);
  }

  /* Delete: never the automatic one; not while an agent is paused for it. */
  {
    g_autofree char *automatic_path = g_strdup_printf ("/api/v1/pause-reasons/%" G_GINT64_FORMAT, automatic);
    expect_error (fixture, "DELETE", automatic_path, fixture->admin, NULL, 409, "conflict");
  }
  wcc_store_agent_set_pause_reason (fixture->store, fixture->api.agent_id, lunch_id);
  expect_error (fixture, "DELETE", lunch_path, fixture->admin, NULL, 409, "conflict");
  wcc_store_agent_set_pause_reason (fixture->store, fixture->api.agent_id, 0);
  expect (fixture, "DELETE", lunch_path, fixture->admin, NULL, 204);
  g_assert_null (wcc_store_pause_reason_find (fixture->store, fixture->demo, lunch_id));
  expect (fixture, "DELETE", lunch_path, fixture->admin, NULL, 404);
  api_stream_close (stream);
}

/* The role and tenant matrices: only the client admin writes; another client's records
 * are 404. */
static const ApiEndpoint endpoints[] = {
  { "POST", "/api/v1/users", "{\"employee_id\": \"u{S}\", \"roles\": [\"agent\"], \"password\": \"" NEW_PASSWORD "\"}",
    403, 403, 201 },
  { "PATCH", "/api/v1/users/{U}", "{\"version\": 1, \"surname\": \"S\"}", 403, 403, 200 },
  { "POST", "/api/v1/users/{U}/password", "{\"password\": \"" NEW_PASSWORD "\"}", 403, 403, 204 },
  { "GET", "/api/v1/groups", NULL, 200, 200, 200 },
  { "POST", "/api/v1/groups", "{\"name\": \"G {S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/groups/{G}", "{\"version\": 1, \"name\": \"G2 {S}\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/groups/{G}", NULL, 403, 403, 204 },
  { "DELETE", "/api/v1/groups/{M}", NULL, 403, 403, 409 },
  { "PUT", "/api/v1/groups/{G}/members", "{\"version\": 1, \"members\": [{\"id\": {U}, \"leader\": true}]}",
    403, 403, 200 },
  { "PATCH", "/api/v1/groups/{G}/queue", "{\"version\": 1, \"ring_timeout\": 5}", 403, 403, 200 },
  { "POST", "/api/v1/pause-reasons", "{\"label\": \"P {S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/pause-reasons/{P}", "{\"version\": 1, \"label\": \"P2 {S}\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/pause-reasons/{P}", NULL, 403, 403, 204 },
  { "DELETE", "/api/v1/pause-reasons/{A}", NULL, 403, 403, 409 },
  { "PUT", "/api/v1/pause-reasons/order", "{\"ids\": [{P}]}", 403, 403, 400 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *employee = g_strdup_printf ("Target-%u", round);
  g_autofree char *group = g_strdup_printf ("Target G %u", round);
  g_autofree char *used = g_strdup_printf ("Target M %u", round);
  g_autofree char *reason = g_strdup_printf ("Target P %u", round);
  g_autoptr(GError) error = NULL;
  gint64 user = add_user (fixture, fixture->demo, employee, WCC_ROLE_AGENT, 0);
  gint64 with_member = wcc_store_group_create (fixture->store, fixture->demo, used, &error);
  guint n = 0;

  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, with_member, user, FALSE, &error));
  out[n++] = (ApiPlaceholder) { "{U}", user };
  out[n++] = (ApiPlaceholder) { "{G}", wcc_store_group_create (fixture->store, fixture->demo, group, &error) };
  out[n++] = (ApiPlaceholder) { "{M}", with_member };
  out[n++] = (ApiPlaceholder) { "{P}", wcc_store_pause_reason_create (fixture->store, fixture->demo, reason, 5, &error) };
  out[n++] = (ApiPlaceholder) { "{A}", wcc_store_pause_reason_get_automatic (fixture->store, fixture->demo) };
  g_assert_no_error (error);
  return n;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(WccStoreUser) user = wcc_store_user_find (fixture->store, fixture->demo, record_of (records, n_records, "{U}"));
  g_autoptr(WccStoreQueue) group = wcc_store_queue_find (fixture->store, fixture->demo,
                                                         record_of (records, n_records, "{G}"));
  g_autoptr(WccStorePauseReason) reason = wcc_store_pause_reason_find (fixture->store, fixture->demo,
                                                                       record_of (records, n_records, "{P}"));

  g_assert_nonnull (user);
  g_assert_cmpint (user->version, ==, 1);
  g_assert_nonnull (group);
  g_assert_cmpint (group->version, ==, 1);
  g_assert_nonnull (reason);
  g_assert_cmpint (reason->version, ==, 1);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records, check_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/setup-people/users", test_users);
  ADD ("/setup-people/agent-role-taken", test_agent_role_taken);
  ADD ("/setup-people/groups", test_groups);
  ADD ("/setup-people/queue-settings", test_queue_settings);
  ADD ("/setup-people/pause-reasons", test_pause_reasons);
  ADD ("/setup-people/roles/matrix", test_role_matrix);
  ADD ("/setup-people/tenants/isolation", test_tenant_isolation);
  return g_test_run ();
}
