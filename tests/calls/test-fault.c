/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fault.c: a wcc-server killed outright (SIGKILL) during calls and started again on
 * the same data folder and ports: no call record already written is lost and the open ones
 * are closed as "server restart", registrations come back, no agent is left on a call, and
 * a new queue call reaches a Ready agent again. */
#include <signal.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "wcc-interop.h"
#include "wcc-store.h"
#include "wcc-test-agent.h"
#include "wcc-test-util.h"
#include "wcc-time.h"
#include "wcc-tone-detect.h"

typedef struct {
  char          *data_dir;
  char          *listen;      /* 127.0.0.1:PORT, the same in every run */
  char          *sip;         /* 127.0.0.1:PORT, the same in every run */
  guint16        http_port;
  guint16        sip_port;
  WccTestServer *server;
} Fixture;

static void
fixture_start_server (Fixture *f)
{
  f->server = wcc_test_server_start (f->data_dir, (const char *[]) { "--demo", "--listen", f->listen,
                                                                      "--sip", f->sip, NULL });
  g_assert_cmpuint (f->server->port, ==, f->http_port);
  g_assert_cmpuint (f->server->sip_port, ==, f->sip_port);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->data_dir = wcc_test_make_temp_dir ();
  /* Fixed ports (free now) instead of port 0: the restarted server must be where the
   * phones and the HTTP client already know it. */
  f->http_port = wcc_interop_free_port (1);
  do
    f->sip_port = wcc_interop_free_port (1);
  while (f->sip_port == f->http_port);
  f->listen = g_strdup_printf ("127.0.0.1:%u", f->http_port);
  f->sip = g_strdup_printf ("127.0.0.1:%u", f->sip_port);
  fixture_start_server (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  wcc_test_server_stop (f->server);
  wcc_test_remove_dir (f->data_dir);
  g_free (f->data_dir);
  g_free (f->listen);
  g_free (f->sip);
}

/* SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
static void
fixture_kill_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (f->server->process, SIGKILL);
  g_subprocess_wait (f->server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (f->server->process));
  g_assert_cmpint (g_subprocess_get_term_sig (f->server->process), ==, SIGKILL);
  wcc_test_server_stop (f->server);
  f->server = NULL;
}

static WccStore *
open_store_at (const char *path)
{
  g_autoptr(GError) error = NULL;
  WccStore *store = wcc_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static WccStore *
open_store (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->data_dir, "wcc.db", NULL);

  return open_store_at (path);
}

/* Every call record of the demo client in the database at @path, oldest first, with its
 * legs. */
static GPtrArray *
call_records_at (const char *path)
{
  g_autoptr(WccStore) store = open_store_at (path);
  g_autoptr(WccStoreClient) client = wcc_store_client_find (store, "demo");
  g_autoptr(GPtrArray) newest_first = wcc_store_call_list (store, client->id, 0, FALSE, 0, 50);
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_call_free);

  for (guint i = newest_first->len; i > 0; i--)
    {
      WccStoreCall *call = g_ptr_array_index (newest_first, i - 1);
      g_ptr_array_add (calls, wcc_store_call_find (store, client->id, call->id));
    }
  return calls;
}

static GPtrArray *
call_records (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->data_dir, "wcc.db", NULL);

  return call_records_at (path);
}

/* The live bindings of EMPLOYEE@demo, as "contact" strings. */
static GStrv
bindings_of (Fixture    *f,
             const char *employee)
{
  g_autoptr(WccStore) store = open_store (f);
  g_autoptr(WccStoreUser) user = wcc_store_user_find_by_account (store, "demo", employee);
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(GStrvBuilder) contacts = g_strv_builder_new ();

  g_assert_nonnull (user);
  bindings = wcc_store_sip_binding_list (store, user->client_id, user->id, wcc_time_now ());
  for (guint i = 0; i < bindings->len; i++)
    g_strv_builder_add (contacts, ((WccStoreSipBinding *) g_ptr_array_index (bindings, i))->contact);
  return g_strv_builder_end (contacts);
}

/* An agent's phone registered to the server with the demo SIP password. */
static WccParty *
agent_phone (Fixture    *f,
             const char *employee,
             double      tone)
{
  g_autofree char *password = g_strdup_printf ("sip-%s", employee);
  WccAccountSettings settings = { .user = employee, .domain = "demo", .password = password,
                                  .registrar = f->sip, .bind = "127.0.0.1:0" };

  return wcc_party_new_registered (&settings, tone);
}

static WccParty *
customer (const char *number)
{
  WccAccountSettings settings = { .user = number, .domain = "pstn.example", .bind = "127.0.0.1:0" };

  return wcc_party_new (&settings, 440);
}

static WccCall *
call_queue (Fixture  *f,
            WccParty *caller)
{
  g_autofree char *target = g_strdup_printf ("sip:8001@%s", f->sip);

  return wcc_party_dial (caller, target);
}

static const char *
call_state_name (WccCall *call)
{
  static const char * const names[] = { "dialing", "ringing", "incoming", "active", "ended" };
  WccCallState state = wcc_call_get_state (call);

  return state < G_N_ELEMENTS (names) ? names[state] : "?";
}

static void
assert_state (Fixture    *f,
              const char *token,
              const char *expected)
{
  g_autofree char *state = wcc_test_agent_state (f->server, token, NULL);

  g_assert_cmpstr (state, ==, expected);
}

/* Neither on a call nor ringing, and the registered phones counted again. */
static void
assert_not_stuck (Fixture    *f,
                  const char *employee,
                  const char *token)
{
  guint phones = 0;
  g_autofree char *state = wcc_test_agent_state (f->server, token, &phones);

  g_test_message ("after the restart %s is %s with %u phone(s)", employee, state, phones);
  g_assert_cmpstr (state, !=, "on_call");
  g_assert_cmpstr (state, !=, "ringing");
  g_assert_cmpuint (phones, ==, 1);
}

/* @actual holds the call records of @expected, as they were; with @restarted, the ones
 * @expected had open are closed now as a server restart. */
static void
assert_same_records (GPtrArray *expected,
                     GPtrArray *actual,
                     gboolean   restarted)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      WccStoreCall *old = g_ptr_array_index (expected, i);
      WccStoreCall *now = g_ptr_array_index (actual, i);

      g_assert_cmpint (now->id, ==, old->id);
      g_assert_cmpint (now->direction, ==, old->direction);
      g_assert_cmpint (now->agent_id, ==, old->agent_id);
      g_assert_cmpint (now->offered_at, ==, old->offered_at);
      g_assert_cmpint (now->answered_at, ==, old->answered_at);
      g_assert_cmpuint (now->legs->len, ==, old->legs->len);
      if (old->ended_at != 0)
        {
          g_assert_cmpint (now->ended_at, ==, old->ended_at);
          g_assert_cmpstr (now->hangup_reason, ==, old->hangup_reason);
        }
      else if (restarted)
        {
          g_assert_cmpint (now->ended_at, >=, old->answered_at);
          g_assert_cmpstr (now->hangup_reason, ==, WCC_CALL_REASON_SERVER_RESTART);
          g_assert_cmpint (now->hangup_side, ==, WCC_CALL_SIDE_SERVER);
        }
    }
}

static void
test_killed_during_calls (Fixture *f, gconstpointer data)
{
  const char *employees[] = { "1001", "1002", "1003" };
  WccParty *a = agent_phone (f, "1001", 1000);
  WccParty *b = agent_phone (f, "1002", 1500);
  WccParty *c = agent_phone (f, "1003", 700);
  WccParty *first_customer = customer ("5550100");
  WccParty *second_customer = NULL;
  char *tokens[G_N_ELEMENTS (employees)];
  GStrv bindings_before[G_N_ELEMENTS (employees)];
  g_autoptr(WccCall) finished = NULL;
  g_autoptr(WccCall) internal = NULL;
  g_autoptr(WccCall) queued = NULL;
  g_autoptr(WccCall) after = NULL;
  g_autoptr(WccCall) held_at_b = NULL;
  g_autoptr(WccCall) held_at_c = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) restarted = NULL;
  g_autoptr(GPtrArray) at_end = NULL;
  WccCall *at_b, *at_c;
  guint open_before = 0;

  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    tokens[i] = wcc_test_agent_login (f->server, employees[i], NULL);
  /* Only 1003 takes queue calls: the others leave their groups, whatever their state. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) groups = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/groups", tokens[i],
                                                           "{\"groups\": []}", 200);
    }
  wcc_test_agent_ready (f->server, tokens[2], "8001");

  /* A call that ends before the crash. */
  finished = wcc_party_dial (a, "1002");
  at_b = wcc_party_wait_incoming (b, 5000);
  wcc_interop_wait_call_state (finished, WCC_CALL_ACTIVE, 5000);
  wcc_call_hangup (finished);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ENDED, 5000);
  g_clear_object (&b->last_incoming);

  /* Two calls up when the server dies: agent to agent, and a customer with 1003. */
  internal = wcc_party_dial (a, "1002");
  at_b = wcc_party_wait_incoming (b, 5000);
  wcc_interop_wait_call_state (internal, WCC_CALL_ACTIVE, 5000);
  queued = call_queue (f, first_customer);
  at_c = wcc_party_wait_incoming (c, 5000);
  wcc_interop_wait_call_state (queued, WCC_CALL_ACTIVE, 5000);
  /* Ours: a party lets its last incoming call go when the next one comes. */
  held_at_b = g_object_ref (at_b);
  held_at_c = g_object_ref (at_c);
  wcc_party_assert_hears (b, 1000);
  wcc_party_assert_hears (c, 440);
  assert_state (f, tokens[2], "on_call");

  before = call_records (f);
  g_assert_cmpuint (before->len, ==, 3);
  for (guint i = 0; i < before->len; i++)
    if (((WccStoreCall *) g_ptr_array_index (before, i))->ended_at == 0)
      open_before++;
  g_assert_cmpuint (open_before, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      bindings_before[i] = bindings_of (f, employees[i]);
      g_assert_cmpuint (g_strv_length (bindings_before[i]), ==, 1);
    }

  fixture_kill_server (f);
  fixture_start_server (f);

  /* (a) Every record is still there, with its legs; the open ones are closed as a restart,
   * the one that had ended is as it was. */
  restarted = call_records (f);
  assert_same_records (before, restarted, TRUE);

  /* (b) The bindings outlived the server, and the phones' next REGISTER (a new nonce) is
   * taken: the same contact each. (c) Before that refresh already, no agent is left on a
   * call, and each has their phone again (the sessions outlived the server too). */
  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      g_auto(GStrv) now = bindings_of (f, employees[i]);
      g_assert_true (g_strv_equal ((const char * const *) now, (const char * const *) bindings_before[i]));
      assert_not_stuck (f, employees[i], tokens[i]);
    }
  wcc_account_register (a->account);
  wcc_account_register (b->account);
  wcc_account_register (c->account);
  wcc_party_wait_account (a, WCC_ACCOUNT_REGISTERED, 5000);
  wcc_party_wait_account (b, WCC_ACCOUNT_REGISTERED, 5000);
  wcc_party_wait_account (c, WCC_ACCOUNT_REGISTERED, 5000);
  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      g_auto(GStrv) now = bindings_of (f, employees[i]);
      g_assert_true (g_strv_equal ((const char * const *) now, (const char * const *) bindings_before[i]));
    }

  /* The phones still hold their calls (media runs end to end, without the server); the
   * new server knows none of them, and a hang-up ends each on the phone's side. */
  g_test_message ("phones' calls after the restart: 1001 %s, 1002 %s, customer %s, 1003 %s",
                  call_state_name (internal), call_state_name (at_b),
                  call_state_name (queued), call_state_name (at_c));
  wcc_call_hangup (internal);
  wcc_call_hangup (at_b);
  wcc_call_hangup (queued);
  wcc_call_hangup (at_c);
  wcc_interop_wait_call_state (internal, WCC_CALL_ENDED, 10000);
  wcc_interop_wait_call_state (at_b, WCC_CALL_ENDED, 10000);
  wcc_interop_wait_call_state (queued, WCC_CALL_ENDED, 10000);
  wcc_interop_wait_call_state (at_c, WCC_CALL_ENDED, 10000);
  g_test_message ("their hang-ups: 1001 %s, 1002 %s, customer %s, 1003 %s",
                  wcc_call_get_end_reason (internal), wcc_call_get_end_reason (at_b),
                  wcc_call_get_end_reason (queued), wcc_call_get_end_reason (at_c));

  /* A new queue call reaches 1003 once Ready again, with audio both ways. */
  wcc_test_agent_ready (f->server, tokens[2], "8001");
  second_customer = customer ("5550101");
  g_clear_object (&c->last_incoming);
  after = call_queue (f, second_customer);
  at_c = wcc_party_wait_incoming (c, 5000);
  g_assert_cmpstr (wcc_call_get_remote_number (at_c), ==, "5550101");
  wcc_interop_wait_call_state (after, WCC_CALL_ACTIVE, 5000);
  assert_state (f, tokens[2], "on_call");
  wcc_party_assert_hears (c, 440);
  wcc_party_assert_hears (second_customer, 700);
  wcc_call_hangup (after);
  wcc_interop_wait_call_state (at_c, WCC_CALL_ENDED, 5000);

  /* Only that call was added; the hang-ups of the calls the server had forgotten made no
   * records. */
  at_end = call_records (f);
  g_assert_cmpuint (at_end->len, ==, before->len + 1);
  {
    WccStoreCall *newest = g_ptr_array_index (at_end, at_end->len - 1);

    g_assert_cmpint (newest->direction, ==, WCC_CALL_INBOUND);
    g_assert_cmpstr (newest->customer_number, ==, "5550101");
    g_assert_cmpint (newest->answered_at, >, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      g_free (tokens[i]);
      g_strfreev (bindings_before[i]);
    }
  wcc_party_free (second_customer);
  wcc_party_free (first_customer);
  wcc_party_free (c);
  wcc_party_free (b);
  wcc_party_free (a);
}

/* Runs `wcc-server ARGS…`; returns its exit status, its standard error in @err_out. */
static int
run_server_command (const char * const *args,
                    char              **err_out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_strv_builder_add (builder, g_getenv ("WCC_SERVER_BIN"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err_out, &status, &error);
  g_assert_no_error (error);
  g_test_message ("wcc-server %s: %s%s", args[0], out, err_out != NULL ? *err_out : "");
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}


/* `wcc-server backup` while calls are up takes the database as it is (the calls going on
 * are in it, open); `restore` is refused while the server runs, and once it is stopped puts
 * the backup back — what came after the backup is gone from the server and kept aside —
 * and the server starts on it, closing the calls the backup had open as a restart. */
static void
test_backup_during_calls (Fixture *f, gconstpointer data)
{
  g_autofree char *token = wcc_test_agent_login (f->server, "1003", NULL);
  /* Beside the data folder, not in it. */
  g_autofree char *backup = g_strdup_printf ("%s.backup.db", f->data_dir);
  g_autofree char *backup_copy = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept_name = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) in_backup = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(WccCall) first = NULL;
  g_autoptr(WccCall) second = NULL;
  g_autoptr(GError) error = NULL;
  WccParty *agent = agent_phone (f, "1003", 700);
  WccParty *caller = customer ("5550200");
  WccParty *later_caller = NULL;
  const char *name;
  WccCall *at_agent;
  guint open_calls = 0;

  wcc_test_agent_ready (f->server, token, "8001");
  first = call_queue (f, caller);
  at_agent = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (first, WCC_CALL_ACTIVE, 5000);
  wcc_party_assert_hears (agent, 440);
  assert_state (f, token, "on_call");

  g_assert_cmpint (run_server_command ((const char *[]) { "backup", "--data-dir", f->data_dir, backup, NULL }, NULL),
                   ==, 0);
  /* Read from a copy: opening a database may change it. */
  backup_copy = g_strdup_printf ("%s.copy", backup);
  {
    g_autoptr(GFile) from = g_file_new_for_path (backup);
    g_autoptr(GFile) to = g_file_new_for_path (backup_copy);

    g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  live = call_records (f);
  in_backup = call_records_at (backup_copy);
  assert_same_records (live, in_backup, FALSE);
  for (guint i = 0; i < in_backup->len; i++)
    if (((WccStoreCall *) g_ptr_array_index (in_backup, i))->ended_at == 0)
      open_calls++;
  g_assert_cmpuint (open_calls, ==, 1);

  /* Not under a running server. */
  g_assert_cmpint (run_server_command ((const char *[]) { "restore", "--data-dir", f->data_dir, backup, NULL }, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "stop it first"));

  /* After the backup: the call ends, another comes. */
  wcc_call_hangup (first);
  wcc_interop_wait_call_state (at_agent, WCC_CALL_ENDED, 5000);
  wcc_test_agent_ready (f->server, token, "8001");
  later_caller = customer ("5550201");
  g_clear_object (&agent->last_incoming);
  second = call_queue (f, later_caller);
  at_agent = wcc_party_wait_incoming (agent, 5000);
  wcc_interop_wait_call_state (second, WCC_CALL_ACTIVE, 5000);
  wcc_call_hangup (second);
  wcc_interop_wait_call_state (at_agent, WCC_CALL_ENDED, 5000);

  wcc_test_server_stop (f->server);
  f->server = NULL;
  after = call_records (f);
  g_assert_cmpuint (after->len, ==, live->len + 1);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_server_command ((const char *[]) { "restore", "--data-dir", f->data_dir, backup, NULL }, &err),
                   ==, 0);
  /* What it replaced is kept, with every call. */
  dir = g_dir_open (f->data_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "wcc.db.before-restore-") && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      kept_name = g_build_filename (f->data_dir, name, NULL);
  g_assert_nonnull (kept_name);
  {
    g_autoptr(GPtrArray) kept = call_records_at (kept_name);

    assert_same_records (after, kept, FALSE);
  }

  fixture_start_server (f);
  restored = call_records (f);
  assert_same_records (in_backup, restored, TRUE);
  /* The restored server works: the agent logs in again and the phone registers. */
  g_clear_pointer (&token, g_free);
  token = wcc_test_agent_login (f->server, "1003", NULL);
  wcc_account_register (agent->account);
  wcc_party_wait_account (agent, WCC_ACCOUNT_REGISTERED, 5000);

  g_unlink (backup);
  g_unlink (backup_copy);
  wcc_party_free (later_caller);
  wcc_party_free (caller);
  wcc_party_free (agent);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (150);
  wcc_tone_detect_init ();
  g_test_add ("/calls/fault/killed-during-calls", Fixture, NULL, fixture_set_up,
              test_killed_during_calls, fixture_tear_down);
  g_test_add ("/calls/fault/backup-during-calls", Fixture, NULL, fixture_set_up,
              test_backup_during_calls, fixture_tear_down);
  return g_test_run ();
}
