/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sms-section.h: a customer's SMS (C10): the messages sent to them with their content
 * and delivery state (live from the server's events), and a new one sent to one of the
 * customer's numbers; a message sent while the server cannot be reached waits as pending. */
#pragma once

#include "wcc-customer-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_SMS_SECTION (wcc_sms_section_get_type ())
G_DECLARE_FINAL_TYPE (WccSmsSection, wcc_sms_section, WCC, SMS_SECTION, WccCustomerSection)

/* Actions: sms.send sends what the compose area holds to the number chosen; sms.reuse (x:
 * a message's id) puts that message's number and text back into the compose area (to send
 * a failed one again); activating a message shows its whole text. */
GtkWidget  *wcc_sms_section_new      (WccSession    *session,
                                      WccRecord     *customer);

/* The messages shown, newest first (WccRecord of the API's Sms). */
GListModel *wcc_sms_section_get_messages (WccSmsSection *self);

G_END_DECLS
