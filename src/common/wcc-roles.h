/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-roles.h: user roles and the account name `<employee-id>@<client>`. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  WCC_ROLE_NONE         = 0,
  WCC_ROLE_AGENT        = 1 << 0,
  WCC_ROLE_LEADER       = 1 << 1,
  WCC_ROLE_CLIENT_ADMIN = 1 << 2,
} WccRoles;

#define WCC_ROLES_ALL (WCC_ROLE_AGENT | WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN)

const char *wcc_role_to_string      (WccRoles     role);
WccRoles    wcc_role_from_string    (const char  *name);
char       *wcc_roles_to_csv        (WccRoles     roles);
gboolean    wcc_roles_from_csv      (const char  *csv,
                                     WccRoles    *out_roles);
JsonNode   *wcc_roles_to_json       (WccRoles     roles);
WccRoles    wcc_roles_from_json     (JsonArray   *array);

gboolean    wcc_employee_id_is_valid (const char *employee_id);
gboolean    wcc_client_name_is_valid (const char *client);
gboolean    wcc_account_parse       (const char  *account,
                                     char       **out_employee_id,
                                     char       **out_client,
                                     GError     **error);

G_END_DECLS
