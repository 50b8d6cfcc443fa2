/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report-chart.h: a report's series as a chart drawn with GtkSnapshot and cairo:
 * answered and abandoned calls as bars per hour or day, the average wait as a line on its
 * own axis, with axes, labels and a legend, in the theme's colours (dark style too). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WCC_TYPE_REPORT_CHART (wcc_report_chart_get_type ())
G_DECLARE_FINAL_TYPE (WccReportChart, wcc_report_chart, WCC, REPORT_CHART, GtkWidget)

GtkWidget *wcc_report_chart_new        (void);
/* @series: of WccReportRow (points), per hour when @hourly, else per day. */
void       wcc_report_chart_set_series (WccReportChart *self,
                                        GListModel     *series,
                                        gboolean        hourly);

/* What the last drawing showed (for tests and accessibility): its points, and for each
 * the answered and abandoned bars' heights in pixels, the average wait plotted, and where
 * its label under the axis went (from x to x, both 0 when the point has none). */
typedef struct {
  double answered, abandoned, avg_wait;
  double answered_height, abandoned_height;
  double label_start, label_end;
} WccReportChartPoint;

guint      wcc_report_chart_get_n_drawn (WccReportChart *self);
const WccReportChartPoint *wcc_report_chart_get_drawn (WccReportChart *self,
                                        guint           index);

G_END_DECLS
