/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-write-description.c: a write of the API in the agent's words ("Contact record for …"). */
#define G_LOG_DOMAIN "wcc-write-description"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-json.h"
#include "wcc-write-description.h"

/* The writes the desktop makes. In a pattern "#" stands for an id; a format with %s names
 * the customer. The first that matches wins. */
typedef struct {
  const char *method;
  const char *pattern;
  const char *format;
} WriteKind;

static const WriteKind write_kinds[] = {
  { "POST",   "/api/v1/customers/#/contact-records", N_("Contact record for %s") },
  { "PUT",    "/api/v1/customers/#/appointment",     N_("Appointment with %s") },
  { "POST",   "/api/v1/customers/#/notes",           N_("Note on %s") },
  { "POST",   "/api/v1/customers/#/number-requests", N_("Number request for %s") },
  { "POST",   "/api/v1/customers/#/tickets",         N_("New ticket for %s") },
  { "POST",   "/api/v1/customers/#/orders",          N_("New order for %s") },
  { "POST",   "/api/v1/customers/#/related-contacts", N_("New related contact of %s") },
  { "POST",   "/api/v1/customers/#/sms",             N_("SMS to %s") },
  { "PATCH",  "/api/v1/customers/#",                 N_("Changes to customer %s") },
  { "POST",   "/api/v1/customers/grab",              N_("Taking customers from the pool") },
  { "POST",   "/api/v1/customers/release",           N_("Giving customers back to the pool") },
  { "PUT",    "/api/v1/tickets/#/appointment",       N_("Appointment of a ticket") },
  { "POST",   "/api/v1/tickets/#/comments",          N_("Comment on a ticket") },
  { "PATCH",  "/api/v1/tickets/#",                   N_("Ticket change") },
  { "DELETE", "/api/v1/tickets/#",                   N_("Deleting a ticket") },
  { "PATCH",  "/api/v1/orders/#",                    N_("Order change") },
  { "DELETE", "/api/v1/orders/#",                    N_("Deleting an order") },
  { "PATCH",  "/api/v1/related-contacts/#",          N_("Related contact change") },
  { "DELETE", "/api/v1/related-contacts/#",          N_("Deleting a related contact") },
  { "PATCH",  "/api/v1/appointments/#",              N_("Appointment change") },
  { "DELETE", "/api/v1/appointments/#",              N_("Cancelling an appointment") },
  { "PUT",    "/api/v1/agent/state",                 N_("Agent state change") },
  { "PUT",    "/api/v1/agent/groups",                N_("Queue sign-in") },
  { "PATCH",  "/api/v1/me",                          N_("Profile change") },
};

/* @body's member @name when it is a string, else NULL (a body is whatever was written). */
static const char *
string_member (JsonObject *body,
               const char *name)
{
  JsonNode *node = body ? json_object_get_member (body, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Does @path (its query left out) have @pattern's segments, "#" matching a number? */
static gboolean
path_matches (const char *path,
              const char *pattern)
{
  g_autofree char *bare = g_strndup (path, strcspn (path, "?"));
  g_auto(GStrv) parts = g_strsplit (bare, "/", -1);
  g_auto(GStrv) wanted = g_strsplit (pattern, "/", -1);
  guint n = g_strv_length (parts);

  if (n != g_strv_length (wanted))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (wanted[i], "#"))
        {
          if (*parts[i] == '\0' || strspn (parts[i], "0123456789") != strlen (parts[i]))
            return FALSE;
        }
      else if (!g_str_equal (wanted[i], parts[i]))
        return FALSE;
    }
  return TRUE;
}

gint64
wcc_write_get_customer_id (const char *path,
                           JsonObject *body)
{
  const char *prefix = "/api/v1/customers/";

  g_return_val_if_fail (path != NULL, 0);

  if (g_str_has_prefix (path, prefix) && g_ascii_isdigit (path[strlen (prefix)]))
    return g_ascii_strtoll (path + strlen (prefix), NULL, 10);
  {
    JsonNode *node = body ? json_object_get_member (body, "customer_id") : NULL;

    if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
      return json_node_get_int (node);
  }
  return 0;
}

/* A new customer's name as the server would label it: the company, else the name. */
static char *
new_customer_label (JsonObject *body)
{
  const char *company = string_member (body, "company");
  const char *surname = string_member (body, "surname");
  const char *given_name = string_member (body, "given_name");

  if (company != NULL && *company != '\0')
    return g_strdup (company);
  return g_strstrip (g_strdup_printf ("%s %s", surname ? surname : "", given_name ? given_name : ""));
}

char *
wcc_write_describe (const char *method,
                    const char *path,
                    JsonObject *body,
                    const char *customer_label)
{
  g_autofree char *fallback_label = NULL;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (method, "POST") && path_matches (path, "/api/v1/customers"))
    {
      g_autofree char *label = new_customer_label (body);
      /* TRANSLATORS: a new customer (its company or name) that was to be saved */
      return *label != '\0' ? g_strdup_printf (_("New customer “%s”"), label) : g_strdup (_("New customer"));
    }
  if (customer_label == NULL)
    {
      gint64 id = wcc_write_get_customer_id (path, body);
      /* No label: the customer's number stands in (outside gettext: a format of its own). */
      fallback_label = g_strdup_printf ("#%" G_GINT64_FORMAT, id);
      customer_label = fallback_label;
    }
  for (guint i = 0; i < G_N_ELEMENTS (write_kinds); i++)
    if (g_str_equal (method, write_kinds[i].method) && path_matches (path, write_kinds[i].pattern))
      {
        if (strstr (write_kinds[i].format, "%s") == NULL)
          return g_strdup (_(write_kinds[i].format));
        /* The table's formats are constants with one %s: the customer. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        return g_strdup_printf (_(write_kinds[i].format), customer_label);
#pragma GCC diagnostic pop
      }
  /* TRANSLATORS: a write the desktop does not know by name: the HTTP method and path */
  return g_strdup_printf (_("Change %s %s"), method, path);
}

static void
append_value (GString  *text,
              JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    g_string_append (text, "—");
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (text, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_string_append (text, json_node_get_boolean (node) ? _("yes") : _("no"));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append (text, ", ");
          append_value (text, json_array_get_element (array, i));
        }
    }
  else
    {
      g_autofree char *json = json_to_string (node, FALSE);
      g_string_append (text, json);
    }
}

char *
wcc_write_format_content (JsonObject *body)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (body == NULL)
    return NULL;
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &member))
    {
      /* The record's version is the server's business, not something to type again. */
      if (g_str_equal (name, "version"))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: ", name);
      append_value (text, member);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- with the customer's label read from the server ------------------------------------- */

typedef struct {
  char       *method;
  char       *path;
  JsonObject *body;
} Describe;

static void
describe_free (Describe *describe)
{
  g_free (describe->method);
  g_free (describe->path);
  g_clear_pointer (&describe->body, json_object_unref);
  g_free (describe);
}

static void
on_customer_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Describe *describe = g_task_get_task_data (task);
  g_autoptr(JsonObject) customer = wcc_client_get_object_finish (WCC_CLIENT (source), result, NULL);
  const char *label = string_member (customer, "tab_label");

  g_task_return_pointer (task, wcc_write_describe (describe->method, describe->path, describe->body,
                                                   label && *label ? label : NULL), g_free);
}

void
wcc_write_describe_async (WccClient           *client,
                          const char          *method,
                          const char          *path,
                          const char          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Describe *describe;
  gint64 customer_id;

  g_return_if_fail (WCC_IS_CLIENT (client));
  g_return_if_fail (method != NULL && path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_write_describe_async);
  describe = g_new0 (Describe, 1);
  describe->method = g_strdup (method);
  describe->path = g_strdup (path);
  describe->body = body ? wcc_json_parse_object (body, -1, NULL) : NULL;
  g_task_set_task_data (task, describe, (GDestroyNotify) describe_free);
  customer_id = wcc_write_get_customer_id (path, describe->body);
  if (customer_id <= 0 || (g_str_equal (method, "POST") && path_matches (path, "/api/v1/customers")))
    {
      g_task_return_pointer (task, wcc_write_describe (method, path, describe->body, NULL), g_free);
      return;
    }
  {
    g_autofree char *customer_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, customer_id);
    wcc_client_get_object_async (client, customer_path, cancellable, on_customer_read, g_steal_pointer (&task));
  }
}

char *
wcc_write_describe_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
