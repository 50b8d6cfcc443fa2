/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: wcc-server's entry point. */
#include "wcc-server-cli.h"

int
main (int    argc,
      char **argv)
{
  return wcc_server_cli_run (argc, argv);
}
