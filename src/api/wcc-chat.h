/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-chat.h: chat (S14) and leader push messages (S15) of the session: the colleagues with
 * their presence, the conversations with unread counts, the fixed push messages, kept live
 * from the event stream; messages sent through the outbox (each delivered once, in order). */
#pragma once

#include "wcc-paged-list.h"
#include "wcc-session.h"

G_BEGIN_DECLS

#define WCC_TYPE_CHAT (wcc_chat_get_type ())
G_DECLARE_FINAL_TYPE (WccChat, wcc_chat, WCC, CHAT, GObject)

/* Properties: "unread" uint, the unread messages of every conversation (notified).
 * Signals:
 *   message (WccRecord *message): a message arrived (also the user's own, as the server
 *       stored it), after its conversation's unread count went up;
 *   temporary-push (WccRecord *push): a leader's temporary message, to show for its
 *       "duration" seconds;
 *   loaded (): the lists were read (again). */

/* Asks the session's event stream for presence (before wcc_session_start(), or it
 * reconnects) and reads the lists. */
WccChat      *wcc_chat_new                  (WccSession    *session);
WccSession   *wcc_chat_get_session          (WccChat       *self);
/* Reads the users, conversations and fixed push messages again (done after a resync). */
void          wcc_chat_reload               (WccChat       *self);

/* GListModels of WccRecord: ChatUser, Conversation, and Push (its "id" is its group's id)
 * of docs/api.md. */
GListModel   *wcc_chat_get_users            (WccChat       *self);
GListModel   *wcc_chat_get_conversations    (WccChat       *self);
GListModel   *wcc_chat_get_fixed_pushes     (WccChat       *self);
guint         wcc_chat_get_unread           (WccChat       *self);
WccRecord    *wcc_chat_find_conversation    (WccChat       *self,
                                             gint64         conversation_id);

/* The conversation's messages, newest first, paged from the server. */
WccPagedList *wcc_chat_new_history          (WccChat       *self,
                                             gint64         conversation_id);
/* Through the outbox with a client message id: a retry is stored once. Finish with
 * wcc_session_write_finish() on the session. */
void          wcc_chat_send_async           (WccChat       *self,
                                             gint64         conversation_id,
                                             const char    *text,
                                             const char    *client_msg_id,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
/* Everything of the conversation is read: its count drops at once, the server hears it. */
void          wcc_chat_mark_read            (WccChat       *self,
                                             gint64         conversation_id);
/* The direct conversation with @user_id (started when new) → WccRecord (in the list). */
void          wcc_chat_open_direct_async    (WccChat       *self,
                                             gint64         user_id,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
WccRecord    *wcc_chat_open_direct_finish   (WccChat       *self,
                                             GAsyncResult  *result,
                                             GError       **error);
/* A leader's push message to a group chat: @fixed, or temporary for @duration seconds
 * (0: the server's 30). Finish with wcc_session_write_finish(). */
void          wcc_chat_push_async           (WccChat       *self,
                                             gint64         conversation_id,
                                             gboolean       fixed,
                                             const char    *text,
                                             guint          duration,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
void          wcc_chat_clear_push_async     (WccChat       *self,
                                             gint64         conversation_id,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
/* People and messages containing @query → {"people", "messages"}. */
void          wcc_chat_search_async         (WccChat       *self,
                                             const char    *query,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
JsonObject   *wcc_chat_search_finish        (WccChat       *self,
                                             GAsyncResult  *result,
                                             GError       **error);

G_END_DECLS
