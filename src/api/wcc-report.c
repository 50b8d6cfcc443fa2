/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report.c: the summary report (R4) and personal statistics (R2) of a period. */
#define G_LOG_DOMAIN "wcc-report"

#include "wcc-report.h"

struct _WccReport
{
  GObject       parent_instance;
  WccClient    *client;
  char         *query;          /* "from=…&to=…[&group=N][&agent=N]" */
  GCancellable *cancellable;
  gboolean      loading;
  char         *error;
  GListStore   *groups;
  GListStore   *agents;
  GListStore   *series;
  WccReportRow *total;
  gboolean      hourly;
  char         *scope;
  GArray       *reason_ids;     /* gint64 */
  GPtrArray    *reason_labels;  /* char * */
};

G_DEFINE_FINAL_TYPE (WccReport, wcc_report, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

enum {
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
wcc_report_dispose (GObject *object)
{
  WccReport *self = WCC_REPORT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->groups);
  g_clear_object (&self->agents);
  g_clear_object (&self->series);
  g_clear_object (&self->total);
  G_OBJECT_CLASS (wcc_report_parent_class)->dispose (object);
}

static void
wcc_report_finalize (GObject *object)
{
  WccReport *self = WCC_REPORT (object);

  g_free (self->query);
  g_free (self->error);
  g_free (self->scope);
  g_array_unref (self->reason_ids);
  g_ptr_array_unref (self->reason_labels);
  G_OBJECT_CLASS (wcc_report_parent_class)->finalize (object);
}

static void
wcc_report_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WccReport *self = WCC_REPORT (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_report_class_init (WccReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_report_dispose;
  object_class->finalize = wcc_report_finalize;
  object_class->get_property = wcc_report_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A read ended, good or not (see wcc_report_get_error ()). */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
wcc_report_init (WccReport *self)
{
  self->groups = g_list_store_new (WCC_TYPE_REPORT_ROW);
  self->agents = g_list_store_new (WCC_TYPE_REPORT_ROW);
  self->series = g_list_store_new (WCC_TYPE_REPORT_ROW);
  self->total = wcc_report_row_new_from_json (NULL);
  self->scope = g_strdup ("groups");
  self->reason_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->reason_labels = g_ptr_array_new_with_free_func (g_free);
}

WccReport *
wcc_report_new (WccClient *client)
{
  WccReport *self;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);

  self = g_object_new (WCC_TYPE_REPORT, NULL);
  self->client = g_object_ref (client);
  return self;
}

static char *
format_day (GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

void
wcc_report_set_query (WccReport *self,
                      GDate     *from,
                      GDate     *to,
                      gint64     group_id,
                      gint64     agent_id)
{
  g_autofree char *from_text = NULL, *to_text = NULL;
  GString *query;

  g_return_if_fail (WCC_IS_REPORT (self));
  g_return_if_fail (from != NULL && to != NULL);

  from_text = format_day (from);
  to_text = format_day (to);
  query = g_string_new (NULL);
  g_string_printf (query, "from=%s&to=%s", from_text, to_text);
  if (group_id > 0)
    g_string_append_printf (query, "&group=%" G_GINT64_FORMAT, group_id);
  if (agent_id > 0)
    g_string_append_printf (query, "&agent=%" G_GINT64_FORMAT, agent_id);
  g_free (self->query);
  self->query = g_string_free (query, FALSE);
}

static void
set_loading (WccReport *self,
             gboolean   loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (WccReport  *self,
           const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
fill_rows (GListStore *store,
           JsonObject *body,
           const char *member)
{
  JsonArray *array = json_object_has_member (body, member) ? json_object_get_array_member (body, member) : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (rows, wcc_report_row_new_from_json (json_array_get_object_element (array, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), rows->pdata, rows->len);
}

/* The reasons any row has time in, in the order the server lists them. */
static void
collect_reasons (WccReport  *self,
                 JsonObject *body)
{
  const char *members[] = { "groups", "agents" };

  g_array_set_size (self->reason_ids, 0);
  g_ptr_array_set_size (self->reason_labels, 0);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *rows = json_object_get_array_member (body, members[m]);

      for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
        {
          JsonArray *pauses = json_object_get_array_member (json_array_get_object_element (rows, i), "pause_reasons");

          for (guint p = 0; pauses != NULL && p < json_array_get_length (pauses); p++)
            {
              JsonObject *pause = json_array_get_object_element (pauses, p);
              JsonNode *id_node = json_object_get_member (pause, "id");
              gint64 id = id_node != NULL && !JSON_NODE_HOLDS_NULL (id_node) ? json_node_get_int (id_node) : 0;
              gboolean known = FALSE;

              for (guint r = 0; r < self->reason_ids->len && !known; r++)
                known = g_array_index (self->reason_ids, gint64, r) == id;
              if (known)
                continue;
              g_array_append_val (self->reason_ids, id);
              g_ptr_array_add (self->reason_labels, g_strdup (json_object_get_string_member (pause, "label")));
            }
        }
    }
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WccReport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (body == NULL)
    set_error (self, error->message);
  else
    {
      fill_rows (self->groups, body, "groups");
      fill_rows (self->agents, body, "agents");
      fill_rows (self->series, body, "series");
      g_clear_object (&self->total);
      self->total = wcc_report_row_new_from_json (json_object_get_object_member (body, "total"));
      self->hourly = g_strcmp0 (json_object_get_string_member (body, "unit"), "hour") == 0;
      g_free (self->scope);
      self->scope = g_strdup (json_object_get_string_member (body, "scope"));
      collect_reasons (self, body);
      set_error (self, NULL);
    }
  set_loading (self, FALSE);
  g_signal_emit (self, signals[LOADED], 0);
}

static char *
path_of (WccReport  *self,
         const char *resource)
{
  return g_strdup_printf ("/api/v1/reports/%s?%s", resource, self->query ? self->query : "");
}

void
wcc_report_load (WccReport *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_REPORT (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  path = path_of (self, "summary");
  set_loading (self, TRUE);
  wcc_client_get_object_async (self->client, path, self->cancellable, on_loaded, g_object_ref (self));
}

gboolean
wcc_report_get_loading (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), FALSE);
  return self->loading;
}

const char *
wcc_report_get_error (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return self->error;
}

GListModel *
wcc_report_get_groups (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->groups);
}

GListModel *
wcc_report_get_agents (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->agents);
}

GListModel *
wcc_report_get_series (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->series);
}

WccReportRow *
wcc_report_get_total (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return self->total;
}

gboolean
wcc_report_get_hourly (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), FALSE);
  return self->hourly;
}

const char *
wcc_report_get_scope (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  return self->scope;
}

guint
wcc_report_get_n_reasons (WccReport *self)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), 0);
  return self->reason_ids->len;
}

gint64
wcc_report_get_reason_id (WccReport *self,
                          guint      index)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), 0);
  g_return_val_if_fail (index < self->reason_ids->len, 0);
  return g_array_index (self->reason_ids, gint64, index);
}

const char *
wcc_report_get_reason_label (WccReport *self,
                             guint      index)
{
  g_return_val_if_fail (WCC_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < self->reason_labels->len, NULL);
  return g_ptr_array_index (self->reason_labels, index);
}

/* Export: the CSV's bytes, then the file (both asynchronous). */

static void
on_file_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_csv_fetched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = wcc_client_fetch_bytes_finish (WCC_CLIENT (source), result, &error);

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_file_replace_contents_bytes_async (g_task_get_task_data (task), bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), on_file_written, g_object_ref (task));
}

void
wcc_report_export_async (WccReport           *self,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_REPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_report_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  path = path_of (self, "summary.csv");
  wcc_client_fetch_bytes_async (self->client, path, cancellable, on_csv_fetched, g_steal_pointer (&task));
}

gboolean
wcc_report_export_finish (WccReport     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
