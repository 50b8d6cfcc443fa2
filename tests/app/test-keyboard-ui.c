/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyboard-ui.c: the agent's workflow by keyboard alone (issue 10, accessibility; the
 * shortcuts of issue 6) under Xvfb against a real wcc-server --demo. Every step is a real key
 * press that the X server delivers to the app's focused window (xdotool through XTest): the
 * account and password typed into the login window and Enter; signed in to Sales through
 * Ctrl+Shift+G's list; Ready by Ctrl+Shift+R; a wcc-sim customer (a demo customer's number)
 * calls the queue 8001 and is answered by Ctrl+Shift+A; the customer's tab that opens has
 * the focus; the contact record reached by its mnemonic (Alt+C), a call result chosen in its
 * drop-down with Space and the arrow keys, Tab to the note, typed, the record saved with
 * Ctrl+S; the call hung up by Ctrl+Shift+E; the other sections by their mnemonics; a pause
 * through Ctrl+Shift+P's menu. Each result is checked on the server (groups, state, the
 * call answered and ended, the record's result, note and call); the shortcuts window lists
 * the shortcuts used. Screenshots keyboard-login.png and keyboard-contact-record.png. */
#define G_LOG_DOMAIN "test-keyboard-ui"

#include "wcc-contact-record-form.h"
#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"
#include "wcc-work-page.h"

#define NOTE "Wants the yearly plan, call back Friday"

/* ---- what the app and the server have ----------------------------------------------------- */

/* The softphone panel exists and shows the ringing call. */
static gboolean
panel_ringing (gpointer data)
{
  GtkWidget *panel = find_by_id (data, "softphone_panel");

  return panel != NULL && gtk_widget_get_mapped (panel) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find_by_id (panel, "stack"))), "ringing") == 0;
}

static gboolean
softphone_ringing (gpointer data)
{
  return wcc_softphone_get_ringing_call (data) != NULL;
}

static gboolean
call_connected (gpointer data)
{
  WccCall *call = wcc_softphone_get_current_call (data);

  return call != NULL && wcc_call_get_state (call) == WCC_CALL_ACTIVE;
}

static gboolean
no_current_call (gpointer data)
{
  return wcc_softphone_get_current_call (data) == NULL;
}

static gboolean
work_page_has_tab (gpointer data)
{
  GtkWidget *page = find_by_id (data, "work_page");   /* made when first needed */

  return page != NULL && wcc_work_page_get_selected (WCC_WORK_PAGE (page)) != NULL;
}

static gboolean
focus_in_record_form (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return focus != NULL && gtk_widget_get_ancestor (focus, WCC_TYPE_CONTACT_RECORD_FORM) != NULL &&
         gtk_widget_get_mapped (focus);
}

/* The keyboard is in a drop-down's list (a popover). */
static gboolean
focus_in_popover (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL && gtk_widget_get_mapped (focus);
}

static gboolean
focus_is (gpointer data)
{
  GtkWidget *wanted = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (gtk_widget_get_root (wanted)));

  return focus != NULL && (focus == wanted || gtk_widget_is_ancestor (focus, wanted));
}

/* The view stack @data shows the page named by its "wanted" data. */
static gboolean
section_shown (gpointer data)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (data), g_object_get_data (data, "wanted")) == 0;
}

/* The drop-down @data has its items (the model is set when they arrive). */
static gboolean
combo_has_items (gpointer data)
{
  return model_has_items (adw_combo_row_get_model (data));
}

static gboolean
combo_chosen (gpointer data)
{
  return adw_combo_row_get_selected (data) != GTK_INVALID_LIST_POSITION;
}

typedef struct {
  WccClient *client;
  char      *path;
} ServerPath;

static gboolean
server_has_record (gpointer data)
{
  ServerPath *list = data;
  g_autoptr(JsonObject) records = http_json (list->client, "GET", list->path, NULL, 200);

  return json_array_get_length (json_object_get_array_member (records, "items")) > 0;
}

static gboolean
server_call_ended (gpointer data)
{
  ServerPath *call = data;
  g_autoptr(JsonObject) object = http_json (call->client, "GET", call->path, NULL, 200);

  return json_object_get_string_member_with_default (object, "ended_at", NULL) != NULL;
}

static gboolean
server_paused (gpointer data)
{
  g_autoptr(JsonObject) state = http_json (data, "GET", "/api/v1/agent/state", NULL, 200);

  return g_strcmp0 (json_object_get_string_member (state, "state"), "pause") == 0;
}

/* The focused menu item's label begins with @prefix. */
static gboolean
label_below_starts (GtkWidget  *widget,
                    const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (label_below_starts (c, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
focused_item_starts (GtkWindow  *window,
                     const char *prefix)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && label_below_starts (focus, prefix);
}

static void
collect_accelerators (GtkWidget *widget,
                      GString   *all)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      g_string_append_printf (all, "%s|", accelerator);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_accelerators (c, all);
}

static void
check_shortcuts_window (GtkWindow *main_window)
{
  GtkShortcutsWindow *overlay;
  g_autoptr(GString) all = g_string_new ("|");
  const char *wanted[] = { "<Ctrl><Shift>r", "<Ctrl><Shift>p", "<Ctrl><Shift>g", "<Ctrl><Shift>a",
                           "<Ctrl><Shift>e", "<Alt>c", "<Ctrl>s" };

  /* built when first shown (Ctrl+?, the menu's Keyboard Shortcuts) */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (main_window)));
  overlay = wcc_main_window_get_shortcuts_window (WCC_MAIN_WINDOW (main_window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (main_window)) == overlay);
  /* what Ctrl+? shows: the window's action GtkApplicationWindow adds with the overlay */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (main_window), "show-help-overlay"));
  collect_accelerators (GTK_WIDGET (overlay), all);
  g_test_message ("shortcuts window: %s", all->str);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_autofree char *item = g_strdup_printf ("|%s|", wanted[i]);

      g_assert_nonnull (strstr (all->str, item));
    }
}

static gboolean
server_ready (gpointer data)
{
  g_autoptr(JsonObject) state = http_json (data, "GET", "/api/v1/agent/state", NULL, 200);

  return g_strcmp0 (json_object_get_string_member (state, "state"), "ready") == 0;
}

static gboolean
agent_paused (gpointer data)
{
  return wcc_session_get_agent_state (WCC_SESSION (data)) == WCC_AGENT_STATE_PAUSE;
}

/* The agent paused with the client's first pause reason an agent may choose. */
static void
pause_elsewhere (WccClient *agent)
{
  g_autoptr(JsonObject) reasons = http_json (agent, "GET", "/api/v1/pause-reasons", NULL, 200);
  JsonArray *items = json_object_get_array_member (reasons, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *reason = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (reason, "automatic"))
        {
          g_autofree char *body = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", id_of (reason));
          g_autoptr(JsonObject) state = http_json (agent, "PUT", "/api/v1/agent/state", body, 200);

          g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "pause");
          return;
        }
    }
  g_assert_not_reached ();
}

/* A demo customer agent 1001 sees, with a phone number. */
static JsonObject *
customer_with_phone (WccClient *agent)
{
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/customers?limit=20", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_array_get_length (json_object_get_array_member (item, "phones")) > 0 &&
          *json_object_get_string_member (item, "tab_label") != '\0')
        return json_object_ref (item);
    }
  g_assert_not_reached ();
}

static void
test_keyboard_workflow (void)
{
  WccTestServer *server;
  GtkWindow *login, *main_window;
  WccSession *session;
  WccSoftphone *softphone;
  WccCustomerTab *tab;
  WccTestSim *customer_sim;
  GtkWidget *form, *result_row;
  g_autoptr(WccClient) checker = NULL;
  g_autoptr(JsonObject) customer = NULL;
  g_autoptr(JsonObject) records = NULL;
  g_autofree char *target = NULL, *account = NULL;
  g_autofree char *chosen = NULL;
  ServerPath record_list, server_call;
  g_autofree char *call_path = NULL;
  const char *number;
  JsonObject *record;
  gint64 call_id;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  checker = login_elsewhere (server, "1001@demo", "wcc-1001");
  customer = customer_with_phone (checker);
  number = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (customer, "phones"), 0),
                                          "normalized");

  /* The login window: the focus starts in the account (the server comes from the command
   * line's --server); typed, Tab, the password, Enter. */
  wcc_application_set_server_url (wcc_test_ui_app, server->base_url);
  g_application_activate (G_APPLICATION (wcc_test_ui_app));
  wait_until (login_window_shown, NULL, 10000);
  login = wcc_application_get_login_window (wcc_test_ui_app);
  gtk_switch_set_active (GTK_SWITCH (child (login, "remember_switch")), FALSE);
  focus_window (login);
  wait_until (focus_is, child (login, "account_row"), 5000);
  type_text (login, "1001@demo");
  press_keys (login, "Tab");
  wait_until (focus_is, child (login, "password_row"), 5000);
  type_text (login, "wcc-1001");
  save_screenshot (GTK_WIDGET (login), "keyboard-login.png");
  press_keys (login, "Return");
  wait_until (main_window_shown, NULL, 15000);
  main_window = wcc_application_get_main_window (wcc_test_ui_app);
  session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (softphone);
  wait_until (wcc_test_softphone_registered, softphone, 15000);

  /* Signed in to Sales (the queue 8001's group): Ctrl+Shift+G opens the group list with the
   * focus on its first row; Down to Sales, Enter, Escape. */
  g_assert_false (wcc_test_agent_signed_in (session));
  press_keys (main_window, "ctrl+shift+g");
  wait_until (focus_in_popover, main_window, 5000);
  {
    GtkWidget *sales = find_by_name (child (main_window, "agent_status"), "Sales");
    GtkWidget *row;

    g_assert_nonnull (sales);
    row = gtk_widget_get_parent (sales);
    for (guint i = 0; i < 8 && !focus_is (row); i++)
      press_keys (main_window, "Down");
    g_assert_true (focus_is (row));
    press_keys (main_window, "Return");
    wait_until (wcc_test_agent_signed_in, session, 10000);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sales)));
    {
      g_autoptr(JsonObject) groups = http_json (checker, "GET", "/api/v1/agent/groups", NULL, 200);
      JsonArray *signed_in = json_object_get_array_member (groups, "groups");

      g_assert_cmpuint (json_array_get_length (signed_in), ==, 1);
      g_assert_cmpint (json_array_get_int_element (signed_in, 0), ==,
                       *(gint64 *) g_object_get_data (G_OBJECT (sales), "group-id"));
    }
    press_keys (main_window, "Escape");
  }

  /* Ready by its shortcut: the server has the agent Ready (paused first, from elsewhere, so
   * the shortcut is what makes it Ready). */
  pause_elsewhere (checker);
  wait_until (agent_paused, session, 10000);
  g_assert_false (server_ready (checker));
  press_keys (main_window, "ctrl+shift+r");
  wait_until (server_ready, checker, 10000);
  wait_until (wcc_test_agent_is_ready, session, 10000);

  /* The customer calls the queue; the answer shortcut answers; the customer's tab opens. The
   * softphone pane was never opened: the call builds its panel and shows the caller. */
  g_assert_null (find_by_id (GTK_WIDGET (main_window), "softphone_panel"));
  target = g_strdup_printf ("sip:8001@127.0.0.1:%u", server->sip_port);
  account = g_strdup_printf ("%s@pstn.example", number);
  customer_sim = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--account", account,
                                                        "--call", target, "--tone", "440", NULL });
  wait_until (softphone_ringing, softphone, 20000);
  wait_until (panel_ringing, main_window, 10000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (child (main_window, "softphone_panel"),
                                                              "caller_number_label"))), ==, number);
  press_keys (main_window, "ctrl+shift+a");
  wcc_test_sim_wait (customer_sim, "answered", 1, 15000);
  wait_until (call_connected, softphone, 10000);
  call_id = wcc_softphone_get_server_call_id (softphone, wcc_softphone_get_current_call (softphone));
  g_assert_cmpint (call_id, >, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, call_id);
    g_autoptr(JsonObject) call = http_json (checker, "GET", path, NULL, 200);

    g_assert_nonnull (json_object_get_string_member_with_default (call, "answered_at", NULL));
  }
  wait_until (work_page_has_tab, main_window, 10000);
  tab = selected_tab (main_window);
  wait_until (tab_loaded, tab, 10000);
  g_assert_cmpint (wcc_record_get_id (wcc_customer_tab_get_customer (tab)), ==, json_object_get_int_member (customer, "id"));

  /* The keyboard goes on in the customer's tab (its list of sections). */
  wait_until (focus_is, find_by_id (GTK_WIDGET (tab), "section_list"), 5000);

  /* The contact record by its shortcut: the focus lands in the form, on the call result. */
  press_keys (main_window, "alt+c");
  wait_until (focus_in_record_form, main_window, 5000);
  form = find_by_id (GTK_WIDGET (tab), "record_form");
  result_row = find_by_id (form, "result_row");
  wait_until (combo_has_items, result_row, 10000);
  wait_until (focus_is, result_row, 5000);
  /* The drop-down opens with Space; Down, Down picks the second result; Enter chooses. */
  press_keys (main_window, "space");
  wait_until (focus_in_popover, main_window, 5000);
  press_keys (main_window, "Down Down Return");
  wait_until (combo_chosen, result_row, 5000);
  chosen = g_strdup (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (result_row))));
  g_test_message ("call result chosen: %s", chosen);
  /* Tab to the note, type it, Ctrl+S saves. */
  press_keys (main_window, "Tab");
  wait_until (focus_is, find_by_id (form, "note_view"), 5000);
  type_text (main_window, NOTE);
  save_screenshot (GTK_WIDGET (main_window), "keyboard-contact-record.png");
  press_keys (main_window, "ctrl+s");
  record_list.client = checker;
  record_list.path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records",
                                      json_object_get_int_member (customer, "id"));
  wait_until (server_has_record, &record_list, 10000);
  records = http_json (checker, "GET", record_list.path, NULL, 200);
  record = json_array_get_object_element (json_object_get_array_member (records, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (record, "note"), ==, NOTE);
  g_assert_cmpint (json_object_get_int_member (record, "call_id"), ==, call_id);
  g_assert_cmpstr (json_object_get_string_member (record, "call_state"), ==, "answered");
  {
    g_autoptr(JsonObject) results = http_json (checker, "GET", "/api/v1/call-results?call_state=answered", NULL, 200);
    JsonArray *items = json_object_get_array_member (results, "items");
    gint64 chosen_id = 0;

    for (guint i = 0; i < json_array_get_length (items); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "label"), chosen) == 0)
        chosen_id = id_of (json_array_get_object_element (items, i));
    g_assert_cmpint (chosen_id, >, 0);
    g_assert_cmpint (json_object_get_int_member (record, "call_result_id"), ==, chosen_id);
  }

  /* Hang up by its shortcut: the customer's end hears it. */
  press_keys (main_window, "ctrl+shift+e");
  wcc_test_sim_wait (customer_sim, "ended", 1, 10000);
  wait_until (no_current_call, softphone, 10000);
  call_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, call_id);
  server_call = (ServerPath) { checker, call_path };
  wait_until (server_call_ended, &server_call, 10000);
  wcc_test_sim_stop (customer_sim);
  g_assert_cmpuint (wcc_test_sim_count (customer_sim, "answered"), ==, 1);
  wcc_test_sim_free (customer_sim);
  g_free (record_list.path);

  /* The other sections' mnemonics show them (the shortcuts window lists them). */
  {
    const char *sections[][2] = { { "alt+h", "history" }, { "alt+n", "notes" }, { "alt+d", "details" },
                                  { "alt+t", "tickets" }, { "alt+q", "questionnaire" },
                                  { "alt+o", "orders" }, { "alt+e", "related-contacts" },
                                  { "alt+m", "sms" }, { "alt+c", "contact" } };
    GtkWidget *stack = find_by_id (GTK_WIDGET (tab), "view_stack");

    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      {
        press_keys (main_window, sections[i][0]);
        g_object_set_data (G_OBJECT (stack), "wanted", (gpointer) sections[i][1]);
        wait_until (section_shown, stack, 5000);
      }
  }

  /* A pause by keyboard: Ctrl+Shift+P opens the state menu; Down to the first pause
   * reason, Enter: the server has the agent paused. */
  press_keys (main_window, "ctrl+shift+p");
  wait_until (focus_in_popover, main_window, 5000);
  for (guint i = 0; i < 4 && !focused_item_starts (main_window, "Pause: "); i++)
    press_keys (main_window, "Down");
  g_assert_true (focused_item_starts (main_window, "Pause: "));
  press_keys (main_window, "Return");
  wait_until (server_paused, checker, 10000);

  /* The shortcuts window lists the shortcuts of the workflow. */
  check_shortcuts_window (main_window);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_unsetenv ("LANGUAGE");
  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/keyboard/agent-workflow", test_keyboard_workflow);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
