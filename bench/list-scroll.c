/* SPDX-License-Identifier: GPL-3.0-or-later */
/* list-scroll.c: the customers list of the Contact customers page (a WccRecordTable: a
 * GtkColumnView over a WccPagedList, the page's own columns) against a real wcc-server,
 * scrolled from the first row to the last at a steady speed, pages loading from the server
 * as the view nears the end. Prints the frame clock's frame intervals (p50/p95/max ms) and
 * the rows scrolled through per second.
 *
 *   list-scroll URL ACCOUNT PASSWORD [PATH] [PIXELS-PER-FRAME]
 *   (PATH default /api/v1/customers; the password also from $WCC_PASSWORD when "-") */
#define G_LOG_DOMAIN "list-scroll"

#include "config.h"

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-customers-page.h"
#include "wcc-record-table.h"
#include "bench-stats.h"

typedef struct {
  GtkWidget    *window;
  WccRecordTable *table;
  WccPagedList *list;
  GtkAdjustment *adjustment;
  GArray       *intervals;      /* double ms between frames while scrolling */
  GArray       *work;           /* double ms from a frame's update to its end of painting */
  gint64        tick_time;      /* monotonic µs at this frame's update */
  gint64        last_frame;     /* frame clock time (µs) of the previous frame */
  gint64        started;        /* monotonic µs at the first scrolled frame */
  gint64        stalled;        /* µs waited at the end for a page */
  gint64        stall_started;
  double        step;           /* pixels per frame */
  guint         frames;
  gboolean      done;
  int           status;
} Bench;

static void
report (Bench *bench)
{
  double seconds = (g_get_monotonic_time () - bench->started) / 1e6;
  guint rows = g_list_model_get_n_items (G_LIST_MODEL (bench->list));

  g_array_sort (bench->intervals, bench_compare_doubles);
  g_array_sort (bench->work, bench_compare_doubles);
  g_print ("rows: %u\n", rows);
  g_print ("frames: %u in %.2f s (%.1f frames/s)\n", bench->frames, seconds, bench->frames / seconds);
  g_print ("frame interval ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
           bench_percentile (bench->intervals, 0.50), bench_percentile (bench->intervals, 0.95),
           bench_percentile (bench->intervals, 0.99), bench_percentile (bench->intervals, 1.0));
  g_print ("frame work ms (update to painted): p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
           bench_percentile (bench->work, 0.50), bench_percentile (bench->work, 0.95),
           bench_percentile (bench->work, 0.99), bench_percentile (bench->work, 1.0));
  g_print ("waited at the end for the next page: %.2f s\n", bench->stalled / 1e6);
  g_print ("rows per second: %.0f (%.0f without the waits for pages)\n", rows / seconds,
           rows / MAX (0.001, seconds - bench->stalled / 1e6));
  g_print ("pixels per frame: %.0f\n", bench->step);
}

/* The frame's own work: layout, snapshot and rendering after the scroll moved. */
static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  double work;

  if (bench->tick_time == 0 || bench->done)
    return;
  work = (g_get_monotonic_time () - bench->tick_time) / 1000.0;
  g_array_append_val (bench->work, work);
  bench->tick_time = 0;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (bench->adjustment);
  double end = gtk_adjustment_get_upper (bench->adjustment) - gtk_adjustment_get_page_size (bench->adjustment);
  guint rows = g_list_model_get_n_items (G_LIST_MODEL (bench->list));

  if (rows == 0 || end <= 0)
    return G_SOURCE_CONTINUE;   /* the first page is on its way */
  bench->tick_time = g_get_monotonic_time ();
  if (bench->started == 0)
    bench->started = g_get_monotonic_time ();
  else
    {
      double interval = (now - bench->last_frame) / 1000.0;

      g_array_append_val (bench->intervals, interval);
      bench->frames++;
    }
  bench->last_frame = now;

  if (value >= end - 0.5)
    {
      if (!wcc_paged_list_get_has_more (bench->list) && !wcc_paged_list_get_loading (bench->list))
        {
          report (bench);
          bench->done = TRUE;
          return G_SOURCE_REMOVE;
        }
      /* at the end with more to come: the page is loading (a real user waits too) */
      if (bench->stall_started == 0)
        bench->stall_started = g_get_monotonic_time ();
      wcc_paged_list_load_more (bench->list);
      return G_SOURCE_CONTINUE;
    }
  if (bench->stall_started != 0)
    {
      bench->stalled += g_get_monotonic_time () - bench->stall_started;
      bench->stall_started = 0;
    }
  gtk_adjustment_set_value (bench->adjustment, MIN (end, value + bench->step));
  return G_SOURCE_CONTINUE;
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = wcc_client_login_finish (WCC_CLIENT (source), result, &error);
  if (user == NULL)
    {
      g_printerr ("list-scroll: cannot log in: %s\n", error->message);
      bench->status = 1;
      bench->done = TRUE;
      return;
    }
  wcc_paged_list_reload (bench->list);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench->table)), "after-paint",
                    G_CALLBACK (on_after_paint), bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench->table), on_tick, bench, NULL);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(WccClient) client = NULL;
  const char *password;
  GtkWidget *scrolled;

  if (argc < 4)
    {
      g_printerr ("usage: list-scroll URL ACCOUNT PASSWORD [PATH] [PIXELS-PER-FRAME]\n");
      return 2;
    }
  password = g_str_equal (argv[3], "-") ? g_getenv ("WCC_PASSWORD") : argv[3];
  adw_init ();

  client = wcc_client_new (argv[1]);
  bench.list = wcc_paged_list_new (client, argc > 4 ? argv[4] : "/api/v1/customers");
  wcc_paged_list_set_page_size (bench.list, 200);
  bench.step = argc > 5 ? g_ascii_strtod (argv[5], NULL) : 600;
  bench.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  bench.work = g_array_new (FALSE, FALSE, sizeof (double));

  bench.table = WCC_RECORD_TABLE (wcc_record_table_new ());
  wcc_customers_page_add_customer_columns (bench.table, NULL);
  wcc_record_table_set_list (bench.table, bench.list);
  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (bench.table));
  gtk_window_present (GTK_WINDOW (bench.window));
  scrolled = gtk_widget_get_parent (GTK_WIDGET (wcc_record_table_get_view (bench.table)));
  bench.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (wcc_record_table_get_view (bench.table)));
  g_assert (GTK_IS_SCROLLED_WINDOW (scrolled) && bench.adjustment != NULL);

  wcc_client_login_async (client, argv[2], password, NULL, NULL, NULL, on_logged_in, &bench);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_clear_object (&bench.list);
  g_array_unref (bench.intervals);
  g_array_unref (bench.work);
  return bench.status;
}
