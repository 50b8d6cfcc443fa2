/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sdp.c: SDP parsing of real phones' offers, offer/answer rules, SRTP, bad input. */
#include <string.h>

#include "wcc-error.h"
#include "wcc-sdp.h"
#include "wcc-test-util.h"

static const char baresip_offer[] =
  "v=0\r\n"
  "o=- 1614795893 3396429006 IN IP4 192.168.1.10\r\n"
  "s=-\r\n"
  "c=IN IP4 192.168.1.10\r\n"
  "t=0 0\r\n"
  "m=audio 10004 RTP/AVP 0 8 101\r\n"
  "b=AS:64\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:8 PCMA/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=fmtp:101 0-15\r\n"
  "a=sendrecv\r\n"
  "a=label:1\r\n"
  "a=ssrc:2943163052 cname:2a6d2f69-8e4f-4f42-a21d-2f1b1c2ad9a3\r\n"
  "a=rtcp-rsize\r\n"
  "a=ptime:20\r\n";

static const char linphone_offer[] =
  "v=0\r\n"
  "o=alice 3120 1453 IN IP4 10.0.0.5\r\n"
  "s=Talk\r\n"
  "c=IN IP4 10.0.0.5\r\n"
  "t=0 0\r\n"
  "a=ice-pwd:31ec21eb38b2ec6d36e8dc7b\r\n"
  "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100\r\n"
  "a=rtpmap:96 opus/48000/2\r\n"
  "a=fmtp:96 useinbandfec=1\r\n"
  "a=rtpmap:97 speex/16000\r\n"
  "a=fmtp:97 vbr=on\r\n"
  "a=rtpmap:98 speex/8000\r\n"
  "a=fmtp:98 vbr=on\r\n"
  "a=fmtp:18 annexb=yes\r\n"
  "a=rtpmap:101 telephone-event/48000\r\n"
  "a=rtpmap:99 telephone-event/16000\r\n"
  "a=rtpmap:100 telephone-event/8000\r\n"
  "a=rtcp-fb:* trr-int 1000\r\n"
  "a=rtcp:7079\r\n"
  "m=video 9078 RTP/AVP 96 97\r\n"
  "a=rtpmap:96 VP8/90000\r\n"
  "a=rtpmap:97 H264/90000\r\n"
  "a=fmtp:97 profile-level-id=42801F\r\n"
  "a=rtcp-fb:* ccm tmmbr\r\n";

/* pjsip style: connection and rtcp at media level, G.722 offered. */
static const char microsip_offer[] =
  "v=0\r\n"
  "o=- 3851459637 3851459637 IN IP4 192.168.0.20\r\n"
  "s=pjmedia\r\n"
  "b=AS:84\r\n"
  "t=0 0\r\n"
  "a=X-nat:0\r\n"
  "m=audio 4000 RTP/AVP 8 0 9 101\r\n"
  "c=IN IP4 192.168.0.20\r\n"
  "b=AS:64000\r\n"
  "a=rtpmap:8 PCMA/8000\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:9 G722/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=fmtp:101 0-16\r\n"
  "a=rtcp:4005 IN IP4 192.168.0.20\r\n"
  "a=ssrc:1249348390 cname:4b2c6e2f1f3d0c1a\r\n";

/* Video first, audio second; SDES crypto with lifetime and MKI (RFC 4568's example key). */
static const char crypto_offer[] =
  "v=0\r\n"
  "o=bob 2890844526 2890842807 IN IP4 198.51.100.7\r\n"
  "s=-\r\n"
  "c=IN IP4 198.51.100.7\r\n"
  "t=0 0\r\n"
  "m=video 0 RTP/AVP 31\r\n"
  "m=audio 49170 RTP/SAVP 0 101\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32\r\n"
  "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32\r\n"
  "a=sendonly\r\n";

static const char *const all_codecs[] = { "opus", "G722", "PCMU", "PCMA", NULL };

static WccSdpCaps
default_caps (void)
{
  WccSdpCaps caps = { .codecs = all_codecs, .telephone_event = TRUE, .ptime = 20 };
  return caps;
}

static WccSdp *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  WccSdp *sdp = wcc_sdp_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sdp);
  return sdp;
}

static const WccSdpCodec *
codec_at (const WccSdp *sdp,
          guint         i)
{
  g_assert_cmpuint (i, <, sdp->codecs->len);
  return sdp->codecs->pdata[i];
}

static void
test_parse_baresip (void)
{
  g_autoptr(WccSdp) sdp = parse_ok (baresip_offer);

  g_assert_cmpstr (sdp->origin_user, ==, "-");
  g_assert_cmpuint (sdp->session_id, ==, 1614795893);
  g_assert_cmpuint (sdp->session_version, ==, 3396429006u);
  g_assert_cmpstr (sdp->address, ==, "192.168.1.10");
  g_assert_cmpuint (sdp->port, ==, 10004);
  g_assert_cmpuint (sdp->rtcp_port, ==, 10005);
  g_assert_false (sdp->secure);
  g_assert_cmpuint (sdp->ptime, ==, 20);
  g_assert_cmpint (sdp->direction, ==, WCC_SDP_SENDRECV);
  g_assert_cmpuint (sdp->codecs->len, ==, 3);
  g_assert_cmpstr (codec_at (sdp, 0)->encoding, ==, "PCMU");
  g_assert_cmpstr (codec_at (sdp, 1)->encoding, ==, "PCMA");
  g_assert_cmpstr (codec_at (sdp, 2)->encoding, ==, "telephone-event");
  g_assert_cmpstr (codec_at (sdp, 2)->fmtp, ==, "0-15");
  g_assert_cmpstr (wcc_sdp_get_audio_codec (sdp)->encoding, ==, "PCMU");
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (sdp)->payload_type, ==, 101);
  g_assert_cmpuint (sdp->other_media->len, ==, 0);
  g_assert_cmpuint (sdp->audio_index, ==, 0);
}

static void
test_parse_linphone (void)
{
  g_autoptr(WccSdp) sdp = parse_ok (linphone_offer);
  const WccSdpCodec *opus;

  g_assert_cmpstr (sdp->origin_user, ==, "alice");
  g_assert_cmpuint (sdp->port, ==, 7078);
  g_assert_cmpuint (sdp->rtcp_port, ==, 7079);
  g_assert_cmpuint (sdp->codecs->len, ==, 9);
  opus = codec_at (sdp, 0);
  g_assert_cmpuint (opus->payload_type, ==, 96);
  g_assert_cmpstr (opus->encoding, ==, "opus");
  g_assert_cmpuint (opus->clock_rate, ==, 48000);
  g_assert_cmpuint (opus->channels, ==, 2);
  g_assert_cmpstr (opus->fmtp, ==, "useinbandfec=1");
  /* Static G.729 without rtpmap still gets its fmtp. */
  g_assert_cmpstr (codec_at (sdp, 5)->encoding, ==, "G729");
  g_assert_cmpstr (codec_at (sdp, 5)->fmtp, ==, "annexb=yes");
  g_assert_cmpuint (sdp->other_media->len, ==, 1);
  g_assert_cmpstr (sdp->other_media->pdata[0], ==, "video 9078 RTP/AVP 96 97");
  g_assert_cmpuint (sdp->audio_index, ==, 0);
}

static void
test_parse_microsip (void)
{
  g_autoptr(WccSdp) sdp = parse_ok (microsip_offer);

  g_assert_cmpstr (sdp->address, ==, "192.168.0.20");
  g_assert_cmpuint (sdp->port, ==, 4000);
  g_assert_cmpuint (sdp->rtcp_port, ==, 4005);
  g_assert_cmpuint (sdp->codecs->len, ==, 4);
  g_assert_cmpstr (codec_at (sdp, 2)->encoding, ==, "G722");
  g_assert_cmpuint (codec_at (sdp, 2)->clock_rate, ==, 8000);
}

static void
test_parse_crypto (void)
{
  g_autoptr(WccSdp) sdp = parse_ok (crypto_offer);
  const WccSdpCrypto *crypto;

  g_assert_true (sdp->secure);
  g_assert_cmpuint (sdp->port, ==, 49170);
  g_assert_cmpuint (sdp->audio_index, ==, 1);
  g_assert_cmpuint (sdp->other_media->len, ==, 1);
  g_assert_cmpint (sdp->direction, ==, WCC_SDP_SENDONLY);
  g_assert_cmpuint (sdp->cryptos->len, ==, 2);
  crypto = sdp->cryptos->pdata[0];
  g_assert_cmpuint (crypto->tag, ==, 1);
  g_assert_cmpstr (crypto->suite, ==, "AES_CM_128_HMAC_SHA1_80");
  g_assert_true (g_str_has_prefix (crypto->key_params, "inline:WVNf"));
}

static void
assert_same_sdp (const WccSdp *a,
                 const WccSdp *b)
{
  g_assert_cmpstr (a->origin_user, ==, b->origin_user);
  g_assert_cmpuint (a->session_id, ==, b->session_id);
  g_assert_cmpuint (a->session_version, ==, b->session_version);
  g_assert_cmpstr (a->address, ==, b->address);
  g_assert_cmpuint (a->port, ==, b->port);
  g_assert_cmpuint (a->rtcp_port, ==, b->rtcp_port);
  g_assert_cmpint (a->secure, ==, b->secure);
  g_assert_cmpuint (a->ptime, ==, b->ptime);
  g_assert_cmpint (a->direction, ==, b->direction);
  g_assert_cmpuint (a->audio_index, ==, b->audio_index);
  g_assert_cmpuint (a->codecs->len, ==, b->codecs->len);
  for (guint i = 0; i < a->codecs->len; i++)
    {
      const WccSdpCodec *x = a->codecs->pdata[i], *y = b->codecs->pdata[i];
      g_assert_cmpuint (x->payload_type, ==, y->payload_type);
      g_assert_cmpstr (x->encoding, ==, y->encoding);
      g_assert_cmpuint (x->clock_rate, ==, y->clock_rate);
      g_assert_cmpuint (x->channels, ==, y->channels);
      g_assert_cmpstr (x->fmtp, ==, y->fmtp);
    }
  g_assert_cmpuint (a->cryptos->len, ==, b->cryptos->len);
  for (guint i = 0; i < a->cryptos->len; i++)
    {
      const WccSdpCrypto *x = a->cryptos->pdata[i], *y = b->cryptos->pdata[i];
      g_assert_cmpuint (x->tag, ==, y->tag);
      g_assert_cmpstr (x->suite, ==, y->suite);
      g_assert_cmpstr (x->key_params, ==, y->key_params);
    }
  g_assert_cmpuint (a->other_media->len, ==, b->other_media->len);
  for (guint i = 0; i < a->other_media->len; i++)
    g_assert_cmpstr (a->other_media->pdata[i], ==, b->other_media->pdata[i]);
}

static void
test_round_trip (void)
{
  const char *fixtures[] = { baresip_offer, linphone_offer, microsip_offer, crypto_offer };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(WccSdp) first = parse_ok (fixtures[i]);
      g_autofree char *text = wcc_sdp_to_string (first);
      g_autoptr(WccSdp) second = parse_ok (text);
      g_autofree char *again = wcc_sdp_to_string (second);

      assert_same_sdp (first, second);
      g_assert_cmpstr (text, ==, again);
      /* Every line ends in CRLF, and there is no bare LF. */
      g_assert_true (g_str_has_suffix (text, "\r\n"));
      for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
        g_assert_cmpint (p[-1], ==, '\r');
    }
}

static void
test_lf_line_ends (void)
{
  g_autofree char *lf = g_strdup (linphone_offer);
  g_autoptr(WccSdp) crlf_sdp = parse_ok (linphone_offer);
  g_autoptr(WccSdp) lf_sdp = NULL;
  char *out = lf;

  for (const char *in = linphone_offer; *in; in++)
    if (*in != '\r')
      *out++ = *in;
  *out = '\0';
  lf_sdp = parse_ok (lf);
  assert_same_sdp (crlf_sdp, lf_sdp);
}

static void
test_offer_answer_codec (gconstpointer data)
{
  const char *codec = data;
  const char *offered[] = { codec, NULL };
  WccSdpCaps offer_caps = { .codecs = offered, .telephone_event = TRUE, .ptime = 20 };
  WccSdpCaps answer_caps = default_caps ();
  g_autoptr(WccSdp) offer = wcc_sdp_make_offer (&offer_caps, "127.0.0.1", 40000,
                                                WCC_SDP_SENDRECV, 42, 1);
  g_autofree char *offer_text = wcc_sdp_to_string (offer);
  g_autoptr(WccSdp) parsed = parse_ok (offer_text);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pt;
  guint rate, channels;
  const WccSdpCodec *chosen;

  g_assert_true (wcc_sdp_codec_defaults (codec, &pt, &rate, &channels));
  g_assert_cmpuint (offer->codecs->len, ==, 2);
  g_assert_false (offer->secure);
  g_assert_cmpuint (offer->cryptos->len, ==, 0);
  g_assert_nonnull (strstr (offer_text, "m=audio 40000 RTP/AVP "));
  /* Events at the codec's own clock: 48000 beside opus, 8000 beside the others. */
  if (g_str_equal (codec, "opus"))
    {
      g_assert_nonnull (strstr (offer_text, "a=rtpmap:102 telephone-event/48000\r\n"));
      g_assert_nonnull (strstr (offer_text, "a=fmtp:102 0-16\r\n"));
      g_assert_null (strstr (offer_text, "telephone-event/8000"));
    }
  else
    {
      g_assert_nonnull (strstr (offer_text, "a=rtpmap:101 telephone-event/8000\r\n"));
      g_assert_nonnull (strstr (offer_text, "a=fmtp:101 0-16\r\n"));
      g_assert_null (strstr (offer_text, "telephone-event/48000"));
    }
  g_assert_nonnull (strstr (offer_text, "a=ptime:20\r\n"));
  g_assert_nonnull (strstr (offer_text, "o=- 42 1 IN IP4 127.0.0.1\r\n"));

  answer = wcc_sdp_make_answer (parsed, &answer_caps, "127.0.0.1", 40002, WCC_SDP_SENDRECV,
                                43, 1, &error);
  g_assert_no_error (error);
  chosen = wcc_sdp_get_audio_codec (answer);
  g_assert_cmpuint (chosen->payload_type, ==, pt);
  g_assert_cmpuint (chosen->clock_rate, ==, rate);
  g_assert_cmpuint (chosen->channels, ==, channels);
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->payload_type, ==, rate == 8000 ? 101 : 102);
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->clock_rate, ==, rate);
  g_assert_cmpuint (answer->port, ==, 40002);
  g_assert_cmpuint (answer->rtcp_port, ==, 40003);
  g_assert_cmpint (answer->direction, ==, WCC_SDP_SENDRECV);
  if (g_str_equal (codec, "opus"))
    {
      g_assert_nonnull (strstr (offer_text, "a=rtpmap:111 opus/48000/2\r\n"));
      g_assert_nonnull (strstr (offer_text, "a=fmtp:111 useinbandfec=1\r\n"));
      g_assert_cmpstr (chosen->fmtp, ==, "useinbandfec=1");
    }
  if (g_str_equal (codec, "G722"))
    g_assert_nonnull (strstr (offer_text, "a=rtpmap:9 G722/8000\r\n"));
}

/* The answer takes the offerer's preference among the codecs both have. */
static void
test_answer_preference (void)
{
  const char *mine[] = { "PCMU", "G722", NULL };
  WccSdpCaps caps = { .codecs = mine, .telephone_event = TRUE, .ptime = 20 };
  g_autoptr(WccSdp) offer = parse_ok (microsip_offer);
  g_autoptr(WccSdp) linphone = parse_ok (linphone_offer);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wcc_sdp_get_audio_codec (answer)->encoding, ==, "PCMU");
  g_clear_pointer (&answer, wcc_sdp_free);

  /* Linphone: opus at 96 kept, telephone-event at the opus clock (48000, PT 101). */
  caps = default_caps ();
  answer = wcc_sdp_make_answer (linphone, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answer->codecs->len, ==, 2);
  g_assert_cmpuint (wcc_sdp_get_audio_codec (answer)->payload_type, ==, 96);
  g_assert_cmpstr (wcc_sdp_get_audio_codec (answer)->encoding, ==, "opus");
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->clock_rate, ==, 48000);
}

static void
test_telephone_event (void)
{
  WccSdpCaps caps = default_caps ();
  g_autoptr(WccSdp) offer = parse_ok (baresip_offer);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wcc_sdp_get_dtmf_codec (answer));
  g_assert_cmpstr (wcc_sdp_get_dtmf_codec (answer)->fmtp, ==, "0-15");
  g_clear_pointer (&answer, wcc_sdp_free);

  caps.telephone_event = FALSE;
  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_null (wcc_sdp_get_dtmf_codec (answer));
  g_assert_cmpuint (answer->codecs->len, ==, 1);
}

/* An offer of every codec carries telephone-event once per clock rate, and an answer picks
 * the one at the chosen codec's clock (RFC 4733 §2.1), whichever the offer lists first. */
static void
test_telephone_event_clock (void)
{
  WccSdpCaps caps = default_caps ();
  const char *narrow[] = { "PCMU", NULL };
  WccSdpCaps pcmu_only = { .codecs = narrow, .telephone_event = TRUE, .ptime = 20 };
  g_autoptr(WccSdp) offer = wcc_sdp_make_offer (&caps, "127.0.0.1", 40000, WCC_SDP_SENDRECV, 1, 1);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint events = 0;

  for (guint i = 0; i < offer->codecs->len; i++)
    events += g_ascii_strcasecmp (codec_at (offer, i)->encoding, "telephone-event") == 0;
  g_assert_cmpuint (events, ==, 2);
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec_at_rate (offer, 48000)->payload_type, ==, 102);
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec_at_rate (offer, 8000)->payload_type, ==, 101);
  g_assert_null (wcc_sdp_get_dtmf_codec_at_rate (offer, 16000));

  answer = wcc_sdp_make_answer (offer, &caps, "127.0.0.1", 40002, WCC_SDP_SENDRECV, 2, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wcc_sdp_get_audio_codec (answer)->encoding, ==, "opus");
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->clock_rate, ==, 48000);
  g_clear_pointer (&answer, wcc_sdp_free);

  answer = wcc_sdp_make_answer (offer, &pcmu_only, "127.0.0.1", 40002, WCC_SDP_SENDRECV, 2, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wcc_sdp_get_audio_codec (answer)->encoding, ==, "PCMU");
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->clock_rate, ==, 8000);
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (answer)->payload_type, ==, 101);
}

static void
test_directions (void)
{
  static const struct {
    WccSdpDirection offered;
    WccSdpDirection local;
    WccSdpDirection expected;
  } cases[] = {
    { WCC_SDP_SENDRECV, WCC_SDP_SENDRECV, WCC_SDP_SENDRECV },
    { WCC_SDP_SENDONLY, WCC_SDP_SENDRECV, WCC_SDP_RECVONLY },
    { WCC_SDP_RECVONLY, WCC_SDP_SENDRECV, WCC_SDP_SENDONLY },
    { WCC_SDP_INACTIVE, WCC_SDP_SENDRECV, WCC_SDP_INACTIVE },
    { WCC_SDP_SENDRECV, WCC_SDP_SENDONLY, WCC_SDP_SENDONLY },
    { WCC_SDP_SENDONLY, WCC_SDP_SENDONLY, WCC_SDP_INACTIVE },
    { WCC_SDP_SENDRECV, WCC_SDP_INACTIVE, WCC_SDP_INACTIVE },
  };
  WccSdpCaps caps = default_caps ();

  g_assert_cmpint (wcc_sdp_direction_reverse (WCC_SDP_SENDONLY), ==, WCC_SDP_RECVONLY);
  g_assert_cmpint (wcc_sdp_direction_reverse (WCC_SDP_RECVONLY), ==, WCC_SDP_SENDONLY);
  g_assert_cmpint (wcc_sdp_direction_reverse (WCC_SDP_INACTIVE), ==, WCC_SDP_INACTIVE);
  g_assert_cmpint (wcc_sdp_direction_reverse (WCC_SDP_SENDRECV), ==, WCC_SDP_SENDRECV);
  g_assert_cmpstr (wcc_sdp_direction_to_string (WCC_SDP_INACTIVE), ==, "inactive");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WccSdp) offer = wcc_sdp_make_offer (&caps, "127.0.0.1", 4000, cases[i].offered, 1, 1);
      g_autofree char *text = wcc_sdp_to_string (offer);
      g_autoptr(WccSdp) parsed = parse_ok (text);
      g_autoptr(WccSdp) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *answer_text = NULL;

      g_assert_cmpint (parsed->direction, ==, cases[i].offered);
      answer = wcc_sdp_make_answer (parsed, &caps, "127.0.0.1", 4002, cases[i].local, 2, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (answer->direction, ==, cases[i].expected);
      answer_text = wcc_sdp_to_string (answer);
      g_assert_nonnull (strstr (answer_text, wcc_sdp_direction_to_string (cases[i].expected)));
    }
}

static void
test_session_level_direction (void)
{
  g_autoptr(WccSdp) sdp = parse_ok ("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\n"
                                    "t=0 0\na=inactive\nm=audio 4000 RTP/AVP 0\n");

  g_assert_cmpint (sdp->direction, ==, WCC_SDP_INACTIVE);
}

static void
test_video_rejected (void)
{
  WccSdpCaps caps = default_caps ();
  g_autoptr(WccSdp) offer = parse_ok (linphone_offer);
  g_autoptr(WccSdp) video_first = parse_ok (crypto_offer);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *audio, *video;

  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  text = wcc_sdp_to_string (answer);
  audio = strstr (text, "m=audio 5000 ");
  video = strstr (text, "m=video 0 RTP/AVP 96 97\r\n");
  g_assert_nonnull (audio);
  g_assert_nonnull (video);
  g_assert_true (audio < video);
  g_clear_pointer (&answer, wcc_sdp_free);
  g_clear_pointer (&text, g_free);

  /* Video first in the offer: first in the answer too. */
  answer = wcc_sdp_make_answer (video_first, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answer->audio_index, ==, 1);
  text = wcc_sdp_to_string (answer);
  audio = strstr (text, "m=audio 5000 RTP/SAVP");
  video = strstr (text, "m=video 0 RTP/AVP 31\r\n");
  g_assert_nonnull (audio);
  g_assert_nonnull (video);
  g_assert_true (video < audio);
}

static gboolean
key_params_valid (const char *key_params)
{
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  if (!g_str_has_prefix (key_params, "inline:"))
    return FALSE;
  raw = g_base64_decode (key_params + 7, &len);
  return len == 30;
}

static void
test_srtp (void)
{
  WccSdpCaps caps = default_caps ();
  g_autoptr(WccSdp) offer = parse_ok (crypto_offer);
  g_autoptr(WccSdp) plain = parse_ok (baresip_offer);
  g_autoptr(WccSdp) answer = NULL;
  g_autoptr(WccSdp) ours = NULL;
  g_autoptr(WccSdp) ours_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const WccSdpCrypto *crypto;

  /* Offered: answered with the first suite and our own fresh key. */
  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_true (answer->secure);
  g_assert_cmpuint (answer->cryptos->len, ==, 1);
  crypto = answer->cryptos->pdata[0];
  g_assert_cmpuint (crypto->tag, ==, 1);
  g_assert_cmpstr (crypto->suite, ==, "AES_CM_128_HMAC_SHA1_80");
  g_assert_true (key_params_valid (crypto->key_params));
  g_assert_cmpstr (crypto->key_params, !=, ((WccSdpCrypto *) offer->cryptos->pdata[0])->key_params);
  g_assert_cmpint (answer->direction, ==, WCC_SDP_RECVONLY);
  g_clear_pointer (&answer, wcc_sdp_free);

  /* Refused by the account. */
  caps.srtp_refused = TRUE;
  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
  g_assert_null (answer);
  g_clear_error (&error);
  caps.srtp_refused = FALSE;

  /* Required by the account, not offered. */
  caps.srtp_required = TRUE;
  answer = wcc_sdp_make_answer (plain, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
  g_assert_null (answer);
  g_clear_error (&error);

  /* Required → offered with a fresh key each time. */
  ours = wcc_sdp_make_offer (&caps, "127.0.0.1", 4000, WCC_SDP_SENDRECV, 1, 1);
  ours_again = wcc_sdp_make_offer (&caps, "127.0.0.1", 4000, WCC_SDP_SENDRECV, 1, 2);
  g_assert_true (ours->secure);
  text = wcc_sdp_to_string (ours);
  g_assert_nonnull (strstr (text, "m=audio 4000 RTP/SAVP "));
  g_assert_nonnull (strstr (text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"));
  crypto = ours->cryptos->pdata[0];
  g_assert_true (key_params_valid (crypto->key_params));
  g_assert_cmpstr (crypto->key_params, !=,
                   ((WccSdpCrypto *) ours_again->cryptos->pdata[0])->key_params);

  /* Only suites we cannot do. */
  {
    g_autoptr(WccSdp) odd = parse_ok ("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\n"
                                      "t=0 0\r\nm=audio 4000 RTP/SAVP 0\r\n"
                                      "a=crypto:1 F8_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n");
    caps.srtp_required = FALSE;
    answer = wcc_sdp_make_answer (odd, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
    g_assert_null (answer);
    g_clear_error (&error);
  }
}

static void
test_no_common_codec (void)
{
  const char *mine[] = { "opus", NULL };
  WccSdpCaps caps = { .codecs = mine, .telephone_event = TRUE, .ptime = 20 };
  g_autoptr(WccSdp) offer = parse_ok (baresip_offer);
  g_autoptr(GError) error = NULL;
  WccSdp *answer;

  answer = wcc_sdp_make_answer (offer, &caps, "192.0.2.1", 5000, WCC_SDP_SENDRECV, 1, 1, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
  g_assert_null (answer);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_codec_defaults (void)
{
  guint8 pt;
  guint rate, channels;

  g_assert_true (wcc_sdp_codec_defaults ("G722", &pt, &rate, &channels));
  g_assert_cmpuint (pt, ==, 9);
  g_assert_cmpuint (rate, ==, 8000);
  g_assert_true (wcc_sdp_codec_defaults ("OPUS", &pt, &rate, &channels));
  g_assert_cmpuint (pt, ==, 111);
  g_assert_cmpuint (rate, ==, 48000);
  g_assert_cmpuint (channels, ==, 2);
  g_assert_true (wcc_sdp_codec_defaults ("pcma", &pt, NULL, NULL));
  g_assert_cmpuint (pt, ==, 8);
  g_assert_false (wcc_sdp_codec_defaults ("speex", &pt, &rate, &channels));
}

static void
test_malformed (void)
{
  static const char *const bad[] = {
    "",
    "\r\n\r\n",
    "garbage",
    "hello world\r\n",
    "o=- 1 1 IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n",          /* no v= */
    "v=1\r\no=- 1 1 IN IP4 10.0.0.1\r\n",
    "v=0\r\no=- 1",                                                     /* truncated */
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n", /* no m= */
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=video 4000 RTP/AVP 96\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 70000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio -1 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio abc RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 300\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 99999999999999999999\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 96\r\n", /* no rtpmap */
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/fast\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:500 PCMU/8000\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=rtcp:abc\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:x\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n",   /* no c= */
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN\r\nm=audio 4000 RTP/AVP 0\r\n",
    "v=0\r\no=- x 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n",
    "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n",          /* no o= */
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nthis is not sdp\r\nm=audio 4000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\na=fmtp:0\r\n",
    "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n\xff\xfe\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WccSdp) sdp = wcc_sdp_parse (bad[i], &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (sdp);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message, "Invalid SDP"));
    }
}

/* Every prefix of a real offer: parsed or refused with an error, never a crash or a leak. */
static void
test_truncated (void)
{
  const char *fixtures[] = { linphone_offer, crypto_offer, microsip_offer };

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      gsize len = strlen (fixtures[f]);
      for (gsize n = 0; n <= len; n++)
        {
          g_autofree char *prefix = g_strndup (fixtures[f], n);
          g_autoptr(GError) error = NULL;
          g_autoptr(WccSdp) sdp = wcc_sdp_parse (prefix, &error);

          g_assert_true ((sdp == NULL) != (error == NULL));
          if (sdp != NULL)
            {
              g_autofree char *text = wcc_sdp_to_string (sdp);
              g_autoptr(WccSdp) again = parse_ok (text);
              g_assert_cmpuint (again->port, ==, sdp->port);
            }
        }
    }
}

/* Flipped bytes in a real offer never crash the parser. */
static void
test_mutated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4733);

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *text = g_strdup (linphone_offer);
      gsize len = strlen (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(WccSdp) sdp = NULL;

      for (guint k = 0; k < 3; k++)
        text[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 1, 128);
      sdp = wcc_sdp_parse (text, &error);
      g_assert_true ((sdp == NULL) != (error == NULL));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (25);

  g_test_add_func ("/sdp/parse/baresip", test_parse_baresip);
  g_test_add_func ("/sdp/parse/linphone", test_parse_linphone);
  g_test_add_func ("/sdp/parse/microsip", test_parse_microsip);
  g_test_add_func ("/sdp/parse/crypto", test_parse_crypto);
  g_test_add_func ("/sdp/parse/lf", test_lf_line_ends);
  g_test_add_func ("/sdp/parse/session-direction", test_session_level_direction);
  g_test_add_func ("/sdp/round-trip", test_round_trip);
  g_test_add_data_func ("/sdp/offer-answer/PCMU", "PCMU", test_offer_answer_codec);
  g_test_add_data_func ("/sdp/offer-answer/PCMA", "PCMA", test_offer_answer_codec);
  g_test_add_data_func ("/sdp/offer-answer/G722", "G722", test_offer_answer_codec);
  g_test_add_data_func ("/sdp/offer-answer/opus", "opus", test_offer_answer_codec);
  g_test_add_func ("/sdp/answer/preference", test_answer_preference);
  g_test_add_func ("/sdp/answer/telephone-event", test_telephone_event);
  g_test_add_func ("/sdp/telephone-event-clock", test_telephone_event_clock);
  g_test_add_func ("/sdp/answer/directions", test_directions);
  g_test_add_func ("/sdp/answer/video-rejected", test_video_rejected);
  g_test_add_func ("/sdp/answer/no-common-codec", test_no_common_codec);
  g_test_add_func ("/sdp/srtp", test_srtp);
  g_test_add_func ("/sdp/codec-defaults", test_codec_defaults);
  g_test_add_func ("/sdp/malformed", test_malformed);
  g_test_add_func ("/sdp/truncated", test_truncated);
  g_test_add_func ("/sdp/mutated", test_mutated);
  return g_test_run ();
}
