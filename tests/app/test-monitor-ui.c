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

static gboolean
supervision_call_active (gpointer data)
{
  WccCall *call = wcc_softphone_get_current_call (data);

  return call != NULL && wcc_call_get_state (call) == WCC_CALL_ACTIVE &&
         wcc_call_get_invite_header (call, "X-WCC-Supervision") != NULL;
}

static gboolean
no_current_call (gpointer data)
{
  return wcc_softphone_get_current_call (data) == NULL;
}

static gboolean
supervise_button_shown (gpointer data)
{
  Cell *cell = data;
  GtkWidget *button = find_cell (cell);

  return button != NULL && gtk_widget_get_visible (button) &&
         gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)) != NULL;
}

/* The supervision's entries the row's menu offers (action targets' modes, and "stop"). */
static char *
menu_modes (GtkWidget *button)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_autoptr(GString) modes = g_string_new (NULL);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      const char *mode = NULL;

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE ("(xs)")))
        g_variant_get (target, "(x&s)", NULL, &mode);
      g_string_append_printf (modes, "%s%s", modes->len ? " " : "", mode ? mode : "stop");
    }
  return g_string_free (g_steal_pointer (&modes), FALSE);
}

/* A leader supervises an agent's queue call from the monitor (R5): the row's menu offers
 * Listen In, Whisper, Barge In; Listen In has the server call the leader's softphone, which
 * takes the call at once (no ringing); the row says so; Whisper lets the agent hear the
 * leader's desktop (its test source, 1000 Hz) while the customer never does; Stop ends it
 * and the leader's call. Agent 1001 and the customer are wcc-sim phones. */
static void
test_supervise (void)
{
  g_autofree char *target = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *call_cell = NULL, *button_name = NULL;
  g_autoptr(WccClient) agent_elsewhere = NULL;
  WccTestServer *server;
  WccTestSim *agent, *customer;
  WccSoftphone *softphone;
  GtkWindow *main_window;
  GtkWidget *window = NULL;
  WccMonitor *monitor;
  gint64 agent_id, call_id = 0;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  registrar = g_strdup_printf ("127.0.0.1:%u", server->sip_port);
  target = g_strdup_printf ("sip:8001@127.0.0.1:%u", server->sip_port);

  /* Agent 1001: a desk phone (wcc-sim, 880 Hz) answering queue calls, Ready in Sales. */
  agent = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--account", "1001@demo", "--password",
                                                 "sip-1001", "--registrar", registrar, "--answer", "--tone", "880",
                                                 "--expect-tone", "440,1000", NULL });
  wcc_test_sim_wait (agent, "registered", 1, 15000);
  agent_elsewhere = login_elsewhere (server, "1001@demo", "wcc-1001");
  agent_id = wcc_user_get_id (wcc_client_get_user (agent_elsewhere));
  {
    g_autoptr(JsonObject) groups = http_json (agent_elsewhere, "GET", "/api/v1/agent/groups", NULL, 200);
    JsonArray *member_of = json_object_get_array_member (groups, "member_of");
    g_autofree char *body = NULL;

    g_assert_cmpuint (json_array_get_length (member_of), ==, 1);
    body = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}",
                            json_object_get_int_member (json_array_get_object_element (member_of, 0), "id"));
    g_clear_pointer (&groups, json_object_unref);
    groups = http_json (agent_elsewhere, "PUT", "/api/v1/agent/groups", body, 200);
  }
  {
    g_autoptr(JsonObject) state = http_json (agent_elsewhere, "PUT", "/api/v1/agent/state", "{\"state\": \"ready\"}", 200);
  }
  call_cell = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-call", agent_id);
  button_name = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-supervise", agent_id);

  /* Leader 2001 (not Ready: the call goes to 1001) opens the monitor. */
  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-monitor", NULL));
  wait_until (monitor_window_shown, &window, 10000);
  monitor = wcc_monitor_window_get_monitor (WCC_MONITOR_WINDOW (window));
  wait_until ((Predicate) wcc_monitor_get_loaded, monitor, 10000);

  /* The customer (440 Hz) calls Sales; 1001 answers. The customer must never hear the
   * leader. */
  customer = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--account", CUSTOMER "@pstn.example",
                                                    "--call", target, "--tone", "440", "--expect-no-tone", "1000",
                                                    NULL });
  wcc_test_sim_wait (customer, "answered", 1, 15000);
  {
    Cell cell = { window, NULL, button_name, NULL };

    wait_until (supervise_button_shown, &cell, 5000);
    {
      g_autofree char *modes = menu_modes (find_cell (&cell));

      g_assert_cmpstr (modes, ==, "listen whisper barge");
    }
  }
  {
    WccRecord *record = wcc_monitor_find_agent (monitor, agent_id);
    JsonObject *call = wcc_record_get_object (record, "call");

    g_assert_nonnull (call);
    call_id = json_object_get_int_member (call, "call_id");
  }

  /* Listen in: the leader's softphone is called in and takes it at once. */
  g_assert_true (gtk_widget_activate_action (window, "monitor.supervise", "(xs)", call_id, "listen"));
  wait_until (supervision_call_active, softphone, 15000);
  g_assert_null (wcc_softphone_get_ringing_call (softphone));
  {
    Cell cell = { window, NULL, call_cell, (char *) _("listening in") };

    wait_until (cell_contains, &cell, 5000);
  }
  {
    Cell cell = { window, NULL, button_name, NULL };
    g_autofree char *modes = NULL;

    wait_until (supervise_button_shown, &cell, 5000);
    modes = menu_modes (find_cell (&cell));
    g_assert_cmpstr (modes, ==, "listen whisper barge stop");
  }
  save_screenshot (window, "monitor-supervision.png");

  /* Whisper: the agent hears the leader's desktop; the customer does not. */
  g_assert_true (gtk_widget_activate_action (window, "monitor.supervise", "(xs)", call_id, "whisper"));
  {
    Cell cell = { window, NULL, call_cell, (char *) _("whispering to the agent") };

    wait_until (cell_contains, &cell, 5000);
  }
  wcc_test_sim_wait (agent, "tone-heard", 1, 15000);
  /* Long enough for the customer's ear to catch a leak. */
  settle (3000);

  /* Stop: the leader's call ends; the row no longer says it is supervised. */
  g_assert_true (gtk_widget_activate_action (window, "monitor.stop-supervising", "x", call_id));
  wait_until (no_current_call, softphone, 10000);
  {
    Cell cell = { window, NULL, call_cell, CUSTOMER };

    wait_until (cell_shows, &cell, 5000);
  }
  g_assert_cmpuint (wcc_test_sim_count (customer, "unwanted-tone-heard"), ==, 0);
  g_assert_cmpuint (wcc_test_sim_count (agent, "ended"), ==, 0);

  wcc_test_sim_stop (customer);
  wcc_test_sim_stop (agent);
  g_assert_cmpuint (wcc_test_sim_count (customer, "unwanted-tone-heard"), ==, 0);
  wcc_test_sim_free (customer);
  wcc_test_sim_free (agent);
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/ui/monitor/live", test_monitor);
  g_test_add_func ("/ui/monitor/supervise", test_supervise);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
