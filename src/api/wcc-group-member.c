/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-group-member.c: one member of an agent group, as GET /groups lists it. */
#define G_LOG_DOMAIN "wcc-group-member"

#include "wcc-group-member.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT,
  PROP_DISPLAY_NAME,
  PROP_LEADER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccGroupMember
{
  GObject   parent_instance;

  gint64    id;
  char     *account;
  char     *display_name;
  gboolean  leader;
};

G_DEFINE_FINAL_TYPE (WccGroupMember, wcc_group_member, G_TYPE_OBJECT)

static void
wcc_group_member_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccGroupMember *self = WCC_GROUP_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_ACCOUNT: g_value_set_string (value, self->account); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_LEADER: g_value_set_boolean (value, self->leader); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_group_member_finalize (GObject *object)
{
  WccGroupMember *self = WCC_GROUP_MEMBER (object);

  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (wcc_group_member_parent_class)->finalize (object);
}

static void
wcc_group_member_class_init (WccGroupMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_group_member_get_property;
  object_class->finalize = wcc_group_member_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT] = g_param_spec_string ("account", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_LEADER] = g_param_spec_boolean ("leader", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_group_member_init (WccGroupMember *self)
{
}

WccGroupMember *
wcc_group_member_new_from_json (JsonObject *object)
{
  WccGroupMember *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (WCC_TYPE_GROUP_MEMBER, NULL);
  self->id = json_object_get_int_member_with_default (object, "id", 0);
  self->account = g_strdup (json_object_get_string_member_with_default (object, "account", ""));
  self->display_name = g_strdup (json_object_get_string_member_with_default (object, "display_name", ""));
  self->leader = json_object_get_boolean_member_with_default (object, "leader", FALSE);
  return self;
}

gint64
wcc_group_member_get_id (WccGroupMember *self)
{
  g_return_val_if_fail (WCC_IS_GROUP_MEMBER (self), 0);
  return self->id;
}

const char *
wcc_group_member_get_account (WccGroupMember *self)
{
  g_return_val_if_fail (WCC_IS_GROUP_MEMBER (self), NULL);
  return self->account;
}

const char *
wcc_group_member_get_display_name (WccGroupMember *self)
{
  g_return_val_if_fail (WCC_IS_GROUP_MEMBER (self), NULL);
  return self->display_name;
}

gboolean
wcc_group_member_get_leader (WccGroupMember *self)
{
  g_return_val_if_fail (WCC_IS_GROUP_MEMBER (self), FALSE);
  return self->leader;
}
