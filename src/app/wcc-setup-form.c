/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-form.c: what the client admin's set-up sections share (issue 9). */
#define G_LOG_DOMAIN "wcc-setup-form"

#include <glib/gi18n.h>
#include <string.h>

#include "wcc-adw-mend.h"
#include "wcc-setup-form.h"

#define CHECK_KEY "wcc-setup-check"

static GtkWidget *
form_group (AdwMessageDialog *form)
{
  return g_object_get_data (G_OBJECT (form), "wcc-setup-group");
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
wcc_setup_form_validate (AdwMessageDialog *form)
{
  GtkLabel *hint = g_object_get_data (G_OBJECT (form), "wcc-setup-hint");
  GPtrArray *rows = g_object_get_data (G_OBJECT (form), "wcc-setup-rows");
  g_autofree char *first = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      WccSetupCheck check = g_object_get_data (G_OBJECT (row), CHECK_KEY);
      g_autofree char *problem = check ? check (gtk_editable_get_text (GTK_EDITABLE (row))) : NULL;

      if (problem != NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
      if (problem != NULL && first == NULL)
        first = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), problem);
    }
  gtk_label_set_text (hint, first ? first : "");
  gtk_widget_set_visible (GTK_WIDGET (hint), first != NULL);
  adw_message_dialog_set_response_enabled (form, "save", first == NULL);
}

AdwMessageDialog *
wcc_setup_form_new (GtkWidget  *anchor,
                    const char *heading)
{
  GtkRoot *root = anchor ? gtk_widget_get_root (anchor) : NULL;
  AdwMessageDialog *form = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                       heading, NULL));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *hint = gtk_label_new (NULL);

  gtk_widget_set_name (hint, "hint");
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "error");
  gtk_widget_set_visible (hint, FALSE);
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), hint);
  adw_message_dialog_set_extra_child (form, box);
  adw_message_dialog_add_responses (form, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (form, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (form, "save");
  adw_message_dialog_set_close_response (form, "cancel");
  gtk_window_set_default_size (GTK_WINDOW (form), 420, -1);
  g_object_set_data (G_OBJECT (form), "wcc-setup-group", group);
  g_object_set_data (G_OBJECT (form), "wcc-setup-hint", hint);
  g_object_set_data_full (G_OBJECT (form), "wcc-setup-rows", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
  return form;
}

static GtkWidget *
add_editable (AdwMessageDialog *form,
              GtkWidget        *row,
              const char       *name,
              const char       *title,
              WccSetupCheck     check)
{
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), CHECK_KEY, check);
  g_ptr_array_add (g_object_get_data (G_OBJECT (form), "wcc-setup-rows"), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form_group (form)), row);
  g_signal_connect_object (row, "changed", G_CALLBACK (wcc_setup_form_validate), form, G_CONNECT_SWAPPED);
  wcc_setup_form_validate (form);
  return row;
}

GtkWidget *
wcc_setup_form_add_entry (AdwMessageDialog *form,
                          const char       *name,
                          const char       *title,
                          const char       *text,
                          WccSetupCheck     check)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  return add_editable (form, row, name, title, check);
}

GtkWidget *
wcc_setup_form_add_password (AdwMessageDialog *form,
                             const char       *name,
                             const char       *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  wcc_mend_password_row (ADW_PASSWORD_ENTRY_ROW (row));
  return add_editable (form, row, name, title, wcc_setup_check_password);
}

GtkWidget *
wcc_setup_form_add_switch (AdwMessageDialog *form,
                           const char       *name,
                           const char       *title,
                           const char       *subtitle,
                           gboolean          active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_name (toggle, name);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form_group (form)), row);
  return toggle;
}

GtkWidget *
wcc_setup_form_add_choice (AdwMessageDialog   *form,
                           const char         *name,
                           const char         *title,
                           const char * const *choices,
                           guint               selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) choices);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form_group (form)), row);
  return row;
}

guint
wcc_setup_form_get_choice (AdwMessageDialog *form,
                           const char       *name)
{
  GtkWidget *row = find_named (form_group (form), name);

  return row != NULL ? adw_combo_row_get_selected (ADW_COMBO_ROW (row)) : GTK_INVALID_LIST_POSITION;
}

const char *
wcc_setup_form_get_text (AdwMessageDialog *form,
                         const char       *name)
{
  GtkWidget *row = find_named (form_group (form), name);

  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : NULL;
}

gboolean
wcc_setup_form_get_active (AdwMessageDialog *form,
                           const char       *name)
{
  GtkWidget *toggle = find_named (form_group (form), name);

  return toggle != NULL && gtk_switch_get_active (GTK_SWITCH (toggle));
}

void
wcc_setup_form_present (AdwMessageDialog *form,
                        const char       *name,
                        GCallback         on_response,
                        gpointer          section)
{
  gtk_widget_set_name (GTK_WIDGET (form), name);
  g_signal_connect_object (form, "response", on_response, section, 0);
  gtk_window_present (GTK_WINDOW (form));
}

void
wcc_setup_follow_events (WccSession *session,
                         GtkWidget  *section,
                         GCallback   on_event,
                         GCallback   reload)
{
  WccEventStream *events = wcc_session_get_event_stream (session);

  g_signal_connect_object (events, "event", on_event, section, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", reload, section, G_CONNECT_SWAPPED);
  ((void (*) (GtkWidget *)) reload) (section);
}

/* Checks: the same rules as the server's, so most mistakes show before saving. */

char *
wcc_setup_check_required (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return *stripped == '\0' ? g_strdup (_("Required")) : NULL;
}

char *
wcc_setup_check_password (const char *text)
{
  glong chars = g_utf8_strlen (text, -1);

  return chars < 8 || chars > 128 ? g_strdup (_("Use 8 to 128 characters")) : NULL;
}

char *
wcc_setup_check_employee_id (const char *text)
{
  return wcc_employee_id_is_valid (text) ? NULL : g_strdup (_("Use 1 to 32 letters, digits, “.”, “_” or “-”"));
}

char *
wcc_setup_check_number (const char *text)
{
  guint64 value;

  return g_ascii_string_to_unsigned (text, 10, 0, 86400, &value, NULL) ? NULL : g_strdup (_("Type a whole number"));
}

char *
wcc_setup_check_digits (const char *text)
{
  return strlen (text) <= 32 && strspn (text, "0123456789") == strlen (text) ? NULL
                                                                          : g_strdup (_("Digits only, at most 32"));
}

void
wcc_setup_show_error (GtkLabel     *label,
                      const GError *error)
{
  gtk_label_set_text (label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

typedef struct {
  GtkWidget    *section;
  GtkLabel     *error_label;
  WccSetupDone  done;
} Pending;

static Pending *
pending_new (GtkWidget    *section,
             GtkLabel     *error_label,
             WccSetupDone  done)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->section = g_object_ref (section);
  pending->error_label = error_label;
  pending->done = done;
  return pending;
}

static void
pending_finish (Pending    *pending,
                JsonObject *answer,
                GError     *error)
{
  wcc_setup_show_error (pending->error_label, error);
  if (pending->done != NULL)
    pending->done (pending->section, answer, error);
  g_object_unref (pending->section);
  g_free (pending);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  WccWriteOutcome outcome;

  wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error);
  pending_finish (user_data, answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL, error);
}

void
wcc_setup_write (WccSession   *session,
                 const char   *method,
                 const char   *path,
                 JsonObject   *body,
                 GtkWidget    *section,
                 GtkLabel     *error_label,
                 WccSetupDone  done)
{
  g_autoptr(JsonNode) node = NULL;

  if (body != NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, body);
    }
  wcc_session_queue_write_async (session, method, path, node, NULL, on_written, pending_new (section, error_label, done));
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  pending_finish (user_data, answer, error);
}

void
wcc_setup_read (WccClient    *client,
                const char   *path,
                GtkWidget    *section,
                GtkLabel     *error_label,
                WccSetupDone  done)
{
  wcc_client_get_object_async (client, path, NULL, on_read, pending_new (section, error_label, done));
}

static void
on_all_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = wcc_client_get_all_items_finish (WCC_CLIENT (source), result, &error);
  g_autoptr(JsonObject) whole = NULL;

  if (items != NULL)
    {
      whole = json_object_new ();
      json_object_set_array_member (whole, "items", g_steal_pointer (&items));
    }
  pending_finish (user_data, whole, error);
}

/* Every page of a cursor list, given to @done as one {items}. */
void
wcc_setup_read_all (WccClient    *client,
                    const char   *path,
                    GtkWidget    *section,
                    GtkLabel     *error_label,
                    WccSetupDone  done)
{
  wcc_client_get_all_items_async (client, path, NULL, on_all_read, pending_new (section, error_label, done));
}

typedef struct {
  GtkWidget         *section;
  WccSetupConfirmed  confirmed;
  gpointer           data;
  GDestroyNotify     data_free;
} Confirm;

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  if (g_str_equal (response, "delete"))
    confirm->confirmed (confirm->section, confirm->data);
  if (confirm->data_free != NULL)
    confirm->data_free (confirm->data);
  g_object_unref (confirm->section);
  g_free (confirm);
}

void
wcc_setup_confirm_delete (GtkWidget         *section,
                          const char        *heading,
                          const char        *body,
                          WccSetupConfirmed  confirmed,
                          gpointer           data,
                          GDestroyNotify     data_free)
{
  GtkRoot *root = gtk_widget_get_root (section);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  Confirm *confirm = g_new0 (Confirm, 1);

  confirm->section = g_object_ref (section);
  confirm->confirmed = confirmed;
  confirm->data = data;
  confirm->data_free = data_free;
  gtk_widget_set_name (dialog, "confirm-delete");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
wcc_setup_row_new (const char *name,
                   const char *title,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
wcc_setup_row_add_button (GtkWidget  *row,
                          const char *name,
                          const char *icon_name,
                          const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

void
wcc_setup_list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
