/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contacts-view.h: the softphone's Contacts list: favourites first, search, add, edit, delete, call, import, export. */
#pragma once

#include <adwaita.h>

#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACTS_VIEW (wcc_contacts_view_get_type ())
G_DECLARE_FINAL_TYPE (WccContactsView, wcc_contacts_view, WCC, CONTACTS_VIEW, AdwBin)

/* Signals: dial (const char *number); toast (const char *message).
 * Actions (group "contacts", the contact's id as "x"): call, edit, copy, delete, favourite
 * (toggles the star); add; import (asks which file), import-file ("s": a path, vCard or
 * CSV by content); export ("s": "vcf" or "csv", asks where), export-file ("s": a path,
 * the format by its extension). */

void wcc_contacts_view_set_softphone (WccContactsView *self,
                                      WccSoftphone    *softphone);
/* Opens the editor for a new contact with @number (and @name) filled in. */
void wcc_contacts_view_add           (WccContactsView *self,
                                      const char      *number,
                                      const char      *name);

G_END_DECLS
