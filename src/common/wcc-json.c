/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-json.c: typed reading of JSON request bodies with precise errors, and small writers. */
#define G_LOG_DOMAIN "wcc-json"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-json.h"
#include "wcc-time.h"

/* json-glib turns an escaped lone surrogate ("\ud800") into bytes that are not UTF-8; a
 * string like that, stored, would make every later reply that holds it unreadable. */
static gboolean
node_is_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !node_is_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonObject *
wcc_json_parse_object (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_JSON, _("The request body is empty"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_JSON,
                   _("The request body is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_JSON,
                   _("The request body must be a JSON object"));
      return NULL;
    }
  if (!node_is_utf8 (root))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_JSON,
                           _("The request body holds text that is not valid UTF-8"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
lookup_field (JsonObject  *object,
              const char  *field,
              gboolean     required,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL && required)
    g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                 _("The field “%s” is required"), field);
  return node;
}

/* Finds @field holding a value of @type: FALSE with @error when it is required and
 * missing or holds something else; TRUE with *@out_node NULL when optional and missing. */
static gboolean
find_value (JsonObject  *object,
            const char  *field,
            gboolean     required,
            GType        type,
            JsonNode   **out_node,
            GError     **error)
{
  JsonNode *node = lookup_field (object, field, required, error);

  *out_node = NULL;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      /* Whole sentences, so translators can order them. */
      if (type == G_TYPE_STRING)
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The field “%s” must be a string"), field);
      else if (type == G_TYPE_INT64)
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The field “%s” must be an integer"), field);
      else
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The field “%s” must be true or false"), field);
      return FALSE;
    }
  *out_node = node;
  return TRUE;
}

gboolean
wcc_json_get_string (JsonObject  *object,
                     const char  *field,
                     gboolean     required,
                     const char **out,
                     GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && field != NULL && out != NULL, FALSE);

  if (!find_value (object, field, required, G_TYPE_STRING, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
wcc_json_get_int (JsonObject  *object,
                  const char  *field,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && field != NULL && out != NULL, FALSE);

  if (!find_value (object, field, required, G_TYPE_INT64, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_int (node);
  return TRUE;
}

gboolean
wcc_json_get_bool (JsonObject  *object,
                   const char  *field,
                   gboolean     required,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && field != NULL && out != NULL, FALSE);

  if (!find_value (object, field, required, G_TYPE_BOOLEAN, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
wcc_json_check_fields (JsonObject  *object,
                       const char **allowed,
                       GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_strv_contains (allowed, name))
      {
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                     _("Unknown field “%s”"), name);
        return FALSE;
      }
  return TRUE;
}

char *
wcc_json_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

char *
wcc_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

JsonObject *
wcc_json_error_body (const char *code,
                     const char *message)
{
  JsonObject *body = json_object_new ();
  JsonObject *inner = json_object_new ();

  json_object_set_string_member (inner, "code", code);
  json_object_set_string_member (inner, "message", message);
  json_object_set_object_member (body, "error", inner);
  return body;
}

void
wcc_json_set_id_or_null (JsonObject *object,
                         const char *name,
                         gint64      id)
{
  if (id > 0)
    json_object_set_int_member (object, name, id);
  else
    json_object_set_null_member (object, name);
}

void
wcc_json_set_time_or_null (JsonObject *object,
                           const char *name,
                           gint64      unix_seconds)
{
  if (unix_seconds > 0)
    {
      g_autofree char *text = wcc_time_to_rfc3339 (unix_seconds);
      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}
