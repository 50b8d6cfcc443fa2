/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-chat.h: chat (S14) and leader push messages (S15): one conversation per agent
 * group (its members are the group's), direct conversations between two users of one
 * client, their messages, what each member has read, and the fixed push message of a
 * group. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    group_id;         /* a group's chat; 0 for a direct conversation */
  char     *group_name;       /* NULL for a direct conversation */
  gint64    peer_id;          /* direct: the other user (as seen by the viewer); else 0 */
  gint64    unread;           /* the viewer's: messages of others after their last read */
  gint64    last_message_id;  /* 0: none yet */
} WccStoreChatConversation;

typedef struct {
  gint64    id;
  gint64    conversation_id;
  gint64    sender_id;        /* 0: the sender was deleted */
  char     *client_msg_id;    /* NULL: none given */
  char     *text;
  gint64    created_at;
} WccStoreChatMessage;

typedef struct {
  gint64    group_id;
  gint64    sender_id;        /* 0: the sender was deleted */
  char     *text;
  gint64    created_at;
} WccStoreChatPush;

void wcc_store_chat_conversation_free (WccStoreChatConversation *conversation);
void wcc_store_chat_message_free      (WccStoreChatMessage      *message);
void wcc_store_chat_push_free         (WccStoreChatPush         *push);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreChatConversation, wcc_store_chat_conversation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreChatMessage, wcc_store_chat_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreChatPush, wcc_store_chat_push_free)

/* The conversations @user_id is a member of: the chats of their groups (made here for
 * groups that have none yet), then their direct ones, the latest message first. */
GPtrArray   *wcc_store_chat_conversation_list (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* The conversation as @user_id sees it; NULL when it is not the client's or they are no
 * member (a user removed from the group is no longer one). */
WccStoreChatConversation *wcc_store_chat_conversation_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         conversation_id);
/* The chat of @group_id (made when missing); 0 when the group is not the client's. */
gint64       wcc_store_chat_group_conversation (WccStore  *self,
                                          gint64         client_id,
                                          gint64         group_id);
/* The direct conversation of @user_id and @peer_id (made when missing); NOT_FOUND when
 * the peer is not of the client, INVALID_FIELD for oneself. */
gint64       wcc_store_chat_direct_conversation (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         peer_id,
                                          GError       **error);
/* The members of a conversation, sorted (gint64 elements), for the event fan-out. */
GArray      *wcc_store_chat_members      (WccStore      *self,
                                          gint64         conversation_id);

/* Stores a message of @sender_id (a member: the caller checks). With @client_msg_id, the
 * same id from the same sender again returns the message stored the first time and sets
 * *@out_replayed (another conversation: WCC_ERROR_CONFLICT). */
WccStoreChatMessage *wcc_store_chat_message_create (WccStore *self,
                                          gint64         conversation_id,
                                          gint64         sender_id,
                                          const char    *client_msg_id,
                                          const char    *text,
                                          gboolean      *out_replayed,
                                          GError       **error);
/* Newest first; @before_id 0: from the newest. */
GPtrArray   *wcc_store_chat_message_list (WccStore      *self,
                                          gint64         conversation_id,
                                          gint64         before_id,
                                          guint          limit);
/* Messages containing @query (case-insensitive for ASCII) in the conversations @user_id is
 * a member of, newest first. */
GPtrArray   *wcc_store_chat_message_search (WccStore    *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *query,
                                          guint          limit);
/* @user_id has read the conversation up to @message_id (0: its newest); never goes back. */
gboolean     wcc_store_chat_mark_read    (WccStore      *self,
                                          gint64         conversation_id,
                                          gint64         user_id,
                                          gint64         message_id,
                                          GError       **error);

/* Sets (replaces) the fixed push message of @group_id. */
gboolean     wcc_store_chat_push_set     (WccStore      *self,
                                          gint64         client_id,
                                          gint64         group_id,
                                          gint64         sender_id,
                                          const char    *text,
                                          GError       **error);
/* FALSE when there was none. */
gboolean     wcc_store_chat_push_clear   (WccStore      *self,
                                          gint64         client_id,
                                          gint64         group_id);
WccStoreChatPush *wcc_store_chat_push_find (WccStore    *self,
                                          gint64         client_id,
                                          gint64         group_id);
/* The fixed push messages of the groups @user_id is in. */
GPtrArray   *wcc_store_chat_push_list    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id);

G_END_DECLS
