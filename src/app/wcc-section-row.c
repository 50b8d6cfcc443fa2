/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-section-row.c: one row of a customer section's list. */
#define G_LOG_DOMAIN "wcc-section-row"

#include "config.h"

#include "wcc-section-row.h"

struct _WccSectionRow
{
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkLabel  *badge_label;
  GtkButton *button;

  char      *badge_class;
};

G_DEFINE_FINAL_TYPE (WccSectionRow, wcc_section_row, GTK_TYPE_WIDGET)

static void
wcc_section_row_dispose (GObject *object)
{
  WccSectionRow *self = WCC_SECTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SECTION_ROW);
  g_clear_pointer (&self->badge_class, g_free);

  G_OBJECT_CLASS (wcc_section_row_parent_class)->dispose (object);
}

static void
wcc_section_row_class_init (WccSectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_section_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-section-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSectionRow, box);
  gtk_widget_class_bind_template_child (widget_class, WccSectionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, WccSectionRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WccSectionRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, WccSectionRow, button);
}

static void
wcc_section_row_init (WccSectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wcc_section_row_new (void)
{
  return g_object_new (WCC_TYPE_SECTION_ROW, NULL);
}

void
wcc_section_row_set (WccSectionRow *self,
                     const char    *title,
                     const char    *subtitle,
                     const char    *badge,
                     const char    *badge_class)
{
  g_return_if_fail (WCC_IS_SECTION_ROW (self));

  gtk_label_set_text (self->title_label, title ? title : "");
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && *subtitle != '\0');
  gtk_label_set_text (self->badge_label, badge ? badge : "");
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), badge != NULL && *badge != '\0');
  if (self->badge_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), self->badge_class);
  g_free (self->badge_class);
  self->badge_class = g_strdup (badge_class);
  if (badge_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), badge_class);
}

void
wcc_section_row_set_button (WccSectionRow *self,
                            const char    *icon_name,
                            const char    *tooltip,
                            const char    *action,
                            GVariant      *target)
{
  g_return_if_fail (WCC_IS_SECTION_ROW (self));

  if (action == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->button), FALSE);
      if (target != NULL)
        g_variant_unref (g_variant_ref_sink (target));
      return;
    }
  gtk_button_set_icon_name (self->button, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  /* The target first: an action name without its target is refused. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action);
  gtk_widget_set_visible (GTK_WIDGET (self->button), TRUE);
}
