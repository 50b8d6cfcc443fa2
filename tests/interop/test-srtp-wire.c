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
  share = wcc_interop_captured_tone_share (dir, b_sdp->port, (const double[]) { 440 }, 1);
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
