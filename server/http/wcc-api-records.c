/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-records.c: what the API files for customer data share besides the request
 * helpers of wcc-api-customers.c: the admin check, query text and the text members of a
 * record. */
#define G_LOG_DOMAIN "wcc-api"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"

gboolean
wcc_api_require_admin (WccRequest *request)
{
  return wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator sets this up"));
}

const char *
wcc_api_query_text (WccRequest *request,
                    const char *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
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
