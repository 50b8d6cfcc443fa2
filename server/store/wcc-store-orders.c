/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-orders.c: the store's queries for product types, the orders of a customer
 * (C13) and their related contacts (C14). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-orders.h"
#include "wcc-store-private.h"
#include "wcc-time.h"

void
wcc_store_product_type_free (WccStoreProductType *type)
{
  if (type == NULL)
    return;
  g_free (type->name);
  g_free (type);
}

void
wcc_store_order_free (WccStoreOrder *order)
{
  if (order == NULL)
    return;
  g_free (order->product_name);
  g_free (order->product_type);
  g_free (order->invoice_number);
  g_free (order->tracking_number);
  g_free (order->contact_person);
  g_free (order->phone);
  g_free (order->address);
  g_free (order);
}

void
wcc_store_related_contact_free (WccStoreRelatedContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->name);
  g_free (contact->relation);
  g_free (contact->phone);
  g_free (contact->phone_normalized);
  g_free (contact->email);
  g_free (contact->note);
  g_free (contact);
}

/* Product types */

static WccStoreProductType *
read_product_type_row (sqlite3_stmt *stmt)
{
  WccStoreProductType *type = g_new0 (WccStoreProductType, 1);

  type->id = sqlite3_column_int64 (stmt, 0);
  type->client_id = sqlite3_column_int64 (stmt, 1);
  type->name = wcc_store_column_strdup (stmt, 2);
  type->version = sqlite3_column_int64 (stmt, 3);
  return type;
}

gint64
wcc_store_product_type_create (WccStore    *self,
                               gint64       client_id,
                               const char  *name,
                               GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self, "INSERT INTO product_types (client_id, name) VALUES (?, ?);",
                                                    "is", client_id, name),
                            _("Cannot create the product type"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_product_type_update (WccStore                   *self,
                               const WccStoreProductType  *type,
                               gint64                      expected_version,
                               GError                    **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL && type->name != NULL, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE product_types SET name = ?, version = version + 1"
                                                        " WHERE client_id = ?2 AND id = ?3 AND (?4 = 0 OR version = ?4);",
                                                        "siii", type->name, type->client_id, type->id,
                                                        expected_version),
                                "SELECT 1 FROM product_types WHERE client_id = ? AND id = ?;",
                                type->client_id, type->id, expected_version, _("No such product type"), error);
}

gboolean
wcc_store_product_type_delete (WccStore  *self,
                               gint64     client_id,
                               gint64     type_id,
                               GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  /* The orders' reference (ON DELETE RESTRICT) keeps a type in use. */
  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM product_types WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, type_id),
                                _("No such product type"), error);
}

WccStoreProductType *
wcc_store_product_type_find (WccStore *self,
                             gint64    client_id,
                             gint64    type_id)
{
  WccStoreProductType *type = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT id, client_id, name, version FROM product_types"
                                 " WHERE client_id = ? AND id = ?;", "ii", client_id, type_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    type = read_product_type_row (stmt);
  sqlite3_reset (stmt);
  return type;
}

GPtrArray *
wcc_store_product_type_list (WccStore *self,
                             gint64    client_id)
{
  GPtrArray *types = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_product_type_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), types);

  stmt = wcc_store_prepare_bind (self, "SELECT id, client_id, name, version FROM product_types"
                                 " WHERE client_id = ? ORDER BY name, id LIMIT 1000;", "i", client_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (types, read_product_type_row (stmt));
  sqlite3_reset (stmt);
  return types;
}

/* Orders (C13) */

#define ORDER_COLUMNS \
  "o.id, o.client_id, o.customer_id, o.author_id, o.product_name, o.product_type_id, p.name, o.quantity," \
  " o.invoice_number, o.tracking_number, o.contact_person, o.phone, o.address, o.version, o.created_at," \
  " o.updated_at FROM customer_orders o JOIN product_types p ON p.id = o.product_type_id"

static WccStoreOrder *
read_order_row (sqlite3_stmt *stmt)
{
  WccStoreOrder *order = g_new0 (WccStoreOrder, 1);

  order->id = sqlite3_column_int64 (stmt, 0);
  order->client_id = sqlite3_column_int64 (stmt, 1);
  order->customer_id = sqlite3_column_int64 (stmt, 2);
  order->author_id = wcc_store_column_int_or_zero (stmt, 3);
  order->product_name = wcc_store_column_strdup (stmt, 4);
  order->product_type_id = sqlite3_column_int64 (stmt, 5);
  order->product_type = wcc_store_column_strdup (stmt, 6);
  order->quantity = sqlite3_column_int64 (stmt, 7);
  order->invoice_number = wcc_store_column_strdup (stmt, 8);
  order->tracking_number = wcc_store_column_strdup (stmt, 9);
  order->contact_person = wcc_store_column_strdup (stmt, 10);
  order->phone = wcc_store_column_strdup (stmt, 11);
  order->address = wcc_store_column_strdup (stmt, 12);
  order->version = sqlite3_column_int64 (stmt, 13);
  order->created_at = sqlite3_column_int64 (stmt, 14);
  order->updated_at = sqlite3_column_int64 (stmt, 15);
  return order;
}

static gboolean
product_type_is_the_clients (WccStore  *self,
                             gint64     client_id,
                             gint64     type_id,
                             GError   **error)
{
  g_autoptr(WccStoreProductType) type = wcc_store_product_type_find (self, client_id, type_id);

  if (type != NULL)
    return TRUE;
  return wcc_store_fail_with (error, WCC_ERROR_INVALID_FIELD, _("“product_type_id” names no product type"));
}

gint64
wcc_store_order_create (WccStore             *self,
                        const WccStoreOrder  *order,
                        GError              **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (order != NULL && order->product_name != NULL, 0);

  if (!product_type_is_the_clients (self, order->client_id, order->product_type_id, error))
    return 0;
  /* The SELECT writes nothing for a customer of another client. */
  return wcc_store_insert_for_customer (self,
                                        wcc_store_prepare_bind (self,
                                                                "INSERT INTO customer_orders (client_id, customer_id, author_id,"
                                                                " product_name, product_type_id, quantity, invoice_number,"
                                                                " tracking_number, contact_person, phone, address, created_at,"
                                                                " updated_at)"
                                                                " SELECT ?1, id, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                                                " ?12, ?12 FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                                "iiisiisssssi", order->client_id, order->customer_id,
                                                                order->author_id, order->product_name, order->product_type_id,
                                                                order->quantity, order->invoice_number, order->tracking_number,
                                                                order->contact_person, order->phone, order->address,
                                                                wcc_time_now ()),
                                        _("Cannot save the order"), error);
}

gboolean
wcc_store_order_update (WccStore             *self,
                        const WccStoreOrder  *order,
                        gint64                expected_version,
                        GError              **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (order != NULL && order->product_name != NULL, FALSE);

  if (!product_type_is_the_clients (self, order->client_id, order->product_type_id, error))
    return FALSE;
  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE customer_orders SET product_name = ?, product_type_id = ?,"
                                                        " quantity = ?, invoice_number = ?, tracking_number = ?,"
                                                        " contact_person = ?, phone = ?, address = ?,"
                                                        " version = version + 1, updated_at = ?"
                                                        " WHERE client_id = ?10 AND id = ?11 AND (?12 = 0 OR version = ?12);",
                                                        "siisssssiiii", order->product_name, order->product_type_id,
                                                        order->quantity, order->invoice_number, order->tracking_number,
                                                        order->contact_person, order->phone, order->address,
                                                        wcc_time_now (), order->client_id, order->id, expected_version),
                                "SELECT 1 FROM customer_orders WHERE client_id = ? AND id = ?;",
                                order->client_id, order->id, expected_version, _("No such order"), error);
}

gboolean
wcc_store_order_delete (WccStore  *self,
                        gint64     client_id,
                        gint64     order_id,
                        gint64     expected_version,
                        GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "DELETE FROM customer_orders WHERE client_id = ?1 AND id = ?2"
                                                        " AND (?3 = 0 OR version = ?3);",
                                                        "iii", client_id, order_id, expected_version),
                                "SELECT 1 FROM customer_orders WHERE client_id = ? AND id = ?;",
                                client_id, order_id, expected_version, _("No such order"), error);
}

WccStoreOrder *
wcc_store_order_find (WccStore *self,
                      gint64    client_id,
                      gint64    order_id)
{
  WccStoreOrder *order = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " ORDER_COLUMNS " WHERE o.client_id = ? AND o.id = ?;",
                                 "ii", client_id, order_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    order = read_order_row (stmt);
  sqlite3_reset (stmt);
  return order;
}

GPtrArray *
wcc_store_order_list (WccStore *self,
                      gint64    client_id,
                      gint64    customer_id,
                      gint64    before_id,
                      guint     limit)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_order_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), orders);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " ORDER_COLUMNS " WHERE o.client_id = ?1 AND o.customer_id = ?2"
                                 " AND (?3 = 0 OR o.id < ?3) ORDER BY o.id DESC LIMIT ?4;",
                                 "iiii", client_id, customer_id, before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (orders, read_order_row (stmt));
  sqlite3_reset (stmt);
  return orders;
}

/* Related contacts (C14) */

#define RELATED_CONTACT_COLUMNS \
  "id, client_id, customer_id, author_id, name, relation, phone, phone_normalized, email, note, version," \
  " created_at, updated_at FROM related_contacts"

static WccStoreRelatedContact *
read_related_contact_row (sqlite3_stmt *stmt)
{
  WccStoreRelatedContact *contact = g_new0 (WccStoreRelatedContact, 1);

  contact->id = sqlite3_column_int64 (stmt, 0);
  contact->client_id = sqlite3_column_int64 (stmt, 1);
  contact->customer_id = sqlite3_column_int64 (stmt, 2);
  contact->author_id = wcc_store_column_int_or_zero (stmt, 3);
  contact->name = wcc_store_column_strdup (stmt, 4);
  contact->relation = wcc_store_column_strdup (stmt, 5);
  contact->phone = wcc_store_column_strdup (stmt, 6);
  contact->phone_normalized = wcc_store_column_strdup (stmt, 7);
  contact->email = wcc_store_column_strdup (stmt, 8);
  contact->note = wcc_store_column_strdup (stmt, 9);
  contact->version = sqlite3_column_int64 (stmt, 10);
  contact->created_at = sqlite3_column_int64 (stmt, 11);
  contact->updated_at = sqlite3_column_int64 (stmt, 12);
  return contact;
}

gint64
wcc_store_related_contact_create (WccStore                      *self,
                                  const WccStoreRelatedContact  *contact,
                                  GError                       **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (contact != NULL && contact->name != NULL, 0);

  return wcc_store_insert_for_customer (self,
                                        wcc_store_prepare_bind (self,
                                                                "INSERT INTO related_contacts (client_id, customer_id, author_id,"
                                                                " name, relation, phone, phone_normalized, email, note,"
                                                                " created_at, updated_at)"
                                                                " SELECT ?1, id, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10"
                                                                " FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                                "iiissssssi", contact->client_id, contact->customer_id,
                                                                contact->author_id, contact->name, contact->relation,
                                                                contact->phone, contact->phone_normalized, contact->email,
                                                                contact->note, wcc_time_now ()),
                                        _("Cannot save the related contact"), error);
}

gboolean
wcc_store_related_contact_update (WccStore                      *self,
                                  const WccStoreRelatedContact  *contact,
                                  gint64                         expected_version,
                                  GError                       **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact != NULL && contact->name != NULL, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE related_contacts SET name = ?, relation = ?, phone = ?,"
                                                        " phone_normalized = ?, email = ?, note = ?,"
                                                        " version = version + 1, updated_at = ?"
                                                        " WHERE client_id = ?8 AND id = ?9 AND (?10 = 0 OR version = ?10);",
                                                        "ssssssiiii", contact->name, contact->relation, contact->phone,
                                                        contact->phone_normalized, contact->email, contact->note,
                                                        wcc_time_now (), contact->client_id, contact->id,
                                                        expected_version),
                                "SELECT 1 FROM related_contacts WHERE client_id = ? AND id = ?;",
                                contact->client_id, contact->id, expected_version, _("No such related contact"),
                                error);
}

gboolean
wcc_store_related_contact_delete (WccStore  *self,
                                  gint64     client_id,
                                  gint64     contact_id,
                                  gint64     expected_version,
                                  GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "DELETE FROM related_contacts WHERE client_id = ?1 AND id = ?2"
                                                        " AND (?3 = 0 OR version = ?3);",
                                                        "iii", client_id, contact_id, expected_version),
                                "SELECT 1 FROM related_contacts WHERE client_id = ? AND id = ?;",
                                client_id, contact_id, expected_version, _("No such related contact"), error);
}

WccStoreRelatedContact *
wcc_store_related_contact_find (WccStore *self,
                                gint64    client_id,
                                gint64    contact_id)
{
  WccStoreRelatedContact *contact = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " RELATED_CONTACT_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, contact_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    contact = read_related_contact_row (stmt);
  sqlite3_reset (stmt);
  return contact;
}

GPtrArray *
wcc_store_related_contact_list (WccStore   *self,
                                gint64      client_id,
                                gint64      customer_id,
                                const char *normalized,
                                guint       offset,
                                guint       limit)
{
  GPtrArray *contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_related_contact_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), contacts);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " RELATED_CONTACT_COLUMNS " WHERE client_id = ?1 AND customer_id = ?2"
                                 " AND (?3 IS NULL OR phone_normalized = ?3) ORDER BY name, id LIMIT ?4 OFFSET ?5;",
                                 "iisii", client_id, customer_id, normalized, (gint64) limit, (gint64) offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (contacts, read_related_contact_row (stmt));
  sqlite3_reset (stmt);
  return contacts;
}
