/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-knowledge.c: the knowledge base (S11, S12): categories, items submitted and
 * reviewed, attachments, full-text search, the items each user opened; and the quick search
 * (S10) of the knowledge base and of customers by full phone number. */
#define G_LOG_DOMAIN "wcc-api-knowledge"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wcc-http-private.h"
#include "wcc-phone-number.h"
#include "wcc-time.h"

/* What the KB home and the quick search show of each list. */
#define HOME_ITEMS 10
#define QUICK_ITEMS 10
#define QUICK_CUSTOMERS 20
#define MAX_CATEGORY_NAME 200
#define MAX_FILE_NAME 200

static const char * const state_names[] = { "", "pending", "approved", "rejected" };

/* ---- JSON ---- */

static JsonObject *
category_to_json (WccStoreKbCategory *category)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", category->id);
  json_object_set_string_member (object, "name", category->name);
  json_object_set_int_member (object, "position", category->position);
  json_object_set_int_member (object, "count", category->count);
  json_object_set_int_member (object, "version", category->version);
  return object;
}

static JsonObject *
attachment_to_json (WccStoreKbAttachment *attachment)
{
  JsonObject *object = json_object_new ();
  g_autofree char *url = g_strdup_printf ("/api/v1/kb/attachments/%" G_GINT64_FORMAT, attachment->id);

  json_object_set_int_member (object, "id", attachment->id);
  json_object_set_int_member (object, "item_id", attachment->item_id);
  json_object_set_string_member (object, "name", attachment->name);
  json_object_set_string_member (object, "content_type", attachment->content_type);
  json_object_set_int_member (object, "size", attachment->size);
  wcc_json_set_id_or_null (object, "uploaded_by", attachment->uploaded_by);
  wcc_json_set_time_or_null (object, "created_at", attachment->created_at);
  json_object_set_string_member (object, "url", url);
  return object;
}

JsonObject *
wcc_api_kb_item_to_json (WccStoreKbItem *item)
{
  JsonObject *object = json_object_new ();
  JsonArray *keywords = json_array_new ();
  JsonArray *categories = json_array_new ();
  JsonArray *attachments = json_array_new ();

  for (guint i = 0; item->keywords[i] != NULL; i++)
    json_array_add_string_element (keywords, item->keywords[i]);
  for (guint i = 0; i < item->category_ids->len; i++)
    json_array_add_int_element (categories, g_array_index (item->category_ids, gint64, i));
  for (guint i = 0; i < item->attachments->len; i++)
    json_array_add_object_element (attachments, attachment_to_json (g_ptr_array_index (item->attachments, i)));
  json_object_set_int_member (object, "id", item->id);
  wcc_json_set_id_or_null (object, "author_id", item->author_id);
  json_object_set_string_member (object, "question", item->question);
  json_object_set_array_member (object, "keywords", keywords);
  json_object_set_array_member (object, "category_ids", categories);
  json_object_set_string_member (object, "answer", item->answer);
  wcc_json_set_time_or_null (object, "valid_until", item->valid_until);
  json_object_set_string_member (object, "state", state_names[item->state]);
  wcc_json_set_id_or_null (object, "reviewer_id", item->reviewer_id);
  json_object_set_string_member (object, "review_reason", item->review_reason);
  wcc_json_set_time_or_null (object, "reviewed_at", item->reviewed_at);
  json_object_set_array_member (object, "attachments", attachments);
  json_object_set_int_member (object, "version", item->version);
  wcc_json_set_time_or_null (object, "created_at", item->created_at);
  wcc_json_set_time_or_null (object, "updated_at", item->updated_at);
  return object;
}

static JsonObject *
hit_to_json (WccStoreKbHit *hit)
{
  JsonObject *object = json_object_new ();

  json_object_set_object_member (object, "item", wcc_api_kb_item_to_json (hit->item));
  json_object_set_string_member (object, "question", hit->question);
  json_object_set_string_member (object, "snippet", hit->snippet);
  return object;
}

static JsonArray *
array_to_json (GPtrArray     *rows,
               guint          limit,
               WccItemToJson  to_json)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < rows->len && i < limit; i++)
    json_array_add_object_element (array, to_json (g_ptr_array_index (rows, i)));
  return array;
}

/* ---- Categories (set-up data: everyone reads, the client admin writes) ---- */

void
wcc_api_kb_categories_list (WccRequest *request)
{
  g_autoptr(GPtrArray) categories = wcc_store_kb_category_list (request->store, request->user->client_id,
                                                                wcc_request_now (request));

  wcc_reply_items (request, array_to_json (categories, G_MAXUINT, (WccItemToJson) category_to_json));
}

/* "name" (1–200, stripped) and "position"; @creating: the name is required. */
static gboolean
read_category (JsonObject         *body,
               gboolean            creating,
               WccStoreKbCategory *category,
               GError            **error)
{
  static const char *create_fields[] = { "name", "position", NULL };
  static const char *edit_fields[] = { "name", "position", "version", NULL };
  const char *name = NULL;

  if (!wcc_json_check_fields (body, creating ? create_fields : edit_fields, error) ||
      !wcc_api_read_text (body, "name", creating, MAX_CATEGORY_NAME, &name, error) ||
      !wcc_json_get_int (body, "position", FALSE, &category->position, error))
    return FALSE;
  if (name != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (name));

      if (*stripped == '\0')
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"), "name",
                       MAX_CATEGORY_NAME);
          return FALSE;
        }
      g_free (category->name);
      category->name = g_steal_pointer (&stripped);
    }
  return TRUE;
}

void
wcc_api_kb_category_create (WccRequest *request)
{
  g_autoptr(WccStoreKbCategory) category = g_new0 (WccStoreKbCategory, 1);
  g_autoptr(WccStoreKbCategory) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wcc_api_require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!read_category (body, TRUE, category, &error) ||
      (id = wcc_store_kb_category_create (request->store, request->user->client_id, category, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  created = wcc_store_kb_category_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, category_to_json (created));
}

void
wcc_api_kb_category_patch (WccRequest *request)
{
  g_autoptr(WccStoreKbCategory) category = NULL;
  g_autoptr(WccStoreKbCategory) current = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current_json = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!wcc_api_require_admin (request))
    return;
  if ((category = wcc_store_kb_category_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such category"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (read_category (body, FALSE, category, &error) && wcc_api_read_version (body, &version, &error) &&
      wcc_store_kb_category_update (request->store, request->user->client_id, category, version, &error))
    {
      current = wcc_store_kb_category_find (request->store, request->user->client_id, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, category_to_json (current));
      return;
    }
  if ((current = wcc_store_kb_category_find (request->store, request->user->client_id, request->id)) != NULL)
    current_json = category_to_json (current);
  wcc_reply_edit_error (request, error, current_json);
}

void
wcc_api_kb_category_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_api_require_admin (request))
    return;
  if (!wcc_store_kb_category_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_gerror (request, error);
  else
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* ---- Items ---- */

/* Who sees an item: everyone of the client once it is approved and valid; before (and
 * after it expires) its author and its reviewers. */
static gboolean
item_visible (WccRequest     *request,
              WccStoreKbItem *item)
{
  return wcc_store_kb_item_is_live (item, wcc_request_now (request)) || item->author_id == request->user->id ||
         wcc_request_may_review (request, item->author_id);
}

/* The item of the path when the caller sees it; replies 404 otherwise. */
static WccStoreKbItem *
find_item (WccRequest *request,
           gint64      item_id)
{
  g_autoptr(WccStoreKbItem) item = wcc_store_kb_item_find (request->store, request->user->client_id, item_id);

  if (item != NULL && item_visible (request, item))
    return g_steal_pointer (&item);
  wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such knowledge item"));
  return NULL;
}

/* "keywords": at most WCC_KB_MAX_KEYWORDS different texts of 1–50 characters (stripped,
 * without line breaks). */
static char **
read_keywords (JsonObject  *body,
               GError     **error)
{
  JsonNode *node = json_object_get_member (body, "keywords");
  g_autoptr(GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_new0 (char *, 1);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) > WCC_KB_MAX_KEYWORDS)
    goto bad;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *keyword = NULL;
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        goto bad;
      keyword = g_strstrip (g_strdup (json_node_get_string (element)));
      if (*keyword == '\0' || g_utf8_strlen (keyword, -1) > WCC_KB_MAX_KEYWORD || strpbrk (keyword, "\r\n") != NULL)
        goto bad;
      for (guint j = 0; j < keywords->len; j++)
        seen |= g_str_equal (g_ptr_array_index (keywords, j), keyword);
      if (!seen)
        g_ptr_array_add (keywords, g_steal_pointer (&keyword));
    }
  g_ptr_array_add (keywords, NULL);
  return (char **) g_ptr_array_steal (keywords, NULL);

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
               _("“keywords” must be a list of at most %u texts of 1 to %u characters"),
               WCC_KB_MAX_KEYWORDS, WCC_KB_MAX_KEYWORD);
  return NULL;
}

void
wcc_api_kb_item_create (WccRequest *request)
{
  static const char *allowed[] = { "question", "keywords", "category_ids", "answer", "valid_until", NULL };
  g_autoptr(WccStoreKbItem) item = g_new0 (WccStoreKbItem, 1);
  g_autoptr(WccStoreKbItem) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *question = NULL;
  const char *question_text = NULL, *answer = NULL, *valid_until = NULL;
  gint64 id;

  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_api_read_text (body, "question", TRUE, WCC_KB_MAX_QUESTION, &question_text, &error) ||
      !wcc_api_read_text (body, "answer", TRUE, WCC_KB_MAX_ANSWER, &answer, &error) ||
      (json_object_has_member (body, "valid_until") && !json_object_get_null_member (body, "valid_until") &&
       !wcc_json_get_string (body, "valid_until", TRUE, &valid_until, &error)) ||
      (item->keywords = read_keywords (body, &error)) == NULL)
    goto fail;
  if (json_object_has_member (body, "category_ids"))
    item->category_ids = wcc_api_read_id_list (body, "category_ids", WCC_KB_MAX_CATEGORIES, TRUE, &error);
  else
    item->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (item->category_ids == NULL)
    goto fail;
  question = g_strstrip (g_strdup (question_text));
  if (*question == '\0')
    {
      g_set_error (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"), "question",
                   WCC_KB_MAX_QUESTION);
      goto fail;
    }
  /* Expired items are never found: one that would be expired already is a mistake. */
  if (valid_until != NULL &&
      (!wcc_time_from_rfc3339 (valid_until, &item->valid_until) || item->valid_until <= wcc_request_now (request)))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“valid_until” must be a time in the future (RFC 3339) or null"));
      goto fail;
    }
  item->question = g_steal_pointer (&question);
  item->answer = g_strdup (answer);
  id = wcc_store_kb_item_create (request->store, request->user->client_id, request->user->id, item, &error);
  if (id == 0)
    goto fail;
  created = wcc_store_kb_item_find (request->store, request->user->client_id, id);
  wcc_api_publish_approvals_changed (request, request->user->id, "knowledge", id, WCC_REVIEW_PENDING);
  wcc_reply_object (request, SOUP_STATUS_CREATED, wcc_api_kb_item_to_json (created));
  return;

fail:
  wcc_reply_gerror (request, error);
}

void
wcc_api_kb_item_get (WccRequest *request)
{
  g_autoptr(WccStoreKbItem) item = find_item (request, request->id);

  if (item != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_kb_item_to_json (item));
}

/* ?limit and ?after (an offset); FALSE when answered here. */
static gboolean
read_page (WccRequest *request,
           guint      *out_limit,
           guint      *out_offset)
{
  g_autoptr(GError) error = NULL;
  guint64 offset;

  if (!wcc_request_query_page (request, out_limit, &offset, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  *out_offset = (guint) MIN (offset, G_MAXUINT - *out_limit - 1);
  return TRUE;
}

/* ?category=ID: 0 when absent; FALSE (answered) when bad. */
static gboolean
read_category_filter (WccRequest *request,
                      gint64     *out)
{
  g_autoptr(GError) error = NULL;
  guint64 category = 0;

  if (!wcc_request_query_number (request, "category", 1, G_MAXINT64, &category, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  *out = (gint64) category;
  return TRUE;
}

static void
reply_offset_page (WccRequest    *request,
                   GPtrArray     *rows,
                   guint          limit,
                   guint          offset,
                   WccItemToJson  to_json)
{
  wcc_reply_page (request, rows, limit, to_json, (gint64) offset + limit);
}

void
wcc_api_kb_items_list (WccRequest *request)
{
  const char *mine = wcc_request_query_text (request, "mine");
  g_autoptr(GPtrArray) items = NULL;
  gint64 category = 0;
  guint limit, offset;

  if (!read_page (request, &limit, &offset) || !read_category_filter (request, &category))
    return;
  if (mine != NULL && !g_str_equal (mine, "1"))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“mine” must be 1"));
      return;
    }
  items = wcc_store_kb_item_list (request->store, request->user->client_id,
                                  mine != NULL ? WCC_KB_LIST_MINE : WCC_KB_LIST_RECENT, request->user->id, category,
                                  wcc_request_now (request), offset, limit + 1);
  reply_offset_page (request, items, limit, offset, (WccItemToJson) wcc_api_kb_item_to_json);
}

static JsonObject *
current_item (WccRequest *request)
{
  g_autoptr(WccStoreKbItem) latest = wcc_store_kb_item_find (request->store, request->user->client_id, request->id);

  return latest != NULL ? wcc_api_kb_item_to_json (latest) : NULL;
}

void
wcc_api_kb_item_review (WccRequest *request)
{
  g_autoptr(WccStoreKbItem) item = find_item (request, request->id);
  g_autoptr(WccStoreKbItem) reviewed = NULL;
  const WccReviewNotice notice = {
    .kind_approved = "kb_item.approved", .kind_rejected = "kb_item.rejected",
    .title_approved = _("Knowledge approved"), .title_rejected = _("Knowledge rejected"), .ref_type = "kb_item",
  };
  gint64 notification_id = 0;

  if (item == NULL ||
      !wcc_api_run_review (request, item->author_id,
                           _("Only the client administrator or a leader of the author's group reviews knowledge"),
                           wcc_store_kb_item_review, current_item, &notice, &notification_id))
    return;
  reviewed = wcc_store_kb_item_find (request->store, request->user->client_id, request->id);
  wcc_api_publish_approvals_changed (request, reviewed->author_id, "knowledge", reviewed->id, reviewed->state);
  /* S13: the author hears of the decision. */
  if (reviewed->author_id != 0)
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (data, wcc_api_kb_item_to_json (reviewed));
      wcc_event_hub_publish (request->hub, request->user->client_id, reviewed->author_id, "kb_item.reviewed", data);
      wcc_api_notification_publish (request, reviewed->author_id, notification_id);
    }
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_kb_item_to_json (reviewed));
}

void
wcc_api_kb_home (WccRequest *request)
{
  gint64 client_id = request->user->client_id, now = wcc_request_now (request);
  g_autoptr(GPtrArray) categories = wcc_store_kb_category_list (request->store, client_id, now);
  g_autoptr(GPtrArray) recent = wcc_store_kb_item_list (request->store, client_id, WCC_KB_LIST_RECENT, 0, 0, now, 0,
                                                        HOME_ITEMS);
  g_autoptr(GPtrArray) popular = wcc_store_kb_item_list (request->store, client_id, WCC_KB_LIST_POPULAR, 0, 0, now, 0,
                                                         HOME_ITEMS);
  JsonObject *body = json_object_new ();
  guint opened = 0;

  /* Popular: items opened at least once. */
  while (opened < popular->len && ((WccStoreKbItem *) g_ptr_array_index (popular, opened))->opened > 0)
    opened++;
  json_object_set_array_member (body, "categories",
                                array_to_json (categories, G_MAXUINT, (WccItemToJson) category_to_json));
  json_object_set_array_member (body, "recent", array_to_json (recent, HOME_ITEMS,
                                                               (WccItemToJson) wcc_api_kb_item_to_json));
  json_object_set_array_member (body, "popular", array_to_json (popular, opened,
                                                                (WccItemToJson) wcc_api_kb_item_to_json));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* ---- Search ---- */

/* ?q=: 1–200 characters, not only white space; NULL (answered) otherwise. */
static const char *
read_query (WccRequest *request)
{
  const char *q = wcc_request_query_text (request, "q");

  if (q == NULL || !g_utf8_validate (q, -1, NULL) || g_utf8_strlen (q, -1) > WCC_KB_MAX_QUERY ||
      strspn (q, " \t\r\n") == strlen (q))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“q” must be 1 to 200 characters"));
      return NULL;
    }
  return q;
}

void
wcc_api_kb_search (WccRequest *request)
{
  g_autoptr(GPtrArray) hits = NULL;
  gint64 category = 0;
  const char *q;
  guint limit, offset;

  if ((q = read_query (request)) == NULL || !read_page (request, &limit, &offset) ||
      !read_category_filter (request, &category))
    return;
  hits = wcc_store_kb_search (request->store, request->user->client_id, q, category, wcc_request_now (request),
                              offset, limit + 1);
  reply_offset_page (request, hits, limit, offset, (WccItemToJson) hit_to_json);
}

void
wcc_api_quick_search (WccRequest *request)
{
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autofree char *normalized = NULL;
  JsonObject *body;
  const char *q;

  if ((q = read_query (request)) == NULL)
    return;
  /* S10: a customer by the full number only (exact, after normalisation): a part of a
   * number finds nobody, so nobody browses customers by digits. */
  normalized = wcc_phone_number_normalize (q);
  if (normalized != NULL)
    customers = wcc_store_customer_find_by_phone (request->store, request->user->client_id, &viewer, normalized,
                                                  QUICK_CUSTOMERS);
  else
    customers = g_ptr_array_new ();
  hits = wcc_store_kb_search (request->store, request->user->client_id, q, 0, wcc_request_now (request), 0,
                              QUICK_ITEMS);
  body = json_object_new ();
  json_object_set_array_member (body, "customers", array_to_json (customers, G_MAXUINT,
                                                                  (WccItemToJson) wcc_api_customer_to_json));
  json_object_set_array_member (body, "knowledge", array_to_json (hits, QUICK_ITEMS, (WccItemToJson) hit_to_json));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* ---- History: only the items users opened ---- */

void
wcc_api_kb_history_list (WccRequest *request)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) opened_at = NULL;
  JsonObject *body;
  JsonArray *array;
  guint limit, offset;

  if (!read_page (request, &limit, &offset))
    return;
  items = wcc_store_kb_history_list (request->store, request->user->client_id, request->user->id,
                                     wcc_request_now (request), offset, limit + 1, &opened_at);
  body = json_object_new ();
  array = json_array_new ();
  for (guint i = 0; i < items->len && i < limit; i++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_object_member (entry, "item", wcc_api_kb_item_to_json (g_ptr_array_index (items, i)));
      wcc_json_set_time_or_null (entry, "opened_at", g_array_index (opened_at, gint64, i));
      json_array_add_object_element (array, entry);
    }
  json_object_set_array_member (body, "items", array);
  wcc_api_set_next (body, items->len > limit, (gint64) offset + limit);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

void
wcc_api_kb_history_add (WccRequest *request)
{
  static const char *allowed[] = { "item_id", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 item_id = 0;

  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_json_get_int (body, "item_id", TRUE, &item_id, &error) ||
      !wcc_store_kb_history_record (request->store, request->user->client_id, request->user->id, item_id,
                                    wcc_request_now (request), &error))
    wcc_reply_gerror (request, error);
  else
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* ---- Attachments ---- */

static char *
attachment_path (const char *dir,
                 gint64      attachment_id)
{
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, attachment_id);

  return g_build_filename (dir, name, NULL);
}

/* A file name as the user's computer had it: 1–200 characters, no folder, no control
 * characters. */
static gboolean
file_name_valid (const char *name)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL) || *name == '\0' || g_utf8_strlen (name, -1) > MAX_FILE_NAME ||
      g_str_equal (name, ".") || g_str_equal (name, "..") || strpbrk (name, "/\\") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

typedef struct {
  WccRequest *request;
  gint64      id;
} AttachmentUpload;

static void
on_attachment_written (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  AttachmentUpload *upload = user_data;
  WccRequest *request = upload->request;
  g_autoptr(GError) error = NULL;

  if (wcc_api_write_file_finish (result, &error))
    {
      g_autoptr(WccStoreKbAttachment) attachment = wcc_store_kb_attachment_find (request->store,
                                                                                 request->user->client_id,
                                                                                 upload->id);
      wcc_reply_object (request, SOUP_STATUS_CREATED, attachment_to_json (attachment));
    }
  else
    {
      wcc_store_kb_attachment_remove (request->store, request->user->client_id, upload->id);
      wcc_reply_gerror (request, error);
    }
  g_free (upload);
  wcc_request_resume (request);
}

void
wcc_api_kb_attachment_create (WccRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *dir = wcc_http_server_get_knowledge_dir (request->server);
  const char *name = wcc_request_query_text (request, "name");
  g_autoptr(WccStoreKbItem) item = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AttachmentUpload *upload;
  gint64 id;

  if (dir == NULL || (item = find_item (request, request->id)) == NULL)
    {
      if (dir == NULL)
        wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such knowledge item"));
      return;
    }
  if (item->author_id != request->user->id)
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only the author adds files to a knowledge item"));
      return;
    }
  if (!file_name_valid (name))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("“name” must be a file name of 1 to 200 characters, without a folder"));
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  id = wcc_store_kb_attachment_add (request->store, request->user->client_id, item->id, name,
                                    content_type != NULL ? content_type : "application/octet-stream",
                                    g_bytes_get_size (bytes), request->user->id, &error);
  if (id == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* The row first (its id names the file); no file, no row. */
  path = attachment_path (dir, id);
  upload = g_new0 (AttachmentUpload, 1);
  upload->request = request;
  upload->id = id;
  wcc_request_pause (request);
  wcc_api_write_file_async (dir, path, bytes, on_attachment_written, upload);
}

void
wcc_api_kb_attachment_get (WccRequest *request)
{
  const char *dir = wcc_http_server_get_knowledge_dir (request->server);
  g_autoptr(WccStoreKbAttachment) attachment = NULL;
  g_autoptr(WccStoreKbItem) item = NULL;
  g_autofree char *path = NULL;
  int fd;

  attachment = wcc_store_kb_attachment_find (request->store, request->user->client_id, request->id);
  if (dir == NULL || attachment == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such file"));
      return;
    }
  if ((item = find_item (request, attachment->item_id)) == NULL)
    return;
  path = attachment_path (dir, attachment->id);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_warning ("Cannot open the attachment %s: %s", path, g_strerror (errno));
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such file"));
      return;
    }
  wcc_reply_file (request, fd, attachment->content_type, attachment->name);
}
