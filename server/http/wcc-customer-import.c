/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-import.c: customers from CSV into a package. Each line is checked as the
 * API checks a new customer; a bad line is rejected with its number and reason and the
 * good ones are kept; a line with a phone number already in the package is skipped (so
 * running the same file again creates nothing twice). */
#define G_LOG_DOMAIN "wcc-import"

#include <glib/gi18n-lib.h>

#include "wcc-csv.h"
#include "wcc-http-private.h"
#include "wcc-customer-import.h"
#include "wcc-phone-number.h"

typedef enum {
  COLUMN_TEXT,       /* a text field of the customer, by its API name */
  COLUMN_PHONES,
  COLUMN_TAGS,
  COLUMN_CUSTOM,     /* a custom field of the package */
  COLUMN_IGNORED,    /* written by the export for reading only */
} ColumnKind;

typedef struct {
  ColumnKind  kind;
  char       *name;           /* the API field, or the custom field's name */
  gboolean    number;         /* a custom number field */
} Column;

struct _WccCustomerImport
{
  WccStore         *store;
  gint64            client_id;
  gint64            task_id;
  gint64            job_id;
  WccStorePackage  *package;
  GBytes           *csv;
  WccCsvReader      reader;
  GArray           *columns;  /* of Column */
  GHashTable       *tags;     /* name → id (gint64 *) */
};

static const char * const text_columns[] = { "company", "surname", "given_name", "surname_phonetic",
                                             "given_name_phonetic", "email", "address", NULL };
/* What the customers export writes besides the fields: skipped on the way back in. */
static const char * const ignored_columns[] = { "id", "task", "owner", "dial_count", "last_contact_at", NULL };

static void
clear_column (Column *column)
{
  g_free (column->name);
}

void
wcc_customer_import_free (WccCustomerImport *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->package, wcc_store_package_free);
  g_clear_pointer (&self->csv, g_bytes_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_free (self);
}

/* A header cell as a column: API names (any case), "phone" and "tag" too, and the
 * package's custom fields by name or label. */
static gboolean
read_column (WccCustomerImport  *self,
             const char         *cell,
             Column             *column,
             GError            **error)
{
  g_autofree char *name = g_utf8_strdown (g_strstrip (g_strdup (cell)), -1);
  g_autoptr(JsonNode) definitions = json_from_string (self->package->fields_json, NULL);
  JsonArray *fields = definitions && JSON_NODE_HOLDS_ARRAY (definitions) ? json_node_get_array (definitions) : NULL;

  if (g_strv_contains (text_columns, name))
    *column = (Column) { COLUMN_TEXT, g_strdup (name), FALSE };
  else if (g_str_equal (name, "phones") || g_str_equal (name, "phone"))
    *column = (Column) { COLUMN_PHONES, g_strdup ("phones"), FALSE };
  else if (g_str_equal (name, "tags") || g_str_equal (name, "tag"))
    *column = (Column) { COLUMN_TAGS, g_strdup ("tags"), FALSE };
  else if (g_strv_contains (ignored_columns, name))
    *column = (Column) { COLUMN_IGNORED, g_strdup (name), FALSE };
  else
    {
      for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
        {
          JsonObject *field = json_array_get_object_element (fields, i);
          const char *field_name = json_object_get_string_member (field, "name");
          g_autofree char *label = g_utf8_strdown (json_object_get_string_member (field, "label"), -1);

          if (g_str_equal (name, field_name) || g_str_equal (name, label) ||
              (g_str_has_prefix (name, "custom.") && g_str_equal (name + 7, field_name)))
            {
              *column = (Column) { COLUMN_CUSTOM, g_strdup (field_name),
                                   g_str_equal (json_object_get_string_member (field, "type"), "number") };
              return TRUE;
            }
        }
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The header names a column that is neither a customer field nor a field of the package: “%s”"),
                   cell);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_header (WccCustomerImport  *self,
             GError            **error)
{
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!wcc_csv_reader_next (&self->reader, &cells, error))
    return FALSE;
  if (cells == NULL || cells->len == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("The file is empty: the first line must name the columns"));
      return FALSE;
    }
  for (guint i = 0; i < cells->len; i++)
    {
      Column column;

      if (!read_column (self, g_ptr_array_index (cells, i), &column, error))
        return FALSE;
      g_array_append_val (self->columns, column);
      if (!g_hash_table_add (seen, column.name))
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The header names “%s” twice"), column.name);
          return FALSE;
        }
    }
  return TRUE;
}

WccCustomerImport *
wcc_customer_import_new (WccStore  *store,
                         gint64     client_id,
                         gint64     user_id,
                         gint64     package_id,
                         gint64     task_id,
                         GBytes    *csv,
                         GError   **error)
{
  g_autoptr(WccCustomerImport) self = g_new0 (WccCustomerImport, 1);
  g_autoptr(GPtrArray) tags = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (csv, &length);

  g_return_val_if_fail (WCC_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->client_id = client_id;
  self->task_id = task_id;
  self->csv = g_bytes_ref (csv);
  self->columns = g_array_new (FALSE, FALSE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify) clear_column);
  self->package = wcc_store_package_find (store, client_id, package_id);
  if (self->package == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No such customer package"));
      return NULL;
    }
  if (task_id != 0)
    {
      g_autoptr(WccStoreTask) task = wcc_store_task_find (store, client_id, task_id);

      if (task == NULL || task->package_id != package_id)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“task” names no task of the package"));
          return NULL;
        }
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("The file is not UTF-8 text: save it as “CSV UTF-8”"));
      return NULL;
    }
  wcc_csv_reader_init (&self->reader, data, length);
  if (!read_header (self, error))
    return NULL;
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  tags = wcc_store_tag_list (store, client_id);
  for (guint i = 0; i < tags->len; i++)
    {
      WccStoreTag *tag = g_ptr_array_index (tags, i);
      g_hash_table_insert (self->tags, g_strdup (tag->name), g_memdup2 (&tag->id, sizeof tag->id));
    }
  self->job_id = wcc_store_import_job_create (store, client_id, user_id, package_id, task_id, error);
  if (self->job_id == 0)
    return NULL;
  return g_steal_pointer (&self);
}

gint64
wcc_customer_import_get_job_id (WccCustomerImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->job_id;
}

/* "a; b|c" → ["a", "b", "c"]: the separators a cell of several values may use. */
static GStrv
split_list (const char *cell)
{
  g_auto(GStrv) parts = g_strsplit_set (cell, ";|", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/* A custom number's cell as a JSON number when it is one (else the text, which the check
 * refuses with the field's name). */
static JsonNode *
custom_value (const Column *column,
              const char   *cell)
{
  JsonNode *node = json_node_alloc ();
  gint64 integer;
  char *end = NULL;
  double number;

  if (column->number && g_ascii_string_to_signed (cell, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return json_node_init_int (node, integer);
  if (column->number && (number = g_ascii_strtod (cell, &end), end != cell && *end == '\0'))
    return json_node_init_double (node, number);
  return json_node_init_string (node, cell);
}

/* One line as the API's customer object; NULL with the reason when it cannot be one. */
static JsonObject *
line_to_body (WccCustomerImport  *self,
              GPtrArray          *cells,
              char              **out_reason)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *custom = json_object_new ();

  json_object_set_object_member (body, "custom", custom);
  if (cells->len > self->columns->len)
    {
      *out_reason = g_strdup_printf (_("%u fields, but the header names %u columns"), cells->len, self->columns->len);
      return NULL;
    }
  for (guint i = 0; i < cells->len; i++)
    {
      const Column *column = &g_array_index (self->columns, Column, i);
      char *cell = g_strstrip (g_ptr_array_index (cells, i));

      if (*cell == '\0' || column->kind == COLUMN_IGNORED)
        continue;
      if (column->kind == COLUMN_TEXT)
        json_object_set_string_member (body, column->name, cell);
      else if (column->kind == COLUMN_CUSTOM)
        json_object_set_member (custom, column->name, custom_value (column, cell));
      else
        {
          g_auto(GStrv) values = split_list (cell);
          JsonArray *array = json_array_new ();

          json_object_set_array_member (body, column->name, array);
          for (guint v = 0; values[v] != NULL; v++)
            {
              gint64 *tag_id;

              if (column->kind == COLUMN_PHONES)
                json_array_add_string_element (array, values[v]);
              else if ((tag_id = g_hash_table_lookup (self->tags, values[v])) != NULL)
                json_array_add_int_element (array, *tag_id);
              else
                {
                  *out_reason = g_strdup_printf (_("No tag is called “%s”"), values[v]);
                  return NULL;
                }
            }
        }
    }
  return g_steal_pointer (&body);
}

static gboolean
all_empty (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    if (*g_strstrip ((char *) g_ptr_array_index (cells, i)) != '\0')
      return FALSE;
  return TRUE;
}

typedef enum {
  LINE_CREATED,
  LINE_SKIPPED,
  LINE_REJECTED,
} LineOutcome;

/* Imports one line inside the batch's transaction; a line that fails half-way leaves
 * nothing behind (a savepoint). */
static LineOutcome
import_line (WccCustomerImport  *self,
             GPtrArray          *cells,
             char              **out_reason)
{
  g_autoptr(JsonObject) body = line_to_body (self, cells, out_reason);
  g_autoptr(WccStoreCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return LINE_REJECTED;
  customer = wcc_store_customer_new ();
  customer->client_id = self->client_id;
  customer->package_id = self->package->id;
  customer->task_id = self->task_id;
  if (!wcc_api_read_customer_data (body, self->package, customer, &error))
    {
      *out_reason = g_strdup (error->message);
      return LINE_REJECTED;
    }
  if (*customer->company == '\0' && *customer->surname == '\0' && *customer->given_name == '\0' &&
      customer->phones->len == 0)
    {
      *out_reason = g_strdup (_("No company, name or phone number"));
      return LINE_REJECTED;
    }
  for (guint i = 0; i < customer->phones->len; i++)
    {
      WccStoreCustomerPhone *phone = g_ptr_array_index (customer->phones, i);
      gint64 existing = wcc_store_package_phone_customer (self->store, self->client_id, self->package->id,
                                                          phone->normalized);

      if (existing != 0)
        {
          *out_reason = g_strdup_printf (_("The phone number %s is already customer %" G_GINT64_FORMAT "'s in the package"),
                                         phone->number, existing);
          return LINE_SKIPPED;
        }
    }
  if (!wcc_store_savepoint_begin (self->store, &error))
    {
      *out_reason = g_strdup (error->message);
      return LINE_REJECTED;
    }
  if (wcc_store_customer_create (self->store, customer, &error) == 0)
    {
      wcc_store_savepoint_end (self->store, FALSE);
      *out_reason = g_strdup (error->message);
      return LINE_REJECTED;
    }
  wcc_store_savepoint_end (self->store, TRUE);
  return LINE_CREATED;
}

static void
fail_job (WccCustomerImport *self,
          const GError      *error)
{
  wcc_store_import_job_finish (self->store, self->job_id, WCC_IMPORT_FAILED, error->message, NULL);
}

gboolean
wcc_customer_import_step (WccCustomerImport  *self,
                          guint               max_lines,
                          GError            **error)
{
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_import_line_free);
  gint64 done = 0, created = 0, skipped = 0;
  gboolean more = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!wcc_store_begin (self->store, error))
    {
      fail_job (self, *error);
      return FALSE;
    }
  for (guint n = 0; n < max_lines; n++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GError) line_error = NULL;
      g_autofree char *reason = NULL;
      WccStoreImportLine *outcome;
      LineOutcome result;

      if (!wcc_csv_reader_next (&self->reader, &cells, &line_error))
        {
          /* An unclosed quote swallows the rest of the file: that line is the last. */
          result = LINE_REJECTED;
          reason = g_strdup (line_error->message);
          more = FALSE;
        }
      else if (cells == NULL)
        {
          more = FALSE;
          break;
        }
      else if (all_empty (cells))
        continue;
      else
        result = import_line (self, cells, &reason);
      done++;
      created += result == LINE_CREATED;
      skipped += result == LINE_SKIPPED;
      if (result == LINE_CREATED)
        continue;
      outcome = g_new0 (WccStoreImportLine, 1);
      outcome->line = self->reader.line;
      outcome->rejected = result == LINE_REJECTED;
      outcome->reason = g_steal_pointer (&reason);
      g_ptr_array_add (outcomes, outcome);
      if (!more)
        break;
    }
  if (!wcc_store_import_job_progress (self->store, self->job_id, done, created, skipped,
                                      (double) self->reader.offset / MAX (self->reader.length, 1), outcomes, error) ||
      !wcc_store_commit (self->store, error))
    {
      wcc_store_rollback (self->store);
      fail_job (self, *error);
      return FALSE;
    }
  if (more)
    return TRUE;
  if (!wcc_store_import_job_finish (self->store, self->job_id, WCC_IMPORT_DONE, NULL, error))
    return FALSE;
  return FALSE;
}
