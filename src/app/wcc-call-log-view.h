/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-log-view.h: the softphone's Recent list: every call, call again, add to contacts, copy, delete, export. */
#pragma once

#include <adwaita.h>

#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_CALL_LOG_VIEW (wcc_call_log_view_get_type ())
G_DECLARE_FINAL_TYPE (WccCallLogView, wcc_call_log_view, WCC, CALL_LOG_VIEW, AdwBin)

/* Signals: dial (const char *number); add-contact (const char *number, const char *name);
 * toast (const char *message).
 * Actions (group "recent", the call's id as "x"): call, add-contact, copy, delete; export
 * (asks where), export-file ("s": a path, the same without asking). */

void wcc_call_log_view_set_softphone (WccCallLogView *self,
                                      WccSoftphone   *softphone);

/* What a row's second line says of the call: its direction when answered ("Outgoing"), else
 * its outcome ("Missed"). */
char *wcc_call_log_view_describe      (WccCallRecord  *record);
/* What the row's end says: when it started (the time today, else the day) and, answered,
 * below it the minutes:seconds talked. */
char *wcc_call_log_view_describe_time (WccCallRecord  *record);

G_END_DECLS
