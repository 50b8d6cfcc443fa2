/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-records.c: a Set-up section over one kind of set-up record. The records and the
 * choices of its reference fields (groups, call results …) are read each time the section is
 * shown, so what another section just added is offered. Writes go through the session (its
 * outbox): a refused one (409 version_conflict, 409 conflict, 400) is told in the form; a
 * stale version reloads the record as it is now. */
#define G_LOG_DOMAIN "wcc-setup-records"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
#include "wcc-setup-lines.h"
#include "wcc-setup-records.h"

/* What the form shows for one field. */
typedef struct {
  const WccSetupField *field;
  GtkWidget           *row;      /* in the form */
  GtkWidget           *input;    /* entry row, spin button, combo row, or the custom fields' box */
  GArray              *ids;      /* REF: the ids of the combo's items (0: none); REFS: of the checks */
  GPtrArray           *checks;   /* REFS: GtkCheckButton, as ids */
} FieldView;

struct _WccSetupRecords
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkListBox          *list;
  GtkButton           *add_button;
  GtkLabel            *title_label;
  AdwPreferencesGroup *form;
  GtkLabel            *status_label;
  GtkButton           *delete_button;
  GtkButton           *save_button;

  char                *path;
  char                *title_member;
  const WccSetupField *fields;
  GArray              *views;       /* of FieldView */

  WccSession          *session;
  GCancellable        *cancellable;
  JsonArray           *items;       /* the records */
  JsonObject          *current;     /* the record in the form; NULL: a new one */
  guint                loading;     /* reads under way */
  gboolean             filling;     /* the list is rebuilt: selections are not the user's */
};

G_DEFINE_FINAL_TYPE (WccSetupRecords, wcc_setup_records, ADW_TYPE_BIN)

static void fill_form (WccSetupRecords *self);

static void
set_status (WccSetupRecords *self,
            const char      *text,
            gboolean         error)
{
  wcc_setup_set_status (self->status_label, text, error);
}

static const char *
record_title (WccSetupRecords *self,
              JsonObject      *record)
{
  return json_object_get_string_member_with_default (record, self->title_member, "");
}

static char *
record_path (WccSetupRecords *self,
             gint64           id)
{
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, self->path, id);
}

static gint64
current_id (WccSetupRecords *self)
{
  return self->current != NULL ? json_object_get_int_member (self->current, "id") : 0;
}

/* ---- the custom fields of a package ---- */

static const WccSetupLineKind custom_kind = {
  .types = (const char *const[]) { "text", "number", "date", "choice", NULL },
  .type_labels = (const char *const[]) { N_("Text"), N_("Number"), N_("Date"), N_("Choice"), NULL },
  .choice_types = (const char *const[]) { "choice", NULL },
  .with_name = TRUE,
  .prefix = "custom",
  .remove_tip = N_("Remove this field"),
};

static void
on_add_custom (GtkWidget *box)
{
  wcc_setup_line_append (GTK_LIST_BOX (box), &custom_kind, NULL);
}

/* ---- the form ---- */

static GtkWidget *
build_field (FieldView *view)
{
  const WccSetupField *field = view->field;
  g_autofree char *id = g_strdup_printf ("field-%s", field->name);

  switch (field->kind)
    {
    case WCC_SETUP_FIELD_TEXT:
      view->row = view->input = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      break;
    case WCC_SETUP_FIELD_NUMBER:
      view->row = adw_action_row_new ();
      view->input = gtk_spin_button_new_with_range (0, field->max, 1);
      gtk_widget_set_valign (view->input, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      adw_action_row_add_suffix (ADW_ACTION_ROW (view->row), view->input);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view->input), GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->title), -1);
      break;
    case WCC_SETUP_FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

        for (guint i = 0; field->labels[i] != NULL; i++)
          gtk_string_list_append (labels, _(field->labels[i]));
        view->row = view->input = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (view->row), G_LIST_MODEL (labels));
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      }
      break;
    case WCC_SETUP_FIELD_REF:
      view->row = view->input = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      view->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      break;
    case WCC_SETUP_FIELD_REFS:
      view->row = view->input = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (view->row), TRUE);
      view->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      view->checks = g_ptr_array_new ();
      break;
    case WCC_SETUP_FIELD_CUSTOM_FIELDS:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        GtkWidget *title = gtk_label_new (_(field->title));
        GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _field"));

        view->input = gtk_list_box_new ();
        gtk_list_box_set_selection_mode (GTK_LIST_BOX (view->input), GTK_SELECTION_NONE);
        gtk_widget_add_css_class (view->input, "boxed-list");
        gtk_widget_add_css_class (title, "heading");
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_widget_set_margin_top (box, 12);
        gtk_widget_set_halign (add, GTK_ALIGN_START);
        gtk_widget_set_name (add, "add-custom-field");
        g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_custom), view->input);
        gtk_box_append (GTK_BOX (box), title);
        gtk_box_append (GTK_BOX (box), view->input);
        gtk_box_append (GTK_BOX (box), add);
        view->row = box;
      }
      break;
    case WCC_SETUP_FIELD_BOOLEAN:
      view->row = adw_action_row_new ();
      view->input = gtk_switch_new ();
      gtk_widget_set_valign (view->input, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->row), _(field->title));
      adw_action_row_add_suffix (ADW_ACTION_ROW (view->row), view->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (view->row), view->input);
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_widget_set_name (view->input, id);
  return view->row;
}

/* The choices of a REF or REFS field, from its source's items. */
static void
set_choices (WccSetupRecords *self,
             FieldView       *view,
             JsonArray       *items)
{
  const WccSetupField *field = view->field;

  g_array_set_size (view->ids, 0);
  if (field->kind == WCC_SETUP_FIELD_REF)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      gint64 none = 0;

      if (field->nullable)
        {
          gtk_string_list_append (labels, _("None"));
          g_array_append_val (view->ids, none);
        }
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonNode *id = json_object_get_member (item, field->source_id);

          if (id == NULL || JSON_NODE_HOLDS_NULL (id))
            continue;
          gint64 value = json_node_get_int (id);
          g_array_append_val (view->ids, value);
          gtk_string_list_append (labels, json_object_get_string_member_with_default (item, field->source_label, ""));
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (view->row), G_LIST_MODEL (labels));
      return;
    }
  for (guint i = 0; i < view->checks->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (view->row),
                             gtk_widget_get_ancestor (g_ptr_array_index (view->checks, i), ADW_TYPE_ACTION_ROW));
  g_ptr_array_set_size (view->checks, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 value = json_object_get_int_member (item, field->source_id);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("field-%s-%" G_GINT64_FORMAT, field->name, value);

      gtk_widget_set_name (check, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member_with_default (item, field->source_label, ""));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (view->row), row);
      g_array_append_val (view->ids, value);
      g_ptr_array_add (view->checks, check);
    }
}

static gboolean
ids_contain (JsonArray *ids,
             gint64     id)
{
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (json_array_get_int_element (ids, i) == id)
      return TRUE;
  return FALSE;
}

/* The form shows self->current (or empty values for a new record). */
static void
fill_form (WccSetupRecords *self)
{
  JsonObject *record = self->current;

  gtk_label_set_label (self->title_label, record != NULL ? record_title (self, record) : _("New"));
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), record != NULL);
  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = &g_array_index (self->views, FieldView, i);
      const WccSetupField *field = view->field;
      JsonNode *value = record != NULL ? json_object_get_member (record, field->name) : NULL;
      gboolean has = value != NULL && !JSON_NODE_HOLDS_NULL (value);

      gtk_widget_set_sensitive (view->row, !(field->create_only && record != NULL));
      switch (field->kind)
        {
        case WCC_SETUP_FIELD_TEXT:
          gtk_editable_set_text (GTK_EDITABLE (view->input), has ? json_node_get_string (value) : "");
          break;
        case WCC_SETUP_FIELD_NUMBER:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (view->input), has ? json_node_get_int (value) : 0);
          break;
        case WCC_SETUP_FIELD_CHOICE:
          adw_combo_row_set_selected (ADW_COMBO_ROW (view->row), 0);
          for (guint c = 0; has && field->values[c] != NULL; c++)
            if (g_strcmp0 (json_node_get_string (value), field->values[c]) == 0)
              adw_combo_row_set_selected (ADW_COMBO_ROW (view->row), c);
          break;
        case WCC_SETUP_FIELD_REF:
          adw_combo_row_set_selected (ADW_COMBO_ROW (view->row), 0);
          for (guint c = 0; has && c < view->ids->len; c++)
            if (g_array_index (view->ids, gint64, c) == json_node_get_int (value))
              adw_combo_row_set_selected (ADW_COMBO_ROW (view->row), c);
          break;
        case WCC_SETUP_FIELD_REFS:
          for (guint c = 0; c < view->checks->len; c++)
            gtk_check_button_set_active (g_ptr_array_index (view->checks, c),
                                         has && ids_contain (json_node_get_array (value),
                                                             g_array_index (view->ids, gint64, c)));
          break;
        case WCC_SETUP_FIELD_BOOLEAN:
          gtk_switch_set_active (GTK_SWITCH (view->input), has ? json_node_get_boolean (value) : field->on_by_default);
          break;
        case WCC_SETUP_FIELD_CUSTOM_FIELDS:
          wcc_setup_lines_clear (GTK_LIST_BOX (view->input));
          for (guint c = 0; has && c < json_array_get_length (json_node_get_array (value)); c++)
            wcc_setup_line_append (GTK_LIST_BOX (view->input), &custom_kind,
                                   json_array_get_object_element (json_node_get_array (value), c));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* The body of a write from the form. */
static JsonObject *
read_form (WccSetupRecords *self)
{
  JsonObject *body = json_object_new ();

  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = &g_array_index (self->views, FieldView, i);
      const WccSetupField *field = view->field;

      if (field->create_only && self->current != NULL)
        continue;
      switch (field->kind)
        {
        case WCC_SETUP_FIELD_TEXT:
          json_object_set_string_member (body, field->name, gtk_editable_get_text (GTK_EDITABLE (view->input)));
          break;
        case WCC_SETUP_FIELD_NUMBER:
          json_object_set_int_member (body, field->name, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (view->input)));
          break;
        case WCC_SETUP_FIELD_CHOICE:
          json_object_set_string_member (body, field->name,
                                         field->values[adw_combo_row_get_selected (ADW_COMBO_ROW (view->row))]);
          break;
        case WCC_SETUP_FIELD_REF:
          {
            guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (view->row));
            gint64 id = selected < view->ids->len ? g_array_index (view->ids, gint64, selected) : 0;

            if (id == 0)
              json_object_set_null_member (body, field->name);
            else
              json_object_set_int_member (body, field->name, id);
          }
          break;
        case WCC_SETUP_FIELD_REFS:
          {
            JsonArray *ids = json_array_new ();

            for (guint c = 0; c < view->checks->len; c++)
              if (gtk_check_button_get_active (g_ptr_array_index (view->checks, c)))
                json_array_add_int_element (ids, g_array_index (view->ids, gint64, c));
            json_object_set_array_member (body, field->name, ids);
          }
          break;
        case WCC_SETUP_FIELD_BOOLEAN:
          json_object_set_boolean_member (body, field->name, gtk_switch_get_active (GTK_SWITCH (view->input)));
          break;
        case WCC_SETUP_FIELD_CUSTOM_FIELDS:
          json_object_set_array_member (body, field->name, wcc_setup_lines_read (GTK_LIST_BOX (view->input), &custom_kind));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (self->current != NULL)
    json_object_set_int_member (body, "version", json_object_get_int_member (self->current, "version"));
  return body;
}

/* What the form names the record ("name" or "label" as typed). */
static const char *
form_title (WccSetupRecords *self)
{
  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = &g_array_index (self->views, FieldView, i);

      if (g_str_equal (view->field->name, self->title_member))
        return gtk_editable_get_text (GTK_EDITABLE (view->input));
    }
  return "";
}

/* ---- the list ---- */

static JsonObject *
find_item (WccSetupRecords *self,
           gint64           id)
{
  for (guint i = 0; self->items != NULL && i < json_array_get_length (self->items); i++)
    if (json_object_get_int_member (json_array_get_object_element (self->items, i), "id") == id)
      return json_array_get_object_element (self->items, i);
  return NULL;
}

static void
show_record (WccSetupRecords *self,
             JsonObject      *record)
{
  g_clear_pointer (&self->current, json_object_unref);
  if (record != NULL)
    self->current = json_object_ref (record);
  fill_form (self);
}

static void
fill_list (WccSetupRecords *self,
           gint64           select_id)
{
  GtkWidget *row;

  self->filling = TRUE;
  wcc_setup_lines_clear (self->list);
  for (guint i = 0; i < json_array_get_length (self->items); i++)
    {
      JsonObject *item = json_array_get_object_element (self->items, i);
      gint64 id = json_object_get_int_member (item, "id");
      g_autofree char *name = g_strdup_printf ("record-%" G_GINT64_FORMAT, id);
      GtkWidget *label = gtk_label_new (record_title (self, item));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->list, label);
      row = gtk_widget_get_parent (label);
      gtk_widget_set_name (row, name);
      g_object_set_data (G_OBJECT (row), "record-id", GINT_TO_POINTER (i + 1));
      if (id == select_id)
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
    }
  self->filling = FALSE;
  show_record (self, find_item (self, select_id));
}

static void
on_row_selected (WccSetupRecords *self,
                 GtkListBoxRow   *row)
{
  guint index;

  if (self->filling || row == NULL)
    return;
  index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "record-id"));
  set_status (self, "", FALSE);
  show_record (self, json_array_get_object_element (self->items, index - 1));
}

static void
loaded_one (WccSetupRecords *self)
{
  if (self->loading > 0)
    self->loading--;
  if (self->loading == 0)
    fill_list (self, current_id (self));
}

typedef struct {
  WccSetupRecords *self;
  FieldView       *view;   /* NULL: the records themselves */
} Read;

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(WccSetupRecords) self = read->self;
  FieldView *view = read->view;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = wcc_client_get_all_items_finish (WCC_CLIENT (source), result, &error);

  g_free (read);
  if (items == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_status (self, error->message, TRUE);
    }
  else if (view == NULL)
    {
      g_clear_pointer (&self->items, json_array_unref);
      self->items = g_steal_pointer (&items);
    }
  else
    set_choices (self, view, items);
  loaded_one (self);
}

static void
start_read (WccSetupRecords *self,
            const char      *path,
            FieldView       *view)
{
  Read *read = g_new0 (Read, 1);

  read->self = g_object_ref (self);
  read->view = view;
  self->loading++;
  /* Every record, however many pages (a client's set-up can pass one page). */
  wcc_client_get_all_items_async (wcc_session_get_client (self->session), path, self->cancellable, on_read, read);
}

void
wcc_setup_records_reload (WccSetupRecords *self)
{
  g_autofree char *list_path = NULL;

  g_return_if_fail (WCC_IS_SETUP_RECORDS (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = 0;
  list_path = g_strdup_printf ("%s?limit=200", self->path);
  start_read (self, list_path, NULL);
  for (guint i = 0; i < self->views->len; i++)
    {
      FieldView *view = &g_array_index (self->views, FieldView, i);

      if (view->field->source != NULL)
        start_read (self, view->field->source, view);
    }
}

/* ---- writes ---- */

typedef struct {
  WccSetupRecords *self;
  gboolean         deleting;
} Write;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(WccSetupRecords) self = write->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  WccWriteOutcome outcome;
  gboolean deleting = write->deleting;

  g_free (write);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), TRUE);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        {
          /* TRANSLATORS: a set-up record was saved by someone else since it was shown. */
          set_status (self, _("Not saved: someone else changed it meanwhile. It is shown as it is now: make your "
                              "change again."), TRUE);
          wcc_setup_records_reload (self);
          return;
        }
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT) && deleting)
        /* TRANSLATORS: a set-up record still used (by tasks, customers, tickets …). */
        text = g_strdup (_("Not deleted: it is still in use."));
      else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        /* TRANSLATORS: a set-up record's name (or label) is another's already (409 conflict: the only
         * conflict a save of set-up data has). */
        text = g_strdup_printf (_("Not saved: “%s” is taken. Choose another name."), form_title (self));
      else
        text = g_strdup_printf (deleting ? _("Not deleted: %s") : _("Not saved: %s"), error->message);
      set_status (self, text, TRUE);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      set_status (self, _("Will be saved when the server can be reached"), FALSE);
      return;
    }
  set_status (self, deleting ? _("Deleted") : _("Saved"), FALSE);
  /* The list is read again and shows the record saved (the answer), or none once deleted. */
  g_clear_pointer (&self->current, json_object_unref);
  if (!deleting && answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    self->current = json_object_ref (json_node_get_object (answer));
  wcc_setup_records_reload (self);
}

static void
start_write (WccSetupRecords *self,
             const char      *method,
             const char      *path,
             JsonObject      *body,
             gboolean         deleting)
{
  Write *write = g_new0 (Write, 1);
  g_autoptr(JsonNode) node = NULL;

  if (body != NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, body);
    }
  write->self = g_object_ref (self);
  write->deleting = deleting;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), FALSE);
  set_status (self, deleting ? _("Deleting…") : _("Saving…"), FALSE);
  wcc_session_queue_write_async (self->session, method, path, node, NULL, on_written, write);
}

static void
on_save_clicked (WccSetupRecords *self)
{
  g_autofree char *path = NULL;

  if (self->session == NULL)
    return;
  if (self->current == NULL)
    start_write (self, "POST", self->path, read_form (self), FALSE);
  else
    {
      path = record_path (self, current_id (self));
      start_write (self, "PATCH", path, read_form (self), FALSE);
    }
}

static void
on_delete_response (WccSetupRecords  *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "record-id"));
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "delete") || self->session == NULL || id != current_id (self))
    return;
  path = record_path (self, id);
  start_write (self, "DELETE", path, NULL, TRUE);
}

/* Asked first: set-up data is what agents work with. */
static void
on_delete_clicked (WccSetupRecords *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->session == NULL || self->current == NULL)
    return;
  /* TRANSLATORS: %s names a set-up record (a package, a task, a call result …). */
  heading = g_strdup_printf (_("Delete “%s”?"), record_title (self, self->current));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Agents will no longer have it. One still in use is not deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "record-id", GSIZE_TO_POINTER (current_id (self)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_clicked (WccSetupRecords *self)
{
  gtk_list_box_unselect_all (self->list);
  set_status (self, "", FALSE);
  show_record (self, NULL);
}

static void
on_map (WccSetupRecords *self)
{
  wcc_setup_records_reload (self);
}

/* ---- the object ---- */

static void
wcc_setup_records_dispose (GObject *object)
{
  WccSetupRecords *self = WCC_SETUP_RECORDS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SETUP_RECORDS);
  G_OBJECT_CLASS (wcc_setup_records_parent_class)->dispose (object);
}

static void
clear_view (FieldView *view)
{
  g_clear_pointer (&view->ids, g_array_unref);
  g_clear_pointer (&view->checks, g_ptr_array_unref);
}

static void
wcc_setup_records_finalize (GObject *object)
{
  WccSetupRecords *self = WCC_SETUP_RECORDS (object);

  g_free (self->path);
  g_free (self->title_member);
  g_array_unref (self->views);
  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->current, json_object_unref);
  G_OBJECT_CLASS (wcc_setup_records_parent_class)->finalize (object);
}

static void
wcc_setup_records_class_init (WccSetupRecordsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_setup_records_dispose;
  object_class->finalize = wcc_setup_records_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-setup-records.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, list);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, add_button);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, title_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, form);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, status_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, delete_button);
  gtk_widget_class_bind_template_child (widget_class, WccSetupRecords, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
}

static void
wcc_setup_records_init (WccSetupRecords *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->views = g_array_new (FALSE, TRUE, sizeof (FieldView));
  g_array_set_clear_func (self->views, (GDestroyNotify) clear_view);
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

GtkWidget *
wcc_setup_records_new (const char          *path,
                       const char          *title_member,
                       const WccSetupField *fields,
                       guint                n_fields)
{
  WccSetupRecords *self = g_object_new (WCC_TYPE_SETUP_RECORDS, NULL);

  self->path = g_strdup (path);
  self->title_member = g_strdup (title_member);
  self->fields = fields;
  g_array_set_size (self->views, n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      FieldView *view = &g_array_index (self->views, FieldView, i);

      view->field = &fields[i];
      if (fields[i].kind == WCC_SETUP_FIELD_CUSTOM_FIELDS)
        gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->form))), build_field (view),
                                    GTK_WIDGET (self->form));
      else
        adw_preferences_group_add (self->form, build_field (view));
    }
  fill_form (self);
  return GTK_WIDGET (self);
}

void
wcc_setup_records_set_session (WccSetupRecords *self,
                               WccSession      *session)
{
  g_return_if_fail (WCC_IS_SETUP_RECORDS (self));
  g_return_if_fail (WCC_IS_SESSION (session));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    wcc_setup_records_reload (self);
}

gboolean
wcc_setup_records_select (WccSetupRecords *self,
                          gint64           id)
{
  g_return_val_if_fail (WCC_IS_SETUP_RECORDS (self), FALSE);

  if (find_item (self, id) == NULL)
    return FALSE;
  set_status (self, "", FALSE);
  show_record (self, find_item (self, id));
  fill_list (self, id);
  return TRUE;
}

JsonObject *
wcc_setup_records_get_current (WccSetupRecords *self)
{
  g_return_val_if_fail (WCC_IS_SETUP_RECORDS (self), NULL);
  return self->current;
}

gboolean
wcc_setup_records_is_loaded (WccSetupRecords *self)
{
  g_return_val_if_fail (WCC_IS_SETUP_RECORDS (self), FALSE);
  return self->session != NULL && self->loading == 0 && self->items != NULL;
}
