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

G_END_DECLS
