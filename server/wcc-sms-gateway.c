/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sms-gateway.c: where SMS to customers go (C10): the log, or an HTTP webhook called
 * with libsoup's async API, so a slow gateway never holds up the main loop. */
#define G_LOG_DOMAIN "wcc-sms"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-sms-gateway.h"

struct _WccSmsGateway
{
  GObject       parent_instance;
  char         *kind;
  char         *url;          /* webhook only */
  SoupSession  *session;      /* webhook only */
  GCancellable *cancellable;  /* for every send in flight */
};

G_DEFINE_FINAL_TYPE (WccSmsGateway, wcc_sms_gateway, G_TYPE_OBJECT)

static void
on_webhook_answered (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The gateway answered HTTP %u %s"),
                               status, soup_message_get_reason_phrase (msg));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
wcc_sms_gateway_dispose (GObject *object)
{
  WccSmsGateway *self = WCC_SMS_GATEWAY (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_sms_gateway_parent_class)->dispose (object);
}

static void
wcc_sms_gateway_finalize (GObject *object)
{
  WccSmsGateway *self = WCC_SMS_GATEWAY (object);

  g_free (self->kind);
  g_free (self->url);

  G_OBJECT_CLASS (wcc_sms_gateway_parent_class)->finalize (object);
}

static void
wcc_sms_gateway_class_init (WccSmsGatewayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_sms_gateway_dispose;
  object_class->finalize = wcc_sms_gateway_finalize;
}

static void
wcc_sms_gateway_init (WccSmsGateway *self)
{
  self->cancellable = g_cancellable_new ();
}

WccSmsGateway *
wcc_sms_gateway_new (const char *kind,
                     const char *url,
                     guint       timeout_seconds)
{
  WccSmsGateway *self;

  g_return_val_if_fail (g_strcmp0 (kind, "log") == 0 || (g_strcmp0 (kind, "webhook") == 0 && url != NULL), NULL);

  self = g_object_new (WCC_TYPE_SMS_GATEWAY, NULL);
  self->kind = g_strdup (kind);
  if (g_str_equal (kind, "webhook"))
    {
      self->url = g_strdup (url);
      self->session = soup_session_new_with_options ("timeout", timeout_seconds, "idle-timeout", 60, NULL);
    }
  return self;
}

const char *
wcc_sms_gateway_get_kind (WccSmsGateway *self)
{
  g_return_val_if_fail (WCC_IS_SMS_GATEWAY (self), NULL);
  return self->kind;
}

void
wcc_sms_gateway_send_async (WccSmsGateway       *self,
                            gint64               sms_id,
                            const char          *client,
                            const char          *to,
                            const char          *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg;
  char *json;

  g_return_if_fail (WCC_IS_SMS_GATEWAY (self));
  g_return_if_fail (client != NULL && to != NULL && text != NULL);

  task = g_task_new (self, cancellable ? cancellable : self->cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_sms_gateway_send_async);
  if (self->session == NULL)
    {
      /* The log gateway (the demo's): the message is only written to the log. */
      g_message ("SMS %" G_GINT64_FORMAT " of %s to %s: %s", sms_id, client, to, text);
      g_task_return_boolean (task, TRUE);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sms_id);
  json_builder_set_member_name (builder, "client");
  json_builder_add_string_value (builder, client);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body = g_bytes_new_take (json, strlen (json));
  msg = soup_message_new ("POST", self->url);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    on_webhook_answered, g_object_ref (task));
}

gboolean
wcc_sms_gateway_send_finish (WccSmsGateway  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wcc_sms_gateway_cancel_all (WccSmsGateway *self)
{
  g_return_if_fail (WCC_IS_SMS_GATEWAY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}
