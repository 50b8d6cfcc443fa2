/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-customer-events.c: customer.changed and customers.moved over real WebSockets:
 * each reaches the users who see the customer (before or after a move) and nobody else —
 * not an agent of another group, not another client. */
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

typedef struct {
  ApiStream  *stream;
  const char *token;
} Listener;

/* "/api/v1/customers/@id@rest" */
static char *
customer_path (gint64      id,
               const char *rest)
{
  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "%s", id, rest);
}

static Listener
listen_as (Fixture    *fixture,
           const char *token)
{
  Listener listener = { api_stream_open (&fixture->api, token, "", NULL), token };

  g_assert_nonnull (listener.stream);
  api_stream_wait_messages (listener.stream, 1);   /* hello */
  return listener;
}

static void
close_listeners (Listener **listeners,
                 guint      n_listeners)
{
  for (guint i = 0; i < n_listeners; i++)
    api_stream_close (listeners[i]->stream);
}

static gboolean
is_customer_event (JsonObject *message)
{
  return g_str_has_prefix (json_object_get_string_member_with_default (message, "type", ""), "customer");
}

/* The customer events @listener got from message @from until a user.updated it makes now
 * (events arrive in order: whatever was published before is in by then). */
static GPtrArray *
customer_events_until_sentinel (Fixture  *fixture,
                                Listener *listener,
                                guint     from)
{
  static guint counter;
  g_autofree char *body = g_strdup_printf ("{\"given_name\": \"Sentinel %u\"}", ++counter);
  g_autoptr(ApiResponse) change = api_json (&fixture->api, "PATCH", "/api/v1/me", listener->token, body);
  GPtrArray *events = g_ptr_array_new ();
  JsonObject *sentinel;

  g_assert_cmpuint (change->status, ==, 200);
  sentinel = api_stream_wait_event (listener->stream, "user.updated", from);
  for (guint i = from; i < listener->stream->messages->len; i++)
    {
      JsonObject *message = api_stream_message (listener->stream, i);

      if (message == sentinel)
        break;
      if (is_customer_event (message))
        g_ptr_array_add (events, message);
    }
  return events;
}

static void
assert_no_customer_event (Fixture  *fixture,
                          Listener *listener,
                          guint     from)
{
  g_autoptr(GPtrArray) events = customer_events_until_sentinel (fixture, listener, from);

  g_assert_cmpuint (events->len, ==, 0);
}

/* The one customer event @listener got from @from on; it must be of @type. */
static JsonObject *
single_customer_event (Fixture    *fixture,
                       Listener   *listener,
                       guint       from,
                       const char *type)
{
  g_autoptr(GPtrArray) events = customer_events_until_sentinel (fixture, listener, from);
  JsonObject *event;

  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, type);
  return json_object_get_object_member (event, "data");
}

static gboolean
array_has (JsonArray *array,
           gint64     id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_array_get_int_element (array, i) == id)
      return TRUE;
  return FALSE;
}

/* customers.moved data has one move: @task_id, @owner_id (0: null) and exactly @ids. */
static void
assert_single_move (JsonObject   *data,
                    gint64        task_id,
                    gint64        owner_id,
                    const gint64 *ids,
                    guint         n_ids)
{
  JsonArray *moves = json_object_get_array_member (data, "moves");
  JsonObject *move;
  JsonArray *moved;

  g_assert_cmpuint (json_array_get_length (moves), ==, 1);
  move = json_array_get_object_element (moves, 0);
  if (task_id == 0)
    g_assert_true (json_object_get_null_member (move, "task_id"));
  else
    g_assert_cmpint (json_object_get_int_member (move, "task_id"), ==, task_id);
  if (owner_id == 0)
    g_assert_true (json_object_get_null_member (move, "owner_id"));
  else
    g_assert_cmpint (json_object_get_int_member (move, "owner_id"), ==, owner_id);
  moved = json_object_get_array_member (move, "ids");
  g_assert_cmpuint (json_array_get_length (moved), ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    g_assert_true (array_has (moved, ids[i]));
}

/* A grab is one customers.moved with every id grabbed, to the task's people and the
 * client admin; the other group's agent and the other client hear nothing, also when
 * they catch up on a reconnection. */
static void
test_grab (Fixture *fixture, gconstpointer data)
{
  gint64 ids[3];
  g_autofree char *grab = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", fixture->task_a);
  g_autofree char *body = NULL;
  g_autofree char *resume = NULL;
  Listener agent = listen_as (fixture, fixture->agent);
  Listener agent2 = listen_as (fixture, fixture->t_agent2);
  Listener agent3 = listen_as (fixture, fixture->t_agent3);
  Listener leader = listen_as (fixture, fixture->leader);
  Listener admin = listen_as (fixture, fixture->admin);
  Listener acme = listen_as (fixture, fixture->t_acme);
  Listener acme_admin = listen_as (fixture, fixture->t_acme_admin);
  Listener *told[] = { &agent, &agent2, &leader, &admin };
  Listener *untold[] = { &agent3, &acme, &acme_admin };
  JsonObject *hello = api_stream_message (agent3.stream, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Pool %u", i);
      ids[i] = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, 0, name, NULL);
    }
  body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]}", ids[0], ids[1]);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", grab, fixture->t_agent2, body, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "grabbed")), ==, 2);
  }
  for (guint i = 0; i < G_N_ELEMENTS (told); i++)
    assert_single_move (single_customer_event (fixture, told[i], 1, "customers.moved"),
                        fixture->task_a, fixture->agent2, ids, 2);
  for (guint i = 0; i < G_N_ELEMENTS (untold); i++)
    assert_no_customer_event (fixture, untold[i], 1);

  /* Catching up from the start: the event is kept for its users only. */
  resume = g_strdup_printf ("?after=0&epoch=%s", json_object_get_string_member (hello, "epoch"));
  {
    ApiStream *again = api_stream_open (&fixture->api, fixture->t_agent3, resume, NULL);
    Listener agent3_again = { again, fixture->t_agent3 };
    ApiStream *again1 = api_stream_open (&fixture->api, fixture->agent, resume, NULL);

    api_stream_wait_event (again1, "customers.moved", 0);
    assert_no_customer_event (fixture, &agent3_again, 0);
    api_stream_close (again);
    api_stream_close (again1);
  }

  /* Grabbing nothing new (a taken customer) tells nobody. */
  {
    guint seen = agent.stream->messages->len;
    g_autofree char *taken = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", ids[0]);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", grab, fixture->agent, taken, 200);

    assert_no_customer_event (fixture, &agent, seen);
  }
  close_listeners (told, G_N_ELEMENTS (told));
  close_listeners (untold, G_N_ELEMENTS (untold));
}

/* An edit by the leader: customer.changed with the Customer as served to the owner, the
 * leader and the admin; another agent of the same group does not see an owned customer
 * and hears nothing. */
static void
test_edit (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Kato Steel", "+81 3 0000 1111");
  g_autofree char *path = customer_path (customer, "");
  Listener agent = listen_as (fixture, fixture->agent);
  Listener agent2 = listen_as (fixture, fixture->t_agent2);
  Listener agent3 = listen_as (fixture, fixture->t_agent3);
  Listener leader = listen_as (fixture, fixture->leader);
  Listener admin = listen_as (fixture, fixture->admin);
  Listener acme = listen_as (fixture, fixture->t_acme);
  Listener *told[] = { &agent, &leader, &admin };
  Listener *untold[] = { &agent2, &agent3, &acme };

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader,
                                       "{\"version\": 1, \"company\": \"Kato Steel Works\"}", 200);
  }
  for (guint i = 0; i < G_N_ELEMENTS (told); i++)
    {
      JsonObject *changed = single_customer_event (fixture, told[i], 1, "customer.changed");

      g_assert_cmpint (json_object_get_int_member (changed, "id"), ==, customer);
      g_assert_cmpstr (json_object_get_string_member (changed, "company"), ==, "Kato Steel Works");
      g_assert_cmpstr (json_object_get_string_member (changed, "tab_label"), ==, "Kato Steel Works");
      g_assert_cmpint (json_object_get_int_member (changed, "version"), ==, 2);
      g_assert_cmpint (json_object_get_int_member (changed, "owner_id"), ==, fixture->api.agent_id);
    }
  for (guint i = 0; i < G_N_ELEMENTS (untold); i++)
    assert_no_customer_event (fixture, untold[i], 1);
  close_listeners (told, G_N_ELEMENTS (told));
  close_listeners (untold, G_N_ELEMENTS (untold));
}

/* A customer added by an agent and a contact record saved for it: customer.changed to
 * the agent (the new owner), with the new dial count after the record. */
static void
test_create_and_record (Fixture *fixture, gconstpointer data)
{
  gint64 result = make_result (fixture, "Interested", "success", "any");
  g_autofree char *body = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT ", \"company\": \"Mori Foods\"}",
                                           fixture->task_a);
  g_autofree char *record = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\"}",
                                             result);
  g_autofree char *records = NULL;
  Listener agent = listen_as (fixture, fixture->agent);
  Listener agent2 = listen_as (fixture, fixture->t_agent2);
  Listener leader = listen_as (fixture, fixture->leader);
  JsonObject *changed;
  gint64 id;
  guint seen;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers", fixture->agent, body, 201);
    id = json_object_get_int_member (r->json, "id");
  }
  changed = single_customer_event (fixture, &agent, 1, "customer.changed");
  g_assert_cmpint (json_object_get_int_member (changed, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (changed, "dial_count"), ==, 0);
  changed = single_customer_event (fixture, &leader, 1, "customer.changed");
  g_assert_cmpint (json_object_get_int_member (changed, "id"), ==, id);
  assert_no_customer_event (fixture, &agent2, 1);

  seen = agent.stream->messages->len;
  records = customer_path (id, "/contact-records");
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", records, fixture->agent, record, 201);
  }
  changed = single_customer_event (fixture, &agent, seen, "customer.changed");
  g_assert_cmpint (json_object_get_int_member (changed, "dial_count"), ==, 1);
  g_assert_false (json_object_get_null_member (changed, "last_contact_at"));
  api_stream_close (agent.stream);
  api_stream_close (agent2.stream);
  api_stream_close (leader.stream);
}

/* A release tells the pool's agents (they may grab it now); the admin's move into another
 * group's task tells those who lose it (customers.moved only, no data) and those who get
 * it (customers.moved, then customer.changed with the data). */
static void
test_release_and_move (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Sato Trading", NULL);
  g_autofree char *release = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer);
  g_autofree char *move = g_strdup_printf ("{\"version\": 2, \"task_id\": %" G_GINT64_FORMAT "}", fixture->task_b);
  g_autofree char *path = customer_path (customer, "");
  Listener agent = listen_as (fixture, fixture->agent);
  Listener agent2 = listen_as (fixture, fixture->t_agent2);
  Listener agent3 = listen_as (fixture, fixture->t_agent3);
  Listener acme = listen_as (fixture, fixture->t_acme);
  guint seen1, seen2, seen3;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/release", fixture->agent, release, 200);
  }
  assert_single_move (single_customer_event (fixture, &agent, 1, "customers.moved"), fixture->task_a, 0, &customer, 1);
  assert_single_move (single_customer_event (fixture, &agent2, 1, "customers.moved"), fixture->task_a, 0, &customer, 1);
  assert_no_customer_event (fixture, &agent3, 1);

  seen1 = agent.stream->messages->len;
  seen2 = agent2.stream->messages->len;
  seen3 = agent3.stream->messages->len;
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin, move, 200);
  }
  assert_single_move (single_customer_event (fixture, &agent, seen1, "customers.moved"), fixture->task_b, 0, &customer, 1);
  assert_single_move (single_customer_event (fixture, &agent2, seen2, "customers.moved"), fixture->task_b, 0, &customer, 1);
  {
    g_autoptr(GPtrArray) events = customer_events_until_sentinel (fixture, &agent3, seen3);
    JsonObject *changed;

    g_assert_cmpuint (events->len, ==, 2);
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "type"), ==, "customers.moved");
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 1), "type"), ==, "customer.changed");
    changed = json_object_get_object_member (g_ptr_array_index (events, 1), "data");
    g_assert_cmpint (json_object_get_int_member (changed, "task_id"), ==, fixture->task_b);
    g_assert_true (json_object_get_null_member (changed, "owner_id"));
  }
  assert_no_customer_event (fixture, &acme, 1);
  api_stream_close (agent.stream);
  api_stream_close (agent2.stream);
  api_stream_close (agent3.stream);
  api_stream_close (acme.stream);
}

/* The admin's batch move: customers of different owners end with different owners (C4),
 * still one event, its ids grouped by where they are now. */
static void
test_assign_groups_moves (Fixture *fixture, gconstpointer data)
{
  gint64 pooled = add_customer (fixture, fixture->demo, fixture->package, 0, 0, "Unassigned A", NULL);
  gint64 owned = add_customer (fixture, fixture->demo, fixture->package, 0, fixture->api.agent_id, "Unassigned B", NULL);
  g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], \"task_id\": %"
                                           G_GINT64_FORMAT "}", pooled, owned, fixture->task_a);
  Listener admin = listen_as (fixture, fixture->admin);
  Listener agent = listen_as (fixture, fixture->agent);
  Listener agent3 = listen_as (fixture, fixture->t_agent3);
  JsonObject *moved;
  JsonArray *moves;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, body, 200);
  }
  moved = single_customer_event (fixture, &admin, 1, "customers.moved");
  moves = json_object_get_array_member (moved, "moves");
  g_assert_cmpuint (json_array_get_length (moves), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *move = json_array_get_object_element (moves, i);
      JsonArray *ids = json_object_get_array_member (move, "ids");

      g_assert_cmpint (json_object_get_int_member (move, "task_id"), ==, fixture->task_a);
      g_assert_cmpuint (json_array_get_length (ids), ==, 1);
      if (json_object_get_null_member (move, "owner_id"))
        g_assert_true (array_has (ids, pooled));
      else
        {
          g_assert_cmpint (json_object_get_int_member (move, "owner_id"), ==, fixture->api.agent_id);
          g_assert_true (array_has (ids, owned));
        }
    }
  /* 1001 works on task A: the pool customer is now in their pool, and theirs stays theirs. */
  single_customer_event (fixture, &agent, 1, "customers.moved");
  assert_no_customer_event (fixture, &agent3, 1);
  api_stream_close (admin.stream);
  api_stream_close (agent.stream);
  api_stream_close (agent3.stream);
}

/* An admin's batch move of two agents' customers: each agent, and the leader of one, hears
 * only of the customers they saw before or see now, never of the other agent's. 1001
 * (Sales) owns X, 1003 (Service) owns Y; both go into task B (Service): X to 1003, the only
 * agent of task B; Y stays 1003's. */
static void
test_assign_tells_each_only_theirs (Fixture *fixture, gconstpointer data)
{
  gint64 x = add_customer (fixture, fixture->demo, fixture->package, 0, fixture->api.agent_id, "Agent X's", NULL);
  gint64 y = add_customer (fixture, fixture->demo, fixture->package, 0, fixture->agent3, "Agent Y's", NULL);
  g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], \"task_id\": %"
                                           G_GINT64_FORMAT "}", x, y, fixture->task_b);
  Listener agent = listen_as (fixture, fixture->agent);
  Listener leader = listen_as (fixture, fixture->leader);
  Listener agent3 = listen_as (fixture, fixture->t_agent3);
  Listener admin = listen_as (fixture, fixture->admin);
  gint64 both[] = { x, y };
  JsonObject *moved;
  JsonArray *moves;
  guint n_ids = 0;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, body, 200);
  }
  /* X's old owner and their leader: X only. */
  assert_single_move (single_customer_event (fixture, &agent, 1, "customers.moved"), fixture->task_b, fixture->agent3, &x, 1);
  assert_single_move (single_customer_event (fixture, &leader, 1, "customers.moved"), fixture->task_b, fixture->agent3, &x, 1);
  /* Y's owner, who now owns X too, and the admin: both. */
  assert_single_move (single_customer_event (fixture, &agent3, 1, "customers.moved"), fixture->task_b, fixture->agent3, both, 2);
  moved = single_customer_event (fixture, &admin, 1, "customers.moved");
  moves = json_object_get_array_member (moved, "moves");
  for (guint i = 0; i < json_array_get_length (moves); i++)
    n_ids += json_array_get_length (json_object_get_array_member (json_array_get_object_element (moves, i), "ids"));
  g_assert_cmpuint (n_ids, ==, 2);
  close_listeners ((Listener *[]) { &agent, &leader, &agent3, &admin }, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/customer-events/grab", test_grab);
  ADD ("/customer-events/edit", test_edit);
  ADD ("/customer-events/create-and-record", test_create_and_record);
  ADD ("/customer-events/release-and-move", test_release_and_move);
  ADD ("/customer-events/assign-groups-moves", test_assign_groups_moves);
  ADD ("/customer-events/assign-tells-each-only-theirs", test_assign_tells_each_only_theirs);
#undef ADD
  return g_test_run ();
}
