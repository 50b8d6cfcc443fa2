/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store.h: the server's SQLite database: schema migrations and every query. */
#pragma once

#include <glib-object.h>

#include "wcc-roles.h"

G_BEGIN_DECLS

#define WCC_TYPE_STORE (wcc_store_get_type ())
G_DECLARE_FINAL_TYPE (WccStore, wcc_store, WCC, STORE, GObject)

typedef struct {
  gint64    id;
  char     *name;          /* the short name in accounts: 1001@<name> */
  char     *display_name;
} WccStoreClient;

typedef struct {
  gint64    id;
  gint64    client_id;
  char     *client_name;
  char     *client_display_name;
  char     *employee_id;
  char     *surname;
  char     *given_name;
  WccRoles  roles;
  char     *password_hash;
  gboolean  has_avatar;
  gint64    version;
  gint64    updated_at;
  gboolean  disabled;      /* no login, no session (issue 9) */
} WccStoreUser;

typedef struct {
  gint64    group_id;
  char     *group_name;
  gint64    user_id;       /* 0 for a group without members */
  char     *employee_id;
  char     *surname;
  char     *given_name;
  gboolean  is_leader;
} WccStoreGroupMember;

typedef struct {
  gint64    id;
  gint64    user_id;
  gint64    client_id;
  gint64    expires_at;
} WccStoreSession;

void wcc_store_client_free        (WccStoreClient      *client);
void wcc_store_user_free          (WccStoreUser        *user);
void wcc_store_group_member_free  (WccStoreGroupMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreClient, wcc_store_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreUser, wcc_store_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreGroupMember, wcc_store_group_member_free)

int        wcc_store_latest_version      (void);
/* Opens (creating if needed) and migrates to the latest schema. */
WccStore  *wcc_store_open                (const char    *path,
                                          GError       **error);
/* Migrates no further than @max_version: for tests of upgrades. */
WccStore  *wcc_store_open_at_version     (const char    *path,
                                          int            max_version,
                                          GError       **error);
int        wcc_store_get_version         (WccStore      *self);
/* How many WAL checkpoints the store's own thread has run (they never run on the caller's
 * thread: their fsync would stall the main loop). */
guint      wcc_store_get_checkpoint_count (WccStore     *self);
const char *wcc_store_get_path           (WccStore      *self);

gboolean   wcc_store_begin               (WccStore      *self,
                                          GError       **error);
gboolean   wcc_store_commit              (WccStore      *self,
                                          GError       **error);
void       wcc_store_rollback            (WccStore      *self);

/* Clients (tenants) */
gint64          wcc_store_client_create  (WccStore      *self,
                                          const char    *name,
                                          const char    *display_name,
                                          GError       **error);
WccStoreClient *wcc_store_client_find    (WccStore      *self,
                                          const char    *name);

/* Users: every lookup but the login one is scoped to a client. */
gint64          wcc_store_user_create    (WccStore      *self,
                                          gint64         client_id,
                                          const char    *employee_id,
                                          const char    *surname,
                                          const char    *given_name,
                                          WccRoles       roles,
                                          const char    *password_hash,
                                          GError       **error);
WccStoreUser   *wcc_store_user_find_by_account (WccStore *self,
                                          const char    *client_name,
                                          const char    *employee_id);
WccStoreUser   *wcc_store_user_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* Users of @client_id with id > @after_id, at most @limit, by id. */
GPtrArray      *wcc_store_user_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         after_id,
                                          guint          limit);
/* NULL leaves a name as it is. @expected_version 0 skips the version check;
 * a mismatch fails with WCC_ERROR_VERSION_CONFLICT. */
gboolean        wcc_store_user_update    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *surname,
                                          const char    *given_name,
                                          const char    *password_hash,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_user_set_roles (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          WccRoles       roles,
                                          GError       **error);
gboolean        wcc_store_user_set_sip_ha1 (WccStore    *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *ha1,
                                          GError       **error);
/* @jpeg NULL removes the avatar. */
gboolean        wcc_store_user_set_avatar (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          GBytes        *jpeg,
                                          GError       **error);
GBytes         *wcc_store_user_get_avatar (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id);

/* Agent groups */
gint64          wcc_store_group_create   (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name,
                                          GError       **error);
gint64          wcc_store_group_find     (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name);
gboolean        wcc_store_group_add_member (WccStore    *self,
                                          gint64         client_id,
                                          gint64         group_id,
                                          gint64         user_id,
                                          gboolean       is_leader,
                                          GError       **error);
/* WCC_ERROR_NOT_FOUND when @user_id is not a member of the client's group. */
gboolean        wcc_store_group_remove_member (WccStore *self,
                                          gint64         client_id,
                                          gint64         group_id,
                                          gint64         user_id,
                                          GError       **error);
/* Rows of WccStoreGroupMember ordered by group name, then leaders first, then employee ID.
 * @user_id non-zero: only that user's own memberships. */
GPtrArray      *wcc_store_group_list_members (WccStore  *self,
                                          gint64         client_id,
                                          gint64         user_id);

/* Sessions: only a hash of each token is stored. */
gboolean        wcc_store_session_create (WccStore      *self,
                                          gint64         user_id,
                                          const char    *token_hash,
                                          gint64         expires_at,
                                          const char    *address,
                                          GError       **error);
gboolean        wcc_store_session_find   (WccStore      *self,
                                          const char    *token_hash,
                                          gint64         now,
                                          WccStoreSession *out);
gboolean        wcc_store_session_is_alive (WccStore    *self,
                                          gint64         session_id,
                                          gint64         now);
gboolean        wcc_store_session_delete (WccStore      *self,
                                          gint64         session_id);
guint           wcc_store_session_delete_for_user (WccStore *self,
                                          gint64         user_id,
                                          gint64         except_session_id);

/* Login attempts, locks and challenges (L2) */
/* What became of a login attempt; the numbers are stored. */
typedef enum {
  WCC_LOGIN_PENDING   = 0,  /* the password is being checked */
  WCC_LOGIN_FAILED    = 1,  /* wrong password (or unknown account) */
  WCC_LOGIN_REFUSED   = 2,  /* refused before any password check: missing or wrong challenge */
  WCC_LOGIN_SUCCEEDED = 3,
} WccLoginOutcome;

gint64          wcc_store_login_attempt_add (WccStore   *self,
                                          const char    *account,
                                          const char    *address,
                                          WccLoginOutcome outcome,
                                          gint64         at);
void            wcc_store_login_attempt_set_outcome (WccStore *self,
                                          gint64         attempt_id,
                                          WccLoginOutcome outcome);
/* Attempts of the account since @since and since its last success that did not succeed
 * (pending ones included); @checked_only leaves out those refused before a password check. */
guint           wcc_store_login_failures_for_account (WccStore *self,
                                          const char    *account,
                                          gint64         since,
                                          gboolean       checked_only);
/* Attempts from the address since @since that did not succeed. */
guint           wcc_store_login_failures_for_address (WccStore *self,
                                          const char    *address,
                                          gint64         since);
void            wcc_store_login_lock_set (WccStore      *self,
                                          const char    *account,
                                          gint64         until);
gint64          wcc_store_login_lock_get (WccStore      *self,
                                          const char    *account,
                                          gint64         now);
gboolean        wcc_store_challenge_add  (WccStore      *self,
                                          const char    *id,
                                          const char    *answer,
                                          GBytes        *png,
                                          gint64         expires_at,
                                          GError       **error);
GBytes         *wcc_store_challenge_get_image (WccStore *self,
                                          const char    *id,
                                          gint64         now);
/* Marks the challenge used and returns its answer; NULL when unknown, used or expired. */
char           *wcc_store_challenge_take (WccStore      *self,
                                          const char    *id,
                                          gint64         now);

/* Audit log */
void            wcc_store_audit          (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *action,
                                          const char    *detail,
                                          const char    *address);
guint           wcc_store_audit_count    (WccStore      *self,
                                          const char    *action);

/* Is there a session of @user_id that has not expired at @now? */
gboolean        wcc_store_session_exists_for_user (WccStore *self,
                                          gint64         user_id,
                                          gint64         now);

/* Queues (wcc-store-calls.c): an agent group with its queue number and ACD settings. */
typedef struct {
  gint64    id;
  gint64    client_id;
  char     *name;
  char     *queue_number;                /* NULL: the group takes no direct calls */
  guint     ring_timeout;                /* seconds */
  guint     missed_offers_before_pause;  /* 0: never auto-pause */
  int       after_call_work;             /* seconds; -1: until the agent is Ready */
  guint     service_level;               /* seconds */
  gint64    version;                     /* of the group: its name, members and settings */
} WccStoreQueue;

void wcc_store_queue_free (WccStoreQueue *queue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreQueue, wcc_store_queue_free)

/* Every group of @client_id (0: of every client) by name. */
GPtrArray      *wcc_store_queue_list     (WccStore      *self,
                                          gint64         client_id);
WccStoreQueue  *wcc_store_queue_find     (WccStore      *self,
                                          gint64         client_id,
                                          gint64         group_id);
/* What a queue's records say of the calls offered to it since @since (µs): how many
 * entered, were answered, ended unanswered, and were answered within @service_level
 * seconds of their offer. The ACD's day figures after a restart. */
typedef struct {
  guint inbound;
  guint answered;
  guint abandoned;
  guint answered_in_service_level;
} WccStoreQueueFigures;

void            wcc_store_queue_figures_since (WccStore  *self,
                                          gint64         group_id,
                                          gint64         since,
                                          guint          service_level,
                                          WccStoreQueueFigures *out_figures);
/* For the SIP dial plan: the group whose queue number @number is. */
WccStoreQueue  *wcc_store_queue_find_by_number (WccStore *self,
                                          gint64         client_id,
                                          const char    *number);
/* Writes queue_number and the settings of @queue (found by its id and client_id). A queue
 * number taken by another group of the client fails with WCC_ERROR_CONFLICT; a @queue
 * version other than the group's (when not 0) with WCC_ERROR_VERSION_CONFLICT. */
gboolean        wcc_store_queue_update   (WccStore      *self,
                                          const WccStoreQueue *queue,
                                          GError       **error);

/* Pause reasons: a list per client. One of them is the automatic "no answer" pause of the
 * ACD (created when missing); agents cannot choose it themselves. */
typedef struct {
  gint64    id;
  gint64    client_id;
  char     *label;
  int       position;
  gboolean  automatic;
  gint64    version;
} WccStorePauseReason;

void wcc_store_pause_reason_free (WccStorePauseReason *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStorePauseReason, wcc_store_pause_reason_free)

/* By position, then id. */
GPtrArray      *wcc_store_pause_reason_list (WccStore   *self,
                                          gint64         client_id);
WccStorePauseReason *wcc_store_pause_reason_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         reason_id);
gint64          wcc_store_pause_reason_create (WccStore *self,
                                          gint64         client_id,
                                          const char    *label,
                                          int            position,
                                          GError       **error);
/* The id of the client's automatic ("no answer") reason; 0 only when it cannot be made. */
gint64          wcc_store_pause_reason_get_automatic (WccStore *self,
                                          gint64         client_id);

/* Agents: users with the agent role, and what of their state outlives a restart. */
typedef struct {
  gint64    user_id;
  gint64    client_id;
  gint64    pause_reason_id;   /* 0: not paused when last seen */
} WccStoreAgent;

/* Of @client_id (0: of every client), by id; an array of WccStoreAgent. */
GArray         *wcc_store_agent_list     (WccStore      *self,
                                          gint64         client_id);
/* The agent, or FALSE when @user_id is no agent of @client_id. */
gboolean        wcc_store_agent_find     (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          WccStoreAgent *out_agent);
void            wcc_store_agent_set_pause_reason (WccStore *self,
                                          gint64         user_id,
                                          gint64         pause_reason_id);
/* S16: the groups the agent is signed in to, sorted (gint64 elements). */
GArray         *wcc_store_agent_get_sign_ins (WccStore  *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* Replaces the sign-ins; each group must be one the agent is a member of
 * (WCC_ERROR_FORBIDDEN otherwise, and nothing changes). */
gboolean        wcc_store_agent_set_sign_ins (WccStore  *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const gint64  *group_ids,
                                          guint          n_groups,
                                          GError       **error);
/* Is @user_id a leader of @group_id? */
gboolean        wcc_store_group_is_leader (WccStore     *self,
                                          gint64         group_id,
                                          gint64         user_id);

/* Call records (wcc-store-calls.c), written by the SIP layer as the call goes: a row at the
 * offer, updates at the answer and the end, so a crash loses nothing already written.
 * Times are µs since 1970, UTC (g_get_real_time ()). The record's id is the call's id
 * everywhere, in the ACD too. */
typedef enum {
  WCC_CALL_INBOUND,     /* from outside (a trunk, a public queue number) */
  WCC_CALL_OUTBOUND,    /* from an agent to the outside */
  WCC_CALL_INTERNAL,    /* agent to agent */
} WccCallRecordDirection;

typedef enum {
  WCC_CALL_SIDE_NONE,
  WCC_CALL_SIDE_CALLER,   /* the caller's leg (the A side) */
  WCC_CALL_SIDE_CALLEE,   /* a leg towards the called party: an agent's device, a number */
  WCC_CALL_SIDE_SERVER,   /* the server ended it (no agent, restart, error) */
} WccCallSide;

/* The hang-up reason of records a crash left open, closed at the next start. */
#define WCC_CALL_REASON_SERVER_RESTART "server restart"

typedef struct {
  gint64       id;
  gint64       call_id;
  WccCallSide  side;           /* CALLER or CALLEE */
  gint64       user_id;        /* the agent whose device it is; 0 for outside parties */
  char        *peer_uri;
  char        *number;
  char        *device;         /* the device's description (User-Agent, contact) */
  gint64       started_at;
  gint64       answered_at;    /* 0: not answered */
  gint64       ended_at;       /* 0: still up */
  int          status;         /* its final SIP status; 0 when none */
} WccStoreCallLeg;

typedef struct {
  gint64            id;
  gint64            client_id;
  WccCallRecordDirection  direction;
  char             *from_number;
  char             *to_number;
  char             *customer_number;   /* NULL for internal calls */
  gint64            group_id;          /* 0: not a queue call */
  gint64            agent_id;          /* the agent who took it; 0: none (yet) */
  gint64            offered_at;
  gint64            answered_at;       /* 0: not answered */
  gint64            ended_at;          /* 0: still going */
  char             *hangup_reason;     /* NULL while going */
  WccCallSide       hangup_side;
  gint64            task_id;           /* 0: none attached */
  gint64            customer_id;       /* 0: none attached */
  gint64            version;
  GPtrArray        *legs;              /* of WccStoreCallLeg, by id; filled by _find only */
} WccStoreCall;

void wcc_store_call_leg_free (WccStoreCallLeg *leg);
void wcc_store_call_free     (WccStoreCall    *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreCall, wcc_store_call_free)

const char     *wcc_call_direction_to_string (WccCallRecordDirection direction);
/* NULL for WCC_CALL_SIDE_NONE. */
const char     *wcc_call_side_to_string  (WccCallSide    side);

/* A new call at its offer; the customer number is @from for inbound calls and @to for
 * outbound ones. @group_id: the queue it enters, 0 for none. Returns the call id, 0 on error. */
gint64          wcc_store_call_create    (WccStore      *self,
                                          gint64         client_id,
                                          WccCallRecordDirection direction,
                                          const char    *from_number,
                                          const char    *to_number,
                                          gint64         group_id,
                                          gint64         offered_at,
                                          GError       **error);
/* The same, with the row written behind: the id is given at once and the row is written
 * from an idle of low priority, before any other query of calls or transaction, or by
 * wcc_store_call_flush (). The B2BUA's way: no write between an INVITE and its fork. */
gint64          wcc_store_call_create_later (WccStore   *self,
                                          gint64         client_id,
                                          WccCallRecordDirection direction,
                                          const char    *from_number,
                                          const char    *to_number,
                                          gint64         group_id,
                                          gint64         offered_at);
/* Writes the call records queued by the _later functions now (errors are logged). */
void            wcc_store_call_flush     (WccStore      *self);
/* The call entered a queue after it began (0 takes it out of any). */
gboolean        wcc_store_call_set_group (WccStore      *self,
                                          gint64         call_id,
                                          gint64         group_id,
                                          GError       **error);
/* The agent who takes (or, after a transfer, now has) the call. */
gboolean        wcc_store_call_set_agent (WccStore      *self,
                                          gint64         call_id,
                                          gint64         agent_id,
                                          GError       **error);
/* The first answer counts; later ones (a transfer) leave it. */
gboolean        wcc_store_call_set_answered (WccStore   *self,
                                          gint64         call_id,
                                          gint64         answered_at,
                                          GError       **error);
/* A leg of the call: the caller's, or one towards a device or number. Returns its id. */
gint64          wcc_store_call_add_leg   (WccStore      *self,
                                          gint64         call_id,
                                          WccCallSide    side,
                                          gint64         user_id,
                                          const char    *peer_uri,
                                          const char    *number,
                                          const char    *device,
                                          gint64         started_at,
                                          GError       **error);
/* The same, written behind (see wcc_store_call_create_later ()). */
gint64          wcc_store_call_add_leg_later (WccStore  *self,
                                          gint64         call_id,
                                          WccCallSide    side,
                                          gint64         user_id,
                                          const char    *peer_uri,
                                          const char    *number,
                                          const char    *device,
                                          gint64         started_at);
gboolean        wcc_store_call_leg_set_answered (WccStore *self,
                                          gint64         leg_id,
                                          gint64         answered_at,
                                          GError       **error);
/* @status: the final SIP status of the leg (200 for one that was up, 487 cancelled, …). */
gboolean        wcc_store_call_leg_end   (WccStore      *self,
                                          gint64         leg_id,
                                          gint64         ended_at,
                                          int            status,
                                          GError       **error);
/* Ends the call and every leg still up. A call already ended fails with
 * WCC_ERROR_CONFLICT and keeps its first end. */
gboolean        wcc_store_call_end       (WccStore      *self,
                                          gint64         call_id,
                                          gint64         ended_at,
                                          const char    *hangup_reason,
                                          WccCallSide    hangup_side,
                                          GError       **error);
/* Attaches a task and a customer (C22, D5): for each, -1 leaves it, 0 detaches, > 0 sets.
 * @expected_version 0 skips the version check (WCC_ERROR_VERSION_CONFLICT on a mismatch). */
gboolean        wcc_store_call_attach    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         call_id,
                                          gint64         task_id,
                                          gint64         customer_id,
                                          gint64         expected_version,
                                          GError       **error);
/* Ends every call (and leg) still open at @ended_at, on the server's side with @reason.
 * The server does it at start: calls do not survive a restart. Returns how many. */
guint           wcc_store_call_close_open (WccStore     *self,
                                          gint64         ended_at,
                                          const char    *reason);
/* With its legs; NULL when not a call of @client_id. */
WccStoreCall   *wcc_store_call_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         call_id);
/* Calls of @client_id with id < @before_id (0: from the newest), newest first, at most
 * @limit, without their legs. @user_id 0: every call; else the calls that user took or has
 * a leg in, and with @with_led_groups also the calls of the groups they lead. */
GPtrArray      *wcc_store_call_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gboolean       with_led_groups,
                                          gint64         before_id,
                                          guint          limit);

/* The real-time monitor (R5, issue 9): what agents did today. */
typedef struct {
  gint64  agent_id;
  guint   calls;        /* answered calls the agent took, ended since @since */
  gint64  talk_time;    /* µs from their answers to their ends */
} WccStoreAgentDay;

/* The agents of @client_id with calls answered at or after @since (µs) and ended, by
 * agent id; @agent_id non-zero: only that agent's row (when they have calls). An array of
 * WccStoreAgentDay. */
GArray         *wcc_store_call_agent_days (WccStore     *self,
                                          gint64         client_id,
                                          gint64         agent_id,
                                          gint64         since);
/* Who watches @agent_id on the monitor: the client admins of @client_id and the leaders
 * of the groups the agent is a member of; sorted user ids, each once. */
GArray         *wcc_store_agent_watchers  (WccStore     *self,
                                          gint64         client_id,
                                          gint64         agent_id);

/* Call recordings (C15): the row saying a call's recording file is kept. */
typedef struct {
  gint64  call_id;
  gint64  size;          /* bytes */
  gint64  duration;      /* seconds; 0: not given */
  gint64  uploaded_by;   /* 0: a user since removed */
  gint64  uploaded_at;   /* Unix seconds */
} WccStoreCallRecording;

/* FALSE when the call of @client_id has no recording. */
gboolean        wcc_store_call_recording_find (WccStore  *self,
                                          gint64         client_id,
                                          gint64         call_id,
                                          WccStoreCallRecording *out);
/* Adds or replaces the row of @recording->call_id, a call of @client_id
 * (WCC_ERROR_NOT_FOUND when it is not one). */
gboolean        wcc_store_call_recording_save (WccStore  *self,
                                          gint64         client_id,
                                          const WccStoreCallRecording *recording,
                                          GError       **error);

/* Idempotency keys (wcc-store-idempotency.c): the answer to a write a client may retry,
 * per user and key; a retry with the same key and request gets the same answer. */
#define WCC_IDEMPOTENCY_KEEP_SECONDS 86400

typedef enum {
  WCC_IDEMPOTENCY_NEW,            /* claimed: run the request, then complete or forget */
  WCC_IDEMPOTENCY_DONE,           /* answered before: replay *out_answer */
  WCC_IDEMPOTENCY_IN_PROGRESS,    /* the same request is running now */
  WCC_IDEMPOTENCY_OTHER_REQUEST,  /* the key was used for a different request */
} WccIdempotencyClaim;

typedef struct {
  char   *fingerprint;
  guint   status;
  char   *content_type;
  GBytes *body;
} WccStoreIdempotentAnswer;

void wcc_store_idempotent_answer_free (WccStoreIdempotentAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreIdempotentAnswer, wcc_store_idempotent_answer_free)

/* @fingerprint names the request (method, path, body digest). */
WccIdempotencyClaim wcc_store_idempotency_claim (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *key,
                                          const char    *fingerprint,
                                          gint64         now,
                                          WccStoreIdempotentAnswer **out_answer);
/* Keeps the answer; a 5xx is not kept (the retry runs again). */
void            wcc_store_idempotency_complete (WccStore  *self,
                                          gint64         user_id,
                                          const char    *key,
                                          guint          status,
                                          const char    *content_type,
                                          GBytes        *body);
/* Drops a claim whose request never answered (the client went away). */
void            wcc_store_idempotency_forget (WccStore   *self,
                                          gint64         user_id,
                                          const char    *key);
void            wcc_store_idempotency_purge (WccStore    *self,
                                          gint64         before);
/* At start: requests that were running when the last process died never answered; their
 * claims go, so that the clients' retries run. Returns how many. */
guint           wcc_store_idempotency_forget_unfinished (WccStore *self);

/* Housekeeping: drops expired sessions, challenges, locks and day-old attempts. */
void            wcc_store_purge          (WccStore      *self,
                                          gint64         now);

/* SIP (wcc-store-sip.c): the registrar's digest accounts and bindings. Times are Unix
 * seconds; a binding whose expires_at has passed is ignored everywhere and purged. */
typedef struct {
  gint64    client_id;
  gint64    user_id;
  gboolean  has_ha1;       /* FALSE: the user has no SIP password and cannot register */
  char      ha1[33];       /* MD5(employee-id:client:password), lower-case hex */
  gint64    session_id;    /* set by the registrar: the desktop session whose password
                            * matched; 0 for the extension's */
} WccStoreSipAccount;

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    user_id;
  char     *contact;       /* the contact URI as registered: "sip:…;transport=tcp" */
  char     *source;        /* where the REGISTER came from: "udp:127.0.0.1:5070" */
  char     *user_agent;
  char     *call_id;
  guint32   cseq;
  gint64    expires_at;
  gint64    updated_at;
} WccStoreSipBinding;

/* One contact of a REGISTER. */
typedef struct {
  const char *contact;     /* NULL: every binding of the agent (Contact: *) */
  guint       expires;     /* seconds from now; 0 removes */
  gint64      session_id;  /* the desktop session whose password registered it (the binding
                            * ends with the session); 0: the extension's password */
} WccStoreSipContact;

/* Registrations of one agent (live bindings). */
typedef struct {
  gint64    client_id;
  gint64    user_id;
  guint     count;
} WccStoreSipCount;

typedef void (*WccStoreSipBindingFunc) (const char *contact,
                                        gint64      expires_at,
                                        gpointer    user_data);

void wcc_store_sip_binding_free (WccStoreSipBinding *binding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreSipBinding, wcc_store_sip_binding_free)

/* The user @employee_id of the client named @client_name; FALSE when there is none (or
 * the user is disabled: their phones cannot register). */
gboolean        wcc_store_sip_account_find (WccStore    *self,
                                          const char    *client_name,
                                          const char    *employee_id,
                                          WccStoreSipAccount *out);
/* Gives session @session_id of @user_id the SIP password whose HA1 is @ha1 (replacing any
 * earlier one of the session). */
gboolean        wcc_store_session_set_sip_ha1 (WccStore  *self,
                                          gint64         session_id,
                                          gint64         user_id,
                                          const char    *ha1,
                                          GError       **error);
/* A desktop session's SIP password, as the registrar checks it. */
typedef struct {
  gint64    session_id;
  char      ha1[33];
} WccStoreSipSessionKey;

/* The keys of @user_id's sessions alive at @now that have a SIP password, newest first
 * (an array of WccStoreSipSessionKey). */
GArray         *wcc_store_sip_session_keys (WccStore    *self,
                                          gint64         user_id,
                                          gint64         now);
/* Applies the contacts of one REGISTER together (RFC 3261 §10.3 step 7) and lists what
 * the agent has bound then (@func may be NULL; *@out_count: how many), in one transaction.
 * Fails with WCC_ERROR_CONFLICT, changing nothing, when a live binding concerned already
 * holds @call_id with a CSeq not lower than @cseq (a request out of order). */
gboolean        wcc_store_sip_register   (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const WccStoreSipContact *contacts,
                                          guint          n_contacts,
                                          const char    *call_id,
                                          guint32        cseq,
                                          const char    *source,
                                          const char    *user_agent,
                                          gint64         now,
                                          WccStoreSipBindingFunc func,
                                          gpointer       user_data,
                                          guint         *out_count,
                                          GError       **error);
/* Calls @func (may be NULL) for each live binding of the agent, the latest added first,
 * without copying; returns how many there are. */
guint           wcc_store_sip_binding_foreach (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         now,
                                          WccStoreSipBindingFunc func,
                                          gpointer       user_data);
/* The live bindings of the agent, the latest added first (of WccStoreSipBinding). */
GPtrArray      *wcc_store_sip_binding_list (WccStore    *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         now);
/* Every agent with a live binding and how many (of WccStoreSipCount). */
GArray         *wcc_store_sip_registered_agents (WccStore *self,
                                          gint64         now);
/* Drops the expired bindings; returns the agents who lost some, with what they have left
 * (of WccStoreSipCount). */
GArray         *wcc_store_sip_binding_purge (WccStore   *self,
                                          gint64         now);

/* Customers (wcc-store-customers.c): set-up data (C1, C16, C21), customers (C3, C5), the
 * task pools and ownership (C2, C4, C24). Times are Unix seconds. Every query takes the
 * caller's client. */
typedef enum {
  WCC_FUNNEL_SUCCESS,
  WCC_FUNNEL_FAIL,
  WCC_FUNNEL_FOLLOW_UP,
} WccFunnelStage;

/* Which calls a call result may be chosen for (C16). */
typedef enum {
  WCC_RESULT_CALL_ANY,
  WCC_RESULT_CALL_ANSWERED,
  WCC_RESULT_CALL_UNANSWERED,
} WccCallResultState;

/* The API's names: "success", "fail", "follow_up"; "any", "answered", "unanswered". A
 * name not in the list: FALSE. */
const char     *wcc_funnel_stage_to_string      (WccFunnelStage      stage);
gboolean        wcc_funnel_stage_from_string    (const char         *text,
                                                 WccFunnelStage     *out);
const char     *wcc_call_result_state_to_string (WccCallResultState  state);
gboolean        wcc_call_result_state_from_string (const char       *text,
                                                 WccCallResultState *out);

typedef struct {
  gint64    id;
  gint64    client_id;
  char     *name;
  char     *fields_json;      /* the custom field definitions: a JSON array */
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStorePackage;

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    package_id;
  char     *name;
  int       after_call_work;  /* seconds; 0: none */
  gboolean  history_manual;   /* C15: contact history loads on refresh only */
  gint64    questionnaire_id; /* C18; 0: none */
  GArray   *group_ids;        /* gint64, sorted */
  GArray   *call_result_ids;  /* gint64, sorted */
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStoreTask;

typedef struct {
  gint64          id;
  gint64          client_id;
  char           *label;
  WccFunnelStage  funnel;
  WccCallResultState    call_state;
  int             position;
  gint64          version;
} WccStoreCallResult;

typedef struct {
  gint64    id;
  gint64    client_id;
  char     *name;
  gint64    version;
} WccStoreTag;

typedef struct {
  char     *number;           /* as typed */
  char     *normalized;       /* digits, with a leading + kept: what lookups match */
} WccStoreCustomerPhone;

typedef struct {
  gint64     id;
  gint64     client_id;
  gint64     package_id;
  gint64     task_id;         /* 0: not in a task (unassigned) */
  gint64     owner_id;        /* 0: in the task's pool */
  char      *task_name;       /* filled by reads */
  char      *company;
  char      *surname;
  char      *given_name;
  char      *surname_phonetic;    /* kana or pinyin */
  char      *given_name_phonetic;
  char      *email;
  char      *address;
  char      *custom_json;     /* a JSON object, checked against the package's fields */
  GPtrArray *phones;          /* of WccStoreCustomerPhone, in order */
  GArray    *tag_ids;         /* gint64, sorted */
  gint64     dial_count;
  gint64     last_contact_at; /* 0: never */
  gint64     version;
  gint64     created_at;
  gint64     updated_at;
} WccStoreCustomer;

/* Who asks: what customers they may see depends on it. */
typedef struct {
  gint64    user_id;
  gboolean  admin;            /* client admin: the whole client */
  gboolean  leader;           /* also the customers of the agents of the groups they lead */
} WccStoreViewer;

typedef enum {
  WCC_CUSTOMER_SORT_ID,
  WCC_CUSTOMER_SORT_COMPANY,
  WCC_CUSTOMER_SORT_NAME,
  WCC_CUSTOMER_SORT_DIAL_COUNT,
  WCC_CUSTOMER_SORT_LAST_CONTACT,
  WCC_CUSTOMER_SORT_UPDATED,
  WCC_CUSTOMER_N_SORTS,
} WccCustomerSort;

typedef struct {
  gint64           owner_id;     /* > 0 that owner; 0 any the viewer sees; -1 the pools */
  gint64           task_id;      /* 0: any */
  gint64           tag_id;       /* 0: any */
  const char      *prefix;       /* NULL, or the start of the company or a name field */
  const char      *phone;        /* NULL, or a normalized full number */
  gint64           package_id;   /* 0: any (C20) */
  gboolean         pending;      /* only those without a contact record yet (C19) */
  const char      *funnel;       /* NULL, or the funnel stage of their last record (C20) */
  gint64           call_result_id; /* 0: any; else the call result of their last record (C1) */
  gint64           dials_below;  /* 0: any; else only those dialled fewer times (C25) */
  gint64           contacted_before; /* 0: any; else never contacted or last before (C25) */
  WccCustomerSort  sort;
  gboolean         descending;
  guint            offset;
  guint            limit;
} WccStoreCustomerQuery;

void wcc_store_package_free        (WccStorePackage       *package);
void wcc_store_task_free           (WccStoreTask          *task);
void wcc_store_call_result_free    (WccStoreCallResult    *result);
void wcc_store_tag_free            (WccStoreTag           *tag);
void wcc_store_customer_phone_free (WccStoreCustomerPhone *phone);
void wcc_store_customer_free       (WccStoreCustomer      *customer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStorePackage, wcc_store_package_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTask, wcc_store_task_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreCallResult, wcc_store_call_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTag, wcc_store_tag_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreCustomer, wcc_store_customer_free)

WccStoreTask     *wcc_store_task_new     (void);
WccStoreCustomer *wcc_store_customer_new (void);
/* Appends a phone with its normalized form. */
void            wcc_store_customer_add_phone (WccStoreCustomer *customer,
                                          const char    *number,
                                          const char    *normalized);

/* Set-up data. Creates return the id (0 on error); a taken name fails with
 * WCC_ERROR_CONFLICT. Updates write every field of the record given and fail with
 * WCC_ERROR_VERSION_CONFLICT when @expected_version is not the stored one (0 skips the
 * check), WCC_ERROR_NOT_FOUND when the record is not one of @client_id. Deleting a package
 * that has tasks or customers, or a task that has customers, fails with WCC_ERROR_CONFLICT.
 * Lists give the records with id > @after_id, by id, at most @limit. */
gint64          wcc_store_package_create (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name,
                                          const char    *fields_json,
                                          GError       **error);
gboolean        wcc_store_package_update (WccStore      *self,
                                          const WccStorePackage *package,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_package_delete (WccStore      *self,
                                          gint64         client_id,
                                          gint64         package_id,
                                          GError       **error);
WccStorePackage *wcc_store_package_find  (WccStore      *self,
                                          gint64         client_id,
                                          gint64         package_id);
GPtrArray      *wcc_store_package_list   (WccStore      *self,
                                          gint64         client_id,
                                          gint64         after_id,
                                          guint          limit);
/* The groups and call results must be the client's (WCC_ERROR_NOT_FOUND otherwise). */
gint64          wcc_store_task_create    (WccStore      *self,
                                          const WccStoreTask *task,
                                          GError       **error);
gboolean        wcc_store_task_update    (WccStore      *self,
                                          const WccStoreTask *task,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_task_delete    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          GError       **error);
WccStoreTask   *wcc_store_task_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id);
/* @package_id 0: every package; @member_id non-zero: only tasks of the groups they are in. */
GPtrArray      *wcc_store_task_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         package_id,
                                          gint64         member_id,
                                          gint64         after_id,
                                          guint          limit);
/* Is @user_id a member of one of the task's groups? */
gboolean        wcc_store_task_has_member (WccStore     *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          gint64         user_id);
gint64          wcc_store_call_result_create (WccStore  *self,
                                          const WccStoreCallResult *result,
                                          GError       **error);
gboolean        wcc_store_call_result_update (WccStore  *self,
                                          const WccStoreCallResult *result,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_call_result_delete (WccStore  *self,
                                          gint64         client_id,
                                          gint64         result_id,
                                          GError       **error);
WccStoreCallResult *wcc_store_call_result_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         result_id);
/* By position, then id. @task_id non-zero: the results bound to that task. @call_state
 * ANSWERED or UNANSWERED: the results that may be chosen for such a call (theirs and
 * "any"); ANY: all. */
GPtrArray      *wcc_store_call_result_list (WccStore    *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          WccCallResultState   call_state);
gint64          wcc_store_tag_create     (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name,
                                          GError       **error);
gboolean        wcc_store_tag_update     (WccStore      *self,
                                          const WccStoreTag *tag,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_tag_delete     (WccStore      *self,
                                          gint64         client_id,
                                          gint64         tag_id,
                                          GError       **error);
WccStoreTag    *wcc_store_tag_find       (WccStore      *self,
                                          gint64         client_id,
                                          gint64         tag_id);
GPtrArray      *wcc_store_tag_list       (WccStore      *self,
                                          gint64         client_id);

/* Customers. Create writes the customer with its phones and tags (the task, if any, must
 * be of its package; tags of its client) and returns its id; inside a transaction the
 * caller opened it joins it (the generator writes many in one). Update writes the data
 * fields, phones and tags, not the package, task or owner. */
gint64          wcc_store_customer_create (WccStore     *self,
                                          const WccStoreCustomer *customer,
                                          GError       **error);
gboolean        wcc_store_customer_update (WccStore     *self,
                                          const WccStoreCustomer *customer,
                                          gint64         expected_version,
                                          GError       **error);
WccStoreCustomer *wcc_store_customer_find (WccStore     *self,
                                          gint64         client_id,
                                          gint64         customer_id);
/* Agents see the pools of the tasks of their groups, their own customers, those of the
 * calls they are or were on and those they have an appointment with (C17, D2); leaders
 * also the customers of the agents of the groups they lead; client admins the whole
 * client. */
gboolean        wcc_store_customer_is_visible (WccStore *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          gint64         customer_id);
/* Where a customer is: its task and owner (0: none). */
typedef struct {
  gint64 id;
  gint64 task_id;
  gint64 owner_id;
} WccStoreCustomerPlace;
/* The places of those of @ids that are the client's, ordered by task, owner, id. */
GArray         *wcc_store_customer_places (WccStore      *self,
                                          gint64         client_id,
                                          const gint64  *ids,
                                          guint          n_ids);
/* Who may see any of the customers at @places (read by wcc_store_customer_places(), now or
 * before a change): wcc_store_customer_is_visible() the other way round — the owners, the
 * members of the tasks' groups for customers in a pool, the leaders of the owners' groups,
 * the client admins, and, as the tables are now, the users of the customers' calls and of
 * appointments with them. Sorted user ids of the client, each once; for routing events. */
GArray         *wcc_store_customer_audience (WccStore    *self,
                                          gint64         client_id,
                                          const WccStoreCustomerPlace *places,
                                          guint          n_places);
/* A user who may see a customer. */
typedef struct {
  gint64 user_id;
  gint64 customer_id;
} WccStoreCustomerViewer;
/* As wcc_store_customer_audience(), customer by customer: who may see which of the
 * customers at @places, sorted by user then customer, each pair once. */
GArray         *wcc_store_customer_audience_pairs (WccStore *self,
                                          gint64         client_id,
                                          const WccStoreCustomerPlace *places,
                                          guint          n_places);
/* The customers with a phone whose normalized form is @normalized that @viewer sees. */
GPtrArray      *wcc_store_customer_find_by_phone (WccStore *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          const char    *normalized,
                                          guint          limit);
GPtrArray      *wcc_store_customer_list  (WccStore      *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          const WccStoreCustomerQuery *query);
/* For exports: the customers of @package_id and @task_id (0: any) that @viewer sees, by id
 * after @after_id. */
GPtrArray      *wcc_store_customer_list_after (WccStore *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          gint64         package_id,
                                          gint64         task_id,
                                          gint64         after_id,
                                          guint          limit);
/* The task's pool: its customers without an owner, by id after @after_id. */
GPtrArray      *wcc_store_pool_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          gint64         after_id,
                                          guint          limit);
/* C2: gives @user_id those of @ids still in the task's pool, in one transaction.
 * @out_grabbed: now theirs; @out_taken: in the task but owned by someone (else);
 * @out_missing: not in the task (or not of the client). gint64 arrays. */
gboolean        wcc_store_pool_grab      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          gint64         user_id,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          GArray        *out_grabbed,
                                          GArray        *out_taken,
                                          GArray        *out_missing,
                                          GError       **error);
/* C24: back to their task's pool, those of @ids that @viewer may release: their own; a
 * leader's agents'; any for an admin. The rest go to @out_missing. */
gboolean        wcc_store_customer_release (WccStore    *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          GArray        *out_released,
                                          GArray        *out_missing,
                                          GError       **error);
/* R3, D2: gives those of @ids that @viewer may reassign to the agent @to_agent, in one
 * transaction: owned customers (of @from_agent only, unless 0) whose owner the viewer leads
 * (any owner for an admin), other than @to_agent, and whose task @to_agent works on (a
 * member of one of its groups), or that have no task. Appointments follow ownership (C4).
 * The rest go to @out_missing. */
gboolean        wcc_store_customer_reassign (WccStore   *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          gint64         from_agent,
                                          gint64         to_agent,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          GArray        *out_moved,
                                          GArray        *out_missing,
                                          GError       **error);
/* C4: moves customers of the task's package into @task_id (0: out of any task), in one
 * transaction. A customer entering a task keeps its owner when the owner is then a member
 * of the task; otherwise another agent of the task gets it (the one with the fewest
 * customers in it, then the lowest id), or, with none, the pool. Customers already in the
 * task, or leaving to no task, keep their owner. @out_missing: not of the client, or of
 * another package. */
gboolean        wcc_store_customer_move  (WccStore      *self,
                                          gint64         client_id,
                                          gint64         task_id,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          GArray        *out_moved,
                                          GArray        *out_missing,
                                          GError       **error);

/* Customer notes (C9). A pop-up warning is pending until a reviewer approves or rejects
 * it; only approved ones are shown at the screen pop. */
typedef enum {
  WCC_NOTE_NORMAL,
  WCC_NOTE_PINNED,
  WCC_NOTE_WARNING,
} WccNoteKind;

typedef enum {
  WCC_REVIEW_NONE,            /* not a warning */
  WCC_REVIEW_PENDING,
  WCC_REVIEW_APPROVED,
  WCC_REVIEW_REJECTED,
} WccReviewState;

typedef struct {
  gint64          id;
  gint64          client_id;
  gint64          customer_id;
  gint64          author_id;        /* 0: the author was deleted */
  WccNoteKind     kind;
  char           *text;
  WccReviewState  review_state;
  gint64          reviewer_id;      /* 0: not reviewed */
  char           *review_reason;
  gint64          reviewed_at;      /* 0: not reviewed */
  gint64          version;
  gint64          created_at;
  gint64          updated_at;
} WccStoreNote;

void wcc_store_note_free (WccStoreNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreNote, wcc_store_note_free)

/* A new note of the customer (of @client_id, else WCC_ERROR_NOT_FOUND); a warning starts
 * pending. Returns its id, 0 on error. */
gint64          wcc_store_note_create    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gint64         author_id,
                                          WccNoteKind    kind,
                                          const char    *text,
                                          GError       **error);
/* Writes the kind and text (not of warnings: the caller checks). Version conflicts and
 * missing notes as for the set-up data. */
gboolean        wcc_store_note_update    (WccStore      *self,
                                          const WccStoreNote *note,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_note_delete    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         note_id,
                                          GError       **error);
WccStoreNote   *wcc_store_note_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         note_id);
/* The customer's notes, pinned first, then newest first; @offset and @limit page them.
 * @approved_warnings_only: only the warnings in effect (the screen pop's). */
GPtrArray      *wcc_store_note_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gboolean       approved_warnings_only,
                                          guint          offset,
                                          guint          limit);
/* May @user_id review @author_id's warnings: a leader of a group the author is in. (The
 * client admin may review every one: the caller checks the role.) */
gboolean        wcc_store_user_leads_user (WccStore     *self,
                                          gint64         client_id,
                                          gint64         leader_id,
                                          gint64         user_id);
/* Approves or rejects a pending warning; WCC_ERROR_CONFLICT when it is not one (any more). */
gboolean        wcc_store_note_review    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         note_id,
                                          gint64         reviewer_id,
                                          gboolean       approve,
                                          const char    *reason,
                                          GError       **error);

/* Contact records (C15, wcc-store-customers.c): what came of a contact with a customer. */
typedef struct {
  gint64          id;
  gint64          client_id;
  gint64          customer_id;
  gint64          author_id;
  gint64          call_result_id;
  char           *result_label;
  WccFunnelStage  funnel;          /* the result's, when the record was made */
  gboolean        answered;        /* the call's state */
  char           *note;
  gint64          call_id;         /* 0: none */
  gint64          ticket_id;       /* 0: none (C15: the ticket saved while the tab was open) */
  gint64          next_contact_at; /* Unix seconds; 0: none */
  gint64          created_at;
  char           *answers_json;    /* C18: {"question id": value}, "{}" for none */
  gboolean        has_recording;   /* its call has a recording (C15) */
} WccStoreContactRecord;

void wcc_store_contact_record_free (WccStoreContactRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreContactRecord, wcc_store_contact_record_free)

/* Checks the result against the call's state (C16), stores the record with the result's
 * funnel stage, counts the contact on the customer (dial count, last contact) and links a
 * call not yet about anyone to the customer — in one transaction. @ticket_id (0: none)
 * must be a ticket of the customer (else WCC_ERROR_INVALID_FIELD). */
gint64          wcc_store_contact_record_create (WccStore *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gint64         author_id,
                                          gint64         call_result_id,
                                          gboolean       answered,
                                          const char    *note,
                                          gint64         call_id,
                                          gint64         ticket_id,
                                          gint64         next_contact_at,
                                          GError       **error);
/* Newest first; @before_id 0: from the newest. */
GPtrArray      *wcc_store_contact_record_list (WccStore   *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gint64         before_id,
                                          guint          limit);
/* R3: the records @author_id saved, about any customer, likewise. */
GPtrArray      *wcc_store_contact_record_list_by_author (WccStore *self,
                                          gint64         client_id,
                                          gint64         author_id,
                                          gint64         before_id,
                                          guint          limit);

G_END_DECLS

#include "wcc-store-tickets.h"
#include "wcc-store-lists.h"
#include "wcc-store-approvals.h"
#include "wcc-store-questionnaires.h"
#include "wcc-store-import.h"
#include "wcc-store-notifications.h"
#include "wcc-store-todos.h"
#include "wcc-store-announcements.h"
#include "wcc-store-chat.h"
#include "wcc-store-knowledge.h"
#include "wcc-store-audit.h"
#include "wcc-store-reports.h"
