/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyring.c: remembered passwords go into the keyring and come back out (L3). */
#define G_LOG_DOMAIN "test-keyring"

#include "wcc-password-store.h"
#include "wcc-test-util.h"

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
async_wait_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static char *
lookup_sync (const char *server,
             const char *account)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  wcc_password_store_lookup_async (server, account, NULL, async_wait_done, &wait);
  wcc_test_wait_for (&wait.done, 15000);
  result = wait.result;
  password = wcc_password_store_lookup_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

static void
test_store_lookup_clear (void)
{
  const char *server = "http://127.0.0.1:8080";
  g_autoptr(GAsyncResult) save_result = NULL;
  g_autoptr(GAsyncResult) clear_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *other = NULL;
  g_autofree char *after = NULL;
  AsyncWait save_wait = { 0 }, clear_wait = { 0 };

  wcc_test_guard_timeout (40);

  before = lookup_sync (server, "1001@demo");
  g_assert_null (before);

  wcc_password_store_save_async (server, "1001@demo", "s3cret-pass", NULL, async_wait_done, &save_wait);
  wcc_test_wait_for (&save_wait.done, 15000);
  save_result = save_wait.result;
  g_assert_true (wcc_password_store_save_finish (save_result, &error));
  g_assert_no_error (error);

  stored = lookup_sync (server, "1001@demo");
  g_assert_cmpstr (stored, ==, "s3cret-pass");
  /* Keyed by server and account: another account or server finds nothing. */
  other = lookup_sync (server, "1002@demo");
  g_assert_null (other);
  g_clear_pointer (&other, g_free);
  other = lookup_sync ("http://10.0.0.1:8080", "1001@demo");
  g_assert_null (other);

  wcc_password_store_clear_async (server, "1001@demo", NULL, async_wait_done, &clear_wait);
  wcc_test_wait_for (&clear_wait.done, 15000);
  clear_result = clear_wait.result;
  g_assert_true (wcc_password_store_clear_finish (clear_result, &error));
  g_assert_no_error (error);

  after = lookup_sync (server, "1001@demo");
  g_assert_null (after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/store-lookup-clear", test_store_lookup_clear);

  return g_test_run ();
}
