/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-application.c: the agent desktop application: login window first, then the main window. */
#define G_LOG_DOMAIN "wcc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "wcc-application.h"
#include "wcc-login-window.h"
#include "wcc-main-window.h"
#include "wcc-reminders.h"
#include "wcc-softphone.h"

/* The desktop notification of a ringing call (one at a time: it names the current one). */
#define CALL_NOTIFICATION_ID "incoming-call"
/* Long enough for the pages' first reads and the softphone's registration. */
#define TRIM_AFTER_LOGIN_SECONDS 5

struct _WccApplication
{
  AdwApplication  parent_instance;

  /* borrowed references: the application's window list owns the windows */
  WccLoginWindow *login_window;
  WccMainWindow  *main_window;

  /* owned references */
  WccSoftphone   *softphone;      /* the logged-in session's, NULL otherwise */
  WccReminders   *reminders;      /* the logged-in session's, NULL otherwise */
  GSettings      *settings;
  GNotification  *call_notification;
  char           *server_url;
  guint           trim_id;        /* the heap is given back once the logged-in window settles */
};

G_DEFINE_FINAL_TYPE (WccApplication, wcc_application, ADW_TYPE_APPLICATION)

static void show_login_window (WccApplication *self);

static void
withdraw_call_notification (WccApplication *self)
{
  if (self->call_notification == NULL)
    return;
  g_application_withdraw_notification (G_APPLICATION (self), CALL_NOTIFICATION_ID);
  g_clear_object (&self->call_notification);
}

static void
on_ringing_call_state (WccApplication *self,
                       GParamSpec     *pspec,
                       WccCall        *call)
{
  if (wcc_call_get_state (call) != WCC_CALL_INCOMING)
    {
      g_signal_handlers_disconnect_by_data (call, self);
      withdraw_call_notification (self);
    }
}

/* A notification with Answer / Decline: the desktop shows it without taking the keyboard
 * focus from what the agent is typing. */
static void
send_call_notification (WccApplication *self,
                        WccCall        *call)
{
  const WccCaller *caller = wcc_softphone_get_caller (self->softphone, call);
  const char *number = wcc_call_get_remote_number (call);
  g_autofree char *body = NULL;
  g_autoptr(GNotification) notification = NULL;

  if (wcc_call_get_state (call) != WCC_CALL_INCOMING)
    return;
  if (caller != NULL && caller->label != NULL && *caller->label != '\0')
    /* TRANSLATORS: the customer's name (or company), then the number calling. */
    body = g_strdup_printf (_("%s (%s)"), caller->label, number);
  else
    body = g_strdup (number);
  notification = g_notification_new (_("Incoming Call"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_category (notification, "call.incoming");
  g_notification_set_default_action (notification, "app.show-phone");
  g_notification_add_button (notification, _("Decline"), "app.decline-call");
  g_notification_add_button (notification, _("Answer"), "app.answer-call");
  g_application_send_notification (G_APPLICATION (self), CALL_NOTIFICATION_ID, notification);
  g_set_object (&self->call_notification, notification);
}

static void
on_incoming_call (WccApplication *self,
                  WccCall        *call,
                  WccSoftphone   *softphone)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_ringing_call_state), self, G_CONNECT_SWAPPED);
  send_call_notification (self, call);
}

static void
on_caller_changed (WccApplication *self,
                   WccCall        *call,
                   WccSoftphone   *softphone)
{
  /* The customer's name arrived after the first notification: say who it is. */
  if (self->call_notification != NULL && call == wcc_softphone_get_ringing_call (softphone))
    send_call_notification (self, call);
}

static void
on_softphone_shut_down (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WccApplication) self = user_data;
  gboolean quit = GPOINTER_TO_INT (g_object_steal_data (source, "quit-after"));

  wcc_softphone_shutdown_finish (WCC_SOFTPHONE (source), result, NULL);
  g_object_unref (source);
  g_application_release (G_APPLICATION (self));
  if (quit)
    g_application_quit (G_APPLICATION (self));
}

/* Hangs up and un-registers the session's softphone; the application stays until the
 * registrar has answered (or a short timeout), then quits when @quit. */
static gboolean
end_softphone (WccApplication *self,
               gboolean        quit)
{
  WccSoftphone *softphone = g_steal_pointer (&self->softphone);

  if (softphone == NULL)
    return FALSE;
  withdraw_call_notification (self);
  g_signal_handlers_disconnect_by_data (softphone, self);
  if (self->main_window != NULL)
    wcc_main_window_set_softphone (self->main_window, NULL);
  g_object_set_data (G_OBJECT (softphone), "quit-after", GINT_TO_POINTER (quit));
  g_application_hold (G_APPLICATION (self));
  wcc_softphone_shutdown_async (softphone, on_softphone_shut_down, g_object_ref (self));
  return TRUE;
}

static void
on_main_window_destroyed (WccApplication *self,
                          WccMainWindow  *window)
{
  end_softphone (self, FALSE);
  g_clear_object (&self->reminders);
}

static void
on_logged_out (WccApplication *self,
               WccMainWindow  *window)
{
  end_softphone (self, FALSE);
  g_clear_object (&self->reminders);
  show_login_window (self);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_session_ended (WccApplication *self,
                  WccMainWindow  *window)
{
  end_softphone (self, FALSE);
  g_clear_object (&self->reminders);
  show_login_window (self);
  wcc_login_window_show_notice (self->login_window,
                                _("Your session has ended, for example because you logged out on another computer. Please log in again."));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Building the window, reading its pages and starting the session leave megabytes of
 * freed heap (template parsing, first pages of JSON) that malloc keeps for later: an app
 * that then sits open all day gives it back to the system once. */
static gboolean
trim_heap (gpointer user_data)
{
  WccApplication *self = user_data;

  self->trim_id = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
on_logged_in (WccApplication *self,
              WccClient      *client,
              WccLoginWindow *login_window)
{
  self->main_window = wcc_main_window_new (ADW_APPLICATION (self), client);
  g_object_add_weak_pointer (G_OBJECT (self->main_window), (gpointer *) &self->main_window);
  g_signal_connect_object (self->main_window, "logged-out", G_CALLBACK (on_logged_out),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->main_window, "session-ended", G_CALLBACK (on_session_ended),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->main_window, "destroy", G_CALLBACK (on_main_window_destroyed),
                           self, G_CONNECT_SWAPPED);

  /* Agents take calls on the built-in softphone, registered with this session's account. */
  if (wcc_user_has_role (wcc_client_get_user (client), WCC_ROLE_AGENT))
    {
      self->softphone = wcc_softphone_new (wcc_main_window_get_session (self->main_window));
      g_signal_connect_object (self->softphone, "incoming-call", G_CALLBACK (on_incoming_call),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->softphone, "caller-changed", G_CALLBACK (on_caller_changed),
                               self, G_CONNECT_SWAPPED);
      wcc_main_window_set_softphone (self->main_window, self->softphone);
    }
  /* D3: reminders of the session's appointments, whatever page or tab is open. */
  self->reminders = wcc_reminders_new (wcc_main_window_get_session (self->main_window), G_APPLICATION (self));
  g_settings_bind (self->settings, "reminder-lead-minutes", self->reminders, "lead-minutes", G_SETTINGS_BIND_GET);
  wcc_reminders_reload (self->reminders);
  gtk_window_present (GTK_WINDOW (self->main_window));
  gtk_window_destroy (GTK_WINDOW (login_window));
  g_clear_handle_id (&self->trim_id, g_source_remove);
  self->trim_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, TRIM_AFTER_LOGIN_SECONDS, trim_heap, self, NULL);
}

static void
show_login_window (WccApplication *self)
{
  if (self->login_window == NULL)
    {
      self->login_window = wcc_login_window_new (ADW_APPLICATION (self), self->server_url);
      g_object_add_weak_pointer (G_OBJECT (self->login_window), (gpointer *) &self->login_window);
      g_signal_connect_object (self->login_window, "logged-in", G_CALLBACK (on_logged_in),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->login_window));
}

static void
quit_now (gpointer user_data)
{
  if (!end_softphone (WCC_APPLICATION (user_data), TRUE))
    g_application_quit (G_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  WccApplication *self = user_data;

  /* Quitting closes the customers' tabs: asks first when they would lose work. */
  if (self->main_window == NULL ||
      !wcc_main_window_ask_discard (self->main_window, _("Quit and Discard Changes?"), _("_Discard and Quit"),
                                    quit_now, self))
    quit_now (self);
}

/* Call actions of the application: shortcuts and the notification's buttons use them. */
static void
answer_call_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->softphone != NULL)
    wcc_softphone_answer (self->softphone, NULL);
}

static void
decline_call_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->softphone != NULL)
    wcc_softphone_decline (self->softphone);
}

static void
hang_up_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->softphone == NULL)
    return;
  if (wcc_softphone_get_ringing_call (self->softphone) != NULL)
    wcc_softphone_decline (self->softphone);
  else
    wcc_softphone_hang_up (self->softphone);
}

static void
toggle_hold_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->softphone != NULL)
    wcc_softphone_toggle_hold (self->softphone, NULL);
}

static void
toggle_mute_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->softphone != NULL)
    wcc_softphone_toggle_mute (self->softphone);
}

static void
show_phone_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->main_window == NULL)
    return;
  wcc_main_window_show_softphone (self->main_window);
  gtk_window_present (GTK_WINDOW (self->main_window));
}

/* A reminder's notification: the customer's tab in the main window (win.open-customer). */
static void
open_customer_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  WccApplication *self = user_data;

  if (self->main_window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (self->main_window));
  if (!gtk_widget_activate_action (GTK_WIDGET (self->main_window), "win.open-customer", "x",
                                   g_variant_get_int64 (parameter)))
    g_warning ("No win.open-customer action to open customer %lld", (long long) g_variant_get_int64 (parameter));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The WCC Desktop developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("WCC Agent"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Call centre desktop for agents and team leaders"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "answer-call", .activate = answer_call_action },
  { .name = "decline-call", .activate = decline_call_action },
  { .name = "hang-up", .activate = hang_up_action },
  { .name = "toggle-hold", .activate = toggle_hold_action },
  { .name = "toggle-mute", .activate = toggle_mute_action },
  { .name = "show-phone", .activate = show_phone_action },
  { .name = "open-customer", .activate = open_customer_action, .parameter_type = "x" },
};

/* Keyboard-first call handling; the shortcuts window (gtk/help-overlay.ui) lists them. */
static const struct {
  const char *action;
  const char *accels[2];
} call_accels[] = {
  { "app.answer-call", { "<Control><Shift>a", NULL } },
  { "app.hang-up", { "<Control><Shift>e", NULL } },
  { "app.toggle-hold", { "<Control><Shift>h", NULL } },
  { "app.toggle-mute", { "<Control><Shift>m", NULL } },
};

static int
wcc_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  WccApplication *self = WCC_APPLICATION (application);
  const char *server_url = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("wcc-agent %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "server", "&s", &server_url))
    wcc_application_set_server_url (self, server_url);
  return -1;
}

static void
wcc_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  /* GtkApplication's own for its help overlay, which the main window now builds itself */
  static const char *shortcuts_accels[] = { "<Control>F1", "<Control>question", NULL };

  /* A desktop app with nowhere to show itself: say so and stop, instead of going on
   * without a display (GTK would only complain about each thing it cannot do). */
  if (!gtk_init_check () || gdk_display_get_default () == NULL)
    {
      g_printerr ("wcc-agent: %s\n",
                  _("cannot open the display (neither WAYLAND_DISPLAY nor DISPLAY names one that answers)"));
      exit (1);
    }
  G_APPLICATION_CLASS (wcc_application_parent_class)->startup (application);
  WCC_APPLICATION (application)->settings = g_settings_new (APP_ID);
  /* A label one can copy from (an employee ID, a number) takes the keyboard focus when its
   * page comes back; GTK then selects all of it, and the page shows it highlighted. */
  g_object_set (gtk_settings_get_default (), "gtk-label-select-on-focus", FALSE, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-shortcuts", shortcuts_accels);
  for (guint i = 0; i < G_N_ELEMENTS (call_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), call_accels[i].action,
                                           call_accels[i].accels);
}

static void
wcc_application_activate (GApplication *application)
{
  WccApplication *self = WCC_APPLICATION (application);

  if (self->main_window != NULL)
    gtk_window_present (GTK_WINDOW (self->main_window));
  else if (self->login_window == NULL)
    {
      /* Starting with a remembered password logs in at once, as "remember" promises; the
       * window after logging out waits for the agent instead. */
      show_login_window (self);
      wcc_login_window_log_in_when_remembered (self->login_window);
    }
  else
    show_login_window (self);
}

/* tel: and sip: links (the desktop file makes this the handler) reach the running
 * instance here: the softphone shows the number and asks before calling. One link at a
 * time: a desktop hands over one per click. */
static void
wcc_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  WccApplication *self = WCC_APPLICATION (application);
  g_autofree char *uri = n_files > 0 ? g_file_get_uri (files[0]) : NULL;
  GtkWindow *window;
  AdwMessageDialog *dialog;

  g_application_activate (application);
  if (uri == NULL)
    return;
  if (self->main_window != NULL && self->softphone != NULL)
    {
      wcc_main_window_offer_dial_link (self->main_window, uri);
      return;
    }
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Log In to Call"),
                                                       _("Calls go through the softphone of an agent who is logged in. Log in, then open the link again.")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
wcc_application_finalize (GObject *object)
{
  WccApplication *self = WCC_APPLICATION (object);

  g_clear_handle_id (&self->trim_id, g_source_remove);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_object (&self->softphone);
  g_clear_object (&self->reminders);
  g_clear_object (&self->settings);
  g_clear_object (&self->call_notification);

  G_OBJECT_CLASS (wcc_application_parent_class)->finalize (object);
}

static void
wcc_application_class_init (WccApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = wcc_application_finalize;
  app_class->handle_local_options = wcc_application_handle_local_options;
  app_class->startup = wcc_application_startup;
  app_class->activate = wcc_application_activate;
  app_class->open = wcc_application_open;
}

static void
wcc_application_init (WccApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Server address to log in to"), N_("URL") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

WccApplication *
wcc_application_new (void)
{
  return g_object_new (WCC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

GtkWindow *
wcc_application_get_login_window (WccApplication *self)
{
  g_return_val_if_fail (WCC_IS_APPLICATION (self), NULL);
  return self->login_window ? GTK_WINDOW (self->login_window) : NULL;
}

GtkWindow *
wcc_application_get_main_window (WccApplication *self)
{
  g_return_val_if_fail (WCC_IS_APPLICATION (self), NULL);
  return self->main_window ? GTK_WINDOW (self->main_window) : NULL;
}

void
wcc_application_set_server_url (WccApplication *self,
                                const char     *server_url)
{
  g_return_if_fail (WCC_IS_APPLICATION (self));

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
}

WccSoftphone *
wcc_application_get_softphone (WccApplication *self)
{
  g_return_val_if_fail (WCC_IS_APPLICATION (self), NULL);
  return self->softphone;
}

WccReminders *
wcc_application_get_reminders (WccApplication *self)
{
  g_return_val_if_fail (WCC_IS_APPLICATION (self), NULL);
  return self->reminders;
}

GNotification *
wcc_application_get_call_notification (WccApplication *self)
{
  g_return_val_if_fail (WCC_IS_APPLICATION (self), NULL);
  return self->call_notification;
}
