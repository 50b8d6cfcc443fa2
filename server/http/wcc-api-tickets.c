/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-tickets.c: tickets over the API (C11, C12, D1, D3): ticket categories, statuses
 * and results; a customer's tickets with their appointment, change log and comments. */
#define G_LOG_DOMAIN "wcc-api-tickets"

#include <glib/gi18n-lib.h>

#include "wcc-http-private.h"
#include "wcc-setup-data.h"

#define MAX_TITLE 200
#define MAX_DESCRIPTION 4000
#define MAX_COMMENT 2000

/* ---- Ticket categories, statuses and results ---- */

/* The kind of choice is the path's: /ticket-categories, /ticket-statuses, /ticket-results. */
static WccTicketChoiceKind
choice_kind_of (WccRequest *request)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (request->msg));

  if (strstr (path, "/ticket-statuses") != NULL)
    return WCC_TICKET_STATUS;
  if (strstr (path, "/ticket-results") != NULL)
    return WCC_TICKET_RESULT;
  return WCC_TICKET_CATEGORY;
}

static JsonObject *
choice_to_json (WccStoreTicketChoice *choice)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", choice->id);
  json_object_set_string_member (object, "label", choice->label);
  json_object_set_int_member (object, "position", choice->position);
  json_object_set_boolean_member (object, "active", choice->active);
  json_object_set_int_member (object, "version", choice->version);
  return object;
}

static gboolean
require_admin (WccRequest *request)
{
  return wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator sets this up"));
}

void
wcc_api_ticket_choices_list (WccRequest *request)
{
  const char *active = request->query ? g_hash_table_lookup (request->query, "active") : NULL;
  g_autoptr(GPtrArray) choices = NULL;
  JsonArray *items;

  if (active != NULL && !g_str_equal (active, "0") && !g_str_equal (active, "1"))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“active” must be 0 or 1"));
      return;
    }
  choices = wcc_store_ticket_choice_list (request->store, request->user->client_id, choice_kind_of (request),
                                          g_strcmp0 (active, "1") == 0);
  items = json_array_new ();
  for (guint i = 0; i < choices->len; i++)
    json_array_add_object_element (items, choice_to_json (g_ptr_array_index (choices, i)));
  wcc_reply_items (request, items);
}

void
wcc_api_ticket_choice_create (WccRequest *request)
{
  g_autoptr(WccStoreTicketChoice) choice = g_new0 (WccStoreTicketChoice, 1);
  g_autoptr(WccStoreTicketChoice) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  choice->client_id = request->user->client_id;
  choice->kind = choice_kind_of (request);
  choice->active = TRUE;
  if (!wcc_setup_read_ticket_choice (body, TRUE, choice, &error) ||
      (id = wcc_store_ticket_choice_create (request->store, choice, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  created = wcc_store_ticket_choice_find (request->store, request->user->client_id, choice->kind, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, choice_to_json (created));
}

static WccStoreTicketChoice *
find_choice (WccRequest *request)
{
  WccStoreTicketChoice *choice = wcc_store_ticket_choice_find (request->store, request->user->client_id,
                                                               choice_kind_of (request), request->id);

  if (choice == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such ticket choice"));
  return choice;
}

void
wcc_api_ticket_choice_patch (WccRequest *request)
{
  g_autoptr(WccStoreTicketChoice) choice = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!require_admin (request) || (choice = find_choice (request)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = choice_to_json (choice);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_ticket_choice (body, FALSE, choice, &error) &&
      wcc_store_ticket_choice_update (request->store, choice, version, &error))
    {
      g_autoptr(WccStoreTicketChoice) updated = wcc_store_ticket_choice_find (request->store,
                                                                              request->user->client_id,
                                                                              choice->kind, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, choice_to_json (updated));
      return;
    }
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    {
      g_autoptr(WccStoreTicketChoice) latest = wcc_store_ticket_choice_find (request->store,
                                                                             request->user->client_id,
                                                                             choice->kind, request->id);
      if (latest != NULL)
        {
          g_clear_pointer (&current, json_object_unref);
          current = choice_to_json (latest);
        }
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_ticket_choice_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!require_admin (request))
    return;
  if (wcc_store_ticket_choice_delete (request->store, request->user->client_id, choice_kind_of (request),
                                      request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
    wcc_reply_error (request, WCC_ERROR_CONFLICT,
                     _("Tickets have this choice: it cannot be deleted, set it inactive instead"));
  else
    wcc_reply_gerror (request, error);
}

/* ---- Tickets ---- */

static const char * const choice_fields[WCC_TICKET_N_KINDS] = { "category_id", "status_id", "result_id" };
static const char * const choice_label_fields[WCC_TICKET_N_KINDS] = { "category", "status", "result" };

static JsonObject *
ticket_to_json (WccStoreTicket *ticket)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", ticket->id);
  json_object_set_int_member (object, "customer_id", ticket->customer_id);
  wcc_json_set_id_or_null (object, "author_id", ticket->author_id);
  json_object_set_string_member (object, "title", ticket->title);
  json_object_set_string_member (object, "description", ticket->description);
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    {
      wcc_json_set_id_or_null (object, choice_fields[i], ticket->choice_ids[i]);
      if (ticket->choice_labels[i] != NULL)
        json_object_set_string_member (object, choice_label_fields[i], ticket->choice_labels[i]);
      else
        json_object_set_null_member (object, choice_label_fields[i]);
    }
  json_object_set_boolean_member (object, "open", ticket->choice_ids[WCC_TICKET_RESULT] == 0);
  wcc_json_set_time_or_null (object, "appointment_at", ticket->appointment_at);
  wcc_json_set_id_or_null (object, "appointment_user_id", ticket->appointment_user_id);
  json_object_set_int_member (object, "version", ticket->version);
  wcc_json_set_time_or_null (object, "created_at", ticket->created_at);
  wcc_json_set_time_or_null (object, "updated_at", ticket->updated_at);
  return object;
}

/* ticket.created or ticket.changed (data: Ticket) to the customer's owner and the ticket's
 * author, once each. */
static void
publish_ticket (WccRequest     *request,
                const char     *type,
                WccStoreTicket *ticket)
{
  gint64 users[] = { ticket->customer_owner_id, ticket->author_id };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      JsonNode *data;

      if (users[i] == 0 || (i == 1 && users[1] == users[0]))
        continue;
      data = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (data, ticket_to_json (ticket));
      wcc_event_hub_publish (request->hub, request->user->client_id, users[i], type, data);
    }
}

/* The ticket of @ticket_id if the caller sees its customer; NULL (404 answered) otherwise,
 * other clients' tickets too. */
static WccStoreTicket *
find_visible_ticket (WccRequest *request,
                     gint64      ticket_id)
{
  g_autoptr(WccStoreTicket) ticket = wcc_store_ticket_find (request->store, request->user->client_id, ticket_id);

  if (ticket == NULL || !wcc_request_sees_customer (request, ticket->customer_id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such ticket"));
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

/* Replies with the ticket as it is now and tells its owner and author about it. */
static void
reply_ticket (WccRequest *request,
              guint       status,
              const char *event_type,
              gint64      ticket_id)
{
  g_autoptr(WccStoreTicket) ticket = wcc_store_ticket_find (request->store, request->user->client_id, ticket_id);

  publish_ticket (request, event_type, ticket);
  wcc_reply_object (request, status, ticket_to_json (ticket));
}

void
wcc_api_customer_tickets_list (WccRequest *request)
{
  const char *open = request->query ? g_hash_table_lookup (request->query, "open") : NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &after))
    return;
  if (open != NULL && !g_str_equal (open, "0") && !g_str_equal (open, "1"))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“open” must be 0 or 1"));
      return;
    }
  /* Newest first: the cursor is the last id seen. */
  tickets = wcc_store_ticket_list_for_customer (request->store, request->user->client_id, request->id,
                                                g_strcmp0 (open, "1") == 0, (gint64) after, limit + 1);
  wcc_reply_page (request, tickets, limit, (WccItemToJson) ticket_to_json,
                  tickets->len > limit ? ((WccStoreTicket *) g_ptr_array_index (tickets, limit - 1))->id : 0);
}

/* The choices of a ticket: a missing member leaves the choice, null clears it. */
static gboolean
read_ticket_choices (JsonObject      *body,
                     WccStoreTicket  *ticket,
                     GError         **error)
{
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    {
      JsonNode *node = json_object_get_member (body, choice_fields[i]);
      gint64 id = 0;

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_NULL (node) && (!wcc_json_get_int (body, choice_fields[i], TRUE, &id, error) || id <= 0))
        {
          g_clear_error (error);
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be an id or null"), choice_fields[i]);
          return FALSE;
        }
      ticket->choice_ids[i] = id;
    }
  return TRUE;
}

/* POST and PATCH: title, description and choices onto @ticket. */
static gboolean
read_ticket (JsonObject      *body,
             gboolean         creating,
             WccStoreTicket  *ticket,
             GError         **error)
{
  static const char *allowed_new[] = { "title", "description", "category_id", "status_id", "result_id", NULL };
  static const char *allowed_edit[] = { "title", "description", "category_id", "status_id", "result_id", "version",
                                        NULL };
  const char *title = NULL, *description = NULL;

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text (body, "title", creating, MAX_TITLE, &title, error) ||
      !wcc_api_read_text (body, "description", FALSE, MAX_DESCRIPTION, &description, error) ||
      !read_ticket_choices (body, ticket, error))
    return FALSE;
  if (title != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (title));

      if (*stripped == '\0')
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"), "title",
                       MAX_TITLE);
          return FALSE;
        }
      g_free (ticket->title);
      ticket->title = g_steal_pointer (&stripped);
    }
  if (description != NULL)
    {
      g_free (ticket->description);
      ticket->description = g_strdup (description);
    }
  return TRUE;
}

void
wcc_api_customer_ticket_create (WccRequest *request)
{
  g_autoptr(WccStoreTicket) ticket = g_new0 (WccStoreTicket, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* C11: only a saved customer has tickets: the path names it. */
  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  ticket->client_id = request->user->client_id;
  ticket->customer_id = request->id;
  if (!read_ticket (body, TRUE, ticket, &error) ||
      (id = wcc_store_ticket_create (request->store, ticket, request->user->id, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  reply_ticket (request, SOUP_STATUS_CREATED, "ticket.created", id);
}

void
wcc_api_ticket_get (WccRequest *request)
{
  g_autoptr(WccStoreTicket) ticket = find_visible_ticket (request, request->id);

  if (ticket != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, ticket_to_json (ticket));
}

/* A failed ticket write: a stale version with the ticket as it is now. */
static void
reply_ticket_error (WccRequest   *request,
                    const GError *error)
{
  g_autoptr(WccStoreTicket) latest = NULL;
  g_autoptr(JsonObject) current = NULL;

  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT) &&
      (latest = wcc_store_ticket_find (request->store, request->user->client_id, request->id)) != NULL)
    current = ticket_to_json (latest);
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_ticket_patch (WccRequest *request)
{
  g_autoptr(WccStoreTicket) ticket = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if ((ticket = find_visible_ticket (request, request->id)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_api_read_version (body, &version, &error) || !read_ticket (body, FALSE, ticket, &error) ||
      !wcc_store_ticket_update (request->store, ticket, version, request->user->id, &error))
    {
      reply_ticket_error (request, error);
      return;
    }
  reply_ticket (request, SOUP_STATUS_OK, "ticket.changed", request->id);
}

/* C12: {"quick": "30m" | "1d" | "1w"} from now, or {"at": RFC 3339}; optional "version". */
static gboolean
read_appointment (WccRequest  *request,
                  JsonObject  *body,
                  gint64      *out_at,
                  gint64      *out_version,
                  GError     **error)
{
  static const char *allowed[] = { "quick", "at", "version", NULL };
  const char *quick = NULL, *at = NULL;

  if (!wcc_json_check_fields (body, allowed, error) ||
      !wcc_json_get_string (body, "quick", FALSE, &quick, error) ||
      !wcc_json_get_string (body, "at", FALSE, &at, error) ||
      !wcc_json_get_int (body, "version", FALSE, out_version, error))
    return FALSE;
  if ((quick == NULL) == (at == NULL))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("Give either “quick” (30m, 1d or 1w) or “at” (an RFC 3339 time)"));
      return FALSE;
    }
  return wcc_api_appointment_time (request, "at", at, quick, out_at, error);
}

void
wcc_api_ticket_appointment_put (WccRequest *request)
{
  g_autoptr(WccStoreTicket) ticket = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 at = 0, version = 0;

  if ((ticket = find_visible_ticket (request, request->id)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!read_appointment (request, body, &at, &version, &error) ||
      !wcc_store_ticket_set_appointment (request->store, request->user->client_id, request->id, at,
                                         request->user->id, version, &error))
    {
      reply_ticket_error (request, error);
      return;
    }
  reply_ticket (request, SOUP_STATUS_OK, "ticket.changed", request->id);
}

void
wcc_api_ticket_appointment_delete (WccRequest *request)
{
  g_autoptr(WccStoreTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  if ((ticket = find_visible_ticket (request, request->id)) == NULL)
    return;
  /* Nothing to remove changes nothing (a retried removal, say). */
  if (ticket->appointment_at == 0)
    {
      wcc_reply_object (request, SOUP_STATUS_OK, ticket_to_json (ticket));
      return;
    }
  if (!wcc_store_ticket_set_appointment (request->store, request->user->client_id, request->id, 0,
                                         request->user->id, 0, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  reply_ticket (request, SOUP_STATUS_OK, "ticket.changed", request->id);
}

/* D1: agents count the open tickets of their customers and those they wrote; leaders and
 * the client admin the client's. */
void
wcc_api_tickets_open_count (WccRequest *request)
{
  gboolean whole_client = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER);
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "count",
                              wcc_store_ticket_count_open (request->store, request->user->client_id,
                                                           whole_client ? 0 : request->user->id));
  json_object_set_string_member (body, "scope", whole_client ? "client" : "mine");
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* ?@name= as an RFC 3339 time; absent leaves *@out. */
static gboolean
query_time (WccRequest  *request,
            const char  *name,
            gint64      *out,
            GError     **error)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, name) : NULL;

  if (text != NULL && !wcc_time_from_rfc3339 (text, out))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be an RFC 3339 time"), name);
      return FALSE;
    }
  return TRUE;
}

/* D3: the caller's ticket appointments of open tickets from ?from= to before ?to=, by
 * time; the cursor is the offset of the next page. */
void
wcc_api_ticket_appointments_list (WccRequest *request)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  WccStoreViewer viewer;
  gint64 from = 0, to = G_MAXINT64;
  guint64 offset;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &offset, &error) || !query_time (request, "from", &from, &error) ||
      !query_time (request, "to", &to, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (from >= to)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“from” must be before “to”"));
      return;
    }
  viewer = wcc_request_viewer (request);
  tickets = wcc_store_ticket_list_appointments (request->store, request->user->client_id, &viewer,
                                                from, to, (guint) MIN (offset, G_MAXUINT), limit + 1);
  wcc_reply_page (request, tickets, limit, (WccItemToJson) ticket_to_json,
                  (gint64) (MIN (offset, G_MAXUINT) + limit));
}

/* ---- Change log and comments ---- */

static void
set_text_or_null (JsonObject *object,
                  const char *name,
                  const char *text)
{
  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
change_to_json (WccStoreTicketChange *change)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", change->id);
  json_object_set_int_member (object, "ticket_id", change->ticket_id);
  wcc_json_set_id_or_null (object, "user_id", change->user_id);
  wcc_json_set_time_or_null (object, "at", change->at);
  json_object_set_string_member (object, "field", change->field);
  set_text_or_null (object, "old", change->old_value);
  set_text_or_null (object, "new", change->new_value);
  return object;
}

/* The rows of a list under a ticket (change log, comments), oldest first, after an id. */
typedef GPtrArray *(*TicketListFunc) (WccStore *store,
                                      gint64    client_id,
                                      gint64    ticket_id,
                                      gint64    after_id,
                                      guint     limit);

/* Both kinds of rows start with their id: the cursor of the next page. */
G_STATIC_ASSERT (G_STRUCT_OFFSET (WccStoreTicketChange, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (WccStoreTicketComment, id) == 0);

/* A list under the ticket of the path: 404 unless the caller sees it, then a page after
 * ?after= (the last id seen). */
static void
reply_ticket_list (WccRequest     *request,
                   TicketListFunc  list,
                   WccItemToJson   to_json)
{
  g_autoptr(WccStoreTicket) ticket = find_visible_ticket (request, request->id);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after;
  guint limit;

  if (ticket == NULL)
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  rows = list (request->store, request->user->client_id, request->id, (gint64) after, limit + 1);
  wcc_reply_page (request, rows, limit, to_json,
                  rows->len > limit ? *(gint64 *) g_ptr_array_index (rows, limit - 1) : 0);
}

void
wcc_api_ticket_changes_list (WccRequest *request)
{
  reply_ticket_list (request, wcc_store_ticket_change_list, (WccItemToJson) change_to_json);
}

static JsonObject *
comment_to_json (WccStoreTicketComment *comment)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", comment->id);
  json_object_set_int_member (object, "ticket_id", comment->ticket_id);
  wcc_json_set_id_or_null (object, "author_id", comment->author_id);
  json_object_set_string_member (object, "text", comment->text);
  wcc_json_set_time_or_null (object, "created_at", comment->created_at);
  return object;
}

void
wcc_api_ticket_comments_list (WccRequest *request)
{
  reply_ticket_list (request, wcc_store_ticket_comment_list, (WccItemToJson) comment_to_json);
}

void
wcc_api_ticket_comment_create (WccRequest *request)
{
  static const char *allowed[] = { "text", NULL };
  g_autoptr(WccStoreTicket) ticket = NULL;
  g_autoptr(WccStoreTicketComment) comment = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  gint64 id;

  if ((ticket = find_visible_ticket (request, request->id)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_api_read_text (body, "text", TRUE, MAX_COMMENT, &text, &error) ||
      (id = wcc_store_ticket_comment_create (request->store, request->user->client_id, request->id,
                                             request->user->id, text, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  comment = wcc_store_ticket_comment_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, comment_to_json (comment));
}

void
wcc_api_ticket_comment_delete (WccRequest *request)
{
  g_autoptr(WccStoreTicketComment) comment = wcc_store_ticket_comment_find (request->store,
                                                                            request->user->client_id, request->id);
  g_autoptr(WccStoreTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = comment ? wcc_store_ticket_find (request->store, request->user->client_id, comment->ticket_id) : NULL;
  if (ticket == NULL || !wcc_request_sees_customer (request, ticket->customer_id))
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such comment"));
  else if (comment->author_id != request->user->id)
    wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only its author deletes a comment"));
  else if (wcc_store_ticket_comment_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}
