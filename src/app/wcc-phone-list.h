/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-list.h: what the softphone's Recent and Contacts lists share: their rows, file choosers, files written. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row: a round button in front (call again, or the favourite star), a title, a dim line
 * below, and a menu button (hidden when @menu is NULL). Made once per list item (setup),
 * filled on bind. */
GtkWidget *wcc_phone_list_row_new    (void);
void       wcc_phone_list_row_set    (GtkWidget  *row,
                                      const char *lead_icon,
                                      const char *lead_tooltip,
                                      const char *lead_action,
                                      GVariant   *target,
                                      const char *title,
                                      const char *subtitle,
                                      GMenuModel *menu);
/* A short text at the row's end, right-aligned and never shortened (a call's time and
 * length, one per line), or none (NULL). */
void       wcc_phone_list_row_set_detail (GtkWidget  *row,
                                          const char *detail);
/* Adds a CSS class to the row's title (e.g. "error" for a missed call), or removes it. */
void       wcc_phone_list_row_mark   (GtkWidget  *row,
                                      const char *css_class,
                                      gboolean    marked);
/* A menu of the row's actions, each with @id as its target. @items: label, action, …, NULL. */
GMenuModel *wcc_phone_list_menu_new  (gint64      id,
                                      const char *first_label,
                                      ...) G_GNUC_NULL_TERMINATED;

typedef void (*WccFileChosen) (GtkWidget *widget,
                               GFile     *file);

/* Asks for a file (GtkFileChooserNative: GtkFileDialog is GTK 4.10) and passes it to
 * @chosen; @save: where to write, with @suggested_name; else a file to open, of @filter. */
void       wcc_phone_list_choose_file (GtkWidget     *widget,
                                       gboolean       save,
                                       const char    *title,
                                       const char    *suggested_name,
                                       GtkFileFilter *filter,
                                       WccFileChosen  chosen);

/* Writes @text (taken) to @file; @widget's "toast" signal then says @done, or why not. */
void       wcc_phone_list_write_file  (GtkWidget     *widget,
                                       GFile         *file,
                                       char          *text,
                                       const char    *done);

/* Copies @number to the clipboard and says so with @widget's "toast". */
void       wcc_phone_list_copy_number (GtkWidget     *widget,
                                       const char    *number);

G_END_DECLS
