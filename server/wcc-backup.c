/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-backup.c: `wcc-server backup FILE` (a consistent copy of the live database, taken
 * while the server runs) and `wcc-server restore FILE` (put one back, the server stopped). */
#define G_LOG_DOMAIN "wcc-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wcc-config.h"
#include "wcc-server-cli.h"
#include "wcc-server.h"
#include "wcc-store-backup.h"

typedef enum { BACKUP, RESTORE } Direction;

static int
command_fail (Direction   direction,
              const char *message)
{
  g_printerr ("wcc-server %s: %s\n", direction == BACKUP ? "backup" : "restore", message);
  return 1;
}

static int
run (Direction direction,
     int       argc,
     char    **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccConfig) config = wcc_config_new_default ();
  g_autofree char *config_file = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *kept = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, N_("Read settings from FILE (its data folder)"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server's data folder"), N_("DIR") },
    { NULL }
  };
  int lock;

  if (direction == BACKUP)
    {
      context = g_option_context_new (_("FILE — copy the server's database to FILE, while it runs"));
      g_option_context_set_summary (context,
                                    _("Writes a consistent copy of the database (as it was at one moment) to\n"
                                      "FILE, one SQLite file, replaced whole. The server may keep running."));
    }
  else
    {
      context = g_option_context_new (_("FILE — put a backup back in place of the server's database"));
      g_option_context_set_summary (context,
                                    _("Checks FILE (made by wcc-server backup), then puts it in place of the\n"
                                      "database. The server must be stopped. The database it replaces is\n"
                                      "kept beside it as wcc.db.before-restore-TIME."));
    }
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return command_fail (direction, error->message);
  if (argc != 2)
    return command_fail (direction, _("name one FILE (see --help)"));
  if (config_file != NULL && !wcc_config_load_file (config, config_file, &error))
    return command_fail (direction, error->message);
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  db_path = wcc_config_database_path (config);

  if (direction == BACKUP)
    {
      if (!wcc_store_backup (db_path, argv[1], &error))
        return command_fail (direction, error->message);
      g_print (_("Backed up %s to %s\n"), db_path, argv[1]);
      return 0;
    }

  if (!wcc_server_prepare_data_dir (config->data_dir, &error))
    return command_fail (direction, error->message);
  lock = wcc_server_lock_data_dir (config->data_dir, &error);
  if (lock < 0)
    return command_fail (direction, error->message);
  if (!wcc_store_restore (argv[1], db_path, &kept, &error))
    {
      g_close (lock, NULL);
      return command_fail (direction, error->message);
    }
  g_close (lock, NULL);
  g_print (_("Restored %s from %s\n"), db_path, argv[1]);
  if (kept != NULL)
    g_print (_("The database it replaced is kept as %s\n"), kept);
  return 0;
}

int
wcc_backup_run (int    argc,
                char **argv)
{
  return run (BACKUP, argc, argv);
}

int
wcc_restore_run (int    argc,
                 char **argv)
{
  return run (RESTORE, argc, argv);
}
