/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-csv.c: CSV reading for the imports and writing for the exports. */
#define G_LOG_DOMAIN "wcc-csv"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wcc-csv.h"
#include "wcc-error.h"

/* A leading + or - starts a formula unless what follows is a number or phone number. */
static gboolean
looks_like_formula (const char *value)
{
  if (value[0] == '=' || value[0] == '@' || value[0] == '\t' || value[0] == '\r')
    return TRUE;
  if (value[0] != '+' && value[0] != '-')
    return FALSE;
  for (const char *p = value + 1; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr (" -.()/", *p) == NULL)
      return TRUE;
  return value[1] == '\0';
}

void
wcc_csv_append_field (GString    *row,
                      const char *value,
                      gboolean    first)
{
  gboolean quote;

  g_return_if_fail (row != NULL);

  if (!first)
    g_string_append_c (row, ',');
  if (value == NULL || *value == '\0')
    return;
  quote = strpbrk (value, ",\"\r\n") != NULL || value[0] == ' ' || value[strlen (value) - 1] == ' ';
  if (quote)
    g_string_append_c (row, '"');
  if (looks_like_formula (value))
    g_string_append_c (row, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  if (quote)
    g_string_append_c (row, '"');
}

void
wcc_csv_end_row (GString *row)
{
  g_return_if_fail (row != NULL);
  g_string_append (row, "\r\n");
}

void
wcc_csv_reader_init (WccCsvReader *reader,
                     const char   *data,
                     gsize         length)
{
  g_return_if_fail (reader != NULL);

  memset (reader, 0, sizeof *reader);
  reader->data = data;
  reader->length = length;
  reader->next_line = 1;
  if (length >= 3 && memcmp (data, WCC_CSV_BOM, 3) == 0)
    reader->offset = 3;
}

gboolean
wcc_csv_reader_next (WccCsvReader  *reader,
                     GPtrArray    **out_fields,
                     GError       **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;
  gboolean quoted = FALSE, was_quoted = FALSE;
  const char *data = reader->data;
  gsize i = reader->offset;

  *out_fields = NULL;
  if (i >= reader->length)
    return TRUE;
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  reader->line = reader->next_line;
  for (; i < reader->length; i++)
    {
      char c = data[i];

      if (quoted)
        {
          if (c == '"' && i + 1 < reader->length && data[i + 1] == '"')
            {
              g_string_append_c (field, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n' || (c == '\r' && !(i + 1 < reader->length && data[i + 1] == '\n')))
                reader->next_line++;
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        quoted = was_quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && i + 1 < reader->length && data[i + 1] == '\n')
            i++;
          i++;
          break;
        }
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("Line %u: a quoted field never ends"), reader->line);
      return FALSE;
    }
  reader->next_line++;
  reader->offset = i;
  /* An empty line is a record without fields. */
  if (fields->len > 0 || field->len > 0 || was_quoted)
    g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  *out_fields = g_steal_pointer (&fields);
  return TRUE;
}
