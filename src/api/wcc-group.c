/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-group.c: an agent group with its members, as GET /groups lists it. */
#define G_LOG_DOMAIN "wcc-group"

#include "wcc-group.h"
#include "wcc-group-member.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccGroup
{
  GObject     parent_instance;

  gint64      id;
  char       *name;
  GListStore *members;
};

G_DEFINE_FINAL_TYPE (WccGroup, wcc_group, G_TYPE_OBJECT)

static void
wcc_group_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WccGroup *self = WCC_GROUP (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_MEMBERS: g_value_set_object (value, self->members); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_group_dispose (GObject *object)
{
  WccGroup *self = WCC_GROUP (object);

  g_clear_object (&self->members);

  G_OBJECT_CLASS (wcc_group_parent_class)->dispose (object);
}

static void
wcc_group_finalize (GObject *object)
{
  WccGroup *self = WCC_GROUP (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (wcc_group_parent_class)->finalize (object);
}

static void
wcc_group_class_init (WccGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_group_get_property;
  object_class->dispose = wcc_group_dispose;
  object_class->finalize = wcc_group_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_MEMBERS] = g_param_spec_object ("members", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_group_init (WccGroup *self)
{
  self->members = g_list_store_new (WCC_TYPE_GROUP_MEMBER);
}

WccGroup *
wcc_group_new_from_json (JsonObject *object)
{
  WccGroup *self;
  JsonNode *members;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (WCC_TYPE_GROUP, NULL);
  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
  members = json_object_get_member (object, "members");
  if (members != NULL && JSON_NODE_HOLDS_ARRAY (members))
    {
      JsonArray *array = json_node_get_array (members);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(WccGroupMember) member = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          member = wcc_group_member_new_from_json (json_node_get_object (element));
          g_list_store_append (self->members, member);
        }
    }
  return self;
}

gint64
wcc_group_get_id (WccGroup *self)
{
  g_return_val_if_fail (WCC_IS_GROUP (self), 0);
  return self->id;
}

const char *
wcc_group_get_name (WccGroup *self)
{
  g_return_val_if_fail (WCC_IS_GROUP (self), NULL);
  return self->name;
}

GListModel *
wcc_group_get_members (WccGroup *self)
{
  g_return_val_if_fail (WCC_IS_GROUP (self), NULL);
  return G_LIST_MODEL (self->members);
}
