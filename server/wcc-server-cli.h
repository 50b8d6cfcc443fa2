/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-cli.h: the wcc-server command line: run the server, or `admin …`. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int wcc_server_cli_run (int    argc,
                        char **argv);
int wcc_admin_run      (int    argc,
                        char **argv);
/* wcc-backup.c */
int wcc_backup_run     (int    argc,
                        char **argv);
int wcc_restore_run    (int    argc,
                        char **argv);

G_END_DECLS
