/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-dashboard-page.h: the page after login: overview, appointments, today's tasks, leaderboard, personal card (D1–D3, D5–D7). */
#pragma once

#include <adwaita.h>

#include "wcc-announcements-card.h"
#include "wcc-api.h"
#include "wcc-todo-card.h"

G_BEGIN_DECLS

#define WCC_TYPE_DASHBOARD_PAGE (wcc_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (WccDashboardPage, wcc_dashboard_page, WCC, DASHBOARD_PAGE, AdwBin)

/* Property "avatar-image" (GdkPaintable): the user's picture, bound from the window.
 * Signal "toast" (const char *message): feedback for the window's toast overlay.
 * Actions (the rows' buttons): "dashboard.open-customer" (x: customer id; activates
 * win.open-customer), "dashboard.change-date" (x: appointment id), "dashboard.reassign"
 * (x: appointment id; leaders). Everything follows the session's event stream. */

void          wcc_dashboard_page_set_session  (WccDashboardPage *self,
                                               WccSession       *session);
/* Reads every part again (after a resync). */
void          wcc_dashboard_page_reload       (WccDashboardPage *self);

/* The lists it shows (for tests and the screenshots). */
WccPagedList *wcc_dashboard_page_get_customer_appointments (WccDashboardPage *self);
WccPagedList *wcc_dashboard_page_get_ticket_appointments   (WccDashboardPage *self);
GListModel   *wcc_dashboard_page_get_tasks                 (WccDashboardPage *self);
GListModel   *wcc_dashboard_page_get_leaderboard           (WccDashboardPage *self);

/* The to-do card (D4) and the announcements board (S17). */
WccTodoCard      *wcc_dashboard_page_get_todo_card (WccDashboardPage *self);
WccAnnouncementsCard *wcc_dashboard_page_get_announcements_card (WccDashboardPage *self);

G_END_DECLS
