/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-knowledge-page.c: the knowledge base (S11, S12). One view at a time: home, a list
 * (search results, a category, the history, my submissions) or an item. */
#define G_LOG_DOMAIN "wcc-knowledge-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-time.h"
#include "wcc-knowledge-page.h"
#include "wcc-quick-search.h"

struct _WccKnowledgePage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkLabel       *view_title;
  GtkStack       *view_stack;
  GtkFlowBox     *categories_box;
  GtkListBox     *recent_list;
  GtkListBox     *popular_list;
  GtkListBox     *list;
  GtkLabel       *item_meta;
  GtkLabel       *item_answer;
  GtkListBox     *attachments_list;
  AdwWindow      *submit_window;
  AdwEntryRow    *question_row;
  AdwEntryRow    *keywords_row;
  AdwEntryRow    *valid_until_row;
  GtkFlowBox     *categories_checks;
  GtkTextView    *answer_view;
  GtkListBox     *files_list;
  GtkWidget      *submit_button;

  WccClient      *client;
  GCancellable   *cancellable;      /* of the view's load: a new view cancels it */
  GHashTable     *category_names;   /* id → name */
  GPtrArray      *files;            /* of GFile, for the submission */
  gint64          item_id;
};

G_DEFINE_FINAL_TYPE (WccKnowledgePage, wcc_knowledge_page, ADW_TYPE_BIN)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (WccKnowledgePage *self,
       const char       *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
    }
}

/* A new view: the previous one's loads stop. */
static GCancellable *
begin_view (WccKnowledgePage *self,
            const char       *title)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->view_title, title);
  return self->cancellable;
}

static char *
state_text (JsonObject *item)
{
  const char *state = json_object_get_string_member_with_default (item, "state", "");

  if (g_str_equal (state, "approved"))
    return g_strdup (_("Approved"));
  if (g_str_equal (state, "rejected"))
    /* TRANSLATORS: %s is the reviewer's reason. */
    return g_strdup_printf (_("Rejected: %s"), json_object_get_string_member_with_default (item, "review_reason", ""));
  return g_strdup (_("Waiting for review"));
}

/* A row for an item: @title_markup (NULL: its question), @subtitle_markup. */
static void
add_item_row (GtkListBox *list,
              JsonObject *item,
              const char *title_markup,
              const char *subtitle_markup)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *question = NULL;

  if (title_markup == NULL)
    title_markup = question = g_markup_escape_text (json_object_get_string_member_with_default (item, "question", ""),
                                                    -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle_markup != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "item-id",
                     GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (item, "id", 0)));
  gtk_list_box_append (list, row);
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

/* Items of @array (Item, or {"item", "question", "snippet"} hits, or {"item",
 * "opened_at"} history entries) into the list view. */
static void
show_items (WccKnowledgePage *self,
            GtkListBox       *list,
            JsonArray        *array,
            gboolean          with_state)
{
  clear_box (GTK_WIDGET (list));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);
      JsonObject *item = json_object_has_member (element, "item") ? json_object_get_object_member (element, "item")
                                                                   : element;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (json_object_has_member (element, "snippet"))
        {
          title = wcc_quick_search_markup (json_object_get_string_member (element, "question"));
          subtitle = wcc_quick_search_markup (json_object_get_string_member (element, "snippet"));
        }
      else if (with_state)
        {
          g_autofree char *state = state_text (item);
          subtitle = g_markup_escape_text (state, -1);
        }
      else
        subtitle = g_markup_escape_text (json_object_get_string_member_with_default (item, "answer", ""), -1);
      add_item_row (list, item, title, subtitle);
    }
  if (array == NULL || json_array_get_length (array) == 0)
    add_placeholder (list, _("Nothing here"));
}

typedef struct {
  WccKnowledgePage *self;
  gboolean          with_state;
  char             *member;     /* of the answer that holds the array */
} ListLoad;

static void
list_load_free (ListLoad *load)
{
  g_object_unref (load->self);
  g_free (load->member);
  g_free (load);
}

static void
on_list_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ListLoad *load = user_data;
  WccKnowledgePage *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer != NULL)
    show_items (self, self->list, json_object_get_array_member (answer, load->member), load->with_state);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  list_load_free (load);
}

/* Shows the list view: @path read, its @member listed. */
static void
show_list (WccKnowledgePage *self,
           const char       *title,
           const char       *path,
           gboolean          with_state)
{
  ListLoad *load = g_new0 (ListLoad, 1);
  GCancellable *cancellable = begin_view (self, title);

  load->self = g_object_ref (self);
  load->with_state = with_state;
  load->member = g_strdup ("items");
  clear_box (GTK_WIDGET (self->list));
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  self->item_id = 0;
  if (path != NULL)
    wcc_client_get_object_async (self->client, path, cancellable, on_list_loaded, load);
  else
    wcc_client_kb_search_async (self->client, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), 0,
                                cancellable, on_list_loaded, load);
}

/* ---- home ---- */

static void
on_category_clicked (GtkButton        *button,
                     WccKnowledgePage *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "category-id"));
  g_autofree char *path = g_strdup_printf ("/api/v1/kb/items?category=%" G_GINT64_FORMAT, id);

  show_list (self, g_hash_table_lookup (self->category_names, GSIZE_TO_POINTER ((gsize) id)), path, FALSE);
}

static void
on_home_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccKnowledgePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) home = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  JsonArray *categories;

  if (home == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  categories = json_object_get_array_member (home, "categories");
  clear_box (GTK_WIDGET (self->categories_box));
  clear_box (GTK_WIDGET (self->categories_checks));
  g_hash_table_remove_all (self->category_names);
  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      JsonObject *category = json_array_get_object_element (categories, i);
      gint64 id = json_object_get_int_member_with_default (category, "id", 0);
      const char *name = json_object_get_string_member_with_default (category, "name", "");
      /* TRANSLATORS: a category of the knowledge base and how many items it holds. */
      g_autofree char *label = g_strdup_printf (_("%s (%u)"), name,
                                                (guint) json_object_get_int_member_with_default (category, "count", 0));
      GtkWidget *button = gtk_button_new_with_label (label);
      GtkWidget *check = gtk_check_button_new_with_label (name);

      g_hash_table_insert (self->category_names, GSIZE_TO_POINTER ((gsize) id), g_strdup (name));
      g_object_set_data (G_OBJECT (button), "category-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_category_clicked), self);
      gtk_flow_box_append (self->categories_box, button);
      g_object_set_data (G_OBJECT (check), "category-id", GSIZE_TO_POINTER ((gsize) id));
      gtk_flow_box_append (self->categories_checks, check);
    }
  show_items (self, self->recent_list, json_object_get_array_member (home, "recent"), FALSE);
  show_items (self, self->popular_list, json_object_get_array_member (home, "popular"), FALSE);
}

static void
show_home (WccKnowledgePage *self)
{
  GCancellable *cancellable = begin_view (self, _("Knowledge Base"));

  gtk_stack_set_visible_child_name (self->view_stack, "home");
  self->item_id = 0;
  if (self->client != NULL)
    wcc_client_get_object_async (self->client, "/api/v1/kb/home", cancellable, on_home_loaded, g_object_ref (self));
}

static void
on_home_clicked (WccKnowledgePage *self)
{
  show_home (self);
}

static void
on_search_activate (WccKnowledgePage *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (*query == '\0' || self->client == NULL)
    return;
  show_list (self, _("Search Results"), NULL, FALSE);
}

static void
on_history_clicked (WccKnowledgePage *self)
{
  show_list (self, _("Opened Recently"), "/api/v1/kb/history", FALSE);
}

static void
on_mine_clicked (WccKnowledgePage *self)
{
  show_list (self, _("My Submissions"), "/api/v1/kb/items?mine=1", TRUE);
}

static void
on_item_row_activated (WccKnowledgePage *self,
                       GtkListBoxRow    *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "item-id"));

  if (id > 0)
    wcc_knowledge_page_open_item (self, id);
}

/* ---- an item ---- */

typedef struct {
  WccKnowledgePage *self;
  char             *name;
  GFile            *target;    /* NULL: open with the default application */
} Download;

static void
download_free (Download *download)
{
  g_object_unref (download->self);
  g_free (download->name);
  g_clear_object (&download->target);
  g_free (download);
}

static void
on_attachment_fetched (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = wcc_client_fetch_bytes_finish (WCC_CLIENT (source), result, &error);
  g_autoptr(GFile) target = NULL;

  if (bytes == NULL)
    {
      toast (download->self, error->message);
      download_free (download);
      return;
    }
  if (download->target != NULL)
    target = g_object_ref (download->target);
  else
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "wcc-agent", "knowledge", NULL);
      g_autofree char *path = g_build_filename (dir, download->name, NULL);

      g_mkdir_with_parents (dir, 0700);
      target = g_file_new_for_path (path);
    }
  if (!g_file_replace_contents (target, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    toast (download->self, error->message);
  else if (download->target == NULL)
    {
      g_autofree char *uri = g_file_get_uri (target);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (download->self));

      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
    }
  else
    /* TRANSLATORS: %s is a file name. */
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), download->name);
      toast (download->self, message);
    }
  download_free (download);
}

static void
fetch_attachment (WccKnowledgePage *self,
                  GtkWidget        *button,
                  GFile            *target)
{
  Download *download = g_new0 (Download, 1);

  download->self = g_object_ref (self);
  download->name = g_strdup (g_object_get_data (G_OBJECT (button), "name"));
  download->target = target != NULL ? g_object_ref (target) : NULL;
  wcc_client_fetch_bytes_async (self->client, g_object_get_data (G_OBJECT (button), "url"), NULL,
                                on_attachment_fetched, download);
}

static void
on_attachment_open (GtkButton        *button,
                    WccKnowledgePage *self)
{
  fetch_attachment (self, GTK_WIDGET (button), NULL);
}

static void
on_save_response (GtkNativeDialog  *dialog,
                  int               response,
                  WccKnowledgePage *self)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (dialog), "button");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      fetch_attachment (self, button, file);
    }
  g_object_unref (dialog);
}

static void
on_attachment_save (GtkButton        *button,
                    WccKnowledgePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Attachment"),
                                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), g_object_get_data (G_OBJECT (button), "name"));
  g_object_set_data_full (G_OBJECT (dialog), "button", g_object_ref (button), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
attachment_button (const char *icon,
                   const char *tooltip,
                   JsonObject *attachment)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "name",
                          g_strdup (json_object_get_string_member_with_default (attachment, "name", "file")), g_free);
  g_object_set_data_full (G_OBJECT (button), "url",
                          g_strdup (json_object_get_string_member_with_default (attachment, "url", "")), g_free);
  return button;
}

static void
show_item (WccKnowledgePage *self,
           JsonObject       *item)
{
  JsonArray *keywords = json_object_get_array_member (item, "keywords");
  JsonArray *categories = json_object_get_array_member (item, "category_ids");
  JsonArray *attachments = json_object_get_array_member (item, "attachments");
  const char *valid_until = json_object_get_string_member_with_default (item, "valid_until", NULL);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *state = state_text (item);

  gtk_label_set_text (self->view_title, json_object_get_string_member_with_default (item, "question", ""));
  gtk_label_set_text (self->item_answer, json_object_get_string_member_with_default (item, "answer", ""));
  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      const char *name = g_hash_table_lookup (self->category_names,
                                              GSIZE_TO_POINTER ((gsize) json_array_get_int_element (categories, i)));
      if (name != NULL)
        g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", name);
    }
  for (guint i = 0; keywords != NULL && i < json_array_get_length (keywords); i++)
    g_string_append_printf (meta, "%s#%s", meta->len ? " · " : "", json_array_get_string_element (keywords, i));
  if (valid_until != NULL)
    {
      gint64 seconds = 0;
      g_autofree char *day = wcc_time_from_rfc3339 (valid_until, &seconds)
                             ? wcc_format_unix (seconds, WCC_DATE_STYLE_DATE) : g_strdup (valid_until);
      /* TRANSLATORS: %s is a day. */
      g_autofree char *text = g_strdup_printf (_("Valid until %s"), day);

      g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", text);
    }
  if (!g_str_equal (json_object_get_string_member_with_default (item, "state", ""), "approved"))
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", state);
  gtk_label_set_text (self->item_meta, meta->str);
  gtk_widget_set_visible (GTK_WIDGET (self->item_meta), meta->len > 0);

  clear_box (GTK_WIDGET (self->attachments_list));
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_markup_escape_text (json_object_get_string_member_with_default (attachment, "name", ""),
                                                    -1);
      g_autofree char *size = g_format_size (json_object_get_int_member_with_default (attachment, "size", 0));
      GtkWidget *open = attachment_button ("document-open-symbolic", _("Open"), attachment);
      GtkWidget *save = attachment_button ("document-save-symbolic", _("Save As…"), attachment);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "mail-attachment-symbolic");
      g_signal_connect (open, "clicked", G_CALLBACK (on_attachment_open), self);
      g_signal_connect (save, "clicked", G_CALLBACK (on_attachment_save), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
      gtk_list_box_append (self->attachments_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_list),
                          attachments != NULL && json_array_get_length (attachments) > 0);
  gtk_stack_set_visible_child_name (self->view_stack, "item");
}

static void
on_opened_recorded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_client_kb_record_opened_finish (WCC_CLIENT (source), result, &error))
    g_debug ("The opening was not kept in the history: %s", error->message);
}

static void
on_item_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccKnowledgePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (item == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  self->item_id = json_object_get_int_member_with_default (item, "id", 0);
  show_item (self, item);
  /* S11: the history holds what was opened; one's own submission under review is not
   * knowledge yet. */
  if (g_str_equal (json_object_get_string_member_with_default (item, "state", ""), "approved"))
    wcc_client_kb_record_opened_async (self->client, self->item_id, NULL, on_opened_recorded, NULL);
}

void
wcc_knowledge_page_open_item (WccKnowledgePage *self,
                              gint64            item_id)
{
  g_autofree char *path = NULL;
  GCancellable *cancellable;

  g_return_if_fail (WCC_IS_KNOWLEDGE_PAGE (self));
  g_return_if_fail (self->client != NULL);

  cancellable = begin_view (self, "");
  path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, item_id);
  wcc_client_get_object_async (self->client, path, cancellable, on_item_loaded, g_object_ref (self));
}

gint64
wcc_knowledge_page_get_item_id (WccKnowledgePage *self)
{
  g_return_val_if_fail (WCC_IS_KNOWLEDGE_PAGE (self), 0);
  return self->item_id;
}

/* ---- adding knowledge ---- */

static void
reset_submission (WccKnowledgePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->question_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->keywords_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->valid_until_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->answer_view), "", -1);
  g_ptr_array_set_size (self->files, 0);
  clear_box (GTK_WIDGET (self->files_list));
  gtk_widget_set_visible (GTK_WIDGET (self->files_list), FALSE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->categories_checks)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child))), FALSE);
}

static void
on_add_clicked (WccKnowledgePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_set_transient_for (GTK_WINDOW (self->submit_window), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_widget_set_sensitive (self->submit_button, TRUE);
  gtk_window_present (GTK_WINDOW (self->submit_window));
}

static void
on_submit_cancel (WccKnowledgePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->submit_window), FALSE);
}

static void
on_files_chosen (GtkNativeDialog  *dialog,
                 int               response,
                 WccKnowledgePage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *name = g_file_get_basename (file);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *escaped = g_markup_escape_text (name, -1);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
          adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "mail-attachment-symbolic");
          gtk_list_box_append (self->files_list, row);
          g_ptr_array_add (self->files, g_steal_pointer (&file));
        }
      gtk_widget_set_visible (GTK_WIDGET (self->files_list), self->files->len > 0);
    }
  g_object_unref (dialog);
}

static void
on_add_files_clicked (WccKnowledgePage *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Add Files"), GTK_WINDOW (self->submit_window),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_files_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccKnowledgePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = wcc_client_kb_submit_finish (WCC_CLIENT (source), result, &error);

  gtk_widget_set_sensitive (self->submit_button, TRUE);
  if (item == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->submit_window), FALSE);
  reset_submission (self);
  toast (self, _("Submitted for review"));
  on_mine_clicked (self);
}

/* "YYYY-MM-DD": the end of that day here, in Unix seconds; 0 when not a day. */
static gint64
end_of_day (const char *text)
{
  int year, month, day;
  g_autoptr(GDateTime) end = NULL;

  if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3 || !g_date_valid_dmy (day, month, year))
    return 0;
  end = g_date_time_new_local (year, month, day, 23, 59, 59);
  return end ? g_date_time_to_unix (end) : 0;
}

static void
on_submit_clicked (WccKnowledgePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->answer_view);
  g_autofree char *question = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->question_row))));
  g_autofree char *valid_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->valid_until_row))));
  g_autofree char *valid_until = NULL;
  g_autofree char *answer = NULL;
  g_auto(GStrv) keywords = NULL;
  g_autoptr(JsonObject) item = json_object_new ();
  JsonArray *keyword_array = json_array_new ();
  JsonArray *category_array = json_array_new ();
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  answer = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*question == '\0' || *answer == '\0')
    {
      toast (self, _("Write the question and its answer"));
      json_array_unref (keyword_array);
      json_array_unref (category_array);
      return;
    }
  if (*valid_text != '\0')
    {
      gint64 until = end_of_day (valid_text);
      const char *problem = NULL;

      if (until == 0)
        problem = _("“Valid until” must be a day such as 2026-12-31");
      else if (until <= wcc_time_now ())
        problem = _("“Valid until” must be today or a later day");
      else
        valid_until = wcc_time_to_rfc3339 (until);
      if (problem != NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->valid_until_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->valid_until_row));
          toast (self, problem);
          json_array_unref (keyword_array);
          json_array_unref (category_array);
          return;
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->valid_until_row), "error");
  /* Keywords: separated by commas (also the Chinese and Japanese ones) or semicolons. */
  {
    g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keywords_row)));
    const char *separators[] = { "，", "、", "；", ";" };

    for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
      {
        g_auto(GStrv) parts = g_strsplit (text, separators[i], -1);

        g_free (text);
        text = g_strjoinv (",", parts);
      }
    keywords = g_strsplit (text, ",", -1);
  }
  for (guint i = 0; keywords[i] != NULL; i++)
    if (*g_strstrip (keywords[i]) != '\0')
      json_array_add_string_element (keyword_array, keywords[i]);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->categories_checks)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        json_array_add_int_element (category_array,
                                    (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "category-id")));
    }
  json_object_set_string_member (item, "question", question);
  json_object_set_string_member (item, "answer", answer);
  json_object_set_array_member (item, "keywords", keyword_array);
  json_object_set_array_member (item, "category_ids", category_array);
  if (valid_until != NULL)
    json_object_set_string_member (item, "valid_until", valid_until);
  else
    json_object_set_null_member (item, "valid_until");
  gtk_widget_set_sensitive (self->submit_button, FALSE);
  wcc_client_kb_submit_async (self->client, item, self->files, NULL, on_submitted, g_object_ref (self));
}

/* ---- the page ---- */

void
wcc_knowledge_page_set_client (WccKnowledgePage *self,
                               WccClient        *client)
{
  g_return_if_fail (WCC_IS_KNOWLEDGE_PAGE (self));
  g_set_object (&self->client, client);
  show_home (self);
}

static void
wcc_knowledge_page_dispose (GObject *object)
{
  WccKnowledgePage *self = WCC_KNOWLEDGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  if (self->submit_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->submit_window));
  self->submit_window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_KNOWLEDGE_PAGE);
  G_OBJECT_CLASS (wcc_knowledge_page_parent_class)->dispose (object);
}

static void
wcc_knowledge_page_finalize (GObject *object)
{
  WccKnowledgePage *self = WCC_KNOWLEDGE_PAGE (object);

  g_hash_table_unref (self->category_names);
  g_ptr_array_unref (self->files);
  G_OBJECT_CLASS (wcc_knowledge_page_parent_class)->finalize (object);
}

static void
wcc_knowledge_page_class_init (WccKnowledgePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_knowledge_page_dispose;
  object_class->finalize = wcc_knowledge_page_finalize;

  /* A message for the window's toast overlay. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-knowledge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, view_title);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, categories_box);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, popular_list);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, list);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, item_meta);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, item_answer);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, submit_window);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, question_row);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, keywords_row);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, valid_until_row);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, categories_checks);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, answer_view);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, files_list);
  gtk_widget_class_bind_template_child (widget_class, WccKnowledgePage, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_home_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_history_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_mine_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_item_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_files_clicked);
}

static void
wcc_knowledge_page_init (WccKnowledgePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->category_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->files_list), FALSE);
}
