/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-quick-search.h: the header bar's quick search (S10): the knowledge base and a customer
 * by full phone number, as the user types. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_QUICK_SEARCH (wcc_quick_search_get_type ())
G_DECLARE_FINAL_TYPE (WccQuickSearch, wcc_quick_search, WCC, QUICK_SEARCH, AdwBin)

void        wcc_quick_search_set_client (WccQuickSearch *self,
                                         WccClient      *client);
/* Puts the cursor in the entry (Ctrl+K). */
void        wcc_quick_search_focus      (WccQuickSearch *self);
/* Text with the server's highlights (between U+0002 and U+0003) as Pango markup, bold. */
char       *wcc_quick_search_markup     (const char     *text);

G_END_DECLS
