/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-chat.c: chat (S14) and leader push messages (S15): the colleagues with their
 * presence, the conversations of the caller (their groups' chats, direct ones), messages
 * delivered live on the event stream, unread counts, search, and the push messages a group's
 * leader sends to its members. */
#define G_LOG_DOMAIN "wcc-api-chat"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

#define CHAT_MAX_TEXT 2000
#define CHAT_MAX_CLIENT_MSG_ID 64
#define PUSH_MAX_TEXT 500
#define PUSH_DEFAULT_DURATION 30
#define PUSH_MAX_DURATION 3600
#define SEARCH_MAX_RESULTS 50
/* Colleagues of a client listed at once (no client has more). */
#define USERS_MAX 10000

/* Display names of the senders of a reply, each read once. */
typedef struct {
  WccStore   *store;
  gint64      client_id;
  GHashTable *names;   /* user id → name ("" for a deleted user) */
} Names;

static void
names_init (Names      *names,
            WccRequest *request)
{
  names->store = request->store;
  names->client_id = request->user->client_id;
  names->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
names_clear (Names *names)
{
  g_clear_pointer (&names->names, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Names, names_clear)

static const char *
names_get (Names  *names,
           gint64  user_id)
{
  const char *name = g_hash_table_lookup (names->names, &user_id);

  if (name == NULL)
    {
      g_autoptr(WccStoreUser) user = user_id ? wcc_store_user_find (names->store, names->client_id, user_id) : NULL;
      char *text = user ? wcc_api_display_name (user->surname, user->given_name, user->employee_id) : g_strdup ("");

      g_hash_table_insert (names->names, g_memdup2 (&user_id, sizeof user_id), text);
      name = text;
    }
  return name;
}

static JsonObject *
message_to_json (WccStoreChatMessage *message,
                 Names               *names)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", message->id);
  json_object_set_int_member (object, "conversation_id", message->conversation_id);
  wcc_json_set_id_or_null (object, "sender_id", message->sender_id);
  json_object_set_string_member (object, "sender_name", names_get (names, message->sender_id));
  json_object_set_string_member (object, "text", message->text);
  if (message->client_msg_id != NULL)
    json_object_set_string_member (object, "client_msg_id", message->client_msg_id);
  else
    json_object_set_null_member (object, "client_msg_id");
  wcc_json_set_time_or_null (object, "created_at", message->created_at);
  return object;
}

static JsonObject *
conversation_to_json (WccRequest               *request,
                      WccStoreChatConversation *conversation,
                      Names                    *names)
{
  JsonObject *object = json_object_new ();
  gboolean group = conversation->group_id != 0;

  json_object_set_int_member (object, "id", conversation->id);
  json_object_set_string_member (object, "kind", group ? "group" : "direct");
  wcc_json_set_id_or_null (object, "group_id", conversation->group_id);
  wcc_json_set_id_or_null (object, "user_id", conversation->peer_id);
  json_object_set_string_member (object, "title", group ? conversation->group_name
                                                        : names_get (names, conversation->peer_id));
  json_object_set_int_member (object, "unread", conversation->unread);
  wcc_json_set_id_or_null (object, "last_message_id", conversation->last_message_id);
  json_object_set_boolean_member (object, "leader",
                                  group && wcc_request_has_role (request, WCC_ROLE_LEADER) &&
                                  wcc_store_group_is_leader (request->store, conversation->group_id,
                                                             request->user->id));
  return object;
}

/* A ChatUser: a colleague with their presence and agent state. */
static JsonObject *
chat_user_to_json (WccRequest   *request,
                   WccStoreUser *user)
{
  JsonObject *object = json_object_new ();
  g_autofree char *account = g_strdup_printf ("%s@%s", user->employee_id, user->client_name);
  g_autofree char *name = wcc_api_display_name (user->surname, user->given_name, user->employee_id);
  g_autoptr(JsonObject) state = wcc_server_acd_agent_to_json (request->acd, user->client_id, user->id);

  json_object_set_int_member (object, "id", user->id);
  json_object_set_string_member (object, "account", account);
  json_object_set_string_member (object, "employee_id", user->employee_id);
  json_object_set_string_member (object, "display_name", name);
  json_object_set_boolean_member (object, "online", wcc_event_hub_is_online (request->hub, user->id));
  if (state != NULL && json_object_has_member (state, "state"))
    json_object_set_string_member (object, "agent_state", json_object_get_string_member (state, "state"));
  else
    json_object_set_null_member (object, "agent_state");
  return object;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* The conversation of the path as the caller sees it; 404 (and NULL) when they are no member. */
static WccStoreChatConversation *
find_conversation (WccRequest *request)
{
  WccStoreChatConversation *conversation =
    wcc_store_chat_conversation_find (request->store, request->user->client_id, request->user->id, request->id);

  if (conversation == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such conversation"));
  return conversation;
}

/* The colleagues, except the caller, matching @query (their name, employee ID or account;
 * NULL: all). */
static JsonArray *
list_people (WccRequest *request,
             const char *query)
{
  g_autoptr(GPtrArray) users = wcc_store_user_list (request->store, request->user->client_id, 0, USERS_MAX);
  g_autofree char *needle = query ? g_utf8_casefold (query, -1) : NULL;
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < users->len; i++)
    {
      WccStoreUser *user = g_ptr_array_index (users, i);
      g_autofree char *name = wcc_api_display_name (user->surname, user->given_name, user->employee_id);
      g_autofree char *haystack = g_utf8_casefold (name, -1);
      g_autofree char *employee_id = g_utf8_casefold (user->employee_id, -1);

      if (user->id == request->user->id ||
          (needle != NULL && strstr (haystack, needle) == NULL && strstr (employee_id, needle) == NULL))
        continue;
      json_array_add_object_element (items, chat_user_to_json (request, user));
    }
  return items;
}

void
wcc_api_chat_users (WccRequest *request)
{
  wcc_reply_items (request, list_people (request, NULL));
}

void
wcc_api_chat_conversations_list (WccRequest *request)
{
  g_autoptr(GPtrArray) conversations = wcc_store_chat_conversation_list (request->store, request->user->client_id,
                                                                         request->user->id);
  g_auto(Names) names = { 0 };
  JsonArray *items = json_array_new ();

  names_init (&names, request);
  for (guint i = 0; i < conversations->len; i++)
    json_array_add_object_element (items, conversation_to_json (request, g_ptr_array_index (conversations, i), &names));
  wcc_reply_items (request, items);
}

void
wcc_api_chat_direct (WccRequest *request)
{
  static const char *allowed[] = { "user_id", NULL };
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Names) names = { 0 };
  gint64 peer_id = 0, id;

  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_json_get_int (body, "user_id", TRUE, &peer_id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  id = wcc_store_chat_direct_conversation (request->store, request->user->client_id, request->user->id, peer_id, &error);
  if (id == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  conversation = wcc_store_chat_conversation_find (request->store, request->user->client_id, request->user->id, id);
  names_init (&names, request);
  wcc_reply_object (request, SOUP_STATUS_OK, conversation_to_json (request, conversation, &names));
}

void
wcc_api_chat_messages_list (WccRequest *request)
{
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Names) names = { 0 };
  JsonObject *body;
  JsonArray *items;
  guint64 after;
  guint limit;

  if ((conversation = find_conversation (request)) == NULL)
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* Newest first: the cursor is the last (oldest) id seen. */
  messages = wcc_store_chat_message_list (request->store, conversation->id, (gint64) after, limit + 1);
  names_init (&names, request);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < messages->len && i < limit; i++)
    json_array_add_object_element (items, message_to_json (g_ptr_array_index (messages, i), &names));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, messages->len > limit,
                    messages->len > limit ? ((WccStoreChatMessage *) g_ptr_array_index (messages, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* Sends @type with @data to every member of the conversation (its group's members now). */
static void
publish_to_members (WccRequest *request,
                    gint64      conversation_id,
                    const char *type,
                    JsonObject *data)
{
  g_autoptr(GArray) members = wcc_store_chat_members (request->store, conversation_id);

  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, (const gint64 *) members->data,
                                  members->len, type, object_node (data));
}

void
wcc_api_chat_message_create (WccRequest *request)
{
  static const char *allowed[] = { "text", "client_msg_id", NULL };
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  g_autoptr(WccStoreChatMessage) message = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Names) names = { 0 };
  g_autofree char *text = NULL;
  const char *raw_text = NULL, *client_msg_id = NULL;
  gboolean replayed;

  if ((conversation = find_conversation (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_api_read_text (body, "text", TRUE, CHAT_MAX_TEXT, &raw_text, &error) ||
      !wcc_api_read_text (body, "client_msg_id", FALSE, CHAT_MAX_CLIENT_MSG_ID, &client_msg_id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  text = g_strstrip (g_strdup (raw_text));
  if (*text == '\0')
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“text” must not be empty"));
      return;
    }
  if (client_msg_id != NULL && *client_msg_id == '\0')
    client_msg_id = NULL;
  message = wcc_store_chat_message_create (request->store, conversation->id, request->user->id, client_msg_id, text,
                                           &replayed, &error);
  if (message == NULL)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  names_init (&names, request);
  /* A message sent again (the outbox retrying) is the first one: no second event. */
  if (!replayed)
    {
      publish_to_members (request, conversation->id, "chat.message", message_to_json (message, &names));
      /* What one sends counts as read. */
      wcc_store_chat_mark_read (request->store, conversation->id, request->user->id, message->id, NULL);
    }
  wcc_reply_object (request, replayed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, message_to_json (message, &names));
}

void
wcc_api_chat_mark_read (WccRequest *request)
{
  static const char *allowed[] = { "message_id", NULL };
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  g_autoptr(WccStoreChatConversation) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Names) names = { 0 };
  gint64 message_id = 0;

  if ((conversation = find_conversation (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_int (body, "message_id", FALSE, &message_id, &error) ||
      !wcc_store_chat_mark_read (request->store, conversation->id, request->user->id, MAX (message_id, 0), &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  updated = wcc_store_chat_conversation_find (request->store, request->user->client_id, request->user->id,
                                              conversation->id);
  names_init (&names, request);
  /* The reader's other windows update their counts. */
  wcc_event_hub_publish (request->hub, request->user->client_id, request->user->id, "chat.read",
                         object_node (conversation_to_json (request, updated, &names)));
  wcc_reply_object (request, SOUP_STATUS_OK, conversation_to_json (request, updated, &names));
}

void
wcc_api_chat_search (WccRequest *request)
{
  const char *query = wcc_request_query_text (request, "q");
  g_autoptr(GPtrArray) messages = NULL;
  g_auto(Names) names = { 0 };
  g_autofree char *needle = NULL;
  JsonObject *body;
  JsonArray *items;

  if (query == NULL || *(needle = g_strstrip (g_strdup (query))) == '\0' || g_utf8_strlen (needle, -1) > 100)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“q” must be 1 to 100 characters"));
      return;
    }
  messages = wcc_store_chat_message_search (request->store, request->user->client_id, request->user->id, needle,
                                            SEARCH_MAX_RESULTS);
  names_init (&names, request);
  body = json_object_new ();
  json_object_set_array_member (body, "people", list_people (request, needle));
  items = json_array_new ();
  for (guint i = 0; i < messages->len; i++)
    json_array_add_object_element (items, message_to_json (g_ptr_array_index (messages, i), &names));
  json_object_set_array_member (body, "messages", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

static JsonObject *
push_to_json (gint64      group_id,
              gint64      conversation_id,
              gboolean    fixed,
              const char *text,
              guint       duration,
              gint64      sender_id,
              Names      *names,
              gint64      created_at)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "group_id", group_id);
  json_object_set_int_member (object, "conversation_id", conversation_id);
  json_object_set_string_member (object, "kind", fixed ? "fixed" : "temporary");
  json_object_set_string_member (object, "text", text);
  if (fixed)
    json_object_set_null_member (object, "duration");
  else
    json_object_set_int_member (object, "duration", duration);
  wcc_json_set_id_or_null (object, "sender_id", sender_id);
  json_object_set_string_member (object, "sender_name", names_get (names, sender_id));
  wcc_json_set_time_or_null (object, "created_at", created_at);
  return object;
}

void
wcc_api_chat_pushes_list (WccRequest *request)
{
  g_autoptr(GPtrArray) pushes = wcc_store_chat_push_list (request->store, request->user->client_id, request->user->id);
  g_auto(Names) names = { 0 };
  JsonArray *items = json_array_new ();

  names_init (&names, request);
  for (guint i = 0; i < pushes->len; i++)
    {
      WccStoreChatPush *push = g_ptr_array_index (pushes, i);
      gint64 conversation_id = wcc_store_chat_group_conversation (request->store, request->user->client_id,
                                                                  push->group_id);

      json_array_add_object_element (items, push_to_json (push->group_id, conversation_id, TRUE, push->text, 0,
                                                          push->sender_id, &names, push->created_at));
    }
  wcc_reply_items (request, items);
}

/* The group chat of the path, when the caller leads its group: else answered (404 for a
 * non-member or a direct conversation, 403 for a member who does not lead it). */
static WccStoreChatConversation *
find_led_group_chat (WccRequest *request)
{
  g_autoptr(WccStoreChatConversation) conversation = find_conversation (request);

  if (conversation == NULL)
    return NULL;
  if (conversation->group_id == 0)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("Push messages go to a group chat"));
      return NULL;
    }
  if (!wcc_request_has_role (request, WCC_ROLE_LEADER) ||
      !wcc_store_group_is_leader (request->store, conversation->group_id, request->user->id))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only a leader of the group sends push messages"));
      return NULL;
    }
  return g_steal_pointer (&conversation);
}

void
wcc_api_chat_push_send (WccRequest *request)
{
  static const char *allowed[] = { "kind", "text", "duration", NULL };
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) online = NULL;
  g_auto(Names) names = { 0 };
  g_autofree char *text = NULL;
  const char *kind = NULL, *raw_text = NULL;
  gint64 duration = PUSH_DEFAULT_DURATION;
  gboolean fixed;
  JsonObject *push;

  if ((conversation = find_led_group_chat (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "kind", TRUE, &kind, &error) ||
      !wcc_api_read_text (body, "text", TRUE, PUSH_MAX_TEXT, &raw_text, &error) ||
      !wcc_json_get_int (body, "duration", FALSE, &duration, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  fixed = g_str_equal (kind, "fixed");
  if (!fixed && !g_str_equal (kind, "temporary"))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“kind” must be “fixed” or “temporary”"));
      return;
    }
  if (duration < 1 || duration > PUSH_MAX_DURATION || (fixed && json_object_has_member (body, "duration")))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("“duration” is for temporary messages: 1 to 3600 seconds"));
      return;
    }
  text = g_strstrip (g_strdup (raw_text));
  if (*text == '\0')
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“text” must not be empty"));
      return;
    }
  if (fixed && !wcc_store_chat_push_set (request->store, request->user->client_id, conversation->group_id,
                                         request->user->id, text, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }

  names_init (&names, request);
  push = push_to_json (conversation->group_id, conversation->id, fixed, text, (guint) duration, request->user->id,
                       &names, wcc_request_now (request));
  members = wcc_store_chat_members (request->store, conversation->id);
  /* A temporary message goes to the members online now, and is kept nowhere. */
  online = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < members->len; i++)
    if (fixed || wcc_event_hub_is_online (request->hub, g_array_index (members, gint64, i)))
      g_array_append_val (online, g_array_index (members, gint64, i));
  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, (const gint64 *) online->data, online->len,
                                  "chat.push", object_node (json_object_ref (push)));
  json_object_set_int_member (push, "delivered_to", online->len);
  wcc_reply_object (request, fixed ? SOUP_STATUS_CREATED : SOUP_STATUS_ACCEPTED, push);
}

void
wcc_api_chat_push_clear (WccRequest *request)
{
  g_autoptr(WccStoreChatConversation) conversation = NULL;
  JsonObject *data;

  if ((conversation = find_led_group_chat (request)) == NULL)
    return;
  if (!wcc_store_chat_push_clear (request->store, request->user->client_id, conversation->group_id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("The group has no fixed message"));
      return;
    }
  data = json_object_new ();
  json_object_set_int_member (data, "group_id", conversation->group_id);
  json_object_set_int_member (data, "conversation_id", conversation->id);
  publish_to_members (request, conversation->id, "chat.push_cleared", data);
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}
