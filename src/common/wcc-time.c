/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-time.c: RFC 3339 UTC strings for the API, from and to Unix seconds. */
#define G_LOG_DOMAIN "wcc-time"

#include "wcc-time.h"

char *
wcc_time_to_rfc3339 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

gboolean
wcc_time_from_rfc3339 (const char *text,
                       gint64     *out_unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (out_unix_seconds != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out_unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

gint64
wcc_time_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
wcc_time_today_start (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}
