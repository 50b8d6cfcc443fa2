/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-camera-window.c: taking the avatar with the webcam (D7): live preview, Take Photo,
 * then Use Photo or Retake. */
#define G_LOG_DOMAIN "wcc-camera-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-camera-window.h"

enum {
  SIGNAL_PHOTO_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccCameraWindow
{
  AdwWindow     parent_instance;

  /* template widgets */
  GtkStack     *stack;
  GtkSpinner   *spinner;
  AdwStatusPage *error_page;
  GtkPicture   *picture;
  GtkLabel     *hint_label;
  GtkWidget    *take_button;
  GtkWidget    *retake_button;
  GtkWidget    *use_button;

  /* owned references */
  WccCamera    *camera;
  GCancellable *cancellable;
  GBytes       *photo;       /* taken, not yet used */
  gboolean      taking;
};

G_DEFINE_FINAL_TYPE (WccCameraWindow, wcc_camera_window, ADW_TYPE_WINDOW)

static void
sync_actions (WccCameraWindow *self)
{
  gboolean live = wcc_camera_get_running (self->camera);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.take", live && self->photo == NULL && !self->taking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.retake", self->photo != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.use", self->photo != NULL);
  gtk_widget_set_visible (self->take_button, self->photo == NULL);
  gtk_widget_set_visible (self->retake_button, self->photo != NULL);
  gtk_label_set_text (self->hint_label,
                      self->photo != NULL ? _("Use this photo as your picture, or take another one.")
                                          : _("Your picture is the square shown here."));
}

static void
show_error (WccCameraWindow *self,
            const char      *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
  sync_actions (self);
}

static void
on_frame (WccCameraWindow *self,
          WccCamera       *camera)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;
  gsize stride;

  if (self->photo != NULL || self->taking)
    return;   /* the photo taken stays on screen */
  pixels = wcc_camera_get_frame (camera, &width, &height, &stride);
  if (pixels == NULL)
    return;
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, pixels, stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

static void
on_failed (WccCameraWindow *self,
           GError          *error,
           WccCamera       *camera)
{
  show_error (self, error->message);
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WccCameraWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_camera_start_finish (WCC_CAMERA (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  sync_actions (self);
  gtk_widget_grab_focus (self->take_button);
}

static void
start_camera (WccCameraWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, "starting");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  wcc_camera_start_async (self->camera, self->cancellable, on_started, g_object_ref (self));
  sync_actions (self);
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WccCameraWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = wcc_camera_snapshot_finish (WCC_CAMERA (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->taking = FALSE;
  if (jpeg == NULL)
    {
      show_error (self, error->message);
      return;
    }
  /* What is shown is what will be sent: the JPEG itself, square. */
  texture = gdk_texture_new_from_bytes (jpeg, &error);
  if (texture == NULL)
    {
      show_error (self, error->message);
      return;
    }
  self->photo = g_bytes_ref (jpeg);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  sync_actions (self);
  gtk_widget_grab_focus (self->use_button);
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (widget);

  if (self->taking || self->photo != NULL)
    return;
  self->taking = TRUE;
  sync_actions (self);
  wcc_camera_snapshot_async (self->camera, self->cancellable, on_snapshot, g_object_ref (self));
}

static void
retake_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (widget);

  g_clear_pointer (&self->photo, g_bytes_unref);
  sync_actions (self);
  gtk_widget_grab_focus (self->take_button);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (widget);

  g_clear_pointer (&self->photo, g_bytes_unref);
  start_camera (self);
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (widget);
  g_autoptr(GBytes) photo = g_steal_pointer (&self->photo);

  if (photo == NULL)
    return;
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_PHOTO_CHOSEN], 0, photo);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static gboolean
wcc_camera_window_close_request (GtkWindow *window)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (window);

  /* The camera's light goes off as soon as the window does. */
  g_cancellable_cancel (self->cancellable);
  if (self->camera != NULL)
    wcc_camera_stop (self->camera);
  return GTK_WINDOW_CLASS (wcc_camera_window_parent_class)->close_request (window);
}

static void
wcc_camera_window_dispose (GObject *object)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->camera != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera, self);
      wcc_camera_stop (self->camera);
    }
  g_clear_object (&self->camera);
  g_clear_pointer (&self->photo, g_bytes_unref);

  G_OBJECT_CLASS (wcc_camera_window_parent_class)->dispose (object);
}

static void
wcc_camera_window_finalize (GObject *object)
{
  WccCameraWindow *self = WCC_CAMERA_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_camera_window_parent_class)->finalize (object);
}

static void
wcc_camera_window_class_init (WccCameraWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wcc_camera_window_dispose;
  object_class->finalize = wcc_camera_window_finalize;
  window_class->close_request = wcc_camera_window_close_request;

  signals[SIGNAL_PHOTO_CHOSEN] =
    g_signal_new ("photo-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-camera-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, take_button);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, retake_button);
  gtk_widget_class_bind_template_child (widget_class, WccCameraWindow, use_button);

  gtk_widget_class_install_action (widget_class, "camera.take", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "camera.retake", NULL, retake_action);
  gtk_widget_class_install_action (widget_class, "camera.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "camera.use", NULL, use_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wcc_camera_window_init (WccCameraWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

WccCameraWindow *
wcc_camera_window_new (WccCamera *camera)
{
  WccCameraWindow *self;

  g_return_val_if_fail (WCC_IS_CAMERA (camera), NULL);

  self = g_object_new (WCC_TYPE_CAMERA_WINDOW, NULL);
  self->camera = g_object_ref (camera);
  g_signal_connect_object (camera, "frame", G_CALLBACK (on_frame), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (camera, "failed", G_CALLBACK (on_failed), self, G_CONNECT_SWAPPED);
  start_camera (self);
  return self;
}
