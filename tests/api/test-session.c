/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: WccSession against a real wcc-server: writes online, writes kept in the
 * outbox while the server is down and applied once when it is back, refused writes reported,
 * the outbox surviving an application restart, properties following agent.state events. */
#define _GNU_SOURCE   /* memmem */
#define G_LOG_DOMAIN "test-session"

#include <string.h>

#include "test-api-util.h"
#include "wcc-test-agent.h"

typedef struct {
  char          *data_dir;     /* the server's, kept across its restarts */
  char          *outbox_dir;
  char          *outbox_path;
  char          *listen;       /* 127.0.0.1:PORT, the same after a restart */
  WccTestServer *server;
  char          *token;        /* the test's own login, for checks over plain HTTP */
  gint64         user_id;
  WccClient     *client;
  WccSession    *session;
  GPtrArray     *failures;     /* "METHOD PATH code" of write-failed */
  GPtrArray     *refused;      /* the WccRefusedWrite of each write-failed */
} Fixture;

static void
on_write_failed (WccSession      *session,
                 const char      *method,
                 const char      *path,
                 GError          *error,
                 WccRefusedWrite *write,
                 Fixture         *f)
{
  g_assert_true (error->domain == WCC_ERROR);
  g_assert_nonnull (write);
  g_ptr_array_add (f->failures, g_strdup_printf ("%s %s %s", method, path,
                                                 wcc_error_code_to_string (error->code)));
  g_ptr_array_add (f->refused, wcc_refused_write_copy (write));
}

static WccSession *
new_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = NULL;
  WccSession *session;

  g_clear_object (&f->client);
  f->client = wcc_client_new (f->server->base_url);
  user = login_sync (f->client, "1001@demo", "wcc-1001", &error);
  g_assert_no_error (error);
  session = wcc_session_new (f->client, f->outbox_path, &error);
  g_assert_no_error (error);
  g_signal_connect (session, "write-failed", G_CALLBACK (on_write_failed), f);
  return session;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  wcc_test_guard_timeout (150);
  f->data_dir = wcc_test_make_temp_dir ();
  f->outbox_dir = wcc_test_make_temp_dir ();
  f->outbox_path = g_build_filename (f->outbox_dir, "outbox.sqlite", NULL);
  f->failures = g_ptr_array_new_with_free_func (g_free);
  f->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_refused_write_free);
  f->server = wcc_test_server_start (f->data_dir, (const char *[]) { "--demo", NULL });
  f->listen = g_strdup_printf ("127.0.0.1:%u", f->server->port);
  f->token = wcc_test_agent_login (f->server, "1001", &f->user_id);
  f->session = new_session (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->session != NULL)
    wcc_session_stop (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->client);
  wcc_test_server_stop (f->server);
  wcc_test_remove_dir (f->data_dir);
  wcc_test_remove_dir (f->outbox_dir);
  g_ptr_array_unref (f->failures);
  g_ptr_array_unref (f->refused);
  g_free (f->data_dir);
  g_free (f->outbox_dir);
  g_free (f->outbox_path);
  g_free (f->listen);
  g_free (f->token);
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @done holds; fails the test after 40 s. */
static void
wait_until (Fixture    *f,
            Condition   done,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, on_wake, NULL);

  while (!done (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("not reached within 40 s: %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
is_online (Fixture *f)
{
  return wcc_session_get_connection (f->session) == WCC_CONNECTION_ONLINE &&
         wcc_session_get_agent_state (f->session) != WCC_AGENT_STATE_UNKNOWN &&
         g_list_model_get_n_items (wcc_session_get_member_of (f->session)) > 0;
}

static gboolean
is_offline (Fixture *f)
{
  return wcc_session_get_connection (f->session) == WCC_CONNECTION_OFFLINE;
}

static gboolean
nothing_pending (Fixture *f)
{
  return wcc_session_get_pending_changes (f->session) == 0;
}

static void
start_online (Fixture *f)
{
  wcc_session_start (f->session);
  wait_until (f, is_online, "online with the agent's state and groups read");
}

static void
stop_server (Fixture *f)
{
  wcc_test_server_stop (f->server);
  f->server = NULL;
  wait_until (f, is_offline, "offline after the server stopped");
}

static void
restart_server (Fixture *f)
{
  f->server = wcc_test_server_start (f->data_dir, (const char *[]) { "--demo", "--listen", f->listen, NULL });
}

/* The id of a pause reason of the demo client by its label. */
static gint64
reason_id (Fixture    *f,
           const char *label)
{
  g_autoptr(JsonObject) reasons = wcc_test_api_request (f->server, "GET", "/api/v1/pause-reasons", f->token, NULL, 200);
  JsonArray *items = json_object_get_array_member (reasons, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *reason = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (reason, "label"), label))
        return json_object_get_int_member (reason, "id");
    }
  g_error ("no pause reason %s", label);
}

static gint64
sales_group (Fixture *f)
{
  g_autoptr(JsonObject) groups = wcc_test_api_request (f->server, "GET", "/api/v1/agent/groups", f->token, NULL, 200);
  JsonArray *member_of = json_object_get_array_member (groups, "member_of");

  for (guint i = 0; i < json_array_get_length (member_of); i++)
    {
      JsonObject *group = json_array_get_object_element (member_of, i);

      if (g_str_equal (json_object_get_string_member (group, "name"), "Sales"))
        return json_object_get_int_member (group, "id");
    }
  g_error ("1001 is not in Sales");
}

/* The server's pause reason label of the agent (NULL: none). */
static char *
server_pause_reason (Fixture *f)
{
  g_autoptr(JsonObject) state = wcc_test_api_request (f->server, "GET", "/api/v1/agent/state", f->token, NULL, 200);
  JsonNode *reason = json_object_get_member (state, "pause_reason");

  if (!JSON_NODE_HOLDS_OBJECT (reason))
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (reason), "label"));
}

static JsonObject *
server_me (Fixture *f)
{
  return wcc_test_api_request (f->server, "GET", "/api/v1/me", f->token, NULL, 200);
}

/* What the server holds after the outbox was sent: the pause reason, the surname and the
 * user's version (one step per applied edit: a second application would show). */
static void
assert_server_has (Fixture    *f,
                   const char *reason,
                   const char *surname,
                   gint64      version)
{
  g_autofree char *server_reason = server_pause_reason (f);
  g_autoptr(JsonObject) me = server_me (f);

  g_assert_cmpstr (server_reason, ==, reason);
  g_assert_cmpstr (json_object_get_string_member (me, "surname"), ==, surname);
  g_assert_cmpint (json_object_get_int_member (me, "version"), ==, version);
  g_assert_cmpuint (f->failures->len, ==, 0);
}

static gboolean
finish_write (Fixture          *f,
              AsyncWait        *wait,
              WccWriteOutcome  *outcome,
              JsonNode        **answer,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = async_wait (wait);

  return wcc_session_write_finish (f->session, result, outcome, answer, error);
}

static WccWriteOutcome
set_state (Fixture        *f,
           WccStateChange  change,
           gint64          reason)
{
  AsyncWait wait = { 0 };
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome = -1;

  wcc_session_set_state_async (f->session, change, reason, NULL, async_wait_done, &wait);
  g_assert_true (finish_write (f, &wait, &outcome, NULL, &error));
  g_assert_no_error (error);
  return outcome;
}

/* PATCH /api/v1/me through the session's generic write. */
static WccWriteOutcome
patch_me (Fixture    *f,
          const char *surname,
          gint64      version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };
  WccWriteOutcome outcome = -1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "surname");
  json_builder_add_string_value (builder, surname);
  if (version > 0)
    {
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, version);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  wcc_session_queue_write_async (f->session, "PATCH", "/api/v1/me", body, NULL, async_wait_done, &wait);
  g_assert_true (finish_write (f, &wait, &outcome, NULL, &error));
  g_assert_no_error (error);
  return outcome;
}

/* Neither the web password nor any token may be in the outbox's files. */
static void
assert_no_secrets_on_disk (Fixture *f)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  const char *token = wcc_client_get_token (f->client);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->outbox_path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &bytes, &length, NULL))
        continue;
      g_assert_null (memmem (bytes, length, "wcc-1001", strlen ("wcc-1001")));
      g_assert_null (memmem (bytes, length, token, strlen (token)));
      g_assert_null (memmem (bytes, length, f->token, strlen (f->token)));
    }
}

static void
count_items_changed (guint *count)
{
  (*count)++;
}

/* Online: a state change and a group sign-in are applied at once, the properties follow the
 * answers, nothing waits; a write the server refuses gives its error to the caller. */
static void
test_online_write (Fixture *f, gconstpointer data)
{
  gint64 lunch = reason_id (f, "Lunch");
  gint64 sales = sales_group (f);
  g_autofree char *reason = NULL;
  g_autoptr(JsonObject) groups = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };
  AsyncWait refused = { 0 };
  WccWriteOutcome outcome = -1;
  guint list_changes = 0;

  start_online (f);
  g_assert_cmpint (wcc_session_get_agent_state (f->session), ==, WCC_AGENT_STATE_OFFLINE); /* no phone */
  g_assert_cmpint (wcc_user_get_id (wcc_session_get_user (f->session)), ==, f->user_id);

  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, lunch), ==, WCC_WRITE_APPLIED);
  g_assert_cmpstr (wcc_session_get_pause_reason (f->session), ==, "Lunch");
  g_assert_cmpint (wcc_session_get_pause_reason_id (f->session), ==, lunch);
  reason = server_pause_reason (f);
  g_assert_cmpstr (reason, ==, "Lunch");

  g_signal_connect_swapped (wcc_session_get_member_of (f->session), "items-changed",
                            G_CALLBACK (count_items_changed), &list_changes);
  wcc_session_set_groups_async (f->session, &sales, 1, NULL, async_wait_done, &wait);
  g_assert_true (finish_write (f, &wait, &outcome, &answer, &error));
  /* The agent is a member of the same groups as before: the list is left as it was. */
  g_assert_cmpuint (list_changes, ==, 0);
  g_signal_handlers_disconnect_by_data (wcc_session_get_member_of (f->session), &list_changes);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, WCC_WRITE_APPLIED);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  g_assert_true (wcc_session_is_signed_in (f->session, sales));
  g_assert_cmpuint (wcc_session_get_signed_in_groups (f->session)->len, ==, 1);
  groups = wcc_test_api_request (f->server, "GET", "/api/v1/agent/groups", f->token, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (groups, "groups")), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (groups, "groups"), 0), ==, sales);

  /* Refused at once (no such reason): the caller's error, no signal, nothing kept. */
  wcc_session_set_state_async (f->session, WCC_STATE_CHANGE_PAUSE, 999999, NULL, async_wait_done, &refused);
  g_assert_false (finish_write (f, &refused, NULL, NULL, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_cmpuint (f->failures->len, ==, 0);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 0);
  g_assert_cmpstr (wcc_session_get_pause_reason (f->session), ==, "Lunch");
}

static gboolean
reason_is_break (Fixture *f)
{
  return g_strcmp0 (wcc_session_get_pause_reason (f->session), "Break") == 0;
}

static gboolean
reason_is_meeting (Fixture *f)
{
  return g_strcmp0 (wcc_session_get_pause_reason (f->session), "Meeting") == 0;
}

static gboolean
signed_out_of_all (Fixture *f)
{
  return wcc_session_get_signed_in_groups (f->session)->len == 0;
}

static void
on_reason_notify (WccSession *session,
                  GParamSpec *pspec,
                  GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (wcc_session_get_pause_reason (session)));
}

/* Changes made elsewhere (the same agent on another device) reach the properties through
 * agent.state events; another agent's events do not. */
static void
test_follows_events (Fixture *f, gconstpointer data)
{
  g_autofree char *pause_break = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}",
                                                  reason_id (f, "Break"));
  g_autofree char *pause_training = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}",
                                                     reason_id (f, "Training"));
  g_autofree char *pause_meeting = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}",
                                                    reason_id (f, "Meeting"));
  g_autofree char *sign_in = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", sales_group (f));
  g_autofree char *other_token = wcc_test_agent_login (f->server, "1002", NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) d = NULL;
  g_autoptr(JsonObject) e = NULL;

  a = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/groups", f->token, sign_in, 200);
  start_online (f);
  g_assert_cmpuint (wcc_session_get_signed_in_groups (f->session)->len, ==, 1);
  g_assert_null (wcc_session_get_pause_reason (f->session));
  g_signal_connect (f->session, "notify::pause-reason", G_CALLBACK (on_reason_notify), seen);

  b = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/state", f->token, pause_break, 200);
  wait_until (f, reason_is_break, "pause reason Break from the event");
  g_assert_cmpint (wcc_session_get_pause_reason_id (f->session), ==, reason_id (f, "Break"));

  c = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/groups", f->token, "{\"groups\": []}", 200);
  wait_until (f, signed_out_of_all, "signed out of all from the event");

  /* 1002's pause comes first, then ours: only ours counts. */
  d = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/state", other_token, pause_training, 200);
  e = wcc_test_api_request (f->server, "PUT", "/api/v1/agent/state", f->token, pause_meeting, 200);
  wait_until (f, reason_is_meeting, "pause reason Meeting from the event");
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), !=, "Training");
  g_assert_cmpuint (f->failures->len, ==, 0);
}

/* The server goes away: the session says offline, a state change and a generic write wait
 * in the outbox; the server comes back on the same data and port: both are applied once,
 * nothing waits any more, the session is online again with the new state. */
static void
test_offline_then_back (Fixture *f, gconstpointer data)
{
  gint64 pause_break = reason_id (f, "Break");
  g_autoptr(JsonObject) me_before = server_me (f);
  gint64 version = json_object_get_int_member (me_before, "version");

  start_online (f);
  stop_server (f);

  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, pause_break), ==, WCC_WRITE_QUEUED);
  g_assert_cmpint (patch_me (f, "Offline", version), ==, WCC_WRITE_QUEUED);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 2);
  g_assert_cmpint (wcc_session_get_connection (f->session), ==, WCC_CONNECTION_OFFLINE);
  assert_no_secrets_on_disk (f);

  restart_server (f);
  wait_until (f, nothing_pending, "the outbox sent");
  wait_until (f, is_online, "online again");
  wait_until (f, reason_is_break, "the state read again after the resync");

  assert_server_has (f, "Break", "Offline", version + 1);
}

/* A waiting write the server refuses (400) is dropped and reported with write-failed; the
 * writes behind it still go. */
static void
test_rejected_write (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) me = NULL;

  start_online (f);
  stop_server (f);
  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, 999999), ==, WCC_WRITE_QUEUED);
  g_assert_cmpint (patch_me (f, "Behind", 0), ==, WCC_WRITE_QUEUED);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 2);

  restart_server (f);
  wait_until (f, nothing_pending, "the outbox sent");
  g_assert_cmpuint (f->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failures, 0), ==, "PUT /api/v1/agent/state invalid_field");
  me = server_me (f);
  g_assert_cmpstr (json_object_get_string_member (me, "surname"), ==, "Behind");
}

/* A write queued offline, the application closed, and the server refusing it once both
 * are back: write-failed carries its body and the server's reason, and the outbox keeps
 * it as refused — across another restart of the application — until it is dismissed. */
static void
test_refused_write_kept_until_dismissed (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) kept = NULL;
  WccRefusedWrite *write;
  WccOutbox *outbox;

  start_online (f);
  stop_server (f);
  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, 999999), ==, WCC_WRITE_QUEUED);

  /* Closed, and started again once the server is back: the refusal comes to the new
   * session, which no callback of the write listens to. */
  wcc_session_stop (f->session);
  g_clear_object (&f->session);
  restart_server (f);
  f->session = new_session (f);
  wcc_session_start (f->session);
  wait_until (f, nothing_pending, "the outbox sent");

  g_assert_cmpuint (f->refused->len, ==, 1);
  write = g_ptr_array_index (f->refused, 0);
  g_assert_cmpstr (write->method, ==, "PUT");
  g_assert_cmpstr (write->path, ==, "/api/v1/agent/state");
  g_assert_nonnull (strstr (write->body, "999999"));
  g_assert_cmpstr (write->error_code, ==, "invalid_field");
  g_assert_cmpstr (write->reason, !=, "");
  g_assert_cmpint (write->refused_at, >=, write->created_at);

  /* Kept across a restart of the application. */
  wcc_session_stop (f->session);
  g_clear_object (&f->session);
  f->session = new_session (f);
  outbox = wcc_session_get_outbox (f->session);
  g_assert_cmpuint (wcc_outbox_get_refused (outbox), ==, 1);
  g_assert_cmpuint (wcc_outbox_get_size (outbox), ==, 0);
  kept = wcc_outbox_list_refused (outbox);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpint (((WccRefusedWrite *) g_ptr_array_index (kept, 0))->id, ==, write->id);
  g_assert_cmpstr (((WccRefusedWrite *) g_ptr_array_index (kept, 0))->body, ==, write->body);
  g_assert_cmpstr (((WccRefusedWrite *) g_ptr_array_index (kept, 0))->reason, ==, write->reason);

  /* Until the agent dismisses it. */
  g_assert_true (wcc_outbox_dismiss_refused (outbox, write->id, NULL));
  g_assert_cmpuint (wcc_outbox_get_refused (outbox), ==, 0);
  g_clear_pointer (&kept, g_ptr_array_unref);
  kept = wcc_outbox_list_refused (outbox);
  g_assert_cmpuint (kept->len, ==, 0);
}

/* The application is closed with writes waiting and started again: a new session on the
 * same outbox file sends them, in the order they were made. */
static void
test_survives_restart_in_order (Fixture *f, gconstpointer data)
{
  gint64 pause_break = reason_id (f, "Break");
  gint64 lunch = reason_id (f, "Lunch");
  g_autoptr(JsonObject) me_before = server_me (f);
  gint64 version = json_object_get_int_member (me_before, "version");
  g_autoptr(WccOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  start_online (f);
  stop_server (f);
  g_assert_cmpint (patch_me (f, "First", version), ==, WCC_WRITE_QUEUED);
  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, pause_break), ==, WCC_WRITE_QUEUED);
  g_assert_cmpint (patch_me (f, "Second", version + 1), ==, WCC_WRITE_QUEUED);
  g_assert_cmpint (set_state (f, WCC_STATE_CHANGE_PAUSE, lunch), ==, WCC_WRITE_QUEUED);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 4);
  assert_no_secrets_on_disk (f);

  /* Closed. */
  wcc_session_stop (f->session);
  g_clear_object (&f->session);
  outbox = wcc_outbox_open (f->outbox_path, NULL);
  entries = wcc_outbox_list (outbox);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_cmpstr (((WccOutboxEntry *) g_ptr_array_index (entries, 0))->path, ==, "/api/v1/me");
  g_assert_cmpstr (((WccOutboxEntry *) g_ptr_array_index (entries, 3))->path, ==, "/api/v1/agent/state");
  g_clear_object (&outbox);

  /* Started again, with a new login, once the server is back. */
  restart_server (f);
  f->session = new_session (f);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 4);
  wcc_session_start (f->session);
  wait_until (f, nothing_pending, "the outbox sent by the new session");

  assert_server_has (f, "Lunch", "Second", version + 2);
}

/* A write that reached the server but stayed in the outbox (the app died before the answer)
 * is sent again with its stored key: the server replays its answer, nothing is applied
 * twice and nothing is reported as failed. */
static void
test_sent_twice_applied_once (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) me_before = server_me (f);
  gint64 version = json_object_get_int_member (me_before, "version");
  g_autofree char *body = g_strdup_printf ("{\"surname\": \"Once\", \"version\": %" G_GINT64_FORMAT "}", version);
  g_autofree char *url = g_strconcat (f->server->base_url, "/api/v1/me", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->token, NULL);
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("PATCH", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(WccOutbox) outbox = NULL;
  g_autoptr(WccOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  /* The first session's try, as the server saw it. */
  g_clear_object (&f->session);
  outbox = wcc_outbox_open (f->outbox_path, &error);
  g_assert_no_error (error);
  entry = wcc_outbox_push (outbox, "PATCH", "/api/v1/me", body, &error);
  g_assert_no_error (error);
  g_clear_object (&outbox);
  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", bearer);
  soup_message_headers_append (soup_message_get_request_headers (message), "Idempotency-Key", entry->idempotency_key);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  reply = soup_session_send_and_read (http, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  /* The next start sends it again. */
  f->session = new_session (f);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 1);
  wcc_session_start (f->session);
  wait_until (f, nothing_pending, "the outbox sent");
  assert_server_has (f, NULL, "Once", version + 1);
}

static void
on_session_ended (WccSession *session,
                  gboolean   *flag)
{
  *flag = TRUE;
}

/* The session's token is ended elsewhere (logout on another device): the session says so
 * and keeps its writes, which the next login's session sends. */
static void
test_ended_session_keeps_writes (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) me_before = server_me (f);
  gint64 version = json_object_get_int_member (me_before, "version");
  g_autoptr(JsonObject) logout = NULL;
  gboolean ended = FALSE;

  g_signal_connect (f->session, "session-ended", G_CALLBACK (on_session_ended), &ended);
  start_online (f);
  logout = wcc_test_api_request (f->server, "POST", "/api/v1/logout", wcc_client_get_token (f->client), NULL, 204);
  wcc_test_wait_for (&ended, 20000);
  g_assert_cmpint (wcc_session_get_connection (f->session), ==, WCC_CONNECTION_OFFLINE);

  g_assert_cmpint (patch_me (f, "Later", version), ==, WCC_WRITE_QUEUED);
  g_assert_cmpuint (wcc_session_get_pending_changes (f->session), ==, 1);

  wcc_session_stop (f->session);
  g_clear_object (&f->session);
  f->session = new_session (f);
  wcc_session_start (f->session);
  wait_until (f, nothing_pending, "the outbox sent after logging in again");
  assert_server_has (f, NULL, "Later", version + 1);
}

typedef struct {
  char   *key;
  char   *method;
  char   *path;
  gint64  id;    /* the answer's "id" */
} Applied;

static void
applied_free (Applied *applied)
{
  g_free (applied->key);
  g_free (applied->method);
  g_free (applied->path);
  g_free (applied);
}

static void
on_write_applied (WccSession *session,
                  const char *key,
                  const char *method,
                  const char *path,
                  JsonNode   *answer,
                  GPtrArray  *applied)
{
  Applied *item = g_new0 (Applied, 1);

  item->key = g_strdup (key);
  item->method = g_strdup (method);
  item->path = g_strdup (path);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    item->id = json_object_get_int_member_with_default (json_node_get_object (answer), "id", 0);
  g_ptr_array_add (applied, item);
}

/* A new customer saved while the server is down waits in the outbox; when the server is
 * back and the outbox sends it, "write-applied" names it by the key its callback gave and
 * carries the server's answer: the new customer's id. Another waiting write gets its own. */
static void
test_queued_write_applied_with_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) tasks = wcc_test_api_request (f->server, "GET", "/api/v1/tasks?mine=1", f->token, NULL, 200);
  JsonArray *items = json_object_get_array_member (tasks, "items");
  gint64 task_id = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  g_autoptr(GPtrArray) applied = g_ptr_array_new_with_free_func ((GDestroyNotify) applied_free);
  g_autoptr(JsonObject) me = server_me (f);
  g_autofree char *body_text = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT ", \"company\": \"Queued Co\"}", task_id);
  g_autoptr(JsonNode) body = json_from_string (body_text, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) customer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  AsyncWait wait = { 0 };
  WccWriteOutcome outcome = -1;
  Applied *created = NULL;

  g_signal_connect (f->session, "write-applied", G_CALLBACK (on_write_applied), applied);
  start_online (f);
  stop_server (f);

  wcc_session_queue_write_async (f->session, "POST", "/api/v1/customers", body, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  key = g_strdup (wcc_session_write_get_idempotency_key (f->session, result));
  g_assert_true (wcc_session_write_finish (f->session, result, &outcome, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, WCC_WRITE_QUEUED);
  g_assert_nonnull (key);
  g_assert_cmpint (patch_me (f, "Queued too", json_object_get_int_member (me, "version")), ==, WCC_WRITE_QUEUED);
  g_assert_cmpuint (applied->len, ==, 0);

  restart_server (f);
  wait_until (f, nothing_pending, "the outbox sent");
  g_assert_cmpuint (applied->len, ==, 2);
  for (guint i = 0; i < applied->len; i++)
    {
      Applied *item = g_ptr_array_index (applied, i);
      if (g_str_equal (item->key, key))
        created = item;
    }
  g_assert_nonnull (created);
  g_assert_cmpstr (created->method, ==, "POST");
  g_assert_cmpstr (created->path, ==, "/api/v1/customers");
  g_assert_cmpint (created->id, >, 0);
  g_assert_cmpstr (((Applied *) g_ptr_array_index (applied, 1))->path, ==, "/api/v1/me");
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, created->id);
  customer = wcc_test_api_request (f->server, "GET", path, f->token, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (customer, "company"), ==, "Queued Co");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/session/online-write", Fixture, NULL, fixture_set_up, test_online_write, fixture_tear_down);
  g_test_add ("/session/follows-events", Fixture, NULL, fixture_set_up, test_follows_events, fixture_tear_down);
  g_test_add ("/session/offline-then-back", Fixture, NULL, fixture_set_up, test_offline_then_back, fixture_tear_down);
  g_test_add ("/session/rejected-write", Fixture, NULL, fixture_set_up, test_rejected_write, fixture_tear_down);
  g_test_add ("/session/refused-write-kept-until-dismissed", Fixture, NULL, fixture_set_up,
              test_refused_write_kept_until_dismissed, fixture_tear_down);
  g_test_add ("/session/survives-restart-in-order", Fixture, NULL, fixture_set_up,
              test_survives_restart_in_order, fixture_tear_down);
  g_test_add ("/session/sent-twice-applied-once", Fixture, NULL, fixture_set_up,
              test_sent_twice_applied_once, fixture_tear_down);
  g_test_add ("/session/queued-write-applied-with-answer", Fixture, NULL, fixture_set_up,
              test_queued_write_applied_with_answer, fixture_tear_down);
  g_test_add ("/session/ended-session-keeps-writes", Fixture, NULL, fixture_set_up,
              test_ended_session_keeps_writes, fixture_tear_down);
  return g_test_run ();
}
