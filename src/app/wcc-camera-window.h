/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-camera-window.h: taking the avatar with the webcam (D7): live preview, Take Photo,
 * then Use Photo or Retake. */
#pragma once

#include <adwaita.h>

#include "wcc-camera.h"

G_BEGIN_DECLS

#define WCC_TYPE_CAMERA_WINDOW (wcc_camera_window_get_type ())
G_DECLARE_FINAL_TYPE (WccCameraWindow, wcc_camera_window, WCC, CAMERA_WINDOW, AdwWindow)

/* Signals: photo-chosen (GBytes *jpeg): "Use Photo" was pressed; the square JPEG the camera
 * took (at most 1 MB). The window closes then. Closing it any other way chooses nothing.
 *
 * The window starts @camera when shown and stops it when it closes. */
WccCameraWindow *wcc_camera_window_new (WccCamera *camera);

G_END_DECLS
