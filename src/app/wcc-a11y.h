/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-a11y.h: accessible names for the parts libadwaita 1.2 builds and leaves unnamed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Names the show-password button that @row (an AdwPasswordEntryRow) builds: libadwaita 1.2
 * gives it an icon and no accessible name, so a screen reader says "GtkImage". */
void wcc_a11y_name_password_row (AdwPasswordEntryRow *row);

G_END_DECLS
