/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report.h: the summary report of a period (R4) or the user's own statistics (R2),
 * read from GET /api/v1/reports/summary: rows by group and by agent, the totals, a series
 * (per hour for one day, per day otherwise) and the client's pause reasons met; its CSV
 * saved to a file. Days are the server's local days (YYYY-MM-DD). */
#pragma once

#include <gio/gio.h>

#include "wcc-client.h"
#include "wcc-report-row.h"

G_BEGIN_DECLS

#define WCC_TYPE_REPORT (wcc_report_get_type ())
G_DECLARE_FINAL_TYPE (WccReport, wcc_report, WCC, REPORT, GObject)

WccReport    *wcc_report_new            (WccClient    *client);
/* The period and filters of the next load; @group_id / @agent_id 0: all the caller sees. */
void          wcc_report_set_query      (WccReport    *self,
                                         GDate        *from,
                                         GDate        *to,
                                         gint64        group_id,
                                         gint64        agent_id);
/* Reads the report again (an earlier read still going is cancelled); "loaded" follows. */
void          wcc_report_load           (WccReport    *self);
gboolean      wcc_report_get_loading    (WccReport    *self);
/* The last read's error message; NULL after a good one. */
const char   *wcc_report_get_error      (WccReport    *self);
/* Of the last good read: */
GListModel   *wcc_report_get_groups     (WccReport    *self);   /* of WccReportRow */
GListModel   *wcc_report_get_agents     (WccReport    *self);   /* of WccReportRow */
GListModel   *wcc_report_get_series     (WccReport    *self);   /* of WccReportRow, by start */
WccReportRow *wcc_report_get_total      (WccReport    *self);
gboolean      wcc_report_get_hourly     (WccReport    *self);
/* "agent" (one agent's statistics) or "groups". */
const char   *wcc_report_get_scope      (WccReport    *self);
/* The pause reasons any row has time in: their ids and labels, in the client's order. */
guint         wcc_report_get_n_reasons  (WccReport    *self);
gint64        wcc_report_get_reason_id  (WccReport    *self,
                                         guint         index);
const char   *wcc_report_get_reason_label (WccReport  *self,
                                         guint         index);

/* The same report (period and filters of the last load) as CSV, written to @file; the
 * download and the write run off the main loop. */
void          wcc_report_export_async   (WccReport           *self,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean      wcc_report_export_finish  (WccReport           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
