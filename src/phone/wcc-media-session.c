/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-media-session.c: the audio of one call: an RTP/RTCP stream through GStreamer rtpbin. */
#define G_LOG_DOMAIN "wcc-media-session"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "wcc-error.h"
#include "wcc-loop-source.h"
#include "wcc-media-session.h"
#include "wcc-playout-buffer.h"
#include "wcc-rtp-receiver.h"

/* Inside the pipeline every raw stream is this format, so that the microphone, the hold
 * music, the decoders and the recorder can be switched and mixed without renegotiation. The
 * rate is the first codec's own (8 kHz for G.711): no resampling on the way to the network
 * and back, which is most of a narrowband call's cost. A later codec of another rate is
 * resampled in its encoder and decoder bins. */
#define RAW_CAPS_FORMAT "audio/x-raw,format=S16LE,layout=interleaved,rate=%u,channels=1"
#define DEFAULT_RAW_RATE 48000
#define DEFAULT_JITTER_LATENCY_MS 60
#define DEFAULT_PTIME_MS 20
#define STATS_INTERVAL_MS 1000
#define HOLD_NOTE_MS 300
#define HOLD_VOLUME 0.3
#define DTMF_GAP_MS 50
#define DTMF_MIN_DURATION_MS 40
/* The safe stop of a recording needs its EOS to reach the file; never wait longer. */
#define RECORDING_STOP_GUARD_MS 2000
#define BIND_ATTEMPTS 32

/* A pentatonic melody in C (C5 D5 E5 G5 A5): generated, so no licence question, and no
 * note is the 440 Hz that test peers send. */
static const double hold_notes[] = {
  523.25, 659.26, 783.99, 880.00, 783.99, 659.26, 587.33, 523.25,
  587.33, 659.26, 523.25, 783.99, 659.26, 587.33, 523.25, 523.25,
};

enum {
  PROP_0,
  PROP_CODEC,
  PROP_JITTER_MS,
  PROP_PACKET_LOSS,
  PROP_RTT_MS,
  PROP_MOS,
  PROP_ON_HOLD,
  PROP_MUTED,
  PROP_RECORDING,
  N_PROPS
};

enum {
  SIGNAL_DTMF_RECEIVED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  char   *encoding;          /* canonical: "PCMU", "PCMA", "G722", "OPUS" */
  guint8  payload_type;
  guint   clock_rate;
  guint   ptime_ms;
} SendCodec;

typedef struct {
  GstElement *bin;           /* owned by the pipeline */
  GstPad     *send_tee_pad;  /* owned: request pads of the tees */
  GstPad     *recv_tee_pad;
  GstPad     *send_sink;     /* the bin's ghost pads, borrowed */
  GstPad     *recv_sink;
  gint        pending_unlinks;
  gboolean    stopping;
  GSource    *guard;
} Recording;

struct _WccMediaSession
{
  GObject        parent_instance;

  GMainContext  *context;
  char          *address;
  GSocket       *rtp_socket;
  GSocket       *rtcp_socket;
  guint16        port;
  guint          jitter_latency_ms;
  guint          raw_rate;          /* fixed before the pipeline starts */
  gboolean       echo_cancellation;
  char          *echo_probe_name;

  GstElement    *pipeline;
  /* Borrowed from the pipeline. */
  GstElement    *rtpbin;
  GstElement    *capture;           /* the source device's bin */
  GstElement    *mic_filter;
  GstPad        *capture_tail;      /* owned: the capture's last src pad, feeding the encoder */
  GstElement    *send_tee;          /* NULL until the first recording */
  GstElement    *encoder_bin;
  GstElement    *dtmf_mux;
  GstPad        *dtmf_mux_audio_pad; /* owned request pad */
  GstElement    *dtmf_source;
  GstElement    *funnel;
  GstElement    *recv_tee;          /* NULL until the first recording */
  GstElement    *playback_tail;     /* the last element before the device, at the start */
  GstElement    *echo_probe;        /* NULL without echo cancellation */
  GstElement    *playback_sink;     /* the device (a bin) */
  GstElement    *next_sink;         /* owned: waiting to replace it (set_sink) */
  GstElement    *rtp_receiver;      /* drained by the capture thread */
  GstElement    *udpsrc_rtcp;
  GstElement    *udpsink_rtp;
  GstElement    *udpsink_rtcp;
  GstElement    *srtp_encoder;
  GstElement    *srtp_decoder;

  /* Read from streaming threads (rtpbin's request-pt-map, srtpdec's request-key). */
  GMutex         lock;
  GHashTable    *pt_caps;           /* payload type → GstCaps */
  GPtrArray     *playout_buffers;   /* WccPlayoutBuffer, one per received SSRC */
  GstCaps       *remote_srtp_caps;

  GSource       *bus_source;
  GSource       *stats_source;
  GSource       *dtmf_timer;
  GQueue         dtmf_queue;        /* of DtmfTone */
  gboolean       dtmf_playing;

  SendCodec      send_codec;
  gint           dtmf_payload_type; /* -1: not negotiated */
  gboolean       secure;
  gboolean       started;
  gboolean       stopped;
  /* Also read by the capture thread (atomically): send_enabled, muted, on_hold,
   * hold_generation. */
  gboolean       send_enabled;
  gboolean       play_enabled;
  gint           hold_generation;   /* counts holds: the melody restarts with each */
  /* Read by the playing thread (atomically): the playback's gain in 1/1000 (0: silent). */
  gint           playback_gain;

  /* The hold melody, written by the capture thread only. */
  gint           hold_generation_seen;
  guint64        hold_samples;
  double         hold_phase;

  double         jitter_ms;
  double         packet_loss;
  /* The loss the far end's receiver reports give for what we send, percent, smoothed
   * (wcc_media_session_smooth_loss); the Opus encoder codes in-band FEC for it. */
  double         send_loss_percent;
  guint          last_rb_seq;       /* extended highest sequence of the last report seen */
  gboolean       have_rb;
  double         rtt_ms;
  double         mos;
  gboolean       on_hold;
  gboolean       muted;
  double         volume;

  Recording     *recording;
  gboolean       stop_after_recording;
};

G_DEFINE_FINAL_TYPE (WccMediaSession, wcc_media_session, G_TYPE_OBJECT)

typedef struct {
  int   event;
  guint duration_ms;
} DtmfTone;

static void finish_recording (WccMediaSession *self);
static void teardown (WccMediaSession *self);

static gboolean
set_error_from_gst (GError     **error,
                    const char  *what)
{
  g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("Audio setup failed: %s"), what);
  return FALSE;
}

static GstElement *
make_element (const char *factory,
              const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_warning ("GStreamer element %s is missing", factory);
  return element;
}

static GstElement *
make_capsfilter (const char *caps_string)
{
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  g_autoptr(GstCaps) caps = gst_caps_from_string (caps_string);

  g_object_set (filter, "caps", caps, NULL);
  return filter;
}

static void
set_raw_caps (GstElement *filter,
              guint       rate)
{
  g_autofree char *raw = g_strdup_printf (RAW_CAPS_FORMAT, rate);
  g_autoptr(GstCaps) caps = gst_caps_from_string (raw);

  g_object_set (filter, "caps", caps, NULL);
}

static GstElement *
make_raw_capsfilter (guint rate)
{
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);

  set_raw_caps (filter, rate);
  return filter;
}

/* The rate a codec's audio really has (G.722 says 8000 in SDP but samples at 16 kHz). */
static guint
codec_audio_rate (const char *encoding)
{
  if (strcmp (encoding, "PCMU") == 0 || strcmp (encoding, "PCMA") == 0)
    return 8000;
  if (strcmp (encoding, "G722") == 0)
    return 16000;
  return 48000;
}

/* Binds an even RTP port and the RTCP port above it, both chosen by the system. */
static gboolean
bind_sockets (WccMediaSession  *self,
              const char       *bind_address,
              GError          **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (bind_address);

  if (inet == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("“%s” is not an IP address"), bind_address);
      return FALSE;
    }

  for (guint attempt = 0; attempt < BIND_ATTEMPTS; attempt++)
    {
      g_autoptr(GSocket) rtp = NULL;
      g_autoptr(GSocket) rtcp = NULL;
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (inet, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) rtcp_address = NULL;
      guint16 port;

      rtp = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                          G_SOCKET_PROTOCOL_UDP, error);
      if (rtp == NULL || !g_socket_bind (rtp, any, FALSE, error))
        return FALSE;
      bound = g_socket_get_local_address (rtp, error);
      if (bound == NULL)
        return FALSE;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      /* RFC 3550 wants RTP on an even port with RTCP just above it. */
      if (port % 2 != 0 || port == 65534)
        continue;
      rtcp = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                           G_SOCKET_PROTOCOL_UDP, error);
      if (rtcp == NULL)
        return FALSE;
      rtcp_address = g_inet_socket_address_new (inet, port + 1);
      if (!g_socket_bind (rtcp, rtcp_address, FALSE, NULL))
        continue;
      self->rtp_socket = g_steal_pointer (&rtp);
      self->rtcp_socket = g_steal_pointer (&rtcp);
      self->port = port;
      return TRUE;
    }
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                       _("No free pair of UDP ports for the call’s audio"));
  return FALSE;
}

static const char *
canonical_encoding (const char *encoding)
{
  static const char *const known[] = { "PCMU", "PCMA", "G722", "OPUS", "TELEPHONE-EVENT" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (encoding, known[i]) == 0)
      return known[i];
  return NULL;
}

static gboolean
encoding_available (const char *canonical)
{
  if (g_strcmp0 (canonical, "G722") == 0)
    return gst_element_factory_find ("avenc_g722") != NULL
           && gst_element_factory_find ("avdec_g722") != NULL;
  return canonical != NULL && strcmp (canonical, "TELEPHONE-EVENT") != 0;
}

static GstCaps *
rtp_caps_for (const char *canonical,
              guint8      payload_type,
              guint       clock_rate)
{
  return gst_caps_new_simple ("application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "payload", G_TYPE_INT, (int) payload_type,
                              "clock-rate", G_TYPE_INT, (int) clock_rate,
                              "encoding-name", G_TYPE_STRING, canonical,
                              NULL);
}

/* What we receive uses the payload types we declared; a peer that sends with its own
 * numbers is accommodated from its SDP. Earlier entries stay: packets of the previous
 * codec still in flight after a re-INVITE must keep their caps. TRUE when a payload type
 * changed meaning, so rtpbin must forget what it cached. */
static gboolean
update_pt_map (WccMediaSession *self,
               const WccSdp    *local,
               const WccSdp    *remote)
{
  const WccSdp *sdps[] = { remote, local };
  gboolean changed = FALSE;

  g_mutex_lock (&self->lock);
  for (guint s = 0; s < G_N_ELEMENTS (sdps); s++)
    for (guint i = 0; i < sdps[s]->codecs->len; i++)
      {
        const WccSdpCodec *codec = sdps[s]->codecs->pdata[i];
        const char *canonical = canonical_encoding (codec->encoding);
        gpointer key = GUINT_TO_POINTER ((guint) codec->payload_type);
        GstCaps *old, *caps;

        if (canonical == NULL)
          continue;
        caps = rtp_caps_for (canonical, codec->payload_type, codec->clock_rate);
        old = g_hash_table_lookup (self->pt_caps, key);
        if (old != NULL && !gst_caps_is_equal (old, caps))
          changed = TRUE;
        g_hash_table_replace (self->pt_caps, key, caps);
      }
  g_mutex_unlock (&self->lock);
  return changed;
}

static GstCaps *
on_request_pt_map (GstElement *rtpbin,
                   guint       session,
                   guint       pt,
                   gpointer    user_data)
{
  WccMediaSession *self = user_data;
  GstCaps *caps;

  g_mutex_lock (&self->lock);
  caps = g_hash_table_lookup (self->pt_caps, GUINT_TO_POINTER (pt));
  if (caps != NULL)
    gst_caps_ref (caps);
  g_mutex_unlock (&self->lock);
  return caps;
}

static GstCaps *
on_request_key (GstElement *decoder,
                guint       ssrc,
                gpointer    user_data)
{
  WccMediaSession *self = user_data;
  GstCaps *caps = NULL;

  g_mutex_lock (&self->lock);
  if (self->remote_srtp_caps != NULL)
    caps = gst_caps_ref (self->remote_srtp_caps);
  g_mutex_unlock (&self->lock);
  return caps;
}

/* "inline:KEY|…" of a=crypto → the 30-byte master key and salt; never logged. */
static GstBuffer *
crypto_key_buffer (const WccSdpCrypto *crypto)
{
  g_autofree char *b64 = NULL;
  guchar *raw;
  const char *bar;
  gsize len = 0;

  if (crypto == NULL || crypto->key_params == NULL
      || !g_str_has_prefix (crypto->key_params, "inline:"))
    return NULL;
  bar = strchr (crypto->key_params, '|');
  b64 = bar ? g_strndup (crypto->key_params + 7, (gsize) (bar - crypto->key_params - 7))
            : g_strdup (crypto->key_params + 7);
  raw = g_base64_decode (b64, &len);
  explicit_bzero (b64, strlen (b64));
  if (len != 30)
    {
      if (raw != NULL)
        explicit_bzero (raw, len);
      g_free (raw);
      return NULL;
    }
  return gst_buffer_new_wrapped (raw, len);
}

static const char *
crypto_auth (const WccSdpCrypto *crypto)
{
  return g_str_has_suffix (crypto->suite, "_32") ? "hmac-sha1-32" : "hmac-sha1-80";
}

/* Our key goes to the encoder, the peer's into srtpdec's caps. */
static gboolean
configure_srtp_keys (WccMediaSession  *self,
                     const WccSdp     *local,
                     const WccSdp     *remote,
                     GError          **error)
{
  const WccSdpCrypto *ours = local->cryptos->len > 0 ? local->cryptos->pdata[0] : NULL;
  const WccSdpCrypto *theirs = NULL;
  g_autoptr(GstBuffer) our_key = NULL;
  g_autoptr(GstBuffer) their_key = NULL;
  GstCaps *caps;

  /* The peer's crypto line with the tag we chose, else its first one. */
  for (guint i = 0; ours != NULL && i < remote->cryptos->len && theirs == NULL; i++)
    if (((WccSdpCrypto *) remote->cryptos->pdata[i])->tag == ours->tag)
      theirs = remote->cryptos->pdata[i];
  if (theirs == NULL && remote->cryptos->len > 0)
    theirs = remote->cryptos->pdata[0];

  our_key = crypto_key_buffer (ours);
  their_key = crypto_key_buffer (theirs);
  if (our_key == NULL || their_key == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("The SRTP keys of the call are missing or malformed"));
      return FALSE;
    }

  g_object_set (self->srtp_encoder, "key", our_key, NULL);
  gst_util_set_object_arg (G_OBJECT (self->srtp_encoder), "rtp-cipher", "aes-128-icm");
  gst_util_set_object_arg (G_OBJECT (self->srtp_encoder), "rtp-auth", crypto_auth (ours));
  gst_util_set_object_arg (G_OBJECT (self->srtp_encoder), "rtcp-cipher", "aes-128-icm");
  /* RFC 4568: SRTCP always carries the 80-bit tag. */
  gst_util_set_object_arg (G_OBJECT (self->srtp_encoder), "rtcp-auth", "hmac-sha1-80");

  caps = gst_caps_new_simple ("application/x-srtp",
                              "srtp-key", GST_TYPE_BUFFER, their_key,
                              "srtp-cipher", G_TYPE_STRING, "aes-128-icm",
                              "srtp-auth", G_TYPE_STRING, crypto_auth (theirs),
                              "srtcp-cipher", G_TYPE_STRING, "aes-128-icm",
                              "srtcp-auth", G_TYPE_STRING, "hmac-sha1-80",
                              NULL);
  g_mutex_lock (&self->lock);
  gst_clear_caps (&self->remote_srtp_caps);
  self->remote_srtp_caps = caps;
  g_mutex_unlock (&self->lock);
  if (self->started)
    g_signal_emit_by_name (self->srtp_decoder, "clear-keys");
  return TRUE;
}

/* The codec we send: the peer's most preferred one that we declared too, with the peer's
 * payload type (it decodes by its own numbers). */
static gboolean
choose_send_codec (const WccSdp  *local,
                   const WccSdp  *remote,
                   SendCodec     *out,
                   GError       **error)
{
  for (guint i = 0; i < remote->codecs->len; i++)
    {
      const WccSdpCodec *theirs = remote->codecs->pdata[i];
      const char *canonical = canonical_encoding (theirs->encoding);

      if (!encoding_available (canonical))
        continue;
      for (guint j = 0; j < local->codecs->len; j++)
        {
          const WccSdpCodec *ours = local->codecs->pdata[j];
          if (g_ascii_strcasecmp (ours->encoding, theirs->encoding) == 0
              && ours->clock_rate == theirs->clock_rate)
            {
              out->encoding = g_strdup (canonical);
              out->payload_type = theirs->payload_type;
              out->clock_rate = theirs->clock_rate;
              out->ptime_ms = remote->ptime > 0 ? remote->ptime : DEFAULT_PTIME_MS;
              return TRUE;
            }
        }
    }
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                       _("The call has no audio codec in common"));
  return FALSE;
}

/* The telephone-event to send with: one both sides declared, at the audio codec's clock
 * when there is one (an offer lists one per clock rate); NULLs when there is none. */
static void
choose_send_dtmf (const WccSdp       *local,
                  const WccSdp       *remote,
                  guint               audio_clock_rate,
                  const WccSdpCodec **out_local,
                  const WccSdpCodec **out_remote)
{
  *out_local = NULL;
  *out_remote = NULL;
  for (guint i = 0; i < remote->codecs->len; i++)
    {
      const WccSdpCodec *theirs = remote->codecs->pdata[i];
      const WccSdpCodec *ours;

      if (g_ascii_strcasecmp (theirs->encoding, "telephone-event") != 0)
        continue;
      ours = wcc_sdp_get_dtmf_codec_at_rate (local, theirs->clock_rate);
      if (ours == NULL)
        continue;
      if (*out_remote == NULL || theirs->clock_rate == audio_clock_rate)
        {
          *out_local = ours;
          *out_remote = theirs;
        }
      if (theirs->clock_rate == audio_clock_rate)
        return;
    }
}

/* encoder ! payloader, as one bin so that a re-INVITE can swap it while the rest keeps
 * running. The pipeline's raw audio is already at the first codec's rate, which every
 * encoder here takes as it is; only a later codec of another rate gets audioconvert !
 * audioresample ! capsfilter in front (each element on the per-packet path costs CPU). */
static GstElement *
make_encoder_bin (const SendCodec  *codec,
                  guint             raw_rate,
                  GError          **error)
{
  g_autoptr(GstElement) bin = gst_bin_new (NULL);
  gboolean convert_rate = codec_audio_rate (codec->encoding) != raw_rate;
  GstElement *convert = convert_rate ? make_element ("audioconvert", NULL) : NULL;
  GstElement *resample = convert_rate ? make_element ("audioresample", NULL) : NULL;
  GstElement *filter = NULL;
  GstElement *encoder;
  GstElement *payloader;
  guint64 ptime_ns = (guint64) codec->ptime_ms * GST_MSECOND;
  g_autofree char *caps = NULL;
  GstPad *pad;

  if (strcmp (codec->encoding, "PCMU") == 0)
    {
      encoder = make_element ("mulawenc", NULL);
      payloader = make_element ("rtppcmupay", NULL);
    }
  else if (strcmp (codec->encoding, "PCMA") == 0)
    {
      encoder = make_element ("alawenc", NULL);
      payloader = make_element ("rtppcmapay", NULL);
    }
  else if (strcmp (codec->encoding, "G722") == 0)
    {
      encoder = make_element ("avenc_g722", NULL);
      payloader = make_element ("rtpg722pay", NULL);
    }
  else
    {
      encoder = make_element ("opusenc", "encoder");
      payloader = make_element ("rtpopuspay", NULL);
      if (encoder != NULL)
        {
          gst_util_set_object_arg (G_OBJECT (encoder), "audio-type", "voice");
          /* In-band FEC follows the loss the far end reports (update_send_fec): libopus
           * codes none while told to expect no loss. */
          g_object_set (encoder, "bitrate", 32000, "inband-fec", FALSE,
                        "packet-loss-percentage", 0, NULL);
          gst_util_set_object_arg (G_OBJECT (encoder), "frame-size",
                                   codec->ptime_ms >= 40 ? "40" : "20");
        }
    }
  if ((convert_rate && (convert == NULL || resample == NULL)) || encoder == NULL || payloader == NULL)
    {
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&encoder);
      g_clear_object (&payloader);
      set_error_from_gst (error, codec->encoding);
      return NULL;
    }
  g_object_set (payloader, "pt", (guint) codec->payload_type, NULL);
  if (strcmp (codec->encoding, "OPUS") != 0)
    g_object_set (payloader, "min-ptime", (gint64) ptime_ns, "max-ptime", (gint64) ptime_ns, NULL);

  gst_bin_add_many (GST_BIN (bin), encoder, payloader, NULL);
  if (!gst_element_link (encoder, payloader))
    {
      set_error_from_gst (error, codec->encoding);
      return NULL;
    }
  if (convert_rate)
    {
      caps = g_strdup_printf ("audio/x-raw,rate=%u,channels=1", codec_audio_rate (codec->encoding));
      filter = make_capsfilter (caps);
      gst_bin_add_many (GST_BIN (bin), convert, resample, filter, NULL);
      if (!gst_element_link_many (convert, resample, filter, encoder, NULL))
        {
          set_error_from_gst (error, codec->encoding);
          return NULL;
        }
    }
  pad = gst_element_get_static_pad (convert_rate ? convert : encoder, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (payloader, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  gst_object_unref (pad);
  return g_steal_pointer (&bin);
}

/* A decoding branch for one payload type of what rtpbin received: depayloader, decoder,
 * the pipeline's raw format. Conversion only for a codec of another rate than the
 * pipeline's; otherwise the capsfilter alone makes the decoder produce that format (Opus
 * then decodes to mono instead of the SDP's two channels). */
static GstElement *
make_decoder_bin (const char *canonical,
                  guint       raw_rate)
{
  GstElement *bin = gst_bin_new (NULL);
  gboolean convert_rate = codec_audio_rate (canonical) != raw_rate;
  GstElement *depay, *decoder, *convert = NULL, *resample = NULL, *filter;
  GstPad *pad;

  if (strcmp (canonical, "PCMU") == 0)
    {
      depay = make_element ("rtppcmudepay", NULL);
      decoder = make_element ("mulawdec", NULL);
    }
  else if (strcmp (canonical, "PCMA") == 0)
    {
      depay = make_element ("rtppcmadepay", NULL);
      decoder = make_element ("alawdec", NULL);
    }
  else if (strcmp (canonical, "G722") == 0)
    {
      depay = make_element ("rtpg722depay", NULL);
      decoder = make_element ("avdec_g722", NULL);
    }
  else
    {
      depay = make_element ("rtpopusdepay", NULL);
      decoder = make_element ("opusdec", NULL);
      /* Concealment only: opusdec's in-band FEC holds a packet back and, measured here,
       * stalled the live playback branch for good. */
      if (decoder != NULL)
        g_object_set (decoder, "plc", TRUE, NULL);
    }
  if (convert_rate)
    {
      convert = make_element ("audioconvert", NULL);
      resample = make_element ("audioresample", NULL);
    }
  filter = make_raw_capsfilter (raw_rate);
  if (depay == NULL || decoder == NULL || (convert_rate && (convert == NULL || resample == NULL)))
    {
      g_clear_object (&depay);
      g_clear_object (&decoder);
      g_clear_object (&convert);
      g_clear_object (&resample);
      gst_object_unref (filter);
      gst_object_unref (bin);
      return NULL;
    }
  gst_bin_add_many (GST_BIN (bin), depay, decoder, filter, NULL);
  if (convert_rate)
    {
      gst_bin_add_many (GST_BIN (bin), convert, resample, NULL);
      gst_element_link_many (depay, decoder, convert, resample, filter, NULL);
    }
  else
    gst_element_link_many (depay, decoder, filter, NULL);
  pad = gst_element_get_static_pad (depay, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (filter, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  gst_object_unref (pad);
  return bin;
}

static GstElement *
make_dtmf_receiver (guint clock_rate)
{
  GstElement *bin = gst_bin_new (NULL);
  GstElement *depay = make_element ("rtpdtmfdepay", NULL);
  /* Without this capsfilter the depayloader cannot negotiate its tone output, which it
   * makes at the event clock (48000 beside opus). */
  g_autofree char *tone_caps = g_strdup_printf ("audio/x-raw,format=S16LE,rate=%u,channels=1,"
                                                "layout=interleaved", clock_rate);
  GstElement *filter = make_capsfilter (tone_caps);
  GstElement *sink = make_element ("fakesink", NULL);
  GstPad *pad;

  if (depay == NULL || sink == NULL)
    {
      g_clear_object (&depay);
      g_clear_object (&sink);
      gst_object_unref (filter);
      gst_object_unref (bin);
      return NULL;
    }
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (bin), depay, filter, sink, NULL);
  gst_element_link_many (depay, filter, sink, NULL);
  pad = gst_element_get_static_pad (depay, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  gst_object_unref (pad);
  return bin;
}

/* rtpbin adds one pad per received SSRC and payload type (streaming thread). */
static void
on_rtpbin_pad_added (GstElement *rtpbin,
                     GstPad     *pad,
                     gpointer    user_data)
{
  WccMediaSession *self = user_data;
  g_autofree char *name = gst_pad_get_name (pad);
  g_autoptr(GstCaps) caps = NULL;
  const GstStructure *s;
  const char *encoding;
  const char *canonical;
  GstElement *branch;
  g_autoptr(GstPad) branch_sink = NULL;
  int clock_rate = 0;

  if (!g_str_has_prefix (name, "recv_rtp_src_"))
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    return;
  s = gst_caps_get_structure (caps, 0);
  encoding = gst_structure_get_string (s, "encoding-name");
  canonical = encoding ? canonical_encoding (encoding) : NULL;
  if (canonical == NULL || (!encoding_available (canonical) && strcmp (canonical, "TELEPHONE-EVENT") != 0))
    {
      g_message ("ignoring a received stream with encoding %s", encoding ? encoding : "(none)");
      return;
    }

  if (!gst_structure_get_int (s, "clock-rate", &clock_rate) || clock_rate <= 0)
    clock_rate = 8000;
  branch = strcmp (canonical, "TELEPHONE-EVENT") == 0 ? make_dtmf_receiver ((guint) clock_rate)
                                                      : make_decoder_bin (canonical, self->raw_rate);
  if (branch == NULL)
    return;
  gst_bin_add (GST_BIN (self->pipeline), branch);
  if (strcmp (canonical, "TELEPHONE-EVENT") != 0)
    {
      g_autoptr(GstPad) branch_src = gst_element_get_static_pad (branch, "src");
      g_autoptr(GstPad) funnel_pad = gst_element_request_pad_simple (self->funnel, "sink_%u");
      gst_pad_link (branch_src, funnel_pad);
    }
  branch_sink = gst_element_get_static_pad (branch, "sink");
  gst_element_sync_state_with_parent (branch);
  if (gst_pad_link (pad, branch_sink) != GST_PAD_LINK_OK)
    g_warning ("cannot link the received %s stream", canonical);
  /* The new branch's latency (the jitter buffer's) must count in the live pipeline. */
  gst_element_post_message (self->pipeline,
                            gst_message_new_latency (GST_OBJECT (self->pipeline)));
}

/* Sending, mute and hold are flags the capture thread reads as each packet passes (pad
 * probes, see on_capture_data and on_send_data), and so are the playback's volume and
 * silence (on_playback_data): elements for them (valve, volume, input-selector with a
 * second live source) each cost a hop per packet. */
static void
apply_send_and_play (WccMediaSession *self)
{
  gboolean silent = !self->play_enabled || self->on_hold;

  g_atomic_int_set (&self->playback_gain, silent ? 0 : (gint) lround (self->volume * 1000));
}

/* The playback's volume and silence (local hold, not receiving), on the audio as it goes
 * to the device (or, with echo cancellation, to the echo probe before it). */
static GstPadProbeReturn
on_playback_data (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  WccMediaSession *self = user_data;
  gint gain = g_atomic_int_get (&self->playback_gain);
  GstBuffer *buffer;
  GstMapInfo map;

  if (gain == 1000)
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (gain == 0)
    {
      gst_buffer_memset (buffer, 0, 0, gst_buffer_get_size (buffer));
      return GST_PAD_PROBE_OK;
    }
  if (gst_buffer_map (buffer, &map, GST_MAP_READWRITE))
    {
      gint16 *samples = (gint16 *) map.data;

      for (gsize i = 0; i < map.size / sizeof (gint16); i++)
        samples[i] = (gint16) CLAMP (samples[i] * gain / 1000, G_MININT16, G_MAXINT16);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_PAD_PROBE_OK;
}

/* Where the volume applies: the echo probe's input, else the device's (again after a
 * device switch). */
static void
watch_playback (WccMediaSession *self,
                GstElement      *element)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_playback_data, self, NULL);
}

/* Replaces a captured buffer's audio with the hold melody: a sine per note, HOLD_NOTE_MS
 * each, the phase carried across buffers so that no note clicks. */
static void
fill_hold_music (WccMediaSession *self,
                 GstBuffer       *buffer)
{
  gint generation = g_atomic_int_get (&self->hold_generation);
  guint64 note_samples = (guint64) self->raw_rate * HOLD_NOTE_MS / 1000;
  GstMapInfo map;
  gint16 *samples;
  gsize n;

  if (generation != self->hold_generation_seen)
    {
      self->hold_generation_seen = generation;
      self->hold_samples = 0;
      self->hold_phase = 0;
    }
  if (!gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    return;
  samples = (gint16 *) map.data;
  n = map.size / sizeof (gint16);
  for (gsize i = 0; i < n; i++)
    {
      double freq = hold_notes[(self->hold_samples / note_samples) % G_N_ELEMENTS (hold_notes)];

      samples[i] = (gint16) (HOLD_VOLUME * G_MAXINT16 * sin (self->hold_phase));
      self->hold_phase = fmod (self->hold_phase + 2 * G_PI * freq / self->raw_rate, 2 * G_PI);
      self->hold_samples++;
    }
  gst_buffer_unmap (buffer, &map);
}

/* E-model (ITU-T G.107), simplified: R from the codec's impairment, loss and delay. */
static double
estimate_mos (const char *encoding,
              double      loss,
              double      jitter_ms,
              double      rtt_ms,
              guint       jitter_latency_ms)
{
  double ie = 0, bpl = 25.1;
  double delay, id, ie_eff, r;

  if (g_strcmp0 (encoding, "OPUS") == 0)
    {
      ie = 5;
      bpl = 20;
    }
  else if (g_strcmp0 (encoding, "G722") == 0)
    bpl = 10;
  delay = rtt_ms / 2 + jitter_ms * 2 + jitter_latency_ms + 20;
  id = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  ie_eff = ie + (95 - ie) * (loss * 100) / (loss * 100 + bpl);
  r = CLAMP (93.2 - id - ie_eff, 0, 100);
  return CLAMP (1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1.0, 4.5);
}

static void
set_double (WccMediaSession *self,
            double          *field,
            double           value,
            guint            prop)
{
  if (fabs (*field - value) < 1e-6)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

double
wcc_media_session_smooth_loss (double smoothed,
                               double reported)
{
  if (reported >= smoothed)
    return MIN (reported, 100);
  smoothed = (smoothed + reported) / 2;
  return smoothed < 0.5 ? 0 : smoothed;
}

static GstElement *
get_opus_encoder (WccMediaSession *self)
{
  if (self->encoder_bin == NULL || g_strcmp0 (self->send_codec.encoding, "OPUS") != 0)
    return NULL;
  return gst_bin_get_by_name (GST_BIN (self->encoder_bin), "encoder");
}

/* Opus in-band FEC costs bits (and, with loss expected, libopus leans to its SILK layer,
 * up to four times the CPU for a tone): coded only while the far end reports loss. Also
 * brings an encoder of a re-INVITE up to date. */
static void
update_send_fec (WccMediaSession *self)
{
  g_autoptr(GstElement) encoder = get_opus_encoder (self);
  gint percent = (gint) ceil (self->send_loss_percent);
  gint current = -1;

  if (encoder == NULL)
    return;
  g_object_get (encoder, "packet-loss-percentage", &current, NULL);
  if (current == percent)
    return;
  g_debug ("the far end reports %.1f %% loss: Opus in-band FEC %s", self->send_loss_percent,
           percent > 0 ? "on" : "off");
  g_object_set (encoder, "packet-loss-percentage", percent, "inband-fec", percent > 0, NULL);
}

gboolean
wcc_media_session_get_send_fec (WccMediaSession *self,
                                guint           *loss_percentage)
{
  g_autoptr(GstElement) encoder = NULL;
  gboolean fec = FALSE;
  gint percent = 0;

  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), FALSE);

  encoder = get_opus_encoder (self);
  if (encoder != NULL)
    g_object_get (encoder, "inband-fec", &fec, "packet-loss-percentage", &percent, NULL);
  if (loss_percentage != NULL)
    *loss_percentage = fec ? (guint) percent : 0;
  return fec;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
read_stats (WccMediaSession *self)
{
  g_autoptr(GObject) session = NULL;
  g_autoptr(GstStructure) stats = NULL;
  const GValue *value;
  GValueArray *sources;
  double jitter_ms = self->jitter_ms, loss = self->packet_loss, rtt_ms = self->rtt_ms;
  gboolean have_remote = FALSE;
  guint our_ssrc = 0;

  g_signal_emit_by_name (self->rtpbin, "get-internal-session", 0, &session);
  if (session == NULL)
    return;
  g_object_get (session, "stats", &stats, NULL);
  value = stats ? gst_structure_get_value (stats, "source-stats") : NULL;
  if (value == NULL)
    return;
  sources = g_value_get_boxed (value);
  /* Our own stream's SSRC: the report blocks about it come with the far end's source. */
  for (guint i = 0; sources != NULL && i < sources->n_values; i++)
    {
      const GstStructure *source = gst_value_get_structure (g_value_array_get_nth (sources, i));
      gboolean internal = FALSE;

      if (gst_structure_get_boolean (source, "internal", &internal) && internal
          && gst_structure_get_uint (source, "ssrc", &our_ssrc))
        break;
    }
  for (guint i = 0; sources != NULL && i < sources->n_values; i++)
    {
      const GstStructure *source = gst_value_get_structure (g_value_array_get_nth (sources, i));
      gboolean internal = FALSE, have_rb = FALSE;
      guint64 received = 0;
      guint rb_ssrc = 0;

      gst_structure_get_boolean (source, "internal", &internal);
      if (internal)
        continue;
      if (gst_structure_get_boolean (source, "have-rb", &have_rb) && have_rb
          && gst_structure_get_uint (source, "rb-ssrc", &rb_ssrc) && rb_ssrc == our_ssrc)
        {
          guint round_trip = 0, seq = 0, fraction_lost = 0;

          /* The far end's receiver report about our stream carries LSR/DLSR: the round
           * trip in 1/65536 s. */
          if (gst_structure_get_uint (source, "rb-round-trip", &round_trip) && round_trip > 0)
            rtt_ms = round_trip * 1000.0 / 65536.0;
          /* Each new report (its highest sequence moved on) tells what part of our packets
           * since the one before was lost, in 1/256. */
          if (gst_structure_get_uint (source, "rb-exthighestseq", &seq)
              && gst_structure_get_uint (source, "rb-fractionlost", &fraction_lost)
              && (!self->have_rb || seq != self->last_rb_seq))
            {
              self->have_rb = TRUE;
              self->last_rb_seq = seq;
              self->send_loss_percent = wcc_media_session_smooth_loss (self->send_loss_percent,
                                                                       fraction_lost * 100.0 / 256.0);
            }
        }
      if (gst_structure_get_uint64 (source, "packets-received", &received) && received > 0)
        {
          guint jitter = 0;
          gint lost = 0, clock_rate = 0;

          gst_structure_get_uint (source, "jitter", &jitter);
          gst_structure_get_int (source, "packets-lost", &lost);
          gst_structure_get_int (source, "clock-rate", &clock_rate);
          if (clock_rate <= 0)
            clock_rate = (gint) self->send_codec.clock_rate;
          jitter_ms = clock_rate > 0 ? jitter * 1000.0 / clock_rate : 0;
          loss = CLAMP ((double) MAX (lost, 0) / (double) (received + MAX (lost, 0)), 0, 1);
          have_remote = TRUE;
        }
    }
  update_send_fec (self);
  if (!have_remote)
    return;
  set_double (self, &self->jitter_ms, jitter_ms, PROP_JITTER_MS);
  set_double (self, &self->packet_loss, loss, PROP_PACKET_LOSS);
  set_double (self, &self->rtt_ms, rtt_ms, PROP_RTT_MS);
  set_double (self, &self->mos,
              estimate_mos (self->send_codec.encoding, loss, jitter_ms, rtt_ms,
                            self->jitter_latency_ms),
              PROP_MOS);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static gboolean
on_stats_timeout (gpointer user_data)
{
  read_stats (user_data);
  return G_SOURCE_CONTINUE;
}

static char
dtmf_event_to_digit (int event)
{
  static const char digits[] = "0123456789*#ABCD";

  return event >= 0 && event < 16 ? digits[event] : '\0';
}

static int
dtmf_digit_to_event (char digit)
{
  static const char digits[] = "0123456789*#ABCD";
  const char *found = digit != '\0' ? strchr (digits, g_ascii_toupper (digit)) : NULL;

  return found ? (int) (found - digits) : -1;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  WccMediaSession *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_warning ("%s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                   gst_error->message, debug ? debug : "");
        error = g_error_new (WCC_ERROR, WCC_ERROR_INTERNAL, _("The call’s audio failed: %s"),
                             gst_error->message);
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
        break;
      }
    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        gst_message_parse_warning (message, &warning, NULL);
        g_message ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), warning->message);
        break;
      }
    case GST_MESSAGE_LATENCY:
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      break;
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);
        int number = -1;

        /* The recording's file is complete once the filesink has handled its EOS (it posts
         * the EOS message after flushing). Stopping it earlier, as soon as the EOS reached
         * its pad, raced the flush: the sink, already flushing, failed the write. */
        if (gst_structure_has_name (s, "GstBinForwarded"))
          {
            g_autoptr(GstMessage) forwarded = NULL;

            gst_structure_get (s, "message", GST_TYPE_MESSAGE, &forwarded, NULL);
            if (forwarded != NULL && GST_MESSAGE_TYPE (forwarded) == GST_MESSAGE_EOS &&
                self->recording != NULL && self->recording->stopping &&
                gst_object_has_as_ancestor (GST_MESSAGE_SRC (forwarded), GST_OBJECT (self->recording->bin)))
              finish_recording (self);
            break;
          }

        if (gst_structure_has_name (s, "dtmf-event")
            && gst_structure_get_int (s, "number", &number))
          {
            char digit = dtmf_event_to_digit (number);
            if (digit != '\0')
              g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, digit);
          }
        break;
      }
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
send_dtmf_event (WccMediaSession *self,
                 int              event,
                 gboolean         start)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->dtmf_source, "src");
  GstStructure *s;

  s = gst_structure_new ("dtmf-event",
                         "type", G_TYPE_INT, 1,
                         "start", G_TYPE_BOOLEAN, start,
                         NULL);
  if (start)
    gst_structure_set (s, "number", G_TYPE_INT, event, "volume", G_TYPE_INT, 10, NULL);
  /* An upstream event on the source pad: the element itself refuses it. */
  return gst_pad_send_event (pad, gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM, s));
}

static gboolean on_dtmf_timer (gpointer user_data);

static void
dtmf_next (WccMediaSession *self)
{
  DtmfTone *tone = g_queue_pop_head (&self->dtmf_queue);

  if (tone == NULL)
    return;
  self->dtmf_playing = TRUE;
  send_dtmf_event (self, tone->event, TRUE);
  self->dtmf_timer = wcc_loop_source_attach (self->context, tone->duration_ms, on_dtmf_timer, self, NULL);
  g_free (tone);
}

static gboolean
on_dtmf_gap (gpointer user_data)
{
  WccMediaSession *self = user_data;

  g_clear_pointer (&self->dtmf_timer, g_source_unref);
  dtmf_next (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_dtmf_timer (gpointer user_data)
{
  WccMediaSession *self = user_data;

  g_clear_pointer (&self->dtmf_timer, g_source_unref);
  send_dtmf_event (self, 0, FALSE);
  self->dtmf_playing = FALSE;
  if (!g_queue_is_empty (&self->dtmf_queue))
    self->dtmf_timer = wcc_loop_source_attach (self->context, DTMF_GAP_MS, on_dtmf_gap, self, NULL);
  return G_SOURCE_REMOVE;
}

/* A device from its description, as a bin with one ghost pad of @direction. The pad is
 * ghosted here rather than by gst_parse_bin_from_description (…, TRUE, …), which would also
 * ghost a pad waiting for a delayed link ("filesrc ! decodebin ! audioconvert": the
 * converter's sink) and so make that link fail when decodebin's pad appears. */
/* Whether the device end of a source or sink (@pad) gives or takes the pipeline's raw
 * audio as it is, at any rate, so that it needs no audioconvert ! audioresample (a hop
 * each per packet): PulseAudio's elements convert themselves; a sound card's (ALSA,
 * PipeWire's) and a chooser's (autoaudiosrc picks a device when it starts) may not;
 * anything else (a test source, fakesink, a tone detector, a file's decoding chain) says so
 * by its caps. */
static gboolean
handles_raw_audio (GstPad *pad)
{
  g_autoptr(GstElement) element = gst_pad_get_parent_element (pad);
  GstElementFactory *factory = element != NULL ? gst_element_get_factory (element) : NULL;
  g_autoptr(GstCaps) raw = NULL;
  g_autoptr(GstCaps) caps = NULL;

  if (factory == NULL)
    return FALSE;
  if (g_str_has_prefix (GST_OBJECT_NAME (factory), "pulse"))
    return TRUE;
  if (g_str_has_prefix (GST_OBJECT_NAME (factory), "auto") || g_str_has_prefix (GST_OBJECT_NAME (factory), "pipewire")
      || GST_IS_AUDIO_BASE_SRC (element) || GST_IS_AUDIO_BASE_SINK (element))
    return FALSE;
  raw = gst_caps_from_string ("audio/x-raw,format=S16LE,layout=interleaved,channels=1");
  caps = gst_pad_query_caps (pad, NULL);
  return gst_caps_can_intersect (caps, raw);
}

/* Puts audioconvert ! audioresample at @target's side in @bin: their free pad. */
static GstPad *
convert_device_audio (GstBin *bin,
                      GstPad *target)
{
  GstElement *convert = make_element ("audioconvert", NULL);
  GstElement *resample = make_element ("audioresample", NULL);
  gboolean source = GST_PAD_IS_SRC (target);
  g_autoptr(GstPad) end = NULL;

  if (convert == NULL || resample == NULL)
    {
      g_clear_object (&convert);
      g_clear_object (&resample);
      return NULL;
    }
  gst_bin_add_many (bin, convert, resample, NULL);
  gst_element_link (convert, resample);
  end = gst_element_get_static_pad (source ? convert : resample, source ? "sink" : "src");
  if (source ? gst_pad_link (target, end) != GST_PAD_LINK_OK : gst_pad_link (end, target) != GST_PAD_LINK_OK)
    return NULL;
  return gst_element_get_static_pad (source ? resample : convert, source ? "src" : "sink");
}

static GstElement *
parse_device (const char         *description,
              const char         *env_name,
              const char         *fallback,
              GstPadDirection     direction,
              GError            **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstPad) target = NULL;
  GstElement *bin;

  if (description == NULL || *description == '\0')
    description = g_getenv (env_name);
  if (description == NULL || *description == '\0')
    description = fallback;
  bin = gst_parse_bin_from_description (description, FALSE, &parse_error);
  if (bin == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The audio device “%s” cannot be used: %s"), description,
                   parse_error->message);
      return NULL;
    }
  target = gst_bin_find_unlinked_pad (GST_BIN (bin), direction);
  if (target != NULL && !handles_raw_audio (target))
    {
      GstPad *converted = convert_device_audio (GST_BIN (bin), target);

      gst_object_unref (target);
      target = converted;
    }
  if (target == NULL ||
      !gst_element_add_pad (bin, gst_ghost_pad_new (direction == GST_PAD_SRC ? "src" : "sink", target)))
    {
      if (direction == GST_PAD_SRC)
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                     _("The audio source “%s” cannot be used: it has no free output"), description);
      else
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                     _("The audio output “%s” cannot be used: it has no free input"), description);
      gst_object_unref (gst_object_ref_sink (bin));
      return NULL;
    }
  return bin;
}

static gboolean
link_pads (GstPad  *src,
           GstPad  *sink,
           GError **error)
{
  if (src == NULL || sink == NULL || gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    return set_error_from_gst (error, "pad link");
  return TRUE;
}

/* The capture device delivers one packet's worth per buffer: GstAudioBaseSrc's default
 * period of 10 ms woke its thread twice per packet, and audiotestsrc's default 1024
 * samples came as bursts the pacer then held back, one clock wait per packet on top of the
 * source's own. Each wake-up of a streaming thread is most of what a call costs. */
static void
size_capture_buffers (WccMediaSession *self,
                      GstElement      *element)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (element);
  GParamSpec *spec;
  guint ptime_ms = self->send_codec.ptime_ms > 0 ? self->send_codec.ptime_ms : DEFAULT_PTIME_MS;

  spec = g_object_class_find_property (klass, "latency-time");
  if (spec != NULL && spec->value_type == G_TYPE_INT64 && (spec->flags & G_PARAM_WRITABLE))
    g_object_set (element, "latency-time", (gint64) ptime_ms * 1000, NULL);
  spec = g_object_class_find_property (klass, "samplesperbuffer");
  if (spec != NULL && spec->value_type == G_TYPE_INT && (spec->flags & G_PARAM_WRITABLE))
    g_object_set (element, "samplesperbuffer", (gint) (self->raw_rate * ptime_ms / 1000), NULL);
}

/* Received audio reaches the device from the thread that plays it out, each packet time:
 * an audio device (GstAudioBaseSink: pulsesink, alsasink) takes it into its ring buffer at
 * the place its timestamp says, without waiting; any other sink (fakesink, a tone
 * detector's) would wait on the clock for the pipeline's latency in that thread — it
 * takes buffers as they come, which is in real time already. */
static void
pace_playback_element (GstElement *element)
{
  if (GST_IS_BASE_SINK (element) && !GST_IS_AUDIO_BASE_SINK (element))
    gst_base_sink_set_sync (GST_BASE_SINK (element), FALSE);
}

static void
on_playback_element_added (GstBin     *bin,
                           GstBin     *sub_bin,
                           GstElement *element,
                           gpointer    user_data)
{
  pace_playback_element (element);
}

/* @sink: the device element, or a bin holding it (autoaudiosink makes its own when it
 * starts, hence the signal). */
static void
pace_playback (GstElement *sink)
{
  pace_playback_element (sink);
  if (GST_IS_BIN (sink))
    {
      GstIterator *iterator = gst_bin_iterate_recurse (GST_BIN (sink));
      GValue item = G_VALUE_INIT;

      while (gst_iterator_next (iterator, &item) == GST_ITERATOR_OK)
        {
          pace_playback_element (g_value_get_object (&item));
          g_value_reset (&item);
        }
      g_value_unset (&item);
      gst_iterator_free (iterator);
      g_signal_connect (sink, "deep-element-added", G_CALLBACK (on_playback_element_added), NULL);
    }
}

/* autoaudiosrc makes its device only when it starts. */
static void
on_capture_element_added (GstBin     *bin,
                          GstBin     *sub_bin,
                          GstElement *element,
                          gpointer    user_data)
{
  size_capture_buffers (user_data, element);
}

static void
size_all_capture_buffers (WccMediaSession *self)
{
  GstIterator *iterator = gst_bin_iterate_recurse (GST_BIN (self->capture));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (iterator, &item) == GST_ITERATOR_OK)
    {
      size_capture_buffers (self, g_value_get_object (&item));
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (iterator);
}

/* Whether every source of the capture bin hands over one packet per buffer, in real time:
 * a live audiotestsrc or an audio device (GstAudioBaseSrc, or autoaudiosrc, which makes
 * one when it starts), each sized by size_capture_buffers. Others (a file through
 * decodebin) deliver big blocks, as fast as they are read. */
static gboolean
capture_delivers_packets (GstElement *capture)
{
  GstIterator *iterator = gst_bin_iterate_recurse (GST_BIN (capture));
  GValue item = G_VALUE_INIT;
  gboolean packets = TRUE;

  while (packets && gst_iterator_next (iterator, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GObjectClass *klass = G_OBJECT_GET_CLASS (element);
      gboolean live = FALSE;

      /* Bins are judged by their children, which the iterator lists too. */
      if (element->numsinkpads == 0 && !GST_IS_BIN (element) && !GST_IS_AUDIO_BASE_SRC (element))
        {
          if (g_object_class_find_property (klass, "samplesperbuffer") != NULL
              && g_object_class_find_property (klass, "is-live") != NULL)
            g_object_get (element, "is-live", &live, NULL);
          packets = live;
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (iterator);
  return packets;
}

/* rtpbin's jitter buffer for each received SSRC: ours has no thread; it plays out when the
 * socket has been drained (see on_received). */
static GstElement *
on_request_jitterbuffer (GstElement *rtpbin,
                         guint       session,
                         gpointer    user_data)
{
  WccMediaSession *self = user_data;
  WccPlayoutBuffer *buffer = wcc_playout_buffer_new ();

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->playout_buffers, gst_object_ref (buffer));
  g_mutex_unlock (&self->lock);
  return GST_ELEMENT (buffer);
}

/* After each drain of the socket (the capture thread each packet time, or the clock's once
 * the capture ended): what is due plays out, in the same thread. One thread wakes per
 * packet for both directions, as in mediastreamer2's ticker. */
static void
on_received (gpointer user_data)
{
  WccMediaSession *self = user_data;
  g_autoptr(GstClock) clock = gst_element_get_clock (self->rtp_receiver);
  /* Usually one stream; a few while an SSRC changes. No allocation per packet. */
  GstElement *buffers[4];
  guint n = 0;
  GstClockTime now, base_time;

  if (clock == NULL)
    return;
  base_time = gst_element_get_base_time (self->rtp_receiver);
  now = gst_clock_get_time (clock);
  now = now > base_time ? now - base_time : 0;
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->playout_buffers->len; )
    {
      GstElement *element = g_ptr_array_index (self->playout_buffers, i);

      /* rtpbin let go of a stream (its SSRC timed out or said BYE). */
      if (GST_OBJECT_PARENT (element) == NULL)
        g_ptr_array_remove_index_fast (self->playout_buffers, i);
      else
        {
          if (n < G_N_ELEMENTS (buffers))
            buffers[n++] = gst_object_ref (element);
          i++;
        }
    }
  g_mutex_unlock (&self->lock);
  for (guint i = 0; i < n; i++)
    {
      wcc_playout_buffer_play_due (WCC_PLAYOUT_BUFFER (buffers[i]), now);
      gst_object_unref (buffers[i]);
    }
}

/* Nothing goes out while our side of the SDP does not send (the valve it replaces was a
 * hop per packet even when open). */
static GstPadProbeReturn
on_send_data (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         user_data)
{
  WccMediaSession *self = user_data;

  return g_atomic_int_get (&self->send_enabled) ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* Everything that does not depend on the negotiated SDP: devices, rtpbin, the network
 * elements on the shared sockets, the playback chain. */
static gboolean
build_pipeline (WccMediaSession        *self,
                const WccMediaDevices  *devices,
                GError                **error)
{
  GstBin *bin;
  GstElement *source, *sink;
  GstElement *mic_filter, *mic_split = NULL, *mic_pace = NULL;
  GstElement *dsp = NULL, *capture_last;
  GstElement *echo_probe = NULL;
  gboolean paced;
  g_autoptr(GstPad) src_pad = NULL;
  g_autoptr(GstPad) sink_pad = NULL;

  source = parse_device (devices ? devices->source : NULL, "WCC_AUDIOSRC", "autoaudiosrc", GST_PAD_SRC, error);
  if (source == NULL)
    return FALSE;
  sink = parse_device (devices ? devices->sink : NULL, "WCC_AUDIOSINK", "autoaudiosink", GST_PAD_SINK, error);
  if (sink == NULL)
    {
      gst_object_unref (source);
      return FALSE;
    }

  self->pipeline = gst_pipeline_new (NULL);
  bin = GST_BIN (self->pipeline);
  self->capture = source;
  g_signal_connect (source, "deep-element-added", G_CALLBACK (on_capture_element_added), self);
  gst_bin_add_many (bin, source, sink, NULL);

  /* Capture: device [→ convert → resample, when it needs them] → raw → [cut and paced] →
   * [echo canceller] → encoder (linked later). Mute, hold music and the reading of
   * received RTP happen in a probe on the last pad. */
  mic_filter = self->mic_filter = make_raw_capsfilter (self->raw_rate);
  /* Whatever a source delivers in big blocks (a file) leaves as 20 ms pieces at the pace
   * they were captured: bursts of packets overrun the far end's jitter buffer. A device or
   * a live test source already delivers a packet at a time in real time: two elements on
   * the per-packet path saved. */
  paced = !capture_delivers_packets (source);
  if (paced)
    {
      mic_split = make_element ("audiobuffersplit", NULL);
      mic_pace = make_element ("identity", NULL);
    }
  self->dtmf_mux = make_element ("rtpdtmfmux", NULL);
  self->dtmf_source = make_element ("rtpdtmfsrc", NULL);
  self->rtpbin = make_element ("rtpbin", NULL);
  self->udpsrc_rtcp = make_element ("udpsrc", NULL);
  self->udpsink_rtp = make_element ("udpsink", NULL);
  self->udpsink_rtcp = make_element ("udpsink", NULL);
  self->funnel = make_element ("funnel", NULL);
  {
    GstElement *all[] = { self->dtmf_mux, self->dtmf_source,
                          self->rtpbin, self->udpsrc_rtcp,
                          self->udpsink_rtp, self->udpsink_rtcp, self->funnel };
    gboolean missing = paced && (mic_split == NULL || mic_pace == NULL);

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      if (all[i] == NULL)
        missing = TRUE;
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      if (all[i] != NULL)
        gst_bin_add (bin, all[i]);
    gst_bin_add (bin, mic_filter);
    if (mic_split != NULL)
      gst_bin_add (bin, mic_split);
    if (mic_pace != NULL)
      gst_bin_add (bin, mic_pace);
    if (missing)
      return set_error_from_gst (error, _("a GStreamer plugin is missing"));
  }

  if (self->echo_cancellation)
    {
      dsp = gst_element_factory_make ("webrtcdsp", NULL);
      echo_probe = gst_element_factory_make ("webrtcechoprobe", self->echo_probe_name);
      if (dsp == NULL || echo_probe == NULL)
        {
          g_message ("webrtcdsp is not available: no echo cancellation");
          g_clear_object (&dsp);
          g_clear_object (&echo_probe);
        }
      else
        {
          g_object_set (dsp, "probe", self->echo_probe_name, NULL);
          gst_bin_add_many (bin, dsp, echo_probe, NULL);
        }
    }

  g_object_set (self->rtpbin, "latency", self->jitter_latency_ms, "do-lost", TRUE,
                "drop-on-latency", TRUE, NULL);
  g_object_set (self->dtmf_source, "clock-rate", 8000, "pt", 101, NULL);

  /* Symmetric RTP: one socket per port, both directions; we close them, not the elements. */
  g_object_set (self->udpsrc_rtcp, "socket", self->rtcp_socket, "close-socket", FALSE, NULL);
  g_object_set (self->udpsink_rtp, "socket", self->rtp_socket, "close-socket", FALSE,
                "sync", FALSE, "async", FALSE, NULL);
  g_object_set (self->udpsink_rtcp, "socket", self->rtcp_socket, "close-socket", FALSE,
                "sync", FALSE, "async", FALSE, NULL);

  if (!gst_element_link (source, mic_filter))
    return set_error_from_gst (error, "source");
  capture_last = mic_filter;
  if (paced)
    {
      /* Up to two packets early: a source a little ahead never waits; one that runs
       * further ahead is held back to real time. */
      g_object_set (mic_pace, "sync", TRUE, "silent", TRUE, "signal-handoffs", FALSE,
                    "ts-offset", (gint64) -(2 * DEFAULT_PTIME_MS * GST_MSECOND), NULL);
      if (!gst_element_link_many (mic_filter, mic_split, mic_pace, NULL))
        return set_error_from_gst (error, "audiobuffersplit");
      capture_last = mic_pace;
    }
  if (dsp != NULL)
    {
      if (!gst_element_link (capture_last, dsp))
        return set_error_from_gst (error, "webrtcdsp");
      capture_last = dsp;
    }
  self->capture_tail = gst_element_get_static_pad (capture_last, "src");

  /* DTMF events take the mux's priority pad, beside the audio payloader. */
  src_pad = gst_element_get_static_pad (self->dtmf_source, "src");
  sink_pad = gst_element_request_pad_simple (self->dtmf_mux, "priority_sink_%u");
  if (!link_pads (src_pad, sink_pad, error))
    return FALSE;
  /* Nothing goes out while our side does not send: dropped before the mux, which numbers
   * what it passes — dropped after it, each packet not sent left a gap in the sequence
   * numbers, which the far end counts as loss (a call's quality read "Bad" after a hold). */
  gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_send_data, self, NULL);
  g_clear_object (&src_pad);
  g_clear_object (&sink_pad);
  self->dtmf_mux_audio_pad = gst_element_request_pad_simple (self->dtmf_mux, "sink_%u");
  gst_pad_add_probe (self->dtmf_mux_audio_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_send_data, self, NULL);

  /* Playback: received branches → funnel → [tee while recording] → [echo probe] → device
   * [with convert → resample before it, when it needs them]; the volume is a probe. */
  self->playback_tail = self->funnel;
  if (echo_probe != NULL)
    {
      if (!gst_element_link (self->funnel, echo_probe))
        return set_error_from_gst (error, "webrtcechoprobe");
      self->playback_tail = self->echo_probe = echo_probe;
    }
  if (!gst_element_link (self->playback_tail, sink))
    return set_error_from_gst (error, "sink");
  watch_playback (self, echo_probe != NULL ? echo_probe : sink);
  self->playback_sink = sink;
  pace_playback (sink);

  g_signal_connect (self->rtpbin, "request-pt-map", G_CALLBACK (on_request_pt_map), self);
  g_signal_connect (self->rtpbin, "request-jitterbuffer", G_CALLBACK (on_request_jitterbuffer), self);
  g_signal_connect (self->rtpbin, "pad-added", G_CALLBACK (on_rtpbin_pad_added), self);
  return TRUE;
}

/* Swaps the device once no buffer is on its way to it (an idle probe: at once when the
 * pad is idle, else in the streaming thread right after the buffer it is pushing). */
static GstPadProbeReturn
on_playback_idle (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  WccMediaSession *self = user_data;
  GstElement *old = self->playback_sink;
  GstElement *next;
  g_autoptr(GstPad) old_sink = NULL;
  g_autoptr(GstPad) next_sink = NULL;

  g_mutex_lock (&self->lock);
  next = g_steal_pointer (&self->next_sink);
  g_mutex_unlock (&self->lock);
  if (next == NULL)
    return GST_PAD_PROBE_REMOVE;
  old_sink = gst_element_get_static_pad (old, "sink");
  next_sink = gst_element_get_static_pad (next, "sink");
  gst_pad_unlink (pad, old_sink);
  gst_bin_add (GST_BIN (self->pipeline), next);
  if (gst_pad_link (pad, next_sink) != GST_PAD_LINK_OK || !gst_element_sync_state_with_parent (next))
    {
      /* The old device plays on. */
      g_warning ("Cannot switch to the new audio output");
      gst_pad_unlink (pad, next_sink);
      gst_element_set_state (next, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), next);
      gst_pad_link (pad, old_sink);
      gst_object_unref (next);
      return GST_PAD_PROBE_REMOVE;
    }
  if (self->echo_probe == NULL)
    watch_playback (self, next);
  gst_element_set_locked_state (old, TRUE);
  gst_element_set_state (old, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), old);
  self->playback_sink = next;
  /* A live pipeline's latency includes the device's: the pipeline asks for it again. */
  gst_element_post_message (next, gst_message_new_latency (GST_OBJECT (next)));
  gst_object_unref (next);
  return GST_PAD_PROBE_REMOVE;
}

gboolean
wcc_media_session_set_sink (WccMediaSession  *self,
                            const char       *description,
                            GError          **error)
{
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstPad) device_pad = NULL;
  GstElement *next;

  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), FALSE);

  if (self->pipeline == NULL || self->playback_sink == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, _("The call has no audio"));
      return FALSE;
    }
  next = parse_device (description, "WCC_AUDIOSINK", "autoaudiosink", GST_PAD_SINK, error);
  if (next == NULL)
    return FALSE;
  /* A device that parses but cannot be opened (in use, unplugged) is found out here, while
   * the call still plays on the old one. */
  gst_object_ref_sink (next);
  if (gst_element_set_state (next, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (next, GST_STATE_NULL);
      gst_object_unref (next);
      g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                   _("The audio output “%s” cannot be opened"), description ? description : "");
      return FALSE;
    }
  pace_playback (next);
  /* A second change before the first was made replaces it. */
  g_mutex_lock (&self->lock);
  if (self->next_sink != NULL)
    {
      gst_element_set_state (self->next_sink, GST_STATE_NULL);
      gst_object_unref (self->next_sink);
    }
  self->next_sink = next;
  g_mutex_unlock (&self->lock);
  /* The pad that feeds the device: the funnel's, the echo probe's, or a recording's tee. */
  device_pad = gst_element_get_static_pad (self->playback_sink, "sink");
  pad = gst_pad_get_peer (device_pad);
  if (pad == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, _("The call has no audio"));
      return FALSE;
    }
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_IDLE, on_playback_idle, self, NULL);
  return TRUE;
}

/* Each captured buffer also brings in what the network delivered meanwhile. When the
 * capture ends (a file source at its end), the pipeline clock's thread takes over. On its
 * way to the encoder the buffer becomes the hold melody while the call is held, silence
 * while muted. */
static GstPadProbeReturn
on_capture_data (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  WccMediaSession *self = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      gboolean hold = g_atomic_int_get (&self->on_hold);
      gboolean muted = g_atomic_int_get (&self->muted);

      wcc_rtp_receiver_drain (WCC_RTP_RECEIVER (self->rtp_receiver));
      if (hold || muted)
        {
          GstBuffer *buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));

          GST_PAD_PROBE_INFO_DATA (info) = buffer;
          if (hold)
            fill_hold_music (self, buffer);
          else
            gst_buffer_memset (buffer, 0, 0, gst_buffer_get_size (buffer));
        }
    }
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    wcc_rtp_receiver_drain (WCC_RTP_RECEIVER (self->rtp_receiver));
  else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    wcc_rtp_receiver_drain_on_clock (WCC_RTP_RECEIVER (self->rtp_receiver));
  return GST_PAD_PROBE_OK;
}

/* The SDP-dependent part, linked once before the pipeline starts: the encoder, SRTP and
 * the pads of rtpbin's session 0. */
static gboolean
link_network (WccMediaSession  *self,
              GError          **error)
{
  GstBin *bin = GST_BIN (self->pipeline);
  g_autoptr(GstPad) rtp_sink = NULL;
  g_autoptr(GstPad) rtcp_sink = NULL;
  g_autoptr(GstPad) rtp_src = NULL;
  g_autoptr(GstPad) rtcp_src = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstPad) peer = NULL;
  g_autoptr(GstCaps) rtp_caps = NULL;
  g_autoptr(GstCaps) rtcp_caps = NULL;

  rtp_caps = gst_caps_new_empty_simple (self->secure ? "application/x-srtp" : "application/x-rtp");
  rtcp_caps = gst_caps_new_empty_simple (self->secure ? "application/x-srtcp" : "application/x-rtcp");
  /* Received RTP has no thread of its own: the capture thread, which wakes once per packet
   * anyway, reads the socket each time it has a buffer (kernel arrival times keep the
   * jitter figures true), and the receiver declares that packet time as its latency. A
   * streaming thread per direction woken per packet was most of what a call cost. */
  self->rtp_receiver = GST_ELEMENT (wcc_rtp_receiver_new (self->rtp_socket,
                                                          self->send_codec.ptime_ms * GST_MSECOND));
  wcc_rtp_receiver_set_caps (WCC_RTP_RECEIVER (self->rtp_receiver), rtp_caps);
  wcc_rtp_receiver_set_drained_func (WCC_RTP_RECEIVER (self->rtp_receiver), on_received, self);
  gst_bin_add (bin, self->rtp_receiver);
  /* The pipeline, stopped in teardown before the session goes, outlives no probe. */
  gst_pad_add_probe (self->capture_tail,
                     GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST
                     | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     on_capture_data, self, NULL);
  g_object_set (self->udpsrc_rtcp, "caps", rtcp_caps, NULL);

  /* Capture → [tee, when a recording started before the call's audio] → encoder → mux. */
  pad = gst_element_get_static_pad (self->encoder_bin, "sink");
  if (self->send_tee != NULL)
    {
      g_autoptr(GstPad) tee_src = gst_element_request_pad_simple (self->send_tee, "src_%u");

      if (!link_pads (tee_src, pad, error))
        return FALSE;
    }
  else if (!link_pads (self->capture_tail, pad, error))
    return FALSE;
  g_clear_object (&pad);
  pad = gst_element_get_static_pad (self->encoder_bin, "src");
  if (!link_pads (pad, self->dtmf_mux_audio_pad, error))
    return FALSE;
  g_clear_object (&pad);

  /* Mux → rtpbin's send side. */
  rtp_sink = gst_element_request_pad_simple (self->rtpbin, "send_rtp_sink_0");
  pad = gst_element_get_static_pad (self->dtmf_mux, "src");
  if (!link_pads (pad, rtp_sink, error))
    return FALSE;
  g_clear_object (&pad);
  rtp_src = gst_element_get_static_pad (self->rtpbin, "send_rtp_src_0");
  rtcp_src = gst_element_request_pad_simple (self->rtpbin, "send_rtcp_src_0");
  if (self->secure)
    {
      g_autoptr(GstPad) enc_rtp_sink = gst_element_request_pad_simple (self->srtp_encoder, "rtp_sink_0");
      g_autoptr(GstPad) enc_rtcp_sink = gst_element_request_pad_simple (self->srtp_encoder, "rtcp_sink_0");
      g_autoptr(GstPad) enc_rtp_src = gst_element_get_static_pad (self->srtp_encoder, "rtp_src_0");
      g_autoptr(GstPad) enc_rtcp_src = gst_element_get_static_pad (self->srtp_encoder, "rtcp_src_0");

      if (!link_pads (rtp_src, enc_rtp_sink, error) || !link_pads (rtcp_src, enc_rtcp_sink, error))
        return FALSE;
      gst_object_unref (rtp_src);
      gst_object_unref (rtcp_src);
      rtp_src = g_steal_pointer (&enc_rtp_src);
      rtcp_src = g_steal_pointer (&enc_rtcp_src);
    }
  pad = gst_element_get_static_pad (self->udpsink_rtp, "sink");
  if (!link_pads (rtp_src, pad, error))
    return FALSE;
  g_clear_object (&pad);
  pad = gst_element_get_static_pad (self->udpsink_rtcp, "sink");
  if (!link_pads (rtcp_src, pad, error))
    return FALSE;
  g_clear_object (&pad);

  /* Network → [srtpdec] → rtpbin's receive side. */
  g_clear_object (&rtp_sink);
  rtp_sink = gst_element_request_pad_simple (self->rtpbin, "recv_rtp_sink_0");
  rtcp_sink = gst_element_request_pad_simple (self->rtpbin, "recv_rtcp_sink_0");
  g_clear_object (&rtp_src);
  g_clear_object (&rtcp_src);
  rtp_src = gst_element_get_static_pad (self->rtp_receiver, "src");
  rtcp_src = gst_element_get_static_pad (self->udpsrc_rtcp, "src");
  if (self->secure)
    {
      g_autoptr(GstPad) dec_rtp_sink = gst_element_get_static_pad (self->srtp_decoder, "rtp_sink");
      g_autoptr(GstPad) dec_rtcp_sink = gst_element_get_static_pad (self->srtp_decoder, "rtcp_sink");

      if (!link_pads (rtp_src, dec_rtp_sink, error) || !link_pads (rtcp_src, dec_rtcp_sink, error))
        return FALSE;
      gst_object_unref (rtp_src);
      gst_object_unref (rtcp_src);
      rtp_src = gst_element_get_static_pad (self->srtp_decoder, "rtp_src");
      rtcp_src = gst_element_get_static_pad (self->srtp_decoder, "rtcp_src");
    }
  if (!link_pads (rtp_src, rtp_sink, error) || !link_pads (rtcp_src, rtcp_sink, error))
    return FALSE;
  (void) peer;
  return TRUE;
}

typedef struct {
  WccMediaSession *self;
  GstElement      *old_bin;
  GstElement      *new_bin;
} EncoderSwap;

static void
encoder_swap_free (gpointer data)
{
  EncoderSwap *swap = data;

  g_clear_object (&swap->old_bin);
  g_clear_object (&swap->new_bin);
  g_free (swap);
}

/* Runs in the capture thread with its last pad blocked: nothing flows through the old
 * encoder while it goes. The encoder is fed by that pad, or by the send tee once a
 * recording put one in. (An idle probe would run at once in the calling thread when the
 * pad is between buffers, racing the next buffer: "not-linked" under valgrind.) */
static GstPadProbeReturn
on_encoder_blocked (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  EncoderSwap *swap = user_data;
  WccMediaSession *self = swap->self;
  g_autoptr(GstPad) old_sink = gst_element_get_static_pad (swap->old_bin, "sink");
  g_autoptr(GstPad) old_src = gst_element_get_static_pad (swap->old_bin, "src");
  g_autoptr(GstPad) new_sink = gst_element_get_static_pad (swap->new_bin, "sink");
  g_autoptr(GstPad) new_src = gst_element_get_static_pad (swap->new_bin, "src");
  g_autoptr(GstPad) feed = gst_pad_get_peer (old_sink);

  g_assert (feed != NULL);
  gst_pad_unlink (feed, old_sink);
  gst_pad_unlink (old_src, self->dtmf_mux_audio_pad);
  gst_element_set_state (swap->old_bin, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (self->pipeline), swap->old_bin);
  /* The bin takes a reference of its own (new_bin is no longer floating); the swap's goes
   * with the swap. */
  gst_bin_add (GST_BIN (self->pipeline), swap->new_bin);
  gst_pad_link (new_src, self->dtmf_mux_audio_pad);
  gst_pad_link (feed, new_sink);
  gst_element_sync_state_with_parent (swap->new_bin);
  return GST_PAD_PROBE_REMOVE;
}

/* Says (with G_MESSAGES_DEBUG=wcc-media-session) when the first buffer passes @pad: where a
 * call's sound stops on its way shows in a test's log. */
static GstPadProbeReturn
on_first_buffer (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  g_debug ("first %s", (const char *) user_data);
  return GST_PAD_PROBE_REMOVE;
}

static void
watch_first_buffer (GstElement *element,
                    const char *pad_name,
                    const char *what)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, pad_name);

  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_first_buffer,
                       (gpointer) what, NULL);
}

static void
set_udp_destination (GstElement *sink,
                     const char *host,
                     guint16     port)
{
  g_object_set (sink, "host", host, "port", (gint) port, NULL);
}

static gboolean
codec_changed (const SendCodec *a,
               const SendCodec *b)
{
  return g_strcmp0 (a->encoding, b->encoding) != 0 || a->payload_type != b->payload_type
         || a->clock_rate != b->clock_rate || a->ptime_ms != b->ptime_ms;
}

/* The recording bin: both directions (already in the pipeline's raw format) into a live
 * mixer, Opus in Ogg. */
static GstElement *
make_recording_bin (const char  *path,
                    GstPad     **send_sink,
                    GstPad     **recv_sink,
                    GError     **error)
{
  g_autoptr(GstElement) bin = gst_bin_new (NULL);
  GstElement *send_queue = make_element ("queue", NULL);
  GstElement *recv_queue = make_element ("queue", NULL);
  GstElement *mixer = make_element ("audiomixer", NULL);
  GstElement *convert = make_element ("audioconvert", NULL);
  GstElement *encoder = make_element ("opusenc", NULL);
  GstElement *muxer = make_element ("oggmux", NULL);
  GstElement *file = make_element ("filesink", NULL);
  GstPad *pad;

  if (!send_queue || !recv_queue || !mixer || !convert || !encoder || !muxer || !file)
    {
      g_clear_object (&send_queue);
      g_clear_object (&recv_queue);
      g_clear_object (&mixer);
      g_clear_object (&convert);
      g_clear_object (&encoder);
      g_clear_object (&muxer);
      g_clear_object (&file);
      set_error_from_gst (error, _("a GStreamer plugin is missing"));
      return NULL;
    }
  /* The call's own audio goes through the same tees: a recorder that falls behind or stalls
   * (its mixer waiting for the other direction) loses recorded sound, never the call's. A
   * full queue that blocked held up the capture thread, and with it both directions. */
  gst_util_set_object_arg (G_OBJECT (send_queue), "leaky", "downstream");
  gst_util_set_object_arg (G_OBJECT (recv_queue), "leaky", "downstream");
  gst_util_set_object_arg (G_OBJECT (mixer), "start-time-selection", "first");
  gst_util_set_object_arg (G_OBJECT (encoder), "audio-type", "voice");
  g_object_set (encoder, "bitrate", 24000, NULL);
  g_object_set (file, "location", path, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (bin), send_queue, recv_queue, mixer, convert, encoder, muxer, file, NULL);
  if (!gst_element_link (send_queue, mixer) || !gst_element_link (recv_queue, mixer)
      || !gst_element_link_many (mixer, convert, encoder, muxer, file, NULL))
    {
      set_error_from_gst (error, "recorder");
      return NULL;
    }
  pad = gst_element_get_static_pad (send_queue, "sink");
  *send_sink = gst_ghost_pad_new ("send", pad);
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (recv_queue, "sink");
  *recv_sink = gst_ghost_pad_new ("recv", pad);
  gst_object_unref (pad);
  gst_element_add_pad (bin, *send_sink);
  gst_element_add_pad (bin, *recv_sink);
  /* The filesink's EOS message (posted once the file is flushed) reaches our bus wrapped:
   * without this the bin would keep it until every sink of the pipeline ended. */
  g_object_set (bin, "message-forward", TRUE, NULL);
  return g_steal_pointer (&bin);
}

/* Blocked, in the streaming thread, on the pad where a direction's path branches for
 * recording: the tee goes between it and what it feeds (nothing, before the call's audio
 * started). A direction with nothing flowing gets its tee with its next buffer. */
static GstPadProbeReturn
on_branch_blocked (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  GstElement *tee = user_data;
  g_autoptr(GstPad) peer = gst_pad_get_peer (pad);
  g_autoptr(GstPad) tee_sink = gst_element_get_static_pad (tee, "sink");

  if (peer != NULL)
    {
      g_autoptr(GstPad) tee_src = gst_element_request_pad_simple (tee, "src_%u");

      gst_pad_unlink (pad, peer);
      gst_pad_link (tee_src, peer);
    }
  gst_pad_link (pad, tee_sink);
  return GST_PAD_PROBE_REMOVE;
}

/* An element added to the running pipeline takes the state the call's audio is going to:
 * the pipeline's own may still be on its way to PLAYING (a recording starts as the call
 * starts), and an element left in READY refuses the first buffer with FLUSHING, on which
 * the capture source stops for good — the far end heard nothing. */
static gboolean
sync_with_pipeline (WccMediaSession *self,
                    GstElement      *element)
{
  if (!self->started)
    return gst_element_sync_state_with_parent (element);
  return gst_element_set_state (element, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE;
}

/* A tee after @pad, put in by the first recording: without one, each packet of a call
 * that is never recorded is one hop shorter in each direction. Returns the tee, borrowed
 * from the pipeline; its pads for the recording can be requested at once. */
static GstElement *
insert_tee (WccMediaSession *self,
            GstPad          *pad)
{
  GstElement *tee = make_element ("tee", NULL);

  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  gst_bin_add (GST_BIN (self->pipeline), tee);
  sync_with_pipeline (self, tee);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM, on_branch_blocked,
                     gst_object_ref (tee), gst_object_unref);
  return tee;
}

/* Idle on a tee pad: unlinked, the bin's input gets its EOS, nothing else is disturbed. */
static GstPadProbeReturn
on_recording_pad_idle (GstPad          *pad,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  GstPad *sink = user_data;

  gst_pad_unlink (pad, sink);
  gst_pad_send_event (sink, gst_event_new_eos ());
  return GST_PAD_PROBE_REMOVE;
}

static gboolean
on_recording_guard (gpointer user_data)
{
  WccMediaSession *self = user_data;

  g_warning ("the recording did not end cleanly in time");
  g_clear_pointer (&self->recording->guard, g_source_unref);
  finish_recording (self);
  return G_SOURCE_REMOVE;
}

static void
finish_recording (WccMediaSession *self)
{
  Recording *recording = self->recording;

  if (recording == NULL)
    return;
  self->recording = NULL;
  wcc_loop_source_clear (&recording->guard);
  gst_element_set_state (recording->bin, GST_STATE_NULL);
  if (self->pipeline != NULL)
    {
      gst_bin_remove (GST_BIN (self->pipeline), recording->bin);
      gst_element_release_request_pad (self->send_tee, recording->send_tee_pad);
      gst_element_release_request_pad (self->recv_tee, recording->recv_tee_pad);
    }
  gst_object_unref (recording->send_tee_pad);
  gst_object_unref (recording->recv_tee_pad);
  gst_object_unref (recording->bin);
  g_free (recording);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  if (self->stop_after_recording)
    {
      teardown (self);
      /* The reference wcc_media_session_stop took while the file was being finished. */
      g_object_unref (self);
    }
}

static void
teardown (WccMediaSession *self)
{
  wcc_loop_source_clear (&self->stats_source);
  wcc_loop_source_clear (&self->dtmf_timer);
  g_queue_clear_full (&self->dtmf_queue, g_free);
  wcc_loop_source_clear (&self->bus_source);
  if (self->recording != NULL)
    {
      /* The pipeline is going: the file keeps what reached it. */
      Recording *recording = self->recording;
      self->recording = NULL;
      wcc_loop_source_clear (&recording->guard);
      gst_object_unref (recording->send_tee_pad);
      gst_object_unref (recording->recv_tee_pad);
      gst_object_unref (recording->bin);
      g_free (recording);
    }
  if (self->pipeline != NULL)
    {
      GstElement *next_sink;

      /* A device swap still waiting does not happen now (its probe finds nothing). */
      g_mutex_lock (&self->lock);
      next_sink = g_steal_pointer (&self->next_sink);
      g_mutex_unlock (&self->lock);
      if (next_sink != NULL)
        {
          gst_element_set_state (next_sink, GST_STATE_NULL);
          gst_object_unref (next_sink);
        }
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->capture_tail);
      g_clear_object (&self->dtmf_mux_audio_pad);
      g_clear_object (&self->pipeline);
      self->playback_tail = self->playback_sink = self->echo_probe = NULL;
      g_mutex_lock (&self->lock);
      g_ptr_array_set_size (self->playout_buffers, 0);
      g_mutex_unlock (&self->lock);
    }
  if (self->rtp_socket != NULL)
    g_socket_close (self->rtp_socket, NULL);
  if (self->rtcp_socket != NULL)
    g_socket_close (self->rtcp_socket, NULL);
  g_clear_object (&self->rtp_socket);
  g_clear_object (&self->rtcp_socket);
}

static void
wcc_media_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WccMediaSession *self = WCC_MEDIA_SESSION (object);

  switch (prop_id)
    {
    case PROP_CODEC:
      g_value_set_string (value, self->send_codec.encoding);
      break;
    case PROP_JITTER_MS:
      g_value_set_double (value, self->jitter_ms);
      break;
    case PROP_PACKET_LOSS:
      g_value_set_double (value, self->packet_loss);
      break;
    case PROP_RTT_MS:
      g_value_set_double (value, self->rtt_ms);
      break;
    case PROP_MOS:
      g_value_set_double (value, self->mos);
      break;
    case PROP_ON_HOLD:
      g_value_set_boolean (value, self->on_hold);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_media_session_dispose (GObject *object)
{
  WccMediaSession *self = WCC_MEDIA_SESSION (object);

  teardown (self);
  self->stopped = TRUE;
  G_OBJECT_CLASS (wcc_media_session_parent_class)->dispose (object);
}

static void
wcc_media_session_finalize (GObject *object)
{
  WccMediaSession *self = WCC_MEDIA_SESSION (object);

  g_free (self->address);
  g_free (self->echo_probe_name);
  g_free (self->send_codec.encoding);
  g_hash_table_unref (self->pt_caps);
  g_ptr_array_unref (self->playout_buffers);
  gst_clear_caps (&self->remote_srtp_caps);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (wcc_media_session_parent_class)->finalize (object);
}

static void
wcc_media_session_class_init (WccMediaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_media_session_get_property;
  object_class->dispose = wcc_media_session_dispose;
  object_class->finalize = wcc_media_session_finalize;

  properties[PROP_CODEC] =
    g_param_spec_string ("codec", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JITTER_MS] =
    g_param_spec_double ("jitter-ms", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACKET_LOSS] =
    g_param_spec_double ("packet-loss", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RTT_MS] =
    g_param_spec_double ("rtt-ms", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* 0 until the first packets arrive, then 1–4.5. */
  properties[PROP_MOS] =
    g_param_spec_double ("mos", NULL, NULL, 0, 4.5, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_HOLD] =
    g_param_spec_boolean ("on-hold", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DTMF_RECEIVED] = g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_CHAR);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
wcc_media_session_init (WccMediaSession *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  self->pt_caps = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gst_caps_unref);
  self->playout_buffers = g_ptr_array_new_with_free_func (gst_object_unref);
  g_queue_init (&self->dtmf_queue);
  self->dtmf_payload_type = -1;
  self->volume = 1.0;
  self->playback_gain = 1000;
  self->send_enabled = TRUE;
  self->play_enabled = TRUE;
}

WccMediaSession *
wcc_media_session_new (const char             *bind_address,
                       const WccMediaDevices  *devices,
                       GError                **error)
{
  g_autoptr(WccMediaSession) self = NULL;

  g_return_val_if_fail (bind_address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self = g_object_new (WCC_TYPE_MEDIA_SESSION, NULL);
  self->address = g_strdup (bind_address);
  self->raw_rate = DEFAULT_RAW_RATE;
  self->jitter_latency_ms = devices && devices->jitter_latency_ms > 0
                            ? devices->jitter_latency_ms : DEFAULT_JITTER_LATENCY_MS;
  self->echo_cancellation = devices && devices->echo_cancellation;
  /* webrtcdsp finds its probe by name across the process: one name per session. */
  self->echo_probe_name = g_strdup_printf ("wcc-echo-probe-%p", (void *) self);

  if (!bind_sockets (self, bind_address, error))
    return NULL;
  if (!build_pipeline (self, devices, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint16
wcc_media_session_get_port (WccMediaSession *self)
{
  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), 0);

  return self->port;
}

const char *
wcc_media_session_get_address (WccMediaSession *self)
{
  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), NULL);

  return self->address;
}

static void
set_raw_rate (WccMediaSession *self,
              guint            rate)
{
  self->raw_rate = rate;
  set_raw_caps (self->mic_filter, rate);
}

static gboolean
start (WccMediaSession  *self,
       const WccSdp     *local,
       const WccSdp     *remote,
       GError          **error)
{
  g_autoptr(GstBus) bus = NULL;

  if (self->secure)
    {
      self->srtp_encoder = gst_element_factory_make ("srtpenc", NULL);
      self->srtp_decoder = gst_element_factory_make ("srtpdec", NULL);
      if (self->srtp_encoder == NULL || self->srtp_decoder == NULL)
        {
          g_clear_object (&self->srtp_encoder);
          g_clear_object (&self->srtp_decoder);
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                               _("SRTP is not available: the GStreamer srtp plugin is missing"));
          return FALSE;
        }
      gst_bin_add_many (GST_BIN (self->pipeline), self->srtp_encoder, self->srtp_decoder, NULL);
      g_signal_connect (self->srtp_decoder, "request-key", G_CALLBACK (on_request_key), self);
      if (!configure_srtp_keys (self, local, remote, error))
        return FALSE;
    }
  gst_bin_add (GST_BIN (self->pipeline), self->encoder_bin);
  if (!link_network (self, error))
    return FALSE;
  size_all_capture_buffers (self);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_source, self->context);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                           _("The call’s audio could not start"));
      return FALSE;
    }
  self->stats_source = wcc_loop_source_attach (self->context, STATS_INTERVAL_MS, on_stats_timeout, self, NULL);
  self->started = TRUE;
  return TRUE;
}

gboolean
wcc_media_session_apply (WccMediaSession  *self,
                         const WccSdp     *local,
                         const WccSdp     *remote,
                         GError          **error)
{
  SendCodec codec = { 0 };
  const WccSdpCodec *local_dtmf, *remote_dtmf;
  gboolean send_local, recv_local;
  gboolean codec_notify;

  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (local != NULL && remote != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->stopped || self->pipeline == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                           _("The call’s audio has already ended"));
      return FALSE;
    }
  if (local->secure != remote->secure)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("One side offers SRTP and the other plain RTP"));
      return FALSE;
    }
  if (self->started && local->secure != self->secure)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("SRTP cannot be switched on or off during a call"));
      return FALSE;
    }
  if (remote->port == 0 || local->port == 0 || remote->address == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("The audio stream was rejected"));
      return FALSE;
    }
  {
    g_autoptr(GInetAddress) peer = g_inet_address_new_from_string (remote->address);

    /* Our sockets speak one family: an address of the other can never be reached. */
    if (peer != NULL && self->rtp_socket != NULL &&
        g_inet_address_get_family (peer) != g_socket_get_family (self->rtp_socket))
      {
        g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                     _("The other side’s audio address %s is of another IP version than this phone’s"),
                     remote->address);
        return FALSE;
      }
  }
  if (!choose_send_codec (local, remote, &codec, error))
    return FALSE;

  if (!self->started)
    {
      self->secure = local->secure;
      set_raw_rate (self, codec_audio_rate (codec.encoding));
      self->encoder_bin = make_encoder_bin (&codec, self->raw_rate, error);
      if (self->encoder_bin == NULL)
        {
          g_free (codec.encoding);
          return FALSE;
        }
    }
  else
    {
      if (codec_changed (&codec, &self->send_codec))
        {
          EncoderSwap *swap;
          GstElement *new_bin = make_encoder_bin (&codec, self->raw_rate, error);

          if (new_bin == NULL)
            {
              g_free (codec.encoding);
              return FALSE;
            }
          swap = g_new0 (EncoderSwap, 1);
          swap->self = self;
          swap->old_bin = gst_object_ref (self->encoder_bin);
          swap->new_bin = gst_object_ref_sink (new_bin);
          self->encoder_bin = new_bin;
          gst_pad_add_probe (self->capture_tail, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM,
                             on_encoder_blocked, swap, encoder_swap_free);
        }
      if (self->secure && !configure_srtp_keys (self, local, remote, error))
        {
          g_free (codec.encoding);
          return FALSE;
        }
    }

  codec_notify = g_strcmp0 (codec.encoding, self->send_codec.encoding) != 0;
  g_free (self->send_codec.encoding);
  self->send_codec = codec;

  if (update_pt_map (self, local, remote) && self->started)
    g_signal_emit_by_name (self->rtpbin, "clear-pt-map");

  choose_send_dtmf (local, remote, self->send_codec.clock_rate, &local_dtmf, &remote_dtmf);
  self->dtmf_payload_type = local_dtmf && remote_dtmf ? remote_dtmf->payload_type : -1;
  /* The events' timestamps count in the event clock; rtpdtmfmux rebases them onto the
   * stream's, which is only right when the two clocks are the same (RFC 4733 §2.1). */
  if (remote_dtmf != NULL)
    g_object_set (self->dtmf_source, "pt", (guint) remote_dtmf->payload_type,
                  "clock-rate", remote_dtmf->clock_rate, NULL);

  send_local = local->direction == WCC_SDP_SENDRECV || local->direction == WCC_SDP_SENDONLY;
  recv_local = local->direction == WCC_SDP_SENDRECV || local->direction == WCC_SDP_RECVONLY;
  g_atomic_int_set (&self->send_enabled, send_local);
  self->play_enabled = recv_local;
  apply_send_and_play (self);

  set_udp_destination (self->udpsink_rtp, remote->address, remote->port);
  set_udp_destination (self->udpsink_rtcp, remote->address,
                       remote->rtcp_port != 0 ? remote->rtcp_port : remote->port + 1);
  g_debug ("%s: sends %s to %s:%u (%s), plays %s", self->started ? "changed" : "starts", self->send_codec.encoding,
           remote->address, remote->port, send_local ? "sending" : "not sending", recv_local ? "yes" : "no");

  if (!self->started)
    {
      if (!start (self, local, remote, error))
        return FALSE;
      watch_first_buffer (self->udpsink_rtp, "sink", "RTP packet sent");
      watch_first_buffer (self->rtp_receiver, "src", "RTP packet received");
      watch_first_buffer (self->playback_tail, "src", "sound played");
      watch_first_buffer (self->encoder_bin, "sink", "sound to encode");
      watch_first_buffer (self->encoder_bin, "src", "sound encoded");
      {
        g_autoptr(GstElement) encoder = gst_bin_get_by_name (GST_BIN (self->encoder_bin), "encoder");

        if (encoder != NULL)
          watch_first_buffer (encoder, "src", "frame out of the encoder");
      }
      watch_first_buffer (self->dtmf_mux, "src", "packet past the DTMF mux");
    }
  if (codec_notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODEC]);
  return TRUE;
}

void
wcc_media_session_set_hold (WccMediaSession *self,
                            gboolean         hold)
{
  g_return_if_fail (WCC_IS_MEDIA_SESSION (self));

  hold = !!hold;
  if (self->on_hold == hold)
    return;
  /* The capture thread plays the melody from its first note. */
  if (hold)
    g_atomic_int_inc (&self->hold_generation);
  g_atomic_int_set (&self->on_hold, hold);
  if (self->pipeline != NULL)
    apply_send_and_play (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_HOLD]);
}

void
wcc_media_session_set_muted (WccMediaSession *self,
                             gboolean         muted)
{
  g_return_if_fail (WCC_IS_MEDIA_SESSION (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  g_atomic_int_set (&self->muted, muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
wcc_media_session_set_volume (WccMediaSession *self,
                              double           volume)
{
  g_return_if_fail (WCC_IS_MEDIA_SESSION (self));

  self->volume = CLAMP (volume, 0.0, 2.0);
  apply_send_and_play (self);
}

gboolean
wcc_media_session_send_dtmf (WccMediaSession *self,
                             char             digit,
                             guint            duration_ms)
{
  DtmfTone *tone;
  int event;

  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), FALSE);

  event = dtmf_digit_to_event (digit);
  g_return_val_if_fail (event >= 0, FALSE);
  if (!self->started || self->stopped || self->dtmf_payload_type < 0)
    return FALSE;

  tone = g_new0 (DtmfTone, 1);
  tone->event = event;
  tone->duration_ms = MAX (duration_ms, DTMF_MIN_DURATION_MS);
  g_queue_push_tail (&self->dtmf_queue, tone);
  if (!self->dtmf_playing && self->dtmf_timer == NULL)
    dtmf_next (self);
  return TRUE;
}

gboolean
wcc_media_session_start_recording (WccMediaSession  *self,
                                   const char       *path,
                                   GError          **error)
{
  Recording *recording;
  GstPad *send_sink = NULL, *recv_sink = NULL;
  GstElement *bin;
  gboolean running;

  g_return_val_if_fail (WCC_IS_MEDIA_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pipeline == NULL || self->stopped)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                           _("The call’s audio has already ended"));
      return FALSE;
    }
  if (self->recording != NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           _("The call is already being recorded"));
      return FALSE;
    }
  bin = make_recording_bin (path, &send_sink, &recv_sink, error);
  if (bin == NULL)
    return FALSE;

  recording = g_new0 (Recording, 1);
  recording->bin = gst_object_ref (bin);
  recording->send_sink = send_sink;
  recording->recv_sink = recv_sink;
  gst_bin_add (GST_BIN (self->pipeline), bin);
  /* Running before anything flows into it: a tee pad linked to a bin still on its way up
   * answers the capture thread's buffer with FLUSHING, on which the capture source stops
   * for good (a customer call is recorded from the moment it starts: the far end heard
   * nothing). */
  running = sync_with_pipeline (self, bin);
  if (self->send_tee == NULL)
    {
      g_autoptr(GstPad) funnel_src = gst_element_get_static_pad (self->funnel, "src");

      self->send_tee = insert_tee (self, self->capture_tail);
      self->recv_tee = insert_tee (self, funnel_src);
    }
  recording->send_tee_pad = gst_element_request_pad_simple (self->send_tee, "src_%u");
  recording->recv_tee_pad = gst_element_request_pad_simple (self->recv_tee, "src_%u");
  gst_pad_link (recording->send_tee_pad, send_sink);
  gst_pad_link (recording->recv_tee_pad, recv_sink);
  self->recording = recording;
  if (!running)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                           _("The recording could not start"));
      finish_recording (self);
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  return TRUE;
}

void
wcc_media_session_stop_recording (WccMediaSession *self)
{
  Recording *recording;

  g_return_if_fail (WCC_IS_MEDIA_SESSION (self));

  recording = self->recording;
  if (recording == NULL || recording->stopping)
    return;
  recording->stopping = TRUE;
  recording->guard = wcc_loop_source_attach (self->context, RECORDING_STOP_GUARD_MS, on_recording_guard, self, NULL);
  gst_pad_add_probe (recording->send_tee_pad, GST_PAD_PROBE_TYPE_IDLE, on_recording_pad_idle,
                     recording->send_sink, NULL);
  gst_pad_add_probe (recording->recv_tee_pad, GST_PAD_PROBE_TYPE_IDLE, on_recording_pad_idle,
                     recording->recv_sink, NULL);
}

void
wcc_media_session_stop (WccMediaSession *self)
{
  g_return_if_fail (WCC_IS_MEDIA_SESSION (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  if (self->recording != NULL && self->started)
    {
      /* The file is finished first; the session stays alive until it is. */
      self->stop_after_recording = TRUE;
      g_object_ref (self);
      wcc_media_session_stop_recording (self);
      return;
    }
  teardown (self);
}
