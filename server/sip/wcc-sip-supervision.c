/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-supervision.c: a leader listens in on, whispers to, or barges into an agent's live
 * call (issue 9). The server rings the leader's registered phone; once it answers, the
 * customer's and the agent's legs are re-INVITEd so their RTP comes to the server, where
 * wcc-supervision-mixer.c gives each party its mix. A supervision that fails (the leader
 * does not answer, a party refuses the re-INVITE) leaves the call as it was. When the
 * supervision ends the media stays at the server (customer and agent hear each other
 * through it) until the call ends or is transferred. */
#define G_LOG_DOMAIN "wcc-supervision"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_tag_io.h>

#include "wcc-error.h"
#include "wcc-sdp.h"
#include "wcc-sip-private.h"

#define LEADER_RING_SECONDS 30
#define SDP_TYPE "application/sdp"

typedef struct {
  WccSipSupervision *supervision;  /* NULL once it left the supervision */
  nua_handle_t      *nh;
  gboolean           answered;
  gboolean           gone;         /* BYE/CANCEL sent or received, or refused */
} LeaderLeg;

struct _WccSipSupervision
{
  WccSipB2bua         *b2bua;
  WccSipCallInfo       info;
  WccSupervisionMixer *mixer;
  WccSupervisionMode   mode;          /* what the leader asked for */
  gint64               leader_id;     /* 0: not supervised now */
  LeaderLeg           *leader;
  gboolean             anchoring[2];  /* a re-INVITE out to the customer, the agent */
  gboolean             anchored[2];
  gboolean             refused[2];
  gboolean             active;        /* the leader hears the mix */
  guint                ring_timeout_id;
};

static const char *
supervision_state (WccSipSupervision *self)
{
  if (self->leader == NULL)
    return "ended";
  if (!self->leader->answered)
    return "ringing";
  return self->active ? "active" : "connecting";
}

static JsonObject *
supervision_to_json (WccSipSupervision *self,
                     gint64             leader_id,
                     const char        *reason)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "call_id", self->info.call_id);
  json_object_set_int_member (object, "leader_id", leader_id);
  json_object_set_int_member (object, "agent_id", self->info.agent_id);
  if (self->info.group_id != 0)
    json_object_set_int_member (object, "group_id", self->info.group_id);
  else
    json_object_set_null_member (object, "group_id");
  json_object_set_string_member (object, "mode", wcc_supervision_mode_to_string (self->mode));
  json_object_set_string_member (object, "state", supervision_state (self));
  if (reason != NULL)
    json_object_set_string_member (object, "reason", reason);
  return object;
}

static void
add_unique (GArray *ids,
            gint64  id)
{
  if (id == 0)
    return;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

/* Who is told of a supervision: the leader, the supervised agent (agents are told in every
 * mode; the customer never is), and those who may supervise the call — the leaders of its
 * group and of the agent's groups, the client admins — so their monitors can show it. */
static GArray *
audience (WccSipSupervision *self,
          gint64             leader_id)
{
  WccStore *store = wcc_sip_server_get_store (wcc_sip_b2bua_get_server (self->b2bua));
  g_autoptr(GPtrArray) members = wcc_store_group_list_members (store, self->info.client_id, 0);
  g_autoptr(GPtrArray) users = wcc_store_user_list (store, self->info.client_id, 0, G_MAXUINT);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  add_unique (ids, leader_id);
  add_unique (ids, self->info.agent_id);
  add_unique (groups, self->info.group_id);
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *member = g_ptr_array_index (members, i);
      if (member->user_id != 0 && member->user_id == self->info.agent_id)
        add_unique (groups, member->group_id);
    }
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *member = g_ptr_array_index (members, i);

      for (guint g = 0; member->is_leader && g < groups->len; g++)
        if (member->group_id == g_array_index (groups, gint64, g))
          add_unique (ids, member->user_id);
    }
  for (guint i = 0; i < users->len; i++)
    {
      WccStoreUser *user = g_ptr_array_index (users, i);
      if ((user->roles & WCC_ROLE_CLIENT_ADMIN) != 0)
        add_unique (ids, user->id);
    }
  return ids;
}

/* "call.supervision" (data: the Supervision) to its audience. */
static void
publish (WccSipSupervision *self,
         gint64             leader_id,
         const char        *reason)
{
  WccEventHub *hub = wcc_sip_b2bua_get_hub (self->b2bua);
  g_autoptr(GArray) to = NULL;

  if (hub == NULL)
    return;
  to = audience (self, leader_id);
  for (guint i = 0; i < to->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, supervision_to_json (self, leader_id, reason));

      wcc_event_hub_publish (hub, self->info.client_id, g_array_index (to, gint64, i), "call.supervision",
                             g_steal_pointer (&node));
    }
}

/* The leader leaves (hung up, refused, ended by the API, the call went): their leg is hung
 * up, nobody hears them any more; the media stays anchored. */
static void
leader_gone (WccSipSupervision *self,
             const char        *reason)
{
  LeaderLeg *leader = self->leader;
  gint64 leader_id = self->leader_id;

  g_clear_handle_id (&self->ring_timeout_id, g_source_remove);
  if (leader == NULL)
    return;
  /* Once the stack is gone (the server stopping) its handles are too. */
  if (!leader->gone && leader->nh != NULL &&
      wcc_sip_server_get_nua (wcc_sip_b2bua_get_server (self->b2bua)) != NULL)
    {
      leader->gone = TRUE;
      if (leader->answered)
        nua_bye (leader->nh, TAG_END ());
      else
        nua_cancel (leader->nh, TAG_END ());
    }
  leader->supervision = NULL;
  self->leader = NULL;
  self->leader_id = 0;
  self->active = FALSE;
  if (wcc_supervision_mixer_is_running (self->mixer))
    wcc_supervision_mixer_set_mode (self->mixer, WCC_SUPERVISION_NONE);
  publish (self, leader_id, reason);
  g_debug ("call %" G_GINT64_FORMAT ": supervision ended (%s)", self->info.call_id, reason);
}

static gboolean
on_ring_timeout (gpointer user_data)
{
  WccSipSupervision *self = user_data;

  self->ring_timeout_id = 0;
  leader_gone (self, "no answer");
  return G_SOURCE_REMOVE;
}

static void
become_active (WccSipSupervision *self)
{
  if (self->leader == NULL || !self->leader->answered || !wcc_supervision_mixer_is_running (self->mixer))
    return;
  wcc_supervision_mixer_set_mode (self->mixer, self->mode);
  if (!self->active)
    {
      self->active = TRUE;
      publish (self, self->leader_id, NULL);
    }
}

static void
begin_anchor (WccSipSupervision *self)
{
  g_autofree char *customer = NULL;
  g_autofree char *agent = NULL;
  const char *offers[2];

  customer = wcc_supervision_mixer_offer (self->mixer, WCC_MIX_CUSTOMER,
                                          wcc_sip_b2bua_party_sdp (self->b2bua, self->info.call_id, WCC_MIX_CUSTOMER));
  agent = wcc_supervision_mixer_offer (self->mixer, WCC_MIX_AGENT,
                                       wcc_sip_b2bua_party_sdp (self->b2bua, self->info.call_id, WCC_MIX_AGENT));
  offers[WCC_MIX_CUSTOMER] = customer;
  offers[WCC_MIX_AGENT] = agent;
  if (!wcc_sip_b2bua_anchor (self->b2bua, self->info.call_id, offers))
    {
      /* A hold or codec change is under way: try again later. */
      leader_gone (self, "busy");
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      self->anchoring[i] = TRUE;
      self->refused[i] = FALSE;
    }
}

void
wcc_sip_supervision_anchor_answered (WccSipSupervision *self,
                                     WccMixParty        party,
                                     int                status,
                                     const char        *sdp)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (party < 2);
  self->anchoring[party] = FALSE;
  if (status >= 200 && status < 300 && wcc_supervision_mixer_set_remote (self->mixer, party, sdp, &error))
    self->anchored[party] = TRUE;
  else
    {
      if (error != NULL)
        {
          /* It sends to the server now, in a codec we cannot take: back to the peer. */
          g_warning ("call %" G_GINT64_FORMAT ": %s", self->info.call_id, error->message);
          wcc_sip_b2bua_unanchor (self->b2bua, self->info.call_id, party);
        }
      self->refused[party] = TRUE;
    }
  if (self->anchoring[0] || self->anchoring[1])
    return;
  if (self->refused[0] || self->refused[1])
    {
      /* One side refused: the other goes back to end-to-end media; the call is as before. */
      for (guint i = 0; i < 2; i++)
        if (self->anchored[i])
          {
            self->anchored[i] = FALSE;
            wcc_sip_b2bua_unanchor (self->b2bua, self->info.call_id, i);
          }
      leader_gone (self, "media refused");
      return;
    }
  if (!wcc_supervision_mixer_start (self->mixer, &error))
    {
      g_warning ("call %" G_GINT64_FORMAT ": %s", self->info.call_id, error->message);
      for (guint i = 0; i < 2; i++)
        {
          self->anchored[i] = FALSE;
          wcc_sip_b2bua_unanchor (self->b2bua, self->info.call_id, i);
        }
      leader_gone (self, "media failed");
      return;
    }
  wcc_supervision_mixer_set_mode (self->mixer, WCC_SUPERVISION_NONE);
  become_active (self);
}

gboolean
wcc_sip_supervision_is_anchored (WccSipSupervision *self)
{
  return self->anchored[0] || self->anchored[1];
}

char *
wcc_sip_supervision_answer_offer (WccSipSupervision *self,
                                  WccMixParty        party,
                                  const char        *offer)
{
  g_autoptr(GError) error = NULL;
  char *answer = wcc_supervision_mixer_answer (self->mixer, party, offer, &error);

  if (answer == NULL)
    g_debug ("call %" G_GINT64_FORMAT ": offer refused: %s", self->info.call_id, error->message);
  return answer;
}

void
wcc_sip_supervision_call_gone (WccSipSupervision *self,
                               const char        *reason)
{
  leader_gone (self, reason);
}

WccSipSupervision *
wcc_sip_supervision_new (WccSipB2bua          *b2bua,
                         const WccSipCallInfo *info,
                         GError              **error)
{
  WccSipServer *server = wcc_sip_b2bua_get_server (b2bua);
  WccSupervisionMixer *mixer = wcc_supervision_mixer_new (wcc_sip_server_get_host (server), error);
  WccSipSupervision *self;

  if (mixer == NULL)
    return NULL;
  self = g_new0 (WccSipSupervision, 1);
  self->b2bua = b2bua;
  self->info = *info;
  self->mixer = mixer;
  return self;
}

void
wcc_sip_supervision_free (WccSipSupervision *self)
{
  if (self == NULL)
    return;
  leader_gone (self, "call ended");
  g_clear_pointer (&self->mixer, wcc_supervision_mixer_free);
  g_free (self);
}

/* ---- The leader's leg ---- */

static char *
payload_sdp (const sip_t *sip)
{
  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_len == 0)
    return NULL;
  return g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

static void
on_leader_answered (WccSipSupervision *self,
                    LeaderLeg         *leader,
                    const sip_t       *sip)
{
  g_autofree char *sdp = payload_sdp (sip);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->ring_timeout_id, g_source_remove);
  if (!wcc_supervision_mixer_set_remote (self->mixer, WCC_MIX_LEADER, sdp, &error))
    {
      g_warning ("call %" G_GINT64_FORMAT ": the leader's phone: %s", self->info.call_id, error->message);
      leader_gone (self, "media refused");
      return;
    }
  if (wcc_supervision_mixer_is_running (self->mixer))
    become_active (self);
  else if (!self->anchoring[0] && !self->anchoring[1])
    begin_anchor (self);
  /* A supervision "connecting" until both legs answer the re-INVITEs. */
  if (self->leader != NULL && !self->active)
    publish (self, self->leader_id, NULL);
}

gboolean
wcc_sip_supervision_handle (WccSipB2bua  *b2bua,
                            nua_event_t   event,
                            int           status,
                            nua_handle_t *nh,
                            const sip_t  *sip,
                            tagi_t        tags[])
{
  GHashTable *legs = wcc_sip_b2bua_leader_legs (b2bua);
  LeaderLeg *leader = nh != NULL ? g_hash_table_lookup (legs, nh) : NULL;
  WccSipSupervision *self;

  if (leader == NULL)
    return FALSE;
  self = leader->supervision;
  switch (event)
    {
    case nua_r_invite:
      if (status < 200)
        break;
      if (status >= 300)
        {
          leader->gone = TRUE;
          if (self != NULL)
            leader_gone (self, status == 487 ? "no answer" : "declined");
          break;
        }
      nua_ack (nh, TAG_END ());
      if (leader->answered)
        break;  /* a re-INVITE's answer */
      leader->answered = TRUE;
      if (self == NULL || leader->gone)
        {
          leader->gone = TRUE;
          nua_bye (nh, TAG_END ());
          break;
        }
      on_leader_answered (self, leader, sip);
      break;
    case nua_i_invite:
      {
        /* The leader's phone re-offers (hold, a new address): the same socket answers. */
        g_autofree char *offer = payload_sdp (sip);
        g_autofree char *answer = self != NULL ? wcc_sip_supervision_answer_offer (self, WCC_MIX_LEADER, offer) : NULL;

        if (answer != NULL)
          nua_respond (nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR (SDP_TYPE), SIPTAG_PAYLOAD_STR (answer), TAG_END ());
        else
          nua_respond (nh, SIP_488_NOT_ACCEPTABLE, TAG_END ());
      }
      break;
    case nua_i_bye:
      leader->gone = TRUE;
      if (self != NULL)
        leader_gone (self, "leader hung up");
      break;
    case nua_i_state:
      {
        int state = nua_callstate_init;

        tl_gets (tags, NUTAG_CALLSTATE_REF (state), TAG_END ());
        if (state != nua_callstate_terminated)
          break;
        leader->gone = TRUE;
        if (self != NULL)
          leader_gone (self, "leader hung up");
        nua_handle_bind (nh, NULL);
        nua_handle_destroy (nh);
        g_hash_table_remove (legs, nh);
      }
      break;
    default:
      break;
    }
  return TRUE;
}

/* ---- The API's entry points ---- */

/* SRTP (SDES) keys are the parties' own: the server's mix, plain RTP, would have to offer
 * its own keys to each, which it does not (yet). */
static gboolean
call_is_encrypted (WccSipB2bua *b2bua,
                   gint64       call_id)
{
  for (guint i = 0; i < 2; i++)
    {
      const char *text = wcc_sip_b2bua_party_sdp (b2bua, call_id, i);
      g_autoptr(WccSdp) sdp = text != NULL ? wcc_sdp_parse (text, NULL) : NULL;

      if (sdp != NULL && sdp->secure)
        return TRUE;
    }
  return FALSE;
}

JsonObject *
wcc_sip_server_supervise (WccSipServer *server,
                          gint64        client_id,
                          gint64        call_id,
                          gint64        leader_id,
                          const char   *mode_name,
                          gboolean     *out_created,
                          GError      **error)
{
  WccSipB2bua *b2bua = wcc_sip_server_get_b2bua (server);
  WccStore *store = wcc_sip_server_get_store (server);
  int mode = wcc_supervision_mode_from_string (mode_name);
  WccSipCallInfo info;
  WccSipSupervision *self;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(WccStoreUser) leader = NULL;
  g_autofree char *aor = NULL;
  g_autofree char *from = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *call_header = NULL;
  g_autofree char *mode_header = NULL;
  LeaderLeg *leg;
  nua_handle_t *nh;

  *out_created = FALSE;
  if (mode <= WCC_SUPERVISION_NONE)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“mode” must be listen, whisper or barge"));
      return NULL;
    }
  if (!wcc_sip_b2bua_call_info (b2bua, client_id, call_id, &info))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("The call is not in progress"));
      return NULL;
    }
  if (leader_id == info.agent_id || leader_id == info.other_agent_id)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("You are on this call"));
      return NULL;
    }
  self = wcc_sip_b2bua_get_supervision (b2bua, call_id);
  if (self != NULL && self->leader_id != 0)
    {
      if (self->leader_id != leader_id)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Another leader supervises this call"));
          return NULL;
        }
      /* The same supervision, another mode. */
      self->mode = mode;
      if (self->active)
        wcc_supervision_mixer_set_mode (self->mixer, mode);
      publish (self, leader_id, NULL);
      return supervision_to_json (self, leader_id, NULL);
    }
  if ((self == NULL || !wcc_sip_supervision_is_anchored (self)) && call_is_encrypted (b2bua, call_id))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("An encrypted (SRTP) call cannot be supervised"));
      return NULL;
    }
  contacts = wcc_sip_registrar_lookup (wcc_sip_server_get_registrar (server), client_id, leader_id);
  leader = wcc_store_user_find (store, client_id, leader_id);
  if (contacts == NULL || contacts->len == 0 || leader == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           _("Your phone is not registered: the server calls it to connect you"));
      return NULL;
    }
  if (self == NULL)
    {
      self = wcc_sip_supervision_new (b2bua, &info, error);
      if (self == NULL)
        {
          g_prefix_error (error, "%s", _("No media for the supervision: "));
          if (error != NULL && *error != NULL)
            (*error)->code = WCC_ERROR_UNAVAILABLE;
          return NULL;
        }
      wcc_sip_b2bua_set_supervision (b2bua, call_id, self);
    }

  /* The server calls the leader's newest registered phone. */
  aor = g_strdup_printf ("<sip:%s@%s>", leader->employee_id, leader->client_name);
  from = g_strdup_printf ("<sip:supervision-%" G_GINT64_FORMAT "@%s>", call_id, wcc_sip_server_get_host (server));
  nh = nua_handle (wcc_sip_server_get_nua (server), NULL, SIPTAG_TO_STR (aor), SIPTAG_FROM_STR (from), TAG_END ());
  if (nh == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, _("Cannot call your phone"));
      return NULL;
    }
  leg = g_new0 (LeaderLeg, 1);
  leg->nh = nh;
  leg->supervision = self;
  g_hash_table_insert (wcc_sip_b2bua_leader_legs (b2bua), nh, leg);
  self->leader = leg;
  self->leader_id = leader_id;
  self->mode = mode;
  offer = wcc_supervision_mixer_offer (self->mixer, WCC_MIX_LEADER, NULL);
  call_header = g_strdup_printf ("X-WCC-Call-Id: %" G_GINT64_FORMAT, call_id);
  mode_header = g_strdup_printf ("X-WCC-Supervision: %s", wcc_supervision_mode_to_string (mode));
  nua_invite (nh, NUTAG_URL (g_ptr_array_index (contacts, 0)),
              SIPTAG_CONTENT_TYPE_STR (SDP_TYPE), SIPTAG_PAYLOAD_STR (offer),
              SIPTAG_HEADER_STR (call_header), SIPTAG_HEADER_STR (mode_header), TAG_END ());
  self->ring_timeout_id = g_timeout_add_seconds (LEADER_RING_SECONDS, on_ring_timeout, self);
  *out_created = TRUE;
  publish (self, leader_id, NULL);
  return supervision_to_json (self, leader_id, NULL);
}

gboolean
wcc_sip_server_supervision_end (WccSipServer *server,
                                gint64        client_id,
                                gint64        call_id,
                                GError      **error)
{
  WccSipSupervision *self = wcc_sip_b2bua_get_supervision (wcc_sip_server_get_b2bua (server), call_id);

  if (self == NULL || self->info.client_id != client_id || self->leader_id == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("The call is not supervised"));
      return FALSE;
    }
  leader_gone (self, "ended");
  return TRUE;
}

typedef struct {
  gint64     client_id;
  GPtrArray *found;
} ListData;

static void
add_supervised (gpointer data,
                gpointer user_data)
{
  WccSipSupervision *self = data;
  ListData *list = user_data;

  if (self->info.client_id == list->client_id && self->leader_id != 0)
    g_ptr_array_add (list->found, supervision_to_json (self, self->leader_id, NULL));
}

GPtrArray *
wcc_sip_server_supervision_list (WccSipServer *server,
                                 gint64        client_id)
{
  ListData list = { client_id, g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref) };

  wcc_sip_b2bua_foreach_supervision (wcc_sip_server_get_b2bua (server), add_supervised, &list);
  return list.found;
}
