/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-gstreamer.h: GStreamer set up when first needed, off the main thread. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     wcc_gstreamer_init_async  (GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean wcc_gstreamer_init_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
