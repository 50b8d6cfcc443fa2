/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-todos.c: to-do items over real HTTP (D4): the client admin gives one to two
 * agents, each told (notification and todo.changed); an agent marks theirs done and the
 * admin sees it live and in "created" with its status; agents make their own; who may
 * give to-dos to whom (403); versions (409); bad input; roles and tenants on every
 * endpoint. */
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static JsonObject *
find_item (JsonArray *items,
           gint64     id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return json_array_get_object_element (items, i);
  return NULL;
}

/* The data of the first todo.changed of @id with @status on @stream, waiting for it. */
static JsonObject *
wait_todo (ApiStream  *stream,
           gint64      id,
           const char *status)
{
  for (guint count = 1;; count++)
    {
      JsonObject *message, *todo;

      api_stream_wait_messages (stream, count);
      message = api_stream_message (stream, count - 1);
      if (g_strcmp0 (json_object_get_string_member_with_default (message, "type", NULL), "todo.changed") != 0)
        continue;
      todo = json_object_get_object_member (message, "data");
      if (json_object_get_int_member (todo, "id") == id &&
          g_str_equal (json_object_get_string_member (todo, "status"), status))
        return todo;
    }
}

static void
test_assigned_status_seen_by_creator (Fixture *f, gconstpointer data)
{
  ApiStream *agent = api_stream_open (&f->api, f->agent, "", NULL);
  ApiStream *admin = api_stream_open (&f->api, f->admin, "", NULL);
  g_autofree char *body = g_strdup_printf ("{\"title\": \"Call back the Osaka leads\", \"description\": \"Before noon\","
                                           " \"due_at\": \"2031-05-01T09:30:00Z\", \"assignee_ids\": [%" G_GINT64_FORMAT
                                           ", %" G_GINT64_FORMAT "]}", f->api.agent_id, f->agent2);
  g_autofree char *path = NULL;
  JsonObject *event, *mine = NULL, *todo;
  gint64 mine_id = 0;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->admin, body, 201);
    JsonArray *items = items_of (r);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "open");
        g_assert_cmpstr (json_object_get_string_member (item, "due_at"), ==, "2031-05-01T09:30:00Z");
        g_assert_cmpstr (json_object_get_string_member (item, "creator_name"), !=, NULL);
        if (json_object_get_int_member (item, "assignee_id") == f->api.agent_id)
          mine_id = json_object_get_int_member (item, "id");
      }
  }
  g_assert_cmpint (mine_id, !=, 0);
  /* The agent is told: a notification and the to-do itself. */
  event = api_stream_wait_event (agent, "notification.created", 0);
  {
    JsonObject *notification = json_object_get_object_member (json_object_get_object_member (event, "data"),
                                                              "notification");
    g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "todo.assigned");
    g_assert_cmpint (json_object_get_int_member (notification, "ref_id"), ==, mine_id);
    g_assert_cmpstr (json_object_get_string_member (notification, "body"), ==, "Call back the Osaka leads");
  }
  event = api_stream_wait_event (agent, "todo.changed", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, mine_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/todos", f->agent, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    mine = find_item (items_of (r), mine_id);
    g_assert_nonnull (mine);
    g_assert_cmpstr (json_object_get_string_member (mine, "description"), ==, "Before noon");
  }
  /* The agent marks it done; the admin sees it live and in what they gave out. */
  path = g_strdup_printf ("/api/v1/todos/%" G_GINT64_FORMAT, mine_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->agent, "{\"version\": 1, \"status\": \"done\"}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  todo = wait_todo (admin, mine_id, "done");
  g_assert_cmpint (json_object_get_int_member (todo, "version"), ==, 2);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/todos?scope=created", f->admin, NULL, 200);
    JsonArray *items = items_of (r);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (find_item (items, mine_id), "status"), ==, "done");
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/todos?scope=created&status=open", f->admin, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_null (find_item (items_of (r), mine_id));
  }
  /* The admin's own list holds none: they were for others. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/todos", f->admin, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  /* A stale version: 409 with the to-do as it is now. */
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->admin, "{\"version\": 1, \"title\": \"Late\"}", 409);
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
  }
  /* The other agent does not see it. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->t_agent2, NULL, 404);
  }
  api_stream_close (agent);
  api_stream_close (admin);
}

/* An agent makes their own (no notification); gives none to others; a leader gives them
 * to the agents of the groups they lead only. Bad input is refused. */
static void
test_who_gives_todos (Fixture *f, gconstpointer data)
{
  g_autofree char *to_agent2 = g_strdup_printf ("{\"title\": \"x\", \"assignee_ids\": [%" G_GINT64_FORMAT "]}",
                                                f->agent2);
  g_autofree char *to_agent3 = g_strdup_printf ("{\"title\": \"x\", \"assignee_ids\": [%" G_GINT64_FORMAT "]}",
                                                f->agent3);
  g_autofree char *to_acme = g_strdup_printf ("{\"title\": \"x\", \"assignee_ids\": [%" G_GINT64_FORMAT "]}",
                                              f->api.acme_agent_id);

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->agent, "{\"title\": \"Tidy my list\"}", 201);
    JsonObject *item = json_array_get_object_element (items_of (r), 0);

    g_assert_cmpint (json_object_get_int_member (item, "assignee_id"), ==, f->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (item, "creator_id"), ==, f->api.agent_id);
    g_assert_true (json_object_get_null_member (item, "due_at"));
  }
  g_assert_cmpint (count_rows (f, "notifications"), ==, 0);
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->agent, to_agent2, 403);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->leader, to_agent2, 201);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->leader, to_agent3, 403);
  }
  /* Another client's user is no user of this one. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->admin, to_acme, 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->agent, "{\"title\": \"\"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->agent, "{\"title\": \"a\", \"status\": \"late\"}",
                                       400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/todos", f->agent,
                                       "{\"title\": \"a\", \"due_at\": \"tomorrow\"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/todos?scope=everyone", f->agent, NULL, 400);
  }
  /* Nothing half-made: 1 of the agent's, 1 of the leader's. */
  g_assert_cmpint (count_rows (f, "todos"), ==, 2);
}

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/todos", NULL, 200, 200, 200 },
  { "GET", "/api/v1/todos?scope=created", NULL, 200, 200, 200 },
  { "POST", "/api/v1/todos", "{\"title\": \"Mine {S}\"}", 201, 201, 201 },
  /* {T}: the admin's for 1001: its assignee and its creator see it, nobody else. */
  { "GET", "/api/v1/todos/{T}", NULL, 200, 404, 200 },
  { "PATCH", "/api/v1/todos/{T}", "{\"version\": 1, \"status\": \"in_progress\"}", 200, 404, 200 },
  { "DELETE", "/api/v1/todos/{T}", NULL, 403, 404, 204 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *title = g_strdup_printf ("Target %u", round);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreUser) admin = wcc_store_user_find_by_account (fixture->store, "demo", "admin");
  WccStoreTodo todo = {
    .client_id = fixture->demo, .creator_id = admin->id, .assignee_id = fixture->api.agent_id, .title = title,
  };
  gint64 id = wcc_store_todo_create (fixture->store, &todo, &error);

  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{T}", id };
  return 1;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(WccStoreTodo) todo = wcc_store_todo_find (fixture->store, fixture->demo, records[0].value);

  g_assert_nonnull (todo);
  g_assert_cmpint (todo->version, ==, 1);
  g_assert_cmpint (todo->status, ==, WCC_TO_DO_OPEN);
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
  ADD ("/todos/assigned-status-seen-by-creator", test_assigned_status_seen_by_creator);
  ADD ("/todos/who-gives-todos", test_who_gives_todos);
  ADD ("/todos/role-matrix", test_role_matrix);
  ADD ("/todos/tenant-isolation", test_tenant_isolation);
  return g_test_run ();
}
