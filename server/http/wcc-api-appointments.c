/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-appointments.c: customer appointments over the API: book, move or remove one's
 * own (C17), my appointments today or all (C23), the dashboard's list where leaders
 * reassign and anyone in charge changes the date (D2). */
#define G_LOG_DOMAIN "wcc-api-appointments"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wcc-http-private.h"
#include "wcc-store-appointments.h"

static JsonObject *
appointment_to_json (WccStore            *store,
                     WccStoreAppointment *appointment)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (store, appointment->client_id,
                                                                  appointment->customer_id);
  g_autofree char *label = customer ? wcc_api_customer_tab_label (customer) : g_strdup ("");
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", appointment->id);
  json_object_set_int_member (object, "customer_id", appointment->customer_id);
  json_object_set_string_member (object, "customer_label", label);
  json_object_set_int_member (object, "agent_id", appointment->agent_id);
  wcc_json_set_time_or_null (object, "due_at", appointment->due_at);
  json_object_set_int_member (object, "version", appointment->version);
  wcc_json_set_time_or_null (object, "created_at", appointment->created_at);
  wcc_json_set_time_or_null (object, "updated_at", appointment->updated_at);
  return object;
}

static JsonArray *
appointments_to_json (WccRequest *request,
                      GPtrArray  *appointments,
                      guint       limit)
{
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < appointments->len && i < limit; i++)
    json_array_add_object_element (items, appointment_to_json (request->store, g_ptr_array_index (appointments, i)));
  return items;
}

/* "appointment.changed" (data: Appointment) to the appointment's agent: their desktop's
 * dashboard and reminders follow a booking or a move made anywhere. */
void
wcc_api_publish_appointment_changed (WccRequest *request,
                                     gint64      appointment_id)
{
  g_autoptr(WccStoreAppointment) appointment = wcc_store_appointment_find (request->store, request->user->client_id,
                                                                           appointment_id);
  JsonNode *data;

  if (appointment == NULL)
    return;
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (data, appointment_to_json (request->store, appointment));
  wcc_event_hub_publish (request->hub, request->user->client_id, appointment->agent_id, "appointment.changed", data);
}

/* The same for @agent_id's appointment with @customer_id (booked by a contact record). */
void
wcc_api_publish_customer_appointment_changed (WccRequest *request,
                                              gint64      customer_id,
                                              gint64      agent_id)
{
  g_autoptr(GPtrArray) appointments = wcc_store_appointment_list_for_customer (request->store,
                                                                               request->user->client_id,
                                                                               customer_id);

  for (guint i = 0; i < appointments->len; i++)
    {
      WccStoreAppointment *appointment = g_ptr_array_index (appointments, i);

      if (appointment->agent_id == agent_id)
        wcc_api_publish_appointment_changed (request, appointment->id);
    }
}

/* "appointment.removed" (data: {"id", "customer_id", "agent_id"}) to the agent who no
 * longer has it (deleted, or reassigned to someone else). */
static void
publish_appointment_removed (WccRequest                *request,
                             const WccStoreAppointment *appointment,
                             gint64                     agent_id)
{
  JsonObject *object = json_object_new ();
  JsonNode *data = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "id", appointment->id);
  json_object_set_int_member (object, "customer_id", appointment->customer_id);
  json_object_set_int_member (object, "agent_id", agent_id);
  json_node_take_object (data, object);
  wcc_event_hub_publish (request->hub, request->user->client_id, agent_id, "appointment.removed", data);
}

static void
reply_appointment (WccRequest *request,
                   gint64      appointment_id)
{
  g_autoptr(WccStoreAppointment) appointment = wcc_store_appointment_find (request->store, request->user->client_id,
                                                                           appointment_id);

  wcc_reply_object (request, SOUP_STATUS_OK, appointment_to_json (request->store, appointment));
}

/* The time of an appointment: "at" (RFC 3339, from now to ten years ahead) or "quick"
 * (30m, 1d, 1w from now), one of them; neither leaves *@out (FALSE with an error when
 * @required). */
static gboolean
read_due_at (WccRequest  *request,
             JsonObject  *body,
             gboolean     required,
             gint64      *out,
             GError     **error)
{
  const char *at = NULL, *quick = NULL;

  if (!wcc_json_get_string (body, "at", FALSE, &at, error) ||
      !wcc_json_get_string (body, "quick", FALSE, &quick, error))
    return FALSE;
  if ((at != NULL && quick != NULL) || (required && at == NULL && quick == NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("Give the time as either “at” or “quick”"));
      return FALSE;
    }
  return (at == NULL && quick == NULL) || wcc_api_appointment_time (request, "at", at, quick, out, error);
}

/* C17: the caller's appointment with the customer of the path */

void
wcc_api_customer_appointments_list (WccRequest *request)
{
  g_autoptr(GPtrArray) appointments = NULL;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  appointments = wcc_store_appointment_list_for_customer (request->store, request->user->client_id, request->id);
  wcc_reply_items (request, appointments_to_json (request, appointments, G_MAXUINT));
}

void
wcc_api_customer_appointment_put (WccRequest *request)
{
  static const char *allowed[] = { "at", "quick", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 due_at = 0, id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !read_due_at (request, body, TRUE, &due_at, &error) ||
      (id = wcc_store_appointment_set (request->store, request->user->client_id, request->id, request->user->id,
                                       due_at, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_api_publish_appointment_changed (request, id);
  reply_appointment (request, id);
}

void
wcc_api_customer_appointment_delete (WccRequest *request)
{
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  appointments = wcc_store_appointment_list_for_customer (request->store, request->user->client_id, request->id);
  for (guint i = 0; i < appointments->len; i++)
    {
      WccStoreAppointment *appointment = g_ptr_array_index (appointments, i);

      if (appointment->agent_id != request->user->id)
        continue;
      if (wcc_store_appointment_delete (request->store, request->user->client_id, appointment->id, &error))
        {
          publish_appointment_removed (request, appointment, appointment->agent_id);
          wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
        }
      else
        wcc_reply_gerror (request, error);
      return;
    }
  wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("You have no appointment with this customer"));
}

/* Lists (C23, D2) */

/* An IANA zone name (Asia/Tokyo, Etc/GMT+9): ^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$,
 * so neither absolute nor climbing out with "..". */
static gboolean
is_zone_name (const char *name)
{
  if (!g_ascii_isalpha (*name) || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '/' && (p[1] == '\0' || p[1] == '/'))
        return FALSE;
      if (*p != '/' && !g_ascii_isalnum (*p) && strchr ("_+-", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A UTC offset: +HH:MM or -HH:MM. */
static gboolean
is_zone_offset (const char *name)
{
  return strlen (name) == 6 && (name[0] == '+' || name[0] == '-') && g_ascii_isdigit (name[1]) &&
         g_ascii_isdigit (name[2]) && name[3] == ':' && g_ascii_isdigit (name[4]) && g_ascii_isdigit (name[5]);
}

/* A zone name that names something in the zone directory must be a zone file: GLib warns
 * on any other file (leapseconds) and would wait forever on a FIFO. Opened without
 * blocking, and only its first bytes are read. A name that is no file (JST-9) is left to
 * GLib, which reads it as a POSIX TZ rule or refuses it. */
static gboolean
zone_file_is_usable (const char *name)
{
  const char *dir = g_getenv ("TZDIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "/usr/share/zoneinfo", name, NULL);
  char magic[4];
  GStatBuf st;
  gboolean usable;
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);

  if (fd < 0)
    return errno == ENOENT || errno == ENOTDIR;
  usable = fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && read (fd, magic, sizeof magic) == sizeof magic &&
           memcmp (magic, "TZif", sizeof magic) == 0;
  g_close (fd, NULL);
  return usable;
}

/* ?tz=: "UTC", an offset or an IANA name; NULL for anything else. GLib would open any
 * path it is given (/etc/passwd, ../../x, a FIFO), so the name is checked first. */
static GTimeZone *
time_zone_from_query (const char *name)
{
  if (g_str_equal (name, "UTC"))
    return g_time_zone_new_utc ();
  if (!is_zone_offset (name) && !(is_zone_name (name) && zone_file_is_usable (name)))
    return NULL;
  return g_time_zone_new_identifier (name);
}

/* ?when=today (the default) or all, with ?tz= naming the time zone of "today" (an IANA
 * name or an offset like +09:00; the server's own zone when absent): the client has no
 * time zone setting, so the desktop says which day it shows. */
static gboolean
query_due_range (WccRequest                *request,
                 WccStoreAppointmentQuery  *query,
                 GError                   **error)
{
  const char *when = wcc_api_query_text (request, "when");
  const char *tz_name = wcc_api_query_text (request, "tz");
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc_now = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (when != NULL && !g_str_equal (when, "today") && !g_str_equal (when, "all"))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“when” must be “today” or “all”"));
      return FALSE;
    }
  tz = tz_name ? time_zone_from_query (tz_name) : g_time_zone_new_local ();
  if (tz == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“tz” must be a time zone such as Asia/Tokyo or +09:00"));
      return FALSE;
    }
  if (when != NULL && g_str_equal (when, "all"))
    return TRUE;
  utc_now = g_date_time_new_from_unix_utc (wcc_request_now (request));
  now = g_date_time_to_timezone (utc_now, tz);
  start = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);
  end = g_date_time_add_days (start, 1);
  query->due_from = g_date_time_to_unix (start);
  query->due_until = g_date_time_to_unix (end);
  return TRUE;
}

static void
reply_appointment_list (WccRequest               *request,
                        WccStoreAppointmentQuery *query)
{
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  guint64 offset;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &offset, &error) || !query_due_range (request, query, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  query->offset = (guint) MIN (offset, G_MAXUINT);
  query->limit = limit + 1;
  appointments = wcc_store_appointment_list (request->store, request->user->client_id, query);
  body = json_object_new ();
  json_object_set_array_member (body, "items", appointments_to_json (request, appointments, limit));
  /* By time: the cursor is the offset of the next page. */
  wcc_api_set_next (body, appointments->len > limit, (gint64) (query->offset + limit));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_appointments_list (WccRequest *request)
{
  WccStoreAppointmentQuery query = { .agent_id = request->user->id };

  reply_appointment_list (request, &query);
}

void
wcc_api_dashboard_customer_appointments (WccRequest *request)
{
  WccStoreAppointmentQuery query = { 0 };
  gint64 agent_id = 0;

  /* R3: ?agent= one agent's, for those who may act for them. */
  if (wcc_request_query_text (request, "agent") != NULL)
    {
      if (!wcc_request_query_agent (request, &agent_id))
        return;
      query.agent_id = agent_id;
    }
  /* The client admin sees the client's, a leader also their agents', an agent their own. */
  else if (wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN))
    ;
  else if (wcc_request_has_role (request, WCC_ROLE_LEADER))
    query.leader_id = request->user->id;
  else
    query.agent_id = request->user->id;
  reply_appointment_list (request, &query);
}

/* D2: one appointment, for whoever is in charge of it */

/* Its agent, a leader of theirs, the client admin. */
static gboolean
is_in_charge (WccRequest *request,
              gint64      agent_id)
{
  return agent_id == request->user->id || wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) ||
         (wcc_request_has_role (request, WCC_ROLE_LEADER) &&
          wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, agent_id));
}

/* The appointment of the path: 404 for others than those in charge of it. */
static WccStoreAppointment *
find_appointment_in_charge (WccRequest *request)
{
  g_autoptr(WccStoreAppointment) appointment = wcc_store_appointment_find (request->store, request->user->client_id,
                                                                           request->id);

  if (appointment == NULL || !is_in_charge (request, appointment->agent_id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such appointment"));
      return NULL;
    }
  return g_steal_pointer (&appointment);
}

/* A reassignment: by a leader of the agent it leaves, to an agent of a group they lead. */
static gboolean
check_reassignment (WccRequest  *request,
                    gint64       from_agent,
                    gint64       to_agent,
                    GError     **error)
{
  g_autoptr(WccStoreUser) target = NULL;

  if (!wcc_request_has_role (request, WCC_ROLE_LEADER) ||
      !wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, from_agent))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_FORBIDDEN, _("Only a leader of the agent reassigns an appointment"));
      return FALSE;
    }
  target = wcc_store_user_find (request->store, request->user->client_id, to_agent);
  if (target == NULL || (target->roles & WCC_ROLE_AGENT) == 0 ||
      !wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, to_agent))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“agent_id” must be an agent of a group you lead"));
      return FALSE;
    }
  return TRUE;
}

/* The tab label (C8) of @customer_id for the audit log's details. */
static char *
customer_label (WccRequest *request,
                gint64      customer_id)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id,
                                                                  customer_id);

  return customer != NULL ? wcc_api_customer_tab_label (customer) : g_strdup ("");
}

/* S13: the agent an appointment moved to is told, with the customer to open. */
static void
notify_reassigned (WccRequest          *request,
                   WccStoreAppointment *appointment)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id,
                                                                  appointment->customer_id);
  g_autofree char *label = customer != NULL ? wcc_api_customer_tab_label (customer) : g_strdup ("");
  g_autofree char *due = wcc_time_to_rfc3339 (appointment->due_at);
  g_autofree char *body = g_strdup_printf ("%s (%s)", label, due);
  WccStoreNotification notification = {
    .user_id = appointment->agent_id, .kind = (char *) "appointment.assigned",
    .title = (char *) _("Appointment reassigned to you"), .body = body, .ref_type = (char *) "appointment",
    .ref_id = appointment->id, .customer_id = appointment->customer_id,
  };

  wcc_api_notify (request, &notification);
}

void
wcc_api_appointment_patch (WccRequest *request)
{
  static const char *allowed[] = { "at", "quick", "agent_id", "version", "on_behalf_of", NULL };
  g_autoptr(WccStoreAppointment) appointment = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gint64 version = 0, from_agent, to_agent, on_behalf_of = 0;

  if ((appointment = find_appointment_in_charge (request)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL ||
      !wcc_api_read_on_behalf_of (request, body, &on_behalf_of))
    return;
  current = appointment_to_json (request->store, appointment);
  from_agent = to_agent = appointment->agent_id;
  if (on_behalf_of != 0 && on_behalf_of != from_agent)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“on_behalf_of” must be the appointment's agent"));
      return;
    }
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_api_read_version (body, &version, &error) ||
      !read_due_at (request, body, FALSE, &appointment->due_at, &error) ||
      !wcc_json_get_int (body, "agent_id", FALSE, &to_agent, &error) ||
      (to_agent != from_agent && !check_reassignment (request, from_agent, to_agent, &error)))
    goto fail;
  appointment->agent_id = to_agent;
  if (!wcc_store_appointment_update (request->store, appointment, version, &error))
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_CONFLICT,
                               _("That agent already has an appointment with this customer"));
        }
      goto fail;
    }
  if (to_agent != from_agent)
    {
      g_autoptr(WccStoreAppointment) moved = wcc_store_appointment_find (request->store, request->user->client_id,
                                                                         request->id);
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      /* The new agent hears of it on their event stream. */
      json_node_take_object (data, appointment_to_json (request->store, moved));
      wcc_event_hub_publish (request->hub, request->user->client_id, to_agent, "appointment.assigned", data);
      notify_reassigned (request, moved);
      publish_appointment_removed (request, moved, from_agent);
      g_autoptr(WccStoreUser) target = wcc_store_user_find (request->store, request->user->client_id, to_agent);
      g_autofree char *name = wcc_api_display_name (target->surname, target->given_name, target->employee_id);
      g_autofree char *label = customer_label (request, moved->customer_id);

      detail = g_strdup_printf ("appointment %" G_GINT64_FORMAT " (customer %" G_GINT64_FORMAT ", %s) to %s (user %"
                                G_GINT64_FORMAT ")", moved->id, moved->customer_id, label, name, to_agent);
    }
  else
    {
      wcc_api_publish_appointment_changed (request, request->id);
      g_autofree char *label = customer_label (request, appointment->customer_id);

      detail = g_strdup_printf ("appointment %" G_GINT64_FORMAT " (customer %" G_GINT64_FORMAT ", %s) moved",
                                appointment->id, appointment->customer_id, label);
    }
  /* R3: what a leader does to an agent's appointment is done for that agent. */
  if (from_agent != request->user->id)
    wcc_api_audit_on_behalf (request, from_agent,
                             to_agent != from_agent ? "appointment.reassigned" : "appointment.changed", detail);
  reply_appointment (request, request->id);
  return;

fail:
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_appointment_delete (WccRequest *request)
{
  g_autoptr(WccStoreAppointment) appointment = find_appointment_in_charge (request);
  g_autoptr(GError) error = NULL;

  if (appointment == NULL)
    return;
  if (wcc_store_appointment_delete (request->store, request->user->client_id, request->id, &error))
    {
      publish_appointment_removed (request, appointment, appointment->agent_id);
      if (appointment->agent_id != request->user->id)
        {
          g_autofree char *label = customer_label (request, appointment->customer_id);
          g_autofree char *detail = g_strdup_printf ("appointment %" G_GINT64_FORMAT " (customer %" G_GINT64_FORMAT
                                                     ", %s) removed", appointment->id, appointment->customer_id,
                                                     label);

          wcc_api_audit_on_behalf (request, appointment->agent_id, "appointment.removed", detail);
        }
      wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
    }
  else
    wcc_reply_gerror (request, error);
}
