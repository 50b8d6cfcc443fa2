/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-questionnaire-section.h: the questionnaire of the customer's task (C18), filled during
 * the call. It saves nothing by itself: the API takes the answers only with a contact record
 * (POST /customers/{id}/contact-records, "answers"), so the customer tab's contact-record
 * form asks this section for them. The answers stay here while the tab is open (across a
 * call, a reconnect, a new version of the questionnaire: by question id) until
 * wcc_questionnaire_section_clear() once the record is saved. */
#pragma once

#include "wcc-customer-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_QUESTIONNAIRE_SECTION (wcc_questionnaire_section_get_type ())
G_DECLARE_FINAL_TYPE (WccQuestionnaireSection, wcc_questionnaire_section, WCC, QUESTIONNAIRE_SECTION, WccCustomerSection)

/* Properties (read-only): "has-questionnaire" boolean: the customer's task has one (FALSE:
 * the section has nothing to add to a contact record, and the record must not carry
 * "answers"); "answered" uint: how many questions have an answer.
 * Signal "changed" (): an answer changed, the answers were cleared, or the questions did.
 * Action questionnaire.clear empties every answer. */

GtkWidget  *wcc_questionnaire_section_new                   (WccSession              *session,
                                                             WccRecord               *customer);

gboolean    wcc_questionnaire_section_get_has_questionnaire (WccQuestionnaireSection *self);
guint       wcc_questionnaire_section_get_answered          (WccQuestionnaireSection *self);
/* The questions shown: Question objects as the API has them ({"id", "type", "label",
 * "required", "choices"}), NULL without a questionnaire. */
JsonArray  *wcc_questionnaire_section_get_questions         (WccQuestionnaireSection *self);

/* TRUE when there is no questionnaire, or every required question has an answer and every
 * answer is of its question's type (a number, a date YYYY-MM-DD, at most 2000 characters of
 * text). Otherwise FALSE with WCC_ERROR_INVALID_FIELD, a message naming the first question
 * wrong (it takes the focus; every wrong one is marked). */
gboolean    wcc_questionnaire_section_validate              (WccQuestionnaireSection *self,
                                                             GError                 **error);
/* The "answers" member of a contact record: {"<question id>": value} for each question
 * answered — a string (text, single choice, date "YYYY-MM-DD"), a JSON number, or an array
 * of the choices ticked. NULL without a questionnaire. Call validate first. */
JsonObject *wcc_questionnaire_section_get_answers           (WccQuestionnaireSection *self);
/* Empties every answer (the contact record carrying them was saved). */
void        wcc_questionnaire_section_clear                 (WccQuestionnaireSection *self);

G_END_DECLS
