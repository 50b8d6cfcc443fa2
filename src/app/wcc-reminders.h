/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reminders.h: desktop notifications shortly before the agent's ticket and customer appointments (D3). */
#pragma once

#include <gio/gio.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_REMINDERS (wcc_reminders_get_type ())
G_DECLARE_FINAL_TYPE (WccReminders, wcc_reminders, WCC, REMINDERS, GObject)

/* Owned by the application for one login session; no widgets, so it reminds with no page
 * or tab open. It reads the user's upcoming appointments (their customer appointments and
 * the open tickets whose appointment they set), follows them on the event stream (booked,
 * moved, reassigned, removed; a resync reads them again) and keeps one timeout, to the next
 * reminder due. A reminder is a GNotification sent through @application whose default
 * action and button open the customer ("app.open-customer", target the customer id).
 *
 * Properties:
 *   "session"       WccSession (construct-only)
 *   "application"   GApplication or NULL (construct-only): where notifications are sent
 *   "lead-minutes"  uint (read-write): how long before the time it reminds
 * Signal:
 *   reminded (const char *kind, gint64 id, gint64 customer_id, GNotification *notification):
 *       a reminder was given; @kind "customer" (@id an appointment) or "ticket". */

WccReminders *wcc_reminders_new              (WccSession    *session,
                                              GApplication  *application);

/* Reads the appointments (again). */
void          wcc_reminders_reload           (WccReminders  *self);

guint         wcc_reminders_get_lead_minutes (WccReminders  *self);
void          wcc_reminders_set_lead_minutes (WccReminders  *self,
                                              guint          minutes);
/* How many appointments it knows of that it has not reminded of yet. */
guint         wcc_reminders_get_n_waiting    (WccReminders  *self);
/* When the next reminder is due (Unix seconds), 0 for none. */
gint64        wcc_reminders_get_next_time    (WccReminders  *self);

G_END_DECLS
