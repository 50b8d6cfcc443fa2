/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y-ui.c: the accessibility walk (issue 10) under Xvfb, against a real
 * wcc-server --demo, with GTK's AT-SPI bridge on (the other UI tests run without it): the app
 * runs in this process; at each main page a child process (a11y-walk.py, through AT-SPI as a
 * screen reader sees the app) lists the buttons, toggles, menu buttons, entries, password
 * entries, spin buttons, drop-downs and check boxes showing without an accessible name. The
 * pages as each role sees them: the login window; agent 1001: dashboard, contact customers,
 * customers at work, a customer tab, knowledge base, profile, the softphone panel and its
 * settings, the chat pane; leader 2001: team, the monitor window, reports, approvals; the
 * client admin: every section of Set-up. The test fails with the list (page, role, the path
 * from the window) when any is found.
 *
 * Then the styles: the dashboard forced dark (AdwStyleManager) and in high contrast
 * (GtkSettings:gtk-theme-name "HighContrast", which libadwaita 1.2 follows), each screenshot
 * kept (a11y-dashboard-light.png, -dark.png, -high-contrast.png) and the window's background
 * colour read from the pixels: dark is dark, and each differs from the default. */
#define G_LOG_DOMAIN "test-a11y-ui"

#include <unistd.h>

#include "wcc-main-window.h"
#include "wcc-monitor-window.h"
#include "wcc-setup-page.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"

/* What the walks found: "page: role path" lines, each path once (the first page it shows on). */
static GPtrArray *problems;
static GHashTable *seen_paths;

typedef struct {
  GSubprocess *process;
  char        *out;
  char        *err;
  GError      *error;
  gboolean     done;
} Walk;

static void
on_walk_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Walk *walk = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &walk->out, &walk->err, &walk->error);
  walk->done = TRUE;
}

static gboolean
walk_done (gpointer data)
{
  return ((Walk *) data)->done;
}

/* Walks what shows now of the app (every window) and notes the unnamed controls for @page. */
static void
walk_page (const char *page)
{
  g_autofree char *script = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "tests", "app", "a11y-walk.py", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_auto(GStrv) lines = NULL;
  Walk walk = { 0 };
  guint checked = 0;

  settle (400);
  walk.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &walk.error,
                                   A11Y_PYTHON, script, pid, NULL);
  g_assert_no_error (walk.error);
  /* The app answers the walker's questions from this main loop: it must keep running. */
  g_subprocess_communicate_utf8_async (walk.process, NULL, NULL, on_walk_done, &walk);
  wait_until (walk_done, &walk, 60000);
  g_assert_no_error (walk.error);
  if (!g_subprocess_get_if_exited (walk.process) || g_subprocess_get_exit_status (walk.process) != 0)
    g_error ("the walk of %s failed: %s", page, walk.err);

  lines = g_strsplit (walk.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (fields) == 3 && g_str_equal (fields[0], "UNNAMED"))
        {
          if (!g_hash_table_contains (seen_paths, fields[2]))
            {
              g_hash_table_add (seen_paths, g_strdup (fields[2]));
              g_ptr_array_add (problems, g_strdup_printf ("%s: %s without a name: %s", page, fields[1], fields[2]));
            }
        }
      else if (g_strv_length (fields) == 2 && g_str_equal (fields[0], "CHECKED"))
        checked = atoi (fields[1]);
    }
  if (walk.err != NULL && *walk.err != '\0')
    {
      g_auto(GStrv) err_lines = g_strsplit (walk.err, "\n", -1);

      for (guint i = 0; err_lines[i] != NULL; i++)
        if (*err_lines[i] != '\0')
          g_test_message ("walker: %s", err_lines[i]);
    }
  g_test_message ("%s: %u controls checked", page, checked);
  /* Every page has controls: none seen would mean the bridge showed nothing. */
  g_assert_cmpuint (checked, >, 0);
  g_object_unref (walk.process);
  g_free (walk.out);
  g_free (walk.err);
}

static void
report_problems (void)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    g_test_fail_printf ("%u controls without an accessible name (listed above)", problems->len);
}

static gboolean
toplevel_mapped (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (((gpointer *) data)[0]);
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (window))
        {
          ((gpointer *) data)[1] = window;
          return TRUE;
        }
    }
  return FALSE;
}

static void
walk_nav (GtkWindow  *main_window,
          const char *page,
          const char *what)
{
  go_to (main_window, page);
  walk_page (what);
}

static void
test_agent_pages (WccTestServer *server)
{
  g_autoptr(WccClient) checker = login_elsewhere (server, "1001@demo", "wcc-1001");
  g_autoptr(JsonObject) mine = http_json (checker, "GET", "/api/v1/customers?owner=me&limit=1", NULL, 200);
  JsonArray *items = json_object_get_array_member (mine, "items");
  GtkWindow *main_window;
  GtkWidget *panel, *settings = NULL;
  gint64 id;

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  id = id_of (json_array_get_object_element (items, 0));

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  gtk_window_set_default_size (main_window, 1280, 800);
  walk_nav (main_window, "dashboard", "agent dashboard");
  walk_nav (main_window, "customers", "agent contact customers");
  walk_nav (main_window, "work", "agent customers at work");
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-customer", "x", id);
  wait_until (tab_loaded, selected_tab (main_window), 10000);
  walk_page ("agent customer tab");
  walk_nav (main_window, "knowledge", "agent knowledge base");
  walk_nav (main_window, "profile", "agent profile");

  /* The softphone panel, then its settings window. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), TRUE);
  walk_page ("agent softphone panel");
  panel = child (main_window, "softphone_panel");
  gtk_widget_activate_action (panel, "phone.settings", NULL);
  wait_until (wcc_test_softphone_settings_shown, &settings, 5000);
  walk_page ("agent softphone settings");
  gtk_window_destroy (GTK_WINDOW (settings));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), FALSE);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), TRUE);
  walk_page ("agent chat pane");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), FALSE);

  log_out_through_ui (main_window);
}

static void
test_leader_pages (WccTestServer *server)
{
  GtkWindow *main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  gpointer monitor[2] = { GSIZE_TO_POINTER (WCC_TYPE_MONITOR_WINDOW), NULL };

  gtk_window_set_default_size (main_window, 1280, 800);
  walk_nav (main_window, "team", "leader team");
  walk_nav (main_window, "reports", "leader reports");
  walk_nav (main_window, "approvals", "leader approvals");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-monitor", NULL));
  wait_until (toplevel_mapped, monitor, 5000);
  walk_page ("leader monitor window");
  gtk_window_destroy (GTK_WINDOW (monitor[1]));
  log_out_through_ui (main_window);
}

static void
test_admin_pages (WccTestServer *server)
{
  GtkWindow *main_window = log_in_without_remembering (server, "admin@demo", "wcc-admin");
  WccSetupPage *page;
  g_autoptr(GListModel) sections = NULL;

  gtk_window_set_default_size (main_window, 1280, 800);
  go_to (main_window, "setup");
  page = WCC_SETUP_PAGE (child (main_window, "setup_page"));
  sections = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (find_by_id (GTK_WIDGET (page), "sections"))));
  g_assert_cmpuint (g_list_model_get_n_items (sections), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sections, i);
      GtkStackPage *section = GTK_STACK_PAGE (item);
      g_autofree char *what = g_strdup_printf ("client admin set-up: %s", gtk_stack_page_get_name (section));

      wcc_setup_page_show_section (page, gtk_stack_page_get_name (section));
      walk_page (what);
    }
  log_out_through_ui (main_window);
}

static void
test_walk (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  WccTestServer *server;

  wcc_test_guard_timeout (280);
  problems = g_ptr_array_new_with_free_func (g_free);
  seen_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });

  /* The login window, before anyone logs in. */
  show_login (server);
  walk_page ("login window");

  test_agent_pages (server);
  test_leader_pages (server);
  test_admin_pages (server);

  wcc_test_server_stop (server);
  report_problems ();
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&seen_paths, g_hash_table_unref);
}

/* The accessibility bus of this test's D-Bus session: at-spi-bus-launcher started here (its
 * registry's greeting to /dev/null, not into the TAP output), before GTK looks for it. */
static void
start_accessibility_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  bus = g_subprocess_launcher_spawn (launcher, &error, AT_SPI_BUS_LAUNCHER, NULL);
  g_assert_no_error (error);
  for (guint tries = 0; tries < 100; tries++)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                                               "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                                               G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL);
      if (reply != NULL)
        return;
      g_usleep (100 * 1000);
    }
  g_error ("at-spi-bus-launcher did not take org.a11y.Bus");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The bridge on: GTK talks to the accessibility bus (at-spi-bus-launcher, started by the
   * test's D-Bus session on first use). */
  g_unsetenv ("GTK_A11Y");
  g_unsetenv ("NO_AT_BRIDGE");
  start_accessibility_bus ();
  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/a11y/walk", test_walk);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
