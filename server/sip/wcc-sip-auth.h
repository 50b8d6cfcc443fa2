/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-auth.h: SIP digest authentication (RFC 2617 / 7616, MD5, qop=auth or none) as
 * pure functions: stateless nonces, challenges, credentials checks. The registrar (401) and
 * the B2BUA (407) share them. */
#pragma once

#include <glib.h>
#include <sofia-sip/msg_types.h>
#include <sofia-sip/url.h>

G_BEGIN_DECLS

/* A nonce is valid this long (seconds); an older one gets a challenge with stale=true. */
#define WCC_SIP_NONCE_LIFETIME 300

/* The secret nonces are signed with. */
typedef struct {
  guint8 bytes[32];
} WccSipAuthKey;

/* "<16 hex digits of the time><32 hex digits of the HMAC>" and its NUL. */
#define WCC_SIP_NONCE_SIZE 49

typedef enum {
  WCC_SIP_NONCE_VALID,
  WCC_SIP_NONCE_STALE,     /* made by us for this realm, but too old */
  WCC_SIP_NONCE_INVALID,   /* not ours: forged, tampered, another realm or process */
} WccSipNonceCheck;

typedef enum {
  WCC_SIP_AUTH_OK,
  WCC_SIP_AUTH_STALE,      /* the right response to an expired nonce: challenge, stale=true */
  WCC_SIP_AUTH_FAILED,     /* anything else: challenge again */
} WccSipAuthResult;

/* The fields of one Authorization / Proxy-Authorization header, unquoted; NULL when the
 * header lacks them. They point into @storage. */
#define WCC_SIP_CREDENTIALS_STORAGE 1024
typedef struct {
  const char *username;
  const char *realm;
  const char *nonce;
  const char *uri;
  const char *response;
  const char *algorithm;
  const char *qop;
  const char *nc;
  const char *cnonce;
  const char *opaque;
  char        storage[WCC_SIP_CREDENTIALS_STORAGE];
} WccSipCredentials;

/* The key of this process, random, made at the first call. Nonces do not outlive a restart:
 * the clients are simply challenged again. */
const WccSipAuthKey *wcc_sip_auth_process_key (void);

/* Writes a nonce for @realm made at @now (Unix seconds) into @out. */
void              wcc_sip_auth_make_nonce     (const WccSipAuthKey *key,
                                               const char          *realm,
                                               gint64               now,
                                               char                 out[WCC_SIP_NONCE_SIZE]);
WccSipNonceCheck  wcc_sip_auth_check_nonce    (const WccSipAuthKey *key,
                                               const char          *realm,
                                               const char          *nonce,
                                               gint64               now);

/* The value of a WWW-Authenticate (401) or Proxy-Authenticate (407) header:
 * Digest realm="…", nonce="…", algorithm=MD5, qop="auth"[, stale=true]. */
char             *wcc_sip_auth_challenge      (const WccSipAuthKey *key,
                                               const char          *realm,
                                               gboolean             stale,
                                               gint64               now);

/* Parses auth-params ("name=value" or name="value", as Sofia's au_params holds them) into
 * @out; FALSE when they do not fit or a value is badly quoted. */
gboolean          wcc_sip_auth_parse_params   (const char * const  *params,
                                               WccSipCredentials   *out);
/* The Digest credentials for @realm among @headers (a list of Authorization or
 * Proxy-Authorization headers), or NULL. */
const msg_auth_t *wcc_sip_auth_find_credentials (const msg_auth_t  *headers,
                                               const char          *realm);

/* RFC 2617 §3.2.2.1: the request-digest as 32 lower-case hex digits. @qop NULL (RFC 2069
 * style) ignores @nc and @cnonce. */
void              wcc_sip_auth_digest_response (const char         *ha1,
                                               const char          *method,
                                               const char          *digest_uri,
                                               const char          *nonce,
                                               const char          *nc,
                                               const char          *cnonce,
                                               const char          *qop,
                                               char                 out[33]);

/* Checks parsed credentials: a nonce of ours for @realm, algorithm MD5, qop auth or none,
 * the response right for @ha1 (compared in constant time). @ha1 NULL (no such account) fails
 * like a wrong password does, after the same work. */
WccSipAuthResult  wcc_sip_auth_verify         (const WccSipAuthKey *key,
                                               const WccSipCredentials *credentials,
                                               const char          *method,
                                               const char          *realm,
                                               const char          *ha1,
                                               gint64               now);

/* What the B2BUA and the registrar call, with the credentials parsed (they need the
 * username to find @ha1): wcc_sip_auth_verify, and the digest-uri must name @request_uri. */
WccSipAuthResult  wcc_sip_auth_check          (const WccSipAuthKey *key,
                                               const char          *method,
                                               const url_t         *request_uri,
                                               const WccSipCredentials *credentials,
                                               const char          *realm,
                                               const char          *ha1,
                                               gint64               now);

G_END_DECLS
