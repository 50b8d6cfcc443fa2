/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-quick-search.c: the header bar's quick search (S10). Choosing a customer opens its tab
 * (win.open-customer); choosing a knowledge item emits "open-item" for the Knowledge page. */
#define G_LOG_DOMAIN "wcc-quick-search"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-quick-search.h"

struct _WccQuickSearch
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkSearchEntry *entry;
  GtkWidget      *results_window;
  GtkListBox     *results;

  WccClient      *client;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (WccQuickSearch, wcc_quick_search, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_ITEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
wcc_quick_search_markup (const char *text)
{
  GString *markup = g_string_new (NULL);
  const char *start = text;

  for (const char *p = text;; p++)
    if (*p == '\002' || *p == '\003' || *p == '\0')
      {
        g_autofree char *escaped = g_markup_escape_text (start, p - start);

        g_string_append (markup, escaped);
        if (*p == '\0')
          break;
        g_string_append (markup, *p == '\002' ? "<b>" : "</b>");
        start = p + 1;
      }
  return g_string_free (markup, FALSE);
}

static void
clear_results (WccQuickSearch *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, row);
}

static GtkWidget *
add_row (WccQuickSearch *self,
         const char     *icon,
         const char     *title_markup,
         const char     *subtitle_markup,
         const char     *kind,
         gint64          id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), id > 0);
  g_object_set_data_full (G_OBJECT (row), "kind", g_strdup (kind), g_free);
  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) id));
  gtk_list_box_append (self->results, row);
  return row;
}

static void
on_results (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  WccQuickSearch *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  JsonArray *customers, *knowledge;
  guint n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_results (self);
  if (answer == NULL)
    {
      g_autofree char *text = g_markup_escape_text (error->message, -1);

      add_row (self, "dialog-warning-symbolic", _("Cannot search"), text, "error", 0);
      gtk_widget_set_visible (self->results_window, TRUE);
      return;
    }
  customers = json_object_get_array_member (answer, "customers");
  knowledge = json_object_get_array_member (answer, "knowledge");
  for (guint i = 0; customers != NULL && i < json_array_get_length (customers); i++, n++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);
      g_autofree char *label = g_markup_escape_text (json_object_get_string_member_with_default (customer, "tab_label",
                                                                                                ""), -1);
      JsonArray *phones = json_object_get_array_member (customer, "phones");
      g_autofree char *number = NULL;

      if (phones != NULL && json_array_get_length (phones) > 0)
        number = g_markup_escape_text (json_object_get_string_member_with_default (
                                         json_array_get_object_element (phones, 0), "number", ""), -1);
      add_row (self, "avatar-default-symbolic", label, number ? number : "", "customer",
               json_object_get_int_member_with_default (customer, "id", 0));
    }
  for (guint i = 0; knowledge != NULL && i < json_array_get_length (knowledge); i++, n++)
    {
      JsonObject *hit = json_array_get_object_element (knowledge, i);
      JsonObject *item = json_object_get_object_member (hit, "item");
      g_autofree char *question = wcc_quick_search_markup (json_object_get_string_member_with_default (hit, "question",
                                                                                                      ""));
      g_autofree char *snippet = wcc_quick_search_markup (json_object_get_string_member_with_default (hit, "snippet",
                                                                                                     ""));

      add_row (self, "help-faq-symbolic", question, snippet, "knowledge",
               json_object_get_int_member_with_default (item, "id", 0));
    }
  if (n == 0)
    add_row (self, "edit-find-symbolic", _("Nothing found"),
             _("Customers are found by their full phone number only"), "none", 0);
  gtk_widget_set_visible (self->results_window, TRUE);
}

static void
on_search_changed (WccQuickSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *query = g_strstrip (g_strdup (text));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (*query == '\0' || self->client == NULL)
    {
      gtk_widget_set_visible (self->results_window, FALSE);
      clear_results (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  wcc_client_quick_search_async (self->client, query, self->cancellable, on_results, self);
}

static void
on_row_activated (WccQuickSearch *self,
                  GtkListBoxRow  *row)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "kind");
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id"));

  if (id <= 0)
    return;
  gtk_popover_popdown (self->popover);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  if (g_strcmp0 (kind, "customer") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "x", id);
  else
    g_signal_emit (self, signals[SIGNAL_OPEN_ITEM], 0, id);
}

static void
on_entry_activate (WccQuickSearch *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL && gtk_widget_get_visible (self->results_window))
    on_row_activated (self, first);
}

static void
on_stop_search (WccQuickSearch *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_popover_popdown (self->popover);
}

static void
on_popover_show (WccQuickSearch *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
wcc_quick_search_set_client (WccQuickSearch *self,
                             WccClient      *client)
{
  g_return_if_fail (WCC_IS_QUICK_SEARCH (self));
  g_set_object (&self->client, client);
}

void
wcc_quick_search_focus (WccQuickSearch *self)
{
  g_return_if_fail (WCC_IS_QUICK_SEARCH (self));
  gtk_menu_button_popup (self->button);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
wcc_quick_search_dispose (GObject *object)
{
  WccQuickSearch *self = WCC_QUICK_SEARCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_QUICK_SEARCH);
  G_OBJECT_CLASS (wcc_quick_search_parent_class)->dispose (object);
}

static void
wcc_quick_search_class_init (WccQuickSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_quick_search_dispose;

  /* A knowledge item was chosen: its id. */
  signals[SIGNAL_OPEN_ITEM] =
    g_signal_new ("open-item", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-quick-search.ui");
  gtk_widget_class_bind_template_child (widget_class, WccQuickSearch, button);
  gtk_widget_class_bind_template_child (widget_class, WccQuickSearch, popover);
  gtk_widget_class_bind_template_child (widget_class, WccQuickSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, WccQuickSearch, results_window);
  gtk_widget_class_bind_template_child (widget_class, WccQuickSearch, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
wcc_quick_search_init (WccQuickSearch *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
