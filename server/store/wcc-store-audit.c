/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-audit.c: the store's queries for the audit log's readers (R3). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"

void
wcc_store_audit_entry_free (WccStoreAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

gboolean
wcc_store_audit_for (WccStore   *self,
                     gint64      client_id,
                     gint64      user_id,
                     gint64      on_behalf_of,
                     const char *action,
                     const char *detail,
                     const char *address,
                     GError    **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO audit_log (at, client_id, user_id, on_behalf_of,"
                                                      " action, detail, address)"
                                                      " VALUES (?, nullif(?, 0), nullif(?, 0), nullif(?, 0), ?, ?, ?);",
                                                      "iiiisss", g_get_real_time () / G_USEC_PER_SEC, client_id,
                                                      user_id, on_behalf_of, action, detail ? detail : "", address),
                              _("Cannot write the audit log"), error);
}

GPtrArray *
wcc_store_audit_list (WccStore             *self,
                      gint64                client_id,
                      const WccStoreViewer *viewer,
                      gint64                user_id,
                      gboolean              acted_for,
                      gint64                before_id,
                      guint                 limit)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_audit_entry_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), entries);
  g_return_val_if_fail (viewer != NULL, entries);

  /* A leader's people: themselves and the users of the groups they lead (as
   * wcc_store_user_leads_user ()). */
  stmt = wcc_store_prepare_bind (self,
                                 "WITH led (user_id) AS (SELECT ?2 UNION SELECT a.user_id FROM group_members l"
                                 "  JOIN group_members a ON a.group_id = l.group_id"
                                 "  WHERE l.user_id = ?2 AND l.is_leader = 1 AND ?4)"
                                 " SELECT id, at, coalesce(user_id, 0), coalesce(on_behalf_of, 0), action, detail"
                                 " FROM audit_log WHERE client_id = ?1 AND (?6 = 0 OR id < ?6)"
                                 " AND (?5 = 0 OR on_behalf_of = ?5 OR (NOT ?8 AND user_id = ?5))"
                                 " AND (?3 OR user_id IN (SELECT user_id FROM led)"
                                 "  OR on_behalf_of IN (SELECT user_id FROM led))"
                                 " ORDER BY id DESC LIMIT ?7;",
                                 "iiiiiiii", client_id, viewer->user_id, (gint64) viewer->admin,
                                 (gint64) viewer->leader, user_id, before_id, (gint64) limit, (gint64) acted_for);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreAuditEntry *entry = g_new0 (WccStoreAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->user_id = sqlite3_column_int64 (stmt, 2);
      entry->on_behalf_of = sqlite3_column_int64 (stmt, 3);
      entry->action = wcc_store_column_strdup (stmt, 4);
      entry->detail = wcc_store_column_strdup (stmt, 5);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  return entries;
}
