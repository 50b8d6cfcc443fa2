/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone-settings.h: the softphone's settings window: call handling, audio devices, microphone test. */
#pragma once

#include <adwaita.h>

#include "wcc-audio-devices.h"

G_BEGIN_DECLS

#define WCC_TYPE_SOFTPHONE_SETTINGS (wcc_softphone_settings_get_type ())
G_DECLARE_FINAL_TYPE (WccSoftphoneSettings, wcc_softphone_settings, WCC, SOFTPHONE_SETTINGS, AdwPreferencesWindow)

/* Edits the application's GSettings directly (the softphone applies them): auto-answer, DND,
 * busy tone, echo cancellation, and the microphone, speaker and ringing devices chosen from
 * @inputs and @outputs. A kept device that is not connected shows the system default and
 * says so on its row, without forgetting the choice. The microphone test runs only while its
 * button is down and the window is open. */
WccSoftphoneSettings *wcc_softphone_settings_new (GtkWindow       *parent,
                                                  WccAudioDevices *inputs,
                                                  WccAudioDevices *outputs);

G_END_DECLS
