/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sofia-exit.h: a clean exit for every program that links Sofia-SIP: included once by
 * the file that starts Sofia in each program (wcc-phone.c, the server's wcc-sip-server.c).
 *
 * Sofia-SIP 1.12.11 (su_uniqueid.c) deletes its thread-specific key in a destructor at exit
 * even when it never made one — then it deletes key 0, which belongs to whichever library
 * made the process's first key. In wcc-agent that is GLib's slice allocator: a program that
 * exits without having placed a call (`wcc-agent --version`, `--help`, a start without a
 * display) then aborted in GLib ("pthread_setspecific: Invalid argument") while freeing at
 * exit. Having Sofia make its key as the program starts means the key it deletes is its
 * own. (tests/app: agent-exits-cleanly) */
#pragma once

#include <sofia-sip/su_uniqueid.h>

__attribute__((constructor)) static void
make_sofia_thread_key (void)
{
  /* Sofia's random numbers keep their state under that key: the first draw makes it. */
  (void) su_randint (0, 1);
}
