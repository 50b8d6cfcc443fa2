/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-write-description.h: a write of the API in the agent's words ("Contact record for …"). */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-client.h"

G_BEGIN_DECLS

/* The customer a write is about: the id in its path (/customers/{id}/…) or its body's
 * "customer_id"; 0 when none. */
gint64  wcc_write_get_customer_id (const char   *path,
                                   JsonObject   *body);

/* What the write is, for the agent: "Contact record for Yamada Trading", "SMS to …",
 * "Ticket change". @customer_label names the customer of wcc_write_get_customer_id() (its
 * "tab_label"); NULL: unknown, the id stands in. @body may be NULL. */
char   *wcc_write_describe        (const char   *method,
                                   const char   *path,
                                   JsonObject   *body,
                                   const char   *customer_label);

/* The write's content as "field: value" lines, to read, copy and type again; NULL
 * without a body. */
char   *wcc_write_format_content  (JsonObject   *body);

/* wcc_write_describe() with the customer's label read from the server (GET
 * /customers/{id}); the id stands in when it cannot be read. */
void    wcc_write_describe_async  (WccClient           *client,
                                   const char          *method,
                                   const char          *path,
                                   const char          *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char   *wcc_write_describe_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
