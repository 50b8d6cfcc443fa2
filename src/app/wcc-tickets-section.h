/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tickets-section.h: a customer's tickets (C11, C12): the list (open first), creating
 * and editing one, its appointment, change log and comments. */
#pragma once

#include "wcc-customer-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_TICKETS_SECTION (wcc_tickets_section_get_type ())
G_DECLARE_FINAL_TYPE (WccTicketsSection, wcc_tickets_section, WCC, TICKETS_SECTION, WccCustomerSection)

/* Signal ticket-saved (gint64 ticket_id): the agent saved a ticket (created or edited) in
 * this section and the server took it (C15: the tab links it to the next contact record).
 *
 * Actions: those of every section (section.new, section.open, …), and tickets.appoint (s: "30m", "1d", "1w"), tickets.appoint-at (the chosen date and time),
 * tickets.remove-appointment, tickets.add-comment. */

GtkWidget *wcc_tickets_section_new             (WccSession *session,
                                                WccRecord  *customer);
/* The list of the customer's tickets as shown, open ones first (of WccRecord). */
GListModel *wcc_tickets_section_get_tickets    (WccTicketsSection *self);
/* The ticket the editor shows; NULL for a new one or when the list shows. */
WccRecord  *wcc_tickets_section_get_editing    (WccTicketsSection *self);
/* The edited ticket's change log and comments (NULL when none is edited). */
GListModel *wcc_tickets_section_get_changes    (WccTicketsSection *self);
GListModel *wcc_tickets_section_get_comments   (WccTicketsSection *self);

G_END_DECLS
