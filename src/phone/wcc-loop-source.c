/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-loop-source.c: timeouts and idles on a given main context, for the media objects. */
#define G_LOG_DOMAIN "wcc-loop-source"

#include "wcc-loop-source.h"

GSource *
wcc_loop_source_attach (GMainContext   *context,
                        guint           ms,
                        GSourceFunc     func,
                        gpointer        data,
                        GDestroyNotify  notify)
{
  GSource *source = ms > 0 ? g_timeout_source_new (ms) : g_idle_source_new ();

  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  return source;
}

void
wcc_loop_source_clear (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}
