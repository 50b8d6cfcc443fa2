/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-renderer.c: the cairo renderer where OpenGL is software (virtual desktops, thin
 * clients, VMs without a GPU). There GTK's GL renderer draws through Mesa's llvmpipe on the
 * CPU: no faster than cairo, and llvmpipe compiles every GSK shader variant a window draws
 * with — on this app's main window ~120 MiB more than cairo and a later first window
 * (bench/README.md, app-idle.sh). GSK_RENDERER set by the user still wins. */
#define G_LOG_DOMAIN "wcc-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>

#include "wcc-renderer.h"

gboolean
wcc_renderer_is_software_gl (const char *gl_renderer)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "swrast", "software rasterizer", NULL };
  g_autofree char *lower = NULL;

  if (gl_renderer == NULL)
    return FALSE;
  lower = g_ascii_strdown (gl_renderer, -1);
  for (guint i = 0; software[i] != NULL; i++)
    if (strstr (lower, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The display's OpenGL renderer string, NULL when GL cannot be used there. */
static char *
read_gl_renderer (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL here: %s", error ? error->message : "unknown");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return name;
}

const char *
wcc_renderer_choose (void)
{
  g_autofree char *gl_renderer = NULL;
  GdkDisplay *display;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return NULL;
  if (!gtk_init_check ())
    return NULL;   /* no display: the application says so itself */
  display = gdk_display_get_default ();
  if (display == NULL)
    return NULL;

  gl_renderer = read_gl_renderer (display);
  if (!wcc_renderer_is_software_gl (gl_renderer))
    return NULL;

  g_debug ("OpenGL is software here (%s): drawing with cairo", gl_renderer);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return "cairo";
}
