/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call.h: one call of an account: its signalling state, its media, and what a UI binds to. */
#pragma once

#include <gio/gio.h>

#include "wcc-phone-types.h"

G_BEGIN_DECLS

#define WCC_TYPE_CALL (wcc_call_get_type ())
G_DECLARE_FINAL_TYPE (WccCall, wcc_call, WCC, CALL, GObject)

/* Properties (read-only unless noted, all notify):
 *   "account"            WccAccount
 *   "direction"          WccCallDirection (as int)
 *   "state"              WccCallState (as int)
 *   "remote-uri"         string  sip:1002@host
 *   "remote-number"      string  the user part (a phone number or extension)
 *   "remote-name"        string  the display name, or ""
 *   "on-hold"            boolean we hold the other side (they hear music)
 *   "remote-hold"        boolean the other side holds us
 *   "muted"              boolean
 *   "codec"              string  e.g. "PCMU"
 *   "jitter-ms", "packet-loss", "rtt-ms", "mos"   double, from RTCP
 *   "recording"          boolean a recording is being written (it turns FALSE once the
 *                        file is complete, also when the call ended during it)
 *   "start-time", "answer-time", "end-time"       int64 Unix µs (0 = not yet)
 *   "end-reason"         string  e.g. "remote hung up", "486 Busy Here", "cancelled"
 *   "end-status"         int     SIP status that ended it, 0 for BYE
 * Signals:
 *   "dtmf-received" (gchar digit)
 *   "transfer-done" (gboolean ok, int status, const char *reason)  outcome of our transfer
 *   "ended" () */

WccCallState     wcc_call_get_state         (WccCall     *self);
WccCallDirection wcc_call_get_direction     (WccCall     *self);
WccAccount      *wcc_call_get_account       (WccCall     *self);
const char      *wcc_call_get_remote_uri    (WccCall     *self);
const char      *wcc_call_get_remote_number (WccCall     *self);
const char      *wcc_call_get_remote_name   (WccCall     *self);
gboolean         wcc_call_get_on_hold       (WccCall     *self);
gboolean         wcc_call_get_remote_hold   (WccCall     *self);
gboolean         wcc_call_get_muted         (WccCall     *self);
const char      *wcc_call_get_codec         (WccCall     *self);
/* TRUE when the audio is SRTP (both sides agreed on RTP/SAVP). */
gboolean         wcc_call_get_secure        (WccCall     *self);
const char      *wcc_call_get_end_reason    (WccCall     *self);
/* Seconds since answered (0 before). */
guint            wcc_call_get_duration      (WccCall     *self);
/* What a header of the INVITE asked for: auto-answer after N s (-1: not asked). */
int              wcc_call_get_requested_answer_after (WccCall *self);
/* The value of an extension header (case-insensitive name, e.g. "X-WCC-Call-Id", the
 * server's id of the call) the other side sent: with its INVITE (incoming) or with its
 * answers to ours (outgoing: ringing, 2xx); NULL when none had it. */
const char      *wcc_call_get_invite_header (WccCall     *self,
                                             const char  *name);

/* Incoming: answer, or reject with 486 Busy Here / 603 Decline. */
gboolean         wcc_call_answer            (WccCall     *self,
                                             GError     **error);
void             wcc_call_reject            (WccCall     *self,
                                             guint        status);
/* Cancels an unanswered outgoing call, rejects (486) an incoming one, or hangs up. */
void             wcc_call_hangup            (WccCall     *self);
gboolean         wcc_call_set_hold          (WccCall     *self,
                                             gboolean     hold,
                                             GError     **error);
void             wcc_call_set_muted         (WccCall     *self,
                                             gboolean     muted);
/* Moves the call's playback to another device now (a gst-launch description, NULL: the
 * default); the phone's "audio-sink" does it for every call. FALSE, with the call keeping
 * its device, when the description cannot be used or the call has no audio yet. */
gboolean      wcc_call_set_audio_sink  (WccCall       *self,
                                        const char    *description,
                                        GError       **error);
void             wcc_call_set_volume        (WccCall     *self,
                                             double       volume);
/* Sends each of @digits as an RFC 4733 event. */
gboolean         wcc_call_send_dtmf         (WccCall     *self,
                                             const char  *digits,
                                             GError     **error);
/* Blind transfer (REFER) to @target (a number or a SIP URI). The call is put on hold (the
 * customer hears music) and stays until the target answers; if the transfer fails (refused,
 * target busy or unreachable, no outcome within 32 s) the call stays with the agent, on
 * hold, and "transfer-done" says why. */
gboolean         wcc_call_transfer          (WccCall     *self,
                                             const char  *target,
                                             GError     **error);
/* Attended transfer: connects this call's party with @consultation's (REFER with Replaces);
 * both calls end here once it succeeds. */
gboolean         wcc_call_transfer_to_call  (WccCall     *self,
                                             WccCall     *consultation,
                                             GError     **error);
gboolean         wcc_call_start_recording   (WccCall     *self,
                                             const char  *path,
                                             GError     **error);
void             wcc_call_stop_recording    (WccCall     *self);

G_END_DECLS
