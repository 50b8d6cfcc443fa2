/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-monitor.c: the team leaders' real-time monitor (R5, issue 9): its snapshot, and
 * the call quality the agents' desktops report. */
#define G_LOG_DOMAIN "wcc-http"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wcc-http-private.h"

/* The groups the caller watches: every group for a client admin, those they lead for a
 * leader (a set of group ids). */
static GHashTable *
watched_groups (WccRequest *request)
{
  g_autoptr(GPtrArray) queues = wcc_store_queue_list (request->store, request->user->client_id);
  g_autoptr(GPtrArray) mine = wcc_store_group_list_members (request->store, request->user->client_id,
                                                            request->user->id);
  GHashTable *groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean admin = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN);

  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);

      if (admin)
        g_hash_table_add (groups, g_memdup2 (&queue->id, sizeof queue->id));
    }
  for (guint i = 0; i < mine->len && !admin; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (mine, i);

      if (row->is_leader)
        g_hash_table_add (groups, g_memdup2 (&row->group_id, sizeof row->group_id));
    }
  return groups;
}

void
wcc_api_monitor_get (WccRequest *request)
{
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GHashTable) agents_seen = NULL;
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *now = NULL;
  WccServerMonitor *monitor;
  gint64 client_id = request->user->client_id;
  JsonObject *body;
  JsonArray *group_items, *agent_items;

  if (!wcc_api_check_acd (request, FALSE))
    return;
  if (!wcc_request_has_role (request, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only team leaders and client administrators see the monitor"));
      return;
    }
  monitor = wcc_server_acd_get_monitor (request->acd);
  wcc_server_acd_sync_groups (request->acd, client_id);
  wcc_server_monitor_load_day (monitor, client_id);
  groups = watched_groups (request);

  group_items = json_array_new ();
  queues = wcc_store_queue_list (request->store, client_id);
  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);

      if (g_hash_table_contains (groups, &queue->id))
        json_array_add_object_element (group_items, wcc_server_acd_queue_to_json (request->acd, queue));
    }

  /* The agents who are members of a watched group, each once, by group then employee ID. */
  agent_items = json_array_new ();
  agents_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  members = wcc_store_group_list_members (request->store, client_id, 0);
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (members, i);
      JsonObject *agent;

      if (row->user_id == 0 || !g_hash_table_contains (groups, &row->group_id) ||
          g_hash_table_contains (agents_seen, &row->user_id))
        continue;
      g_hash_table_add (agents_seen, g_memdup2 (&row->user_id, sizeof row->user_id));
      agent = wcc_server_monitor_agent_to_json (monitor, client_id, row->user_id);
      if (agent != NULL)
        json_array_add_object_element (agent_items, agent);
    }

  body = json_object_new ();
  now = wcc_time_to_rfc3339 (wcc_time_now ());
  json_object_set_string_member (body, "server_time", now);
  json_object_set_int_member (body, "seq", wcc_event_hub_get_seq (request->hub, client_id));
  json_object_set_array_member (body, "groups", group_items);
  json_object_set_array_member (body, "agents", agent_items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* A number member within [@min, @max]. */
static gboolean
read_figure (JsonObject  *body,
             const char  *name,
             double       min,
             double       max,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double value;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    goto bad;
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    goto bad;
  *out = value;
  return TRUE;

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
               /* TRANSLATORS: %s is a field name; the bounds follow it. */
               _("“%s” must be a number from %g to %g"), name, min, max);
  return FALSE;
}

void
wcc_api_agent_call_quality_put (WccRequest *request)
{
  static const char *allowed[] = { "call_id", "jitter_ms", "packet_loss", "mos", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  double jitter = 0, loss = 0, mos = 0, call_id = 0;

  if (!wcc_api_check_acd (request, TRUE) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !read_figure (body, "call_id", 1, (double) G_MAXINT64, &call_id, &error) ||
      !read_figure (body, "jitter_ms", 0, 60000, &jitter, &error) ||
      !read_figure (body, "packet_loss", 0, 100, &loss, &error) ||
      !read_figure (body, "mos", 1, 5, &mos, &error) ||
      !wcc_server_monitor_set_quality (wcc_server_acd_get_monitor (request->acd), request->user->client_id,
                                       request->user->id, json_object_get_int_member (body, "call_id"),
                                       jitter, loss, mos, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}
