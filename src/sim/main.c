/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: wcc-sim, a headless SIP phone for tests, demos and load runs (logic in wcc-sim.c). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "wcc-sim.h"

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   done;
} Outcome;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  wcc_sim_run_finish (WCC_SIM (source), result, &outcome->error);
  outcome->done = TRUE;
  g_main_loop_quit (outcome->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  wcc_sim_stop (WCC_SIM (user_data));
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccSim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Outcome outcome = { 0 };
  guint sigint_id, sigterm_id;

  /* Standard output is for the events (JSON lines with --json): every log message, debug
   * ones too, goes to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Events are read line by line by other programs through a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  sim = wcc_sim_new_from_args (&argc, &argv, &error);
  if (sim == NULL)
    {
      g_printerr ("wcc-sim: %s\n", error->message);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  outcome.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, sim);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, sim);
  wcc_sim_run_async (sim, on_run_done, &outcome);
  if (!outcome.done)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (outcome.error != NULL)
    {
      g_printerr ("wcc-sim: %s\n", outcome.error->message);
      g_clear_error (&outcome.error);
      return 1;
    }
  return 0;
}
