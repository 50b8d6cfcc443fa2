/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-adw-mend.c: mends for faults of libadwaita 1.2 (Debian 12 has 1.2.2). */
#include "config.h"

#include <glib/gi18n.h>

#include "wcc-adw-mend.h"

static void
name_buttons_below (GtkWidget  *widget,
                    const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      else
        name_buttons_below (child, label);
    }
}

static void
free_weak_ref (gpointer data,
               GClosure *closure)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The row is going: its text can outlive it (a window keeps its focus widget until the window
 * itself goes), so nothing of the row may stay connected to the text. The text is held weakly
 * from the start: by now the row may have let go of it. */
static void
on_password_row_destroy (GtkWidget *row,
                         GWeakRef  *text_ref)
{
  g_autoptr(GObject) text = g_weak_ref_get (text_ref);

  if (text != NULL)
    g_signal_handlers_disconnect_by_data (text, row);
}

void
wcc_mend_password_row (AdwPasswordEntryRow *row)
{
  GWeakRef *text_ref;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  text_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (text_ref, gtk_editable_get_delegate (GTK_EDITABLE (row)));
  /* Its only button: the app adds no suffixes to a password row. */
  name_buttons_below (GTK_WIDGET (row), _("Show Password"));
  g_signal_connect_data (row, "destroy", G_CALLBACK (on_password_row_destroy), text_ref, free_weak_ref, 0);
}
