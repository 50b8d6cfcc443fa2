/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-announcements.c: announcements over real HTTP (S17): a leader publishes to the
 * group they lead — its members get it live and on their board, a member of another group
 * and another client never; the admin publishes to the whole client; each recipient's seen
 * mark (the pop-up once); "My announcements" with how many saw it; who may publish to whom
 * (403); bad input; roles and tenants on every endpoint. */
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* The ids of the "announcement.published" events @stream received so far. */
static GArray *
published_ids (ApiStream *stream)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < stream->messages->len; i++)
    {
      JsonObject *message = api_stream_message (stream, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (message, "type", NULL),
                     "announcement.published") == 0)
        {
          gint64 id = json_object_get_int_member (json_object_get_object_member (message, "data"), "id");
          g_array_append_val (ids, id);
        }
    }
  return ids;
}

static guint
board_length (Fixture    *f,
              const char *token,
              const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/announcements%s", query);
  g_autoptr(ApiResponse) r = expect (f, "GET", path, token, NULL, 200);

  return json_array_get_length (items_of (r));
}

static void
test_targeting (Fixture *f, gconstpointer data)
{
  ApiStream *agent = api_stream_open (&f->api, f->agent, "", NULL);
  ApiStream *agent3 = api_stream_open (&f->api, f->t_agent3, "", NULL);
  ApiStream *acme = api_stream_open (&f->api, f->t_acme, "", NULL);
  g_autofree char *to_sales = g_strdup_printf ("{\"title\": \"Sales meeting\", \"body\": \"At 5 in room 3\","
                                               " \"group_ids\": [%" G_GINT64_FORMAT "]}", f->sales);
  g_autofree char *path = NULL;
  g_autoptr(GArray) seen3 = NULL;
  g_autoptr(GArray) seen_acme = NULL;
  JsonObject *event;
  gint64 sales_id, all_id;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->leader, to_sales, 201);
    sales_id = json_object_get_int_member (r->json, "id");
    g_assert_false (json_object_get_boolean_member (r->json, "whole_client"));
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (r->json, "group_ids"), 0), ==, f->sales);
    g_assert_nonnull (json_object_get_string_member (r->json, "published_at"));
  }
  event = api_stream_wait_event (agent, "announcement.published", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, sales_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "body"), ==,
                   "At 5 in room 3");
  /* Then one to the whole client: 1003 gets this one only, acme nothing. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin,
                                       "{\"title\": \"Holiday\", \"body\": \"Closed on Monday\", \"whole_client\": true}",
                                       201);
    all_id = json_object_get_int_member (r->json, "id");
  }
  api_stream_wait_event (agent3, "announcement.published", 0);
  seen3 = published_ids (agent3);
  g_assert_cmpuint (seen3->len, ==, 1);
  g_assert_cmpint (g_array_index (seen3, gint64, 0), ==, all_id);
  g_assert_cmpuint (board_length (f, f->agent, ""), ==, 2);
  g_assert_cmpuint (board_length (f, f->t_agent2, ""), ==, 2);
  g_assert_cmpuint (board_length (f, f->t_agent3, ""), ==, 1);
  g_assert_cmpuint (board_length (f, f->t_acme, ""), ==, 0);
  g_assert_cmpuint (board_length (f, f->t_acme_admin, ""), ==, 0);
  path = g_strdup_printf ("/api/v1/announcements/%" G_GINT64_FORMAT, sales_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->t_agent3, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->t_acme_admin, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "title"), ==, "Sales meeting");
  }
  /* A new member of Sales reads it too: recipients are the members when they read. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (wcc_store_group_add_member (f->store, f->demo, f->sales, f->agent3, FALSE, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (board_length (f, f->t_agent3, ""), ==, 2);
  /* acme's stream never had one: a later event of its own arrives, none before it. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->t_acme_admin,
                                       "{\"title\": \"Acme news\", \"body\": \"x\", \"whole_client\": true}", 201);
  }
  api_stream_wait_event (acme, "announcement.published", 0);
  seen_acme = published_ids (acme);
  g_assert_cmpuint (seen_acme->len, ==, 1);
  g_assert_cmpint (g_array_index (seen_acme, gint64, 0), !=, sales_id);
  g_assert_cmpint (g_array_index (seen_acme, gint64, 0), !=, all_id);
  api_stream_close (agent);
  api_stream_close (agent3);
  api_stream_close (acme);
}

/* The pop-up once: unseen until marked, then seen for that user only; "My announcements"
 * counts who saw it. */
static void
test_seen_once (Fixture *f, gconstpointer data)
{
  g_autofree char *to_sales = g_strdup_printf ("{\"title\": \"New script\", \"body\": \"Use version 2\","
                                               " \"group_ids\": [%" G_GINT64_FORMAT "]}", f->sales);
  g_autofree char *seen = NULL;
  gint64 id;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->leader, to_sales, 201);
    id = json_object_get_int_member (r->json, "id");
  }
  g_assert_cmpuint (board_length (f, f->agent, "?unseen=true"), ==, 1);
  seen = g_strdup_printf ("/api/v1/announcements/%" G_GINT64_FORMAT "/seen", id);
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", seen, f->agent, NULL, 204);
  }
  /* Again: still 204, nothing more. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", seen, f->agent, NULL, 204);
  }
  g_assert_cmpuint (board_length (f, f->agent, "?unseen=true"), ==, 0);
  g_assert_cmpuint (board_length (f, f->t_agent2, "?unseen=true"), ==, 1);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/announcements", f->agent, NULL, 200);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items_of (r), 0), "seen"));
  }
  /* Not a recipient: nothing to mark. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", seen, f->t_agent3, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/announcements/published", f->leader, NULL, 200);
    JsonObject *mine = json_array_get_object_element (items_of (r), 0);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (mine, "id"), ==, id);
    /* Sales: 1001, 1002 and the leader 2001. */
    g_assert_cmpint (json_object_get_int_member (mine, "recipient_count"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (mine, "seen_count"), ==, 1);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/announcements/published", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
}

/* Who publishes to whom, and bad input. */
static void
test_rights (Fixture *f, gconstpointer data)
{
  g_autofree char *to_service = g_strdup_printf ("{\"title\": \"t\", \"body\": \"b\", \"group_ids\": [%" G_GINT64_FORMAT
                                                 "]}", f->service);
  g_autofree char *to_sales = g_strdup_printf ("{\"title\": \"t\", \"body\": \"b\", \"group_ids\": [%" G_GINT64_FORMAT
                                               "]}", f->sales);
  g_autofree char *both = g_strdup_printf ("{\"title\": \"t\", \"body\": \"b\", \"whole_client\": true,"
                                           " \"group_ids\": [%" G_GINT64_FORMAT "]}", f->sales);
  g_autofree char *to_unknown = g_strdup ("{\"title\": \"t\", \"body\": \"b\", \"group_ids\": [999999]}");
  const char *whole = "{\"title\": \"t\", \"body\": \"b\", \"whole_client\": true}";

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->agent, to_sales, 403);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->leader, to_service, 403);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->leader, whole, 403);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin, to_service, 201);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin, both, 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin,
                                       "{\"title\": \"t\", \"body\": \"b\"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin,
                                       "{\"title\": \"\", \"body\": \"b\", \"whole_client\": true}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/announcements", f->admin, to_unknown, 400);
  }
  /* Nothing half-made: one announcement, one group row. */
  g_assert_cmpint (count_rows (f, "announcements"), ==, 1);
  g_assert_cmpint (count_rows (f, "announcement_groups"), ==, 1);
}

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/announcements", NULL, 200, 200, 200 },
  { "GET", "/api/v1/announcements/published", NULL, 200, 200, 200 },
  { "POST", "/api/v1/announcements", "{\"title\": \"Mine {S}\", \"body\": \"b\", \"group_ids\": [{G}]}", 403, 201, 201 },
  /* {A}: the leader's to Sales (1001 and 2001 are members; the admin is not, nor its
   * author). */
  { "GET", "/api/v1/announcements/{A}", NULL, 200, 200, 404 },
  { "POST", "/api/v1/announcements/{A}/seen", NULL, 204, 204, 404 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *title = g_strdup_printf ("Target %u", round);
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_announcement_create (fixture->store, fixture->demo, fixture->api.leader_id, title, "Target",
                                             FALSE, &fixture->sales, 1, &error);

  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{A}", id };
  out[1] = (ApiPlaceholder) { "{G}", fixture->sales };
  return 2;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_assert_cmpint (count_rows (fixture, "announcement_seen"), ==, 0);
  if (response->status == 200 && json_object_has_member (response->json, "items"))
    g_assert_cmpuint (json_array_get_length (items_of (response)), ==, 0);
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
  ADD ("/announcements/targeting", test_targeting);
  ADD ("/announcements/seen-once", test_seen_once);
  ADD ("/announcements/rights", test_rights);
  ADD ("/announcements/role-matrix", test_role_matrix);
  ADD ("/announcements/tenant-isolation", test_tenant_isolation);
  return g_test_run ();
}
