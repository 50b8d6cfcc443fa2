/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-supervision-mixer.c: the server's media for supervised calls: one GStreamer pipeline
 * per call on the main loop. Each party's RTP is decoded to 16 kHz mono into a tee; each
 * party's output is an audiomixer fed by the other two parties (pads muted per mode) and a
 * live silence source (so it runs at the clock even when nobody speaks), encoded with that
 * party's codec and sent from the socket its RTP arrives on (symmetric RTP). */
#define G_LOG_DOMAIN "wcc-supervision"

#include "config.h"

#include <gio/gio.h>
#include <gst/gst.h>

#include "wcc-error.h"
#include "wcc-sdp.h"
#include "wcc-supervision-mixer.h"

#define MIX_CAPS "audio/x-raw,format=S16LE,rate=16000,channels=1,layout=interleaved"
#define JITTER_MS 60

typedef struct {
  const char *encoding;   /* as in SDP */
  const char *caps_name;  /* encoding-name in RTP caps */
  const char *depay;
  const char *decoder;
  const char *encoder;
  const char *pay;
} MixCodec;

/* What the server can mix, in the order it offers them. */
static const MixCodec mix_codecs[] = {
  { "opus", "OPUS", "rtpopusdepay", "opusdec", "opusenc", "rtpopuspay" },
  { "G722", "G722", "rtpg722depay", "avdec_g722", "avenc_g722", "rtpg722pay" },
  { "PCMU", "PCMU", "rtppcmudepay", "mulawdec", "mulawenc", "rtppcmupay" },
  { "PCMA", "PCMA", "rtppcmadepay", "alawdec", "alawenc", "rtppcmapay" },
};

typedef struct {
  GSocket        *rtp;
  GSocket        *rtcp;
  guint16         port;
  guint64         session_id;
  guint64         version;
  const MixCodec *codec;        /* NULL until the party answered */
  guint8          payload_type;
  guint           clock_rate;
  char           *remote_host;
  guint16         remote_port;
  GstElement     *sink;         /* its udpsink, once running */
  GstElement     *valve;        /* before its udpsink */
  GstPad         *hears[WCC_MIX_N_PARTIES];  /* its mixer's pad fed by each other party */
} Party;

struct _WccSupervisionMixer
{
  char               *address;
  Party               parties[WCC_MIX_N_PARTIES];
  GstElement         *pipeline;
  guint               bus_watch;
  WccSupervisionMode  mode;
};

static const char *const mode_names[] = { "none", "listen", "whisper", "barge" };

int
wcc_supervision_mode_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (name, mode_names[i]) == 0)
      return (int) i;
  return -1;
}

const char *
wcc_supervision_mode_to_string (WccSupervisionMode mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (mode_names), NULL);
  return mode_names[mode];
}

static gboolean
codec_available (const MixCodec *codec)
{
  const char *elements[] = { codec->depay, codec->decoder, codec->encoder, codec->pay };

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (elements[i]);
      if (factory == NULL)
        return FALSE;
    }
  return TRUE;
}

static const MixCodec *
find_codec (const char *encoding)
{
  for (guint i = 0; encoding != NULL && i < G_N_ELEMENTS (mix_codecs); i++)
    if (g_ascii_strcasecmp (mix_codecs[i].encoding, encoding) == 0 && codec_available (&mix_codecs[i]))
      return &mix_codecs[i];
  return NULL;
}

static GSocket *
bind_udp (GInetAddress *address,
          guint16       port,
          GError      **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, error);
  g_autoptr(GSocketAddress) where = NULL;

  if (socket == NULL)
    return NULL;
  where = g_inet_socket_address_new (address, port);
  if (!g_socket_bind (socket, where, FALSE, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* An even RTP port and RTCP on the next one, as RFC 3550 expects when a=rtcp is absent. */
static gboolean
bind_pair (const char *host,
           Party      *party,
           GError    **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, "Not an IP address: %s", host);
      return FALSE;
    }
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GSocket) rtp = bind_udp (address, 0, error);
      g_autoptr(GSocketAddress) local = NULL;
      guint16 port;

      if (rtp == NULL)
        return FALSE;
      local = g_socket_get_local_address (rtp, error);
      if (local == NULL)
        return FALSE;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
      if (port % 2 != 0 || port == G_MAXUINT16)
        continue;
      party->rtcp = bind_udp (address, port + 1, NULL);
      if (party->rtcp == NULL)
        continue;
      party->rtp = g_steal_pointer (&rtp);
      party->port = port;
      return TRUE;
    }
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, "No free RTP port pair");
  return FALSE;
}

void
wcc_supervision_mixer_init (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

WccSupervisionMixer *
wcc_supervision_mixer_new (const char *address,
                           GError    **error)
{
  g_autoptr(WccSupervisionMixer) self = g_new0 (WccSupervisionMixer, 1);

  wcc_supervision_mixer_init ();
  self->address = g_strdup (address);
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    {
      Party *party = &self->parties[i];

      if (!bind_pair (address, party, error))
        return NULL;
      party->session_id = g_random_int ();
      party->version = 1;
    }
  return g_steal_pointer (&self);
}

static void
mixer_stop (WccSupervisionMixer *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
        {
          Party *party = &self->parties[i];

          party->sink = NULL;
          party->valve = NULL;
          for (guint j = 0; j < WCC_MIX_N_PARTIES; j++)
            g_clear_object (&party->hears[j]);
        }
      g_clear_object (&self->pipeline);
    }
}

void
wcc_supervision_mixer_free (WccSupervisionMixer *self)
{
  if (self == NULL)
    return;
  mixer_stop (self);
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    {
      Party *party = &self->parties[i];

      if (party->rtp != NULL)
        g_socket_close (party->rtp, NULL);
      if (party->rtcp != NULL)
        g_socket_close (party->rtcp, NULL);
      g_clear_object (&party->rtp);
      g_clear_object (&party->rtcp);
      g_free (party->remote_host);
    }
  g_free (self->address);
  g_free (self);
}

static WccSdpCaps
mix_caps (const char **codecs)
{
  WccSdpCaps caps = { .codecs = codecs, .telephone_event = FALSE, .ptime = 20 };

  return caps;
}

char *
wcc_supervision_mixer_offer (WccSupervisionMixer *self,
                             WccMixParty          party_index,
                             const char          *current_sdp)
{
  Party *party = &self->parties[party_index];
  const char *codecs[G_N_ELEMENTS (mix_codecs) + 1] = { NULL };
  guint n = 0;
  g_autoptr(WccSdp) offer = NULL;
  WccSdpCaps caps;

  if (party->codec != NULL && self->pipeline != NULL)
    codecs[n++] = party->codec->encoding;
  else
    {
      g_autoptr(WccSdp) current = current_sdp ? wcc_sdp_parse (current_sdp, NULL) : NULL;
      const WccSdpCodec *used = current ? wcc_sdp_get_audio_codec (current) : NULL;
      const MixCodec *first = used ? find_codec (used->encoding) : NULL;

      if (first != NULL)
        codecs[n++] = first->encoding;
      for (guint i = 0; i < G_N_ELEMENTS (mix_codecs); i++)
        if (&mix_codecs[i] != first && codec_available (&mix_codecs[i]))
          codecs[n++] = mix_codecs[i].encoding;
    }
  caps = mix_caps (codecs);
  offer = wcc_sdp_make_offer (&caps, self->address, party->port, WCC_SDP_SENDRECV,
                              party->session_id, ++party->version);
  return wcc_sdp_to_string (offer);
}

/* Points a running party's output at its (new) address. */
static void
apply_remote (Party *party)
{
  if (party->sink != NULL)
    g_object_set (party->sink, "host", party->remote_host, "port", (int) party->remote_port, NULL);
}

static gboolean
take_remote (WccSupervisionMixer *self,
             Party               *party,
             const WccSdp        *sdp,
             GError             **error)
{
  const WccSdpCodec *codec = wcc_sdp_get_audio_codec (sdp);
  const MixCodec *mix = codec ? find_codec (codec->encoding) : NULL;

  if (sdp->port == 0 || sdp->address == NULL || mix == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "No audio stream the server can mix");
      return FALSE;
    }
  if (self->pipeline != NULL && mix != party->codec)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "The codec cannot change to %s while mixed",
                   codec->encoding);
      return FALSE;
    }
  party->codec = mix;
  party->payload_type = codec->payload_type;
  party->clock_rate = codec->clock_rate;
  g_free (party->remote_host);
  party->remote_host = g_strdup (sdp->address);
  party->remote_port = sdp->port;
  apply_remote (party);
  return TRUE;
}

gboolean
wcc_supervision_mixer_set_remote (WccSupervisionMixer *self,
                                  WccMixParty          party_index,
                                  const char          *text,
                                  GError             **error)
{
  g_autoptr(WccSdp) sdp = text ? wcc_sdp_parse (text, error) : NULL;

  if (text == NULL)
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "No SDP");
  if (sdp == NULL)
    return FALSE;
  return take_remote (self, &self->parties[party_index], sdp, error);
}

char *
wcc_supervision_mixer_answer (WccSupervisionMixer *self,
                              WccMixParty          party_index,
                              const char          *text,
                              GError             **error)
{
  Party *party = &self->parties[party_index];
  const char *codecs[2] = { party->codec ? party->codec->encoding : NULL, NULL };
  g_autoptr(WccSdp) offer = text ? wcc_sdp_parse (text, error) : NULL;
  g_autoptr(WccSdp) answer = NULL;
  WccSdpCaps caps = mix_caps (codecs);

  if (text == NULL)
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "No SDP");
  if (offer == NULL || party->codec == NULL)
    {
      if (offer != NULL)
        g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "Not anchored yet");
      return NULL;
    }
  answer = wcc_sdp_make_answer (offer, &caps, self->address, party->port, WCC_SDP_SENDRECV,
                                party->session_id, ++party->version, error);
  if (answer == NULL || !take_remote (self, party, offer, error))
    return NULL;
  return wcc_sdp_to_string (answer);
}

gboolean
wcc_supervision_mixer_has_remote (WccSupervisionMixer *self,
                                  WccMixParty          party)
{
  return self->parties[party].codec != NULL;
}

gboolean
wcc_supervision_mixer_is_running (WccSupervisionMixer *self)
{
  return self->pipeline != NULL;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_warning ("supervision mix: %s (%s)", error->message, debug ? debug : "");
    }
  return G_SOURCE_CONTINUE;
}

static char *
pipeline_description (WccSupervisionMixer *self)
{
  GString *desc = g_string_new (NULL);

  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    {
      Party *party = &self->parties[i];
      const MixCodec *codec = party->codec;

      /* In: RTP → 16 kHz mono → tee. */
      g_string_append_printf (desc,
                              "udpsrc name=src%u caps=\"application/x-rtp,media=audio,clock-rate=%u,"
                              "encoding-name=%s,payload=%u\" ! rtpjitterbuffer latency=%u ! %s ! %s "
                              "! audioconvert ! audioresample ! " MIX_CAPS " ! tee name=t%u allow-not-linked=true ",
                              i, party->clock_rate, codec->caps_name, party->payload_type, JITTER_MS,
                              codec->depay, codec->decoder, i);
      /* Out: the mix → codec → RTP from the same socket. */
      g_string_append_printf (desc,
                              "audiomixer name=m%u ! " MIX_CAPS " ! audioconvert ! audioresample ! %s "
                              "! %s pt=%u min-ptime=20000000 max-ptime=20000000 ! valve name=v%u drop=false "
                              "! udpsink name=sink%u sync=false async=false ",
                              i, codec->encoder, codec->pay, party->payload_type, i, i);
      g_string_append_printf (desc, "audiotestsrc is-live=true wave=silence ! " MIX_CAPS " ! m%u. ", i);
      /* RTCP from the party is read and dropped. */
      g_string_append_printf (desc, "udpsrc name=rtcp%u ! fakesink sync=false async=false ", i);
    }
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    for (guint j = 0; j < WCC_MIX_N_PARTIES; j++)
      if (i != j)
        g_string_append_printf (desc, "t%u. ! queue name=q%u_%u max-size-time=200000000 leaky=downstream ! m%u. ",
                                j, j, i, i);
  return g_string_free (desc, FALSE);
}

static GstElement *
by_name (GstElement *pipeline,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *name = NULL;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  return gst_bin_get_by_name (GST_BIN (pipeline), name);
}

static void
apply_mode (WccSupervisionMixer *self)
{
  WccSupervisionMode mode = self->mode;
  /* hears[listener][speaker] */
  gboolean hears[WCC_MIX_N_PARTIES][WCC_MIX_N_PARTIES] = { { FALSE } };

  hears[WCC_MIX_CUSTOMER][WCC_MIX_AGENT] = TRUE;
  hears[WCC_MIX_AGENT][WCC_MIX_CUSTOMER] = TRUE;
  hears[WCC_MIX_CUSTOMER][WCC_MIX_LEADER] = mode == WCC_SUPERVISION_BARGE;
  hears[WCC_MIX_AGENT][WCC_MIX_LEADER] = mode == WCC_SUPERVISION_WHISPER || mode == WCC_SUPERVISION_BARGE;
  hears[WCC_MIX_LEADER][WCC_MIX_CUSTOMER] = mode != WCC_SUPERVISION_NONE;
  hears[WCC_MIX_LEADER][WCC_MIX_AGENT] = mode != WCC_SUPERVISION_NONE;
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    for (guint j = 0; j < WCC_MIX_N_PARTIES; j++)
      if (self->parties[i].hears[j] != NULL)
        g_object_set (self->parties[i].hears[j], "mute", !hears[i][j], NULL);
  /* Without a supervisor nothing goes to the leader's old address. */
  if (self->parties[WCC_MIX_LEADER].valve != NULL)
    g_object_set (self->parties[WCC_MIX_LEADER].valve, "drop", mode == WCC_SUPERVISION_NONE, NULL);
}

gboolean
wcc_supervision_mixer_start (WccSupervisionMixer *self,
                             GError             **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;

  if (self->pipeline != NULL)
    return TRUE;
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    if (self->parties[i].codec == NULL)
      {
        g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, "A party has no media yet");
        return FALSE;
      }
  description = pipeline_description (self);
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;
  self->pipeline = pipeline;
  for (guint i = 0; i < WCC_MIX_N_PARTIES; i++)
    {
      Party *party = &self->parties[i];
      g_autoptr(GstElement) src = by_name (pipeline, "src%u", i);
      g_autoptr(GstElement) rtcp = by_name (pipeline, "rtcp%u", i);

      g_object_set (src, "socket", party->rtp, "close-socket", FALSE, NULL);
      g_object_set (rtcp, "socket", party->rtcp, "close-socket", FALSE, NULL);
      party->sink = by_name (pipeline, "sink%u", i);
      party->valve = by_name (pipeline, "v%u", i);
      /* The pipeline keeps them alive: plain pointers. */
      g_object_unref (party->sink);
      g_object_unref (party->valve);
      g_object_set (party->sink, "socket", party->rtp, "close-socket", FALSE, NULL);
      apply_remote (party);
      for (guint j = 0; j < WCC_MIX_N_PARTIES; j++)
        if (i != j)
          {
            g_autoptr(GstElement) queue = by_name (pipeline, "q%u_%u", j, i);
            g_autoptr(GstPad) src_pad = gst_element_get_static_pad (queue, "src");

            party->hears[j] = gst_pad_get_peer (src_pad);
          }
    }
  apply_mode (self);
  bus = gst_element_get_bus (pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INTERNAL, "The supervision mix did not start");
      mixer_stop (self);
      return FALSE;
    }
  g_debug ("mixing: customer %s:%u, agent %s:%u, leader %s:%u",
           self->parties[0].remote_host, self->parties[0].remote_port,
           self->parties[1].remote_host, self->parties[1].remote_port,
           self->parties[2].remote_host, self->parties[2].remote_port);
  return TRUE;
}

void
wcc_supervision_mixer_set_mode (WccSupervisionMixer *self,
                                WccSupervisionMode   mode)
{
  self->mode = mode;
  apply_mode (self);
}
