/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-format.c: dates, times, durations and numbers as the user's language and locale write
 * them (the one place the app formats them for reading). */
#define G_LOG_DOMAIN "wcc-format"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

#include "wcc-format.h"

/* ---- dates and times ---------------------------------------------------------------- */

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* The strftime pattern of a style, untranslated (N_): gettext gives the language's, which
 * the locale's names fill (LC_TIME: %a, %b, %x). */
static const char *
pattern (WccDateStyle  style,
         GDateTime    *time,
         GDateTime    *now)
{
  switch (style)
    {
    case WCC_DATE_STYLE_DATE:
      /* Translators: a day. A GLib strftime pattern: %x is the locale's
       * own date, %Y the year, %m / %-m the month with / without a leading zero, %d / %-d the
       * day, %a / %A the weekday's short / full name, %b the month's short name. Chinese and
       * Japanese: "%Y年%-m月%-d日". */
      /* xgettext:no-c-format */
      return N_("%x");
    case WCC_DATE_STYLE_TIME:
      /* Translators: a time of day. A GLib strftime pattern: %H the hour
       * 00–23, %M the minutes; %I the hour 01–12 and %p AM / PM. */
      /* xgettext:no-c-format */
      return N_("%H:%M");
    case WCC_DATE_STYLE_DATE_TIME:
      /* Translators: a day and time. A GLib strftime pattern, see "%x"
       * and "%H:%M". Chinese and Japanese: "%Y年%-m月%-d日 %H:%M". */
      /* xgettext:no-c-format */
      return N_("%x %H:%M");
    case WCC_DATE_STYLE_SHORT:
      if (same_day (time, now))
        return pattern (WCC_DATE_STYLE_TIME, time, now);
      if (g_date_time_get_year (time) == g_date_time_get_year (now))
        /* Translators: a day of this year in a list, without the year.
         * A GLib strftime pattern: %b the month's short name, %-d the day without a leading
         * zero, %-m the month's number. Chinese and Japanese: "%-m月%-d日". */
        /* xgettext:no-c-format */
        return N_("%b %-d");
      return pattern (WCC_DATE_STYLE_DATE, time, now);
    case WCC_DATE_STYLE_DUE:
      if (same_day (time, now))
        /* Translators: an appointment due today, at this time of day. A GLib strftime
         * pattern: "Today" is text, %H the hour 00–23, %M the minutes. */
        /* xgettext:no-c-format */
        return N_("Today %H:%M");
      return pattern (WCC_DATE_STYLE_DATE_TIME, time, now);
    case WCC_DATE_STYLE_WEEKDAY_DATE:
      /* Translators: a day with its weekday, e.g. a report's period.
       * A GLib strftime pattern: %a / %A the weekday's short / full name, see "%x".
       * Chinese: "%Y年%-m月%-d日 %A"; Japanese: "%Y年%-m月%-d日(%a)". */
      /* xgettext:no-c-format */
      return N_("%a %Y-%m-%d");
    case WCC_DATE_STYLE_AXIS_HOUR:
      /* Translators: an hour on a chart's axis. A GLib strftime
       * pattern: %H the hour 00–23. */
      /* xgettext:no-c-format */
      return N_("%H:00");
    case WCC_DATE_STYLE_AXIS_DAY:
      /* Translators: a day on a chart's axis, short. A GLib strftime
       * pattern: %m / %-m the month with / without a leading zero, %d / %-d the day. */
      /* xgettext:no-c-format */
      return N_("%m-%d");
    default:
      g_return_val_if_reached ("%x");
    }
}

/* TIME as STYLE, in TIME's own time zone; NOW decides the short form. */
char *
wcc_format_date_time_at (GDateTime    *time,
                         WccDateStyle  style,
                         GDateTime    *now)
{
  const char *english;
  char *text;

  g_return_val_if_fail (now != NULL, NULL);

  if (time == NULL)
    return g_strdup ("");
  english = pattern (style, time, now);
  text = g_date_time_format (time, _(english));
  /* A translation with a pattern GLib cannot read: the English one rather than nothing. */
  return text != NULL ? text : g_date_time_format (time, english);
}

char *
wcc_format_date_time (GDateTime    *time,
                      WccDateStyle  style)
{
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup ("");
  now = g_date_time_new_now (g_date_time_get_timezone (time));
  return wcc_format_date_time_at (time, style, now);
}

/* Unix seconds in the local time zone; "" for none (0 or less). */
char *
wcc_format_unix (gint64       unix_seconds,
                 WccDateStyle style)
{
  g_autoptr(GDateTime) time = unix_seconds > 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  return wcc_format_date_time (time, style);
}

/* ---- durations ---------------------------------------------------------------------- */

/* m:ss under an hour, h:mm:ss from an hour on: the same digits in every language. */
char *
wcc_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}

/* ---- numbers ------------------------------------------------------------------------ */

/* LC_NUMERIC's thousands separator and grouping. The C locale has none; it stands for
 * English here (the app's own language), which groups by three with ",". */
static void
numeric_conventions (const char **out_separator,
                     const char **out_grouping,
                     const char **out_point)
{
  const struct lconv *conv = localeconv ();
  const char *numeric = setlocale (LC_NUMERIC, NULL);

  *out_separator = conv->thousands_sep;
  *out_grouping = conv->grouping;
  *out_point = conv->decimal_point != NULL && *conv->decimal_point ? conv->decimal_point : ".";
  if ((*out_separator == NULL || **out_separator == '\0') &&
      (numeric == NULL || g_str_equal (numeric, "C") || g_str_equal (numeric, "POSIX") ||
       g_str_has_prefix (numeric, "C.")))
    {
      *out_separator = ",";
      *out_grouping = "\3";
    }
}

/* DIGITS (ASCII, no sign) with the locale's separators appended to TEXT. */
static void
append_grouped (GString    *text,
                const char *digits,
                const char *separator,
                const char *grouping)
{
  gsize length = strlen (digits);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize position = length;
  guint size = 0;

  /* Where the separators go, from the right: each byte of GROUPING is a group's size, the
   * last one repeats, CHAR_MAX ends the grouping. */
  if (separator != NULL && *separator != '\0' && grouping != NULL)
    for (const char *g = grouping; ; )
      {
        if (*g == CHAR_MAX || (*g == 0 && size == 0) || *g < 0)
          break;
        if (*g != 0)
          size = (guchar) *g++;
        if (position <= size)
          break;
        position -= size;
        g_array_prepend_val (breaks, position);
      }
  position = 0;
  for (guint i = 0; i < breaks->len; i++)
    {
      gsize next = g_array_index (breaks, gsize, i);

      g_string_append_len (text, digits + position, next - position);
      g_string_append (text, separator);
      position = next;
    }
  g_string_append (text, digits + position);
}

/* VALUE rounded to DIGITS decimals, grouped, with the locale's decimal point. */
char *
wcc_format_decimal (double value,
                    guint  digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 64];
  g_autofree char *format = g_strdup_printf ("%%.%uf", MIN (digits, 9u));
  const char *separator, *grouping, *point;
  GString *text = g_string_new (NULL);
  char *dot;
  char *number = buffer;

  numeric_conventions (&separator, &grouping, &point);
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  if (*number == '-')
    {
      /* "-0" after rounding is 0. */
      if (strspn (number + 1, "0.") != strlen (number + 1))
        g_string_append_c (text, '-');
      number++;
    }
  dot = strchr (number, '.');
  if (dot != NULL)
    *dot = '\0';
  append_grouped (text, number, separator, grouping);
  if (dot != NULL)
    {
      g_string_append (text, point);
      g_string_append (text, dot + 1);
    }
  return g_string_free (text, FALSE);
}

char *
wcc_format_integer (gint64 value)
{
  char digits[32];
  const char *separator, *grouping, *point;
  GString *text = g_string_new (value < 0 ? "-" : NULL);

  numeric_conventions (&separator, &grouping, &point);
  /* Through guint64: -G_MININT64 does not fit. */
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value < 0 ? -(guint64) value : (guint64) value);
  append_grouped (text, digits, separator, grouping);
  return g_string_free (text, FALSE);
}

/* VALUE percent (12.5 → "12.5%"). */
char *
wcc_format_percent (double value,
                    guint  digits)
{
  g_autofree char *number = wcc_format_decimal (value, digits);

  /* Translators: a percentage, %s is the number (e.g. "12.5"); "%s %%" puts a space before
   * the sign, "%%" is the sign itself. */
  return g_strdup_printf (_("%s%%"), number);
}
