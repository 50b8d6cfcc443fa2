/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-list.h: the softphone's contacts, a local SQLite file; a list model, favourites first. */
#pragma once

#include <gio/gio.h>

#include "wcc-contact.h"
#include "wcc-contact-card.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT_LIST (wcc_contact_list_get_type ())
G_DECLARE_FINAL_TYPE (WccContactList, wcc_contact_list, WCC, CONTACT_LIST, GObject)

/* A GListModel of WccContact: favourites first, then by name (as people sort names in the
 * user's language), kept in that order as contacts change. */

/* g_get_user_data_dir()/wcc-desktop/contacts-HOST_PORT-ACCOUNT.sqlite */
char       *wcc_contact_list_default_path (const char         *base_url,
                                           const char         *account);
/* The path of contacts kept in memory only (when the data folder cannot be written). */
#define WCC_CONTACT_LIST_IN_MEMORY ":memory:"

/* Opens (or creates, owner-only, WAL, schema version) the file. */
WccContactList *wcc_contact_list_open     (const char         *path,
                                           GError            **error);

/* A name (not blank) and at least one number with a digit, or WCC_ERROR_INVALID_FIELD. */
WccContact *wcc_contact_list_add          (WccContactList     *self,
                                           const char         *name,
                                           const char *const  *numbers,
                                           gboolean            favourite,
                                           GError            **error);
gboolean    wcc_contact_list_update       (WccContactList     *self,
                                           WccContact         *contact,
                                           const char         *name,
                                           const char *const  *numbers,
                                           gboolean            favourite,
                                           GError            **error);
gboolean    wcc_contact_list_set_favourite (WccContactList    *self,
                                           WccContact         *contact,
                                           gboolean            favourite,
                                           GError            **error);
gboolean    wcc_contact_list_remove       (WccContactList     *self,
                                           WccContact         *contact,
                                           GError            **error);
/* The first contact with @number (written any way), or NULL. */
WccContact *wcc_contact_list_find_number  (WccContactList     *self,
                                           const char         *number);

/* Adds the cards (WccContactCard) in one transaction: all or, on an error, none. A card
 * whose name and numbers a contact already has is not added twice. Returns how many were
 * added, or -1 and @error. */
int         wcc_contact_list_import       (WccContactList     *self,
                                           GPtrArray          *cards,
                                           GError            **error);
/* Every contact as cards, in the list's order (for wcc_vcard_write / wcc_contacts_csv_write). */
GPtrArray  *wcc_contact_list_to_cards     (WccContactList     *self);

G_END_DECLS
