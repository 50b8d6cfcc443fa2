/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-audio-devices.h: the audio inputs or outputs of this computer, kept up to date as they come and go. */
#pragma once

#include <gio/gio.h>

#include "wcc-audio-device.h"

G_BEGIN_DECLS

#define WCC_TYPE_AUDIO_DEVICES (wcc_audio_devices_get_type ())
G_DECLARE_FINAL_TYPE (WccAudioDevices, wcc_audio_devices, WCC, AUDIO_DEVICES, GObject)

/* A GListModel of WccAudioDevice of one direction from a GstDeviceMonitor: "System default"
 * first, then the devices in the order they appeared. Devices plugged in or out while it
 * lives are added and removed (nothing polls). Every list of the process shares one
 * monitor, whose bus is watched on the thread-default main context of the thread that made
 * the first list: make and use the lists on that thread. Starting the monitor reads the
 * current devices from the sound server at once (a local socket). */
WccAudioDevices *wcc_audio_devices_new       (WccAudioDirection  direction);

WccAudioDirection wcc_audio_devices_get_direction (WccAudioDevices *self);
/* The position of the device kept as @description (NULL or "": 0, the system default), or
 * GTK_INVALID_LIST_POSITION's value (G_MAXUINT) when no such device is connected. */
guint            wcc_audio_devices_find      (WccAudioDevices   *self,
                                              const char        *description);
/* Whether @description names a device of a kind this list shows (its element is one the
 * device providers make, e.g. pulsesink), connected or not; a hand-written description
 * ("audiotestsrc wave=ticks") is not. */
gboolean         wcc_audio_devices_is_device_description (WccAudioDevices *self,
                                                          const char      *description);
/* What the phone should use for the setting @description: @description itself while its
 * device is connected (or when it is no device description), NULL (the system default)
 * while its device is unplugged. */
const char      *wcc_audio_devices_resolve   (WccAudioDevices   *self,
                                              const char        *description);

G_END_DECLS
