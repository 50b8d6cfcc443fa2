/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-login-window.c: the login window: server, account, password, human verification. */
#define G_LOG_DOMAIN "wcc-login-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-adw-mend.h"
#include "wcc-common.h"
#include "wcc-login-window.h"
#include "wcc-password-store.h"

enum {
  SIGNAL_LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccLoginWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *credentials_group;
  AdwEntryRow          *server_row;
  AdwEntryRow          *account_row;
  AdwEntryRow          *password_row;
  GtkSwitch            *remember_switch;
  GtkRevealer          *challenge_revealer;
  GtkPicture           *challenge_picture;
  AdwEntryRow          *challenge_row;
  GtkSpinner           *spinner;

  /* owned references */
  GSettings            *settings;
  WccClient            *client;
  GCancellable         *cancellable;
  GCancellable         *lookup_cancellable;
  guint                 busy : 1;
  guint                 filling_password : 1;
  guint                 log_in_when_remembered : 1;
};

G_DEFINE_FINAL_TYPE (WccLoginWindow, wcc_login_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_error (WccLoginWindow *self,
            const char     *message,
            GtkWidget      *culprit)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  if (culprit != NULL)
    {
      gtk_widget_add_css_class (culprit, "error");
      gtk_widget_grab_focus (culprit);
    }
}

static void
clear_error (WccLoginWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->account_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->challenge_row), "error");
}

static void
set_busy (WccLoginWindow *self,
          gboolean        busy)
{
  self->busy = !!busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Shown only while it turns: it takes its width from the button's label otherwise. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->credentials_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->challenge_revealer), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", !busy);
}

/* The client is kept between attempts so a pending challenge stays with its server. */
static WccClient *
ensure_client (WccLoginWindow *self,
               const char     *server)
{
  g_autoptr(WccClient) probe = wcc_client_new (server);

  if (self->client == NULL ||
      g_strcmp0 (wcc_client_get_base_url (self->client), wcc_client_get_base_url (probe)) != 0)
    g_set_object (&self->client, probe);
  return self->client;
}

static void
on_challenge_image_loaded (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(WccLoginWindow) self = user_data;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  png = wcc_client_fetch_challenge_image_finish (WCC_CLIENT (source), result, &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message, NULL);
      return;
    }
  gtk_picture_set_paintable (self->challenge_picture, GDK_PAINTABLE (texture));
}

static void
show_challenge (WccLoginWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->challenge_row), "");
  gtk_picture_set_paintable (self->challenge_picture, NULL);
  gtk_revealer_set_reveal_child (self->challenge_revealer, TRUE);
  wcc_client_fetch_challenge_image_async (self->client, NULL, self->cancellable,
                                          on_challenge_image_loaded, g_object_ref (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->challenge_row));
}

static void
on_password_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_password_store_save_finish (result, &error))
    g_warning ("Could not keep the password in the keyring: %s", error->message);
}

static void
on_password_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_password_store_clear_finish (result, &error) && error != NULL)
    g_warning ("Could not remove the password from the keyring: %s", error->message);
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccLoginWindow) self = user_data;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;
  WccClient *client = WCC_CLIENT (source);

  user = wcc_client_login_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (user == NULL)
    {
      g_autofree char *message = NULL;

      if (error->domain != WCC_ERROR)
        message = g_strdup (error->message);
      else
        switch ((WccErrorCode) error->code)
          {
          case WCC_ERROR_INVALID_CREDENTIALS:
            gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
            /* The server asks for a challenge on the next try after repeated failures. */
            if (wcc_client_get_pending_challenge_id (client) != NULL)
              {
                message = g_strdup (_("Wrong account or password. To try again, also type the digits in the picture."));
                show_challenge (self);
              }
            else
              {
                message = g_strdup (_("Wrong account or password."));
                gtk_revealer_set_reveal_child (self->challenge_revealer, FALSE);
              }
            break;
          case WCC_ERROR_CHALLENGE_REQUIRED:
            message = g_strdup (_("Please confirm you are human: type the digits in the picture, then log in again."));
            show_challenge (self);
            break;
          case WCC_ERROR_CHALLENGE_FAILED:
            message = g_strdup (_("The digits did not match the picture. Try this new one."));
            show_challenge (self);
            gtk_widget_add_css_class (GTK_WIDGET (self->challenge_row), "error");
            break;
          case WCC_ERROR_ACCOUNT_LOCKED:
            {
              guint minutes = MAX (1, (wcc_client_get_retry_after (client) + 59) / 60);
              message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "This account is locked after too many failed attempts. Try again in %u minute.",
                                                      "This account is locked after too many failed attempts. Try again in %u minutes.",
                                                      minutes),
                                         minutes);
            }
            break;
          case WCC_ERROR_UNREACHABLE:
            message = g_strdup_printf (_("Cannot reach the server at %s. Check the address and your network connection."),
                                       wcc_client_get_base_url (client));
            gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
            break;
          case WCC_ERROR_TOO_MANY_REQUESTS:
            message = g_strdup (_("Too many attempts. Please wait a moment and try again."));
            break;
          default:
            message = g_strdup (error->message);
            break;
          }
      show_error (self, message, NULL);
      return;
    }

  {
    g_autofree char *server = row_text (self->server_row);
    g_autofree char *account = row_text (self->account_row);
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
    gboolean remember = gtk_switch_get_active (self->remember_switch);

    g_settings_set_string (self->settings, "server-url", server);
    g_settings_set_string (self->settings, "last-account", account);
    g_settings_set_boolean (self->settings, "remember-password", remember);
    if (remember)
      wcc_password_store_save_async (server, account, password, NULL, on_password_saved, NULL);
    else
      wcc_password_store_clear_async (server, account, NULL, on_password_cleared, NULL);
  }

  gtk_revealer_set_reveal_child (self->challenge_revealer, FALSE);
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, client);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccLoginWindow *self = WCC_LOGIN_WINDOW (widget);
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *account = row_text (self->account_row);
  g_autofree char *answer = row_text (self->challenge_row);
  g_autofree char *employee_id = NULL;
  g_autofree char *client_name = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *challenge_id = NULL;
  WccClient *client;

  if (self->busy)
    return;
  clear_error (self);

  if (*server == '\0')
    {
      show_error (self, _("Enter the address of your WCC server."), GTK_WIDGET (self->server_row));
      return;
    }
  if (!wcc_account_parse (account, &employee_id, &client_name, NULL))
    {
      show_error (self, _("The account must look like employee-id@client, for example 1001@demo."),
                  GTK_WIDGET (self->account_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password."), GTK_WIDGET (self->password_row));
      return;
    }

  client = ensure_client (self, server);
  if (gtk_revealer_get_reveal_child (self->challenge_revealer) &&
      wcc_client_get_pending_challenge_id (client) != NULL)
    {
      if (*answer == '\0')
        {
          show_error (self, _("Type the digits you see in the picture."),
                      GTK_WIDGET (self->challenge_row));
          return;
        }
      challenge_id = wcc_client_get_pending_challenge_id (client);
    }

  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_client_login_async (client, account, password,
                          challenge_id, challenge_id ? answer : NULL,
                          self->cancellable, on_login_done, g_object_ref (self));
}

static void
on_new_challenge (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccLoginWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_client_new_challenge_finish (WCC_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message, NULL);
      return;
    }
  wcc_client_fetch_challenge_image_async (self->client, NULL, self->cancellable,
                                          on_challenge_image_loaded, g_object_ref (self));
}

static void
refresh_challenge_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  WccLoginWindow *self = WCC_LOGIN_WINDOW (widget);

  if (self->client == NULL || wcc_client_get_pending_challenge_id (self->client) == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->challenge_row), "");
  wcc_client_new_challenge_async (self->client, self->cancellable,
                                  on_new_challenge, g_object_ref (self));
}

static void
on_password_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccLoginWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = wcc_password_store_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("No keyring to look up a password: %s", error->message);
          self->log_in_when_remembered = FALSE;
        }
      return;
    }
  if (password == NULL)
    {
      self->log_in_when_remembered = FALSE;
      return;
    }
  self->filling_password = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_switch_set_active (self->remember_switch, TRUE);
  self->filling_password = FALSE;

  /* Once only: a refused password stays on screen for the agent to correct. */
  if (self->log_in_when_remembered)
    {
      self->log_in_when_remembered = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
    }
}

/* Offers the remembered password for the server and account now typed in. */
static void
look_up_password (WccLoginWindow *self)
{
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *account = row_text (self->account_row);
  g_autofree char *employee_id = NULL;
  g_autofree char *client_name = NULL;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  if (!g_settings_get_boolean (self->settings, "remember-password") ||
      *server == '\0' ||
      !wcc_account_parse (account, &employee_id, &client_name, NULL))
    return;
  self->lookup_cancellable = g_cancellable_new ();
  wcc_password_store_lookup_async (server, account, self->lookup_cancellable,
                                   on_password_found, g_object_ref (self));
}

static void
on_entry_activated (WccLoginWindow *self,
                    AdwEntryRow    *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
}

static void
on_entry_changed (WccLoginWindow *self,
                  GtkEditable    *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if (self->filling_password)
    return;
  self->log_in_when_remembered = FALSE;
  if ((gpointer) editable != (gpointer) self->password_row &&
      *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    look_up_password (self);
}

static void
on_remember_toggled (WccLoginWindow *self,
                     GParamSpec     *pspec,
                     GtkSwitch      *remember_switch)
{
  g_autofree char *server = NULL;
  g_autofree char *account = NULL;

  if (self->filling_password || gtk_switch_get_active (remember_switch))
    return;
  /* Forgetting is immediate: the stored password goes away with the switch. */
  server = row_text (self->server_row);
  account = row_text (self->account_row);
  g_settings_set_boolean (self->settings, "remember-password", FALSE);
  if (*server != '\0' && *account != '\0')
    wcc_password_store_clear_async (server, account, NULL, on_password_cleared, NULL);
}

static void
wcc_login_window_dispose (GObject *object)
{
  WccLoginWindow *self = WCC_LOGIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_LOGIN_WINDOW);

  G_OBJECT_CLASS (wcc_login_window_parent_class)->dispose (object);
}

static void
wcc_login_window_finalize (GObject *object)
{
  WccLoginWindow *self = WCC_LOGIN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wcc_login_window_parent_class)->finalize (object);
}

static void
wcc_login_window_class_init (WccLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_login_window_dispose;
  object_class->finalize = wcc_login_window_finalize;

  signals[SIGNAL_LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CLIENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, challenge_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, challenge_picture);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, challenge_row);
  gtk_widget_class_bind_template_child (widget_class, WccLoginWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remember_toggled);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "login.refresh-challenge", NULL,
                                   refresh_challenge_action);
}

static void
wcc_login_window_init (WccLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_mend_password_row (ADW_PASSWORD_ENTRY_ROW (self->password_row));
  self->settings = g_settings_new (APP_ID);
}

WccLoginWindow *
wcc_login_window_new (AdwApplication *application,
                      const char     *server_url)
{
  WccLoginWindow *self;
  g_autofree char *server = NULL;
  g_autofree char *account = NULL;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  self = g_object_new (WCC_TYPE_LOGIN_WINDOW, "application", application, NULL);
  server = server_url ? g_strdup (server_url) : g_settings_get_string (self->settings, "server-url");
  account = g_settings_get_string (self->settings, "last-account");

  self->filling_password = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->account_row), account);
  gtk_switch_set_active (self->remember_switch,
                         g_settings_get_boolean (self->settings, "remember-password"));
  self->filling_password = FALSE;
  look_up_password (self);

  gtk_widget_grab_focus (GTK_WIDGET (*account == '\0' ? self->account_row : self->password_row));
  return self;
}

void
wcc_login_window_log_in_when_remembered (WccLoginWindow *self)
{
  g_return_if_fail (WCC_IS_LOGIN_WINDOW (self));

  self->log_in_when_remembered = TRUE;
}

void
wcc_login_window_show_notice (WccLoginWindow *self,
                              const char     *message)
{
  g_return_if_fail (WCC_IS_LOGIN_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_error (self, message, NULL);
}
