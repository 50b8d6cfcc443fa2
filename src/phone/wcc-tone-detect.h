/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tone-detect.h: hearing audio headless: a sink element that reports the dominant tone and level. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the "wcctonesink" element in this process (idempotent; calls gst_init). It is a
 * bin: audioconvert ! audioresample ! 16 kHz mono ! spectrum ! level ! fakesink sync=true,
 * that keeps what its spectrum and level report, per element name, readable from any thread.
 * Use it wherever a sink description goes (WccMediaDevices.sink, wcc_tone_player_new):
 * wcc_tone_detect_sink_description ("b-ear") gives "wcctonesink name=b-ear". Names are
 * process-wide: give each sink its own. */
void      wcc_tone_detect_init              (void);
char     *wcc_tone_detect_sink_description  (const char   *name);

/* The dominant frequency of the last 100 ms report and its magnitude (dB), 0 before any. */
double    wcc_tone_detect_dominant          (const char   *name,
                                             double       *out_db);
/* Forgets what @name heard so far: the waits below only look at newer reports. */
void      wcc_tone_detect_reset             (const char   *name);
/* The longest time (monotonic, µs) between two reports since the last reset: audio
 * that arrives in bursts rather than in real time (the analysis reads samples, not time). */
gint64    wcc_tone_detect_longest_pause_us  (const char   *name);

/* Non-blocking: the newest @reports reports (100 ms each) all have a tone within one and a
 * half bands (37.5 Hz) of @freq_hz, loud enough to be a tone. For tools on a main loop. */
gboolean  wcc_tone_detect_hears             (const char   *name,
                                             double        freq_hz,
                                             guint         reports);

/* Non-blocking: the newest @reports reports all carry a tone at @freq_hz (its band or a
 * neighbour), loud enough to be a tone and within 20 dB of the loudest band: heard even
 * beside other tones (a conference, a supervisor's mix), unlike _hears(), which wants the
 * dominant tone. */
gboolean  wcc_tone_detect_hears_in_mix      (const char   *name,
                                             double        freq_hz,
                                             guint         reports);

/* For tests, which own the loop: run the default main context until the condition holds over @reports consecutive
 * reports (100 ms each), or @timeout_ms passes: then FALSE. */
gboolean  wcc_tone_detect_wait_tone         (const char   *name,
                                             double        freq_hz,
                                             guint         reports,
                                             guint         timeout_ms);
/* The dominant tone is one of @freqs (n_freqs of them) (each within one and a half bands, 37.5 Hz). */
gboolean  wcc_tone_detect_wait_any_tone     (const char   *name,
                                             const double *freqs,
                                             guint         n_freqs,
                                             guint         reports,
                                             guint         timeout_ms);
/* The RMS level stays below @max_db. */
gboolean  wcc_tone_detect_wait_silence      (const char   *name,
                                             double        max_db,
                                             guint         reports,
                                             guint         timeout_ms);

G_END_DECLS
