/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-sms.c: SMS to customers over real HTTP (C10): the log gateway; the webhook
 * gateway against a real HTTP server in this process (delivered, 500, connection refused,
 * a gateway that never answers while the API keeps answering); the history with each
 * message's state; bad and oversize input; roles and tenants. */
#include "wcc-http-private.h"
#include "wcc-store-sms.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* The gateway the webhook configurations point at, and what it received. */
static SoupServer *webhook;
static GPtrArray  *webhook_bodies;   /* of JsonObject */
static GPtrArray  *webhook_stalled;  /* of SoupServerMessage, never answered */
static char       *config_ok, *config_fail, *config_refused, *config_slow;

static void
on_webhook (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  JsonObject *object = wcc_json_parse_object (body->data, body->length, NULL);

  g_assert_nonnull (object);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL), ==,
                   "application/json");
  g_ptr_array_add (webhook_bodies, object);
  if (g_str_equal (path, "/slow"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (webhook_stalled, g_object_ref (msg));
      return;
    }
  soup_server_message_set_status (msg, g_str_equal (path, "/ok") ? 200 : 500, NULL);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  /* Closed at once: nothing listens there any more. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
start_webhook (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int port;

  webhook = soup_server_new (NULL, NULL);
  webhook_bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  webhook_stalled = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (webhook, NULL, on_webhook, NULL, NULL);
  g_assert_true (soup_server_listen_local (webhook, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (webhook);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  config_ok = g_strdup_printf ("[sms]\ngateway = webhook\nurl = http://127.0.0.1:%d/ok\n", port);
  config_fail = g_strdup_printf ("[sms]\ngateway = webhook\nurl = http://127.0.0.1:%d/fail\n", port);
  config_slow = g_strdup_printf ("[sms]\ngateway = webhook\nurl = http://127.0.0.1:%d/slow\ntimeout = 2\n", port);
  config_refused = g_strdup_printf ("[sms]\ngateway = webhook\nurl = http://127.0.0.1:%u/ok\n", closed_port ());
}

static gint64
customer_with_phone (Fixture *fixture)
{
  return add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                       "Takeda Pharmacy", "03-1111-2222");
}

/* Sends one message as 1001 and waits for its outcome on 1001's event stream. */
static JsonObject *
send_and_wait (Fixture *fixture,
               gint64   customer,
               gint64  *out_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/sms", customer);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  JsonObject *outcome;

  g_assert_nonnull (stream);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent,
                                       "{\"to\": \"03 1111 2222\", \"text\": \"ご来店ありがとうございました\"}", 202);
    *out_id = json_object_get_int_member (r->json, "id");
    g_assert_cmpstr (json_object_get_string_member (r->json, "state"), ==, "queued");
    g_assert_cmpstr (json_object_get_string_member (r->json, "to"), ==, "03-1111-2222");
    g_assert_cmpstr (json_object_get_string_member (r->json, "text"), ==, "ご来店ありがとうございました");
  }
  outcome = json_object_ref (json_object_get_object_member (api_stream_wait_event (stream, "sms.updated", 0), "data"));
  g_assert_cmpint (json_object_get_int_member (outcome, "id"), ==, *out_id);
  api_stream_close (stream);
  return outcome;
}

static WccStoreSms *
stored (Fixture *fixture,
        gint64   id)
{
  WccStoreSms *sms = wcc_store_sms_find (fixture->store, fixture->demo, id);

  g_assert_nonnull (sms);
  return sms;
}

/* The demo's gateway writes the message to the log and counts it sent; the history lists
 * it newest first. */
static void
test_log_gateway (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/sms", customer);
  g_autoptr(JsonObject) outcome = NULL;
  g_autoptr(WccStoreSms) sms = NULL;
  gint64 id;

  outcome = send_and_wait (fixture, customer, &id);
  g_assert_cmpstr (json_object_get_string_member (outcome, "state"), ==, "sent");
  g_assert_cmpstr (json_object_get_string_member (outcome, "gateway"), ==, "log");
  sms = stored (fixture, id);
  g_assert_cmpint (sms->state, ==, WCC_SMS_SENT);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->leader, NULL, 200);
    JsonObject *first = json_array_get_object_element (items_of (r), 0);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "sent");
    g_assert_cmpstr (json_object_get_string_member (first, "error"), ==, "");
    g_assert_cmpint (json_object_get_int_member (first, "author_id"), ==, fixture->api.agent_id);
  }
}

/* The webhook gets the message as JSON; a 2xx answer makes it sent. */
static void
test_webhook_delivers (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  guint before = webhook_bodies->len;
  g_autoptr(JsonObject) outcome = NULL;
  JsonObject *received;
  gint64 id;

  outcome = send_and_wait (fixture, customer, &id);
  g_assert_cmpstr (json_object_get_string_member (outcome, "state"), ==, "sent");
  g_assert_cmpstr (json_object_get_string_member (outcome, "gateway"), ==, "webhook");
  g_assert_cmpuint (webhook_bodies->len, ==, before + 1);
  received = g_ptr_array_index (webhook_bodies, before);
  g_assert_cmpint (json_object_get_int_member (received, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (received, "client"), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (received, "to"), ==, "0311112222");
  g_assert_cmpstr (json_object_get_string_member (received, "text"), ==, "ご来店ありがとうございました");
}

/* A gateway that answers 500, or that cannot be reached: failed, with the reason. */
static void
test_webhook_fails (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  g_autoptr(JsonObject) outcome = NULL;
  g_autoptr(WccStoreSms) sms = NULL;
  gint64 id;

  outcome = send_and_wait (fixture, customer, &id);
  sms = stored (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (outcome, "state"), ==, "failed");
  g_assert_cmpint (sms->state, ==, WCC_SMS_FAILED);
  g_assert_cmpstr (sms->error, !=, "");
  g_assert_cmpstr (json_object_get_string_member (outcome, "error"), ==, sms->error);
  if (data == config_fail)
    g_assert_nonnull (strstr (sms->error, "500"));
  g_test_message ("failed: %s", sms->error);
}

/* A gateway that never answers: the API answers meanwhile (the main loop is not blocked),
 * the message stays queued, then fails at the timeout. */
static void
test_webhook_timeout_does_not_block (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/sms", customer);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  guint stalled = webhook_stalled->len;
  gint64 id, started;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent,
                                       "{\"to\": \"0311112222\", \"text\": \"Hello\"}", 202);
    id = json_object_get_int_member (r->json, "id");
  }
  /* The gateway holds the request now. */
  while (webhook_stalled->len == stalled)
    g_main_context_iteration (NULL, TRUE);
  started = g_get_monotonic_time ();
  {
    g_autoptr(ApiResponse) health = expect (fixture, "GET", "/api/v1/health", NULL, NULL, 200);
    g_autoptr(ApiResponse) list = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (list), 0), "state"), ==,
                     "queued");
  }
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  {
    JsonObject *event = api_stream_wait_event (stream, "sms.updated", 0);
    g_autoptr(WccStoreSms) sms = stored (fixture, id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "state"), ==,
                     "failed");
    g_assert_cmpint (sms->state, ==, WCC_SMS_FAILED);
    g_test_message ("timed out: %s", sms->error);
  }
  api_stream_close (stream);
}

/* Bad input: 400 (413 for a body over 8 KiB), nothing recorded, nothing sent. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/sms", customer);
  g_autofree char *longest = g_strnfill (WCC_SMS_MAX_TEXT, 'a');
  g_autofree char *too_long = g_strdup_printf ("{\"to\": \"0311112222\", \"text\": \"%sa\"}", longest);
  g_autofree char *huge_text = g_strnfill (9000, 'a');
  g_autofree char *huge = g_strdup_printf ("{\"to\": \"0311112222\", \"text\": \"%s\"}", huge_text);
  const char *bad[] = {
    "{\"to\": \"0311112222\", \"text\": \"\"}", "{\"to\": \"0311112222\"}", "{\"text\": \"Hi\"}",
    "{\"to\": \"0399999999\", \"text\": \"Hi\"}", "{\"to\": \"not a number\", \"text\": \"Hi\"}",
    "{\"to\": \"0311112222\", \"text\": \"Hi\", \"from\": \"me\"}", too_long,
  };
  gint64 before = count_rows (fixture, "customer_sms");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, bad[i], 400);
      g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
    }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, huge, 413);
    g_assert_cmpstr (api_error_code (r), ==, "payload_too_large");
  }
  g_assert_cmpint (count_rows (fixture, "customer_sms"), ==, before);
  /* The longest text is taken. */
  {
    g_autofree char *longest_body = g_strdup_printf ("{\"to\": \"0311112222\", \"text\": \"%s\"}", longest);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, longest_body, 202);
  }
}

/* A retried send with one Idempotency-Key records (and sends) one message. */
static void
test_idempotent_retry (Fixture *fixture, gconstpointer data)
{
  gint64 customer = customer_with_phone (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/sms", customer);
  gint64 before = count_rows (fixture, "customer_sms");

  expect_retried_once (fixture, "POST", path, fixture->agent, "{\"to\": \"0311112222\", \"text\": \"Once\"}",
                       "sms-1", 202);
  g_assert_cmpint (count_rows (fixture, "customer_sms"), ==, before + 1);
}

/* Roles and tenants */

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/customers/{C}/sms", NULL, 200, 200, 200 },
  { "POST", "/api/v1/customers/{C}/sms", "{\"to\": \"+81 3 7777 0000\", \"text\": \"T-{S}\"}", 202, 202, 202 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  label, "+81 3 7777 0000");
  g_autoptr(GError) error = NULL;

  wcc_store_sms_create (fixture->store, fixture->demo, customer, fixture->api.agent_id, "+81 3 7777 0000",
                        "Target message", "log", &error);
  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{C}", customer };
  return 1;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(GPtrArray) messages = wcc_store_sms_list (fixture->store, fixture->demo, records[0].value, 0, 10);

  g_assert_cmpuint (messages->len, ==, 1);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records, check_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
  start_webhook ();
#define ADD(path, config, func) \
  g_test_add (path, Fixture, config, fixture_setup, func, fixture_teardown)
  ADD ("/sms/log-gateway", NULL, test_log_gateway);
  ADD ("/sms/webhook/delivers", config_ok, test_webhook_delivers);
  ADD ("/sms/webhook/answers-500", config_fail, test_webhook_fails);
  ADD ("/sms/webhook/connection-refused", config_refused, test_webhook_fails);
  ADD ("/sms/webhook/timeout-does-not-block", config_slow, test_webhook_timeout_does_not_block);
  ADD ("/sms/bad-input-writes-nothing", NULL, test_bad_input);
  ADD ("/sms/idempotent-retry", NULL, test_idempotent_retry);
  ADD ("/sms/roles/matrix", NULL, test_role_matrix);
  ADD ("/sms/tenants/isolation", NULL, test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
