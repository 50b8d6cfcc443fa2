/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-registrar.c: REGISTER with digest authentication (employee-id@client, realm =
 * client); bindings in the store with expiry; the digest check for the B2BUA's requests. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>

#include "wcc-error.h"
#include "wcc-sip-auth.h"
#include "wcc-sip-private.h"
#include "wcc-time.h"

#define MIN_EXPIRES        60
#define MAX_EXPIRES        3600
#define DEFAULT_EXPIRES    3600
#define PURGE_SECONDS      10
/* Client names are short (see wcc_client_name_is_valid); a longer host is no client. */
#define REALM_MAX          64
/* Contacts in one REGISTER, and the length of one contact URI. */
#define MAX_CONTACTS       16
#define CONTACT_MAX        512
#define SOURCE_MAX         (INET6_ADDRSTRLEN + 16)

struct _WccSipRegistrar
{
  WccSipServer               *server;   /* owns us */
  const WccSipAuthKey        *key;
  GHashTable                 *counts;   /* user id (gint64 *) → WccStoreSipCount last reported */
  WccSipRegistrationsChanged  changed;
  gpointer                    changed_data;
  GString                    *reply_contacts;  /* the 200's Contact, reused */
  gint64                      reply_now;
  guint                       purge_id;
  gboolean                    debug;    /* debug output wanted: only then format it */
};

static nua_t *
registrar_nua (WccSipRegistrar *self)
{
  return wcc_sip_server_get_nua (self->server);
}

static WccStore *
registrar_store (WccSipRegistrar *self)
{
  return wcc_sip_server_get_store (self->server);
}

static void
remember_count (WccSipRegistrar        *self,
                const WccStoreSipCount *count)
{
  if (count->count == 0)
    g_hash_table_remove (self->counts, &count->user_id);
  else
    g_hash_table_replace (self->counts, g_memdup2 (&count->user_id, sizeof count->user_id),
                          g_memdup2 (count, sizeof *count));
}

/* Remembers the agent's count and tells the listener when it changed. */
static void
report_count (WccSipRegistrar *self,
              gint64           client_id,
              gint64           user_id,
              guint            count)
{
  const WccStoreSipCount *known = g_hash_table_lookup (self->counts, &user_id);
  WccStoreSipCount now = { .client_id = client_id, .user_id = user_id, .count = count };

  if ((known != NULL ? known->count : 0) == count)
    return;
  remember_count (self, &now);
  if (self->debug)
    g_debug ("agent %" G_GINT64_FORMAT " of client %" G_GINT64_FORMAT ": %u registration(s)",
             user_id, client_id, count);
  if (self->changed != NULL)
    self->changed (client_id, user_id, count, self->changed_data);
}

/* Counts again from the store: bindings also end without a REGISTER (a desktop session's,
 * when the session ends). */
static void
recount (WccSipRegistrar *self)
{
  g_autoptr(GArray) registered = wcc_store_sip_registered_agents (registrar_store (self), wcc_time_now ());
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  WccStoreSipCount *known;

  for (guint i = 0; i < registered->len; i++)
    {
      WccStoreSipCount *count = &g_array_index (registered, WccStoreSipCount, i);

      g_hash_table_add (seen, &count->user_id);
      report_count (self, count->client_id, count->user_id, count->count);
    }
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &known))
    if (!g_hash_table_contains (seen, &known->user_id))
      g_ptr_array_add (gone, g_memdup2 (known, sizeof *known));
  for (guint i = 0; i < gone->len; i++)
    {
      const WccStoreSipCount *count = g_ptr_array_index (gone, i);

      report_count (self, count->client_id, count->user_id, 0);
    }
}

/* The realm of a request is the client named by the host of @identity, in lower case. */
static gboolean
realm_of (const url_t *identity,
          char         realm[REALM_MAX])
{
  const char *host = identity != NULL ? identity->url_host : NULL;
  gsize len = host != NULL ? strlen (host) : 0;

  if (len == 0 || len >= REALM_MAX)
    return FALSE;
  for (gsize i = 0; i <= len; i++)
    realm[i] = g_ascii_tolower (host[i]);
  return TRUE;
}

static void
respond_challenge (WccSipRegistrar *self,
                   nua_handle_t    *nh,
                   gboolean         proxy,
                   const char      *realm,
                   gboolean         stale,
                   gint64           now)
{
  g_autofree char *challenge = wcc_sip_auth_challenge (self->key, realm, stale, now);

  if (proxy)
    nua_respond (nh, 407, sip_407_Proxy_auth_required, NUTAG_WITH_THIS (registrar_nua (self)),
                 SIPTAG_PROXY_AUTHENTICATE_STR (challenge), TAG_END ());
  else
    nua_respond (nh, 401, sip_401_Unauthorized, NUTAG_WITH_THIS (registrar_nua (self)),
                 SIPTAG_WWW_AUTHENTICATE_STR (challenge), TAG_END ());
}

/* The Digest credentials of @sip for @realm, parsed; FALSE when there are none. */
static gboolean
credentials_of (const sip_t       *sip,
                gboolean           proxy,
                const char        *realm,
                WccSipCredentials *credentials)
{
  const msg_auth_t *header;

  header = wcc_sip_auth_find_credentials (proxy ? sip->sip_proxy_authorization : sip->sip_authorization,
                                          realm);
  return header != NULL && wcc_sip_auth_parse_params (header->au_params, credentials) &&
         credentials->username != NULL;
}

/* Checks @credentials against the store as the user of @identity (To of a REGISTER, From of
 * other requests). Unknown client, unknown user, no SIP password and a wrong password all
 * get the same challenge again; right credentials for another user than @identity's get
 * 403. Answers itself and returns FALSE unless authenticated. */
static gboolean
check_credentials (WccSipRegistrar         *self,
                   nua_handle_t            *nh,
                   const sip_t             *sip,
                   const url_t             *identity,
                   gboolean                 proxy,
                   const char              *realm,
                   const WccSipCredentials *credentials,
                   gint64                   now,
                   WccStoreSipAccount      *account)
{
  gboolean found;
  WccSipAuthResult result;

  found = wcc_store_sip_account_find (registrar_store (self), realm, credentials->username, account);
  result = wcc_sip_auth_check (self->key, sip->sip_request->rq_method_name, sip->sip_request->rq_url,
                               credentials, realm,
                               found && account->has_ha1 ? account->ha1 : NULL, now);
  /* Not the extension's password: perhaps a desktop session's (POST /me/sip-account). An
   * unknown account does the same work (a query and one more check) as a known one. */
  if (result == WCC_SIP_AUTH_FAILED)
    {
      g_autoptr(GArray) keys = wcc_store_sip_session_keys (registrar_store (self),
                                                           found ? account->user_id : 0, wcc_time_now ());

      if (keys->len == 0)
        wcc_sip_auth_check (self->key, sip->sip_request->rq_method_name, sip->sip_request->rq_url,
                            credentials, realm, NULL, now);
      for (guint i = 0; i < keys->len && result == WCC_SIP_AUTH_FAILED; i++)
        {
          const WccStoreSipSessionKey *key = &g_array_index (keys, WccStoreSipSessionKey, i);

          result = wcc_sip_auth_check (self->key, sip->sip_request->rq_method_name, sip->sip_request->rq_url,
                                       credentials, realm, key->ha1, now);
          if (result == WCC_SIP_AUTH_OK)
            account->session_id = key->session_id;
        }
    }
  if (result != WCC_SIP_AUTH_OK)
    {
      if (self->debug)
        g_debug ("%s from %s@%s: %s", sip->sip_request->rq_method_name, credentials->username, realm,
                 result == WCC_SIP_AUTH_STALE ? "stale nonce" : "authentication failed");
      respond_challenge (self, nh, proxy, realm, result == WCC_SIP_AUTH_STALE, now);
      return FALSE;
    }
  /* Right credentials, but for another account than the request speaks for. */
  if (strcmp (credentials->username, identity->url_user) != 0)
    {
      nua_respond (nh, 403, sip_403_Forbidden, NUTAG_WITH_THIS (registrar_nua (self)), TAG_END ());
      return FALSE;
    }
  return TRUE;
}

/* The first checks of any request: a realm and credentials, else 403 or a challenge. */
static gboolean
precheck (WccSipRegistrar   *self,
          nua_handle_t      *nh,
          const sip_t       *sip,
          const url_t       *identity,
          gboolean           proxy,
          gint64             now,
          char               realm[REALM_MAX],
          WccSipCredentials *credentials)
{
  if (sip->sip_request == NULL || !realm_of (identity, realm) || identity->url_user == NULL)
    {
      nua_respond (nh, 403, sip_403_Forbidden, NUTAG_WITH_THIS (registrar_nua (self)), TAG_END ());
      return FALSE;
    }
  if (!credentials_of (sip, proxy, realm, credentials))
    {
      respond_challenge (self, nh, proxy, realm, FALSE, now);
      return FALSE;
    }
  return TRUE;
}

/* "udp:127.0.0.1:5070" or "tcp:[::1]:5070": where the request came from. */
static void
describe_source (WccSipRegistrar *self,
                 char             out[SOURCE_MAX])
{
  msg_t *msg = nua_current_request (registrar_nua (self));
  su_addrinfo_t *ai = msg != NULL ? msg_addrinfo (msg) : NULL;
  const char *transport;
  char host[INET6_ADDRSTRLEN] = "";
  guint port = 0;

  out[0] = '\0';
  if (ai == NULL || ai->ai_addr == NULL)
    return;
  transport = ai->ai_protocol == IPPROTO_TCP ? "tcp" : ai->ai_protocol == IPPROTO_UDP ? "udp" : "other";
  if (ai->ai_addr->sa_family == AF_INET)
    {
      const struct sockaddr_in *sin = (const struct sockaddr_in *) ai->ai_addr;

      inet_ntop (AF_INET, &sin->sin_addr, host, sizeof host);
      port = ntohs (sin->sin_port);
      g_snprintf (out, SOURCE_MAX, "%s:%s:%u", transport, host, port);
    }
  else if (ai->ai_addr->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ai->ai_addr;

      inet_ntop (AF_INET6, &sin6->sin6_addr, host, sizeof host);
      port = ntohs (sin6->sin6_port);
      g_snprintf (out, SOURCE_MAX, "%s:[%s]:%u", transport, host, port);
    }
}

static void
append_reply_contact (const char *contact,
                      gint64      expires_at,
                      gpointer    user_data)
{
  WccSipRegistrar *self = user_data;
  char expires[24];

  g_snprintf (expires, sizeof expires, "%" G_GINT64_FORMAT, MAX (expires_at - self->reply_now, 0));
  if (self->reply_contacts->len > 0)
    g_string_append (self->reply_contacts, ", ");
  g_string_append_c (self->reply_contacts, '<');
  g_string_append (self->reply_contacts, contact);
  g_string_append (self->reply_contacts, ">;expires=");
  g_string_append (self->reply_contacts, expires);
}

static void
respond_simple (WccSipRegistrar *self,
                nua_handle_t    *nh,
                int              status,
                const char      *phrase)
{
  nua_respond (nh, status, phrase, NUTAG_WITH_THIS (registrar_nua (self)), TAG_END ());
  nua_handle_destroy (nh);
}

static gboolean
on_purge (gpointer user_data)
{
  wcc_sip_registrar_purge (user_data);
  return G_SOURCE_CONTINUE;
}

WccSipRegistrar *
wcc_sip_registrar_new (WccSipServer *server)
{
  WccSipRegistrar *self = g_new0 (WccSipRegistrar, 1);
  g_autoptr(GArray) registered = NULL;

  self->server = server;
  self->key = wcc_sip_auth_process_key ();
  self->counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->reply_contacts = g_string_sized_new (256);
  self->debug = !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
  /* Bindings outlive a restart: start from what the store holds. */
  registered = wcc_store_sip_registered_agents (registrar_store (self), wcc_time_now ());
  for (guint i = 0; i < registered->len; i++)
    {
      const WccStoreSipCount *count = &g_array_index (registered, WccStoreSipCount, i);

      remember_count (self, count);
    }
  self->purge_id = g_timeout_add_seconds (PURGE_SECONDS, on_purge, self);
  return self;
}

void
wcc_sip_registrar_free (WccSipRegistrar *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->purge_id, g_source_remove);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_string_free (self->reply_contacts, TRUE);
  g_free (self);
}

/* Reads the Contact headers into @contacts; 0, or the status to refuse the request with. */
static int
read_contacts (const sip_t        *sip,
               WccStoreSipContact  contacts[MAX_CONTACTS],
               char                uris[MAX_CONTACTS][CONTACT_MAX],
               guint              *n_contacts)
{
  *n_contacts = 0;
  for (const sip_contact_t *m = sip->sip_contact; m != NULL; m = m->m_next)
    {
      unsigned long expires = DEFAULT_EXPIRES;

      if (sip->sip_expires != NULL)
        expires = sip->sip_expires->ex_delta;
      if (m->m_expires != NULL)
        expires = strtoul (m->m_expires, NULL, 10);

      /* Contact: * removes every binding, only alone and with Expires: 0 (RFC 3261 §10.3). */
      if (m->m_url->url_type == url_any)
        {
          if (m != sip->sip_contact || m->m_next != NULL || sip->sip_expires == NULL ||
              sip->sip_expires->ex_delta != 0)
            return 400;
          contacts[0].contact = NULL;
          contacts[0].expires = 0;
          *n_contacts = 1;
          return 0;
        }
      if (m->m_url->url_type != url_sip && m->m_url->url_type != url_sips)
        return 416;
      if (expires != 0 && expires < MIN_EXPIRES)
        return 423;
      if (*n_contacts == MAX_CONTACTS ||
          url_e (uris[*n_contacts], CONTACT_MAX, m->m_url) >= CONTACT_MAX)
        return 400;
      contacts[*n_contacts].contact = uris[*n_contacts];
      contacts[*n_contacts].expires = (guint) MIN (expires, MAX_EXPIRES);
      ++*n_contacts;
    }
  return 0;
}

void
wcc_sip_registrar_handle (WccSipRegistrar *self,
                          nua_handle_t    *nh,
                          const sip_t     *sip)
{
  WccStore *store = registrar_store (self);
  WccStoreSipContact contacts[MAX_CONTACTS];
  char uris[MAX_CONTACTS][CONTACT_MAX];
  char source[SOURCE_MAX];
  char realm[REALM_MAX];
  WccSipCredentials credentials;
  WccStoreSipAccount account;
  g_autoptr(GError) error = NULL;
  guint n_contacts = 0;
  guint count;
  int refused;
  gint64 now = wcc_time_now ();

  g_return_if_fail (self != NULL);

  if (sip == NULL || sip->sip_to == NULL || sip->sip_call_id == NULL || sip->sip_cseq == NULL)
    {
      respond_simple (self, nh, 400, sip_400_Bad_request);
      return;
    }
  if (!precheck (self, nh, sip, sip->sip_to->a_url, FALSE, now, realm, &credentials))
    {
      nua_handle_destroy (nh);
      return;
    }

  if (!check_credentials (self, nh, sip, sip->sip_to->a_url, FALSE, realm, &credentials, now, &account))
    {
      nua_handle_destroy (nh);
      return;
    }
  refused = read_contacts (sip, contacts, uris, &n_contacts);
  for (guint i = 0; i < n_contacts; i++)
    contacts[i].session_id = account.session_id;
  if (refused == 423)
    {
      nua_respond (nh, 423, sip_423_Interval_too_brief, NUTAG_WITH_THIS (registrar_nua (self)),
                   SIPTAG_MIN_EXPIRES_STR (G_STRINGIFY (MIN_EXPIRES)), TAG_END ());
      nua_handle_destroy (nh);
      return;
    }
  if (refused != 0)
    {
      respond_simple (self, nh, refused, refused == 416 ? sip_416_Unsupported_uri : sip_400_Bad_request);
      return;
    }

  /* One transaction: the bindings, and what the 200 lists. */
  describe_source (self, source);
  g_string_truncate (self->reply_contacts, 0);
  self->reply_now = now;
  if (!wcc_store_sip_register (store, account.client_id, account.user_id, contacts, n_contacts,
                               sip->sip_call_id->i_id, sip->sip_cseq->cs_seq, source,
                               sip->sip_user_agent ? sip->sip_user_agent->g_string : NULL,
                               now, append_reply_contact, self, &count, &error))
    {
      /* Out of order: the update is aborted and the request fails (RFC 3261 §10.3). */
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        {
          if (self->debug)
            g_debug ("REGISTER of %" G_GINT64_FORMAT ": %s", account.user_id, error->message);
          respond_simple (self, nh, 500, sip_500_Internal_server_error);
        }
      else
        {
          g_warning ("REGISTER: %s", error->message);
          respond_simple (self, nh, 503, sip_503_Service_unavailable);
        }
      return;
    }
  nua_respond (nh, 200, sip_200_OK, NUTAG_WITH_THIS (registrar_nua (self)),
               TAG_IF (count > 0, SIPTAG_CONTACT_STR (self->reply_contacts->str)),
               TAG_END ());
  nua_handle_destroy (nh);
  report_count (self, account.client_id, account.user_id, count);
}

gboolean
wcc_sip_registrar_authenticate (WccSipRegistrar *self,
                                nua_handle_t    *nh,
                                const sip_t     *sip,
                                gboolean         proxy,
                                gint64          *out_client_id,
                                gint64          *out_user_id)
{
  WccStoreSipAccount account;
  WccSipCredentials credentials;
  char realm[REALM_MAX];
  gint64 now = wcc_time_now ();

  g_return_val_if_fail (self != NULL && nh != NULL && sip != NULL, FALSE);

  if (sip->sip_from == NULL)
    {
      nua_respond (nh, 400, sip_400_Bad_request, NUTAG_WITH_THIS (registrar_nua (self)), TAG_END ());
      return FALSE;
    }
  if (!precheck (self, nh, sip, sip->sip_from->a_url, proxy, now, realm, &credentials) ||
      !check_credentials (self, nh, sip, sip->sip_from->a_url, proxy, realm, &credentials, now, &account))
    return FALSE;
  if (out_client_id != NULL)
    *out_client_id = account.client_id;
  if (out_user_id != NULL)
    *out_user_id = account.user_id;
  return TRUE;
}

static void
add_lookup_contact (const char *contact,
                    gint64      expires_at,
                    gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (contact));
}

GPtrArray *
wcc_sip_registrar_lookup (WccSipRegistrar *self,
                          gint64           client_id,
                          gint64           user_id)
{
  GPtrArray *contacts;

  g_return_val_if_fail (self != NULL, NULL);

  contacts = g_ptr_array_new_with_free_func (g_free);
  wcc_store_sip_binding_foreach (registrar_store (self), client_id, user_id, wcc_time_now (),
                                 add_lookup_contact, contacts);
  return contacts;
}

guint
wcc_sip_registrar_count (WccSipRegistrar *self,
                         gint64           client_id,
                         gint64           user_id)
{
  g_return_val_if_fail (self != NULL, 0);

  return wcc_store_sip_binding_foreach (registrar_store (self), client_id, user_id,
                                        wcc_time_now (), NULL, NULL);
}

void
wcc_sip_registrar_set_changed_func (WccSipRegistrar            *self,
                                    WccSipRegistrationsChanged  func,
                                    gpointer                    user_data)
{
  g_autoptr(GArray) registered = NULL;

  g_return_if_fail (self != NULL);

  self->changed = func;
  self->changed_data = user_data;
  if (func == NULL)
    return;
  registered = wcc_store_sip_registered_agents (registrar_store (self), wcc_time_now ());
  for (guint i = 0; i < registered->len; i++)
    {
      const WccStoreSipCount *count = &g_array_index (registered, WccStoreSipCount, i);

      remember_count (self, count);
      func (count->client_id, count->user_id, count->count, user_data);
    }
}

void
wcc_sip_registrar_purge (WccSipRegistrar *self)
{
  g_autoptr(GArray) changed = NULL;

  g_return_if_fail (self != NULL);

  changed = wcc_store_sip_binding_purge (registrar_store (self), wcc_time_now ());
  for (guint i = 0; i < changed->len; i++)
    {
      const WccStoreSipCount *count = &g_array_index (changed, WccStoreSipCount, i);

      report_count (self, count->client_id, count->user_id, count->count);
    }
  recount (self);
}
