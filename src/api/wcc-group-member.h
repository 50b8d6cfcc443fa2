/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-group-member.h: one member of an agent group, as GET /groups lists it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WCC_TYPE_GROUP_MEMBER (wcc_group_member_get_type ())
G_DECLARE_FINAL_TYPE (WccGroupMember, wcc_group_member, WCC, GROUP_MEMBER, GObject)

WccGroupMember *wcc_group_member_new_from_json    (JsonObject     *object);

gint64          wcc_group_member_get_id           (WccGroupMember *self);
const char     *wcc_group_member_get_account      (WccGroupMember *self);
const char     *wcc_group_member_get_display_name (WccGroupMember *self);
gboolean        wcc_group_member_get_leader       (WccGroupMember *self);

G_END_DECLS
