/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-team-page.c: the members of the groups a leader or client admin oversees. */
#define G_LOG_DOMAIN "wcc-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-status-icon.h"
#include "wcc-team-page.h"

struct _WccTeamPage
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkBox        *groups_box;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;

  /* owned references */
  WccClient     *client;
  GListModel    *groups;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (WccTeamPage, wcc_team_page, ADW_TYPE_BIN)

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  WccTeamPage *self = WCC_TEAM_PAGE (user_data);
  WccGroupMember *member = WCC_GROUP_MEMBER (item);
  WccUser *user = wcc_client_get_user (self->client);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, wcc_group_member_get_display_name (member), TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_group_member_get_display_name (member));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), wcc_group_member_get_account (member));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  if (wcc_group_member_get_leader (member))
    {
      GtkWidget *badge = gtk_label_new (_("Leader"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "leader-badge");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  /* R3: a leader opens the work view of the agents of their groups. */
  else if (user != NULL && wcc_group_member_get_id (member) != wcc_user_get_id (user))
    {
      g_autofree char *name = g_strdup_printf ("work-view-%" G_GINT64_FORMAT, wcc_group_member_get_id (member));
      GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");

      gtk_widget_set_name (open, name);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, _("Open the agent's work"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open the agent's work"), -1);
      gtk_widget_add_css_class (open, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-agent-work");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (open),
                                              g_variant_new_int64 (wcc_group_member_get_id (member)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  return row;
}

/* One boxed list per group, bound to the group's member model. */
static GtkWidget *
create_group_section (WccTeamPage *self,
                      WccGroup    *group)
{
  GListModel *members = wcc_group_get_members (group);
  guint n_members = g_list_model_get_n_items (members);
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (wcc_group_get_name (group));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n_members),
                                            n_members);
  GtkWidget *subtitle = gtk_label_new (count);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), members, create_member_row, self, NULL);

  gtk_box_append (GTK_BOX (section), title);
  gtk_box_append (GTK_BOX (section), subtitle);
  gtk_box_append (GTK_BOX (section), list);
  return section;
}

/* Client admins oversee every group; a leader the groups they lead. */
static gboolean
oversees_group (WccUser  *user,
                WccGroup *group)
{
  GListModel *members = wcc_group_get_members (group);

  if (wcc_user_has_role (user, WCC_ROLE_CLIENT_ADMIN))
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(WccGroupMember) member = g_list_model_get_item (members, i);

      if (wcc_group_member_get_id (member) == wcc_user_get_id (user) &&
          wcc_group_member_get_leader (member))
        return TRUE;
    }
  return FALSE;
}

static void
show_groups (WccTeamPage *self)
{
  WccUser *user = wcc_client_get_user (self->client);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  for (guint i = 0; i < g_list_model_get_n_items (self->groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (self->groups, i);

      if (user == NULL || !oversees_group (user, group))
        continue;
      gtk_box_append (self->groups_box, create_group_section (self, group));
      shown++;
    }
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "groups" : "empty");
}

static void
on_groups_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccTeamPage) self = user_data;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GError) error = NULL;

  groups = wcc_client_list_groups_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (groups == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_set_object (&self->groups, groups);
  show_groups (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_team_page_reload (WCC_TEAM_PAGE (widget));
}

static void
wcc_team_page_dispose (GObject *object)
{
  WccTeamPage *self = WCC_TEAM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* The bin's child comes from the template: detach it through AdwBin first so the bin
   * does not unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_TEAM_PAGE);
  g_clear_object (&self->groups);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_team_page_parent_class)->dispose (object);
}

static void
wcc_team_page_finalize (GObject *object)
{
  WccTeamPage *self = WCC_TEAM_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_team_page_parent_class)->finalize (object);
}

static void
wcc_team_page_class_init (WccTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_team_page_dispose;
  object_class->finalize = wcc_team_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WccTeamPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WccTeamPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, WccTeamPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WccTeamPage, error_page);

  gtk_widget_class_install_action (widget_class, "team.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "team.reload", NULL);
}

static void
wcc_team_page_init (WccTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_spinner_spin_when_shown (self->spinner);
  wcc_status_page_set_icon_when_shown (self->empty_page, "system-users-symbolic");
  wcc_status_page_set_icon_when_shown (self->error_page, "network-error-symbolic");
}

void
wcc_team_page_set_client (WccTeamPage *self,
                          WccClient   *client)
{
  g_return_if_fail (WCC_IS_TEAM_PAGE (self));
  g_return_if_fail (client == NULL || WCC_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  g_clear_object (&self->groups);
  wcc_team_page_reload (self);
}

void
wcc_team_page_reload (WccTeamPage *self)
{
  WccUser *user;

  g_return_if_fail (WCC_IS_TEAM_PAGE (self));

  if (self->client == NULL)
    return;
  user = wcc_client_get_user (self->client);
  if (user == NULL || !wcc_user_has_role (user, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->groups == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  wcc_client_list_groups_async (self->client, self->cancellable,
                                on_groups_loaded, g_object_ref (self));
}

GListModel *
wcc_team_page_get_groups (WccTeamPage *self)
{
  g_return_val_if_fail (WCC_IS_TEAM_PAGE (self), NULL);
  return self->groups;
}
