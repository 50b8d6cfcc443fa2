/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-questionnaires.c: the store's queries for questionnaires (C18): definitions per
 * task with stable question ids, answers per contact record, the export's rows. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "wcc-error.h"
#include "wcc-json.h"
#include "wcc-store-private.h"

static const char * const type_names[] = { "single", "multiple", "text", "number", "date", NULL };

const char *
wcc_question_type_to_string (WccQuestionType type)
{
  g_return_val_if_fail ((guint) type < WCC_QUESTION_N_TYPES, NULL);
  return type_names[type];
}

int
wcc_question_type_from_string (const char *name)
{
  for (int i = 0; name != NULL && type_names[i] != NULL; i++)
    if (g_str_equal (type_names[i], name))
      return i;
  return -1;
}

void
wcc_store_question_free (WccStoreQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->label);
  g_strfreev (question->choices);
  g_free (question);
}

void
wcc_store_questionnaire_free (WccStoreQuestionnaire *questionnaire)
{
  if (questionnaire == NULL)
    return;
  g_clear_pointer (&questionnaire->questions, g_ptr_array_unref);
  g_free (questionnaire);
}

void
wcc_store_answer_free (WccStoreAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->value_json);
  g_free (answer);
}

void
wcc_store_answer_row_free (WccStoreAnswerRow *row)
{
  if (row == NULL)
    return;
  g_free (row->company);
  g_free (row->surname);
  g_free (row->given_name);
  g_free (row->phone);
  g_free (row->agent);
  g_free (row->call_result);
  g_clear_pointer (&row->answers, g_hash_table_unref);
  g_free (row);
}

static GStrv
choices_from_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

static char *
choices_to_json (GStrv choices)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    json_array_add_string_element (array, choices[i]);
  json_node_set_array (node, array);
  return wcc_json_to_string (node);
}

WccStoreQuestionnaire *
wcc_store_questionnaire_find (WccStore *self,
                              gint64    client_id,
                              gint64    task_id)
{
  g_autoptr(WccStoreQuestionnaire) questionnaire = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, version, created_at, updated_at FROM questionnaires"
                                 " WHERE client_id = ? AND task_id = ?;",
                                 "ii", client_id, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      questionnaire = g_new0 (WccStoreQuestionnaire, 1);
      questionnaire->id = sqlite3_column_int64 (stmt, 0);
      questionnaire->client_id = client_id;
      questionnaire->task_id = task_id;
      questionnaire->version = sqlite3_column_int64 (stmt, 1);
      questionnaire->created_at = sqlite3_column_int64 (stmt, 2);
      questionnaire->updated_at = sqlite3_column_int64 (stmt, 3);
      questionnaire->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_question_free);
    }
  sqlite3_reset (stmt);
  if (questionnaire == NULL)
    return NULL;
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, type, label, required, choices, removed FROM questionnaire_questions"
                                 " WHERE questionnaire_id = ? ORDER BY removed, position, id;",
                                 "i", questionnaire->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreQuestion *question = g_new0 (WccStoreQuestion, 1);

      question->id = sqlite3_column_int64 (stmt, 0);
      question->type = MAX (wcc_question_type_from_string ((const char *) sqlite3_column_text (stmt, 1)), 0);
      question->label = wcc_store_column_strdup (stmt, 2);
      question->required = sqlite3_column_int (stmt, 3) != 0;
      question->choices = choices_from_json ((const char *) sqlite3_column_text (stmt, 4));
      question->removed = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (questionnaire->questions, question);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&questionnaire);
}

/* The questionnaire row of the save: created, or checked and its version bumped. */
static gint64
claim_questionnaire (WccStore  *self,
                     gint64     client_id,
                     gint64     task_id,
                     gint64     expected_version,
                     gint64     now,
                     GError   **error)
{
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                               "SELECT id, version FROM questionnaires WHERE client_id = ? AND task_id = ?;",
                                               "ii", client_id, task_id);
  gint64 id = 0, version = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (expected_version == 0)
    {
      if (id != 0)
        return wcc_store_fail (error, WCC_ERROR_VERSION_CONFLICT, _("The task already has a questionnaire"));
      /* The SELECT writes nothing for a task of another client. */
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT INTO questionnaires (client_id, task_id, created_at, updated_at)"
                                                        " SELECT client_id, id, ?3, ?3 FROM tasks WHERE client_id = ?1 AND id = ?2;",
                                                        "iii", client_id, task_id, now),
                                _("Cannot save the questionnaire"), error))
        return 0;
      if (sqlite3_changes (wcc_store_get_db (self)) == 0)
        return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such task"));
      return sqlite3_last_insert_rowid (wcc_store_get_db (self));
    }
  if (id == 0)
    return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("The task has no questionnaire"));
  if (version != expected_version)
    return wcc_store_fail (error, WCC_ERROR_VERSION_CONFLICT, _("Someone else changed this questionnaire in the meantime"));
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE questionnaires SET version = version + 1, updated_at = ? WHERE id = ?;",
                                                    "ii", now, id),
                            _("Cannot save the questionnaire"), error))
    return 0;
  return id;
}

static gboolean
save_question (WccStore          *self,
               gint64             questionnaire_id,
               guint              position,
               WccStoreQuestion  *question,
               GError           **error)
{
  g_autofree char *choices = choices_to_json (question->choices);

  if (question->id == 0)
    return wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT INTO questionnaire_questions (questionnaire_id, position, type,"
                                                        " label, required, choices) VALUES (?, ?, ?, ?, ?, ?);",
                                                        "iissis", questionnaire_id, (gint64) position,
                                                        type_names[question->type], question->label,
                                                        (gint64) (question->required ? 1 : 0), choices),
                                _("Cannot save the questionnaire"), error);
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE questionnaire_questions SET position = ?, label = ?, required = ?,"
                                                    " choices = ?, removed = 0 WHERE id = ? AND questionnaire_id = ? AND type = ?;",
                                                    "isisiis", (gint64) position, question->label,
                                                    (gint64) (question->required ? 1 : 0), choices, question->id,
                                                    questionnaire_id, type_names[question->type]),
                            _("Cannot save the questionnaire"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  if (wcc_store_query_int (self, wcc_store_prepare_bind (self,
                                                         "SELECT 1 FROM questionnaire_questions WHERE id = ?"
                                                         " AND questionnaire_id = ?;",
                                                         "ii", question->id, questionnaire_id), 0))
    g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                 _("Question %" G_GINT64_FORMAT ": a question's type cannot change (remove it and add a new one)"),
                 question->id);
  else
    g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                 _("Question %" G_GINT64_FORMAT " is not a question of this questionnaire"), question->id);
  return FALSE;
}

gint64
wcc_store_questionnaire_save (WccStore   *self,
                              gint64      client_id,
                              gint64      task_id,
                              GPtrArray  *questions,
                              gint64      expected_version,
                              GError    **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (questions != NULL, 0);

  if (!wcc_store_begin (self, error))
    return 0;
  id = claim_questionnaire (self, client_id, task_id, expected_version, now, error);
  /* Every question is removed unless the new list names it again. */
  ok = id != 0 &&
       wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE questionnaire_questions SET removed = 1 WHERE questionnaire_id = ?;",
                                                    "i", id),
                            _("Cannot save the questionnaire"), error);
  for (guint i = 0; ok && i < questions->len; i++)
    ok = save_question (self, id, i, g_ptr_array_index (questions, i), error);
  if (!ok)
    {
      wcc_store_rollback (self);
      return 0;
    }
  return wcc_store_commit (self, error) ? id : 0;
}

gboolean
wcc_store_answers_write (WccStore   *self,
                         gint64      client_id,
                         gint64      questionnaire_id,
                         gint64      contact_record_id,
                         GPtrArray  *answers,
                         GError    **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  for (guint i = 0; i < answers->len; i++)
    {
      WccStoreAnswer *answer = g_ptr_array_index (answers, i);

      /* The SELECTs keep the record and the question inside @client_id. */
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT INTO contact_record_answers (contact_record_id, question_id,"
                                                        " questionnaire_id, value)"
                                                        " SELECT r.id, q.id, q.questionnaire_id, ?4 FROM contact_records r,"
                                                        " questionnaire_questions q JOIN questionnaires n ON n.id = q.questionnaire_id"
                                                        " WHERE r.client_id = ?1 AND r.id = ?2 AND q.id = ?3"
                                                        " AND n.client_id = ?1 AND n.id = ?5;",
                                                        "iiisi", client_id, contact_record_id, answer->question_id,
                                                        answer->value_json, questionnaire_id),
                                _("Cannot save the answers"), error))
        return FALSE;
      if (sqlite3_changes (wcc_store_get_db (self)) == 0)
        return wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("An answer names no question of the questionnaire"));
    }
  return TRUE;
}

GPtrArray *
wcc_store_answer_rows (WccStore *self,
                       gint64    client_id,
                       gint64    questionnaire_id,
                       gint64    after_record_id,
                       guint     limit)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_answer_row_free);
  WccStoreAnswerRow *row = NULL;
  gint64 last_id;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), rows);

  /* The page's last record first, so that one query reads whole records. */
  last_id = wcc_store_query_int (self,
                                 wcc_store_prepare_bind (self,
                                                         "SELECT max(id) FROM (SELECT DISTINCT contact_record_id AS id"
                                                         " FROM contact_record_answers WHERE questionnaire_id = ?"
                                                         " AND contact_record_id > ? ORDER BY 1 LIMIT ?);",
                                                         "iii", questionnaire_id, after_record_id, (gint64) limit),
                                 0);
  if (last_id == 0)
    return rows;
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT r.id, r.created_at, c.id, c.company, c.surname, c.given_name,"
                                 " (SELECT number FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1),"
                                 " coalesce(u.employee_id, ''), res.label, a.question_id, a.value"
                                 " FROM contact_record_answers a JOIN contact_records r ON r.id = a.contact_record_id"
                                 " JOIN customers c ON c.id = r.customer_id"
                                 " JOIN call_results res ON res.id = r.call_result_id"
                                 " LEFT JOIN users u ON u.id = r.author_id"
                                 " WHERE a.questionnaire_id = ?2 AND a.contact_record_id > ?3 AND a.contact_record_id <= ?4"
                                 " AND r.client_id = ?1 ORDER BY a.contact_record_id, a.question_id;",
                                 "iiii", client_id, questionnaire_id, after_record_id, last_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 record_id = sqlite3_column_int64 (stmt, 0);
      gint64 *question_id;

      if (row == NULL || row->record_id != record_id)
        {
          row = g_new0 (WccStoreAnswerRow, 1);
          row->record_id = record_id;
          row->created_at = sqlite3_column_int64 (stmt, 1);
          row->customer_id = sqlite3_column_int64 (stmt, 2);
          row->company = wcc_store_column_strdup (stmt, 3);
          row->surname = wcc_store_column_strdup (stmt, 4);
          row->given_name = wcc_store_column_strdup (stmt, 5);
          row->phone = wcc_store_column_strdup (stmt, 6);
          row->agent = wcc_store_column_strdup (stmt, 7);
          row->call_result = wcc_store_column_strdup (stmt, 8);
          row->answers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
          g_ptr_array_add (rows, row);
        }
      question_id = g_new (gint64, 1);
      *question_id = sqlite3_column_int64 (stmt, 9);
      g_hash_table_insert (row->answers, question_id, wcc_store_column_strdup (stmt, 10));
    }
  sqlite3_reset (stmt);
  return rows;
}
