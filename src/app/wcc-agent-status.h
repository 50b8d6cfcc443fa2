/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-agent-status.h: the status bar's agent part: state switch, group sign-ins, queue, outbox. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_AGENT_STATUS (wcc_agent_status_get_type ())
G_DECLARE_FINAL_TYPE (WccAgentStatus, wcc_agent_status, WCC, AGENT_STATUS, AdwBin)

/* Signals:
 *   toast (const char *message): something to tell the agent, such as the server's answer
 *       to a refused change. */

/* @session: the logged-in agent's session, or NULL. */
void        wcc_agent_status_set_session (WccAgentStatus *self,
                                          WccSession     *session);
WccSession *wcc_agent_status_get_session (WccAgentStatus *self);
/* The softphone whose switch (S2) the status bar shows, or NULL. */
void        wcc_agent_status_set_softphone (WccAgentStatus *self,
                                            WccSoftphone   *softphone);

G_END_DECLS
