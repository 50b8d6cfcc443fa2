/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-notification-center.c: the user's notifications (S13), live from the event stream. */
#define G_LOG_DOMAIN "wcc-notification-center"

#include "wcc-notification-center.h"
#include "wcc-record.h"

/* As many as the bell's popover shows; older ones stay on the server. */
#define SHOWN 50

struct _WccNotificationCenter
{
  GObject       parent_instance;

  WccSession   *session;
  GListStore   *items;        /* of WccRecord, newest first */
  guint         unread;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (WccNotificationCenter, wcc_notification_center, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNREAD,
  N_PROPS
};

enum {
  SIGNAL_ARRIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_unread (WccNotificationCenter *self,
            gint64                 unread)
{
  guint value = (guint) CLAMP (unread, 0, G_MAXINT);

  if (self->unread == value)
    return;
  self->unread = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

static void
on_list_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccNotificationCenter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the notifications: %s", error->message);
      return;
    }
  wcc_record_store_replace (self->items, json_object_get_array_member (answer, "items"));
}

static void
on_count_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccNotificationCenter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer != NULL)
    set_unread (self, json_object_get_int_member_with_default (answer, "unread", 0));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Cannot read the unread count: %s", error->message);
}

void
wcc_notification_center_reload (WccNotificationCenter *self)
{
  WccClient *client;

  g_return_if_fail (WCC_IS_NOTIFICATION_CENTER (self));

  client = wcc_session_get_client (self->session);
  wcc_client_get_object_async (client, "/api/v1/notifications/unread-count", self->cancellable, on_count_read,
                               g_object_ref (self));
  wcc_client_get_object_async (client, "/api/v1/notifications?limit=" G_STRINGIFY (SHOWN), self->cancellable,
                               on_list_read, g_object_ref (self));
}

static WccRecord *
find_item (WccNotificationCenter *self,
           gint64                 id,
           guint                 *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (wcc_record_get_id (record) == id)
        {
          if (out_position != NULL)
            *out_position = i;
          return record;
        }
    }
  return NULL;
}

/* Marks @record read here (a new record in its place, so that views rebind). */
static void
show_read (WccNotificationCenter *self,
           WccRecord             *record,
           guint                  position)
{
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(WccRecord) read = NULL;

  if (wcc_record_get_bool (record, "read"))
    return;
  data = json_object_ref (wcc_record_get_data (record));
  json_object_set_boolean_member (data, "read", TRUE);
  read = wcc_record_new (data);
  g_list_store_splice (self->items, position, 1, (gpointer *) &read, 1);
}

static void
on_event (WccNotificationCenter *self,
          const char            *type,
          gint64                 seq,
          JsonNode              *data)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;

  if (object == NULL)
    return;
  if (g_str_equal (type, "notification.created"))
    {
      JsonObject *notification = json_object_get_object_member (object, "notification");
      g_autoptr(WccRecord) record = NULL;

      if (notification == NULL || find_item (self, json_object_get_int_member (notification, "id"), NULL) != NULL)
        return;
      record = wcc_record_new (notification);
      g_list_store_insert (self->items, 0, record);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > SHOWN)
        g_list_store_remove (self->items, SHOWN);
      set_unread (self, json_object_get_int_member_with_default (object, "unread", self->unread + 1));
      g_signal_emit (self, signals[SIGNAL_ARRIVED], 0, record);
    }
  else if (g_str_equal (type, "notification.read"))
    {
      /* Read in another window of the user (or here): the count is the server's. */
      gint64 id = json_object_get_int_member_with_default (object, "id", 0);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->items), i);

          if (id == 0 || wcc_record_get_id (record) == id)
            show_read (self, record, i);
        }
      set_unread (self, json_object_get_int_member_with_default (object, "unread", 0));
    }
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, NULL, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Cannot mark notifications read: %s", error->message);
}

void
wcc_notification_center_mark_read (WccNotificationCenter *self,
                                   gint64                 notification_id)
{
  g_autofree char *path = NULL;
  WccRecord *record;
  guint position;

  g_return_if_fail (WCC_IS_NOTIFICATION_CENTER (self));

  record = find_item (self, notification_id, &position);
  if (record == NULL || wcc_record_get_bool (record, "read"))
    return;
  show_read (self, record, position);
  set_unread (self, self->unread > 0 ? self->unread - 1 : 0);
  path = g_strdup_printf ("/api/v1/notifications/%" G_GINT64_FORMAT "/read", notification_id);
  wcc_session_queue_write_async (self->session, "POST", path, NULL, self->cancellable, on_write_done, NULL);
}

void
wcc_notification_center_mark_all_read (WccNotificationCenter *self)
{
  guint n;

  g_return_if_fail (WCC_IS_NOTIFICATION_CENTER (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      show_read (self, record, i);
    }
  set_unread (self, 0);
  wcc_session_queue_write_async (self->session, "POST", "/api/v1/notifications/read-all", NULL, self->cancellable,
                                 on_write_done, NULL);
}

GListModel *
wcc_notification_center_get_items (WccNotificationCenter *self)
{
  g_return_val_if_fail (WCC_IS_NOTIFICATION_CENTER (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
wcc_notification_center_get_unread (WccNotificationCenter *self)
{
  g_return_val_if_fail (WCC_IS_NOTIFICATION_CENTER (self), 0);
  return self->unread;
}

static void
wcc_notification_center_dispose (GObject *object)
{
  WccNotificationCenter *self = WCC_NOTIFICATION_CENTER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->items);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (wcc_notification_center_parent_class)->dispose (object);
}

static void
wcc_notification_center_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  WccNotificationCenter *self = WCC_NOTIFICATION_CENTER (object);

  switch (prop_id)
    {
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_notification_center_class_init (WccNotificationCenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_notification_center_dispose;
  object_class->get_property = wcc_notification_center_get_property;

  properties[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ARRIVED] = g_signal_new ("arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, WCC_TYPE_RECORD);
}

static void
wcc_notification_center_init (WccNotificationCenter *self)
{
  self->items = g_list_store_new (WCC_TYPE_RECORD);
  self->cancellable = g_cancellable_new ();
}

WccNotificationCenter *
wcc_notification_center_new (WccSession *session)
{
  WccNotificationCenter *self;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  self = g_object_new (WCC_TYPE_NOTIFICATION_CENTER, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (wcc_session_get_event_stream (session), "event", G_CALLBACK (on_event), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wcc_session_get_event_stream (session), "resync",
                           G_CALLBACK (wcc_notification_center_reload), self, G_CONNECT_SWAPPED);
  wcc_notification_center_reload (self);
  return self;
}
