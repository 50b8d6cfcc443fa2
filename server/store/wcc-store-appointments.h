/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-appointments.h: customer appointments (C17): one per customer and agent, when
 * the agent means to contact the customer next. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    customer_id;
  gint64    agent_id;
  gint64    due_at;       /* Unix seconds */
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStoreAppointment;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreAppointment, g_free)

/* Whose appointments a list holds, and when they are due. */
typedef struct {
  gint64    agent_id;     /* non-zero: that agent's */
  gint64    leader_id;    /* non-zero: that leader's and the agents' of the groups they lead */
  gint64    due_from;     /* non-zero: due at or after */
  gint64    due_until;    /* non-zero: due before */
  guint     offset;
  guint     limit;
} WccStoreAppointmentQuery;

/* Books @agent_id's appointment with the customer (of @client_id, else NOT_FOUND) at
 * @due_at; an appointment they already have is moved there, not added to (C17). Joins a
 * transaction the caller holds. Returns its id, 0 on error. */
gint64               wcc_store_appointment_set     (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       customer_id,
                                                    gint64       agent_id,
                                                    gint64       due_at,
                                                    GError     **error);
WccStoreAppointment *wcc_store_appointment_find    (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       appointment_id);
/* Writes the agent and the time of @appointment (found by its id and client_id). The new
 * agent already having one with the customer fails with CONFLICT. */
gboolean             wcc_store_appointment_update  (WccStore    *self,
                                                    const WccStoreAppointment *appointment,
                                                    gint64       expected_version,
                                                    GError     **error);
gboolean             wcc_store_appointment_delete  (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       appointment_id,
                                                    GError     **error);
/* The customer's appointments (every agent's), by time. */
GPtrArray           *wcc_store_appointment_list_for_customer (WccStore *self,
                                                    gint64       client_id,
                                                    gint64       customer_id);
/* The client's appointments that @query asks for, by time, then id. */
GPtrArray           *wcc_store_appointment_list    (WccStore    *self,
                                                    gint64       client_id,
                                                    const WccStoreAppointmentQuery *query);

G_END_DECLS
