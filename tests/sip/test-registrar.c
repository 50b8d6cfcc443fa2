/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-registrar.c: a real wcc-server --demo and real Sofia-SIP phones registering with
 * digest (our phone library over UDP and TCP), a bare UDP client for the odd requests
 * (several contacts, Contact: *, 423, out-of-order CSeq, forged nonces), wcc-sim, and the
 * bindings read back from the server's store, also after the server was killed. */
#include <signal.h>
#include <string.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "wcc-password.h"
#include "wcc-interop.h"
#include "wcc-store.h"
#include "wcc-test-util.h"
#include "wcc-time.h"
#include "wcc-tone-detect.h"

static WccTestServer *server;
static WccStore      *store;     /* the server's database, read (and set up) from here */
static char          *registrar; /* 127.0.0.1:PORT */

/* Setup ------------------------------------------------------------------------------------ */

static char *
sip_password (const char *employee_id)
{
  return g_strdup_printf ("sip-%s", employee_id);
}

static WccStoreUser *
find_user (const char *client,
           const char *employee_id)
{
  WccStoreUser *user = wcc_store_user_find_by_account (store, client, employee_id);

  g_assert_nonnull (user);
  return user;
}

static void
set_sip_password (const char *client,
                  const char *employee_id,
                  const char *password)
{
  g_autoptr(WccStoreUser) user = find_user (client, employee_id);
  g_autofree char *ha1 = wcc_password_sip_ha1 (employee_id, client, password);
  g_autoptr(GError) error = NULL;

  wcc_store_user_set_sip_ha1 (store, user->client_id, user->id, ha1, &error);
  g_assert_no_error (error);
}

static WccStore *
open_store (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "wcc.db", NULL);
  g_autoptr(GError) error = NULL;
  WccStore *opened = wcc_store_open (path, &error);

  g_assert_no_error (error);
  return opened;
}

/* The live bindings of @employee_id@@client in the server's store. */
static GPtrArray *
bindings_of (const char *client,
             const char *employee_id)
{
  g_autoptr(WccStoreUser) user = find_user (client, employee_id);

  return wcc_store_sip_binding_list (store, user->client_id, user->id, wcc_time_now ());
}

static guint
n_bindings (const char *client,
            const char *employee_id)
{
  g_autoptr(GPtrArray) bindings = bindings_of (client, employee_id);

  return bindings->len;
}

/* Phones of our library (the interop tests' parties) -------------------------------------- */

/* Registers and waits for the outcome. */
static WccParty *
party_register (const char      *user,
                const char      *domain,
                const char      *password,
                WccTransport     transport,
                WccAccountState  expected)
{
  WccAccountSettings settings = { .user = user, .domain = domain, .password = password,
                                  .registrar = registrar, .transport = transport,
                                  .bind = "127.0.0.1:0" };
  WccParty *party = wcc_party_new (&settings, 440);

  wcc_account_register (party->account);
  wcc_party_wait_account (party, expected, 5000);
  g_test_message ("%s@%s: %s", user, domain, wcc_account_get_registration_details (party->account));
  return party;
}

/* A bare UDP client ------------------------------------------------------------------------ */

typedef struct {
  GSocket        *socket;
  GSocketAddress *to;
  guint16         port;
  char           *nonce;     /* the last one the server gave */
  guint           branch;
  const char     *from_tag;
} Raw;

static Raw *
raw_new (guint16 server_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  Raw *raw = g_new0 (Raw, 1);

  raw->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (raw->socket, local, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (raw->socket, 3);
  bound = g_socket_get_local_address (raw->socket, &error);
  raw->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  raw->to = g_inet_socket_address_new (loopback, server_port);
  raw->from_tag = "raw";
  return raw;
}

static void
raw_free (Raw *raw)
{
  g_object_unref (raw->socket);
  g_object_unref (raw->to);
  g_free (raw->nonce);
  g_free (raw);
}

/* Sends @request and returns the final response. */
static char *
raw_transact (Raw        *raw,
              const char *request)
{
  g_autoptr(GError) error = NULL;
  char buffer[8192];

  g_socket_send_to (raw->socket, raw->to, request, strlen (request), NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      gssize n = g_socket_receive (raw->socket, buffer, sizeof buffer - 1, NULL, &error);

      g_assert_no_error (error);
      buffer[n] = '\0';
      if (!g_str_has_prefix (buffer, "SIP/2.0 1"))
        return g_strdup (buffer);
    }
}

static int
status_of (const char *response)
{
  g_assert_true (g_str_has_prefix (response, "SIP/2.0 "));
  return atoi (response + strlen ("SIP/2.0 "));
}

/* The value of the first header called @name (or its compact form @compact). */
static char *
header_of (const char *response,
           const char *name,
           const char *compact)
{
  g_auto(GStrv) lines = g_strsplit (response, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *field = colon ? g_strstrip (g_strndup (lines[i], colon - lines[i])) : NULL;

      if (field != NULL && (g_ascii_strcasecmp (field, name) == 0 ||
                            (compact != NULL && g_ascii_strcasecmp (field, compact) == 0)))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

/* Every contact URI of the response's Contact headers, with its expires. */
static GPtrArray *
contacts_of (const char *response)
{
  g_auto(GStrv) lines = g_strsplit (response, "\r\n", -1);
  GPtrArray *contacts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    if (g_ascii_strncasecmp (lines[i], "Contact:", 8) == 0 || g_ascii_strncasecmp (lines[i], "m:", 2) == 0)
      {
        g_auto(GStrv) items = g_strsplit (strchr (lines[i], ':') + 1, ",", -1);

        for (guint j = 0; items[j] != NULL; j++)
          g_ptr_array_add (contacts, g_strstrip (g_strdup (items[j])));
      }
  return contacts;
}

static char *
md5_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* A REGISTER of @user@@domain from @raw: @headers are its Contact/Expires lines; with
 * @password and a nonce, with digest credentials for it. */
static char *
raw_register_once (Raw        *raw,
                   const char *user,
                   const char *domain,
                   const char *password,
                   const char *nonce,
                   const char *call_id,
                   guint       cseq,
                   const char *headers)
{
  g_autofree char *authorization = NULL;
  g_autofree char *request = NULL;
  g_autofree char *to_user = NULL;
  const char *auth_user = user;

  /* "1004>1005": credentials of 1004 for the AOR of 1005. */
  if (strchr (user, '>') != NULL)
    {
      to_user = g_strdup (strchr (user, '>') + 1);
      auth_user = g_strndup (user, strchr (user, '>') - user);
    }
  if (password != NULL && nonce != NULL)
    {
      g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", auth_user, domain, password);
      g_autofree char *ha1 = md5_hex (a1);
      g_autofree char *a2 = g_strdup_printf ("REGISTER:sip:%s", domain);
      g_autofree char *ha2 = md5_hex (a2);
      g_autofree char *kd = g_strdup_printf ("%s:%s:00000001:0a4f113b:auth:%s", ha1, nonce, ha2);
      g_autofree char *response = md5_hex (kd);

      authorization = g_strdup_printf ("Authorization: Digest username=\"%s\", realm=\"%s\", "
                                       "nonce=\"%s\", uri=\"sip:%s\", response=\"%s\", "
                                       "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\"\r\n",
                                       auth_user, domain, nonce, domain, response);
    }
  request = g_strdup_printf ("REGISTER sip:%s SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-raw-%u;rport\r\n"
                             "Max-Forwards: 70\r\n"
                             "From: <sip:%s@%s>;tag=%s\r\n"
                             "To: <sip:%s@%s>\r\n"
                             "Call-ID: %s\r\n"
                             "CSeq: %u REGISTER\r\n"
                             "User-Agent: raw-test\r\n"
                             "%s%s"
                             "Content-Length: 0\r\n\r\n",
                             domain, raw->port, ++raw->branch,
                             to_user ? to_user : user, domain, raw->from_tag,
                             to_user ? to_user : user, domain,
                             call_id, cseq, headers, authorization ? authorization : "");
  if (to_user != NULL)
    g_free ((char *) auth_user);
  return raw_transact (raw, request);
}

/* Takes the nonce of a 401 into @raw. */
static void
raw_take_nonce (Raw        *raw,
                const char *response)
{
  g_autofree char *challenge = header_of (response, "WWW-Authenticate", NULL);
  const char *start;

  g_assert_nonnull (challenge);
  start = strstr (challenge, "nonce=\"");
  g_assert_nonnull (start);
  start += strlen ("nonce=\"");
  g_free (raw->nonce);
  raw->nonce = g_strndup (start, strchr (start, '"') - start);
}

/* A REGISTER challenged, then sent again with credentials: the final response. *@cseq is
 * the CSeq of the first, and becomes that of the second. */
static char *
raw_register (Raw        *raw,
              const char *user,
              const char *domain,
              const char *password,
              const char *call_id,
              guint      *cseq,
              const char *headers)
{
  g_autofree char *challenged = raw_register_once (raw, user, domain, NULL, NULL, call_id, *cseq, headers);

  g_assert_cmpint (status_of (challenged), ==, 401);
  raw_take_nonce (raw, challenged);
  ++*cseq;
  return raw_register_once (raw, user, domain, password, raw->nonce, call_id, *cseq, headers);
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_udp_and_tcp (void)
{
  g_autofree char *pw1 = sip_password ("1001");
  g_autofree char *pw2 = sip_password ("1002");
  WccParty *udp = party_register ("1001", "demo", pw1, WCC_TRANSPORT_UDP, WCC_ACCOUNT_REGISTERED);
  WccParty *tcp = party_register ("1002", "demo", pw2, WCC_TRANSPORT_TCP, WCC_ACCOUNT_REGISTERED);
  g_autoptr(GPtrArray) bindings = NULL;
  WccStoreSipBinding *binding;

  g_assert_nonnull (strstr (wcc_account_get_registration_details (udp->account), "Registered as sip:1001@demo"));
  g_assert_nonnull (strstr (wcc_account_get_registration_details (tcp->account), "TCP"));

  bindings = bindings_of ("demo", "1001");
  g_assert_cmpuint (bindings->len, ==, 1);
  binding = g_ptr_array_index (bindings, 0);
  g_test_message ("1001: %s from %s (%s)", binding->contact, binding->source, binding->user_agent);
  g_assert_true (g_str_has_prefix (binding->contact, "sip:1001@127.0.0.1:"));
  g_assert_true (g_str_has_prefix (binding->source, "udp:127.0.0.1:"));
  g_assert_cmpstr (binding->user_agent, !=, "");
  g_assert_cmpint (binding->expires_at, >, wcc_time_now () + 200);
  g_clear_pointer (&bindings, g_ptr_array_unref);

  bindings = bindings_of ("demo", "1002");
  g_assert_cmpuint (bindings->len, ==, 1);
  binding = g_ptr_array_index (bindings, 0);
  g_test_message ("1002: %s from %s", binding->contact, binding->source);
  g_assert_nonnull (strstr (binding->contact, "transport=tcp"));
  g_assert_true (g_str_has_prefix (binding->source, "tcp:127.0.0.1:"));

  /* Un-registering removes the binding. */
  wcc_account_unregister (udp->account);
  wcc_party_wait_account (udp, WCC_ACCOUNT_OFFLINE, 5000);
  g_assert_cmpuint (n_bindings ("demo", "1001"), ==, 0);
  g_assert_cmpuint (n_bindings ("demo", "1002"), ==, 1);
  wcc_account_unregister (tcp->account);
  wcc_party_wait_account (tcp, WCC_ACCOUNT_OFFLINE, 5000);
  g_assert_cmpuint (n_bindings ("demo", "1002"), ==, 0);
  wcc_party_free (udp);
  wcc_party_free (tcp);
}

static void
assert_refused (const char *user,
                const char *domain,
                const char *password)
{
  WccParty *party = party_register (user, domain, password, WCC_TRANSPORT_UDP, WCC_ACCOUNT_FAILED);

  g_assert_nonnull (strstr (wcc_account_get_registration_details (party->account), "401"));
  wcc_party_free (party);
}

static void
test_refused (void)
{
  /* A wrong password, an unknown user, an unknown client, a user without a SIP password:
   * all the same answer. */
  assert_refused ("1001", "demo", "not-it");
  assert_refused ("9999", "demo", "sip-9999");
  assert_refused ("1001", "nowhere", "sip-1001");
  {
    /* The demo gives everyone a SIP password: take 1006's away. */
    g_autoptr(WccStoreUser) user = find_user ("demo", "1006");
    g_autoptr(GError) error = NULL;

    wcc_store_user_set_sip_ha1 (store, user->client_id, user->id, NULL, &error);
    g_assert_no_error (error);
  }
  assert_refused ("1006", "demo", "sip-1006");
  g_assert_cmpuint (n_bindings ("demo", "1001"), ==, 0);
  g_assert_cmpuint (n_bindings ("demo", "1006"), ==, 0);
}

static void
test_other_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_pw = sip_password ("1001");
  gint64 acme_id;
  WccParty *party;

  /* The same employee ID in another client (realm), with its own password. */
  acme_id = wcc_store_client_create (store, "acme", "Acme", &error);
  g_assert_no_error (error);
  wcc_store_user_create (store, acme_id, "1001", "Other", "Agent", WCC_ROLE_AGENT, "x", &error);
  g_assert_no_error (error);
  set_sip_password ("acme", "1001", "acme-secret");

  party = party_register ("1001", "acme", "acme-secret", WCC_TRANSPORT_UDP, WCC_ACCOUNT_REGISTERED);
  g_assert_cmpuint (n_bindings ("acme", "1001"), ==, 1);
  g_assert_cmpuint (n_bindings ("demo", "1001"), ==, 0);
  wcc_party_free (party);

  assert_refused ("1001", "demo", "acme-secret");
  assert_refused ("1001", "acme", demo_pw);
  g_assert_cmpuint (n_bindings ("demo", "1001"), ==, 0);
}

static void
test_two_devices (void)
{
  g_autofree char *pw = sip_password ("1003");
  WccParty *a = party_register ("1003", "demo", pw, WCC_TRANSPORT_UDP, WCC_ACCOUNT_REGISTERED);
  WccParty *b = party_register ("1003", "demo", pw, WCC_TRANSPORT_TCP, WCC_ACCOUNT_REGISTERED);
  Raw *raw = raw_new (server->sip_port);
  g_autofree char *contact = g_strdup_printf ("Contact: <sip:1003@127.0.0.1:%u>\r\nExpires: 120\r\n", raw->port);
  g_autofree char *response = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  guint cseq = 1;
  gboolean found_raw = FALSE;

  g_assert_cmpuint (n_bindings ("demo", "1003"), ==, 2);

  /* A third device: the 200 lists all three, each with its expiry. */
  response = raw_register (raw, "1003", "demo", pw, "raw-two-devices", &cseq, contact);
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 3);
  for (guint i = 0; i < contacts->len; i++)
    {
      const char *c = g_ptr_array_index (contacts, i);

      g_test_message ("contact %s", c);
      g_assert_nonnull (strstr (c, ";expires="));
      if (strstr (c, "<sip:1003@127.0.0.1:") && strstr (c, ";expires=120"))
        found_raw = TRUE;
    }
  g_assert_true (found_raw);
  g_clear_pointer (&contacts, g_ptr_array_unref);
  g_clear_pointer (&response, g_free);

  /* A REGISTER without Contact asks what is bound. */
  cseq++;
  response = raw_register_once (raw, "1003", "demo", pw, raw->nonce, "raw-two-devices", cseq, "");
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 3);
  g_clear_pointer (&contacts, g_ptr_array_unref);
  g_clear_pointer (&response, g_free);

  /* Un-registering one device leaves the others. */
  wcc_account_unregister (a->account);
  wcc_party_wait_account (a, WCC_ACCOUNT_OFFLINE, 5000);
  bindings = bindings_of ("demo", "1003");
  g_assert_cmpuint (bindings->len, ==, 2);
  for (guint i = 0; i < bindings->len; i++)
    g_assert_null (strstr (((WccStoreSipBinding *) g_ptr_array_index (bindings, i))->contact,
                           wcc_account_get_local_uri (a->account) + strlen ("sip:1003@")));
  g_assert_cmpint (wcc_account_get_state (b->account), ==, WCC_ACCOUNT_REGISTERED);

  /* The bare client removes its own with Expires: 0 on its contact. */
  g_free (contact);
  contact = g_strdup_printf ("Contact: <sip:1003@127.0.0.1:%u>;expires=0\r\n", raw->port);
  cseq++;
  response = raw_register_once (raw, "1003", "demo", pw, raw->nonce, "raw-two-devices", cseq, contact);
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpuint (n_bindings ("demo", "1003"), ==, 1);

  raw_free (raw);
  wcc_party_free (a);
  wcc_party_free (b);
}

static void
test_expires (void)
{
  g_autofree char *pw = sip_password ("1004");
  Raw *raw = raw_new (server->sip_port);
  g_autofree char *brief = g_strdup_printf ("Contact: <sip:1004@127.0.0.1:%u>\r\nExpires: 30\r\n", raw->port);
  g_autofree char *long_ = g_strdup_printf ("Contact: <sip:1004@127.0.0.1:%u>;expires=100000\r\n", raw->port);
  g_autofree char *none = g_strdup_printf ("Contact: <sip:1004@127.0.0.1:%u>\r\n", raw->port);
  g_autofree char *response = NULL;
  g_autofree char *min_expires = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  guint cseq = 1;

  /* Below the minimum: 423 with Min-Expires, and nothing bound. */
  response = raw_register (raw, "1004", "demo", pw, "raw-expires", &cseq, brief);
  g_assert_cmpint (status_of (response), ==, 423);
  min_expires = header_of (response, "Min-Expires", NULL);
  g_assert_cmpstr (min_expires, ==, "60");
  g_assert_cmpuint (n_bindings ("demo", "1004"), ==, 0);
  g_clear_pointer (&response, g_free);

  /* Above the maximum: an hour. */
  response = raw_register_once (raw, "1004", "demo", pw, raw->nonce, "raw-expires", ++cseq, long_);
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (contacts, 0), ";expires=3600"));
  g_clear_pointer (&contacts, g_ptr_array_unref);
  g_clear_pointer (&response, g_free);

  /* Neither a contact expires nor an Expires header: an hour too. */
  response = raw_register_once (raw, "1004", "demo", pw, raw->nonce, "raw-expires", ++cseq, none);
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_nonnull (strstr (g_ptr_array_index (contacts, 0), ";expires=3600"));
  raw_free (raw);
}

static void
test_out_of_order (void)
{
  g_autofree char *pw = sip_password ("1004");
  Raw *raw = raw_new (server->sip_port);
  g_autofree char *contact = g_strdup_printf ("Contact: <sip:1004@127.0.0.1:%u>;expires=300\r\n", raw->port);
  g_autofree char *response = NULL;
  guint cseq = 10;

  response = raw_register (raw, "1004", "demo", pw, "raw-order", &cseq, contact);
  g_assert_cmpint (status_of (response), ==, 200);
  g_clear_pointer (&response, g_free);
  /* An older CSeq, and the same one again, of the same Call-ID: refused. */
  response = raw_register_once (raw, "1004", "demo", pw, raw->nonce, "raw-order", 5, contact);
  g_assert_cmpint (status_of (response), ==, 500);
  g_clear_pointer (&response, g_free);
  /* (Sent with another From tag: the same tag would be a merged request, 482, which the
   * transaction layer answers before the registrar sees it.) */
  raw->from_tag = "raw-again";
  response = raw_register_once (raw, "1004", "demo", pw, raw->nonce, "raw-order", cseq, contact);
  g_assert_cmpint (status_of (response), ==, 500);
  g_clear_pointer (&response, g_free);
  response = raw_register_once (raw, "1004", "demo", pw, raw->nonce, "raw-order", cseq + 1, contact);
  g_assert_cmpint (status_of (response), ==, 200);
  raw_free (raw);
}

static void
test_contact_star (void)
{
  g_autofree char *pw = sip_password ("1005");
  Raw *raw = raw_new (server->sip_port);
  g_autofree char *two = g_strdup_printf ("Contact: <sip:1005@127.0.0.1:%u>\r\n"
                                          "Contact: <sip:1005@127.0.0.1:%u;transport=tcp>\r\n"
                                          "Expires: 300\r\n", raw->port, raw->port);
  g_autofree char *response = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  guint cseq = 1;

  response = raw_register (raw, "1005", "demo", pw, "raw-star", &cseq, two);
  g_assert_cmpint (status_of (response), ==, 200);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpuint (n_bindings ("demo", "1005"), ==, 2);
  g_clear_pointer (&response, g_free);

  /* Contact: * is only for Expires: 0. */
  response = raw_register_once (raw, "1005", "demo", pw, raw->nonce, "raw-star", ++cseq,
                                "Contact: *\r\nExpires: 300\r\n");
  g_assert_cmpint (status_of (response), ==, 400);
  g_clear_pointer (&response, g_free);
  response = raw_register_once (raw, "1005", "demo", pw, raw->nonce, "raw-star", ++cseq,
                                "Contact: *\r\nExpires: 0\r\n");
  g_assert_cmpint (status_of (response), ==, 200);
  g_clear_pointer (&contacts, g_ptr_array_unref);
  contacts = contacts_of (response);
  g_assert_cmpuint (contacts->len, ==, 0);
  g_assert_cmpuint (n_bindings ("demo", "1005"), ==, 0);
  raw_free (raw);
}

static void
test_forged (void)
{
  g_autofree char *pw4 = sip_password ("1004");
  Raw *raw = raw_new (server->sip_port);
  g_autofree char *contact = g_strdup_printf ("Contact: <sip:1005@127.0.0.1:%u>\r\n", raw->port);
  g_autofree char *response = NULL;
  g_autofree char *challenge = NULL;
  guint cseq = 1;

  /* A nonce the server never made, with the right password: challenged again, not stale. */
  response = raw_register_once (raw, "1004", "demo", pw4, "0000000065000000deadbeefdeadbeefdeadbeefdeadbeef",
                                "raw-forged", cseq++, contact);
  g_assert_cmpint (status_of (response), ==, 401);
  challenge = header_of (response, "WWW-Authenticate", NULL);
  g_assert_nonnull (strstr (challenge, "realm=\"demo\""));
  g_assert_null (strstr (challenge, "stale"));
  g_clear_pointer (&response, g_free);

  /* The right credentials of 1004 do not register 1005. */
  response = raw_register (raw, "1004>1005", "demo", pw4, "raw-forged", &cseq, contact);
  g_assert_cmpint (status_of (response), ==, 403);
  g_assert_cmpuint (n_bindings ("demo", "1005"), ==, 0);
  raw_free (raw);
}

/* wcc-sim registers with --account/--password/--registrar, and un-registers as it ends. */
static void
test_sim (void)
{
  g_autofree char *pw = sip_password ("1007");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *bin = g_build_filename (g_getenv ("WCC_BUILD_ROOT"), "src", "sim", "wcc-sim", NULL);
  g_autoptr(GPtrArray) bindings = NULL;
  gboolean registered = FALSE;

  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          bin, "--json", "--account", "1007@demo", "--password", pw,
                          "--registrar", registrar, "--answer", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  while (!registered)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *event;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_test_message ("wcc-sim: %s", line);
      g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
      event = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "event");
      g_assert_cmpstr (event, !=, "failed");
      registered = g_strcmp0 (event, "registered") == 0;
    }
  bindings = bindings_of ("demo", "1007");
  g_assert_cmpuint (bindings->len, ==, 1);
  g_test_message ("wcc-sim's binding: %s (%s)", ((WccStoreSipBinding *) g_ptr_array_index (bindings, 0))->contact,
                  ((WccStoreSipBinding *) g_ptr_array_index (bindings, 0))->user_agent);

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_bindings ("demo", "1007"), ==, 0);

  /* A wrong password: it reports the failure and exits non-zero. */
  g_clear_object (&sim);
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          bin, "--json", "--account", "1007@demo", "--password", "wrong",
                          "--registrar", registrar, "--answer", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (sim), !=, 0);
}

/* Bindings live in the store: a server killed outright and started again on the same data
 * folder and port still has them, and the phone's next REGISTER (the old nonce is no
 * longer valid) is challenged and accepted. */
static void
test_restart (void)
{
  g_autofree char *pw = sip_password ("1001");
  g_autofree char *sip_listen = NULL;
  g_autofree char *data_dir = g_strdup (server->data_dir);
  const char *args[] = { "--demo", "--sip", NULL, NULL };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  WccParty *party = party_register ("1001", "demo", pw, WCC_TRANSPORT_UDP, WCC_ACCOUNT_REGISTERED);
  WccStoreSipBinding *old_binding, *new_binding;

  before = bindings_of ("demo", "1001");
  g_assert_cmpuint (before->len, ==, 1);

  sip_listen = g_strdup_printf ("127.0.0.1:%u", server->sip_port);
  args[2] = sip_listen;
  server->owns_data_dir = FALSE;
  g_subprocess_force_exit (server->process);
  wcc_test_server_stop (server);
  server = wcc_test_server_start (data_dir, args);
  server->owns_data_dir = TRUE;
  g_assert_cmpuint (server->sip_port, ==, g_ascii_strtoull (strchr (sip_listen, ':') + 1, NULL, 10));

  after = bindings_of ("demo", "1001");
  g_assert_cmpuint (after->len, ==, 1);
  old_binding = g_ptr_array_index (before, 0);
  new_binding = g_ptr_array_index (after, 0);
  g_assert_cmpstr (old_binding->contact, ==, new_binding->contact);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* The phone refreshes: a new nonce, the same binding moved on. */
  wcc_account_register (party->account);
  wcc_party_wait_account (party, WCC_ACCOUNT_REGISTERED, 5000);
  after = bindings_of ("demo", "1001");
  g_assert_cmpuint (after->len, ==, 1);
  new_binding = g_ptr_array_index (after, 0);
  g_assert_cmpstr (old_binding->contact, ==, new_binding->contact);
  g_assert_cmpuint (new_binding->cseq, >, old_binding->cseq);
  wcc_party_free (party);
}

int
main (int argc, char **argv)
{
  const char *args[] = { "--demo", NULL };
  static const char *const agents[] = { "1001", "1002", "1003", "1004", "1005", "1007" };
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (150);
  wcc_tone_detect_init ();

  server = wcc_test_server_start (NULL, args);
  registrar = g_strdup_printf ("127.0.0.1:%u", server->sip_port);
  store = open_store (server->data_dir);
  /* Set again over the demo's (the same), except 1006: /sip/registrar/refused takes its away. */
  for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
    {
      g_autofree char *password = sip_password (agents[i]);
      set_sip_password ("demo", agents[i], password);
    }

  g_test_add_func ("/sip/registrar/udp-and-tcp", test_udp_and_tcp);
  g_test_add_func ("/sip/registrar/refused", test_refused);
  g_test_add_func ("/sip/registrar/other-client", test_other_client);
  g_test_add_func ("/sip/registrar/two-devices", test_two_devices);
  g_test_add_func ("/sip/registrar/expires", test_expires);
  g_test_add_func ("/sip/registrar/out-of-order", test_out_of_order);
  g_test_add_func ("/sip/registrar/contact-star", test_contact_star);
  g_test_add_func ("/sip/registrar/forged", test_forged);
  g_test_add_func ("/sip/registrar/wcc-sim", test_sim);
  g_test_add_func ("/sip/registrar/restart", test_restart);
  status = g_test_run ();

  g_clear_object (&store);
  wcc_test_server_stop (server);
  g_free (registrar);
  return status;
}
