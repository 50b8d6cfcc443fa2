/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-mic-test.h: the microphone test: how loud an audio input is, while the test runs. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WCC_TYPE_MIC_TEST (wcc_mic_test_get_type ())
G_DECLARE_FINAL_TYPE (WccMicTest, wcc_mic_test, WCC, MIC_TEST, GObject)

/* A small pipeline, `SOURCE ! audioconvert ! level ! fakesink`, that exists only between
 * start and stop; its level messages arrive on the thread-default main context of the
 * thread that started it.
 *
 * Properties (read-only, notify):
 *   "running"  boolean
 *   "level"    double 0–1: the loudest channel's RMS of the last 50 ms on a meter scale
 *              (−60 dBFS and below: 0, 0 dBFS: 1); 0 while stopped
 * Signal "failed" (const char *message): the input stopped working (unplugged, refused);
 * the test has stopped. */
WccMicTest *wcc_mic_test_new          (void);
/* Starts on @description (a gst-launch description of a source; NULL or "": the system
 * default, see wcc_audio_device_default_description()); restarts when running. */
gboolean    wcc_mic_test_start        (WccMicTest   *self,
                                       const char   *description,
                                       GError      **error);
void        wcc_mic_test_stop         (WccMicTest   *self);
gboolean    wcc_mic_test_get_running  (WccMicTest   *self);
double      wcc_mic_test_get_level    (WccMicTest   *self);

G_END_DECLS
