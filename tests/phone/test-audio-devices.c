/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-audio-devices.c: the audio device lists and the microphone test against a real
 * PulseAudio daemon with null sinks: what is listed, hot-plugging, what a setting resolves
 * to, and a tone played into a sink heard on its monitor. */
#define G_LOG_DOMAIN "test-audio-devices"

#include <gst/gst.h>

#include "wcc-audio-devices.h"
#include "wcc-mic-test.h"
#include "wcc-test-pulse.h"
#include "wcc-test-util.h"

#define SINK_A "pulsesink device=\"a\""
#define SINK_C "pulsesink device=\"c\""
#define MONITOR_A "pulsesrc device=\"a.monitor\""
#define MONITOR_B "pulsesrc device=\"b.monitor\""

static WccTestPulse *pulse;

/* The descriptions in @devices after the system default, joined by "|". */
static char *
descriptions (WccAudioDevices *devices)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (devices)); i++)
    {
      g_autoptr(WccAudioDevice) device = g_list_model_get_item (G_LIST_MODEL (devices), i);
      g_string_append_printf (joined, "%s%s", i > 1 ? "|" : "", wcc_audio_device_get_description (device));
    }
  return g_strdup (joined->str);
}

typedef struct {
  WccAudioDevices *devices;
  const char      *description;
  gboolean         present;
  gboolean         reached;
} Presence;

static void
check_presence (Presence *presence)
{
  presence->reached = (wcc_audio_devices_find (presence->devices, presence->description) != G_MAXUINT)
                      == presence->present;
}

static void
wait_for_presence (WccAudioDevices *devices,
                   const char      *description,
                   gboolean         present)
{
  Presence presence = { devices, description, present, FALSE };
  gulong id = g_signal_connect_swapped (devices, "items-changed", G_CALLBACK (check_presence), &presence);

  check_presence (&presence);
  wcc_test_wait_for (&presence.reached, 10000);
  g_signal_handler_disconnect (devices, id);
}

static void
test_lists (void)
{
  g_autoptr(WccAudioDevices) sinks = wcc_audio_devices_new (WCC_AUDIO_OUTPUT);
  g_autoptr(WccAudioDevices) sources = wcc_audio_devices_new (WCC_AUDIO_INPUT);
  g_autoptr(WccAudioDevice) first = g_list_model_get_item (G_LIST_MODEL (sinks), 0);
  g_autoptr(WccAudioDevice) a = NULL;
  g_autofree char *listed_sinks = descriptions (sinks);
  g_autofree char *listed_sources = descriptions (sources);

  g_assert_true (wcc_audio_device_is_default (first));
  g_assert_cmpstr (wcc_audio_device_get_description (first), ==, "");
  g_assert_cmpstr (listed_sinks, ==, SINK_A "|pulsesink device=\"b\"");
  g_assert_cmpstr (listed_sources, ==, MONITOR_A "|" MONITOR_B);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (sinks)), ==, WCC_TYPE_AUDIO_DEVICE);

  /* Both null sinks are "Null Output": the labels tell them apart. */
  a = g_list_model_get_item (G_LIST_MODEL (sinks), wcc_audio_devices_find (sinks, SINK_A));
  g_assert_cmpstr (wcc_audio_device_get_display_name (a), ==, "Null Output");
  g_assert_cmpstr (wcc_audio_device_get_label (a), ==, "Null Output (a)");
  g_assert_cmpstr (wcc_audio_device_get_device_name (a), ==, "a");
  g_assert_cmpuint (wcc_audio_devices_find (sinks, ""), ==, 0);
  g_assert_cmpuint (wcc_audio_devices_find (sinks, NULL), ==, 0);
}

static void
test_hot_plug (void)
{
  g_autoptr(WccAudioDevices) sinks = wcc_audio_devices_new (WCC_AUDIO_OUTPUT);
  g_autoptr(WccAudioDevices) sources = wcc_audio_devices_new (WCC_AUDIO_INPUT);
  g_autofree char *module = NULL;
  g_autofree char *unloaded = NULL;
  g_autoptr(GstElement) element = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  g_assert_cmpuint (wcc_audio_devices_find (sinks, SINK_C), ==, G_MAXUINT);
  /* Kept in the settings while unplugged: the phone falls back to the default. */
  g_assert_true (wcc_audio_devices_is_device_description (sinks, SINK_C));
  g_assert_null (wcc_audio_devices_resolve (sinks, SINK_C));

  module = wcc_test_pulse_ctl (pulse, "load-module", "module-null-sink", "sink_name=c", NULL);
  g_strstrip (module);
  wait_for_presence (sinks, SINK_C, TRUE);
  wait_for_presence (sources, "pulsesrc device=\"c.monitor\"", TRUE);
  g_assert_cmpstr (wcc_audio_devices_resolve (sinks, SINK_C), ==, SINK_C);
  position = wcc_audio_devices_find (sinks, SINK_C);
  {
    g_autoptr(WccAudioDevice) c = g_list_model_get_item (G_LIST_MODEL (sinks), position);
    g_assert_cmpstr (wcc_audio_device_get_label (c), ==, "Null Output (c)");
    element = wcc_audio_device_create_element (c, &error);
    g_assert_no_error (error);
    g_assert_nonnull (element);
    gst_object_ref_sink (element);
    g_assert_cmpstr (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (gst_element_get_factory (element))), ==, "pulsesink");
  }

  unloaded = wcc_test_pulse_ctl (pulse, "unload-module", module, NULL);
  wait_for_presence (sinks, SINK_C, FALSE);
  wait_for_presence (sources, "pulsesrc device=\"c.monitor\"", FALSE);
  g_assert_null (wcc_audio_devices_resolve (sinks, SINK_C));
  /* A hand-written description is not a device: it is used as it is. */
  g_assert_false (wcc_audio_devices_is_device_description (sinks, "fakesink sync=true"));
  g_assert_cmpstr (wcc_audio_devices_resolve (sinks, "fakesink sync=true"), ==, "fakesink sync=true");
  g_assert_null (wcc_audio_devices_resolve (sinks, ""));
}

typedef struct {
  WccMicTest *test;
  double      above;
  gboolean    reached;
} LevelWait;

static void
on_level (LevelWait *wait)
{
  if (wcc_mic_test_get_level (wait->test) > wait->above)
    wait->reached = TRUE;
}

/* The loudest level the test shows over @ms. */
static double
loudest_over (WccMicTest *test,
              guint       ms)
{
  double loudest = 0;
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      loudest = MAX (loudest, wcc_mic_test_get_level (test));
      g_usleep (5000);
    }
  return loudest;
}

static void
test_mic_level (void)
{
  g_autoptr(WccMicTest) test = wcc_mic_test_new ();
  g_autoptr(GstElement) tone = NULL;
  g_autoptr(GError) error = NULL;
  LevelWait wait = { test, 0.6, FALSE };
  gulong id;

  /* A 440 Hz tone at −6 dBFS into sink a: its monitor is the "microphone". */
  tone = gst_parse_launch ("audiotestsrc is-live=true freq=440 volume=0.5 ! audioconvert ! " SINK_A, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (tone, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  /* b's monitor hears nothing: the meter stays down. */
  g_assert_true (wcc_mic_test_start (test, MONITOR_B, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_mic_test_get_running (test));
  g_assert_cmpfloat (loudest_over (test, 1000), <, 0.1);

  id = g_signal_connect_swapped (test, "notify::level", G_CALLBACK (on_level), &wait);
  g_assert_true (wcc_mic_test_start (test, MONITOR_A, &error));
  g_assert_no_error (error);
  wcc_test_wait_for (&wait.reached, 10000);
  g_signal_handler_disconnect (test, id);

  wcc_mic_test_stop (test);
  g_assert_false (wcc_mic_test_get_running (test));
  g_assert_cmpfloat (wcc_mic_test_get_level (test), ==, 0.0);
  gst_element_set_state (tone, GST_STATE_NULL);

  /* A source that does not exist cannot be parsed: an error, nothing running. */
  g_assert_false (wcc_mic_test_start (test, "nosuchelement", &error));
  g_assert_nonnull (error);
  g_assert_false (wcc_mic_test_get_running (test));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  wcc_test_guard_timeout (60);
  pulse = wcc_test_pulse_start ((const char *[]) { "a", "b", NULL });

  g_test_add_func ("/audio-devices/lists", test_lists);
  g_test_add_func ("/audio-devices/hot-plug", test_hot_plug);
  g_test_add_func ("/audio-devices/mic-level", test_mic_level);

  status = g_test_run ();
  wcc_test_pulse_stop (pulse);
  return status;
}
