/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-lists.c: an agent's dashboard figures and call lists over the API: today's tasks
 * (D5), a task's leaderboard (D6), recent contacts (C22). Days are the server's local days,
 * as the queue figures' "today". */
#define G_LOG_DOMAIN "wcc-api-lists"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "wcc-http-private.h"

/* C22: "the last month". */
#define RECENT_MONTHS 1

gboolean
wcc_api_parse_day (const char  *text,
                   const char  *name,
                   GDateTime  **out_start,
                   GError     **error)
{
  guint year, month, day;
  char tail;

  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      year = g_date_time_get_year (now);
      month = g_date_time_get_month (now);
      day = g_date_time_get_day_of_month (now);
    }
  else if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
           text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (day, month, year) || year < 1970)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be a day as YYYY-MM-DD"), name);
      return FALSE;
    }
  *out_start = g_date_time_new_local (year, month, day, 0, 0, 0);
  return TRUE;
}

/* ?date=YYYY-MM-DD, a day of the server's time zone (default: today): its start and the
 * next day's (Unix seconds; not always 24 h apart), and the day as text. */
static gboolean
query_day (WccRequest  *request,
           gint64      *out_from,
           gint64      *out_to,
           char       **out_date,
           GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (!wcc_api_parse_day (wcc_request_query_text (request, "date"), "date", &start, error))
    return FALSE;
  end = g_date_time_add_days (start, 1);
  *out_from = g_date_time_to_unix (start);
  *out_to = g_date_time_to_unix (end);
  *out_date = g_date_time_format (start, "%Y-%m-%d");
  return TRUE;
}

/* ?agent=ID: whose figures: the caller's own by default; a leader's agents (of the groups
 * they lead); any user of the client for the admin. 404 for no such user of the client,
 * 403 for one the caller may not look at; FALSE when answered here. */
gboolean
wcc_request_query_agent (WccRequest *request,
                         gint64     *out_user_id)
{
  g_autoptr(GError) error = NULL;
  guint64 agent = 0;

  if (!wcc_request_query_number (request, "agent", 1, G_MAXINT64, &agent, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  *out_user_id = agent != 0 ? (gint64) agent : request->user->id;
  return wcc_request_check_acts_for (request, *out_user_id,
                                     _("Only leaders of the agent's groups and the client administrator see another agent's figures"));
}

static void
set_day (JsonObject *body,
         const char *date,
         gint64      from,
         gint64      to)
{
  json_object_set_string_member (body, "date", date);
  wcc_json_set_time_or_null (body, "from", from);
  wcc_json_set_time_or_null (body, "to", to);
}

void
wcc_api_dashboard_tasks (WccRequest *request)
{
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  gint64 user_id, from, to, connected = 0, success = 0;
  JsonObject *body, *total;
  JsonArray *items;

  if (!wcc_request_query_agent (request, &user_id))
    return;
  if (!query_day (request, &from, &to, &date, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  days = wcc_store_dashboard_tasks (request->store, request->user->client_id, user_id, from, to);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < days->len; i++)
    {
      WccStoreTaskDay *day = g_ptr_array_index (days, i);
      JsonObject *item = json_object_new ();

      wcc_json_set_id_or_null (item, "task_id", day->task_id);
      if (day->task_name != NULL)
        json_object_set_string_member (item, "task_name", day->task_name);
      else
        json_object_set_null_member (item, "task_name");
      json_object_set_int_member (item, "connected", day->connected);
      json_object_set_int_member (item, "success", day->success);
      json_array_add_object_element (items, item);
      connected += day->connected;
      success += day->success;
    }
  json_object_set_int_member (body, "agent_id", user_id);
  set_day (body, date, from, to);
  json_object_set_array_member (body, "items", items);
  total = json_object_new ();
  json_object_set_int_member (total, "connected", connected);
  json_object_set_int_member (total, "success", success);
  json_object_set_object_member (body, "total", total);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_leaderboard (WccRequest *request)
{
  g_autoptr(GPtrArray) leaders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreTask) task = NULL;
  g_autofree char *date = NULL;
  guint64 task_id = 0;
  gint64 from, to;
  JsonObject *body;
  JsonArray *items;

  if (!wcc_request_query_number (request, "task", 1, G_MAXINT64, &task_id, &error) ||
      !query_day (request, &from, &to, &date, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (task_id == 0)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“task” is required"));
      return;
    }
  if ((task = wcc_store_task_find (request->store, request->user->client_id, (gint64) task_id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such task"));
      return;
    }
  /* The board of a task is for those who work on it (its groups' agents and leaders). */
  if (!wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) &&
      !wcc_store_task_has_member (request->store, request->user->client_id, task->id, request->user->id))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only those who work on the task see its leaderboard"));
      return;
    }
  leaders = wcc_store_leaderboard (request->store, request->user->client_id, task->id, from, to);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < leaders->len; i++)
    {
      WccStoreLeader *leader = g_ptr_array_index (leaders, i);
      JsonObject *item = json_object_new ();
      g_autofree char *name = g_strjoin (" ", leader->surname, leader->given_name, NULL);

      json_object_set_int_member (item, "rank", i + 1);
      json_object_set_int_member (item, "user_id", leader->user_id);
      json_object_set_string_member (item, "employee_id", leader->employee_id);
      json_object_set_string_member (item, "display_name", g_strstrip (name));
      json_object_set_int_member (item, "success", leader->success);
      wcc_json_set_time_or_null (item, "reached_at", leader->reached_at);
      json_array_add_object_element (items, item);
    }
  json_object_set_int_member (body, "task_id", task->id);
  json_object_set_string_member (body, "task_name", task->name);
  set_day (body, date, from, to);
  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

static JsonObject *
recent_contact_to_json (WccStoreRecentContact *contact)
{
  JsonObject *object = json_object_new ();
  gint64 talked_from = contact->answered_at;

  json_object_set_int_member (object, "call_id", contact->call_id);
  json_object_set_string_member (object, "direction", wcc_call_direction_to_string (contact->direction));
  json_object_set_string_member (object, "number", contact->number);
  if (contact->customer_id != 0)
    {
      g_autoptr(WccStoreCustomer) customer = wcc_store_customer_new ();
      g_autofree char *label = NULL;

      customer->id = contact->customer_id;
      customer->company = g_strdup (contact->company);
      customer->surname = g_strdup (contact->surname);
      customer->given_name = g_strdup (contact->given_name);
      customer->task_name = g_strdup (contact->task_name);
      label = wcc_api_customer_tab_label (customer);
      json_object_set_int_member (object, "customer_id", contact->customer_id);
      json_object_set_string_member (object, "customer_name", label);
    }
  else
    {
      json_object_set_null_member (object, "customer_id");
      json_object_set_null_member (object, "customer_name");
    }
  wcc_json_set_time_or_null (object, "started_at", contact->started_at / G_USEC_PER_SEC);
  wcc_json_set_time_or_null (object, "answered_at", contact->answered_at / G_USEC_PER_SEC);
  wcc_json_set_time_or_null (object, "ended_at", contact->ended_at / G_USEC_PER_SEC);
  /* Seconds talking; 0 for a call nobody answered. */
  if (contact->ended_at != 0)
    json_object_set_int_member (object, "duration",
                                talked_from != 0 ? (contact->ended_at - talked_from) / G_USEC_PER_SEC : 0);
  else
    json_object_set_null_member (object, "duration");
  if (contact->hangup_reason != NULL)
    json_object_set_string_member (object, "hangup_reason", contact->hangup_reason);
  else
    json_object_set_null_member (object, "hangup_reason");
  wcc_json_set_id_or_null (object, "task_id", contact->task_id);
  if (contact->task_name != NULL)
    json_object_set_string_member (object, "task_name", contact->task_name);
  else
    json_object_set_null_member (object, "task_name");
  return object;
}

void
wcc_api_recent_contacts (WccRequest *request)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) since = g_date_time_add_months (now, -RECENT_MONTHS);
  guint64 after, task_id = 0;
  gint64 user_id;
  guint limit;

  if (!wcc_request_query_agent (request, &user_id))
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error) ||
      !wcc_request_query_number (request, "task", 1, G_MAXINT64, &task_id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  contacts = wcc_store_recent_contacts (request->store, request->user->client_id, user_id,
                                        g_date_time_to_unix (since) * G_USEC_PER_SEC, (gint64) task_id,
                                        (gint64) after, limit + 1);
  /* Newest first: the cursor is the last call id seen. */
  wcc_reply_page (request, contacts, limit, (WccItemToJson) recent_contact_to_json,
                  contacts->len > limit
                  ? ((WccStoreRecentContact *) g_ptr_array_index (contacts, limit - 1))->call_id : 0);
}
