/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-notifications.c: what users are told and asked to do: notifications (S13), to-do
 * items (D4) and announcements (S17), with their events. */
#define G_LOG_DOMAIN "wcc-api-notifications"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

#define MAX_TITLE 200
#define MAX_BODY 4000
#define MAX_ASSIGNEES 200
#define MAX_GROUPS 100

/* "Surname Given", or NULL for a user who is gone. */
static char *
user_name (WccRequest *request,
           gint64      user_id)
{
  g_autoptr(WccStoreUser) user = user_id != 0 ? wcc_store_user_find (request->store, request->user->client_id,
                                                                     user_id) : NULL;

  if (user == NULL)
    return NULL;
  return g_strstrip (g_strdup_printf ("%s %s", user->surname, user->given_name));
}

static void
set_user (WccRequest *request,
          JsonObject *object,
          const char *id_member,
          const char *name_member,
          gint64      user_id)
{
  g_autofree char *name = user_name (request, user_id);

  wcc_json_set_id_or_null (object, id_member, user_id);
  if (name != NULL)
    json_object_set_string_member (object, name_member, name);
  else
    json_object_set_null_member (object, name_member);
}

/* A boolean query parameter ("true", "1"); absent is FALSE. */
static gboolean
query_flag (WccRequest *request,
            const char *name)
{
  const char *text = wcc_request_query_text (request, name);

  return text != NULL && (g_str_equal (text, "true") || g_str_equal (text, "1"));
}

static JsonNode *
node_take (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* ---- Notifications (S13) ---- */

static JsonObject *
notification_to_json (WccStoreNotification *notification)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", notification->id);
  json_object_set_string_member (object, "kind", notification->kind);
  json_object_set_string_member (object, "title", notification->title);
  json_object_set_string_member (object, "body", notification->body);
  json_object_set_string_member (object, "ref_type", notification->ref_type);
  wcc_json_set_id_or_null (object, "ref_id", notification->ref_id);
  wcc_json_set_id_or_null (object, "customer_id", notification->customer_id);
  json_object_set_boolean_member (object, "read", notification->read_at != 0);
  wcc_json_set_time_or_null (object, "read_at", notification->read_at);
  wcc_json_set_time_or_null (object, "created_at", notification->created_at);
  return object;
}

gint64
wcc_api_notification_add (WccRequest                  *request,
                          const WccStoreNotification  *notification,
                          GError                     **error)
{
  WccStoreNotification scoped = *notification;

  scoped.client_id = request->user->client_id;
  return wcc_store_notification_add (request->store, &scoped, error);
}

void
wcc_api_notification_publish (WccRequest *request,
                               gint64      user_id,
                               gint64      notification_id)
{
  g_autoptr(WccStoreNotification) notification = wcc_store_notification_find (request->store,
                                                                              request->user->client_id, user_id,
                                                                              notification_id);
  JsonObject *data;

  if (notification == NULL)
    return;
  data = json_object_new ();
  json_object_set_object_member (data, "notification", notification_to_json (notification));
  json_object_set_int_member (data, "unread",
                              wcc_store_notification_count_unread (request->store, request->user->client_id, user_id));
  wcc_event_hub_publish (request->hub, request->user->client_id, user_id, "notification.created", node_take (data));
}

void
wcc_api_notify (WccRequest                 *request,
                const WccStoreNotification *notification)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_api_notification_add (request, notification, &error);

  if (id == 0)
    g_warning ("Cannot notify user %" G_GINT64_FORMAT ": %s", notification->user_id, error->message);
  else
    wcc_api_notification_publish (request, notification->user_id, id);
}

gint64
wcc_api_notification_add_review (WccRequest  *request,
                                 gint64       user_id,
                                 const char  *kind,
                                 const char  *title,
                                 const char  *ref_type,
                                 gint64       ref_id,
                                 gint64       customer_id,
                                 const char  *reason,
                                 GError     **error)
{
  g_autoptr(WccStoreCustomer) customer = customer_id != 0 ? wcc_store_customer_find (request->store,
                                                                                      request->user->client_id,
                                                                                      customer_id) : NULL;
  g_autofree char *label = customer != NULL ? wcc_api_customer_tab_label (customer) : NULL;
  g_autofree char *body = NULL;
  WccStoreNotification notification = {
    .user_id = user_id, .kind = (char *) kind, .title = (char *) title, .ref_type = (char *) ref_type,
    .ref_id = ref_id, .customer_id = customer != NULL ? customer_id : 0,
  };

  /* "Customer: reason", either part when the other is missing. */
  if (label != NULL && reason != NULL && *reason != '\0')
    body = g_strdup_printf ("%s: %s", label, reason);
  else
    body = g_strdup (label != NULL ? label : reason != NULL ? reason : "");
  notification.body = body;
  return wcc_api_notification_add (request, &notification, error);
}

void
wcc_api_notifications_list (WccRequest *request)
{
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* Newest first: the cursor is the last id seen. */
  notifications = wcc_store_notification_list (request->store, request->user->client_id, request->user->id,
                                               query_flag (request, "unread"), (gint64) after, limit + 1);
  wcc_reply_page (request, notifications, limit, (WccItemToJson) notification_to_json,
                  notifications->len > limit
                    ? ((WccStoreNotification *) g_ptr_array_index (notifications, limit - 1))->id : 0);
}

static JsonObject *
unread_body (WccRequest *request)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "unread", wcc_store_notification_count_unread (request->store,
                                                                                   request->user->client_id,
                                                                                   request->user->id));
  return body;
}

void
wcc_api_notifications_unread_count (WccRequest *request)
{
  wcc_reply_object (request, SOUP_STATUS_OK, unread_body (request));
}

/* Marks one (request->id) or all (0) read; tells the user's other windows. */
static void
mark_read (WccRequest *request,
           gint64      notification_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  gint64 changed = 0;

  if (!wcc_store_notification_mark_read (request->store, request->user->client_id, request->user->id,
                                         notification_id, &changed, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (changed > 0)
    {
      data = unread_body (request);
      wcc_json_set_id_or_null (data, "id", notification_id);
      wcc_event_hub_publish (request->hub, request->user->client_id, request->user->id, "notification.read",
                             node_take (data));
    }
  if (notification_id != 0)
    {
      g_autoptr(WccStoreNotification) notification = wcc_store_notification_find (request->store,
                                                                                  request->user->client_id,
                                                                                  request->user->id, notification_id);
      wcc_reply_object (request, SOUP_STATUS_OK, notification_to_json (notification));
    }
  else
    {
      data = unread_body (request);
      json_object_set_int_member (data, "changed", changed);
      wcc_reply_object (request, SOUP_STATUS_OK, data);
    }
}

void
wcc_api_notification_read (WccRequest *request)
{
  mark_read (request, request->id);
}

void
wcc_api_notifications_read_all (WccRequest *request)
{
  mark_read (request, 0);
}

/* ---- to-do items (D4) ---- */

static JsonObject *
todo_to_json (WccRequest   *request,
              WccStoreTodo *todo)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", todo->id);
  json_object_set_string_member (object, "title", todo->title);
  json_object_set_string_member (object, "description", todo->description);
  wcc_json_set_time_or_null (object, "due_at", todo->due_at);
  json_object_set_string_member (object, "status", wcc_todo_status_to_string (todo->status));
  set_user (request, object, "assignee_id", "assignee_name", todo->assignee_id);
  set_user (request, object, "creator_id", "creator_name", todo->creator_id);
  json_object_set_int_member (object, "version", todo->version);
  wcc_json_set_time_or_null (object, "created_at", todo->created_at);
  wcc_json_set_time_or_null (object, "updated_at", todo->updated_at);
  return object;
}

/* todo.changed (or todo.removed: just the id) to its assignee and its creator. */
static void
publish_todo (WccRequest   *request,
              WccStoreTodo *todo,
              const char   *type)
{
  gint64 users[2] = { MIN (todo->assignee_id, todo->creator_id), MAX (todo->assignee_id, todo->creator_id) };
  JsonObject *data;
  guint first = users[0] == 0 || users[0] == users[1] ? 1 : 0;

  if (g_str_equal (type, "todo.removed"))
    {
      data = json_object_new ();
      json_object_set_int_member (data, "id", todo->id);
    }
  else
    data = todo_to_json (request, todo);
  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, users + first, 2 - first, type,
                                  node_take (data));
}

/* "due_at": RFC 3339 or null (none); absent leaves *@out. */
static gboolean
read_due_at (JsonObject  *body,
             gint64      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, "due_at");
  const char *text;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }
  if (!wcc_json_get_string (body, "due_at", TRUE, &text, error))
    return FALSE;
  if (!wcc_time_from_rfc3339 (text, out) || *out <= 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“due_at” must be an RFC 3339 time or null"));
      return FALSE;
    }
  return TRUE;
}

/* Reads the editable members of a to-do onto @todo. */
static gboolean
read_todo (JsonObject    *body,
           gboolean       creating,
           WccStoreTodo  *todo,
           GError       **error)
{
  static const WccApiTextField texts[] = {
    { "title", G_STRUCT_OFFSET (WccStoreTodo, title), MAX_TITLE, TRUE },
    { "description", G_STRUCT_OFFSET (WccStoreTodo, description), MAX_BODY, FALSE },
  };
  const char *status = NULL;

  if (!wcc_api_read_text_fields (body, texts, G_N_ELEMENTS (texts), creating, todo, error) ||
      !read_due_at (body, &todo->due_at, error) ||
      !wcc_json_get_string (body, "status", FALSE, &status, error))
    return FALSE;
  if (status != NULL)
    {
      if (wcc_todo_status_from_string (status) < 0)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“status” must be “open”, “in_progress” or “done”"));
          return FALSE;
        }
      todo->status = (WccTodoStatus) wcc_todo_status_from_string (status);
    }
  return TRUE;
}

/* May the caller give a to-do to @user_id: themselves; the client admin anyone of the
 * client; a leader the members of the groups they lead. */
static gboolean
may_assign (WccRequest *request,
            gint64      user_id)
{
  return user_id == request->user->id || wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) ||
         (wcc_request_has_role (request, WCC_ROLE_LEADER) &&
          wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, user_id));
}

void
wcc_api_todos_list (WccRequest *request)
{
  const char *scope = wcc_request_query_text (request, "scope");
  const char *status = wcc_request_query_text (request, "status");
  g_autoptr(GPtrArray) todos = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 after;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (scope != NULL && !g_str_equal (scope, "assigned") && !g_str_equal (scope, "created"))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“scope” must be “assigned” or “created”"));
      return;
    }
  if (status != NULL && wcc_todo_status_from_string (status) < 0)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“status” must be “open”, “in_progress” or “done”"));
      return;
    }
  todos = wcc_store_todo_list (request->store, request->user->client_id, request->user->id,
                               scope != NULL && g_str_equal (scope, "created"),
                               status != NULL ? wcc_todo_status_from_string (status) : -1, (gint64) after, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < todos->len && i < limit; i++)
    json_array_add_object_element (items, todo_to_json (request, g_ptr_array_index (todos, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, todos->len > limit,
                    todos->len > limit ? ((WccStoreTodo *) g_ptr_array_index (todos, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_todo_create (WccRequest *request)
{
  static const char *allowed[] = { "title", "description", "due_at", "status", "assignee_ids", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) assignees = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) notifications = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  WccStoreTodo todo = { .client_id = request->user->client_id, .creator_id = request->user->id };
  JsonArray *items;
  gboolean ok;

  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !read_todo (body, TRUE, &todo, &error))
    goto fail;
  if (json_object_has_member (body, "assignee_ids"))
    {
      if ((assignees = wcc_api_read_id_list (body, "assignee_ids", MAX_ASSIGNEES, FALSE, &error)) == NULL)
        goto fail;
    }
  else
    {
      assignees = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (assignees, request->user->id);
    }
  for (guint i = 0; i < assignees->len; i++)
    if (!may_assign (request, g_array_index (assignees, gint64, i)))
      {
        g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                             _("Only the client administrator, or a leader for the agents of their groups, gives "
                               "to-dos to others"));
        goto fail;
      }
  /* All assignees or none, each new one told (after the commit). */
  if (!wcc_store_begin (request->store, &error))
    goto fail;
  ok = TRUE;
  for (guint i = 0; ok && i < assignees->len; i++)
    {
      gint64 id;

      todo.assignee_id = g_array_index (assignees, gint64, i);
      ok = (id = wcc_store_todo_create (request->store, &todo, &error)) != 0;
      if (ok)
        g_array_append_val (ids, id);
      if (ok && todo.assignee_id != request->user->id)
        {
          WccStoreNotification notification = {
            .user_id = todo.assignee_id, .kind = (char *) "todo.assigned", .title = (char *) _("New to-do"),
            .body = todo.title, .ref_type = (char *) "todo", .ref_id = id,
          };
          gint64 notification_id = wcc_api_notification_add (request, &notification, &error);

          ok = notification_id != 0;
          g_array_append_val (notifications, notification_id);
        }
    }
  if (!ok || !wcc_store_commit (request->store, &error))
    {
      wcc_store_rollback (request->store);
      goto fail;
    }
  items = json_array_new ();
  for (guint i = 0, n = 0; i < ids->len; i++)
    {
      g_autoptr(WccStoreTodo) created = wcc_store_todo_find (request->store, request->user->client_id,
                                                             g_array_index (ids, gint64, i));

      json_array_add_object_element (items, todo_to_json (request, created));
      publish_todo (request, created, "todo.changed");
      if (created->assignee_id != request->user->id)
        wcc_api_notification_publish (request, created->assignee_id, g_array_index (notifications, gint64, n++));
    }
  g_clear_pointer (&todo.title, g_free);
  g_clear_pointer (&todo.description, g_free);
  {
    JsonObject *reply = json_object_new ();

    json_object_set_array_member (reply, "items", items);
    wcc_reply_object (request, SOUP_STATUS_CREATED, reply);
  }
  return;

fail:
  g_clear_pointer (&todo.title, g_free);
  g_clear_pointer (&todo.description, g_free);
  wcc_reply_gerror (request, error);
}

/* The to-do of the path for its assignee and its creator; 404 for everyone else. */
static WccStoreTodo *
find_todo (WccRequest *request)
{
  g_autoptr(WccStoreTodo) todo = wcc_store_todo_find (request->store, request->user->client_id, request->id);

  if (todo != NULL && (todo->assignee_id == request->user->id || todo->creator_id == request->user->id))
    return g_steal_pointer (&todo);
  wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such to-do"));
  return NULL;
}

void
wcc_api_todo_get (WccRequest *request)
{
  g_autoptr(WccStoreTodo) todo = find_todo (request);

  if (todo != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, todo_to_json (request, todo));
}

void
wcc_api_todo_patch (WccRequest *request)
{
  static const char *allowed[] = { "title", "description", "due_at", "status", "version", NULL };
  g_autoptr(WccStoreTodo) todo = find_todo (request);
  g_autoptr(WccStoreTodo) changed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (todo == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = todo_to_json (request, todo);
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_api_read_version (body, &version, &error) ||
      !read_todo (body, FALSE, todo, &error) ||
      !wcc_store_todo_update (request->store, todo, version, &error))
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        {
          g_autoptr(WccStoreTodo) latest = wcc_store_todo_find (request->store, request->user->client_id, request->id);
          g_clear_pointer (&current, json_object_unref);
          current = todo_to_json (request, latest);
        }
      wcc_reply_edit_error (request, error, current);
      return;
    }
  changed = wcc_store_todo_find (request->store, request->user->client_id, request->id);
  publish_todo (request, changed, "todo.changed");
  wcc_reply_object (request, SOUP_STATUS_OK, todo_to_json (request, changed));
}

void
wcc_api_todo_delete (WccRequest *request)
{
  g_autoptr(WccStoreTodo) todo = find_todo (request);
  g_autoptr(GError) error = NULL;

  if (todo == NULL)
    return;
  if (todo->creator_id != request->user->id)
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only who made a to-do deletes it"));
      return;
    }
  if (!wcc_store_todo_delete (request->store, request->user->client_id, request->id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  publish_todo (request, todo, "todo.removed");
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* ---- Announcements (S17) ---- */

static JsonObject *
announcement_to_json (WccRequest           *request,
                      WccStoreAnnouncement *announcement,
                      gboolean              counts)
{
  JsonObject *object = json_object_new ();
  JsonArray *groups = json_array_new ();

  json_object_set_int_member (object, "id", announcement->id);
  json_object_set_string_member (object, "title", announcement->title);
  json_object_set_string_member (object, "body", announcement->body);
  set_user (request, object, "author_id", "author_name", announcement->author_id);
  json_object_set_boolean_member (object, "whole_client", announcement->whole_client);
  for (guint i = 0; i < announcement->group_ids->len; i++)
    json_array_add_int_element (groups, g_array_index (announcement->group_ids, gint64, i));
  json_object_set_array_member (object, "group_ids", groups);
  wcc_json_set_time_or_null (object, "published_at", announcement->published_at);
  json_object_set_boolean_member (object, "seen", announcement->seen_at != 0);
  if (counts)
    {
      json_object_set_int_member (object, "recipient_count", announcement->recipient_count);
      json_object_set_int_member (object, "seen_count", announcement->seen_count);
    }
  return object;
}

static void
reply_announcements (WccRequest *request,
                     GPtrArray  *announcements,
                     guint       limit,
                     gboolean    counts)
{
  JsonObject *body = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < announcements->len && i < limit; i++)
    json_array_add_object_element (items, announcement_to_json (request, g_ptr_array_index (announcements, i), counts));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, announcements->len > limit,
                    announcements->len > limit
                      ? ((WccStoreAnnouncement *) g_ptr_array_index (announcements, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_announcements_list (WccRequest *request)
{
  g_autoptr(GPtrArray) announcements = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  announcements = wcc_store_announcement_list (request->store, request->user->client_id, request->user->id,
                                               query_flag (request, "unseen"), (gint64) after, limit + 1);
  reply_announcements (request, announcements, limit, FALSE);
}

void
wcc_api_announcements_published (WccRequest *request)
{
  g_autoptr(GPtrArray) announcements = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  announcements = wcc_store_announcement_list_published (request->store, request->user->client_id,
                                                         request->user->id, (gint64) after, limit + 1);
  reply_announcements (request, announcements, limit, TRUE);
}

void
wcc_api_announcement_create (WccRequest *request)
{
  static const char *allowed[] = { "title", "body", "group_ids", "whole_client", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GArray) recipients = NULL;
  g_autoptr(WccStoreAnnouncement) created = NULL;
  g_autoptr(GError) error = NULL;
  const char *title = NULL, *text = NULL;
  gboolean whole_client = FALSE;
  gint64 id;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER,
                                 _("Only the client administrator and leaders publish announcements")))
    return;
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_api_read_text (body, "title", TRUE, MAX_TITLE, &title, &error) ||
      !wcc_api_read_text (body, "body", TRUE, MAX_BODY, &text, &error) ||
      !wcc_json_get_bool (body, "whole_client", FALSE, &whole_client, &error))
    goto fail;
  if (whole_client == json_object_has_member (body, "group_ids"))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("Give either “group_ids” or “whole_client”: true"));
      goto fail;
    }
  if (!whole_client && (groups = wcc_api_read_id_list (body, "group_ids", MAX_GROUPS, FALSE, &error)) == NULL)
    goto fail;
  /* A leader publishes to the groups they lead; the whole client is the admin's. */
  if (!wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN))
    for (guint i = 0; whole_client || i < groups->len; i++)
      if (whole_client || !wcc_store_group_is_leader (request->store, g_array_index (groups, gint64, i),
                                                      request->user->id))
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                               _("A leader publishes only to the groups they lead"));
          goto fail;
        }
  id = wcc_store_announcement_create (request->store, request->user->client_id, request->user->id, title, text,
                                      whole_client, groups ? (const gint64 *) (gpointer) groups->data : NULL,
                                      groups ? groups->len : 0, &error);
  if (id == 0)
    goto fail;
  created = wcc_store_announcement_find (request->store, request->user->client_id, id, request->user->id);
  recipients = wcc_store_announcement_recipients (request->store, request->user->client_id, id);
  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, (const gint64 *) (gpointer) recipients->data,
                                  recipients->len, "announcement.published",
                                  node_take (announcement_to_json (request, created, FALSE)));
  wcc_reply_object (request, SOUP_STATUS_CREATED, announcement_to_json (request, created, FALSE));
  return;

fail:
  wcc_reply_gerror (request, error);
}

void
wcc_api_announcement_get (WccRequest *request)
{
  g_autoptr(WccStoreAnnouncement) announcement = wcc_store_announcement_find (request->store,
                                                                             request->user->client_id, request->id,
                                                                             request->user->id);

  if (announcement == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such announcement"));
  else
    wcc_reply_object (request, SOUP_STATUS_OK, announcement_to_json (request, announcement, FALSE));
}

void
wcc_api_announcement_seen (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (wcc_store_announcement_mark_seen (request->store, request->user->client_id, request->id, request->user->id,
                                        &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}
