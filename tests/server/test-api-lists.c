/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-lists.c: an agent's lists and dashboard over real HTTP: pending and funnel lists
 * (C19, C20) and tags (C21) as filters of the customer list, recent contacts (C22), today's
 * tasks (D5) and the leaderboard (D6) counted on a constructed day with its edge cases,
 * the query plans of the lists, roles and tenants on every endpoint. The server's time zone
 * is JST (UTC+9) here, so days are not UTC days. */
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* 2024-03-15 00:00 in JST, and the next midnight. */
#define DAY_START ((gint64) 1710428400)
#define DAY_END   (DAY_START + 86400)
#define AT(hours, minutes, seconds) (DAY_START + (hours) * 3600 + (minutes) * 60 + (seconds))
#define US(seconds) ((seconds) * G_USEC_PER_SEC)

typedef struct {
  Fixture  base;
  gint64   success, fail, follow_up;     /* call results */
  gint64   c1, c2, c3, c5, c6;           /* of 1001: c1, c2 in task A, c3 in no task, c5, c6 in A */
  gint64   c4;                           /* of 1002, in task A */
} ListFixture;

static gint64
add_result (Fixture        *f,
            const char     *label,
            WccFunnelStage  funnel)
{
  WccStoreCallResult result = { .client_id = f->demo, .label = (char *) label, .funnel = funnel };
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_call_result_create (f->store, &result, &error);

  g_assert_no_error (error);
  return id;
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (wcc_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A contact record saved over the API by @token, then dated @at (Unix seconds). */
static gint64
add_record (Fixture    *f,
            const char *token,
            gint64      customer_id,
            gint64      result_id,
            const char *call_state,
            gint64      at)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer_id);
  g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"%s\"}",
                                           result_id, call_state);
  g_autoptr(ApiResponse) r = expect (f, "POST", path, token, body, 201);
  gint64 id = json_object_get_int_member (r->json, "id");
  g_autofree char *sql = g_strdup_printf ("UPDATE contact_records SET created_at = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT ";", at, id);

  exec_sql (f, sql);
  return id;
}

/* A call record written by the store as the SIP layer would: @user on the caller's leg
 * (@placed) or taking it (the agent, with an answered leg), offered at @at (Unix seconds),
 * answered two seconds later unless @answered is FALSE, ended a minute later. */
static gint64
add_call (Fixture                *f,
          gint64                  client_id,
          WccCallRecordDirection  direction,
          gint64                  user,
          gboolean                placed,
          gboolean                answered,
          gint64                  task_id,
          gint64                  customer_id,
          gint64                  at)
{
  g_autoptr(GError) error = NULL;
  gint64 call = wcc_store_call_create (f->store, client_id, direction, placed ? "1001" : "0312340000",
                                       placed ? "0312340000" : "8001", 0, US (at - 2), &error);
  gint64 leg;

  g_assert_no_error (error);
  leg = wcc_store_call_add_leg (f->store, call, placed ? WCC_CALL_SIDE_CALLER : WCC_CALL_SIDE_CALLEE, user, "sip:x",
                                "", "", US (at - 2), &error);
  g_assert_no_error (error);
  if (!placed)
    g_assert_true (wcc_store_call_set_agent (f->store, call, user, &error));
  if (answered)
    {
      g_assert_true (wcc_store_call_set_answered (f->store, call, US (at), &error));
      if (!placed)
        g_assert_true (wcc_store_call_leg_set_answered (f->store, leg, US (at), &error));
    }
  g_assert_true (wcc_store_call_end (f->store, call, US (at + 60), "hung up", WCC_CALL_SIDE_CALLER, &error));
  if (task_id != 0 || customer_id != 0)
    g_assert_true (wcc_store_call_attach (f->store, client_id, call, task_id, customer_id, 0, &error));
  g_assert_no_error (error);
  return call;
}

static void
list_fixture_setup (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;

  fixture_setup (f, data);
  fixture->success = add_result (f, "Sold", WCC_FUNNEL_SUCCESS);
  fixture->fail = add_result (f, "Not interested", WCC_FUNNEL_FAIL);
  fixture->follow_up = add_result (f, "Call back", WCC_FUNNEL_FOLLOW_UP);
  fixture->c1 = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Alpha Trading", "03-1000-0001");
  fixture->c2 = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Beta Foods", "03-1000-0002");
  fixture->c3 = add_customer (f, f->demo, f->package, 0, f->api.agent_id, "Gamma Works", "03-1000-0003");
  fixture->c4 = add_customer (f, f->demo, f->package, f->task_a, f->agent2, "Delta Inc", "03-1000-0004");
  fixture->c5 = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Epsilon KK", "03-1000-0005");
  fixture->c6 = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Zeta Co", "03-1000-0006");
}

static void
list_fixture_teardown (ListFixture *fixture, gconstpointer data)
{
  fixture_teardown (&fixture->base, data);
}

/* The constructed day 2024-03-15 (JST) */
static void
build_day (ListFixture *fixture)
{
  Fixture *f = &fixture->base;
  gint64 agent = f->api.agent_id;

  /* 1001's success records: three in task A on the day, one repeated on the same customer,
   * one without a connected call, the last a second before midnight; one at midnight (the
   * next day); a fail; one on a customer in no task. */
  add_record (f, f->agent, fixture->c1, fixture->success, "answered", AT (10, 0, 0));
  add_record (f, f->agent, fixture->c1, fixture->success, "answered", AT (11, 0, 0));
  add_record (f, f->agent, fixture->c2, fixture->success, "unanswered", AT (12, 0, 0));
  add_record (f, f->agent, fixture->c2, fixture->fail, "answered", AT (13, 0, 0));
  add_record (f, f->agent, fixture->c1, fixture->success, "answered", AT (23, 59, 59));
  add_record (f, f->agent, fixture->c2, fixture->success, "answered", DAY_END);
  add_record (f, f->agent, fixture->c3, fixture->success, "answered", AT (14, 0, 0));
  add_record (f, f->agent, fixture->c5, fixture->follow_up, "answered", AT (15, 0, 0));
  /* 1002: four in task A too, the last at 20:00 (so 1002 reached four first). */
  for (guint i = 0; i < 3; i++)
    add_record (f, f->t_agent2, fixture->c4, fixture->success, "answered", AT (9, i * 10, 0));
  add_record (f, f->t_agent2, fixture->c4, fixture->success, "answered", AT (20, 0, 0));
  /* 1001's calls: placed and answered in task A (one a second before midnight), taken in no
   * task, placed and not answered, answered at midnight (the next day), internal. */
  add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, f->task_a, fixture->c1, AT (10, 0, 0));
  add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, f->task_a, fixture->c1, AT (23, 59, 59));
  add_call (f, f->demo, WCC_CALL_INBOUND, agent, FALSE, TRUE, 0, 0, AT (15, 0, 0));
  add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, FALSE, f->task_a, fixture->c2, AT (16, 0, 0));
  add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, f->task_a, fixture->c2, DAY_END);
  add_call (f, f->demo, WCC_CALL_INTERNAL, agent, TRUE, TRUE, 0, 0, AT (17, 0, 0));
  /* Another client's row naming 1001 (as no real call would): not theirs. */
  add_call (f, f->acme, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, 0, 0, AT (11, 0, 0));
}

static JsonObject *
row (ApiResponse *response,
     guint        index)
{
  return json_array_get_object_element (items_of (response), index);
}

static void
test_today_tasks (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;

  build_day (fixture);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/tasks?date=2024-03-15", f->agent, NULL, 200);
    JsonObject *total = json_object_get_object_member (r->json, "total");

    g_assert_cmpstr (json_object_get_string_member (r->json, "from"), ==, "2024-03-14T15:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (r->json, "to"), ==, "2024-03-15T15:00:00Z");
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "task_id"), ==, f->task_a);
    g_assert_cmpstr (json_object_get_string_member (row (r, 0), "task_name"), ==, "Spring campaign");
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "connected"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 4);
    /* Outside tasks: the inbound call and the record on the customer in no task. */
    g_assert_true (json_object_get_null_member (row (r, 1), "task_id"));
    g_assert_cmpint (json_object_get_int_member (row (r, 1), "connected"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 1), "success"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (total, "connected"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (total, "success"), ==, 5);
  }
  /* The next day has the records and calls at midnight. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/tasks?date=2024-03-16", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "connected"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 1);
  }
  /* 1003 works in task B only and did nothing: one row of zeros. A leader asks for 1002. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/tasks?date=2024-03-15", f->t_agent3, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "task_id"), ==, f->task_b);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 0);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/dashboard/tasks?date=2024-03-15&agent=%" G_GINT64_FORMAT,
                                             f->agent2);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->leader, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "connected"), ==, 0);
  }
  /* Today (no date): nothing yet. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/tasks", f->agent, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (r->json, "total"), "success"), ==, 0);
  }
  {
    const char *bads[] = { "date=2024-02-30", "date=15.03.2024", "date=2024-3-15", "agent=x", "date=" };
    for (guint i = 0; i < G_N_ELEMENTS (bads); i++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/dashboard/tasks?%s", bads[i]);
        g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 400);
      }
  }
}

static void
test_leaderboard (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = g_strdup_printf ("/api/v1/dashboard/leaderboard?date=2024-03-15&task=%" G_GINT64_FORMAT,
                                           f->task_a);

  build_day (fixture);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);

    /* 4 each: 1002 reached it at 20:00, 1001 at 23:59:59; 2001 (an agent of Sales too) none. */
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 3);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "user_id"), ==, f->agent2);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "rank"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (row (r, 1), "user_id"), ==, f->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (row (r, 1), "success"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (row (r, 1), "rank"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (row (r, 2), "user_id"), ==, f->api.leader_id);
    g_assert_cmpint (json_object_get_int_member (row (r, 2), "success"), ==, 0);
    g_assert_true (json_object_get_null_member (row (r, 2), "reached_at"));
  }
  /* One more success of 1001's that day puts them first. */
  add_record (f, f->agent, fixture->c6, fixture->success, "unanswered", AT (8, 0, 0));
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->t_agent2, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "user_id"), ==, f->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "success"), ==, 5);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/leaderboard", f->agent, NULL, 400);
  }
}

/* C19, C20, C21: filters of the customer list on the last contact record */
static void
test_pending_and_funnel_lists (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autoptr(GError) error = NULL;
  gint64 other_package = wcc_store_package_create (f->store, f->demo, "Other", "[]", &error);
  gint64 tag = wcc_store_tag_create (f->store, f->demo, "VIP", &error);

  build_day (fixture);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers?owner=me&pending=1", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), fixture->c6));
  }
  {
    /* c2's last record is the success at midnight, after its fail. */
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers?owner=me&funnel=success", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 3);
    g_assert_true (id_in (items_of (r), fixture->c1) && id_in (items_of (r), fixture->c2) &&
                   id_in (items_of (r), fixture->c3));
  }
  add_record (f, f->leader, fixture->c2, fixture->fail, "answered", AT (18, 0, 0));
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&funnel=fail&package=%" G_GINT64_FORMAT,
                                             f->package);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), fixture->c2));
  }
  {
    /* C1: the call result of the last record (c2's fail now; its success before does not count) */
    g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&call_result=%" G_GINT64_FORMAT,
                                             fixture->fail);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), fixture->c2));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&funnel=follow_up&package=%" G_GINT64_FORMAT,
                                             other_package);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers?owner=me&funnel=follow_up&q=Eps", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), fixture->c5));
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"tags\": [%" G_GINT64_FORMAT "]}", tag);
    g_autofree char *customer = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, fixture->c6);
    g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&tag=%" G_GINT64_FORMAT, tag);
    g_autoptr(ApiResponse) patched = expect (f, "PATCH", customer, f->agent, body, 200);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), fixture->c6));
  }
  {
    const char *bads[] = { "pending=yes", "funnel=won", "package=0", "call_result=0", "call_result=x" };
    for (guint i = 0; i < G_N_ELEMENTS (bads); i++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&%s", bads[i]);
        g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 400);
      }
  }
  /* Acme's agent sees none of demo's customers in these lists. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers?funnel=success", f->t_acme_admin, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
}

/* C22: the last month's calls with customers, newest first, paged. */
static void
test_recent_contacts (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  gint64 now = wcc_time_now ();
  gint64 agent = f->api.agent_id;
  gint64 newest, older;

  build_day (fixture);   /* 2024: long before the last month */
  add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, f->task_a, 0, now - 40 * 86400);
  older = add_call (f, f->demo, WCC_CALL_INBOUND, agent, FALSE, FALSE, 0, 0, now - 3600);
  newest = add_call (f, f->demo, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, f->task_a, fixture->c1, now - 600);
  add_call (f, f->demo, WCC_CALL_INTERNAL, agent, TRUE, TRUE, 0, 0, now - 300);
  add_call (f, f->demo, WCC_CALL_OUTBOUND, f->agent2, TRUE, TRUE, f->task_a, fixture->c4, now - 200);
  add_call (f, f->acme, WCC_CALL_OUTBOUND, agent, TRUE, TRUE, 0, 0, now - 100);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/recent-contacts?limit=1", f->agent, NULL, 200);
    JsonObject *first = row (r, 0);
    g_autofree char *next = NULL;
    g_autoptr(ApiResponse) rest = NULL;

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (first, "call_id"), ==, newest);
    g_assert_cmpint (json_object_get_int_member (first, "customer_id"), ==, fixture->c1);
    g_assert_cmpstr (json_object_get_string_member (first, "customer_name"), ==, "Alpha Trading");
    g_assert_cmpstr (json_object_get_string_member (first, "task_name"), ==, "Spring campaign");
    g_assert_cmpint (json_object_get_int_member (first, "duration"), ==, 60);
    g_assert_cmpstr (json_object_get_string_member (first, "hangup_reason"), ==, "hung up");
    g_assert_false (json_object_get_null_member (first, "started_at"));
    g_assert_false (json_object_get_null_member (first, "ended_at"));
    next = g_strdup_printf ("/api/v1/recent-contacts?limit=5&after=%s", json_object_get_string_member (r->json, "next"));
    rest = expect (f, "GET", next, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (rest)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (rest, 0), "call_id"), ==, older);
    g_assert_cmpint (json_object_get_int_member (row (rest, 0), "duration"), ==, 0);
    g_assert_true (json_object_get_null_member (row (rest, 0), "customer_id"));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/recent-contacts?agent=%" G_GINT64_FORMAT "&task=%" G_GINT64_FORMAT,
                                             agent, f->task_a);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->leader, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (row (r, 0), "call_id"), ==, newest);
  }
}

static void
test_query_plans (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *board = g_strdup_printf ("/api/v1/dashboard/leaderboard?task=%" G_GINT64_FORMAT, f->task_a);
  const char *paths[] = { "/api/v1/customers?owner=me&pending=1", "/api/v1/customers?owner=me&funnel=success",
                          "/api/v1/dashboard/tasks", board, "/api/v1/recent-contacts", "/api/v1/approvals" };

  build_day (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(ApiResponse) r = expect (f, "GET", paths[i], i == 5 ? f->leader : f->agent, NULL, 200);
    }
  assert_plan_uses_indexes (f, "c.owner_id = ?5", "customers_owner");
  assert_plan_uses_indexes (f, "WITH figures", "contact_records_author_day");
  assert_plan_uses_indexes (f, "WITH members", "contact_records_task_success");
  assert_plan_uses_indexes (f, "LEFT JOIN customers cu", "call_legs_user_started");
  assert_plan_uses_indexes (f, "number_requests n", "number_requests_pending");
}

/* Roles and tenants over every endpoint of the dashboard and recent contacts */

typedef struct {
  const char *path;   /* {A} 1002 (led by 2001), {T} task A (Sales), {B} task B (Service) */
  guint       agent, leader, admin;
} Endpoint;

static const Endpoint endpoints[] = {
  { "/api/v1/dashboard/tasks", 200, 200, 200 },
  { "/api/v1/dashboard/tasks?agent={A}", 403, 200, 200 },
  { "/api/v1/dashboard/leaderboard?task={T}", 200, 200, 200 },
  { "/api/v1/dashboard/leaderboard?task={B}", 403, 403, 200 },
  { "/api/v1/recent-contacts", 200, 200, 200 },
  { "/api/v1/recent-contacts?agent={A}", 403, 200, 200 },
  { "/api/v1/customers?owner=me&pending=1", 200, 200, 200 },
  { "/api/v1/customers?owner=me&funnel=follow_up", 200, 200, 200 },
};

static char *
fill (Fixture    *f,
      const char *format)
{
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, f->agent2);
  g_autofree char *t = g_strdup_printf ("%" G_GINT64_FORMAT, f->task_a);
  g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, f->task_b);
  GString *text = g_string_new (format);

  g_string_replace (text, "{A}", a, 0);
  g_string_replace (text, "{T}", t, 0);
  g_string_replace (text, "{B}", b, 0);
  return g_string_free (text, FALSE);
}

static void
test_role_matrix (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->agent, f->leader, f->admin };

  for (guint role = 0; role < G_N_ELEMENTS (tokens); role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        g_autofree char *path = fill (f, endpoints[i].path);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = expect (f, "GET", path, tokens[role], NULL, want);
      }
}

/* Acme's agent and admin: demo's agents and tasks are 404; their own figures hold nothing
 * of demo's. */
static void
test_tenant_isolation (ListFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  build_day (fixture);
  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        g_autofree char *path = fill (f, endpoints[i].path);
        g_autoptr(ApiResponse) r = api_request (&f->api, "GET", path, tokens[who], NULL, NULL, 0);
        g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));

        g_test_message ("acme %u: %s → %u", who, path, r->status);
        g_assert_null (strstr (text, "Spring"));
        g_assert_null (strstr (text, "Alpha"));
        if (strchr (endpoints[i].path, '{') != NULL)
          g_assert_cmpuint (r->status, ==, 404);
        else
          g_assert_cmpuint (r->status, ==, 200);
      }
  /* Acme's agent's day: the acme call build_day gave demo's 1001 is not acme's 1001's. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/dashboard/tasks?date=2024-03-15", f->t_acme, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (r->json, "total"), "connected"), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  /* Days are the server's local days: a zone that is not UTC makes them count. */
  g_setenv ("TZ", "JST-9", TRUE);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, ListFixture, NULL, list_fixture_setup, func, list_fixture_teardown)
  ADD ("/lists/today-tasks", test_today_tasks);
  ADD ("/lists/leaderboard", test_leaderboard);
  ADD ("/lists/pending-and-funnel", test_pending_and_funnel_lists);
  ADD ("/lists/recent-contacts", test_recent_contacts);
  ADD ("/lists/query-plans", test_query_plans);
  ADD ("/lists/roles/matrix", test_role_matrix);
  ADD ("/lists/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
