/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-user.h: a user account as the server describes it, with notify for binding. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-roles.h"

G_BEGIN_DECLS

#define WCC_TYPE_USER (wcc_user_get_type ())
G_DECLARE_FINAL_TYPE (WccUser, wcc_user, WCC, USER, GObject)

WccUser    *wcc_user_new_from_json     (JsonObject  *object,
                                        GError     **error);
/* Applies a newer description of the same user; notifies only what changed. */
gboolean    wcc_user_update_from_json  (WccUser     *self,
                                        JsonObject  *object,
                                        GError     **error);

gint64      wcc_user_get_id            (WccUser     *self);
const char *wcc_user_get_client        (WccUser     *self);
const char *wcc_user_get_client_name   (WccUser     *self);
const char *wcc_user_get_employee_id   (WccUser     *self);
const char *wcc_user_get_account      (WccUser     *self);
const char *wcc_user_get_surname       (WccUser     *self);
const char *wcc_user_get_given_name    (WccUser     *self);
const char *wcc_user_get_display_name  (WccUser     *self);
WccRoles    wcc_user_get_roles         (WccUser     *self);
gboolean    wcc_user_has_role          (WccUser     *self,
                                        WccRoles     role);
const char *wcc_user_get_avatar_url    (WccUser     *self);
gint64      wcc_user_get_version       (WccUser     *self);

G_END_DECLS
