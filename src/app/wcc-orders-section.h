/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-orders-section.h: a customer's orders with their product types (C13). */
#pragma once

#include "wcc-customer-section.h"

G_BEGIN_DECLS

#define WCC_TYPE_ORDERS_SECTION (wcc_orders_section_get_type ())
G_DECLARE_FINAL_TYPE (WccOrdersSection, wcc_orders_section, WCC, ORDERS_SECTION, WccCustomerSection)

/* Actions: those of every section (section.new, section.open, section.save, …). */
GtkWidget *wcc_orders_section_new (WccSession *session,
                                   WccRecord  *customer);

G_END_DECLS
