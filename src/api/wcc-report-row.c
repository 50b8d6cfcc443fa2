/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report-row.c: one row of a summary report with its figures. */
#include "wcc-report-row.h"

#include "wcc-time.h"

struct _WccReportRow
{
  GObject     parent_instance;
  gint64      id;
  char       *name;
  char       *employee_id;
  gint64      start;
  gint64      offered, answered, abandoned, connected, talk_time, after_call_time, pause_time, success;
  double      avg_wait, avg_talk;
  GHashTable *pauses;        /* reason id → seconds (gint64 *) */
};

G_DEFINE_FINAL_TYPE (WccReportRow, wcc_report_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMPLOYEE_ID,
  PROP_START,
  PROP_FIRST_FIGURE,
};

/* The figures: property name, JSON member, where, whether a double. */
static const struct {
  const char *property;
  const char *member;
  gsize       offset;
  gboolean    is_double;
} figures[] = {
  { "offered", "offered", G_STRUCT_OFFSET (WccReportRow, offered), FALSE },
  { "answered", "answered", G_STRUCT_OFFSET (WccReportRow, answered), FALSE },
  { "abandoned", "abandoned", G_STRUCT_OFFSET (WccReportRow, abandoned), FALSE },
  { "avg-wait", "avg_wait", G_STRUCT_OFFSET (WccReportRow, avg_wait), TRUE },
  { "connected", "connected", G_STRUCT_OFFSET (WccReportRow, connected), FALSE },
  { "talk-time", "talk_time", G_STRUCT_OFFSET (WccReportRow, talk_time), FALSE },
  { "avg-talk", "avg_talk", G_STRUCT_OFFSET (WccReportRow, avg_talk), TRUE },
  { "after-call-time", "after_call_time", G_STRUCT_OFFSET (WccReportRow, after_call_time), FALSE },
  { "pause-time", "pause_time", G_STRUCT_OFFSET (WccReportRow, pause_time), FALSE },
  { "success", "success", G_STRUCT_OFFSET (WccReportRow, success), FALSE },
};

static GParamSpec *properties[PROP_FIRST_FIGURE + G_N_ELEMENTS (figures)];

static void
wcc_report_row_finalize (GObject *object)
{
  WccReportRow *self = WCC_REPORT_ROW (object);

  g_free (self->name);
  g_free (self->employee_id);
  g_hash_table_unref (self->pauses);
  G_OBJECT_CLASS (wcc_report_row_parent_class)->finalize (object);
}

static void
wcc_report_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WccReportRow *self = WCC_REPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_EMPLOYEE_ID:
      g_value_set_string (value, self->employee_id);
      break;
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;
    default:
      if (prop_id >= PROP_FIRST_FIGURE && prop_id < PROP_FIRST_FIGURE + G_N_ELEMENTS (figures))
        {
          guint i = prop_id - PROP_FIRST_FIGURE;

          if (figures[i].is_double)
            g_value_set_double (value, G_STRUCT_MEMBER (double, self, figures[i].offset));
          else
            g_value_set_int64 (value, G_STRUCT_MEMBER (gint64, self, figures[i].offset));
          break;
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_report_row_class_init (WccReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = wcc_report_row_finalize;
  object_class->get_property = wcc_report_row_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYEE_ID] = g_param_spec_string ("employee-id", NULL, NULL, NULL, flags);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0, flags);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    properties[PROP_FIRST_FIGURE + i] = figures[i].is_double
      ? g_param_spec_double (figures[i].property, NULL, NULL, 0, G_MAXDOUBLE, 0, flags)
      : g_param_spec_int64 (figures[i].property, NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
wcc_report_row_init (WccReportRow *self)
{
  self->pauses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

WccReportRow *
wcc_report_row_new_from_json (JsonObject *object)
{
  WccReportRow *self = g_object_new (WCC_TYPE_REPORT_ROW, NULL);
  JsonArray *pauses;
  const char *start;

  /* NULL: a row of zeros. */
  if (object == NULL)
    return self;

  if (json_object_has_member (object, "group_id"))
    self->id = json_object_get_int_member (object, "group_id");
  else if (json_object_has_member (object, "user_id"))
    self->id = json_object_get_int_member (object, "user_id");
  self->name = g_strdup (string_member (object, json_object_has_member (object, "name") ? "name" : "display_name"));
  self->employee_id = g_strdup (string_member (object, "employee_id"));
  if ((start = string_member (object, "start")) != NULL && !wcc_time_from_rfc3339 (start, &self->start))
    self->start = 0;
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      JsonNode *node = json_object_get_member (object, figures[i].member);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (figures[i].is_double)
        G_STRUCT_MEMBER (double, self, figures[i].offset) = json_node_get_double (node);
      else
        G_STRUCT_MEMBER (gint64, self, figures[i].offset) = json_node_get_int (node);
    }
  pauses = json_object_has_member (object, "pause_reasons") ? json_object_get_array_member (object, "pause_reasons") : NULL;
  for (guint i = 0; pauses != NULL && i < json_array_get_length (pauses); i++)
    {
      JsonObject *pause = json_array_get_object_element (pauses, i);
      JsonNode *id = json_object_get_member (pause, "id");
      gint64 reason_id = id != NULL && !JSON_NODE_HOLDS_NULL (id) ? json_node_get_int (id) : 0;

      g_hash_table_insert (self->pauses, g_memdup2 (&reason_id, sizeof reason_id),
                           g_memdup2 (&(gint64) { json_object_get_int_member (pause, "seconds") }, sizeof (gint64)));
    }
  return self;
}

gint64
wcc_report_row_get_id (WccReportRow *self)
{
  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), 0);
  return self->id;
}

const char *
wcc_report_row_get_name (WccReportRow *self)
{
  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), NULL);
  return self->name;
}

const char *
wcc_report_row_get_employee_id (WccReportRow *self)
{
  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), NULL);
  return self->employee_id;
}

gint64
wcc_report_row_get_start (WccReportRow *self)
{
  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), 0);
  return self->start;
}

double
wcc_report_row_get_figure (WccReportRow *self,
                           const char   *name)
{
  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (g_str_equal (figures[i].property, name))
      return figures[i].is_double ? G_STRUCT_MEMBER (double, self, figures[i].offset)
                                  : (double) G_STRUCT_MEMBER (gint64, self, figures[i].offset);
  g_return_val_if_reached (0);
}

gint64
wcc_report_row_get_pause_seconds (WccReportRow *self,
                                  gint64        reason_id)
{
  gint64 *seconds;

  g_return_val_if_fail (WCC_IS_REPORT_ROW (self), 0);
  seconds = g_hash_table_lookup (self->pauses, &reason_id);
  return seconds ? *seconds : 0;
}
