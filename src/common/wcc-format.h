/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-format.h: dates, times, durations and numbers as the user's language and locale write
 * them. Only for what users read: the API, CSV files and file names keep their machine forms
 * (wcc-time.h's RFC 3339, ISO days). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WCC_DATE_STYLE_DATE,          /* 3/5/26 · 2026年3月5日 */
  WCC_DATE_STYLE_TIME,          /* 14:07 */
  WCC_DATE_STYLE_DATE_TIME,     /* 03/05/26 14:07 · 2026年3月5日 14:07 */
  WCC_DATE_STYLE_SHORT,         /* for lists: today the time, this year month and day, else the date */
  WCC_DATE_STYLE_DUE,           /* an appointment: today "Today 14:07", else the date and time */
  WCC_DATE_STYLE_WEEKDAY_DATE,  /* Thu 2026-03-05 · 2026年3月5日 星期四 */
  WCC_DATE_STYLE_AXIS_HOUR,     /* a chart's axis: 14:00 */
  WCC_DATE_STYLE_AXIS_DAY,      /* a chart's axis: 03-05 · 3月5日 */
} WccDateStyle;

char *wcc_format_date_time_at (GDateTime    *time,
                               WccDateStyle  style,
                               GDateTime    *now);
char *wcc_format_date_time    (GDateTime    *time,
                               WccDateStyle  style);
char *wcc_format_unix         (gint64        unix_seconds,
                               WccDateStyle  style);
char *wcc_format_duration     (gint64        seconds);
char *wcc_format_integer      (gint64        value);
char *wcc_format_decimal      (double        value,
                               guint         digits);
char *wcc_format_percent      (double        value,
                               guint         digits);

G_END_DECLS
