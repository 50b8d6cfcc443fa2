/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-sip.c: what the SIP registrar keeps: the agents' digest accounts and their
 * bindings (one row per contact), with expiry. Times are Unix seconds. */
#define G_LOG_DOMAIN "wcc-store"

#include <string.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

void
wcc_store_sip_binding_free (WccStoreSipBinding *binding)
{
  if (binding == NULL)
    return;
  g_free (binding->contact);
  g_free (binding->source);
  g_free (binding->user_agent);
  g_free (binding->call_id);
  g_free (binding);
}

gboolean
wcc_store_sip_account_find (WccStore           *self,
                            const char         *client_name,
                            const char         *employee_id,
                            WccStoreSipAccount *out)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (client_name != NULL && employee_id != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT u.client_id, u.id, u.sip_ha1 FROM users u"
                                 "  JOIN clients c ON c.id = u.client_id"
                                 "  WHERE c.name = ? AND u.employee_id = ? AND u.disabled = 0;",
                                 "ss", client_name, employee_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *ha1 = (const char *) sqlite3_column_text (stmt, 2);

      found = TRUE;
      out->client_id = sqlite3_column_int64 (stmt, 0);
      out->user_id = sqlite3_column_int64 (stmt, 1);
      if (ha1 != NULL && strlen (ha1) == sizeof out->ha1 - 1)
        {
          memcpy (out->ha1, ha1, sizeof out->ha1);
          out->has_ha1 = TRUE;
        }
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
wcc_store_session_set_sip_ha1 (WccStore    *self,
                               gint64       session_id,
                               gint64       user_id,
                               const char  *ha1,
                               GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (ha1 != NULL && strlen (ha1) == 32, FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE sessions SET sip_ha1 = ? WHERE id = ? AND user_id = ?;",
                                                    "sii", ha1, session_id, user_id),
                            "Cannot keep the session's SIP password", error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, "No such session");
      return FALSE;
    }
  return TRUE;
}

GArray *
wcc_store_sip_session_keys (WccStore *self,
                            gint64    user_id,
                            gint64    now)
{
  GArray *keys = g_array_new (FALSE, TRUE, sizeof (WccStoreSipSessionKey));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), keys);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, sip_ha1 FROM sessions WHERE user_id = ? AND sip_ha1 IS NOT NULL"
                                 " AND expires_at > ? ORDER BY id DESC;",
                                 "ii", user_id, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreSipSessionKey key = { .session_id = sqlite3_column_int64 (stmt, 0) };
      const char *ha1 = (const char *) sqlite3_column_text (stmt, 1);

      if (ha1 == NULL || strlen (ha1) != sizeof key.ha1 - 1)
        continue;
      memcpy (key.ha1, ha1, sizeof key.ha1);
      g_array_append_val (keys, key);
    }
  sqlite3_reset (stmt);
  return keys;
}

/* Transactions through prepared statements: the REGISTER path runs one per request. */
static gboolean
run_simple (WccStore    *self,
            const char  *sql,
            GError     **error)
{
  return wcc_store_step_done (self, wcc_store_prepare (self, sql), sql, error);
}

/* Is there a live binding with this Call-ID and a CSeq at least @cseq (of @contact, or of
 * any contact when NULL)? Then the request is out of order (RFC 3261 §10.3 step 7). */
static gboolean
is_out_of_order (WccStore   *self,
                 gint64      user_id,
                 const char *contact,
                 const char *call_id,
                 guint32     cseq,
                 gint64      now)
{
  sqlite3_stmt *stmt;

  if (contact != NULL)
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT 1 FROM sip_bindings WHERE user_id = ? AND contact = ?"
                                   "  AND call_id = ? AND cseq >= ? AND expires_at > ?;",
                                   "issii", user_id, contact, call_id, (gint64) cseq, now);
  else
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT 1 FROM sip_bindings WHERE user_id = ?"
                                   "  AND call_id = ? AND cseq >= ? AND expires_at > ?;",
                                   "isii", user_id, call_id, (gint64) cseq, now);
  return wcc_store_query_int (self, stmt, 0) != 0;
}

static gboolean
apply_contact (WccStore                 *self,
               gint64                    client_id,
               gint64                    user_id,
               const WccStoreSipContact *contact,
               const char               *call_id,
               guint32                   cseq,
               const char               *source,
               const char               *user_agent,
               gint64                    now,
               GError                  **error)
{
  sqlite3_stmt *stmt;

  if (contact->contact == NULL || contact->expires == 0)
    {
      if (is_out_of_order (self, user_id, contact->contact, call_id, cseq, now))
        goto out_of_order;
      if (contact->contact == NULL)
        stmt = wcc_store_prepare_bind (self, "DELETE FROM sip_bindings WHERE user_id = ?;",
                                       "i", user_id);
      else
        stmt = wcc_store_prepare_bind (self,
                                       "DELETE FROM sip_bindings WHERE user_id = ? AND contact = ?;",
                                       "is", user_id, contact->contact);
      return wcc_store_step_done (self, stmt, "sip binding", error);
    }

  /* One statement adds or refreshes; an existing live binding with the same Call-ID and a
   * CSeq not lower keeps its row, and no row changes. */
  stmt = wcc_store_prepare_bind (self,
                                 "INSERT INTO sip_bindings (client_id, user_id, contact, source,"
                                 "    user_agent, call_id, cseq, expires_at, updated_at, session_id)"
                                 "  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0))"
                                 "  ON CONFLICT (user_id, contact) DO UPDATE SET"
                                 "    source = excluded.source, user_agent = excluded.user_agent,"
                                 "    call_id = excluded.call_id, cseq = excluded.cseq,"
                                 "    expires_at = excluded.expires_at, updated_at = excluded.updated_at,"
                                 "    session_id = excluded.session_id"
                                 "  WHERE sip_bindings.call_id != excluded.call_id"
                                 "    OR sip_bindings.cseq < excluded.cseq"
                                 "    OR sip_bindings.expires_at <= excluded.updated_at;",
                                 "iissssiiii", client_id, user_id, contact->contact,
                                 source ? source : "", user_agent ? user_agent : "",
                                 call_id, (gint64) cseq, now + (gint64) contact->expires, now,
                                 contact->session_id);
  if (!wcc_store_step_done (self, stmt, "sip binding", error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    goto out_of_order;
  return TRUE;

out_of_order:
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, "out-of-order CSeq");
  return FALSE;
}

gboolean
wcc_store_sip_register (WccStore                 *self,
                        gint64                    client_id,
                        gint64                    user_id,
                        const WccStoreSipContact *contacts,
                        guint                     n_contacts,
                        const char               *call_id,
                        guint32                   cseq,
                        const char               *source,
                        const char               *user_agent,
                        gint64                    now,
                        WccStoreSipBindingFunc    func,
                        gpointer                  user_data,
                        guint                    *out_count,
                        GError                  **error)
{
  guint count;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (contacts != NULL || n_contacts == 0, FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  if (!run_simple (self, "BEGIN IMMEDIATE;", error))
    return FALSE;
  for (guint i = 0; i < n_contacts; i++)
    if (!apply_contact (self, client_id, user_id, &contacts[i], call_id, cseq, source,
                        user_agent, now, error))
      goto rollback;
  count = wcc_store_sip_binding_foreach (self, client_id, user_id, now, func, user_data);
  if (!run_simple (self, "COMMIT;", error))
    goto rollback;
  if (out_count != NULL)
    *out_count = count;
  return TRUE;

rollback:
  if (!sqlite3_get_autocommit (wcc_store_get_db (self)))
    run_simple (self, "ROLLBACK;", NULL);
  return FALSE;
}

guint
wcc_store_sip_binding_foreach (WccStore                  *self,
                               gint64                     client_id,
                               gint64                     user_id,
                               gint64                     now,
                               WccStoreSipBindingFunc     func,
                               gpointer                   user_data)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT contact, expires_at FROM sip_bindings"
                                 "  WHERE client_id = ? AND user_id = ? AND expires_at > ?"
                                 "  ORDER BY id DESC;",
                                 "iii", client_id, user_id, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      n++;
      if (func != NULL)
        func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
              user_data);
    }
  sqlite3_reset (stmt);
  return n;
}

GPtrArray *
wcc_store_sip_binding_list (WccStore *self,
                            gint64    client_id,
                            gint64    user_id,
                            gint64    now)
{
  GPtrArray *bindings;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_sip_binding_free);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, client_id, user_id, contact, source, user_agent,"
                                 "    call_id, cseq, expires_at, updated_at FROM sip_bindings"
                                 "  WHERE client_id = ? AND user_id = ? AND expires_at > ?"
                                 "  ORDER BY id DESC;",
                                 "iii", client_id, user_id, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreSipBinding *binding = g_new0 (WccStoreSipBinding, 1);

      binding->id = sqlite3_column_int64 (stmt, 0);
      binding->client_id = sqlite3_column_int64 (stmt, 1);
      binding->user_id = sqlite3_column_int64 (stmt, 2);
      binding->contact = wcc_store_column_strdup (stmt, 3);
      binding->source = wcc_store_column_strdup (stmt, 4);
      binding->user_agent = wcc_store_column_strdup (stmt, 5);
      binding->call_id = wcc_store_column_strdup (stmt, 6);
      binding->cseq = (guint32) sqlite3_column_int64 (stmt, 7);
      binding->expires_at = sqlite3_column_int64 (stmt, 8);
      binding->updated_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (bindings, binding);
    }
  sqlite3_reset (stmt);
  return bindings;
}

/* Rows of (client_id, user_id[, count]) as WccStoreSipCount. */
static GArray *
read_counts (sqlite3_stmt *stmt)
{
  GArray *agents = g_array_new (FALSE, FALSE, sizeof (WccStoreSipCount));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreSipCount count = {
        .client_id = sqlite3_column_int64 (stmt, 0),
        .user_id = sqlite3_column_int64 (stmt, 1),
        .count = sqlite3_column_count (stmt) > 2 ? (guint) sqlite3_column_int64 (stmt, 2) : 0,
      };
      g_array_append_val (agents, count);
    }
  sqlite3_reset (stmt);
  return agents;
}

GArray *
wcc_store_sip_registered_agents (WccStore *self,
                                 gint64    now)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_counts (wcc_store_prepare_bind (self,
                                              "SELECT client_id, user_id, count(*) FROM sip_bindings"
                                              "  WHERE expires_at > ? GROUP BY client_id, user_id"
                                              "  ORDER BY client_id, user_id;",
                                              "i", now));
}

GArray *
wcc_store_sip_binding_purge (WccStore *self,
                             gint64    now)
{
  GArray *agents;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  agents = read_counts (wcc_store_prepare_bind (self,
                                                "SELECT DISTINCT client_id, user_id FROM sip_bindings"
                                                "  WHERE expires_at <= ? ORDER BY client_id, user_id;",
                                                "i", now));
  if (agents->len == 0)
    return agents;
  if (!wcc_store_step_done (self, wcc_store_prepare_bind (self,
                                                          "DELETE FROM sip_bindings WHERE expires_at <= ?;",
                                                          "i", now),
                            "purge", NULL))
    {
      g_array_set_size (agents, 0);
      return agents;
    }
  for (guint i = 0; i < agents->len; i++)
    {
      WccStoreSipCount *count = &g_array_index (agents, WccStoreSipCount, i);

      count->count = wcc_store_sip_binding_foreach (self, count->client_id, count->user_id,
                                                    now, NULL, NULL);
    }
  return agents;
}
