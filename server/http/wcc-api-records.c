/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-records.c: what the API files for customer work share: who asks, role checks,
 * query parameters and pages, text fields, versions and the answers to failed edits. */
#define G_LOG_DOMAIN "wcc-api"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

WccStoreViewer
wcc_api_viewer_of (WccRequest *request)
{
  WccStoreViewer viewer = {
    .user_id = request->user->id,
    .admin = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN),
    .leader = wcc_request_has_role (request, WCC_ROLE_LEADER),
  };
  return viewer;
}

gboolean
wcc_api_require_role (WccRequest *request,
                      WccRoles    roles,
                      const char *message)
{
  if (wcc_request_has_role (request, roles))
    return TRUE;
  wcc_reply_error (request, WCC_ERROR_FORBIDDEN, message);
  return FALSE;
}

gboolean
wcc_api_require_admin (WccRequest *request)
{
  return wcc_api_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator sets this up"));
}

const char *
wcc_api_query_text (WccRequest *request,
                    const char *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

/* ?@name= as a number from @min to @max; absent leaves *@out. */
gboolean
wcc_api_query_number (WccRequest  *request,
                      const char  *name,
                      guint64      min,
                      guint64      max,
                      guint64     *out,
                      GError     **error)
{
  const char *text = wcc_api_query_text (request, name);

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be a number from %s to %s"),
                   name, low, high);
      return FALSE;
    }
  return TRUE;
}

/* ?limit= and ?after= (an id, or for sorted lists an offset). */
gboolean
wcc_api_query_page (WccRequest  *request,
                    guint       *out_limit,
                    guint64     *out_after,
                    GError     **error)
{
  guint64 limit = WCC_API_PAGE_DEFAULT_LIMIT;

  *out_after = 0;
  if (!wcc_api_query_number (request, "limit", 1, WCC_API_PAGE_MAX_LIMIT, &limit, error) ||
      !wcc_api_query_number (request, "after", 0, G_MAXINT64, out_after, error))
    return FALSE;
  *out_limit = (guint) limit;
  return TRUE;
}

/* A text field of 0 to @max characters; a missing one leaves *@out. */
gboolean
wcc_api_read_text (JsonObject   *body,
                   const char   *field,
                   gboolean      required,
                   guint         max,
                   const char  **out,
                   GError      **error)
{
  const char *value = NULL;

  if (!wcc_json_get_string (body, field, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (g_utf8_strlen (value, -1) > max || (required && *value == '\0'))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   required ? _("“%s” must be 1 to %u characters") : _("“%s” must be at most %u characters"),
                   field, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
wcc_api_read_text_fields (JsonObject             *body,
                          const WccApiTextField  *fields,
                          guint                   n_fields,
                          gboolean                creating,
                          gpointer                record,
                          GError                **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      char **slot = G_STRUCT_MEMBER_P (record, fields[i].offset);
      const char *value = NULL;

      if (!wcc_api_read_text (body, fields[i].field, fields[i].required && creating, fields[i].max, &value, error))
        return FALSE;
      if (value != NULL)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (value));

          if (fields[i].required && *stripped == '\0')
            {
              g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"),
                           fields[i].field, fields[i].max);
              return FALSE;
            }
          g_free (*slot);
          *slot = g_steal_pointer (&stripped);
        }
      else if (*slot == NULL)
        *slot = g_strdup ("");
    }
  return TRUE;
}

/* Answers a failed edit: a stale version with the current record, others as they are. */
void
wcc_api_reply_edit_error (WccRequest   *request,
                          const GError *error,
                          JsonObject   *current)
{
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT) && current != NULL)
    {
      JsonObject *extra = json_object_new ();

      json_object_set_object_member (extra, "current", json_object_ref (current));
      wcc_reply_error_with (request, WCC_ERROR_VERSION_CONFLICT, error->message, extra);
    }
  else
    wcc_reply_gerror (request, error);
}

gboolean
wcc_api_read_version (JsonObject  *body,
                      gint64      *out,
                      GError     **error)
{
  if (!wcc_json_get_int (body, "version", TRUE, out, error))
    return FALSE;
  if (*out <= 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“version” must be the record's version"));
      return FALSE;
    }
  return TRUE;
}

void
wcc_api_reply_items (WccRequest *request,
                     JsonArray  *items)
{
  JsonObject *body = json_object_new ();

  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

int
wcc_api_name_to_index (const char * const *names,
                       const char         *name)
{
  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return i;
  return -1;
}

gboolean
wcc_api_customer_is_visible (WccRequest *request,
                             gint64      customer_id)
{
  WccStoreViewer viewer = wcc_api_viewer_of (request);

  return wcc_store_customer_is_visible (request->store, request->user->client_id, &viewer, customer_id);
}

/* A list under a customer: 404 unless the caller sees the customer, then ?limit and ?after.
 * FALSE when answered here. */
gboolean
wcc_api_begin_customer_list (WccRequest *request,
                             guint      *out_limit,
                             guint64    *out_after)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_api_customer_is_visible (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return FALSE;
    }
  if (!wcc_api_query_page (request, out_limit, out_after, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  return TRUE;
}

/* {"items": the first @limit of @rows, "next"}: @rows holds one more when there is a next
 * page, which starts at @next_cursor. */
void
wcc_api_reply_page (WccRequest *request,
                    GPtrArray  *rows,
                    guint       limit,
                    WccApiItemToJson to_json,
                    gint64      next_cursor)
{
  JsonObject *body = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < rows->len && i < limit; i++)
    json_array_add_object_element (items, to_json (g_ptr_array_index (rows, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, rows->len > limit, next_cursor);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}
