/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-pulse.h: a private PulseAudio daemon with null sinks, for the audio device tests. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char        *dir;        /* HOME, XDG_RUNTIME_DIR and the socket; removed at stop */
  char        *server;     /* unix:DIR/native */
} WccTestPulse;

/* Starts `pulseaudio -n` in a temp dir with the native protocol on a private socket and one
 * module-null-sink per name in @sinks, waits until it answers, and points this process's
 * PulseAudio clients at it ($PULSE_SERVER). Fails the test with a message saying what to
 * install when pulseaudio or pactl is missing (build-aux/wcc-deps installs them). */
WccTestPulse *wcc_test_pulse_start (const char * const *sinks);
/* Runs `pactl ARGS…` against the daemon and returns what it printed; fails the test when
 * pactl fails. */
char         *wcc_test_pulse_ctl   (WccTestPulse       *pulse,
                                    const char         *first_arg,
                                    ...) G_GNUC_NULL_TERMINATED;
void          wcc_test_pulse_stop  (WccTestPulse       *pulse);

G_END_DECLS
