/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-lines.c: the status line and the editable definition lines of the Set-up
 * sections (custom fields, questions). */
#define G_LOG_DOMAIN "wcc-setup-lines"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-setup-lines.h"

void
wcc_setup_set_status (GtkLabel   *label,
                      const char *text,
                      gboolean    error)
{
  gtk_label_set_label (label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
on_move_up (GtkWidget *button)
{
  GtkListBoxRow *row = GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row)));
  int index = gtk_list_box_row_get_index (row);

  if (index <= 0)
    return;
  g_object_ref (row);
  gtk_list_box_remove (list, GTK_WIDGET (row));
  gtk_list_box_insert (list, GTK_WIDGET (row), index - 1);
  g_object_unref (row);
}

static void
on_remove (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
}

static GtkWidget *
named_input (GtkWidget              *widget,
             const WccSetupLineKind *kind,
             const char             *part)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", kind->prefix, part);

  gtk_widget_set_name (widget, name);
  return widget;
}

static GtkWidget *
icon_button (const char *icon,
             const char *tip,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", callback, NULL);
  return button;
}

void
wcc_setup_line_append (GtkListBox             *list,
                       const WccSetupLineKind *kind,
                       JsonObject             *definition)
{
  g_autoptr(GtkStringList) type_labels = gtk_string_list_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = named_input (gtk_entry_new (), kind, "name");
  GtkWidget *label = named_input (gtk_entry_new (), kind, "label");
  GtkWidget *type, *required, *choices;
  GtkWidget *row = gtk_list_box_row_new ();

  for (guint i = 0; kind->type_labels[i] != NULL; i++)
    gtk_string_list_append (type_labels, _(kind->type_labels[i]));
  type = named_input (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&type_labels)), NULL), kind, "type");
  required = named_input (gtk_check_button_new_with_label (_("Required")), kind, "required");
  choices = named_input (gtk_entry_new (), kind, "choices");
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("name (a-z, 0-9, _)"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (label), kind->with_name ? _("Label") : _("Question"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (choices), _("Choices, separated by ;"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_hexpand (choices, TRUE);
  gtk_widget_set_visible (name, kind->with_name);
  gtk_widget_set_margin_top (line, 6);
  gtk_widget_set_margin_bottom (line, 6);
  gtk_widget_set_margin_start (line, 6);
  gtk_widget_set_margin_end (line, 6);
  if (definition != NULL)
    {
      JsonNode *choices_node = json_object_get_member (definition, "choices");
      JsonArray *list_of_choices = choices_node != NULL && JSON_NODE_HOLDS_ARRAY (choices_node)
                                   ? json_node_get_array (choices_node) : NULL;   /* choice types only */
      g_autoptr(GString) joined = g_string_new (NULL);

      if (json_object_has_member (definition, "id"))
        g_object_set_data (G_OBJECT (row), "definition-id",
                           GINT_TO_POINTER ((int) json_object_get_int_member (definition, "id")));
      gtk_editable_set_text (GTK_EDITABLE (name), json_object_get_string_member_with_default (definition, "name", ""));
      gtk_editable_set_text (GTK_EDITABLE (label), json_object_get_string_member_with_default (definition, "label", ""));
      for (guint i = 0; kind->types[i] != NULL; i++)
        if (g_strcmp0 (json_object_get_string_member_with_default (definition, "type", ""), kind->types[i]) == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (type), i);
      gtk_widget_set_sensitive (type, !kind->fixed_type);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (required),
                                   json_object_get_boolean_member_with_default (definition, "required", FALSE));
      for (guint i = 0; list_of_choices != NULL && i < json_array_get_length (list_of_choices); i++)
        g_string_append_printf (joined, "%s%s", i > 0 ? "; " : "", json_array_get_string_element (list_of_choices, i));
      gtk_editable_set_text (GTK_EDITABLE (choices), joined->str);
    }
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), type);
  gtk_box_append (GTK_BOX (line), required);
  gtk_box_append (GTK_BOX (line), choices);
  if (kind->movable)
    gtk_box_append (GTK_BOX (line), icon_button ("go-up-symbolic", _("Move up"), G_CALLBACK (on_move_up)));
  gtk_box_append (GTK_BOX (line), icon_button ("user-trash-symbolic", _(kind->remove_tip), G_CALLBACK (on_remove)));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
  gtk_list_box_append (list, row);
}

JsonArray *
wcc_setup_lines_read (GtkListBox             *list,
                      const WccSetupLineKind *kind)
{
  JsonArray *definitions = json_array_new ();
  guint n_types = g_strv_length ((GStrv) kind->types);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *name = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      GtkWidget *label = gtk_widget_get_next_sibling (name);
      GtkWidget *type = gtk_widget_get_next_sibling (label);
      GtkWidget *required = gtk_widget_get_next_sibling (type);
      GtkWidget *choices = gtk_widget_get_next_sibling (required);
      const char *type_name = kind->types[MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (type)), n_types - 1)];
      int id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "definition-id"));
      JsonObject *definition = json_object_new ();

      if (id > 0)
        json_object_set_int_member (definition, "id", id);
      if (kind->with_name)
        json_object_set_string_member (definition, "name", gtk_editable_get_text (GTK_EDITABLE (name)));
      json_object_set_string_member (definition, "label", gtk_editable_get_text (GTK_EDITABLE (label)));
      json_object_set_string_member (definition, "type", type_name);
      json_object_set_boolean_member (definition, "required",
                                      gtk_check_button_get_active (GTK_CHECK_BUTTON (required)));
      if (g_strv_contains (kind->choice_types, type_name))
        {
          g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (choices)), ";", -1);
          JsonArray *texts = json_array_new ();

          for (guint i = 0; parts[i] != NULL; i++)
            if (*g_strstrip (parts[i]) != '\0')
              json_array_add_string_element (texts, parts[i]);
          json_object_set_array_member (definition, "choices", texts);
        }
      json_array_add_object_element (definitions, definition);
    }
  return definitions;
}

void
wcc_setup_lines_clear (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}
