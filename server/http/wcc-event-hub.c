/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-event-hub.c: the event stream: numbered events per client, WebSocket fan-out, resume. */
#define G_LOG_DOMAIN "wcc-event-hub"

#include <sodium.h>
#include <stdlib.h>

#include "wcc-event-hub.h"

/* A WebSocket close code of the private range: the session ended, log in again. */
#define CLOSE_SESSION_ENDED 4001
#define KEEPALIVE_SECONDS 20

typedef struct {
  gint64  seq;
  gint64  user_id;   /* 0: for everyone of the client (unless @users) */
  gint64 *users;     /* or for these users, sorted; NULL: see @user_id */
  guint   n_users;
  char   *text;      /* the serialised event, sent as is */
} Event;

typedef struct {
  gint64  client_id;
  gint64  seq;
  GQueue  events;    /* of Event, oldest first, at most buffer_size */
} ClientLog;

typedef struct {
  WccEventHub             *hub;
  SoupWebsocketConnection *connection;
  gint64                   client_id;
  gint64                   user_id;
  gint64                   session_id;
  gboolean                 presence;   /* asked for presence.changed */
} Stream;

struct _WccEventHub
{
  GObject     parent_instance;
  char       *epoch;
  guint       buffer_size;
  GHashTable *logs;      /* client id → ClientLog */
  GPtrArray  *streams;   /* of Stream */
  GHashTable *online;    /* user id → how many streams they have (presence, S14) */
};

G_DEFINE_FINAL_TYPE (WccEventHub, wcc_event_hub, G_TYPE_OBJECT)

static void
event_free (Event *event)
{
  g_free (event->users);
  g_free (event->text);
  g_free (event);
}

static void
client_log_free (ClientLog *log)
{
  g_queue_clear_full (&log->events, (GDestroyNotify) event_free);
  g_free (log);
}

static int
compare_user_ids (const void *a,
                  const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
event_is_for (Event  *event,
              gint64  user_id)
{
  if (event->users != NULL)
    return bsearch (&user_id, event->users, event->n_users, sizeof (gint64), compare_user_ids) != NULL;
  return event->user_id == 0 || event->user_id == user_id;
}

static ClientLog *
get_log (WccEventHub *self,
         gint64       client_id)
{
  ClientLog *log = g_hash_table_lookup (self->logs, &client_id);

  if (log == NULL)
    {
      log = g_new0 (ClientLog, 1);
      log->client_id = client_id;
      g_queue_init (&log->events);
      g_hash_table_insert (self->logs, &log->client_id, log);
    }
  return log;
}

static void
stream_free (Stream *stream)
{
  g_signal_handlers_disconnect_by_data (stream->connection, stream);
  if (soup_websocket_connection_get_state (stream->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (stream->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&stream->connection);
  g_free (stream);
}

static void
send_text (Stream     *stream,
           const char *text)
{
  if (soup_websocket_connection_get_state (stream->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (stream->connection, text);
}

static void
send_control (Stream     *stream,
              const char *type,
              gint64      seq)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"%s\",\"epoch\":\"%s\",\"seq\":%" G_GINT64_FORMAT "}",
                                           type, stream->hub->epoch, seq);
  send_text (stream, text);
}

/* Presence (S14): a user is online while they have a stream. The streams of the client
 * that asked for it hear when that starts and ends: an unnumbered message, never kept (a
 * resumed stream reads the users again). */
static void
publish_presence (WccEventHub *self,
                  gint64       client_id,
                  gint64       user_id,
                  gboolean     online)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"presence.changed\",\"data\":{\"user_id\":%"
                                           G_GINT64_FORMAT ",\"online\":%s}}",
                                           user_id, online ? "true" : "false");

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      if (stream->client_id == client_id && stream->presence)
        send_text (stream, text);
    }
}

static void
on_stream_closed (SoupWebsocketConnection *connection,
                  Stream                  *stream)
{
  WccEventHub *self = stream->hub;
  gint64 client_id = stream->client_id, user_id = stream->user_id;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->online, &user_id));

  g_ptr_array_remove (self->streams, stream);
  if (count > 1)
    {
      g_hash_table_insert (self->online, g_memdup2 (&user_id, sizeof user_id), GUINT_TO_POINTER (count - 1));
      return;
    }
  g_hash_table_remove (self->online, &user_id);
  publish_presence (self, client_id, user_id, FALSE);
}

static void
on_stream_message (SoupWebsocketConnection *connection,
                   gint                     type,
                   GBytes                  *message,
                   Stream                  *stream)
{
  /* The stream is one-way; clients have nothing to say on it. */
}

/* Sends what a resuming client missed, or tells it to resync when that is gone. */
static void
replay (Stream    *stream,
        ClientLog *log,
        const char *epoch,
        gint64     after_seq)
{
  Event *oldest = g_queue_peek_head (&log->events);

  if (after_seq < 0)
    return;
  if (g_strcmp0 (epoch, stream->hub->epoch) != 0 || after_seq > log->seq ||
      (after_seq < log->seq && (oldest == NULL || oldest->seq > after_seq + 1)))
    {
      send_control (stream, "resync", log->seq);
      return;
    }
  for (GList *l = log->events.head; l != NULL; l = l->next)
    {
      Event *event = l->data;
      if (event->seq > after_seq && event_is_for (event, stream->user_id))
        send_text (stream, event->text);
    }
}

static void
wcc_event_hub_finalize (GObject *object)
{
  WccEventHub *self = WCC_EVENT_HUB (object);

  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->logs, g_hash_table_unref);
  g_clear_pointer (&self->online, g_hash_table_unref);
  g_free (self->epoch);

  G_OBJECT_CLASS (wcc_event_hub_parent_class)->finalize (object);
}

static void
wcc_event_hub_class_init (WccEventHubClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wcc_event_hub_finalize;
}

static void
wcc_event_hub_init (WccEventHub *self)
{
  unsigned char raw[9];

  randombytes_buf (raw, sizeof raw);
  self->epoch = g_base64_encode (raw, sizeof raw);
  g_strdelimit (self->epoch, "+/", '_');
  self->logs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) client_log_free);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  self->online = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

WccEventHub *
wcc_event_hub_new (guint buffer_size)
{
  WccEventHub *self = g_object_new (WCC_TYPE_EVENT_HUB, NULL);

  self->buffer_size = MAX (buffer_size, 1);
  return self;
}

const char *
wcc_event_hub_get_epoch (WccEventHub *self)
{
  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), NULL);
  return self->epoch;
}

gint64
wcc_event_hub_get_seq (WccEventHub *self,
                       gint64       client_id)
{
  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), 0);
  return get_log (self, client_id)->seq;
}

void
wcc_event_hub_attach (WccEventHub             *self,
                      SoupWebsocketConnection *connection,
                      gint64                   client_id,
                      gint64                   user_id,
                      gint64                   session_id,
                      const char              *epoch,
                      gint64                   after_seq,
                      gboolean                 presence)
{
  Stream *stream;
  ClientLog *log;
  guint count;

  g_return_if_fail (WCC_IS_EVENT_HUB (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  stream = g_new0 (Stream, 1);
  stream->hub = self;
  stream->connection = g_object_ref (connection);
  stream->client_id = client_id;
  stream->user_id = user_id;
  stream->session_id = session_id;
  stream->presence = presence;
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  /* Nothing legitimate comes from the client: refuse big frames early. */
  soup_websocket_connection_set_max_incoming_payload_size (connection, 4096);
  g_signal_connect (connection, "closed", G_CALLBACK (on_stream_closed), stream);
  g_signal_connect (connection, "message", G_CALLBACK (on_stream_message), stream);
  g_ptr_array_add (self->streams, stream);

  log = get_log (self, client_id);
  send_control (stream, "hello", log->seq);
  replay (stream, log, epoch, after_seq);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->online, &user_id));
  g_hash_table_insert (self->online, g_memdup2 (&user_id, sizeof user_id), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    publish_presence (self, client_id, user_id, TRUE);
}

gboolean
wcc_event_hub_is_online (WccEventHub *self,
                         gint64       user_id)
{
  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), FALSE);
  return g_hash_table_contains (self->online, &user_id);
}

/* Numbers, serialises, keeps and sends @event (its audience set), taking @data. */
static gint64
publish_event (WccEventHub *self,
               gint64       client_id,
               Event       *event,
               const char  *type,
               JsonNode    *data)
{
  g_autoptr(JsonNode) owned_data = data;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  ClientLog *log = get_log (self, client_id);

  event->seq = ++log->seq;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, event->seq);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "data");
  if (owned_data != NULL)
    json_builder_add_value (builder, g_steal_pointer (&owned_data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  event->text = json_to_string (root, FALSE);

  g_queue_push_tail (&log->events, event);
  while (g_queue_get_length (&log->events) > self->buffer_size)
    event_free (g_queue_pop_head (&log->events));

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      if (stream->client_id == client_id && event_is_for (event, stream->user_id))
        send_text (stream, event->text);
    }
  return event->seq;
}

gint64
wcc_event_hub_publish (WccEventHub *self,
                       gint64       client_id,
                       gint64       user_id,
                       const char  *type,
                       JsonNode    *data)
{
  Event *event;

  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), 0);
  g_return_val_if_fail (type != NULL, 0);

  event = g_new0 (Event, 1);
  event->user_id = user_id;
  return publish_event (self, client_id, event, type, data);
}

gint64
wcc_event_hub_publish_to_users (WccEventHub  *self,
                                gint64        client_id,
                                const gint64 *user_ids,
                                guint         n_users,
                                const char   *type,
                                JsonNode     *data)
{
  Event *event;

  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), 0);
  g_return_val_if_fail (type != NULL, 0);
  g_return_val_if_fail (user_ids != NULL || n_users == 0, 0);

  if (n_users == 0)
    {
      g_clear_pointer (&data, json_node_unref);
      return 0;
    }
  event = g_new0 (Event, 1);
  event->users = g_memdup2 (user_ids, n_users * sizeof (gint64));
  event->n_users = n_users;
  return publish_event (self, client_id, event, type, data);
}

static void
end_stream (Stream *stream)
{
  if (soup_websocket_connection_get_state (stream->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (stream->connection, CLOSE_SESSION_ENDED, "session ended");
}

void
wcc_event_hub_close_session (WccEventHub *self,
                             gint64       session_id)
{
  g_return_if_fail (WCC_IS_EVENT_HUB (self));

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      if (stream->session_id == session_id)
        end_stream (stream);
    }
}

void
wcc_event_hub_close_user_sessions (WccEventHub *self,
                                   gint64       user_id,
                                   gint64       except_session_id)
{
  g_return_if_fail (WCC_IS_EVENT_HUB (self));

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      if (stream->user_id == user_id && stream->session_id != except_session_id)
        end_stream (stream);
    }
}

void
wcc_event_hub_close_dead_sessions (WccEventHub     *self,
                                   WccSessionCheck  is_alive,
                                   gpointer         user_data)
{
  g_return_if_fail (WCC_IS_EVENT_HUB (self));

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      if (!is_alive (stream->session_id, user_data))
        end_stream (stream);
    }
}

guint
wcc_event_hub_count_streams (WccEventHub *self)
{
  g_return_val_if_fail (WCC_IS_EVENT_HUB (self), 0);
  return self->streams->len;
}

void
wcc_event_hub_close_all (WccEventHub *self)
{
  g_return_if_fail (WCC_IS_EVENT_HUB (self));
  g_ptr_array_set_size (self->streams, 0);
  g_hash_table_remove_all (self->online);
}
