/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-todo-card.c: the dashboard's to-do card (D4): the user's to-dos — their own and those
 * the client admin or a leader gave them — live from the event stream; add (+), edit the
 * title, description and appointment time, change the status. Writes go through the
 * outbox. */
#define G_LOG_DOMAIN "wcc-todo-card"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-record.h"
#include "wcc-time.h"
#include "wcc-todo-card.h"

struct _WccTodoCard
{
  AdwBin        parent_instance;

  /* template widgets */
  GtkListBox   *list;

  WccSession   *session;
  GListStore   *items;       /* of WccRecord, newest first */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (WccTodoCard, wcc_todo_card, ADW_TYPE_BIN)

enum { SIGNAL_TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const statuses[] = { "open", "in_progress", "done" };

static guint
status_index (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return i;
  return 0;
}

static gint64
find_position (WccTodoCard *self,
               gint64       id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      if (wcc_record_get_id (record) == id)
        return i;
    }
  return -1;
}

/* Puts @todo in the list (replacing the one with its id), or takes it out (@remove). */
static void
put_todo (WccTodoCard *self,
          JsonObject  *todo,
          gboolean     remove)
{
  gint64 position = find_position (self, json_object_get_int_member (todo, "id"));
  g_autoptr(WccRecord) record = remove ? NULL : wcc_record_new (todo);

  if (position >= 0)
    g_list_store_splice (self->items, (guint) position, 1, record ? (gpointer *) &record : NULL, record ? 1 : 0);
  else if (record != NULL)
    g_list_store_insert (self->items, 0, record);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccTodoCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, NULL, &answer, &error))
    {
      /* refused at once (a later refusal is the window's "Changes Not Saved") */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  /* The answer is the to-do now (one), or the to-dos made ({items}). */
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonObject *object = json_node_get_object (answer);
      JsonArray *items = json_object_has_member (object, "items") ? json_object_get_array_member (object, "items")
                                                                  : NULL;

      if (items == NULL && json_object_has_member (object, "id"))
        put_todo (self, object, FALSE);
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        put_todo (self, json_array_get_object_element (items, i), FALSE);
    }
}

static void
write_todo (WccTodoCard *self,
            const char  *method,
            gint64       id,
            JsonObject  *body)
{
  g_autofree char *path = id != 0 ? g_strdup_printf ("/api/v1/todos/%" G_GINT64_FORMAT, id) : g_strdup ("/api/v1/todos");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, body);
  wcc_session_queue_write_async (self->session, method, path, node, self->cancellable, on_write_done,
                                 g_object_ref (self));
}

static void
on_status_selected (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    WccTodoCard *self)
{
  WccRecord *todo = g_object_get_data (G_OBJECT (dropdown), "todo");
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(JsonObject) body = NULL;

  if (todo == NULL || selected >= G_N_ELEMENTS (statuses) ||
      g_str_equal (statuses[selected], wcc_record_get_string (todo, "status")))
    return;
  body = json_object_new ();
  json_object_set_int_member (body, "version", wcc_record_get_version (todo));
  json_object_set_string_member (body, "status", statuses[selected]);
  write_todo (self, "PATCH", wcc_record_get_id (todo), body);
}

/* "YYYY-MM-DD HH:MM" in local time → Unix seconds; "" is 0 (none); -1 when it is no time. */
static gint64
parse_local_time (const char *text)
{
  int year, month, day, hour, minute, end = 0;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    return 0;
  if (sscanf (stripped, "%d-%d-%d %d:%d%n", &year, &month, &day, &hour, &minute, &end) != 5 ||
      stripped[end] != '\0')
    return -1;
  time = g_date_time_new_local (year, month, day, hour, minute, 0);
  return time != NULL ? g_date_time_to_unix (time) : -1;
}

/* The editor's form of a due time, the one parse_local_time () reads. */
static char *
format_local_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = unix_seconds > 0 ? g_date_time_new_from_unix_utc (unix_seconds) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
on_edit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  WccTodoCard      *self)
{
  WccRecord *todo = g_object_get_data (G_OBJECT (dialog), "todo");
  GtkEditable *title = g_object_get_data (G_OBJECT (dialog), "title");
  GtkEditable *description = g_object_get_data (G_OBJECT (dialog), "description");
  GtkEditable *due = g_object_get_data (G_OBJECT (dialog), "due");
  g_autoptr(JsonObject) body = json_object_new ();
  gint64 at;

  if (!g_str_equal (response, "save"))
    return;
  json_object_set_string_member (body, "title", gtk_editable_get_text (title));
  json_object_set_string_member (body, "description", gtk_editable_get_text (description));
  at = parse_local_time (gtk_editable_get_text (due));
  if (at > 0)
    {
      g_autofree char *text = wcc_time_to_rfc3339 (at);
      json_object_set_string_member (body, "due_at", text);
    }
  else if (at == 0)
    json_object_set_null_member (body, "due_at");
  if (todo != NULL)
    json_object_set_int_member (body, "version", wcc_record_get_version (todo));
  write_todo (self, todo != NULL ? "PATCH" : "POST", todo != NULL ? wcc_record_get_id (todo) : 0, body);
}

static GtkWidget *
add_entry (GtkWidget  *box,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (GTK_LIST_BOX (box), row);
  return row;
}

/* Save only with an appointment time that reads as one (or none): the field says so. */
static void
on_due_changed (GtkEditable      *due,
                AdwMessageDialog *dialog)
{
  gboolean valid = parse_local_time (gtk_editable_get_text (due)) >= 0;

  adw_message_dialog_set_response_enabled (dialog, "save", valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (due), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (due), "error");
}

/* Add (@todo NULL) or edit: title, description, appointment time. */
static void
open_editor (WccTodoCard *self,
             WccRecord   *todo)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              todo != NULL ? _("Edit to-do") : _("New to-do"), NULL);
  GtkWidget *box = gtk_list_box_new ();
  g_autofree char *due = todo != NULL ? format_local_time (wcc_record_get_time (todo, "due_at")) : g_strdup ("");
  GtkWidget *title, *due_row;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  title = add_entry (box, _("Title"), todo != NULL ? wcc_record_get_string (todo, "title") : NULL);
  gtk_widget_set_name (title, "title_row");
  g_object_set_data (G_OBJECT (dialog), "title", title);
  g_object_set_data (G_OBJECT (dialog), "description",
                     add_entry (box, _("Description"), todo != NULL ? wcc_record_get_string (todo, "description") : NULL));
  /* TRANSLATORS: keep the format (year-month-day hour:minute) as it is. */
  due_row = add_entry (box, _("Appointment (YYYY-MM-DD HH:MM)"), due);
  gtk_widget_set_name (due_row, "due_row");
  g_object_set_data (G_OBJECT (dialog), "due", due_row);
  if (todo != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "todo", g_object_ref (todo), g_object_unref);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_edit_response), self, 0);
  g_signal_connect (due_row, "changed", G_CALLBACK (on_due_changed), dialog);
  gtk_widget_set_name (dialog, "todo-editor");
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (title);
}

static void
on_add_clicked (WccTodoCard *self)
{
  open_editor (self, NULL);
}

static void
on_edit_clicked (GtkButton   *button,
                 WccTodoCard *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (button), "todo"));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  WccTodoCard *self = user_data;
  WccRecord *todo = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *status = gtk_drop_down_new_from_strings ((const char *[]) { C_("status", "Open"), _("In Progress"), _("Done"), NULL });
  g_autofree char *due = wcc_format_unix (wcc_record_get_time (todo, "due_at"), WCC_DATE_STYLE_DATE_TIME);
  g_autoptr(GString) subtitle = g_string_new (due);
  const char *creator = wcc_record_get_string (todo, "creator_name");
  WccUser *user = wcc_client_get_user (wcc_session_get_client (self->session));

  if (wcc_record_get_int (todo, "creator_id", 0) != wcc_user_get_id (user) && *creator != '\0')
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* TRANSLATORS: who gave the user this to-do. */
      g_string_append_printf (subtitle, _("From %s"), creator);
    }
  if (*wcc_record_get_string (todo, "description") != '\0')
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, "\n");
      g_string_append (subtitle, wcc_record_get_string (todo, "description"));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_record_get_string (todo, "title"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  if (g_strcmp0 (wcc_record_get_string (todo, "status"), "done") == 0)
    gtk_widget_add_css_class (row, "dim-label");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), status_index (wcc_record_get_string (todo, "status")));
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (status, _("Status"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (status), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Status"), -1);
  g_object_set_data_full (G_OBJECT (status), "todo", g_object_ref (todo), g_object_unref);
  g_signal_connect_object (status, "notify::selected", G_CALLBACK (on_status_selected), self, 0);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit to-do"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit to-do"), -1);
  g_object_set_data_full (G_OBJECT (edit), "todo", g_object_ref (todo), g_object_unref);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  return row;
}

static void
on_list_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccTodoCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the to-dos: %s", error->message);
      return;
    }
  wcc_record_store_replace (self->items, json_object_get_array_member (answer, "items"));
}

void
wcc_todo_card_reload (WccTodoCard *self)
{
  g_return_if_fail (WCC_IS_TO_DO_CARD (self));

  if (self->session != NULL)
    wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/todos?limit=50", self->cancellable,
                                 on_list_read, g_object_ref (self));
}

static void
on_event (WccTodoCard *self,
          const char  *type,
          gint64       seq,
          JsonNode    *data)
{
  WccUser *user = wcc_client_get_user (wcc_session_get_client (self->session));
  JsonObject *todo = data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;

  if (todo == NULL)
    return;
  /* The card holds the user's own: a to-do they gave someone else is not theirs to do. */
  if (g_str_equal (type, "todo.changed") &&
      json_object_get_int_member_with_default (todo, "assignee_id", 0) == wcc_user_get_id (user))
    put_todo (self, todo, FALSE);
  else if (g_str_equal (type, "todo.removed"))
    put_todo (self, todo, TRUE);
}

GListModel *
wcc_todo_card_get_items (WccTodoCard *self)
{
  g_return_val_if_fail (WCC_IS_TO_DO_CARD (self), NULL);
  return G_LIST_MODEL (self->items);
}

static void
wcc_todo_card_dispose (GObject *object)
{
  WccTodoCard *self = WCC_TO_DO_CARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->items);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_TO_DO_CARD);
  G_OBJECT_CLASS (wcc_todo_card_parent_class)->dispose (object);
}

static void
wcc_todo_card_class_init (WccTodoCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_todo_card_dispose;

  /* toast (const char *message): for the window's toast overlay */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-todo-card.ui");
  gtk_widget_class_bind_template_child (widget_class, WccTodoCard, list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
wcc_todo_card_init (WccTodoCard *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (WCC_TYPE_RECORD);
  self->cancellable = g_cancellable_new ();
  placeholder = gtk_label_new (_("Nothing to do"));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
}

void
wcc_todo_card_set_session (WccTodoCard *self,
                           WccSession  *session)
{
  WccEventStream *events;

  g_return_if_fail (WCC_IS_TO_DO_CARD (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  events = wcc_session_get_event_stream (session);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, self, NULL);
  g_signal_connect_object (events, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (wcc_todo_card_reload), self, G_CONNECT_SWAPPED);
  wcc_todo_card_reload (self);
}
