/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sip-auth.c: the digest functions without sockets: RFC 2617's example, nonces made,
 * tampered, expired and from the future, credentials parsed and checked, qop and no qop. */
#include <string.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>

#include "wcc-sip-auth.h"
#include "wcc-test-util.h"

#define NOW 1700000000

static const WccSipAuthKey test_key = { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                          17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 } };

/* MD5 as hex, computed here apart from the code under test. */
static char *
md5_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

static void
test_rfc2617_vector (void)
{
  char out[33];
  g_autofree char *ha1 = md5_of ("Mufasa:testrealm@host.com:Circle Of Life");

  g_assert_cmpstr (ha1, ==, "939e7578ed9e3c518a452acee763bce9");
  /* RFC 2617 §3.5. */
  wcc_sip_auth_digest_response (ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                "00000001", "0a4f113b", "auth", out);
  g_assert_cmpstr (out, ==, "6629fae49393a05397450978507c4ef1");
  /* The same without qop (RFC 2069 style): MD5(HA1:nonce:HA2), worked out with Python's
   * hashlib. */
  wcc_sip_auth_digest_response (ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                "ignored", "ignored", NULL, out);
  g_assert_cmpstr (out, ==, "670fd8c2df070c60b045671b8b24ff02");
}

static void
test_nonce (void)
{
  WccSipAuthKey other_key = test_key;
  char nonce[WCC_SIP_NONCE_SIZE];
  char tampered[WCC_SIP_NONCE_SIZE];

  wcc_sip_auth_make_nonce (&test_key, "demo", NOW, nonce);
  g_assert_cmpuint (strlen (nonce), ==, WCC_SIP_NONCE_SIZE - 1);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", nonce, NOW), ==, WCC_SIP_NONCE_VALID);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", nonce, NOW + WCC_SIP_NONCE_LIFETIME),
                   ==, WCC_SIP_NONCE_VALID);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", nonce, NOW + WCC_SIP_NONCE_LIFETIME + 1),
                   ==, WCC_SIP_NONCE_STALE);
  /* Made "later" than now by more than a little: not ours. */
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", nonce, NOW - 60), ==, WCC_SIP_NONCE_INVALID);
  /* Another realm, another key (another process). */
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "acme", nonce, NOW), ==, WCC_SIP_NONCE_INVALID);
  other_key.bytes[0] ^= 1;
  g_assert_cmpint (wcc_sip_auth_check_nonce (&other_key, "demo", nonce, NOW), ==, WCC_SIP_NONCE_INVALID);
  /* A younger time with the old signature, a changed signature. */
  memcpy (tampered, nonce, sizeof tampered);
  tampered[15] = tampered[15] == '0' ? '1' : '0';
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", tampered, NOW), ==, WCC_SIP_NONCE_INVALID);
  memcpy (tampered, nonce, sizeof tampered);
  tampered[30] = tampered[30] == 'a' ? 'b' : 'a';
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", tampered, NOW), ==, WCC_SIP_NONCE_INVALID);
  /* Garbage. */
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", "", NOW), ==, WCC_SIP_NONCE_INVALID);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", NULL, NOW), ==, WCC_SIP_NONCE_INVALID);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", "zz", NOW), ==, WCC_SIP_NONCE_INVALID);
  memcpy (tampered, nonce, sizeof tampered);
  tampered[3] = 'x';
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", tampered, NOW), ==, WCC_SIP_NONCE_INVALID);
  /* The process key is made once. */
  g_assert_true (wcc_sip_auth_process_key () == wcc_sip_auth_process_key ());
}

static void
test_challenge (void)
{
  g_autofree char *fresh = wcc_sip_auth_challenge (&test_key, "demo", FALSE, NOW);
  g_autofree char *stale = wcc_sip_auth_challenge (&test_key, "demo", TRUE, NOW);
  g_autofree char *nonce = NULL;
  const char *start;

  g_assert_true (g_str_has_prefix (fresh, "Digest realm=\"demo\", nonce=\""));
  g_assert_nonnull (strstr (fresh, "algorithm=MD5"));
  g_assert_nonnull (strstr (fresh, "qop=\"auth\""));
  g_assert_null (strstr (fresh, "stale"));
  g_assert_nonnull (strstr (stale, ", stale=true"));
  start = strstr (fresh, "nonce=\"") + strlen ("nonce=\"");
  nonce = g_strndup (start, strchr (start, '"') - start);
  g_assert_cmpint (wcc_sip_auth_check_nonce (&test_key, "demo", nonce, NOW), ==, WCC_SIP_NONCE_VALID);
}

static void
test_parse (void)
{
  const char *params[] = { "username=\"1001\"", "Realm=\"demo\"", "nonce=\"abc\"",
                           "uri=\"sip:demo\"", "response=\"0123\"", "algorithm=MD5",
                           "qop=auth", "nc=00000001", "cnonce=\"x\\\"y\"", "opaque=\"\"",
                           "unknown=whatever", "flag", NULL };
  const char *repeated[] = { "username=\"a\"", "username=\"b\"", NULL };
  const char *unterminated[] = { "username=\"a", NULL };
  const char *trailing[] = { "username=\"a\"b", NULL };
  g_autofree char *huge = g_strnfill (WCC_SIP_CREDENTIALS_STORAGE + 10, 'a');
  g_autofree char *huge_param = g_strdup_printf ("cnonce=\"%s\"", huge);
  const char *too_long[] = { "username=\"1001\"", huge_param, NULL };
  WccSipCredentials c;

  g_assert_true (wcc_sip_auth_parse_params (params, &c));
  g_assert_cmpstr (c.username, ==, "1001");
  g_assert_cmpstr (c.realm, ==, "demo");
  g_assert_cmpstr (c.nonce, ==, "abc");
  g_assert_cmpstr (c.uri, ==, "sip:demo");
  g_assert_cmpstr (c.response, ==, "0123");
  g_assert_cmpstr (c.algorithm, ==, "MD5");
  g_assert_cmpstr (c.qop, ==, "auth");
  g_assert_cmpstr (c.nc, ==, "00000001");
  g_assert_cmpstr (c.cnonce, ==, "x\"y");
  g_assert_cmpstr (c.opaque, ==, "");

  g_assert_false (wcc_sip_auth_parse_params (repeated, &c));
  g_assert_false (wcc_sip_auth_parse_params (unterminated, &c));
  g_assert_false (wcc_sip_auth_parse_params (trailing, &c));
  g_assert_false (wcc_sip_auth_parse_params (too_long, &c));
  g_assert_true (wcc_sip_auth_parse_params (NULL, &c));
  g_assert_null (c.username);
}

/* Credentials as a client would send them for REGISTER sip:demo. */
static void
make_credentials (WccSipCredentials *c,
                  const char        *password,
                  const char        *nonce,
                  gboolean           with_qop)
{
  g_autofree char *ha1 = g_strdup_printf ("1001:demo:%s", password);
  g_autofree char *ha1_hex = md5_of (ha1);
  g_autofree char *ha2_hex = md5_of ("REGISTER:sip:demo");
  g_autofree char *a = with_qop
    ? g_strdup_printf ("%s:%s:00000001:c0ffee:auth:%s", ha1_hex, nonce, ha2_hex)
    : g_strdup_printf ("%s:%s:%s", ha1_hex, nonce, ha2_hex);
  g_autofree char *response = md5_of (a);
  g_autofree char *p_nonce = g_strdup_printf ("nonce=\"%s\"", nonce);
  g_autofree char *p_response = g_strdup_printf ("response=\"%s\"", response);
  const char *with[] = { "username=\"1001\"", "realm=\"demo\"", p_nonce, "uri=\"sip:demo\"",
                         p_response, "algorithm=MD5", "qop=auth", "nc=00000001",
                         "cnonce=\"c0ffee\"", NULL };
  const char *without[] = { "username=\"1001\"", "realm=\"demo\"", p_nonce, "uri=\"sip:demo\"",
                            p_response, NULL };

  g_assert_true (wcc_sip_auth_parse_params (with_qop ? with : without, c));
}

static void
test_verify (void)
{
  g_autofree char *ha1 = md5_of ("1001:demo:secret");
  char nonce[WCC_SIP_NONCE_SIZE];
  char old_nonce[WCC_SIP_NONCE_SIZE];
  WccSipCredentials c;

  wcc_sip_auth_make_nonce (&test_key, "demo", NOW, nonce);
  wcc_sip_auth_make_nonce (&test_key, "demo", NOW - WCC_SIP_NONCE_LIFETIME - 1, old_nonce);

  make_credentials (&c, "secret", nonce, TRUE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_OK);
  /* Another method, realm or account: no. */
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "INVITE", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "acme", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", NULL, NOW), ==, WCC_SIP_AUTH_FAILED);
  /* Upper-case hex is the same response. */
  {
    char upper[33];
    for (int i = 0; i < 33; i++)
      upper[i] = g_ascii_toupper (c.response[i]);
    c.response = upper;
    g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_OK);
  }

  make_credentials (&c, "wrong", nonce, TRUE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);

  /* No qop (RFC 2069 clients). */
  make_credentials (&c, "secret", nonce, FALSE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_OK);
  make_credentials (&c, "wrong", nonce, FALSE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);

  /* An expired nonce: stale only when the response is right. */
  make_credentials (&c, "secret", old_nonce, TRUE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_STALE);
  make_credentials (&c, "wrong", old_nonce, TRUE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);

  /* A nonce not ours, whatever the response. */
  make_credentials (&c, "secret", "dcd98b7102dd2f0e8b11d0f600bfb0c093", TRUE);
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);

  /* Algorithms and qops we do not do; qop without nc. */
  make_credentials (&c, "secret", nonce, TRUE);
  c.algorithm = "SHA-256";
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
  make_credentials (&c, "secret", nonce, TRUE);
  c.qop = "auth-int";
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
  make_credentials (&c, "secret", nonce, TRUE);
  c.nc = NULL;
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
  make_credentials (&c, "secret", nonce, TRUE);
  c.response = "short";
  g_assert_cmpint (wcc_sip_auth_verify (&test_key, &c, "REGISTER", "demo", ha1, NOW), ==, WCC_SIP_AUTH_FAILED);
}

/* Headers as Sofia parses them: the credentials for a realm, and the digest-uri checked
 * against the request URI. */
static void
test_sofia_headers (void)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *ha1 = md5_of ("1001:demo:secret");
  char nonce[WCC_SIP_NONCE_SIZE];
  char expected[33];
  g_autofree char *value = NULL;
  sip_authorization_t *headers;
  const msg_auth_t *found;
  WccSipCredentials c;
  url_t *request_uri = url_make (home, "sip:demo");
  url_t *other_uri = url_make (home, "sip:acme");

  wcc_sip_auth_make_nonce (&test_key, "demo", NOW, nonce);
  wcc_sip_auth_digest_response (ha1, "REGISTER", "sip:demo", nonce, "00000001", "abcd", "auth", expected);
  value = g_strdup_printf ("Digest username=\"1001\", realm=\"demo\", nonce=\"%s\", uri=\"sip:demo\", "
                           "response=\"%s\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abcd\"",
                           nonce, expected);
  headers = sip_authorization_make (home, "Digest username=\"1001\", realm=\"acme\", nonce=\"x\", "
                                          "uri=\"sip:acme\", response=\"00\"");
  headers->au_next = sip_authorization_make (home, value);

  g_assert_null (wcc_sip_auth_find_credentials (headers, "nowhere"));
  found = wcc_sip_auth_find_credentials (headers, "demo");
  g_assert_true (found == headers->au_next);
  g_assert_true (wcc_sip_auth_find_credentials (headers, "acme") == headers);
  g_assert_true (wcc_sip_auth_parse_params (found->au_params, &c));
  g_assert_cmpint (wcc_sip_auth_check (&test_key, "REGISTER", request_uri, &c, "demo", ha1, NOW), ==,
                   WCC_SIP_AUTH_OK);
  /* The digest was made for another request URI. */
  g_assert_cmpint (wcc_sip_auth_check (&test_key, "REGISTER", other_uri, &c, "demo", ha1, NOW), ==,
                   WCC_SIP_AUTH_FAILED);
  g_assert_cmpint (wcc_sip_auth_check (&test_key, "REGISTER", request_uri, &c, "demo", ha1,
                                       NOW + WCC_SIP_NONCE_LIFETIME + 1), ==, WCC_SIP_AUTH_STALE);
  su_home_deinit (home);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (30);
  g_test_add_func ("/sip/auth/rfc2617-vector", test_rfc2617_vector);
  g_test_add_func ("/sip/auth/nonce", test_nonce);
  g_test_add_func ("/sip/auth/challenge", test_challenge);
  g_test_add_func ("/sip/auth/parse", test_parse);
  g_test_add_func ("/sip/auth/verify", test_verify);
  g_test_add_func ("/sip/auth/sofia-headers", test_sofia_headers);
  return g_test_run ();
}
