/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-outbox.c: WccOutbox on its own: order and keys that outlive a reopen, owner-only WAL
 * file with a schema version, no secrets stored, a newer file left alone, the default path. */
#define G_LOG_DOMAIN "test-outbox"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "wcc-api.h"
#include "wcc-common.h"
#include "wcc-test-util.h"

/* The first column of the first row of @sql on the file, as text (NULL: no row). */
static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static int
pragma_int (const char *path,
            const char *sql)
{
  g_autofree char *text = query_text (path, sql);

  return text ? atoi (text) : -1;
}

static void
test_order_and_reopen (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "outbox.sqlite", NULL);
  g_autoptr(WccOutbox) outbox = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(WccOutboxEntry) head = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/api/v1/agent/state", "/api/v1/me", "/api/v1/agent/groups" };
  GStatBuf st;

  outbox = wcc_outbox_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 0);
  g_assert_null (wcc_outbox_peek (outbox));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(WccOutboxEntry) entry = wcc_outbox_push (outbox, "PUT", paths[i], "{\"n\": 1}", &error);

      g_assert_no_error (error);
      g_assert_true (g_uuid_string_is_valid (entry->idempotency_key));
      g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, i + 1);
    }
  g_assert_true (wcc_outbox_count_attempt (outbox, 1, &error));
  before = wcc_outbox_list (outbox);

  /* Owner-only, in WAL mode, at the newest schema version (2: the refused writes). */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (pragma_int (path, "PRAGMA user_version;"), ==, 2);
  g_clear_object (&outbox);

  /* Reopened (the app started again): the same writes, keys and order. */
  outbox = wcc_outbox_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 3);
  after = wcc_outbox_list (outbox);
  g_assert_cmpuint (after->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      WccOutboxEntry *a = g_ptr_array_index (before, i);
      WccOutboxEntry *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (b->path, ==, paths[i]);
      g_assert_cmpstr (b->idempotency_key, ==, a->idempotency_key);
      g_assert_cmpstr (b->body, ==, "{\"n\": 1}");
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (b->idempotency_key, !=, ((WccOutboxEntry *) g_ptr_array_index (after, j))->idempotency_key);
    }
  g_assert_cmpuint (((WccOutboxEntry *) g_ptr_array_index (after, 0))->attempts, ==, 1);

  g_assert_true (wcc_outbox_remove (outbox, ((WccOutboxEntry *) g_ptr_array_index (after, 0))->id, &error));
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 2);
  head = wcc_outbox_peek (outbox);
  g_assert_cmpstr (head->path, ==, paths[1]);

  g_clear_object (&outbox);
  wcc_test_remove_dir (dir);
}

static void
test_wal_mode (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "outbox.sqlite", NULL);
  g_autoptr(WccOutbox) outbox = wcc_outbox_open (path, NULL);
  g_autofree char *mode = NULL;

  g_assert_nonnull (outbox);
  mode = query_text (path, "PRAGMA journal_mode;");
  g_assert_cmpstr (mode, ==, "wal");
  g_clear_object (&outbox);
  wcc_test_remove_dir (dir);
}

static void
test_refuses_secrets (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "outbox.sqlite", NULL);
  g_autoptr(WccOutbox) outbox = wcc_outbox_open (path, NULL);
  const char *secret_bodies[] = {
    "{\"surname\": \"X\", \"password\": \"hunter22\", \"current_password\": \"old\"}",
    "{\"note\": {\"items\": [{\"sip_password\": \"s\"}]}}",
    "{\"token\": \"abc\"}",
  };
  const char *not_objects[] = { "[1, 2]", "not json", "\"text\"" };

  for (guint i = 0; i < G_N_ELEMENTS (secret_bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WccOutboxEntry) entry = wcc_outbox_push (outbox, "PATCH", "/api/v1/me", secret_bodies[i], &error);

      g_assert_null (entry);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WccOutboxEntry) entry = wcc_outbox_push (outbox, "PATCH", "/api/v1/me", not_objects[i], &error);

      g_assert_null (entry);
      g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_JSON);
    }
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 0);
  g_clear_object (&outbox);
  wcc_test_remove_dir (dir);
}

static void
test_newer_schema_left_alone (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "outbox.sqlite", NULL);
  g_autoptr(WccOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  outbox = wcc_outbox_open (path, &error);
  g_assert_null (outbox);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INTERNAL);
  g_assert_cmpint (pragma_int (path, "PRAGMA user_version;"), ==, 99);
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'writes';"), ==, 0);
  wcc_test_remove_dir (dir);
}

static void
test_default_path (void)
{
  g_autofree char *path = wcc_outbox_default_path ("http://127.0.0.1:8080", "1001@demo");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "wcc-desktop",
                                                "outbox-127.0.0.1_8080-1001@demo.sqlite", NULL);
  g_autofree char *odd = wcc_outbox_default_path ("https://example.org", "../../x/y@demo");
  g_autofree char *odd_dir = g_path_get_dirname (odd);
  g_autofree char *odd_name = g_path_get_basename (odd);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "wcc-desktop", NULL);

  g_assert_cmpstr (path, ==, expected);
  /* An account name cannot lead the file out of the folder. */
  g_assert_cmpstr (odd_dir, ==, data_dir);
  g_assert_true (g_str_has_prefix (odd_name, "outbox-example.org-"));
  g_assert_null (strchr (odd_name, '/'));
}

/* An outbox in memory (the data folder cannot be written) works, and leaves no file. */
static void
test_in_memory (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WccOutbox) outbox = NULL;
  g_autoptr(WccOutboxEntry) entry = NULL;

  g_assert_cmpint (g_chdir (dir), ==, 0);
  outbox = wcc_outbox_open (WCC_OUTBOX_IN_MEMORY, &error);
  g_assert_no_error (error);
  entry = wcc_outbox_push (outbox, "PUT", "/api/v1/agent/state", "{}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 1);
  g_assert_false (g_file_test (WCC_OUTBOX_IN_MEMORY, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_clear_object (&outbox);
  wcc_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outbox/order-and-reopen", test_order_and_reopen);
  g_test_add_func ("/outbox/wal-mode", test_wal_mode);
  g_test_add_func ("/outbox/refuses-secrets", test_refuses_secrets);
  g_test_add_func ("/outbox/newer-schema-left-alone", test_newer_schema_left_alone);
  g_test_add_func ("/outbox/default-path", test_default_path);
  g_test_add_func ("/outbox/in-memory", test_in_memory);
  return g_test_run ();
}
