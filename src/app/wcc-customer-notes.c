/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-notes.c: a customer's notes (C9): normal, pinned (first), and pop-up warnings
 * with their review state; adding one. */
#define G_LOG_DOMAIN "wcc-customer-notes"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-customer-notes.h"
#include "wcc-format.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CUSTOMER,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The kinds as the drop-down lists them. */
static const char *const kinds[] = { "normal", "pinned", "warning" };

struct _WccCustomerNotes
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkDropDown    *kind_dropdown;
  GtkEntry       *note_entry;
  GtkLabel       *warning_hint;
  GtkListView    *list_view;

  /* owned references */
  WccSession     *session;
  WccRecord      *customer;
  WccPagedList   *notes;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (WccCustomerNotes, wcc_customer_notes, ADW_TYPE_BIN)

static void
toast (WccCustomerNotes *self,
       const char       *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
on_setup_row (WccCustomerNotes *self,
              GtkListItem      *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *body = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), body);
  gtk_box_append (GTK_BOX (text), meta);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_list_item_set_child (item, row);
}

static void
on_bind_row (WccCustomerNotes *self,
             GtkListItem      *item)
{
  WccRecord *note = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *body = gtk_widget_get_first_child (gtk_widget_get_next_sibling (icon));
  GtkWidget *meta = gtk_widget_get_next_sibling (body);
  const char *kind = wcc_record_get_string (note, "kind");
  const char *review = wcc_record_get_string (note, "review_state");
  gint64 created = wcc_record_get_time (note, "created_at");
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;
  const char *kind_text;

  if (g_str_equal (kind, "warning"))
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-warning-symbolic");
      kind_text = g_str_equal (review, "approved") ? _("Pop-up warning, approved")
                : g_str_equal (review, "rejected") ? _("Pop-up warning, rejected")
                : _("Pop-up warning, waiting for review");
    }
  else if (g_str_equal (kind, "pinned"))
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "view-pin-symbolic");
      kind_text = _("Pinned");
    }
  else
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "accessories-text-editor-symbolic");
      kind_text = _("Note");
    }
  when = wcc_format_unix (created, WCC_DATE_STYLE_DATE_TIME);
  /* TRANSLATORS: under a note: its kind and when it was written. */
  line = g_strdup_printf (_("%s · %s"), kind_text, when ? when : "");
  gtk_label_set_text (GTK_LABEL (body), wcc_record_get_string (note, "text"));
  gtk_label_set_text (GTK_LABEL (meta), line);
}

static void
on_notes_loading (WccCustomerNotes *self)
{
  const GError *error = wcc_paged_list_get_error (self->notes);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
make_list (WccCustomerNotes *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  if (self->customer != NULL && self->session != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes",
                                               wcc_record_get_id (self->customer));
      self->notes = wcc_paged_list_new (wcc_session_get_client (self->session), path);
      g_signal_connect_object (self->notes, "notify::loading", G_CALLBACK (on_notes_loading), self, G_CONNECT_SWAPPED);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->notes)));
      wcc_paged_list_reload (self->notes);
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->notes != NULL);
}

static void
on_note_added (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccCustomerNotes) self = user_data;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  /* Queued behind earlier writes while online, it is sent in a moment: on_write_applied
   * shows it then. */
  if (outcome == WCC_WRITE_QUEUED && wcc_session_get_connection (self->session) != WCC_CONNECTION_ONLINE)
    toast (self, _("The note is added when the server is back"));
  /* Pinned notes come first: the server's order. */
  else if (outcome == WCC_WRITE_APPLIED && self->notes != NULL)
    wcc_paged_list_reload (self->notes);
}

/* A note that waited in the outbox (offline, or behind other writes) is on the server now. */
static void
on_write_applied (WccCustomerNotes *self,
                  const char       *key,
                  const char       *method,
                  const char       *path,
                  JsonNode         *answer)
{
  if (self->notes != NULL && g_str_equal (method, "POST") &&
      g_strcmp0 (path, wcc_paged_list_get_path (self->notes)) == 0)
    wcc_paged_list_reload (self->notes);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WccCustomerNotes *self = WCC_CUSTOMER_NOTES (widget);
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (!wcc_customer_notes_add (self, kinds[MIN (selected, G_N_ELEMENTS (kinds) - 1)],
                               gtk_editable_get_text (GTK_EDITABLE (self->note_entry))))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

static void
on_note_activate (WccCustomerNotes *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "notes.add", NULL);
}

static void
on_kind_changed (WccCustomerNotes *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->warning_hint), gtk_drop_down_get_selected (self->kind_dropdown) == 2);
}

static void
wcc_customer_notes_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WccCustomerNotes *self = WCC_CUSTOMER_NOTES (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_CUSTOMER: g_value_set_object (value, self->customer); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_notes_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WccCustomerNotes *self = WCC_CUSTOMER_NOTES (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          if (self->session != NULL)
            g_signal_connect_object (self->session, "write-applied", G_CALLBACK (on_write_applied), self,
                                     G_CONNECT_SWAPPED);
          make_list (self);
        }
      break;
    case PROP_CUSTOMER:
      if (g_set_object (&self->customer, g_value_get_object (value)))
        {
          make_list (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_notes_dispose (GObject *object)
{
  WccCustomerNotes *self = WCC_CUSTOMER_NOTES (object);

  g_cancellable_cancel (self->cancellable);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CUSTOMER_NOTES);
  g_clear_object (&self->notes);
  g_clear_object (&self->customer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_customer_notes_parent_class)->dispose (object);
}

static void
wcc_customer_notes_finalize (GObject *object)
{
  WccCustomerNotes *self = WCC_CUSTOMER_NOTES (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_customer_notes_parent_class)->finalize (object);
}

static void
wcc_customer_notes_class_init (WccCustomerNotesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_customer_notes_get_property;
  object_class->set_property = wcc_customer_notes_set_property;
  object_class->dispose = wcc_customer_notes_dispose;
  object_class->finalize = wcc_customer_notes_finalize;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION, rw);
  properties[PROP_CUSTOMER] = g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-customer-notes.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCustomerNotes, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerNotes, note_entry);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerNotes, warning_hint);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerNotes, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_row);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_row);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate);

  gtk_widget_class_install_action (widget_class, "notes.add", NULL, add_action);
}

static void
wcc_customer_notes_init (WccCustomerNotes *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

void
wcc_customer_notes_reload (WccCustomerNotes *self)
{
  g_return_if_fail (WCC_IS_CUSTOMER_NOTES (self));
  if (self->notes != NULL)
    wcc_paged_list_reload (self->notes);
}

GListModel *
wcc_customer_notes_get_model (WccCustomerNotes *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_NOTES (self), NULL);
  return self->notes ? G_LIST_MODEL (self->notes) : NULL;
}

gboolean
wcc_customer_notes_add (WccCustomerNotes *self,
                        const char       *kind,
                        const char       *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (WCC_IS_CUSTOMER_NOTES (self), FALSE);
  g_return_val_if_fail (kind != NULL && text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0' || self->customer == NULL)
    return FALSE;
  body = json_object_new ();
  json_object_set_string_member (body, "kind", kind);
  json_object_set_string_member (body, "text", stripped);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, body);
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", wcc_record_get_id (self->customer));
  wcc_session_queue_write_async (self->session, "POST", path, node, self->cancellable,
                                 on_note_added, g_object_ref (self));
  return TRUE;
}
