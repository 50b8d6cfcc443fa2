/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-data.c: the checks of a client's set-up data, read from a JSON body: one
 * piece of code for the API's handlers and `wcc-server admin`. */
#define G_LOG_DOMAIN "wcc-setup-data"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wcc-http-private.h"
#include "wcc-setup-data.h"

#define MAX_IDS 200
#define MAX_FIELDS 50
#define MAX_CHOICES 100
#define MAX_TEXT 200

/* An optional "position": leaves *@position when missing. */
static gboolean
read_position (JsonObject  *body,
               int         *position,
               GError     **error)
{
  gint64 value = *position;

  if (!wcc_json_get_int (body, "position", FALSE, &value, error))
    return FALSE;
  if (value < G_MININT32 || value > G_MAXINT32)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“position” is out of range"));
      return FALSE;
    }
  *position = (int) value;
  return TRUE;
}

/* Packages (C1) and their custom field definitions (C5) */

static const char * const field_types[] = { "text", "number", "date", "choice", NULL };

static gboolean
field_name_is_valid (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 64)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/* Checks the definitions and returns them as stored: [{"name", "label", "type", "required",
 * "choices"}]. */
static char *
read_field_definitions (JsonNode  *node,
                        GError   **error)
{
  static const char *allowed[] = { "name", "label", "type", "required", "choices", NULL };
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) out_node = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) > MAX_FIELDS)
    goto bad;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *field, *copy;
      const char *name = NULL, *label = NULL, *type = NULL;
      gboolean required = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad;
      field = json_node_get_object (element);
      if (!wcc_json_check_fields (field, allowed, error) ||
          !wcc_json_get_string (field, "name", TRUE, &name, error) ||
          !wcc_api_read_text (field, "label", FALSE, MAX_TEXT, &label, error) ||
          !wcc_json_get_string (field, "type", TRUE, &type, error) ||
          !wcc_json_get_bool (field, "required", FALSE, &required, error))
        return NULL;
      if (!field_name_is_valid (name) || !g_strv_contains (field_types, type) ||
          g_hash_table_contains (names, name))
        goto bad;
      g_hash_table_add (names, (gpointer) name);
      copy = json_object_new ();
      json_object_set_string_member (copy, "name", name);
      json_object_set_string_member (copy, "label", label ? label : name);
      json_object_set_string_member (copy, "type", type);
      json_object_set_boolean_member (copy, "required", required);
      if (g_str_equal (type, "choice"))
        {
          JsonNode *choices = json_object_get_member (field, "choices");
          JsonArray *list;

          if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices) ||
              json_array_get_length (list = json_node_get_array (choices)) == 0 ||
              json_array_get_length (list) > MAX_CHOICES)
            goto bad;
          for (guint j = 0; j < json_array_get_length (list); j++)
            {
              JsonNode *choice = json_array_get_element (list, j);
              if (!JSON_NODE_HOLDS_VALUE (choice) || json_node_get_value_type (choice) != G_TYPE_STRING ||
                  g_utf8_strlen (json_node_get_string (choice), -1) > MAX_TEXT)
                goto bad;
            }
          json_object_set_member (copy, "choices", json_node_copy (choices));
        }
      else if (json_object_has_member (field, "choices"))
        goto bad;
      json_array_add_object_element (out, copy);
    }
  out_node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (out_node, out);
  return wcc_json_to_string (out_node);

bad:
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
               _("“fields” must be a list of at most %d fields, each with a unique “name” (a-z, 0-9, _), "
                 "a “type” (text, number, date or choice, which needs “choices”) and optionally "
                 "“label” and “required”"), MAX_FIELDS);
  return NULL;
}

gboolean
wcc_setup_read_package (JsonObject       *body,
                        gboolean          creating,
                        WccStorePackage  *package,
                        GError          **error)
{
  static const char *allowed_new[] = { "name", "fields", NULL };
  static const char *allowed_edit[] = { "name", "fields", "version", NULL };
  const char *name = NULL;
  JsonNode *fields = json_object_get_member (body, "fields");

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text (body, "name", creating, MAX_TEXT, &name, error))
    return FALSE;
  if (name != NULL)
    {
      g_free (package->name);
      package->name = g_strdup (name);
    }
  if (fields != NULL)
    {
      char *text = read_field_definitions (fields, error);
      if (text == NULL)
        return FALSE;
      g_free (package->fields_json);
      package->fields_json = text;
    }
  return TRUE;
}

/* Tasks (C1, C15) */

gboolean
wcc_setup_read_task (JsonObject    *body,
                     gboolean       creating,
                     WccStoreTask  *task,
                     GError       **error)
{
  static const char *allowed_new[] = { "package_id", "name", "groups", "call_results", "after_call_work",
                                       "contact_history", "questionnaire_id", NULL };
  static const char *allowed_edit[] = { "name", "groups", "call_results", "after_call_work",
                                        "contact_history", "questionnaire_id", "version", NULL };
  const char *name = NULL, *history = NULL;
  gint64 after_call_work = task->after_call_work;
  JsonNode *questionnaire = json_object_get_member (body, "questionnaire_id");

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      (creating && !wcc_json_get_int (body, "package_id", TRUE, &task->package_id, error)) ||
      !wcc_api_read_text (body, "name", creating, MAX_TEXT, &name, error) ||
      !wcc_json_get_int (body, "after_call_work", FALSE, &after_call_work, error) ||
      !wcc_json_get_string (body, "contact_history", FALSE, &history, error))
    return FALSE;
  if (after_call_work < 0 || after_call_work > 3600)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“after_call_work” must be 0 to 3600 seconds"));
      return FALSE;
    }
  task->after_call_work = (int) after_call_work;
  if (history != NULL && !g_str_equal (history, "auto") && !g_str_equal (history, "manual"))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“contact_history” must be “auto” or “manual”"));
      return FALSE;
    }
  if (history != NULL)
    task->history_manual = g_str_equal (history, "manual");
  if (questionnaire != NULL)
    {
      if (JSON_NODE_HOLDS_NULL (questionnaire))
        task->questionnaire_id = 0;
      else if (!wcc_json_get_int (body, "questionnaire_id", TRUE, &task->questionnaire_id, error))
        return FALSE;
    }
  if (name != NULL)
    {
      g_free (task->name);
      task->name = g_strdup (name);
    }
  if (json_object_has_member (body, "groups"))
    {
      GArray *ids = wcc_api_read_id_list (body, "groups", MAX_IDS, TRUE, error);
      if (ids == NULL)
        return FALSE;
      g_array_unref (task->group_ids);
      task->group_ids = ids;
    }
  if (json_object_has_member (body, "call_results"))
    {
      GArray *ids = wcc_api_read_id_list (body, "call_results", MAX_IDS, TRUE, error);
      if (ids == NULL)
        return FALSE;
      g_array_unref (task->call_result_ids);
      task->call_result_ids = ids;
    }
  return TRUE;
}

/* Call results (C16) */

gboolean
wcc_setup_read_call_result (JsonObject          *body,
                            gboolean             creating,
                            WccStoreCallResult  *result,
                            GError             **error)
{
  static const char *allowed_new[] = { "label", "funnel", "call_state", "position", NULL };
  static const char *allowed_edit[] = { "label", "funnel", "call_state", "position", "version", NULL };
  const char *label = NULL, *funnel = NULL, *call_state = NULL;

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text (body, "label", creating, MAX_TEXT, &label, error) ||
      !wcc_json_get_string (body, "funnel", creating, &funnel, error) ||
      !wcc_json_get_string (body, "call_state", FALSE, &call_state, error) ||
      !read_position (body, &result->position, error))
    return FALSE;
  if (funnel != NULL && !wcc_funnel_stage_from_string (funnel, &result->funnel))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“funnel” must be “success”, “fail” or “follow_up”"));
      return FALSE;
    }
  if (call_state != NULL && !wcc_call_result_state_from_string (call_state, &result->call_state))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“call_state” must be “any”, “answered” or “unanswered”"));
      return FALSE;
    }
  if (label != NULL)
    {
      g_free (result->label);
      result->label = g_strdup (label);
    }
  return TRUE;
}

/* Customer tags (C21) */

gboolean
wcc_setup_read_tag (JsonObject   *body,
                    gboolean      creating,
                    WccStoreTag  *tag,
                    GError      **error)
{
  static const char *allowed_new[] = { "name", NULL };
  static const char *allowed_edit[] = { "name", "version", NULL };
  const char *name = NULL;

  /* An edit of a tag has nothing but its name to change: required both ways. */
  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text (body, "name", TRUE, MAX_TEXT, &name, error))
    return FALSE;
  g_free (tag->name);
  tag->name = g_strdup (name);
  return TRUE;
}

/* Ticket categories, statuses and results (C11) */

gboolean
wcc_setup_read_ticket_choice (JsonObject            *body,
                              gboolean               creating,
                              WccStoreTicketChoice  *choice,
                              GError               **error)
{
  static const char *allowed_new[] = { "label", "position", "active", NULL };
  static const char *allowed_edit[] = { "label", "position", "active", "version", NULL };
  const char *label = NULL;

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      !wcc_api_read_text (body, "label", creating, MAX_TEXT, &label, error) ||
      !read_position (body, &choice->position, error) ||
      !wcc_json_get_bool (body, "active", FALSE, &choice->active, error))
    return FALSE;
  if (label != NULL && *label == '\0')
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be 1 to %u characters"), "label",
                   MAX_TEXT);
      return FALSE;
    }
  if (label != NULL)
    {
      g_free (choice->label);
      choice->label = g_strdup (label);
    }
  return TRUE;
}

/* Product types (C13) and pause reasons: a stripped name or label */

gboolean
wcc_setup_read_product_type (JsonObject           *body,
                             gboolean              creating,
                             WccStoreProductType  *type,
                             GError              **error)
{
  static const char *allowed_new[] = { "name", NULL };
  static const char *allowed_edit[] = { "name", "version", NULL };
  static const WccApiTextField texts[] = {
    { "name", G_STRUCT_OFFSET (WccStoreProductType, name), MAX_TEXT, TRUE },
  };

  return wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) &&
         wcc_api_read_text_fields (body, texts, G_N_ELEMENTS (texts), TRUE, type, error);
}

/* Pause reasons (issue 9): a label and a place in the list. */
gboolean
wcc_setup_read_pause_reason (JsonObject           *body,
                             gboolean              creating,
                             WccStorePauseReason  *reason,
                             GError              **error)
{
  static const char *allowed_new[] = { "label", "position", NULL };
  static const char *allowed_edit[] = { "label", "position", "version", NULL };
  static const WccApiTextField texts[] = {
    { "label", G_STRUCT_OFFSET (WccStorePauseReason, label), MAX_TEXT, TRUE },
  };

  return wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) &&
         wcc_api_read_text_fields (body, texts, G_N_ELEMENTS (texts), creating, reason, error) &&
         read_position (body, &reason->position, error);
}

/* Users, groups and queue settings (issue 9) */

gboolean
wcc_setup_check_password (const char  *password,
                          GError     **error)
{
  glong chars = g_utf8_strlen (password, -1);

  if (chars >= WCC_SETUP_PASSWORD_MIN_CHARS && chars <= WCC_SETUP_PASSWORD_MAX_CHARS)
    return TRUE;
  g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("The new password must have %d to %d characters"),
               WCC_SETUP_PASSWORD_MIN_CHARS, WCC_SETUP_PASSWORD_MAX_CHARS);
  return FALSE;
}

#define MAX_NAME 64

gboolean
wcc_setup_read_user (JsonObject     *body,
                     gboolean        creating,
                     WccStoreUser   *user,
                     const char    **out_password,
                     GError        **error)
{
  static const char *allowed_new[] = { "employee_id", "surname", "given_name", "roles", "password", NULL };
  static const char *allowed_edit[] = { "surname", "given_name", "roles", "disabled", "version", NULL };
  static const WccApiTextField texts[] = {
    { "surname", G_STRUCT_OFFSET (WccStoreUser, surname), MAX_NAME, FALSE },
    { "given_name", G_STRUCT_OFFSET (WccStoreUser, given_name), MAX_NAME, FALSE },
  };
  const char *employee_id = NULL;
  JsonNode *roles = json_object_get_member (body, "roles");

  if (!wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) ||
      (creating && !wcc_json_get_string (body, "employee_id", TRUE, &employee_id, error)) ||
      !wcc_api_read_text_fields (body, texts, G_N_ELEMENTS (texts), creating, user, error) ||
      !wcc_json_get_bool (body, "disabled", FALSE, &user->disabled, error) ||
      (out_password != NULL && !wcc_json_get_string (body, "password", FALSE, out_password, error)))
    return FALSE;
  if (employee_id != NULL && !wcc_employee_id_is_valid (employee_id))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("“employee_id” must be 1 to 32 letters, digits, “.”, “_” or “-”"));
      return FALSE;
    }
  if (employee_id != NULL)
    {
      g_free (user->employee_id);
      user->employee_id = g_strdup (employee_id);
    }
  if (roles != NULL || creating)
    {
      JsonArray *array = roles != NULL && JSON_NODE_HOLDS_ARRAY (roles) ? json_node_get_array (roles) : NULL;
      WccRoles parsed = wcc_roles_from_json (array);
      gboolean ok = array != NULL && parsed != WCC_ROLE_NONE;

      for (guint i = 0; ok && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          ok = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
               wcc_role_from_string (json_node_get_string (element)) != WCC_ROLE_NONE;
        }
      if (!ok)
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“roles” must list one or more of “agent”, “leader” and “client_admin”"));
          return FALSE;
        }
      user->roles = parsed;
    }
  return TRUE;
}

gboolean
wcc_setup_read_group (JsonObject     *body,
                      gboolean        creating,
                      WccStoreQueue  *group,
                      GError        **error)
{
  static const char *allowed_new[] = { "name", NULL };
  static const char *allowed_edit[] = { "name", "version", NULL };
  static const WccApiTextField texts[] = {
    { "name", G_STRUCT_OFFSET (WccStoreQueue, name), MAX_TEXT, TRUE },
  };

  /* A group has nothing but its name to change here: required both ways. */
  return wcc_json_check_fields (body, creating ? allowed_new : allowed_edit, error) &&
         wcc_api_read_text_fields (body, texts, G_N_ELEMENTS (texts), TRUE, group, error);
}

/* A whole number member in [@min, @max]; a missing one leaves *@out. */
static gboolean
read_seconds (JsonObject  *body,
              const char  *field,
              gint64       min,
              gint64       max,
              guint       *out,
              GError     **error)
{
  gint64 value = *out;

  if (!wcc_json_get_int (body, field, FALSE, &value, error))
    return FALSE;
  if (value < min || value > max)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” must be a whole number from %d to %d"),
                   field, (int) min, (int) max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
wcc_setup_read_queue (JsonObject     *body,
                      WccStoreQueue  *queue,
                      GError        **error)
{
  static const char *allowed[] = { "queue_number", "ring_timeout", "missed_offers_before_pause", "after_call_work",
                                   "service_level", "version", NULL };
  JsonNode *number = json_object_get_member (body, "queue_number");
  JsonNode *after_call = json_object_get_member (body, "after_call_work");

  if (!wcc_json_check_fields (body, allowed, error) ||
      !read_seconds (body, "ring_timeout", 1, 3600, &queue->ring_timeout, error) ||
      !read_seconds (body, "missed_offers_before_pause", 0, 100, &queue->missed_offers_before_pause, error) ||
      !read_seconds (body, "service_level", 1, 3600, &queue->service_level, error))
    return FALSE;
  if (number != NULL)
    {
      const char *text = JSON_NODE_HOLDS_NULL (number) ? "" : NULL;

      if (text == NULL && JSON_NODE_HOLDS_VALUE (number) && json_node_get_value_type (number) == G_TYPE_STRING)
        text = json_node_get_string (number);
      if (text == NULL || strlen (text) > 32 || strspn (text, "0123456789") != strlen (text))
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“queue_number” must be up to 32 digits, or null for none"));
          return FALSE;
        }
      g_free (queue->queue_number);
      queue->queue_number = *text != '\0' ? g_strdup (text) : NULL;   /* empty: none */
    }
  if (after_call != NULL)
    {
      gboolean until_ready = JSON_NODE_HOLDS_VALUE (after_call) && json_node_get_value_type (after_call) == G_TYPE_STRING &&
                             g_str_equal (json_node_get_string (after_call), "until_ready");
      guint seconds = 0;

      if (until_ready)
        queue->after_call_work = WCC_ACD_AFTER_CALL_WORK_UNTIL_READY;
      else if (!JSON_NODE_HOLDS_VALUE (after_call) || json_node_get_value_type (after_call) != G_TYPE_INT64 ||
               !read_seconds (body, "after_call_work", 0, 24 * 3600, &seconds, NULL))
        {
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                               _("“after_call_work” must be 0 to 86400 seconds, or “until_ready”"));
          return FALSE;
        }
      else
        queue->after_call_work = (int) seconds;
    }
  return TRUE;
}
