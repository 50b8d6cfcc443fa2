/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report-row.h: one row of a summary report (R4) or personal statistics (R2) — a
 * group, an agent, the totals or one point of the series — with its figures as
 * properties (for sorting and binding). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WCC_TYPE_REPORT_ROW (wcc_report_row_get_type ())
G_DECLARE_FINAL_TYPE (WccReportRow, wcc_report_row, WCC, REPORT_ROW, GObject)

/* @object (NULL: zeros): a row, the total or a series point of GET /api/v1/reports/summary. */
WccReportRow *wcc_report_row_new_from_json      (JsonObject   *object);

gint64        wcc_report_row_get_id             (WccReportRow *self);
const char   *wcc_report_row_get_name           (WccReportRow *self);
const char   *wcc_report_row_get_employee_id    (WccReportRow *self);
/* Series points: the start of the hour or day (Unix seconds). */
gint64        wcc_report_row_get_start          (WccReportRow *self);
/* A figure by its property name ("offered", "avg-wait" …), as a double. */
double        wcc_report_row_get_figure         (WccReportRow *self,
                                                 const char   *name);
/* Seconds of pause with @reason_id (0: a reason no longer known). */
gint64        wcc_report_row_get_pause_seconds  (WccReportRow *self,
                                                 gint64        reason_id);

G_END_DECLS
