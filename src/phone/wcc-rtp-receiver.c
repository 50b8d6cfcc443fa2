/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-rtp-receiver.c: received RTP pushed by a thread the call already has, not one of its own. */
#define G_LOG_DOMAIN "wcc-rtp-receiver"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "wcc-rtp-receiver.h"

#define MAX_DATAGRAMS_PER_DRAIN 64

/* Larger than any datagram: nothing is ever cut. */
#define MAX_DATAGRAM 65536
/* A kernel timestamp older than this is not believed (a clock step): the packet is stamped
 * with the time it was read. */
#define MAX_AGE (GST_SECOND)
/* How often the watchdog looks whether the capture still drains: a few wake-ups a second
 * of the clock's thread, against fifty per packet time for a thread of our own. */
#define STALL_CHECK (250 * GST_MSECOND)

struct _WccRtpReceiver
{
  GstElement    parent_instance;

  GstPad       *src;
  GSocket      *socket;
  GstClockTime  period;
  gboolean      kernel_timestamps;

  /* Under the pad's stream lock. */
  gboolean      need_events;
  guint8       *datagram;

  /* Under the object lock. */
  GstCaps      *caps;
  GstClockID    clock_drain;
  gboolean      clock_for_good;  /* the capture ended: the clock drains until the end */
  GstClockID    watchdog;
  /* Atomic: the drains asked for since the watchdog last looked. */
  gint          drains_seen;
  /* Set before the element starts. */
  WccRtpReceiverDrained drained;
  gpointer      drained_data;
};

G_DEFINE_FINAL_TYPE (WccRtpReceiver, wcc_rtp_receiver, GST_TYPE_ELEMENT)

static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

/* How long ago the datagram of @message arrived, by the kernel's stamp; 0 when unknown. */
static GstClockTime
datagram_age (const struct msghdr *message)
{
#ifdef SCM_TIMESTAMPNS
  for (const struct cmsghdr *c = CMSG_FIRSTHDR ((struct msghdr *) message); c != NULL;
       c = CMSG_NXTHDR ((struct msghdr *) message, (struct cmsghdr *) c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
      {
        struct timespec stamp, now;
        GstClockTimeDiff age;

        memcpy (&stamp, CMSG_DATA (c), sizeof stamp);
        clock_gettime (CLOCK_REALTIME, &now);
        age = GST_CLOCK_DIFF (GST_TIMESPEC_TO_TIME (stamp), GST_TIMESPEC_TO_TIME (now));
        return age > 0 && age < (GstClockTimeDiff) MAX_AGE ? (GstClockTime) age : 0;
      }
#endif
  return 0;
}

static void
push_stream_events (WccRtpReceiver *self)
{
  g_autofree char *stream_id = gst_pad_create_stream_id (self->src, GST_ELEMENT (self), NULL);
  g_autoptr(GstCaps) caps = NULL;
  GstEvent *start = gst_event_new_stream_start (stream_id);
  GstSegment segment;

  gst_event_set_group_id (start, gst_util_group_id_next ());
  gst_pad_push_event (self->src, start);
  GST_OBJECT_LOCK (self);
  caps = self->caps ? gst_caps_ref (self->caps) : NULL;
  GST_OBJECT_UNLOCK (self);
  if (caps != NULL)
    gst_pad_push_event (self->src, gst_event_new_caps (caps));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_pad_push_event (self->src, gst_event_new_segment (&segment));
}

static void drain_socket (WccRtpReceiver *self);

static gboolean
on_clock_tick (GstClock   *clock,
               GstClockTime time,
               GstClockID  id,
               gpointer    user_data)
{
  drain_socket (user_data);
  return TRUE;
}

static void
clear_clock_id (WccRtpReceiver *self,
                GstClockID     *where)
{
  GstClockID id;

  GST_OBJECT_LOCK (self);
  id = g_steal_pointer (where);
  GST_OBJECT_UNLOCK (self);
  if (id != NULL)
    {
      gst_clock_id_unschedule (id);
      gst_clock_id_unref (id);
    }
}

static void
stop_clock_drain (WccRtpReceiver *self)
{
  clear_clock_id (self, &self->clock_drain);
}

static void
start_clock_drain (WccRtpReceiver *self)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockID id;

  if (clock == NULL)
    return;
  GST_OBJECT_LOCK (self);
  if (self->clock_drain != NULL)
    {
      GST_OBJECT_UNLOCK (self);
      return;
    }
  id = self->clock_drain = gst_clock_new_periodic_id (clock, gst_clock_get_time (clock), self->period);
  GST_OBJECT_UNLOCK (self);
  gst_clock_id_wait_async (id, on_clock_tick, gst_object_ref (self), gst_object_unref);
}

/* A capture that stalls without ending (a device that stops delivering) must not stop
 * the received audio: while it drains less than half as often as it should, the clock
 * drains; once it is back, the clock stops. */
static gboolean
on_watchdog (GstClock   *clock,
             GstClockTime time,
             GstClockID  id,
             gpointer    user_data)
{
  WccRtpReceiver *self = user_data;
  guint expected = (guint) (STALL_CHECK / self->period);
  gboolean stalled = (guint) g_atomic_int_exchange (&self->drains_seen, 0) < MAX (expected / 2, 1);
  gboolean draining, for_good;

  GST_OBJECT_LOCK (self);
  draining = self->clock_drain != NULL;
  for_good = self->clock_for_good;
  GST_OBJECT_UNLOCK (self);
  if (stalled && !draining)
    {
      g_debug ("the capture stalled: received audio is read on the clock");
      start_clock_drain (self);
    }
  else if (!stalled && draining && !for_good)
    stop_clock_drain (self);
  return TRUE;
}

static void
start_watchdog (WccRtpReceiver *self)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockID id;

  if (clock == NULL)
    return;
  g_atomic_int_set (&self->drains_seen, 0);
  GST_OBJECT_LOCK (self);
  if (self->watchdog != NULL)
    {
      GST_OBJECT_UNLOCK (self);
      return;
    }
  id = self->watchdog = gst_clock_new_periodic_id (clock, gst_clock_get_time (clock) + STALL_CHECK,
                                                   STALL_CHECK);
  GST_OBJECT_UNLOCK (self);
  gst_clock_id_wait_async (id, on_watchdog, gst_object_ref (self), gst_object_unref);
}

static gboolean
on_src_query (GstPad    *pad,
              GstObject *parent,
              GstQuery  *query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY)
    {
      /* Live. A datagram waits up to one period in the socket before it is read, but it
       * is stamped with its true arrival: the wait comes out of the jitter buffer's
       * margin, not on top of it (declared as latency, it made the jitter buffer hold
       * more than its size and drop). */
      gst_query_set_latency (query, TRUE, 0, GST_CLOCK_TIME_NONE);
      return TRUE;
    }
  return gst_pad_query_default (pad, parent, query);
}

static GstStateChangeReturn
wcc_rtp_receiver_change_state (GstElement     *element,
                               GstStateChange  transition)
{
  WccRtpReceiver *self = WCC_RTP_RECEIVER (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    {
      GST_PAD_STREAM_LOCK (self->src);
      self->need_events = TRUE;
      GST_PAD_STREAM_UNLOCK (self->src);
    }
  else if (transition == GST_STATE_CHANGE_PAUSED_TO_PLAYING)
    start_watchdog (self);
  else if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    {
      clear_clock_id (self, &self->watchdog);
      stop_clock_drain (self);
      GST_OBJECT_LOCK (self);
      self->clock_for_good = FALSE;
      GST_OBJECT_UNLOCK (self);
    }

  return wcc_live_element_change_state (GST_ELEMENT_CLASS (wcc_rtp_receiver_parent_class),
                                        element, transition);
}

GstStateChangeReturn
wcc_live_element_change_state (GstElementClass *parent_class,
                               GstElement      *element,
                               GstStateChange   transition)
{
  GstStateChangeReturn result = parent_class->change_state (element, transition);

  if (result == GST_STATE_CHANGE_SUCCESS
      && (transition == GST_STATE_CHANGE_READY_TO_PAUSED
          || transition == GST_STATE_CHANGE_PLAYING_TO_PAUSED))
    result = GST_STATE_CHANGE_NO_PREROLL;
  return result;
}

static void
wcc_rtp_receiver_finalize (GObject *object)
{
  WccRtpReceiver *self = WCC_RTP_RECEIVER (object);

  clear_clock_id (self, &self->watchdog);
  stop_clock_drain (self);
  g_clear_object (&self->socket);
  gst_clear_caps (&self->caps);
  g_free (self->datagram);
  G_OBJECT_CLASS (wcc_rtp_receiver_parent_class)->finalize (object);
}

static void
wcc_rtp_receiver_class_init (WccRtpReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->finalize = wcc_rtp_receiver_finalize;
  element_class->change_state = wcc_rtp_receiver_change_state;
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "WCC RTP receiver", "Source/Network",
                                         "Received RTP, pushed by the caller's thread",
                                         "WCC Desktop");
}

static void
wcc_rtp_receiver_init (WccRtpReceiver *self)
{
  self->src = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->src, on_src_query);
  gst_pad_use_fixed_caps (self->src);
  gst_element_add_pad (GST_ELEMENT (self), self->src);
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
  self->datagram = g_malloc (MAX_DATAGRAM);
}

WccRtpReceiver *
wcc_rtp_receiver_new (GSocket      *socket,
                      GstClockTime  period)
{
  WccRtpReceiver *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (GST_CLOCK_TIME_IS_VALID (period) && period > 0, NULL);

  self = g_object_new (WCC_TYPE_RTP_RECEIVER, NULL);
  self->socket = g_object_ref (socket);
  self->period = period;
#ifdef SO_TIMESTAMPNS
  self->kernel_timestamps = g_socket_set_option (socket, SOL_SOCKET, SO_TIMESTAMPNS, 1, &error);
  if (!self->kernel_timestamps)
    g_debug ("no arrival timestamps from the kernel: %s", error->message);
#endif
  return self;
}

void
wcc_rtp_receiver_set_caps (WccRtpReceiver *self,
                           GstCaps        *caps)
{
  g_return_if_fail (WCC_IS_RTP_RECEIVER (self));

  GST_OBJECT_LOCK (self);
  gst_caps_replace (&self->caps, caps);
  GST_OBJECT_UNLOCK (self);
}

void
wcc_rtp_receiver_drain (WccRtpReceiver *self)
{
  g_return_if_fail (WCC_IS_RTP_RECEIVER (self));

  g_atomic_int_inc (&self->drains_seen);
  drain_socket (self);
}

static void
drain_socket (WccRtpReceiver *self)
{
  g_autoptr(GstClock) clock = NULL;
  GstClockTime base_time;
  int fd;

  GST_PAD_STREAM_LOCK (self->src);
  clock = gst_element_get_clock (GST_ELEMENT (self));
  if (!GST_PAD_IS_ACTIVE (self->src) || GST_PAD_IS_FLUSHING (self->src) || clock == NULL)
    {
      GST_PAD_STREAM_UNLOCK (self->src);
      return;
    }
  if (self->need_events)
    {
      push_stream_events (self);
      self->need_events = FALSE;
    }
  base_time = gst_element_get_base_time (GST_ELEMENT (self));
  fd = g_socket_get_fd (self->socket);
  /* At most a burst's worth per capture buffer: a flood of datagrams to the port must not
   * keep the capture thread here (the microphone would stop reaching the far end); what is
   * left waits for the next buffer, 20 ms later. */
  for (guint n = 0; n < MAX_DATAGRAMS_PER_DRAIN; n++)
    {
      union {
        struct cmsghdr header;
        char           space[CMSG_SPACE (sizeof (struct timespec))];
      } control;
      struct iovec vector = { self->datagram, MAX_DATAGRAM };
      struct msghdr message = { 0 };
      GstClockTime arrival;
      GstBuffer *buffer;
      GstFlowReturn flow;
      ssize_t length;

      message.msg_iov = &vector;
      message.msg_iovlen = 1;
      message.msg_control = &control;
      message.msg_controllen = sizeof control;
      length = recvmsg (fd, &message, MSG_DONTWAIT);
      if (length < 0)
        {
          int error = errno;

          /* ECONNREFUSED: an ICMP error for what we sent, no reason to stop receiving;
           * EAGAIN: nothing more for now. */
          if (error == EINTR || error == ECONNREFUSED)
            continue;
          if (error != EAGAIN && error != EWOULDBLOCK)
            g_debug ("receiving RTP: %s", g_strerror (error));
          break;
        }
      arrival = gst_clock_get_time (clock);
      if (self->kernel_timestamps)
        arrival -= MIN (datagram_age (&message), arrival);
      buffer = gst_buffer_new_memdup (self->datagram, (gsize) length);
      GST_BUFFER_DTS (buffer) = GST_BUFFER_PTS (buffer) = arrival > base_time ? arrival - base_time : 0;
      flow = gst_pad_push (self->src, buffer);
      if (flow == GST_FLOW_FLUSHING || flow == GST_FLOW_EOS)
        break;
    }
  GST_PAD_STREAM_UNLOCK (self->src);
  if (self->drained != NULL)
    self->drained (self->drained_data);
}

void
wcc_rtp_receiver_set_drained_func (WccRtpReceiver        *self,
                                   WccRtpReceiverDrained  func,
                                   gpointer               user_data)
{
  g_return_if_fail (WCC_IS_RTP_RECEIVER (self));
  self->drained = func;
  self->drained_data = user_data;
}

void
wcc_rtp_receiver_drain_on_clock (WccRtpReceiver *self)
{
  g_return_if_fail (WCC_IS_RTP_RECEIVER (self));

  GST_OBJECT_LOCK (self);
  self->clock_for_good = TRUE;
  GST_OBJECT_UNLOCK (self);
  start_clock_drain (self);
}
