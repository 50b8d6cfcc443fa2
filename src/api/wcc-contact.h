/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact.h: one of the softphone's own contacts: a name, numbers, a favourite star. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT (wcc_contact_get_type ())
G_DECLARE_FINAL_TYPE (WccContact, wcc_contact, WCC, CONTACT, GObject)

/* Properties (read-only, notify; changed through WccContactList): "id" int64, "name"
 * string, "numbers" GStrv (at least one), "favourite" boolean. */

gint64              wcc_contact_get_id        (WccContact *self);
const char         *wcc_contact_get_name      (WccContact *self);
const char *const  *wcc_contact_get_numbers   (WccContact *self);
gboolean            wcc_contact_get_favourite (WccContact *self);
/* TRUE when one of its numbers is @number written any way (wcc_phone_numbers_match). */
gboolean            wcc_contact_has_number    (WccContact *self,
                                               const char *number);

/* For WccContactList only. */
WccContact         *wcc_contact_new           (gint64             id,
                                               const char        *name,
                                               const char *const *numbers,
                                               gboolean           favourite);
void                wcc_contact_set           (WccContact        *self,
                                               const char        *name,
                                               const char *const *numbers,
                                               gboolean           favourite);

G_END_DECLS
