/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record-form.c: an editor's fields bound to the members of an API record. */
#define G_LOG_DOMAIN "wcc-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
#include "wcc-phone-number.h"
#include "wcc-record-form.h"

typedef enum {
  FIELD_TEXT,
  FIELD_NUMBER,
  FIELD_CHOICE,
} FieldKind;

typedef struct {
  FieldKind  kind;
  char      *member;
  char      *label_member;   /* choices: the record's label of its choice */
  char      *title;          /* for messages, without the required mark */
  GtkWidget *widget;         /* borrowed: the editor's template owns it */
  gboolean   required;
  gboolean   phone;          /* text: a phone number when filled */
  GArray    *base_ids;       /* choices: the set-up records' ids … */
  GPtrArray *base_labels;    /* … and labels */
  GArray    *shown_ids;      /* what the combo row shows now (0: none) */
} Field;

struct _WccRecordForm
{
  GObject    parent_instance;

  GPtrArray *fields;
  WccRecord *record;         /* NULL: a new one */
};

G_DEFINE_FINAL_TYPE (WccRecordForm, wcc_record_form, G_TYPE_OBJECT)

static void
field_free (Field *field)
{
  g_free (field->member);
  g_free (field->label_member);
  g_free (field->title);
  g_clear_pointer (&field->base_ids, g_array_unref);
  g_clear_pointer (&field->base_labels, g_ptr_array_unref);
  g_clear_pointer (&field->shown_ids, g_array_unref);
  g_free (field);
}

static Field *
find_field (WccRecordForm *self,
            const char    *member)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      if (g_str_equal (field->member, member))
        return field;
    }
  return NULL;
}

static Field *
add_field (WccRecordForm *self,
           FieldKind      kind,
           const char    *member,
           GtkWidget     *widget,
           gboolean       required)
{
  Field *field = g_new0 (Field, 1);
  GtkWidget *titled = widget;

  field->kind = kind;
  field->member = g_strdup (member);
  field->widget = widget;
  field->required = required;
  /* A spin button sits in a row, a text view in a group: their title names it. */
  while (titled != NULL && !ADW_IS_PREFERENCES_ROW (titled) && !ADW_IS_PREFERENCES_GROUP (titled))
    titled = gtk_widget_get_parent (titled);
  if (ADW_IS_PREFERENCES_GROUP (titled))
    {
      field->title = g_strdup (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (titled)));
      if (required)
        {
          g_autofree char *marked = g_strdup_printf ("%s *", field->title);
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (titled), marked);
        }
    }
  else if (titled != NULL)
    {
      field->title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (titled)));
      if (required)
        {
          g_autofree char *marked = g_strdup_printf ("%s *", field->title);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (titled), marked);
        }
    }
  else
    field->title = g_strdup (member);
  g_ptr_array_add (self->fields, field);
  return field;
}

static char *
text_of (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

static void
set_text_of (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static gint64
choice_of (Field *field)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->widget));

  if (selected == GTK_INVALID_LIST_POSITION || selected >= field->shown_ids->len)
    return 0;
  return g_array_index (field->shown_ids, gint64, selected);
}

/* The combo row shows "None" (optional fields), the set-up choices, and the record's
 * current choice when it is no longer among them (an inactive one stays on its tickets). */
static void
show_choices (Field      *field,
              gint64      current_id,
              const char *current_label)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean found = FALSE;
  gint64 none = 0;

  g_array_set_size (field->shown_ids, 0);
  if (!field->required)
    {
      g_array_append_val (field->shown_ids, none);
      gtk_string_list_append (labels, _("None"));
    }
  for (guint i = 0; field->base_ids != NULL && i < field->base_ids->len; i++)
    {
      gint64 id = g_array_index (field->base_ids, gint64, i);

      if (id == current_id)
        {
          selected = field->shown_ids->len;
          found = TRUE;
        }
      g_array_append_val (field->shown_ids, id);
      gtk_string_list_append (labels, g_ptr_array_index (field->base_labels, i));
    }
  if (current_id != 0 && !found)
    {
      selected = field->shown_ids->len;
      g_array_append_val (field->shown_ids, current_id);
      gtk_string_list_append (labels, current_label ? current_label : "");
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (field->widget), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (field->widget), selected);
}

static void
mark (Field    *field,
      gboolean  wrong)
{
  if (wrong)
    gtk_widget_add_css_class (field->widget, "error");
  else
    gtk_widget_remove_css_class (field->widget, "error");
}

/* The value the form has for @field: a string, an int, or null (no choice). */
static JsonNode *
value_of (Field *field)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (field->kind)
    {
    case FIELD_TEXT:
      {
        g_autofree char *text = text_of (field->widget);
        json_node_set_string (node, text);
      }
      break;
    case FIELD_NUMBER:
      json_node_set_int (node, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field->widget)));
      break;
    case FIELD_CHOICE:
    default:
      if (choice_of (field) == 0)
        json_node_init_null (node);
      else
        json_node_set_int (node, choice_of (field));
      break;
    }
  return node;
}

static gboolean
is_empty (Field    *field,
          JsonNode *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (field->kind == FIELD_TEXT)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (json_node_get_string (value)));
      return *stripped == '\0';
    }
  return FALSE;
}

/* Whether @value is what @data has for @field. */
static gboolean
same_as (Field      *field,
         JsonNode   *value,
         JsonObject *data)
{
  JsonNode *old = json_object_get_member (data, field->member);

  if (field->kind == FIELD_TEXT)
    return g_strcmp0 (json_node_get_string (value),
                      old && JSON_NODE_HOLDS_VALUE (old) ? json_node_get_string (old) : "") == 0;
  if (old == NULL || JSON_NODE_HOLDS_NULL (old))
    return JSON_NODE_HOLDS_NULL (value);
  return !JSON_NODE_HOLDS_NULL (value) && json_node_get_int (old) == json_node_get_int (value);
}

static void
wcc_record_form_dispose (GObject *object)
{
  WccRecordForm *self = WCC_RECORD_FORM (object);

  g_clear_object (&self->record);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (wcc_record_form_parent_class)->dispose (object);
}

static void
wcc_record_form_class_init (WccRecordFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wcc_record_form_dispose;
}

static void
wcc_record_form_init (WccRecordForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

WccRecordForm *
wcc_record_form_new (void)
{
  return g_object_new (WCC_TYPE_RECORD_FORM, NULL);
}

void
wcc_record_form_add_text (WccRecordForm *self,
                          const char    *member,
                          GtkWidget     *widget,
                          gboolean       required)
{
  g_return_if_fail (WCC_IS_RECORD_FORM (self));
  g_return_if_fail (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget));

  add_field (self, FIELD_TEXT, member, widget, required);
}

void
wcc_record_form_add_phone (WccRecordForm *self,
                           const char    *member,
                           GtkWidget     *widget,
                           gboolean       required)
{
  g_return_if_fail (WCC_IS_RECORD_FORM (self));
  g_return_if_fail (GTK_IS_EDITABLE (widget));

  add_field (self, FIELD_TEXT, member, widget, required)->phone = TRUE;
}

void
wcc_record_form_add_number (WccRecordForm *self,
                            const char    *member,
                            GtkSpinButton *spin,
                            gboolean       required)
{
  g_return_if_fail (WCC_IS_RECORD_FORM (self));
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  add_field (self, FIELD_NUMBER, member, GTK_WIDGET (spin), required);
}

void
wcc_record_form_add_choice (WccRecordForm *self,
                            const char    *member,
                            const char    *label_member,
                            AdwComboRow   *row,
                            gboolean       required)
{
  Field *field;

  g_return_if_fail (WCC_IS_RECORD_FORM (self));
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  field = add_field (self, FIELD_CHOICE, member, GTK_WIDGET (row), required);
  field->label_member = g_strdup (label_member);
  field->shown_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  show_choices (field, 0, NULL);
}

void
wcc_record_form_set_choices (WccRecordForm *self,
                             const char    *member,
                             JsonArray     *choices,
                             const char    *label)
{
  Field *field;

  g_return_if_fail (WCC_IS_RECORD_FORM (self));

  field = find_field (self, member);
  g_return_if_fail (field != NULL && field->kind == FIELD_CHOICE);

  g_clear_pointer (&field->base_ids, g_array_unref);
  g_clear_pointer (&field->base_labels, g_ptr_array_unref);
  field->base_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  field->base_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    {
      JsonObject *choice = json_array_get_object_element (choices, i);
      gint64 id = choice ? json_object_get_int_member_with_default (choice, "id", 0) : 0;

      if (id <= 0)
        continue;
      g_array_append_val (field->base_ids, id);
      g_ptr_array_add (field->base_labels, g_strdup (json_object_get_string_member_with_default (choice, label, "")));
    }
  if (self->record != NULL)
    show_choices (field, wcc_record_get_int (self->record, member, 0),
                  wcc_record_get_string (self->record, field->label_member));
  else
    show_choices (field, 0, NULL);
}

void
wcc_record_form_fill (WccRecordForm *self,
                      WccRecord     *record)
{
  g_return_if_fail (WCC_IS_RECORD_FORM (self));
  g_return_if_fail (record == NULL || WCC_IS_RECORD (record));

  g_set_object (&self->record, record);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      mark (field, FALSE);
      switch (field->kind)
        {
        case FIELD_TEXT:
          set_text_of (field->widget, record ? wcc_record_get_string (record, field->member) : "");
          break;
        case FIELD_NUMBER:
          {
            double min = 0;

            gtk_spin_button_get_range (GTK_SPIN_BUTTON (field->widget), &min, NULL);
            gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->widget),
                                       record ? (double) wcc_record_get_int (record, field->member, (gint64) min) : min);
          }
          break;
        case FIELD_CHOICE:
        default:
          show_choices (field, record ? wcc_record_get_int (record, field->member, 0) : 0,
                        record ? wcc_record_get_string (record, field->label_member) : NULL);
          break;
        }
    }
}

gboolean
wcc_record_form_get_changed (WccRecordForm *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_FORM (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = value_of (field);

      if (self->record != NULL)
        {
          if (!same_as (field, value, wcc_record_get_data (self->record)))
            return TRUE;
        }
      else if (field->kind == FIELD_TEXT && !is_empty (field, value))
        return TRUE;
      else if (field->kind == FIELD_NUMBER)
        {
          double min = 0;

          /* a new record's number starts at its minimum (wcc_record_form_fill()); a choice
           * may start on its first item, so only typed text and numbers count */
          gtk_spin_button_get_range (GTK_SPIN_BUTTON (field->widget), &min, NULL);
          if (json_node_get_int (value) != (gint64) min)
            return TRUE;
        }
    }
  return FALSE;
}

WccRecord *
wcc_record_form_get_record (WccRecordForm *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_FORM (self), NULL);
  return self->record;
}

void
wcc_record_form_grab_focus (WccRecordForm *self)
{
  g_return_if_fail (WCC_IS_RECORD_FORM (self));

  if (self->fields->len > 0)
    gtk_widget_grab_focus (((Field *) g_ptr_array_index (self->fields, 0))->widget);
}

JsonObject *
wcc_record_form_collect (WccRecordForm  *self,
                         GError        **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  Field *missing = NULL;
  Field *wrong = NULL;

  g_return_val_if_fail (WCC_IS_RECORD_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = value_of (field);
      gboolean empty = is_empty (field, value);
      g_autofree char *number = NULL;

      if (field->phone && !empty && (number = wcc_phone_number_normalize (json_node_get_string (value))) == NULL)
        {
          mark (field, TRUE);
          if (wrong == NULL)
            wrong = field;
          continue;
        }
      mark (field, field->required && empty);
      if (field->required && empty)
        {
          if (missing == NULL)
            missing = field;
          continue;
        }
      if (self->record == NULL ? empty : same_as (field, value, wcc_record_get_data (self->record)))
        continue;
      json_object_set_member (body, field->member, g_steal_pointer (&value));
    }
  if (missing == NULL && wrong != NULL)
    {
      gtk_widget_grab_focus (wrong->widget);
      /* TRANSLATORS: %s is the name of a form's field that does not hold a phone number */
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("“%s” is not a phone number: use digits, a leading +, spaces and dashes"), wrong->title);
      return NULL;
    }
  if (missing != NULL)
    {
      gtk_widget_grab_focus (missing->widget);
      /* TRANSLATORS: a required field of a form left empty; %s is its name */
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” is required"), missing->title);
      return NULL;
    }
  if (self->record != NULL)
    json_object_set_int_member (body, "version", wcc_record_get_version (self->record));
  return g_steal_pointer (&body);
}

char *
wcc_record_form_rebase (WccRecordForm *self,
                        JsonObject    *current)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  g_return_val_if_fail (WCC_IS_RECORD_FORM (self), NULL);
  g_return_val_if_fail (current != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = value_of (field);
      JsonNode *theirs = json_object_get_member (current, field->kind == FIELD_CHOICE ? field->label_member : field->member);
      g_autofree char *shown = NULL;

      if (same_as (field, value, current))
        continue;
      if (theirs == NULL || JSON_NODE_HOLDS_NULL (theirs))
        shown = g_strdup (_("(none)"));
      else if (field->kind == FIELD_NUMBER)
        shown = g_strdup_printf ("%lld", (long long) json_node_get_int (theirs));
      else
        shown = g_strdup (json_node_get_string (theirs));
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      /* TRANSLATORS: a field and what the server has for it, after a conflicting edit */
      g_string_append_printf (lines, _("%s: “%s”"), field->title, shown);
    }

  if (self->record != NULL)
    {
      g_autoptr(WccRecord) record = wcc_record_new (current);
      g_set_object (&self->record, record);
    }
  return g_string_free (g_steal_pointer (&lines), FALSE);
}
