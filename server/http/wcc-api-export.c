/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-export.c: responses streamed a part at a time (chunked), and the customers of a
 * package or task as CSV for client admins and leaders. */
#define G_LOG_DOMAIN "wcc-api-export"

#include <glib/gi18n-lib.h>

#include "wcc-csv.h"
#include "wcc-http-private.h"

/* Customers per chunk of the export. */
#define EXPORT_BATCH 200

typedef struct {
  WccRequest     *request;
  WccStreamFill   fill;
  gpointer        data;
  GDestroyNotify  free_data;
  gulong          wrote_id;
  gulong          disconnected_id;
  guint           idle_id;
} Stream;

static gboolean stream_step (gpointer user_data);

static void
stream_schedule (Stream *stream)
{
  /* At the requests' priority: other clients are served between two parts, and their
   * requests cannot starve the stream. */
  if (stream->idle_id == 0)
    stream->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, stream_step, stream, NULL);
}

static void
on_stream_wrote_chunk (SoupServerMessage *msg,
                       Stream            *stream)
{
  stream_schedule (stream);
}

static void
on_stream_disconnected (SoupServerMessage *msg,
                        Stream            *stream)
{
  stream_schedule (stream);
}

static void
stream_finish (Stream *stream)
{
  g_clear_signal_handler (&stream->wrote_id, stream->request->msg);
  g_clear_signal_handler (&stream->disconnected_id, stream->request->msg);
  g_clear_handle_id (&stream->idle_id, g_source_remove);
  if (stream->free_data != NULL)
    stream->free_data (stream->data);
  wcc_request_resume (stream->request);
  g_free (stream);
}

static gboolean
stream_step (gpointer user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->request->msg);
  g_autoptr(GString) part = g_string_new (NULL);
  gboolean more;
  gsize length;

  stream->idle_id = 0;
  if (stream->request->disconnected)
    {
      stream_finish (stream);
      return G_SOURCE_REMOVE;
    }
  more = stream->fill (stream->request, stream->data, part);
  length = part->len;
  if (length > 0)
    soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (g_steal_pointer (&part), FALSE), length);
  if (!more)
    {
      soup_message_body_complete (body);
      stream_finish (stream);
    }
  else if (length == 0)
    stream_schedule (stream);
  else
    soup_server_message_unpause (stream->request->msg);
  return G_SOURCE_REMOVE;
}

void
wcc_reply_stream (WccRequest     *request,
                  const char     *content_type,
                  const char     *filename,
                  WccStreamFill   fill,
                  gpointer        data,
                  GDestroyNotify  free_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  Stream *stream = g_new0 (Stream, 1);

  stream->request = request;
  stream->fill = fill;
  stream->data = data;
  stream->free_data = free_data;
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, content_type, NULL);
  if (filename != NULL)
    {
      g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (params, (gpointer) "filename", (gpointer) filename);
      soup_message_headers_set_content_disposition (headers, "attachment", params);
    }
  wcc_request_pause (request);
  stream->wrote_id = g_signal_connect (request->msg, "wrote-chunk", G_CALLBACK (on_stream_wrote_chunk), stream);
  stream->disconnected_id = g_signal_connect (request->msg, "disconnected", G_CALLBACK (on_stream_disconnected),
                                              stream);
  stream_schedule (stream);
}

/* ---- Customers as CSV ---- */

typedef struct {
  WccStoreViewer   viewer;
  gint64           package_id;
  gint64           task_id;
  gint64           after;
  GPtrArray       *fields;        /* the package's custom field names, a column each */
  GHashTable      *tag_names;     /* tag id → name */
  GHashTable      *owners;        /* user id → employee ID */
  gboolean         header_done;
} CustomersExport;

static void
customers_export_free (CustomersExport *export)
{
  g_clear_pointer (&export->fields, g_ptr_array_unref);
  g_clear_pointer (&export->tag_names, g_hash_table_unref);
  g_clear_pointer (&export->owners, g_hash_table_unref);
  g_free (export);
}

/* The columns as `admin import` and POST …/imports read them back; id, task, owner,
 * dial_count and last_contact_at are for reading only (an import skips them). */
static const char * const customer_columns[] = { "id", "company", "surname", "given_name", "surname_phonetic",
                                                 "given_name_phonetic", "phones", "email", "address", "tags",
                                                 "task", "owner", "dial_count", "last_contact_at" };

static const char *
owner_name (WccRequest      *request,
            CustomersExport *export,
            gint64           owner_id)
{
  const char *name;

  if (owner_id == 0)
    return "";
  name = g_hash_table_lookup (export->owners, &owner_id);
  if (name == NULL)
    {
      g_autoptr(WccStoreUser) user = wcc_store_user_find (request->store, request->user->client_id, owner_id);
      gint64 *key = g_memdup2 (&owner_id, sizeof owner_id);

      name = user ? user->employee_id : "";
      g_hash_table_insert (export->owners, key, g_strdup (name));
      name = g_hash_table_lookup (export->owners, key);
    }
  return name;
}

/* A custom value as a cell: texts as they are, numbers as JSON writes them. */
static char *
custom_cell (JsonObject *custom,
             const char *name)
{
  JsonNode *value = custom ? json_object_get_member (custom, name) : NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value) || !JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("");
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return wcc_json_to_string (value);
}

static void
append_customer (WccRequest       *request,
                 CustomersExport  *export,
                 WccStoreCustomer *customer,
                 GString          *out)
{
  g_autoptr(GString) phones = g_string_new (NULL);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autoptr(JsonNode) custom = json_from_string (customer->custom_json, NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, customer->id);
  g_autofree char *dials = g_strdup_printf ("%" G_GINT64_FORMAT, customer->dial_count);
  g_autofree char *last = customer->last_contact_at ? wcc_time_to_rfc3339 (customer->last_contact_at) : NULL;

  for (guint i = 0; i < customer->phones->len; i++)
    g_string_append_printf (phones, "%s%s", i ? "; " : "",
                            ((WccStoreCustomerPhone *) g_ptr_array_index (customer->phones, i))->number);
  for (guint i = 0; i < customer->tag_ids->len; i++)
    {
      const char *name = g_hash_table_lookup (export->tag_names, &g_array_index (customer->tag_ids, gint64, i));
      g_string_append_printf (tags, "%s%s", tags->len ? "; " : "", name ? name : "");
    }
  wcc_csv_append_field (out, id, TRUE);
  wcc_csv_append_field (out, customer->company, FALSE);
  wcc_csv_append_field (out, customer->surname, FALSE);
  wcc_csv_append_field (out, customer->given_name, FALSE);
  wcc_csv_append_field (out, customer->surname_phonetic, FALSE);
  wcc_csv_append_field (out, customer->given_name_phonetic, FALSE);
  wcc_csv_append_field (out, phones->str, FALSE);
  wcc_csv_append_field (out, customer->email, FALSE);
  wcc_csv_append_field (out, customer->address, FALSE);
  wcc_csv_append_field (out, tags->str, FALSE);
  wcc_csv_append_field (out, customer->task_name, FALSE);
  wcc_csv_append_field (out, owner_name (request, export, customer->owner_id), FALSE);
  wcc_csv_append_field (out, dials, FALSE);
  wcc_csv_append_field (out, last, FALSE);
  for (guint i = 0; i < export->fields->len; i++)
    {
      g_autofree char *cell = custom_cell (custom && JSON_NODE_HOLDS_OBJECT (custom) ? json_node_get_object (custom)
                                                                                    : NULL,
                                           g_ptr_array_index (export->fields, i));
      wcc_csv_append_field (out, cell, FALSE);
    }
  wcc_csv_end_row (out);
}

static gboolean
fill_customers (WccRequest *request,
                gpointer    data,
                GString    *out)
{
  CustomersExport *export = data;
  g_autoptr(GPtrArray) customers = NULL;

  if (!export->header_done)
    {
      g_string_append (out, WCC_CSV_BOM);
      for (guint i = 0; i < G_N_ELEMENTS (customer_columns); i++)
        wcc_csv_append_field (out, customer_columns[i], i == 0);
      for (guint i = 0; i < export->fields->len; i++)
        wcc_csv_append_field (out, g_ptr_array_index (export->fields, i), FALSE);
      wcc_csv_end_row (out);
      export->header_done = TRUE;
    }
  customers = wcc_store_customer_list_after (request->store, request->user->client_id, &export->viewer,
                                             export->package_id, export->task_id, export->after, EXPORT_BATCH);
  for (guint i = 0; i < customers->len; i++)
    {
      WccStoreCustomer *customer = g_ptr_array_index (customers, i);

      append_customer (request, export, customer, out);
      export->after = customer->id;
    }
  return customers->len == EXPORT_BATCH;
}

/* ?name= as an id of 1 or more; absent: 0. */
static gboolean
query_id (WccRequest *request,
          const char *name,
          gint64     *out)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;
  guint64 value = 0;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an id"), name);
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, message);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

void
wcc_api_customers_export_csv (WccRequest *request)
{
  CustomersExport *export;
  g_autoptr(WccStorePackage) package = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *filename = NULL;
  gint64 package_id = 0, task_id = 0;

  if (!wcc_request_require_role (request, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN,
                                 _("Only leaders and the client administrator export customers")) ||
      !query_id (request, "package", &package_id) || !query_id (request, "task", &task_id))
    return;
  if (package_id == 0 && task_id != 0)
    {
      g_autoptr(WccStoreTask) task = wcc_store_task_find (request->store, request->user->client_id, task_id);
      package_id = task ? task->package_id : 0;
      if (task == NULL)
        {
          wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such task"));
          return;
        }
    }
  if (package_id == 0)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("Name a customer package (?package=) or a task (?task=)"));
      return;
    }
  package = wcc_store_package_find (request->store, request->user->client_id, package_id);
  if (package == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer package"));
      return;
    }
  export = g_new0 (CustomersExport, 1);
  export->viewer = wcc_request_viewer (request);
  export->package_id = package_id;
  export->task_id = task_id;
  export->fields = g_ptr_array_new_with_free_func (g_free);
  {
    g_autoptr(JsonNode) definitions = json_from_string (package->fields_json, NULL);
    JsonArray *fields = definitions && JSON_NODE_HOLDS_ARRAY (definitions) ? json_node_get_array (definitions) : NULL;

    for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
      g_ptr_array_add (export->fields,
                       g_strdup (json_object_get_string_member (json_array_get_object_element (fields, i), "name")));
  }
  export->tag_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  tags = wcc_store_tag_list (request->store, request->user->client_id);
  for (guint i = 0; i < tags->len; i++)
    {
      WccStoreTag *tag = g_ptr_array_index (tags, i);
      g_hash_table_insert (export->tag_names, g_memdup2 (&tag->id, sizeof tag->id), g_strdup (tag->name));
    }
  export->owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  filename = task_id ? g_strdup_printf ("task-%" G_GINT64_FORMAT "-customers.csv", task_id)
                     : g_strdup_printf ("package-%" G_GINT64_FORMAT "-customers.csv", package_id);
  wcc_reply_stream (request, "text/csv; charset=utf-8", filename, fill_customers, export,
                    (GDestroyNotify) customers_export_free);
}
