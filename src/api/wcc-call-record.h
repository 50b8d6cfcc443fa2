/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-record.h: one call of the softphone's call log (immutable, for list rows to bind to). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  WCC_CALL_RECORD_OUTGOING,
  WCC_CALL_RECORD_INCOMING,
} WccCallRecordDirection;

typedef enum {
  WCC_CALL_RECORD_ANSWERED,      /* talked (either direction) */
  WCC_CALL_RECORD_MISSED,        /* rang here, the caller gave up or it went to someone else */
  WCC_CALL_RECORD_DECLINED,      /* rang here, the agent declined it */
  WCC_CALL_RECORD_NOT_ANSWERED,  /* dialled from here, never answered (busy, cancelled …) */
} WccCallRecordOutcome;

#define WCC_CALL_RECORD_OUTCOME_LAST WCC_CALL_RECORD_NOT_ANSWERED

#define WCC_TYPE_CALL_RECORD (wcc_call_record_get_type ())
G_DECLARE_FINAL_TYPE (WccCallRecord, wcc_call_record, WCC, CALL_RECORD, GObject)

/* Properties (read-only, construct-only): "id" int64, "direction" int, "number" string,
 * "name" string (what the call said of the other side, may be empty), "started-at" int64
 * (Unix seconds), "duration" uint (seconds talked), "outcome" int. */

WccCallRecord         *wcc_call_record_new            (gint64                  id,
                                                       WccCallRecordDirection  direction,
                                                       const char             *number,
                                                       const char             *name,
                                                       gint64                  started_at,
                                                       guint                   duration,
                                                       WccCallRecordOutcome    outcome);
gint64                 wcc_call_record_get_id         (WccCallRecord          *self);
WccCallRecordDirection wcc_call_record_get_direction  (WccCallRecord          *self);
const char            *wcc_call_record_get_number     (WccCallRecord          *self);
const char            *wcc_call_record_get_name       (WccCallRecord          *self);
gint64                 wcc_call_record_get_started_at (WccCallRecord          *self);
guint                  wcc_call_record_get_duration   (WccCallRecord          *self);
WccCallRecordOutcome   wcc_call_record_get_outcome    (WccCallRecord          *self);

/* "Answered", "Missed" … for people (translated). */
const char            *wcc_call_record_outcome_to_string   (WccCallRecordOutcome   outcome);
const char            *wcc_call_record_direction_to_string (WccCallRecordDirection direction);

G_END_DECLS
