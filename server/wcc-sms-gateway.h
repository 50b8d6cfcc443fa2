/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sms-gateway.h: where SMS to customers go (C10): the log, or an HTTP webhook called
 * without blocking the main loop. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WCC_TYPE_SMS_GATEWAY (wcc_sms_gateway_get_type ())
G_DECLARE_FINAL_TYPE (WccSmsGateway, wcc_sms_gateway, WCC, SMS_GATEWAY, GObject)

/* @kind: "log" or "webhook" (which needs @url); a webhook call is given up after
 * @timeout_seconds. */
WccSmsGateway *wcc_sms_gateway_new        (const char          *kind,
                                           const char          *url,
                                           guint                timeout_seconds);
/* "log" or "webhook": stored with each message. */
const char    *wcc_sms_gateway_get_kind   (WccSmsGateway       *self);
/* Sends @text to @to (a normalized number). The webhook gets a POST of
 * {"id", "client", "to", "text"}; any 2xx answer means sent. */
void           wcc_sms_gateway_send_async (WccSmsGateway       *self,
                                           gint64               sms_id,
                                           const char          *client,
                                           const char          *to,
                                           const char          *text,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* FALSE with the reason it was not sent. */
gboolean       wcc_sms_gateway_send_finish (WccSmsGateway      *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Gives up every send in flight (they finish with G_IO_ERROR_CANCELLED). */
void           wcc_sms_gateway_cancel_all (WccSmsGateway       *self);

G_END_DECLS
