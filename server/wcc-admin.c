/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-admin.c: `wcc-server admin …`: set up clients, users and groups without the GUI. */
#define G_LOG_DOMAIN "wcc-admin"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wcc-acd.h"
#include "wcc-common.h"
#include "wcc-customer-import.h"
#include "wcc-demo.h"
#include "wcc-password.h"
#include "wcc-server-cli.h"
#include "wcc-server.h"

typedef struct {
  WccStore *store;
  char    **args;
  int       n_args;
  char     *surname;
  char     *given_name;
  char     *roles;
  gboolean  leader;
  char     *client;     /* import: --client, --package, --task */
  char     *package;
  char     *task;
} AdminContext;

typedef int (*AdminCommand) (AdminContext *ctx);

static int
admin_fail (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

static int
admin_fail (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("wcc-server admin: %s\n", message);
  return 1;
}

/* The password comes on standard input (never on the command line, where `ps` shows it);
 * with nothing there, a random one is made and printed once. */
static char *
read_or_make_password (gboolean *out_generated)
{
  char line[512];

  *out_generated = FALSE;
  if (!isatty (STDIN_FILENO) && fgets (line, sizeof line, stdin) != NULL)
    {
      g_strchomp (line);
      if (*line != '\0')
        {
          char *password = g_strdup (line);
          sodium_memzero (line, sizeof line);
          return password;
        }
    }
  *out_generated = TRUE;
  return wcc_password_new_token ();
}

static WccStoreUser *
find_account (AdminContext *ctx,
              const char   *account)
{
  g_autofree char *employee_id = NULL;
  g_autofree char *client = NULL;
  g_autoptr(GError) error = NULL;
  WccStoreUser *user;

  if (!wcc_account_parse (account, &employee_id, &client, &error))
    {
      admin_fail ("%s", error->message);
      return NULL;
    }
  user = wcc_store_user_find_by_account (ctx->store, client, employee_id);
  if (user == NULL)
    admin_fail (_("no such account: %s"), account);
  return user;
}

static int
cmd_create_client (AdminContext *ctx)
{
  g_autoptr(GError) error = NULL;
  const char *name;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: create-client NAME [DISPLAY-NAME]"));
  name = ctx->args[0];
  if (!wcc_client_name_is_valid (name))
    return admin_fail (_("“%s” is not a valid client name: use lower-case letters, digits and “-”"), name);
  if (wcc_store_client_create (ctx->store, name, ctx->n_args > 1 ? ctx->args[1] : name, &error) == 0)
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, 0, 0, "admin.client_created", name, NULL);
  g_print (_("Created client %s\n"), name);
  return 0;
}

static int
cmd_create_user (AdminContext *ctx)
{
  g_autofree char *employee_id = NULL;
  g_autofree char *client = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(WccStoreClient) found = NULL;
  g_autoptr(GError) error = NULL;
  WccRoles roles = WCC_ROLE_AGENT;
  gboolean generated;
  gint64 user_id;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: create-user EMPLOYEE-ID@CLIENT [--surname S] [--given-name G] [--roles agent,leader,client_admin] < password"));
  if (!wcc_account_parse (ctx->args[0], &employee_id, &client, &error))
    return admin_fail ("%s", error->message);
  if (ctx->roles != NULL && (!wcc_roles_from_csv (ctx->roles, &roles) || roles == WCC_ROLE_NONE))
    return admin_fail (_("bad roles “%s”: use agent, leader and client_admin, separated by commas"), ctx->roles);
  found = wcc_store_client_find (ctx->store, client);
  if (found == NULL)
    return admin_fail (_("no such client: %s"), client);
  password = read_or_make_password (&generated);
  hash = wcc_password_hash_sync (password, &error);
  if (hash == NULL)
    return admin_fail ("%s", error->message);
  user_id = wcc_store_user_create (ctx->store, found->id, employee_id, ctx->surname, ctx->given_name,
                                   roles, hash, &error);
  if (user_id == 0)
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, found->id, user_id, "admin.user_created", ctx->args[0], NULL);
  g_print (_("Created %s@%s\n"), employee_id, client);
  if (generated)
    g_print (_("Web password: %s\n"), password);
  return 0;
}

static int
cmd_reset_password (AdminContext *ctx)
{
  g_autoptr(WccStoreUser) user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  gboolean generated;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: reset-password EMPLOYEE-ID@CLIENT < password"));
  if ((user = find_account (ctx, ctx->args[0])) == NULL)
    return 1;
  password = read_or_make_password (&generated);
  hash = wcc_password_hash_sync (password, &error);
  if (hash == NULL ||
      !wcc_store_user_update (ctx->store, user->client_id, user->id, NULL, NULL, hash, 0, &error))
    return admin_fail ("%s", error->message);
  wcc_store_session_delete_for_user (ctx->store, user->id, 0);
  wcc_store_audit (ctx->store, user->client_id, user->id, "admin.password_reset", "", NULL);
  g_print (_("The web password of %s was reset; its sessions have ended\n"), ctx->args[0]);
  if (generated)
    g_print (_("Web password: %s\n"), password);
  return 0;
}

static int
cmd_set_sip_password (AdminContext *ctx)
{
  g_autoptr(WccStoreUser) user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *ha1 = NULL;
  g_autoptr(GError) error = NULL;
  gboolean generated;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: set-sip-password EMPLOYEE-ID@CLIENT < password"));
  if ((user = find_account (ctx, ctx->args[0])) == NULL)
    return 1;
  password = read_or_make_password (&generated);
  /* Only the digest HA1 is kept; the realm is the client's name. */
  ha1 = wcc_password_sip_ha1 (user->employee_id, user->client_name, password);
  if (!wcc_store_user_set_sip_ha1 (ctx->store, user->client_id, user->id, ha1, &error))
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, user->client_id, user->id, "admin.sip_password_set", "", NULL);
  g_print (_("The SIP password of %s was set\n"), ctx->args[0]);
  if (generated)
    g_print (_("SIP password: %s\n"), password);
  return 0;
}

static int
cmd_create_group (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (ctx->n_args < 2)
    return admin_fail (_("usage: create-group CLIENT GROUP-NAME"));
  client = wcc_store_client_find (ctx->store, ctx->args[0]);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->args[0]);
  if (wcc_store_group_create (ctx->store, client->id, ctx->args[1], &error) == 0)
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, client->id, 0, "admin.group_created", ctx->args[1], NULL);
  g_print (_("Created group %s in %s\n"), ctx->args[1], ctx->args[0]);
  return 0;
}

static int
cmd_add_to_group (AdminContext *ctx)
{
  g_autoptr(WccStoreUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gint64 group_id;

  if (ctx->n_args < 2)
    return admin_fail (_("usage: add-to-group EMPLOYEE-ID@CLIENT GROUP-NAME [--leader]"));
  if ((user = find_account (ctx, ctx->args[0])) == NULL)
    return 1;
  group_id = wcc_store_group_find (ctx->store, user->client_id, ctx->args[1]);
  if (group_id == 0)
    return admin_fail (_("no group “%s” in client %s"), ctx->args[1], user->client_name);
  if (!wcc_store_group_add_member (ctx->store, user->client_id, group_id, user->id, ctx->leader, &error))
    return admin_fail ("%s", error->message);
  if (ctx->leader && !(user->roles & WCC_ROLE_LEADER) &&
      !wcc_store_user_set_roles (ctx->store, user->client_id, user->id, user->roles | WCC_ROLE_LEADER, &error))
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, user->client_id, user->id, "admin.group_member_added", ctx->args[1], NULL);
  if (ctx->leader)
    g_print (_("%s now leads the group %s\n"), ctx->args[0], ctx->args[1]);
  else
    g_print (_("%s is now in the group %s\n"), ctx->args[0], ctx->args[1]);
  return 0;
}

/* Parses a whole number in [@min, @max]. */
static gboolean
parse_setting (const char *text,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL) || (gint64) value < min)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* The queue (ACD) settings of a group, there being no other way yet: KEY=VALUE arguments. */
static int
cmd_set_queue (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gint64 group_id;

  if (ctx->n_args < 3)
    return admin_fail (_("usage: set-queue CLIENT GROUP-NAME KEY=VALUE… (number, ring-timeout, "
                         "missed-before-pause, after-call-work, service-level)"));
  client = wcc_store_client_find (ctx->store, ctx->args[0]);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->args[0]);
  group_id = wcc_store_group_find (ctx->store, client->id, ctx->args[1]);
  if (group_id == 0 || (queue = wcc_store_queue_find (ctx->store, client->id, group_id)) == NULL)
    return admin_fail (_("no group “%s” in client %s"), ctx->args[1], ctx->args[0]);
  for (int i = 2; i < ctx->n_args; i++)
    {
      const char *arg = ctx->args[i];
      const char *value = strchr (arg, '=');
      g_autofree char *key = value != NULL ? g_strndup (arg, value - arg) : NULL;
      gboolean ok = FALSE;
      gint64 n;

      if (value++ == NULL)
        return admin_fail (_("“%s” is not KEY=VALUE"), arg);
      if (g_str_equal (key, "number"))
        {
          ok = strlen (value) <= 32 && strspn (value, "0123456789") == strlen (value);
          g_free (queue->queue_number);
          queue->queue_number = *value != '\0' ? g_strdup (value) : NULL;   /* empty: none */
        }
      else if (g_str_equal (key, "ring-timeout"))
        {
          if ((ok = parse_setting (value, 1, 3600, &n)))
            queue->ring_timeout = (guint) n;
        }
      else if (g_str_equal (key, "missed-before-pause"))
        {
          if ((ok = parse_setting (value, 0, 100, &n)))
            queue->missed_offers_before_pause = (guint) n;
        }
      else if (g_str_equal (key, "after-call-work"))
        {
          if ((ok = g_str_equal (value, "until-ready")))
            queue->after_call_work = WCC_ACD_AFTER_CALL_WORK_UNTIL_READY;
          else if ((ok = parse_setting (value, 0, 24 * 3600, &n)))
            queue->after_call_work = (int) n;
        }
      else if (g_str_equal (key, "service-level"))
        {
          if ((ok = parse_setting (value, 1, 3600, &n)))
            queue->service_level = (guint) n;
        }
      else
        return admin_fail (_("unknown queue setting “%s” (number, ring-timeout, missed-before-pause, "
                             "after-call-work, service-level)"), key);
      if (!ok)
        return admin_fail (_("bad value for %s: “%s”"), key, value);
      g_string_append_printf (detail, "%s%s", detail->len ? " " : "", arg);
    }
  if (!wcc_store_queue_update (ctx->store, queue, &error))
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, client->id, 0, "admin.queue_set", detail->str, NULL);
  g_print (_("The queue settings of %s in %s were changed\n"), ctx->args[1], ctx->args[0]);
  return 0;
}

static int
cmd_list_users (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  gint64 after = 0;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: list-users CLIENT"));
  client = wcc_store_client_find (ctx->store, ctx->args[0]);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->args[0]);
  for (;;)
    {
      g_autoptr(GPtrArray) users = wcc_store_user_list (ctx->store, client->id, after, 200);

      for (guint i = 0; i < users->len; i++)
        {
          WccStoreUser *user = g_ptr_array_index (users, i);
          g_autofree char *roles = wcc_roles_to_csv (user->roles);

          g_print ("%s@%s\t%s\t%s\t%s\n", user->employee_id, user->client_name,
                   user->surname, user->given_name, roles);
          after = user->id;
        }
      if (users->len < 200)
        break;
    }
  return 0;
}

static void
print_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  g_print (_("%u of %u customers\n"), done, total);
}

static int
cmd_generate_customers (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(GError) error = NULL;
  guint64 count;
  gint64 started = g_get_monotonic_time ();

  if (ctx->n_args < 2 || !g_ascii_string_to_unsigned (ctx->args[1], 10, 1, 10000000, &count, NULL))
    return admin_fail (_("usage: generate-customers CLIENT N (1 to 10000000)"));
  client = wcc_store_client_find (ctx->store, ctx->args[0]);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->args[0]);
  if (!wcc_demo_generate_customers (ctx->store, client->id, (guint) count, FALSE, print_progress, NULL, &error))
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, client->id, 0, "admin.customers_generated", ctx->args[1], NULL);
  g_print (_("%u customers made in %.1f s\n"), (guint) count,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}

/* A package or task named by id or by name. */
static gint64
find_by_id_or_name (const char *text,
                    gint64    (*by_name) (WccStore *, gint64, const char *),
                    WccStore   *store,
                    gint64      client_id)
{
  guint64 id;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;
  return by_name ? by_name (store, client_id, text) : 0;
}

static int
cmd_import (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccCustomerImport) import = NULL;
  g_autoptr(WccStoreImportJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) csv = NULL;
  gsize length = 0;
  gint64 package_id, task_id = 0;
  guint batches = 0;

  if (ctx->n_args != 1 || ctx->client == NULL || ctx->package == NULL)
    return admin_fail (_("usage: import --client CLIENT --package PACKAGE [--task TASK] FILE.csv"));
  client = wcc_store_client_find (ctx->store, ctx->client);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->client);
  package_id = find_by_id_or_name (ctx->package, wcc_store_package_find_by_name, ctx->store, client->id);
  if (ctx->task != NULL)
    task_id = find_by_id_or_name (ctx->task, NULL, ctx->store, client->id);
  if (!g_file_get_contents (ctx->args[0], &data, &length, &error))
    return admin_fail ("%s", error->message);
  csv = g_bytes_new_take (g_steal_pointer (&data), length);
  import = wcc_customer_import_new (ctx->store, client->id, 0, package_id, task_id, csv, &error);
  if (import == NULL)
    return admin_fail ("%s", error->message);
  /* The same batches as the API's, one transaction each: a running server waits for at
   * most one of them. */
  while (wcc_customer_import_step (import, 500, &error))
    if (++batches % 20 == 0)
      {
        g_autoptr(WccStoreImportJob) now = wcc_store_import_job_find (ctx->store, client->id,
                                                                     wcc_customer_import_get_job_id (import), 0);
        /* TRANSLATORS: progress of `wcc-server admin import`. */
        g_print (_("%lld lines (%.0f%%)\n"), (long long) now->lines_done, now->progress * 100);
      }
  job = wcc_store_import_job_find (ctx->store, client->id, wcc_customer_import_get_job_id (import), G_MAXINT);
  for (guint i = 0; job != NULL && i < job->lines->len; i++)
    {
      WccStoreImportLine *line = g_ptr_array_index (job->lines, i);
      /* TRANSLATORS: a line of the imported CSV file, and why it was not imported. */
      if (line->rejected)
        g_print (_("line %u rejected: %s\n"), line->line, line->reason);
      else
        g_print (_("line %u skipped: %s\n"), line->line, line->reason);
    }
  if (error != NULL)
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, client->id, 0, "admin.customers_imported", ctx->args[0], NULL);
  g_print (_("import %lld: %lld created, %lld skipped, %lld rejected\n"), (long long) job->id,
           (long long) job->created, (long long) job->skipped, (long long) job->rejected);
  return 0;
}

static const struct {
  const char   *name;
  AdminCommand  run;
  const char   *help;
} commands[] = {
  { "create-client", cmd_create_client, N_("NAME [DISPLAY-NAME]: a new client (tenant)") },
  { "create-user", cmd_create_user, N_("EMPLOYEE-ID@CLIENT [--surname] [--given-name] [--roles]: a new user") },
  { "reset-password", cmd_reset_password, N_("EMPLOYEE-ID@CLIENT: a new web password, ends the user's sessions") },
  { "set-sip-password", cmd_set_sip_password, N_("EMPLOYEE-ID@CLIENT: the SIP extension password") },
  { "create-group", cmd_create_group, N_("CLIENT GROUP-NAME: a new agent group") },
  { "add-to-group", cmd_add_to_group, N_("EMPLOYEE-ID@CLIENT GROUP-NAME [--leader]: add a member") },
  { "set-queue", cmd_set_queue, N_("CLIENT GROUP-NAME KEY=VALUE…: queue number and ACD settings of a group") },
  { "list-users", cmd_list_users, N_("CLIENT: the client's users") },
  { "generate-customers", cmd_generate_customers, N_("CLIENT N: N made-up customers for tests and benchmarks (the same every time)") },
  { "import", cmd_import, N_("--client C --package P [--task T] FILE.csv: customers from CSV (UTF-8, a header row)") },
};

int
wcc_admin_run (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccConfig) config = wcc_config_new_default ();
  g_autoptr(GString) description = g_string_new (_("Commands:\n"));
  g_autofree char *data_dir = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *db_path = NULL;
  AdminContext ctx = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, N_("Read settings from FILE"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The server's data folder"), N_("DIR") },
    { "surname", 0, 0, G_OPTION_ARG_STRING, &ctx.surname, N_("Surname of a new user"), N_("TEXT") },
    { "given-name", 0, 0, G_OPTION_ARG_STRING, &ctx.given_name, N_("Given name of a new user"), N_("TEXT") },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &ctx.roles, N_("Roles of a new user (agent,leader,client_admin)"), N_("LIST") },
    { "leader", 0, 0, G_OPTION_ARG_NONE, &ctx.leader, N_("Make the member the group's leader"), NULL },
    { "client", 0, 0, G_OPTION_ARG_STRING, &ctx.client, N_("The client of an import"), N_("NAME") },
    { "package", 0, 0, G_OPTION_ARG_STRING, &ctx.package, N_("The customer package of an import (name or id)"), N_("PACKAGE") },
    { "task", 0, 0, G_OPTION_ARG_STRING, &ctx.task, N_("The task (id) an import puts the customers in"), N_("ID") },
    { NULL }
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (description, "  %-18s %s\n", commands[i].name, _(commands[i].help));
  g_string_append (description, _("\nPasswords are read from standard input; with none, a random one is printed."));

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — set up wcc-server's clients and users"));
  g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return admin_fail ("%s", error->message);
  if (argc < 2)
    return admin_fail (_("name a command (see wcc-server admin --help)"));
  if (config_file != NULL && !wcc_config_load_file (config, config_file, &error))
    return admin_fail ("%s", error->message);
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].name, argv[1]))
        continue;
      if (!wcc_server_prepare_data_dir (config->data_dir, &error))
        return admin_fail ("%s", error->message);
      db_path = wcc_config_database_path (config);
      ctx.store = wcc_store_open (db_path, &error);
      if (ctx.store == NULL)
        return admin_fail ("%s", error->message);
      ctx.args = argv + 2;
      ctx.n_args = argc - 2;
      status = commands[i].run (&ctx);
      g_object_unref (ctx.store);
      g_free (ctx.surname);
      g_free (ctx.given_name);
      g_free (ctx.roles);
      g_free (ctx.client);
      g_free (ctx.package);
      g_free (ctx.task);
      return status;
    }
  return admin_fail (_("unknown command “%s” (see wcc-server admin --help)"), argv[1]);
}
