/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dashboard-ui.c: the dashboard under Xvfb against a real wcc-server: it is the page
 * after login (D7 card); the open ticket count and the appointment lists follow the event
 * stream (D1, D2, D3) without a reload; a ticket appointment's reminder is given by the
 * application's reminders with a notification that opens the customer; a leader's
 * reassignment takes an appointment off the agent's dashboard, and a leader reassigns one
 * through the dashboard's dialog (D2); today's tasks and the leaderboard (D5, D6).
 * Screenshot dashboard.png. */
#define G_LOG_DOMAIN "test-dashboard-ui"

#include "wcc-dashboard-page.h"
#include "wcc-main-window.h"
#include "wcc-reminders.h"
#include "wcc-test-ui.h"
#include "wcc-time.h"

typedef struct {
  WccPagedList *list;
  gint64        id;
} InList;

static gboolean
in_list (gpointer data)
{
  InList *wanted = data;
  return wcc_paged_list_find (wanted->list, wanted->id, NULL) != NULL;
}

static gboolean
not_in_list (gpointer data)
{
  InList *wanted = data;
  return !wcc_paged_list_get_loading (wanted->list) && wcc_paged_list_find (wanted->list, wanted->id, NULL) == NULL;
}

static gboolean
model_filled (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* A customer that @agent owns (with a phone and a name). */
static JsonObject *
own_customer (WccClient *agent,
              guint      index)
{
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=20", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");

  g_assert_cmpuint (json_array_get_length (items), >, index);
  return json_object_ref (json_array_get_object_element (items, index));
}

static gint64
open_ticket_count (WccClient *agent)
{
  g_autoptr(JsonObject) count = http_json (agent, "GET", "/api/v1/tickets/open-count", NULL, 200);
  return json_object_get_int_member (count, "count");
}

static gint64
book (WccClient *client,
      gint64     customer_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%lld/appointment", (long long) customer_id);
  g_autoptr(JsonObject) appointment = http_json (client, "PUT", path, "{\"quick\": \"1d\"}", 200);

  return json_object_get_int_member (appointment, "id");
}

static gboolean
agent_has_appointment (WccClient *agent,
                       gint64     id)
{
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/appointments?when=all&limit=200", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id)
      return TRUE;
  return FALSE;
}

typedef struct {
  char          *kind;
  gint64         id;
  gint64         customer_id;
  GNotification *notification;
} Reminded;

static void
on_reminded (WccReminders  *reminders,
             const char    *kind,
             gint64         id,
             gint64         customer_id,
             GNotification *notification,
             Reminded      *reminded)
{
  if (!g_str_equal (kind, "ticket"))
    return;
  g_free (reminded->kind);
  reminded->kind = g_strdup (kind);
  reminded->id = id;
  reminded->customer_id = customer_id;
  g_set_object (&reminded->notification, notification);
}

static gboolean
was_reminded (gpointer data)
{
  return ((Reminded *) data)->notification != NULL;
}

/* Whether @widget or a widget inside shows a "More" menu button. */
static gboolean
list_shows_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_visible (widget))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (list_shows_menu_button (c))
      return TRUE;
  return FALSE;
}

static gboolean
stack_shows_dashboard (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "dashboard") == 0;
}

/* D1–D3, D5–D7 as agent 1001; the reminder of a ticket appointment. */
static void
test_agent_dashboard (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccDashboardPage *page;
  WccReminders *reminders;
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(WccClient) leader = NULL;
  g_autoptr(JsonObject) customer = NULL;
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *count = NULL;
  g_autofree char *tickets_path = NULL;
  g_autofree char *appointment_path = NULL;
  g_autofree char *at = NULL;
  g_autofree char *body = NULL;
  Reminded reminded = { 0 };
  InList wanted;
  gint64 customer_id, appointment, other_appointment, ticket_id;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  customer = own_customer (agent, 0);
  customer_id = json_object_get_int_member (customer, "id");
  /* One appointment before the login: read with the page; another one reassigned later. */
  appointment = book (agent, customer_id);
  {
    g_autoptr(JsonObject) second = own_customer (agent, 1);
    other_appointment = book (agent, json_object_get_int_member (second, "id"));
  }

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  wait_until (stack_shows_dashboard, child (main_window, "stack"), 10000);
  page = WCC_DASHBOARD_PAGE (child (main_window, "dashboard_page"));
  reminders = wcc_application_get_reminders (wcc_test_ui_app);
  g_assert_nonnull (reminders);

  /* D7: the personal card. */
  wait_for_label (find_by_id (GTK_WIDGET (page), "name_label"), "Li Wei");
  wait_for_label (find_by_id (GTK_WIDGET (page), "employee_label"), "Employee ID 1001");
  wait_for_label (find_by_id (GTK_WIDGET (page), "groups_label"), "Sales");

  /* D1: the open tickets, then one more from a ticket written elsewhere (an event). */
  count = g_strdup_printf ("%lld", (long long) open_ticket_count (agent));
  wait_for_label (find_by_id (GTK_WIDGET (page), "tickets_label"), count);
  tickets_path = g_strdup_printf ("/api/v1/customers/%lld/tickets", (long long) customer_id);
  ticket = http_json (agent, "POST", tickets_path, "{\"title\": \"Replace the router\"}", 201);
  ticket_id = json_object_get_int_member (ticket, "id");
  g_free (count);
  count = g_strdup_printf ("%lld", (long long) open_ticket_count (agent));
  wait_for_label (find_by_id (GTK_WIDGET (page), "tickets_label"), count);

  /* D2: the appointment of before, and one booked elsewhere now, without a reload. */
  wanted = (InList) { wcc_dashboard_page_get_customer_appointments (page), appointment };
  wait_until (in_list, &wanted, 10000);
  {
    g_autoptr(JsonObject) third = own_customer (agent, 2);
    wanted.id = book (agent, json_object_get_int_member (third, "id"));
    wait_until (in_list, &wanted, 10000);
  }
  /* The leader reassigns one to 1002: it leaves this agent's dashboard. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%lld", (long long) other_appointment);
    g_autoptr(JsonObject) users = http_json (leader, "GET", "/api/v1/users", NULL, 200);
    JsonArray *items = json_object_get_array_member (users, "items");
    gint64 to = 0;

    for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "employee_id"), "1002"))
        to = json_object_get_int_member (json_array_get_object_element (items, i), "id");
    g_assert_cmpint (to, >, 0);
    wanted.id = other_appointment;
    wait_until (in_list, &wanted, 10000);
    body = g_strdup_printf ("{\"version\": 1, \"agent_id\": %lld}", (long long) to);
    json_object_unref (http_json (leader, "PATCH", path, body, 200));
    wait_until (not_in_list, &wanted, 10000);
  }

  /* D3 and the reminder: a minute ahead, with a lead of one minute: given within seconds,
   * by the application's reminders (no page needed), opening the customer. */
  settings = g_settings_new ("org.wccdesktop.Agent");
  g_settings_set_uint (settings, "reminder-lead-minutes", 1);
  g_assert_cmpuint (wcc_reminders_get_lead_minutes (reminders), ==, 1);
  g_signal_connect (reminders, "reminded", G_CALLBACK (on_reminded), &reminded);
  appointment_path = g_strdup_printf ("/api/v1/tickets/%lld/appointment", (long long) ticket_id);
  at = wcc_time_to_rfc3339 (wcc_time_now () + 70);
  g_free (body);
  body = g_strdup_printf ("{\"at\": \"%s\"}", at);
  json_object_unref (http_json (agent, "PUT", appointment_path, body, 200));
  wanted = (InList) { wcc_dashboard_page_get_ticket_appointments (page), ticket_id };
  wait_until (in_list, &wanted, 10000);
  /* A ticket row's button opens the customer; no "More" menu repeats it (customer rows
   * keep theirs: Change Date). */
  settle (200);
  g_assert_false (list_shows_menu_button (find_by_id (GTK_WIDGET (page), "ticket_list")));
  g_assert_true (list_shows_menu_button (find_by_id (GTK_WIDGET (page), "customer_list")));
  g_assert_cmpint (wcc_reminders_get_next_time (reminders), >, wcc_time_now ());
  g_assert_cmpint (wcc_reminders_get_next_time (reminders), <=, wcc_time_now () + 10);
  g_test_message ("waiting for the ticket appointment's reminder");
  wait_until (was_reminded, &reminded, 30000);
  g_assert_cmpint (reminded.id, ==, ticket_id);
  g_assert_cmpint (reminded.customer_id, ==, customer_id);
  /* Given once: what waits next is a customer appointment of tomorrow. */
  g_assert_cmpint (wcc_reminders_get_next_time (reminders), >, wcc_time_now () + 3600);
  /* The desktop shows it, with a button that opens the customer (app.open-customer). */
  wait_until (notification_shown, (gpointer) "Replace the router at ", 10000);
  g_assert_cmpstr (wcc_test_ui_shown.summary, ==, "Ticket Appointment");
  {
    g_autofree char *actions = g_strjoinv ("|", wcc_test_ui_shown.actions);
    g_assert_nonnull (strstr (actions, "Open Customer"));
  }
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (wcc_test_ui_app), "open-customer"));

  /* D5 and D6: today's task rows and the leaderboard of the first task. */
  wait_until (model_filled, wcc_dashboard_page_get_tasks (page), 10000);
  wait_until (model_filled, wcc_dashboard_page_get_leaderboard (page), 10000);
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "dashboard.png");

  g_signal_handlers_disconnect_by_data (reminders, &reminded);
  g_clear_object (&reminded.notification);
  g_free (reminded.kind);
  log_out_through_ui (main_window);
  g_assert_null (wcc_application_get_reminders (wcc_test_ui_app));
  wcc_test_server_stop (server);
}

/* D2 as leader 2001: their agent's appointment is on their dashboard; reassigned through
 * the dialog to another agent, it leaves 1001's appointments. */
static void
test_leader_reassigns (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccDashboardPage *page;
  AdwMessageDialog *dialog;
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(JsonObject) customer = NULL;
  InList wanted;
  gint64 appointment;

  wcc_test_guard_timeout (120);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  customer = own_customer (agent, 0);
  appointment = book (agent, json_object_get_int_member (customer, "id"));
  g_assert_true (agent_has_appointment (agent, appointment));

  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  page = WCC_DASHBOARD_PAGE (child (main_window, "dashboard_page"));
  wanted = (InList) { wcc_dashboard_page_get_customer_appointments (page), appointment };
  wait_until (in_list, &wanted, 10000);

  gtk_widget_activate_action (GTK_WIDGET (page), "dashboard.reassign", "x", appointment);
  wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  {
    GtkDropDown *agents = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
    g_autoptr(WccGroupMember) chosen = g_list_model_get_item (gtk_drop_down_get_model (agents),
                                                              gtk_drop_down_get_selected (agents));

    /* Someone else than 1001, of the leader's Sales group. */
    g_assert_nonnull (chosen);
    g_assert_cmpstr (wcc_group_member_get_account (chosen), !=, "1001@demo");
    save_screenshot (GTK_WIDGET (dialog), "dashboard-reassign.png");
  }
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "reassign");
  gtk_window_close (GTK_WINDOW (dialog));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (agent_has_appointment (agent, appointment))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        settle (100);
      }
  }
  /* Still the leader's to see, now with the other agent. */
  wait_until (in_list, &wanted, 10000);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before the application sends its first notification. */
  wcc_test_ui_start_notification_server ();
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/dashboard/agent", test_agent_dashboard);
  g_test_add_func ("/ui/dashboard/leader-reassigns", test_leader_reassigns);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
