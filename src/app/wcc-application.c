/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-application.c: the agent desktop application: login window first, then the main window. */
#define G_LOG_DOMAIN "wcc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-application.h"
#include "wcc-login-window.h"
#include "wcc-main-window.h"

struct _WccApplication
{
  AdwApplication  parent_instance;

  /* borrowed references: the application's window list owns the windows */
  WccLoginWindow *login_window;
  WccMainWindow  *main_window;

  char           *server_url;
};

G_DEFINE_FINAL_TYPE (WccApplication, wcc_application, ADW_TYPE_APPLICATION)

static void show_login_window (WccApplication *self);

static void
on_logged_out (WccApplication *self,
               WccMainWindow  *window)
{
  show_login_window (self);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_session_ended (WccApplication *self,
                  WccMainWindow  *window)
{
  show_login_window (self);
  wcc_login_window_show_notice (self->login_window,
                                _("Your session has ended, for example because you logged out on another computer. Please log in again."));
  gtk_window_destroy (GTK_WINDOW (window));
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
  gtk_window_present (GTK_WINDOW (self->main_window));
  gtk_window_destroy (GTK_WINDOW (login_window));
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
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
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

  G_APPLICATION_CLASS (wcc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
wcc_application_activate (GApplication *application)
{
  WccApplication *self = WCC_APPLICATION (application);

  if (self->main_window != NULL)
    gtk_window_present (GTK_WINDOW (self->main_window));
  else
    show_login_window (self);
}

/* tel: and sip: links bring the agent desktop to the front; dialling them comes with the
 * softphone. */
static void
wcc_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  g_application_activate (application);
}

static void
wcc_application_finalize (GObject *object)
{
  WccApplication *self = WCC_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);

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
