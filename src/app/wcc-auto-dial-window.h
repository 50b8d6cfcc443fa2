/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-auto-dial-window.h: auto-dial (C25): the window that chooses customers and runs the auto-dialer. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-auto-dialer.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_AUTO_DIAL_WINDOW (wcc_auto_dial_window_get_type ())
G_DECLARE_FINAL_TYPE (WccAutoDialWindow, wcc_auto_dial_window, WCC, AUTO_DIAL_WINDOW, AdwWindow)

/* Not modal: the agent works the customer's tab in @parent during the calls. Customers come
 * from My customers (GET /customers?owner=me), chosen by task, dial count and last contact;
 * the countdown between calls is the setting "auto-dial-delay". Each call is placed by
 * activating "win.call-customer" (customer id, number) on @parent unless
 * wcc_auto_dial_window_set_dial_func() gives another way; the next call waits until
 * @softphone (may be NULL) has no current call. Closing the window stops the run. */
WccAutoDialWindow *wcc_auto_dial_window_new           (GtkWindow         *parent,
                                                       WccClient         *client,
                                                       WccSoftphone      *softphone);
/* Replaces how a call is placed (before Start; kept for later runs). */
void               wcc_auto_dial_window_set_dial_func (WccAutoDialWindow *self,
                                                       WccAutoDialFunc    func,
                                                       gpointer           user_data,
                                                       GDestroyNotify     destroy);
/* The customers chosen (WccRecord), as the filters give them. */
GListModel        *wcc_auto_dial_window_get_chosen    (WccAutoDialWindow *self);
/* The run going on or last finished; NULL before Start. */
WccAutoDialer     *wcc_auto_dial_window_get_dialer    (WccAutoDialWindow *self);

G_END_DECLS
