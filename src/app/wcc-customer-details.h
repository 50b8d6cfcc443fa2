/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-details.h: a customer's details and its package's custom fields, edited and
 * saved with the record's version (C5, C8). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_CUSTOMER_DETAILS (wcc_customer_details_get_type ())
G_DECLARE_FINAL_TYPE (WccCustomerDetails, wcc_customer_details, WCC, CUSTOMER_DETAILS, AdwBin)

/* Properties: "session" WccSession, "customer" WccRecord (NULL: a new customer, added to
 * "task-id" when saved), "pending" boolean (read-only: the save waits in the outbox).
 * Signals:
 *   saved (JsonObject *customer): the server has the customer as answered;
 *   toast (const char *message). */

gboolean  wcc_customer_details_get_pending (WccCustomerDetails *self);
/* Checks the form (required fields, numbers, dates) and saves it; FALSE (the rows in error
 * marked, a toast saying which) when something must be fixed first, and while a save waits
 * for its answer or a new customer waits in the outbox (one save at a time). */
gboolean  wcc_customer_details_save        (WccCustomerDetails *self);

/* Has the agent changed the form since it showed the record? */
gboolean  wcc_customer_details_get_edited  (WccCustomerDetails *self);
/* Says that the server has a newer version than the one being edited (someone else saved
 * it); saving then meets the version conflict and shows both. Hidden again when the form
 * shows the server's record. */
void      wcc_customer_details_show_outdated (WccCustomerDetails *self);
gboolean  wcc_customer_details_get_outdated (WccCustomerDetails *self);

G_END_DECLS
