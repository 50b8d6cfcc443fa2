/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-team-page.h: the members of the groups a leader or client admin oversees. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_TEAM_PAGE (wcc_team_page_get_type ())
G_DECLARE_FINAL_TYPE (WccTeamPage, wcc_team_page, WCC, TEAM_PAGE, AdwBin)

void        wcc_team_page_set_client  (WccTeamPage *self,
                                       WccClient   *client);
/* Loads the groups again (after an event or a resync); only for leaders and admins. */
void        wcc_team_page_reload      (WccTeamPage *self);
/* The groups shown (a GListModel of WccGroup), NULL before the first load. */
GListModel *wcc_team_page_get_groups  (WccTeamPage *self);

G_END_DECLS
