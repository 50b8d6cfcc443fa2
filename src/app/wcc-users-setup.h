/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-users-setup.h: a section of the client admin's Set-up page (issue 9): the client's users: add, edit, disable, reset a password. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_USERS_SETUP (wcc_users_setup_get_type ())
G_DECLARE_FINAL_TYPE (WccUsersSetup, wcc_users_setup, WCC, USERS_SETUP, AdwBin)

GtkWidget  *wcc_users_setup_new         (void);
/* Loads the list and keeps it live from the session's events. */
void        wcc_users_setup_set_session (WccUsersSetup *self,
                                         WccSession    *session);
void        wcc_users_setup_reload      (WccUsersSetup *self);

G_END_DECLS
