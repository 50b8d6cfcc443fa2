/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-acd.h: the call queues and agent states (ACD) as a pure state machine, driven by the SIP layer. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How long (µs) a call an agent declined is kept from them. */
#define WCC_ACD_DECLINE_BACKOFF ((gint64) 30 * G_USEC_PER_SEC)

/*
 * Time is injected. Every call that changes something takes @now, monotonic microseconds
 * (g_get_monotonic_time () in the server, a plain counter in tests); a value earlier than
 * one already seen counts as that one. The ACD reads no clock and adds no GSource. Its
 * timers (ring timeouts, after-call work) are deadlines: each entry point first fires those
 * due at or before @now, each one *at its own deadline* (in deadline order), so what happens
 * never depends on how late or how often the owner calls in. The owner keeps one main-loop
 * timeout armed for wcc_acd_next_deadline (), re-arms it on "deadline-changed", and calls
 * wcc_acd_advance () from it. Queries (get_info, figures) only read: they fire nothing.
 *
 * Outputs are signals, emitted after the entry point has finished changing the state, in
 * the order things happened. A handler may call back into the ACD; what that causes is
 * emitted after whatever was already pending, so observers always see one ordered story.
 *
 *   "offer-call"          (gint64 call_id, gint64 agent_id)
 *       Ring every device of the agent for this queue call. The offer ends exactly once:
 *       either the SIP layer reports wcc_acd_offer_answered (), or "cancel-offer" comes.
 *   "cancel-offer"        (gint64 call_id, gint64 agent_id, int WccAcdCancelReason)
 *       Stop ringing that agent's devices. Also emitted for offers the SIP layer itself
 *       reported declined, so that one handler cleans up every leg still ringing.
 *   "agent-state-changed" (gint64 agent_id, int old WccAcdAgentState, int new WccAcdAgentState,
 *                          int WccAcdCause, const char *pause_reason)
 *       @pause_reason is set when the new state is Pause (also when only the reason changed).
 *   "queue-changed"       (gint64 group_id)
 *       The group's waiting calls or figures changed; at most once per group per entry point.
 *   "deadline-changed"    (gint64 deadline)
 *       wcc_acd_next_deadline () has a new value.
 *
 * Agent state is derived, never stored apart from its causes, so it cannot get stuck:
 *   Offline          not logged in, or logged in without any registered device
 *   On call          on at least one call (queue or direct)
 *   Ringing          a queue call is being offered to the agent
 *   After-call work  after a queue call, for the group's time or until the agent is Ready
 *   Pause            the agent (or a "no answer" auto-pause) asked for it, with a reason
 *   Ready            otherwise: the only state in which queue calls are offered
 * (the first that applies wins). Logging in makes an agent Ready only once a device is
 * registered: until then they stay Offline, and setting Ready is refused with an error.
 * Losing the last registration makes the agent Offline at once; a ringing offer is cancelled
 * and the call offered again. A call the agent is on stays known until the SIP layer, which
 * ends it, reports it ended.
 *
 * Routing: the longest-waiting call of a client (across its groups) goes first, to the Ready
 * agent signed in to the call's group who has been idle longest. "Idle since" is when the
 * agent last became Ready: after a call (or its after-call work), after a pause, on logging
 * in or registering, and after an offer that ended unanswered (so a missed call moves on
 * to the next agent). An agent who declined a call is not offered that call again for
 * WCC_ACD_DECLINE_BACKOFF, while it goes to anyone else who can take it; after that it may
 * come back to them (a caller whom only they can take does not wait for good).
 *
 * Calls are identified by the SIP layer's ids (64-bit, unique per server), agents by user
 * id, groups by agent-group id; agents and groups belong to one client (tenant).
 */

typedef enum {
  WCC_ACD_AGENT_OFFLINE,
  WCC_ACD_AGENT_READY,
  WCC_ACD_AGENT_PAUSE,
  WCC_ACD_AGENT_RINGING,
  WCC_ACD_AGENT_ON_CALL,
  WCC_ACD_AGENT_AFTER_CALL_WORK,
} WccAcdAgentState;

/* Why an agent's state changed. */
typedef enum {
  WCC_ACD_CAUSE_AGENT,         /* the agent or the API: log in/out, Ready, Pause, sign-ins */
  WCC_ACD_CAUSE_REGISTRATION,  /* a device registered, or the last one went away */
  WCC_ACD_CAUSE_OFFERED,       /* a queue call rings the agent */
  WCC_ACD_CAUSE_NO_ANSWER,     /* the ring timeout passed */
  WCC_ACD_CAUSE_DECLINED,      /* the agent's phone refused the call */
  WCC_ACD_CAUSE_CALLER_GONE,   /* the caller hung up while it rang */
  WCC_ACD_CAUSE_ANSWERED,
  WCC_ACD_CAUSE_CALL_STARTED,  /* a direct (non-queue) call */
  WCC_ACD_CAUSE_CALL_ENDED,
  WCC_ACD_CAUSE_AFTER_CALL_WORK_OVER,
  WCC_ACD_CAUSE_REMOVED,       /* the agent was removed from the ACD */
} WccAcdCause;

typedef enum {
  WCC_ACD_CANCEL_RING_TIMEOUT,
  WCC_ACD_CANCEL_DECLINED,
  WCC_ACD_CANCEL_CALLER_GONE,
  WCC_ACD_CANCEL_AGENT_UNAVAILABLE,  /* paused, logged out, unregistered, signed out, busy */
} WccAcdCancelReason;

typedef enum {
  WCC_ACD_CALL_WAITING,
  WCC_ACD_CALL_OFFERED,     /* ringing an agent; still in the queue */
  WCC_ACD_CALL_CONNECTED,   /* answered; out of the queue until it ends */
} WccAcdCallState;

/* The reason of the automatic pause after missed offers. */
#define WCC_ACD_PAUSE_NO_ANSWER "no answer"

/* after_call_work: no after-call work (0), seconds (> 0), or until the agent is Ready. */
#define WCC_ACD_AFTER_CALL_WORK_UNTIL_READY (-1)

typedef struct {
  guint ring_timeout;                 /* seconds an offer rings before the next agent: 1 to 3600 */
  guint missed_offers_before_pause;   /* consecutive unanswered offers; 0: never auto-pause */
  int   after_call_work;              /* up to 86400; see WCC_ACD_AFTER_CALL_WORK_UNTIL_READY */
  guint service_level;                /* seconds: answered within this counts in the figure */
} WccAcdGroupSettings;

/* Counters run from the last wcc_acd_reset_figures () ("today"); the rest is now. */
typedef struct {
  guint  waiting;                     /* callers not answered yet, being offered or not */
  gint64 longest_wait;                /* µs the longest of them has waited; 0 when none */
  guint  inbound;                     /* calls that entered the queue */
  guint  answered;
  guint  abandoned;                   /* callers who hung up before an agent answered */
  guint  answered_in_service_level;
} WccAcdGroupFigures;

/* Strings are the ACD's own, valid until the next call that changes it. */
typedef struct {
  gint64            agent_id;
  gint64            client_id;
  WccAcdAgentState  state;
  gboolean          logged_in;
  guint             registrations;            /* registered devices (bindings) */
  const char       *pause_reason;             /* while paused, even underneath a call; else NULL */
  const char       *pause_after_call;         /* the reason when "pause after this call" is set */
  guint             missed_offers;            /* consecutive, reset on answering or Ready */
  gint64            idle_since;               /* when the agent last became Ready */
  gint64            offered_call_id;          /* 0 unless Ringing */
  guint             calls;                    /* calls the agent is on */
  gint64            current_call_id;          /* the latest of them; 0 when none */
  gint64            after_call_work_until;    /* 0: none; G_MAXINT64: until Ready */
} WccAcdAgentInfo;

typedef struct {
  gint64           call_id;
  gint64           group_id;
  const char      *caller;
  WccAcdCallState  state;
  guint            position;       /* 1 = next in its group's queue; 0 once connected */
  gint64           enqueued_at;
  gint64           wait;           /* µs from entering the queue to the answer, or to now */
  gint64           agent_id;       /* ringing or connected agent; 0 when waiting */
} WccAcdCallInfo;

#define WCC_TYPE_ACD (wcc_acd_get_type ())
G_DECLARE_FINAL_TYPE (WccAcd, wcc_acd, WCC, ACD, GObject)

WccAcd     *wcc_acd_new                  (void);

/* The earliest pending deadline (µs), G_MAXINT64 when nothing is pending. */
gint64      wcc_acd_next_deadline        (WccAcd                    *self);
/* Fires every timer due at or before @now. */
void        wcc_acd_advance              (WccAcd                    *self,
                                          gint64                     now);

/* Groups (queues). */
gboolean    wcc_acd_group_add            (WccAcd                    *self,
                                          gint64                     client_id,
                                          gint64                     group_id,
                                          const WccAcdGroupSettings *settings,
                                          GError                   **error);
/* New settings apply to offers and calls ending from now on. */
gboolean    wcc_acd_group_set_settings   (WccAcd                    *self,
                                          gint64                     group_id,
                                          const WccAcdGroupSettings *settings,
                                          GError                   **error);
gboolean    wcc_acd_group_get_settings   (WccAcd                    *self,
                                          gint64                     group_id,
                                          WccAcdGroupSettings       *out_settings,
                                          GError                   **error);
/* Refused while callers wait in it; signs every agent out of it. */
gboolean    wcc_acd_group_remove         (WccAcd                    *self,
                                          gint64                     group_id,
                                          GError                   **error);
gboolean    wcc_acd_group_get_figures    (WccAcd                    *self,
                                          gint64                     group_id,
                                          gint64                     now,
                                          WccAcdGroupFigures        *out_figures,
                                          GError                   **error);
/* The ids of the calls not answered yet, next first (gint64 elements). */
GArray     *wcc_acd_group_dup_queue      (WccAcd                    *self,
                                          gint64                     group_id,
                                          GError                   **error);
/* Sets the counters of @group_id (inbound, answered, abandoned, answered in service level of
 * @figures; the rest is ignored): what the records say of today, after a restart. */
gboolean    wcc_acd_group_restore_figures (WccAcd                   *self,
                                          gint64                     group_id,
                                          const WccAcdGroupFigures  *figures,
                                          GError                   **error);
/* Zeroes the counters of every group of @client_id (the owner calls it at midnight). */
void        wcc_acd_reset_figures        (WccAcd                    *self,
                                          gint64                     client_id);

/* Agents. A new agent is logged out, unregistered and signed in to no group. */
gboolean    wcc_acd_agent_add            (WccAcd                    *self,
                                          gint64                     client_id,
                                          gint64                     agent_id,
                                          GError                   **error);
/* Cancels its offer; calls it is on stay known until they end. */
gboolean    wcc_acd_agent_remove         (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* From the registrar: how many devices (bindings) the agent has now. */
gboolean    wcc_acd_agent_set_registrations (WccAcd                 *self,
                                          gint64                     agent_id,
                                          guint                      registrations,
                                          gint64                     now,
                                          GError                   **error);
/* Logging in wants Ready (the default, S1); it is Ready once a device is registered. */
gboolean    wcc_acd_agent_log_in         (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* Offline; cancels an offer, ends after-call work and pauses; keeps the group sign-ins. */
gboolean    wcc_acd_agent_log_out        (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* Ends a pause or after-call work, and clears "pause after this call". Refused unless the
 * agent is logged in with a registered device. */
gboolean    wcc_acd_agent_set_ready      (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* Needs a login and a reason. Cancels a ringing offer and ends after-call work; on a call it
 * takes effect after it (and its after-call work). Only the reason changing is an event too. */
gboolean    wcc_acd_agent_set_pause      (WccAcd                    *self,
                                          gint64                     agent_id,
                                          const char                *reason,
                                          gint64                     now,
                                          GError                   **error);
/* "Pause after this call": when the agent is free again (after the call and its after-call
 * work, or a ringing offer ending unanswered) they go to Pause with @reason instead of
 * Ready. @reason NULL clears it. Refused when the agent has no call, offer or after-call work. */
gboolean    wcc_acd_agent_set_pause_after_call (WccAcd              *self,
                                          gint64                     agent_id,
                                          const char                *reason,
                                          gint64                     now,
                                          GError                   **error);
/* S16: the groups the agent takes calls from (replaces the set; none signs out of all).
 * Groups must belong to the agent's client. A ringing offer from a group left is cancelled. */
gboolean    wcc_acd_agent_set_groups     (WccAcd                    *self,
                                          gint64                     agent_id,
                                          const gint64              *group_ids,
                                          guint                      n_groups,
                                          gint64                     now,
                                          GError                   **error);
/* Sorted group ids (gint64 elements). */
GArray     *wcc_acd_agent_dup_groups     (WccAcd                    *self,
                                          gint64                     agent_id,
                                          GError                   **error);
gboolean    wcc_acd_agent_get_info       (WccAcd                    *self,
                                          gint64                     agent_id,
                                          WccAcdAgentInfo           *out_info,
                                          GError                   **error);
/* A call that does not come from a queue (agent to agent, outbound, a direct inbound call)
 * makes the agent busy: a ringing offer is cancelled. Its end brings no after-call work. */
gboolean    wcc_acd_agent_call_started   (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     call_id,
                                          gint64                     now,
                                          GError                   **error);
gboolean    wcc_acd_agent_call_ended     (WccAcd                    *self,
                                          gint64                     agent_id,
                                          gint64                     call_id,
                                          gint64                     now,
                                          GError                   **error);

/* Queue calls, from the SIP layer. */
gboolean    wcc_acd_call_enqueue         (WccAcd                    *self,
                                          gint64                     call_id,
                                          gint64                     group_id,
                                          const char                *caller,
                                          gint64                     now,
                                          GError                   **error);
/* A device of the agent answered. Refused when the offer is no longer current (it timed
 * out or was cancelled first): the SIP layer then hangs up that leg. */
gboolean    wcc_acd_offer_answered       (WccAcd                    *self,
                                          gint64                     call_id,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* The agent's phone refused the call (486, 603, or every device failed). It counts as a
 * missed offer, and the call is not offered to that agent again. */
gboolean    wcc_acd_offer_declined       (WccAcd                    *self,
                                          gint64                     call_id,
                                          gint64                     agent_id,
                                          gint64                     now,
                                          GError                   **error);
/* The call is over, whichever side hung up: waiting or ringing, it counts as abandoned (and
 * the offer is cancelled); connected, the agent goes to after-call work (or Ready, or Pause).
 * A queue call the agent transferred away ends here too, as far as the ACD is concerned. */
gboolean    wcc_acd_call_end             (WccAcd                    *self,
                                          gint64                     call_id,
                                          gint64                     now,
                                          GError                   **error);
gboolean    wcc_acd_call_get_info        (WccAcd                    *self,
                                          gint64                     call_id,
                                          gint64                     now,
                                          WccAcdCallInfo            *out_info,
                                          GError                   **error);

/* Wire names (snake_case) for events and the API. */
const char *wcc_acd_agent_state_to_string   (WccAcdAgentState   state);
const char *wcc_acd_cause_to_string         (WccAcdCause        cause);
const char *wcc_acd_cancel_reason_to_string (WccAcdCancelReason reason);
const char *wcc_acd_call_state_to_string    (WccAcdCallState    state);

G_END_DECLS
