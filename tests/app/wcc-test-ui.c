/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-ui.c: the UI tests' shared helpers: waiting on the main loop, finding widgets,
 * screenshots, logging in through the real login window, the server seen over HTTP. */
#define G_LOG_DOMAIN "wcc-test-ui"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <gdk/x11/gdkx.h>
#include <libsoup/soup.h>

#include "wcc-json.h"
#include "wcc-main-window.h"
#include "wcc-record-table.h"
#include "wcc-report-chart.h"
#include "wcc-softphone.h"
#include "wcc-softphone-settings.h"
#include "wcc-test-ui.h"
#include "wcc-work-page.h"

WccApplication *wcc_test_ui_app;

static gboolean
on_poll (gpointer user_data)
{
  Poll *poll = user_data;

  poll->reached = poll->predicate (poll->data);
  return poll->reached ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}
void
wcc_test_wait_until (Predicate   predicate,
                     gpointer    data,
                     guint       timeout_ms,
                     const char *what)
{
  Poll poll = { predicate, data, predicate (data) };
  guint id;

  if (poll.reached)
    return;
  id = g_timeout_add (20, on_poll, &poll);
  wcc_test_wait_for_what (&poll.reached, timeout_ms, what);
  g_assert_true (poll.reached);
  (void) id;
}
static gboolean
on_pause_done (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}
/* Lets GTK lay out and paint (animations, revealers) before a screenshot. */
void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_pause_done, &done);
  wcc_test_wait_for (&done, ms + 5000);
}

static GPollFunc default_poll;
static guint main_loop_polls;

static gint
counting_poll (GPollFD *fds,
               guint    n_fds,
               gint     timeout_ms)
{
  main_loop_polls++;
  return default_poll (fds, n_fds, timeout_ms);
}

guint
wcc_test_main_loop_wakeups (guint ms)
{
  GMainContext *context = g_main_context_default ();

  default_poll = g_main_context_get_poll_func (context);
  main_loop_polls = 0;
  g_main_context_set_poll_func (context, counting_poll);
  settle (ms);
  g_main_context_set_poll_func (context, default_poll);
  return main_loop_polls;
}

void
wcc_test_collect_toast (GtkWidget  *widget,
                        const char *message,
                        GPtrArray  *toasts)
{
  g_test_message ("toast: %s", message);
  g_ptr_array_add (toasts, g_strdup (message));
}

gboolean
wcc_test_toasted (gpointer data)
{
  Toasted *toasted = data;

  for (guint i = 0; i < toasted->toasts->len; i++)
    if (g_str_equal (g_ptr_array_index (toasted->toasts, i), toasted->text))
      return TRUE;
  return FALSE;
}

GtkWidget *
find_by_id (GtkWidget  *root,
            const char *id)
{
  const char *own = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;

  /* a template's id, or the name of a widget made in code (the main window's pages built
   * when first needed carry the id they would have in the template) */
  if (g_strcmp0 (own, id) == 0 || g_strcmp0 (gtk_widget_get_name (root), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);
      if (found != NULL)
        return found;
    }
  return NULL;
}
GtkWidget *
child (GtkWindow  *window,
       const char *id)
{
  GtkWidget *widget = find_by_id (GTK_WIDGET (window), id);

  if (widget == NULL)
    g_error ("no widget with id “%s” in %s", id, G_OBJECT_TYPE_NAME (window));
  return widget;
}

/* A click on the menu's row for @page ("dashboard", "customers" …): the page shows. */
void
go_to (GtkWindow  *main_window,
       const char *page)
{
  g_autofree char *row_id = g_strdup_printf ("%s_nav_row", page);
  GtkWidget *row = child (main_window, row_id);

  g_assert_true (gtk_widget_get_visible (row));
  gtk_list_box_select_row (GTK_LIST_BOX (child (main_window, "nav_list")), GTK_LIST_BOX_ROW (row));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (main_window, "stack"))), ==, page);
}
void
set_text (GtkWindow  *window,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (window, id)), text);
}
GdkTexture *
take_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("WCC_BUILD_ROOT"), "tests", "app", "screenshots", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  settle (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  /* Nothing yet while a frame is still to be drawn (a busy machine): wait for one. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      if (tries > 0)
        settle (100);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&texture);
}
void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_object_unref (take_screenshot (widget, name));
}
gboolean
login_window_shown (gpointer data)
{
  GtkWindow *window = wcc_application_get_login_window (wcc_test_ui_app);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}
gboolean
main_window_shown (gpointer data)
{
  GtkWindow *window = wcc_application_get_main_window (wcc_test_ui_app);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}
gboolean
main_window_gone (gpointer data)
{
  return wcc_application_get_main_window (wcc_test_ui_app) == NULL && login_window_shown (NULL);
}
void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}
/* A second session of @account, as a second desktop or the test's own look at the server. */
WccClient *
login_elsewhere (WccTestServer *server,
                 const char    *account,
                 const char    *password)
{
  g_autoptr(WccClient) other = wcc_client_new (server->base_url);
  g_autoptr(GAsyncResult) login_result = NULL;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;

  wcc_client_login_async (other, account, password, NULL, NULL, NULL, on_async_done, &login_result);
  wait_until (result_arrived, &login_result, 10000);
  user = wcc_client_login_finish (other, login_result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&other);
}
/* @method @path with @body (JSON, may be NULL) as @client; the answer's body and its
 * Content-Type (when @content_type is not NULL). */
GBytes *
http_send (WccClient   *client,
           const char  *method,
           const char  *path,
           const char  *body,
           guint        expected_status,
           char       **content_type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = wcc_client_build_url (client, path);
  g_autofree char *bearer = g_strconcat ("Bearer ", wcc_client_get_token (client), NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  GBytes *answer;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  /* A blocking call is fine here: the server is another process. */
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, expected_status);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL));
  return answer;
}

/* @method @path with @body (may be NULL) as @client; the answer's JSON object. */
JsonObject *
http_json (WccClient  *client,
           const char *method,
           const char *path,
           const char *body,
           guint       expected_status)
{
  g_autoptr(GBytes) answer = http_send (client, method, path, body, expected_status, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (g_bytes_get_size (answer) == 0)
    return NULL;   /* 204 */
  object = wcc_json_parse_object (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  return object;
}
GtkWindow *
show_login (WccTestServer *server)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (wcc_test_ui_app));
  wait_until (login_window_shown, NULL, 10000);
  window = wcc_application_get_login_window (wcc_test_ui_app);
  set_text (window, "server_row", server->base_url);
  return window;
}
void
submit (GtkWindow *window)
{
  /* "clicked" at once: gtk_widget_activate() on a button clicks only after a visual press. */
  g_signal_emit_by_name (child (window, "login_button"), "clicked");
}
/* Logs in through the login window with "remember" off; the main window once shown. */
GtkWindow *
log_in_without_remembering (WccTestServer *server,
                            const char    *account,
                            const char    *password)
{
  GtkWindow *window = show_login (server);

  set_text (window, "account_row", account);
  set_text (window, "password_row", password);
  gtk_switch_set_active (GTK_SWITCH (child (window, "remember_switch")), FALSE);
  submit (window);
  wait_until (main_window_shown, NULL, 15000);
  return wcc_application_get_main_window (wcc_test_ui_app);
}
AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}
gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}
/* GTK 4.8 warns about a text cursor that blinks without a focus-out when a window is
 * shown or destroyed on an X server without a window manager (Xvfb); that one warning is
 * about the test display, not the app. Everything else is logged (and fatal) as usual. */
GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "did not receive a focus-out event") != NULL)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}
GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}
gboolean
label_shows (gpointer data)
{
  GtkLabel *label = data;
  return g_strcmp0 (gtk_label_get_text (label), g_object_get_data (G_OBJECT (label), "wanted")) == 0;
}
void
wait_for_label (GtkWidget  *label,
                const char *text)
{
  g_object_set_data_full (G_OBJECT (label), "wanted", g_strdup (text), g_free);
  wait_until (label_shows, label, 10000);
}

void
wcc_test_ui_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_test_init (argc, argv, NULL);
  /* A desktop has one: the app's desktop notifications (reminders, review outcomes, new
   * to-dos) must not meet a missing service, which GLib reports as a warning. */
  wcc_test_ui_start_notification_server ();

  wcc_test_ui_app = wcc_application_new ();
  /* Not unique, and still the handler of tel: and sip: links (HANDLES_OPEN). */
  g_application_set_flags (G_APPLICATION (wcc_test_ui_app),
                           g_application_get_flags (G_APPLICATION (wcc_test_ui_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (wcc_test_ui_app), NULL, &error);
  g_assert_no_error (error);
}

void
log_out_through_ui (GtkWindow *main_window)
{
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.logout", NULL);
  wait_until (message_dialog_shown, NULL, 5000);
  adw_message_dialog_response (find_message_dialog (), "logout");
  wait_until (main_window_gone, NULL, 10000);
}

/* ---- real key presses (xdotool through XTest) ---------------------------------------------- */

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

static void
run_xdotool (const char * const *args)
{
  static char *xdotool;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status = 0;

  if (xdotool == NULL)
    xdotool = g_find_program_in_path ("xdotool");
  g_assert_nonnull (xdotool);
  g_ptr_array_add (argv, xdotool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  text = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("keys: %s", text);
  /* xdotool only talks to the X server: the events wait there for the main loop below. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

void
focus_window (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));

  run_xdotool ((const char *[]) { "windowfocus", id, NULL });
  wait_until (window_active, window, 5000);
}

void
press_keys (GtkWindow  *window,
            const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  focus_window (window);
  g_ptr_array_add (args, (gpointer) "key");
  g_ptr_array_add (args, (gpointer) "--delay");
  g_ptr_array_add (args, (gpointer) "60");
  for (guint i = 0; each[i] != NULL; i++)
    g_ptr_array_add (args, each[i]);
  g_ptr_array_add (args, NULL);
  run_xdotool ((const char * const *) args->pdata);
  settle (150);
}

void
type_text (GtkWindow  *window,
           const char *text)
{
  focus_window (window);
  run_xdotool ((const char *[]) { "type", "--delay", "30", text, NULL });
  settle (150);
}

/* ---- a notification server on the test's session bus ------------------------------------ */

ShownNotification wcc_test_ui_shown;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      g_clear_pointer (&wcc_test_ui_shown.summary, g_free);
      g_clear_pointer (&wcc_test_ui_shown.body, g_free);
      g_clear_pointer (&wcc_test_ui_shown.actions, g_strfreev);
      g_variant_get (parameters, "(&su&ss&s^as@a{sv}i)", NULL, NULL, NULL, &wcc_test_ui_shown.summary, &wcc_test_ui_shown.body,
                     &wcc_test_ui_shown.actions, NULL, NULL);
      wcc_test_ui_shown.summary = g_strdup (wcc_test_ui_shown.summary);
      wcc_test_ui_shown.body = g_strdup (wcc_test_ui_shown.body);
      wcc_test_ui_shown.closed = FALSE;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++wcc_test_ui_shown.id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      wcc_test_ui_shown.closed = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "wcc", "1", "1.2"));
}

/* Owns org.freedesktop.Notifications on the session bus (the test runs in its own). */
void
wcc_test_ui_start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  static gboolean started;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  GDBusConnection *bus;
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  if (started)
    return;
  started = TRUE;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4u),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

gboolean
notification_shown (gpointer data)
{
  return wcc_test_ui_shown.body != NULL && strstr (wcc_test_ui_shown.body, data) != NULL && !wcc_test_ui_shown.closed;
}

gboolean
notification_closed (gpointer data)
{
  return wcc_test_ui_shown.closed;
}

/* ---- predicates and steps of the softphone tests ----------------------------------------- */

gboolean
wcc_test_softphone_registered (gpointer data)
{
  return wcc_softphone_get_state (WCC_SOFTPHONE (data)) == WCC_ACCOUNT_REGISTERED;
}

gboolean
wcc_test_softphone_failed (gpointer data)
{
  return wcc_softphone_get_state (WCC_SOFTPHONE (data)) == WCC_ACCOUNT_FAILED;
}

gboolean
wcc_test_call_active (gpointer data)
{
  return wcc_call_get_state (WCC_CALL (data)) == WCC_CALL_ACTIVE;
}

gboolean
wcc_test_call_ended (gpointer data)
{
  return wcc_call_get_state (WCC_CALL (data)) == WCC_CALL_ENDED;
}

gboolean
wcc_test_agent_is_ready (gpointer data)
{
  return wcc_session_get_agent_state (WCC_SESSION (data)) == WCC_AGENT_STATE_READY;
}

gboolean
wcc_test_agent_signed_in (gpointer data)
{
  const GArray *groups = wcc_session_get_signed_in_groups (WCC_SESSION (data));
  return groups != NULL && groups->len > 0;
}

void
wcc_test_go_ready_in (GtkWindow  *main_window,
                      const char *group)
{
  WccSession *session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  GtkWidget *status = child (main_window, "agent_status");
  GtkWidget *check;

  gtk_widget_activate_action (status, "agent.sign-out-all", NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (find_by_id (status, "groups_button")));
  check = find_by_name (status, group);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  wait_until (wcc_test_agent_signed_in, session, 10000);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (find_by_id (status, "groups_button")));
  gtk_widget_activate_action (status, "agent.ready", NULL);
  wait_until (wcc_test_agent_is_ready, session, 10000);
}

gboolean
wcc_test_softphone_settings_shown (gpointer data)
{
  GtkWidget **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      if (WCC_IS_SOFTPHONE_SETTINGS (window) && gtk_widget_get_mapped (window))
        *found = window;
    }
  return *found != NULL;
}

gboolean
player_playing (gpointer data)
{
  return wcc_recording_player_get_state (WCC_RECORDING_PLAYER (data)) == WCC_PLAYBACK_PLAYING;
}

gboolean
model_has_items (gpointer data)
{
  return data != NULL && g_list_model_get_n_items (G_LIST_MODEL (data)) > 0;
}

gboolean
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

gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_widget_is_sensitive (data);
}

gboolean
list_idle (gpointer data)
{
  WccPagedList *list = data;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  return !wcc_paged_list_get_loading (list);
}

void
load_all (WccPagedList *list)
{
  wait_until (list_idle, list, 20000);
  while (wcc_paged_list_get_has_more (list))
    {
      wcc_paged_list_load_more (list);
      wait_until (list_idle, list, 20000);
    }
  g_assert_null (wcc_paged_list_get_error (list));
}

gboolean
has (WccPagedList *list,
     gint64        id)
{
  return wcc_paged_list_find (list, id, NULL) != NULL;
}

gboolean
tab_loaded (gpointer data)
{
  return wcc_customer_tab_get_customer (WCC_CUSTOMER_TAB (data)) != NULL;
}

WccCustomerTab *
selected_tab (GtkWindow *main_window)
{
  WccCustomerTab *tab = wcc_work_page_get_selected (WCC_WORK_PAGE (child (main_window, "work_page")));

  g_assert_nonnull (tab);
  return tab;
}

void
click (GtkWidget  *root,
       const char *id)
{
  GtkWidget *button = find_by_id (root, id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name,
                 const char *target)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));
      g_autofree char *text = value ? g_variant_print (value, FALSE) : NULL;

      if (target == NULL || g_strcmp0 (text, target) == 0)
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_actionable (c, action_name, target);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
click_action (GtkWidget  *root,
              const char *action_name,
              const char *target)
{
  GtkWidget *widget = find_actionable (root, action_name, target);

  if (widget == NULL)
    g_error ("no visible button for %s %s", action_name, target ? target : "");
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
}

gint64
id_of (JsonObject *object)
{
  return json_object_get_int_member (object, "id");
}

gint64
make_agent_task (WccClient  *admin,
                 WccClient  *agent,
                 const char *name,
                 const char *results_path)
{
  g_autoptr(JsonObject) me = http_json (agent, "GET", "/api/v1/me", NULL, 200);
  g_autoptr(JsonObject) packages = http_json (admin, "GET", "/api/v1/packages", NULL, 200);
  g_autoptr(JsonObject) results = http_json (admin, "GET", results_path, NULL, 200);
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(GString) group_ids = g_string_new (NULL);
  g_autoptr(GString) result_ids = g_string_new (NULL);
  JsonArray *groups = json_object_get_array_member (me, "groups");
  JsonArray *items = json_object_get_array_member (results, "items");
  g_autofree char *body = NULL;

  for (guint i = 0; i < json_array_get_length (groups); i++)
    g_string_append_printf (group_ids, "%s%lld", i ? ", " : "", (long long) id_of (json_array_get_object_element (groups, i)));
  g_assert_cmpuint (group_ids->len, >, 0);
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (result_ids, "%s%lld", i ? ", " : "", (long long) id_of (json_array_get_object_element (items, i)));
  body = g_strdup_printf ("{\"package_id\": %lld, \"name\": \"%s\", \"groups\": [%s], \"call_results\": [%s]}",
                          (long long) id_of (json_array_get_object_element (json_object_get_array_member (packages, "items"), 0)),
                          name, group_ids->str, result_ids->str);
  task = http_json (admin, "POST", "/api/v1/tasks", body, 201);
  return id_of (task);
}

/* ---- a wcc-sim process and its events ---------------------------------------------------- */

struct _WccTestSim {
  GSubprocess      *process;
  GDataInputStream *lines;
  GPtrArray        *events;    /* JsonObject, in order */
  gboolean          eof;
};

static void
on_sim_line (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  WccTestSim *sim = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (line == NULL)
    {
      sim->eof = TRUE;
      return;
    }
  g_test_message ("wcc-sim: %s", line);
  g_printerr ("wcc-sim: %s\n", line);   /* CI prints a failed test's stderr */
  if (*line != '\0' && json_parser_load_from_data (parser, line, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_ptr_array_add (sim->events, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
  g_data_input_stream_read_line_async (sim->lines, G_PRIORITY_DEFAULT, NULL, on_sim_line, sim);
}

WccTestSim *
wcc_test_sim_start (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  WccTestSim *sim = g_new0 (WccTestSim, 1);

  /* Its warnings and its media's milestones (first packet out, in, played) on the test's
   * stderr: what CI shows of a failed test. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "wcc-media-session", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, wcc_test_die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  sim->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  g_data_input_stream_read_line_async (sim->lines, G_PRIORITY_DEFAULT, NULL, on_sim_line, sim);
  return sim;
}

guint
wcc_test_sim_count (WccTestSim *sim,
                    const char *kind)
{
  guint count = 0;

  for (guint i = 0; i < sim->events->len; i++)
    count += g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (sim->events, i), "event", ""),
                        kind) == 0;
  return count;
}

JsonObject *
wcc_test_sim_last (WccTestSim *sim,
                   const char *kind)
{
  for (guint i = sim->events->len; i > 0; i--)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (sim->events, i - 1), "event", ""),
                   kind) == 0)
      return g_ptr_array_index (sim->events, i - 1);
  return NULL;
}

typedef struct {
  WccTestSim *sim;
  const char *kind;
  guint       count;
} SimWanted;

static gboolean
sim_printed (gpointer data)
{
  SimWanted *wanted = data;
  return wcc_test_sim_count (wanted->sim, wanted->kind) >= wanted->count;
}

void
wcc_test_sim_wait (WccTestSim *sim,
                   const char *kind,
                   guint       count,
                   guint       timeout_ms)
{
  SimWanted wanted = { sim, kind, count };
  g_autofree char *what = g_strdup_printf ("wcc-sim printing \"%s\" %u time(s)", kind, count);

  wcc_test_wait_until (sim_printed, &wanted, timeout_ms, what);
}

static gboolean
sim_finished (gpointer data)
{
  return ((WccTestSim *) data)->eof;
}

void
wcc_test_sim_stop (WccTestSim *sim)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  /* its last lines, up to the end of its output: the reader is done with @sim then */
  wait_until (sim_finished, sim, 10000);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
}

void
wcc_test_sim_free (WccTestSim *sim)
{
  g_assert_true (sim->eof);
  g_object_unref (sim->lines);
  g_object_unref (sim->process);
  g_ptr_array_unref (sim->events);
  g_free (sim);
}

/* ---- languages ---------------------------------------------------------------------------- */

GtkWidget *
wcc_test_find_label (GtkWidget  *root,
                     const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = wcc_test_find_label (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_there (gpointer data)
{
  return wcc_test_find_label (data, g_object_get_data (data, "wanted-label")) != NULL;
}

void
wcc_test_wait_for_label_text (GtkWidget  *root,
                              const char *text)
{
  g_test_message ("waiting for a label “%s”", text);
  g_object_set_data_full (G_OBJECT (root), "wanted-label", g_strdup (text), g_free);
  wait_until (label_there, root, 10000);
}

/* The translation of @msgid in po/@lang.po (NULL when it has none). */
char *
wcc_test_po_translation (const char *lang,
                         const char *msgid)
{
  g_autofree char *name = g_strdup_printf ("%s.po", lang);
  g_autofree char *path = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "po", name, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GString) str = g_string_new (NULL);
  GString *field = NULL;
  gboolean context = FALSE;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];
      const char *quoted = NULL;

      /* an entry ends at a line that is none of its fields */
      if (line == NULL || !(g_str_has_prefix (line, "msg") || *line == '"'))
        {
          if (!context && field == str && g_str_equal (id->str, msgid) && str->len > 0)
            return g_strdup (str->str);
          if (line == NULL)
            return NULL;
          field = NULL;
          context = FALSE;
          g_string_truncate (id, 0);
          g_string_truncate (str, 0);
          continue;
        }
      if (g_str_has_prefix (line, "msgctxt "))
        context = TRUE, field = NULL, quoted = line + strlen ("msgctxt ");
      else if (g_str_has_prefix (line, "msgid "))
        field = id, quoted = line + strlen ("msgid ");
      else if (g_str_has_prefix (line, "msgstr "))
        field = str, quoted = line + strlen ("msgstr ");
      else if (*line == '"')
        quoted = line;
      else
        field = NULL;   /* msgid_plural, msgstr[n]: not looked up here */
      if (field != NULL && quoted != NULL && *quoted == '"' && g_str_has_suffix (quoted, "\""))
        {
          g_autofree char *inner = g_strndup (quoted + 1, strlen (quoted) - 2);
          g_autofree char *plain = g_strcompress (inner);

          g_string_append (field, plain);
        }
    }
}

void
wcc_test_assert_shows_translation (GtkWidget  *root,
                                   const char *lang,
                                   const char *msgid)
{
  g_autofree char *translated = wcc_test_po_translation (lang, msgid);

  g_assert_nonnull (translated);
  g_assert_cmpstr (translated, !=, msgid);
  wcc_test_wait_for_label_text (root, translated);
  g_assert_null (wcc_test_find_label (root, msgid));
}

gboolean
wcc_test_use_language (const char *lang,
                       const char *full_locale)
{
  g_autofree char *mo = g_strdup_printf ("%s/po/%s/LC_MESSAGES/%s.mo", g_getenv ("WCC_BUILD_ROOT"), lang, GETTEXT_PACKAGE);
  g_autofree char *probe = NULL;
  g_autofree char *po_dir = g_build_filename (g_getenv ("WCC_BUILD_ROOT"), "po", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("no %s: the translations are not built", mo);
      return FALSE;
    }
  g_setenv ("LANGUAGE", lang, TRUE);
  if (setlocale (LC_ALL, full_locale) == NULL)
    {
      g_test_fail_printf ("the locale %s is missing: run build-aux/wcc-deps", full_locale);
      return FALSE;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_message ("LANGUAGE=%s, locale %s", lang, setlocale (LC_MESSAGES, NULL));
  /* gettext itself gives that language now? */
  probe = wcc_test_po_translation (lang, "Customers");
  if (g_strcmp0 (_("Customers"), probe) != 0)
    {
      g_test_fail_printf ("gettext does not translate into %s in locale %s", lang, setlocale (LC_MESSAGES, NULL));
      return FALSE;
    }
  return TRUE;
}

void
wcc_test_use_default_language (void)
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

/* ---- pages and sections (moved from test-agent-day-ui.c, shared with test-layout-ui.c) ---- */

/* What a click on a stack switcher's button or a row of a list of pages does: @pages
 * (GtkStackPage or AdwViewStackPage items) selects the page of @section. */
void
select_page (GtkSelectionModel *pages,
             GtkWidget         *section)
{
  g_assert_nonnull (section);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      g_autoptr(GtkWidget) shown = NULL;

      g_object_get (page, "child", &shown, NULL);
      if (shown == section)
        {
          gtk_selection_model_select_item (pages, i, TRUE);
          return;
        }
    }
  g_error ("no page for that %s", G_OBJECT_TYPE_NAME (section));
}

/* The customers page's switcher: the section @name shows. */
void
show_customers_section (GtkWidget  *page,
                        const char *name)
{
  GtkStack *stack = GTK_STACK (find_by_id (page, "section_stack"));
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (stack);
  GtkWidget *section = gtk_stack_get_child_by_name (stack, name);

  select_page (pages, section);
  g_assert_true (gtk_stack_get_visible_child (stack) == section);
}

/* A click on the row of section @name in the customer tab's list of sections. */
void
show_tab_section (WccCustomerTab *tab,
                  const char     *name)
{
  GtkListView *list = GTK_LIST_VIEW (find_by_id (GTK_WIDGET (tab), "section_list"));
  GtkWidget *section = wcc_customer_tab_get_section (tab, name);

  select_page (gtk_list_view_get_model (list), section);
  g_assert_true (gtk_widget_get_child_visible (section));
}

gboolean
table_shows_list (gpointer data)
{
  return g_strcmp0 (wcc_record_table_get_state (data), "list") == 0 && list_idle (wcc_record_table_get_list (data));
}

static gboolean
chart_drawn (gpointer data)
{
  return wcc_report_chart_get_n_drawn (data) > 0;
}

void
assert_chart_labels_apart (GtkWidget *chart)
{
  WccReportChart *self = WCC_REPORT_CHART (chart);
  guint n, labelled = 0;
  double last_end = -G_MAXDOUBLE;

  wait_until (chart_drawn, self, 10000);
  n = wcc_report_chart_get_n_drawn (self);
  g_assert_cmpfloat (wcc_report_chart_get_drawn (self, 0)->label_end, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const WccReportChartPoint *point = wcc_report_chart_get_drawn (self, i);

      if (point->label_end == 0)
        continue;
      g_assert_cmpfloat (point->label_start, >=, last_end + 4);
      last_end = point->label_end;
      labelled++;
    }
  g_test_message ("chart: %u of %u points labelled, %d px wide", labelled, n, gtk_widget_get_width (chart));
  g_assert_cmpuint (labelled, >=, MIN (n, 2));
}
