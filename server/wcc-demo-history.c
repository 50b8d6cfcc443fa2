/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-demo-history.c: past days of work for the demo client, so that a leader trying the
 * product sees reports with something in them: each agent of Sales and Service logs in at
 * 09:00, takes the queue's calls (a few abandoned when everyone is busy), does after-call
 * work, places some calls of their own, has lunch (a pause with the client's first reason)
 * and logs out at 18:00. The same every time (a fixed seed), made once, days before today
 * only: today starts empty, as the live figures expect. */
#define G_LOG_DOMAIN "wcc-demo-history"

#include <glib/gi18n-lib.h>

#include "wcc-common.h"
#include "wcc-demo.h"
#include "wcc-store.h"
#include "wcc-store-reports.h"

#define US(seconds) ((gint64) (seconds) * G_USEC_PER_SEC)
#define DAY_START   (9 * 3600)
#define LUNCH_START (12 * 3600)  /* half the agents; the others half an hour later */
#define LUNCH       3600
#define DAY_END     (18 * 3600)
#define AFTER_CALL  30           /* seconds of after-call work */
#define GIVE_UP     90           /* a caller waits at most this long */

typedef struct {
  gint64  id;
  gint64  free_at;     /* seconds of the day it can take the next call */
  gint64  lunch;       /* seconds of the day its hour's lunch begins */
  GArray *busy;        /* of Busy: its calls' stretches, in order */
} Agent;

typedef struct {
  gint64 from;         /* seconds of the day */
  gint64 to;
} Busy;

typedef struct {
  WccStore   *store;
  gint64      client_id;
  GRand      *rand;
  gint64      day;     /* local midnight, seconds since the epoch */
  gint64      reason;  /* the lunch pause's reason */
} History;

static gint64
at (History *history,
    gint64   seconds)
{
  return US (history->day + seconds);
}

/* @when, or the end of the agent's lunch when @when falls in it. */
static gint64
available_at (Agent  *agent,
              gint64  when)
{
  return when >= agent->lunch && when < agent->lunch + LUNCH ? agent->lunch + LUNCH : when;
}

static gboolean
queue_call (History  *history,
            gint64    group_id,
            GPtrArray *agents,
            gint64    offered,
            GError  **error)
{
  g_autofree char *number = g_strdup_printf ("03%08d", g_rand_int_range (history->rand, 10000000, 99999999));
  gint64 patience = g_rand_int_range (history->rand, 20, GIVE_UP);
  Agent *chosen = NULL;
  gint64 chosen_at = 0, call, leg, answered, ended;

  /* The agent who can answer first: free, and not at lunch. */
  for (guint i = 0; i < agents->len; i++)
    {
      Agent *agent = g_ptr_array_index (agents, i);
      gint64 can = available_at (agent, MAX (offered, agent->free_at));

      /* Equally soon: the one waiting longest, as the ACD does. */
      if (chosen == NULL || can < chosen_at || (can == chosen_at && agent->free_at < chosen->free_at))
        chosen = agent, chosen_at = can;
    }
  call = wcc_store_call_create (history->store, history->client_id, WCC_CALL_INBOUND, number, "",
                                group_id, at (history, offered), error);
  if (call == 0 ||
      wcc_store_call_add_leg (history->store, call, WCC_CALL_SIDE_CALLER, 0, "sip:carrier", number, "",
                              at (history, offered), error) == 0)
    return FALSE;
  if (chosen == NULL || chosen_at > offered + patience)
    /* Everyone busy for longer than the caller would wait: abandoned. */
    return wcc_store_call_end (history->store, call, at (history, offered + patience), "caller hung up",
                               WCC_CALL_SIDE_CALLER, error);

  answered = chosen_at + g_rand_int_range (history->rand, 3, 12);
  ended = answered + g_rand_int_range (history->rand, 45, 420);
  leg = wcc_store_call_add_leg (history->store, call, WCC_CALL_SIDE_CALLEE, chosen->id, "sip:agent", "", "",
                                answered - 3 > offered ? at (history, answered - 3) : at (history, offered), error);
  if (leg == 0 ||
      !wcc_store_call_leg_set_answered (history->store, leg, at (history, answered), error) ||
      !wcc_store_call_set_agent (history->store, call, chosen->id, error) ||
      !wcc_store_call_set_answered (history->store, call, at (history, answered), error) ||
      !wcc_store_call_end (history->store, call, at (history, ended), "hung up",
                           g_rand_boolean (history->rand) ? WCC_CALL_SIDE_CALLER : WCC_CALL_SIDE_CALLEE, error))
    return FALSE;
  g_array_append_val (chosen->busy, ((Busy) { answered, ended }));
  chosen->free_at = ended + AFTER_CALL;
  return TRUE;
}

static gboolean
own_call (History  *history,
          Agent    *agent,
          gint64    started,
          GError  **error)
{
  g_autofree char *number = g_strdup_printf ("06%08d", g_rand_int_range (history->rand, 10000000, 99999999));
  gboolean answered = g_rand_int_range (history->rand, 0, 10) < 7;
  gint64 answered_at = started + g_rand_int_range (history->rand, 5, 20);
  gint64 ended = answered ? answered_at + g_rand_int_range (history->rand, 30, 240) : started + 30;
  gint64 call = wcc_store_call_create (history->store, history->client_id, WCC_CALL_OUTBOUND, "", number, 0,
                                       at (history, started), error);

  if (call == 0 ||
      wcc_store_call_add_leg (history->store, call, WCC_CALL_SIDE_CALLER, agent->id, "sip:agent", "", "",
                              at (history, started), error) == 0 ||
      !wcc_store_call_set_agent (history->store, call, agent->id, error) ||
      (answered && !wcc_store_call_set_answered (history->store, call, at (history, answered_at), error)) ||
      !wcc_store_call_end (history->store, call, at (history, ended), answered ? "hung up" : "no answer",
                           WCC_CALL_SIDE_CALLER, error))
    return FALSE;
  g_array_append_val (agent->busy, ((Busy) { started, ended }));
  agent->free_at = ended + AFTER_CALL;
  return TRUE;
}

/* The agent's states through the day, from its calls: Ready between them, on a call, after-call
 * work, the lunch pause, offline at the end. */
static void
record_states (History *history,
               Agent   *agent)
{
  gboolean lunch_done = FALSE;
  gint64 now = DAY_START;

  wcc_store_agent_state_record (history->store, history->client_id, agent->id, "ready", 0, at (history, now));
  for (guint i = 0; i <= agent->busy->len; i++)
    {
      Busy *busy = i < agent->busy->len ? &g_array_index (agent->busy, Busy, i) : NULL;

      if (!lunch_done && (busy == NULL || busy->from >= agent->lunch))
        {
          /* Lunch: from its hour's start, or the end of the call that ran into it. */
          if (now < agent->lunch + LUNCH)
            {
              wcc_store_agent_state_record (history->store, history->client_id, agent->id, "pause",
                                            history->reason, at (history, MAX (now, agent->lunch)));
              wcc_store_agent_state_record (history->store, history->client_id, agent->id, "ready", 0,
                                            at (history, agent->lunch + LUNCH));
              now = agent->lunch + LUNCH;
            }
          lunch_done = TRUE;
        }
      if (busy == NULL)
        break;
      wcc_store_agent_state_record (history->store, history->client_id, agent->id, "on_call", 0,
                                    at (history, busy->from));
      wcc_store_agent_state_record (history->store, history->client_id, agent->id, "after_call_work", 0,
                                    at (history, busy->to));
      wcc_store_agent_state_record (history->store, history->client_id, agent->id, "ready", 0,
                                    at (history, busy->to + AFTER_CALL));
      now = busy->to + AFTER_CALL;
    }
  wcc_store_agent_state_record (history->store, history->client_id, agent->id, NULL, 0,
                                at (history, MAX (now, DAY_END)));
}

static void
agent_free (Agent *agent)
{
  g_array_unref (agent->busy);
  g_free (agent);
}

static gboolean
make_day (History    *history,
          GHashTable *groups,
          GError    **error)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) everyone = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *agents = value;

      for (guint i = 0; i < agents->len; i++)
        {
          Agent *agent = g_ptr_array_index (agents, i);

          agent->free_at = DAY_START;
          agent->lunch = LUNCH_START + (everyone->len % 2) * 1800;
          g_array_set_size (agent->busy, 0);
          g_ptr_array_add (everyone, agent);
        }
    }
  /* Minute by minute: queue calls arrive (busier mid-morning and mid-afternoon), agents
   * with nothing to do now and then call a customer themselves. */
  for (gint64 minute = DAY_START + 120; minute < DAY_END - 600; minute += 60)
    {
      int hour = (int) (minute / 3600);
      int busy_hour = hour == 10 || hour == 11 || hour == 14 || hour == 15;

      g_hash_table_iter_init (&iter, groups);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_rand_int_range (history->rand, 0, 100) < (busy_hour ? 45 : 22) &&
            !queue_call (history, *(gint64 *) key, value, minute + g_rand_int_range (history->rand, 0, 60), error))
          return FALSE;
      for (guint i = 0; i < everyone->len; i++)
        {
          Agent *agent = g_ptr_array_index (everyone, i);

          if (agent->free_at <= minute && available_at (agent, minute) == minute &&
              available_at (agent, minute + 300) == minute + 300 &&
              g_rand_int_range (history->rand, 0, 100) < 3 &&
              !own_call (history, agent, minute, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < everyone->len; i++)
    record_states (history, g_ptr_array_index (everyone, i));
  return TRUE;
}

/* @days days of history before @now's day (local time), once: nothing is made when the
 * demo client has calls already. */
gboolean
wcc_demo_ensure_history (WccStore  *store,
                         guint      days,
                         gint64     now,
                         GError   **error)
{
  g_autoptr(WccStoreClient) client = wcc_store_client_find (store, WCC_DEMO_CLIENT);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GDateTime) today = NULL;
  History history = { 0 };
  gboolean ok = TRUE;

  if (client == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("There is no demo client"));
      return FALSE;
    }
  if (days == 0 || wcc_store_client_has_calls (store, client->id))
    return TRUE;

  groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  members = wcc_store_group_list_members (store, client->id, 0);
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *member = g_ptr_array_index (members, i);
      GPtrArray *agents;
      Agent *agent;

      if (member->user_id == 0 || member->is_leader)
        continue;
      agents = g_hash_table_lookup (groups, &member->group_id);
      if (agents == NULL)
        {
          agents = g_ptr_array_new_with_free_func ((GDestroyNotify) agent_free);
          g_hash_table_insert (groups, g_memdup2 (&member->group_id, sizeof member->group_id), agents);
        }
      agent = g_new0 (Agent, 1);
      agent->id = member->user_id;
      agent->busy = g_array_new (FALSE, FALSE, sizeof (Busy));
      g_ptr_array_add (agents, agent);
    }
  reasons = wcc_store_pause_reason_list (store, client->id);
  for (guint i = 0; i < reasons->len && history.reason == 0; i++)
    if (!((WccStorePauseReason *) g_ptr_array_index (reasons, i))->automatic)
      history.reason = ((WccStorePauseReason *) g_ptr_array_index (reasons, i))->id;

  history.store = store;
  history.client_id = client->id;
  history.rand = g_rand_new_with_seed (20261128);
  {
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);

    today = g_date_time_new_local (g_date_time_get_year (then), g_date_time_get_month (then),
                                   g_date_time_get_day_of_month (then), 0, 0, 0);
  }
  if (!wcc_store_begin (store, error))
    {
      g_rand_free (history.rand);
      return FALSE;
    }
  for (guint d = days; d >= 1 && ok; d--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, -(int) d);

      /* Saturdays and Sundays off. */
      if (g_date_time_get_day_of_week (day) >= 6)
        continue;
      history.day = g_date_time_to_unix (day);
      ok = make_day (&history, groups, error);
    }
  g_rand_free (history.rand);
  if (!ok)
    {
      wcc_store_rollback (store);
      return FALSE;
    }
  wcc_store_audit (store, client->id, 0, "demo.history", "", NULL);
  return wcc_store_commit (store, error);
}
