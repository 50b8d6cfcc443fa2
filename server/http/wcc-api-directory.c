/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-directory.c: the people and agent groups of the caller's client, and the User JSON. */
#define G_LOG_DOMAIN "wcc-api-directory"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 200

char *
wcc_api_display_name (const char *surname,
                      const char *given_name,
                      const char *employee_id)
{
  if (*surname == '\0' && *given_name == '\0')
    return g_strdup (employee_id);
  if (*surname == '\0' || *given_name == '\0')
    return g_strconcat (surname, given_name, NULL);
  return g_strdup_printf ("%s %s", surname, given_name);
}

JsonObject *
wcc_api_user_to_json (WccStore     *store,
                      WccStoreUser *user)
{
  JsonObject *object = json_object_new ();
  g_autofree char *account = g_strdup_printf ("%s@%s", user->employee_id, user->client_name);
  g_autofree char *name = wcc_api_display_name (user->surname, user->given_name, user->employee_id);
  g_autoptr(GPtrArray) rows = wcc_store_group_list_members (store, user->client_id, user->id);
  JsonArray *groups = json_array_new ();

  json_object_set_int_member (object, "id", user->id);
  json_object_set_string_member (object, "client", user->client_name);
  json_object_set_string_member (object, "client_name", user->client_display_name);
  json_object_set_string_member (object, "employee_id", user->employee_id);
  json_object_set_string_member (object, "account", account);
  json_object_set_string_member (object, "surname", user->surname);
  json_object_set_string_member (object, "given_name", user->given_name);
  json_object_set_string_member (object, "display_name", name);
  json_object_set_member (object, "roles", wcc_roles_to_json (user->roles));
  json_object_set_boolean_member (object, "disabled", user->disabled);

  /* The rows list every member of the user's groups: keep the user's own rows. */
  for (guint i = 0; i < rows->len; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (rows, i);
      JsonObject *group;

      if (row->user_id != user->id)
        continue;
      group = json_object_new ();
      json_object_set_int_member (group, "id", row->group_id);
      json_object_set_string_member (group, "name", row->group_name);
      json_object_set_boolean_member (group, "leader", row->is_leader);
      json_array_add_object_element (groups, group);
    }
  json_object_set_array_member (object, "groups", groups);

  if (user->has_avatar)
    {
      g_autofree char *url = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/avatar?v=%" G_GINT64_FORMAT,
                                              user->id, user->version);
      json_object_set_string_member (object, "avatar_url", url);
    }
  else
    json_object_set_null_member (object, "avatar_url");
  json_object_set_int_member (object, "version", user->version);
  return object;
}

void
wcc_api_publish_user_updated (WccRequest   *request,
                              WccStoreUser *user)
{
  JsonNode *data;

  if (user == NULL)
    return;
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (data, wcc_api_user_to_json (request->store, user));
  wcc_event_hub_publish (request->hub, user->client_id, 0, "user.updated", data);
}

void
wcc_api_set_next (JsonObject *body,
                  gboolean    more,
                  gint64      last_id)
{
  if (more)
    {
      g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last_id);
      json_object_set_string_member (body, "next", cursor);
    }
  else
    json_object_set_null_member (body, "next");
}

/* Reads ?limit= and ?after= of a list; replies 400 and returns FALSE when they are bad. */
static gboolean
read_page (WccRequest *request,
           guint      *out_limit,
           gint64     *out_after)
{
  const char *limit_text = request->query ? g_hash_table_lookup (request->query, "limit") : NULL;
  const char *after_text = request->query ? g_hash_table_lookup (request->query, "after") : NULL;
  guint64 value;

  *out_limit = LIST_DEFAULT_LIMIT;
  *out_after = 0;
  if (limit_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit_text, 10, 1, LIST_MAX_LIMIT, &value, NULL))
        {
          g_autofree char *message = g_strdup_printf (_("“limit” must be a number from 1 to %d"), LIST_MAX_LIMIT);
          wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, message);
          return FALSE;
        }
      *out_limit = (guint) value;
    }
  if (after_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &value, NULL))
        {
          wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“after” must be a cursor from a previous page"));
          return FALSE;
        }
      *out_after = (gint64) value;
    }
  return TRUE;
}

void
wcc_api_users_list (WccRequest *request)
{
  g_autoptr(GPtrArray) users = NULL;
  JsonObject *body;
  JsonArray *items;
  guint limit;
  gint64 after;

  if (!read_page (request, &limit, &after))
    return;
  /* One extra row tells whether there is a next page. */
  users = wcc_store_user_list (request->store, request->user->client_id, after, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < users->len && i < limit; i++)
    json_array_add_object_element (items, wcc_api_user_to_json (request->store, g_ptr_array_index (users, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, users->len > limit,
                    users->len > limit ? ((WccStoreUser *) g_ptr_array_index (users, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_user_get (WccRequest *request)
{
  g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, request->user->client_id, request->id);

  if (user == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such user"));
      return;
    }
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_user_to_json (request->store, user));
}

void
wcc_api_user_avatar_get (WccRequest *request)
{
  g_autoptr(GBytes) jpeg = wcc_store_user_get_avatar (request->store, request->user->client_id, request->id);

  if (jpeg == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("This user has no picture"));
      return;
    }
  wcc_reply_bytes (request, "image/jpeg", jpeg);
}

JsonObject *
wcc_api_group_to_json (WccRequest    *request,
                       WccStoreQueue *group,
                       GPtrArray     *rows)
{
  JsonObject *object = json_object_new ();
  JsonArray *members = json_array_new ();

  json_object_set_int_member (object, "id", group->id);
  json_object_set_string_member (object, "name", group->name);
  for (guint i = 0; i < rows->len; i++)
    {
      WccStoreGroupMember *row = g_ptr_array_index (rows, i);
      JsonObject *member;
      g_autofree char *account = NULL;
      g_autofree char *name = NULL;

      if (row->group_id != group->id || row->user_id == 0)
        continue;
      member = json_object_new ();
      account = g_strdup_printf ("%s@%s", row->employee_id, request->user->client_name);
      name = wcc_api_display_name (row->surname, row->given_name, row->employee_id);
      json_object_set_int_member (member, "id", row->user_id);
      json_object_set_string_member (member, "account", account);
      json_object_set_string_member (member, "display_name", name);
      json_object_set_boolean_member (member, "leader", row->is_leader);
      json_array_add_object_element (members, member);
    }
  json_object_set_array_member (object, "members", members);
  /* The queue settings (issue 9). */
  if (group->queue_number != NULL)
    json_object_set_string_member (object, "queue_number", group->queue_number);
  else
    json_object_set_null_member (object, "queue_number");
  json_object_set_int_member (object, "ring_timeout", group->ring_timeout);
  json_object_set_int_member (object, "missed_offers_before_pause", group->missed_offers_before_pause);
  if (group->after_call_work == WCC_ACD_AFTER_CALL_WORK_UNTIL_READY)
    json_object_set_string_member (object, "after_call_work", "until_ready");
  else
    json_object_set_int_member (object, "after_call_work", group->after_call_work);
  json_object_set_int_member (object, "service_level", group->service_level);
  json_object_set_int_member (object, "version", group->version);
  return object;
}

void
wcc_api_groups_list (WccRequest *request)
{
  g_autoptr(GPtrArray) groups = wcc_store_queue_list (request->store, request->user->client_id);
  g_autoptr(GPtrArray) rows = wcc_store_group_list_members (request->store, request->user->client_id, 0);
  JsonObject *body = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < groups->len; i++)
    json_array_add_object_element (items, wcc_api_group_to_json (request, g_ptr_array_index (groups, i), rows));
  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}
