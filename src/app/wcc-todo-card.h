/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-todo-card.h: the dashboard's to-do card (D4). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_TO_DO_CARD (wcc_todo_card_get_type ())
G_DECLARE_FINAL_TYPE (WccTodoCard, wcc_todo_card, WCC, TO_DO_CARD, AdwBin)

void        wcc_todo_card_set_session (WccTodoCard *self,
                                       WccSession  *session);
void        wcc_todo_card_reload      (WccTodoCard *self);
/* The user's to-dos (WccRecord of the API's Todo), newest first. */
GListModel *wcc_todo_card_get_items   (WccTodoCard *self);

G_END_DECLS
