/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-jpeg.h: tells a JPEG by its content (avatars, D7), on the client and on the server. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WCC_AVATAR_MAX_BYTES (1024 * 1024)

/* TRUE when @data is a baseline or progressive JPEG whose headers walk cleanly from the
 * start-of-image marker to a frame header and a start-of-scan; gives its size in pixels. */
gboolean wcc_jpeg_sniff          (const guint8 *data,
                                  gsize         length,
                                  guint        *out_width,
                                  guint        *out_height);

/* The avatar rule: a JPEG by content and at most WCC_AVATAR_MAX_BYTES.
 * Fails with WCC_ERROR_PAYLOAD_TOO_LARGE or WCC_ERROR_UNSUPPORTED_MEDIA_TYPE. */
gboolean wcc_jpeg_check_avatar   (GBytes       *bytes,
                                  GError      **error);

G_END_DECLS
