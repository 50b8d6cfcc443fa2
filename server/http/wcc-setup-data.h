/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-data.h: the checks of a client's set-up data (C1, C16, C21, C11, C13, pause
 * reasons) as read from a JSON body: the API's handlers and `wcc-server admin` both read
 * through these, so a record is checked alike whichever way it comes. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-store.h"
#include "wcc-store-orders.h"
#include "wcc-store-tickets.h"

G_BEGIN_DECLS

/* Each reads the members of @body onto the record: @creating, the ones a new record needs
 * must be there and "version" must not; an edit may give any of them and must give
 * "version" (read separately with wcc_api_read_version()). Unknown members, bad values and
 * out-of-range numbers fail with WCC_ERROR_INVALID_FIELD; what the store checks (a taken
 * name, references to other clients' records) is left to the store. */

/* "name" (1–200 characters), "fields": the custom field definitions, stored as JSON. */
gboolean wcc_setup_read_package      (JsonObject            *body,
                                      gboolean               creating,
                                      WccStorePackage       *package,
                                      GError               **error);
/* "package_id" (creating only), "name", "groups" and "call_results" (ids),
 * "after_call_work" (0–3600 seconds), "contact_history" ("auto" or "manual"),
 * "questionnaire_id" (null: none). */
gboolean wcc_setup_read_task         (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreTask          *task,
                                      GError               **error);
/* "label", "funnel" ("success", "fail", "follow_up"), "call_state" ("any", "answered",
 * "unanswered"), "position". */
gboolean wcc_setup_read_call_result  (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreCallResult    *result,
                                      GError               **error);
/* "name" (1–200 characters). */
gboolean wcc_setup_read_tag          (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreTag           *tag,
                                      GError               **error);
/* "label" (1–200 characters), "position", "active". */
gboolean wcc_setup_read_ticket_choice (JsonObject           *body,
                                      gboolean               creating,
                                      WccStoreTicketChoice  *choice,
                                      GError               **error);
/* "name" (1–200 characters, stripped). */
gboolean wcc_setup_read_product_type (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreProductType   *type,
                                      GError               **error);
/* "label" (1–200 characters, stripped), "position". */
gboolean wcc_setup_read_pause_reason (JsonObject            *body,
                                      gboolean               creating,
                                      WccStorePauseReason   *reason,
                                      GError               **error);
/* Creating: "employee_id", "password" (into *@out_password, not checked here: NULL for the
 * command line, which reads it from standard input); both: "surname", "given_name" (0–64
 * characters), "roles" (["agent", "leader", "client_admin"], at least one: required when
 * creating); an edit: "disabled". */
gboolean wcc_setup_read_user         (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreUser          *user,
                                      const char           **out_password,
                                      GError               **error);
/* A new web password: 8 to 128 characters (PATCH /me, POST /users, a reset, and the
 * passwords `wcc-server admin` reads from standard input). */
#define WCC_SETUP_PASSWORD_MIN_CHARS 8
#define WCC_SETUP_PASSWORD_MAX_CHARS 128
gboolean wcc_setup_check_password    (const char            *password,
                                      GError               **error);
/* "name" (1–200 characters, stripped) of an agent group. */
gboolean wcc_setup_read_group        (JsonObject            *body,
                                      gboolean               creating,
                                      WccStoreQueue         *group,
                                      GError               **error);
/* A group's queue settings, each optional: "queue_number" (up to 32 digits; "" or null:
 * none), "ring_timeout" (1–3600 s), "missed_offers_before_pause" (0–100, 0: never),
 * "after_call_work" (0–86400 s or "until_ready"), "service_level" (1–3600 s). */
gboolean wcc_setup_read_queue        (JsonObject            *body,
                                      WccStoreQueue         *queue,
                                      GError               **error);

G_END_DECLS
