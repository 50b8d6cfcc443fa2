/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sdp.c: SDP offers and answers for one audio stream, built and parsed by pure functions. */
#define G_LOG_DOMAIN "wcc-sdp"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-sdp.h"

/* SDES key material for AES_CM_128: a 16-byte key and a 14-byte salt. */
#define SRTP_KEY_SALT_LEN 30

typedef struct {
  guint8      payload_type;
  const char *encoding;
  guint       clock_rate;
} StaticPayload;

/* RFC 3551's static payload types that a peer may list without an a=rtpmap line. */
static const StaticPayload static_payloads[] = {
  { 0, "PCMU", 8000 },
  { 3, "GSM", 8000 },
  { 4, "G723", 8000 },
  { 8, "PCMA", 8000 },
  { 9, "G722", 8000 },
  { 18, "G729", 8000 },
};

static const char *const supported_crypto_suites[] = {
  "AES_CM_128_HMAC_SHA1_80",
  "AES_CM_128_HMAC_SHA1_32",
};

static WccSdpCrypto *
crypto_new (guint       tag,
            const char *suite,
            const char *key_params)
{
  WccSdpCrypto *crypto = g_new0 (WccSdpCrypto, 1);

  crypto->tag = tag;
  crypto->suite = g_strdup (suite);
  crypto->key_params = g_strdup (key_params);
  return crypto;
}

static void
crypto_free (WccSdpCrypto *crypto)
{
  if (crypto == NULL)
    return;
  g_free (crypto->suite);
  if (crypto->key_params != NULL)
    explicit_bzero (crypto->key_params, strlen (crypto->key_params));
  g_free (crypto->key_params);
  g_free (crypto);
}

static WccSdpCodec *
codec_copy (const WccSdpCodec *codec)
{
  return wcc_sdp_codec_new (codec->payload_type, codec->encoding, codec->clock_rate,
                            codec->channels, codec->fmtp);
}

/* A fresh SDES key: 30 bytes from the kernel's CSPRNG, base64-encoded. */
static char *
make_crypto_key_params (void)
{
  guint8 key[SRTP_KEY_SALT_LEN];
  gsize got = 0;
  g_autofree char *b64 = NULL;
  char *params;

  while (got < sizeof key)
    {
      ssize_t n = getrandom (key + got, sizeof key - got, 0);
      if (n < 0)
        {
          /* Without a random source no key can be safe: nothing sensible to fall back to. */
          if (errno == EINTR)
            continue;
          g_error ("getrandom failed: %s", g_strerror (errno));
        }
      got += (gsize) n;
    }
  b64 = g_base64_encode (key, sizeof key);
  explicit_bzero (key, sizeof key);
  params = g_strconcat ("inline:", b64, NULL);
  explicit_bzero (b64, strlen (b64));
  return params;
}

static gboolean
crypto_suite_supported (const char *suite)
{
  for (guint i = 0; i < G_N_ELEMENTS (supported_crypto_suites); i++)
    if (g_strcmp0 (suite, supported_crypto_suites[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "inline:KEY[|lifetime][|MKI:len]" carries a 30-byte key and salt. */
static gboolean
crypto_key_params_valid (const char *key_params)
{
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  const char *bar;
  gsize len = 0;
  gboolean valid;

  if (key_params == NULL || !g_str_has_prefix (key_params, "inline:"))
    return FALSE;
  bar = strchr (key_params, '|');
  b64 = bar ? g_strndup (key_params + 7, (gsize) (bar - key_params - 7)) : g_strdup (key_params + 7);
  if (*b64 == '\0' || strspn (b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != strlen (b64))
    return FALSE;
  raw = g_base64_decode (b64, &len);
  valid = len == SRTP_KEY_SALT_LEN;
  if (raw != NULL)
    explicit_bzero (raw, len);
  explicit_bzero (b64, strlen (b64));
  return valid;
}

static void
direction_bits (WccSdpDirection  direction,
                gboolean        *send,
                gboolean        *recv)
{
  *send = direction == WCC_SDP_SENDRECV || direction == WCC_SDP_SENDONLY;
  *recv = direction == WCC_SDP_SENDRECV || direction == WCC_SDP_RECVONLY;
}

static WccSdpDirection
direction_from_bits (gboolean send,
                     gboolean recv)
{
  if (send && recv)
    return WCC_SDP_SENDRECV;
  if (send)
    return WCC_SDP_SENDONLY;
  if (recv)
    return WCC_SDP_RECVONLY;
  return WCC_SDP_INACTIVE;
}

static gboolean
parse_direction (const char      *attribute,
                 WccSdpDirection *direction)
{
  if (strcmp (attribute, "sendrecv") == 0)
    *direction = WCC_SDP_SENDRECV;
  else if (strcmp (attribute, "sendonly") == 0)
    *direction = WCC_SDP_SENDONLY;
  else if (strcmp (attribute, "recvonly") == 0)
    *direction = WCC_SDP_RECVONLY;
  else if (strcmp (attribute, "inactive") == 0)
    *direction = WCC_SDP_INACTIVE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  return text != NULL && *text != '\0'
         && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

static gboolean
fail (GError    **error,
      guint       line_number,
      const char *message)
{
  if (line_number > 0)
    g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL, _("Invalid SDP at line %u: %s"),
                 line_number, message);
  else
    g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL, _("Invalid SDP: %s"), message);
  return FALSE;
}

/* "IN IP4 192.0.2.1" or "IN IP6 ::1" → the address. */
static char *
parse_connection (const char *value)
{
  g_auto(GStrv) tokens = g_strsplit_set (value, " ", -1);

  if (g_strv_length (tokens) < 3 || strcmp (tokens[0], "IN") != 0
      || (strcmp (tokens[1], "IP4") != 0 && strcmp (tokens[1], "IP6") != 0)
      || *tokens[2] == '\0')
    return NULL;
  /* Multicast addresses carry "/ttl": the address alone is what matters here. */
  return g_strndup (tokens[2], strcspn (tokens[2], "/"));
}

typedef struct {
  guint8  payload_type;
  char   *encoding;
  guint   clock_rate;
  guint   channels;
} RtpMap;

static void
rtpmap_free (gpointer data)
{
  RtpMap *map = data;

  g_free (map->encoding);
  g_free (map);
}

/* "0 PCMU/8000" or "111 opus/48000/2". */
static RtpMap *
parse_rtpmap (const char *value)
{
  g_auto(GStrv) halves = g_strsplit (value, " ", 2);
  g_auto(GStrv) parts = NULL;
  guint64 pt, rate, channels = 1;
  RtpMap *map;

  if (g_strv_length (halves) != 2 || !parse_uint (halves[0], 127, &pt))
    return NULL;
  parts = g_strsplit (g_strstrip (halves[1]), "/", -1);
  if (g_strv_length (parts) < 2 || g_strv_length (parts) > 3 || *parts[0] == '\0'
      || !parse_uint (parts[1], G_MAXUINT32, &rate) || rate == 0)
    return NULL;
  if (parts[2] != NULL && (!parse_uint (parts[2], 255, &channels) || channels == 0))
    return NULL;
  map = g_new0 (RtpMap, 1);
  map->payload_type = (guint8) pt;
  map->encoding = g_strdup (parts[0]);
  map->clock_rate = (guint) rate;
  map->channels = (guint) channels;
  return map;
}

WccSdp *
wcc_sdp_new (void)
{
  WccSdp *sdp = g_new0 (WccSdp, 1);

  sdp->origin_user = g_strdup ("-");
  sdp->codecs = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_sdp_codec_free);
  sdp->cryptos = g_ptr_array_new_with_free_func ((GDestroyNotify) crypto_free);
  sdp->other_media = g_ptr_array_new_with_free_func (g_free);
  sdp->direction = WCC_SDP_SENDRECV;
  return sdp;
}

void
wcc_sdp_free (WccSdp *sdp)
{
  if (sdp == NULL)
    return;
  g_free (sdp->origin_user);
  g_free (sdp->address);
  g_ptr_array_unref (sdp->codecs);
  g_ptr_array_unref (sdp->cryptos);
  g_ptr_array_unref (sdp->other_media);
  g_free (sdp);
}

WccSdpCodec *
wcc_sdp_codec_new (guint8      payload_type,
                   const char *encoding,
                   guint       clock_rate,
                   guint       channels,
                   const char *fmtp)
{
  WccSdpCodec *codec;

  g_return_val_if_fail (encoding != NULL, NULL);

  codec = g_new0 (WccSdpCodec, 1);
  codec->payload_type = payload_type;
  codec->encoding = g_strdup (encoding);
  codec->clock_rate = clock_rate;
  codec->channels = channels > 0 ? channels : 1;
  codec->fmtp = g_strdup (fmtp);
  return codec;
}

void
wcc_sdp_codec_free (WccSdpCodec *codec)
{
  if (codec == NULL)
    return;
  g_free (codec->encoding);
  g_free (codec->fmtp);
  g_free (codec);
}

typedef struct {
  WccSdp          *sdp;
  gboolean         have_origin;
  char            *session_address;
  char            *media_address;
  WccSdpDirection  session_direction;
  gboolean         have_session_direction;
  gboolean         have_media_direction;
  gboolean         have_rtcp;
  GArray          *formats;    /* guint8 payload types of the audio m= line */
  GHashTable      *rtpmaps;    /* payload type → RtpMap */
  GHashTable      *fmtps;      /* payload type → char* */
  guint            media_count;
  gboolean         in_audio;   /* the current m= section is the audio stream we use */
  gboolean         have_audio;
} ParseState;

static gboolean
parse_origin (ParseState  *state,
              const char  *value,
              guint        line_number,
              GError     **error)
{
  g_auto(GStrv) tokens = g_strsplit (value, " ", -1);
  guint64 id, version;

  if (g_strv_length (tokens) != 6 || *tokens[0] == '\0'
      || !parse_uint (tokens[1], G_MAXUINT64, &id)
      || !parse_uint (tokens[2], G_MAXUINT64, &version))
    return fail (error, line_number, _("the origin line is malformed"));
  g_free (state->sdp->origin_user);
  state->sdp->origin_user = g_strdup (tokens[0]);
  state->sdp->session_id = id;
  state->sdp->session_version = version;
  state->have_origin = TRUE;
  return TRUE;
}

static gboolean
parse_media (ParseState  *state,
             const char  *value,
             guint        line_number,
             GError     **error)
{
  g_auto(GStrv) tokens = g_strsplit (value, " ", -1);
  g_autofree char *port_text = NULL;
  guint64 port;
  gboolean is_rtp;

  state->in_audio = FALSE;
  state->media_count++;
  if (g_strv_length (tokens) < 4 || *tokens[0] == '\0')
    return fail (error, line_number, _("the media line is malformed"));
  port_text = g_strndup (tokens[1], strcspn (tokens[1], "/"));
  if (!parse_uint (port_text, 65535, &port))
    return fail (error, line_number, _("the media port is not a number from 0 to 65535"));

  is_rtp = g_str_has_prefix (tokens[2], "RTP/");
  if (state->have_audio || strcmp (tokens[0], "audio") != 0 || !is_rtp)
    {
      /* Kept verbatim so that an answer can reject it at the same position. */
      g_ptr_array_add (state->sdp->other_media, g_strdup (value));
      return TRUE;
    }

  state->have_audio = TRUE;
  state->in_audio = TRUE;
  state->sdp->audio_index = state->media_count - 1;
  state->sdp->port = (guint16) port;
  state->sdp->secure = strstr (tokens[2], "SAVP") != NULL;
  for (guint i = 3; tokens[i] != NULL; i++)
    {
      guint64 pt;
      guint8 pt8;

      if (*tokens[i] == '\0')
        continue;
      if (!parse_uint (tokens[i], 127, &pt))
        return fail (error, line_number, _("a payload type is not a number from 0 to 127"));
      pt8 = (guint8) pt;
      g_array_append_val (state->formats, pt8);
    }
  return TRUE;
}

static gboolean
parse_attribute (ParseState  *state,
                 const char  *value,
                 guint        line_number,
                 GError     **error)
{
  const char *colon = strchr (value, ':');
  g_autofree char *name = colon ? g_strndup (value, (gsize) (colon - value)) : g_strdup (value);
  const char *arg = colon ? colon + 1 : NULL;
  WccSdpDirection direction;

  if (parse_direction (name, &direction))
    {
      if (state->media_count == 0)
        {
          state->session_direction = direction;
          state->have_session_direction = TRUE;
        }
      else if (state->in_audio)
        {
          state->sdp->direction = direction;
          state->have_media_direction = TRUE;
        }
      return TRUE;
    }
  if (!state->in_audio || arg == NULL)
    return TRUE;

  if (strcmp (name, "rtpmap") == 0)
    {
      RtpMap *map = parse_rtpmap (arg);
      if (map == NULL)
        return fail (error, line_number, _("an rtpmap attribute is malformed"));
      g_hash_table_replace (state->rtpmaps, GUINT_TO_POINTER (map->payload_type), map);
    }
  else if (strcmp (name, "fmtp") == 0)
    {
      g_auto(GStrv) halves = g_strsplit (arg, " ", 2);
      guint64 pt;
      if (g_strv_length (halves) != 2 || !parse_uint (halves[0], 127, &pt))
        return fail (error, line_number, _("an fmtp attribute is malformed"));
      g_hash_table_replace (state->fmtps, GUINT_TO_POINTER ((guint) pt),
                            g_strdup (g_strstrip (halves[1])));
    }
  else if (strcmp (name, "ptime") == 0)
    {
      guint64 ptime;
      if (!parse_uint (arg, 1000, &ptime))
        return fail (error, line_number, _("the ptime attribute is malformed"));
      state->sdp->ptime = (guint) ptime;
    }
  else if (strcmp (name, "rtcp") == 0)
    {
      g_autofree char *port_text = g_strndup (arg, strcspn (arg, " "));
      guint64 port;
      if (!parse_uint (port_text, 65535, &port) || port == 0)
        return fail (error, line_number, _("the rtcp attribute is malformed"));
      state->sdp->rtcp_port = (guint16) port;
      state->have_rtcp = TRUE;
    }
  else if (strcmp (name, "crypto") == 0)
    {
      g_auto(GStrv) tokens = g_strsplit (arg, " ", -1);
      guint64 tag;
      if (g_strv_length (tokens) < 3 || !parse_uint (tokens[0], 999999999, &tag)
          || *tokens[1] == '\0' || *tokens[2] == '\0')
        return fail (error, line_number, _("a crypto attribute is malformed"));
      g_ptr_array_add (state->sdp->cryptos, crypto_new ((guint) tag, tokens[1], tokens[2]));
    }
  return TRUE;
}

static gboolean
parse_line (ParseState  *state,
            char         type,
            const char  *value,
            guint        line_number,
            GError     **error)
{
  switch (type)
    {
    case 'o':
      return state->media_count == 0 ? parse_origin (state, value, line_number, error) : TRUE;
    case 'c':
      {
        g_autofree char *address = parse_connection (value);
        if (address == NULL)
          return fail (error, line_number, _("the connection line is malformed"));
        if (state->media_count == 0)
          {
            g_free (state->session_address);
            state->session_address = g_steal_pointer (&address);
          }
        else if (state->in_audio)
          {
            g_free (state->media_address);
            state->media_address = g_steal_pointer (&address);
          }
        return TRUE;
      }
    case 'm':
      return parse_media (state, value, line_number, error);
    case 'a':
      return parse_attribute (state, value, line_number, error);
    default:
      /* s=, t=, b=, i=, u=, e=, p=, k=, r=, z= carry nothing this phone uses. */
      return TRUE;
    }
}

static void
collect_codecs (ParseState *state)
{
  for (guint i = 0; i < state->formats->len; i++)
    {
      guint8 pt = g_array_index (state->formats, guint8, i);
      RtpMap *map = g_hash_table_lookup (state->rtpmaps, GUINT_TO_POINTER ((guint) pt));
      const char *fmtp = g_hash_table_lookup (state->fmtps, GUINT_TO_POINTER ((guint) pt));

      if (map != NULL)
        {
          g_ptr_array_add (state->sdp->codecs,
                           wcc_sdp_codec_new (pt, map->encoding, map->clock_rate,
                                              map->channels, fmtp));
          continue;
        }
      for (guint j = 0; j < G_N_ELEMENTS (static_payloads); j++)
        if (static_payloads[j].payload_type == pt)
          g_ptr_array_add (state->sdp->codecs,
                           wcc_sdp_codec_new (pt, static_payloads[j].encoding,
                                              static_payloads[j].clock_rate, 1, fmtp));
      /* A dynamic payload type without a rtpmap cannot be decoded: it is left out. */
    }
}

WccSdp *
wcc_sdp_parse (const char  *text,
               GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(WccSdp) sdp = NULL;
  g_autoptr(GArray) formats = NULL;
  g_autoptr(GHashTable) rtpmaps = NULL;
  g_autoptr(GHashTable) fmtps = NULL;
  g_autofree char *session_address = NULL;
  g_autofree char *media_address = NULL;
  gboolean seen_version = FALSE;
  ParseState state = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sdp = wcc_sdp_new ();
  formats = g_array_new (FALSE, FALSE, sizeof (guint8));
  rtpmaps = g_hash_table_new_full (NULL, NULL, NULL, rtpmap_free);
  fmtps = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  state.sdp = sdp;
  state.formats = formats;
  state.rtpmaps = rtpmaps;
  state.fmtps = fmtps;

  if (!g_utf8_validate (text, -1, NULL))
    {
      fail (error, 0, _("the body is not valid UTF-8"));
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        continue;
      if (len < 2 || line[1] != '=' || !g_ascii_islower (line[0]))
        {
          ok = fail (error, i + 1, _("a line is not of the form type=value"));
          break;
        }
      if (!seen_version)
        {
          if (strcmp (line, "v=0") != 0)
            {
              ok = fail (error, i + 1, _("the first line must be v=0"));
              break;
            }
          seen_version = TRUE;
          continue;
        }
      ok = parse_line (&state, line[0], line + 2, i + 1, error);
    }
  session_address = state.session_address;
  media_address = state.media_address;
  if (!ok)
    return NULL;

  if (!seen_version)
    {
      fail (error, 0, _("the body is empty"));
      return NULL;
    }
  if (!state.have_origin)
    {
      fail (error, 0, _("the origin line is missing"));
      return NULL;
    }
  if (!state.have_audio)
    {
      fail (error, 0, _("there is no audio stream"));
      return NULL;
    }

  sdp->address = g_strdup (media_address ? media_address : session_address);
  if (sdp->address == NULL && sdp->port != 0)
    {
      fail (error, 0, _("the audio stream has no connection address"));
      return NULL;
    }
  if (!state.have_media_direction && state.have_session_direction)
    sdp->direction = state.session_direction;
  if (!state.have_rtcp)
    sdp->rtcp_port = sdp->port != 0 && sdp->port < 65535 ? sdp->port + 1 : 0;
  collect_codecs (&state);
  if (sdp->codecs->len == 0 && sdp->port != 0)
    {
      fail (error, 0, _("the audio stream has no usable payload type"));
      return NULL;
    }
  return g_steal_pointer (&sdp);
}

static void
append_audio (GString      *out,
              const WccSdp *sdp)
{
  g_string_append_printf (out, "m=audio %u %s", sdp->port,
                          sdp->secure ? "RTP/SAVP" : "RTP/AVP");
  for (guint i = 0; i < sdp->codecs->len; i++)
    g_string_append_printf (out, " %u", ((WccSdpCodec *) sdp->codecs->pdata[i])->payload_type);
  if (sdp->codecs->len == 0)
    g_string_append (out, " 0");
  g_string_append (out, "\r\n");
  for (guint i = 0; i < sdp->codecs->len; i++)
    {
      const WccSdpCodec *codec = sdp->codecs->pdata[i];
      g_string_append_printf (out, "a=rtpmap:%u %s/%u", codec->payload_type, codec->encoding,
                              codec->clock_rate);
      if (codec->channels > 1)
        g_string_append_printf (out, "/%u", codec->channels);
      g_string_append (out, "\r\n");
      if (codec->fmtp != NULL)
        g_string_append_printf (out, "a=fmtp:%u %s\r\n", codec->payload_type, codec->fmtp);
    }
  if (sdp->ptime > 0)
    g_string_append_printf (out, "a=ptime:%u\r\n", sdp->ptime);
  if (sdp->port != 0 && sdp->rtcp_port != 0 && sdp->rtcp_port != sdp->port + 1)
    g_string_append_printf (out, "a=rtcp:%u\r\n", sdp->rtcp_port);
  for (guint i = 0; i < sdp->cryptos->len; i++)
    {
      const WccSdpCrypto *crypto = sdp->cryptos->pdata[i];
      g_string_append_printf (out, "a=crypto:%u %s %s\r\n", crypto->tag, crypto->suite,
                              crypto->key_params);
    }
  g_string_append_printf (out, "a=%s\r\n", wcc_sdp_direction_to_string (sdp->direction));
}

char *
wcc_sdp_to_string (const WccSdp *sdp)
{
  GString *out;
  const char *address;
  const char *family;
  guint media_total;
  guint other = 0;

  g_return_val_if_fail (sdp != NULL, NULL);

  address = sdp->address ? sdp->address : "0.0.0.0";
  family = strchr (address, ':') ? "IP6" : "IP4";
  out = g_string_new ("v=0\r\n");
  g_string_append_printf (out, "o=%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " IN %s %s\r\n",
                          sdp->origin_user ? sdp->origin_user : "-", sdp->session_id,
                          sdp->session_version, family, address);
  g_string_append (out, "s=-\r\n");
  g_string_append_printf (out, "c=IN %s %s\r\n", family, address);
  g_string_append (out, "t=0 0\r\n");

  media_total = sdp->other_media->len + 1;
  for (guint i = 0; i < media_total; i++)
    {
      if (i == MIN (sdp->audio_index, media_total - 1))
        append_audio (out, sdp);
      else
        g_string_append_printf (out, "m=%s\r\n", (const char *) sdp->other_media->pdata[other++]);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  const char *encoding;     /* spelled as the RFCs register it */
  guint8      payload_type;
  guint       clock_rate;
  guint       channels;
} CodecDefault;

static const CodecDefault codec_defaults[] = {
  { "PCMU", 0, 8000, 1 },
  { "PCMA", 8, 8000, 1 },
  /* RFC 3551 keeps G.722's clock at 8000 although it samples at 16 kHz. */
  { "G722", 9, 8000, 1 },
  { "opus", 111, 48000, 2 },
  { "telephone-event", 101, 8000, 1 },
};

static const CodecDefault *
lookup_codec_default (const char *encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (codec_defaults); i++)
    if (g_ascii_strcasecmp (encoding, codec_defaults[i].encoding) == 0)
      return &codec_defaults[i];
  return NULL;
}

gboolean
wcc_sdp_codec_defaults (const char *encoding,
                        guint8     *out_payload_type,
                        guint      *out_clock_rate,
                        guint      *out_channels)
{
  const CodecDefault *entry;

  g_return_val_if_fail (encoding != NULL, FALSE);

  entry = lookup_codec_default (encoding);
  if (entry == NULL)
    return FALSE;
  if (out_payload_type)
    *out_payload_type = entry->payload_type;
  if (out_clock_rate)
    *out_clock_rate = entry->clock_rate;
  if (out_channels)
    *out_channels = entry->channels;
  return TRUE;
}

static const char *
default_fmtp (const char *encoding)
{
  if (g_ascii_strcasecmp (encoding, "opus") == 0)
    return "useinbandfec=1";
  if (g_ascii_strcasecmp (encoding, "telephone-event") == 0)
    return "0-16";
  return NULL;
}

static WccSdp *
sdp_new_for (const char *address,
             guint16     port,
             guint64     session_id,
             guint64     session_version)
{
  WccSdp *sdp = wcc_sdp_new ();

  sdp->session_id = session_id;
  sdp->session_version = session_version;
  sdp->address = g_strdup (address);
  sdp->port = port;
  sdp->rtcp_port = port != 0 && port < 65535 ? port + 1 : 0;
  return sdp;
}

static WccSdpCodec *
codec_new_default (const char *encoding)
{
  const CodecDefault *entry = lookup_codec_default (encoding);

  if (entry == NULL)
    return NULL;
  return wcc_sdp_codec_new (entry->payload_type, entry->encoding, entry->clock_rate,
                            entry->channels, default_fmtp (encoding));
}

/* telephone-event at @clock_rate: PT 101 at 8000 (what most peers expect), 102 at any
 * other rate (48000 beside opus, which has 111). */
static WccSdpCodec *
telephone_event_new (guint clock_rate)
{
  return wcc_sdp_codec_new (clock_rate == 8000 ? 101 : 102, "telephone-event", clock_rate, 1,
                            default_fmtp ("telephone-event"));
}

WccSdp *
wcc_sdp_make_offer (const WccSdpCaps *caps,
                    const char       *address,
                    guint16           port,
                    WccSdpDirection   direction,
                    guint64           session_id,
                    guint64           session_version)
{
  WccSdp *sdp;

  g_return_val_if_fail (caps != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  sdp = sdp_new_for (address, port, session_id, session_version);
  sdp->direction = direction;
  sdp->ptime = caps->ptime;
  for (guint i = 0; caps->codecs != NULL && caps->codecs[i] != NULL; i++)
    {
      WccSdpCodec *codec;

      if (g_ascii_strcasecmp (caps->codecs[i], "telephone-event") == 0)
        continue;
      codec = codec_new_default (caps->codecs[i]);
      if (codec != NULL)
        g_ptr_array_add (sdp->codecs, codec);
    }
  /* RFC 4733 §2.1: events share the audio's RTP clock (they go out in its stream, with its
   * timestamps), so each clock rate among the codecs gets its own telephone-event: 48000
   * beside opus, 8000 beside the G.711 and G.722 ones. */
  if (caps->telephone_event)
    {
      guint n_audio = sdp->codecs->len;

      for (guint i = 0; i < n_audio; i++)
        {
          const WccSdpCodec *audio = sdp->codecs->pdata[i];
          gboolean seen = FALSE;

          for (guint j = n_audio; j < sdp->codecs->len && !seen; j++)
            seen = ((WccSdpCodec *) sdp->codecs->pdata[j])->clock_rate == audio->clock_rate;
          if (!seen)
            g_ptr_array_add (sdp->codecs, telephone_event_new (audio->clock_rate));
        }
      if (n_audio == 0)
        g_ptr_array_add (sdp->codecs, codec_new_default ("telephone-event"));
    }
  if (caps->srtp_offer || caps->srtp_required)
    {
      g_autofree char *key_params = make_crypto_key_params ();
      sdp->secure = TRUE;
      g_ptr_array_add (sdp->cryptos, crypto_new (1, supported_crypto_suites[0], key_params));
      explicit_bzero (key_params, strlen (key_params));
    }
  return sdp;
}

static gboolean
caps_support (const WccSdpCaps  *caps,
              const WccSdpCodec *codec)
{
  guint rate;

  if (!wcc_sdp_codec_defaults (codec->encoding, NULL, &rate, NULL) || rate != codec->clock_rate)
    return FALSE;
  for (guint i = 0; caps->codecs != NULL && caps->codecs[i] != NULL; i++)
    if (g_ascii_strcasecmp (caps->codecs[i], codec->encoding) == 0)
      return TRUE;
  return FALSE;
}

static char *
rejected_media_line (const char *line)
{
  g_auto(GStrv) tokens = g_strsplit (line, " ", -1);

  if (g_strv_length (tokens) >= 2)
    {
      g_free (tokens[1]);
      tokens[1] = g_strdup ("0");
    }
  return g_strjoinv (" ", tokens);
}

WccSdp *
wcc_sdp_make_answer (const WccSdp     *offer,
                     const WccSdpCaps *caps,
                     const char       *address,
                     guint16           port,
                     WccSdpDirection   direction,
                     guint64           session_id,
                     guint64           session_version,
                     GError          **error)
{
  g_autoptr(WccSdp) answer = NULL;
  const WccSdpCodec *audio = NULL;
  const WccSdpCodec *dtmf = NULL;
  gboolean offer_send, offer_recv, local_send, local_recv;

  g_return_val_if_fail (offer != NULL, NULL);
  g_return_val_if_fail (caps != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (offer->port == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("The offer has no active audio stream"));
      return NULL;
    }
  if (offer->secure && caps->srtp_refused)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("The offer requires SRTP, which this account refuses"));
      return NULL;
    }
  if (!offer->secure && caps->srtp_required)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("The offer is not encrypted, and this account requires SRTP"));
      return NULL;
    }

  for (guint i = 0; i < offer->codecs->len && audio == NULL; i++)
    {
      const WccSdpCodec *codec = offer->codecs->pdata[i];
      if (g_ascii_strcasecmp (codec->encoding, "telephone-event") != 0 && caps_support (caps, codec))
        audio = codec;
    }
  if (audio == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                           _("None of the offered codecs is supported"));
      return NULL;
    }
  if (caps->telephone_event)
    for (guint i = 0; i < offer->codecs->len; i++)
      {
        const WccSdpCodec *codec = offer->codecs->pdata[i];
        if (g_ascii_strcasecmp (codec->encoding, "telephone-event") != 0)
          continue;
        /* Prefer the event clock that matches the audio codec's, as RFC 4733 asks. */
        if (dtmf == NULL || codec->clock_rate == audio->clock_rate)
          dtmf = codec;
      }

  answer = sdp_new_for (address, port, session_id, session_version);
  g_ptr_array_add (answer->codecs, codec_copy (audio));
  if (dtmf != NULL)
    g_ptr_array_add (answer->codecs, codec_copy (dtmf));
  answer->ptime = caps->ptime;

  direction_bits (wcc_sdp_direction_reverse (offer->direction), &offer_send, &offer_recv);
  direction_bits (direction, &local_send, &local_recv);
  answer->direction = direction_from_bits (offer_send && local_send, offer_recv && local_recv);

  if (offer->secure)
    {
      const WccSdpCrypto *chosen = NULL;
      g_autofree char *key_params = NULL;

      for (guint i = 0; i < offer->cryptos->len && chosen == NULL; i++)
        {
          const WccSdpCrypto *crypto = offer->cryptos->pdata[i];
          if (crypto_suite_supported (crypto->suite) && crypto_key_params_valid (crypto->key_params))
            chosen = crypto;
        }
      if (chosen == NULL)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                               _("None of the offered SRTP crypto suites is supported"));
          return NULL;
        }
      key_params = make_crypto_key_params ();
      answer->secure = TRUE;
      g_ptr_array_add (answer->cryptos, crypto_new (chosen->tag, chosen->suite, key_params));
      explicit_bzero (key_params, strlen (key_params));
    }

  answer->audio_index = offer->audio_index;
  for (guint i = 0; i < offer->other_media->len; i++)
    g_ptr_array_add (answer->other_media, rejected_media_line (offer->other_media->pdata[i]));
  return g_steal_pointer (&answer);
}

const WccSdpCodec *
wcc_sdp_get_audio_codec (const WccSdp *sdp)
{
  g_return_val_if_fail (sdp != NULL, NULL);

  for (guint i = 0; i < sdp->codecs->len; i++)
    {
      const WccSdpCodec *codec = sdp->codecs->pdata[i];
      if (g_ascii_strcasecmp (codec->encoding, "telephone-event") != 0)
        return codec;
    }
  return NULL;
}

const WccSdpCodec *
wcc_sdp_get_dtmf_codec (const WccSdp *sdp)
{
  g_return_val_if_fail (sdp != NULL, NULL);

  for (guint i = 0; i < sdp->codecs->len; i++)
    {
      const WccSdpCodec *codec = sdp->codecs->pdata[i];
      if (g_ascii_strcasecmp (codec->encoding, "telephone-event") == 0)
        return codec;
    }
  return NULL;
}

const WccSdpCodec *
wcc_sdp_get_dtmf_codec_at_rate (const WccSdp *sdp,
                                guint         clock_rate)
{
  g_return_val_if_fail (sdp != NULL, NULL);

  for (guint i = 0; i < sdp->codecs->len; i++)
    {
      const WccSdpCodec *codec = sdp->codecs->pdata[i];
      if (g_ascii_strcasecmp (codec->encoding, "telephone-event") == 0 && codec->clock_rate == clock_rate)
        return codec;
    }
  return NULL;
}

WccSdpDirection
wcc_sdp_direction_reverse (WccSdpDirection direction)
{
  switch (direction)
    {
    case WCC_SDP_SENDONLY:
      return WCC_SDP_RECVONLY;
    case WCC_SDP_RECVONLY:
      return WCC_SDP_SENDONLY;
    case WCC_SDP_SENDRECV:
    case WCC_SDP_INACTIVE:
    default:
      return direction;
    }
}

const char *
wcc_sdp_direction_to_string (WccSdpDirection direction)
{
  switch (direction)
    {
    case WCC_SDP_SENDONLY:
      return "sendonly";
    case WCC_SDP_RECVONLY:
      return "recvonly";
    case WCC_SDP_INACTIVE:
      return "inactive";
    case WCC_SDP_SENDRECV:
    default:
      return "sendrecv";
    }
}
