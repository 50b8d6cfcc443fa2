/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-recording-uploads.c: WccRecordingUploads against a real wcc-server: a recording
 * that could not be uploaded survives a restart of the application (a new list over the
 * same file) and goes once the server is back; a definitive refusal removes it; one nobody
 * asked for is removed with its file after the retention period. */
#define G_LOG_DOMAIN "test-recording-uploads"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

/* Not test-api-util.h: wcc-api.h and the server's store both name a WccCallRecordDirection. */
#include "wcc-client.h"
#include "wcc-error.h"
#include "wcc-recording-uploads.h"
#include "wcc-store.h"
#include "wcc-test-util.h"

typedef struct {
  char          *data_dir;    /* the server's, kept across its restarts */
  char          *local_dir;   /* the desktop's: the list and the recordings */
  char          *list_path;
  char          *listen;
  WccTestServer *server;
  WccClient     *client;
  gint64         call_id;     /* a call agent 1001 took */
  GArray        *uploaded;    /* call ids of "uploaded" */
  GPtrArray     *refused;     /* error codes of "refused" */
} Fixture;

/* The first start takes a free port; the later ones keep it. */
static void
start_server (Fixture *f)
{
  if (f->listen == NULL)
    {
      f->server = wcc_test_server_start (f->data_dir, (const char *[]) { "--demo", NULL });
      f->listen = g_strdup_printf ("127.0.0.1:%u", f->server->port);
    }
  else
    f->server = wcc_test_server_start (f->data_dir, (const char *[]) { "--demo", "--listen", f->listen, NULL });
}

static gboolean
on_elapsed (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms. */
static void
run_for (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, on_elapsed, &elapsed);
  wcc_test_wait_for (&elapsed, ms + 5000);
}

static void
stop_server (Fixture *f)
{
  wcc_test_server_stop (f->server);
  f->server = NULL;
}

/* An inbound call of Sales answered by 1001@demo, written into the server's store while
 * it is stopped. */
static gint64
make_call (Fixture *f)
{
  g_autofree char *db = g_build_filename (f->data_dir, "wcc.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (db, &error);
  g_autoptr(WccStoreClient) demo = NULL;
  g_autoptr(WccStoreUser) agent = NULL;
  gint64 t0 = g_get_real_time () - 600 * G_USEC_PER_SEC;
  gint64 call;

  g_assert_no_error (error);
  demo = wcc_store_client_find (store, "demo");
  agent = wcc_store_user_find_by_account (store, "demo", "1001");
  g_assert_nonnull (demo);
  g_assert_nonnull (agent);
  call = wcc_store_call_create (store, demo->id, WCC_CALL_INBOUND, "+8613800000001", "8001", 0, t0, &error);
  wcc_store_call_add_leg (store, call, WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000001@pstn", "+8613800000001", "",
                          t0, &error);
  wcc_store_call_add_leg (store, call, WCC_CALL_SIDE_CALLEE, agent->id, "sip:1001@demo", "1001", "wcc-agent",
                          t0 + G_USEC_PER_SEC, &error);
  wcc_store_call_set_agent (store, call, agent->id, &error);
  wcc_store_call_set_answered (store, call, t0 + 4 * G_USEC_PER_SEC, &error);
  wcc_store_call_end (store, call, t0 + 64 * G_USEC_PER_SEC, "normal", WCC_CALL_SIDE_CALLER, &error);
  g_assert_no_error (error);
  return call;
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = wcc_client_login_finish (WCC_CLIENT (source), result, &error);

  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  gboolean logged_in = FALSE;

  wcc_test_guard_timeout (120);
  f->data_dir = wcc_test_make_temp_dir ();
  f->local_dir = wcc_test_make_temp_dir ();
  f->list_path = g_build_filename (f->local_dir, "recordings.sqlite", NULL);
  f->uploaded = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->refused = g_ptr_array_new_with_free_func (g_free);
  start_server (f);    /* makes the demo data */
  stop_server (f);
  f->call_id = make_call (f);
  start_server (f);
  f->client = wcc_client_new (f->server->base_url);
  wcc_client_login_async (f->client, "1001@demo", "wcc-1001", NULL, NULL, NULL, on_logged_in, &logged_in);
  wcc_test_wait_for (&logged_in, 15000);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->server != NULL)
    stop_server (f);
  g_clear_object (&f->client);
  wcc_test_remove_dir (f->data_dir);
  wcc_test_remove_dir (f->local_dir);
  g_array_unref (f->uploaded);
  g_ptr_array_unref (f->refused);
  g_free (f->data_dir);
  g_free (f->local_dir);
  g_free (f->list_path);
  g_free (f->listen);
}

static void
on_uploaded (WccRecordingUploads *uploads,
             gint64               id,
             gint64               call_id,
             Fixture             *f)
{
  g_array_append_val (f->uploaded, call_id);
}

static void
on_refused (WccRecordingUploads *uploads,
            gint64               id,
            gint64               call_id,
            GError              *error,
            Fixture             *f)
{
  g_ptr_array_add (f->refused, g_strdup (error->domain == WCC_ERROR ? wcc_error_code_to_string (error->code) : "file"));
}

static WccRecordingUploads *
open_list (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  WccRecordingUploads *uploads = wcc_recording_uploads_open (f->client, f->list_path, &error);

  g_assert_no_error (error);
  g_signal_connect (uploads, "uploaded", G_CALLBACK (on_uploaded), f);
  g_signal_connect (uploads, "refused", G_CALLBACK (on_refused), f);
  return uploads;
}

/* A recording as the softphone makes one: listed, then written by "the recorder". */
static gint64
record (Fixture             *f,
        WccRecordingUploads *uploads,
        const char          *name,
        char               **out_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->local_dir, name, NULL);
  GStatBuf st;
  gint64 id = wcc_recording_uploads_add (uploads, file, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    FILE *out = fopen (file, "w");   /* the recorder truncates it and keeps its mode */
    g_assert_nonnull (out);
    fputs ("OggS and then some recorded sound", out);
    fclose (out);
  }
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  *out_file = g_steal_pointer (&file);
  return id;
}

static gboolean
server_has_recording (Fixture *f)
{
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".ogg", f->call_id);
  g_autofree char *path = g_build_filename (f->data_dir, "recordings", name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The server is away when the contact record asks for the upload; the application ends
 * (the list is dropped mid-retry) and starts again over the same file: the recording is
 * still listed and goes once the server is back; its file is removed then. */
static void
test_survives_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(WccRecordingUploads) uploads = open_list (f);
  g_autofree char *file = NULL;
  gint64 id;

  wcc_recording_uploads_start (uploads);
  id = record (f, uploads, "call-1.ogg", &file);
  wcc_recording_uploads_set_call (uploads, id, f->call_id);
  wcc_recording_uploads_complete (uploads, id, 60);
  stop_server (f);
  wcc_recording_uploads_want (uploads, id);
  /* Tried, and kept for a retry. */
  run_for (1500);
  g_assert_cmpuint (f->uploaded->len, ==, 0);
  g_assert_cmpuint (f->refused->len, ==, 0);
  g_assert_cmpuint (wcc_recording_uploads_get_pending (uploads), ==, 1);
  wcc_recording_uploads_stop (uploads);
  g_clear_object (&uploads);

  /* Started again: still there, and sent once the server is back. */
  uploads = open_list (f);
  g_assert_cmpuint (wcc_recording_uploads_get_pending (uploads), ==, 1);
  start_server (f);
  wcc_recording_uploads_start (uploads);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (f->uploaded->len == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_assert_cmpint (g_array_index (f->uploaded, gint64, 0), ==, f->call_id);
  g_assert_cmpuint (wcc_recording_uploads_get_pending (uploads), ==, 0);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (server_has_recording (f));
}

/* A call the server does not know (404): a definitive refusal, said once; the file goes. */
static void
test_refused_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(WccRecordingUploads) uploads = open_list (f);
  g_autofree char *file = NULL;
  gint64 id = record (f, uploads, "call-2.ogg", &file);

  wcc_recording_uploads_start (uploads);
  wcc_recording_uploads_set_call (uploads, id, 999999);
  wcc_recording_uploads_complete (uploads, id, 10);
  wcc_recording_uploads_want (uploads, id);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (f->refused->len == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_assert_cmpstr (g_ptr_array_index (f->refused, 0), ==, "not_found");
  g_assert_cmpuint (wcc_recording_uploads_get_pending (uploads), ==, 0);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

/* A recorded call whose contact record was never saved: kept for the retention period,
 * then removed with its file when the list is opened (at login); a younger one stays. */
static void
test_expired_orphan_removed (Fixture *f, gconstpointer data)
{
  g_autoptr(WccRecordingUploads) uploads = open_list (f);
  g_autofree char *old_file = NULL;
  g_autofree char *young_file = NULL;
  gint64 old_id = record (f, uploads, "call-old.ogg", &old_file);
  gint64 young_id = record (f, uploads, "call-young.ogg", &young_file);
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  wcc_recording_uploads_set_call (uploads, old_id, f->call_id);
  wcc_recording_uploads_set_call (uploads, young_id, f->call_id);
  g_clear_object (&uploads);

  /* Made a day more than the retention period ago. */
  sql = g_strdup_printf ("UPDATE recordings SET created_at = created_at - %d WHERE id = %" G_GINT64_FORMAT ";",
                         (WCC_RECORDING_RETENTION_DAYS + 1) * 24 * 3600, old_id);
  g_assert_cmpint (sqlite3_open (f->list_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  uploads = open_list (f);
  g_assert_cmpuint (wcc_recording_uploads_get_pending (uploads), ==, 1);
  g_assert_false (g_file_test (old_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young_file, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/recording-uploads/survives-restart", Fixture, NULL, fixture_set_up, test_survives_restart,
              fixture_tear_down);
  g_test_add ("/recording-uploads/refused-removed", Fixture, NULL, fixture_set_up, test_refused_removed,
              fixture_tear_down);
  g_test_add ("/recording-uploads/expired-orphan-removed", Fixture, NULL, fixture_set_up,
              test_expired_orphan_removed, fixture_tear_down);
  return g_test_run ();
}
