/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-event-stream.c: the server's WebSocket event stream, resumed across reconnects. */
#define G_LOG_DOMAIN "wcc-event-stream"

#include "config.h"

#include "wcc-event-stream.h"

#define FIRST_BACKOFF_SECONDS 1
#define MAX_BACKOFF_SECONDS 30
/* Our own pings keep middleboxes from dropping an idle socket. */
#define KEEPALIVE_SECONDS 25
/* The server closes with this code when the session ended (logout, expiry, reset). */
#define CLOSE_SESSION_ENDED 4001

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  SIGNAL_EVENT,
  SIGNAL_RESYNC,
  SIGNAL_SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccEventStream
{
  GObject                  parent_instance;

  WccClient               *client;
  /* Separate from the client's: its request timeout must not cut a quiet WebSocket. */
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GCancellable            *connecting;
  SoupMessage             *handshake;
  guint                    reconnect_id;
  guint                    backoff_seconds;

  char                    *epoch;
  gint64                   last_seq;

  guint                    running : 1;
  guint                    connected : 1;
  guint                    reconnect_at_once : 1;
  guint                    presence : 1;
};

G_DEFINE_FINAL_TYPE (WccEventStream, wcc_event_stream, G_TYPE_OBJECT)

static void connect_now (WccEventStream *self);

static void
set_connected (WccEventStream *self,
               gboolean        connected)
{
  if (self->connected == !!connected)
    return;
  self->connected = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  WccEventStream *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (WccEventStream *self)
{
  guint delay;

  if (!self->running || self->reconnect_id != 0)
    return;
  delay = self->reconnect_at_once ? 0 : self->backoff_seconds;
  self->reconnect_at_once = FALSE;
  self->backoff_seconds = MIN (self->backoff_seconds * 2, MAX_BACKOFF_SECONDS);
  g_debug ("reconnecting in %u s", delay);
  self->reconnect_id = g_timeout_add (delay * 1000, on_reconnect_timeout, self);
}

static void
handle_message (WccEventStream *self,
                JsonObject     *message)
{
  const char *type = json_object_get_string_member_with_default (message, "type", NULL);
  const char *epoch = json_object_get_string_member_with_default (message, "epoch", NULL);
  gint64 seq = json_object_get_int_member_with_default (message, "seq", -1);

  if (type == NULL)
    return;

  if (g_str_equal (type, "hello"))
    {
      /* A first connection starts at the newest event; a resumed one keeps its place and
       * the server replays what came after it (or says resync). */
      if (self->epoch == NULL)
        {
          self->epoch = g_strdup (epoch);
          self->last_seq = MAX (seq, 0);
        }
      self->backoff_seconds = FIRST_BACKOFF_SECONDS;
      set_connected (self, TRUE);
    }
  else if (g_str_equal (type, "resync"))
    {
      g_free (self->epoch);
      self->epoch = g_strdup (epoch);
      self->last_seq = MAX (seq, 0);
      g_signal_emit (self, signals[SIGNAL_RESYNC], 0);
    }
  else if (seq < 0)
    {
      /* Unnumbered (presence): live only, never replayed; it does not move the place. */
      JsonNode *data = json_object_get_member (message, "data");

      if (data != NULL)
        g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_from_string (type), type, (gint64) 0, data);
    }
  else if (seq > self->last_seq)
    {
      JsonNode *data = json_object_get_member (message, "data");
      g_autoptr(JsonNode) null_data = NULL;

      self->last_seq = seq;
      if (data == NULL)
        data = null_data = json_node_new (JSON_NODE_NULL);
      g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_from_string (type), type, seq, data);
    }
}

static void
on_message (SoupWebsocketConnection *connection,
            gint                     data_type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  WccEventStream *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  if (!json_parser_load_from_data (parser, data, size, &error))
    {
      g_warning ("Ignoring an event that is not JSON: %s", error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    handle_message (self, json_node_get_object (root));
}

static void
drop_connection (WccEventStream *self)
{
  g_autoptr(SoupWebsocketConnection) connection = g_steal_pointer (&self->connection);

  if (connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      /* Keeps the connection alive until the closing handshake ends. */
      g_signal_connect (connection, "closed", G_CALLBACK (g_object_unref), NULL);
      g_object_ref (connection);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  set_connected (self, FALSE);
}

/* Reconnecting cannot help once the token is gone: stop and tell the application. */
static void
end_session (WccEventStream *self)
{
  wcc_event_stream_stop (self);
  g_signal_emit (self, signals[SIGNAL_SESSION_ENDED], 0);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  WccEventStream *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("event stream closed (code %u)", code);
  drop_connection (self);
  if (code == CLOSE_SESSION_ENDED)
    end_session (self);
  else
    schedule_reconnect (self);
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  g_debug ("event stream error: %s", error->message);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccEventStream) self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(SoupMessage) handshake = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connecting);
  handshake = g_steal_pointer (&self->handshake);
  if (connection == NULL)
    {
      g_debug ("event stream connection failed: %s", error->message);
      if (handshake != NULL && soup_message_get_status (handshake) == SOUP_STATUS_UNAUTHORIZED)
        end_session (self);
      else
        schedule_reconnect (self);
      return;
    }
  if (!self->running)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_keepalive_interval (self->connection, KEEPALIVE_SECONDS);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (on_error), self);
}

static void
connect_now (WccEventStream *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  const char *token;

  if (!self->running || self->connection != NULL || self->connecting != NULL)
    return;

  if (self->epoch != NULL)
    {
      g_autofree char *epoch = g_uri_escape_string (self->epoch, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/events?after=%" G_GINT64_FORMAT "&epoch=%s%s",
                              self->last_seq, epoch, self->presence ? "&presence=1" : "");
    }
  else
    path = g_strdup (self->presence ? "/api/v1/events?presence=1" : "/api/v1/events");
  url = wcc_client_build_url (self->client, path);
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_warning ("Cannot build the event stream address from %s", url);
      return;
    }
  token = wcc_client_get_token (self->client);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", bearer);
    }

  self->connecting = g_cancellable_new ();
  g_set_object (&self->handshake, message);
  soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->connecting,
                                        on_connected, g_object_ref (self));
}

static void
wcc_event_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccEventStream *self = WCC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_CONNECTED: g_value_set_boolean (value, self->connected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_event_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WccEventStream *self = WCC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_event_stream_dispose (GObject *object)
{
  WccEventStream *self = WCC_EVENT_STREAM (object);

  wcc_event_stream_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_event_stream_parent_class)->dispose (object);
}

static void
wcc_event_stream_finalize (GObject *object)
{
  WccEventStream *self = WCC_EVENT_STREAM (object);

  g_clear_pointer (&self->epoch, g_free);

  G_OBJECT_CLASS (wcc_event_stream_parent_class)->finalize (object);
}

static void
wcc_event_stream_class_init (WccEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_event_stream_get_property;
  object_class->set_property = wcc_event_stream_set_property;
  object_class->dispose = wcc_event_stream_dispose;
  object_class->finalize = wcc_event_stream_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, WCC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Detailed by the event type, e.g. "event::user.updated". */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, JSON_TYPE_NODE);
  signals[SIGNAL_RESYNC] =
    g_signal_new ("resync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wcc_event_stream_init (WccEventStream *self)
{
  self->backoff_seconds = FIRST_BACKOFF_SECONDS;
  self->session = soup_session_new_with_options ("timeout", 0,
                                                 "user-agent", "wcc-agent/" PACKAGE_VERSION,
                                                 NULL);
}

WccEventStream *
wcc_event_stream_new (WccClient *client)
{
  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);

  return g_object_new (WCC_TYPE_EVENT_STREAM, "client", client, NULL);
}

void
wcc_event_stream_start (WccEventStream *self)
{
  g_return_if_fail (WCC_IS_EVENT_STREAM (self));

  self->running = TRUE;
  self->backoff_seconds = FIRST_BACKOFF_SECONDS;
  connect_now (self);
}

void
wcc_event_stream_stop (WccEventStream *self)
{
  g_return_if_fail (WCC_IS_EVENT_STREAM (self));

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  g_clear_object (&self->handshake);
  drop_connection (self);
}

void
wcc_event_stream_reconnect (WccEventStream *self)
{
  g_return_if_fail (WCC_IS_EVENT_STREAM (self));

  if (!self->running)
    return;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  self->reconnect_at_once = TRUE;
  schedule_reconnect (self);
}

gboolean
wcc_event_stream_get_connected (WccEventStream *self)
{
  g_return_val_if_fail (WCC_IS_EVENT_STREAM (self), FALSE);
  return self->connected;
}

void
wcc_event_stream_set_presence (WccEventStream *self,
                               gboolean        presence)
{
  g_return_if_fail (WCC_IS_EVENT_STREAM (self));

  if (self->presence == !!presence)
    return;
  self->presence = !!presence;
  /* A connected stream asks again (resuming: nothing is lost). */
  if (self->connection != NULL)
    wcc_event_stream_reconnect (self);
}

gint64
wcc_event_stream_get_last_seq (WccEventStream *self)
{
  g_return_val_if_fail (WCC_IS_EVENT_STREAM (self), 0);
  return self->last_seq;
}

const char *
wcc_event_stream_get_epoch (WccEventStream *self)
{
  g_return_val_if_fail (WCC_IS_EVENT_STREAM (self), NULL);
  return self->epoch;
}
