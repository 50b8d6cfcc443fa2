/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-queues-setup.h: a section of the client admin's Set-up page (issue 9): each group's queue number and ACD settings. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_QUEUES_SETUP (wcc_queues_setup_get_type ())
G_DECLARE_FINAL_TYPE (WccQueuesSetup, wcc_queues_setup, WCC, QUEUES_SETUP, AdwBin)

GtkWidget  *wcc_queues_setup_new         (void);
/* Loads the list and keeps it live from the session's events. */
void        wcc_queues_setup_set_session (WccQueuesSetup *self,
                                          WccSession     *session);
void        wcc_queues_setup_reload      (WccQueuesSetup *self);

G_END_DECLS
