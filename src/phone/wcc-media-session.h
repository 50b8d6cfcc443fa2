/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-media-session.h: the audio of one call: an RTP/RTCP stream through GStreamer rtpbin. */
#pragma once

#include <gio/gio.h>

#include "wcc-sdp.h"

G_BEGIN_DECLS

#define WCC_TYPE_MEDIA_SESSION (wcc_media_session_get_type ())
G_DECLARE_FINAL_TYPE (WccMediaSession, wcc_media_session, WCC, MEDIA_SESSION, GObject)

/* Where a call's audio comes from and goes to. Each is a gst-launch description of one
 * element or a bin ("pulsesrc device=…", "audiotestsrc freq=1000 is-live=true", "fakesink",
 * or an "appsink name=…" the tests attach to); NULL takes $WCC_AUDIOSRC / $WCC_AUDIOSINK,
 * else autoaudiosrc / autoaudiosink. */
typedef struct {
  const char *source;
  const char *sink;
  gboolean    echo_cancellation;   /* webrtcdsp + webrtcechoprobe, when the plugin exists */
  guint       jitter_latency_ms;   /* 0: 60 ms */
} WccMediaDevices;

/* Binds the RTP socket (an even port) and RTCP (port + 1) on @bind_address, port chosen by
 * the system; the sockets are shared by sender and receiver (symmetric RTP). */
WccMediaSession *wcc_media_session_new            (const char            *bind_address,
                                                    const WccMediaDevices *devices,
                                                    GError               **error);
guint16          wcc_media_session_get_port        (WccMediaSession       *self);
const char      *wcc_media_session_get_address     (WccMediaSession       *self);

/* Applies a negotiated SDP pair: @local is what we sent or answered, @remote what the peer
 * sent. Starts the stream on the first call; later calls (re-INVITE: hold, resume, codec or
 * address change) update it in place. Direction follows @local: sendonly → we send
 * (music while on hold, see set_hold) and do not play; recvonly → we only play; inactive. */
gboolean         wcc_media_session_apply           (WccMediaSession       *self,
                                                    const WccSdp          *local,
                                                    const WccSdp          *remote,
                                                    GError               **error);
/* Local hold: the far end hears hold music (generated, royalty-free) instead of our
 * source; our playback pauses. */
void             wcc_media_session_set_hold        (WccMediaSession       *self,
                                                    gboolean               hold);
void             wcc_media_session_set_muted       (WccMediaSession       *self,
                                                    gboolean               muted);
/* Playback volume, 0.0–2.0 (1.0 is unchanged). */
void             wcc_media_session_set_volume      (WccMediaSession       *self,
                                                    double                 volume);
/* Moves the playback to another device (a description as in WccMediaDevices; NULL: the
 * default) while the call goes on; the old device is let go. FALSE when the description
 * cannot be used (the call keeps its device). */
gboolean         wcc_media_session_set_sink        (WccMediaSession       *self,
                                                    const char            *description,
                                                    GError               **error);
/* Sends an RFC 4733 event ('0'–'9', '*', '#', 'A'–'D') for @duration_ms (≥ 40). Digits
 * queue: they go out one after another with a 50 ms gap. FALSE when the peer did not
 * negotiate telephone-event. */
gboolean         wcc_media_session_send_dtmf       (WccMediaSession       *self,
                                                    char                   digit,
                                                    guint                  duration_ms);
/* Records both directions mixed into an Ogg/Opus file until stopped (or the session ends). */
gboolean         wcc_media_session_start_recording (WccMediaSession       *self,
                                                    const char            *path,
                                                    GError               **error);
void             wcc_media_session_stop_recording  (WccMediaSession       *self);
/* Opus in-band FEC of what we send: TRUE while the encoder codes it, with the packet loss
 * (percent) it is told to expect in @loss_percentage. It follows the loss the far end's
 * RTCP receiver reports give for our stream (smoothed, see below); FALSE and 0 without
 * reported loss and for other codecs. */
gboolean         wcc_media_session_get_send_fec   (WccMediaSession       *self,
                                                    guint                 *loss_percentage);
/* The smoothing of the reported loss (percent) for FEC: a rise counts at once, a fall
 * halves the distance with each report, and under half a percent is none. */
double           wcc_media_session_smooth_loss     (double                 smoothed,
                                                    double                 reported);
/* Stops the pipeline and closes the sockets. Idempotent; dispose does it too. */
void             wcc_media_session_stop            (WccMediaSession       *self);

/* Properties (read-only, notify on change; stats from RTCP, updated as reports arrive):
 *   "codec"        (string)  the encoding being sent, e.g. "PCMU"
 *   "jitter-ms"    (double)  interarrival jitter of what we receive
 *   "packet-loss"  (double)  fraction lost, 0–1, of what we receive
 *   "rtt-ms"       (double)  round-trip time from the peer's receiver reports, 0 unknown
 *   "mos"          (double)  estimated MOS (E-model from codec, loss, jitter, rtt), 1–4.5;
 *                            0 until the first packets arrive
 *   "on-hold"      (boolean) local hold
 *   "muted"        (boolean)
 *   "recording"    (boolean)
 * Signals:
 *   "dtmf-received" (gchar digit)  once per received event (as the event starts)
 *   "error"         (GError*)      the pipeline failed; the call should end */

G_END_DECLS
