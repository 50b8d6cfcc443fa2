/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-profile-page.c: personal information: picture, names, employee ID, web password (D7). */
#define G_LOG_DOMAIN "wcc-profile-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-adw-mend.h"
#include "wcc-camera-window.h"
#include "wcc-gstreamer.h"
#include "wcc-common.h"
#include "wcc-jpeg.h"
#include "wcc-profile-page.h"

#define MIN_PASSWORD_LENGTH 8

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_AVATAR_IMAGE,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccProfilePage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkWidget            *avatar_box;
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *account_label;
  AdwEntryRow          *surname_row;
  AdwEntryRow          *given_name_row;
  AdwActionRow         *employee_id_row;
  AdwActionRow         *client_row;
  AdwEntryRow          *current_password_row;
  AdwEntryRow          *new_password_row;
  AdwEntryRow          *confirm_password_row;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkWidget            *take_photo_button;

  /* owned references */
  WccClient            *client;
  WccUser              *user;
  GdkPaintable         *avatar_image;
  GtkFileChooserNative *chooser;
  WccCamera            *camera;
  WccCameraWindow      *camera_window;
  GCancellable         *cancellable;
  GBytes               *uploading;
  /* The names last shown: a row still showing them has no edit of the user's. */
  char                 *shown_surname;
  char                 *shown_given_name;
  guint                 saving : 1;
};

G_DEFINE_FINAL_TYPE (WccProfilePage, wcc_profile_page, ADW_TYPE_BIN)

static void
show_error (WccProfilePage *self,
            const char     *message,
            GtkWidget      *culprit)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  if (culprit != NULL)
    gtk_widget_add_css_class (culprit, "error");
}

static void
clear_error (WccProfilePage *self)
{
  show_error (self, NULL, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->surname_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->given_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->current_password_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->new_password_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_password_row), "error");
}

static void
toast (WccProfilePage *self,
       const char     *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
set_avatar_image (WccProfilePage *self,
                  GdkPaintable   *image)
{
  if (!g_set_object (&self->avatar_image, image))
    return;
  adw_avatar_set_custom_image (self->avatar, image);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR_IMAGE]);
}

static void
sync_row (AdwEntryRow  *row,
          char        **shown,
          const char   *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (g_strcmp0 (text, *shown ? *shown : "") == 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_free (*shown);
  *shown = g_strdup (value);
}

static void
refresh_from_user (WccProfilePage *self)
{
  const char *client_name;
  g_autofree char *client_text = NULL;

  if (self->user == NULL)
    return;
  gtk_label_set_text (self->name_label, wcc_user_get_display_name (self->user));
  gtk_label_set_text (self->account_label, wcc_user_get_account (self->user));
  adw_avatar_set_text (self->avatar, wcc_user_get_display_name (self->user));
  adw_action_row_set_subtitle (self->employee_id_row, wcc_user_get_employee_id (self->user));
  client_name = wcc_user_get_client_name (self->user);
  client_text = client_name ? g_strdup_printf ("%s (%s)", client_name, wcc_user_get_client (self->user))
                            : g_strdup (wcc_user_get_client (self->user));
  adw_action_row_set_subtitle (self->client_row, client_text);
  sync_row (self->surname_row, &self->shown_surname, wcc_user_get_surname (self->user));
  sync_row (self->given_name_row, &self->shown_given_name, wcc_user_get_given_name (self->user));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.remove-avatar",
                                 wcc_user_get_avatar_url (self->user) != NULL);
}

static void
on_user_notify (WccProfilePage *self,
                GParamSpec     *pspec,
                WccUser        *user)
{
  refresh_from_user (self);
}

static void
set_saving (WccProfilePage *self,
            gboolean        saving)
{
  self->saving = !!saving;
  gtk_spinner_set_spinning (self->spinner, saving);
  /* Shown only while it turns: it takes its width from the button's label otherwise. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", !saving);
}

static void
on_update_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gboolean password_changed;

  user = wcc_client_update_me_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_saving (self, FALSE);
  if (user == NULL)
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_WRONG_PASSWORD))
        show_error (self, _("The current password is wrong."),
                    GTK_WIDGET (self->current_password_row));
      else
        show_error (self, error->message, NULL);
      return;
    }

  password_changed = *gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)) != '\0';
  gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_password_row), "");
  toast (self, password_changed ? _("Profile and password saved") : _("Profile saved"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (widget);
  g_autofree char *surname = NULL;
  g_autofree char *given_name = NULL;
  const char *current, *new_password, *confirm;
  const char *send_surname = NULL, *send_given_name = NULL, *send_password = NULL;

  if (self->saving || self->client == NULL || self->user == NULL)
    return;
  clear_error (self);

  surname = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->surname_row))));
  given_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->given_name_row))));
  current = gtk_editable_get_text (GTK_EDITABLE (self->current_password_row));
  new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_password_row));

  if (*surname == '\0' || *given_name == '\0')
    {
      show_error (self, _("Surname and given name cannot be empty."),
                  GTK_WIDGET (*surname == '\0' ? self->surname_row : self->given_name_row));
      return;
    }
  if (g_strcmp0 (surname, wcc_user_get_surname (self->user)) != 0)
    send_surname = surname;
  if (g_strcmp0 (given_name, wcc_user_get_given_name (self->user)) != 0)
    send_given_name = given_name;

  if (*current != '\0' || *new_password != '\0' || *confirm != '\0')
    {
      if (g_strcmp0 (new_password, confirm) != 0)
        {
          show_error (self, _("The new passwords do not match."),
                      GTK_WIDGET (self->confirm_password_row));
          return;
        }
      if (g_utf8_strlen (new_password, -1) < MIN_PASSWORD_LENGTH)
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The new password needs at least %d character.",
                                          "The new password needs at least %d characters.",
                                          MIN_PASSWORD_LENGTH),
                             MIN_PASSWORD_LENGTH);
          show_error (self, message, GTK_WIDGET (self->new_password_row));
          return;
        }
      if (*current == '\0')
        {
          show_error (self, _("Enter your current password to change it."),
                      GTK_WIDGET (self->current_password_row));
          return;
        }
      send_password = new_password;
    }

  if (send_surname == NULL && send_given_name == NULL && send_password == NULL)
    {
      toast (self, _("Nothing to save"));
      return;
    }

  set_saving (self, TRUE);
  wcc_client_update_me_async (self->client, send_surname, send_given_name,
                              send_password, send_password ? current : NULL,
                              self->cancellable, on_update_done, g_object_ref (self));
}

static void
on_password_changed (WccProfilePage *self,
                     GtkEditable    *editable)
{
  const char *new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_password_row));

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  /* A mismatch shows as soon as the confirmation is as long as the new password. */
  if (*confirm != '\0' && strlen (confirm) >= strlen (new_password) &&
      g_strcmp0 (new_password, confirm) != 0)
    show_error (self, _("The new passwords do not match."), GTK_WIDGET (self->confirm_password_row));
  else if (gtk_revealer_get_reveal_child (self->error_revealer))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_password_row), "error");
      show_error (self, NULL, NULL);
    }
}

static void
on_entry_activated (WccProfilePage *self,
                    AdwEntryRow    *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "profile.save", NULL);
}

static void
on_avatar_uploaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(GBytes) jpeg = g_steal_pointer (&self->uploading);
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  user = wcc_client_set_avatar_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (user == NULL)
    {
      show_error (self, error->message, NULL);
      return;
    }
  /* Shown at once from the bytes we sent; the window reloads it from the server too. */
  texture = gdk_texture_new_from_bytes (jpeg, NULL);
  if (texture != NULL)
    set_avatar_image (self, GDK_PAINTABLE (texture));
  toast (self, _("Picture updated"));
}

/* The one way a picture goes to the server, chosen, dropped or taken with the camera:
 * checked here (at most 1 MB, a JPEG), then uploaded; @name tells the user which. */
static void
upload_avatar (WccProfilePage *self,
               GBytes         *jpeg,
               const char     *name)
{
  gsize length = g_bytes_get_size (jpeg);

  if (self->client == NULL)
    return;
  clear_error (self);
  if (length > WCC_AVATAR_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *message =
        g_strdup_printf (_("“%s” is %s: the picture may be at most 1 MB."), name, size);
      show_error (self, message, NULL);
      return;
    }
  if (!wcc_jpeg_check_avatar (jpeg, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a JPEG picture."), name);
      show_error (self, message, NULL);
      return;
    }
  g_clear_pointer (&self->uploading, g_bytes_unref);
  self->uploading = g_bytes_ref (jpeg);
  wcc_client_set_avatar_async (self->client, jpeg, self->cancellable,
                               on_avatar_uploaded, g_object_ref (self));
}

static void
on_avatar_file_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message, NULL);
      return;
    }
  jpeg = g_bytes_new_take (contents, length);
  upload_avatar (self, jpeg, name);
}

static void
on_avatar_file_info (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message, NULL);
      return;
    }
  /* Refused before reading: a huge file never gets loaded into memory. */
  if (g_file_info_get_size (info) > WCC_AVATAR_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *message =
        g_strdup_printf (_("“%s” is %s: the picture may be at most 1 MB."),
                         g_file_info_get_display_name (info), size);
      show_error (self, message, NULL);
      return;
    }
  g_file_load_contents_async (G_FILE (source), self->cancellable,
                              on_avatar_file_loaded, g_object_ref (self));
}

static void
on_chooser_response (WccProfilePage       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    wcc_profile_page_set_avatar_from_file (self, file);
  g_clear_object (&self->chooser);
}

static void
choose_avatar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("JPEG Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Picture"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the camera (D7) --------------------------------------------------------------------- */

static void
sync_camera (WccProfilePage *self)
{
  gboolean available = self->camera != NULL && wcc_camera_get_available (self->camera);
  const char *tooltip;

  if (self->camera == NULL)
    tooltip = _("Looking for a camera…");
  else if (available)
    tooltip = _("Take a picture with your camera");
  else
    tooltip = _("No camera was found");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.take-photo", available);
  gtk_widget_set_tooltip_text (self->take_photo_button, tooltip);
}

static void
on_camera_available (WccProfilePage *self,
                     GParamSpec     *pspec,
                     WccCamera      *camera)
{
  sync_camera (self);
}

static void
on_gstreamer_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_gstreamer_init_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("No camera: GStreamer cannot start: %s", error->message);
          gtk_widget_set_tooltip_text (self->take_photo_button, error->message);
        }
      return;
    }
  /* Cameras plugged in or out later enable or disable Take a Photo. */
  self->camera = wcc_camera_new ();
  g_signal_connect_object (self->camera, "notify::available", G_CALLBACK (on_camera_available),
                           self, G_CONNECT_SWAPPED);
  sync_camera (self);
}

/* Not at startup: looking for cameras needs GStreamer (its registry is megabytes) and a
 * device watch, which an agent who never opens this page does not need. */
static void
on_first_map (WccProfilePage *self)
{
  g_signal_handlers_disconnect_by_func (self, on_first_map, NULL);
  wcc_gstreamer_init_async (self->cancellable, on_gstreamer_ready, g_object_ref (self));
}

static void
on_photo_chosen (WccProfilePage  *self,
                 GBytes          *jpeg,
                 WccCameraWindow *window)
{
  /* TRANSLATORS: names the picture taken with the camera in messages about it */
  upload_avatar (self, jpeg, _("Photo"));
}

static void
on_camera_window_destroyed (WccProfilePage *self,
                            GtkWidget      *window)
{
  self->camera_window = NULL;
}

static void
take_photo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->camera_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->camera_window));
      return;
    }
  clear_error (self);
  self->camera_window = wcc_camera_window_new (self->camera);
  gtk_window_set_transient_for (GTK_WINDOW (self->camera_window),
                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (self->camera_window, "photo-chosen", G_CALLBACK (on_photo_chosen),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera_window, "destroy", G_CALLBACK (on_camera_window_destroyed),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->camera_window));
}

static void
on_avatar_removed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccProfilePage) self = user_data;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = wcc_client_delete_avatar_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (user == NULL)
    {
      show_error (self, error->message, NULL);
      return;
    }
  set_avatar_image (self, NULL);
  toast (self, _("Picture removed"));
}

static void
remove_avatar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (widget);

  if (self->client == NULL)
    return;
  clear_error (self);
  wcc_client_delete_avatar_async (self->client, self->cancellable,
                                  on_avatar_removed, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         WccProfilePage *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      file = files ? files->data : NULL;
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  wcc_profile_page_set_avatar_from_file (self, file);
  return TRUE;
}

static void
wcc_profile_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_AVATAR_IMAGE: g_value_set_object (value, self->avatar_image); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_profile_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT: wcc_profile_page_set_client (self, g_value_get_object (value)); break;
    case PROP_AVATAR_IMAGE: set_avatar_image (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_profile_page_dispose (GObject *object)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->camera_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->camera_window));
  g_clear_object (&self->camera);
  /* The bin's child comes from the template: detach it through AdwBin first so the bin
   * does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_PROFILE_PAGE);
  g_clear_object (&self->avatar_image);
  g_clear_object (&self->user);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_profile_page_parent_class)->dispose (object);
}

static void
wcc_profile_page_finalize (GObject *object)
{
  WccProfilePage *self = WCC_PROFILE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->uploading, g_bytes_unref);
  g_clear_pointer (&self->shown_surname, g_free);
  g_clear_pointer (&self->shown_given_name, g_free);

  G_OBJECT_CLASS (wcc_profile_page_parent_class)->finalize (object);
}

static void
wcc_profile_page_class_init (WccProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wcc_profile_page_get_property;
  object_class->set_property = wcc_profile_page_set_property;
  object_class->dispose = wcc_profile_page_dispose;
  object_class->finalize = wcc_profile_page_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, WCC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_IMAGE] =
    g_param_spec_object ("avatar-image", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-profile-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, avatar_box);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, avatar);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, account_label);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, surname_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, employee_id_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, client_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, confirm_password_row);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WccProfilePage, take_photo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile.choose-avatar", NULL, choose_avatar_action);
  gtk_widget_class_install_action (widget_class, "profile.remove-avatar", NULL, remove_avatar_action);
  gtk_widget_class_install_action (widget_class, "profile.take-photo", NULL, take_photo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "profile.save", NULL);
}

static void
wcc_profile_page_init (WccProfilePage *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_mend_password_row (ADW_PASSWORD_ENTRY_ROW (self->current_password_row));
  wcc_mend_password_row (ADW_PASSWORD_ENTRY_ROW (self->new_password_row));
  wcc_mend_password_row (ADW_PASSWORD_ENTRY_ROW (self->confirm_password_row));
  self->cancellable = g_cancellable_new ();

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (self->avatar_box, GTK_EVENT_CONTROLLER (target));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.remove-avatar", FALSE);
  /* The camera is looked for when the page is first shown (on_first_map). */
  g_signal_connect (self, "map", G_CALLBACK (on_first_map), NULL);
  sync_camera (self);
}

void
wcc_profile_page_set_client (WccProfilePage *self,
                             WccClient      *client)
{
  g_return_if_fail (WCC_IS_PROFILE_PAGE (self));
  g_return_if_fail (client == NULL || WCC_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  if (self->user != NULL)
    g_signal_handlers_disconnect_by_data (self->user, self);
  g_clear_object (&self->user);
  if (client != NULL && wcc_client_get_user (client) != NULL)
    {
      self->user = g_object_ref (wcc_client_get_user (client));
      g_signal_connect_object (self->user, "notify", G_CALLBACK (on_user_notify),
                               self, G_CONNECT_SWAPPED);
    }
  refresh_from_user (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

void
wcc_profile_page_set_avatar_from_file (WccProfilePage *self,
                                       GFile          *file)
{
  g_return_if_fail (WCC_IS_PROFILE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->client == NULL)
    return;
  clear_error (self);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           on_avatar_file_info, g_object_ref (self));
}
