/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-softphone-tls-ui.c: the desktop softphone over SIP over TLS, under Xvfb against real
 * wcc-servers: with a server started with --sip-tls and a throwaway authority set as the
 * company's, it registers over TLS (the status bar says so, the server's binding is a sips:
 * contact that came over a stream), a customer's call over the queue rings, is answered and
 * carries audio encrypted (SRTP); "TLS only" against a server without TLS refuses with a
 * message, "automatic" then registers over UDP; a server whose certificate no trusted
 * authority signed is refused. */
#define G_LOG_DOMAIN "test-softphone-tls-ui"

#include <sqlite3.h>

#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"
#include "wcc-tone-detect.h"

#define AGENT_TONE 1000.0
#define CUSTOMER_TONE 440.0

static gboolean
softphone_ringing (gpointer data)
{
  return wcc_softphone_get_ringing_call (WCC_SOFTPHONE (data)) != NULL;
}

/* The server with SIP over TLS too, its certificate signed by the authority in @certificates. */
static WccTestServer *
start_tls_server (const char *certificates)
{
  guint16 port = wcc_interop_free_port (1);
  g_autofree char *tls = g_strdup_printf ("127.0.0.1:%u", port);

  return wcc_test_server_start (NULL, (const char *[]) { "--demo", "--sip-tls", tls,
                                                         "--sip-certificates", certificates, NULL });
}

/* The live registrations the server keeps (only 1001 registers in these tests), as
 * "CONTACT from SOURCE", read from its database beside it (the server's store headers
 * cannot come into an app test: their names clash). */
static GPtrArray *
server_bindings (WccTestServer *server)
{
  g_autofree char *path = g_build_filename (server->data_dir, "wcc.db", NULL);
  GPtrArray *bindings = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT contact, source FROM sip_bindings WHERE expires_at > ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (bindings, g_strdup_printf ("%s from %s", sqlite3_column_text (stmt, 0),
                                                sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return bindings;
}

static const char *
tooltip (GtkWindow *main_window)
{
  return gtk_widget_get_tooltip_text (find_by_id (child (main_window, "agent_status"), "softphone_box"));
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");

  g_settings_reset (settings, "sip-transport");
  g_settings_reset (settings, "sip-ca-file");
  g_settings_reset (settings, "require-srtp");
}

static void
test_queue_call_over_tls (void)
{
  g_autofree char *certificates = wcc_test_make_certificate_dir ();
  g_autofree char *authority = g_build_filename (certificates, "cafile.pem", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(WccCall) call = NULL;
  g_autofree char *target = NULL;
  const char *binding;
  WccTestServer *server;
  GtkWindow *main_window;
  WccSoftphone *softphone;
  WccAccount *account;
  WccCall *answered;
  WccParty *customer;

  wcc_test_guard_timeout (200);
  server = start_tls_server (certificates);
  /* The throwaway authority stands for a company's own, trusted beside the system's. */
  g_settings_set_string (settings, "sip-ca-file", authority);
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);

  g_test_message ("waiting for the softphone to register over TLS");
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_test_message ("%s", tooltip (main_window));
  g_assert_nonnull (strstr (tooltip (main_window), "Registered as sip:1001@demo"));
  g_assert_nonnull (strstr (tooltip (main_window), "(TLS)"));
  account = wcc_softphone_get_account (softphone);
  g_assert_true (g_str_has_prefix (wcc_account_get_local_uri (account), "sips:1001@"));

  /* The server's view: one binding, a sips: contact (calls come back over TLS), registered
   * over a stream (the TLS connection), not a datagram. */
  bindings = server_bindings (server);
  g_assert_cmpuint (bindings->len, ==, 1);
  binding = g_ptr_array_index (bindings, 0);
  g_test_message ("binding %s", binding);
  g_assert_true (g_str_has_prefix (binding, "sips:1001@"));
  g_assert_nonnull (strstr (binding, " from tcp:"));

  wcc_test_go_ready_in (main_window, "Sales");

  /* A customer offering SRTP calls the queue: the call is encrypted end to end. */
  {
    WccAccountSettings party = { .user = "0215559876", .domain = "pstn.example", .bind = "127.0.0.1:0",
                                 .srtp = WCC_SRTP_MANDATORY };
    customer = wcc_party_new (&party, CUSTOMER_TONE);
  }
  target = g_strdup_printf ("sip:8001@127.0.0.1:%u", server->sip_port);
  call = wcc_party_dial (customer, target);
  g_test_message ("waiting for the queue call to ring");
  wait_until (softphone_ringing, softphone, 15000);
  answered = g_object_ref (wcc_softphone_get_ringing_call (softphone));
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "answer-call", NULL);
  wait_until (wcc_test_call_active, call, 10000);
  g_test_message ("listening at the customer's end");
  wcc_party_assert_hears (customer, AGENT_TONE);
  g_assert_true (wcc_call_get_secure (call));
  g_assert_true (wcc_call_get_secure (answered));
  save_screenshot (GTK_WIDGET (main_window), "softphone-tls-call.png");
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "hang-up", NULL);
  wait_until (wcc_test_call_ended, call, 10000);
  g_clear_object (&answered);
  g_clear_object (&call);
  wcc_party_free (customer);

  /* A customer whose carrier sends plain RTP (most do) still reaches the agent on TLS. */
  {
    WccAccountSettings party = { .user = "0215550001", .domain = "pstn.example", .bind = "127.0.0.1:0" };
    customer = wcc_party_new (&party, CUSTOMER_TONE);
  }
  wait_until (wcc_test_agent_is_ready, wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window)), 60000);
  call = wcc_party_dial (customer, target);
  g_test_message ("waiting for the plain-RTP queue call to ring");
  wait_until (softphone_ringing, softphone, 15000);
  answered = g_object_ref (wcc_softphone_get_ringing_call (softphone));
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "answer-call", NULL);
  wait_until (wcc_test_call_active, call, 10000);
  wcc_party_assert_hears (customer, AGENT_TONE);
  g_assert_false (wcc_call_get_secure (call));
  g_assert_false (wcc_call_get_secure (answered));
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "hang-up", NULL);
  wait_until (wcc_test_call_ended, call, 10000);
  g_clear_object (&answered);
  g_clear_object (&call);

  /* "Encrypted calls only": the same customer's call is refused by the agent's phone. */
  g_settings_set_boolean (settings, "require-srtp", TRUE);
  g_test_message ("waiting for the softphone to register again with SRTP required");
  settle (500);
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  wait_until (wcc_test_agent_is_ready, wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window)), 60000);
  call = wcc_party_dial (customer, target);
  {
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      {
        g_assert_null (wcc_softphone_get_ringing_call (softphone));
        g_assert_false (wcc_test_call_active (call));
        settle (100);
      }
  }
  wcc_call_hangup (call);
  wait_until (wcc_test_call_ended, call, 10000);
  g_clear_object (&call);
  wcc_party_free (customer);

  log_out_through_ui (main_window);
  reset_settings ();
  wcc_test_server_stop (server);
  wcc_test_remove_dir (certificates);
}

static gboolean
no_binding (gpointer data)
{
  g_autoptr(GPtrArray) bindings = server_bindings (data);
  return bindings->len == 0;
}

/* Registered over UDP with a server without TLS, the agent picks "TLS only" in the settings
 * window: the phone leaves the registrar and refuses, and the status bar says why; back to
 * "Automatic" it registers over UDP again. The company authority row shows the setting. */
static void
test_tls_only_refused (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
  GtkWidget *window = NULL;
  AdwComboRow *transport_row;
  WccTestServer *server;
  GtkWindow *main_window;
  WccSoftphone *softphone;

  wcc_test_guard_timeout (120);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_nonnull (strstr (tooltip (main_window), "(UDP)"));

  wcc_main_window_show_softphone (WCC_MAIN_WINDOW (main_window));   /* builds the panel */
  gtk_widget_activate_action (child (main_window, "softphone_panel"), "phone.settings", NULL);
  wait_until (wcc_test_softphone_settings_shown, &window, 5000);
  transport_row = ADW_COMBO_ROW (child (GTK_WINDOW (window), "transport_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (transport_row), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (GTK_WINDOW (window), "ca_file_row"))), ==,
                   "None: the system’s authorities only");
  g_settings_set_string (settings, "sip-ca-file", "/etc/company/ca.pem");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (GTK_WINDOW (window), "ca_file_row"))), ==,
                   "/etc/company/ca.pem");
  g_settings_reset (settings, "sip-ca-file");

  adw_combo_row_set_selected (transport_row, 1);
  {
    g_autofree char *transport = g_settings_get_string (settings, "sip-transport");
    g_assert_cmpstr (transport, ==, "tls");
  }
  gtk_window_close (GTK_WINDOW (window));

  wait_until (wcc_test_softphone_failed, softphone, 15000);
  g_test_message ("%s", tooltip (main_window));
  g_assert_nonnull (strstr (tooltip (main_window), "the server offers no SIP over TLS"));
  g_assert_nonnull (strstr (tooltip (main_window), "allow only TLS"));
  g_assert_null (wcc_softphone_get_account (softphone));
  /* The UDP binding is gone, and nothing registers in clear meanwhile. */
  wait_until (no_binding, server, 10000);
  settle (1000);
  g_assert_true (no_binding (server));
  g_assert_cmpint (wcc_softphone_get_state (softphone), ==, WCC_ACCOUNT_FAILED);

  g_settings_set_string (settings, "sip-transport", "automatic");
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_nonnull (strstr (tooltip (main_window), "(UDP)"));

  log_out_through_ui (main_window);
  reset_settings ();
  wcc_test_server_stop (server);
}

/* The server's certificate is signed by an authority the phone does not trust (another
 * throwaway one is the company's): the phone does not register, and says so. */
static void
test_untrusted_certificate (void)
{
  g_autofree char *certificates = wcc_test_make_certificate_dir ();
  g_autofree char *other = wcc_test_make_certificate_dir ();
  g_autofree char *other_authority = g_build_filename (other, "cafile.pem", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
  g_autoptr(GPtrArray) bindings = NULL;
  WccTestServer *server;
  GtkWindow *main_window;
  WccSoftphone *softphone;

  wcc_test_guard_timeout (120);
  server = start_tls_server (certificates);
  g_settings_set_string (settings, "sip-ca-file", other_authority);
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);

  wait_until (wcc_test_softphone_failed, softphone, 15000);
  g_test_message ("%s", tooltip (main_window));
  g_assert_nonnull (strstr (tooltip (main_window), "Not registered: the server 127.0.0.1 does not prove who it is"));
  g_assert_nonnull (strstr (tooltip (main_window), "no trusted authority signed it"));
  g_assert_null (wcc_softphone_get_account (softphone));
  bindings = server_bindings (server);
  g_assert_cmpuint (bindings->len, ==, 0);
  g_assert_cmpint (wcc_softphone_get_state (softphone), !=, WCC_ACCOUNT_REGISTERED);

  log_out_through_ui (main_window);
  reset_settings ();
  wcc_test_server_stop (server);
  wcc_test_remove_dir (certificates);
  wcc_test_remove_dir (other);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_tone_detect_init ();
  wcc_test_ui_start_notification_server ();
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/softphone-tls/queue-call", test_queue_call_over_tls);
  g_test_add_func ("/ui/softphone-tls/tls-only-refused", test_tls_only_refused);
  g_test_add_func ("/ui/softphone-tls/untrusted-certificate", test_untrusted_certificate);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
