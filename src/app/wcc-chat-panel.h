/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-chat-panel.h: the chat side pane (S14): Users (the group chats of the agent's groups,
 * colleagues with presence and agent state), Contacts (direct conversations), search of
 * people and history, one conversation paged as it scrolls up, and the leader's bell for
 * push messages (S15). A side pane, not a page: agents chat while a customer stays open. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_CHAT_PANEL (wcc_chat_panel_get_type ())
G_DECLARE_FINAL_TYPE (WccChatPanel, wcc_chat_panel, WCC, CHAT_PANEL, AdwBin)

/* Signal: toast (const char *message). */
void          wcc_chat_panel_set_chat           (WccChatPanel *self,
                                                 WccChat      *chat);
/* Shows the conversation (for the tests and links). */
void          wcc_chat_panel_open_conversation  (WccChatPanel *self,
                                                 gint64        conversation_id);
gint64        wcc_chat_panel_get_conversation   (WccChatPanel *self);

G_END_DECLS
