/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tone-player.h: call-progress tones on a local sink: ringback, ringtone, busy, beep. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Tones played on a local sink, outside any call: ringback (425 Hz 1 s on / 4 s off), the
 * ringtone of incoming calls, the busy tone (425 Hz 0.5 s on / 0.5 s off, stops by itself
 * after @seconds), the short auto-answer beep. */
typedef enum {
  WCC_TONE_RINGBACK,
  WCC_TONE_RINGTONE,
  WCC_TONE_BUSY,
  WCC_TONE_BEEP,
} WccTone;

#define WCC_TYPE_TONE_PLAYER (wcc_tone_player_get_type ())
G_DECLARE_FINAL_TYPE (WccTonePlayer, wcc_tone_player, WCC, TONE_PLAYER, GObject)

/* @sink: as WccMediaDevices.sink (the ringing device may differ from the call's). */
WccTonePlayer   *wcc_tone_player_new               (const char            *sink);
/* Plays @tone for @seconds (0: until stopped); replaces whatever was playing. Emits
 * "finished" when it ends by itself. */
void             wcc_tone_player_play              (WccTonePlayer         *self,
                                                    WccTone                tone,
                                                    guint                  seconds);
void             wcc_tone_player_stop              (WccTonePlayer         *self);
gboolean         wcc_tone_player_is_playing        (WccTonePlayer         *self);

G_END_DECLS
