/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-approvals.c: do-not-call and blacklist requests over real HTTP (C6): made on a
 * customer's phone with a reason, reviewed by the client admin or a leader of the
 * requester's group with a reason, the requester told on the event stream; one list of
 * what waits for a reviewer with the pop-up warnings (C9); versions, retries, bad input,
 * roles and tenants on every endpoint. (The refusal of the approved numbers by the SIP
 * layer is in tests/calls/test-b2bua.c.) */
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

typedef struct {
  Fixture  base;
  gint64   customer;     /* of 1001, in task A (Sales, led by 2001) */
  gint64   customer3;    /* of 1003, in task B (Service: nobody leads it) */
} ApprovalFixture;

#define PHONE "03-5555-0001"
#define PHONE_DIGITS "0355550001"

static void
approval_fixture_setup (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;

  fixture_setup (f, data);
  fixture->customer = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Tanaka Shoji", PHONE);
  fixture->customer3 = add_customer (f, f->demo, f->package, f->task_b, f->agent3, "Suzuki Denki", "06-1234-0003");
}

static void
approval_fixture_teardown (ApprovalFixture *fixture, gconstpointer data)
{
  fixture_teardown (&fixture->base, data);
}

static char *
requests_path (gint64 customer_id)
{
  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", customer_id);
}

static char *
request_path (gint64      request_id,
              const char *rest)
{
  return g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "%s", request_id, rest);
}

/* A request of @token on the customer's @number; its id. */
static gint64
make_request (Fixture    *f,
              const char *token,
              gint64      customer_id,
              const char *kind,
              const char *number)
{
  g_autofree char *path = requests_path (customer_id);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"%s\", \"number\": \"%s\", \"reason\": \"The customer asked\"}",
                                           kind, number);
  g_autoptr(ApiResponse) r = expect (f, "POST", path, token, body, 201);

  return json_object_get_int_member (r->json, "id");
}

static gboolean
blocked (Fixture    *f,
         gint64      client_id,
         const char *digits)
{
  return wcc_store_number_is_blocked (f->store, client_id, digits, NULL);
}

/* The whole way: pending (still callable), in the leader's list, approved with a reason,
 * the requester told, out of the list, the number blocked by its digits. */
static void
test_request_and_approve (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = requests_path (fixture->customer);
  ApiStream *requester = api_stream_open (&f->api, f->agent, "", NULL);
  g_autofree char *review = NULL;
  JsonObject *event;
  gint64 id;

  {
    /* Typed another way than the customer's phone: the digits match, the phone's text is kept. */
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent,
                                       "{\"kind\": \"do_not_call\", \"number\": \"(03) 5555 0001\","
                                       " \"reason\": \"Asked not to be called again\"}", 201);
    id = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "state"), ==, "pending");
    g_assert_cmpstr (json_object_get_string_member (r->json, "number"), ==, PHONE);
    g_assert_cmpstr (json_object_get_string_member (r->json, "normalized"), ==, PHONE_DIGITS);
    g_assert_cmpint (json_object_get_int_member (r->json, "requester_id"), ==, f->api.agent_id);
    g_assert_cmpstr (json_object_get_string_member (r->json, "reason"), ==, "Asked not to be called again");
  }
  /* C6: while pending the number can be dialled. */
  g_assert_false (blocked (f, f->demo, PHONE_DIGITS));
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", path, f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/approvals", f->leader, NULL, 200);
    JsonObject *item = json_array_get_object_element (items_of (r), 0);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "number_request");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (item, "number_request"), "id"), ==, id);
  }
  review = request_path (id, "/review");
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->leader,
                                       "{\"decision\": \"approve\", \"reason\": \"Confirmed by phone\", \"version\": 1}",
                                       200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "state"), ==, "approved");
    g_assert_cmpint (json_object_get_int_member (r->json, "reviewer_id"), ==, f->api.leader_id);
    g_assert_cmpstr (json_object_get_string_member (r->json, "review_reason"), ==, "Confirmed by phone");
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  event = api_stream_wait_event (requester, "number_request.reviewed", 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "state"), ==,
                   "approved");
  api_stream_close (requester);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/approvals", f->leader, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  g_assert_true (blocked (f, f->demo, PHONE_DIGITS));
  g_assert_false (blocked (f, f->acme, PHONE_DIGITS));
  /* Once reviewed it stays so. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin, "{\"decision\": \"reject\", \"reason\": \"No\"}",
                                       409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  /* Approved: no second do-not-call request on it; a blacklist one is another matter. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent,
                                       "{\"kind\": \"do_not_call\", \"number\": \"" PHONE "\", \"reason\": \"again\"}",
                                       409);
  }
  make_request (f, f->agent, fixture->customer, "blacklist", PHONE);
}

/* A rejection needs a reason and leaves the number callable; the number can be asked for
 * again afterwards. A stale version is 409 with the current request. */
static void
test_reject_and_versions (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  gint64 id = make_request (f, f->agent, fixture->customer, "blacklist", PHONE);
  g_autofree char *review = request_path (id, "/review");

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin, "{\"decision\": \"reject\"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin,
                                       "{\"decision\": \"reject\", \"reason\": \"x\", \"version\": 7}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");

    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (current, "state"), ==, "pending");
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin,
                                       "{\"decision\": \"reject\", \"reason\": \"Wrong customer\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "state"), ==, "rejected");
  }
  g_assert_false (blocked (f, f->demo, PHONE_DIGITS));
  make_request (f, f->agent, fixture->customer, "blacklist", PHONE);
}

/* Bad and oversize input: 400 and 413 with a clear error, nothing written. */
static void
test_bad_input_writes_nothing (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = requests_path (fixture->customer);
  g_autofree char *long_reason = g_strdup_printf ("{\"kind\": \"blacklist\", \"number\": \"" PHONE "\","
                                                  " \"reason\": \"%0201d\"}", 0);
  g_autoptr(GString) huge = g_string_new ("{\"kind\": \"blacklist\", \"number\": \"" PHONE "\", \"reason\": \"");
  const char *bads[] = { "{", "[]", "{}",
                         "{\"kind\": \"never\", \"number\": \"" PHONE "\", \"reason\": \"x\"}",
                         "{\"kind\": \"blacklist\", \"number\": \"" PHONE "\"}",
                         "{\"kind\": \"blacklist\", \"number\": \"" PHONE "\", \"reason\": \"\"}",
                         "{\"kind\": \"blacklist\", \"number\": \"abc\", \"reason\": \"x\"}",
                         "{\"kind\": \"blacklist\", \"number\": \"03-9999-9999\", \"reason\": \"x\"}",
                         "{\"kind\": \"blacklist\", \"number\": 355550001, \"reason\": \"x\"}",
                         "{\"kind\": \"blacklist\", \"number\": \"" PHONE "\", \"reason\": \"x\", \"state\": \"approved\"}",
                         long_reason };
  gint64 before = count_rows (f, "number_requests");

  for (guint i = 0; i < G_N_ELEMENTS (bads); i++)
    {
      g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, bads[i], 400);
      g_assert_true (g_str_equal (api_error_code (r), "invalid_field") || g_str_equal (api_error_code (r), "invalid_json"));
    }
  while (huge->len < 70 * 1024)
    g_string_append (huge, "0123456789abcdef");
  g_string_append (huge, "\"}");
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", path, f->agent, huge->str, 413);
  }
  g_assert_cmpint (count_rows (f, "number_requests"), ==, before);
  {
    gint64 id = make_request (f, f->agent, fixture->customer, "do_not_call", PHONE);
    g_autofree char *review = request_path (id, "/review");
    const char *bad_reviews[] = { "{}", "{\"decision\": \"maybe\"}", "{\"decision\": \"approve\", \"extra\": 1}",
                                  "{\"decision\": \"approve\", \"version\": \"one\"}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_reviews); i++)
      {
        g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin, bad_reviews[i], 400);
      }
    g_assert_false (blocked (f, f->demo, PHONE_DIGITS));
  }
}

/* A retried create with one Idempotency-Key makes one request. */
static void
test_idempotent_retry (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *path = requests_path (fixture->customer);
  const char *body = "{\"kind\": \"do_not_call\", \"number\": \"" PHONE "\", \"reason\": \"Asked\"}";
  const char *headers[] = { "Idempotency-Key", "dnc-1", NULL };
  gint64 before = count_rows (f, "number_requests");
  g_autoptr(ApiResponse) first = api_request_full (&f->api, "POST", path, f->agent, "application/json",
                                                   body, strlen (body), headers);
  g_autoptr(ApiResponse) again = api_request_full (&f->api, "POST", path, f->agent, "application/json",
                                                   body, strlen (body), headers);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpint (count_rows (f, "number_requests"), ==, before + 1);
}

/* One list for reviewers: number requests and pop-up warnings, oldest first; a leader has
 * those of the groups they lead, the admin all; reviewing a warning from it works as before. */
static void
test_list_with_warnings (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  g_autofree char *notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", fixture->customer);
  gint64 note_id, request_id, request3;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", notes, f->agent, "{\"kind\": \"warning\", \"text\": \"Shouts\"}", 201);
    note_id = json_object_get_int_member (r->json, "id");
  }
  request_id = make_request (f, f->agent, fixture->customer, "do_not_call", PHONE);
  request3 = make_request (f, f->t_agent3, fixture->customer3, "blacklist", "06-1234-0003");
  /* Same second: the order is then by kind (requests first), then id; force distinct times. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE customer_notes SET created_at = created_at - 10 WHERE id = %"
                                            G_GINT64_FORMAT ";", note_id);
    g_assert_cmpint (sqlite3_exec (wcc_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/approvals", f->leader, NULL, 200);
    JsonArray *items = items_of (r);
    JsonObject *first = json_array_get_object_element (items, 0);
    JsonObject *second = json_array_get_object_element (items, 1);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "warning");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "note"), "id"), ==, note_id);
    g_assert_cmpstr (json_object_get_string_member (second, "type"), ==, "number_request");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second, "number_request"), "id"), ==,
                     request_id);
  }
  {
    g_autoptr(ApiResponse) page = expect (f, "GET", "/api/v1/approvals?limit=2", f->admin, NULL, 200);
    g_autoptr(ApiResponse) rest = NULL;
    g_autofree char *next = NULL;

    g_assert_cmpuint (json_array_get_length (items_of (page)), ==, 2);
    next = g_strdup_printf ("/api/v1/approvals?limit=2&after=%s", json_object_get_string_member (page->json, "next"));
    rest = expect (f, "GET", next, f->admin, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (rest)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (items_of (rest), 0), "number_request"), "id"), ==, request3);
    g_assert_true (json_object_get_null_member (rest->json, "next"));
  }
  /* 2001 leads Sales only: 1003's request is neither theirs to see nor to review. */
  {
    g_autofree char *review3 = request_path (request3, "/review");
    g_autoptr(ApiResponse) r = expect (f, "POST", review3, f->leader, "{\"decision\": \"approve\"}", 404);
  }
  {
    g_autofree char *review = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", note_id);
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->leader, "{\"decision\": \"approve\"}", 200);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/approvals", f->leader, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
  }
}

/* Roles and tenants over every endpoint */

typedef struct {
  const char *method;
  const char *path;   /* {C} customer of 1001, {Q} a pending do-not-call request of 1001 on it */
  const char *body;   /* {N} the customer's number */
  guint       agent, leader, admin;
} Endpoint;

static const Endpoint endpoints[] = {
  { "GET", "/api/v1/customers/{C}/number-requests", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/number-requests",
    "{\"kind\": \"blacklist\", \"number\": \"{N}\", \"reason\": \"Rude\"}", 201, 201, 201 },
  { "GET", "/api/v1/number-requests/{Q}", NULL, 200, 200, 200 },
  { "POST", "/api/v1/number-requests/{Q}/review", "{\"decision\": \"approve\"}", 403, 200, 200 },
  { "GET", "/api/v1/approvals", NULL, 403, 200, 200 },
};

typedef struct {
  gint64  customer, request;
  char   *number;
} Targets;

static void
make_targets (Fixture  *f,
              guint     round,
              Targets  *targets)
{
  g_autofree char *company = g_strdup_printf ("Demo customer %u", round);

  targets->number = g_strdup_printf ("03-7777-%04u", round);
  targets->customer = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, company, targets->number);
  targets->request = make_request (f, f->agent, targets->customer, "do_not_call", targets->number);
}

static char *
fill (const char    *format,
      const Targets *targets)
{
  g_autofree char *customer = g_strdup_printf ("%" G_GINT64_FORMAT, targets->customer);
  g_autofree char *request = g_strdup_printf ("%" G_GINT64_FORMAT, targets->request);
  GString *text;

  if (format == NULL)
    return NULL;
  text = g_string_new (format);
  g_string_replace (text, "{C}", customer, 0);
  g_string_replace (text, "{Q}", request, 0);
  g_string_replace (text, "{N}", targets->number, 0);
  return g_string_free (text, FALSE);
}

static void
test_role_matrix (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->agent, f->leader, f->admin };
  const char *names[] = { "agent", "leader", "admin" };

  for (guint role = 0; role < G_N_ELEMENTS (tokens); role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets;
        g_autofree char *path = NULL;
        g_autofree char *body = NULL;
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = NULL;

        make_targets (f, role * 100 + i, &targets);
        path = fill (endpoints[i].path, &targets);
        body = fill (endpoints[i].body, &targets);
        g_test_message ("%s: %s %s", names[role], endpoints[i].method, path);
        r = expect (f, endpoints[i].method, path, tokens[role], body, want);
        g_free (targets.number);
      }
}

/* Another client's agent and administrator: nothing of demo's is seen or changed. */
static void
test_tenant_isolation (ApprovalFixture *fixture, gconstpointer data)
{
  Fixture *f = &fixture->base;
  const char *tokens[] = { f->t_acme, f->t_acme_admin };

  for (guint who = 0; who < G_N_ELEMENTS (tokens); who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets;
        g_autofree char *path = NULL;
        g_autofree char *body = NULL;
        g_autoptr(ApiResponse) r = NULL;
        g_autoptr(WccStoreNumberRequest) request = NULL;
        g_autofree char *text = NULL;
        gint64 before;

        make_targets (f, 500 + who * 100 + i, &targets);
        path = fill (endpoints[i].path, &targets);
        body = fill (endpoints[i].body, &targets);
        before = count_rows (f, "number_requests");
        r = body ? api_json (&f->api, endpoints[i].method, path, tokens[who], body)
                 : api_request (&f->api, endpoints[i].method, path, tokens[who], NULL, NULL, 0);
        text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
        request = wcc_store_number_request_find (f->store, f->demo, targets.request);
        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        g_assert_null (strstr (text, "7777"));
        g_assert_cmpint (request->state, ==, WCC_REVIEW_PENDING);
        g_assert_cmpint (request->version, ==, 1);
        g_assert_cmpint (count_rows (f, "number_requests"), ==, before);
        if (strchr (endpoints[i].path, '{') != NULL)
          g_assert_cmpuint (r->status, ==, 404);
        else if (who == 0)
          g_assert_cmpuint (r->status, ==, 403);
        else
          {
            g_assert_cmpuint (r->status, ==, 200);
            g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
          }
        g_free (targets.number);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, ApprovalFixture, NULL, approval_fixture_setup, func, approval_fixture_teardown)
  ADD ("/approvals/request-and-approve", test_request_and_approve);
  ADD ("/approvals/reject-and-versions", test_reject_and_versions);
  ADD ("/approvals/bad-input-writes-nothing", test_bad_input_writes_nothing);
  ADD ("/approvals/idempotent-retry", test_idempotent_retry);
  ADD ("/approvals/list-with-warnings", test_list_with_warnings);
  ADD ("/approvals/roles/matrix", test_role_matrix);
  ADD ("/approvals/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
