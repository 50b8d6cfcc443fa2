/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-chat-panel.c: the chat side pane (S14) with the leader's bell (S15). */
#define G_LOG_DOMAIN "wcc-chat-panel"

#include <glib/gi18n.h>

#include "wcc-chat-panel.h"
#include "wcc-error.h"
#include "wcc-format.h"
#include "wcc-reversed-model.h"
#include "wcc-time.h"

struct _WccChatPanel
{
  AdwBin            parent_instance;

  GtkStack         *stack;
  GtkSearchEntry   *search_entry;
  GtkStack         *lists_stack;
  GtkListBox       *groups_list;
  GtkListBox       *users_list;
  GtkListBox       *contacts_list;
  GtkListBox       *results_list;
  GtkLabel         *title_label;
  GtkMenuButton    *bell_button;
  GtkPopover       *push_popover;
  GtkEntry         *push_entry;
  GtkCheckButton   *fixed_check;
  GtkSpinButton    *duration_spin;
  GtkScrolledWindow *messages_scroller;
  GtkListView      *messages_view;
  GtkEntry         *message_entry;

  WccChat          *chat;
  WccPagedList     *history;          /* of the open conversation */
  gint64            conversation_id;  /* 0: the lists are shown */
  gint64            last_pending_id;  /* the ids of messages not yet on the server: -1, -2, … */
  GHashTable       *pending;          /* client_msg_id → JsonObject: sent, not yet on the server */
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (WccChatPanel, wcc_chat_panel, ADW_TYPE_BIN)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (WccChatPanel *self,
       const char   *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

/* ---- rows of the lists ---- */

static void
update_conversation_row (AdwActionRow *row,
                         GParamSpec   *pspec,
                         WccRecord    *record)
{
  GtkLabel *badge = g_object_get_data (G_OBJECT (row), "badge");
  gint64 unread = wcc_record_get_int (record, "unread", 0);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, unread);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_record_get_string (record, "title"));
  gtk_label_set_label (badge, count);
  gtk_widget_set_visible (GTK_WIDGET (badge), unread > 0);
}

static GtkWidget *
make_conversation_row (gpointer item,
                       gpointer user_data)
{
  WccRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  gboolean group = g_strcmp0 (wcc_record_get_string (record, "kind"), "group") == 0;

  gtk_widget_add_css_class (badge, "chat-unread");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (group ? "system-users-symbolic" : "avatar-default-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_object_set_data_full (G_OBJECT (row), "record", g_object_ref (record), g_object_unref);
  update_conversation_row (ADW_ACTION_ROW (row), NULL, record);
  g_signal_connect_object (record, "notify::data", G_CALLBACK (update_conversation_row), row, G_CONNECT_SWAPPED);
  return row;
}

/* "Online · Ready", "Offline". */
static char *
presence_text (WccRecord *user)
{
  const char *state = wcc_record_get_string (user, "agent_state");
  const char *online = wcc_record_get_bool (user, "online") ? _("Online") : _("Offline");
  const char *label = NULL;

  if (g_str_equal (state, "ready"))
    label = _("Ready");
  else if (g_str_equal (state, "pause"))
    label = _("Paused");
  else if (g_str_equal (state, "ringing"))
    label = _("Ringing");
  else if (g_str_equal (state, "on_call"))
    label = _("On a call");
  else if (g_str_equal (state, "after_call_work"))
    label = _("After-call work");
  /* TRANSLATORS: presence and agent state, e.g. "Online · Ready". */
  return label ? g_strdup_printf (_("%s · %s"), online, label) : g_strdup (online);
}

static void
update_user_row (AdwActionRow *row,
                 GParamSpec   *pspec,
                 WccRecord    *record)
{
  GtkWidget *dot = g_object_get_data (G_OBJECT (row), "dot");
  g_autofree char *subtitle = presence_text (record);
  gboolean online = wcc_record_get_bool (record, "online");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_record_get_string (record, "display_name"));
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_css_classes (dot, online ? (const char *[]) { "chat-online", NULL }
                                          : (const char *[]) { "chat-offline", NULL });
}

static GtkWidget *
make_user_row (gpointer item,
               gpointer user_data)
{
  WccRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "dot", dot);
  g_object_set_data_full (G_OBJECT (row), "record", g_object_ref (record), g_object_unref);
  update_user_row (ADW_ACTION_ROW (row), NULL, record);
  g_signal_connect_object (record, "notify::data", G_CALLBACK (update_user_row), row, G_CONNECT_SWAPPED);
  return row;
}

static gboolean
is_kind (gpointer    item,
         const char *kind)
{
  return g_strcmp0 (wcc_record_get_string (item, "kind"), kind) == 0;
}

static gboolean
is_group (gpointer item,
          gpointer user_data)
{
  return is_kind (item, "group");
}

static gboolean
is_direct (gpointer item,
           gpointer user_data)
{
  return is_kind (item, "direct");
}

static GListModel *
filtered (GListModel          *model,
          GtkCustomFilterFunc  func)
{
  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (model),
                                                  GTK_FILTER (gtk_custom_filter_new (func, NULL, NULL))));
}

/* ---- one conversation ---- */

static void
setup_message (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_add_css_class (text, "chat-bubble");
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_message (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WccChatPanel             *self)
{
  WccRecord *message = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (header);
  g_autofree char *time = wcc_format_unix (wcc_record_get_time (message, "created_at"), WCC_DATE_STYLE_TIME);
  g_autofree char *heading = g_strdup_printf ("%s  %s", wcc_record_get_string (message, "sender_name"), time);
  WccUser *me = wcc_session_get_user (wcc_chat_get_session (self->chat));
  gboolean mine = wcc_record_get_int (message, "sender_id", 0) == wcc_user_get_id (me);

  /* TRANSLATORS: in place of the time of a chat message still waiting to be sent */
  gtk_label_set_label (GTK_LABEL (header), wcc_record_get_bool (message, "pending") ? _("Sending…") : heading);
  gtk_widget_set_opacity (text, wcc_record_get_bool (message, "pending") ? 0.6 : 1.0);
  gtk_label_set_label (GTK_LABEL (text), wcc_record_get_string (message, "text"));
  gtk_widget_set_halign (box, mine ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (header), mine ? 1 : 0);
  if (mine)
    gtk_widget_add_css_class (text, "mine");
  else
    gtk_widget_remove_css_class (text, "mine");
}

static gboolean
scroll_to_end (gpointer user_data)
{
  WccChatPanel *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

static WccRecord *find_pending (WccPagedList *history, const char *client_msg_id);

static void
on_first_page (WccChatPanel *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (wcc_paged_list_get_loading (self->history))
    return;
  /* What was sent to this conversation and is still on its way stays in view (a page read
   * from the server replaces the list). */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (json_object_get_int_member (value, "conversation_id") == self->conversation_id &&
        find_pending (self->history, key) == NULL)
      wcc_paged_list_prepend (self->history, value);
  /* The newest at the bottom in view once the first page is there. */
  g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 50, scroll_to_end, g_object_ref (self), g_object_unref);
}

/* Events were lost (the server restarted, or the stream was away too long): the open
 * conversation reads its history again. */
static void
on_resync (WccChatPanel *self)
{
  if (self->history != NULL)
    wcc_paged_list_reload (self->history);
}

/* The server has the message of @client_msg_id (its copy arrived), or refused it: it is no
 * longer shown as sending. */
static void
forget_pending (WccChatPanel *self,
                WccPagedList *history,
                const char   *client_msg_id)
{
  WccRecord *pending = find_pending (history, client_msg_id);

  if (client_msg_id != NULL)
    g_hash_table_remove (self->pending, client_msg_id);
  if (pending != NULL)
    wcc_paged_list_remove (history, wcc_record_get_id (pending));
}

void
wcc_chat_panel_open_conversation (WccChatPanel *self,
                                  gint64        conversation_id)
{
  g_autoptr(WccReversedModel) reversed = NULL;
  WccRecord *conversation;

  g_return_if_fail (WCC_IS_CHAT_PANEL (self));
  g_return_if_fail (self->chat != NULL);

  conversation = wcc_chat_find_conversation (self->chat, conversation_id);
  if (conversation == NULL)
    return;
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  self->conversation_id = conversation_id;
  self->history = wcc_chat_new_history (self->chat, conversation_id);
  g_signal_connect_object (self->history, "notify::loading", G_CALLBACK (on_first_page), self, G_CONNECT_SWAPPED);
  reversed = wcc_reversed_model_new (G_LIST_MODEL (self->history));
  gtk_list_view_set_model (self->messages_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&reversed)))));
  wcc_paged_list_reload (self->history);

  gtk_label_set_label (self->title_label, wcc_record_get_string (conversation, "title"));
  gtk_widget_set_visible (GTK_WIDGET (self->bell_button), wcc_record_get_bool (conversation, "leader"));
  gtk_stack_set_visible_child_name (self->stack, "conversation");
  wcc_chat_mark_read (self->chat, conversation_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
}

gint64
wcc_chat_panel_get_conversation (WccChatPanel *self)
{
  g_return_val_if_fail (WCC_IS_CHAT_PANEL (self), 0);
  return self->conversation_id;
}

static void
on_back_clicked (WccChatPanel *self)
{
  self->conversation_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "lists");
}

static void
on_conversation_activated (WccChatPanel  *self,
                           GtkListBoxRow *row)
{
  WccRecord *record = g_object_get_data (G_OBJECT (row), "record");

  wcc_chat_panel_open_conversation (self, wcc_record_get_id (record));
}

static void
on_direct_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccChatPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccRecord) conversation = wcc_chat_open_direct_finish (WCC_CHAT (source), result, &error);

  if (conversation == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("The conversation cannot be opened while offline"));
      return;
    }
  wcc_chat_panel_open_conversation (self, wcc_record_get_id (conversation));
}

static void
open_direct (WccChatPanel *self,
             gint64        user_id)
{
  wcc_chat_open_direct_async (self->chat, user_id, self->cancellable, on_direct_opened, g_object_ref (self));
}

static void
on_user_activated (WccChatPanel  *self,
                   GtkListBoxRow *row)
{
  open_direct (self, wcc_record_get_id (g_object_get_data (G_OBJECT (row), "record")));
}

/* A message of the conversation's history not yet confirmed by the server (its id < 0),
 * found by the id its sender gave it. */
static WccRecord *
find_pending (WccPagedList *history,
              const char   *client_msg_id)
{
  for (guint i = 0; history != NULL && client_msg_id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(WccRecord) message = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (wcc_record_get_id (message) >= 0)
        break;   /* the pending ones are the newest: first in the list */
      if (g_strcmp0 (wcc_record_get_string (message, "client_msg_id"), client_msg_id) == 0)
        return message;   /* the list holds a reference */
    }
  return NULL;
}

typedef struct {
  WccChatPanel *self;
  WccPagedList *history;
  char         *client_msg_id;
} Sending;

static void
sending_free (Sending *sending)
{
  g_object_unref (sending->self);
  g_object_unref (sending->history);
  g_free (sending->client_msg_id);
  g_free (sending);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sending, sending_free)

/* Says what became of a write: refused (why), or queued while offline. */
static gboolean
finish_write (WccChatPanel *self,
              GObject      *source,
              GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return FALSE;
    }
  /* Queued behind earlier writes while online: it goes in a moment, nothing to say. */
  if (outcome == WCC_WRITE_QUEUED && wcc_session_get_connection (WCC_SESSION (source)) == WCC_CONNECTION_OFFLINE)
    toast (self, _("Offline: the message goes when the server is back"));
  return TRUE;
}

static void
on_message_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Sending) sending = user_data;

  /* refused: it leaves the conversation (the toast said why) */
  if (!finish_write (sending->self, source, result))
    forget_pending (sending->self, sending->history, sending->client_msg_id);
}

static void
on_push_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WccChatPanel) self = user_data;

  finish_write (self, source, result);
}

static void
on_send_clicked (WccChatPanel *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry))));

  g_autofree char *client_msg_id = g_uuid_string_random ();
  g_autofree char *now = NULL;
  g_autoptr(JsonObject) pending = NULL;
  WccUser *me;
  Sending *sending;

  if (*text == '\0' || self->conversation_id == 0 || self->history == NULL)
    return;
  /* In the conversation at once, marked as sending until the server's copy replaces it
   * (offline: until the outbox has delivered it). */
  me = wcc_session_get_user (wcc_chat_get_session (self->chat));
  now = wcc_time_to_rfc3339 (wcc_time_now ());
  pending = json_object_new ();
  json_object_set_int_member (pending, "id", --self->last_pending_id);
  json_object_set_int_member (pending, "conversation_id", self->conversation_id);
  json_object_set_int_member (pending, "sender_id", wcc_user_get_id (me));
  json_object_set_string_member (pending, "sender_name", wcc_user_get_display_name (me));
  json_object_set_string_member (pending, "text", text);
  json_object_set_string_member (pending, "client_msg_id", client_msg_id);
  json_object_set_string_member (pending, "created_at", now);
  json_object_set_boolean_member (pending, "pending", TRUE);
  g_hash_table_insert (self->pending, g_strdup (client_msg_id), json_object_ref (pending));
  wcc_paged_list_prepend (self->history, pending);
  g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 50, scroll_to_end, g_object_ref (self), g_object_unref);

  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->history = g_object_ref (self->history);
  sending->client_msg_id = g_strdup (client_msg_id);
  wcc_chat_send_async (self->chat, self->conversation_id, text, client_msg_id, self->cancellable, on_message_written,
                       sending);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");
}

static void
on_send_push_clicked (WccChatPanel *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->push_entry))));

  if (*text == '\0' || self->conversation_id == 0)
    return;
  wcc_chat_push_async (self->chat, self->conversation_id, gtk_check_button_get_active (self->fixed_check), text,
                       (guint) gtk_spin_button_get_value_as_int (self->duration_spin), self->cancellable,
                       on_push_written, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->push_entry), "");
  gtk_popover_popdown (self->push_popover);
}

static void
on_clear_push_clicked (WccChatPanel *self)
{
  if (self->conversation_id == 0)
    return;
  wcc_chat_clear_push_async (self->chat, self->conversation_id, self->cancellable, on_push_written,
                             g_object_ref (self));
  gtk_popover_popdown (self->push_popover);
}

static void
on_message (WccChatPanel *self,
            WccRecord    *message)
{
  const char *client_msg_id = wcc_record_get_string (message, "client_msg_id");

  if (self->pending == NULL)
    return;   /* disposed */
  /* the server's copy of one sent from here takes the place of the one marked sending */
  if (*client_msg_id != '\0' && g_hash_table_contains (self->pending, client_msg_id))
    {
      if (self->history != NULL)
        forget_pending (self, self->history, client_msg_id);
      else
        g_hash_table_remove (self->pending, client_msg_id);
    }
  if (self->history == NULL || wcc_record_get_int (message, "conversation_id", 0) != self->conversation_id)
    return;
  wcc_paged_list_prepend (self->history, wcc_record_get_data (message));
  /* Read as it arrives while the conversation is in view. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->messages_view)))
    wcc_chat_mark_read (self->chat, self->conversation_id);
  g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 50, scroll_to_end, g_object_ref (self), g_object_unref);
}

/* ---- search ---- */

static GtkWidget *
make_result_row (const char *title,
                 const char *subtitle,
                 const char *icon,
                 const char *kind,
                 gint64      id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "kind", (gpointer) kind);
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) id));
  return row;
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WccChatPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = wcc_chat_search_finish (WCC_CHAT (source), result, &error);
  JsonArray *people, *messages;

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL;)
    gtk_list_box_remove (self->results_list, row);
  people = json_object_get_array_member (found, "people");
  messages = json_object_get_array_member (found, "messages");
  for (guint i = 0; people && i < json_array_get_length (people); i++)
    {
      JsonObject *person = json_array_get_object_element (people, i);

      gtk_list_box_append (self->results_list,
                           make_result_row (json_object_get_string_member_with_default (person, "display_name", ""),
                                            json_object_get_string_member_with_default (person, "account", ""),
                                            "avatar-default-symbolic", "person",
                                            json_object_get_int_member_with_default (person, "id", 0)));
    }
  for (guint i = 0; messages && i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      gtk_list_box_append (self->results_list,
                           make_result_row (json_object_get_string_member_with_default (message, "text", ""),
                                            json_object_get_string_member_with_default (message, "sender_name", ""),
                                            "chat-message-new-symbolic", "message",
                                            json_object_get_int_member_with_default (message, "conversation_id", 0)));
    }
}

static void
on_search_changed (WccChatPanel *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  GtkStackPage *page = gtk_stack_get_page (self->lists_stack, GTK_WIDGET (self->results_list));

  gtk_stack_page_set_visible (page, *query != '\0');
  if (*query == '\0')
    {
      gtk_stack_set_visible_child_name (self->lists_stack, "users");
      return;
    }
  gtk_stack_set_visible_child_name (self->lists_stack, "search");
  wcc_chat_search_async (self->chat, query, self->cancellable, on_searched, g_object_ref (self));
}

static void
on_result_activated (WccChatPanel  *self,
                     GtkListBoxRow *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));

  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kind"), "person") == 0)
    open_direct (self, id);
  else
    wcc_chat_panel_open_conversation (self, id);
}

/* ---- the panel ---- */

void
wcc_chat_panel_set_chat (WccChatPanel *self,
                         WccChat      *chat)
{
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GListModel) directs = NULL;

  g_return_if_fail (WCC_IS_CHAT_PANEL (self));
  g_return_if_fail (WCC_IS_CHAT (chat));

  g_set_object (&self->chat, chat);
  groups = filtered (wcc_chat_get_conversations (chat), is_group);
  directs = filtered (wcc_chat_get_conversations (chat), is_direct);
  gtk_list_box_bind_model (self->groups_list, groups, make_conversation_row, self, NULL);
  gtk_list_box_bind_model (self->contacts_list, directs, make_conversation_row, self, NULL);
  gtk_list_box_bind_model (self->users_list, wcc_chat_get_users (chat), make_user_row, self, NULL);
  g_signal_connect_object (chat, "message", G_CALLBACK (on_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wcc_session_get_event_stream (wcc_chat_get_session (chat)), "resync",
                           G_CALLBACK (on_resync), self, G_CONNECT_SWAPPED);
}

static void
wcc_chat_panel_dispose (GObject *object)
{
  WccChatPanel *self = WCC_CHAT_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history);
  g_clear_object (&self->chat);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_chat_panel_parent_class)->dispose (object);
}

static void
wcc_chat_panel_class_init (WccChatPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_chat_panel_dispose;

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-chat-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, lists_stack);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, groups_list);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, users_list);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, results_list);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, bell_button);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, push_popover);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, push_entry);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, fixed_check);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, messages_view);
  gtk_widget_class_bind_template_child (widget_class, WccChatPanel, message_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_user_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_send_push_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_push_clicked);
}

static void
wcc_chat_panel_init (WccChatPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), self);
  gtk_list_view_set_factory (self->messages_view, factory);
}
