/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-supervision.c: POST and DELETE /api/v1/calls/{id}/supervision: a leader listens
 * in on, whispers to, or barges into an agent's live call (issue 9). The media work is the
 * SIP server's (server/sip/wcc-sip-supervision.c). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-supervision-mixer.h"

/* May the caller supervise a call of @group_id taken by @agent_id: the client admin, a
 * leader of its group or of a group of its agent. */
static gboolean
may_supervise (WccRequest *request,
               gint64      group_id,
               gint64      agent_id)
{
  gint64 me = request->user->id;

  if (wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN))
    return TRUE;
  return wcc_request_has_role (request, WCC_ROLE_LEADER) &&
         ((group_id != 0 && wcc_store_group_is_leader (request->store, group_id, me)) ||
          (agent_id != 0 && agent_id != me &&
           wcc_store_user_leads_user (request->store, request->user->client_id, me, agent_id)));
}

/* A leader of the call's group or of its agent, or the client admin. Another client's call
 * is 404 (as is a call unknown here); anyone else of the client 403. */
static WccStoreCall *
find_supervisable_call (WccRequest *request)
{
  g_autoptr(WccStoreCall) call = wcc_store_call_find (request->store, request->user->client_id, request->id);

  if (call == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such call"));
      return NULL;
    }
  if (may_supervise (request, call->group_id, call->agent_id))
    return g_steal_pointer (&call);
  wcc_reply_error (request, WCC_ERROR_FORBIDDEN,
                   _("Only a leader of the call’s group or agent, or the administrator, can supervise it"));
  return NULL;
}

static WccSipServer *
sip_server (WccRequest *request)
{
  WccSipServer *sip = wcc_http_server_get_sip_server (request->server);

  if (sip == NULL)
    wcc_reply_error (request, WCC_ERROR_UNAVAILABLE, _("This server takes no calls"));
  return sip;
}

void
wcc_api_call_supervision_post (WccRequest *request)
{
  static const char *allowed[] = { "mode", NULL };
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) supervision = NULL;
  g_autoptr(GError) error = NULL;
  const char *mode = NULL;
  gboolean created = FALSE;
  WccSipServer *sip;

  if ((call = find_supervisable_call (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "mode", TRUE, &mode, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (wcc_supervision_mode_from_string (mode) <= WCC_SUPERVISION_NONE)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“mode” must be listen, whisper or barge"));
      return;
    }
  if ((sip = sip_server (request)) == NULL)
    return;
  /* A call the record says is over is not asked about. */
  if (call->ended_at != 0)
    {
      wcc_reply_error (request, WCC_ERROR_CONFLICT, _("The call is not in progress"));
      return;
    }
  supervision = wcc_sip_server_supervise (sip, request->user->client_id, call->id, request->user->id,
                                          mode, &created, &error);
  if (supervision == NULL)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_reply_object (request, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, g_steal_pointer (&supervision));
}

void
wcc_api_call_supervision_delete (WccRequest *request)
{
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(GError) error = NULL;
  WccSipServer *sip;

  if ((call = find_supervisable_call (request)) == NULL || (sip = sip_server (request)) == NULL)
    return;
  if (!wcc_sip_server_supervision_end (sip, request->user->client_id, call->id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* The calls supervised now that the caller may supervise, or is the leader or agent of. */
void
wcc_api_supervisions_list (WccRequest *request)
{
  g_autoptr(GPtrArray) all = NULL;
  JsonObject *body;
  JsonArray *items;
  WccSipServer *sip;

  if ((sip = sip_server (request)) == NULL)
    return;
  all = wcc_sip_server_supervision_list (sip, request->user->client_id);
  items = json_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *supervision = g_ptr_array_index (all, i);
      gint64 agent_id = json_object_get_int_member (supervision, "agent_id");
      gint64 group_id = json_object_get_null_member (supervision, "group_id") ? 0
                        : json_object_get_int_member (supervision, "group_id");

      if (agent_id == request->user->id || json_object_get_int_member (supervision, "leader_id") == request->user->id ||
          may_supervise (request, group_id, agent_id))
        json_array_add_object_element (items, json_object_ref (supervision));
    }
  body = json_object_new ();
  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}
