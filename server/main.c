/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: wcc-server's entry point. */
#include <malloc.h>

#include "wcc-server-cli.h"

int
main (int    argc,
      char **argv)
{
  /* Keep freed heap instead of handing it back to the kernel after each request: SQLite
   * allocates and frees a page cache for every temporary table (IN (SELECT …) lists), and
   * trimming it cost two brk calls per request — a third of a phone look-up's time
   * (bench/customers.sh). */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  return wcc_server_cli_run (argc, argv);
}
