/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-report-day.c: the constructed day of the report tests. */
#include <math.h>

#include "wcc-store-private.h"
#include "wcc-test-report-day.h"

#define H(h, m, s) ((h) * 3600 + (m) * 60 + (s))
#define US(seconds) ((gint64) (seconds) * G_USEC_PER_SEC)
#define UNTIL_END (-1)

typedef struct {
  int    agent;          /* -1: none */
  int    start, end;     /* seconds after the offer; UNTIL_END: rang until the call ended */
} Ring;

/* A queue call: offered at @offered (seconds after the day's midnight, may be outside). */
typedef struct {
  int    group;
  int    offered;
  Ring   rings[2];
  int    answered_by;    /* agent; -1: nobody */
  int    answered;       /* seconds after the offer */
  int    ended;          /* seconds after the offer */
} QueueCall;

static const QueueCall queue_calls[] = {
  { 0, H (9, 0, 0),     { { 0, 1, UNTIL_END }, { -1 } },          0, 12, 12 + 180 },
  { 0, H (9, 10, 0),    { { 1, 1, 16 }, { 0, 16, UNTIL_END } },   0, 25, 25 + 240 },
  { 0, H (9, 30, 0),    { { 1, 1, UNTIL_END }, { -1 } },         -1, 0, 30 },
  { 0, H (10, 5, 0),    { { 1, 2, UNTIL_END }, { -1 } },          1, 7, 7 + 95 },
  { 1, H (10, 20, 0),   { { 2, 1, UNTIL_END }, { -1 } },          2, 20, 20 + 300 },
  { 1, H (11, 0, 0),    { { -1 }, { -1 } },                      -1, 0, 45 },
  { 0, H (14, 0, 0),    { { 0, 1, 16 }, { 1, 16, UNTIL_END } },  -1, 0, 40 },
  { 0, -10,             { { 0, 1, UNTIL_END }, { -1 } },          0, 15, 15 + 60 },
  { 0, H (23, 59, 30),  { { 0, 1, UNTIL_END }, { -1 } },          0, 10, 10 + 180 },
  { 1, H (24, 0, 10),   { { 2, 1, UNTIL_END }, { -1 } },          2, 5, 5 + 30 },
};

/* An outbound call an agent placed. */
typedef struct {
  int agent;
  int started;
  int answered;          /* seconds after the start; -1: not answered */
  int ended;
} OutboundCall;

static const OutboundCall outbound_calls[] = {
  { 0, H (13, 0, 0), 8, 8 + 120 },
  { 1, H (13, 30, 0), -1, 30 },
  { 2, H (15, 0, 0), 5, 5 + 60 },
};

typedef struct {
  int         agent;
  const char *state;     /* the ACD's name */
  int         reason;    /* pauses: index into the day's reasons */
  int         start, end;
} Stretch;

static const Stretch stretches[] = {
  { 0, "pause", 0, -H (0, 30, 0), H (0, 15, 0) },
  { 0, "ready", 0, H (8, 0, 0), H (9, 0, 0) },
  { 0, "after_call_work", 0, H (9, 3, 12), H (9, 3, 42) },
  { 0, "pause", 1, H (12, 0, 0), H (12, 45, 0) },
  { 1, "after_call_work", 0, H (10, 6, 42), H (10, 7, 42) },
  { 1, "pause", 0, H (11, 50, 0), H (13, 10, 0) },
  { 1, "pause", 0, H (15, 10, 0), H (15, 25, 30) },
  { 2, "after_call_work", 0, H (10, 25, 20), H (10, 26, 0) },
  { 2, "pause", 1, H (23, 50, 0), H (24, 20, 0) },
};

typedef struct {
  int agent;
  int at;
} Success;

static const Success successes[] = {
  { 0, H (9, 4, 0) }, { 0, H (9, 20, 0) }, { 1, H (10, 10, 0) }, { 2, H (16, 0, 0) },
  { 0, -H (1, 0, 0) }, { 1, H (24, 30, 0) },
};

static gint64
at_us (const ReportDay *day,
       gint64           seconds)
{
  return US (day->day_start + seconds);
}

static void
write_queue_call (ReportDay       *day,
                  const QueueCall *c)
{
  g_autoptr(GError) error = NULL;
  gint64 offered = day->day_start + c->offered;
  gint64 call = wcc_store_call_create (day->store, day->client_id, WCC_CALL_INBOUND, "0312340000", "8001",
                                       day->groups[c->group], US (offered), &error);

  g_assert_no_error (error);
  wcc_store_call_add_leg (day->store, call, WCC_CALL_SIDE_CALLER, 0, "sip:0312340000@pstn", "0312340000", "",
                          US (offered), &error);
  g_assert_no_error (error);
  for (guint r = 0; r < G_N_ELEMENTS (c->rings); r++)
    {
      const Ring *ring = &c->rings[r];
      gint64 leg;

      if (ring->agent < 0)
        continue;
      leg = wcc_store_call_add_leg (day->store, call, WCC_CALL_SIDE_CALLEE, day->agents[ring->agent], "sip:agent",
                                    "", "", US (offered + ring->start), &error);
      g_assert_no_error (error);
      if (ring->agent == c->answered_by)
        g_assert_true (wcc_store_call_leg_set_answered (day->store, leg, US (offered + c->answered), &error));
      else if (ring->end != UNTIL_END)
        g_assert_true (wcc_store_call_leg_end (day->store, leg, US (offered + ring->end), 480, &error));
    }
  if (c->answered_by >= 0)
    {
      g_assert_true (wcc_store_call_set_agent (day->store, call, day->agents[c->answered_by], &error));
      g_assert_true (wcc_store_call_set_answered (day->store, call, US (offered + c->answered), &error));
    }
  g_assert_true (wcc_store_call_end (day->store, call, US (offered + c->ended), "hung up", WCC_CALL_SIDE_CALLER,
                                     &error));
  g_assert_no_error (error);
}

static void
write_outbound_call (ReportDay          *day,
                     const OutboundCall *c)
{
  g_autoptr(GError) error = NULL;
  gint64 started = day->day_start + c->started;
  gint64 call = wcc_store_call_create (day->store, day->client_id, WCC_CALL_OUTBOUND, "1001", "0398765432", 0,
                                       US (started), &error);

  g_assert_no_error (error);
  wcc_store_call_add_leg (day->store, call, WCC_CALL_SIDE_CALLER, day->agents[c->agent], "sip:agent", "1001", "",
                          US (started), &error);
  g_assert_no_error (error);
  if (c->answered >= 0)
    g_assert_true (wcc_store_call_set_answered (day->store, call, US (started + c->answered), &error));
  g_assert_true (wcc_store_call_end (day->store, call, US (started + c->ended), "hung up", WCC_CALL_SIDE_CALLER,
                                     &error));
  g_assert_no_error (error);
}

void
report_day_build (ReportDay *day)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean answered_state;

  for (guint i = 0; i < G_N_ELEMENTS (queue_calls); i++)
    write_queue_call (day, &queue_calls[i]);
  for (guint i = 0; i < G_N_ELEMENTS (outbound_calls); i++)
    write_outbound_call (day, &outbound_calls[i]);
  /* The state history as the server writes it: a stretch begins, the next state (here
   * Offline) ends it. */
  for (guint i = 0; i < G_N_ELEMENTS (stretches); i++)
    {
      const Stretch *s = &stretches[i];

      wcc_store_agent_state_record (day->store, day->client_id, day->agents[s->agent], s->state,
                                    g_str_equal (s->state, "pause") ? day->reasons[s->reason] : 0,
                                    at_us (day, s->start));
      wcc_store_agent_state_record (day->store, day->client_id, day->agents[s->agent], NULL, 0,
                                    at_us (day, s->end));
    }
  /* Success records, saved by the store as over the API, then dated. */
  stmt = wcc_store_prepare_bind (day->store, "SELECT call_state != 'unanswered' FROM call_results WHERE id = ?;",
                                 "i", day->success_result);
  answered_state = wcc_store_query_int (day->store, stmt, 1) != 0;
  for (guint i = 0; i < G_N_ELEMENTS (successes); i++)
    {
      gint64 record = wcc_store_contact_record_create (day->store, day->client_id, day->customer_id,
                                                       day->agents[successes[i].agent], day->success_result,
                                                       answered_state, "", 0, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_true (wcc_store_step_done (day->store,
                                          wcc_store_prepare_bind (day->store,
                                                                  "UPDATE contact_records SET created_at = ? WHERE id = ?;",
                                                                  "ii", day->day_start + successes[i].at, record),
                                          "date the record", &error));
    }
}

/* ---- what the report must show ---- */

static gboolean
in_day (const ReportDay *day,
        int              seconds)
{
  return seconds >= 0 && day->day_start + seconds < day->day_end;
}

static int
hour_of (int seconds)
{
  return seconds / 3600;
}

static void
finish (ReportFigures *f)
{
  f->avg_wait = f->answered ? round ((double) f->wait_sum * 10 / f->answered) / 10 : 0;
  f->avg_talk = f->talked ? round ((double) f->talk_sum * 10 / f->talked) / 10 : 0;
  f->talk_time = f->talk_sum;
}

void
report_figures_add (ReportFigures       *sum,
                    const ReportFigures *add,
                    gboolean             queue)
{
  if (queue)
    {
      sum->offered += add->offered;
      sum->answered += add->answered;
      sum->abandoned += add->abandoned;
      sum->wait_sum += add->wait_sum;
    }
  sum->connected += add->connected;
  sum->talked += add->talked;
  sum->talk_sum += add->talk_sum;
  sum->after_call_time += add->after_call_time;
  sum->pause_time += add->pause_time;
  for (guint r = 0; r < REPORT_DAY_REASONS; r++)
    sum->pause_by_reason[r] += add->pause_by_reason[r];
  sum->success += add->success;
  finish (sum);
}

static void
add_connected (ReportFigures *agent,
               ReportFigures *hour,
               int            talk)
{
  agent->connected++;
  agent->talked++;
  agent->talk_sum += talk;
  hour->connected++;
  hour->talked++;
  hour->talk_sum += talk;
}

void
report_day_expect (const ReportDay *day,
                   ReportExpected  *out)
{
  int length = (int) (day->day_end - day->day_start);

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < G_N_ELEMENTS (queue_calls); i++)
    {
      const QueueCall *c = &queue_calls[i];
      int answered_at = c->offered + c->answered;

      if (c->answered_by >= 0 && in_day (day, answered_at))
        add_connected (&out->agents[c->answered_by], &out->hours[hour_of (answered_at)], c->ended - c->answered);
      if (!in_day (day, c->offered))
        continue;
      /* Offered in the day: the group's and the rung agents' figures. */
      out->groups[c->group].offered++;
      out->hours[hour_of (c->offered)].offered++;
      if (c->answered_by >= 0)
        {
          ReportFigures *targets[] = { &out->groups[c->group], &out->agents[c->answered_by] };

          for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
            {
              targets[t]->answered++;
              targets[t]->wait_sum += c->answered;
            }
          out->hours[hour_of (c->offered)].answered++;
          out->hours[hour_of (c->offered)].wait_sum += c->answered;
        }
      else
        {
          out->groups[c->group].abandoned++;
          out->hours[hour_of (c->offered)].abandoned++;
        }
      for (guint r = 0; r < G_N_ELEMENTS (c->rings); r++)
        if (c->rings[r].agent >= 0)
          {
            out->agents[c->rings[r].agent].offered++;
            if (c->answered_by < 0 && c->rings[r].end == UNTIL_END)
              out->agents[c->rings[r].agent].abandoned++;
          }
    }
  for (guint i = 0; i < G_N_ELEMENTS (outbound_calls); i++)
    {
      const OutboundCall *c = &outbound_calls[i];

      if (c->answered >= 0 && in_day (day, c->started + c->answered))
        add_connected (&out->agents[c->agent], &out->hours[hour_of (c->started + c->answered)], c->ended - c->answered);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stretches); i++)
    {
      const Stretch *s = &stretches[i];
      gboolean pause = g_str_equal (s->state, "pause");

      if (!pause && !g_str_equal (s->state, "after_call_work"))
        continue;
      /* Second by second is slow; hour by hour, clipped. */
      for (int hour = 0; hour * 3600 < length; hour++)
        {
          int start = MAX (s->start, hour * 3600), end = MIN (s->end, MIN ((hour + 1) * 3600, length));

          if (end <= start)
            continue;
          if (pause)
            {
              out->agents[s->agent].pause_time += end - start;
              out->agents[s->agent].pause_by_reason[s->reason] += end - start;
              out->hours[hour].pause_time += end - start;
            }
          else
            {
              out->agents[s->agent].after_call_time += end - start;
              out->hours[hour].after_call_time += end - start;
            }
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (successes); i++)
    if (in_day (day, successes[i].at))
      {
        out->agents[successes[i].agent].success++;
        out->hours[hour_of (successes[i].at)].success++;
      }
  /* A group's agent figures are its members'. */
  for (guint a = 0; a < REPORT_DAY_AGENTS; a++)
    {
      finish (&out->agents[a]);
      report_figures_add (&out->groups[a < 2 ? 0 : 1], &out->agents[a], FALSE);
    }
  for (guint g = 0; g < REPORT_DAY_GROUPS; g++)
    finish (&out->groups[g]);
  for (guint h = 0; h < 24; h++)
    finish (&out->hours[h]);
}

void
report_day_construct_demo (const char     *db_path,
                           gint64          day_start,
                           gint64          day_end,
                           ReportDay      *day,
                           ReportExpected *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStore) store = wcc_store_open (db_path, &error);
  g_autoptr(WccStoreClient) demo = NULL;
  const char *agents[] = { "1001", "1002", "1006" };
  const char *groups[] = { "Sales", "Service" };
  g_autoptr(GPtrArray) reasons = NULL;

  g_assert_no_error (error);
  demo = wcc_store_client_find (store, "demo");
  g_assert_nonnull (demo);
  day->store = store;
  day->client_id = demo->id;
  day->day_start = day_start;
  day->day_end = day_end;
  for (guint g = 0; g < REPORT_DAY_GROUPS; g++)
    day->groups[g] = wcc_store_group_find (store, demo->id, groups[g]);
  for (guint a = 0; a < REPORT_DAY_AGENTS; a++)
    {
      g_autoptr(WccStoreUser) user = wcc_store_user_find_by_account (store, "demo", agents[a]);
      day->agents[a] = user->id;
    }
  reasons = wcc_store_pause_reason_list (store, demo->id);
  g_assert_cmpuint (reasons->len, >=, REPORT_DAY_REASONS);
  for (guint r = 0; r < REPORT_DAY_REASONS; r++)
    day->reasons[r] = ((WccStorePauseReason *) g_ptr_array_index (reasons, r))->id;
  day->customer_id = wcc_store_query_int (store, wcc_store_prepare_bind (store, "SELECT min(id) FROM customers WHERE client_id = ?;",
                                                                          "i", demo->id), 0);
  day->success_result = wcc_store_query_int (store,
                                             wcc_store_prepare_bind (store, "SELECT min(id) FROM call_results"
                                                                     " WHERE client_id = ? AND funnel = 'success';",
                                                                     "i", demo->id), 0);
  g_assert_cmpint (day->customer_id, >, 0);
  g_assert_cmpint (day->success_result, >, 0);
  report_day_build (day);
  report_day_expect (day, want);
  day->store = NULL;
}
