/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-audit.h: the store's audit log as its readers see it: what a leader did for an
 * agent of their groups (R3) names both, and leaders and the client admin read the entries
 * of the people they oversee. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  gint64  at;              /* Unix seconds */
  gint64  user_id;         /* who did it; 0: the server, or a deleted user */
  gint64  on_behalf_of;    /* the agent it was done for; 0: none */
  char   *action;
  char   *detail;
} WccStoreAuditEntry;

void wcc_store_audit_entry_free (WccStoreAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreAuditEntry, wcc_store_audit_entry_free)

/* Writes an entry: @user_id did @action (for @on_behalf_of, 0 for none). */
gboolean        wcc_store_audit_for      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         on_behalf_of,
                                          const char    *action,
                                          const char    *detail,
                                          const char    *address,
                                          GError       **error);
/* The entries of @client_id that @viewer may read, newest first, with id < @before_id (0:
 * from the newest): the client admin every one; a leader those done by, or for, themselves
 * or a user of the groups they lead. @user_id (0: any) keeps those done by or for that
 * user (@acted_for: only those done for them). An array of WccStoreAuditEntry. */
GPtrArray      *wcc_store_audit_list     (WccStore      *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          gint64         user_id,
                                          gboolean       acted_for,
                                          gint64         before_id,
                                          guint          limit);

G_END_DECLS
