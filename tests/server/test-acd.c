/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-acd.c: the ACD state machine on a fake clock: routing, ring timeouts, agent states, figures. */
#include <stdarg.h>
#include <string.h>

#include "wcc-acd.h"
#include "wcc-error.h"
#include "wcc-test-util.h"

#define CLIENT        1
#define OTHER_CLIENT  2
#define SALES         10
#define SUPPORT       11
#define FOREIGN       20   /* a group of OTHER_CLIENT */
#define SECONDS(s)    ((gint64) (s) * G_USEC_PER_SEC)

typedef struct {
  WccAcd     *acd;
  gint64      origin;
  gint64      now;        /* the fake clock */
  GPtrArray  *log;        /* every signal, one line each */
  GHashTable *offers;     /* agent id → call id: offers made and not ended, by the signals */
  GHashTable *states;     /* agent id → the last state announced */
  gint64      deadline;   /* as last announced */
} Fixture;

static void log_line (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
log_line (Fixture    *f,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (f->log, g_strdup_vprintf (format, args));
  va_end (args);
}

static gint64 *
new_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
on_offer_call (WccAcd  *acd,
               gint64   call_id,
               gint64   agent_id,
               Fixture *f)
{
  GHashTableIter iter;
  gint64 *offered;

  /* No agent is offered two calls, no call rings two agents. */
  g_assert_false (g_hash_table_contains (f->offers, &agent_id));
  g_hash_table_iter_init (&iter, f->offers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &offered))
    g_assert_cmpint (*offered, !=, call_id);
  g_hash_table_insert (f->offers, new_id (agent_id), new_id (call_id));
  log_line (f, "offer %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, call_id, agent_id);
}

static void
on_cancel_offer (WccAcd  *acd,
                 gint64   call_id,
                 gint64   agent_id,
                 int      reason,
                 Fixture *f)
{
  gint64 *offered = g_hash_table_lookup (f->offers, &agent_id);

  /* Only an offer that was made is cancelled, once. */
  g_assert_nonnull (offered);
  g_assert_cmpint (*offered, ==, call_id);
  g_hash_table_remove (f->offers, &agent_id);
  log_line (f, "cancel %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s", call_id, agent_id,
            wcc_acd_cancel_reason_to_string (reason));
}

static void
on_agent_state_changed (WccAcd     *acd,
                        gint64      agent_id,
                        int         old_state,
                        int         new_state,
                        int         cause,
                        const char *pause_reason,
                        Fixture    *f)
{
  int *known = g_hash_table_lookup (f->states, &agent_id);

  /* The events tell one unbroken story per agent. */
  g_assert_cmpint (known != NULL ? *known : WCC_ACD_AGENT_OFFLINE, ==, old_state);
  g_assert_true ((new_state == WCC_ACD_AGENT_PAUSE) == (pause_reason != NULL));
  g_hash_table_insert (f->states, new_id (agent_id), g_memdup2 (&new_state, sizeof new_state));
  log_line (f, "state %" G_GINT64_FORMAT " %s>%s %s%s%s%s", agent_id,
            wcc_acd_agent_state_to_string (old_state), wcc_acd_agent_state_to_string (new_state),
            wcc_acd_cause_to_string (cause), pause_reason ? " (" : "",
            pause_reason ? pause_reason : "", pause_reason ? ")" : "");
}

static void
on_queue_changed (WccAcd  *acd,
                  gint64   group_id,
                  Fixture *f)
{
  log_line (f, "queue %" G_GINT64_FORMAT, group_id);
}

static void
on_deadline_changed (WccAcd  *acd,
                     gint64   deadline,
                     Fixture *f)
{
  g_assert_cmpint (deadline, ==, wcc_acd_next_deadline (acd));
  f->deadline = deadline;
  if (deadline == G_MAXINT64)
    log_line (f, "deadline none");
  else
    log_line (f, "deadline +%" G_GINT64_FORMAT "s", (deadline - f->origin) / G_USEC_PER_SEC);
}

static void
set_settings (Fixture *f,
              gint64   group_id,
              guint    ring_timeout,
              guint    missed_before_pause,
              int      after_call_work,
              guint    service_level)
{
  g_autoptr(GError) error = NULL;
  WccAcdGroupSettings settings = {
    .ring_timeout = ring_timeout,
    .missed_offers_before_pause = missed_before_pause,
    .after_call_work = after_call_work,
    .service_level = service_level,
  };

  wcc_acd_group_set_settings (f->acd, group_id, &settings, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  WccAcdGroupSettings defaults = { .ring_timeout = 15, .service_level = 20 };
  g_autoptr(GError) error = NULL;

  f->acd = wcc_acd_new ();
  f->origin = f->now = SECONDS (1000);
  f->deadline = G_MAXINT64;
  f->log = g_ptr_array_new_with_free_func (g_free);
  f->offers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  f->states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_signal_connect (f->acd, "offer-call", G_CALLBACK (on_offer_call), f);
  g_signal_connect (f->acd, "cancel-offer", G_CALLBACK (on_cancel_offer), f);
  g_signal_connect (f->acd, "agent-state-changed", G_CALLBACK (on_agent_state_changed), f);
  g_signal_connect (f->acd, "queue-changed", G_CALLBACK (on_queue_changed), f);
  g_signal_connect (f->acd, "deadline-changed", G_CALLBACK (on_deadline_changed), f);
  wcc_acd_group_add (f->acd, CLIENT, SALES, &defaults, &error);
  g_assert_no_error (error);
  wcc_acd_group_add (f->acd, CLIENT, SUPPORT, &defaults, &error);
  g_assert_no_error (error);
  wcc_acd_group_add (f->acd, OTHER_CLIENT, FOREIGN, &defaults, &error);
  g_assert_no_error (error);
  /* Sales: 15 s to answer, paused after 2 misses, no after-call work, 20 s service level. */
  set_settings (f, SALES, 15, 2, 0, 20);
  set_settings (f, SUPPORT, 10, 0, 0, 30);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->acd);
  g_ptr_array_unref (f->log);
  g_hash_table_unref (f->offers);
  g_hash_table_unref (f->states);
}

/* Compares the log since the last check with the lines given (NULL-terminated), then
 * forgets it. @all: also the queue and deadline lines. */
static void
expect_lines (Fixture  *f,
              gboolean  all,
              va_list   args)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) got = g_string_new (NULL);
  const char *line;

  while ((line = va_arg (args, const char *)) != NULL)
    g_string_append_printf (expected, "%s\n", line);
  for (guint i = 0; i < f->log->len; i++)
    {
      line = g_ptr_array_index (f->log, i);
      if (all || !(g_str_has_prefix (line, "queue ") || g_str_has_prefix (line, "deadline ")))
        g_string_append_printf (got, "%s\n", line);
    }
  g_assert_cmpstr (got->str, ==, expected->str);
  g_ptr_array_set_size (f->log, 0);
}

static void expect (Fixture *f, ...) G_GNUC_NULL_TERMINATED;
static void expect_all (Fixture *f, ...) G_GNUC_NULL_TERMINATED;

/* The offers, cancels and state changes since the last check. */
static void
expect (Fixture *f,
        ...)
{
  va_list args;

  va_start (args, f);
  expect_lines (f, FALSE, args);
  va_end (args);
}

static void
expect_all (Fixture *f,
            ...)
{
  va_list args;

  va_start (args, f);
  expect_lines (f, TRUE, args);
  va_end (args);
}

static void
forget_log (Fixture *f)
{
  g_ptr_array_set_size (f->log, 0);
}

static void
tick_us (Fixture *f,
         gint64   microseconds)
{
  f->now += microseconds;
  wcc_acd_advance (f->acd, f->now);
}

static void
tick (Fixture *f,
      double   seconds)
{
  tick_us (f, (gint64) (seconds * G_USEC_PER_SEC));
}

/* Calls an entry point that takes (acd, …, now, error) at the fake clock's time; it must succeed. */
#define MUST(f, entry_point, ...) G_STMT_START {                    \
    g_autoptr(GError) must_error = NULL;                            \
    entry_point ((f)->acd, __VA_ARGS__, (f)->now, &must_error);     \
    g_assert_no_error (must_error);                                 \
  } G_STMT_END

/* Signs in to @group_a and @group_b; 0: no group. */
static void
sign_in (Fixture *f,
         gint64   agent_id,
         gint64   group_a,
         gint64   group_b)
{
  gint64 groups[2];
  guint n = 0;

  if (group_a != 0)
    groups[n++] = group_a;
  if (group_b != 0)
    groups[n++] = group_b;
  MUST (f, wcc_acd_agent_set_groups, agent_id, groups, n);
}

/* An agent logged in, with one registered phone, signed in to @group_a (and @group_b):
 * Ready now. The log of it is dropped. */
static void
add_agent (Fixture *f,
           gint64   agent_id,
           gint64   group_a,
           gint64   group_b)
{
  g_autoptr(GError) error = NULL;

  wcc_acd_agent_add (f->acd, CLIENT, agent_id, &error);
  g_assert_no_error (error);
  sign_in (f, agent_id, group_a, group_b);
  MUST (f, wcc_acd_agent_log_in, agent_id);
  MUST (f, wcc_acd_agent_set_registrations, agent_id, 1);
  forget_log (f);
}

static WccAcdAgentInfo
agent_info (Fixture *f,
            gint64   agent_id)
{
  g_autoptr(GError) error = NULL;
  WccAcdAgentInfo info;

  wcc_acd_agent_get_info (f->acd, agent_id, &info, &error);
  g_assert_no_error (error);
  return info;
}

static const char *
state_of (Fixture *f,
          gint64   agent_id)
{
  return wcc_acd_agent_state_to_string (agent_info (f, agent_id).state);
}

static WccAcdCallInfo
call_info (Fixture *f,
           gint64   call_id)
{
  g_autoptr(GError) error = NULL;
  WccAcdCallInfo info;

  wcc_acd_call_get_info (f->acd, call_id, f->now, &info, &error);
  g_assert_no_error (error);
  return info;
}

static WccAcdGroupFigures
figures (Fixture *f,
         gint64   group_id)
{
  g_autoptr(GError) error = NULL;
  WccAcdGroupFigures figures;

  wcc_acd_group_get_figures (f->acd, group_id, f->now, &figures, &error);
  g_assert_no_error (error);
  return figures;
}

static void
enqueue (Fixture *f,
         gint64   call_id,
         gint64   group_id)
{
  g_autofree char *caller = g_strdup_printf ("+86138000%05" G_GINT64_FORMAT, call_id);

  MUST (f, wcc_acd_call_enqueue, call_id, group_id, caller);
}

static void
answer (Fixture *f,
        gint64   call_id,
        gint64   agent_id)
{
  MUST (f, wcc_acd_offer_answered, call_id, agent_id);
  g_assert_true (g_hash_table_remove (f->offers, &agent_id));
}

#define decline(f, call_id, agent_id)         MUST (f, wcc_acd_offer_declined, call_id, agent_id)
#define hang_up(f, call_id)                   MUST (f, wcc_acd_call_end, call_id)
#define set_ready(f, agent_id)                MUST (f, wcc_acd_agent_set_ready, agent_id)
#define set_pause(f, agent_id, reason)        MUST (f, wcc_acd_agent_set_pause, agent_id, reason)
#define set_pause_after_call(f, agent_id, reason) \
  MUST (f, wcc_acd_agent_set_pause_after_call, agent_id, reason)
#define set_registrations(f, agent_id, n)     MUST (f, wcc_acd_agent_set_registrations, agent_id, n)
#define log_in(f, agent_id)                   MUST (f, wcc_acd_agent_log_in, agent_id)
#define log_out(f, agent_id)                  MUST (f, wcc_acd_agent_log_out, agent_id)
#define direct_call_start(f, agent_id, call_id) MUST (f, wcc_acd_agent_call_started, agent_id, call_id)
#define direct_call_end(f, agent_id, call_id) MUST (f, wcc_acd_agent_call_ended, agent_id, call_id)

/* Answers and hangs up after @talk seconds. */
static void
take_call (Fixture *f,
           gint64   call_id,
           gint64   agent_id,
           double   talk)
{
  answer (f, call_id, agent_id);
  tick (f, talk);
  hang_up (f, call_id);
}

/* Longest idle first: idle since the agent last became Ready, here after a call. */
static void
test_route_longest_idle (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, 0);
  tick (f, 1);
  add_agent (f, 102, SALES, 0);
  tick (f, 1);
  add_agent (f, 103, SALES, 0);
  g_assert_cmpint (agent_info (f, 101).idle_since, ==, f->origin);
  g_assert_cmpint (agent_info (f, 103).idle_since, ==, f->origin + SECONDS (2));

  enqueue (f, 1, SALES);
  expect (f, "offer 1 101", "state 101 ready>ringing offered", NULL);
  g_assert_cmpstr (state_of (f, 101), ==, "ringing");
  g_assert_cmpint (agent_info (f, 101).offered_call_id, ==, 1);
  take_call (f, 1, 101, 30);
  expect (f, "state 101 ringing>on_call answered", "state 101 on_call>ready call_ended", NULL);
  g_assert_cmpint (agent_info (f, 101).idle_since, ==, f->now);

  /* 101 just finished: the next two go to 102, then 103. */
  enqueue (f, 2, SALES);
  enqueue (f, 3, SALES);
  enqueue (f, 4, SALES);
  expect (f, "offer 2 102", "state 102 ready>ringing offered",
          "offer 3 103", "state 103 ready>ringing offered",
          "offer 4 101", "state 101 ready>ringing offered", NULL);

  /* A pause sends an agent to the back of the line. */
  take_call (f, 2, 102, 5);
  take_call (f, 3, 103, 5);
  take_call (f, 4, 101, 5);
  tick (f, 1);
  set_pause (f, 102, "coffee");
  set_ready (f, 102);
  forget_log (f);
  enqueue (f, 5, SALES);
  expect (f, "offer 5 103", "state 103 ready>ringing offered", NULL);
}

/* Paused, logged out, unregistered, not signed in, busy: passed over; each in turn,
 * once available, gets the next call. */
static void
test_route_skips_unavailable (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, 0);
  set_pause (f, 101, "lunch");
  add_agent (f, 102, SALES, 0);
  log_out (f, 102);
  add_agent (f, 103, SALES, 0);
  set_registrations (f, 103, 0);
  add_agent (f, 104, SUPPORT, 0);
  add_agent (f, 105, SALES, 0);
  direct_call_start (f, 105, 900);
  tick (f, 5);
  add_agent (f, 106, SALES, 0);
  forget_log (f);
  g_assert_cmpstr (state_of (f, 101), ==, "pause");
  g_assert_cmpstr (state_of (f, 102), ==, "offline");
  g_assert_cmpstr (state_of (f, 103), ==, "offline");
  g_assert_cmpstr (state_of (f, 104), ==, "ready");
  g_assert_cmpstr (state_of (f, 105), ==, "on_call");

  enqueue (f, 1, SALES);
  expect (f, "offer 1 106", "state 106 ready>ringing offered", NULL);
  answer (f, 1, 106);
  enqueue (f, 2, SALES);
  tick (f, 60);
  expect (f, "state 106 ringing>on_call answered", NULL);

  direct_call_end (f, 105, 900);
  expect (f, "state 105 on_call>ready call_ended", "offer 2 105", "state 105 ready>ringing offered", NULL);
  answer (f, 2, 105);

  enqueue (f, 3, SALES);
  sign_in (f, 104, SUPPORT, SALES);
  expect (f, "state 105 ringing>on_call answered", "offer 3 104", "state 104 ready>ringing offered", NULL);
  answer (f, 3, 104);

  enqueue (f, 4, SALES);
  set_registrations (f, 103, 1);
  expect (f, "state 104 ringing>on_call answered", "state 103 offline>ready registration",
          "offer 4 103", "state 103 ready>ringing offered", NULL);
  answer (f, 4, 103);

  enqueue (f, 5, SALES);
  log_in (f, 102);
  expect (f, "state 103 ringing>on_call answered", "state 102 offline>ready agent",
          "offer 5 102", "state 102 ready>ringing offered", NULL);
  answer (f, 5, 102);

  enqueue (f, 6, SALES);
  set_ready (f, 101);
  expect (f, "state 102 ringing>on_call answered", "state 101 pause>ready agent",
          "offer 6 101", "state 101 ready>ringing offered", NULL);
}

/* No answer in the ring timeout: the next agent; after the group's count, a pause. */
static void
test_ring_timeout_auto_pause (Fixture *f, gconstpointer data)
{
  gint64 offered_at;

  add_agent (f, 101, SALES, 0);
  tick (f, 1);
  add_agent (f, 102, SALES, 0);
  enqueue (f, 1, SALES);
  offered_at = f->now;
  expect (f, "offer 1 101", "state 101 ready>ringing offered", NULL);
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, offered_at + SECONDS (15));
  g_assert_cmpint (f->deadline, ==, offered_at + SECONDS (15));

  tick_us (f, SECONDS (15) - 1);
  expect (f, NULL);
  tick_us (f, 1);
  expect (f, "cancel 1 101 ring_timeout", "state 101 ringing>ready no_answer",
          "offer 1 102", "state 102 ready>ringing offered", NULL);
  g_assert_cmpuint (agent_info (f, 101).missed_offers, ==, 1);
  g_assert_cmpint (call_info (f, 1).agent_id, ==, 102);

  tick (f, 15);
  expect (f, "cancel 1 102 ring_timeout", "state 102 ringing>ready no_answer",
          "offer 1 101", "state 101 ready>ringing offered", NULL);
  tick (f, 15);
  expect (f, "cancel 1 101 ring_timeout", "state 101 ringing>pause no_answer (no answer)",
          "offer 1 102", "state 102 ready>ringing offered", NULL);
  g_assert_cmpstr (agent_info (f, 101).pause_reason, ==, WCC_ACD_PAUSE_NO_ANSWER);
  g_assert_cmpuint (agent_info (f, 102).missed_offers, ==, 1);

  /* Answering resets the count, being Ready again too. */
  answer (f, 1, 102);
  g_assert_cmpuint (agent_info (f, 102).missed_offers, ==, 0);
  set_ready (f, 101);
  g_assert_cmpuint (agent_info (f, 101).missed_offers, ==, 0);

  /* A group without auto-pause rings the same agent again, forever. */
  add_agent (f, 103, SUPPORT, 0);
  enqueue (f, 2, SUPPORT);
  forget_log (f);
  tick (f, 100);
  g_assert_cmpstr (state_of (f, 103), ==, "ringing");
  g_assert_cmpuint (agent_info (f, 103).missed_offers, ==, 10);
}

/* A scenario of timeouts only, run on a clock moved by @step µs up to 200 s: its offers,
 * cancels and state changes (queue and deadline events are coalesced per entry point). */
static char *
run_timeouts (gint64 step)
{
  Fixture fixture = { 0 }, *f = &fixture;
  GString *text = g_string_new (NULL);

  fixture_setup (f, NULL);
  set_settings (f, SALES, 15, 3, 20, 20);
  add_agent (f, 101, SALES, 0);
  add_agent (f, 102, SALES, 0);
  add_agent (f, 103, SALES, SUPPORT);
  enqueue (f, 1, SALES);
  enqueue (f, 2, SALES);
  answer (f, 2, 102);
  tick (f, 3);
  enqueue (f, 3, SUPPORT);
  hang_up (f, 2);
  for (gint64 elapsed = 0; elapsed < SECONDS (200); elapsed += step)
    tick_us (f, MIN (step, SECONDS (200) - elapsed));
  for (guint i = 0; i < f->log->len; i++)
    {
      const char *line = g_ptr_array_index (f->log, i);
      if (!g_str_has_prefix (line, "queue ") && !g_str_has_prefix (line, "deadline "))
        g_string_append_printf (text, "%s\n", line);
    }
  fixture_teardown (f, NULL);
  return g_string_free (text, FALSE);
}

/* Timers fire at their deadlines, whatever the steps of the clock: one step of 200 s tells
 * the same story as 200 steps of 1 s. */
static void
test_timers_fire_at_deadlines (Fixture *f, gconstpointer data)
{
  g_autofree char *one_step = run_timeouts (SECONDS (200));
  g_autofree char *second_steps = run_timeouts (SECONDS (1));
  g_autofree char *odd_steps = run_timeouts (7300001);

  g_assert_true (strstr (one_step, "no_answer (no answer)") != NULL);
  g_assert_true (strstr (one_step, "after_call_work>ready after_call_work_over") != NULL);
  g_assert_cmpstr (one_step, ==, second_steps);
  g_assert_cmpstr (one_step, ==, odd_steps);
}

/* A declined call goes to the next agent, and not back to one who declined it for
 * WCC_ACD_DECLINE_BACKOFF. */
static void
test_decline (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, 0);
  tick (f, 1);
  add_agent (f, 102, SALES, 0);
  enqueue (f, 1, SALES);
  tick (f, 2);
  decline (f, 1, 101);
  expect (f, "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 declined", "state 101 ringing>ready declined",
          "offer 1 102", "state 102 ready>ringing offered", NULL);
  g_assert_cmpuint (agent_info (f, 101).missed_offers, ==, 1);
  decline (f, 1, 102);
  expect (f, "cancel 1 102 declined", "state 102 ringing>ready declined", NULL);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_WAITING);
  tick (f, (double) WCC_ACD_DECLINE_BACKOFF / G_USEC_PER_SEC - 1);
  expect (f, NULL);

  /* Another call is theirs to take; a third agent takes the first. */
  enqueue (f, 2, SALES);
  expect (f, "offer 2 101", "state 101 ready>ringing offered", NULL);
  add_agent (f, 103, SALES, 0);
  g_assert_cmpint (call_info (f, 1).agent_id, ==, 103);

  /* Declines count towards the auto-pause. */
  decline (f, 2, 101);
  g_assert_cmpstr (state_of (f, 101), ==, "pause");
}

/* The only agent who can take a call declines it: after the back-off it is offered to them
 * again (it waited for good before; found by a tester), not while they are busy or paused. */
static void
test_decline_comes_back (Fixture *f, gconstpointer data)
{
  double backoff = (double) WCC_ACD_DECLINE_BACKOFF / G_USEC_PER_SEC;

  set_settings (f, SALES, 15, 0, 0, 20);
  add_agent (f, 101, SALES, 0);
  enqueue (f, 1, SALES);
  decline (f, 1, 101);
  expect (f, "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 declined", "state 101 ringing>ready declined", NULL);
  tick (f, backoff - 0.5);
  expect (f, NULL);
  tick (f, 0.5);
  expect (f, "offer 1 101", "state 101 ready>ringing offered", NULL);
  /* Declined again, then paused: no offer at the end of the back-off; Ready again after it:
   * offered at once. */
  decline (f, 1, 101);
  expect (f, "cancel 1 101 declined", "state 101 ringing>ready declined", NULL);
  set_pause (f, 101, "Lunch");
  expect (f, "state 101 ready>pause agent (Lunch)", NULL);
  tick (f, backoff + 5);
  expect (f, NULL);
  set_ready (f, 101);
  expect (f, "state 101 pause>ready agent", "offer 1 101", "state 101 ready>ringing offered", NULL);
  answer (f, 1, 101);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_CONNECTED);
}

/* After-call work for the group's time; the agent is idle from its end. */
static void
test_after_call_work_timer (Fixture *f, gconstpointer data)
{
  gint64 ended_at;

  set_settings (f, SALES, 15, 2, 30, 20);
  add_agent (f, 101, SALES, 0);
  add_agent (f, 102, SALES, 0);
  set_pause (f, 102, "training");
  forget_log (f);
  enqueue (f, 1, SALES);
  take_call (f, 1, 101, 60);
  ended_at = f->now;
  expect (f, "offer 1 101", "state 101 ready>ringing offered", "state 101 ringing>on_call answered",
          "state 101 on_call>after_call_work call_ended", NULL);
  g_assert_cmpint (agent_info (f, 101).after_call_work_until, ==, ended_at + SECONDS (30));
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, ended_at + SECONDS (30));

  enqueue (f, 2, SALES);
  tick_us (f, SECONDS (30) - 1);
  expect (f, NULL);
  tick_us (f, 1);
  expect (f, "state 101 after_call_work>ready after_call_work_over",
          "offer 2 101", "state 101 ready>ringing offered", NULL);

  /* 101 ends a call before 102 is back from training, but its after-call work ends later:
   * 102 has been idle longer. */
  take_call (f, 2, 101, 10);
  tick (f, 10);
  set_ready (f, 102);
  tick (f, 21);
  g_assert_cmpstr (state_of (f, 101), ==, "ready");
  forget_log (f);
  enqueue (f, 3, SALES);
  expect (f, "offer 3 102", "state 102 ready>ringing offered", NULL);

  /* Ready ends after-call work early. */
  take_call (f, 3, 102, 10);
  g_assert_cmpstr (state_of (f, 102), ==, "after_call_work");
  tick (f, 5);
  set_ready (f, 102);
  g_assert_cmpstr (state_of (f, 102), ==, "ready");
  g_assert_cmpint (agent_info (f, 102).after_call_work_until, ==, 0);
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, G_MAXINT64);

  /* Long settings do not overflow: a whole day of after-call work, an hour of ringing. */
  set_settings (f, SALES, 3600, 2, 24 * 3600, 20);
  enqueue (f, 4, SALES);
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, f->now + SECONDS (3600));
  take_call (f, 4, 101, 1);
  g_assert_cmpint (agent_info (f, 101).after_call_work_until, ==, f->now + SECONDS (24 * 3600));
}

/* After-call work "until Ready" has no timer. */
static void
test_after_call_work_until_ready (Fixture *f, gconstpointer data)
{
  set_settings (f, SALES, 15, 2, WCC_ACD_AFTER_CALL_WORK_UNTIL_READY, 20);
  add_agent (f, 101, SALES, 0);
  enqueue (f, 1, SALES);
  take_call (f, 1, 101, 60);
  g_assert_cmpstr (state_of (f, 101), ==, "after_call_work");
  g_assert_cmpint (agent_info (f, 101).after_call_work_until, ==, G_MAXINT64);
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, G_MAXINT64);
  enqueue (f, 2, SALES);
  forget_log (f);
  tick (f, 3600);
  expect (f, NULL);
  set_ready (f, 101);
  expect (f, "state 101 after_call_work>ready agent", "offer 2 101", "state 101 ready>ringing offered", NULL);

  /* A pause ends it too. */
  take_call (f, 2, 101, 60);
  set_pause (f, 101, "lunch");
  expect (f, "state 101 ringing>on_call answered", "state 101 on_call>after_call_work call_ended",
          "state 101 after_call_work>pause agent (lunch)", NULL);
  g_assert_cmpint (agent_info (f, 101).after_call_work_until, ==, 0);
}

/* "Pause after this call": after the call and its after-call work, Pause instead of Ready. */
static void
test_pause_after_call (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  set_settings (f, SALES, 15, 2, 10, 20);
  add_agent (f, 101, SALES, 0);
  wcc_acd_agent_set_pause_after_call (f->acd, 101, "meeting", f->now, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);

  enqueue (f, 1, SALES);
  answer (f, 1, 101);
  set_pause_after_call (f, 101, "meeting");
  g_assert_cmpstr (agent_info (f, 101).pause_after_call, ==, "meeting");
  tick (f, 30);
  hang_up (f, 1);
  forget_log (f);
  tick (f, 10);
  expect (f, "state 101 after_call_work>pause after_call_work_over (meeting)", NULL);
  g_assert_null (agent_info (f, 101).pause_after_call);
  enqueue (f, 2, SALES);
  tick (f, 60);
  expect (f, NULL);

  /* Without after-call work (a direct call has none), straight to Pause. */
  add_agent (f, 102, SUPPORT, 0);
  direct_call_start (f, 102, 900);
  set_pause_after_call (f, 102, "lunch");
  direct_call_end (f, 102, 900);
  expect (f, "state 102 ready>on_call call_started", "state 102 on_call>pause call_ended (lunch)", NULL);

  /* Cleared, it is Ready as usual. */
  set_ready (f, 102);
  direct_call_start (f, 102, 901);
  set_pause_after_call (f, 102, "lunch");
  set_pause_after_call (f, 102, NULL);
  direct_call_end (f, 102, 901);
  g_assert_cmpstr (state_of (f, 102), ==, "ready");

  /* On a ringing offer: the offer ending unanswered ends "this call". */
  set_ready (f, 101);
  g_assert_cmpint (call_info (f, 2).agent_id, ==, 101);
  set_pause_after_call (f, 101, "meeting");
  forget_log (f);
  tick (f, 15);
  expect (f, "cancel 2 101 ring_timeout", "state 101 ringing>pause no_answer (meeting)", NULL);
}

/* A caller who hangs up while waiting is abandoned, and nobody is offered the call. */
static void
test_abandon_waiting (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  WccAcdCallInfo info;

  enqueue (f, 1, SALES);
  tick (f, 25);
  hang_up (f, 1);
  expect_all (f, "queue 10", "queue 10", NULL);
  g_assert_cmpuint (figures (f, SALES).waiting, ==, 0);
  g_assert_cmpuint (figures (f, SALES).inbound, ==, 1);
  g_assert_cmpuint (figures (f, SALES).abandoned, ==, 1);
  g_assert_cmpuint (figures (f, SALES).answered, ==, 0);
  g_assert_false (wcc_acd_call_get_info (f->acd, 1, f->now, &info, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  add_agent (f, 101, SALES, 0);
  g_assert_cmpstr (state_of (f, 101), ==, "ready");
}

/* …and while ringing an agent: the offer is cancelled, the ring timeout with it. */
static void
test_abandon_ringing (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, 0);
  enqueue (f, 1, SALES);
  tick (f, 3);
  hang_up (f, 1);
  expect_all (f, "queue 10", "offer 1 101", "state 101 ready>ringing offered", "deadline +15s",
              "cancel 1 101 caller_gone", "queue 10", "state 101 ringing>ready caller_gone",
              "deadline none", NULL);
  g_assert_cmpuint (figures (f, SALES).abandoned, ==, 1);
  g_assert_cmpuint (figures (f, SALES).answered, ==, 0);
  g_assert_cmpuint (agent_info (f, 101).missed_offers, ==, 0);
  tick (f, 60);
  expect_all (f, NULL);
}

/* Two calls, one agent: one offer; the other call waits for the next agent. Across groups,
 * the longest-waiting call goes first. */
static void
test_race_for_one_agent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  add_agent (f, 101, SALES, SUPPORT);
  enqueue (f, 1, SALES);
  enqueue (f, 2, SALES);
  expect (f, "offer 1 101", "state 101 ready>ringing offered", NULL);
  g_assert_cmpint (call_info (f, 2).state, ==, WCC_ACD_CALL_WAITING);
  enqueue (f, 3, SUPPORT);
  expect (f, NULL);

  /* A missed offer frees 101, and the oldest call rings it again. */
  tick (f, 15);
  expect (f, "cancel 1 101 ring_timeout", "state 101 ringing>ready no_answer",
          "offer 1 101", "state 101 ready>ringing offered", NULL);

  add_agent (f, 102, SUPPORT, SALES);
  add_agent (f, 103, SUPPORT, SALES);
  g_assert_cmpint (call_info (f, 2).agent_id, ==, 102);
  g_assert_cmpint (call_info (f, 3).agent_id, ==, 103);

  /* 101 and 102 miss at once (103 rings again for its support call, 10 s each): 101 is
   * paused (its second miss), 102 is free again and takes the oldest call, not its own.
   * The answer to an offer that timed out first is refused: the SIP layer drops that leg. */
  tick (f, 15);
  g_assert_cmpstr (state_of (f, 101), ==, "pause");
  g_assert_cmpint (call_info (f, 1).agent_id, ==, 102);
  g_assert_cmpint (call_info (f, 2).state, ==, WCC_ACD_CALL_WAITING);
  g_assert_cmpint (call_info (f, 3).agent_id, ==, 103);
  g_assert_false (wcc_acd_offer_answered (f->acd, 1, 101, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
}

/* A call from another group that waited longer wins the agent signed in to both. */
static void
test_race_across_groups (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, SUPPORT);
  set_pause (f, 101, "brief");
  enqueue (f, 1, SUPPORT);
  tick (f, 1);
  enqueue (f, 2, SALES);
  forget_log (f);
  set_ready (f, 101);
  expect (f, "state 101 pause>ready agent", "offer 1 101", "state 101 ready>ringing offered", NULL);
}

/* Positions and waiting times, at any moment. */
static void
test_positions_and_waits (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) queue = NULL;
  gint64 start = f->now;

  enqueue (f, 1, SALES);
  tick (f, 5);
  enqueue (f, 2, SALES);
  tick (f, 7);
  enqueue (f, 3, SALES);
  tick (f, 1);
  enqueue (f, 4, SUPPORT);
  tick (f, 7);
  g_assert_cmpuint (call_info (f, 1).position, ==, 1);
  g_assert_cmpint (call_info (f, 1).wait, ==, SECONDS (20));
  g_assert_cmpuint (call_info (f, 2).position, ==, 2);
  g_assert_cmpint (call_info (f, 2).wait, ==, SECONDS (15));
  g_assert_cmpuint (call_info (f, 3).position, ==, 3);
  g_assert_cmpint (call_info (f, 3).wait, ==, SECONDS (8));
  g_assert_cmpuint (call_info (f, 4).position, ==, 1);
  g_assert_cmpstr (call_info (f, 4).caller, ==, "+8613800000004");
  g_assert_cmpuint (figures (f, SALES).waiting, ==, 3);
  g_assert_cmpint (figures (f, SALES).longest_wait, ==, SECONDS (20));
  g_assert_cmpint (figures (f, SUPPORT).longest_wait, ==, SECONDS (7));
  queue = wcc_acd_group_dup_queue (f->acd, SALES, NULL);
  g_assert_cmpuint (queue->len, ==, 3);
  g_assert_cmpint (g_array_index (queue, gint64, 2), ==, 3);

  hang_up (f, 2);
  g_assert_cmpuint (call_info (f, 3).position, ==, 2);

  /* Being offered keeps the place; the answer takes the call out of the queue. */
  tick (f, 5);
  add_agent (f, 101, SALES, 0);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_OFFERED);
  g_assert_cmpuint (call_info (f, 1).position, ==, 1);
  g_assert_cmpuint (figures (f, SALES).waiting, ==, 2);
  tick (f, 2);
  answer (f, 1, 101);
  tick (f, 30);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_CONNECTED);
  g_assert_cmpuint (call_info (f, 1).position, ==, 0);
  g_assert_cmpint (call_info (f, 1).wait, ==, SECONDS (27));
  g_assert_cmpuint (call_info (f, 3).position, ==, 1);
  g_assert_cmpint (figures (f, SALES).longest_wait, ==, f->now - (start + SECONDS (12)));
}

/* The last registration going away: Offline at once, the ringing offer goes elsewhere. */
static void
test_registration_lost (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, 0);
  tick (f, 1);
  add_agent (f, 102, SALES, 0);
  enqueue (f, 1, SALES);
  tick (f, 4);
  forget_log (f);
  set_registrations (f, 101, 0);
  expect (f, "cancel 1 101 agent_unavailable", "state 101 ringing>offline registration",
          "offer 1 102", "state 102 ready>ringing offered", NULL);
  g_assert_cmpuint (agent_info (f, 101).missed_offers, ==, 0);

  /* While on a call: Offline and never offered anything, until the phone is back. */
  answer (f, 1, 102);
  set_registrations (f, 102, 0);
  enqueue (f, 2, SALES);
  expect (f, "state 102 ringing>on_call answered", "state 102 on_call>offline registration", NULL);
  tick (f, 100);
  hang_up (f, 1);
  expect (f, NULL);
  set_registrations (f, 101, 2);
  expect (f, "state 101 offline>ready registration", "offer 2 101", "state 101 ready>ringing offered", NULL);
  set_registrations (f, 102, 1);
  expect (f, "state 102 offline>ready registration", NULL);
}

/* Logging in does not make an agent Ready until a phone is registered. */
static void
test_login_needs_phone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  wcc_acd_agent_add (f->acd, CLIENT, 101, &error);
  g_assert_no_error (error);
  sign_in (f, 101, SALES, 0);
  wcc_acd_agent_set_ready (f->acd, 101, f->now, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_assert_true (strstr (error->message, "not logged in") != NULL);
  g_clear_error (&error);

  log_in (f, 101);
  g_assert_cmpstr (state_of (f, 101), ==, "offline");
  wcc_acd_agent_set_ready (f->acd, 101, f->now, &error);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_assert_true (strstr (error->message, "registered phone") != NULL);
  g_clear_error (&error);
  expect (f, NULL);
  set_registrations (f, 101, 1);
  expect (f, "state 101 offline>ready registration", NULL);

  /* A registered phone without a login is Offline too; the login makes it Ready. */
  wcc_acd_agent_add (f->acd, CLIENT, 102, &error);
  g_assert_no_error (error);
  set_registrations (f, 102, 1);
  g_assert_cmpstr (state_of (f, 102), ==, "offline");
  log_in (f, 102);
  expect (f, "state 102 offline>ready agent", NULL);

  /* Ready is the state at login, even after a pause before logging out. */
  set_pause (f, 102, "lunch");
  log_out (f, 102);
  log_in (f, 102);
  expect (f, "state 102 ready>pause agent (lunch)", "state 102 pause>offline agent",
          "state 102 offline>ready agent", NULL);
}

/* Answered within the group's service level (inclusive) counts; a reset starts "today". */
static void
test_service_level (Fixture *f, gconstpointer data)
{
  WccAcdGroupFigures sales;

  add_agent (f, 101, SALES, 0);
  set_pause (f, 101, "wait");
  for (gint64 call_id = 1; call_id <= 3; call_id++)
    {
      enqueue (f, call_id, SALES);
      tick (f, (double[]) { 5, 20, 20.5 }[call_id - 1] - 1);
      set_ready (f, 101);
      tick (f, 1);
      take_call (f, call_id, 101, 60);
      set_pause (f, 101, "wait");
    }
  enqueue (f, 4, SALES);
  sales = figures (f, SALES);
  g_assert_cmpuint (sales.inbound, ==, 4);
  g_assert_cmpuint (sales.answered, ==, 3);
  g_assert_cmpuint (sales.answered_in_service_level, ==, 2);
  g_assert_cmpuint (sales.waiting, ==, 1);

  forget_log (f);
  wcc_acd_reset_figures (f->acd, CLIENT);
  expect_all (f, "queue 10", "queue 11", NULL);
  sales = figures (f, SALES);
  g_assert_cmpuint (sales.inbound, ==, 0);
  g_assert_cmpuint (sales.answered, ==, 0);
  g_assert_cmpuint (sales.answered_in_service_level, ==, 0);
  g_assert_cmpuint (sales.waiting, ==, 1);
}

/* Every event, in the order things happened. */
static void
test_events_in_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  set_settings (f, SALES, 15, 2, 30, 20);
  wcc_acd_agent_add (f->acd, CLIENT, 101, &error);
  g_assert_no_error (error);
  sign_in (f, 101, SALES, 0);
  log_in (f, 101);
  set_registrations (f, 101, 1);
  enqueue (f, 1, SALES);
  tick (f, 2);
  answer (f, 1, 101);
  tick (f, 60);
  hang_up (f, 1);
  tick (f, 30);
  set_pause (f, 101, "lunch");
  set_pause (f, 101, "training");
  set_pause (f, 101, "training");
  expect_all (f,
              "state 101 offline>ready registration",
              "queue 10", "offer 1 101", "state 101 ready>ringing offered", "deadline +15s",
              "queue 10", "state 101 ringing>on_call answered", "deadline none",
              "state 101 on_call>after_call_work call_ended", "deadline +92s",
              "state 101 after_call_work>ready after_call_work_over", "deadline none",
              "state 101 ready>pause agent (lunch)",
              "state 101 pause>pause agent (training)",
              NULL);
}

/* A handler that answers or declines at once, from inside the signal: the story stays in order. */
static void
on_offer_decide_now (WccAcd  *acd,
                     gint64   call_id,
                     gint64   agent_id,
                     Fixture *f)
{
  if (agent_id == 101)
    decline (f, call_id, agent_id);
  else
    answer (f, call_id, agent_id);
}

/* An observer connected after the handler above. */
static void
on_offer_seen_late (WccAcd    *acd,
                    gint64     call_id,
                    gint64     agent_id,
                    GPtrArray *late_log)
{
  g_ptr_array_add (late_log, g_strdup_printf ("offer %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                              call_id, agent_id));
}

static void
on_state_seen_late (WccAcd     *acd,
                    gint64      agent_id,
                    int         old_state,
                    int         new_state,
                    int         cause,
                    const char *pause_reason,
                    GPtrArray  *late_log)
{
  g_ptr_array_add (late_log, g_strdup_printf ("state %" G_GINT64_FORMAT " %s", agent_id,
                                              wcc_acd_agent_state_to_string (new_state)));
}

static void
test_reentrant_handlers (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) late_log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *late = NULL;

  add_agent (f, 101, SALES, 0);
  tick (f, 1);
  add_agent (f, 102, SALES, 0);
  g_signal_connect (f->acd, "offer-call", G_CALLBACK (on_offer_decide_now), f);
  g_signal_connect (f->acd, "offer-call", G_CALLBACK (on_offer_seen_late), late_log);
  g_signal_connect (f->acd, "agent-state-changed", G_CALLBACK (on_state_seen_late), late_log);
  enqueue (f, 1, SALES);
  expect (f, "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 declined", "state 101 ringing>ready declined",
          "offer 1 102", "state 102 ready>ringing offered",
          "state 102 ringing>on_call answered", NULL);
  /* What the handler caused reaches later observers after the event that caused it too. */
  g_ptr_array_add (late_log, NULL);
  late = g_strjoinv (", ", (char **) late_log->pdata);
  g_assert_cmpstr (late, ==, "offer 1 101, state 101 ringing, state 101 ready, offer 1 102, "
                             "state 102 ringing, state 102 on_call");
  g_assert_cmpint (call_info (f, 1).agent_id, ==, 102);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_CONNECTED);
}

/* Direct (non-queue) calls make the agent busy, with no after-call work at their end. */
static void
test_direct_calls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  set_settings (f, SALES, 15, 2, 30, 20);
  add_agent (f, 101, SALES, 0);
  direct_call_start (f, 101, 900);
  enqueue (f, 1, SALES);
  expect (f, "state 101 ready>on_call call_started", NULL);
  direct_call_end (f, 101, 900);
  expect (f, "state 101 on_call>ready call_ended", "offer 1 101", "state 101 ready>ringing offered", NULL);

  /* Taking a direct call while a queue call rings gives the queue call up. */
  direct_call_start (f, 101, 901);
  expect (f, "cancel 1 101 agent_unavailable", "state 101 ringing>on_call call_started", NULL);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_WAITING);

  /* Queue calls end through the queue; unknown calls are errors. */
  g_assert_false (wcc_acd_agent_call_ended (f->acd, 101, 1, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wcc_acd_agent_call_ended (f->acd, 101, 999, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wcc_acd_agent_call_started (f->acd, 101, 901, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpstr (state_of (f, 101), ==, "on_call");
}

/* Unknown ids, bad settings, and transitions that make no sense are refused with a reason. */
static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) groups = NULL;
  WccAcdGroupSettings bad = { .ring_timeout = 0 };
  gint64 foreign[] = { SALES, FOREIGN };
  WccAcdAgentInfo agent;

  g_assert_false (wcc_acd_agent_get_info (f->acd, 555, &agent, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_assert_true (strstr (error->message, "555") != NULL);
  g_clear_error (&error);
  g_assert_false (wcc_acd_call_enqueue (f->acd, 1, 555, "", f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wcc_acd_call_end (f->acd, 555, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wcc_acd_group_add (f->acd, CLIENT, 30, &bad, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (wcc_acd_group_add (f->acd, CLIENT, SALES, &(WccAcdGroupSettings) { .ring_timeout = 5 }, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);

  add_agent (f, 101, SALES, 0);
  g_assert_false (wcc_acd_agent_add (f->acd, CLIENT, 101, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wcc_acd_agent_set_groups (f->acd, 101, foreign, 2, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  groups = wcc_acd_agent_dup_groups (f->acd, 101, NULL);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_false (wcc_acd_agent_set_pause (f->acd, 101, "", f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  set_pause (f, 101, "away");
  enqueue (f, 1, SALES);
  g_assert_false (wcc_acd_call_enqueue (f->acd, 1, SALES, "", f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wcc_acd_offer_answered (f->acd, 1, 101, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wcc_acd_offer_declined (f->acd, 1, 101, f->now, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wcc_acd_group_remove (f->acd, SALES, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Removing a group signs its agents out of it. */
  hang_up (f, 1);
  g_assert_true (wcc_acd_group_remove (f->acd, SALES, &error));
  g_assert_no_error (error);
  g_clear_pointer (&groups, g_array_unref);
  groups = wcc_acd_agent_dup_groups (f->acd, 101, NULL);
  g_assert_cmpuint (groups->len, ==, 0);
}

/* Signing out of a group, pausing or logging out while a call rings: the offer goes. */
static void
test_ringing_agent_leaves (Fixture *f, gconstpointer data)
{
  add_agent (f, 101, SALES, SUPPORT);
  enqueue (f, 1, SALES);
  sign_in (f, 101, SUPPORT, 0);
  expect (f, "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 agent_unavailable", "state 101 ringing>ready agent", NULL);
  sign_in (f, 101, SALES, 0);
  set_pause (f, 101, "break");
  expect (f, "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 agent_unavailable", "state 101 ringing>pause agent (break)", NULL);
  set_ready (f, 101);
  log_out (f, 101);
  expect (f, "state 101 pause>ready agent", "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 agent_unavailable", "state 101 ringing>offline agent", NULL);
  log_in (f, 101);
  MUST (f, wcc_acd_agent_remove, 101);
  expect (f, "state 101 offline>ready agent", "offer 1 101", "state 101 ready>ringing offered",
          "cancel 1 101 agent_unavailable", "state 101 ringing>offline removed", NULL);
  g_assert_cmpint (call_info (f, 1).state, ==, WCC_ACD_CALL_WAITING);
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), ==, G_MAXINT64);
}

/* Invariants under a random sequence of everything the SIP layer and the API may do. */

#define N_AGENTS 6

typedef struct {
  GArray *calls;             /* queue call ids not ended */
  GArray *declined;          /* triples (call id, agent id, when) */
  gint64  direct[N_AGENTS];  /* the direct call of each agent; 0: none */
  gint64  next_call_id;
} Model;

static gint64
random_agent (GRand *rand)
{
  return 101 + g_rand_int_range (rand, 0, N_AGENTS);
}

/* Declined by @agent_id less than WCC_ACD_DECLINE_BACKOFF ago: not theirs to take yet. */
static gboolean
was_declined (Model  *model,
              gint64  call_id,
              gint64  agent_id,
              gint64  now)
{
  gboolean recent = FALSE;

  for (guint i = 0; i + 2 < model->declined->len; i += 3)
    if (g_array_index (model->declined, gint64, i) == call_id
        && g_array_index (model->declined, gint64, i + 1) == agent_id)
      recent = now < g_array_index (model->declined, gint64, i + 2) + WCC_ACD_DECLINE_BACKOFF;
  return recent;
}

/* An offer the signals say is current, chosen at random; FALSE when there is none. */
static gboolean
random_offer (Fixture *f,
              GRand   *rand,
              gint64  *out_call_id,
              gint64  *out_agent_id)
{
  g_autofree gpointer *agents = NULL;
  guint n;

  agents = g_hash_table_get_keys_as_array (f->offers, &n);
  if (n == 0)
    return FALSE;
  *out_agent_id = *(gint64 *) agents[g_rand_int_range (rand, 0, n)];
  *out_call_id = *(gint64 *) g_hash_table_lookup (f->offers, out_agent_id);
  return TRUE;
}

static void
random_step (Fixture *f,
             Model   *model,
             GRand   *rand)
{
  static const char * const reasons[] = { "lunch", "meeting", "training" };
  g_autoptr(GError) error = NULL;
  gint64 agent_id = random_agent (rand);
  gint64 *direct = &model->direct[agent_id - 101];
  gint64 call_id;

  switch (g_rand_int_range (rand, 0, 13))
    {
    case 0:
    case 1:
      call_id = ++model->next_call_id;
      enqueue (f, call_id, g_rand_boolean (rand) ? SALES : SUPPORT);
      g_array_append_val (model->calls, call_id);
      break;
    case 2:
      if (model->calls->len > 0)
        {
          guint i = g_rand_int_range (rand, 0, model->calls->len);
          hang_up (f, g_array_index (model->calls, gint64, i));
          g_array_remove_index (model->calls, i);
        }
      break;
    case 3:
      if (random_offer (f, rand, &call_id, &agent_id))
        answer (f, call_id, agent_id);
      break;
    case 4:
      if (random_offer (f, rand, &call_id, &agent_id))
        {
          decline (f, call_id, agent_id);
          g_array_append_val (model->declined, call_id);
          g_array_append_val (model->declined, agent_id);
          g_array_append_val (model->declined, f->now);
        }
      break;
    case 5:
      set_registrations (f, agent_id, g_rand_int_range (rand, 0, 3));
      break;
    case 6:
      if (g_rand_boolean (rand))
        wcc_acd_agent_log_in (f->acd, agent_id, f->now, &error);
      else
        wcc_acd_agent_log_out (f->acd, agent_id, f->now, &error);
      g_assert_no_error (error);
      break;
    case 7:
      /* Refused without a login or a phone: that is fine here. */
      wcc_acd_agent_set_ready (f->acd, agent_id, f->now, NULL);
      break;
    case 8:
      wcc_acd_agent_set_pause (f->acd, agent_id, reasons[g_rand_int_range (rand, 0, 3)], f->now, NULL);
      break;
    case 9:
      wcc_acd_agent_set_pause_after_call (f->acd, agent_id,
                                          g_rand_boolean (rand) ? "meeting" : NULL, f->now, NULL);
      break;
    case 10:
      sign_in (f, agent_id, g_rand_boolean (rand) ? SALES : 0, g_rand_boolean (rand) ? SUPPORT : 0);
      break;
    case 11:
      if (*direct != 0)
        {
          direct_call_end (f, agent_id, *direct);
          *direct = 0;
        }
      else
        {
          *direct = 100000 + ++model->next_call_id;
          direct_call_start (f, agent_id, *direct);
        }
      break;
    default:
      tick_us (f, g_rand_int_range (rand, 0, SECONDS (20)));
      break;
    }
}

static gboolean
agent_signed_in (Fixture *f,
                 gint64   agent_id,
                 gint64   group_id)
{
  g_autoptr(GArray) groups = wcc_acd_agent_dup_groups (f->acd, agent_id, NULL);

  for (guint i = 0; i < groups->len; i++)
    if (g_array_index (groups, gint64, i) == group_id)
      return TRUE;
  return FALSE;
}

static void
check_invariants (Fixture *f,
                  Model   *model)
{
  guint unanswered[2] = { 0, 0 };

  /* Nothing is overdue after an entry point; the announced deadline is the real one. */
  g_assert_cmpint (wcc_acd_next_deadline (f->acd), >, f->now);
  g_assert_cmpint (f->deadline, ==, wcc_acd_next_deadline (f->acd));

  for (gint64 agent_id = 101; agent_id < 101 + N_AGENTS; agent_id++)
    {
      WccAcdAgentInfo agent = agent_info (f, agent_id);
      gint64 *offered = g_hash_table_lookup (f->offers, &agent_id);
      int *announced = g_hash_table_lookup (f->states, &agent_id);

      /* Ringing exactly when an offer is out, and the events said so. */
      g_assert_cmpint (announced != NULL ? *announced : WCC_ACD_AGENT_OFFLINE, ==, agent.state);
      g_assert_cmpint (agent.state == WCC_ACD_AGENT_RINGING, ==, offered != NULL);
      g_assert_cmpint (agent.offered_call_id, ==, offered != NULL ? *offered : 0);
      if (offered != NULL)
        {
          WccAcdCallInfo call = call_info (f, *offered);
          g_assert_cmpint (call.state, ==, WCC_ACD_CALL_OFFERED);
          g_assert_cmpint (call.agent_id, ==, agent_id);
          g_assert_true (agent_signed_in (f, agent_id, call.group_id));
        }
      if (!agent.logged_in || agent.registrations == 0)
        g_assert_cmpint (agent.state, ==, WCC_ACD_AGENT_OFFLINE);
      if (agent.state == WCC_ACD_AGENT_PAUSE)
        g_assert_nonnull (agent.pause_reason);
      if (agent.state == WCC_ACD_AGENT_AFTER_CALL_WORK)
        g_assert_cmpint (agent.after_call_work_until, >, f->now);
      if (agent.state == WCC_ACD_AGENT_READY || agent.state == WCC_ACD_AGENT_PAUSE
          || agent.state == WCC_ACD_AGENT_RINGING)
        g_assert_cmpint (agent.after_call_work_until, ==, 0);
    }

  for (guint i = 0; i < model->calls->len; i++)
    {
      WccAcdCallInfo call = call_info (f, g_array_index (model->calls, gint64, i));

      g_assert_cmpint (call.position == 0, ==, call.state == WCC_ACD_CALL_CONNECTED);
      if (call.state != WCC_ACD_CALL_CONNECTED)
        unanswered[call.group_id == SALES ? 0 : 1]++;
      /* No call waits while a Ready agent could take it. */
      if (call.state == WCC_ACD_CALL_WAITING)
        for (gint64 agent_id = 101; agent_id < 101 + N_AGENTS; agent_id++)
          g_assert_false (agent_info (f, agent_id).state == WCC_ACD_AGENT_READY
                          && agent_signed_in (f, agent_id, call.group_id)
                          && !was_declined (model, call.call_id, agent_id, f->now));
    }

  /* Every call that came in is waiting, answered or abandoned. */
  for (guint g = 0; g < 2; g++)
    {
      WccAcdGroupFigures figures_now = figures (f, g == 0 ? SALES : SUPPORT);
      g_assert_cmpuint (figures_now.waiting, ==, unanswered[g]);
      g_assert_cmpuint (figures_now.inbound, ==,
                        figures_now.waiting + figures_now.answered + figures_now.abandoned);
    }
}

static void
test_random_invariants (Fixture *f, gconstpointer data)
{
  for (guint32 seed = 1; seed <= 30; seed++)
    {
      Fixture fixture = { 0 };
      Model model = { 0 };
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

      g_test_message ("seed %u", seed);
      fixture_setup (&fixture, NULL);
      set_settings (&fixture, SALES, 15, 3, 20, 20);
      set_settings (&fixture, SUPPORT, 10, 0, WCC_ACD_AFTER_CALL_WORK_UNTIL_READY, 30);
      model.calls = g_array_new (FALSE, FALSE, sizeof (gint64));
      model.declined = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (gint64 agent_id = 101; agent_id < 101 + N_AGENTS; agent_id++)
        add_agent (&fixture, agent_id, agent_id % 2 ? SALES : SUPPORT, agent_id % 3 ? 0 : SALES);
      for (guint step = 0; step < 400; step++)
        {
          random_step (&fixture, &model, rand);
          check_invariants (&fixture, &model);
          forget_log (&fixture);
        }
      g_array_unref (model.calls);
      g_array_unref (model.declined);
      fixture_teardown (&fixture, NULL);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (50);
#define ADD(path, func) g_test_add ("/acd/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("route/longest-idle", test_route_longest_idle);
  ADD ("route/skips-unavailable", test_route_skips_unavailable);
  ADD ("ring-timeout/next-agent-then-pause", test_ring_timeout_auto_pause);
  ADD ("ring-timeout/fires-at-deadlines", test_timers_fire_at_deadlines);
  ADD ("offer/declined", test_decline);
  ADD ("offer/declined-comes-back", test_decline_comes_back);
  ADD ("offer/ringing-agent-leaves", test_ringing_agent_leaves);
  ADD ("after-call-work/timer", test_after_call_work_timer);
  ADD ("after-call-work/until-ready", test_after_call_work_until_ready);
  ADD ("agent/pause-after-call", test_pause_after_call);
  ADD ("agent/login-needs-phone", test_login_needs_phone);
  ADD ("agent/registration-lost", test_registration_lost);
  ADD ("agent/direct-calls", test_direct_calls);
  ADD ("abandon/waiting", test_abandon_waiting);
  ADD ("abandon/ringing", test_abandon_ringing);
  ADD ("race/one-agent", test_race_for_one_agent);
  ADD ("race/across-groups", test_race_across_groups);
  ADD ("queue/positions-and-waits", test_positions_and_waits);
  ADD ("figures/service-level", test_service_level);
  ADD ("events/in-order", test_events_in_order);
  ADD ("events/reentrant-handlers", test_reentrant_handlers);
  ADD ("errors", test_errors);
  ADD ("invariants/random", test_random_invariants);
#undef ADD
  return g_test_run ();
}
