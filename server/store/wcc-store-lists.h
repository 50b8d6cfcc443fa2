/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-lists.h: the store's dashboard figures and call lists of an agent: today's tasks
 * (D5), the leaderboard of a task (D6), recent contacts (C22). Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

/* D5: one row of an agent's day. */
typedef struct {
  gint64    task_id;       /* 0: calls and records outside any task */
  char     *task_name;     /* NULL for task 0 */
  gint64    connected;     /* calls with a customer that connected */
  gint64    success;       /* contact records saved with the funnel stage success */
} WccStoreTaskDay;

/* D6: one agent of a task's groups. */
typedef struct {
  gint64    user_id;
  char     *employee_id;
  char     *surname;
  char     *given_name;
  gint64    success;
  gint64    reached_at;    /* when the last of them was saved (Unix seconds); 0: none */
} WccStoreLeader;

/* C22: a call of the agent with a customer. */
typedef struct {
  gint64                  call_id;
  WccCallRecordDirection  direction;
  char                   *number;          /* the customer's number as the call had it */
  gint64                  customer_id;     /* 0: the call is about no known customer */
  char                   *company;         /* of the customer; "" without one */
  char                   *surname;
  char                   *given_name;
  gint64                  task_id;         /* 0: none */
  char                   *task_name;       /* NULL without a task */
  gint64                  started_at;      /* µs, as call records */
  gint64                  answered_at;     /* 0: not answered */
  gint64                  ended_at;        /* 0: still going */
  char                   *hangup_reason;   /* NULL while going */
} WccStoreRecentContact;

void wcc_store_task_day_free       (WccStoreTaskDay       *day);
void wcc_store_leader_free         (WccStoreLeader        *leader);
void wcc_store_recent_contact_free (WccStoreRecentContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTaskDay, wcc_store_task_day_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreLeader, wcc_store_leader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreRecentContact, wcc_store_recent_contact_free)

/* D5: @user_id's day from @from to before @to (Unix seconds): a row for every task of
 * their groups, and for every other task they had figures in, by task name; then, when it
 * has any, the row of task 0. A call counts as connected when it is with a customer (not
 * internal), was answered in the window, and the agent placed it, took it or answered a
 * leg of it; its task is the call's. A success is a contact record the agent saved in the
 * window with the funnel stage success, answered or not; its task is the record's (the
 * call's, else the customer's when saved). */
GPtrArray      *wcc_store_dashboard_tasks (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         from,
                                          gint64         to);
/* D6: the agents (users with the agent role) of the task's groups with their success
 * records of the task from @from to before @to, every submission counted: most first; a
 * tie goes to who reached the count first (the earlier last submission), then by employee
 * ID. NULL when the task is not one of @client_id. */
GPtrArray      *wcc_store_leaderboard    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          gint64         from,
                                          gint64         to);
/* C22: @user_id's calls with customers offered since @since (µs), newest first, with id <
 * @before_id (0: from the newest), of @task_id (0: any), at most @limit. */
GPtrArray      *wcc_store_recent_contacts (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         since,
                                          gint64         task_id,
                                          gint64         before_id,
                                          guint          limit);

G_END_DECLS
