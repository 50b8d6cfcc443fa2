/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-reports.c: the agents' state history and the facts of a period for the
 * summary report (R4) and personal statistics (R2). */
#define G_LOG_DOMAIN "wcc-store"

#include "wcc-store-private.h"

void
wcc_store_report_facts_free (WccStoreReportFacts *facts)
{
  if (facts == NULL)
    return;
  g_clear_pointer (&facts->queue_calls, g_array_unref);
  g_clear_pointer (&facts->offers, g_array_unref);
  g_clear_pointer (&facts->connected, g_array_unref);
  g_clear_pointer (&facts->intervals, g_array_unref);
  g_clear_pointer (&facts->successes, g_array_unref);
  g_free (facts);
}

void
wcc_store_agent_state_record (WccStore   *self,
                              gint64      client_id,
                              gint64      user_id,
                              const char *state,
                              gint64      pause_reason_id,
                              gint64      at)
{
  g_autoptr(GError) error = NULL;
  gboolean owned, ok;

  g_return_if_fail (WCC_IS_STORE (self));

  if (!wcc_store_begin_unless_open (self, &owned, &error))
    goto out;
  ok = wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE agent_state_log SET ended_at = max(started_at, ?)"
                                                    " WHERE user_id = ? AND ended_at IS NULL;",
                                                    "ii", at, user_id),
                            "end the agent's state", &error);
  if (ok && state != NULL)
    ok = wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO agent_state_log (client_id, user_id, state,"
                                                      " pause_reason_id, started_at) VALUES (?, ?, ?, nullif(?, 0), ?);",
                                                      "iisii", client_id, user_id, state, pause_reason_id, at),
                              "record the agent's state", &error);
  if (wcc_store_finish_owned (self, owned, ok, &error))
    return;
out:
  g_warning ("Cannot record an agent's state: %s", error ? error->message : "");
}

guint
wcc_store_agent_state_close_open (WccStore *self,
                                  gint64    at)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE agent_state_log SET ended_at = max(started_at, ?)"
                                                    " WHERE ended_at IS NULL;",
                                                    "i", at),
                            "end the agents' states", &error))
    {
      g_warning ("%s", error->message);
      return 0;
    }
  return sqlite3_changes (wcc_store_get_db (self));
}

gboolean
wcc_store_client_has_calls (WccStore *self,
                            gint64    client_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self, "SELECT EXISTS (SELECT 1 FROM calls WHERE client_id = ?);",
                                                      "i", client_id),
                              0) != 0;
}

/* The statements of a report (also for wcc_store_report_statements ()). */
#define SQL_QUEUE_CALLS \
  "SELECT id, group_id, coalesce(agent_id, 0), offered_at, coalesce(answered_at, 0)," \
  " coalesce(ended_at, 0) FROM calls" \
  " WHERE client_id = ?1 AND direction = 'inbound' AND group_id IS NOT NULL" \
  " AND offered_at >= ?2 AND offered_at < ?3;"
#define SQL_OFFERS \
  "SELECT l.call_id, l.user_id, c.offered_at," \
  " max(c.answered_at IS NULL AND c.ended_at IS NOT NULL AND l.ended_at >= c.ended_at)" \
  " FROM calls c JOIN call_legs l ON l.call_id = c.id" \
  " WHERE c.client_id = ?1 AND c.direction = 'inbound' AND c.group_id IS NOT NULL" \
  " AND c.offered_at >= ?2 AND c.offered_at < ?3" \
  " AND l.side = 'callee' AND l.user_id IS NOT NULL" \
  " GROUP BY l.call_id, l.user_id;"
#define SQL_CONNECTED \
  "WITH who (call_id, user_id) AS (" \
  "  SELECT id, agent_id FROM calls WHERE client_id = ?1 AND agent_id IS NOT NULL" \
  "   AND offered_at >= ?4 AND offered_at < ?3" \
  "  UNION SELECT l.call_id, l.user_id FROM call_legs l JOIN calls c ON c.id = l.call_id" \
  "   WHERE c.client_id = ?1 AND c.offered_at >= ?4 AND c.offered_at < ?3" \
  "   AND l.user_id IS NOT NULL AND (l.side = 'caller' OR l.answered_at IS NOT NULL))" \
  " SELECT c.id, w.user_id, c.answered_at, coalesce(c.ended_at, 0)" \
  " FROM who w JOIN calls c ON c.id = w.call_id" \
  " WHERE c.direction != 'internal' AND c.answered_at >= ?2 AND c.answered_at < ?3;"
#define SQL_STRETCHES \
  "SELECT user_id, state = 'pause', coalesce(pause_reason_id, 0)," \
  " max(started_at, ?2), min(ended_at, ?3)" \
  " FROM agent_state_log" \
  " WHERE client_id = ?1 AND ended_at > ?2 AND started_at < ?3" \
  " AND state IN ('pause', 'after_call_work') AND min(ended_at, ?3) > max(started_at, ?2)" \
  " UNION ALL SELECT user_id, state = 'pause', coalesce(pause_reason_id, 0)," \
  " max(started_at, ?2), min(?4, ?3)" \
  " FROM agent_state_log" \
  " WHERE client_id = ?1 AND ended_at IS NULL AND started_at < ?3" \
  " AND state IN ('pause', 'after_call_work') AND min(?4, ?3) > max(started_at, ?2);"
#define SQL_SUCCESSES \
  "SELECT author_id, created_at FROM contact_records" \
  " WHERE client_id = ?1 AND funnel = 'success' AND author_id IS NOT NULL" \
  " AND created_at >= ?2 AND created_at < ?3;"

/* A statement of @db with @n integers bound (?1 …). */
static sqlite3_stmt *
prepare_ints (sqlite3    *db,
              GError    **error,
              const char *sql,
              int         n,
              ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, "Cannot read the report: %s", sqlite3_errmsg (db));
      return NULL;
    }
  va_start (args, n);
  for (int i = 1; i <= n; i++)
    sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
  va_end (args);
  return stmt;
}

/* Ends a statement stepped to its end: FALSE (and @error) when it stopped on an error. */
static gboolean
finish (sqlite3       *db,
        sqlite3_stmt  *stmt,
        GError       **error)
{
  int rc = sqlite3_errcode (db);

  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  g_set_error (error, WCC_ERROR, rc == SQLITE_BUSY ? WCC_ERROR_UNAVAILABLE : WCC_ERROR_INTERNAL,
               "Cannot read the report: %s", sqlite3_errstr (rc));
  return FALSE;
}

/* The facts, read on @db (a connection of the report's thread). */
static WccStoreReportFacts *
read_facts (sqlite3 *db,
            gint64   client_id,
            gint64   from,
            gint64   to,
            gint64   now,
            GError **error)
{
  g_autoptr(WccStoreReportFacts) facts = g_new0 (WccStoreReportFacts, 1);
  sqlite3_stmt *stmt;

  facts->queue_calls = g_array_new (FALSE, FALSE, sizeof (WccStoreReportQueueCall));
  facts->offers = g_array_new (FALSE, FALSE, sizeof (WccStoreReportOffer));
  facts->connected = g_array_new (FALSE, FALSE, sizeof (WccStoreReportConnected));
  facts->intervals = g_array_new (FALSE, FALSE, sizeof (WccStoreReportInterval));
  facts->successes = g_array_new (FALSE, FALSE, sizeof (WccStoreReportSuccess));

  /* The queue calls (calls_client: by client and id; ids grow with time). */
  stmt = prepare_ints (db, error, SQL_QUEUE_CALLS, 3, client_id, from, to);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreReportQueueCall call = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
      };
      g_array_append_val (facts->queue_calls, call);
    }
  if (!finish (db, stmt, error))
    return NULL;

  /* Who they rang: callee legs of agents; abandoned on them when nobody answered and their
   * leg was still ringing as the call ended. */
  stmt = prepare_ints (db, error, SQL_OFFERS, 3, client_id, from, to);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreReportOffer offer = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int (stmt, 3) != 0,
      };
      g_array_append_val (facts->offers, offer);
    }
  if (!finish (db, stmt, error))
    return NULL;

  /* Connected calls per agent, as the dashboard's (D5): placed, taken, or a leg answered. */
  stmt = prepare_ints (db, error, SQL_CONNECTED, 4, client_id, from, to, from - LONGEST_CALL_WAIT);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreReportConnected call = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
      };
      g_array_append_val (facts->connected, call);
    }
  if (!finish (db, stmt, error))
    return NULL;

  /* After-call work and pauses, clipped to the period (open ones end now). */
  /* Two index searches: the stretches that ended after the period began, the open ones. */
  stmt = prepare_ints (db, error, SQL_STRETCHES, 4, client_id, from, to, now);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreReportInterval interval = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int (stmt, 1) ? WCC_REPORT_STATE_PAUSE : WCC_REPORT_STATE_AFTER_CALL,
        sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4),
      };
      g_array_append_val (facts->intervals, interval);
    }
  if (!finish (db, stmt, error))
    return NULL;

  /* Success submissions (seconds). */
  stmt = prepare_ints (db, error, SQL_SUCCESSES, 3, client_id, from / G_USEC_PER_SEC, (to + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreReportSuccess success = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (facts->successes, success);
    }
  if (!finish (db, stmt, error))
    return NULL;
  return g_steal_pointer (&facts);
}

typedef struct {
  char   *path;
  gint64  client_id, from, to, now;
} FactsJob;

static void
facts_job_free (FactsJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* A connection of its own, read-only: the server's loop goes on meanwhile (WAL lets a
 * reader run beside the writer), and the reads see one snapshot. */
static void
read_facts_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  FactsJob *job = data;
  g_autoptr(GError) error = NULL;
  WccStoreReportFacts *facts = NULL;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    g_set_error (&error, WCC_ERROR, WCC_ERROR_INTERNAL, "Cannot open %s: %s", job->path,
                 db ? sqlite3_errmsg (db) : "");
  else
    {
      sqlite3_busy_timeout (db, 2000);
      if (sqlite3_exec (db, "BEGIN;", NULL, NULL, NULL) == SQLITE_OK)
        {
          facts = read_facts (db, job->client_id, job->from, job->to, job->now, &error);
          sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL);
        }
      else
        g_set_error (&error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, "Cannot read the report: %s", sqlite3_errmsg (db));
    }
  sqlite3_close_v2 (db);
  if (facts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, facts, (GDestroyNotify) wcc_store_report_facts_free);
}

void
wcc_store_report_facts_async (WccStore            *self,
                              gint64               client_id,
                              gint64               from,
                              gint64               to,
                              gint64               now,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FactsJob *job;

  g_return_if_fail (WCC_IS_STORE (self));

  /* Call records still queued are written first, for the other connection to see. */
  wcc_store_call_flush (self);
  job = g_new0 (FactsJob, 1);
  job->path = g_strdup (wcc_store_get_path (self));
  job->client_id = client_id;
  job->from = from;
  job->to = to;
  job->now = now;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_store_report_facts_async);
  g_task_set_task_data (task, job, (GDestroyNotify) facts_job_free);
  g_task_run_in_thread (task, read_facts_thread);
}

WccStoreReportFacts *
wcc_store_report_facts_finish (WccStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char * const *
wcc_store_report_statements (void)
{
  static const char * const statements[] = {
    SQL_QUEUE_CALLS, SQL_OFFERS, SQL_CONNECTED, SQL_STRETCHES, SQL_SUCCESSES, NULL
  };

  return statements;
}
