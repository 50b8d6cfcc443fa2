/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-group.h: an agent group with its members, as GET /groups lists it. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WCC_TYPE_GROUP (wcc_group_get_type ())
G_DECLARE_FINAL_TYPE (WccGroup, wcc_group, WCC, GROUP, GObject)

WccGroup   *wcc_group_new_from_json  (JsonObject *object);

gint64      wcc_group_get_id         (WccGroup   *self);
const char *wcc_group_get_name       (WccGroup   *self);
/* A GListModel of WccGroupMember. */
GListModel *wcc_group_get_members    (WccGroup   *self);

G_END_DECLS
