/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-recording-player.h: plays a call recording of the server (C15): the bytes come through
 * the API client (the bearer token), GStreamer's playbin plays them from the user's cache. */
#pragma once

#include <gio/gio.h>

#include "wcc-api.h"

G_BEGIN_DECLS

typedef enum {
  WCC_PLAYBACK_STOPPED,
  WCC_PLAYBACK_LOADING,
  WCC_PLAYBACK_PLAYING,
} WccPlaybackState;

#define WCC_TYPE_RECORDING_PLAYER (wcc_recording_player_get_type ())
G_DECLARE_FINAL_TYPE (WccRecordingPlayer, wcc_recording_player, WCC, RECORDING_PLAYER, GObject)

/* Properties (notify): "state" (int, WccPlaybackState), "url" (string: the recording being
 * played, NULL when stopped).
 * Signals: error (const char *message). The output is $WCC_AUDIOSINK when set (a
 * gst-launch description, as for the softphone), else the system's. */

WccRecordingPlayer *wcc_recording_player_new       (WccClient          *client);
/* Plays @url (a record's "recording_url"); the one playing stops first. */
void                wcc_recording_player_play      (WccRecordingPlayer *self,
                                                    const char         *url);
void                wcc_recording_player_stop      (WccRecordingPlayer *self);
WccPlaybackState    wcc_recording_player_get_state (WccRecordingPlayer *self);
const char         *wcc_recording_player_get_url   (WccRecordingPlayer *self);

G_END_DECLS
