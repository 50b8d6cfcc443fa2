/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-import.c: customers in and out as CSV over real HTTP: imports into a package as
 * jobs that run between requests (progress, the event when done, bad lines rejected with
 * their numbers, good ones kept, a re-run skips what is there), refused files (400, 413,
 * 415), the customers export (streamed, scoped to the caller), roles and tenants on every
 * endpoint. */
#include "wcc-csv.h"
#include "wcc-http-private.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static ApiResponse *
post_csv (Fixture    *f,
          const char *token,
          gint64      package_id,
          const char *query,
          const char *csv,
          gsize       length,
          const char *content_type)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT "/imports%s", package_id,
                                           query ? query : "");

  return api_request (&f->api, "POST", path, token, content_type ? content_type : "text/csv", csv,
                      length == 0 ? strlen (csv) : length);
}

static gint64
count_customers (Fixture *f,
                 gint64   package_id)
{
  g_autofree char *sql = g_strdup_printf ("customers WHERE package_id = %" G_GINT64_FORMAT, package_id);
  return count_rows (f, sql);
}

/* Polls the job until it ends; @out_saw_running: a poll answered while it ran, part done. */
static ApiResponse *
wait_job (Fixture    *f,
          const char *token,
          gint64      job_id,
          gboolean   *out_saw_running)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, job_id);

  for (guint i = 0; i < 10000; i++)
    {
      ApiResponse *r = expect (f, "GET", path, token, NULL, 200);
      const char *state = json_object_get_string_member (r->json, "state");

      if (!g_str_equal (state, "running"))
        return r;
      if (out_saw_running != NULL && json_object_get_int_member (r->json, "lines_done") > 0)
        {
          g_assert_cmpfloat (json_object_get_double_member (r->json, "progress"), >, 0.0);
          g_assert_cmpfloat (json_object_get_double_member (r->json, "progress"), <=, 1.0);
          *out_saw_running = TRUE;
        }
      api_response_free (r);
    }
  g_error ("import %" G_GINT64_FORMAT " never ended", job_id);
}

static JsonObject *
line_of (ApiResponse *job,
         guint        line)
{
  JsonArray *lines = json_object_get_array_member (job->json, "lines");

  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (json_object_get_int_member (json_array_get_object_element (lines, i), "line") == line)
      return json_array_get_object_element (lines, i);
  return NULL;
}

static void
assert_line (ApiResponse *job,
             guint        line,
             const char  *outcome,
             const char  *reason_part)
{
  JsonObject *item = line_of (job, line);

  if (item == NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (job->body, NULL), g_bytes_get_size (job->body));
      g_error ("line %u is not in the job's lines: %s", line, text);
    }
  g_assert_cmpstr (json_object_get_string_member (item, "outcome"), ==, outcome);
  if (strstr (json_object_get_string_member (item, "reason"), reason_part) == NULL)
    g_error ("line %u: “%s” does not say “%s”", line, json_object_get_string_member (item, "reason"), reason_part);
}

/* Lines 2-15 of a file (line 2's address goes on over line 3): good ones and every kind of bad one, with CRLF, a BOM, quoted fields
 * over two lines, an empty line, custom fields by label, tags by name. */
static const char good_and_bad[] =
  WCC_CSV_BOM "company,surname,given_name,surname_phonetic,phones,email,address,Industry,budget,since,tags\r\n"
  "山田商事,山田,太郎,やまだ,03-1234-5678; +81 90 1111 2222,taro@example.jp,\"東京都港区\n芝公園1-1\",it,120,2024-04-01,VIP\r\n" /* 2-3 */
  "\"Chen, Wang & \"\"Co\"\"\",陈,伟,chen,+86 138 0013 8000,,,retail,,,\r\n"                                               /* 4 */
  "Bad phone,,,,call me,,,,,,\r\n"                                                                                       /* 5 */
  "Bad mail,,,,03-2222-0000,nobody,,,,,\r\n"                                                                             /* 6 */
  "Bad tag,,,,03-2222-0001,,,,,,Gold\r\n"                                                                                /* 7 */
  "Bad choice,,,,03-2222-0002,,,farming,,,\r\n"                                                                          /* 8 */
  "Bad number,,,,03-2222-0003,,,,a lot,,\r\n"                                                                            /* 9 */
  "Bad date,,,,03-2222-0004,,,,,2024-02-30,\r\n"                                                                         /* 10 */
  "Too many,,,,03-2222-0005,,,,,,,extra\r\n"                                                                             /* 11 */
  "\r\n"                                                                                                                 /* 12 */
  "Same phone twice,,,,0312345678,,,,,,\r\n"                                                                             /* 13 */
  ",,,,,,,,,,VIP\r\n"                                                                                                    /* 14 */
  "Last without CRLF,,,,+81-3-9999-0000,,,,,,";                                                                          /* 15 */

static void
add_tag (Fixture    *f,
         gint64      client_id,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  wcc_store_tag_create (f->store, client_id, name, &error);
  g_assert_no_error (error);
}

static void
test_good_and_bad_lines (Fixture *f, gconstpointer data)
{
  gint64 before = count_customers (f, f->package);
  g_autoptr(ApiResponse) created = NULL;
  g_autoptr(ApiResponse) job = NULL;
  gint64 job_id;

  add_tag (f, f->demo, "VIP");
  add_tag (f, f->acme, "Gold");    /* another client's tag is no tag of demo's */
  created = post_csv (f, f->admin, f->package, NULL, good_and_bad, 0, NULL);
  g_assert_cmpuint (created->status, ==, 202);
  job_id = json_object_get_int_member (created->json, "id");
  g_assert_cmpstr (json_object_get_string_member (created->json, "state"), ==, "running");
  {
    g_autofree char *location = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, job_id);
    g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, location);
  }
  job = wait_job (f, f->admin, job_id, NULL);
  g_assert_cmpstr (json_object_get_string_member (job->json, "state"), ==, "done");
  g_assert_cmpfloat (json_object_get_double_member (job->json, "progress"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (job->json, "skipped"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (job->json, "rejected"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (job->json, "lines_done"), ==, 12);
  assert_line (job, 5, "rejected", "“phones” item 1 is not a phone number");
  assert_line (job, 6, "rejected", "“email” must be an e-mail address");
  assert_line (job, 7, "rejected", "No tag is called “Gold”");
  assert_line (job, 8, "rejected", "“custom.industry” must be a choice");
  assert_line (job, 9, "rejected", "“custom.budget” must be a number");
  assert_line (job, 10, "rejected", "“custom.since” must be a date");
  assert_line (job, 11, "rejected", "12 fields, but the header names 11 columns");
  assert_line (job, 13, "skipped", "already customer");
  assert_line (job, 14, "rejected", "No company, name or phone number");
  g_assert_null (line_of (job, 2));
  g_assert_null (line_of (job, 12));
  g_assert_cmpint (count_customers (f, f->package), ==, before + 3);

  /* The good lines as the API shows them: phones normalised like the rest, found by number. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers/by-phone?number=%2B819011112222", f->admin,
                                       NULL, 200);
    JsonObject *yamada = json_array_get_object_element (items_of (r), 0);
    JsonObject *custom = json_object_get_object_member (yamada, "custom");

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (yamada, "company"), ==, "山田商事");
    g_assert_cmpstr (json_object_get_string_member (yamada, "address"), ==, "東京都港区\n芝公園1-1");
    g_assert_cmpstr (json_object_get_string_member (yamada, "surname_phonetic"), ==, "やまだ");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yamada, "phones")), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (custom, "industry"), ==, "it");
    g_assert_cmpint (json_object_get_int_member (custom, "budget"), ==, 120);
    g_assert_cmpstr (json_object_get_string_member (custom, "since"), ==, "2024-04-01");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yamada, "tags")), ==, 1);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/customers/by-phone?number=%2B8613800138000", f->admin,
                                       NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), 0), "company"), ==,
                     "Chen, Wang & \"Co\"");
  }

  /* The same file again: nothing new, every good line skipped with its reason. */
  {
    g_autoptr(ApiResponse) again = post_csv (f, f->admin, f->package, NULL, good_and_bad, 0, NULL);
    g_autoptr(ApiResponse) rerun = wait_job (f, f->admin, json_object_get_int_member (again->json, "id"), NULL);

    g_assert_cmpint (json_object_get_int_member (rerun->json, "created"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (rerun->json, "skipped"), ==, 4);
    assert_line (rerun, 2, "skipped", "03-1234-5678");
    assert_line (rerun, 15, "skipped", "already customer");
    g_assert_cmpint (count_customers (f, f->package), ==, before + 3);
  }
}

/* Into a task: the customers wait in its pool. */
static void
test_into_task_pool (Fixture *f, gconstpointer data)
{
  g_autofree char *query = g_strdup_printf ("?task=%" G_GINT64_FORMAT, f->task_a);
  g_autofree char *other = g_strdup_printf ("?task=%" G_GINT64_FORMAT, f->acme_task);
  g_autofree char *pool = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool", f->task_a);
  g_autoptr(ApiResponse) created = post_csv (f, f->admin, f->package, query, "company,phone\nPool one,03-7777-0001\n",
                                             0, NULL);
  g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (created->json, "id"), NULL);
  g_autoptr(ApiResponse) listed = expect (f, "GET", pool, f->agent, NULL, 200);
  g_autoptr(ApiResponse) bad = post_csv (f, f->admin, f->package, other, "company\nX\n", 0, NULL);

  g_assert_cmpint (json_object_get_int_member (job->json, "task_id"), ==, f->task_a);
  g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (listed), 0), "company"), ==,
                   "Pool one");
  g_assert_cmpuint (bad->status, ==, 400);
}

/* Files refused whole: nothing started, nothing written. */
static void
test_refused_files (Fixture *f, gconstpointer data)
{
  gint64 jobs = count_rows (f, "import_jobs");
  gint64 customers = count_rows (f, "customers");
  const char shift_jis[] = "company\n\x8e\x52\x93\x63\n";     /* 山田 in Shift_JIS */
  gsize big_length = WCC_IMPORT_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (big_length);

  {
    g_autoptr(ApiResponse) r = post_csv (f, f->admin, f->package, NULL, "company,colour\nA,red\n", 0, NULL);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (r->json, "error"),
                                                             "message"), "colour"));
  }
  {
    g_autoptr(ApiResponse) a = post_csv (f, f->admin, f->package, NULL, "company,Company\nA,B\n", 0, NULL);
    g_autoptr(ApiResponse) b = post_csv (f, f->admin, f->package, NULL, "", 0, NULL);
    g_autoptr(ApiResponse) c = post_csv (f, f->admin, f->package, NULL, shift_jis, sizeof shift_jis - 1, NULL);
    g_autoptr(ApiResponse) d = post_csv (f, f->admin, f->package, NULL, "company\nA\n", 0, "application/json");
    g_autoptr(ApiResponse) e = post_csv (f, f->admin, f->package, "?task=abc", "company\nA\n", 0, NULL);
    g_autoptr(ApiResponse) g = post_csv (f, f->admin, 999999, NULL, "company\nA\n", 0, NULL);

    g_assert_cmpuint (a->status, ==, 400);
    g_assert_cmpuint (b->status, ==, 400);
    g_assert_cmpuint (c->status, ==, 400);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (c->json, "error"),
                                                             "message"), "UTF-8"));
    g_assert_cmpuint (d->status, ==, 415);
    g_assert_cmpuint (e->status, ==, 400);
    g_assert_cmpuint (g->status, ==, 404);
  }
  memset (big, 'a', big_length);
  memcpy (big, "company\n", 8);
  {
    g_autoptr(ApiResponse) r = post_csv (f, f->admin, f->package, NULL, big, big_length, NULL);
    g_assert_cmpuint (r->status, ==, 413);
  }
  g_assert_cmpint (count_rows (f, "import_jobs"), ==, jobs);
  g_assert_cmpint (count_rows (f, "customers"), ==, customers);
}

/* A long file runs a batch at a time: requests are answered while it runs, the progress
 * grows, and the event stream says when it is done. */
static void
test_progress_and_event (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("company,phones\n");
  g_autoptr(ApiResponse) created = NULL;
  g_autoptr(ApiResponse) job = NULL;
  guint status = 0;
  ApiStream *stream = api_stream_open (&f->api, f->admin, "", &status);
  gboolean saw_running = FALSE;
  guint lines = 3000;
  JsonObject *event;

  for (guint i = 0; i < lines; i++)
    g_string_append_printf (csv, "Company %u,+81 3 %04u %04u\n", i, i / 10000, i % 10000);
  created = post_csv (f, f->admin, f->package, NULL, csv->str, csv->len, NULL);
  g_assert_cmpuint (created->status, ==, 202);
  job = wait_job (f, f->admin, json_object_get_int_member (created->json, "id"), &saw_running);
  g_assert_true (saw_running);
  g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, lines);
  event = api_stream_wait_event (stream, "import.finished", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==,
                   json_object_get_int_member (created->json, "id"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "created"), ==, lines);
  api_stream_close (stream);
}

/* The job pushes its progress: import.progress (the job's counts, no lines) to the user who
 * started it only, the first after the first batch, then at most every 250 ms, the
 * progress growing strictly between 0 and 1, then import.finished. */
static void
test_progress_events (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("company,phones\n");
  g_autoptr(ApiResponse) created = NULL;
  guint status = 0;
  ApiStream *stream = api_stream_open (&f->api, f->admin, "", &status);
  ApiStream *leader = api_stream_open (&f->api, f->leader, "", &status);
  ApiStream *acme = api_stream_open (&f->api, f->t_acme_admin, "", &status);
  guint lines = 20000, n_progress = 0, finished_at = 0;
  double last = 0.0;
  gint64 started, elapsed_ms, job_id;
  JsonObject *finished;

  for (guint i = 0; i < lines; i++)
    g_string_append_printf (csv, "Company %u,+81 3 %04u %04u\n", i, i / 10000, i % 10000);
  started = g_get_monotonic_time ();
  created = post_csv (f, f->admin, f->package, NULL, csv->str, csv->len, NULL);
  g_assert_cmpuint (created->status, ==, 202);
  job_id = json_object_get_int_member (created->json, "id");
  /* Progress arrives while it runs: no 10 s silence in which the wait would fail. */
  api_stream_wait_event (stream, "import.finished", 0);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;

  for (guint i = 0; i < stream->messages->len; i++)
    {
      JsonObject *message = g_ptr_array_index (stream->messages, i);
      const char *type = json_object_get_string_member_with_default (message, "type", "");
      JsonObject *job;

      if (g_str_equal (type, "import.finished"))
        {
          finished_at = i;
          break;
        }
      if (!g_str_equal (type, "import.progress"))
        continue;
      job = json_object_get_object_member (message, "data");
      g_assert_cmpint (json_object_get_int_member (job, "id"), ==, job_id);
      g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "running");
      g_assert_cmpfloat (json_object_get_double_member (job, "progress"), >, last);
      g_assert_cmpfloat (json_object_get_double_member (job, "progress"), <, 1.0);
      g_assert_cmpint (json_object_get_int_member (job, "lines_done"), ==,
                       json_object_get_int_member (job, "created"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (job, "lines")), ==, 0);
      last = json_object_get_double_member (job, "progress");
      n_progress++;
    }
  g_test_message ("%u lines in %" G_GINT64_FORMAT " ms: %u import.progress events", lines, elapsed_ms, n_progress);
  g_assert_cmpuint (finished_at, >, 0);
  g_assert_cmpuint (n_progress, >=, 1);
  /* Throttled: events 250 ms apart fit in the time the import took. */
  g_assert_cmpuint (n_progress, <=, elapsed_ms / 250 + 1);
  finished = json_object_get_object_member (api_stream_message (stream, finished_at), "data");
  g_assert_cmpstr (json_object_get_string_member (finished, "state"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (finished, "created"), ==, lines);

  /* Nobody else hears of it: a leader of the client, another client's admin. */
  {
    g_autoptr(ApiResponse) probe = expect (f, "GET", "/api/v1/me", f->leader, NULL, 200);
    ApiStream *others[] = { leader, acme };

    for (guint s = 0; s < G_N_ELEMENTS (others); s++)
      {
        g_assert_cmpuint (others[s]->messages->len, >=, 1);   /* its hello: it was connected */
        for (guint i = 0; i < others[s]->messages->len; i++)
          g_assert_false (g_str_has_prefix (json_object_get_string_member_with_default (
                                              g_ptr_array_index (others[s]->messages, i), "type", ""), "import."));
      }
  }
  api_stream_close (acme);
  api_stream_close (leader);
  api_stream_close (stream);
}

/* A retried POST with one Idempotency-Key starts one job. */
static void
test_idempotent_retry (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT "/imports", f->package);
  const char *csv = "company,phones\nOnce,03-4444-0001\n";
  const char *headers[] = { "Idempotency-Key", "import-1", NULL };
  gint64 jobs = count_rows (f, "import_jobs");
  g_autoptr(ApiResponse) first = api_request_full (&f->api, "POST", path, f->admin, "text/csv", csv, strlen (csv),
                                                   headers);
  g_autoptr(ApiResponse) again = api_request_full (&f->api, "POST", path, f->admin, "text/csv", csv, strlen (csv),
                                                   headers);
  g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (first->json, "id"), NULL);

  g_assert_cmpuint (first->status, ==, 202);
  g_assert_cmpuint (again->status, ==, 202);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpint (count_rows (f, "import_jobs"), ==, jobs + 1);
  g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, 1);
}

static char *
body_text (ApiResponse *r)
{
  return g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
}

/* The customers export: streamed, every customer the caller sees, as the import reads it. */
static void
test_export_customers (Fixture *f, gconstpointer data)
{
  g_autofree char *package_path = g_strdup_printf ("/api/v1/customers/export.csv?package=%" G_GINT64_FORMAT,
                                                   f->package);
  g_autofree char *task_path = g_strdup_printf ("/api/v1/customers/export.csv?task=%" G_GINT64_FORMAT, f->task_b);
  g_autoptr(GError) error = NULL;
  guint many = 450;    /* more than two of the export's parts */

  add_tag (f, f->demo, "VIP");
  {
    const char csv[] = "company,surname,phones,tags,budget,Industry\n"
                       "\"Mori, Ltd\",森,03-1000-0001; 03-1000-0002,VIP,12.5,it\n";
    g_autoptr(ApiResponse) created = post_csv (f, f->admin, f->package, NULL, csv, 0, NULL);
    g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (created->json, "id"), NULL);
    g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, 1);
  }
  /* 1001's (Sales, led by 2001) in task A, 1003's (Service) in task B, and many more of 1001. */
  add_customer (f, f->demo, f->package, f->task_b, f->agent3, "Service customer", "03-3000-0001");
  for (guint i = 0; i < many; i++)
    {
      g_autofree char *phone = g_strdup_printf ("03-2000-%04u", i);
      add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Sales customer", phone);
    }
  g_assert_no_error (error);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", package_path, f->admin, NULL, 200);
    g_autofree char *text = body_text (r);
    g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

    g_assert_cmpstr (r->content_type, ==, "text/csv");
    g_assert_cmpint (soup_message_headers_get_encoding (r->headers), ==, SOUP_ENCODING_CHUNKED);
    g_assert_cmpstr (lines[0], ==, WCC_CSV_BOM "id,company,surname,given_name,surname_phonetic,given_name_phonetic,"
                                   "phones,email,address,tags,task,owner,dial_count,last_contact_at,industry,budget,since");
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1 + 1 + many + 1);
    g_assert_nonnull (strstr (lines[1], ",\"Mori, Ltd\",森,,,,03-1000-0001; 03-1000-0002,,,VIP,,,0,,it,12.5,"));
    g_assert_nonnull (strstr (text, ",Service customer,,,,,03-3000-0001,,,,Renewals,1003,0,,,,\r\n"));
    g_assert_null (strstr (text, "Acme"));
    /* Read back by the import: every line already there. */
    {
      g_autoptr(ApiResponse) again = post_csv (f, f->admin, f->package, NULL, text, 0, NULL);
      g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (again->json, "id"), NULL);

      g_assert_cmpint (json_object_get_int_member (job->json, "created"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (job->json, "rejected"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (job->json, "skipped"), ==, 2 + many);
    }
  }
  /* The leader: their agents' customers, not Service's; a task: its customers only. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", package_path, f->leader, NULL, 200);
    g_autofree char *text = body_text (r);

    g_assert_null (strstr (text, "Service customer"));
    g_assert_nonnull (strstr (text, "Sales customer"));
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", task_path, f->admin, NULL, 200);
    g_autofree char *text = body_text (r);

    g_assert_nonnull (strstr (text, "Service customer"));
    g_assert_null (strstr (text, "Sales customer"));
  }
  {
    g_autoptr(ApiResponse) a = expect (f, "GET", "/api/v1/customers/export.csv", f->admin, NULL, 400);
    g_autoptr(ApiResponse) b = expect (f, "GET", "/api/v1/customers/export.csv?package=x", f->admin, NULL, 400);
    g_autoptr(ApiResponse) c = expect (f, "GET", "/api/v1/customers/export.csv?task=999999", f->admin, NULL, 404);
  }
}

/* Every endpoint, every role. */
static const struct {
  const char *method;
  const char *path;
  guint       agent, leader, admin;
} endpoints[] = {
  { "POST", "/api/v1/packages/{P}/imports", 403, 403, 202 },
  { "GET", "/api/v1/imports/{J}", 403, 403, 200 },
  { "GET", "/api/v1/customers/export.csv?package={P}", 403, 200, 200 },
  { "GET", "/api/v1/customers/export.csv?task={T}", 403, 200, 200 },
};

/* A demo import job that ran, and its package and task. */
typedef struct {
  gint64 package, task, job;
} Targets;

static Targets
make_targets (Fixture *f,
              guint    round)
{
  g_autofree char *csv = g_strdup_printf ("company,phones\nDemo import %u,03-5000-%04u\n", round, round);
  g_autoptr(ApiResponse) created = post_csv (f, f->admin, f->package, NULL, csv, 0, NULL);
  g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (created->json, "id"), NULL);
  Targets targets = { f->package, f->task_a, json_object_get_int_member (job->json, "id") };

  return targets;
}

static char *
fill_path (const char    *format,
           const Targets *targets)
{
  GString *text = g_string_new (format);
  g_autofree char *package = g_strdup_printf ("%" G_GINT64_FORMAT, targets->package);
  g_autofree char *task = g_strdup_printf ("%" G_GINT64_FORMAT, targets->task);
  g_autofree char *job = g_strdup_printf ("%" G_GINT64_FORMAT, targets->job);

  g_string_replace (text, "{P}", package, 0);
  g_string_replace (text, "{T}", task, 0);
  g_string_replace (text, "{J}", job, 0);
  return g_string_free (text, FALSE);
}

static ApiResponse *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      guint       round)
{
  g_autofree char *csv = g_strdup_printf ("company,phones\nDemo new %u,03-6000-%04u\n", round, round);

  if (g_str_equal (method, "POST"))
    return api_request (&f->api, method, path, token, "text/csv", csv, strlen (csv));
  return api_request (&f->api, method, path, token, NULL, NULL, 0);
}

static void
test_role_matrix (Fixture *f, gconstpointer data)
{
  const char *tokens[] = { f->agent, f->leader, f->admin };
  const char *names[] = { "agent", "leader", "admin" };

  add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Demo customer", NULL);
  for (guint role = 0; role < G_N_ELEMENTS (tokens); role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (f, role * 100 + i);
        g_autofree char *path = fill_path (endpoints[i].path, &targets);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = call (f, endpoints[i].method, path, tokens[role], role * 100 + i);

        g_test_message ("%s: %s %s → %u", names[role], endpoints[i].method, path, r->status);
        g_assert_cmpuint (r->status, ==, want);
        if (r->status == 202)
          {
            g_autoptr(ApiResponse) job = wait_job (f, f->admin, json_object_get_int_member (r->json, "id"), NULL);
          }
      }
}

/* Another client's agent and administrator: nothing of demo's is read or written. */
static void
test_tenant_isolation (Fixture *f, gconstpointer data)
{
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (f, who * 100 + i);
        g_autofree char *path = fill_path (endpoints[i].path, &targets);
        gint64 customers = count_rows (f, "customers");
        gint64 jobs = count_rows (f, "import_jobs");
        g_autoptr(ApiResponse) r = call (f, endpoints[i].method, path, tokens[who], 500 + who * 100 + i);
        g_autofree char *text = body_text (r);

        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        g_assert_null (strstr (text, "Demo import"));
        g_assert_true (r->status == 404 || (who == 0 && r->status == 403));
        g_assert_cmpint (count_rows (f, "customers"), ==, customers);
        g_assert_cmpint (count_rows (f, "import_jobs"), ==, jobs);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/good-and-bad-lines-and-rerun", test_good_and_bad_lines);
  ADD ("/import/into-task-pool", test_into_task_pool);
  ADD ("/import/refused-files", test_refused_files);
  ADD ("/import/progress-and-event", test_progress_and_event);
  ADD ("/import/progress-events", test_progress_events);
  ADD ("/import/idempotent-retry", test_idempotent_retry);
  ADD ("/export/customers-csv", test_export_customers);
  ADD ("/import/roles/matrix", test_role_matrix);
  ADD ("/import/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
