/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-notification-bell.h: the notification centre in the header bar (S13). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_NOTIFICATION_BELL (wcc_notification_bell_get_type ())
G_DECLARE_FINAL_TYPE (WccNotificationBell, wcc_notification_bell, WCC, NOTIFICATION_BELL, AdwBin)

void                   wcc_notification_bell_set_session (WccNotificationBell *self,
                                                          WccSession          *session);
WccNotificationCenter *wcc_notification_bell_get_center  (WccNotificationBell *self);
/* The heading of a notification: the desktop's own for the kinds it knows. */
const char            *wcc_notification_bell_heading     (WccRecord           *notification);

G_END_DECLS
