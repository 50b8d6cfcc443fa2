/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-groups-setup.c: the agent groups for the client admin (issue 9): add, rename,
 * delete (the server refuses while a group has members or tasks), and its members and
 * leaders. */
#define G_LOG_DOMAIN "wcc-groups-setup"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-groups-setup.h"
#include "wcc-setup-form.h"

struct _WccGroupsSetup
{
  AdwBin       parent_instance;
  GtkListBox  *list;
  GtkLabel    *error_label;
  WccSession  *session;
};

G_DEFINE_FINAL_TYPE (WccGroupsSetup, wcc_groups_setup, ADW_TYPE_BIN)

enum { NOT_MEMBER, MEMBER, LEADER };

static char *
group_path (JsonObject *group,
            const char *tail)
{
  return g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT "%s", json_object_get_int_member (group, "id"), tail);
}

static void
on_saved (GtkWidget  *section,
          JsonObject *answer,
          GError     *error)
{
  if (error == NULL)
    wcc_groups_setup_reload (WCC_GROUPS_SETUP (section));
}

static void
on_members_response (AdwMessageDialog *form,
                     const char       *response,
                     WccGroupsSetup   *self)
{
  JsonObject *group = g_object_get_data (G_OBJECT (form), "group");
  JsonArray *users = g_object_get_data (G_OBJECT (form), "users");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;
  JsonArray *members;

  if (!g_str_equal (response, "save"))
    return;
  body = json_object_new ();
  members = json_array_new ();
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      g_autofree char *name = g_strdup_printf ("member-%s", json_object_get_string_member (user, "employee_id"));
      guint choice = wcc_setup_form_get_choice (form, name);
      JsonObject *member;

      if (choice != MEMBER && choice != LEADER)
        continue;
      member = json_object_new ();
      json_object_set_int_member (member, "id", json_object_get_int_member (user, "id"));
      json_object_set_boolean_member (member, "leader", choice == LEADER);
      json_array_add_object_element (members, member);
    }
  json_object_set_array_member (body, "members", members);
  json_object_set_int_member (body, "version", json_object_get_int_member (group, "version"));
  path = group_path (group, "/members");
  wcc_setup_write (self->session, "PUT", path, body, GTK_WIDGET (self), self->error_label, on_saved);
}

static guint
membership (JsonObject *group,
            gint64      user_id)
{
  JsonArray *members = json_object_get_array_member (group, "members");

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      if (json_object_get_int_member (member, "id") == user_id)
        return json_object_get_boolean_member (member, "leader") ? LEADER : MEMBER;
    }
  return NOT_MEMBER;
}

/* The members dialog, once the users are read. */
static void
on_users_for_members (GtkWidget  *section,
                      JsonObject *answer,
                      GError     *error)
{
  WccGroupsSetup *self = WCC_GROUPS_SETUP (section);
  JsonObject *group = g_object_get_data (G_OBJECT (self), "members-of");
  const char *choices[] = { _("Not a Member"), _("Member"), _("Leader"), NULL };
  g_autofree char *heading = NULL;
  AdwMessageDialog *form;
  JsonArray *users;

  if (answer == NULL || group == NULL)
    return;
  users = json_object_get_array_member (answer, "items");
  heading = g_strdup_printf (_("Members of %s"), json_object_get_string_member (group, "name"));
  form = wcc_setup_form_new (GTK_WIDGET (self), heading);
  g_object_set_data_full (G_OBJECT (form), "group", json_object_ref (group), (GDestroyNotify) json_object_unref);
  g_object_set_data_full (G_OBJECT (form), "users", json_array_ref (users), (GDestroyNotify) json_array_unref);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      g_autofree char *name = g_strdup_printf ("member-%s", json_object_get_string_member (user, "employee_id"));
      g_autofree char *title = g_strdup_printf ("%s (%s)", json_object_get_string_member (user, "display_name"),
                                                json_object_get_string_member (user, "account"));

      wcc_setup_form_add_choice (form, name, title, choices, membership (group, json_object_get_int_member (user, "id")));
    }
  wcc_setup_form_present (form, "group-members", G_CALLBACK (on_members_response), self);
}

static void
on_members_clicked (GtkButton      *button,
                    WccGroupsSetup *self)
{
  JsonObject *group = g_object_get_data (G_OBJECT (gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW)),
                                         "group");

  g_object_set_data_full (G_OBJECT (self), "members-of", json_object_ref (group), (GDestroyNotify) json_object_unref);
  wcc_setup_read_all (wcc_session_get_client (self->session), "/api/v1/users?limit=200", GTK_WIDGET (self),
                      self->error_label, on_users_for_members);
}

static void
delete_group (GtkWidget *section,
              gpointer   data)
{
  WccGroupsSetup *self = WCC_GROUPS_SETUP (section);
  g_autofree char *path = group_path (data, "");

  wcc_setup_write (self->session, "DELETE", path, NULL, section, self->error_label, on_saved);
}

static void
on_delete_clicked (GtkButton      *button,
                   WccGroupsSetup *self)
{
  JsonObject *group = g_object_get_data (G_OBJECT (gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW)),
                                         "group");
  g_autofree char *heading = g_strdup_printf (_("Delete the group %s?"), json_object_get_string_member (group, "name"));

  wcc_setup_confirm_delete (GTK_WIDGET (self), heading, _("A group with members or tasks cannot be deleted."),
                            delete_group, json_object_ref (group), (GDestroyNotify) json_object_unref);
}

static void
on_groups (GtkWidget  *section,
           JsonObject *answer,
           GError     *error)
{
  WccGroupsSetup *self = WCC_GROUPS_SETUP (section);
  JsonArray *items;

  if (answer == NULL)
    return;
  wcc_setup_list_clear (self->list);
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *group = json_array_get_object_element (items, i);
      JsonArray *members = json_object_get_array_member (group, "members");
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autoptr(GString) leaders = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("group-%s", json_object_get_string_member (group, "name"));
      GtkWidget *row, *button;

      for (guint j = 0; j < json_array_get_length (members); j++)
        {
          JsonObject *member = json_array_get_object_element (members, j);
          if (json_object_get_boolean_member (member, "leader"))
            g_string_append_printf (leaders, "%s%s", leaders->len ? ", " : "",
                                    json_object_get_string_member (member, "display_name"));
        }
      g_string_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", json_array_get_length (members)),
                       json_array_get_length (members));
      if (leaders->len > 0)
        /* TRANSLATORS: after the count of a group's members: its leaders' names. */
        g_string_append_printf (subtitle, _(" · led by %s"), leaders->str);
      row = wcc_setup_row_new (name, json_object_get_string_member (group, "name"), subtitle->str);
      g_object_set_data_full (G_OBJECT (row), "group", json_object_ref (group), (GDestroyNotify) json_object_unref);
      button = wcc_setup_row_add_button (row, "members", "system-users-symbolic", _("Members and Leaders"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_members_clicked), self);
      button = wcc_setup_row_add_button (row, "delete", "user-trash-symbolic", _("Delete Group"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_delete_clicked), self);
      gtk_list_box_append (self->list, row);
    }
}

void
wcc_groups_setup_reload (WccGroupsSetup *self)
{
  g_return_if_fail (WCC_IS_GROUPS_SETUP (self));

  if (self->session != NULL)
    wcc_setup_read (wcc_session_get_client (self->session), "/api/v1/groups", GTK_WIDGET (self), self->error_label,
                    on_groups);
}

static void
on_name_response (AdwMessageDialog *form,
                  const char       *response,
                  WccGroupsSetup   *self)
{
  JsonObject *group = g_object_get_data (G_OBJECT (form), "group");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "save"))
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "name", wcc_setup_form_get_text (form, "name"));
  if (group != NULL)
    json_object_set_int_member (body, "version", json_object_get_int_member (group, "version"));
  path = group != NULL ? group_path (group, "") : g_strdup ("/api/v1/groups");
  wcc_setup_write (self->session, group != NULL ? "PATCH" : "POST", path, body, GTK_WIDGET (self), self->error_label,
                   on_saved);
}

/* The name dialog: a new group (@group NULL) or a rename. */
static void
edit_name (WccGroupsSetup *self,
           JsonObject     *group)
{
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), group ? _("Rename Group") : _("New Group"));

  if (group != NULL)
    g_object_set_data_full (G_OBJECT (form), "group", json_object_ref (group), (GDestroyNotify) json_object_unref);
  wcc_setup_form_add_entry (form, "name", _("Name"), group ? json_object_get_string_member (group, "name") : NULL,
                            wcc_setup_check_required);
  wcc_setup_form_present (form, group ? "rename-group" : "new-group", G_CALLBACK (on_name_response), self);
}

static void
on_add_clicked (WccGroupsSetup *self)
{
  edit_name (self, NULL);
}

static void
on_row_activated (WccGroupsSetup *self,
                  GtkListBoxRow  *row)
{
  edit_name (self, g_object_get_data (G_OBJECT (row), "group"));
}

static void
on_event (WccGroupsSetup *self,
          const char     *type,
          gint64          seq,
          JsonNode       *data)
{
  if (g_str_equal (type, "group.updated") || g_str_equal (type, "group.removed"))
    wcc_groups_setup_reload (self);
}

void
wcc_groups_setup_set_session (WccGroupsSetup *self,
                              WccSession     *session)
{
  g_return_if_fail (WCC_IS_GROUPS_SETUP (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  wcc_setup_follow_events (session, GTK_WIDGET (self), G_CALLBACK (on_event), G_CALLBACK (wcc_groups_setup_reload));
}

GtkWidget *
wcc_groups_setup_new (void)
{
  return g_object_new (WCC_TYPE_GROUPS_SETUP, NULL);
}

static void
wcc_groups_setup_dispose (GObject *object)
{
  WccGroupsSetup *self = WCC_GROUPS_SETUP (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_GROUPS_SETUP);
  G_OBJECT_CLASS (wcc_groups_setup_parent_class)->dispose (object);
}

static void
wcc_groups_setup_class_init (WccGroupsSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_groups_setup_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-groups-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, WccGroupsSetup, list);
  gtk_widget_class_bind_template_child (widget_class, WccGroupsSetup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
wcc_groups_setup_init (WccGroupsSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
