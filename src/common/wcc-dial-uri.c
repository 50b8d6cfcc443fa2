/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-dial-uri.c: what to dial for a tel: or sip: link, and telling two ways of writing a number apart. */
#define G_LOG_DOMAIN "wcc-dial-uri"

#include <glib/gi18n-lib.h>

#include "wcc-dial-uri.h"
#include "wcc-error.h"

/* Longest number taken from a link (E.164 allows 15 digits; extensions and codes add some). */
#define MAX_DIGITS 32

void
wcc_dial_target_free (WccDialTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->number);
  g_free (target->extension);
  g_free (target->domain);
  g_free (target);
}

/* How much of a bad link an error message quotes. */
#define QUOTED_CHARS 60

static gpointer
fail (GError     **error,
      const char  *uri,
      const char  *why)
{
  /* The link comes from anywhere: quote it valid and short. */
  g_autofree char *valid = g_utf8_make_valid (uri, -1);
  g_autofree char *start = g_utf8_substring (valid, 0, QUOTED_CHARS);
  g_autofree char *shown = g_utf8_strlen (valid, -1) > QUOTED_CHARS ? g_strconcat (start, "…", NULL) : g_strdup (valid);

  /* TRANSLATORS: the first %s is the link, the second says what is wrong with it. */
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” cannot be dialled: %s"), shown, why);
  return NULL;
}

/* "+81-3-1234 5678" → "+81312345678"; NULL when it is not a phone number: only digits
 * (and * #) after an optional +, with the visual separators of RFC 3966 and spaces. */
static char *
strip_visual_separators (const char *text,
                         gboolean    allow_plus)
{
  g_autoptr(GString) number = g_string_new (NULL);
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p) || *p == '*' || *p == '#')
        {
          g_string_append_c (number, *p);
          digits++;
        }
      else if (*p == '+' && allow_plus && number->len == 0 && p == text)
        g_string_append_c (number, '+');
      else if (strchr ("-.() ", *p) == NULL)
        return NULL;
    }
  if (digits == 0 || digits > MAX_DIGITS)
    return NULL;
  return g_string_free (g_steal_pointer (&number), FALSE);
}

static WccDialTarget *
parse_tel (const char  *uri,
           const char  *rest,
           GError     **error)
{
  g_autoptr(WccDialTarget) target = g_new0 (WccDialTarget, 1);
  g_auto(GStrv) parts = NULL;

  /* Some programs write "tel://+123". */
  if (g_str_has_prefix (rest, "//"))
    rest += 2;
  parts = g_strsplit (rest, ";", -1);
  if (parts[0] != NULL)
    target->number = strip_visual_separators (g_strstrip (parts[0]), TRUE);
  if (target->number == NULL)
    return fail (error, uri, _("it holds no phone number"));
  for (guint i = 1; parts[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (parts[i], "ext=", 4) != 0)
        continue;  /* phone-context, isub …: nothing the dial pad uses */
      target->extension = strip_visual_separators (parts[i] + 4, FALSE);
      if (target->extension == NULL)
        return fail (error, uri, _("its extension is not a number"));
    }
  return g_steal_pointer (&target);
}

static gboolean
is_sip_user_name (const char *user)
{
  for (const char *p = user; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._~-", *p) == NULL)
      return FALSE;
  return *user != '\0' && strlen (user) <= 64;
}

/* A host name, an IPv4 address or a bracketed IPv6 one, nothing else (no control
 * characters or header syntax that would end up in a To header). */
static gboolean
is_host_name (const char *host)
{
  gboolean bracketed = host[0] == '[';

  for (const char *p = host + (bracketed ? 1 : 0); *p != '\0'; p++)
    {
      if (bracketed && *p == ']' && p[1] == '\0')
        return p > host + 1;
      if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-' || (bracketed && *p == ':')))
        return FALSE;
    }
  return !bracketed;
}

static WccDialTarget *
parse_sip (const char  *uri,
           const char  *rest,
           GError     **error)
{
  g_autoptr(WccDialTarget) target = g_new0 (WccDialTarget, 1);
  g_autofree char *copy = g_strdup (rest);
  char *at, *user, *host, *cut;

  /* Headers (?subject=…) and URI parameters (;transport=…) are no part of whom to call. */
  if ((cut = strchr (copy, '?')) != NULL)
    *cut = '\0';
  at = strrchr (copy, '@');
  if (at == NULL)
    return fail (error, uri, _("it names no one to call"));
  *at = '\0';
  user = copy;
  host = at + 1;
  if ((cut = strchr (user, ':')) != NULL)  /* a password never goes anywhere */
    *cut = '\0';
  if ((cut = strchr (user, ';')) != NULL)  /* user parameters such as ;phone-context */
    *cut = '\0';
  if ((cut = strchr (host, ';')) != NULL)
    *cut = '\0';
  if (host[0] == '[')
    {
      if ((cut = strchr (host, ']')) == NULL)
        return fail (error, uri, _("its address is not complete"));
      cut[1] = '\0';
    }
  else if ((cut = strchr (host, ':')) != NULL)
    *cut = '\0';
  g_strstrip (user);
  g_strstrip (host);
  if (*host == '\0' || !is_host_name (host))
    return fail (error, uri, _("its address is not complete"));

  target->number = strip_visual_separators (user, TRUE);
  if (target->number == NULL && is_sip_user_name (user))
    target->number = g_strdup (user);
  if (target->number == NULL)
    return fail (error, uri, _("it names no one to call"));
  target->domain = g_ascii_strdown (host, -1);
  return g_steal_pointer (&target);
}

WccDialTarget *
wcc_dial_target_parse (const char  *uri,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *decoded = NULL;
  const char *colon;

  g_return_val_if_fail (uri != NULL, NULL);

  trimmed = g_strstrip (g_strdup (uri));
  colon = strchr (trimmed, ':');
  if (colon == NULL ||
      !(g_ascii_strncasecmp (trimmed, "tel:", 4) == 0 || g_ascii_strncasecmp (trimmed, "sip:", 4) == 0 ||
        g_ascii_strncasecmp (trimmed, "sips:", 5) == 0))
    return fail (error, uri, _("it is not a tel: or sip: link"));
  /* %20, %2B …; a broken escape or a NUL in it is not a link. */
  decoded = g_uri_unescape_string (colon + 1, "");
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    return fail (error, uri, _("it is not written correctly"));
  if (g_ascii_strncasecmp (trimmed, "tel:", 4) == 0)
    return parse_tel (uri, decoded, error);
  return parse_sip (uri, decoded, error);
}

static char *
digits_only (const char *number)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = number; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/* A national number written without the trunk prefix is at least this long: shorter
 * numbers (extensions) must match exactly. */
#define MIN_SUFFIX_DIGITS 8

gboolean
wcc_phone_numbers_match (const char *a,
                         const char *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;
  const char *longer, *shorter;
  size_t la, lb;

  if (a == NULL || b == NULL)
    return FALSE;
  da = digits_only (a);
  db = digits_only (b);
  la = strlen (da);
  lb = strlen (db);
  if (la == 0 || lb == 0)
    return g_strcmp0 (a, b) == 0;
  if (la == lb)
    return strcmp (da, db) == 0;
  longer = la > lb ? da : db;
  shorter = la > lb ? db : da;
  /* "013800138000" and "+86 138 0013 8000": compare without a national trunk 0. */
  if (shorter[0] == '0')
    shorter++;
  return strlen (shorter) >= MIN_SUFFIX_DIGITS && g_str_has_suffix (longer, shorter);
}
