/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server-monitor.c: what the team leaders' real-time monitor (R5) shows of each agent
 * beyond their state: the current call, its quality, and today's calls and talk time. */
#define G_LOG_DOMAIN "wcc-server-monitor"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wcc-common.h"
#include "wcc-http-private.h"
#include "wcc-phone-number.h"
#include "wcc-server-acd.h"
#include "wcc-server-monitor.h"
#include "wcc-time.h"

typedef struct {
  gint64   client_id;
  /* The call the agent is on, as the monitor last read it (0: none). */
  gint64   call_id;
  char    *direction;
  char    *number;
  gint64   customer_id;
  char    *customer_name;
  gint64   answered_at;      /* real µs; 0: not answered yet */
  gboolean has_quality;
  double   jitter_ms;
  double   packet_loss;
  double   mos;
  gint64   quality_at;       /* real µs */
  /* Today (from local midnight @day). */
  gint64   day;
  guint    calls;
  gint64   talk_time;        /* µs */
} Entry;

struct _WccServerMonitor
{
  GObject       parent_instance;
  WccStore     *store;
  WccEventHub  *hub;
  WccServerAcd *acd;         /* owns us */
  GHashTable   *entries;     /* agent id → Entry */
  GHashTable   *dirty;       /* agent ids (a set) to publish from the idle */
  guint         flush_id;
  guint         midnight_id;   /* the new day's figures (zero) go out at local midnight */
};

G_DEFINE_FINAL_TYPE (WccServerMonitor, wcc_server_monitor, G_TYPE_OBJECT)

static void
entry_clear_call (Entry *entry)
{
  entry->call_id = 0;
  g_clear_pointer (&entry->direction, g_free);
  g_clear_pointer (&entry->number, g_free);
  g_clear_pointer (&entry->customer_name, g_free);
  entry->customer_id = 0;
  entry->answered_at = 0;
  entry->has_quality = FALSE;
}

static void
entry_free (Entry *entry)
{
  entry_clear_call (entry);
  g_free (entry);
}

static Entry *
ensure_entry (WccServerMonitor *self,
              gint64            client_id,
              gint64            agent_id)
{
  Entry *entry = g_hash_table_lookup (self->entries, &agent_id);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->client_id = client_id;
      g_hash_table_insert (self->entries, g_memdup2 (&agent_id, sizeof agent_id), entry);
    }
  return entry;
}

static void
apply_day (Entry                  *entry,
           gint64                  day,
           const WccStoreAgentDay *figures)
{
  entry->day = day;
  entry->calls = figures ? figures->calls : 0;
  entry->talk_time = figures ? figures->talk_time : 0;
}

/* Today's figures of one agent, from the call records. */
static void
load_agent_day (WccServerMonitor *self,
                Entry            *entry,
                gint64            agent_id)
{
  gint64 day = wcc_time_today_start ();
  g_autoptr(GArray) days = wcc_store_call_agent_days (self->store, entry->client_id, agent_id, day);

  apply_day (entry, day, days->len > 0 ? &g_array_index (days, WccStoreAgentDay, 0) : NULL);
}

void
wcc_server_monitor_load_day (WccServerMonitor *self,
                             gint64            client_id)
{
  gint64 day = wcc_time_today_start ();
  g_autoptr(GArray) days = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (WCC_IS_SERVER_MONITOR (self));

  days = wcc_store_call_agent_days (self->store, client_id, 0, day);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Entry *) value)->client_id == client_id)
      apply_day (value, day, NULL);
  for (guint i = 0; i < days->len; i++)
    {
      WccStoreAgentDay *figures = &g_array_index (days, WccStoreAgentDay, i);

      apply_day (ensure_entry (self, client_id, figures->agent_id), day, figures);
    }
}

/* The call the agent is on now, from its record. */
static void
read_call (WccServerMonitor *self,
           Entry            *entry,
           gint64            agent_id,
           gint64            call_id)
{
  g_autoptr(WccStoreCall) call = NULL;
  g_autoptr(WccStoreCustomer) customer = NULL;

  entry_clear_call (entry);
  entry->call_id = call_id;
  call = wcc_store_call_find (self->store, entry->client_id, call_id);
  if (call == NULL)
    return;
  entry->direction = g_strdup (wcc_call_direction_to_string (call->direction));
  if (call->customer_number != NULL)
    entry->number = g_strdup (call->customer_number);
  else
    entry->number = g_strdup (call->direction == WCC_CALL_OUTBOUND || call->agent_id != agent_id
                              ? call->to_number : call->from_number);
  entry->answered_at = call->answered_at;
  if (call->customer_id != 0)
    customer = wcc_store_customer_find (self->store, entry->client_id, call->customer_id);
  else if (call->customer_number != NULL)
    {
      /* The customer the agent's desktop pops up for this number. */
      g_autofree char *normalized = wcc_phone_number_normalize (call->customer_number);
      WccStoreViewer viewer = { .user_id = agent_id };
      g_autoptr(GPtrArray) found = normalized ? wcc_store_customer_find_by_phone (self->store, entry->client_id,
                                                                                  &viewer, normalized, 1) : NULL;

      if (found != NULL && found->len > 0)
        customer = wcc_store_customer_find (self->store, entry->client_id,
                                            ((WccStoreCustomer *) g_ptr_array_index (found, 0))->id);
    }
  if (customer != NULL)
    {
      entry->customer_id = customer->id;
      entry->customer_name = wcc_api_customer_tab_label (customer);
    }
}

/* Brings @entry up to the ACD's current call and today's date. */
static void
refresh_entry (WccServerMonitor *self,
               Entry            *entry,
               gint64            agent_id,
               const WccAcdAgentInfo *info)
{
  if (info->current_call_id != entry->call_id)
    {
      gboolean ended = entry->call_id != 0;

      if (info->current_call_id != 0)
        read_call (self, entry, agent_id, info->current_call_id);
      else
        entry_clear_call (entry);
      if (ended)
        load_agent_day (self, entry, agent_id);
    }
  else if (entry->call_id != 0 && entry->answered_at == 0)
    {
      /* Read before the SIP layer wrote the answer. */
      g_autoptr(WccStoreCall) call = wcc_store_call_find (self->store, entry->client_id, entry->call_id);

      if (call != NULL)
        entry->answered_at = call->answered_at;
    }
  if (entry->day != wcc_time_today_start ())
    load_agent_day (self, entry, agent_id);
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      real_us)
{
  wcc_json_set_time_or_null (object, name, real_us / G_USEC_PER_SEC);
}

static JsonObject *
call_to_json (Entry *entry)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "call_id", entry->call_id);
  if (entry->direction != NULL)
    json_object_set_string_member (object, "direction", entry->direction);
  else
    json_object_set_null_member (object, "direction");
  if (entry->number != NULL)
    json_object_set_string_member (object, "number", entry->number);
  else
    json_object_set_null_member (object, "number");
  if (entry->customer_id != 0)
    {
      JsonObject *customer = json_object_new ();

      json_object_set_int_member (customer, "id", entry->customer_id);
      json_object_set_string_member (customer, "name", entry->customer_name);
      json_object_set_object_member (object, "customer", customer);
    }
  else
    json_object_set_null_member (object, "customer");
  if (entry->answered_at != 0)
    set_time (object, "answered_at", entry->answered_at);
  else
    json_object_set_null_member (object, "answered_at");
  if (entry->has_quality)
    {
      JsonObject *quality = json_object_new ();

      json_object_set_double_member (quality, "jitter_ms", entry->jitter_ms);
      json_object_set_double_member (quality, "packet_loss", entry->packet_loss);
      json_object_set_double_member (quality, "mos", entry->mos);
      set_time (quality, "updated_at", entry->quality_at);
      json_object_set_object_member (object, "quality", quality);
    }
  else
    json_object_set_null_member (object, "quality");
  return object;
}

/* The ids of the groups the agent is a member of. */
static JsonArray *
member_of (WccServerMonitor *self,
           gint64            client_id,
           gint64            agent_id)
{
  g_autoptr(GPtrArray) rows = wcc_store_group_list_members (self->store, client_id, agent_id);
  JsonArray *ids = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    json_array_add_int_element (ids, ((WccStoreGroupMember *) g_ptr_array_index (rows, i))->group_id);
  return ids;
}

JsonObject *
wcc_server_monitor_agent_to_json (WccServerMonitor *self,
                                  gint64            client_id,
                                  gint64            agent_id)
{
  g_autoptr(WccStoreUser) user = NULL;
  g_autofree char *name = NULL;
  WccAcdAgentInfo info;
  JsonObject *object;
  Entry *entry;

  g_return_val_if_fail (WCC_IS_SERVER_MONITOR (self), NULL);

  object = wcc_server_acd_agent_to_json (self->acd, client_id, agent_id);
  if (object == NULL ||
      !wcc_acd_agent_get_info (wcc_server_acd_get_acd (self->acd), agent_id, &info, NULL) ||
      (user = wcc_store_user_find (self->store, client_id, agent_id)) == NULL)
    {
      g_clear_pointer (&object, json_object_unref);
      return NULL;
    }
  entry = ensure_entry (self, client_id, agent_id);
  refresh_entry (self, entry, agent_id, &info);

  name = wcc_api_display_name (user->surname, user->given_name, user->employee_id);
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "employee_id", user->employee_id);
  json_object_set_array_member (object, "member_of", member_of (self, client_id, agent_id));
  if (entry->call_id != 0)
    json_object_set_object_member (object, "call", call_to_json (entry));
  else
    json_object_set_null_member (object, "call");
  json_object_set_int_member (object, "calls_today", entry->calls);
  json_object_set_int_member (object, "talk_time_today", entry->talk_time / G_USEC_PER_SEC);
  return object;
}

static void
publish (WccServerMonitor *self,
         gint64            client_id,
         gint64            agent_id)
{
  g_autoptr(GArray) watchers = wcc_store_agent_watchers (self->store, client_id, agent_id);
  JsonObject *object;
  JsonNode *data;

  if (watchers->len == 0 ||
      (object = wcc_server_monitor_agent_to_json (self, client_id, agent_id)) == NULL)
    return;
  data = json_node_alloc ();
  json_node_init_object (data, object);
  json_object_unref (object);
  wcc_event_hub_publish_to_users (self->hub, client_id, (const gint64 *) (gpointer) watchers->data,
                                  watchers->len, "monitor.agent", data);
}

static void arm_midnight (WccServerMonitor *self);

/* A new day: every agent's figures are today's again (nothing yet), told to the leaders
 * watching now rather than at each agent's next change. */
static gboolean
on_midnight (gpointer user_data)
{
  WccServerMonitor *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  self->midnight_id = 0;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    wcc_server_monitor_agent_changed (self, ((Entry *) value)->client_id, *(gint64 *) key);
  arm_midnight (self);
  return G_SOURCE_REMOVE;
}

/* One wake-up a day, a second after local midnight (not a poll). */
static void
arm_midnight (WccServerMonitor *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (wcc_time_today_start () / G_USEC_PER_SEC);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  gint64 left = g_date_time_to_unix (tomorrow) - g_get_real_time () / G_USEC_PER_SEC;

  self->midnight_id = g_timeout_add_seconds ((guint) MAX (left, 0) + 1, on_midnight, self);
}

static gboolean
flush (gpointer user_data)
{
  WccServerMonitor *self = user_data;
  g_autoptr(GHashTable) dirty = g_steal_pointer (&self->dirty);
  GHashTableIter iter;
  gpointer key, value;

  self->flush_id = 0;
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, &value))
    publish (self, *(gint64 *) value, *(gint64 *) key);
  return G_SOURCE_REMOVE;
}

void
wcc_server_monitor_agent_changed (WccServerMonitor *self,
                                  gint64            client_id,
                                  gint64            agent_id)
{
  g_return_if_fail (WCC_IS_SERVER_MONITOR (self));

  g_hash_table_replace (self->dirty, g_memdup2 (&agent_id, sizeof agent_id),
                        g_memdup2 (&client_id, sizeof client_id));
  /* Below the store's writes behind (G_PRIORITY_LOW runs after): the record is read
   * through the store, which writes what it holds first. */
  if (self->flush_id == 0)
    self->flush_id = g_idle_add (flush, self);
}

gboolean
wcc_server_monitor_set_quality (WccServerMonitor *self,
                                gint64            client_id,
                                gint64            agent_id,
                                gint64            call_id,
                                double            jitter_ms,
                                double            packet_loss,
                                double            mos,
                                GError          **error)
{
  WccAcdAgentInfo info;
  Entry *entry;

  g_return_val_if_fail (WCC_IS_SERVER_MONITOR (self), FALSE);

  if (!wcc_server_acd_ensure_agent (self->acd, client_id, agent_id) ||
      !wcc_acd_agent_get_info (wcc_server_acd_get_acd (self->acd), agent_id, &info, NULL) ||
      info.current_call_id == 0 || info.current_call_id != call_id)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("You are not on this call"));
      return FALSE;
    }
  entry = ensure_entry (self, client_id, agent_id);
  refresh_entry (self, entry, agent_id, &info);
  entry->has_quality = TRUE;
  entry->jitter_ms = jitter_ms;
  entry->packet_loss = packet_loss;
  entry->mos = mos;
  entry->quality_at = g_get_real_time ();
  wcc_server_monitor_agent_changed (self, client_id, agent_id);
  return TRUE;
}

static void
wcc_server_monitor_dispose (GObject *object)
{
  WccServerMonitor *self = WCC_SERVER_MONITOR (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->midnight_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->hub);
  self->acd = NULL;

  G_OBJECT_CLASS (wcc_server_monitor_parent_class)->dispose (object);
}

static void
wcc_server_monitor_finalize (GObject *object)
{
  WccServerMonitor *self = WCC_SERVER_MONITOR (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_server_monitor_parent_class)->finalize (object);
}

static void
wcc_server_monitor_class_init (WccServerMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_server_monitor_dispose;
  object_class->finalize = wcc_server_monitor_finalize;
}

static void
wcc_server_monitor_init (WccServerMonitor *self)
{
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) entry_free);
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

WccServerMonitor *
wcc_server_monitor_new (WccStore     *store,
                        WccEventHub  *hub,
                        WccServerAcd *acd)
{
  WccServerMonitor *self;

  g_return_val_if_fail (WCC_IS_STORE (store), NULL);
  g_return_val_if_fail (WCC_IS_EVENT_HUB (hub), NULL);

  self = g_object_new (WCC_TYPE_SERVER_MONITOR, NULL);
  self->store = g_object_ref (store);
  self->hub = g_object_ref (hub);
  self->acd = acd;
  arm_midnight (self);
  return self;
}
