/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-camera.h: the webcam for the avatar snapshot (D7): a live preview and a square JPEG. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WCC_TYPE_CAMERA (wcc_camera_get_type ())
G_DECLARE_FINAL_TYPE (WccCamera, wcc_camera, WCC, CAMERA, GObject)

/* The side of the square snapshot, in pixels. */
#define WCC_CAMERA_SNAPSHOT_SIZE 512

/* Which camera: $WCC_VIDEOSRC (a gst-launch description of a source, for tests and
 * troubleshooting); inside Flatpak the camera portal (org.freedesktop.portal.Camera: the
 * user is asked, then `pipewiresrc` on the PipeWire remote it opens); otherwise the first
 * "Video/Source" device of GStreamer's v4l2 device provider.
 *
 * The pipeline `SOURCE ! videoconvert ! videoscale ! RGBA (at most 640×480) ! appsink`
 * exists only between start and stop. Frames are taken on the streaming thread; the latest
 * one is handed to the main context of the thread that started the camera, where "frame" is
 * emitted (older frames not yet shown are dropped: the streaming thread never waits).
 *
 * Properties (read-only, notify):
 *   "available"  boolean: a camera is there to try (kept current as cameras come and go;
 *                $WCC_VIDEOSRC counts as one)
 *   "running"    boolean: between a successful start and stop (or a failure)
 * Signals:
 *   "frame"   (): a new frame; read it with wcc_camera_get_frame()
 *   "failed"  (GError *error): the camera stopped working (unplugged, taken away); it has
 *             stopped.
 * Errors are G_IO_ERROR: NOT_FOUND (no camera), BUSY (another program uses it),
 * PERMISSION_DENIED (refused by the system or the user), INVALID_ARGUMENT (a bad
 * $WCC_VIDEOSRC), TIMED_OUT (no picture), FAILED (anything else). */
WccCamera *wcc_camera_new            (void);
gboolean   wcc_camera_get_available  (WccCamera            *self);
gboolean   wcc_camera_get_running    (WccCamera            *self);
/* Opens the camera (asking through the portal inside Flatpak) and finishes with the first
 * frame, or an error. Starting a running camera restarts it. */
void       wcc_camera_start_async    (WccCamera            *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean   wcc_camera_start_finish   (WccCamera            *self,
                                      GAsyncResult         *result,
                                      GError              **error);
/* Stops the pipeline (its threads are joined) and closes the camera. */
void       wcc_camera_stop           (WccCamera            *self);
/* The latest frame, RGBA, @stride bytes a row; NULL before the first one. */
GBytes    *wcc_camera_get_frame      (WccCamera            *self,
                                      int                  *width,
                                      int                  *height,
                                      gsize                *stride);
/* The latest frame, cropped to a centred square, scaled to WCC_CAMERA_SNAPSHOT_SIZE and
 * encoded as a JPEG that passes wcc_jpeg_check_avatar() (at most 1 MB); encoded on a worker
 * thread. Fails with G_IO_ERROR_NOT_FOUND before the first frame. */
void       wcc_camera_snapshot_async (WccCamera            *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GBytes    *wcc_camera_snapshot_finish (WccCamera           *self,
                                       GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
