/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-renderer.h: which GSK renderer the agent desktop draws with. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for the name of an OpenGL implementation that draws with the CPU (Mesa's llvmpipe,
 * softpipe, swrast; as glGetString (GL_RENDERER) reads). */
gboolean     wcc_renderer_is_software_gl       (const char *gl_renderer);

/* Before the first window: when GSK_RENDERER is not set and the display's OpenGL is drawn
 * by the CPU, sets GSK_RENDERER=cairo. Returns the renderer chosen ("cairo") or NULL when
 * GTK's own choice stands. Call from main() before any thread starts (it sets an
 * environment variable). */
const char  *wcc_renderer_choose               (void);

G_END_DECLS
