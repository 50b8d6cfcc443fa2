/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-reports.c: the summary report of a period (R4) and an agent's personal
 * statistics (R2): calls offered, answered and abandoned, waits, talk, after-call work,
 * pauses by reason and success submissions, by group and by agent, with totals and a
 * series for charts; as JSON or CSV. Days are the server's local days, as the dashboard's. */
#define G_LOG_DOMAIN "wcc-api-reports"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wcc-csv.h"
#include "wcc-http-private.h"

/* The longest period one report covers (days). */
#define REPORT_MAX_DAYS 92

typedef struct {
  gint64      offered, answered, abandoned;
  gint64      wait;               /* µs, over the answered */
  gint64      connected;          /* calls talked on */
  gint64      talked;             /* of them, those that ended */
  gint64      talk;               /* µs, over the ended */
  gint64      after_call;         /* µs */
  gint64      pause;              /* µs */
  GHashTable *reasons;            /* pause reason id → gint64 * µs (rows only) */
  gint64      success;
} Figures;

typedef struct {
  gint64   id;
  char    *name;
  char    *employee_id;           /* agents */
  GArray  *members;               /* groups: user ids */
  Figures  figures;
} Row;

typedef struct {
  gint64      client_id;
  GDateTime  *start;              /* the first day's midnight */
  GDateTime  *end;                /* the midnight after the last day */
  char       *from_text, *to_text;
  gboolean    hourly;
  GArray     *bounds;             /* of gint64 µs: the series' buckets, n + 1 */
  GPtrArray  *groups;             /* of Row */
  GPtrArray  *agents;             /* of Row */
  GHashTable *group_rows;         /* id → Row (borrowed) */
  GHashTable *agent_rows;
  gboolean    personal;           /* no groups: the totals' queue figures are the agents' */
  Figures     total;
  Figures    *series;             /* bounds->len - 1 */
  GPtrArray  *reasons;            /* WccStorePauseReason of the client */
} Report;

static void
figures_clear (Figures *figures)
{
  g_clear_pointer (&figures->reasons, g_hash_table_unref);
}

static void
row_free (Row *row)
{
  g_free (row->name);
  g_free (row->employee_id);
  g_clear_pointer (&row->members, g_array_unref);
  figures_clear (&row->figures);
  g_free (row);
}

static Row *
row_new (gint64 id)
{
  Row *row = g_new0 (Row, 1);

  row->id = id;
  row->figures.reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return row;
}

static void
report_free (Report *report)
{
  g_clear_pointer (&report->start, g_date_time_unref);
  g_clear_pointer (&report->end, g_date_time_unref);
  g_free (report->from_text);
  g_free (report->to_text);
  g_clear_pointer (&report->bounds, g_array_unref);
  g_clear_pointer (&report->group_rows, g_hash_table_unref);
  g_clear_pointer (&report->agent_rows, g_hash_table_unref);
  g_clear_pointer (&report->groups, g_ptr_array_unref);
  g_clear_pointer (&report->agents, g_ptr_array_unref);
  figures_clear (&report->total);
  g_free (report->series);           /* series figures have no reasons */
  g_clear_pointer (&report->reasons, g_ptr_array_unref);
  g_free (report);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Report, report_free)

static gint64
to_us (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* ?from=&to= (days; one given: that day alone; none: today). FALSE when answered here. */
static gboolean
read_period (WccRequest *request,
             Report     *report)
{
  const char *from = wcc_request_query_text (request, "from");
  const char *to = wcc_request_query_text (request, "to");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last = NULL;
  guint days = 0;

  if (!wcc_api_parse_day (from ? from : to, from ? "from" : "to", &report->start, &error) ||
      !wcc_api_parse_day (to ? to : from, to ? "to" : "from", &last, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  if (g_date_time_compare (report->start, last) > 0)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“from” must not be after “to”"));
      return FALSE;
    }
  report->end = g_date_time_add_days (last, 1);
  report->from_text = g_date_time_format (report->start, "%Y-%m-%d");
  report->to_text = g_date_time_format (last, "%Y-%m-%d");
  report->hourly = g_date_time_compare (report->start, last) == 0;
  report->bounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (;;)
    {
      g_autoptr(GDateTime) bound = report->hourly ? g_date_time_add_hours (report->start, days)
                                                  : g_date_time_add_days (report->start, days);
      gint64 at = to_us (bound);

      if (!report->hourly && days > REPORT_MAX_DAYS)
        {
          g_autofree char *message = g_strdup_printf (_("A report covers %d days at most"), REPORT_MAX_DAYS);

          wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, message);
          return FALSE;
        }
      if (at > to_us (report->end))
        at = to_us (report->end);
      g_array_append_val (report->bounds, at);
      if (at >= to_us (report->end))
        break;
      days++;
    }
  report->series = g_new0 (Figures, report->bounds->len - 1);
  return TRUE;
}

static char *
display_name (const char *surname,
              const char *given_name)
{
  g_autofree char *name = g_strjoin (" ", surname, given_name, NULL);

  return g_strdup (g_strstrip (name));
}

static Row *
add_group (Report     *report,
           gint64      id,
           const char *name)
{
  Row *row = g_hash_table_lookup (report->group_rows, &id);

  if (row != NULL)
    return row;
  row = row_new (id);
  row->name = g_strdup (name);
  row->members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_add (report->groups, row);
  g_hash_table_insert (report->group_rows, &row->id, row);
  return row;
}

static void
add_agent (Report     *report,
           gint64      id,
           const char *employee_id,
           const char *surname,
           const char *given_name)
{
  Row *row;

  if (g_hash_table_contains (report->agent_rows, &id))
    return;
  row = row_new (id);
  row->employee_id = g_strdup (employee_id);
  row->name = display_name (surname, given_name);
  g_ptr_array_add (report->agents, row);
  g_hash_table_insert (report->agent_rows, &row->id, row);
}

/* Who the caller sees (R2, R4): the client admin every group and its members, a leader the
 * groups they lead and their members, anyone else themselves; ?group= or ?agent= narrows
 * it (404 outside the client, 403 outside what the caller sees). FALSE when answered. */
static gboolean
read_scope (WccRequest *request,
            Report     *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  gboolean admin = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN);
  gboolean leader = wcc_request_has_role (request, WCC_ROLE_LEADER);
  gint64 me = request->user->id;
  guint64 group = 0, agent = 0;
  g_autoptr(GHashTable) led = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!wcc_request_query_number (request, "group", 1, G_MAXINT64, &group, &error) ||
      !wcc_request_query_number (request, "agent", 1, G_MAXINT64, &agent, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  if (group != 0 && agent != 0)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("Give “group” or “agent”, not both"));
      return FALSE;
    }
  members = wcc_store_group_list_members (request->store, report->client_id, 0);
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *member = g_ptr_array_index (members, i);

      if (leader && member->user_id == me && member->is_leader)
        g_hash_table_add (led, &member->group_id);
    }

  if (agent != 0 && (gint64) agent != me)
    {
      g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, report->client_id, (gint64) agent);

      if (user == NULL)
        {
          wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such agent"));
          return FALSE;
        }
      if (!admin && !(leader && wcc_store_user_leads_user (request->store, report->client_id, me, user->id)))
        {
          wcc_reply_error (request, WCC_ERROR_FORBIDDEN,
                           _("Only leaders of the agent's groups and the client administrator see another agent's figures"));
          return FALSE;
        }
      add_agent (report, user->id, user->employee_id, user->surname, user->given_name);
      report->personal = TRUE;
      return TRUE;
    }
  if (agent != 0 || (!admin && g_hash_table_size (led) == 0 && group == 0))
    {
      /* One's own statistics (R2). */
      add_agent (report, me, request->user->employee_id, request->user->surname, request->user->given_name);
      report->personal = TRUE;
      return TRUE;
    }
  if (group != 0)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < members->len && !found; i++)
        found = ((WccStoreGroupMember *) g_ptr_array_index (members, i))->group_id == (gint64) group;
      if (!found)
        {
          wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such group"));
          return FALSE;
        }
      if (!admin && !g_hash_table_contains (led, &group))
        {
          wcc_reply_error (request, WCC_ERROR_FORBIDDEN,
                           _("Only the group's leaders and the client administrator see its report"));
          return FALSE;
        }
    }
  /* By group name, then leaders first, then employee ID (the store's order). */
  for (guint i = 0; i < members->len; i++)
    {
      WccStoreGroupMember *member = g_ptr_array_index (members, i);
      gint64 id = member->group_id;
      Row *row;

      if (group != 0 ? id != (gint64) group : !admin && !g_hash_table_contains (led, &id))
        continue;
      row = add_group (report, id, member->group_name);
      if (member->user_id == 0)
        continue;
      g_array_append_val (row->members, member->user_id);
      add_agent (report, member->user_id, member->employee_id, member->surname, member->given_name);
    }
  return TRUE;
}

/* The series bucket of a time in the period. */
static guint
bucket_of (Report *report,
           gint64  at)
{
  guint low = 0, high = report->bounds->len - 1;

  /* bounds[low] <= at < bounds[high] */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (at >= g_array_index (report->bounds, gint64, middle))
        low = middle;
      else
        high = middle;
    }
  return low;
}

static void
add_reason (Figures *figures,
            gint64   reason_id,
            gint64   length)
{
  gint64 *sum;

  if (figures->reasons == NULL)
    return;
  if ((sum = g_hash_table_lookup (figures->reasons, &reason_id)) == NULL)
    {
      sum = g_new0 (gint64, 1);
      g_hash_table_insert (figures->reasons, g_memdup2 (&reason_id, sizeof reason_id), sum);
    }
  *sum += length;
}

/* Adds @add's figures to @sum's; with @queue, the queue's (offered … wait) too. */
static void
figures_add (Figures       *sum,
             const Figures *add,
             gboolean       queue)
{
  GHashTableIter iter;
  gpointer key, value;

  if (queue)
    {
      sum->offered += add->offered;
      sum->answered += add->answered;
      sum->abandoned += add->abandoned;
      sum->wait += add->wait;
    }
  sum->connected += add->connected;
  sum->talked += add->talked;
  sum->talk += add->talk;
  sum->after_call += add->after_call;
  sum->pause += add->pause;
  sum->success += add->success;
  if (add->reasons == NULL)
    return;
  g_hash_table_iter_init (&iter, add->reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_reason (sum, *(gint64 *) key, *(gint64 *) value);
}

/* Sums the facts into the rows, the totals and the series. Queue figures of the totals
 * and the series are the groups' (an agent's own when there are none); the rest is the
 * agents'. */
static void
report_compute (Report              *report,
                WccStoreReportFacts *facts)
{
  GHashTable *agents = report->agent_rows;
  gboolean by_group = !report->personal;

  for (guint i = 0; i < facts->queue_calls->len; i++)
    {
      WccStoreReportQueueCall *call = &g_array_index (facts->queue_calls, WccStoreReportQueueCall, i);
      Row *group = g_hash_table_lookup (report->group_rows, &call->group_id);
      Row *agent = call->answered_at != 0 ? g_hash_table_lookup (agents, &call->agent_id) : NULL;
      Figures *bucket = &report->series[bucket_of (report, call->offered_at)];
      gboolean abandoned = call->answered_at == 0 && call->ended_at != 0;
      gint64 wait = call->answered_at - call->offered_at;

      if (group != NULL)
        {
          group->figures.offered++;
          group->figures.abandoned += abandoned;
          if (by_group)
            {
              bucket->offered++;
              bucket->abandoned += abandoned;
            }
          if (call->answered_at != 0)
            {
              group->figures.answered++;
              group->figures.wait += wait;
              if (by_group)
                {
                  bucket->answered++;
                  bucket->wait += wait;
                }
            }
        }
      /* An agent's "offered" and "abandoned" are the offers below. */
      if (agent != NULL)
        {
          agent->figures.answered++;
          agent->figures.wait += wait;
          if (!by_group)
            {
              bucket->answered++;
              bucket->wait += wait;
            }
        }
    }
  for (guint i = 0; i < facts->offers->len; i++)
    {
      WccStoreReportOffer *offer = &g_array_index (facts->offers, WccStoreReportOffer, i);
      Row *agent = g_hash_table_lookup (agents, &offer->user_id);
      Figures *bucket = &report->series[bucket_of (report, offer->offered_at)];

      if (agent == NULL)
        continue;
      agent->figures.offered++;
      agent->figures.abandoned += offer->abandoned;
      if (!by_group)
        {
          bucket->offered++;
          bucket->abandoned += offer->abandoned;
        }
    }
  for (guint i = 0; i < facts->connected->len; i++)
    {
      WccStoreReportConnected *call = &g_array_index (facts->connected, WccStoreReportConnected, i);
      Row *agent = g_hash_table_lookup (agents, &call->user_id);
      Figures *bucket = &report->series[bucket_of (report, call->answered_at)];

      if (agent == NULL)
        continue;
      agent->figures.connected++;
      bucket->connected++;
      if (call->ended_at != 0)
        {
          agent->figures.talked++;
          agent->figures.talk += call->ended_at - call->answered_at;
          bucket->talked++;
          bucket->talk += call->ended_at - call->answered_at;
        }
    }
  for (guint i = 0; i < facts->intervals->len; i++)
    {
      WccStoreReportInterval *interval = &g_array_index (facts->intervals, WccStoreReportInterval, i);
      Row *agent = g_hash_table_lookup (agents, &interval->user_id);
      gint64 length = interval->ended_at - interval->started_at;

      if (agent == NULL)
        continue;
      if (interval->state == WCC_REPORT_STATE_PAUSE)
        {
          agent->figures.pause += length;
          add_reason (&agent->figures, interval->pause_reason_id, length);
        }
      else
        agent->figures.after_call += length;
      /* Split over the series' buckets. */
      for (guint b = bucket_of (report, interval->started_at); b + 1 < report->bounds->len; b++)
        {
          gint64 start = MAX (interval->started_at, g_array_index (report->bounds, gint64, b));
          gint64 end = MIN (interval->ended_at, g_array_index (report->bounds, gint64, b + 1));

          if (end <= start)
            break;
          if (interval->state == WCC_REPORT_STATE_PAUSE)
            report->series[b].pause += end - start;
          else
            report->series[b].after_call += end - start;
        }
    }
  for (guint i = 0; i < facts->successes->len; i++)
    {
      WccStoreReportSuccess *success = &g_array_index (facts->successes, WccStoreReportSuccess, i);
      Row *agent = g_hash_table_lookup (agents, &success->user_id);

      if (agent == NULL)
        continue;
      agent->figures.success++;
      report->series[bucket_of (report, success->created_at * G_USEC_PER_SEC)].success++;
    }

  /* A group's agent figures are its members'; the totals' are every agent's once. */
  report->total.reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < report->groups->len; i++)
    {
      Row *group = g_ptr_array_index (report->groups, i);

      for (guint m = 0; m < group->members->len; m++)
        {
          Row *member = g_hash_table_lookup (agents, &g_array_index (group->members, gint64, m));

          figures_add (&group->figures, &member->figures, FALSE);
        }
      report->total.offered += group->figures.offered;
      report->total.answered += group->figures.answered;
      report->total.abandoned += group->figures.abandoned;
      report->total.wait += group->figures.wait;
    }
  for (guint i = 0; i < report->agents->len; i++)
    figures_add (&report->total, &((Row *) g_ptr_array_index (report->agents, i))->figures, !by_group);
}

/* Seconds, whole. */
static gint64
seconds (gint64 us)
{
  return (us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
}

/* An average in seconds to a tenth; 0 of nothing. */
static double
average (gint64 us,
         gint64 count)
{
  return count > 0 ? round ((double) us / count / (G_USEC_PER_SEC / 10)) / 10 : 0;
}

static const char *
reason_label (Report *report,
              gint64  id)
{
  for (guint i = 0; i < report->reasons->len; i++)
    {
      WccStorePauseReason *reason = g_ptr_array_index (report->reasons, i);

      if (reason->id == id)
        return reason->label;
    }
  return "";
}

static void
figures_to_json (Report        *report,
                 const Figures *figures,
                 JsonObject    *object)
{
  json_object_set_int_member (object, "offered", figures->offered);
  json_object_set_int_member (object, "answered", figures->answered);
  json_object_set_int_member (object, "abandoned", figures->abandoned);
  json_object_set_double_member (object, "avg_wait", average (figures->wait, figures->answered));
  json_object_set_int_member (object, "connected", figures->connected);
  json_object_set_int_member (object, "talk_time", seconds (figures->talk));
  json_object_set_double_member (object, "avg_talk", average (figures->talk, figures->talked));
  json_object_set_int_member (object, "after_call_time", seconds (figures->after_call));
  json_object_set_int_member (object, "pause_time", seconds (figures->pause));
  json_object_set_int_member (object, "success", figures->success);
  if (figures->reasons != NULL)
    {
      JsonArray *reasons = json_array_new ();

      /* In the client's order of reasons; then any unknown (deleted) one as id 0. */
      for (guint i = 0; i <= report->reasons->len; i++)
        {
          gint64 id = i < report->reasons->len ? ((WccStorePauseReason *) g_ptr_array_index (report->reasons, i))->id : 0;
          gint64 *sum = g_hash_table_lookup (figures->reasons, &id);
          JsonObject *item;

          if (sum == NULL)
            continue;
          item = json_object_new ();
          wcc_json_set_id_or_null (item, "id", id);
          json_object_set_string_member (item, "label", reason_label (report, id));
          json_object_set_int_member (item, "seconds", seconds (*sum));
          json_array_add_object_element (reasons, item);
        }
      json_object_set_array_member (object, "pause_reasons", reasons);
    }
}

static JsonArray *
rows_to_json (Report    *report,
              GPtrArray *rows,
              gboolean   agents)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      JsonObject *object = json_object_new ();

      if (agents)
        {
          json_object_set_int_member (object, "user_id", row->id);
          json_object_set_string_member (object, "employee_id", row->employee_id);
          json_object_set_string_member (object, "display_name", row->name);
        }
      else
        {
          json_object_set_int_member (object, "group_id", row->id);
          json_object_set_string_member (object, "name", row->name);
        }
      figures_to_json (report, &row->figures, object);
      json_array_add_object_element (array, object);
    }
  return array;
}

/* Answers @request with @report (computed). */
typedef void (*ReportReply) (WccRequest *request,
                             Report     *report);

typedef struct {
  WccRequest  *request;
  Report      *report;
  ReportReply  reply;
} ReportJob;

static void
on_facts_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReportJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreReportFacts) facts = wcc_store_report_facts_finish (WCC_STORE (source), result, &error);

  if (facts == NULL)
    wcc_reply_gerror (job->request, error);
  else
    {
      report_compute (job->report, facts);
      job->reply (job->request, job->report);
    }
  wcc_request_resume (job->request);
  report_free (job->report);
  g_free (job);
}

/* Reads the period and scope the request asks for (or answers it with an error), then the
 * facts off the loop; @reply answers with the report. */
static void
report_start (WccRequest  *request,
              ReportReply  reply)
{
  g_autoptr(Report) report = g_new0 (Report, 1);
  ReportJob *job;

  report->client_id = request->user->client_id;
  report->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  report->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  report->group_rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  report->agent_rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  if (!read_period (request, report) || !read_scope (request, report))
    return;
  report->reasons = wcc_store_pause_reason_list (request->store, report->client_id);
  job = g_new0 (ReportJob, 1);
  job->request = request;
  job->reply = reply;
  job->report = g_steal_pointer (&report);
  wcc_request_pause (request);
  wcc_store_report_facts_async (request->store, job->report->client_id, to_us (job->report->start),
                                to_us (job->report->end), g_get_real_time (), NULL, on_facts_read, job);
}

static void
reply_json (WccRequest *request,
            Report     *report)
{
  g_autofree char *start = NULL, *end = NULL;
  JsonObject *body, *total;
  JsonArray *series;

  body = json_object_new ();
  json_object_set_string_member (body, "from", report->from_text);
  json_object_set_string_member (body, "to", report->to_text);
  start = wcc_time_to_rfc3339 (g_date_time_to_unix (report->start));
  end = wcc_time_to_rfc3339 (g_date_time_to_unix (report->end));
  json_object_set_string_member (body, "start", start);
  json_object_set_string_member (body, "end", end);
  json_object_set_string_member (body, "scope", report->personal ? "agent" : "groups");
  json_object_set_string_member (body, "unit", report->hourly ? "hour" : "day");
  json_object_set_array_member (body, "groups", rows_to_json (report, report->groups, FALSE));
  json_object_set_array_member (body, "agents", rows_to_json (report, report->agents, TRUE));
  total = json_object_new ();
  figures_to_json (report, &report->total, total);
  json_object_set_object_member (body, "total", total);
  series = json_array_new ();
  for (guint i = 0; i + 1 < report->bounds->len; i++)
    {
      JsonObject *point = json_object_new ();
      g_autofree char *at = wcc_time_to_rfc3339 (g_array_index (report->bounds, gint64, i) / G_USEC_PER_SEC);

      json_object_set_string_member (point, "start", at);
      figures_to_json (report, &report->series[i], point);
      json_array_add_object_element (series, point);
    }
  json_object_set_array_member (body, "series", series);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_reports_summary (WccRequest *request)
{
  report_start (request, reply_json);
}

/* The CSV's columns: what a row is, its id and name, the figures, then one column per
 * pause reason of the client (seconds). Names are fixed (English) for spreadsheets. */
static void
csv_row (GString       *out,
         Report        *report,
         const char    *kind,
         gint64         id,
         const char    *employee_id,
         const char    *name,
         const Figures *figures)
{
  g_autofree char *id_text = id ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup ("");
  gint64 numbers[] = { figures->offered, figures->answered, figures->abandoned };
  gint64 times[] = { figures->connected, seconds (figures->talk) };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  wcc_csv_append_field (out, kind, TRUE);
  wcc_csv_append_field (out, id_text, FALSE);
  wcc_csv_append_field (out, employee_id ? employee_id : "", FALSE);
  wcc_csv_append_field (out, name, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_string_append_printf (out, ",%" G_GINT64_FORMAT, numbers[i]);
  g_string_append_printf (out, ",%s", g_ascii_formatd (buffer, sizeof buffer, "%.1f", average (figures->wait, figures->answered)));
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_string_append_printf (out, ",%" G_GINT64_FORMAT, times[i]);
  g_string_append_printf (out, ",%s", g_ascii_formatd (buffer, sizeof buffer, "%.1f", average (figures->talk, figures->talked)));
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                          seconds (figures->after_call), seconds (figures->pause));
  for (guint i = 0; i < report->reasons->len; i++)
    {
      gint64 reason_id = ((WccStorePauseReason *) g_ptr_array_index (report->reasons, i))->id;
      gint64 *sum = g_hash_table_lookup (figures->reasons, &reason_id);

      g_string_append_printf (out, ",%" G_GINT64_FORMAT, sum ? seconds (*sum) : 0);
    }
  g_string_append_printf (out, ",%" G_GINT64_FORMAT, figures->success);
  wcc_csv_end_row (out);
}

static void
reply_csv (WccRequest *request,
           Report     *report)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *filename = g_strdup_printf ("report-%s-%s.csv", report->from_text, report->to_text);
  static const char * const columns[] = {
    "kind", "id", "employee_id", "name", "offered", "answered", "abandoned", "avg_wait", "connected",
    "talk_time", "avg_talk", "after_call_time", "pause_time",
  };

  g_string_append (out, WCC_CSV_BOM);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    wcc_csv_append_field (out, columns[i], i == 0);
  for (guint i = 0; i < report->reasons->len; i++)
    {
      g_autofree char *column = g_strdup_printf ("pause:%s", ((WccStorePauseReason *) g_ptr_array_index (report->reasons, i))->label);

      wcc_csv_append_field (out, column, FALSE);
    }
  wcc_csv_append_field (out, "success", FALSE);
  wcc_csv_end_row (out);
  for (guint i = 0; i < report->groups->len; i++)
    {
      Row *row = g_ptr_array_index (report->groups, i);
      csv_row (out, report, "group", row->id, NULL, row->name, &row->figures);
    }
  for (guint i = 0; i < report->agents->len; i++)
    {
      Row *row = g_ptr_array_index (report->agents, i);
      csv_row (out, report, "agent", row->id, row->employee_id, row->name, &row->figures);
    }
  csv_row (out, report, "total", 0, NULL, "", &report->total);
  bytes = g_bytes_new (out->str, out->len);
  wcc_reply_bytes (request, "text/csv; charset=utf-8", bytes);
  g_hash_table_insert (params, (gpointer) "filename", filename);
  soup_message_headers_set_content_disposition (soup_server_message_get_response_headers (request->msg),
                                                "attachment", params);
}

void
wcc_api_reports_summary_csv (WccRequest *request)
{
  report_start (request, reply_csv);
}
