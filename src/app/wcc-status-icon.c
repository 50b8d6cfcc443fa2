/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-status-icon.c: a status page's icon set when the page is first shown. */
#define G_LOG_DOMAIN "wcc-status-icon"

#include "config.h"

#include "wcc-status-icon.h"

#define ICON_KEY "wcc-status-icon-name"

static void
on_page_map (AdwStatusPage *page)
{
  const char *icon_name = g_object_get_data (G_OBJECT (page), ICON_KEY);

  if (icon_name != NULL && g_strcmp0 (adw_status_page_get_icon_name (page), icon_name) != 0)
    adw_status_page_set_icon_name (page, icon_name);
}

void
wcc_status_page_set_icon_when_shown (AdwStatusPage *page,
                                     const char    *icon_name)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (g_object_get_data (G_OBJECT (page), ICON_KEY) == NULL)
    g_signal_connect (page, "map", G_CALLBACK (on_page_map), NULL);
  g_object_set_data_full (G_OBJECT (page), ICON_KEY, g_strdup (icon_name ? icon_name : ""), g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (page)))
    on_page_map (page);
}

/* A spinning GtkSpinner keeps its CSS animation going, and with it a relayout of the whole
 * window every frame, even on a stack page nobody sees: it spins only while on screen. */
void
wcc_spinner_spin_when_shown (GtkSpinner *spinner)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  g_signal_connect (spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
  gtk_spinner_set_spinning (spinner, gtk_widget_get_mapped (GTK_WIDGET (spinner)));
}
