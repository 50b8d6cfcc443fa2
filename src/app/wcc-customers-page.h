/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customers-page.h: Contact customers (C1–C3, C19–C24): package, task and call-result
 * pickers; the task pool, my customers, pending, funnel lists, recent contacts, appointments. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-record-table.h"

G_BEGIN_DECLS

#define WCC_TYPE_CUSTOMERS_PAGE (wcc_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (WccCustomersPage, wcc_customers_page, WCC, CUSTOMERS_PAGE, AdwBin)

/* Signals: toast (const char *message). */

/* The logged-in session: its client reads, its outbox writes, its events keep lists live. */
void     wcc_customers_page_set_session        (WccCustomersPage *self,
                                                WccSession       *session);
/* Loads every list again (after a resync). */
void     wcc_customers_page_reload             (WccCustomersPage *self);
/* Shows a section: "pool", "mine", "pending", "follow_up", "success", "fail", "recent",
 * "appointments". */
void     wcc_customers_page_show_section       (WccCustomersPage *self,
                                                const char       *name);

/* The columns of a list of customers (company, name, phone, tags, dial count, last contact),
 * sortable as the server sorts. @tag_names (id → name, may be NULL) names the tags. */
void     wcc_customers_page_add_customer_columns (WccRecordTable *table,
                                                  GHashTable     *tag_names);

G_END_DECLS
