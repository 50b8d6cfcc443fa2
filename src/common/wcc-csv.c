/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-csv.c: reading and writing CSV (RFC 4180) as spreadsheets exchange it. */
#define G_LOG_DOMAIN "wcc-csv"

#include <glib/gi18n-lib.h>

#include "wcc-csv.h"
#include "wcc-error.h"

void
wcc_csv_row_free (WccCsvRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->fields);
  g_free (row);
}

static void
finish_row (GPtrArray *rows,
            GPtrArray *fields,
            guint      line)
{
  WccCsvRow *row;

  /* A line with nothing on it is no record. */
  if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }
  g_ptr_array_add (fields, NULL);
  row = g_new0 (WccCsvRow, 1);
  row->fields = (GStrv) g_ptr_array_steal (fields, NULL);
  row->line = line;
  g_ptr_array_add (rows, row);
}

static GPtrArray *
fail (GError     **error,
      guint        line,
      const char  *why)
{
  /* TRANSLATORS: %u is a line number of the file, %s says what is wrong there. */
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Line %u: %s"), line, why);
  return NULL;
}

GPtrArray *
wcc_csv_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_csv_row_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *end, *p;
  const char *invalid = NULL;
  guint line = 1, row_line = 1, quote_line = 0;
  gboolean quoted = FALSE, after_quote = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);
  end = text + length;
  if (!g_utf8_validate (text, length, &invalid))
    {
      guint bad_line = 1;
      for (p = text; p < invalid; p++)
        bad_line += *p == '\n';
      return fail (error, bad_line, _("the text is not UTF-8"));
    }
  p = text;
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  for (; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              after_quote = TRUE;
            }
          else
            {
              line += c == '\n';
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          after_quote = FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          finish_row (rows, fields, row_line);
          after_quote = FALSE;
          line++;
          row_line = line;
        }
      else if (after_quote)
        return fail (error, line, _("text after a closing quote"));
      else if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          quote_line = line;
        }
      else if (c == '"')
        return fail (error, line, _("a quote inside a field that does not start with one"));
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    return fail (error, quote_line, _("a quoted field is never closed"));
  if (field->len > 0 || fields->len > 0 || after_quote)
    {
      g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
      finish_row (rows, fields, row_line);
    }
  return g_steal_pointer (&rows);
}

/* Only digits and the marks people write in phone numbers: "+81-3-1234-5678". */
static gboolean
looks_like_phone_number (const char *field)
{
  gboolean digit = FALSE;

  for (const char *p = field; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr ("+-() .", *p) == NULL)
        return FALSE;
    }
  return digit;
}

static gboolean
needs_guard (const char *field)
{
  switch (field[0])
    {
    case '=': case '@': case '\t': case '\r':
      return TRUE;
    case '+': case '-':
      return !looks_like_phone_number (field);
    case '\'':
      /* Keeps a real leading apostrophe before one of those through a round trip. */
      return field[1] != '\0' && strchr ("=@+-\t\r'", field[1]) != NULL;
    default:
      return FALSE;
    }
}

void
wcc_csv_append_row (GString           *out,
                    const char *const *fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *field = fields[i];
      gboolean guard = needs_guard (field);

      if (i > 0)
        g_string_append_c (out, ',');
      if (guard || strpbrk (field, ",\"\r\n") != NULL)
        {
          g_string_append_c (out, '"');
          if (guard)
            g_string_append_c (out, '\'');
          for (const char *p = field; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, field);
    }
  g_string_append (out, "\r\n");
}

const char *
wcc_csv_unguard (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (field[0] == '\'' && field[1] != '\0' && strchr ("=@+-\t\r'", field[1]) != NULL)
    return field + 1;
  return field;
}
