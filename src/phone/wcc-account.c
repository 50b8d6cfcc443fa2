/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-account.c: one SIP account of the phone: its own Sofia-SIP stack, registration, calls. */
#define G_LOG_DOMAIN "wcc-account"

#include <glib/gi18n-lib.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/tport_tag.h>

#include "wcc-error.h"
#include "wcc-phone-private.h"

#define RETRY_MIN_SECONDS 1
#define RETRY_MAX_SECONDS 60
#define AUTH_TRIES_MAX    2

static const char *const preferred_codecs[] = { "opus", "G722", "PCMU", "PCMA", NULL };

/* The stack's magic: it outlives the account when the account goes while nua is still
 * shutting down (nua_destroy is only allowed after nua_r_shutdown). */
typedef struct {
  WccAccount *account;   /* NULL once the account is gone */
  nua_t      *nua;
  gboolean    shutting_down;
  guint       destroy_id;
} Stack;

/* Stacks not destroyed yet, over every account: a debugging aid for tests. */
static guint live_stacks;

/* Someone waiting for wcc_account_shutdown to finish. */
typedef struct {
  GCallback done;
  gpointer  user_data;
} ShutdownWaiter;

struct _WccAccount
{
  GObject          parent_instance;
  WccPhone        *phone;           /* owns us */
  Stack           *stack;
  nua_t           *nua;             /* stack->nua while the account has it */
  nua_handle_t    *register_handle;
  char            *user;
  char            *domain;
  char            *password;
  char            *display_name;
  char            *registrar;
  char            *bind;
  char            *tls_certificate_dir;
  gboolean         tls_insecure;
  WccTransport     transport;
  WccSrtpMode      srtp;
  guint            expires;
  WccSdpCaps       caps;
  char           **codecs;          /* caps.codecs when the settings restrict them */
  WccAccountState  state;
  char            *details;
  int              registration_status; /* final status of the last REGISTER, 0: none yet */
  char            *local_uri;
  GListStore      *calls;
  gboolean         dnd;
  gboolean         auto_answer;
  gboolean         want_registered;
  guint            auth_tries;
  guint            retry_id;
  guint            retry_seconds;
  GNetworkMonitor *network_monitor;  /* the default one, or a test's */
  gulong           network_changed_id;
  gboolean         register_again;   /* the network changed while a REGISTER was out */
  GArray          *shutdown_waiters; /* of ShutdownWaiter, called once the stack is gone */
};

G_DEFINE_FINAL_TYPE (WccAccount, wcc_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_REGISTRATION_DETAILS,
  PROP_LOCAL_URI,
  PROP_USER,
  PROP_DOMAIN,
  PROP_DISPLAY_NAME,
  PROP_DND,
  PROP_AUTO_ANSWER,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_INCOMING_CALL,
  SIGNAL_CALL_ADDED,
  SIGNAL_CALL_REMOVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
transport_name (WccTransport transport)
{
  switch (transport)
    {
    case WCC_TRANSPORT_TCP: return "TCP";
    case WCC_TRANSPORT_TLS: return "TLS";
    case WCC_TRANSPORT_UDP:
    default: return "UDP";
    }
}

static void
set_state (WccAccount      *self,
           WccAccountState  state,
           const char      *details)
{
  if (g_strcmp0 (self->details, details) != 0)
    {
      g_free (self->details);
      self->details = g_strdup (details);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION_DETAILS]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* sip:HOST[:PORT] with the account's transport, or NULL without a registrar. */
static char *
registrar_url (WccAccount *self)
{
  if (self->registrar == NULL)
    return NULL;
  switch (self->transport)
    {
    case WCC_TRANSPORT_TCP: return g_strdup_printf ("sip:%s;transport=tcp", self->registrar);
    case WCC_TRANSPORT_TLS: return g_strdup_printf ("sips:%s", self->registrar);
    case WCC_TRANSPORT_UDP:
    default: return g_strdup_printf ("sip:%s", self->registrar);
    }
}

char *
wcc_account_target_to_uri (WccAccount *self,
                           const char *target)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (target));

  if (g_str_has_prefix (trimmed, "sip:") || g_str_has_prefix (trimmed, "sips:"))
    return g_steal_pointer (&trimmed);
  if (strchr (trimmed, '@') != NULL)
    return g_strdup_printf ("sip:%s", trimmed);
  /* Digits, '+', '*', '#' of a dialled number: keep only what a SIP user part takes. */
  {
    g_autoptr(GString) user = g_string_new (NULL);
    for (const char *p = trimmed; *p; p++)
      if (g_ascii_isalnum (*p) || strchr ("+*#-_.", *p))
        g_string_append_c (user, *p == '#' ? '#' : *p);
    if (user->len == 0)
      return NULL;
    return g_strdup_printf ("sip:%s@%s", user->str, self->domain);
  }
}

static void schedule_retry (WccAccount *self);

static void
send_register (WccAccount *self)
{
  g_autofree char *registrar = registrar_url (self);
  g_autofree char *expires = g_strdup_printf ("%u", self->expires);

  if (registrar == NULL || self->nua == NULL)
    return;
  if (self->register_handle == NULL)
    {
      g_autofree char *aor = g_strdup_printf ("sip:%s@%s", self->user, self->domain);
      self->register_handle = nua_handle (self->nua, NULL,
                                          SIPTAG_TO_STR (aor),
                                          SIPTAG_FROM_STR (aor),
                                          TAG_END ());
    }
  self->auth_tries = 0;
  set_state (self, WCC_ACCOUNT_REGISTERING, _("Registering…"));
  nua_register (self->register_handle,
                NUTAG_REGISTRAR (registrar),
                NUTAG_M_USERNAME (self->user),
                SIPTAG_EXPIRES_STR (expires),
                TAG_END ());
}

static gboolean
on_retry (gpointer user_data)
{
  WccAccount *self = user_data;

  self->retry_id = 0;
  if (self->want_registered)
    send_register (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (WccAccount *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_seconds = self->retry_seconds == 0 ? RETRY_MIN_SECONDS
                                                 : MIN (self->retry_seconds * 2, RETRY_MAX_SECONDS);
  self->retry_id = g_timeout_add_seconds (self->retry_seconds, on_retry, self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    WccAccount      *self)
{
  /* Addresses may have changed, or the registrar lost us while we were cut off: it must
   * learn our contact at once, not at the next refresh. A REGISTER under way may have left
   * by the old route: another one follows its answer. */
  if (!self->want_registered || !available)
    return;
  g_debug ("network changed: registering again");
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_seconds = 0;
  if (self->state == WCC_ACCOUNT_REGISTERING)
    self->register_again = TRUE;
  else
    send_register (self);
}

static void
disconnect_network_monitor (WccAccount *self)
{
  if (self->network_monitor != NULL && self->network_changed_id != 0)
    g_signal_handler_disconnect (self->network_monitor, self->network_changed_id);
  self->network_changed_id = 0;
  g_clear_object (&self->network_monitor);
}

/* Which monitor tells the account of network changes: the default one, or a test's own. */
void
wcc_account_set_network_monitor (WccAccount      *self,
                                 GNetworkMonitor *monitor)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  disconnect_network_monitor (self);
  self->network_monitor = g_object_ref (monitor);
  self->network_changed_id = g_signal_connect (monitor, "network-changed",
                                               G_CALLBACK (on_network_changed), self);
}

/* Digest credentials for the realm the server asked for. The password stays in memory. */
gboolean
wcc_account_authenticate (WccAccount   *self,
                          nua_handle_t *nh,
                          sip_t const  *sip,
                          guint        *tries)
{
  msg_auth_t const *challenge = sip->sip_www_authenticate ? sip->sip_www_authenticate
                                                          : sip->sip_proxy_authenticate;
  char const *realm;
  g_autofree char *credentials = NULL;

  if (challenge == NULL || self->password == NULL || ++*tries > AUTH_TRIES_MAX)
    return FALSE;
  realm = msg_params_find (challenge->au_params, "realm=");
  if (realm == NULL)
    return FALSE;
  /* realm= comes quoted already, as the credential string wants it. */
  credentials = g_strdup_printf ("%s:%s:%s:%s", challenge->au_scheme, realm, self->user, self->password);
  nua_authenticate (nh, NUTAG_AUTH (credentials), TAG_END ());
  return TRUE;
}

static gboolean
challenge_is_stale (sip_t const *sip)
{
  msg_auth_t const *challenge = sip->sip_www_authenticate ? sip->sip_www_authenticate
                                                          : sip->sip_proxy_authenticate;
  char const *stale = challenge ? msg_params_find (challenge->au_params, "stale=") : NULL;

  return stale != NULL && g_ascii_strncasecmp (stale, "true", 4) == 0;
}

static void register_answered (WccAccount   *self,
                               nua_event_t   event,
                               int           status,
                               char const   *phrase,
                               nua_handle_t *nh,
                               sip_t const  *sip);

static void
on_register_answer (WccAccount   *self,
                    nua_event_t   event,
                    int           status,
                    char const   *phrase,
                    nua_handle_t *nh,
                    sip_t const  *sip)
{
  register_answered (self, event, status, phrase, nh, sip);
  /* The network changed while that REGISTER was out: once more, by the new route. */
  if (status >= 200 && self->register_again && self->state != WCC_ACCOUNT_REGISTERING)
    {
      self->register_again = FALSE;
      if (self->want_registered)
        {
          g_clear_handle_id (&self->retry_id, g_source_remove);
          send_register (self);
        }
    }
}

static void
register_answered (WccAccount   *self,
                   nua_event_t   event,
                   int           status,
                   char const   *phrase,
                   nua_handle_t *nh,
                   sip_t const  *sip)
{
  g_autofree char *details = NULL;

  if (status < 200)
    return;
  self->registration_status = status;
  /* A challenge to credentials we just sent means a wrong password (unless the nonce was
   * only stale): report it as such; answering again would end in nua's 904. */
  if ((status == 401 || status == 407) &&
      (self->auth_tries == 0 || challenge_is_stale (sip)) &&
      wcc_account_authenticate (self, nh, sip, &self->auth_tries))
    return;

  if (event == nua_r_unregister)
    {
      set_state (self, WCC_ACCOUNT_OFFLINE, _("Not registered"));
      return;
    }
  if (status >= 300)
    {
      details = g_strdup_printf (_("Registration failed: %d %s; trying again"), status, phrase);
      set_state (self, WCC_ACCOUNT_FAILED, details);
      if (self->want_registered)
        schedule_retry (self);
      return;
    }
  {
    guint expires = self->expires;
    if (sip && sip->sip_contact && sip->sip_contact->m_expires)
      expires = (guint) g_ascii_strtoull (sip->sip_contact->m_expires, NULL, 10);
    else if (sip && sip->sip_expires)
      expires = (guint) sip->sip_expires->ex_delta;
    details = g_strdup_printf (_("Registered as sip:%s@%s at %s (%s), renewed every %u s"),
                               self->user, self->domain, self->registrar,
                               transport_name (self->transport), expires);
  }
  self->retry_seconds = 0;
  /* Refreshes start over: the next challenge (a new nonce, a restarted registrar) is answered. */
  self->auth_tries = 0;
  if (!self->want_registered)
    {
      /* Un-registered while this REGISTER was under way: take the binding back. */
      set_state (self, WCC_ACCOUNT_UNREGISTERING, _("Unregistering…"));
      nua_unregister (nh, TAG_END ());
      return;
    }
  set_state (self, WCC_ACCOUNT_REGISTERED, details);
}

static void
on_local_contact (WccAccount *self,
                  tagi_t      tags[])
{
  sip_contact_t const *contact = NULL;
  url_t const *url;
  g_autofree char *uri = NULL;

  tl_gets (tags, NTATAG_CONTACT_REF (contact), TAG_END ());
  if (contact == NULL)
    return;
  url = contact->m_url;
  uri = g_strdup_printf ("%s:%s@%s%s%s%s", url->url_type == url_sips ? "sips" : "sip",
                         self->user, url->url_host, url->url_port ? ":" : "",
                         url->url_port ? url->url_port : "",
                         self->transport == WCC_TRANSPORT_TCP ? ";transport=tcp" : "");
  if (g_strcmp0 (uri, self->local_uri) != 0)
    {
      g_free (self->local_uri);
      self->local_uri = g_steal_pointer (&uri);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_URI]);
    }
}

static void
add_call (WccAccount *self,
          WccCall    *call)
{
  g_list_store_append (self->calls, call);
  g_signal_emit (self, signals[SIGNAL_CALL_ADDED], 0, call);
}

void
wcc_account_forget_call (WccAccount *self,
                         WccCall    *call)
{
  guint position;

  if (g_list_store_find (self->calls, call, &position))
    {
      g_autoptr(WccCall) keep = g_object_ref (call);
      g_list_store_remove (self->calls, position);
      g_signal_emit (self, signals[SIGNAL_CALL_REMOVED], 0, keep);
    }
}

static char *
sip_from_display (sip_t const *sip)
{
  if (sip == NULL || sip->sip_from == NULL || sip->sip_from->a_display == NULL)
    return g_strdup ("");
  /* Display names come quoted or not; a UI wants them plain. */
  {
    char *name = g_strdup (sip->sip_from->a_display);
    gsize len = strlen (name);
    if (len >= 2 && name[0] == '"' && name[len - 1] == '"')
      {
        memmove (name, name + 1, len - 2);
        name[len - 2] = '\0';
      }
    return name;
  }
}

static void
on_incoming_invite (WccAccount   *self,
                    nua_handle_t *nh,
                    sip_t const  *sip)
{
  g_autoptr(WccCall) call = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *name = NULL;
  g_autoptr(WccCall) replaced = NULL;
  guint refuse;

  if (sip != NULL && sip->sip_replaces != NULL)
    {
      nua_handle_t *old = nua_handle_by_replaces (self->nua, sip->sip_replaces);
      WccCall *old_call = old ? (WccCall *) nua_handle_magic (old) : NULL;

      /* RFC 3891: only a confirmed dialog, or an early one we started, can be replaced. */
      if (old_call != NULL && WCC_IS_CALL (old_call) &&
          (wcc_call_get_state (old_call) == WCC_CALL_ACTIVE ||
           ((wcc_call_get_state (old_call) == WCC_CALL_DIALING ||
             wcc_call_get_state (old_call) == WCC_CALL_RINGING) &&
            wcc_call_get_direction (old_call) == WCC_CALL_DIRECTION_OUTGOING)))
        replaced = g_object_ref (old_call);
      if (old != NULL)
        nua_handle_unref (old);
      if (replaced == NULL)
        {
          nua_respond (nh, SIP_481_NO_TRANSACTION, TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
    }
  else if (self->dnd)
    {
      /* Do not disturb: busy for callers; outgoing calls are unaffected. */
      nua_respond (nh, SIP_486_BUSY_HERE, TAG_END ());
      nua_handle_destroy (nh);
      return;
    }
  remote = sip && sip->sip_from ? url_as_string (NULL, sip->sip_from->a_url) : g_strdup ("");
  name = sip_from_display (sip);
  call = wcc_call_new (self, nh, WCC_CALL_DIRECTION_INCOMING, remote, name);
  refuse = wcc_call_take_invite (call, sip);
  if (refuse != 0)
    {
      nua_respond (nh, refuse, sip_status_phrase (refuse), TAG_END ());
      wcc_call_terminate (call);
      return;
    }
  add_call (self, call);

  /* INVITE with Replaces (attended transfer): the new call takes the place of one of ours,
   * answered at once, and the replaced one ends. */
  if (replaced != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!wcc_call_answer (call, &error))
        g_warning ("Cannot take over the replaced call: %s", error->message);
      wcc_call_hangup (replaced);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_INCOMING_CALL], 0, call);
}

static Stack *
stack_new (WccAccount *account)
{
  Stack *stack = g_new0 (Stack, 1);

  stack->account = account;
  live_stacks++;
  return stack;
}

static void
stack_free (Stack *stack)
{
  g_assert (live_stacks > 0);
  live_stacks--;
  g_free (stack);
}

guint
wcc_account_debug_live_stacks (void)
{
  return live_stacks;
}

/* Tells everyone waiting for the shutdown that it is over (each caller once, in order). */
static void
run_shutdown_waiters (WccAccount *self)
{
  g_autoptr(GArray) waiters = g_steal_pointer (&self->shutdown_waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      ShutdownWaiter *waiter = &g_array_index (waiters, ShutdownWaiter, i);
      ((void (*) (gpointer)) waiter->done) (waiter->user_data);
    }
}

/* Runs outside nua's callback, where nua_destroy is allowed. */
static gboolean
destroy_stack (gpointer data)
{
  Stack *stack = data;
  WccAccount *account = stack->account;

  stack->destroy_id = 0;
  nua_destroy (stack->nua);
  if (account != NULL)
    {
      g_autoptr(WccAccount) keep = g_object_ref (account);

      account->stack = NULL;
      account->nua = NULL;
      /* nua_destroy took every handle of the stack with it. */
      account->register_handle = NULL;
      run_shutdown_waiters (account);
    }
  stack_free (stack);
  return G_SOURCE_REMOVE;
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
  Stack *stack = (Stack *) magic;
  WccAccount *self = stack->account;
  /* A handler may drop the last reference (removing the account): keep it to the end. */
  g_autoptr(WccAccount) keep = self ? g_object_ref (self) : NULL;

  g_debug ("%s %d %s", nua_event_name (event), status, phrase ? phrase : "");

  if (event == nua_r_shutdown)
    {
      if (status >= 200 && stack->destroy_id == 0)
        stack->destroy_id = g_idle_add (destroy_stack, stack);
      return;
    }
  if (self == NULL)
    {
      /* The account is gone; only shutdown matters now. */
      if (nh != NULL && hmagic == NULL && event != nua_r_get_params)
        nua_handle_destroy (nh);
      return;
    }

  if (nh != NULL && nh == self->register_handle)
    {
      if (event == nua_r_register || event == nua_r_unregister)
        on_register_answer (self, event, status, phrase, nh, sip);
      return;
    }
  if (hmagic != NULL)
    {
      wcc_call_handle_event (WCC_CALL (hmagic), event, status, phrase, nh, sip, tags);
      return;
    }

  switch (event)
    {
    case nua_r_get_params:
      on_local_contact (self, tags);
      break;
    case nua_i_invite:
      on_incoming_invite (self, nh, sip);
      break;
    case nua_i_options:
      /* nua answers OPTIONS itself. */
      break;
    default:
      /* Requests outside a call we take no part in end with their handle. */
      if (nh != NULL && event != nua_i_outbound && event != nua_r_set_params)
        nua_handle_destroy (nh);
      break;
    }
}

nua_t *
wcc_account_get_nua (WccAccount *self)
{
  return self->nua;
}

const WccSdpCaps *
wcc_account_get_sdp_caps (WccAccount *self)
{
  return &self->caps;
}

static void
wcc_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WccAccount *self = WCC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_REGISTRATION_DETAILS: g_value_set_string (value, self->details); break;
    case PROP_LOCAL_URI: g_value_set_string (value, self->local_uri); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    case PROP_DOMAIN: g_value_set_string (value, self->domain); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_DND: g_value_set_boolean (value, self->dnd); break;
    case PROP_AUTO_ANSWER: g_value_set_boolean (value, self->auto_answer); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_account_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WccAccount *self = WCC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_DND: wcc_account_set_dnd (self, g_value_get_boolean (value)); break;
    case PROP_AUTO_ANSWER: wcc_account_set_auto_answer (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_account_dispose (GObject *object)
{
  WccAccount *self = WCC_ACCOUNT (object);

  wcc_account_destroy_now (self);
  g_clear_object (&self->calls);

  G_OBJECT_CLASS (wcc_account_parent_class)->dispose (object);
}

static void
wcc_account_finalize (GObject *object)
{
  WccAccount *self = WCC_ACCOUNT (object);

  g_free (self->user);
  g_free (self->domain);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->display_name);
  g_free (self->registrar);
  g_free (self->bind);
  g_free (self->tls_certificate_dir);
  g_free (self->details);
  g_free (self->local_uri);
  g_strfreev (self->codecs);

  G_OBJECT_CLASS (wcc_account_parent_class)->finalize (object);
}

static void
wcc_account_class_init (WccAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_account_get_property;
  object_class->set_property = wcc_account_set_property;
  object_class->dispose = wcc_account_dispose;
  object_class->finalize = wcc_account_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WCC_ACCOUNT_OFFLINE,
                                             WCC_ACCOUNT_UNREGISTERING, WCC_ACCOUNT_OFFLINE,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRATION_DETAILS] = g_param_spec_string ("registration-details", NULL, NULL, NULL,
                                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_URI] = g_param_spec_string ("local-uri", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DND] = g_param_spec_boolean ("dnd", NULL, NULL, FALSE,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_ANSWER] = g_param_spec_boolean ("auto-answer", NULL, NULL, FALSE,
                                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_INCOMING_CALL] = g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
  signals[SIGNAL_CALL_ADDED] = g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
  signals[SIGNAL_CALL_REMOVED] = g_signal_new ("call-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
}

static void
wcc_account_init (WccAccount *self)
{
  self->calls = g_list_store_new (WCC_TYPE_CALL);
  self->state = WCC_ACCOUNT_OFFLINE;
}

WccAccount *
wcc_account_new (WccPhone                 *phone,
                 const WccAccountSettings *settings,
                 GError                  **error)
{
  g_autoptr(WccAccount) self = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *from = NULL;
  g_autofree char *proxy = NULL;
  const char *colon;

  g_return_val_if_fail (settings->user != NULL && settings->domain != NULL, NULL);

  self = g_object_new (WCC_TYPE_ACCOUNT, NULL);
  self->phone = phone;
  self->user = g_strdup (settings->user);
  self->domain = g_strdup (settings->domain);
  self->password = g_strdup (settings->password);
  self->display_name = g_strdup (settings->display_name);
  self->registrar = g_strdup (settings->registrar);
  self->bind = g_strdup (settings->bind ? settings->bind : "127.0.0.1:0");
  self->tls_certificate_dir = g_strdup (settings->tls_certificate_dir);
  self->tls_insecure = settings->tls_insecure;
  self->transport = settings->transport;
  self->srtp = settings->srtp;
  self->expires = settings->register_expires ? settings->register_expires : 300;
  self->caps.codecs = preferred_codecs;
  if (settings->codecs != NULL)
    {
      for (guint i = 0; settings->codecs[i] != NULL; i++)
        if (!g_strv_contains (preferred_codecs, settings->codecs[i]))
          {
            g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                         _("Unknown codec “%s”: use opus, G722, PCMU or PCMA"), settings->codecs[i]);
            return NULL;
          }
      if (settings->codecs[0] == NULL)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("No codec allowed"));
          return NULL;
        }
      self->codecs = g_strdupv ((char **) settings->codecs);
      self->caps.codecs = (const char *const *) self->codecs;
    }
  self->caps.telephone_event = TRUE;
  self->caps.ptime = 20;
  self->caps.srtp_offer = settings->srtp == WCC_SRTP_MANDATORY;
  self->caps.srtp_required = settings->srtp == WCC_SRTP_MANDATORY;
  self->caps.srtp_refused = settings->srtp == WCC_SRTP_DISABLED;

  /* ADDRESS:PORT, port 0 = any: Sofia's "*". */
  colon = strrchr (self->bind, ':');
  host = colon ? g_strndup (self->bind, colon - self->bind) : g_strdup (self->bind);
  {
    const char *port = colon && g_strcmp0 (colon + 1, "0") != 0 ? colon + 1 : "*";
    if (self->transport == WCC_TRANSPORT_TCP)
      url = g_strdup_printf ("sip:%s:%s;transport=tcp", host, port);
    /* The SIPS listener (what NUTAG_SIPS_URL adds beside a plain one) as the only one: a
     * TLS account has no plain UDP or TCP socket, so nothing of it travels in clear. */
    else if (self->transport == WCC_TRANSPORT_TLS)
      url = g_strdup_printf ("sips:%s:%s", host, port);
    else
      url = g_strdup_printf ("sip:%s:%s", host, port);
  }
  from = self->display_name
    ? g_strdup_printf ("\"%s\" <sip:%s@%s>", self->display_name, self->user, self->domain)
    : g_strdup_printf ("<sip:%s@%s>", self->user, self->domain);
  proxy = registrar_url (self);

  self->stack = stack_new (self);
  self->nua = nua_create (wcc_phone_get_root (phone), on_nua_event, self->stack,
                          NUTAG_URL (url),
                          TAG_IF (self->transport == WCC_TRANSPORT_TLS && self->tls_certificate_dir,
                                  TPTAG_CERTIFICATE (self->tls_certificate_dir)),
                          /* The server's certificate must chain to cafile.pem and name the
                           * host we connect to. */
                          TAG_IF (self->transport == WCC_TRANSPORT_TLS,
                                  TPTAG_TLS_VERIFY_POLICY (self->tls_insecure ? TPTLS_VERIFY_NONE
                                                                              : TPTLS_VERIFY_SUBJECTS_OUT)),
                          NUTAG_MEDIA_ENABLE (0),
                          NUTAG_AUTOALERT (0),
                          NUTAG_AUTOANSWER (0),
                          NUTAG_ENABLEMESSAGE (0),
                          NUTAG_ALLOW ("INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, INFO"),
                          NUTAG_OUTBOUND ("no-validate no-natify no-options-keepalive"),
                          NUTAG_M_USERNAME (self->user),
                          TAG_IF (self->display_name, NUTAG_M_DISPLAY (self->display_name)),
                          SIPTAG_FROM_STR (from),
                          TAG_IF (proxy, NUTAG_PROXY (proxy)),
                          SIPTAG_USER_AGENT_STR ("WCC-Desktop/" "0.1"),
                          TAG_END ());
  self->stack->nua = self->nua;
  if (self->nua == NULL)
    {
      g_clear_pointer (&self->stack, stack_free);
      if (self->transport == WCC_TRANSPORT_TLS)
        g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                     _("Cannot start SIP over TLS on %s: the address may be in use, or the "
                       "certificate directory %s lacks a readable agent.pem or cafile.pem"),
                     self->bind, self->tls_certificate_dir ? self->tls_certificate_dir : "~/.sip/auth");
      else
        g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                     _("Cannot start SIP on %s: the address may be in use or not this machine's"),
                     self->bind);
      return NULL;
    }
  /* The bound port comes back as nua_r_get_params: then "local-uri" is known. */
  nua_get_params (self->nua, TAG_ANY (), TAG_END ());
  wcc_account_set_network_monitor (self, g_network_monitor_get_default ());
  return g_steal_pointer (&self);
}

WccPhone *
wcc_account_get_phone (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), NULL);
  return self->phone;
}

WccAccountState
wcc_account_get_state (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), WCC_ACCOUNT_OFFLINE);
  return self->state;
}

const char *
wcc_account_get_local_uri (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), NULL);
  return self->local_uri;
}

void
wcc_account_set_password (WccAccount *self,
                          const char *password)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
  /* The next challenge is answered with it: no earlier try counts against it. */
  self->auth_tries = 0;
  if (self->want_registered)
    wcc_account_register (self);
}

int
wcc_account_get_registration_status (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), 0);
  return self->registration_status;
}

const char *
wcc_account_get_registration_details (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), NULL);
  return self->details;
}

GListModel *
wcc_account_get_calls (WccAccount *self)
{
  g_return_val_if_fail (WCC_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->calls);
}

void
wcc_account_set_dnd (WccAccount *self,
                     gboolean    dnd)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  if (self->dnd == !!dnd)
    return;
  self->dnd = !!dnd;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DND]);
}

void
wcc_account_set_auto_answer (WccAccount *self,
                             gboolean    auto_answer)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  if (self->auto_answer == !!auto_answer)
    return;
  self->auto_answer = !!auto_answer;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_ANSWER]);
}

gboolean
wcc_account_get_auto_answer (WccAccount *self)
{
  return self->auto_answer;
}

void
wcc_account_register (WccAccount *self)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  self->want_registered = TRUE;
  self->retry_seconds = 0;
  send_register (self);
}

void
wcc_account_unregister (WccAccount *self)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  self->want_registered = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->register_handle != NULL &&
      (self->state == WCC_ACCOUNT_REGISTERED || self->state == WCC_ACCOUNT_FAILED))
    {
      set_state (self, WCC_ACCOUNT_UNREGISTERING, _("Unregistering…"));
      nua_unregister (self->register_handle, TAG_END ());
    }
  else
    set_state (self, WCC_ACCOUNT_OFFLINE, _("Not registered"));
}

WccCall *
wcc_account_dial (WccAccount  *self,
                  const char  *target,
                  GError     **error)
{
  return wcc_account_dial_with_headers (self, target, NULL, error);
}

WccCall *
wcc_account_dial_with_headers (WccAccount         *self,
                               const char         *target,
                               const char * const *headers,
                               GError            **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *extra = NULL;
  g_autoptr(WccCall) call = NULL;
  nua_handle_t *nh;

  g_return_val_if_fail (WCC_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  uri = wcc_account_target_to_uri (self, target);
  if (uri == NULL || self->nua == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” is not a number or SIP address"), target);
      return NULL;
    }
  /* Each "Name: value" is one line; none may carry a line break of its own. */
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    g_return_val_if_fail (strpbrk (headers[i], "\r\n") == NULL && strchr (headers[i], ':') != NULL, NULL);
  if (headers != NULL && headers[0] != NULL)
    extra = g_strjoinv ("\r\n", (char **) headers);
  nh = nua_handle (self->nua, NULL, SIPTAG_TO_STR (uri), TAG_END ());
  call = wcc_call_new (self, nh, WCC_CALL_DIRECTION_OUTGOING, uri, "");
  {
    tagi_t tags[] = { { TAG_IF (extra != NULL, SIPTAG_HEADER_STR (extra)) }, { TAG_END () } };

    if (!wcc_call_start_outgoing (call, tags, error))
      return NULL;
  }
  add_call (self, call);
  /* The account's list holds the call until it ends. */
  return call;
}

/* For transfers: a call to @uri whose INVITE carries @tags (NOTIFY for the referrer,
 * Replaces). */
WccCall *
wcc_account_dial_with_tags (WccAccount   *self,
                            const char   *uri,
                            tagi_t const *tags,
                            GError      **error)
{
  g_autoptr(WccCall) call = NULL;
  nua_handle_t *nh = nua_handle (self->nua, NULL, SIPTAG_TO_STR (uri), TAG_END ());

  call = wcc_call_new (self, nh, WCC_CALL_DIRECTION_OUTGOING, uri, "");
  if (!wcc_call_start_outgoing (call, tags, error))
    return NULL;
  add_call (self, call);
  return call;
}

/* Ends every call; ending removes a call from the list, so work on a copy of it. */
static void
terminate_calls (WccAccount *self)
{
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->calls == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->calls)); i++)
    g_ptr_array_add (calls, g_list_model_get_item (G_LIST_MODEL (self->calls), i));
  for (guint i = 0; i < calls->len; i++)
    {
      wcc_call_terminate (g_ptr_array_index (calls, i));
      wcc_account_forget_call (self, g_ptr_array_index (calls, i));
    }
}

static void
start_stack_shutdown (WccAccount *self)
{
  if (self->stack == NULL || self->stack->shutting_down)
    return;
  self->stack->shutting_down = TRUE;
  /* nua un-registers and ends dialogs itself, then reports nua_r_shutdown. */
  nua_shutdown (self->nua);
}

void
wcc_account_shutdown (WccAccount *self,
                      GCallback   done,
                      gpointer    user_data)
{
  g_return_if_fail (WCC_IS_ACCOUNT (self));

  self->want_registered = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  terminate_calls (self);
  if (self->stack == NULL)
    {
      if (done != NULL)
        ((void (*) (gpointer)) done) (user_data);
      return;
    }
  /* A second shutdown while the first is under way waits for the same end. */
  if (done != NULL)
    {
      ShutdownWaiter waiter = { done, user_data };

      if (self->shutdown_waiters == NULL)
        self->shutdown_waiters = g_array_new (FALSE, FALSE, sizeof (ShutdownWaiter));
      g_array_append_val (self->shutdown_waiters, waiter);
    }
  start_stack_shutdown (self);
}

/* Lets go of the stack now: calls end, the stack finishes its shutdown on its own and is
 * destroyed then. Pending shutdown callbacks run at once. */
void
wcc_account_destroy_now (WccAccount *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  disconnect_network_monitor (self);
  terminate_calls (self);
  if (self->register_handle != NULL)
    {
      nua_handle_destroy (self->register_handle);
      self->register_handle = NULL;
    }
  if (self->stack != NULL)
    {
      start_stack_shutdown (self);
      self->stack->account = NULL;
      self->stack = NULL;
      self->nua = NULL;
    }
  run_shutdown_waiters (self);
}
