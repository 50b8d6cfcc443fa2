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
  g_assert_cmpstr (tables, ==, "agent_groups,agent_sign_ins,agent_state_log,agent_status,announcement_groups,announcement_seen,announcements,"
                               "audit_log,call_legs,call_recordings,call_results,calls,"
                               "chat_conversations,chat_messages,chat_pushes,chat_reads,"
                               "clients,contact_record_answers,contact_records,customer_appointments,"
                               "customer_notes,customer_orders,customer_packages,customer_phones,customer_sms,"
                               "customer_tag_links,customer_tags,customers,group_members,idempotency_keys,"
                               "import_job_lines,import_jobs,kb_attachments,kb_categories,kb_chars,kb_chars_config,"
                               "kb_chars_content,kb_chars_data,kb_chars_docsize,kb_chars_idx,kb_fts,kb_fts_config,"
                               "kb_fts_content,kb_fts_data,kb_fts_docsize,kb_fts_idx,kb_history,kb_item_categories,"
                               "kb_items,login_attempts,login_challenges,login_locks,"
                               "notifications,number_requests,pause_reasons,product_types,questionnaire_questions,"
                               "questionnaires,related_contacts,sessions,sip_bindings,task_call_results,"
                               "task_groups,tasks,ticket_changes,ticket_choices,ticket_comments,tickets,todos,"
                               "user_avatars,users");
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

/* Queues, pause reasons and sign-ins (migration 4) on a database from before it. */
static void
test_queues_and_agents (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = NULL;
  g_autoptr(WccStoreQueue) queue = NULL;
  g_autoptr(WccStoreQueue) by_number = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GArray) agents = NULL;
  g_autoptr(GArray) sign_ins = NULL;
  gint64 demo, acme, sales, service, acme_group, agent, admin, automatic;
  WccStoreAgent found;

  {
    g_autoptr(WccStore) v3 = wcc_store_open_at_version (fixture->path, 3, &error);
    g_assert_no_error (error);
    demo = wcc_store_client_create (v3, "demo", "Demo", &error);
    sales = wcc_store_group_create (v3, demo, "Sales", &error);
    g_assert_no_error (error);
  }
  store = wcc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  acme = wcc_store_client_create (store, "acme", "Acme", &error);
  service = wcc_store_group_create (store, demo, "Service", &error);
  acme_group = wcc_store_group_create (store, acme, "Sales", &error);
  agent = wcc_store_user_create (store, demo, "1001", "", "", WCC_ROLE_AGENT | WCC_ROLE_LEADER, "h", &error);
  admin = wcc_store_user_create (store, demo, "admin", "", "", WCC_ROLE_CLIENT_ADMIN, "h", &error);
  g_assert_true (wcc_store_group_add_member (store, demo, sales, agent, FALSE, &error));
  g_assert_no_error (error);

  /* The old group has the default settings; numbers are unique per client only. */
  queue = wcc_store_queue_find (store, demo, sales);
  g_assert_nonnull (queue);
  g_assert_null (queue->queue_number);
  g_assert_cmpuint (queue->ring_timeout, ==, 20);
  g_free (queue->queue_number);
  queue->queue_number = g_strdup ("8001");
  queue->after_call_work = -1;
  g_assert_true (wcc_store_queue_update (store, queue, &error));
  g_assert_no_error (error);
  by_number = wcc_store_queue_find_by_number (store, demo, "8001");
  g_assert_nonnull (by_number);
  g_assert_cmpint (by_number->id, ==, sales);
  g_assert_cmpint (by_number->after_call_work, ==, -1);
  g_assert_null (wcc_store_queue_find_by_number (store, acme, "8001"));
  queue->id = service;
  g_assert_false (wcc_store_queue_update (store, queue, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  queue->id = acme_group;
  queue->client_id = acme;
  g_assert_true (wcc_store_queue_update (store, queue, &error));
  g_assert_no_error (error);
  g_assert_null (wcc_store_queue_find (store, demo, acme_group));

  /* The migration gave the old client its automatic reason; the new one gets it on demand. */
  automatic = wcc_store_pause_reason_get_automatic (store, demo);
  g_assert_cmpint (automatic, >, 0);
  g_assert_cmpint (wcc_store_pause_reason_get_automatic (store, demo), ==, automatic);
  g_assert_cmpint (wcc_store_pause_reason_create (store, demo, "Lunch", 2, &error), >, 0);
  g_assert_cmpint (wcc_store_pause_reason_create (store, demo, "Break", 1, &error), >, 0);
  g_assert_no_error (error);
  reasons = wcc_store_pause_reason_list (store, demo);
  g_assert_cmpuint (reasons->len, ==, 3);
  g_assert_cmpstr (((WccStorePauseReason *) g_ptr_array_index (reasons, 0))->label, ==, "Break");
  g_assert_true (((WccStorePauseReason *) g_ptr_array_index (reasons, 2))->automatic);
  g_assert_null (wcc_store_pause_reason_find (store, acme, automatic));
  g_assert_cmpint (wcc_store_pause_reason_get_automatic (store, acme), !=, automatic);

  /* Agents are users with the agent role; their pause outlives the process. */
  agents = wcc_store_agent_list (store, 0);
  g_assert_cmpuint (agents->len, ==, 1);
  g_assert_cmpint (g_array_index (agents, WccStoreAgent, 0).user_id, ==, agent);
  g_assert_false (wcc_store_agent_find (store, demo, admin, &found));
  g_assert_false (wcc_store_agent_find (store, acme, agent, &found));
  wcc_store_agent_set_pause_reason (store, agent, automatic);
  g_assert_true (wcc_store_agent_find (store, demo, agent, &found));
  g_assert_cmpint (found.pause_reason_id, ==, automatic);

  /* Sign-ins: only the agent's own groups; a refused set changes nothing. */
  g_assert_true (wcc_store_agent_set_sign_ins (store, demo, agent, &sales, 1, &error));
  g_assert_no_error (error);
  {
    gint64 both[] = { sales, service };
    g_assert_false (wcc_store_agent_set_sign_ins (store, demo, agent, both, 2, &error));
    g_assert_error (error, WCC_ERROR, WCC_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }
  g_assert_false (wcc_store_agent_set_sign_ins (store, acme, agent, &sales, 1, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  sign_ins = wcc_store_agent_get_sign_ins (store, demo, agent);
  g_assert_cmpuint (sign_ins->len, ==, 1);
  g_assert_cmpint (g_array_index (sign_ins, gint64, 0), ==, sales);
  g_assert_true (wcc_store_agent_set_sign_ins (store, demo, agent, NULL, 0, &error));
  g_clear_pointer (&sign_ins, g_array_unref);
  sign_ins = wcc_store_agent_get_sign_ins (store, demo, agent);
  g_assert_cmpuint (sign_ins->len, ==, 0);
}

/* Call records are written as the call goes, and a crash leaves nothing open for good. */
static void
test_call_records (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 demo, acme, sales, agent, other, first, second, leg;
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);

    demo = wcc_store_client_create (store, "demo", "Demo", &error);
    acme = wcc_store_client_create (store, "acme", "Acme", &error);
    sales = wcc_store_group_create (store, demo, "Sales", &error);
    agent = wcc_store_user_create (store, demo, "1001", "", "", WCC_ROLE_AGENT, "h", &error);
    other = wcc_store_user_create (store, acme, "1001", "", "", WCC_ROLE_AGENT, "h", &error);
    g_assert_no_error (error);

    first = wcc_store_call_create (store, demo, WCC_CALL_INBOUND, "+8613800000000", "8001", sales, t0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (wcc_store_call_add_leg (store, first, WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000000@pstn",
                                             "+8613800000000", "trunk", t0, &error), >, 0);
    leg = wcc_store_call_add_leg (store, first, WCC_CALL_SIDE_CALLEE, agent, "sip:1001@demo", "1001",
                                  "wcc-agent", t0 + 1000, &error);
    g_assert_cmpint (leg, >, 0);
    g_assert_true (wcc_store_call_leg_set_answered (store, leg, t0 + 5 * G_USEC_PER_SEC, &error));
    g_assert_true (wcc_store_call_set_agent (store, first, agent, &error));
    g_assert_true (wcc_store_call_set_answered (store, first, t0 + 5 * G_USEC_PER_SEC, &error));
    g_assert_true (wcc_store_call_set_answered (store, first, t0 + 9 * G_USEC_PER_SEC, &error));
    g_assert_no_error (error);
    /* No agent of another client. */
    g_assert_false (wcc_store_call_set_agent (store, first, other, &error));
    g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_true (wcc_store_call_end (store, first, t0 + 65 * G_USEC_PER_SEC, "normal",
                                       WCC_CALL_SIDE_CALLER, &error));
    g_assert_no_error (error);
    g_assert_false (wcc_store_call_end (store, first, t0 + 70 * G_USEC_PER_SEC, "normal",
                                        WCC_CALL_SIDE_CALLEE, &error));
    g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
    g_clear_error (&error);

    /* The second call is going on when the process dies. */
    second = wcc_store_call_create (store, demo, WCC_CALL_OUTBOUND, "1001", "+81300000000", 0,
                                    t0 + 100 * G_USEC_PER_SEC, &error);
    wcc_store_call_add_leg (store, second, WCC_CALL_SIDE_CALLER, agent, "sip:1001@demo", "1001", "", t0, &error);
    g_assert_no_error (error);
    g_assert_true (wcc_store_call_attach (store, demo, second, 42, 7, 0, &error));
    g_assert_false (wcc_store_call_attach (store, acme, second, 42, 7, 0, &error));
    g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (wcc_store_call_attach (store, demo, second, 43, -1, 1, &error));
    g_assert_error (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT);
    g_clear_error (&error);
  }
  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);

    g_assert_cmpuint (wcc_store_call_close_open (store, t0 + 200 * G_USEC_PER_SEC,
                                                 WCC_CALL_REASON_SERVER_RESTART), ==, 1);
    g_assert_cmpuint (wcc_store_call_close_open (store, t0 + 300 * G_USEC_PER_SEC,
                                                 WCC_CALL_REASON_SERVER_RESTART), ==, 0);

    call = wcc_store_call_find (store, demo, first);
    g_assert_nonnull (call);
    g_assert_cmpint (call->direction, ==, WCC_CALL_INBOUND);
    g_assert_cmpstr (call->customer_number, ==, "+8613800000000");
    g_assert_cmpint (call->group_id, ==, sales);
    g_assert_cmpint (call->agent_id, ==, agent);
    g_assert_cmpint (call->answered_at, ==, t0 + 5 * G_USEC_PER_SEC);
    g_assert_cmpint (call->ended_at, ==, t0 + 65 * G_USEC_PER_SEC);
    g_assert_cmpstr (call->hangup_reason, ==, "normal");
    g_assert_cmpint (call->hangup_side, ==, WCC_CALL_SIDE_CALLER);
    g_assert_cmpuint (call->legs->len, ==, 2);
    g_assert_cmpint (((WccStoreCallLeg *) g_ptr_array_index (call->legs, 1))->ended_at, ==, t0 + 65 * G_USEC_PER_SEC);
    g_clear_pointer (&call, wcc_store_call_free);

    call = wcc_store_call_find (store, demo, second);
    g_assert_cmpstr (call->customer_number, ==, "+81300000000");
    g_assert_cmpstr (call->hangup_reason, ==, WCC_CALL_REASON_SERVER_RESTART);
    g_assert_cmpint (call->hangup_side, ==, WCC_CALL_SIDE_SERVER);
    g_assert_cmpint (call->ended_at, ==, t0 + 200 * G_USEC_PER_SEC);
    g_assert_cmpint (call->task_id, ==, 42);
    g_assert_cmpint (call->customer_id, ==, 7);
    g_assert_cmpint (((WccStoreCallLeg *) g_ptr_array_index (call->legs, 0))->ended_at, ==, t0 + 200 * G_USEC_PER_SEC);
    g_assert_null (wcc_store_call_find (store, acme, second));

    /* Newest first, pages by id, the agent's own through the agent column or a leg. */
    list = wcc_store_call_list (store, demo, agent, FALSE, 0, 1);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpint (((WccStoreCall *) g_ptr_array_index (list, 0))->id, ==, second);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = wcc_store_call_list (store, demo, agent, FALSE, second, 10);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpint (((WccStoreCall *) g_ptr_array_index (list, 0))->id, ==, first);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = wcc_store_call_list (store, acme, 0, FALSE, 0, 10);
    g_assert_cmpuint (list->len, ==, 0);
  }
}

/* How many rows another connection sees: what is on disk, not in the store's queue. */
static gint64
rows_on_disk (StoreFixture *fixture,
              const char   *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *count = pragma_text (fixture->path, sql);

  return g_ascii_strtoll (count, NULL, 10);
}

/* The B2BUA's call records are written behind its routing: ids at once, the rows from an
 * idle of low priority in one transaction; any query of calls, any transaction (even one
 * that rolls back) and closing the store write them first. */
static void
test_call_records_written_behind (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreCall) call = NULL;
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  gint64 demo, first, second, third, leg, sync_call;

  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);

    demo = wcc_store_client_create (store, "demo", "Demo", &error);
    g_assert_no_error (error);
    first = wcc_store_call_create_later (store, demo, WCC_CALL_INBOUND, "+8613800000001", "8001", 0, t0);
    leg = wcc_store_call_add_leg_later (store, first, WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000001@pstn",
                                        "+8613800000001", "", t0);
    second = wcc_store_call_create_later (store, demo, WCC_CALL_INBOUND, "+8613800000002", "8001", 0, t0);
    g_assert_cmpint (first, >, 0);
    g_assert_cmpint (leg, >, 0);
    g_assert_cmpint (second, ==, first + 1);
    /* Nothing written yet: the routing goes on first. */
    g_assert_cmpint (rows_on_disk (fixture, "calls"), ==, 0);
    g_assert_cmpint (rows_on_disk (fixture, "call_legs"), ==, 0);
    /* The loop's next idle moment writes them. */
    while (rows_on_disk (fixture, "calls") < 2)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (rows_on_disk (fixture, "call_legs"), ==, 1);

    /* A query of calls never misses a queued row. */
    third = wcc_store_call_create_later (store, demo, WCC_CALL_OUTBOUND, "1001", "+81300000003", 0, t0);
    call = wcc_store_call_find (store, demo, third);
    g_assert_nonnull (call);
    g_assert_cmpstr (call->customer_number, ==, "+81300000003");
    g_clear_pointer (&call, wcc_store_call_free);

    /* A transaction that rolls back does not take queued rows with it. */
    wcc_store_call_add_leg_later (store, third, WCC_CALL_SIDE_CALLER, 0, "sip:1001@demo", "1001", "", t0);
    g_assert_true (wcc_store_begin (store, &error));
    wcc_store_rollback (store);
    g_assert_cmpint (rows_on_disk (fixture, "call_legs"), ==, 2);

    /* The direct way shares the ids, and reports a row that cannot be written. */
    sync_call = wcc_store_call_create (store, demo, WCC_CALL_INBOUND, "+8613800000004", "8001", 0, t0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sync_call, ==, third + 1);
    g_assert_cmpint (wcc_store_call_add_leg (store, sync_call + 100, WCC_CALL_SIDE_CALLER, 0, "", "", "", t0, &error), ==, 0);
    g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* Closing the store writes what is still queued. */
    wcc_store_call_create_later (store, demo, WCC_CALL_INBOUND, "+8613800000005", "8001", 0, t0);
  }
  g_assert_cmpint (rows_on_disk (fixture, "calls"), ==, 5);
  {
    g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);

    /* Ids go on after the highest one on disk. */
    g_assert_cmpint (wcc_store_call_create_later (store, demo, WCC_CALL_INBOUND, "+8613800000006", "8001", 0, t0),
                     ==, sync_call + 2);
  }
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

/* WAL checkpoints run on the store's own thread: early when the log grows, else every ten
 * seconds; the main connection never checkpoints (its fsync stalled the main loop), and
 * nothing written is lost across a close and reopen. */
static void
test_checkpoints_off_thread (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (fixture->path, &error);
  g_autofree char *autocheckpoint = NULL;
  gint64 deadline;

  g_assert_no_error (error);
  /* Each a commit of a page or more: past the early threshold. */
  for (guint i = 0; i < 6000; i++)
    wcc_store_audit (store, 0, 0, "test.checkpoint", "a row to fill the write-ahead log", NULL);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (wcc_store_get_checkpoint_count (store) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  /* Asked for once per stretch of log, not on every commit past the mark (that kept the
   * thread copying without end while the writer waited on it). */
  for (guint i = 0; i < 500; i++)
    wcc_store_audit (store, 0, 0, "test.checkpoint", "more", NULL);
  g_assert_cmpuint (wcc_store_get_checkpoint_count (store), <, 10);
  g_clear_object (&store);
  store = wcc_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wcc_store_audit_count (store, "test.checkpoint"), ==, 6500);
  /* What a new connection gets by default stays; ours is switched off in the store. */
  autocheckpoint = pragma_text (fixture->path, "PRAGMA wal_autocheckpoint");
  g_assert_cmpstr (autocheckpoint, ==, "1000");
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
  ADD ("/store/queues-and-agents", test_queues_and_agents);
  ADD ("/store/call-records", test_call_records);
  ADD ("/store/call-records-written-behind", test_call_records_written_behind);
  ADD ("/store/checkpoints-off-thread", test_checkpoints_off_thread);
#undef ADD
  g_test_add_func ("/password/hashing", test_password_hashing);
  return g_test_run ();
}
