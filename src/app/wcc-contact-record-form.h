/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-record-form.h: saving a contact record (call result, note, linked call and
 * ticket; C15, C16) and the customer's appointment (C17). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-questionnaire-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT_RECORD_FORM (wcc_contact_record_form_get_type ())
G_DECLARE_FINAL_TYPE (WccContactRecordForm, wcc_contact_record_form, WCC, CONTACT_RECORD_FORM, AdwBin)

/* Properties: "session" WccSession, "customer" WccRecord, "linked-ticket-id" int64 (0: none).
 * Signals:
 *   saved (JsonObject *record or NULL when it waits in the outbox);
 *   questionnaire-invalid (): a save stopped at the questionnaire (a required question);
 *   toast (const char *message). */

/* The call the record is about: its server id (0: none known), whether it was answered
 * (which call results apply, C16), and whether it is still going on. */
void      wcc_contact_record_form_set_call (WccContactRecordForm *self,
                                            gint64                call_id,
                                            gboolean              answered,
                                            gboolean              going_on);
/* The questionnaire of the customer's task (C18): its answers go with the record (checked
 * first: a required question left empty stops the save), and are cleared once the record
 * is saved or queued. NULL: none. */
void      wcc_contact_record_form_set_questionnaire (WccContactRecordForm    *self,
                                                     WccQuestionnaireSection *questionnaire);
/* Saves the record with the chosen result; FALSE when none is chosen. */
gboolean  wcc_contact_record_form_save     (WccContactRecordForm *self);
/* Would closing the form lose work: a note typed or a result chosen, not saved yet, or the
 * save waiting for its answer? */
gboolean  wcc_contact_record_form_get_unsaved (WccContactRecordForm *self);
/* The record's write waits for its answer ("saved" comes then, even once the form's tab
 * has closed). */
gboolean  wcc_contact_record_form_get_saving  (WccContactRecordForm *self);

G_END_DECLS
