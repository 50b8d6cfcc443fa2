/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-setup-people.c: the client admin's set-up of people and queues (issue 9): users,
 * groups with their members and queue settings, pause reasons. Read with the checks of
 * `wcc-server admin` (wcc-setup-data.c); queue settings reach the running ACD at once. */
#define G_LOG_DOMAIN "wcc-api-setup-people"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-password.h"
#include "wcc-setup-data.h"
#include "wcc-store-admin.h"

/* Users */

static void
reply_user (WccRequest *request,
            guint       status,
            gint64      user_id)
{
  g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, request->user->client_id, user_id);

  if (user == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such user"));
      return;
    }
  wcc_api_publish_user_updated (request, user);
  wcc_reply_object (request, status, wcc_api_user_to_json (request->store, user));
}

/* A user write waiting for its password hash (a worker thread's 0.1 s). The password
 * itself is never kept past the hashing, logged or written anywhere. */
typedef struct {
  WccRequest   *request;
  WccStoreUser *user;       /* creating: the new user; else the one whose password is reset */
  gboolean      creating;
} UserWrite;

static void
user_write_free (UserWrite *write)
{
  wcc_store_user_free (write->user);
  g_free (write);
}

static void
end_sessions (WccRequest *request,
              gint64      user_id)
{
  wcc_store_session_delete_for_user (request->store, user_id, 0);
  wcc_event_hub_close_user_sessions (request->hub, user_id, 0);
  if (request->acd != NULL)
    wcc_server_acd_session_ended (request->acd, request->user->client_id, user_id);
}

static void
on_user_password_hashed (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  UserWrite *write = user_data;
  WccRequest *request = write->request;
  WccStoreUser *user = write->user;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = wcc_password_hash_finish (result, &error);
  g_autofree char *account = g_strdup_printf ("%s@%s", user->employee_id, request->user->client_name);
  gint64 id = 0;

  if (hash == NULL)
    wcc_reply_gerror (request, error);
  else if (write->creating &&
           (id = wcc_store_user_create (request->store, request->user->client_id, user->employee_id, user->surname,
                                        user->given_name, user->roles, hash, &error)) == 0)
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        wcc_reply_error (request, WCC_ERROR_CONFLICT, _("This employee ID is taken in your company"));
      else
        wcc_reply_gerror (request, error);
    }
  else if (write->creating)
    {
      wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.user_created", account,
                       request->address);
      reply_user (request, SOUP_STATUS_CREATED, id);
    }
  else if (!wcc_store_user_update (request->store, request->user->client_id, user->id, NULL, NULL, hash, 0, &error))
    wcc_reply_gerror (request, error);
  else
    {
      /* The old password's sessions end: whoever had it is out. */
      end_sessions (request, user->id);
      wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.password_reset", account,
                       request->address);
      wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
    }
  wcc_request_resume (request);
  user_write_free (write);
}

/* Hashes @password (which must be a good new password) and goes on with @write. */
static void
hash_password_then (UserWrite  *write,
                    const char *password)
{
  g_autoptr(GError) error = NULL;

  if (password == NULL)
    g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The field “password” is required"));
  if (error != NULL || !wcc_setup_check_password (password, &error))
    {
      wcc_reply_gerror (write->request, error);
      user_write_free (write);
      return;
    }
  wcc_request_pause (write->request);
  wcc_password_hash_async (password, NULL, on_user_password_hashed, write);
}

void
wcc_api_user_create (WccRequest *request)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  UserWrite *write;
  const char *password = NULL;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  write = g_new0 (UserWrite, 1);
  write->request = request;
  write->creating = TRUE;
  write->user = g_new0 (WccStoreUser, 1);
  if (!wcc_setup_read_user (body, TRUE, write->user, &password, &error))
    {
      wcc_reply_gerror (request, error);
      user_write_free (write);
      return;
    }
  hash_password_then (write, password);
}

void
wcc_api_user_patch (WccRequest *request)
{
  g_autoptr(WccStoreUser) user = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_disabled, was_agent;
  gint64 version = 0;

  if (!wcc_api_require_admin (request))
    return;
  if ((user = wcc_store_user_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such user"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  current = wcc_api_user_to_json (request->store, user);
  was_disabled = user->disabled;
  was_agent = (user->roles & WCC_ROLE_AGENT) != 0;
  if (!wcc_api_read_version (body, &version, &error) || !wcc_setup_read_user (body, FALSE, user, NULL, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* The admin cannot lock themselves out. */
  if (user->id == request->user->id && (user->disabled || !(user->roles & WCC_ROLE_CLIENT_ADMIN)))
    {
      wcc_reply_error (request, WCC_ERROR_CONFLICT,
                       _("You cannot disable your own account or take away your own administrator role"));
      return;
    }
  if (!wcc_store_user_edit (request->store, user, version, &error))
    {
      wcc_reply_edit_error (request, error, current);
      return;
    }
  if (user->disabled && !was_disabled)
    end_sessions (request, user->id);
  if (was_agent && !(user->roles & WCC_ROLE_AGENT) && request->acd != NULL)
    wcc_server_acd_forget_agent (request->acd, user->id);
  wcc_store_audit (request->store, request->user->client_id, request->user->id,
                   user->disabled != was_disabled ? (user->disabled ? "admin.user_disabled" : "admin.user_enabled")
                                                  : "admin.user_changed",
                   user->employee_id, request->address);
  reply_user (request, SOUP_STATUS_OK, user->id);
}

void
wcc_api_user_password_post (WccRequest *request)
{
  static const char *allowed[] = { "password", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *password = NULL;
  UserWrite *write;

  if (!wcc_api_require_admin (request))
    return;
  write = g_new0 (UserWrite, 1);
  write->request = request;
  if ((write->user = wcc_store_user_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such user"));
      user_write_free (write);
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    {
      user_write_free (write);
      return;
    }
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_json_get_string (body, "password", TRUE, &password, &error))
    {
      wcc_reply_gerror (request, error);
      user_write_free (write);
      return;
    }
  hash_password_then (write, password);
}

/* Groups */

static JsonObject *
group_json (WccRequest *request,
            gint64      group_id)
{
  g_autoptr(WccStoreQueue) group = wcc_store_queue_find (request->store, request->user->client_id, group_id);
  g_autoptr(GPtrArray) rows = NULL;

  if (group == NULL)
    return NULL;
  rows = wcc_store_group_list_members (request->store, request->user->client_id, 0);
  return wcc_api_group_to_json (request, group, rows);
}

/* group.updated to the client, and the answer. */
static void
reply_group (WccRequest *request,
             guint       status,
             gint64      group_id)
{
  JsonObject *group = group_json (request, group_id);
  JsonNode *data;

  if (group == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such group"));
      return;
    }
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (data, group);
  wcc_event_hub_publish (request->hub, request->user->client_id, 0, "group.updated", data);
  wcc_reply_object (request, status, group);
}

/* The group of the path, for an edit; NULL when answered (403, 404). */
static WccStoreQueue *
find_group_to_edit (WccRequest *request)
{
  WccStoreQueue *group;

  if (!wcc_api_require_admin (request))
    return NULL;
  group = wcc_store_queue_find (request->store, request->user->client_id, request->id);
  if (group == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such group"));
  return group;
}

static void
reply_group_name_error (WccRequest   *request,
                        const GError *error,
                        JsonObject   *current)
{
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
    wcc_reply_error (request, WCC_ERROR_CONFLICT, _("Another group has this name"));
  else
    wcc_reply_edit_error (request, error, current);
}

void
wcc_api_group_create (WccRequest *request)
{
  g_autoptr(WccStoreQueue) group = g_new0 (WccStoreQueue, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_setup_read_group (body, TRUE, group, &error) ||
      (id = wcc_store_group_create (request->store, request->user->client_id, group->name, &error)) == 0)
    {
      reply_group_name_error (request, error, NULL);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.group_created", group->name,
                   request->address);
  if (request->acd != NULL)
    wcc_server_acd_sync_groups (request->acd, request->user->client_id);
  reply_group (request, SOUP_STATUS_CREATED, id);
}

void
wcc_api_group_patch (WccRequest *request)
{
  g_autoptr(WccStoreQueue) group = find_group_to_edit (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (group == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = group_json (request, group->id);
  if (!wcc_api_read_version (body, &version, &error) || !wcc_setup_read_group (body, FALSE, group, &error) ||
      !wcc_store_group_rename (request->store, group->client_id, group->id, group->name, version, &error))
    {
      reply_group_name_error (request, error, current);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.group_renamed", group->name,
                   request->address);
  reply_group (request, SOUP_STATUS_OK, group->id);
}

void
wcc_api_group_delete (WccRequest *request)
{
  g_autoptr(WccStoreQueue) group = find_group_to_edit (request);
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  JsonNode *node;

  if (group == NULL)
    return;
  /* Unused (no members, so nobody is signed in to it), then out of the ACD (refused while
   * callers wait), then out of the store (back in the ACD should that fail). */
  if (!wcc_store_group_check_unused (request->store, group->client_id, group->id, &error) ||
      (request->acd != NULL && !wcc_server_acd_remove_group (request->acd, group->id, &error)) ||
      !wcc_store_group_delete (request->store, group->client_id, group->id, &error))
    {
      if (request->acd != NULL)
        wcc_server_acd_sync_groups (request->acd, group->client_id);
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.group_deleted", group->name,
                   request->address);
  data = json_object_new ();
  json_object_set_int_member (data, "id", group->id);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  wcc_event_hub_publish (request->hub, request->user->client_id, 0, "group.removed", node);
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* {"members": [{"id", "leader"}], "version"}: the whole set. */
void
wcc_api_group_members_put (WccRequest *request)
{
  static const char *allowed[] = { "members", "version", NULL };
  static const char *allowed_member[] = { "id", "leader", NULL };
  g_autoptr(WccStoreQueue) group = find_group_to_edit (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) leaders = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  JsonNode *members;
  JsonArray *list;
  gint64 version = 0;

  if (group == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = group_json (request, group->id);
  members = json_object_get_member (body, "members");
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_api_read_version (body, &version, &error))
    goto fail;
  if (members == NULL || !JSON_NODE_HOLDS_ARRAY (members) || json_array_get_length (list = json_node_get_array (members)) > 1000)
    goto bad;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *member;
      gint64 id = 0;
      gboolean leader = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad;
      member = json_node_get_object (element);
      if (!wcc_json_check_fields (member, allowed_member, &error) ||
          !wcc_json_get_int (member, "id", TRUE, &id, &error) ||
          !wcc_json_get_bool (member, "leader", FALSE, &leader, &error))
        goto fail;
      for (guint j = 0; j < ids->len; j++)
        if (g_array_index (ids, gint64, j) == id)
          goto bad;
      g_array_append_val (ids, id);
      g_array_append_val (leaders, leader);
    }
  rows = wcc_store_group_list_members (request->store, request->user->client_id, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (rows, i);
      if (row->group_id == group->id && row->user_id != 0)
        g_hash_table_add (before, g_memdup2 (&row->user_id, sizeof (gint64)));
    }
  if (!wcc_store_group_set_members (request->store, group->client_id, group->id, (const gint64 *) (gpointer) ids->data,
                                    (const gboolean *) (gpointer) leaders->data, ids->len, version, &error))
    goto fail;
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.group_members_set", group->name,
                   request->address);
  /* Those who left are signed out of the group in the ACD; each member's User changed. */
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (before, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
  {
    GHashTableIter iter;
    gint64 *user_id;

    g_hash_table_iter_init (&iter, before);
    while (g_hash_table_iter_next (&iter, (gpointer *) &user_id, NULL))
      {
        g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, group->client_id, *user_id);

        if (request->acd != NULL)
          wcc_server_acd_reload_sign_ins (request->acd, group->client_id, *user_id);
        wcc_api_publish_user_updated (request, user);
      }
  }
  reply_group (request, SOUP_STATUS_OK, group->id);
  return;

bad:
  g_clear_error (&error);
  g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                       _("“members” must be a list of {\"id\", \"leader\"}, each user once"));
fail:
  wcc_reply_edit_error (request, error, current);
}

/* The queue settings; the running ACD takes them at once. */
void
wcc_api_group_queue_patch (WccRequest *request)
{
  g_autoptr(WccStoreQueue) group = find_group_to_edit (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  if (group == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = group_json (request, group->id);
  if (!wcc_api_read_version (body, &group->version, &error) || !wcc_setup_read_queue (body, group, &error) ||
      !wcc_store_queue_update (request->store, group, &error))
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        wcc_reply_error (request, WCC_ERROR_CONFLICT, _("Another group has this queue number"));
      else
        wcc_reply_edit_error (request, error, current);
      return;
    }
  detail = wcc_json_object_to_string (body);
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.queue_set", detail,
                   request->address);
  if (request->acd != NULL)
    wcc_server_acd_sync_groups (request->acd, group->client_id);
  reply_group (request, SOUP_STATUS_OK, group->id);
}

/* Pause reasons */

/* pause_reasons.changed (data: the list) to the client; @status with the reason @id, or
 * the list when @id is 0, or nothing (204) when @status is. */
static void
reply_pause_reasons (WccRequest *request,
                     guint       status,
                     gint64      id)
{
  g_autoptr(GPtrArray) reasons = wcc_store_pause_reason_list (request->store, request->user->client_id);
  JsonObject *data = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonObject *answer = NULL;
  JsonNode *node;

  for (guint i = 0; i < reasons->len; i++)
    {
      WccStorePauseReason *reason = g_ptr_array_index (reasons, i);
      JsonObject *item = wcc_api_pause_reason_to_json (reason);

      if (reason->id == id)
        answer = json_object_ref (item);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (data, "items", items);
  if (id == 0 && status != SOUP_STATUS_NO_CONTENT)
    answer = json_object_ref (data);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  wcc_event_hub_publish (request->hub, request->user->client_id, 0, "pause_reasons.changed", node);
  if (answer != NULL)
    wcc_reply_object (request, status, answer);
  else
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

static void
reply_reason_error (WccRequest   *request,
                    const GError *error,
                    JsonObject   *current)
{
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
    wcc_reply_error (request, WCC_ERROR_CONFLICT, _("Another pause reason has this label"));
  else
    wcc_reply_edit_error (request, error, current);
}

void
wcc_api_pause_reason_create (WccRequest *request)
{
  g_autoptr(WccStorePauseReason) reason = g_new0 (WccStorePauseReason, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  reason->position = wcc_store_pause_reason_next_position (request->store, request->user->client_id);
  if (!wcc_setup_read_pause_reason (body, TRUE, reason, &error) ||
      (id = wcc_store_pause_reason_create (request->store, request->user->client_id, reason->label, reason->position,
                                           &error)) == 0)
    {
      reply_reason_error (request, error, NULL);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.pause_reason_created",
                   reason->label, request->address);
  reply_pause_reasons (request, SOUP_STATUS_CREATED, id);
}

void
wcc_api_pause_reason_patch (WccRequest *request)
{
  g_autoptr(WccStorePauseReason) reason = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!wcc_api_require_admin (request))
    return;
  if ((reason = wcc_store_pause_reason_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such pause reason"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  current = wcc_api_pause_reason_to_json (reason);
  if (!wcc_api_read_version (body, &version, &error) || !wcc_setup_read_pause_reason (body, FALSE, reason, &error) ||
      !wcc_store_pause_reason_update (request->store, reason, version, &error))
    {
      reply_reason_error (request, error, current);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.pause_reason_changed",
                   reason->label, request->address);
  reply_pause_reasons (request, SOUP_STATUS_OK, reason->id);
}

void
wcc_api_pause_reason_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_api_require_admin (request))
    return;
  if (!wcc_store_pause_reason_delete (request->store, request->user->client_id, request->id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.pause_reason_deleted", "",
                   request->address);
  reply_pause_reasons (request, SOUP_STATUS_NO_CONTENT, 0);
}

/* {"ids": [...]}: every reason of the client in its new order. */
void
wcc_api_pause_reasons_order_put (WccRequest *request)
{
  static const char *allowed[] = { "ids", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonNode *node;
  JsonArray *list;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  node = json_object_get_member (body, "ids");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (list = json_node_get_array (node)) > 1000)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“ids” must list every pause reason of the client once"));
      return;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        {
          wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“ids” must list every pause reason of the client once"));
          return;
        }
      id = json_node_get_int (element);
      g_array_append_val (ids, id);
    }
  if (!wcc_store_pause_reason_reorder (request->store, request->user->client_id, (const gint64 *) (gpointer) ids->data,
                                       ids->len, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "admin.pause_reasons_reordered", "",
                   request->address);
  reply_pause_reasons (request, SOUP_STATUS_OK, 0);
}
