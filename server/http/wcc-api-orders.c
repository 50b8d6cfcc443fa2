/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-orders.c: product types (set-up data), the orders of a customer (C13) and their
 * related contacts (C14) over the API. */
#define G_LOG_DOMAIN "wcc-api-orders"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-phone-number.h"
#include "wcc-setup-data.h"
#include "wcc-store-orders.h"

#define MAX_NAME 200
#define MAX_NUMBER 100
#define MAX_PHONE 64
#define MAX_LONG_TEXT 1000
#define MAX_QUANTITY 1000000

/* "" or a phone number (wcc_phone_number_normalize()); its digits go to *@out_normalized. */
static gboolean
check_phone (const char  *field,
             const char  *typed,
             char       **out_normalized,
             GError     **error)
{
  g_autofree char *normalized = *typed != '\0' ? wcc_phone_number_normalize (typed) : g_strdup ("");

  if (normalized == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("“%s” is not a phone number (digits, a leading +, spaces and dashes)"), field);
      return FALSE;
    }
  if (out_normalized != NULL)
    {
      g_free (*out_normalized);
      *out_normalized = g_steal_pointer (&normalized);
    }
  return TRUE;
}

/* Product types (set-up data: the client admin writes, everyone of the client reads) */

static JsonObject *
product_type_to_json (WccStoreProductType *type)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", type->id);
  json_object_set_string_member (object, "name", type->name);
  json_object_set_int_member (object, "version", type->version);
  return object;
}

void
wcc_api_product_types_list (WccRequest *request)
{
  g_autoptr(GPtrArray) types = wcc_store_product_type_list (request->store, request->user->client_id);
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < types->len; i++)
    json_array_add_object_element (items, product_type_to_json (g_ptr_array_index (types, i)));
  wcc_reply_items (request, items);
}

static void
reply_product_type (WccRequest *request,
                    guint       status,
                    gint64      type_id)
{
  g_autoptr(WccStoreProductType) type = wcc_store_product_type_find (request->store, request->user->client_id,
                                                                     type_id);

  wcc_reply_object (request, status, product_type_to_json (type));
}

void
wcc_api_product_type_create (WccRequest *request)
{
  g_autoptr(WccStoreProductType) type = g_new0 (WccStoreProductType, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_setup_read_product_type (body, TRUE, type, &error) ||
      (id = wcc_store_product_type_create (request->store, request->user->client_id, type->name, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  reply_product_type (request, SOUP_STATUS_CREATED, id);
}

void
wcc_api_product_type_patch (WccRequest *request)
{
  g_autoptr(WccStoreProductType) type = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!wcc_api_require_admin (request))
    return;
  if ((type = wcc_store_product_type_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such product type"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  current = product_type_to_json (type);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_product_type (body, FALSE, type, &error) &&
      wcc_store_product_type_update (request->store, type, version, &error))
    {
      reply_product_type (request, SOUP_STATUS_OK, request->id);
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_product_type_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_api_require_admin (request))
    return;
  if (wcc_store_product_type_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
    wcc_reply_error (request, WCC_ERROR_CONFLICT, _("Orders use this product type: it cannot be deleted"));
  else
    wcc_reply_gerror (request, error);
}

/* Orders (C13) */

static const WccApiTextField order_texts[] = {
  { "product_name", G_STRUCT_OFFSET (WccStoreOrder, product_name), MAX_NAME, TRUE },
  { "invoice_number", G_STRUCT_OFFSET (WccStoreOrder, invoice_number), MAX_NUMBER, FALSE },
  { "tracking_number", G_STRUCT_OFFSET (WccStoreOrder, tracking_number), MAX_NUMBER, FALSE },
  { "contact_person", G_STRUCT_OFFSET (WccStoreOrder, contact_person), MAX_NAME, FALSE },
  { "phone", G_STRUCT_OFFSET (WccStoreOrder, phone), MAX_PHONE, FALSE },
  { "address", G_STRUCT_OFFSET (WccStoreOrder, address), MAX_LONG_TEXT, FALSE },
};

static JsonObject *
order_to_json (WccStoreOrder *order)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", order->id);
  json_object_set_int_member (object, "customer_id", order->customer_id);
  wcc_json_set_id_or_null (object, "author_id", order->author_id);
  json_object_set_string_member (object, "product_name", order->product_name);
  json_object_set_int_member (object, "product_type_id", order->product_type_id);
  json_object_set_string_member (object, "product_type", order->product_type);
  json_object_set_int_member (object, "quantity", order->quantity);
  json_object_set_string_member (object, "invoice_number", order->invoice_number);
  json_object_set_string_member (object, "tracking_number", order->tracking_number);
  json_object_set_string_member (object, "contact_person", order->contact_person);
  json_object_set_string_member (object, "phone", order->phone);
  json_object_set_string_member (object, "address", order->address);
  json_object_set_int_member (object, "version", order->version);
  wcc_json_set_time_or_null (object, "created_at", order->created_at);
  wcc_json_set_time_or_null (object, "updated_at", order->updated_at);
  return object;
}

/* POST and PATCH: the data fields onto @order. */
static gboolean
read_order (JsonObject     *body,
            gboolean        creating,
            WccStoreOrder  *order,
            GError        **error)
{
  static const char *allowed_new[] = { "product_name", "product_type_id", "quantity", "invoice_number",
                                       "tracking_number", "contact_person", "phone", "address", NULL };
  static const char *allowed_edit[] = { "product_name", "product_type_id", "quantity", "invoice_number",
                                        "tracking_number", "contact_person", "phone", "address", "version", NULL };

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text_fields (body, order_texts, G_N_ELEMENTS (order_texts), creating, order, error) ||
      !wcc_json_get_int (body, "product_type_id", creating, &order->product_type_id, error) ||
      !wcc_json_get_int (body, "quantity", creating, &order->quantity, error))
    return FALSE;
  if (order->quantity < 1 || order->quantity > MAX_QUANTITY)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“quantity” must be a whole number from 1 to %d"),
                   MAX_QUANTITY);
      return FALSE;
    }
  return check_phone ("phone", order->phone, NULL, error);
}

void
wcc_api_customer_orders_list (WccRequest *request)
{
  g_autoptr(GPtrArray) orders = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &after))
    return;
  /* Newest first: the cursor is the last id seen. */
  orders = wcc_store_order_list (request->store, request->user->client_id, request->id, (gint64) after, limit + 1);
  wcc_reply_page (request, orders, limit, (WccItemToJson) order_to_json,
                      orders->len > limit ? ((WccStoreOrder *) g_ptr_array_index (orders, limit - 1))->id : 0);
}

static void
reply_order (WccRequest *request,
             guint       status,
             gint64      order_id)
{
  g_autoptr(WccStoreOrder) order = wcc_store_order_find (request->store, request->user->client_id, order_id);

  wcc_reply_object (request, status, order_to_json (order));
}

void
wcc_api_customer_order_create (WccRequest *request)
{
  g_autoptr(WccStoreOrder) order = g_new0 (WccStoreOrder, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  order->client_id = request->user->client_id;
  order->customer_id = request->id;
  order->author_id = request->user->id;
  if (!read_order (body, TRUE, order, &error) || (id = wcc_store_order_create (request->store, order, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  reply_order (request, SOUP_STATUS_CREATED, id);
}

/* The order of the path for a change: 404 unless the caller sees its customer; 403 unless
 * they wrote it, lead its author (as for reviews) or are the client admin. */
static WccStoreOrder *
find_changeable_order (WccRequest *request)
{
  g_autoptr(WccStoreOrder) order = wcc_store_order_find (request->store, request->user->client_id, request->id);

  if (order == NULL || !wcc_request_sees_customer (request, order->customer_id))
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such order"));
  else if (order->author_id != request->user->id && !wcc_request_may_review (request, order->author_id))
    wcc_reply_error (request, WCC_ERROR_FORBIDDEN,
                     _("Only its author, a leader of the author or the client administrator changes an order"));
  else
    return g_steal_pointer (&order);
  return NULL;
}

void
wcc_api_order_patch (WccRequest *request)
{
  g_autoptr(WccStoreOrder) order = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if ((order = find_changeable_order (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  /* As stored now: nothing runs between this read and the update. */
  current = order_to_json (order);
  if (wcc_api_read_version (body, &version, &error) && read_order (body, FALSE, order, &error) &&
      wcc_store_order_update (request->store, order, version, &error))
    {
      reply_order (request, SOUP_STATUS_OK, request->id);
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

/* A store's delete of one record of a client, checking its version unless 0. */
typedef gboolean (*DeleteRecordFunc) (WccStore  *store,
                                      gint64     client_id,
                                      gint64     id,
                                      gint64     expected_version,
                                      GError   **error);

/* DELETE of the path's record, ?version=N optional: a stale one gets 409 with @current,
 * the record now. */
static void
reply_delete (WccRequest       *request,
              DeleteRecordFunc  delete_row,
              JsonObject       *current)
{
  g_autoptr(GError) error = NULL;
  guint64 version = 0;

  if (wcc_request_query_number (request, "version", 1, G_MAXINT64, &version, &error) &&
      delete_row (request->store, request->user->client_id, request->id, (gint64) version, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_edit_error (request, error, current);
}

void
wcc_api_order_delete (WccRequest *request)
{
  g_autoptr(WccStoreOrder) order = find_changeable_order (request);
  g_autoptr(JsonObject) current = NULL;

  if (order == NULL)
    return;
  current = order_to_json (order);
  reply_delete (request, wcc_store_order_delete, current);
}

/* Related contacts (C14): the customer's address book; whoever sees the customer keeps it. */

static const WccApiTextField related_contact_texts[] = {
  { "name", G_STRUCT_OFFSET (WccStoreRelatedContact, name), MAX_NAME, TRUE },
  { "relation", G_STRUCT_OFFSET (WccStoreRelatedContact, relation), MAX_NAME, FALSE },
  { "phone", G_STRUCT_OFFSET (WccStoreRelatedContact, phone), MAX_PHONE, FALSE },
  { "email", G_STRUCT_OFFSET (WccStoreRelatedContact, email), MAX_NAME, FALSE },
  { "note", G_STRUCT_OFFSET (WccStoreRelatedContact, note), MAX_LONG_TEXT, FALSE },
};

static JsonObject *
related_contact_to_json (WccStoreRelatedContact *contact)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", contact->id);
  json_object_set_int_member (object, "customer_id", contact->customer_id);
  wcc_json_set_id_or_null (object, "author_id", contact->author_id);
  json_object_set_string_member (object, "name", contact->name);
  json_object_set_string_member (object, "relation", contact->relation);
  json_object_set_string_member (object, "phone", contact->phone);
  json_object_set_string_member (object, "phone_normalized", contact->phone_normalized);
  json_object_set_string_member (object, "email", contact->email);
  json_object_set_string_member (object, "note", contact->note);
  json_object_set_int_member (object, "version", contact->version);
  wcc_json_set_time_or_null (object, "created_at", contact->created_at);
  wcc_json_set_time_or_null (object, "updated_at", contact->updated_at);
  return object;
}

static gboolean
read_related_contact (JsonObject              *body,
                      gboolean                 creating,
                      WccStoreRelatedContact  *contact,
                      GError                 **error)
{
  static const char *allowed_new[] = { "name", "relation", "phone", "email", "note", NULL };
  static const char *allowed_edit[] = { "name", "relation", "phone", "email", "note", "version", NULL };

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text_fields (body, related_contact_texts, G_N_ELEMENTS (related_contact_texts), creating,
                                 contact, error))
    return FALSE;
  if (*contact->email != '\0' && strchr (contact->email, '@') == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“email” must be an e-mail address"));
      return FALSE;
    }
  return check_phone ("phone", contact->phone, &contact->phone_normalized, error);
}

void
wcc_api_customer_related_contacts_list (WccRequest *request)
{
  const char *phone = wcc_api_query_text (request, "phone");
  g_autofree char *normalized = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  guint64 offset;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &offset))
    return;
  if (phone != NULL && (normalized = wcc_phone_number_normalize (phone)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“phone” must be a phone number"));
      return;
    }
  contacts = wcc_store_related_contact_list (request->store, request->user->client_id, request->id, normalized,
                                             (guint) MIN (offset, G_MAXUINT), limit + 1);
  /* By name: the cursor is the offset of the next page. */
  wcc_reply_page (request, contacts, limit, (WccItemToJson) related_contact_to_json,
                      (gint64) (MIN (offset, G_MAXUINT) + limit));
}

static void
reply_related_contact (WccRequest *request,
                       guint       status,
                       gint64      contact_id)
{
  g_autoptr(WccStoreRelatedContact) contact = wcc_store_related_contact_find (request->store,
                                                                              request->user->client_id, contact_id);

  wcc_reply_object (request, status, related_contact_to_json (contact));
}

void
wcc_api_customer_related_contact_create (WccRequest *request)
{
  g_autoptr(WccStoreRelatedContact) contact = g_new0 (WccStoreRelatedContact, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  contact->client_id = request->user->client_id;
  contact->customer_id = request->id;
  contact->author_id = request->user->id;
  if (!read_related_contact (body, TRUE, contact, &error) ||
      (id = wcc_store_related_contact_create (request->store, contact, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  reply_related_contact (request, SOUP_STATUS_CREATED, id);
}

/* The related contact of the path: 404 unless the caller sees its customer. */
static WccStoreRelatedContact *
find_visible_related_contact (WccRequest *request)
{
  g_autoptr(WccStoreRelatedContact) contact = wcc_store_related_contact_find (request->store,
                                                                              request->user->client_id, request->id);

  if (contact == NULL || !wcc_request_sees_customer (request, contact->customer_id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such related contact"));
      return NULL;
    }
  return g_steal_pointer (&contact);
}

void
wcc_api_related_contact_patch (WccRequest *request)
{
  g_autoptr(WccStoreRelatedContact) contact = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if ((contact = find_visible_related_contact (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = related_contact_to_json (contact);
  if (wcc_api_read_version (body, &version, &error) && read_related_contact (body, FALSE, contact, &error) &&
      wcc_store_related_contact_update (request->store, contact, version, &error))
    {
      reply_related_contact (request, SOUP_STATUS_OK, request->id);
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_related_contact_delete (WccRequest *request)
{
  g_autoptr(WccStoreRelatedContact) contact = find_visible_related_contact (request);
  g_autoptr(JsonObject) current = NULL;

  if (contact == NULL)
    return;
  current = related_contact_to_json (contact);
  reply_delete (request, wcc_store_related_contact_delete, current);
}
