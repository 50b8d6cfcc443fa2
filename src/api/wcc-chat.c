/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-chat.c: chat (S14) and leader push messages (S15) of the session, kept live from the
 * event stream. */
#define G_LOG_DOMAIN "wcc-chat"

#include "wcc-chat.h"
#include "wcc-error.h"
#include "wcc-json.h"

#define HISTORY_PAGE_SIZE 30

struct _WccChat
{
  GObject       parent_instance;

  WccSession   *session;
  GListStore   *users;           /* of WccRecord (ChatUser) */
  GListStore   *conversations;   /* of WccRecord (Conversation) */
  GListStore   *pushes;          /* of WccRecord (Push, "id" = group id) */
  GCancellable *cancellable;
  guint         unread;
};

G_DEFINE_FINAL_TYPE (WccChat, wcc_chat, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNREAD,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_TEMPORARY_PUSH,
  SIGNAL_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static WccRecord *
find_record (GListStore *store,
             gint64      id,
             guint      *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (wcc_record_get_id (record) == id)
        {
          if (out_position != NULL)
            *out_position = i;
          return record;   /* the store keeps it */
        }
    }
  return NULL;
}

static void
copy_member (JsonObject  *object,
             const char  *name,
             JsonNode    *value,
             gpointer     copy)
{
  json_object_set_member (copy, name, json_node_copy (value));
}

/* A new object with the members of @object (their values copied). */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();

  json_object_foreach_member (object, copy_member, copy);
  return copy;
}

/* Updates @record with a copy of its data where @member is @value (taken). */
static void
record_set (WccRecord  *record,
            const char *member,
            JsonNode   *value)
{
  g_autoptr(JsonObject) data = copy_object (wcc_record_get_data (record));

  json_object_set_member (data, member, value);
  wcc_record_update (record, data);
}

static void
update_unread (WccChat *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  guint unread = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);
      unread += (guint) MAX (wcc_record_get_int (record, "unread", 0), 0);
    }
  if (unread == self->unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

/* Pushes are known by their group: it stands as their id. */
static void
id_pushes_by_group (JsonArray *items)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *push = json_node_get_object (element);

          json_object_set_int_member (push, "id", json_object_get_int_member_with_default (push, "group_id", 0));
        }
    }
}

typedef enum { LIST_USERS, LIST_CONVERSATIONS, LIST_PUSHES } ListKind;

static void
on_list_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  WccChat *self = g_task_get_source_object (task);
  JsonArray *items;

  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Cannot read the chat lists: %s", error->message);
      return;
    }
  items = json_object_get_array_member (body, "items");
  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case LIST_USERS:
      wcc_record_store_replace (self->users, items);
      break;
    case LIST_CONVERSATIONS:
      wcc_record_store_replace (self->conversations, items);
      update_unread (self);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      break;
    case LIST_PUSHES:
      id_pushes_by_group (items);
      wcc_record_store_replace (self->pushes, items);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
read_list (WccChat    *self,
           const char *path,
           ListKind    kind)
{
  GTask *task = g_task_new (self, self->cancellable, NULL, NULL);

  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable, on_list_read, task);
}

void
wcc_chat_reload (WccChat *self)
{
  g_return_if_fail (WCC_IS_CHAT (self));

  read_list (self, "/api/v1/chat/users", LIST_USERS);
  read_list (self, "/api/v1/chat/conversations", LIST_CONVERSATIONS);
  read_list (self, "/api/v1/chat/push", LIST_PUSHES);
}

static void
on_chat_message (WccChat    *self,
                 JsonObject *data)
{
  g_autoptr(WccRecord) message = wcc_record_new (data);
  gint64 conversation_id = wcc_record_get_int (message, "conversation_id", 0);
  WccRecord *conversation = find_record (self->conversations, conversation_id, NULL);
  WccUser *me = wcc_session_get_user (self->session);

  if (conversation == NULL)
    {
      /* A conversation someone else started: read the list again. */
      read_list (self, "/api/v1/chat/conversations", LIST_CONVERSATIONS);
    }
  else
    {
      if (wcc_record_get_int (message, "sender_id", 0) != wcc_user_get_id (me))
        record_set (conversation, "unread",
                    json_node_init_int (json_node_alloc (), wcc_record_get_int (conversation, "unread", 0) + 1));
      record_set (conversation, "last_message_id", json_node_init_int (json_node_alloc (), wcc_record_get_id (message)));
      update_unread (self);
    }
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

static void
on_presence (WccChat    *self,
             JsonObject *data)
{
  WccRecord *user = find_record (self->users, json_object_get_int_member_with_default (data, "user_id", 0), NULL);

  if (user != NULL)
    record_set (user, "online",
                json_node_init_boolean (json_node_alloc (), json_object_get_boolean_member_with_default (data, "online", FALSE)));
}

static void
on_agent_state (WccChat    *self,
                JsonObject *data)
{
  WccRecord *user = find_record (self->users, json_object_get_int_member_with_default (data, "agent_id", 0), NULL);
  const char *state = json_object_get_string_member_with_default (data, "state", NULL);

  if (user != NULL && state != NULL)
    record_set (user, "agent_state", json_node_init_string (json_node_alloc (), state));
}

static void
on_push (WccChat    *self,
         JsonObject *data)
{
  g_autoptr(JsonObject) push = copy_object (data);
  gint64 group_id = json_object_get_int_member_with_default (data, "group_id", 0);
  g_autoptr(WccRecord) record = NULL;
  WccRecord *fixed;
  guint position;

  json_object_set_int_member (push, "id", group_id);
  record = wcc_record_new (push);
  if (g_strcmp0 (wcc_record_get_string (record, "kind"), "fixed") != 0)
    {
      g_signal_emit (self, signals[SIGNAL_TEMPORARY_PUSH], 0, record);
      return;
    }
  /* A group has one fixed message: the new one replaces it. */
  if ((fixed = find_record (self->pushes, group_id, &position)) != NULL)
    g_list_store_remove (self->pushes, position);
  g_list_store_insert (self->pushes, 0, record);
}

static void
on_push_cleared (WccChat    *self,
                 JsonObject *data)
{
  guint position;

  if (find_record (self->pushes, json_object_get_int_member_with_default (data, "group_id", 0), &position) != NULL)
    g_list_store_remove (self->pushes, position);
}

static void
on_event (WccChat        *self,
          const char     *type,
          gint64          seq,
          JsonNode       *node,
          WccEventStream *stream)
{
  JsonObject *data = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  WccRecord *conversation;

  if (data == NULL || !(g_str_has_prefix (type, "chat.") || g_str_equal (type, "presence.changed") ||
                        g_str_equal (type, "agent.state")))
    return;
  if (g_str_equal (type, "chat.message"))
    on_chat_message (self, data);
  else if (g_str_equal (type, "chat.read") &&
           (conversation = find_record (self->conversations, json_object_get_int_member_with_default (data, "id", 0),
                                        NULL)) != NULL)
    {
      wcc_record_update (conversation, data);
      update_unread (self);
    }
  else if (g_str_equal (type, "chat.push"))
    on_push (self, data);
  else if (g_str_equal (type, "chat.push_cleared"))
    on_push_cleared (self, data);
  else if (g_str_equal (type, "presence.changed"))
    on_presence (self, data);
  else if (g_str_equal (type, "agent.state"))
    on_agent_state (self, data);
}

static void
wcc_chat_dispose (GObject *object)
{
  WccChat *self = WCC_CHAT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->users);
  g_clear_object (&self->conversations);
  g_clear_object (&self->pushes);

  G_OBJECT_CLASS (wcc_chat_parent_class)->dispose (object);
}

static void
wcc_chat_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WccChat *self = WCC_CHAT (object);

  switch (prop_id)
    {
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_chat_class_init (WccChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_chat_dispose;
  object_class->get_property = wcc_chat_get_property;

  properties[PROP_UNREAD] =
    g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, WCC_TYPE_RECORD);
  signals[SIGNAL_TEMPORARY_PUSH] =
    g_signal_new ("temporary-push", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, WCC_TYPE_RECORD);
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wcc_chat_init (WccChat *self)
{
  self->users = g_list_store_new (WCC_TYPE_RECORD);
  self->conversations = g_list_store_new (WCC_TYPE_RECORD);
  self->pushes = g_list_store_new (WCC_TYPE_RECORD);
  self->cancellable = g_cancellable_new ();
}

WccChat *
wcc_chat_new (WccSession *session)
{
  WccChat *self;
  WccEventStream *stream;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  self = g_object_new (WCC_TYPE_CHAT, NULL);
  self->session = g_object_ref (session);
  stream = wcc_session_get_event_stream (session);
  wcc_event_stream_set_presence (stream, TRUE);
  g_signal_connect_object (stream, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "resync", G_CALLBACK (wcc_chat_reload), self, G_CONNECT_SWAPPED);
  wcc_chat_reload (self);
  return self;
}

WccSession *
wcc_chat_get_session (WccChat *self)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);
  return self->session;
}

GListModel *
wcc_chat_get_users (WccChat *self)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);
  return G_LIST_MODEL (self->users);
}

GListModel *
wcc_chat_get_conversations (WccChat *self)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);
  return G_LIST_MODEL (self->conversations);
}

GListModel *
wcc_chat_get_fixed_pushes (WccChat *self)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);
  return G_LIST_MODEL (self->pushes);
}

guint
wcc_chat_get_unread (WccChat *self)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), 0);
  return self->unread;
}

WccRecord *
wcc_chat_find_conversation (WccChat *self,
                            gint64   conversation_id)
{
  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);
  return find_record (self->conversations, conversation_id, NULL);
}

WccPagedList *
wcc_chat_new_history (WccChat *self,
                      gint64   conversation_id)
{
  g_autofree char *path = NULL;
  WccPagedList *history;

  g_return_val_if_fail (WCC_IS_CHAT (self), NULL);

  path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", conversation_id);
  history = wcc_paged_list_new (wcc_session_get_client (self->session), path);
  wcc_paged_list_set_page_size (history, HISTORY_PAGE_SIZE);
  return history;
}

/* A write to the conversation's @what through the session's outbox; takes @body. */
static void
queue_write (WccChat             *self,
             const char          *method,
             gint64               conversation_id,
             const char          *what,
             JsonObject          *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/%s", conversation_id, what);
  g_autoptr(JsonNode) node = NULL;

  if (body != NULL)
    node = json_node_init_object (json_node_alloc (), body);
  wcc_session_queue_write_async (self->session, method, path, node, cancellable, callback, user_data);
  g_clear_pointer (&body, json_object_unref);
}

void
wcc_chat_send_async (WccChat             *self,
                     gint64               conversation_id,
                     const char          *text,
                     const char          *client_msg_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  JsonObject *body = json_object_new ();
  g_autofree char *random_id = client_msg_id == NULL ? g_uuid_string_random () : NULL;

  g_return_if_fail (WCC_IS_CHAT (self));
  g_return_if_fail (text != NULL);

  json_object_set_string_member (body, "text", text);
  json_object_set_string_member (body, "client_msg_id", client_msg_id ? client_msg_id : random_id);
  queue_write (self, "POST", conversation_id, "messages", body, cancellable, callback, user_data);
}

void
wcc_chat_mark_read (WccChat *self,
                    gint64   conversation_id)
{
  WccRecord *conversation;

  g_return_if_fail (WCC_IS_CHAT (self));

  conversation = find_record (self->conversations, conversation_id, NULL);
  if (conversation == NULL || wcc_record_get_int (conversation, "unread", 0) == 0)
    return;
  record_set (conversation, "unread", json_node_init_int (json_node_alloc (), 0));
  update_unread (self);
  queue_write (self, "POST", conversation_id, "read", json_object_new (), NULL, NULL, NULL);
}

static void
on_direct_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccChat *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccRecord) record = NULL;
  WccWriteOutcome outcome;
  WccRecord *known;
  JsonObject *data;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (outcome == WCC_WRITE_QUEUED || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_new_error (task, WCC_ERROR, WCC_ERROR_UNREACHABLE, "%s", "The server cannot be reached");
      return;
    }
  data = json_node_get_object (answer);
  if ((known = find_record (self->conversations, json_object_get_int_member_with_default (data, "id", 0), NULL)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (known), g_object_unref);
      return;
    }
  record = wcc_record_new (data);
  g_list_store_append (self->conversations, record);
  g_task_return_pointer (task, g_steal_pointer (&record), g_object_unref);
}

void
wcc_chat_open_direct_async (WccChat             *self,
                            gint64               user_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *body = json_object_new ();

  g_return_if_fail (WCC_IS_CHAT (self));

  json_object_set_int_member (body, "user_id", user_id);
  json_node_take_object (node, body);
  wcc_session_queue_write_async (self->session, "POST", "/api/v1/chat/direct", node, cancellable, on_direct_written,
                                 g_task_new (self, cancellable, callback, user_data));
}

WccRecord *
wcc_chat_open_direct_finish (WccChat       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wcc_chat_push_async (WccChat             *self,
                     gint64               conversation_id,
                     gboolean             fixed,
                     const char          *text,
                     guint                duration,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  JsonObject *body = json_object_new ();

  g_return_if_fail (WCC_IS_CHAT (self));
  g_return_if_fail (text != NULL);

  json_object_set_string_member (body, "kind", fixed ? "fixed" : "temporary");
  json_object_set_string_member (body, "text", text);
  if (!fixed && duration > 0)
    json_object_set_int_member (body, "duration", duration);
  queue_write (self, "POST", conversation_id, "push", body, cancellable, callback, user_data);
}

void
wcc_chat_clear_push_async (WccChat             *self,
                           gint64               conversation_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CHAT (self));
  queue_write (self, "DELETE", conversation_id, "push", NULL, cancellable, callback, user_data);
}

static void
on_search_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonObject *body = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) json_object_unref);
}

void
wcc_chat_search_async (WccChat             *self,
                       const char          *query,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CHAT (self));
  g_return_if_fail (query != NULL);

  escaped = g_uri_escape_string (query, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/chat/search?q=%s", escaped);
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, cancellable, on_search_read,
                               g_task_new (self, cancellable, callback, user_data));
}

JsonObject *
wcc_chat_search_finish (WccChat       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
