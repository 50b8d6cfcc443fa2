/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-pause-reasons-setup.c: the pause reasons agents choose, for the client admin (issue
 * 9): add, rename, move up or down, delete. The automatic "No answer" reason (set by the
 * server after missed offers) can be renamed and moved, never deleted. */
#define G_LOG_DOMAIN "wcc-pause-reasons-setup"

#include <glib/gi18n.h>

#include "wcc-pause-reasons-setup.h"
#include "wcc-setup-form.h"

struct _WccPauseReasonsSetup
{
  AdwBin       parent_instance;
  GtkListBox  *list;
  GtkLabel    *error_label;
  WccSession  *session;
  JsonArray   *reasons;        /* PauseReason, in their order */
};

G_DEFINE_FINAL_TYPE (WccPauseReasonsSetup, wcc_pause_reasons_setup, ADW_TYPE_BIN)

static char *
reason_path (JsonObject *reason)
{
  return g_strdup_printf ("/api/v1/pause-reasons/%" G_GINT64_FORMAT, json_object_get_int_member (reason, "id"));
}

static void
on_saved (GtkWidget  *section,
          JsonObject *answer,
          GError     *error)
{
  if (error == NULL)
    wcc_pause_reasons_setup_reload (WCC_PAUSE_REASONS_SETUP (section));
}

static guint
index_of_row (GtkWidget *button)
{
  return (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW)));
}

/* Swaps the reason of @button's row with the one @step away, in one PUT of the order. */
static void
move (WccPauseReasonsSetup *self,
      GtkWidget            *button,
      int                   step)
{
  guint from = index_of_row (button), to = from + step;
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *ids = json_array_new ();

  for (guint i = 0; i < json_array_get_length (self->reasons); i++)
    {
      guint source = i == from ? to : i == to ? from : i;
      json_array_add_int_element (ids, json_object_get_int_member (json_array_get_object_element (self->reasons, source),
                                                                   "id"));
    }
  json_object_set_array_member (body, "ids", ids);
  wcc_setup_write (self->session, "PUT", "/api/v1/pause-reasons/order", body, GTK_WIDGET (self), self->error_label,
                   on_saved);
}

static void
on_up_clicked (GtkButton            *button,
               WccPauseReasonsSetup *self)
{
  move (self, GTK_WIDGET (button), -1);
}

static void
on_down_clicked (GtkButton            *button,
                 WccPauseReasonsSetup *self)
{
  move (self, GTK_WIDGET (button), 1);
}

static void
delete_reason (GtkWidget *section,
               gpointer   data)
{
  WccPauseReasonsSetup *self = WCC_PAUSE_REASONS_SETUP (section);
  g_autofree char *path = reason_path (data);

  wcc_setup_write (self->session, "DELETE", path, NULL, section, self->error_label, on_saved);
}

static void
on_delete_clicked (GtkButton            *button,
                   WccPauseReasonsSetup *self)
{
  JsonObject *reason = json_array_get_object_element (self->reasons, index_of_row (GTK_WIDGET (button)));
  g_autofree char *heading = g_strdup_printf (_("Delete the pause reason %s?"),
                                              json_object_get_string_member (reason, "label"));

  wcc_setup_confirm_delete (GTK_WIDGET (self), heading, _("Agents can no longer choose it."), delete_reason,
                            json_object_ref (reason), (GDestroyNotify) json_object_unref);
}

static void
on_reasons (GtkWidget  *section,
            JsonObject *answer,
            GError     *error)
{
  WccPauseReasonsSetup *self = WCC_PAUSE_REASONS_SETUP (section);
  guint n;

  if (answer == NULL)
    return;
  g_clear_pointer (&self->reasons, json_array_unref);
  self->reasons = json_array_ref (json_object_get_array_member (answer, "items"));
  n = json_array_get_length (self->reasons);
  wcc_setup_list_clear (self->list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *reason = json_array_get_object_element (self->reasons, i);
      gboolean automatic = json_object_get_boolean_member (reason, "automatic");
      g_autofree char *name = g_strdup_printf ("reason-%s", json_object_get_string_member (reason, "label"));
      GtkWidget *row = wcc_setup_row_new (name, json_object_get_string_member (reason, "label"),
                                          automatic ? _("Set by the server after missed offers; agents cannot choose it")
                                                    : NULL);
      GtkWidget *button;

      g_object_set_data_full (G_OBJECT (row), "reason", json_object_ref (reason), (GDestroyNotify) json_object_unref);
      button = wcc_setup_row_add_button (row, "up", "go-up-symbolic", _("Move Up"));
      gtk_widget_set_sensitive (button, i > 0);
      g_signal_connect (button, "clicked", G_CALLBACK (on_up_clicked), self);
      button = wcc_setup_row_add_button (row, "down", "go-down-symbolic", _("Move Down"));
      gtk_widget_set_sensitive (button, i + 1 < n);
      g_signal_connect (button, "clicked", G_CALLBACK (on_down_clicked), self);
      button = wcc_setup_row_add_button (row, "delete", "user-trash-symbolic", _("Delete Pause Reason"));
      gtk_widget_set_sensitive (button, !automatic);
      g_signal_connect (button, "clicked", G_CALLBACK (on_delete_clicked), self);
      gtk_list_box_append (self->list, row);
    }
}

void
wcc_pause_reasons_setup_reload (WccPauseReasonsSetup *self)
{
  g_return_if_fail (WCC_IS_PAUSE_REASONS_SETUP (self));

  if (self->session != NULL)
    wcc_setup_read (wcc_session_get_client (self->session), "/api/v1/pause-reasons", GTK_WIDGET (self),
                    self->error_label, on_reasons);
}

static void
on_label_response (AdwMessageDialog     *form,
                   const char           *response,
                   WccPauseReasonsSetup *self)
{
  JsonObject *reason = g_object_get_data (G_OBJECT (form), "reason");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "save"))
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "label", wcc_setup_form_get_text (form, "label"));
  if (reason != NULL)
    json_object_set_int_member (body, "version", json_object_get_int_member (reason, "version"));
  path = reason != NULL ? reason_path (reason) : g_strdup ("/api/v1/pause-reasons");
  wcc_setup_write (self->session, reason != NULL ? "PATCH" : "POST", path, body, GTK_WIDGET (self), self->error_label,
                   on_saved);
}

/* A new reason (@reason NULL) or a new label. */
static void
edit_label (WccPauseReasonsSetup *self,
            JsonObject           *reason)
{
  AdwMessageDialog *form = wcc_setup_form_new (GTK_WIDGET (self), reason ? _("Rename Pause Reason")
                                                                         : _("New Pause Reason"));

  if (reason != NULL)
    g_object_set_data_full (G_OBJECT (form), "reason", json_object_ref (reason), (GDestroyNotify) json_object_unref);
  wcc_setup_form_add_entry (form, "label", _("Label"), reason ? json_object_get_string_member (reason, "label") : NULL,
                            wcc_setup_check_required);
  wcc_setup_form_present (form, reason ? "rename-pause-reason" : "new-pause-reason", G_CALLBACK (on_label_response),
                          self);
}

static void
on_add_clicked (WccPauseReasonsSetup *self)
{
  edit_label (self, NULL);
}

static void
on_row_activated (WccPauseReasonsSetup *self,
                  GtkListBoxRow        *row)
{
  edit_label (self, g_object_get_data (G_OBJECT (row), "reason"));
}

static void
on_event (WccPauseReasonsSetup *self,
          const char           *type,
          gint64                seq,
          JsonNode             *data)
{
  if (g_str_equal (type, "pause_reasons.changed"))
    wcc_pause_reasons_setup_reload (self);
}

void
wcc_pause_reasons_setup_set_session (WccPauseReasonsSetup *self,
                                     WccSession           *session)
{
  g_return_if_fail (WCC_IS_PAUSE_REASONS_SETUP (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  wcc_setup_follow_events (session, GTK_WIDGET (self), G_CALLBACK (on_event), G_CALLBACK (wcc_pause_reasons_setup_reload));
}

GtkWidget *
wcc_pause_reasons_setup_new (void)
{
  return g_object_new (WCC_TYPE_PAUSE_REASONS_SETUP, NULL);
}

static void
wcc_pause_reasons_setup_dispose (GObject *object)
{
  WccPauseReasonsSetup *self = WCC_PAUSE_REASONS_SETUP (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->reasons, json_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_PAUSE_REASONS_SETUP);
  G_OBJECT_CLASS (wcc_pause_reasons_setup_parent_class)->dispose (object);
}

static void
wcc_pause_reasons_setup_class_init (WccPauseReasonsSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_pause_reasons_setup_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-pause-reasons-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, WccPauseReasonsSetup, list);
  gtk_widget_class_bind_template_child (widget_class, WccPauseReasonsSetup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
wcc_pause_reasons_setup_init (WccPauseReasonsSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
