/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-util.c: what every test needs: a timeout guard, temp dirs, a real wcc-server. */
#define G_LOG_DOMAIN "wcc-test"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "wcc-test-util.h"

static gboolean
on_guard_timeout (gpointer user_data)
{
  g_error ("test timed out after %u s", GPOINTER_TO_UINT (user_data));
  return G_SOURCE_REMOVE;
}

/* A thread, so the guard fires even when a test blocks outside the main loop. */
static gpointer
guard_thread (gpointer user_data)
{
  g_usleep ((gulong) GPOINTER_TO_UINT (user_data) * G_USEC_PER_SEC);
  on_guard_timeout (user_data);
  return NULL;
}

void
wcc_test_guard_timeout (guint seconds)
{
  g_thread_unref (g_thread_new ("test-guard", guard_thread, GUINT_TO_POINTER (seconds)));
}

char *
wcc_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("wcc-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
wcc_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          wcc_test_remove_dir (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wcc_test_wait_for_what (gboolean   *flag,
                        guint       timeout_ms,
                        const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_wait_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (!*flag)
    g_error ("condition not reached within %u ms: %s", timeout_ms, what ? what : "(unnamed)");
}

/* The server dies with the test: an aborted test must not leave it running (it would hold
 * the test's output open and make meson wait for its timeout). */
void
wcc_test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

WccTestServer *
wcc_test_server_start (const char         *data_dir,
                       const char * const *extra_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  WccTestServer *server = g_new0 (WccTestServer, 1);
  const char *bin = g_getenv ("WCC_SERVER_BIN");

  g_assert_nonnull (bin);
  server->owns_data_dir = data_dir == NULL;
  server->data_dir = data_dir ? g_strdup (data_dir) : wcc_test_make_temp_dir ();
  server->output = g_string_new (NULL);

  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--sip");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, server->data_dir);
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, wcc_test_die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);

  /* The server prints "wcc-server: listening on http://127.0.0.1:PORT" once it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      const char *url;

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("wcc-server exited before listening; it said:\n%s", server->output->str);
      g_string_append_printf (server->output, "%s\n", line);
      if (g_str_has_prefix (line, "wcc-server: SIP on "))
        {
          const char *uri = line + strlen ("wcc-server: SIP on ");
          const char *end = strchr (uri, ' ');
          server->sip_uri = end ? g_strndup (uri, end - uri) : g_strdup (uri);
          server->sip_port = (guint16) g_ascii_strtoull (strrchr (server->sip_uri, ':') + 1, NULL, 10);
        }
      url = strstr (line, "listening on http");   /* http:// or https:// */
      if (url != NULL)
        {
          const char *colon;
          url += strlen ("listening on ");
          server->base_url = g_strdup (url);
          g_strchomp (server->base_url);
          if (g_str_has_suffix (server->base_url, "/"))
            server->base_url[strlen (server->base_url) - 1] = '\0';
          colon = strrchr (server->base_url, ':');
          server->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
  return server;
}

void
wcc_test_server_stop (WccTestServer *server)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  if (server->owns_data_dir)
    wcc_test_remove_dir (server->data_dir);
  g_free (server->data_dir);
  g_free (server->base_url);
  g_free (server->sip_uri);
  g_string_free (server->output, TRUE);
  g_free (server);
}

char *
wcc_test_make_certificate_dir (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *cert_text = NULL;
  g_autofree char *agent = g_build_filename (dir, "agent.pem", NULL);
  g_autofree char *cafile = g_build_filename (dir, "cafile.pem", NULL);
  g_autofree char *both = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", key, "-out", cert, "-days", "2",
                         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                         NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    g_error ("openssl: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (key, &key_text, NULL, &error));
  g_assert_true (g_file_get_contents (cert, &cert_text, NULL, &error));
  both = g_strconcat (key_text, cert_text, NULL);
  g_assert_true (g_file_set_contents_full (agent, both, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_true (g_file_set_contents (cafile, cert_text, -1, &error));
  return g_steal_pointer (&dir);
}
