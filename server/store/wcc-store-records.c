/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-records.c: what the store's files for customer data share besides the
 * versioned updates of wcc-store-customers.c: optional columns, stored names, errors and
 * rows inserted for a customer of the client. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

gint64
wcc_store_column_int_or_zero (sqlite3_stmt *stmt,
                              int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, col);
}

guint
wcc_store_name_index (const char * const  *names,
                      guint                n_names,
                      const unsigned char *text)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (names[i], (const char *) text))
      return i;
  return 0;
}

gboolean
wcc_store_fail_with (GError       **error,
                     WccErrorCode   code,
                     const char    *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

gint64
wcc_store_insert_for_customer (WccStore      *self,
                               sqlite3_stmt  *insert,
                               const char    *what,
                               GError       **error)
{
  if (!wcc_store_step_done (self, insert, what, error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      wcc_store_fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}
