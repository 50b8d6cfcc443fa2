/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-audit.c: acting for an agent (R3, D2) over real HTTP: a leader reassigns an
 * agent's customers and appointments to another agent of their groups, each action is in
 * the audit log naming both the leader and the agent, and leaders and the client admin read
 * the entries of the people they oversee; "on_behalf_of" checked (roles 403, other clients
 * 404, bad input 400). Also the reviewers' "approvals.changed" events that keep the
 * approvals inbox live. */
#include "wcc-store-appointments.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
id_of_element (JsonArray *items,
               guint      index)
{
  return json_object_get_int_member (json_array_get_object_element (items, index), "id");
}

/* Runs the main loop for @ms (events in flight arrive). */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static gint64
book (Fixture *fixture,
      gint64   customer_id,
      gint64   agent_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_appointment_set (fixture->store, fixture->demo, customer_id, agent_id, 1900000000, &error);

  g_assert_no_error (error);
  return id;
}

static char *
reassign_body (gint64 customer_id,
               gint64 agent_id,
               gint64 on_behalf_of)
{
  if (on_behalf_of == 0)
    return g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"agent_id\": %" G_GINT64_FORMAT "}", customer_id,
                            agent_id);
  return g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"agent_id\": %" G_GINT64_FORMAT ", \"on_behalf_of\": %"
                          G_GINT64_FORMAT "}", customer_id, agent_id, on_behalf_of);
}

/* The newest audit entry of @action that @token reads (for @user, 0: any); NULL if none. */
static JsonObject *
find_entry (Fixture    *fixture,
            const char *token,
            gint64      user,
            const char *action)
{
  g_autofree char *path = user != 0 ? g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT "&limit=200", user)
                                    : g_strdup ("/api/v1/audit?limit=200");
  g_autoptr(ApiResponse) r = expect (fixture, "GET", path, token, NULL, 200);
  JsonArray *items = items_of (r);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (entry, "action"), action))
        return json_object_ref (entry);
    }
  return NULL;
}

static void
assert_entry_names (JsonObject *entry,
                    gint64      actor,
                    const char *actor_name,
                    gint64      agent,
                    const char *agent_name)
{
  g_assert_nonnull (entry);
  g_assert_cmpint (json_object_get_int_member (entry, "user_id"), ==, actor);
  g_assert_cmpstr (json_object_get_string_member (entry, "user_name"), ==, actor_name);
  g_assert_cmpint (json_object_get_int_member (entry, "on_behalf_of"), ==, agent);
  g_assert_cmpstr (json_object_get_string_member (entry, "on_behalf_of_name"), ==, agent_name);
  g_assert_nonnull (json_object_get_string_member (entry, "at"));
}

static char *
name_of (Fixture *fixture,
         gint64   user_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, user_id);
  g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->admin, NULL, 200);

  return g_strdup (json_object_get_string_member (r->json, "display_name"));
}

/* R3, D2: the leader gives 1001's customer to 1002 for 1001; the log names both; the
 * customer's appointment with 1001 follows ownership; the admin gives it back. */
static void
test_reassign_customers (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Kato Trading", NULL);
  gint64 other = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                               "Mori Foods", NULL);
  gint64 appointment = book (fixture, customer, fixture->api.agent_id);
  g_autofree char *leader_name = name_of (fixture, fixture->api.leader_id);
  g_autofree char *agent_name = name_of (fixture, fixture->api.agent_id);
  g_autofree char *agent2_name = name_of (fixture, fixture->agent2);
  g_autofree char *admin_name = NULL;
  g_autofree char *body = reassign_body (customer, fixture->agent2, fixture->api.agent_id);
  gint64 admin_id;

  {
    g_autoptr(ApiResponse) me = expect (fixture, "GET", "/api/v1/me", fixture->admin, NULL, 200);
    admin_id = json_object_get_int_member (me->json, "id");
    admin_name = g_strdup (json_object_get_string_member (me->json, "display_name"));
  }
  /* Nothing is logged before anything is done. */
  g_assert_null (find_entry (fixture, fixture->leader, fixture->api.agent_id, "customer.reassigned"));
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/reassign", fixture->leader, body, 200);
    g_assert_true (id_in (json_object_get_array_member (r->json, "moved"), customer));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "missing")), ==, 0);
  }
  g_assert_cmpint (owner_of (fixture, customer), ==, fixture->agent2);
  /* S13: 1002 is told, with the customer to open. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/notifications", fixture->t_agent2, NULL, 200);
    JsonObject *told = json_array_get_object_element (items_of (r), 0);

    g_assert_cmpstr (json_object_get_string_member (told, "kind"), ==, "customer.assigned");
    g_assert_cmpint (json_object_get_int_member (told, "customer_id"), ==, customer);
    g_assert_cmpstr (json_object_get_string_member (told, "body"), ==, "Kato Trading");
  }
  {
    g_autoptr(JsonObject) entry = find_entry (fixture, fixture->leader, fixture->api.agent_id, "customer.reassigned");
    g_autofree char *detail = g_strdup_printf ("customer %" G_GINT64_FORMAT " (Kato Trading) to %s (user %"
                                               G_GINT64_FORMAT ")", customer, agent2_name, fixture->agent2);

    assert_entry_names (entry, fixture->api.leader_id, leader_name, fixture->api.agent_id, agent_name);
    g_assert_cmpstr (json_object_get_string_member (entry, "detail"), ==, detail);
  }
  /* C4: appointments follow ownership: 1001's went with the customer. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%" G_GINT64_FORMAT, appointment);
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->leader, NULL, 404);
  }
  /* Not 1001's any more: acting for 1001 moves nothing. */
  {
    g_autofree char *again = reassign_body (customer, fixture->api.agent_id, fixture->api.agent_id);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/reassign", fixture->leader, again, 200);
    g_assert_true (id_in (json_object_get_array_member (r->json, "missing"), customer));
    g_assert_cmpint (owner_of (fixture, customer), ==, fixture->agent2);
  }
  /* A customer of an agent the leader does not lead stays. */
  {
    g_autofree char *b = reassign_body (other, fixture->agent2, 0);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/reassign", fixture->leader, b, 200);
    g_assert_true (id_in (json_object_get_array_member (r->json, "missing"), other));
    g_assert_cmpint (owner_of (fixture, other), ==, fixture->agent3);
  }
  /* The client admin acts for anyone of the client. */
  {
    g_autofree char *back = reassign_body (customer, fixture->api.agent_id, fixture->agent2);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/reassign", fixture->admin, back, 200);
    g_autoptr(JsonObject) entry = NULL;

    g_assert_true (id_in (json_object_get_array_member (r->json, "moved"), customer));
    entry = find_entry (fixture, fixture->admin, fixture->agent2, "customer.reassigned");
    assert_entry_names (entry, admin_id, admin_name, fixture->agent2, agent2_name);
  }
  g_assert_cmpint (owner_of (fixture, customer), ==, fixture->api.agent_id);
  /* C24 by the leader for 1001: logged; 1001 releasing their own: not acting for anyone. */
  {
    g_autofree char *release = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/release", fixture->leader, release, 200);
    g_autoptr(JsonObject) entry = find_entry (fixture, fixture->leader, fixture->api.agent_id, "customer.released");
    gint64 own = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                               "Own Ltd", NULL);
    g_autofree char *own_release = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", own);
    gint64 entries = count_rows (fixture, "audit_log");
    g_autoptr(ApiResponse) r2 = expect (fixture, "POST", "/api/v1/customers/release", fixture->agent, own_release, 200);

    assert_entry_names (entry, fixture->api.leader_id, leader_name, fixture->api.agent_id, agent_name);
    g_assert_cmpint (count_rows (fixture, "audit_log"), ==, entries);
  }
}

/* Who may act for whom, and bad input: nothing moves, nothing is logged. */
static void
test_reassign_refused (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ito Kogyo", NULL);
  g_autofree char *acme_for = reassign_body (customer, fixture->agent2, fixture->api.acme_agent_id);
  g_autofree char *not_led = reassign_body (customer, fixture->agent2, fixture->agent3);
  g_autofree char *to_not_led = reassign_body (customer, fixture->agent3, 0);
  g_autofree char *to_acme = reassign_body (customer, fixture->api.acme_agent_id, 0);
  g_autofree char *by_agent = reassign_body (customer, fixture->agent2, 0);
  g_autofree char *for_self = reassign_body (customer, fixture->agent2, fixture->api.leader_id);
  g_autofree char *ids_only = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer);
  g_autofree char *bad_for = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"agent_id\": %" G_GINT64_FORMAT
                                              ", \"on_behalf_of\": \"1001\"}", customer, fixture->agent2);
  g_autofree char *unknown = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"agent_id\": %" G_GINT64_FORMAT
                                              ", \"owner\": 1}", customer, fixture->agent2);
  struct { const char *token; const char *body; guint status; const char *code; } cases[] = {
    { fixture->agent, by_agent, 403, "forbidden" },
    { fixture->t_agent2, for_self, 403, "forbidden" },
    { fixture->leader, acme_for, 404, "not_found" },
    { fixture->leader, not_led, 403, "forbidden" },
    { fixture->leader, to_not_led, 400, "invalid_field" },
    { fixture->leader, to_acme, 400, "invalid_field" },
    { fixture->leader, for_self, 400, "invalid_field" },
    { fixture->leader, ids_only, 400, "invalid_field" },
    { fixture->leader, bad_for, 400, "invalid_field" },
    { fixture->leader, unknown, 400, "invalid_field" },
    { fixture->leader, "{\"ids\": [], \"agent_id\": 1}", 400, "invalid_field" },
    { fixture->leader, "[1]", 400, NULL },
    { fixture->t_acme_admin, by_agent, 400, "invalid_field" },
  };
  gint64 entries = count_rows (fixture, "audit_log");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/reassign", cases[i].token, cases[i].body,
                                         cases[i].status);

      g_test_message ("case %u: %s", i, api_error_code (r));
      if (cases[i].code != NULL)
        g_assert_cmpstr (api_error_code (r), ==, cases[i].code);
      g_assert_cmpint (owner_of (fixture, customer), ==, fixture->api.agent_id);
    }
  g_assert_cmpint (count_rows (fixture, "audit_log"), ==, entries);
}

/* D2 for an agent: the leader reassigns 1001's appointment for 1001; the log names both. An
 * agent's own edit is not acting for anyone. */
static void
test_appointments_on_behalf (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Abe Shokai", NULL);
  gint64 appointment = book (fixture, customer, fixture->api.agent_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%" G_GINT64_FORMAT, appointment);
  g_autofree char *leader_name = name_of (fixture, fixture->api.leader_id);
  g_autofree char *agent_name = name_of (fixture, fixture->api.agent_id);
  g_autofree char *wrong_agent = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT
                                                  ", \"on_behalf_of\": %" G_GINT64_FORMAT "}", fixture->agent2,
                                                  fixture->agent2);
  g_autofree char *acme = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT
                                           ", \"on_behalf_of\": %" G_GINT64_FORMAT "}", fixture->agent2,
                                           fixture->api.acme_agent_id);
  g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT
                                           ", \"on_behalf_of\": %" G_GINT64_FORMAT "}", fixture->agent2,
                                           fixture->api.agent_id);
  g_autofree char *list = g_strdup_printf ("/api/v1/customer-appointments?when=all&agent=%" G_GINT64_FORMAT,
                                           fixture->api.agent_id);

  /* The agent moves their own: no entry. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->agent, "{\"version\": 1, \"quick\": \"1w\"}",
                                       200);
    g_assert_null (find_entry (fixture, fixture->admin, fixture->api.agent_id, "appointment.changed"));
  }
  /* The work view's list of 1001's appointments (R3). */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", list, fixture->leader, NULL, 200);
    g_assert_true (id_in (items_of (r), appointment));
  }
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", path, fixture->leader, wrong_agent, 400);
    g_autoptr(ApiResponse) r2 = expect (fixture, "PATCH", path, fixture->leader, acme, 404);
    g_autoptr(ApiResponse) r3 = expect (fixture, "PATCH", path, fixture->t_agent2, body, 404);
    g_autoptr(ApiResponse) r4 = expect (fixture, "PATCH", path, fixture->leader, "{\"version\": 2, \"on_behalf_of\": true}",
                                        400);
  }
  {
    g_autoptr(ApiResponse) stale = expect (fixture, "PATCH", path, fixture->leader, body, 409);
    g_autofree char *fresh = g_strdup_printf ("{\"version\": 2, \"agent_id\": %" G_GINT64_FORMAT
                                              ", \"on_behalf_of\": %" G_GINT64_FORMAT "}", fixture->agent2,
                                              fixture->api.agent_id);
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader, fresh, 200);
    g_autoptr(JsonObject) entry = find_entry (fixture, fixture->leader, fixture->api.agent_id, "appointment.reassigned");
    g_autofree char *agent2_name = name_of (fixture, fixture->agent2);
    g_autofree char *detail = g_strdup_printf ("appointment %" G_GINT64_FORMAT " (customer %" G_GINT64_FORMAT
                                               ", Abe Shokai) to %s (user %" G_GINT64_FORMAT ")", appointment,
                                               customer, agent2_name, fixture->agent2);

    g_assert_cmpint (json_object_get_int_member (r->json, "agent_id"), ==, fixture->agent2);
    assert_entry_names (entry, fixture->api.leader_id, leader_name, fixture->api.agent_id, agent_name);
    g_assert_cmpstr (json_object_get_string_member (entry, "detail"), ==, detail);
  }
  /* The leader removes 1002's now: done for 1002. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->leader, NULL, 204);
    g_autoptr(JsonObject) entry = find_entry (fixture, fixture->leader, fixture->agent2, "appointment.removed");
    g_autofree char *agent2_name = name_of (fixture, fixture->agent2);

    assert_entry_names (entry, fixture->api.leader_id, leader_name, fixture->agent2, agent2_name);
  }
  /* One agent's list: others 403, other clients 404, bad 400. */
  {
    g_autofree char *of_agent2 = g_strdup_printf ("/api/v1/customer-appointments?agent=%" G_GINT64_FORMAT,
                                                  fixture->agent2);
    g_autofree char *of_acme = g_strdup_printf ("/api/v1/customer-appointments?agent=%" G_GINT64_FORMAT,
                                                fixture->api.acme_agent_id);
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", of_agent2, fixture->agent, NULL, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", of_acme, fixture->leader, NULL, 404);
    g_autoptr(ApiResponse) r3 = expect (fixture, "GET", "/api/v1/customer-appointments?agent=x", fixture->leader, NULL,
                                        400);
  }
}

/* R3: an agent's contact records, for those who may act for them. */
static void
test_contact_records (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Hara Kosan", NULL);
  gint64 result = make_result (fixture, "Interested", "follow_up", "any");
  g_autofree char *records = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer);
  g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                           " \"note\": \"Call back in May\"}", result);
  g_autofree char *of_agent = g_strdup_printf ("/api/v1/contact-records?agent=%" G_GINT64_FORMAT, fixture->api.agent_id);
  g_autofree char *of_acme = g_strdup_printf ("/api/v1/contact-records?agent=%" G_GINT64_FORMAT,
                                              fixture->api.acme_agent_id);
  gint64 first, second;

  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "POST", records, fixture->agent, body, 201);
    g_autoptr(ApiResponse) r2 = expect (fixture, "POST", records, fixture->agent, body, 201);
    first = json_object_get_int_member (r1->json, "id");
    second = json_object_get_int_member (r2->json, "id");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", of_agent, fixture->leader, NULL, 200);
    JsonObject *newest = json_array_get_object_element (items_of (r), 0);

    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (newest, "id"), ==, second);
    g_assert_cmpstr (json_object_get_string_member (newest, "customer_label"), ==, "Hara Kosan");
    g_assert_cmpstr (json_object_get_string_member (newest, "note"), ==, "Call back in May");
    g_assert_cmpstr (json_object_get_string_member (newest, "call_result"), ==, "Interested");
  }
  /* Paging: the cursor is the last id seen. */
  {
    g_autofree char *page1 = g_strdup_printf ("%s&limit=1", of_agent);
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", page1, fixture->admin, NULL, 200);
    g_autofree char *page2 = g_strdup_printf ("%s&limit=1&after=%s", of_agent,
                                              json_object_get_string_member (r1->json, "next"));
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", page2, fixture->admin, NULL, 200);

    g_assert_cmpint (id_of_element (items_of (r2), 0), ==, first);
    g_assert_true (json_object_get_null_member (r2->json, "next"));
  }
  {
    /* One's own without ?agent; a colleague's 403; another client's 404; bad 400. */
    g_autoptr(ApiResponse) own = expect (fixture, "GET", "/api/v1/contact-records", fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) none = expect (fixture, "GET", "/api/v1/contact-records", fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", of_agent, fixture->t_agent2, NULL, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", of_acme, fixture->leader, NULL, 404);
    g_autoptr(ApiResponse) r3 = expect (fixture, "GET", of_agent, fixture->t_acme_admin, NULL, 404);
    g_autoptr(ApiResponse) r4 = expect (fixture, "GET", "/api/v1/contact-records?agent=0", fixture->leader, NULL, 400);

    g_assert_cmpuint (json_array_get_length (items_of (own)), ==, 2);
    g_assert_cmpuint (json_array_get_length (items_of (none)), ==, 0);
  }
}

/* Who reads which entries; paging; bad input. */
static void
test_audit_read (Fixture *fixture, gconstpointer data)
{
  gint64 customer3 = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                                   "Sato Denki", NULL);
  gint64 appointment3 = book (fixture, customer3, fixture->agent3);
  g_autofree char *path3 = g_strdup_printf ("/api/v1/appointments/%" G_GINT64_FORMAT, appointment3);
  g_autofree char *of_agent3 = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT, fixture->agent3);
  g_autofree char *of_acme = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT, fixture->api.acme_agent_id);

  /* The admin removes 1003's appointment (Service: the leader does not lead it). */
  {
    g_autoptr(ApiResponse) removed = expect (fixture, "DELETE", path3, fixture->admin, NULL, 204);

    g_autoptr(JsonObject) seen = find_entry (fixture, fixture->admin, fixture->agent3, "appointment.removed");
    g_autoptr(JsonObject) hidden = find_entry (fixture, fixture->leader, 0, "appointment.removed");

    g_assert_nonnull (seen);
    g_assert_null (hidden);
  }
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", "/api/v1/audit", fixture->agent, NULL, 403);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", of_agent3, fixture->leader, NULL, 403);
    g_autoptr(ApiResponse) r3 = expect (fixture, "GET", of_acme, fixture->leader, NULL, 404);
    g_autoptr(ApiResponse) r4 = expect (fixture, "GET", of_acme, fixture->admin, NULL, 404);
    g_autoptr(ApiResponse) r5 = expect (fixture, "GET", "/api/v1/audit?limit=0", fixture->admin, NULL, 400);
    g_autoptr(ApiResponse) r6 = expect (fixture, "GET", "/api/v1/audit?user=abc", fixture->admin, NULL, 400);
    g_autoptr(ApiResponse) r7 = expect (fixture, "GET", "/api/v1/audit", fixture->t_acme_admin, NULL, 200);
    JsonArray *acme = items_of (r7);

    /* acme's admin reads acme's entries only (logins), none naming demo's people. */
    for (guint i = 0; i < json_array_get_length (acme); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (acme, i), "action"), !=,
                       "appointment.removed");
  }
  /* ?user= is what the user did and what was done for them; acted_for=1 the latter only. */
  {
    g_autofree char *acted = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT "&acted_for=1", fixture->agent3);
    g_autofree char *bad = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT "&acted_for=2", fixture->agent3);
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", acted, fixture->admin, NULL, 200);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", bad, fixture->admin, NULL, 400);
    g_autoptr(JsonObject) login = find_entry (fixture, fixture->admin, fixture->agent3, "login.success");
    JsonArray *items = items_of (r1);

    g_assert_nonnull (login);
    g_assert_cmpint (json_object_get_int_member (login, "user_id"), ==, fixture->agent3);
    g_assert_true (json_object_get_null_member (login, "on_behalf_of"));
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "action"), ==,
                     "appointment.removed");
  }
  /* Paging, newest first. */
  {
    g_autoptr(ApiResponse) all = expect (fixture, "GET", "/api/v1/audit?limit=200", fixture->admin, NULL, 200);
    g_autoptr(ApiResponse) first = expect (fixture, "GET", "/api/v1/audit?limit=1", fixture->admin, NULL, 200);
    const char *next = json_object_get_string_member (first->json, "next");
    g_autofree char *second_path = g_strdup_printf ("/api/v1/audit?limit=1&after=%s", next);
    g_autoptr(ApiResponse) second = expect (fixture, "GET", second_path, fixture->admin, NULL, 200);

    g_assert_cmpuint (json_array_get_length (items_of (all)), >=, 2);
    g_assert_cmpint (id_of_element (items_of (first), 0), ==, id_of_element (items_of (all), 0));
    g_assert_cmpint (id_of_element (items_of (second), 0), ==, id_of_element (items_of (all), 1));
  }
}

/* The inbox stays live: reviewers (the admin, the leader of the author's group) hear of a
 * new request, warning or knowledge item and of each review; others do not. */
static void
test_approvals_events (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ueda Seiki", "03-5555-0777");
  g_autofree char *requests = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", customer);
  g_autofree char *notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer);
  ApiStream *leader = api_stream_open (&fixture->api, fixture->leader, "", NULL);
  ApiStream *admin = api_stream_open (&fixture->api, fixture->admin, "", NULL);
  ApiStream *agent2 = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);
  ApiStream *acme = api_stream_open (&fixture->api, fixture->t_acme_admin, "", NULL);
  struct { const char *type; gint64 id; } made[3];
  guint from_leader = 1, from_admin = 1;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", requests, fixture->agent,
                                       "{\"kind\": \"do_not_call\", \"number\": \"0355550777\", \"reason\": \"Asked\"}",
                                       201);
    made[0].type = "number_request";
    made[0].id = json_object_get_int_member (r->json, "id");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", notes, fixture->agent,
                                       "{\"kind\": \"warning\", \"text\": \"Shouts\"}", 201);
    made[1].type = "warning";
    made[1].id = json_object_get_int_member (r->json, "id");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/items", fixture->agent,
                                       "{\"question\": \"Refunds?\", \"answer\": \"Within 30 days\"}", 201);
    made[2].type = "knowledge";
    made[2].id = json_object_get_int_member (r->json, "id");
  }
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *event = api_stream_wait_event (leader, "approvals.changed", from_leader);
      JsonObject *event_data = json_object_get_object_member (event, "data");

      g_assert_cmpstr (json_object_get_string_member (event_data, "type"), ==, made[i].type);
      g_assert_cmpint (json_object_get_int_member (event_data, "id"), ==, made[i].id);
      g_assert_cmpstr (json_object_get_string_member (event_data, "state"), ==, "pending");
      for (guint k = 0; k < leader->messages->len; k++)
        if (api_stream_message (leader, k) == event)
          from_leader = k + 1;
      event = api_stream_wait_event (admin, "approvals.changed", from_admin);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "id"), ==, made[i].id);
      for (guint k = 0; k < admin->messages->len; k++)
        if (api_stream_message (admin, k) == event)
          from_admin = k + 1;
    }
  /* The inbox's list names the customer and the author of each. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/approvals", fixture->leader, NULL, 200);
    g_autofree char *author = name_of (fixture, fixture->api.agent_id);
    JsonArray *items = items_of (r);

    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, made[i].type);
        g_assert_cmpstr (json_object_get_string_member (item, "author_name"), ==, author);
        if (i < 2)
          g_assert_cmpstr (json_object_get_string_member (item, "customer_label"), ==, "Ueda Seiki");
        else
          g_assert_true (json_object_get_null_member (item, "customer_label"));
      }
  }
  {
    g_autofree char *review = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "/review", made[0].id);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", review, fixture->admin,
                                       "{\"decision\": \"reject\", \"reason\": \"Wrong number\"}", 200);
    JsonObject *event = api_stream_wait_event (leader, "approvals.changed", from_leader);
    JsonObject *event_data = json_object_get_object_member (event, "data");

    g_assert_cmpint (json_object_get_int_member (event_data, "id"), ==, made[0].id);
    g_assert_cmpstr (json_object_get_string_member (event_data, "state"), ==, "rejected");
  }
  /* Not a reviewer, another client: nothing (their streams got everything sent so far:
   * the admin's came after theirs would have). */
  spin (300);
  for (guint k = 0; k < agent2->messages->len; k++)
    g_assert_cmpstr (json_object_get_string_member (api_stream_message (agent2, k), "type"), !=, "approvals.changed");
  for (guint k = 0; k < acme->messages->len; k++)
    g_assert_cmpstr (json_object_get_string_member (api_stream_message (acme, k), "type"), !=, "approvals.changed");
  api_stream_close (leader);
  api_stream_close (admin);
  api_stream_close (agent2);
  api_stream_close (acme);
}

/* Roles and tenants over the endpoints of acting for an agent */

static const ApiEndpoint endpoints[] = {
  { "POST", "/api/v1/customers/reassign", "{\"ids\": [{C}], \"agent_id\": {B}, \"on_behalf_of\": {A}}", 403, 200, 200 },
  { "GET", "/api/v1/audit?user={A}", NULL, 403, 200, 200 },
  { "GET", "/api/v1/customer-appointments?agent={A}", NULL, 200, 200, 200 },
  { "GET", "/api/v1/contact-records?agent={A}", NULL, 200, 200, 200 },
};

/* A customer "Target" of 1001 ({C}, {A} is 1001) with an appointment; {B} is 1002. */
static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  label, NULL);
  guint n = 0;

  book (fixture, customer, fixture->api.agent_id);
  out[n++] = (ApiPlaceholder) { "{C}", customer };
  out[n++] = (ApiPlaceholder) { "{A}", fixture->api.agent_id };
  out[n++] = (ApiPlaceholder) { "{B}", fixture->agent2 };
  return n;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_assert_cmpint (owner_of (fixture, record_of (records, n_records, "{C}")), ==, fixture->api.agent_id);
  if (response->status == 200 && json_object_has_member (response->json, "items"))
    {
      JsonArray *items = items_of (response);

      for (guint i = 0; i < json_array_get_length (items); i++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "customer_id"), !=,
                         record_of (records, n_records, "{C}"));
    }
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
  wcc_test_guard_timeout (200);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/audit/reassign-customers", test_reassign_customers);
  ADD ("/audit/reassign-refused", test_reassign_refused);
  ADD ("/audit/appointments-on-behalf", test_appointments_on_behalf);
  ADD ("/audit/contact-records", test_contact_records);
  ADD ("/audit/read", test_audit_read);
  ADD ("/audit/approvals-events", test_approvals_events);
  ADD ("/audit/role-matrix", test_role_matrix);
  ADD ("/audit/tenant-isolation", test_tenant_isolation);
  return g_test_run ();
}
