/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-calls.c: the store's queries for the call centre: queues, pause reasons, agent
 * sign-ins and pause, call records and their legs. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

static gint64
column_int_or_zero (sqlite3_stmt *stmt,
                    int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, col);
}

static char *
column_strdup_or_null (sqlite3_stmt *stmt,
                       int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);
  return text ? g_strdup ((const char *) text) : NULL;
}

/* A statement that must change one row; FALSE with NOT_FOUND when it changed none. */
static gboolean
step_one_row (WccStore      *self,
              sqlite3_stmt  *stmt,
              const char    *what,
              const char    *not_found,
              GError       **error)
{
  if (!wcc_store_step_done (self, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }
  return TRUE;
}

gboolean
wcc_store_session_exists_for_user (WccStore *self,
                                   gint64    user_id,
                                   gint64    now)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT 1 FROM sessions WHERE user_id = ?"
                                                      " AND expires_at > ? LIMIT 1;",
                                                      "ii", user_id, now), 0) == 1;
}

/* Queues */

void
wcc_store_queue_free (WccStoreQueue *queue)
{
  if (queue == NULL)
    return;
  g_free (queue->name);
  g_free (queue->queue_number);
  g_free (queue);
}

#define QUEUE_COLUMNS \
  "id, client_id, name, queue_number, ring_timeout, missed_offers_before_pause," \
  " after_call_work, service_level, version FROM agent_groups"

static WccStoreQueue *
read_queue_row (sqlite3_stmt *stmt)
{
  WccStoreQueue *queue = g_new0 (WccStoreQueue, 1);

  queue->id = sqlite3_column_int64 (stmt, 0);
  queue->client_id = sqlite3_column_int64 (stmt, 1);
  queue->name = wcc_store_column_strdup (stmt, 2);
  queue->queue_number = column_strdup_or_null (stmt, 3);
  queue->ring_timeout = (guint) sqlite3_column_int (stmt, 4);
  queue->missed_offers_before_pause = (guint) sqlite3_column_int (stmt, 5);
  queue->after_call_work = sqlite3_column_int (stmt, 6);
  queue->service_level = (guint) sqlite3_column_int (stmt, 7);
  queue->version = sqlite3_column_int64 (stmt, 8);
  return queue;
}

static WccStoreQueue *
query_one_queue (sqlite3_stmt *stmt)
{
  WccStoreQueue *queue = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    queue = read_queue_row (stmt);
  sqlite3_reset (stmt);
  return queue;
}

GPtrArray *
wcc_store_queue_list (WccStore *self,
                      gint64    client_id)
{
  GPtrArray *queues = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_queue_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), queues);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " QUEUE_COLUMNS
                                 " WHERE ?1 = 0 OR client_id = ?1 ORDER BY client_id, name, id;",
                                 "i", client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (queues, read_queue_row (stmt));
  sqlite3_reset (stmt);
  return queues;
}

WccStoreQueue *
wcc_store_queue_find (WccStore *self,
                      gint64    client_id,
                      gint64    group_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return query_one_queue (wcc_store_prepare_bind (self,
                                                  "SELECT " QUEUE_COLUMNS " WHERE client_id = ? AND id = ?;",
                                                  "ii", client_id, group_id));
}

void
wcc_store_queue_figures_since (WccStore             *self,
                               gint64                group_id,
                               gint64                since,
                               guint                 service_level,
                               WccStoreQueueFigures *out_figures)
{
  sqlite3_stmt *stmt;

  g_return_if_fail (WCC_IS_STORE (self));
  g_return_if_fail (out_figures != NULL);

  *out_figures = (WccStoreQueueFigures) { 0 };
  wcc_store_call_flush (self);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT count(*), count(answered_at),"
                                 " coalesce(sum(answered_at IS NULL AND ended_at IS NOT NULL), 0),"
                                 " coalesce(sum(answered_at IS NOT NULL AND answered_at - offered_at <= ?3), 0)"
                                 " FROM calls WHERE group_id = ?1 AND direction = 'inbound' AND offered_at >= ?2;",
                                 "iii", group_id, since, (gint64) service_level * G_USEC_PER_SEC);
  if (stmt == NULL)
    return;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_figures = (WccStoreQueueFigures) {
      .inbound = (guint) sqlite3_column_int64 (stmt, 0),
      .answered = (guint) sqlite3_column_int64 (stmt, 1),
      .abandoned = (guint) sqlite3_column_int64 (stmt, 2),
      .answered_in_service_level = (guint) sqlite3_column_int64 (stmt, 3),
    };
  sqlite3_reset (stmt);
}

WccStoreQueue *
wcc_store_queue_find_by_number (WccStore   *self,
                                gint64      client_id,
                                const char *number)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return query_one_queue (wcc_store_prepare_bind (self,
                                                  "SELECT " QUEUE_COLUMNS
                                                  " WHERE client_id = ? AND queue_number = ?;",
                                                  "is", client_id, number));
}

gboolean
wcc_store_queue_update (WccStore             *self,
                        const WccStoreQueue  *queue,
                        GError              **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (queue != NULL, FALSE);

  stmt = wcc_store_prepare_bind (self,
                                 "UPDATE agent_groups SET queue_number = ?, ring_timeout = ?,"
                                 " missed_offers_before_pause = ?, after_call_work = ?, service_level = ?,"
                                 " version = version + 1"
                                 " WHERE client_id = ?6 AND id = ?7 AND (?8 = 0 OR version = ?8);",
                                 "siiiiiii", queue->queue_number, (gint64) queue->ring_timeout,
                                 (gint64) queue->missed_offers_before_pause,
                                 (gint64) queue->after_call_work, (gint64) queue->service_level,
                                 queue->client_id, queue->id, queue->version);
  return wcc_store_step_update (self, stmt, "SELECT 1 FROM agent_groups WHERE client_id = ? AND id = ?;",
                                queue->client_id, queue->id, queue->version, _("No such group"), error);
}

/* Pause reasons */

void
wcc_store_pause_reason_free (WccStorePauseReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->label);
  g_free (reason);
}

#define REASON_COLUMNS "id, client_id, label, position, automatic, version FROM pause_reasons"

static WccStorePauseReason *
read_reason_row (sqlite3_stmt *stmt)
{
  WccStorePauseReason *reason = g_new0 (WccStorePauseReason, 1);

  reason->id = sqlite3_column_int64 (stmt, 0);
  reason->client_id = sqlite3_column_int64 (stmt, 1);
  reason->label = wcc_store_column_strdup (stmt, 2);
  reason->position = sqlite3_column_int (stmt, 3);
  reason->automatic = sqlite3_column_int (stmt, 4) != 0;
  reason->version = sqlite3_column_int64 (stmt, 5);
  return reason;
}

GPtrArray *
wcc_store_pause_reason_list (WccStore *self,
                             gint64    client_id)
{
  GPtrArray *reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_pause_reason_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), reasons);

  wcc_store_pause_reason_get_automatic (self, client_id);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " REASON_COLUMNS " WHERE client_id = ? ORDER BY position, id;",
                                 "i", client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (reasons, read_reason_row (stmt));
  sqlite3_reset (stmt);
  return reasons;
}

WccStorePauseReason *
wcc_store_pause_reason_find (WccStore *self,
                             gint64    client_id,
                             gint64    reason_id)
{
  WccStorePauseReason *reason = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " REASON_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, reason_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    reason = read_reason_row (stmt);
  sqlite3_reset (stmt);
  return reason;
}

gint64
wcc_store_pause_reason_create (WccStore    *self,
                               gint64       client_id,
                               const char  *label,
                               int          position,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (label != NULL, 0);

  stmt = wcc_store_prepare_bind (self,
                                 "INSERT INTO pause_reasons (client_id, label, position) VALUES (?, ?, ?);",
                                 "isi", client_id, label, (gint64) position);
  if (!wcc_store_step_done (self, stmt, _("Cannot create the pause reason"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gint64
wcc_store_pause_reason_get_automatic (WccStore *self,
                                      gint64    client_id)
{
  g_autoptr(GError) error = NULL;
  const char *select = "SELECT id FROM pause_reasons WHERE client_id = ? AND automatic = 1;";
  gint64 id;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  id = wcc_store_query_int (self, wcc_store_prepare_bind (self, select, "i", client_id), 0);
  if (id != 0)
    return id;
  /* Clients made after migration 4 get theirs when first needed. A reason of their own
   * named like it already gets the flag; the label is English like the demo's reasons. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO pause_reasons (client_id, label, position, automatic)"
                                                    " SELECT id, 'No answer', 1000, 1 FROM clients WHERE id = ?"
                                                    " ON CONFLICT (client_id, label) DO UPDATE SET automatic = 1;",
                                                    "i", client_id),
                            "add the automatic pause reason", &error))
    g_warning ("%s", error->message);
  return wcc_store_query_int (self, wcc_store_prepare_bind (self, select, "i", client_id), 0);
}

/* Agents */

static void
add_agent_rows (sqlite3_stmt *stmt,
                GArray       *agents)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccRoles roles = WCC_ROLE_NONE;
      WccStoreAgent agent;

      if (!wcc_roles_from_csv ((const char *) sqlite3_column_text (stmt, 2), &roles) ||
          !(roles & WCC_ROLE_AGENT))
        continue;
      agent.user_id = sqlite3_column_int64 (stmt, 0);
      agent.client_id = sqlite3_column_int64 (stmt, 1);
      agent.pause_reason_id = column_int_or_zero (stmt, 3);
      g_array_append_val (agents, agent);
    }
  sqlite3_reset (stmt);
}

GArray *
wcc_store_agent_list (WccStore *self,
                      gint64    client_id)
{
  GArray *agents = g_array_new (FALSE, FALSE, sizeof (WccStoreAgent));

  g_return_val_if_fail (WCC_IS_STORE (self), agents);

  /* Roles are a list in a text column: the agent role is picked out of it in C. */
  add_agent_rows (wcc_store_prepare_bind (self,
                                          "SELECT u.id, u.client_id, u.roles, s.pause_reason_id FROM users u"
                                          " LEFT JOIN agent_status s ON s.user_id = u.id"
                                          " WHERE ?1 = 0 OR u.client_id = ?1 ORDER BY u.id;",
                                          "i", client_id), agents);
  return agents;
}

gboolean
wcc_store_agent_find (WccStore      *self,
                      gint64         client_id,
                      gint64         user_id,
                      WccStoreAgent *out_agent)
{
  g_autoptr(GArray) agents = g_array_new (FALSE, FALSE, sizeof (WccStoreAgent));

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_agent != NULL, FALSE);

  add_agent_rows (wcc_store_prepare_bind (self,
                                          "SELECT u.id, u.client_id, u.roles, s.pause_reason_id FROM users u"
                                          " LEFT JOIN agent_status s ON s.user_id = u.id"
                                          " WHERE u.client_id = ? AND u.id = ?;",
                                          "ii", client_id, user_id), agents);
  if (agents->len == 0)
    return FALSE;
  *out_agent = g_array_index (agents, WccStoreAgent, 0);
  return TRUE;
}

void
wcc_store_agent_set_pause_reason (WccStore *self,
                                  gint64    user_id,
                                  gint64    pause_reason_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_STORE (self));

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO agent_status (user_id, pause_reason_id, updated_at)"
                                                    " VALUES (?, nullif(?, 0), ?) ON CONFLICT (user_id) DO UPDATE"
                                                    " SET pause_reason_id = excluded.pause_reason_id,"
                                                    " updated_at = excluded.updated_at;",
                                                    "iii", user_id, pause_reason_id,
                                                    g_get_real_time () / G_USEC_PER_SEC),
                            "save the agent's pause", &error))
    g_warning ("%s", error->message);
}

GArray *
wcc_store_agent_get_sign_ins (WccStore *self,
                              gint64    client_id,
                              gint64    user_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), ids);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT s.group_id FROM agent_sign_ins s"
                                 " JOIN agent_groups g ON g.id = s.group_id"
                                 " WHERE s.user_id = ? AND g.client_id = ? ORDER BY s.group_id;",
                                 "ii", user_id, client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return ids;
}

gboolean
wcc_store_agent_set_sign_ins (WccStore      *self,
                              gint64         client_id,
                              gint64         user_id,
                              const gint64  *group_ids,
                              guint          n_groups,
                              GError       **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (group_ids != NULL || n_groups == 0, FALSE);

  if (!wcc_store_begin (self, error))
    return FALSE;
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self, "DELETE FROM agent_sign_ins WHERE user_id = ?;",
                                                    "i", user_id),
                            _("Cannot change the sign-ins"), error))
    goto fail;
  for (guint i = 0; i < n_groups; i++)
    {
      /* Only a membership of the agent, in a group of the client, can be signed in to. */
      sqlite3_stmt *stmt = wcc_store_prepare_bind (self,
                                                   "INSERT OR IGNORE INTO agent_sign_ins (user_id, group_id)"
                                                   " SELECT m.user_id, m.group_id FROM group_members m"
                                                   " JOIN agent_groups g ON g.id = m.group_id"
                                                   " WHERE m.user_id = ? AND m.group_id = ? AND g.client_id = ?;",
                                                   "iii", user_id, group_ids[i], client_id);
      if (!wcc_store_step_done (self, stmt, _("Cannot change the sign-ins"), error))
        goto fail;
      if (sqlite3_changes (wcc_store_get_db (self)) == 0 &&
          !wcc_store_query_int (self,
                                wcc_store_prepare_bind (self,
                                                        "SELECT 1 FROM agent_sign_ins WHERE user_id = ? AND group_id = ?;",
                                                        "ii", user_id, group_ids[i]), 0))
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                               _("You can sign in only to the agent groups you are a member of"));
          goto fail;
        }
    }
  return wcc_store_commit (self, error);

fail:
  wcc_store_rollback (self);
  return FALSE;
}

gboolean
wcc_store_group_is_leader (WccStore *self,
                           gint64    group_id,
                           gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT is_leader FROM group_members"
                                                      " WHERE group_id = ? AND user_id = ?;",
                                                      "ii", group_id, user_id), 0) != 0;
}

/* Call records */

static const char * const direction_names[] = { "inbound", "outbound", "internal" };
static const char * const side_names[] = { NULL, "caller", "callee", "server" };

const char *
wcc_call_direction_to_string (WccCallRecordDirection direction)
{
  g_return_val_if_fail ((guint) direction < G_N_ELEMENTS (direction_names), NULL);
  return direction_names[direction];
}

const char *
wcc_call_side_to_string (WccCallSide side)
{
  g_return_val_if_fail ((guint) side < G_N_ELEMENTS (side_names), NULL);
  return side_names[side];
}

static WccCallRecordDirection
direction_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (direction_names); i++)
    if (g_strcmp0 (name, direction_names[i]) == 0)
      return i;
  return WCC_CALL_INBOUND;
}

static WccCallSide
side_from_string (const char *name)
{
  for (guint i = 1; i < G_N_ELEMENTS (side_names); i++)
    if (g_strcmp0 (name, side_names[i]) == 0)
      return i;
  return WCC_CALL_SIDE_NONE;
}

void
wcc_store_call_leg_free (WccStoreCallLeg *leg)
{
  if (leg == NULL)
    return;
  g_free (leg->peer_uri);
  g_free (leg->number);
  g_free (leg->device);
  g_free (leg);
}

void
wcc_store_call_free (WccStoreCall *call)
{
  if (call == NULL)
    return;
  g_free (call->from_number);
  g_free (call->to_number);
  g_free (call->customer_number);
  g_free (call->hangup_reason);
  g_clear_pointer (&call->legs, g_ptr_array_unref);
  g_free (call);
}

/* Call records, written behind the routing.
 *
 * A new call's row and its legs' are the only writes between a caller's INVITE and the
 * INVITE to the agent, and SQLite's first write after a pause took 1–1.4 ms there now and
 * then (bench/README.md, server-calls.sh). So their ids are given at once and the rows are
 * written a moment later, all in one transaction, from an idle of low priority: after the
 * INVITE has gone out. Every query of calls and every transaction writes what is queued
 * first, and the HTTP API does before each request, so nobody sees a call without its row. */

typedef struct {
  gint64  call_id;
  gint64  leg_id;      /* 0: the call's own row */
  gint64  client_id;   /* the call's */
  gint64  group_id;    /* the call's */
  gint64  user_id;     /* the leg's */
  gint64  at;          /* offered / started */
  int     kind;        /* WccCallRecordDirection of a call, WccCallSide of a leg */
  char   *from;        /* a call's from number, a leg's peer URI */
  char   *to;          /* a call's to number, a leg's number */
  char   *device;      /* a leg's */
} PendingRow;

struct _WccStoreCallQueue
{
  WccStore     *store;
  GQueue        rows;
  GSource      *idle;
  gint64        next_call_id;   /* 0: not read from the database yet */
  gint64        next_leg_id;
};

static void
pending_row_free (PendingRow *row)
{
  g_free (row->from);
  g_free (row->to);
  g_free (row->device);
  g_free (row);
}

WccStoreCallQueue *
wcc_store_call_queue_new (WccStore *store)
{
  WccStoreCallQueue *queue = g_new0 (WccStoreCallQueue, 1);

  queue->store = store;
  g_queue_init (&queue->rows);
  return queue;
}

void
wcc_store_call_queue_free (WccStoreCallQueue *queue)
{
  if (queue == NULL)
    return;
  if (queue->idle != NULL)
    {
      g_source_destroy (queue->idle);
      g_source_unref (queue->idle);
    }
  g_queue_clear_full (&queue->rows, (GDestroyNotify) pending_row_free);
  g_free (queue);
}

static gboolean
write_call_row (WccStore   *self,
                PendingRow *row,
                GError    **error)
{
  const char *customer = NULL;

  if (row->kind == WCC_CALL_INBOUND)
    customer = row->from;
  else if (row->kind == WCC_CALL_OUTBOUND)
    customer = row->to;
  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO calls (id, client_id, direction, from_number,"
                                                      " to_number, customer_number, group_id, offered_at)"
                                                      " VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), ?);",
                                                      "iissssii", row->call_id, row->client_id,
                                                      direction_names[row->kind], row->from, row->to,
                                                      customer, row->group_id, row->at),
                              _("Cannot record the call"), error);
}

static gboolean
write_leg_row (WccStore   *self,
               PendingRow *row,
               GError    **error)
{
  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "INSERT INTO call_legs (id, call_id, side, user_id, peer_uri, number,"
                                               " device, started_at) SELECT ?, c.id, ?, nullif(?, 0), ?, ?, ?, ?"
                                               " FROM calls c WHERE c.id = ?;",
                                               "isisssii", row->leg_id, side_names[row->kind], row->user_id,
                                               row->from, row->to, row->device, row->at, row->call_id),
                       _("Cannot record the call"), _("No such call"), error);
}

/* Writes the queued rows in one transaction; a row that fails is logged and the others are
 * kept. @error: the last row's failure (the row a synchronous caller just queued). */
static gboolean
call_queue_write (WccStore  *self,
                  GError   **error)
{
  WccStoreCallQueue *queue = wcc_store_get_call_queue (self);
  g_autoptr(GError) begin_error = NULL;
  GQueue rows = G_QUEUE_INIT;
  gboolean own_transaction;
  gboolean last_ok = TRUE;
  PendingRow *row;

  if (queue->idle != NULL)
    {
      g_source_destroy (queue->idle);
      g_clear_pointer (&queue->idle, g_source_unref);
    }
  if (g_queue_is_empty (&queue->rows))
    return TRUE;
  /* Taken out first: the transaction's own BEGIN writes what is queued. */
  rows = queue->rows;
  g_queue_init (&queue->rows);
  own_transaction = rows.length > 1 && sqlite3_get_autocommit (wcc_store_get_db (self));
  if (own_transaction && !wcc_store_begin (self, &begin_error))
    {
      g_warning ("Cannot write call records: %s", begin_error->message);
      own_transaction = FALSE;
    }
  while ((row = g_queue_pop_head (&rows)) != NULL)
    {
      g_autoptr(GError) row_error = NULL;

      last_ok = row->leg_id != 0 ? write_leg_row (self, row, &row_error) : write_call_row (self, row, &row_error);
      if (!last_ok && error != NULL && g_queue_is_empty (&rows))
        g_propagate_error (error, g_steal_pointer (&row_error));
      else if (!last_ok)
        g_warning ("Cannot write the record of call %" G_GINT64_FORMAT ": %s", row->call_id, row_error->message);
      pending_row_free (row);
    }
  if (own_transaction && !wcc_store_commit (self, &begin_error))
    {
      g_warning ("Cannot write call records: %s", begin_error->message);
      if (last_ok)
        g_propagate_error (error, g_steal_pointer (&begin_error));
      return FALSE;
    }
  return last_ok;
}

void
wcc_store_call_flush (WccStore *self)
{
  g_return_if_fail (WCC_IS_STORE (self));
  call_queue_write (self, NULL);
}

static gboolean
on_call_queue_idle (gpointer data)
{
  WccStoreCallQueue *queue = data;

  g_clear_pointer (&queue->idle, g_source_unref);
  call_queue_write (queue->store, NULL);
  return G_SOURCE_REMOVE;
}

static gint64
next_id (WccStore   *self,
         gint64     *counter,
         const char *sql)
{
  if (*counter == 0)
    *counter = wcc_store_query_int (self, wcc_store_prepare (self, sql), 0) + 1;
  return (*counter)++;
}

static void
call_queue_push (WccStore   *self,
                 PendingRow *row)
{
  WccStoreCallQueue *queue = wcc_store_get_call_queue (self);

  g_queue_push_tail (&queue->rows, row);
  if (queue->idle == NULL)
    {
      queue->idle = g_idle_source_new ();
      g_source_set_priority (queue->idle, G_PRIORITY_LOW);
      g_source_set_callback (queue->idle, on_call_queue_idle, queue, NULL);
      g_source_set_static_name (queue->idle, "[wcc] call records");
      g_source_attach (queue->idle, g_main_context_get_thread_default ());
    }
}

gint64
wcc_store_call_create_later (WccStore               *self,
                             gint64                  client_id,
                             WccCallRecordDirection  direction,
                             const char             *from_number,
                             const char             *to_number,
                             gint64                  group_id,
                             gint64                  offered_at)
{
  WccStoreCallQueue *queue;
  PendingRow *row;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail ((guint) direction < G_N_ELEMENTS (direction_names), 0);

  queue = wcc_store_get_call_queue (self);
  row = g_new0 (PendingRow, 1);
  row->call_id = next_id (self, &queue->next_call_id, "SELECT max(id) FROM calls;");
  row->client_id = client_id;
  row->group_id = group_id;
  row->at = offered_at;
  row->kind = direction;
  row->from = g_strdup (from_number ? from_number : "");
  row->to = g_strdup (to_number ? to_number : "");
  call_queue_push (self, row);
  return row->call_id;
}

gint64
wcc_store_call_create (WccStore               *self,
                       gint64                  client_id,
                       WccCallRecordDirection  direction,
                       const char             *from_number,
                       const char             *to_number,
                       gint64                  group_id,
                       gint64                  offered_at,
                       GError                **error)
{
  gint64 id = wcc_store_call_create_later (self, client_id, direction, from_number, to_number,
                                           group_id, offered_at);

  return id != 0 && call_queue_write (self, error) ? id : 0;
}

gboolean
wcc_store_call_set_group (WccStore  *self,
                          gint64     call_id,
                          gint64     group_id,
                          GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  /* The group must be the call's client's. */
  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE calls SET group_id = nullif(?1, 0), version = version + 1"
                                               " WHERE id = ?2 AND (?1 = 0 OR EXISTS (SELECT 1 FROM agent_groups g"
                                               "  WHERE g.id = ?1 AND g.client_id = calls.client_id));",
                                               "ii", group_id, call_id),
                       _("Cannot record the call"), _("No such call or group"), error);
}

gboolean
wcc_store_call_set_agent (WccStore  *self,
                          gint64     call_id,
                          gint64     agent_id,
                          GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE calls SET agent_id = nullif(?1, 0), version = version + 1"
                                               " WHERE id = ?2 AND (?1 = 0 OR EXISTS (SELECT 1 FROM users u"
                                               "  WHERE u.id = ?1 AND u.client_id = calls.client_id));",
                                               "ii", agent_id, call_id),
                       _("Cannot record the call"), _("No such call or agent"), error);
}

gboolean
wcc_store_call_set_answered (WccStore  *self,
                             gint64     call_id,
                             gint64     answered_at,
                             GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE calls SET answered_at = coalesce(answered_at, ?),"
                                               " version = version + 1 WHERE id = ?;",
                                               "ii", answered_at, call_id),
                       _("Cannot record the call"), _("No such call"), error);
}

gint64
wcc_store_call_add_leg_later (WccStore    *self,
                              gint64       call_id,
                              WccCallSide  side,
                              gint64       user_id,
                              const char  *peer_uri,
                              const char  *number,
                              const char  *device,
                              gint64       started_at)
{
  WccStoreCallQueue *queue;
  PendingRow *row;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (side == WCC_CALL_SIDE_CALLER || side == WCC_CALL_SIDE_CALLEE, 0);

  queue = wcc_store_get_call_queue (self);
  row = g_new0 (PendingRow, 1);
  row->leg_id = next_id (self, &queue->next_leg_id, "SELECT max(id) FROM call_legs;");
  row->call_id = call_id;
  row->user_id = user_id;
  row->at = started_at;
  row->kind = side;
  row->from = g_strdup (peer_uri ? peer_uri : "");
  row->to = g_strdup (number ? number : "");
  row->device = g_strdup (device ? device : "");
  call_queue_push (self, row);
  return row->leg_id;
}

gint64
wcc_store_call_add_leg (WccStore     *self,
                        gint64        call_id,
                        WccCallSide   side,
                        gint64        user_id,
                        const char   *peer_uri,
                        const char   *number,
                        const char   *device,
                        gint64        started_at,
                        GError      **error)
{
  gint64 id = wcc_store_call_add_leg_later (self, call_id, side, user_id, peer_uri, number,
                                            device, started_at);

  return id != 0 && call_queue_write (self, error) ? id : 0;
}

gboolean
wcc_store_call_leg_set_answered (WccStore  *self,
                                 gint64     leg_id,
                                 gint64     answered_at,
                                 GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE call_legs SET answered_at = coalesce(answered_at, ?)"
                                               " WHERE id = ?;",
                                               "ii", answered_at, leg_id),
                       _("Cannot record the call"), _("No such call leg"), error);
}

gboolean
wcc_store_call_leg_end (WccStore  *self,
                        gint64     leg_id,
                        gint64     ended_at,
                        int        status,
                        GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  return step_one_row (self,
                       wcc_store_prepare_bind (self,
                                               "UPDATE call_legs SET ended_at = ?, status = nullif(?, 0)"
                                               " WHERE id = ? AND ended_at IS NULL;",
                                               "iii", ended_at, (gint64) status, leg_id),
                       _("Cannot record the call"), _("No such call leg, or it has ended"), error);
}

gboolean
wcc_store_call_end (WccStore     *self,
                    gint64        call_id,
                    gint64        ended_at,
                    const char   *hangup_reason,
                    WccCallSide   hangup_side,
                    GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean owned;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) hangup_side < G_N_ELEMENTS (side_names), FALSE);

  /* Its own transaction, or the caller's (the demo's history writes many at once). */
  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  stmt = wcc_store_prepare_bind (self,
                                 "UPDATE calls SET ended_at = ?, hangup_reason = ?, hangup_side = ?,"
                                 " version = version + 1 WHERE id = ? AND ended_at IS NULL;",
                                 "issi", ended_at, hangup_reason ? hangup_reason : "",
                                 side_names[hangup_side], call_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot record the call"), error))
    goto fail;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      if (wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM calls WHERE id = ?;",
                                                             "i", call_id), 0))
        g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("The call has already ended"));
      else
        g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such call"));
      goto fail;
    }
  stmt = wcc_store_prepare_bind (self,
                                 "UPDATE call_legs SET ended_at = ? WHERE call_id = ? AND ended_at IS NULL;",
                                 "ii", ended_at, call_id);
  if (!wcc_store_step_done (self, stmt, _("Cannot record the call"), error))
    goto fail;
  return wcc_store_finish_owned (self, owned, TRUE, error);

fail:
  return wcc_store_finish_owned (self, owned, FALSE, error);
}

gboolean
wcc_store_call_attach (WccStore  *self,
                       gint64     client_id,
                       gint64     call_id,
                       gint64     task_id,
                       gint64     customer_id,
                       gint64     expected_version,
                       GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  call_queue_write (self, NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "UPDATE calls SET"
                                 " task_id = CASE WHEN ?1 < 0 THEN task_id ELSE nullif(?1, 0) END,"
                                 " customer_id = CASE WHEN ?2 < 0 THEN customer_id ELSE nullif(?2, 0) END,"
                                 " version = version + 1"
                                 " WHERE client_id = ?3 AND id = ?4 AND (?5 = 0 OR version = ?5);",
                                 "iiiii", task_id, customer_id, client_id, call_id, expected_version);
  if (!wcc_store_step_done (self, stmt, _("Cannot change the call"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  if (expected_version > 0 &&
      wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM calls WHERE client_id = ? AND id = ?;",
                                                         "ii", client_id, call_id), 0))
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT,
                         _("Someone else changed this call in the meantime"));
  else
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such call"));
  return FALSE;
}

guint
wcc_store_call_close_open (WccStore   *self,
                           gint64      ended_at,
                           const char *reason)
{
  g_autoptr(GError) error = NULL;
  guint closed;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (reason != NULL, 0);

  if (!wcc_store_begin (self, &error))
    goto fail;
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE call_legs SET ended_at = ?"
                                                    " WHERE ended_at IS NULL AND call_id IN"
                                                    " (SELECT id FROM calls WHERE ended_at IS NULL);",
                                                    "i", ended_at),
                            "close open call legs", &error) ||
      !wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE calls SET ended_at = ?, hangup_reason = ?,"
                                                    " hangup_side = 'server', version = version + 1"
                                                    " WHERE ended_at IS NULL;",
                                                    "is", ended_at, reason),
                            "close open calls", &error))
    goto fail;
  closed = sqlite3_changes (wcc_store_get_db (self));
  if (!wcc_store_commit (self, &error))
    goto fail;
  return closed;

fail:
  wcc_store_rollback (self);
  g_warning ("Cannot close the calls a restart ended: %s", error->message);
  return 0;
}

#define CALL_COLUMNS \
  "c.id, c.client_id, c.direction, c.from_number, c.to_number, c.customer_number, c.group_id," \
  " c.agent_id, c.offered_at, c.answered_at, c.ended_at, c.hangup_reason, c.hangup_side," \
  " c.task_id, c.customer_id, c.version FROM calls c"

static WccStoreCall *
read_call_row (sqlite3_stmt *stmt)
{
  WccStoreCall *call = g_new0 (WccStoreCall, 1);

  call->id = sqlite3_column_int64 (stmt, 0);
  call->client_id = sqlite3_column_int64 (stmt, 1);
  call->direction = direction_from_string ((const char *) sqlite3_column_text (stmt, 2));
  call->from_number = wcc_store_column_strdup (stmt, 3);
  call->to_number = wcc_store_column_strdup (stmt, 4);
  call->customer_number = column_strdup_or_null (stmt, 5);
  call->group_id = column_int_or_zero (stmt, 6);
  call->agent_id = column_int_or_zero (stmt, 7);
  call->offered_at = sqlite3_column_int64 (stmt, 8);
  call->answered_at = column_int_or_zero (stmt, 9);
  call->ended_at = column_int_or_zero (stmt, 10);
  call->hangup_reason = column_strdup_or_null (stmt, 11);
  call->hangup_side = side_from_string ((const char *) sqlite3_column_text (stmt, 12));
  call->task_id = column_int_or_zero (stmt, 13);
  call->customer_id = column_int_or_zero (stmt, 14);
  call->version = sqlite3_column_int64 (stmt, 15);
  return call;
}

WccStoreCall *
wcc_store_call_find (WccStore *self,
                     gint64    client_id,
                     gint64    call_id)
{
  WccStoreCall *call = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  call_queue_write (self, NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " CALL_COLUMNS " WHERE c.client_id = ? AND c.id = ?;",
                                 "ii", client_id, call_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    call = read_call_row (stmt);
  sqlite3_reset (stmt);
  if (call == NULL)
    return NULL;

  call->legs = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_call_leg_free);
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, call_id, side, user_id, peer_uri, number, device, started_at,"
                                 " answered_at, ended_at, status FROM call_legs WHERE call_id = ? ORDER BY id;",
                                 "i", call_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreCallLeg *leg = g_new0 (WccStoreCallLeg, 1);

      leg->id = sqlite3_column_int64 (stmt, 0);
      leg->call_id = sqlite3_column_int64 (stmt, 1);
      leg->side = side_from_string ((const char *) sqlite3_column_text (stmt, 2));
      leg->user_id = column_int_or_zero (stmt, 3);
      leg->peer_uri = wcc_store_column_strdup (stmt, 4);
      leg->number = wcc_store_column_strdup (stmt, 5);
      leg->device = wcc_store_column_strdup (stmt, 6);
      leg->started_at = sqlite3_column_int64 (stmt, 7);
      leg->answered_at = column_int_or_zero (stmt, 8);
      leg->ended_at = column_int_or_zero (stmt, 9);
      leg->status = (int) column_int_or_zero (stmt, 10);
      g_ptr_array_add (call->legs, leg);
    }
  sqlite3_reset (stmt);
  return call;
}

GPtrArray *
wcc_store_call_list (WccStore *self,
                     gint64    client_id,
                     gint64    user_id,
                     gboolean  with_led_groups,
                     gint64    before_id,
                     guint     limit)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_call_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), calls);
  call_queue_write (self, NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " CALL_COLUMNS
                                 " WHERE c.client_id = ?1 AND (?4 = 0 OR c.id < ?4)"
                                 " AND (?2 = 0 OR c.agent_id = ?2"
                                 "  OR EXISTS (SELECT 1 FROM call_legs l WHERE l.call_id = c.id AND l.user_id = ?2)"
                                 "  OR (?3 AND c.group_id IN (SELECT group_id FROM group_members"
                                 "   WHERE user_id = ?2 AND is_leader = 1)))"
                                 " ORDER BY c.id DESC LIMIT ?5;",
                                 "iiiii", client_id, user_id, (gint64) (with_led_groups ? 1 : 0),
                                 before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (calls, read_call_row (stmt));
  sqlite3_reset (stmt);
  return calls;
}

GArray *
wcc_store_call_agent_days (WccStore *self,
                           gint64    client_id,
                           gint64    agent_id,
                           gint64    since)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (WccStoreAgentDay));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), days);
  call_queue_write (self, NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT agent_id, count(*), sum(ended_at - answered_at) FROM calls"
                                 " WHERE client_id = ?1 AND agent_id IS NOT NULL AND (?2 = 0 OR agent_id = ?2)"
                                 " AND offered_at >= ?3 - 86400000000 AND answered_at >= ?3"
                                 " AND ended_at IS NOT NULL"
                                 " GROUP BY agent_id ORDER BY agent_id;",
                                 "iii", client_id, agent_id, since);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreAgentDay day = {
        .agent_id = sqlite3_column_int64 (stmt, 0),
        .calls = (guint) sqlite3_column_int64 (stmt, 1),
        .talk_time = sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (days, day);
    }
  sqlite3_reset (stmt);
  return days;
}

GArray *
wcc_store_agent_watchers (WccStore *self,
                          gint64    client_id,
                          gint64    agent_id)
{
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), users);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id FROM users WHERE client_id = ?1"
                                 "  AND instr(',' || roles || ',', ',client_admin,') > 0"
                                 " UNION SELECT l.user_id FROM group_members a"
                                 "  JOIN group_members l ON l.group_id = a.group_id AND l.is_leader = 1"
                                 "  JOIN users lu ON lu.id = l.user_id AND lu.client_id = ?1"
                                 "  WHERE a.user_id = ?2 AND instr(',' || lu.roles || ',', ',leader,') > 0"
                                 " ORDER BY 1;",
                                 "ii", client_id, agent_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (users, id);
    }
  sqlite3_reset (stmt);
  return users;
}

gboolean
wcc_store_call_recording_find (WccStore              *self,
                               gint64                 client_id,
                               gint64                 call_id,
                               WccStoreCallRecording *out)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT call_id, size, duration, uploaded_by, uploaded_at FROM call_recordings"
                                 " WHERE client_id = ? AND call_id = ?;",
                                 "ii", client_id, call_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      out->call_id = sqlite3_column_int64 (stmt, 0);
      out->size = sqlite3_column_int64 (stmt, 1);
      out->duration = column_int_or_zero (stmt, 2);
      out->uploaded_by = column_int_or_zero (stmt, 3);
      out->uploaded_at = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
wcc_store_call_recording_save (WccStore                    *self,
                               gint64                       client_id,
                               const WccStoreCallRecording *recording,
                               GError                     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (recording != NULL, FALSE);
  call_queue_write (self, NULL);

  /* The SELECT names the call only when it is one of the client's: nothing is inserted
   * for another client's call id. */
  stmt = wcc_store_prepare_bind (self,
                                 "INSERT INTO call_recordings (call_id, client_id, size, duration, uploaded_by,"
                                 " uploaded_at)"
                                 " SELECT id, client_id, ?3, nullif(?4, 0), nullif(?5, 0), ?6 FROM calls"
                                 " WHERE client_id = ?1 AND id = ?2"
                                 " ON CONFLICT (call_id) DO UPDATE SET size = excluded.size,"
                                 " duration = excluded.duration, uploaded_by = excluded.uploaded_by,"
                                 " uploaded_at = excluded.uploaded_at;",
                                 "iiiiii", client_id, recording->call_id, recording->size, recording->duration,
                                 recording->uploaded_by, recording->uploaded_at);
  if (!wcc_store_step_done (self, stmt, _("Cannot save the call's recording"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such call"));
  return TRUE;
}
