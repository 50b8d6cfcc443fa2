/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-admin.c: `wcc-server admin …`: set up clients, users, groups and the set-up data of
 * customer work without the GUI. */
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
#include "wcc-setup-data.h"
#include "wcc-store-admin.h"

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
  char    **tasks;      /* import: one; create-call-result: any */
  char    **fields;     /* create-package */
  char     *groups;     /* create-task */
  char     *after_call_work;
  char     *contact_history;
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
 * with nothing there, a random one is made and printed once. A web password (@web) is
 * checked as the API checks it (wcc_setup_check_password ()): NULL with @error. */
static char *
read_or_make_password (gboolean   web,
                       gboolean  *out_generated,
                       GError   **error)
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
          if (web && !wcc_setup_check_password (password, error))
            {
              sodium_memzero (password, strlen (password));
              g_free (password);
              return NULL;
            }
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
  g_autoptr(WccStoreUser) user = g_new0 (WccStoreUser, 1);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) roles = NULL;
  JsonArray *role_list = json_array_new ();
  gboolean generated;
  gint64 user_id;

  if (ctx->n_args < 1)
    return admin_fail (_("usage: create-user EMPLOYEE-ID@CLIENT [--surname S] [--given-name G] [--roles agent,leader,client_admin] < password"));
  if (!wcc_account_parse (ctx->args[0], &employee_id, &client, &error))
    return admin_fail ("%s", error->message);
  /* The API's body, read with the API's checks (wcc_setup_read_user ()). */
  json_object_set_string_member (body, "employee_id", employee_id);
  if (ctx->surname != NULL)
    json_object_set_string_member (body, "surname", ctx->surname);
  if (ctx->given_name != NULL)
    json_object_set_string_member (body, "given_name", ctx->given_name);
  roles = g_strsplit (ctx->roles != NULL ? ctx->roles : "agent", ",", -1);
  for (guint i = 0; roles[i] != NULL; i++)
    json_array_add_string_element (role_list, g_strstrip (roles[i]));
  json_object_set_array_member (body, "roles", role_list);
  if (!wcc_setup_read_user (body, TRUE, user, NULL, &error))
    return admin_fail ("%s", error->message);
  found = wcc_store_client_find (ctx->store, client);
  if (found == NULL)
    return admin_fail (_("no such client: %s"), client);
  if ((password = read_or_make_password (TRUE, &generated, &error)) == NULL ||
      (hash = wcc_password_hash_sync (password, &error)) == NULL)
    return admin_fail ("%s", error->message);
  user_id = wcc_store_user_create (ctx->store, found->id, user->employee_id, user->surname, user->given_name,
                                   user->roles, hash, &error);
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
  if ((password = read_or_make_password (TRUE, &generated, &error)) == NULL ||
      (hash = wcc_password_hash_sync (password, &error)) == NULL ||
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
  password = read_or_make_password (FALSE, &generated, NULL);
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
  g_autoptr(WccStoreQueue) group = g_new0 (WccStoreQueue, 1);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (ctx->n_args < 2)
    return admin_fail (_("usage: create-group CLIENT GROUP-NAME"));
  client = wcc_store_client_find (ctx->store, ctx->args[0]);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->args[0]);
  json_object_set_string_member (body, "name", ctx->args[1]);
  if (!wcc_setup_read_group (body, TRUE, group, &error) ||
      wcc_store_group_create (ctx->store, client->id, group->name, &error) == 0)
    return admin_fail ("%s", error->message);
  wcc_store_audit (ctx->store, client->id, 0, "admin.group_created", group->name, NULL);
  g_print (_("Created group %s in %s\n"), group->name, ctx->args[0]);
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

/* The queue (ACD) settings of a group: KEY=VALUE arguments as the API's body of
 * PATCH /groups/{id}/queue, read with its checks (wcc_setup_read_queue ()). */
static int
cmd_set_queue (AdminContext *ctx)
{
  static const char * const keys[][2] = {
    { "number", "queue_number" }, { "ring-timeout", "ring_timeout" },
    { "missed-before-pause", "missed_offers_before_pause" }, { "after-call-work", "after_call_work" },
    { "service-level", "service_level" },
  };
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(JsonObject) body = json_object_new ();
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
      const char *member = NULL;
      guint64 n;

      if (value++ == NULL)
        return admin_fail (_("“%s” is not KEY=VALUE"), arg);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (g_str_equal (key, keys[k][0]))
          member = keys[k][1];
      if (member == NULL)
        return admin_fail (_("unknown queue setting “%s” (number, ring-timeout, missed-before-pause, "
                             "after-call-work, service-level)"), key);
      if (g_str_equal (key, "number") || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &n, NULL))
        json_object_set_string_member (body, member, g_str_equal (value, "until-ready") ? "until_ready" : value);
      else
        json_object_set_int_member (body, member, (gint64) n);
      g_string_append_printf (detail, "%s%s", detail->len ? " " : "", arg);
    }
  if (!wcc_setup_read_queue (body, queue, &error) || !wcc_store_queue_update (ctx->store, queue, &error))
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

/* ---- Set-up data of customer work (C1, C11, C13, C16, C21, pause reasons) ----
 * Each command builds the body the API would get and reads it with the API's own checks
 * (wcc-setup-data.h); names stand for ids, looked up in the client only. */

static WccStoreClient *
find_client (AdminContext *ctx,
             const char   *name)
{
  WccStoreClient *client = wcc_store_client_find (ctx->store, name);

  if (client == NULL)
    admin_fail (_("no such client: %s"), name);
  return client;
}

/* Reads @body onto @record with the API's checks and creates it: the new id, 0 with
 * @error set. */
typedef gint64 (*SetupMake) (WccStore    *store,
                             gint64       client_id,
                             JsonObject  *body,
                             gpointer     record,
                             GError     **error);

/* Makes @record with @make and writes the audit entry (@action, with the record's *@name),
 * in one transaction: all or nothing. Returns the new id; 0 when it failed, said on stderr. */
static gint64
make_setup (AdminContext    *ctx,
            WccStoreClient  *client,
            SetupMake        make,
            JsonObject      *body,
            gpointer         record,
            char * const    *name,
            const char      *action)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (wcc_store_begin (ctx->store, &error))
    {
      id = make (ctx->store, client->id, body, record, &error);
      if (id != 0)
        wcc_store_audit (ctx->store, client->id, 0, action, *name, NULL);
      if (id == 0 || !wcc_store_commit (ctx->store, &error))
        {
          wcc_store_rollback (ctx->store);
          id = 0;
        }
    }
  if (id == 0)
    admin_fail ("%s", error->message);
  return id;
}

/* The commands CLIENT TEXT, where TEXT is @member of the body: as make_setup(). */
static gint64
make_from_text (AdminContext     *ctx,
                const char       *usage,
                const char       *member,
                SetupMake         make,
                gpointer          record,
                char * const     *name,
                const char       *action,
                WccStoreClient  **out_client)
{
  g_autoptr(JsonObject) body = json_object_new ();

  if (ctx->n_args != 2)
    {
      admin_fail ("%s", usage);
      return 0;
    }
  if ((*out_client = find_client (ctx, ctx->args[0])) == NULL)
    return 0;
  json_object_set_string_member (body, member, ctx->args[1]);
  return make_setup (ctx, *out_client, make, body, record, name, action);
}

/* --field NAME:LABEL:TYPE[:required][:CHOICE|CHOICE…] as the API's field definition. */
static JsonObject *
field_from_spec (const char  *spec,
                 GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  guint n = g_strv_length (parts), next = 3;
  g_autoptr(JsonObject) field = json_object_new ();

  if (n < 3)
    goto bad;
  json_object_set_string_member (field, "name", parts[0]);
  if (*parts[1] != '\0')
    json_object_set_string_member (field, "label", parts[1]);
  json_object_set_string_member (field, "type", parts[2]);
  if (next < n && g_str_equal (parts[next], "required"))
    {
      json_object_set_boolean_member (field, "required", TRUE);
      next++;
    }
  if (next < n)
    {
      g_auto(GStrv) choices = g_strsplit (parts[next++], "|", -1);
      JsonArray *list = json_array_new ();

      for (guint i = 0; choices[i] != NULL; i++)
        json_array_add_string_element (list, choices[i]);
      json_object_set_array_member (field, "choices", list);
    }
  if (next < n)
    goto bad;
  return g_steal_pointer (&field);

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
               _("“%s” is not NAME:LABEL:TYPE[:required][:CHOICE|CHOICE…]"), spec);
  return NULL;
}

static gint64
make_package (WccStore    *store,
              gint64       client_id,
              JsonObject  *body,
              gpointer     record,
              GError     **error)
{
  WccStorePackage *package = record;

  if (!wcc_setup_read_package (body, TRUE, package, error))
    return 0;
  return wcc_store_package_create (store, client_id, package->name, package->fields_json, error);
}

static int
cmd_create_package (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStorePackage) package = g_new0 (WccStorePackage, 1);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *fields = json_array_new ();
  gint64 id;

  json_object_set_array_member (body, "fields", fields);
  if (ctx->n_args != 2)
    return admin_fail (_("usage: create-package CLIENT NAME [--field NAME:LABEL:TYPE[:required][:CHOICE|CHOICE…]]…"));
  if ((client = find_client (ctx, ctx->args[0])) == NULL)
    return 1;
  json_object_set_string_member (body, "name", ctx->args[1]);
  for (guint i = 0; ctx->fields != NULL && ctx->fields[i] != NULL; i++)
    {
      JsonObject *field = field_from_spec (ctx->fields[i], &error);

      if (field == NULL)
        return admin_fail ("%s", error->message);
      json_array_add_object_element (fields, field);
    }
  id = make_setup (ctx, client, make_package, body, package, &package->name, "admin.package_created");
  if (id == 0)
    return 1;
  g_print (_("Created the customer package “%s” (id %lld) in %s\n"), package->name, (long long) id, client->name);
  return 0;
}

/* A record named by its name in the client, or else by its id (the store then checks that
 * the id is the client's). 0: neither. */
static gint64
find_by_name_or_id (const char *text,
                    gint64    (*by_name) (WccStore *, gint64, const char *),
                    WccStore   *store,
                    gint64      client_id)
{
  gint64 found = by_name (store, client_id, text);
  guint64 id;

  if (found != 0)
    return found;
  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    return (gint64) id;
  return 0;
}

static gint64
make_task (WccStore    *store,
           gint64       client_id,
           JsonObject  *body,
           gpointer     record,
           GError     **error)
{
  WccStoreTask *task = record;

  task->client_id = client_id;
  if (!wcc_setup_read_task (body, TRUE, task, error))
    return 0;
  return wcc_store_task_create (store, task, error);
}

static int
cmd_create_task (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreTask) task = wcc_store_task_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_auto(GStrv) groups = NULL;
  JsonArray *group_ids = json_array_new ();
  gint64 package_id, id;

  json_object_set_array_member (body, "groups", group_ids);
  if (ctx->n_args != 3)
    return admin_fail (_("usage: create-task CLIENT PACKAGE NAME [--groups GROUP,…] [--after-call-work SECONDS] "
                         "[--contact-history auto|manual]"));
  if ((client = find_client (ctx, ctx->args[0])) == NULL)
    return 1;
  package_id = find_by_name_or_id (ctx->args[1], wcc_store_package_find_by_name, ctx->store, client->id);
  if (package_id == 0)
    return admin_fail (_("no customer package “%s” in client %s"), ctx->args[1], client->name);
  json_object_set_int_member (body, "package_id", package_id);
  json_object_set_string_member (body, "name", ctx->args[2]);
  groups = g_strsplit (ctx->groups ? ctx->groups : "", ",", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      gint64 group_id;

      if (*g_strstrip (groups[i]) == '\0')
        continue;
      group_id = find_by_name_or_id (groups[i], wcc_store_group_find, ctx->store, client->id);
      if (group_id == 0)
        return admin_fail (_("no group “%s” in client %s"), groups[i], client->name);
      json_array_add_int_element (group_ids, group_id);
    }
  if (ctx->after_call_work != NULL)
    {
      gint64 seconds;

      if (!g_ascii_string_to_signed (ctx->after_call_work, 10, G_MININT32, G_MAXINT32, &seconds, NULL))
        return admin_fail (_("bad value for %s: “%s”"), "--after-call-work", ctx->after_call_work);
      json_object_set_int_member (body, "after_call_work", seconds);
    }
  if (ctx->contact_history != NULL)
    json_object_set_string_member (body, "contact_history", ctx->contact_history);
  id = make_setup (ctx, client, make_task, body, task, &task->name, "admin.task_created");
  if (id == 0)
    return 1;
  g_print (_("Created the task “%s” (id %lld) in %s\n"), task->name, (long long) id, client->name);
  return 0;
}

typedef struct {
  WccStoreCallResult *result;
  GPtrArray          *tasks;    /* of WccStoreTask: bound to the new result */
} NewCallResult;

static gint64
make_call_result (WccStore    *store,
                  gint64       client_id,
                  JsonObject  *body,
                  gpointer     record,
                  GError     **error)
{
  NewCallResult *made = record;
  gint64 id;

  made->result->client_id = client_id;
  if (!wcc_setup_read_call_result (body, TRUE, made->result, error) ||
      (id = wcc_store_call_result_create (store, made->result, error)) == 0)
    return 0;
  for (guint i = 0; i < made->tasks->len; i++)
    {
      WccStoreTask *task = g_ptr_array_index (made->tasks, i);

      g_array_append_val (task->call_result_ids, id);
      if (!wcc_store_task_update (store, task, task->version, error))
        return 0;
    }
  return id;
}

static int
cmd_create_call_result (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreCallResult) result = g_new0 (WccStoreCallResult, 1);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_task_free);
  g_autoptr(JsonObject) body = json_object_new ();
  NewCallResult made = { result, tasks };
  gint64 id;

  if (ctx->n_args != 3 && ctx->n_args != 4)
    return admin_fail (_("usage: create-call-result CLIENT LABEL success|fail|follow_up [any|answered|unanswered] "
                         "[--task TASK]…"));
  if ((client = find_client (ctx, ctx->args[0])) == NULL)
    return 1;
  json_object_set_string_member (body, "label", ctx->args[1]);
  json_object_set_string_member (body, "funnel", ctx->args[2]);
  if (ctx->n_args == 4)
    json_object_set_string_member (body, "call_state", ctx->args[3]);
  for (guint i = 0; ctx->tasks != NULL && ctx->tasks[i] != NULL; i++)
    {
      gint64 task_id = find_by_name_or_id (ctx->tasks[i], wcc_store_task_find_by_name, ctx->store, client->id);
      WccStoreTask *task = task_id ? wcc_store_task_find (ctx->store, client->id, task_id) : NULL;

      if (task == NULL)
        return admin_fail (_("no task “%s” in client %s"), ctx->tasks[i], client->name);
      g_ptr_array_add (tasks, task);
    }
  id = make_setup (ctx, client, make_call_result, body, &made, &result->label, "admin.call_result_created");
  if (id == 0)
    return 1;
  /* TRANSLATORS: the funnel stage and call state are the command's words: success, answered… */
  g_print (_("Created the call result “%s” (id %lld, %s, %s calls) in %s\n"), result->label, (long long) id,
           wcc_funnel_stage_to_string (result->funnel), wcc_call_result_state_to_string (result->call_state),
           client->name);
  for (guint i = 0; i < tasks->len; i++)
    g_print (_("It can be chosen in the task “%s”\n"), ((WccStoreTask *) g_ptr_array_index (tasks, i))->name);
  return 0;
}

static gint64
make_tag (WccStore    *store,
          gint64       client_id,
          JsonObject  *body,
          gpointer     record,
          GError     **error)
{
  WccStoreTag *tag = record;

  if (!wcc_setup_read_tag (body, TRUE, tag, error))
    return 0;
  return wcc_store_tag_create (store, client_id, tag->name, error);
}

static int
cmd_create_tag (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreTag) tag = g_new0 (WccStoreTag, 1);
  gint64 id = make_from_text (ctx, _("usage: create-tag CLIENT NAME"), "name", make_tag, tag, &tag->name,
                              "admin.tag_created", &client);

  if (id == 0)
    return 1;
  g_print (_("Created the customer tag “%s” (id %lld) in %s\n"), tag->name, (long long) id, client->name);
  return 0;
}

static gint64
make_ticket_choice (WccStore    *store,
                    gint64       client_id,
                    JsonObject  *body,
                    gpointer     record,
                    GError     **error)
{
  WccStoreTicketChoice *choice = record;

  choice->client_id = client_id;
  choice->active = TRUE;
  if (!wcc_setup_read_ticket_choice (body, TRUE, choice, error))
    return 0;
  return wcc_store_ticket_choice_create (store, choice, error);
}

static int
cmd_create_ticket_choice (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreTicketChoice) choice = g_new0 (WccStoreTicketChoice, 1);
  g_autoptr(JsonObject) body = json_object_new ();
  gint64 id;

  if (ctx->n_args != 3)
    return admin_fail (_("usage: create-ticket-choice CLIENT category|status|result LABEL"));
  if ((client = find_client (ctx, ctx->args[0])) == NULL)
    return 1;
  if (!wcc_ticket_choice_kind_from_string (ctx->args[1], &choice->kind))
    return admin_fail (_("“%s” is not a list of ticket choices: use category, status or result"), ctx->args[1]);
  json_object_set_string_member (body, "label", ctx->args[2]);
  id = make_setup (ctx, client, make_ticket_choice, body, choice, &choice->label, "admin.ticket_choice_created");
  if (id == 0)
    return 1;
  /* TRANSLATORS: the second %s is the list: category, status or result. */
  g_print (_("Created the ticket choice “%s” (id %lld, %s) in %s\n"), choice->label, (long long) id,
           ctx->args[1], client->name);
  return 0;
}

static gint64
make_product_type (WccStore    *store,
                   gint64       client_id,
                   JsonObject  *body,
                   gpointer     record,
                   GError     **error)
{
  WccStoreProductType *type = record;

  if (!wcc_setup_read_product_type (body, TRUE, type, error))
    return 0;
  return wcc_store_product_type_create (store, client_id, type->name, error);
}

static int
cmd_create_product_type (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStoreProductType) type = g_new0 (WccStoreProductType, 1);
  gint64 id = make_from_text (ctx, _("usage: create-product-type CLIENT NAME"), "name", make_product_type, type,
                              &type->name, "admin.product_type_created", &client);

  if (id == 0)
    return 1;
  g_print (_("Created the product type “%s” (id %lld) in %s\n"), type->name, (long long) id, client->name);
  return 0;
}

/* A new pause reason goes after the client's others, before the automatic one. */
static gint64
make_pause_reason (WccStore    *store,
                   gint64       client_id,
                   JsonObject  *body,
                   gpointer     record,
                   GError     **error)
{
  WccStorePauseReason *reason = record;

  reason->position = wcc_store_pause_reason_next_position (store, client_id);
  if (!wcc_setup_read_pause_reason (body, TRUE, reason, error))
    return 0;
  return wcc_store_pause_reason_create (store, client_id, reason->label, reason->position, error);
}

static int
cmd_create_pause_reason (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(WccStorePauseReason) reason = g_new0 (WccStorePauseReason, 1);
  gint64 id = make_from_text (ctx, _("usage: create-pause-reason CLIENT LABEL"), "label", make_pause_reason, reason,
                              &reason->label, "admin.pause_reason_created", &client);

  if (id == 0)
    return 1;
  g_print (_("Created the pause reason “%s” (id %lld) in %s\n"), reason->label, (long long) id, client->name);
  return 0;
}

/* A package's fields in the syntax of --field. */
static char *
fields_to_specs (const char *fields_json)
{
  g_autoptr(JsonNode) node = json_from_string (fields_json, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *fields = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      g_string_append_printf (text, " %s:%s:%s", json_object_get_string_member (field, "name"),
                              json_object_get_string_member (field, "label"),
                              json_object_get_string_member (field, "type"));
      if (json_object_get_boolean_member_with_default (field, "required", FALSE))
        g_string_append (text, ":required");
      if (json_object_has_member (field, "choices"))
        {
          JsonArray *choices = json_object_get_array_member (field, "choices");

          for (guint j = 0; j < json_array_get_length (choices); j++)
            g_string_append_printf (text, "%c%s", j == 0 ? ':' : '|', json_array_get_string_element (choices, j));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The labels of @ids, by @names (id → text), separated by commas. */
static char *
ids_to_names (GArray     *ids,
              GHashTable *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      const char *name = g_hash_table_lookup (names, &id);

      g_string_append_printf (text, "%s%s", i ? ", " : "", name ? name : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_tasks (AdminContext *ctx,
             gint64        client_id,
             GHashTable   *package_names,
             GHashTable   *result_labels)
{
  g_autoptr(GHashTable) group_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) queues = wcc_store_queue_list (ctx->store, client_id);
  gint64 after = 0;

  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);
      g_hash_table_insert (group_names, g_memdup2 (&queue->id, sizeof queue->id), g_strdup (queue->name));
    }
  g_print (_("Tasks:\n"));
  for (;;)
    {
      g_autoptr(GPtrArray) tasks = wcc_store_task_list (ctx->store, client_id, 0, 0, after, 200);

      for (guint i = 0; i < tasks->len; i++)
        {
          WccStoreTask *task = g_ptr_array_index (tasks, i);
          g_autofree char *groups = ids_to_names (task->group_ids, group_names);
          g_autofree char *results = ids_to_names (task->call_result_ids, result_labels);

          /* TRANSLATORS: a line of `admin list-setup`: id, name, package, groups, call results,
           * after-call work in seconds, contact history (auto or manual). */
          g_print (_("  %lld\t%s\tpackage: %s\tgroups: %s\tcall results: %s\tafter-call work: %d s\t"
                     "contact history: %s\n"),
                   (long long) task->id, task->name,
                   (const char *) g_hash_table_lookup (package_names, &task->package_id), groups, results,
                   task->after_call_work, task->history_manual ? "manual" : "auto");
          after = task->id;
        }
      if (tasks->len < 200)
        break;
    }
}

/* Everything the commands above make, with ids. */
static int
cmd_list_setup (AdminContext *ctx)
{
  g_autoptr(WccStoreClient) client = NULL;
  g_autoptr(GHashTable) package_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) result_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  const char *choice_titles[WCC_TICKET_N_KINDS] = {
    N_("Ticket categories:\n"), N_("Ticket statuses:\n"), N_("Ticket results:\n"),
  };
  gint64 after = 0;

  if (ctx->n_args != 1)
    return admin_fail (_("usage: list-setup CLIENT"));
  if ((client = find_client (ctx, ctx->args[0])) == NULL)
    return 1;
  g_print (_("Customer packages:\n"));
  for (;;)
    {
      g_autoptr(GPtrArray) packages = wcc_store_package_list (ctx->store, client->id, after, 200);

      for (guint i = 0; i < packages->len; i++)
        {
          WccStorePackage *package = g_ptr_array_index (packages, i);
          g_autofree char *fields = fields_to_specs (package->fields_json);

          g_print ("  %lld\t%s\t%s\n", (long long) package->id, package->name, *fields ? fields + 1 : "");
          g_hash_table_insert (package_names, g_memdup2 (&package->id, sizeof package->id), g_strdup (package->name));
          after = package->id;
        }
      if (packages->len < 200)
        break;
    }
  results = wcc_store_call_result_list (ctx->store, client->id, 0, WCC_RESULT_CALL_ANY);
  for (guint i = 0; i < results->len; i++)
    {
      WccStoreCallResult *result = g_ptr_array_index (results, i);
      g_hash_table_insert (result_labels, g_memdup2 (&result->id, sizeof result->id), g_strdup (result->label));
    }
  print_tasks (ctx, client->id, package_names, result_labels);
  g_print (_("Call results:\n"));
  for (guint i = 0; i < results->len; i++)
    {
      WccStoreCallResult *result = g_ptr_array_index (results, i);
      g_print ("  %lld\t%s\t%s\t%s\n", (long long) result->id, result->label,
               wcc_funnel_stage_to_string (result->funnel), wcc_call_result_state_to_string (result->call_state));
    }
  g_print (_("Customer tags:\n"));
  tags = wcc_store_tag_list (ctx->store, client->id);
  for (guint i = 0; i < tags->len; i++)
    {
      WccStoreTag *tag = g_ptr_array_index (tags, i);
      g_print ("  %lld\t%s\n", (long long) tag->id, tag->name);
    }
  for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) choices = wcc_store_ticket_choice_list (ctx->store, client->id, kind, FALSE);

      g_print ("%s", _(choice_titles[kind]));
      for (guint i = 0; i < choices->len; i++)
        {
          WccStoreTicketChoice *choice = g_ptr_array_index (choices, i);
          g_print ("  %lld\t%s%s\n", (long long) choice->id, choice->label, choice->active ? "" : _("\t(inactive)"));
        }
    }
  g_print (_("Product types:\n"));
  types = wcc_store_product_type_list (ctx->store, client->id);
  for (guint i = 0; i < types->len; i++)
    {
      WccStoreProductType *type = g_ptr_array_index (types, i);
      g_print ("  %lld\t%s\n", (long long) type->id, type->name);
    }
  g_print (_("Pause reasons:\n"));
  reasons = wcc_store_pause_reason_list (ctx->store, client->id);
  for (guint i = 0; i < reasons->len; i++)
    {
      WccStorePauseReason *reason = g_ptr_array_index (reasons, i);
      g_print ("  %lld\t%s%s\n", (long long) reason->id, reason->label, reason->automatic ? _("\t(automatic)") : "");
    }
  return 0;
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

  if (ctx->n_args != 1 || ctx->client == NULL || ctx->package == NULL ||
      (ctx->tasks != NULL && g_strv_length (ctx->tasks) > 1))
    return admin_fail (_("usage: import --client CLIENT --package PACKAGE [--task TASK] FILE.csv"));
  client = wcc_store_client_find (ctx->store, ctx->client);
  if (client == NULL)
    return admin_fail (_("no such client: %s"), ctx->client);
  package_id = find_by_name_or_id (ctx->package, wcc_store_package_find_by_name, ctx->store, client->id);
  if (ctx->tasks != NULL && ctx->tasks[0] != NULL)
    task_id = find_by_name_or_id (ctx->tasks[0], wcc_store_task_find_by_name, ctx->store, client->id);
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
  { "create-package", cmd_create_package, N_("CLIENT NAME [--field NAME:LABEL:TYPE[:required][:CHOICE|CHOICE…]]…: a customer package") },
  { "create-task", cmd_create_task, N_("CLIENT PACKAGE NAME [--groups G,…] [--after-call-work S] [--contact-history auto|manual]: a task") },
  { "create-call-result", cmd_create_call_result, N_("CLIENT LABEL success|fail|follow_up [any|answered|unanswered] [--task T]…: a call result") },
  { "create-tag", cmd_create_tag, N_("CLIENT NAME: a customer tag") },
  { "create-ticket-choice", cmd_create_ticket_choice, N_("CLIENT category|status|result LABEL: a ticket category, status or result") },
  { "create-product-type", cmd_create_product_type, N_("CLIENT NAME: a product type for orders") },
  { "create-pause-reason", cmd_create_pause_reason, N_("CLIENT LABEL: a pause reason agents can choose") },
  { "list-setup", cmd_list_setup, N_("CLIENT: the client's packages, tasks, call results, tags, ticket choices, product types and pause reasons, with ids") },
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
    { "task", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ctx.tasks, N_("The task an import puts the customers in; a task a new call result is for (repeatable); name or id"), N_("TASK") },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ctx.fields, N_("A custom field of a new package (repeatable)"), N_("NAME:LABEL:TYPE[:required][:CHOICE|CHOICE…]") },
    { "groups", 0, 0, G_OPTION_ARG_STRING, &ctx.groups, N_("The agent groups of a new task (names or ids)"), N_("GROUP,…") },
    { "after-call-work", 0, 0, G_OPTION_ARG_STRING, &ctx.after_call_work, N_("After-call work of a new task, 0 to 3600 seconds"), N_("SECONDS") },
    { "contact-history", 0, 0, G_OPTION_ARG_STRING, &ctx.contact_history, N_("Contact history of a new task: auto or manual"), N_("auto|manual") },
    { NULL }
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (description, "  %-18s %s\n", commands[i].name, _(commands[i].help));
  g_string_append (description, _("\nPasswords are read from standard input; with none, a random one is printed."));

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — set up wcc-server's clients, users and customer work"));
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
      g_strfreev (ctx.tasks);
      g_strfreev (ctx.fields);
      g_free (ctx.groups);
      g_free (ctx.after_call_work);
      g_free (ctx.contact_history);
      return status;
    }
  return admin_fail (_("unknown command “%s” (see wcc-server admin --help)"), argv[1]);
}
