/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-history.h: a customer's saved contact records (C15): funnel stage, call
 * result, note, linked ticket, and the call's recording to play. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-recording-player.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT_HISTORY (wcc_contact_history_get_type ())
G_DECLARE_FINAL_TYPE (WccContactHistory, wcc_contact_history, WCC, CONTACT_HISTORY, AdwBin)

/* Properties: "session" WccSession, "customer" WccRecord. The history loads by itself, or
 * only on refresh when the customer's task says "manual" (C15).
 * Signals: toast (const char *message). */

void                wcc_contact_history_reload     (WccContactHistory *self);
/* A record just saved goes on top. */
void                wcc_contact_history_prepend    (WccContactHistory *self,
                                                    JsonObject        *record);
GListModel         *wcc_contact_history_get_model  (WccContactHistory *self);
WccRecordingPlayer *wcc_contact_history_get_player (WccContactHistory *self);

G_END_DECLS
