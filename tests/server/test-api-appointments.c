/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-appointments.c: customer appointments over real HTTP: rescheduling replaces
 * (C17), the contact record's next contact is the same appointment, my appointments today
 * in the caller's time zone or all (C23), the dashboard list where leaders reassign and
 * the date changes (D2), roles and tenants. */
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "wcc-store-appointments.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
book (Fixture *fixture,
      gint64   customer_id,
      gint64   agent_id,
      gint64   due_at)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_appointment_set (fixture->store, fixture->demo, customer_id, agent_id, due_at, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
due_of (ApiResponse *response)
{
  gint64 due = 0;

  g_assert_true (wcc_time_from_rfc3339 (json_object_get_string_member (response->json, "due_at"), &due));
  return due;
}

/* "/api/v1/@collection/@id@rest" */
static char *
path_for (const char *collection,
          gint64      id,
          const char *rest)
{
  return g_strdup_printf ("/api/v1/%s/%" G_GINT64_FORMAT "%s", collection, id, rest);
}

/* C17: quick times count from now; a new time replaces the old one (one appointment per
 * customer and agent); another agent has their own; bad times are refused. */
static void
test_reschedule_replaces (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Fujita Paper", NULL);
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  g_autofree char *all = path_for ("customers", customer, "/appointments");
  gint64 id, now = wcc_time_now ();

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"30m\"}", 200);
    id = json_object_get_int_member (r->json, "id");
    g_assert_cmpint (due_of (r), >=, now + 1800);
    g_assert_cmpint (due_of (r), <=, wcc_time_now () + 1800);
    g_assert_cmpstr (json_object_get_string_member (r->json, "customer_label"), ==, "Fujita Paper");
    g_assert_cmpint (json_object_get_int_member (r->json, "agent_id"), ==, fixture->api.agent_id);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"1d\"}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "id"), ==, id);
    g_assert_cmpint (json_object_get_int_member (r->json, "version"), ==, 2);
    /* Replaced, not added: a day from now, not a day and 30 minutes. */
    g_assert_cmpint (due_of (r), >=, now + 86400);
    g_assert_cmpint (due_of (r), <=, wcc_time_now () + 86400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"1w\"}", 200);
    g_assert_cmpint (due_of (r), >=, now + 7 * 86400);
    g_assert_cmpint (due_of (r), <=, wcc_time_now () + 7 * 86400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, "{\"at\": \"2031-04-01T09:30:00+09:00\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "due_at"), ==, "2031-04-01T00:30:00Z");
    g_assert_cmpint (json_object_get_int_member (r->json, "id"), ==, id);
  }
  g_assert_cmpint (count_rows (fixture, "customer_appointments"), ==, 1);
  {
    const char *bad[] = { "{}", "{\"quick\": \"2h\"}", "{\"at\": \"tomorrow\"}",
                          "{\"at\": \"2031-04-01T09:30:00Z\", \"quick\": \"1d\"}", "{\"when\": \"1d\"}",
                          "{\"quick\": 30}" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, bad[i], 400);
      }
  }
  /* The leader books their own with the same customer. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->leader, "{\"quick\": \"1d\"}", 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "agent_id"), ==, fixture->api.leader_id);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", all, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 2);
    g_assert_true (id_in (items_of (r), id));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (r), 1), "due_at"), ==,
                     "2031-04-01T00:30:00Z");
  }
  /* Removing is one's own: the leader's stays. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", mine, fixture->agent, NULL, 204);
    g_autoptr(ApiResponse) again = expect (fixture, "DELETE", mine, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) left = expect (fixture, "GET", all, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (left)), ==, 1);
    g_assert_false (id_in (items_of (left), id));
  }
}

/* Saving a contact record with a next contact sets the author's appointment, and a later
 * one moves that same appointment; a record without it leaves it. */
static void
test_contact_record_sets_appointment (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ogawa Steel", NULL);
  gint64 result = make_result (fixture, "Call back", "follow_up", "any");
  g_autofree char *records = path_for ("customers", customer, "/contact-records");
  g_autofree char *all = path_for ("customers", customer, "/appointments");
  const char *times[] = { "2030-05-01T01:00:00Z", "2030-05-03T06:00:00Z", NULL };
  gint64 id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *body = times[i]
        ? g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                           " \"next_contact_at\": \"%s\"}", result, times[i])
        : g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\"}", result);
      g_autoptr(ApiResponse) saved = expect (fixture, "POST", records, fixture->agent, body, 201);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", all, fixture->agent, NULL, 200);
      JsonObject *appointment;

      g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 1);
      appointment = json_array_get_object_element (items_of (r), 0);
      if (id == 0)
        id = json_object_get_int_member (appointment, "id");
      g_assert_cmpint (json_object_get_int_member (appointment, "id"), ==, id);
      g_assert_cmpint (json_object_get_int_member (appointment, "agent_id"), ==, fixture->api.agent_id);
      g_assert_cmpstr (json_object_get_string_member (appointment, "due_at"), ==, times[i] ? times[i] : times[1]);
    }
  g_assert_cmpint (count_rows (fixture, "customer_appointments"), ==, 1);
}

/* A customer appointment, or a contact record's next contact, is from now to ten years
 * ahead, as a ticket's: year 1, 9999, the epoch (which would read back as null) or eleven
 * years ahead are refused, and nothing is written. */
static void
test_time_range (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Range Ltd", NULL);
  gint64 result = make_result (fixture, "Call back", "follow_up", "any");
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  g_autofree char *records = path_for ("customers", customer, "/contact-records");
  g_autofree char *eleven_years = wcc_time_to_rfc3339 (wcc_time_now () + 11 * 366 * 86400);
  g_autofree char *nine_years = wcc_time_to_rfc3339 (wcc_time_now () + 9 * 366 * 86400);
  g_autofree char *now = wcc_time_to_rfc3339 (wcc_time_now ());
  const char *bad[] = { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
                        "2001-01-01T00:00:00Z", eleven_years };
  g_autofree char *appointment = NULL;
  gint64 records_before = count_rows (fixture, "contact_records");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *at = g_strdup_printf ("{\"at\": \"%s\"}", bad[i]);
      g_autofree char *record = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                                 " \"next_contact_at\": \"%s\"}", result, bad[i]);
      g_autoptr(ApiResponse) r1 = expect (fixture, "PUT", mine, fixture->agent, at, 400);
      g_autoptr(ApiResponse) r2 = expect (fixture, "POST", records, fixture->agent, record, 400);
      g_assert_cmpstr (api_error_code (r1), ==, "invalid_field");
      g_assert_cmpstr (api_error_code (r2), ==, "invalid_field");
    }
  g_assert_cmpint (count_rows (fixture, "contact_records"), ==, records_before);
  g_assert_cmpint (count_rows (fixture, "customer_appointments"), ==, 0);
  {
    g_autofree char *at = g_strdup_printf ("{\"at\": \"%s\"}", now);
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, at, 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "due_at"), ==, now);
    appointment = path_for ("appointments", json_object_get_int_member (r->json, "id"), "");
  }
  /* Moving it keeps to the same range. */
  {
    g_autofree char *far = g_strdup_printf ("{\"version\": 1, \"at\": \"%s\"}", eleven_years);
    g_autofree char *near = g_strdup_printf ("{\"version\": 1, \"at\": \"%s\"}", nine_years);
    g_autoptr(ApiResponse) r1 = expect (fixture, "PATCH", appointment, fixture->agent, far, 400);
    g_autoptr(ApiResponse) r2 = expect (fixture, "PATCH", appointment, fixture->agent, near, 200);
    g_assert_cmpstr (json_object_get_string_member (r2->json, "due_at"), ==, nine_years);
  }
  {
    g_autofree char *record = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                               " \"next_contact_at\": \"%s\"}", result, nine_years);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", records, fixture->agent, record, 201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "next_contact_at"), ==, nine_years);
  }
}

/* The local midnight of today in @tz plus @hours (may pass into other days). */
static gint64
local_time (GTimeZone *tz,
            int        day_offset,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_full (midnight, 0, 0, day_offset, hour, minute, 0);

  return g_date_time_to_unix (then);
}

/* C23: today's appointments in the caller's zone (?tz=), in time order; all of them with
 * ?when=all; never another agent's. */
static void
test_my_appointments_today_or_all (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
  /* A zone where it is around noon now, so that "today" holds the whole test. */
  int offset = 12 - g_date_time_get_hour (utc_now);
  g_autofree char *tz_name = g_strdup_printf ("%+03d:00", offset);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tz_name);
  g_autofree char *escaped = g_uri_escape_string (tz_name, NULL, FALSE);
  g_autofree char *today_path = g_strdup_printf ("/api/v1/appointments?tz=%s", escaped);
  g_autofree char *all_path = g_strdup_printf ("/api/v1/appointments?when=all&tz=%s", escaped);
  gint64 customers[5];
  gint64 morning, night, tomorrow, yesterday, others;

  g_assert_nonnull (tz);
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      customers[i] = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                   name, NULL);
    }
  night = book (fixture, customers[0], fixture->api.agent_id, local_time (tz, 0, 23, 30));
  morning = book (fixture, customers[1], fixture->api.agent_id, local_time (tz, 0, 0, 0));
  tomorrow = book (fixture, customers[2], fixture->api.agent_id, local_time (tz, 1, 0, 0));
  yesterday = book (fixture, customers[3], fixture->api.agent_id, local_time (tz, 0, 0, -1));
  others = book (fixture, customers[4], fixture->agent2, local_time (tz, 0, 10, 0));
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", today_path, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, morning);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "id"), ==, night);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", all_path, fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    g_assert_cmpuint (json_array_get_length (items), ==, 4);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, yesterday);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 3), "id"), ==, tomorrow);
    g_assert_false (id_in (items, others));
  }
  /* Paged by offset. */
  {
    g_autofree char *page = g_strdup_printf ("%s&limit=3", all_path);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", page, fixture->agent, NULL, 200);
    g_autofree char *rest = g_strdup_printf ("%s&limit=3&after=%s", all_path,
                                             json_object_get_string_member (r->json, "next"));
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", rest, fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 3);
    g_assert_cmpuint (json_array_get_length (items_of (r2)), ==, 1);
    g_assert_true (id_in (items_of (r2), tomorrow));
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/appointments", fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) named = expect (fixture, "GET", "/api/v1/appointments?tz=Asia/Tokyo", fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) bad_tz = expect (fixture, "GET", "/api/v1/appointments?tz=Mars/Olympus", fixture->agent,
                                            NULL, 400);
    g_autoptr(ApiResponse) bad_when = expect (fixture, "GET", "/api/v1/appointments?when=soon", fixture->agent,
                                              NULL, 400);
  }
}

/* ?tz= is a zone name, an offset or UTC, never a path: an absolute one, one climbing out
 * with "..", a file that is no zone (which GLib would warn about, fatal here) or a
 * directory of the zone database get 400 without the server opening them as zones. */
static void
test_time_zone_names (Fixture *fixture, gconstpointer data)
{
  const char *bad[] = {
    "/usr/share/zoneinfo/Asia/Tokyo", "../../../../usr/share/zoneinfo/Asia/Tokyo", "/etc/passwd",
    "Asia/../Asia/Tokyo", "Asia//Tokyo", "Asia/", "Asia", "leapseconds", "zone.tab", "", "+9", "+09:00:00",
    "Mars/Olympus",
  };
  const char *good[] = { "Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/GMT+9", "UTC", "+09:00", "-05:30" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *escaped = g_uri_escape_string (bad[i], NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/appointments?tz=%s", escaped);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 400);
      g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *escaped = g_uri_escape_string (good[i], NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/customer-appointments?tz=%s", escaped);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    }
  /* A FIFO in the zone directory: refused at once, where reading it would stop the server
   * (the test's timeout guard would fail it). */
  {
    g_autofree char *dir = g_dir_make_tmp ("wcc-tz-XXXXXX", NULL);
    g_autofree char *area = g_build_filename (dir, "Fifo", NULL);
    g_autofree char *fifo = g_build_filename (area, "Zone", NULL);

    g_assert_nonnull (dir);
    g_assert_cmpint (g_mkdir (area, 0700), ==, 0);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_setenv ("TZDIR", dir, TRUE);
    {
      g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/appointments?tz=Fifo/Zone", fixture->agent, NULL, 400);
    }
    g_unsetenv ("TZDIR");
    g_assert_cmpint (g_remove (fifo), ==, 0);
    g_assert_cmpint (g_rmdir (area), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

/* D2: a leader's dashboard holds their agents' appointments; the leader reassigns one to
 * another agent of their groups (who hears of it and may open the customer) and changes
 * dates; an agent or the admin cannot reassign; stale versions get 409. */
static void
test_dashboard_reassign (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Hayashi Glass", NULL);
  gint64 service_customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_b, fixture->agent3,
                                          "Service only", NULL);
  gint64 appointment = book (fixture, customer, fixture->api.agent_id, 1900000000);
  gint64 of_agent3 = book (fixture, service_customer, fixture->agent3, 1900000100);
  g_autofree char *path = path_for ("appointments", appointment, "");
  g_autofree char *customer_path = path_for ("customers", customer, "");
  g_autofree char *to_agent2 = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
  g_autofree char *to_agent3 = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT "}", fixture->agent3);
  const char *dashboard = "/api/v1/customer-appointments?when=all";
  ApiStream *stream = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);

  g_assert_nonnull (stream);
  {
    g_autoptr(ApiResponse) leader = expect (fixture, "GET", dashboard, fixture->leader, NULL, 200);
    g_autoptr(ApiResponse) agent = expect (fixture, "GET", dashboard, fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) agent3 = expect (fixture, "GET", dashboard, fixture->t_agent3, NULL, 200);
    g_autoptr(ApiResponse) admin = expect (fixture, "GET", dashboard, fixture->admin, NULL, 200);
    g_assert_true (id_in (items_of (leader), appointment));
    g_assert_false (id_in (items_of (leader), of_agent3));
    g_assert_true (id_in (items_of (agent), appointment));
    g_assert_false (id_in (items_of (agent3), appointment));
    g_assert_true (id_in (items_of (admin), appointment) && id_in (items_of (admin), of_agent3));
  }
  /* 1002 does not see the customer before. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", customer_path, fixture->t_agent2, NULL, 404);
  }
  {
    g_autoptr(ApiResponse) by_agent = expect (fixture, "PATCH", path, fixture->agent, to_agent2, 403);
    g_autoptr(ApiResponse) by_admin = expect (fixture, "PATCH", path, fixture->admin, to_agent2, 403);
    g_autoptr(ApiResponse) outside = expect (fixture, "PATCH", path, fixture->leader, to_agent3, 400);
    g_autoptr(ApiResponse) not_theirs = expect (fixture, "PATCH", path, fixture->t_agent3,
                                                "{\"version\": 1, \"quick\": \"1d\"}", 404);
  }
  {
    g_autoptr(WccStoreAppointment) kept = wcc_store_appointment_find (fixture->store, fixture->demo, appointment);
    g_assert_cmpint (kept->agent_id, ==, fixture->api.agent_id);
    g_assert_cmpint (kept->version, ==, 1);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader, to_agent2, 200);
    JsonObject *event = api_stream_wait_event (stream, "appointment.assigned", 0);
    JsonObject *event_data = json_object_get_object_member (event, "data");
    g_assert_cmpint (json_object_get_int_member (r->json, "agent_id"), ==, fixture->agent2);
    g_assert_cmpint (json_object_get_int_member (event_data, "id"), ==, appointment);
    g_assert_cmpint (json_object_get_int_member (event_data, "agent_id"), ==, fixture->agent2);
  }
  /* Now 1002's: they open the customer, it is in their lists; the owner is unchanged (C4). */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", customer_path, fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) mine = expect (fixture, "GET", "/api/v1/appointments?when=all", fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) old = expect (fixture, "GET", "/api/v1/appointments?when=all", fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (mine), appointment));
    g_assert_false (id_in (items_of (old), appointment));
    g_assert_cmpint (owner_of (fixture, customer), ==, fixture->api.agent_id);
  }
  /* The date: by the leader, then a stale version. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader,
                                       "{\"version\": 2, \"at\": \"2030-06-01T00:00:00Z\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (r->json, "due_at"), ==, "2030-06-01T00:00:00Z");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->t_agent2,
                                       "{\"version\": 2, \"quick\": \"1w\"}", 409);
    JsonObject *current = json_object_get_object_member (json_object_get_object_member (r->json, "error"), "current");
    g_assert_cmpstr (api_error_code (r), ==, "version_conflict");
    g_assert_cmpstr (json_object_get_string_member (current, "due_at"), ==, "2030-06-01T00:00:00Z");
  }
  /* Back to 1001, who meanwhile booked the customer again: one each, so 409. */
  book (fixture, customer, fixture->api.agent_id, 1900000200);
  {
    g_autofree char *back = g_strdup_printf ("{\"version\": 3, \"agent_id\": %" G_GINT64_FORMAT "}",
                                             fixture->api.agent_id);
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader, back, 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->leader, NULL, 204);
  }
  api_stream_close (stream);
}

/* The desktop follows appointments live: the agent hears "appointment.changed" when one
 * is booked or moved (by them, a contact record, or their leader), "appointment.removed"
 * when it is deleted or reassigned away; the new agent hears "appointment.assigned". */
static void
test_events (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Ishida Print", NULL);
  gint64 result = make_result (fixture, "Call back", "follow_up", "any");
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  g_autofree char *records = path_for ("customers", customer, "/contact-records");
  g_autofree char *record = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                             " \"next_contact_at\": \"2030-05-03T06:00:00Z\"}", result);
  g_autofree char *to_agent2 = g_strdup_printf ("{\"version\": 3, \"agent_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
  g_autofree char *path = NULL;
  ApiStream *agent = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  ApiStream *agent2 = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);
  JsonObject *event;
  gint64 id;
  guint seen = 0;

  g_assert_nonnull (agent);
  g_assert_nonnull (agent2);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"1d\"}", 200);
    id = json_object_get_int_member (r->json, "id");
  }
  path = path_for ("appointments", id, "");
  event = json_object_get_object_member (api_stream_wait_event (agent, "appointment.changed", seen), "data");
  g_assert_cmpint (json_object_get_int_member (event, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (event, "customer_label"), ==, "Ishida Print");
  seen = agent->messages->len;
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", records, fixture->agent, record, 201);
  }
  event = json_object_get_object_member (api_stream_wait_event (agent, "appointment.changed", seen), "data");
  g_assert_cmpstr (json_object_get_string_member (event, "due_at"), ==, "2030-05-03T06:00:00Z");
  seen = agent->messages->len;
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader,
                                       "{\"version\": 2, \"at\": \"2030-06-01T00:00:00Z\"}", 200);
  }
  event = json_object_get_object_member (api_stream_wait_event (agent, "appointment.changed", seen), "data");
  g_assert_cmpstr (json_object_get_string_member (event, "due_at"), ==, "2030-06-01T00:00:00Z");
  seen = agent->messages->len;
  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", path, fixture->leader, to_agent2, 200);
  }
  event = json_object_get_object_member (api_stream_wait_event (agent, "appointment.removed", seen), "data");
  g_assert_cmpint (json_object_get_int_member (event, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (event, "agent_id"), ==, fixture->api.agent_id);
  api_stream_wait_event (agent2, "appointment.assigned", 0);
  seen = agent2->messages->len;
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", path, fixture->leader, NULL, 204);
  }
  event = json_object_get_object_member (api_stream_wait_event (agent2, "appointment.removed", seen), "data");
  g_assert_cmpint (json_object_get_int_member (event, "agent_id"), ==, fixture->agent2);
  api_stream_close (agent);
  api_stream_close (agent2);
}

/* POST /api/v1/customers/assign: the admin moves @customer into @task. */
static void
assign_to_task (Fixture *fixture,
                gint64   customer,
                gint64   task)
{
  g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"task_id\": %" G_GINT64_FORMAT "}",
                                           customer, task);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/assign", fixture->admin, body, 200);

  g_assert_true (id_in (json_object_get_array_member (r->json, "moved"), customer));
}

/* A ticket 1001 writes on @customer and books an appointment on (D3); its id. */
static gint64
make_ticket_with_appointment (Fixture    *fixture,
                              gint64      customer,
                              const char *title)
{
  g_autofree char *tickets = path_for ("customers", customer, "/tickets");
  g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\"}", title);
  g_autoptr(ApiResponse) made = expect (fixture, "POST", tickets, fixture->agent, body, 201);
  gint64 ticket = json_object_get_int_member (made->json, "id");
  g_autofree char *appointment = path_for ("tickets", ticket, "/appointment");
  g_autoptr(ApiResponse) booked = expect (fixture, "PUT", appointment, fixture->agent, "{\"quick\": \"1d\"}", 200);

  return ticket;
}

/* An appointment lets its agent open the customer, but not once the customer has left
 * them: released to the pool, it keeps no appointment, so moving it on to a task of
 * another group leaves the old owner nothing to see it by; their ticket appointment on it
 * leaves their dashboard (D3). */
static void
test_release_drops_appointments (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Released Ltd", NULL);
  g_autofree char *path = path_for ("customers", customer, "");
  g_autofree char *notes = path_for ("customers", customer, "/notes");
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  g_autofree char *release = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer);
  gint64 ticket = make_ticket_with_appointment (fixture, customer, "Invoice");

  {
    g_autoptr(ApiResponse) booked = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"1d\"}", 200);
    g_autoptr(ApiResponse) by_leader = expect (fixture, "PUT", mine, fixture->leader, "{\"quick\": \"1w\"}", 200);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/customers/release", fixture->agent, release, 200);
    g_assert_true (id_in (json_object_get_array_member (r->json, "released"), customer));
  }
  {
    g_autoptr(GPtrArray) left = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo, customer);
    g_assert_cmpuint (left->len, ==, 0);
  }
  assign_to_task (fixture, customer, fixture->task_b);
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", path, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", notes, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) r3 = expect (fixture, "GET", "/api/v1/appointments?when=all", fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) r4 = expect (fixture, "GET", "/api/v1/ticket-appointments", fixture->agent, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r3)), ==, 0);
    g_assert_false (id_in (items_of (r4), ticket));
  }
}

/* An appointment booked on a customer of the pool goes when another agent grabs it: the
 * booker no longer sees the customer; the grabber's own stays. */
static void
test_grab_drops_others_appointments (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, 0,
                                  "Pooled Ltd", NULL);
  g_autofree char *path = path_for ("customers", customer, "");
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  g_autofree char *grab_path = path_for ("tasks", fixture->task_a, "/pool/grab");
  g_autofree char *grab = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer);

  {
    g_autoptr(ApiResponse) booked = expect (fixture, "PUT", mine, fixture->agent, "{\"quick\": \"1d\"}", 200);
    g_autoptr(ApiResponse) own = expect (fixture, "PUT", mine, fixture->t_agent2, "{\"quick\": \"1w\"}", 200);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", grab_path, fixture->t_agent2, grab, 200);
    g_assert_true (id_in (json_object_get_array_member (r->json, "grabbed"), customer));
  }
  {
    g_autoptr(GPtrArray) left = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo, customer);
    g_autoptr(ApiResponse) gone = expect (fixture, "GET", path, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) kept = expect (fixture, "GET", path, fixture->t_agent2, NULL, 200);

    g_assert_cmpuint (left->len, ==, 1);
  }
}

/* A move that gives the customer another owner takes the appointments of those who lose
 * it (the old owner, and an agent a leader had reassigned one to); a move that keeps the
 * owner keeps them all. The old owner's ticket appointments on it leave their dashboard
 * (D3) with the customer, though the ticket keeps the time. */
static void
test_move_to_other_owner_drops_appointments (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Moved Ltd", NULL);
  gint64 task_sales = add_task (fixture, fixture->demo, fixture->package, "Autumn campaign", fixture->sales);
  gint64 reassigned = book (fixture, customer, fixture->api.agent_id, 1900000000);
  g_autofree char *path = path_for ("customers", customer, "");
  g_autofree char *notes = path_for ("customers", customer, "/notes");
  g_autofree char *to_agent2 = g_strdup_printf ("{\"version\": 1, \"agent_id\": %" G_GINT64_FORMAT "}",
                                                fixture->agent2);
  g_autofree char *reassign = path_for ("appointments", reassigned, "");
  const char *dashboard = "/api/v1/ticket-appointments";
  gint64 own, ticket;

  {
    g_autoptr(ApiResponse) r = expect (fixture, "PATCH", reassign, fixture->leader, to_agent2, 200);
  }
  own = book (fixture, customer, fixture->api.agent_id, 1900000100);
  ticket = make_ticket_with_appointment (fixture, customer, "Delivery");
  {
    g_autoptr(ApiResponse) listed = expect (fixture, "GET", dashboard, fixture->agent, NULL, 200);
    g_assert_true (id_in (items_of (listed), ticket));
  }
  /* Into another task of Sales: 1001 stays the owner, every appointment stays. */
  assign_to_task (fixture, customer, task_sales);
  g_assert_cmpint (owner_of (fixture, customer), ==, fixture->api.agent_id);
  {
    g_autoptr(GPtrArray) left = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo, customer);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 200);
    g_assert_cmpuint (left->len, ==, 2);
  }
  /* Into Service's task: 1003 owns it now, 1001 and 1002 lose it. */
  assign_to_task (fixture, customer, fixture->task_b);
  g_assert_cmpint (owner_of (fixture, customer), ==, fixture->agent3);
  {
    g_autoptr(GPtrArray) left = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo, customer);
    g_assert_cmpuint (left->len, ==, 0);
    g_assert_null (wcc_store_appointment_find (fixture->store, fixture->demo, own));
  }
  {
    g_autoptr(ApiResponse) r1 = expect (fixture, "GET", path, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) r2 = expect (fixture, "GET", notes, fixture->agent, NULL, 404);
    g_autoptr(ApiResponse) r3 = expect (fixture, "GET", path, fixture->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) r4 = expect (fixture, "GET", path, fixture->t_agent3, NULL, 200);
    g_autoptr(ApiResponse) listed = expect (fixture, "GET", dashboard, fixture->agent, NULL, 200);
    g_assert_false (id_in (items_of (listed), ticket));
  }
}

/* Roles and tenants over every endpoint of this file */

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/customers/{C}/appointments", NULL, 200, 200, 200 },
  { "PUT", "/api/v1/customers/{C}/appointment", "{\"quick\": \"1d\"}", 200, 200, 200 },
  /* The agent and the leader have one with the customer, the admin none. */
  { "DELETE", "/api/v1/customers/{C}/appointment", NULL, 204, 204, 404 },
  { "GET", "/api/v1/appointments?when=all", NULL, 200, 200, 200 },
  { "GET", "/api/v1/customer-appointments?when=all", NULL, 200, 200, 200 },
  { "PATCH", "/api/v1/appointments/{A}", "{\"version\": 1, \"quick\": \"1w\"}", 200, 200, 200 },
  { "PATCH", "/api/v1/appointments/{A}", "{\"version\": 1, \"agent_id\": {B}}", 403, 200, 403 },
  { "DELETE", "/api/v1/appointments/{A}", NULL, 204, 204, 204 },
};

/* A customer of 1001 with appointments of 1001 ({A}) and of the leader; {B} is 1002. */
static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autofree char *label = g_strdup_printf ("Target %u", round);
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  label, NULL);
  guint n = 0;

  out[n++] = (ApiPlaceholder) { "{C}", customer };
  out[n++] = (ApiPlaceholder) { "{A}", book (fixture, customer, fixture->api.agent_id, 1900000000) };
  out[n++] = (ApiPlaceholder) { "{L}", book (fixture, customer, fixture->api.leader_id, 1900000000) };
  out[n++] = (ApiPlaceholder) { "{B}", fixture->agent2 };
  return n;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(GPtrArray) appointments = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo,
                                                                               records[0].value);

  g_assert_cmpuint (appointments->len, ==, 2);
  for (guint i = 0; i < appointments->len; i++)
    {
      WccStoreAppointment *appointment = g_ptr_array_index (appointments, i);
      g_assert_cmpint (appointment->version, ==, 1);
      g_assert_cmpint (appointment->due_at, ==, 1900000000);
    }
  /* acme's lists hold none of demo's. */
  if (response->status == 200 && json_object_has_member (response->json, "items"))
    g_assert_cmpuint (json_array_get_length (items_of (response)), ==, 0);
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

/* A retried booking with one Idempotency-Key is applied once: the version moves once. */
static void
test_idempotent_retry (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Retry Ltd", NULL);
  g_autofree char *mine = path_for ("customers", customer, "/appointment");
  const char *body = "{\"quick\": \"1d\"}";
  g_autoptr(GPtrArray) appointments = NULL;

  expect_retried_once (fixture, "PUT", mine, fixture->agent, body, "book-1", 200);
  appointments = wcc_store_appointment_list_for_customer (fixture->store, fixture->demo, customer);
  g_assert_cmpuint (appointments->len, ==, 1);
  g_assert_cmpint (((WccStoreAppointment *) g_ptr_array_index (appointments, 0))->version, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (300);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/appointments/reschedule-replaces", test_reschedule_replaces);
  ADD ("/appointments/contact-record-sets-appointment", test_contact_record_sets_appointment);
  ADD ("/appointments/time-range", test_time_range);
  ADD ("/appointments/mine-today-or-all", test_my_appointments_today_or_all);
  ADD ("/appointments/time-zone-names", test_time_zone_names);
  ADD ("/appointments/dashboard-reassign", test_dashboard_reassign);
  ADD ("/appointments/events", test_events);
  ADD ("/appointments/release-drops-appointments", test_release_drops_appointments);
  ADD ("/appointments/grab-drops-others-appointments", test_grab_drops_others_appointments);
  ADD ("/appointments/move-to-other-owner-drops-appointments", test_move_to_other_owner_drops_appointments);
  ADD ("/appointments/idempotent-retry", test_idempotent_retry);
  ADD ("/appointments/roles/matrix", test_role_matrix);
  ADD ("/appointments/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
