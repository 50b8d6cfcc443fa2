/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-notifications.c: notifications over real HTTP (S13): made by the review of a
 * pop-up warning and of a do-not-call request (for the requester), by an appointment
 * reassigned to an agent; live to that user only; read one, read all, the unread count;
 * roles and tenants on every endpoint. (to-dos assigned: test-api-todos.c.) */
#include "wcc-store-appointments.h"
#include "wcc-store-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
unread (Fixture    *f,
        const char *token)
{
  g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/notifications/unread-count", token, NULL, 200);

  return json_object_get_int_member (r->json, "unread");
}

/* The notification of a "notification.created" event. */
static JsonObject *
event_notification (JsonObject *event)
{
  return json_object_get_object_member (json_object_get_object_member (event, "data"), "notification");
}

/* A warning approved and a do-not-call request rejected: the author (requester) gets two
 * notifications, live and in the list, about the customer; the reviewer and the others
 * none; reading one and then all brings the count down. */
static void
test_review_outcomes (Fixture *f, gconstpointer data)
{
  gint64 customer = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Tanaka Shoji", "03-5555-0001");
  g_autofree char *notes = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer);
  g_autofree char *requests = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", customer);
  ApiStream *agent = api_stream_open (&f->api, f->agent, "", NULL);
  ApiStream *other = api_stream_open (&f->api, f->t_agent2, "", NULL);
  g_autofree char *review = NULL;
  g_autofree char *read = NULL;
  gint64 note_id, request_id, first_id;
  JsonObject *event, *notification;
  guint mark;

  {
    g_autoptr(ApiResponse) r = expect (f, "POST", notes, f->agent, "{\"kind\": \"warning\", \"text\": \"Shouts\"}", 201);
    note_id = json_object_get_int_member (r->json, "id");
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", requests, f->agent,
                                       "{\"kind\": \"do_not_call\", \"number\": \"03-5555-0001\", \"reason\": \"Asked\"}",
                                       201);
    request_id = json_object_get_int_member (r->json, "id");
  }
  g_assert_cmpint (unread (f, f->agent), ==, 0);
  review = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", note_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->leader, "{\"decision\": \"approve\"}", 200);
  }
  event = api_stream_wait_event (agent, "notification.created", 0);
  notification = event_notification (event);
  first_id = json_object_get_int_member (notification, "id");
  g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "note.approved");
  g_assert_cmpstr (json_object_get_string_member (notification, "ref_type"), ==, "note");
  g_assert_cmpint (json_object_get_int_member (notification, "ref_id"), ==, note_id);
  g_assert_cmpint (json_object_get_int_member (notification, "customer_id"), ==, customer);
  g_assert_false (json_object_get_boolean_member (notification, "read"));
  g_assert_nonnull (strstr (json_object_get_string_member (notification, "body"), "Tanaka Shoji"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "unread"), ==, 1);

  mark = agent->messages->len;
  g_free (review);
  review = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "/review", request_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", review, f->admin,
                                       "{\"decision\": \"reject\", \"reason\": \"Still a customer\"}", 200);
  }
  event = api_stream_wait_event (agent, "notification.created", mark);
  notification = event_notification (event);
  g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "number_request.rejected");
  g_assert_cmpint (json_object_get_int_member (notification, "ref_id"), ==, request_id);
  g_assert_nonnull (strstr (json_object_get_string_member (notification, "body"), "Still a customer"));
  g_assert_cmpint (unread (f, f->agent), ==, 2);
  /* Nobody else was told: not the other agent of the group, not the reviewers. */
  g_assert_cmpint (unread (f, f->t_agent2), ==, 0);
  g_assert_cmpint (unread (f, f->leader), ==, 0);
  g_assert_cmpint (unread (f, f->admin), ==, 0);
  for (guint i = 0; i < other->messages->len; i++)
    g_assert_cmpstr (json_object_get_string_member (api_stream_message (other, i), "type"), !=,
                     "notification.created");
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/notifications?limit=1", f->agent, NULL, 200);
    g_autoptr(ApiResponse) rest = NULL;
    g_autofree char *next = NULL;

    /* Newest first, paged. */
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), 0), "kind"), ==,
                     "number_request.rejected");
    next = g_strdup_printf ("/api/v1/notifications?limit=1&after=%s", json_object_get_string_member (r->json, "next"));
    rest = expect (f, "GET", next, f->agent, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items_of (rest), 0), "id"), ==,
                     first_id);
    g_assert_true (json_object_get_null_member (rest->json, "next"));
  }
  read = g_strdup_printf ("/api/v1/notifications/%" G_GINT64_FORMAT "/read", first_id);
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", read, f->agent, NULL, 200);
    g_assert_true (json_object_get_boolean_member (r->json, "read"));
  }
  event = api_stream_wait_event (agent, "notification.read", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "unread"), ==, 1);
  g_assert_cmpint (unread (f, f->agent), ==, 1);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/notifications?unread=true", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
  }
  /* Reading it again changes nothing. */
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", read, f->agent, NULL, 200);
  }
  {
    g_autoptr(ApiResponse) r = expect (f, "POST", "/api/v1/notifications/read-all", f->agent, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "changed"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (r->json, "unread"), ==, 0);
  }
  g_assert_cmpint (unread (f, f->agent), ==, 0);
  {
    g_autoptr(ApiResponse) r = expect (f, "GET", "/api/v1/notifications", f->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
  }
  api_stream_close (agent);
  api_stream_close (other);
}

/* A leader moves 1001's appointment to 1002: 1002 is told, with the customer to open. */
static void
test_reassigned_appointment (Fixture *f, gconstpointer data)
{
  gint64 customer = add_customer (f, f->demo, f->package, f->task_a, f->api.agent_id, "Sato Trading", NULL);
  g_autoptr(GError) error = NULL;
  gint64 appointment = wcc_store_appointment_set (f->store, f->demo, customer, f->api.agent_id, 1900000000, &error);
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%" G_GINT64_FORMAT, appointment);
  g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT "}", f->agent2);
  ApiStream *agent2 = api_stream_open (&f->api, f->t_agent2, "", NULL);
  JsonObject *notification;

  g_assert_no_error (error);
  {
    g_autoptr(ApiResponse) r = expect (f, "PATCH", path, f->leader, body, 200);
  }
  notification = event_notification (api_stream_wait_event (agent2, "notification.created", 0));
  g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "appointment.assigned");
  g_assert_cmpstr (json_object_get_string_member (notification, "ref_type"), ==, "appointment");
  g_assert_cmpint (json_object_get_int_member (notification, "ref_id"), ==, appointment);
  g_assert_cmpint (json_object_get_int_member (notification, "customer_id"), ==, customer);
  g_assert_nonnull (strstr (json_object_get_string_member (notification, "body"), "Sato Trading"));
  g_assert_cmpint (unread (f, f->t_agent2), ==, 1);
  /* The agent it left is not notified. */
  g_assert_cmpint (unread (f, f->agent), ==, 0);
  api_stream_close (agent2);
}

/* A notification for a user other than one of the client is refused by the store. */
static void
test_store_scoping (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  WccStoreNotification notification = {
    .client_id = f->demo, .user_id = f->api.acme_agent_id, .kind = (char *) "test", .title = (char *) "x",
  };

  g_assert_cmpint (wcc_store_notification_add (f->store, &notification, &error), ==, 0);
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (f, "notifications"), ==, 0);
}

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/notifications", NULL, 200, 200, 200 },
  { "GET", "/api/v1/notifications/unread-count", NULL, 200, 200, 200 },
  { "POST", "/api/v1/notifications/read-all", NULL, 200, 200, 200 },
  /* {N} is 1001's: nobody else's, not even the admin's. */
  { "POST", "/api/v1/notifications/{N}/read", NULL, 200, 404, 404 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *title = g_strdup_printf ("Target %u", round);
  g_autoptr(GError) error = NULL;
  WccStoreNotification notification = {
    .client_id = fixture->demo, .user_id = fixture->api.agent_id, .kind = (char *) "test", .title = title,
  };
  gint64 id = wcc_store_notification_add (fixture->store, &notification, &error);

  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{N}", id };
  return 1;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(WccStoreNotification) notification = wcc_store_notification_find (fixture->store, fixture->demo,
                                                                              fixture->api.agent_id,
                                                                              records[0].value);

  g_assert_nonnull (notification);
  g_assert_cmpint (notification->read_at, ==, 0);
  if (response->status == 200 && json_object_has_member (response->json, "items"))
    g_assert_cmpuint (json_array_get_length (items_of (response)), ==, 0);
  if (response->status == 200 && json_object_has_member (response->json, "unread"))
    g_assert_cmpint (json_object_get_int_member (response->json, "unread"), ==, 0);
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
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/notifications/review-outcomes", test_review_outcomes);
  ADD ("/notifications/reassigned-appointment", test_reassigned_appointment);
  ADD ("/notifications/store-scoping", test_store_scoping);
  ADD ("/notifications/role-matrix", test_role_matrix);
  ADD ("/notifications/tenant-isolation", test_tenant_isolation);
  return g_test_run ();
}
