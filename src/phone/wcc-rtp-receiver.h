/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-rtp-receiver.h: a source of received RTP with no streaming thread of its own. */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define WCC_TYPE_RTP_RECEIVER (wcc_rtp_receiver_get_type ())
G_DECLARE_FINAL_TYPE (WccRtpReceiver, wcc_rtp_receiver, WCC, RTP_RECEIVER, GstElement)

/* Reads datagrams from @socket (shared with the sender: symmetric RTP) and pushes them on
 * its "src" pad with its caps, each stamped with its arrival time as the kernel saw it. It
 * pushes only when wcc_rtp_receiver_drain() is called, by a thread that wakes about once
 * per packet anyway (the capture's), or every @period once wcc_rtp_receiver_drain_on_clock()
 * was called. */
WccRtpReceiver *wcc_rtp_receiver_new                (GSocket        *socket,
                                                     GstClockTime    period);
void            wcc_rtp_receiver_set_caps           (WccRtpReceiver *self,
                                                     GstCaps        *caps);
/* Pushes everything waiting in the socket (any thread, never blocks on the network). */
void            wcc_rtp_receiver_drain              (WccRtpReceiver *self);
/* From now on until the element stops, drains every period on the pipeline clock's own
 * thread: for when the thread that used to call drain stops (the capture ended). A
 * watchdog (every 250 ms while playing) does the same on its own while drain is called
 * less than half as often as once per period (a stalled capture), until it is again. */
void            wcc_rtp_receiver_drain_on_clock     (WccRtpReceiver *self);
/* @func runs after each drain, in the draining thread, with no lock held: what else must
 * happen once per packet time (playing out what was received). */
typedef void (*WccRtpReceiverDrained) (gpointer user_data);
void            wcc_rtp_receiver_set_drained_func   (WccRtpReceiver        *self,
                                                     WccRtpReceiverDrained  func,
                                                     gpointer               user_data);

/* For an element without a streaming thread that is live all the same (this receiver, the
 * playout buffer): @parent_class's change of state, with nothing to preroll. */
GstStateChangeReturn wcc_live_element_change_state (GstElementClass *parent_class,
                                                    GstElement      *element,
                                                    GstStateChange   transition);

G_END_DECLS
