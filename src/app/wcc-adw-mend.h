/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-adw-mend.h: mends for faults of libadwaita 1.2 (Debian 12 has 1.2.2). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Mends two faults of an AdwPasswordEntryRow in libadwaita 1.2:
 * - its show-password button has an icon and no accessible name (a screen reader says
 *   "GtkImage"): named "Show Password";
 * - it leaves its "notify::has-focus" and "notify::visibility" handlers on its inner GtkText
 *   when it is destroyed; when that text had the focus, the window keeps it and clears the
 *   focus later, calling the handlers on the freed row (a crash closing a dialog or the
 *   login window after typing a password): disconnected when the row is destroyed. */
void wcc_mend_password_row (AdwPasswordEntryRow *row);

G_END_DECLS
