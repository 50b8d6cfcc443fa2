/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-tab.h: one customer being worked on (C8): warnings, phone numbers, details,
 * contact record, history, notes and the sections other parts add. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_CUSTOMER_TAB (wcc_customer_tab_get_type ())
G_DECLARE_FINAL_TYPE (WccCustomerTab, wcc_customer_tab, WCC, CUSTOMER_TAB, AdwBin)

/* Properties (notify):
 *   "session"          WccSession (construct-only)
 *   "softphone"        WccSoftphone or NULL (construct-only)
 *   "customer-id"      int64: 0 for a customer not saved yet
 *   "task-id"          int64: the task a new customer is added to
 *   "customer"         WccRecord or NULL (loading, or not saved yet): each section follows it
 *   "title"            string: the tab's label (C8): "New customer" until saved, else the
 *                      server's tab_label
 *   "call"             WccCall or NULL: the call about this customer (its contact record and
 *                      recording link to it)
 *   "call-id"          int64: the server's id of that call (0: not known)
 *   "linked-ticket-id" int64: a ticket saved while this tab is open; sent with the next
 *                      contact record (C15), then cleared
 *   "pending"          boolean: a change of the customer waits in the outbox (offline)
 * Signals:
 *   toast (const char *message). */

WccCustomerTab *wcc_customer_tab_new              (WccSession     *session,
                                                   WccSoftphone   *softphone,
                                                   gint64          customer_id);
/* A customer not saved yet, added to @task_id when saved (C5). */
WccCustomerTab *wcc_customer_tab_new_for_task     (WccSession     *session,
                                                   WccSoftphone   *softphone,
                                                   gint64          task_id);

gint64          wcc_customer_tab_get_customer_id  (WccCustomerTab *self);
WccRecord      *wcc_customer_tab_get_customer     (WccCustomerTab *self);
const char     *wcc_customer_tab_get_title        (WccCustomerTab *self);
gboolean        wcc_customer_tab_get_pending      (WccCustomerTab *self);
/* What closing the tab would lose, as a sentence for the agent (NULL: nothing): the call
 * going on, details edited or being saved, a contact record or questionnaire answers not
 * saved, a section's editor with changes. */
char           *wcc_customer_tab_get_unsaved      (WccCustomerTab *self);
/* Reads the customer again (and the warnings, notes, history). */
void            wcc_customer_tab_reload           (WccCustomerTab *self);

/* The call about this customer: dialled from the tab or win.call-customer, or taken. */
void            wcc_customer_tab_set_call         (WccCustomerTab *self,
                                                   WccCall        *call);
WccCall        *wcc_customer_tab_get_call         (WccCustomerTab *self);
gint64          wcc_customer_tab_get_call_id      (WccCustomerTab *self);
/* Dials @number of this customer through the softphone and keeps the call. */
WccCall        *wcc_customer_tab_dial             (WccCustomerTab *self,
                                                   const char     *number,
                                                   GError        **error);

/* The same once the customer is read (it names the customer's task); a failure is a toast. */
void            wcc_customer_tab_call             (WccCustomerTab *self,
                                                   const char     *number);

/* C15: the ticket saved in this tab goes with the next contact record (0: none). */
void            wcc_customer_tab_set_linked_ticket (WccCustomerTab *self,
                                                    gint64          ticket_id);
gint64          wcc_customer_tab_get_linked_ticket (WccCustomerTab *self);

/* Adds a section (tickets, orders, related contacts, SMS, questionnaire…): a widget with
 * the properties "session" (WccSession) and "customer" (WccRecord), both set here and the
 * customer kept current (NULL until a new customer is saved). @name is its id in the tab's
 * view stack, @title its switcher label. */
void            wcc_customer_tab_add_section      (WccCustomerTab *self,
                                                   const char     *name,
                                                   const char     *title,
                                                   const char     *icon_name,
                                                   GtkWidget      *section);
/* Shows the section @name ("details", "contact", "history", "notes" or an added one). */
void            wcc_customer_tab_show_section     (WccCustomerTab *self,
                                                   const char     *name);
GtkWidget      *wcc_customer_tab_get_section      (WccCustomerTab *self,
                                                   const char     *name);

G_END_DECLS
