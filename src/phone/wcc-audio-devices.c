/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-audio-devices.c: the audio inputs or outputs of this computer, kept up to date as they come and go. */
#define G_LOG_DOMAIN "wcc-audio-devices"

#include "config.h"

#include "wcc-audio-devices.h"

struct _WccAudioDevices
{
  GObject            parent_instance;

  WccAudioDirection  direction;
  gboolean           monitoring;  /* holds a reference on the shared monitor */
  GPtrArray         *items;       /* WccAudioDevice; [0] is the system default */
  GHashTable        *factories;   /* element factory names of devices listed so far */
};

static void wcc_audio_devices_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccAudioDevices, wcc_audio_devices, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_audio_devices_list_model_init))

/* The sound servers' and sound systems' own elements: a description naming one of them is a
 * device setting even before this list has seen any of its devices. */
static const char *const known_device_factories[] = {
  "pulsesrc", "pulsesink", "alsasrc", "alsasink", "pipewiresrc", "pipewiresink",
};

/* One GstDeviceMonitor for every list of the process. Device providers are singletons
 * (gst_device_provider_factory_get) and each monitor installs its own handler on the
 * provider's bus: with two monitors (inputs and outputs) only the last one started was told
 * of devices plugged in later. So one monitor watches both classes and hands each message
 * to the lists of its class. */
typedef struct {
  guint             refs;
  GstDeviceMonitor *monitor;
  GSource          *bus_watch;
  GList            *lists;       /* WccAudioDevices, not owned */
} SharedMonitor;

static SharedMonitor *shared_monitor;

static const char *
device_class_of (WccAudioDirection direction)
{
  return direction == WCC_AUDIO_INPUT ? "Audio/Source" : "Audio/Sink";
}

static guint
position_of_device (WccAudioDevices *self,
                    GstDevice       *device)
{
  for (guint i = 1; i < self->items->len; i++)
    if (wcc_audio_device_get_device (g_ptr_array_index (self->items, i)) == device)
      return i;
  return G_MAXUINT;
}

/* Two devices with the same display name ("Null Output") are told apart by their names. */
static void
update_labels (WccAudioDevices *self)
{
  for (guint i = 1; i < self->items->len; i++)
    {
      WccAudioDevice *item = g_ptr_array_index (self->items, i);
      gboolean shared = FALSE;

      for (guint j = 1; j < self->items->len && !shared; j++)
        shared = j != i && g_strcmp0 (wcc_audio_device_get_display_name (item),
                                      wcc_audio_device_get_display_name (g_ptr_array_index (self->items, j))) == 0;
      wcc_audio_device_set_name_shared (item, shared);
    }
}

static void
add_device (WccAudioDevices *self,
            GstDevice       *device)
{
  g_autoptr(WccAudioDevice) item = NULL;
  const char *factory_end;

  /* The devices present at start come both from the monitor's list and as messages. */
  if (position_of_device (self, device) != G_MAXUINT)
    return;
  item = wcc_audio_device_new_for_device (self->direction, device);
  if (item == NULL)
    {
      g_debug ("Device %s has no name to keep in the settings", GST_OBJECT_NAME (device));
      return;
    }
  if (wcc_audio_devices_find (self, wcc_audio_device_get_description (item)) != G_MAXUINT)
    return;
  factory_end = strchr (wcc_audio_device_get_description (item), ' ');
  g_hash_table_add (self->factories, g_strndup (wcc_audio_device_get_description (item),
                                                factory_end - wcc_audio_device_get_description (item)));
  g_ptr_array_add (self->items, g_steal_pointer (&item));
  update_labels (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

static void
remove_device (WccAudioDevices *self,
               GstDevice       *device)
{
  guint position = position_of_device (self, device);

  if (position == G_MAXUINT)
    return;
  g_ptr_array_remove_index (self->items, position);
  update_labels (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
handle_message (WccAudioDevices *self,
                GstMessage      *message)
{
  g_autoptr(GstDevice) device = NULL;
  g_autoptr(GstDevice) changed = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      if (gst_device_has_classes (device, device_class_of (self->direction)))
        add_device (self, device);
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      remove_device (self, device);
      break;
    case GST_MESSAGE_DEVICE_CHANGED:
      /* A new object for the same device (its default flag or description changed). */
      gst_message_parse_device_changed (message, &device, &changed);
      remove_device (self, changed);
      if (gst_device_has_classes (device, device_class_of (self->direction)))
        add_device (self, device);
      break;
    default:
      break;
    }
}

static gboolean
on_monitor_message (GstBus     *bus,
                    GstMessage *message,
                    gpointer    user_data)
{
  SharedMonitor *shared = user_data;

  for (GList *l = shared->lists; l != NULL; l = l->next)
    handle_message (l->data, message);
  return G_SOURCE_CONTINUE;
}

static GstDeviceMonitor *
acquire_monitor (WccAudioDevices *self)
{
  if (shared_monitor == NULL)
    {
      g_autoptr(GstBus) bus = NULL;

      shared_monitor = g_new0 (SharedMonitor, 1);
      shared_monitor->monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (shared_monitor->monitor, "Audio/Source", NULL);
      gst_device_monitor_add_filter (shared_monitor->monitor, "Audio/Sink", NULL);
      bus = gst_device_monitor_get_bus (shared_monitor->monitor);
      shared_monitor->bus_watch = gst_bus_create_watch (bus);
      g_source_set_callback (shared_monitor->bus_watch, G_SOURCE_FUNC (on_monitor_message), shared_monitor, NULL);
      g_source_attach (shared_monitor->bus_watch, g_main_context_get_thread_default ());
      /* No provider starting (no sound server) leaves the system default alone in the lists. */
      if (!gst_device_monitor_start (shared_monitor->monitor))
        g_debug ("No audio device provider started");
    }
  shared_monitor->refs++;
  shared_monitor->lists = g_list_prepend (shared_monitor->lists, self);
  self->monitoring = TRUE;
  return shared_monitor->monitor;
}

static void
release_monitor (WccAudioDevices *self)
{
  if (!self->monitoring)
    return;
  self->monitoring = FALSE;
  shared_monitor->lists = g_list_remove (shared_monitor->lists, self);
  if (--shared_monitor->refs > 0)
    return;
  g_source_destroy (shared_monitor->bus_watch);
  g_source_unref (shared_monitor->bus_watch);
  gst_device_monitor_stop (shared_monitor->monitor);
  gst_object_unref (shared_monitor->monitor);
  g_clear_pointer (&shared_monitor, g_free);
}

static GType
wcc_audio_devices_get_item_type (GListModel *model)
{
  return WCC_TYPE_AUDIO_DEVICE;
}

static guint
wcc_audio_devices_get_n_items (GListModel *model)
{
  return WCC_AUDIO_DEVICES (model)->items->len;
}

static gpointer
wcc_audio_devices_get_item (GListModel *model,
                            guint       position)
{
  WccAudioDevices *self = WCC_AUDIO_DEVICES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
wcc_audio_devices_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wcc_audio_devices_get_item_type;
  iface->get_n_items = wcc_audio_devices_get_n_items;
  iface->get_item = wcc_audio_devices_get_item;
}

static void
wcc_audio_devices_dispose (GObject *object)
{
  WccAudioDevices *self = WCC_AUDIO_DEVICES (object);

  release_monitor (self);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (wcc_audio_devices_parent_class)->dispose (object);
}

static void
wcc_audio_devices_finalize (GObject *object)
{
  WccAudioDevices *self = WCC_AUDIO_DEVICES (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->factories, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_audio_devices_parent_class)->finalize (object);
}

static void
wcc_audio_devices_class_init (WccAudioDevicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_audio_devices_dispose;
  object_class->finalize = wcc_audio_devices_finalize;
}

static void
wcc_audio_devices_init (WccAudioDevices *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->factories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (known_device_factories); i++)
    g_hash_table_add (self->factories, g_strdup (known_device_factories[i]));
}

WccAudioDevices *
wcc_audio_devices_new (WccAudioDirection direction)
{
  WccAudioDevices *self = g_object_new (WCC_TYPE_AUDIO_DEVICES, NULL);
  GList *devices;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  self->direction = direction;
  g_ptr_array_add (self->items, wcc_audio_device_new_default (direction));
  devices = gst_device_monitor_get_devices (acquire_monitor (self));
  for (GList *l = devices; l != NULL; l = l->next)
    if (gst_device_has_classes (l->data, device_class_of (direction)))
      add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);
  return self;
}

WccAudioDirection
wcc_audio_devices_get_direction (WccAudioDevices *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (self), WCC_AUDIO_INPUT);
  return self->direction;
}

guint
wcc_audio_devices_find (WccAudioDevices *self,
                        const char      *description)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (self), G_MAXUINT);

  if (description == NULL || *description == '\0')
    return 0;
  for (guint i = 1; i < self->items->len; i++)
    if (g_strcmp0 (wcc_audio_device_get_description (g_ptr_array_index (self->items, i)), description) == 0)
      return i;
  return G_MAXUINT;
}

gboolean
wcc_audio_devices_is_device_description (WccAudioDevices *self,
                                         const char      *description)
{
  g_auto(GStrv) words = NULL;
  gboolean device_property;

  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (self), FALSE);

  if (description == NULL || *description == '\0')
    return FALSE;
  words = g_strsplit (description, " ", 2);
  if (words[1] == NULL)
    return FALSE;
  device_property = g_str_has_prefix (words[1], "device=") || g_str_has_prefix (words[1], "target-object=")
                    || g_str_has_prefix (words[1], "path=");
  return device_property && g_hash_table_contains (self->factories, words[0]);
}

const char *
wcc_audio_devices_resolve (WccAudioDevices *self,
                           const char      *description)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (self), NULL);

  if (description == NULL || *description == '\0')
    return NULL;
  if (wcc_audio_devices_find (self, description) == G_MAXUINT
      && wcc_audio_devices_is_device_description (self, description))
    return NULL;
  return description;
}
