/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-customers.c: the fixture of the customer work tests: two clients with groups,
 * agents, a package, tasks and logged-in tokens, and request helpers that assert. */
#include "wcc-password.h"
#include "wcc-phone-number.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"


gint64
add_user (Fixture    *fixture,
          gint64      client_id,
          const char *employee_id,
          WccRoles    roles,
          gint64      group_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = wcc_password_hash_sync (TEST_PASSWORD, NULL);
  gint64 id = wcc_store_user_create (fixture->store, client_id, employee_id, "Test", employee_id, roles, hash, &error);

  g_assert_no_error (error);
  if (group_id != 0)
    g_assert_true (wcc_store_group_add_member (fixture->store, client_id, group_id, id, FALSE, &error));
  return id;
}

gint64
add_task (Fixture    *fixture,
          gint64      client_id,
          gint64      package_id,
          const char *name,
          gint64      group_id)
{
  g_autoptr(WccStoreTask) task = wcc_store_task_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  task->client_id = client_id;
  task->package_id = package_id;
  task->name = g_strdup (name);
  if (group_id != 0)
    g_array_append_val (task->group_ids, group_id);
  id = wcc_store_task_create (fixture->store, task, &error);
  g_assert_no_error (error);
  return id;
}

/* A customer written by the store, as an import would. */
gint64
add_customer (Fixture    *fixture,
              gint64      client_id,
              gint64      package_id,
              gint64      task_id,
              gint64      owner_id,
              const char *company,
              const char *phone)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  customer->client_id = client_id;
  customer->package_id = package_id;
  customer->task_id = task_id;
  customer->owner_id = owner_id;
  customer->company = g_strdup (company);
  if (phone != NULL)
    {
      g_autofree char *normalized = wcc_phone_number_normalize (phone);
      wcc_store_customer_add_phone (customer, phone, normalized);
    }
  id = wcc_store_customer_create (fixture->store, customer, &error);
  g_assert_no_error (error);
  return id;
}

void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* @data: the text of a configuration file, or NULL. */
  api_fixture_setup (&fixture->api, data);
  fixture->store = fixture->api.store;
  fixture->demo = fixture->api.demo_client_id;
  fixture->acme = fixture->api.acme_client_id;
  fixture->sales = wcc_store_group_find (fixture->store, fixture->demo, "Sales");
  fixture->service = wcc_store_group_create (fixture->store, fixture->demo, "Service", &error);
  g_assert_no_error (error);
  fixture->agent2 = add_user (fixture, fixture->demo, "1002", WCC_ROLE_AGENT, fixture->sales);
  fixture->agent3 = add_user (fixture, fixture->demo, "1003", WCC_ROLE_AGENT, fixture->service);
  add_user (fixture, fixture->acme, "admin", WCC_ROLE_CLIENT_ADMIN, 0);

  fixture->package = wcc_store_package_create (fixture->store, fixture->demo, "Leads",
                                               "[{\"name\": \"industry\", \"label\": \"Industry\", \"type\": \"choice\","
                                               " \"required\": false, \"choices\": [\"retail\", \"it\"]},"
                                               " {\"name\": \"budget\", \"label\": \"Budget\", \"type\": \"number\","
                                               " \"required\": false},"
                                               " {\"name\": \"since\", \"label\": \"Since\", \"type\": \"date\","
                                               " \"required\": false}]", &error);
  g_assert_no_error (error);
  fixture->task_a = add_task (fixture, fixture->demo, fixture->package, "Spring campaign", fixture->sales);
  fixture->task_b = add_task (fixture, fixture->demo, fixture->package, "Renewals", fixture->service);

  {
    gint64 acme_group = wcc_store_group_create (fixture->store, fixture->acme, "Sales", &error);
    g_assert_true (wcc_store_group_add_member (fixture->store, fixture->acme, acme_group,
                                               fixture->api.acme_agent_id, FALSE, &error));
    fixture->acme_package = wcc_store_package_create (fixture->store, fixture->acme, "Leads", "[]", &error);
    g_assert_no_error (error);
    fixture->acme_task = add_task (fixture, fixture->acme, fixture->acme_package, "Acme task", acme_group);
    fixture->acme_customer = add_customer (fixture, fixture->acme, fixture->acme_package, fixture->acme_task, 0,
                                           "Acme customer", "+1 555 0100");
  }

  fixture->agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  fixture->leader = api_login (&fixture->api, "2001@demo", TEST_PASSWORD);
  fixture->admin = api_login (&fixture->api, "admin@demo", TEST_PASSWORD);
  fixture->t_agent2 = api_login (&fixture->api, "1002@demo", TEST_PASSWORD);
  fixture->t_agent3 = api_login (&fixture->api, "1003@demo", TEST_PASSWORD);
  fixture->t_acme = api_login (&fixture->api, "1001@acme", TEST_PASSWORD);
  fixture->t_acme_admin = api_login (&fixture->api, "admin@acme", TEST_PASSWORD);
}

void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_free (fixture->agent);
  g_free (fixture->leader);
  g_free (fixture->admin);
  g_free (fixture->t_agent2);
  g_free (fixture->t_agent3);
  g_free (fixture->t_acme);
  g_free (fixture->t_acme_admin);
  api_fixture_teardown (&fixture->api);
}

/* A request whose status must be @status; the response for more checks. */
ApiResponse *
expect (Fixture    *fixture,
        const char *method,
        const char *path,
        const char *token,
        const char *body,
        guint       status)
{
  ApiResponse *response = body ? api_json (&fixture->api, method, path, token, body)
                               : api_request (&fixture->api, method, path, token, NULL, NULL, 0);

  if (response->status != status)
    g_error ("%s %s: %u, not %u: %.*s", method, path, response->status, status,
             (int) g_bytes_get_size (response->body), (const char *) g_bytes_get_data (response->body, NULL));
  return response;
}

gboolean
id_in (JsonArray *array,
       gint64     id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 value = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_int_member (json_node_get_object (node), "id")
                                                   : json_node_get_int (node);
      if (value == id)
        return TRUE;
    }
  return FALSE;
}

JsonArray *
items_of (ApiResponse *response)
{
  return json_object_get_array_member (response->json, "items");
}

gint64
count_rows (Fixture    *fixture,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s;", table);
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (wcc_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

gint64
owner_of (Fixture *fixture,
          gint64   customer_id)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (fixture->store, fixture->demo, customer_id);

  g_assert_nonnull (customer);
  return customer != NULL ? customer->owner_id : -1;
}

gint64
make_result (Fixture    *fixture,
             const char *label,
             const char *funnel,
             const char *call_state)
{
  g_autofree char *body = g_strdup_printf ("{\"label\": \"%s\", \"funnel\": \"%s\", \"call_state\": \"%s\"}",
                                           label, funnel, call_state);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/call-results", fixture->admin, body, 201);

  return json_object_get_int_member (r->json, "id");
}

void
expect_retried_once (Fixture    *fixture,
                     const char *method,
                     const char *path,
                     const char *token,
                     const char *body,
                     const char *key,
                     guint       status)
{
  const char *headers[] = { "Idempotency-Key", key, NULL };
  g_autoptr(ApiResponse) first = api_request_full (&fixture->api, method, path, token, "application/json",
                                                   body, strlen (body), headers);
  g_autoptr(ApiResponse) again = api_request_full (&fixture->api, method, path, token, "application/json",
                                                   body, strlen (body), headers);

  g_assert_cmpuint (first->status, ==, status);
  g_assert_cmpuint (again->status, ==, status);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
}

char *
format_endpoint_text (const char           *format,
                      const ApiPlaceholder *records,
                      guint                 n_records,
                      const char           *suffix)
{
  GString *text;

  if (format == NULL)
    return NULL;
  text = g_string_new (format);
  for (guint i = 0; i < n_records; i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, records[i].value);
      g_string_replace (text, records[i].name, value, 0);
    }
  g_string_replace (text, "{S}", suffix, 0);
  return g_string_free (text, FALSE);
}

gint64
record_of (const ApiPlaceholder *records,
           guint                 n_records,
           const char           *name)
{
  for (guint i = 0; i < n_records; i++)
    if (g_str_equal (records[i].name, name))
      return records[i].value;
  g_assert_not_reached ();
}

void
run_role_matrix (Fixture           *fixture,
                 const ApiEndpoint *endpoints,
                 guint              n_endpoints,
                 ApiMakeRecords     make)
{
  const char *tokens[] = { fixture->agent, fixture->leader, fixture->admin };
  const char *names[] = { "agent", "leader", "admin" };

  for (guint role = 0; role < 3; role++)
    for (guint i = 0; i < n_endpoints; i++)
      {
        ApiPlaceholder records[API_MAX_PLACEHOLDERS];
        guint n_records = make (fixture, role * 100 + i, records);
        g_autofree char *suffix = g_strdup_printf ("%s-%u", names[role], i);
        g_autofree char *path = format_endpoint_text (endpoints[i].path, records, n_records, suffix);
        g_autofree char *body = format_endpoint_text (endpoints[i].body, records, n_records, suffix);
        guint want = role == 0 ? endpoints[i].agent : role == 1 ? endpoints[i].leader : endpoints[i].admin;
        g_autoptr(ApiResponse) r = NULL;

        g_test_message ("%s: %s %s", names[role], endpoints[i].method, path);
        r = expect (fixture, endpoints[i].method, path, tokens[role], body, want);
      }
}

void
run_tenant_isolation (Fixture           *fixture,
                      const ApiEndpoint *endpoints,
                      guint              n_endpoints,
                      ApiMakeRecords     make,
                      ApiCheckUnchanged  check)
{
  const char *tokens[] = { fixture->t_acme, fixture->t_acme_admin };

  for (guint who = 0; who < 2; who++)
    for (guint i = 0; i < n_endpoints; i++)
      {
        ApiPlaceholder records[API_MAX_PLACEHOLDERS];
        guint n_records = make (fixture, who * 100 + i, records);
        g_autofree char *suffix = g_strdup_printf ("acme-%u-%u", who, i);
        g_autofree char *path = format_endpoint_text (endpoints[i].path, records, n_records, suffix);
        g_autofree char *body = format_endpoint_text (endpoints[i].body, records, n_records, suffix);
        g_autoptr(ApiResponse) r = body ? api_json (&fixture->api, endpoints[i].method, path, tokens[who], body)
                                        : api_request (&fixture->api, endpoints[i].method, path, tokens[who],
                                                       NULL, NULL, 0);
        g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));

        g_test_message ("acme %u: %s %s → %u", who, endpoints[i].method, path, r->status);
        g_assert_null (strstr (text, "Target"));
        if (strchr (endpoints[i].path, '{') != NULL && who == 1)
          g_assert_cmpuint (r->status, ==, 404);
        else if (strchr (endpoints[i].path, '{') != NULL)
          g_assert_true (r->status == 404 || r->status == 403);
        check (fixture, records, n_records, r);
      }
}

/* Every list statement the server prepared searches by an index: none reads a whole table
 * of customers, calls or contact records. */
void
assert_plan_uses_indexes (Fixture    *f,
                          const char *marker,
                          const char *required_index)
{
  sqlite3 *db = wcc_store_get_db (f->store);
  guint checked = 0;

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      const char *sql = sqlite3_sql (stmt);
      g_autofree char *explain = NULL;
      g_autoptr(GString) plan = g_string_new ("");
      sqlite3_stmt *query;

      if (sql == NULL || strstr (sql, marker) == NULL || g_str_has_prefix (sql, "EXPLAIN"))
        continue;
      explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
      g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &query, NULL), ==, SQLITE_OK);
      while (sqlite3_step (query) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (query, 3);
          const char *full_scans[] = { "SCAN c", "SCAN r", "SCAN cu", "SCAN calls", "SCAN customers",
                                       "SCAN contact_records", "SCAN call_legs", "SCAN n", "SCAN o" };

          g_string_append_printf (plan, "%s\n", detail);
          for (guint i = 0; i < G_N_ELEMENTS (full_scans); i++)
            if (g_str_equal (detail, full_scans[i]))
              g_error ("%s: a full scan\n%s", sql, plan->str);
        }
      sqlite3_finalize (query);
      if (required_index != NULL && strstr (plan->str, required_index) == NULL)
        g_error ("%s: does not use %s\n%s", sql, required_index, plan->str);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}
