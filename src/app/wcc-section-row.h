/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-section-row.h: one row of a customer section's list (a ticket, an order, …): title,
 * details, a badge and an optional button. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WCC_TYPE_SECTION_ROW (wcc_section_row_get_type ())
G_DECLARE_FINAL_TYPE (WccSectionRow, wcc_section_row, WCC, SECTION_ROW, GtkWidget)

GtkWidget *wcc_section_row_new        (void);
/* @subtitle, @badge may be NULL (hidden); @badge_class a style class of the badge
 * ("success", "warning", "error", "dim-label") or NULL. */
void       wcc_section_row_set        (WccSectionRow *self,
                                       const char    *title,
                                       const char    *subtitle,
                                       const char    *badge,
                                       const char    *badge_class);
/* A button at the end that activates @action with @target; @action NULL hides it. */
void       wcc_section_row_set_button (WccSectionRow *self,
                                       const char    *icon_name,
                                       const char    *tooltip,
                                       const char    *action,
                                       GVariant      *target);

G_END_DECLS
