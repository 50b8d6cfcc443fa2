/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-challenge.c: the login's human-verification picture (L2): digits drawn with noise. */
#define G_LOG_DOMAIN "wcc-challenge"

#include <cairo.h>
#include <math.h>
#include <sodium.h>

#include "wcc-challenge.h"

/* Each digit as pen strokes in a unit box (x right, y down); one NAN ends a stroke, two
 * end the digit. Drawn strokes need no font on the server host. */
static const double digit_strokes[10][24] = {
  { 0.5, 0.0, 0.1, 0.2, 0.1, 0.8, 0.5, 1.0, 0.9, 0.8, 0.9, 0.2, 0.5, 0.0, NAN, NAN },
  { 0.25, 0.25, 0.55, 0.0, 0.55, 1.0, NAN, 0.3, 1.0, 0.8, 1.0, NAN, NAN },
  { 0.1, 0.25, 0.4, 0.0, 0.8, 0.05, 0.9, 0.35, 0.1, 1.0, 0.9, 1.0, NAN, NAN },
  { 0.1, 0.05, 0.9, 0.05, 0.45, 0.45, 0.9, 0.65, 0.75, 0.95, 0.4, 1.0, 0.1, 0.85, NAN, NAN },
  { 0.7, 1.0, 0.7, 0.0, 0.05, 0.7, 0.95, 0.7, NAN, NAN },
  { 0.85, 0.0, 0.2, 0.0, 0.15, 0.45, 0.65, 0.4, 0.9, 0.7, 0.6, 1.0, 0.1, 0.9, NAN, NAN },
  { 0.8, 0.0, 0.3, 0.3, 0.1, 0.75, 0.45, 1.0, 0.85, 0.75, 0.6, 0.5, 0.15, 0.6, NAN, NAN },
  { 0.1, 0.0, 0.9, 0.0, 0.4, 1.0, NAN, 0.3, 0.5, 0.75, 0.5, NAN, NAN },
  { 0.5, 0.45, 0.15, 0.2, 0.5, 0.0, 0.85, 0.2, 0.5, 0.45, 0.1, 0.75, 0.5, 1.0, 0.9, 0.75, 0.5, 0.45, NAN, NAN },
  { 0.85, 0.4, 0.5, 0.5, 0.15, 0.3, 0.45, 0.0, 0.85, 0.25, 0.8, 0.6, 0.3, 1.0, NAN, NAN },
};

char *
wcc_challenge_new_answer (void)
{
  char answer[WCC_CHALLENGE_DIGITS + 1];

  for (int i = 0; i < WCC_CHALLENGE_DIGITS; i++)
    answer[i] = (char) ('0' + randombytes_uniform (10));
  answer[WCC_CHALLENGE_DIGITS] = '\0';
  return g_strdup (answer);
}

static void
draw_digit (cairo_t *cr,
            GRand   *rand,
            int      digit)
{
  const double *strokes = digit_strokes[digit];
  gboolean pen_down = FALSE;

  for (int i = 0; i < 23; i++)
    {
      if (isnan (strokes[i]))
        {
          if (pen_down)
            cairo_stroke (cr);
          pen_down = FALSE;
          if (isnan (strokes[i + 1]))
            break;
          continue;
        }
      {
        double x = strokes[i] + g_rand_double_range (rand, -0.05, 0.05);
        double y = strokes[i + 1] + g_rand_double_range (rand, -0.04, 0.04);
        if (pen_down)
          cairo_line_to (cr, x, y);
        else
          cairo_move_to (cr, x, y);
        pen_down = TRUE;
        i++;
      }
    }
  if (pen_down)
    cairo_stroke (cr);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
wcc_challenge_render_png (const char *answer,
                          int         width,
                          int         height)
{
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  int n;

  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  n = (int) strlen (answer);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.96, 0.95, 0.92);
  cairo_paint (cr);

  /* Speckles and crossing curves make the digits harder to segment by machine. */
  for (int i = 0; i < width * height / 40; i++)
    {
      double shade = g_rand_double_range (rand, 0.45, 0.85);
      cairo_set_source_rgb (cr, shade, shade, g_rand_double_range (rand, 0.4, 0.9));
      cairo_rectangle (cr, g_rand_int_range (rand, 0, width), g_rand_int_range (rand, 0, height), 1.5, 1.5);
      cairo_fill (cr);
    }

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int i = 0; i < n; i++)
    {
      double cell = (double) width / (n + 1);
      double size = height * g_rand_double_range (rand, 0.55, 0.7);

      if (!g_ascii_isdigit (answer[i]))
        continue;
      cairo_save (cr);
      cairo_translate (cr,
                       cell * (i + 0.6) + g_rand_double_range (rand, -cell * 0.12, cell * 0.12),
                       (height - size) / 2 + g_rand_double_range (rand, -height * 0.1, height * 0.1));
      cairo_rotate (cr, g_rand_double_range (rand, -0.3, 0.3));
      cairo_scale (cr, size * g_rand_double_range (rand, 0.55, 0.75), size);
      cairo_set_line_width (cr, g_rand_double_range (rand, 0.09, 0.14));
      cairo_set_source_rgb (cr, g_rand_double_range (rand, 0.05, 0.35),
                            g_rand_double_range (rand, 0.05, 0.3),
                            g_rand_double_range (rand, 0.2, 0.5));
      draw_digit (cr, rand, answer[i] - '0');
      cairo_restore (cr);
    }

  for (int i = 0; i < 3; i++)
    {
      cairo_set_line_width (cr, g_rand_double_range (rand, 1.0, 2.0));
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.35, 0.6);
      cairo_move_to (cr, 0, g_rand_double_range (rand, 0, height));
      cairo_curve_to (cr,
                      width * 0.33, g_rand_double_range (rand, 0, height),
                      width * 0.66, g_rand_double_range (rand, 0, height),
                      width, g_rand_double_range (rand, 0, height));
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
