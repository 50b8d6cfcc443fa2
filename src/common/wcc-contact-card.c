/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-card.c: softphone contacts in files: vCard (2.1, 3.0, 4.0 in, 3.0 out) and CSV. */
#define G_LOG_DOMAIN "wcc-contact-card"

#include <glib/gi18n-lib.h>

#include "wcc-contact-card.h"
#include "wcc-csv.h"
#include "wcc-error.h"

/* vCard 3.0 (RFC 2426 §2.6): lines longer than this many octets are folded. */
#define FOLD_OCTETS 75

WccContactCard *
wcc_contact_card_new (const char        *name,
                      const char *const *numbers)
{
  WccContactCard *card = g_new0 (WccContactCard, 1);

  card->name = g_strdup (name);
  card->numbers = g_strdupv ((GStrv) numbers);
  if (card->numbers == NULL)
    card->numbers = g_new0 (char *, 1);
  return card;
}

void
wcc_contact_card_free (WccContactCard *card)
{
  if (card == NULL)
    return;
  g_free (card->name);
  g_strfreev (card->numbers);
  g_free (card);
}

static gpointer
fail (GError     **error,
      guint        line,
      const char  *why)
{
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Line %u: %s"), line, why);
  return NULL;
}

/* ---- reading vCard ------------------------------------------------------------------------ */

/* One property: "item1.TEL;TYPE=CELL:+81 90" → name "TEL", its parameters, its raw value. */
typedef struct {
  char       *name;
  GPtrArray  *params;     /* "TYPE=CELL", "CHARSET=UTF-8", "QUOTED-PRINTABLE" (upper case names) */
  GString    *value;
  guint       line;
} Property;

static void
property_free (Property *property)
{
  g_free (property->name);
  if (property->params != NULL)
    g_ptr_array_unref (property->params);
  if (property->value != NULL)
    g_string_free (property->value, TRUE);
  g_free (property);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Property, property_free)

/* The value of parameter @name ("CHARSET"), or for a bare one ("QUOTED-PRINTABLE" in 2.1)
 * the name itself when @bare matches. */
static const char *
param (Property   *property,
       const char *name,
       const char *bare)
{
  size_t length = strlen (name);

  for (guint i = 0; i < property->params->len; i++)
    {
      const char *p = g_ptr_array_index (property->params, i);
      if (g_ascii_strncasecmp (p, name, length) == 0 && p[length] == '=')
        return p + length + 1;
      if (bare != NULL && g_ascii_strcasecmp (p, bare) == 0)
        return p;
    }
  return NULL;
}

static gboolean
is_quoted_printable (Property *property)
{
  const char *encoding = param (property, "ENCODING", "QUOTED-PRINTABLE");
  return encoding != NULL && g_ascii_strcasecmp (encoding, "QUOTED-PRINTABLE") == 0;
}

/* Splits "NAME;P=V;P2:value" at the first colon outside double quotes. */
static Property *
parse_property (const char  *line_text,
                guint        line,
                GError     **error)
{
  g_autoptr(Property) property = g_new0 (Property, 1);
  const char *colon = NULL;
  gboolean quoted = FALSE;
  g_auto(GStrv) parts = NULL;
  g_autofree char *head = NULL;
  const char *dot;

  for (const char *p = line_text; *p && colon == NULL; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        colon = p;
    }
  if (colon == NULL)
    return fail (error, line, _("a vCard line must have a name and a value separated by a colon"));
  property->line = line;
  property->params = g_ptr_array_new_with_free_func (g_free);
  property->value = g_string_new (colon + 1);
  head = g_strndup (line_text, colon - line_text);
  parts = g_strsplit (head, ";", -1);
  /* "item1.TEL": the group before the dot only ties properties together (iOS labels). */
  dot = strrchr (parts[0], '.');
  property->name = g_ascii_strup (dot ? dot + 1 : parts[0], -1);
  g_strstrip (property->name);
  if (*property->name == '\0')
    return fail (error, line, _("a vCard line must have a name and a value separated by a colon"));
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *value = g_strstrip (parts[i]);
      size_t length = strlen (value);
      char *equals = strchr (value, '=');

      /* TYPE="work,voice" */
      if (equals != NULL && equals[1] == '"' && length > 1 && value[length - 1] == '"')
        {
          value[length - 1] = '\0';
          memmove (equals + 1, equals + 2, strlen (equals + 2) + 1);
        }
      g_ptr_array_add (property->params, g_strdup (value));
    }
  return g_steal_pointer (&property);
}

static int
hex_value (char c)
{
  if (g_ascii_isdigit (c))
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* The property's text as UTF-8: quoted-printable or base64 undone, CHARSET converted. */
static char *
decode_value (Property  *property,
              GError   **error)
{
  const char *encoding = param (property, "ENCODING", NULL);
  const char *charset = param (property, "CHARSET", NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *text = NULL;
  const char *value = property->value->str;

  if (is_quoted_printable (property))
    {
      for (const char *p = value; *p; p++)
        {
          int high, low;

          if (*p != '=')
            {
              g_byte_array_append (bytes, (const guint8 *) p, 1);
              continue;
            }
          high = p[1] ? hex_value (p[1]) : -1;
          low = high >= 0 && p[2] ? hex_value (p[2]) : -1;
          if (high < 0 || low < 0)
            return fail (error, property->line, _("broken quoted-printable text"));
          g_byte_array_append (bytes, (const guint8[]) { (guint8) (high * 16 + low) }, 1);
          p += 2;
        }
    }
  else if (encoding != NULL && (g_ascii_strcasecmp (encoding, "B") == 0 || g_ascii_strcasecmp (encoding, "BASE64") == 0))
    {
      gsize length = 0;
      g_autofree guchar *data = g_base64_decode (value, &length);
      g_byte_array_append (bytes, data, (guint) length);
    }
  else
    g_byte_array_append (bytes, (const guint8 *) value, (guint) strlen (value));

  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 && g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      gsize converted = 0;

      text = g_convert ((const char *) bytes->data, bytes->len, "UTF-8", charset, NULL, &converted, NULL);
      if (text == NULL || strlen (text) != converted)
        return fail (error, property->line, _("the text is not in the character set the file names"));
    }
  else if (bytes->len > 0 && !g_utf8_validate_len ((const char *) bytes->data, bytes->len, NULL))
    return fail (error, property->line, _("the text is not UTF-8"));
  else
    text = g_strndup (bytes->len > 0 ? (const char *) bytes->data : "", bytes->len);
  return g_steal_pointer (&text);
}

/* vCard 3.0/4.0 text escapes: \, \; \n \\ ; with @split, components at unescaped ';'. */
static GStrv
unescape_components (const char *text,
                     gboolean    split)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) part = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (part, (*p == 'n' || *p == 'N') ? ' ' : *p);
        }
      else if (*p == ';' && split)
        {
          g_strv_builder_add (builder, g_strstrip (part->str));
          g_string_truncate (part, 0);
        }
      else
        g_string_append_c (part, *p == '\n' || *p == '\r' ? ' ' : *p);
    }
  g_strv_builder_add (builder, g_strstrip (part->str));
  return g_strv_builder_end (builder);
}

/* Han, kana, Hangul: such names are written family name first, without a space. */
static gboolean
is_cjk (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      GUnicodeScript script = g_unichar_get_script (g_utf8_get_char (p));
      if (script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
          script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL)
        return TRUE;
    }
  return FALSE;
}

/* N: family;given;additional;prefix;suffix → "Given Family" or "山田太郎". */
static char *
name_from_n (const char *n)
{
  g_auto(GStrv) parts = unescape_components (n, TRUE);
  const char *family = parts[0] ? parts[0] : "";
  const char *given = parts[0] && parts[1] ? parts[1] : "";

  if (is_cjk (family) || is_cjk (given))
    return g_strconcat (family, given, NULL);
  if (*given != '\0' && *family != '\0')
    return g_strdup_printf ("%s %s", given, family);
  return g_strdup (*given ? given : family);
}

/* "tel:+1-555-0100;ext=2" (vCard 4.0 VALUE=uri) → "+1-555-0100"; else trimmed text. */
static char *
number_from_tel (const char *value)
{
  g_auto(GStrv) parts = unescape_components (value, FALSE);
  char *number = g_strdup (parts[0]);

  if (g_ascii_strncasecmp (number, "tel:", 4) == 0)
    {
      char *semicolon = strchr (number, ';');
      if (semicolon != NULL)
        *semicolon = '\0';
      memmove (number, number + 4, strlen (number + 4) + 1);
    }
  return g_strstrip (number);
}

typedef struct {
  char      *fn;
  char      *n;
  char      *org;
  GPtrArray *numbers;
  guint      begin_line;
} Building;

static void
building_clear (Building *card)
{
  g_clear_pointer (&card->fn, g_free);
  g_clear_pointer (&card->n, g_free);
  g_clear_pointer (&card->org, g_free);
  g_clear_pointer (&card->numbers, g_ptr_array_unref);
}

static gboolean
take_property (Building  *card,
               Property  *property,
               GError   **error)
{
  g_autofree char *text = NULL;

  if (!g_str_equal (property->name, "FN") && !g_str_equal (property->name, "N") &&
      !g_str_equal (property->name, "ORG") && !g_str_equal (property->name, "TEL"))
    return TRUE;  /* photos, e-mail, addresses …: not for a phone's contacts */
  text = decode_value (property, error);
  if (text == NULL)
    return FALSE;
  if (g_str_equal (property->name, "FN") && card->fn == NULL)
    {
      g_auto(GStrv) parts = unescape_components (text, FALSE);
      card->fn = g_strdup (parts[0]);
    }
  else if (g_str_equal (property->name, "N") && card->n == NULL)
    card->n = name_from_n (text);
  else if (g_str_equal (property->name, "ORG") && card->org == NULL)
    {
      g_auto(GStrv) parts = unescape_components (text, TRUE);
      card->org = g_strdup (parts[0]);
    }
  else if (g_str_equal (property->name, "TEL"))
    {
      g_autofree char *number = number_from_tel (text);
      if (*number != '\0')
        g_ptr_array_add (card->numbers, g_steal_pointer (&number));
    }
  return TRUE;
}

static WccContactCard *
finish_card (Building *card)
{
  const char *name = NULL;
  WccContactCard *contact;

  if (card->fn != NULL && *card->fn != '\0')
    name = card->fn;
  else if (card->n != NULL && *card->n != '\0')
    name = card->n;
  else if (card->org != NULL && *card->org != '\0')
    name = card->org;
  else
    name = g_ptr_array_index (card->numbers, 0);
  g_ptr_array_add (card->numbers, NULL);
  contact = wcc_contact_card_new (name, (const char *const *) card->numbers->pdata);
  return contact;
}

/* The physical lines of the file, without their line ends. */
static GStrv
split_lines (const char *text,
             gssize      length)
{
  g_autofree char *copy = g_strndup (text, length);
  GStrv lines;

  /* CRLF and lone CR become LF. */
  for (char *p = copy, *q = copy; ; p++)
    {
      if (*p == '\r')
        {
          *q++ = '\n';
          if (p[1] == '\n')
            p++;
        }
      else if ((*q++ = *p) == '\0')
        break;
    }
  lines = g_strsplit (copy, "\n", -1);
  return lines;
}

GPtrArray *
wcc_vcard_parse (const char  *text,
                 gssize       length,
                 guint       *n_skipped,
                 GError     **error)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  g_auto(GStrv) lines = NULL;
  Building card = { 0 };
  gboolean in_card = FALSE;
  guint skipped = 0;
  guint i = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);
  if (memchr (text, '\0', length) != NULL)
    return fail (error, 1, _("this is not a vCard file"));
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3, length -= 3;
  lines = split_lines (text, length);

  while (lines[i] != NULL)
    {
      guint line = i + 1;
      g_autoptr(GString) logical = g_string_new (lines[i++]);
      g_autoptr(Property) property = NULL;

      /* Folding (RFC 2425 §5.8.1): a line starting with a space or tab continues the last. */
      while (lines[i] != NULL && (lines[i][0] == ' ' || lines[i][0] == '\t'))
        g_string_append (logical, lines[i++] + 1);
      if (strspn (logical->str, " \t") == logical->len)
        continue;
      property = parse_property (logical->str, line, error);
      if (property == NULL)
        {
          building_clear (&card);
          return NULL;
        }
      /* Quoted-printable soft line breaks (vCard 2.1, Android): "=" at the end of a line. */
      while (is_quoted_printable (property) && g_str_has_suffix (property->value->str, "=") && lines[i] != NULL)
        {
          g_string_truncate (property->value, property->value->len - 1);
          g_string_append (property->value, g_strstrip (lines[i++]));
        }

      if (g_str_equal (property->name, "BEGIN") && g_ascii_strcasecmp (g_strstrip (property->value->str), "VCARD") == 0)
        {
          if (in_card)
            {
              building_clear (&card);
              return fail (error, line, _("a card begins before the last one ended"));
            }
          in_card = TRUE;
          card.begin_line = line;
          card.numbers = g_ptr_array_new_with_free_func (g_free);
        }
      else if (!in_card)
        return fail (error, line, _("text outside a card (BEGIN:VCARD … END:VCARD)"));
      else if (g_str_equal (property->name, "END"))
        {
          if (card.numbers->len > 0)
            g_ptr_array_add (cards, finish_card (&card));
          else
            skipped++;
          building_clear (&card);
          in_card = FALSE;
        }
      else if (!take_property (&card, property, error))
        {
          building_clear (&card);
          return NULL;
        }
    }
  if (in_card)
    {
      guint begin = card.begin_line;
      building_clear (&card);
      /* TRANSLATORS: %u is the line where the unfinished card begins. */
      return fail (error, begin, _("the card that begins here never ends (END:VCARD is missing)"));
    }
  if (cards->len == 0 && skipped == 0)
    return fail (error, 1, _("this is not a vCard file"));
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&cards);
}

/* ---- writing vCard ------------------------------------------------------------------------ */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\\' || *p == ',' || *p == ';')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
}

/* Folds at 75 octets, never inside a UTF-8 sequence. */
static void
append_folded (GString    *out,
               const char *line)
{
  gsize used = 0;

  for (const char *p = line; *p; )
    {
      const char *next = g_utf8_next_char (p);
      gsize size = (gsize) (next - p);

      if (used + size > FOLD_OCTETS)
        {
          g_string_append (out, "\r\n ");
          used = 1;
        }
      g_string_append_len (out, p, (gssize) size);
      used += size;
      p = next;
    }
  g_string_append (out, "\r\n");
}

char *
wcc_vcard_write (GPtrArray *cards)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (cards != NULL, NULL);

  for (guint i = 0; i < cards->len; i++)
    {
      WccContactCard *card = g_ptr_array_index (cards, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append (out, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
      g_string_assign (line, "FN:");
      append_escaped (line, card->name);
      append_folded (out, line->str);
      /* N is required in 3.0: the whole name as the family name (it is not split reliably). */
      g_string_assign (line, "N:");
      append_escaped (line, card->name);
      g_string_append (line, ";;;;");
      append_folded (out, line->str);
      for (guint j = 0; card->numbers[j] != NULL; j++)
        {
          g_string_assign (line, "TEL;TYPE=VOICE:");
          append_escaped (line, card->numbers[j]);
          append_folded (out, line->str);
        }
      g_string_append (out, "END:VCARD\r\n");
    }
  return g_string_free (out, FALSE);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static gboolean
has_digit (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

GPtrArray *
wcc_contacts_csv_parse (const char  *text,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = wcc_csv_parse (text, length, error);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GHashTable) by_name = NULL;  /* name → WccContactCard in cards */
  g_autoptr(GHashTable) numbers = NULL;  /* name → GPtrArray of numbers */

  if (rows == NULL)
    return NULL;
  cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  by_name = g_hash_table_new (g_str_hash, g_str_equal);
  numbers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      WccCsvRow *row = g_ptr_array_index (rows, i);
      guint n_fields = g_strv_length (row->fields);
      g_autofree char *name = NULL;
      g_autofree char *number = NULL;
      WccContactCard *card;
      GPtrArray *list;

      if (i == 0 && n_fields >= 2 && !has_digit (row->fields[1]))
        continue;  /* the header */
      if (n_fields < 2)
        return fail (error, row->line, _("each row needs a name and a number"));
      name = g_strstrip (g_strdup (wcc_csv_unguard (row->fields[0])));
      number = g_strstrip (g_strdup (wcc_csv_unguard (row->fields[1])));
      if (!has_digit (number))
        return fail (error, row->line, _("the number has no digits"));
      if (*name == '\0')
        {
          g_free (name);
          name = g_strdup (number);
        }
      card = g_hash_table_lookup (by_name, name);
      if (card == NULL)
        {
          card = wcc_contact_card_new (name, NULL);
          g_ptr_array_add (cards, card);
          g_hash_table_insert (by_name, card->name, card);
          g_hash_table_insert (numbers, card->name, g_ptr_array_new_with_free_func (g_free));
        }
      list = g_hash_table_lookup (numbers, card->name);
      g_ptr_array_add (list, g_steal_pointer (&number));
    }
  for (guint i = 0; i < cards->len; i++)
    {
      WccContactCard *card = g_ptr_array_index (cards, i);
      GPtrArray *list = g_hash_table_lookup (numbers, card->name);

      g_strfreev (card->numbers);
      g_ptr_array_add (list, NULL);
      card->numbers = (GStrv) g_ptr_array_steal (list, NULL);
    }
  if (cards->len == 0)
    return fail (error, 1, _("the file holds no contacts"));
  return g_steal_pointer (&cards);
}

char *
wcc_contacts_csv_write (GPtrArray *cards)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (cards != NULL, NULL);

  wcc_csv_append_row (out, (const char *[]) { "Name", "Number", NULL });
  for (guint i = 0; i < cards->len; i++)
    {
      WccContactCard *card = g_ptr_array_index (cards, i);

      for (guint j = 0; card->numbers[j] != NULL; j++)
        wcc_csv_append_row (out, (const char *[]) { card->name, card->numbers[j], NULL });
    }
  return g_string_free (out, FALSE);
}
