/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-a11y.c: accessible names for the parts libadwaita 1.2 builds and leaves unnamed. */
#include "config.h"

#include <glib/gi18n.h>

#include "wcc-a11y.h"

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

void
wcc_a11y_name_password_row (AdwPasswordEntryRow *row)
{
  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  /* Its only button: the app adds no suffixes to a password row. */
  name_buttons_below (GTK_WIDGET (row), _("Show Password"));
}
