/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-knowledge-page.h: the knowledge base (S11, S12): home with categories, search, an
 * item with its attachments, the history of opened items, adding knowledge and "my
 * submissions" with their review state. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_KNOWLEDGE_PAGE (wcc_knowledge_page_get_type ())
G_DECLARE_FINAL_TYPE (WccKnowledgePage, wcc_knowledge_page, WCC, KNOWLEDGE_PAGE, AdwBin)

/* Loads the home (categories with counts, recent and popular items). */
void        wcc_knowledge_page_set_client  (WccKnowledgePage *self,
                                            WccClient        *client);
/* Shows an item (and keeps it in the user's history when it is approved). */
void        wcc_knowledge_page_open_item   (WccKnowledgePage *self,
                                            gint64            item_id);
/* The item shown, 0 when none. */
gint64      wcc_knowledge_page_get_item_id (WccKnowledgePage *self);

G_END_DECLS
