/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone-panel.h: the softphone side pane: dial pad, incoming call with its customer, call controls. */
#pragma once

#include <adwaita.h>

#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_SOFTPHONE_PANEL (wcc_softphone_panel_get_type ())
G_DECLARE_FINAL_TYPE (WccSoftphonePanel, wcc_softphone_panel, WCC, SOFTPHONE_PANEL, AdwBin)

/* Signals: toast (const char *message). The idle pane switches between Keypad, Recent
 * (the call log) and Contacts (views_stack). Actions (group "phone"): key(s), dial, redial,
 * backspace, clear, answer, decline, hang-up, mute, hold, dtmf(s), blind-transfer, consult,
 * complete-transfer, return. */

void          wcc_softphone_panel_set_softphone (WccSoftphonePanel *self,
                                                 WccSoftphone      *softphone);
WccSoftphone *wcc_softphone_panel_get_softphone (WccSoftphonePanel *self);
/* Puts the keyboard focus on the number (the dial pad's shortcut). */
void          wcc_softphone_panel_focus_number  (WccSoftphonePanel *self);
/* A tel: or sip: link opened with the application: its number goes to the dial pad and a
 * dialog asks before calling (never dials by itself); a link that cannot be called says
 * why. */
void          wcc_softphone_panel_offer_link    (WccSoftphonePanel *self,
                                                 const char        *uri);
/* Opens the transfer popover during a call. */
void          wcc_softphone_panel_show_transfer (WccSoftphonePanel *self);

G_END_DECLS
