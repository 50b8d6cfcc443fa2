/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-chat.c: the store's queries for chat (S14) and leader push messages (S15). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"
#include "wcc-store-chat.h"
#include "wcc-time.h"

/* Is ?2 a member of the conversation v: one of its two users, or in its group. */
#define MEMBER_OF_V \
  " (v.user_a = ?2 OR v.user_b = ?2" \
  "  OR v.group_id IN (SELECT group_id FROM group_members WHERE user_id = ?2))"

/* A conversation as ?2 sees it (alias v, groups g): id, group, group name, peer, unread, last. */
#define CONVERSATION_COLUMNS \
  "v.id, v.client_id, v.group_id, g.name," \
  " CASE WHEN v.user_a = ?2 THEN v.user_b WHEN v.user_b = ?2 THEN v.user_a END," \
  " (SELECT count(*) FROM chat_messages m WHERE m.conversation_id = v.id" \
  "  AND m.id > coalesce((SELECT r.last_read_id FROM chat_reads r" \
  "   WHERE r.conversation_id = v.id AND r.user_id = ?2), 0)" \
  "  AND (m.sender_id IS NULL OR m.sender_id != ?2))," \
  " (SELECT max(m.id) FROM chat_messages m WHERE m.conversation_id = v.id)" \
  " FROM chat_conversations v LEFT JOIN agent_groups g ON g.id = v.group_id"

#define MESSAGE_COLUMNS \
  "m.id, m.conversation_id, m.sender_id, m.client_msg_id, m.text, m.created_at FROM chat_messages m"

void
wcc_store_chat_conversation_free (WccStoreChatConversation *conversation)
{
  if (conversation == NULL)
    return;
  g_free (conversation->group_name);
  g_free (conversation);
}

void
wcc_store_chat_message_free (WccStoreChatMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->client_msg_id);
  g_free (message->text);
  g_free (message);
}

void
wcc_store_chat_push_free (WccStoreChatPush *push)
{
  if (push == NULL)
    return;
  g_free (push->text);
  g_free (push);
}

static WccStoreChatConversation *
read_conversation_row (sqlite3_stmt *stmt)
{
  WccStoreChatConversation *conversation = g_new0 (WccStoreChatConversation, 1);

  conversation->id = sqlite3_column_int64 (stmt, 0);
  conversation->client_id = sqlite3_column_int64 (stmt, 1);
  conversation->group_id = wcc_store_column_int_or_zero (stmt, 2);
  conversation->group_name = wcc_store_column_strdup (stmt, 3);
  conversation->peer_id = wcc_store_column_int_or_zero (stmt, 4);
  conversation->unread = sqlite3_column_int64 (stmt, 5);
  conversation->last_message_id = wcc_store_column_int_or_zero (stmt, 6);
  return conversation;
}

static WccStoreChatMessage *
read_message_row (sqlite3_stmt *stmt)
{
  WccStoreChatMessage *message = g_new0 (WccStoreChatMessage, 1);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->conversation_id = sqlite3_column_int64 (stmt, 1);
  message->sender_id = wcc_store_column_int_or_zero (stmt, 2);
  message->client_msg_id = wcc_store_column_strdup (stmt, 3);
  message->text = wcc_store_column_strdup (stmt, 4);
  message->created_at = sqlite3_column_int64 (stmt, 5);
  return message;
}

static GPtrArray *
collect (sqlite3_stmt   *stmt,
         gpointer      (*read_row) (sqlite3_stmt *stmt),
         GDestroyNotify  free_row)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_row);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  return rows;
}

GPtrArray *
wcc_store_chat_conversation_list (WccStore *self,
                                  gint64    client_id,
                                  gint64    user_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  /* The server keeps one chat per group: made here for the groups that have none yet. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT OR IGNORE INTO chat_conversations (client_id, group_id, created_at)"
                                                    " SELECT client_id, group_id, ?3 FROM group_members"
                                                    " JOIN agent_groups ON agent_groups.id = group_members.group_id"
                                                    " WHERE user_id = ?2 AND client_id = ?1;",
                                                    "iii", client_id, user_id, wcc_time_now ()),
                            _("Cannot make the group chats"), &error))
    g_warning ("%s", error->message);

  return collect (wcc_store_prepare_bind (self,
                                          "SELECT " CONVERSATION_COLUMNS " WHERE v.client_id = ?1 AND" MEMBER_OF_V
                                          " ORDER BY v.group_id IS NULL, g.name,"
                                          " (SELECT max(m.id) FROM chat_messages m WHERE m.conversation_id = v.id)"
                                          " DESC NULLS LAST, v.id;",
                                          "ii", client_id, user_id),
                  (gpointer) read_conversation_row, (GDestroyNotify) wcc_store_chat_conversation_free);
}

WccStoreChatConversation *
wcc_store_chat_conversation_find (WccStore *self,
                                  gint64    client_id,
                                  gint64    user_id,
                                  gint64    conversation_id)
{
  WccStoreChatConversation *conversation = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " CONVERSATION_COLUMNS " WHERE v.client_id = ?1 AND v.id = ?3 AND" MEMBER_OF_V ";",
                                 "iii", client_id, user_id, conversation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    conversation = read_conversation_row (stmt);
  sqlite3_reset (stmt);
  return conversation;
}

gint64
wcc_store_chat_group_conversation (WccStore *self,
                                   gint64    client_id,
                                   gint64    group_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT OR IGNORE INTO chat_conversations (client_id, group_id, created_at)"
                                                    " SELECT client_id, id, ?3 FROM agent_groups WHERE client_id = ?1 AND id = ?2;",
                                                    "iii", client_id, group_id, wcc_time_now ()),
                            _("Cannot make the group chat"), &error))
    g_warning ("%s", error->message);
  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT id FROM chat_conversations WHERE client_id = ? AND group_id = ?;",
                                                      "ii", client_id, group_id), 0);
}

gint64
wcc_store_chat_direct_conversation (WccStore  *self,
                                    gint64     client_id,
                                    gint64     user_id,
                                    gint64     peer_id,
                                    GError   **error)
{
  gint64 a = MIN (user_id, peer_id), b = MAX (user_id, peer_id);
  gint64 id;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (user_id == peer_id)
    {
      wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("user_id: a conversation needs another user"));
      return 0;
    }
  /* The SELECT keeps both users inside @client_id: nothing links across tenants. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT OR IGNORE INTO chat_conversations (client_id, user_a, user_b, created_at)"
                                                    " SELECT ?1, ?2, ?3, ?4 WHERE"
                                                    " (SELECT count(*) FROM users WHERE client_id = ?1 AND id IN (?2, ?3)) = 2;",
                                                    "iiii", client_id, a, b, wcc_time_now ()),
                            _("Cannot start the conversation"), error))
    return 0;
  id = wcc_store_query_int (self,
                            wcc_store_prepare_bind (self,
                                                    "SELECT id FROM chat_conversations"
                                                    " WHERE client_id = ? AND user_a = ? AND user_b = ?;",
                                                    "iii", client_id, a, b), 0);
  if (id == 0)
    wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such user"));
  return id;
}

GArray *
wcc_store_chat_members (WccStore *self,
                        gint64    conversation_id)
{
  GArray *members = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), members);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT user_id FROM group_members"
                                 " WHERE group_id = (SELECT group_id FROM chat_conversations WHERE id = ?1)"
                                 " UNION SELECT user_a FROM chat_conversations WHERE id = ?1 AND user_a IS NOT NULL"
                                 " UNION SELECT user_b FROM chat_conversations WHERE id = ?1 AND user_b IS NOT NULL"
                                 " ORDER BY 1;",
                                 "i", conversation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (members, id);
    }
  sqlite3_reset (stmt);
  return members;
}

static WccStoreChatMessage *
find_message_by_client_id (WccStore   *self,
                           gint64      sender_id,
                           const char *client_msg_id)
{
  WccStoreChatMessage *message = NULL;
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                               "SELECT " MESSAGE_COLUMNS " WHERE m.sender_id = ? AND m.client_msg_id = ?;",
                                               "is", sender_id, client_msg_id);

  if (sqlite3_step (stmt) == SQLITE_ROW)
    message = read_message_row (stmt);
  sqlite3_reset (stmt);
  return message;
}

WccStoreChatMessage *
wcc_store_chat_message_create (WccStore    *self,
                               gint64       conversation_id,
                               gint64       sender_id,
                               const char  *client_msg_id,
                               const char  *text,
                               gboolean    *out_replayed,
                               GError     **error)
{
  WccStoreChatMessage *message;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL && out_replayed != NULL, NULL);

  *out_replayed = FALSE;
  if (client_msg_id != NULL && (message = find_message_by_client_id (self, sender_id, client_msg_id)) != NULL)
    {
      if (message->conversation_id != conversation_id)
        {
          wcc_store_chat_message_free (message);
          wcc_store_fail (error, WCC_ERROR_CONFLICT, _("client_msg_id was used for another conversation"));
          return NULL;
        }
      *out_replayed = TRUE;
      return message;
    }

  message = g_new0 (WccStoreChatMessage, 1);
  message->conversation_id = conversation_id;
  message->sender_id = sender_id;
  message->client_msg_id = g_strdup (client_msg_id);
  message->text = g_strdup (text);
  message->created_at = wcc_time_now ();
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO chat_messages (conversation_id, sender_id, client_msg_id,"
                                                    " text, created_at) VALUES (?, ?, ?, ?, ?);",
                                                    "iissi", conversation_id, sender_id, client_msg_id, text,
                                                    message->created_at),
                            _("Cannot save the message"), error))
    {
      wcc_store_chat_message_free (message);
      return NULL;
    }
  message->id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
  return message;
}

GPtrArray *
wcc_store_chat_message_list (WccStore *self,
                             gint64    conversation_id,
                             gint64    before_id,
                             guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return collect (wcc_store_prepare_bind (self,
                                          "SELECT " MESSAGE_COLUMNS " WHERE m.conversation_id = ?1"
                                          " AND (?2 = 0 OR m.id < ?2) ORDER BY m.id DESC LIMIT ?3;",
                                          "iii", conversation_id, before_id, (gint64) limit),
                  (gpointer) read_message_row, (GDestroyNotify) wcc_store_chat_message_free);
}

GPtrArray *
wcc_store_chat_message_search (WccStore   *self,
                               gint64      client_id,
                               gint64      user_id,
                               const char *query,
                               guint       limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return collect (wcc_store_prepare_bind (self,
                                          "SELECT " MESSAGE_COLUMNS " JOIN chat_conversations v ON v.id = m.conversation_id"
                                          " WHERE v.client_id = ?1 AND" MEMBER_OF_V
                                          " AND instr(lower(m.text), lower(?3)) > 0 ORDER BY m.id DESC LIMIT ?4;",
                                          "iisi", client_id, user_id, query, (gint64) limit),
                  (gpointer) read_message_row, (GDestroyNotify) wcc_store_chat_message_free);
}

gboolean
wcc_store_chat_mark_read (WccStore  *self,
                          gint64     conversation_id,
                          gint64     user_id,
                          gint64     message_id,
                          GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO chat_reads (conversation_id, user_id, last_read_id)"
                                                      /* never past the newest: a bigger id would
                                                       * silence the conversation for good */
                                                      " SELECT ?1, ?2, coalesce(min(nullif(?3, 0), max(id)), max(id), 0)"
                                                      " FROM chat_messages WHERE conversation_id = ?1"
                                                      " ON CONFLICT (conversation_id, user_id) DO UPDATE"
                                                      " SET last_read_id = max(last_read_id, excluded.last_read_id);",
                                                      "iii", conversation_id, user_id, message_id),
                              _("Cannot save what was read"), error);
}

gboolean
wcc_store_chat_push_set (WccStore    *self,
                         gint64       client_id,
                         gint64       group_id,
                         gint64       sender_id,
                         const char  *text,
                         GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT OR REPLACE INTO chat_pushes (group_id, client_id, sender_id,"
                                                      " text, created_at) VALUES (?, ?, ?, ?, ?);",
                                                      "iiisi", group_id, client_id, sender_id, text, wcc_time_now ()),
                              _("Cannot save the push message"), error);
}

gboolean
wcc_store_chat_push_clear (WccStore *self,
                           gint64    client_id,
                           gint64    group_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "DELETE FROM chat_pushes WHERE client_id = ? AND group_id = ?;",
                                                    "ii", client_id, group_id),
                            _("Cannot clear the push message"), &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return sqlite3_changes (wcc_store_get_db (self)) > 0;
}

static WccStoreChatPush *
read_push_row (sqlite3_stmt *stmt)
{
  WccStoreChatPush *push = g_new0 (WccStoreChatPush, 1);

  push->group_id = sqlite3_column_int64 (stmt, 0);
  push->sender_id = wcc_store_column_int_or_zero (stmt, 1);
  push->text = wcc_store_column_strdup (stmt, 2);
  push->created_at = sqlite3_column_int64 (stmt, 3);
  return push;
}

WccStoreChatPush *
wcc_store_chat_push_find (WccStore *self,
                          gint64    client_id,
                          gint64    group_id)
{
  WccStoreChatPush *push = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT group_id, sender_id, text, created_at FROM chat_pushes"
                                 " WHERE client_id = ? AND group_id = ?;",
                                 "ii", client_id, group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    push = read_push_row (stmt);
  sqlite3_reset (stmt);
  return push;
}

GPtrArray *
wcc_store_chat_push_list (WccStore *self,
                          gint64    client_id,
                          gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return collect (wcc_store_prepare_bind (self,
                                          "SELECT p.group_id, p.sender_id, p.text, p.created_at FROM chat_pushes p"
                                          " JOIN group_members gm ON gm.group_id = p.group_id AND gm.user_id = ?2"
                                          " WHERE p.client_id = ?1 ORDER BY p.created_at DESC, p.group_id;",
                                          "ii", client_id, user_id),
                  (gpointer) read_push_row, (GDestroyNotify) wcc_store_chat_push_free);
}
