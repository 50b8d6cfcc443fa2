/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-lists.c: the store's queries for an agent's dashboard and call lists: today's
 * tasks (D5), a task's leaderboard (D6), recent contacts (C22). */
#define G_LOG_DOMAIN "wcc-store"

#include "wcc-store-private.h"

void
wcc_store_task_day_free (WccStoreTaskDay *day)
{
  if (day == NULL)
    return;
  g_free (day->task_name);
  g_free (day);
}

void
wcc_store_leader_free (WccStoreLeader *leader)
{
  if (leader == NULL)
    return;
  g_free (leader->employee_id);
  g_free (leader->surname);
  g_free (leader->given_name);
  g_free (leader);
}

void
wcc_store_recent_contact_free (WccStoreRecentContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->number);
  g_free (contact->company);
  g_free (contact->surname);
  g_free (contact->given_name);
  g_free (contact->task_name);
  g_free (contact->hangup_reason);
  g_free (contact);
}

/* A text column, NULL kept. */
static char *
column_text_or_null (sqlite3_stmt *stmt,
                     int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* The calls of agent ?2 with customers (client ?1) whose offer or leg started from ?3 (µs)
 * on: the ones they took and the ones they have a leg in (placed, answered, rung). Both
 * parts are index searches by agent and time. */
#define AGENT_CALL_IDS(since) \
  "SELECT id FROM calls WHERE agent_id = ?2 AND offered_at >= " since \
  " UNION SELECT call_id FROM call_legs WHERE user_id = ?2 AND started_at >= " since

GPtrArray *
wcc_store_dashboard_tasks (WccStore *self,
                           gint64    client_id,
                           gint64    user_id,
                           gint64    from,
                           gint64    to)
{
  GPtrArray *days = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_task_day_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), days);

  wcc_store_call_flush (self);
  /* One row per task: the tasks of the agent's groups (with nothing yet), each connected
   * call, each success record; summed per task. ?3 and ?4 are the day in seconds. */
  stmt = wcc_store_prepare_bind (self,
                                 "WITH figures (task_id, connected, success) AS ("
                                 "  SELECT tg.task_id, 0, 0 FROM group_members m"
                                 "   JOIN task_groups tg ON tg.group_id = m.group_id WHERE m.user_id = ?2"
                                 "  UNION ALL SELECT c.task_id, 1, 0 FROM calls c"
                                 "   WHERE c.id IN (" AGENT_CALL_IDS ("?5") ")"
                                 "   AND c.client_id = ?1 AND c.direction != 'internal'"
                                 "   AND c.answered_at >= ?3 * 1000000 AND c.answered_at < ?4 * 1000000"
                                 "   AND (c.agent_id = ?2 OR EXISTS (SELECT 1 FROM call_legs l"
                                 "    WHERE l.call_id = c.id AND l.user_id = ?2"
                                 "    AND (l.side = 'caller' OR l.answered_at IS NOT NULL)))"
                                 "  UNION ALL SELECT r.task_id, 0, 1 FROM contact_records r"
                                 "   WHERE r.author_id = ?2 AND r.created_at >= ?3 AND r.created_at < ?4"
                                 "   AND r.client_id = ?1 AND r.funnel = 'success')"
                                 " SELECT f.task_id, t.name, sum(f.connected), sum(f.success) FROM figures f"
                                 " LEFT JOIN tasks t ON t.id = f.task_id AND t.client_id = ?1"
                                 " WHERE f.task_id IS NULL OR t.id IS NOT NULL"
                                 " GROUP BY f.task_id"
                                 " HAVING f.task_id IS NOT NULL OR sum(f.connected) + sum(f.success) > 0"
                                 " ORDER BY f.task_id IS NULL, t.name, f.task_id;",
                                 "iiiii", client_id, user_id, from, to,
                                 from * G_USEC_PER_SEC - LONGEST_CALL_WAIT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreTaskDay *day = g_new0 (WccStoreTaskDay, 1);

      day->task_id = sqlite3_column_int64 (stmt, 0);
      day->task_name = column_text_or_null (stmt, 1);
      day->connected = sqlite3_column_int64 (stmt, 2);
      day->success = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (days, day);
    }
  sqlite3_reset (stmt);
  return days;
}

GPtrArray *
wcc_store_leaderboard (WccStore *self,
                       gint64    client_id,
                       gint64    task_id,
                       gint64    from,
                       gint64    to)
{
  GPtrArray *leaders;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM tasks WHERE client_id = ? AND id = ?;",
                                                          "ii", client_id, task_id), 0))
    return NULL;
  leaders = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_leader_free);
  stmt = wcc_store_prepare_bind (self,
                                 "WITH members AS (SELECT DISTINCT m.user_id FROM task_groups tg"
                                 "  JOIN group_members m ON m.group_id = tg.group_id WHERE tg.task_id = ?2),"
                                 " submitted AS (SELECT r.author_id, count(*) AS n, max(r.created_at) AS reached"
                                 "  FROM contact_records r WHERE r.task_id = ?2 AND r.funnel = 'success'"
                                 "  AND r.created_at >= ?3 AND r.created_at < ?4 AND r.client_id = ?1"
                                 "  GROUP BY r.author_id)"
                                 " SELECT u.id, u.employee_id, u.surname, u.given_name, coalesce(s.n, 0), s.reached"
                                 " FROM members mm JOIN users u ON u.id = mm.user_id"
                                 " LEFT JOIN submitted s ON s.author_id = u.id"
                                 " WHERE u.client_id = ?1 AND instr(',' || u.roles || ',', ',agent,') > 0"
                                 " ORDER BY coalesce(s.n, 0) DESC, s.reached IS NULL, s.reached, u.employee_id;",
                                 "iiii", client_id, task_id, from, to);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreLeader *leader = g_new0 (WccStoreLeader, 1);

      leader->user_id = sqlite3_column_int64 (stmt, 0);
      leader->employee_id = wcc_store_column_strdup (stmt, 1);
      leader->surname = wcc_store_column_strdup (stmt, 2);
      leader->given_name = wcc_store_column_strdup (stmt, 3);
      leader->success = sqlite3_column_int64 (stmt, 4);
      leader->reached_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (leaders, leader);
    }
  sqlite3_reset (stmt);
  return leaders;
}

GPtrArray *
wcc_store_recent_contacts (WccStore *self,
                           gint64    client_id,
                           gint64    user_id,
                           gint64    since,
                           gint64    task_id,
                           gint64    before_id,
                           guint     limit)
{
  GPtrArray *contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_recent_contact_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), contacts);

  wcc_store_call_flush (self);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT c.id, c.direction, coalesce(c.customer_number, ''), cu.id, cu.company,"
                                 " cu.surname, cu.given_name, c.task_id, t.name, c.offered_at, c.answered_at,"
                                 " c.ended_at, c.hangup_reason"
                                 " FROM calls c LEFT JOIN customers cu ON cu.id = c.customer_id AND cu.client_id = ?1"
                                 " LEFT JOIN tasks t ON t.id = c.task_id AND t.client_id = ?1"
                                 " WHERE c.id IN (" AGENT_CALL_IDS ("?3") ")"
                                 " AND c.client_id = ?1 AND c.direction != 'internal' AND c.offered_at >= ?3"
                                 " AND (?4 = 0 OR c.task_id = ?4) AND (?5 = 0 OR c.id < ?5)"
                                 " ORDER BY c.id DESC LIMIT ?6;",
                                 "iiiiii", client_id, user_id, since, task_id, before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreRecentContact *contact = g_new0 (WccStoreRecentContact, 1);

      contact->call_id = sqlite3_column_int64 (stmt, 0);
      contact->direction = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "inbound") == 0
                           ? WCC_CALL_INBOUND : WCC_CALL_OUTBOUND;
      contact->number = wcc_store_column_strdup (stmt, 2);
      contact->customer_id = sqlite3_column_int64 (stmt, 3);
      contact->company = wcc_store_column_strdup (stmt, 4);
      contact->surname = wcc_store_column_strdup (stmt, 5);
      contact->given_name = wcc_store_column_strdup (stmt, 6);
      contact->task_id = sqlite3_column_int64 (stmt, 7);
      contact->task_name = column_text_or_null (stmt, 8);
      contact->started_at = sqlite3_column_int64 (stmt, 9);
      contact->answered_at = sqlite3_column_int64 (stmt, 10);
      contact->ended_at = sqlite3_column_int64 (stmt, 11);
      contact->hangup_reason = column_text_or_null (stmt, 12);
      g_ptr_array_add (contacts, contact);
    }
  sqlite3_reset (stmt);
  return contacts;
}
