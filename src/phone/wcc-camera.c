/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-camera.c: the webcam for the avatar snapshot (D7): a live preview and a square JPEG. */
#define G_LOG_DOMAIN "wcc-camera"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "wcc-camera.h"
#include "wcc-jpeg.h"
#include "wcc-loop-source.h"

/* The preview (and the frame the snapshot is cut from): at most 640×480 with square pixels,
 * the camera's aspect kept; a modest size keeps the copy to the screen cheap. */
#define PREVIEW_CAPS "video/x-raw,format=RGBA,width=[1,640],height=[1,480],pixel-aspect-ratio=1/1"
#define FIRST_FRAME_TIMEOUT_MS 10000
#define ENCODE_TIMEOUT (5 * GST_SECOND)

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_CAMERA "org.freedesktop.portal.Camera"
#define PORTAL_REQUEST "org.freedesktop.portal.Request"

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SIGNAL_FRAME,
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccCamera
{
  GObject           parent_instance;

  /* Where the camera comes from (fixed at construction). */
  char             *description;      /* $WCC_VIDEOSRC */
  gboolean          in_flatpak;
  gboolean          watching_v4l2;    /* outside Flatpak without $WCC_VIDEOSRC */
  GDBusProxy       *portal;           /* inside Flatpak: the Camera portal */
  GCancellable     *cancellable;      /* the portal proxy's creation */
  gboolean          available;

  /* Between start and stop. */
  GMainContext     *context;
  GTask            *start_task;       /* until the first frame */
  GstElement       *pipeline;
  GSource          *bus_watch;
  GSource          *frame_source;     /* woken by the streaming thread */
  GSource          *timeout;
  int               pipewire_fd;
  guint             response_id;      /* the portal request's Response subscription */
  GDBusConnection  *bus;

  GMutex            lock;
  GstSample        *pending;          /* under lock: the streaming thread's latest frame */
  GstSample        *sample;           /* main thread: the frame shown */
  GBytes           *frame;
  GstVideoInfo      frame_info;
};

G_DEFINE_FINAL_TYPE (WccCamera, wcc_camera, G_TYPE_OBJECT)

static void
set_available (WccCamera *self,
               gboolean   available)
{
  available = !!available;
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* ---- errors ----------------------------------------------------------------------------- */

/* A GStreamer error as the camera's own, in words for the user. */
static GError *
camera_error_from_gst (const GError *error,
                       const char   *debug)
{
  gboolean resource = error->domain == GST_RESOURCE_ERROR;

  if ((resource && error->code == GST_RESOURCE_ERROR_BUSY) ||
      (debug != NULL && strstr (debug, g_strerror (EBUSY)) != NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_BUSY,
                        _("The camera is in use by another program."));
  if ((resource && error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED) ||
      (debug != NULL && strstr (debug, g_strerror (EACCES)) != NULL))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        _("This computer does not allow the use of the camera."));
  if (resource && error->code == GST_RESOURCE_ERROR_NOT_FOUND)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The camera was not found."));
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera cannot be used: %s"),
                      error->message);
}

/* ---- availability ----------------------------------------------------------------------- */

/* Cameras outside Flatpak: GStreamer's v4l2 device provider, used directly rather than
 * through a GstDeviceMonitor. Device providers are singletons, and a monitor of
 * "Video/Source" would also start PipeWire's provider, which lists audio too: a second
 * monitor on it takes the hot-plug messages away from the audio device lists (see
 * wcc-audio-devices.c). One watcher serves every camera object of the process. */
typedef struct {
  guint              refs;
  GstDeviceProvider *provider;
  GSource           *bus_watch;
  GList             *cameras;     /* WccCamera, not owned */
} V4l2Watcher;

static V4l2Watcher *v4l2_watcher;

/* The first video capture device, or NULL. */
static GstDevice *
first_camera (void)
{
  GList *devices;
  GstDevice *found = NULL;

  if (v4l2_watcher == NULL || v4l2_watcher->provider == NULL)
    return NULL;
  devices = gst_device_provider_get_devices (v4l2_watcher->provider);
  for (GList *l = devices; l != NULL && found == NULL; l = l->next)
    if (gst_device_has_classes (l->data, "Video/Source"))
      found = gst_object_ref (l->data);
  g_list_free_full (devices, gst_object_unref);
  return found;
}

static void
sync_v4l2_available (WccCamera *self)
{
  g_autoptr(GstDevice) device = first_camera ();

  set_available (self, device != NULL);
}

static gboolean
on_v4l2_message (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_ADDED ||
      GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_REMOVED)
    for (GList *l = v4l2_watcher->cameras; l != NULL; l = l->next)
      sync_v4l2_available (l->data);
  return G_SOURCE_CONTINUE;
}

static void
watch_v4l2 (WccCamera *self)
{
  if (v4l2_watcher == NULL)
    {
      v4l2_watcher = g_new0 (V4l2Watcher, 1);
      v4l2_watcher->provider = gst_device_provider_factory_get_by_name ("v4l2deviceprovider");
      if (v4l2_watcher->provider != NULL)
        {
          g_autoptr(GstBus) bus = gst_device_provider_get_bus (v4l2_watcher->provider);

          v4l2_watcher->bus_watch = gst_bus_create_watch (bus);
          g_source_set_callback (v4l2_watcher->bus_watch, G_SOURCE_FUNC (on_v4l2_message), NULL, NULL);
          g_source_attach (v4l2_watcher->bus_watch, g_main_context_get_thread_default ());
          if (!gst_device_provider_start (v4l2_watcher->provider))
            g_debug ("The v4l2 device provider did not start");
        }
      else
        g_debug ("No v4l2 device provider (GStreamer's video4linux2 plugin)");
    }
  v4l2_watcher->refs++;
  v4l2_watcher->cameras = g_list_prepend (v4l2_watcher->cameras, self);
  self->watching_v4l2 = TRUE;
  sync_v4l2_available (self);
}

static void
unwatch_v4l2 (WccCamera *self)
{
  if (!self->watching_v4l2)
    return;
  self->watching_v4l2 = FALSE;
  v4l2_watcher->cameras = g_list_remove (v4l2_watcher->cameras, self);
  if (--v4l2_watcher->refs > 0)
    return;
  if (v4l2_watcher->provider != NULL)
    {
      wcc_loop_source_clear (&v4l2_watcher->bus_watch);
      gst_device_provider_stop (v4l2_watcher->provider);
      gst_object_unref (v4l2_watcher->provider);
    }
  g_clear_pointer (&v4l2_watcher, g_free);
}

static void
sync_portal_available (WccCamera *self)
{
  g_autoptr(GVariant) present = g_dbus_proxy_get_cached_property (self->portal, "IsCameraPresent");

  set_available (self, present != NULL && g_variant_get_boolean (present));
}

static void
on_portal_properties_changed (WccCamera  *self,
                              GVariant   *changed,
                              GStrv       invalidated,
                              GDBusProxy *proxy)
{
  sync_portal_available (self);
}

static void
on_portal_proxy (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WccCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No camera portal: %s", error->message);
      return;
    }
  self->portal = proxy;
  g_signal_connect_object (proxy, "g-properties-changed",
                           G_CALLBACK (on_portal_properties_changed), self, G_CONNECT_SWAPPED);
  sync_portal_available (self);
}

/* ---- frames ----------------------------------------------------------------------------- */

static gboolean
frame_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs frame_source_funcs = { NULL, NULL, frame_source_dispatch, NULL, NULL, NULL };

/* The streaming thread: keep the newest frame, wake the main context; never wait. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  WccCamera *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->lock);
  if (self->pending != NULL)
    gst_sample_unref (self->pending);
  self->pending = sample;
  g_mutex_unlock (&self->lock);
  g_source_set_ready_time (self->frame_source, 0);
  return GST_FLOW_OK;
}

typedef struct {
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedBuffer;

static void
mapped_buffer_free (gpointer data)
{
  MappedBuffer *mapped = data;

  gst_buffer_unmap (mapped->buffer, &mapped->map);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

static void
complete_start (WccCamera *self,
                GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  wcc_loop_source_clear (&self->timeout);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_frame (gpointer user_data)
{
  WccCamera *self = user_data;
  GstSample *sample;
  MappedBuffer *mapped;
  GstVideoInfo info;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);
  if (sample == NULL)
    return G_SOURCE_CONTINUE;

  mapped = g_new0 (MappedBuffer, 1);
  mapped->buffer = gst_buffer_ref (gst_sample_get_buffer (sample));
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_buffer_map (mapped->buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      gst_sample_unref (sample);
      return G_SOURCE_CONTINUE;
    }
  g_clear_pointer (&self->sample, gst_sample_unref);
  self->sample = sample;
  g_clear_pointer (&self->frame, g_bytes_unref);
  self->frame = g_bytes_new_with_free_func (mapped->map.data, mapped->map.size,
                                            mapped_buffer_free, mapped);
  self->frame_info = info;

  g_object_ref (self);
  if (self->start_task != NULL)
    {
      complete_start (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  g_signal_emit (self, signals[SIGNAL_FRAME], 0);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

/* ---- the pipeline ----------------------------------------------------------------------- */

static void
tear_down (WccCamera *self)
{
  if (self->pipeline != NULL)
    {
      /* Joins the streaming threads: nothing touches frame_source after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  wcc_loop_source_clear (&self->bus_watch);
  wcc_loop_source_clear (&self->frame_source);
  wcc_loop_source_clear (&self->timeout);
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->response_id);
  self->response_id = 0;
  g_clear_object (&self->bus);
  if (self->pipewire_fd >= 0)
    close (self->pipewire_fd);
  self->pipewire_fd = -1;
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_clear_pointer (&self->sample, gst_sample_unref);
  g_clear_pointer (&self->frame, g_bytes_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

static void
fail (WccCamera *self,
      GError    *error)
{
  gboolean was_running = self->pipeline != NULL && self->start_task == NULL;

  g_object_ref (self);
  tear_down (self);
  if (self->start_task != NULL)
    complete_start (self, error);
  else
    {
      if (was_running)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      g_error_free (error);
    }
  g_object_unref (self);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  WccCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("Camera error: %s (%s)", error->message, debug ? debug : "");
      g_clear_pointer (&self->bus_watch, g_source_unref);
      fail (self, camera_error_from_gst (error, debug));
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      g_clear_pointer (&self->bus_watch, g_source_unref);
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera stopped sending pictures.")));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_first_frame_timeout (gpointer user_data)
{
  WccCamera *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("The camera sent no picture.")));
  return G_SOURCE_REMOVE;
}

/* Runs @source (floating or owned: taken) into the preview's appsink. */
static void
run_pipeline (WccCamera  *self,
              GstElement *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstElement *tail;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

  tail = gst_parse_bin_from_description ("videoconvert ! videoscale ! " PREVIEW_CAPS
                                         " ! appsink name=sink max-buffers=1 drop=true",
                                         TRUE, &error);
  g_assert_no_error (error);   /* our own description, with elements wcc-deps installs */
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("wcc-camera"));
  gst_bin_add_many (GST_BIN (self->pipeline), source, tail, NULL);
  if (!gst_element_link (source, tail))
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The camera gives no pictures this program can show.")));
      return;
    }
  sink = gst_bin_get_by_name (GST_BIN (tail), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  self->frame_source = g_source_new (&frame_source_funcs, sizeof (GSource));
  g_source_set_callback (self->frame_source, on_frame, self, NULL);
  g_source_attach (self->frame_source, self->context);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_watch, self->context);
  self->timeout = wcc_loop_source_attach (self->context, FIRST_FRAME_TIMEOUT_MS,
                                          on_first_frame_timeout, self, NULL);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      if (message != NULL)
        {
          gst_message_parse_error (message, &gst_error, &debug);
          fail (self, camera_error_from_gst (gst_error, debug));
        }
      else
        fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera cannot be opened.")));
    }
}

/* ---- the camera portal (inside Flatpak) ------------------------------------------------- */

static void
on_pipewire_remote (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  GstElement *element;
  gint32 index;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds,
                                                           result, &error);
  if (self->start_task == NULL)
    return;   /* stopped meanwhile */
  if (reply == NULL || fds == NULL)
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera cannot be opened: %s"),
                               error ? error->message : _("no PipeWire connection")));
      return;
    }
  g_variant_get (reply, "(h)", &index);
  self->pipewire_fd = g_unix_fd_list_get (fds, index, &error);
  if (self->pipewire_fd < 0)
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera cannot be opened: %s"),
                               error->message));
      return;
    }
  element = gst_element_factory_make ("pipewiresrc", NULL);
  if (element == NULL)
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The camera cannot be opened: GStreamer’s PipeWire plugin is missing.")));
      return;
    }
  g_object_set (element, "fd", self->pipewire_fd, NULL);
  run_pipeline (self, element);
}

static void
on_access_response (GDBusConnection *connection,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  WccCamera *self = user_data;
  guint32 response = 2;

  g_dbus_connection_signal_unsubscribe (connection, self->response_id);
  self->response_id = 0;
  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  if (response == 1)
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("The use of the camera was not allowed.")));
      return;
    }
  if (response != 0)
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("The camera cannot be used: the system refused it.")));
      return;
    }
  g_dbus_connection_call_with_unix_fd_list (connection, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                                            PORTAL_CAMERA, "OpenPipeWireRemote",
                                            g_variant_new ("(a{sv})", NULL), G_VARIANT_TYPE ("(h)"),
                                            G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            g_task_get_cancellable (self->start_task),
                                            on_pipewire_remote, g_object_ref (self));
}

static void
on_access_camera (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL && self->start_task != NULL)
    fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The camera cannot be used: %s"), error->message));
}

static void
access_through_portal (WccCamera *self)
{
  g_autofree char *sender = NULL;
  g_autofree char *token = g_strdup_printf ("wcc_camera%u", g_random_int ());
  g_autofree char *request_path = NULL;
  GVariantBuilder options;

  g_autoptr(GVariant) present = NULL;

  /* The portal says whether there is a camera before anyone is asked. */
  if (self->portal != NULL)
    present = g_dbus_proxy_get_cached_property (self->portal, "IsCameraPresent");
  if (present == NULL || !g_variant_get_boolean (present))
    {
      fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No camera was found.")));
      return;
    }
  self->bus = g_object_ref (g_dbus_proxy_get_connection (self->portal));
  /* The request object's path is known in advance: subscribe before asking. */
  sender = g_strdup (g_dbus_connection_get_unique_name (self->bus) + 1);
  g_strdelimit (sender, ".", '_');
  request_path = g_strdup_printf (PORTAL_OBJECT_PATH "/request/%s/%s", sender, token);
  self->response_id = g_dbus_connection_signal_subscribe (self->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                          "Response", request_path, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                                          on_access_response, self, NULL);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_dbus_connection_call (self->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_CAMERA,
                          "AccessCamera", g_variant_new ("(a{sv})", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (self->start_task),
                          on_access_camera, g_object_ref (self));
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
wcc_camera_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WccCamera *self = WCC_CAMERA (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    case PROP_RUNNING: g_value_set_boolean (value, wcc_camera_get_running (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_camera_dispose (GObject *object)
{
  WccCamera *self = WCC_CAMERA (object);

  wcc_camera_stop (self);
  g_cancellable_cancel (self->cancellable);
  unwatch_v4l2 (self);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (wcc_camera_parent_class)->dispose (object);
}

static void
wcc_camera_finalize (GObject *object)
{
  WccCamera *self = WCC_CAMERA (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->description, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (wcc_camera_parent_class)->finalize (object);
}

static void
wcc_camera_class_init (WccCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_camera_get_property;
  object_class->dispose = wcc_camera_dispose;
  object_class->finalize = wcc_camera_finalize;

  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
wcc_camera_init (WccCamera *self)
{
  g_mutex_init (&self->lock);
  self->pipewire_fd = -1;
  self->cancellable = g_cancellable_new ();
}

WccCamera *
wcc_camera_new (void)
{
  WccCamera *self;
  const char *description = g_getenv ("WCC_VIDEOSRC");

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  self = g_object_new (WCC_TYPE_CAMERA, NULL);
  if (description != NULL && *description != '\0')
    {
      self->description = g_strdup (description);
      self->available = TRUE;
    }
  else if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      self->in_flatpak = TRUE;
      g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL,
                                PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_CAMERA,
                                self->cancellable, on_portal_proxy, g_object_ref (self));
    }
  else
    watch_v4l2 (self);
  return self;
}

gboolean
wcc_camera_get_available (WccCamera *self)
{
  g_return_val_if_fail (WCC_IS_CAMERA (self), FALSE);
  return self->available;
}

gboolean
wcc_camera_get_running (WccCamera *self)
{
  g_return_val_if_fail (WCC_IS_CAMERA (self), FALSE);
  return self->pipeline != NULL && self->start_task == NULL;
}

void
wcc_camera_start_async (WccCamera           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CAMERA (self));

  wcc_camera_stop (self);
  self->start_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->start_task, wcc_camera_start_async);
  self->context = g_main_context_ref_thread_default ();

  if (self->description != NULL)
    {
      g_autoptr(GError) error = NULL;
      GstElement *source = gst_parse_bin_from_description (self->description, TRUE, &error);

      if (source == NULL || error != NULL)
        {
          if (source != NULL)
            gst_object_unref (gst_object_ref_sink (source));
          fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The video source “%s” cannot be used: %s"), self->description,
                                   error ? error->message : ""));
          return;
        }
      run_pipeline (self, source);
    }
  else if (self->in_flatpak)
    access_through_portal (self);
  else
    {
      g_autoptr(GstDevice) device = first_camera ();
      GstElement *source = device ? gst_device_create_element (device, NULL) : NULL;

      if (source == NULL)
        fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No camera was found.")));
      else
        run_pipeline (self, source);
    }
}

gboolean
wcc_camera_start_finish (WccCamera     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wcc_camera_stop (WccCamera *self)
{
  gboolean was_running;

  g_return_if_fail (WCC_IS_CAMERA (self));

  was_running = wcc_camera_get_running (self);
  tear_down (self);
  if (self->start_task != NULL)
    complete_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The camera was closed.")));
  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

GBytes *
wcc_camera_get_frame (WccCamera *self,
                      int       *width,
                      int       *height,
                      gsize     *stride)
{
  g_return_val_if_fail (WCC_IS_CAMERA (self), NULL);

  if (self->frame == NULL)
    return NULL;
  if (width != NULL)
    *width = GST_VIDEO_INFO_WIDTH (&self->frame_info);
  if (height != NULL)
    *height = GST_VIDEO_INFO_HEIGHT (&self->frame_info);
  if (stride != NULL)
    *stride = GST_VIDEO_INFO_PLANE_STRIDE (&self->frame_info, 0);
  return g_bytes_ref (self->frame);
}

/* ---- the snapshot ----------------------------------------------------------------------- */

/* @sample cropped to its centred square, scaled to @size and encoded at @quality, by a
 * short pipeline of its own (GStreamer's jpegenc: the phone library has no GTK, and this
 * encoder is already among the plugins the softphone needs). Runs on a worker thread. */
static GBytes *
encode_square_jpeg (GstSample  *sample,
                    int         size,
                    int         quality,
                    GError    **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) source = NULL;
  g_autoptr(GstElement) crop = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) encoded = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autofree char *launch = NULL;
  GstVideoInfo info;
  GstMapInfo map;
  GBytes *jpeg;
  int side;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera’s picture cannot be read."));
      return NULL;
    }
  side = MIN (info.width, info.height);
  launch = g_strdup_printf ("appsrc name=src ! videocrop name=crop ! videoscale ! videoconvert"
                            " ! video/x-raw,format=RGBx,width=%d,height=%d,pixel-aspect-ratio=1/1"
                            " ! jpegenc name=encoder ! appsink name=sink sync=false", size, size);
  pipeline = gst_parse_launch (launch, &parse_error);
  g_assert_no_error (parse_error);
  gst_object_ref_sink (pipeline);
  source = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  crop = gst_bin_get_by_name (GST_BIN (pipeline), "crop");
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "encoder");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "caps", gst_sample_get_caps (sample), "format", GST_FORMAT_TIME, NULL);
  g_object_set (crop,
                "left", (info.width - side) / 2, "right", info.width - side - (info.width - side) / 2,
                "top", (info.height - side) / 2, "bottom", info.height - side - (info.height - side) / 2,
                NULL);
  g_object_set (encoder, "quality", quality, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (source), gst_buffer_ref (gst_sample_get_buffer (sample)));
  gst_app_src_end_of_stream (GST_APP_SRC (source));
  encoded = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), ENCODE_TIMEOUT);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (encoded == NULL || message != NULL)
    {
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The photo cannot be made: %s"),
                   gst_error ? gst_error->message : _("the encoder gave nothing"));
      return NULL;
    }
  if (!gst_buffer_map (gst_sample_get_buffer (encoded), &map, GST_MAP_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The photo cannot be made: %s"),
                   _("the encoder gave nothing"));
      return NULL;
    }
  jpeg = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (gst_sample_get_buffer (encoded), &map);
  return jpeg;
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  static const int qualities[] = { 90, 75, 50, 25 };
  GError *error = NULL;

  /* 512×512 at quality 90 is far below 1 MB for any photo; the lower qualities are the
   * guarantee for pure noise. */
  for (guint i = 0; i < G_N_ELEMENTS (qualities); i++)
    {
      g_autoptr(GBytes) jpeg = encode_square_jpeg (task_data, WCC_CAMERA_SNAPSHOT_SIZE, qualities[i], &error);

      if (jpeg == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_bytes_get_size (jpeg) <= WCC_AVATAR_MAX_BYTES)
        {
          if (!wcc_jpeg_check_avatar (jpeg, &error))
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, g_steal_pointer (&jpeg), (GDestroyNotify) g_bytes_unref);
          return;
        }
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The photo cannot be made smaller than 1 MB."));
}

void
wcc_camera_snapshot_async (WccCamera           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WCC_IS_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_camera_snapshot_async);
  if (self->sample == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The camera has not given a picture yet."));
      return;
    }
  g_task_set_task_data (task, gst_sample_ref (self->sample), (GDestroyNotify) gst_sample_unref);
  g_task_run_in_thread (task, snapshot_thread);
}

GBytes *
wcc_camera_snapshot_finish (WccCamera     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
