/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-announcements-card.h: the dashboard's announcements board (S17). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_ANNOUNCEMENTS_CARD (wcc_announcements_card_get_type ())
G_DECLARE_FINAL_TYPE (WccAnnouncementsCard, wcc_announcements_card, WCC, ANNOUNCEMENTS_CARD, AdwBin)

void        wcc_announcements_card_set_session (WccAnnouncementsCard *self,
                                                WccSession           *session);
void        wcc_announcements_card_reload      (WccAnnouncementsCard *self);
/* The board (WccRecord of the API's Announcement), newest first. */
GListModel *wcc_announcements_card_get_items   (WccAnnouncementsCard *self);

G_END_DECLS
