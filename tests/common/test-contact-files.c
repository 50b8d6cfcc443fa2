/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-contact-files.c: softphone contacts in files and links: vCard files as Android, iOS and
 * Thunderbird export them (tests/data/vcards), faults named by line, CSV both ways (also with
 * spreadsheet formulas kept harmless), and what a tel: or sip: link dials. */
#include "wcc-common.h"
#include "wcc-test-util.h"

static char *
load_vcard (const char *name,
            gsize      *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "tests", "data", "vcards", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, &error));
  g_assert_no_error (error);
  return text;
}

static GPtrArray *
parse_file (const char *name,
            guint      *skipped)
{
  gsize length = 0;
  g_autofree char *text = load_vcard (name, &length);
  g_autoptr(GError) error = NULL;
  GPtrArray *cards = wcc_vcard_parse (text, (gssize) length, skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cards);
  return cards;
}

static void
assert_card (GPtrArray         *cards,
             guint              index,
             const char        *name,
             const char *const *numbers)
{
  WccContactCard *card;

  g_assert_cmpuint (index, <, cards->len);
  card = g_ptr_array_index (cards, index);
  g_assert_cmpstr (card->name, ==, name);
  g_assert_cmpuint (g_strv_length (card->numbers), ==, g_strv_length ((GStrv) numbers));
  for (guint i = 0; numbers[i]; i++)
    g_assert_cmpstr (card->numbers[i], ==, numbers[i]);
}

/* Android: vCard 2.1, quoted-printable UTF-8 with a soft line break inside a Japanese name,
 * two numbers, a folded photo, a card without a number. */
static void
test_android (void)
{
  guint skipped = 0;
  g_autoptr(GPtrArray) cards = parse_file ("android-2.1.vcf", &skipped);

  g_assert_cmpuint (cards->len, ==, 3);
  assert_card (cards, 0, "王小明", (const char *[]) { "+86 138 0013 8000", "010-6552-8888", NULL });
  assert_card (cards, 1, "佐藤 美咲 (営業部 東京オフィス)", (const char *[]) { "090-1234-5678", NULL });
  assert_card (cards, 2, "Anna Becker", (const char *[]) { "+49 30 1234567", NULL });
  g_assert_cmpuint (skipped, ==, 1);
}

/* iOS: vCard 3.0 in raw UTF-8, grouped item1.TEL, escaped comma, a name only in ORG. */
static void
test_ios (void)
{
  guint skipped = 7;
  g_autoptr(GPtrArray) cards = parse_file ("ios-3.0.vcf", &skipped);

  g_assert_cmpuint (cards->len, ==, 3);
  assert_card (cards, 0, "山田 太郎", (const char *[]) { "090-8765-4321", "+81 3-1234-5678", NULL });
  assert_card (cards, 1, "Mary O'Neil, PhD", (const char *[]) { "(555) 010-2030", NULL });
  assert_card (cards, 2, "Pizza Roma", (const char *[]) { "+39 06 555 0101", NULL });
  g_assert_cmpuint (skipped, ==, 0);
}

/* Thunderbird: vCard 4.0, a long name folded at 75 octets, tel: URIs. */
static void
test_thunderbird (void)
{
  g_autoptr(GPtrArray) cards = parse_file ("thunderbird-4.0.vcf", NULL);

  g_assert_cmpuint (cards->len, ==, 1);
  assert_card (cards, 0, "Zoë Lefèvre-Durand — Ventes Europe de l’Ouest et Afrique du Nord 北京代表处",
               (const char *[]) { "+33 1 23 45 67 89", "+33-6-12-34-56-78", NULL });
}

/* A Japanese feature phone's Shift_JIS, named by CHARSET. */
static void
test_charset (void)
{
  g_autoptr(GPtrArray) cards = parse_file ("shift-jis-2.1.vcf", NULL);

  assert_card (cards, 0, "鈴木一郎", (const char *[]) { "080-1111-2222", NULL });
}

static void
test_vcard_faults (void)
{
  struct { const char *file; const char *line; } faults[] = {
    { "bad-unterminated.vcf", "Line 6:" },
    { "bad-no-colon.vcf", "Line 8:" },
    { "bad-qp.vcf", "Line 3:" },
    { "bad-not-utf8.vcf", "Line 3:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      gsize length = 0;
      g_autofree char *text = load_vcard (faults[i].file, &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cards = wcc_vcard_parse (text, (gssize) length, NULL, &error);

      g_test_message ("%s: %s", faults[i].file, error ? error->message : "(no error)");
      g_assert_null (cards);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
      g_assert_true (g_str_has_prefix (error->message, faults[i].line));
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (wcc_vcard_parse ("Name,Number\r\nAnna,123\r\n", -1, NULL, &error));
    g_assert_true (g_str_has_prefix (error->message, "Line 1:"));
  }
}

/* Written as vCard 3.0 and read back the same; every line at most 75 octets, CRLF. */
static void
test_vcard_write (void)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (cards, wcc_contact_card_new ("Lee, Ann; Sales\\East", (const char *[]) { "+1 555 0100", "200", NULL }));
  g_ptr_array_add (cards, wcc_contact_card_new ("株式会社サンプル 東京本社 カスタマーサポートセンター 第一営業部 担当者 山田太郎",
                                                (const char *[]) { "+81 3-1234-5678", NULL }));
  text = wcc_vcard_write (cards);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee\\, Ann\\; Sales\\\\East\r\n"));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  g_assert_nonnull (strstr (text, "\r\n "));  /* the long name was folded */
  again = wcc_vcard_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 2);
  assert_card (again, 0, "Lee, Ann; Sales\\East", (const char *[]) { "+1 555 0100", "200", NULL });
  assert_card (again, 1, "株式会社サンプル 東京本社 カスタマーサポートセンター 第一営業部 担当者 山田太郎",
               (const char *[]) { "+81 3-1234-5678", NULL });
}

static void
test_csv (void)
{
  const char *text = "\xEF\xBB\xBFName,Number\r\n"
                     "\"Wang, Xiaoming\",+86 138 0013 8000\r\n"
                     "\"Wang, Xiaoming\",010-6552-8888\r\n"
                     "\r\n"
                     "山田 太郎,090-8765-4321\n"
                     "\"Says \"\"hi\"\"\non two lines\",1002\r\n"
                     ",8001\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = wcc_contacts_csv_parse (text, -1, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 4);
  assert_card (cards, 0, "Wang, Xiaoming", (const char *[]) { "+86 138 0013 8000", "010-6552-8888", NULL });
  assert_card (cards, 1, "山田 太郎", (const char *[]) { "090-8765-4321", NULL });
  assert_card (cards, 2, "Says \"hi\"\non two lines", (const char *[]) { "1002", NULL });
  assert_card (cards, 3, "8001", (const char *[]) { "8001", NULL });

  written = wcc_contacts_csv_write (cards);
  g_assert_true (g_str_has_prefix (written, "Name,Number\r\n\"Wang, Xiaoming\",+86 138 0013 8000\r\n"));
  again = wcc_contacts_csv_parse (written, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 4);
  assert_card (again, 2, "Says \"hi\"\non two lines", (const char *[]) { "1002", NULL });
}

/* A display name a caller chose must not run as a formula in a spreadsheet. */
static void
test_csv_formulas (void)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  g_ptr_array_add (cards, wcc_contact_card_new ("=HYPERLINK(\"http://x\",\"y\")", (const char *[]) { "+81-3-1234", NULL }));
  g_ptr_array_add (cards, wcc_contact_card_new ("@SUM(A1)", (const char *[]) { "-1+2 ext 3", NULL }));
  g_ptr_array_add (cards, wcc_contact_card_new ("'quoted", (const char *[]) { "100", NULL }));
  written = wcc_contacts_csv_write (cards);
  g_assert_nonnull (strstr (written, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+81-3-1234\r\n"));
  g_assert_nonnull (strstr (written, "\"'@SUM(A1)\",\"'-1+2 ext 3\"\r\n"));
  g_assert_nonnull (strstr (written, "'quoted,100\r\n"));
  again = wcc_contacts_csv_parse (written, -1, &error);
  g_assert_no_error (error);
  assert_card (again, 0, "=HYPERLINK(\"http://x\",\"y\")", (const char *[]) { "+81-3-1234", NULL });
  assert_card (again, 1, "@SUM(A1)", (const char *[]) { "-1+2 ext 3", NULL });
  assert_card (again, 2, "'quoted", (const char *[]) { "100", NULL });
}

static void
test_csv_faults (void)
{
  struct { const char *text; const char *line; } faults[] = {
    { "Name,Number\r\nAnna,100\r\n\"Never closed,200\r\nBob,300\r\n", "Line 3:" },
    { "Name,Number\nAnna,100\nBob\n", "Line 3:" },
    { "Name,Number\nAnna,100\nBob,no digits\n", "Line 3:" },
    { "Anna,100\nBo\"b,200\n", "Line 2:" },
    { "Anna,100\n\"Bob\"x,200\n", "Line 2:" },
    { "Anna,100\nCaf\xE9,200\n", "Line 2:" },
    { "Name,Number\r\n", "Line 1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cards = wcc_contacts_csv_parse (faults[i].text, -1, &error);

      g_test_message ("%u: %s", i, error ? error->message : "(no error)");
      g_assert_null (cards);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
      g_assert_true (g_str_has_prefix (error->message, faults[i].line));
    }
}

static void
test_dial_uri (void)
{
  struct { const char *uri; const char *number; const char *extension; const char *domain; } good[] = {
    { "tel:+81-3-1234-5678;ext=12", "+81312345678", "12", NULL },
    { "tel:+86%20138%200013%208000", "+8613800138000", NULL, NULL },
    { "TEL:(010)6552.8888", "01065528888", NULL, NULL },
    { "tel://+15550100", "+15550100", NULL, NULL },
    { "tel:8001;phone-context=example.com", "8001", NULL, NULL },
    { "tel:*31#", "*31#", NULL, NULL },
    { "sip:1002@demo", "1002", NULL, "demo" },
    { "sips:1002@Demo.Example:5061;transport=tls?subject=hi", "1002", NULL, "demo.example" },
    { "sip:+81-3-1234-5678;user=phone@pstn.example", "+81312345678", NULL, "pstn.example" },
    { "sip:alice:secret@[::1]:5060", "alice", NULL, "[::1]" },
    { "  sip:%31%30%30%32@demo  ", "1002", NULL, "demo" },
  };
  const char *bad[] = {
    "garbage", "", "http://example.com/", "tel:", "tel:abc", "tel:+81-3-ABCD", "tel:12;ext=twelve",
    "tel:+123456789012345678901234567890123", "tel:+1++2", "sip:demo", "sip:1002@", "sip:@demo",
    "sip:bad user@demo", "sip:1002@de mo", "tel:%zz", "tel:12%00", "mailto:a@b", "sip:%E4%BD%A0@demo",
    /* nothing but a host name or address may reach a To header */
    "sip:1000@pbx.example%0D%0Ax", "sip:1000@<evil>", "sip:1000@a,b", "sip:1000@\"x\"", "sip:1000@[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WccDialTarget) target = wcc_dial_target_parse (good[i].uri, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (target->number, ==, good[i].number);
      g_assert_cmpstr (target->extension, ==, good[i].extension);
      g_assert_cmpstr (target->domain, ==, good[i].domain);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WccDialTarget) target = wcc_dial_target_parse (bad[i], &error);

      g_test_message ("%s: %s", bad[i], error ? error->message : "(no error)");
      g_assert_null (target);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
    }
}

static void
test_numbers_match (void)
{
  g_assert_true (wcc_phone_numbers_match ("+86 138 0013 8000", "8613800138000"));
  g_assert_true (wcc_phone_numbers_match ("+86 138 0013 8000", "013800138000"));
  g_assert_true (wcc_phone_numbers_match ("(010) 6552-8888", "010-6552-8888"));
  g_assert_true (wcc_phone_numbers_match ("1002", "1002"));
  g_assert_false (wcc_phone_numbers_match ("1002", "11002"));
  g_assert_false (wcc_phone_numbers_match ("+86 138 0013 8000", "+86 138 0013 8001"));
  g_assert_false (wcc_phone_numbers_match ("alice", "bob"));
  g_assert_true (wcc_phone_numbers_match ("alice", "alice"));
  g_assert_false (wcc_phone_numbers_match (NULL, "1002"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (30);

  g_test_add_func ("/contact-files/vcard/android", test_android);
  g_test_add_func ("/contact-files/vcard/ios", test_ios);
  g_test_add_func ("/contact-files/vcard/thunderbird", test_thunderbird);
  g_test_add_func ("/contact-files/vcard/charset", test_charset);
  g_test_add_func ("/contact-files/vcard/faults", test_vcard_faults);
  g_test_add_func ("/contact-files/vcard/write", test_vcard_write);
  g_test_add_func ("/contact-files/csv/both-ways", test_csv);
  g_test_add_func ("/contact-files/csv/formulas", test_csv_formulas);
  g_test_add_func ("/contact-files/csv/faults", test_csv_faults);
  g_test_add_func ("/dial-uri/parse", test_dial_uri);
  g_test_add_func ("/dial-uri/numbers-match", test_numbers_match);

  return g_test_run ();
}
