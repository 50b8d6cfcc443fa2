/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-cli.c: the wcc-server command line: run the server, or `admin …`. */
#define G_LOG_DOMAIN "wcc-server"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <locale.h>
#include <stdio.h>

#include "config.h"
#include "wcc-demo.h"
#include "wcc-server-cli.h"
#include "wcc-server.h"

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Tells systemd (a Type=notify service: $NOTIFY_SOCKET) how the server is doing: READY=1
 * once it serves, STOPPING=1 as it shuts down. Nothing outside systemd. */
static void
notify_service_manager (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || (path[0] != '/' && path[0] != '@'))
    return;
  if (path[0] == '@')
    address = g_unix_socket_address_new_with_type (path + 1, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (socket == NULL || g_socket_send_to (socket, address, state, strlen (state), NULL, &error) < 0)
    g_warning ("Cannot tell the service manager “%s”: %s", state, error->message);
}

static int
fail (const char *message)
{
  g_printerr ("wcc-server: %s\n", message);
  return 1;
}

int
wcc_server_cli_run (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccConfig) config = wcc_config_new_default ();
  g_autoptr(WccServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *sip = NULL;
  g_autofree char *sip_uri = NULL;
  g_autofree char *sip_tls = NULL;
  g_autofree char *sip_certificates = NULL;
  g_autofree char *https_certificate = NULL;
  g_autofree char *https_key = NULL;
  g_autofree char *sips_uri = NULL;
  g_auto(GStrv) trunks = NULL;
  g_auto(GStrv) inbound = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *url = NULL;
  gboolean demo = FALSE;
  int demo_history = 0;
  gboolean version = FALSE;
  gboolean check = FALSE;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, N_("Read settings from FILE (a key file)"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Keep the database in DIR"), N_("DIR") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, N_("Serve the HTTP API on ADDRESS:PORT (default 127.0.0.1:8470)"), N_("ADDRESS:PORT") },
    { "https-certificate", 0, 0, G_OPTION_ARG_FILENAME, &https_certificate, N_("Serve HTTPS instead of HTTP with the certificate in FILE (PEM; with its private key unless --https-key)"), N_("FILE") },
    { "https-key", 0, 0, G_OPTION_ARG_FILENAME, &https_key, N_("The private key of the HTTPS certificate (PEM)"), N_("FILE") },
    { "sip", 's', 0, G_OPTION_ARG_STRING, &sip, N_("Serve SIP (UDP and TCP) on ADDRESS:PORT (default 127.0.0.1:5060; port 0: any free port)"), N_("ADDRESS:PORT") },
    { "sip-tls", 0, 0, G_OPTION_ARG_STRING, &sip_tls, N_("Also serve SIP over TLS on ADDRESS:PORT (needs --sip-certificates)"), N_("ADDRESS:PORT") },
    { "sip-certificates", 0, 0, G_OPTION_ARG_FILENAME, &sip_certificates, N_("The TLS key and certificate (agent.pem) and trusted authorities (cafile.pem) in DIR"), N_("DIR") },
    { "trunk", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trunks, N_("Send CLIENT’s calls to outside numbers to this SIP gateway (repeatable)"), N_("CLIENT=sip:HOST:PORT") },
    { "inbound", 0, 0, G_OPTION_ARG_STRING_ARRAY, &inbound, N_("Let calls from outside to NUMBER enter that queue (repeatable)"), N_("NUMBER=CLIENT:QUEUE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Create and use the demo client, and print its accounts"), NULL },
    { "demo-history", 0, 0, G_OPTION_ARG_INT, &demo_history, N_("With --demo: make DAYS days of past calls and agent states for the reports (once, weekdays)"), N_("DAYS") },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Check the settings (the file and these options) and exit"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && g_str_equal (argv[1], "admin"))
    return wcc_admin_run (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "backup"))
    return wcc_backup_run (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "restore"))
    return wcc_restore_run (argc - 1, argv + 1);

  context = g_option_context_new (_("— the WCC call-centre server"));
  g_option_context_set_summary (context,
                                _("Serves the WCC Desktop agents: JSON API and event stream over HTTP,\n"
                                  "with its data in an SQLite database.\n\n"
                                  "Administration: wcc-server admin --help\n"
                                  "Backups: wcc-server backup --help, wcc-server restore --help"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (version)
    {
      g_print ("wcc-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s” (see --help)"), argv[1]);
      return fail (message);
    }

  if (config_file != NULL && !wcc_config_load_file (config, config_file, &error))
    return fail (error->message);
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (listen != NULL)
    {
      g_free (config->listen_address);
      config->listen_address = NULL;
      if (!wcc_config_parse_listen (listen, &config->listen_address, &config->listen_port, &error))
        return fail (error->message);
    }
  if (sip != NULL)
    {
      g_free (config->sip_address);
      config->sip_address = NULL;
      if (!wcc_config_parse_listen (sip, &config->sip_address, &config->sip_port, &error))
        return fail (error->message);
    }
  if (sip_tls != NULL)
    {
      g_clear_pointer (&config->sip_tls_address, g_free);
      if (!wcc_config_parse_listen (sip_tls, &config->sip_tls_address, &config->sip_tls_port, &error))
        return fail (error->message);
    }
  if (sip_certificates != NULL)
    {
      g_free (config->sip_certificates);
      config->sip_certificates = g_steal_pointer (&sip_certificates);
    }
  if (https_certificate != NULL)
    {
      g_free (config->https_certificate);
      config->https_certificate = g_steal_pointer (&https_certificate);
    }
  if (https_key != NULL)
    {
      g_free (config->https_key);
      config->https_key = g_steal_pointer (&https_key);
    }
  if (config->https_key != NULL && config->https_certificate == NULL)
    return fail (_("an HTTPS key needs its certificate (--https-certificate FILE)"));
  if (config->sip_tls_address != NULL && config->sip_certificates == NULL)
    return fail (_("SIP over TLS needs --sip-certificates DIR (agent.pem and cafile.pem)"));
  if (config->sip_tls_address != NULL && config->sip_tls_port == 0)
    return fail (_("SIP over TLS needs a port of its own (usually 5061)"));
  for (guint i = 0; trunks && trunks[i]; i++)
    if (!wcc_config_add_trunk (config, trunks[i], &error))
      return fail (error->message);
  for (guint i = 0; inbound && inbound[i]; i++)
    if (!wcc_config_add_inbound (config, inbound[i], &error))
      return fail (error->message);
  if (demo)
    config->demo = TRUE;
  demo = config->demo;
  if (demo_history < 0 || demo_history > 366)
    return fail (_("--demo-history takes a number of days from 0 to 366"));
  if (demo_history > 0 && !demo)
    return fail (_("--demo-history needs --demo"));
  config->demo_history_days = (guint) demo_history;
  if (check)
    {
      g_print (_("wcc-server: the settings are valid\n"));
      return 0;
    }

  loop = g_main_loop_new (NULL, FALSE);
  server = wcc_server_new (g_steal_pointer (&config));
  if (!wcc_server_start (server, &error))
    return fail (error->message);

  url = wcc_server_get_url (server);
  sip_uri = wcc_server_get_sip_uri (server);
  if (demo)
    wcc_demo_print_accounts (stdout, g_str_has_prefix (sip_uri, "sip:") ? sip_uri + strlen ("sip:") : sip_uri);
  g_print ("wcc-server: SIP on %s (UDP and TCP)\n", sip_uri);
  sips_uri = wcc_server_get_sips_uri (server);
  if (sips_uri != NULL)
    g_print ("wcc-server: SIP over TLS on %s\n", sips_uri);
  /* Stopping cleanly is possible from the moment anyone is told the server is up. */
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  /* Tests and scripts wait for this line (the SIP line comes before it). */
  g_print ("wcc-server: listening on %s\n", url);
  fflush (stdout);
  notify_service_manager ("READY=1");

  g_main_loop_run (loop);

  notify_service_manager ("STOPPING=1");
  wcc_server_stop (server);
  return 0;
}
