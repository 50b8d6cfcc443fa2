/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-import.c: the store's queries for customer imports: jobs, their progress and
 * lines, the phone look-up that keeps a re-run from making duplicates. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

static const char * const state_names[] = { "running", "done", "failed" };

const char *
wcc_import_state_to_string (WccImportState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

void
wcc_store_import_line_free (WccStoreImportLine *line)
{
  if (line == NULL)
    return;
  g_free (line->reason);
  g_free (line);
}

void
wcc_store_import_job_free (WccStoreImportJob *job)
{
  if (job == NULL)
    return;
  g_free (job->message);
  g_clear_pointer (&job->lines, g_ptr_array_unref);
  g_free (job);
}

gint64
wcc_store_import_job_create (WccStore  *self,
                             gint64     client_id,
                             gint64     user_id,
                             gint64     package_id,
                             gint64     task_id,
                             GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO import_jobs (client_id, user_id, package_id, task_id, state,"
                                                    " created_at) VALUES (?, nullif(?, 0), ?, nullif(?, 0), 'running', ?);",
                                                    "iiiii", client_id, user_id, package_id, task_id,
                                                    g_get_real_time () / G_USEC_PER_SEC),
                            _("Cannot start the import"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_import_job_progress (WccStore   *self,
                               gint64      job_id,
                               gint64      lines_done,
                               gint64      created,
                               gint64      skipped,
                               double      progress,
                               GPtrArray  *lines,
                               GError    **error)
{
  gint64 rejected = 0;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      WccStoreImportLine *line = g_ptr_array_index (lines, i);

      rejected += line->rejected;
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR REPLACE INTO import_job_lines (job_id, line, outcome, reason)"
                                                        " VALUES (?, ?, ?, ?);",
                                                        "iiss", job_id, (gint64) line->line,
                                                        line->rejected ? "rejected" : "skipped", line->reason),
                                _("Cannot record the import's progress"), error))
        return FALSE;
    }
  {
    sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                                 "UPDATE import_jobs SET lines_done = lines_done + ?, created = created + ?,"
                                                 " skipped = skipped + ?, rejected = rejected + ?, progress = ?"
                                                 " WHERE id = ?;",
                                                 "iiiisi", lines_done, created, skipped, rejected, NULL, job_id);
    sqlite3_bind_double (stmt, 5, progress);
    return wcc_store_step_done (self, stmt, _("Cannot record the import's progress"), error);
  }
}

gboolean
wcc_store_import_job_finish (WccStore        *self,
                             gint64           job_id,
                             WccImportState   state,
                             const char      *message,
                             GError         **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "UPDATE import_jobs SET state = ?, message = ?, finished_at = ?,"
                                                      " progress = CASE WHEN ?1 = 'done' THEN 1 ELSE progress END"
                                                      " WHERE id = ?4;",
                                                      "ssii", state_names[state], message ? message : "",
                                                      g_get_real_time () / G_USEC_PER_SEC, job_id),
                              _("Cannot finish the import"), error);
}

WccStoreImportJob *
wcc_store_import_job_find (WccStore *self,
                           gint64    client_id,
                           gint64    job_id,
                           guint     max_lines)
{
  g_autoptr(WccStoreImportJob) job = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT user_id, package_id, task_id, state, lines_done, created, skipped, rejected,"
                                 " progress, message, created_at, finished_at FROM import_jobs"
                                 " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, job_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 3);

      job = g_new0 (WccStoreImportJob, 1);
      job->id = job_id;
      job->client_id = client_id;
      job->user_id = sqlite3_column_int64 (stmt, 0);
      job->package_id = sqlite3_column_int64 (stmt, 1);
      job->task_id = sqlite3_column_int64 (stmt, 2);
      job->state = g_str_equal (state, "done") ? WCC_IMPORT_DONE
                   : g_str_equal (state, "failed") ? WCC_IMPORT_FAILED : WCC_IMPORT_RUNNING;
      job->lines_done = sqlite3_column_int64 (stmt, 4);
      job->created = sqlite3_column_int64 (stmt, 5);
      job->skipped = sqlite3_column_int64 (stmt, 6);
      job->rejected = sqlite3_column_int64 (stmt, 7);
      job->progress = sqlite3_column_double (stmt, 8);
      job->message = wcc_store_column_strdup (stmt, 9);
      job->created_at = sqlite3_column_int64 (stmt, 10);
      job->finished_at = sqlite3_column_int64 (stmt, 11);
      job->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_import_line_free);
    }
  sqlite3_reset (stmt);
  if (job == NULL)
    return NULL;
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT line, outcome, reason FROM import_job_lines WHERE job_id = ?"
                                 " ORDER BY line LIMIT ?;",
                                 "ii", job_id, (gint64) max_lines);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreImportLine *line = g_new0 (WccStoreImportLine, 1);

      line->line = (guint) sqlite3_column_int64 (stmt, 0);
      line->rejected = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "rejected") == 0;
      line->reason = wcc_store_column_strdup (stmt, 2);
      g_ptr_array_add (job->lines, line);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&job);
}

void
wcc_store_import_jobs_abandon (WccStore *self)
{
  g_return_if_fail (WCC_IS_STORE (self));

  wcc_store_step_done (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE import_jobs SET state = 'failed', finished_at = ?,"
                                               " message = 'The server stopped before the import ended: the lines"
                                               " not counted as done were not imported; run the file again'"
                                               " WHERE state = 'running';",
                                               "i", g_get_real_time () / G_USEC_PER_SEC),
                       "abandon imports", NULL);
}

gint64
wcc_store_package_phone_customer (WccStore   *self,
                                  gint64      client_id,
                                  gint64      package_id,
                                  const char *normalized)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  /* The phone index narrows to the few customers with the number. */
  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id"
                                                      " WHERE p.client_id = ? AND p.normalized = ? AND c.package_id = ?"
                                                      " ORDER BY c.id LIMIT 1;",
                                                      "isi", client_id, normalized, package_id), 0);
}

gint64
wcc_store_package_find_by_name (WccStore   *self,
                                gint64      client_id,
                                const char *name)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT id FROM customer_packages WHERE client_id = ? AND name = ?;",
                                                      "is", client_id, name), 0);
}

gint64
wcc_store_task_find_by_name (WccStore   *self,
                             gint64      client_id,
                             const char *name)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self, "SELECT id FROM tasks WHERE client_id = ? AND name = ?;",
                                                      "is", client_id, name), 0);
}

gboolean
wcc_store_savepoint_begin (WccStore  *self,
                           GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  return wcc_store_exec (self, "SAVEPOINT wcc_line;", error);
}

void
wcc_store_savepoint_end (WccStore *self,
                         gboolean  keep)
{
  g_return_if_fail (WCC_IS_STORE (self));
  wcc_store_exec (self, keep ? "RELEASE wcc_line;" : "ROLLBACK TO wcc_line; RELEASE wcc_line;", NULL);
}
