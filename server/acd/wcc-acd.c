/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-acd.c: the call queues and agent states (ACD) as a pure state machine, driven by the SIP layer. */
#define G_LOG_DOMAIN "wcc-acd"

#include <glib/gi18n-lib.h>

#include "wcc-acd.h"
#include "wcc-error.h"

enum {
  SIGNAL_OFFER_CALL,
  SIGNAL_CANCEL_OFFER,
  SIGNAL_AGENT_STATE_CHANGED,
  SIGNAL_QUEUE_CHANGED,
  SIGNAL_DEADLINE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  gint64     client_id;
  GQueue     calls;      /* of Call not answered yet, oldest first: the routing order */
  GPtrArray *agents;     /* of Agent, borrowed */
} Tenant;

typedef struct {
  gint64               group_id;
  Tenant              *tenant;
  WccAcdGroupSettings  settings;
  GQueue               calls;   /* of Call not answered yet, oldest first: the positions */
  guint                inbound;
  guint                answered;
  guint                abandoned;
  guint                answered_in_service_level;
} Group;

/* Small on purpose: what another host would need to take the call over. */
typedef struct {
  gint64           call_id;
  gint64           group_id;
  Tenant          *tenant;
  char            *caller;
  WccAcdCallState  state;
  gint64           enqueued_at;
  gint64           answered_at;
  gint64           agent_id;      /* ringing or connected agent; 0: none */
  GArray          *declined_by;   /* Declined; NULL until an agent declines */
  GList           *tenant_link;   /* in tenant->calls while not answered */
  GList           *group_link;    /* in the group's calls while not answered */
} Call;

/* An agent declined the call: not offered to them again before @until (monotonic µs), so
 * that a caller whom nobody else can take is offered again instead of waiting for good. */
typedef struct {
  gint64 agent_id;
  gint64 until;
} Declined;

typedef struct {
  gint64            agent_id;
  Tenant           *tenant;
  WccAcdAgentState  state;              /* as last announced */
  gboolean          logged_in;
  guint             registrations;
  gboolean          paused;
  char             *pause_reason;
  char             *pause_after_call;   /* its reason; NULL when not asked */
  guint             missed_offers;
  gint64            idle_since;
  guint64           idle_order;         /* grows with idle_since; breaks its ties */
  Call             *offer;              /* the queue call ringing this agent */
  GArray           *calls;              /* ids of the calls the agent is on */
  gboolean          in_after_call_work;
  /* One timer at most: the ring timeout while there is an offer, else the end of
   * after-call work (an agent in after-call work is never offered a call). */
  GSequenceIter    *timer;
  gint64            timer_deadline;
  GArray           *groups;             /* signed-in group ids, sorted */
} Agent;

typedef enum {
  EVENT_OFFER_CALL,
  EVENT_CANCEL_OFFER,
  EVENT_AGENT_STATE,
  EVENT_QUEUE,
} EventKind;

typedef struct {
  EventKind  kind;
  gint64     id;          /* the call (offer, cancel), agent (state) or group (queue) */
  gint64     agent_id;
  int        old_state;
  int        new_state;
  int        detail;      /* WccAcdCancelReason or WccAcdCause */
  char      *pause_reason;
} Event;

struct _WccAcd
{
  GObject     parent_instance;
  gint64      now;
  GHashTable *tenants;   /* client id → Tenant */
  GHashTable *groups;    /* group id → Group */
  GHashTable *agents;    /* agent id → Agent */
  GHashTable *calls;     /* call id → Call: queue calls until they end */
  GSequence  *timers;    /* of Agent, by deadline */
  guint64     idle_counter;
  GQueue      pending;   /* of Event, not emitted yet */
  gboolean    emitting;
  gint64      announced_deadline;
};

G_DEFINE_FINAL_TYPE (WccAcd, wcc_acd, G_TYPE_OBJECT)

static void
tenant_free (Tenant *tenant)
{
  g_queue_clear (&tenant->calls);
  g_ptr_array_unref (tenant->agents);
  g_free (tenant);
}

static void
group_free (Group *group)
{
  g_queue_clear (&group->calls);
  g_free (group);
}

static void
call_free (Call *call)
{
  g_free (call->caller);
  g_clear_pointer (&call->declined_by, g_array_unref);
  g_free (call);
}

static void
agent_free (Agent *agent)
{
  g_free (agent->pause_reason);
  g_free (agent->pause_after_call);
  g_array_unref (agent->calls);
  g_array_unref (agent->groups);
  g_free (agent);
}

static void
event_free (Event *event)
{
  g_free (event->pause_reason);
  g_free (event);
}

static gboolean
id_array_contains (GArray *ids,
                   gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static gboolean
id_array_remove (GArray *ids,
                 gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        g_array_remove_index (ids, i);
        return TRUE;
      }
  return FALSE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  return compare_ids (&((const Group *) a)->group_id, &((const Group *) b)->group_id);
}

/* Lookups: unknown ids are mistakes of the caller, said plainly. */

static Tenant *
get_tenant (WccAcd *self,
            gint64  client_id)
{
  Tenant *tenant = g_hash_table_lookup (self->tenants, &client_id);

  if (tenant == NULL)
    {
      tenant = g_new0 (Tenant, 1);
      tenant->client_id = client_id;
      g_queue_init (&tenant->calls);
      tenant->agents = g_ptr_array_new ();
      g_hash_table_insert (self->tenants, &tenant->client_id, tenant);
    }
  return tenant;
}

static gpointer
lookup (GHashTable  *table,
        const char  *what,
        gint64       id,
        GError     **error)
{
  gpointer found = g_hash_table_lookup (table, &id);

  if (found == NULL)
    g_set_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND,
                 "No %s %" G_GINT64_FORMAT " in the call queues", what, id);
  return found;
}

static Group *
lookup_group (WccAcd  *self,
              gint64   group_id,
              GError **error)
{
  return lookup (self->groups, "agent group", group_id, error);
}

static Agent *
lookup_agent (WccAcd  *self,
              gint64   agent_id,
              GError **error)
{
  return lookup (self->agents, "agent", agent_id, error);
}

static Call *
lookup_call (WccAcd  *self,
             gint64   call_id,
             GError **error)
{
  return lookup (self->calls, "queue call", call_id, error);
}

/* The offer of @call_id to @agent_id, if it is still current. */
static Call *
lookup_offer (WccAcd  *self,
              gint64   call_id,
              gint64   agent_id,
              GError **error)
{
  Call *call = lookup_call (self, call_id, error);

  if (call != NULL && (call->state != WCC_ACD_CALL_OFFERED || call->agent_id != agent_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Call %" G_GINT64_FORMAT " is not being offered to agent %" G_GINT64_FORMAT,
                   call_id, agent_id);
      return NULL;
    }
  return call;
}

static gboolean
check_settings (const WccAcdGroupSettings *settings,
                GError                   **error)
{
  if (settings->ring_timeout < 1 || settings->ring_timeout > 3600)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("The ring timeout must be 1 to 3600 seconds"));
      return FALSE;
    }
  if (settings->after_call_work < WCC_ACD_AFTER_CALL_WORK_UNTIL_READY
      || settings->after_call_work > 24 * 3600)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("After-call work must be none, up to a day, or until the agent is Ready"));
      return FALSE;
    }
  return TRUE;
}

/* Events wait in self->pending until the entry point is done. */

static Event *
queue_event (WccAcd    *self,
             EventKind  kind,
             gint64     id)
{
  Event *event = g_new0 (Event, 1);

  event->kind = kind;
  event->id = id;
  g_queue_push_tail (&self->pending, event);
  return event;
}

static void
queue_offer_event (WccAcd             *self,
                   EventKind           kind,
                   Call               *call,
                   gint64              agent_id,
                   WccAcdCancelReason  reason)
{
  Event *event = queue_event (self, kind, call->call_id);

  event->agent_id = agent_id;
  event->detail = reason;
}

static void
queue_changed (WccAcd *self,
               gint64  group_id)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Event *event = l->data;
      if (event->kind == EVENT_QUEUE && event->id == group_id)
        return;
    }
  queue_event (self, EVENT_QUEUE, group_id);
}

static void
emit_event (WccAcd *self,
            Event  *event)
{
  switch (event->kind)
    {
    case EVENT_OFFER_CALL:
      g_signal_emit (self, signals[SIGNAL_OFFER_CALL], 0, event->id, event->agent_id);
      break;
    case EVENT_CANCEL_OFFER:
      g_signal_emit (self, signals[SIGNAL_CANCEL_OFFER], 0, event->id, event->agent_id,
                     event->detail);
      break;
    case EVENT_AGENT_STATE:
      g_signal_emit (self, signals[SIGNAL_AGENT_STATE_CHANGED], 0, event->id,
                     event->old_state, event->new_state, event->detail, event->pause_reason);
      break;
    case EVENT_QUEUE:
      g_signal_emit (self, signals[SIGNAL_QUEUE_CHANGED], 0, event->id);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Emits what is pending, oldest first. A handler calling back in only adds to the queue
 * that the outermost call is emptying, so the order stays the order things happened. */
static void
emit_pending (WccAcd *self)
{
  if (self->emitting)
    return;
  self->emitting = TRUE;
  g_object_ref (self);
  for (;;)
    {
      Event *event = g_queue_pop_head (&self->pending);

      if (event != NULL)
        {
          emit_event (self, event);
          event_free (event);
        }
      else if (wcc_acd_next_deadline (self) != self->announced_deadline)
        {
          self->announced_deadline = wcc_acd_next_deadline (self);
          g_signal_emit (self, signals[SIGNAL_DEADLINE_CHANGED], 0, self->announced_deadline);
        }
      else
        break;
    }
  self->emitting = FALSE;
  g_object_unref (self);
}

/* Timers. */

static int
compare_timers (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Agent *x = a, *y = b;

  if (x->timer_deadline != y->timer_deadline)
    return x->timer_deadline < y->timer_deadline ? -1 : 1;
  return (x->agent_id > y->agent_id) - (x->agent_id < y->agent_id);
}

static void
agent_clear_timer (Agent *agent)
{
  if (agent->timer != NULL)
    g_sequence_remove (agent->timer);
  agent->timer = NULL;
  agent->timer_deadline = 0;
}

static void
agent_set_timer (WccAcd *self,
                 Agent  *agent,
                 gint64  deadline)
{
  agent_clear_timer (agent);
  agent->timer_deadline = deadline;
  agent->timer = g_sequence_insert_sorted (self->timers, agent, compare_timers, NULL);
}

/* Agent state. */

static gboolean
agent_is_busy (Agent *agent)
{
  return agent->calls->len > 0 || agent->offer != NULL || agent->in_after_call_work;
}

static WccAcdAgentState
agent_compute_state (Agent *agent)
{
  if (!agent->logged_in || agent->registrations == 0)
    return WCC_ACD_AGENT_OFFLINE;
  if (agent->calls->len > 0)
    return WCC_ACD_AGENT_ON_CALL;
  if (agent->offer != NULL)
    return WCC_ACD_AGENT_RINGING;
  if (agent->in_after_call_work)
    return WCC_ACD_AGENT_AFTER_CALL_WORK;
  if (agent->paused)
    return WCC_ACD_AGENT_PAUSE;
  return WCC_ACD_AGENT_READY;
}

static void
queue_agent_event (WccAcd           *self,
                   Agent            *agent,
                   WccAcdAgentState  old_state,
                   WccAcdCause       cause)
{
  Event *event = queue_event (self, EVENT_AGENT_STATE, agent->agent_id);

  event->old_state = old_state;
  event->new_state = agent->state;
  event->detail = cause;
  if (agent->state == WCC_ACD_AGENT_PAUSE)
    event->pause_reason = g_strdup (agent->pause_reason);
}

static void
agent_pause (Agent      *agent,
             const char *reason)
{
  g_assert (reason != NULL);
  agent->paused = TRUE;
  if (agent->pause_reason != reason)
    {
      g_free (agent->pause_reason);
      agent->pause_reason = g_strdup (reason);
    }
}

static void
agent_unpause (Agent *agent)
{
  agent->paused = FALSE;
  g_clear_pointer (&agent->pause_reason, g_free);
}

/* Every change of an agent ends here: it settles "pause after this call", works out the
 * state from its causes and announces a change. */
static void
agent_update (WccAcd      *self,
              Agent       *agent,
              WccAcdCause  cause)
{
  WccAcdAgentState old_state = agent->state;

  if (agent->pause_after_call != NULL && !agent_is_busy (agent))
    {
      /* An automatic "no answer" pause keeps its reason: it says more. */
      if (!agent->paused)
        agent_pause (agent, agent->pause_after_call);
      g_clear_pointer (&agent->pause_after_call, g_free);
    }
  agent->state = agent_compute_state (agent);
  if (agent->state == old_state)
    return;
  if (agent->state == WCC_ACD_AGENT_READY)
    {
      agent->idle_since = self->now;
      agent->idle_order = ++self->idle_counter;
    }
  queue_agent_event (self, agent, old_state, cause);
}

static void
agent_end_after_call_work (Agent *agent)
{
  if (agent->in_after_call_work)
    agent_clear_timer (agent);
  agent->in_after_call_work = FALSE;
}

static void
agent_start_after_call_work (WccAcd *self,
                             Agent  *agent,
                             Group  *group)
{
  int seconds = group != NULL ? group->settings.after_call_work : 0;

  g_assert (agent->offer == NULL);
  if (seconds == 0 || !agent->logged_in)
    return;
  agent->in_after_call_work = TRUE;
  if (seconds > 0)
    agent_set_timer (self, agent, self->now + (gint64) seconds * G_USEC_PER_SEC);
  else
    agent_clear_timer (agent);
}

/* Offers. */

static void
call_unlink (Call  *call,
             Group *group)
{
  g_queue_delete_link (&call->tenant->calls, call->tenant_link);
  call->tenant_link = NULL;
  if (group != NULL)
    g_queue_delete_link (&group->calls, call->group_link);
  call->group_link = NULL;
}

static void
offer (WccAcd *self,
       Call   *call,
       Agent  *agent)
{
  Group *group = g_hash_table_lookup (self->groups, &call->group_id);

  /* A Ready agent's only timer is the wake-up for a call they declined (dispatch ()): the
   * ring timeout takes its place. */
  g_assert (group != NULL && agent->offer == NULL && !agent->in_after_call_work);
  call->state = WCC_ACD_CALL_OFFERED;
  call->agent_id = agent->agent_id;
  agent->offer = call;
  agent_set_timer (self, agent, self->now + (gint64) group->settings.ring_timeout * G_USEC_PER_SEC);
  queue_offer_event (self, EVENT_OFFER_CALL, call, agent->agent_id, 0);
  agent_update (self, agent, WCC_ACD_CAUSE_OFFERED);
  queue_changed (self, call->group_id);
}

/* Ends the agent's offer unanswered; the call waits again in its old place. The caller
 * updates the agent (with its own cause) and routes again. */
static Call *
withdraw_offer (WccAcd             *self,
                Agent              *agent,
                WccAcdCancelReason  reason)
{
  Call *call = agent->offer;

  g_assert (call != NULL && call->agent_id == agent->agent_id);
  agent->offer = NULL;
  agent_clear_timer (agent);
  call->state = WCC_ACD_CALL_WAITING;
  call->agent_id = 0;
  queue_offer_event (self, EVENT_CANCEL_OFFER, call, agent->agent_id, reason);
  queue_changed (self, call->group_id);
  return call;
}

/* Withdraws an offer the agent can no longer take (paused, logged out, gone, busy). */
static void
withdraw_offer_if_any (WccAcd *self,
                       Agent  *agent)
{
  if (agent->offer != NULL)
    withdraw_offer (self, agent, WCC_ACD_CANCEL_AGENT_UNAVAILABLE);
}

/* A ring timeout or a decline: counts a miss, and pauses the agent after the group's count. */
static void
miss_offer (WccAcd             *self,
            Agent              *agent,
            WccAcdCancelReason  reason)
{
  Call *call = withdraw_offer (self, agent, reason);
  Group *group = g_hash_table_lookup (self->groups, &call->group_id);
  guint limit = group != NULL ? group->settings.missed_offers_before_pause : 0;

  agent->missed_offers++;
  if (limit > 0 && agent->missed_offers >= limit)
    agent_pause (agent, WCC_ACD_PAUSE_NO_ANSWER);
  if (reason == WCC_ACD_CANCEL_DECLINED)
    {
      Declined declined = { agent->agent_id, self->now + WCC_ACD_DECLINE_BACKOFF };

      if (call->declined_by == NULL)
        call->declined_by = g_array_new (FALSE, FALSE, sizeof (Declined));
      for (guint i = 0; i < call->declined_by->len; i++)
        if (g_array_index (call->declined_by, Declined, i).agent_id == agent->agent_id)
          g_array_remove_index_fast (call->declined_by, i--);
      g_array_append_val (call->declined_by, declined);
    }
  agent_update (self, agent, reason == WCC_ACD_CANCEL_DECLINED ? WCC_ACD_CAUSE_DECLINED
                                                               : WCC_ACD_CAUSE_NO_ANSWER);
}

/* Until when @agent_id may not be offered @call again (0: they may). */
static gint64
declined_until (Call   *call,
                gint64  agent_id,
                gint64  now)
{
  for (guint i = 0; call->declined_by != NULL && i < call->declined_by->len; i++)
    {
      Declined *declined = &g_array_index (call->declined_by, Declined, i);
      if (declined->agent_id == agent_id && declined->until > now)
        return declined->until;
    }
  return 0;
}

static gboolean
agent_can_take (Agent  *agent,
                Call   *call,
                gint64  now)
{
  return agent->state == WCC_ACD_AGENT_READY
         && id_array_contains (agent->groups, call->group_id)
         && declined_until (call, agent->agent_id, now) == 0;
}

static int
compare_idle (gconstpointer a,
              gconstpointer b)
{
  const Agent *x = *(Agent * const *) a, *y = *(Agent * const *) b;

  return (x->idle_order > y->idle_order) - (x->idle_order < y->idle_order);
}

/* The agent for @call among @ready (longest idle first); NULL when none may take it. */
static Agent *
pick_agent (GPtrArray *ready,
            Call      *call,
            gint64     now)
{
  for (guint i = 0; i < ready->len; i++)
    {
      Agent *agent = g_ptr_array_index (ready, i);
      if (agent_can_take (agent, call, now))
        {
          g_ptr_array_remove_index (ready, i);
          return agent;
        }
    }
  return NULL;
}

/* Routing: each waiting call of the client, oldest first, gets the longest-idle Ready
 * agent who may take it. An offer makes its agent Ringing, so no agent gets two. */
static void
dispatch (WccAcd *self,
          Tenant *tenant)
{
  g_autoptr(GPtrArray) ready = g_ptr_array_new ();

  if (tenant->calls.length == 0)
    return;
  for (guint i = 0; i < tenant->agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (tenant->agents, i);
      if (agent->state == WCC_ACD_AGENT_READY)
        g_ptr_array_add (ready, agent);
    }
  g_ptr_array_sort (ready, compare_idle);
  for (GList *l = tenant->calls.head; l != NULL && ready->len > 0; l = l->next)
    {
      Call *call = l->data;
      Agent *agent;

      if (call->state != WCC_ACD_CALL_WAITING)
        continue;
      agent = pick_agent (ready, call, self->now);
      if (agent != NULL)
        offer (self, call, agent);
    }
  /* A Ready agent left without a call who declined one still waiting: woken when it may be
   * offered to them again. */
  for (guint i = 0; i < ready->len; i++)
    {
      Agent *agent = g_ptr_array_index (ready, i);
      gint64 wake = G_MAXINT64;

      if (agent->timer != NULL)
        continue;
      for (GList *l = tenant->calls.head; l != NULL; l = l->next)
        {
          Call *call = l->data;
          gint64 until;

          if (call->state == WCC_ACD_CALL_WAITING && id_array_contains (agent->groups, call->group_id) &&
              (until = declined_until (call, agent->agent_id, self->now)) != 0)
            wake = MIN (wake, until);
        }
      if (wake != G_MAXINT64)
        agent_set_timer (self, agent, wake);
    }
}

static void
fire_timer (WccAcd *self,
            Agent  *agent)
{
  agent->timer = NULL;
  agent->timer_deadline = 0;
  if (agent->offer != NULL)
    miss_offer (self, agent, WCC_ACD_CANCEL_RING_TIMEOUT);
  else if (agent->in_after_call_work)
    {
      agent->in_after_call_work = FALSE;
      agent_update (self, agent, WCC_ACD_CAUSE_AFTER_CALL_WORK_OVER);
    }
  /* else: a call they declined may be offered to them again */
  dispatch (self, agent->tenant);
}

/* Every entry point that changes something starts here: timers due by @now fire first,
 * each at its own deadline, then the clock moves to @now. */
static void
begin (WccAcd *self,
       gint64  now)
{
  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->timers);
      Agent *agent;

      if (g_sequence_iter_is_end (first))
        break;
      agent = g_sequence_get (first);
      if (agent->timer_deadline > now)
        break;
      g_sequence_remove (first);
      self->now = MAX (self->now, agent->timer_deadline);
      fire_timer (self, agent);
    }
  self->now = MAX (self->now, now);
}

/* …and ends here, passing @ok through. */
static gboolean
finish (WccAcd   *self,
        gboolean  ok)
{
  emit_pending (self);
  return ok;
}

/* begin () for the entry points about one agent: NULL (and @error) when it is unknown. */
static Agent *
begin_agent (WccAcd  *self,
             gint64   agent_id,
             gint64   now,
             GError **error)
{
  begin (self, now);
  return lookup_agent (self, agent_id, error);
}

/* finish () after a change of @agent: its new state, and routing (it may be free now, or
 * have given a call back). */
static gboolean
finish_agent (WccAcd      *self,
              Agent       *agent,
              WccAcdCause  cause)
{
  agent_update (self, agent, cause);
  dispatch (self, agent->tenant);
  return finish (self, TRUE);
}

static gboolean
require_logged_in (Agent   *agent,
                   GError **error)
{
  if (!agent->logged_in)
    g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("The agent is not logged in"));
  return agent->logged_in;
}

static void
wcc_acd_finalize (GObject *object)
{
  WccAcd *self = WCC_ACD (object);

  g_queue_clear_full (&self->pending, (GDestroyNotify) event_free);
  g_clear_pointer (&self->timers, g_sequence_free);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->agents, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->tenants, g_hash_table_unref);
  G_OBJECT_CLASS (wcc_acd_parent_class)->finalize (object);
}

static void
wcc_acd_class_init (WccAcdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wcc_acd_finalize;

  signals[SIGNAL_OFFER_CALL] =
    g_signal_new ("offer-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[SIGNAL_CANCEL_OFFER] =
    g_signal_new ("cancel-offer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT);
  signals[SIGNAL_AGENT_STATE_CHANGED] =
    g_signal_new ("agent-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_INT64, G_TYPE_INT, G_TYPE_INT,
                  G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_QUEUE_CHANGED] =
    g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_DEADLINE_CHANGED] =
    g_signal_new ("deadline-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
wcc_acd_init (WccAcd *self)
{
  self->tenants = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) tenant_free);
  self->groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) group_free);
  self->agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) agent_free);
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) call_free);
  self->timers = g_sequence_new (NULL);
  g_queue_init (&self->pending);
  self->announced_deadline = G_MAXINT64;
}

WccAcd *
wcc_acd_new (void)
{
  return g_object_new (WCC_TYPE_ACD, NULL);
}

gint64
wcc_acd_next_deadline (WccAcd *self)
{
  GSequenceIter *first;

  g_return_val_if_fail (WCC_IS_ACD (self), G_MAXINT64);

  first = g_sequence_get_begin_iter (self->timers);
  if (g_sequence_iter_is_end (first))
    return G_MAXINT64;
  return ((Agent *) g_sequence_get (first))->timer_deadline;
}

void
wcc_acd_advance (WccAcd *self,
                 gint64  now)
{
  g_return_if_fail (WCC_IS_ACD (self));

  begin (self, now);
  finish (self, TRUE);
}

/* Groups. */

gboolean
wcc_acd_group_add (WccAcd                    *self,
                   gint64                     client_id,
                   gint64                     group_id,
                   const WccAcdGroupSettings *settings,
                   GError                   **error)
{
  Group *group;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_hash_table_contains (self->groups, &group_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Agent group %" G_GINT64_FORMAT " is already in the call queues", group_id);
      return FALSE;
    }
  if (!check_settings (settings, error))
    return FALSE;
  group = g_new0 (Group, 1);
  group->group_id = group_id;
  group->tenant = get_tenant (self, client_id);
  group->settings = *settings;
  g_queue_init (&group->calls);
  g_hash_table_insert (self->groups, &group->group_id, group);
  return TRUE;
}

gboolean
wcc_acd_group_set_settings (WccAcd                    *self,
                            gint64                     group_id,
                            const WccAcdGroupSettings *settings,
                            GError                   **error)
{
  Group *group;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = lookup_group (self, group_id, error);
  if (group == NULL || !check_settings (settings, error))
    return FALSE;
  group->settings = *settings;
  return TRUE;
}

gboolean
wcc_acd_group_get_settings (WccAcd              *self,
                            gint64               group_id,
                            WccAcdGroupSettings *out_settings,
                            GError             **error)
{
  Group *group;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (out_settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = lookup_group (self, group_id, error);
  if (group == NULL)
    return FALSE;
  *out_settings = group->settings;
  return TRUE;
}

gboolean
wcc_acd_group_remove (WccAcd  *self,
                      gint64   group_id,
                      GError **error)
{
  Group *group;
  Tenant *tenant;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = lookup_group (self, group_id, error);
  if (group == NULL)
    return FALSE;
  if (group->calls.length > 0)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE, "%u caller is waiting in this group",
                                "%u callers are waiting in this group", group->calls.length),
                   group->calls.length);
      return FALSE;
    }
  /* No offer can be ringing for it: an offered call is still in the group's queue. */
  tenant = group->tenant;
  for (guint i = 0; i < tenant->agents->len; i++)
    id_array_remove (((Agent *) g_ptr_array_index (tenant->agents, i))->groups, group_id);
  g_hash_table_remove (self->groups, &group_id);
  return TRUE;
}

gboolean
wcc_acd_group_get_figures (WccAcd             *self,
                           gint64              group_id,
                           gint64              now,
                           WccAcdGroupFigures *out_figures,
                           GError            **error)
{
  Group *group;
  Call *oldest;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (out_figures != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = lookup_group (self, group_id, error);
  if (group == NULL)
    return FALSE;
  oldest = g_queue_peek_head (&group->calls);
  *out_figures = (WccAcdGroupFigures) {
    .waiting = group->calls.length,
    .longest_wait = oldest != NULL ? MAX (0, now - oldest->enqueued_at) : 0,
    .inbound = group->inbound,
    .answered = group->answered,
    .abandoned = group->abandoned,
    .answered_in_service_level = group->answered_in_service_level,
  };
  return TRUE;
}

GArray *
wcc_acd_group_dup_queue (WccAcd  *self,
                         gint64   group_id,
                         GError **error)
{
  Group *group;
  GArray *ids;

  g_return_val_if_fail (WCC_IS_ACD (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = lookup_group (self, group_id, error);
  if (group == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), group->calls.length);
  for (GList *l = group->calls.head; l != NULL; l = l->next)
    g_array_append_val (ids, ((Call *) l->data)->call_id);
  return ids;
}

gboolean
wcc_acd_group_restore_figures (WccAcd                    *self,
                               gint64                     group_id,
                               const WccAcdGroupFigures  *figures,
                               GError                   **error)
{
  Group *group;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (figures != NULL, FALSE);

  if ((group = lookup_group (self, group_id, error)) == NULL)
    return FALSE;
  group->inbound = figures->inbound;
  group->answered = figures->answered;
  group->abandoned = figures->abandoned;
  group->answered_in_service_level = figures->answered_in_service_level;
  queue_changed (self, group->group_id);
  return finish (self, TRUE);
}

void
wcc_acd_reset_figures (WccAcd *self,
                       gint64  client_id)
{
  g_autoptr(GList) groups = NULL;

  g_return_if_fail (WCC_IS_ACD (self));

  /* In group order, so that the events come in an order that does not depend on hashing. */
  groups = g_list_sort (g_hash_table_get_values (self->groups), compare_groups);
  for (GList *l = groups; l != NULL; l = l->next)
    {
      Group *group = l->data;
      if (group->tenant->client_id != client_id)
        continue;
      group->inbound = group->answered = group->abandoned = 0;
      group->answered_in_service_level = 0;
      queue_changed (self, group->group_id);
    }
  finish (self, TRUE);
}

/* Agents. */

gboolean
wcc_acd_agent_add (WccAcd  *self,
                   gint64   client_id,
                   gint64   agent_id,
                   GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_hash_table_contains (self->agents, &agent_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Agent %" G_GINT64_FORMAT " is already in the call queues", agent_id);
      return FALSE;
    }
  agent = g_new0 (Agent, 1);
  agent->agent_id = agent_id;
  agent->tenant = get_tenant (self, client_id);
  agent->state = WCC_ACD_AGENT_OFFLINE;
  agent->calls = g_array_new (FALSE, FALSE, sizeof (gint64));
  agent->groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (self->agents, &agent->agent_id, agent);
  g_ptr_array_add (agent->tenant->agents, agent);
  return TRUE;
}

gboolean
wcc_acd_agent_remove (WccAcd  *self,
                      gint64   agent_id,
                      gint64   now,
                      GError **error)
{
  Agent *agent;
  Tenant *tenant;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  tenant = agent->tenant;
  withdraw_offer_if_any (self, agent);
  agent_clear_timer (agent);
  agent->logged_in = FALSE;
  agent->in_after_call_work = FALSE;
  agent_update (self, agent, WCC_ACD_CAUSE_REMOVED);
  g_ptr_array_remove (tenant->agents, agent);
  g_hash_table_remove (self->agents, &agent_id);
  dispatch (self, tenant);
  return finish (self, TRUE);
}

gboolean
wcc_acd_agent_set_registrations (WccAcd  *self,
                                 gint64   agent_id,
                                 guint    registrations,
                                 gint64   now,
                                 GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  agent->registrations = registrations;
  if (registrations == 0)
    withdraw_offer_if_any (self, agent);
  return finish_agent (self, agent, WCC_ACD_CAUSE_REGISTRATION);
}

gboolean
wcc_acd_agent_log_in (WccAcd  *self,
                      gint64   agent_id,
                      gint64   now,
                      GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  if (agent->logged_in)
    return finish (self, TRUE);
  agent->logged_in = TRUE;
  agent->missed_offers = 0;
  agent_unpause (agent);
  return finish_agent (self, agent, WCC_ACD_CAUSE_AGENT);
}

gboolean
wcc_acd_agent_log_out (WccAcd  *self,
                       gint64   agent_id,
                       gint64   now,
                       GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  agent->logged_in = FALSE;
  withdraw_offer_if_any (self, agent);
  agent_end_after_call_work (agent);
  agent_unpause (agent);
  g_clear_pointer (&agent->pause_after_call, g_free);
  return finish_agent (self, agent, WCC_ACD_CAUSE_AGENT);
}

gboolean
wcc_acd_agent_set_ready (WccAcd  *self,
                         gint64   agent_id,
                         gint64   now,
                         GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL || !require_logged_in (agent, error))
    return finish (self, FALSE);
  if (agent->registrations == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           _("The agent has no registered phone: Ready needs one to take calls"));
      return finish (self, FALSE);
    }
  agent_unpause (agent);
  g_clear_pointer (&agent->pause_after_call, g_free);
  agent->missed_offers = 0;
  agent_end_after_call_work (agent);
  return finish_agent (self, agent, WCC_ACD_CAUSE_AGENT);
}

gboolean
wcc_acd_agent_set_pause (WccAcd      *self,
                         gint64       agent_id,
                         const char  *reason,
                         gint64       now,
                         GError     **error)
{
  Agent *agent;
  gboolean new_reason;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL || !require_logged_in (agent, error))
    return finish (self, FALSE);
  if (reason == NULL || *reason == '\0')
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("A pause needs a reason"));
      return finish (self, FALSE);
    }
  new_reason = g_strcmp0 (agent->pause_reason, reason) != 0;
  withdraw_offer_if_any (self, agent);
  agent_end_after_call_work (agent);
  agent_pause (agent, reason);
  if (agent->state == WCC_ACD_AGENT_PAUSE && new_reason)
    queue_agent_event (self, agent, WCC_ACD_AGENT_PAUSE, WCC_ACD_CAUSE_AGENT);
  return finish_agent (self, agent, WCC_ACD_CAUSE_AGENT);
}

gboolean
wcc_acd_agent_set_pause_after_call (WccAcd      *self,
                                    gint64       agent_id,
                                    const char  *reason,
                                    gint64       now,
                                    GError     **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  if (reason != NULL && *reason == '\0')
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("A pause needs a reason"));
      return finish (self, FALSE);
    }
  if (reason != NULL && !agent_is_busy (agent))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           _("The agent is not on a call: pause now instead"));
      return finish (self, FALSE);
    }
  g_free (agent->pause_after_call);
  agent->pause_after_call = g_strdup (reason);
  return finish (self, TRUE);
}

gboolean
wcc_acd_agent_set_groups (WccAcd        *self,
                          gint64         agent_id,
                          const gint64  *group_ids,
                          guint          n_groups,
                          gint64         now,
                          GError       **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (group_ids != NULL || n_groups == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  for (guint i = 0; i < n_groups; i++)
    {
      Group *group = lookup_group (self, group_ids[i], error);
      if (group == NULL)
        return finish (self, FALSE);
      if (group->tenant != agent->tenant)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                               _("The agent group belongs to another client"));
          return finish (self, FALSE);
        }
    }
  g_array_set_size (agent->groups, 0);
  for (guint i = 0; i < n_groups; i++)
    if (!id_array_contains (agent->groups, group_ids[i]))
      g_array_append_val (agent->groups, group_ids[i]);
  g_array_sort (agent->groups, compare_ids);
  if (agent->offer != NULL && !id_array_contains (agent->groups, agent->offer->group_id))
    withdraw_offer (self, agent, WCC_ACD_CANCEL_AGENT_UNAVAILABLE);
  return finish_agent (self, agent, WCC_ACD_CAUSE_AGENT);
}

GArray *
wcc_acd_agent_dup_groups (WccAcd  *self,
                          gint64   agent_id,
                          GError **error)
{
  Agent *agent;
  GArray *ids;

  g_return_val_if_fail (WCC_IS_ACD (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  agent = lookup_agent (self, agent_id, error);
  if (agent == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), agent->groups->len);
  g_array_append_vals (ids, agent->groups->data, agent->groups->len);
  return ids;
}

gboolean
wcc_acd_agent_get_info (WccAcd          *self,
                        gint64           agent_id,
                        WccAcdAgentInfo *out_info,
                        GError         **error)
{
  Agent *agent;
  gint64 acw_until = 0;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = lookup_agent (self, agent_id, error);
  if (agent == NULL)
    return FALSE;
  if (agent->in_after_call_work)
    acw_until = agent->timer != NULL ? agent->timer_deadline : G_MAXINT64;
  *out_info = (WccAcdAgentInfo) {
    .agent_id = agent->agent_id,
    .client_id = agent->tenant->client_id,
    .state = agent->state,
    .logged_in = agent->logged_in,
    .registrations = agent->registrations,
    .pause_reason = agent->paused ? agent->pause_reason : NULL,
    .pause_after_call = agent->pause_after_call,
    .missed_offers = agent->missed_offers,
    .idle_since = agent->idle_since,
    .offered_call_id = agent->offer != NULL ? agent->offer->call_id : 0,
    .calls = agent->calls->len,
    .current_call_id = agent->calls->len > 0 ? g_array_index (agent->calls, gint64, agent->calls->len - 1) : 0,
    .after_call_work_until = acw_until,
  };
  return TRUE;
}

gboolean
wcc_acd_agent_call_started (WccAcd  *self,
                            gint64   agent_id,
                            gint64   call_id,
                            gint64   now,
                            GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  if (id_array_contains (agent->calls, call_id) || g_hash_table_contains (self->calls, &call_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Call %" G_GINT64_FORMAT " is already known to the call queues", call_id);
      return finish (self, FALSE);
    }
  withdraw_offer_if_any (self, agent);
  g_array_append_val (agent->calls, call_id);
  return finish_agent (self, agent, WCC_ACD_CAUSE_CALL_STARTED);
}

gboolean
wcc_acd_agent_call_ended (WccAcd  *self,
                          gint64   agent_id,
                          gint64   call_id,
                          gint64   now,
                          GError **error)
{
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  agent = begin_agent (self, agent_id, now, error);
  if (agent == NULL)
    return finish (self, FALSE);
  if (g_hash_table_contains (self->calls, &call_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Call %" G_GINT64_FORMAT " is a queue call: end it with wcc_acd_call_end", call_id);
      return finish (self, FALSE);
    }
  if (!id_array_remove (agent->calls, call_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND,
                   "Agent %" G_GINT64_FORMAT " is not on call %" G_GINT64_FORMAT, agent_id, call_id);
      return finish (self, FALSE);
    }
  return finish_agent (self, agent, WCC_ACD_CAUSE_CALL_ENDED);
}

/* Queue calls. */

gboolean
wcc_acd_call_enqueue (WccAcd      *self,
                      gint64       call_id,
                      gint64       group_id,
                      const char  *caller,
                      gint64       now,
                      GError     **error)
{
  Group *group;
  Call *call;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  begin (self, now);
  group = lookup_group (self, group_id, error);
  if (group == NULL)
    return finish (self, FALSE);
  if (g_hash_table_contains (self->calls, &call_id))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                   "Call %" G_GINT64_FORMAT " is already queued", call_id);
      return finish (self, FALSE);
    }
  call = g_new0 (Call, 1);
  call->call_id = call_id;
  call->group_id = group_id;
  call->tenant = group->tenant;
  call->caller = g_strdup (caller != NULL ? caller : "");
  call->state = WCC_ACD_CALL_WAITING;
  call->enqueued_at = self->now;
  g_queue_push_tail (&call->tenant->calls, call);
  call->tenant_link = call->tenant->calls.tail;
  g_queue_push_tail (&group->calls, call);
  call->group_link = group->calls.tail;
  g_hash_table_insert (self->calls, &call->call_id, call);
  group->inbound++;
  queue_changed (self, group_id);
  dispatch (self, group->tenant);
  return finish (self, TRUE);
}

gboolean
wcc_acd_offer_answered (WccAcd  *self,
                        gint64   call_id,
                        gint64   agent_id,
                        gint64   now,
                        GError **error)
{
  Call *call;
  Agent *agent;
  Group *group;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  begin (self, now);
  call = lookup_offer (self, call_id, agent_id, error);
  if (call == NULL)
    return finish (self, FALSE);
  agent = g_hash_table_lookup (self->agents, &agent_id);
  group = g_hash_table_lookup (self->groups, &call->group_id);
  agent->offer = NULL;
  agent_clear_timer (agent);
  agent->missed_offers = 0;
  g_array_append_val (agent->calls, call_id);
  call->state = WCC_ACD_CALL_CONNECTED;
  call->answered_at = self->now;
  call_unlink (call, group);
  group->answered++;
  if (call->answered_at - call->enqueued_at <= (gint64) group->settings.service_level * G_USEC_PER_SEC)
    group->answered_in_service_level++;
  queue_changed (self, group->group_id);
  agent_update (self, agent, WCC_ACD_CAUSE_ANSWERED);
  return finish (self, TRUE);
}

gboolean
wcc_acd_offer_declined (WccAcd  *self,
                        gint64   call_id,
                        gint64   agent_id,
                        gint64   now,
                        GError **error)
{
  Call *call;
  Agent *agent;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  begin (self, now);
  call = lookup_offer (self, call_id, agent_id, error);
  if (call == NULL)
    return finish (self, FALSE);
  agent = g_hash_table_lookup (self->agents, &agent_id);
  miss_offer (self, agent, WCC_ACD_CANCEL_DECLINED);
  dispatch (self, call->tenant);
  return finish (self, TRUE);
}

gboolean
wcc_acd_call_end (WccAcd  *self,
                  gint64   call_id,
                  gint64   now,
                  GError **error)
{
  Call *call;
  Group *group;
  Agent *agent;
  Tenant *tenant;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  begin (self, now);
  call = lookup_call (self, call_id, error);
  if (call == NULL)
    return finish (self, FALSE);
  tenant = call->tenant;
  group = g_hash_table_lookup (self->groups, &call->group_id);
  agent = g_hash_table_lookup (self->agents, &call->agent_id);
  if (call->state == WCC_ACD_CALL_CONNECTED)
    {
      /* The agent may have been removed meanwhile, and the group too. */
      if (agent != NULL && id_array_remove (agent->calls, call_id))
        {
          agent_start_after_call_work (self, agent, group);
          agent_update (self, agent, WCC_ACD_CAUSE_CALL_ENDED);
        }
    }
  else
    {
      if (call->state == WCC_ACD_CALL_OFFERED)
        {
          withdraw_offer (self, agent, WCC_ACD_CANCEL_CALLER_GONE);
          agent_update (self, agent, WCC_ACD_CAUSE_CALLER_GONE);
        }
      call_unlink (call, group);
      group->abandoned++;
      queue_changed (self, group->group_id);
    }
  g_hash_table_remove (self->calls, &call_id);
  dispatch (self, tenant);
  return finish (self, TRUE);
}

gboolean
wcc_acd_call_get_info (WccAcd         *self,
                       gint64          call_id,
                       gint64          now,
                       WccAcdCallInfo *out_info,
                       GError        **error)
{
  Call *call;
  Group *group;
  gint64 until;

  g_return_val_if_fail (WCC_IS_ACD (self), FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = lookup_call (self, call_id, error);
  if (call == NULL)
    return FALSE;
  group = g_hash_table_lookup (self->groups, &call->group_id);
  until = call->state == WCC_ACD_CALL_CONNECTED ? call->answered_at : now;
  *out_info = (WccAcdCallInfo) {
    .call_id = call->call_id,
    .group_id = call->group_id,
    .caller = call->caller,
    .state = call->state,
    .position = call->group_link != NULL ? g_queue_link_index (&group->calls, call->group_link) + 1 : 0,
    .enqueued_at = call->enqueued_at,
    .wait = MAX (0, until - call->enqueued_at),
    .agent_id = call->agent_id,
  };
  return TRUE;
}

const char *
wcc_acd_agent_state_to_string (WccAcdAgentState state)
{
  static const char * const names[] = {
    [WCC_ACD_AGENT_OFFLINE] = "offline",
    [WCC_ACD_AGENT_READY] = "ready",
    [WCC_ACD_AGENT_PAUSE] = "pause",
    [WCC_ACD_AGENT_RINGING] = "ringing",
    [WCC_ACD_AGENT_ON_CALL] = "on_call",
    [WCC_ACD_AGENT_AFTER_CALL_WORK] = "after_call_work",
  };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), NULL);
  return names[state];
}

const char *
wcc_acd_cause_to_string (WccAcdCause cause)
{
  static const char * const names[] = {
    [WCC_ACD_CAUSE_AGENT] = "agent",
    [WCC_ACD_CAUSE_REGISTRATION] = "registration",
    [WCC_ACD_CAUSE_OFFERED] = "offered",
    [WCC_ACD_CAUSE_NO_ANSWER] = "no_answer",
    [WCC_ACD_CAUSE_DECLINED] = "declined",
    [WCC_ACD_CAUSE_CALLER_GONE] = "caller_gone",
    [WCC_ACD_CAUSE_ANSWERED] = "answered",
    [WCC_ACD_CAUSE_CALL_STARTED] = "call_started",
    [WCC_ACD_CAUSE_CALL_ENDED] = "call_ended",
    [WCC_ACD_CAUSE_AFTER_CALL_WORK_OVER] = "after_call_work_over",
    [WCC_ACD_CAUSE_REMOVED] = "removed",
  };

  g_return_val_if_fail ((guint) cause < G_N_ELEMENTS (names), NULL);
  return names[cause];
}

const char *
wcc_acd_cancel_reason_to_string (WccAcdCancelReason reason)
{
  static const char * const names[] = {
    [WCC_ACD_CANCEL_RING_TIMEOUT] = "ring_timeout",
    [WCC_ACD_CANCEL_DECLINED] = "declined",
    [WCC_ACD_CANCEL_CALLER_GONE] = "caller_gone",
    [WCC_ACD_CANCEL_AGENT_UNAVAILABLE] = "agent_unavailable",
  };

  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (names), NULL);
  return names[reason];
}

const char *
wcc_acd_call_state_to_string (WccAcdCallState state)
{
  static const char * const names[] = {
    [WCC_ACD_CALL_WAITING] = "waiting",
    [WCC_ACD_CALL_OFFERED] = "offered",
    [WCC_ACD_CALL_CONNECTED] = "connected",
  };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), NULL);
  return names[state];
}
