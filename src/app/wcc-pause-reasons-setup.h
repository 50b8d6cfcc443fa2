/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-pause-reasons-setup.h: a section of the client admin's Set-up page (issue 9): the pause reasons agents choose, in their order. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_PAUSE_REASONS_SETUP (wcc_pause_reasons_setup_get_type ())
G_DECLARE_FINAL_TYPE (WccPauseReasonsSetup, wcc_pause_reasons_setup, WCC, PAUSE_REASONS_SETUP, AdwBin)

GtkWidget  *wcc_pause_reasons_setup_new         (void);
/* Loads the list and keeps it live from the session's events. */
void        wcc_pause_reasons_setup_set_session (WccPauseReasonsSetup *self,
                                                 WccSession           *session);
void        wcc_pause_reasons_setup_reload      (WccPauseReasonsSetup *self);

G_END_DECLS
