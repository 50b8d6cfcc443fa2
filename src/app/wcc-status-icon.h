/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-status-icon.h: status pages whose big icon loads only when someone sees it. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A status page's big icon comes from the theme's SVG (no PNG at that size): loading it
 * maps librsvg (some 6 MiB) into the process. Set this way, the icon is loaded when the page
 * is first mapped (at once when it already is), not for every hidden page of a window — a
 * homogeneous stack measures its hidden pages too. */
void wcc_status_page_set_icon_when_shown (AdwStatusPage *page,
                                          const char    *icon_name);
/* Loading spinners spin only while mapped (a hidden one would still relayout the window
 * every frame). */
void wcc_spinner_spin_when_shown         (GtkSpinner    *spinner);

G_END_DECLS
