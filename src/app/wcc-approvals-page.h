/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-approvals-page.h: the approvals inbox of client admins and leaders: do-not-call and
 * blacklist requests (C6), pop-up warnings (C9) and knowledge submissions (S12), approved or
 * rejected with a reason in one place; live from the event stream. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_APPROVALS_PAGE (wcc_approvals_page_get_type ())
G_DECLARE_FINAL_TYPE (WccApprovalsPage, wcc_approvals_page, WCC, APPROVALS_PAGE, AdwBin)

/* Loads the list and follows the session's "approvals.changed" events and resyncs. */
void        wcc_approvals_page_set_session (WccApprovalsPage *self,
                                            WccSession       *session);
void        wcc_approvals_page_reload      (WccApprovalsPage *self);
/* How many items wait (the "pending" property: the menu's badge). */
guint       wcc_approvals_page_get_pending (WccApprovalsPage *self);

G_END_DECLS
