/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-supervision.c: a leader supervises a live queue call through a real wcc-server
 * (issue 9): listen-in, whisper and barge. Every party is a real phone (wcc-sim processes,
 * or our phone library in this process) talking SIP to the server's Sofia-SIP stack; the
 * customer sends 440 Hz, the agent 880 Hz, the leader 1300 Hz, and each far end checks by
 * frequency what it hears through the server's mix. */
#include <gst/gst.h>

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

/* Listen-in with three wcc-sim processes: the leader hears the customer and the agent,
 * neither of them hears the leader, and they still hear each other. */
static void
test_listen_sims (Fixture *f, gconstpointer data)
{
  g_autofree char *queue = g_strdup_printf ("sip:8001@%s", f->registrar);
  Sim *agent = sim_registered (f, "1001", (const char *[]) {
    "--answer", "--tone", "880", "--expect-tone", "440", "--expect-no-tone", "1300", NULL });
  Sim *leader = sim_registered (f, "2001", (const char *[]) {
    "--answer", "--tone", "1300", "--expect-tone", "440,880", NULL });
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *leader_token = wcc_test_agent_login (f->server, "2001", NULL);
  g_autoptr(JsonObject) started = NULL;
  Sim *customer;
  gint64 call_id;

  wcc_test_agent_ready (f->server, agent_token, "8001");
  customer = sim_start ("customer", (const char *[]) {
    "--call", queue, "--tone", "440", "--expect-tone", "880", "--expect-no-tone", "1300",
    "--duration", "8", NULL });
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

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (280);
  wcc_tone_detect_init ();
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/supervision/listen-sims", test_listen_sims);
  return g_test_run ();
}
