/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-server.c: the server's Sofia-SIP stack on the main loop; REGISTER goes to the
 * registrar, everything else to the B2BUA. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/soa_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/tport_tag.h>
#include <sofia-sip/sip_status.h>

#include "wcc-error.h"
#include "wcc-sip-private.h"
#include "wcc-sofia-exit.h"

#define START_DEADLINE_US (5 * G_USEC_PER_SEC)

struct _WccSipServer
{
  GObject          parent_instance;
  WccStore        *store;
  char            *address;
  guint16          port;
  nua_t           *nua;
  char            *tls_address;  /* NULL: no SIP over TLS */
  guint16          tls_port;
  char            *certificate_dir;
  gboolean         bound;        /* the port is known */
  gboolean         stopping;
  WccSipRegistrar *registrar;
  WccSipB2bua     *b2bua;
};

G_DEFINE_FINAL_TYPE (WccSipServer, wcc_sip_server, G_TYPE_OBJECT)

/* Sofia's own log lines (a bind that failed, a transport error) go to the debug log: the
 * server reports what they mean itself, in one line. */
static void
on_sofia_log (void       *stream,
              const char *format,
              va_list     args)
{
  g_autofree char *line = g_strdup_vprintf (format, args);

  g_log ("sofia", G_LOG_LEVEL_DEBUG, "%s", g_strchomp (line));
}

/* One Sofia root per process, on the main context. */
static su_root_t *
sofia_root (void)
{
  static su_root_t *root = NULL;

  if (g_once_init_enter (&root))
    {
      su_root_t *created;

      su_init ();
      su_log_redirect (su_log_default, on_sofia_log, NULL);
      created = su_glib_root_create (NULL);
      /* The stack runs in this thread too: no events crossing threads (and no extra
       * thread at all), one main loop as the design has it. */
      su_root_threading (created, 0);
      g_source_attach (su_glib_root_gsource (created), NULL);
      g_once_init_leave (&root, created);
    }
  return root;
}

static void
on_bound (WccSipServer *self,
          tagi_t        tags[])
{
  sip_contact_t const *contact = NULL;

  /* A port given (or picked before TLS) is the one; only Sofia's own "*" needs reading. */
  tl_gets (tags, NTATAG_CONTACT_REF (contact), TAG_END ());
  if (self->port == 0 && contact != NULL)
    self->port = contact->m_url->url_port != NULL
                 ? (guint16) g_ascii_strtoull (contact->m_url->url_port, NULL, 10) : 5060;
  self->bound = TRUE;
}

static void
on_nua_event (nua_event_t   event,
              int           status,
              char const   *phrase,
              nua_t        *nua,
              nua_magic_t  *magic,
              nua_handle_t *nh,
              nua_hmagic_t *hmagic,
              sip_t const  *sip,
              tagi_t        tags[])
{
  WccSipServer *self = magic;

  switch (event)
    {
    case nua_r_get_params:
      on_bound (self, tags);
      return;
    case nua_r_shutdown:
      if (status >= 200)
        {
          nua_destroy (self->nua);
          self->nua = NULL;
          /* Taken when the shutdown started. */
          g_object_unref (self);
        }
      return;
    case nua_i_register:
      if (self->stopping)
        {
          nua_respond (nh, 503, sip_503_Service_unavailable, NUTAG_WITH_THIS (nua), TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
      wcc_sip_registrar_handle (self->registrar, nh, sip);
      return;
    default:
      wcc_sip_b2bua_handle (self->b2bua, event, status, phrase, nh, hmagic, sip, tags);
      return;
    }
}

WccSipB2bua *
wcc_sip_server_get_b2bua (WccSipServer *self)
{
  return self->b2bua;
}

static void
wcc_sip_server_dispose (GObject *object)
{
  WccSipServer *self = WCC_SIP_SERVER (object);

  g_clear_pointer (&self->b2bua, wcc_sip_b2bua_free);
  g_clear_pointer (&self->registrar, wcc_sip_registrar_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wcc_sip_server_parent_class)->dispose (object);
}

static void
wcc_sip_server_finalize (GObject *object)
{
  WccSipServer *self = WCC_SIP_SERVER (object);

  g_free (self->address);
  g_free (self->tls_address);
  g_free (self->certificate_dir);

  G_OBJECT_CLASS (wcc_sip_server_parent_class)->finalize (object);
}

static void
wcc_sip_server_class_init (WccSipServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_sip_server_dispose;
  object_class->finalize = wcc_sip_server_finalize;
}

static void
wcc_sip_server_init (WccSipServer *self)
{
}

WccSipServer *
wcc_sip_server_new (WccStore   *store,
                    const char *address,
                    guint16     port)
{
  WccSipServer *self;

  g_return_val_if_fail (WCC_IS_STORE (store), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (WCC_TYPE_SIP_SERVER, NULL);
  self->store = g_object_ref (store);
  self->address = g_strdup (address);
  self->port = port;
  self->registrar = wcc_sip_registrar_new (self);
  self->b2bua = wcc_sip_b2bua_new (self);
  return self;
}

/* A port free for both UDP and TCP on @address, as the kernel hands one out. */
static gboolean
pick_free_port (const char  *address,
                guint16     *out_port,
                GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  for (guint attempt = 0; inet != NULL && attempt < 16; attempt++)
    {
      g_autoptr(GSocket) udp = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                                             G_SOCKET_PROTOCOL_UDP, error);
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (inet, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same = NULL;
      guint16 port;

      if (udp == NULL || !g_socket_bind (udp, any, FALSE, error))
        return FALSE;
      bound = g_socket_get_local_address (udp, error);
      if (bound == NULL)
        return FALSE;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      tcp = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                          G_SOCKET_PROTOCOL_TCP, NULL);
      same = g_inet_socket_address_new (inet, port);
      if (tcp != NULL && g_socket_bind (tcp, same, FALSE, NULL))
        {
          *out_port = port;
          return TRUE;
        }
    }
  g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, _("no free SIP port on %s"), address);
  return FALSE;
}

gboolean
wcc_sip_server_start (WccSipServer  *self,
                      GError       **error)
{
  g_autofree char *url = NULL;
  g_autofree char *sips_url = NULL;
  gint64 deadline;
  gboolean v6;

  g_return_val_if_fail (WCC_IS_SIP_SERVER (self), FALSE);
  g_return_val_if_fail (self->nua == NULL, FALSE);

  /* GStreamer (supervised calls' media) loads its registry now, not during a call. */
  wcc_supervision_mixer_init ();

  if (self->tls_address != NULL)
    {
      g_autofree char *agent = g_build_filename (self->certificate_dir, "agent.pem", NULL);
      g_autofree char *cafile = g_build_filename (self->certificate_dir, "cafile.pem", NULL);

      sips_url = wcc_sip_server_get_sips_uri (self);
      /* Sofia-SIP would start without TLS rather than fail: check first. */
      if (g_access (agent, R_OK) != 0 || g_access (cafile, R_OK) != 0)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                       _("cannot start SIP over TLS on %s: the address may be in use, or %s lacks a readable agent.pem and cafile.pem"),
                       sips_url, self->certificate_dir);
          return FALSE;
        }
      /* With TLS beside it Sofia reports only the sips: contact: a free port is chosen
       * here so that the plain one is known. */
      if (self->port == 0 && !pick_free_port (self->address, &self->port, error))
        return FALSE;
    }
  v6 = strchr (self->address, ':') != NULL;
  if (self->port != 0)
    url = g_strdup_printf (v6 ? "sip:[%s]:%u" : "sip:%s:%u", self->address, self->port);
  else
    url = g_strdup_printf (v6 ? "sip:[%s]:*" : "sip:%s:*", self->address);

  self->nua = nua_create (sofia_root (), on_nua_event, self,
                          NUTAG_URL (url),
                          TAG_IF (sips_url != NULL, NUTAG_SIPS_URL (sips_url)),
                          TAG_IF (sips_url != NULL, TPTAG_CERTIFICATE (self->certificate_dir)),
                          /* Phones have no certificates of their own; the server's proves it. */
                          TAG_IF (sips_url != NULL, TPTAG_TLS_VERIFY_POLICY (TPTLS_VERIFY_NONE)),
                          NUTAG_MEDIA_ENABLE (0),
                          NUTAG_AUTOALERT (0),
                          NUTAG_AUTOANSWER (0),
                          NUTAG_AUTOACK (0),
                          NUTAG_ENABLEMESSAGE (0),
                          NUTAG_APPL_METHOD ("REGISTER"),
                          NUTAG_ALLOW ("INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, INFO, REGISTER"),
                          NUTAG_OUTBOUND ("no-validate no-natify no-options-keepalive"),
                          SIPTAG_SERVER_STR ("WCC-Server/" PACKAGE_VERSION),
                          SIPTAG_USER_AGENT_STR ("WCC-Server/" PACKAGE_VERSION),
                          TAG_END ());
  if (self->nua == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                   _("cannot start SIP on %s: the address may be in use or not this machine’s"),
                   url);
      return FALSE;
    }

  /* The bound port comes back as nua_r_get_params. */
  nua_get_params (self->nua, TAG_ANY (), TAG_END ());
  deadline = g_get_monotonic_time () + START_DEADLINE_US;
  while (!self->bound && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!self->bound)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                   _("cannot start SIP on %s: the stack did not answer"), url);
      return FALSE;
    }
  g_debug ("SIP on %s:%u", self->address, self->port);
  return TRUE;
}

guint16
wcc_sip_server_get_port (WccSipServer *self)
{
  g_return_val_if_fail (WCC_IS_SIP_SERVER (self), 0);
  return self->port;
}

void
wcc_sip_server_set_tls (WccSipServer *self,
                        const char   *address,
                        guint16       port,
                        const char   *certificate_dir)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  g_return_if_fail (self->nua == NULL);

  g_free (self->tls_address);
  self->tls_address = g_strdup (address);
  self->tls_port = port;
  g_free (self->certificate_dir);
  self->certificate_dir = g_strdup (certificate_dir);
}

char *
wcc_sip_server_get_sips_uri (WccSipServer *self)
{
  g_return_val_if_fail (WCC_IS_SIP_SERVER (self), NULL);
  if (self->tls_address == NULL)
    return NULL;
  return g_strdup_printf (strchr (self->tls_address, ':') ? "sips:[%s]:%u" : "sips:%s:%u",
                          self->tls_address, self->tls_port);
}

char *
wcc_sip_server_get_uri (WccSipServer *self)
{
  g_return_val_if_fail (WCC_IS_SIP_SERVER (self), NULL);
  return g_strdup_printf (strchr (self->address, ':') ? "sip:[%s]:%u" : "sip:%s:%u",
                          self->address, self->port);
}

void
wcc_sip_server_stop (WccSipServer *self)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));

  if (self->nua == NULL || self->stopping)
    return;
  self->stopping = TRUE;
  /* Kept alive until nua_r_shutdown lets the stack go. */
  g_object_ref (self);
  nua_shutdown (self->nua);
}

nua_t *
wcc_sip_server_get_nua (WccSipServer *self)
{
  return self->nua;
}

WccStore *
wcc_sip_server_get_store (WccSipServer *self)
{
  return self->store;
}

WccSipRegistrar *
wcc_sip_server_get_registrar (WccSipServer *self)
{
  return self->registrar;
}

const char *
wcc_sip_server_get_host (WccSipServer *self)
{
  return self->address;
}

void
wcc_sip_server_set_registrations_func (WccSipServer            *self,
                                       WccSipRegistrationsFunc  func,
                                       gpointer                 user_data)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  wcc_sip_registrar_set_changed_func (self->registrar, func, user_data);
}

void
wcc_sip_server_set_routes (WccSipServer *self,
                           GHashTable   *trunks,
                           GHashTable   *inbound)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  wcc_sip_b2bua_set_routes (self->b2bua, trunks, inbound);
}

void
wcc_sip_server_set_call_answered_func (WccSipServer           *self,
                                       WccSipCallAnsweredFunc  func,
                                       gpointer                user_data)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  wcc_sip_b2bua_set_call_answered_func (self->b2bua, func, user_data);
}

void
wcc_sip_server_set_hub (WccSipServer *self,
                        WccEventHub  *hub)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  wcc_sip_b2bua_set_hub (self->b2bua, hub);
}

void
wcc_sip_server_set_acd (WccSipServer *self,
                        WccAcd       *acd)
{
  g_return_if_fail (WCC_IS_SIP_SERVER (self));
  wcc_sip_b2bua_set_acd (self->b2bua, acd);
}
