/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-questionnaires.c: questionnaires over the API (C18): the definition of a task's
 * questionnaire, the answers saved with a contact record, the answers as CSV. */
#define G_LOG_DOMAIN "wcc-api-questionnaires"

#include <glib/gi18n-lib.h>

#include "wcc-csv.h"
#include "wcc-http-private.h"

#define MAX_QUESTIONS 100
#define MAX_CHOICES 100
#define MAX_LABEL 200
#define MAX_ANSWER_TEXT 2000
/* Contact records per chunk of the CSV export. */
#define EXPORT_BATCH 200

static JsonObject *
question_to_json (WccStoreQuestion *question)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", question->id);
  json_object_set_string_member (object, "type", wcc_question_type_to_string (question->type));
  json_object_set_string_member (object, "label", question->label);
  json_object_set_boolean_member (object, "required", question->required);
  if (question->choices != NULL)
    {
      JsonArray *choices = json_array_new ();

      for (guint i = 0; question->choices[i] != NULL; i++)
        json_array_add_string_element (choices, question->choices[i]);
      json_object_set_array_member (object, "choices", choices);
    }
  return object;
}

/* The current questions; @with_removed adds the removed ones (that old answers name). */
static JsonObject *
questionnaire_to_json (WccStoreQuestionnaire *questionnaire,
                       gboolean               with_removed)
{
  JsonObject *object = json_object_new ();
  JsonArray *questions = json_array_new ();
  JsonArray *removed = json_array_new ();

  json_object_set_int_member (object, "id", questionnaire->id);
  json_object_set_int_member (object, "task_id", questionnaire->task_id);
  for (guint i = 0; i < questionnaire->questions->len; i++)
    {
      WccStoreQuestion *question = g_ptr_array_index (questionnaire->questions, i);

      if (!question->removed)
        json_array_add_object_element (questions, question_to_json (question));
      else if (with_removed)
        json_array_add_object_element (removed, question_to_json (question));
    }
  json_object_set_array_member (object, "questions", questions);
  if (with_removed)
    json_object_set_array_member (object, "removed_questions", removed);
  else
    json_array_unref (removed);
  json_object_set_int_member (object, "version", questionnaire->version);
  wcc_json_set_time_or_null (object, "created_at", questionnaire->created_at);
  wcc_json_set_time_or_null (object, "updated_at", questionnaire->updated_at);
  return object;
}

/* Agents read the questionnaire of a task they work on; leaders and client admins any. */
static WccStoreQuestionnaire *
find_visible_questionnaire (WccRequest *request)
{
  WccStoreQuestionnaire *questionnaire = NULL;

  if (wcc_request_has_role (request, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN) ||
      wcc_store_task_has_member (request->store, request->user->client_id, request->id, request->user->id))
    questionnaire = wcc_store_questionnaire_find (request->store, request->user->client_id, request->id);
  if (questionnaire == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No questionnaire for this task"));
  return questionnaire;
}

void
wcc_api_questionnaire_get (WccRequest *request)
{
  g_autoptr(WccStoreQuestionnaire) questionnaire = find_visible_questionnaire (request);

  if (questionnaire != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK,
                      questionnaire_to_json (questionnaire,
                                             wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN)));
}

static gboolean
question_fail (GError     **error,
               guint        index,
               const char  *problem)
{
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“questions” item %u: %s"), index + 1, problem);
  return FALSE;
}

static gboolean
read_choices (JsonObject        *object,
              guint              index,
              WccStoreQuestion  *question,
              GError           **error)
{
  JsonNode *node = json_object_get_member (object, "choices");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (question->type != WCC_QUESTION_SINGLE && question->type != WCC_QUESTION_MULTIPLE)
    return node == NULL || question_fail (error, index, _("only choice questions have “choices”"));
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0 ||
      json_array_get_length (array) > MAX_CHOICES)
    return question_fail (error, index, _("“choices” must be a list of 1 to 100 texts"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *choice = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (choice) || json_node_get_value_type (choice) != G_TYPE_STRING ||
          *(text = json_node_get_string (choice)) == '\0' || g_utf8_strlen (text, -1) > MAX_LABEL ||
          !g_hash_table_add (seen, (gpointer) text))
        return question_fail (error, index, _("each choice must be a different text of 1 to 200 characters"));
      g_strv_builder_add (builder, text);
    }
  question->choices = g_strv_builder_end (builder);
  return TRUE;
}

/* The questions of a PUT, in order. */
static GPtrArray *
read_questions (JsonObject  *body,
                GError     **error)
{
  static const char *allowed[] = { "id", "type", "label", "required", "choices", NULL };
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_question_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  JsonNode *node = json_object_get_member (body, "questions");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) > MAX_QUESTIONS)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“questions” must be a list of at most %d questions"),
                   MAX_QUESTIONS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(WccStoreQuestion) question = g_new0 (WccStoreQuestion, 1);
      const char *type = NULL, *label = NULL;
      JsonObject *object;
      int type_index;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          question_fail (error, i, _("must be an object"));
          return NULL;
        }
      object = json_node_get_object (element);
      if (!wcc_json_check_fields (object, allowed, error) ||
          !wcc_json_get_int (object, "id", FALSE, &question->id, error) ||
          !wcc_json_get_string (object, "type", TRUE, &type, error) ||
          !wcc_api_read_text (object, "label", TRUE, MAX_LABEL, &label, error) ||
          !wcc_json_get_bool (object, "required", FALSE, &question->required, error))
        {
          g_prefix_error (error, _("“questions” item %u: "), i + 1);
          return NULL;
        }
      if ((type_index = wcc_question_type_from_string (type)) < 0)
        {
          question_fail (error, i, _("“type” must be single, multiple, text, number or date"));
          return NULL;
        }
      question->type = type_index;
      question->label = g_strdup (label);
      if (question->id < 0 || (question->id > 0 && !g_hash_table_add (ids, &question->id)))
        {
          question_fail (error, i, _("“id” must be the id of another question of this questionnaire"));
          return NULL;
        }
      if (!read_choices (object, i, question, error))
        return NULL;
      g_ptr_array_add (questions, g_steal_pointer (&question));
    }
  return g_steal_pointer (&questions);
}

void
wcc_api_questionnaire_put (WccRequest *request)
{
  static const char *allowed[] = { "version", "questions", NULL };
  g_autoptr(WccStoreTask) task = NULL;
  g_autoptr(WccStoreQuestionnaire) existing = NULL;
  g_autoptr(WccStoreQuestionnaire) saved = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;
  gboolean created;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator sets this up")))
    return;
  if ((task = wcc_store_task_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such task"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  existing = wcc_store_questionnaire_find (request->store, request->user->client_id, request->id);
  current = existing ? questionnaire_to_json (existing, TRUE) : NULL;
  /* The first save has no version; every later one carries the one it edits. */
  if (wcc_json_check_fields (body, allowed, &error) &&
      (!json_object_has_member (body, "version") || wcc_api_read_version (body, &version, &error)) &&
      (questions = read_questions (body, &error)) != NULL &&
      wcc_store_questionnaire_save (request->store, request->user->client_id, request->id, questions, version,
                                    &error) != 0)
    {
      created = version == 0;
      saved = wcc_store_questionnaire_find (request->store, request->user->client_id, request->id);
      {
        JsonObject *data = json_object_new ();
        JsonNode *node = json_node_new (JSON_NODE_OBJECT);

        json_object_set_int_member (data, "task_id", request->id);
        json_object_set_int_member (data, "version", saved->version);
        json_node_take_object (node, data);
        wcc_event_hub_publish (request->hub, request->user->client_id, 0, "questionnaire.updated", node);
      }
      wcc_reply_object (request, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, questionnaire_to_json (saved, TRUE));
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

/* ---- Answers of a contact record ---- */

struct _WccRecordAnswers
{
  gint64     questionnaire_id;
  GPtrArray *answers;          /* of WccStoreAnswer */
};

void
wcc_record_answers_free (WccRecordAnswers *answers)
{
  if (answers == NULL)
    return;
  g_clear_pointer (&answers->answers, g_ptr_array_unref);
  g_free (answers);
}

static gboolean
is_empty_answer (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (value))
    return json_array_get_length (json_node_get_array (value)) == 0;
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
         *json_node_get_string (value) == '\0';
}

static gboolean
is_choice (WccStoreQuestion *question,
           JsonNode         *value)
{
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
         question->choices != NULL && g_strv_contains ((const char * const *) question->choices,
                                                       json_node_get_string (value));
}

/* Is @value an answer of @question's type? The message says what it must be. */
static const char *
check_answer (WccStoreQuestion *question,
              JsonNode         *value)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  switch (question->type)
    {
    case WCC_QUESTION_SINGLE:
      return is_choice (question, value) ? NULL : _("must be one of the question's choices");
    case WCC_QUESTION_MULTIPLE:
      {
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          if (!is_choice (question, json_array_get_element (array, i)) ||
              !g_hash_table_add (seen, (gpointer) json_array_get_string_element (array, i)))
            array = NULL;
        return array != NULL ? NULL : _("must be a list of different choices of the question");
      }
    case WCC_QUESTION_TEXT:
      return value_type == G_TYPE_STRING && g_utf8_strlen (json_node_get_string (value), -1) <= MAX_ANSWER_TEXT
             ? NULL : _("must be a text of at most 2000 characters");
    case WCC_QUESTION_NUMBER:
      return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE ? NULL : _("must be a number");
    case WCC_QUESTION_DATE:
    default:
      return value_type == G_TYPE_STRING && wcc_api_text_is_date (json_node_get_string (value))
             ? NULL : _("must be a date (YYYY-MM-DD)");
    }
}

static WccStoreQuestion *
find_question (WccStoreQuestionnaire *questionnaire,
               const char            *key)
{
  guint64 id;

  if (!g_ascii_string_to_unsigned (key, 10, 1, G_MAXINT64, &id, NULL))
    return NULL;
  for (guint i = 0; i < questionnaire->questions->len; i++)
    {
      WccStoreQuestion *question = g_ptr_array_index (questionnaire->questions, i);

      if (question->id == (gint64) id && !question->removed)
        return question;
    }
  return NULL;
}

static gboolean
reply_answer_error (WccRequest  *request,
                    gint64       question_id,
                    const char  *message)
{
  JsonObject *extra = json_object_new ();

  if (question_id != 0)
    json_object_set_int_member (extra, "question_id", question_id);
  wcc_reply_error_with (request, WCC_ERROR_INVALID_FIELD, message, extra);
  return FALSE;
}

gboolean
wcc_api_read_record_answers (WccRequest        *request,
                             JsonObject        *body,
                             WccRecordAnswers **out)
{
  JsonNode *node = json_object_get_member (body, "answers");
  g_autoptr(WccStoreCustomer) customer = NULL;
  g_autoptr(WccStoreQuestionnaire) questionnaire = NULL;
  WccRecordAnswers *answers;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reply_answer_error (request, 0, _("“answers” must be an object of question ids and answers"));
  customer = wcc_store_customer_find (request->store, request->user->client_id, request->id);
  if (customer != NULL && customer->task_id != 0)
    questionnaire = wcc_store_questionnaire_find (request->store, request->user->client_id, customer->task_id);
  if (questionnaire == NULL)
    return reply_answer_error (request, 0, _("The customer's task has no questionnaire to answer"));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      WccStoreQuestion *question = find_question (questionnaire, key);
      const char *problem;

      if (question == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("“answers.%s” is not a question of the task's questionnaire"), key);
          return reply_answer_error (request, 0, message);
        }
      if (!is_empty_answer (value) && (problem = check_answer (question, value)) != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Question %" G_GINT64_FORMAT " (“%s”): the answer %s"),
                                                      question->id, question->label, problem);
          return reply_answer_error (request, question->id, message);
        }
    }
  answers = g_new0 (WccRecordAnswers, 1);
  answers->questionnaire_id = questionnaire->id;
  answers->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_answer_free);
  for (guint i = 0; i < questionnaire->questions->len; i++)
    {
      WccStoreQuestion *question = g_ptr_array_index (questionnaire->questions, i);
      g_autofree char *key_text = g_strdup_printf ("%" G_GINT64_FORMAT, question->id);
      JsonNode *given = json_object_get_member (json_node_get_object (node), key_text);
      WccStoreAnswer *answer;

      if (question->removed)
        continue;
      if (is_empty_answer (given))
        {
          if (question->required)
            {
              g_autofree char *message = g_strdup_printf (_("Question %" G_GINT64_FORMAT " (“%s”) must be answered"),
                                                          question->id, question->label);
              wcc_record_answers_free (answers);
              return reply_answer_error (request, question->id, message);
            }
          continue;
        }
      answer = g_new0 (WccStoreAnswer, 1);
      answer->question_id = question->id;
      answer->value_json = wcc_json_to_string (given);
      g_ptr_array_add (answers->answers, answer);
    }
  *out = answers;
  return TRUE;
}

gboolean
wcc_api_write_record_answers (WccRequest        *request,
                              WccRecordAnswers  *answers,
                              gint64             record_id,
                              GError           **error)
{
  return wcc_store_answers_write (request->store, request->user->client_id, answers->questionnaire_id, record_id,
                                  answers->answers, error);
}

/* ---- The answers as CSV (client admins) ---- */

typedef struct {
  WccStoreQuestionnaire *questionnaire;
  gint64                 after;
  gboolean               header_done;
} AnswersExport;

static void
answers_export_free (AnswersExport *export)
{
  wcc_store_questionnaire_free (export->questionnaire);
  g_free (export);
}

/* One answer as a cell: texts as they are, a multiple choice joined with "; ". */
static char *
answer_cell (const char *value_json)
{
  g_autoptr(JsonNode) node = value_json ? json_from_string (value_json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (text, "%s%s", i ? "; " : "", json_array_get_string_element (array, i));
      return g_string_free (text, FALSE);
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup (value_json);
}

static gboolean
fill_answers (WccRequest *request,
              gpointer    data,
              GString    *out)
{
  AnswersExport *export = data;
  GPtrArray *questions = export->questionnaire->questions;
  g_autoptr(GPtrArray) rows = NULL;

  if (!export->header_done)
    {
      static const char * const fixed[] = { "contact_record_id", "time", "customer_id", "company", "surname",
                                            "given_name", "phone", "agent", "call_result" };

      g_string_append (out, WCC_CSV_BOM);
      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        wcc_csv_append_field (out, fixed[i], i == 0);
      for (guint i = 0; i < questions->len; i++)
        {
          WccStoreQuestion *question = g_ptr_array_index (questions, i);
          g_autofree char *title = question->removed
            ? g_strdup_printf ("%s (removed)", question->label) : g_strdup (question->label);

          wcc_csv_append_field (out, title, FALSE);
        }
      wcc_csv_end_row (out);
      export->header_done = TRUE;
    }
  rows = wcc_store_answer_rows (request->store, request->user->client_id, export->questionnaire->id, export->after,
                                EXPORT_BATCH);
  for (guint r = 0; r < rows->len; r++)
    {
      WccStoreAnswerRow *row = g_ptr_array_index (rows, r);
      g_autofree char *record_id = g_strdup_printf ("%" G_GINT64_FORMAT, row->record_id);
      g_autofree char *customer_id = g_strdup_printf ("%" G_GINT64_FORMAT, row->customer_id);
      g_autofree char *time = wcc_time_to_rfc3339 (row->created_at);

      wcc_csv_append_field (out, record_id, TRUE);
      wcc_csv_append_field (out, time, FALSE);
      wcc_csv_append_field (out, customer_id, FALSE);
      wcc_csv_append_field (out, row->company, FALSE);
      wcc_csv_append_field (out, row->surname, FALSE);
      wcc_csv_append_field (out, row->given_name, FALSE);
      wcc_csv_append_field (out, row->phone, FALSE);
      wcc_csv_append_field (out, row->agent, FALSE);
      wcc_csv_append_field (out, row->call_result, FALSE);
      for (guint i = 0; i < questions->len; i++)
        {
          WccStoreQuestion *question = g_ptr_array_index (questions, i);
          g_autofree char *cell = answer_cell (g_hash_table_lookup (row->answers, &question->id));

          wcc_csv_append_field (out, cell, FALSE);
        }
      wcc_csv_end_row (out);
      export->after = row->record_id;
    }
  return rows->len == EXPORT_BATCH;
}

void
wcc_api_questionnaire_answers_csv (WccRequest *request)
{
  AnswersExport *export;
  g_autofree char *filename = NULL;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator exports answers")))
    return;
  export = g_new0 (AnswersExport, 1);
  export->questionnaire = wcc_store_questionnaire_find (request->store, request->user->client_id, request->id);
  if (export->questionnaire == NULL)
    {
      answers_export_free (export);
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No questionnaire for this task"));
      return;
    }
  filename = g_strdup_printf ("task-%" G_GINT64_FORMAT "-answers.csv", request->id);
  wcc_reply_stream (request, "text/csv; charset=utf-8", filename, fill_answers, export,
                    (GDestroyNotify) answers_export_free);
}
