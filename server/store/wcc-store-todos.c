/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-todos.c: the store's queries for to-do items (D4). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"

static const char * const status_names[] = { "open", "in_progress", "done" };

const char *
wcc_todo_status_to_string (WccTodoStatus status)
{
  g_return_val_if_fail ((guint) status < WCC_TO_DO_N_STATUSES, NULL);
  return status_names[status];
}

int
wcc_todo_status_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < WCC_TO_DO_N_STATUSES; i++)
    if (g_str_equal (status_names[i], text))
      return (int) i;
  return -1;
}

void
wcc_store_todo_free (WccStoreTodo *todo)
{
  if (todo == NULL)
    return;
  g_free (todo->title);
  g_free (todo->description);
  g_free (todo);
}

#define TO_DO_COLUMNS \
  "id, client_id, creator_id, assignee_id, title, description, due_at, status, version, created_at," \
  " updated_at FROM todos"

static WccStoreTodo *
read_todo_row (sqlite3_stmt *stmt)
{
  WccStoreTodo *todo = g_new0 (WccStoreTodo, 1);

  todo->id = sqlite3_column_int64 (stmt, 0);
  todo->client_id = sqlite3_column_int64 (stmt, 1);
  todo->creator_id = sqlite3_column_int64 (stmt, 2);
  todo->assignee_id = sqlite3_column_int64 (stmt, 3);
  todo->title = wcc_store_column_strdup (stmt, 4);
  todo->description = wcc_store_column_strdup (stmt, 5);
  todo->due_at = sqlite3_column_int64 (stmt, 6);
  todo->status = (WccTodoStatus) wcc_store_name_index (status_names, WCC_TO_DO_N_STATUSES,
                                                       sqlite3_column_text (stmt, 7));
  todo->version = sqlite3_column_int64 (stmt, 8);
  todo->created_at = sqlite3_column_int64 (stmt, 9);
  todo->updated_at = sqlite3_column_int64 (stmt, 10);
  return todo;
}

gint64
wcc_store_todo_create (WccStore            *self,
                       const WccStoreTodo  *todo,
                       GError             **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (todo != NULL && todo->title != NULL, 0);
  g_return_val_if_fail ((guint) todo->status < WCC_TO_DO_N_STATUSES, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO todos (client_id, creator_id, assignee_id, title,"
                                                    " description, due_at, status, created_at, updated_at)"
                                                    " SELECT client_id, nullif(?, 0), id, ?, ?, nullif(?, 0), ?, ?, ?"
                                                    " FROM users WHERE client_id = ? AND id = ?;",
                                                    "issisiiii", todo->creator_id, todo->title,
                                                    todo->description ? todo->description : "", todo->due_at,
                                                    status_names[todo->status], now, now,
                                                    todo->client_id, todo->assignee_id),
                            _("Cannot save the to-do"), error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("“assignee_ids” must be users of your client"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_todo_update (WccStore            *self,
                       const WccStoreTodo  *todo,
                       gint64               expected_version,
                       GError             **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (todo != NULL && todo->title != NULL, FALSE);
  g_return_val_if_fail ((guint) todo->status < WCC_TO_DO_N_STATUSES, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE todos SET title = ?, description = ?, due_at = nullif(?, 0),"
                                                        " status = ?, version = version + 1, updated_at = ?"
                                                        " WHERE client_id = ?6 AND id = ?7 AND (?8 = 0 OR version = ?8);",
                                                        "ssisiiii", todo->title, todo->description ? todo->description : "",
                                                        todo->due_at, status_names[todo->status],
                                                        g_get_real_time () / G_USEC_PER_SEC, todo->client_id, todo->id,
                                                        expected_version),
                                "SELECT 1 FROM todos WHERE client_id = ? AND id = ?;",
                                todo->client_id, todo->id, expected_version, _("No such to-do"), error);
}

gboolean
wcc_store_todo_delete (WccStore  *self,
                       gint64     client_id,
                       gint64     todo_id,
                       GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM todos WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, todo_id),
                                _("No such to-do"), error);
}

WccStoreTodo *
wcc_store_todo_find (WccStore *self,
                     gint64    client_id,
                     gint64    todo_id)
{
  WccStoreTodo *todo = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " TO_DO_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, todo_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    todo = read_todo_row (stmt);
  sqlite3_reset (stmt);
  return todo;
}

GPtrArray *
wcc_store_todo_list (WccStore *self,
                     gint64    client_id,
                     gint64    user_id,
                     gboolean  created,
                     int       status,
                     gint64    before_id,
                     guint     limit)
{
  GPtrArray *todos = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_todo_free);
  const char *status_name = status >= 0 && status < WCC_TO_DO_N_STATUSES ? status_names[status] : NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), todos);

  if (created)
    /* What the user made for others: their own to-dos are in the other list. */
    stmt = wcc_store_prepare_bind (self, "SELECT " TO_DO_COLUMNS " WHERE creator_id = ?1 AND client_id = ?2"
                                   " AND assignee_id != ?1 AND (?3 IS NULL OR status = ?3) AND (?4 = 0 OR id < ?4)"
                                   " ORDER BY id DESC LIMIT ?5;",
                                   "iisii", user_id, client_id, status_name, before_id, (gint64) limit);
  else
    stmt = wcc_store_prepare_bind (self, "SELECT " TO_DO_COLUMNS " WHERE assignee_id = ?1 AND client_id = ?2"
                                   " AND (?3 IS NULL OR status = ?3) AND (?4 = 0 OR id < ?4)"
                                   " ORDER BY id DESC LIMIT ?5;",
                                   "iisii", user_id, client_id, status_name, before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (todos, read_todo_row (stmt));
  sqlite3_reset (stmt);
  return todos;
}
