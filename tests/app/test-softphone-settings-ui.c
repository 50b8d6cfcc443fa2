/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-softphone-settings-ui.c: the softphone's settings window under Xvfb, logged in to a
 * real wcc-server, with a private PulseAudio daemon (null sinks a and b) for devices: the
 * switches reach the settings, the account and the phone; the device rows list a and b,
 * choosing b keeps it in GSettings and the phone takes it; a sink loaded while the window is
 * open appears, and when it is unloaded the row falls back to the default and says so
 * while the setting keeps it; the microphone test's level bar moves with a tone played into
 * the chosen input. Screenshot softphone-settings.png. */
#define G_LOG_DOMAIN "test-softphone-settings-ui"

#include <gst/gst.h>

#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-softphone-settings.h"
#include "wcc-test-pulse.h"
#include "wcc-test-ui.h"

#define SINK_B "pulsesink device=\"b\""
#define SINK_C "pulsesink device=\"c\""
#define MONITOR_A "pulsesrc device=\"a.monitor\""

static WccTestPulse *pulse;

/* The labels a combo row offers, joined by "|". */
static char *
row_labels (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GtkExpression *expression = adw_combo_row_get_expression (row);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_true (gtk_expression_evaluate (expression, item, &value));
      g_string_append_printf (joined, "%s%s", i ? "|" : "", g_value_get_string (&value));
    }
  return g_strdup (joined->str);
}

static guint
position_of (AdwComboRow *row,
             const char  *description)
{
  guint position = wcc_audio_devices_find (WCC_AUDIO_DEVICES (adw_combo_row_get_model (row)), description);

  g_assert_cmpuint (position, !=, G_MAXUINT);
  return position;
}

typedef struct {
  AdwComboRow *row;
  guint        n_items;
} RowItems;

static gboolean
row_has_items (gpointer data)
{
  RowItems *wanted = data;
  return g_list_model_get_n_items (adw_combo_row_get_model (wanted->row)) == wanted->n_items;
}

static void
wait_for_row_items (AdwComboRow *row,
                    guint        n_items)
{
  RowItems wanted = { row, n_items };

  g_test_message ("waiting for %u devices", n_items);
  wait_until (row_has_items, &wanted, 10000);
}

typedef struct {
  WccPhone   *phone;
  const char *property;
  const char *value;
} PhoneDevice;

static gboolean
phone_uses (gpointer data)
{
  PhoneDevice *wanted = data;
  g_autofree char *value = NULL;

  g_object_get (wanted->phone, wanted->property, &value, NULL);
  return g_strcmp0 (value, wanted->value) == 0;
}

/* As a click would (gtk_widget_activate() acts only after a visual press). */
static void
flip_switch (GtkWidget  *window,
             const char *id)
{
  GtkSwitch *widget = GTK_SWITCH (child (GTK_WINDOW (window), id));

  gtk_switch_set_active (widget, !gtk_switch_get_active (widget));
}

static void
flip_toggle (GtkWidget  *window,
             const char *id)
{
  GtkToggleButton *widget = GTK_TOGGLE_BUTTON (child (GTK_WINDOW (window), id));

  gtk_toggle_button_set_active (widget, !gtk_toggle_button_get_active (widget));
}

static gboolean
level_above_half (gpointer data)
{
  return gtk_level_bar_get_value (GTK_LEVEL_BAR (data)) > 0.5;
}

static void
test_settings_window (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccSoftphone *softphone;
  WccPhone *phone;
  WccAccount *account;
  GtkWidget *panel;
  GtkWidget *window = NULL;
  AdwComboRow *input_row, *output_row, *ring_row;
  GtkWidget *level_bar;
  g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
  g_autoptr(GstElement) tone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *module = NULL;
  g_autofree char *output = NULL;
  g_autofree char *kept = NULL;
  gboolean value;

  wcc_test_guard_timeout (150);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  phone = wcc_softphone_get_phone (softphone);
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  account = wcc_softphone_get_account (softphone);

  /* Opened from the pane's menu. */
  wcc_main_window_show_softphone (WCC_MAIN_WINDOW (main_window));   /* builds the panel */
  panel = child (main_window, "softphone_panel");
  g_assert_nonnull (find_by_id (panel, "softphone_menu_button"));
  gtk_widget_activate_action (panel, "phone.settings", NULL);
  wait_until (wcc_test_softphone_settings_shown, &window, 5000);
  input_row = ADW_COMBO_ROW (child (GTK_WINDOW (window), "input_row"));
  output_row = ADW_COMBO_ROW (child (GTK_WINDOW (window), "output_row"));
  ring_row = ADW_COMBO_ROW (child (GTK_WINDOW (window), "ring_row"));
  level_bar = child (GTK_WINDOW (window), "mic_level_bar");

  /* The switches edit the settings, and the softphone applies them at once. */
  flip_switch (window, "dnd_switch");
  g_assert_true (g_settings_get_boolean (settings, "dnd"));
  g_object_get (account, "dnd", &value, NULL);
  g_assert_true (value);
  flip_switch (window, "dnd_switch");
  g_object_get (account, "dnd", &value, NULL);
  g_assert_false (value);
  flip_switch (window, "auto_answer_switch");
  g_object_get (account, "auto-answer", &value, NULL);
  g_assert_true (value);
  flip_switch (window, "busy_tone_switch");
  g_assert_false (g_settings_get_boolean (settings, "busy-tone"));
  g_object_get (phone, "busy-tone", &value, NULL);
  g_assert_false (value);
  flip_switch (window, "echo_cancellation_switch");
  g_assert_false (g_settings_get_boolean (settings, "echo-cancellation"));
  g_object_get (phone, "echo-cancellation", &value, NULL);
  g_assert_false (value);

  /* Both null sinks are "Null Output": the rows tell them apart. */
  labels = row_labels (output_row);
  g_assert_cmpstr (labels, ==, "System default|Null Output (a)|Null Output (b)");
  g_clear_pointer (&labels, g_free);
  labels = row_labels (ring_row);
  g_assert_cmpstr (labels, ==, "Same as the speaker|Null Output (a)|Null Output (b)");
  g_clear_pointer (&labels, g_free);
  labels = row_labels (input_row);
  g_assert_cmpstr (labels, ==, "System default|Monitor of Null Output (a.monitor)|Monitor of Null Output (b.monitor)");

  /* Choosing b keeps it and the phone takes it for the next call. */
  adw_combo_row_set_selected (output_row, position_of (output_row, SINK_B));
  kept = g_settings_get_string (settings, "audio-sink");
  g_assert_cmpstr (kept, ==, SINK_B);
  wait_until (phone_uses, &(PhoneDevice) { phone, "audio-sink", SINK_B }, 1000);

  /* Hot-plug: c appears in the rows, is chosen for the ringing, goes away: the row shows the
   * fallback and says so, the setting keeps c, the phone rings on the speaker meanwhile. */
  module = wcc_test_pulse_ctl (pulse, "load-module", "module-null-sink", "sink_name=c", NULL);
  g_strstrip (module);
  wait_for_row_items (output_row, 4);
  wait_for_row_items (ring_row, 4);
  adw_combo_row_set_selected (ring_row, position_of (ring_row, SINK_C));
  wait_until (phone_uses, &(PhoneDevice) { phone, "ring-sink", SINK_C }, 1000);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ring_row)), ==, "");
  g_free (wcc_test_pulse_ctl (pulse, "unload-module", module, NULL));
  wait_for_row_items (ring_row, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (ring_row), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ring_row)), ==,
                   "The chosen device is not connected: the ringing plays on the speaker until it is back");
  g_clear_pointer (&kept, g_free);
  kept = g_settings_get_string (settings, "ring-sink");
  g_assert_cmpstr (kept, ==, SINK_C);
  wait_until (phone_uses, &(PhoneDevice) { phone, "ring-sink", NULL }, 1000);
  /* b, still there, stayed chosen through all that. */
  g_assert_cmpuint (adw_combo_row_get_selected (output_row), ==, position_of (output_row, SINK_B));
  g_clear_pointer (&kept, g_free);
  kept = g_settings_get_string (settings, "audio-sink");
  g_assert_cmpstr (kept, ==, SINK_B);
  /* Plugged back in: chosen again by itself. */
  g_free (module);
  module = wcc_test_pulse_ctl (pulse, "load-module", "module-null-sink", "sink_name=c", NULL);
  wait_for_row_items (ring_row, 4);
  g_assert_cmpuint (adw_combo_row_get_selected (ring_row), ==, position_of (ring_row, SINK_C));
  wait_until (phone_uses, &(PhoneDevice) { phone, "ring-sink", SINK_C }, 1000);

  /* The microphone test: a tone into a, a's monitor as the microphone. */
  tone = gst_parse_launch ("audiotestsrc is-live=true freq=440 volume=0.5 ! audioconvert ! pulsesink device=a", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_element_set_state (tone, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  adw_combo_row_set_selected (input_row, position_of (input_row, MONITOR_A));
  g_clear_pointer (&kept, g_free);
  kept = g_settings_get_string (settings, "audio-source");
  g_assert_cmpstr (kept, ==, MONITOR_A);
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (level_bar)), ==, 0.0);
  flip_toggle (window, "mic_test_button");
  g_test_message ("waiting for the level bar");
  wait_until (level_above_half, level_bar, 10000);
  save_screenshot (window, "softphone-settings.png");
  flip_toggle (window, "mic_test_button");
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (level_bar)), ==, 0.0);
  gst_element_set_state (tone, GST_STATE_NULL);

  gtk_window_close (GTK_WINDOW (window));
  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Calls are not made here: the test devices only matter for what the phone is given. */
  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=silence", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_test_ui_init (&argc, &argv);
  gst_init (&argc, &argv);
  pulse = wcc_test_pulse_start ((const char *[]) { "a", "b", NULL });

  g_test_add_func ("/ui/softphone/settings", test_settings_window);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  wcc_test_pulse_stop (pulse);
  return status;
}
