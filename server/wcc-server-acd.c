/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-acd.c: the server's one ACD: loaded from the store, kept on the clock, its agent
 * states and queue figures saved and published as events. */
#define G_LOG_DOMAIN "wcc-server-acd"

#include <glib/gi18n-lib.h>

#include "wcc-common.h"
#include "wcc-server-acd.h"
#include "wcc-time.h"
#include "wcc-server-monitor.h"

/* What was last published of an agent: a change of any of it is an "agent.state" event. */
typedef struct {
  gint64            client_id;
  gint64            since;              /* real time (µs) the state began */
  WccAcdAgentState  state;
  char             *pause_reason;       /* the ACD's reason keys */
  char             *pause_after_call;
  GArray           *groups;
  gint64            after_call_work_until;
} AgentEntry;

struct _WccServerAcd
{
  GObject      parent_instance;
  WccStore    *store;
  WccEventHub *hub;
  WccAcd      *acd;
  GHashTable  *agents;        /* agent id → AgentEntry */
  GHashTable  *clients;       /* client ids whose groups are loaded (a set) */
  GHashTable  *group_clients; /* group id → client id */
  WccServerMonitor *monitor;  /* issue 9 monitor: what leaders see beyond the state */
  guint        deadline_id;
  guint        midnight_id;
};

G_DEFINE_FINAL_TYPE (WccServerAcd, wcc_server_acd, G_TYPE_OBJECT)

static void
agent_entry_free (AgentEntry *entry)
{
  g_free (entry->pause_reason);
  g_free (entry->pause_after_call);
  g_clear_pointer (&entry->groups, g_array_unref);
  g_free (entry);
}

static gint64
now_monotonic (void)
{
  return g_get_monotonic_time ();
}

/* A monotonic deadline of the ACD as a wall-clock time (µs). */
static gint64
monotonic_to_real (gint64 monotonic)
{
  return g_get_real_time () + (monotonic - g_get_monotonic_time ());
}

static char *
time_to_json (gint64 real_us)
{
  return wcc_time_to_rfc3339 (real_us / G_USEC_PER_SEC);
}

/* Pause reasons: row ids in the API, keys in the ACD. */

static char *
reason_key (WccStorePauseReason *reason)
{
  if (reason->automatic)
    return g_strdup (WCC_ACD_PAUSE_NO_ANSWER);
  return g_strdup_printf ("%" G_GINT64_FORMAT, reason->id);
}

static gint64
reason_id_from_key (WccServerAcd *self,
                    gint64        client_id,
                    const char   *key)
{
  gint64 id = 0;

  if (key == NULL)
    return 0;
  if (g_str_equal (key, WCC_ACD_PAUSE_NO_ANSWER))
    return wcc_store_pause_reason_get_automatic (self->store, client_id);
  if (!g_ascii_string_to_signed (key, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return id;
}

static JsonNode *
reason_to_json (WccServerAcd *self,
                gint64        client_id,
                const char   *key)
{
  g_autoptr(WccStorePauseReason) reason = NULL;
  JsonObject *object;
  JsonNode *node;

  reason = wcc_store_pause_reason_find (self->store, client_id, reason_id_from_key (self, client_id, key));
  if (reason == NULL)
    return json_node_init_null (json_node_alloc ());
  object = json_object_new ();
  json_object_set_int_member (object, "id", reason->id);
  json_object_set_string_member (object, "label", reason->label);
  node = json_node_alloc ();
  json_node_init_object (node, object);
  json_object_unref (object);
  return node;
}

/* Agents */

JsonObject *
wcc_server_acd_agent_to_json (WccServerAcd *self,
                              gint64        client_id,
                              gint64        user_id)
{
  g_autoptr(GArray) groups = NULL;
  g_autofree char *since = NULL;
  WccAcdAgentInfo info;
  AgentEntry *entry;
  JsonObject *object;
  JsonArray *ids;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), NULL);

  if (!wcc_server_acd_ensure_agent (self, client_id, user_id) ||
      !wcc_acd_agent_get_info (self->acd, user_id, &info, NULL))
    return NULL;
  entry = g_hash_table_lookup (self->agents, &user_id);
  groups = wcc_acd_agent_dup_groups (self->acd, user_id, NULL);
  since = time_to_json (entry->since);

  object = json_object_new ();
  json_object_set_int_member (object, "agent_id", user_id);
  json_object_set_string_member (object, "state", wcc_acd_agent_state_to_string (info.state));
  json_object_set_member (object, "pause_reason", reason_to_json (self, client_id, info.pause_reason));
  json_object_set_member (object, "pause_after_call",
                          reason_to_json (self, client_id, info.pause_after_call));
  json_object_set_string_member (object, "since", since);
  json_object_set_boolean_member (object, "logged_in", info.logged_in);
  json_object_set_int_member (object, "phones", info.registrations);
  if (info.after_call_work_until > 0 && info.after_call_work_until < G_MAXINT64)
    {
      g_autofree char *until = time_to_json (monotonic_to_real (info.after_call_work_until));
      json_object_set_string_member (object, "after_call_work_until", until);
    }
  else
    json_object_set_null_member (object, "after_call_work_until");
  ids = json_array_new ();
  for (guint i = 0; i < groups->len; i++)
    json_array_add_int_element (ids, g_array_index (groups, gint64, i));
  json_object_set_array_member (object, "groups", ids);
  return object;
}

static gboolean
same_groups (GArray *a,
             GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0;
}

/* issue 9 reports: the state history (R2, R4): a new stretch whenever the agent's state
 * or pause reason changed; Offline ends the last one. */
static void
record_state_history (WccServerAcd *self,
                      AgentEntry   *entry,
                      gint64        agent_id)
{
  gboolean paused = entry->state == WCC_ACD_AGENT_PAUSE;

  wcc_store_agent_state_record (self->store, entry->client_id, agent_id,
                                entry->state == WCC_ACD_AGENT_OFFLINE
                                ? NULL : wcc_acd_agent_state_to_string (entry->state),
                                paused ? reason_id_from_key (self, entry->client_id, entry->pause_reason) : 0,
                                g_get_real_time ());
}

/* Compares the agent with what was last published: saves a new pause reason, and
 * publishes "agent.state" when anything the event carries changed. */
static void
agent_refresh (WccServerAcd *self,
               gint64        agent_id)
{
  AgentEntry *entry = g_hash_table_lookup (self->agents, &agent_id);
  g_autoptr(GArray) groups = NULL;
  WccAcdAgentInfo info;
  gboolean changed = FALSE, history = FALSE;
  JsonNode *data;

  if (entry == NULL || !wcc_acd_agent_get_info (self->acd, agent_id, &info, NULL))
    return;
  groups = wcc_acd_agent_dup_groups (self->acd, agent_id, NULL);
  if (info.state != entry->state)
    {
      entry->state = info.state;
      entry->since = g_get_real_time ();
      changed = history = TRUE;
    }
  if (g_strcmp0 (info.pause_reason, entry->pause_reason) != 0)
    {
      history = TRUE;
      g_free (entry->pause_reason);
      entry->pause_reason = g_strdup (info.pause_reason);
      wcc_store_agent_set_pause_reason (self->store, agent_id,
                                        reason_id_from_key (self, entry->client_id, info.pause_reason));
      changed = TRUE;
    }
  if (g_strcmp0 (info.pause_after_call, entry->pause_after_call) != 0)
    {
      g_free (entry->pause_after_call);
      entry->pause_after_call = g_strdup (info.pause_after_call);
      changed = TRUE;
    }
  if (!same_groups (groups, entry->groups))
    {
      g_array_unref (entry->groups);
      entry->groups = g_steal_pointer (&groups);
      changed = TRUE;
    }
  if (info.after_call_work_until != entry->after_call_work_until)
    {
      entry->after_call_work_until = info.after_call_work_until;
      changed = TRUE;
    }
  if (history)
    record_state_history (self, entry, agent_id);
  if (!changed)
    return;
  data = json_node_alloc ();
  json_node_init_object (data, wcc_server_acd_agent_to_json (self, entry->client_id, agent_id));
  json_object_unref (json_node_get_object (data));
  wcc_event_hub_publish (self->hub, entry->client_id, 0, "agent.state", data);
  wcc_server_monitor_agent_changed (self->monitor, entry->client_id, agent_id);
}

static void
on_agent_state_changed (WccAcd      *acd,
                        gint64       agent_id,
                        int          old_state,
                        int          new_state,
                        int          cause,
                        const char  *pause_reason,
                        gpointer     user_data)
{
  agent_refresh (WCC_SERVER_ACD (user_data), agent_id);
}

/* Adds an agent of the store to the ACD: sign-ins, login when a session is alive, and the
 * pause they were in before a restart. */
static void
agent_load (WccServerAcd        *self,
            const WccStoreAgent *agent)
{
  g_autoptr(GArray) sign_ins = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_monotonic ();
  AgentEntry *entry;

  wcc_server_acd_sync_groups (self, agent->client_id);
  if (!wcc_acd_agent_add (self->acd, agent->client_id, agent->user_id, &error))
    {
      g_warning ("Cannot add agent %" G_GINT64_FORMAT " to the queues: %s", agent->user_id, error->message);
      return;
    }
  entry = g_new0 (AgentEntry, 1);
  entry->client_id = agent->client_id;
  entry->since = g_get_real_time ();
  entry->state = WCC_ACD_AGENT_OFFLINE;
  entry->groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (self->agents, g_memdup2 (&agent->user_id, sizeof (gint64)), entry);

  sign_ins = wcc_store_agent_get_sign_ins (self->store, agent->client_id, agent->user_id);
  if (!wcc_acd_agent_set_groups (self->acd, agent->user_id, (const gint64 *) (gpointer) sign_ins->data,
                                 sign_ins->len, now, &error))
    {
      g_warning ("Cannot restore the sign-ins of agent %" G_GINT64_FORMAT ": %s", agent->user_id, error->message);
      g_clear_error (&error);
    }
  if (wcc_store_session_exists_for_user (self->store, agent->user_id, wcc_time_now ()))
    {
      wcc_acd_agent_log_in (self->acd, agent->user_id, now, NULL);
      if (agent->pause_reason_id != 0)
        {
          g_autoptr(WccStorePauseReason) reason = wcc_store_pause_reason_find (self->store, agent->client_id,
                                                                              agent->pause_reason_id);
          g_autofree char *key = reason ? reason_key (reason) : NULL;

          if (key != NULL)
            wcc_acd_agent_set_pause (self->acd, agent->user_id, key, now, NULL);
        }
    }
  agent_refresh (self, agent->user_id);
}

gboolean
wcc_server_acd_ensure_agent (WccServerAcd *self,
                             gint64        client_id,
                             gint64        user_id)
{
  AgentEntry *entry;
  WccStoreAgent agent;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  entry = g_hash_table_lookup (self->agents, &user_id);
  if (entry != NULL)
    return entry->client_id == client_id;
  if (!wcc_store_agent_find (self->store, client_id, user_id, &agent))
    return FALSE;
  agent_load (self, &agent);
  return g_hash_table_contains (self->agents, &user_id);
}

/* Groups and their figures */

static void
settings_from_queue (const WccStoreQueue *queue,
                     WccAcdGroupSettings *settings)
{
  *settings = (WccAcdGroupSettings) {
    .ring_timeout = queue->ring_timeout,
    .missed_offers_before_pause = queue->missed_offers_before_pause,
    .after_call_work = queue->after_call_work,
    .service_level = queue->service_level,
  };
}

/* A group new to the ACD (the server started, or the group was made): today's figures from
 * the call records, so that a restart does not set the dashboards' and the monitor's
 * "inbound today" back to zero. */
static void
restore_figures (WccServerAcd        *self,
                 const WccStoreQueue *queue)
{
  WccStoreQueueFigures stored;
  WccAcdGroupFigures figures = { 0 };

  wcc_store_queue_figures_since (self->store, queue->id, wcc_time_today_start (), queue->service_level, &stored);
  if (stored.inbound == 0)
    return;
  figures.inbound = stored.inbound;
  figures.answered = stored.answered;
  figures.abandoned = stored.abandoned;
  figures.answered_in_service_level = stored.answered_in_service_level;
  wcc_acd_group_restore_figures (self->acd, queue->id, &figures, NULL);
}

void
wcc_server_acd_sync_groups (WccServerAcd *self,
                            gint64        client_id)
{
  g_autoptr(GPtrArray) queues = NULL;

  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  queues = wcc_store_queue_list (self->store, client_id);
  for (guint i = 0; i < queues->len; i++)
    {
      WccStoreQueue *queue = g_ptr_array_index (queues, i);
      g_autoptr(GError) error = NULL;
      WccAcdGroupSettings settings, current;

      settings_from_queue (queue, &settings);
      g_hash_table_add (self->clients, g_memdup2 (&queue->client_id, sizeof (gint64)));
      g_hash_table_insert (self->group_clients, g_memdup2 (&queue->id, sizeof (gint64)),
                           g_memdup2 (&queue->client_id, sizeof (gint64)));
      if (!wcc_acd_group_get_settings (self->acd, queue->id, &current, NULL))
        {
          if (wcc_acd_group_add (self->acd, queue->client_id, queue->id, &settings, &error))
            restore_figures (self, queue);
        }
      else if (memcmp (&current, &settings, sizeof settings) != 0)
        wcc_acd_group_set_settings (self->acd, queue->id, &settings, &error);
      if (error != NULL)
        g_warning ("Agent group %" G_GINT64_FORMAT " cannot take queue calls: %s", queue->id, error->message);
    }
}

JsonObject *
wcc_server_acd_queue_to_json (WccServerAcd        *self,
                              const WccStoreQueue *queue)
{
  WccAcdGroupFigures figures = { 0 };
  JsonObject *object;
  guint counted;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), NULL);
  g_return_val_if_fail (queue != NULL, NULL);

  wcc_acd_group_get_figures (self->acd, queue->id, now_monotonic (), &figures, NULL);
  object = json_object_new ();
  json_object_set_int_member (object, "group_id", queue->id);
  json_object_set_string_member (object, "name", queue->name);
  if (queue->queue_number != NULL)
    json_object_set_string_member (object, "queue_number", queue->queue_number);
  else
    json_object_set_null_member (object, "queue_number");
  json_object_set_int_member (object, "waiting", figures.waiting);
  json_object_set_int_member (object, "longest_wait", figures.longest_wait / G_USEC_PER_SEC);
  json_object_set_int_member (object, "inbound", figures.inbound);
  json_object_set_int_member (object, "answered", figures.answered);
  json_object_set_int_member (object, "abandoned", figures.abandoned);
  json_object_set_int_member (object, "answered_in_service_level", figures.answered_in_service_level);
  /* Answered in time among the callers who finished waiting, in percent. */
  counted = figures.answered + figures.abandoned;
  if (counted > 0)
    json_object_set_int_member (object, "service_level",
                                (100 * (gint64) figures.answered_in_service_level + counted / 2) / counted);
  else
    json_object_set_null_member (object, "service_level");
  json_object_set_int_member (object, "service_level_seconds", queue->service_level);
  return object;
}

static void
on_queue_changed (WccAcd   *acd,
                  gint64    group_id,
                  gpointer  user_data)
{
  WccServerAcd *self = user_data;
  gint64 *client_id = g_hash_table_lookup (self->group_clients, &group_id);
  g_autoptr(WccStoreQueue) queue = client_id ? wcc_store_queue_find (self->store, *client_id, group_id) : NULL;

  if (queue != NULL)
    {
      JsonNode *data = json_node_alloc ();

      json_node_init_object (data, wcc_server_acd_queue_to_json (self, queue));
      json_object_unref (json_node_get_object (data));
      wcc_event_hub_publish (self->hub, queue->client_id, 0, "queue.updated", data);
    }
}

/* Timers: the ACD's deadlines, and midnight. */

static void arm_deadline (WccServerAcd *self);

static gboolean
on_deadline (gpointer user_data)
{
  WccServerAcd *self = user_data;

  self->deadline_id = 0;
  wcc_acd_advance (self->acd, now_monotonic ());
  /* Nothing changed (a wake-up a little early): the deadline is the same, so no
   * "deadline-changed" re-armed the timer. */
  if (self->deadline_id == 0)
    arm_deadline (self);
  return G_SOURCE_REMOVE;
}

static void
arm_deadline (WccServerAcd *self)
{
  gint64 deadline = wcc_acd_next_deadline (self->acd);
  gint64 wait;

  g_clear_handle_id (&self->deadline_id, g_source_remove);
  if (deadline == G_MAXINT64)
    return;
  /* Rounded up, so the timer never fires before the deadline. */
  wait = MAX (0, deadline - now_monotonic ());
  self->deadline_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN ((wait + 999) / 1000, G_MAXUINT),
                                          on_deadline, self, NULL);
}

static void
on_deadline_changed (WccAcd   *acd,
                     gint64    deadline,
                     gpointer  user_data)
{
  arm_deadline (WCC_SERVER_ACD (user_data));
}

static void arm_midnight (WccServerAcd *self);

static gboolean
on_midnight (gpointer user_data)
{
  WccServerAcd *self = user_data;
  GHashTableIter iter;
  gpointer client_id;

  self->midnight_id = 0;
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, &client_id, NULL))
    wcc_acd_reset_figures (self->acd, *(gint64 *) client_id);
  arm_midnight (self);
  return G_SOURCE_REMOVE;
}

static void
arm_midnight (WccServerAcd *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                         g_date_time_get_month (tomorrow),
                                                         g_date_time_get_day_of_month (tomorrow), 0, 0, 0);
  GTimeSpan wait = g_date_time_difference (midnight, now);

  /* A second late, so that the clock reads the new day. */
  self->midnight_id = g_timeout_add_seconds ((guint) (wait / G_USEC_PER_SEC) + 1, on_midnight, self);
}

/* Sessions */

void
wcc_server_acd_session_started (WccServerAcd *self,
                                gint64        client_id,
                                gint64        user_id)
{
  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  if (!wcc_server_acd_ensure_agent (self, client_id, user_id))
    return;
  wcc_acd_agent_log_in (self->acd, user_id, now_monotonic (), NULL);
}

void
wcc_server_acd_session_ended (WccServerAcd *self,
                              gint64        client_id,
                              gint64        user_id)
{
  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  if (!g_hash_table_contains (self->agents, &user_id) ||
      wcc_store_session_exists_for_user (self->store, user_id, wcc_time_now ()))
    return;
  wcc_acd_agent_log_out (self->acd, user_id, now_monotonic (), NULL);
}

void
wcc_server_acd_check_sessions (WccServerAcd *self)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;
  gint64 now = wcc_time_now ();

  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  /* Collected first: logging out emits events while the table is walked otherwise. */
  g_hash_table_iter_init (&iter, self->agents);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      WccAcdAgentInfo info;
      gint64 agent_id = *(gint64 *) key;

      if (wcc_acd_agent_get_info (self->acd, agent_id, &info, NULL) && info.logged_in &&
          !wcc_store_session_exists_for_user (self->store, agent_id, now))
        g_array_append_val (gone, agent_id);
    }
  for (guint i = 0; i < gone->len; i++)
    wcc_acd_agent_log_out (self->acd, g_array_index (gone, gint64, i), now_monotonic (), NULL);
}

/* The agent's requests. The caller has a live session: make sure the ACD has them logged in. */

static gboolean
agent_begin (WccServerAcd  *self,
             gint64         client_id,
             gint64         user_id,
             GError       **error)
{
  WccAcdAgentInfo info;

  if (!wcc_server_acd_ensure_agent (self, client_id, user_id) ||
      !wcc_acd_agent_get_info (self->acd, user_id, &info, NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_FORBIDDEN, _("Only agents take calls"));
      return FALSE;
    }
  if (!info.logged_in)
    wcc_acd_agent_log_in (self->acd, user_id, now_monotonic (), NULL);
  return TRUE;
}

static gboolean
agent_end (WccServerAcd *self,
           gint64        user_id,
           gboolean      ok)
{
  agent_refresh (self, user_id);
  return ok;
}

/* The reason's key in the ACD; NULL with an error when it is none the agent may choose. */
static char *
chosen_reason_key (WccServerAcd  *self,
                   gint64         client_id,
                   gint64         reason_id,
                   GError       **error)
{
  g_autoptr(WccStorePauseReason) reason = wcc_store_pause_reason_find (self->store, client_id, reason_id);

  if (reason == NULL || reason->automatic)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“reason_id” must be one of the pause reasons of your company"));
      return NULL;
    }
  return reason_key (reason);
}

gboolean
wcc_server_acd_set_ready (WccServerAcd  *self,
                          gint64         client_id,
                          gint64         user_id,
                          GError       **error)
{
  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  if (!agent_begin (self, client_id, user_id, error))
    return FALSE;
  return agent_end (self, user_id, wcc_acd_agent_set_ready (self->acd, user_id, now_monotonic (), error));
}

gboolean
wcc_server_acd_set_pause (WccServerAcd  *self,
                          gint64         client_id,
                          gint64         user_id,
                          gint64         reason_id,
                          GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  if (!agent_begin (self, client_id, user_id, error) ||
      (key = chosen_reason_key (self, client_id, reason_id, error)) == NULL)
    return FALSE;
  return agent_end (self, user_id, wcc_acd_agent_set_pause (self->acd, user_id, key, now_monotonic (), error));
}

gboolean
wcc_server_acd_set_pause_after_call (WccServerAcd  *self,
                                     gint64         client_id,
                                     gint64         user_id,
                                     gint64         reason_id,
                                     GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  if (!agent_begin (self, client_id, user_id, error) ||
      (reason_id != 0 && (key = chosen_reason_key (self, client_id, reason_id, error)) == NULL))
    return FALSE;
  return agent_end (self, user_id,
                    wcc_acd_agent_set_pause_after_call (self->acd, user_id, key, now_monotonic (), error));
}

gboolean
wcc_server_acd_set_groups (WccServerAcd  *self,
                           gint64         client_id,
                           gint64         user_id,
                           const gint64  *group_ids,
                           guint          n_groups,
                           GError       **error)
{
  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  if (!agent_begin (self, client_id, user_id, error) ||
      !wcc_store_agent_set_sign_ins (self->store, client_id, user_id, group_ids, n_groups, error))
    return FALSE;
  /* A group made since the last look must be in the ACD before anyone signs in to it. */
  wcc_server_acd_sync_groups (self, client_id);
  return agent_end (self, user_id,
                    wcc_acd_agent_set_groups (self->acd, user_id, group_ids, n_groups, now_monotonic (), error));
}

/* The client admin's set-up (issue 9) */

void
wcc_server_acd_reload_sign_ins (WccServerAcd *self,
                                gint64        client_id,
                                gint64        user_id)
{
  g_autoptr(GArray) sign_ins = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  if (!g_hash_table_contains (self->agents, &user_id))
    return;   /* loaded with the store's sign-ins on first use */
  sign_ins = wcc_store_agent_get_sign_ins (self->store, client_id, user_id);
  if (!wcc_acd_agent_set_groups (self->acd, user_id, (const gint64 *) (gpointer) sign_ins->data, sign_ins->len,
                                 now_monotonic (), &error))
    g_warning ("Agent %" G_GINT64_FORMAT ": %s", user_id, error->message);
  agent_refresh (self, user_id);
}

void
wcc_server_acd_forget_agent (WccServerAcd *self,
                             gint64        user_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  if (!g_hash_table_contains (self->agents, &user_id))
    return;
  /* Offline first, so the others see them go; then out of the ACD (an offer is cancelled,
   * a call they are on stays until it ends). */
  wcc_acd_agent_log_out (self->acd, user_id, now_monotonic (), NULL);
  agent_refresh (self, user_id);
  if (!wcc_acd_agent_remove (self->acd, user_id, now_monotonic (), &error))
    g_warning ("Agent %" G_GINT64_FORMAT ": %s", user_id, error->message);
  g_hash_table_remove (self->agents, &user_id);
}

gboolean
wcc_server_acd_remove_group (WccServerAcd  *self,
                             gint64         group_id,
                             GError       **error)
{
  WccAcdGroupSettings settings;

  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), FALSE);

  if (!wcc_acd_group_get_settings (self->acd, group_id, &settings, NULL))
    return TRUE;   /* never loaded */
  if (!wcc_acd_group_remove (self->acd, group_id, NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           _("Callers are waiting in this group's queue: it cannot be deleted now"));
      return FALSE;
    }
  g_hash_table_remove (self->group_clients, &group_id);
  return TRUE;
}

/* Object */

static void
wcc_server_acd_dispose (GObject *object)
{
  WccServerAcd *self = WCC_SERVER_ACD (object);

  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_clear_handle_id (&self->midnight_id, g_source_remove);
  if (self->acd != NULL)
    g_signal_handlers_disconnect_by_data (self->acd, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->acd);
  g_clear_object (&self->hub);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wcc_server_acd_parent_class)->dispose (object);
}

static void
wcc_server_acd_finalize (GObject *object)
{
  WccServerAcd *self = WCC_SERVER_ACD (object);

  g_clear_pointer (&self->agents, g_hash_table_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->group_clients, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_server_acd_parent_class)->finalize (object);
}

static void
wcc_server_acd_class_init (WccServerAcdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_server_acd_dispose;
  object_class->finalize = wcc_server_acd_finalize;
}

static void
wcc_server_acd_init (WccServerAcd *self)
{
  self->agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) agent_entry_free);
  self->clients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->group_clients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

WccServerAcd *
wcc_server_acd_new (WccStore    *store,
                    WccEventHub *hub)
{
  WccServerAcd *self;

  g_return_val_if_fail (WCC_IS_STORE (store), NULL);
  g_return_val_if_fail (WCC_IS_EVENT_HUB (hub), NULL);

  self = g_object_new (WCC_TYPE_SERVER_ACD, NULL);
  self->store = g_object_ref (store);
  self->hub = g_object_ref (hub);
  self->acd = wcc_acd_new ();
  self->monitor = wcc_server_monitor_new (store, hub, self);
  g_signal_connect (self->acd, "agent-state-changed", G_CALLBACK (on_agent_state_changed), self);
  g_signal_connect (self->acd, "queue-changed", G_CALLBACK (on_queue_changed), self);
  g_signal_connect (self->acd, "deadline-changed", G_CALLBACK (on_deadline_changed), self);
  return self;
}

void
wcc_server_acd_load (WccServerAcd *self)
{
  g_autoptr(GArray) agents = NULL;

  g_return_if_fail (WCC_IS_SERVER_ACD (self));

  wcc_server_acd_sync_groups (self, 0);
  agents = wcc_store_agent_list (self->store, 0);
  for (guint i = 0; i < agents->len; i++)
    agent_load (self, &g_array_index (agents, WccStoreAgent, i));
  if (self->midnight_id == 0)
    arm_midnight (self);
}

WccAcd *
wcc_server_acd_get_acd (WccServerAcd *self)
{
  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), NULL);
  return self->acd;
}

WccServerMonitor *
wcc_server_acd_get_monitor (WccServerAcd *self)
{
  g_return_val_if_fail (WCC_IS_SERVER_ACD (self), NULL);
  return self->monitor;
}
