/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-session.h: the logged-in agent's session: client, event stream, state, offline-safe writes. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-client.h"
#include "wcc-event-stream.h"
#include "wcc-outbox.h"

G_BEGIN_DECLS

typedef enum {
  WCC_CONNECTION_ONLINE,        /* the event stream is connected */
  WCC_CONNECTION_RECONNECTING,  /* not connected yet or dropped; the server was not found
                                 * unreachable (yet) */
  WCC_CONNECTION_OFFLINE,       /* the server cannot be reached; writes wait in the outbox */
} WccConnection;

typedef enum {
  WCC_AGENT_STATE_UNKNOWN,      /* not read yet */
  WCC_AGENT_STATE_OFFLINE,      /* no registered phone (or logged out of the queues) */
  WCC_AGENT_STATE_READY,
  WCC_AGENT_STATE_PAUSE,
  WCC_AGENT_STATE_RINGING,
  WCC_AGENT_STATE_ON_CALL,
  WCC_AGENT_STATE_AFTER_CALL_WORK,
} WccAgentState;

typedef enum {
  WCC_STATE_CHANGE_READY,
  WCC_STATE_CHANGE_PAUSE,                  /* needs a pause reason id */
  WCC_STATE_CHANGE_PAUSE_AFTER_CALL,       /* needs a pause reason id */
  WCC_STATE_CHANGE_CANCEL_PAUSE_AFTER_CALL,
} WccStateChange;

typedef enum {
  WCC_WRITE_APPLIED,   /* the server took it */
  WCC_WRITE_QUEUED,    /* it waits in the outbox and goes when the server is back */
} WccWriteOutcome;

#define WCC_TYPE_CONNECTION  (wcc_connection_get_type ())
#define WCC_TYPE_AGENT_STATE (wcc_agent_state_get_type ())
GType wcc_connection_get_type  (void) G_GNUC_CONST;
GType wcc_agent_state_get_type (void) G_GNUC_CONST;

const char    *wcc_agent_state_to_string   (WccAgentState  state);
WccAgentState  wcc_agent_state_from_string (const char    *name);

#define WCC_TYPE_SESSION (wcc_session_get_type ())
G_DECLARE_FINAL_TYPE (WccSession, wcc_session, WCC, SESSION, GObject)

/* Properties (read-only, notified on change):
 *   "client" WccClient, "event-stream" WccEventStream, "user" WccUser
 *   "connection"         WccConnection
 *   "pending-changes"    uint: writes waiting in the outbox
 *   "agent-state"        WccAgentState
 *   "pause-reason"       string (label) or NULL; "pause-reason-id" int64 (0: none)
 *   "pause-after-call"   string (label) or NULL: "pause after this call" is asked
 *   "after-call-work-until" int64 Unix seconds, 0 when not in after-call work
 *   "phones"             uint: the agent's registered SIP devices, as the server counts them
 *   "signed-in-groups"   GArray of gint64 group ids (boxed); see also "member-of"
 *   "member-of"          GListModel of WccGroup: the groups the agent may sign in to
 *   "queue-waiting"      uint: callers waiting in the queues of the agent's groups
 *   "queue-inbound"      uint: calls into the queues of the agent's groups today (D1)
 * The phone account is not part of the session (the API layer does not use the phone
 * library): the application owns it, and the server's view of it is "phones".
 *
 * Signals:
 *   agent-state-changed (WccAgentState old, WccAgentState new): from the event stream or a
 *       write's answer;
 *   call-ringing (gint64 call_id, const char *from, const char *direction, gint64 group_id):
 *       the agent's phones ring (the desktop pops the customer before answering);
 *   call-answered (gint64 call_id, const char *from);
 *   call-ended (gint64 call_id, const char *reason);
 *   write-failed (const char *method, const char *path, GError *error, WccRefusedWrite
 *       *write): the server refused (4xx) a write that had gone to the outbox (or whose
 *       callback was cancelled); it is kept in the outbox's refused writes (@write: its
 *       body and the server's reason; NULL only if it could not be stored) until the agent
 *       dismisses it (wcc_outbox_dismiss_refused()). The window connects this once and
 *       tells the agent. A write refused at once gives its error to its own callback
 *       instead and is not kept;
 *   write-applied (const char *idempotency_key, const char *method, const char *path,
 *       JsonNode *answer): the server applied a write whose callback had said queued (it
 *       waited in the outbox); @answer is its JSON answer (NULL when empty; for a retried
 *       write that the server had already applied, the first answer again). Match it to
 *       the write with wcc_session_write_get_idempotency_key();
 *   session-ended (): the token is no longer valid (logout elsewhere, expiry, reset); the
 *       outbox keeps its writes for the next session of this account on this server. */

/* @client must be logged in. @outbox_path NULL: wcc_outbox_default_path() for the client's
 * server and account. Fails when the outbox cannot be opened. */
WccSession      *wcc_session_new                (WccClient     *client,
                                                 const char    *outbox_path,
                                                 GError       **error);

/* Connects the event stream, reads the agent's state, groups and queues, and sends what
 * waits in the outbox. */
void             wcc_session_start              (WccSession    *self);
/* Stops the stream and sending; the outbox keeps what waits. */
void             wcc_session_stop               (WccSession    *self);

WccClient       *wcc_session_get_client         (WccSession    *self);
WccEventStream  *wcc_session_get_event_stream   (WccSession    *self);
WccOutbox       *wcc_session_get_outbox         (WccSession    *self);
WccUser         *wcc_session_get_user           (WccSession    *self);
WccConnection    wcc_session_get_connection     (WccSession    *self);
guint            wcc_session_get_pending_changes (WccSession   *self);
WccAgentState    wcc_session_get_agent_state    (WccSession    *self);
const char      *wcc_session_get_pause_reason   (WccSession    *self);
gint64           wcc_session_get_pause_reason_id (WccSession   *self);
const char      *wcc_session_get_pause_after_call (WccSession  *self);
gint64           wcc_session_get_after_call_work_until (WccSession *self);
guint            wcc_session_get_phones         (WccSession    *self);
const GArray    *wcc_session_get_signed_in_groups (WccSession  *self);
gboolean         wcc_session_is_signed_in       (WccSession    *self,
                                                 gint64         group_id);
GListModel      *wcc_session_get_member_of      (WccSession    *self);
guint            wcc_session_get_queue_waiting  (WccSession    *self);
guint            wcc_session_get_queue_inbound  (WccSession    *self);

/* Reads the agent's state, groups and queues again (done by itself after a resync). */
void             wcc_session_reload             (WccSession    *self);

/* Writes. Each is stored in the outbox with a fresh Idempotency-Key before it is sent, and
 * sent in order with that key until the server answers: a 2xx applies it, a 4xx refuses it
 * (the callback's error, or "write-failed" and kept as refused once the callback has had
 * its answer), no answer
 * (unreachable, timeout, 5xx, 429) keeps it. The callback comes after the first try, or at
 * once when earlier writes still wait; finish with wcc_session_write_finish().
 * @callback may be NULL. */
void             wcc_session_set_state_async    (WccSession          *self,
                                                 WccStateChange       change,
                                                 gint64               reason_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Signs in to exactly @group_ids (@n_groups 0: out of all). */
void             wcc_session_set_groups_async   (WccSession          *self,
                                                 const gint64        *group_ids,
                                                 guint                n_groups,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Any write of the API: @method "POST", "PUT", "PATCH" or "DELETE"; @path "/api/v1/…";
 * @body a JSON object or NULL, without secrets (see wcc_outbox_push()). */
void             wcc_session_queue_write_async  (WccSession          *self,
                                                 const char          *method,
                                                 const char          *path,
                                                 JsonNode            *body,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The Idempotency-Key of the write of @result (its outbox entry's): what "write-applied"
 * names when a queued write is applied later. NULL when it could not be stored. Valid
 * until @result is freed. */
const char      *wcc_session_write_get_idempotency_key (WccSession   *self,
                                                 GAsyncResult        *result);
/* TRUE when the write was applied or is queued (@out_outcome says which); @out_answer (may
 * be NULL) gets the server's JSON answer of an applied write (NULL for an empty one). */
gboolean         wcc_session_write_finish       (WccSession          *self,
                                                 GAsyncResult        *result,
                                                 WccWriteOutcome     *out_outcome,
                                                 JsonNode           **out_answer,
                                                 GError             **error);

G_END_DECLS
