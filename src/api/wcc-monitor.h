/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-monitor.h: the team leader's real-time monitor (R5) as models: the watched groups'
 * queue figures and their agents, from a snapshot and then the event stream only. */
#pragma once

#include "wcc-record.h"
#include "wcc-session.h"

G_BEGIN_DECLS

/*
 * GET /api/v1/monitor, then "queue.updated" and "monitor.agent" events (docs/api.md). A
 * record that changes is replaced in its list (items-changed at its position), so sorted
 * views re-sort and rows rebind; agents' changes are applied from an idle below the redraw's
 * priority, the newest of each agent once (a burst does not hold up a window's frames). Events that come while the snapshot is being read are
 * kept and those newer than it applied after it. On "resync" and on every reconnect of the
 * stream the snapshot is read again; while the stream is down (or the snapshot cannot be
 * read) "stale" is TRUE and the last figures stay shown.
 *
 * Records are WccRecord around the server's objects: groups are Queue objects, agents
 * MonitorAgent objects. Queue records also carry "received_at" (local monotonic µs) so that
 * a view can count the longest wait on from "longest_wait".
 */

#define WCC_TYPE_MONITOR (wcc_monitor_get_type ())
G_DECLARE_FINAL_TYPE (WccMonitor, wcc_monitor, WCC, MONITOR, GObject)

/* Properties: "stale" (boolean), "loaded" (boolean: a snapshot was read once),
 * "error" (string: why the last snapshot failed, NULL when it did not). */
WccMonitor  *wcc_monitor_new              (WccSession  *session);
void         wcc_monitor_reload           (WccMonitor  *self);
/* Of WccRecord (Queue objects), in the server's order. */
GListModel  *wcc_monitor_get_groups       (WccMonitor  *self);
/* Of WccRecord (MonitorAgent objects). */
GListModel  *wcc_monitor_get_agents       (WccMonitor  *self);
gboolean     wcc_monitor_get_stale        (WccMonitor  *self);
gboolean     wcc_monitor_get_loaded       (WccMonitor  *self);
const char  *wcc_monitor_get_error        (WccMonitor  *self);
/* The server's clock minus ours (µs), from the last snapshot: add it to g_get_real_time ()
 * before comparing with the records' times. */
gint64       wcc_monitor_get_clock_offset (WccMonitor  *self);
/* Lookups by id; NULL when not watched. */
WccRecord   *wcc_monitor_find_agent       (WccMonitor  *self,
                                           gint64       agent_id);
WccRecord   *wcc_monitor_find_group       (WccMonitor  *self,
                                           gint64       group_id);

/* Supervision of a live call (listen-in, whisper, barge): @mode "listen", "whisper" or
 * "barge" starts it or changes its mode, NULL ends it (POST / DELETE
 * /api/v1/calls/{id}/supervision). The server then calls the user's phone. The agents'
 * records show the supervision of their current call as the member "supervision" (a
 * Supervision object: mode, state), kept from GET /api/v1/supervisions after each snapshot
 * and the "call.supervision" events. */
void         wcc_monitor_supervise_async  (WccMonitor          *self,
                                           gint64               call_id,
                                           const char          *mode,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     wcc_monitor_supervise_finish (WccMonitor          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
