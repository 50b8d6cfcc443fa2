/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-records.c: what the store's files for versioned records share: optional
 * columns, stored names, transactions a caller may already hold, versioned updates and
 * deletes that tell a stale version, a missing record and a record still in use apart. */
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
wcc_store_begin_unless_open (WccStore  *self,
                             gboolean  *owned,
                             GError   **error)
{
  *owned = sqlite3_get_autocommit (wcc_store_get_db (self)) != 0;
  return !*owned || wcc_store_begin (self, error);
}

gboolean
wcc_store_finish_owned (WccStore  *self,
                        gboolean   owned,
                        gboolean   ok,
                        GError   **error)
{
  if (!owned)
    return ok;
  if (ok)
    return wcc_store_commit (self, error);
  wcc_store_rollback (self);
  return FALSE;
}

gboolean
wcc_store_fail_with (GError       **error,
                     WccErrorCode   code,
                     const char    *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

/* After an UPDATE … WHERE version matches changed nothing: a stale version or no record. */
static gboolean
fail_update (WccStore      *self,
             sqlite3_stmt  *exists,
             gint64         expected_version,
             const char    *not_found,
             GError       **error)
{
  if (expected_version > 0 && wcc_store_query_int (self, exists, 0))
    return wcc_store_fail_with (error, WCC_ERROR_VERSION_CONFLICT,
                                _("Someone else changed this record in the meantime"));
  sqlite3_reset (exists);
  return wcc_store_fail_with (error, WCC_ERROR_NOT_FOUND, not_found);
}

gboolean
wcc_store_step_update (WccStore      *self,
                       sqlite3_stmt  *update,
                       const char    *exists_sql,
                       gint64         client_id,
                       gint64         id,
                       gint64         expected_version,
                       const char    *not_found,
                       GError       **error)
{
  if (!wcc_store_step_done (self, update, _("Cannot save the record"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  return fail_update (self, wcc_store_prepare_bind (self, exists_sql, "ii", client_id, id),
                      expected_version, not_found, error);
}

gboolean
wcc_store_step_delete (WccStore      *self,
                       sqlite3_stmt  *stmt,
                       const char    *not_found,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((sqlite3_extended_errcode (wcc_store_get_db (self)) & 0xff) == SQLITE_CONSTRAINT)
        return wcc_store_fail_with (error, WCC_ERROR_CONFLICT, _("It is still in use"));
      return wcc_store_set_sqlite_error (self, error, _("Cannot delete the record"));
    }
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    return wcc_store_fail_with (error, WCC_ERROR_NOT_FOUND, not_found);
  return TRUE;
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
