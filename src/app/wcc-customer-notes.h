/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-notes.h: a customer's notes (C9): normal, pinned (first), and pop-up warnings
 * with their review state; adding one. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_CUSTOMER_NOTES (wcc_customer_notes_get_type ())
G_DECLARE_FINAL_TYPE (WccCustomerNotes, wcc_customer_notes, WCC, CUSTOMER_NOTES, AdwBin)

/* Properties: "session" WccSession, "customer" WccRecord. Signals: toast (const char *). */

void        wcc_customer_notes_reload    (WccCustomerNotes *self);
GListModel *wcc_customer_notes_get_model (WccCustomerNotes *self);
/* Adds a note of @kind ("normal", "pinned" or "warning"); FALSE when @text is empty. */
gboolean    wcc_customer_notes_add       (WccCustomerNotes *self,
                                          const char       *kind,
                                          const char       *text);

G_END_DECLS
