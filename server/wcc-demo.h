/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-demo.h: the demo client (tenant) that `wcc-server --demo` creates once. */
#pragma once

#include <stdio.h>

#include "wcc-store.h"

G_BEGIN_DECLS

#define WCC_DEMO_CLIENT "demo"

/* Creates the demo client, its users and groups unless they exist. */
gboolean wcc_demo_ensure         (WccStore  *store,
                                  GError   **error);
/* The demo accounts with their web and SIP passwords, how their phones register to
 * @registrar (ADDRESS:PORT) and the queue numbers, for the console at start. */
void     wcc_demo_print_accounts (FILE       *out,
                                  const char *registrar);

/* @days days before @now's day (µs, local time) of the demo client's work — queue calls,
 * the agents' own calls, their states — for the reports; weekends off; made only when the
 * client has no call yet. */
gboolean wcc_demo_ensure_history (WccStore  *store,
                                  guint      days,
                                  gint64     now,
                                  GError   **error);

/* Customers (issue 5) */
#define WCC_DEMO_CUSTOMERS 10000

typedef void (*WccDemoProgressFunc) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* The demo's package, tasks, call results, tags and WCC_DEMO_CUSTOMERS customers, unless
 * the client has a package already; its ticket choices and product types in any case
 * (each unless the client has some), so that older demo databases get them too. */
gboolean wcc_demo_ensure_customers (WccStore  *store,
                                    gint64     client_id,
                                    GError   **error);
/* @count made-up customers with Japanese and Chinese names and numbers (the same every
 * time), spread over the client's tasks (a "Generated" one when it has none), in the
 * pools; with @some_owned one in 8 belongs to an agent of its task. One transaction. */
gboolean wcc_demo_generate_customers (WccStore    *store,
                                      gint64       client_id,
                                      guint        count,
                                      gboolean     some_owned,
                                      WccDemoProgressFunc progress,
                                      gpointer     user_data,
                                      GError     **error);

/* Orders (C13): the demo's product types, unless the client has any. */
gboolean wcc_demo_ensure_product_types (WccStore  *store,
                                        gint64     client_id,
                                        GError   **error);

/* Tickets (C11): the demo's ticket categories, statuses and results, unless the client has
 * any. */
gboolean wcc_demo_ensure_ticket_choices (WccStore  *store,
                                         gint64     client_id,
                                         GError   **error);

G_END_DECLS
