/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the server database: migrations on new and existing files, and its rules. */
#include <sqlite3.h>

#include "wcc-common.h"
#include "wcc-password.h"
#include "wcc-store.h"
#include "wcc-test-util.h"

typedef struct {
  char *dir;
  char *path;
} StoreFixture;

static void
fixture_setup (StoreFixture *fixture, gconstpointer data)
{
  fixture->dir = wcc_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "wcc.db", NULL);
}

static void
fixture_teardown (StoreFixture *fixture, gconstpointer data)
{
  wcc_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
pragma_text (const char *path,
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

static void
test_new_database (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
  g_autofree char *mode = NULL;
  g_autofree char *tables = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (wcc_store_get_version (store), ==, wcc_store_latest_version ());
  g_assert_cmpint (wcc_store_latest_version (), >=, 2);
  mode = pragma_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  tables = pragma_text (fixture->path,
                        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                        " WHERE type = 'table' ORDER BY name)");
  g_assert_cmpstr (tables, ==, "agent_groups,audit_log,clients,group_members,login_attempts,"
                               "login_challenges,login_locks,sessions,user_avatars,users");
}

/* A database made by the first release is upgraded in place, keeping its data. */
static void
test_existing_database_upgrade (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff", 3);
  gint64 client_id, user_id;

  {
    g_autoptr(WccStore) v1 = wcc_store_open_at_version (fixture->path, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (wcc_store_get_version (v1), ==, 1);
    client_id = wcc_store_client_create (v1, "demo", "Demo", &error);
    user_id = wcc_store_user_create (v1, client_id, "1001", "Li", "Wei", WCC_ROLE_AGENT, "$hash", &error);
    g_assert_no_error (error);
    g_assert_cmpint (user_id, >, 0);
  }
  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
    g_autoptr(WccStoreUser) user = NULL;
    g_autoptr(GBytes) back = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (wcc_store_get_version (store), ==, wcc_store_latest_version ());
    user = wcc_store_user_find_by_account (store, "demo", "1001");
    g_assert_nonnull (user);
    g_assert_cmpstr (user->surname, ==, "Li");
    g_assert_false (user->has_avatar);
    /* What migration 2 added works on the old rows. */
    g_assert_true (wcc_store_user_set_avatar (store, client_id, user_id, jpeg, &error));
    g_assert_no_error (error);
    back = wcc_store_user_get_avatar (store, client_id, user_id);
    g_assert_true (g_bytes_equal (back, jpeg));
  }
  /* Opening again is a no-op. */
  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (wcc_store_get_version (store), ==, wcc_store_latest_version ());
  }
}

static void
test_newer_database_refused (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_null (wcc_store_open (fixture->path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "999"));
}

static void
test_not_a_database (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (fixture->path, "this is not SQLite, just text that is long enough"
                                      " to fill a header page of the file format", -1, NULL));
  g_assert_null (wcc_store_open (fixture->path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, fixture->path));
}

static void
test_constraints (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
  gint64 demo = wcc_store_client_create (store, "demo", "Demo", &error);
  gint64 acme = wcc_store_client_create (store, "acme", "Acme", &error);

  g_assert_cmpint (wcc_store_user_create (store, demo, "1001", "", "", WCC_ROLE_AGENT, "h", &error), >, 0);
  /* The same employee ID in another client is another person. */
  g_assert_cmpint (wcc_store_user_create (store, acme, "1001", "", "", WCC_ROLE_AGENT, "h", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (wcc_store_user_create (store, demo, "1001", "", "", WCC_ROLE_AGENT, "h", &error), ==, 0);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (wcc_store_client_create (store, "demo", "Again", &error), ==, 0);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Foreign keys are on: a user of a missing client cannot exist. */
  g_assert_cmpint (wcc_store_user_create (store, 999, "x", "", "", WCC_ROLE_AGENT, "h", &error), ==, 0);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
}

static void
test_challenges_and_attempts (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
  g_autoptr(GBytes) png = g_bytes_new_static ("png", 3);
  gint64 now = 1000000;
  g_autofree char *answer = NULL;
  g_autofree char *again = NULL;

  g_assert_true (wcc_store_challenge_add (store, "c1", "12345", png, now + 300, &error));
  g_assert_nonnull (wcc_store_challenge_get_image (store, "c1", now));
  g_assert_null (wcc_store_challenge_take (store, "c1", now + 301));  /* expired */
  answer = wcc_store_challenge_take (store, "c1", now);
  g_assert_cmpstr (answer, ==, "12345");
  again = wcc_store_challenge_take (store, "c1", now);               /* single use */
  g_assert_null (again);

  for (int i = 0; i < 4; i++)
    wcc_store_login_attempt_add (store, "1001@demo", "10.0.0.1", WCC_LOGIN_FAILED, now - 1000 + i);
  g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 900, FALSE), ==, 0);
  g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 2000, FALSE), ==, 4);
  {
    gint64 pending = wcc_store_login_attempt_add (store, "1001@demo", "10.0.0.1", WCC_LOGIN_PENDING, now - 20);

    /* A check still running counts as a failure until it is known good. */
    g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 2000, FALSE), ==, 5);
    wcc_store_login_attempt_set_outcome (store, pending, WCC_LOGIN_SUCCEEDED);
  }
  /* A success resets the account's count, not the address's. */
  g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 2000, FALSE), ==, 0);
  g_assert_cmpuint (wcc_store_login_failures_for_address (store, "10.0.0.1", now - 2000), ==, 4);
  wcc_store_login_attempt_add (store, "1001@demo", "10.0.0.2", WCC_LOGIN_FAILED, now - 5);
  wcc_store_login_attempt_add (store, "1001@demo", "10.0.0.2", WCC_LOGIN_REFUSED, now - 4);
  g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 2000, FALSE), ==, 2);
  /* Requests refused before a password check do not count toward the lock. */
  g_assert_cmpuint (wcc_store_login_failures_for_account (store, "1001@demo", now - 2000, TRUE), ==, 1);
  g_assert_cmpuint (wcc_store_login_failures_for_address (store, "10.0.0.2", now - 2000), ==, 2);

  wcc_store_login_lock_set (store, "1001@demo", now + 900);
  g_assert_cmpint (wcc_store_login_lock_get (store, "1001@demo", now), ==, now + 900);
  g_assert_cmpint (wcc_store_login_lock_get (store, "1001@demo", now + 901), ==, 0);
  wcc_store_purge (store, now + 1000);
  g_assert_null (wcc_store_challenge_get_image (store, "c1", 0));
}

static void
test_password_hashing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = wcc_password_hash_sync ("s3cret-pass", &error);
  g_autofree char *ha1 = wcc_password_sip_ha1 ("1001", "demo", "sip-secret");
  g_autofree char *token = wcc_password_new_token ();
  g_autofree char *token2 = wcc_password_new_token ();

  g_assert_no_error (error);
  /* Argon2id, never a plain or fast hash. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "s3cret-pass"));
  g_assert_true (wcc_password_verify_sync (hash, "s3cret-pass"));
  g_assert_false (wcc_password_verify_sync (hash, "s3cret-pasS"));
  g_assert_false (wcc_password_verify_sync (NULL, "anything"));
  /* MD5("1001:demo:sip-secret") */
  g_assert_cmpuint (strlen (ha1), ==, 32);
  g_assert_cmpstr (ha1, ==, g_compute_checksum_for_string (G_CHECKSUM_MD5, "1001:demo:sip-secret", -1));
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpstr (token, !=, token2);
  g_assert_true (wcc_password_equal ("abc", "abc"));
  g_assert_false (wcc_password_equal ("abc", "abd"));
  g_assert_false (wcc_password_equal ("abc", "abcd"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (60);
#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/new-database", test_new_database);
  ADD ("/store/existing-database-upgrade", test_existing_database_upgrade);
  ADD ("/store/newer-database-refused", test_newer_database_refused);
  ADD ("/store/not-a-database", test_not_a_database);
  ADD ("/store/constraints", test_constraints);
  ADD ("/store/challenges-and-attempts", test_challenges_and_attempts);
#undef ADD
  g_test_add_func ("/password/hashing", test_password_hashing);
  return g_test_run ();
}
