/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-roles.c: user roles and the account name `<employee-id>@<client>`. */
#define G_LOG_DOMAIN "wcc-roles"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-roles.h"

static const struct {
  WccRoles role;
  const char *name;
} role_names[] = {
  { WCC_ROLE_AGENT, "agent" },
  { WCC_ROLE_LEADER, "leader" },
  { WCC_ROLE_CLIENT_ADMIN, "client_admin" },
};

const char *
wcc_role_to_string (WccRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return NULL;
}

WccRoles
wcc_role_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
      if (g_str_equal (role_names[i].name, name))
        return role_names[i].role;
  return WCC_ROLE_NONE;
}

char *
wcc_roles_to_csv (WccRoles roles)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      g_string_append_printf (out, "%s%s", out->len ? "," : "", role_names[i].name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
wcc_roles_from_csv (const char *csv,
                    WccRoles   *out_roles)
{
  g_auto(GStrv) parts = NULL;
  WccRoles roles = WCC_ROLE_NONE;

  g_return_val_if_fail (out_roles != NULL, FALSE);

  parts = g_strsplit (csv ? csv : "", ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *part = g_strstrip (parts[i]);
      WccRoles role;

      if (*part == '\0')
        continue;
      role = wcc_role_from_string (part);
      if (role == WCC_ROLE_NONE)
        return FALSE;
      roles |= role;
    }
  *out_roles = roles;
  return TRUE;
}

JsonNode *
wcc_roles_to_json (WccRoles roles)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      json_array_add_string_element (array, role_names[i].name);
  json_node_take_array (node, array);
  return node;
}

WccRoles
wcc_roles_from_json (JsonArray *array)
{
  WccRoles roles = WCC_ROLE_NONE;

  if (array == NULL)
    return roles;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        roles |= wcc_role_from_string (json_node_get_string (node));
    }
  return roles;
}

static gboolean
all_chars_in (const char *s,
              const char *extra,
              gboolean    allow_upper)
{
  for (; *s; s++)
    {
      if (g_ascii_isdigit (*s) || g_ascii_islower (*s))
        continue;
      if (allow_upper && g_ascii_isupper (*s))
        continue;
      if (strchr (extra, *s) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Employee IDs double as SIP user names and extensions: keep them to URI-safe ASCII. */
gboolean
wcc_employee_id_is_valid (const char *employee_id)
{
  gsize len = employee_id ? strlen (employee_id) : 0;

  return len >= 1 && len <= 32 && all_chars_in (employee_id, "._-", TRUE);
}

/* Client names are SIP domains/realms and appear in accounts: lower-case DNS labels. */
gboolean
wcc_client_name_is_valid (const char *client)
{
  gsize len = client ? strlen (client) : 0;

  return len >= 1 && len <= 32 && client[0] != '-' && client[len - 1] != '-' &&
         all_chars_in (client, "-", FALSE);
}

gboolean
wcc_account_parse (const char  *account,
                   char       **out_employee_id,
                   char       **out_client,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *client = NULL;
  g_autofree char *employee_id = NULL;
  const char *at;

  g_return_val_if_fail (out_employee_id != NULL, FALSE);
  g_return_val_if_fail (out_client != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (account ? account : ""));
  at = strrchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0')
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The account must look like employee-id@client"));
      return FALSE;
    }
  /* Client names are case-insensitive like the domains they are. */
  client = g_ascii_strdown (at + 1, -1);
  employee_id = g_strndup (trimmed, at - trimmed);
  if (!wcc_employee_id_is_valid (employee_id) ||
      !wcc_client_name_is_valid (client))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The account must look like employee-id@client"));
      return FALSE;
    }
  *out_employee_id = g_steal_pointer (&employee_id);
  *out_client = g_steal_pointer (&client);
  return TRUE;
}
