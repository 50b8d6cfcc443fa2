/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sdp.h: SDP offers and answers for one audio stream, built and parsed by pure functions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WCC_SDP_SENDRECV,
  WCC_SDP_SENDONLY,
  WCC_SDP_RECVONLY,
  WCC_SDP_INACTIVE,
} WccSdpDirection;

typedef struct {
  guint8  payload_type;
  char   *encoding;      /* as in a=rtpmap: "PCMU", "PCMA", "opus", "G722", "telephone-event" */
  guint   clock_rate;    /* RTP clock rate: 8000 for PCMU/PCMA/G722, 48000 for opus */
  guint   channels;      /* 1, or 2 for opus */
  char   *fmtp;          /* the a=fmtp parameters, or NULL */
} WccSdpCodec;

typedef struct {
  guint   tag;
  char   *suite;         /* e.g. "AES_CM_128_HMAC_SHA1_80" */
  char   *key_params;    /* e.g. "inline:BASE64KEYSALT" — a secret: never log it */
} WccSdpCrypto;

typedef struct {
  char            *origin_user;
  guint64          session_id;
  guint64          session_version;
  char            *address;       /* the audio's connection address (media c= or session c=) */
  guint16          port;          /* 0: the audio stream is rejected or absent */
  guint16          rtcp_port;     /* a=rtcp, else port + 1 */
  gboolean         secure;        /* RTP/SAVP (SRTP with SDES keys) */
  GPtrArray       *codecs;        /* of WccSdpCodec, in preference order, telephone-event included */
  guint            ptime;         /* ms, 0 when absent */
  WccSdpDirection  direction;
  GPtrArray       *cryptos;       /* of WccSdpCrypto */
  GPtrArray       *other_media;   /* "m=" lines (without "m=") of streams other than the first
                                   * audio one, in order, so an answer can reject them */
  guint            audio_index;   /* position of the audio stream among all m= lines */
} WccSdp;

/* What this phone can do, in the order it prefers. */
typedef struct {
  const char *const *codecs;          /* encoding names: {"opus", "G722", "PCMU", "PCMA", NULL} */
  gboolean           telephone_event;
  guint              ptime;           /* 20 */
  gboolean           srtp_offer;      /* offer RTP/SAVP with a fresh key */
  gboolean           srtp_required;   /* refuse plain RTP */
  gboolean           srtp_refused;    /* refuse SRTP offers */
} WccSdpCaps;

WccSdp          *wcc_sdp_new              (void);
void             wcc_sdp_free             (WccSdp           *sdp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccSdp, wcc_sdp_free)
WccSdpCodec     *wcc_sdp_codec_new        (guint8            payload_type,
                                           const char       *encoding,
                                           guint             clock_rate,
                                           guint             channels,
                                           const char       *fmtp);
void             wcc_sdp_codec_free       (WccSdpCodec      *codec);

/* Parses an SDP body; WCC_ERROR_PROTOCOL with a precise message when it is malformed. */
WccSdp          *wcc_sdp_parse            (const char       *text,
                                           GError          **error);
/* Serialises with CRLF line ends, as sent on the wire. */
char            *wcc_sdp_to_string        (const WccSdp     *sdp);

/* The static payload type or dynamic one this phone uses for a codec name, and its rtpmap
 * details; FALSE for an unknown name. */
gboolean         wcc_sdp_codec_defaults   (const char       *encoding,
                                           guint8           *out_payload_type,
                                           guint            *out_clock_rate,
                                           guint            *out_channels);
/* An offer from @caps for a stream at @address:@port (RTCP at @port + 1). A new random
 * SRTP key is made when @caps asks for SRTP. @session_version grows with each re-offer. */
WccSdp          *wcc_sdp_make_offer       (const WccSdpCaps *caps,
                                           const char       *address,
                                           guint16           port,
                                           WccSdpDirection   direction,
                                           guint64           session_id,
                                           guint64           session_version);
/* The answer to @offer: the first offered codec @caps supports (the offerer's preference),
 * telephone-event when both have it, the reversed direction combined with @direction, an
 * SRTP key of our own when the offer is secure; other streams rejected (port 0).
 * WCC_ERROR_PROTOCOL (with a reason) when nothing fits: the caller answers 488. */
WccSdp          *wcc_sdp_make_answer      (const WccSdp     *offer,
                                           const WccSdpCaps *caps,
                                           const char       *address,
                                           guint16           port,
                                           WccSdpDirection   direction,
                                           guint64           session_id,
                                           guint64           session_version,
                                           GError          **error);
/* The first codec of @sdp that is not telephone-event (the one to send), or NULL. */
const WccSdpCodec *wcc_sdp_get_audio_codec (const WccSdp    *sdp);
/* telephone-event's entry, or NULL. */
const WccSdpCodec *wcc_sdp_get_dtmf_codec (const WccSdp     *sdp);
/* telephone-event's entry at @clock_rate (an offer may list one per audio clock), or NULL. */
const WccSdpCodec *wcc_sdp_get_dtmf_codec_at_rate (const WccSdp *sdp,
                                                   guint         clock_rate);
WccSdpDirection  wcc_sdp_direction_reverse (WccSdpDirection  direction);
const char      *wcc_sdp_direction_to_string (WccSdpDirection direction);

G_END_DECLS
