/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-log.h: the softphone's call log, a local SQLite file; a list model of WccCallRecord, newest first. */
#pragma once

#include <gio/gio.h>

#include "wcc-call-record.h"

G_BEGIN_DECLS

#define WCC_TYPE_CALL_LOG (wcc_call_log_get_type ())
G_DECLARE_FINAL_TYPE (WccCallLog, wcc_call_log, WCC, CALL_LOG, GObject)

/* A GListModel of WccCallRecord, newest first, holding at most WCC_CALL_LOG_MAX_CALLS
 * (older calls are dropped from the file as new ones come).
 * Property "missed-count" (uint, notify): missed calls the agent has not looked at yet.
 * Changes show in the model at once; the file is written behind, on a thread of its own,
 * in the order of the changes. Signal "write-failed" (string message): the file refused a
 * change (emitted in the thread-default main context of wcc_call_log_open()). */
#define WCC_CALL_LOG_MAX_CALLS 1000

/* g_get_user_data_dir()/wcc-desktop/calls-HOST_PORT-ACCOUNT.sqlite */
char          *wcc_call_log_default_path     (const char              *base_url,
                                              const char              *account);
/* The path of a log kept in memory only (when the data folder cannot be written). */
#define WCC_CALL_LOG_IN_MEMORY ":memory:"

/* Opens (or creates, owner-only, WAL, schema version) the file. */
WccCallLog    *wcc_call_log_open             (const char              *path,
                                              GError                 **error);
const char    *wcc_call_log_get_path         (WccCallLog              *self);

/* Keeps a finished call. Returns the new record (a new reference). */
WccCallRecord *wcc_call_log_add              (WccCallLog              *self,
                                              WccCallRecordDirection   direction,
                                              const char              *number,
                                              const char              *name,
                                              gint64                   started_at,
                                              guint                    duration,
                                              WccCallRecordOutcome     outcome);
void           wcc_call_log_delete           (WccCallLog              *self,
                                              gint64                   id);
guint          wcc_call_log_get_missed_count (WccCallLog              *self);
/* The agent has seen the missed calls: the count goes back to 0. */
void           wcc_call_log_mark_seen        (WccCallLog              *self);
/* Completes once every change made before it has been written (or has failed). Closing
 * the log (its last reference) also waits for them. */
void           wcc_call_log_flush_async      (WccCallLog              *self,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
gboolean       wcc_call_log_flush_finish     (WccCallLog              *self,
                                              GAsyncResult            *result,
                                              GError                 **error);
/* Every call as CSV, newest first: a header row, then direction, number, name, start (local
 * time, "2024-05-01 09:30:00"), duration in seconds, outcome. */
char          *wcc_call_log_to_csv           (WccCallLog              *self);

G_END_DECLS
