/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record.c: a record of the server API as a GObject around its JSON object. */
#define G_LOG_DOMAIN "wcc-record"

#include "config.h"

#include "wcc-record.h"
#include "wcc-time.h"

enum {
  PROP_0,
  PROP_DATA,
  PROP_ID,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccRecord
{
  GObject     parent_instance;

  JsonObject *data;
};

G_DEFINE_FINAL_TYPE (WccRecord, wcc_record, G_TYPE_OBJECT)

static JsonNode *
get_value_member (WccRecord  *self,
                  const char *member)
{
  JsonNode *node = json_object_get_member (self->data, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

static void
wcc_record_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WccRecord *self = WCC_RECORD (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    case PROP_ID:
      g_value_set_int64 (value, wcc_record_get_id (self));
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, wcc_record_get_version (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_record_finalize (GObject *object)
{
  WccRecord *self = WCC_RECORD (object);

  g_clear_pointer (&self->data, json_object_unref);

  G_OBJECT_CLASS (wcc_record_parent_class)->finalize (object);
}

static void
wcc_record_class_init (WccRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_record_get_property;
  object_class->finalize = wcc_record_finalize;

  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_record_init (WccRecord *self)
{
}

WccRecord *
wcc_record_new (JsonObject *data)
{
  WccRecord *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (WCC_TYPE_RECORD, NULL);
  self->data = json_object_ref (data);
  return self;
}

JsonObject *
wcc_record_get_data (WccRecord *self)
{
  g_return_val_if_fail (WCC_IS_RECORD (self), NULL);
  return self->data;
}

gint64
wcc_record_get_id (WccRecord *self)
{
  return wcc_record_get_int (self, "id", 0);
}

gint64
wcc_record_get_version (WccRecord *self)
{
  return wcc_record_get_int (self, "version", 0);
}

const char *
wcc_record_get_string (WccRecord  *self,
                       const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), "");
  node = get_value_member (self, member);
  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

gint64
wcc_record_get_int (WccRecord  *self,
                    const char *member,
                    gint64      default_value)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), default_value);
  node = get_value_member (self, member);
  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : default_value;
}

gboolean
wcc_record_get_bool (WccRecord  *self,
                     const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), FALSE);
  node = get_value_member (self, member);
  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

double
wcc_record_get_double (WccRecord  *self,
                       const char *member,
                       double      default_value)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), default_value);
  node = get_value_member (self, member);
  if (node == NULL)
    return default_value;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return default_value;
}

JsonObject *
wcc_record_get_object (WccRecord  *self,
                       const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), NULL);
  node = json_object_get_member (self->data, member);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
wcc_record_get_array (WccRecord  *self,
                      const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (WCC_IS_RECORD (self), NULL);
  node = json_object_get_member (self->data, member);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gint64
wcc_record_get_time (WccRecord  *self,
                     const char *member)
{
  const char *text = wcc_record_get_string (self, member);
  gint64 seconds = 0;

  if (*text == '\0' || !wcc_time_from_rfc3339 (text, &seconds))
    return 0;
  return seconds;
}

void
wcc_record_update (WccRecord  *self,
                   JsonObject *data)
{
  gint64 old_version;

  g_return_if_fail (WCC_IS_RECORD (self));
  g_return_if_fail (data != NULL);

  if (data == self->data)
    return;
  if (json_object_get_int_member_with_default (data, "id", 0) != wcc_record_get_id (self))
    {
      g_warning ("Record %" G_GINT64_FORMAT " not updated with another record's data",
                 wcc_record_get_id (self));
      return;
    }
  /* An answer or an event that was overtaken by a newer one (a PATCH answered after the
   * customer.changed of a later edit) would roll the record back. */
  old_version = wcc_record_get_version (self);
  if (json_object_has_member (data, "version") &&
      json_object_get_int_member_with_default (data, "version", 0) < old_version)
    return;
  json_object_ref (data);
  g_clear_pointer (&self->data, json_object_unref);
  self->data = data;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
  if (wcc_record_get_version (self) != old_version)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

guint
wcc_record_store_replace (GListStore *store,
                          JsonArray  *items)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (G_IS_LIST_STORE (store), 0);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (records, wcc_record_new (json_node_get_object (element)));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), records->pdata, records->len);
  return records->len;
}
