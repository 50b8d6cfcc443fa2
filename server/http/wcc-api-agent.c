/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-agent.c: the agent's state and group sign-ins (S1, S16), queue figures, pause
 * reasons and call records of the caller's client. */
#define G_LOG_DOMAIN "wcc-api-agent"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

#define CALLS_DEFAULT_LIMIT 50
#define CALLS_MAX_LIMIT 200
#define MAX_SIGN_INS 200

/* The call-centre routes need the server's ACD and, except the lists, the agent role. */
gboolean
wcc_api_check_acd (WccRequest *request,
                   gboolean    agents_only)
{
  if (request->acd == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_UNAVAILABLE, _("The call queues are not running"));
      return FALSE;
    }
  if (agents_only && !wcc_request_has_role (request, WCC_ROLE_AGENT))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only agents take calls"));
      return FALSE;
    }
  return TRUE;
}

static void
reply_agent_state (WccRequest *request)
{
  JsonObject *state = wcc_server_acd_agent_to_json (request->acd, request->user->client_id, request->user->id);

  if (state == NULL)
    wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only agents take calls"));
  else
    wcc_reply_object (request, SOUP_STATUS_OK, state);
}

void
wcc_api_agent_state_get (WccRequest *request)
{
  if (wcc_api_check_acd (request, TRUE))
    reply_agent_state (request);
}

/* Reads an id or null: *@out 0 for null. */
static gboolean
get_nullable_id (JsonObject  *body,
                 const char  *field,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (body, field);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }
  if (!wcc_json_get_int (body, field, TRUE, out, error))
    return FALSE;
  if (*out <= 0)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be an id or null"), field);
      return FALSE;
    }
  return TRUE;
}

void
wcc_api_agent_state_put (WccRequest *request)
{
  static const char *allowed[] = { "state", "reason_id", "pause_after_call", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  gint64 reason_id = 0;
  gint64 client_id = request->user->client_id;
  gint64 user_id = request->user->id;

  if (!wcc_api_check_acd (request, TRUE) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "state", FALSE, &state, &error) ||
      !wcc_json_get_int (body, "reason_id", FALSE, &reason_id, &error))
    goto fail;
  if (state == NULL && !json_object_has_member (body, "pause_after_call"))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("Send “state”, “pause_after_call” or both"));
      goto fail;
    }
  if (state != NULL && g_str_equal (state, "ready") && json_object_has_member (body, "reason_id"))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Ready takes no “reason_id”"));
      goto fail;
    }
  if (state != NULL && g_str_equal (state, "ready"))
    {
      if (!wcc_server_acd_set_ready (request->acd, client_id, user_id, &error))
        goto fail;
    }
  else if (state != NULL && g_str_equal (state, "pause"))
    {
      if (!json_object_has_member (body, "reason_id"))
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("A pause needs a “reason_id”"));
          goto fail;
        }
      if (!wcc_server_acd_set_pause (request->acd, client_id, user_id, reason_id, &error))
        goto fail;
    }
  else if (state != NULL)
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“state” must be “ready” or “pause”"));
      goto fail;
    }

  if (json_object_has_member (body, "pause_after_call"))
    {
      gint64 after_id = 0;

      if (!get_nullable_id (body, "pause_after_call", &after_id, &error) ||
          !wcc_server_acd_set_pause_after_call (request->acd, client_id, user_id, after_id, &error))
        goto fail;
    }
  reply_agent_state (request);
  return;

fail:
  wcc_reply_gerror (request, error);
}

static void
reply_agent_groups (WccRequest *request)
{
  g_autoptr(GPtrArray) rows = wcc_store_group_list_members (request->store, request->user->client_id,
                                                            request->user->id);
  g_autoptr(GArray) signed_in = wcc_store_agent_get_sign_ins (request->store, request->user->client_id,
                                                              request->user->id);
  JsonObject *body = json_object_new ();
  JsonArray *ids = json_array_new ();
  JsonArray *groups = json_array_new ();

  for (guint i = 0; i < signed_in->len; i++)
    json_array_add_int_element (ids, g_array_index (signed_in, gint64, i));
  for (guint i = 0; i < rows->len; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (rows, i);
      g_autoptr(WccStoreQueue) queue = wcc_store_queue_find (request->store, request->user->client_id,
                                                             row->group_id);
      JsonObject *group = json_object_new ();
      gboolean is_signed_in = FALSE;

      for (guint j = 0; j < signed_in->len; j++)
        is_signed_in |= g_array_index (signed_in, gint64, j) == row->group_id;
      json_object_set_int_member (group, "id", row->group_id);
      json_object_set_string_member (group, "name", row->group_name);
      if (queue != NULL && queue->queue_number != NULL)
        json_object_set_string_member (group, "queue_number", queue->queue_number);
      else
        json_object_set_null_member (group, "queue_number");
      json_object_set_boolean_member (group, "signed_in", is_signed_in);
      json_array_add_object_element (groups, group);
    }
  json_object_set_array_member (body, "groups", ids);
  json_object_set_array_member (body, "member_of", groups);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_agent_groups_get (WccRequest *request)
{
  if (wcc_api_check_acd (request, TRUE))
    reply_agent_groups (request);
}

void
wcc_api_agent_groups_put (WccRequest *request)
{
  static const char *allowed[] = { "groups", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonNode *node;
  JsonArray *array;

  if (!wcc_api_check_acd (request, TRUE) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error))
    goto fail;
  node = json_object_get_member (body, "groups");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) > MAX_SIGN_INS)
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“groups” must be a list of agent group ids (empty signs out of all)"));
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64 ||
          (id = json_node_get_int (element)) <= 0)
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“groups” must be a list of agent group ids (empty signs out of all)"));
          goto fail;
        }
      g_array_append_val (ids, id);
    }
  if (!wcc_server_acd_set_groups (request->acd, request->user->client_id, request->user->id,
                                  (const gint64 *) (gpointer) ids->data, ids->len, &error))
    goto fail;
  reply_agent_groups (request);
  return;

fail:
  wcc_reply_gerror (request, error);
}

void
wcc_api_queues_list (WccRequest *request)
{
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GPtrArray) memberships = NULL;
  gboolean sees_all = wcc_request_has_role (request, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN);
  JsonObject *body;
  JsonArray *items;

  if (!wcc_api_check_acd (request, FALSE))
    return;
  wcc_server_acd_sync_groups (request->acd, request->user->client_id);
  queues = wcc_store_queue_list (request->store, request->user->client_id);
  memberships = wcc_store_group_list_members (request->store, request->user->client_id, request->user->id);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);
      gboolean member = FALSE;

      for (guint j = 0; j < memberships->len; j++)
        member |= ((WccStoreGroupMember *) g_ptr_array_index (memberships, j))->group_id == queue->id;
      if (sees_all || member)
        json_array_add_object_element (items, wcc_server_acd_queue_to_json (request->acd, queue));
    }
  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

JsonObject *
wcc_api_pause_reason_to_json (WccStorePauseReason *reason)
{
  JsonObject *item = json_object_new ();

  json_object_set_int_member (item, "id", reason->id);
  json_object_set_string_member (item, "label", reason->label);
  json_object_set_int_member (item, "position", reason->position);
  json_object_set_boolean_member (item, "automatic", reason->automatic);
  json_object_set_int_member (item, "version", reason->version);
  return item;
}

void
wcc_api_pause_reasons_list (WccRequest *request)
{
  g_autoptr(GPtrArray) reasons = wcc_store_pause_reason_list (request->store, request->user->client_id);
  JsonObject *body = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < reasons->len; i++)
    {
      json_array_add_object_element (items, wcc_api_pause_reason_to_json (g_ptr_array_index (reasons, i)));
    }
  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* Call records */

/* Call records keep µs. */
static void
set_time_member (JsonObject *object,
                 const char *name,
                 gint64      real_us)
{
  wcc_json_set_time_or_null (object, name, real_us / G_USEC_PER_SEC);
}

static void
set_string_member (JsonObject *object,
                   const char *name,
                   const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
call_to_json (WccStoreCall *call)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", call->id);
  json_object_set_string_member (object, "direction", wcc_call_direction_to_string (call->direction));
  json_object_set_string_member (object, "from", call->from_number);
  json_object_set_string_member (object, "to", call->to_number);
  set_string_member (object, "customer_number", call->customer_number);
  wcc_json_set_id_or_null (object, "group_id", call->group_id);
  wcc_json_set_id_or_null (object, "agent_id", call->agent_id);
  set_time_member (object, "offered_at", call->offered_at);
  set_time_member (object, "answered_at", call->answered_at);
  set_time_member (object, "ended_at", call->ended_at);
  /* Seconds: waiting until the answer (or the end), and talking from the answer to the end. */
  if (call->answered_at > 0 || call->ended_at > 0)
    json_object_set_int_member (object, "wait",
                                ((call->answered_at > 0 ? call->answered_at : call->ended_at) - call->offered_at)
                                / G_USEC_PER_SEC);
  else
    json_object_set_null_member (object, "wait");
  if (call->answered_at > 0 && call->ended_at > 0)
    json_object_set_int_member (object, "duration", (call->ended_at - call->answered_at) / G_USEC_PER_SEC);
  else
    json_object_set_null_member (object, "duration");
  set_string_member (object, "hangup_reason", call->hangup_reason);
  set_string_member (object, "hangup_side", wcc_call_side_to_string (call->hangup_side));
  wcc_json_set_id_or_null (object, "task_id", call->task_id);
  wcc_json_set_id_or_null (object, "customer_id", call->customer_id);
  if (call->legs != NULL)
    {
      JsonArray *legs = json_array_new ();

      for (guint i = 0; i < call->legs->len; i++)
        {
          WccStoreCallLeg *leg = g_ptr_array_index (call->legs, i);
          JsonObject *item = json_object_new ();

          json_object_set_int_member (item, "id", leg->id);
          json_object_set_string_member (item, "side", wcc_call_side_to_string (leg->side));
          wcc_json_set_id_or_null (item, "user_id", leg->user_id);
          json_object_set_string_member (item, "peer_uri", leg->peer_uri);
          json_object_set_string_member (item, "number", leg->number);
          json_object_set_string_member (item, "device", leg->device);
          set_time_member (item, "started_at", leg->started_at);
          set_time_member (item, "answered_at", leg->answered_at);
          set_time_member (item, "ended_at", leg->ended_at);
          wcc_json_set_id_or_null (item, "status", leg->status);
          json_array_add_object_element (legs, item);
        }
      json_object_set_array_member (object, "legs", legs);
    }
  json_object_set_int_member (object, "version", call->version);
  return object;
}

/* Took the call or has a leg in it. */
gboolean
wcc_api_call_involves (WccStoreCall *call,
                       gint64        user_id)
{
  if (call->agent_id == user_id)
    return TRUE;
  for (guint i = 0; call->legs != NULL && i < call->legs->len; i++)
    if (((WccStoreCallLeg *) g_ptr_array_index (call->legs, i))->user_id == user_id)
      return TRUE;
  return FALSE;
}

/* An agent sees their own calls, a leader also their groups', an administrator the client's. */
static gboolean
call_visible (WccRequest   *request,
              WccStoreCall *call)
{
  if (wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) || wcc_api_call_involves (call, request->user->id))
    return TRUE;
  return wcc_request_has_role (request, WCC_ROLE_LEADER) && call->group_id != 0 &&
         wcc_store_group_is_leader (request->store, call->group_id, request->user->id);
}

/* The call of the path, if the caller may see it; replies 404 otherwise. */
static WccStoreCall *
find_visible_call (WccRequest *request)
{
  WccStoreCall *call = wcc_store_call_find (request->store, request->user->client_id, request->id);

  if (call == NULL || !call_visible (request, call))
    {
      g_clear_pointer (&call, wcc_store_call_free);
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such call"));
    }
  return call;
}

static gboolean
read_query_number (WccRequest  *request,
                   const char  *name,
                   guint64      min,
                   guint64      max,
                   guint64     *out,
                   const char  *message)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, message);
      return FALSE;
    }
  return TRUE;
}

void
wcc_api_calls_list (WccRequest *request)
{
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *limit_message = g_strdup_printf (_("“limit” must be a number from 1 to %d"), CALLS_MAX_LIMIT);
  guint64 limit = CALLS_DEFAULT_LIMIT, before = 0, mine = 0;
  gint64 user_id = request->user->id;
  gboolean led_groups = FALSE;
  JsonObject *body;
  JsonArray *items;

  if (!read_query_number (request, "limit", 1, CALLS_MAX_LIMIT, &limit, limit_message) ||
      !read_query_number (request, "before", 1, G_MAXINT64, &before,
                          _("“before” must be a cursor from a previous page")) ||
      !read_query_number (request, "mine", 0, 1, &mine, _("“mine” must be 0 or 1")))
    return;
  if (!mine && wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN))
    user_id = 0;
  else if (!mine && wcc_request_has_role (request, WCC_ROLE_LEADER))
    led_groups = TRUE;

  /* One extra row tells whether there is a next page. */
  calls = wcc_store_call_list (request->store, request->user->client_id, user_id, led_groups,
                               (gint64) before, (guint) limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < calls->len && i < limit; i++)
    json_array_add_object_element (items, call_to_json (g_ptr_array_index (calls, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, calls->len > limit,
                    calls->len > limit ? ((WccStoreCall *) g_ptr_array_index (calls, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_call_get (WccRequest *request)
{
  g_autoptr(WccStoreCall) call = find_visible_call (request);

  if (call != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, call_to_json (call));
}

void
wcc_api_call_patch (WccRequest *request)
{
  static const char *allowed[] = { "task_id", "customer_id", "version", NULL };
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(WccStoreCall) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 task_id = -1, customer_id = -1, version = 0;

  if ((call = find_visible_call (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_int (body, "version", FALSE, &version, &error) ||
      (json_object_has_member (body, "task_id") && !get_nullable_id (body, "task_id", &task_id, &error)) ||
      (json_object_has_member (body, "customer_id") &&
       !get_nullable_id (body, "customer_id", &customer_id, &error)))
    goto fail;
  /* Only someone on the call says what it was about. */
  if (!wcc_api_call_involves (call, request->user->id))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                           _("Only the agents on a call can attach a task or customer to it"));
      goto fail;
    }
  /* A call's customer becomes visible to the agents on it: only one they already see, or
   * attaching would open any customer of the client (or name another client's). */
  if (customer_id > 0 && !wcc_request_sees_customer (request, customer_id))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“customer_id” must be a customer you see"));
      goto fail;
    }
  if (task_id > 0)
    {
      g_autoptr(WccStoreTask) task = wcc_store_task_find (request->store, request->user->client_id, task_id);

      if (task == NULL)
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“task_id” must be a task of your client"));
          goto fail;
        }
    }
  if (!wcc_store_call_attach (request->store, request->user->client_id, call->id, task_id, customer_id,
                              version, &error) &&
      !g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    goto fail;
  updated = wcc_store_call_find (request->store, request->user->client_id, call->id);
  if (error != NULL)
    {
      JsonObject *extra = json_object_new ();

      json_object_set_object_member (extra, "current", call_to_json (updated));
      wcc_reply_error_with (request, WCC_ERROR_VERSION_CONFLICT, error->message, extra);
      return;
    }
  wcc_reply_object (request, SOUP_STATUS_OK, call_to_json (updated));
  return;

fail:
  wcc_reply_gerror (request, error);
}
