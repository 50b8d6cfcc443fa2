/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-playout-buffer.c: a passive jitter buffer, read by a thread that wakes anyway. */
#define G_LOG_DOMAIN "wcc-playout-buffer"

#include "config.h"

#include <string.h>

#include <gst/rtp/rtp.h>

#include "wcc-playout-buffer.h"
#include "wcc-rtp-receiver.h"

#define DEFAULT_LATENCY_MS 60
#define DEFAULT_PACKET_TIME (20 * GST_MSECOND)
/* A sender silent this long (hold, a re-INVITE) or a timestamp this far off its place
 * starts a new playout timeline. */
#define RESYNC_SILENCE (500 * GST_MSECOND)
#define RESYNC_JUMP (GST_SECOND)
/* How many packets the delay is judged over before it moves. */
#define WINDOW_PACKETS 50
/* Ten seconds of 20 ms packets: more is a flood, not a network's jitter; the oldest go. */
#define MAX_PACKETS 500
/* The delay never grows past the latency plus this (a network worse than that loses). */
#define MAX_EXTRA_DELAY (120 * GST_MSECOND)

typedef struct
{
  GstBuffer    *buffer;
  guint16       seq;
  guint32       rtp_time;
  guint8        pt;
  GstClockTime  due;
} Packet;

struct _WccPlayoutBuffer
{
  GstElement    parent_instance;
  GstPad       *sink;
  GstPad       *src;

  /* Under the object lock. */
  guint         latency_ms;
  gint          clock_rates[128];

  /* Under lock. */
  GMutex        lock;
  GQueue        packets;        /* Packet *, in sequence order */
  gboolean      flushing;
  gboolean      anchored;
  gint          clock_rate;
  GstClockTime  anchor_time;    /* when the packet of anchor_rtp_time plays */
  guint32       anchor_rtp_time;
  GstClockTimeDiff extra_delay; /* added to the latency by late packets */
  guint16       next_seq;
  GstClockTime  last_due;
  guint32       last_rtp_time;
  guint8        last_pt;
  gboolean      have_last;
  gboolean      skip;           /* the delay was shortened by a packet: one is not played */
  GstClockTime  packet_time;
  GstClockTime  last_arrival;
  guint32       last_arrived_rtp_time;
  GstClockTimeDiff window_min;
  guint         window_count;
  gboolean      discont;
  guint64       lost;
  guint64       late;
};

enum {
  PROP_0,
  PROP_LATENCY,
  N_PROPS
};

enum {
  SIGNAL_REQUEST_PT_MAP,
  SIGNAL_CLEAR_PT_MAP,
  SIGNAL_HANDLE_SYNC,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WccPlayoutBuffer, wcc_playout_buffer, GST_TYPE_ELEMENT)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("application/x-rtp"));
/* rtpbin links the stream's RTCP here (lip sync); one audio stream needs none of it. */
static GstStaticPadTemplate rtcp_template =
  GST_STATIC_PAD_TEMPLATE ("sink_rtcp", GST_PAD_SINK, GST_PAD_REQUEST, GST_STATIC_CAPS ("application/x-rtcp"));
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("application/x-rtp"));

static void
packet_free (gpointer data)
{
  Packet *packet = data;

  gst_buffer_unref (packet->buffer);
  g_free (packet);
}

/* Under lock. */
static void
forget_timeline (WccPlayoutBuffer *self)
{
  g_queue_clear_full (&self->packets, packet_free);
  self->anchored = FALSE;
  self->have_last = FALSE;
  self->skip = FALSE;
  self->extra_delay = 0;
  self->window_min = G_MAXINT64;
  self->window_count = 0;
  self->packet_time = DEFAULT_PACKET_TIME;
  self->discont = TRUE;
}

static GstClockTimeDiff
rtp_time_offset (WccPlayoutBuffer *self,
                 guint32           rtp_time)
{
  return gst_util_uint64_scale_int (ABS ((gint32) (rtp_time - self->anchor_rtp_time)), GST_SECOND,
                                    self->clock_rate)
         * ((gint32) (rtp_time - self->anchor_rtp_time) < 0 ? -1 : 1);
}

static gint
clock_rate_for (WccPlayoutBuffer *self,
                guint8            pt)
{
  GstCaps *caps = NULL;
  gint rate;

  GST_OBJECT_LOCK (self);
  rate = self->clock_rates[pt];
  GST_OBJECT_UNLOCK (self);
  if (rate > 0)
    return rate;
  g_signal_emit (self, signals[SIGNAL_REQUEST_PT_MAP], 0, (guint) pt, &caps);
  if (caps != NULL)
    {
      if (!gst_caps_is_empty (caps))
        gst_structure_get_int (gst_caps_get_structure (caps, 0), "clock-rate", &rate);
      gst_caps_unref (caps);
    }
  if (rate > 0)
    {
      GST_OBJECT_LOCK (self);
      self->clock_rates[pt] = rate;
      GST_OBJECT_UNLOCK (self);
    }
  return rate;
}

/* Under lock: the delay moves with the sender's clock, judged over a window of packets by
 * the one with the least time to spare. Late ones push it back (their places were
 * concealed); a buffer holding more than it needs plays a packet time earlier (the next
 * audio packet, which would overlap its predecessor, is dropped when its turn comes). */
static void
follow_sender (WccPlayoutBuffer *self,
               GstClockTimeDiff  spare)
{
  GstClockTimeDiff latency = (GstClockTimeDiff) self->latency_ms * GST_MSECOND;

  self->window_min = MIN (self->window_min, spare);
  if (++self->window_count < WINDOW_PACKETS && spare >= 0)
    return;
  if (self->window_min < 0 && self->extra_delay < (GstClockTimeDiff) MAX_EXTRA_DELAY)
    {
      GstClockTimeDiff more = MIN (-self->window_min, (GstClockTimeDiff) MAX_EXTRA_DELAY - self->extra_delay);

      self->anchor_time += more;
      self->extra_delay += more;
    }
  else if (self->window_count >= WINDOW_PACKETS
           && self->window_min > latency + (GstClockTimeDiff) self->packet_time)
    {
      self->anchor_time -= self->packet_time;
      self->skip = TRUE;
      self->extra_delay = MAX (0, self->extra_delay - (GstClockTimeDiff) self->packet_time);
    }
  self->window_min = G_MAXINT64;
  self->window_count = 0;
}

static GstFlowReturn
on_sink_chain (GstPad    *pad,
               GstObject *parent,
               GstBuffer *buffer)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (parent);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  GstClockTime arrival = GST_BUFFER_PTS (buffer);
  GstClockTimeDiff latency;
  guint16 seq;
  guint32 rtp_time;
  guint8 pt;
  gint rate;
  Packet *packet;
  GList *link;

  if (!gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp))
    {
      gst_buffer_unref (buffer);
      return GST_FLOW_OK;
    }
  seq = gst_rtp_buffer_get_seq (&rtp);
  rtp_time = gst_rtp_buffer_get_timestamp (&rtp);
  pt = gst_rtp_buffer_get_payload_type (&rtp);
  gst_rtp_buffer_unmap (&rtp);
  rate = clock_rate_for (self, pt);
  if (rate <= 0 || !GST_CLOCK_TIME_IS_VALID (arrival))
    {
      gst_buffer_unref (buffer);
      return GST_FLOW_OK;
    }

  GST_OBJECT_LOCK (self);
  latency = (GstClockTimeDiff) self->latency_ms * GST_MSECOND;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  if (self->flushing)
    {
      g_mutex_unlock (&self->lock);
      gst_buffer_unref (buffer);
      return GST_FLOW_FLUSHING;
    }
  /* A new timeline: the first packet, another clock rate (a re-INVITE), the sender back
   * after a silence (hold) or its timestamps far off their place. */
  if (self->anchored && (rate != self->clock_rate
                         || (g_queue_is_empty (&self->packets)
                             && arrival > self->last_arrival + RESYNC_SILENCE)))
    forget_timeline (self);
  if (self->anchored)
    {
      GstClockTimeDiff place = (GstClockTimeDiff) self->anchor_time + rtp_time_offset (self, rtp_time);
      GstClockTimeDiff expected = (GstClockTimeDiff) arrival + latency + self->extra_delay;

      /* Packets already waiting keep their places, and so does the sequence. */
      if (ABS (place - expected) > (GstClockTimeDiff) RESYNC_JUMP)
        {
          self->anchor_time = arrival + latency + self->extra_delay;
          self->anchor_rtp_time = rtp_time;
        }
    }
  if (!self->anchored)
    {
      self->anchored = TRUE;
      self->clock_rate = rate;
      self->anchor_time = arrival + latency;
      self->anchor_rtp_time = rtp_time;
      self->next_seq = seq;
      self->last_arrived_rtp_time = rtp_time - 1;
    }
  self->last_arrival = arrival;

  if ((gint16) (seq - self->next_seq) < 0)
    {
      /* Its turn has passed (played, or concealed as lost). */
      self->late++;
      g_mutex_unlock (&self->lock);
      gst_buffer_unref (buffer);
      return GST_FLOW_OK;
    }

  packet = g_new0 (Packet, 1);
  packet->buffer = buffer;
  packet->seq = seq;
  packet->rtp_time = rtp_time;
  packet->pt = pt;
  /* The packets of one DTMF event share their timestamp: only the first says anything
   * about the network's delay. A late packet that moves the delay takes its new place. */
  if (rtp_time != self->last_arrived_rtp_time)
    follow_sender (self, GST_CLOCK_DIFF (arrival, (GstClockTimeDiff) self->anchor_time
                                                  + rtp_time_offset (self, rtp_time)));
  self->last_arrived_rtp_time = rtp_time;
  packet->due = (GstClockTime) MAX (0, (GstClockTimeDiff) self->anchor_time + rtp_time_offset (self, rtp_time));

  /* In sequence order, duplicates out; usually the packet goes last. */
  for (link = self->packets.tail; link != NULL; link = link->prev)
    {
      Packet *other = link->data;
      gint16 d = (gint16) (seq - other->seq);

      if (d == 0)
        {
          g_mutex_unlock (&self->lock);
          packet_free (packet);
          return GST_FLOW_OK;
        }
      if (d > 0)
        break;
    }
  if (link == NULL)
    g_queue_push_head (&self->packets, packet);
  else
    g_queue_insert_after (&self->packets, link, packet);
  if (self->packets.length > MAX_PACKETS)
    {
      Packet *oldest = g_queue_pop_head (&self->packets);

      self->next_seq = oldest->seq + 1;
      self->late++;
      self->discont = TRUE;
      packet_free (oldest);
    }
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstEvent *
lost_event (guint16      seq,
            GstClockTime due,
            GstClockTime duration)
{
  return gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
                               gst_structure_new ("GstRTPPacketLost",
                                                  "seqnum", G_TYPE_UINT, (guint) seq,
                                                  "timestamp", G_TYPE_UINT64, due,
                                                  "duration", G_TYPE_UINT64, duration,
                                                  "retry", G_TYPE_UINT, 0,
                                                  NULL));
}

void
wcc_playout_buffer_play_due (WccPlayoutBuffer *self,
                             GstClockTime      now)
{
  GQueue out = G_QUEUE_INIT;
  GstMiniObject *item;
  GstClockTime latency;

  g_return_if_fail (WCC_IS_PLAYOUT_BUFFER (self));

  GST_OBJECT_LOCK (self);
  latency = self->latency_ms * GST_MSECOND;
  GST_OBJECT_UNLOCK (self);

  /* One thread at a time pushes (the capture's, or the clock's once it ended). */
  GST_PAD_STREAM_LOCK (self->src);
  g_mutex_lock (&self->lock);
  while (!self->flushing && !g_queue_is_empty (&self->packets))
    {
      Packet *head = g_queue_peek_head (&self->packets);
      gint16 missing = (gint16) (head->seq - self->next_seq);

      if (missing > 0)
        {
          GstClockTime slot = self->have_last ? self->last_due + self->packet_time
                                              : head->due - MIN (head->due, missing * self->packet_time);

          if (slot > now)
            break;
          /* Concealment only where it can still be heard. */
          if (slot + latency >= now)
            g_queue_push_tail (&out, lost_event (self->next_seq, slot, self->packet_time));
          self->lost++;
          self->next_seq++;
          self->last_due = slot;
          self->have_last = TRUE;
          self->discont = TRUE;
          continue;
        }
      if (head->due > now)
        break;
      g_queue_pop_head (&self->packets);
      self->next_seq = head->seq + 1;
      /* The packet after the one whose place the shortened delay took (not a DTMF
       * event's: those share their timestamp, or use another payload type). */
      if (self->skip && self->have_last && head->pt == self->last_pt
          && head->rtp_time != self->last_rtp_time)
        {
          self->skip = FALSE;
          packet_free (head);
          self->discont = TRUE;
          continue;
        }
      if (self->have_last && head->rtp_time != self->last_rtp_time)
        {
          GstClockTime step = gst_util_uint64_scale_int ((guint32) (head->rtp_time - self->last_rtp_time),
                                                         GST_SECOND, self->clock_rate);

          if (step > 0 && step < 200 * GST_MSECOND)
            self->packet_time = step;
        }
      head->buffer = gst_buffer_make_writable (head->buffer);
      GST_BUFFER_PTS (head->buffer) = GST_BUFFER_DTS (head->buffer) = head->due;
      if (self->discont)
        GST_BUFFER_FLAG_SET (head->buffer, GST_BUFFER_FLAG_DISCONT);
      self->discont = FALSE;
      self->last_due = head->due;
      self->last_rtp_time = head->rtp_time;
      self->last_pt = head->pt;
      self->have_last = TRUE;
      g_queue_push_tail (&out, g_steal_pointer (&head->buffer));
      g_free (head);
    }
  g_mutex_unlock (&self->lock);

  while ((item = g_queue_pop_head (&out)) != NULL)
    {
      if (GST_IS_EVENT (item))
        gst_pad_push_event (self->src, GST_EVENT_CAST (item));
      else if (gst_pad_push (self->src, GST_BUFFER_CAST (item)) == GST_FLOW_FLUSHING)
        break;
    }
  g_queue_clear_full (&out, (GDestroyNotify) gst_mini_object_unref);
  GST_PAD_STREAM_UNLOCK (self->src);
}

void
wcc_playout_buffer_get_counts (WccPlayoutBuffer *self,
                               guint64          *lost,
                               guint64          *late)
{
  g_return_if_fail (WCC_IS_PLAYOUT_BUFFER (self));

  g_mutex_lock (&self->lock);
  if (lost != NULL)
    *lost = self->lost;
  if (late != NULL)
    *late = self->late;
  g_mutex_unlock (&self->lock);
}

static gboolean
on_sink_event (GstPad    *pad,
               GstObject *parent,
               GstEvent  *event)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (parent);
  gboolean result;

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_FLUSH_START:
      g_mutex_lock (&self->lock);
      self->flushing = TRUE;
      g_mutex_unlock (&self->lock);
      return gst_pad_push_event (self->src, event);
    case GST_EVENT_FLUSH_STOP:
      g_mutex_lock (&self->lock);
      self->flushing = FALSE;
      forget_timeline (self);
      g_mutex_unlock (&self->lock);
      break;
    case GST_EVENT_CAPS:
      {
        GstCaps *caps;
        const GstStructure *s;
        gint rate = 0, pt = -1;

        gst_event_parse_caps (event, &caps);
        s = gst_caps_get_structure (caps, 0);

        if (gst_structure_get_int (s, "clock-rate", &rate) && gst_structure_get_int (s, "payload", &pt)
            && rate > 0 && pt >= 0 && pt < 128)
          {
            GST_OBJECT_LOCK (self);
            self->clock_rates[pt] = rate;
            GST_OBJECT_UNLOCK (self);
          }
      }
      break;
    default:
      break;
    }
  /* Serialized events keep their place before the packets pushed after them. */
  GST_PAD_STREAM_LOCK (self->src);
  result = gst_pad_push_event (self->src, event);
  GST_PAD_STREAM_UNLOCK (self->src);
  return result;
}

static GstFlowReturn
on_rtcp_chain (GstPad    *pad,
               GstObject *parent,
               GstBuffer *buffer)
{
  gst_buffer_unref (buffer);
  return GST_FLOW_OK;
}

static gboolean
on_rtcp_event (GstPad    *pad,
               GstObject *parent,
               GstEvent  *event)
{
  gst_event_unref (event);
  return TRUE;
}

static gboolean
on_src_query (GstPad    *pad,
              GstObject *parent,
              GstQuery  *query)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (parent);

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY)
    {
      gboolean live;
      GstClockTime min, max, packet_time;

      if (!gst_pad_peer_query (self->sink, query))
        return FALSE;
      gst_query_parse_latency (query, &live, &min, &max);
      g_mutex_lock (&self->lock);
      packet_time = self->packet_time;
      g_mutex_unlock (&self->lock);
      /* The latency is already in the timestamps; what is added is the wait for the
       * next tick of the thread that plays the packets out (up to a packet time), and half
       * of one for that thread's own scheduling. */
      packet_time += packet_time / 2;
      gst_query_set_latency (query, TRUE, min + packet_time,
                             GST_CLOCK_TIME_IS_VALID (max) ? max + packet_time : max);
      return TRUE;
    }
  return gst_pad_query_default (pad, parent, query);
}

static GstPad *
wcc_playout_buffer_request_new_pad (GstElement     *element,
                                    GstPadTemplate *templ,
                                    const char     *name,
                                    const GstCaps  *caps)
{
  GstPad *pad = gst_pad_new_from_template (templ, "sink_rtcp");

  gst_pad_set_chain_function (pad, on_rtcp_chain);
  gst_pad_set_event_function (pad, on_rtcp_event);
  gst_pad_set_active (pad, TRUE);
  gst_element_add_pad (element, pad);
  return pad;
}

static void
wcc_playout_buffer_release_pad (GstElement *element,
                                GstPad     *pad)
{
  gst_pad_set_active (pad, FALSE);
  gst_element_remove_pad (element, pad);
}

static void
on_clear_pt_map (WccPlayoutBuffer *self)
{
  GST_OBJECT_LOCK (self);
  memset (self->clock_rates, 0, sizeof self->clock_rates);
  GST_OBJECT_UNLOCK (self);
}

static GstStateChangeReturn
wcc_playout_buffer_change_state (GstElement     *element,
                                 GstStateChange  transition)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    {
      g_mutex_lock (&self->lock);
      self->flushing = FALSE;
      forget_timeline (self);
      g_mutex_unlock (&self->lock);
    }
  else if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    {
      g_mutex_lock (&self->lock);
      self->flushing = TRUE;
      forget_timeline (self);
      g_mutex_unlock (&self->lock);
    }
  /* Live, as the jitter buffer it replaces. */
  return wcc_live_element_change_state (GST_ELEMENT_CLASS (wcc_playout_buffer_parent_class),
                                        element, transition);
}

static void
wcc_playout_buffer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (object);

  switch (prop_id)
    {
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->latency_ms);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_playout_buffer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (object);

  switch (prop_id)
    {
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      self->latency_ms = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_playout_buffer_finalize (GObject *object)
{
  WccPlayoutBuffer *self = WCC_PLAYOUT_BUFFER (object);

  g_queue_clear_full (&self->packets, packet_free);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (wcc_playout_buffer_parent_class)->finalize (object);
}

static void
wcc_playout_buffer_class_init (WccPlayoutBufferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->finalize = wcc_playout_buffer_finalize;
  object_class->get_property = wcc_playout_buffer_get_property;
  object_class->set_property = wcc_playout_buffer_set_property;
  element_class->change_state = wcc_playout_buffer_change_state;
  element_class->request_new_pad = wcc_playout_buffer_request_new_pad;
  element_class->release_pad = wcc_playout_buffer_release_pad;

  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL, 0, G_MAXUINT, DEFAULT_LATENCY_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The signals rtpbin connects to on a jitter buffer. */
  signals[SIGNAL_REQUEST_PT_MAP] =
    g_signal_new ("request-pt-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, GST_TYPE_CAPS, 1, G_TYPE_UINT);
  signals[SIGNAL_CLEAR_PT_MAP] =
    g_signal_new_class_handler ("clear-pt-map", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (on_clear_pt_map), NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_HANDLE_SYNC] =
    g_signal_new ("handle-sync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GST_TYPE_STRUCTURE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &rtcp_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "WCC playout buffer", "Filter/Network/RTP",
                                         "A jitter buffer played out by the caller's thread",
                                         "WCC Desktop");
}

static void
wcc_playout_buffer_init (WccPlayoutBuffer *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->packets);
  self->latency_ms = DEFAULT_LATENCY_MS;
  self->flushing = TRUE;
  forget_timeline (self);

  self->sink = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sink, on_sink_chain);
  gst_pad_set_event_function (self->sink, on_sink_event);
  GST_PAD_SET_PROXY_CAPS (self->sink);
  GST_PAD_SET_PROXY_ALLOCATION (self->sink);
  gst_element_add_pad (GST_ELEMENT (self), self->sink);

  self->src = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->src, on_src_query);
  GST_PAD_SET_PROXY_CAPS (self->src);
  gst_element_add_pad (GST_ELEMENT (self), self->src);
}

WccPlayoutBuffer *
wcc_playout_buffer_new (void)
{
  return g_object_new (WCC_TYPE_PLAYOUT_BUFFER, NULL);
}
