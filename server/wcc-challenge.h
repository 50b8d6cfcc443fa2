/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-challenge.h: the login's human-verification picture (L2): digits drawn with noise. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WCC_CHALLENGE_DIGITS 5

/* A fresh random answer of WCC_CHALLENGE_DIGITS digits. */
char   *wcc_challenge_new_answer (void);
/* Draws @answer (digits only) as a PNG of @width × @height, distorted differently each call. */
GBytes *wcc_challenge_render_png (const char *answer,
                                  int         width,
                                  int         height);

G_END_DECLS
