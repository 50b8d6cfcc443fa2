/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-audit.c: acting for an agent (R3): who may, the audit entries that name both the
 * leader and the agent, and their reading by leaders and the client admin. */
#define G_LOG_DOMAIN "wcc-api-audit"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

gboolean
wcc_request_check_acts_for (WccRequest *request,
                            gint64      user_id,
                            const char *forbidden)
{
  g_autoptr(WccStoreUser) user = NULL;

  if (user_id == request->user->id)
    return TRUE;
  if ((user = wcc_store_user_find (request->store, request->user->client_id, user_id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such agent"));
      return FALSE;
    }
  if (wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) ||
      (wcc_request_has_role (request, WCC_ROLE_LEADER) &&
       wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, user_id)))
    return TRUE;
  wcc_reply_error (request, WCC_ERROR_FORBIDDEN, forbidden);
  return FALSE;
}

gboolean
wcc_api_read_on_behalf_of (WccRequest *request,
                           JsonObject *body,
                           gint64     *out_agent_id)
{
  g_autoptr(GError) error = NULL;
  gint64 agent_id = 0;

  *out_agent_id = 0;
  if (!json_object_has_member (body, "on_behalf_of"))
    return TRUE;
  if (!wcc_json_get_int (body, "on_behalf_of", TRUE, &agent_id, &error) || agent_id <= 0 ||
      agent_id == request->user->id)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“on_behalf_of” must be the id of another agent"));
      return FALSE;
    }
  if (!wcc_request_check_acts_for (request, agent_id,
                                   _("Only a leader of the agent's groups or the client administrator acts for an agent")))
    return FALSE;
  *out_agent_id = agent_id;
  return TRUE;
}

void
wcc_api_audit_on_behalf (WccRequest *request,
                         gint64      on_behalf_of,
                         const char *action,
                         const char *detail)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_store_audit_for (request->store, request->user->client_id, request->user->id,
                            on_behalf_of != request->user->id ? on_behalf_of : 0, action, detail, request->address,
                            &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

/* The display name of @user_id (NULL for none), looked up once per answer in @names. */
static void
set_user (WccRequest *request,
          GHashTable *names,
          JsonObject *object,
          const char *id_member,
          const char *name_member,
          gint64      user_id)
{
  const char *name;

  if (user_id == 0)
    {
      json_object_set_null_member (object, id_member);
      json_object_set_null_member (object, name_member);
      return;
    }
  json_object_set_int_member (object, id_member, user_id);
  name = g_hash_table_lookup (names, &user_id);
  if (name == NULL)
    {
      g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, request->user->client_id, user_id);
      gint64 *key = g_memdup2 (&user_id, sizeof user_id);

      name = user != NULL ? wcc_api_display_name (user->surname, user->given_name, user->employee_id) : g_strdup ("");
      g_hash_table_insert (names, key, (gpointer) name);
    }
  json_object_set_string_member (object, name_member, name);
}

void
wcc_api_audit_list (WccRequest *request)
{
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 after, user_id = 0, acted_for = 0;
  guint limit;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER,
                                 _("Only the client administrator and leaders read the audit log")))
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error) ||
      !wcc_request_query_number (request, "user", 1, G_MAXINT64, &user_id, &error) ||
      !wcc_request_query_number (request, "acted_for", 0, 1, &acted_for, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (user_id != 0 &&
      !wcc_request_check_acts_for (request, (gint64) user_id,
                                   _("Only a leader of the user's groups or the client administrator reads their entries")))
    return;
  entries = wcc_store_audit_list (request->store, request->user->client_id, &viewer, (gint64) user_id,
                                  acted_for != 0, (gint64) MIN (after, (guint64) G_MAXINT64), limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < entries->len && i < limit; i++)
    {
      WccStoreAuditEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "id", entry->id);
      wcc_json_set_time_or_null (item, "at", entry->at);
      json_object_set_string_member (item, "action", entry->action);
      json_object_set_string_member (item, "detail", entry->detail);
      set_user (request, names, item, "user_id", "user_name", entry->user_id);
      set_user (request, names, item, "on_behalf_of", "on_behalf_of_name", entry->on_behalf_of);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (body, "items", items);
  /* Newest first: the cursor is the last id seen. */
  wcc_api_set_next (body, entries->len > limit,
                    entries->len > limit ? ((WccStoreAuditEntry *) g_ptr_array_index (entries, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}
