/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-monitor.h: what the team leaders' real-time monitor (R5) shows of each agent
 * beyond their state: the current call, its quality, and today's calls and talk time. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-event-hub.h"
#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct _WccServerAcd WccServerAcd;

/*
 * Fed by the WccServerAcd ("agent-changed") and by the agents' desktops (call quality), it
 * publishes "monitor.agent" (docs/api.md) to the agent's watchers (the client admins, the
 * leaders of the agent's groups). Changes are gathered and published from one idle, once
 * per agent however many came: by then the SIP layer has written the call record that the
 * change came from (number, customer, answer time, its end).
 */

#define WCC_TYPE_SERVER_MONITOR (wcc_server_monitor_get_type ())
G_DECLARE_FINAL_TYPE (WccServerMonitor, wcc_server_monitor, WCC, SERVER_MONITOR, GObject)

/* @acd is not referenced: it owns the monitor. */
WccServerMonitor *wcc_server_monitor_new          (WccStore          *store,
                                                   WccEventHub       *hub,
                                                   WccServerAcd      *acd);
/* Something of the agent changed: publish them again (from an idle). */
void              wcc_server_monitor_agent_changed (WccServerMonitor *self,
                                                   gint64             client_id,
                                                   gint64             agent_id);
/* The monitor's Agent object; NULL when @agent_id is no agent of @client_id. */
JsonObject       *wcc_server_monitor_agent_to_json (WccServerMonitor *self,
                                                   gint64             client_id,
                                                   gint64             agent_id);
/* Reads today's figures of every agent of @client_id again (before a snapshot). */
void              wcc_server_monitor_load_day     (WccServerMonitor  *self,
                                                   gint64             client_id);

/* The agent's desktop measured its current call: jitter (ms), packet loss (percent of
 * what it received) and MOS (1–5). WCC_ERROR_NOT_FOUND unless @call_id is the call the
 * agent is on now. */
gboolean          wcc_server_monitor_set_quality  (WccServerMonitor  *self,
                                                   gint64             client_id,
                                                   gint64             agent_id,
                                                   gint64             call_id,
                                                   double             jitter_ms,
                                                   double             packet_loss,
                                                   double             mos,
                                                   GError           **error);

G_END_DECLS
