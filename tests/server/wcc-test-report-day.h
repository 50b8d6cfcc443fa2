/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-report-day.h: a constructed day of a call centre for the report tests (R2, R4):
 * queue calls (answered, abandoned, rung at several agents, across midnight), outbound
 * calls, after-call work and pauses (across midnight and hours), success submissions —
 * written into a real store by its own functions — and the figures a report of the day
 * must show, computed from the same records. */
#pragma once

#include <glib.h>

/* Not wcc-store.h: the UI tests include the client's headers, whose names clash. */
typedef struct _WccStore WccStore;

G_BEGIN_DECLS

#define REPORT_DAY_GROUPS  2
#define REPORT_DAY_AGENTS  3
#define REPORT_DAY_REASONS 2

typedef struct {
  WccStore *store;
  gint64    client_id;
  gint64    day_start;                        /* the day's local midnight (Unix seconds) */
  gint64    day_end;                          /* the next one */
  gint64    groups[REPORT_DAY_GROUPS];
  gint64    agents[REPORT_DAY_AGENTS];        /* agents 0 and 1 in group 0, agent 2 in group 1 */
  gint64    reasons[REPORT_DAY_REASONS];      /* pause reasons of the client */
  gint64    customer_id;                      /* a customer of the client (success records) */
  gint64    success_result;                   /* a call result with the funnel stage success */
} ReportDay;

typedef struct {
  gint64 offered, answered, abandoned;
  double avg_wait;
  gint64 connected, talk_time;
  double avg_talk;
  gint64 after_call_time, pause_time;
  gint64 pause_by_reason[REPORT_DAY_REASONS];
  gint64 success;
  /* sums for the averages */
  gint64 wait_sum, talked, talk_sum;
} ReportFigures;

typedef struct {
  ReportFigures groups[REPORT_DAY_GROUPS];    /* queue figures, then their agents' */
  ReportFigures agents[REPORT_DAY_AGENTS];
  ReportFigures hours[24];                    /* the whole day (both groups, every agent) */
} ReportExpected;

/* Writes the day's records (times relative to @day->day_start). */
void report_day_build  (ReportDay       *day);
/* What a report of the day must show, from the records report_day_build() wrote. */
void report_day_expect (const ReportDay *day,
                        ReportExpected  *out);
/* @sum += @add; @queue: the queue figures too. Then the averages again. */
void report_figures_add (ReportFigures       *sum,
                         const ReportFigures *add,
                         gboolean             queue);
/* The day from @day_start to @day_end (Unix seconds) written into the store file at
 * @db_path (no server running) for the demo client: agents 1001, 1002 (Sales) and 1006
 * (Service), its first two pause reasons, a customer and a success result of its own. */
void report_day_construct_demo (const char     *db_path,
                                gint64          day_start,
                                gint64          day_end,
                                ReportDay      *day,
                                ReportExpected *want);

G_END_DECLS
