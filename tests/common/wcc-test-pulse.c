/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-pulse.c: a private PulseAudio daemon with null sinks, for the audio device tests. */
#define G_LOG_DOMAIN "wcc-test-pulse"

#include <signal.h>

#include "wcc-test-pulse.h"
#include "wcc-test-util.h"

#define READY_TIMEOUT_MS 10000

static char *
required_program (const char *name,
                  const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is not installed: this test needs a real PulseAudio daemon "
             "(Debian package %s; build-aux/wcc-deps installs it)", name, package);
  return path;
}

static char *
run_pactl (WccTestPulse       *pulse,
           const char * const *args,
           GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  g_ptr_array_add (argv, required_program ("pactl", "pulseaudio-utils"));
  g_ptr_array_add (argv, g_strdup_printf ("--server=%s", pulse->server));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return NULL;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pactl %s failed: %s", args[0], output);
      return NULL;
    }
  return g_steal_pointer (&output);
}

WccTestPulse *
wcc_test_pulse_start (const char * const *sinks)
{
  WccTestPulse *pulse = g_new0 (WccTestPulse, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *runtime = NULL;
  g_autofree char *socket = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  pulse->dir = wcc_test_make_temp_dir ();
  runtime = g_build_filename (pulse->dir, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  socket = g_build_filename (pulse->dir, "native", NULL);
  pulse->server = g_strdup_printf ("unix:%s", socket);

  g_ptr_array_add (argv, required_program ("pulseaudio", "pulseaudio"));
  /* --system=false: as root pulseaudio otherwise refuses to run as a per-user daemon.
   * -n: no default.pa (no hardware, no D-Bus); everything it has is loaded here. */
  g_ptr_array_add (argv, g_strdup ("--system=false"));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup ("--daemonize=no"));
  g_ptr_array_add (argv, g_strdup ("--exit-idle-time=-1"));
  g_ptr_array_add (argv, g_strdup ("--disallow-exit"));
  g_ptr_array_add (argv, g_strdup ("--log-target=stderr"));
  g_ptr_array_add (argv, g_strdup_printf ("--load=module-native-protocol-unix auth-anonymous=1 socket=%s", socket));
  for (guint i = 0; sinks != NULL && sinks[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup_printf ("--load=module-null-sink sink_name=%s", sinks[i]));
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "HOME", pulse->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "PULSE_RUNTIME_PATH", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", pulse->dir, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, wcc_test_die_with_parent, NULL, NULL);
  pulse->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* Clients of this process (GStreamer's pulse elements and device provider) talk to it
   * alone and never spawn one of their own. */
  g_setenv ("PULSE_SERVER", pulse->server, TRUE);

  deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  for (;;)
    {
      g_autofree char *info = NULL;

      g_clear_error (&error);
      info = run_pactl (pulse, (const char *[]) { "info", NULL }, &error);
      if (info != NULL)
        break;
      if (g_subprocess_get_identifier (pulse->process) == NULL)
        g_error ("pulseaudio exited at start (see its messages above)");
      if (g_get_monotonic_time () > deadline)
        g_error ("pulseaudio did not answer within %d ms: %s", READY_TIMEOUT_MS, error->message);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  return pulse;
}

char *
wcc_test_pulse_ctl (WccTestPulse *pulse,
                    const char   *first_arg,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  char *output;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  output = run_pactl (pulse, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  return output;
}

void
wcc_test_pulse_stop (WccTestPulse *pulse)
{
  if (pulse == NULL)
    return;
  g_subprocess_send_signal (pulse->process, SIGTERM);
  g_subprocess_wait (pulse->process, NULL, NULL);
  g_object_unref (pulse->process);
  g_unsetenv ("PULSE_SERVER");
  wcc_test_remove_dir (pulse->dir);
  g_free (pulse->dir);
  g_free (pulse->server);
  g_free (pulse);
}
