/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-local-db.c: the client's own SQLite files in the user's data folder (outbox, call log, contacts). */
#define G_LOG_DOMAIN "wcc-local-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wcc-error.h"
#include "wcc-local-db.h"

char *
wcc_local_db_default_path (const char *kind,
                           const char *base_url,
                           const char *account)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *server = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL && g_uri_get_port (uri) > 0)
    server = g_strdup_printf ("%s_%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else if (uri != NULL && g_uri_get_host (uri) != NULL)
    server = g_strdup (g_uri_get_host (uri));
  else
    server = g_strdup (base_url);
  name = g_strdup_printf ("%s-%s-%s.sqlite", kind, server, account);
  /* Neither part may leave the folder or make an odd file name. */
  g_strcanon (name, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS ".-_@", '_');
  return g_build_filename (g_get_user_data_dir (), "wcc-desktop", name, NULL);
}

gboolean
wcc_local_db_set_error (sqlite3     *db,
                        const char  *what,
                        const char  *path,
                        GError     **error)
{
  /* TRANSLATORS: the first %s names the file ("The call log"), then its path and why. */
  g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("%s (%s) cannot be used: %s"),
               what, path, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  return FALSE;
}

sqlite3_stmt *
wcc_local_db_prepare (sqlite3     *db,
                      const char  *what,
                      const char  *path,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      wcc_local_db_set_error (db, what, path, error);
      return NULL;
    }
  return stmt;
}

static int
user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (sqlite3            *db,
         const char         *what,
         const char         *path,
         const char *const  *migrations,
         GError            **error)
{
  int newest = (int) g_strv_length ((GStrv) migrations);
  int version = user_version (db);

  if (version < 0)
    return wcc_local_db_set_error (db, what, path, error);
  if (version > newest)
    {
      /* TRANSLATORS: %s names the file ("The call log"), then its path. */
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL,
                   _("%s (%s) was made by a newer version of this application"), what, path);
      return FALSE;
    }
  for (; version < newest; version++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; %s PRAGMA user_version = %d; COMMIT;",
                                              migrations[version], version + 1);
      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        {
          wcc_local_db_set_error (db, what, path, error);
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gsize page_cache_configured;

sqlite3 *
wcc_local_db_open (const char         *path,
                   const char         *what,
                   const char *const  *migrations,
                   GError            **error)
{
  g_autofree char *dir = NULL;
  sqlite3 *db = NULL;
  int fd = -1;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (migrations != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_strcmp0 (path, WCC_LOCAL_DB_IN_MEMORY) != 0 &&
      (g_mkdir_with_parents (dir, 0700) != 0 ||
       ((fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)))
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s (%s) cannot be used: %s"), what, path, g_strerror (saved));
      return NULL;
    }
  if (fd >= 0)
    g_close (fd, NULL);

  /* No bulk page cache: by default each connection takes 20 pages (~86 KiB) at its first
   * read and keeps them, and the logged-in app holds four of these small files open all
   * day for a few statements a minute; pages come one at a time as they are needed (issue
   * 6, idle memory: −0.34 MiB of heap). It has to be said before SQLite initialises: if
   * something else in the process opened a database first, SQLite keeps its default. */
  if (g_once_init_enter (&page_cache_configured))
    {
      sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
      g_once_init_leave (&page_cache_configured, 1);
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      wcc_local_db_set_error (db, what, path, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 2000);
  /* FULL: what the agent did is on disk before the UI shows it. */
  if (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      wcc_local_db_set_error (db, what, path, error);
      sqlite3_close (db);
      return NULL;
    }
  if (!migrate (db, what, path, migrations, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}
