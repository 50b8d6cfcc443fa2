/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-related-contacts-section.h: a customer's related contacts, the address book of their
 * relatives and colleagues (C14): list, add, edit, delete, call one. */
#pragma once

#include "wcc-customer-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_RELATED_CONTACTS_SECTION (wcc_related_contacts_section_get_type ())
G_DECLARE_FINAL_TYPE (WccRelatedContactsSection, wcc_related_contacts_section, WCC, RELATED_CONTACTS_SECTION, WccCustomerSection)

/* Actions: those of every section (section.new, section.open, section.save, …); a row's
 * call button activates win.call-customer ((xs): the customer's id and the number). */
GtkWidget *wcc_related_contacts_section_new (WccSession *session,
                                             WccRecord  *customer);

G_END_DECLS
