/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-sms.c: SMS to a customer over the API (C10): the message is recorded as queued,
 * the answer goes back at once, and the gateway's outcome (sent, or failed with the
 * reason) is written and announced to the sender when it comes. */
#define G_LOG_DOMAIN "wcc-api-sms"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-phone-number.h"
#include "wcc-store-sms.h"

static JsonObject *
sms_to_json (WccStoreSms *sms)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", sms->id);
  json_object_set_int_member (object, "customer_id", sms->customer_id);
  wcc_json_set_id_or_null (object, "author_id", sms->author_id);
  json_object_set_string_member (object, "to", sms->phone);
  json_object_set_string_member (object, "text", sms->text);
  json_object_set_string_member (object, "gateway", sms->gateway);
  json_object_set_string_member (object, "state", wcc_sms_state_to_string (sms->state));
  json_object_set_string_member (object, "error", sms->error);
  wcc_json_set_time_or_null (object, "created_at", sms->created_at);
  wcc_json_set_time_or_null (object, "updated_at", sms->updated_at);
  return object;
}

void
wcc_api_customer_sms_list (WccRequest *request)
{
  g_autoptr(GPtrArray) messages = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &after))
    return;
  /* Newest first: the cursor is the last id seen. */
  messages = wcc_store_sms_list (request->store, request->user->client_id, request->id, (gint64) after, limit + 1);
  wcc_reply_page (request, messages, limit, (WccItemToJson) sms_to_json,
                      messages->len > limit ? ((WccStoreSms *) g_ptr_array_index (messages, limit - 1))->id : 0);
}

/* What the gateway's answer needs once the request is long answered. */
typedef struct {
  WccStore    *store;
  WccEventHub *hub;
  gint64       client_id;
  gint64       author_id;
  gint64       sms_id;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_object_unref (job->store);
  g_object_unref (job->hub);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendJob, send_job_free)

static void
on_sms_sent (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SendJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreSms) sms = NULL;
  gboolean sent = wcc_sms_gateway_send_finish (WCC_SMS_GATEWAY (source), result, &error);

  if (!sent)
    g_message ("SMS %" G_GINT64_FORMAT " failed: %s", job->sms_id, error->message);
  if (!wcc_store_sms_finish (job->store, job->sms_id, sent ? WCC_SMS_SENT : WCC_SMS_FAILED,
                             sent ? NULL : error->message))
    return;
  sms = wcc_store_sms_find (job->store, job->client_id, job->sms_id);
  /* The sender's desktop updates the message's state. */
  if (sms != NULL && job->author_id != 0)
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (data, sms_to_json (sms));
      wcc_event_hub_publish (job->hub, job->client_id, job->author_id, "sms.updated", data);
    }
}

/* The customer's phone that @to is (compared by digits); NULL when none is. */
static const WccStoreCustomerPhone *
find_customer_phone (WccStoreCustomer *customer,
                     const char       *to)
{
  g_autofree char *normalized = wcc_phone_number_normalize (to);

  for (guint i = 0; normalized != NULL && i < customer->phones->len; i++)
    {
      const WccStoreCustomerPhone *phone = g_ptr_array_index (customer->phones, i);

      if (g_str_equal (phone->normalized, normalized))
        return phone;
    }
  return NULL;
}

void
wcc_api_customer_sms_send (WccRequest *request)
{
  static const char *allowed[] = { "to", "text", NULL };
  WccSmsGateway *gateway = wcc_http_server_get_sms_gateway (request->server);
  g_autoptr(WccStoreCustomer) customer = NULL;
  g_autoptr(WccStoreSms) sms = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const WccStoreCustomerPhone *phone;
  const char *to = NULL, *text = NULL;
  SendJob *job;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id) ||
      (customer = wcc_store_customer_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_json_get_string (body, "to", TRUE, &to, &error) ||
      !wcc_api_read_text (body, "text", TRUE, WCC_SMS_MAX_TEXT, &text, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if ((phone = find_customer_phone (customer, to)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“to” must be one of the customer's phone numbers"));
      return;
    }
  id = wcc_store_sms_create (request->store, request->user->client_id, customer->id, request->user->id,
                             phone->number, text, wcc_sms_gateway_get_kind (gateway), &error);
  if (id == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  job = g_new0 (SendJob, 1);
  job->store = g_object_ref (request->store);
  job->hub = g_object_ref (request->hub);
  job->client_id = request->user->client_id;
  job->author_id = request->user->id;
  job->sms_id = id;
  wcc_sms_gateway_send_async (gateway, id, request->user->client_name, phone->normalized, text, NULL,
                              on_sms_sent, job);
  /* Accepted: the outcome comes later, as sms.updated. */
  sms = wcc_store_sms_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_ACCEPTED, sms_to_json (sms));
}
