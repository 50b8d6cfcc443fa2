/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-backup.c: a consistent copy of the live database (SQLite's online backup, taken
 * beside a running server), and putting such a copy back in place of a stopped server's. */
#define G_LOG_DOMAIN "wcc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "wcc-error.h"
#include "wcc-store.h"
#include "wcc-store-backup.h"

/* How long a copy waits for the server's writers in all (SQLite's busy handler). */
#define BUSY_TIMEOUT_MS 30000

static gboolean
fail_db (GError    **error,
         sqlite3    *db,
         const char *what,
         const char *path)
{
  g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, "%s %s: %s", what, path,
               db != NULL ? sqlite3_errmsg (db) : _("out of memory"));
  return FALSE;
}

static sqlite3 *
open_db (const char  *path,
         int          flags,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      fail_db (error, db, _("Cannot open the database"), path);
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

/* The first column of the first row of @sql, as text (NULL on an error). */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Is @db whole, and a wcc-server database this program can run? */
static gboolean
check_database (sqlite3    *db,
                const char *path,
                GError    **error)
{
  g_autofree char *integrity = query_text (db, "PRAGMA integrity_check;");
  g_autofree char *version = NULL;
  g_autofree char *clients = NULL;
  gint64 schema;

  if (g_strcmp0 (integrity, "ok") != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is not a whole SQLite database (integrity check: %s)"), path,
                   integrity != NULL ? integrity : sqlite3_errmsg (db));
      return FALSE;
    }
  version = query_text (db, "PRAGMA user_version;");
  clients = query_text (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'clients';");
  schema = version != NULL ? g_ascii_strtoll (version, NULL, 10) : 0;
  if (schema < 1 || g_strcmp0 (clients, "1") != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a wcc-server database"), path);
      return FALSE;
    }
  if (schema > wcc_store_latest_version ())
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s has schema version %d, newer than this wcc-server knows (%d)"),
                   path, (int) MIN (schema, G_MAXINT), wcc_store_latest_version ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    return g_close (fd, error);
  saved = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot write %s to disk: %s"), path,
               g_strerror (saved));
  return FALSE;
}

/* Copies the database @from into a new file beside @beside (a temporary name, owner-only),
 * checked and on disk, in rollback-journal mode: one self-contained file. Returns its path. */
static char *
copy_to_temporary (sqlite3     *from,
                   const char  *from_path,
                   const char  *beside,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (beside);
  g_autofree char *base = g_path_get_basename (beside);
  g_autofree char *template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  int fd, rc;

  fd = g_mkstemp_full (template, O_RDWR, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot create a file in %s: %s"), dir,
                   g_strerror (saved));
      return NULL;
    }
  g_close (fd, NULL);

  to = open_db (template, SQLITE_OPEN_READWRITE, error);
  if (to == NULL)
    goto failed;
  backup = sqlite3_backup_init (to, "main", from, "main");
  if (backup == NULL)
    {
      fail_db (error, to, _("Cannot copy the database"), from_path);
      goto failed;
    }
  /* All pages in one step: one read transaction on the source, so the copy is the
   * database as it was at one moment, whatever the server commits meanwhile. */
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("Cannot copy the database %s: %s"), from_path,
                   sqlite3_errstr (rc));
      goto failed;
    }
  g_free (query_text (to, "PRAGMA journal_mode = DELETE;"));
  if (!check_database (to, template, error))
    goto failed;
  sqlite3_close_v2 (to);
  to = NULL;
  if (!sync_file (template, error))
    goto failed;
  return g_steal_pointer (&template);

failed:
  sqlite3_close_v2 (to);
  g_unlink (template);
  return NULL;
}

gboolean
wcc_store_backup (const char  *db_path,
                  const char  *backup_path,
                  GError     **error)
{
  g_autofree char *temporary = NULL;
  sqlite3 *from;

  g_return_val_if_fail (db_path != NULL && backup_path != NULL, FALSE);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("There is no database at %s"), db_path);
      return FALSE;
    }
  /* Read-write (it never writes): a reader of a database in WAL mode needs the shared
   * memory file, which a read-only connection cannot create when the server is down. */
  from = open_db (db_path, SQLITE_OPEN_READWRITE, error);
  if (from == NULL)
    return FALSE;
  temporary = copy_to_temporary (from, db_path, backup_path, error);
  sqlite3_close_v2 (from);
  if (temporary == NULL)
    return FALSE;
  if (g_rename (temporary, backup_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot write %s: %s"), backup_path,
                   g_strerror (saved));
      g_unlink (temporary);
      return FALSE;
    }
  return TRUE;
}

/* Moves @path (if there) to @kept + @suffix. */
static gboolean
move_aside (const char  *path,
            const char  *kept,
            const char  *suffix,
            GError     **error)
{
  g_autofree char *from = g_strconcat (path, suffix, NULL);
  g_autofree char *to = g_strconcat (kept, suffix, NULL);

  if (!g_file_test (from, G_FILE_TEST_EXISTS) || g_rename (from, to) == 0)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Cannot move %s to %s: %s"), from, to,
               g_strerror (errno));
  return FALSE;
}

gboolean
wcc_store_restore (const char  *backup_path,
                   const char  *db_path,
                   char       **out_kept_path,
                   GError     **error)
{
  g_autofree char *temporary = NULL;
  g_autofree char *kept = NULL;
  sqlite3 *from;

  g_return_val_if_fail (backup_path != NULL && db_path != NULL, FALSE);

  if (out_kept_path != NULL)
    *out_kept_path = NULL;
  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("There is no backup at %s"), backup_path);
      return FALSE;
    }
  from = open_db (backup_path, SQLITE_OPEN_READONLY, error);
  if (from == NULL)
    return FALSE;
  if (!check_database (from, backup_path, error))
    {
      sqlite3_close_v2 (from);
      return FALSE;
    }
  temporary = copy_to_temporary (from, backup_path, db_path, error);
  sqlite3_close_v2 (from);
  if (temporary == NULL)
    return FALSE;

  /* The database it replaces is kept, with its log (a log left by a crash belongs to it
   * and would corrupt the restored one). */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

      kept = g_strdup_printf ("%s.before-restore-%s", db_path, stamp);
      if (!move_aside (db_path, kept, "-wal", error) || !move_aside (db_path, kept, "-shm", error) ||
          !move_aside (db_path, kept, "", error))
        {
          g_unlink (temporary);
          return FALSE;
        }
    }
  if (g_rename (temporary, db_path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Cannot write %s: %s"), db_path,
                   g_strerror (errno));
      g_unlink (temporary);
      return FALSE;
    }
  if (out_kept_path != NULL)
    *out_kept_path = g_steal_pointer (&kept);
  return TRUE;
}
