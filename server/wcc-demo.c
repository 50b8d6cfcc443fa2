/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-demo.c: the demo client (tenant) that `wcc-server --demo` creates once. */
#define G_LOG_DOMAIN "wcc-demo"

#include <glib/gi18n-lib.h>

#include "wcc-acd.h"
#include "wcc-demo.h"
#include "wcc-password.h"

/* Demo passwords are public by design (they are printed at every start and the demo listens
 * on loopback); a real deployment creates its accounts with `wcc-server admin`. */
typedef struct {
  const char *employee_id;
  const char *surname;
  const char *given_name;
  WccRoles    roles;
  const char *group;       /* NULL: none */
  gboolean    leads;
} DemoUser;

static const DemoUser demo_users[] = {
  { "admin", "Admin", "Demo", WCC_ROLE_CLIENT_ADMIN, NULL, FALSE },
  { "2001", "Wang", "Fang", WCC_ROLE_AGENT | WCC_ROLE_LEADER, "Sales", TRUE },
  { "2002", "Sato", "Yui", WCC_ROLE_AGENT | WCC_ROLE_LEADER, "Service", TRUE },
  { "1001", "Li", "Wei", WCC_ROLE_AGENT, "Sales", FALSE },
  { "1002", "Zhang", "Min", WCC_ROLE_AGENT, "Sales", FALSE },
  { "1003", "Chen", "Jing", WCC_ROLE_AGENT, "Sales", FALSE },
  { "1004", "Liu", "Yang", WCC_ROLE_AGENT, "Sales", FALSE },
  { "1005", "Zhao", "Lei", WCC_ROLE_AGENT, "Sales", FALSE },
  { "1006", "Tanaka", "Ren", WCC_ROLE_AGENT, "Service", FALSE },
  { "1007", "Suzuki", "Aoi", WCC_ROLE_AGENT, "Service", FALSE },
  { "1008", "Smith", "Anna", WCC_ROLE_AGENT, "Service", FALSE },
  { "1009", "Garcia", "Luis", WCC_ROLE_AGENT, "Service", FALSE },
  { "1010", "Kim", "Minji", WCC_ROLE_AGENT, "Service", FALSE },
};

/* The demo groups as call queues (issue 4). */
typedef struct {
  const char *group;
  const char *queue_number;
  int         after_call_work;   /* seconds, or WCC_ACD_AFTER_CALL_WORK_UNTIL_READY */
} DemoQueue;

static const DemoQueue demo_queues[] = {
  { "Sales", "8001", 30 },
  { "Service", "8002", WCC_ACD_AFTER_CALL_WORK_UNTIL_READY },
};

/* Labels are data of the demo client, in the language of its names. */
static const char * const demo_pause_reasons[] = { "Break", "Lunch", "Training", "Meeting" };

/* Queue numbers, ACD settings and pause reasons; leaves what is already set. */
static gboolean
demo_ensure_queues (WccStore  *store,
                    gint64     client_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) reasons = wcc_store_pause_reason_list (store, client_id);

  for (guint i = 0; i < G_N_ELEMENTS (demo_queues); i++)
    {
      gint64 group_id = wcc_store_group_find (store, client_id, demo_queues[i].group);
      g_autoptr(WccStoreQueue) queue = group_id ? wcc_store_queue_find (store, client_id, group_id) : NULL;

      if (queue == NULL || queue->queue_number != NULL)
        continue;
      queue->queue_number = g_strdup (demo_queues[i].queue_number);
      queue->ring_timeout = 15;
      queue->missed_offers_before_pause = 2;
      queue->after_call_work = demo_queues[i].after_call_work;
      queue->service_level = 20;
      if (!wcc_store_queue_update (store, queue, error))
        return FALSE;
    }
  /* The automatic "No answer" reason is always there: the list has more than it. */
  if (reasons->len > 1)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_pause_reasons); i++)
    if (wcc_store_pause_reason_create (store, client_id, demo_pause_reasons[i], (int) i + 1, error) == 0)
      return FALSE;
  return TRUE;
}

static char *
demo_password (const DemoUser *user)
{
  return g_strdup_printf ("wcc-%s", user->employee_id);
}

static gboolean
demo_has_phone (const DemoUser *user)
{
  return (user->roles & (WCC_ROLE_AGENT | WCC_ROLE_LEADER)) != 0;
}

/* The SIP extension password of an agent or leader, as public as the web one. */
static char *
demo_sip_password (const DemoUser *user)
{
  return g_strdup_printf ("sip-%s", user->employee_id);
}

/* Gives every demo agent and leader their SIP password unless they have one (databases
 * made before the demo had them get them; a password set with `admin` stays). */
static gboolean
demo_ensure_sip_passwords (WccStore  *store,
                           GError   **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const DemoUser *user = &demo_users[i];
      WccStoreSipAccount account;
      g_autofree char *password = NULL;
      g_autofree char *ha1 = NULL;

      if (!demo_has_phone (user) ||
          !wcc_store_sip_account_find (store, WCC_DEMO_CLIENT, user->employee_id, &account) ||
          account.has_ha1)
        continue;
      password = demo_sip_password (user);
      ha1 = wcc_password_sip_ha1 (user->employee_id, WCC_DEMO_CLIENT, password);
      if (!wcc_store_user_set_sip_ha1 (store, account.client_id, account.user_id, ha1, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  guint   pending;
  char   *hashes[G_N_ELEMENTS (demo_users)];
  GError *error;
} HashJobs;

typedef struct {
  HashJobs *jobs;
  guint     index;
} HashSlot;

static void
on_slot_hashed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  HashSlot *slot = user_data;
  GError *error = NULL;

  slot->jobs->hashes[slot->index] = wcc_password_hash_finish (result, &error);
  if (error != NULL && slot->jobs->error == NULL)
    slot->jobs->error = error;
  else
    g_clear_error (&error);
  slot->jobs->pending--;
  g_free (slot);
}

gboolean
wcc_demo_ensure (WccStore  *store,
                 GError   **error)
{
  g_autoptr(WccStoreClient) existing = wcc_store_client_find (store, WCC_DEMO_CLIENT);
  HashJobs jobs = { 0 };
  gint64 client_id;
  gint64 group_ids[2] = { 0, 0 };
  const char *group_names[2] = { "Sales", "Service" };
  gboolean ok = FALSE;

  if (existing != NULL)
    return demo_ensure_queues (store, existing->id, error) && demo_ensure_sip_passwords (store, error) &&
           wcc_demo_ensure_customers (store, existing->id, error);

  /* Hash on the pool, two at a time: this runs once, before the server listens. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autofree char *password = demo_password (&demo_users[i]);
      HashSlot *slot = g_new0 (HashSlot, 1);

      slot->jobs = &jobs;
      slot->index = i;
      jobs.pending++;
      wcc_password_hash_async (password, NULL, on_slot_hashed, slot);
    }
  while (jobs.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (jobs.error != NULL)
    {
      g_propagate_error (error, jobs.error);
      goto out;
    }

  if (!wcc_store_begin (store, error))
    goto out;
  client_id = wcc_store_client_create (store, WCC_DEMO_CLIENT, "Demo Company", error);
  if (client_id == 0)
    goto rollback;
  for (guint g = 0; g < G_N_ELEMENTS (group_names); g++)
    if ((group_ids[g] = wcc_store_group_create (store, client_id, group_names[g], error)) == 0)
      goto rollback;
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const DemoUser *user = &demo_users[i];
      gint64 user_id = wcc_store_user_create (store, client_id, user->employee_id, user->surname,
                                              user->given_name, user->roles, jobs.hashes[i], error);
      if (user_id == 0)
        goto rollback;
      for (guint g = 0; user->group && g < G_N_ELEMENTS (group_names); g++)
        if (g_str_equal (user->group, group_names[g]) &&
            !wcc_store_group_add_member (store, client_id, group_ids[g], user_id, user->leads, error))
          goto rollback;
    }
  if (!demo_ensure_queues (store, client_id, error) || !demo_ensure_sip_passwords (store, error))
    goto rollback;
  wcc_store_audit (store, client_id, 0, "demo.created", "", NULL);
  ok = wcc_store_commit (store, error) && wcc_demo_ensure_customers (store, client_id, error);
  goto out;

rollback:
  wcc_store_rollback (store);
out:
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    g_free (jobs.hashes[i]);
  return ok;
}

void
wcc_demo_print_accounts (FILE       *out,
                         const char *registrar)
{
  g_autoptr(GString) queues = g_string_new (NULL);
  g_autofree char *example = NULL;

  g_return_if_fail (registrar != NULL);

  example = g_strdup_printf ("sip:%s@%s", demo_queues[0].queue_number, registrar);

  fprintf (out, "%s\n", _("Demo accounts (client “demo”):"));
  fprintf (out, "  %-14s %-12s %-14s %-22s %s\n",
           _("Account"), _("Password"), _("SIP password"), _("Roles"), _("Group"));
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const DemoUser *user = &demo_users[i];
      g_autofree char *account = g_strdup_printf ("%s@%s", user->employee_id, WCC_DEMO_CLIENT);
      g_autofree char *password = demo_password (user);
      g_autofree char *sip_password = demo_has_phone (user) ? demo_sip_password (user) : g_strdup ("-");
      g_autofree char *roles = wcc_roles_to_csv (user->roles);
      g_autofree char *group = user->group
        ? g_strdup_printf ("%s%s", user->group, user->leads ? _(" (leader)") : "")
        : g_strdup ("-");

      fprintf (out, "  %-14s %-12s %-14s %-22s %s\n", account, password, sip_password, roles, group);
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_queues); i++)
    g_string_append_printf (queues, "%s%s %s", i > 0 ? ", " : "",
                            demo_queues[i].group, demo_queues[i].queue_number);
  /* TRANSLATORS: %s is the SIP registrar, e.g. 127.0.0.1:5060; keep "demo" (the domain). */
  fprintf (out, _("Demo phones: user = employee ID (e.g. 1001), domain demo, the SIP password above,\n"
                  "registrar %s (UDP or TCP).\n"), registrar);
  fprintf (out, _("Demo queues: %s; customers call them without an account, e.g. %s.\n"),
           queues->str, example);
  fflush (out);
}
