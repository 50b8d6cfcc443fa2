/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-session.c: the logged-in agent's session: client, event stream, state, offline-safe writes. */
#define G_LOG_DOMAIN "wcc-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-group.h"
#include "wcc-json.h"
#include "wcc-session.h"

#define FIRST_RETRY_SECONDS 1
#define MAX_RETRY_SECONDS 30

G_DEFINE_ENUM_TYPE (WccConnection, wcc_connection,
  G_DEFINE_ENUM_VALUE (WCC_CONNECTION_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (WCC_CONNECTION_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (WCC_CONNECTION_OFFLINE, "offline"))

/* The nicks are the server's names of the states. */
G_DEFINE_ENUM_TYPE (WccAgentState, wcc_agent_state,
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_PAUSE, "pause"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_RINGING, "ringing"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_ON_CALL, "on_call"),
  G_DEFINE_ENUM_VALUE (WCC_AGENT_STATE_AFTER_CALL_WORK, "after_call_work"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_OUTBOX_PATH,
  PROP_EVENT_STREAM,
  PROP_USER,
  PROP_CONNECTION,
  PROP_PENDING_CHANGES,
  PROP_AGENT_STATE,
  PROP_PAUSE_REASON,
  PROP_PAUSE_REASON_ID,
  PROP_PAUSE_AFTER_CALL,
  PROP_AFTER_CALL_WORK_UNTIL,
  PROP_PHONES,
  PROP_SIGNED_IN_GROUPS,
  PROP_MEMBER_OF,
  PROP_QUEUE_WAITING,
  PROP_QUEUE_INBOUND,
  N_PROPS
};

enum {
  SIGNAL_AGENT_STATE_CHANGED,
  SIGNAL_CALL_RINGING,
  SIGNAL_CALL_ANSWERED,
  SIGNAL_CALL_ENDED,
  SIGNAL_WRITE_FAILED,
  SIGNAL_WRITE_APPLIED,
  SIGNAL_SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccSession
{
  GObject          parent_instance;

  /* Owned references */
  WccClient       *client;
  WccEventStream  *events;
  WccOutbox       *outbox;
  char            *outbox_path;
  GCancellable    *cancellable;     /* every request of the session; renewed at start */
  GHashTable      *callers;         /* outbox id (gint64 *) → GTask waiting for its first try */
  WccOutboxEntry  *sending;         /* the write on the wire, NULL when none */

  /* What the UI binds to */
  WccConnection    connection;
  WccAgentState    agent_state;
  char            *pause_reason;
  gint64           pause_reason_id;
  char            *pause_after_call;
  gint64           after_call_work_until;
  guint            phones;
  GArray          *signed_in_groups;
  GListStore      *member_of;
  GHashTable      *waiting;         /* group id (gint64 *) → callers waiting (uint) */
  guint            queue_waiting;
  GHashTable      *inbound;         /* group id (gint64 *) → calls into its queue today (uint) */
  guint            queue_inbound;

  /* Counts applied agent states: a read sent before the last one is older than it. */
  guint            state_generation;
  guint            retry_id;
  guint            retry_seconds;
  guint            running : 1;
  guint            ended : 1;
  guint            reload_when_sent : 1;
};

G_DEFINE_FINAL_TYPE (WccSession, wcc_session, G_TYPE_OBJECT)

static void send_next (WccSession *self);
static void probe (WccSession *self);

const char *
wcc_agent_state_to_string (WccAgentState state)
{
  GEnumClass *klass = g_type_class_ref (WCC_TYPE_AGENT_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  return value ? value->value_nick : "unknown";
}

WccAgentState
wcc_agent_state_from_string (const char *name)
{
  GEnumClass *klass = g_type_class_ref (WCC_TYPE_AGENT_STATE);
  GEnumValue *value = name ? g_enum_get_value_by_nick (klass, name) : NULL;

  g_type_class_unref (klass);
  return value ? (WccAgentState) value->value : WCC_AGENT_STATE_UNKNOWN;
}

static void
set_connection (WccSession    *self,
                WccConnection  connection)
{
  if (self->connection == connection)
    return;
  g_debug ("connection: %s → %s", g_enum_to_string (WCC_TYPE_CONNECTION, self->connection),
           g_enum_to_string (WCC_TYPE_CONNECTION, connection));
  self->connection = connection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Retries while the stream is down or writes wait: sends the oldest write, or else asks
 * the server whether it is back. Nothing runs while online with an empty outbox. */
static gboolean
on_retry (gpointer user_data)
{
  WccSession *self = user_data;

  self->retry_id = 0;
  if (wcc_outbox_get_size (self->outbox) > 0)
    send_next (self);
  else if (!wcc_event_stream_get_connected (self->events))
    probe (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (WccSession *self)
{
  if (!self->running || self->ended || self->retry_id != 0)
    return;
  self->retry_id = g_timeout_add_seconds (self->retry_seconds, on_retry, self);
  self->retry_seconds = MIN (self->retry_seconds * 2, MAX_RETRY_SECONDS);
}

/* No answer from the server at all: offline, unless the stream still hears it. */
static void
note_unreachable (WccSession *self)
{
  if (!wcc_event_stream_get_connected (self->events))
    set_connection (self, WCC_CONNECTION_OFFLINE);
  schedule_retry (self);
}

/* The server answered: it is there, even if the stream is not back yet. */
static void
note_reachable (WccSession *self)
{
  if (self->connection == WCC_CONNECTION_OFFLINE)
    set_connection (self, WCC_CONNECTION_RECONNECTING);
}

static void
end_session (WccSession *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_connection (self, WCC_CONNECTION_OFFLINE);
  g_signal_emit (self, signals[SIGNAL_SESSION_ENDED], 0);
}

static void
recompute_queue_counts (WccSession *self)
{
  guint total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->member_of)); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (G_LIST_MODEL (self->member_of), i);
      gint64 id = wcc_group_get_id (group);

      total += GPOINTER_TO_UINT (g_hash_table_lookup (self->waiting, &id));
    }
  if (total != self->queue_waiting)
    {
      self->queue_waiting = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_WAITING]);
    }
  total = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->member_of)); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (G_LIST_MODEL (self->member_of), i);
      gint64 id = wcc_group_get_id (group);

      total += GPOINTER_TO_UINT (g_hash_table_lookup (self->inbound, &id));
    }
  if (total != self->queue_inbound)
    {
      self->queue_inbound = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_INBOUND]);
    }
}

static void
apply_queue (WccSession *self,
             JsonObject *queue)
{
  gint64 id = json_object_get_int_member_with_default (queue, "group_id", 0);
  gint64 waiting = json_object_get_int_member_with_default (queue, "waiting", 0);

  g_hash_table_insert (self->waiting, g_memdup2 (&id, sizeof id),
                       GUINT_TO_POINTER ((guint) CLAMP (waiting, 0, G_MAXUINT)));
  g_hash_table_insert (self->inbound, g_memdup2 (&id, sizeof id),
                       GUINT_TO_POINTER ((guint) CLAMP (json_object_get_int_member_with_default (queue, "inbound", 0),
                                                        0, G_MAXUINT)));
}

static GArray *
ids_from_json (JsonObject *object,
               const char *member)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);
          g_array_append_val (ids, id);
        }
    }
  return ids;
}

static void
set_signed_in_groups (WccSession *self,
                      GArray     *ids)
{
  if (self->signed_in_groups->len == ids->len &&
      memcmp (self->signed_in_groups->data, ids->data, ids->len * sizeof (gint64)) == 0)
    return;
  g_array_set_size (self->signed_in_groups, 0);
  g_array_append_vals (self->signed_in_groups, ids->data, ids->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN_GROUPS]);
}

/* {"id", "label"} or null → the label and id. */
static const char *
reason_label (JsonObject *state,
              const char *member,
              gint64     *out_id)
{
  JsonNode *node = json_object_get_member (state, member);
  JsonObject *reason;

  *out_id = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  reason = json_node_get_object (node);
  *out_id = json_object_get_int_member_with_default (reason, "id", 0);
  return json_object_get_string_member_with_default (reason, "label", NULL);
}

/* An AgentState object (GET or PUT /agent/state, or an agent.state event). */
static void
apply_agent_state (WccSession *self,
                   JsonObject *state)
{
  WccAgentState old_state = self->agent_state;
  WccAgentState new_state = wcc_agent_state_from_string (json_object_get_string_member_with_default (state, "state", NULL));
  const char *until_text = json_object_get_string_member_with_default (state, "after_call_work_until", NULL);
  g_autoptr(GDateTime) until = until_text ? g_date_time_new_from_iso8601 (until_text, NULL) : NULL;
  gint64 until_seconds = until ? g_date_time_to_unix (until) : 0;
  guint phones = (guint) CLAMP (json_object_get_int_member_with_default (state, "phones", 0), 0, G_MAXUINT);
  g_autoptr(GArray) groups = ids_from_json (state, "groups");
  gint64 reason_id = 0;
  gint64 after_call_id = 0;
  const char *reason = reason_label (state, "pause_reason", &reason_id);
  const char *after_call = reason_label (state, "pause_after_call", &after_call_id);
  GObject *object = G_OBJECT (self);

  self->state_generation++;
  g_object_freeze_notify (object);
  if (new_state != old_state)
    {
      self->agent_state = new_state;
      g_object_notify_by_pspec (object, properties[PROP_AGENT_STATE]);
    }
  if (set_string (&self->pause_reason, reason))
    g_object_notify_by_pspec (object, properties[PROP_PAUSE_REASON]);
  if (reason_id != self->pause_reason_id)
    {
      self->pause_reason_id = reason_id;
      g_object_notify_by_pspec (object, properties[PROP_PAUSE_REASON_ID]);
    }
  if (set_string (&self->pause_after_call, after_call))
    g_object_notify_by_pspec (object, properties[PROP_PAUSE_AFTER_CALL]);
  if (until_seconds != self->after_call_work_until)
    {
      self->after_call_work_until = until_seconds;
      g_object_notify_by_pspec (object, properties[PROP_AFTER_CALL_WORK_UNTIL]);
    }
  if (phones != self->phones)
    {
      self->phones = phones;
      g_object_notify_by_pspec (object, properties[PROP_PHONES]);
    }
  set_signed_in_groups (self, groups);
  g_object_thaw_notify (object);
  if (new_state != old_state)
    g_signal_emit (self, signals[SIGNAL_AGENT_STATE_CHANGED], 0, old_state, new_state);
}

static gboolean
same_groups (GListModel *current,
             GPtrArray  *fresh)
{
  if (g_list_model_get_n_items (current) != fresh->len)
    return FALSE;
  for (guint i = 0; i < fresh->len; i++)
    {
      g_autoptr(WccGroup) old = g_list_model_get_item (current, i);
      WccGroup *group = g_ptr_array_index (fresh, i);

      if (wcc_group_get_id (old) != wcc_group_get_id (group) ||
          g_strcmp0 (wcc_group_get_name (old), wcc_group_get_name (group)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* GET or PUT /agent/groups: {"groups": [ids], "member_of": [{"id", "name", …}]}. */
static void
apply_groups (WccSession *self,
              JsonObject *answer)
{
  g_autoptr(GArray) ids = ids_from_json (answer, "groups");
  JsonNode *node = json_object_get_member (answer, "member_of");
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            g_ptr_array_add (groups, wcc_group_new_from_json (json_node_get_object (element)));
        }
      /* Replaced only when it changed: a view built on the list (the sign-in popover's
       * checks) keeps its rows, and the keyboard focus in them, across re-reads. */
      if (!same_groups (G_LIST_MODEL (self->member_of), groups))
        g_list_store_splice (self->member_of, 0, g_list_model_get_n_items (G_LIST_MODEL (self->member_of)),
                             groups->pdata, groups->len);
      recompute_queue_counts (self);
    }
  set_signed_in_groups (self, ids);
}

static void
apply_queues (WccSession *self,
              JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "items");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        apply_queue (self, json_node_get_object (element));
    }
  recompute_queue_counts (self);
}

/* The answer of a write we made ourselves: what it changed is known at once. */
static void
apply_write_answer (WccSession *self,
                    const char *path,
                    JsonNode   *answer)
{
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return;
  if (g_str_equal (path, "/api/v1/agent/state"))
    apply_agent_state (self, json_node_get_object (answer));
  else if (g_str_equal (path, "/api/v1/agent/groups"))
    apply_groups (self, json_node_get_object (answer));
}

static SoupMessage *
new_message (WccSession *self,
             const char *method,
             const char *path)
{
  g_autofree char *url = wcc_client_build_url (self->client, path);
  SoupMessage *message = soup_message_new (method, url);
  const char *token = wcc_client_get_token (self->client);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  return message;
}

static JsonNode *
parse_answer (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The server's {"error": {"code", "message"}} of a refused write as a GError. */
static GError *
error_from_answer (SoupMessage *message,
                   JsonNode    *answer)
{
  JsonObject *root = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *error_node = root ? json_object_get_member (root, "error") : NULL;
  JsonObject *error_object;
  const char *code;

  if (error_node == NULL || !JSON_NODE_HOLDS_OBJECT (error_node))
    return g_error_new (WCC_ERROR, WCC_ERROR_PROTOCOL, _("The server answered %u %s"),
                        soup_message_get_status (message),
                        soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");
  error_object = json_node_get_object (error_node);
  code = json_object_get_string_member_with_default (error_object, "code", "internal");
  return g_error_new_literal (WCC_ERROR, wcc_error_code_from_string (code),
                              json_object_get_string_member_with_default (error_object, "message", code));
}

/* Answers that say "not now" rather than "no": the write stays and is tried again. */
static gboolean
is_temporary_failure (SoupMessage *message)
{
  guint status = soup_message_get_status (message);

  if (status >= 500 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429)
    return TRUE;
  /* A 409 with Retry-After: the same key is still being handled (a try that timed out). */
  return status == SOUP_STATUS_CONFLICT &&
         soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After") != NULL;
}

typedef struct {
  WccWriteOutcome  outcome;
  JsonNode        *answer;
} WriteResult;

static void
write_result_free (WriteResult *result)
{
  g_clear_pointer (&result->answer, json_node_unref);
  g_free (result);
}

static void
return_outcome (GTask           *task,
                WccWriteOutcome  outcome,
                JsonNode        *answer)
{
  WriteResult *result = g_new0 (WriteResult, 1);

  result->outcome = outcome;
  result->answer = answer ? json_node_ref (answer) : NULL;
  g_task_return_pointer (task, result, (GDestroyNotify) write_result_free);
}

static GTask *
steal_caller (WccSession *self,
              gint64      id)
{
  gpointer key = NULL;
  gpointer task = NULL;

  if (!g_hash_table_steal_extended (self->callers, &id, &key, &task))
    return NULL;
  g_free (key);
  return task;
}

/* Every caller still waiting is told its write is queued (the try is over for now). */
static void
release_callers (WccSession *self)
{
  g_autoptr(GList) tasks = g_hash_table_get_values (self->callers);

  g_hash_table_steal_all (self->callers);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_autoptr(GTask) task = l->data;
      return_outcome (task, WCC_WRITE_QUEUED, NULL);
    }
}

typedef void (*ReadApply) (WccSession *self,
                           JsonObject *answer);

/* One request of the session on the wire. */
typedef struct {
  WccSession  *self;
  SoupMessage *message;
  ReadApply    apply;        /* reads: what to do with the answer */
  guint        generation;   /* reads: the agent state's when sent */
} Exchange;

static Exchange *
exchange_new (WccSession  *self,
              SoupMessage *message)
{
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->self = g_object_ref (self);
  exchange->message = message;
  return exchange;
}

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->self);
  g_clear_object (&exchange->message);
  g_free (exchange);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

static void
on_write_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Exchange) exchange = user_data;
  WccSession *self = exchange->self;
  g_autoptr(WccOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GTask) caller = NULL;
  gboolean replayed;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  /* Cancelled by stop (), which forgot this try; a newer one may be on the wire. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entry = g_steal_pointer (&self->sending);
  caller = steal_caller (self, entry->id);
  status = body ? soup_message_get_status (exchange->message) : 0;

  if (body == NULL || is_temporary_failure (exchange->message))
    {
      g_debug ("%s %s not sent (%s): kept", entry->method, entry->path,
               error ? error->message : soup_message_get_reason_phrase (exchange->message));
      wcc_outbox_count_attempt (self->outbox, entry->id, NULL);
      if (caller != NULL)
        return_outcome (caller, WCC_WRITE_QUEUED, NULL);
      if (body == NULL)
        note_unreachable (self);
      else
        {
          note_reachable (self);
          schedule_retry (self);
        }
      return;
    }

  note_reachable (self);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* The write is fine, the token is not: it waits for the next session. */
      if (caller != NULL)
        return_outcome (caller, WCC_WRITE_QUEUED, NULL);
      end_session (self);
      return;
    }

  self->retry_seconds = FIRST_RETRY_SECONDS;
  answer = parse_answer (body);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      wcc_outbox_remove (self->outbox, entry->id, NULL);
      replayed = soup_message_headers_get_one (soup_message_get_response_headers (exchange->message),
                                               "Idempotent-Replayed") != NULL;
      /* A replayed answer is as old as the first try: read the state afresh instead. */
      if (replayed || caller == NULL)
        self->reload_when_sent = TRUE;
      if (!replayed)
        apply_write_answer (self, entry->path, answer);
      if (caller != NULL)
        return_outcome (caller, WCC_WRITE_APPLIED, answer);
      else
        /* Its callback said queued: whoever waits for it (a new record's id) hears it here. */
        g_signal_emit (self, signals[SIGNAL_WRITE_APPLIED], 0, entry->idempotency_key, entry->method,
                       entry->path, answer);
    }
  else
    {
      g_autoptr(GError) refused = error_from_answer (exchange->message, answer);

      g_debug ("%s %s refused: %s", entry->method, entry->path, refused->message);
      /* A caller that is still there shows the refusal where the agent made the write.
       * Otherwise (it said queued, or its widget went away) nobody would: the write is
       * kept as refused, with the server's reason, until the agent dismisses it. */
      if (caller != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (caller)))
        {
          wcc_outbox_remove (self->outbox, entry->id, NULL);
          g_task_return_error (caller, g_steal_pointer (&refused));
        }
      else
        {
          g_autoptr(GError) keep_error = NULL;
          g_autoptr(WccRefusedWrite) kept = NULL;

          kept = wcc_outbox_refuse (self->outbox, entry->id, refused->domain == WCC_ERROR
                                                               ? wcc_error_code_to_string (refused->code) : "internal",
                                    refused->message, &keep_error);
          if (kept == NULL)
            {
              g_warning ("A refused change could not be kept: %s", keep_error->message);
              wcc_outbox_remove (self->outbox, entry->id, NULL);
            }
          g_signal_emit (self, signals[SIGNAL_WRITE_FAILED], 0, entry->method, entry->path, refused, kept);
          if (caller != NULL)
            g_task_return_error (caller, g_steal_pointer (&refused));
        }
    }
  send_next (self);
}

/* Sends the oldest write of the outbox, one at a time so the order holds. */
static void
send_next (WccSession *self)
{
  g_autoptr(WccOutboxEntry) entry = NULL;
  g_autoptr(SoupMessage) message = NULL;

  if (!self->running || self->ended || self->sending != NULL || self->retry_id != 0)
    return;
  entry = wcc_outbox_peek (self->outbox);
  if (entry == NULL)
    {
      if (self->reload_when_sent)
        {
          self->reload_when_sent = FALSE;
          wcc_session_reload (self);
        }
      return;
    }

  message = new_message (self, entry->method, entry->path);
  if (message == NULL)
    {
      g_warning ("Dropping a write to an impossible address: %s", entry->path);
      wcc_outbox_remove (self->outbox, entry->id, NULL);
      send_next (self);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Idempotency-Key", entry->idempotency_key);
  if (entry->body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (entry->body, strlen (entry->body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  self->sending = g_steal_pointer (&entry);
  soup_session_send_and_read_async (wcc_client_get_session (self->client), message,
                                    G_PRIORITY_DEFAULT, self->cancellable, on_write_sent,
                                    exchange_new (self, g_object_ref (message)));
}

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Exchange) exchange = user_data;
  WccSession *self = exchange->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      note_unreachable (self);
      return;
    }
  note_reachable (self);
  status = soup_message_get_status (exchange->message);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      end_session (self);
      return;
    }
  answer = parse_answer (body);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_debug ("a read got %u", status);
      return;
    }
  /* An agent.state event or a write's answer came meanwhile: it is newer than this. */
  if (exchange->apply == apply_agent_state && exchange->generation != self->state_generation)
    return;
  exchange->apply (self, json_node_get_object (answer));
}

static void
start_read (WccSession *self,
            const char *path,
            ReadApply   apply)
{
  SoupMessage *message = new_message (self, "GET", path);
  Exchange *exchange;

  if (message == NULL)
    return;
  exchange = exchange_new (self, message);
  exchange->apply = apply;
  exchange->generation = self->state_generation;
  soup_session_send_and_read_async (wcc_client_get_session (self->client), message,
                                    G_PRIORITY_DEFAULT, self->cancellable, on_read_done, exchange);
}

/* Is the server there? The agent's state is the cheapest useful question. */
static void
probe (WccSession *self)
{
  if (self->running && !self->ended)
    start_read (self, "/api/v1/agent/state", apply_agent_state);
}

static void
on_stream_connected (WccEventStream *events,
                     GParamSpec     *pspec,
                     WccSession     *self)
{
  if (wcc_event_stream_get_connected (events))
    {
      set_connection (self, WCC_CONNECTION_ONLINE);
      self->retry_seconds = FIRST_RETRY_SECONDS;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      send_next (self);
    }
  else if (self->running && !self->ended)
    {
      if (self->connection == WCC_CONNECTION_ONLINE)
        set_connection (self, WCC_CONNECTION_RECONNECTING);
      probe (self);
      schedule_retry (self);
    }
}

static gint64
data_int (JsonObject *data,
          const char *member)
{
  JsonNode *node = data ? json_object_get_member (data, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static const char *
data_string (JsonObject *data,
             const char *member)
{
  return data ? json_object_get_string_member_with_default (data, member, NULL) : NULL;
}

static gboolean
is_member_of (WccSession *self,
              gint64      group_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->member_of)); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (G_LIST_MODEL (self->member_of), i);

      if (wcc_group_get_id (group) == group_id)
        return TRUE;
    }
  return FALSE;
}

static void
on_stream_event (WccEventStream *events,
                 const char     *type,
                 gint64          seq,
                 JsonNode       *node,
                 WccSession     *self)
{
  JsonObject *data = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  WccUser *user = wcc_client_get_user (self->client);
  gint64 user_id = user ? wcc_user_get_id (user) : 0;

  if (data == NULL)
    return;
  if (g_str_equal (type, "agent.state"))
    {
      /* Everyone of the client hears every agent's state: keep ours. */
      if (data_int (data, "agent_id") == user_id)
        apply_agent_state (self, data);
    }
  else if (g_str_equal (type, "queue.updated"))
    {
      apply_queue (self, data);
      recompute_queue_counts (self);
    }
  else if (g_str_equal (type, "user.updated"))
    {
      if (user != NULL && data_int (data, "id") == user_id)
        {
          wcc_user_update_from_json (user, data, NULL);
          /* The client admin may have changed the user's groups (issue 9). */
          start_read (self, "/api/v1/agent/groups", apply_groups);
        }
    }
  else if (g_str_equal (type, "group.updated") || g_str_equal (type, "group.removed"))
    {
      /* A group of the user renamed, its queue number changed, or deleted (issue 9). */
      if (is_member_of (self, data_int (data, "id")))
        start_read (self, "/api/v1/agent/groups", apply_groups);
    }
  else if (g_str_equal (type, "call.ringing"))
    g_signal_emit (self, signals[SIGNAL_CALL_RINGING], 0, data_int (data, "call_id"),
                   data_string (data, "from"), data_string (data, "direction"),
                   data_int (data, "group_id"));
  else if (g_str_equal (type, "call.answered"))
    g_signal_emit (self, signals[SIGNAL_CALL_ANSWERED], 0, data_int (data, "call_id"),
                   data_string (data, "from"));
  else if (g_str_equal (type, "call.ended"))
    g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, data_int (data, "call_id"),
                   data_string (data, "reason"));
}

static void
on_stream_resync (WccEventStream *events,
                  WccSession     *self)
{
  wcc_session_reload (self);
}

static void
on_stream_session_ended (WccEventStream *events,
                         WccSession     *self)
{
  end_session (self);
}

static void
on_outbox_size (WccOutbox  *outbox,
                GParamSpec *pspec,
                WccSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_CHANGES]);
}

static void
wcc_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WccSession *self = WCC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_OUTBOX_PATH: g_value_set_string (value, self->outbox_path); break;
    case PROP_EVENT_STREAM: g_value_set_object (value, self->events); break;
    case PROP_USER: g_value_set_object (value, wcc_session_get_user (self)); break;
    case PROP_CONNECTION: g_value_set_enum (value, self->connection); break;
    case PROP_PENDING_CHANGES: g_value_set_uint (value, wcc_session_get_pending_changes (self)); break;
    case PROP_AGENT_STATE: g_value_set_enum (value, self->agent_state); break;
    case PROP_PAUSE_REASON: g_value_set_string (value, self->pause_reason); break;
    case PROP_PAUSE_REASON_ID: g_value_set_int64 (value, self->pause_reason_id); break;
    case PROP_PAUSE_AFTER_CALL: g_value_set_string (value, self->pause_after_call); break;
    case PROP_AFTER_CALL_WORK_UNTIL: g_value_set_int64 (value, self->after_call_work_until); break;
    case PROP_PHONES: g_value_set_uint (value, self->phones); break;
    case PROP_SIGNED_IN_GROUPS: g_value_set_boxed (value, self->signed_in_groups); break;
    case PROP_MEMBER_OF: g_value_set_object (value, self->member_of); break;
    case PROP_QUEUE_WAITING: g_value_set_uint (value, self->queue_waiting); break;
    case PROP_QUEUE_INBOUND: g_value_set_uint (value, self->queue_inbound); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WccSession *self = WCC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    case PROP_OUTBOX_PATH: self->outbox_path = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_session_dispose (GObject *object)
{
  WccSession *self = WCC_SESSION (object);

  if (self->running)
    wcc_session_stop (self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->events);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->member_of);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_session_parent_class)->dispose (object);
}

static void
wcc_session_finalize (GObject *object)
{
  WccSession *self = WCC_SESSION (object);

  g_clear_pointer (&self->callers, g_hash_table_unref);
  g_clear_pointer (&self->sending, wcc_outbox_entry_free);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->inbound, g_hash_table_unref);
  g_clear_pointer (&self->signed_in_groups, g_array_unref);
  g_clear_pointer (&self->pause_reason, g_free);
  g_clear_pointer (&self->pause_after_call, g_free);
  g_clear_pointer (&self->outbox_path, g_free);

  G_OBJECT_CLASS (wcc_session_parent_class)->finalize (object);
}

static void
wcc_session_class_init (WccSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct_flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_session_get_property;
  object_class->set_property = wcc_session_set_property;
  object_class->dispose = wcc_session_dispose;
  object_class->finalize = wcc_session_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, WCC_TYPE_CLIENT, construct_flags);
  properties[PROP_OUTBOX_PATH] =
    g_param_spec_string ("outbox-path", NULL, NULL, NULL, construct_flags);
  properties[PROP_EVENT_STREAM] =
    g_param_spec_object ("event-stream", NULL, NULL, WCC_TYPE_EVENT_STREAM, read_flags);
  properties[PROP_USER] = g_param_spec_object ("user", NULL, NULL, WCC_TYPE_USER, read_flags);
  properties[PROP_CONNECTION] =
    g_param_spec_enum ("connection", NULL, NULL, WCC_TYPE_CONNECTION, WCC_CONNECTION_RECONNECTING, read_flags);
  properties[PROP_PENDING_CHANGES] =
    g_param_spec_uint ("pending-changes", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  properties[PROP_AGENT_STATE] =
    g_param_spec_enum ("agent-state", NULL, NULL, WCC_TYPE_AGENT_STATE, WCC_AGENT_STATE_UNKNOWN, read_flags);
  properties[PROP_PAUSE_REASON] = g_param_spec_string ("pause-reason", NULL, NULL, NULL, read_flags);
  properties[PROP_PAUSE_REASON_ID] =
    g_param_spec_int64 ("pause-reason-id", NULL, NULL, 0, G_MAXINT64, 0, read_flags);
  properties[PROP_PAUSE_AFTER_CALL] = g_param_spec_string ("pause-after-call", NULL, NULL, NULL, read_flags);
  properties[PROP_AFTER_CALL_WORK_UNTIL] =
    g_param_spec_int64 ("after-call-work-until", NULL, NULL, 0, G_MAXINT64, 0, read_flags);
  properties[PROP_PHONES] = g_param_spec_uint ("phones", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  properties[PROP_SIGNED_IN_GROUPS] =
    g_param_spec_boxed ("signed-in-groups", NULL, NULL, G_TYPE_ARRAY, read_flags);
  properties[PROP_MEMBER_OF] =
    g_param_spec_object ("member-of", NULL, NULL, G_TYPE_LIST_MODEL, read_flags);
  properties[PROP_QUEUE_WAITING] =
    g_param_spec_uint ("queue-waiting", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  properties[PROP_QUEUE_INBOUND] =
    g_param_spec_uint ("queue-inbound", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_AGENT_STATE_CHANGED] =
    g_signal_new ("agent-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, WCC_TYPE_AGENT_STATE, WCC_TYPE_AGENT_STATE);
  signals[SIGNAL_CALL_RINGING] =
    g_signal_new ("call-ringing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
  signals[SIGNAL_CALL_ANSWERED] =
    g_signal_new ("call-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_ERROR,
                  WCC_TYPE_REFUSED_WRITE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_WRITE_APPLIED] =
    g_signal_new ("write-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                  JSON_TYPE_NODE);
  signals[SIGNAL_SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wcc_session_init (WccSession *self)
{
  self->connection = WCC_CONNECTION_RECONNECTING;
  self->retry_seconds = FIRST_RETRY_SECONDS;
  self->callers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->inbound = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->signed_in_groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->member_of = g_list_store_new (WCC_TYPE_GROUP);
}

WccSession *
wcc_session_new (WccClient   *client,
                 const char  *outbox_path,
                 GError     **error)
{
  g_autoptr(WccSession) self = NULL;
  g_autofree char *default_path = NULL;
  WccUser *user;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);
  user = wcc_client_get_user (client);
  g_return_val_if_fail (user != NULL, NULL);

  if (outbox_path == NULL)
    outbox_path = default_path = wcc_outbox_default_path (wcc_client_get_base_url (client),
                                                          wcc_user_get_account (user));
  self = g_object_new (WCC_TYPE_SESSION, "client", client, "outbox-path", outbox_path, NULL);
  self->outbox = wcc_outbox_open (outbox_path, error);
  if (self->outbox == NULL)
    return NULL;
  g_signal_connect (self->outbox, "notify::size", G_CALLBACK (on_outbox_size), self);

  self->events = wcc_event_stream_new (client);
  g_signal_connect (self->events, "notify::connected", G_CALLBACK (on_stream_connected), self);
  g_signal_connect (self->events, "event", G_CALLBACK (on_stream_event), self);
  g_signal_connect (self->events, "resync", G_CALLBACK (on_stream_resync), self);
  g_signal_connect (self->events, "session-ended", G_CALLBACK (on_stream_session_ended), self);
  return g_steal_pointer (&self);
}

void
wcc_session_start (WccSession *self)
{
  g_return_if_fail (WCC_IS_SESSION (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->ended = FALSE;
  self->retry_seconds = FIRST_RETRY_SECONDS;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_event_stream_start (self->events);
  wcc_session_reload (self);
  send_next (self);
}

void
wcc_session_stop (WccSession *self)
{
  g_return_if_fail (WCC_IS_SESSION (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->sending, wcc_outbox_entry_free);
  release_callers (self);
  wcc_event_stream_stop (self->events);
}

void
wcc_session_reload (WccSession *self)
{
  g_return_if_fail (WCC_IS_SESSION (self));

  if (!self->running || self->ended)
    return;
  start_read (self, "/api/v1/agent/state", apply_agent_state);
  start_read (self, "/api/v1/agent/groups", apply_groups);
  start_read (self, "/api/v1/queues", apply_queues);
}

WccClient *
wcc_session_get_client (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->client;
}

WccEventStream *
wcc_session_get_event_stream (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->events;
}

WccOutbox *
wcc_session_get_outbox (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->outbox;
}

WccUser *
wcc_session_get_user (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return wcc_client_get_user (self->client);
}

WccConnection
wcc_session_get_connection (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), WCC_CONNECTION_OFFLINE);
  return self->connection;
}

guint
wcc_session_get_pending_changes (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->outbox ? wcc_outbox_get_size (self->outbox) : 0;
}

WccAgentState
wcc_session_get_agent_state (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), WCC_AGENT_STATE_UNKNOWN);
  return self->agent_state;
}

const char *
wcc_session_get_pause_reason (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->pause_reason;
}

gint64
wcc_session_get_pause_reason_id (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->pause_reason_id;
}

const char *
wcc_session_get_pause_after_call (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->pause_after_call;
}

gint64
wcc_session_get_after_call_work_until (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->after_call_work_until;
}

guint
wcc_session_get_phones (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->phones;
}

const GArray *
wcc_session_get_signed_in_groups (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return self->signed_in_groups;
}

gboolean
wcc_session_is_signed_in (WccSession *self,
                          gint64      group_id)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), FALSE);

  for (guint i = 0; i < self->signed_in_groups->len; i++)
    if (g_array_index (self->signed_in_groups, gint64, i) == group_id)
      return TRUE;
  return FALSE;
}

GListModel *
wcc_session_get_member_of (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->member_of);
}

guint
wcc_session_get_queue_waiting (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->queue_waiting;
}

guint
wcc_session_get_queue_inbound (WccSession *self)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), 0);
  return self->queue_inbound;
}

/* Stores the write, then sends it now when it is first in line (the callback waits for that
 * try), or leaves it behind the others (the callback says queued at once). */
static void
queue_write (WccSession          *self,
             const char          *method,
             const char          *path,
             const char          *body,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(WccOutboxEntry) entry = NULL;
  g_autoptr(WccOutboxEntry) head = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  entry = wcc_outbox_push (self->outbox, method, path, body, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_strdup (entry->idempotency_key), g_free);
  head = wcc_outbox_peek (self->outbox);
  if (!self->running || self->ended || self->sending != NULL || self->retry_id != 0 ||
      head == NULL || head->id != entry->id)
    {
      return_outcome (task, WCC_WRITE_QUEUED, NULL);
      return;
    }
  g_hash_table_insert (self->callers, g_memdup2 (&entry->id, sizeof entry->id), g_steal_pointer (&task));
  send_next (self);
}

void
wcc_session_set_state_async (WccSession          *self,
                             WccStateChange       change,
                             gint64               reason_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *body = NULL;

  g_return_if_fail (WCC_IS_SESSION (self));
  g_return_if_fail (reason_id > 0 || change == WCC_STATE_CHANGE_READY ||
                    change == WCC_STATE_CHANGE_CANCEL_PAUSE_AFTER_CALL);

  switch (change)
    {
    case WCC_STATE_CHANGE_READY:
      json_object_set_string_member (object, "state", "ready");
      break;
    case WCC_STATE_CHANGE_PAUSE:
      json_object_set_string_member (object, "state", "pause");
      json_object_set_int_member (object, "reason_id", reason_id);
      break;
    case WCC_STATE_CHANGE_PAUSE_AFTER_CALL:
      json_object_set_int_member (object, "pause_after_call", reason_id);
      break;
    case WCC_STATE_CHANGE_CANCEL_PAUSE_AFTER_CALL:
    default:
      json_object_set_null_member (object, "pause_after_call");
      break;
    }
  body = wcc_json_object_to_string (object);
  queue_write (self, "PUT", "/api/v1/agent/state", body, wcc_session_set_state_async,
               cancellable, callback, user_data);
}

void
wcc_session_set_groups_async (WccSession          *self,
                              const gint64        *group_ids,
                              guint                n_groups,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *body = NULL;
  JsonArray *ids = json_array_new ();

  g_return_if_fail (WCC_IS_SESSION (self));
  g_return_if_fail (group_ids != NULL || n_groups == 0);

  for (guint i = 0; i < n_groups; i++)
    json_array_add_int_element (ids, group_ids[i]);
  json_object_set_array_member (object, "groups", ids);
  body = wcc_json_object_to_string (object);
  queue_write (self, "PUT", "/api/v1/agent/groups", body, wcc_session_set_groups_async,
               cancellable, callback, user_data);
}

void
wcc_session_queue_write_async (WccSession          *self,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WCC_IS_SESSION (self));
  g_return_if_fail (method != NULL && !g_str_equal (method, "GET"));
  g_return_if_fail (path != NULL && g_str_has_prefix (path, "/api/"));
  g_return_if_fail (body == NULL || JSON_NODE_HOLDS_OBJECT (body));

  if (body != NULL)
    text = wcc_json_to_string (body);
  queue_write (self, method, path, text, wcc_session_queue_write_async,
               cancellable, callback, user_data);
}

const char *
wcc_session_write_get_idempotency_key (WccSession   *self,
                                       GAsyncResult *result)
{
  g_return_val_if_fail (WCC_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_get_task_data (G_TASK (result));
}

gboolean
wcc_session_write_finish (WccSession       *self,
                          GAsyncResult     *result,
                          WccWriteOutcome  *out_outcome,
                          JsonNode        **out_answer,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  WriteResult *write;

  g_return_val_if_fail (WCC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  write = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (write == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_outcome != NULL)
    *out_outcome = write->outcome;
  if (out_answer != NULL)
    *out_answer = write->answer ? json_node_ref (write->answer) : NULL;
  write_result_free (write);
  return TRUE;
}
