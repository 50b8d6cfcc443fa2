/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-agent-work-window.h: acting for an agent (R3): a leader's read-only view of an agent
 * of their groups — customers, appointments, contact records, and the audit entries of what
 * was done for them — where customers and appointments are reassigned to another agent of
 * the leader's groups (D2); the server logs each with both names. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_AGENT_WORK_WINDOW (wcc_agent_work_window_get_type ())
G_DECLARE_FINAL_TYPE (WccAgentWorkWindow, wcc_agent_work_window, WCC, AGENT_WORK_WINDOW, AdwWindow)

WccAgentWorkWindow *wcc_agent_work_window_new      (WccSession         *session,
                                                    gint64              agent_id);
gint64              wcc_agent_work_window_get_agent_id (WccAgentWorkWindow *self);
/* Shows one section: "customers", "appointments", "records" or "audit". */
void                wcc_agent_work_window_show_section (WccAgentWorkWindow *self,
                                                    const char         *name);
/* Reads everything again. */
void                wcc_agent_work_window_reload   (WccAgentWorkWindow *self);
/* How many loads are still running (tests wait for 0). */
guint               wcc_agent_work_window_get_loading (WccAgentWorkWindow *self);

G_END_DECLS
