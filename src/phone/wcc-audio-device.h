/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-audio-device.h: one audio input or output the softphone can use, as kept in GSettings. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum {
  WCC_AUDIO_INPUT,           /* GstDeviceMonitor class "Audio/Source" */
  WCC_AUDIO_OUTPUT,          /* "Audio/Sink" */
} WccAudioDirection;

#define WCC_TYPE_AUDIO_DEVICE (wcc_audio_device_get_type ())
G_DECLARE_FINAL_TYPE (WccAudioDevice, wcc_audio_device, WCC, AUDIO_DEVICE, GObject)

/* A device is named for the settings by a gst-launch description of its element, e.g.
 * `pulsesink device="alsa_output.usb-…"`: the sound server's own name of the device (stable
 * across reboots and re-plugging, unlike its index), in the form the phone's "audio-source",
 * "audio-sink" and "ring-sink" already take. The system default is the empty description.
 *
 * Properties (read-only):
 *   "direction"     WccAudioDirection (int)
 *   "description"   string: what the settings keep ("" for the system default)
 *   "display-name"  string: the device's own name ("Built-in Audio Analog Stereo")
 *   "label"         string (notify): what a list shows: the display name, followed by the
 *                   device's name when two devices have the same display name
 *   "device"        GstDevice or NULL (the system default) */

/* The "System default" entry. */
WccAudioDevice *wcc_audio_device_new_default          (WccAudioDirection  direction);
/* NULL when @device's element cannot be named in a description (no device property). */
WccAudioDevice *wcc_audio_device_new_for_device       (WccAudioDirection  direction,
                                                       GstDevice         *device);

WccAudioDirection wcc_audio_device_get_direction      (WccAudioDevice    *self);
const char     *wcc_audio_device_get_description      (WccAudioDevice    *self);
const char     *wcc_audio_device_get_display_name     (WccAudioDevice    *self);
const char     *wcc_audio_device_get_label            (WccAudioDevice    *self);
GstDevice      *wcc_audio_device_get_device           (WccAudioDevice    *self);
gboolean        wcc_audio_device_is_default           (WccAudioDevice    *self);
/* The name the sound server gives the device (its element's device property), NULL for the
 * system default. */
const char     *wcc_audio_device_get_device_name      (WccAudioDevice    *self);

/* A new floating element for the device (gst_device_create_element), or for the system
 * default what the phone uses then: $WCC_AUDIOSRC / $WCC_AUDIOSINK, else autoaudiosrc /
 * autoaudiosink. */
GstElement     *wcc_audio_device_create_element       (WccAudioDevice    *self,
                                                       GError           **error);

/* What an empty description means for @direction: $WCC_AUDIOSRC / $WCC_AUDIOSINK, else
 * "autoaudiosrc" / "autoaudiosink" (as the phone's media session reads it). */
const char     *wcc_audio_device_default_description  (WccAudioDirection  direction);

/* Set by the list, which knows when another device has the same display name: the label
 * then names the device too. */
void            wcc_audio_device_set_name_shared      (WccAudioDevice    *self,
                                                       gboolean           shared);

G_END_DECLS
