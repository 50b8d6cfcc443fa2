/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-announcements-card.c: the dashboard's announcements board (S17): what was published
 * to the user's groups or the whole client, live; each new one once as a pop-up (then
 * marked seen on the server); for the client admin and leaders, publishing (to the whole
 * client or a group they may address) and "My Announcements" with how many saw each. */
#define G_LOG_DOMAIN "wcc-announcements-card"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-announcements-card.h"
#include "wcc-format.h"
#include "wcc-record.h"

struct _WccAnnouncementsCard
{
  AdwBin        parent_instance;

  /* template widgets */
  GtkListBox   *list;
  GtkMenuButton *published_button;
  GtkButton    *publish_button;
  GtkListBox   *published_list;

  WccSession   *session;
  GListStore   *items;        /* of WccRecord, newest first */
  GListStore   *published;    /* of WccRecord: My Announcements */
  GQueue        pop_ups;      /* WccRecord waiting to be shown */
  GHashTable   *popped;       /* ids shown this session (gint64 *) */
  GtkWidget    *pop_up;       /* the one shown now */
  GListStore   *targets;      /* of WccGroup the user may publish to */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (WccAnnouncementsCard, wcc_announcements_card, ADW_TYPE_BIN)

enum { SIGNAL_TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
may_publish (WccAnnouncementsCard *self)
{
  return wcc_user_has_role (wcc_client_get_user (wcc_session_get_client (self->session)),
                            WCC_ROLE_CLIENT_ADMIN | WCC_ROLE_LEADER);
}

static char *
format_time (WccRecord  *record,
             const char *member)
{
  return wcc_format_unix (wcc_record_get_time (record, member), WCC_DATE_STYLE_DATE_TIME);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccAnnouncementsCard) self = user_data;
  g_autoptr(GError) error = NULL;

  /* refused at once (a later refusal is the window's "Changes Not Saved") */
  if (!wcc_session_write_finish (WCC_SESSION (source), result, NULL, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
}

static void show_next_pop_up (WccAnnouncementsCard *self);

static void
on_pop_up_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    WccAnnouncementsCard *self)
{
  WccRecord *announcement = g_object_get_data (G_OBJECT (dialog), "announcement");
  g_autofree char *path = g_strdup_printf ("/api/v1/announcements/%" G_GINT64_FORMAT "/seen",
                                           wcc_record_get_id (announcement));

  /* Seen once: the server remembers it for the user's next logins. */
  wcc_session_queue_write_async (self->session, "POST", path, NULL, self->cancellable, on_write_done,
                                 g_object_ref (self));
  self->pop_up = NULL;
  show_next_pop_up (self);
}

static void
show_next_pop_up (WccAnnouncementsCard *self)
{
  g_autoptr(WccRecord) announcement = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->pop_up != NULL || g_queue_is_empty (&self->pop_ups) || !GTK_IS_WINDOW (root))
    return;
  announcement = g_queue_pop_head (&self->pop_ups);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), wcc_record_get_string (announcement, "title"),
                                   wcc_record_get_string (announcement, "body"));
  gtk_widget_set_name (dialog, "announcement-pop-up");
  g_object_set_data_full (G_OBJECT (dialog), "announcement", g_object_ref (announcement), g_object_unref);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pop_up_response), self, 0);
  self->pop_up = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Each unseen one once per session (and the server's seen mark makes it once in all). */
static void
queue_pop_up (WccAnnouncementsCard *self,
              WccRecord            *announcement)
{
  gint64 id = wcc_record_get_id (announcement);

  /* the author does not need to be told what they just published */
  if (wcc_record_get_bool (announcement, "seen") || g_hash_table_contains (self->popped, &id) ||
      wcc_record_get_int (announcement, "author_id", 0) ==
        wcc_user_get_id (wcc_client_get_user (wcc_session_get_client (self->session))))
    return;
  g_hash_table_add (self->popped, g_memdup2 (&id, sizeof id));
  g_queue_push_tail (&self->pop_ups, g_object_ref (announcement));
  show_next_pop_up (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  WccRecord *announcement = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_time (announcement, "published_at");
  const char *author = wcc_record_get_string (announcement, "author_name");
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s · %s", wcc_record_get_string (announcement, "body"),
                                               author, when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_record_get_string (announcement, "title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  return row;
}

static GtkWidget *
create_published_row (gpointer item,
                      gpointer user_data)
{
  WccRecord *announcement = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_time (announcement, "published_at");
  g_autofree char *seen = wcc_format_integer (wcc_record_get_int (announcement, "seen_count", 0));
  g_autofree char *recipients = wcc_format_integer (wcc_record_get_int (announcement, "recipient_count", 0));
  /* TRANSLATORS: when it was published, then how many of its recipients saw it (numbers). */
  g_autofree char *subtitle = g_strdup_printf (_("%s · seen by %s of %s"), when, seen, recipients);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wcc_record_get_string (announcement, "title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static JsonObject *
read_answer (GObject      *source,
             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  JsonObject *answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Cannot read the announcements: %s", error->message);
  return answer;
}

static void
on_board_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccAnnouncementsCard) self = user_data;
  g_autoptr(JsonObject) answer = read_answer (source, result);

  if (answer == NULL)
    return;
  /* Oldest unseen first. */
  for (guint i = wcc_record_store_replace (self->items, json_object_get_array_member (answer, "items")); i > 0; i--)
    {
      g_autoptr(WccRecord) announcement = g_list_model_get_item (G_LIST_MODEL (self->items), i - 1);

      queue_pop_up (self, announcement);
    }
}

static void
on_published_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccAnnouncementsCard) self = user_data;
  g_autoptr(JsonObject) answer = read_answer (source, result);

  if (answer != NULL)
    wcc_record_store_replace (self->published, json_object_get_array_member (answer, "items"));
}

static void
on_published_shown (WccAnnouncementsCard *self)
{
  wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/announcements/published?limit=50",
                               self->cancellable, on_published_read, g_object_ref (self));
}

void
wcc_announcements_card_reload (WccAnnouncementsCard *self)
{
  g_return_if_fail (WCC_IS_ANNOUNCEMENTS_CARD (self));

  if (self->session != NULL)
    wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/announcements?limit=20",
                                 self->cancellable, on_board_read, g_object_ref (self));
}

static void
on_event (WccAnnouncementsCard *self,
          const char           *type,
          gint64                seq,
          JsonNode             *data)
{
  g_autoptr(WccRecord) announcement = NULL;

  if (!g_str_equal (type, "announcement.published") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  announcement = wcc_record_new (json_node_get_object (data));
  g_list_store_insert (self->items, 0, announcement);
  queue_pop_up (self, announcement);
}

/* ---- Publishing ---- */

static void
on_publish_response (AdwMessageDialog     *dialog,
                     const char           *response,
                     WccAnnouncementsCard *self)
{
  GtkEditable *title = g_object_get_data (G_OBJECT (dialog), "title");
  GtkTextView *text = g_object_get_data (G_OBJECT (dialog), "body");
  GtkDropDown *target = g_object_get_data (G_OBJECT (dialog), "target");
  gboolean admin = wcc_user_has_role (wcc_client_get_user (wcc_session_get_client (self->session)),
                                      WCC_ROLE_CLIENT_ADMIN);
  guint selected = gtk_drop_down_get_selected (target);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body_text = NULL;
  GtkTextIter start, end;

  if (!g_str_equal (response, "publish"))
    return;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (text), &start, &end);
  body_text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (text), &start, &end, FALSE);
  json_object_set_string_member (body, "title", gtk_editable_get_text (title));
  json_object_set_string_member (body, "body", body_text);
  /* The admin's first choice is the whole client; then the groups. */
  if (admin && selected == 0)
    json_object_set_boolean_member (body, "whole_client", TRUE);
  else
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (G_LIST_MODEL (self->targets), selected - (admin ? 1 : 0));
      JsonArray *groups = json_array_new ();

      if (group != NULL)
        json_array_add_int_element (groups, wcc_group_get_id (group));
      json_object_set_array_member (body, "group_ids", groups);
    }
  json_node_set_object (node, body);
  wcc_session_queue_write_async (self->session, "POST", "/api/v1/announcements", node, self->cancellable,
                                 on_write_done, g_object_ref (self));
}

/* @source: the dialog's title entry or its text's buffer */
static void
update_publish_response (GObject *source)
{
  AdwMessageDialog *dialog = g_object_get_data (source, "dialog");
  GtkEditable *title = g_object_get_data (G_OBJECT (dialog), "title-entry");
  GtkTextView *text = g_object_get_data (G_OBJECT (dialog), "body");
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (title)));

  adw_message_dialog_set_response_enabled (dialog, "publish",
                                           *stripped != '\0' &&
                                           gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (text)) > 0);
}

static void
open_publish_dialog (WccAnnouncementsCard *self)
{
  gboolean admin = wcc_user_has_role (wcc_client_get_user (wcc_session_get_client (self->session)),
                                      WCC_ROLE_CLIENT_ADMIN);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Publish Announcement"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_entry_new ();
  GtkWidget *text = gtk_text_view_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *target;

  if (admin)
    gtk_string_list_append (names, _("The whole client"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->targets)); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (G_LIST_MODEL (self->targets), i);
      gtk_string_list_append (names, wcc_group_get_name (group));
    }
  target = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_entry_set_placeholder_text (GTK_ENTRY (title), _("Title"));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), text);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 100);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), target);
  g_object_set_data (G_OBJECT (dialog), "title", title);
  g_object_set_data (G_OBJECT (dialog), "body", text);
  g_object_set_data (G_OBJECT (dialog), "target", target);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "publish", _("_Publish"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_publish_response), self, 0);
  /* a title and a text first: the server would refuse either empty */
  g_object_set_data (G_OBJECT (title), "dialog", dialog);
  g_object_set_data (G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text))), "dialog", dialog);
  g_object_set_data (G_OBJECT (dialog), "title-entry", title);
  g_signal_connect (title, "changed", G_CALLBACK (update_publish_response), NULL);
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), "changed", G_CALLBACK (update_publish_response),
                    NULL);
  update_publish_response (G_OBJECT (title));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_groups_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccAnnouncementsCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) groups = wcc_client_list_groups_finish (WCC_CLIENT (source), result, &error);
  WccUser *user;
  gboolean admin;

  if (groups == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the groups: %s", error->message);
      return;
    }
  user = wcc_client_get_user (wcc_session_get_client (self->session));
  admin = wcc_user_has_role (user, WCC_ROLE_CLIENT_ADMIN);
  g_list_store_remove_all (self->targets);
  /* The admin addresses any group; a leader the groups they lead. */
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = wcc_group_get_members (group);
      gboolean leads = FALSE;

      for (guint j = 0; !admin && !leads && j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(WccGroupMember) member = g_list_model_get_item (members, j);
          leads = wcc_group_member_get_id (member) == wcc_user_get_id (user) && wcc_group_member_get_leader (member);
        }
      if (admin || leads)
        g_list_store_append (self->targets, group);
    }
  open_publish_dialog (self);
}

static void
on_publish_clicked (WccAnnouncementsCard *self)
{
  wcc_client_list_groups_async (wcc_session_get_client (self->session), self->cancellable, on_groups_read,
                                g_object_ref (self));
}

GListModel *
wcc_announcements_card_get_items (WccAnnouncementsCard *self)
{
  g_return_val_if_fail (WCC_IS_ANNOUNCEMENTS_CARD (self), NULL);
  return G_LIST_MODEL (self->items);
}

static void
wcc_announcements_card_dispose (GObject *object)
{
  WccAnnouncementsCard *self = WCC_ANNOUNCEMENTS_CARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->pop_ups, g_object_unref);
  g_clear_pointer (&self->popped, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->items);
  g_clear_object (&self->published);
  g_clear_object (&self->targets);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_ANNOUNCEMENTS_CARD);
  G_OBJECT_CLASS (wcc_announcements_card_parent_class)->dispose (object);
}

static void
wcc_announcements_card_class_init (WccAnnouncementsCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_announcements_card_dispose;

  /* toast (const char *message): for the window's toast overlay */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-announcements-card.ui");
  gtk_widget_class_bind_template_child (widget_class, WccAnnouncementsCard, list);
  gtk_widget_class_bind_template_child (widget_class, WccAnnouncementsCard, published_button);
  gtk_widget_class_bind_template_child (widget_class, WccAnnouncementsCard, publish_button);
  gtk_widget_class_bind_template_child (widget_class, WccAnnouncementsCard, published_list);
  gtk_widget_class_bind_template_callback (widget_class, on_publish_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_published_shown);
}

static void
wcc_announcements_card_init (WccAnnouncementsCard *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (WCC_TYPE_RECORD);
  self->published = g_list_store_new (WCC_TYPE_RECORD);
  self->targets = g_list_store_new (WCC_TYPE_GROUP);
  self->popped = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pop_ups);
  placeholder = gtk_label_new (_("No announcements"));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, self, NULL);
  gtk_list_box_bind_model (self->published_list, G_LIST_MODEL (self->published), create_published_row, self, NULL);
}

void
wcc_announcements_card_set_session (WccAnnouncementsCard *self,
                                    WccSession           *session)
{
  WccEventStream *events;

  g_return_if_fail (WCC_IS_ANNOUNCEMENTS_CARD (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  events = wcc_session_get_event_stream (session);
  gtk_widget_set_visible (GTK_WIDGET (self->publish_button), may_publish (self));
  gtk_widget_set_visible (GTK_WIDGET (self->published_button), may_publish (self));
  g_signal_connect_object (events, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (wcc_announcements_card_reload), self, G_CONNECT_SWAPPED);
  wcc_announcements_card_reload (self);
}
