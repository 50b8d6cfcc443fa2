/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-gstreamer.c: GStreamer set up when first needed and off the main thread. gst_init()
 * reads the plugin registry (megabytes of heap; seconds when it has to be rebuilt after a
 * plugin update), so the desktop does not call it at startup: an agent who takes no call,
 * plays no recording and opens no camera never pays for it, and whoever needs it first waits
 * without freezing the window. */
#define G_LOG_DOMAIN "wcc-gstreamer"

#include "config.h"

#include <gst/gst.h>

#include "wcc-gstreamer.h"

static void
init_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Calls @callback in the caller's main context once GStreamer can be used (at once, through
 * the context, when it already can). */
void
wcc_gstreamer_init_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, wcc_gstreamer_init_async);
  if (gst_is_initialized ())
    g_task_return_boolean (task, TRUE);
  else
    g_task_run_in_thread (task, init_thread);
}

gboolean
wcc_gstreamer_init_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
