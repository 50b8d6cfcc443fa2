/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reports-page.h: the summary report of the groups a leader leads or of the whole
 * client (R4), and an agent's own statistics (R2): a period (today, yesterday, this week,
 * the last 7 days, or days chosen on calendars), a group or agent filter, a chart, sortable
 * tables by agent and by group, and the CSV export. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-report-chart.h"

G_BEGIN_DECLS

#define WCC_TYPE_REPORTS_PAGE (wcc_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (WccReportsPage, wcc_reports_page, WCC, REPORTS_PAGE, AdwBin)

/* Sets the user's client and loads today's report. */
void            wcc_reports_page_set_client (WccReportsPage *self,
                                             WccClient      *client);
WccReport      *wcc_reports_page_get_report (WccReportsPage *self);
/* Saves the report shown as CSV to @file (what the file chooser's answer does). */
void            wcc_reports_page_export_to  (WccReportsPage *self,
                                             GFile          *file);

G_END_DECLS
