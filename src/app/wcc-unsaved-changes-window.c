/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-unsaved-changes-window.c: the changes the server refused after they had waited, kept to copy or redo. */
#define G_LOG_DOMAIN "wcc-unsaved-changes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-json.h"
#include "wcc-unsaved-changes-window.h"
#include "wcc-write-description.h"

struct _WccUnsavedChangesWindow
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;

  /* owned references */
  WccSession      *session;
  GCancellable    *cancellable;
  guint            n_rows;
};

G_DEFINE_FINAL_TYPE (WccUnsavedChangesWindow, wcc_unsaved_changes_window, ADW_TYPE_WINDOW)

static void refresh (WccUnsavedChangesWindow *self);

/* What one row holds: the refused write's id and the text "Copy" puts on the clipboard. */
typedef struct {
  WccUnsavedChangesWindow *self;   /* not a reference: the row lives inside it */
  gint64                   id;
  char                    *description;
  char                    *details;
} RowData;

static void
row_data_free (RowData *data)
{
  g_free (data->description);
  g_free (data->details);
  g_free (data);
}

static void
on_described (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdwExpanderRow) row = user_data;
  g_autofree char *description = wcc_write_describe_finish (result, NULL);
  RowData *data = g_object_get_data (G_OBJECT (row), "row-data");

  if (description == NULL || data == NULL)
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), description);
  g_free (data->description);
  data->description = g_steal_pointer (&description);
}

static void
on_copy_clicked (GtkButton *button,
                 RowData   *data)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s", data->description, data->details);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  adw_toast_overlay_add_toast (data->self->toast_overlay, adw_toast_new (_("Copied")));
}

static void
on_dismiss_clicked (GtkButton *button,
                    RowData   *data)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_outbox_dismiss_refused (wcc_session_get_outbox (data->self->session), data->id, &error))
    adw_toast_overlay_add_toast (data->self->toast_overlay, adw_toast_new (error->message));
  /* The outbox's "refused" changes: refresh () rebuilds the list. */
}

/* One row per refused write: built here (the list follows the outbox), its parts are
 * stock widgets — an expander row, two buttons and the content label. */
static GtkWidget *
new_row (WccUnsavedChangesWindow *self,
         WccRefusedWrite         *write)
{
  g_autoptr(JsonObject) body = write->body ? wcc_json_parse_object (write->body, -1, NULL) : NULL;
  g_autofree char *content = wcc_write_format_content (body);
  g_autofree char *made = wcc_format_unix (write->created_at, WCC_DATE_STYLE_DATE_TIME);
  g_autofree char *refused = wcc_format_unix (write->refused_at, WCC_DATE_STYLE_DATE_TIME);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  GtkWidget *label;
  RowData *data = g_new0 (RowData, 1);

  data->self = self;
  data->id = write->id;
  data->description = wcc_write_describe (write->method, write->path, body, NULL);
  /* TRANSLATORS: under a change the server refused: when it was made, when refused, why,
   * then what it held */
  data->details = g_strdup_printf (_("Made %s, refused %s: %s\n\n%s"), made, refused, write->reason,
                                   content ? content : "");
  g_object_set_data_full (G_OBJECT (row), "row-data", data, (GDestroyNotify) row_data_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), data->description);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), write->reason);
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy"), -1);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked), data);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (on_dismiss_clicked), data);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), copy);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), dismiss);

  label = gtk_label_new (data->details);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_name (label, "unsaved-change-content");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);

  /* The customer's name comes from the server (the id stands in until then). */
  wcc_write_describe_async (wcc_session_get_client (self->session), write->method, write->path, write->body,
                            self->cancellable, on_described, g_object_ref (row));
  return row;
}

static void
refresh (WccUnsavedChangesWindow *self)
{
  g_autoptr(GPtrArray) writes = wcc_outbox_list_refused (wcc_session_get_outbox (self->session));
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, row);
  /* Newest first: the one the toast just spoke of is on top. */
  for (guint i = writes->len; i > 0; i--)
    {
      row = new_row (self, g_ptr_array_index (writes, i - 1));
      /* The newest is open: what the agent came to see. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), i == writes->len);
      gtk_list_box_append (self->list, row);
    }
  self->n_rows = writes->len;
  gtk_stack_set_visible_child_name (self->stack, writes->len > 0 ? "list" : "empty");
}

static void
on_refused_changed (WccUnsavedChangesWindow *self)
{
  refresh (self);
}

static void
wcc_unsaved_changes_window_dispose (GObject *object)
{
  WccUnsavedChangesWindow *self = WCC_UNSAVED_CHANGES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_UNSAVED_CHANGES_WINDOW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_unsaved_changes_window_parent_class)->dispose (object);
}

static void
wcc_unsaved_changes_window_finalize (GObject *object)
{
  WccUnsavedChangesWindow *self = WCC_UNSAVED_CHANGES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_unsaved_changes_window_parent_class)->finalize (object);
}

static void
wcc_unsaved_changes_window_class_init (WccUnsavedChangesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_unsaved_changes_window_dispose;
  object_class->finalize = wcc_unsaved_changes_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-unsaved-changes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccUnsavedChangesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccUnsavedChangesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WccUnsavedChangesWindow, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wcc_unsaved_changes_window_init (WccUnsavedChangesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
wcc_unsaved_changes_window_new (GtkWindow  *parent,
                                WccSession *session)
{
  WccUnsavedChangesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  self = g_object_new (WCC_TYPE_UNSAVED_CHANGES_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (wcc_session_get_outbox (session), "notify::refused",
                           G_CALLBACK (on_refused_changed), self, G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

guint
wcc_unsaved_changes_window_get_n_rows (WccUnsavedChangesWindow *self)
{
  g_return_val_if_fail (WCC_IS_UNSAVED_CHANGES_WINDOW (self), 0);
  return self->n_rows;
}
