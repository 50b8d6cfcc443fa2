/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-loop-source.h: timeouts and idles on a given main context, for the media objects. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Attaches a timeout (@ms > 0) or an idle (@ms == 0) calling @func (@data) to @context.
 * Returns the source, owned by the caller (clear it with wcc_loop_source_clear). */
GSource *wcc_loop_source_attach (GMainContext   *context,
                                 guint           ms,
                                 GSourceFunc     func,
                                 gpointer        data,
                                 GDestroyNotify  notify);
/* Destroys and drops *@source, if any. */
void     wcc_loop_source_clear  (GSource       **source);

G_END_DECLS
