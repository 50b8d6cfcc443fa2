/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-customer-tab-ui.c: a customer's tab under Xvfb against a real wcc-server (C5–C9,
 * C15–C17): agent 1001 opens a customer through win.open-customer (tab label, approved
 * pop-up warning), edits and saves the details (a stale version shows both versions), adds
 * a note, calls the customer through win.call-customer (a phone of ours answers at the demo
 * trunk and hears the agent), hangs up, saves a contact record with a result, finds it in
 * the history with the call's recording uploaded and playing, books an appointment in one
 * day, and saves while the server is stopped: pending, then applied once after the restart;
 * a new customer saved then becomes that customer's tab. Edits by others show up in the
 * open tab (customer.changed), or, while the agent types, as "changed on the server".
 * Screenshots customer-tab.png and customer-history.png. */
#define G_LOG_DOMAIN "test-customer-tab-ui"

#include "wcc-contact-history.h"
#include "wcc-contact-record-form.h"
#include "wcc-customer-details.h"
#include "wcc-customer-notes.h"
#include "wcc-customer-tab.h"
#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"
#include "wcc-time.h"
#include "wcc-tone-detect.h"
#include "wcc-work-page.h"

#define AGENT_TONE 1000.0
#define CUSTOMER_TONE 440.0

static gboolean
revealer_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data)) || gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
tab_has_call_id (gpointer data)
{
  return wcc_customer_tab_get_call_id (WCC_CUSTOMER_TAB (data)) > 0;
}

static gboolean
tab_pending (gpointer data)
{
  return wcc_customer_tab_get_pending (WCC_CUSTOMER_TAB (data));
}

static gboolean
tab_not_pending (gpointer data)
{
  return !wcc_customer_tab_get_pending (WCC_CUSTOMER_TAB (data));
}

static gboolean
session_offline (gpointer data)
{
  return wcc_session_get_connection (WCC_SESSION (data)) == WCC_CONNECTION_OFFLINE;
}

static gboolean
customer_version_is (gpointer data)
{
  WccCustomerTab *tab = data;
  WccRecord *customer = wcc_customer_tab_get_customer (tab);

  return customer != NULL &&
         wcc_record_get_version (customer) == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (tab), "wanted-version"));
}

static void
wait_for_version (WccCustomerTab *tab,
                  gint64          version)
{
  g_object_set_data (G_OBJECT (tab), "wanted-version", GINT_TO_POINTER ((int) version));
  wait_until (customer_version_is, tab, 15000);
}

static gboolean
details_outdated (gpointer data)
{
  return wcc_customer_details_get_outdated (WCC_CUSTOMER_DETAILS (data));
}

static gboolean
tab_saved (gpointer data)
{
  return wcc_customer_tab_get_customer_id (WCC_CUSTOMER_TAB (data)) > 0 && !wcc_customer_tab_get_pending (data);
}

static gboolean
no_tabs (gpointer data)
{
  return wcc_work_page_get_n_tabs (WCC_WORK_PAGE (data)) == 0;
}

/* tabs.close on the selected tab: the dialog asking first says @reason; answered. */
static void
close_tab_answering (GtkWindow  *main_window,
                     const char *reason,
                     const char *response)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (child (main_window, "work_page"), "tabs.close", NULL);
  wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, reason);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (100);
}

/* GET @path (a call's recording) as @client: the HTTP status; the body in @out_body. */
static guint
recording_status_and_body (WccClient   *client,
                           const char  *path,
                           GBytes     **out_body)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = wcc_client_build_url (client, path);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", wcc_client_get_token (client));
  g_autoptr(GBytes) body = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  body = soup_session_send_and_read (soup, message, NULL, NULL);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&body);
  return soup_message_get_status (message);
}

static guint
recording_status (WccClient  *client,
                  const char *path)
{
  return recording_status_and_body (client, path, NULL);
}

static GtkEditable *
details_row (WccCustomerTab *tab,
             const char     *id)
{
  GtkWidget *row = find_by_id (wcc_customer_tab_get_section (tab, "details"), id);

  g_assert_nonnull (row);
  return GTK_EDITABLE (row);
}

/* The first customer agent 1001 owns with a phone number; it gets a pop-up warning the
 * Sales leader approves. */
static JsonObject *
prepare_customer (WccTestServer *server,
                  WccClient     *agent)
{
  g_autoptr(WccClient) leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=50", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  g_autofree char *notes = NULL;
  g_autofree char *review = NULL;
  g_autoptr(JsonObject) warning = NULL;
  JsonObject *customer = NULL;

  for (guint i = 0; customer == NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_array_get_length (json_object_get_array_member (item, "phones")) > 0 &&
          json_object_get_int_member_with_default (item, "task_id", 0) > 0)
        customer = item;
    }
  g_assert_nonnull (customer);
  notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", json_object_get_int_member (customer, "id"));
  warning = http_json (agent, "POST", notes, "{\"kind\": \"warning\", \"text\": \"Asked not to be called before 10:00\"}", 201);
  review = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", json_object_get_int_member (warning, "id"));
  json_object_unref (http_json (leader, "POST", review, "{\"decision\": \"approve\"}", 200));
  return json_object_ref (customer);
}

static void
test_customer_tab (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  guint16 pstn_port = wcc_interop_free_port (1);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", pstn_port);
  g_autofree char *pstn_bind = g_strdup_printf ("127.0.0.1:%u", pstn_port);
  const char *server_args[] = { "--demo", "--listen", listen, "--trunk", trunk, NULL };
  WccTestServer *server;
  GtkWindow *main_window;
  WccSession *session;
  WccSoftphone *softphone;
  WccCustomerTab *tab;
  WccCustomerTab *new_tab;
  g_autoptr(WccClient) checker = NULL;
  g_autoptr(JsonObject) customer = NULL;
  g_autofree char *customer_path = NULL;
  g_autofree char *label = NULL;
  const char *number;
  gint64 id, version, call_id;
  WccParty *carrier;
  WccCall *agent_call;
  WccCall *incoming;

  wcc_test_guard_timeout (220);
  server = wcc_test_server_start (data_dir, server_args);
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (softphone);
  checker = login_elsewhere (server, "1001@demo", "wcc-1001");
  customer = prepare_customer (server, checker);
  id = json_object_get_int_member (customer, "id");
  label = g_strdup (json_object_get_string_member (customer, "tab_label"));
  number = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (customer, "phones"), 0),
                                          "number");
  customer_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);

  /* C8: win.open-customer opens the tab, labelled by the server's rule; the approved pop-up
   * warning shows at its top (C9); opening it again focuses the same tab. */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-customer", "x", id);
  tab = selected_tab (main_window);
  wait_until (tab_loaded, tab, 15000);
  g_assert_cmpstr (wcc_customer_tab_get_title (tab), ==, label);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (main_window, "stack"))), ==, "work");
  wait_until (revealer_shown, find_by_id (GTK_WIDGET (tab), "warnings_revealer"), 10000);
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-customer", "x", id);
  g_assert_true (selected_tab (main_window) == tab);
  g_assert_cmpuint (wcc_work_page_get_n_tabs (WCC_WORK_PAGE (child (main_window, "work_page"))), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (main_window, "work_count_label"))), ==, "1");
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "customer-tab.png");
  /* A customer's tab, with the softphone pane open beside it, still fits a 1280-px-wide
   * screen: its nine sections are a list, not a row of buttons. */
  {
    int minimum = 0;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), TRUE);
    settle (300);
    gtk_widget_measure (GTK_WIDGET (main_window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_test_message ("main window minimum width with a customer tab and the softphone: %d px", minimum);
    g_assert_cmpint (minimum, <=, 1280);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), FALSE);
  }

  /* Details: an edit saved with the version; Ctrl+S twice before the answer saves once
   * (the second would meet the first's version as a conflict). */
  version = wcc_record_get_version (wcc_customer_tab_get_customer (tab));
  gtk_editable_set_text (details_row (tab, "address_row"), "1-2-3 Marunouchi, Tokyo");
  gtk_widget_activate_action (wcc_customer_tab_get_section (tab, "details"), "details.save", NULL);
  gtk_widget_activate_action (wcc_customer_tab_get_section (tab, "details"), "details.save", NULL);
  wait_for_version (tab, version + 1);
  settle (500);
  g_assert_null (find_message_dialog ());
  {
    g_autoptr(JsonObject) saved = http_json (checker, "GET", customer_path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (saved, "address"), ==, "1-2-3 Marunouchi, Tokyo");
    g_assert_cmpint (json_object_get_int_member (saved, "version"), ==, version + 1);
  }

  /* Someone else's edit while the agent has typed nothing: the open tab follows it, without
   * a reload (customer.changed). */
  {
    g_autoptr(WccClient) leader = login_elsewhere (server, "2001@demo", "wcc-2001");
    g_autofree char *body = g_strdup_printf ("{\"address\": \"7-8-9 Shibuya, Tokyo\", \"version\": %" G_GINT64_FORMAT "}",
                                             version + 1);
    g_autoptr(JsonObject) other = http_json (leader, "PATCH", customer_path, body, 200);

    wait_for_version (tab, version + 2);
    g_assert_cmpstr (gtk_editable_get_text (details_row (tab, "address_row")), ==, "7-8-9 Shibuya, Tokyo");
    g_assert_false (wcc_customer_details_get_outdated (WCC_CUSTOMER_DETAILS (wcc_customer_tab_get_section (tab, "details"))));
    version++;
  }

  /* A stale version: someone else saves while the agent is typing: the tab keeps what was
   * typed and says the server has changed; saving shows both versions and the agent keeps
   * theirs. */
  {
    g_autofree char *body = g_strdup_printf ("{\"email\": \"other@example.com\", \"version\": %" G_GINT64_FORMAT "}",
                                             version + 1);
    WccCustomerDetails *details = WCC_CUSTOMER_DETAILS (wcc_customer_tab_get_section (tab, "details"));
    g_autoptr(JsonObject) other = NULL;
    AdwMessageDialog *dialog;
    GtkWidget *conflict;
    g_autoptr(JsonObject) saved = NULL;

    gtk_editable_set_text (details_row (tab, "email_row"), "mine@example.com");
    g_assert_true (wcc_customer_details_get_edited (details));
    other = http_json (checker, "PATCH", customer_path, body, 200);
    wait_until (details_outdated, details, 10000);
    g_assert_cmpstr (gtk_editable_get_text (details_row (tab, "email_row")), ==, "mine@example.com");
    g_assert_cmpint (wcc_record_get_version (wcc_customer_tab_get_customer (tab)), ==, version + 1);
    gtk_widget_activate_action (wcc_customer_tab_get_section (tab, "details"), "details.save", NULL);
    wait_until (message_dialog_shown, NULL, 10000);
    dialog = find_message_dialog ();
    conflict = find_by_name (GTK_WIDGET (dialog), "conflict_label");
    g_assert_nonnull (conflict);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (conflict)), "mine@example.com"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (conflict)), "other@example.com"));
    /* Escape (the dialog closed) keeps what was typed and the notice; saving asks again. */
    gtk_window_close (GTK_WINDOW (dialog));
    settle (300);
    g_assert_null (find_message_dialog ());
    g_assert_cmpstr (gtk_editable_get_text (details_row (tab, "email_row")), ==, "mine@example.com");
    g_assert_true (wcc_customer_details_get_outdated (details));
    g_assert_true (wcc_customer_details_get_edited (details));
    gtk_widget_activate_action (wcc_customer_tab_get_section (tab, "details"), "details.save", NULL);
    wait_until (message_dialog_shown, NULL, 10000);
    dialog = find_message_dialog ();
    adw_message_dialog_response (dialog, "mine");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_for_version (tab, version + 3);
    saved = http_json (checker, "GET", customer_path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (saved, "email"), ==, "mine@example.com");
  }

  /* C9: a note. */
  {
    WccCustomerNotes *notes = WCC_CUSTOMER_NOTES (wcc_customer_tab_get_section (tab, "notes"));
    g_autofree char *notes_path = g_strdup_printf ("%s/notes", customer_path);
    g_autoptr(JsonObject) list = NULL;
    gboolean found = FALSE;

    wcc_customer_tab_show_section (tab, "notes");
    g_assert_true (wcc_customer_notes_add (notes, "pinned", "Prefers e-mail for quotes"));
    for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; !found;)
      {
        GListModel *model = wcc_customer_notes_get_model (notes);
        for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
          {
            g_autoptr(WccRecord) note = g_list_model_get_item (model, i);
            found |= g_str_equal (wcc_record_get_string (note, "text"), "Prefers e-mail for quotes");
          }
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (100);
      }
    list = http_json (checker, "GET", notes_path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (list, "items"), 0), "text"),
                     ==, "Prefers e-mail for quotes");
  }

  /* C7: win.call-customer dials through the softphone for the customer; the carrier's
   * phone at the demo trunk answers and hears the agent. */
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, softphone, 20000);
  {
    WccAccountSettings settings = { .user = "pstn", .domain = "pstn.example", .bind = pstn_bind };
    carrier = wcc_party_new (&settings, CUSTOMER_TONE);
  }
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.call-customer", "(xs)", id, number);
  /* The carrier's phone answers by itself. */
  incoming = wcc_party_wait_incoming (carrier, 10000);
  g_assert_nonnull (incoming);
  agent_call = wcc_customer_tab_get_call (tab);
  g_assert_nonnull (agent_call);
  g_object_ref (agent_call);
  wait_until (wcc_test_call_active, agent_call, 10000);
  wait_until (tab_has_call_id, tab, 10000);
  call_id = wcc_customer_tab_get_call_id (tab);
  g_assert_true (wcc_softphone_get_call_recorded (softphone, agent_call));
  g_test_message ("listening at the customer's end");
  wcc_party_assert_hears (carrier, AGENT_TONE);
  {
    g_autofree char *call_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, call_id);
    g_autoptr(JsonObject) call = http_json (checker, "GET", call_path, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (call, "customer_id"), ==, id);
  }
  settle (1500);
  /* Closing the tab during the call asks first; kept. */
  close_tab_answering (main_window, "The call with this customer is still going on.", "keep");
  g_assert_true (selected_tab (main_window) == tab);
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "hang-up", NULL);
  wait_until (wcc_test_call_ended, agent_call, 10000);

  /* C15, C16: a contact record with a result for answered calls, linked to the call; its
   * recording is uploaded and plays from the history. */
  {
    WccContactRecordForm *form = WCC_CONTACT_RECORD_FORM (wcc_customer_tab_get_section (tab, "contact"));
    WccContactHistory *history = WCC_CONTACT_HISTORY (wcc_customer_tab_get_section (tab, "history"));
    AdwComboRow *results = ADW_COMBO_ROW (find_by_id (GTK_WIDGET (form), "result_row"));
    GtkTextView *note = GTK_TEXT_VIEW (find_by_id (GTK_WIDGET (form), "note_view"));
    g_autofree char *recording_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording", call_id);
    g_autoptr(WccRecord) record = NULL;
    GListModel *model;

    wcc_customer_tab_show_section (tab, "contact");
    for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
         adw_combo_row_get_model (results) == NULL || g_list_model_get_n_items (adw_combo_row_get_model (results)) == 0;)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (100);
      }
    adw_combo_row_set_selected (results, 0);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (note), "Interested in the spring offer", -1);
    save_screenshot (GTK_WIDGET (main_window), "customer-contact-record.png");
    /* Closing the tab with the record typed asks first; kept, it is all there. */
    close_tab_answering (main_window, "The contact record is not saved yet.", "keep");
    g_assert_true (selected_tab (main_window) == tab);
    g_assert_cmpuint (adw_combo_row_get_selected (results), ==, 0);
    /* So do logging out, quitting and closing the window, which close the tabs too (logging
     * out used to throw the record away without a word); kept, nothing is lost. */
    {
      struct { const char *heading; const char *keep; } asks[] = {
        { "Log Out and Discard Changes?", "cancel" }, { "Quit and Discard Changes?", "keep" },
        { "Close and Discard Changes?", "keep" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
        {
          AdwMessageDialog *dialog;

          if (i == 0)
            gtk_widget_activate_action (GTK_WIDGET (main_window), "win.logout", NULL);
          else if (i == 1)
            g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "quit", NULL);
          else
            gtk_window_close (main_window);
          wait_until (message_dialog_shown, NULL, 5000);
          dialog = find_message_dialog ();
          g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, asks[i].heading);
          g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The contact record is not saved yet."));
          adw_message_dialog_response (dialog, asks[i].keep);
          gtk_window_destroy (GTK_WINDOW (dialog));
          settle (100);
          g_assert_true (gtk_widget_get_visible (GTK_WIDGET (main_window)));
          g_assert_true (selected_tab (main_window) == tab);
        }
      g_assert_cmpuint (adw_combo_row_get_selected (results), ==, 0);
    }
    /* Saved, and the tab closed before the answer (discarding nothing): the record reaches
     * the server and the recording's upload still follows it. */
    g_assert_true (wcc_contact_record_form_save (form));
    close_tab_answering (main_window, "The contact record is not saved yet.", "discard");
    wait_until (no_tabs, child (main_window, "work_page"), 5000);
    g_test_message ("waiting for the recording upload of the closed tab");
    for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
         recording_status (checker, recording_path) != 200;)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (200);
      }
    gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-customer", "x", id);
    tab = selected_tab (main_window);
    wait_until (tab_loaded, tab, 15000);
    form = WCC_CONTACT_RECORD_FORM (wcc_customer_tab_get_section (tab, "contact"));
    history = WCC_CONTACT_HISTORY (wcc_customer_tab_get_section (tab, "history"));
    wcc_customer_tab_show_section (tab, "history");
    model = wcc_contact_history_get_model (history);
    wait_until (model_has_items, model, 10000);
    record = g_list_model_get_item (model, 0);
    g_assert_cmpint (wcc_record_get_int (record, "call_id", 0), ==, call_id);
    g_assert_cmpstr (wcc_record_get_string (record, "note"), ==, "Interested in the spring offer");
    g_assert_cmpstr (wcc_record_get_string (record, "call_state"), ==, "answered");

    /* The upload: the server has the recording, and the history (reloaded) links it. */
    g_test_message ("waiting for the recording upload");
    for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;;)
      {
        g_autoptr(WccRecord) first = g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;
        if (first != NULL && *wcc_record_get_string (first, "recording_url") != '\0')
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (200);
      }
    {
      g_autoptr(GBytes) ogg = NULL;

      g_assert_cmpuint (recording_status_and_body (checker, recording_path, &ogg), ==, 200);
      g_assert_cmpuint (g_bytes_get_size (ogg), >, 1000);
      g_assert_cmpmem (g_bytes_get_data (ogg, NULL), 4, "OggS", 4);
    }
    gtk_widget_activate_action (GTK_WIDGET (history), "history.play", "s", recording_path);
    wait_until (player_playing, wcc_contact_history_get_player (history), 10000);
    save_screenshot (GTK_WIDGET (main_window), "customer-history.png");
    gtk_widget_activate_action (GTK_WIDGET (history), "history.stop", NULL);
  }
  g_object_unref (agent_call);
  wcc_party_free (carrier);

  /* C17: an appointment in one day. */
  {
    WccContactRecordForm *form = WCC_CONTACT_RECORD_FORM (wcc_customer_tab_get_section (tab, "contact"));
    g_autofree char *appointments = g_strdup_printf ("%s/appointments", customer_path);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    gtk_widget_activate_action (GTK_WIDGET (form), "record.book-quick", "s", "1d");
    for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;;)
      {
        g_autoptr(JsonObject) list = http_json (checker, "GET", appointments, NULL, 200);
        JsonArray *items = json_object_get_array_member (list, "items");
        if (json_array_get_length (items) == 1)
          {
            JsonObject *appointment = json_array_get_object_element (items, 0);
            gint64 due = 0;

            g_assert_true (wcc_time_from_rfc3339 (json_object_get_string_member (appointment, "due_at"), &due));
            g_assert_cmpint (due, >=, now + 86400 - 60);
            g_assert_cmpint (due, <=, now + 86400 + 60);
            break;
          }
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (200);
      }
  }

  /* Offline: the server stops; a save goes to the outbox and the tab shows it pending;
   * after the restart it reaches the server once (one version more). */
  wcc_customer_tab_show_section (tab, "details");
  version = wcc_record_get_version (wcc_customer_tab_get_customer (tab));
  wcc_test_server_stop (server);
  g_test_message ("waiting for the session to be offline");
  wait_until (session_offline, session, 40000);
  gtk_editable_set_text (details_row (tab, "address_row"), "4-5-6 Umeda, Osaka");
  gtk_widget_activate_action (wcc_customer_tab_get_section (tab, "details"), "details.save", NULL);
  wait_until (tab_pending, tab, 10000);
  g_assert_true (gtk_widget_get_visible (find_by_id (GTK_WIDGET (tab), "pending_label")));
  save_screenshot (GTK_WIDGET (main_window), "customer-tab-pending.png");
  /* A new customer saved offline too: pending, then that customer's tab once sent. */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.new-customer", "x",
                              wcc_record_get_int (wcc_customer_tab_get_customer (tab), "task_id", 0));
  new_tab = selected_tab (main_window);
  g_assert_true (new_tab != tab);
  g_assert_cmpint (wcc_customer_tab_get_customer_id (new_tab), ==, 0);
  gtk_editable_set_text (details_row (new_tab, "company_row"), "Offline Trading");
  /* Not a phone number: refused at once, the row marked; the outbox never holds it (the
   * server would refuse it only once back, in its own words). */
  gtk_editable_set_text (details_row (new_tab, "phones_row"), "+81 6-5555-0199, after 6 pm");
  gtk_widget_activate_action (wcc_customer_tab_get_section (new_tab, "details"), "details.save", NULL);
  settle (300);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (details_row (new_tab, "phones_row")), "error"));
  g_assert_false (tab_pending (new_tab));
  gtk_editable_set_text (details_row (new_tab, "phones_row"), "+81 6-5555-0199");
  gtk_widget_activate_action (wcc_customer_tab_get_section (new_tab, "details"), "details.save", NULL);
  wait_until (tab_pending, new_tab, 10000);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (details_row (new_tab, "phones_row")), "error"));
  /* Saved again while it waits: refused (a second POST would add the customer twice). */
  gtk_widget_activate_action (wcc_customer_tab_get_section (new_tab, "details"), "details.save", NULL);
  settle (300);
  server = wcc_test_server_start (data_dir, server_args);
  g_test_message ("waiting for the outbox to send the save");
  wait_until (tab_not_pending, tab, 60000);
  wait_until (tab_saved, new_tab, 30000);
  g_assert_cmpstr (wcc_customer_tab_get_title (new_tab), ==, "Offline Trading");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, wcc_customer_tab_get_customer_id (new_tab));
    g_autoptr(JsonObject) created = http_json (checker, "GET", path, NULL, 200);
    g_autoptr(JsonObject) found = NULL;

    g_assert_cmpstr (json_object_get_string_member (created, "company"), ==, "Offline Trading");
    settle (1000);
    found = http_json (checker, "GET", "/api/v1/customers?q=Offline%20Trading&limit=10", NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (found, "items")), ==, 1);
  }
  wait_for_version (tab, version + 1);
  {
    g_autoptr(JsonObject) saved = http_json (checker, "GET", customer_path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (saved, "address"), ==, "4-5-6 Umeda, Osaka");
    g_assert_cmpint (json_object_get_int_member (saved, "version"), ==, version + 1);
  }
  settle (1500);
  {
    g_autoptr(JsonObject) saved = http_json (checker, "GET", customer_path, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (saved, "version"), ==, version + 1);
  }

  /* A tab with nothing to lose closes without asking. */
  {
    WccWorkPage *work = WCC_WORK_PAGE (child (main_window, "work_page"));
    guint n = wcc_work_page_get_n_tabs (work);

    g_assert_true (selected_tab (main_window) == new_tab);
    gtk_widget_activate_action (GTK_WIDGET (work), "tabs.close", NULL);
    settle (300);
    g_assert_null (find_message_dialog ());
    g_assert_cmpuint (wcc_work_page_get_n_tabs (work), ==, n - 1);
  }

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_tone_detect_init ();
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/customer-tab/work", test_customer_tab);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
