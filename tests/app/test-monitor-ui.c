/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor-ui.c: the team leader's real-time monitor window (R5, issue 9) under Xvfb,
 * against a real wcc-server --demo. Leader 2001 (an agent of Sales too) logs in; their
 * softphone registers; they open the monitor from the menu action. Each step is checked in
 * the window within a second of the server having it: going Ready through the status bar,
 * a wcc-sim customer queued in Sales (waiting 1; its longest wait counting on and red past
 * the GSettings threshold), the leader answering on the softphone
 * (waiting 0, answered +1, the call's number in the table, then its quality from RTCP), the
 * call ending (calls today +1). Then sorting by calls, the stale banner while the server is
 * away and the resync after it is back; an agent's main window opens no monitor.
 * Screenshot monitor.png. */
#define G_LOG_DOMAIN "test-monitor-ui"

#include <glib/gi18n.h>

#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-monitor-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"

#define CUSTOMER "0215551234"

/* Within a second of the server: what the acceptance asks of every step. */
#define REFLECT_MS 1000

static gboolean
softphone_ringing (gpointer data)
{
  return wcc_softphone_get_ringing_call (data) != NULL;
}

static gboolean
monitor_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (WCC_IS_MONITOR_WINDOW (window) && gtk_widget_get_mapped (window))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* A label of the window found by its widget name (rows and tiles are made again as their
 * records change: looked up each time) showing @text. */
typedef struct {
  GtkWidget  *window;
  const char *scope;   /* a tile's name, or NULL for the whole window */
  char       *name;
  char       *text;
} Cell;

static GtkWidget *
find_cell (Cell *cell)
{
  GtkWidget *root = cell->scope ? find_by_name (cell->window, cell->scope) : cell->window;

  return root ? find_by_name (root, cell->name) : NULL;
}

static const char *
cell_text (GtkWidget  *window,
           const char *scope,
           const char *name)
{
  Cell cell = { window, scope, (char *) name, NULL };
  GtkWidget *label = find_cell (&cell);

  return label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
cell_shows (gpointer data)
{
  Cell *cell = data;
  GtkWidget *label = find_cell (cell);

  return label != NULL && gtk_widget_get_mapped (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), cell->text) == 0;
}

static gboolean
cell_contains (gpointer data)
{
  Cell *cell = data;
  GtkWidget *label = find_cell (cell);

  return label != NULL && strstr (gtk_label_get_text (GTK_LABEL (label)), cell->text) != NULL;
}

static void
expect (GtkWidget  *window,
        const char *scope,
        const char *name,
        const char *text,
        guint       timeout_ms,
        const char *what)
{
  Cell cell = { window, scope, (char *) name, (char *) text };
  gint64 start = g_get_monotonic_time ();

  wcc_test_wait_until (cell_shows, &cell, timeout_ms, what);
  g_test_message ("%s: \"%s\" after %.0f ms", what, text, (g_get_monotonic_time () - start) / 1000.0);
}

/* The Sales queue's figure @member as the server has it now. */
static gint64
server_queue_figure (WccClient  *client,
                     gint64      group_id,
                     const char *member)
{
  g_autoptr(JsonObject) queues = http_json (client, "GET", "/api/v1/queues", NULL, 200);
  JsonArray *items = json_object_get_array_member (queues, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *queue = json_array_get_object_element (items, i);

      if (json_object_get_int_member (queue, "group_id") == group_id)
        return json_object_get_int_member (queue, member);
    }
  g_assert_not_reached ();
}

typedef struct {
  WccClient  *client;
  gint64      group_id;
  gint64      waiting;
} QueueWait;

static gboolean
server_has_waiting (gpointer data)
{
  QueueWait *wait = data;

  return server_queue_figure (wait->client, wait->group_id, "waiting") == wait->waiting;
}

static gint64
first_pause_reason (WccClient *client)
{
  g_autoptr(JsonObject) reasons = http_json (client, "GET", "/api/v1/pause-reasons", NULL, 200);
  JsonArray *items = json_object_get_array_member (reasons, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *reason = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (reason, "automatic"))
        return json_object_get_int_member (reason, "id");
    }
  g_assert_not_reached ();
}

static void
pause_leader (WccClient *leader_elsewhere,
              gint64     reason)
{
  g_autofree char *body = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", reason);
  g_autoptr(JsonObject) state = http_json (leader_elsewhere, "PUT", "/api/v1/agent/state", body, 200);

  g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "pause");
}

/* The label is red (past the long-wait threshold). */
static gboolean
long_wait_alert (gpointer data)
{
  GtkWidget *label = find_cell (data);

  return label != NULL && gtk_widget_has_css_class (label, "monitor-alert");
}

static gboolean
stale_shown (gpointer data)
{
  GtkWidget *label = find_by_name (data, "monitor-stale");

  return label != NULL && gtk_widget_get_mapped (label) &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (label)));
}

static gboolean
stale_hidden (gpointer data)
{
  return !wcc_monitor_get_stale (wcc_monitor_window_get_monitor (data)) &&
         !gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (find_by_name (data, "monitor-stale"))));
}

/* The agent ids of the table's rows, top to bottom (the order the sorter gives). */
static GArray *
table_order (GtkWidget *window)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_by_name (window, "monitor-agents"));
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccRecord) agent = g_list_model_get_item (model, i);
      gint64 id = wcc_record_get_int (agent, "agent_id", 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
test_monitor (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  guint16 sip_port;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *sip = NULL;
  g_autofree char *target = NULL;
  g_autofree char *group_scope = NULL;
  g_autofree char *state_cell = NULL, *calls_cell = NULL, *call_cell = NULL, *quality_cell = NULL;
  g_autofree char *answered_after = NULL, *calls_after = NULL;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccClient) leader_elsewhere = NULL;
  g_autoptr(GArray) order = NULL;
  WccTestServer *server;
  WccTestSim *customer;
  WccSoftphone *softphone;
  GtkWindow *main_window;
  GtkWidget *window = NULL;
  QueueWait queue_wait;
  gint64 sales = 0, leader_id, reason, answered_before;
  const char *calls_before;

  wcc_test_guard_timeout (200);
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");

    g_settings_set_uint (settings, "monitor-long-wait", 5);
  }
  /* Fixed ports (free now): the restarted server must be where the app already knows it. */
  do
    sip_port = wcc_interop_free_port (1);
  while (sip_port == port);
  sip = g_strdup_printf ("127.0.0.1:%u", sip_port);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, "--sip", sip, NULL });
  g_assert_cmpuint (server->sip_port, ==, sip_port);
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  leader_elsewhere = login_elsewhere (server, "2001@demo", "wcc-2001");
  leader_id = wcc_user_get_id (wcc_client_get_user (leader_elsewhere));
  reason = first_pause_reason (admin);
  {
    g_autoptr(JsonObject) queues = http_json (admin, "GET", "/api/v1/queues", NULL, 200);
    JsonArray *items = json_object_get_array_member (queues, "items");

    for (guint i = 0; i < json_array_get_length (items); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "name"), "Sales") == 0)
        sales = json_object_get_int_member (json_array_get_object_element (items, i), "group_id");
    g_assert_cmpint (sales, >, 0);
  }
  group_scope = g_strdup_printf ("monitor-group-%" G_GINT64_FORMAT, sales);
  state_cell = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-state", leader_id);
  calls_cell = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-calls", leader_id);
  call_cell = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-call", leader_id);
  quality_cell = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-quality", leader_id);

  /* The leader logs in; their softphone registers; the monitor opens from the menu action. */
  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (softphone);
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-monitor", NULL));
  wait_until (monitor_window_shown, &window, 10000);
  wait_until ((Predicate) wcc_monitor_get_loaded, wcc_monitor_window_get_monitor (WCC_MONITOR_WINDOW (window)), 10000);
  expect (window, NULL, state_cell, _("Ready"), 10000, "registered");
  answered_before = server_queue_figure (admin, sales, "answered");
  calls_before = cell_text (window, NULL, calls_cell);
  g_assert_cmpstr (calls_before, ==, "0");
  expect (window, group_scope, "waiting", "0", 1000, "nobody waits");

  /* A pause (from elsewhere), then Ready through the main window's status bar. */
  pause_leader (leader_elsewhere, reason);
  expect (window, NULL, state_cell, _("Pause: Break"), REFLECT_MS, "paused");
  wcc_test_go_ready_in (main_window, "Sales");
  expect (window, NULL, state_cell, _("Ready"), REFLECT_MS, "agent going Ready");

  /* Paused again, so a customer waits in Sales. */
  pause_leader (leader_elsewhere, reason);
  expect (window, NULL, state_cell, _("Pause: Break"), REFLECT_MS, "paused again");
  target = g_strdup_printf ("sip:8001@127.0.0.1:%u", sip_port);
  customer = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--account", CUSTOMER "@pstn.example",
                                                    "--call", target, "--tone", "440", NULL });
  queue_wait = (QueueWait) { admin, sales, 1 };
  wait_until (server_has_waiting, &queue_wait, 15000);
  expect (window, group_scope, "waiting", "1", REFLECT_MS, "a caller queued");
  g_assert_cmpstr (cell_text (window, group_scope, "longest-wait"), !=, "–");
  /* The longest wait counts on by itself and turns red past the threshold (5 s here). */
  {
    Cell cell = { window, group_scope, "longest-wait", NULL };

    wait_until (long_wait_alert, &cell, 10000);
    g_test_message ("longest wait shown: %s", cell_text (window, group_scope, "longest-wait"));
    g_assert_cmpint (atoi (cell_text (window, group_scope, "longest-wait") + 2), >=, 5);
  }

  /* Ready: the softphone rings, the leader answers. */
  {
    g_autoptr(JsonObject) state = http_json (leader_elsewhere, "PUT", "/api/v1/agent/state", "{\"state\": \"ready\"}", 200);
  }
  wait_until (softphone_ringing, softphone, 15000);
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "answer-call", NULL);
  wcc_test_sim_wait (customer, "answered", 1, 15000);
  expect (window, NULL, state_cell, _("On call"), REFLECT_MS, "answered: on call");
  expect (window, group_scope, "waiting", "0", REFLECT_MS, "answered: nobody waits");
  answered_after = g_strdup_printf ("%" G_GINT64_FORMAT, answered_before + 1);
  expect (window, group_scope, "answered", answered_after, REFLECT_MS, "answered +1");
  {
    Cell cell = { window, NULL, call_cell, (char *) CUSTOMER };

    wait_until (cell_contains, &cell, REFLECT_MS);
  }
  /* The desktop reports the call's RTCP figures every 5 s once it has some. */
  {
    Cell cell = { window, NULL, quality_cell, "MOS " };

    wait_until (cell_contains, &cell, 20000);
    g_test_message ("quality: %s", cell_text (window, NULL, quality_cell));
  }
  save_screenshot (window, "monitor.png");

  /* The leader hangs up: a call today. */
  g_action_group_activate_action (G_ACTION_GROUP (wcc_test_ui_app), "hang-up", NULL);
  wcc_test_sim_wait (customer, "ended", 1, 10000);
  calls_after = g_strdup_printf ("%d", atoi (calls_before) + 1);
  expect (window, NULL, calls_cell, calls_after, REFLECT_MS, "call ended: calls today +1");
  expect (window, NULL, call_cell, "", REFLECT_MS, "call ended: no current call");
  g_assert_cmpstr (cell_text (window, NULL, state_cell), !=, _("On call"));
  wcc_test_sim_stop (customer);
  g_assert_cmpuint (wcc_test_sim_count (customer, "answered"), ==, 1);
  wcc_test_sim_free (customer);

  /* Sorted by calls today, most first: the leader (the only one with a call) on top. */
  wcc_monitor_window_sort_by (WCC_MONITOR_WINDOW (window), WCC_MONITOR_COLUMN_CALLS, GTK_SORT_DESCENDING);
  order = table_order (window);
  g_assert_cmpuint (order->len, ==, 6);
  g_assert_cmpint (g_array_index (order, gint64, 0), ==, leader_id);
  g_clear_pointer (&order, g_array_unref);
  wcc_monitor_window_sort_by (WCC_MONITOR_WINDOW (window), WCC_MONITOR_COLUMN_CALLS, GTK_SORT_ASCENDING);
  order = table_order (window);
  g_assert_cmpint (g_array_index (order, gint64, order->len - 1), ==, leader_id);

  /* F11's action is there (Xvfb has no window manager to make a window full screen). */
  g_assert_true (gtk_widget_activate_action (window, "monitor.fullscreen", NULL));
  settle (200);
  gtk_window_unfullscreen (GTK_WINDOW (window));

  /* The server goes away: stale, the last figures still shown; back: read again. */
  wcc_test_server_stop (server);
  wait_until (stale_shown, window, 10000);
  g_assert_cmpstr (cell_text (window, NULL, calls_cell), ==, calls_after);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, "--sip", sip, NULL });
  wait_until (stale_hidden, window, 60000);
  /* Today's figures come from the call records: the call is still counted. */
  expect (window, NULL, calls_cell, calls_after, 5000, "resynced");

  gtk_window_destroy (GTK_WINDOW (window));
  log_out_through_ui (main_window);

  /* An agent has no monitor: the action is disabled (and its menu item hidden). */
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  window = NULL;
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-monitor", NULL);
  settle (500);
  g_assert_false (monitor_window_shown (&window));
  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
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

  g_test_add_func ("/ui/monitor/live", test_monitor);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
