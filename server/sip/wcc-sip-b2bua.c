/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-b2bua.c: the back-to-back user agent: every call passes the server as two legs,
 * the SDP passed through (media stays end to end). Dial plan, queue calls through the ACD,
 * call records, and transfers done at the server. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <string.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/sip_protos.h>
#include <sofia-sip/url.h>

#include "wcc-acd.h"
#include "wcc-error.h"
#include "wcc-event-hub.h"
#include "wcc-phone-number.h"
#include "wcc-sip-private.h"

/* A blind transfer's target gets this long to answer before the call goes back. */
#define TRANSFER_RING_SECONDS 30
#define SDP_TYPE "application/sdp"

typedef struct _Call Call;

typedef struct {
  Call         *call;
  nua_handle_t *nh;
  gboolean      is_caller;       /* the A leg: the INVITE that made the call came on it */
  gint64        user_id;         /* the agent whose device it is; 0 for outside parties */
  gint64        record_leg;      /* its row in the call record */
  char         *uri;             /* the device's contact, or the caller's address */
  char         *sdp;             /* the last SDP this party sent (offer or answer) */
  gboolean      answered;        /* a 2xx went out (A) or came in (B) */
  gboolean      gone;            /* BYE/CANCEL sent or received, or a final failure */
  gboolean      invite_pending;  /* we sent a (re-)INVITE here and wait for its answer */
  gboolean      answer_pending;  /* a (re-)INVITE from this party waits for the peer */
  gboolean      ack_deferred;    /* our INVITE here got an offer in its 2xx: ACK after the peer's */
  gboolean      transfer_target; /* a leg ringing a blind transfer's target */
  gboolean      bridging;        /* its re-INVITE's answer goes on to the peer as an offer */
  gboolean      anchor_pending;  /* our re-INVITE bringing its media to the server (supervision) */
} Leg;

struct _Call {
  WccSipB2bua      *b2bua;
  gint64            id;            /* the call record's id, the ACD's call id too */
  gint64            client_id;
  WccCallRecordDirection  direction;
  gint64            group_id;      /* the queue it entered; 0 for none */
  gint64            caller_agent;  /* an agent who placed it; 0 for outside callers */
  gint64            callee_agent;  /* the agent whose device answered */
  gint64            offered_agent; /* the agent the ACD's current offer rings */
  char             *from_number;
  Leg              *a;
  Leg              *b;             /* the answered callee leg */
  GPtrArray        *forks;         /* of Leg, owned: devices being rung (or given up) */
  GPtrArray        *retired;       /* of Leg, owned: legs that left an answered call */
  gboolean          queued;        /* in the ACD until wcc_acd_call_end */
  gboolean          ended;
  /* A blind transfer in progress: the leg that asked, and the REFER's Event for the NOTIFYs. */
  Leg              *transferor;
  char             *refer_event;
  guint             transfer_timeout_id;
  WccSipSupervision *supervision;  /* listen-in, whisper, barge; NULL: none yet */
};

struct _WccSipB2bua
{
  WccSipServer *server;   /* owns us */
  WccAcd       *acd;      /* NULL: queue numbers are not served */
  WccEventHub  *hub;      /* NULL: no call events */
  GHashTable   *trunks;   /* client name → sip:HOST[:PORT] of its carrier gateway */
  GHashTable   *inbound;  /* number from outside → "client:queue number" */
  gulong        offer_handler;
  gulong        cancel_handler;
  GHashTable   *calls;    /* call id → Call, owned */
  GHashTable   *leader_legs; /* supervision: nua handle → its leader's leg, owned */
  WccSipCallAnsweredFunc answered_func;   /* an agent's own call answered */
  gpointer               answered_data;
};

static void call_end (Call *call, const char *reason, WccCallSide side);
static void leg_hang_up (Leg *leg);

static nua_t *
b2bua_nua (WccSipB2bua *self)
{
  return wcc_sip_server_get_nua (self->server);
}

static WccStore *
b2bua_store (WccSipB2bua *self)
{
  return wcc_sip_server_get_store (self->server);
}

/* A SIP payload as a string, or NULL when there is none or it is not SDP. */
static char *
dup_sdp (const sip_t *sip)
{
  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_len == 0)
    return NULL;
  if (sip->sip_content_type != NULL && sip->sip_content_type->c_type != NULL &&
      g_ascii_strncasecmp (sip->sip_content_type->c_type, SDP_TYPE, strlen (SDP_TYPE)) != 0)
    return NULL;
  return g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

/* A party's last SDP offered afresh to a new peer: whatever hold it reflected, the new
 * session starts in both directions. */
static char *
sdp_active (const char *sdp)
{
  g_auto(GStrv) lines = NULL;
  GString *out;

  if (sdp == NULL)
    return NULL;
  lines = g_strsplit (sdp, "\n", -1);
  out = g_string_sized_new (strlen (sdp));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      if (*line == '\0' && lines[i + 1] == NULL)
        break;
      if (g_str_has_prefix (line, "a=sendonly") || g_str_has_prefix (line, "a=recvonly") ||
          g_str_has_prefix (line, "a=inactive"))
        g_string_append (out, "a=sendrecv\r\n");
      else
        g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

static void
log_store_error (const char *what,
                 GError     *error)
{
  if (error != NULL)
    g_warning ("call record: %s: %s", what, error->message);
}

/* "call.ringing", "call.answered", "call.ended" to the agent concerned: the desktop pops
 * the customer up before answering. */
static void
publish_call_event (Call       *call,
                    gint64      user_id,
                    const char *type,
                    const char *reason)
{
  WccEventHub *hub = call->b2bua->hub;
  g_autoptr(JsonBuilder) builder = NULL;

  if (hub == NULL || user_id == 0)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "call_id");
  json_builder_add_int_value (builder, call->id);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, wcc_call_direction_to_string (call->direction));
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, call->from_number);
  json_builder_set_member_name (builder, "group_id");
  if (call->group_id != 0)
    json_builder_add_int_value (builder, call->group_id);
  else
    json_builder_add_null_value (builder);
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
  wcc_event_hub_publish (hub, call->client_id, user_id, type, json_builder_get_root (builder));
}

static Leg *
leg_new (Call         *call,
         nua_handle_t *nh,
         gboolean      is_caller,
         gint64        user_id,
         const char   *uri)
{
  Leg *leg = g_new0 (Leg, 1);

  leg->call = call;
  leg->nh = nh;
  leg->is_caller = is_caller;
  leg->user_id = user_id;
  leg->uri = g_strdup (uri);
  nua_handle_bind (nh, (nua_hmagic_t *) leg);
  leg->record_leg = wcc_store_call_add_leg_later (b2bua_store (call->b2bua), call->id,
                                                  is_caller ? WCC_CALL_SIDE_CALLER : WCC_CALL_SIDE_CALLEE,
                                                  user_id, uri, NULL, NULL, g_get_real_time ());
  return leg;
}

/* The leg's handle goes; the Leg itself stays with its call until the call is freed. */
static void
leg_release (Leg *leg)
{
  if (leg->nh != NULL)
    {
      nua_handle_bind (leg->nh, NULL);
      nua_handle_destroy (leg->nh);
      leg->nh = NULL;
    }
}

static void
leg_free (Leg *leg)
{
  leg_release (leg);
  g_free (leg->uri);
  g_free (leg->sdp);
  g_free (leg);
}

static void
leg_record_end (Leg *leg,
                int  status)
{
  g_autoptr(GError) error = NULL;

  if (leg->record_leg == 0)
    return;
  wcc_store_call_leg_end (b2bua_store (leg->call->b2bua), leg->record_leg, g_get_real_time (),
                          status, &error);
  leg->record_leg = 0;
  log_store_error ("end leg", error);
}

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->transfer_timeout_id, g_source_remove);
  g_clear_pointer (&call->supervision, wcc_sip_supervision_free);
  if (call->a != NULL)
    leg_free (call->a);
  if (call->b != NULL)
    leg_free (call->b);
  g_ptr_array_unref (call->forks);
  g_ptr_array_unref (call->retired);
  g_free (call->from_number);
  g_free (call->refer_event);
  g_free (call);
}

static Leg *
peer_of (Leg *leg)
{
  Call *call = leg->call;

  if (leg == call->a)
    return call->b;
  if (leg == call->b)
    return call->a;
  return NULL;
}

/* Supervision's view: the agent's leg (the callee's, unless an agent called outside) and
 * the other party's. */
static Leg *
agent_leg (Call *call)
{
  return call->b != NULL && call->b->user_id != 0 ? call->b : call->a;
}

static Leg *
party_leg (Call        *call,
           WccMixParty  party)
{
  Leg *agent = agent_leg (call);

  return party == WCC_MIX_AGENT ? agent : agent == call->a ? call->b : call->a;
}

static WccMixParty
leg_party (Leg *leg)
{
  return leg == agent_leg (leg->call) ? WCC_MIX_AGENT : WCC_MIX_CUSTOMER;
}

/* A ringing leg becomes one of the call's two: out of the forks, not freed. */
static void
take_fork (Call *call,
           Leg  *leg)
{
  guint index;

  if (g_ptr_array_find (call->forks, leg, &index))
    g_ptr_array_steal_index (call->forks, index);
}

/* Every leg has let go of its handle: the call can go. */
static void
call_maybe_free (Call *call)
{
  if (!call->ended)
    return;
  if ((call->a != NULL && call->a->nh != NULL) || (call->b != NULL && call->b->nh != NULL))
    return;
  for (guint i = 0; i < call->forks->len; i++)
    if (((Leg *) g_ptr_array_index (call->forks, i))->nh != NULL)
      return;
  for (guint i = 0; i < call->retired->len; i++)
    if (((Leg *) g_ptr_array_index (call->retired, i))->nh != NULL)
      return;
  g_hash_table_remove (call->b2bua->calls, &call->id);
}

/* Stops ringing one device, or hangs up a leg that is up. */
static void
leg_hang_up (Leg *leg)
{
  if (leg == NULL || leg->gone || leg->nh == NULL)
    return;
  leg->gone = TRUE;
  if (leg->is_caller)
    {
      if (leg->answered)
        nua_bye (leg->nh, TAG_END ());
      else
        nua_respond (leg->nh, 480, sip_480_Temporarily_unavailable, TAG_END ());
    }
  else if (leg->answered)
    nua_bye (leg->nh, TAG_END ());
  else
    nua_cancel (leg->nh, TAG_END ());
}

static void
cancel_forks (Call *call,
              gint64 agent_id)
{
  for (guint i = 0; i < call->forks->len; i++)
    {
      Leg *fork = g_ptr_array_index (call->forks, i);
      if (agent_id == 0 || fork->user_id == agent_id)
        leg_hang_up (fork);
    }
}

static void
acd_call_end (Call *call)
{
  WccAcd *acd = call->b2bua->acd;
  gint64 now = g_get_monotonic_time ();

  if (acd == NULL)
    return;
  if (call->queued)
    {
      call->queued = FALSE;
      wcc_acd_call_end (acd, call->id, now, NULL);
    }
  else if (call->callee_agent != 0)
    wcc_acd_agent_call_ended (acd, call->callee_agent, call->id, now, NULL);
  if (call->caller_agent != 0)
    wcc_acd_agent_call_ended (acd, call->caller_agent, call->id, now, NULL);
}

/* The call is over: every leg still there is hung up, the record and the ACD are told. */
static void
call_end (Call        *call,
          const char  *reason,
          WccCallSide  side)
{
  g_autoptr(GError) error = NULL;

  if (call->ended)
    return;
  call->ended = TRUE;
  g_clear_handle_id (&call->transfer_timeout_id, g_source_remove);
  if (call->supervision != NULL)
    wcc_sip_supervision_call_gone (call->supervision, "call ended");
  cancel_forks (call, 0);
  leg_hang_up (call->a);
  leg_hang_up (call->b);
  acd_call_end (call);
  /* Each leg's own end first: the call's end closes whatever is left without a status. */
  if (call->a != NULL)
    leg_record_end (call->a, call->a->answered ? 200 : 487);
  if (call->b != NULL)
    leg_record_end (call->b, 200);
  for (guint i = 0; i < call->forks->len; i++)
    leg_record_end (g_ptr_array_index (call->forks, i), 487);
  publish_call_event (call, call->callee_agent != 0 ? call->callee_agent : call->offered_agent,
                      "call.ended", reason);
  if (call->caller_agent != 0)
    publish_call_event (call, call->caller_agent, "call.ended", reason);
  wcc_store_call_end (b2bua_store (call->b2bua), call->id, g_get_real_time (), reason, side, &error);
  log_store_error ("end", error);
  call_maybe_free (call);
}

/* ---- Starting calls ---- */

static Call *
call_new (WccSipB2bua      *self,
          gint64            client_id,
          WccCallRecordDirection  direction,
          const char       *from_number,
          const char       *to_number,
          gint64            group_id)
{
  Call *call;

  call = g_new0 (Call, 1);
  call->b2bua = self;
  /* Its record is written once the INVITE to the agent is out (the routing's tail). */
  call->id = wcc_store_call_create_later (b2bua_store (self), client_id, direction, from_number,
                                          to_number, group_id, g_get_real_time ());
  call->client_id = client_id;
  call->direction = direction;
  call->group_id = group_id;
  call->from_number = g_strdup (from_number);
  call->forks = g_ptr_array_new_with_free_func ((GDestroyNotify) leg_free);
  call->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) leg_free);
  g_hash_table_insert (self->calls, &call->id, call);
  return call;
}

/* X-WCC-Call-Id: the server's id of the call (GET /api/v1/calls/{id}), on the INVITEs to
 * the devices it rings and on the answers to the caller, so both desktops can link the call
 * to a contact record and upload its recording. */
static char *
call_id_header (Call *call)
{
  return g_strdup_printf ("X-WCC-Call-Id: %" G_GINT64_FORMAT, call->id);
}

/* Rings one device of an agent (or a number) with the caller's offer. */
static Leg *
call_fork (Call       *call,
           gint64      user_id,
           const char *contact,
           const char *to_aor)
{
  WccSipB2bua *self = call->b2bua;
  g_autofree char *from = g_strdup_printf ("<sip:%s@%s>", call->from_number,
                                           wcc_sip_server_get_host (self->server));
  g_autofree char *call_info = call_id_header (call);
  nua_handle_t *nh = nua_handle (b2bua_nua (self), NULL, SIPTAG_TO_STR (to_aor),
                                 SIPTAG_FROM_STR (from), TAG_END ());
  Leg *leg;

  if (nh == NULL)
    return NULL;
  leg = leg_new (call, nh, FALSE, user_id, contact);
  g_ptr_array_add (call->forks, leg);
  nua_invite (nh, NUTAG_URL (contact),
              TAG_IF (call->a->sdp != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
              TAG_IF (call->a->sdp != NULL, SIPTAG_PAYLOAD_STR (call->a->sdp)),
              SIPTAG_HEADER_STR (call_info),
              TAG_END ());
  return leg;
}

/* Rings every registered device of @user_id; FALSE when none is registered. */
static gboolean
call_ring_agent (Call   *call,
                 gint64  user_id)
{
  WccSipB2bua *self = call->b2bua;
  g_autoptr(WccStoreUser) user = wcc_store_user_find (b2bua_store (self), call->client_id, user_id);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree char *aor = NULL;
  guint rung = 0;

  if (user == NULL)
    return FALSE;
  contacts = wcc_sip_registrar_lookup (wcc_sip_server_get_registrar (self->server),
                                       call->client_id, user_id);
  aor = g_strdup_printf ("<sip:%s@%s>", user->employee_id, user->client_name);
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    if (call_fork (call, user_id, g_ptr_array_index (contacts, i), aor) != NULL)
      rung++;
  if (rung > 0)
    publish_call_event (call, user_id, "call.ringing", NULL);
  return rung > 0;
}

static void
answer_caller_failure (Leg *a,
                       int  status)
{
  a->gone = TRUE;
  nua_respond (a->nh, status, sip_status_phrase (status), TAG_END ());
}

/* The user part of the request URI, and the client its host (or, failing that, the From
 * host) names. */
static WccStoreClient *
request_client (WccStore    *store,
                const sip_t *sip)
{
  const url_t *ruri = sip->sip_request->rq_url;
  WccStoreClient *client = NULL;

  if (ruri->url_host != NULL)
    client = wcc_store_client_find (store, ruri->url_host);
  if (client == NULL && sip->sip_from != NULL && sip->sip_from->a_url->url_host != NULL)
    client = wcc_store_client_find (store, sip->sip_from->a_url->url_host);
  return client;
}

/* A public queue number: in the request's client, or the one queue of that number. */
static WccStoreQueue *
find_queue (WccSipB2bua    *self,
            WccStore       *store,
            WccStoreClient *client,
            const char     *number)
{
  g_autoptr(GPtrArray) queues = NULL;
  gint64 client_id = 0, group_id = 0;
  const char *inbound = g_hash_table_lookup (self->inbound, number);

  if (inbound != NULL)
    {
      /* A number the carrier delivers: "client:queue". */
      g_autofree char *client_name = g_strndup (inbound, strchr (inbound, ':') - inbound);
      g_autoptr(WccStoreClient) owner = wcc_store_client_find (store, client_name);

      return owner != NULL ? wcc_store_queue_find_by_number (store, owner->id, strchr (inbound, ':') + 1)
                           : NULL;
    }
  if (client != NULL)
    return wcc_store_queue_find_by_number (store, client->id, number);
  queues = wcc_store_queue_list (store, 0);
  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);
      if (g_strcmp0 (queue->queue_number, number) != 0)
        continue;
      if (group_id != 0)
        return NULL;   /* ambiguous across clients: the caller must name the client */
      client_id = queue->client_id;
      group_id = queue->id;
    }
  return group_id != 0 ? wcc_store_queue_find (store, client_id, group_id) : NULL;
}

/* An agent's desktop may name the task and customer a call is for (C22, D5) in the INVITE:
 * X-WCC-Task-Id and X-WCC-Customer-Id. Only positive integers count. */
static void
attach_from_headers (Call        *call,
                     const sip_t *sip)
{
  gint64 task = -1, customer = -1;
  g_autoptr(GError) error = NULL;

  for (sip_unknown_t const *h = sip->sip_unknown; h != NULL; h = h->un_next)
    {
      guint64 value;

      if (h->un_name == NULL || h->un_value == NULL ||
          !g_ascii_string_to_unsigned (h->un_value, 10, 1, G_MAXINT64, &value, NULL))
        continue;
      if (g_ascii_strcasecmp (h->un_name, "X-WCC-Task-Id") == 0)
        task = (gint64) value;
      else if (g_ascii_strcasecmp (h->un_name, "X-WCC-Customer-Id") == 0)
        customer = (gint64) value;
    }
  if (task < 0 && customer < 0)
    return;
  wcc_store_call_attach (b2bua_store (call->b2bua), call->client_id, call->id, task, customer, 0, &error);
  log_store_error ("attach", error);
}

static const char *
caller_number (const sip_t *sip)
{
  if (sip->sip_from != NULL && sip->sip_from->a_url->url_user != NULL)
    return sip->sip_from->a_url->url_user;
  return "anonymous";
}

/* C6: a number with an approved do-not-call or blacklist request of the caller's client is
 * not called: the caller gets 403 saying why (reason phrase and Warning) and no call is
 * made or recorded. Numbers match on their normalized digits. */
static gboolean
refuse_blocked_number (WccSipB2bua  *self,
                       nua_handle_t *nh,
                       gint64        client_id,
                       gint64        caller_id,
                       const char   *number)
{
  g_autofree char *normalized = wcc_phone_number_normalize (number);
  WccNumberRequestKind kind;
  gboolean blacklist;

  if (normalized == NULL || !wcc_store_number_is_blocked (b2bua_store (self), client_id, normalized, &kind))
    return FALSE;
  blacklist = kind == WCC_NUMBER_BLACKLIST;
  nua_respond (nh, 403, blacklist ? "Blacklisted Number" : "Do Not Call",
               SIPTAG_WARNING_STR (blacklist ? "399 wcc-server \"The number is blacklisted\""
                                             : "399 wcc-server \"The number is on the do-not-call list\""),
               NUTAG_WITH_THIS (b2bua_nua (self)), TAG_END ());
  nua_handle_destroy (nh);
  wcc_store_audit (b2bua_store (self), client_id, caller_id, "call.refused", normalized, NULL);
  return TRUE;
}

static void
on_initial_invite (WccSipB2bua  *self,
                   nua_handle_t *nh,
                   const sip_t  *sip)
{
  WccStore *store = b2bua_store (self);
  nua_t *nua = b2bua_nua (self);
  const char *number = sip->sip_request->rq_url->url_user;
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreQueue) queue = NULL;
  g_autoptr(WccStoreUser) callee = NULL;
  g_autoptr(WccStoreUser) caller = NULL;
  g_autoptr(GError) error = NULL;
  gint64 client_id = 0, caller_id = 0;
  const char *trunk = NULL;
  Call *call;

  if (number == NULL || *number == '\0')
    {
      nua_respond (nh, SIP_404_NOT_FOUND, NUTAG_WITH_THIS (nua), TAG_END ());
      nua_handle_destroy (nh);
      return;
    }
  client = request_client (store, sip);
  queue = self->acd != NULL ? find_queue (self, store, client, number) : NULL;

  if (queue == NULL)
    {
      /* Everything but a public queue number is for our own users only. */
      if (!wcc_sip_registrar_authenticate (wcc_sip_server_get_registrar (self->server), nh, sip,
                                           TRUE, &client_id, &caller_id))
        {
          nua_handle_destroy (nh);
          return;
        }
      caller = wcc_store_user_find (store, client_id, caller_id);
      callee = caller != NULL ? wcc_store_user_find_by_account (store, caller->client_name, number) : NULL;
      trunk = caller != NULL && callee == NULL ? g_hash_table_lookup (self->trunks, caller->client_name) : NULL;
      if (callee == NULL && trunk == NULL)
        {
          nua_respond (nh, SIP_404_NOT_FOUND, NUTAG_WITH_THIS (nua), TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
      if (trunk != NULL && refuse_blocked_number (self, nh, client_id, caller_id, number))
        return;
      call = call_new (self, client_id, callee != NULL ? WCC_CALL_INTERNAL : WCC_CALL_OUTBOUND,
                       caller->employee_id, number, 0);
    }
  else
    call = call_new (self, queue->client_id, WCC_CALL_INBOUND, caller_number (sip), number,
                     queue->id);
  call->a = leg_new (call, nh, TRUE, caller_id,
                     sip->sip_contact ? url_as_string (nua_handle_home (nh), sip->sip_contact->m_url) : NULL);
  call->a->sdp = dup_sdp (sip);
  call->caller_agent = caller_id;
  if (caller_id != 0)
    attach_from_headers (call, sip);

  if (queue != NULL)
    {
      /* Ringback while the queue works: 182 Queued, no early media. */
      nua_respond (nh, SIP_182_QUEUED, TAG_END ());
      call->queued = TRUE;
      if (!wcc_acd_call_enqueue (self->acd, call->id, queue->id, call->from_number,
                                 g_get_monotonic_time (), &error))
        {
          call->queued = FALSE;
          g_warning ("Cannot queue call %" G_GINT64_FORMAT ": %s", call->id, error->message);
          answer_caller_failure (call->a, 503);
          call_end (call, "queue unavailable", WCC_CALL_SIDE_SERVER);
        }
      return;
    }

  if (self->acd != NULL && caller_id != 0)
    wcc_acd_agent_call_started (self->acd, caller_id, call->id, g_get_monotonic_time (), NULL);
  if (trunk != NULL)
    {
      /* Out through the client's carrier: sip:NUMBER@gateway. */
      g_autofree char *uri = g_strdup_printf ("sip:%s@%s", number, trunk + strlen ("sip:"));
      g_autofree char *to = g_strdup_printf ("<%s>", uri);

      if (call_fork (call, 0, uri, to) == NULL)
        {
          answer_caller_failure (call->a, 503);
          call_end (call, "trunk unavailable", WCC_CALL_SIDE_SERVER);
        }
      return;
    }
  if (!call_ring_agent (call, callee->id))
    {
      answer_caller_failure (call->a, 480);
      call_end (call, "not registered", WCC_CALL_SIDE_SERVER);
    }
}

/* ---- ACD offers ---- */

static void
on_offer_call (WccAcd   *acd,
               gint64    call_id,
               gint64    agent_id,
               gpointer  user_data)
{
  WccSipB2bua *self = user_data;
  Call *call = g_hash_table_lookup (self->calls, &call_id);

  if (call == NULL || call->ended)
    return;
  call->offered_agent = agent_id;
  if (!call_ring_agent (call, agent_id))
    /* Registered for the ACD, yet no binding found: the offer cannot ring. */
    wcc_acd_offer_declined (acd, call_id, agent_id, g_get_monotonic_time (), NULL);
}

static void
on_cancel_offer (WccAcd   *acd,
                 gint64    call_id,
                 gint64    agent_id,
                 int       reason,
                 gpointer  user_data)
{
  WccSipB2bua *self = user_data;
  Call *call = g_hash_table_lookup (self->calls, &call_id);

  if (call == NULL)
    return;
  if (call->offered_agent == agent_id)
    call->offered_agent = 0;
  cancel_forks (call, agent_id);
}

/* ---- Answers from the callee side ---- */

static gboolean
agent_forks_left (Call  *call,
                  gint64 agent_id)
{
  for (guint i = 0; i < call->forks->len; i++)
    {
      Leg *fork = g_ptr_array_index (call->forks, i);
      if (fork->user_id == agent_id && !fork->gone)
        return TRUE;
    }
  return FALSE;
}

static void
publish_answered (Call *call)
{
  g_autoptr(GError) error = NULL;
  WccStore *store = b2bua_store (call->b2bua);
  gint64 now = g_get_real_time ();

  wcc_store_call_set_answered (store, call->id, now, &error);
  log_store_error ("answered", error);
  g_clear_error (&error);
  if (call->callee_agent != 0)
    {
      wcc_store_call_set_agent (store, call->id, call->callee_agent, &error);
      log_store_error ("agent", error);
      g_clear_error (&error);
    }
  wcc_store_call_leg_set_answered (store, call->b->record_leg, now, &error);
  log_store_error ("leg answered", error);
}

/* The first device to answer takes the call; the others stop ringing. */
static void
on_fork_answered (Leg         *leg,
                  const sip_t *sip)
{
  Call *call = leg->call;
  WccSipB2bua *self = call->b2bua;
  g_autofree char *sdp = dup_sdp (sip);
  g_autofree char *call_info = call_id_header (call);

  leg->answered = TRUE;
  if (call->b != NULL || call->ended)
    {
      /* Too late: someone else answered first. */
      nua_ack (leg->nh, TAG_END ());
      leg_hang_up (leg);
      return;
    }
  if (call->queued && self->acd != NULL &&
      !wcc_acd_offer_answered (self->acd, call->id, leg->user_id, g_get_monotonic_time (), NULL))
    {
      /* The offer timed out while this device was answering. */
      nua_ack (leg->nh, TAG_END ());
      leg_hang_up (leg);
      return;
    }
  take_fork (call, leg);
  call->b = leg;
  call->callee_agent = leg->user_id;
  if (!call->queued && self->acd != NULL && leg->user_id != 0)
    wcc_acd_agent_call_started (self->acd, leg->user_id, call->id, g_get_monotonic_time (), NULL);
  cancel_forks (call, 0);
  g_free (leg->sdp);
  leg->sdp = g_strdup (sdp);

  if (call->a->sdp == NULL)
    /* The caller made no offer: this 2xx carries one, the caller's ACK the answer. */
    leg->ack_deferred = TRUE;
  else
    nua_ack (leg->nh, TAG_END ());
  call->a->answered = TRUE;
  nua_respond (call->a->nh, SIP_200_OK,
               TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
               TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
               SIPTAG_HEADER_STR (call_info),
               TAG_END ());
  publish_answered (call);
  publish_call_event (call, call->callee_agent, "call.answered", NULL);
  if (call->caller_agent != 0 && self->answered_func != NULL)
    self->answered_func (call->client_id, call->caller_agent, call->id, self->answered_data);
}

static void
on_fork_failed (Leg *leg,
                int  status)
{
  Call *call = leg->call;
  WccSipB2bua *self = call->b2bua;
  gboolean ours = leg->gone;   /* we cancelled it */
  gint64 agent = leg->user_id;

  leg->gone = TRUE;
  leg_record_end (leg, status);
  if (call->ended || call->b != NULL)
    return;
  if (call->queued)
    {
      /* Every device of the offered agent refused: the offer is declined. */
      if (!ours && agent == call->offered_agent && !agent_forks_left (call, agent))
        {
          call->offered_agent = 0;
          wcc_acd_offer_declined (self->acd, call->id, agent, g_get_monotonic_time (), NULL);
        }
      return;
    }
  for (guint i = 0; i < call->forks->len; i++)
    if (!((Leg *) g_ptr_array_index (call->forks, i))->gone)
      return;
  answer_caller_failure (call->a, status == 487 ? 480 : status);
  call_end (call, sip_status_phrase (status) ? sip_status_phrase (status) : "failed",
            WCC_CALL_SIDE_CALLEE);
}

/* ---- In-dialog relaying ---- */

/* A re-INVITE (hold, resume, codec change) from one party goes to the other. */
static void
on_reinvite (Leg         *leg,
             const sip_t *sip)
{
  Leg *peer = peer_of (leg);
  g_autofree char *sdp = dup_sdp (sip);

  if (peer == NULL || peer->nh == NULL || peer->gone)
    {
      nua_respond (leg->nh, SIP_481_NO_TRANSACTION, TAG_END ());
      return;
    }
  if (peer->invite_pending || leg->answer_pending || leg->invite_pending)
    {
      nua_respond (leg->nh, SIP_491_REQUEST_PENDING, TAG_END ());
      return;
    }
  if (leg->call->supervision != NULL && wcc_sip_supervision_is_anchored (leg->call->supervision))
    {
      /* The media comes to the server: the server answers (hold, a new address). */
      g_autofree char *answer = wcc_sip_supervision_answer_offer (leg->call->supervision, leg_party (leg), sdp);
      if (answer == NULL)
        nua_respond (leg->nh, SIP_488_NOT_ACCEPTABLE, TAG_END ());
      else
        nua_respond (leg->nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE), SIPTAG_PAYLOAD_STR (answer), TAG_END ());
      if (answer != NULL && sdp != NULL)
        {
          g_free (leg->sdp);
          leg->sdp = g_strdup (sdp);
        }
      return;
    }
  leg->answer_pending = TRUE;
  if (sdp != NULL)
    {
      g_free (leg->sdp);
      leg->sdp = g_strdup (sdp);
    }
  peer->invite_pending = TRUE;
  peer->ack_deferred = FALSE;
  nua_invite (peer->nh,
              TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
              TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
              TAG_END ());
  if (sdp == NULL)
    /* The peer's 2xx will carry the offer; our party's ACK the answer. */
    peer->ack_deferred = TRUE;
}

/* A new offer to a party whose peer changed (a transfer): the peer's SDP, active. */
static void
reoffer (Leg        *leg,
         const char *peer_sdp)
{
  g_autofree char *offer = sdp_active (peer_sdp);

  leg->invite_pending = TRUE;
  leg->ack_deferred = FALSE;
  nua_invite (leg->nh, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE), SIPTAG_PAYLOAD_STR (offer), TAG_END ());
}

/* The answer to a re-INVITE we relayed. */
static void
on_reinvite_answer (Leg         *leg,
                    int          status,
                    const sip_t *sip)
{
  Leg *asker = peer_of (leg);
  g_autofree char *sdp = dup_sdp (sip);

  if (status < 200)
    return;
  leg->invite_pending = FALSE;
  if (status < 300)
    {
      if (sdp != NULL)
        {
          g_free (leg->sdp);
          leg->sdp = g_strdup (sdp);
        }
      if (!leg->ack_deferred)
        nua_ack (leg->nh, TAG_END ());
    }
  if (leg->anchor_pending)
    {
      /* Supervision brought this party's media to the server (or it refused). */
      leg->anchor_pending = FALSE;
      if (leg->call->supervision != NULL)
        wcc_sip_supervision_anchor_answered (leg->call->supervision, leg_party (leg), status, sdp);
      return;
    }
  if (leg->bridging)
    {
      /* An attended transfer joined this party to the other: its answer is the other's
       * new offer. */
      leg->bridging = FALSE;
      if (status < 300 && sdp != NULL && asker != NULL && asker->nh != NULL && !asker->gone)
        reoffer (asker, sdp);
      return;
    }
  if (asker == NULL || !asker->answer_pending || asker->nh == NULL)
    return;
  asker->answer_pending = FALSE;
  if (status < 300)
    nua_respond (asker->nh, SIP_200_OK,
                 TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
                 TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
                 TAG_END ());
  else
    nua_respond (asker->nh, status, sip_status_phrase (status), TAG_END ());
}

static void
on_ack (Leg         *leg,
        const sip_t *sip)
{
  Leg *peer = peer_of (leg);
  g_autofree char *sdp = dup_sdp (sip);

  if (peer == NULL || !peer->ack_deferred || peer->nh == NULL)
    return;
  peer->ack_deferred = FALSE;
  if (sdp != NULL)
    {
      g_free (leg->sdp);
      leg->sdp = g_strdup (sdp);
    }
  nua_ack (peer->nh,
           TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
           TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
           TAG_END ());
}

static void
on_info (Leg         *leg,
         const sip_t *sip)
{
  Leg *peer = peer_of (leg);

  if (peer == NULL || peer->nh == NULL || peer->gone)
    return;
  nua_info (peer->nh,
            TAG_IF (sip->sip_content_type, SIPTAG_CONTENT_TYPE (sip->sip_content_type)),
            TAG_IF (sip->sip_payload, SIPTAG_PAYLOAD (sip->sip_payload)),
            TAG_END ());
}

/* ---- Blind transfer, done at the server ---- */

static void
notify_transferor (Call *call,
                   int   status)
{
  g_autofree char *frag = NULL;
  Leg *transferor = call->transferor;

  if (transferor == NULL || transferor->nh == NULL || call->refer_event == NULL)
    return;
  frag = g_strdup_printf ("SIP/2.0 %03d %s\r\n", status, sip_status_phrase (status)
                          ? sip_status_phrase (status) : "");
  nua_notify (transferor->nh,
              SIPTAG_EVENT_STR (call->refer_event),
              SIPTAG_SUBSCRIPTION_STATE_STR (status >= 200 ? "terminated;reason=noresource" : "active"),
              SIPTAG_CONTENT_TYPE_STR ("message/sipfrag;version=2.0"),
              SIPTAG_PAYLOAD_STR (frag),
              TAG_END ());
}

/* The transfer failed: the call stays with the agent who asked (RFC 5589: their phone
 * takes it back off hold). */
static void
transfer_failed (Call *call,
                 int   status)
{
  g_clear_handle_id (&call->transfer_timeout_id, g_source_remove);
  for (guint i = 0; i < call->forks->len; i++)
    {
      Leg *fork = g_ptr_array_index (call->forks, i);
      if (fork->transfer_target)
        leg_hang_up (fork);
    }
  notify_transferor (call, status);
  call->transferor = NULL;
  g_clear_pointer (&call->refer_event, g_free);
}

static gboolean
on_transfer_timeout (gpointer user_data)
{
  Call *call = user_data;

  call->transfer_timeout_id = 0;
  transfer_failed (call, 408);
  return G_SOURCE_REMOVE;
}

/* The transferor's leg leaves the call and @target (answered, already out of the forks)
 * takes its place: the ACD, the record and the events follow; the transferor is told and
 * hung up. The caller then joins the target to the party left behind. */
static void
hand_over (Call *call,
           Leg  *transferor,
           Leg  *target)
{
  WccSipB2bua *self = call->b2bua;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&call->transfer_timeout_id, g_source_remove);
  /* The parties are re-offered end to end: a supervision of the call ends with its mix. */
  if (call->supervision != NULL)
    {
      wcc_sip_supervision_call_gone (call->supervision, "transferred");
      g_clear_pointer (&call->supervision, wcc_sip_supervision_free);
    }
  target->transfer_target = FALSE;
  notify_transferor (call, 200);
  call->transferor = NULL;
  g_clear_pointer (&call->refer_event, g_free);

  if (transferor == call->b)
    call->b = target;
  else
    {
      call->a = target;
      target->is_caller = TRUE;
    }
  if (transferor->user_id != 0 && self->acd != NULL)
    {
      if (call->queued)
        {
          call->queued = FALSE;
          wcc_acd_call_end (self->acd, call->id, g_get_monotonic_time (), NULL);
        }
      else
        wcc_acd_agent_call_ended (self->acd, transferor->user_id, call->id,
                                  g_get_monotonic_time (), NULL);
    }
  if (target->user_id != 0 && self->acd != NULL)
    wcc_acd_agent_call_started (self->acd, target->user_id, call->id, g_get_monotonic_time (), NULL);
  if (transferor->user_id == call->callee_agent)
    call->callee_agent = target->user_id;
  if (transferor->user_id == call->caller_agent)
    call->caller_agent = target->user_id;
  publish_call_event (call, transferor->user_id, "call.ended", "transferred");
  publish_call_event (call, target->user_id, "call.answered", NULL);
  if (target->user_id != 0)
    {
      wcc_store_call_set_agent (b2bua_store (self), call->id, target->user_id, &error);
      log_store_error ("agent after transfer", error);
    }
  wcc_store_call_leg_set_answered (b2bua_store (self), target->record_leg, g_get_real_time (), NULL);
  leg_record_end (transferor, 200);
  leg_hang_up (transferor);
  /* It stays allocated until the call is freed; call->a and call->b are the new pair. */
  g_ptr_array_add (call->retired, transferor);
}

/* A blind transfer's target answered (with the other party's session as the offer): the
 * other party gets the target's answer as a new offer. */
static void
transfer_answered (Leg         *target,
                   const sip_t *sip)
{
  Call *call = target->call;
  Leg *transferor = call->transferor;
  Leg *other = transferor != NULL ? peer_of (transferor) : NULL;
  g_autofree char *sdp = dup_sdp (sip);

  target->answered = TRUE;
  nua_ack (target->nh, TAG_END ());
  if (transferor == NULL || other == NULL || other->nh == NULL || other->gone)
    {
      leg_hang_up (target);
      return;
    }
  take_fork (call, target);
  g_free (target->sdp);
  target->sdp = g_strdup (sdp);
  hand_over (call, transferor, target);
  if (sdp != NULL)
    reoffer (other, sdp);
}

/* Attended transfer (RFC 5589 §7): the agent on @leg asks, with Replaces, to join the
 * party of this call to the target of their consultation call. Both calls pass here, so
 * the server joins them itself: the target leaves the consultation call for this one,
 * gets the party's session as a new offer, and its answer goes on to the party. */
static void
attended_transfer (Leg        *leg,
                   const char *replaces_text)
{
  Call *call = leg->call;
  WccSipB2bua *self = call->b2bua;
  su_home_t *home = nua_handle_home (leg->nh);
  sip_replaces_t *replaces = sip_replaces_make (home, replaces_text);
  nua_handle_t *found = replaces ? nua_handle_by_replaces (b2bua_nua (self), replaces) : NULL;
  Leg *consulting = found ? (Leg *) nua_handle_magic (found) : NULL;
  Leg *other = peer_of (leg);
  Call *consultation;
  Leg *target;

  if (found != NULL)
    nua_handle_unref (found);
  consultation = consulting != NULL ? consulting->call : NULL;
  target = consulting != NULL ? peer_of (consulting) : NULL;
  /* The consultation must be another answered call of the same agent. */
  if (consultation == NULL || consultation == call || consultation->ended ||
      consulting->user_id != leg->user_id || target == NULL || !target->answered ||
      target->nh == NULL || target->gone || other == NULL || other->nh == NULL)
    {
      transfer_failed (call, 481);
      return;
    }

  /* The target's leg moves over: ended in the consultation's record, begun in this one. */
  leg_record_end (target, 200);
  if (target == consultation->b)
    consultation->b = NULL;
  else
    consultation->a = NULL;
  if (target->user_id == consultation->callee_agent)
    consultation->callee_agent = 0;
  target->call = call;
  target->is_caller = FALSE;
  target->record_leg = wcc_store_call_add_leg_later (b2bua_store (self), call->id, WCC_CALL_SIDE_CALLEE,
                                                     target->user_id, target->uri, NULL, NULL,
                                                     g_get_real_time ());
  call_end (consultation, "transferred", WCC_CALL_SIDE_CALLER);
  /* The target left the consultation, still on a call. */
  if (self->acd != NULL && target->user_id != 0)
    wcc_acd_agent_call_ended (self->acd, target->user_id, consultation->id,
                              g_get_monotonic_time (), NULL);

  hand_over (call, leg, target);
  target->bridging = TRUE;
  reoffer (target, other->sdp);
}

static void
on_refer (Leg         *leg,
          const sip_t *sip,
          tagi_t       tags[])
{
  Call *call = leg->call;
  WccSipB2bua *self = call->b2bua;
  WccStore *store = b2bua_store (self);
  sip_event_t const *event = NULL;
  g_autoptr(WccStoreUser) transferor = NULL;
  g_autoptr(WccStoreUser) target = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  su_home_t *home = nua_handle_home (leg->nh);
  const char *number;
  g_autofree char *aor = NULL;
  g_autofree char *offer = NULL;
  Leg *other = peer_of (leg);

  tl_gets (tags, NUTAG_REFER_EVENT_REF (event), TAG_END ());
  g_free (call->refer_event);
  call->refer_event = event ? g_strdup (sip_header_as_string (home, (sip_header_t const *) event)) : NULL;

  /* Only an agent in an answered call may transfer it, one transfer at a time. */
  if (leg->user_id == 0 || other == NULL || call->transferor != NULL || sip->sip_refer_to == NULL)
    {
      Leg *saved = call->transferor;
      call->transferor = leg;
      notify_transferor (call, 403);
      call->transferor = saved;
      return;
    }
  call->transferor = leg;
  number = sip->sip_refer_to->r_url->url_user;
  if (sip->sip_refer_to->r_url->url_headers != NULL &&
      strstr (sip->sip_refer_to->r_url->url_headers, "Replaces=") != NULL)
    {
      g_autofree char *headers = g_strdup (sip->sip_refer_to->r_url->url_headers);
      char *value = strstr (headers, "Replaces=") + strlen ("Replaces=");
      char *amp = strchr (value, '&');
      g_autofree char *replaces = NULL;

      if (amp != NULL)
        *amp = '\0';
      replaces = g_uri_unescape_string (value, NULL);
      notify_transferor (call, 100);
      attended_transfer (leg, replaces != NULL ? replaces : value);
      return;
    }
  transferor = wcc_store_user_find (store, call->client_id, leg->user_id);
  target = number && transferor ? wcc_store_user_find_by_account (store, transferor->client_name, number) : NULL;
  if (target == NULL)
    {
      transfer_failed (call, 404);
      return;
    }
  notify_transferor (call, 100);
  contacts = wcc_sip_registrar_lookup (wcc_sip_server_get_registrar (self->server),
                                       call->client_id, target->id);
  aor = g_strdup_printf ("<sip:%s@%s>", target->employee_id, target->client_name);
  if (contacts == NULL || contacts->len == 0)
    {
      transfer_failed (call, 480);
      return;
    }
  offer = sdp_active (other->sdp);
  for (guint i = 0; i < contacts->len; i++)
    {
      g_autofree char *from = g_strdup_printf ("<sip:%s@%s>", call->from_number,
                                               wcc_sip_server_get_host (self->server));
      nua_handle_t *nh = nua_handle (b2bua_nua (self), NULL, SIPTAG_TO_STR (aor),
                                     SIPTAG_FROM_STR (from), TAG_END ());
      Leg *fork;

      if (nh == NULL)
        continue;
      fork = leg_new (call, nh, FALSE, target->id, g_ptr_array_index (contacts, i));
      fork->transfer_target = TRUE;
      g_ptr_array_add (call->forks, fork);
      /* The target gets the other party's session as the offer. */
      nua_invite (nh, NUTAG_URL (g_ptr_array_index (contacts, i)),
                  TAG_IF (offer != NULL, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE)),
                  TAG_IF (offer != NULL, SIPTAG_PAYLOAD_STR (offer)),
                  TAG_END ());
    }
  call->transfer_timeout_id = g_timeout_add_seconds (TRANSFER_RING_SECONDS, on_transfer_timeout, call);
}

static void
on_transfer_target_failed (Leg *leg,
                           int  status)
{
  Call *call = leg->call;
  gboolean ours = leg->gone;

  leg->gone = TRUE;
  leg_record_end (leg, status);
  if (ours || call->transferor == NULL)
    return;
  for (guint i = 0; i < call->forks->len; i++)
    {
      Leg *fork = g_ptr_array_index (call->forks, i);
      if (fork->transfer_target && !fork->gone)
        return;
    }
  transfer_failed (call, status);
}

/* ---- Events ---- */

static void
on_leg_terminated (Leg *leg)
{
  Call *call = leg->call;

  leg_record_end (leg, leg->answered ? 200 : 487);
  leg_release (leg);
  call_maybe_free (call);
}

static void
on_leg_event (Leg          *leg,
              nua_event_t   event,
              int           status,
              nua_handle_t *nh,
              const sip_t  *sip,
              tagi_t        tags[])
{
  Call *call = leg->call;

  switch (event)
    {
    case nua_i_invite:
      /* An INVITE on a leg we know: a re-INVITE. */
      on_reinvite (leg, sip);
      break;
    case nua_r_invite:
      if (status < 200)
        {
          /* Ringing at a device: the caller hears it (queue callers already do). */
          if (!leg->is_caller && !leg->transfer_target && status > 100 && !call->queued &&
              call->b == NULL && !call->a->answered && !call->a->gone)
            {
              g_autofree char *call_info = call_id_header (call);
              nua_respond (call->a->nh, SIP_180_RINGING, SIPTAG_HEADER_STR (call_info), TAG_END ());
            }
        }
      else if (leg == call->a || leg == call->b)
        on_reinvite_answer (leg, status, sip);
      else if (leg->transfer_target)
        {
          if (status < 300 && !leg->gone)
            transfer_answered (leg, sip);
          else if (status < 300)
            {
              nua_ack (nh, TAG_END ());
              nua_bye (nh, TAG_END ());
            }
          else
            on_transfer_target_failed (leg, status);
        }
      else if (status < 300)
        on_fork_answered (leg, sip);
      else
        on_fork_failed (leg, status);
      break;
    case nua_i_ack:
      on_ack (leg, sip);
      break;
    case nua_i_cancel:
      /* nua has answered the INVITE (487) already. */
      leg->gone = TRUE;
      if (leg == call->a)
        call_end (call, "caller hung up", WCC_CALL_SIDE_CALLER);
      break;
    case nua_i_bye:
      leg->gone = TRUE;
      if (leg == call->a || leg == call->b)
        call_end (call, "hung up", leg == call->a ? WCC_CALL_SIDE_CALLER : WCC_CALL_SIDE_CALLEE);
      break;
    case nua_i_info:
      on_info (leg, sip);
      break;
    case nua_i_refer:
      on_refer (leg, sip, tags);
      break;
    case nua_i_state:
      {
        int state = nua_callstate_init;
        tl_gets (tags, NUTAG_CALLSTATE_REF (state), TAG_END ());
        if (state == nua_callstate_terminated)
          on_leg_terminated (leg);
      }
      break;
    default:
      break;
    }
}

void
wcc_sip_b2bua_handle (WccSipB2bua  *self,
                      nua_event_t   event,
                      int           status,
                      const char   *phrase,
                      nua_handle_t *nh,
                      nua_hmagic_t *hmagic,
                      const sip_t  *sip,
                      tagi_t        tags[])
{
  if (wcc_sip_supervision_handle (self, event, status, nh, sip, tags))
    return;
  if (hmagic != NULL)
    {
      on_leg_event ((Leg *) hmagic, event, status, nh, sip, tags);
      return;
    }
  switch (event)
    {
    case nua_i_invite:
      on_initial_invite (self, nh, sip);
      break;
    case nua_i_options:
      /* nua answers OPTIONS itself. */
      break;
    default:
      /* Requests outside any call we take part in end with their handle. */
      if (nh != NULL && event != nua_r_set_params && event != nua_i_outbound)
        nua_handle_destroy (nh);
      break;
    }
}

/* ---- Life ---- */

WccSipB2bua *
wcc_sip_b2bua_new (WccSipServer *server)
{
  WccSipB2bua *self = g_new0 (WccSipB2bua, 1);

  self->server = server;
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) call_free);
  self->leader_legs = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  wcc_sip_b2bua_set_routes (self, NULL, NULL);
  return self;
}

void
wcc_sip_b2bua_set_acd (WccSipB2bua *self,
                       WccAcd      *acd)
{
  if (self->acd != NULL)
    {
      g_clear_signal_handler (&self->offer_handler, self->acd);
      g_clear_signal_handler (&self->cancel_handler, self->acd);
      g_clear_object (&self->acd);
    }
  if (acd == NULL)
    return;
  self->acd = g_object_ref (acd);
  self->offer_handler = g_signal_connect (acd, "offer-call", G_CALLBACK (on_offer_call), self);
  self->cancel_handler = g_signal_connect (acd, "cancel-offer", G_CALLBACK (on_cancel_offer), self);
}

void
wcc_sip_b2bua_set_routes (WccSipB2bua *self,
                          GHashTable  *trunks,
                          GHashTable  *inbound)
{
  g_clear_pointer (&self->trunks, g_hash_table_unref);
  g_clear_pointer (&self->inbound, g_hash_table_unref);
  self->trunks = trunks ? g_hash_table_ref (trunks) : g_hash_table_new (g_str_hash, g_str_equal);
  self->inbound = inbound ? g_hash_table_ref (inbound) : g_hash_table_new (g_str_hash, g_str_equal);
}

void
wcc_sip_b2bua_set_call_answered_func (WccSipB2bua            *self,
                                      WccSipCallAnsweredFunc  func,
                                      gpointer                user_data)
{
  self->answered_func = func;
  self->answered_data = user_data;
}

void
wcc_sip_b2bua_set_hub (WccSipB2bua *self,
                       WccEventHub *hub)
{
  g_set_object (&self->hub, hub);
}

void
wcc_sip_b2bua_free (WccSipB2bua *self)
{
  wcc_sip_b2bua_set_acd (self, NULL);
  g_clear_object (&self->hub);
  g_clear_pointer (&self->trunks, g_hash_table_unref);
  g_clear_pointer (&self->inbound, g_hash_table_unref);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->leader_legs);
  g_free (self);
}

/* ---- Supervision (issue 9): what wcc-sip-supervision.c needs of a call ---- */

static Call *
live_call (WccSipB2bua *self,
           gint64       call_id)
{
  Call *call = g_hash_table_lookup (self->calls, &call_id);

  return call != NULL && !call->ended ? call : NULL;
}

gboolean
wcc_sip_b2bua_call_info (WccSipB2bua    *self,
                         gint64          client_id,
                         gint64          call_id,
                         WccSipCallInfo *out)
{
  Call *call = live_call (self, call_id);
  Leg *agent, *other;

  if (call == NULL || call->client_id != client_id || call->a == NULL || call->b == NULL ||
      !call->a->answered || !call->b->answered || call->a->gone || call->b->gone ||
      call->a->nh == NULL || call->b->nh == NULL || call->transferor != NULL)
    return FALSE;
  agent = party_leg (call, WCC_MIX_AGENT);
  other = party_leg (call, WCC_MIX_CUSTOMER);
  if (agent == NULL || other == NULL)
    return FALSE;
  out->client_id = call->client_id;
  out->call_id = call->id;
  out->group_id = call->group_id;
  out->agent_id = agent->user_id;
  out->other_agent_id = other->user_id;
  return TRUE;
}

WccSipSupervision *
wcc_sip_b2bua_get_supervision (WccSipB2bua *self,
                               gint64       call_id)
{
  Call *call = live_call (self, call_id);

  return call != NULL ? call->supervision : NULL;
}

void
wcc_sip_b2bua_set_supervision (WccSipB2bua       *self,
                               gint64             call_id,
                               WccSipSupervision *supervision)
{
  Call *call = live_call (self, call_id);

  g_return_if_fail (call != NULL && call->supervision == NULL);
  call->supervision = supervision;
}

const char *
wcc_sip_b2bua_party_sdp (WccSipB2bua *self,
                         gint64       call_id,
                         WccMixParty  party)
{
  Call *call = live_call (self, call_id);

  return call != NULL ? party_leg (call, party)->sdp : NULL;
}

gboolean
wcc_sip_b2bua_anchor (WccSipB2bua *self,
                      gint64       call_id,
                      const char  *offers[2])
{
  Call *call = live_call (self, call_id);
  Leg *legs[2];

  if (call == NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      Leg *leg = legs[i] = party_leg (call, i);
      if (leg == NULL || leg->nh == NULL || leg->gone || leg->invite_pending || leg->answer_pending)
        return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      Leg *leg = legs[i];

      leg->invite_pending = TRUE;
      leg->anchor_pending = TRUE;
      leg->ack_deferred = FALSE;
      nua_invite (leg->nh, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE), SIPTAG_PAYLOAD_STR (offers[i]), TAG_END ());
    }
  return TRUE;
}

void
wcc_sip_b2bua_unanchor (WccSipB2bua *self,
                        gint64       call_id,
                        WccMixParty  party)
{
  Call *call = live_call (self, call_id);
  Leg *leg = call != NULL ? party_leg (call, party) : NULL;
  Leg *peer = leg != NULL ? peer_of (leg) : NULL;

  if (leg == NULL || peer == NULL || leg->nh == NULL || leg->gone || peer->sdp == NULL)
    return;
  reoffer (leg, peer->sdp);
}

void
wcc_sip_b2bua_foreach_supervision (WccSipB2bua *self,
                                   GFunc        func,
                                   gpointer     user_data)
{
  GHashTableIter iter;
  Call *call;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    if (!call->ended && call->supervision != NULL)
      func (call->supervision, user_data);
}

WccEventHub *
wcc_sip_b2bua_get_hub (WccSipB2bua *self)
{
  return self->hub;
}

WccSipServer *
wcc_sip_b2bua_get_server (WccSipB2bua *self)
{
  return self->server;
}

GHashTable *
wcc_sip_b2bua_leader_legs (WccSipB2bua *self)
{
  return self->leader_legs;
}
