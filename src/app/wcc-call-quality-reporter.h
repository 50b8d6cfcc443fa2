/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-quality-reporter.h: tells the server the RTCP figures (jitter, loss, MOS) of the
 * softphone's current call every few seconds, for the leaders' monitor (R5). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _WccSoftphone WccSoftphone;

/* Every WCC_CALL_QUALITY_INTERVAL seconds while the current call is answered, known to the
 * server (X-WCC-Call-Id) and measured (a MOS from RTCP): PUT /api/v1/agent/call-quality.
 * A report that fails is dropped: the next one brings newer figures. */
#define WCC_CALL_QUALITY_INTERVAL 5

#define WCC_TYPE_CALL_QUALITY_REPORTER (wcc_call_quality_reporter_get_type ())
G_DECLARE_FINAL_TYPE (WccCallQualityReporter, wcc_call_quality_reporter, WCC, CALL_QUALITY_REPORTER, GObject)

/* @softphone is not referenced: it owns the reporter. */
WccCallQualityReporter *wcc_call_quality_reporter_new  (WccSoftphone           *softphone);
/* How many reports the server took (for tests and the debug log). */
guint                   wcc_call_quality_reporter_get_sent (WccCallQualityReporter *self);

G_END_DECLS
