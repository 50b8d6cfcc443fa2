/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-private.h: what the store's source files share: the connection and statement
 * helpers. Only files under server/store/ include it. */
#pragma once

#include <sqlite3.h>

#include "wcc-error.h"
#include "wcc-store.h"

G_BEGIN_DECLS

/* The connection, for sqlite3_changes () and sqlite3_last_insert_rowid (). */
sqlite3      *wcc_store_get_db           (WccStore      *self);
/* Sets @error from the connection's last error, as CONFLICT for constraint failures and
 * UNAVAILABLE for a busy database; returns FALSE. */
gboolean      wcc_store_set_sqlite_error (WccStore      *self,
                                          GError       **error,
                                          const char    *what);
/* Statements are prepared once per SQL text (a static string) and reused. */
sqlite3_stmt *wcc_store_prepare          (WccStore      *self,
                                          const char    *sql);
/* Binds arguments by a type string: 'i' gint64, 's' const char * (NULL binds NULL),
 * 'b' GBytes * (NULL binds NULL). */
sqlite3_stmt *wcc_store_prepare_bind     (WccStore      *self,
                                          const char    *sql,
                                          const char    *types,
                                          ...);
/* Runs a statement that returns no rows. */
gboolean      wcc_store_step_done        (WccStore      *self,
                                          sqlite3_stmt  *stmt,
                                          const char    *what,
                                          GError       **error);
char         *wcc_store_column_strdup    (sqlite3_stmt  *stmt,
                                          int            col);
/* The first column of the first row, or @fallback. */
gint64        wcc_store_query_int        (WccStore      *self,
                                          sqlite3_stmt  *stmt,
                                          gint64         fallback);
gboolean      wcc_store_exec             (WccStore      *self,
                                          const char    *sql,
                                          GError       **error);

/* Sets @error to @code with @message; returns FALSE (for `return wcc_store_fail (…)`). */
static inline gboolean
wcc_store_fail (GError       **error,
                WccErrorCode   code,
                const char    *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

/* Calls are offered this long at most before they are answered: how far before a day the
 * search for its connected calls starts (call times are µs). */
#define LONGEST_CALL_WAIT ((gint64) G_USEC_PER_SEC * 86400)

/* Shared by the store's files (defined in wcc-store-customers.c). */
/* Opens a transaction unless the caller has one; *@owned says whether to end it here. */
gboolean      wcc_store_begin_unless_open (WccStore      *self,
                                           gboolean      *owned,
                                           GError       **error);
/* Commits (@ok) or rolls back an @owned transaction; returns whether all went well. */
gboolean      wcc_store_finish_owned     (WccStore      *self,
                                          gboolean       owned,
                                          gboolean       ok,
                                          GError       **error);
/* Runs an UPDATE (or a DELETE) … WHERE client_id AND id AND (version = @expected_version
 * unless 0); when it changed nothing, @exists_sql (client_id, id) tells a stale version
 * (WCC_ERROR_VERSION_CONFLICT) from a missing record (WCC_ERROR_NOT_FOUND, @not_found). */
gboolean      wcc_store_step_update      (WccStore      *self,
                                          sqlite3_stmt  *update,
                                          const char    *exists_sql,
                                          gint64         client_id,
                                          gint64         id,
                                          gint64         expected_version,
                                          const char    *not_found,
                                          GError       **error);
/* Runs a DELETE: a record still referenced is WCC_ERROR_CONFLICT, none WCC_ERROR_NOT_FOUND. */
gboolean      wcc_store_step_delete      (WccStore      *self,
                                          sqlite3_stmt  *stmt,
                                          const char    *not_found,
                                          GError       **error);

/* The customers (alias c) a viewer sees, as an SQL condition with ?1 client, ?2 user, ?3
 * admin, ?4 leader: see wcc_store_customer_is_visible (). */
#define CUSTOMER_VISIBLE \
  " (?3 OR c.owner_id = ?2" \
  "  OR (c.owner_id IS NULL AND c.task_id IN (SELECT tg.task_id FROM task_groups tg" \
  "   JOIN group_members m ON m.group_id = tg.group_id WHERE m.user_id = ?2))" \
  "  OR (?4 AND c.owner_id IN (SELECT a.user_id FROM group_members a JOIN group_members l" \
  "   ON l.group_id = a.group_id WHERE l.user_id = ?2 AND l.is_leader = 1))" \
  "  OR EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id AND k.client_id = ?1" \
  "   AND (k.agent_id = ?2 OR EXISTS (SELECT 1 FROM call_legs kl WHERE kl.call_id = k.id" \
  "    AND kl.user_id = ?2)))" \
  "  OR EXISTS (SELECT 1 FROM customer_appointments ap WHERE ap.customer_id = c.id AND ap.agent_id = ?2))"

/* Shared by the store's files for customer data (defined in wcc-store-records.c). */
gint64        wcc_store_column_int_or_zero (sqlite3_stmt *stmt,
                                          int            col);
/* The index of @text in @names; 0 (the first) when it is none of them. */
guint         wcc_store_name_index       (const char * const *names,
                                          guint          n_names,
                                          const unsigned char *text);
gboolean      wcc_store_fail_with        (GError       **error,
                                          WccErrorCode   code,
                                          const char    *message);
/* Runs an INSERT … SELECT … FROM customers WHERE client_id AND id: the new row's id, or 0
 * with NOT_FOUND when the customer is not the client's (nothing is written then). */
gint64        wcc_store_insert_for_customer (WccStore   *self,
                                          sqlite3_stmt  *insert,
                                          const char    *what,
                                          GError       **error);

/* WAL checkpoints on a thread with its own connection (wcc-store-checkpoint.c). */
typedef struct _WccStoreCheckpointer WccStoreCheckpointer;

WccStoreCheckpointer *wcc_store_checkpointer_start (sqlite3             *db,
                                                    const char          *path);
/* Stops the thread after a last checkpoint; before @db closes. */
void          wcc_store_checkpointer_stop  (WccStoreCheckpointer *self,
                                            sqlite3              *db);
guint         wcc_store_checkpointer_count (WccStoreCheckpointer *self);

/* Call records written behind the routing (wcc-store-calls.c); the store owns one queue. */
typedef struct _WccStoreCallQueue WccStoreCallQueue;

WccStoreCallQueue *wcc_store_call_queue_new  (WccStore          *store);
void          wcc_store_call_queue_free      (WccStoreCallQueue *queue);
WccStoreCallQueue *wcc_store_get_call_queue  (WccStore          *self);

G_END_DECLS
