/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-mic-test.c: the microphone test: how loud an audio input is, while the test runs. */
#define G_LOG_DOMAIN "wcc-mic-test"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "wcc-audio-device.h"
#include "wcc-error.h"
#include "wcc-mic-test.h"

/* The meter's floor: quieter than this shows as nothing. */
#define FLOOR_DB -60.0
#define LEVEL_INTERVAL_NS (50 * GST_MSECOND)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_LEVEL,
  N_PROPS
};

enum {
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccMicTest
{
  GObject     parent_instance;

  GstElement *pipeline;
  GSource    *bus_watch;
  double      level;
};

G_DEFINE_FINAL_TYPE (WccMicTest, wcc_mic_test, G_TYPE_OBJECT)

static void
set_level (WccMicTest *self,
           double      level)
{
  if (self->level == level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static void
tear_down (WccMicTest *self)
{
  if (self->bus_watch != NULL)
    {
      g_source_destroy (self->bus_watch);
      g_clear_pointer (&self->bus_watch, g_source_unref);
    }
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
}

/* The loudest channel's RMS, in dBFS. */
static double
loudest_rms (const GstStructure *structure)
{
  const GValue *value = gst_structure_get_value (structure, "rms");
  double loudest = -G_MAXDOUBLE;

  /* level's "rms" is a GValueArray (deprecated type, still what 1.22 posts). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GValueArray *channels = value ? g_value_get_boxed (value) : NULL;

  for (guint i = 0; channels != NULL && i < channels->n_values; i++)
    loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (channels, i)));
  G_GNUC_END_IGNORE_DEPRECATIONS
  return loudest;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  WccMicTest *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *structure = gst_message_get_structure (message);

        if (gst_structure_has_name (structure, "level"))
          set_level (self, CLAMP ((loudest_rms (structure) - FLOOR_DB) / -FLOOR_DB, 0.0, 1.0));
        break;
      }
    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_EOS:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *message_text = NULL;

        if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
          gst_message_parse_error (message, &error, NULL);
        message_text = g_strdup_printf (_("The microphone test stopped: %s"),
                                        error ? error->message : _("the input ended"));
        g_object_ref (self);
        wcc_mic_test_stop (self);
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, message_text);
        g_object_unref (self);
        return G_SOURCE_REMOVE;
      }
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
wcc_mic_test_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WccMicTest *self = WCC_MIC_TEST (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->pipeline != NULL); break;
    case PROP_LEVEL: g_value_set_double (value, self->level); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_mic_test_dispose (GObject *object)
{
  tear_down (WCC_MIC_TEST (object));

  G_OBJECT_CLASS (wcc_mic_test_parent_class)->dispose (object);
}

static void
wcc_mic_test_class_init (WccMicTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_mic_test_get_property;
  object_class->dispose = wcc_mic_test_dispose;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_LEVEL] = g_param_spec_double ("level", NULL, NULL, 0.0, 1.0, 0.0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wcc_mic_test_init (WccMicTest *self)
{
}

WccMicTest *
wcc_mic_test_new (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  return g_object_new (WCC_TYPE_MIC_TEST, NULL);
}

gboolean
wcc_mic_test_start (WccMicTest  *self,
                    const char  *description,
                    GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *launch = NULL;

  g_return_val_if_fail (WCC_IS_MIC_TEST (self), FALSE);

  tear_down (self);
  if (description == NULL || *description == '\0')
    description = wcc_audio_device_default_description (WCC_AUDIO_INPUT);
  launch = g_strdup_printf ("%s ! audioconvert ! level interval=%" G_GUINT64_FORMAT " post-messages=true"
                            " ! fakesink sync=false", description, (guint64) LEVEL_INTERVAL_NS);
  self->pipeline = gst_parse_launch (launch, &parse_error);
  if (self->pipeline == NULL || parse_error != NULL)
    {
      g_clear_object (&self->pipeline);
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The audio device “%s” cannot be used: %s"), description,
                   parse_error ? parse_error->message : "");
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_watch, g_main_context_get_thread_default ());
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      tear_down (self);
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The microphone “%s” cannot be opened"), description);
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

void
wcc_mic_test_stop (WccMicTest *self)
{
  g_return_if_fail (WCC_IS_MIC_TEST (self));

  if (self->pipeline == NULL)
    return;
  tear_down (self);
  set_level (self, 0.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
wcc_mic_test_get_running (WccMicTest *self)
{
  g_return_val_if_fail (WCC_IS_MIC_TEST (self), FALSE);
  return self->pipeline != NULL;
}

double
wcc_mic_test_get_level (WccMicTest *self)
{
  g_return_val_if_fail (WCC_IS_MIC_TEST (self), 0.0);
  return self->level;
}
