/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contacts-view.c: the softphone's Contacts list: favourites first, search, add, edit, delete, call, import, export. */
#define G_LOG_DOMAIN "wcc-contacts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-contact-editor.h"
#include "wcc-contacts-view.h"
#include "wcc-dial-uri.h"
#include "wcc-phone-list.h"

/* A contacts file bigger than this is not a phone's address book. */
#define MAX_IMPORT_BYTES (8 * 1024 * 1024)

enum {
  SIGNAL_DIAL,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccContactsView
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkStack           *content_stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;

  /* owned references */
  WccSoftphone       *softphone;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (WccContactsView, wcc_contacts_view, ADW_TYPE_BIN)

static void
toast (WccContactsView *self,
       const char      *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static WccContactList *
contacts (WccContactsView *self)
{
  return self->softphone ? wcc_softphone_get_contacts (self->softphone) : NULL;
}

static WccContact *
find_contact (WccContactsView *self,
              gint64           id)
{
  GListModel *model = G_LIST_MODEL (contacts (self));

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccContact) contact = g_list_model_get_item (model, i);
      if (wcc_contact_get_id (contact) == id)
        return contact;  /* the list keeps it */
    }
  return NULL;
}

/* Name or any number holds the search text (case and width folded). */
static gboolean
matches_search (gpointer item,
                gpointer user_data)
{
  WccContactsView *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded_query = NULL;
  g_autofree char *folded_name = NULL;
  const char *const *numbers = wcc_contact_get_numbers (item);

  if (*query == '\0')
    return TRUE;
  folded_query = g_utf8_casefold (query, -1);
  folded_name = g_utf8_casefold (wcc_contact_get_name (item), -1);
  if (strstr (folded_name, folded_query) != NULL)
    return TRUE;
  for (guint i = 0; numbers[i] != NULL; i++)
    if (strstr (numbers[i], query) != NULL || wcc_phone_numbers_match (numbers[i], query))
      return TRUE;
  return FALSE;
}

static void
update_state (WccContactsView *self)
{
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0;

  gtk_stack_set_visible_child_name (self->content_stack, any ? "list" : "empty");
  adw_status_page_set_title (self->empty_page, searching ? _("No Contact Found") : _("No Contacts"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.export",
                                 contacts (self) && g_list_model_get_n_items (G_LIST_MODEL (contacts (self))) > 0);
}

static void
on_search_changed (WccContactsView *self,
                   GtkSearchEntry  *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_setup_row (WccContactsView          *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_child (item, wcc_phone_list_row_new ());
}

static void
on_bind_row (WccContactsView          *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  WccContact *contact = gtk_list_item_get_item (item);
  gint64 id = wcc_contact_get_id (contact);
  gboolean favourite = wcc_contact_get_favourite (contact);
  g_autofree char *numbers = g_strjoinv (", ", (GStrv) wcc_contact_get_numbers (contact));
  g_autoptr(GMenuModel) menu = wcc_phone_list_menu_new (id,
                                                        _("_Call"), "contacts.call",
                                                        _("_Edit…"), "contacts.edit",
                                                        _("C_opy Number"), "contacts.copy",
                                                        _("_Delete"), "contacts.delete",
                                                        NULL);

  wcc_phone_list_row_set (gtk_list_item_get_child (item),
                          favourite ? "starred-symbolic" : "non-starred-symbolic",
                          favourite ? _("Remove from Favourites") : _("Add to Favourites"),
                          "contacts.favourite", g_variant_new_int64 (id),
                          wcc_contact_get_name (contact), numbers, menu);
  wcc_phone_list_row_mark (gtk_list_item_get_child (item), "heading", favourite);
}

static void
on_row_activated (WccContactsView *self,
                  guint            position,
                  GtkListView     *list_view)
{
  g_autoptr(WccContact) contact = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (contact != NULL)
    g_signal_emit (self, signals[SIGNAL_DIAL], 0, wcc_contact_get_numbers (contact)[0]);
}

/* ---- the editor -------------------------------------------------------------------------- */

static void
on_editor_failed (WccContactsView  *self,
                  const char       *message,
                  WccContactEditor *editor)
{
  toast (self, message);
}

static void
edit (WccContactsView *self,
      WccContact      *contact,
      const char      *name,
      const char      *number)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  WccContactEditor *editor;

  if (contacts (self) == NULL)
    return;
  editor = wcc_contact_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, contacts (self), contact, name, number);
  g_signal_connect_object (editor, "failed", G_CALLBACK (on_editor_failed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* ---- import and export ------------------------------------------------------------------- */

/* A vCard file starts with BEGIN:VCARD (after blank lines or a byte-order mark). */
static gboolean
looks_like_vcard (const char *text)
{
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  while (g_ascii_isspace (*text))
    text++;
  return g_ascii_strncasecmp (text, "BEGIN:VCARD", 11) == 0;
}

static void
on_import_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccContactsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  gsize length = 0;
  guint skipped = 0;
  int added = -1;

  /* The size was checked first; a file that grew since is refused all the same. */
  if (g_file_load_contents_finish (G_FILE (source), result, &text, &length, NULL, &error) && length > MAX_IMPORT_BYTES)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("the file is too big for a contacts file"));
  else if (error == NULL)
    cards = looks_like_vcard (text) ? wcc_vcard_parse (text, (gssize) length, &skipped, &error)
                                    : wcc_contacts_csv_parse (text, (gssize) length, &error);
  if (cards != NULL && contacts (self) != NULL)
    added = wcc_contact_list_import (contacts (self), cards, &error);
  if (added < 0)
    /* TRANSLATORS: the file's name, then what is wrong (“Line 12: …”). Nothing was imported. */
    message = g_strdup_printf (_("Nothing imported from %s: %s"), name, error ? error->message : "");
  else if (skipped > 0)
    /* TRANSLATORS: contacts imported, then cards of the file that had no phone number. */
    message = g_strdup_printf (_("Imported %d contacts (%u without a phone number left out)"), added, skipped);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %d contact", "Imported %d contacts", added), added);
  toast (self, message);
}

/* A file too big for contacts is refused by its size, before a byte of it is read. */
static void
on_import_size (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccContactsView) self = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);

  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > MAX_IMPORT_BYTES)
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));
      g_autofree char *message = g_strdup_printf (_("Nothing imported from %s: %s"), name,
                                                  _("the file is too big for a contacts file"));
      toast (self, message);
      return;
    }
  /* Unknown size (or unreadable: loading says why): the length is checked once loaded. */
  g_file_load_contents_async (G_FILE (source), NULL, on_import_loaded, g_steal_pointer (&self));
}

static void
import_from (GtkWidget *widget,
             GFile     *file)
{
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           NULL, on_import_size, g_object_ref (widget));
}

static void
export_to (GtkWidget *widget,
           GFile     *file)
{
  WccContactsView *self = WCC_CONTACTS_VIEW (widget);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GPtrArray) cards = NULL;
  char *text;

  if (contacts (self) == NULL)
    return;
  cards = wcc_contact_list_to_cards (contacts (self));
  text = g_str_has_suffix (name, ".csv") ? wcc_contacts_csv_write (cards) : wcc_vcard_write (cards);
  wcc_phone_list_write_file (widget, file, text, _("Contacts exported"));
}

/* ---- actions ----------------------------------------------------------------------------- */

static WccContact *
contact_of (GtkWidget *widget,
            GVariant  *parameter)
{
  return find_contact (WCC_CONTACTS_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccContact *contact = contact_of (widget, parameter);

  if (contact != NULL)
    g_signal_emit (widget, signals[SIGNAL_DIAL], 0, wcc_contact_get_numbers (contact)[0]);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccContact *contact = contact_of (widget, parameter);

  if (contact != NULL)
    edit (WCC_CONTACTS_VIEW (widget), contact, NULL, NULL);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccContact *contact = contact_of (widget, parameter);

  if (contact != NULL)
    wcc_phone_list_copy_number (widget, wcc_contact_get_numbers (contact)[0]);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccContact *contact = contact_of (widget, parameter);
  g_autoptr(GError) error = NULL;

  if (contact != NULL && !wcc_contact_list_remove (contacts (WCC_CONTACTS_VIEW (widget)), contact, &error))
    toast (WCC_CONTACTS_VIEW (widget), error->message);
}

static void
favourite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WccContact *contact = contact_of (widget, parameter);
  g_autoptr(GError) error = NULL;

  if (contact != NULL &&
      !wcc_contact_list_set_favourite (contacts (WCC_CONTACTS_VIEW (widget)), contact,
                                       !wcc_contact_get_favourite (contact), &error))
    toast (WCC_CONTACTS_VIEW (widget), error->message);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  edit (WCC_CONTACTS_VIEW (widget), NULL, NULL, NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("vCard and CSV files"));
  gtk_file_filter_add_pattern (filter, "*.vcf");
  gtk_file_filter_add_pattern (filter, "*.vcard");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/vcard");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  wcc_phone_list_choose_file (widget, FALSE, _("Import Contacts"), NULL, filter, import_from);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  import_from (widget, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gboolean csv = g_str_equal (g_variant_get_string (parameter, NULL), "csv");

  /* TRANSLATORS: suggested file names of exported contacts; keep .csv and .vcf */
  wcc_phone_list_choose_file (widget, TRUE, _("Export Contacts"), csv ? _("contacts.csv") : _("contacts.vcf"),
                              NULL, export_to);
}

static void
export_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  export_to (widget, file);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_contacts_view_dispose (GObject *object)
{
  WccContactsView *self = WCC_CONTACTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CONTACTS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->softphone);

  G_OBJECT_CLASS (wcc_contacts_view_parent_class)->dispose (object);
}

static void
wcc_contacts_view_class_init (WccContactsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_contacts_view_dispose;

  signals[SIGNAL_DIAL] = g_signal_new ("dial", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-contacts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WccContactsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WccContactsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, WccContactsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WccContactsView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "contacts.call", "x", call_action);
  gtk_widget_class_install_action (widget_class, "contacts.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "contacts.copy", "x", copy_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.favourite", "x", favourite_action);
  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "contacts.import-file", "s", import_file_action);
  gtk_widget_class_install_action (widget_class, "contacts.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "contacts.export-file", "s", export_file_action);
}

static void
wcc_contacts_view_init (WccContactsView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (factory, "setup", G_CALLBACK (on_setup_row), self);
  g_signal_connect_swapped (factory, "bind", G_CALLBACK (on_bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);

  self->filter = gtk_custom_filter_new (matches_search, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

void
wcc_contacts_view_set_softphone (WccContactsView *self,
                                 WccSoftphone    *softphone)
{
  g_return_if_fail (WCC_IS_CONTACTS_VIEW (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  if (!g_set_object (&self->softphone, softphone))
    return;
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (contacts (self)));
  update_state (self);
}

void
wcc_contacts_view_add (WccContactsView *self,
                       const char      *number,
                       const char      *name)
{
  g_return_if_fail (WCC_IS_CONTACTS_VIEW (self));
  edit (self, NULL, name, number);
}
