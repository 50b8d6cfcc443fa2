/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-todos.h: the store's to-do items (D4): made by the client admin (or a leader)
 * for agents, or by users for themselves; one row per assignee, its creator sees its
 * status. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef enum {
  WCC_TO_DO_OPEN,
  WCC_TO_DO_IN_PROGRESS,
  WCC_TO_DO_DONE,
  WCC_TO_DO_N_STATUSES,
} WccTodoStatus;

typedef struct {
  gint64         id;
  gint64         client_id;
  gint64         creator_id;     /* 0: the creator was deleted */
  gint64         assignee_id;
  char          *title;
  char          *description;
  gint64         due_at;         /* the appointment time, Unix seconds; 0: none */
  WccTodoStatus  status;
  gint64         version;
  gint64         created_at;
  gint64         updated_at;
} WccStoreTodo;

void wcc_store_todo_free (WccStoreTodo *todo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTodo, wcc_store_todo_free)

/* "open", "in_progress", "done". */
const char     *wcc_todo_status_to_string (WccTodoStatus status);
/* -1 when @text names no status. */
int             wcc_todo_status_from_string (const char *text);

/* A to-do of @todo's client for its assignee (a user of the client, else
 * WCC_ERROR_INVALID_FIELD), inside the caller's transaction if one is open. Returns its id,
 * 0 on error. */
gint64          wcc_store_todo_create    (WccStore      *self,
                                          const WccStoreTodo *todo,
                                          GError       **error);
/* Writes title, description, due_at and status (version conflicts as elsewhere). */
gboolean        wcc_store_todo_update    (WccStore      *self,
                                          const WccStoreTodo *todo,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_todo_delete    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         todo_id,
                                          GError       **error);
WccStoreTodo   *wcc_store_todo_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         todo_id);
/* Those assigned to @user_id (@created FALSE), or those @user_id made for others (@created
 * TRUE); newest first with id < @before_id (0: from the newest); @status -1: any. */
GPtrArray      *wcc_store_todo_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gboolean       created,
                                          int            status,
                                          gint64         before_id,
                                          guint          limit);

G_END_DECLS
