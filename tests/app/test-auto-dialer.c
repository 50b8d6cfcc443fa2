/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-auto-dialer.c: the auto-dial controller (C25) without widgets, against a real demo
 * server for the do-not-call state and with a dial function that records the calls: the
 * customers in order, one call at a time (the next waits for the end of the last), the
 * countdown between calls, pause and resume during a countdown, skip, a number with an
 * approved do-not-call request left out, a dial that shows no call, a call of the agent's
 * own during the countdown, the dialer dropped while it reads the do-not-call state. */
#define G_LOG_DOMAIN "test-auto-dialer"

#include "wcc-auto-dialer.h"
#include "wcc-test-ui.h"

typedef struct {
  WccAutoDialer *dialer;
  GPtrArray     *dialled;    /* "customer id number" */
} Fixture;

static gboolean
record_dial (gint64       customer_id,
             const char  *number,
             gpointer     user_data,
             GError     **error)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->dialled, g_strdup_printf ("%lld %s", (long long) customer_id, number));
  /* What the softphone's current call does: the dialer now waits for its end. */
  wcc_auto_dialer_set_in_call (fixture->dialer, TRUE);
  return TRUE;
}

static gboolean
dialled_count (gpointer data)
{
  Fixture *fixture = data;
  return fixture->dialled->len == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->dialer), "wanted"));
}

static void
wait_for_dials (Fixture *fixture,
                guint    count)
{
  g_object_set_data (G_OBJECT (fixture->dialer), "wanted", GUINT_TO_POINTER (count));
  wait_until (dialled_count, fixture, 15000);
}

static gboolean
in_state (gpointer data)
{
  WccAutoDialer *dialer = data;
  return (int) wcc_auto_dialer_get_state (dialer) == GPOINTER_TO_INT (g_object_get_data (data, "state"));
}

static void
wait_for_state (WccAutoDialer    *dialer,
                WccAutoDialState  state)
{
  g_object_set_data (G_OBJECT (dialer), "state", GINT_TO_POINTER (state));
  wait_until (in_state, dialer, 15000);
}

static const char *
first_number (JsonObject *customer)
{
  JsonArray *phones = json_object_get_array_member (customer, "phones");
  return json_object_get_string_member (json_array_get_object_element (phones, 0), "number");
}

static void
test_order_pause_skip_dnc (void)
{
  WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  g_autoptr(WccClient) agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  g_autoptr(WccClient) leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  g_autoptr(JsonObject) list = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=50", NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  g_autoptr(GListStore) customers = g_list_store_new (WCC_TYPE_RECORD);
  JsonObject *chosen[4] = { NULL };
  Fixture fixture = { NULL, g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *expected = NULL;
  guint found = 0;

  wcc_test_guard_timeout (120);
  /* Four customers with one number each: called, skipped, do-not-call, called. */
  for (guint i = 0; i < json_array_get_length (items) && found < 4; i++)
    {
      JsonObject *customer = json_array_get_object_element (items, i);

      if (json_array_get_length (json_object_get_array_member (customer, "phones")) == 1)
        {
          g_autoptr(WccRecord) record = wcc_record_new (customer);

          chosen[found++] = customer;
          g_list_store_append (customers, record);
        }
    }
  g_assert_cmpuint (found, ==, 4);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%lld/number-requests",
                                             (long long) json_object_get_int_member (chosen[2], "id"));
    g_autofree char *body = g_strdup_printf ("{\"kind\": \"do_not_call\", \"number\": \"%s\", \"reason\": \"Asked not to be called\"}",
                                             first_number (chosen[2]));
    g_autoptr(JsonObject) request = http_json (agent, "POST", path, body, 201);
    g_autofree char *review = g_strdup_printf ("/api/v1/number-requests/%lld/review",
                                               (long long) json_object_get_int_member (request, "id"));

    json_object_unref (http_json (leader, "POST", review, "{\"decision\": \"approve\"}", 200));
  }

  fixture.dialer = wcc_auto_dialer_new (agent);
  wcc_auto_dialer_set_dial_func (fixture.dialer, record_dial, &fixture, NULL);
  wcc_auto_dialer_set_customers (fixture.dialer, G_LIST_MODEL (customers));
  wcc_auto_dialer_set_delay (fixture.dialer, 2);
  wcc_auto_dialer_start (fixture.dialer);

  /* The first customer; the next waits for the end of the call, however long. */
  wait_for_dials (&fixture, 1);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_CALLING);
  g_assert_cmpint (wcc_auto_dialer_get_current (fixture.dialer), ==, 0);
  expected = g_strdup_printf ("%lld %s", (long long) json_object_get_int_member (chosen[0], "id"), first_number (chosen[0]));
  g_assert_cmpstr (g_ptr_array_index (fixture.dialled, 0), ==, expected);
  /* The agent skips the second one meanwhile. */
  wcc_auto_dialer_skip (fixture.dialer);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 1), ==, WCC_AUTO_DIAL_ITEM_SKIPPED);
  settle (2500);
  g_assert_cmpuint (fixture.dialled->len, ==, 1);

  /* The call ends: the countdown; paused in it, nothing is dialled. */
  wcc_auto_dialer_set_in_call (fixture.dialer, FALSE);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_COUNTDOWN);
  g_assert_cmpuint (wcc_auto_dialer_get_remaining (fixture.dialer), ==, 2);
  wcc_auto_dialer_add_time (fixture.dialer, 1);
  g_assert_cmpuint (wcc_auto_dialer_get_remaining (fixture.dialer), ==, 3);
  wcc_auto_dialer_pause (fixture.dialer);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_PAUSED);
  settle (4000);
  g_assert_cmpuint (fixture.dialled->len, ==, 1);
  g_assert_cmpuint (wcc_auto_dialer_get_remaining (fixture.dialer), ==, 3);

  /* Resumed: the third has an approved do-not-call request and is left out; the fourth
   * is called. */
  wcc_auto_dialer_resume (fixture.dialer);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_COUNTDOWN);
  wait_for_dials (&fixture, 2);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 2), ==, WCC_AUTO_DIAL_ITEM_DO_NOT_CALL);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%lld %s", (long long) json_object_get_int_member (chosen[3], "id"), first_number (chosen[3]));
  g_assert_cmpstr (g_ptr_array_index (fixture.dialled, 1), ==, expected);
  g_assert_cmpint (wcc_auto_dialer_get_current (fixture.dialer), ==, 3);

  /* The last call ends: finished after the countdown. */
  wcc_auto_dialer_set_in_call (fixture.dialer, FALSE);
  wait_for_state (fixture.dialer, WCC_AUTO_DIAL_FINISHED);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 0), ==, WCC_AUTO_DIAL_ITEM_CALLED);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 3), ==, WCC_AUTO_DIAL_ITEM_CALLED);
  g_assert_cmpuint (fixture.dialled->len, ==, 2);

  g_clear_object (&fixture.dialer);
  g_ptr_array_unref (fixture.dialled);
  wcc_test_server_stop (server);
}

/* The first @count customers of the agent, as the auto-dial window gives them. */
static GListStore *
first_own_customers (WccClient *agent,
                     guint      count)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers?owner=me&limit=%u", count);
  g_autoptr(JsonObject) list = http_json (agent, "GET", path, NULL, 200);
  JsonArray *items = json_object_get_array_member (list, "items");
  GListStore *customers = g_list_store_new (WCC_TYPE_RECORD);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autoptr(WccRecord) record = wcc_record_new (json_array_get_object_element (items, i));
      g_list_store_append (customers, record);
    }
  return customers;
}

/* A dial that starts no call (the softphone refused it) does not stop the list. */
static gboolean
refuse_dial (gint64       customer_id,
             const char  *number,
             gpointer     user_data,
             GError     **error)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->dialled, g_strdup (number));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No phone");
  return FALSE;
}

static void
count_error (WccAutoDialer *dialer,
             const char    *message,
             guint         *count)
{
  (*count)++;
}

static void
test_failed_dial_goes_on (void)
{
  WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  g_autoptr(WccClient) agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  g_autoptr(GListStore) customers = first_own_customers (agent, 2);
  Fixture fixture = { NULL, g_ptr_array_new_with_free_func (g_free) };
  guint errors = 0;

  wcc_test_guard_timeout (60);
  fixture.dialer = wcc_auto_dialer_new (agent);
  wcc_auto_dialer_set_dial_func (fixture.dialer, refuse_dial, &fixture, NULL);
  wcc_auto_dialer_set_customers (fixture.dialer, G_LIST_MODEL (customers));
  wcc_auto_dialer_set_delay (fixture.dialer, 0);
  g_signal_connect (fixture.dialer, "error", G_CALLBACK (count_error), &errors);
  wcc_auto_dialer_start (fixture.dialer);
  wait_for_state (fixture.dialer, WCC_AUTO_DIAL_FINISHED);
  g_assert_cmpuint (fixture.dialled->len, ==, 2);
  g_assert_cmpuint (errors, ==, 2);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 0), ==, WCC_AUTO_DIAL_ITEM_FAILED);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 1), ==, WCC_AUTO_DIAL_ITEM_FAILED);

  g_clear_object (&fixture.dialer);
  g_ptr_array_unref (fixture.dialled);
  wcc_test_server_stop (server);
}

/* A dial that shows no call in time counts as failed; a call the agent gets during the
 * countdown is waited for before the next customer is dialled. */
static gboolean
silent_dial (gint64       customer_id,
             const char  *number,
             gpointer     user_data,
             GError     **error)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->dialled, g_strdup (number));
  return TRUE;
}

static void
test_silent_dial_and_other_call (void)
{
  WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  g_autoptr(WccClient) agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  g_autoptr(GListStore) customers = first_own_customers (agent, 2);
  Fixture fixture = { NULL, g_ptr_array_new_with_free_func (g_free) };
  guint errors = 0;
  gint64 started;

  wcc_test_guard_timeout (60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), ==, 2);
  fixture.dialer = wcc_auto_dialer_new (agent);
  wcc_auto_dialer_set_dial_func (fixture.dialer, silent_dial, &fixture, NULL);
  wcc_auto_dialer_set_customers (fixture.dialer, G_LIST_MODEL (customers));
  wcc_auto_dialer_set_delay (fixture.dialer, 1);
  g_object_set (fixture.dialer, "start-wait", 2, NULL);
  g_signal_connect (fixture.dialer, "error", G_CALLBACK (count_error), &errors);
  wcc_auto_dialer_start (fixture.dialer);

  /* The dial showed no call: still calling for the start wait, then failed. */
  wait_for_dials (&fixture, 1);
  started = g_get_monotonic_time ();
  settle (1000);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_CALLING);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 0), ==, WCC_AUTO_DIAL_ITEM_CALLED);
  wait_for_state (fixture.dialer, WCC_AUTO_DIAL_COUNTDOWN);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 900 * 1000);
  g_assert_cmpint (wcc_auto_dialer_get_item_state (fixture.dialer, 0), ==, WCC_AUTO_DIAL_ITEM_FAILED);
  g_assert_cmpuint (errors, ==, 1);

  /* A call comes in during the countdown: at its end nobody is dialled until it is over. */
  wcc_auto_dialer_set_in_call (fixture.dialer, TRUE);
  settle (2500);
  g_assert_cmpuint (fixture.dialled->len, ==, 1);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_CALLING);
  g_assert_cmpint (wcc_auto_dialer_get_current (fixture.dialer), ==, -1);
  g_assert_cmpuint (wcc_auto_dialer_get_next (fixture.dialer), ==, 1);
  wcc_auto_dialer_set_in_call (fixture.dialer, FALSE);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_COUNTDOWN);
  wait_for_dials (&fixture, 2);
  g_assert_cmpint (wcc_auto_dialer_get_current (fixture.dialer), ==, 1);

  g_clear_object (&fixture.dialer);
  g_ptr_array_unref (fixture.dialled);
  wcc_test_server_stop (server);
}

/* The auto-dial window closed while the do-not-call state is read: the dialer goes first,
 * and the read's cancelled answer must not touch it (run under valgrind to see the
 * difference). */
static void
test_dropped_while_checking (void)
{
  WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  g_autoptr(WccClient) agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  g_autoptr(GListStore) customers = first_own_customers (agent, 2);
  Fixture fixture = { NULL, g_ptr_array_new_with_free_func (g_free) };

  wcc_test_guard_timeout (60);
  fixture.dialer = wcc_auto_dialer_new (agent);
  wcc_auto_dialer_set_dial_func (fixture.dialer, record_dial, &fixture, NULL);
  wcc_auto_dialer_set_customers (fixture.dialer, G_LIST_MODEL (customers));
  wcc_auto_dialer_start (fixture.dialer);
  g_assert_cmpint (wcc_auto_dialer_get_state (fixture.dialer), ==, WCC_AUTO_DIAL_CHECKING);
  g_clear_object (&fixture.dialer);
  settle (1000);
  g_assert_cmpuint (fixture.dialled->len, ==, 0);

  g_ptr_array_unref (fixture.dialled);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auto-dialer/order-pause-skip-dnc", test_order_pause_skip_dnc);
  g_test_add_func ("/auto-dialer/failed-dial-goes-on", test_failed_dial_goes_on);
  g_test_add_func ("/auto-dialer/silent-dial-and-other-call", test_silent_dial_and_other_call);
  g_test_add_func ("/auto-dialer/dropped-while-checking", test_dropped_while_checking);

  return g_test_run ();
}
