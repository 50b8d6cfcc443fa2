/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-users-setup.c: the client's users for the client admin (issue 9): add one (with an
 * initial password, sent once and never stored here), edit names and roles, disable or
 * enable, reset a password. */
#define G_LOG_DOMAIN "wcc-users-setup"

#include <glib/gi18n.h>

#include "wcc-setup-form.h"
#include "wcc-users-setup.h"

struct _WccUsersSetup
{
  AdwBin       parent_instance;
  GtkListBox  *list;
  GtkLabel    *error_label;
  WccSession  *session;
  GPtrArray   *users;          /* JsonObject: User, by id */
};

G_DEFINE_FINAL_TYPE (WccUsersSetup, wcc_users_setup, ADW_TYPE_BIN)

static const char * const role_names[] = { "agent", "leader", "client_admin" };

static const char *
role_title (guint i)
{
  const char *titles[] = { N_("Agent"), N_("Leader"), N_("Administrator") };
  return _(titles[i]);
}

static gboolean
has_role (JsonObject *user,
          const char *role)
{
  JsonArray *roles = json_object_get_array_member (user, "roles");

  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    if (g_str_equal (json_array_get_string_element (roles, i), role))
      return TRUE;
  return FALSE;
}

static void on_reset_clicked (GtkButton *button, WccUsersSetup *self);

static void
show_users (WccUsersSetup *self)
{
  wcc_setup_list_clear (self->list);
  for (guint i = 0; i < self->users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (self->users, i);
      g_autoptr(GString) subtitle = g_string_new (json_object_get_string_member (user, "account"));
      g_autofree char *name = g_strdup_printf ("user-%s", json_object_get_string_member (user, "employee_id"));
      GtkWidget *row, *reset;

      for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
        if (has_role (user, role_names[r]))
          g_string_append_printf (subtitle, " · %s", role_title (r));
      if (json_object_get_boolean_member_with_default (user, "disabled", FALSE))
        g_string_append_printf (subtitle, " · %s", _("Disabled"));
      row = wcc_setup_row_new (name, json_object_get_string_member (user, "display_name"), subtitle->str);
      g_object_set_data_full (G_OBJECT (row), "user", json_object_ref (user), (GDestroyNotify) json_object_unref);
      reset = wcc_setup_row_add_button (row, "reset-password", "dialog-password-symbolic", _("Reset Password"));
      g_object_set_data (G_OBJECT (reset), "user", user);
      g_signal_connect (reset, "clicked", G_CALLBACK (on_reset_clicked), self);
      gtk_list_box_append (self->list, row);
    }
}

static void
on_users (GtkWidget  *section,
          JsonObject *answer,
          GError     *error)
{
  WccUsersSetup *self = WCC_USERS_SETUP (section);
  JsonArray *items;

  if (answer == NULL)
    return;
  items = json_object_get_array_member (answer, "items");
  g_ptr_array_set_size (self->users, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (self->users, json_object_ref (json_array_get_object_element (items, i)));
  show_users (self);
}

void
wcc_users_setup_reload (WccUsersSetup *self)
{
  g_return_if_fail (WCC_IS_USERS_SETUP (self));

  if (self->session != NULL)
    wcc_setup_read_all (wcc_session_get_client (self->session), "/api/v1/users?limit=200", GTK_WIDGET (self),
                        self->error_label, on_users);
}

static void
on_saved (GtkWidget  *section,
          JsonObject *answer,
          GError     *error)
{
  if (error == NULL)
    wcc_users_setup_reload (WCC_USERS_SETUP (section));
}

/* Adds the role switches of @user (NULL: a new user, an agent). */
static void
add_role_switches (AdwMessageDialog *form,
                   JsonObject       *user)
{
  for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
    wcc_setup_form_add_switch (form, role_names[r], role_title (r), NULL,
                               user ? has_role (user, role_names[r]) : r == 0);
}

/* The rows of a new user and of an edit: names and roles (@user NULL: a new agent). */
static void
add_names_and_roles (AdwMessageDialog *form,
                     JsonObject       *user)
{
  wcc_setup_form_add_entry (form, "surname", _("Surname"), user ? json_object_get_string_member (user, "surname") : NULL,
                            NULL);
  wcc_setup_form_add_entry (form, "given_name", _("Given Name"),
                            user ? json_object_get_string_member (user, "given_name") : NULL, NULL);
  add_role_switches (form, user);
}

/* A body with the names and roles of the form. */
static JsonObject *
names_and_roles (AdwMessageDialog *form)
{
  JsonObject *body = json_object_new ();
  JsonArray *roles = json_array_new ();

  for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
    if (wcc_setup_form_get_active (form, role_names[r]))
      json_array_add_string_element (roles, role_names[r]);
  json_object_set_string_member (body, "surname", wcc_setup_form_get_text (form, "surname"));
  json_object_set_string_member (body, "given_name", wcc_setup_form_get_text (form, "given_name"));
  json_object_set_array_member (body, "roles", roles);
  return body;
}

static void
on_secret_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccUsersSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_send_now_finish (WCC_CLIENT (source), result, &error);

  wcc_setup_show_error (self->error_label, error);
  if (answer != NULL)
    wcc_users_setup_reload (self);
}

static void
send_secret (WccUsersSetup *self,
             const char    *method,
             const char    *path,
             JsonObject    *body)
{
  wcc_client_send_now_async (wcc_session_get_client (self->session), method, path, body, NULL, on_secret_sent,
                                g_object_ref (self));
}

static void
on_add_response (AdwMessageDialog *form,
                 const char       *response,
                 WccUsersSetup    *self)
{
  g_autoptr(JsonObject) body = NULL;

  if (!g_str_equal (response, "save"))
    return;
  body = names_and_roles (form);
  json_object_set_string_member (body, "employee_id", wcc_setup_form_get_text (form, "employee_id"));
  json_object_set_string_member (body, "password", wcc_setup_form_get_text (form, "password"));
  send_secret (self, "POST", "/api/v1/users", body);
}

static void
on_add_clicked (WccUsersSetup *self)
{
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), _("New User"));

  wcc_setup_form_add_entry (form, "employee_id", _("Employee ID"), NULL, wcc_setup_check_employee_id);
  wcc_setup_form_add_password (form, "password", _("Initial Password"));
  add_names_and_roles (form, NULL);
  wcc_setup_form_present (form, "new-user", G_CALLBACK (on_add_response), self);
}

static void
on_edit_response (AdwMessageDialog *form,
                  const char       *response,
                  WccUsersSetup    *self)
{
  JsonObject *user = g_object_get_data (G_OBJECT (form), "user");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "save"))
    return;
  body = names_and_roles (form);
  json_object_set_boolean_member (body, "disabled", !wcc_setup_form_get_active (form, "enabled"));
  json_object_set_int_member (body, "version", json_object_get_int_member (user, "version"));
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, json_object_get_int_member (user, "id"));
  wcc_setup_write (self->session, "PATCH", path, body, GTK_WIDGET (self), self->error_label, on_saved);
}

static void
on_row_activated (WccUsersSetup *self,
                  GtkListBoxRow *row)
{
  JsonObject *user = g_object_get_data (G_OBJECT (row), "user");
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), json_object_get_string_member (user, "account"));

  g_object_set_data_full (G_OBJECT (form), "user", json_object_ref (user), (GDestroyNotify) json_object_unref);
  add_names_and_roles (form, user);
  wcc_setup_form_add_switch (form, "enabled", _("Can Log In"), _("A disabled user's sessions end at once"),
                             !json_object_get_boolean_member_with_default (user, "disabled", FALSE));
  wcc_setup_form_present (form, "edit-user", G_CALLBACK (on_edit_response), self);
}

static void
on_reset_response (AdwMessageDialog *form,
                   const char       *response,
                   WccUsersSetup    *self)
{
  JsonObject *user = g_object_get_data (G_OBJECT (form), "user");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "save"))
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "password", wcc_setup_form_get_text (form, "password"));
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT "/password", json_object_get_int_member (user, "id"));
  send_secret (self, "POST", path, body);
}

static void
on_reset_clicked (GtkButton     *button,
                  WccUsersSetup *self)
{
  JsonObject *user = g_object_get_data (G_OBJECT (button), "user");
  g_autofree char *heading = g_strdup_printf (_("New Password for %s"), json_object_get_string_member (user, "account"));
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), heading);

  adw_message_dialog_set_body (form, _("The user's sessions end; tell them the new password."));
  g_object_set_data_full (G_OBJECT (form), "user", json_object_ref (user), (GDestroyNotify) json_object_unref);
  wcc_setup_form_add_password (form, "password", _("New Password"));
  wcc_setup_form_present (form, "reset-password", G_CALLBACK (on_reset_response), self);
}

static void
on_event (WccUsersSetup *self,
          const char    *type,
          gint64         seq,
          JsonNode      *data)
{
  if (g_str_equal (type, "user.updated"))
    wcc_users_setup_reload (self);
}

void
wcc_users_setup_set_session (WccUsersSetup *self,
                             WccSession    *session)
{
  g_return_if_fail (WCC_IS_USERS_SETUP (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  wcc_setup_follow_events (session, GTK_WIDGET (self), G_CALLBACK (on_event), G_CALLBACK (wcc_users_setup_reload));
}

GtkWidget *
wcc_users_setup_new (void)
{
  return g_object_new (WCC_TYPE_USERS_SETUP, NULL);
}

static void
wcc_users_setup_dispose (GObject *object)
{
  WccUsersSetup *self = WCC_USERS_SETUP (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_USERS_SETUP);
  G_OBJECT_CLASS (wcc_users_setup_parent_class)->dispose (object);
}

static void
wcc_users_setup_class_init (WccUsersSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_users_setup_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-users-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, WccUsersSetup, list);
  gtk_widget_class_bind_template_child (widget_class, WccUsersSetup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
wcc_users_setup_init (WccUsersSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}
