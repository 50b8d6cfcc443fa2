/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-supervision.c: a leader supervises a live queue call through a real wcc-server
 * (issue 9): listen-in, whisper and barge. Every party is a real phone (wcc-sim processes,
 * or our phone library in this process) talking SIP to the server's Sofia-SIP stack; the
 * customer sends 440 Hz, the agent 880 Hz, the leader 1300 Hz, and each far end checks by
 * frequency what it hears through the server's mix. */
#include <signal.h>
#include <gst/gst.h>

#include "wcc-error.h"
#include "wcc-interop.h"
#include "wcc-test-agent.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

#define CUSTOMER_HZ 440.0
#define AGENT_HZ    880.0
#define LEADER_HZ   1300.0

typedef struct {
  WccTestServer *server;
  char          *registrar;   /* 127.0.0.1:PORT */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  f->registrar = g_strdup_printf ("127.0.0.1:%u", f->server->sip_port);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_test_server_stop (f->server);
  g_free (f->registrar);
}

/* ---- wcc-sim processes, read through their --json events ---- */

typedef struct {
  const char       *name;
  GSubprocess      *process;
  GDataInputStream *out;
} Sim;

static Sim *
sim_start (const char        *name,
           const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  g_ptr_array_add (argv, (gpointer) WCC_SIM_BIN);
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  sim->name = name;
  sim->process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  sim->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  return sim;
}

/* Reads events (blocking: nothing in this process needs the loop meanwhile) until one named
 * @event; FALSE when the sim's output ends first. */
static gboolean
sim_wait_event (Sim        *sim,
                const char *event)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      g_assert_no_error (error);
      if (line == NULL)
        return FALSE;
      g_test_message ("%s: %s", sim->name, line);
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "event", ""),
                     event) == 0)
        return TRUE;
    }
}

/* Reads the rest of its events and waits for it to exit: its exit status (0: every
 * expectation met). */
static int
sim_finish (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  while (sim_wait_event (sim, "-none-"))
    ;
  g_assert_true (g_subprocess_wait (sim->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  return g_subprocess_get_exit_status (sim->process);
}

static void
sim_free (Sim *sim)
{
  g_clear_object (&sim->out);
  g_clear_object (&sim->process);
  g_free (sim);
}

/* A registered demo user's wcc-sim (SIP password "sip-EMPLOYEE", as the demo gives). */
static Sim *
sim_registered (Fixture           *f,
                const char        *employee,
                const char *const *extra)
{
  g_autofree char *account = g_strdup_printf ("%s@demo", employee);
  g_autofree char *password = g_strdup_printf ("sip-%s", employee);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  Sim *sim;

  g_ptr_array_add (args, (gpointer) "--account");
  g_ptr_array_add (args, account);
  g_ptr_array_add (args, (gpointer) "--password");
  g_ptr_array_add (args, password);
  g_ptr_array_add (args, (gpointer) "--registrar");
  g_ptr_array_add (args, f->registrar);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  sim = sim_start (employee, (const char *const *) args->pdata);
  g_assert_true (sim_wait_event (sim, "registered"));
  return sim;
}

/* The newest call of the client, as its administrator sees it. */
static gint64
newest_call_id (Fixture *f)
{
  g_autofree char *token = wcc_test_agent_login (f->server, "admin", NULL);
  g_autoptr(JsonObject) page = wcc_test_api_request (f->server, "GET", "/api/v1/calls?limit=1", token, NULL, 200);
  JsonArray *items = json_object_get_array_member (page, "items");

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_get_int_member (json_array_get_object_element (items, 0), "id");
}

static JsonObject *
supervise (Fixture    *f,
           const char *token,
           gint64      call_id,
           const char *mode,
           guint       expect)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/supervision", call_id);
  g_autofree char *body = g_strdup_printf ("{\"mode\": \"%s\"}", mode);

  return wcc_test_api_request (f->server, "POST", path, token, body, expect);
}

/* The codecs of a listen-in test: the call's (customer and agent), the leader's phone's. */
typedef struct {
  const char *call;
  const char *leader;
} Codecs;

/* Listen-in with three wcc-sim processes: the leader hears the customer and the agent,
 * neither of them hears the leader, and they still hear each other. Each leg keeps the
 * codec it negotiated (the leader's may differ from the call's). */
static void
test_listen_sims (Fixture *f, gconstpointer data)
{
  const Codecs *codecs = data;
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  Sim *agent = sim_registered (f, "1001", (const char *[]) {
    "--answer", "--tone", "880", "--expect-tone", "440", "--expect-no-tone", "1300",
    "--codec", codecs->call, NULL });
  Sim *leader = sim_registered (f, "2001", (const char *[]) {
    "--answer", "--tone", "1300", "--expect-tone", "440,880", "--codec", codecs->leader, NULL });
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autoptr(JsonObject) started = NULL;
  Sim *customer;
  gint64 call_id;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  customer = sim_start ("customer", (const char *[]) {
    "--call", queue, "--tone", "440", "--expect-tone", "880", "--expect-no-tone", "1300",
    "--duration", "8", "--codec", codecs->call, NULL });
  g_assert_true (sim_wait_event (agent, "answered"));
  call_id = newest_call_id (f);

  started = supervise (f, leader_token, call_id, "listen", 201);
  g_assert_cmpint (json_object_get_int_member (started, "call_id"), ==, call_id);
  g_assert_cmpstr (json_object_get_string_member (started, "mode"), ==, "listen");
  g_assert_cmpstr (json_object_get_string_member (started, "state"), ==, "ringing");
  g_assert_true (sim_wait_event (leader, "answered"));

  /* The customer hangs up after 8 s; the leader's leg ends with the call. */
  g_assert_cmpint (sim_finish (customer), ==, 0);
  g_assert_cmpint (sim_finish (agent), ==, 0);
  g_assert_cmpint (sim_finish (leader), ==, 0);
  sim_free (customer);
  sim_free (agent);
  sim_free (leader);
}

/* ---- Our phones in this process, for hearing at every step ---- */

#define HEAR_MS 8000
#define QUIET_MS 2500

/* Runs the loop until @party hears @freq_hz among what it hears (3 reports running). */
static void
assert_hears_in_mix (WccParty *party,
                     double    freq_hz)
{
  gint64 deadline = g_get_monotonic_time () + HEAR_MS * 1000;

  wcc_tone_detect_reset (party->ear);
  while (!wcc_tone_detect_hears_in_mix (party->ear, freq_hz, 3))
    {
      if (g_get_monotonic_time () > deadline)
        {
          double db = 0;
          double heard = wcc_tone_detect_dominant (party->ear, &db);
          g_error ("%s should hear %.0f Hz, hears %.0f Hz at %.1f dB", party->ear, freq_hz, heard, db);
        }
      wcc_interop_run_for (50);
    }
}

/* For QUIET_MS, @party never hears @freq_hz (not even for one 100 ms report). */
static void
assert_never_hears (WccParty *party,
                    double    freq_hz)
{
  gint64 deadline = g_get_monotonic_time () + QUIET_MS * 1000;

  wcc_tone_detect_reset (party->ear);
  while (g_get_monotonic_time () < deadline)
    {
      wcc_interop_run_for (50);
      if (wcc_tone_detect_hears_in_mix (party->ear, freq_hz, 1))
        g_error ("%s hears %.0f Hz, which it must not", party->ear, freq_hz);
    }
}

/* After a change that takes @freq_hz out of @party's mix: what was already on its way
 * (jitter buffers, queues; longer on a loaded machine) plays out, then it is gone for
 * 300 ms running; fails if it is still heard after HEAR_MS. */
static void
wait_stops_hearing (WccParty *party,
                    double    freq_hz)
{
  gint64 deadline = g_get_monotonic_time () + HEAR_MS * 1000;
  guint quiet = 0;

  wcc_tone_detect_reset (party->ear);
  while (quiet < 6)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wcc_interop_run_for (50);
      quiet = wcc_tone_detect_hears_in_mix (party->ear, freq_hz, 1) ? 0 : quiet + 1;
    }
}

/* GET /api/v1/supervisions as @token: the one supervision of @call_id in @mode, or none. */
static void
assert_supervisions (Fixture    *f,
                     const char *token,
                     gint64      call_id,
                     const char *mode)
{
  g_autoptr(JsonObject) list = wcc_test_api_request (f->server, "GET", "/api/v1/supervisions", token, NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  JsonObject *item;

  g_assert_cmpuint (json_array_get_length (items), ==, mode != NULL ? 1 : 0);
  if (mode == NULL)
    return;
  item = json_array_get_object_element (items, 0);
  g_assert_cmpint (json_object_get_int_member (item, "call_id"), ==, call_id);
  g_assert_cmpstr (json_object_get_string_member (item, "mode"), ==, mode);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "active");
  g_assert_cmpint (json_object_get_int_member (item, "group_id"), >, 0);
}

/* The supervision's events on the agent's stream until one in @state. */
static JsonObject *
wait_supervision_state (WccTestEvents *events,
                        const char    *state)
{
  for (;;)
    {
      JsonObject *data = wcc_test_events_wait (events, "call.supervision", 10000);

      g_test_message ("call.supervision: %s %s", json_object_get_string_member (data, "mode"),
                      json_object_get_string_member (data, "state"));
      if (g_strcmp0 (json_object_get_string_member (data, "state"), state) == 0)
        return data;
    }
}

/* One supervision through every mode on a call between two of our phones; the leader is a
 * wcc-sim that must hear both the customer and the agent. At each step each party's ear
 * is checked: the customer and the agent keep hearing each other throughout. */
static void
test_modes (Fixture *f, gconstpointer data)
{
  WccAccountSettings agent_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccAccountSettings customer_settings = { .user = "5550100", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *agent = wcc_party_new_registered (&agent_settings, AGENT_HZ);
  WccParty *customer = wcc_party_new (&customer_settings, CUSTOMER_HZ);
  Sim *leader = sim_registered (f, "2001", (const char *[]) {
    "--answer", "--tone", "1300", "--expect-tone", "440,880", NULL });
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autofree char *path = NULL;
  WccTestEvents *events = NULL;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) again = NULL;
  JsonObject *active;
  WccCall *incoming;
  gint64 call_id;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  events = wcc_test_events_open (f->server, agent_token);
  call = wcc_party_dial (customer, queue);
  incoming = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (customer, AGENT_HZ);
  wcc_party_assert_hears (agent, CUSTOMER_HZ);
  call_id = newest_call_id (f);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/supervision", call_id);

  /* Listen: the agent is told; nobody hears the leader; the call goes on. */
  g_clear_pointer (&changed, json_object_unref);
  changed = supervise (f, leader_token, call_id, "listen", 201);
  active = wait_supervision_state (events, "active");
  g_assert_cmpstr (json_object_get_string_member (active, "mode"), ==, "listen");
  g_assert_cmpint (json_object_get_int_member (active, "call_id"), ==, call_id);
  assert_hears_in_mix (customer, AGENT_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);
  assert_never_hears (customer, LEADER_HZ);
  assert_never_hears (agent, LEADER_HZ);
  assert_supervisions (f, leader_token, call_id, "listen");
  assert_supervisions (f, agent_token, call_id, "listen");
  {
    /* Another agent of Sales sees none. */
    g_autofree char *other_token = wcc_test_agent_login (f->server, "1002", NULL);
    assert_supervisions (f, other_token, call_id, NULL);
  }

  /* Whisper: the agent hears the leader beside the customer; the customer does not. */
  g_clear_pointer (&changed, json_object_unref);
  changed = supervise (f, leader_token, call_id, "whisper", 200);
  g_assert_cmpstr (json_object_get_string_member (changed, "mode"), ==, "whisper");
  g_assert_cmpstr (json_object_get_string_member (changed, "state"), ==, "active");
  assert_hears_in_mix (agent, LEADER_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);
  assert_never_hears (customer, LEADER_HZ);
  assert_hears_in_mix (customer, AGENT_HZ);

  /* Barge: everyone hears the other two. */
  g_clear_pointer (&changed, json_object_unref);
  changed = supervise (f, leader_token, call_id, "barge", 200);
  assert_hears_in_mix (customer, LEADER_HZ);
  assert_hears_in_mix (customer, AGENT_HZ);
  assert_hears_in_mix (agent, LEADER_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);

  /* The supervision ends: the leader's leg is hung up, the call goes on through the server. */
  g_assert_null (wcc_test_api_request (f->server, "DELETE", path, leader_token, NULL, 204));
  wait_supervision_state (events, "ended");
  {
    g_autoptr(JsonObject) gone = wcc_test_api_request (f->server, "DELETE", path, leader_token, NULL, 404);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (gone, "error"), "code"),
                     ==, "not_found");
  }
  wait_stops_hearing (customer, LEADER_HZ);
  assert_never_hears (customer, LEADER_HZ);
  assert_hears_in_mix (customer, AGENT_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);
  assert_supervisions (f, leader_token, call_id, NULL);
  g_assert_cmpint (sim_finish (leader), ==, 0);

  /* Supervised again on the same anchored call. */
  {
    Sim *second = sim_registered (f, "2001", (const char *[]) {
      "--answer", "--tone", "1300", "--expect-tone", "440,880", NULL });

    again = supervise (f, leader_token, call_id, "barge", 201);
    wait_supervision_state (events, "active");
    assert_hears_in_mix (customer, LEADER_HZ);
    /* The leader has heard both before the customer hangs up (under load half a second of
     * barge was not always enough to detect them: a flake in a full run). */
    g_assert_true (sim_wait_event (second, "tone-heard"));
    g_assert_true (sim_wait_event (second, "tone-heard"));
    wcc_call_hangup (call);
    wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
    g_assert_cmpint (sim_finish (second), ==, 0);
    sim_free (second);
  }
  wcc_test_events_close (events);
  sim_free (leader);
  wcc_party_free (customer);
  wcc_party_free (agent);
}

/* A supervision that fails never disturbs the call: the administrator has no phone (409),
 * the leader's phone refuses (486), the leader hangs up themselves; the customer and the
 * agent hear each other after each, and a call that is over cannot be supervised. */
static void
test_failures_leave_call (Fixture *f, gconstpointer data)
{
  WccAccountSettings agent_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccAccountSettings customer_settings = { .user = "5550101", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *agent = wcc_party_new_registered (&agent_settings, AGENT_HZ);
  WccParty *customer = wcc_party_new (&customer_settings, CUSTOMER_HZ);
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autofree char *admin_token = wcc_test_agent_login (f->server, "admin", NULL);
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) no_phone = NULL;
  g_autoptr(JsonObject) ringing = NULL;
  g_autoptr(JsonObject) answered = NULL;
  g_autoptr(JsonObject) over = NULL;
  WccTestEvents *events, *admin_events;
  JsonObject *ended;
  WccCall *incoming;
  Sim *busy, *short_leader;
  gint64 call_id;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  events = wcc_test_events_open (f->server, agent_token);
  call = wcc_party_dial (customer, queue);
  incoming = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  call_id = newest_call_id (f);

  /* The administrator has no registered phone: nothing starts. */
  no_phone = supervise (f, admin_token, call_id, "listen", 409);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (no_phone, "error"), "code"),
                   ==, "conflict");

  /* The leader's phone answers 486 Busy Here (a wcc-sim without --answer). The client
   * admin's monitor is told too. */
  busy = sim_registered (f, "2001", (const char *[]) { NULL });
  admin_events = wcc_test_events_open (f->server, admin_token);
  ringing = supervise (f, leader_token, call_id, "whisper", 201);
  g_assert_cmpstr (json_object_get_string_member (ringing, "state"), ==, "ringing");
  g_assert_cmpstr (json_object_get_string_member (wait_supervision_state (admin_events, "ringing"), "mode"),
                   ==, "whisper");
  wcc_test_events_close (admin_events);
  ended = wait_supervision_state (events, "ended");
  g_assert_cmpstr (json_object_get_string_member (ended, "reason"), ==, "declined");
  wcc_party_assert_hears (customer, AGENT_HZ);
  wcc_party_assert_hears (agent, CUSTOMER_HZ);
  g_assert_cmpint (wcc_call_get_state (call), ==, WCC_CALL_ACTIVE);
  g_assert_cmpint (sim_finish (busy), ==, 0);
  sim_free (busy);

  /* The leader answers, then hangs up after 3 s: the call goes on without them. */
  short_leader = sim_registered (f, "2001", (const char *[]) {
    "--answer", "--tone", "1300", "--duration", "3", "--expect-tone", "440,880", NULL });
  answered = supervise (f, leader_token, call_id, "barge", 201);
  wait_supervision_state (events, "active");
  assert_hears_in_mix (customer, LEADER_HZ);
  ended = wait_supervision_state (events, "ended");
  g_assert_cmpstr (json_object_get_string_member (ended, "reason"), ==, "leader hung up");
  wait_stops_hearing (customer, LEADER_HZ);
  assert_never_hears (customer, LEADER_HZ);
  assert_hears_in_mix (customer, AGENT_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);
  g_assert_cmpint (sim_finish (short_leader), ==, 0);
  sim_free (short_leader);

  /* Over: 409. */
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  over = supervise (f, leader_token, call_id, "listen", 409);
  wcc_test_events_close (events);
  wcc_party_free (customer);
  wcc_party_free (agent);
}

/* While supervised (the media at the server), the agent holds and resumes: the server
 * answers their re-INVITEs itself and the call goes on; then the agent transfers the
 * customer to 1002: the supervision ends ("transferred") and the customer and 1002 talk
 * end to end. */
static void
test_hold_and_transfer (Fixture *f, gconstpointer data)
{
  WccAccountSettings agent_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccAccountSettings target_settings = { .user = "1002", .domain = "demo", .password = "sip-1002",
                                         .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccAccountSettings customer_settings = { .user = "5550103", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *agent = wcc_party_new_registered (&agent_settings, AGENT_HZ);
  WccParty *target = wcc_party_new_registered (&target_settings, 660);
  WccParty *customer = wcc_party_new (&customer_settings, CUSTOMER_HZ);
  Sim *leader = sim_registered (f, "2001", (const char *[]) {
    "--answer", "--tone", "1300", "--expect-tone", "440,880", NULL });
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(GError) error = NULL;
  WccTestEvents *events;
  JsonObject *ended;
  WccCall *incoming, *transferred;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  events = wcc_test_events_open (f->server, agent_token);
  call = wcc_party_dial (customer, queue);
  incoming = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  started = supervise (f, leader_token, newest_call_id (f), "listen", 201);
  wait_supervision_state (events, "active");
  assert_hears_in_mix (customer, AGENT_HZ);

  g_assert_true (wcc_call_set_hold (incoming, TRUE, &error));
  g_assert_no_error (error);
  /* Resumed once the server has answered the hold ("still being updated" until then). */
  for (guint tries = 0; !wcc_call_set_hold (incoming, FALSE, &error); tries++)
    {
      g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
      g_assert_cmpuint (tries, <, 100);
      g_clear_error (&error);
      wcc_interop_run_for (50);
    }
  g_assert_false (wcc_call_get_on_hold (incoming));
  assert_hears_in_mix (customer, AGENT_HZ);
  assert_hears_in_mix (agent, CUSTOMER_HZ);

  g_assert_true (wcc_call_transfer (incoming, "1002", &error));
  g_assert_no_error (error);
  transferred = wcc_party_wait_incoming (target, 5000);
  wcc_interop_wait_call_state (transferred, WCC_CALL_ACTIVE, 5000);
  ended = wait_supervision_state (events, "ended");
  g_assert_cmpstr (json_object_get_string_member (ended, "reason"), ==, "transferred");
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  wcc_party_assert_hears (customer, 660);
  wcc_party_assert_hears (target, CUSTOMER_HZ);
  g_assert_cmpint (sim_finish (leader), ==, 0);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (transferred, WCC_CALL_ENDED, 5000);
  wcc_test_events_close (events);
  sim_free (leader);
  wcc_party_free (customer);
  wcc_party_free (target);
  wcc_party_free (agent);
}

/* The server mixes plain RTP only: a call whose media is encrypted (SRTP) is refused with
 * 409 before anything is sent, and goes on. */
static void
test_encrypted_refused (Fixture *f, gconstpointer data)
{
  WccAccountSettings agent_settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                        .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccAccountSettings customer_settings = { .user = "5550102", .domain = "pstn.example", .bind = "127.0.0.1:0",
                                           .srtp = WCC_SRTP_MANDATORY };
  WccParty *agent = wcc_party_new_registered (&agent_settings, AGENT_HZ);
  WccParty *customer = wcc_party_new (&customer_settings, CUSTOMER_HZ);
  Sim *leader = sim_registered (f, "2001", (const char *[]) { "--answer", NULL });
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) refused = NULL;
  WccCall *incoming;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  call = wcc_party_dial (customer, queue);
  incoming = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  g_assert_true (wcc_call_get_secure (call));
  refused = supervise (f, leader_token, newest_call_id (f), "listen", 409);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (refused, "error"), "code"),
                   ==, "conflict");
  wcc_party_assert_hears (customer, AGENT_HZ);
  wcc_party_assert_hears (agent, CUSTOMER_HZ);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  /* The leader's phone was never called: it is still waiting; stop it. */
  g_subprocess_send_signal (leader->process, SIGTERM);
  sim_finish (leader);
  sim_free (leader);
  wcc_party_free (customer);
  wcc_party_free (agent);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (280);
  wcc_tone_detect_init ();
  static const Codecs opus = { "opus", "opus" };
  static const Codecs g711 = { "PCMU", "PCMA" };

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  g_test_add ("/supervision/listen-sims/opus", Fixture, &opus, fixture_set_up, test_listen_sims, fixture_tear_down);
  g_test_add ("/supervision/listen-sims/pcmu-pcma", Fixture, &g711, fixture_set_up, test_listen_sims, fixture_tear_down);
  ADD ("/supervision/modes", test_modes);
  ADD ("/supervision/failures-leave-call", test_failures_leave_call);
  ADD ("/supervision/encrypted-refused", test_encrypted_refused);
  ADD ("/supervision/hold-and-transfer", test_hold_and_transfer);
  return g_test_run ();
}
