/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-softphone-ui.c: the built-in softphone under Xvfb against a real wcc-server: it
 * registers with the session's SIP account (S2), the agent goes Ready and signs in to Sales
 * through the status bar, a demo customer calls the queue 8001, the screen pop shows the
 * customer before answering, the agent answers through the application's action, the
 * customer hears the agent's tone, hold plays music, hang up, after-call work counts down,
 * Ready again (S1, S3, S7, S8, S16); the dial pad (P2); a replaced password is asked for
 * again; logging out un-registers. Screenshots of each state. */
#define G_LOG_DOMAIN "test-softphone-ui"

#include "wcc-agent-status.h"
#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"
#include "wcc-tone-detect.h"

/* The agent's microphone in this test: a sine the customer must hear. */
#define AGENT_TONE 1000.0
#define CUSTOMER_TONE 440.0

/* The notes of the generated hold music (wcc-media-session.c). */
static const double hold_notes[] = { 523.25, 587.33, 659.26, 783.99, 880.00 };

static gboolean
softphone_unregistered (gpointer data)
{
  return wcc_softphone_get_state (WCC_SOFTPHONE (data)) == WCC_ACCOUNT_OFFLINE;
}

static gboolean
agent_ready (gpointer data)
{
  return wcc_session_get_agent_state (WCC_SESSION (data)) == WCC_AGENT_STATE_READY;
}

static gboolean
agent_in_after_call_work (gpointer data)
{
  return wcc_session_get_agent_state (WCC_SESSION (data)) == WCC_AGENT_STATE_AFTER_CALL_WORK;
}

static gboolean
session_signed_in_somewhere (gpointer data)
{
  const GArray *groups = wcc_session_get_signed_in_groups (WCC_SESSION (data));
  return groups != NULL && groups->len > 0;
}

static gboolean
stack_shows (gpointer data)
{
  GtkStack *stack = data;
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), g_object_get_data (data, "wanted")) == 0;
}

static void
wait_for_page (GtkWidget  *stack,
               const char *name)
{
  g_object_set_data (G_OBJECT (stack), "wanted", (gpointer) name);
  wait_until (stack_shows, stack, 15000);
}

static gboolean
call_held (gpointer data)
{
  return wcc_call_get_remote_hold (WCC_CALL (data));
}

static gboolean
call_not_held (gpointer data)
{
  return !wcc_call_get_remote_hold (WCC_CALL (data));
}

static gboolean
box_mentions (gpointer data)
{
  const char *text = g_object_get_data (G_OBJECT (data), "wanted");

  for (GtkWidget *row = gtk_widget_get_first_child (data); row; row = gtk_widget_get_next_sibling (row))
    for (GtkWidget *part = gtk_widget_get_first_child (row); part; part = gtk_widget_get_next_sibling (part))
      if (GTK_IS_LABEL (part) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (part)), text) == 0)
        return TRUE;
  return FALSE;
}

static void
wait_for_box_text (GtkWidget  *box,
                   const char *text)
{
  g_object_set_data_full (G_OBJECT (box), "wanted", g_strdup (text), g_free);
  wait_until (box_mentions, box, 10000);
}


/* A customer of the demo that agent 1001 sees, with a phone number; it gets a pinned note
 * and (approved by the Sales leader) a pop-up warning. Returns the customer's object. */
static JsonObject *
prepare_customer (WccTestServer *server,
                  WccClient     *agent)
{
  g_autoptr(WccClient) leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/customers?limit=20", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  g_autofree char *notes = NULL;
  g_autofree char *review = NULL;
  g_autoptr(JsonObject) warning = NULL;
  JsonObject *customer = NULL;

  for (guint i = 0; customer == NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_array_get_length (json_object_get_array_member (item, "phones")) > 0 &&
          *json_object_get_string_member (item, "tab_label") != '\0')
        customer = item;
    }
  g_assert_nonnull (customer);
  notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", json_object_get_int_member (customer, "id"));
  json_object_unref (http_json (agent, "POST", notes, "{\"kind\": \"pinned\", \"text\": \"Prefers calls after 10:00\"}", 201));
  warning = http_json (agent, "POST", notes, "{\"kind\": \"warning\", \"text\": \"Complained twice about billing\"}", 201);
  review = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", json_object_get_int_member (warning, "id"));
  json_object_unref (http_json (leader, "POST", review, "{\"decision\": \"approve\"}", 200));
  return json_object_ref (customer);
}

/* P2: the dial pad's keys, typing, +, backspace, clear; Enter dials only a number. */
static void
check_dial_pad (GtkWindow    *main_window,
                WccSoftphone *softphone)
{
  GtkWidget *panel;
  GtkEditable *number;

  /* the panel is built as the pane first opens */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-dialpad", NULL);
  panel = child (main_window, "softphone_panel");
  number = GTK_EDITABLE (find_by_id (panel, "number_entry"));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (number)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (main_window)), GTK_WIDGET (number)));
  gtk_widget_activate_action (panel, "phone.key", "s", "+");
  for (const char *digit = "8613"; *digit; digit++)
    {
      char key[2] = { *digit, 0 };
      gtk_widget_activate_action (panel, "phone.key", "s", key);
    }
  g_assert_cmpstr (gtk_editable_get_text (number), ==, "+8613");
  gtk_widget_activate_action (panel, "phone.backspace", NULL);
  g_assert_cmpstr (gtk_editable_get_text (number), ==, "+861");
  g_assert_true (gtk_widget_is_sensitive (find_by_id (panel, "dial_button")));
  save_screenshot (GTK_WIDGET (main_window), "softphone-panel.png");
  gtk_widget_activate_action (panel, "phone.clear", NULL);
  g_assert_cmpstr (gtk_editable_get_text (number), ==, "");
  /* Nothing to dial: the call key is off, and Enter places no call. */
  g_assert_false (gtk_widget_is_sensitive (find_by_id (panel, "dial_button")));
  g_signal_emit_by_name (number, "activate");
  g_assert_null (wcc_softphone_get_current_call (softphone));
  /* Redial has nothing yet. */
  g_assert_false (gtk_widget_is_sensitive (find_by_id (panel, "redial_button")));
}

static void
test_queue_call (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccSession *session;
  WccSoftphone *softphone;
  GtkWidget *status, *panel, *check, *focus_before, *surname;
  g_autoptr(WccClient) checker = NULL;
  g_autoptr(JsonObject) customer = NULL;
  g_autoptr(JsonObject) sip = NULL;
  g_autofree char *target = NULL;
  g_autoptr(WccCall) call = NULL;
  WccParty *caller;
  const char *number, *label;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (softphone);
  g_assert_true (wcc_main_window_get_softphone (WCC_MAIN_WINDOW (main_window)) == softphone);
  status = child (main_window, "agent_status");
  /* the pane's panel is built when the pane first opens (issue 6, idle memory) */
  g_assert_null (find_by_id (GTK_WIDGET (main_window), "softphone_panel"));
  wcc_main_window_show_softphone (WCC_MAIN_WINDOW (main_window));
  panel = child (main_window, "softphone_panel");

  /* S2: the switch is on; the phone registers with the session's account; the tooltip
   * tells where. */
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_by_id (status, "softphone_switch"))));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (find_by_id (status, "softphone_box")), "Registered as sip:1001@demo"));
  /* Registered and idle, the window's thread sleeps (issue 6: no CPU when idle): the SIP
   * stack, whose nua layer wakes every second whatever is due, runs in a thread of its
   * own and reaches this loop only with events. Six seconds are six of nua's ticks; the
   * event stream's keep-alives (20 s, 25 s) may fall in, the wait itself is one. */
  {
    guint wakeups;

    settle (1000);
    wakeups = wcc_test_main_loop_wakeups (6000);
    g_test_message ("registered and idle: %u main loop wake-ups in 6 s", wakeups);
    g_assert_cmpuint (wakeups, <=, 4);
  }
  checker = login_elsewhere (server, "1001@demo", "wcc-1001");

  /* The session's password replaced by another request: the softphone asks again. */
  {
    WccAccount *account = wcc_softphone_get_account (softphone);

    sip = http_json (wcc_main_window_get_client (WCC_MAIN_WINDOW (main_window)), "POST",
                     "/api/v1/me/sip-account", NULL, 200);
    gtk_switch_set_active (GTK_SWITCH (find_by_id (status, "softphone_switch")), FALSE);
    wait_until (softphone_unregistered, softphone, 10000);
    gtk_switch_set_active (GTK_SWITCH (find_by_id (status, "softphone_switch")), TRUE);
    g_test_message ("waiting for the softphone to register with a new password");
    wait_until (wcc_test_softphone_registered, softphone, 20000);
    /* The same account took the new password: one binding at the server. */
    g_assert_true (wcc_softphone_get_account (softphone) == account);
  }

  check_dial_pad (main_window, softphone);

  /* S1, S16: Ready, and signed in to Sales through the status bar. */
  gtk_widget_activate_action (status, "agent.sign-out-all", NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (find_by_id (status, "groups_button")));
  check = find_by_name (status, "Sales");
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  wait_until (session_signed_in_somewhere, session, 10000);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find_by_id (status, "groups_button")));
  gtk_widget_activate_action (status, "agent.ready", NULL);
  g_test_message ("waiting for Ready");
  wait_until (agent_ready, session, 10000);
  wait_for_label (find_by_id (status, "state_label"), "Ready");

  /* The agent is typing somewhere else when the call comes: the focus must stay there. */
  customer = prepare_customer (server, checker);
  number = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (customer, "phones"), 0),
                                          "normalized");
  label = json_object_get_string_member (customer, "tab_label");
  wcc_main_window_show_page (WCC_MAIN_WINDOW (main_window), "profile");   /* built when first shown */
  surname = child (main_window, "surname_row");
  gtk_widget_grab_focus (surname);
  focus_before = gtk_root_get_focus (GTK_ROOT (main_window));
  g_assert_nonnull (focus_before);

  {
    WccAccountSettings settings = { .user = number, .domain = "pstn.example", .bind = "127.0.0.1:0" };
    caller = wcc_party_new (&settings, CUSTOMER_TONE);
  }
  target = g_strdup_printf ("sip:8001@127.0.0.1:%u", server->sip_port);
  g_test_message ("customer %s (%s) calls 8001", number, label);
  call = wcc_party_dial (caller, target);

  /* The screen pop: ringing, the customer's name, warning and pinned note, before
   * answering; a notification with Answer / Decline; the focus did not move. */
  wait_for_page (find_by_id (panel, "stack"), "ringing");
  wait_for_label (find_by_id (panel, "caller_name_label"), label);
  wait_for_box_text (find_by_id (panel, "warnings_box"), "Complained twice about billing");
  wait_for_box_text (find_by_id (panel, "notes_box"), "Prefers calls after 10:00");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (panel, "ringing_kind_label"))), ==, "Queue Call — Sales");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (panel, "caller_number_label"))), ==, number);
  g_assert_nonnull (wcc_application_get_call_notification (wcc_test_ui_app));
  wait_until (notification_shown, (gpointer) label, 10000);
  g_assert_cmpstr (wcc_test_ui_shown.summary, ==, "Incoming Call");
  g_assert_nonnull (strstr (wcc_test_ui_shown.body, number));
  {
    g_autofree char *actions = g_strjoinv ("|", wcc_test_ui_shown.actions);
    g_assert_nonnull (strstr (actions, "Decline"));
    g_assert_nonnull (strstr (actions, "Answer"));
  }
  g_assert_true (gtk_root_get_focus (GTK_ROOT (main_window)) == focus_before);
  g_assert_cmpint (wcc_softphone_get_server_call_id (softphone, wcc_softphone_get_ringing_call (softphone)), >, 0);
  g_assert_cmpint (wcc_call_get_state (call), !=, WCC_CALL_ACTIVE);
  save_screenshot (GTK_WIDGET (main_window), "softphone-ringing.png");

  /* Answer through the application's action (its shortcut and the notification's button). */
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "answer-call", NULL);
  wait_until (wcc_test_call_active, call, 10000);
  wait_for_page (find_by_id (panel, "stack"), "call");
  g_assert_null (wcc_application_get_call_notification (wcc_test_ui_app));
  wait_until (notification_closed, NULL, 10000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (panel, "call_title_label"))), ==, label);
  g_test_message ("listening at the customer's end");
  wcc_party_assert_hears (caller, AGENT_TONE);
  g_assert_true (gtk_widget_is_sensitive (find_by_id (panel, "hold_button")));
  save_screenshot (GTK_WIDGET (main_window), "softphone-call.png");

  /* S8: hold (its shortcut's action); the customer hears the music, then the agent again. */
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "toggle-hold", NULL);
  wait_until (call_held, call, 10000);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_by_id (panel, "hold_button"))));
  wcc_tone_detect_reset (caller->ear);
  g_assert_true (wcc_tone_detect_wait_any_tone (caller->ear, hold_notes, G_N_ELEMENTS (hold_notes), 2, 8000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (panel, "call_state_label"))), "On Hold"));
  save_screenshot (GTK_WIDGET (main_window), "softphone-hold.png");
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "toggle-hold", NULL);
  wait_until (call_not_held, call, 10000);
  wcc_party_assert_hears (caller, AGENT_TONE);

  /* Hang up (its shortcut's action): after-call work counts down (Sales: 30 s), then
   * the server makes the agent Ready again. */
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "hang-up", NULL);
  wait_until (wcc_test_call_ended, call, 10000);
  wait_for_page (find_by_id (panel, "stack"), "dialpad");
  g_test_message ("waiting for after-call work");
  wait_until (agent_in_after_call_work, session, 10000);
  {
    GtkLabel *state = GTK_LABEL (find_by_id (status, "state_label"));
    GtkWidget *countdown = find_by_id (status, "countdown_label");
    g_autofree char *first = NULL;
    int natural;

    settle (1200);
    g_assert_cmpstr (gtk_label_get_text (state), ==, "After-call work");
    /* The time left in a label of its own, never shortened: in the state's label it was
     * cut to "After-call work 0…" at the window's usual widths. */
    g_assert_true (gtk_widget_get_mapped (countdown));
    first = g_strdup (gtk_label_get_text (GTK_LABEL (countdown)));
    g_assert_true (g_regex_match_simple ("^[0-9]+:[0-5][0-9]$", first, 0, 0));
    gtk_widget_measure (countdown, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_width (countdown), >=, natural);
    settle (1500);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (countdown)), <, first);
    save_screenshot (GTK_WIDGET (main_window), "softphone-after-call-work.png");
  }
  g_test_message ("waiting for Ready after the after-call work");
  wait_until (agent_ready, session, 45000);
  settle (100);
  g_assert_false (gtk_widget_get_visible (find_by_id (status, "countdown_label")));
  /* Redial offers the last number dialled: none was dialled in this test. */
  g_assert_null (wcc_softphone_get_last_number (softphone));
  wcc_party_free (caller);

  /* A call that cannot go through says why (the pad came back saying nothing), and Redial
   * has the number: 1002 has no phone registered. */
  {
    g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
    GtkEditable *entry = GTK_EDITABLE (find_by_id (panel, "number_entry"));
    gulong handler = g_signal_connect (panel, "toast", G_CALLBACK (wcc_test_collect_toast), toasts);
    Toasted told = { toasts, "Not available" };

    gtk_editable_set_text (entry, "1002");
    gtk_widget_activate_action (panel, "phone.dial", NULL);
    wait_until (wcc_test_toasted, &told, 15000);
    g_assert_cmpstr (wcc_softphone_get_last_number (softphone), ==, "1002");
    g_signal_handler_disconnect (panel, handler);
  }

  /* Logging out un-registers: the server counts no phone for the agent. */
  log_out_through_ui (main_window);
  g_assert_null (wcc_application_get_softphone (wcc_test_ui_app));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(JsonObject) state = http_json (checker, "GET", "/api/v1/agent/state", NULL, 200);
        if (json_object_get_int_member (state, "phones") == 0)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (100);
      }
  }
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The agent's softphone speaks a known tone and plays into a silent sink. */
  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_tone_detect_init ();
  /* Before the application sends its first notification. */
  wcc_test_ui_start_notification_server ();
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/softphone/queue-call", test_queue_call);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
