/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-acd.h: the server's one ACD: loaded from the store, kept on the clock, its agent
 * states and queue figures saved and published as events. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-acd.h"
#include "wcc-event-hub.h"
#include "wcc-server-monitor.h"
#include "wcc-store.h"

G_BEGIN_DECLS

/*
 * The WccAcd knows agents and groups by id; this object keeps it in step with the store:
 *   - at start it loads every group (with its queue settings) and every agent (a user with
 *     the agent role) with their sign-ins; an agent with a live web session is logged in
 *     again and keeps the pause they were in (a restart does not make anyone Ready);
 *   - agents and groups made later (by `wcc-server admin` in another process, say) join on
 *     first use: wcc_server_acd_ensure_agent (), wcc_server_acd_sync_groups ();
 *   - a web login logs the agent in (they stay Offline until a phone registers); the end
 *     of their last session logs them out;
 *   - one main-loop timeout is kept armed for wcc_acd_next_deadline ();
 *   - "today"'s queue figures start again at local midnight;
 *   - state changes go to the store (the pause reason) and to the event stream:
 *     "agent.state" and "queue.updated", to everyone of the agent's or group's client.
 *
 * Pause reasons are rows of the client's list (wcc_store_pause_reason_*); in the ACD a
 * reason is the row id as a decimal string, except the automatic "no answer" row, which is
 * WCC_ACD_PAUSE_NO_ANSWER there.
 */

#define WCC_TYPE_SERVER_ACD (wcc_server_acd_get_type ())
G_DECLARE_FINAL_TYPE (WccServerAcd, wcc_server_acd, WCC, SERVER_ACD, GObject)

WccServerAcd *wcc_server_acd_new            (WccStore      *store,
                                             WccEventHub   *hub);
/* Loads every client's groups and agents, and starts the timers. */
void          wcc_server_acd_load           (WccServerAcd  *self);
/* For the SIP layer: enqueue, offers, registrations, calls; its signals. */
WccAcd       *wcc_server_acd_get_acd        (WccServerAcd  *self);

/* Adds the client's groups made since, and takes their current settings. */
void          wcc_server_acd_sync_groups    (WccServerAcd  *self,
                                             gint64         client_id);
/* Makes sure the ACD knows @user_id (loading it when it is new); FALSE when it is not an
 * agent of @client_id. The SIP layer calls it before telling the ACD about a registration. */
gboolean      wcc_server_acd_ensure_agent   (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id);

/* Web sessions: a login logs the agent in; the end of their last session logs them out. */
void          wcc_server_acd_session_started (WccServerAcd *self,
                                             gint64         client_id,
                                             gint64         user_id);
void          wcc_server_acd_session_ended  (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id);
/* Housekeeping: logs out the agents whose every session expired or was ended elsewhere. */
void          wcc_server_acd_check_sessions (WccServerAcd  *self);

/* What the agent asks for through the API (S1, S16). @reason_id: a row of the client's
 * pause reasons that is not the automatic one; 0 clears "pause after this call". */
gboolean      wcc_server_acd_set_ready      (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id,
                                             GError       **error);
gboolean      wcc_server_acd_set_pause      (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id,
                                             gint64         reason_id,
                                             GError       **error);
gboolean      wcc_server_acd_set_pause_after_call (WccServerAcd *self,
                                             gint64         client_id,
                                             gint64         user_id,
                                             gint64         reason_id,
                                             GError       **error);
/* Saves and applies the sign-ins; only groups the agent is a member of. */
gboolean      wcc_server_acd_set_groups     (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id,
                                             const gint64  *group_ids,
                                             guint          n_groups,
                                             GError       **error);

/* The client admin's set-up (issue 9): applies the agent's sign-ins as the store has them
 * now (after a change of group members); takes a group out of the ACD before it is
 * deleted (WCC_ERROR_CONFLICT while callers wait in it). New groups and changed queue
 * settings: wcc_server_acd_sync_groups (). */
void          wcc_server_acd_reload_sign_ins (WccServerAcd *self,
                                             gint64         client_id,
                                             gint64         user_id);
/* A user who is no agent any more (their role taken away): logged out and out of the ACD;
 * should they be an agent again, they are loaded on first use. */
void          wcc_server_acd_forget_agent   (WccServerAcd  *self,
                                             gint64         user_id);
gboolean      wcc_server_acd_remove_group   (WccServerAcd  *self,
                                             gint64         group_id,
                                             GError       **error);

/* The "agent.state" object of docs/api.md; NULL when @user_id is no agent of @client_id. */
JsonObject   *wcc_server_acd_agent_to_json  (WccServerAcd  *self,
                                             gint64         client_id,
                                             gint64         user_id);
/* The queue object (figures of "queue.updated") of a group. */
JsonObject   *wcc_server_acd_queue_to_json  (WccServerAcd  *self,
                                             const WccStoreQueue *queue);

/* The real-time monitor's side of the agents (R5): calls, quality, today's figures. */
WccServerMonitor *wcc_server_acd_get_monitor (WccServerAcd *self);

G_END_DECLS
