/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-idempotency.c: the answers to writes a client may retry, kept per user and
 * Idempotency-Key, so that a retried write is applied once. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

void
wcc_store_idempotent_answer_free (WccStoreIdempotentAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->fingerprint);
  g_free (answer->content_type);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

WccIdempotencyClaim
wcc_store_idempotency_claim (WccStore                  *self,
                             gint64                     client_id,
                             gint64                     user_id,
                             const char                *key,
                             const char                *fingerprint,
                             gint64                     now,
                             WccStoreIdempotentAnswer **out_answer)
{
  sqlite3_stmt *stmt;
  WccIdempotencyClaim claim;

  g_return_val_if_fail (WCC_IS_STORE (self), WCC_IDEMPOTENCY_NEW);

  stmt = wcc_store_prepare_bind (self,
                                 "INSERT INTO idempotency_keys (client_id, user_id, key, fingerprint, created_at) "
                                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING;",
                                 "iissi", client_id, user_id, key, fingerprint, now);
  if (wcc_store_step_done (self, stmt, "idempotency", NULL) && sqlite3_changes (wcc_store_get_db (self)) == 1)
    return WCC_IDEMPOTENCY_NEW;

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT fingerprint, status, content_type, body FROM idempotency_keys "
                                 "WHERE user_id = ? AND key = ?;",
                                 "is", user_id, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    claim = WCC_IDEMPOTENCY_NEW;   /* purged in between: treat as new (the insert will not repeat) */
  else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), fingerprint) != 0)
    claim = WCC_IDEMPOTENCY_OTHER_REQUEST;
  else if (sqlite3_column_int (stmt, 1) == 0)
    claim = WCC_IDEMPOTENCY_IN_PROGRESS;
  else
    {
      WccStoreIdempotentAnswer *answer = g_new0 (WccStoreIdempotentAnswer, 1);
      const void *blob = sqlite3_column_blob (stmt, 3);

      answer->fingerprint = wcc_store_column_strdup (stmt, 0);
      answer->status = (guint) sqlite3_column_int (stmt, 1);
      answer->content_type = wcc_store_column_strdup (stmt, 2);
      answer->body = g_bytes_new (blob, (gsize) sqlite3_column_bytes (stmt, 3));
      if (out_answer != NULL)
        *out_answer = answer;
      else
        wcc_store_idempotent_answer_free (answer);
      claim = WCC_IDEMPOTENCY_DONE;
    }
  sqlite3_reset (stmt);
  return claim;
}

void
wcc_store_idempotency_complete (WccStore   *self,
                                gint64      user_id,
                                const char *key,
                                guint       status,
                                const char *content_type,
                                GBytes     *body)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_return_if_fail (WCC_IS_STORE (self));

  if (status >= 500)
    /* A failure of ours, not an answer: the retry must run again. */
    stmt = wcc_store_prepare_bind (self, "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?;",
                                   "is", user_id, key);
  else
    stmt = wcc_store_prepare_bind (self,
                                   "UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? "
                                   "WHERE user_id = ? AND key = ?;",
                                   "isbis", (gint64) status, content_type ? content_type : "",
                                   body, user_id, key);
  if (!wcc_store_step_done (self, stmt, "idempotency", &error))
    g_warning ("Cannot keep the answer of an idempotent request: %s", error->message);
}

void
wcc_store_idempotency_forget (WccStore   *self,
                              gint64      user_id,
                              const char *key)
{
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                               "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0;",
                                               "is", user_id, key);

  wcc_store_step_done (self, stmt, "idempotency", NULL);
}

void
wcc_store_idempotency_purge (WccStore *self,
                             gint64    before)
{
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self, "DELETE FROM idempotency_keys WHERE created_at < ?;",
                                               "i", before);

  wcc_store_step_done (self, stmt, "idempotency", NULL);
}

guint
wcc_store_idempotency_forget_unfinished (WccStore *self)
{
  sqlite3_stmt *stmt = wcc_store_prepare (self, "DELETE FROM idempotency_keys WHERE status = 0;");

  if (!wcc_store_step_done (self, stmt, "idempotency", NULL))
    return 0;
  return (guint) sqlite3_changes (wcc_store_get_db (self));
}
