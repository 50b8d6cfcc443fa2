/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-reports.c: the summary report (R4) and personal statistics (R2) over real HTTP:
 * a constructed day (wcc-test-report-day.c) written into the server's store, every figure
 * of every row, the totals and the hourly series checked against what the test computes
 * from the records it wrote; the client admin's, a leader's and an agent's views; the CSV;
 * a period of several days; bad input (400); roles (403) and tenants (404); the state
 * history the server writes as an agent pauses. The server's time zone is JST here. */
#include "wcc-acd.h"
#include "wcc-server-acd.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-report-day.h"
#include "wcc-test-util.h"

/* 2024-03-15 00:00 in JST, and the next midnight. */
#define DAY_START ((gint64) 1710428400)
#define DAY "2024-03-15"

typedef struct {
  Fixture   base;
  ReportDay day;
  gint64    admin_id;
} ReportFixture;

static void
report_fixture_setup (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  day->store = f->store;
  day->client_id = f->demo;
  day->day_start = DAY_START;
  day->day_end = DAY_START + 86400;
  day->groups[0] = f->sales;
  day->groups[1] = f->service;
  day->agents[0] = f->api.agent_id;
  day->agents[1] = f->agent2;
  day->agents[2] = f->agent3;
  day->reasons[0] = wcc_store_pause_reason_create (f->store, f->demo, "Break", 1, &error);
  day->reasons[1] = wcc_store_pause_reason_create (f->store, f->demo, "Training", 2, &error);
  g_assert_no_error (error);
  day->customer_id = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Alpha Trading", "03-1000-0001");
  day->success_result = make_result (f, "Sold", "success", "answered");
}

static void
report_fixture_teardown (ReportFixture *fixture, gconstpointer data)
{
  fixture_teardown (&fixture->base, data);
}

static JsonObject *
find_row (JsonObject *report,
          const char *member,
          const char *id_member,
          gint64      id)
{
  JsonArray *rows = json_object_get_array_member (report, member);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (row, id_member) == id)
        return row;
    }
  return NULL;
}

static gint64
reason_seconds (JsonObject *figures,
                gint64      reason_id)
{
  JsonArray *reasons = json_object_get_array_member (figures, "pause_reasons");

  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);

      if (json_object_get_int_member (reason, "id") == reason_id)
        return json_object_get_int_member (reason, "seconds");
    }
  return 0;
}

/* Every figure of @got (a row, the total or a point of the series) is @want's. */
static void
assert_figures (const char          *what,
                JsonObject          *got,
                const ReportFigures *want,
                const ReportDay     *day,
                gboolean             reasons)
{
  g_test_message ("%s: offered %" G_GINT64_FORMAT " answered %" G_GINT64_FORMAT " abandoned %" G_GINT64_FORMAT
                  " wait %.1f connected %" G_GINT64_FORMAT " talk %" G_GINT64_FORMAT " acw %" G_GINT64_FORMAT
                  " pause %" G_GINT64_FORMAT " success %" G_GINT64_FORMAT, what,
                  want->offered, want->answered, want->abandoned, want->avg_wait, want->connected, want->talk_time,
                  want->after_call_time, want->pause_time, want->success);
  g_assert_nonnull (got);
  g_assert_cmpint (json_object_get_int_member (got, "offered"), ==, want->offered);
  g_assert_cmpint (json_object_get_int_member (got, "answered"), ==, want->answered);
  g_assert_cmpint (json_object_get_int_member (got, "abandoned"), ==, want->abandoned);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (got, "avg_wait"), want->avg_wait, 0.01);
  g_assert_cmpint (json_object_get_int_member (got, "connected"), ==, want->connected);
  g_assert_cmpint (json_object_get_int_member (got, "talk_time"), ==, want->talk_time);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (got, "avg_talk"), want->avg_talk, 0.01);
  g_assert_cmpint (json_object_get_int_member (got, "after_call_time"), ==, want->after_call_time);
  g_assert_cmpint (json_object_get_int_member (got, "pause_time"), ==, want->pause_time);
  g_assert_cmpint (json_object_get_int_member (got, "success"), ==, want->success);
  if (reasons)
    for (guint r = 0; r < REPORT_DAY_REASONS; r++)
      g_assert_cmpint (reason_seconds (got, day->reasons[r]), ==, want->pause_by_reason[r]);
}

static JsonObject *
get_report (Fixture    *f,
            const char *token,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/summary?%s", query);
  g_autoptr(ApiResponse) r = expect (f, "GET", path, token, NULL, 200);

  return json_object_ref (r->json);
}

/* The client admin: both groups, every agent, the totals and each hour of the day. */
static void
test_day_admin (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  ReportExpected want;
  ReportFigures total = { 0 }, zero = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonArray *series;

  report_day_build (day);
  report_day_expect (day, &want);
  report = get_report (f, f->admin, "from=" DAY "&to=" DAY);
  g_assert_cmpstr (json_object_get_string_member (report, "from"), ==, DAY);
  g_assert_cmpstr (json_object_get_string_member (report, "unit"), ==, "hour");
  g_assert_cmpstr (json_object_get_string_member (report, "start"), ==, "2024-03-14T15:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (report, "end"), ==, "2024-03-15T15:00:00Z");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "groups")), ==, 2);
  for (guint g = 0; g < REPORT_DAY_GROUPS; g++)
    {
      assert_figures ("group", find_row (report, "groups", "group_id", day->groups[g]), &want.groups[g], day, TRUE);
      report_figures_add (&total, &want.groups[g], TRUE);
    }
  /* The totals: the groups' queues, every agent once (each is in one group). */
  assert_figures ("total", json_object_get_object_member (report, "total"), &total, day, TRUE);
  for (guint a = 0; a < REPORT_DAY_AGENTS; a++)
    assert_figures ("agent", find_row (report, "agents", "user_id", day->agents[a]), &want.agents[a], day, TRUE);
  /* The leader of Sales took no calls: a row of zeros. */
  assert_figures ("leader", find_row (report, "agents", "user_id", f->api.leader_id), &zero, day, TRUE);
  g_assert_cmpstr (json_object_get_string_member (find_row (report, "agents", "user_id", day->agents[0]), "employee_id"),
                   ==, "1001");
  series = json_object_get_array_member (report, "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 24);
  for (guint h = 0; h < 24; h++)
    {
      g_autofree char *what = g_strdup_printf ("hour %u", h);
      JsonObject *point = json_array_get_object_element (series, h);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (DAY_START + h * 3600);
      g_autofree char *start = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

      g_assert_cmpstr (json_object_get_string_member (point, "start"), ==, start);
      assert_figures (what, point, &want.hours[h], day, FALSE);
    }
  /* Figures that the constructed day must make non-trivial, lest the checks prove little. */
  g_assert_cmpint (total.abandoned, >, 0);
  g_assert_cmpint (want.agents[0].pause_by_reason[0], >, 0);
  g_assert_cmpint (want.hours[23].pause_time, >, 0);
}

/* A leader: the groups they lead and their members; one of them alone; not another group
 * or its agents. */
static void
test_day_leader (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  ReportExpected want;
  ReportFigures total = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) one = NULL;
  g_autofree char *query = NULL;

  report_day_build (day);
  report_day_expect (day, &want);
  report = get_report (f, f->leader, "from=" DAY);
  g_assert_cmpstr (json_object_get_string_member (report, "scope"), ==, "groups");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "groups")), ==, 1);
  assert_figures ("Sales", find_row (report, "groups", "group_id", f->sales), &want.groups[0], day, TRUE);
  g_assert_null (find_row (report, "groups", "group_id", f->service));
  g_assert_null (find_row (report, "agents", "user_id", f->agent3));
  assert_figures ("1001", find_row (report, "agents", "user_id", day->agents[0]), &want.agents[0], day, TRUE);
  assert_figures ("1002", find_row (report, "agents", "user_id", day->agents[1]), &want.agents[1], day, TRUE);
  report_figures_add (&total, &want.groups[0], TRUE);
  assert_figures ("total", json_object_get_object_member (report, "total"), &total, day, TRUE);

  /* One agent of theirs: that agent's figures alone, the totals are theirs. */
  query = g_strdup_printf ("from=" DAY "&agent=%" G_GINT64_FORMAT, f->agent2);
  one = get_report (f, f->leader, query);
  g_assert_cmpstr (json_object_get_string_member (one, "scope"), ==, "agent");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (one, "agents")), ==, 1);
  assert_figures ("1002 alone", json_object_get_object_member (one, "total"), &want.agents[1], day, TRUE);
}

/* An agent: their own statistics (R2), whatever the scope asked for. */
static void
test_day_agent (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  ReportExpected want;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *mine = g_strdup_printf ("to=" DAY "&agent=%" G_GINT64_FORMAT, f->agent2);
  JsonArray *series;
  gint64 offered = 0, pause = 0;

  report_day_build (day);
  report_day_expect (day, &want);
  report = get_report (f, f->t_agent2, "from=" DAY "&to=" DAY);
  g_assert_cmpstr (json_object_get_string_member (report, "scope"), ==, "agent");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "groups")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "agents")), ==, 1);
  assert_figures ("own row", find_row (report, "agents", "user_id", f->agent2), &want.agents[1], day, TRUE);
  assert_figures ("own total", json_object_get_object_member (report, "total"), &want.agents[1], day, TRUE);
  /* The series is theirs too. */
  series = json_object_get_array_member (report, "series");
  for (guint h = 0; h < json_array_get_length (series); h++)
    {
      offered += json_object_get_int_member (json_array_get_object_element (series, h), "offered");
      pause += json_object_get_int_member (json_array_get_object_element (series, h), "pause_time");
    }
  g_assert_cmpint (offered, ==, want.agents[1].offered);
  g_assert_cmpint (pause, ==, want.agents[1].pause_time);
  /* Asking for themselves by id is the same. */
  again = get_report (f, f->t_agent2, mine);
  assert_figures ("by id", json_object_get_object_member (again, "total"), &want.agents[1], day, TRUE);
}

/* A period of days: a series by day; the constructed day's figures in its day. */
static void
test_period (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  ReportExpected want;
  ReportFigures next = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonArray *series;
  JsonObject *agent;

  report_day_build (day);
  report_day_expect (day, &want);
  report = get_report (f, f->admin, "from=2024-03-14&to=2024-03-16");
  g_assert_cmpstr (json_object_get_string_member (report, "unit"), ==, "day");
  series = json_object_get_array_member (report, "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (series, 1), "start"), ==,
                   "2024-03-14T15:00:00Z");
  {
    ReportFigures whole = { 0 };

    for (guint h = 0; h < 24; h++)
      report_figures_add (&whole, &want.hours[h], TRUE);
    assert_figures ("the day", json_array_get_object_element (series, 1), &whole, day, FALSE);
  }
  /* The day before holds the call offered ten seconds before midnight, the pause begun
   * before it and a success record; the day after the call after midnight. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 0), "offered"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 0), "success"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 0), "pause_time"), ==, 1800);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 2), "offered"), ==, 1);
  /* 1003's pause across midnight counts whole over the two days. */
  agent = find_row (report, "agents", "user_id", f->agent3);
  report_figures_add (&next, &want.agents[2], TRUE);
  g_assert_cmpint (json_object_get_int_member (agent, "pause_time"), ==, next.pause_time + 1200);
}

/* The CSV of the same table: a header, a row per group and agent, the totals. */
static void
test_csv (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  ReportDay *day = &fixture->day;
  ReportExpected want;
  g_autoptr(ApiResponse) r = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seen_agent = FALSE;

  report_day_build (day);
  report_day_expect (day, &want);
  r = expect (f, "GET", "/api/v1/reports/summary.csv?from=" DAY, f->leader, NULL, 200);
  g_assert_true (g_str_has_prefix (r->content_type, "text/csv"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (r->headers, "Content-Disposition"),
                           "report-" DAY "-" DAY ".csv"));
  text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "kind,id,employee_id,name,offered,answered,abandoned,avg_wait,"
                                   "connected,talk_time,avg_talk,after_call_time,pause_time,"));
  lines = g_strsplit (text, "\r\n", -1);
  /* header, Sales, 2001, 1001, 1002, total, "" */
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_autofree char *expected = NULL;
      const ReportFigures *w;

      if (!g_str_equal (fields[0], "agent") || g_ascii_strtoll (fields[1], NULL, 10) != f->agent2)
        continue;
      w = &want.agents[1];
      /* offered … pause, the client's reasons (automatic, Break, Training), success */
      expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%.1f,%" G_GINT64_FORMAT
                                  ",%" G_GINT64_FORMAT ",%.1f,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                  w->offered, w->answered, w->abandoned, w->avg_wait, w->connected, w->talk_time,
                                  w->avg_talk, w->after_call_time, w->pause_time);
      {
        g_autofree char *got = g_strjoinv (",", fields + 4);

        g_assert_true (g_str_has_prefix (got, expected));
      }
      g_assert_cmpint (g_ascii_strtoll (fields[g_strv_length (fields) - 1], NULL, 10), ==, w->success);
      seen_agent = TRUE;
    }
  g_assert_true (seen_agent);
  g_assert_true (g_str_has_prefix (lines[5], "total,"));
}

/* The report's statements search by indexes: no full scan of calls, legs or records. */
static void
test_query_plans (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autoptr(JsonObject) report = NULL;

  report_day_build (&fixture->day);
  report = get_report (f, f->admin, "from=" DAY);
  /* The report reads on a connection of its own: its statements, prepared here. */
  for (const char * const *sql = wcc_store_report_statements (); *sql != NULL; sql++)
    g_assert_nonnull (wcc_store_prepare (f->store, *sql));
  assert_plan_uses_indexes (f, "direction = 'inbound' AND group_id IS NOT NULL", "calls_client_offered");
  assert_plan_uses_indexes (f, "WITH who", "calls_client_offered");
  assert_plan_uses_indexes (f, "FROM agent_state_log", "agent_state_log_period");
  assert_plan_uses_indexes (f, "funnel = 'success' AND author_id", "contact_records_success_day");
}

/* Bad periods and parameters: 400, with the parameter named. */
static void
test_bad_input (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *both = g_strdup_printf ("/api/v1/reports/summary?group=%" G_GINT64_FORMAT "&agent=%" G_GINT64_FORMAT,
                                           f->sales, f->agent2);
  const char *bad[] = {
    "/api/v1/reports/summary?from=2024-13-01",
    "/api/v1/reports/summary?from=2024-02-30",
    "/api/v1/reports/summary?from=15/03/2024",
    "/api/v1/reports/summary?to=2024-03-15x",
    "/api/v1/reports/summary?from=2024-03-16&to=2024-03-15",
    "/api/v1/reports/summary?from=2024-01-01&to=2024-04-02",
    "/api/v1/reports/summary?group=abc",
    "/api/v1/reports/summary?agent=-1",
    "/api/v1/reports/summary.csv?from=2024-03-16&to=2024-03-15",
    both,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ApiResponse) r = expect (f, "GET", bad[i], f->admin, NULL, 400);

      g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
    }
  /* 92 days is the most: 2024-01-01 to 2024-04-01. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/reports/summary?from=2024-01-01&to=2024-04-01", f->admin, NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "series")), ==, 92);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/reports/summary?from=2024-01-01&to=2024-03-15", f->admin, NULL, 200);
    g_autoptr(ApiResponse) r2 = expect (f, "GET", "/api/v1/reports/summary", f->admin, NULL, 200);

    g_assert_cmpstr (json_object_get_string_member (r2->json, "from"), ==,
                     json_object_get_string_member (r2->json, "to"));
  }
}

/* Roles and tenants */

/* {A} 1002 (Sales, led by 2001), {O} 1003 (Service), {G} Sales, {V} Service */
static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/reports/summary", NULL, 200, 200, 200 },
  { "GET", "/api/v1/reports/summary?agent={A}", NULL, 403, 200, 200 },
  { "GET", "/api/v1/reports/summary?agent={O}", NULL, 403, 403, 200 },
  { "GET", "/api/v1/reports/summary?group={G}", NULL, 403, 200, 200 },
  { "GET", "/api/v1/reports/summary?group={V}", NULL, 403, 403, 200 },
  { "GET", "/api/v1/reports/summary.csv", NULL, 200, 200, 200 },
  { "GET", "/api/v1/reports/summary.csv?agent={A}", NULL, 403, 200, 200 },
  { "GET", "/api/v1/reports/summary.csv?group={V}", NULL, 403, 403, 200 },
};

static guint
make_records (Fixture        *f,
              guint           round,
              ApiPlaceholder *out)
{
  out[0] = (ApiPlaceholder) { "{A}", f->agent2 };
  out[1] = (ApiPlaceholder) { "{O}", f->agent3 };
  out[2] = (ApiPlaceholder) { "{G}", f->sales };
  out[3] = (ApiPlaceholder) { "{V}", f->service };
  return 4;
}

/* What acme was answered holds none of demo's figures. */
static void
check_nothing_of_demo (Fixture              *f,
                       const ApiPlaceholder *records,
                       guint                 n_records,
                       ApiResponse          *r)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  JsonObject *total;

  g_assert_null (strstr (text, "Test 1002"));
  g_assert_null (strstr (text, "Test 1003"));
  if (r->json == NULL || !json_object_has_member (r->json, "total"))
    return;
  g_assert_null (find_row (r->json, "groups", "group_id", f->sales));
  g_assert_null (find_row (r->json, "agents", "user_id", f->api.agent_id));
  total = json_object_get_object_member (r->json, "total");
  g_assert_cmpint (json_object_get_int_member (total, "offered"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (total, "connected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (total, "pause_time"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (total, "success"), ==, 0);
}

static void
test_role_matrix (ReportFixture *fixture, gconstpointer data)
{
  run_role_matrix (&fixture->base, endpoints, G_N_ELEMENTS (endpoints), make_records);
}

/* Acme's agent and admin: demo's groups and agents are 404 (403 allowed for the agent);
 * their own reports of the day hold nothing of demo's. */
static void
test_tenant_isolation (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  report_day_build (&fixture->day);
  run_tenant_isolation (f, endpoints, G_N_ELEMENTS (endpoints), make_records, check_nothing_of_demo);
  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    {
      g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/reports/summary?from=" DAY, tokens[who], NULL, 200);

      check_nothing_of_demo (f, NULL, 0, r);
    }
}

/* The server writes the state history as agents change state: a pause with its reason,
 * ended by Ready; it shows in the agent's statistics of today. */
static gint64
count_stretches (Fixture    *f,
                 gint64      user_id,
                 const char *state,
                 gboolean    open)
{
  return wcc_store_query_int (f->store,
                              wcc_store_prepare_bind (f->store,
                                                      "SELECT count(*) FROM agent_state_log WHERE user_id = ? AND state = ?"
                                                      " AND (ended_at IS NULL) = ?;",
                                                      "isi", user_id, state, (gint64) open), -1);
}

static void
test_state_history (ReportFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autoptr(GError) error = NULL;
  g_autofree char *pause = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}",
                                            fixture->day.reasons[1]);
  gint64 reason_id;

  g_autoptr(WccStoreQueue) queue = wcc_store_queue_find (f->store, f->demo, f->sales);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", f->sales);
  WccAcd *acd = wcc_server_get_acd (f->api.server);
  gint64 call_id;

  /* Sales: after-call work until the agent is Ready. */
  queue->after_call_work = WCC_ACD_AFTER_CALL_WORK_UNTIL_READY;
  g_assert_true (wcc_store_queue_update (f->store, queue, &error));
  g_assert_true (wcc_server_acd_ensure_agent (wcc_server_get_acd_owner (f->api.server), f->demo, f->api.agent_id));
  g_assert_true (wcc_acd_agent_set_registrations (wcc_server_get_acd (f->api.server), f->api.agent_id, 1,
                                                  g_get_monotonic_time (), &error));
  g_assert_no_error (error);
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", "/api/v1/agent/state", f->agent, "{\"state\": \"ready\"}", 200);
  }
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "ready", TRUE), ==, 1);
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", "/api/v1/agent/state", f->agent, pause, 200);
  }
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "ready", FALSE), ==, 1);
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "pause", TRUE), ==, 1);
  reason_id = wcc_store_query_int (f->store,
                                   wcc_store_prepare_bind (f->store, "SELECT pause_reason_id FROM agent_state_log"
                                                           " WHERE user_id = ? AND ended_at IS NULL;", "i", f->api.agent_id), 0);
  g_assert_cmpint (reason_id, ==, fixture->day.reasons[1]);
  g_usleep (1100 * 1000);
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", "/api/v1/agent/state", f->agent, "{\"state\": \"ready\"}", 200);
  }
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "pause", FALSE), ==, 1);
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "ready", TRUE), ==, 1);
  /* A queue call answered and ended: after-call work until Ready. */
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", "/api/v1/agent/groups", f->agent, groups, 200);
  }
  call_id = wcc_store_call_create (f->store, f->demo, WCC_CALL_INBOUND, "0312340000", "8001", f->sales,
                                   g_get_real_time (), &error);
  g_assert_true (wcc_acd_call_enqueue (acd, call_id, f->sales, "0312340000", g_get_monotonic_time (), &error));
  g_assert_true (wcc_acd_offer_answered (acd, call_id, f->api.agent_id, g_get_monotonic_time (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "on_call", TRUE), ==, 1);
  g_assert_true (wcc_acd_call_end (acd, call_id, g_get_monotonic_time (), &error));
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "after_call_work", TRUE), ==, 1);
  g_usleep (1100 * 1000);
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", "/api/v1/agent/state", f->agent, "{\"state\": \"ready\"}", 200);
  }
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "after_call_work", FALSE), ==, 1);
  /* Today's statistics: the pause's second with its reason, the after-call work's. */
  {
    g_autoptr(JsonObject) report = get_report (f, f->agent, "");
    JsonObject *total = json_object_get_object_member (report, "total");

    g_assert_cmpint (json_object_get_int_member (total, "pause_time"), >=, 1);
    g_assert_cmpint (reason_seconds (total, fixture->day.reasons[1]), ==,
                     json_object_get_int_member (total, "pause_time"));
    g_assert_cmpint (json_object_get_int_member (total, "after_call_time"), >=, 1);
    g_assert_cmpint (json_object_get_int_member (total, "after_call_time"), <=, 5);
  }
  /* Going offline (the phone goes away) ends the stretch; a restart ends any left open. */
  g_assert_true (wcc_acd_agent_set_registrations (wcc_server_get_acd (f->api.server), f->api.agent_id, 0,
                                                  g_get_monotonic_time (), &error));
  g_assert_cmpint (count_stretches (f, f->api.agent_id, "ready", TRUE), ==, 0);
  wcc_store_agent_state_record (f->store, f->demo, f->agent2, "pause", 0, g_get_real_time ());
  g_assert_cmpuint (wcc_store_agent_state_close_open (f->store, g_get_real_time ()), ==, 1);
  g_assert_cmpint (count_stretches (f, f->agent2, "pause", TRUE), ==, 0);
}

int
main (int argc, char **argv)
{
  /* Days are the server's local days: a zone that is not UTC makes them count. */
  g_setenv ("TZ", "JST-9", TRUE);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (240);
#define ADD(path, func) \
  g_test_add (path, ReportFixture, NULL, report_fixture_setup, func, report_fixture_teardown)
  ADD ("/reports/day/admin", test_day_admin);
  ADD ("/reports/day/leader", test_day_leader);
  ADD ("/reports/day/agent", test_day_agent);
  ADD ("/reports/period", test_period);
  ADD ("/reports/csv", test_csv);
  ADD ("/reports/bad-input", test_bad_input);
  ADD ("/reports/query-plans", test_query_plans);
  ADD ("/reports/state-history", test_state_history);
  ADD ("/reports/roles/matrix", test_role_matrix);
  ADD ("/reports/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
