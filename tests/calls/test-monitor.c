/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor.c: the leaders' real-time monitor (R5, issue 9) of a real wcc-server: who may
 * read GET /api/v1/monitor and what of it (roles, groups led, tenants), its "monitor.agent"
 * events and their audience, and its figures after a real queue call through the B2BUA
 * (our phones: a customer calls queue 8001, agent 1001 answers), with the call quality the
 * agent's desktop reports (PUT /api/v1/agent/call-quality). */
#include <gst/gst.h>

#include "wcc-interop.h"
#include "wcc-test-agent.h"
#include "wcc-test-util.h"

typedef struct {
  WccTestServer *server;
  char          *sip;    /* 127.0.0.1:PORT of the registrar */
  guint16        pstn_port;   /* the demo client's trunk: a phone of ours at this port */
} Fixture;

/* `wcc-server admin ARGS…` with @input on its standard input; must succeed. */
static void
admin (Fixture            *f,
       const char         *input,
       const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_strv_builder_add_many (builder, g_getenv ("WCC_SERVER_BIN"), "admin", "--data-dir", f->server->data_dir, NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *trunk = NULL;

  f->pstn_port = wcc_interop_free_port (1);
  trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", f->pstn_port);
  f->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", "--trunk", trunk, NULL });
  g_assert_nonnull (f->server->sip_uri);
  f->sip = g_strdup_printf ("127.0.0.1:%u", f->server->sip_port);
  admin (f, "sip-1001\n", (const char *[]) { "set-sip-password", "1001@demo", NULL });
  /* Another tenant with a group, an agent and an administrator of its own. */
  admin (f, NULL, (const char *[]) { "create-client", "acme", NULL });
  admin (f, "acme-password-1\n", (const char *[]) { "create-user", "boss@acme", "--roles", "client_admin", NULL });
  admin (f, "acme-password-2\n", (const char *[]) { "create-user", "3001@acme", "--roles", "agent", NULL });
  admin (f, NULL, (const char *[]) { "create-group", "acme", "Hotline", NULL });
  admin (f, NULL, (const char *[]) { "add-to-group", "3001@acme", "Hotline", NULL });
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_test_server_stop (f->server);
  g_free (f->sip);
}

static char *
login (Fixture    *f,
       const char *account,
       const char *password,
       gint64     *out_id)
{
  g_autofree char *body = g_strdup_printf ("{\"account\": \"%s\", \"password\": \"%s\"}", account, password);
  g_autoptr(JsonObject) session = wcc_test_api_request (f->server, "POST", "/api/v1/login", NULL, body, 200);

  if (out_id != NULL)
    *out_id = json_object_get_int_member (json_object_get_object_member (session, "user"), "id");
  return g_strdup (json_object_get_string_member (session, "token"));
}

static JsonObject *
find_by (JsonArray  *items,
         const char *member,
         gint64      id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, member) == id)
        return item;
    }
  return NULL;
}

static JsonObject *
find_group_named (JsonArray  *groups,
                  const char *name)
{
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);

      if (g_strcmp0 (json_object_get_string_member (group, "name"), name) == 0)
        return group;
    }
  return NULL;
}

static JsonObject *
find_agent_numbered (JsonArray  *agents,
                     const char *employee_id)
{
  for (guint i = 0; i < json_array_get_length (agents); i++)
    {
      JsonObject *agent = json_array_get_object_element (agents, i);

      if (g_strcmp0 (json_object_get_string_member (agent, "employee_id"), employee_id) == 0)
        return agent;
    }
  return NULL;
}

/* The next "monitor.agent" event of @agent_id; fails when one of @forbidden_id comes first. */
static JsonObject *
wait_agent_event (WccTestEvents *events,
                  gint64         agent_id,
                  gint64         forbidden_id,
                  const char    *state)
{
  for (;;)
    {
      JsonObject *data = wcc_test_events_wait (events, "monitor.agent", 10000);
      gint64 id = json_object_get_int_member (data, "agent_id");

      g_assert_cmpint (id, !=, forbidden_id);
      if (id == agent_id && (state == NULL || g_strcmp0 (json_object_get_string_member (data, "state"), state) == 0))
        return data;
    }
}

static void
test_roles_and_tenants (Fixture *f, gconstpointer data)
{
  g_autofree char *agent = login (f, "1001@demo", "wcc-1001", NULL);
  g_autofree char *leader = login (f, "2001@demo", "wcc-2001", NULL);
  g_autofree char *admin_token = login (f, "admin@demo", "wcc-admin", NULL);
  g_autofree char *acme = login (f, "boss@acme", "acme-password-1", NULL);
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) led = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) other = NULL;
  JsonArray *groups, *agents;

  /* Agents do not watch anyone. */
  refused = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", agent, NULL, 403);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (refused, "error"), "code"), ==,
                   "forbidden");
  wcc_test_api_request (f->server, "GET", "/api/v1/monitor", NULL, NULL, 401);

  /* The Sales leader: their group and its members only. */
  led = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", leader, NULL, 200);
  groups = json_object_get_array_member (led, "groups");
  agents = json_object_get_array_member (led, "agents");
  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  g_assert_nonnull (find_group_named (groups, "Sales"));
  g_assert_cmpuint (json_array_get_length (agents), ==, 6);   /* 2001 and 1001–1005 */
  g_assert_nonnull (find_agent_numbered (agents, "1001"));
  g_assert_nonnull (find_agent_numbered (agents, "2001"));
  g_assert_null (find_agent_numbered (agents, "1006"));
  g_assert_null (find_agent_numbered (agents, "2002"));
  {
    JsonObject *li = find_agent_numbered (agents, "1001");

    g_assert_cmpstr (json_object_get_string_member (li, "name"), ==, "Li Wei");
    g_assert_cmpstr (json_object_get_string_member (li, "state"), ==, "offline");
    g_assert_true (json_object_get_null_member (li, "call"));
    g_assert_cmpint (json_object_get_int_member (li, "calls_today"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (li, "talk_time_today"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (li, "member_of")), ==, 1);
    g_assert_nonnull (json_object_get_string_member (li, "since"));
  }
  g_assert_nonnull (json_object_get_string_member (led, "server_time"));

  /* The client admin: every group and every agent of the client. */
  all = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", admin_token, NULL, 200);
  groups = json_object_get_array_member (all, "groups");
  agents = json_object_get_array_member (all, "agents");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  g_assert_nonnull (find_group_named (groups, "Service"));
  g_assert_cmpuint (json_array_get_length (agents), ==, 12);
  g_assert_null (find_agent_numbered (agents, "3001"));

  /* Another client's administrator sees their own group and agent, nothing of demo's. */
  other = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", acme, NULL, 200);
  groups = json_object_get_array_member (other, "groups");
  agents = json_object_get_array_member (other, "agents");
  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  g_assert_nonnull (find_group_named (groups, "Hotline"));
  g_assert_cmpuint (json_array_get_length (agents), ==, 1);
  g_assert_nonnull (find_agent_numbered (agents, "3001"));
}

static void
test_quality_input (Fixture *f, gconstpointer data)
{
  g_autofree char *agent = login (f, "1001@demo", "wcc-1001", NULL);
  g_autofree char *admin_token = login (f, "admin@demo", "wcc-admin", NULL);
  g_autoptr(JsonObject) error = NULL;

  /* Not an agent; not on a call; bad figures; unknown fields. */
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", admin_token,
                        "{\"call_id\": 1, \"jitter_ms\": 1, \"packet_loss\": 0, \"mos\": 4}", 403);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent,
                        "{\"call_id\": 1, \"jitter_ms\": 1, \"packet_loss\": 0, \"mos\": 4}", 404);
  error = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent,
                                "{\"call_id\": 1, \"jitter_ms\": 1, \"packet_loss\": 0, \"mos\": 9}", 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (error, "error"), "message"),
                            "mos"));
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent,
                        "{\"call_id\": 1, \"jitter_ms\": -1, \"packet_loss\": 0, \"mos\": 4}", 400);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent,
                        "{\"call_id\": 1, \"jitter_ms\": 1, \"packet_loss\": 101, \"mos\": 4}", 400);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent,
                        "{\"call_id\": 1, \"jitter_ms\": 1, \"packet_loss\": 0, \"mos\": 4, \"x\": 1}", 400);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent, "{\"call_id\": \"1\"}", 400);
}

static void
test_real_call (Fixture *f, gconstpointer data)
{
  WccAccountSettings phone_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->sip, .bind = "127.0.0.1:0" };
  WccAccountSettings customer_settings = { .user = "5550100", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->sip);
  gint64 li_id = 0, tanaka_id = 0;
  g_autofree char *agent = login (f, "1001@demo", "wcc-1001", &li_id);
  g_autofree char *tanaka = login (f, "1006@demo", "wcc-1006", &tanaka_id);
  g_autofree char *leader = login (f, "2001@demo", "wcc-2001", NULL);
  g_autofree char *acme = login (f, "boss@acme", "acme-password-1", NULL);
  g_autofree char *quality = NULL;
  g_autofree char *stale_quality = NULL;
  WccTestEvents *events = wcc_test_events_open (f->server, leader);
  WccTestEvents *acme_events = wcc_test_events_open (f->server, acme);
  WccParty *phone, *customer;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) pause = NULL;
  JsonObject *event, *sales;
  WccCall *incoming;
  gint64 call_id, answered_before;

  before = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", leader, NULL, 200);
  sales = find_group_named (json_object_get_array_member (before, "groups"), "Sales");
  answered_before = json_object_get_int_member (sales, "answered");

  /* A Service agent's pause is not for the Sales leader. */
  pause = wcc_test_api_request (f->server, "GET", "/api/v1/pause-reasons", tanaka, NULL, 200);
  {
    JsonArray *reasons = json_object_get_array_member (pause, "items");
    g_autofree char *body = NULL;
    gint64 reason = 0;

    for (guint i = 0; i < json_array_get_length (reasons) && reason == 0; i++)
      if (!json_object_get_boolean_member (json_array_get_object_element (reasons, i), "automatic"))
        reason = json_object_get_int_member (json_array_get_object_element (reasons, i), "id");
    body = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", reason);
    g_clear_pointer (&pause, json_object_unref);
    pause = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/state", tanaka, body, 200);
  }

  /* 1001's phone registers and they go Ready in Sales: the leader hears it, 1006's pause never. */
  phone = wcc_party_new_registered (&phone_settings, 1000);
  wcc_test_agent_ready (f->server, agent, "8001");
  event = wait_agent_event (events, li_id, tanaka_id, "ready");
  g_assert_true (json_object_get_null_member (event, "call"));

  /* A customer calls the queue; 1001's phone answers (our parties answer by themselves). */
  customer = wcc_party_new (&customer_settings, 440);
  call = wcc_party_dial (customer, target);
  incoming = wcc_party_wait_incoming (phone, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  event = wait_agent_event (events, li_id, tanaka_id, "on_call");
  {
    JsonObject *current = json_object_get_object_member (event, "call");

    g_assert_nonnull (current);
    call_id = json_object_get_int_member (current, "call_id");
    g_assert_cmpint (call_id, >, 0);
    g_assert_cmpstr (json_object_get_string_member (current, "number"), ==, "5550100");
    g_assert_cmpstr (json_object_get_string_member (current, "direction"), ==, "inbound");
    g_assert_nonnull (json_object_get_string_member (current, "answered_at"));
    g_assert_true (json_object_get_null_member (current, "quality"));
  }

  /* The agent's desktop reports the call's quality: the leader sees it. */
  quality = g_strdup_printf ("{\"call_id\": %" G_GINT64_FORMAT ", \"jitter_ms\": 3.5,"
                             " \"packet_loss\": 0.5, \"mos\": 4.2}", call_id);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent, quality, 204);
  event = wait_agent_event (events, li_id, tanaka_id, "on_call");
  {
    JsonObject *figures = json_object_get_object_member (json_object_get_object_member (event, "call"), "quality");

    g_assert_nonnull (figures);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "mos"), 4.2, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "jitter_ms"), 3.5, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "packet_loss"), 0.5, 1e-9);
  }
  /* Another agent cannot report for this call. */
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", tanaka, quality, 404);

  /* A second of talk, then the customer hangs up: a call and its talk time today. */
  wcc_interop_run_for (1200);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  for (;;)
    {
      event = wait_agent_event (events, li_id, tanaka_id, NULL);
      if (json_object_get_null_member (event, "call"))
        break;
    }
  g_assert_cmpint (json_object_get_int_member (event, "calls_today"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (event, "talk_time_today"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (event, "talk_time_today"), <=, 5);
  /* A late report of the ended call is dropped. */
  stale_quality = g_strdup (quality);
  wcc_test_api_request (f->server, "PUT", "/api/v1/agent/call-quality", agent, stale_quality, 404);

  /* The snapshot agrees, and the group counted the call. */
  after = wcc_test_api_request (f->server, "GET", "/api/v1/monitor", leader, NULL, 200);
  {
    JsonObject *li = find_by (json_object_get_array_member (after, "agents"), "agent_id", li_id);

    sales = find_group_named (json_object_get_array_member (after, "groups"), "Sales");
    g_assert_cmpint (json_object_get_int_member (li, "calls_today"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (li, "talk_time_today"), ==,
                     json_object_get_int_member (event, "talk_time_today"));
    g_assert_cmpint (json_object_get_int_member (sales, "answered"), ==, answered_before + 1);
    g_assert_cmpint (json_object_get_int_member (sales, "waiting"), ==, 0);
  }

  /* Nothing of demo's agents reached the other client's administrator. */
  wcc_interop_run_for (300);
  {
    /* acme's own agent signs in to their group: acme's admin hears that, and only that. */
    g_autofree char *acme_agent = login (f, "3001@acme", "acme-password-2", NULL);
    g_autoptr(JsonObject) groups = wcc_test_api_request (f->server, "GET", "/api/v1/agent/groups", acme_agent, NULL, 200);
    JsonArray *member_of = json_object_get_array_member (groups, "member_of");
    g_autofree char *sign_in = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}",
                                                json_object_get_int_member (json_array_get_object_element (member_of, 0), "id"));
    g_autoptr(JsonObject) signed_in = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/groups", acme_agent,
                                                            sign_in, 200);

    event = wcc_test_events_wait (acme_events, "monitor.agent", 10000);
    g_assert_cmpstr (json_object_get_string_member (event, "employee_id"), ==, "3001");
  }

  wcc_test_events_close (acme_events);
  wcc_test_events_close (events);
  wcc_party_free (customer);
  wcc_party_free (phone);
}

/* An agent's own call to an outside number: the monitor shows it ringing out (not answered)
 * as soon as it is dialled, and answered when the carrier answers — told then, with no other
 * change of the agent to carry it. */
static void
test_outbound_answered (Fixture *f, gconstpointer data)
{
  WccAccountSettings phone_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->sip, .bind = "127.0.0.1:0" };
  g_autofree char *carrier_bind = g_strdup_printf ("127.0.0.1:%u", f->pstn_port);
  WccAccountSettings carrier_settings = { .user = "pstn", .domain = "pstn.example", .bind = carrier_bind };
  gint64 li_id = 0, tanaka_id = 0;
  g_autofree char *agent = login (f, "1001@demo", "wcc-1001", &li_id);
  g_autofree char *tanaka = login (f, "1006@demo", "wcc-1006", &tanaka_id);
  g_autofree char *leader = login (f, "2001@demo", "wcc-2001", NULL);
  WccTestEvents *events = wcc_test_events_open (f->server, leader);
  WccParty *phone, *carrier;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *event, *current;
  WccCall *incoming;

  phone = wcc_party_new_registered (&phone_settings, 440);
  wcc_test_agent_ready (f->server, agent, "8001");
  wait_agent_event (events, li_id, tanaka_id, "ready");
  carrier = wcc_party_new (&carrier_settings, 1000);
  carrier->answer_incoming = FALSE;

  call = wcc_party_dial (phone, "0215551234");
  incoming = wcc_party_wait_incoming (carrier, 5000);
  do
    event = wait_agent_event (events, li_id, tanaka_id, NULL);
  while (json_object_get_null_member (event, "call"));
  current = json_object_get_object_member (event, "call");
  g_assert_cmpstr (json_object_get_string_member (current, "direction"), ==, "outbound");
  g_assert_cmpstr (json_object_get_string_member (current, "number"), ==, "0215551234");
  g_assert_true (json_object_get_null_member (current, "answered_at"));

  /* The carrier answers a moment later. */
  g_usleep (300 * 1000);
  g_assert_true (wcc_call_answer (incoming, &error));
  g_assert_no_error (error);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  event = wait_agent_event (events, li_id, tanaka_id, NULL);
  current = json_object_get_object_member (event, "call");
  g_assert_nonnull (current);
  g_assert_nonnull (json_object_get_string_member (current, "answered_at"));

  wcc_call_hangup (incoming);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  wcc_party_free (carrier);
  wcc_party_free (phone);
  wcc_test_events_close (events);
}

/* At local midnight the leaders see every agent's day start again (calls today 0) without
 * waiting for each agent's next change. The server runs in a zone where midnight is a minute
 * away; 1001 takes a queue call before it. */
static void
test_midnight (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  int before = 60;   /* seconds from the server's start to its midnight */
  int offset = ((86400 - before - (g_date_time_get_hour (utc) * 3600 + g_date_time_get_minute (utc) * 60 +
                                   g_date_time_get_second (utc))) % 86400 + 86400) % 86400;
  g_autofree char *zone = g_strdup_printf ("WCC-%02d:%02d:%02d", offset / 3600, offset / 60 % 60, offset % 60);
  g_autofree char *old_zone = g_strdup (g_getenv ("TZ"));
  gint64 li_id = 0, tanaka_id = 0;
  g_autofree char *agent = NULL;
  g_autofree char *leader = NULL;
  g_autofree char *target = NULL;
  WccTestEvents *events;
  WccParty *phone, *customer;
  g_autoptr(WccCall) call = NULL;
  JsonObject *event;
  gint64 midnight;

  g_setenv ("TZ", zone, TRUE);
  fixture_set_up (f, NULL);
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
    g_autoptr(GDateTime) local = g_date_time_new_now (tz);

    g_test_message ("server zone %s: %s", zone, g_date_time_format (local, "%T"));
    midnight = g_get_real_time () + (gint64) (86400 - (g_date_time_get_hour (local) * 3600 +
                                                       g_date_time_get_minute (local) * 60 +
                                                       g_date_time_get_second (local))) * G_USEC_PER_SEC;
  }
  {
    WccAccountSettings phone_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                          .registrar = f->sip, .bind = "127.0.0.1:0" };
    WccAccountSettings customer_settings = { .user = "5550100", .domain = "pstn.example", .bind = "127.0.0.1:0" };

    agent = login (f, "1001@demo", "wcc-1001", &li_id);
    leader = login (f, "2001@demo", "wcc-2001", NULL);
    g_free (login (f, "1006@demo", "wcc-1006", &tanaka_id));
    events = wcc_test_events_open (f->server, leader);
    phone = wcc_party_new_registered (&phone_settings, 1000);
    wcc_test_agent_ready (f->server, agent, "8001");
    wait_agent_event (events, li_id, tanaka_id, "ready");
    customer = wcc_party_new (&customer_settings, 440);
    target = g_strdup_printf ("sip:8001@%s", f->sip);
    call = wcc_party_dial (customer, target);
    wcc_party_wait_incoming (phone, 5000);
    wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
    do
      event = wait_agent_event (events, li_id, tanaka_id, NULL);
    while (json_object_get_null_member (event, "call"));
    wcc_interop_run_for (500);
    wcc_call_hangup (call);
    do
      event = wait_agent_event (events, li_id, tanaka_id, NULL);
    while (!json_object_get_null_member (event, "call"));
  }
  if (g_get_real_time () > midnight - 2 * G_USEC_PER_SEC)
    {
      g_test_skip ("the machine took a minute to place one call: midnight came first");
      goto out;
    }
  g_assert_cmpint (json_object_get_int_member (event, "calls_today"), ==, 1);

  /* Nobody does anything; midnight passes. */
  for (;;)
    {
      JsonObject *data = wcc_test_events_wait (events, "monitor.agent", 90000);

      if (json_object_get_int_member (data, "agent_id") != li_id)
        continue;
      if (g_get_real_time () < midnight - G_USEC_PER_SEC)
        {
          /* Before midnight (after-call work ending, say): still today's call. */
          g_assert_cmpint (json_object_get_int_member (data, "calls_today"), ==, 1);
          continue;
        }
      g_assert_cmpint (json_object_get_int_member (data, "calls_today"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (data, "talk_time_today"), ==, 0);
      g_assert_cmpstr (json_object_get_string_member (data, "state"), !=, "offline");
      break;
    }

out:
  wcc_party_free (customer);
  wcc_party_free (phone);
  wcc_test_events_close (events);
  fixture_tear_down (f, NULL);
  if (old_zone != NULL)
    g_setenv ("TZ", old_zone, TRUE);
  else
    g_unsetenv ("TZ");
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (170);

  g_test_add ("/monitor/roles-and-tenants", Fixture, NULL, fixture_set_up, test_roles_and_tenants, fixture_tear_down);
  g_test_add ("/monitor/quality-input", Fixture, NULL, fixture_set_up, test_quality_input, fixture_tear_down);
  g_test_add ("/monitor/real-call", Fixture, NULL, fixture_set_up, test_real_call, fixture_tear_down);
  g_test_add ("/monitor/outbound-answered", Fixture, NULL, fixture_set_up, test_outbound_answered, fixture_tear_down);
  g_test_add_func ("/monitor/midnight", test_midnight);
  return g_test_run ();
}
