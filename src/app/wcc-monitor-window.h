/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-monitor-window.h: the team leader's real-time monitor (R5): a window for a second
 * screen with the watched groups' queue figures and a sortable table of their agents. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

/*
 * Fed by a WccMonitor (snapshot + events, no polling). One one-second timer for the whole
 * window counts on what moves with the clock (time in state, call durations, longest
 * waits) in the rows and tiles shown, and colours what passed the thresholds of GSettings
 * ("monitor-long-wait", "monitor-long-pause"). F11 or the header button toggles full
 * screen. Widget names for tests: tiles "monitor-group-<id>" with labels "waiting",
 * "longest-wait", "service-level", "answered", "abandoned", "inbound"; the table
 * "monitor-agents" (cells named "agent-<id>-<column>": name, state, time, call, duration,
 * quality, groups, calls, talk).
 */

#define WCC_TYPE_MONITOR_WINDOW (wcc_monitor_window_get_type ())
G_DECLARE_FINAL_TYPE (WccMonitorWindow, wcc_monitor_window, WCC, MONITOR_WINDOW, AdwWindow)

WccMonitorWindow *wcc_monitor_window_new         (WccSession        *session);
WccMonitor       *wcc_monitor_window_get_monitor (WccMonitorWindow  *self);
/* The user's softphone: it answers the server's call for a supervision the user starts
 * from a row's menu (actions "monitor.supervise" (call id, mode), "monitor.stop-supervising"
 * (call id); the button is named "agent-<id>-supervise"). */
void              wcc_monitor_window_set_softphone (WccMonitorWindow *self,
                                                    WccSoftphone     *softphone);

/* Columns of the table, for sorting (and tests). */
typedef enum {
  WCC_MONITOR_COLUMN_NAME,
  WCC_MONITOR_COLUMN_STATE,
  WCC_MONITOR_COLUMN_TIME,
  WCC_MONITOR_COLUMN_CALL,
  WCC_MONITOR_COLUMN_DURATION,
  WCC_MONITOR_COLUMN_QUALITY,
  WCC_MONITOR_COLUMN_GROUPS,
  WCC_MONITOR_COLUMN_CALLS,
  WCC_MONITOR_COLUMN_TALK,
  WCC_MONITOR_N_COLUMNS
} WccMonitorColumn;

void              wcc_monitor_window_sort_by     (WccMonitorWindow  *self,
                                                  WccMonitorColumn   column,
                                                  GtkSortType        order);

G_END_DECLS
