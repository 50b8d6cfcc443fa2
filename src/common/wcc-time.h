/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-time.h: RFC 3339 UTC strings for the API, from and to Unix seconds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *wcc_time_to_rfc3339   (gint64       unix_seconds);
gboolean  wcc_time_from_rfc3339 (const char  *text,
                                 gint64      *out_unix_seconds);
gint64    wcc_time_now          (void);
/* Local midnight of today, in µs since 1970 (g_get_real_time ()'s unit): where "today"'s
 * figures start. */
gint64    wcc_time_today_start  (void);

G_END_DECLS
