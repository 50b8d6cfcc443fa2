/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-orders.h: product types (set-up data), the orders of a customer (C13) and
 * their related contacts (C14). */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gint64    client_id;
  char     *name;
  gint64    version;
} WccStoreProductType;

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    customer_id;
  gint64    author_id;         /* 0: the author was deleted */
  char     *product_name;
  gint64    product_type_id;
  char     *product_type;      /* its name (read only) */
  gint64    quantity;          /* > 0 */
  char     *invoice_number;
  char     *tracking_number;
  char     *contact_person;
  char     *phone;             /* as typed */
  char     *address;
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStoreOrder;

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    customer_id;
  gint64    author_id;         /* 0: the author was deleted */
  char     *name;
  char     *relation;
  char     *phone;             /* as typed */
  char     *phone_normalized;  /* its digits (wcc_phone_number_normalize); "" for none */
  char     *email;
  char     *note;
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStoreRelatedContact;

void wcc_store_product_type_free    (WccStoreProductType    *type);
void wcc_store_order_free           (WccStoreOrder          *order);
void wcc_store_related_contact_free (WccStoreRelatedContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreProductType, wcc_store_product_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreOrder, wcc_store_order_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreRelatedContact, wcc_store_related_contact_free)

/* Product types: a taken name fails with CONFLICT; a type that orders use cannot be
 * deleted (CONFLICT). */
gint64               wcc_store_product_type_create (WccStore    *self,
                                                    gint64       client_id,
                                                    const char  *name,
                                                    GError     **error);
gboolean             wcc_store_product_type_update (WccStore    *self,
                                                    const WccStoreProductType *type,
                                                    gint64       expected_version,
                                                    GError     **error);
gboolean             wcc_store_product_type_delete (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       type_id,
                                                    GError     **error);
WccStoreProductType *wcc_store_product_type_find   (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       type_id);
/* By name. */
GPtrArray           *wcc_store_product_type_list   (WccStore    *self,
                                                    gint64       client_id);

/* Orders. The customer must be of the order's client (else NOT_FOUND), the product type
 * too (else INVALID_FIELD). Update writes every data field, not the customer or author.
 * Update and delete check @expected_version unless it is 0 (VERSION_CONFLICT). */
gint64               wcc_store_order_create        (WccStore    *self,
                                                    const WccStoreOrder *order,
                                                    GError     **error);
gboolean             wcc_store_order_update        (WccStore    *self,
                                                    const WccStoreOrder *order,
                                                    gint64       expected_version,
                                                    GError     **error);
gboolean             wcc_store_order_delete        (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       order_id,
                                                    gint64       expected_version,
                                                    GError     **error);
WccStoreOrder       *wcc_store_order_find          (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       order_id);
/* The customer's orders, newest first; @before_id 0: from the newest. */
GPtrArray           *wcc_store_order_list          (WccStore    *self,
                                                    gint64       client_id,
                                                    gint64       customer_id,
                                                    gint64       before_id,
                                                    guint        limit);

/* Related contacts: the customer's address book; as orders. */
gint64               wcc_store_related_contact_create (WccStore *self,
                                                    const WccStoreRelatedContact *contact,
                                                    GError     **error);
gboolean             wcc_store_related_contact_update (WccStore *self,
                                                    const WccStoreRelatedContact *contact,
                                                    gint64       expected_version,
                                                    GError     **error);
gboolean             wcc_store_related_contact_delete (WccStore *self,
                                                    gint64       client_id,
                                                    gint64       contact_id,
                                                    gint64       expected_version,
                                                    GError     **error);
WccStoreRelatedContact *wcc_store_related_contact_find (WccStore *self,
                                                    gint64       client_id,
                                                    gint64       contact_id);
/* The customer's related contacts by name, then id, from offset @offset; @normalized
 * non-NULL: only those with that phone number (compared by its digits). */
GPtrArray           *wcc_store_related_contact_list (WccStore   *self,
                                                    gint64       client_id,
                                                    gint64       customer_id,
                                                    const char  *normalized,
                                                    guint        offset,
                                                    guint        limit);

G_END_DECLS
