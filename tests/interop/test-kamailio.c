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

/* A GNetworkMonitor of the test's own: it reports a network change when told to, as the
 * system's monitor does when an interface or route comes or goes. */
#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject parent_instance;
};

static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_network_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

enum { MONITOR_PROP_0, MONITOR_PROP_AVAILABLE, MONITOR_PROP_METERED, MONITOR_PROP_CONNECTIVITY };

static gboolean
test_network_monitor_init_failable (GInitable *initable, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_init_failable;
}

static gboolean
test_network_monitor_can_reach (GNetworkMonitor *monitor, GSocketConnectable *connectable,
                                GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_network_monitor_can_reach;
}

static void
test_network_monitor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE: g_value_set_boolean (value, TRUE); break;
    case MONITOR_PROP_METERED: g_value_set_boolean (value, FALSE); break;
    case MONITOR_PROP_CONNECTIVITY: g_value_set_enum (value, G_NETWORK_CONNECTIVITY_FULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
}

static void
on_account_state (WccAccount *account, GParamSpec *pspec, GString *states)
{
  g_string_append_printf (states, "%d ", wcc_account_get_state (account));
}

/* Calls @extension from @caller through Kamailio and says whether @callee rang (the call
 * then is hung up); FALSE when the registrar answered that no one is there. */
static gboolean
callee_reachable (WccParty   *caller,
                  WccParty   *callee,
                  const char *extension)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCall) probe = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean rang;

  g_clear_object (&callee->last_incoming);
  probe = g_object_ref (wcc_account_dial (caller->account, extension, &error));
  g_assert_no_error (error);
  while (wcc_call_get_state (probe) != WCC_CALL_ENDED && callee->last_incoming == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wcc_interop_run_for (10);
    }
  rang = callee->last_incoming != NULL;
  if (rang)
    {
      wcc_interop_wait_call_state (probe, WCC_CALL_ACTIVE, 5000);
      wcc_call_hangup (probe);
      wcc_interop_wait_call_state (callee->last_incoming, WCC_CALL_ENDED, 5000);
    }
  else
    g_test_message ("%s not reachable: %s", extension, wcc_call_get_end_reason (probe));
  return rang;
}

/* The network monitor reports a change: the account registers again at once (not at its
 * refresh, minutes away) and stays registered; a registrar that had lost the binding (a
 * restart the account could not notice) has it again, and calls reach the account. */
static void
test_reregister_on_network_change (Fixture *f, gconstpointer data)
{
  g_autoptr(TestNetworkMonitor) monitor = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  g_autoptr(GString) states = g_string_new (NULL);
  WccParty *a = registered_party (f, "1001", 440, WCC_TRANSPORT_UDP, 300);
  WccParty *b = registered_party (f, "1002", 1000, WCC_TRANSPORT_UDP, 0);

  wcc_account_set_network_monitor (a->account, G_NETWORK_MONITOR (monitor));
  g_signal_connect (a->account, "notify::state", G_CALLBACK (on_account_state), states);
  wcc_kamailio_restart (f->kamailio);
  g_assert_false (callee_reachable (b, a, "1001"));
  g_assert_cmpstr (states->str, ==, "");

  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  wcc_party_wait_account (a, WCC_ACCOUNT_REGISTERED, 5000);
  g_assert_cmpstr (states->str, ==, "1 2 ");
  g_assert_true (callee_reachable (b, a, "1001"));
  call_by_extension (b, a, "1001");

  /* Twice in a row (the second while the first REGISTER is out): registered once more
   * after both, and nothing else. */
  g_string_truncate (states, 0);
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  {
    /* The second REGISTER follows the first one's answer. */
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (!g_str_equal (states->str, "1 2 1 2 "))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        wcc_interop_run_for (10);
      }
  }
  g_assert_cmpstr (states->str, ==, "1 2 1 2 ");
  /* No network: nothing to do until it comes back. */
  g_string_truncate (states, 0);
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  wcc_interop_run_for (200);
  g_assert_cmpstr (states->str, ==, "");
  g_signal_handlers_disconnect_by_data (a->account, states);
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
  g_test_add ("/interop/kamailio/reregister-on-network-change", Fixture, NULL, fixture_set_up, test_reregister_on_network_change, fixture_tear_down);
  return g_test_run ();
}
