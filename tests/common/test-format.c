/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-format.c: dates, times, durations and numbers as each language and locale writes them
 * (src/common/wcc-format.c), with the project's translations from the build tree. The locales
 * come from build-aux/wcc-deps: one missing is a failure, not a skip. */
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "wcc-format.h"
#include "wcc-time.h"
#include "wcc-test-util.h"

typedef struct {
  const char *language;   /* LANGUAGE, NULL: none (the app's English) */
  const char *locale;
  const char *date, *time, *date_time, *month_day, *weekday_date, *axis_hour, *axis_day, *today;
  const char *integer, *negative, *decimal, *percent;
} Expected;

static const Expected expected[] = {
  { NULL, "C.UTF-8",
    "03/05/26", "14:07", "03/05/26 14:07", "Mar 5", "Thu 2026-03-05", "14:00", "03-05", "Today 14:07",
    "12,345", "-1,234,567", "1,234.5", "12.5%" },
  { "zh_CN", "zh_CN.UTF-8",
    "2026年3月5日", "14:07", "2026年3月5日 14:07", "3月5日", "2026年3月5日 星期四", "14:00", "3月5日", "今天 14:07",
    "12,345", "-1,234,567", "1,234.5", "12.5%" },
  { "ja", "ja_JP.UTF-8",
    "2026年3月5日", "14:07", "2026年3月5日 14:07", "3月5日", "2026年3月5日(木)", "14:00", "3/5", "今日 14:07",
    "12,345", "-1,234,567", "1,234.5", "12.5%" },
  /* No German translation: English patterns, but the locale's names and separators. */
  { NULL, "de_DE.UTF-8",
    "05.03.2026", "14:07", "05.03.2026 14:07", "Mär 5", "Do 2026-03-05", "14:00", "03-05", "Today 14:07",
    "12.345", "-1.234.567", "1.234,5", "12,5%" },
};

/* The process speaks LANGUAGE in LOCALE now; FALSE (and the test failed) when the system
 * lacks the locale or the translations are not built. */
static gboolean
use_locale (const char *language,
            const char *locale)
{
  g_autofree char *po_dir = g_build_filename (g_getenv ("WCC_BUILD_ROOT"), "po", NULL);

  if (language != NULL)
    {
      g_autofree char *mo = g_strdup_printf ("%s/%s/LC_MESSAGES/%s.mo", po_dir, language, GETTEXT_PACKAGE);

      if (!g_file_test (mo, G_FILE_TEST_EXISTS))
        {
          g_test_fail_printf ("no %s: the translations are not built", mo);
          return FALSE;
        }
      g_setenv ("LANGUAGE", language, TRUE);
    }
  else
    g_unsetenv ("LANGUAGE");
  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_test_fail_printf ("the locale %s is missing: run build-aux/wcc-deps", locale);
      return FALSE;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

static void
assert_styles (const Expected *want)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 3, 5, 14, 7, 9);
  g_autoptr(GDateTime) later_today = g_date_time_new_utc (2026, 3, 5, 20, 0, 0);
  g_autoptr(GDateTime) this_year = g_date_time_new_utc (2026, 11, 28, 9, 0, 0);
  g_autoptr(GDateTime) next_year = g_date_time_new_utc (2027, 1, 2, 9, 0, 0);
  struct { WccDateStyle style; GDateTime *now; const char *text; } cases[] = {
    { WCC_DATE_STYLE_DATE, this_year, want->date },
    { WCC_DATE_STYLE_TIME, this_year, want->time },
    { WCC_DATE_STYLE_DATE_TIME, this_year, want->date_time },
    { WCC_DATE_STYLE_SHORT, later_today, want->time },
    { WCC_DATE_STYLE_SHORT, this_year, want->month_day },
    { WCC_DATE_STYLE_SHORT, next_year, want->date },
    { WCC_DATE_STYLE_DUE, later_today, want->today },
    { WCC_DATE_STYLE_DUE, this_year, want->date_time },
    { WCC_DATE_STYLE_WEEKDAY_DATE, this_year, want->weekday_date },
    { WCC_DATE_STYLE_AXIS_HOUR, this_year, want->axis_hour },
    { WCC_DATE_STYLE_AXIS_DAY, this_year, want->axis_day },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = wcc_format_date_time_at (time, cases[i].style, cases[i].now);

      g_test_message ("%s: style %d → %s", want->locale, cases[i].style, text);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
assert_numbers (const Expected *want)
{
  struct { char *text; const char *want; } cases[] = {
    { wcc_format_integer (12345), want->integer },
    { wcc_format_integer (-1234567), want->negative },
    { wcc_format_integer (999), "999" },
    { wcc_format_integer (0), "0" },
    { wcc_format_decimal (1234.5, 1), want->decimal },
    { wcc_format_percent (12.5, 1), want->percent },
    /* rounds to nothing: no "-" */
    { wcc_format_decimal (-0.04, 1), g_str_has_suffix (want->decimal, ",5") ? "0,0" : "0.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s: %s (want %s)", want->locale, cases[i].text, cases[i].want);
      g_assert_cmpstr (cases[i].text, ==, cases[i].want);
      g_free (cases[i].text);
    }
}

static const struct {
  gint64 seconds;
  const char *text;
} durations[] = {
  { 0, "0:00" }, { 65, "1:05" }, { 3599, "59:59" }, { 3725, "1:02:05" }, { 36000, "10:00:00" }, { -5, "0:00" },
};

static void
test_locale (gconstpointer data)
{
  const Expected *want = data;
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 3, 5, 14, 7, 9);
  g_autofree char *machine = NULL;
  g_autofree char *none = NULL;

  /* GLib decides once per process whether to translate at all (g_dgettext): each language
   * in a process of its own. */
  if (!g_test_subprocess ())
    {
      const char *before = setlocale (LC_ALL, NULL);
      g_autofree char *saved = g_strdup (before);

      if (setlocale (LC_ALL, want->locale) == NULL)
        {
          g_test_fail_printf ("the locale %s is missing: run build-aux/wcc-deps", want->locale);
          return;
        }
      setlocale (LC_ALL, saved);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  if (!use_locale (want->language, want->locale))
    return;
  assert_styles (want);
  assert_numbers (want);
  /* Durations read the same everywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = wcc_format_duration (durations[i].seconds);
      g_assert_cmpstr (text, ==, durations[i].text);
    }
  /* Unix seconds in the local zone (TZ=UTC here); none is "". */
  none = wcc_format_unix (0, WCC_DATE_STYLE_DATE_TIME);
  g_assert_cmpstr (none, ==, "");
  {
    g_autofree char *text = wcc_format_unix (g_date_time_to_unix (time), WCC_DATE_STYLE_DATE_TIME);
    g_assert_cmpstr (text, ==, want->date_time);
  }
  /* What machines read does not follow the locale. */
  machine = wcc_time_to_rfc3339 (g_date_time_to_unix (time));
  g_assert_cmpstr (machine, ==, "2026-03-05T14:07:09Z");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/%s", expected[i].locale);

      g_test_add_data_func (path, &expected[i], test_locale);
    }
  return g_test_run ();
}
