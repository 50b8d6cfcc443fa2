/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone-settings.c: the softphone's settings window: call handling, connection, audio devices, microphone test. */
#define G_LOG_DOMAIN "wcc-softphone-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-mic-test.h"
#include "wcc-phone-list.h"
#include "wcc-softphone-settings.h"

/* The transport row's items, in the order of its list (the values of sip-transport). */
static const char *const transports[] = { "automatic", "tls", "udp" };

/* One device row: the setting it edits and the list it chooses from. */
typedef struct {
  const char        *key;
  WccAudioDirection  direction;
  AdwComboRow       *row;      /* borrowed from the template */
} DeviceRow;

enum { INPUT_ROW, OUTPUT_ROW, RING_ROW, N_DEVICE_ROWS };

struct _WccSoftphoneSettings
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSwitch            *auto_answer_switch;
  GtkSwitch            *dnd_switch;
  GtkSwitch            *busy_tone_switch;
  GtkSwitch            *require_srtp_switch;
  GtkSwitch            *echo_cancellation_switch;
  AdwComboRow          *input_row;
  AdwComboRow          *output_row;
  AdwComboRow          *ring_row;
  GtkLevelBar          *mic_level_bar;
  GtkToggleButton      *mic_test_button;
  AdwComboRow          *transport_row;
  AdwActionRow         *ca_file_row;
  GtkWidget            *ca_file_button;
  GtkWidget            *ca_file_clear_button;

  /* owned references */
  GSettings            *settings;
  WccAudioDevices      *inputs;
  WccAudioDevices      *outputs;
  WccMicTest           *mic_test;

  DeviceRow             device_rows[N_DEVICE_ROWS];
  guint                 syncing;   /* > 0: selections move by themselves, not by the agent */
};

G_DEFINE_FINAL_TYPE (WccSoftphoneSettings, wcc_softphone_settings, ADW_TYPE_PREFERENCES_WINDOW)

static WccAudioDevices *
devices_of (WccSoftphoneSettings *self,
            const DeviceRow      *device_row)
{
  return device_row->direction == WCC_AUDIO_INPUT ? self->inputs : self->outputs;
}

static void
show_toast (WccSoftphoneSettings *self,
            const char           *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* The row shows the kept device, or the default and why when that device is unplugged. */
static void
sync_device_row (WccSoftphoneSettings *self,
                 const DeviceRow      *device_row)
{
  g_autofree char *kept = g_settings_get_string (self->settings, device_row->key);
  guint position = wcc_audio_devices_find (devices_of (self, device_row), kept);
  const char *subtitle = "";

  if (position == G_MAXUINT)
    {
      position = 0;
      if (device_row->row == self->ring_row)
        subtitle = _("The chosen device is not connected: the ringing plays on the speaker until it is back");
      else
        subtitle = _("The chosen device is not connected: the system default is used until it is back");
    }
  self->syncing++;
  adw_combo_row_set_selected (device_row->row, position);
  self->syncing--;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (device_row->row), subtitle);
}

static void
sync_device_rows (WccSoftphoneSettings *self)
{
  for (guint i = 0; i < N_DEVICE_ROWS; i++)
    sync_device_row (self, &self->device_rows[i]);
}

/* A device list changes: the rows' selections follow the items by themselves (not a choice
 * of the agent's), then each row is set again from its setting. */
static void
on_devices_changing (WccSoftphoneSettings *self)
{
  self->syncing++;
}

static void
on_devices_changed (WccSoftphoneSettings *self)
{
  self->syncing--;
  sync_device_rows (self);
}

static void
on_device_selected (WccSoftphoneSettings *self,
                    GParamSpec           *pspec,
                    AdwComboRow          *row)
{
  g_autoptr(WccAudioDevice) device = NULL;

  if (self->syncing > 0)
    return;
  device = adw_combo_row_get_selected_item (row) ? g_object_ref (adw_combo_row_get_selected_item (row)) : NULL;
  if (device == NULL)
    return;
  for (guint i = 0; i < N_DEVICE_ROWS; i++)
    if (self->device_rows[i].row == row)
      g_settings_set_string (self->settings, self->device_rows[i].key, wcc_audio_device_get_description (device));
}

static void
on_device_setting_changed (WccSoftphoneSettings *self,
                           const char           *key,
                           GSettings            *settings)
{
  for (guint i = 0; i < N_DEVICE_ROWS; i++)
    if (g_strcmp0 (self->device_rows[i].key, key) == 0)
      sync_device_row (self, &self->device_rows[i]);
}

/* ---- the microphone test ----------------------------------------------------------------- */

static void
set_mic_test_button (WccSoftphoneSettings *self,
                     gboolean              active)
{
  g_signal_handlers_block_matched (self->mic_test_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_toggle_button_set_active (self->mic_test_button, active);
  g_signal_handlers_unblock_matched (self->mic_test_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/* The test listens to the microphone calls would use: the kept one, or the default while it
 * is unplugged. */
static void
start_mic_test (WccSoftphoneSettings *self)
{
  g_autofree char *kept = g_settings_get_string (self->settings, "audio-source");
  g_autoptr(GError) error = NULL;

  if (!wcc_mic_test_start (self->mic_test, wcc_audio_devices_resolve (self->inputs, kept), &error))
    {
      set_mic_test_button (self, FALSE);
      show_toast (self, error->message);
    }
}

static void
on_mic_test_toggled (WccSoftphoneSettings *self,
                     GtkToggleButton      *button)
{
  if (gtk_toggle_button_get_active (button))
    start_mic_test (self);
  else
    wcc_mic_test_stop (self->mic_test);
}

static void
on_mic_level (WccSoftphoneSettings *self,
              GParamSpec           *pspec,
              WccMicTest           *test)
{
  gtk_level_bar_set_value (self->mic_level_bar, wcc_mic_test_get_level (test));
}

static void
on_mic_test_failed (WccSoftphoneSettings *self,
                    const char           *message,
                    WccMicTest           *test)
{
  set_mic_test_button (self, FALSE);
  show_toast (self, message);
}

/* Another microphone chosen, or the kept one plugged in or out, while the test runs: it
 * listens to the new one. */
static void
on_input_changed (WccSoftphoneSettings *self)
{
  if (wcc_mic_test_get_running (self->mic_test))
    start_mic_test (self);
}

static gboolean
on_close_request (WccSoftphoneSettings *self,
                  GtkWindow            *window)
{
  wcc_mic_test_stop (self->mic_test);
  set_mic_test_button (self, FALSE);
  return FALSE;
}

/* ---- the connection ---------------------------------------------------------------------- */

static gboolean
transport_to_row (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *transport = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    if (g_strcmp0 (transport, transports[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_transport (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (transports))
    return NULL;
  return g_variant_new_string (transports[selected]);
}

static void
sync_ca_file_row (WccSoftphoneSettings *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "sip-ca-file");
  gboolean writable = g_settings_is_writable (self->settings, "sip-ca-file");

  adw_action_row_set_subtitle (self->ca_file_row,
                               *path ? path : _("None: the system’s authorities only"));
  /* An administrator may have set and locked it. */
  gtk_widget_set_sensitive (self->ca_file_button, writable);
  gtk_widget_set_visible (self->ca_file_clear_button, *path != '\0' && writable);
}

static void
on_ca_file_chosen (GtkWidget *widget,
                   GFile     *file)
{
  WccSoftphoneSettings *self = WCC_SOFTPHONE_SETTINGS (gtk_widget_get_root (widget));
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    g_settings_set_string (self->settings, "sip-ca-file", path);
}

static void
on_ca_file_choose (WccSoftphoneSettings *self,
                   GtkButton            *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  wcc_phone_list_choose_file (GTK_WIDGET (button), FALSE, _("Choose a Certificate Authority"), NULL, filter,
                              on_ca_file_chosen);
}

static void
on_ca_file_clear (WccSoftphoneSettings *self,
                  GtkButton            *button)
{
  g_settings_reset (self->settings, "sip-ca-file");
}

/* ---- the rows' labels -------------------------------------------------------------------- */

static char *
device_label (WccAudioDevice *device,
              const char     *label,
              gpointer        user_data)
{
  return g_strdup (label);
}

/* For the ringing, "no device of its own" means the speaker's. */
static char *
ring_device_label (WccAudioDevice *device,
                   const char     *label,
                   gpointer        user_data)
{
  if (device != NULL && wcc_audio_device_is_default (device))
    return g_strdup (_("Same as the speaker"));
  return g_strdup (label);
}

static GtkExpression *
label_expression (GCallback label_func)
{
  GtkExpression *label = gtk_property_expression_new (WCC_TYPE_AUDIO_DEVICE, NULL, "label");

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &label, label_func, NULL, NULL);
}

static void
set_up_devices (WccSoftphoneSettings *self)
{
  WccAudioDevices *lists[] = { self->inputs, self->outputs };

  /* Connected before the rows take the lists, so they run around the rows' own handlers. */
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_signal_connect_object (lists[i], "items-changed", G_CALLBACK (on_devices_changing), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (lists[i], "items-changed", G_CALLBACK (on_devices_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  g_signal_connect_object (self->inputs, "items-changed", G_CALLBACK (on_input_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->syncing++;
  adw_combo_row_set_expression (self->input_row, label_expression (G_CALLBACK (device_label)));
  adw_combo_row_set_expression (self->output_row, label_expression (G_CALLBACK (device_label)));
  adw_combo_row_set_expression (self->ring_row, label_expression (G_CALLBACK (ring_device_label)));
  adw_combo_row_set_model (self->input_row, G_LIST_MODEL (self->inputs));
  adw_combo_row_set_model (self->output_row, G_LIST_MODEL (self->outputs));
  adw_combo_row_set_model (self->ring_row, G_LIST_MODEL (self->outputs));
  self->syncing--;
  sync_device_rows (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_device_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::audio-source", G_CALLBACK (on_input_changed), self,
                           G_CONNECT_SWAPPED);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_softphone_settings_dispose (GObject *object)
{
  WccSoftphoneSettings *self = WCC_SOFTPHONE_SETTINGS (object);

  if (self->mic_test != NULL)
    wcc_mic_test_stop (self->mic_test);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SOFTPHONE_SETTINGS);
  g_clear_object (&self->mic_test);
  g_clear_object (&self->inputs);
  g_clear_object (&self->outputs);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wcc_softphone_settings_parent_class)->dispose (object);
}

static void
wcc_softphone_settings_class_init (WccSoftphoneSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_softphone_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-softphone-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, auto_answer_switch);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, dnd_switch);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, busy_tone_switch);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, require_srtp_switch);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, echo_cancellation_switch);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, input_row);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, output_row);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, ring_row);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, mic_level_bar);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, mic_test_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, transport_row);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, ca_file_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphoneSettings, ca_file_clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_choose);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_device_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_mic_test_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request);
}

static void
wcc_softphone_settings_init (WccSoftphoneSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "auto-answer", self->auto_answer_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "dnd", self->dnd_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "busy-tone", self->busy_tone_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "require-srtp", self->require_srtp_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "echo-cancellation", self->echo_cancellation_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (self->settings, "sip-transport", self->transport_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, transport_to_row, row_to_transport, NULL, NULL);
  sync_ca_file_row (self);
  g_signal_connect_object (self->settings, "changed::sip-ca-file", G_CALLBACK (sync_ca_file_row), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "writable-changed::sip-ca-file", G_CALLBACK (sync_ca_file_row), self,
                           G_CONNECT_SWAPPED);

  self->device_rows[INPUT_ROW] = (DeviceRow) { "audio-source", WCC_AUDIO_INPUT, self->input_row };
  self->device_rows[OUTPUT_ROW] = (DeviceRow) { "audio-sink", WCC_AUDIO_OUTPUT, self->output_row };
  self->device_rows[RING_ROW] = (DeviceRow) { "ring-sink", WCC_AUDIO_OUTPUT, self->ring_row };

  self->mic_test = wcc_mic_test_new ();
  g_signal_connect_object (self->mic_test, "notify::level", G_CALLBACK (on_mic_level), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mic_test, "failed", G_CALLBACK (on_mic_test_failed), self, G_CONNECT_SWAPPED);
}

WccSoftphoneSettings *
wcc_softphone_settings_new (GtkWindow       *parent,
                            WccAudioDevices *inputs,
                            WccAudioDevices *outputs)
{
  WccSoftphoneSettings *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (inputs), NULL);
  g_return_val_if_fail (WCC_IS_AUDIO_DEVICES (outputs), NULL);

  self = g_object_new (WCC_TYPE_SOFTPHONE_SETTINGS, "transient-for", parent, NULL);
  self->inputs = g_object_ref (inputs);
  self->outputs = g_object_ref (outputs);
  set_up_devices (self);
  return self;
}
