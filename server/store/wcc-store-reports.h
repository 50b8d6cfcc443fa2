/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-reports.h: the agents' state history (written by the server as states change)
 * and the facts of a period that the summary report (R4) and an agent's personal
 * statistics (R2) are made of. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

/* The states whose time the reports sum. */
typedef enum {
  WCC_REPORT_STATE_AFTER_CALL,
  WCC_REPORT_STATE_PAUSE,
} WccReportState;

/* A call to one of the client's queues (an inbound call with a group). Times µs, 0: none. */
typedef struct {
  gint64 call_id;
  gint64 group_id;
  gint64 agent_id;        /* who answered it; 0: nobody */
  gint64 offered_at;
  gint64 answered_at;
  gint64 ended_at;
} WccStoreReportQueueCall;

/* An agent a queue call rang. */
typedef struct {
  gint64   call_id;
  gint64   user_id;
  gint64   offered_at;    /* the call's, µs */
  gboolean abandoned;     /* the caller hung up while it rang them (nobody answered) */
} WccStoreReportOffer;

/* A call with a customer (not internal) that an agent placed, took or answered a leg of. */
typedef struct {
  gint64 call_id;
  gint64 user_id;
  gint64 answered_at;     /* µs */
  gint64 ended_at;        /* µs; 0 while going */
} WccStoreReportConnected;

/* A stretch of after-call work or pause, clipped to the period. */
typedef struct {
  gint64         user_id;
  WccReportState state;
  gint64         pause_reason_id;   /* pauses; 0: none known */
  gint64         started_at;        /* µs */
  gint64         ended_at;          /* µs */
} WccStoreReportInterval;

/* A contact record saved with the funnel stage success. */
typedef struct {
  gint64 user_id;
  gint64 created_at;      /* Unix seconds */
} WccStoreReportSuccess;

typedef struct {
  GArray *queue_calls;    /* of WccStoreReportQueueCall, offered in the period */
  GArray *offers;         /* of WccStoreReportOffer, for those calls */
  GArray *connected;      /* of WccStoreReportConnected, answered in the period */
  GArray *intervals;      /* of WccStoreReportInterval, overlapping the period */
  GArray *successes;      /* of WccStoreReportSuccess, saved in the period */
} WccStoreReportFacts;

void wcc_store_report_facts_free (WccStoreReportFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreReportFacts, wcc_store_report_facts_free)

/* The state history: @user_id is in @state (the ACD's name: "ready", "pause",
 * "after_call_work" …; NULL: offline, no stretch) from @at (real time, µs) on, with
 * @pause_reason_id (0: none) in a pause. The stretch the agent was in ends at @at. */
void                 wcc_store_agent_state_record     (WccStore   *self,
                                                       gint64      client_id,
                                                       gint64      user_id,
                                                       const char *state,
                                                       gint64      pause_reason_id,
                                                       gint64      at);
/* Whether the client has any call record (the demo's history is made only into none). */
gboolean             wcc_store_client_has_calls       (WccStore   *self,
                                                       gint64      client_id);
/* Ends every stretch still open at @at (µs): the server restarted. The number ended. */
guint                wcc_store_agent_state_close_open (WccStore   *self,
                                                       gint64      at);

/* The client's facts from @from to before @to (µs); stretches still open end at @now
 * (µs). Queue calls count by their offer time, connected calls by their answer time,
 * records by when they were saved. Read in a thread on a read-only connection of its own
 * (the server's loop is not held up by a long period); WCC_ERROR_UNAVAILABLE when the
 * database stays locked. */
void                 wcc_store_report_facts_async     (WccStore            *self,
                                                       gint64               client_id,
                                                       gint64               from,
                                                       gint64               to,
                                                       gint64               now,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
WccStoreReportFacts *wcc_store_report_facts_finish    (WccStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The SQL texts of those reads (NULL-terminated), for checks of their query plans. */
const char * const  *wcc_store_report_statements      (void);

G_END_DECLS
