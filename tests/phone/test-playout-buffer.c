/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-playout-buffer.c: the passive jitter buffer on a virtual clock — reordered, lost,
 * delayed packets, DTMF events sharing a timestamp — played out tick by tick into a real
 * depayloader and decoder; what comes out must be in order, on time and without holes;
 * a flood is bounded. */
#include <gst/gst.h>
#include <gst/rtp/rtp.h>

#include "wcc-playout-buffer.h"
#include "wcc-test-util.h"

#define PACKET (20 * GST_MSECOND)
#define LATENCY_MS 60
#define START (GST_SECOND)

typedef struct {
  guint16      seq;
  guint32      rtp_time;
  guint8       pt;
  GstClockTime arrival;
} Sent;

typedef struct {
  GstElement  *pipeline;
  WccPlayoutBuffer *playout;
  GstPad      *feed;
  GstClockTime tick;          /* the virtual time of the play_due call under way */
  /* What the playout buffer pushed: seq or -1 for a loss, with its timestamp. */
  GArray      *out_seqs;      /* gint */
  GArray      *out_times;     /* GstClockTime */
  GArray      *out_ticks;     /* GstClockTime */
  /* What the decoder made of it: [start, end) of each buffer or gap. */
  GArray      *audio;         /* GstClockTime pairs */
} Fixture;

static GstPadProbeReturn
on_playout_out (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  Fixture *f = user_data;
  gint seq;
  GstClockTime time;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      g_assert_true (gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp));
      seq = gst_rtp_buffer_get_seq (&rtp);
      gst_rtp_buffer_unmap (&rtp);
      time = GST_BUFFER_PTS (buffer);
    }
  else
    {
      const GstStructure *s = gst_event_get_structure (GST_PAD_PROBE_INFO_EVENT (info));

      if (s == NULL || !gst_structure_has_name (s, "GstRTPPacketLost"))
        return GST_PAD_PROBE_OK;
      seq = -1;
      g_assert_true (gst_structure_get_uint64 (s, "timestamp", &time));
    }
  g_array_append_val (f->out_seqs, seq);
  g_array_append_val (f->out_times, time);
  g_array_append_val (f->out_ticks, f->tick);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_decoded (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  Fixture *f = user_data;
  GstClockTime start, duration;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      start = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
      duration = GST_BUFFER_DURATION (GST_PAD_PROBE_INFO_BUFFER (info));
    }
  else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_GAP)
    gst_event_parse_gap (GST_PAD_PROBE_INFO_EVENT (info), &start, &duration);
  else
    return GST_PAD_PROBE_OK;
  g_array_append_val (f->audio, start);
  start += duration;
  g_array_append_val (f->audio, start);
  return GST_PAD_PROBE_OK;
}

static GstCaps *
on_request_pt_map (GstElement *element,
                   guint       pt,
                   gpointer    user_data)
{
  if (pt == 0)
    return gst_caps_from_string ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0");
  if (pt == 101)
    return gst_caps_from_string ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=TELEPHONE-EVENT,payload=101");
  return NULL;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  GstElement *depay, *decoder, *sink;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstSegment segment;

  f->pipeline = gst_pipeline_new (NULL);
  f->playout = wcc_playout_buffer_new ();
  g_object_set (f->playout, "latency", LATENCY_MS, NULL);
  g_signal_connect (f->playout, "request-pt-map", G_CALLBACK (on_request_pt_map), NULL);
  depay = gst_element_factory_make ("rtppcmudepay", NULL);
  decoder = gst_element_factory_make ("mulawdec", NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (f->pipeline), GST_ELEMENT (f->playout), depay, decoder, sink, NULL);
  g_assert_true (gst_element_link_many (GST_ELEMENT (f->playout), depay, decoder, sink, NULL));

  f->out_seqs = g_array_new (FALSE, FALSE, sizeof (gint));
  f->out_times = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  f->out_ticks = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  f->audio = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  pad = gst_element_get_static_pad (GST_ELEMENT (f->playout), "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     on_playout_out, f, NULL);
  g_clear_object (&pad);
  pad = gst_element_get_static_pad (decoder, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     on_decoded, f, NULL);
  g_clear_object (&pad);

  g_assert_cmpint (gst_element_set_state (f->pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  f->feed = gst_pad_new ("feed", GST_PAD_SRC);
  gst_pad_set_active (f->feed, TRUE);
  pad = gst_element_get_static_pad (GST_ELEMENT (f->playout), "sink");
  g_assert_cmpint (gst_pad_link (f->feed, pad), ==, GST_PAD_LINK_OK);
  gst_pad_push_event (f->feed, gst_event_new_stream_start ("playout-test"));
  caps = gst_caps_from_string ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0");
  gst_pad_push_event (f->feed, gst_event_new_caps (caps));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_pad_push_event (f->feed, gst_event_new_segment (&segment));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gst_element_set_state (f->pipeline, GST_STATE_NULL);
  gst_object_unref (f->feed);
  gst_object_unref (f->pipeline);
  g_array_unref (f->out_seqs);
  g_array_unref (f->out_times);
  g_array_unref (f->out_ticks);
  g_array_unref (f->audio);
}

static GstBuffer *
make_packet (const Sent *sent)
{
  GstBuffer *buffer = gst_rtp_buffer_new_allocate (sent->pt == 101 ? 4 : 160, 0, 0);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  gst_rtp_buffer_map (buffer, GST_MAP_WRITE, &rtp);
  gst_rtp_buffer_set_seq (&rtp, sent->seq);
  gst_rtp_buffer_set_timestamp (&rtp, sent->rtp_time);
  gst_rtp_buffer_set_payload_type (&rtp, sent->pt);
  gst_rtp_buffer_set_ssrc (&rtp, 0x1234);
  memset (gst_rtp_buffer_get_payload (&rtp), 0xff, gst_rtp_buffer_get_payload_len (&rtp));
  gst_rtp_buffer_unmap (&rtp);
  GST_BUFFER_PTS (buffer) = GST_BUFFER_DTS (buffer) = sent->arrival;
  return buffer;
}

static gint
by_arrival (gconstpointer a,
            gconstpointer b)
{
  const Sent *x = a, *y = b;

  return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

/* Delivers each packet at its arrival and plays out every packet time (with a phase of its
 * own, as the capture's), until @end. */
static void
run (Fixture    *f,
     GArray     *sent,
     GstClockTime end)
{
  g_autoptr(GArray) arrivals = g_array_copy (sent);
  guint next = 0;

  g_array_sort (arrivals, by_arrival);
  for (f->tick = START + 7 * GST_MSECOND; f->tick < end; f->tick += PACKET)
    {
      while (next < arrivals->len && g_array_index (arrivals, Sent, next).arrival <= f->tick)
        g_assert_cmpint (gst_pad_push (f->feed, make_packet (&g_array_index (arrivals, Sent, next++))),
                         ==, GST_FLOW_OK);
      wcc_playout_buffer_play_due (f->playout, f->tick);
    }
}

static const Sent *
find_sent (GArray *sent,
           gint    seq)
{
  for (guint i = 0; i < sent->len; i++)
    if (g_array_index (sent, Sent, i).seq == seq)
      return &g_array_index (sent, Sent, i);
  return NULL;
}

/* The decoder's output (buffers and gaps) covers time without a hole longer than @hole,
 * and never plays anything twice. */
static void
assert_audio_continuous (Fixture     *f,
                         GstClockTime hole,
                         guint       *holes)
{
  *holes = 0;
  g_assert_cmpuint (f->audio->len, >, 2);
  for (guint i = 2; i < f->audio->len; i += 2)
    {
      GstClockTime previous_end = g_array_index (f->audio, GstClockTime, i - 1);
      GstClockTime start = g_array_index (f->audio, GstClockTime, i);

      g_assert_cmpuint (start + GST_MSECOND, >=, previous_end);
      if (start > previous_end + GST_MSECOND)
        {
          g_assert_cmpuint (start - previous_end, <=, hole);
          (*holes)++;
        }
    }
}

/* A jittery network that reorders and loses: every packet that came is played in order,
 * no earlier than its arrival and at its place; each lost one is concealed in its place
 * (a gap of its length); the audio has no hole at all; the RTP sequence and timestamps
 * wrap around on the way. */
static void
test_reorder_loss (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint dropped = 0, played = 0, lost_events = 0, holes;
  guint64 lost, late;
  gint previous = -1;

  for (guint i = 0; i < 250; i++)
    {
      Sent packet = { (guint16) (65500 + i), 4294960000u + i * 160, 0,
                      START + i * PACKET + 5 * GST_MSECOND + g_rand_int_range (rand, 0, 30) * GST_MSECOND };

      if (i > 0 && i % 25 == 12)
        {
          dropped++;
          continue;
        }
      g_array_append_val (sent, packet);
    }
  /* Every seventh packet overtaken by the next one. */
  for (guint i = 3; i + 1 < sent->len; i += 7)
    g_array_index (sent, Sent, i).arrival = g_array_index (sent, Sent, i + 1).arrival + GST_MSECOND;

  run (f, sent, START + 260 * PACKET);

  for (guint i = 0; i < f->out_seqs->len; i++)
    {
      gint seq = g_array_index (f->out_seqs, gint, i);
      GstClockTime time = g_array_index (f->out_times, GstClockTime, i);
      GstClockTime tick = g_array_index (f->out_ticks, GstClockTime, i);
      const Sent *packet;

      /* Played at its turn: at the tick after its place, never before. */
      g_assert_cmpuint (time, <=, tick);
      g_assert_cmpuint (time + PACKET, >, tick);
      if (i > 0)
        g_assert_cmpuint (time, ==, g_array_index (f->out_times, GstClockTime, i - 1) + PACKET);
      if (seq < 0)
        {
          lost_events++;
          continue;
        }
      packet = find_sent (sent, seq);
      g_assert_nonnull (packet);
      g_assert_cmpuint (time, >=, packet != NULL ? packet->arrival : G_MAXUINT64);
      if (previous >= 0)
        g_assert_cmpint ((gint16) (seq - previous), >, 0);
      previous = seq;
      played++;
    }
  g_assert_cmpuint (played, ==, sent->len);
  g_assert_cmpuint (lost_events, ==, dropped);
  wcc_playout_buffer_get_counts (f->playout, &lost, &late);
  g_assert_cmpuint (lost, ==, dropped);
  g_assert_cmpuint (late, ==, 0);
  assert_audio_continuous (f, 0, &holes);
  g_assert_cmpuint (holes, ==, 0);
}

/* The route gets 100 ms slower for good: the packets caught by the change are concealed,
 * the delay grows to take the new route, and from then on every packet plays again. */
static void
test_delay_step (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  guint played_after = 0, holes;
  guint64 lost, late;

  for (guint i = 0; i < 300; i++)
    {
      Sent packet = { (guint16) i, i * 160, 0,
                      START + i * PACKET + 5 * GST_MSECOND + (i >= 100 ? 100 * GST_MSECOND : 0) };

      g_array_append_val (sent, packet);
    }
  run (f, sent, START + 320 * PACKET);

  for (guint i = 0; i < f->out_seqs->len; i++)
    if (g_array_index (f->out_seqs, gint, i) >= 150)
      played_after++;
  g_assert_cmpuint (played_after, ==, 150);
  wcc_playout_buffer_get_counts (f->playout, &lost, &late);
  g_test_message ("concealed %" G_GUINT64_FORMAT ", late %" G_GUINT64_FORMAT, lost, late);
  /* 100 ms more than the 60 ms of latency: at most a few packets' worth concealed. */
  g_assert_cmpuint (lost, <=, 6);
  g_assert_cmpuint (late, <=, 6);
  /* One silence where the delay grew, no longer than the step. */
  assert_audio_continuous (f, 100 * GST_MSECOND, &holes);
  g_assert_cmpuint (holes, <=, 1);
}

/* RFC 4733: the packets of one event share its timestamp and come every 50 ms; each
 * is played (the depayloader reads the event from them), none is taken for a repeat, even
 * when the event starts within the last audio packet (as rtpdtmfmux sends it). */
static void
test_dtmf_event (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  guint events = 0;
  guint64 late;

  for (guint i = 0; i < 40; i++)
    {
      Sent packet = { (guint16) i, i * 160, 0, START + i * PACKET + 5 * GST_MSECOND };

      g_array_append_val (sent, packet);
    }
  for (guint i = 0; i < 5; i++)
    {
      Sent packet = { (guint16) (40 + i), 39 * 160 + 80, 101,
                      START + (40 + i * 2.5) * PACKET + 5 * GST_MSECOND };

      g_array_append_val (sent, packet);
    }
  for (guint i = 0; i < 20; i++)
    {
      Sent packet = { (guint16) (45 + i), (53 + i) * 160, 0, START + (53 + i) * PACKET + 5 * GST_MSECOND };

      g_array_append_val (sent, packet);
    }
  run (f, sent, START + 80 * PACKET);

  for (guint i = 0; i < f->out_seqs->len; i++)
    {
      gint seq = g_array_index (f->out_seqs, gint, i);

      g_assert_cmpint (seq, >=, 0);
      if (seq >= 40 && seq < 45)
        events++;
    }
  g_assert_cmpuint (events, ==, 5);
  g_assert_cmpuint (f->out_seqs->len, ==, sent->len);
  wcc_playout_buffer_get_counts (f->playout, NULL, &late);
  g_assert_cmpuint (late, ==, 0);
}

/* Twelve seconds of packets at once (a flood, or a sender's backlog): the buffer keeps ten
 * seconds' worth, the oldest go (counted late), and what it kept plays in order. */
static void
test_flood (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  guint played = 0;
  gint previous = -1;
  guint64 late;

  for (guint i = 0; i < 600; i++)
    {
      Sent packet = { (guint16) i, i * 160, 0, START + 5 * GST_MSECOND + i * GST_USECOND };

      g_array_append_val (sent, packet);
    }
  run (f, sent, START + 14 * GST_SECOND);

  wcc_playout_buffer_get_counts (f->playout, NULL, &late);
  g_assert_cmpuint (late, >=, 100);
  for (guint i = 0; i < f->out_seqs->len; i++)
    {
      gint seq = g_array_index (f->out_seqs, gint, i);

      if (seq < 0)
        continue;
      g_assert_cmpint (seq, >=, 100);
      g_assert_cmpint (seq, >, previous);
      previous = seq;
      played++;
    }
  g_test_message ("played %u of the 500 kept, %" G_GUINT64_FORMAT " late", played, late);
  /* Timestamps more than a second ahead of their expected place restart the timeline, so
   * what is kept plays within seconds, not twelve; a shortened delay drops a packet. */
  g_assert_cmpuint (played, >=, 450);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (60);

  g_test_add ("/playout/reorder-loss", Fixture, NULL, fixture_set_up, test_reorder_loss, fixture_tear_down);
  g_test_add ("/playout/delay-step", Fixture, NULL, fixture_set_up, test_delay_step, fixture_tear_down);
  g_test_add ("/playout/dtmf-event", Fixture, NULL, fixture_set_up, test_dtmf_event, fixture_tear_down);
  g_test_add ("/playout/flood", Fixture, NULL, fixture_set_up, test_flood, fixture_tear_down);
  return g_test_run ();
}
