/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kamailio.c: our accounts against Debian's Kamailio as registrar and proxy: digest over
 * UDP and TCP, a wrong password, calls by extension, re-registration after a restart. */
#include <gst/gst.h>

#include "wcc-interop.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

typedef struct {
  char        *dir;
  WccKamailio *kamailio;
  char        *registrar;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = wcc_test_make_temp_dir ();
  f->kamailio = wcc_kamailio_start (f->dir, wcc_interop_free_port (1));
  f->registrar = g_strdup_printf ("127.0.0.1:%u", f->kamailio->port);
  g_test_message ("kamailio on %s, files in %s", f->registrar, f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_kamailio_free (f->kamailio);
  wcc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->registrar);
}

static WccParty *
registered_party (Fixture      *f,
                  const char   *user,
                  double        tone,
                  WccTransport  transport,
                  guint         expires)
{
  g_autofree char *password = g_strdup_printf ("pw-%s", user);
  WccAccountSettings settings = { .user = user, .domain = "test", .password = password,
                                  .registrar = f->registrar, .transport = transport,
                                  .bind = "127.0.0.1:0", .register_expires = expires };
  WccParty *party = wcc_party_new (&settings, tone);

  wcc_account_register (party->account);
  wcc_party_wait_account (party, WCC_ACCOUNT_REGISTERED, 5000);
  return party;
}

static void
test_register (Fixture *f, gconstpointer data)
{
  WccParty *udp = registered_party (f, "1001", 440, WCC_TRANSPORT_UDP, 0);
  WccParty *tcp = registered_party (f, "1002", 1000, WCC_TRANSPORT_TCP, 0);
  const char *details = wcc_account_get_registration_details (udp->account);

  g_assert_nonnull (strstr (details, "Registered as sip:1001@test"));
  g_assert_nonnull (strstr (details, f->registrar));
  g_assert_nonnull (strstr (details, "UDP"));
  details = wcc_account_get_registration_details (tcp->account);
  g_assert_nonnull (strstr (details, "Registered as sip:1002@test"));
  g_assert_nonnull (strstr (details, "TCP"));
  /* Un-registering is answered too. */
  wcc_account_unregister (udp->account);
  wcc_party_wait_account (udp, WCC_ACCOUNT_OFFLINE, 5000);
  wcc_party_free (udp);
  wcc_party_free (tcp);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  WccAccountSettings settings = { .user = "1001", .domain = "test", .password = "not-it",
                                  .registrar = f->registrar, .bind = "127.0.0.1:0" };
  WccParty *party = wcc_party_new (&settings, 440);

  wcc_account_register (party->account);
  wcc_party_wait_account (party, WCC_ACCOUNT_FAILED, 5000);
  g_test_message ("%s", wcc_account_get_registration_details (party->account));
  g_assert_nonnull (strstr (wcc_account_get_registration_details (party->account), "401"));
  wcc_party_free (party);
}

/* @caller dials @extension through Kamailio; both hear each other. */
static void
call_by_extension (WccParty   *caller,
                   WccParty   *callee,
                   const char *extension)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCall) call = NULL;
  WccCall *incoming;

  g_clear_object (&callee->last_incoming);
  call = g_object_ref (wcc_account_dial (caller->account, extension, &error));
  g_assert_no_error (error);
  incoming = wcc_party_wait_incoming (callee, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (callee, caller->tone);
  wcc_party_assert_hears (caller, callee->tone);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
}

static void
test_call_by_extension (Fixture *f, gconstpointer data)
{
  WccParty *a = registered_party (f, "1001", 440, WCC_TRANSPORT_UDP, 0);
  WccParty *b = registered_party (f, "1002", 1000, WCC_TRANSPORT_TCP, 0);

  call_by_extension (a, b, "1002");
  g_assert_cmpstr (wcc_call_get_remote_number (b->last_incoming), ==, "1001");
  call_by_extension (b, a, "1001");
  wcc_party_free (a);
  wcc_party_free (b);
}

/* The registrar goes away and comes back with an empty location table: the account
 * registers again by itself and can be called again. */
static void
test_reregister_after_restart (Fixture *f, gconstpointer data)
{
  WccParty *a = registered_party (f, "1001", 440, WCC_TRANSPORT_UDP, 3);
  WccParty *b = registered_party (f, "1002", 1000, WCC_TRANSPORT_UDP, 0);

  /* Down long enough for a refresh to fail, then back. */
  wcc_kamailio_stop (f->kamailio);
  /* ICMP makes this quick; without it the transaction times out (Timer F, 32 s). */
  wcc_party_wait_account (a, WCC_ACCOUNT_FAILED, 40000);
  g_test_message ("while the registrar is down: %s", wcc_account_get_registration_details (a->account));
  wcc_kamailio_restart (f->kamailio);
  wcc_party_wait_account (a, WCC_ACCOUNT_REGISTERED, 10000);
  wcc_party_wait_account (b, WCC_ACCOUNT_REGISTERED, 1000);
  call_by_extension (b, a, "1001");

  /* A quick restart the account cannot notice: its next refresh puts it back. */
  wcc_kamailio_restart (f->kamailio);
  {
    /* Until its next refresh the registrar answers 404; within a few refresh periods a
     * call must reach the account. */
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(WccCall) probe = NULL;

        g_clear_object (&a->last_incoming);
        probe = g_object_ref (wcc_account_dial (b->account, "1001", &error));
        g_assert_no_error (error);
        while (wcc_call_get_state (probe) != WCC_CALL_ENDED && a->last_incoming == NULL)
          {
            g_assert_cmpint (g_get_monotonic_time (), <, deadline);
            wcc_interop_run_for (10);
          }
        if (a->last_incoming != NULL)
          {
            wcc_interop_wait_call_state (probe, WCC_CALL_ACTIVE, 5000);
            wcc_party_assert_hears (a, b->tone);
            wcc_call_hangup (probe);
            wcc_interop_wait_call_state (a->last_incoming, WCC_CALL_ENDED, 5000);
            break;
          }
        g_test_message ("after the restart: %s", wcc_call_get_end_reason (probe));
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        wcc_interop_run_for (300);
      }
  }
  call_by_extension (b, a, "1001");
  wcc_party_free (a);
  wcc_party_free (b);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (80);
  wcc_tone_detect_init ();
  g_test_add ("/interop/kamailio/register-udp-tcp", Fixture, NULL, fixture_set_up, test_register, fixture_tear_down);
  g_test_add ("/interop/kamailio/wrong-password", Fixture, NULL, fixture_set_up, test_wrong_password, fixture_tear_down);
  g_test_add ("/interop/kamailio/call-by-extension", Fixture, NULL, fixture_set_up, test_call_by_extension, fixture_tear_down);
  g_test_add ("/interop/kamailio/reregister-after-restart", Fixture, NULL, fixture_set_up, test_reregister_after_restart, fixture_tear_down);
  return g_test_run ();
}
