/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-notification-center.h: the logged-in user's notifications (S13), kept live from the
 * event stream: the newest ones, the unread count, marking read through the outbox. */
#pragma once

#include "wcc-session.h"

G_BEGIN_DECLS

#define WCC_TYPE_NOTIFICATION_CENTER (wcc_notification_center_get_type ())
G_DECLARE_FINAL_TYPE (WccNotificationCenter, wcc_notification_center, WCC, NOTIFICATION_CENTER, GObject)

/* Properties: "unread" uint: how many are unread (the server's count).
 * Signals: arrived (WccRecord *notification): a new one came on the event stream. */

WccNotificationCenter *wcc_notification_center_new (WccSession *session);
/* The newest notifications (WccRecord of the API's Notification), newest first. */
GListModel   *wcc_notification_center_get_items   (WccNotificationCenter *self);
guint         wcc_notification_center_get_unread  (WccNotificationCenter *self);
void          wcc_notification_center_reload      (WccNotificationCenter *self);
/* Marks one read at once here and on the server (through the outbox: offline it waits). */
void          wcc_notification_center_mark_read   (WccNotificationCenter *self,
                                                   gint64                 notification_id);
void          wcc_notification_center_mark_all_read (WccNotificationCenter *self);

G_END_DECLS
