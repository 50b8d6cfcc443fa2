/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-agent.h: an agent's side of a real wcc-server's HTTP API, for the tests that
 * drive calls through it: requests, login, Ready in a queue, the agent's state. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-test-util.h"

G_BEGIN_DECLS

/* One JSON request (blocking: the server is another process); fails the test unless the
 * answer is @expect. Returns the body's object, NULL for an empty body. */
JsonObject *wcc_test_api_request     (WccTestServer *server,
                                      const char    *method,
                                      const char    *path,
                                      const char    *token,
                                      const char    *body,
                                      guint          expect);
/* Logs EMPLOYEE@demo in with the demo web password; returns the token and the user's id. */
char       *wcc_test_agent_login     (WccTestServer *server,
                                      const char    *employee,
                                      gint64        *out_user_id);
/* Signs the agent in to the group of queue @queue_number (only that one) and makes them
 * Ready (their phone must be registered). */
void        wcc_test_agent_ready     (WccTestServer *server,
                                      const char    *token,
                                      const char    *queue_number);
/* The agent's state ("ready", "on_call", …) from GET /api/v1/agent/state. */
char       *wcc_test_agent_state     (WccTestServer *server,
                                      const char    *token,
                                      guint         *out_phones);

/* The agent's event stream (GET /api/v1/events as a WebSocket): every event's type and
 * data, in order, as they come while the main context runs. */
typedef struct _WccTestEvents WccTestEvents;

WccTestEvents *wcc_test_events_open  (WccTestServer *server,
                                      const char    *token);
/* Runs the main context until an event of @type comes (after those already taken) and
 * returns its data (owned by @events); fails after @timeout_ms. */
JsonObject    *wcc_test_events_wait  (WccTestEvents *events,
                                      const char    *type,
                                      guint          timeout_ms);
void           wcc_test_events_close (WccTestEvents *events);

G_END_DECLS
