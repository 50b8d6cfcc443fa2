/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-queues-setup.c: each group's queue settings for the client admin (issue 9): queue
 * number, ring timeout, the pause after missed offers, after-call work and the
 * service-level time. The server's ACD takes a change at once. */
#define G_LOG_DOMAIN "wcc-queues-setup"

#include <glib/gi18n.h>

#include "wcc-queues-setup.h"
#include "wcc-setup-form.h"

struct _WccQueuesSetup
{
  AdwBin       parent_instance;
  GtkListBox  *list;
  GtkLabel    *error_label;
  WccSession  *session;
};

G_DEFINE_FINAL_TYPE (WccQueuesSetup, wcc_queues_setup, ADW_TYPE_BIN)

static char *
check_range (const char *text,
             guint64     min,
             guint64     max)
{
  guint64 value;

  if (g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return NULL;
  return g_strdup_printf (_("Type a whole number from %u to %u"), (guint) min, (guint) max);
}

static char *
check_seconds (const char *text)
{
  return check_range (text, 1, 3600);
}

static char *
check_missed (const char *text)
{
  return check_range (text, 0, 100);
}

static gboolean
until_ready (JsonObject *group)
{
  JsonNode *node = json_object_get_member (group, "after_call_work");
  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING;
}

static char *
describe (JsonObject *group)
{
  const char *number = json_object_get_string_member_with_default (group, "queue_number", NULL);
  g_autofree char *after_call = until_ready (group)
    ? g_strdup (_("until Ready"))
    : g_strdup_printf (_("%d s"), (int) json_object_get_int_member (group, "after_call_work"));

  g_autofree char *queue = number ? g_strdup_printf (_("Queue %s"), number) : g_strdup (_("No queue number"));

  /* TRANSLATORS: a queue's settings in one line: "Queue 8001" or "No queue number", ring
   * timeout, missed offers before the automatic pause, after-call work, service-level time. */
  return g_strdup_printf (_("%s · rings %d s · pause after %d missed · after-call work %s · service level %d s"),
                          queue, (int) json_object_get_int_member (group, "ring_timeout"),
                          (int) json_object_get_int_member (group, "missed_offers_before_pause"), after_call,
                          (int) json_object_get_int_member (group, "service_level"));
}

static void
on_groups (GtkWidget  *section,
           JsonObject *answer,
           GError     *error)
{
  WccQueuesSetup *self = WCC_QUEUES_SETUP (section);
  JsonArray *items;

  if (answer == NULL)
    return;
  wcc_setup_list_clear (self->list);
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *group = json_array_get_object_element (items, i);
      g_autofree char *name = g_strdup_printf ("queue-%s", json_object_get_string_member (group, "name"));
      g_autofree char *subtitle = describe (group);
      GtkWidget *row = wcc_setup_row_new (name, json_object_get_string_member (group, "name"), subtitle);

      g_object_set_data_full (G_OBJECT (row), "group", json_object_ref (group), (GDestroyNotify) json_object_unref);
      gtk_list_box_append (self->list, row);
    }
}

void
wcc_queues_setup_reload (WccQueuesSetup *self)
{
  g_return_if_fail (WCC_IS_QUEUES_SETUP (self));

  if (self->session != NULL)
    wcc_setup_read (wcc_session_get_client (self->session), "/api/v1/groups", GTK_WIDGET (self), self->error_label,
                    on_groups);
}

static void
on_saved (GtkWidget  *section,
          JsonObject *answer,
          GError     *error)
{
  if (error == NULL)
    wcc_queues_setup_reload (WCC_QUEUES_SETUP (section));
}

static void
set_number (JsonObject       *body,
            AdwMessageDialog *form,
            const char       *name)
{
  json_object_set_int_member (body, name, g_ascii_strtoll (wcc_setup_form_get_text (form, name), NULL, 10));
}

static void
on_response (AdwMessageDialog *form,
             const char       *response,
             WccQueuesSetup   *self)
{
  JsonObject *group = g_object_get_data (G_OBJECT (form), "group");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;
  const char *number;

  if (!g_str_equal (response, "save"))
    return;
  body = json_object_new ();
  number = wcc_setup_form_get_text (form, "queue_number");
  if (*number != '\0')
    json_object_set_string_member (body, "queue_number", number);
  else
    json_object_set_null_member (body, "queue_number");
  set_number (body, form, "ring_timeout");
  set_number (body, form, "missed_offers_before_pause");
  if (wcc_setup_form_get_active (form, "until_ready"))
    json_object_set_string_member (body, "after_call_work", "until_ready");
  else
    set_number (body, form, "after_call_work");
  set_number (body, form, "service_level");
  json_object_set_int_member (body, "version", json_object_get_int_member (group, "version"));
  path = g_strdup_printf ("/api/v1/groups/%" G_GINT64_FORMAT "/queue", json_object_get_int_member (group, "id"));
  wcc_setup_write (self->session, "PATCH", path, body, GTK_WIDGET (self), self->error_label, on_saved);
}

static void
add_number (AdwMessageDialog *form,
            JsonObject       *group,
            const char       *name,
            const char       *title,
            WccSetupCheck     check)
{
  g_autofree char *text = g_strdup_printf ("%d", (int) json_object_get_int_member (group, name));

  wcc_setup_form_add_entry (form, name, title, text, check);
}

static void
on_row_activated (WccQueuesSetup *self,
                  GtkListBoxRow  *row)
{
  JsonObject *group = g_object_get_data (G_OBJECT (row), "group");
  g_autofree char *heading = g_strdup_printf (_("Queue of %s"), json_object_get_string_member (group, "name"));
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), heading);
  g_autofree char *after_call = g_strdup_printf ("%d", until_ready (group) ? 0
                                                      : (int) json_object_get_int_member (group, "after_call_work"));

  adw_message_dialog_set_body (form, _("Changes apply to the next call at once."));
  g_object_set_data_full (G_OBJECT (form), "group", json_object_ref (group), (GDestroyNotify) json_object_unref);
  wcc_setup_form_add_entry (form, "queue_number", _("Queue Number"),
                            json_object_get_string_member_with_default (group, "queue_number", NULL),
                            wcc_setup_check_digits);
  add_number (form, group, "ring_timeout", _("Ring Timeout (seconds)"), check_seconds);
  add_number (form, group, "missed_offers_before_pause", _("Missed Offers Before Pause (0: never)"), check_missed);
  wcc_setup_form_add_entry (form, "after_call_work", _("After-Call Work (seconds)"), after_call,
                            wcc_setup_check_number);
  wcc_setup_form_add_switch (form, "until_ready", _("After-Call Work Until Ready"),
                             _("The agent ends it themselves"), until_ready (group));
  add_number (form, group, "service_level", _("Service Level (answered within, seconds)"), check_seconds);
  wcc_setup_form_present (form, "queue-settings", G_CALLBACK (on_response), self);
}

static void
on_event (WccQueuesSetup *self,
          const char     *type,
          gint64          seq,
          JsonNode       *data)
{
  if (g_str_equal (type, "group.updated") || g_str_equal (type, "group.removed"))
    wcc_queues_setup_reload (self);
}

void
wcc_queues_setup_set_session (WccQueuesSetup *self,
                              WccSession     *session)
{
  g_return_if_fail (WCC_IS_QUEUES_SETUP (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  wcc_setup_follow_events (session, GTK_WIDGET (self), G_CALLBACK (on_event), G_CALLBACK (wcc_queues_setup_reload));
}

GtkWidget *
wcc_queues_setup_new (void)
{
  return g_object_new (WCC_TYPE_QUEUES_SETUP, NULL);
}

static void
wcc_queues_setup_dispose (GObject *object)
{
  WccQueuesSetup *self = WCC_QUEUES_SETUP (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_QUEUES_SETUP);
  G_OBJECT_CLASS (wcc_queues_setup_parent_class)->dispose (object);
}

static void
wcc_queues_setup_class_init (WccQueuesSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_queues_setup_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-queues-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, WccQueuesSetup, list);
  gtk_widget_class_bind_template_child (widget_class, WccQueuesSetup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
wcc_queues_setup_init (WccQueuesSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
