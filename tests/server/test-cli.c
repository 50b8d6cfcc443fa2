/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the wcc-server program: options, clear failures, `admin`, demo start. */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-password.h"
#include "wcc-store.h"
#include "wcc-store-import.h"
#include "wcc-store-orders.h"
#include "wcc-store-tickets.h"
#include "wcc-test-util.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Runs wcc-server with @argv (NULL-terminated, without the program) and @input on stdin. */
static Run *
run_server (const char         *input,
            const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (gpointer) g_getenv ("WCC_SERVER_BIN"));
  /* Never the shared default port 5060: tests run side by side. */
  if (args[0] == NULL || !g_str_equal (args[0], "admin"))
    {
      g_ptr_array_add (argv, (gpointer) "--sip");
      g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return run;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* A failure is one clear line on stderr, naming what is wrong, and a non-zero status. */
static void
assert_clear_failure (Run        *run,
                      const char *needle)
{
  g_assert_cmpint (run->status, !=, 0);
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "wcc-server: "));
  if (strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, run->err);
}

static void
test_help_and_version (void)
{
  g_autoptr(Run) help = run_server (NULL, (const char *[]) { "--help", NULL });
  g_autoptr(Run) version = run_server (NULL, (const char *[]) { "--version", NULL });
  g_autoptr(Run) admin_help = run_server (NULL, (const char *[]) { "admin", "--help", NULL });
  const char *options[] = { "--data-dir", "--listen", "--sip", "--demo", "--config", "--version", NULL };
  const char *setup_commands[] = { "create-package", "create-task", "create-call-result", "create-tag",
                                   "create-ticket-choice", "create-product-type", "create-pause-reason",
                                   "list-setup", "--field", "--groups", "--after-call-work", "--contact-history" };

  g_assert_cmpint (help->status, ==, 0);
  for (guint i = 0; options[i]; i++)
    g_assert_nonnull (strstr (help->out, options[i]));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "wcc-server "));
  g_assert_cmpint (admin_help->status, ==, 0);
  g_assert_nonnull (strstr (admin_help->out, "create-user"));
  for (guint i = 0; i < G_N_ELEMENTS (setup_commands); i++)
    g_assert_nonnull (strstr (admin_help->out, setup_commands[i]));
}

static void
test_bad_options (void)
{
  g_autoptr(Run) unknown = run_server (NULL, (const char *[]) { "--frobnicate", NULL });
  g_autoptr(Run) listen = run_server (NULL, (const char *[]) { "--listen", "localhost", NULL });
  g_autoptr(Run) address = run_server (NULL, (const char *[]) { "--listen", "example.org:80", NULL });
  g_autoptr(Run) trunk = run_server (NULL, (const char *[]) { "--trunk", "demo=http://gw", NULL });
  g_autoptr(Run) inbound = run_server (NULL, (const char *[]) { "--inbound", "021555=demo", NULL });
  g_autoptr(Run) tls = run_server (NULL, (const char *[]) { "--sip-tls", "127.0.0.1:5061", NULL });
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autoptr(Run) no_pems = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", dir,
                                                                "--sip-tls", "127.0.0.1:0",
                                                                "--sip-certificates", "/nonexistent", NULL });

  assert_clear_failure (unknown, "frobnicate");
  assert_clear_failure (listen, "ADDRESS:PORT");
  assert_clear_failure (address, "example.org");
  assert_clear_failure (trunk, "CLIENT=sip:HOST");
  assert_clear_failure (inbound, "NUMBER=CLIENT:QUEUE");
  assert_clear_failure (tls, "--sip-certificates");
  assert_clear_failure (no_pems, "a port of its own");
  {
    g_autoptr(Run) missing = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", dir,
                                                                  "--sip-tls", "127.0.0.1:5061",
                                                                  "--sip-certificates", "/nonexistent", NULL });
    /* Checked before anything binds. */
    assert_clear_failure (missing, "agent.pem");
  }
  wcc_test_remove_dir (dir);
}

static void
test_bad_config (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  struct { const char *text; const char *needle; } cases[] = {
    { "[server\nlisten=1", "bad configuration file" },
    { "[server]\nlisten=127.0.0.1:99999\n", "127.0.0.1:99999" },
    { "[server]\nport=8000\n", "port" },
    { "[database]\npath=/x\n", "[database]" },
    { "[sessions]\nlifetime=forever\n", "lifetime" },
    { "[server]\ndemo=perhaps\n", "demo" },
    { "[trunks]\ndemo=sip:user@gw\n", "sip:user@gw" },
    { "[inbound]\nabc=demo:8001\n", "abc" },
    { "[sms]\ngateway=carrier-pigeon\n", "carrier-pigeon" },
    { "[sms]\ngateway=webhook\n", "url" },
    { "[sms]\ngateway=webhook\nurl=ftp://sms.example.net/\n", "ftp://sms.example.net/" },
    { "[sms]\ntimeout=0\n", "timeout" },
    { "[sms]\nsender=WCC\n", "sender" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, "bad.conf", NULL);
      g_autoptr(Run) run = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].text, -1, NULL));
      run = run_server (NULL, (const char *[]) { "--config", path, "--data-dir", dir, NULL });
      assert_clear_failure (run, cases[i].needle);
      g_assert_nonnull (strstr (run->err, path));
    }
  {
    g_autoptr(Run) run = run_server (NULL, (const char *[]) { "--config", "/nonexistent/wcc.conf", NULL });
    assert_clear_failure (run, "/nonexistent/wcc.conf");
  }
  wcc_test_remove_dir (dir);
}

static void
test_busy_port (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *listen = NULL;
  g_autoptr(Run) run = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);

  g_assert_no_error (error);
  listen = g_strdup_printf ("0.0.0.0:%u", port);
  run = run_server (NULL, (const char *[]) { "--listen", listen, "--data-dir", dir, NULL });
  assert_clear_failure (run, "cannot listen");
  wcc_test_remove_dir (dir);
}

/* A SIP port another program holds (UDP) is a clear start-up error. */
static void
test_busy_sip_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *sip = NULL;
  g_autoptr(Run) run = NULL;

  g_assert_true (g_socket_bind (socket, any_port, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  sip = g_strdup_printf ("127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--sip", sip,
                                             "--data-dir", dir, NULL });
  assert_clear_failure (run, "cannot start SIP");
  wcc_test_remove_dir (dir);
}

/* As root every folder is writable by its mode, so use paths no one can create. */
static void
test_unwritable_data_dir (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "data", NULL);
  const char *paths[] = { under_file, "/proc/wcc-server-data", NULL };

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  for (guint i = 0; paths[i]; i++)
    {
      g_autoptr(Run) run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", paths[i], NULL });
      assert_clear_failure (run, paths[i]);
    }
  if (geteuid () != 0)
    {
      g_autofree char *readonly = g_build_filename (dir, "readonly", NULL);
      g_autoptr(Run) run = NULL;

      g_assert_cmpint (g_mkdir (readonly, 0500), ==, 0);
      run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", readonly, NULL });
      assert_clear_failure (run, readonly);
    }
  wcc_test_remove_dir (dir);
}

typedef struct {
  guint       status;
  JsonObject *json;
  gboolean    done;
} Posted;

static void
on_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Posted *posted = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  posted->status = soup_message_get_status (msg);
  if (body && json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    posted->json = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  posted->done = TRUE;
}

/* @method @path on @server, with @token (NULL: none) and a JSON @body (NULL: none). */
static Posted
http_call (WccTestServer *server,
           const char    *method,
           const char    *path,
           const char    *token,
           const char    *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s%s", server->base_url, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Posted posted = { 0 };

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_posted, &posted);
  wcc_test_wait_for (&posted.done, 20000);
  return posted;
}

static Posted
login (WccTestServer *server,
       const char    *account,
       const char    *password)
{
  g_autofree char *body = g_strdup_printf ("{\"account\":\"%s\",\"password\":\"%s\"}", account, password);

  return http_call (server, "POST", "/api/v1/login", NULL, body);
}

static guint
login_status (WccTestServer *server,
              const char    *account,
              const char    *password)
{
  Posted posted = login (server, account, password);

  g_clear_pointer (&posted.json, json_object_unref);
  return posted.status;
}

/* A real deployment without demo data: set up with `admin`, then log in over HTTP. */
static void
test_admin_setup_then_login (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  WccTestServer *server;

#define ADMIN(input, ...) run_server (input, (const char *[]) { "admin", "--data-dir", dir, __VA_ARGS__, NULL })
  {
    g_autoptr(Run) client = ADMIN (NULL, "create-client", "acme", "ACME Ltd");
    g_autoptr(Run) dup = ADMIN (NULL, "create-client", "acme");
    g_autoptr(Run) user = ADMIN ("first-password-1\n", "create-user", "7001@acme", "--surname", "Ito",
                                 "--given-name", "Ken", "--roles", "agent,leader");
    g_autoptr(Run) generated = ADMIN (NULL, "create-user", "7002@acme");
    g_autoptr(Run) bad_roles = ADMIN (NULL, "create-user", "7003@acme", "--roles", "root");
    g_autoptr(Run) no_client = ADMIN (NULL, "create-user", "7003@nowhere");
    /* The API's checks (issue 9): a short web password, a bad employee ID. */
    g_autoptr(Run) short_password = ADMIN ("short\n", "create-user", "7003@acme");
    g_autoptr(Run) bad_id = ADMIN (NULL, "create-user", "bad%id@acme");
    g_autoptr(Run) group = ADMIN (NULL, "create-group", "acme", "Support");
    g_autoptr(Run) member = ADMIN (NULL, "add-to-group", "7002@acme", "Support", "--leader");
    g_autoptr(Run) sip = ADMIN ("sip-secret-99\n", "set-sip-password", "7001@acme");
    g_autoptr(Run) list = ADMIN (NULL, "list-users", "acme");
    g_autoptr(Run) unknown = ADMIN (NULL, "launch-rockets");

    g_assert_cmpint (client->status, ==, 0);
    g_assert_cmpint (dup->status, !=, 0);
    g_assert_cmpint (user->status, ==, 0);
    /* A password given on stdin is never echoed. */
    g_assert_null (strstr (user->out, "first-password-1"));
    g_assert_cmpint (generated->status, ==, 0);
    g_assert_nonnull (strstr (generated->out, "Web password: "));
    g_assert_cmpint (bad_roles->status, !=, 0);
    g_assert_cmpint (no_client->status, !=, 0);
    g_assert_cmpint (short_password->status, !=, 0);
    g_assert_nonnull (strstr (short_password->err, "8 to 128"));
    g_assert_cmpint (bad_id->status, !=, 0);
    g_assert_cmpint (group->status, ==, 0);
    g_assert_cmpint (member->status, ==, 0);
    g_assert_cmpint (sip->status, ==, 0);
    g_assert_null (strstr (sip->out, "sip-secret-99"));
    g_assert_cmpint (list->status, ==, 0);
    g_assert_nonnull (strstr (list->out, "7001@acme\tIto\tKen\tagent,leader"));
    g_assert_nonnull (strstr (list->out, "7002@acme"));
    g_assert_cmpint (unknown->status, !=, 0);
  }

  server = wcc_test_server_start (dir, NULL);
  g_assert_cmpuint (login_status (server, "7001@acme", "first-password-1"), ==, 200);
  g_assert_cmpuint (login_status (server, "7001@acme", "sip-secret-99"), ==, 401);
  {
    /* reset-password works against the live server's database. */
    g_autoptr(Run) reset = ADMIN ("second-password-2\n", "reset-password", "7001@acme");
    g_assert_cmpint (reset->status, ==, 0);
  }
  g_assert_cmpuint (login_status (server, "7001@acme", "second-password-2"), ==, 200);
  wcc_test_server_stop (server);
#undef ADMIN
  wcc_test_remove_dir (dir);
}

/* `admin set-queue`: a group's queue number and ACD settings, checked in the store; bad keys,
 * values and a number another group has are refused and change nothing. */
static void
test_admin_set_queue (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "wcc.db", NULL);

#define ADMIN(...) run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, __VA_ARGS__, NULL })
  {
    g_autoptr(Run) client = ADMIN ("create-client", "acme");
    g_autoptr(Run) sales = ADMIN ("create-group", "acme", "Sales");
    g_autoptr(Run) care = ADMIN ("create-group", "acme", "Care");
    g_autoptr(Run) set = ADMIN ("set-queue", "acme", "Sales", "number=7100", "after-call-work=0",
                                "ring-timeout=20", "missed-before-pause=0", "service-level=30");
    g_autoptr(Run) until_ready = ADMIN ("set-queue", "acme", "Care", "number=7200", "after-call-work=until-ready");
    g_autoptr(Run) taken = ADMIN ("set-queue", "acme", "Care", "number=7100");
    g_autoptr(Run) bad_key = ADMIN ("set-queue", "acme", "Care", "colour=blue");
    g_autoptr(Run) bad_value = ADMIN ("set-queue", "acme", "Care", "ring-timeout=0");
    g_autoptr(Run) bad_number = ADMIN ("set-queue", "acme", "Care", "number=12a");
    g_autoptr(Run) no_pair = ADMIN ("set-queue", "acme", "Care", "number");
    g_autoptr(Run) no_group = ADMIN ("set-queue", "acme", "Nobody", "number=1");

    g_assert_cmpint (client->status, ==, 0);
    g_assert_cmpint (sales->status, ==, 0);
    g_assert_cmpint (care->status, ==, 0);
    g_assert_cmpint (set->status, ==, 0);
    g_assert_cmpint (until_ready->status, ==, 0);
    g_assert_cmpint (taken->status, !=, 0);
    g_assert_cmpint (bad_key->status, !=, 0);
    g_assert_nonnull (strstr (bad_key->err, "colour"));
    g_assert_cmpint (bad_value->status, !=, 0);
    g_assert_cmpint (bad_number->status, !=, 0);
    g_assert_cmpint (no_pair->status, !=, 0);
    g_assert_cmpint (no_group->status, !=, 0);
  }
#undef ADMIN
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WccStore) store = wcc_store_open (path, &error);
    g_autoptr(WccStoreClient) acme = NULL;
    g_autoptr(WccStoreQueue) sales = NULL;
    g_autoptr(WccStoreQueue) care = NULL;

    g_assert_no_error (error);
    acme = wcc_store_client_find (store, "acme");
    sales = wcc_store_queue_find_by_number (store, acme->id, "7100");
    care = wcc_store_queue_find_by_number (store, acme->id, "7200");
    g_assert_nonnull (sales);
    g_assert_cmpstr (sales->name, ==, "Sales");
    g_assert_cmpint (sales->after_call_work, ==, 0);
    g_assert_cmpuint (sales->ring_timeout, ==, 20);
    g_assert_cmpuint (sales->missed_offers_before_pause, ==, 0);
    g_assert_cmpuint (sales->service_level, ==, 30);
    g_assert_nonnull (care);
    g_assert_cmpstr (care->name, ==, "Care");
    g_assert_cmpint (care->after_call_work, ==, -1);
    g_assert_cmpuint (care->ring_timeout, ==, 20);
  }
  wcc_test_remove_dir (dir);
}

/* `admin import`: good lines kept, bad ones listed with their line numbers, a second run
 * of the same file creates nothing (phones already in the package), bad use fails. */
static void
test_admin_import (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "wcc.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "customers.csv", NULL);
  g_autoptr(GError) error = NULL;
  gint64 package_id;

  {
    g_autoptr(WccStore) store = wcc_store_open (path, &error);
    gint64 client_id = wcc_store_client_create (store, "acme", "Acme", &error);

    g_assert_no_error (error);
    package_id = wcc_store_package_create (store, client_id, "Leads",
                                           "[{\"name\": \"budget\", \"label\": \"Budget\", \"type\": \"number\","
                                           " \"required\": false}]", &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_set_contents (csv,
                                      "\xEF\xBB\xBF" "company,surname,phones,budget\r\n"
                                      "山田商事,山田,03-1234-5678,100\r\n"
                                      "Bad number,,not a phone,\r\n"
                                      "\"Chen, Wang & Co\",陈,+86 138 0013 8000; 021-1234-5678,2.5\r\n"
                                      "No budget,,090-1111-2222,lots\r\n", -1, &error));
#define ADMIN(...) run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, __VA_ARGS__, NULL })
  {
    g_autoptr(Run) first = ADMIN ("import", "--client", "acme", "--package", "Leads", csv);
    g_autoptr(Run) again = ADMIN ("import", "--client", "acme", "--package", "Leads", csv);
    g_autofree char *by_id = g_strdup_printf ("%" G_GINT64_FORMAT, package_id);
    g_autoptr(Run) by_number = ADMIN ("import", "--client", "acme", "--package", by_id, csv);
    g_autoptr(Run) no_package = ADMIN ("import", "--client", "acme", "--package", "Nope", csv);
    g_autoptr(Run) no_client = ADMIN ("import", "--client", "nobody", "--package", "Leads", csv);
    g_autoptr(Run) no_file = ADMIN ("import", "--client", "acme", "--package", "Leads", "/nonexistent.csv");
    g_autoptr(Run) usage = ADMIN ("import", csv);

    g_assert_cmpint (first->status, ==, 0);
    g_assert_nonnull (strstr (first->out, "2 created, 0 skipped, 2 rejected"));
    g_assert_nonnull (strstr (first->out, "line 3 rejected: “phones” item 1 is not a phone number"));
    g_assert_nonnull (strstr (first->out, "line 5 rejected: “custom.budget” must be a number"));
    g_assert_cmpint (again->status, ==, 0);
    g_assert_nonnull (strstr (again->out, "0 created, 2 skipped, 2 rejected"));
    g_assert_nonnull (strstr (again->out, "line 2 skipped: The phone number 03-1234-5678 is already"));
    g_assert_cmpint (by_number->status, ==, 0);
    g_assert_nonnull (strstr (by_number->out, "0 created, 2 skipped"));
    g_assert_cmpint (no_package->status, !=, 0);
    g_assert_nonnull (strstr (no_package->err, "No such customer package"));
    g_assert_cmpint (no_client->status, !=, 0);
    g_assert_cmpint (no_file->status, !=, 0);
    g_assert_cmpint (usage->status, !=, 0);
    g_assert_nonnull (strstr (usage->err, "usage: import"));
  }
#undef ADMIN
  {
    g_autoptr(WccStore) store = wcc_store_open (path, &error);
    g_autoptr(WccStoreClient) acme = wcc_store_client_find (store, "acme");
    WccStoreViewer admin = { .admin = TRUE };
    g_autoptr(GPtrArray) found = wcc_store_customer_find_by_phone (store, acme->id, &admin, "+8613800138000", 5);
    g_autoptr(GPtrArray) all = wcc_store_customer_list_after (store, acme->id, &admin, package_id, 0, 0, 100);
    WccStoreCustomer *chen;

    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpuint (found->len, ==, 1);
    chen = g_ptr_array_index (found, 0);
    g_assert_cmpstr (chen->company, ==, "Chen, Wang & Co");
    g_assert_cmpuint (chen->phones->len, ==, 2);
    g_assert_cmpstr (chen->custom_json, ==, "{\"budget\":2.5}");
  }
  wcc_test_remove_dir (dir);
}

/* The output of a successful admin command, failing the test with its stderr otherwise. */
static void
assert_admin_ok (Run        *run,
                 const char *needle)
{
  if (run->status != 0 || strstr (run->out, needle) == NULL)
    g_error ("expected success with “%s”, got %d: %s%s", needle, run->status, run->out, run->err);
}

/* A refused admin command: status 1 and one line on stderr naming the problem. */
static void
assert_admin_refused (Run        *run,
                      const char *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  if (!g_str_has_prefix (run->err, "wcc-server admin: ") || strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, run->err);
  g_assert_cmpstr (run->out, ==, "");
}

/* The number of each kind of set-up record of @client_id: packages, tasks, call results,
 * tags, ticket choices (all three lists), product types, pause reasons. */
static char *
count_setup (WccStore *store,
             gint64    client_id)
{
  g_autoptr(GPtrArray) packages = wcc_store_package_list (store, client_id, 0, 100);
  g_autoptr(GPtrArray) tasks = wcc_store_task_list (store, client_id, 0, 0, 0, 100);
  g_autoptr(GPtrArray) results = wcc_store_call_result_list (store, client_id, 0, WCC_RESULT_CALL_ANY);
  g_autoptr(GPtrArray) tags = wcc_store_tag_list (store, client_id);
  g_autoptr(GPtrArray) types = wcc_store_product_type_list (store, client_id);
  g_autoptr(GPtrArray) reasons = wcc_store_pause_reason_list (store, client_id);
  guint choices = 0;

  for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) list = wcc_store_ticket_choice_list (store, client_id, kind, FALSE);
      choices += list->len;
    }
  return g_strdup_printf ("packages %u tasks %u results %u tags %u choices %u types %u reasons %u",
                          packages->len, tasks->len, results->len, tags->len, choices, types->len, reasons->len);
}

static gint64
id_of_output (const char *out)
{
  const char *at = strstr (out, "(id ");

  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen ("(id "), NULL, 10);
}

/* `admin create-…` for every kind of set-up data: each prints what it made with its id,
 * which the store and the real HTTP API (of a server started on the same data folder)
 * then hold as given; names resolve within the client even where another client has the
 * same names; the other client is not touched; each writes one audit entry. */
static void
test_admin_setup_data (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "wcc.db", NULL);
  g_autofree char *other_before = NULL;
  gint64 package_id, task_id, interested_id, callback_id, tag_id, choice_id, type_id, reason_id;
  WccTestServer *server;

#define ADMIN(...) run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, __VA_ARGS__, NULL })
  {
    const char *setup[][8] = {
      { "create-client", "acme" }, { "create-client", "other" },
      { "create-group", "acme", "Sales" }, { "create-group", "acme", "Care" },
      { "create-group", "other", "Sales" },
      { "create-package", "other", "Leads" },
      { "create-task", "other", "Leads", "Spring", "--groups", "Sales" },
      { "create-tag", "other", "VIP" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
      {
        g_autoptr(Run) run = run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, setup[i][0], setup[i][1],
                                                                  setup[i][2], setup[i][3], setup[i][4], setup[i][5],
                                                                  NULL });
        g_assert_cmpint (run->status, ==, 0);
      }
  }
  {
    g_autoptr(WccStore) store = wcc_store_open (path, NULL);
    g_autoptr(WccStoreClient) other = wcc_store_client_find (store, "other");
    other_before = count_setup (store, other->id);
  }
  {
    g_autoptr(Run) admin = run_server ("acme-admin-pw\n", (const char *[]) { "admin", "--data-dir", dir, "create-user",
                                                                            "admin@acme", "--roles", "client_admin",
                                                                            NULL });
    g_autoptr(Run) package = ADMIN ("create-package", "acme", "Leads", "--field", "industry:Industry:choice:required:IT|Retail",
                                    "--field", "budget::number");
    g_autoptr(Run) task = NULL;
    g_autoptr(Run) interested = NULL;
    g_autoptr(Run) callback = NULL;
    g_autoptr(Run) tag = ADMIN ("create-tag", "acme", "VIP");
    g_autoptr(Run) choice = ADMIN ("create-ticket-choice", "acme", "status", "Waiting");
    g_autoptr(Run) type = ADMIN ("create-product-type", "acme", "  Router  ");
    g_autoptr(Run) reason = ADMIN ("create-pause-reason", "acme", "Lunch");
    g_autoptr(Run) list = NULL;

    g_assert_cmpint (admin->status, ==, 0);
    assert_admin_ok (package, "Created the customer package “Leads” (id ");
    task = ADMIN ("create-task", "acme", "Leads", "Spring", "--groups", "Sales, Care", "--after-call-work", "30",
                  "--contact-history", "manual");
    assert_admin_ok (task, "Created the task “Spring” (id ");
    interested = ADMIN ("create-call-result", "acme", "Interested", "success", "answered", "--task", "Spring");
    assert_admin_ok (interested, "success, answered calls) in acme");
    assert_admin_ok (interested, "It can be chosen in the task “Spring”");
    callback = ADMIN ("create-call-result", "acme", "Call back", "follow_up");
    assert_admin_ok (callback, "follow_up, any calls");
    assert_admin_ok (tag, "Created the customer tag “VIP” (id ");
    assert_admin_ok (choice, "Created the ticket choice “Waiting” (id ");
    assert_admin_ok (type, "Created the product type “Router” (id ");
    assert_admin_ok (reason, "Created the pause reason “Lunch” (id ");
    package_id = id_of_output (package->out);
    task_id = id_of_output (task->out);
    interested_id = id_of_output (interested->out);
    callback_id = id_of_output (callback->out);
    tag_id = id_of_output (tag->out);
    choice_id = id_of_output (choice->out);
    type_id = id_of_output (type->out);
    reason_id = id_of_output (reason->out);

    list = ADMIN ("list-setup", "acme");
    assert_admin_ok (list, "industry:Industry:choice:required:IT|Retail budget:budget:number");
    assert_admin_ok (list, "Spring\tpackage: Leads\tgroups: Sales, Care\tcall results: Interested\t"
                           "after-call work: 30 s\tcontact history: manual");
    assert_admin_ok (list, "Interested\tsuccess\tanswered");
    assert_admin_ok (list, "Call back\tfollow_up\tany");
    assert_admin_ok (list, "Ticket statuses:\n");
    assert_admin_ok (list, "\tWaiting\n");
    assert_admin_ok (list, "\tRouter\n");
    assert_admin_ok (list, "\tLunch\n");
  }
#undef ADMIN
  {
    g_autoptr(WccStore) store = wcc_store_open (path, NULL);
    g_autoptr(WccStoreClient) acme = wcc_store_client_find (store, "acme");
    g_autoptr(WccStoreClient) other = wcc_store_client_find (store, "other");
    g_autoptr(WccStorePackage) package = wcc_store_package_find (store, acme->id, package_id);
    g_autoptr(WccStoreTask) task = wcc_store_task_find (store, acme->id, task_id);
    g_autoptr(GPtrArray) answered = wcc_store_call_result_list (store, acme->id, task_id, WCC_RESULT_CALL_ANSWERED);
    g_autoptr(WccStoreCallResult) callback = wcc_store_call_result_find (store, acme->id, callback_id);
    g_autoptr(WccStoreTag) tag = wcc_store_tag_find (store, acme->id, tag_id);
    g_autoptr(WccStoreTicketChoice) choice = wcc_store_ticket_choice_find (store, acme->id, WCC_TICKET_STATUS, choice_id);
    g_autoptr(WccStoreProductType) type = wcc_store_product_type_find (store, acme->id, type_id);
    g_autoptr(WccStorePauseReason) reason = wcc_store_pause_reason_find (store, acme->id, reason_id);
    g_autofree char *other_after = count_setup (store, other->id);
    /* One entry a record made; the other client's package, task and tag count too. */
    struct { const char *action; guint count; } audit[] = {
      { "admin.package_created", 2 }, { "admin.task_created", 2 }, { "admin.call_result_created", 2 },
      { "admin.tag_created", 2 }, { "admin.ticket_choice_created", 1 }, { "admin.product_type_created", 1 },
      { "admin.pause_reason_created", 1 },
    };

    g_assert_nonnull (package);
    g_assert_cmpstr (package->fields_json, ==,
                     "[{\"name\":\"industry\",\"label\":\"Industry\",\"type\":\"choice\",\"required\":true,"
                     "\"choices\":[\"IT\",\"Retail\"]},{\"name\":\"budget\",\"label\":\"budget\","
                     "\"type\":\"number\",\"required\":false}]");
    g_assert_nonnull (task);
    g_assert_cmpint (task->package_id, ==, package_id);
    g_assert_cmpint (task->after_call_work, ==, 30);
    g_assert_true (task->history_manual);
    g_assert_cmpuint (task->group_ids->len, ==, 2);
    g_assert_cmpint (g_array_index (task->group_ids, gint64, 0), ==, wcc_store_group_find (store, acme->id, "Sales"));
    g_assert_cmpint (g_array_index (task->group_ids, gint64, 1), ==, wcc_store_group_find (store, acme->id, "Care"));
    g_assert_cmpuint (task->call_result_ids->len, ==, 1);
    g_assert_cmpint (g_array_index (task->call_result_ids, gint64, 0), ==, interested_id);
    g_assert_cmpuint (answered->len, ==, 1);
    g_assert_cmpint (((WccStoreCallResult *) g_ptr_array_index (answered, 0))->funnel, ==, WCC_FUNNEL_SUCCESS);
    g_assert_cmpint (callback->funnel, ==, WCC_FUNNEL_FOLLOW_UP);
    g_assert_cmpint (callback->call_state, ==, WCC_RESULT_CALL_ANY);
    g_assert_cmpstr (tag->name, ==, "VIP");
    g_assert_true (choice->active);
    g_assert_cmpstr (type->name, ==, "Router");   /* stripped, as the API does */
    g_assert_false (reason->automatic);
    g_assert_cmpstr (other_after, ==, other_before);
    for (guint i = 0; i < G_N_ELEMENTS (audit); i++)
      g_assert_cmpuint (wcc_store_audit_count (store, audit[i].action), ==, audit[i].count);
  }

  server = wcc_test_server_start (dir, NULL);
  {
    Posted session = login (server, "admin@acme", "acme-admin-pw");
    const char *token;
    g_autofree char *path_results = g_strdup_printf ("/api/v1/call-results?task=%lld&call_state=answered",
                                                     (long long) task_id);
    g_autofree char *path_task = g_strdup_printf ("/api/v1/tasks/%lld", (long long) task_id);
    Posted results, task, pause;
    JsonArray *items;

    g_assert_cmpuint (session.status, ==, 200);
    token = json_object_get_string_member (session.json, "token");
    results = http_call (server, "GET", path_results, token, NULL);
    g_assert_cmpuint (results.status, ==, 200);
    items = json_object_get_array_member (results.json, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "label"), ==,
                     "Interested");
    task = http_call (server, "GET", path_task, token, NULL);
    g_assert_cmpuint (task.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (task.json, "contact_history"), ==, "manual");
    g_assert_cmpint (json_object_get_int_member (task.json, "after_call_work"), ==, 30);
    pause = http_call (server, "GET", "/api/v1/pause-reasons", token, NULL);
    g_assert_cmpuint (pause.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (pause.json, "items"), 0), "label"), ==, "Lunch");
    json_object_unref (session.json);
    json_object_unref (results.json);
    json_object_unref (task.json);
    json_object_unref (pause.json);
  }
  wcc_test_server_stop (server);
  wcc_test_remove_dir (dir);
}

/* Bad input to the set-up commands: an unknown client, names and ids of another client,
 * bad funnel stages, call states, fields and settings, duplicates. Each fails with one
 * clear line and status 1, and nothing is written: neither client's data nor the audit
 * log changes, not even when the store refuses halfway through a command. */
static void
test_admin_setup_data_refused (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "wcc.db", NULL);
  g_autofree char *acme_before = NULL;
  g_autofree char *other_before = NULL;
  g_autofree char *other_group = NULL;
  g_autofree char *other_package = NULL;
  guint audit_before;

#define ADMIN(...) run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, __VA_ARGS__, NULL })
  {
    const char *setup[][6] = {
      { "create-client", "acme" }, { "create-client", "other" },
      { "create-group", "acme", "Sales" }, { "create-group", "other", "Remote" },
      { "create-package", "acme", "Leads" }, { "create-package", "other", "Theirs" },
      { "create-task", "acme", "Leads", "Spring" }, { "create-task", "other", "Theirs", "Autumn" },
      { "create-call-result", "acme", "Interested", "success" }, { "create-tag", "acme", "VIP" },
      { "create-ticket-choice", "acme", "category", "Billing" }, { "create-product-type", "acme", "Router" },
      { "create-pause-reason", "acme", "Lunch" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
      {
        g_autoptr(Run) run = run_server (NULL, (const char *[]) { "admin", "--data-dir", dir, setup[i][0], setup[i][1],
                                                                  setup[i][2], setup[i][3], NULL });
        g_assert_cmpint (run->status, ==, 0);
      }
  }
  {
    g_autoptr(WccStore) store = wcc_store_open (path, NULL);
    g_autoptr(WccStoreClient) acme = wcc_store_client_find (store, "acme");
    g_autoptr(WccStoreClient) other = wcc_store_client_find (store, "other");

    acme_before = count_setup (store, acme->id);
    other_before = count_setup (store, other->id);
    other_group = g_strdup_printf ("%lld", (long long) wcc_store_group_find (store, other->id, "Remote"));
    other_package = g_strdup_printf ("%lld", (long long) wcc_store_package_find_by_name (store, other->id, "Theirs"));
    audit_before = wcc_store_audit_count (store, "admin.task_created") +
                   wcc_store_audit_count (store, "admin.package_created") +
                   wcc_store_audit_count (store, "admin.call_result_created");
  }
  {
    struct { Run *run; const char *needle; } cases[] = {
      { ADMIN ("create-package", "nobody", "Leads"), "no such client: nobody" },
      { ADMIN ("create-task", "nobody", "Leads", "X"), "no such client: nobody" },
      { ADMIN ("create-call-result", "nobody", "X", "success"), "no such client: nobody" },
      { ADMIN ("create-tag", "nobody", "X"), "no such client: nobody" },
      { ADMIN ("create-ticket-choice", "nobody", "status", "X"), "no such client: nobody" },
      { ADMIN ("create-product-type", "nobody", "X"), "no such client: nobody" },
      { ADMIN ("create-pause-reason", "nobody", "X"), "no such client: nobody" },
      { ADMIN ("list-setup", "nobody"), "no such client: nobody" },
      /* Names of the other client's records. */
      { ADMIN ("create-task", "acme", "Theirs", "X"), "no customer package “Theirs” in client acme" },
      { ADMIN ("create-task", "acme", "Leads", "X", "--groups", "Sales,Remote"), "no group “Remote” in client acme" },
      { ADMIN ("create-call-result", "acme", "X", "fail", "--task", "Autumn"), "no task “Autumn” in client acme" },
      /* Their ids: the store refuses them, inside the command's transaction (the task row
       * is written before its groups are checked). */
      { ADMIN ("create-task", "acme", other_package, "X"), "“package_id” names a customer package that does not exist" },
      { ADMIN ("create-task", "acme", "Leads", "X", "--groups", other_group), "“groups” names an agent group" },
      /* The API's checks. */
      { ADMIN ("create-call-result", "acme", "X", "win"), "“funnel” must be “success”, “fail” or “follow_up”" },
      { ADMIN ("create-call-result", "acme", "X", "success", "maybe"), "“call_state” must be “any”, “answered” or" },
      { ADMIN ("create-call-result", "acme", "X", "success", "--task", "Spring", "--task", "Autumn"), "no task “Autumn”" },
      { ADMIN ("create-package", "acme", "X", "--field", "Bad Name::text"), "“fields” must be a list" },
      { ADMIN ("create-package", "acme", "X", "--field", "size::colour"), "“fields” must be a list" },
      { ADMIN ("create-package", "acme", "X", "--field", "size::choice"), "“fields” must be a list" },
      { ADMIN ("create-package", "acme", "X", "--field", "size"), "is not NAME:LABEL:TYPE" },
      { ADMIN ("create-task", "acme", "Leads", "X", "--after-call-work", "3601"), "“after_call_work” must be 0 to 3600" },
      { ADMIN ("create-task", "acme", "Leads", "X", "--after-call-work", "soon"), "--after-call-work" },
      { ADMIN ("create-task", "acme", "Leads", "X", "--contact-history", "sometimes"), "“contact_history” must be" },
      { ADMIN ("create-ticket-choice", "acme", "colour", "Red"), "use category, status or result" },
      { ADMIN ("create-product-type", "acme", "   "), "“name” must be 1 to 200 characters" },
      { ADMIN ("create-tag", "acme", ""), "“name” must be 1 to 200 characters" },
      /* Duplicates. */
      { ADMIN ("create-package", "acme", "Leads"), "taken already" },
      { ADMIN ("create-task", "acme", "Leads", "Spring"), "taken already" },
      { ADMIN ("create-call-result", "acme", "Interested", "fail"), "taken already" },
      { ADMIN ("create-tag", "acme", "VIP"), "taken already" },
      { ADMIN ("create-ticket-choice", "acme", "category", "Billing"), "taken already" },
      { ADMIN ("create-product-type", "acme", "Router"), "taken already" },
      { ADMIN ("create-pause-reason", "acme", "Lunch"), "taken already" },
      /* Usage. */
      { ADMIN ("create-tag", "acme"), "usage: create-tag CLIENT NAME" },
      { ADMIN ("create-call-result", "acme", "X"), "usage: create-call-result" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        assert_admin_refused (cases[i].run, cases[i].needle);
        run_free (cases[i].run);
      }
  }
#undef ADMIN
  {
    g_autoptr(WccStore) store = wcc_store_open (path, NULL);
    g_autoptr(WccStoreClient) acme = wcc_store_client_find (store, "acme");
    g_autoptr(WccStoreClient) other = wcc_store_client_find (store, "other");
    g_autofree char *acme_after = count_setup (store, acme->id);
    g_autofree char *other_after = count_setup (store, other->id);
    g_autoptr(WccStoreTask) spring = wcc_store_task_find (store, acme->id,
                                                          wcc_store_task_find_by_name (store, acme->id, "Spring"));

    g_assert_cmpstr (acme_after, ==, acme_before);
    g_assert_cmpstr (other_after, ==, other_before);
    g_assert_cmpuint (spring->call_result_ids->len, ==, 0);
    g_assert_cmpuint (wcc_store_audit_count (store, "admin.task_created") +
                      wcc_store_audit_count (store, "admin.package_created") +
                      wcc_store_audit_count (store, "admin.call_result_created"), ==, audit_before);
  }
  wcc_test_remove_dir (dir);
}

/* @data_dir's database, and the SIP account of @employee_id@demo in it. */
static WccStore *
open_demo_sip_account (const char         *data_dir,
                       const char         *employee_id,
                       WccStoreSipAccount *account)
{
  g_autofree char *path = g_build_filename (data_dir, "wcc.db", NULL);
  g_autoptr(GError) error = NULL;
  WccStore *store = wcc_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (wcc_store_sip_account_find (store, "demo", employee_id, account));
  return store;
}

/* Does @employee_id@demo have the SIP password @password (its HA1)? */
static gboolean
demo_sip_password_is (const char *data_dir,
                      const char *employee_id,
                      const char *password)
{
  g_autofree char *ha1 = wcc_password_sip_ha1 (employee_id, "demo", password);
  WccStoreSipAccount account;
  g_autoptr(WccStore) store = open_demo_sip_account (data_dir, employee_id, &account);

  return account.has_ha1 && g_str_equal (account.ha1, ha1);
}

static void
set_demo_sip_ha1 (const char *data_dir,
                  const char *employee_id,
                  const char *ha1)
{
  g_autoptr(GError) error = NULL;
  WccStoreSipAccount account;
  g_autoptr(WccStore) store = open_demo_sip_account (data_dir, employee_id, &account);

  g_assert_true (wcc_store_user_set_sip_ha1 (store, account.client_id, account.user_id, ha1, &error));
  g_assert_no_error (error);
}

static void
assert_printed (WccTestServer *server,
                const char    *needle)
{
  if (strstr (server->output->str, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, server->output->str);
}

/* The demo prints its accounts with their web and SIP passwords, where phones register
 * (the server's real SIP address) and the queue numbers; the SIP passwords are in the
 * database as printed. */
static void
test_demo_start (void)
{
  WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  g_autofree char *data_dir = g_strdup (server->data_dir);
  g_autofree char *registrar = g_strdup_printf ("registrar 127.0.0.1:%u", server->sip_port);
  g_autofree char *queue_uri = g_strdup_printf ("sip:8001@127.0.0.1:%u", server->sip_port);

  g_assert_nonnull (strstr (server->output->str, "admin@demo"));
  g_assert_nonnull (strstr (server->output->str, "1010@demo"));
  assert_printed (server, "sip-1001");
  assert_printed (server, "sip-2001");
  assert_printed (server, "domain demo");
  assert_printed (server, registrar);
  assert_printed (server, "Sales 8001");
  assert_printed (server, "Service 8002");
  assert_printed (server, queue_uri);
  g_assert_cmpuint (login_status (server, "1001@demo", "wcc-1001"), ==, 200);
  g_assert_cmpuint (login_status (server, "2002@demo", "wcc-2002"), ==, 200);
  g_assert_cmpuint (login_status (server, "admin@demo", "wcc-admin"), ==, 200);
  g_assert_true (g_file_test (g_build_filename (data_dir, "wcc.db", NULL), G_FILE_TEST_EXISTS));
  g_assert_true (demo_sip_password_is (data_dir, "1001", "sip-1001"));
  g_assert_true (demo_sip_password_is (data_dir, "2002", "sip-2002"));
  /* The demo's orders have product types to choose from (C13). */
  {
    g_autofree char *db = g_build_filename (data_dir, "wcc.db", NULL);
    g_autoptr(WccStore) store = wcc_store_open (db, NULL);
    g_autoptr(WccStoreClient) demo = wcc_store_client_find (store, "demo");
    g_autoptr(GPtrArray) types = wcc_store_product_type_list (store, demo->id);
    g_assert_cmpuint (types->len, ==, 3);
  }
  /* Approvals has something to review from the start: each leader what their group's agents
   * asked for (a do-not-call and a blacklist request, pop-up warnings), the admin all of
   * them, agents none of it. */
  {
    const struct { const char *account; const char *password; guint count; guint status; } who[] = {
      { "2001@demo", "wcc-2001", 3, 200 }, { "2002@demo", "wcc-2002", 1, 200 },
      { "admin@demo", "wcc-admin", 4, 200 }, { "1001@demo", "wcc-1001", 0, 403 },
    };
    g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (who); i++)
      {
        Posted session = login (server, who[i].account, who[i].password);
        g_autofree char *token = g_strdup (json_object_get_string_member (session.json, "token"));
        Posted approvals = http_call (server, "GET", "/api/v1/approvals", token, NULL);

        g_clear_pointer (&session.json, json_object_unref);
        g_assert_cmpuint (approvals.status, ==, who[i].status);
        if (who[i].status == 200)
          {
            JsonArray *items = json_object_get_array_member (approvals.json, "items");

            g_assert_cmpuint (json_array_get_length (items), ==, who[i].count);
            for (guint j = 0; j < json_array_get_length (items); j++)
              {
                JsonObject *item = json_array_get_object_element (items, j);
                const char *type = json_object_get_string_member (item, "type");

                if (g_str_equal (type, "number_request"))
                  g_hash_table_add (types, g_strdup (json_object_get_string_member (
                    json_object_get_object_member (item, "number_request"), "kind")));
                else
                  g_hash_table_add (types, g_strdup (type));
              }
          }
        g_clear_pointer (&approvals.json, json_object_unref);
      }
    g_assert_true (g_hash_table_contains (types, "do_not_call"));
    g_assert_true (g_hash_table_contains (types, "blacklist"));
    g_assert_true (g_hash_table_contains (types, "warning"));
  }
  wcc_test_server_stop (server);
}

static JsonObject *
report_total (WccTestServer *server,
              const char    *token,
              GDateTime     *from,
              GDateTime     *to,
              JsonArray    **agents)
{
  g_autofree char *first = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *last = g_date_time_format (to, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/summary?from=%s&to=%s", first, last);
  Posted report = http_call (server, "GET", path, token, NULL);

  g_assert_cmpuint (report.status, ==, 200);
  if (agents != NULL)
    *agents = json_array_ref (json_object_get_array_member (report.json, "agents"));
  {
    JsonObject *total = json_object_ref (json_object_get_object_member (report.json, "total"));

    json_object_unref (report.json);
    return total;
  }
}

/* `--demo --demo-history DAYS`: weekdays before today filled with queue calls, the agents'
 * own calls and their states, consistent with each other; today untouched; made once (a
 * second start adds nothing); refused without --demo or with a bad number. */
static void
test_demo_history (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  WccTestServer *server = wcc_test_server_start (dir, (const char *[]) { "--demo", "--demo-history", "10", NULL });
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(JsonArray) agents = NULL;
  g_autoptr(JsonObject) total = NULL;
  g_autoptr(JsonObject) today = NULL;
  g_autoptr(JsonObject) again = NULL;
  Posted session = login (server, "2001@demo", "wcc-2001");
  g_autofree char *token = g_strdup (json_object_get_string_member (session.json, "token"));
  gint64 answered = 0, offered, sum_answered = 0;

  g_clear_pointer (&session.json, json_object_unref);
  total = report_total (server, token, first, yesterday, &agents);
  offered = json_object_get_int_member (total, "offered");
  answered = json_object_get_int_member (total, "answered");
  g_test_message ("10 days: %" G_GINT64_FORMAT " offered, %" G_GINT64_FORMAT " answered", offered, answered);
  /* Six to eight weekdays of two queues: hundreds of calls a day. */
  g_assert_cmpint (offered, >, 5 * 150);
  g_assert_cmpint (answered + json_object_get_int_member (total, "abandoned"), ==, offered);
  g_assert_cmpint (json_object_get_int_member (total, "abandoned"), >, 0);
  g_assert_cmpint (json_object_get_int_member (total, "abandoned"), <, offered / 5);
  g_assert_cmpint (json_object_get_int_member (total, "talk_time"), >, answered * 30);
  g_assert_cmpint (json_object_get_int_member (total, "pause_time"), >, 0);
  g_assert_cmpint (json_object_get_int_member (total, "after_call_time"), >, 0);
  /* Outbound calls are connected too. */
  g_assert_cmpint (json_object_get_int_member (total, "connected"), >, answered);
  for (guint i = 0; i < json_array_get_length (agents); i++)
    sum_answered += json_object_get_int_member (json_array_get_object_element (agents, i), "answered");
  g_assert_cmpint (sum_answered, ==, answered);
  /* Today is the live one: nothing made up. */
  today = report_total (server, token, now, now, NULL);
  g_assert_cmpint (json_object_get_int_member (today, "offered"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (today, "connected"), ==, 0);
  wcc_test_server_stop (server);

  /* Once: the next start (with the option again) adds nothing. */
  server = wcc_test_server_start (dir, (const char *[]) { "--demo", "--demo-history", "10", NULL });
  session = login (server, "2001@demo", "wcc-2001");
  g_free (token);
  token = g_strdup (json_object_get_string_member (session.json, "token"));
  g_clear_pointer (&session.json, json_object_unref);
  again = report_total (server, token, first, yesterday, NULL);
  g_assert_cmpint (json_object_get_int_member (again, "offered"), ==, offered);
  g_assert_cmpint (json_object_get_int_member (again, "connected"), ==, json_object_get_int_member (total, "connected"));
  wcc_test_server_stop (server);
  wcc_test_remove_dir (dir);

  {
    g_autoptr(Run) alone = run_server (NULL, (const char *[]) { "--demo-history", "5", NULL });
    g_autoptr(Run) negative = run_server (NULL, (const char *[]) { "--demo", "--demo-history", "-2", NULL });

    assert_clear_failure (alone, "--demo-history needs --demo");
    assert_clear_failure (negative, "from 0 to 366");
  }
}

/* A demo database without SIP passwords (made before they existed) gets them at the next
 * start; one set by an administrator stays. */
static void
test_demo_existing_gets_sip_passwords (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *own_ha1 = wcc_password_sip_ha1 ("1002", "demo", "my-own-secret");
  WccTestServer *server = wcc_test_server_start (dir, (const char *[]) { "--demo", NULL });

  wcc_test_server_stop (server);
  set_demo_sip_ha1 (dir, "1001", NULL);
  set_demo_sip_ha1 (dir, "1002", own_ha1);
  g_assert_false (demo_sip_password_is (dir, "1001", "sip-1001"));

  server = wcc_test_server_start (dir, (const char *[]) { "--demo", NULL });
  g_assert_true (demo_sip_password_is (dir, "1001", "sip-1001"));
  g_assert_true (demo_sip_password_is (dir, "1002", "my-own-secret"));
  wcc_test_server_stop (server);
  wcc_test_remove_dir (dir);
}

/* GET @url with a session that trusts only @cafile (NULL: the system's); the status, 0 when
 * it could not be sent (a TLS failure), and the body. */
static guint
get_with_trust (const char  *url,
                const char  *cafile,
                char       **body_out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (cafile != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cafile, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (session, database);
    }
  body = soup_session_send_and_read (session, message, NULL, &error);
  if (body == NULL)
    {
      g_test_message ("GET %s: %s", url, error->message);
      return 0;
    }
  if (body_out != NULL)
    *body_out = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (message);
}

/* --https-certificate: the API over HTTPS with the given certificate; a client that trusts
 * it gets answers, one that does not is refused, plain HTTP gets nothing; a missing or bad
 * certificate stops the start with a clear message. The same from the configuration file
 * (key apart). */
static void
test_https (void)
{
  g_autofree char *certificates = wcc_test_make_certificate_dir ();
  g_autofree char *agent = g_build_filename (certificates, "agent.pem", NULL);
  g_autofree char *key = g_build_filename (certificates, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (certificates, "cert.pem", NULL);
  g_autofree char *cafile = g_build_filename (certificates, "cafile.pem", NULL);
  g_autofree char *config_dir = wcc_test_make_temp_dir ();
  g_autofree char *config = g_build_filename (config_dir, "wcc-server.conf", NULL);
  g_autofree char *config_text = g_strdup_printf ("[server]\nhttps-certificate = %s\nhttps-key = %s\n", cert, key);
  g_autoptr(GError) error = NULL;

  {
    WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--https-certificate", agent, NULL });
    g_autofree char *health = g_strdup_printf ("%s/api/v1/health", server->base_url);
    g_autofree char *plain = g_strdup_printf ("http://127.0.0.1:%u/api/v1/health", server->port);
    g_autofree char *body = NULL;

    g_assert_true (g_str_has_prefix (server->base_url, "https://"));
    g_assert_cmpuint (get_with_trust (health, cafile, &body), ==, 200);
    g_assert_nonnull (strstr (body, "\"wcc-server\""));
    /* Not trusted: the system's authorities do not know this certificate. */
    g_assert_cmpuint (get_with_trust (health, NULL, NULL), ==, 0);
    g_assert_cmpuint (get_with_trust (plain, cafile, NULL), ==, 0);
    wcc_test_server_stop (server);
  }

  g_file_set_contents (config, config_text, -1, &error);
  g_assert_no_error (error);
  {
    WccTestServer *server = wcc_test_server_start (NULL, (const char *[]) { "--config", config, NULL });
    g_autofree char *health = g_strdup_printf ("%s/api/v1/health", server->base_url);

    g_assert_true (g_str_has_prefix (server->base_url, "https://"));
    g_assert_cmpuint (get_with_trust (health, cafile, NULL), ==, 200);
    wcc_test_server_stop (server);
  }

  {
    g_autofree char *data_dir = wcc_test_make_temp_dir ();
    g_autofree char *missing = g_build_filename (certificates, "missing.pem", NULL);
    g_autoptr(Run) run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", data_dir,
                                                              "--https-certificate", missing, NULL });

    assert_clear_failure (run, "cannot read the HTTPS certificate");
    g_clear_pointer (&run, run_free);
    /* A key alone, and a key that is not the certificate's. */
    run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--https-key", key,
                                               NULL });
    assert_clear_failure (run, "--https-certificate");
    g_clear_pointer (&run, run_free);
    run = run_server (NULL, (const char *[]) { "--listen", "127.0.0.1:0", "--data-dir", data_dir,
                                               "--https-certificate", cert, "--https-key", cafile, NULL });
    assert_clear_failure (run, "cannot read the HTTPS certificate");
    wcc_test_remove_dir (data_dir);
  }
  wcc_test_remove_dir (config_dir);
  wcc_test_remove_dir (certificates);
}

/* Reads one datagram from @socket (waiting at most 10 s). */
static char *
receive_datagram (GSocket *socket)
{
  char buffer[256];
  g_autoptr(GError) error = NULL;
  gssize n;

  g_socket_set_timeout (socket, 10);
  n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  buffer[n] = '\0';
  return g_strdup (buffer);
}

/* Under systemd (Type=notify): READY=1 once it serves, STOPPING=1 when told to stop. */
static void
test_notify_service_manager (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "notify", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *stopping = NULL;
  WccTestServer *server;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_setenv ("NOTIFY_SOCKET", path, TRUE);
  server = wcc_test_server_start (NULL, NULL);
  g_unsetenv ("NOTIFY_SOCKET");
  ready = receive_datagram (socket);
  g_assert_cmpstr (ready, ==, "READY=1");
  g_subprocess_send_signal (server->process, SIGTERM);
  stopping = receive_datagram (socket);
  g_assert_cmpstr (stopping, ==, "STOPPING=1");
  wcc_test_server_stop (server);
  wcc_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (90);
  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/bad-options", test_bad_options);
  g_test_add_func ("/cli/bad-config", test_bad_config);
  g_test_add_func ("/cli/busy-port", test_busy_port);
  g_test_add_func ("/cli/busy-sip-port", test_busy_sip_port);
  g_test_add_func ("/cli/unwritable-data-dir", test_unwritable_data_dir);
  g_test_add_func ("/cli/admin-setup-then-login", test_admin_setup_then_login);
  g_test_add_func ("/cli/admin-set-queue", test_admin_set_queue);
  g_test_add_func ("/cli/admin-import", test_admin_import);
  g_test_add_func ("/cli/admin-setup-data", test_admin_setup_data);
  g_test_add_func ("/cli/admin-setup-data-refused", test_admin_setup_data_refused);
  g_test_add_func ("/cli/demo-start", test_demo_start);
  g_test_add_func ("/cli/demo-history", test_demo_history);
  g_test_add_func ("/cli/https", test_https);
  g_test_add_func ("/cli/notify-service-manager", test_notify_service_manager);
  g_test_add_func ("/cli/demo-existing-gets-sip-passwords", test_demo_existing_gets_sip_passwords);
  return g_test_run ();
}
