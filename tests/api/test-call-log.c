/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-call-log.c: the softphone's local stores: the call log (order, missed count, delete,
 * CSV, reopen, owner-only WAL file with a schema version, a bound on its size, a newer file
 * left alone) and the contacts (checks, favourites first, numbers written any way, imports
 * all or nothing, the same card not twice, reopen). */
#define G_LOG_DOMAIN "test-call-log"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "wcc-api.h"
#include "wcc-common.h"
#include "wcc-local-db.h"
#include "wcc-test-util.h"

static int
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (wcc_call_log_flush_finish (WCC_CALL_LOG (source), result, NULL));
  *done = TRUE;
}

/* Waits (on the main loop) until the writes asked for so far are done. */
static void
flush (WccCallLog *log)
{
  gboolean done = FALSE;

  wcc_call_log_flush_async (log, NULL, on_flushed, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  guint position, removed, added, calls;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->calls++;
}

static WccCallRecord *
record_at (GListModel *model,
           guint       position)
{
  WccCallRecord *record = g_list_model_get_item (model, position);
  g_object_unref (record);  /* the model keeps it */
  return record;
}

static void
test_call_log_store (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "calls.sqlite", NULL);
  g_autoptr(WccCallLog) log = NULL;
  g_autoptr(WccCallRecord) missed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  Changes changes = { 0 };
  GStatBuf st;
  guint notified = 0;

  log = wcc_call_log_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == WCC_TYPE_CALL_RECORD);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_signal_connect_swapped (log, "notify::missed-count", G_CALLBACK (g_atomic_int_inc), &notified);

  g_clear_object (&missed);
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "+8613800138000", "", 1000, 65,
                                    WCC_CALL_RECORD_ANSWERED));
  missed = wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "1002", "Li, Wei", 2000, 0, WCC_CALL_RECORD_MISSED);
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "8001", "", 3000, 0, WCC_CALL_RECORD_DECLINED));
  /* A call that started earlier but ended last goes to its place. */
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "1003", "", 1500, 0, WCC_CALL_RECORD_NOT_ANSWERED));
  flush (log);
  g_assert_cmpuint (changes.calls, ==, 4);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), 0)), ==, "8001");
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), 1)), ==, "1002");
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), 2)), ==, "1003");
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), 3)), ==, "+8613800138000");
  g_assert_cmpuint (wcc_call_record_get_duration (record_at (G_LIST_MODEL (log), 3)), ==, 65);
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* Owner-only, WAL, schema version. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (query_int (path, "PRAGMA user_version;"), ==, 1);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode;", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* CSV: a header and one row a call, newest first, the name quoted. */
  csv = wcc_call_log_to_csv (log);
  g_test_message ("%s", csv);
  g_assert_true (g_str_has_prefix (csv, "Direction,Number,Name,Start,Duration (s),Outcome\r\nIncoming,8001,,"));
  g_assert_nonnull (strstr (csv, "Incoming,1002,\"Li, Wei\","));
  g_assert_nonnull (strstr (csv, ",0,Missed\r\n"));
  g_assert_nonnull (strstr (csv, "Outgoing,+8613800138000,,"));
  g_assert_true (g_str_has_suffix (csv, ",65,Answered\r\n"));

  /* Reopened: the same calls, the same missed count. */
  g_clear_object (&log);
  log = wcc_call_log_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 1);
  g_assert_cmpstr (wcc_call_record_get_name (record_at (G_LIST_MODEL (log), 1)), ==, "Li, Wei");

  /* Seen: the count goes to 0 and stays 0; a new missed call counts again. */
  wcc_call_log_mark_seen (log);
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 0);
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "1004", NULL, 4000, 0, WCC_CALL_RECORD_MISSED));
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 1);

  /* Delete: gone from the model and the file. */
  changes.calls = 0;
  g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), &changes);
  wcc_call_log_delete (log, wcc_call_record_get_id (missed));
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
  g_clear_object (&log);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM calls WHERE number = '1002';"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM calls;"), ==, 4);
  wcc_test_remove_dir (dir);
}

/* Writing never holds the caller up: with another connection holding the file's write lock
 * (the log would wait up to its busy timeout, 2 s), adding, deleting and marking return at
 * once and the model shows them; once the lock goes, the file gets them in their order. */
static void
test_call_log_writes_behind (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "calls.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCallLog) log = wcc_call_log_open (path, &error);
  g_autoptr(WccCallRecord) first = NULL;
  sqlite3 *blocker = NULL;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE;", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  first = wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "1002", NULL, 1000, 0, WCC_CALL_RECORD_MISSED);
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "1003", NULL, 2000, 5, WCC_CALL_RECORD_ANSWERED));
  wcc_call_log_delete (log, wcc_call_record_get_id (first));
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "1004", NULL, 3000, 0, WCC_CALL_RECORD_MISSED));
  wcc_call_log_mark_seen (log);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 0);

  g_usleep (300 * 1000);
  g_assert_cmpint (sqlite3_exec (blocker, "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);
  flush (log);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM calls;"), ==, 2);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM calls WHERE number = '1002';"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM calls WHERE seen = 0;"), ==, 0);

  /* Ids go on from the file's after a reopen. */
  g_clear_object (&log);
  log = wcc_call_log_open (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(WccCallRecord) next = wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "1005", NULL, 4000, 1,
                                                      WCC_CALL_RECORD_ANSWERED);
    g_assert_cmpint (wcc_call_record_get_id (next), ==, 4);
  }
  flush (log);
  g_assert_cmpint (query_int (path, "SELECT max(id) FROM calls;"), ==, 4);
  g_clear_object (&log);
  wcc_test_remove_dir (dir);
}

static void
on_write_failed (WccCallLog *log,
                 const char *message,
                 char      **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

/* A write the file refuses is reported, not dropped in silence. */
static void
test_call_log_write_failed (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "calls.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCallLog) log = wcc_call_log_open (path, &error);
  g_autofree char *failure = NULL;
  sqlite3 *vandal = NULL;

  g_assert_no_error (error);
  g_signal_connect (log, "write-failed", G_CALLBACK (on_write_failed), &failure);
  g_assert_cmpint (sqlite3_open (path, &vandal), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (vandal, "DROP TABLE calls;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (vandal);
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "1003", NULL, 2000, 5, WCC_CALL_RECORD_ANSWERED));
  flush (log);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_message ("%s", failure);
  g_assert_nonnull (failure);
  g_assert_nonnull (strstr (failure, "The call log"));
  g_clear_object (&log);
  wcc_test_remove_dir (dir);
}

/* The log keeps the newest WCC_CALL_LOG_MAX_CALLS calls. */
static void
test_call_log_bound (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccCallLog) log = wcc_call_log_open (WCC_LOCAL_DB_IN_MEMORY, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < WCC_CALL_LOG_MAX_CALLS + 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", 1000 + i);
      g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, number, NULL, 100 + i, 1,
                                        WCC_CALL_RECORD_ANSWERED));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, WCC_CALL_LOG_MAX_CALLS);
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), 0)), ==, "2004");
  g_assert_cmpstr (wcc_call_record_get_number (record_at (G_LIST_MODEL (log), WCC_CALL_LOG_MAX_CALLS - 1)), ==, "1005");
}

static void
test_call_log_newer_file (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "calls.sqlite", NULL);
  g_autoptr(WccCallLog) log = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 7;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  log = wcc_call_log_open (path, &error);
  g_assert_null (log);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INTERNAL);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_cmpint (query_int (path, "PRAGMA user_version;"), ==, 7);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_master;"), ==, 0);
  wcc_test_remove_dir (dir);
}

static void
test_default_paths (void)
{
  g_autofree char *calls = wcc_call_log_default_path ("http://127.0.0.1:8080", "1001@demo");
  g_autofree char *contacts = wcc_contact_list_default_path ("http://127.0.0.1:8080", "../x@demo");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "wcc-desktop",
                                                "calls-127.0.0.1_8080-1001@demo.sqlite", NULL);
  g_autofree char *contacts_dir = g_path_get_dirname (contacts);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "wcc-desktop", NULL);

  g_assert_cmpstr (calls, ==, expected);
  g_assert_cmpstr (contacts_dir, ==, data_dir);
}

static const char *
name_at (WccContactList *list,
         guint           position)
{
  g_autoptr(WccContact) contact = g_list_model_get_item (G_LIST_MODEL (list), position);
  return contact ? wcc_contact_get_name (contact) : NULL;
}

static void
test_contacts_store (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contacts.sqlite", NULL);
  g_autoptr(WccContactList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccContact) zoe = NULL;
  g_autoptr(WccContact) li = NULL;
  Changes changes = { 0 };
  GStatBuf st;

  list = wcc_contact_list_open (path, &error);
  g_assert_no_error (error);

  /* Checks: a name, a number with digits. */
  g_assert_null (wcc_contact_list_add (list, "  ", (const char *[]) { "100", NULL }, FALSE, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_null (wcc_contact_list_add (list, "Nobody", (const char *[]) { " ", NULL }, FALSE, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_null (wcc_contact_list_add (list, "Letters", (const char *[]) { "call me", NULL }, FALSE, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
  zoe = wcc_contact_list_add (list, " Zoë ", (const char *[]) { "+33 1 23 45 67 89", "", NULL }, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wcc_contact_get_name (zoe), ==, "Zoë");
  g_assert_cmpuint (g_strv_length ((GStrv) wcc_contact_get_numbers (zoe)), ==, 1);
  li = wcc_contact_list_add (list, "li wei", (const char *[]) { "+86 138 0013 8000", "1002", NULL }, FALSE, &error);
  g_object_unref (wcc_contact_list_add (list, "Anna", (const char *[]) { "200", NULL }, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name_at (list, 0), ==, "Anna");
  g_assert_cmpstr (name_at (list, 1), ==, "li wei");
  g_assert_cmpstr (name_at (list, 2), ==, "Zoë");

  /* A favourite comes first. */
  changes.calls = 0;
  g_assert_true (wcc_contact_list_set_favourite (list, zoe, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_contact_get_favourite (zoe));
  g_assert_cmpstr (name_at (list, 0), ==, "Zoë");
  g_assert_cmpstr (name_at (list, 1), ==, "Anna");
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 3);

  /* Numbers written any way find their contact. */
  g_assert_true (wcc_contact_list_find_number (list, "8613800138000") == li);
  g_assert_true (wcc_contact_list_find_number (list, "013800138000") == li);
  g_assert_true (wcc_contact_list_find_number (list, "1002") == li);
  g_assert_null (wcc_contact_list_find_number (list, "1003"));

  /* Edit, and a bad edit changes nothing. */
  g_assert_true (wcc_contact_list_update (list, li, "Li Wei", (const char *[]) { "1002", NULL }, FALSE, &error));
  g_assert_cmpstr (wcc_contact_get_name (li), ==, "Li Wei");
  g_assert_false (wcc_contact_list_update (list, li, "", (const char *[]) { "1003", NULL }, FALSE, &error));
  g_clear_error (&error);
  g_assert_cmpstr (wcc_contact_get_numbers (li)[0], ==, "1002");

  /* Reopened: the same contacts in the same order. */
  g_clear_object (&list);
  list = wcc_contact_list_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (name_at (list, 0), ==, "Zoë");
  g_assert_cmpstr (name_at (list, 2), ==, "Li Wei");
  {
    g_autoptr(WccContact) again = g_list_model_get_item (G_LIST_MODEL (list), 2);
    g_assert_true (wcc_contact_list_remove (list, again, &error));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_clear_object (&list);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM numbers;"), ==, 2);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  wcc_test_remove_dir (dir);
}

/* An import with one bad card adds nothing; a good one adds every card once. */
static void
test_contacts_import (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contacts.sqlite", NULL);
  g_autoptr(WccContactList) list = NULL;
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vcard = NULL;
  Changes changes = { 0 };

  list = wcc_contact_list_open (path, &error);
  g_assert_no_error (error);
  g_object_unref (wcc_contact_list_add (list, "Existing", (const char *[]) { "300", NULL }, TRUE, &error));
  g_ptr_array_add (cards, wcc_contact_card_new ("山田 太郎", (const char *[]) { "090-8765-4321", NULL }));
  g_ptr_array_add (cards, wcc_contact_card_new ("Existing", (const char *[]) { "300", NULL }));
  g_ptr_array_add (cards, wcc_contact_card_new ("Broken", (const char *[]) { "no digits", NULL }));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_cmpint (wcc_contact_list_import (list, cards, &error), ==, -1);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Contact 3 in the file: "));
  g_clear_error (&error);
  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM contacts;"), ==, 1);

  g_ptr_array_remove_index (cards, 2);
  g_ptr_array_add (cards, wcc_contact_card_new ("山田 太郎", (const char *[]) { "090-8765-4321", NULL }));
  g_assert_cmpint (wcc_contact_list_import (list, cards, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (wcc_contact_list_import (list, cards, &error), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* Out again as a vCard file, favourites first. */
  out = wcc_contact_list_to_cards (list);
  vcard = wcc_vcard_write (out);
  g_assert_true (g_str_has_prefix (vcard, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Existing\r\n"));
  g_assert_nonnull (strstr (vcard, "FN:山田 太郎\r\n"));
  g_clear_object (&list);
  wcc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (60);

  g_test_add_func ("/call-log/store", test_call_log_store);
  g_test_add_func ("/call-log/bound", test_call_log_bound);
  g_test_add_func ("/call-log/writes-behind", test_call_log_writes_behind);
  g_test_add_func ("/call-log/write-failed", test_call_log_write_failed);
  g_test_add_func ("/call-log/newer-file-left-alone", test_call_log_newer_file);
  g_test_add_func ("/call-log/default-paths", test_default_paths);
  g_test_add_func ("/contacts/store", test_contacts_store);
  g_test_add_func ("/contacts/import-all-or-nothing", test_contacts_import);

  return g_test_run ();
}
