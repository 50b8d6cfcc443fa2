/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-auto-dial-ui.c: auto-dial (C25) under Xvfb against a real wcc-server whose demo client
 * sends outside numbers to a trunk where a wcc-sim process answers every call and hangs up
 * after two seconds. Agent 1001 logs in through the login window, opens the auto-dial window
 * (win.auto-dial), chooses their customers of a task by dial count and last contact, starts
 * with a short countdown: the first call is answered and ended, the countdown shows, Pause
 * holds it (no call for several seconds), Resume, the remaining calls go through and a
 * customer whose number has an approved do-not-call request is skipped with that reason.
 * Screenshot auto-dial.png mid-run. */
#define G_LOG_DOMAIN "test-auto-dial-ui"

#include "wcc-auto-dial-window.h"
#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"

#define TALK_SECONDS "2"
#define DELAY_SECONDS 3

typedef struct {
  WccSoftphone *softphone;
  GPtrArray    *calls;     /* WccCall: every call the softphone had, in order */
} Calls;

static void
on_current_call (WccSoftphone *softphone,
                 GParamSpec   *pspec,
                 Calls        *calls)
{
  WccCall *call = wcc_softphone_get_current_call (softphone);

  if (call != NULL && (calls->calls->len == 0 || g_ptr_array_index (calls->calls, calls->calls->len - 1) != call))
    g_ptr_array_add (calls->calls, g_object_ref (call));
}

static gboolean
call_count_is (gpointer data)
{
  Calls *calls = data;
  return calls->calls->len == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calls->softphone), "wanted"));
}

static WccCall *
wait_for_call (Calls *calls,
               guint  count)
{
  g_object_set_data (G_OBJECT (calls->softphone), "wanted", GUINT_TO_POINTER (count));
  wait_until (call_count_is, calls, 20000);
  return g_ptr_array_index (calls->calls, count - 1);
}

static gboolean
dialer_in_state (gpointer data)
{
  return (int) wcc_auto_dialer_get_state (data) == GPOINTER_TO_INT (g_object_get_data (data, "wanted-state"));
}

static void
wait_for_state (WccAutoDialer    *dialer,
                WccAutoDialState  state)
{
  g_object_set_data (G_OBJECT (dialer), "wanted-state", GINT_TO_POINTER (state));
  wait_until (dialer_in_state, dialer, 20000);
}

static gboolean
chosen_loaded (gpointer data)
{
  WccAutoDialWindow *window = data;
  WccPagedList *chosen = WCC_PAGED_LIST (wcc_auto_dial_window_get_chosen (window));

  return !wcc_paged_list_get_loading (chosen) && !wcc_paged_list_get_has_more (chosen) &&
         g_list_model_get_n_items (G_LIST_MODEL (chosen)) == GPOINTER_TO_UINT (g_object_get_data (data, "wanted-count"));
}

static void
wait_for_chosen (WccAutoDialWindow *window,
                 guint              count)
{
  g_object_set_data (G_OBJECT (window), "wanted-count", GUINT_TO_POINTER (count));
  wait_until (chosen_loaded, window, 15000);
}

static gboolean
window_has_action (GtkWidget  *widget,
                   const char *name)
{
  const GVariantType *parameter_type;
  const char *action = NULL;
  const char *property;
  GType owner;

  /* GTK 4.8 writes every out argument: none may be NULL. */
  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (widget), i, &owner, &action, &parameter_type, &property);
       i++)
    if (g_str_equal (action, name))
      return TRUE;
  return FALSE;
}

/* Until the main window has win.call-customer (the customer tab's dial), the softphone
 * dials directly, as that action would. */
static gboolean
dial_with_softphone (gint64       customer_id,
                     const char  *number,
                     gpointer     user_data,
                     GError     **error)
{
  return wcc_softphone_dial (WCC_SOFTPHONE (user_data), number, error) != NULL;
}

/* A task of its own for agent 1001's group with five of their customers (each an outside
 * number): four never contacted, one with a contact record already. Returns the ids in
 * creation order; @task_name names the task. */
static void
prepare_customers (WccClient  *admin,
                   WccClient  *agent,
                   const char *task_name,
                   gint64      ids[5])
{
  g_autoptr(JsonObject) results = http_json (admin, "GET", "/api/v1/call-results?call_state=unanswered", NULL, 200);
  JsonArray *items = json_object_get_array_member (results, "items");
  gint64 task = make_agent_task (admin, agent, task_name, "/api/v1/call-results?call_state=unanswered");
  g_autofree char *record_path = NULL;
  g_autofree char *record = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *customer = g_strdup_printf ("{\"task_id\": %lld, \"company\": \"Auto-dial %c\", \"phones\": [\"035555000%u\"]}",
                                                   (long long) task, 'A' + i, i + 1);
      g_autoptr(JsonObject) created = http_json (agent, "POST", "/api/v1/customers", customer, 201);

      ids[i] = id_of (created);
    }
  /* The fifth was contacted today: out of "at most 0 dials" and of "before today". */
  record_path = g_strdup_printf ("/api/v1/customers/%lld/contact-records", (long long) ids[4]);
  record = g_strdup_printf ("{\"call_result_id\": %lld, \"call_state\": \"unanswered\"}",
                            (long long) id_of (json_array_get_object_element (items, 0)));
  json_object_unref (http_json (agent, "POST", record_path, record, 201));
}

/* The third customer's number gets a do-not-call request, approved (both by the admin). */
static void
forbid_number (WccClient *admin,
               gint64     customer_id,
               guint      index)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%lld/number-requests", (long long) customer_id);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"do_not_call\", \"number\": \"035555000%u\", \"reason\": \"Asked not to be called\"}",
                                           index + 1);
  g_autoptr(JsonObject) request = http_json (admin, "POST", path, body, 201);
  g_autofree char *review = g_strdup_printf ("/api/v1/number-requests/%lld/review", (long long) id_of (request));

  json_object_unref (http_json (admin, "POST", review, "{\"decision\": \"approve\"}", 200));
}

static void
test_auto_dial (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  guint16 pstn_port = wcc_interop_free_port (1);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", pstn_port);
  g_autofree char *pstn_bind = g_strdup_printf ("127.0.0.1:%u", pstn_port);
  const char *server_args[] = { "--demo", "--listen", listen, "--trunk", trunk, NULL };
  WccTestSim *sim;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccClient) agent = NULL;
  g_autofree char *task_name = NULL;
  Calls calls = { NULL, g_ptr_array_new_with_free_func (g_object_unref) };
  WccTestServer *server;
  GtkWindow *main_window;
  WccAutoDialWindow *window;
  WccAutoDialer *dialer;
  GtkWidget *win;
  WccCall *call;
  gint64 ids[5];

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (data_dir, server_args);
  /* The customers' carrier: answers every call, hangs up after two seconds of talk. */
  sim = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--bind", pstn_bind, "--answer", "--calls", "0",
                                              "--duration", TALK_SECONDS, NULL });

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  calls.softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (calls.softphone);
  g_signal_connect (calls.softphone, "notify::current-call", G_CALLBACK (on_current_call), &calls);
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  task_name = g_strdup_printf ("Auto-dial %u", port);
  prepare_customers (admin, agent, task_name, ids);
  forbid_number (admin, ids[2], 2);
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, calls.softphone, 20000);

  /* win.auto-dial opens one window beside the main window, not modal. */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.auto-dial", NULL);
  win = NULL;
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (WCC_IS_AUTO_DIAL_WINDOW (l->data))
      win = l->data;
  g_assert_nonnull (win);
  window = WCC_AUTO_DIAL_WINDOW (win);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (win)) == main_window);
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (win)));
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.auto-dial", NULL);
  {
    guint windows = 0;

    for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
      windows += WCC_IS_AUTO_DIAL_WINDOW (l->data);
    g_assert_cmpuint (windows, ==, 1);
  }
  if (!window_has_action (GTK_WIDGET (main_window), "win.call-customer"))
    {
      g_test_message ("no win.call-customer yet: the softphone dials directly");
      wcc_auto_dial_window_set_dial_func (window, dial_with_softphone, g_object_ref (calls.softphone), g_object_unref);
    }

  /* The choice: the task, then at most 0 dials — the contacted fifth leaves; last contact
   * before today keeps the four never contacted. */
  {
    AdwComboRow *task_row = ADW_COMBO_ROW (find_by_id (win, "task_row"));
    GListModel *tasks;
    guint found = GTK_INVALID_LIST_POSITION;

    for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; found == GTK_INVALID_LIST_POSITION;)
      {
        tasks = adw_combo_row_get_model (task_row);
        for (guint i = 0; tasks != NULL && i < g_list_model_get_n_items (tasks); i++)
          if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (tasks), i), task_name))
            found = i;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        if (found == GTK_INVALID_LIST_POSITION)
          settle (100);
      }
    adw_combo_row_set_selected (task_row, found);
  }
  wait_for_chosen (window, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_id (win, "max_dials_spin")), 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_by_id (win, "max_dials_check")), TRUE);
  wait_for_chosen (window, 4);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_by_id (win, "max_dials_check")), FALSE);
  wait_for_chosen (window, 5);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_by_id (win, "contacted_check")), TRUE);
  wait_for_chosen (window, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(WccRecord) customer = g_list_model_get_item (wcc_auto_dial_window_get_chosen (window), i);
      g_assert_cmpint (wcc_record_get_id (customer), ==, ids[i]);
    }
  wait_for_label (find_by_id (win, "count_label"), "4 customers to call");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_id (win, "delay_spin")), DELAY_SECONDS);
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
    g_assert_cmpuint (g_settings_get_uint (settings, "auto-dial-delay"), ==, DELAY_SECONDS);
  }
  save_screenshot (win, "auto-dial-choose.png");

  /* Start: the first customer is called; the sim answers, then hangs up. */
  click (win, "start_button");
  dialer = wcc_auto_dial_window_get_dialer (window);
  g_assert_nonnull (dialer);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_by_id (win, "stack"))), ==, "run");
  g_assert_true (gtk_widget_has_focus (find_by_id (win, "pause_button")));
  call = wait_for_call (&calls, 1);
  g_assert_nonnull (strstr (wcc_call_get_remote_uri (call), "0355550001"));
  wait_until (wcc_test_call_active, call, 15000);
  wait_for_label (find_by_id (win, "status_label"), "Calling Auto-dial A");
  wait_until (wcc_test_call_ended, call, 15000);

  /* The countdown shows; Pause holds it: no call starts while paused. */
  wait_for_state (dialer, WCC_AUTO_DIAL_COUNTDOWN);
  g_assert_true (gtk_widget_get_visible (find_by_id (win, "countdown_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (win, "countdown_label"))), "Next call in"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (win, "status_label"))), ==, "Next: Auto-dial B");
  gtk_widget_grab_focus (find_by_id (win, "pause_button"));
  click (win, "pause_button");
  g_assert_cmpint (wcc_auto_dialer_get_state (dialer), ==, WCC_AUTO_DIAL_PAUSED);
  g_assert_false (gtk_widget_get_visible (find_by_id (win, "pause_button")));
  g_assert_true (gtk_widget_get_visible (find_by_id (win, "resume_button")));
  g_assert_true (gtk_widget_has_focus (find_by_id (win, "resume_button")));
  wait_for_label (find_by_id (win, "status_label"), "Paused — next: Auto-dial B");
  settle ((DELAY_SECONDS + 2) * 1000);
  g_assert_cmpuint (calls.calls->len, ==, 1);
  g_assert_cmpint (wcc_auto_dialer_get_state (dialer), ==, WCC_AUTO_DIAL_PAUSED);

  /* Resume: the second customer is called. */
  click (win, "resume_button");
  g_assert_true (gtk_widget_get_visible (find_by_id (win, "pause_button")));
  call = wait_for_call (&calls, 2);
  g_assert_nonnull (strstr (wcc_call_get_remote_uri (call), "0355550002"));
  wait_until (wcc_test_call_active, call, 15000);
  wait_for_label (find_by_id (win, "status_label"), "Calling Auto-dial B");
  wait_for_label (find_by_id (win, "summary_label"), "Called 2 · Skipped 0 · Do not call 0 · Failed 0");
  settle (300);
  save_screenshot (win, "auto-dial.png");
  wait_until (wcc_test_call_ended, call, 15000);

  /* The third has an approved do-not-call number: skipped with that reason; the fourth is
   * called. */
  call = wait_for_call (&calls, 3);
  g_assert_nonnull (strstr (wcc_call_get_remote_uri (call), "0355550004"));
  g_assert_cmpint (wcc_auto_dialer_get_item_state (dialer, 2), ==, WCC_AUTO_DIAL_ITEM_DO_NOT_CALL);
  wait_until (wcc_test_call_active, call, 15000);
  wait_until (wcc_test_call_ended, call, 15000);
  wait_for_state (dialer, WCC_AUTO_DIAL_FINISHED);
  wait_for_label (find_by_id (win, "status_label"), "Finished");
  wait_for_label (find_by_id (win, "summary_label"), "Called 3 · Skipped 0 · Do not call 1 · Failed 0");
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (find_by_id (win, "progress_bar"))), ==, "4 of 4");
  g_assert_true (gtk_widget_get_visible (find_by_id (win, "again_button")));
  g_assert_false (gtk_widget_get_visible (find_by_id (win, "stop_button")));
  g_assert_cmpuint (calls.calls->len, ==, 3);

  /* The carrier answered three calls and saw each end. */
  wcc_test_sim_stop (sim);
  g_assert_cmpuint (wcc_test_sim_count (sim, "answered"), ==, 3);
  g_assert_cmpuint (wcc_test_sim_count (sim, "ended"), ==, 3);
  wcc_test_sim_free (sim);

  /* Logging out closes the auto-dial window with the main window. */
  g_signal_handlers_disconnect_by_data (calls.softphone, &calls);
  g_ptr_array_unref (calls.calls);
  log_out_through_ui (main_window);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    g_assert_false (WCC_IS_AUTO_DIAL_WINDOW (l->data));
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_test_ui_start_notification_server ();
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/auto-dial/pause-resume-do-not-call", test_auto_dial);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
