/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-approvals.c: do-not-call and blacklist requests on a customer's phone number
 * (C6), their review, and one list of what waits for a reviewer (with the pop-up warnings
 * of C9). */
#define G_LOG_DOMAIN "wcc-api-approvals"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-phone-number.h"

#define MAX_REASON 200

static const char * const state_names[] = { "", "pending", "approved", "rejected" };

/* The client admin reviews anything; a leader what the members of their groups asked for,
 * never their own (a submission is reviewed by someone else: manual §2.3.5). */
gboolean
wcc_request_may_review (WccRequest *request,
                        gint64      author_id)
{
  return wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) ||
         (wcc_request_has_role (request, WCC_ROLE_LEADER) && author_id != 0 && author_id != request->user->id &&
          wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, author_id));
}

gboolean
wcc_api_read_review (JsonObject   *body,
                     const char  **allowed,
                     gboolean     *out_approve,
                     const char  **out_reason,
                     GError      **error)
{
  const char *decision = NULL;

  if (!wcc_json_check_fields (body, allowed, error) ||
      !wcc_json_get_string (body, "decision", TRUE, &decision, error) ||
      !wcc_api_read_text (body, "reason", FALSE, MAX_REASON, out_reason, error))
    return FALSE;
  if (!g_str_equal (decision, "approve") && !g_str_equal (decision, "reject"))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“decision” must be “approve” or “reject”"));
      return FALSE;
    }
  *out_approve = g_str_equal (decision, "approve");
  if (!*out_approve && (*out_reason == NULL || **out_reason == '\0'))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("A rejection needs a “reason”"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
number_request_to_json (WccStoreNumberRequest *request)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", request->id);
  wcc_json_set_id_or_null (object, "customer_id", request->customer_id);
  json_object_set_string_member (object, "kind", wcc_number_request_kind_to_string (request->kind));
  json_object_set_string_member (object, "number", request->number);
  json_object_set_string_member (object, "normalized", request->normalized);
  json_object_set_string_member (object, "reason", request->reason);
  wcc_json_set_id_or_null (object, "requester_id", request->requester_id);
  json_object_set_string_member (object, "state", state_names[request->state]);
  wcc_json_set_id_or_null (object, "reviewer_id", request->reviewer_id);
  json_object_set_string_member (object, "review_reason", request->review_reason);
  wcc_json_set_time_or_null (object, "reviewed_at", request->reviewed_at);
  json_object_set_int_member (object, "version", request->version);
  wcc_json_set_time_or_null (object, "created_at", request->created_at);
  wcc_json_set_time_or_null (object, "updated_at", request->updated_at);
  return object;
}

void
wcc_api_customer_number_requests_list (WccRequest *request)
{
  g_autoptr(GPtrArray) requests = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &after))
    return;
  /* Newest first: the cursor is the last id seen. */
  requests = wcc_store_number_request_list (request->store, request->user->client_id, request->id, (gint64) after,
                                            limit + 1);
  wcc_reply_page (request, requests, limit, (WccItemToJson) number_request_to_json,
                  requests->len > limit ? ((WccStoreNumberRequest *) g_ptr_array_index (requests, limit - 1))->id : 0);
}

void
wcc_api_customer_number_request_create (WccRequest *request)
{
  static const char *allowed[] = { "kind", "number", "reason", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WccStoreNumberRequest) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  const char *kind = NULL, *number = NULL, *reason = NULL;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "kind", TRUE, &kind, &error) ||
      !wcc_json_get_string (body, "number", TRUE, &number, &error) ||
      !wcc_api_read_text (body, "reason", TRUE, MAX_REASON, &reason, &error))
    goto fail;
  if (wcc_number_request_kind_from_string (kind) < 0)
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“kind” must be “do_not_call” or “blacklist”"));
      goto fail;
    }
  if ((normalized = wcc_phone_number_normalize (number)) == NULL)
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“number” is not a phone number"));
      goto fail;
    }
  id = wcc_store_number_request_create (request->store, request->user->client_id, request->id, request->user->id,
                                        wcc_number_request_kind_from_string (kind), normalized, reason, &error);
  if (id == 0)
    goto fail;
  created = wcc_store_number_request_find (request->store, request->user->client_id, id);
  wcc_api_publish_approvals_changed (request, request->user->id, "number_request", id, WCC_REVIEW_PENDING);
  wcc_reply_object (request, SOUP_STATUS_CREATED, number_request_to_json (created));
  return;

fail:
  wcc_reply_gerror (request, error);
}

/* The request of the path for those who see its customer, its requester and its
 * reviewers; 404 for everyone else (and other clients). */
static WccStoreNumberRequest *
find_number_request (WccRequest *request)
{
  g_autoptr(WccStoreNumberRequest) found = wcc_store_number_request_find (request->store, request->user->client_id,
                                                                          request->id);

  if (found != NULL &&
      (found->requester_id == request->user->id || wcc_request_may_review (request, found->requester_id) ||
       (found->customer_id != 0 && wcc_request_sees_customer (request, found->customer_id))))
    return g_steal_pointer (&found);
  wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such request"));
  return NULL;
}

void
wcc_api_number_request_get (WccRequest *request)
{
  g_autoptr(WccStoreNumberRequest) found = find_number_request (request);

  if (found != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, number_request_to_json (found));
}

/* The heading of a review outcome's notification (S13). */
static const char *
review_title (WccNumberRequestKind kind,
              gboolean             approve)
{
  if (kind == WCC_NUMBER_DO_NOT_CALL)
    return approve ? _("Do-not-call request approved") : _("Do-not-call request rejected");
  return approve ? _("Blacklist request approved") : _("Blacklist request rejected");
}

gboolean
wcc_api_run_review (WccRequest            *request,
                    gint64                 author_id,
                    const char            *forbidden,
                    WccReviewFunc          review,
                    WccCurrentJson         current_json,
                    const WccReviewNotice *notice,
                    gint64                *out_notification_id)
{
  static const char *allowed[] = { "decision", "reason", "version", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;
  gint64 version = 0;
  gboolean approve;

  *out_notification_id = 0;
  if (!wcc_request_may_review (request, author_id))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, forbidden);
      return FALSE;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return FALSE;
  /* S13: the decision and the author's notification of it, in one transaction. */
  if (wcc_api_read_review (body, allowed, &approve, &reason, &error) &&
      wcc_json_get_int (body, "version", FALSE, &version, &error) &&
      wcc_store_begin (request->store, &error) &&
      review (request->store, request->user->client_id, request->id, request->user->id, approve, reason, version,
              &error) &&
      (author_id == 0 ||
       (*out_notification_id = wcc_api_notification_add_review (request, author_id,
                                                                approve ? notice->kind_approved : notice->kind_rejected,
                                                                approve ? notice->title_approved
                                                                        : notice->title_rejected,
                                                                notice->ref_type, request->id, notice->customer_id,
                                                                reason, &error)) != 0) &&
      wcc_store_commit (request->store, &error))
    return TRUE;
  wcc_store_rollback (request->store);
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    current = current_json (request);
  wcc_reply_edit_error (request, error, current);
  return FALSE;
}

static JsonObject *
current_number_request (WccRequest *request)
{
  g_autoptr(WccStoreNumberRequest) latest = wcc_store_number_request_find (request->store, request->user->client_id,
                                                                           request->id);

  return latest != NULL ? number_request_to_json (latest) : NULL;
}

void
wcc_api_number_request_review (WccRequest *request)
{
  g_autoptr(WccStoreNumberRequest) found = find_number_request (request);
  g_autoptr(WccStoreNumberRequest) reviewed = NULL;
  WccReviewNotice notice = { 0 };
  gint64 notification_id = 0;

  if (found == NULL)
    return;
  notice = (WccReviewNotice) {
    .kind_approved = "number_request.approved", .kind_rejected = "number_request.rejected",
    .title_approved = review_title (found->kind, TRUE), .title_rejected = review_title (found->kind, FALSE),
    .ref_type = "number_request", .customer_id = found->customer_id,
  };
  if (!wcc_api_run_review (request, found->requester_id,
                           _("Only the client administrator or a leader of the requester's group reviews requests"),
                           wcc_store_number_request_review, current_number_request, &notice, &notification_id))
    return;
  reviewed = wcc_store_number_request_find (request->store, request->user->client_id, request->id);
  wcc_api_publish_approvals_changed (request, reviewed->requester_id, "number_request", reviewed->id, reviewed->state);
  /* S13: the requester hears of the decision. */
  if (reviewed->requester_id != 0)
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (data, number_request_to_json (reviewed));
      wcc_event_hub_publish (request->hub, request->user->client_id, reviewed->requester_id,
                             "number_request.reviewed", data);
      wcc_api_notification_publish (request, reviewed->requester_id, notification_id);
    }
  wcc_reply_object (request, SOUP_STATUS_OK, number_request_to_json (reviewed));
}

void
wcc_api_publish_approvals_changed (WccRequest     *request,
                                   gint64          author_id,
                                   const char     *type,
                                   gint64          id,
                                   WccReviewState  state)
{
  g_autoptr(GArray) reviewers = wcc_store_reviewers_of (request->store, request->user->client_id, author_id);
  JsonObject *object = json_object_new ();
  JsonNode *data = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "type", type);
  json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "state", state_names[state]);
  json_node_take_object (data, object);
  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, (const gint64 *) (gpointer) reviewers->data,
                                  reviewers->len, "approvals.changed", data);
}

/* What the inbox shows of an item without more requests: "customer_label" (C8) and
 * "author_name" (the requester or author), null when there is none. */
static void
set_names (WccRequest *request,
           JsonObject *item,
           gint64      customer_id,
           gint64      author_id)
{
  g_autoptr(WccStoreCustomer) customer = customer_id != 0 ? wcc_store_customer_find (request->store,
                                                                                     request->user->client_id,
                                                                                     customer_id) : NULL;
  g_autoptr(WccStoreUser) author = author_id != 0 ? wcc_store_user_find (request->store, request->user->client_id,
                                                                         author_id) : NULL;
  g_autofree char *label = customer != NULL ? wcc_api_customer_tab_label (customer) : NULL;
  g_autofree char *name = author != NULL ? wcc_api_display_name (author->surname, author->given_name,
                                                                 author->employee_id) : NULL;

  if (label != NULL)
    json_object_set_string_member (item, "customer_label", label);
  else
    json_object_set_null_member (item, "customer_label");
  if (name != NULL)
    json_object_set_string_member (item, "author_name", name);
  else
    json_object_set_null_member (item, "author_name");
}

void
wcc_api_approvals_list (WccRequest *request)
{
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(GArray) approvals = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 offset;
  guint limit;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER,
                                 _("Only the client administrator and leaders review requests")))
    return;
  if (!wcc_request_query_page (request, &limit, &offset, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  offset = MIN (offset, G_MAXUINT - limit - 1);
  approvals = wcc_store_approval_list (request->store, request->user->client_id, &viewer, (guint) offset, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < approvals->len && i < limit; i++)
    {
      WccStoreApproval *approval = &g_array_index (approvals, WccStoreApproval, i);
      JsonObject *item = json_object_new ();

      gint64 customer_id = 0, author_id = 0;

      if (approval->type == WCC_APPROVAL_NUMBER_REQUEST)
        {
          g_autoptr(WccStoreNumberRequest) found = wcc_store_number_request_find (request->store,
                                                                                  request->user->client_id,
                                                                                  approval->id);
          json_object_set_string_member (item, "type", "number_request");
          json_object_set_object_member (item, "number_request", number_request_to_json (found));
          customer_id = found->customer_id;
          author_id = found->requester_id;
        }
      else if (approval->type == WCC_APPROVAL_KNOWLEDGE)
        {
          g_autoptr(WccStoreKbItem) found = wcc_store_kb_item_find (request->store, request->user->client_id,
                                                                   approval->id);
          json_object_set_string_member (item, "type", "knowledge");
          json_object_set_object_member (item, "knowledge", wcc_api_kb_item_to_json (found));
          author_id = found->author_id;
        }
      else
        {
          g_autoptr(WccStoreNote) note = wcc_store_note_find (request->store, request->user->client_id, approval->id);
          json_object_set_string_member (item, "type", "warning");
          json_object_set_object_member (item, "note", wcc_api_note_to_json (note));
          customer_id = note->customer_id;
          author_id = note->author_id;
        }
      set_names (request, item, customer_id, author_id);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (body, "items", items);
  /* Oldest first across both kinds: the cursor is the offset of the next page. */
  wcc_api_set_next (body, approvals->len > limit, (gint64) (offset + limit));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}
