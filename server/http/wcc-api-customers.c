/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-customers.c: customer work over the API: set-up data (packages, tasks, call
 * results, tags), customers, the task pools and ownership (C1–C5, C8, C16, C21, C24, S10). */
#define G_LOG_DOMAIN "wcc-api-customers"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "wcc-http-private.h"
#include "wcc-phone-number.h"
#include "wcc-setup-data.h"

#define PAGE_DEFAULT_LIMIT 20
#define PAGE_MAX_LIMIT 200
#define MAX_IDS PAGE_MAX_LIMIT
#define MAX_PHONES 10
#define MAX_TEXT 200
#define MAX_LONG_TEXT 1000
#define BY_PHONE_LIMIT 20
/* An appointment further ahead than this is a typing mistake. */
#define MAX_APPOINTMENT_AHEAD (10 * 366 * 24 * 3600)
/* A chosen time this far in the past still counts as now (clocks differ a little). */
#define APPOINTMENT_PAST_SLACK 60

/* Request helpers */

WccStoreViewer
wcc_request_viewer (WccRequest *request)
{
  WccStoreViewer viewer = {
    .user_id = request->user->id,
    .admin = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN),
    .leader = wcc_request_has_role (request, WCC_ROLE_LEADER),
  };
  return viewer;
}

gboolean
wcc_request_require_role (WccRequest *request,
                          WccRoles    roles,
                          const char *message)
{
  if (wcc_request_has_role (request, roles))
    return TRUE;
  wcc_reply_error (request, WCC_ERROR_FORBIDDEN, message);
  return FALSE;
}

static gboolean
require_admin (WccRequest *request)
{
  return wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator sets this up"));
}

const char *
wcc_request_query_text (WccRequest *request,
                        const char *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

/* ?@name= as a number from @min to @max; absent leaves *@out. */
gboolean
wcc_request_query_number (WccRequest  *request,
                          const char  *name,
                          guint64      min,
                          guint64      max,
                          guint64     *out,
                          GError     **error)
{
  const char *text = wcc_request_query_text (request, name);

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be a number from %s to %s"),
                   name, low, high);
      return FALSE;
    }
  return TRUE;
}

/* ?limit= and ?after= (an id, or for sorted lists an offset). */
gboolean
wcc_request_query_page (WccRequest  *request,
                        guint       *out_limit,
                        guint64     *out_after,
                        GError     **error)
{
  guint64 limit = PAGE_DEFAULT_LIMIT;

  *out_after = 0;
  if (!wcc_request_query_number (request, "limit", 1, PAGE_MAX_LIMIT, &limit, error) ||
      !wcc_request_query_number (request, "after", 0, G_MAXINT64, out_after, error))
    return FALSE;
  *out_limit = (guint) limit;
  return TRUE;
}


static JsonArray *
ids_to_json (GArray *ids)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    json_array_add_int_element (array, g_array_index (ids, gint64, i));
  return array;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
wcc_api_read_id_list (JsonObject  *body,
                      const char  *field,
                      guint        max,
                      gboolean     allow_empty,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (body, field);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max || (!allow_empty && json_array_get_length (array) == 0))
    goto bad;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64 ||
          (id = json_node_get_int (element)) <= 0)
        goto bad;
      for (guint j = 0; j < ids->len; j++)
        seen |= g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  return g_steal_pointer (&ids);

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be a list of at most %u ids"), field, max);
  return NULL;
}

/* A text field of 0 to @max characters; a missing one leaves *@out. */
gboolean
wcc_api_read_text (JsonObject   *body,
                   const char   *field,
                   gboolean      required,
                   guint         max,
                   const char  **out,
                   GError      **error)
{
  const char *value = NULL;

  if (!wcc_json_get_string (body, field, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (g_utf8_strlen (value, -1) > max || (required && *value == '\0'))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   required ? _("“%s” must be 1 to %u characters") : _("“%s” must be at most %u characters"),
                   field, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* Answers a failed edit: a stale version with the current record, others as they are. */
void
wcc_reply_edit_error (WccRequest   *request,
                      const GError *error,
                      JsonObject   *current)
{
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT) && current != NULL)
    {
      JsonObject *extra = json_object_new ();

      json_object_set_object_member (extra, "current", json_object_ref (current));
      wcc_reply_error_with (request, WCC_ERROR_VERSION_CONFLICT, error->message, extra);
    }
  else
    wcc_reply_gerror (request, error);
}

/* The quick times of the manual (C12, C17): from now. */
static const struct {
  const char *name;
  gint64      seconds;
} appointment_quick_times[] = {
  { "30m", 30 * 60 },
  { "1d", 24 * 3600 },
  { "1w", 7 * 24 * 3600 },
};

gboolean
wcc_api_appointment_time (WccRequest  *request,
                          const char  *at_field,
                          const char  *at,
                          const char  *quick,
                          gint64      *out,
                          GError     **error)
{
  gint64 now = wcc_request_now (request), when = 0;

  g_return_val_if_fail ((at == NULL) != (quick == NULL), FALSE);

  if (quick != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (appointment_quick_times); i++)
        if (g_str_equal (quick, appointment_quick_times[i].name))
          {
            *out = now + appointment_quick_times[i].seconds;
            return TRUE;
          }
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“quick” must be 30m, 1d or 1w"));
      return FALSE;
    }
  if (!wcc_time_from_rfc3339 (at, &when) || when < now - APPOINTMENT_PAST_SLACK || when > now + MAX_APPOINTMENT_AHEAD)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("“%s” must be an RFC 3339 time from now to ten years ahead"), at_field);
      return FALSE;
    }
  *out = when;
  return TRUE;
}

gboolean
wcc_api_read_version (JsonObject  *body,
                      gint64      *out,
                      GError     **error)
{
  if (!wcc_json_get_int (body, "version", TRUE, out, error))
    return FALSE;
  if (*out <= 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“version” must be the record's version"));
      return FALSE;
    }
  return TRUE;
}

void
wcc_reply_items (WccRequest *request,
                 JsonArray  *items)
{
  JsonObject *body = json_object_new ();

  json_object_set_array_member (body, "items", items);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* Packages (C1) and their custom field definitions (C5) */

static JsonNode *
parse_json_text (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  return node ? node : json_node_new (JSON_NODE_NULL);
}

static JsonObject *
package_to_json (WccStorePackage *package)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", package->id);
  json_object_set_string_member (object, "name", package->name);
  json_object_set_member (object, "fields", parse_json_text (package->fields_json));
  json_object_set_int_member (object, "version", package->version);
  wcc_json_set_time_or_null (object, "created_at", package->created_at);
  wcc_json_set_time_or_null (object, "updated_at", package->updated_at);
  return object;
}

void
wcc_api_packages_list (WccRequest *request)
{
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 after;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  packages = wcc_store_package_list (request->store, request->user->client_id, (gint64) after, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < packages->len && i < limit; i++)
    json_array_add_object_element (items, package_to_json (g_ptr_array_index (packages, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, packages->len > limit,
                    packages->len > limit ? ((WccStorePackage *) g_ptr_array_index (packages, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

static WccStorePackage *
find_package (WccRequest *request)
{
  WccStorePackage *package = wcc_store_package_find (request->store, request->user->client_id, request->id);

  if (package == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer package"));
  return package;
}

void
wcc_api_package_get (WccRequest *request)
{
  g_autoptr(WccStorePackage) package = find_package (request);

  if (package != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, package_to_json (package));
}

void
wcc_api_package_create (WccRequest *request)
{
  g_autoptr(WccStorePackage) package = g_new0 (WccStorePackage, 1);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_setup_read_package (body, TRUE, package, &error) ||
      (id = wcc_store_package_create (request->store, request->user->client_id, package->name,
                                      package->fields_json, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  g_clear_pointer (&package, wcc_store_package_free);
  package = wcc_store_package_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, package_to_json (package));
}

void
wcc_api_package_patch (WccRequest *request)
{
  g_autoptr(WccStorePackage) package = NULL;
  g_autoptr(WccStorePackage) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!require_admin (request) || (package = find_package (request)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = package_to_json (package);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_package (body, FALSE, package, &error) &&
      wcc_store_package_update (request->store, package, version, &error))
    {
      updated = wcc_store_package_find (request->store, request->user->client_id, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, package_to_json (updated));
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_package_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!require_admin (request))
    return;
  if (wcc_store_package_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}

/* Tasks (C1, C15) */

static JsonObject *
task_to_json (WccStoreTask *task)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", task->id);
  json_object_set_int_member (object, "package_id", task->package_id);
  json_object_set_string_member (object, "name", task->name);
  json_object_set_array_member (object, "groups", ids_to_json (task->group_ids));
  json_object_set_array_member (object, "call_results", ids_to_json (task->call_result_ids));
  json_object_set_int_member (object, "after_call_work", task->after_call_work);
  json_object_set_string_member (object, "contact_history", task->history_manual ? "manual" : "auto");
  wcc_json_set_id_or_null (object, "questionnaire_id", task->questionnaire_id);
  json_object_set_int_member (object, "version", task->version);
  wcc_json_set_time_or_null (object, "created_at", task->created_at);
  wcc_json_set_time_or_null (object, "updated_at", task->updated_at);
  return object;
}

void
wcc_api_tasks_list (WccRequest *request)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after, package_id = 0, mine = 0;
  JsonObject *body;
  JsonArray *items;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &after, &error) ||
      !wcc_request_query_number (request, "package", 1, G_MAXINT64, &package_id, &error) ||
      !wcc_request_query_number (request, "mine", 0, 1, &mine, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  tasks = wcc_store_task_list (request->store, request->user->client_id, (gint64) package_id,
                               mine ? request->user->id : 0, (gint64) after, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < tasks->len && i < limit; i++)
    json_array_add_object_element (items, task_to_json (g_ptr_array_index (tasks, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, tasks->len > limit,
                    tasks->len > limit ? ((WccStoreTask *) g_ptr_array_index (tasks, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

static WccStoreTask *
find_task (WccRequest *request)
{
  WccStoreTask *task = wcc_store_task_find (request->store, request->user->client_id, request->id);

  if (task == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such task"));
  return task;
}

void
wcc_api_task_get (WccRequest *request)
{
  g_autoptr(WccStoreTask) task = find_task (request);

  if (task != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, task_to_json (task));
}

void
wcc_api_task_create (WccRequest *request)
{
  g_autoptr(WccStoreTask) task = wcc_store_task_new ();
  g_autoptr(WccStoreTask) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  task->client_id = request->user->client_id;
  if (!wcc_setup_read_task (body, TRUE, task, &error) || (id = wcc_store_task_create (request->store, task, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  created = wcc_store_task_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, task_to_json (created));
}

void
wcc_api_task_patch (WccRequest *request)
{
  g_autoptr(WccStoreTask) task = NULL;
  g_autoptr(WccStoreTask) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!require_admin (request) || (task = find_task (request)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = task_to_json (task);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_task (body, FALSE, task, &error) &&
      wcc_store_task_update (request->store, task, version, &error))
    {
      updated = wcc_store_task_find (request->store, request->user->client_id, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, task_to_json (updated));
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_task_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!require_admin (request))
    return;
  if (wcc_store_task_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}

/* Call results (C16) */

static gboolean
task_exists (WccRequest *request,
             gint64      task_id)
{
  g_autoptr(WccStoreTask) task = wcc_store_task_find (request->store, request->user->client_id, task_id);

  return task != NULL;
}


static int
name_to_index (const char * const *names,
               const char         *name)
{
  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return i;
  return -1;
}

static JsonObject *
call_result_to_json (WccStoreCallResult *result)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", result->id);
  json_object_set_string_member (object, "label", result->label);
  json_object_set_string_member (object, "funnel", wcc_funnel_stage_to_string (result->funnel));
  json_object_set_string_member (object, "call_state", wcc_call_result_state_to_string (result->call_state));
  json_object_set_int_member (object, "position", result->position);
  json_object_set_int_member (object, "version", result->version);
  return object;
}

void
wcc_api_call_results_list (WccRequest *request)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *state_text = wcc_request_query_text (request, "call_state");
  WccCallResultState state = WCC_RESULT_CALL_ANY;
  guint64 task_id = 0;
  JsonArray *items;

  if (!wcc_request_query_number (request, "task", 1, G_MAXINT64, &task_id, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (state_text != NULL && !wcc_call_result_state_from_string (state_text, &state))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“call_state” must be “answered” or “unanswered”"));
      return;
    }
  if (task_id != 0 && !task_exists (request, (gint64) task_id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such task"));
      return;
    }
  results = wcc_store_call_result_list (request->store, request->user->client_id, (gint64) task_id, state);
  items = json_array_new ();
  for (guint i = 0; i < results->len; i++)
    json_array_add_object_element (items, call_result_to_json (g_ptr_array_index (results, i)));
  wcc_reply_items (request, items);
}

static WccStoreCallResult *
find_call_result (WccRequest *request)
{
  WccStoreCallResult *result = wcc_store_call_result_find (request->store, request->user->client_id, request->id);

  if (result == NULL)
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such call result"));
  return result;
}

void
wcc_api_call_result_get (WccRequest *request)
{
  g_autoptr(WccStoreCallResult) result = find_call_result (request);

  if (result != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, call_result_to_json (result));
}

void
wcc_api_call_result_create (WccRequest *request)
{
  g_autoptr(WccStoreCallResult) result = g_new0 (WccStoreCallResult, 1);
  g_autoptr(WccStoreCallResult) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  result->client_id = request->user->client_id;
  if (!wcc_setup_read_call_result (body, TRUE, result, &error) ||
      (id = wcc_store_call_result_create (request->store, result, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  created = wcc_store_call_result_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, call_result_to_json (created));
}

void
wcc_api_call_result_patch (WccRequest *request)
{
  g_autoptr(WccStoreCallResult) result = NULL;
  g_autoptr(WccStoreCallResult) updated = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!require_admin (request) || (result = find_call_result (request)) == NULL ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = call_result_to_json (result);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_call_result (body, FALSE, result, &error) &&
      wcc_store_call_result_update (request->store, result, version, &error))
    {
      updated = wcc_store_call_result_find (request->store, request->user->client_id, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, call_result_to_json (updated));
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_call_result_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!require_admin (request))
    return;
  if (wcc_store_call_result_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}

/* Customer tags (C21) */

static JsonObject *
tag_to_json (WccStoreTag *tag)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", tag->id);
  json_object_set_string_member (object, "name", tag->name);
  json_object_set_int_member (object, "version", tag->version);
  return object;
}

void
wcc_api_tags_list (WccRequest *request)
{
  g_autoptr(GPtrArray) tags = wcc_store_tag_list (request->store, request->user->client_id);
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < tags->len; i++)
    json_array_add_object_element (items, tag_to_json (g_ptr_array_index (tags, i)));
  wcc_reply_items (request, items);
}

void
wcc_api_tag_create (WccRequest *request)
{
  g_autoptr(WccStoreTag) tag = g_new0 (WccStoreTag, 1);
  g_autoptr(WccStoreTag) created = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!require_admin (request) || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_setup_read_tag (body, TRUE, tag, &error) ||
      (id = wcc_store_tag_create (request->store, request->user->client_id, tag->name, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  created = wcc_store_tag_find (request->store, request->user->client_id, id);
  wcc_reply_object (request, SOUP_STATUS_CREATED, tag_to_json (created));
}

void
wcc_api_tag_patch (WccRequest *request)
{
  g_autoptr(WccStoreTag) tag = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (!require_admin (request))
    return;
  if ((tag = wcc_store_tag_find (request->store, request->user->client_id, request->id)) == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such tag"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  current = tag_to_json (tag);
  if (wcc_api_read_version (body, &version, &error) && wcc_setup_read_tag (body, FALSE, tag, &error) &&
      wcc_store_tag_update (request->store, tag, version, &error))
    {
      g_autoptr(WccStoreTag) updated = wcc_store_tag_find (request->store, request->user->client_id, request->id);
      wcc_reply_object (request, SOUP_STATUS_OK, tag_to_json (updated));
      return;
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_tag_delete (WccRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!require_admin (request))
    return;
  if (wcc_store_tag_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}

/* Customers (C3, C5, C8) */

static gboolean
starts_with_wide_letter (const char *text)
{
  return g_utf8_get_char (text) >= 0x2E80;
}

char *
wcc_api_customer_tab_label (const WccStoreCustomer *customer)
{
  g_return_val_if_fail (customer != NULL, NULL);

  /* C8, in its order: a customer not saved yet; the first name field (the company, 取引先名
   * of C5, then the person's name); the first phone number; "Unknown@<task>". */
  if (customer->id == 0)
    return g_strdup (_("New customer"));
  if (customer->company != NULL && *customer->company != '\0')
    return g_strdup (customer->company);
  if (customer->surname != NULL && *customer->surname != '\0' &&
      customer->given_name != NULL && *customer->given_name != '\0')
    /* Chinese and Japanese names are written without a space, Latin ones with one. */
    return g_strconcat (customer->surname,
                        starts_with_wide_letter (customer->surname) &&
                        starts_with_wide_letter (customer->given_name) ? "" : " ",
                        customer->given_name, NULL);
  if (customer->surname != NULL && *customer->surname != '\0')
    return g_strdup (customer->surname);
  if (customer->given_name != NULL && *customer->given_name != '\0')
    return g_strdup (customer->given_name);
  if (customer->phones != NULL && customer->phones->len > 0)
    return g_strdup (((WccStoreCustomerPhone *) g_ptr_array_index (customer->phones, 0))->number);
  /* TRANSLATORS: the tab label of a customer with no name and no phone; %s is the task. */
  return g_strdup_printf (_("Unknown@%s"), customer->task_name ? customer->task_name : "");
}

static JsonObject *
customer_to_json (WccStoreCustomer *customer)
{
  JsonObject *object = json_object_new ();
  JsonArray *phones = json_array_new ();
  g_autofree char *label = wcc_api_customer_tab_label (customer);

  json_object_set_int_member (object, "id", customer->id);
  json_object_set_int_member (object, "package_id", customer->package_id);
  wcc_json_set_id_or_null (object, "task_id", customer->task_id);
  wcc_json_set_id_or_null (object, "owner_id", customer->owner_id);
  json_object_set_string_member (object, "tab_label", label);
  json_object_set_string_member (object, "company", customer->company);
  json_object_set_string_member (object, "surname", customer->surname);
  json_object_set_string_member (object, "given_name", customer->given_name);
  json_object_set_string_member (object, "surname_phonetic", customer->surname_phonetic);
  json_object_set_string_member (object, "given_name_phonetic", customer->given_name_phonetic);
  for (guint i = 0; i < customer->phones->len; i++)
    {
      WccStoreCustomerPhone *phone = g_ptr_array_index (customer->phones, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "number", phone->number);
      json_object_set_string_member (item, "normalized", phone->normalized);
      json_array_add_object_element (phones, item);
    }
  json_object_set_array_member (object, "phones", phones);
  json_object_set_string_member (object, "email", customer->email);
  json_object_set_string_member (object, "address", customer->address);
  json_object_set_member (object, "custom", parse_json_text (customer->custom_json));
  json_object_set_array_member (object, "tags", ids_to_json (customer->tag_ids));
  json_object_set_int_member (object, "dial_count", customer->dial_count);
  wcc_json_set_time_or_null (object, "last_contact_at", customer->last_contact_at);
  json_object_set_int_member (object, "version", customer->version);
  wcc_json_set_time_or_null (object, "created_at", customer->created_at);
  wcc_json_set_time_or_null (object, "updated_at", customer->updated_at);
  return object;
}

/* YYYY-MM-DD, a real day */
gboolean
wcc_api_text_is_date (const char *text)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return g_date_valid_dmy ((GDateDay) atoi (text + 8), (GDateMonth) atoi (text + 5), (GDateYear) atoi (text));
}

static gboolean
custom_value_is_valid (JsonObject *definition,
                       JsonNode   *value)
{
  const char *type = json_object_get_string_member (definition, "type");
  GType value_type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  if (g_str_equal (type, "number"))
    return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
  if (value_type != G_TYPE_STRING)
    return FALSE;
  if (g_str_equal (type, "text"))
    return g_utf8_strlen (json_node_get_string (value), -1) <= MAX_LONG_TEXT;
  if (g_str_equal (type, "date"))
    return wcc_api_text_is_date (json_node_get_string (value));
  /* choice */
  {
    JsonArray *choices = json_object_get_array_member (definition, "choices");

    for (guint i = 0; i < json_array_get_length (choices); i++)
      if (g_str_equal (json_array_get_string_element (choices, i), json_node_get_string (value)))
        return TRUE;
    return FALSE;
  }
}

/* The customer's custom fields against the package's definitions: known names, right types,
 * required ones present. Returns the object as stored. */
static char *
check_custom_fields (WccStorePackage  *package,
                     JsonNode         *custom,
                     GError          **error)
{
  g_autoptr(JsonNode) definitions = parse_json_text (package->fields_json);
  JsonArray *fields = JSON_NODE_HOLDS_ARRAY (definitions) ? json_node_get_array (definitions) : NULL;
  JsonObject *values;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (custom == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“custom” must be an object"));
      return NULL;
    }
  values = json_node_get_object (custom);
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonObject *definition = NULL;

      for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (fields, i), "name"), name))
          definition = json_array_get_object_element (fields, i);
      if (definition == NULL)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“custom.%s” is not a field of the package"), name);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_NULL (value) && !custom_value_is_valid (definition, value))
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“custom.%s” must be a %s"), name,
                       json_object_get_string_member (definition, "type"));
          return NULL;
        }
    }
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *definition = json_array_get_object_element (fields, i);
      const char *field = json_object_get_string_member (definition, "name");
      JsonNode *given = json_object_get_member (values, field);

      if (json_object_get_boolean_member (definition, "required") &&
          (given == NULL || JSON_NODE_HOLDS_NULL (given) ||
           (json_node_get_value_type (given) == G_TYPE_STRING && *json_node_get_string (given) == '\0')))
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“custom.%s” is required"), field);
          return NULL;
        }
    }
  return wcc_json_to_string (custom);
}

static gboolean
read_phones (JsonObject        *body,
             WccStoreCustomer  *customer,
             GError           **error)
{
  JsonNode *node = json_object_get_member (body, "phones");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) > MAX_PHONES)
    goto bad;
  g_ptr_array_set_size (customer->phones, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *normalized = NULL;
      const char *number;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          g_utf8_strlen (number = json_node_get_string (element), -1) > 64 ||
          (normalized = wcc_phone_number_normalize (number)) == NULL)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                       _("“phones” item %u is not a phone number (digits, a leading +, spaces and dashes)"), i + 1);
          return FALSE;
        }
      {
        g_autofree char *typed = g_strstrip (g_strdup (number));
        wcc_store_customer_add_phone (customer, typed, normalized);
      }
    }
  return TRUE;

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“phones” must be a list of at most %d numbers"),
               MAX_PHONES);
  return FALSE;
}

static const WccApiTextField customer_texts[] = {
  { "company", G_STRUCT_OFFSET (WccStoreCustomer, company), MAX_TEXT },
  { "surname", G_STRUCT_OFFSET (WccStoreCustomer, surname), MAX_TEXT },
  { "given_name", G_STRUCT_OFFSET (WccStoreCustomer, given_name), MAX_TEXT },
  { "surname_phonetic", G_STRUCT_OFFSET (WccStoreCustomer, surname_phonetic), MAX_TEXT },
  { "given_name_phonetic", G_STRUCT_OFFSET (WccStoreCustomer, given_name_phonetic), MAX_TEXT },
  { "email", G_STRUCT_OFFSET (WccStoreCustomer, email), MAX_TEXT },
  { "address", G_STRUCT_OFFSET (WccStoreCustomer, address), MAX_LONG_TEXT },
};

/* The data fields of a customer (not its place: package, task, owner) onto @customer. */
gboolean
wcc_api_read_customer_data (JsonObject        *body,
                            WccStorePackage   *package,
                            WccStoreCustomer  *customer,
                            GError           **error)
{
  JsonNode *custom = json_object_get_member (body, "custom");

  if (!wcc_api_read_text_fields (body, customer_texts, G_N_ELEMENTS (customer_texts), FALSE, customer, error))
    return FALSE;
  if (*customer->email != '\0' && strchr (customer->email, '@') == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“email” must be an e-mail address"));
      return FALSE;
    }
  if (!read_phones (body, customer, error))
    return FALSE;
  if (json_object_has_member (body, "tags"))
    {
      GArray *ids = wcc_api_read_id_list (body, "tags", MAX_IDS, TRUE, error);
      if (ids == NULL)
        return FALSE;
      g_array_unref (customer->tag_ids);
      customer->tag_ids = ids;
    }
  /* Checked on every write: a new required field applies at the next save. */
  {
    g_autoptr(JsonNode) stored = custom ? NULL : parse_json_text (customer->custom_json ? customer->custom_json : "{}");
    char *text = check_custom_fields (package, custom ? custom : stored, error);

    if (text == NULL)
      return FALSE;
    g_free (customer->custom_json);
    customer->custom_json = text;
  }
  return TRUE;
}

/* ---- customer events (docs/api.md, "Customer events") ---- */

static GArray *
places_of (WccRequest   *request,
           const gint64 *ids,
           guint         n_ids)
{
  return wcc_store_customer_places (request->store, request->user->client_id, ids, n_ids);
}

static GArray *
audience_of (WccRequest *request,
             GArray     *places)
{
  return wcc_store_customer_audience (request->store, request->user->client_id,
                                      (const WccStoreCustomerPlace *) (gpointer) places->data, places->len);
}

void
wcc_api_publish_customer_changed (WccRequest *request,
                                  gint64      customer_id)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id, customer_id);
  g_autoptr(GArray) places = NULL;
  g_autoptr(GArray) users = NULL;
  JsonNode *data;

  if (customer == NULL)
    return;
  places = places_of (request, &customer_id, 1);
  users = audience_of (request, places);
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (data, customer_to_json (customer));
  wcc_event_hub_publish_to_users (request->hub, request->user->client_id, (const gint64 *) (gpointer) users->data,
                                  users->len, "customer.changed", data);
}

/* {"moves": [{"task_id", "owner_id", "ids": [...]}]} of those of @moved (ordered by place)
 * that @wanted holds. */
static JsonNode *
moves_to_json (GArray     *moved,
               GHashTable *wanted)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  WccStoreCustomerPlace *group = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "moves");
  json_builder_begin_array (builder);
  for (guint i = 0; i < moved->len; i++)
    {
      WccStoreCustomerPlace *now = &g_array_index (moved, WccStoreCustomerPlace, i);

      if (!g_hash_table_contains (wanted, &now->id))
        continue;
      if (group == NULL || group->task_id != now->task_id || group->owner_id != now->owner_id)
        {
          if (group != NULL)
            {
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          group = now;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "task_id");
          if (now->task_id != 0)
            json_builder_add_int_value (builder, now->task_id);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "owner_id");
          if (now->owner_id != 0)
            json_builder_add_int_value (builder, now->owner_id);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "ids");
          json_builder_begin_array (builder);
        }
      json_builder_add_int_value (builder, now->id);
    }
  if (group != NULL)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The users who see some of the moved customers and which ones: each user's ids, then the
 * users grouped by identical sets. */
typedef struct {
  GArray     *users;   /* gint64 */
  GHashTable *ids;     /* gint64 * set, pointing into the sorted viewers */
} MovedAudience;

static int
compare_viewers (gconstpointer a,
                 gconstpointer b)
{
  const WccStoreCustomerViewer *x = a;
  const WccStoreCustomerViewer *y = b;

  if (x->user_id != y->user_id)
    return x->user_id < y->user_id ? -1 : 1;
  return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

static void
moved_audience_free (MovedAudience *audience)
{
  g_array_unref (audience->users);
  g_hash_table_unref (audience->ids);
  g_free (audience);
}

/* customers.moved: those of the customers at @before (their places before a grab, a
 * release or a move) whose task or owner changed, each to whoever saw it there or sees it
 * now, and only to them: a user learns the moves of the customers they saw or see, never
 * another agent's. One event per set of ids (users who saw the same customers share it),
 * the ids grouped by where they are now. */
static void
publish_customers_moved (WccRequest *request,
                         GArray     *before)
{
  g_autoptr(GHashTable) was = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) moved_before = g_array_new (FALSE, FALSE, sizeof (WccStoreCustomerPlace));
  g_autoptr(GArray) moved_after = g_array_new (FALSE, FALSE, sizeof (WccStoreCustomerPlace));
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) moved_audience_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GArray) viewers = NULL;

  for (guint i = 0; i < before->len; i++)
    {
      WccStoreCustomerPlace *place = &g_array_index (before, WccStoreCustomerPlace, i);
      g_hash_table_insert (was, &place->id, place);
      g_array_append_val (ids, place->id);
    }
  after = places_of (request, (const gint64 *) (gpointer) ids->data, ids->len);
  for (guint i = 0; i < after->len; i++)
    {
      WccStoreCustomerPlace *now = &g_array_index (after, WccStoreCustomerPlace, i);
      WccStoreCustomerPlace *then = g_hash_table_lookup (was, &now->id);

      if (then == NULL || (then->task_id == now->task_id && then->owner_id == now->owner_id))
        continue;
      g_array_append_val (moved_before, *then);
      g_array_append_val (moved_after, *now);
    }
  if (moved_after->len == 0)
    return;

  /* Who saw which before and who sees which now, in one list sorted by user then
   * customer: each user's ids come together and in order, which makes their set's key. */
  viewers = wcc_store_customer_audience_pairs (request->store, request->user->client_id,
                                               (const WccStoreCustomerPlace *) (gpointer) moved_before->data,
                                               moved_before->len);
  {
    g_autoptr(GArray) now = wcc_store_customer_audience_pairs (request->store, request->user->client_id,
                                                              (const WccStoreCustomerPlace *) (gpointer) moved_after->data,
                                                              moved_after->len);
    g_array_append_vals (viewers, now->data, now->len);
  }
  g_array_sort (viewers, compare_viewers);
  for (guint i = 0; i < viewers->len;)
    {
      gint64 user_id = g_array_index (viewers, WccStoreCustomerViewer, i).user_id;
      g_autoptr(GString) key = g_string_new (NULL);
      guint first = i;
      MovedAudience *audience;

      for (; i < viewers->len && g_array_index (viewers, WccStoreCustomerViewer, i).user_id == user_id; i++)
        if (i == first || g_array_index (viewers, WccStoreCustomerViewer, i - 1).customer_id !=
                          g_array_index (viewers, WccStoreCustomerViewer, i).customer_id)
          g_string_append_printf (key, "%" G_GINT64_FORMAT ",", g_array_index (viewers, WccStoreCustomerViewer, i).customer_id);
      audience = g_hash_table_lookup (sets, key->str);
      if (audience == NULL)
        {
          audience = g_new0 (MovedAudience, 1);
          audience->users = g_array_new (FALSE, FALSE, sizeof (gint64));
          audience->ids = g_hash_table_new (g_int64_hash, g_int64_equal);
          for (guint j = first; j < i; j++)
            g_hash_table_add (audience->ids, &g_array_index (viewers, WccStoreCustomerViewer, j).customer_id);
          g_hash_table_insert (sets, g_strdup (key->str), audience);
          g_ptr_array_add (order, audience);
        }
      g_array_append_val (audience->users, user_id);
    }

  /* In the order the sets were met (by their lowest user): the same every run. */
  for (guint i = 0; i < order->len; i++)
    {
      MovedAudience *audience = g_ptr_array_index (order, i);

      wcc_event_hub_publish_to_users (request->hub, request->user->client_id,
                                      (const gint64 *) (gpointer) audience->users->data, audience->users->len,
                                      "customers.moved", moves_to_json (moved_after, audience->ids));
    }
}

/* The customer of the path if the caller sees it; 404 otherwise (other clients' too). */
static WccStoreCustomer *
find_visible_customer (WccRequest *request)
{
  WccStoreViewer viewer = wcc_request_viewer (request);

  if (!wcc_store_customer_is_visible (request->store, request->user->client_id, &viewer, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return NULL;
    }
  return wcc_store_customer_find (request->store, request->user->client_id, request->id);
}

static void
reply_customer (WccRequest *request,
                guint       status,
                gint64      customer_id)
{
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id,
                                                                  customer_id);

  wcc_reply_object (request, status, customer_to_json (customer));
}

void
wcc_api_customer_get (WccRequest *request)
{
  g_autoptr(WccStoreCustomer) customer = find_visible_customer (request);

  if (customer != NULL)
    wcc_reply_object (request, SOUP_STATUS_OK, customer_to_json (customer));
}

void
wcc_api_customer_create (WccRequest *request)
{
  static const char *allowed[] = { "package_id", "task_id", "company", "surname", "given_name",
                                   "surname_phonetic", "given_name_phonetic", "phones", "email", "address",
                                   "custom", "tags", NULL };
  g_autoptr(WccStoreCustomer) customer = wcc_store_customer_new ();
  g_autoptr(WccStorePackage) package = NULL;
  g_autoptr(WccStoreTask) task = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean admin = wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN);
  gint64 id;

  if (!wcc_request_require_role (request, WCC_ROLE_AGENT | WCC_ROLE_CLIENT_ADMIN, _("Only agents and administrators add customers")) ||
      (body = wcc_request_parse_json (request)) == NULL)
    return;
  customer->client_id = request->user->client_id;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_int (body, "task_id", !admin, &customer->task_id, &error) ||
      !wcc_json_get_int (body, "package_id", FALSE, &customer->package_id, &error))
    goto fail;
  if (customer->task_id != 0)
    {
      task = wcc_store_task_find (request->store, request->user->client_id, customer->task_id);
      /* An agent adds customers to their own tasks, and keeps them (C3, C5). */
      if (task == NULL || (!admin && !wcc_store_task_has_member (request->store, request->user->client_id,
                                                                 task->id, request->user->id)))
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“task_id” names no task of yours"));
          goto fail;
        }
      if (customer->package_id != 0 && customer->package_id != task->package_id)
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“task_id” names no task of the customer's package"));
          goto fail;
        }
      customer->package_id = task->package_id;
    }
  if (!admin)
    customer->owner_id = request->user->id;
  package = customer->package_id ? wcc_store_package_find (request->store, request->user->client_id,
                                                           customer->package_id) : NULL;
  if (package == NULL)
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“package_id” names a customer package that does not exist"));
      goto fail;
    }
  if (!wcc_api_read_customer_data (body, package, customer, &error) ||
      (id = wcc_store_customer_create (request->store, customer, &error)) == 0)
    goto fail;
  wcc_api_publish_customer_changed (request, id);
  reply_customer (request, SOUP_STATUS_CREATED, id);
  return;

fail:
  wcc_reply_gerror (request, error);
}

void
wcc_api_customer_patch (WccRequest *request)
{
  static const char *allowed[] = { "task_id", "company", "surname", "given_name", "surname_phonetic",
                                   "given_name_phonetic", "phones", "email", "address", "custom", "tags",
                                   "version", NULL };
  g_autoptr(WccStoreCustomer) customer = NULL;
  g_autoptr(WccStorePackage) package = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) before = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *task_node;
  gint64 version = 0, task_id = -1;

  if ((customer = find_visible_customer (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  current = customer_to_json (customer);
  package = wcc_store_package_find (request->store, request->user->client_id, customer->package_id);
  if (!wcc_json_check_fields (body, allowed, &error) || !wcc_api_read_version (body, &version, &error))
    goto fail;
  if ((task_node = json_object_get_member (body, "task_id")) != NULL)
    {
      /* C4: only upper users move customers between tasks; ownership follows the move. */
      if (!wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN))
        {
          g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_FORBIDDEN,
                               _("Only the client administrator moves customers between tasks"));
          goto fail;
        }
      task_id = 0;
      if (!JSON_NODE_HOLDS_NULL (task_node) && !wcc_json_get_int (body, "task_id", TRUE, &task_id, &error))
        goto fail;
    }
  if (!wcc_api_read_customer_data (body, package, customer, &error))
    goto fail;
  if (task_id >= 0)
    before = places_of (request, &customer->id, 1);
  /* The edit and the move are written together or not at all. */
  if (!wcc_store_begin (request->store, &error))
    goto fail;
  if (!wcc_store_customer_update (request->store, customer, version, &error) ||
      (task_id >= 0 && !wcc_store_customer_move (request->store, request->user->client_id, task_id,
                                                 &customer->id, 1, moved, missing, &error)))
    {
      wcc_store_rollback (request->store);
      goto fail;
    }
  if (missing->len > 0)
    {
      wcc_store_rollback (request->store);
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“task_id” names no task of the customer's package"));
      goto fail;
    }
  if (!wcc_store_commit (request->store, &error))
    goto fail;
  /* A move tells those who lose the customer too; the edit goes to who sees it now. */
  if (before != NULL)
    publish_customers_moved (request, before);
  wcc_api_publish_customer_changed (request, customer->id);
  reply_customer (request, SOUP_STATUS_OK, customer->id);
  return;

fail:
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND) && task_id > 0)
    {
      g_clear_error (&error);
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“task_id” names no task of the customer's package"));
    }
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    {
      g_autoptr(WccStoreCustomer) latest = wcc_store_customer_find (request->store, request->user->client_id,
                                                                    request->id);
      g_clear_pointer (&current, json_object_unref);
      current = customer_to_json (latest);
    }
  wcc_reply_edit_error (request, error, current);
}

JsonObject *
wcc_api_customer_to_json (WccStoreCustomer *customer)
{
  return customer_to_json (customer);
}

void
wcc_api_customer_by_phone (WccRequest *request)
{
  const char *number = wcc_request_query_text (request, "number");
  g_autofree char *normalized = number ? wcc_phone_number_normalize (number) : NULL;
  g_autoptr(GPtrArray) customers = NULL;
  WccStoreViewer viewer = wcc_request_viewer (request);
  JsonArray *items;

  /* S10: the full number only: no partial match, so nobody browses customers by digits. */
  if (normalized == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“number” must be a full phone number"));
      return;
    }
  customers = wcc_store_customer_find_by_phone (request->store, request->user->client_id, &viewer, normalized,
                                                BY_PHONE_LIMIT);
  items = json_array_new ();
  for (guint i = 0; i < customers->len; i++)
    json_array_add_object_element (items, customer_to_json (g_ptr_array_index (customers, i)));
  wcc_reply_items (request, items);
}

static const char * const sort_names[] = { "id", "company", "name", "dial_count", "last_contact", "updated", NULL };

void
wcc_api_customers_list (WccRequest *request)
{
  WccStoreCustomerQuery query = { .sort = WCC_CUSTOMER_SORT_ID };
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  const char *owner = wcc_request_query_text (request, "owner");
  const char *sort = wcc_request_query_text (request, "sort");
  const char *order = wcc_request_query_text (request, "order");
  const char *q = wcc_request_query_text (request, "q");
  const char *pending = wcc_request_query_text (request, "pending");
  const char *funnel = wcc_request_query_text (request, "funnel");
  const char *contacted_before = wcc_request_query_text (request, "contacted_before");
  guint64 task_id = 0, tag_id = 0, offset = 0, owner_id = 0, package_id = 0, call_result_id = 0;
  guint64 max_dial_count = G_MAXUINT32;
  JsonObject *body;
  JsonArray *items;
  guint limit;

  if (!wcc_request_query_page (request, &limit, &offset, &error) ||
      !wcc_request_query_number (request, "call_result", 1, G_MAXINT64, &call_result_id, &error) ||
      !wcc_request_query_number (request, "max_dial_count", 0, G_MAXUINT32 - 1, &max_dial_count, &error) ||
      !wcc_request_query_number (request, "task", 1, G_MAXINT64, &task_id, &error) ||
      !wcc_request_query_number (request, "tag", 1, G_MAXINT64, &tag_id, &error) ||
      !wcc_request_query_number (request, "package", 1, G_MAXINT64, &package_id, &error))
    goto fail;
  /* C19 and C20: no contact record yet, or the funnel stage of the last one. */
  if ((pending != NULL && !g_str_equal (pending, "1")) || (funnel != NULL && !wcc_funnel_stage_from_string (funnel, NULL)))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“pending” must be 1, “funnel” success, fail or follow_up"));
      goto fail;
    }
  query.pending = pending != NULL;
  query.funnel = funnel;
  /* C25: auto-dial chooses by the dial count and the last contact (never contacted: in). */
  if (max_dial_count != G_MAXUINT32)
    query.dials_below = (gint64) max_dial_count + 1;
  if (contacted_before != NULL &&
      (!wcc_time_from_rfc3339 (contacted_before, &query.contacted_before) || query.contacted_before <= 0))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“contacted_before” must be an RFC 3339 time"));
      goto fail;
    }
  query.package_id = (gint64) package_id;
  query.call_result_id = (gint64) call_result_id;
  if (owner != NULL && !g_str_equal (owner, "me") && !g_str_equal (owner, "none") &&
      !wcc_request_query_number (request, "owner", 1, G_MAXINT64, &owner_id, &error))
    goto fail;
  query.owner_id = owner == NULL ? 0 : g_str_equal (owner, "me") ? request->user->id
                   : g_str_equal (owner, "none") ? -1 : (gint64) owner_id;
  if ((sort != NULL && name_to_index (sort_names, sort) < 0) ||
      (order != NULL && !g_str_equal (order, "asc") && !g_str_equal (order, "desc")))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“sort” must be id, company, name, dial_count, last_contact or updated, "
                             "“order” asc or desc"));
      goto fail;
    }
  if (q != NULL && (*q == '\0' || g_utf8_strlen (q, -1) > MAX_TEXT))
    {
      g_set_error_literal (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“q” must be 1 to 200 characters"));
      goto fail;
    }
  query.sort = sort ? name_to_index (sort_names, sort) : WCC_CUSTOMER_SORT_ID;
  query.descending = order != NULL && g_str_equal (order, "desc");
  query.task_id = (gint64) task_id;
  query.tag_id = (gint64) tag_id;
  /* A search that reads as a phone number matches full numbers only (S10); else a name or
   * company prefix. */
  if (q != NULL && (phone = wcc_phone_number_normalize (q)) != NULL)
    query.phone = phone;
  else
    query.prefix = q;
  query.offset = (guint) MIN (offset, G_MAXUINT);
  query.limit = limit + 1;
  customers = wcc_store_customer_list (request->store, request->user->client_id, &viewer, &query);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < customers->len && i < limit; i++)
    json_array_add_object_element (items, customer_to_json (g_ptr_array_index (customers, i)));
  json_object_set_array_member (body, "items", items);
  /* The cursor of a sorted list is the offset of its next page. */
  wcc_api_set_next (body, customers->len > limit, (gint64) (query.offset + limit));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
  return;

fail:
  wcc_reply_gerror (request, error);
}

/* Pools and ownership (C2, C4, C24) */

/* The task of the path if the caller works on it: agents and leaders in its groups, the
 * administrator; 404 for other clients' tasks, 403 for others. */
static WccStoreTask *
find_working_task (WccRequest *request)
{
  g_autoptr(WccStoreTask) task = find_task (request);

  if (task == NULL)
    return NULL;
  if (!wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) &&
      !wcc_store_task_has_member (request->store, request->user->client_id, task->id, request->user->id))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("You do not work on this task"));
      return NULL;
    }
  return g_steal_pointer (&task);
}

void
wcc_api_pool_list (WccRequest *request)
{
  g_autoptr(WccStoreTask) task = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 after;
  guint limit;

  if ((task = find_working_task (request)) == NULL)
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  customers = wcc_store_pool_list (request->store, request->user->client_id, task->id, (gint64) after, limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < customers->len && i < limit; i++)
    json_array_add_object_element (items, customer_to_json (g_ptr_array_index (customers, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, customers->len > limit,
                    customers->len > limit ? ((WccStoreCustomer *) g_ptr_array_index (customers, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* Reads {"ids": [...]} (and more @allowed fields). */
static GArray *
read_ids_body (WccRequest   *request,
               const char  **allowed,
               JsonObject  **out_body,
               GError      **error)
{
  JsonObject *body = wcc_request_parse_json (request);
  GArray *ids;

  if (body == NULL)
    return NULL;
  if (!wcc_json_check_fields (body, allowed, error) || (ids = wcc_api_read_id_list (body, "ids", MAX_IDS, FALSE, error)) == NULL)
    {
      json_object_unref (body);
      wcc_reply_gerror (request, *error);
      return NULL;
    }
  *out_body = body;
  return ids;
}

void
wcc_api_pool_grab (WccRequest *request)
{
  static const char *allowed[] = { "ids", NULL };
  g_autoptr(WccStoreTask) task = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) grabbed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) before = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  /* The task first: another client's is 404 whoever asks. */
  if ((task = find_working_task (request)) == NULL ||
      !wcc_request_require_role (request, WCC_ROLE_AGENT, _("Only agents take customers from a pool")) ||
      (ids = read_ids_body (request, allowed, &body, &error)) == NULL)
    return;
  before = places_of (request, (const gint64 *) (gpointer) ids->data, ids->len);
  if (!wcc_store_pool_grab (request->store, request->user->client_id, task->id, request->user->id,
                            (const gint64 *) (gpointer) ids->data, ids->len, grabbed, taken, missing, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  publish_customers_moved (request, before);
  answer = json_object_new ();
  json_object_set_array_member (answer, "grabbed", ids_to_json (grabbed));
  json_object_set_array_member (answer, "taken", ids_to_json (taken));
  json_object_set_array_member (answer, "missing", ids_to_json (missing));
  wcc_reply_object (request, SOUP_STATUS_OK, answer);
}

void
wcc_api_customers_release (WccRequest *request)
{
  static const char *allowed[] = { "ids", NULL };
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) released = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) before = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  if ((ids = read_ids_body (request, allowed, &body, &error)) == NULL)
    return;
  before = places_of (request, (const gint64 *) (gpointer) ids->data, ids->len);
  if (!wcc_store_customer_release (request->store, request->user->client_id, &viewer,
                                   (const gint64 *) (gpointer) ids->data, ids->len, released, missing, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* R3: a leader (or the admin) releasing an agent's customer does it for that agent. */
  for (guint i = 0; i < before->len; i++)
    {
      WccStoreCustomerPlace *place = &g_array_index (before, WccStoreCustomerPlace, i);
      gboolean done = FALSE;

      for (guint k = 0; k < released->len && !done; k++)
        done = g_array_index (released, gint64, k) == place->id;
      if (done && place->owner_id != request->user->id)
        {
          g_autofree char *detail = g_strdup_printf ("customer %" G_GINT64_FORMAT " to the pool", place->id);

          wcc_api_audit_on_behalf (request, place->owner_id, "customer.released", detail);
        }
    }
  publish_customers_moved (request, before);
  answer = json_object_new ();
  json_object_set_array_member (answer, "released", ids_to_json (released));
  json_object_set_array_member (answer, "missing", ids_to_json (missing));
  wcc_reply_object (request, SOUP_STATUS_OK, answer);
}

void
wcc_api_customers_assign (WccRequest *request)
{
  static const char *allowed[] = { "ids", "task_id", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) before = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *task_node;
  gint64 task_id = 0;
  JsonObject *answer;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN, _("Only the client administrator moves customers between tasks")) ||
      (ids = read_ids_body (request, allowed, &body, &error)) == NULL)
    return;
  task_node = json_object_get_member (body, "task_id");
  if (task_node == NULL || (!JSON_NODE_HOLDS_NULL (task_node) &&
                            (!wcc_json_get_int (body, "task_id", TRUE, &task_id, &error) || task_id <= 0)))
    {
      g_clear_error (&error);
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“task_id” must be a task id or null"));
      return;
    }
  before = places_of (request, (const gint64 *) (gpointer) ids->data, ids->len);
  if (!wcc_store_customer_move (request->store, request->user->client_id, task_id,
                                (const gint64 *) (gpointer) ids->data, ids->len, moved, missing, &error))
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND))
        wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“task_id” must be a task id or null"));
      else
        wcc_reply_gerror (request, error);
      return;
    }
  publish_customers_moved (request, before);
  answer = json_object_new ();
  json_object_set_array_member (answer, "moved", ids_to_json (moved));
  json_object_set_array_member (answer, "missing", ids_to_json (missing));
  wcc_reply_object (request, SOUP_STATUS_OK, answer);
}

/* R3, D2: a leader gives customers of an agent of their groups to another of them (the
 * client admin: any agent of the client); each one moved is written to the audit log with
 * both the leader and the agent who had it. */
void
wcc_api_customers_reassign (WccRequest *request)
{
  static const char *allowed[] = { "ids", "agent_id", "on_behalf_of", NULL };
  WccStoreViewer viewer = wcc_request_viewer (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreUser) target = NULL;
  g_autoptr(GHashTable) owners = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *target_name = NULL;
  gint64 to_agent = 0, from_agent = 0;
  JsonObject *answer;

  if (!wcc_request_require_role (request, WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER,
                                 _("Only a leader of the agent's groups or the client administrator reassigns customers")) ||
      (ids = read_ids_body (request, allowed, &body, &error)) == NULL ||
      !wcc_api_read_on_behalf_of (request, body, &from_agent))
    return;
  if (!wcc_json_get_int (body, "agent_id", TRUE, &to_agent, &error) ||
      (target = wcc_store_user_find (request->store, request->user->client_id, to_agent)) == NULL ||
      (target->roles & WCC_ROLE_AGENT) == 0 ||
      (!wcc_request_has_role (request, WCC_ROLE_CLIENT_ADMIN) &&
       !wcc_store_user_leads_user (request->store, request->user->client_id, request->user->id, to_agent)))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“agent_id” must be an agent of a group you lead"));
      return;
    }
  target_name = wcc_api_display_name (target->surname, target->given_name, target->employee_id);
  before = places_of (request, (const gint64 *) (gpointer) ids->data, ids->len);
  for (guint i = 0; i < before->len; i++)
    {
      WccStoreCustomerPlace *place = &g_array_index (before, WccStoreCustomerPlace, i);

      g_hash_table_insert (owners, &place->id, place);
    }
  if (!wcc_store_customer_reassign (request->store, request->user->client_id, &viewer, from_agent, to_agent,
                                    (const gint64 *) (gpointer) ids->data, ids->len, moved, missing, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  for (guint i = 0; i < moved->len; i++)
    {
      gint64 id = g_array_index (moved, gint64, i);
      WccStoreCustomerPlace *place = g_hash_table_lookup (owners, &id);
      g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id, id);
      g_autofree char *label = customer != NULL ? wcc_api_customer_tab_label (customer) : g_strdup ("");
      g_autofree char *detail = g_strdup_printf ("customer %" G_GINT64_FORMAT " (%s) to %s (user %" G_GINT64_FORMAT ")",
                                                 id, label, target_name, to_agent);

      WccStoreNotification notification = {
        .user_id = to_agent, .kind = (char *) "customer.assigned", .title = (char *) _("Customer assigned to you"),
        .body = label, .ref_type = (char *) "customer", .ref_id = id, .customer_id = id,
      };

      wcc_api_audit_on_behalf (request, place != NULL ? place->owner_id : from_agent, "customer.reassigned", detail);
      /* S13: the agent who has it now is told, with the customer to open. */
      wcc_api_notify (request, &notification);
    }
  publish_customers_moved (request, before);
  answer = json_object_new ();
  json_object_set_array_member (answer, "moved", ids_to_json (moved));
  json_object_set_array_member (answer, "missing", ids_to_json (missing));
  wcc_reply_object (request, SOUP_STATUS_OK, answer);
}

/* Notes (C9) */

#define MAX_NOTE_TEXT 2000

static const char * const note_kind_names[] = { "normal", "pinned", "warning", NULL };
static const char * const review_state_names[] = { "", "pending", "approved", "rejected", NULL };

JsonObject *
wcc_api_note_to_json (WccStoreNote *note)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", note->id);
  json_object_set_int_member (object, "customer_id", note->customer_id);
  wcc_json_set_id_or_null (object, "author_id", note->author_id);
  json_object_set_string_member (object, "kind", note_kind_names[note->kind]);
  json_object_set_string_member (object, "text", note->text);
  if (note->review_state != WCC_REVIEW_NONE)
    json_object_set_string_member (object, "review_state", review_state_names[note->review_state]);
  else
    json_object_set_null_member (object, "review_state");
  wcc_json_set_id_or_null (object, "reviewer_id", note->reviewer_id);
  json_object_set_string_member (object, "review_reason", note->review_reason);
  wcc_json_set_time_or_null (object, "reviewed_at", note->reviewed_at);
  json_object_set_int_member (object, "version", note->version);
  wcc_json_set_time_or_null (object, "created_at", note->created_at);
  wcc_json_set_time_or_null (object, "updated_at", note->updated_at);
  return object;
}

gboolean
wcc_request_sees_customer (WccRequest *request,
                           gint64      customer_id)
{
  WccStoreViewer viewer = wcc_request_viewer (request);

  return wcc_store_customer_is_visible (request->store, request->user->client_id, &viewer, customer_id);
}

/* A list under a customer: 404 unless the caller sees the customer, then ?limit and ?after.
 * FALSE when answered here. */
gboolean
wcc_request_begin_customer_list (WccRequest *request,
                                 guint      *out_limit,
                                 guint64    *out_after)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return FALSE;
    }
  if (!wcc_request_query_page (request, out_limit, out_after, &error))
    {
      wcc_reply_gerror (request, error);
      return FALSE;
    }
  return TRUE;
}

/* {"items": the first @limit of @rows, "next"}: @rows holds one more when there is a next
 * page, which starts at @next_cursor. */
void
wcc_reply_page (WccRequest    *request,
                GPtrArray     *rows,
                guint          limit,
                WccItemToJson  to_json,
                gint64         next_cursor)
{
  JsonObject *body = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < rows->len && i < limit; i++)
    json_array_add_object_element (items, to_json (g_ptr_array_index (rows, i)));
  json_object_set_array_member (body, "items", items);
  wcc_api_set_next (body, rows->len > limit, next_cursor);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

static void
reply_notes (WccRequest *request,
             gboolean    approved_warnings_only)
{
  g_autoptr(GPtrArray) notes = NULL;
  guint64 offset;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &offset))
    return;
  notes = wcc_store_note_list (request->store, request->user->client_id, request->id, approved_warnings_only,
                               (guint) MIN (offset, G_MAXUINT), limit + 1);
  /* Pinned first: the cursor is the offset of the next page. */
  wcc_reply_page (request, notes, limit, (WccItemToJson) wcc_api_note_to_json, (gint64) (MIN (offset, G_MAXUINT) + limit));
}

void
wcc_api_customer_notes_list (WccRequest *request)
{
  reply_notes (request, FALSE);
}

void
wcc_api_customer_warnings_list (WccRequest *request)
{
  reply_notes (request, TRUE);
}

static gboolean
read_note_kind (JsonObject   *body,
                gboolean      required,
                gboolean      allow_warning,
                WccNoteKind  *out,
                GError      **error)
{
  const char *kind = NULL;
  int index;

  if (!wcc_json_get_string (body, "kind", required, &kind, error))
    return FALSE;
  if (kind == NULL)
    return TRUE;
  index = name_to_index (note_kind_names, kind);
  if (index < 0 || (!allow_warning && index == WCC_NOTE_WARNING))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           allow_warning ? _("“kind” must be “normal”, “pinned” or “warning”")
                                         : _("“kind” must be “normal” or “pinned”"));
      return FALSE;
    }
  *out = index;
  return TRUE;
}

void
wcc_api_customer_note_create (WccRequest *request)
{
  static const char *allowed[] = { "kind", "text", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WccStoreNote) note = NULL;
  g_autoptr(GError) error = NULL;
  WccNoteKind kind = WCC_NOTE_NORMAL;
  const char *text = NULL;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) || !read_note_kind (body, FALSE, TRUE, &kind, &error) ||
      !wcc_api_read_text (body, "text", TRUE, MAX_NOTE_TEXT, &text, &error) ||
      (id = wcc_store_note_create (request->store, request->user->client_id, request->id, request->user->id,
                                   kind, text, &error)) == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  note = wcc_store_note_find (request->store, request->user->client_id, id);
  if (note->kind == WCC_NOTE_WARNING)
    wcc_api_publish_approvals_changed (request, request->user->id, "warning", id, note->review_state);
  wcc_reply_object (request, SOUP_STATUS_CREATED, wcc_api_note_to_json (note));
}

/* The note of the path for its author's edits: 404 unless the caller sees its customer,
 * 403 unless theirs, 409 for a pop-up warning (reviewed as written). */
static WccStoreNote *
find_own_note (WccRequest *request)
{
  g_autoptr(WccStoreNote) note = wcc_store_note_find (request->store, request->user->client_id, request->id);

  if (note == NULL || !wcc_request_sees_customer (request, note->customer_id))
    wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such note"));
  else if (note->author_id != request->user->id)
    wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only its author changes a note"));
  else if (note->kind == WCC_NOTE_WARNING)
    wcc_reply_error (request, WCC_ERROR_CONFLICT, _("A pop-up warning cannot be changed: write a new one"));
  else
    return g_steal_pointer (&note);
  return NULL;
}

void
wcc_api_note_patch (WccRequest *request)
{
  static const char *allowed[] = { "kind", "text", "version", NULL };
  g_autoptr(WccStoreNote) note = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  gint64 version = 0;

  if ((note = find_own_note (request)) == NULL || (body = wcc_request_parse_json (request)) == NULL)
    return;
  if (wcc_json_check_fields (body, allowed, &error) && wcc_api_read_version (body, &version, &error) &&
      read_note_kind (body, FALSE, FALSE, &note->kind, &error) &&
      wcc_api_read_text (body, "text", FALSE, MAX_NOTE_TEXT, &text, &error))
    {
      if (text != NULL && *text == '\0')
        g_set_error (&error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"), "text",
                     MAX_NOTE_TEXT);
      else
        {
          if (text != NULL)
            {
              g_free (note->text);
              note->text = g_strdup (text);
            }
          if (wcc_store_note_update (request->store, note, version, &error))
            {
              g_autoptr(WccStoreNote) updated = wcc_store_note_find (request->store, request->user->client_id,
                                                                     request->id);
              wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_note_to_json (updated));
              return;
            }
        }
    }
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    {
      g_autoptr(WccStoreNote) latest = wcc_store_note_find (request->store, request->user->client_id, request->id);
      if (latest != NULL)
        current = wcc_api_note_to_json (latest);
    }
  wcc_reply_edit_error (request, error, current);
}

void
wcc_api_note_delete (WccRequest *request)
{
  g_autoptr(WccStoreNote) note = find_own_note (request);
  g_autoptr(GError) error = NULL;

  if (note == NULL)
    return;
  if (wcc_store_note_delete (request->store, request->user->client_id, request->id, &error))
    wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    wcc_reply_gerror (request, error);
}

void
wcc_api_note_review (WccRequest *request)
{
  static const char *allowed[] = { "decision", "reason", NULL };
  g_autoptr(WccStoreNote) note = wcc_store_note_find (request->store, request->user->client_id, request->id);
  g_autoptr(WccStoreNote) reviewed = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;
  gint64 notification_id = 0;
  gboolean approve;

  if (note == NULL || !wcc_request_may_review (request, note->author_id))
    {
      if (note != NULL && wcc_request_sees_customer (request, note->customer_id))
        wcc_reply_error (request, WCC_ERROR_FORBIDDEN,
                         _("Only the client administrator or a leader of the author's group reviews warnings"));
      else
        wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such note"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_api_read_review (body, allowed, &approve, &reason, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* S13: the decision and the author's notification of it, in one transaction. */
  if (!wcc_store_begin (request->store, &error) ||
      !wcc_store_note_review (request->store, request->user->client_id, request->id, request->user->id, approve,
                              reason, &error) ||
      (note->author_id != 0 &&
       (notification_id = wcc_api_notification_add_review (request, note->author_id,
                                                            approve ? "note.approved" : "note.rejected",
                                                            approve ? _("Pop-up warning approved")
                                                                    : _("Pop-up warning rejected"),
                                                            "note", note->id, note->customer_id, reason,
                                                            &error)) == 0) ||
      !wcc_store_commit (request->store, &error))
    {
      wcc_store_rollback (request->store);
      wcc_reply_gerror (request, error);
      return;
    }
  reviewed = wcc_store_note_find (request->store, request->user->client_id, request->id);
  wcc_api_publish_approvals_changed (request, reviewed->author_id, "warning", reviewed->id, reviewed->review_state);
  /* S13: the author hears of the decision. */
  if (reviewed->author_id != 0)
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (data, wcc_api_note_to_json (reviewed));
      wcc_event_hub_publish (request->hub, request->user->client_id, reviewed->author_id, "note.reviewed", data);
      wcc_api_notification_publish (request, reviewed->author_id, notification_id);
    }
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_note_to_json (reviewed));
}

/* ---- Contact records (C15) ---- */

#define MAX_CONTACT_NOTE 4000

static JsonObject *
contact_record_to_json (WccStoreContactRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", record->id);
  json_object_set_int_member (object, "customer_id", record->customer_id);
  wcc_json_set_id_or_null (object, "author_id", record->author_id);
  json_object_set_int_member (object, "call_result_id", record->call_result_id);
  json_object_set_string_member (object, "call_result", record->result_label);
  json_object_set_string_member (object, "funnel", wcc_funnel_stage_to_string (record->funnel));
  json_object_set_string_member (object, "call_state", record->answered ? "answered" : "unanswered");
  json_object_set_string_member (object, "note", record->note);
  wcc_json_set_id_or_null (object, "call_id", record->call_id);
  wcc_json_set_id_or_null (object, "ticket_id", record->ticket_id);
  if (record->has_recording && record->call_id > 0)
    {
      g_autofree char *url = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording", record->call_id);

      json_object_set_string_member (object, "recording_url", url);
    }
  else
    json_object_set_null_member (object, "recording_url");
  wcc_json_set_time_or_null (object, "next_contact_at", record->next_contact_at);
  wcc_json_set_time_or_null (object, "created_at", record->created_at);
  json_object_set_member (object, "answers", parse_json_text (record->answers_json ? record->answers_json : "{}"));
  return object;
}

void
wcc_api_customer_contact_records_list (WccRequest *request)
{
  g_autoptr(GPtrArray) records = NULL;
  guint64 after;
  guint limit;

  if (!wcc_request_begin_customer_list (request, &limit, &after))
    return;
  /* Newest first: the cursor is the last id seen. */
  records = wcc_store_contact_record_list (request->store, request->user->client_id, request->id,
                                           (gint64) after, limit + 1);
  wcc_reply_page (request, records, limit, (WccItemToJson) contact_record_to_json,
              records->len > limit ? ((WccStoreContactRecord *) g_ptr_array_index (records, limit - 1))->id : 0);
}

/* R3: ?agent=ID's contact records, newest first, for whoever may act for them; each names
 * its customer ("customer_label"). */
void
wcc_api_contact_records_list (WccRequest *request)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *items;
  guint64 after;
  gint64 agent_id;
  guint limit;

  if (!wcc_request_query_agent (request, &agent_id))
    return;
  if (!wcc_request_query_page (request, &limit, &after, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  records = wcc_store_contact_record_list_by_author (request->store, request->user->client_id, agent_id,
                                                     (gint64) MIN (after, (guint64) G_MAXINT64), limit + 1);
  body = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < records->len && i < limit; i++)
    {
      WccStoreContactRecord *record = g_ptr_array_index (records, i);
      g_autoptr(WccStoreCustomer) customer = wcc_store_customer_find (request->store, request->user->client_id,
                                                                      record->customer_id);
      g_autofree char *label = customer != NULL ? wcc_api_customer_tab_label (customer) : g_strdup ("");
      JsonObject *item = contact_record_to_json (record);

      json_object_set_string_member (item, "customer_label", label);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (body, "items", items);
  /* Newest first: the cursor is the last id seen. */
  wcc_api_set_next (body, records->len > limit,
                    records->len > limit ? ((WccStoreContactRecord *) g_ptr_array_index (records, limit - 1))->id : 0);
  wcc_reply_object (request, SOUP_STATUS_OK, body);
}

/* The call a record links to: one of the client's that the caller took or had a leg in,
 * not about another customer. Its answer time says whether it was answered. */
static gboolean
check_record_call (WccRequest  *request,
                   gint64       call_id,
                   gboolean    *out_answered,
                   GError     **error)
{
  g_autoptr(WccStoreCall) call = wcc_store_call_find (request->store, request->user->client_id, call_id);
  gboolean theirs = FALSE;

  if (call != NULL)
    {
      theirs = call->agent_id == request->user->id;
      for (guint i = 0; !theirs && call->legs != NULL && i < call->legs->len; i++)
        theirs = ((WccStoreCallLeg *) g_ptr_array_index (call->legs, i))->user_id == request->user->id;
    }
  if (!theirs)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“call_id” must be a call you were on"));
      return FALSE;
    }
  if (call->customer_id != 0 && call->customer_id != request->id)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("That call is about another customer"));
      return FALSE;
    }
  *out_answered = call->answered_at != 0;
  return TRUE;
}

void
wcc_api_customer_contact_record_create (WccRequest *request)
{
  static const char *allowed[] = { "call_result_id", "call_id", "call_state", "note", "next_contact_at", "ticket_id",
                                   "answers", NULL };
  g_autoptr(WccRecordAnswers) answers = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GError) error = NULL;
  gint64 result_id = 0, call_id = 0, ticket_id = 0, next_contact_at = 0;
  const char *call_state = NULL, *note = NULL, *next_text = NULL;
  gboolean answered = FALSE;
  gint64 id;

  if (!wcc_request_sees_customer (request, request->id))
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return;
    }
  if ((body = wcc_request_parse_json (request)) == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_int (body, "call_result_id", TRUE, &result_id, &error) ||
      !wcc_json_get_int (body, "call_id", FALSE, &call_id, &error) ||
      !wcc_json_get_int (body, "ticket_id", FALSE, &ticket_id, &error) ||
      !wcc_json_get_string (body, "call_state", FALSE, &call_state, &error) ||
      !wcc_api_read_text (body, "note", FALSE, MAX_CONTACT_NOTE, &note, &error) ||
      !wcc_json_get_string (body, "next_contact_at", FALSE, &next_text, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (next_text != NULL &&
      !wcc_api_appointment_time (request, "next_contact_at", next_text, NULL, &next_contact_at, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  /* The call's state: from the call when there is one, else as the agent says. */
  if (call_id != 0)
    {
      if (!check_record_call (request, call_id, &answered, &error))
        {
          wcc_reply_gerror (request, error);
          return;
        }
    }
  else if (g_strcmp0 (call_state, "answered") == 0 || g_strcmp0 (call_state, "unanswered") == 0)
    answered = g_str_equal (call_state, "answered");
  else
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("“call_state” must be “answered” or “unanswered” when there is no “call_id”"));
      return;
    }
  /* C18: questionnaire answers are checked first and written with the record, all or nothing. */
  if (!wcc_api_read_record_answers (request, body, &answers))
    return;
  if (answers != NULL && !wcc_store_begin (request->store, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  id = wcc_store_contact_record_create (request->store, request->user->client_id, request->id,
                                        request->user->id, result_id, answered, note, call_id, ticket_id,
                                        next_contact_at, &error);
  if (answers != NULL)
    {
      if (id != 0 && !wcc_api_write_record_answers (request, answers, id, &error))
        id = 0;
      if (id == 0)
        wcc_store_rollback (request->store);
      else if (!wcc_store_commit (request->store, &error))
        id = 0;
    }
  if (id == 0)
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (next_contact_at != 0)
    wcc_api_publish_customer_appointment_changed (request, request->id, request->user->id);
  /* Its dial count, last contact and funnel stage changed: the lists follow. */
  wcc_api_publish_customer_changed (request, request->id);
  created = wcc_store_contact_record_list (request->store, request->user->client_id, request->id, id + 1, 1);
  wcc_reply_object (request, SOUP_STATUS_CREATED, contact_record_to_json (g_ptr_array_index (created, 0)));
}
