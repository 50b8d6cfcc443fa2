/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-appointments.c: the store's queries for customer appointments (C17). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-appointments.h"
#include "wcc-store-private.h"
#include "wcc-time.h"

#define APPOINTMENT_COLUMNS \
  "a.id, a.client_id, a.customer_id, a.agent_id, a.due_at, a.version, a.created_at, a.updated_at" \
  " FROM customer_appointments a"

static WccStoreAppointment *
read_appointment_row (sqlite3_stmt *stmt)
{
  WccStoreAppointment *appointment = g_new0 (WccStoreAppointment, 1);

  appointment->id = sqlite3_column_int64 (stmt, 0);
  appointment->client_id = sqlite3_column_int64 (stmt, 1);
  appointment->customer_id = sqlite3_column_int64 (stmt, 2);
  appointment->agent_id = sqlite3_column_int64 (stmt, 3);
  appointment->due_at = sqlite3_column_int64 (stmt, 4);
  appointment->version = sqlite3_column_int64 (stmt, 5);
  appointment->created_at = sqlite3_column_int64 (stmt, 6);
  appointment->updated_at = sqlite3_column_int64 (stmt, 7);
  return appointment;
}

static GPtrArray *
read_appointments (sqlite3_stmt *stmt)
{
  GPtrArray *appointments = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (appointments, read_appointment_row (stmt));
  sqlite3_reset (stmt);
  return appointments;
}

gint64
wcc_store_appointment_set (WccStore  *self,
                           gint64     client_id,
                           gint64     customer_id,
                           gint64     agent_id,
                           gint64     due_at,
                           GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  /* Rescheduling replaces the time (C17): one row per customer and agent. The SELECT
   * writes nothing for a customer of another client. */
  stmt = wcc_store_prepare_bind (self,
                                 "INSERT INTO customer_appointments (client_id, customer_id, agent_id, due_at,"
                                 " created_at, updated_at)"
                                 " SELECT ?1, c.id, u.id, ?4, ?5, ?5 FROM customers c, users u"
                                 " WHERE c.client_id = ?1 AND c.id = ?2 AND u.client_id = ?1 AND u.id = ?3"
                                 " ON CONFLICT (customer_id, agent_id) DO UPDATE SET due_at = excluded.due_at,"
                                 " version = version + 1, updated_at = excluded.updated_at"
                                 " RETURNING id;",
                                 "iiiii", client_id, customer_id, agent_id, due_at, wcc_time_now ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    wcc_store_set_sqlite_error (self, error, _("Cannot save the appointment"));
  else
    wcc_store_fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
  sqlite3_reset (stmt);
  return id;
}

WccStoreAppointment *
wcc_store_appointment_find (WccStore *self,
                            gint64    client_id,
                            gint64    appointment_id)
{
  WccStoreAppointment *appointment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " APPOINTMENT_COLUMNS " WHERE a.client_id = ? AND a.id = ?;",
                                 "ii", client_id, appointment_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    appointment = read_appointment_row (stmt);
  sqlite3_reset (stmt);
  return appointment;
}

gboolean
wcc_store_appointment_update (WccStore                   *self,
                              const WccStoreAppointment  *appointment,
                              gint64                      expected_version,
                              GError                    **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (appointment != NULL, FALSE);

  /* The new agent must be of the client: the SELECT finds nothing otherwise. */
  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE customer_appointments SET"
                                                        " agent_id = (SELECT id FROM users WHERE client_id = ?4 AND id = ?1),"
                                                        " due_at = ?2, version = version + 1, updated_at = ?3"
                                                        " WHERE client_id = ?4 AND id = ?5 AND (?6 = 0 OR version = ?6);",
                                                        "iiiiii", appointment->agent_id, appointment->due_at,
                                                        wcc_time_now (), appointment->client_id, appointment->id,
                                                        expected_version),
                                "SELECT 1 FROM customer_appointments WHERE client_id = ? AND id = ?;",
                                appointment->client_id, appointment->id, expected_version,
                                _("No such appointment"), error);
}

gboolean
wcc_store_appointment_delete (WccStore  *self,
                              gint64     client_id,
                              gint64     appointment_id,
                              GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self,
                                                        "DELETE FROM customer_appointments WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, appointment_id),
                                _("No such appointment"), error);
}

GPtrArray *
wcc_store_appointment_list_for_customer (WccStore *self,
                                         gint64    client_id,
                                         gint64    customer_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_appointments (wcc_store_prepare_bind (self,
                                                    "SELECT " APPOINTMENT_COLUMNS " WHERE a.client_id = ?"
                                                    " AND a.customer_id = ? ORDER BY a.due_at, a.id LIMIT 1000;",
                                                    "ii", client_id, customer_id));
}

GPtrArray *
wcc_store_appointment_list (WccStore                       *self,
                            gint64                          client_id,
                            const WccStoreAppointmentQuery *query)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return read_appointments (wcc_store_prepare_bind (self,
                                                    "SELECT " APPOINTMENT_COLUMNS " WHERE a.client_id = ?1"
                                                    " AND (?2 = 0 OR a.agent_id = ?2)"
                                                    " AND (?3 = 0 OR a.agent_id = ?3 OR a.agent_id IN"
                                                    "  (SELECT m.user_id FROM group_members m JOIN group_members l"
                                                    "   ON l.group_id = m.group_id WHERE l.user_id = ?3 AND l.is_leader = 1))"
                                                    " AND (?4 = 0 OR a.due_at >= ?4) AND (?5 = 0 OR a.due_at < ?5)"
                                                    " ORDER BY a.due_at, a.id LIMIT ?6 OFFSET ?7;",
                                                    "iiiiiii", client_id, query->agent_id, query->leader_id,
                                                    query->due_from, query->due_until, (gint64) query->limit,
                                                    (gint64) query->offset));
}
