/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-groups-setup.h: a section of the client admin's Set-up page (issue 9): the agent groups with their members and leaders. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_GROUPS_SETUP (wcc_groups_setup_get_type ())
G_DECLARE_FINAL_TYPE (WccGroupsSetup, wcc_groups_setup, WCC, GROUPS_SETUP, AdwBin)

GtkWidget  *wcc_groups_setup_new         (void);
/* Loads the list and keeps it live from the session's events. */
void        wcc_groups_setup_set_session (WccGroupsSetup *self,
                                          WccSession     *session);
void        wcc_groups_setup_reload      (WccGroupsSetup *self);

G_END_DECLS
