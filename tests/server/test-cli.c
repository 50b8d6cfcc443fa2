/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the wcc-server program: options, clear failures, `admin`, demo start. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-password.h"
#include "wcc-store.h"
#include "wcc-store-orders.h"
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

  g_assert_cmpint (help->status, ==, 0);
  for (guint i = 0; options[i]; i++)
    g_assert_nonnull (strstr (help->out, options[i]));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "wcc-server "));
  g_assert_cmpint (admin_help->status, ==, 0);
  g_assert_nonnull (strstr (admin_help->out, "create-user"));
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

static guint
login_status (WccTestServer *server,
              const char    *account,
              const char    *password)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/api/v1/login", server->base_url);
  g_autofree char *body = g_strdup_printf ("{\"account\":\"%s\",\"password\":\"%s\"}", account, password);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Posted posted = { 0 };

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_posted, &posted);
  wcc_test_wait_for (&posted.done, 20000);
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
  wcc_test_server_stop (server);
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
  g_test_add_func ("/cli/demo-start", test_demo_start);
  g_test_add_func ("/cli/demo-existing-gets-sip-passwords", test_demo_existing_gets_sip_passwords);
  return g_test_run ();
}
