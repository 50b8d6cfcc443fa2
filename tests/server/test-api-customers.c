/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-customers.c: customer work over real HTTP: set-up data, customers, phone lookup,
 * tab labels, task pools, grabbing and the ownership rules of C4, roles and tenants. */
#include "wcc-http-private.h"
#include "wcc-password.h"
#include "wcc-store-private.h"
#include "wcc-phone-number.h"
#include "wcc-test-api.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* Set-up data (C1, C16, C21) */

static void
test_setup_crud (Fixture *fixture, gconstpointer data)
{
  g_autofree char *task_body = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *path = NULL;
  gint64 package, result, tag, task, version;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/packages", fixture->admin,
                                       "{\"name\": \"VIP\", \"fields\": [{\"name\": \"rank\", \"type\": \"choice\","
                                       " \"choices\": [\"gold\", \"silver\"], \"required\": true}]}", 201);
    package = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (r->json, "fields"), 0), "label"),
                     ==, "rank");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/call-results", fixture->admin,
                                       "{\"label\": \"Bought\", \"funnel\": \"success\", \"call_state\": \"answered\"}",
                                       201);
    result = json_object_get_int_member (r->json, "id");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customer-tags", fixture->admin,
                                       "{\"name\": \"Hot\"}", 201);
    tag = json_object_get_int_member (r->json, "id");
    g_assert_cmpint (tag, >, 0);
  }
  task_body = g_strdup_printf ("{\"package_id\": %" G_GINT64_FORMAT ", \"name\": \"VIP calls\", \"groups\": [%"
                               G_GINT64_FORMAT "], \"call_results\": [%" G_GINT64_FORMAT "],"
                               " \"after_call_work\": 30, \"contact_history\": \"manual\", \"questionnaire_id\": 7}",
                               package, fixture->sales, result);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/tasks", fixture->admin, task_body, 201);
    task = json_object_get_int_member (r->json, "id");
    version = json_object_get_int_member (r->json, "version");
    g_assert_cmpstr (json_object_get_string_member (r->json, "contact_history"), ==, "manual");
    g_assert_cmpint (json_object_get_int_member (r->json, "after_call_work"), ==, 30);
    g_assert_cmpint (json_object_get_int_member (r->json, "questionnaire_id"), ==, 7);
    g_assert_true (id_in (json_object_get_array_member (r->json, "groups"), fixture->sales));
    g_assert_true (id_in (json_object_get_array_member (r->json, "call_results"), result));
  }
  /* The same name twice: 409, said in words a user can read (no SQL). */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/tasks", fixture->admin, task_body, 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customer-tags", fixture->admin,
                                       "{\"name\": \"Hot\"}", 409);
    const char *message = json_object_get_string_member (json_object_get_object_member (r->json, "error"),
                                                         "message");

    g_assert_cmpstr (api_error_code (r), ==, "conflict");
    g_assert_nonnull (strstr (message, "taken"));
    g_assert_null (strstr (message, "UNIQUE"));
    g_assert_null (strstr (message, "customer_tags"));
  }
  /* Agents read, only the administrator writes. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/tasks?mine=1", fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (r), task));
    g_assert_false (id_in (items_of (r), fixture->task_b));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customer-tags", fixture->agent, "{\"name\": \"X\"}", 403);
  }
  path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, task);
  patch = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"contact_history\": \"auto\", \"groups\": []}", version);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin, patch, 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "contact_history"), ==, "auto");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "groups")), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (r->json, "name"), ==, "VIP calls");
  }
  /* The same version again is stale now: 409 with the current record. */
  stale = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"name\": \"Old\"}", version);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin, stale, 409);
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_object_get_object_member (r->json, "error"), "current"), "version"), ==, version + 1);
  }
  /* A package with tasks stays. */
  {
    g_autofree char *package_path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT, package);
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", package_path, fixture->admin, NULL, 409);
    g_autoptr(ApiResponse) gone = expect (fixture, "DELETE", path, fixture->admin, NULL, 204);
    g_autoptr(ApiResponse) again = expect (fixture, "DELETE", package_path, fixture->admin, NULL, 204);
  }
}

static void
test_call_results_by_call_state (Fixture *fixture, gconstpointer data)
{
  const char *states[] = { "any", "answered", "unanswered" };
  gint64 ids[3], unbound;
  g_autofree char *task_path = NULL;
  g_autofree char *patch = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"label\": \"R-%s\", \"funnel\": \"follow_up\", \"call_state\": \"%s\","
                                               " \"position\": %u}", states[i], states[i], i);
      g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/call-results", fixture->admin, body, 201);
      ids[i] = json_object_get_int_member (r->json, "id");
    }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/call-results", fixture->admin,
                                       "{\"label\": \"Elsewhere\", \"funnel\": \"fail\"}", 201);
    unbound = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "call_state"), ==, "any");
  }
  task_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, fixture->task_a);
  patch = g_strdup_printf ("{\"version\": 1, \"call_results\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                           G_GINT64_FORMAT "]}", ids[0], ids[1], ids[2]);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", task_path, fixture->admin, patch, 200);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/call-results?task=%" G_GINT64_FORMAT "&call_state=answered",
                                             fixture->task_a);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_true (id_in (items_of (r), ids[0]) && id_in (items_of (r), ids[1]));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/call-results?task=%" G_GINT64_FORMAT "&call_state=unanswered",
                                             fixture->task_a);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_true (id_in (items_of (r), ids[0]) && id_in (items_of (r), ids[2]));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/call-results?task=%" G_GINT64_FORMAT, fixture->task_a);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 3);
    g_assert_false (id_in (items_of (r), unbound));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/call-results?call_state=answered", fixture->agent,
                                       NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 3);
    g_assert_true (id_in (items_of (r), unbound));
    g_assert_false (id_in (items_of (r), ids[2]));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/call-results?call_state=maybe", fixture->agent, NULL, 400);
  }
}

/* Phones (S10) */

static void
test_phone_normalize (void)
{
  const struct { const char *typed; const char *normalized; } cases[] = {
    { "+81 3-1234-5678", "+81312345678" },
    { "+81 (3) 1234 5678", "+81312345678" },
    { "03-1234-5678", "0312345678" },
    { "090.1234.5678", "09012345678" },
    { "＋８１ ３－１２３４－５６７８", "+81312345678" },
    { "138 0013 8000", "13800138000" },
    { "+86 138-0013-8000", "+8613800138000" },
    { " 110 ", "110" },
  };
  const char *bad[] = { "", "12", "call me", "+81 3 1234 x5678", "81+3", "123456789012345678901", "--" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = wcc_phone_number_normalize (cases[i].typed);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (wcc_phone_number_normalize (bad[i]));
}

static gint64
create_customer_api (Fixture    *fixture,
                     const char *token,
                     const char *fields)
{
  g_autofree char *body = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT "%s%s}", fixture->task_a,
                                           fields ? ", " : "", fields ? fields : "");
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers", token, body, 201);

  return json_object_get_int_member (r->json, "id");
}

static void
test_phone_lookup (Fixture *fixture, gconstpointer data)
{
  const char *same[] = { "%2B81312345678", "%2B81%203-1234-5678", "%2B81%20(3)%201234%205678",
                         "%EF%BC%8B%EF%BC%98%EF%BC%91%EF%BC%93%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98" };
  gint64 id = create_customer_api (fixture, fixture->agent,
                                   "\"company\": \"山田商事\", \"phones\": [\"+81 3-1234-5678\", \"090 1111 2222\"]");

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    JsonObject *phone = json_array_get_object_element (json_object_get_array_member (r->json, "phones"), 0);
    g_assert_cmpstr (json_object_get_string_member (phone, "number"), ==, "+81 3-1234-5678");
    g_assert_cmpstr (json_object_get_string_member (phone, "normalized"), ==, "+81312345678");
  }
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/by-phone?number=%s", same[i]);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
      g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
      g_assert_true (id_in (items_of (r), id));
    }
  /* The second number finds it too; part of a number, or the number without its country
   * code, does not (full numbers only). */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=090-1111-2222",
                                       fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (r), id));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=0312345678",
                                       fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=12345678",
                                       fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=abc", fixture->agent, NULL, 400);
  }
  /* Someone who may not see the customer finds nothing: another task's agent, another client. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=%2B81312345678",
                                       fixture->t_agent3, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers/by-phone?number=%2B81312345678",
                                       fixture->t_acme_admin, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  /* The lookup is the phone index, not a scan. */
  {
    sqlite3_stmt *stmt;
    gboolean indexed = FALSE;

    g_assert_cmpint (sqlite3_prepare_v2 (wcc_store_get_db (fixture->store),
                                         "EXPLAIN QUERY PLAN SELECT customer_id FROM customer_phones"
                                         " WHERE client_id = 1 AND normalized = '+81312345678';",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      indexed |= strstr ((const char *) sqlite3_column_text (stmt, 3), "customer_phones_lookup") != NULL;
    sqlite3_finalize (stmt);
    g_assert_true (indexed);
  }
}

/* C8 */

static void
test_tab_label (Fixture *fixture, gconstpointer data)
{
  g_autoptr(WccStoreCustomer) unsaved = wcc_store_customer_new ();
  g_autofree char *new_label = wcc_api_customer_tab_label (unsaved);
  const struct { const char *fields; const char *label; } cases[] = {
    { "\"company\": \"山田商事\", \"surname\": \"山田\", \"given_name\": \"太郎\", \"phones\": [\"03-1234-5678\"]",
      "山田商事" },
    { "\"surname\": \"王\", \"given_name\": \"芳\", \"phones\": [\"138 0013 8000\"]", "王芳" },
    { "\"surname\": \"Smith\", \"given_name\": \"Anna\"", "Smith Anna" },
    { "\"given_name\": \"Yui\"", "Yui" },
    { "\"phones\": [\"090-1111-2222\", \"03-0000-0000\"]", "090-1111-2222" },
    { "\"email\": \"x@example.com\"", "Unknown@Spring campaign" },
  };

  g_assert_cmpstr (new_label, ==, "New customer");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = create_customer_api (fixture, fixture->agent, cases[i].fields);
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);

      g_assert_cmpstr (json_object_get_string_member (r->json, "tab_label"), ==, cases[i].label);
    }
}

/* Customers: edits */

static void
test_version_conflict (Fixture *fixture, gconstpointer data)
{
  gint64 id = create_customer_api (fixture, fixture->agent, "\"company\": \"First\"");
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent,
                                       "{\"version\": 1, \"company\": \"Second\", \"custom\": {\"industry\": \"it\","
                                       " \"budget\": 12.5, \"since\": \"2024-02-29\"}}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin,
                                       "{\"version\": 1, \"company\": \"Third\"}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (current, "company"), ==, "Second");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "company"), ==, "Second");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r->json, "custom"), "industry"),
                     ==, "it");
  }
  /* Without a version: 400. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"company\": \"Fourth\"}", 400);
  }
}

static void
test_bad_input_writes_nothing (Fixture *fixture, gconstpointer data)
{
  gint64 id = create_customer_api (fixture, fixture->agent, "\"company\": \"Kept\", \"phones\": [\"03-1111-1111\"]");
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);
  g_autofree char *task_field = g_strdup_printf ("\"task_id\": %" G_GINT64_FORMAT, fixture->task_a);
  gint64 customers = count_rows (fixture, "customers");
  gint64 phones = count_rows (fixture, "customer_phones");
  const char *bad_creates[] = {
    "{",
    "[1]",
    "{\"task_id\": TASK, \"shoe_size\": 42}",
    "{\"task_id\": TASK, \"phones\": [\"not a number\"]}",
    "{\"task_id\": TASK, \"phones\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
    "{\"task_id\": TASK, \"phones\": [\"03-2222-2222\"], \"custom\": {\"industry\": \"farming\"}}",
    "{\"task_id\": TASK, \"phones\": [\"03-2222-2222\"], \"custom\": {\"since\": \"2023-02-29\"}}",
    "{\"task_id\": TASK, \"phones\": [\"03-2222-2222\"], \"custom\": {\"colour\": \"red\"}}",
    "{\"task_id\": TASK, \"phones\": [\"03-2222-2222\"], \"tags\": [999999]}",
    "{\"task_id\": TASK, \"email\": \"nobody\"}",
    "{\"task_id\": TASK, \"company\": 5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_creates); i++)
    {
      g_autoptr(GString) body = g_string_new (bad_creates[i]);
      g_autoptr(ApiResponse) r = NULL;

      g_string_replace (body, "TASK", task_field + strlen ("\"task_id\": "), 0);
      r = expect (fixture, "POST", "/api/v1/customers", fixture->agent, body->str, 400);
    }
  /* An edit that fails on its tags leaves the phones it would have replaced. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent,
                                       "{\"version\": 1, \"company\": \"Changed\", \"phones\": [\"03-9999-9999\"],"
                                       " \"tags\": [424242]}", 400);
  }
  /* Oversize: 413 before anything is read. */
  {
    g_autoptr(GString) big = g_string_new ("{\"company\": \"");
    g_autoptr(ApiResponse) r = NULL;

    for (guint i = 0; i < 70 * 1024; i++)
      g_string_append_c (big, 'x');
    g_string_append (big, "\"}");
    r = expect (fixture, "POST", "/api/v1/customers", fixture->agent, big->str, 413);
    g_assert_cmpstr (api_error_code (r), ==, "payload_too_large");
  }
  g_assert_cmpint (count_rows (fixture, "customers"), ==, customers);
  g_assert_cmpint (count_rows (fixture, "customer_phones"), ==, phones);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "company"), ==, "Kept");
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (r->json, "phones"), 0), "number"), ==, "03-1111-1111");
  }
  /* Too many ids, a bad id list: 400, nothing grabbed. */
  {
    g_autoptr(GString) ids = g_string_new ("{\"ids\": [");
    g_autofree char *grab = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", fixture->task_a);
    g_autoptr(ApiResponse) r = NULL;
    g_autoptr(ApiResponse) r2 = NULL;

    for (guint i = 1; i <= 201; i++)
      g_string_append_printf (ids, "%s%u", i > 1 ? "," : "", i);
    g_string_append (ids, "]}");
    r = expect (fixture, "POST", grab, fixture->agent, ids->str, 400);
    r2 = expect (fixture, "POST", grab, fixture->agent, "{\"ids\": [\"1\"]}", 400);
  }
}

/* Pools (C2, C24) */

static GArray *
add_pool (Fixture *fixture,
          gint64   task_id,
          guint    count)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *company = g_strdup_printf ("Pool %02u", i);
      g_autofree char *phone = g_strdup_printf ("+81 3 5555 %04u", i);
      gint64 id = add_customer (fixture, fixture->demo, fixture->package, task_id, 0, company, phone);
      g_array_append_val (ids, id);
    }
  return ids;
}

static char *
ids_body (JsonArray *items)
{
  g_autoptr(GString) body = g_string_new ("{\"ids\": [");

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (body, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                            json_object_get_int_member (json_array_get_object_element (items, i), "id"));
  g_string_append (body, "]}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
test_pool_grab_and_change_batch (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) pool = add_pool (fixture, fixture->task_a, 25);
  g_autofree char *pool_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool?limit=10", fixture->task_a);
  g_autofree char *grab_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", fixture->task_a);
  g_autofree char *next = NULL;
  g_autofree char *first_page = NULL;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", pool_path, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 10);
    next = g_strdup (json_object_get_string_member (r->json, "next"));
    first_page = ids_body (items_of (r));
  }
  /* Change batch: the next page. */
  {
    g_autofree char *path = g_strdup_printf ("%s&after=%s", pool_path, next);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 10);
    g_assert_true (id_in (items_of (r), g_array_index (pool, gint64, 10)));
    g_assert_false (id_in (items_of (r), g_array_index (pool, gint64, 0)));
  }
  /* Grab the page shown first: all ten are mine, and gone from the pool. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", grab_path, fixture->agent, first_page, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "grabbed")), ==, 10);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "taken")), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", pool_path, fixture->agent, NULL, 200);
    g_assert_false (id_in (items_of (r), g_array_index (pool, gint64, 0)));
    g_assert_true (id_in (items_of (r), g_array_index (pool, gint64, 10)));
  }
  {
    g_autofree char *mine = g_strdup_printf ("/api/v1/customers?owner=me&task=%" G_GINT64_FORMAT "&limit=200",
                                             fixture->task_a);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", mine, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 10);
  }
  /* Someone else grabbing the same page gets nothing: all taken. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", grab_path, fixture->t_agent2, first_page, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "grabbed")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "taken")), ==, 10);
  }
  /* Release to the pool (C24): back in it; another's customer is not released. */
  {
    g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", g_array_index (pool, gint64, 0));
    g_autoptr(ApiResponse) denied = expect (fixture, "POST", "/api/v1/customers/release", fixture->t_agent2, body, 200);
    g_autoptr(ApiResponse) r = NULL;

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (denied->json, "released")), ==, 0);
    g_assert_cmpint (owner_of (fixture, g_array_index (pool, gint64, 0)), ==, fixture->api.agent_id);
    r = expect (fixture, "POST", "/api/v1/customers/release", fixture->agent, body, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "released")), ==, 1);
    g_assert_cmpint (owner_of (fixture, g_array_index (pool, gint64, 0)), ==, 0);
  }
  /* An agent not in the task may not see its pool nor grab from it. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", pool_path, fixture->t_agent3, NULL, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "POST", grab_path, fixture->t_agent3, first_page, 403);
  }
}

typedef struct {
  ApiResponse *response;
  gboolean     done;
  GBytes      *body;
  SoupMessage *msg;
} Pending;

static void
on_grab_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  pending->done = TRUE;
}

static void
send_grab (Fixture     *fixture,
           SoupSession *session,
           const char  *token,
           const char  *path,
           const char  *body,
           Pending     *pending)
{
  g_autofree char *url = g_strconcat (fixture->api.base_url, path, NULL);
  g_autofree char *header = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  pending->msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (pending->msg), "Authorization", header);
  soup_message_set_request_body_from_bytes (pending->msg, "application/json", bytes);
  soup_session_send_and_read_async (session, pending->msg, G_PRIORITY_DEFAULT, NULL, on_grab_sent, pending);
}

static JsonObject *
pending_json (Pending *pending)
{
  gsize size;
  const char *data = g_bytes_get_data (pending->body, &size);

  g_assert_cmpuint (soup_message_get_status (pending->msg), ==, 200);
  return wcc_json_parse_object (data, size, NULL);
}

static void
test_pool_concurrent_grabs (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) pool = add_pool (fixture, fixture->task_a, 60);
  g_autofree char *grab_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", fixture->task_a);
  g_autoptr(SoupSession) one = soup_session_new ();
  g_autoptr(SoupSession) two = soup_session_new ();
  g_autoptr(GString) body_one = g_string_new ("{\"ids\": [");
  g_autoptr(GString) body_two = g_string_new ("{\"ids\": [");
  Pending first = { 0 }, second = { 0 };
  g_autoptr(JsonObject) answer_one = NULL;
  g_autoptr(JsonObject) answer_two = NULL;
  JsonArray *grabbed_one, *grabbed_two, *taken_one, *taken_two;

  /* Both saw overlapping pages: ids 0–39 and 20–59. */
  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (body_one, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (pool, gint64, i));
      g_string_append_printf (body_two, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (pool, gint64, i + 20));
    }
  g_string_append (body_one, "]}");
  g_string_append (body_two, "]}");
  send_grab (fixture, one, fixture->agent, grab_path, body_one->str, &first);
  send_grab (fixture, two, fixture->t_agent2, grab_path, body_two->str, &second);
  wcc_test_wait_for (&first.done, 20000);
  wcc_test_wait_for (&second.done, 20000);
  answer_one = pending_json (&first);
  answer_two = pending_json (&second);
  grabbed_one = json_object_get_array_member (answer_one, "grabbed");
  grabbed_two = json_object_get_array_member (answer_two, "grabbed");
  taken_one = json_object_get_array_member (answer_one, "taken");
  taken_two = json_object_get_array_member (answer_two, "taken");

  /* Every id asked for is in exactly one answer list of each grabber; the 20 both asked for
   * went to one of them only; nobody's customer has two owners. */
  g_assert_cmpuint (json_array_get_length (grabbed_one) + json_array_get_length (taken_one), ==, 40);
  g_assert_cmpuint (json_array_get_length (grabbed_two) + json_array_get_length (taken_two), ==, 40);
  g_assert_cmpuint (json_array_get_length (grabbed_one) + json_array_get_length (grabbed_two), ==, 60);
  g_assert_cmpuint (json_array_get_length (taken_one) + json_array_get_length (taken_two), ==, 20);
  for (guint i = 0; i < 60; i++)
    {
      gint64 id = g_array_index (pool, gint64, i);
      gint64 owner = owner_of (fixture, id);

      g_assert_true (id_in (grabbed_one, id) != id_in (grabbed_two, id));
      g_assert_cmpint (owner, ==, id_in (grabbed_one, id) ? fixture->api.agent_id : fixture->agent2);
      if (id_in (taken_one, id))
        g_assert_true (id_in (grabbed_two, id));
      if (id_in (taken_two, id))
        g_assert_true (id_in (grabbed_one, id));
    }
  g_object_unref (first.msg);
  g_object_unref (second.msg);
  g_bytes_unref (first.body);
  g_bytes_unref (second.body);
}

/* C4, the manual's examples one by one */

static char *
customer_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, id);
}

/* "客户C在坐席A列表中，坐席B拨打了客户C电话，并成功提交，客户C依然属于坐席A，转接同样适用。" */
static void
test_c4_another_agent_calls_submits_transfers (Fixture *fixture, gconstpointer data)
{
  gint64 c = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                           "Customer C", "+81 3 1234 0001");
  g_autofree char *path = customer_path (c);
  g_autoptr(GError) error = NULL;
  gint64 call;

  /* B cannot see A's customer until B is on a call with it. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 404);
  }
  call = wcc_store_call_create (fixture->store, fixture->demo, WCC_CALL_OUTBOUND, "1002", "+81312340001", 0,
                                g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_true (wcc_store_call_set_agent (fixture->store, call, fixture->agent2, &error));
  g_assert_true (wcc_store_call_attach (fixture->store, fixture->demo, call, fixture->task_a, c, 0, &error));
  /* B submits what the call found out. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->t_agent2,
                                       "{\"version\": 1, \"address\": \"Tokyo\"}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "owner_id"), ==, fixture->api.agent_id);
  }
  /* B transfers the call to the leader, who submits too. */
  g_assert_true (wcc_store_call_set_agent (fixture->store, call, fixture->api.leader_id, &error));
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader,
                                       "{\"version\": 2, \"email\": \"c@example.jp\"}", 200);
  }
  g_assert_cmpint (owner_of (fixture, c), ==, fixture->api.agent_id);
  {
    g_autofree char *mine = g_strdup_printf ("/api/v1/customers?owner=me&task=%" G_GINT64_FORMAT, fixture->task_a);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", mine, fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (r), c));
  }
}

/* "若客户C与坐席A在同一个项目时（前提坐席A先于客户C进入该项目），客户C始终属于坐席A。" */
static void
test_c4_owner_already_in_new_task_keeps_customer (Fixture *fixture, gconstpointer data)
{
  gint64 c = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                           "Customer C", NULL);
  gint64 task_c = add_task (fixture, fixture->demo, fixture->package, "Both groups", fixture->sales);
  g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"task_id\": %" G_GINT64_FORMAT "}",
                                           c, task_c);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, body, 200);

  g_assert_true (id_in (json_object_get_array_member (r->json, "moved"), c));
  g_assert_cmpint (owner_of (fixture, c), ==, fixture->api.agent_id);
}

/* "若上级用户将客户C分配给新项目，而坐席A并没有参与新项目，那么客户C将会重新分配给其他坐席B，坐席A
 * 的客户列表里也不会出现客户C的信息，之后将坐席A重新添加到新项目，客户C依然属于坐席B。" */
static void
test_c4_moved_to_task_without_owner_goes_to_another_agent (Fixture *fixture, gconstpointer data)
{
  gint64 c = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                           "Customer C", NULL);
  g_autofree char *path = customer_path (c);
  g_autofree char *mine = g_strdup_printf ("/api/v1/customers?owner=me&task=%" G_GINT64_FORMAT, fixture->task_b);
  g_autofree char *patch = g_strdup_printf ("{\"version\": 1, \"task_id\": %" G_GINT64_FORMAT "}", fixture->task_b);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin, patch, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "task_id"), ==, fixture->task_b);
    g_assert_cmpint (json_object_get_int_member (r->json, "owner_id"), ==, fixture->agent3);
  }
  /* Not in A's list any more, nor visible to A. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me", fixture->agent, NULL, 200);
    g_assert_false (id_in (items_of (r), c));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", mine, fixture->t_agent3, NULL, 200);
    g_assert_true (id_in (items_of (r), c));
  }
  /* A joins the new task later: C stays B's. */
  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, fixture->service, fixture->api.agent_id,
                                             FALSE, &error));
  g_assert_cmpint (owner_of (fixture, c), ==, fixture->agent3);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", mine, fixture->agent, NULL, 200);
    g_assert_false (id_in (items_of (r), c));
  }
  /* Only an upper user moves customers. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->t_agent3, "{\"version\": 2, \"task_id\": null}", 403);
  }
}

/* "客户的归属改变包括两种: a.客户从未分配状态分配到任务  b.客户由任务A分配到任务B" */
static void
test_c4_unassigned_customer_enters_task (Fixture *fixture, gconstpointer data)
{
  gint64 in_pool = add_customer (fixture, fixture->demo, fixture->package, 0, 0, "No owner", NULL);
  gint64 owned_in = add_customer (fixture, fixture->demo, fixture->package, 0, fixture->api.agent_id, "Owner in", NULL);
  gint64 owned_out = add_customer (fixture, fixture->demo, fixture->package, 0, fixture->agent3, "Owner out", NULL);
  gint64 other_package = wcc_store_package_create (fixture->store, fixture->demo, "Other", "[]", NULL);
  gint64 stranger = add_customer (fixture, fixture->demo, other_package, 0, 0, "Other package", NULL);
  g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                           ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], \"task_id\": %"
                                           G_GINT64_FORMAT "}", in_pool, owned_in, owned_out, stranger,
                                           fixture->acme_customer, fixture->task_a);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, body, 200);
  JsonArray *missing = json_object_get_array_member (r->json, "missing");

  g_assert_true (id_in (missing, stranger) && id_in (missing, fixture->acme_customer));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "moved")), ==, 3);
  /* Without owner: the task's pool. The owner in the task keeps it; the one not in it
   * loses it to the agent of the task with the fewest customers in it, then the lowest id
   * (1001 has one there now, the leader 2001 and 1002 none). */
  g_assert_cmpint (owner_of (fixture, in_pool), ==, 0);
  g_assert_cmpint (owner_of (fixture, owned_in), ==, fixture->api.agent_id);
  g_assert_cmpint (owner_of (fixture, owned_out), ==, fixture->api.leader_id);
  {
    g_autofree char *pool = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool", fixture->task_a);
    g_autoptr(ApiResponse) p = expect (fixture, "GET", pool, fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (p), in_pool));
  }
  /* Leaving every task is no ownership change. */
  {
    g_autofree char *back = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"task_id\": null}", owned_in);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, back, 200);
    g_assert_cmpint (owner_of (fixture, owned_in), ==, fixture->api.agent_id);
  }
}

/* My customers (C3) */

static void
test_my_customers_sort_and_search (Fixture *fixture, gconstpointer data)
{
  const char *companies[] = { "Beta", "Alpha", "Gamma", "Alpine" };
  gint64 ids[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *fields = g_strdup_printf ("\"company\": \"%s\", \"phones\": [\"03-4444-000%u\"]", companies[i], i);
      ids[i] = create_customer_api (fixture, fixture->agent, fields);
    }
  create_customer_api (fixture, fixture->t_agent2, "\"company\": \"Alpha two\"");
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&sort=company&limit=3",
                                       fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, ids[1]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, ids[3]);
    g_assert_cmpstr (json_object_get_string_member (r->json, "next"), ==, "3");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&sort=company&limit=3&after=3",
                                       fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), ids[2]));
    g_assert_true (json_node_is_null (json_object_get_member (r->json, "next")));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&sort=company&order=desc",
                                       fixture->agent, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items_of (r), 0), "id"), ==, ids[2]);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&q=Alp", fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&q=03%204444%200002",
                                       fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), ids[2]));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&q=4444", fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autofree char *other_task = g_strdup_printf ("/api/v1/customers?owner=me&task=%" G_GINT64_FORMAT, fixture->task_b);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", other_task, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?sort=shoe", fixture->agent, NULL, 400);
  }
}

/* C25: auto-dial chooses My customers by dial count and last contact (never contacted is in). */
static void
test_my_customers_dial_filters (Fixture *fixture, gconstpointer data)
{
  /* dial count, last contact (0: never) */
  const gint64 counters[4][2] = { { 0, 0 }, { 2, 1700000000 }, { 5, 1600000000 }, { 1, 1800000000 } };
  gint64 ids[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *fields = g_strdup_printf ("\"company\": \"Dial %u\"", i);
      g_autofree char *last = counters[i][1] ? g_strdup_printf ("%" G_GINT64_FORMAT, counters[i][1]) : g_strdup ("NULL");
      g_autofree char *sql = NULL;

      ids[i] = create_customer_api (fixture, fixture->agent, fields);
      sql = g_strdup_printf ("UPDATE customers SET dial_count = %" G_GINT64_FORMAT ", last_contact_at = %s WHERE id = %"
                             G_GINT64_FORMAT ";", counters[i][0], last, ids[i]);
      g_assert_cmpint (sqlite3_exec (wcc_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&max_dial_count=2&sort=dial_count",
                                       fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, ids[0]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, ids[3]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, ids[1]);
  }
  {
    /* 2024-01-01: the one contacted in 2027 is out, the one never contacted in. */
    g_autoptr(ApiResponse) r = expect (fixture, "GET",
                                       "/api/v1/customers?owner=me&contacted_before=2024-01-01T00:00:00Z&sort=last_contact",
                                       fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, ids[0]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, ids[2]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, ids[1]);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET",
                                       "/api/v1/customers?owner=me&max_dial_count=0&contacted_before=2024-01-01T00:00:00Z",
                                       fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), ids[0]));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&max_dial_count=-1", fixture->agent, NULL, 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=me&contacted_before=yesterday",
                                       fixture->agent, NULL, 400);
  }
}

/* Roles and tenants over every endpoint */

typedef struct {
  const char *method;
  const char *path;       /* {P} package, {T} task, {R} result, {G} tag, {C} customer, {N} note,
                           * {W} pending warning, {S} unique */
  const char *body;
  guint       agent, leader, admin;
} Endpoint;

static const Endpoint endpoints[] = {
  { "GET", "/api/v1/packages", NULL, 200, 200, 200 },
  { "GET", "/api/v1/packages/{P}", NULL, 200, 200, 200 },
  { "POST", "/api/v1/packages", "{\"name\": \"P-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/packages/{P}", "{\"version\": 1, \"name\": \"Leads\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/packages/{P}", NULL, 403, 403, 409 },
  { "GET", "/api/v1/tasks", NULL, 200, 200, 200 },
  { "GET", "/api/v1/tasks/{T}", NULL, 200, 200, 200 },
  { "POST", "/api/v1/tasks", "{\"package_id\": {P}, \"name\": \"T-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/tasks/{T}", "{\"version\": 1, \"after_call_work\": 0}", 403, 403, 200 },
  { "DELETE", "/api/v1/tasks/{T}", NULL, 403, 403, 409 },
  { "GET", "/api/v1/tasks/{T}/pool", NULL, 200, 200, 200 },
  { "POST", "/api/v1/tasks/{T}/pool/grab", "{\"ids\": [{C}]}", 200, 200, 403 },
  { "GET", "/api/v1/call-results", NULL, 200, 200, 200 },
  { "GET", "/api/v1/call-results/{R}", NULL, 200, 200, 200 },
  { "POST", "/api/v1/call-results", "{\"label\": \"R-{S}\", \"funnel\": \"fail\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/call-results/{R}", "{\"version\": 1, \"position\": 0}", 403, 403, 200 },
  { "DELETE", "/api/v1/call-results/{R}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/customer-tags", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customer-tags", "{\"name\": \"G-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/customer-tags/{G}", "{\"version\": 1, \"name\": \"Hot\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/customer-tags/{G}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/customers", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers", "{\"task_id\": {T}, \"company\": \"N-{S}\"}", 201, 201, 201 },
  { "GET", "/api/v1/customers/{C}", NULL, 200, 200, 200 },
  { "PATCH", "/api/v1/customers/{C}", "{\"version\": 1, \"address\": \"Osaka\"}", 200, 409, 409 },
  { "PATCH", "/api/v1/customers/{C}", "{\"version\": 1, \"task_id\": {T}}",
    403, 403, 409 },
  { "GET", "/api/v1/customers/by-phone?number=%2B81%203%207777%200000", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/release", "{\"ids\": [{C}]}", 200, 200, 200 },
  { "POST", "/api/v1/customers/assign", "{\"ids\": [{C}], \"task_id\": {T}}",
    403, 403, 200 },
  /* Notes (C9): whoever sees the customer reads and writes them; only the author edits or
   * deletes a note, nobody a warning; the leader of the author's group and the client
   * admin review warnings, the author does not. */
  { "GET", "/api/v1/customers/{C}/notes", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/notes", "{\"text\": \"N-{S}\"}", 201, 201, 201 },
  { "POST", "/api/v1/customers/{C}/notes", "{\"kind\": \"warning\", \"text\": \"W-{S}\"}", 201, 201, 201 },
  { "GET", "/api/v1/customers/{C}/warnings", NULL, 200, 200, 200 },
  { "PATCH", "/api/v1/notes/{N}", "{\"version\": 1, \"text\": \"E-{S}\"}", 200, 403, 403 },
  { "PATCH", "/api/v1/notes/{W}", "{\"version\": 1, \"text\": \"E-{S}\"}", 409, 403, 403 },
  { "DELETE", "/api/v1/notes/{N}", NULL, 204, 403, 403 },
  { "DELETE", "/api/v1/notes/{W}", NULL, 409, 403, 403 },
  { "POST", "/api/v1/notes/{W}/review", "{\"decision\": \"approve\"}", 403, 200, 200 },
  { "POST", "/api/v1/notes/{W}/review", "{\"decision\": \"reject\", \"reason\": \"R-{S}\"}", 403, 200, 200 },
  { "POST", "/api/v1/notes/{N}/review", "{\"decision\": \"approve\"}", 403, 409, 409 },
  /* Contact records (C15): whoever sees the customer. */
  { "GET", "/api/v1/customers/{C}/contact-records", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/contact-records",
    "{\"call_result_id\": {R}, \"call_state\": \"answered\", \"note\": \"CR-{S}\"}", 201, 201, 201 },
};

typedef struct {
  gint64 package, task, result, tag, customer, note, warning;
} Targets;

/* Fresh records of demo for one role's round (deletes and edits use them up). */
static Targets
make_targets (Fixture *fixture,
              guint    round)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  WccStoreCallResult result = { .client_id = fixture->demo, .label = label, .funnel = WCC_FUNNEL_SUCCESS };
  Targets targets;

  targets.package = fixture->package;
  targets.task = fixture->task_a;
  targets.result = wcc_store_call_result_create (fixture->store, &result, NULL);
  targets.tag = wcc_store_tag_create (fixture->store, fixture->demo, label, NULL);
  /* Owned by the agent 1001, whom the leader leads. */
  targets.customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                   label, "+81 3 7777 0000");
  /* The agent's note, pending warning and contact record on it (with a result of its own,
   * so that deleting {R} stays possible). */
  targets.note = wcc_store_note_create (fixture->store, fixture->demo, targets.customer, fixture->api.agent_id,
                                        WCC_NOTE_NORMAL, label, NULL);
  targets.warning = wcc_store_note_create (fixture->store, fixture->demo, targets.customer, fixture->api.agent_id,
                                           WCC_NOTE_WARNING, label, NULL);
  {
    g_autofree char *record_label = g_strdup_printf ("Target record %u", round);
    WccStoreCallResult record_result = { .client_id = fixture->demo, .label = record_label,
                                         .funnel = WCC_FUNNEL_FOLLOW_UP };
    gint64 result_id = wcc_store_call_result_create (fixture->store, &record_result, NULL);

    g_assert_cmpint (wcc_store_contact_record_create (fixture->store, fixture->demo, targets.customer,
                                                      fixture->api.agent_id, result_id, TRUE, label, 0, 0, 0,
                                                      NULL), >, 0);
  }
  g_assert_cmpint (targets.note, >, 0);
  g_assert_cmpint (targets.warning, >, 0);
  return targets;
}

static char *
format_endpoint (const char    *format,
                 const Targets *targets,
                 const char    *suffix)
{
  const ApiPlaceholder ids[] = {
    { "{P}", targets->package }, { "{T}", targets->task }, { "{R}", targets->result },
    { "{G}", targets->tag }, { "{C}", targets->customer }, { "{N}", targets->note },
    { "{W}", targets->warning },
  };

  return format_endpoint_text (format, ids, G_N_ELEMENTS (ids), suffix);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  const char *tokens[] = { fixture->agent, fixture->leader, fixture->admin };
  const char *names[] = { "agent", "leader", "admin" };

  for (guint role = 0; role < 3; role++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        /* Each request on fresh records, so no request sees another's effect. */
        Targets targets = make_targets (fixture, role * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("%s-%u", names[role], i);
        g_autofree char *path = format_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = format_endpoint (endpoints[i].body, &targets, suffix);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = NULL;

        /* The agent edits their customer at version 1; others come after a version bump. */
        if (role > 0 && g_str_equal (endpoints[i].method, "PATCH") && strstr (endpoints[i].path, "customers/"))
          {
            g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (fixture->store, fixture->demo,
                                                                            targets.customer);
            g_assert_true (wcc_store_customer_update (fixture->store, customer, 0, NULL));
          }
        g_test_message ("%s: %s %s", names[role], endpoints[i].method, path);
        r = expect (fixture, endpoints[i].method, path, tokens[role], body, want);
      }
}

/* The customer's note, warning and contact record as make_targets () wrote them, and no more. */
static void
assert_notes_and_records_unchanged (Fixture       *fixture,
                                    const Targets *targets)
{
  g_autoptr(WccStoreNote) note = wcc_store_note_find (fixture->store, fixture->demo, targets->note);
  g_autoptr(WccStoreNote) warning = wcc_store_note_find (fixture->store, fixture->demo, targets->warning);
  g_autoptr(GPtrArray) notes = wcc_store_note_list (fixture->store, fixture->demo, targets->customer, FALSE, 0, 10);
  g_autoptr(GPtrArray) records = wcc_store_contact_record_list (fixture->store, fixture->demo, targets->customer,
                                                                0, 10);

  g_assert_nonnull (note);
  g_assert_cmpint (note->version, ==, 1);
  g_assert_true (g_str_has_prefix (note->text, "Target"));
  g_assert_nonnull (warning);
  g_assert_cmpint (warning->review_state, ==, WCC_REVIEW_PENDING);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpuint (records->len, ==, 1);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  const char *tokens[] = { fixture->t_acme, fixture->t_acme_admin };

  for (guint who = 0; who < 2; who++)
    for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
      {
        Targets targets = make_targets (fixture, who * 100 + i);
        g_autofree char *suffix = g_strdup_printf ("acme-%u-%u", who, i);
        g_autofree char *path = format_endpoint (endpoints[i].path, &targets, suffix);
        g_autofree char *body = format_endpoint (endpoints[i].body, &targets, suffix);
        g_autoptr(ApiResponse) r = body ? api_json (&fixture->api, endpoints[i].method, path, tokens[who], body)
                                        : api_request (&fixture->api, endpoints[i].method, path, tokens[who],
                                                       NULL, NULL, 0);
        g_autoptr(WccStoreCustomer) after = wcc_store_customer_find (fixture->store, fixture->demo, targets.customer);
        g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
        gboolean names_demo_id = strchr (endpoints[i].path, '{') != NULL;

        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        /* Never demo's data: no demo name in any answer, and demo's records unchanged. */
        g_assert_null (strstr (text, "Target"));
        g_assert_null (strstr (text, "Leads\",\"fields\":[{"));
        g_assert_null (strstr (text, "Spring campaign"));
        g_assert_cmpint (after->owner_id, ==, fixture->api.agent_id);
        g_assert_cmpint (after->task_id, ==, fixture->task_a);
        g_assert_cmpint (after->version, ==, 1);
        assert_notes_and_records_unchanged (fixture, &targets);
        if (names_demo_id && who == 1)
          g_assert_cmpuint (r->status, ==, 404);
        else if (names_demo_id)
          g_assert_true (r->status == 404 || r->status == 403);
        /* Lists of ids: demo's all missing. */
        if (r->status == 200 && json_object_has_member (r->json, "missing"))
          g_assert_true (id_in (json_object_get_array_member (r->json, "missing"), targets.customer));
      }
}

static void
test_leader_and_agent_visibility (Fixture *fixture, gconstpointer data)
{
  gint64 mine = create_customer_api (fixture, fixture->agent, "\"company\": \"Of 1001\"");
  gint64 pool = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, 0, "In pool", NULL);
  gint64 service = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                                 "Of 1003", NULL);
  g_autofree char *of_1001 = g_strdup_printf ("/api/v1/customers?owner=%" G_GINT64_FORMAT, fixture->api.agent_id);

  /* The leader of Sales sees 1001's customers; 1002 (same group, no leader) does not. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", of_1001, fixture->leader, NULL, 200);
    g_assert_true (id_in (items_of (r), mine));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", of_1001, fixture->t_agent2, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  /* Everything an agent sees: their own and their tasks' pools, not other tasks' customers. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?limit=200", fixture->t_agent2, NULL, 200);
    g_assert_true (id_in (items_of (r), pool));
    g_assert_false (id_in (items_of (r), mine));
    g_assert_false (id_in (items_of (r), service));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?owner=none&limit=200", fixture->admin, NULL, 200);
    g_assert_true (id_in (items_of (r), pool));
    g_assert_false (id_in (items_of (r), service));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/customers?limit=200", fixture->admin, NULL, 200);
    g_assert_true (id_in (items_of (r), service) && id_in (items_of (r), mine) && id_in (items_of (r), pool));
  }
}

/* Notes (C9) */

static gint64
create_note (Fixture    *fixture,
             const char *token,
             gint64      customer,
             const char *kind,
             const char *text)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"%s\", \"text\": \"%s\"}", kind, text);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", path, token, body, 201);

  g_assert_cmpstr (json_object_get_string_member (r->json, "kind"), ==, kind);
  return json_object_get_int_member (r->json, "id");
}

static void
test_notes_kinds_and_order (Fixture *fixture, gconstpointer data)
{
  gint64 c = create_customer_api (fixture, fixture->agent, "\"company\": \"Noted\"");
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", c);
  g_autofree char *page2 = g_strdup_printf ("%s?limit=2&after=2", path);
  g_autofree char *first = g_strdup_printf ("%s?limit=2", path);
  gint64 normal = create_note (fixture, fixture->agent, c, "normal", "first");
  gint64 pinned = create_note (fixture, fixture->agent, c, "pinned", "keep on top");
  gint64 warning = create_note (fixture, fixture->agent, c, "warning", "angry customer");
  gint64 newest = create_note (fixture, fixture->agent, c, "normal", "latest");

  /* Pinned first, then the newest; a warning waits for review. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", first, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, pinned);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, newest);
    g_assert_cmpstr (json_object_get_string_member (r->json, "next"), ==, "2");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", page2, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, warning);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "review_state"), ==,
                     "pending");
    g_assert_true (json_object_get_null_member (json_array_get_object_element (items, 1), "review_state"));
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, normal);
    g_assert_true (json_object_get_null_member (r->json, "next"));
  }
  /* Not approved yet: no warning at the screen pop. */
  {
    g_autofree char *warnings = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/warnings", c);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", warnings, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  /* Bad input writes nothing. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "POST", path, fixture->agent, "{\"kind\": \"loud\", \"text\": \"x\"}", 400);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", path, fixture->agent, "{\"text\": \"\"}", 400);
    g_autoptr(ApiResponse) e = expect (fixture, "POST", path, fixture->agent, "{\"text\": \"x\", \"extra\": 1}", 400);
    g_assert_cmpint (count_rows (fixture, "customer_notes"), ==, 4);
  }
}

static void
test_notes_warning_review_roles (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 c = create_customer_api (fixture, fixture->agent, "\"company\": \"Warned\"");
  gint64 other_leader = add_user (fixture, fixture->demo, "2002", WCC_ROLE_LEADER, 0);
  gint64 warning = create_note (fixture, fixture->agent, c, "warning", "threatens to sue");
  gint64 rejected = create_note (fixture, fixture->agent, c, "warning", "maybe rude");
  gint64 normal = create_note (fixture, fixture->agent, c, "normal", "plain");
  g_autofree char *review = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", warning);
  g_autofree char *review_rejected = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", rejected);
  g_autofree char *review_normal = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", normal);
  g_autofree char *warnings = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/warnings", c);
  g_autofree char *t_other_leader = NULL;
  ApiStream *stream;
  JsonObject *event;

  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, fixture->service, other_leader, TRUE,
                                             &error));
  t_other_leader = api_login (&fixture->api, "2002@demo", TEST_PASSWORD);
  stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  /* An agent cannot approve, their own or anyone's; a leader of another group cannot. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "POST", review, fixture->agent, "{\"decision\": \"approve\"}", 403);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", review, fixture->t_agent2, "{\"decision\": \"approve\"}", 404);
    g_autoptr(ApiResponse) d = expect (fixture, "POST", review, t_other_leader, "{\"decision\": \"approve\"}", 404);
    g_autoptr(ApiResponse) e = expect (fixture, "POST", review, fixture->t_acme_admin, "{\"decision\": \"approve\"}", 404);
  }
  /* The leader of the author's group approves; a rejection needs a reason. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "POST", review, fixture->leader, "{\"decision\": \"maybe\"}", 400);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", review, fixture->leader, "{\"decision\": \"reject\"}", 400);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", review, fixture->leader,
                                       "{\"decision\": \"approve\", \"reason\": \"true\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "review_state"), ==, "approved");
    g_assert_cmpint (json_object_get_int_member (r->json, "reviewer_id"), ==, fixture->api.leader_id);
  }
  event = api_stream_wait_event (stream, "note.reviewed", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, warning);
  api_stream_close (stream);
  /* Reviewed once only; a normal note is no warning. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "POST", review, fixture->admin, "{\"decision\": \"reject\", \"reason\": \"no\"}", 409);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", review_normal, fixture->admin, "{\"decision\": \"approve\"}", 409);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", review_rejected, fixture->admin,
                                       "{\"decision\": \"reject\", \"reason\": \"not a warning\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "review_state"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (r->json, "review_reason"), ==, "not a warning");
  }
  /* Only the approved warning counts at the screen pop. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", warnings, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), warning));
  }
}

static void
test_notes_edit_version_and_visibility (Fixture *fixture, gconstpointer data)
{
  gint64 c = create_customer_api (fixture, fixture->agent, "\"company\": \"Edited\"");
  gint64 note = create_note (fixture, fixture->agent, c, "normal", "draft");
  gint64 warning = create_note (fixture, fixture->agent, c, "warning", "careful");
  g_autofree char *path = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT, note);
  g_autofree char *warning_path = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT, warning);
  g_autofree char *notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", c);

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent,
                                       "{\"version\": 1, \"text\": \"final\", \"kind\": \"pinned\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "text"), ==, "final");
    g_assert_cmpstr (json_object_get_string_member (r->json, "kind"), ==, "pinned");
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  /* A stale version: 409 with the current note. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 1, \"text\": \"old\"}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");

    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpstr (json_object_get_string_member (current, "text"), ==, "final");
  }
  /* Not a warning by an edit; a warning is not edited or deleted. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 2, \"kind\": \"warning\"}", 400);
    g_autoptr(ApiResponse) b = expect (fixture, "PATCH", warning_path, fixture->agent, "{\"version\": 1, \"text\": \"x\"}", 409);
    g_autoptr(ApiResponse) d = expect (fixture, "DELETE", warning_path, fixture->agent, NULL, 409);
  }
  /* Someone else's note: the leader sees the customer but does not edit; others see nothing. */
  {
    g_autoptr(ApiResponse) a = expect (fixture, "PATCH", path, fixture->leader, "{\"version\": 2, \"text\": \"x\"}", 403);
    g_autoptr(ApiResponse) b = expect (fixture, "DELETE", path, fixture->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) d = expect (fixture, "GET", notes, fixture->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) e = expect (fixture, "POST", notes, fixture->t_agent3, "{\"text\": \"hi\"}", 404);
    g_autoptr(ApiResponse) f = expect (fixture, "GET", notes, fixture->leader, NULL, 200);
  }
  /* Another tenant: every note endpoint is 404, and nothing changes. */
  {
    g_autofree char *acme_notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", fixture->acme_customer);
    g_autoptr(ApiResponse) a = expect (fixture, "GET", notes, fixture->t_acme_admin, NULL, 404);
    g_autoptr(ApiResponse) b = expect (fixture, "POST", notes, fixture->t_acme_admin, "{\"text\": \"x\"}", 404);
    g_autoptr(ApiResponse) d = expect (fixture, "PATCH", path, fixture->t_acme, "{\"version\": 2, \"text\": \"x\"}", 404);
    g_autoptr(ApiResponse) e = expect (fixture, "DELETE", path, fixture->t_acme_admin, NULL, 404);
    g_autoptr(ApiResponse) f = expect (fixture, "POST", acme_notes, fixture->admin, "{\"text\": \"x\"}", 404);
    g_autofree char *warnings = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/warnings", c);
    g_autoptr(ApiResponse) g = expect (fixture, "GET", warnings, fixture->t_acme, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->agent, NULL, 204);
    g_autoptr(ApiResponse) again = expect (fixture, "DELETE", path, fixture->agent, NULL, 404);
  }
  g_assert_cmpint (count_rows (fixture, "customer_notes"), ==, 1);
}

/* Contact records (C15) */

/* A finished call record: taken by @agent_id, answered or not. */
static gint64
make_call (Fixture  *fixture,
           gint64    client_id,
           gint64    agent_id,
           gboolean  answered)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 id = wcc_store_call_create (fixture->store, client_id, WCC_CALL_OUTBOUND, "1001", "0312345678",
                                     0, now, &error);

  g_assert_no_error (error);
  g_assert_true (wcc_store_call_set_agent (fixture->store, id, agent_id, &error));
  if (answered)
    g_assert_true (wcc_store_call_set_answered (fixture->store, id, now, &error));
  g_assert_true (wcc_store_call_end (fixture->store, id, now, "hung up", WCC_CALL_SIDE_CALLER, &error));
  return id;
}

/* A result is taken only for the call state it is for (C16), from the linked call or as
 * told; the record keeps the result's funnel stage; the customer's counters move with it;
 * the call is linked to the customer; the list is newest first. */
static void
test_contact_records (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a,
                                  fixture->api.agent_id, "Kobayashi Trading", "03-1111-2222");
  gint64 answered_only = make_result (fixture, "Interested", "follow_up", "answered");
  gint64 unanswered_only = make_result (fixture, "No answer", "fail", "unanswered");
  gint64 answered_call = make_call (fixture, fixture->demo, fixture->api.agent_id, TRUE);
  gint64 missed_call = make_call (fixture, fixture->demo, fixture->api.agent_id, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer);
  g_autoptr(WccStoreCustomer) after = NULL;
  g_autoptr(WccStoreCall) linked = NULL;
  gint64 before_count = count_rows (fixture, "contact_records");

  /* The wrong result for the call's state: refused, nothing written. */
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_id\": %" G_GINT64_FORMAT "}",
                                             answered_only, missed_call);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, body, 400);
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\"}",
                                             unanswered_only);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, body, 400);
  }
  g_assert_cmpint (count_rows (fixture, "contact_records"), ==, before_count);
  /* No call and no state: the state is needed. */
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT "}", unanswered_only);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, body, 400);
  }
  /* The right ones. */
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_id\": %" G_GINT64_FORMAT ","
                                             " \"note\": \"Call back Monday\", \"next_contact_at\": \"2030-12-02T01:00:00Z\"}",
                                             answered_only, answered_call);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, body, 201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "funnel"), ==, "follow_up");
    g_assert_cmpstr (json_object_get_string_member (r->json, "call_state"), ==, "answered");
    g_assert_cmpstr (json_object_get_string_member (r->json, "next_contact_at"), ==, "2030-12-02T01:00:00Z");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"unanswered\"}",
                                             unanswered_only);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, body, 201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "funnel"), ==, "fail");
  }
  after = wcc_store_customer_find (fixture->store, fixture->demo, customer);
  g_assert_cmpint (after->dial_count, ==, 2);
  g_assert_cmpint (after->last_contact_at, >, 0);
  linked = wcc_store_call_find (fixture->store, fixture->demo, answered_call);
  g_assert_cmpint (linked->customer_id, ==, customer);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "call_result"), ==,
                     "No answer");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "note"), ==,
                     "Call back Monday");
  }
}

/* Only calls the agent was on can be linked; another tenant sees and writes nothing; a
 * retried save with one Idempotency-Key is one record. */
static void
test_contact_records_scope (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a,
                                  fixture->api.agent_id, "Sato Shoji", "03-3333-4444");
  gint64 result = make_result (fixture, "Sold", "success", "any");
  gint64 someone_elses = make_call (fixture, fixture->demo, fixture->agent2, TRUE);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer);
  g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\"}",
                                           result);
  gint64 before_count = count_rows (fixture, "contact_records");

  {
    g_autofree char *linked = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_id\": %" G_GINT64_FORMAT "}",
                                               result, someone_elses);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, linked, 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->t_acme, body, 404);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_acme, NULL, 404);
  }
  {
    /* 1003 (Service) neither owns the customer nor works its task. */
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->t_agent3, body, 404);
  }
  g_assert_cmpint (count_rows (fixture, "contact_records"), ==, before_count);
  {
    const char *headers[] = { "Idempotency-Key", "save-1", NULL };
    g_autoptr(ApiResponse) first = api_request_full (&fixture->api, "POST", path, fixture->agent, "application/json",
                                                     body, strlen (body), headers);
    g_autoptr(ApiResponse) again = api_request_full (&fixture->api, "POST", path, fixture->agent, "application/json",
                                                     body, strlen (body), headers);
    g_assert_cmpuint (first->status, ==, 201);
    g_assert_cmpuint (again->status, ==, 201);
    g_assert_true (g_bytes_equal (first->body, again->body));
  }
  g_assert_cmpint (count_rows (fixture, "contact_records"), ==, before_count + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/customers/setup/crud", test_setup_crud);
  ADD ("/customers/call-results/by-call-state", test_call_results_by_call_state);
  g_test_add_func ("/customers/phone/normalize", test_phone_normalize);
  ADD ("/customers/phone/lookup-full-number", test_phone_lookup);
  ADD ("/customers/tab-label", test_tab_label);
  ADD ("/customers/version-conflict", test_version_conflict);
  ADD ("/customers/bad-input-writes-nothing", test_bad_input_writes_nothing);
  ADD ("/customers/pool/grab-and-change-batch", test_pool_grab_and_change_batch);
  ADD ("/customers/pool/concurrent-grabs", test_pool_concurrent_grabs);
  ADD ("/customers/c4/another-agent-calls-submits-transfers", test_c4_another_agent_calls_submits_transfers);
  ADD ("/customers/c4/owner-already-in-new-task-keeps-customer", test_c4_owner_already_in_new_task_keeps_customer);
  ADD ("/customers/c4/moved-to-task-without-owner-goes-to-another-agent",
       test_c4_moved_to_task_without_owner_goes_to_another_agent);
  ADD ("/customers/c4/unassigned-customer-enters-task", test_c4_unassigned_customer_enters_task);
  ADD ("/customers/my-customers/sort-and-search", test_my_customers_sort_and_search);
  ADD ("/customers/my-customers/dial-filters", test_my_customers_dial_filters);
  ADD ("/customers/roles/matrix", test_role_matrix);
  ADD ("/customers/tenants/isolation", test_tenant_isolation);
  ADD ("/customers/roles/leader-and-agent-visibility", test_leader_and_agent_visibility);
  ADD ("/customers/notes/kinds-and-order", test_notes_kinds_and_order);
  ADD ("/customers/notes/warning-review-roles", test_notes_warning_review_roles);
  ADD ("/customers/notes/edit-version-and-visibility", test_notes_edit_version_and_visibility);
  ADD ("/customers/contact-records/result-state-funnel-counters", test_contact_records);
  ADD ("/customers/contact-records/scope-and-retry", test_contact_records_scope);
#undef ADD
  return g_test_run ();
}
