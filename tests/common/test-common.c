/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-common.c: the shared vocabulary: accounts, roles, JSON reading, times, JPEG sniffing. */
#include "wcc-common.h"
#include "wcc-phone-number.h"
#include "wcc-test-util.h"

static void
test_account_parse (void)
{
  struct { const char *in; const char *emp; const char *client; } good[] = {
    { "1001@demo", "1001", "demo" },
    { "  1001@Demo ", "1001", "demo" },
    { "a.b-c_d@client-2", "a.b-c_d", "client-2" },
  };
  const char *bad[] = { "", "1001", "@demo", "1001@", "10 01@demo", "1001@de mo",
                        "1001@-demo", "1001@demo_x", "你好@demo", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *emp = NULL, *client = NULL;
      g_autoptr(GError) error = NULL;
      g_assert_true (wcc_account_parse (good[i].in, &emp, &client, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (emp, ==, good[i].emp);
      g_assert_cmpstr (client, ==, good[i].client);
    }
  for (guint i = 0; bad[i]; i++)
    {
      g_autofree char *emp = NULL, *client = NULL;
      g_autoptr(GError) error = NULL;
      g_assert_false (wcc_account_parse (bad[i], &emp, &client, &error));
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
      g_assert_null (emp);
    }
}

static void
test_roles (void)
{
  g_autofree char *csv = wcc_roles_to_csv (WCC_ROLE_AGENT | WCC_ROLE_CLIENT_ADMIN);
  WccRoles roles = 0;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpstr (csv, ==, "agent,client_admin");
  g_assert_true (wcc_roles_from_csv ("leader, agent", &roles));
  g_assert_cmpint (roles, ==, WCC_ROLE_AGENT | WCC_ROLE_LEADER);
  g_assert_false (wcc_roles_from_csv ("agent,root", &roles));
  node = wcc_roles_to_json (WCC_ROLES_ALL);
  g_assert_cmpint (wcc_roles_from_json (json_node_get_array (node)), ==, WCC_ROLES_ALL);
}

static void
test_json_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  static const char *allowed[] = { "name", "count", "flag", NULL };
  const char *name = NULL;
  gint64 count = 0;
  gboolean flag = FALSE;

  g_assert_null (wcc_json_parse_object ("{\"a\":", -1, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_JSON);
  g_clear_error (&error);
  g_assert_null (wcc_json_parse_object ("[1,2]", -1, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_JSON);
  g_clear_error (&error);
  /* A lone surrogate, in a value, deep in an array, or in a member name: not UTF-8. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *bad[] = { "{\"t\": \"Broken \\ud800 title\"}",
                                   "{\"a\": [1, {\"b\": [\"\\udc00\"]}]}",
                                   "{\"\\ud800\": 1}" };
      g_assert_null (wcc_json_parse_object (bad[i], -1, &error));
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_JSON);
      g_clear_error (&error);
    }
  /* A proper pair is fine. */
  g_clear_pointer (&object, json_object_unref);
  object = wcc_json_parse_object ("{\"t\": \"\\ud83d\\ude00 ok\"}", -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&object, json_object_unref);

  object = wcc_json_parse_object ("{\"name\": \"x\", \"count\": \"7\", \"flag\": true}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (wcc_json_check_fields (object, allowed, &error));
  g_assert_true (wcc_json_get_string (object, "name", TRUE, &name, &error));
  g_assert_cmpstr (name, ==, "x");
  g_assert_false (wcc_json_get_int (object, "count", TRUE, &count, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "count"));
  g_clear_error (&error);
  g_assert_true (wcc_json_get_bool (object, "flag", TRUE, &flag, &error));
  g_assert_true (flag);
  g_assert_true (wcc_json_get_string (object, "missing", FALSE, &name, &error));
  g_assert_false (wcc_json_get_string (object, "missing", TRUE, &name, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  json_object_set_int_member (object, "extra", 1);
  g_assert_false (wcc_json_check_fields (object, allowed, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
}

static void
test_error_codes (void)
{
  for (int code = WCC_ERROR_INTERNAL; code <= WCC_ERROR_PROTOCOL; code++)
    g_assert_cmpint (wcc_error_code_from_string (wcc_error_code_to_string (code)), ==, code);
  g_assert_cmpuint (wcc_error_code_http_status (WCC_ERROR_ACCOUNT_LOCKED), ==, 423);
  g_assert_cmpuint (wcc_error_code_http_status (WCC_ERROR_INVALID_JSON), ==, 400);
  g_assert_cmpint (wcc_error_code_from_string ("no_such_code"), ==, WCC_ERROR_INTERNAL);
}

static void
test_time (void)
{
  g_autofree char *text = wcc_time_to_rfc3339 (1795737600);
  gint64 back = 0;

  g_assert_cmpstr (text, ==, "2026-11-27T00:00:00Z");
  g_assert_true (wcc_time_from_rfc3339 (text, &back));
  g_assert_cmpint (back, ==, 1795737600);
  g_assert_true (wcc_time_from_rfc3339 ("2026-11-27T09:00:00+09:00", &back));
  g_assert_cmpint (back, ==, 1795737600);
  g_assert_false (wcc_time_from_rfc3339 ("yesterday", &back));
}

/* A tiny but structurally complete JPEG header: SOI, APP0, SOF0 (3×2), SOS. */
static const guint8 tiny_jpeg[] = {
  0xFF, 0xD8,
  0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00,
  0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
  0x00, 0xFF, 0xD9,
};

static void
test_jpeg_sniff (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 };
  guint width = 0, height = 0;
  g_autoptr(GBytes) ok = g_bytes_new_static (tiny_jpeg, sizeof tiny_jpeg);
  g_autoptr(GBytes) not_jpeg = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) cut = g_bytes_new_static (tiny_jpeg, 24);
  g_autofree guint8 *big = g_malloc0 (WCC_AVATAR_MAX_BYTES + 1);
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (wcc_jpeg_sniff (tiny_jpeg, sizeof tiny_jpeg, &width, &height));
  g_assert_cmpuint (width, ==, 3);
  g_assert_cmpuint (height, ==, 2);
  g_assert_true (wcc_jpeg_check_avatar (ok, &error));
  g_assert_false (wcc_jpeg_check_avatar (not_jpeg, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE);
  g_clear_error (&error);
  g_assert_false (wcc_jpeg_check_avatar (cut, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_UNSUPPORTED_MEDIA_TYPE);
  g_clear_error (&error);
  memcpy (big, tiny_jpeg, sizeof tiny_jpeg);
  too_big = g_bytes_new_take (g_steal_pointer (&big), WCC_AVATAR_MAX_BYTES + 1);
  g_assert_false (wcc_jpeg_check_avatar (too_big, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_PAYLOAD_TOO_LARGE);
}

/* One field holding several numbers, as agents type them in any of the three languages. */
static void
test_phone_number_list (void)
{
  struct { const char *typed; const char *joined; } cases[] = {
    { "", "" },
    { " , ;", "" },
    { "+81 3-5555-0101", "+81 3-5555-0101" },
    { "+81 3-5555-0101, 090-1234-0000", "+81 3-5555-0101|090-1234-0000" },
    { "010-1234;020-5678；030-9012", "010-1234|020-5678|030-9012" },
    { "138 0013 8000，139 0013 8000、 ,150 0000 0000", "138 0013 8000|139 0013 8000|150 0000 0000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) numbers = wcc_phone_number_split_list (cases[i].typed);
      g_autofree char *joined = g_strjoinv ("|", numbers);

      g_assert_cmpstr (joined, ==, cases[i].joined);
    }
  /* Each one is then checked alone. */
  {
    g_auto(GStrv) numbers = wcc_phone_number_split_list ("090-1234-0000, after 6 pm");
    g_autofree char *first = wcc_phone_number_normalize (numbers[0]);

    g_assert_cmpstr (first, ==, "09012340000");
    g_assert_null (wcc_phone_number_normalize (numbers[1]));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (30);
  g_test_add_func ("/common/account-parse", test_account_parse);
  g_test_add_func ("/common/roles", test_roles);
  g_test_add_func ("/common/json-fields", test_json_fields);
  g_test_add_func ("/common/error-codes", test_error_codes);
  g_test_add_func ("/common/time", test_time);
  g_test_add_func ("/common/jpeg-sniff", test_jpeg_sniff);
  g_test_add_func ("/common/phone-number-list", test_phone_number_list);
  return g_test_run ();
}
