/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-questionnaires.h: the store's questionnaires (C18): one per task, its questions,
 * the answers saved with contact records, and the rows of the answers export. Included by
 * wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef enum {
  WCC_QUESTION_SINGLE,     /* one of the choices */
  WCC_QUESTION_MULTIPLE,   /* some of the choices */
  WCC_QUESTION_TEXT,
  WCC_QUESTION_NUMBER,
  WCC_QUESTION_DATE,       /* YYYY-MM-DD */
  WCC_QUESTION_N_TYPES,
} WccQuestionType;

/* "single", "multiple", "text", "number", "date"; and back (-1: none of them). */
const char     *wcc_question_type_to_string (WccQuestionType type);
int             wcc_question_type_from_string (const char *name);

/* A question keeps its id for good: edits change its label, choices, required flag and
 * place; a question left out of an edit is marked removed and kept for the answers that
 * name it. */
typedef struct {
  gint64           id;           /* 0: a new question (in a save) */
  WccQuestionType  type;
  char            *label;
  gboolean         required;
  GStrv            choices;      /* single and multiple; NULL for the others */
  gboolean         removed;
} WccStoreQuestion;

typedef struct {
  gint64     id;
  gint64     client_id;
  gint64     task_id;
  gint64     version;
  gint64     created_at;
  gint64     updated_at;
  GPtrArray *questions;          /* of WccStoreQuestion: the current ones in order, then the removed */
} WccStoreQuestionnaire;

void wcc_store_question_free       (WccStoreQuestion      *question);
void wcc_store_questionnaire_free  (WccStoreQuestionnaire *questionnaire);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreQuestion, wcc_store_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreQuestionnaire, wcc_store_questionnaire_free)

/* The task's questionnaire, NULL when it has none (or the task is not of @client_id). */
WccStoreQuestionnaire *wcc_store_questionnaire_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         task_id);
/* Writes the task's questionnaire as @questions (of WccStoreQuestion, in order), in one
 * transaction. @expected_version 0 creates it (WCC_ERROR_VERSION_CONFLICT when the task
 * has one); otherwise it must be the stored version (WCC_ERROR_VERSION_CONFLICT) of an
 * existing one (WCC_ERROR_NOT_FOUND). A question with an id must be one of this
 * questionnaire, of the same type (WCC_ERROR_INVALID_FIELD). Returns its id. */
gint64          wcc_store_questionnaire_save (WccStore  *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          GPtrArray     *questions,
                                          gint64         expected_version,
                                          GError       **error);

/* One answer: the question and its value as JSON text. */
typedef struct {
  gint64  question_id;
  char   *value_json;
} WccStoreAnswer;

void wcc_store_answer_free (WccStoreAnswer *answer);

/* Writes the answers of a contact record (checked by the caller against the
 * questionnaire); joins the caller's transaction. */
gboolean        wcc_store_answers_write  (WccStore      *self,
                                          gint64         client_id,
                                          gint64         questionnaire_id,
                                          gint64         contact_record_id,
                                          GPtrArray     *answers,
                                          GError       **error);

/* A contact record with answers to a questionnaire, for the export. */
typedef struct {
  gint64      record_id;
  gint64      created_at;
  gint64      customer_id;
  char       *company;
  char       *surname;
  char       *given_name;
  char       *phone;            /* the first one, as typed */
  char       *agent;            /* the author's employee ID; "" when deleted */
  char       *call_result;
  GHashTable *answers;          /* question id (gint64 *) → value JSON text */
} WccStoreAnswerRow;

void wcc_store_answer_row_free (WccStoreAnswerRow *row);

/* The next at most @limit contact records with answers to @questionnaire_id after
 * @after_record_id, by record id. */
GPtrArray      *wcc_store_answer_rows    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         questionnaire_id,
                                          gint64         after_record_id,
                                          guint          limit);

G_END_DECLS
