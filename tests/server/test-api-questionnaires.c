/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-questionnaires.c: questionnaires over real HTTP (C18): the definition of a
 * task's questionnaire with versions and stable question ids, answers checked and saved with
 * contact records, old answers kept across edits, the CSV export, roles and tenants on every
 * endpoint. */
#include "wcc-csv.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* The demo fixture plus a questionnaire on task A, a call result and a customer of 1001. */
typedef struct {
  Fixture  base;
  gint64   result;
  gint64   customer;     /* of 1001, in task A (Sales, led by 2001) */
  gint64   q[5];         /* single (required), multiple, text, number, date */
} QFixture;

static gint64
add_questionnaire (Fixture *f,
                   gint64   client_id,
                   gint64   task_id,
                   gint64   out_ids[5])
{
  static const char * const yes_no[] = { "yes", "no", NULL };
  static const char * const products[] = { "phone", "fibre", "tv, cable", NULL };
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_question_free);
  g_autoptr(WccStoreQuestionnaire) saved = NULL;
  g_autoptr(GError) error = NULL;
  WccQuestionType types[] = { WCC_QUESTION_SINGLE, WCC_QUESTION_MULTIPLE, WCC_QUESTION_TEXT, WCC_QUESTION_NUMBER,
                              WCC_QUESTION_DATE };
  const char *labels[] = { "Interested?", "Products", "Comment", "Household size", "Best day" };
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      WccStoreQuestion *question = g_new0 (WccStoreQuestion, 1);

      question->type = types[i];
      question->label = g_strdup (labels[i]);
      question->required = i == 0;
      if (i == 0)
        question->choices = g_strdupv ((char **) yes_no);
      if (i == 1)
        question->choices = g_strdupv ((char **) products);
      g_ptr_array_add (questions, question);
    }
  id = wcc_store_questionnaire_save (f->store, client_id, task_id, questions, 0, &error);
  g_assert_no_error (error);
  saved = wcc_store_questionnaire_find (f->store, client_id, task_id);
  for (guint i = 0; out_ids != NULL && i < 5; i++)
    out_ids[i] = ((WccStoreQuestion *) g_ptr_array_index (saved->questions, i))->id;
  return id;
}

static gint64
add_result (Fixture    *f,
            gint64      client_id,
            const char *label)
{
  WccStoreCallResult result = { .client_id = client_id, .label = (char *) label, .funnel = WCC_FUNNEL_SUCCESS };
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_call_result_create (f->store, &result, &error);

  g_assert_no_error (error);
  return id;
}

static void
q_fixture_setup (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;

  fixture_setup (f, data);
  add_questionnaire (f, f->demo, f->task_a, fixture->q);
  fixture->result = add_result (f, f->demo, "Reached");
  fixture->customer = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Tanaka Shoji", "03-5555-0001");
}

static void
q_fixture_teardown (QFixture *fixture, gconstpointer data)
{
  fixture_teardown (&fixture->base, data);
}

static char *
questionnaire_path (gint64      task_id,
                    const char *rest)
{
  return g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire%s", task_id, rest);
}

static char *
records_path (gint64 customer_id)
{
  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer_id);
}

/* A contact record body with @answers (a JSON object text) of the fixture's result. */
static char *
record_body (QFixture   *fixture,
             const char *answers)
{
  return g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\", \"answers\": %s}",
                          fixture->result, answers);
}

/* "{"Q0": …}" with the fixture's question ids put in for Q0 … Q4. */
static char *
fill_ids (QFixture   *fixture,
          const char *format)
{
  GString *text = g_string_new (format);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Q%u", i);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[i]);
      g_string_replace (text, name, value, 0);
    }
  return g_string_free (text, FALSE);
}

static const char *
error_message (ApiResponse *response)
{
  return json_object_get_string_member (json_object_get_object_member (response->json, "error"), "message");
}

static gint64
error_question (ApiResponse *response)
{
  JsonObject *error = json_object_get_object_member (response->json, "error");

  return json_object_has_member (error, "question_id") ? json_object_get_int_member (error, "question_id") : 0;
}

static JsonArray *
questions_of (ApiResponse *response)
{
  return json_object_get_array_member (response->json, "questions");
}

/* Definitions: the admin writes, the task's agents and the leaders read. */
static void
test_define_and_read (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *b_path = questionnaire_path (f->task_b, "");
  g_autofree char *a_path = questionnaire_path (f->task_a, "");
  const char *body = "{\"questions\": [{\"type\": \"single\", \"label\": \"Satisfied?\", \"required\": true,"
                     " \"choices\": [\"満足\", \"不満\"]}, {\"type\": \"text\", \"label\": \"Why\"}]}";

  guint status = 0;
  ApiStream *stream = api_stream_open (&f->api, f->t_agent3, "", &status);

  {
    g_autoptr(ApiResponse) r = expect (f, "GET", b_path, f->admin, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", b_path, f->admin, body, 201);
    JsonObject *event = json_object_get_object_member (api_stream_wait_event (stream, "questionnaire.updated", 0),
                                                       "data");
    JsonObject *first = json_array_get_object_element (questions_of (r), 0);

    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (r->json, "task_id"), ==, f->task_b);
    g_assert_cmpuint (json_array_get_length (questions_of (r)), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "single");
    g_assert_true (json_object_get_boolean_member (first, "required"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "choices"), 0), ==, "満足");
    g_assert_cmpint (json_object_get_int_member (first, "id"), >, 0);
    /* The task's agents hear of it and reload the definition. */
    g_assert_cmpint (json_object_get_int_member (event, "task_id"), ==, f->task_b);
    g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 1);
  }
  api_stream_close (stream);
  /* 1003 works on task B, 1001 not; the leader reads any. */
  {
    g_autoptr(ApiResponse) a = expect (f, "GET", b_path, f->t_agent3, NULL, 200);
    g_autoptr(ApiResponse) b = expect (f, "GET", b_path, f->agent, NULL, 404);
    g_autoptr(ApiResponse) c = expect (f, "GET", b_path, f->leader, NULL, 200);
    g_autoptr(ApiResponse) d = expect (f, "GET", a_path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (questions_of (d)), ==, 5);
    g_assert_false (json_object_has_member (a->json, "removed_questions"));
  }
  /* Only the client admin defines; a task of nobody's is 404. */
  {
    g_autoptr(ApiResponse) a = expect (f, "PUT", b_path, f->agent, body, 403);
    g_autoptr(ApiResponse) b = expect (f, "PUT", b_path, f->leader, body, 403);
    g_autoptr(ApiResponse) c = expect (f, "PUT", "/api/v1/tasks/999999/questionnaire", f->admin, body, 404);
  }
}

/* Edits carry the version; ids stay; bad definitions are refused whole. */
static void
test_edit_versions_and_bad_input (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = questionnaire_path (f->task_a, "");
  g_autofree char *edit = fill_ids (fixture,
                                    "{\"version\": 1, \"questions\": [{\"id\": Q2, \"type\": \"text\", \"label\": \"Notes\"},"
                                    " {\"id\": Q0, \"type\": \"single\", \"label\": \"Interested now?\", \"required\": true,"
                                    " \"choices\": [\"yes\", \"no\", \"later\"]}]}");
  const char *bad[] = {
    "{\"version\": 2, \"questions\": [{\"type\": \"rating\", \"label\": \"Stars\"}]}",
    "{\"version\": 2, \"questions\": [{\"type\": \"single\", \"label\": \"No choices\"}]}",
    "{\"version\": 2, \"questions\": [{\"type\": \"single\", \"label\": \"Twice\", \"choices\": [\"a\", \"a\"]}]}",
    "{\"version\": 2, \"questions\": [{\"type\": \"text\", \"label\": \"Choices\", \"choices\": [\"a\"]}]}",
    "{\"version\": 2, \"questions\": [{\"type\": \"text\", \"label\": \"\"}]}",
    "{\"version\": 2, \"questions\": [{\"type\": \"text\", \"label\": \"x\", \"colour\": 1}]}",
    "{\"version\": 2, \"questions\": [{\"id\": 999999, \"type\": \"text\", \"label\": \"Not ours\"}]}",
    "{\"version\": 2, \"questions\": {}}",
    "{\"version\": 0, \"questions\": []}",
    "[1]",
  };
  gint64 questions_before;

  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, edit, 200);
    JsonObject *first = json_array_get_object_element (questions_of (r), 0);
    JsonArray *removed = json_object_get_array_member (r->json, "removed_questions");

    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (first, "id"), ==, fixture->q[2]);
    g_assert_cmpstr (json_object_get_string_member (first, "label"), ==, "Notes");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (questions_of (r), 1), "id"), ==,
                     fixture->q[0]);
    g_assert_cmpuint (json_array_get_length (removed), ==, 3);
  }
  /* Stale: 409 with the questionnaire as it is; a second create: 409 too. */
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, edit, 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");

    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, "{\"questions\": []}", 409);
  }
  /* A question's type never changes. */
  {
    g_autofree char *retype = fill_ids (fixture, "{\"version\": 2, \"questions\": [{\"id\": Q2, \"type\": \"number\","
                                                 " \"label\": \"Notes\"}]}");
    g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, retype, 400);
    g_assert_nonnull (strstr (error_message (r), "type cannot change"));
  }
  /* Another task's question id is not this questionnaire's. */
  {
    gint64 other[5];
    g_autofree char *body = NULL;

    add_questionnaire (f, f->demo, f->task_b, other);
    body = g_strdup_printf ("{\"version\": 2, \"questions\": [{\"id\": %" G_GINT64_FORMAT ", \"type\": \"single\","
                            " \"label\": \"Stolen\", \"choices\": [\"yes\", \"no\"]}]}", other[0]);
    g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, body, 400);
  }
  questions_before = count_rows (f, "questionnaire_questions");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->admin, bad[i], 400);
      g_test_message ("%s → %s", bad[i], error_message (r));
    }
  /* Nothing of the refused edits was written. */
  {
    g_autoptr(WccStoreQuestionnaire) now = wcc_store_questionnaire_find (f->store, f->demo, f->task_a);
    g_assert_cmpint (now->version, ==, 2);
    g_assert_cmpint (count_rows (f, "questionnaire_questions"), ==, questions_before);
  }
}

/* Answers are checked against the task's questionnaire: 400 naming the question, nothing
 * written; good ones come back with the record. */
static void
test_answers_checked (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = records_path (fixture->customer);
  const struct {
    const char *answers;
    int         question;    /* the index of the question named, -1: none */
  } bad[] = {
    { "{\"Q1\": [\"phone\"]}", 0 },                           /* the required one missing */
    { "{\"Q0\": null}", 0 },
    { "{\"Q0\": \"\"}", 0 },
    { "{\"Q0\": \"maybe\"}", 0 },                             /* not a choice */
    { "{\"Q0\": [\"yes\"]}", 0 },
    { "{\"Q0\": \"yes\", \"Q1\": [\"phone\", \"phone\"]}", 1 }, /* twice */
    { "{\"Q0\": \"yes\", \"Q1\": [\"radio\"]}", 1 },
    { "{\"Q0\": \"yes\", \"Q1\": \"phone\"}", 1 },
    { "{\"Q0\": \"yes\", \"Q2\": 5}", 2 },
    { "{\"Q0\": \"yes\", \"Q3\": \"four\"}", 3 },
    { "{\"Q0\": \"yes\", \"Q4\": \"2025-02-30\"}", 4 },
    { "{\"Q0\": \"yes\", \"Q4\": \"tomorrow\"}", 4 },
    { "{\"Q0\": \"yes\", \"999999\": \"x\"}", -1 },           /* no such question */
    { "{\"Q0\": \"yes\", \"abc\": \"x\"}", -1 },
    { "[\"yes\"]", -1 },
  };
  gint64 records = count_rows (f, "contact_records");
  gint64 answers = count_rows (f, "contact_record_answers");
  gint64 dials;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *answers_json = fill_ids (fixture, bad[i].answers);
      g_autofree char *body = record_body (fixture, answers_json);
      g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 400);

      g_test_message ("%s → %s", answers_json, error_message (r));
      g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
      g_assert_cmpint (error_question (r), ==, bad[i].question < 0 ? 0 : fixture->q[bad[i].question]);
    }
  g_assert_cmpint (count_rows (f, "contact_records"), ==, records);
  g_assert_cmpint (count_rows (f, "contact_record_answers"), ==, answers);
  {
    g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (f->store, f->demo, fixture->customer);
    dials = customer->dial_count;
    g_assert_cmpint (dials, ==, 0);
  }

  /* A good one: every type; an empty optional answer is no answer. */
  {
    g_autofree char *answers_json = fill_ids (fixture, "{\"Q0\": \"yes\", \"Q1\": [\"fibre\", \"tv, cable\"],"
                                                       " \"Q2\": \"call after 6\", \"Q3\": 4, \"Q4\": \"2025-03-01\"}");
    g_autofree char *body = record_body (fixture, answers_json);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    g_autoptr(ApiResponse) list = expect (f, "GET", path, f->agent, NULL, 200);
    JsonObject *saved = json_object_get_object_member (r->json, "answers");
    JsonObject *listed = json_object_get_object_member (json_array_get_object_element (items_of (list), 0), "answers");
    g_autofree char *q0 = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[0]);
    g_autofree char *q1 = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[1]);
    g_autofree char *q3 = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[3]);

    g_assert_cmpstr (json_object_get_string_member (saved, q0), ==, "yes");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (saved, q1)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (saved, q3), ==, 4);
    g_assert_cmpuint (json_object_get_size (listed), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (listed, q0), ==, "yes");
  }
  {
    g_autofree char *answers_json = fill_ids (fixture, "{\"Q0\": \"no\", \"Q2\": \"\", \"Q3\": 2.5}");
    g_autofree char *body = record_body (fixture, answers_json);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (r->json, "answers")), ==, 2);
  }
  /* Without "answers" a record has none, required or not (the call may not have reached
   * the questions). */
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"unanswered\"}",
                                             fixture->result);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (r->json, "answers")), ==, 0);
  }
  g_assert_cmpint (count_rows (f, "contact_records"), ==, records + 3);
  g_assert_cmpint (count_rows (f, "contact_record_answers"), ==, answers + 7);

  /* A customer whose task has no questionnaire has nothing to answer. */
  {
    gint64 other = add_customer (f, f->demo, f->package, f->task_b, f->agent3, "Other", NULL);
    g_autofree char *other_path = records_path (other);
    g_autofree char *body = record_body (fixture, "{}");
    g_autoptr(ApiResponse) r = expect (f, "POST", other_path, f->t_agent3, body, 400);
    g_assert_nonnull (strstr (error_message (r), "no questionnaire"));
  }
  /* A record whose other fields are bad writes no answers either. */
  {
    g_autofree char *answers_json = fill_ids (fixture, "{\"Q0\": \"yes\"}");
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": 999999, \"call_state\": \"answered\", \"answers\": %s}",
                                             answers_json);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 400);
    g_assert_cmpint (count_rows (f, "contact_record_answers"), ==, answers + 7);
  }
}

/* C18: editing a questionnaire after answers exist keeps the old answers as they were. */
static void
test_old_answers_survive_edits (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = records_path (fixture->customer);
  g_autofree char *definition = questionnaire_path (f->task_a, "");
  g_autofree char *csv_path = questionnaire_path (f->task_a, "/answers.csv");
  g_autofree char *q0 = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[0]);
  g_autofree char *q3 = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->q[3]);
  gint64 record;

  {
    g_autofree char *answers_json = fill_ids (fixture, "{\"Q0\": \"yes\", \"Q3\": 3}");
    g_autofree char *body = record_body (fixture, answers_json);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    record = json_object_get_int_member (r->json, "id");
  }
  /* Q0 renamed, "yes" no longer a choice; Q3 (number) removed; a new number question. */
  {
    g_autofree char *edit = fill_ids (fixture,
                                      "{\"version\": 1, \"questions\": [{\"id\": Q0, \"type\": \"single\","
                                      " \"label\": \"Buys?\", \"required\": true, \"choices\": [\"soon\", \"never\"]},"
                                      " {\"type\": \"number\", \"label\": \"Household\"}]}");
    g_autoptr(ApiResponse) r = expect (f, "PUT", definition, f->admin, edit, 200);
    gint64 added = json_object_get_int_member (json_array_get_object_element (questions_of (r), 1), "id");

    g_assert_cmpint (added, !=, fixture->q[3]);
  }
  /* The old record still says what was answered, under the same ids. */
  {
    g_autoptr(ApiResponse) list = expect (f, "GET", path, f->agent, NULL, 200);
    JsonObject *old = NULL;

    for (guint i = 0; i < json_array_get_length (items_of (list)); i++)
      if (json_object_get_int_member (json_array_get_object_element (items_of (list), i), "id") == record)
        old = json_object_get_object_member (json_array_get_object_element (items_of (list), i), "answers");
    g_assert_nonnull (old);
    g_assert_cmpstr (json_object_get_string_member (old, q0), ==, "yes");
    g_assert_cmpint (json_object_get_int_member (old, q3), ==, 3);
  }
  /* New answers follow the new definition: the removed question and the old choice are out. */
  {
    g_autofree char *a = fill_ids (fixture, "{\"Q0\": \"soon\", \"Q3\": 3}");
    g_autofree char *b = fill_ids (fixture, "{\"Q0\": \"yes\"}");
    g_autofree char *c = fill_ids (fixture, "{\"Q0\": \"soon\"}");
    g_autofree char *body_a = record_body (fixture, a);
    g_autofree char *body_b = record_body (fixture, b);
    g_autofree char *body_c = record_body (fixture, c);
    g_autoptr(ApiResponse) ra = expect (f, "POST", path, f->agent, body_a, 400);
    g_autoptr(ApiResponse) rb = expect (f, "POST", path, f->agent, body_b, 400);
    g_autoptr(ApiResponse) rc = expect (f, "POST", path, f->agent, body_c, 201);
  }
  /* The export keeps a column for the removed question with the old answer, and both
   * labels as they are now. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", csv_path, f->admin, NULL, 200);
    g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
    g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

    g_assert_nonnull (strstr (lines[0], ",Buys?,Household,"));
    g_assert_nonnull (strstr (lines[0], "Household size (removed)"));
    g_assert_nonnull (strstr (lines[1], ",yes,,"));
    g_assert_true (g_str_has_suffix (lines[1], ",3") || strstr (lines[1], ",3,") != NULL);
    g_assert_nonnull (strstr (lines[2], ",soon,"));
    g_assert_cmpstr (lines[3], ==, "");
    g_assert_null (lines[4]);
  }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = strstr (text, "\r\n"); p != NULL; p = strstr (p + 2, "\r\n"))
    n++;
  return n;
}

/* The CSV: a BOM for Excel, one row per record, RFC 4180 quoting, streamed in chunks. */
static void
test_export_csv (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *csv_path = questionnaire_path (f->task_a, "/answers.csv");
  g_autoptr(GError) error = NULL;
  guint n_records = 450;   /* more than two of the export's parts */

  /* Written by the store, as the API would, to keep the test short. */
  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_answer_free);
      g_autoptr(WccStoreQuestionnaire) questionnaire = wcc_store_questionnaire_find (f->store, f->demo, f->task_a);
      WccStoreAnswer *a0 = g_new0 (WccStoreAnswer, 1), *a1 = g_new0 (WccStoreAnswer, 1), *a2 = g_new0 (WccStoreAnswer, 1);
      gint64 record = wcc_store_contact_record_create (f->store, f->demo, fixture->customer, f->api.agent_id,
                                                       fixture->result, TRUE, "", 0, 0, 0, &error);

      g_assert_no_error (error);
      a0->question_id = fixture->q[0];
      a0->value_json = g_strdup ("\"yes\"");
      a1->question_id = fixture->q[1];
      a1->value_json = g_strdup ("[\"phone\",\"tv, cable\"]");
      a2->question_id = fixture->q[2];
      a2->value_json = g_strdup (i == 0 ? "\"She said \\\"later\\\",\\nthen hung up\"" : "\"=HYPERLINK(1)\"");
      g_ptr_array_add (answers, a0);
      g_ptr_array_add (answers, a1);
      g_ptr_array_add (answers, a2);
      g_assert_true (wcc_store_answers_write (f->store, f->demo, questionnaire->id, record, answers, &error));
    }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", csv_path, f->admin, NULL, 200);
    gsize length = g_bytes_get_size (r->body);
    g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), length);

    g_assert_cmpstr (r->content_type, ==, "text/csv");
    g_assert_cmpint (soup_message_headers_get_encoding (r->headers), ==, SOUP_ENCODING_CHUNKED);
    g_assert_nonnull (strstr (soup_message_headers_get_one (r->headers, "Content-Disposition"), "answers.csv"));
    g_assert_true (g_str_has_prefix (text, WCC_CSV_BOM "contact_record_id,time,customer_id,company,surname,"
                                           "given_name,phone,agent,call_result,Interested?,Products,Comment,"
                                           "Household size,Best day\r\n"));
    /* The header, a record whose comment spans two lines, and the rest. */
    g_assert_cmpuint (count_lines (text), ==, 1 + n_records);
    g_assert_nonnull (strstr (text, ",1001,Reached,yes,\"phone; tv, cable\",\"She said \"\"later\"\",\nthen hung up\",,\r\n"));
    g_assert_nonnull (strstr (text, ",Tanaka Shoji,,,03-5555-0001,"));
    /* A formula is not run by the spreadsheet. */
    g_assert_nonnull (strstr (text, ",'=HYPERLINK(1),"));
    g_assert_null (strstr (text, ",=HYPERLINK"));
  }
  /* A task without a questionnaire has no export. */
  {
    g_autofree char *other = questionnaire_path (f->task_b, "/answers.csv");
    g_autoptr(ApiResponse) r = expect (f, "GET", other, f->admin, NULL, 404);
  }
}

/* A retried save with one Idempotency-Key is one record with one set of answers. */
static void
test_idempotent_retry (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = records_path (fixture->customer);
  g_autofree char *answers_json = fill_ids (fixture, "{\"Q0\": \"yes\", \"Q2\": \"again\"}");
  g_autofree char *body = record_body (fixture, answers_json);
  const char *headers[] = { "Idempotency-Key", "record-1", NULL };
  gint64 records = count_rows (f, "contact_records");
  gint64 answers = count_rows (f, "contact_record_answers");
  g_autoptr(ApiResponse) first = api_request_full (&f->api, "POST", path, f->agent, "application/json",
                                                   body, strlen (body), headers);
  g_autoptr(ApiResponse) again = api_request_full (&f->api, "POST", path, f->agent, "application/json",
                                                   body, strlen (body), headers);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpint (count_rows (f, "contact_records"), ==, records + 1);
  g_assert_cmpint (count_rows (f, "contact_record_answers"), ==, answers + 2);
}

/* Every endpoint, every role: what each may do. */
static const struct {
  const char *method;
  const char *path;
  const char *body;
  guint       agent, leader, admin;
} endpoints[] = {
  { "GET", "/api/v1/tasks/{T}/questionnaire", NULL, 200, 200, 200 },
  { "PUT", "/api/v1/tasks/{T}/questionnaire",
    "{\"version\": 1, \"questions\": [{\"type\": \"text\", \"label\": \"Changed {S}\"}]}", 403, 403, 200 },
  { "GET", "/api/v1/tasks/{T}/questionnaire/answers.csv", NULL, 403, 403, 200 },
  { "POST", "/api/v1/customers/{C}/contact-records",
    "{\"call_result_id\": {R}, \"call_state\": \"answered\", \"answers\": {\"{Q}\": \"yes\"}}", 201, 201, 201 },
};

typedef struct {
  gint64 task, customer, result, question;
} Targets;

/* A fresh demo task of Sales with a questionnaire answered once, a customer of 1001 in it. */
static Targets
make_targets (QFixture *fixture,
              guint     round)
{
  Fixture *f = &fixture->base;
  g_autofree char *name = g_strdup_printf ("Demo task %u", round);
  g_autofree char *label = g_strdup_printf ("Demo result %u", round);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_answer_free);
  g_autoptr(GError) error = NULL;
  WccStoreAnswer *answer = g_new0 (WccStoreAnswer, 1);
  gint64 ids[5], questionnaire, record;
  Targets targets;

  targets.task = add_task (f, f->demo, f->package, name, f->sales);
  questionnaire = add_questionnaire (f, f->demo, targets.task, ids);
  targets.question = ids[0];
  targets.customer = add_customer (f, f->demo, f->package, targets.task, f->api.agent_id, "Demo customer", NULL);
  targets.result = add_result (f, f->demo, label);
  record = wcc_store_contact_record_create (f->store, f->demo, targets.customer, f->api.agent_id, targets.result,
                                            TRUE, "", 0, 0, 0, &error);
  answer->question_id = ids[0];
  answer->value_json = g_strdup ("\"Demo answer\"");
  g_ptr_array_add (answers, answer);
  g_assert_true (wcc_store_answers_write (f->store, f->demo, questionnaire, record, answers, &error));
  return targets;
}

static char *
fill_endpoint (const char    *format,
               const Targets *targets,
               const char    *suffix)
{
  GString *text;
  const char *names[] = { "{T}", "{C}", "{R}", "{Q}" };
  gint64 values[] = { targets->task, targets->customer, targets->result, targets->question };

  if (format == NULL)
    return NULL;
  text = g_string_new (format);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);
      g_string_replace (text, names[i], value, 0);
    }
  g_string_replace (text, "{S}", suffix, 0);
  return g_string_free (text, FALSE);
}

static void
test_role_matrix (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->agent, f->leader, f->admin };
  const char *names[] = { "agent", "leader", "admin" };

  for (guint role = 0; role < G_N_ELEMENTS (tokens); role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (fixture, role * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("%s-%u", names[role], i);
        g_autofree char *path = fill_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = fill_endpoint (endpoints[i].body, &targets, suffix);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = NULL;

        g_test_message ("%s: %s %s", names[role], endpoints[i].method, path);
        r = expect (f, endpoints[i].method, path, tokens[role], body, want);
      }
}

/* Another client's agent and administrator: every endpoint answers nothing of demo's and
 * changes nothing of it. */
static void
test_tenant_isolation (QFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (fixture, who * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("acme-%u-%u", who, i);
        g_autofree char *path = fill_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = fill_endpoint (endpoints[i].body, &targets, suffix);
        gint64 records = count_rows (f, "contact_records");
        gint64 answers = count_rows (f, "contact_record_answers");
        g_autoptr(ApiResponse) r = body ? api_json (&f->api, endpoints[i].method, path, tokens[who], body)
                                        : api_request (&f->api, endpoints[i].method, path, tokens[who], NULL, NULL, 0);
        g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
        g_autoptr(WccStoreQuestionnaire) questionnaire = wcc_store_questionnaire_find (f->store, f->demo, targets.task);

        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        g_assert_null (strstr (text, "Demo "));
        g_assert_null (strstr (text, "Interested?"));
        g_assert_cmpint (questionnaire->version, ==, 1);
        g_assert_cmpint (count_rows (f, "contact_records"), ==, records);
        g_assert_cmpint (count_rows (f, "contact_record_answers"), ==, answers);
        g_assert_true (r->status == 404 || (who == 0 && r->status == 403));
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) g_test_add (path, QFixture, NULL, q_fixture_setup, func, q_fixture_teardown)
  ADD ("/questionnaires/define-and-read", test_define_and_read);
  ADD ("/questionnaires/edit-versions-and-bad-input", test_edit_versions_and_bad_input);
  ADD ("/questionnaires/answers-checked", test_answers_checked);
  ADD ("/questionnaires/old-answers-survive-edits", test_old_answers_survive_edits);
  ADD ("/questionnaires/export-csv", test_export_csv);
  ADD ("/questionnaires/idempotent-retry", test_idempotent_retry);
  ADD ("/questionnaires/roles/matrix", test_role_matrix);
  ADD ("/questionnaires/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
