/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-new-customer-dialog.h: adding a customer to a task (C5): the fixed fields and the
 * package's own, required ones marked and checked before saving. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_NEW_CUSTOMER_DIALOG (wcc_new_customer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WccNewCustomerDialog, wcc_new_customer_dialog, WCC, NEW_CUSTOMER_DIALOG, AdwWindow)

/* Signals: added (JsonObject *customer): saved, the server's customer; NULL when the save
 * waits in the outbox (offline) and goes when the server is back. The dialog closes then. */

/* @task: the task (a WccRecord of GET /tasks) the customer joins; its package's fields are
 * read when the dialog opens. */
WccNewCustomerDialog *wcc_new_customer_dialog_new (WccSession *session,
                                                   WccRecord  *task);

G_END_DECLS
