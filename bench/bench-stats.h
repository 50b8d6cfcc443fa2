/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-stats.h: percentiles of measured values, shared by the benchmark programs. */
#pragma once

#include <glib.h>

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The @p quantile (0–1) of @sorted (doubles, ascending); 0 when empty. */
static inline double
bench_percentile (GArray *sorted,
                  double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}
