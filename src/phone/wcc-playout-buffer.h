/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-playout-buffer.h: a passive jitter buffer, read by a thread that wakes anyway. */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define WCC_TYPE_PLAYOUT_BUFFER (wcc_playout_buffer_get_type ())
G_DECLARE_FINAL_TYPE (WccPlayoutBuffer, wcc_playout_buffer, WCC, PLAYOUT_BUFFER, GstElement)

/* A jitter buffer for rtpbin ("request-jitterbuffer") with no thread of its own: received
 * RTP is kept in sequence order, and wcc_playout_buffer_play_due() pushes what is due by
 * then (each packet at its arrival time plus the "latency", by its RTP timestamp), with a
 * GstRTPPacketLost event (the decoder's concealment) for each packet missing when its
 * turn comes. Packets that come too late are dropped; the delay follows the sender's clock
 * (one packet time at a time) when packets keep coming late or pile up. */
WccPlayoutBuffer *wcc_playout_buffer_new      (void);
/* Called by the thread that drives playout (the capture's, each packet time). @now is
 * the pipeline's running time. */
void              wcc_playout_buffer_play_due (WccPlayoutBuffer *self,
                                               GstClockTime      now);
/* Packets concealed, and packets dropped because they came after their turn. */
void              wcc_playout_buffer_get_counts (WccPlayoutBuffer *self,
                                                 guint64          *lost,
                                                 guint64          *late);

G_END_DECLS
