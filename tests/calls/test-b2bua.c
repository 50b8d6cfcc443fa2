/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-b2bua.c: calls through a real wcc-server process: our phones register to it, every
 * call passes its B2BUA as two legs, the audio (end to end) is checked by tone at each side,
 * and the call records are read back from the server's database. */
#include <gst/gst.h>

#include <sofia-sip/sip_tag.h>

#include "wcc-interop.h"
#include "wcc-phone-number.h"
#include "wcc-phone-private.h"
#include "wcc-store.h"
#include "wcc-test-agent.h"
#include "wcc-test-util.h"
#include "wcc-tls-directory.h"
#include "wcc-tone-detect.h"

typedef struct {
  WccTestServer *server;
  char          *registrar;   /* 127.0.0.1:PORT */
  guint16        pstn_port;   /* the demo client's trunk: a phone of ours at this port */
  char          *certificates; /* TLS tests: the server's (and phones' trusted) certificate */
  guint16        tls_port;
} Fixture;

/* Sets the SIP password of EMPLOYEE@demo to "sip-EMPLOYEE" with `wcc-server admin`. */
static void
set_sip_password (Fixture    *f,
                  const char *employee)
{
  g_autofree char *account = g_strdup_printf ("%s@demo", employee);
  g_autofree char *password = g_strdup_printf ("sip-%s\n", employee);
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;

  admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                            &error, g_getenv ("WCC_SERVER_BIN"), "admin", "--data-dir",
                            f->server->data_dir, "set-sip-password", account, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (admin, password, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (admin));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *trunk = NULL;
  g_autofree char *tls = NULL;
  gboolean with_tls = data != NULL;

  f->pstn_port = wcc_interop_free_port (1);
  trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", f->pstn_port);
  if (with_tls)
    {
      f->certificates = wcc_test_make_certificate_dir ();
      f->tls_port = wcc_interop_free_port (1);
      tls = g_strdup_printf ("127.0.0.1:%u", f->tls_port);
    }
  f->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", "--trunk", trunk,
                                                              "--inbound", "0215550000=demo:8001",
                                                              with_tls ? "--sip-tls" : NULL, tls,
                                                              "--sip-certificates", f->certificates,
                                                              NULL });
  g_assert_nonnull (f->server->sip_uri);
  f->registrar = g_strdup_printf ("127.0.0.1:%u", f->server->sip_port);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *employee = g_strdup_printf ("100%u", i);
      set_sip_password (f, employee);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_test_server_stop (f->server);
  g_free (f->registrar);
  if (f->certificates != NULL)
    wcc_test_remove_dir (f->certificates);
  g_free (f->certificates);
}

/* An agent's phone registered to the server. */
static WccParty *
agent (Fixture    *f,
       const char *employee,
       double      tone)
{
  g_autofree char *password = g_strdup_printf ("sip-%s", employee);
  WccAccountSettings settings = { .user = employee, .domain = "demo", .password = password,
                                  .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccParty *party = wcc_party_new (&settings, tone);

  wcc_account_register (party->account);
  wcc_party_wait_account (party, WCC_ACCOUNT_REGISTERED, 5000);
  return party;
}

static WccCall *
dial (WccParty   *caller,
      const char *target)
{
  g_autoptr(GError) error = NULL;
  WccCall *call = wcc_account_dial (caller->account, target, &error);

  g_assert_no_error (error);
  return g_object_ref (call);
}

/* The server's database, read beside the running server. */
static GPtrArray *
call_records (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->server->data_dir, "wcc.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (path, &error);
  g_autoptr(WccStoreClient) client = NULL;
  GPtrArray *calls;

  g_assert_no_error (error);
  client = wcc_store_client_find (store, "demo");
  calls = wcc_store_call_list (store, client->id, 0, FALSE, 0, 50);
  for (guint i = 0; i < calls->len; i++)
    {
      WccStoreCall *call = g_ptr_array_index (calls, i);
      g_ptr_array_index (calls, i) = wcc_store_call_find (store, client->id, call->id);
      wcc_store_call_free (call);
    }
  return calls;
}

/* Waits until the newest call record has ended. */
static WccStoreCall *
wait_newest_record_ended (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) calls = call_records (f);
      WccStoreCall *newest = calls->len > 0 ? g_ptr_array_index (calls, 0) : NULL;

      if (newest != NULL && newest->ended_at != 0)
        return g_ptr_array_steal_index (calls, 0);
      if (g_get_monotonic_time () > deadline)
        g_error ("no ended call record");
      wcc_interop_run_for (100);
    }
}

/* 1001 calls 1002 by employee ID; both hear each other through the B2BUA; the record shows
 * an internal call, answered, with both legs, ended by the caller. */
static void
test_agent_to_agent (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  g_autoptr(WccCall) call = dial (a, "1002");
  WccCall *incoming = wcc_party_wait_incoming (b, 5000);
  g_autoptr(WccStoreCall) record = NULL;

  g_assert_cmpstr (wcc_call_get_remote_number (incoming), ==, "1001");
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (b, 440);
  wcc_party_assert_hears (a, 1000);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);

  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->direction, ==, WCC_CALL_INTERNAL);
  g_assert_cmpstr (record->from_number, ==, "1001");
  g_assert_cmpstr (record->to_number, ==, "1002");
  g_assert_cmpint (record->answered_at, >, 0);
  g_assert_cmpint (record->ended_at, >=, record->answered_at);
  g_assert_cmpint (record->hangup_side, ==, WCC_CALL_SIDE_CALLER);
  g_assert_cmpuint (record->legs->len, ==, 2);
  /* Each leg ended with its own status (an answered leg: 200). */
  for (guint i = 0; i < record->legs->len; i++)
    {
      WccStoreCallLeg *leg = g_ptr_array_index (record->legs, i);
      g_assert_cmpint (leg->status, ==, 200);
      g_assert_cmpint (leg->ended_at, >, 0);
    }
  wcc_party_free (a);
  wcc_party_free (b);
}

/* A phone registering to the server as EMPLOYEE@demo with @password. */
static WccParty *
phone_with_password (Fixture    *f,
                     const char *employee,
                     const char *password)
{
  WccAccountSettings settings = { .user = employee, .domain = "demo", .password = password,
                                  .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccParty *party = wcc_party_new (&settings, 1000);

  wcc_account_register (party->account);
  return party;
}

/* The desktop's SIP account (POST /me/sip-account): a password of the session only, which
 * registers and takes calls; asking again replaces it, and logging out ends it. */
static void
test_desktop_sip_account (Fixture *f, gconstpointer data)
{
  g_autofree char *token = wcc_test_agent_login (f->server, "1003", NULL);
  g_autoptr(JsonObject) first = wcc_test_api_request (f->server, "POST", "/api/v1/me/sip-account",
                                                      token, NULL, 200);
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *registrar = g_strdup_printf ("sip:%s", f->registrar);
  g_autofree char *first_password = g_strdup (json_object_get_string_member (first, "password"));
  WccParty *desktop, *stale, *caller;
  g_autoptr(WccCall) call = NULL;
  WccCall *incoming;

  g_assert_cmpstr (json_object_get_string_member (first, "username"), ==, "1003");
  g_assert_cmpstr (json_object_get_string_member (first, "domain"), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (first, "registrar"), ==, registrar);
  g_assert_true (json_object_get_null_member (first, "registrar_tls"));
  g_assert_cmpuint (strlen (first_password), >=, 32);
  g_assert_true (json_object_has_member (first, "expires_at"));
  /* Not the extension's password, and not the web password. */
  g_assert_cmpstr (first_password, !=, "sip-1003");

  desktop = phone_with_password (f, "1003", first_password);
  wcc_party_wait_account (desktop, WCC_ACCOUNT_REGISTERED, 5000);
  caller = agent (f, "1001", 440);
  call = dial (caller, "1003");
  incoming = wcc_party_wait_incoming (desktop, 5000);
  g_assert_cmpstr (wcc_call_get_remote_number (incoming), ==, "1001");
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (desktop, 440);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);

  /* Asked again: a new password; the first no longer registers. */
  second = wcc_test_api_request (f->server, "POST", "/api/v1/me/sip-account", token, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (second, "password"), !=, first_password);
  stale = phone_with_password (f, "1003", first_password);
  wcc_party_wait_account (stale, WCC_ACCOUNT_FAILED, 5000);
  wcc_party_free (stale);
  stale = phone_with_password (f, "1003", json_object_get_string_member (second, "password"));
  wcc_party_wait_account (stale, WCC_ACCOUNT_REGISTERED, 5000);
  wcc_party_free (stale);

  /* Logged out: the session's password is gone with it, and so is the desktop's
   * registration — calls to 1003 no longer reach it. */
  g_clear_pointer (&first, json_object_unref);
  first = wcc_test_api_request (f->server, "POST", "/api/v1/logout", token, NULL, 204);
  stale = phone_with_password (f, "1003", json_object_get_string_member (second, "password"));
  wcc_party_wait_account (stale, WCC_ACCOUNT_FAILED, 5000);
  wcc_party_free (stale);
  g_clear_object (&call);
  call = dial (caller, "1003");
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  g_assert_true (desktop->last_incoming == incoming);
  /* The server counts the agent's phones again: none left (the registrar recounts every
   * ten seconds). */
  {
    g_autofree char *again = wcc_test_agent_login (f->server, "1003", NULL);
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
    guint phones = 1;

    while (phones > 0)
      {
        g_autofree char *state = wcc_test_agent_state (f->server, again, &phones);

        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        if (phones > 0)
          wcc_interop_run_for (500);
      }
  }
  /* And without a session there is no account to ask for. */
  g_clear_pointer (&first, json_object_unref);
  first = wcc_test_api_request (f->server, "POST", "/api/v1/me/sip-account", token, NULL, 401);

  /* A client admin's web account takes no calls: no softphone for it. */
  g_free (token);
  token = wcc_test_agent_login (f->server, "admin", NULL);
  g_clear_pointer (&first, json_object_unref);
  first = wcc_test_api_request (f->server, "POST", "/api/v1/me/sip-account", token, NULL, 403);

  wcc_party_free (caller);
  wcc_party_free (desktop);
}

static void
on_dtmf (WccCall *call, gchar digit, gpointer data)
{
  g_string_append_c ((GString *) data, digit);
}

/* Key tones (RFC 4733, in the media) reach the other side in order through the server;
 * a call placed with X-WCC-Task-Id / X-WCC-Customer-Id has them in its record. */
static void
test_dtmf_and_attach (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  tagi_t extra[] = {
    { SIPTAG_HEADER_STR ("X-WCC-Task-Id: 7\r\nX-WCC-Customer-Id: 4242") },
    { TAG_END () },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) heard = g_string_new (NULL);
  g_autofree char *uri = wcc_account_target_to_uri (a->account, "1002");
  g_autoptr(WccCall) call = g_object_ref (wcc_account_dial_with_tags (a->account, uri, extra, &error));
  g_autoptr(WccStoreCall) record = NULL;
  WccCall *incoming;

  g_assert_no_error (error);
  incoming = wcc_party_wait_incoming (b, 5000);
  g_signal_connect (incoming, "dtmf-received", G_CALLBACK (on_dtmf), heard);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  g_assert_true (wcc_call_send_dtmf (call, "12#", &error));
  g_assert_no_error (error);
  while (heard->len < 3)
    wcc_interop_run_for (50);
  g_assert_cmpstr (heard->str, ==, "12#");
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->task_id, ==, 7);
  g_assert_cmpint (record->customer_id, ==, 4242);
  wcc_party_free (a);
  wcc_party_free (b);
}

/* The agent concerned hears of the call on the event stream: ringing (with the caller's
 * number, before answering), answered, ended. */
static void
test_call_events (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  g_autofree char *token = wcc_test_agent_login (f->server, "1002", NULL);
  WccTestEvents *events = wcc_test_events_open (f->server, token);
  g_autoptr(WccCall) call = NULL;
  JsonObject *ringing, *answered, *ended;
  WccCall *incoming;

  b->answer_incoming = FALSE;
  call = dial (a, "1002");
  ringing = wcc_test_events_wait (events, "call.ringing", 5000);
  g_assert_cmpstr (json_object_get_string_member (ringing, "from"), ==, "1001");
  g_assert_cmpstr (json_object_get_string_member (ringing, "direction"), ==, "internal");
  incoming = wcc_party_wait_incoming (b, 5000);
  /* The INVITE names the same call: the desktop ties the event to its ringing call. */
  g_assert_nonnull (wcc_call_get_invite_header (incoming, "x-wcc-call-id"));
  g_assert_cmpint (g_ascii_strtoll (wcc_call_get_invite_header (incoming, "X-WCC-Call-Id"), NULL, 10), ==,
                   json_object_get_int_member (ringing, "call_id"));
  g_assert_true (wcc_call_answer (incoming, NULL));
  answered = wcc_test_events_wait (events, "call.answered", 5000);
  g_assert_cmpint (json_object_get_int_member (answered, "call_id"), ==,
                   json_object_get_int_member (ringing, "call_id"));
  wcc_call_hangup (call);
  ended = wcc_test_events_wait (events, "call.ended", 5000);
  g_assert_cmpint (json_object_get_int_member (ended, "call_id"), ==,
                   json_object_get_int_member (ringing, "call_id"));
  wcc_test_events_close (events);
  wcc_party_free (a);
  wcc_party_free (b);
}

/* Hold and resume pass the server as re-INVITEs: the held side hears the music, then the
 * tone again. */
static void
test_hold_through_server (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  g_autoptr(WccCall) call = dial (a, "1002");
  g_autoptr(GError) error = NULL;
  WccCall *incoming = wcc_party_wait_incoming (b, 5000);

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (b, 440);
  g_assert_true (wcc_call_set_hold (call, TRUE, &error));
  g_assert_no_error (error);
  while (!wcc_call_get_on_hold (call) || !wcc_call_get_remote_hold (incoming))
    wcc_interop_run_for (50);
  g_assert_true (wcc_call_set_hold (call, FALSE, &error));
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (b, 440);
  wcc_party_assert_hears (a, 1000);
  wcc_call_hangup (incoming);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  wcc_party_free (a);
  wcc_party_free (b);
}

/* Without valid credentials nobody reaches an extension (toll-fraud protection): the
 * server challenges, the wrong password fails, the agent's phone never rings. */
static void
test_unauthenticated_refused (Fixture *f, gconstpointer data)
{
  WccParty *b = agent (f, "1002", 1000);
  WccAccountSettings settings = { .user = "1001", .domain = "demo", .password = "not-it",
                                  .bind = "127.0.0.1:0" };
  WccParty *intruder = wcc_party_new (&settings, 440);
  g_autofree char *target = g_strdup_printf ("sip:1002@%s", f->registrar);
  g_autoptr(WccCall) call = dial (intruder, target);

  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  /* The phone gives up after the second challenge (its reason is its own). */
  g_test_message ("refused: %s", wcc_call_get_end_reason (call));
  g_assert_cmpuint (wcc_call_get_duration (call), ==, 0);
  wcc_interop_run_for (500);
  g_assert_null (b->last_incoming);
  wcc_party_free (intruder);
  wcc_party_free (b);
}

/* 1002 answers 1001, then transfers 1001 to 1003 (REFER to the server): 1001 and 1003 hear
 * each other, 1002 is out; the record names 1003 as the agent. */
static void
test_blind_transfer (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  WccParty *c = agent (f, "1003", 1500);
  g_autoptr(WccCall) call = dial (a, "1002");
  g_autoptr(GError) error = NULL;
  WccCall *at_b = wcc_party_wait_incoming (b, 5000);
  WccCall *at_c;

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (b, 440);
  g_assert_true (wcc_call_transfer (at_b, "1003", &error));
  g_assert_no_error (error);
  at_c = wcc_party_wait_incoming (c, 5000);
  wcc_interop_wait_call_state (at_c, WCC_CALL_ACTIVE, 5000);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ENDED, 5000);
  wcc_party_assert_hears (c, 440);
  wcc_party_assert_hears (a, 1500);
  g_assert_cmpint (wcc_call_get_state (call), !=, WCC_CALL_ENDED);
  wcc_call_hangup (at_c);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  wcc_party_free (a);
  wcc_party_free (b);
  wcc_party_free (c);
}

/* Logs an agent in, signs them in to the group of queue @queue_number and makes them Ready
 * (their phone must be registered). Returns the token. */
static char *
agent_ready (Fixture    *f,
             const char *employee,
             const char *queue_number)
{
  char *token = wcc_test_agent_login (f->server, employee, NULL);

  wcc_test_agent_ready (f->server, token, queue_number);
  return token;
}

static void
assert_agent_state (Fixture    *f,
                    const char *token,
                    const char *expected)
{
  g_autofree char *state = wcc_test_agent_state (f->server, token, NULL);

  g_assert_cmpstr (state, ==, expected);
}

/* A customer (no account at the server) calls the public queue number 8001: the Ready
 * agent signed in to Sales gets the call showing the customer's number, both hear each
 * other, and the record is an inbound Sales call taken by that agent. */
static void
test_queue_call (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 1000);
  g_autofree char *token = agent_ready (f, "1001", "8001");
  WccAccountSettings settings = { .user = "5550100", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *customer = wcc_party_new (&settings, 440);
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = dial (customer, target);
  g_autoptr(WccStoreCall) record = NULL;
  WccCall *incoming = wcc_party_wait_incoming (a, 5000);

  g_assert_cmpstr (wcc_call_get_remote_number (incoming), ==, "5550100");
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  assert_agent_state (f, token, "on_call");
  wcc_party_assert_hears (a, 440);
  wcc_party_assert_hears (customer, 1000);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);

  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->direction, ==, WCC_CALL_INBOUND);
  g_assert_cmpstr (record->customer_number, ==, "5550100");
  g_assert_cmpint (record->group_id, >, 0);
  g_assert_cmpint (record->agent_id, >, 0);
  g_assert_cmpint (record->answered_at, >, 0);
  g_assert_cmpint (record->hangup_side, ==, WCC_CALL_SIDE_CALLER);
  /* Sales has 30 s of after-call work. */
  assert_agent_state (f, token, "after_call_work");
  wcc_party_free (customer);
  wcc_party_free (a);
}

/* With nobody Ready the caller waits (182 Queued); hanging up counts as abandoned. */
static void
test_queue_abandoned (Fixture *f, gconstpointer data)
{
  WccAccountSettings settings = { .user = "5550101", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *customer = wcc_party_new (&settings, 440);
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = dial (customer, target);
  g_autoptr(WccStoreCall) record = NULL;

  wcc_interop_wait_call_state (call, WCC_CALL_RINGING, 5000);
  wcc_interop_run_for (300);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->answered_at, ==, 0);
  g_assert_cmpint (record->hangup_side, ==, WCC_CALL_SIDE_CALLER);
  wcc_party_free (customer);
}

/* 1002 has 1001 on hold, consults 1003, then joins them (REFER with Replaces): the server
 * joins the two calls; 1001 and 1003 hear each other, both of 1002's calls end. */
static void
test_attended_transfer (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  WccParty *c = agent (f, "1003", 1500);
  g_autoptr(WccCall) call = dial (a, "1002");
  g_autoptr(WccCall) consultation = NULL;
  g_autoptr(GError) error = NULL;
  WccCall *at_b = wcc_party_wait_incoming (b, 5000);
  WccCall *at_c;

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  g_assert_true (wcc_call_set_hold (at_b, TRUE, &error));
  g_assert_no_error (error);
  consultation = dial (b, "1003");
  at_c = wcc_party_wait_incoming (c, 5000);
  wcc_interop_wait_call_state (consultation, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (c, 1000);
  g_assert_true (wcc_call_transfer_to_call (at_b, consultation, &error));
  g_assert_no_error (error);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ENDED, 5000);
  wcc_interop_wait_call_state (consultation, WCC_CALL_ENDED, 5000);
  g_assert_cmpint (wcc_call_get_state (call), ==, WCC_CALL_ACTIVE);
  g_assert_cmpint (wcc_call_get_state (at_c), ==, WCC_CALL_ACTIVE);
  wcc_party_assert_hears (c, 440);
  wcc_party_assert_hears (a, 1500);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (at_c, WCC_CALL_ENDED, 5000);
  wcc_party_free (a);
  wcc_party_free (b);
  wcc_party_free (c);
}

/* An agent with two phones: both ring, the first to answer takes the call, the other
 * stops ringing. */
static void
test_two_devices (Fixture *f, gconstpointer data)
{
  WccParty *desk = agent (f, "1001", 1000);
  WccParty *laptop = agent (f, "1001", 1500);
  WccParty *caller = agent (f, "1002", 440);
  g_autoptr(WccCall) call = NULL;
  WccCall *at_desk, *at_laptop;

  laptop->answer_incoming = FALSE;
  desk->answer_incoming = FALSE;
  call = dial (caller, "1001");
  at_desk = wcc_party_wait_incoming (desk, 5000);
  at_laptop = wcc_party_wait_incoming (laptop, 5000);
  g_assert_true (wcc_call_answer (at_laptop, NULL));
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_interop_wait_call_state (at_desk, WCC_CALL_ENDED, 5000);
  wcc_party_assert_hears (laptop, 440);
  wcc_party_assert_hears (caller, 1500);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (at_laptop, WCC_CALL_ENDED, 5000);
  wcc_party_free (caller);
  wcc_party_free (laptop);
  wcc_party_free (desk);
}

/* The agent idle longest does not answer: after the group's ring timeout (15 s in the
 * demo) the call rings the next Ready agent, who takes it. */
static void
test_queue_ring_timeout (Fixture *f, gconstpointer data)
{
  WccParty *first = agent (f, "1001", 1000);
  g_autofree char *first_token = agent_ready (f, "1001", "8001");
  WccParty *second = agent (f, "1002", 1500);
  g_autofree char *second_token = agent_ready (f, "1002", "8001");
  WccAccountSettings settings = { .user = "5550102", .domain = "pstn.example", .bind = "127.0.0.1:0" };
  WccParty *customer = wcc_party_new (&settings, 440);
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autoptr(WccCall) call = NULL;
  WccCall *missed, *taken;

  first->answer_incoming = FALSE;
  call = dial (customer, target);
  missed = wcc_party_wait_incoming (first, 5000);
  g_assert_null (second->last_incoming);
  taken = wcc_party_wait_incoming (second, 25000);
  wcc_interop_wait_call_state (missed, WCC_CALL_ENDED, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (second, 440);
  wcc_party_assert_hears (customer, 1500);
  /* One missed offer: still Ready (the demo pauses after two). */
  assert_agent_state (f, first_token, "ready");
  wcc_call_hangup (taken);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  wcc_party_free (customer);
  wcc_party_free (second);
  wcc_party_free (first);
}

/* Issue 9: the client admin shortens the ring timeout of the running server's queue 8001
 * (15 s in the demo) to 2 s over the API; a customer (a wcc-sim process) calls it: the offer
 * the first agent lets ring moves to the second agent after about 2 s, with no restart,
 * and the customer hears that agent. */
static void
test_queue_ring_timeout_set_live (Fixture *f, gconstpointer data)
{
  g_autofree char *admin = wcc_test_agent_login (f->server, "admin", NULL);
  g_autoptr(JsonObject) groups = wcc_test_api_request (f->server, "GET", "/api/v1/groups", admin, NULL, 200);
  JsonArray *items = json_object_get_array_member (groups, "items");
  JsonObject *sales = NULL;
  WccParty *first, *second;
  g_autofree char *first_token = NULL;
  g_autofree char *second_token = NULL;
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->registrar);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(GSubprocess) customer = NULL;
  g_autoptr(GError) error = NULL;
  WccCall *missed, *taken;
  gint64 rung, moved;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (items, i),
                                                               "queue_number", NULL), "8001") == 0)
      sales = json_array_get_object_element (items, i);
  g_assert_nonnull (sales);
  g_assert_cmpint (json_object_get_int_member (sales, "ring_timeout"), ==, 15);
  path = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT "/queue", json_object_get_int_member (sales, "id"));
  body = g_strdup_printf ("{\"ring_timeout\": 2, \"version\": %" G_GINT64_FORMAT "}",
                          json_object_get_int_member (sales, "version"));
  changed = wcc_test_api_request (f->server, "PATCH", path, admin, body, 200);
  g_assert_cmpint (json_object_get_int_member (changed, "ring_timeout"), ==, 2);

  first = agent (f, "1001", 1000);
  first_token = agent_ready (f, "1001", "8001");
  second = agent (f, "1002", 1500);
  second_token = agent_ready (f, "1002", "8001");
  first->answer_incoming = FALSE;
  customer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, WCC_SIM_BIN, "--quiet", "--call", target,
                               "--tone", "440", "--expect-tone", "1500", "--duration", "3", NULL);
  g_assert_no_error (error);
  missed = wcc_party_wait_incoming (first, 5000);
  rung = g_get_monotonic_time ();
  taken = wcc_party_wait_incoming (second, 10000);
  moved = g_get_monotonic_time ();
  g_test_message ("the offer moved on after %.1f s", (moved - rung) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (moved - rung, >=, 1500 * 1000);
  g_assert_cmpint (moved - rung, <, 6 * G_USEC_PER_SEC);
  wcc_interop_wait_call_state (missed, WCC_CALL_ENDED, 5000);
  wcc_interop_wait_call_state (taken, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (second, 440);
  /* The customer hangs up after 3 s of talk, having heard the second agent's 1500 Hz. */
  wcc_interop_wait_call_state (taken, WCC_CALL_ENDED, 15000);
  g_assert_true (g_subprocess_wait_check (customer, NULL, &error));
  g_assert_no_error (error);
  wcc_party_free (second);
  wcc_party_free (first);
}

/* An agent's phone on SIP over TLS (registered to the server's TLS port, trusting its
 * certificate) calls and is called by a phone on UDP: calls cross the server both ways. */
static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autofree char *registrar = g_strdup_printf ("127.0.0.1:%u", f->tls_port);
  WccAccountSettings settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                  .registrar = registrar, .bind = "127.0.0.1:0",
                                  .transport = WCC_TRANSPORT_TLS,
                                  .tls_certificate_dir = f->certificates };
  WccParty *secure = wcc_party_new (&settings, 440);
  WccParty *plain = agent (f, "1002", 1000);
  g_autoptr(WccCall) out = NULL;
  g_autoptr(WccCall) in = NULL;
  WccCall *incoming;

  wcc_account_register (secure->account);
  wcc_party_wait_account (secure, WCC_ACCOUNT_REGISTERED, 5000);
  g_assert_nonnull (strstr (wcc_account_get_registration_details (secure->account), "TLS"));
  out = dial (secure, "1002");
  incoming = wcc_party_wait_incoming (plain, 5000);
  wcc_interop_wait_call_state (out, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (plain, 440);
  wcc_party_assert_hears (secure, 1000);
  wcc_call_hangup (out);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);

  in = dial (plain, "1001");
  incoming = wcc_party_wait_incoming (secure, 5000);
  wcc_interop_wait_call_state (in, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (secure, 1000);
  wcc_call_hangup (in);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  wcc_party_free (secure);
  wcc_party_free (plain);
}

/* The desktop's certificate directory (wcc_tls_directory_create: a key of the phone's own,
 * trusting another authority than the server's): the stack itself refuses the server's
 * certificate, so REGISTER never reaches it and no binding is made. */
static void
test_tls_untrusted (Fixture *f, gconstpointer data)
{
  g_autofree char *registrar = g_strdup_printf ("127.0.0.1:%u", f->tls_port);
  g_autofree char *parent = wcc_test_make_temp_dir ();
  g_autofree char *stranger = wcc_test_make_certificate_dir ();
  g_autofree char *authority = g_build_filename (stranger, "cafile.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = wcc_tls_directory_create (parent, FALSE, authority, &error);
  WccAccountSettings settings = { .user = "1001", .domain = "demo", .password = "sip-1001",
                                  .registrar = registrar, .bind = "127.0.0.1:0",
                                  .transport = WCC_TRANSPORT_TLS, .tls_certificate_dir = directory };
  WccParty *secure;

  g_assert_no_error (error);
  secure = wcc_party_new (&settings, 440);
  /* nta waits 64 × T1 for an answer that cannot come: 2 s here, not 32. */
  nua_set_params (wcc_account_get_nua (secure->account), NTATAG_SIP_T1X64 (2000), TAG_END ());
  wcc_account_register (secure->account);
  wcc_party_wait_account (secure, WCC_ACCOUNT_FAILED, 10000);
  g_test_message ("%s", wcc_account_get_registration_details (secure->account));
  {
    g_autofree char *path = g_build_filename (f->server->data_dir, "wcc.db", NULL);
    g_autoptr(WccStore) store = wcc_store_open (path, &error);
    g_autoptr(WccStoreUser) user = NULL;
    g_autoptr(GPtrArray) bindings = NULL;

    g_assert_no_error (error);
    user = wcc_store_user_find_by_account (store, "demo", "1001");
    bindings = wcc_store_sip_binding_list (store, user->client_id, user->id, g_get_real_time () / G_USEC_PER_SEC);
    g_assert_cmpuint (bindings->len, ==, 0);
  }
  wcc_party_free (secure);
  wcc_tls_directory_remove (directory);
  wcc_test_remove_dir (parent);
  wcc_test_remove_dir (stranger);
}

/* The carrier's side of the demo trunk: one of our phones, unregistered, answering. */
static WccParty *
pstn (Fixture *f,
      double   tone)
{
  g_autofree char *bind = g_strdup_printf ("127.0.0.1:%u", f->pstn_port);
  WccAccountSettings settings = { .user = "pstn", .domain = "pstn.example", .bind = bind };

  return wcc_party_new (&settings, tone);
}

/* 1001 dials an outside number: it goes out through the demo client's trunk with the
 * number in the request URI; both hear each other; the record is outbound. */
static void
test_outbound_trunk (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *carrier = pstn (f, 1000);
  g_autoptr(WccCall) call = dial (a, "0215551234");
  g_autoptr(WccStoreCall) record = NULL;
  WccCall *incoming = wcc_party_wait_incoming (carrier, 5000);

  g_assert_cmpstr (wcc_call_get_remote_number (incoming), ==, "1001");
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (carrier, 440);
  wcc_party_assert_hears (a, 1000);
  wcc_call_hangup (incoming);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->direction, ==, WCC_CALL_OUTBOUND);
  g_assert_cmpstr (record->customer_number, ==, "0215551234");
  /* The caller learnt the server's id of its call from the answer. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
    g_assert_cmpstr (wcc_call_get_invite_header (call, "X-WCC-Call-Id"), ==, id);
  }
  g_assert_cmpint (record->hangup_side, ==, WCC_CALL_SIDE_CALLEE);
  wcc_party_free (carrier);
  wcc_party_free (a);
}

/* A call from the carrier to the demo's inbound number enters the Sales queue. */
static void
test_inbound_trunk (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1002", 1000);
  g_autofree char *token = agent_ready (f, "1002", "8001");
  WccParty *carrier = pstn (f, 440);
  g_autofree char *target = g_strdup_printf ("sip:0215550000@%s", f->registrar);
  g_autoptr(WccCall) call = dial (carrier, target);
  g_autoptr(WccStoreCall) record = NULL;
  WccCall *incoming = wcc_party_wait_incoming (a, 5000);

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (a, 440);
  wcc_party_assert_hears (carrier, 1000);
  wcc_call_hangup (incoming);
  wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
  record = wait_newest_record_ended (f);
  g_assert_cmpint (record->direction, ==, WCC_CALL_INBOUND);
  g_assert_cmpint (record->group_id, >, 0);
  wcc_party_free (carrier);
  wcc_party_free (a);
}

/* C6: a do-not-call request of the agent of @agent_token on a demo customer's number, over
 * the API; returns its id. */
static gint64
request_do_not_call (Fixture    *f,
                     const char *agent_token,
                     gint64      customer_id,
                     const char *number)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", customer_id);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"do_not_call\", \"number\": \"%s\","
                                           " \"reason\": \"Asked not to be called\"}", number);
  g_autoptr(JsonObject) request = wcc_test_api_request (f->server, "POST", path, agent_token, body, 201);

  return json_object_get_int_member (request, "id");
}

/* Another client of the same server with an approved do-not-call request on @normalized,
 * written by the store beside the running server. */
static void
add_other_client_block (Fixture    *f,
                        const char *number)
{
  g_autofree char *path = g_build_filename (f->server->data_dir, "wcc.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (path, &error);
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_new ();
  g_autofree char *normalized = wcc_phone_number_normalize (number);
  gint64 client, request;

  g_assert_no_error (error);
  client = wcc_store_client_create (store, "acme", "Acme", &error);
  g_assert_no_error (error);
  customer->client_id = client;
  customer->package_id = wcc_store_package_create (store, client, "Leads", "[]", &error);
  g_assert_no_error (error);
  wcc_store_customer_add_phone (customer, number, normalized);
  customer->id = wcc_store_customer_create (store, customer, &error);
  g_assert_no_error (error);
  request = wcc_store_number_request_create (store, client, customer->id, 0, WCC_NUMBER_DO_NOT_CALL, normalized,
                                             "Acme's customer", &error);
  g_assert_no_error (error);
  g_assert_true (wcc_store_number_request_review (store, client, request, 0, TRUE, "", 0, &error));
  g_assert_no_error (error);
}

static guint
count_call_records (Fixture *f)
{
  g_autoptr(GPtrArray) calls = call_records (f);

  return calls->len;
}

/* One outside call of 1001 through the trunk that the carrier answers: both hear each other. */
static void
assert_call_goes_out (Fixture    *f,
                      WccParty   *a,
                      WccParty   *carrier,
                      const char *number)
{
  g_autoptr(WccCall) call = dial (a, number);
  WccCall *incoming = wcc_party_wait_incoming (carrier, 5000);

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (carrier, 440);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  g_clear_object (&carrier->last_incoming);
}

/* C6 at the SIP layer: a number with a pending request is still dialled; once the admin
 * approves, the B2BUA answers 403 "Do Not Call" (matching the number however it is typed)
 * and nothing reaches the carrier nor is recorded; another client's approved number is
 * not this client's. */
static void
test_do_not_call_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *agent_token = wcc_test_agent_login (f->server, "1001", NULL);
  g_autofree char *admin_token = wcc_test_agent_login (f->server, "admin", NULL);
  g_autoptr(JsonObject) tasks = wcc_test_api_request (f->server, "GET", "/api/v1/tasks?mine=1", agent_token, NULL, 200);
  gint64 task = json_object_get_int_member (json_array_get_object_element (
                  json_object_get_array_member (tasks, "items"), 0), "id");
  g_autofree char *customer_body = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT ", \"company\": \"Quiet Ltd\","
                                                    " \"phones\": [\"02-1555-0001\"]}", task);
  g_autoptr(JsonObject) customer = wcc_test_api_request (f->server, "POST", "/api/v1/customers", agent_token,
                                                         customer_body, 201);
  WccParty *a = agent (f, "1001", 440);
  WccParty *carrier = pstn (f, 1000);
  g_autofree char *review = NULL;
  gint64 request;
  guint records;

  request = request_do_not_call (f, agent_token, json_object_get_int_member (customer, "id"), "02-1555-0001");
  assert_call_goes_out (f, a, carrier, "0215550001");

  review = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "/review", request);
  g_clear_pointer (&customer, json_object_unref);
  customer = wcc_test_api_request (f->server, "POST", review, admin_token,
                                   "{\"decision\": \"approve\", \"reason\": \"Confirmed\"}", 200);
  records = count_call_records (f);
  {
    g_autoptr(WccCall) call = dial (a, "0215550001");
    int status = 0;

    wcc_interop_wait_call_state (call, WCC_CALL_ENDED, 5000);
    g_object_get (call, "end-status", &status, NULL);
    g_test_message ("refused: %d %s", status, wcc_call_get_end_reason (call));
    g_assert_cmpint (status, ==, 403);
    g_assert_nonnull (strstr (wcc_call_get_end_reason (call), "Do Not Call"));
  }
  wcc_interop_run_for (500);
  g_assert_null (carrier->last_incoming);
  g_assert_cmpuint (count_call_records (f), ==, records);

  /* Acme's approval of another number does not stop demo's calls to it. */
  add_other_client_block (f, "02-1555-0002");
  assert_call_goes_out (f, a, carrier, "0215550002");
  wcc_party_free (carrier);
  wcc_party_free (a);
}

static void
on_transfer_done (WccCall *call, gboolean ok, int status, const char *reason, gpointer data)
{
  int *outcome = data;
  *outcome = ok ? 200 : status;
}

/* A transfer to an agent with no phone fails: the call stays with 1002 and both still
 * hear each other once 1002 takes it off hold. */
static void
test_blind_transfer_fails (Fixture *f, gconstpointer data)
{
  WccParty *a = agent (f, "1001", 440);
  WccParty *b = agent (f, "1002", 1000);
  g_autoptr(WccCall) call = dial (a, "1002");
  g_autoptr(GError) error = NULL;
  WccCall *at_b = wcc_party_wait_incoming (b, 5000);
  int outcome = 0;

  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  g_signal_connect (at_b, "transfer-done", G_CALLBACK (on_transfer_done), &outcome);
  g_assert_true (wcc_call_transfer (at_b, "1004", &error));
  g_assert_no_error (error);
  while (outcome == 0)
    wcc_interop_run_for (50);
  g_test_message ("transfer to 1004: %d", outcome);
  g_assert_cmpint (outcome, >=, 400);
  g_assert_cmpint (wcc_call_get_state (at_b), !=, WCC_CALL_ENDED);
  g_assert_true (wcc_call_set_hold (at_b, FALSE, &error));
  g_assert_no_error (error);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (a, 1000);
  wcc_party_assert_hears (b, 440);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ENDED, 5000);
  wcc_party_free (a);
  wcc_party_free (b);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (280);
  wcc_tone_detect_init ();
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/b2bua/agent-to-agent", test_agent_to_agent);
  ADD ("/b2bua/hold", test_hold_through_server);
  ADD ("/b2bua/call-events", test_call_events);
  ADD ("/b2bua/dtmf-and-attach", test_dtmf_and_attach);
  ADD ("/b2bua/unauthenticated-refused", test_unauthenticated_refused);
  ADD ("/b2bua/desktop-sip-account", test_desktop_sip_account);
  ADD ("/b2bua/blind-transfer", test_blind_transfer);
  ADD ("/b2bua/blind-transfer-fails", test_blind_transfer_fails);
  ADD ("/b2bua/attended-transfer", test_attended_transfer);
  ADD ("/b2bua/queue-call", test_queue_call);
  ADD ("/b2bua/queue-abandoned", test_queue_abandoned);
  ADD ("/b2bua/outbound-trunk", test_outbound_trunk);
  ADD ("/b2bua/two-devices", test_two_devices);
  g_test_add ("/b2bua/tls", Fixture, "tls", fixture_set_up, test_tls, fixture_tear_down);
  g_test_add ("/b2bua/tls-untrusted", Fixture, "tls", fixture_set_up, test_tls_untrusted, fixture_tear_down);
  ADD ("/b2bua/queue-ring-timeout", test_queue_ring_timeout);
  ADD ("/b2bua/queue-ring-timeout-set-live", test_queue_ring_timeout_set_live);
  ADD ("/b2bua/inbound-trunk", test_inbound_trunk);
  ADD ("/b2bua/do-not-call-refused", test_do_not_call_refused);
  return g_test_run ();
}
