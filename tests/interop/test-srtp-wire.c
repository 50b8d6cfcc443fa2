/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-srtp-wire.c: an SRTP call between two of our phones carries audio both ways, and
 * what tshark captures on loopback is not the tone in plain PCMU (a plain call's is). */
#include <gst/gst.h>
#include <math.h>

#include "wcc-interop.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

static const char *const pcmu_only[] = { "PCMU", NULL };

static WccParty *
direct_party (const char  *user,
              double       tone,
              WccSrtpMode  srtp)
{
  WccAccountSettings settings = { .user = user, .domain = "test", .bind = "127.0.0.1:0",
                                  .srtp = srtp, .codecs = pcmu_only };
  return wcc_party_new (&settings, tone);
}

static double
ulaw_to_linear (guint8 byte)
{
  int u = ~byte & 0xff;
  int t = ((u & 0x0f) << 3) + 0x84;

  t <<= (u & 0x70) >> 4;
  return ((u & 0x80) ? (0x84 - t) : (t - 0x84)) / 32768.0;
}

/* Captures 2 s of the RTP arriving at @port and returns the share of the 440 Hz power in
 * the payloads read as µ-law; -1 when nothing could be captured. */
static double
captured_tone_share (const char *dir,
                     guint16     port)
{
  g_autofree char *pcap = g_build_filename (dir, "rtp.pcapng", NULL);
  g_autofree char *log = g_build_filename (dir, "dumpcap.log", NULL);
  g_autofree char *filter = g_strdup_printf ("udp dst port %u", port);
  g_autofree char *decode = g_strdup_printf ("udp.port==%u,rtp", port);
  g_autofree char *fields = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GSubprocess) capture = NULL;
  double s_prev = 0, s_prev2 = 0, energy = 0, coeff = 2 * cos (2 * G_PI * 440 / 8000), power;
  gsize n = 0;
  int status = 0;
  const char *capture_argv[] = { "dumpcap", "-q", "-i", "lo", "-f", filter, "-a", "duration:2",
                                 "-w", pcap, NULL };

  capture = wcc_interop_spawn (capture_argv, log);
  /* The phones keep talking while dumpcap listens. */
  {
    gint64 deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
    while (g_subprocess_get_identifier (capture) != NULL && g_get_monotonic_time () < deadline)
      wcc_interop_run_for (50);
  }
  wcc_interop_stop (&capture);
  if (!g_file_test (pcap, G_FILE_TEST_EXISTS))
    {
      g_autofree char *text = NULL;
      g_file_get_contents (log, &text, NULL, NULL);
      g_test_message ("dumpcap captured nothing: %s", text ? text : "");
      return -1;
    }
  {
    const char *argv[] = { "tshark", "-r", pcap, "-d", decode, "-T", "fields", "-e", "rtp.payload", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &fields, &errors, &status, &error);
    g_assert_no_error (error);
  }
  lines = g_strsplit (fields, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) bytes = g_strsplit (g_strstrip (lines[i]), ":", -1);
      gsize len = g_strv_length (bytes);

      /* tshark 3.x prints "aa:bb:…", newer ones "aabb…". */
      if (len == 1 && strlen (bytes[0]) > 2)
        {
          const char *hex = bytes[0];
          for (gsize j = 0; j + 1 < strlen (hex); j += 2)
            {
              char pair[3] = { hex[j], hex[j + 1], 0 };
              double x = ulaw_to_linear ((guint8) g_ascii_strtoull (pair, NULL, 16));
              double s = x + coeff * s_prev - s_prev2;
              s_prev2 = s_prev, s_prev = s, energy += x * x, n++;
            }
          continue;
        }
      for (gsize j = 0; j < len && bytes[j][0] != '\0'; j++)
        {
          double x = ulaw_to_linear ((guint8) g_ascii_strtoull (bytes[j], NULL, 16));
          double s = x + coeff * s_prev - s_prev2;
          s_prev2 = s_prev, s_prev = s, energy += x * x, n++;
        }
    }
  g_test_message ("captured %zu payload bytes at port %u", n, port);
  if (n < 4000)
    return -1;
  power = s_prev * s_prev + s_prev2 * s_prev2 - coeff * s_prev * s_prev2;
  return energy > 0 ? 2 * power / (n * energy) : 0;
}

/* A calls B; both hear each other; what arrives at B's RTP port is captured. */
static double
call_and_capture (const char  *dir,
                  WccSrtpMode  srtp)
{
  WccParty *a = direct_party ("1001", 440, srtp);
  WccParty *b = direct_party ("1002", 1000, WCC_SRTP_OPTIONAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCall) call = g_object_ref (wcc_account_dial (a->account, wcc_account_get_local_uri (b->account), &error));
  WccCall *incoming;
  const WccSdp *b_sdp;
  double share;

  g_assert_no_error (error);
  incoming = wcc_party_wait_incoming (b, 5000);
  wcc_interop_wait_call_state (call, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (b, 440);
  wcc_party_assert_hears (a, 1000);
  g_assert_cmpstr (wcc_call_get_codec (call), ==, "PCMU");
  b_sdp = wcc_call_get_local_sdp (incoming);
  g_assert_nonnull (b_sdp);
  g_assert_cmpint (b_sdp->secure, ==, srtp == WCC_SRTP_MANDATORY);
  share = captured_tone_share (dir, b_sdp->port);
  wcc_call_hangup (call);
  wcc_interop_wait_call_state (incoming, WCC_CALL_ENDED, 5000);
  wcc_party_free (a);
  wcc_party_free (b);
  return share;
}

static void
test_srtp_on_the_wire (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  double plain, secure;

  if (g_find_program_in_path ("dumpcap") == NULL || g_find_program_in_path ("tshark") == NULL)
    {
      g_test_skip ("dumpcap/tshark not installed (build-aux/wcc-deps installs tshark)");
      wcc_test_remove_dir (dir);
      return;
    }
  /* The control: plain PCMU on the wire is our tone, so the analysis sees it. */
  plain = call_and_capture (dir, WCC_SRTP_OPTIONAL);
  if (plain < 0)
    {
      g_test_skip ("cannot capture on the loopback interface here (capture privileges?)");
      wcc_test_remove_dir (dir);
      return;
    }
  g_test_message ("440 Hz share in plain RTP payloads: %.2f", plain);
  g_assert_cmpfloat (plain, >, 0.5);

  secure = call_and_capture (dir, WCC_SRTP_MANDATORY);
  g_test_message ("440 Hz share in SRTP payloads: %.3f", secure);
  g_assert_cmpfloat (secure, >=, 0);
  g_assert_cmpfloat (secure, <, 0.05);
  wcc_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (60);
  wcc_tone_detect_init ();
  g_test_add_func ("/interop/srtp/on-the-wire", test_srtp_on_the_wire);
  return g_test_run ();
}
