/* SPDX-License-Identifier: GPL-3.0-or-later */
/* monitor-frames.c: the real-time monitor window (R5) under load, for bench/monitor.sh.
 *
 *   monitor-frames window URL ACCOUNT PASSWORD SECONDS
 *       logs in, opens a WccMonitorWindow (the app's own) at 1280×800, waits for its
 *       snapshot, then for SECONDS keeps the frame clock running (a tick callback that does
 *       nothing, as a wallboard's animation would) and records each frame's interval (frame
 *       clock time to the next) and its own work (flush-events to after-paint, monotonic).
 *       Prints the agents and groups shown, the callers waiting, the monitor events received
 *       per second and the p50/p95/p99/max of both in ms.
 *   monitor-frames load URL TOKENS-FILE RATE SECONDS REASON-ID…
 *       for SECONDS, RATE times a second, puts the next agent of TOKENS-FILE (one bearer
 *       token a line) in a pause with the next of the REASON-IDs (a change of state or of
 *       reason every time: an "agent.state" and a "monitor.agent" event each). Prints
 *       "changes N failed N".
 */
#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-monitor-window.h"
#include "bench-stats.h"

typedef struct {
  GtkWidget  *window;
  WccMonitor *monitor;
  GArray     *intervals;   /* ms */
  GArray     *work;        /* ms */
  gint64      tick_time;   /* monotonic µs at this frame's update (the tick callback) */
  gint64      last_frame;  /* frame clock µs of the previous frame */
  gint64      started;
  gint64      until;
  guint       events;
  gboolean    measuring;
  gboolean    done;
  int         status;
} Bench;

static void
print_figures (const char *what,
               GArray     *values)
{
  g_array_sort (values, bench_compare_doubles);
  g_print ("%s ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%u frames)\n", what,
           bench_percentile (values, 0.50), bench_percentile (values, 0.95), bench_percentile (values, 0.99),
           bench_percentile (values, 1.0), values->len);
}

static void
report (Bench *bench)
{
  GListModel *groups = wcc_monitor_get_groups (bench->monitor);
  double seconds = (g_get_monotonic_time () - bench->started) / 1e6;
  gint64 waiting = 0;

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccRecord) group = g_list_model_get_item (groups, i);
      waiting += wcc_record_get_int (group, "waiting", 0);
    }
  g_print ("agents %u  groups %u  waiting %" G_GINT64_FORMAT "  monitor events %.1f/s over %.1f s\n",
           g_list_model_get_n_items (wcc_monitor_get_agents (bench->monitor)), g_list_model_get_n_items (groups),
           waiting, bench->events / seconds, seconds);
  print_figures ("frame interval", bench->intervals);
  print_figures ("frame work (update to painted)", bench->work);
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  double work;

  if (!bench->measuring || bench->tick_time == 0)
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

  bench->tick_time = g_get_monotonic_time ();
  if (!bench->measuring)
    {
      if (!wcc_monitor_get_loaded (bench->monitor))
        return G_SOURCE_CONTINUE;
      bench->measuring = TRUE;
      bench->started = g_get_monotonic_time ();
      bench->until += bench->started;
      bench->events = 0;
    }
  else
    {
      double interval = (now - bench->last_frame) / 1000.0;
      g_array_append_val (bench->intervals, interval);
    }
  bench->last_frame = now;
  if (g_get_monotonic_time () >= bench->until)
    {
      report (bench);
      bench->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_event (Bench      *bench,
          const char *type,
          gint64      seq,
          JsonNode   *data)
{
  if (g_str_equal (type, "monitor.agent") || g_str_equal (type, "queue.updated"))
    bench->events++;
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;
  WccSession *session;
  GdkFrameClock *clock;

  user = wcc_client_login_finish (WCC_CLIENT (source), result, &error);
  if (user == NULL)
    {
      g_printerr ("monitor-frames: cannot log in: %s\n", error->message);
      bench->status = 1;
      bench->done = TRUE;
      return;
    }
  session = wcc_session_new (WCC_CLIENT (source), WCC_OUTBOX_IN_MEMORY, &error);
  g_assert_no_error (error);
  wcc_session_start (session);
  g_signal_connect_swapped (wcc_session_get_event_stream (session), "event", G_CALLBACK (on_event), bench);
  bench->window = GTK_WIDGET (wcc_monitor_window_new (session));
  bench->monitor = wcc_monitor_window_get_monitor (WCC_MONITOR_WINDOW (bench->window));
  g_object_unref (session);
  gtk_window_present (GTK_WINDOW (bench->window));
  clock = gtk_widget_get_frame_clock (bench->window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), bench);
  gtk_widget_add_tick_callback (bench->window, on_tick, bench, NULL);
}

static int
run_window (int    argc,
            char **argv)
{
  Bench bench = { 0 };
  g_autoptr(WccClient) client = NULL;

  if (argc < 6)
    {
      g_printerr ("usage: monitor-frames window URL ACCOUNT PASSWORD SECONDS\n");
      return 2;
    }
  adw_init ();
  bench.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  bench.work = g_array_new (FALSE, FALSE, sizeof (double));
  bench.until = (gint64) (g_ascii_strtod (argv[5], NULL) * G_USEC_PER_SEC);
  client = wcc_client_new (argv[2]);
  wcc_client_login_async (client, argv[3], argv[4], NULL, NULL, NULL, on_logged_in, &bench);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);
  if (bench.window != NULL)
    gtk_window_destroy (GTK_WINDOW (bench.window));
  g_array_unref (bench.intervals);
  g_array_unref (bench.work);
  return bench.status;
}

/* ---- the load ---------------------------------------------------------------------------- */

typedef struct {
  SoupSession *soup;
  char        *url;
  GStrv        tokens;
  guint        n_tokens;
  GStrv        reasons;
  guint        n_reasons;
  guint        next;
  guint        changes;
  guint        failed;
  guint        in_flight;
  gint64       until;
} Load;

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  load->in_flight--;
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
    load->changes++;
  else
    load->failed++;
}

static gboolean
on_load_tick (gpointer user_data)
{
  Load *load = user_data;
  guint agent = load->next % load->n_tokens;
  /* Every pass over the agents takes the next reason: each request changes something. */
  guint reason = (load->next / load->n_tokens) % load->n_reasons;
  g_autofree char *body = g_strdup_printf ("{\"state\": \"pause\", \"reason_id\": %s}", load->reasons[reason]);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", load->tokens[agent]);
  g_autoptr(SoupMessage) message = soup_message_new ("PUT", load->url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  if (g_get_monotonic_time () >= load->until)
    return G_SOURCE_REMOVE;
  load->next++;
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  load->in_flight++;
  soup_session_send_and_read_async (load->soup, message, G_PRIORITY_DEFAULT, NULL, on_put_done, load);
  return G_SOURCE_CONTINUE;
}

static int
run_load (int    argc,
          char **argv)
{
  Load load = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  double rate;

  if (argc < 7)
    {
      g_printerr ("usage: monitor-frames load URL TOKENS-FILE RATE SECONDS REASON-ID…\n");
      return 2;
    }
  if (!g_file_get_contents (argv[3], &text, NULL, &error))
    {
      g_printerr ("monitor-frames: %s\n", error->message);
      return 1;
    }
  g_strstrip (text);
  load.tokens = g_strsplit (text, "\n", -1);
  load.n_tokens = g_strv_length (load.tokens);
  load.reasons = g_strdupv (argv + 6);
  load.n_reasons = g_strv_length (load.reasons);
  load.url = g_strdup_printf ("%s/api/v1/agent/state", argv[2]);
  rate = g_ascii_strtod (argv[4], NULL);
  load.until = g_get_monotonic_time () + (gint64) (g_ascii_strtod (argv[5], NULL) * G_USEC_PER_SEC);
  load.soup = soup_session_new_with_options ("max-conns", 32, "max-conns-per-host", 32, NULL);
  g_timeout_add ((guint) MAX (1, 1000 / rate), on_load_tick, &load);
  while (g_get_monotonic_time () < load.until || load.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_print ("changes %u failed %u\n", load.changes, load.failed);
  g_object_unref (load.soup);
  g_strfreev (load.tokens);
  g_strfreev (load.reasons);
  g_free (load.url);
  return load.failed > 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "window"))
    return run_window (argc, argv);
  if (argc > 1 && g_str_equal (argv[1], "load"))
    return run_load (argc, argv);
  g_printerr ("usage: monitor-frames window|load …\n");
  return 2;
}
