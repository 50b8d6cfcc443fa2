/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-customers.c: the store's queries for customer work: packages, tasks, call
 * results and tags (C1, C16, C21), customers with their phones and tags (C3, C5), the task
 * pools and ownership (C2, C4, C24). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-appointments.h"
#include "wcc-store-private.h"

static const char * const funnel_names[] = { "success", "fail", "follow_up" };
static const char * const call_state_names[] = { "any", "answered", "unanswered" };

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
column_int_or_zero (sqlite3_stmt *stmt,
                    int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, col);
}

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *text,
             guint              *out_index)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (names[i], text))
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/* A stored name's index; 0 for one not known. */
static guint
name_index (const char * const *names,
            guint               n_names,
            const unsigned char *text)
{
  guint i = 0;

  return lookup_name (names, n_names, (const char *) text, &i) ? i : 0;
}

const char *
wcc_funnel_stage_to_string (WccFunnelStage stage)
{
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (funnel_names), NULL);
  return funnel_names[stage];
}

gboolean
wcc_funnel_stage_from_string (const char     *text,
                              WccFunnelStage *out)
{
  guint i;

  if (!lookup_name (funnel_names, G_N_ELEMENTS (funnel_names), text, &i))
    return FALSE;
  if (out != NULL)
    *out = (WccFunnelStage) i;
  return TRUE;
}

const char *
wcc_call_result_state_to_string (WccCallResultState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (call_state_names), NULL);
  return call_state_names[state];
}

gboolean
wcc_call_result_state_from_string (const char         *text,
                                   WccCallResultState *out)
{
  guint i;

  if (!lookup_name (call_state_names, G_N_ELEMENTS (call_state_names), text, &i))
    return FALSE;
  if (out != NULL)
    *out = (WccCallResultState) i;
  return TRUE;
}

/* Opens a transaction unless the caller has one; *@owned says whether to end it here. */
gboolean
wcc_store_begin_unless_open (WccStore  *self,
                             gboolean  *owned,
                             GError   **error)
{
  *owned = sqlite3_get_autocommit (wcc_store_get_db (self)) != 0;
  return !*owned || wcc_store_begin (self, error);
}

gboolean
wcc_store_finish_owned (WccStore  *self,
                        gboolean   owned,
                        gboolean   ok,
                        GError   **error)
{
  if (!owned)
    return ok;
  if (ok)
    return wcc_store_commit (self, error);
  wcc_store_rollback (self);
  return FALSE;
}

static gboolean
fail_with (GError     **error,
           WccErrorCode code,
           const char  *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

/* After an UPDATE … WHERE version matches changed nothing: a stale version or no record. */
static gboolean
fail_update (WccStore     *self,
             sqlite3_stmt *exists,
             gint64        expected_version,
             const char   *not_found,
             GError      **error)
{
  if (expected_version > 0 && wcc_store_query_int (self, exists, 0))
    return fail_with (error, WCC_ERROR_VERSION_CONFLICT, _("Someone else changed this record in the meantime"));
  sqlite3_reset (exists);
  return fail_with (error, WCC_ERROR_NOT_FOUND, not_found);
}

gboolean
wcc_store_step_update (WccStore      *self,
                       sqlite3_stmt  *update,
                       const char    *exists_sql,
                       gint64         client_id,
                       gint64         id,
                       gint64         expected_version,
                       const char    *not_found,
                       GError       **error)
{
  if (!wcc_store_step_done (self, update, _("Cannot save the record"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  return fail_update (self, wcc_store_prepare_bind (self, exists_sql, "ii", client_id, id),
                      expected_version, not_found, error);
}

gboolean
wcc_store_step_delete (WccStore      *self,
                       sqlite3_stmt  *stmt,
                       const char    *not_found,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((sqlite3_extended_errcode (wcc_store_get_db (self)) & 0xff) == SQLITE_CONSTRAINT)
        return fail_with (error, WCC_ERROR_CONFLICT, _("It is still in use"));
      return wcc_store_set_sqlite_error (self, error, _("Cannot delete the record"));
    }
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    return fail_with (error, WCC_ERROR_NOT_FOUND, not_found);
  return TRUE;
}

static GArray *
id_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

static GArray *
query_ids (WccStore     *self,
           sqlite3_stmt *stmt)
{
  GArray *ids = id_array_new ();

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return ids;
}

/* Records */

void
wcc_store_package_free (WccStorePackage *package)
{
  if (package == NULL)
    return;
  g_free (package->name);
  g_free (package->fields_json);
  g_free (package);
}

void
wcc_store_task_free (WccStoreTask *task)
{
  if (task == NULL)
    return;
  g_free (task->name);
  g_clear_pointer (&task->group_ids, g_array_unref);
  g_clear_pointer (&task->call_result_ids, g_array_unref);
  g_free (task);
}

void
wcc_store_call_result_free (WccStoreCallResult *result)
{
  if (result == NULL)
    return;
  g_free (result->label);
  g_free (result);
}

void
wcc_store_tag_free (WccStoreTag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->name);
  g_free (tag);
}

void
wcc_store_customer_phone_free (WccStoreCustomerPhone *phone)
{
  if (phone == NULL)
    return;
  g_free (phone->number);
  g_free (phone->normalized);
  g_free (phone);
}

void
wcc_store_customer_free (WccStoreCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->task_name);
  g_free (customer->company);
  g_free (customer->surname);
  g_free (customer->given_name);
  g_free (customer->surname_phonetic);
  g_free (customer->given_name_phonetic);
  g_free (customer->email);
  g_free (customer->address);
  g_free (customer->custom_json);
  g_clear_pointer (&customer->phones, g_ptr_array_unref);
  g_clear_pointer (&customer->tag_ids, g_array_unref);
  g_free (customer);
}

WccStoreTask *
wcc_store_task_new (void)
{
  WccStoreTask *task = g_new0 (WccStoreTask, 1);

  task->group_ids = id_array_new ();
  task->call_result_ids = id_array_new ();
  return task;
}

WccStoreCustomer *
wcc_store_customer_new (void)
{
  WccStoreCustomer *customer = g_new0 (WccStoreCustomer, 1);

  customer->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_customer_phone_free);
  customer->tag_ids = id_array_new ();
  return customer;
}

void
wcc_store_customer_add_phone (WccStoreCustomer *customer,
                              const char       *number,
                              const char       *normalized)
{
  WccStoreCustomerPhone *phone = g_new0 (WccStoreCustomerPhone, 1);

  g_return_if_fail (customer != NULL && number != NULL && normalized != NULL);

  phone->number = g_strdup (number);
  phone->normalized = g_strdup (normalized);
  g_ptr_array_add (customer->phones, phone);
}

/* Packages */

#define PACKAGE_COLUMNS "id, client_id, name, fields, version, created_at, updated_at FROM customer_packages"

static WccStorePackage *
read_package_row (sqlite3_stmt *stmt)
{
  WccStorePackage *package = g_new0 (WccStorePackage, 1);

  package->id = sqlite3_column_int64 (stmt, 0);
  package->client_id = sqlite3_column_int64 (stmt, 1);
  package->name = wcc_store_column_strdup (stmt, 2);
  package->fields_json = wcc_store_column_strdup (stmt, 3);
  package->version = sqlite3_column_int64 (stmt, 4);
  package->created_at = sqlite3_column_int64 (stmt, 5);
  package->updated_at = sqlite3_column_int64 (stmt, 6);
  return package;
}

gint64
wcc_store_package_create (WccStore    *self,
                          gint64       client_id,
                          const char  *name,
                          const char  *fields_json,
                          GError     **error)
{
  gint64 now = now_seconds ();

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO customer_packages (client_id, name, fields,"
                                                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?);",
                                                    "issii", client_id, name, fields_json ? fields_json : "[]",
                                                    now, now),
                            _("Cannot create the customer package"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_package_update (WccStore              *self,
                          const WccStorePackage *package,
                          gint64                 expected_version,
                          GError               **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (package != NULL, FALSE);

  return wcc_store_step_update (self,
                      wcc_store_prepare_bind (self,
                                              "UPDATE customer_packages SET name = ?, fields = ?,"
                                              " version = version + 1, updated_at = ?"
                                              " WHERE client_id = ?4 AND id = ?5 AND (?6 = 0 OR version = ?6);",
                                              "ssiiii", package->name, package->fields_json, now_seconds (),
                                              package->client_id, package->id, expected_version),
                      "SELECT 1 FROM customer_packages WHERE client_id = ? AND id = ?;",
                      package->client_id, package->id, expected_version, _("No such customer package"), error);
}

gboolean
wcc_store_package_delete (WccStore  *self,
                          gint64     client_id,
                          gint64     package_id,
                          GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                      wcc_store_prepare_bind (self, "DELETE FROM customer_packages WHERE client_id = ? AND id = ?;",
                                              "ii", client_id, package_id),
                      _("No such customer package"), error);
}

WccStorePackage *
wcc_store_package_find (WccStore *self,
                        gint64    client_id,
                        gint64    package_id)
{
  WccStorePackage *package = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " PACKAGE_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, package_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    package = read_package_row (stmt);
  sqlite3_reset (stmt);
  return package;
}

GPtrArray *
wcc_store_package_list (WccStore *self,
                        gint64    client_id,
                        gint64    after_id,
                        guint     limit)
{
  GPtrArray *packages = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_package_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), packages);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " PACKAGE_COLUMNS " WHERE client_id = ? AND id > ? ORDER BY id LIMIT ?;",
                                 "iii", client_id, after_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (packages, read_package_row (stmt));
  sqlite3_reset (stmt);
  return packages;
}

/* Tasks */

#define TASK_COLUMNS \
  "id, client_id, package_id, name, after_call_work, history_manual, questionnaire_id, version," \
  " created_at, updated_at FROM tasks"

static WccStoreTask *
read_task_row (WccStore     *self,
               sqlite3_stmt *stmt)
{
  WccStoreTask *task = g_new0 (WccStoreTask, 1);

  task->id = sqlite3_column_int64 (stmt, 0);
  task->client_id = sqlite3_column_int64 (stmt, 1);
  task->package_id = sqlite3_column_int64 (stmt, 2);
  task->name = wcc_store_column_strdup (stmt, 3);
  task->after_call_work = sqlite3_column_int (stmt, 4);
  task->history_manual = sqlite3_column_int (stmt, 5) != 0;
  task->questionnaire_id = column_int_or_zero (stmt, 6);
  task->version = sqlite3_column_int64 (stmt, 7);
  task->created_at = sqlite3_column_int64 (stmt, 8);
  task->updated_at = sqlite3_column_int64 (stmt, 9);
  return task;
}

static void
fill_task_links (WccStore     *self,
                 WccStoreTask *task)
{
  task->group_ids = query_ids (self, wcc_store_prepare_bind (self,
                                                             "SELECT group_id FROM task_groups WHERE task_id = ?"
                                                             " ORDER BY group_id;", "i", task->id));
  task->call_result_ids = query_ids (self, wcc_store_prepare_bind (self,
                                                                   "SELECT call_result_id FROM task_call_results"
                                                                   " WHERE task_id = ? ORDER BY call_result_id;",
                                                                   "i", task->id));
}

/* Replaces the task's groups and call results; each must be of the task's client. */
static gboolean
write_task_links (WccStore            *self,
                  const WccStoreTask  *task,
                  gint64               task_id,
                  GError             **error)
{
  sqlite3 *db = wcc_store_get_db (self);

  if (!wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM task_groups WHERE task_id = ?;",
                                                          "i", task_id), _("Cannot save the task"), error) ||
      !wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM task_call_results WHERE task_id = ?;",
                                                          "i", task_id), _("Cannot save the task"), error))
    return FALSE;
  for (guint i = 0; task->group_ids != NULL && i < task->group_ids->len; i++)
    {
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR IGNORE INTO task_groups (task_id, group_id)"
                                                        " SELECT ?, id FROM agent_groups WHERE id = ? AND client_id = ?;",
                                                        "iii", task_id, g_array_index (task->group_ids, gint64, i),
                                                        task->client_id),
                                _("Cannot save the task"), error))
        return FALSE;
      if (sqlite3_changes (db) == 0 &&
          !wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM task_groups WHERE task_id = ?"
                                                              " AND group_id = ?;", "ii", task_id,
                                                              g_array_index (task->group_ids, gint64, i)), 0))
        return fail_with (error, WCC_ERROR_INVALID_FIELD, _("“groups” names an agent group that does not exist"));
    }
  for (guint i = 0; task->call_result_ids != NULL && i < task->call_result_ids->len; i++)
    {
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR IGNORE INTO task_call_results (task_id, call_result_id)"
                                                        " SELECT ?, id FROM call_results WHERE id = ? AND client_id = ?;",
                                                        "iii", task_id,
                                                        g_array_index (task->call_result_ids, gint64, i),
                                                        task->client_id),
                                _("Cannot save the task"), error))
        return FALSE;
      if (sqlite3_changes (db) == 0 &&
          !wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM task_call_results"
                                                              " WHERE task_id = ? AND call_result_id = ?;", "ii",
                                                              task_id,
                                                              g_array_index (task->call_result_ids, gint64, i)), 0))
        return fail_with (error, WCC_ERROR_INVALID_FIELD, _("“call_results” names a call result that does not exist"));
    }
  return TRUE;
}

gint64
wcc_store_task_create (WccStore            *self,
                       const WccStoreTask  *task,
                       GError             **error)
{
  gint64 now = now_seconds ();
  gint64 task_id = 0;
  gboolean owned;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (task != NULL && task->name != NULL, 0);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM customer_packages"
                                                          " WHERE client_id = ? AND id = ?;",
                                                          "ii", task->client_id, task->package_id), 0))
    fail_with (error, WCC_ERROR_INVALID_FIELD, _("“package_id” names a customer package that does not exist"));
  else if (wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT INTO tasks (client_id, package_id, name, after_call_work,"
                                                        " history_manual, questionnaire_id, created_at, updated_at)"
                                                        " VALUES (?, ?, ?, ?, ?, nullif(?, 0), ?, ?);",
                                                        "iisiiiii", task->client_id, task->package_id, task->name,
                                                        (gint64) task->after_call_work, (gint64) task->history_manual,
                                                        task->questionnaire_id, now, now),
                                _("Cannot create the task"), error))
    {
      task_id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
      if (!write_task_links (self, task, task_id, error))
        task_id = 0;
    }
  if (!wcc_store_finish_owned (self, owned, task_id != 0, error))
    return 0;
  return task_id;
}

gboolean
wcc_store_task_update (WccStore            *self,
                       const WccStoreTask  *task,
                       gint64               expected_version,
                       GError             **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (task != NULL && task->name != NULL, FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = wcc_store_step_update (self,
                    wcc_store_prepare_bind (self,
                                            "UPDATE tasks SET name = ?, after_call_work = ?, history_manual = ?,"
                                            " questionnaire_id = nullif(?, 0), version = version + 1, updated_at = ?"
                                            " WHERE client_id = ?6 AND id = ?7 AND (?8 = 0 OR version = ?8);",
                                            "siiiiiii", task->name, (gint64) task->after_call_work,
                                            (gint64) task->history_manual, task->questionnaire_id, now_seconds (),
                                            task->client_id, task->id, expected_version),
                    "SELECT 1 FROM tasks WHERE client_id = ? AND id = ?;",
                    task->client_id, task->id, expected_version, _("No such task"), error) &&
       write_task_links (self, task, task->id, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

gboolean
wcc_store_task_delete (WccStore  *self,
                       gint64     client_id,
                       gint64     task_id,
                       GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                      wcc_store_prepare_bind (self, "DELETE FROM tasks WHERE client_id = ? AND id = ?;",
                                              "ii", client_id, task_id),
                      _("No such task"), error);
}

WccStoreTask *
wcc_store_task_find (WccStore *self,
                     gint64    client_id,
                     gint64    task_id)
{
  WccStoreTask *task = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " TASK_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    task = read_task_row (self, stmt);
  sqlite3_reset (stmt);
  if (task != NULL)
    fill_task_links (self, task);
  return task;
}

GPtrArray *
wcc_store_task_list (WccStore *self,
                     gint64    client_id,
                     gint64    package_id,
                     gint64    member_id,
                     gint64    after_id,
                     guint     limit)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_task_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), tasks);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " TASK_COLUMNS " WHERE client_id = ?1 AND (?2 = 0 OR package_id = ?2)"
                                 " AND (?3 = 0 OR id IN (SELECT tg.task_id FROM task_groups tg"
                                 "  JOIN group_members m ON m.group_id = tg.group_id WHERE m.user_id = ?3))"
                                 " AND id > ?4 ORDER BY id LIMIT ?5;",
                                 "iiiii", client_id, package_id, member_id, after_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tasks, read_task_row (self, stmt));
  sqlite3_reset (stmt);
  for (guint i = 0; i < tasks->len; i++)
    fill_task_links (self, g_ptr_array_index (tasks, i));
  return tasks;
}

gboolean
wcc_store_task_has_member (WccStore *self,
                           gint64    client_id,
                           gint64    task_id,
                           gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT 1 FROM tasks t JOIN task_groups tg ON tg.task_id = t.id"
                                                      " JOIN group_members m ON m.group_id = tg.group_id"
                                                      " WHERE t.client_id = ? AND t.id = ? AND m.user_id = ? LIMIT 1;",
                                                      "iii", client_id, task_id, user_id), 0) == 1;
}

/* Call results */

#define RESULT_COLUMNS "r.id, r.client_id, r.label, r.funnel, r.call_state, r.position, r.version FROM call_results r"

static WccStoreCallResult *
read_result_row (sqlite3_stmt *stmt)
{
  WccStoreCallResult *result = g_new0 (WccStoreCallResult, 1);

  result->id = sqlite3_column_int64 (stmt, 0);
  result->client_id = sqlite3_column_int64 (stmt, 1);
  result->label = wcc_store_column_strdup (stmt, 2);
  result->funnel = name_index (funnel_names, G_N_ELEMENTS (funnel_names), sqlite3_column_text (stmt, 3));
  result->call_state = name_index (call_state_names, G_N_ELEMENTS (call_state_names), sqlite3_column_text (stmt, 4));
  result->position = sqlite3_column_int (stmt, 5);
  result->version = sqlite3_column_int64 (stmt, 6);
  return result;
}

gint64
wcc_store_call_result_create (WccStore                  *self,
                              const WccStoreCallResult  *result,
                              GError                   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (result != NULL && result->label != NULL, 0);
  g_return_val_if_fail ((guint) result->funnel < G_N_ELEMENTS (funnel_names), 0);
  g_return_val_if_fail ((guint) result->call_state < G_N_ELEMENTS (call_state_names), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO call_results (client_id, label, funnel, call_state,"
                                                    " position) VALUES (?, ?, ?, ?, ?);",
                                                    "isssi", result->client_id, result->label,
                                                    funnel_names[result->funnel], call_state_names[result->call_state],
                                                    (gint64) result->position),
                            _("Cannot create the call result"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_call_result_update (WccStore                  *self,
                              const WccStoreCallResult  *result,
                              gint64                     expected_version,
                              GError                   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL && result->label != NULL, FALSE);
  g_return_val_if_fail ((guint) result->funnel < G_N_ELEMENTS (funnel_names), FALSE);
  g_return_val_if_fail ((guint) result->call_state < G_N_ELEMENTS (call_state_names), FALSE);

  return wcc_store_step_update (self,
                      wcc_store_prepare_bind (self,
                                              "UPDATE call_results SET label = ?, funnel = ?, call_state = ?,"
                                              " position = ?, version = version + 1"
                                              " WHERE client_id = ?5 AND id = ?6 AND (?7 = 0 OR version = ?7);",
                                              "sssiiii", result->label, funnel_names[result->funnel],
                                              call_state_names[result->call_state], (gint64) result->position,
                                              result->client_id, result->id, expected_version),
                      "SELECT 1 FROM call_results WHERE client_id = ? AND id = ?;",
                      result->client_id, result->id, expected_version, _("No such call result"), error);
}

gboolean
wcc_store_call_result_delete (WccStore  *self,
                              gint64     client_id,
                              gint64     result_id,
                              GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                      wcc_store_prepare_bind (self, "DELETE FROM call_results WHERE client_id = ? AND id = ?;",
                                              "ii", client_id, result_id),
                      _("No such call result"), error);
}

WccStoreCallResult *
wcc_store_call_result_find (WccStore *self,
                            gint64    client_id,
                            gint64    result_id)
{
  WccStoreCallResult *result = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " RESULT_COLUMNS " WHERE r.client_id = ? AND r.id = ?;",
                                 "ii", client_id, result_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = read_result_row (stmt);
  sqlite3_reset (stmt);
  return result;
}

GPtrArray *
wcc_store_call_result_list (WccStore     *self,
                            gint64        client_id,
                            gint64        task_id,
                            WccCallResultState  call_state)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_call_result_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), results);
  g_return_val_if_fail ((guint) call_state < G_N_ELEMENTS (call_state_names), results);

  /* A result for "any" call state may be chosen whatever the call did. */
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " RESULT_COLUMNS " WHERE r.client_id = ?1"
                                 " AND (?2 = 0 OR r.id IN (SELECT call_result_id FROM task_call_results"
                                 "  WHERE task_id = ?2))"
                                 " AND (?3 = 'any' OR r.call_state IN ('any', ?3))"
                                 " ORDER BY r.position, r.id LIMIT 1000;",
                                 "iis", client_id, task_id, call_state_names[call_state]);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (results, read_result_row (stmt));
  sqlite3_reset (stmt);
  return results;
}

/* Tags */

gint64
wcc_store_tag_create (WccStore    *self,
                      gint64       client_id,
                      const char  *name,
                      GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self, "INSERT INTO customer_tags (client_id, name) VALUES (?, ?);",
                                                    "is", client_id, name),
                            _("Cannot create the tag"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_tag_update (WccStore           *self,
                      const WccStoreTag  *tag,
                      gint64              expected_version,
                      GError            **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (tag != NULL && tag->name != NULL, FALSE);

  return wcc_store_step_update (self,
                      wcc_store_prepare_bind (self,
                                              "UPDATE customer_tags SET name = ?, version = version + 1"
                                              " WHERE client_id = ?2 AND id = ?3 AND (?4 = 0 OR version = ?4);",
                                              "siii", tag->name, tag->client_id, tag->id, expected_version),
                      "SELECT 1 FROM customer_tags WHERE client_id = ? AND id = ?;",
                      tag->client_id, tag->id, expected_version, _("No such tag"), error);
}

gboolean
wcc_store_tag_delete (WccStore  *self,
                      gint64     client_id,
                      gint64     tag_id,
                      GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                      wcc_store_prepare_bind (self, "DELETE FROM customer_tags WHERE client_id = ? AND id = ?;",
                                              "ii", client_id, tag_id),
                      _("No such tag"), error);
}

static WccStoreTag *
read_tag_row (sqlite3_stmt *stmt)
{
  WccStoreTag *tag = g_new0 (WccStoreTag, 1);

  tag->id = sqlite3_column_int64 (stmt, 0);
  tag->client_id = sqlite3_column_int64 (stmt, 1);
  tag->name = wcc_store_column_strdup (stmt, 2);
  tag->version = sqlite3_column_int64 (stmt, 3);
  return tag;
}

WccStoreTag *
wcc_store_tag_find (WccStore *self,
                    gint64    client_id,
                    gint64    tag_id)
{
  WccStoreTag *tag = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT id, client_id, name, version FROM customer_tags"
                                 " WHERE client_id = ? AND id = ?;", "ii", client_id, tag_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tag = read_tag_row (stmt);
  sqlite3_reset (stmt);
  return tag;
}

GPtrArray *
wcc_store_tag_list (WccStore *self,
                    gint64    client_id)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_tag_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), tags);

  stmt = wcc_store_prepare_bind (self, "SELECT id, client_id, name, version FROM customer_tags"
                                 " WHERE client_id = ? ORDER BY name, id LIMIT 1000;", "i", client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tags, read_tag_row (stmt));
  sqlite3_reset (stmt);
  return tags;
}

/* Customers */

#define CUSTOMER_COLUMNS \
  "c.id, c.client_id, c.package_id, c.task_id, c.owner_id, t.name, c.company, c.surname," \
  " c.given_name, c.surname_phonetic, c.given_name_phonetic, c.email, c.address, c.custom," \
  " c.dial_count, c.last_contact_at, c.version, c.created_at, c.updated_at" \
  " FROM customers c LEFT JOIN tasks t ON t.id = c.task_id"

static WccStoreCustomer *
read_customer_row (sqlite3_stmt *stmt)
{
  WccStoreCustomer *customer = wcc_store_customer_new ();

  customer->id = sqlite3_column_int64 (stmt, 0);
  customer->client_id = sqlite3_column_int64 (stmt, 1);
  customer->package_id = sqlite3_column_int64 (stmt, 2);
  customer->task_id = column_int_or_zero (stmt, 3);
  customer->owner_id = column_int_or_zero (stmt, 4);
  customer->task_name = wcc_store_column_strdup (stmt, 5);
  customer->company = wcc_store_column_strdup (stmt, 6);
  customer->surname = wcc_store_column_strdup (stmt, 7);
  customer->given_name = wcc_store_column_strdup (stmt, 8);
  customer->surname_phonetic = wcc_store_column_strdup (stmt, 9);
  customer->given_name_phonetic = wcc_store_column_strdup (stmt, 10);
  customer->email = wcc_store_column_strdup (stmt, 11);
  customer->address = wcc_store_column_strdup (stmt, 12);
  customer->custom_json = wcc_store_column_strdup (stmt, 13);
  customer->dial_count = sqlite3_column_int64 (stmt, 14);
  customer->last_contact_at = column_int_or_zero (stmt, 15);
  customer->version = sqlite3_column_int64 (stmt, 16);
  customer->created_at = sqlite3_column_int64 (stmt, 17);
  customer->updated_at = sqlite3_column_int64 (stmt, 18);
  return customer;
}

static void
fill_customer_links (WccStore         *self,
                     WccStoreCustomer *customer)
{
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                               "SELECT number, normalized FROM customer_phones"
                                               " WHERE customer_id = ? ORDER BY position;",
                                               "i", customer->id);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    wcc_store_customer_add_phone (customer, (const char *) sqlite3_column_text (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  g_array_unref (customer->tag_ids);
  customer->tag_ids = query_ids (self, wcc_store_prepare_bind (self,
                                                               "SELECT tag_id FROM customer_tag_links"
                                                               " WHERE customer_id = ? ORDER BY tag_id;",
                                                               "i", customer->id));
}

static GPtrArray *
read_customers (WccStore     *self,
                sqlite3_stmt *stmt)
{
  GPtrArray *customers = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_customer_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (customers, read_customer_row (stmt));
  sqlite3_reset (stmt);
  for (guint i = 0; i < customers->len; i++)
    fill_customer_links (self, g_ptr_array_index (customers, i));
  return customers;
}

/* Replaces the customer's phones and tags; tags must be of its client. */
static gboolean
write_customer_links (WccStore                *self,
                      const WccStoreCustomer  *customer,
                      gint64                   customer_id,
                      gboolean                 replace,
                      GError                 **error)
{
  /* A new customer has nothing to replace. */
  if (replace &&
      (!wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM customer_phones WHERE customer_id = ?;",
                                                           "i", customer_id), _("Cannot save the customer"), error) ||
       !wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM customer_tag_links WHERE customer_id = ?;",
                                                          "i", customer_id), _("Cannot save the customer"), error)))
    return FALSE;
  for (guint i = 0; customer->phones != NULL && i < customer->phones->len; i++)
    {
      WccStoreCustomerPhone *phone = g_ptr_array_index (customer->phones, i);

      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT INTO customer_phones (customer_id, position, client_id,"
                                                        " number, normalized) VALUES (?, ?, ?, ?, ?);",
                                                        "iiiss", customer_id, (gint64) i, customer->client_id,
                                                        phone->number, phone->normalized),
                                _("Cannot save the customer"), error))
        return FALSE;
    }
  for (guint i = 0; customer->tag_ids != NULL && i < customer->tag_ids->len; i++)
    {
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR IGNORE INTO customer_tag_links (customer_id, tag_id)"
                                                        " SELECT ?, id FROM customer_tags WHERE id = ? AND client_id = ?;",
                                                        "iii", customer_id, g_array_index (customer->tag_ids, gint64, i),
                                                        customer->client_id),
                                _("Cannot save the customer"), error))
        return FALSE;
      if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM customer_tag_links"
                                                              " WHERE customer_id = ? AND tag_id = ?;", "ii",
                                                              customer_id, g_array_index (customer->tag_ids, gint64, i)),
                                0))
        return fail_with (error, WCC_ERROR_INVALID_FIELD, _("“tags” names a tag that does not exist"));
    }
  return TRUE;
}

/* The package, task and owner of a new customer belong together and to its client. */
static gboolean
check_customer_place (WccStore                *self,
                      const WccStoreCustomer  *customer,
                      GError                 **error)
{
  if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM customer_packages"
                                                          " WHERE client_id = ? AND id = ?;",
                                                          "ii", customer->client_id, customer->package_id), 0))
    return fail_with (error, WCC_ERROR_INVALID_FIELD, _("“package_id” names a customer package that does not exist"));
  if (customer->task_id != 0 &&
      !wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM tasks WHERE client_id = ? AND id = ?"
                                                          " AND package_id = ?;", "iii", customer->client_id,
                                                          customer->task_id, customer->package_id), 0))
    return fail_with (error, WCC_ERROR_INVALID_FIELD, _("“task_id” names no task of the customer's package"));
  if (customer->owner_id != 0 &&
      !wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM users WHERE client_id = ? AND id = ?;",
                                                          "ii", customer->client_id, customer->owner_id), 0))
    return fail_with (error, WCC_ERROR_INVALID_FIELD, _("The owner is not a user of this client"));
  return TRUE;
}

gint64
wcc_store_customer_create (WccStore                *self,
                           const WccStoreCustomer  *customer,
                           GError                 **error)
{
  gint64 now = now_seconds ();
  gint64 customer_id = 0;
  gboolean owned;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (customer != NULL, 0);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  if (check_customer_place (self, customer, error) &&
      wcc_store_step_done (self,
                           wcc_store_prepare_bind (self,
                                                   "INSERT INTO customers (client_id, package_id, task_id, owner_id,"
                                                   " company, surname, given_name, surname_phonetic,"
                                                   " given_name_phonetic, email, address, custom, created_at, updated_at)"
                                                   " VALUES (?, ?, nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
                                                   "iiiissssssssii", customer->client_id, customer->package_id,
                                                   customer->task_id, customer->owner_id,
                                                   customer->company ? customer->company : "",
                                                   customer->surname ? customer->surname : "",
                                                   customer->given_name ? customer->given_name : "",
                                                   customer->surname_phonetic ? customer->surname_phonetic : "",
                                                   customer->given_name_phonetic ? customer->given_name_phonetic : "",
                                                   customer->email ? customer->email : "",
                                                   customer->address ? customer->address : "",
                                                   customer->custom_json ? customer->custom_json : "{}", now, now),
                           _("Cannot create the customer"), error))
    {
      customer_id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
      if (!write_customer_links (self, customer, customer_id, FALSE, error))
        customer_id = 0;
    }
  if (!wcc_store_finish_owned (self, owned, customer_id != 0, error))
    return 0;
  return customer_id;
}

gboolean
wcc_store_customer_update (WccStore                *self,
                           const WccStoreCustomer  *customer,
                           gint64                   expected_version,
                           GError                 **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = wcc_store_step_update (self,
                    wcc_store_prepare_bind (self,
                                            "UPDATE customers SET company = ?, surname = ?, given_name = ?,"
                                            " surname_phonetic = ?, given_name_phonetic = ?, email = ?, address = ?,"
                                            " custom = ?, version = version + 1, updated_at = ?"
                                            " WHERE client_id = ?10 AND id = ?11 AND (?12 = 0 OR version = ?12);",
                                            "ssssssssiiii", customer->company, customer->surname,
                                            customer->given_name, customer->surname_phonetic,
                                            customer->given_name_phonetic, customer->email, customer->address,
                                            customer->custom_json, now_seconds (), customer->client_id,
                                            customer->id, expected_version),
                    "SELECT 1 FROM customers WHERE client_id = ? AND id = ?;",
                    customer->client_id, customer->id, expected_version, _("No such customer"), error) &&
       write_customer_links (self, customer, customer->id, TRUE, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

WccStoreCustomer *
wcc_store_customer_find (WccStore *self,
                         gint64    client_id,
                         gint64    customer_id)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  found = read_customers (self, wcc_store_prepare_bind (self,
                                                        "SELECT " CUSTOMER_COLUMNS
                                                        " WHERE c.client_id = ? AND c.id = ?;",
                                                        "ii", client_id, customer_id));
  return found->len > 0 ? g_ptr_array_steal_index (found, 0) : NULL;
}

gboolean
wcc_store_customer_is_visible (WccStore             *self,
                               gint64                client_id,
                               const WccStoreViewer *viewer,
                               gint64                customer_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (viewer != NULL, FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT 1 FROM customers c WHERE c.client_id = ?1"
                                                      " AND c.id = ?5 AND" CUSTOMER_VISIBLE ";",
                                                      "iiiii", client_id, viewer->user_id,
                                                      (gint64) viewer->admin, (gint64) viewer->leader,
                                                      customer_id), 0) == 1;
}

/* @ids as a JSON array, for json_each(): one statement whatever their number. */
static char *
ids_to_json_text (const gint64 *ids,
                  guint         n_ids)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* The places as JSON for json_each(): [[id, task_id, owner_id], ...]. */
static char *
places_to_json_text (const WccStoreCustomerPlace *places,
                     guint                        n_places)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n_places; i++)
    g_string_append_printf (json, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                            i ? "," : "", places[i].id, places[i].task_id, places[i].owner_id);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* CUSTOMER_VISIBLE clause by clause, from the customers to the users: (user, customer)
 * rows of c = json_each(?2) of the client ?1. */
#define CUSTOMER_AUDIENCE_PAIRS \
  "WITH c AS (SELECT json_extract(value, '$[0]') AS id," \
  "  nullif(json_extract(value, '$[1]'), 0) AS task_id," \
  "  nullif(json_extract(value, '$[2]'), 0) AS owner_id FROM json_each(?2))" \
  " SELECT u.id AS user_id, c.id AS customer_id FROM users u, c WHERE u.client_id = ?1" \
  "  AND instr(',' || u.roles || ',', ',client_admin,') > 0" \
  " UNION SELECT c.owner_id, c.id FROM c WHERE c.owner_id IS NOT NULL" \
  " UNION SELECT m.user_id, c.id FROM c JOIN task_groups tg ON tg.task_id = c.task_id" \
  "  JOIN group_members m ON m.group_id = tg.group_id WHERE c.owner_id IS NULL" \
  " UNION SELECT l.user_id, c.id FROM c JOIN group_members a ON a.user_id = c.owner_id" \
  "  JOIN group_members l ON l.group_id = a.group_id AND l.is_leader = 1" \
  "  JOIN users lu ON lu.id = l.user_id" \
  "  WHERE instr(',' || lu.roles || ',', ',leader,') > 0" \
  " UNION SELECT k.agent_id, c.id FROM c JOIN calls k ON k.customer_id = c.id" \
  "  WHERE k.client_id = ?1 AND k.agent_id IS NOT NULL" \
  " UNION SELECT kl.user_id, c.id FROM c JOIN calls k ON k.customer_id = c.id" \
  "  JOIN call_legs kl ON kl.call_id = k.id WHERE k.client_id = ?1 AND kl.user_id IS NOT NULL" \
  " UNION SELECT ap.agent_id, c.id FROM c JOIN customer_appointments ap ON ap.customer_id = c.id" \
  "  WHERE ap.client_id = ?1"

GArray *
wcc_store_customer_audience (WccStore                    *self,
                             gint64                       client_id,
                             const WccStoreCustomerPlace *places,
                             guint                        n_places)
{
  g_autoptr(GArray) pairs = wcc_store_customer_audience_pairs (self, client_id, places, n_places);
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The pairs are sorted by user: each user once. */
  for (guint i = 0; i < pairs->len; i++)
    {
      gint64 user_id = g_array_index (pairs, WccStoreCustomerViewer, i).user_id;

      if (users->len == 0 || g_array_index (users, gint64, users->len - 1) != user_id)
        g_array_append_val (users, user_id);
    }
  return users;
}

GArray *
wcc_store_customer_audience_pairs (WccStore                    *self,
                                   gint64                       client_id,
                                   const WccStoreCustomerPlace *places,
                                   guint                        n_places)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (WccStoreCustomerViewer));
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), pairs);
  g_return_val_if_fail (places != NULL || n_places == 0, pairs);

  if (n_places == 0)
    return pairs;
  json = places_to_json_text (places, n_places);
  stmt = wcc_store_prepare_bind (self, CUSTOMER_AUDIENCE_PAIRS " ORDER BY 1, 2;", "is", client_id, json);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreCustomerViewer pair = {
        .user_id = sqlite3_column_int64 (stmt, 0),
        .customer_id = sqlite3_column_int64 (stmt, 1),
      };
      g_array_append_val (pairs, pair);
    }
  sqlite3_reset (stmt);
  return pairs;
}

GArray *
wcc_store_customer_places (WccStore     *self,
                           gint64        client_id,
                           const gint64 *ids,
                           guint         n_ids)
{
  g_autofree char *json = NULL;
  GArray *places = g_array_new (FALSE, FALSE, sizeof (WccStoreCustomerPlace));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), places);

  if (n_ids == 0)
    return places;
  json = ids_to_json_text (ids, n_ids);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, task_id, owner_id FROM customers WHERE client_id = ?1"
                                 " AND id IN (SELECT value FROM json_each(?2))"
                                 " ORDER BY coalesce(task_id, 0), coalesce(owner_id, 0), id;",
                                 "is", client_id, json);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreCustomerPlace place = {
        .id = sqlite3_column_int64 (stmt, 0),
        .task_id = column_int_or_zero (stmt, 1),
        .owner_id = column_int_or_zero (stmt, 2),
      };
      g_array_append_val (places, place);
    }
  sqlite3_reset (stmt);
  return places;
}

GPtrArray *
wcc_store_customer_find_by_phone (WccStore             *self,
                                  gint64                client_id,
                                  const WccStoreViewer *viewer,
                                  const char           *normalized,
                                  guint                 limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (viewer != NULL && normalized != NULL, NULL);

  /* The phone index finds the few customers with the number; visibility is checked on them. */
  return read_customers (self,
                         wcc_store_prepare_bind (self,
                                                 "SELECT " CUSTOMER_COLUMNS
                                                 " WHERE c.id IN (SELECT p.customer_id FROM customer_phones p"
                                                 "  WHERE p.client_id = ?1 AND p.normalized = ?5)"
                                                 " AND c.client_id = ?1 AND" CUSTOMER_VISIBLE
                                                 " ORDER BY c.id LIMIT ?6;",
                                                 "iiiisi", client_id, viewer->user_id, (gint64) viewer->admin,
                                                 (gint64) viewer->leader, normalized, (gint64) limit));
}

/* Lists: one statement per sort order (statements are cached by their text). ?5 owner
 * (> 0 that owner, 0 any, < 0 none), ?6 task, ?7 tag, ?8 name prefix, ?9 phone, ?12
 * package, ?13 pending (C19), ?14 the funnel stage of the last contact record (C20), ?15 its
 * call result (C1), ?16 a dial count above which customers are left out, ?17 a time from
 * which on contacted customers are left out (C25: auto-dial). */
#define CUSTOMER_FILTERS \
  " AND (?6 = 0 OR c.task_id = ?6)" \
  " AND (?7 = 0 OR EXISTS (SELECT 1 FROM customer_tag_links g WHERE g.customer_id = c.id AND g.tag_id = ?7))" \
  " AND (?8 IS NULL OR substr(c.company, 1, length(?8)) = ?8 OR substr(c.surname, 1, length(?8)) = ?8" \
  "  OR substr(c.given_name, 1, length(?8)) = ?8 OR substr(c.surname_phonetic, 1, length(?8)) = ?8" \
  "  OR substr(c.given_name_phonetic, 1, length(?8)) = ?8)" \
  " AND (?9 IS NULL OR c.id IN (SELECT p.customer_id FROM customer_phones p" \
  "  WHERE p.client_id = ?1 AND p.normalized = ?9))" \
  " AND (?12 = 0 OR c.package_id = ?12)" \
  " AND (?13 = 0 OR NOT EXISTS (SELECT 1 FROM contact_records r WHERE r.customer_id = c.id))" \
  " AND (?14 IS NULL OR (SELECT r.funnel FROM contact_records r WHERE r.customer_id = c.id" \
  "  ORDER BY r.id DESC LIMIT 1) = ?14)" \
  " AND (?15 = 0 OR (SELECT r.call_result_id FROM contact_records r WHERE r.customer_id = c.id" \
  "  ORDER BY r.id DESC LIMIT 1) = ?15)" \
  " AND (?16 = 0 OR c.dial_count < ?16)" \
  " AND (?17 = 0 OR c.last_contact_at IS NULL OR c.last_contact_at < ?17)"

/* An owner's list uses the owner index; the general one filters. (The unary + keeps the
 * planner off the client index, which it would walk whole to save sorting the page.) */
#define LIST_OWNER_SQL(order) \
  "SELECT " CUSTOMER_COLUMNS " WHERE c.owner_id = ?5 AND +c.client_id = ?1 AND" CUSTOMER_VISIBLE \
  CUSTOMER_FILTERS " ORDER BY " order " LIMIT ?10 OFFSET ?11;"
#define LIST_ANY_SQL(order) \
  "SELECT " CUSTOMER_COLUMNS " WHERE c.client_id = ?1 AND" CUSTOMER_VISIBLE \
  " AND (?5 = 0 OR (?5 < 0 AND c.owner_id IS NULL))" \
  CUSTOMER_FILTERS " ORDER BY " order " LIMIT ?10 OFFSET ?11;"

#define SORT_ORDERS(F) \
  { F ("c.id"), F ("c.id DESC") }, \
  { F ("c.company, c.id"), F ("c.company DESC, c.id DESC") }, \
  { F ("c.surname, c.given_name, c.id"), F ("c.surname DESC, c.given_name DESC, c.id DESC") }, \
  { F ("c.dial_count, c.id"), F ("c.dial_count DESC, c.id DESC") }, \
  { F ("c.last_contact_at, c.id"), F ("c.last_contact_at DESC, c.id DESC") }, \
  { F ("c.updated_at, c.id"), F ("c.updated_at DESC, c.id DESC") }

static const char * const list_owner_sql[WCC_CUSTOMER_N_SORTS][2] = { SORT_ORDERS (LIST_OWNER_SQL) };
static const char * const list_any_sql[WCC_CUSTOMER_N_SORTS][2] = { SORT_ORDERS (LIST_ANY_SQL) };

GPtrArray *
wcc_store_customer_list (WccStore                    *self,
                         gint64                       client_id,
                         const WccStoreViewer        *viewer,
                         const WccStoreCustomerQuery *query)
{
  const char *sql;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (viewer != NULL && query != NULL, NULL);
  g_return_val_if_fail ((guint) query->sort < WCC_CUSTOMER_N_SORTS, NULL);

  sql = (query->owner_id > 0 ? list_owner_sql : list_any_sql)[query->sort][query->descending ? 1 : 0];
  return read_customers (self,
                         wcc_store_prepare_bind (self, sql, "iiiiiiissiiiisiii", client_id, viewer->user_id,
                                                 (gint64) viewer->admin, (gint64) viewer->leader,
                                                 query->owner_id, query->task_id, query->tag_id, query->prefix,
                                                 query->phone, (gint64) query->limit, (gint64) query->offset,
                                                 query->package_id, (gint64) query->pending, query->funnel,
                                                 query->call_result_id, query->dials_below,
                                                 query->contacted_before));
}

GPtrArray *
wcc_store_customer_list_after (WccStore             *self,
                               gint64                client_id,
                               const WccStoreViewer *viewer,
                               gint64                package_id,
                               gint64                task_id,
                               gint64                after_id,
                               guint                 limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (viewer != NULL, NULL);

  return read_customers (self,
                         wcc_store_prepare_bind (self,
                                                 "SELECT " CUSTOMER_COLUMNS " WHERE c.client_id = ?1 AND c.id > ?7"
                                                 " AND (?5 = 0 OR c.package_id = ?5) AND (?6 = 0 OR c.task_id = ?6)"
                                                 " AND" CUSTOMER_VISIBLE " ORDER BY c.id LIMIT ?8;",
                                                 "iiiiiiii", client_id, viewer->user_id, (gint64) viewer->admin,
                                                 (gint64) viewer->leader, package_id, task_id, after_id,
                                                 (gint64) limit));
}

GPtrArray *
wcc_store_pool_list (WccStore *self,
                     gint64    client_id,
                     gint64    task_id,
                     gint64    after_id,
                     guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_customers (self,
                         wcc_store_prepare_bind (self,
                                                 "SELECT " CUSTOMER_COLUMNS " WHERE c.task_id = ?2 AND c.owner_id IS NULL"
                                                 " AND c.id > ?3 AND c.client_id = ?1 ORDER BY c.id LIMIT ?4;",
                                                 "iiii", client_id, task_id, after_id, (gint64) limit));
}

static gboolean keep_owners_appointments (WccStore  *self,
                                          gint64     customer_id,
                                          gint64     owner_id,
                                          GError   **error);

gboolean
wcc_store_pool_grab (WccStore      *self,
                     gint64         client_id,
                     gint64         task_id,
                     gint64         user_id,
                     const gint64  *ids,
                     guint          n_ids,
                     GArray        *out_grabbed,
                     GArray        *out_taken,
                     GArray        *out_missing,
                     GError       **error)
{
  gint64 now = now_seconds ();

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_grabbed != NULL && out_taken != NULL && out_missing != NULL, FALSE);

  /* BEGIN IMMEDIATE takes the write lock first: a second grabber (another connection, another
   * server) waits or fails whole, and the owner_id IS NULL condition gives each customer to
   * the first one only. */
  if (!wcc_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      gint64 id = ids[i];
      sqlite3_stmt *stmt;

      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE customers SET owner_id = ?, version = version + 1,"
                                                        " updated_at = ? WHERE id = ? AND client_id = ? AND task_id = ?"
                                                        " AND owner_id IS NULL;",
                                                        "iiiii", user_id, now, id, client_id, task_id),
                                _("Cannot take the customers"), error))
        {
          wcc_store_rollback (self);
          return FALSE;
        }
      if (sqlite3_changes (wcc_store_get_db (self)) > 0)
        {
          /* Appointments booked while it was in the pool go with it to its new owner's. */
          if (!keep_owners_appointments (self, id, user_id, error))
            {
              wcc_store_rollback (self);
              return FALSE;
            }
          g_array_append_val (out_grabbed, id);
          continue;
        }
      stmt = wcc_store_prepare_bind (self, "SELECT owner_id FROM customers WHERE id = ? AND client_id = ?"
                                     " AND task_id = ?;", "iii", id, client_id, task_id);
      switch (sqlite3_step (stmt) == SQLITE_ROW ? (column_int_or_zero (stmt, 0) == user_id ? 1 : 2) : 0)
        {
        case 1:   /* already theirs (a retried grab) */
          g_array_append_val (out_grabbed, id);
          break;
        case 2:
          g_array_append_val (out_taken, id);
          break;
        default:
          g_array_append_val (out_missing, id);
        }
      sqlite3_reset (stmt);
    }
  return wcc_store_commit (self, error);
}

/* An appointment lets its agent see the customer (CUSTOMER_VISIBLE), so appointments follow
 * ownership (C4): a customer back in the pool keeps none, one with a new owner only the new
 * owner's. A leader's reassignment to another agent stays while the owner does. Runs in
 * the caller's transaction. */
static gboolean
keep_owners_appointments (WccStore  *self,
                          gint64     customer_id,
                          gint64     owner_id,
                          GError   **error)
{
  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "DELETE FROM customer_appointments"
                                                      " WHERE customer_id = ? AND agent_id != ?;",
                                                      "ii", customer_id, owner_id),
                              _("Cannot remove the appointments"), error);
}

/* C24, R3: an owner change of customers, one by one in one transaction: @update (for the
 * customer's id) changes its owner to @new_owner (0: the pool) when it may, and its
 * appointments follow (C4); the others go to @out_missing. */
typedef struct {
  gint64                client_id;
  const WccStoreViewer *viewer;
  gint64                now;
  gint64                to_agent;
  gint64                from_agent;
} OwnerChange;

typedef sqlite3_stmt *(*OwnerUpdate) (WccStore          *self,
                                      const OwnerChange *change,
                                      gint64             customer_id);

static gboolean
change_owners (WccStore          *self,
               const OwnerChange *change,
               OwnerUpdate        update,
               const char        *what,
               const gint64      *ids,
               guint              n_ids,
               GArray            *out_changed,
               GArray            *out_missing,
               GError           **error)
{
  if (!wcc_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      gint64 id = ids[i];

      if (!wcc_store_step_done (self, update (self, change, id), what, error))
        {
          wcc_store_rollback (self);
          return FALSE;
        }
      if (sqlite3_changes (wcc_store_get_db (self)) == 0)
        {
          g_array_append_val (out_missing, id);
          continue;
        }
      if (!keep_owners_appointments (self, id, change->to_agent, error))
        {
          wcc_store_rollback (self);
          return FALSE;
        }
      g_array_append_val (out_changed, id);
    }
  return wcc_store_commit (self, error);
}

static sqlite3_stmt *
release_update (WccStore          *self,
                const OwnerChange *change,
                gint64             customer_id)
{
  return wcc_store_prepare_bind (self,
                                 "UPDATE customers SET owner_id = NULL, version = version + 1,"
                                 " updated_at = ?6 WHERE id = ?5 AND client_id = ?1"
                                 " AND owner_id IS NOT NULL AND (?3 OR owner_id = ?2"
                                 "  OR (?4 AND owner_id IN (SELECT a.user_id FROM group_members a"
                                 "   JOIN group_members l ON l.group_id = a.group_id"
                                 "   WHERE l.user_id = ?2 AND l.is_leader = 1)));",
                                 "iiiiii", change->client_id, change->viewer->user_id, (gint64) change->viewer->admin,
                                 (gint64) change->viewer->leader, customer_id, change->now);
}

gboolean
wcc_store_customer_release (WccStore             *self,
                            gint64                client_id,
                            const WccStoreViewer *viewer,
                            const gint64         *ids,
                            guint                 n_ids,
                            GArray               *out_released,
                            GArray               *out_missing,
                            GError              **error)
{
  OwnerChange change = { client_id, viewer, now_seconds (), 0, 0 };

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (viewer != NULL && out_released != NULL && out_missing != NULL, FALSE);

  return change_owners (self, &change, release_update, _("Cannot release the customers"), ids, n_ids, out_released,
                        out_missing, error);
}

static sqlite3_stmt *
reassign_update (WccStore          *self,
                 const OwnerChange *change,
                 gint64             customer_id)
{
  return wcc_store_prepare_bind (self,
                                 "UPDATE customers SET owner_id = ?7, version = version + 1,"
                                 " updated_at = ?6 WHERE id = ?5 AND client_id = ?1"
                                 " AND owner_id IS NOT NULL AND owner_id != ?7"
                                 " AND (?8 = 0 OR owner_id = ?8)"
                                 " AND (?3 OR (?4 AND owner_id IN (SELECT a.user_id FROM group_members a"
                                 "   JOIN group_members l ON l.group_id = a.group_id"
                                 "   WHERE l.user_id = ?2 AND l.is_leader = 1)))"
                                 " AND (task_id IS NULL OR EXISTS (SELECT 1 FROM task_groups tg"
                                 "   JOIN group_members m ON m.group_id = tg.group_id"
                                 "   WHERE tg.task_id = customers.task_id AND m.user_id = ?7));",
                                 "iiiiiiii", change->client_id, change->viewer->user_id,
                                 (gint64) change->viewer->admin, (gint64) change->viewer->leader, customer_id,
                                 change->now, change->to_agent, change->from_agent);
}

gboolean
wcc_store_customer_reassign (WccStore             *self,
                             gint64                client_id,
                             const WccStoreViewer *viewer,
                             gint64                from_agent,
                             gint64                to_agent,
                             const gint64         *ids,
                             guint                 n_ids,
                             GArray               *out_moved,
                             GArray               *out_missing,
                             GError              **error)
{
  OwnerChange change = { client_id, viewer, now_seconds (), to_agent, from_agent };

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (viewer != NULL && out_moved != NULL && out_missing != NULL, FALSE);

  return change_owners (self, &change, reassign_update, _("Cannot reassign the customers"), ids, n_ids, out_moved,
                        out_missing, error);
}

/* C4: the agent of the task who gets a customer whose owner is not in it: the one with the
 * fewest customers in the task, then the lowest id; 0 when the task has no other agent. */
static gint64
pick_task_agent (WccStore *self,
                 gint64    client_id,
                 gint64    task_id,
                 gint64    except_user_id)
{
  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT m.user_id FROM task_groups tg"
                                                      " JOIN group_members m ON m.group_id = tg.group_id"
                                                      " JOIN users u ON u.id = m.user_id"
                                                      " WHERE tg.task_id = ?1 AND u.client_id = ?2 AND m.user_id != ?3"
                                                      " AND instr(',' || u.roles || ',', ',agent,') > 0"
                                                      " GROUP BY m.user_id"
                                                      " ORDER BY (SELECT count(*) FROM customers x"
                                                      "  WHERE x.owner_id = m.user_id AND x.task_id = ?1), m.user_id"
                                                      " LIMIT 1;",
                                                      "iii", task_id, client_id, except_user_id), 0);
}

gboolean
wcc_store_customer_move (WccStore      *self,
                         gint64         client_id,
                         gint64         task_id,
                         const gint64  *ids,
                         guint          n_ids,
                         GArray        *out_moved,
                         GArray        *out_missing,
                         GError       **error)
{
  gint64 now = now_seconds ();
  gint64 package_id = 0;
  gboolean owned;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_moved != NULL && out_missing != NULL, FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  if (task_id != 0 &&
      (package_id = wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT package_id FROM tasks"
                                                                       " WHERE client_id = ? AND id = ?;",
                                                                       "ii", client_id, task_id), 0)) == 0)
    {
      fail_with (error, WCC_ERROR_NOT_FOUND, _("No such task"));
      return wcc_store_finish_owned (self, owned, FALSE, error);
    }
  for (guint i = 0; i < n_ids; i++)
    {
      gint64 id = ids[i];
      sqlite3_stmt *stmt = wcc_store_prepare_bind (self, "SELECT task_id, owner_id, package_id FROM customers"
                                                   " WHERE id = ? AND client_id = ?;", "ii", id, client_id);
      gboolean found = sqlite3_step (stmt) == SQLITE_ROW;
      gint64 old_task = found ? column_int_or_zero (stmt, 0) : 0;
      gint64 owner = found ? column_int_or_zero (stmt, 1) : 0;
      gint64 new_owner = owner;
      gint64 customer_package = found ? sqlite3_column_int64 (stmt, 2) : 0;

      sqlite3_reset (stmt);
      if (!found || (task_id != 0 && customer_package != package_id))
        {
          g_array_append_val (out_missing, id);
          continue;
        }
      g_array_append_val (out_moved, id);
      if (old_task == task_id)
        continue;
      /* Entering a task is an ownership change (C4 a and b): the owner keeps the customer
       * only when already in the task; leaving every task is not one. */
      if (task_id != 0 && owner != 0 && !wcc_store_task_has_member (self, client_id, task_id, owner))
        new_owner = pick_task_agent (self, client_id, task_id, owner);
      if (!wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE customers SET task_id = nullif(?, 0),"
                                                        " owner_id = nullif(?, 0), version = version + 1,"
                                                        " updated_at = ? WHERE id = ?;",
                                                        "iiii", task_id, new_owner, now, id),
                                _("Cannot move the customers"), error) ||
          (new_owner != owner && !keep_owners_appointments (self, id, new_owner, error)))
        return wcc_store_finish_owned (self, owned, FALSE, error);
    }
  return wcc_store_finish_owned (self, owned, TRUE, error);
}

/* Notes (C9) */

static const char * const note_kind_names[] = { "normal", "pinned", "warning" };
static const char * const review_state_names[] = { "", "pending", "approved", "rejected" };

#define NOTE_COLUMNS \
  "id, client_id, customer_id, author_id, kind, text, review_state, reviewer_id, review_reason," \
  " reviewed_at, version, created_at, updated_at FROM customer_notes"

void
wcc_store_note_free (WccStoreNote *note)
{
  if (note == NULL)
    return;
  g_free (note->text);
  g_free (note->review_reason);
  g_free (note);
}

static WccStoreNote *
read_note_row (sqlite3_stmt *stmt)
{
  WccStoreNote *note = g_new0 (WccStoreNote, 1);

  note->id = sqlite3_column_int64 (stmt, 0);
  note->client_id = sqlite3_column_int64 (stmt, 1);
  note->customer_id = sqlite3_column_int64 (stmt, 2);
  note->author_id = column_int_or_zero (stmt, 3);
  note->kind = name_index (note_kind_names, G_N_ELEMENTS (note_kind_names), sqlite3_column_text (stmt, 4));
  note->text = wcc_store_column_strdup (stmt, 5);
  note->review_state = name_index (review_state_names, G_N_ELEMENTS (review_state_names),
                                   sqlite3_column_text (stmt, 6));
  note->reviewer_id = column_int_or_zero (stmt, 7);
  note->review_reason = wcc_store_column_strdup (stmt, 8);
  note->reviewed_at = column_int_or_zero (stmt, 9);
  note->version = sqlite3_column_int64 (stmt, 10);
  note->created_at = sqlite3_column_int64 (stmt, 11);
  note->updated_at = sqlite3_column_int64 (stmt, 12);
  return note;
}

gint64
wcc_store_note_create (WccStore     *self,
                       gint64        client_id,
                       gint64        customer_id,
                       gint64        author_id,
                       WccNoteKind   kind,
                       const char   *text,
                       GError      **error)
{
  gint64 now = now_seconds ();

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (note_kind_names), 0);

  /* The SELECT writes nothing for a customer of another client. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO customer_notes (client_id, customer_id, author_id, kind,"
                                                    " text, review_state, created_at, updated_at)"
                                                    " SELECT ?1, id, ?3, ?4, ?5, CASE WHEN ?4 = 'warning'"
                                                    "  THEN 'pending' END, ?6, ?6"
                                                    " FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                    "iiissi", client_id, customer_id, author_id,
                                                    note_kind_names[kind], text, now),
                            _("Cannot save the note"), error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_note_update (WccStore            *self,
                       const WccStoreNote  *note,
                       gint64               expected_version,
                       GError             **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (note != NULL && note->text != NULL, FALSE);
  g_return_val_if_fail (note->kind != WCC_NOTE_WARNING, FALSE);

  return wcc_store_step_update (self,
                      wcc_store_prepare_bind (self,
                                              "UPDATE customer_notes SET kind = ?, text = ?, version = version + 1,"
                                              " updated_at = ? WHERE client_id = ?4 AND id = ?5 AND kind != 'warning'"
                                              " AND (?6 = 0 OR version = ?6);",
                                              "ssiiii", note_kind_names[note->kind], note->text, now_seconds (),
                                              note->client_id, note->id, expected_version),
                      "SELECT 1 FROM customer_notes WHERE client_id = ? AND id = ?;",
                      note->client_id, note->id, expected_version, _("No such note"), error);
}

gboolean
wcc_store_note_delete (WccStore  *self,
                       gint64     client_id,
                       gint64     note_id,
                       GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                      wcc_store_prepare_bind (self, "DELETE FROM customer_notes WHERE client_id = ? AND id = ?;",
                                              "ii", client_id, note_id),
                      _("No such note"), error);
}

WccStoreNote *
wcc_store_note_find (WccStore *self,
                     gint64    client_id,
                     gint64    note_id)
{
  WccStoreNote *note = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " NOTE_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, note_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    note = read_note_row (stmt);
  sqlite3_reset (stmt);
  return note;
}

GPtrArray *
wcc_store_note_list (WccStore *self,
                     gint64    client_id,
                     gint64    customer_id,
                     gboolean  approved_warnings_only,
                     guint     offset,
                     guint     limit)
{
  GPtrArray *notes = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_note_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), notes);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " NOTE_COLUMNS " WHERE customer_id = ?2 AND client_id = ?1"
                                 " AND (?3 = 0 OR review_state = 'approved')"
                                 " ORDER BY kind = 'pinned' DESC, id DESC LIMIT ?4 OFFSET ?5;",
                                 "iiiii", client_id, customer_id, (gint64) approved_warnings_only,
                                 (gint64) limit, (gint64) offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (notes, read_note_row (stmt));
  sqlite3_reset (stmt);
  return notes;
}

gboolean
wcc_store_user_leads_user (WccStore *self,
                           gint64    client_id,
                           gint64    leader_id,
                           gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT 1 FROM group_members l"
                                                      " JOIN group_members a ON a.group_id = l.group_id"
                                                      " JOIN agent_groups g ON g.id = l.group_id"
                                                      " WHERE g.client_id = ? AND l.user_id = ? AND l.is_leader = 1"
                                                      " AND a.user_id = ? LIMIT 1;",
                                                      "iii", client_id, leader_id, user_id), 0) == 1;
}

gboolean
wcc_store_note_review (WccStore    *self,
                       gint64       client_id,
                       gint64       note_id,
                       gint64       reviewer_id,
                       gboolean     approve,
                       const char  *reason,
                       GError     **error)
{
  gint64 now = now_seconds ();

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE customer_notes SET review_state = ?, reviewer_id = ?,"
                                                    " review_reason = ?, reviewed_at = ?4, version = version + 1,"
                                                    " updated_at = ?4 WHERE client_id = ? AND id = ?"
                                                    " AND review_state = 'pending';",
                                                    "sisiii", approve ? "approved" : "rejected", reviewer_id,
                                                    reason ? reason : "", now, client_id, note_id),
                            _("Cannot save the review"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  if (wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM customer_notes"
                                                         " WHERE client_id = ? AND id = ?;",
                                                         "ii", client_id, note_id), 0))
    return fail_with (error, WCC_ERROR_CONFLICT, _("Only a pop-up warning waiting for review can be reviewed"));
  return fail_with (error, WCC_ERROR_NOT_FOUND, _("No such note"));
}

/* ---- Contact records (C15) ---- */

void
wcc_store_contact_record_free (WccStoreContactRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->note);
  g_free (record->result_label);
  g_free (record->answers_json);
  g_free (record);
}

gint64
wcc_store_contact_record_create (WccStore     *self,
                                 gint64        client_id,
                                 gint64        customer_id,
                                 gint64        author_id,
                                 gint64        call_result_id,
                                 gboolean      answered,
                                 const char   *note,
                                 gint64        call_id,
                                 gint64        ticket_id,
                                 gint64        next_contact_at,
                                 GError      **error)
{
  g_autoptr(WccStoreCallResult) result = NULL;
  gint64 now = now_seconds ();
  gint64 id = 0;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  result = wcc_store_call_result_find (self, client_id, call_result_id);
  if (result == NULL)
    {
      fail_with (error, WCC_ERROR_INVALID_FIELD, _("No such call result"));
      return 0;
    }
  /* C16: a result is offered for answered calls, unanswered ones, or both. */
  if ((result->call_state == WCC_RESULT_CALL_ANSWERED && !answered) ||
      (result->call_state == WCC_RESULT_CALL_UNANSWERED && answered))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   answered ? _("“%s” is a result for unanswered calls only")
                            : _("“%s” is a result for answered calls only"), result->label);
      return 0;
    }
  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  ok = ticket_id == 0 ||
       wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM tickets WHERE client_id = ?"
                                                          " AND id = ? AND customer_id = ?;",
                                                          "iii", client_id, ticket_id, customer_id), 0) ||
       fail_with (error, WCC_ERROR_INVALID_FIELD, _("“ticket_id” names no ticket of this customer"));
  /* The SELECT writes nothing for a customer of another client. */
  ok = ok && wcc_store_step_done (self,
                                  wcc_store_prepare_bind (self,
                                                          "INSERT INTO contact_records (client_id, customer_id, author_id,"
                                                          " call_result_id, funnel, call_state, note, call_id, ticket_id,"
                                                          " next_contact_at, created_at)"
                                                          " SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, NULLIF (?8, 0), NULLIF (?9, 0),"
                                                          " NULLIF (?10, 0), ?11 FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                          "iiiisssiiii", client_id, customer_id, author_id, call_result_id,
                                                          funnel_names[result->funnel],
                                                          answered ? "answered" : "unanswered", note ? note : "",
                                                          call_id, ticket_id, next_contact_at, now),
                                  _("Cannot save the contact record"), error);
  if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0)
    ok = fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
  if (ok)
    id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
  /* The customer's counters (C3, C22) move with the record, in the same transaction. */
  if (ok)
    ok = wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "UPDATE customers SET dial_count = dial_count + 1,"
                                                      " last_contact_at = ?3 WHERE client_id = ?1 AND id = ?2;",
                                                      "iii", client_id, customer_id, now),
                              _("Cannot save the contact record"), error);
  /* The next contact is the author's appointment with the customer (C17), set or moved. */
  if (ok && next_contact_at != 0)
    ok = wcc_store_appointment_set (self, client_id, customer_id, author_id, next_contact_at, error) != 0;
  /* The call is now known to be about this customer. */
  if (ok && call_id != 0)
    ok = wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "UPDATE calls SET customer_id = ?3, version = version + 1"
                                                      " WHERE client_id = ?1 AND id = ?2 AND customer_id IS NULL;",
                                                      "iii", client_id, call_id, customer_id),
                              _("Cannot save the contact record"), error);
  if (!wcc_store_finish_owned (self, owned, ok, error))
    return 0;
  return id;
}

#define CONTACT_RECORD_COLUMNS \
  "SELECT r.id, r.customer_id, r.author_id, r.call_result_id, res.label, r.funnel," \
  " r.call_state, r.note, r.call_id, r.next_contact_at, r.created_at, r.ticket_id," \
  " (SELECT json_group_object(a.question_id, json(a.value)) FROM contact_record_answers a" \
  "  WHERE a.contact_record_id = r.id)," \
  " EXISTS (SELECT 1 FROM call_recordings cr WHERE cr.call_id = r.call_id)" \
  " FROM contact_records r JOIN call_results res ON res.id = r.call_result_id"

/* The rows of a CONTACT_RECORD_COLUMNS query. */
static GPtrArray *
read_contact_records (sqlite3_stmt *stmt,
                      gint64        client_id)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_contact_record_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreContactRecord *record = g_new0 (WccStoreContactRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->client_id = client_id;
      record->customer_id = sqlite3_column_int64 (stmt, 1);
      record->author_id = column_int_or_zero (stmt, 2);
      record->call_result_id = sqlite3_column_int64 (stmt, 3);
      record->result_label = wcc_store_column_strdup (stmt, 4);
      record->funnel = name_index (funnel_names, G_N_ELEMENTS (funnel_names), sqlite3_column_text (stmt, 5));
      record->answered = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "answered") == 0;
      record->note = wcc_store_column_strdup (stmt, 7);
      record->call_id = column_int_or_zero (stmt, 8);
      record->next_contact_at = column_int_or_zero (stmt, 9);
      record->created_at = sqlite3_column_int64 (stmt, 10);
      record->ticket_id = column_int_or_zero (stmt, 11);
      record->answers_json = wcc_store_column_strdup (stmt, 12);
      record->has_recording = sqlite3_column_int (stmt, 13) != 0;
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  return records;
}

GPtrArray *
wcc_store_contact_record_list (WccStore *self,
                               gint64    client_id,
                               gint64    customer_id,
                               gint64    before_id,
                               guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_contact_records (wcc_store_prepare_bind (self,
                                                       CONTACT_RECORD_COLUMNS
                                                       " WHERE r.client_id = ?1 AND r.customer_id = ?2"
                                                       " AND (?3 = 0 OR r.id < ?3) ORDER BY r.id DESC LIMIT ?4;",
                                                       "iiii", client_id, customer_id, before_id, (gint64) limit),
                               client_id);
}

GPtrArray *
wcc_store_contact_record_list_by_author (WccStore *self,
                                         gint64    client_id,
                                         gint64    author_id,
                                         gint64    before_id,
                                         guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_contact_records (wcc_store_prepare_bind (self,
                                                       CONTACT_RECORD_COLUMNS
                                                       " WHERE r.client_id = ?1 AND r.author_id = ?2"
                                                       " AND (?3 = 0 OR r.id < ?3) ORDER BY r.id DESC LIMIT ?4;",
                                                       "iiii", client_id, author_id, before_id, (gint64) limit),
                               client_id);
}
