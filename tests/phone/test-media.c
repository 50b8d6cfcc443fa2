/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-media.c: two media sessions on loopback hear each other: codecs, hold, mute, DTMF,
 * SRTP, recording, RTCP figures; and the busy tone of the tone player. */
#include <math.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include "wcc-error.h"
#include "wcc-media-session.h"
#include "wcc-tone-player.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

#define TONE_A 440.0
#define TONE_B 1000.0
/* Under valgrind the live pipelines run slower: WCC_TEST_TIMEOUT_SCALE stretches waits. */
static guint timeout_scale = 1;
#define HEAR_TIMEOUT_MS (5000 * timeout_scale)

/* The notes of the session's generated hold music (wcc-media-session.c). */
static const double hold_notes[] = { 523.25, 587.33, 659.26, 783.99, 880.00 };

typedef struct {
  WccMediaSession *a;
  WccMediaSession *b;
  WccSdp          *offer;
  WccSdp          *answer;
  char            *a_ear;   /* what A hears */
  char            *b_ear;
} Call;

static guint call_counter;

/* A lossy link from A to B: A sends its RTP and RTCP to the relay's two sockets, which
 * pass them on to B's, losing every drop_every-th RTP packet (0: none). What B sends goes
 * to A directly. */
typedef struct {
  GSocket        *rtp;
  GSocket        *rtcp;
  GSocketAddress *rtp_to;
  GSocketAddress *rtcp_to;
  GThread        *thread;
  gint            stop;
  gint            drop_every;
  gint            rtp_dropped;
  gint            rtcp_passed;
} Relay;

static GSocket *
relay_socket (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, FALSE, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

static guint16
socket_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static gpointer
relay_run (gpointer data)
{
  Relay *relay = data;
  GPollFD fds[] = { { g_socket_get_fd (relay->rtp), G_IO_IN, 0 },
                    { g_socket_get_fd (relay->rtcp), G_IO_IN, 0 } };
  guint received = 0;
  char packet[2048];

  while (!g_atomic_int_get (&relay->stop))
    {
      gssize size;

      if (g_poll (fds, G_N_ELEMENTS (fds), 50) <= 0)
        continue;
      while ((size = g_socket_receive (relay->rtp, packet, sizeof packet, NULL, NULL)) > 0)
        {
          gint every = g_atomic_int_get (&relay->drop_every);

          if (every > 0 && ++received % (guint) every == 0)
            g_atomic_int_inc (&relay->rtp_dropped);
          else
            g_socket_send_to (relay->rtp, relay->rtp_to, packet, (gsize) size, NULL, NULL);
        }
      while ((size = g_socket_receive (relay->rtcp, packet, sizeof packet, NULL, NULL)) > 0)
        if (g_socket_send_to (relay->rtcp, relay->rtcp_to, packet, (gsize) size, NULL, NULL) > 0)
          g_atomic_int_inc (&relay->rtcp_passed);
    }
  return NULL;
}

static Relay *
relay_new (gint drop_every)
{
  Relay *relay = g_new0 (Relay, 1);

  relay->rtp = relay_socket ();
  relay->rtcp = relay_socket ();
  relay->drop_every = drop_every;
  return relay;
}

/* Starts passing A's packets to B's (the port of its answer). */
static void
relay_start (Relay        *relay,
             const WccSdp *b)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (b->address);

  relay->rtp_to = g_inet_socket_address_new (address, b->port);
  relay->rtcp_to = g_inet_socket_address_new (address, b->rtcp_port != 0 ? b->rtcp_port : b->port + 1);
  relay->thread = g_thread_new ("lossy-relay", relay_run, relay);
}

static void
relay_free (Relay *relay)
{
  g_atomic_int_set (&relay->stop, TRUE);
  if (relay->thread != NULL)
    g_thread_join (relay->thread);
  g_clear_object (&relay->rtp);
  g_clear_object (&relay->rtcp);
  g_clear_object (&relay->rtp_to);
  g_clear_object (&relay->rtcp_to);
  g_free (relay);
}

static Call *
call_new_full (const char *codec,
               gboolean    srtp,
               const char *a_source,
               Relay      *relay)
{
  Call *call = g_new0 (Call, 1);
  const char *codecs[] = { codec, NULL };
  WccSdpCaps caps = { .codecs = codecs, .telephone_event = TRUE, .ptime = 20,
                      .srtp_offer = srtp };
  g_autofree char *a_sink = NULL;
  g_autofree char *b_sink = NULL;
  g_autofree char *offer_text = NULL;
  g_autofree char *answer_text = NULL;
  g_autoptr(WccSdp) offer_made = NULL;
  g_autoptr(WccSdp) answer_made = NULL;
  g_autoptr(GError) error = NULL;
  WccMediaDevices a_devices = { .source = a_source };
  WccMediaDevices b_devices = { .source = "audiotestsrc freq=1000 is-live=true wave=sine" };

  call_counter++;
  call->a_ear = g_strdup_printf ("a-ear-%u", call_counter);
  call->b_ear = g_strdup_printf ("b-ear-%u", call_counter);
  a_sink = wcc_tone_detect_sink_description (call->a_ear);
  b_sink = wcc_tone_detect_sink_description (call->b_ear);
  a_devices.sink = a_sink;
  b_devices.sink = b_sink;

  call->a = wcc_media_session_new ("127.0.0.1", &a_devices, &error);
  g_assert_no_error (error);
  call->b = wcc_media_session_new ("127.0.0.1", &b_devices, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wcc_media_session_get_port (call->a) % 2, ==, 0);
  g_assert_cmpstr (wcc_media_session_get_address (call->a), ==, "127.0.0.1");

  /* Through text both ways, as over SIP. */
  offer_made = wcc_sdp_make_offer (&caps, "127.0.0.1", wcc_media_session_get_port (call->a),
                                   WCC_SDP_SENDRECV, 1000 + call_counter, 1);
  offer_text = wcc_sdp_to_string (offer_made);
  call->offer = wcc_sdp_parse (offer_text, &error);
  g_assert_no_error (error);
  answer_made = wcc_sdp_make_answer (call->offer, &caps, "127.0.0.1",
                                     wcc_media_session_get_port (call->b), WCC_SDP_SENDRECV,
                                     2000 + call_counter, 1, &error);
  g_assert_no_error (error);
  answer_text = wcc_sdp_to_string (answer_made);
  call->answer = wcc_sdp_parse (answer_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (call->offer->secure, ==, srtp);
  g_assert_cmpint (call->answer->secure, ==, srtp);

  g_assert_true (wcc_media_session_apply (call->b, call->answer, call->offer, &error));
  g_assert_no_error (error);
  if (relay != NULL)
    {
      /* A sees B at the relay's ports. */
      g_autoptr(WccSdp) via_relay = wcc_sdp_parse (answer_text, &error);

      g_assert_no_error (error);
      via_relay->port = socket_port (relay->rtp);
      via_relay->rtcp_port = socket_port (relay->rtcp);
      relay_start (relay, call->answer);
      g_assert_true (wcc_media_session_apply (call->a, call->offer, via_relay, &error));
    }
  else
    g_assert_true (wcc_media_session_apply (call->a, call->offer, call->answer, &error));
  g_assert_no_error (error);
  return call;
}

static Call *
call_new_with_source (const char *codec,
                      gboolean    srtp,
                      const char *a_source)
{
  return call_new_full (codec, srtp, a_source, NULL);
}

static Call *
call_new (const char *codec,
          gboolean    srtp)
{
  return call_new_with_source (codec, srtp, "audiotestsrc freq=440 is-live=true wave=sine");
}

/* An offer whose audio address is IPv6 (as Linphone sends with an IPv6 interface) cannot
 * reach our IPv4 sockets: refused as a protocol fault (the call answers 488), not a crash
 * or a silent call. */
static void
test_other_ip_version (void)
{
  const char *codecs[] = { "PCMU", NULL };
  WccSdpCaps caps = { .codecs = codecs, .ptime = 20 };
  WccMediaDevices devices = { .source = "audiotestsrc is-live=true wave=silence", .sink = "fakesink" };
  g_autoptr(GError) error = NULL;
  g_autoptr(WccMediaSession) session = wcc_media_session_new ("127.0.0.1", &devices, &error);
  g_autoptr(WccSdp) offer = NULL;
  g_autoptr(WccSdp) answer = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  offer = wcc_sdp_make_offer (&caps, "fd00::2", 40000, WCC_SDP_SENDRECV, 1, 1);
  text = wcc_sdp_to_string (offer);
  g_clear_pointer (&offer, wcc_sdp_free);
  offer = wcc_sdp_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (offer->address, ==, "fd00::2");
  answer = wcc_sdp_make_answer (offer, &caps, "127.0.0.1", wcc_media_session_get_port (session),
                                WCC_SDP_SENDRECV, 2, 1, &error);
  g_assert_no_error (error);
  g_assert_false (wcc_media_session_apply (session, answer, offer, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
  wcc_media_session_stop (session);
}

static void
call_free (Call *call)
{
  wcc_media_session_stop (call->a);
  wcc_media_session_stop (call->b);
  g_object_unref (call->a);
  g_object_unref (call->b);
  wcc_sdp_free (call->offer);
  wcc_sdp_free (call->answer);
  g_free (call->a_ear);
  g_free (call->b_ear);
  g_free (call);
}

static void
assert_both_hear (Call *call)
{
  g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
}

static void
test_codec (gconstpointer data)
{
  const char *codec = data;
  Call *call;
  g_autofree char *sent = NULL;

  if (g_str_equal (codec, "G722") && gst_element_factory_find ("avenc_g722") == NULL)
    {
      g_test_skip ("avenc_g722 is not installed");
      return;
    }
  call = call_new (codec, FALSE);
  g_object_get (call->a, "codec", &sent, NULL);
  g_assert_cmpstr (sent, ==, g_ascii_strcasecmp (codec, "opus") == 0 ? "OPUS" : codec);
  assert_both_hear (call);
  /* A lossless call codes no in-band FEC. */
  g_assert_false (wcc_media_session_get_send_fec (call->a, NULL));
  g_assert_false (wcc_media_session_get_send_fec (call->b, NULL));
  call_free (call);
}

/* A hears B; B hears A through the lossy relay — but not under memcheck (stretched
 * waits): there, with FEC on, libopus's SILK layer (about four times the CELT-only cost)
 * keeps A's encoder behind real time, and B hears mostly concealment. */
static void
assert_hear_through_loss (Call *call)
{
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  if (timeout_scale == 1)
    g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
}

/* Keeps the main loop running until @session's Opus encoder codes in-band FEC (or not,
 * as @want says), for @timeout_ms at most. */
static gboolean
wait_send_fec (WccMediaSession *session,
               gboolean         want,
               guint            timeout_ms,
               guint           *loss_percentage)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (wcc_media_session_get_send_fec (session, loss_percentage) != want)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  return TRUE;
}

/* Opus in-band FEC follows the loss the far end reports: A's packets to B go through a
 * relay that loses one in five, so B's receiver reports say ~20 % and A's encoder codes
 * FEC for it; B's stream arrives whole, so A's reports say none and B codes no FEC. Both
 * still hear each other. */
static void
test_opus_fec (void)
{
  Relay *relay = relay_new (5);
  Call *call;
  guint percent = 100;
  gint64 deadline;
  double rtt = 0;

  call = call_new_full ("opus", FALSE, "audiotestsrc freq=440 is-live=true wave=sine", relay);
  /* Nothing reported yet: no FEC. */
  g_assert_false (wcc_media_session_get_send_fec (call->a, &percent));
  g_assert_cmpuint (percent, ==, 0);
  assert_hear_through_loss (call);

  /* rtpbin's first reports come within a few seconds, then about every 5 s. */
  g_assert_true (wait_send_fec (call->a, TRUE, 20000 * timeout_scale, &percent));
  g_test_message ("A's encoder: FEC for %u %% loss (%d RTP packets lost on the way)", percent,
                  g_atomic_int_get (&relay->rtp_dropped));
  /* One in five is 20 %; a first report under memcheck covered less (9 %). */
  g_assert_cmpuint (percent, >=, 5);
  g_assert_cmpuint (percent, <=, 30);

  /* B's stream is whole: once A's reports about it have reached B (two passed the relay, and
   * a stats round of a second), B still codes no FEC. */
  deadline = g_get_monotonic_time () + 20000 * timeout_scale * G_TIME_SPAN_MILLISECOND;
  while (g_atomic_int_get (&relay->rtcp_passed) < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_cmpint (g_atomic_int_get (&relay->rtcp_passed), >=, 2);
  g_assert_false (wait_send_fec (call->b, TRUE, 1500, &percent));
  g_assert_cmpuint (percent, ==, 0);

  /* B's reports also give A the round trip, once one answers a sender report of A's (it
   * was read where GStreamer does not put it, and stayed 0). */
  deadline = g_get_monotonic_time () + 15000 * timeout_scale * G_TIME_SPAN_MILLISECOND;
  do
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
      g_object_get (call->a, "rtt-ms", &rtt, NULL);
    }
  while (rtt == 0 && g_get_monotonic_time () < deadline);
  g_test_message ("A's round trip: %.2f ms", rtt);
  g_assert_cmpfloat (rtt, >, 0);
  g_assert_cmpfloat (rtt, <, 500);

  /* FEC or not, both still hear the other. */
  assert_hear_through_loss (call);
  call_free (call);
  relay_free (relay);
}

/* The playback's volume (a probe, no element): 0 is silence, a lower one still plays;
 * then the output moves to another device (the volume goes with it) while the call goes
 * on. */
static void
test_volume_and_output (void)
{
  Call *call = call_new ("PCMU", FALSE);
  g_autofree char *other_ear = g_strdup_printf ("a-other-ear-%u", call_counter);
  g_autofree char *other_sink = wcc_tone_detect_sink_description (other_ear);
  g_autoptr(GError) error = NULL;
  double db_full = 0, db_low = 0;

  assert_both_hear (call);
  wcc_tone_detect_dominant (call->a_ear, &db_full);
  wcc_media_session_set_volume (call->a, 0);
  g_assert_true (wcc_tone_detect_wait_silence (call->a_ear, -60, 3, HEAR_TIMEOUT_MS));
  wcc_media_session_set_volume (call->a, 0.25);
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  wcc_tone_detect_dominant (call->a_ear, &db_low);
  g_test_message ("B's tone at A: %.1f dB at volume 1, %.1f dB at 0.25", db_full, db_low);
  /* A quarter is 12 dB less. */
  g_assert_cmpfloat (db_low, <, db_full - 9);
  g_assert_cmpfloat (db_low, >, db_full - 15);

  g_assert_true (wcc_media_session_set_sink (call->a, other_sink, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_tone_detect_wait_tone (other_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  wcc_media_session_set_volume (call->a, 0);
  g_assert_true (wcc_tone_detect_wait_silence (other_ear, -60, 3, HEAR_TIMEOUT_MS));
  call_free (call);
}

/* The smoothing of reported loss for FEC: a rise at once, a fall by halves, gone under
 * half a percent. */
static void
test_fec_smoothing (void)
{
  double loss = 0;

  loss = wcc_media_session_smooth_loss (loss, 0);
  g_assert_cmpfloat (loss, ==, 0);
  loss = wcc_media_session_smooth_loss (loss, 0.39);   /* one packet in 256 */
  g_assert_cmpfloat_with_epsilon (loss, 0.39, 1e-9);
  loss = wcc_media_session_smooth_loss (loss, 20);
  g_assert_cmpfloat (loss, ==, 20);
  loss = wcc_media_session_smooth_loss (loss, 0);
  g_assert_cmpfloat (loss, ==, 10);
  loss = wcc_media_session_smooth_loss (loss, 4);
  g_assert_cmpfloat (loss, ==, 7);
  loss = wcc_media_session_smooth_loss (loss, 30);
  g_assert_cmpfloat (loss, ==, 30);
  for (guint i = 0; i < 5; i++)
    loss = wcc_media_session_smooth_loss (loss, 0);
  g_assert_cmpfloat (loss, >, 0.5);   /* 30 / 32 */
  loss = wcc_media_session_smooth_loss (loss, 0);
  g_assert_cmpfloat (loss, ==, 0);
  g_assert_cmpfloat (wcc_media_session_smooth_loss (0, 250), ==, 100);
}

static void
test_hold (void)
{
  Call *call = call_new ("PCMU", FALSE);
  gboolean on_hold = FALSE;

  assert_both_hear (call);
  wcc_media_session_set_hold (call->a, TRUE);
  g_object_get (call->a, "on-hold", &on_hold, NULL);
  g_assert_true (on_hold);
  wcc_tone_detect_reset (call->b_ear);
  /* B hears the melody: two notes in a row, none of them A's 440 Hz. */
  g_assert_true (wcc_tone_detect_wait_any_tone (call->b_ear, hold_notes,
                                                G_N_ELEMENTS (hold_notes), 2, HEAR_TIMEOUT_MS));
  wcc_media_session_set_hold (call->a, FALSE);
  wcc_tone_detect_reset (call->b_ear);
  g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
  call_free (call);
}

static void
test_mute (void)
{
  Call *call = call_new ("PCMA", FALSE);

  assert_both_hear (call);
  wcc_media_session_set_muted (call->a, TRUE);
  wcc_tone_detect_reset (call->b_ear);
  g_assert_true (wcc_tone_detect_wait_silence (call->b_ear, -50, 3, HEAR_TIMEOUT_MS));
  /* Muting A does not silence what A hears. */
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 2, HEAR_TIMEOUT_MS));
  wcc_media_session_set_muted (call->a, FALSE);
  wcc_tone_detect_reset (call->b_ear);
  g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
  call_free (call);
}

/* A re-INVITE from A with @caps, A's side @direction, B answering sendrecv. */
static void
reinvite (Call              *call,
          const WccSdpCaps  *caps,
          WccSdpDirection    direction,
          guint              version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccSdp) offer = wcc_sdp_make_offer (caps, "127.0.0.1",
                                                wcc_media_session_get_port (call->a),
                                                direction, 1, version);
  g_autoptr(WccSdp) answer = wcc_sdp_make_answer (offer, caps, "127.0.0.1",
                                                  wcc_media_session_get_port (call->b),
                                                  WCC_SDP_SENDRECV, 2, version, &error);

  g_assert_no_error (error);
  g_assert_true (wcc_media_session_apply (call->b, answer, offer, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_media_session_apply (call->a, offer, answer, &error));
  g_assert_no_error (error);
}

/* A re-INVITE from A: another codec and sendonly (A holds); then back to sendrecv. */
static void
test_reinvite (void)
{
  Call *call = call_new ("PCMU", FALSE);
  const char *pcma[] = { "PCMA", NULL };
  WccSdpCaps caps = { .codecs = pcma, .telephone_event = TRUE, .ptime = 20 };
  g_autofree char *codec = NULL;
  WccSdpDirection directions[] = { WCC_SDP_SENDONLY, WCC_SDP_SENDRECV };

  assert_both_hear (call);
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      reinvite (call, &caps, directions[i], 2 + i);
      wcc_tone_detect_reset (call->a_ear);
      wcc_tone_detect_reset (call->b_ear);
      g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
      if (directions[i] == WCC_SDP_SENDONLY)
        /* B answered recvonly and sends nothing (A would not play it anyway). */
        g_assert_false (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, 1500));
      else
        g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
    }
  g_object_get (call->a, "codec", &codec, NULL);
  g_assert_cmpstr (codec, ==, "PCMA");
  /* What B did not send while it only received is not loss: its packets after the resume
   * follow on in sequence (dropped after the mux they left a gap, and A's quality read
   * "Bad" after every hold). */
  {
    double loss = 1;

    for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; g_get_monotonic_time () < deadline;)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (50 * 1000);
      }
    g_object_get (call->a, "packet-loss", &loss, NULL);
    g_test_message ("A's loss after B's recvonly stretch: %.3f", loss);
    g_assert_cmpfloat (loss, <, 0.02);
  }
  call_free (call);
}

/* A re-INVITE to a codec of another rate than the pipeline's (8 kHz for PCMU, Opus at
 * 48 kHz): only then do the encoder and decoder branches convert the rate, and both sides
 * must still hear each other. */
static void
test_reinvite_other_rate (void)
{
  Call *call = call_new ("PCMU", FALSE);
  const char *opus[] = { "opus", NULL };
  WccSdpCaps caps = { .codecs = opus, .telephone_event = TRUE, .ptime = 20 };
  g_autofree char *codec = NULL;

  assert_both_hear (call);
  reinvite (call, &caps, WCC_SDP_SENDRECV, 2);
  g_object_get (call->a, "codec", &codec, NULL);
  g_assert_cmpstr (codec, ==, "OPUS");
  wcc_tone_detect_reset (call->a_ear);
  wcc_tone_detect_reset (call->b_ear);
  assert_both_hear (call);
  call_free (call);
}

/* Received audio is read by the capture's thread: when A's capture ends (a source of
 * half a second), A must go on hearing B. */
static void
test_capture_ends (void)
{
  Call *call = call_new_with_source ("PCMU", FALSE,
                                     "audiotestsrc freq=440 is-live=true wave=sine num-buffers=25");

  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  g_usleep (G_USEC_PER_SEC);
  wcc_tone_detect_reset (call->a_ear);
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  call_free (call);
}

/* A capture that stalls without ending (a device that delivers a buffer a second): what B
 * says must still play at A without a break — two seconds of B's tone, 20 reports in a row,
 * none of them more than a few packet times after the one before — because the clock
 * reads the socket and plays out while the capture stalls. */
static void
test_capture_stalls (void)
{
  Call *call = call_new_with_source ("PCMU", FALSE,
                                     "audiotestsrc freq=440 is-live=true wave=sine "
                                     "! identity sleep-time=1000000");

  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 3, HEAR_TIMEOUT_MS));
  wcc_tone_detect_reset (call->a_ear);
  g_assert_true (wcc_tone_detect_wait_tone (call->a_ear, TONE_B, 20, HEAR_TIMEOUT_MS));
  /* In real time, not in a burst each time the capture delivers. */
  g_test_message ("longest pause between reports: %" G_GINT64_FORMAT " µs",
                  wcc_tone_detect_longest_pause_us (call->a_ear));
  g_assert_cmpint (wcc_tone_detect_longest_pause_us (call->a_ear), <, 400 * 1000 * (gint64) timeout_scale);
  call_free (call);
}

static void
on_dtmf_received (WccMediaSession *session,
                  char             digit,
                  gpointer         user_data)
{
  g_string_append_c ((GString *) user_data, digit);
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_dtmf (void)
{
  Call *call = call_new ("PCMU", FALSE);
  g_autoptr(GString) digits = g_string_new (NULL);
  gint64 deadline;
  guint poll_id;

  g_signal_connect (call->b, "dtmf-received", G_CALLBACK (on_dtmf_received), digits);
  assert_both_hear (call);
  for (const char *d = "1234#"; *d; d++)
    g_assert_true (wcc_media_session_send_dtmf (call->a, *d, 100));

  poll_id = g_timeout_add (20, on_poll, NULL);
  deadline = g_get_monotonic_time () + 5 * timeout_scale * G_USEC_PER_SEC;
  while (digits->len < 5 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll_id);
  g_assert_cmpstr (digits->str, ==, "1234#");
  /* rtpdtmfsrc leaks an event still queued when it is torn down: let the last one go. */
  g_assert_false (wcc_tone_detect_wait_silence (call->a_ear, -300, 1, 500));
  call_free (call);
}

static void
test_srtp (void)
{
  Call *call = call_new ("PCMU", TRUE);

  g_assert_cmpuint (call->offer->cryptos->len, ==, 1);
  g_assert_cmpuint (call->answer->cryptos->len, ==, 1);
  assert_both_hear (call);
  call_free (call);
}

static void
on_recording_notify (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  gboolean recording;

  g_object_get (object, "recording", &recording, NULL);
  if (!recording)
    *(gboolean *) user_data = TRUE;
}

/* Decodes the whole file, which must be a complete Ogg/Opus stream, into 48 kHz mono
 * floats (when @audio is given); returns the number of samples. */
static guint64
decode_recording (const char *path,
                  GArray     *audio)
{
  g_autofree char *description =
    g_strdup_printf ("filesrc location=\"%s\" ! oggdemux ! opusdec ! audioconvert ! "
                     "audio/x-raw,format=F32LE,rate=48000,channels=1 ! "
                     "appsink name=out sync=false", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) appsink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  guint64 samples = 0;

  g_assert_no_error (error);
  appsink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  g_object_set (appsink, "emit-signals", FALSE, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      GstSample *sample = NULL;
      g_signal_emit_by_name (appsink, "try-pull-sample", 5 * GST_SECOND, &sample);
      if (sample == NULL)
        break;
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      samples += gst_buffer_get_size (buffer) / sizeof (float);
      if (audio != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_array_append_vals (audio, map.data, map.size / sizeof (float));
          gst_buffer_unmap (buffer, &map);
        }
      gst_sample_unref (sample);
    }
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (message != NULL)
    {
      g_autoptr(GError) decode_error = NULL;
      gst_message_parse_error (message, &decode_error, NULL);
      g_error ("%s does not decode: %s", path, decode_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return samples;
}

static guint64
decoded_samples (const char *path)
{
  return decode_recording (path, NULL);
}

/* The power at @freq_hz (Goertzel) of @n samples at 48 kHz, as a share of their power. */
static double
tone_share (const float *x,
            guint        n,
            double       freq_hz)
{
  double coefficient = 2 * cos (2 * G_PI * freq_hz / 48000);
  double s1 = 0, s2 = 0, energy = 0, power;

  for (guint i = 0; i < n; i++)
    {
      double s0 = x[i] + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
      energy += (double) x[i] * x[i];
    }
  power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  /* A pure tone of energy E gives power E · N / 2. */
  return energy > 0 ? power / (energy * n / 2) : 0;
}

/* The share of the 100 ms blocks of @audio in which @freq_hz has a fair part of the power. */
static double
blocks_with_tone (GArray *audio,
                  double  freq_hz)
{
  const guint block = 4800;
  guint blocks = 0, with_tone = 0;

  for (guint start = 0; start + block <= audio->len; start += block)
    {
      blocks++;
      if (tone_share ((const float *) audio->data + start, block, freq_hz) > 0.1)
        with_tone++;
    }
  return blocks > 0 ? (double) with_tone / blocks : 0;
}

static void
test_recording (void)
{
  Call *call = call_new ("opus", FALSE);
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "call.ogg", NULL);
  g_autoptr(GError) error = NULL;
  gboolean recording = FALSE, finished = FALSE;
  GStatBuf st;

  assert_both_hear (call);
  g_assert_true (wcc_media_session_start_recording (call->a, path, &error));
  g_assert_no_error (error);
  g_object_get (call->a, "recording", &recording, NULL);
  g_assert_true (recording);
  g_signal_connect (call->a, "notify::recording", G_CALLBACK (on_recording_notify), &finished);
  /* Two seconds of both tones. */
  g_assert_false (wcc_tone_detect_wait_silence (call->a_ear, -300, 1, 2000));
  wcc_media_session_stop_recording (call->a);
  wcc_test_wait_for (&finished, 3000 * timeout_scale);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  /* At least one second of audio at 48 kHz. */
  g_assert_cmpuint (decoded_samples (path), >, 48000);
  call_free (call);
  wcc_test_remove_dir (dir);
}

static void
test_stop_while_recording (void)
{
  Call *call = call_new ("PCMU", FALSE);
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "call.ogg", NULL);
  g_autoptr(GError) error = NULL;
  gboolean finished = FALSE;

  assert_both_hear (call);
  g_assert_true (wcc_media_session_start_recording (call->a, path, &error));
  g_assert_no_error (error);
  g_signal_connect (call->a, "notify::recording", G_CALLBACK (on_recording_notify), &finished);
  /* A second and a half of the call (longer when slowed down, under valgrind). */
  g_assert_false (wcc_tone_detect_wait_silence (call->a_ear, -300, 1, 1500 * timeout_scale));
  /* Stopping the session finishes the file first. */
  wcc_media_session_stop (call->a);
  wcc_test_wait_for (&finished, 3000 * timeout_scale);
  g_assert_cmpuint (decoded_samples (path), >, 24000);
  call_free (call);
  wcc_test_remove_dir (dir);
}

/* A recording started mid-call carries both sides (the tees go in as it starts) and
 * survives a re-INVITE to another codec, whose encoder swap then goes through the tee. */
static void
test_recording_both_sides (void)
{
  Call *call = call_new ("PCMU", FALSE);
  const char *pcma[] = { "PCMA", NULL };
  WccSdpCaps caps = { .codecs = pcma, .telephone_event = TRUE, .ptime = 20 };
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "call.ogg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) audio = g_array_new (FALSE, FALSE, sizeof (float));
  g_autofree char *codec = NULL;
  gboolean finished = FALSE;
  double with_a, with_b, with_other;

  assert_both_hear (call);
  g_assert_true (wcc_media_session_start_recording (call->a, path, &error));
  g_assert_no_error (error);
  g_signal_connect (call->a, "notify::recording", G_CALLBACK (on_recording_notify), &finished);
  g_assert_false (wcc_tone_detect_wait_silence (call->a_ear, -300, 1, 1000));
  reinvite (call, &caps, WCC_SDP_SENDRECV, 2);
  g_object_get (call->a, "codec", &codec, NULL);
  g_assert_cmpstr (codec, ==, "PCMA");
  wcc_tone_detect_reset (call->b_ear);
  g_assert_true (wcc_tone_detect_wait_tone (call->b_ear, TONE_A, 3, HEAR_TIMEOUT_MS));
  wcc_media_session_stop_recording (call->a);
  wcc_test_wait_for (&finished, 3000 * timeout_scale);

  g_assert_cmpuint (decode_recording (path, audio), >, 48000);
  with_a = blocks_with_tone (audio, TONE_A);
  with_b = blocks_with_tone (audio, TONE_B);
  with_other = blocks_with_tone (audio, 1500);
  g_test_message ("blocks with %.0f Hz: %.2f, with %.0f Hz: %.2f, with 1500 Hz: %.2f",
                  TONE_A, with_a, TONE_B, with_b, with_other);
  g_assert_cmpfloat (with_a, >, 0.8);
  g_assert_cmpfloat (with_b, >, 0.8);
  g_assert_cmpfloat (with_other, ==, 0);
  call_free (call);
  wcc_test_remove_dir (dir);
}

static void
on_mos_notify (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  double mos;

  g_object_get (object, "mos", &mos, NULL);
  if (mos > 0)
    *(gboolean *) user_data = TRUE;
}

static void
test_stats (void)
{
  Call *call = call_new ("PCMU", FALSE);
  gboolean have_mos = FALSE;
  double mos, jitter, loss, rtt;

  g_signal_connect (call->b, "notify::mos", G_CALLBACK (on_mos_notify), &have_mos);
  wcc_test_wait_for (&have_mos, 6000 * timeout_scale);
  g_object_get (call->b, "mos", &mos, "jitter-ms", &jitter, "packet-loss", &loss,
                "rtt-ms", &rtt, NULL);
  g_test_message ("mos %.2f jitter %.2f ms loss %.3f rtt %.2f ms", mos, jitter, loss, rtt);
  g_assert_cmpfloat (mos, >=, 1.0);
  g_assert_cmpfloat (mos, <=, 4.5);
  g_assert_cmpfloat (jitter, >=, 0);
  g_assert_cmpfloat (jitter, <, 50);
  g_assert_cmpfloat (loss, >=, 0);
  g_assert_cmpfloat (loss, <=, 0.05);
  g_assert_cmpfloat (rtt, >=, 0);
  call_free (call);
}

static void
on_tone_finished (WccTonePlayer *player,
                  gpointer       user_data)
{
  *(gint64 *) user_data = g_get_monotonic_time ();
}

static void
test_busy_tone (void)
{
  g_autofree char *sink = wcc_tone_detect_sink_description ("busy-ear");
  g_autoptr(WccTonePlayer) player = wcc_tone_player_new (sink);
  gint64 started, finished_at = 0;

  g_signal_connect (player, "finished", G_CALLBACK (on_tone_finished), &finished_at);
  started = g_get_monotonic_time ();
  wcc_tone_player_play (player, WCC_TONE_BUSY, 1);
  g_assert_true (wcc_tone_player_is_playing (player));
  g_assert_true (wcc_tone_detect_wait_tone ("busy-ear", 425, 2, 1000 * timeout_scale));
  while (finished_at == 0 && g_get_monotonic_time () - started < 3 * timeout_scale * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (finished_at, !=, 0);
  g_assert_cmpint (finished_at - started, >=, 950 * 1000);
  g_assert_cmpint (finished_at - started, <, 1600 * 1000 * timeout_scale);
  g_assert_false (wcc_tone_player_is_playing (player));
}

static void
test_beep (void)
{
  g_autofree char *sink = wcc_tone_detect_sink_description ("beep-ear");
  g_autoptr(WccTonePlayer) player = wcc_tone_player_new (sink);
  gint64 finished_at = 0;
  gint64 started = g_get_monotonic_time ();

  g_signal_connect (player, "finished", G_CALLBACK (on_tone_finished), &finished_at);
  wcc_tone_player_play (player, WCC_TONE_BEEP, 0);
  while (finished_at == 0 && g_get_monotonic_time () - started < 3 * timeout_scale * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (finished_at, !=, 0);
  g_assert_cmpint (finished_at - started, <, 1000 * 1000 * timeout_scale);
}

int
main (int argc, char **argv)
{
  const char *scale = g_getenv ("WCC_TEST_TIMEOUT_SCALE");

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  wcc_tone_detect_init ();
  if (scale != NULL)
    timeout_scale = CLAMP ((guint) g_ascii_strtoull (scale, NULL, 10), 1, 20);
  wcc_test_guard_timeout (90 * timeout_scale);

  g_test_add_data_func ("/media/codec/PCMU", "PCMU", test_codec);
  g_test_add_data_func ("/media/codec/PCMA", "PCMA", test_codec);
  g_test_add_data_func ("/media/codec/opus", "opus", test_codec);
  g_test_add_data_func ("/media/codec/G722", "G722", test_codec);
  g_test_add_func ("/media/opus-fec", test_opus_fec);
  g_test_add_func ("/media/fec-smoothing", test_fec_smoothing);
  g_test_add_func ("/media/volume-and-output", test_volume_and_output);
  g_test_add_func ("/media/hold", test_hold);
  g_test_add_func ("/media/mute", test_mute);
  g_test_add_func ("/media/reinvite", test_reinvite);
  g_test_add_func ("/media/reinvite-other-rate", test_reinvite_other_rate);
  g_test_add_func ("/media/capture-ends", test_capture_ends);
  g_test_add_func ("/media/capture-stalls", test_capture_stalls);
  g_test_add_func ("/media/dtmf", test_dtmf);
  g_test_add_func ("/media/srtp", test_srtp);
  g_test_add_func ("/media/recording", test_recording);
  g_test_add_func ("/media/stop-while-recording", test_stop_while_recording);
  g_test_add_func ("/media/recording-both-sides", test_recording_both_sides);
  g_test_add_func ("/media/stats", test_stats);
  g_test_add_func ("/media/other-ip-version", test_other_ip_version);
  g_test_add_func ("/tone/busy", test_busy_tone);
  g_test_add_func ("/tone/beep", test_beep);
  return g_test_run ();
}
