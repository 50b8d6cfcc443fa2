/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-import.h: a CSV file of customers imported into a package, a batch of lines
 * at a time (for `wcc-server admin import` and POST /packages/{id}/imports). */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct _WccCustomerImport WccCustomerImport;

/* Checks the package, the task (0: none; else of the package: the customers go to its
 * pool), that @csv is UTF-8 and that its header names known columns
 * (WCC_ERROR_INVALID_FIELD, WCC_ERROR_NOT_FOUND), then starts a job for @user_id (0: the
 * command line). */
WccCustomerImport *wcc_customer_import_new    (WccStore           *store,
                                               gint64              client_id,
                                               gint64              user_id,
                                               gint64              package_id,
                                               gint64              task_id,
                                               GBytes             *csv,
                                               GError            **error);
void               wcc_customer_import_free   (WccCustomerImport  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccCustomerImport, wcc_customer_import_free)

gint64             wcc_customer_import_get_job_id (WccCustomerImport *self);
/* Imports up to @max_lines more lines in one transaction. TRUE while lines remain; FALSE
 * when the job ended: done, or failed with @error set (the job says why). */
gboolean           wcc_customer_import_step   (WccCustomerImport  *self,
                                               guint               max_lines,
                                               GError            **error);

G_END_DECLS
