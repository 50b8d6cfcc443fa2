/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-audio-device.c: one audio input or output the softphone can use, as kept in GSettings. */
#define G_LOG_DOMAIN "wcc-audio-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-audio-device.h"
#include "wcc-error.h"

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_DESCRIPTION,
  PROP_DISPLAY_NAME,
  PROP_LABEL,
  PROP_DEVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccAudioDevice
{
  GObject            parent_instance;

  WccAudioDirection  direction;
  GstDevice         *device;        /* NULL: the system default */
  char              *factory;       /* the element's factory, e.g. "pulsesink" */
  char              *device_name;   /* its element's device property */
  char              *description;
  char              *display_name;
  char              *label;
};

G_DEFINE_FINAL_TYPE (WccAudioDevice, wcc_audio_device, G_TYPE_OBJECT)

/* The properties device providers name their devices with: pulse and ALSA use "device",
 * PipeWire "target-object" (older: "path"). */
static const char *const device_properties[] = { "device", "target-object", "path" };

/* @value quoted for gst_parse_launch (which reads backslash escapes inside quotes). */
static char *
quote_for_description (const char *value)
{
  GString *quoted = g_string_new ("\"");

  for (const char *c = value; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* The factory and device name of @device's element: what a description needs. */
static gboolean
name_device (WccAudioDevice *self,
             GstDevice      *device,
             const char    **property)
{
  g_autoptr(GstElement) element = gst_device_create_element (device, NULL);
  GstElementFactory *factory;

  if (element == NULL)
    return FALSE;
  gst_object_ref_sink (element);
  factory = gst_element_get_factory (element);
  if (factory == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (device_properties); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (element), device_properties[i]);
      g_autofree char *value = NULL;

      if (pspec == NULL || pspec->value_type != G_TYPE_STRING)
        continue;
      g_object_get (element, device_properties[i], &value, NULL);
      if (value != NULL && *value != '\0')
        {
          self->factory = g_strdup (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)));
          self->device_name = g_steal_pointer (&value);
          *property = device_properties[i];
          return TRUE;
        }
    }
  return FALSE;
}

static void
wcc_audio_device_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccAudioDevice *self = WCC_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_DIRECTION: g_value_set_int (value, self->direction); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_DEVICE: g_value_set_object (value, self->device); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_audio_device_dispose (GObject *object)
{
  WccAudioDevice *self = WCC_AUDIO_DEVICE (object);

  g_clear_object (&self->device);

  G_OBJECT_CLASS (wcc_audio_device_parent_class)->dispose (object);
}

static void
wcc_audio_device_finalize (GObject *object)
{
  WccAudioDevice *self = WCC_AUDIO_DEVICE (object);

  g_free (self->factory);
  g_free (self->device_name);
  g_free (self->description);
  g_free (self->display_name);
  g_free (self->label);

  G_OBJECT_CLASS (wcc_audio_device_parent_class)->finalize (object);
}

static void
wcc_audio_device_class_init (WccAudioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_audio_device_get_property;
  object_class->dispose = wcc_audio_device_dispose;
  object_class->finalize = wcc_audio_device_finalize;

  properties[PROP_DIRECTION] = g_param_spec_int ("direction", NULL, NULL, WCC_AUDIO_INPUT, WCC_AUDIO_OUTPUT,
                                                 WCC_AUDIO_INPUT, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, GST_TYPE_DEVICE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_audio_device_init (WccAudioDevice *self)
{
}

WccAudioDevice *
wcc_audio_device_new_default (WccAudioDirection direction)
{
  WccAudioDevice *self = g_object_new (WCC_TYPE_AUDIO_DEVICE, NULL);

  self->direction = direction;
  self->description = g_strdup ("");
  self->display_name = g_strdup (_("System default"));
  self->label = g_strdup (self->display_name);
  return self;
}

WccAudioDevice *
wcc_audio_device_new_for_device (WccAudioDirection  direction,
                                 GstDevice         *device)
{
  g_autoptr(WccAudioDevice) self = NULL;
  g_autofree char *quoted = NULL;
  const char *property = NULL;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  self = g_object_new (WCC_TYPE_AUDIO_DEVICE, NULL);
  self->direction = direction;
  if (!name_device (self, device, &property))
    return NULL;
  self->device = g_object_ref (device);
  quoted = quote_for_description (self->device_name);
  self->description = g_strdup_printf ("%s %s=%s", self->factory, property, quoted);
  self->display_name = gst_device_get_display_name (device);
  if (self->display_name == NULL || *self->display_name == '\0')
    {
      g_free (self->display_name);
      self->display_name = g_strdup (self->device_name);
    }
  self->label = g_strdup (self->display_name);
  return g_steal_pointer (&self);
}

WccAudioDirection
wcc_audio_device_get_direction (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), WCC_AUDIO_INPUT);
  return self->direction;
}

const char *
wcc_audio_device_get_description (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);
  return self->description;
}

const char *
wcc_audio_device_get_display_name (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);
  return self->display_name;
}

const char *
wcc_audio_device_get_label (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);
  return self->label;
}

GstDevice *
wcc_audio_device_get_device (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);
  return self->device;
}

gboolean
wcc_audio_device_is_default (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), FALSE);
  return self->device == NULL;
}

const char *
wcc_audio_device_get_device_name (WccAudioDevice *self)
{
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);
  return self->device_name;
}

void
wcc_audio_device_set_name_shared (WccAudioDevice *self,
                                  gboolean        shared)
{
  g_autofree char *label = NULL;

  g_return_if_fail (WCC_IS_AUDIO_DEVICE (self));

  if (shared && self->device_name != NULL)
    /* TRANSLATORS: a sound device's name followed by the sound server's name of it, to tell
     * apart two devices that have the same name, e.g. "Null Output (sink_b)". */
    label = g_strdup_printf (_("%s (%s)"), self->display_name, self->device_name);
  else
    label = g_strdup (self->display_name);
  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_steal_pointer (&label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
wcc_audio_device_default_description (WccAudioDirection direction)
{
  const char *env = g_getenv (direction == WCC_AUDIO_INPUT ? "WCC_AUDIOSRC" : "WCC_AUDIOSINK");

  if (env != NULL && *env != '\0')
    return env;
  return direction == WCC_AUDIO_INPUT ? "autoaudiosrc" : "autoaudiosink";
}

GstElement *
wcc_audio_device_create_element (WccAudioDevice  *self,
                                 GError         **error)
{
  g_autoptr(GError) parse_error = NULL;
  const char *description;
  GstElement *element;

  g_return_val_if_fail (WCC_IS_AUDIO_DEVICE (self), NULL);

  if (self->device != NULL)
    {
      element = gst_device_create_element (self->device, NULL);
      if (element == NULL)
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                     _("The audio device “%s” cannot be opened"), self->label);
      return element;
    }
  description = wcc_audio_device_default_description (self->direction);
  element = gst_parse_bin_from_description (description, TRUE, &parse_error);
  if (element == NULL)
    g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                 _("The audio device “%s” cannot be used: %s"), description, parse_error->message);
  return element;
}
