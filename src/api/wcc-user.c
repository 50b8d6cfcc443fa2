/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-user.c: a user account as the server describes it, with notify for binding. */
#define G_LOG_DOMAIN "wcc-user"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-user.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_CLIENT,
  PROP_CLIENT_NAME,
  PROP_EMPLOYEE_ID,
  PROP_ACCOUNT,
  PROP_SURNAME,
  PROP_GIVEN_NAME,
  PROP_DISPLAY_NAME,
  PROP_ROLES,
  PROP_AVATAR_URL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccUser
{
  GObject   parent_instance;

  gint64    id;
  char     *client;
  char     *client_name;
  char     *employee_id;
  char     *account;
  char     *surname;
  char     *given_name;
  char     *display_name;
  WccRoles  roles;
  char     *avatar_url;
  gint64    version;
};

G_DEFINE_FINAL_TYPE (WccUser, wcc_user, G_TYPE_OBJECT)

/* Missing or null members read as NULL: the server sends null for "no avatar". */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  return json_node_get_int (node);
}

static void
update_string (WccUser     *self,
               char       **field,
               const char  *value,
               guint        prop)
{
  /* g_set_str() is GLib 2.76; this is the same on 2.74. */
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
wcc_user_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WccUser *self = WCC_USER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CLIENT: g_value_set_string (value, self->client); break;
    case PROP_CLIENT_NAME: g_value_set_string (value, self->client_name); break;
    case PROP_EMPLOYEE_ID: g_value_set_string (value, self->employee_id); break;
    case PROP_ACCOUNT: g_value_set_string (value, self->account); break;
    case PROP_SURNAME: g_value_set_string (value, self->surname); break;
    case PROP_GIVEN_NAME: g_value_set_string (value, self->given_name); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_ROLES: g_value_set_uint (value, self->roles); break;
    case PROP_AVATAR_URL: g_value_set_string (value, self->avatar_url); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_user_finalize (GObject *object)
{
  WccUser *self = WCC_USER (object);

  g_clear_pointer (&self->client, g_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->employee_id, g_free);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->surname, g_free);
  g_clear_pointer (&self->given_name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->avatar_url, g_free);

  G_OBJECT_CLASS (wcc_user_parent_class)->finalize (object);
}

static void
wcc_user_class_init (WccUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_user_get_property;
  object_class->finalize = wcc_user_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CLIENT] = g_param_spec_string ("client", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_NAME] = g_param_spec_string ("client-name", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYEE_ID] = g_param_spec_string ("employee-id", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT] = g_param_spec_string ("account", NULL, NULL, NULL, flags);
  properties[PROP_SURNAME] = g_param_spec_string ("surname", NULL, NULL, NULL, flags);
  properties[PROP_GIVEN_NAME] = g_param_spec_string ("given-name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLES] = g_param_spec_uint ("roles", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_user_init (WccUser *self)
{
}

WccUser *
wcc_user_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(WccUser) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (WCC_TYPE_USER, NULL);
  if (!wcc_user_update_from_json (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
wcc_user_update_from_json (WccUser     *self,
                           JsonObject  *object,
                           GError     **error)
{
  JsonNode *roles_node;
  WccRoles roles = WCC_ROLE_NONE;
  gint64 id;

  g_return_val_if_fail (WCC_IS_USER (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  id = member_int (object, "id");
  if (id <= 0 || member_string (object, "account") == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                   _("The server sent a user without an ID or account"));
      return FALSE;
    }

  roles_node = json_object_get_member (object, "roles");
  if (roles_node != NULL && JSON_NODE_HOLDS_ARRAY (roles_node))
    roles = wcc_roles_from_json (json_node_get_array (roles_node));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  update_string (self, &self->client, member_string (object, "client"), PROP_CLIENT);
  update_string (self, &self->client_name, member_string (object, "client_name"), PROP_CLIENT_NAME);
  update_string (self, &self->employee_id, member_string (object, "employee_id"), PROP_EMPLOYEE_ID);
  update_string (self, &self->account, member_string (object, "account"), PROP_ACCOUNT);
  update_string (self, &self->surname, member_string (object, "surname"), PROP_SURNAME);
  update_string (self, &self->given_name, member_string (object, "given_name"), PROP_GIVEN_NAME);
  update_string (self, &self->display_name, member_string (object, "display_name"), PROP_DISPLAY_NAME);
  update_string (self, &self->avatar_url, member_string (object, "avatar_url"), PROP_AVATAR_URL);
  if (self->roles != roles)
    {
      self->roles = roles;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLES]);
    }
  if (self->version != member_int (object, "version"))
    {
      self->version = member_int (object, "version");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gint64
wcc_user_get_id (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), 0);
  return self->id;
}

const char *
wcc_user_get_client (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->client;
}

const char *
wcc_user_get_client_name (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->client_name;
}

const char *
wcc_user_get_employee_id (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->employee_id;
}

const char *
wcc_user_get_account (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->account;
}

const char *
wcc_user_get_surname (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->surname;
}

const char *
wcc_user_get_given_name (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->given_name;
}

const char *
wcc_user_get_display_name (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->display_name;
}

WccRoles
wcc_user_get_roles (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), WCC_ROLE_NONE);
  return self->roles;
}

gboolean
wcc_user_has_role (WccUser  *self,
                   WccRoles  role)
{
  g_return_val_if_fail (WCC_IS_USER (self), FALSE);
  return (self->roles & role) != 0;
}

const char *
wcc_user_get_avatar_url (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), NULL);
  return self->avatar_url;
}

gint64
wcc_user_get_version (WccUser *self)
{
  g_return_val_if_fail (WCC_IS_USER (self), 0);
  return self->version;
}
