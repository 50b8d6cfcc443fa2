/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-main-window.h: the main window: status bar on top, menu on the left, workspace. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_MAIN_WINDOW (wcc_main_window_get_type ())
G_DECLARE_FINAL_TYPE (WccMainWindow, wcc_main_window, WCC, MAIN_WINDOW, AdwApplicationWindow)

/* Signals:
 *   logged-out: the user confirmed logging out and the session has ended;
 *   session-ended: the server ended the session (elsewhere, expiry, reset). */

/* @client: logged in (it holds the token and the user). */
WccMainWindow  *wcc_main_window_new             (AdwApplication *application,
                                                 WccClient      *client);
WccClient      *wcc_main_window_get_client      (WccMainWindow  *self);
WccEventStream *wcc_main_window_get_events      (WccMainWindow  *self);
/* The logged-in user's session (state, sign-ins, outbox); stopped at logout. */
WccSession     *wcc_main_window_get_session     (WccMainWindow  *self);
/* What the customers' tabs have not saved (a line per tab), or NULL. */
char           *wcc_main_window_get_unsaved     (WccMainWindow  *self);
typedef void (*WccDiscardFunc) (gpointer data);
/* When the tabs have work not saved, asks (@heading, the lines of what would be lost, Keep
 * Editing or @confirm) and returns TRUE: @then runs if the user confirms. FALSE: nothing
 * would be lost, nothing asked. */
gboolean        wcc_main_window_ask_discard     (WccMainWindow  *self,
                                                 const char     *heading,
                                                 const char     *confirm,
                                                 WccDiscardFunc  then,
                                                 gpointer        data);
/* Chat and the leaders' push messages (S14, S15) of the session. */
WccChat        *wcc_main_window_get_chat        (WccMainWindow  *self);
gboolean        wcc_main_window_get_compact     (WccMainWindow  *self);
/* Actions for the other pages: win.open-customer (x: customer id) opens or focuses the
 * customer's tab; win.call-customer ((xs): customer id, number as typed) dials the number
 * for the customer and opens its tab, which keeps the call; win.new-customer (x: task id)
 * opens a tab to add a customer (C5). */

/* Shows the workspace page "profile", "team" or "work". */
void            wcc_main_window_show_page       (WccMainWindow  *self,
                                                 const char     *name);
void            wcc_main_window_add_toast       (WccMainWindow  *self,
                                                 const char     *message);
/* The application's softphone for this session: the status bar's switch and the pane. */
void            wcc_main_window_set_softphone   (WccMainWindow  *self,
                                                 WccSoftphone   *softphone);
WccSoftphone   *wcc_main_window_get_softphone   (WccMainWindow  *self);
/* The keyboard shortcuts window (win.show-shortcuts, Ctrl+?), built when first asked for. */
GtkShortcutsWindow *wcc_main_window_get_shortcuts_window (WccMainWindow *self);
/* Opens the softphone pane (without moving the keyboard focus). */
void            wcc_main_window_show_softphone  (WccMainWindow  *self);
/* A tel: or sip: link: the pane shows its number and asks before calling. */
void            wcc_main_window_offer_dial_link (WccMainWindow  *self,
                                                 const char     *uri);

G_END_DECLS
