/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-auth.c: SIP digest authentication as pure functions: stateless nonces (the time
 * signed with a per-process key), challenges, credentials parsing and checking. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>

#include "wcc-sip-auth.h"

/* The time is 16 hex digits, the HMAC-SHA256 is cut to 128 bits (32 hex digits). */
#define NONCE_TIME_DIGITS 16
#define NONCE_MAC_BYTES   16
/* A nonce from a little ahead of our clock is still ours: the clock may have been set back. */
#define NONCE_FUTURE_SLACK 5
/* Longest digest-uri compared with the request URI. */
#define DIGEST_URI_MAX 512

static void
hex_encode (const guint8 *bytes,
            gsize         n,
            char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < n; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  out[2 * n] = '\0';
}

const WccSipAuthKey *
wcc_sip_auth_process_key (void)
{
  static WccSipAuthKey key;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      randombytes_buf (key.bytes, sizeof key.bytes);
      g_once_init_leave (&made, 1);
    }
  return &key;
}

static void
nonce_mac (const WccSipAuthKey *key,
           const char          *time_hex,
           const char          *realm,
           char                 out[2 * NONCE_MAC_BYTES + 1])
{
  crypto_auth_hmacsha256_state state;
  guint8 mac[crypto_auth_hmacsha256_BYTES];

  crypto_auth_hmacsha256_init (&state, key->bytes, sizeof key->bytes);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) time_hex, NONCE_TIME_DIGITS);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) ":", 1);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) realm, strlen (realm));
  crypto_auth_hmacsha256_final (&state, mac);
  hex_encode (mac, NONCE_MAC_BYTES, out);
}

void
wcc_sip_auth_make_nonce (const WccSipAuthKey *key,
                         const char          *realm,
                         gint64               now,
                         char                 out[WCC_SIP_NONCE_SIZE])
{
  g_return_if_fail (key != NULL && realm != NULL && out != NULL);

  g_snprintf (out, NONCE_TIME_DIGITS + 1, "%016" G_GINT64_MODIFIER "x", (guint64) now);
  nonce_mac (key, out, realm, out + NONCE_TIME_DIGITS);
}

WccSipNonceCheck
wcc_sip_auth_check_nonce (const WccSipAuthKey *key,
                          const char          *realm,
                          const char          *nonce,
                          gint64               now)
{
  char expected[2 * NONCE_MAC_BYTES + 1];
  char time_hex[NONCE_TIME_DIGITS + 1];
  guint64 made = 0;

  g_return_val_if_fail (key != NULL && realm != NULL, WCC_SIP_NONCE_INVALID);

  if (nonce == NULL || strlen (nonce) != WCC_SIP_NONCE_SIZE - 1)
    return WCC_SIP_NONCE_INVALID;
  for (int i = 0; i < NONCE_TIME_DIGITS; i++)
    {
      if (!g_ascii_isxdigit (nonce[i]))
        return WCC_SIP_NONCE_INVALID;
      made = made << 4 | (guint64) g_ascii_xdigit_value (nonce[i]);
      time_hex[i] = nonce[i];
    }
  time_hex[NONCE_TIME_DIGITS] = '\0';
  nonce_mac (key, time_hex, realm, expected);
  if (sodium_memcmp (expected, nonce + NONCE_TIME_DIGITS, 2 * NONCE_MAC_BYTES) != 0)
    return WCC_SIP_NONCE_INVALID;
  if ((gint64) made > now + NONCE_FUTURE_SLACK)
    return WCC_SIP_NONCE_INVALID;
  if (now - (gint64) made > WCC_SIP_NONCE_LIFETIME)
    return WCC_SIP_NONCE_STALE;
  return WCC_SIP_NONCE_VALID;
}

char *
wcc_sip_auth_challenge (const WccSipAuthKey *key,
                        const char          *realm,
                        gboolean             stale,
                        gint64               now)
{
  char nonce[WCC_SIP_NONCE_SIZE];

  g_return_val_if_fail (key != NULL && realm != NULL, NULL);

  wcc_sip_auth_make_nonce (key, realm, now, nonce);
  return g_strdup_printf ("Digest realm=\"%s\", nonce=\"%s\", algorithm=MD5, qop=\"auth\"%s",
                          realm, nonce, stale ? ", stale=true" : "");
}

/* Copies @value (quoted or not) into the storage at *@used; NULL when it does not fit or
 * is badly quoted. */
static const char *
store_value (WccSipCredentials *out,
             gsize             *used,
             const char        *value)
{
  char *start = out->storage + *used;
  char *end = out->storage + sizeof out->storage;
  char *dst = start;

  if (*value != '"')
    {
      gsize n = strlen (value);

      if (n >= (gsize) (end - start))
        return NULL;
      memcpy (dst, value, n + 1);
      *used += n + 1;
      return start;
    }
  for (value++; *value != '"'; value++)
    {
      if (*value == '\0')
        return NULL;
      if (*value == '\\' && value[1] != '\0')
        value++;
      if (dst + 1 >= end)
        return NULL;
      *dst++ = *value;
    }
  if (value[1] != '\0')
    return NULL;
  *dst++ = '\0';
  *used += (gsize) (dst - start);
  return start;
}

gboolean
wcc_sip_auth_parse_params (const char * const *params,
                           WccSipCredentials  *out)
{
  static const struct {
    const char *name;
    gsize       offset;
  } fields[] = {
    { "username", G_STRUCT_OFFSET (WccSipCredentials, username) },
    { "realm", G_STRUCT_OFFSET (WccSipCredentials, realm) },
    { "nonce", G_STRUCT_OFFSET (WccSipCredentials, nonce) },
    { "uri", G_STRUCT_OFFSET (WccSipCredentials, uri) },
    { "response", G_STRUCT_OFFSET (WccSipCredentials, response) },
    { "algorithm", G_STRUCT_OFFSET (WccSipCredentials, algorithm) },
    { "qop", G_STRUCT_OFFSET (WccSipCredentials, qop) },
    { "nc", G_STRUCT_OFFSET (WccSipCredentials, nc) },
    { "cnonce", G_STRUCT_OFFSET (WccSipCredentials, cnonce) },
    { "opaque", G_STRUCT_OFFSET (WccSipCredentials, opaque) },
  };
  gsize used = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  out->username = out->realm = out->nonce = out->uri = out->response = NULL;
  out->algorithm = out->qop = out->nc = out->cnonce = out->opaque = NULL;
  for (gsize i = 0; params != NULL && params[i] != NULL; i++)
    {
      const char *equal = strchr (params[i], '=');
      gsize name_len;

      if (equal == NULL)
        continue;
      name_len = (gsize) (equal - params[i]);
      for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char **slot = G_STRUCT_MEMBER_P (out, fields[f].offset);

          if (strlen (fields[f].name) != name_len ||
              g_ascii_strncasecmp (fields[f].name, params[i], name_len) != 0)
            continue;
          /* A repeated field is malformed: which one would count? */
          if (*slot != NULL || (*slot = store_value (out, &used, equal + 1)) == NULL)
            return FALSE;
          break;
        }
    }
  return TRUE;
}

const msg_auth_t *
wcc_sip_auth_find_credentials (const msg_auth_t *headers,
                               const char       *realm)
{
  g_return_val_if_fail (realm != NULL, NULL);

  for (const msg_auth_t *h = headers; h != NULL; h = h->au_next)
    {
      const char *value;
      gsize realm_len = strlen (realm);

      if (h->au_scheme == NULL || g_ascii_strcasecmp (h->au_scheme, "Digest") != 0)
        continue;
      value = msg_params_find (h->au_params, "realm=");
      if (value == NULL)
        continue;
      if (*value == '"')
        {
          if (strncmp (value + 1, realm, realm_len) == 0 && value[realm_len + 1] == '"' &&
              value[realm_len + 2] == '\0')
            return h;
        }
      else if (strcmp (value, realm) == 0)
        return h;
    }
  return NULL;
}

static void
checksum_hex (GChecksum *checksum,
              char       out[33])
{
  guint8 digest[16];
  gsize len = sizeof digest;

  g_checksum_get_digest (checksum, digest, &len);
  hex_encode (digest, len, out);
}

static void
checksum_add (GChecksum  *checksum,
              const char *text)
{
  g_checksum_update (checksum, (const guchar *) text, (gssize) strlen (text));
}

void
wcc_sip_auth_digest_response (const char *ha1,
                              const char *method,
                              const char *digest_uri,
                              const char *nonce,
                              const char *nc,
                              const char *cnonce,
                              const char *qop,
                              char        out[33])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  char ha2[33];

  g_return_if_fail (ha1 && method && digest_uri && nonce && out);

  checksum_add (checksum, method);
  checksum_add (checksum, ":");
  checksum_add (checksum, digest_uri);
  checksum_hex (checksum, ha2);

  g_checksum_reset (checksum);
  checksum_add (checksum, ha1);
  checksum_add (checksum, ":");
  checksum_add (checksum, nonce);
  checksum_add (checksum, ":");
  if (qop != NULL)
    {
      checksum_add (checksum, nc ? nc : "");
      checksum_add (checksum, ":");
      checksum_add (checksum, cnonce ? cnonce : "");
      checksum_add (checksum, ":");
      checksum_add (checksum, qop);
      checksum_add (checksum, ":");
    }
  checksum_add (checksum, ha2);
  checksum_hex (checksum, out);
}

/* Stands in for the HA1 of accounts that do not exist, so they take the same work. */
static const char no_account_ha1[] = "00000000000000000000000000000000";

WccSipAuthResult
wcc_sip_auth_verify (const WccSipAuthKey     *key,
                     const WccSipCredentials *credentials,
                     const char              *method,
                     const char              *realm,
                     const char              *ha1,
                     gint64                   now)
{
  char expected[33];
  char given[33];
  WccSipNonceCheck nonce;
  gboolean ok = TRUE;

  g_return_val_if_fail (key && credentials && method && realm, WCC_SIP_AUTH_FAILED);

  if (credentials->username == NULL || credentials->realm == NULL ||
      credentials->nonce == NULL || credentials->uri == NULL ||
      credentials->response == NULL || strcmp (credentials->realm, realm) != 0 ||
      strlen (credentials->response) != 32)
    return WCC_SIP_AUTH_FAILED;
  if (credentials->algorithm != NULL && g_ascii_strcasecmp (credentials->algorithm, "MD5") != 0)
    return WCC_SIP_AUTH_FAILED;
  if (credentials->qop != NULL &&
      (g_ascii_strcasecmp (credentials->qop, "auth") != 0 ||
       credentials->nc == NULL || credentials->cnonce == NULL))
    return WCC_SIP_AUTH_FAILED;

  nonce = wcc_sip_auth_check_nonce (key, realm, credentials->nonce, now);
  if (nonce == WCC_SIP_NONCE_INVALID)
    return WCC_SIP_AUTH_FAILED;

  if (ha1 == NULL || strlen (ha1) != 32)
    {
      ha1 = no_account_ha1;
      ok = FALSE;
    }
  wcc_sip_auth_digest_response (ha1, method, credentials->uri, credentials->nonce,
                                credentials->nc, credentials->cnonce,
                                credentials->qop, expected);
  for (int i = 0; i < 32; i++)
    given[i] = g_ascii_tolower (credentials->response[i]);
  given[32] = '\0';
  if (sodium_memcmp (expected, given, 32) != 0)
    ok = FALSE;
  if (!ok)
    return WCC_SIP_AUTH_FAILED;
  return nonce == WCC_SIP_NONCE_STALE ? WCC_SIP_AUTH_STALE : WCC_SIP_AUTH_OK;
}

/* Does the digest-uri of the credentials name the request URI? Clients write it as they
 * wrote the Request-URI, but compare as URIs in case they spelled it otherwise. */
static gboolean
digest_uri_matches (const char  *digest_uri,
                    const url_t *request_uri)
{
  char copy[DIGEST_URI_MAX];
  url_t parsed[1];
  gsize len = strlen (digest_uri);

  if (len >= sizeof copy)
    return FALSE;
  memcpy (copy, digest_uri, len + 1);
  if (url_d (parsed, copy) < 0)
    return FALSE;
  return url_cmp (parsed, request_uri) == 0;
}

WccSipAuthResult
wcc_sip_auth_check (const WccSipAuthKey     *key,
                    const char              *method,
                    const url_t             *request_uri,
                    const WccSipCredentials *credentials,
                    const char              *realm,
                    const char              *ha1,
                    gint64                   now)
{
  WccSipAuthResult result;

  g_return_val_if_fail (request_uri != NULL && credentials != NULL, WCC_SIP_AUTH_FAILED);

  result = wcc_sip_auth_verify (key, credentials, method, realm, ha1, now);
  if (result != WCC_SIP_AUTH_FAILED && !digest_uri_matches (credentials->uri, request_uri))
    return WCC_SIP_AUTH_FAILED;
  return result;
}
