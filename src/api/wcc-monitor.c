/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-monitor.c: the team leader's real-time monitor (R5) as models: the watched groups'
 * queue figures and their agents, from a snapshot and then the event stream only. */
#define G_LOG_DOMAIN "wcc-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-common.h"
#include "wcc-monitor.h"

typedef struct {
  char     *type;
  gint64    seq;
  JsonNode *data;
} PendingEvent;

struct _WccMonitor
{
  GObject          parent_instance;
  WccSession      *session;
  WccEventStream  *stream;
  GListStore      *groups;
  GListStore      *agents;
  GHashTable      *group_index;   /* group id → WccRecord (in groups) */
  GHashTable      *agent_index;   /* agent id → WccRecord (in agents) */
  GCancellable    *cancellable;   /* the snapshot being read */
  GPtrArray       *pending;       /* of PendingEvent: came while it was read */
  GHashTable      *changed;       /* agent id → JsonObject: the newest of each, to apply */
  GHashTable      *supervisions;  /* call id → JsonObject (Supervision): those going on */
  GCancellable    *supervisions_cancellable;
  guint            apply_id;
  gint64           clock_offset;
  char            *error;
  gboolean         loaded;
};

G_DEFINE_FINAL_TYPE (WccMonitor, wcc_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STALE,
  PROP_LOADED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pending_event_free (PendingEvent *event)
{
  g_free (event->type);
  json_node_unref (event->data);
  g_free (event);
}

/* Puts @data in @store: a new record, or one that replaces the record with the same id. */
static void
put_record (GListStore *store,
            GHashTable *index,
            gint64      id,
            JsonObject *data)
{
  WccRecord *old = g_hash_table_lookup (index, &id);
  g_autoptr(WccRecord) record = wcc_record_new (data);
  guint position;

  if (old != NULL && g_list_store_find (store, old, &position))
    g_list_store_splice (store, position, 1, (gpointer *) &record, 1);
  else
    g_list_store_append (store, record);
  g_hash_table_replace (index, g_memdup2 (&id, sizeof id), record);
}

/* A Queue object as kept: a copy with the time it came. */
static JsonObject *
prepare_group (JsonObject *queue)
{
  JsonObject *data = json_object_new ();
  GList *members;

  /* A copy: the event's object is shared with the stream's other listeners. */
  members = json_object_get_members (queue);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (data, l->data, json_node_copy (json_object_get_member (queue, l->data)));
  g_list_free (members);
  json_object_set_int_member (data, "received_at", g_get_monotonic_time ());
  return data;
}

static void
put_group (WccMonitor *self,
           JsonObject *queue)
{
  gint64 id = json_object_get_int_member_with_default (queue, "group_id", 0);
  g_autoptr(JsonObject) data = NULL;

  if (id <= 0)
    return;
  data = prepare_group (queue);
  put_record (self->groups, self->group_index, id, data);
}

static JsonObject *
prepare_agent (JsonObject *agent)
{
  return json_object_ref (agent);
}

/* The supervision of the agent's current call, if any, as the member "supervision" of
 * its record (ours: the server's MonitorAgent has none). */
static void
decorate_agent (WccMonitor *self,
                JsonObject *agent)
{
  JsonNode *call = json_object_get_member (agent, "call");
  gint64 call_id = call != NULL && JSON_NODE_HOLDS_OBJECT (call)
                   ? json_object_get_int_member_with_default (json_node_get_object (call), "call_id", 0) : 0;
  JsonObject *supervision = call_id > 0 ? g_hash_table_lookup (self->supervisions, &call_id) : NULL;

  if (supervision != NULL)
    json_object_set_object_member (agent, "supervision", json_object_ref (supervision));
  else if (json_object_has_member (agent, "supervision"))
    json_object_remove_member (agent, "supervision");
}

/* Past this many changed agents at once, the list is replaced in one splice: one sort and
 * one rebinding of the rows shown instead of one per agent. */
#define BATCH_REPLACE 16

static gboolean
apply_changed (gpointer user_data)
{
  WccMonitor *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  self->apply_id = 0;
  if (g_hash_table_size (self->changed) > BATCH_REPLACE)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->agents));
      g_autoptr(GPtrArray) records = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          WccRecord *record = g_list_model_get_item (G_LIST_MODEL (self->agents), i);
          gint64 id = wcc_record_get_int (record, "agent_id", 0);
          JsonObject *data = g_hash_table_lookup (self->changed, &id);

          if (data != NULL)
            {
              g_object_unref (record);
              record = wcc_record_new (data);
              g_hash_table_replace (self->agent_index, g_memdup2 (&id, sizeof id), record);
              g_hash_table_remove (self->changed, &id);
            }
          g_ptr_array_add (records, record);
        }
      /* Agents new to the list (a membership made since the snapshot). */
      g_hash_table_iter_init (&iter, self->changed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          WccRecord *record = wcc_record_new (value);

          g_hash_table_replace (self->agent_index, g_memdup2 (key, sizeof (gint64)), record);
          g_ptr_array_add (records, record);
        }
      g_hash_table_remove_all (self->changed);
      g_list_store_splice (self->agents, 0, n, records->pdata, records->len);
      return G_SOURCE_REMOVE;
    }
  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      put_record (self->agents, self->agent_index, *(gint64 *) key, value);
      g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_REMOVE;
}

/* Agents' events are applied from an idle below the redraw's priority, the newest of each
 * agent once: a burst of them neither holds up the window's frames nor re-sorts the table
 * for states already gone. */
static void
put_agent (WccMonitor *self,
           JsonObject *agent)
{
  gint64 id = json_object_get_int_member_with_default (agent, "agent_id", 0);

  if (id <= 0)
    return;
  decorate_agent (self, agent);
  g_hash_table_replace (self->changed, g_memdup2 (&id, sizeof id), json_object_ref (agent));
  if (self->apply_id == 0)
    self->apply_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_changed, self, NULL);
}

/* A supervision started, changed mode or ended: kept (or forgotten), and the row of its
 * agent shows it. */
static void
put_supervision (WccMonitor *self,
                 JsonObject *supervision)
{
  gint64 call_id = json_object_get_int_member_with_default (supervision, "call_id", 0);
  gint64 agent_id = json_object_get_int_member_with_default (supervision, "agent_id", 0);
  const char *state = json_object_get_string_member_with_default (supervision, "state", "ended");
  WccRecord *agent;

  if (call_id <= 0)
    return;
  if (g_str_equal (state, "ended"))
    g_hash_table_remove (self->supervisions, &call_id);
  else
    g_hash_table_replace (self->supervisions, g_memdup2 (&call_id, sizeof call_id), json_object_ref (supervision));
  agent = agent_id > 0 ? g_hash_table_lookup (self->agent_index, &agent_id) : NULL;
  if (agent != NULL && !g_hash_table_contains (self->changed, &agent_id))
    put_agent (self, wcc_record_get_data (agent));
}

static void
apply_event (WccMonitor *self,
             const char *type,
             JsonNode   *data)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;

  if (object == NULL)
    return;
  if (g_str_equal (type, "monitor.agent"))
    put_agent (self, object);
  else if (g_str_equal (type, "call.supervision"))
    put_supervision (self, object);
  /* Every group's figures go to everyone of the client: only the watched ones count. */
  else if (g_str_equal (type, "queue.updated") &&
           g_hash_table_contains (self->group_index,
                                  &(gint64) { json_object_get_int_member_with_default (object, "group_id", 0) }))
    put_group (self, object);
}

static void
on_event (WccMonitor     *self,
          const char     *type,
          gint64          seq,
          JsonNode       *data,
          WccEventStream *stream)
{
  if (!g_str_equal (type, "monitor.agent") && !g_str_equal (type, "queue.updated") &&
      !g_str_equal (type, "call.supervision"))
    return;
  if (self->cancellable != NULL)
    {
      PendingEvent *event = g_new0 (PendingEvent, 1);

      event->type = g_strdup (type);
      event->seq = seq;
      event->data = json_node_ref (data);
      g_ptr_array_add (self->pending, event);
      return;
    }
  apply_event (self, type, data);
}

static void
set_error (WccMonitor *self,
           const char *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

/* Replaces a list's records by the snapshot's, keeping the records of ids still there in
 * place (a view keeps its scroll and selection). New records are added with one splice: a
 * sorted view sorts them once, not once per record. */
static void
replace_all (GListStore *store,
             GHashTable *index,
             JsonArray  *items,
             const char *id_member,
             JsonObject *(*prepare) (JsonObject *),
             WccMonitor *self)
{
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = item ? json_object_get_int_member_with_default (item, id_member, 0) : 0;
      g_autoptr(JsonObject) data = NULL;

      if (id <= 0 || g_hash_table_contains (keep, &id))
        continue;
      g_hash_table_add (keep, g_memdup2 (&id, sizeof id));
      data = prepare (item);
      if (g_hash_table_contains (index, &id))
        put_record (store, index, id, data);
      else
        {
          WccRecord *record = wcc_record_new (data);

          g_ptr_array_add (added, record);
          g_hash_table_replace (index, g_memdup2 (&id, sizeof id), record);
        }
    }
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
      gint64 id = wcc_record_get_int (record, id_member, 0);

      if (!g_hash_table_contains (keep, &id))
        {
          g_hash_table_remove (index, &id);
          g_list_store_remove (store, i - 1);
        }
    }
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, added->pdata, added->len);
}

static void
on_supervisions_read (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(WccMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  JsonArray *items;
  guint n;

  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the supervisions: %s", error->message);
      return;
    }
  g_clear_object (&self->supervisions_cancellable);
  g_hash_table_remove_all (self->supervisions);
  items = json_object_get_array_member (body, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *supervision = json_array_get_object_element (items, i);

      if (supervision != NULL)
        put_supervision (self, supervision);
    }
  /* Rows that showed one that is over. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->agents));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) agent = g_list_model_get_item (G_LIST_MODEL (self->agents), i);

      if (json_object_has_member (wcc_record_get_data (agent), "supervision"))
        put_agent (self, wcc_record_get_data (agent));
    }
}

/* The supervisions going on now, after each snapshot: the events keep them current. */
static void
read_supervisions (WccMonitor *self)
{
  if (self->supervisions_cancellable != NULL)
    g_cancellable_cancel (self->supervisions_cancellable);
  g_clear_object (&self->supervisions_cancellable);
  self->supervisions_cancellable = g_cancellable_new ();
  wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/supervisions",
                               self->supervisions_cancellable, on_supervisions_read, g_object_ref (self));
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WccMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) pending = NULL;
  gint64 server_time = 0, seq, started;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  pending = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_event_free);
  if (body == NULL)
    {
      g_debug ("Cannot read the monitor: %s", error->message);
      set_error (self, error->message);
      return;
    }

  started = g_get_monotonic_time ();
  if (wcc_time_from_rfc3339 (json_object_get_string_member_with_default (body, "server_time", ""), &server_time))
    self->clock_offset = server_time * G_USEC_PER_SEC - g_get_real_time ();
  /* What came before the snapshot was asked for is older than it. */
  g_hash_table_remove_all (self->changed);
  /* Groups first: queue events are kept for watched groups only. */
  replace_all (self->groups, self->group_index, json_object_get_array_member (body, "groups"), "group_id",
               prepare_group, self);
  replace_all (self->agents, self->agent_index, json_object_get_array_member (body, "agents"), "agent_id",
               prepare_agent, self);
  seq = json_object_get_int_member_with_default (body, "seq", G_MAXINT64);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingEvent *event = g_ptr_array_index (pending, i);

      if (event->seq > seq)
        apply_event (self, event->type, event->data);
    }
  read_supervisions (self);
  g_debug ("Snapshot of %u agents applied in %.1f ms", g_list_model_get_n_items (G_LIST_MODEL (self->agents)),
           (g_get_monotonic_time () - started) / 1000.0);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  set_error (self, NULL);
}

void
wcc_monitor_reload (WccMonitor *self)
{
  g_return_if_fail (WCC_IS_MONITOR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/monitor", self->cancellable,
                               on_snapshot, g_object_ref (self));
}

static void
on_connected (WccMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
  /* Back after a drop: what changed meanwhile may not all be in the events caught up on
   * (figures that moved with the clock): read it all again. */
  if (wcc_event_stream_get_connected (self->stream))
    wcc_monitor_reload (self);
}

static void
wcc_monitor_dispose (GObject *object)
{
  WccMonitor *self = WCC_MONITOR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->supervisions_cancellable != NULL)
    g_cancellable_cancel (self->supervisions_cancellable);
  g_clear_object (&self->supervisions_cancellable);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_clear_object (&self->stream);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_monitor_parent_class)->dispose (object);
}

static void
wcc_monitor_finalize (GObject *object)
{
  WccMonitor *self = WCC_MONITOR (object);

  g_clear_object (&self->groups);
  g_clear_object (&self->agents);
  g_clear_pointer (&self->group_index, g_hash_table_unref);
  g_clear_pointer (&self->agent_index, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->supervisions, g_hash_table_unref);
  g_free (self->error);

  G_OBJECT_CLASS (wcc_monitor_parent_class)->finalize (object);
}

static void
wcc_monitor_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WccMonitor *self = WCC_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STALE: g_value_set_boolean (value, wcc_monitor_get_stale (self)); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_monitor_class_init (WccMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_monitor_dispose;
  object_class->finalize = wcc_monitor_finalize;
  object_class->get_property = wcc_monitor_get_property;

  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, TRUE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_monitor_init (WccMonitor *self)
{
  self->groups = g_list_store_new (WCC_TYPE_RECORD);
  self->agents = g_list_store_new (WCC_TYPE_RECORD);
  self->group_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->agent_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_event_free);
  self->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) json_object_unref);
  self->supervisions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) json_object_unref);
}

WccMonitor *
wcc_monitor_new (WccSession *session)
{
  WccMonitor *self;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  self = g_object_new (WCC_TYPE_MONITOR, NULL);
  self->session = g_object_ref (session);
  self->stream = g_object_ref (wcc_session_get_event_stream (session));
  g_signal_connect_object (self->stream, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "resync", G_CALLBACK (wcc_monitor_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::connected", G_CALLBACK (on_connected), self, G_CONNECT_SWAPPED);
  wcc_monitor_reload (self);
  return self;
}

GListModel *
wcc_monitor_get_groups (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), NULL);
  return G_LIST_MODEL (self->groups);
}

GListModel *
wcc_monitor_get_agents (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), NULL);
  return G_LIST_MODEL (self->agents);
}

gboolean
wcc_monitor_get_stale (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), TRUE);
  return !self->loaded || self->error != NULL || !wcc_event_stream_get_connected (self->stream);
}

gboolean
wcc_monitor_get_loaded (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), FALSE);
  return self->loaded;
}

const char *
wcc_monitor_get_error (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), NULL);
  return self->error;
}

gint64
wcc_monitor_get_clock_offset (WccMonitor *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), 0);
  return self->clock_offset;
}

WccRecord *
wcc_monitor_find_agent (WccMonitor *self,
                        gint64      agent_id)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), NULL);
  return g_hash_table_lookup (self->agent_index, &agent_id);
}

WccRecord *
wcc_monitor_find_group (WccMonitor *self,
                        gint64      group_id)
{
  g_return_val_if_fail (WCC_IS_MONITOR (self), NULL);
  return g_hash_table_lookup (self->group_index, &group_id);
}

static void
on_supervise_sent (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccMonitor *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_send_now_finish (WCC_CLIENT (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Shown at once; the event that follows says the same. */
  if (json_object_has_member (answer, "call_id"))
    put_supervision (self, answer);
  g_task_return_boolean (task, TRUE);
}

void
wcc_monitor_supervise_async (WccMonitor          *self,
                             gint64               call_id,
                             const char          *mode,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_MONITOR (self));
  g_return_if_fail (call_id > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_monitor_supervise_async);
  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/supervision", call_id);
  if (mode != NULL)
    json_object_set_string_member (body, "mode", mode);
  wcc_client_send_now_async (wcc_session_get_client (self->session), mode != NULL ? "POST" : "DELETE", path, body,
                             cancellable, on_supervise_sent, g_steal_pointer (&task));
}

gboolean
wcc_monitor_supervise_finish (WccMonitor    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
