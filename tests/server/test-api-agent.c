/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-agent.c: agent state and sign-ins, queue figures, pause reasons and call records
 * over real HTTP, with the ACD driven in-process where the SIP layer would drive it. */
#include "wcc-test-api.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

typedef struct {
  ApiFixture  api;
  gint64      sales;        /* demo's group of 1001 (member) and 2001 (leader) */
  gint64      service;      /* demo's group without them */
  gint64      acme_group;
  gint64      brk;          /* demo's pause reasons */
  gint64      lunch;
  gint64      acme_reason;
} AgentFixture;

static void
agent_fixture_setup (AgentFixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  WccStore *store;

  api_fixture_setup (&fixture->api, data);
  store = fixture->api.store;
  fixture->sales = wcc_store_group_find (store, fixture->api.demo_client_id, "Sales");
  fixture->service = wcc_store_group_create (store, fixture->api.demo_client_id, "Service", &error);
  fixture->acme_group = wcc_store_group_create (store, fixture->api.acme_client_id, "Sales", &error);
  g_assert_true (wcc_store_group_add_member (store, fixture->api.acme_client_id, fixture->acme_group,
                                             fixture->api.acme_agent_id, FALSE, &error));
  fixture->brk = wcc_store_pause_reason_create (store, fixture->api.demo_client_id, "Break", 1, &error);
  fixture->lunch = wcc_store_pause_reason_create (store, fixture->api.demo_client_id, "Lunch", 2, &error);
  fixture->acme_reason = wcc_store_pause_reason_create (store, fixture->api.acme_client_id, "Break", 1, &error);
  g_assert_no_error (error);
}

static void
agent_fixture_teardown (AgentFixture *fixture, gconstpointer data)
{
  api_fixture_teardown (&fixture->api);
}

static WccAcd *
get_acd (AgentFixture *fixture)
{
  return wcc_server_get_acd (fixture->api.server);
}

/* What the registrar will do when a phone of the agent registers. */
static void
register_phones (AgentFixture *fixture,
                 gint64        client_id,
                 gint64        agent_id,
                 guint         phones)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wcc_server_acd_ensure_agent (wcc_server_get_acd_owner (fixture->api.server), client_id, agent_id));
  g_assert_true (wcc_acd_agent_set_registrations (get_acd (fixture), agent_id, phones, g_get_monotonic_time (), &error));
  g_assert_no_error (error);
}

/* A queue call as the SIP layer records it and puts it in the ACD; returns its id. */
static gint64
enqueue_call (AgentFixture *fixture,
              gint64        group_id,
              const char   *caller)
{
  g_autoptr(GError) error = NULL;
  gint64 call_id = wcc_store_call_create (fixture->api.store, fixture->api.demo_client_id, WCC_CALL_INBOUND,
                                          caller, "8001", group_id, g_get_real_time (), &error);

  g_assert_no_error (error);
  g_assert_true (wcc_acd_call_enqueue (get_acd (fixture), call_id, group_id, caller, g_get_monotonic_time (), &error));
  g_assert_no_error (error);
  return call_id;
}

static ApiResponse *
put_state (AgentFixture *fixture,
           const char   *token,
           const char   *json)
{
  return api_json (&fixture->api, "PUT", "/api/v1/agent/state", token, json);
}

static void
assert_state (ApiResponse *response,
              const char  *state)
{
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response->json, "state"), ==, state);
}

static gint64
reason_id_of (JsonObject *state,
              const char *member)
{
  JsonNode *node = json_object_get_member (state, member);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return 0;
  return json_object_get_int_member (json_node_get_object (node), "id");
}

static void
test_state_roles_and_phone (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *admin = api_login (&fixture->api, "admin@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (&fixture->api, "1001@acme", TEST_PASSWORD);
  WccAcdAgentInfo info;

  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", NULL, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 401);
  }
  /* An administrator without the agent role takes no calls. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", admin, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 403);
    g_assert_cmpstr (api_error_code (response), ==, "forbidden");
  }
  /* Logged in over HTTP, but no phone: Offline, and Ready is refused. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "offline");
    g_assert_cmpint (json_object_get_int_member (response->json, "agent_id"), ==, fixture->api.agent_id);
    g_assert_true (json_object_get_boolean_member (response->json, "logged_in"));
    g_assert_cmpint (json_object_get_int_member (response->json, "phones"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "groups")), ==, 0);
    g_assert_nonnull (json_object_get_string_member (response->json, "since"));
  }
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, "{\"state\": \"ready\"}");
    g_assert_cmpuint (response->status, ==, 409);
    g_assert_cmpstr (api_error_code (response), ==, "conflict");
  }
  /* A phone registers: the login wanted Ready, so Ready it is. */
  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "ready");
    g_assert_cmpint (json_object_get_int_member (response->json, "phones"), ==, 1);
  }
  /* The other client's agent is another agent, still Offline. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", acme, NULL, NULL, 0);
    assert_state (response, "offline");
    g_assert_cmpint (json_object_get_int_member (response->json, "agent_id"), ==, fixture->api.acme_agent_id);
  }
  /* A user of another client is no agent of this one. */
  g_assert_false (wcc_server_acd_ensure_agent (wcc_server_get_acd_owner (fixture->api.server),
                                               fixture->api.demo_client_id, fixture->api.acme_agent_id));

  /* Logging out of the last session logs the agent out of the queues. */
  {
    g_autoptr(ApiResponse) out = api_request (&fixture->api, "POST", "/api/v1/logout", agent, NULL, NULL, 0);
    g_assert_cmpuint (out->status, ==, 204);
  }
  g_assert_true (wcc_acd_agent_get_info (get_acd (fixture), fixture->api.agent_id, &info, NULL));
  g_assert_false (info.logged_in);
  g_assert_cmpint (info.state, ==, WCC_ACD_AGENT_OFFLINE);
}

static void
test_pause_reasons (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *body = NULL;
  gint64 automatic = wcc_store_pause_reason_get_automatic (fixture->api.store, fixture->api.demo_client_id);
  WccStoreAgent saved;

  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/pause-reasons", agent, NULL, NULL, 0);
    JsonArray *items = json_object_get_array_member (response->json, "items");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "label"), ==, "Break");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 2), "id"), ==, automatic);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 2), "automatic"));
  }

  body = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", fixture->lunch);
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, body);
    JsonObject *reason;

    assert_state (response, "pause");
    reason = json_object_get_object_member (response->json, "pause_reason");
    g_assert_cmpint (json_object_get_int_member (reason, "id"), ==, fixture->lunch);
    g_assert_cmpstr (json_object_get_string_member (reason, "label"), ==, "Lunch");
  }
  /* The pause is saved: it outlives a restart. */
  g_assert_true (wcc_store_agent_find (fixture->api.store, fixture->api.demo_client_id, fixture->api.agent_id, &saved));
  g_assert_cmpint (saved.pause_reason_id, ==, fixture->lunch);

  /* Reasons of another client, the automatic one, unknown ones, none: refused. */
  {
    const gint64 bad[] = { fixture->acme_reason, automatic, 999999 };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *json = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", bad[i]);
        g_autoptr(ApiResponse) response = put_state (fixture, agent, json);

        g_assert_cmpuint (response->status, ==, 400);
        g_assert_cmpstr (api_error_code (response), ==, "invalid_field");
      }
  }
  {
    const char *bad[] = { "{\"state\": \"pause\"}", "{\"state\": \"dancing\"}", "{}", "{\"state\": \"ready\", \"colour\": 1}",
                          "{\"state\": \"ready\", \"reason_id\": 1}", "{\"pause_after_call\": \"soon\"}", "[1]" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(ApiResponse) response = put_state (fixture, agent, bad[i]);
        g_assert_cmpuint (response->status, ==, 400);
      }
  }
  /* Still Lunch after all that. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "pause");
    g_assert_cmpint (reason_id_of (response->json, "pause_reason"), ==, fixture->lunch);
  }
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, "{\"state\": \"ready\"}");
    assert_state (response, "ready");
    g_assert_cmpint (reason_id_of (response->json, "pause_reason"), ==, 0);
  }
  g_assert_true (wcc_store_agent_find (fixture->api.store, fixture->api.demo_client_id, fixture->api.agent_id, &saved));
  g_assert_cmpint (saved.pause_reason_id, ==, 0);
}

static void
test_pause_after_call (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *after = g_strdup_printf ("{\"pause_after_call\": %" G_GINT64_FORMAT "}", fixture->brk);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", fixture->sales);
  g_autoptr(GError) error = NULL;
  WccAcd *acd = get_acd (fixture);
  gint64 call_id;

  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  /* Not on a call: "pause after this call" makes no sense. */
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, after);
    g_assert_cmpuint (response->status, ==, 409);
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, groups);
    g_assert_cmpuint (response->status, ==, 200);
  }
  call_id = enqueue_call (fixture, fixture->sales, "+8613800000001");
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "ringing");
  }
  g_assert_true (wcc_acd_offer_answered (acd, call_id, fixture->api.agent_id, g_get_monotonic_time (), &error));
  g_assert_no_error (error);
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, after);
    assert_state (response, "on_call");
    g_assert_cmpint (reason_id_of (response->json, "pause_after_call"), ==, fixture->brk);
  }
  /* Changed one's mind, and back again. */
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, "{\"pause_after_call\": null}");
    g_assert_cmpint (reason_id_of (response->json, "pause_after_call"), ==, 0);
  }
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, after);
    g_assert_cmpuint (response->status, ==, 200);
  }
  g_assert_true (wcc_acd_call_end (acd, call_id, g_get_monotonic_time (), &error));
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "pause");
    g_assert_cmpint (reason_id_of (response->json, "pause_reason"), ==, fixture->brk);
    g_assert_cmpint (reason_id_of (response->json, "pause_after_call"), ==, 0);
  }
}

static void
test_sign_ins (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *admin = api_login (&fixture->api, "admin@demo", TEST_PASSWORD);
  g_autofree char *sales = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]}",
                                            fixture->sales, fixture->sales);
  g_autoptr(GArray) saved = NULL;
  g_autoptr(GArray) in_acd = NULL;

  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/groups", agent, NULL, NULL, 0);
    JsonArray *member_of = json_object_get_array_member (response->json, "member_of");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "groups")), ==, 0);
    g_assert_cmpuint (json_array_get_length (member_of), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (member_of, 0), "id"), ==, fixture->sales);
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (member_of, 0), "signed_in"));
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, sales);
    JsonArray *ids = json_object_get_array_member (response->json, "groups");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (ids), ==, 1);
    g_assert_cmpint (json_array_get_int_element (ids, 0), ==, fixture->sales);
  }
  saved = wcc_store_agent_get_sign_ins (fixture->api.store, fixture->api.demo_client_id, fixture->api.agent_id);
  g_assert_cmpuint (saved->len, ==, 1);
  in_acd = wcc_acd_agent_dup_groups (get_acd (fixture), fixture->api.agent_id, NULL);
  g_assert_cmpuint (in_acd->len, ==, 1);

  /* Only the agent's own groups: not another group of the client, not another client's. */
  {
    const gint64 bad[] = { fixture->service, fixture->acme_group, 999999 };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *json = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]}",
                                                 fixture->sales, bad[i]);
        g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, json);

        g_assert_cmpuint (response->status, ==, 403);
      }
  }
  {
    const char *bad[] = { "{\"groups\": 3}", "{\"groups\": [\"Sales\"]}", "{\"groups\": [-1]}", "{}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, bad[i]);
        g_assert_cmpuint (response->status, ==, 400);
      }
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", admin, "{\"groups\": []}");
    g_assert_cmpuint (response->status, ==, 403);
  }
  /* The refusals changed nothing; an empty list signs out of all. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/groups", agent, NULL, NULL, 0);
    JsonArray *member_of = json_object_get_array_member (response->json, "member_of");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "groups")), ==, 1);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (member_of, 0), "signed_in"));
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, "{\"groups\": []}");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "groups")), ==, 0);
  }
  g_clear_pointer (&in_acd, g_array_unref);
  in_acd = wcc_acd_agent_dup_groups (get_acd (fixture), fixture->api.agent_id, NULL);
  g_assert_cmpuint (in_acd->len, ==, 0);
}

static JsonObject *
find_queue (ApiResponse *response,
            gint64       group_id)
{
  JsonArray *items = json_object_get_array_member (response->json, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "group_id") == group_id)
      return json_array_get_object_element (items, i);
  return NULL;
}

static void
test_queue_figures (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *leader = api_login (&fixture->api, "2001@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (&fixture->api, "1001@acme", TEST_PASSWORD);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", fixture->sales);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreQueue) queue = wcc_store_queue_find (fixture->api.store, fixture->api.demo_client_id, fixture->sales);
  gint64 first, second;

  g_free (queue->queue_number);
  queue->queue_number = g_strdup ("8001");
  g_assert_true (wcc_store_queue_update (fixture->api.store, queue, &error));
  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, groups);
    g_assert_cmpuint (response->status, ==, 200);
  }
  first = enqueue_call (fixture, fixture->sales, "+8613800000001");
  second = enqueue_call (fixture, fixture->sales, "+8613800000002");
  g_assert_true (wcc_acd_offer_answered (get_acd (fixture), first, fixture->api.agent_id, g_get_monotonic_time (), &error));
  g_assert_no_error (error);

  /* The agent sees their group only, the leader every group of the client. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/queues", agent, NULL, NULL, 0);
    JsonObject *sales = find_queue (response, fixture->sales);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "items")), ==, 1);
    g_assert_nonnull (sales);
    g_assert_cmpstr (json_object_get_string_member (sales, "queue_number"), ==, "8001");
    g_assert_cmpint (json_object_get_int_member (sales, "waiting"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "inbound"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (sales, "answered"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "abandoned"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (sales, "service_level"), ==, 100);
    g_assert_cmpint (json_object_get_int_member (sales, "service_level_seconds"), ==, 20);
  }
  g_assert_true (wcc_acd_call_end (get_acd (fixture), second, g_get_monotonic_time (), &error));
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/queues", leader, NULL, NULL, 0);
    JsonObject *sales = find_queue (response, fixture->sales);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "items")), ==, 2);
    g_assert_nonnull (find_queue (response, fixture->service));
    g_assert_cmpint (json_object_get_int_member (sales, "waiting"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (sales, "abandoned"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "service_level"), ==, 50);
  }
  /* Another client sees its own groups only. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/queues", acme, NULL, NULL, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "items")), ==, 1);
    g_assert_nonnull (find_queue (response, fixture->acme_group));
  }
}

/* The ACD's timers run on the server's clock: a missed offer times out and auto-pauses the
 * agent with the client's "No answer" reason. */
static void
test_ring_timeout (AgentFixture *fixture, gconstpointer data)
{
  g_autoptr(WccStoreQueue) queue = wcc_store_queue_find (fixture->api.store, fixture->api.demo_client_id, fixture->sales);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", fixture->sales);
  g_autofree char *agent = NULL;
  g_autoptr(GError) error = NULL;
  gint64 automatic = wcc_store_pause_reason_get_automatic (fixture->api.store, fixture->api.demo_client_id);
  ApiStream *stream;
  JsonObject *state = NULL;
  WccStoreAgent saved;
  guint seen;

  queue->ring_timeout = 1;
  queue->missed_offers_before_pause = 1;
  g_assert_true (wcc_store_queue_update (fixture->api.store, queue, &error));
  agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, groups);
    g_assert_cmpuint (response->status, ==, 200);
  }
  stream = api_stream_open (&fixture->api, agent, "", NULL);
  api_stream_wait_messages (stream, 1);
  seen = 1;
  enqueue_call (fixture, fixture->sales, "+8613800000001");
  while (state == NULL)
    {
      JsonObject *event = api_stream_wait_event (stream, "agent.state", seen);
      JsonObject *event_data = json_object_get_object_member (event, "data");

      seen = stream->messages->len;
      if (g_str_equal (json_object_get_string_member (event_data, "state"), "pause"))
        state = event_data;
    }
  g_assert_cmpint (reason_id_of (state, "pause_reason"), ==, automatic);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "pause_reason"), "label"),
                   ==, "No answer");
  g_assert_true (wcc_store_agent_find (fixture->api.store, fixture->api.demo_client_id, fixture->api.agent_id, &saved));
  g_assert_cmpint (saved.pause_reason_id, ==, automatic);
  api_stream_close (stream);
}

static void
test_events (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *leader = api_login (&fixture->api, "2001@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (&fixture->api, "1001@acme", TEST_PASSWORD);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", fixture->sales);
  ApiStream *stream = api_stream_open (&fixture->api, leader, "", NULL);
  ApiStream *other = api_stream_open (&fixture->api, acme, "", NULL);
  JsonObject *event, *data_object;
  guint seen;

  api_stream_wait_messages (stream, 1);
  api_stream_wait_messages (other, 1);
  seen = stream->messages->len;

  /* A phone registers: the agent is Ready, and everyone of the client hears it. */
  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  event = api_stream_wait_event (stream, "agent.state", seen);
  data_object = json_object_get_object_member (event, "data");
  g_assert_cmpint (json_object_get_int_member (data_object, "agent_id"), ==, fixture->api.agent_id);
  g_assert_cmpstr (json_object_get_string_member (data_object, "state"), ==, "ready");
  seen = stream->messages->len;

  /* Signing in is an event too (the groups are part of the state). */
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, groups);
    g_assert_cmpuint (response->status, ==, 200);
  }
  event = api_stream_wait_event (stream, "agent.state", seen);
  data_object = json_object_get_object_member (event, "data");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data_object, "groups")), ==, 1);
  seen = stream->messages->len;

  /* A caller enters the queue: the queue changes and the agent rings. */
  enqueue_call (fixture, fixture->sales, "+8613800000001");
  event = api_stream_wait_event (stream, "queue.updated", seen);
  data_object = json_object_get_object_member (event, "data");
  g_assert_cmpint (json_object_get_int_member (data_object, "group_id"), ==, fixture->sales);
  g_assert_cmpint (json_object_get_int_member (data_object, "waiting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (data_object, "inbound"), ==, 1);
  event = api_stream_wait_event (stream, "agent.state", seen);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "state"), ==, "ringing");
  seen = stream->messages->len;

  /* A pause through the API. */
  {
    g_autofree char *json = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", fixture->brk);
    g_autoptr(ApiResponse) response = put_state (fixture, agent, json);
    assert_state (response, "pause");
  }
  event = api_stream_wait_event (stream, "agent.state", seen);
  data_object = json_object_get_object_member (event, "data");
  g_assert_cmpstr (json_object_get_string_member (data_object, "state"), ==, "pause");
  g_assert_cmpint (reason_id_of (data_object, "pause_reason"), ==, fixture->brk);

  /* The other client heard none of it: a round trip of its own shows the stream is live. */
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", "/api/v1/me", acme, "{\"given_name\": \"Zed\"}");
    g_assert_cmpuint (response->status, ==, 200);
  }
  api_stream_wait_messages (other, 2);
  g_assert_cmpstr (json_object_get_string_member (api_stream_message (other, 1), "type"), ==, "user.updated");
  g_assert_cmpuint (other->messages->len, ==, 2);
  api_stream_close (stream);
  api_stream_close (other);
}

/* Records as the SIP layer writes them: 1 inbound via Sales answered by the agent, 2 an
 * internal call of the leader, 3 a Service call of nobody we know. */
static void
make_calls (ApiFixture *api,
            gint64      sales,
            gint64      service,
            gint64      ids[3])
{
  g_autoptr(GError) error = NULL;
  WccStore *store = api->store;
  gint64 demo = api->demo_client_id;
  gint64 t0 = g_get_real_time () - 600 * G_USEC_PER_SEC;
  gint64 leg;

  ids[0] = wcc_store_call_create (store, demo, WCC_CALL_INBOUND, "+8613800000001", "8001", sales, t0, &error);
  wcc_store_call_add_leg (store, ids[0], WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000001@pstn", "+8613800000001", "", t0, &error);
  leg = wcc_store_call_add_leg (store, ids[0], WCC_CALL_SIDE_CALLEE, api->agent_id, "sip:1001@demo", "1001",
                                "wcc-agent", t0 + G_USEC_PER_SEC, &error);
  wcc_store_call_leg_set_answered (store, leg, t0 + 4 * G_USEC_PER_SEC, &error);
  wcc_store_call_set_agent (store, ids[0], api->agent_id, &error);
  wcc_store_call_set_answered (store, ids[0], t0 + 4 * G_USEC_PER_SEC, &error);
  wcc_store_call_end (store, ids[0], t0 + 64 * G_USEC_PER_SEC, "normal", WCC_CALL_SIDE_CALLER, &error);
  g_assert_no_error (error);

  ids[1] = wcc_store_call_create (store, demo, WCC_CALL_INTERNAL, "2001", "1009", 0, t0 + 100 * G_USEC_PER_SEC, &error);
  wcc_store_call_add_leg (store, ids[1], WCC_CALL_SIDE_CALLER, api->leader_id, "sip:2001@demo", "2001", "",
                          t0 + 100 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  ids[2] = wcc_store_call_create (store, demo, WCC_CALL_INBOUND, "+8613800000003", "8002", service,
                                  t0 + 200 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
}

static guint
count_items (ApiFixture *api,
             const char *path,
             const char *token)
{
  g_autoptr(ApiResponse) response = api_request (api, "GET", path, token, NULL, NULL, 0);

  g_assert_cmpuint (response->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (response->json, "items"));
}

/* With the customer fixture: a task and customers to attach. */
static void
test_call_records (Fixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *leader = api_login (&fixture->api, "2001@demo", TEST_PASSWORD);
  g_autofree char *admin = api_login (&fixture->api, "admin@demo", TEST_PASSWORD);
  g_autofree char *acme = api_login (&fixture->api, "1001@acme", TEST_PASSWORD);
  g_autofree char *path = NULL;
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Of 1001", NULL);
  gint64 of_1003 = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                                 "Of 1003", NULL);
  g_autofree char *attach = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT ", \"customer_id\": %" G_GINT64_FORMAT "}",
                                             fixture->task_a, customer);
  gint64 ids[3];
  gint64 version;

  make_calls (&fixture->api, fixture->sales, fixture->service, ids);

  /* An agent sees their own calls, a leader also their groups', an administrator all. */
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls", agent), ==, 1);
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls", leader), ==, 2);
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls?mine=1", leader), ==, 1);
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls", admin), ==, 3);
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls?mine=1", admin), ==, 0);
  g_assert_cmpuint (count_items (&fixture->api, "/api/v1/calls", acme), ==, 0);

  /* Newest first, in pages. */
  {
    g_autoptr(ApiResponse) page1 = api_request (&fixture->api, "GET", "/api/v1/calls?limit=2", admin, NULL, NULL, 0);
    JsonArray *items = json_object_get_array_member (page1->json, "items");
    const char *next = json_object_get_string_member (page1->json, "next");
    g_autofree char *page2_path = g_strdup_printf ("/api/v1/calls?limit=2&before=%s", next);
    g_autoptr(ApiResponse) page2 = api_request (&fixture->api, "GET", page2_path, admin, NULL, NULL, 0);

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, ids[2]);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page2->json, "items")), ==, 1);
    g_assert_true (json_object_get_null_member (page2->json, "next"));
  }
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/calls?limit=0", admin, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 400);
  }

  /* One call with its legs. */
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, ids[0]);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", path, agent, NULL, NULL, 0);
    JsonObject *call = response->json;
    JsonArray *legs = json_object_get_array_member (call, "legs");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (call, "direction"), ==, "inbound");
    g_assert_cmpstr (json_object_get_string_member (call, "customer_number"), ==, "+8613800000001");
    g_assert_cmpint (json_object_get_int_member (call, "group_id"), ==, fixture->sales);
    g_assert_cmpint (json_object_get_int_member (call, "agent_id"), ==, fixture->api.agent_id);
    g_assert_cmpint (json_object_get_int_member (call, "wait"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (call, "duration"), ==, 60);
    g_assert_cmpstr (json_object_get_string_member (call, "hangup_reason"), ==, "normal");
    g_assert_cmpstr (json_object_get_string_member (call, "hangup_side"), ==, "caller");
    g_assert_true (g_str_has_suffix (json_object_get_string_member (call, "offered_at"), "Z"));
    g_assert_cmpuint (json_array_get_length (legs), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (legs, 1), "side"), ==, "callee");
    version = json_object_get_int_member (call, "version");
  }
  /* Another client's call is not there at all. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", path, acme, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 404);
  }
  {
    g_autofree char *other = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, ids[1]);
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", other, agent, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 404);
  }

  /* The agent on the call attaches what it was about; a stale version is refused. */
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, agent, attach);
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (response->json, "task_id"), ==, fixture->task_a);
    g_assert_cmpint (json_object_get_int_member (response->json, "customer_id"), ==, customer);
  }
  {
    g_autofree char *stale = g_strdup_printf ("{\"task_id\": null, \"version\": %" G_GINT64_FORMAT "}", version);
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, agent, stale);
    JsonObject *current;

    g_assert_cmpuint (response->status, ==, 409);
    g_assert_cmpstr (api_error_code (response), ==, "version_conflict");
    current = json_object_get_object_member (json_object_get_object_member (response->json, "error"), "current");
    g_assert_cmpint (json_object_get_int_member (current, "task_id"), ==, fixture->task_a);
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, agent, "{\"task_id\": null}");
    g_assert_cmpuint (response->status, ==, 200);
    g_assert_true (json_object_get_null_member (response->json, "task_id"));
    g_assert_cmpint (json_object_get_int_member (response->json, "customer_id"), ==, customer);
  }
  /* Only a customer the agent already sees, and a task of the client: the call would
   * otherwise open 1003's customer to 1001, or name acme's records. */
  {
    g_autofree char *not_seen = g_strdup_printf ("{\"customer_id\": %" G_GINT64_FORMAT "}", of_1003);
    g_autofree char *acme_customer = g_strdup_printf ("{\"customer_id\": %" G_GINT64_FORMAT "}",
                                                      fixture->acme_customer);
    g_autofree char *acme_task = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT "}", fixture->acme_task);
    g_autofree char *customer_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, of_1003);
    const char *bodies[] = { not_seen, acme_customer, acme_task, "{\"task_id\": 999999}" };
    g_autoptr(WccStoreCall) after = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, agent, bodies[i]);
        g_assert_cmpuint (response->status, ==, 400);
        g_assert_cmpstr (api_error_code (response), ==, "invalid_field");
      }
    after = wcc_store_call_find (fixture->store, fixture->demo, ids[0]);
    g_assert_cmpint (after->customer_id, ==, customer);
    g_assert_cmpint (after->task_id, ==, 0);
    {
      g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", customer_path, agent, NULL, NULL, 0);
      g_assert_cmpuint (response->status, ==, 404);
    }
  }
  /* The leader sees the call but was not on it; the other client does not see it. */
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, leader, "{\"task_id\": 1}");
    g_assert_cmpuint (response->status, ==, 403);
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, acme, "{\"task_id\": 1}");
    g_assert_cmpuint (response->status, ==, 404);
  }
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PATCH", path, agent, "{\"task_id\": -3}");
    g_assert_cmpuint (response->status, ==, 400);
  }
}

/* Roles and tenants over the call-centre routes */

static const ApiEndpoint call_centre_endpoints[] = {
  /* The agent's own state and sign-ins: agents (the leader is one too), not the admin. */
  { "GET", "/api/v1/agent/state", NULL, 200, 200, 403 },
  { "PUT", "/api/v1/agent/state", "{\"state\": \"pause\", \"reason_id\": {B}}", 200, 200, 403 },
  { "GET", "/api/v1/agent/groups", NULL, 200, 200, 403 },
  { "PUT", "/api/v1/agent/groups", "{\"groups\": [{G}]}", 200, 200, 403 },
  /* Everyone of the client reads queues and pause reasons, and the calls they may see. */
  { "GET", "/api/v1/queues", NULL, 200, 200, 200 },
  { "GET", "/api/v1/pause-reasons", NULL, 200, 200, 200 },
  { "GET", "/api/v1/calls", NULL, 200, 200, 200 },
  { "GET", "/api/v1/calls/{K}", NULL, 200, 200, 200 },
  /* Only someone on the call attaches, and only a customer they see. */
  { "PATCH", "/api/v1/calls/{K}", "{\"customer_id\": {C}, \"task_id\": {T}}", 200, 403, 403 },
  { "PATCH", "/api/v1/calls/{K}", "{\"customer_id\": {X}}", 400, 403, 403 },
  /* issue 9 monitor: leaders and client admins watch; only the agent on a call reports its
   * quality (nobody is on {K} now: 404). */
  { "GET", "/api/v1/monitor", NULL, 403, 200, 200 },
  { "PUT", "/api/v1/agent/call-quality", "{\"call_id\": {K}, \"jitter_ms\": 1, \"packet_loss\": 0, \"mos\": 4}",
    404, 404, 403 },
};

/* A pause reason and a group named "Target …", the calls of make_calls () (the first taken
 * by 1001 in Sales), a customer of 1001 and one of 1003. */
static guint
make_call_centre_records (Fixture        *fixture,
                          guint           round,
                          ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  g_autofree char *other = g_strdup_printf ("Target other %u", round);
  g_autoptr(GError) error = NULL;
  gint64 calls[3];
  guint n = 0;

  make_calls (&fixture->api, fixture->sales, fixture->service, calls);
  out[n++] = (ApiPlaceholder) { "{B}", wcc_store_pause_reason_create (fixture->store, fixture->demo, label, 10 + round,
                                                                      &error) };
  g_assert_no_error (error);
  wcc_store_group_create (fixture->store, fixture->demo, label, &error);
  g_assert_no_error (error);
  out[n++] = (ApiPlaceholder) { "{G}", fixture->sales };
  out[n++] = (ApiPlaceholder) { "{T}", fixture->task_a };
  out[n++] = (ApiPlaceholder) { "{K}", calls[0] };
  out[n++] = (ApiPlaceholder) { "{C}", add_customer (fixture, fixture->demo, fixture->package, fixture->task_a,
                                                     fixture->api.agent_id, label, NULL) };
  out[n++] = (ApiPlaceholder) { "{X}", add_customer (fixture, fixture->demo, fixture->package, fixture->task_b,
                                                     fixture->agent3, other, NULL) };
  return n;
}

/* After acme's request: demo's call is as made, acme's agent is neither paused for nor
 * signed in to anything of demo's, and every listed call, queue and reason is acme's. */
static void
check_call_centre_unchanged (Fixture              *fixture,
                             const ApiPlaceholder *records,
                             guint                 n_records,
                             ApiResponse          *response)
{
  g_autoptr(WccStoreCall) call = wcc_store_call_find (fixture->store, fixture->demo,
                                                      record_of (records, n_records, "{K}"));
  g_autoptr(GArray) sign_ins = wcc_store_agent_get_sign_ins (fixture->store, fixture->acme, fixture->api.acme_agent_id);
  WccStoreAgent acme_agent;
  JsonArray *items;

  g_assert_nonnull (call);
  g_assert_cmpint (call->customer_id, ==, 0);
  g_assert_cmpint (call->task_id, ==, 0);
  g_assert_true (wcc_store_agent_find (fixture->store, fixture->acme, fixture->api.acme_agent_id, &acme_agent));
  g_assert_cmpint (acme_agent.pause_reason_id, !=, record_of (records, n_records, "{B}"));
  for (guint i = 0; i < sign_ins->len; i++)
    g_assert_null (wcc_store_queue_find (fixture->store, fixture->demo, g_array_index (sign_ins, gint64, i)));
  if (response->status != 200 || !json_object_has_member (response->json, "items"))
    return;
  items = items_of (response);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_has_member (item, "direction"))
        {
          g_autoptr(WccStoreCall) listed = wcc_store_call_find (fixture->store, fixture->acme,
                                                                json_object_get_int_member (item, "id"));
          g_assert_nonnull (listed);
        }
      else if (json_object_has_member (item, "waiting"))
        {
          g_autoptr(WccStoreQueue) listed = wcc_store_queue_find (fixture->store, fixture->acme,
                                                                  json_object_get_int_member (item, "group_id"));
          g_assert_nonnull (listed);
        }
      else
        {
          g_autoptr(WccStorePauseReason) listed = wcc_store_pause_reason_find (fixture->store, fixture->acme,
                                                                               json_object_get_int_member (item, "id"));
          g_assert_true (json_object_has_member (item, "automatic"));
          g_assert_nonnull (listed);
        }
    }
}

static void
test_call_centre_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, call_centre_endpoints, G_N_ELEMENTS (call_centre_endpoints), make_call_centre_records);
}

/* acme has a call, a queue and a reason of its own, so its lists are not empty. */
static void
test_call_centre_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 acme_call = wcc_store_call_create (fixture->store, fixture->acme, WCC_CALL_INBOUND, "+8613800000009", "8001",
                                            0, g_get_real_time (), &error);

  g_assert_no_error (error);
  g_assert_true (wcc_store_call_set_agent (fixture->store, acme_call, fixture->api.acme_agent_id, &error));
  wcc_store_pause_reason_create (fixture->store, fixture->acme, "Acme break", 1, &error);
  g_assert_no_error (error);
  run_tenant_isolation (fixture, call_centre_endpoints, G_N_ELEMENTS (call_centre_endpoints),
                        make_call_centre_records, check_call_centre_unchanged);
}

/* Starts the server again on the same data folder, as after a crash. */
static void
restart_server (AgentFixture *fixture)
{
  g_autoptr(WccConfig) config = wcc_config_new_default ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->api.server);
  g_free (config->data_dir);
  config->data_dir = g_strdup (fixture->api.data_dir);
  config->listen_port = 0;
  fixture->api.server = wcc_server_new (g_steal_pointer (&config));
  g_assert_true (wcc_server_start (fixture->api.server, &error));
  g_assert_no_error (error);
  fixture->api.store = wcc_server_get_store (fixture->api.server);
  g_free (fixture->api.base_url);
  fixture->api.base_url = wcc_server_get_url (fixture->api.server);
}

static void
test_restart (AgentFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (&fixture->api, "1001@demo", TEST_PASSWORD);
  g_autofree char *admin = api_login (&fixture->api, "admin@demo", TEST_PASSWORD);
  g_autofree char *pause = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %" G_GINT64_FORMAT "}", fixture->lunch);
  g_autofree char *groups = g_strdup_printf ("{\"groups\": [%" G_GINT64_FORMAT "]}", fixture->sales);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 open_call;

  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_json (&fixture->api, "PUT", "/api/v1/agent/groups", agent, groups);
    g_assert_cmpuint (response->status, ==, 200);
  }
  {
    g_autoptr(ApiResponse) response = put_state (fixture, agent, pause);
    assert_state (response, "pause");
  }
  /* A call is going on when the server dies. */
  open_call = wcc_store_call_create (fixture->api.store, fixture->api.demo_client_id, WCC_CALL_INBOUND,
                                     "+8613800000009", "8001", fixture->sales, g_get_real_time (), &error);
  wcc_store_call_add_leg (fixture->api.store, open_call, WCC_CALL_SIDE_CALLER, 0, "sip:+8613800000009@pstn",
                          "+8613800000009", "", g_get_real_time (), &error);
  g_assert_no_error (error);
  /* Today's figures come from the records: one answered call (in 5 s), the open one (ended by
   * the restart, unanswered); yesterday's call is not today's. */
  {
    gint64 now = g_get_real_time ();
    gint64 answered = wcc_store_call_create (fixture->api.store, fixture->api.demo_client_id, WCC_CALL_INBOUND,
                                             "+8613800000010", "8001", fixture->sales, now - 60 * G_USEC_PER_SEC,
                                             &error);

    g_assert_true (wcc_store_call_set_answered (fixture->api.store, answered, now - 55 * G_USEC_PER_SEC, &error));
    wcc_store_call_create (fixture->api.store, fixture->api.demo_client_id, WCC_CALL_INBOUND, "+8613800000011",
                           "8001", fixture->sales, now - (gint64) 25 * 3600 * G_USEC_PER_SEC, &error);
    g_assert_no_error (error);
  }

  restart_server (fixture);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/queues", admin, NULL, NULL, 0);
    JsonObject *sales = find_queue (response, fixture->sales);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_nonnull (sales);
    g_assert_cmpint (json_object_get_int_member (sales, "waiting"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (sales, "inbound"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (sales, "answered"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "abandoned"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "service_level"), ==, 50);
  }

  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT, open_call);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", path, admin, NULL, NULL, 0);
    JsonArray *legs = json_object_get_array_member (response->json, "legs");

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (response->json, "hangup_reason"), ==, "server restart");
    g_assert_cmpstr (json_object_get_string_member (response->json, "hangup_side"), ==, "server");
    g_assert_nonnull (json_object_get_string_member (response->json, "ended_at"));
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (legs, 0), "ended_at"));
  }
  /* The session survived, so the agent is logged in, signed in and still at lunch: Offline
   * until the phone registers again, then Pause, not Ready. */
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "offline");
    g_assert_cmpint (reason_id_of (response->json, "pause_reason"), ==, fixture->lunch);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response->json, "groups")), ==, 1);
  }
  register_phones (fixture, fixture->api.demo_client_id, fixture->api.agent_id, 1);
  {
    g_autoptr(ApiResponse) response = api_request (&fixture->api, "GET", "/api/v1/agent/state", agent, NULL, NULL, 0);
    assert_state (response, "pause");
    g_assert_cmpint (reason_id_of (response->json, "pause_reason"), ==, fixture->lunch);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) \
  g_test_add (path, AgentFixture, NULL, agent_fixture_setup, func, agent_fixture_teardown)
  ADD ("/agent/state-roles-and-phone", test_state_roles_and_phone);
  ADD ("/agent/pause-reasons", test_pause_reasons);
  ADD ("/agent/pause-after-call", test_pause_after_call);
  ADD ("/agent/sign-ins", test_sign_ins);
  ADD ("/agent/queue-figures", test_queue_figures);
  ADD ("/agent/events", test_events);
  ADD ("/agent/ring-timeout", test_ring_timeout);
  ADD ("/agent/restart", test_restart);
#undef ADD
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/agent/call-records", test_call_records);
  ADD ("/agent/roles/matrix", test_call_centre_role_matrix);
  ADD ("/agent/tenants/isolation", test_call_centre_tenant_isolation);
#undef ADD
  return g_test_run ();
}
