/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-orders.c: product types, the orders of a customer (C13) and their related
 * contacts (C14) over real HTTP: fields and bad input, versions, who may change an order,
 * a type in use, phone numbers matched on their digits, roles and tenants. */
#include "wcc-demo.h"
#include "wcc-store-orders.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
make_product_type (Fixture    *fixture,
                   gint64      client_id,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_product_type_create (fixture->store, client_id, name, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
make_order (Fixture    *fixture,
            gint64      customer_id,
            gint64      author_id,
            gint64      type_id,
            const char *product)
{
  WccStoreOrder order = {
    .client_id = fixture->demo, .customer_id = customer_id, .author_id = author_id,
    .product_name = (char *) product, .product_type_id = type_id, .quantity = 1,
    .invoice_number = "", .tracking_number = "", .contact_person = "", .phone = "", .address = "",
  };
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_order_create (fixture->store, &order, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
make_related_contact (Fixture    *fixture,
                      gint64      customer_id,
                      const char *name)
{
  WccStoreRelatedContact contact = {
    .client_id = fixture->demo, .customer_id = customer_id, .author_id = fixture->api.agent_id,
    .name = (char *) name, .relation = "", .phone = "", .phone_normalized = "", .email = "", .note = "",
  };
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_related_contact_create (fixture->store, &contact, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
post_id (Fixture    *fixture,
         const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(ApiResponse) r = expect (fixture, "POST", path, token, body, 201);

  return json_object_get_int_member (r->json, "id");
}

/* Set-up data: the admin writes, everyone reads; a taken name 409; a stale version 409
 * with the current record; a type that an order uses is not deleted (409) until the
 * order is gone. */
static void
test_product_types (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ueda Foods", NULL);
  g_autofree char *orders = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/orders", customer);
  g_autofree char *path = NULL;
  g_autofree char *order_body = NULL;
  gint64 type, order;

  type = post_id (fixture, "/api/v1/product-types", fixture->admin, "{\"name\": \" Tea \"}");
  path = g_strdup_printf ("/api/v1/product-types/%" G_GINT64_FORMAT, type);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/product-types", fixture->admin,
                                       "{\"name\": \"Tea\"}", 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/product-types", fixture->agent,
                                       "{\"name\": \"Coffee\"}", 403);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/product-types", fixture->admin, "{\"name\": \"\"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/product-types", fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), 0), "name"), ==,
                     "Tea");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin,
                                       "{\"version\": 1, \"name\": \"Green tea\"}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->admin, "{\"version\": 1, \"name\": \"Old\"}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpstr (json_object_get_string_member (current, "name"), ==, "Green tea");
  }
  order_body = g_strdup_printf ("{\"product_name\": \"Sencha 100 g\", \"product_type_id\": %" G_GINT64_FORMAT ","
                                " \"quantity\": 3}", type);
  order = post_id (fixture, orders, fixture->agent, order_body);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->admin, NULL, 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  g_assert_nonnull (wcc_store_product_type_find (fixture->store, fixture->demo, type));
  {
    g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order);
    g_autoptr(ApiResponse) gone = expect (fixture, "DELETE", order_path, fixture->agent, NULL, 204);
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->admin, NULL, 204);
    g_autoptr(ApiResponse) again = expect (fixture, "DELETE", path, fixture->admin, NULL, 404);
  }
}

/* C13: every field as written; the list newest first and paged; an edit with the version,
 * a stale one 409 with the current order. */
static void
test_orders_fields_list_and_edit (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Mori Electric", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  gint64 cups = make_product_type (fixture, fixture->demo, "Cups");
  g_autofree char *orders = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/orders", customer);
  g_autofree char *first_body = g_strdup_printf ("{\"product_name\": \"Matcha tin\", \"product_type_id\": %"
                                                 G_GINT64_FORMAT ", \"quantity\": 12, \"invoice_number\": \"INV-0042\","
                                                 " \"tracking_number\": \"1234-5678-9012\", \"contact_person\": \"森 花子\","
                                                 " \"phone\": \"06-1234-5678\", \"address\": \"大阪府大阪市北区 1-2-3\"}",
                                                 tea);
  g_autofree char *second_body = g_strdup_printf ("{\"product_name\": \"Cup set\", \"product_type_id\": %"
                                                  G_GINT64_FORMAT ", \"quantity\": 1}", cups);
  g_autofree char *path = NULL;
  g_autofree char *edit = NULL;
  gint64 first, second;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", orders, fixture->agent, first_body, 201);
    first = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "product_name"), ==, "Matcha tin");
    g_assert_cmpint (json_object_get_int_member (r->json, "product_type_id"), ==, tea);
    g_assert_cmpstr (json_object_get_string_member (r->json, "product_type"), ==, "Tea");
    g_assert_cmpint (json_object_get_int_member (r->json, "quantity"), ==, 12);
    g_assert_cmpstr (json_object_get_string_member (r->json, "invoice_number"), ==, "INV-0042");
    g_assert_cmpstr (json_object_get_string_member (r->json, "tracking_number"), ==, "1234-5678-9012");
    g_assert_cmpstr (json_object_get_string_member (r->json, "contact_person"), ==, "森 花子");
    g_assert_cmpstr (json_object_get_string_member (r->json, "phone"), ==, "06-1234-5678");
    g_assert_cmpstr (json_object_get_string_member (r->json, "address"), ==, "大阪府大阪市北区 1-2-3");
    g_assert_cmpint (json_object_get_int_member (r->json, "author_id"), ==, fixture->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (r->json, "customer_id"), ==, customer);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 1);
  }
  second = post_id (fixture, orders, fixture->agent, second_body);
  {
    g_autofree char *page = g_strdup_printf ("%s?limit=1", orders);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", page, fixture->agent, NULL, 200);
    g_autofree char *rest = NULL;
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), second));
    rest = g_strdup_printf ("%s?limit=1&after=%s", orders, json_object_get_string_member (r->json, "next"));
    {
      g_autoptr(ApiResponse) r2 = expect (fixture, "GET", rest, fixture->agent, NULL, 200);
      g_assert_true (id_in (items_of (r2), first));
      g_assert_true (json_object_get_null_member (r2->json, "next"));
    }
  }
  path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, first);
  edit = g_strdup_printf ("{\"version\": 1, \"quantity\": 20, \"product_type_id\": %" G_GINT64_FORMAT ","
                          " \"tracking_number\": \"\"}", cups);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, edit, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "quantity"), ==, 20);
    g_assert_cmpstr (json_object_get_string_member (r->json, "product_type"), ==, "Cups");
    g_assert_cmpstr (json_object_get_string_member (r->json, "tracking_number"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (r->json, "invoice_number"), ==, "INV-0042");
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 1, \"quantity\": 5}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpint (json_object_get_int_member (current, "quantity"), ==, 20);
    g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"quantity\": 5}", 400);
  }
}

/* Bad and oversize input: 400 or 413 with a clear error, and no order written. */
static void
test_orders_bad_input (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Kato Shoten", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  gint64 acme_type = make_product_type (fixture, fixture->acme, "Acme tea");
  g_autofree char *orders = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/orders", customer);
  g_autofree char *long_name = g_strnfill (201, 'x');
  const char *bodies[] = {
    "{\"product_type_id\": {T}, \"quantity\": 1}",
    "{\"product_name\": \"   \", \"product_type_id\": {T}, \"quantity\": 1}",
    "{\"product_name\": \"P\", \"quantity\": 1}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": 0}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": -3}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": 1.5}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": \"2\"}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": 1000001}",
    "{\"product_name\": \"P\", \"product_type_id\": {A}, \"quantity\": 1}",
    "{\"product_name\": \"P\", \"product_type_id\": 999999, \"quantity\": 1}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": 1, \"phone\": \"call me\"}",
    "{\"product_name\": \"P\", \"product_type_id\": {T}, \"quantity\": 1, \"colour\": \"red\"}",
    "{\"product_name\": \"{L}\", \"product_type_id\": {T}, \"quantity\": 1}",
    "[1, 2]",
  };
  gint64 before = count_rows (fixture, "customer_orders");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      const ApiPlaceholder ids[] = { { "{T}", tea }, { "{A}", acme_type } };
      g_autofree char *body = format_endpoint_text (bodies[i], ids, G_N_ELEMENTS (ids), "");
      g_autoptr(GString) text = g_string_new (body);
      g_autoptr(ApiResponse) r = NULL;

      g_string_replace (text, "{L}", long_name, 0);
      g_test_message ("%s", text->str);
      r = expect (fixture, "POST", orders, fixture->agent, text->str, 400);
      g_assert_true (g_str_has_prefix (api_error_code (r), "invalid_"));
    }
  /* Larger than any JSON body may be: 413 before it is read. */
  {
    g_autofree char *huge_name = g_strnfill (70 * 1024, 'x');
    g_autofree char *body = g_strdup_printf ("{\"product_name\": \"%s\", \"product_type_id\": %" G_GINT64_FORMAT ","
                                             " \"quantity\": 1}", huge_name, tea);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", orders, fixture->agent, body, 413);
    g_assert_cmpstr (api_error_code (r), ==, "payload_too_large");
  }
  g_assert_cmpint (count_rows (fixture, "customer_orders"), ==, before);
}

/* The author, a leader of the author and the client admin change or delete an order;
 * another agent who sees the customer gets 403; one who does not, 404. */
static void
test_orders_who_may_change (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ishii Motors", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  gint64 by_leader = make_order (fixture, customer, fixture->api.leader_id, tea, "By the leader");
  gint64 by_agent = make_order (fixture, customer, fixture->api.agent_id, tea, "By the agent");
  gint64 by_agent2 = make_order (fixture, customer, fixture->agent2, tea, "By 1002");
  gint64 for_admin = make_order (fixture, customer, fixture->agent2, tea, "For the admin");
  const char *edit = "{\"version\": 1, \"quantity\": 7}";
  g_autofree char *leader_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, by_leader);
  g_autofree char *agent_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, by_agent);
  g_autofree char *agent2_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, by_agent2);
  g_autofree char *admin_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, for_admin);

  /* 1001 owns the customer but did not write the leader's order. */
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", leader_path, fixture->agent, edit, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "DELETE", leader_path, fixture->agent, NULL, 403);
    g_assert_cmpstr (api_error_code (r1), ==, "forbidden");
  }
  /* 1003 (Service) does not see the customer at all. */
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", agent_path, fixture->t_agent3, edit, 404);
    g_autoptr(ApiResponse) r2 = expect (fixture, "DELETE", agent_path, fixture->t_agent3, NULL, 404);
  }
  {
    g_autoptr(WccStoreOrder) kept = wcc_store_order_find (fixture->store, fixture->demo, by_leader);
    g_assert_cmpint (kept->quantity, ==, 1);
    g_assert_cmpint (kept->version, ==, 1);
  }
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", agent_path, fixture->agent, edit, 200);
    g_autoptr(ApiResponse) r2 = expect (fixture, "PATCH", leader_path, fixture->leader, edit, 200);
    g_autoptr(ApiResponse) r3 = expect (fixture, "DELETE", agent2_path, fixture->leader, NULL, 204);
    g_autoptr(ApiResponse) r4 = expect (fixture, "DELETE", admin_path, fixture->admin, NULL, 204);
    g_autoptr(ApiResponse) r5 = expect (fixture, "DELETE", agent_path, fixture->agent, NULL, 204);
  }
  g_assert_null (wcc_store_order_find (fixture->store, fixture->demo, by_agent2));
  g_assert_null (wcc_store_order_find (fixture->store, fixture->demo, for_admin));
  g_assert_null (wcc_store_order_find (fixture->store, fixture->demo, by_agent));
  g_assert_nonnull (wcc_store_order_find (fixture->store, fixture->demo, by_leader));
}

/* A leader changes the orders of the agents they lead, not every order they can see: the
 * leader of Service sees a customer of 1003 (Service) but 1001 (Sales) wrote an order on
 * it, so that order is not theirs to change (403); 1003's is. */
static void
test_orders_leader_of_another_group (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 service_leader = add_user (fixture, fixture->demo, "2002", WCC_ROLE_AGENT | WCC_ROLE_LEADER, 0);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                                  "Service customer", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  gint64 by_sales = make_order (fixture, customer, fixture->api.agent_id, tea, "By 1001 of Sales");
  gint64 by_service = make_order (fixture, customer, fixture->agent3, tea, "By 1003 of Service");
  g_autofree char *sales_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, by_sales);
  g_autofree char *service_path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, by_service);
  g_autofree char *customer_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, customer);
  g_autofree char *token = NULL;
  const char *edit = "{\"version\": 1, \"quantity\": 7}";

  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, fixture->service, service_leader, TRUE,
                                             &error));
  g_assert_no_error (error);
  token = api_login (&fixture->api, "2002@demo", TEST_PASSWORD);
  {
    g_autoptr(ApiResponse) sees = expect (fixture, "GET", customer_path, token, NULL, 200);
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", sales_path, token, edit, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "DELETE", sales_path, token, NULL, 403);
    g_assert_cmpstr (api_error_code (r1), ==, "forbidden");
  }
  {
    g_autoptr(WccStoreOrder) kept = wcc_store_order_find (fixture->store, fixture->demo, by_sales);
    g_assert_nonnull (kept);
    g_assert_cmpint (kept->version, ==, 1);
  }
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", service_path, token, edit, 200);
    g_autoptr(ApiResponse) r2 = expect (fixture, "DELETE", service_path, token, NULL, 204);
  }
}

/* A retried create with the same Idempotency-Key writes one order. */
static void
test_orders_idempotent_retry (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Abe Trading", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  g_autofree char *orders = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/orders", customer);
  g_autofree char *body = g_strdup_printf ("{\"product_name\": \"Hojicha\", \"product_type_id\": %" G_GINT64_FORMAT ","
                                           " \"quantity\": 2}", tea);
  gint64 before = count_rows (fixture, "customer_orders");

  expect_retried_once (fixture, "POST", orders, fixture->agent, body, "order-1", 201);
  g_assert_cmpint (count_rows (fixture, "customer_orders"), ==, before + 1);
}

/* C14: the address book of a customer; the phone kept as typed and matched on its digits;
 * bad input refused; edits with the version. */
static void
test_related_contacts (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Nakamura Co.", NULL);
  g_autofree char *contacts = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/related-contacts", customer);
  g_autofree char *path = NULL;
  gint64 before, mother;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", contacts, fixture->agent,
                                       "{\"name\": \"中村 良子\", \"relation\": \"母\", \"phone\": \" 090-1234-5678 \","
                                       " \"email\": \"ryoko@example.jp\", \"note\": \"Evenings only\"}", 201);
    mother = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "name"), ==, "中村 良子");
    g_assert_cmpstr (json_object_get_string_member (r->json, "relation"), ==, "母");
    g_assert_cmpstr (json_object_get_string_member (r->json, "phone"), ==, "090-1234-5678");
    g_assert_cmpstr (json_object_get_string_member (r->json, "phone_normalized"), ==, "09012345678");
    g_assert_cmpstr (json_object_get_string_member (r->json, "email"), ==, "ryoko@example.jp");
    g_assert_cmpstr (json_object_get_string_member (r->json, "note"), ==, "Evenings only");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", contacts, fixture->leader,
                                       "{\"name\": \"Aoki Ken\", \"relation\": \"colleague\", \"phone\": \"０３（５５５５）１２１２\"}",
                                       201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "phone_normalized"), ==, "0355551212");
  }
  /* Found by the same digits typed another way; by name otherwise. */
  {
    g_autofree char *by_phone = g_strdup_printf ("%s?phone=090.1234.5678", contacts);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", by_phone, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_true (id_in (items_of (r), mother));
  }
  {
    g_autofree char *by_phone = g_strdup_printf ("%s?phone=%%2B8190-1234-5678", contacts);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", by_phone, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autofree char *bad = g_strdup_printf ("%s?phone=abc", contacts);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", bad, fixture->agent, NULL, 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", contacts, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), 0), "name"), ==,
                     "Aoki Ken");
  }
  before = count_rows (fixture, "related_contacts");
  {
    const char *bad[] = {
      "{\"relation\": \"son\"}", "{\"name\": \"\"}", "{\"name\": \"X\", \"phone\": \"12\"}",
      "{\"name\": \"X\", \"phone\": \"090-1234-5678 ext 3\"}", "{\"name\": \"X\", \"email\": \"nobody\"}",
      "{\"name\": \"X\", \"age\": 3}", "{\"name\": 5}",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(ApiResponse) r = expect (fixture, "POST", contacts, fixture->agent, bad[i], 400);
      }
  }
  g_assert_cmpint (count_rows (fixture, "related_contacts"), ==, before);
  path = g_strdup_printf ("/api/v1/related-contacts/%" G_GINT64_FORMAT, mother);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent,
                                       "{\"version\": 1, \"phone\": \"+81 90 1234 5678\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "phone_normalized"), ==, "+819012345678");
    g_assert_cmpstr (json_object_get_string_member (r->json, "relation"), ==, "母");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 1, \"note\": \"Old\"}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
    g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 2);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 2, \"name\": \" \"}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->t_agent3, NULL, 404);
    g_autoptr(ApiResponse) gone = expect (fixture, "DELETE", path, fixture->agent, NULL, 204);
  }
  g_assert_null (wcc_store_related_contact_find (fixture->store, fixture->demo, mother));
}

/* DELETE of an order or a related contact takes an optional ?version=: a stale one gets
 * 409 with the record as it is now and deletes nothing; the current one, or none at all,
 * deletes; a version that is no number is 400. */
static void
test_delete_with_version (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Versions Ltd", NULL);
  gint64 tea = make_product_type (fixture, fixture->demo, "Tea");
  struct {
    const char *collection;
    const char *edit;
    gint64      first, second;
  } kinds[] = {
    { "orders", "{\"version\": 1, \"quantity\": 3}",
      make_order (fixture, customer, fixture->api.agent_id, tea, "First"),
      make_order (fixture, customer, fixture->api.agent_id, tea, "Second") },
    { "related-contacts", "{\"version\": 1, \"relation\": \"son\"}",
      make_related_contact (fixture, customer, "First"), make_related_contact (fixture, customer, "Second") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, kinds[i].collection, kinds[i].first);
      g_autofree char *stale = g_strdup_printf ("%s?version=1", path);
      g_autofree char *bad = g_strdup_printf ("%s?version=one", path);
      g_autofree char *current = g_strdup_printf ("%s?version=3", path);
      g_autofree char *unversioned = g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT, kinds[i].collection,
                                                      kinds[i].second);

      {
        g_autoptr(ApiResponse) edited = expect (fixture, "PATCH", path, fixture->agent, kinds[i].edit, 200);
        g_autoptr(ApiResponse) r = expect (fixture, "DELETE", stale, fixture->agent, NULL, 409);
        JsonObject *now = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
        /* Still there: an edit with its version (2, now 3) goes through. */
        g_autoptr(ApiResponse) kept = expect (fixture, "PATCH", path, fixture->agent,
                                              "{\"version\": 2}", 200);
        g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
        g_assert_cmpint (json_object_get_int_member (now, "id"), ==, kinds[i].first);
        g_assert_cmpint (json_object_get_int_member (now, "version"), ==, 2);
      }
      {
        g_autoptr(ApiResponse) r1 = expect (fixture, "DELETE", bad, fixture->agent, NULL, 400);
        g_autoptr(ApiResponse) r2 = expect (fixture, "DELETE", current, fixture->agent, NULL, 204);
        g_autoptr(ApiResponse) gone = expect (fixture, "DELETE", current, fixture->agent, NULL, 404);
        g_autoptr(ApiResponse) r3 = expect (fixture, "DELETE", unversioned, fixture->agent, NULL, 204);
      }
    }
  g_assert_cmpint (count_rows (fixture, "customer_orders"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "related_contacts"), ==, 0);
}

/* A demo database made before product types existed has its package already, and still
 * gets the demo's product types when the server starts (wcc_demo_ensure_customers); once,
 * and none for a client that has its own. */
static void
test_demo_product_types (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 before;

  make_product_type (fixture, fixture->demo, "Own type");
  before = count_rows (fixture, "product_types");
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/product-types", fixture->t_acme, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (wcc_demo_ensure_customers (fixture->store, fixture->acme, &error));
      g_assert_no_error (error);
      g_assert_true (wcc_demo_ensure_customers (fixture->store, fixture->demo, &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/product-types", fixture->t_acme, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "name"), ==, "Gift set");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2), "name"), ==, "Tea");
  }
  g_assert_cmpint (count_rows (fixture, "product_types"), ==, before + 3);
}

/* Roles and tenants over every endpoint of this file */

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/product-types", NULL, 200, 200, 200 },
  { "POST", "/api/v1/product-types", "{\"name\": \"PT-{S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/product-types/{Y}", "{\"version\": 1, \"name\": \"PT-{S}\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/product-types/{Y}", NULL, 403, 403, 409 },
  { "DELETE", "/api/v1/product-types/{U}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/customers/{C}/orders", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/orders", "{\"product_name\": \"N\", \"product_type_id\": {Y}, \"quantity\": 1}",
    201, 201, 201 },
  { "PATCH", "/api/v1/orders/{O}", "{\"version\": 1, \"quantity\": 2}", 200, 200, 200 },
  { "DELETE", "/api/v1/orders/{O}", NULL, 204, 204, 204 },
  { "PATCH", "/api/v1/orders/{Q}", "{\"version\": 1, \"quantity\": 2}", 403, 200, 200 },
  { "DELETE", "/api/v1/orders/{Q}", NULL, 403, 204, 204 },
  { "GET", "/api/v1/customers/{C}/related-contacts", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/related-contacts", "{\"name\": \"N\"}", 201, 201, 201 },
  { "PATCH", "/api/v1/related-contacts/{K}", "{\"version\": 1, \"relation\": \"son\"}", 200, 200, 200 },
  { "DELETE", "/api/v1/related-contacts/{K}", NULL, 204, 204, 204 },
};

/* A customer of 1001 (whom the leader leads), a product type its orders use and one
 * unused, an order by 1001 and one by 1002, a related contact. */
static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  g_autofree char *unused = g_strdup_printf ("Target unused %u", round);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  label, NULL);
  gint64 type = make_product_type (fixture, fixture->demo, label);
  guint n = 0;

  out[n++] = (ApiPlaceholder) { "{C}", customer };
  out[n++] = (ApiPlaceholder) { "{Y}", type };
  out[n++] = (ApiPlaceholder) { "{U}", make_product_type (fixture, fixture->demo, unused) };
  out[n++] = (ApiPlaceholder) { "{O}", make_order (fixture, customer, fixture->api.agent_id, type, label) };
  out[n++] = (ApiPlaceholder) { "{Q}", make_order (fixture, customer, fixture->agent2, type, label) };
  out[n++] = (ApiPlaceholder) { "{K}", make_related_contact (fixture, customer, label) };
  return n;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  gint64 customer = record_of (records, n_records, "{C}");
  g_autoptr(WccStoreProductType) type = wcc_store_product_type_find (fixture->store, fixture->demo,
                                                                     record_of (records, n_records, "{Y}"));
  g_autoptr(WccStoreProductType) unused = wcc_store_product_type_find (fixture->store, fixture->demo,
                                                                       record_of (records, n_records, "{U}"));
  g_autoptr(WccStoreOrder) order = wcc_store_order_find (fixture->store, fixture->demo,
                                                         record_of (records, n_records, "{O}"));
  g_autoptr(WccStoreOrder) other = wcc_store_order_find (fixture->store, fixture->demo,
                                                         record_of (records, n_records, "{Q}"));
  g_autoptr(WccStoreRelatedContact) contact = wcc_store_related_contact_find (fixture->store, fixture->demo,
                                                                              record_of (records, n_records, "{K}"));
  g_autoptr(GPtrArray) orders = wcc_store_order_list (fixture->store, fixture->demo, customer, 0, 10);
  g_autoptr(GPtrArray) contacts = wcc_store_related_contact_list (fixture->store, fixture->demo, customer, NULL, 0, 10);

  g_assert_nonnull (type);
  g_assert_cmpint (type->version, ==, 1);
  g_assert_nonnull (unused);
  g_assert_nonnull (order);
  g_assert_cmpint (order->version, ==, 1);
  g_assert_nonnull (other);
  g_assert_cmpint (other->version, ==, 1);
  g_assert_nonnull (contact);
  g_assert_cmpint (contact->version, ==, 1);
  g_assert_cmpuint (orders->len, ==, 2);
  g_assert_cmpuint (contacts->len, ==, 1);
  /* acme's own list holds only acme's types. */
  if (response->status == 200 && json_object_has_member (response->json, "items"))
    for (guint i = 0; i < json_array_get_length (items_of (response)); i++)
      g_assert_null (wcc_store_product_type_find (fixture->store, fixture->demo,
                                                  json_object_get_int_member (
                                                    json_array_get_object_element (items_of (response), i), "id")));
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  make_product_type (fixture, fixture->acme, "Acme type");
  run_tenant_isolation (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records, check_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/orders/product-types/crud-and-in-use", test_product_types);
  ADD ("/orders/fields-list-and-edit", test_orders_fields_list_and_edit);
  ADD ("/orders/bad-input-writes-nothing", test_orders_bad_input);
  ADD ("/orders/who-may-change", test_orders_who_may_change);
  ADD ("/orders/leader-of-another-group", test_orders_leader_of_another_group);
  ADD ("/orders/idempotent-retry", test_orders_idempotent_retry);
  ADD ("/orders/related-contacts/phone-and-edits", test_related_contacts);
  ADD ("/orders/delete-with-version", test_delete_with_version);
  ADD ("/orders/demo-product-types", test_demo_product_types);
  ADD ("/orders/roles/matrix", test_role_matrix);
  ADD ("/orders/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
