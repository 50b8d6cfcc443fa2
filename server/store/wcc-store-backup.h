/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-backup.h: backup and restore of the server's database (wcc-server backup and
 * restore). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes a consistent copy of the database at @db_path — the database as it was at one
 * moment, taken while a server may be running and writing — to @backup_path (replaced
 * whole: written beside it under a temporary name, checked, synced, then renamed). One
 * self-contained SQLite file. */
gboolean wcc_store_backup  (const char  *db_path,
                            const char  *backup_path,
                            GError     **error);

/* Puts the backup at @backup_path in place of the database at @db_path. The backup is
 * checked first (a whole SQLite file, a wcc-server database, a schema this program knows);
 * the database it replaces, with its write-ahead log, is kept beside it as
 * `<db_path>.before-restore-<UTC time>` (@out_kept_path; NULL when there was none). The
 * server must not be running on it (the caller holds the data folder's lock). */
gboolean wcc_store_restore (const char  *backup_path,
                            const char  *db_path,
                            char       **out_kept_path,
                            GError     **error);

G_END_DECLS
