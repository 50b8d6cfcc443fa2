/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-recordings.c: call recordings (C15): uploaded by an agent on the call, played
 * back to those who see it, linked from contact records; refused uploads leave nothing. */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* An inbound call of Sales taken by 1001@demo, with a leg for 1002@demo too (a transfer). */
static gint64
make_call (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WccStore *store = fixture->store;
  gint64 t0 = g_get_real_time () - 600 * G_USEC_PER_SEC;
  gint64 call = wcc_store_call_create (store, fixture->demo, WCC_CALL_INBOUND, "+8613800000001", "8001",
                                       fixture->sales, t0, &error);

  wcc_store_call_add_leg (store, call, WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000001@pstn", "+8613800000001", "",
                          t0, &error);
  wcc_store_call_add_leg (store, call, WCC_CALL_SIDE_CALLEE, fixture->api.agent_id, "sip:1001@demo", "1001",
                          "wcc-agent", t0 + G_USEC_PER_SEC, &error);
  wcc_store_call_add_leg (store, call, WCC_CALL_SIDE_CALLEE, fixture->agent2, "sip:1002@demo", "1002",
                          "wcc-agent", t0 + 20 * G_USEC_PER_SEC, &error);
  wcc_store_call_set_agent (store, call, fixture->api.agent_id, &error);
  wcc_store_call_set_answered (store, call, t0 + 4 * G_USEC_PER_SEC, &error);
  wcc_store_call_end (store, call, t0 + 64 * G_USEC_PER_SEC, "normal", WCC_CALL_SIDE_CALLER, &error);
  g_assert_no_error (error);
  return call;
}

/* Something that starts like an Ogg file, @length bytes, not all alike. */
static GBytes *
make_ogg (gsize   length,
          guint32 seed)
{
  guint8 *data = g_malloc (length);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int (rand) & 0xff;
  memcpy (data, "OggS", MIN (length, 4));
  return g_bytes_new_take (data, length);
}

static char *
recording_path_of (gint64 call_id)
{
  return g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording", call_id);
}

static ApiResponse *
put_recording (Fixture    *fixture,
               gint64      call_id,
               const char *token,
               const char *content_type,
               GBytes     *bytes)
{
  g_autofree char *path = recording_path_of (call_id);

  return api_request (&fixture->api, "PUT", path, token, content_type,
                      g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
recordings_dir (Fixture *fixture)
{
  return g_build_filename (fixture->api.data_dir, "recordings", NULL);
}

/* The names in recordings/, sorted, space-separated ("" when empty). */
static char *
list_recordings_dir (Fixture *fixture)
{
  g_autofree char *dir_path = recordings_dir (fixture);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static GBytes *
get_recording (Fixture    *fixture,
               gint64      call_id,
               const char *token,
               guint       status)
{
  g_autofree char *path = recording_path_of (call_id);
  g_autoptr(ApiResponse) r = expect (fixture, "GET", path, token, NULL, status);

  if (status != 200)
    return NULL;
  g_assert_cmpstr (r->content_type, ==, "audio/ogg");
  return g_bytes_ref (r->body);
}

/* Upload and download round trip; who may upload, replace and hear; the file's mode. */
static void
test_round_trip (Fixture *fixture, gconstpointer data)
{
  gint64 call = make_call (fixture);
  g_autoptr(GBytes) ogg = make_ogg (200 * 1024 + 17, 1);   /* more than one chunk of the download */
  g_autoptr(GBytes) again = make_ogg (5000, 2);
  g_autofree char *dir = recordings_dir (fixture);
  g_autofree char *file = g_strdup_printf ("%s/%" G_GINT64_FORMAT ".ogg", dir, call);
  GStatBuf st;

  /* No recording yet. */
  g_assert_null (get_recording (fixture, call, fixture->agent, 404));
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->agent, "audio/ogg", ogg);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (r->json, "size"), ==, g_bytes_get_size (ogg));
    g_assert_cmpint (json_object_get_int_member (r->json, "uploaded_by"), ==, fixture->api.agent_id);
    g_assert_true (json_object_get_null_member (r->json, "duration"));
  }
  g_assert_cmpint (count_rows (fixture, "call_recordings"), ==, 1);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* The agents on it, the leader of its group and the admin hear it, byte for byte. */
  {
    const char *tokens[] = { fixture->agent, fixture->t_agent2, fixture->leader, fixture->admin };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        g_autoptr(GBytes) got = get_recording (fixture, call, tokens[i], 200);
        g_assert_true (g_bytes_equal (got, ogg));
      }
  }
  /* An agent of another group does not see the call. */
  g_assert_null (get_recording (fixture, call, fixture->t_agent3, 404));
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->t_agent3, "audio/ogg", again);
    g_assert_cmpuint (r->status, ==, 404);
  }
  /* The leader and the admin see it but were not on it: they may not upload. */
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->leader, "audio/ogg", again);
    g_autoptr(ApiResponse) s = put_recording (fixture, call, fixture->admin, "audio/ogg", again);
    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpuint (s->status, ==, 403);
  }
  /* Another agent of the call may not replace it; the uploader may. */
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->t_agent2, "audio/ogg", again);
    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(GBytes) got = get_recording (fixture, call, fixture->agent, 200);
    g_assert_true (g_bytes_equal (got, ogg));
  }
  {
    g_autofree char *with_duration = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording?duration=60",
                                                      call);
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "PUT", with_duration, fixture->agent, "audio/ogg",
                                            g_bytes_get_data (again, NULL), g_bytes_get_size (again));
    g_autoptr(GBytes) got = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "duration"), ==, 60);
    got = get_recording (fixture, call, fixture->leader, 200);
    g_assert_true (g_bytes_equal (got, again));
  }
  g_assert_cmpint (count_rows (fixture, "call_recordings"), ==, 1);
  {
    g_autofree char *names = list_recordings_dir (fixture);
    g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT ".ogg", call);
    g_assert_cmpstr (names, ==, want);
  }

  /* acme's agent and admin: 404 on both routes. */
  {
    const char *tokens[] = { fixture->t_acme, fixture->t_acme_admin };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        g_autoptr(ApiResponse) r = put_recording (fixture, call, tokens[i], "audio/ogg", again);
        g_assert_cmpuint (r->status, ==, 404);
        g_assert_null (get_recording (fixture, call, tokens[i], 404));
      }
  }
  {
    g_autoptr(GBytes) got = get_recording (fixture, call, fixture->agent, 200);
    g_assert_true (g_bytes_equal (got, again));
  }
}

/* 415 for what is not Ogg, 413 for too much, 404 for no such call: nothing kept. */
static void
test_refused (Fixture *fixture, gconstpointer data)
{
  gint64 call = make_call (fixture);
  g_autoptr(GBytes) ogg = make_ogg (1000, 3);
  g_autoptr(GBytes) wav = g_bytes_new_static ("RIFF\0\0\0\0WAVEfmt ", 16);
  gsize big_length = 64 * 1024 * 1024 + 1;
  g_autoptr(GBytes) big = make_ogg (big_length, 4);
  g_autoptr(GBytes) tiny = g_bytes_new_static ("Ogg", 3);

  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->agent, "audio/ogg", wav);
    g_autoptr(ApiResponse) s = put_recording (fixture, call, fixture->agent, "audio/wav", ogg);
    g_autoptr(ApiResponse) t = put_recording (fixture, call, fixture->agent, "audio/ogg", tiny);
    g_autoptr(ApiResponse) u = put_recording (fixture, call, fixture->agent, NULL, ogg);

    g_assert_cmpuint (r->status, ==, 415);
    g_assert_cmpstr (api_error_code (r), ==, "unsupported_media_type");
    g_assert_cmpuint (s->status, ==, 415);
    g_assert_cmpuint (t->status, ==, 415);
    g_assert_cmpuint (u->status, ==, 415);
  }
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->agent, "audio/ogg", big);

    g_assert_cmpuint (r->status, ==, 413);
    g_assert_cmpstr (api_error_code (r), ==, "payload_too_large");
  }
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call + 1000, fixture->agent, "audio/ogg", ogg);
    g_assert_cmpuint (r->status, ==, 404);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording?duration=soon", call);
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "PUT", path, fixture->agent, "audio/ogg",
                                            g_bytes_get_data (ogg, NULL), g_bytes_get_size (ogg));
    g_assert_cmpuint (r->status, ==, 400);
  }
  g_assert_cmpint (count_rows (fixture, "call_recordings"), ==, 0);
  {
    g_autofree char *names = list_recordings_dir (fixture);
    g_assert_cmpstr (names, ==, "");
  }
}

/* A client that drops the connection half-way through its upload leaves no file, no row. */
static void
test_half_upload (Fixture *fixture, gconstpointer data)
{
  gint64 call = make_call (fixture);
  g_autoptr(GUri) uri = g_uri_parse (fixture->api.base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ogg = make_ogg (100 * 1024, 5);
  g_autofree char *head = g_strdup_printf ("PUT /api/v1/calls/%" G_GINT64_FORMAT "/recording HTTP/1.1\r\n"
                                           "Host: %s\r\n"
                                           "Authorization: Bearer %s\r\n"
                                           "Content-Type: audio/ogg\r\n"
                                           "Content-Length: %u\r\n\r\n",
                                           call, g_uri_get_host (uri), fixture->agent, 1024 * 1024);
  GOutputStream *out;
  gint64 until;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (ogg, NULL), g_bytes_get_size (ogg), NULL, NULL,
                                            &error));
  g_assert_no_error (error);
  /* Let the server read what was sent, then go. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_io_stream_close (G_IO_STREAM (connection), NULL, &error));
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpint (count_rows (fixture, "call_recordings"), ==, 0);
  {
    g_autofree char *names = list_recordings_dir (fixture);
    g_assert_cmpstr (names, ==, "");
  }
  g_assert_null (get_recording (fixture, call, fixture->agent, 404));
  /* The server still takes a whole one. */
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->agent, "audio/ogg", ogg);
    g_assert_cmpuint (r->status, ==, 201);
  }
}

/* A contact record links its call's recording once there is one. */
static void
test_contact_record_link (Fixture *fixture, gconstpointer data)
{
  gint64 call = make_call (fixture);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Target Recording Co", "+8613800000001");
  gint64 result = make_result (fixture, "Talked", "follow_up", "any");
  g_autofree char *records_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records",
                                                   customer);
  g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_id\": %" G_GINT64_FORMAT
                                           ", \"call_state\": \"answered\", \"note\": \"\"}", result, call);
  g_autofree char *want = recording_path_of (call);
  g_autoptr(GBytes) ogg = make_ogg (3000, 6);

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", records_path, fixture->agent, body, 201);
    g_assert_true (json_object_get_null_member (r->json, "recording_url"));
  }
  {
    g_autoptr(ApiResponse) r = put_recording (fixture, call, fixture->agent, "audio/ogg", ogg);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "url"), ==, want);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", records_path, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    JsonObject *item;

    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    item = json_array_get_object_element (items, 0);
    g_assert_cmpstr (json_object_get_string_member (item, "recording_url"), ==, want);
  }
  {
    g_autoptr(GBytes) got = get_recording (fixture, call, fixture->agent, 200);
    g_assert_true (g_bytes_equal (got, ogg));
  }
}

/* Role and tenant matrices: each round a call of Sales taken by 1001@demo, with a recording. */
static const ApiEndpoint recording_endpoints[] = {
  { "GET", "/api/v1/calls/{K}/recording", NULL, 200, 200, 200 },
  /* A JSON body is not Ogg: 415 for the agent on the call, 403 for those who only see it. */
  { "PUT", "/api/v1/calls/{K}/recording", "{}", 415, 403, 403 },
};

static guint
make_recording_records (Fixture        *fixture,
                        guint           round,
                        ApiPlaceholder *out)
{
  g_autoptr(GError) error = NULL;
  gint64 call = make_call (fixture);
  g_autofree char *dir = recordings_dir (fixture);
  g_autofree char *file = g_strdup_printf ("%s/%" G_GINT64_FORMAT ".ogg", dir, call);
  WccStoreCallRecording recording = {
    .call_id = call, .size = 4, .uploaded_by = fixture->api.agent_id, .uploaded_at = g_get_real_time () / G_USEC_PER_SEC,
  };

  g_assert_true (g_file_set_contents (file, "OggS", 4, &error));
  g_assert_true (wcc_store_call_recording_save (fixture->store, fixture->demo, &recording, &error));
  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{K}", call };
  return 1;
}

static void
check_recording_unchanged (Fixture              *fixture,
                           const ApiPlaceholder *records,
                           guint                 n_records,
                           ApiResponse          *response)
{
  WccStoreCallRecording recording;

  g_assert_true (wcc_store_call_recording_find (fixture->store, fixture->demo,
                                                record_of (records, n_records, "{K}"), &recording));
  g_assert_cmpint (recording.size, ==, 4);
  g_assert_cmpint (recording.uploaded_by, ==, fixture->api.agent_id);
  g_assert_false (wcc_store_call_recording_find (fixture->store, fixture->acme,
                                                 record_of (records, n_records, "{K}"), &recording));
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, recording_endpoints, G_N_ELEMENTS (recording_endpoints), make_recording_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, recording_endpoints, G_N_ELEMENTS (recording_endpoints),
                        make_recording_records, check_recording_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/recordings/round-trip", test_round_trip);
  ADD ("/recordings/refused", test_refused);
  ADD ("/recordings/half-upload", test_half_upload);
  ADD ("/recordings/contact-record-link", test_contact_record_link);
  ADD ("/recordings/roles/matrix", test_role_matrix);
  ADD ("/recordings/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
