/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-tickets.c: tickets over real HTTP (C11, C12, D1, D3): ticket categories,
 * statuses and results; tickets of a saved customer, edits with versions, the change log,
 * appointments quick and chosen, comments, the link from a contact record, events, roles
 * and tenants on every endpoint. */
#include "wcc-demo.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* The demo fixture plus one choice of each kind and a customer of 1001. */
typedef struct {
  Fixture  base;
  gint64   category, status, result;
  gint64   customer;     /* of 1001, in task A (Sales, led by 2001) */
} TicketFixture;

static gint64
add_choice (Fixture             *fixture,
            gint64               client_id,
            WccTicketChoiceKind  kind,
            const char          *label)
{
  WccStoreTicketChoice choice = { .client_id = client_id, .kind = kind, .label = (char *) label, .active = TRUE };
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_ticket_choice_create (fixture->store, &choice, &error);

  g_assert_no_error (error);
  return id;
}

/* A ticket written by the store, as by @author_id. */
static gint64
add_ticket (Fixture    *fixture,
            gint64      client_id,
            gint64      customer_id,
            gint64      author_id,
            const char *title,
            gint64      result_id)
{
  WccStoreTicket ticket = { .client_id = client_id, .customer_id = customer_id, .title = (char *) title };
  g_autoptr(GError) error = NULL;
  gint64 id;

  ticket.choice_ids[WCC_TICKET_RESULT] = result_id;
  id = wcc_store_ticket_create (fixture->store, &ticket, author_id, &error);
  g_assert_no_error (error);
  return id;
}

static void
ticket_fixture_setup (TicketFixture *fixture, gconstpointer data)
{
  Fixture *base = &fixture->base;

  fixture_setup (base, data);
  fixture->category = add_choice (base, base->demo, WCC_TICKET_CATEGORY, "Complaint");
  fixture->status = add_choice (base, base->demo, WCC_TICKET_STATUS, "In progress");
  fixture->result = add_choice (base, base->demo, WCC_TICKET_RESULT, "Resolved");
  fixture->customer = add_customer (base, base->demo, base->package, base->task_a, base->api.agent_id,
                                    "Tanaka Shoji", "03-5555-0001");
}

static void
ticket_fixture_teardown (TicketFixture *fixture, gconstpointer data)
{
  fixture_teardown (&fixture->base, data);
}

static char *
ticket_path (gint64      ticket_id,
             const char *rest)
{
  return g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "%s", ticket_id, rest);
}

static char *
customer_tickets_path (gint64 customer_id)
{
  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/tickets", customer_id);
}

static JsonObject *
item (ApiResponse *response,
      guint        index)
{
  return json_array_get_object_element (items_of (response), index);
}

static JsonObject *
error_current (ApiResponse *response)
{
  return json_object_get_object_member (json_object_get_object_member (response->json, "error"), "current");
}

/* Set-up data: roles, versions, names, in use, inactive */

static void
test_choices_crud (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *kinds[] = { "ticket-categories", "ticket-statuses", "ticket-results" };
  gint64 used_category;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *list = g_strdup_printf ("/api/v1/%s", kinds[k]);
      g_autofree char *path = NULL;
      gint64 id;

      {
        g_autoptr(ApiResponse) r = expect (f, "POST", list, f->admin, "{\"label\": \"Urgent\", \"position\": 5}", 201);
        id = json_object_get_int_member (r->json, "id");
        g_assert_true (json_object_get_boolean_member (r->json, "active"));
        g_assert_cmpint (json_object_get_int_member (r->json, "position"), ==, 5);
        g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 1);
      }
      path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, list, id);
      /* The same label twice in one list: 409; agents and leaders only read. */
      {
        g_autoptr(ApiResponse) a = expect (f, "POST", list, f->admin, "{\"label\": \"Urgent\"}", 409);
        g_autoptr(ApiResponse) b = expect (f, "POST", list, f->agent, "{\"label\": \"Other\"}", 403);
        g_autoptr(ApiResponse) c = expect (f, "POST", list, f->leader, "{\"label\": \"Other\"}", 403);
        g_autoptr(ApiResponse) d = expect (f, "GET", list, f->agent, NULL, 200);
        g_assert_cmpstr (api_error_code (a), ==, "conflict");
        g_assert_true (id_in (items_of (d), id));
      }
      {
        g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->admin, "{\"version\": 1, \"label\": \"Very urgent\"}", 200);
        g_assert_cmpstr (json_object_get_string_member (r->json, "label"), ==, "Very urgent");
        g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
      }
      {
        g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->admin, "{\"version\": 1, \"label\": \"Stale\"}", 409);
        g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
        g_assert_cmpstr (json_object_get_string_member (error_current (r), "label"), ==, "Very urgent");
      }
      {
        g_autoptr(ApiResponse) a = expect (f, "PATCH", path, f->admin, "{\"version\": 2, \"label\": \"\"}", 400);
        g_autoptr(ApiResponse) b = expect (f, "PATCH", path, f->admin, "{\"version\": 2, \"colour\": \"red\"}", 400);
        g_autoptr(ApiResponse) c = expect (f, "PATCH", path, f->admin, "{\"label\": \"No version\"}", 400);
        g_autoptr(ApiResponse) d = expect (f, "DELETE", path, f->admin, NULL, 204);
        g_autoptr(ApiResponse) e = expect (f, "DELETE", path, f->admin, NULL, 404);
      }
    }
  /* A category of one kind is not found under another. */
  {
    g_autofree char *as_status = g_strdup_printf ("/api/v1/ticket-statuses/%" G_GINT64_FORMAT, fixture->category);
    g_autoptr(ApiResponse) r = expect (f, "DELETE", as_status, f->admin, NULL, 404);
  }

  /* In use: a ticket has it, so it is not deleted, but it can be set inactive; then it is
   * no longer offered for a new choice, and the tickets that have it keep it. */
  used_category = add_choice (f, f->demo, WCC_TICKET_CATEGORY, "Billing");
  {
    g_autofree char *tickets = customer_tickets_path (fixture->customer);
    g_autofree char *body = g_strdup_printf ("{\"title\": \"Wrong invoice\", \"category_id\": %" G_GINT64_FORMAT "}",
                                             used_category);
    g_autofree char *path = g_strdup_printf ("/api/v1/ticket-categories/%" G_GINT64_FORMAT, used_category);
    g_autofree char *ticket = NULL;
    gint64 ticket_id;

    {
      g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->agent, body, 201);
      ticket_id = json_object_get_int_member (r->json, "id");
    }
    ticket = ticket_path (ticket_id, "");
    {
      g_autoptr(ApiResponse) r = expect (f, "DELETE", path, f->admin, NULL, 409);
      g_assert_cmpstr (api_error_code (r), ==, "conflict");
    }
    {
      g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->admin, "{\"version\": 1, \"active\": false}", 200);
      g_assert_false (json_object_get_boolean_member (r->json, "active"));
    }
    {
      g_autoptr(ApiResponse) all = expect (f, "GET", "/api/v1/ticket-categories", f->agent, NULL, 200);
      g_autoptr(ApiResponse) offered = expect (f, "GET", "/api/v1/ticket-categories?active=1", f->agent, NULL, 200);
      g_autoptr(ApiResponse) bad = expect (f, "GET", "/api/v1/ticket-categories?active=yes", f->agent, NULL, 400);
      g_assert_true (id_in (items_of (all), used_category));
      g_assert_false (id_in (items_of (offered), used_category));
      g_assert_true (id_in (items_of (offered), fixture->category));
    }
    {
      g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->agent, body, 400);
      g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (r->json, "error"),
                                                               "message"), "no longer offered"));
    }
    {
      g_autoptr(ApiResponse) r = expect (f, "PATCH", ticket, f->agent, "{\"version\": 1, \"title\": \"Wrong invoice (March)\"}",
                                         200);
      g_assert_cmpint (json_object_get_int_member (r->json, "category_id"), ==, used_category);
      g_assert_cmpstr (json_object_get_string_member (r->json, "category"), ==, "Billing");
    }
  }
}

/* C11: tickets of a saved customer, edits with versions, and the change log */

static void
test_create_edit_and_change_log (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *tickets = customer_tickets_path (fixture->customer);
  g_autofree char *body = g_strdup_printf ("{\"title\": \" Refund request \", \"description\": \"Box arrived broken\","
                                           " \"category_id\": %" G_GINT64_FORMAT ", \"status_id\": %" G_GINT64_FORMAT "}",
                                           fixture->category, fixture->status);
  g_autofree char *path = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *edit = NULL;
  gint64 id, other_status = add_choice (f, f->demo, WCC_TICKET_STATUS, "Waiting"), rows;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->agent, body, 201);
    id = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "title"), ==, "Refund request");
    g_assert_cmpstr (json_object_get_string_member (r->json, "category"), ==, "Complaint");
    g_assert_cmpstr (json_object_get_string_member (r->json, "status"), ==, "In progress");
    g_assert_true (json_object_get_null_member (r->json, "result_id"));
    g_assert_true (json_object_get_null_member (r->json, "appointment_at"));
    g_assert_true (json_object_get_boolean_member (r->json, "open"));
    g_assert_cmpint (json_object_get_int_member (r->json, "author_id"), ==, f->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (r->json, "customer_id"), ==, fixture->customer);
  }
  path = ticket_path (id, "");
  changes = ticket_path (id, "/changes");
  /* Edits: the leader of the owner's group changes the status and sets a result. */
  edit = g_strdup_printf ("{\"version\": 1, \"status_id\": %" G_GINT64_FORMAT ", \"result_id\": %" G_GINT64_FORMAT ","
                          " \"description\": \"Box arrived broken; refund agreed\"}", other_status, fixture->result);
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->leader, edit, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (r->json, "status"), ==, "Waiting");
    g_assert_cmpstr (json_object_get_string_member (r->json, "result"), ==, "Resolved");
    g_assert_false (json_object_get_boolean_member (r->json, "open"));
    g_assert_cmpstr (json_object_get_string_member (r->json, "title"), ==, "Refund request");
  }
  /* A stale version: 409 with the ticket now; nothing written. */
  rows = count_rows (f, "ticket_changes");
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->agent, "{\"version\": 1, \"title\": \"Mine\"}", 409);
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (error_current (r), "version"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (error_current (r), "status"), ==, "Waiting");
  }
  g_assert_cmpint (count_rows (f, "ticket_changes"), ==, rows);
  /* Clearing a choice with null. */
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->agent, "{\"version\": 2, \"category_id\": null}", 200);
    g_assert_true (json_object_get_null_member (r->json, "category_id"));
    g_assert_true (json_object_get_null_member (r->json, "category"));
  }
  /* The change log: who, when, which field, before and after, oldest first, paged. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", changes, f->agent, NULL, 200);
    const char *fields[] = { "created", "description", "status", "result", "category" };
    const char *olds[] = { NULL, "Box arrived broken", "In progress", NULL, "Complaint" };
    const char *news[] = { "Refund request", "Box arrived broken; refund agreed", "Waiting", "Resolved", NULL };
    gint64 users[] = { f->api.agent_id, f->api.leader_id, f->api.leader_id, f->api.leader_id, f->api.agent_id };

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, G_N_ELEMENTS (fields));
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        JsonObject *change = item (r, i);

        g_assert_cmpstr (json_object_get_string_member (change, "field"), ==, fields[i]);
        g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, olds[i]);
        g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, news[i]);
        g_assert_cmpint (json_object_get_int_member (change, "user_id"), ==, users[i]);
        g_assert_nonnull (json_object_get_string_member (change, "at"));
      }
  }
  {
    g_autofree char *first = g_strdup_printf ("%s?limit=2", changes);
    g_autoptr(ApiResponse) r = expect (f, "GET", first, f->agent, NULL, 200);
    g_autofree char *second = g_strdup_printf ("%s?limit=2&after=%s", changes,
                                               json_object_get_string_member (r->json, "next"));
    g_autoptr(ApiResponse) rest = expect (f, "GET", second, f->agent, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (item (rest, 0), "field"), ==, "status");
  }
  /* The customer's list, newest first, and its open filter. */
  {
    gint64 newer = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Second", 0);
    g_autofree char *open = g_strdup_printf ("%s?open=1", tickets);
    g_autoptr(ApiResponse) all = expect (f, "GET", tickets, f->agent, NULL, 200);
    g_autoptr(ApiResponse) only_open = expect (f, "GET", open, f->agent, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (all)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (item (all, 0), "id"), ==, newer);
    g_assert_cmpuint (json_array_get_length (items_of (only_open)), ==, 1);
    g_assert_true (id_in (items_of (only_open), newer));
  }
}

/* Only a saved customer has tickets; bad and oversize input is refused whole. */
static void
test_bad_input_writes_nothing (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *tickets = customer_tickets_path (fixture->customer);
  g_autofree char *wrong_kind = g_strdup_printf ("{\"title\": \"x\", \"category_id\": %" G_GINT64_FORMAT "}",
                                                 fixture->status);
  gint64 acme_category = add_choice (f, f->acme, WCC_TICKET_CATEGORY, "Acme category");
  g_autofree char *acme_choice = g_strdup_printf ("{\"title\": \"x\", \"category_id\": %" G_GINT64_FORMAT "}",
                                                  acme_category);
  g_autofree char *long_title = g_strdup_printf ("{\"title\": \"%0201d\"}", 0);
  g_autoptr(GString) huge = g_string_new ("{\"title\": \"x\", \"description\": \"");
  const char *bads[] = { "{", "[1]", "{}", "{\"title\": \"\"}", "{\"title\": \"   \"}", "{\"title\": 5}",
                         "{\"title\": \"x\", \"owner\": 1}", "{\"title\": \"x\", \"status_id\": \"new\"}",
                         "{\"title\": \"x\", \"result_id\": 0}", "{\"title\": \"x\", \"result_id\": 999999}",
                         wrong_kind, acme_choice, long_title,
                         /* json-glib reads an escaped lone surrogate as bytes that are not UTF-8 */
                         "{\"title\": \"Broken \\ud800 title\"}" };
  gint64 before = count_rows (f, "tickets"), changes = count_rows (f, "ticket_changes");

  for (guint i = 0; i < G_N_ELEMENTS (bads); i++)
    {
      g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->agent, bads[i], 400);
    }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/customers/999999/tickets", f->agent, "{\"title\": \"x\"}", 404);
  }
  while (huge->len < 70 * 1024)
    g_string_append (huge, "0123456789abcdef");
  g_string_append (huge, "\"}");
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->agent, huge->str, 413);
  }
  g_assert_cmpint (count_rows (f, "tickets"), ==, before);
  g_assert_cmpint (count_rows (f, "ticket_changes"), ==, changes);
}

/* A retried create with one Idempotency-Key is one ticket. */
static void
test_idempotent_retry (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *tickets = customer_tickets_path (fixture->customer);
  const char *body = "{\"title\": \"Call back about delivery\"}";
  const char *headers[] = { "Idempotency-Key", "ticket-1", NULL };
  gint64 before = count_rows (f, "tickets");
  g_autoptr(ApiResponse) first = api_request_full (&f->api, "POST", tickets, f->agent, "application/json",
                                                   body, strlen (body), headers);
  g_autoptr(ApiResponse) again = api_request_full (&f->api, "POST", tickets, f->agent, "application/json",
                                                   body, strlen (body), headers);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpint (count_rows (f, "tickets"), ==, before + 1);
  g_assert_cmpint (count_rows (f, "ticket_changes"), ==, 1);
}

/* C12: quick and chosen appointments, removal, the log, D3's list */

static gint64
appointment_of (ApiResponse *response)
{
  gint64 at = 0;

  g_assert_true (wcc_time_from_rfc3339 (json_object_get_string_member (response->json, "appointment_at"), &at));
  return at;
}

/* @text with YYYY as the year after next: chosen times stay ahead, and within ten years. */
static const char *
Y (GPtrArray  *keep,
   const char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now) + 2);
  GString *filled = g_string_new (text);

  g_string_replace (filled, "YYYY", year, 0);
  g_ptr_array_add (keep, filled->str);
  return g_string_free (filled, FALSE);
}

static void
test_appointments (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  gint64 ticket = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Send the new contract", 0);
  gint64 later = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Check the payment", 0);
  gint64 leaders = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Leader's reminder", 0);
  g_autofree char *path = ticket_path (ticket, "/appointment");
  g_autofree char *later_path = ticket_path (later, "/appointment");
  g_autofree char *leaders_path = ticket_path (leaders, "/appointment");
  g_autofree char *changes = ticket_path (ticket, "/changes");
  const struct { const char *quick; gint64 seconds; } quick[] = { { "30m", 1800 }, { "1d", 86400 }, { "1w", 604800 } };
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  gint64 version = 1;

  for (guint i = 0; i < G_N_ELEMENTS (quick); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"quick\": \"%s\"}", quick[i].quick);
      gint64 now = wcc_time_now ();
      g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->agent, body, 200);
      gint64 at = appointment_of (r);

      g_assert_cmpint (at, >=, now + quick[i].seconds);
      g_assert_cmpint (at, <=, wcc_time_now () + quick[i].seconds);
      g_assert_cmpint (json_object_get_int_member (r->json, "appointment_user_id"), ==, f->api.agent_id);
      version = json_object_get_int_member (r->json, "version");
    }
  /* A chosen time, with the version: a stale one is refused with the ticket now. */
  {
    g_autofree char *stale = g_strdup_printf ("%s%" G_GINT64_FORMAT "}",
                                              Y (keep, "{\"at\": \"YYYY-01-02T03:04:05Z\", \"version\": "),
                                              version - 1);
    g_autofree char *fresh = g_strdup_printf ("%s%" G_GINT64_FORMAT "}",
                                              Y (keep, "{\"at\": \"YYYY-01-02T03:04:05Z\", \"version\": "),
                                              version);
    g_autoptr(ApiResponse) a = expect (f, "PUT", path, f->agent, stale, 409);
    g_autoptr(ApiResponse) b = expect (f, "PUT", path, f->agent, fresh, 200);

    g_assert_cmpint (json_object_get_int_member (error_current (a), "version"), ==, version);
    g_assert_cmpstr (json_object_get_string_member (b->json, "appointment_at"), ==, Y (keep, "YYYY-01-02T03:04:05Z"));
  }
  /* Bad: neither or both, an unknown quick time, the past, not a time. */
  {
    const char *bads[] = { "{}", Y (keep, "{\"quick\": \"1d\", \"at\": \"YYYY-01-01T00:00:00Z\"}"), "{\"quick\": \"2h\"}",
                           "{\"at\": \"2001-01-01T00:00:00Z\"}", "{\"at\": \"tomorrow\"}", "{\"at\": \"2999-01-01T00:00:00Z\"}",
                           "{\"quick\": \"1d\", \"who\": 1}" };

    for (guint i = 0; i < G_N_ELEMENTS (bads); i++)
      {
        g_autoptr(ApiResponse) r = expect (f, "PUT", path, f->agent, bads[i], 400);
      }
  }
  /* The log holds each change of time. */
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", changes, f->agent, NULL, 200);
    JsonObject *last = item (r, json_array_get_length (items_of (r)) - 1);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1 + G_N_ELEMENTS (quick) + 1);
    g_assert_cmpstr (json_object_get_string_member (item (r, 1), "field"), ==, "appointment");
    g_assert_null (json_object_get_string_member (item (r, 1), "old"));
    g_assert_cmpstr (json_object_get_string_member (last, "new"), ==, Y (keep, "YYYY-01-02T03:04:05Z"));
  }
  /* D3: the caller's appointments, by time, in a range; another user's are not theirs. */
  {
    g_autoptr(ApiResponse) a = expect (f, "PUT", later_path, f->agent, Y (keep, "{\"at\": \"YYYY-03-01T00:00:00Z\"}"), 200);
    g_autoptr(ApiResponse) b = expect (f, "PUT", leaders_path, f->leader, Y (keep, "{\"at\": \"YYYY-02-01T00:00:00Z\"}"), 200);
    g_autoptr(ApiResponse) mine = expect (f, "GET", "/api/v1/ticket-appointments", f->agent, NULL, 200);
    g_autoptr(ApiResponse) range = expect (f, "GET", Y (keep, "/api/v1/ticket-appointments?from=YYYY-02-15T00:00:00Z"
                                           "&to=YYYY-12-31T00:00:00Z"), f->agent, NULL, 200);
    g_autoptr(ApiResponse) leader = expect (f, "GET", "/api/v1/ticket-appointments", f->leader, NULL, 200);
    g_autoptr(ApiResponse) paged = expect (f, "GET", "/api/v1/ticket-appointments?limit=1", f->agent, NULL, 200);
    g_autoptr(ApiResponse) bad = expect (f, "GET", Y (keep, "/api/v1/ticket-appointments?from=YYYY-02-15T00:00:00Z"
                                         "&to=YYYY-01-01T00:00:00Z"), f->agent, NULL, 400);
    g_autoptr(ApiResponse) bad_time = expect (f, "GET", "/api/v1/ticket-appointments?from=soon", f->agent, NULL, 400);

    g_assert_cmpuint (json_array_get_length (items_of (mine)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (item (mine, 0), "id"), ==, ticket);
    g_assert_cmpint (json_object_get_int_member (item (mine, 1), "id"), ==, later);
    g_assert_cmpuint (json_array_get_length (items_of (range)), ==, 1);
    g_assert_true (id_in (items_of (range), later));
    g_assert_cmpuint (json_array_get_length (items_of (leader)), ==, 1);
    g_assert_true (id_in (items_of (leader), leaders));
    g_assert_cmpstr (json_object_get_string_member (paged->json, "next"), ==, "1");
  }
  /* Removed: off the dashboard, logged with the old time; removing again changes nothing. */
  {
    g_autoptr(ApiResponse) r = expect (f, "DELETE", path, f->agent, NULL, 200);
    g_autoptr(ApiResponse) again = expect (f, "DELETE", path, f->agent, NULL, 200);
    g_autoptr(ApiResponse) mine = expect (f, "GET", "/api/v1/ticket-appointments", f->agent, NULL, 200);
    g_autoptr(ApiResponse) log = expect (f, "GET", changes, f->agent, NULL, 200);
    JsonObject *last = item (log, json_array_get_length (items_of (log)) - 1);

    g_assert_true (json_object_get_null_member (r->json, "appointment_at"));
    g_assert_true (json_object_get_null_member (r->json, "appointment_user_id"));
    g_assert_cmpint (json_object_get_int_member (again->json, "version"), ==,
                     json_object_get_int_member (r->json, "version"));
    g_assert_false (id_in (items_of (mine), ticket));
    g_assert_cmpstr (json_object_get_string_member (last, "field"), ==, "appointment");
    g_assert_cmpstr (json_object_get_string_member (last, "old"), ==, Y (keep, "YYYY-01-02T03:04:05Z"));
    g_assert_null (json_object_get_string_member (last, "new"));
  }
  /* A ticket with a result needs no appointment, and leaves the dashboard. */
  {
    g_autofree char *close = g_strdup_printf ("{\"version\": 2, \"result_id\": %" G_GINT64_FORMAT "}", fixture->result);
    g_autofree char *later_url = ticket_path (later, "");
    g_autoptr(ApiResponse) closed = expect (f, "PATCH", later_url, f->agent, close, 200);
    g_autoptr(ApiResponse) refused = expect (f, "PUT", later_path, f->agent, "{\"quick\": \"1d\"}", 409);
    g_autoptr(ApiResponse) mine = expect (f, "GET", "/api/v1/ticket-appointments", f->agent, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (mine)), ==, 0);
  }
}

/* D1: the open-ticket count per role */

static void
test_open_count (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  gint64 of_1002 = add_customer (f, f->demo, f->package, f->task_a, f->agent2, "Of 1002", NULL);
  const char *path = "/api/v1/tickets/open-count";

  /* 1001: the tickets of their customer (whoever wrote them) and those they wrote. */
  add_ticket (f, f->demo, fixture->customer, 0, "Written by the admin", 0);
  add_ticket (f, f->demo, of_1002, f->api.agent_id, "Written by 1001 for 1002's customer", 0);
  add_ticket (f, f->demo, of_1002, f->agent2, "1002's own", 0);
  add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Done", fixture->result);
  add_ticket (f, f->acme, f->acme_customer, f->api.acme_agent_id, "Acme's", 0);
  {
    g_autoptr(ApiResponse) agent = expect (f, "GET", path, f->agent, NULL, 200);
    g_autoptr(ApiResponse) agent2 = expect (f, "GET", path, f->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) agent3 = expect (f, "GET", path, f->t_agent3, NULL, 200);
    g_autoptr(ApiResponse) leader = expect (f, "GET", path, f->leader, NULL, 200);
    g_autoptr(ApiResponse) admin = expect (f, "GET", path, f->admin, NULL, 200);
    g_autoptr(ApiResponse) acme = expect (f, "GET", path, f->t_acme_admin, NULL, 200);

    g_assert_cmpint (json_object_get_int_member (agent->json, "count"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (agent->json, "scope"), ==, "mine");
    g_assert_cmpint (json_object_get_int_member (agent2->json, "count"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (agent3->json, "count"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (leader->json, "count"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (leader->json, "scope"), ==, "client");
    g_assert_cmpint (json_object_get_int_member (admin->json, "count"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (acme->json, "count"), ==, 1);
  }
}

/* C12: comments from any agent who sees the customer; the author deletes their own */

static void
test_comments (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  gint64 ticket = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Discuss", 0);
  g_autofree char *path = ticket_path (ticket, "/comments");
  g_autofree char *own = NULL;
  g_autofree char *leaders = NULL;
  gint64 first, second;

  {
    g_autoptr(ApiResponse) a = expect (f, "POST", path, f->agent, "{\"text\": \"Called, no answer\"}", 201);
    g_autoptr(ApiResponse) b = expect (f, "POST", path, f->leader, "{\"text\": \"Try after 18:00\"}", 201);
    g_autoptr(ApiResponse) c = expect (f, "POST", path, f->agent, "{\"text\": \"Reached them\"}", 201);

    first = json_object_get_int_member (a->json, "id");
    second = json_object_get_int_member (b->json, "id");
    g_assert_cmpint (json_object_get_int_member (b->json, "author_id"), ==, f->api.leader_id);
    g_assert_cmpstr (json_object_get_string_member (b->json, "text"), ==, "Try after 18:00");
  }
  /* 1003 (Service) does not see the customer; 1002 neither (not in the pool, not theirs). */
  {
    g_autoptr(ApiResponse) a = expect (f, "POST", path, f->t_agent3, "{\"text\": \"x\"}", 404);
    g_autoptr(ApiResponse) b = expect (f, "GET", path, f->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) c = expect (f, "POST", path, f->agent, "{\"text\": \"\"}", 400);
    g_autoptr(ApiResponse) d = expect (f, "POST", path, f->agent, "{\"text\": \"x\", \"pinned\": true}", 400);
  }
  /* Oldest first, paged. */
  {
    g_autofree char *page = g_strdup_printf ("%s?limit=2", path);
    g_autoptr(ApiResponse) r = expect (f, "GET", page, f->admin, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (item (r, 0), "id"), ==, first);
    g_assert_cmpint (json_object_get_int_member (item (r, 1), "id"), ==, second);
    g_assert_false (json_object_get_null_member (r->json, "next"));
  }
  own = g_strdup_printf ("/api/v1/ticket-comments/%" G_GINT64_FORMAT, first);
  leaders = g_strdup_printf ("/api/v1/ticket-comments/%" G_GINT64_FORMAT, second);
  {
    g_autoptr(ApiResponse) a = expect (f, "DELETE", leaders, f->agent, NULL, 403);
    g_autoptr(ApiResponse) b = expect (f, "DELETE", own, f->admin, NULL, 403);
    g_autoptr(ApiResponse) c = expect (f, "DELETE", own, f->t_agent3, NULL, 404);
    g_autoptr(ApiResponse) d = expect (f, "DELETE", own, f->agent, NULL, 204);
    g_autoptr(ApiResponse) e = expect (f, "DELETE", own, f->agent, NULL, 404);
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_false (id_in (items_of (r), first));
  }
}

/* C15: a contact record links to a ticket of the same customer */

static void
test_contact_record_link (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  WccStoreCallResult result = { .client_id = f->demo, .label = (char *) "Handled", .funnel = WCC_FUNNEL_SUCCESS };
  g_autoptr(GError) error = NULL;
  gint64 result_id = wcc_store_call_result_create (f->store, &result, &error);
  gint64 other = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Other", NULL);
  gint64 ticket = add_ticket (f, f->demo, fixture->customer, f->api.agent_id, "Linked", 0);
  gint64 other_ticket = add_ticket (f, f->demo, other, f->api.agent_id, "Someone else's", 0);
  gint64 acme_ticket = add_ticket (f, f->acme, f->acme_customer, f->api.acme_agent_id, "Acme's", 0);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", fixture->customer);
  const gint64 wrong[] = { other_ticket, acme_ticket, 999999 };
  gint64 before = count_rows (f, "contact_records");

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                               " \"ticket_id\": %" G_GINT64_FORMAT "}", result_id, wrong[i]);
      g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 400);
    }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, "{\"call_result_id\": 1, \"call_state\": \"answered\","
                                       " \"ticket_id\": \"x\"}", 400);
  }
  g_assert_cmpint (count_rows (f, "contact_records"), ==, before);
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                             " \"ticket_id\": %" G_GINT64_FORMAT "}", result_id, ticket);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    g_autoptr(ApiResponse) list = NULL;

    g_assert_cmpint (json_object_get_int_member (r->json, "ticket_id"), ==, ticket);
    list = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (item (list, 0), "ticket_id"), ==, ticket);
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\"}",
                                             result_id);
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, body, 201);
    g_assert_true (json_object_get_null_member (r->json, "ticket_id"));
  }
}

/* Events: ticket.created and ticket.changed go to the customer's owner and the author. */
static void
test_events (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *tickets = customer_tickets_path (fixture->customer);
  ApiStream *owner = api_stream_open (&f->api, f->agent, "", NULL);
  ApiStream *author = api_stream_open (&f->api, f->leader, "", NULL);
  ApiStream *bystander = api_stream_open (&f->api, f->t_agent2, "", NULL);
  g_autofree char *path = NULL;
  g_autofree char *appointment = NULL;
  JsonObject *event;
  gint64 id;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", tickets, f->leader, "{\"title\": \"Escalated\"}", 201);
    id = json_object_get_int_member (r->json, "id");
  }
  path = ticket_path (id, "");
  appointment = ticket_path (id, "/appointment");
  event = api_stream_wait_event (owner, "ticket.created", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, id);
  event = api_stream_wait_event (author, "ticket.created", 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "title"), ==,
                   "Escalated");
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->agent, "{\"version\": 1, \"title\": \"Escalated twice\"}", 200);
  }
  event = api_stream_wait_event (author, "ticket.changed", 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "title"), ==,
                   "Escalated twice");
  event = api_stream_wait_event (owner, "ticket.changed", 0);
  /* The appointment's change comes after the title's (already received) on the author's stream. */
  {
    guint seen = author->messages->len;
    g_autoptr(ApiResponse) r = expect (f, "PUT", appointment, f->agent, "{\"quick\": \"1d\"}", 200);

    event = api_stream_wait_event (author, "ticket.changed", seen);
    g_assert_false (json_object_get_null_member (json_object_get_object_member (event, "data"), "appointment_at"));
  }
  /* Someone neither owner nor author hears nothing of it. */
  for (guint i = 0; i < bystander->messages->len; i++)
    g_assert_false (g_str_has_prefix (json_object_get_string_member (g_ptr_array_index (bystander->messages, i),
                                                                     "type"), "ticket."));
  api_stream_close (owner);
  api_stream_close (author);
  api_stream_close (bystander);
}

/* Roles and tenants over every endpoint */

typedef struct {
  const char *method;
  const char *path;   /* {K} category, {U} status, {E} result, {C} customer, {T} ticket, {M} comment,
                       * {R} call result, {S} unique */
  const char *body;
  guint       agent, leader, admin;
} Endpoint;

static const Endpoint endpoints[] = {
  { "GET", "/api/v1/ticket-categories", NULL, 200, 200, 200 },
  { "POST", "/api/v1/ticket-categories", "{\"label\": \"K-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/ticket-categories/{K}", "{\"version\": 1, \"label\": \"K2-{S}\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/ticket-categories/{K}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/ticket-statuses", NULL, 200, 200, 200 },
  { "POST", "/api/v1/ticket-statuses", "{\"label\": \"U-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/ticket-statuses/{U}", "{\"version\": 1, \"position\": 3}", 403, 403, 200 },
  { "DELETE", "/api/v1/ticket-statuses/{U}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/ticket-results", NULL, 200, 200, 200 },
  { "POST", "/api/v1/ticket-results", "{\"label\": \"E-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/ticket-results/{E}", "{\"version\": 1, \"active\": false}", 403, 403, 200 },
  { "DELETE", "/api/v1/ticket-results/{E}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/customers/{C}/tickets", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/tickets", "{\"title\": \"New {S}\", \"category_id\": {K}}", 201, 201, 201 },
  { "GET", "/api/v1/tickets/open-count", NULL, 200, 200, 200 },
  { "GET", "/api/v1/tickets/{T}", NULL, 200, 200, 200 },
  { "PATCH", "/api/v1/tickets/{T}", "{\"version\": 2, \"status_id\": {U}}", 200, 200, 200 },
  { "PUT", "/api/v1/tickets/{T}/appointment", "{\"quick\": \"30m\"}", 200, 200, 200 },
  { "DELETE", "/api/v1/tickets/{T}/appointment", NULL, 200, 200, 200 },
  { "GET", "/api/v1/tickets/{T}/changes", NULL, 200, 200, 200 },
  { "GET", "/api/v1/tickets/{T}/comments", NULL, 200, 200, 200 },
  { "POST", "/api/v1/tickets/{T}/comments", "{\"text\": \"Noted {S}\"}", 201, 201, 201 },
  { "DELETE", "/api/v1/ticket-comments/{M}", NULL, 204, 403, 403 },
  { "GET", "/api/v1/ticket-appointments", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/contact-records",
    "{\"call_result_id\": {R}, \"call_state\": \"answered\", \"ticket_id\": {T}}", 201, 201, 201 },
};

/* Fresh demo records for one request: every id an endpoint may name, with an appointment
 * on the ticket and a comment of 1001's on it. */
typedef struct {
  gint64 ids[7];      /* in the order of target_names */
} Targets;

static const char * const target_names[] = { "{K}", "{U}", "{E}", "{C}", "{T}", "{M}", "{R}" };

static Targets
make_targets (TicketFixture *fixture,
              guint          round)
{
  Fixture *f = &fixture->base;
  g_autofree char *label = g_strdup_printf ("Demo choice %u", round);
  g_autofree char *company = g_strdup_printf ("Demo customer %u", round);
  WccStoreCallResult result = { .client_id = f->demo, .label = label, .funnel = WCC_FUNNEL_SUCCESS };
  g_autoptr(GError) error = NULL;
  Targets targets;

  for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
    targets.ids[kind] = add_choice (f, f->demo, kind, label);
  targets.ids[3] = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, company, NULL);
  targets.ids[4] = add_ticket (f, f->demo, targets.ids[3], f->api.agent_id, "Demo ticket", 0);
  g_assert_true (wcc_store_ticket_set_appointment (f->store, f->demo, targets.ids[4], wcc_time_now () + 3600,
                                                   f->api.agent_id, 0, &error));
  targets.ids[5] = wcc_store_ticket_comment_create (f->store, f->demo, targets.ids[4], f->api.agent_id,
                                                    "Demo comment", &error);
  targets.ids[6] = wcc_store_call_result_create (f->store, &result, &error);
  g_assert_no_error (error);
  return targets;
}

static char *
fill_endpoint (const char    *format,
               const Targets *targets,
               const char    *suffix)
{
  GString *text;

  if (format == NULL)
    return NULL;
  text = g_string_new (format);
  for (guint i = 0; i < G_N_ELEMENTS (target_names); i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, targets->ids[i]);
      g_string_replace (text, target_names[i], value, 0);
    }
  g_string_replace (text, "{S}", suffix, 0);
  return g_string_free (text, FALSE);
}

static void
test_role_matrix (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->agent, f->leader, f->admin };
  const char *names[] = { "agent", "leader", "admin" };

  for (guint role = 0; role < G_N_ELEMENTS (tokens); role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (fixture, role * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("%s-%u", names[role], i);
        g_autofree char *path = fill_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = fill_endpoint (endpoints[i].body, &targets, suffix);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = NULL;

        g_test_message ("%s: %s %s", names[role], endpoints[i].method, path);
        r = expect (f, endpoints[i].method, path, tokens[role], body, want);
      }
}

/* Another client's agent and administrator: every endpoint answers nothing of demo's and
 * changes nothing of it. */
static void
test_tenant_isolation (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (fixture, who * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("acme-%u-%u", who, i);
        g_autofree char *path = fill_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = fill_endpoint (endpoints[i].body, &targets, suffix);
        g_autoptr(ApiResponse) r = body ? api_json (&f->api, endpoints[i].method, path, tokens[who], body)
                                        : api_request (&f->api, endpoints[i].method, path, tokens[who], NULL, NULL, 0);
        g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
        g_autoptr(WccStoreTicket) ticket = wcc_store_ticket_find (f->store, f->demo, targets.ids[4]);
        g_autoptr(WccStoreTicketComment) comment = wcc_store_ticket_comment_find (f->store, f->demo, targets.ids[5]);
        g_autoptr(GPtrArray) changes = wcc_store_ticket_change_list (f->store, f->demo, targets.ids[4], 0, 100);

        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        g_assert_null (strstr (text, "Demo "));
        g_assert_cmpint (ticket->version, ==, 2);
        g_assert_cmpint (ticket->appointment_at, >, 0);
        g_assert_cmpuint (changes->len, ==, 2);
        g_assert_nonnull (comment);
        for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
          {
            g_autoptr(WccStoreTicketChoice) choice = wcc_store_ticket_choice_find (f->store, f->demo, kind,
                                                                                   targets.ids[kind]);
            g_assert_nonnull (choice);
            g_assert_cmpint (choice->version, ==, 1);
          }
        if (strchr (endpoints[i].path, '{') != NULL)
          g_assert_true (r->status == 404 || (who == 0 && r->status == 403));
        else
          g_assert_true (r->status < 300 || (who == 0 && r->status == 403));
        /* Acme's open count and appointments know nothing of demo's tickets. */
        if (r->status == 200 && json_object_has_member (r->json, "count"))
          g_assert_cmpint (json_object_get_int_member (r->json, "count"), ==, 0);
        if (r->status == 200 && json_object_has_member (r->json, "items") && strstr (path, "appointments"))
          g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
      }
}

/* The demo client's ticket choices, made once. */
static void
test_demo_choices (TicketFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autoptr(GError) error = NULL;
  gint64 before = count_rows (f, "ticket_choices");

  g_assert_true (wcc_demo_ensure_ticket_choices (f->store, f->acme, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_demo_ensure_ticket_choices (f->store, f->acme, &error));
  for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) choices = wcc_store_ticket_choice_list (f->store, f->acme, kind, TRUE);
      g_assert_cmpuint (choices->len, >=, 3);
    }
  g_assert_cmpint (count_rows (f, "ticket_choices"), ==, before + 10);
  /* A client that has its own choices gets none added. */
  g_assert_true (wcc_demo_ensure_ticket_choices (f->store, f->demo, &error));
  g_assert_cmpint (count_rows (f, "ticket_choices"), ==, before + 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, TicketFixture, NULL, ticket_fixture_setup, func, ticket_fixture_teardown)
  ADD ("/tickets/choices/crud-in-use-inactive", test_choices_crud);
  ADD ("/tickets/create-edit-and-change-log", test_create_edit_and_change_log);
  ADD ("/tickets/bad-input-writes-nothing", test_bad_input_writes_nothing);
  ADD ("/tickets/idempotent-retry", test_idempotent_retry);
  ADD ("/tickets/appointments", test_appointments);
  ADD ("/tickets/open-count", test_open_count);
  ADD ("/tickets/comments", test_comments);
  ADD ("/tickets/contact-record-link", test_contact_record_link);
  ADD ("/tickets/events", test_events);
  ADD ("/tickets/roles/matrix", test_role_matrix);
  ADD ("/tickets/tenants/isolation", test_tenant_isolation);
  ADD ("/tickets/demo-choices", test_demo_choices);
#undef ADD
  return g_test_run ();
}
