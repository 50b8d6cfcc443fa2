/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-work-page.h: the workspace page of the customers being worked on, one tab each (C8). */
#pragma once

#include <adwaita.h>

#include "wcc-customer-tab.h"

G_BEGIN_DECLS

#define WCC_TYPE_WORK_PAGE (wcc_work_page_get_type ())
G_DECLARE_FINAL_TYPE (WccWorkPage, wcc_work_page, WCC, WORK_PAGE, AdwBin)

/* Properties: "session" WccSession, "softphone" WccSoftphone (may be NULL), "n-tabs" uint.
 * Signals:
 *   tab-added (WccCustomerTab): a tab was opened; the place to add the sections other parts
 *       build (wcc_customer_tab_add_section());
 *   toast (const char *message). */

void            wcc_work_page_set_session    (WccWorkPage   *self,
                                              WccSession    *session);
void            wcc_work_page_set_softphone  (WccWorkPage   *self,
                                              WccSoftphone  *softphone);
guint           wcc_work_page_get_n_tabs     (WccWorkPage   *self);
/* The customer's tab, opened (it loads the customer) or brought to the front. */
WccCustomerTab *wcc_work_page_open_customer  (WccWorkPage   *self,
                                              gint64         customer_id);
/* A tab for a customer not saved yet, in @task_id ("New customer", C5). */
WccCustomerTab *wcc_work_page_new_customer   (WccWorkPage   *self,
                                              gint64         task_id);
/* The open tab of @customer_id, NULL when none. */
WccCustomerTab *wcc_work_page_find_customer  (WccWorkPage   *self,
                                              gint64         customer_id);
WccCustomerTab *wcc_work_page_get_selected   (WccWorkPage   *self);
/* What the open tabs would lose if they closed now: a line per tab, "Customer: what", or
 * NULL when nothing. */
char           *wcc_work_page_get_unsaved    (WccWorkPage   *self);

/* "Keep Editing" (the default, also on Escape) or @confirm (destructive: response
 * "discard"), asked over @parent before work not saved is lost. */
AdwMessageDialog *wcc_discard_dialog_new     (GtkWindow     *parent,
                                              const char    *heading,
                                              const char    *body,
                                              const char    *confirm);

G_END_DECLS
