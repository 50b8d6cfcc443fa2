/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-local-db.h: the client's own SQLite files in the user's data folder (outbox, call log, contacts). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The path of a file kept in memory only (when the data folder cannot be written). */
#define WCC_LOCAL_DB_IN_MEMORY ":memory:"

/* g_get_user_data_dir()/wcc-desktop/KIND-HOST_PORT-ACCOUNT.sqlite: one file per server and
 * account, so what one user keeps never shows for another or goes to another server. */
char    *wcc_local_db_default_path (const char         *kind,
                                    const char         *base_url,
                                    const char         *account);

/* Opens (or creates) @path owner-only (folder 0700, file 0600: SQLite gives its -wal and
 * -shm files the file's mode), in WAL mode with synchronous FULL, and brings the schema to
 * the newest version: @migrations[i] is the SQL that takes PRAGMA user_version i to i + 1,
 * each run in one transaction. A file from a newer version is refused, never changed.
 * @what names the file for the user in errors ("The call log"). */
sqlite3 *wcc_local_db_open         (const char         *path,
                                    const char         *what,
                                    const char *const  *migrations,
                                    GError            **error);

/* Sets @error to "@what PATH cannot be used: SQLite's message". Returns FALSE. */
gboolean wcc_local_db_set_error    (sqlite3            *db,
                                    const char         *what,
                                    const char         *path,
                                    GError            **error);

/* A prepared statement, or NULL and the error as wcc_local_db_set_error's. */
sqlite3_stmt *wcc_local_db_prepare (sqlite3            *db,
                                    const char         *what,
                                    const char         *path,
                                    const char         *sql,
                                    GError            **error);

G_END_DECLS
