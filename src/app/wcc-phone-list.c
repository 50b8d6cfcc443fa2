/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-list.c: what the softphone's Recent and Contacts lists share: their rows, file choosers, files written. */
#define G_LOG_DOMAIN "wcc-phone-list"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-phone-list.h"

static void
toast (GtkWidget  *widget,
       const char *message)
{
  g_signal_emit_by_name (widget, "toast", message);
}

GtkWidget *
wcc_phone_list_row_new (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *lead = gtk_button_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *menu = gtk_menu_button_new ();

  gtk_widget_add_css_class (lead, "flat");
  gtk_widget_add_css_class (lead, "circular");
  gtk_widget_set_valign (lead, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL, _("More"), -1);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (row), lead);
  /* never shortened: what the subtitle would lose first at its end (a call's time) */
  gtk_widget_set_name (detail, "detail");
  gtk_label_set_xalign (GTK_LABEL (detail), 1);
  gtk_label_set_justify (GTK_LABEL (detail), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_valign (detail, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_widget_set_visible (detail, FALSE);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), detail);
  gtk_box_append (GTK_BOX (row), menu);
  return row;
}

static GtkWidget *
row_lead (GtkWidget *row)
{
  return gtk_widget_get_first_child (row);
}

static GtkWidget *
row_title (GtkWidget *row)
{
  return gtk_widget_get_first_child (gtk_widget_get_next_sibling (row_lead (row)));
}

void
wcc_phone_list_row_set (GtkWidget  *row,
                        const char *lead_icon,
                        const char *lead_tooltip,
                        const char *lead_action,
                        GVariant   *target,
                        const char *title,
                        const char *subtitle,
                        GMenuModel *menu)
{
  GtkWidget *lead = row_lead (row);
  GtkWidget *title_label = row_title (row);

  gtk_button_set_icon_name (GTK_BUTTON (lead), lead_icon);
  gtk_widget_set_tooltip_text (lead, lead_tooltip);
  /* The target first: an action name without its target is refused. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (lead), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (lead), lead_action);
  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title_label)), subtitle);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (gtk_widget_get_last_child (row)), menu);
  gtk_widget_set_visible (gtk_widget_get_last_child (row), menu != NULL);
}

void
wcc_phone_list_row_set_detail (GtkWidget  *row,
                               const char *detail)
{
  GtkWidget *label = gtk_widget_get_prev_sibling (gtk_widget_get_last_child (row));

  gtk_label_set_text (GTK_LABEL (label), detail != NULL ? detail : "");
  gtk_widget_set_visible (label, detail != NULL);
}

void
wcc_phone_list_row_mark (GtkWidget  *row,
                         const char *css_class,
                         gboolean    marked)
{
  if (marked)
    gtk_widget_add_css_class (row_title (row), css_class);
  else
    gtk_widget_remove_css_class (row_title (row), css_class);
}

GMenuModel *
wcc_phone_list_menu_new (gint64      id,
                         const char *first_label,
                         ...)
{
  GMenu *menu = g_menu_new ();
  va_list args;

  va_start (args, first_label);
  for (const char *label = first_label; label != NULL; label = va_arg (args, const char *))
    {
      const char *action = va_arg (args, const char *);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }
  va_end (args);
  return G_MENU_MODEL (menu);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     GtkWidget       *widget)
{
  WccFileChosen chosen = g_object_get_data (G_OBJECT (chooser), "chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        chosen (widget, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
wcc_phone_list_choose_file (GtkWidget     *widget,
                            gboolean       save,
                            const char    *title,
                            const char    *suggested_name,
                            GtkFileFilter *filter,
                            WccFileChosen  chosen)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "chosen", chosen);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  GtkWidget *widget;
  char      *done;
} Writing;

static void
on_file_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Writing *writing = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    toast (writing->widget, writing->done);
  else
    {
      /* TRANSLATORS: %s says why the file could not be written. */
      g_autofree char *message = g_strdup_printf (_("The file could not be saved: %s"), error->message);
      toast (writing->widget, message);
    }
  g_object_unref (writing->widget);
  g_free (writing->done);
  g_free (writing);
}

void
wcc_phone_list_write_file (GtkWidget  *widget,
                           GFile      *file,
                           char       *text,
                           const char *done)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));
  Writing *writing = g_new0 (Writing, 1);

  writing->widget = g_object_ref (widget);
  writing->done = g_strdup (done);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_file_written, writing);
}

void
wcc_phone_list_copy_number (GtkWidget  *widget,
                            const char *number)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), number);
  toast (widget, _("Number copied"));
}
