/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-number.c: phone numbers as typed → the digits-only form that lookups match. */
#include "wcc-phone-number.h"

static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case '-': case '.': case '(': case ')': case '/':
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: /* dashes */
    case 0x2212:                    /* minus sign */
    case 0x30FC:                    /* katakana long vowel mark, typed for a dash */
    case 0xFF0D: case 0xFF0E: case 0xFF08: case 0xFF09: case 0xFF0F: /* full-width - . ( ) / */
      return TRUE;
    default:
      return g_unichar_isspace (c);
    }
}

char *
wcc_phone_number_normalize (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int value = g_unichar_digit_value (c);

      if (value >= 0)
        {
          g_string_append_c (out, (char) ('0' + value));
          digits++;
        }
      else if ((c == '+' || c == 0xFF0B) && out->len == 0)
        g_string_append_c (out, '+');
      else if (!is_separator (c))
        return NULL;
    }
  if (digits < 3 || digits > WCC_PHONE_NUMBER_MAX_DIGITS)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GStrv
wcc_phone_number_split_list (const char *text)
{
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_regex_split_simple ("[,;、，；]", text, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (numbers, parts[i]);
    }
  return g_strv_builder_end (numbers);
}
