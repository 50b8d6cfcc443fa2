/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y-ui.c: the accessibility walk (issue 10) under Xvfb, against a real
 * wcc-server --demo, with GTK's AT-SPI bridge on (the other UI tests run without it): the app
 * runs in this process; at each main page a child process (a11y-walk.py, through AT-SPI as a
 * screen reader sees the app) lists the buttons, toggles, menu buttons, entries, password
 * entries, spin buttons, drop-downs and check boxes showing without an accessible name. The
 * pages as each role sees them: the login window; agent 1001: dashboard, contact customers,
 * customers at work, a customer tab, knowledge base, profile, the softphone panel and its
 * settings, the chat pane; leader 2001: team, the monitor window, reports, approvals; the
 * client admin: every section of Set-up (and the form of a new user, group, pause reason).
 * The test fails with the list (page, role, the path
 * from the window) when any is found.
 *
 * Then the styles: the dashboard with the desktop preferring dark (org.gnome.desktop.interface
 * color-scheme), forced dark (AdwStyleManager) and in high contrast (the desktop's
 * org.gnome.desktop.a11y.interface high-contrast, or GTK's gtk-theme-name "HighContrast"
 * without GNOME's schemas: what libadwaita 1.2 follows); screenshots
 * a11y-dashboard-{light,system-dark,dark,high-contrast}.png, read back from the pixels: the
 * window's background light, then dark; high contrast's dark outlines. */
#define G_LOG_DOMAIN "test-a11y-ui"

#include <unistd.h>

#include "wcc-camera-window.h"
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

/* Walks what shows now of the app (every window): the unnamed controls found, each
 * "role\tpath". */
static GPtrArray *
walk_app (const char *page)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
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
        g_ptr_array_add (found, g_strdup_printf ("%s\t%s", fields[1], fields[2]));
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
  return found;
}

/* Walks the app as it shows now and notes the unnamed controls for @page (each path once). */
static void
walk_page (const char *page)
{
  g_autoptr(GPtrArray) found = walk_app (page);

  for (guint i = 0; i < found->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (found, i), "\t", 2);

      if (!g_hash_table_contains (seen_paths, fields[1]))
        {
          g_hash_table_add (seen_paths, g_strdup (fields[1]));
          g_ptr_array_add (problems, g_strdup_printf ("%s: %s without a name: %s", page, fields[0], fields[1]));
        }
    }
}

/* The walk sees what it must: a window of an icon-only button with no name, one named, an
 * entry labelled by a label, one with nothing: exactly the two unnamed ones found. */
static void
check_the_walker (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *unnamed = gtk_button_new_from_icon_name ("edit-find-symbolic");
  GtkWidget *named = gtk_button_new_from_icon_name ("edit-find-symbolic");
  GtkWidget *label = gtk_label_new ("Name");
  GtkWidget *labelled = gtk_entry_new ();
  g_autoptr(GPtrArray) found = NULL;
  guint in_window = 0;

  gtk_window_set_title (GTK_WINDOW (window), "Walker Check");
  gtk_widget_set_tooltip_text (unnamed, "A tooltip is no name");
  gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL, "Find", -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (labelled), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), unnamed);
  gtk_box_append (GTK_BOX (box), named);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), labelled);
  gtk_box_append (GTK_BOX (box), gtk_entry_new ());
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  settle (300);
  found = walk_app ("the walker's check");
  for (guint i = 0; i < found->len; i++)
    {
      const char *line = g_ptr_array_index (found, i);

      g_test_message ("walker's check: %s", line);
      if (strstr (line, "frame \"Walker Check\"") != NULL)
        in_window++;
    }
  g_assert_cmpuint (in_window, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
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
camera_previewing (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find_by_id (data, "stack"))), "preview") == 0;
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

  g_setenv ("WCC_VIDEOSRC", "videotestsrc is-live=true", TRUE);
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
  /* The profile's camera window (D7), the camera a test source (set before the login). */
  {
    gpointer camera_window[2] = { GSIZE_TO_POINTER (WCC_TYPE_CAMERA_WINDOW), NULL };

    wait_until (widget_sensitive, child (main_window, "take_photo_button"), 10000);
    gtk_widget_activate_action (child (main_window, "profile_page"), "profile.take-photo", NULL);
    wait_until (toplevel_mapped, camera_window, 5000);
    wait_until (camera_previewing, camera_window[1], 10000);
    walk_page ("agent take a photo");
    gtk_window_destroy (GTK_WINDOW (camera_window[1]));
  }

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
  walk_nav (main_window, "dashboard", "leader dashboard");
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
      /* A section's form for a new record (users, groups, pause reasons: a dialog). */
      if (g_strv_contains ((const char * const[]) { "users", "groups", "pause-reasons", NULL },
                           gtk_stack_page_get_name (section)))
        {
          g_autofree char *form = g_strdup_printf ("%s: the form for a new one", what);
          GtkWindow *dialog;

          click (gtk_stack_page_get_child (section), "add_button");
          wait_until (message_dialog_shown, NULL, 5000);
          dialog = GTK_WINDOW (find_message_dialog ());
          walk_page (form);
          gtk_window_destroy (dialog);
          g_assert_null (find_message_dialog ());
        }
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

  /* The login window, before anyone logs in; first the walker's own check. */
  show_login (server);
  check_the_walker ();
  walk_page ("login window");

  test_agent_pages (server);
  test_leader_pages (server);
  test_admin_pages (server);

  wcc_test_server_stop (server);
  report_problems ();
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&seen_paths, g_hash_table_unref);
}

/* 0–255: how light a colour is (Rec. 601 luma). */
static guint
lightness (guint32 rgb)
{
  return (299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) + 114 * (rgb & 0xff)) / 1000;
}

/* What a screenshot shows of the style: the window's background colour as drawn (the colour
 * most pixels have: the pages' bare background and cards), and how many pixels are dark
 * (text, outlines and borders: more of them in high contrast). */
typedef struct {
  guint32 background;
  guint   dark_pixels;
} Picture;

static Picture
read_picture (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  Picture picture = { 0, 0 };
  guint best_count = 0;

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;   /* B G R A in memory (CAIRO_FORMAT_ARGB32) */
        guint32 rgb = (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb), GUINT_TO_POINTER (count));
        if (count > best_count)
          {
            best_count = count;
            picture.background = rgb;
          }
        if (lightness (rgb) < 100)
          picture.dark_pixels++;
      }
  return picture;
}

/* A key of the desktop's settings (GNOME's schemas, in this process's memory backend), or
 * FALSE when the schema is not installed. */
static gboolean
set_desktop_setting (const char *schema_id,
                     const char *key,
                     GVariant   *value)
{
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                                                       schema_id, TRUE);
  g_autoptr(GSettings) settings = NULL;

  g_variant_ref_sink (value);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    {
      g_variant_unref (value);
      return FALSE;
    }
  settings = g_settings_new (schema_id);
  g_assert_true (g_settings_set_value (settings, key, value));
  g_variant_unref (value);
  return TRUE;
}

/* The system's dark style and high contrast, followed by the agent's dashboard: the desktop
 * asking for dark (org.gnome.desktop.interface color-scheme), the app forcing dark
 * (AdwStyleManager), and high contrast as the desktop tells libadwaita 1.2 (its a11y
 * setting, or GTK's gtk-theme-name "HighContrast" where the desktop has no schema); each
 * screenshot kept (a11y-dashboard-*.png) and its background colour read back from the
 * pixels: light is light, dark is dark, high contrast has its dark outlines. */
static void
test_styles (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  AdwStyleManager *styles = adw_style_manager_get_default ();
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *theme = NULL;
  g_autoptr(GdkTexture) light = NULL, system_dark = NULL, dark = NULL, high = NULL;
  Picture light_picture, system_dark_picture, dark_picture, high_picture;
  gboolean desktop_schemas;
  WccTestServer *server;
  GtkWindow *main_window;

  wcc_test_guard_timeout (120);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  gtk_window_set_default_size (main_window, 1280, 800);
  go_to (main_window, "dashboard");

  g_assert_cmpint (adw_style_manager_get_color_scheme (styles), ==, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_false (adw_style_manager_get_dark (styles));
  light = take_screenshot (GTK_WIDGET (main_window), "a11y-dashboard-light.png");
  light_picture = read_picture (light);

  /* The desktop prefers dark: the app (scheme "default") follows. */
  desktop_schemas = set_desktop_setting ("org.gnome.desktop.interface", "color-scheme", g_variant_new_string ("prefer-dark"));
  if (desktop_schemas)
    {
      g_assert_true (adw_style_manager_get_system_supports_color_schemes (styles));
      g_assert_true (adw_style_manager_get_dark (styles));
      system_dark = take_screenshot (GTK_WIDGET (main_window), "a11y-dashboard-system-dark.png");
      system_dark_picture = read_picture (system_dark);
      g_test_message ("the desktop's dark: background #%06x", system_dark_picture.background);
      g_assert_cmpuint (lightness (system_dark_picture.background), <, 96);
      set_desktop_setting ("org.gnome.desktop.interface", "color-scheme", g_variant_new_string ("default"));
      g_assert_false (adw_style_manager_get_dark (styles));
    }
  else
    g_test_message ("no org.gnome.desktop.interface schema: the desktop's dark preference not tried");

  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (styles));
  dark = take_screenshot (GTK_WIDGET (main_window), "a11y-dashboard-dark.png");
  dark_picture = read_picture (dark);
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);

  g_object_get (settings, "gtk-theme-name", &theme, NULL);
  if (!set_desktop_setting ("org.gnome.desktop.a11y.interface", "high-contrast", g_variant_new_boolean (TRUE)))
    g_object_set (settings, "gtk-theme-name", "HighContrast", NULL);
  g_assert_true (adw_style_manager_get_high_contrast (styles));
  high = take_screenshot (GTK_WIDGET (main_window), "a11y-dashboard-high-contrast.png");
  high_picture = read_picture (high);
  if (!set_desktop_setting ("org.gnome.desktop.a11y.interface", "high-contrast", g_variant_new_boolean (FALSE)))
    g_object_set (settings, "gtk-theme-name", theme, NULL);
  g_assert_false (adw_style_manager_get_high_contrast (styles));

  g_test_message ("background: light #%06x, dark #%06x, high contrast #%06x; dark pixels: light %u, high contrast %u",
                  light_picture.background, dark_picture.background, high_picture.background,
                  light_picture.dark_pixels, high_picture.dark_pixels);
  g_assert_cmpuint (lightness (light_picture.background), >, 160);
  g_assert_cmpuint (lightness (dark_picture.background), <, 96);
  /* libadwaita 1.2's high contrast keeps the light backgrounds and draws outlines and
   * borders dark: a tenth more dark pixels at least. */
  g_assert_cmpuint (high_picture.dark_pixels, >, light_picture.dark_pixels + light_picture.dark_pixels / 10);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
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
  /* The desktop's style settings read here (GSettings, this process's memory backend), not
   * through a settings portal the test's session may have started with its own. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  start_accessibility_bus ();
  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/a11y/walk", test_walk);
  g_test_add_func ("/ui/a11y/styles", test_styles);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
