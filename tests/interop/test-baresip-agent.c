/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-baresip-agent.c: baresip as a call-centre agent of a real wcc-server: it registers
 * as 1002@demo with the demo SIP password (digest, UDP), the agent is made Ready in Sales
 * over HTTP, and a customer calling the queue number 8001 reaches it, with audio both ways
 * and an inbound call record taken by 1002. */
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "wcc-interop.h"
#include "wcc-test-agent.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

#define BARESIP_TONE  1000.0
#define CUSTOMER_TONE 440.0

typedef struct {
  WccTestServer *server;
  char          *dir;
  WccBaresip    *baresip;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  f->dir = wcc_test_make_temp_dir ();
  /* The demo's own SIP password: nothing set up beside `wcc-server --demo`. */
  f->baresip = wcc_baresip_start_at (f->dir, "1002", "demo", "sip-1002", f->server->sip_port);
  g_test_message ("wcc-server SIP on %s, baresip on %u, files in %s",
                  f->server->sip_uri, f->baresip->sip_port, f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_baresip_free (f->baresip);
  wcc_test_server_stop (f->server);
  wcc_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* The newest call of the agent once it has ended, from the API. */
static JsonObject *
wait_newest_call_ended (Fixture    *f,
                        const char *token)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) list = wcc_test_api_request (f->server, "GET", "/api/v1/calls?mine=1&limit=1",
                                                         token, NULL, 200);
      JsonArray *items = json_object_get_array_member (list, "items");
      JsonObject *newest = json_array_get_length (items) > 0 ? json_array_get_object_element (items, 0) : NULL;

      if (newest != NULL && !json_object_get_null_member (newest, "ended_at"))
        return json_object_ref (newest);
      if (g_get_monotonic_time () > deadline)
        g_error ("no ended call for the agent");
      wcc_interop_run_for (100);
    }
}

static void
test_queue_call_to_baresip (Fixture *f, gconstpointer data)
{
  gint64 agent_id = 0;
  g_autofree char *token = wcc_test_agent_login (f->server, "1002", &agent_id);
  WccAccountSettings settings = { .user = "5550100", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  g_autofree char *target = g_strdup_printf ("sip:8001@127.0.0.1:%u", f->server->sip_port);
  g_autofree char *state = NULL;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(JsonObject) record = NULL;
  double customer_tone = CUSTOMER_TONE;
  WccParty *customer;
  guint phones = 0;

  /* baresip's registration is what the server counts as the agent's phone. */
  state = wcc_test_agent_state (f->server, token, &phones);
  g_assert_cmpuint (phones, ==, 1);
  wcc_test_agent_ready (f->server, token, "8001");

  customer = wcc_party_new (&settings, CUSTOMER_TONE);
  call = wcc_party_dial (customer, target);
  g_assert_true (wcc_baresip_wait_event (f->baresip, "CALL_ESTABLISHED", 10000));
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  g_clear_pointer (&state, g_free);
  state = wcc_test_agent_state (f->server, token, NULL);
  g_assert_cmpstr (state, ==, "on_call");

  /* End to end through the B2BUA: the customer hears baresip's sine, baresip's recording
   * of what it heard holds the customer's tone. */
  wcc_party_assert_hears (customer, BARESIP_TONE);
  g_assert_true (wcc_baresip_hears (f->baresip, 0, &customer_tone, 1, 0.5, 0, 6000));

  wcc_call_hangup (call);
  g_assert_true (wcc_baresip_wait_event (f->baresip, "CALL_CLOSED", 5000));

  record = wait_newest_call_ended (f, token);
  g_assert_cmpstr (json_object_get_string_member (record, "direction"), ==, "inbound");
  g_assert_cmpstr (json_object_get_string_member (record, "to"), ==, "8001");
  g_assert_cmpstr (json_object_get_string_member (record, "customer_number"), ==, "5550100");
  g_assert_cmpint (json_object_get_int_member (record, "agent_id"), ==, agent_id);
  g_assert_false (json_object_get_null_member (record, "answered_at"));
  g_assert_cmpstr (json_object_get_string_member (record, "hangup_side"), ==, "caller");
  wcc_party_free (customer);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (80);
  wcc_tone_detect_init ();
  g_test_add ("/interop/baresip-agent/queue-call", Fixture, NULL, fixture_set_up,
              test_queue_call_to_baresip, fixture_tear_down);
  return g_test_run ();
}
