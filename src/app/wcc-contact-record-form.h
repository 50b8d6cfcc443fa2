/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-record-form.h: saving a contact record (call result, note, linked call and
 * ticket; C15, C16) and the customer's appointment (C17). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT_RECORD_FORM (wcc_contact_record_form_get_type ())
G_DECLARE_FINAL_TYPE (WccContactRecordForm, wcc_contact_record_form, WCC, CONTACT_RECORD_FORM, AdwBin)

/* Properties: "session" WccSession, "customer" WccRecord, "linked-ticket-id" int64 (0: none).
 * Signals:
 *   saved (JsonObject *record or NULL when it waits in the outbox);
 *   toast (const char *message). */

/* The call the record is about: its server id (0: none known), whether it was answered
 * (which call results apply, C16), and whether it is still going on. */
void      wcc_contact_record_form_set_call (WccContactRecordForm *self,
                                            gint64                call_id,
                                            gboolean              answered,
                                            gboolean              going_on);
/* Saves the record with the chosen result; FALSE when none is chosen. */
gboolean  wcc_contact_record_form_save     (WccContactRecordForm *self);

G_END_DECLS
