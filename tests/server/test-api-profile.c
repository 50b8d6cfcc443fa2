/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-profile.c: own profile and avatar (D7), the client's directory, tenant isolation. */
#include "wcc-test-api.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static void
profile_fixture_setup (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_setup (fixture, data);
}

static void
profile_fixture_teardown (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_teardown (fixture);
}

static GBytes *
load_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "tests", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static ApiResponse *
put_avatar (ApiFixture *fixture,
            const char *token,
            const char *content_type,
            GBytes     *bytes)
{
  gsize length;
  gconstpointer data = g_bytes_get_data (bytes, &length);

  return api_request (fixture, "PUT", "/api/v1/me/avatar", token, content_type, data, length);
}

static void
test_patch_names (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) response = api_json (fixture, "PATCH", "/api/v1/me", token,
                                              "{\"surname\": \" 李 \", \"given_name\": \"伟\", \"version\": 1}");

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response->json, "surname"), ==, "李");
  g_assert_cmpstr (json_object_get_string_member (response->json, "display_name"), ==, "李 伟");
  g_assert_cmpint (json_object_get_int_member (response->json, "version"), ==, 2);
  /* The employee ID is read-only: the field is refused. */
  {
    g_autoptr(ApiResponse) refused = api_json (fixture, "PATCH", "/api/v1/me", token, "{\"employee_id\": \"9\"}");
    g_assert_cmpuint (refused->status, ==, 400);
    g_assert_cmpstr (api_error_code (refused), ==, "invalid_field");
  }
  /* A stale version gets 409 with the current record. */
  {
    g_autoptr(ApiResponse) stale = api_json (fixture, "PATCH", "/api/v1/me", token,
                                             "{\"surname\": \"Old\", \"version\": 1}");
    JsonObject *error;

    g_assert_cmpuint (stale->status, ==, 409);
    g_assert_cmpstr (api_error_code (stale), ==, "version_conflict");
    error = json_object_get_object_member (stale->json, "error");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (error, "current"), "surname"), ==, "李");
  }
  /* Bad values. */
  {
    const char *bodies[] = {
      "{\"surname\": \"\"}", "{\"surname\": 5}", "{\"given_name\": \"a\\u0007b\"}",
      "{\"version\": \"1\"}", "{\"surname\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
      "{\"password\": \"short\", \"current_password\": \"" TEST_PASSWORD "\"}",
      "{\"password\": \"long-enough-1\"}",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(ApiResponse) bad = api_json (fixture, "PATCH", "/api/v1/me", token, bodies[i]);
        g_assert_cmpuint (bad->status, ==, 400);
        g_assert_cmpstr (api_error_code (bad), ==, "invalid_field");
      }
  }
  /* Nothing of the refused requests was applied. */
  {
    g_autoptr(ApiResponse) me = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
    g_assert_cmpstr (json_object_get_string_member (me->json, "surname"), ==, "李");
    g_assert_cmpint (json_object_get_int_member (me->json, "version"), ==, 2);
  }
}

static void
test_change_password (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *other_device = api_login (fixture, "1001@demo", TEST_PASSWORD);

  {
    g_autoptr(ApiResponse) wrong = api_json (fixture, "PATCH", "/api/v1/me", token,
                                             "{\"password\": \"new-secret-42\", \"current_password\": \"guess\"}");
    g_assert_cmpuint (wrong->status, ==, 403);
    g_assert_cmpstr (api_error_code (wrong), ==, "wrong_password");
  }
  {
    g_autoptr(ApiResponse) ok = api_json (fixture, "PATCH", "/api/v1/me", token,
                                          "{\"password\": \"new-secret-42\", \"current_password\": \"" TEST_PASSWORD "\"}");
    g_assert_cmpuint (ok->status, ==, 200);
  }
  /* This session stays, the other device's ended, the new password works, the old not. */
  {
    g_autoptr(ApiResponse) me = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
    g_autoptr(ApiResponse) other = api_request (fixture, "GET", "/api/v1/me", other_device, NULL, NULL, 0);
    g_autoptr(ApiResponse) old = api_json (fixture, "POST", "/api/v1/login", NULL,
                                           "{\"account\": \"1001@demo\", \"password\": \"" TEST_PASSWORD "\"}");
    g_autofree char *fresh = api_login (fixture, "1001@demo", "new-secret-42");

    g_assert_cmpuint (me->status, ==, 200);
    g_assert_cmpuint (other->status, ==, 401);
    g_assert_cmpuint (old->status, ==, 401);
  }
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "user.password_changed"), ==, 1);
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "user.password_change_refused"), ==, 1);
}

static void
test_avatar (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(GBytes) jpeg = load_file ("avatar.jpg");
  g_autoptr(GBytes) png_named_jpg = load_file ("not-a-jpeg.jpg");
  const char *avatar_url;

  /* A PNG renamed .jpg and even sent as image/jpeg is refused by its content. */
  {
    g_autoptr(ApiResponse) response = put_avatar (fixture, token, "image/jpeg", png_named_jpg);
    g_assert_cmpuint (response->status, ==, 415);
    g_assert_cmpstr (api_error_code (response), ==, "unsupported_media_type");
  }
  /* 1 MB + 1 byte is refused; the limit itself is fine. */
  {
    g_autofree guint8 *big = g_malloc0 (1024 * 1024 + 1);
    g_autoptr(GBytes) too_big = NULL;
    g_autoptr(GBytes) just_fits = NULL;
    g_autoptr(ApiResponse) refused = NULL;
    g_autoptr(ApiResponse) accepted = NULL;

    memcpy (big, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
    too_big = g_bytes_new (big, 1024 * 1024 + 1);
    just_fits = g_bytes_new (big, 1024 * 1024);
    refused = put_avatar (fixture, token, "image/jpeg", too_big);
    g_assert_cmpuint (refused->status, ==, 413);
    g_assert_cmpstr (api_error_code (refused), ==, "payload_too_large");
    accepted = put_avatar (fixture, token, "image/jpeg", just_fits);
    g_assert_cmpuint (accepted->status, ==, 200);
  }
  /* Far too big is refused from its headers. */
  {
    g_autofree guint8 *huge = g_malloc0 (8 * 1024 * 1024);
    g_autoptr(ApiResponse) refused = api_request (fixture, "PUT", "/api/v1/me/avatar", token,
                                                  "image/jpeg", huge, 8 * 1024 * 1024);
    g_assert_cmpuint (refused->status, ==, 413);
  }
  {
    g_autoptr(ApiResponse) response = put_avatar (fixture, token, "image/jpeg", jpeg);
    g_autoptr(ApiResponse) image = NULL;

    g_assert_cmpuint (response->status, ==, 200);
    avatar_url = json_object_get_string_member (response->json, "avatar_url");
    g_assert_nonnull (avatar_url);
    image = api_request (fixture, "GET", avatar_url, token, NULL, NULL, 0);
    g_assert_cmpuint (image->status, ==, 200);
    g_assert_cmpstr (image->content_type, ==, "image/jpeg");
    g_assert_true (g_bytes_equal (image->body, jpeg));
  }
  {
    g_autoptr(ApiResponse) removed = api_request (fixture, "DELETE", "/api/v1/me/avatar", token, NULL, NULL, 0);
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/avatar", fixture->agent_id);
    g_autoptr(ApiResponse) gone = api_request (fixture, "GET", path, token, NULL, NULL, 0);

    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_true (json_object_get_null_member (removed->json, "avatar_url"));
    g_assert_cmpuint (gone->status, ==, 404);
  }
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "user.avatar_set"), ==, 2);
}

static void
test_directory (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "2001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) users = api_request (fixture, "GET", "/api/v1/users?limit=2", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) groups = api_request (fixture, "GET", "/api/v1/groups", token, NULL, NULL, 0);
  JsonArray *items;
  JsonObject *sales;
  const char *next;

  g_assert_cmpuint (users->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (users->json, "items")), ==, 2);
  next = json_object_get_string_member (users->json, "next");
  g_assert_nonnull (next);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users?limit=2&after=%s", next);
    g_autoptr(ApiResponse) page = api_request (fixture, "GET", path, token, NULL, NULL, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page->json, "items")), ==, 1);
    g_assert_true (json_object_get_null_member (page->json, "next"));
  }
  {
    g_autoptr(ApiResponse) bad = api_request (fixture, "GET", "/api/v1/users?limit=100000", token, NULL, NULL, 0);
    g_assert_cmpuint (bad->status, ==, 400);
  }

  items = json_object_get_array_member (groups->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  sales = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (sales, "name"), ==, "Sales");
  items = json_object_get_array_member (sales, "members");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* Leaders first. */
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0), "leader"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "account"), ==, "2001@demo");
}

/* Everything a user of acme can reach of demo: nothing. */
static void
test_tenant_isolation (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *demo_token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *acme_token = api_login (fixture, "1001@acme", TEST_PASSWORD);
  g_autoptr(GBytes) jpeg = load_file ("avatar.jpg");
  g_autofree char *demo_user = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, fixture->agent_id);
  g_autofree char *demo_avatar = g_strdup_printf ("%s/avatar", demo_user);
  g_autofree char *acme_user = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, fixture->acme_agent_id);

  {
    g_autoptr(ApiResponse) set = put_avatar (fixture, demo_token, "image/jpeg", jpeg);
    g_assert_cmpuint (set->status, ==, 200);
  }
  /* acme sees only acme. */
  {
    g_autoptr(ApiResponse) users = api_request (fixture, "GET", "/api/v1/users", acme_token, NULL, NULL, 0);
    JsonArray *items = json_object_get_array_member (users->json, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "account"), ==, "1001@acme");
  }
  {
    g_autoptr(ApiResponse) user = api_request (fixture, "GET", demo_user, acme_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) avatar = api_request (fixture, "GET", demo_avatar, acme_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) groups = api_request (fixture, "GET", "/api/v1/groups", acme_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) own = api_request (fixture, "GET", acme_user, acme_token, NULL, NULL, 0);

    g_assert_cmpuint (user->status, ==, 404);
    g_assert_cmpuint (avatar->status, ==, 404);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (groups->json, "items")), ==, 0);
    g_assert_cmpuint (own->status, ==, 200);
  }
  /* and demo cannot see acme's user either */
  {
    g_autoptr(ApiResponse) user = api_request (fixture, "GET", acme_user, demo_token, NULL, NULL, 0);
    g_assert_cmpuint (user->status, ==, 404);
  }
  /* acme's 1001 is itself, not demo's 1001 of the same employee ID, and its own edits
   * (GET, PATCH /me, PUT and DELETE /me/avatar) touch only acme's user: demo's 1001 is
   * unchanged, version included. */
  {
    g_autoptr(ApiResponse) before = api_request (fixture, "GET", "/api/v1/me", demo_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) acme_me = api_request (fixture, "GET", "/api/v1/me", acme_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) patch = api_json (fixture, "PATCH", "/api/v1/me", acme_token, "{\"surname\": \"Acme\"}");
    g_autoptr(ApiResponse) set = put_avatar (fixture, acme_token, "image/jpeg", jpeg);
    g_autoptr(ApiResponse) removed = api_request (fixture, "DELETE", "/api/v1/me/avatar", acme_token, NULL, NULL, 0);
    g_autoptr(ApiResponse) demo_me = api_request (fixture, "GET", "/api/v1/me", demo_token, NULL, NULL, 0);
    g_autoptr(GBytes) demo_avatar_bytes = wcc_store_user_get_avatar (fixture->store, fixture->demo_client_id,
                                                                     fixture->agent_id);

    g_assert_cmpstr (json_object_get_string_member (acme_me->json, "account"), ==, "1001@acme");
    g_assert_cmpint (json_object_get_int_member (acme_me->json, "id"), ==, fixture->acme_agent_id);
    g_assert_cmpuint (patch->status, ==, 200);
    g_assert_cmpuint (set->status, ==, 200);
    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (demo_me->json, "surname"), ==, "Test");
    g_assert_false (json_object_get_null_member (demo_me->json, "avatar_url"));
    g_assert_cmpint (json_object_get_int_member (demo_me->json, "version"), ==,
                     json_object_get_int_member (before->json, "version"));
    g_assert_true (g_bytes_equal (demo_avatar_bytes, jpeg));
  }
  /* A token of one client never acts as another: the store refuses cross-client reads. */
  g_assert_null (wcc_store_user_find (fixture->store, fixture->acme_client_id, fixture->agent_id));
  g_assert_null (wcc_store_user_get_avatar (fixture->store, fixture->acme_client_id, fixture->agent_id));
}

/* Roles and tenants over the directory */

static const ApiEndpoint directory_endpoints[] = {
  /* Everyone of the client reads the directory. */
  { "GET", "/api/v1/users", NULL, 200, 200, 200 },
  { "GET", "/api/v1/users/{U}", NULL, 200, 200, 200 },
  { "GET", "/api/v1/users/{U}/avatar", NULL, 200, 200, 200 },
  { "GET", "/api/v1/groups", NULL, 200, 200, 200 },
};

/* A user of demo named "Target …" with a picture, in a group of the same name. */
static guint
make_directory_records (Fixture        *fixture,
                        guint           round,
                        ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  g_autofree char *employee_id = g_strdup_printf ("9%03u", round);
  g_autoptr(GBytes) jpeg = load_file ("avatar.jpg");
  g_autoptr(GError) error = NULL;
  gint64 group = wcc_store_group_create (fixture->store, fixture->demo, label, &error);
  /* Never logs in: no password hash to compute. */
  gint64 user = wcc_store_user_create (fixture->store, fixture->demo, employee_id, "Target", label, WCC_ROLE_AGENT,
                                       "-", &error);

  g_assert_no_error (error);
  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, group, user, FALSE, &error));
  g_assert_true (wcc_store_user_set_avatar (fixture->store, fixture->demo, user, jpeg, &error));
  out[0] = (ApiPlaceholder) { "{U}", user };
  return 1;
}

/* After acme's request: the demo user is as made, and acme's lists name acme's people only. */
static void
check_directory_unchanged (Fixture              *fixture,
                           const ApiPlaceholder *records,
                           guint                 n_records,
                           ApiResponse          *response)
{
  g_autoptr(WccStoreUser) user = wcc_store_user_find (fixture->store, fixture->demo, records[0].value);
  g_autoptr(GBytes) avatar = wcc_store_user_get_avatar (fixture->store, fixture->demo, records[0].value);
  g_autofree char *text = g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  JsonArray *items;

  g_assert_nonnull (user);
  g_assert_cmpint (user->version, ==, 2);   /* created, then its picture set */
  g_assert_nonnull (avatar);
  g_assert_null (strstr (text, "@demo"));
  if (response->status != 200 || response->json == NULL || !json_object_has_member (response->json, "items"))
    return;
  items = items_of (response);
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *members = json_object_has_member (item, "members") ? json_object_get_array_member (item, "members")
                                                                      : NULL;

      if (members == NULL)
        {
          g_autoptr(WccStoreUser) listed = wcc_store_user_find (fixture->store, fixture->acme,
                                                                json_object_get_int_member (item, "id"));
          g_assert_nonnull (listed);
        }
      for (guint j = 0; members != NULL && j < json_array_get_length (members); j++)
        {
          g_autoptr(WccStoreUser) member = wcc_store_user_find (fixture->store, fixture->acme,
                                                                json_object_get_int_member (
                                                                  json_array_get_object_element (members, j), "id"));
          g_assert_nonnull (member);
        }
    }
}

static void
test_directory_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, directory_endpoints, G_N_ELEMENTS (directory_endpoints), make_directory_records);
}

static void
test_directory_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, directory_endpoints, G_N_ELEMENTS (directory_endpoints), make_directory_records,
                        check_directory_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);

#define ADD(path, func) \
  g_test_add (path, ApiFixture, NULL, profile_fixture_setup, func, profile_fixture_teardown)
  ADD ("/profile/patch-names", test_patch_names);
  ADD ("/profile/change-password", test_change_password);
  ADD ("/profile/avatar", test_avatar);
  ADD ("/directory/users-and-groups", test_directory);
  ADD ("/tenancy/isolation", test_tenant_isolation);
#undef ADD
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/directory/roles/matrix", test_directory_role_matrix);
  ADD ("/directory/tenants/isolation", test_directory_tenant_isolation);
#undef ADD
  return g_test_run ();
}
