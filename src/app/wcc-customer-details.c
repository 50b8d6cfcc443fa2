/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-details.c: a customer's details and its package's custom fields, edited and
 * saved with the record's version (C5, C8). */
#define G_LOG_DOMAIN "wcc-customer-details"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wcc-customer-details.h"
#include "wcc-error.h"
#include "wcc-phone-number.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CUSTOMER,
  PROP_TASK_ID,
  PROP_PENDING,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One custom field of the customer's package and the row that edits it. */
typedef struct {
  char      *name;
  char      *label;
  char      *type;        /* text, number, date, choice */
  gboolean   required;
  GtkWidget *row;         /* AdwEntryRow, or AdwComboRow for a choice */
  GStrv      choices;
} Field;

/* The customer's own text fields: the member and the row that edits it. */
typedef struct {
  const char *member;
  gsize       offset;
} TextField;

struct _WccCustomerDetails
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwEntryRow          *company_row;
  AdwEntryRow          *surname_row;
  AdwEntryRow          *given_name_row;
  AdwEntryRow          *surname_phonetic_row;
  AdwEntryRow          *given_name_phonetic_row;
  AdwEntryRow          *phones_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *address_row;
  AdwPreferencesGroup  *custom_group;
  GtkLabel             *error_label;
  GtkLabel             *outdated_label;

  /* owned references */
  WccSession           *session;
  WccRecord            *customer;
  GPtrArray            *fields;          /* of Field */
  GCancellable         *cancellable;
  char                 *pending_method;  /* the write waiting in the outbox */
  char                 *pending_path;
  char                 *pending_key;     /* its outbox entry's Idempotency-Key */
  JsonObject           *last_body;       /* what was last saved (for a conflict) */
  gint64                task_id;
  gint64                package_id;      /* whose fields are shown */
  gboolean              saving;          /* a save waits for the outbox's answer */
};

G_DEFINE_FINAL_TYPE (WccCustomerDetails, wcc_customer_details, ADW_TYPE_BIN)

static const TextField text_fields[] = {
  { "company", G_STRUCT_OFFSET (WccCustomerDetails, company_row) },
  { "surname", G_STRUCT_OFFSET (WccCustomerDetails, surname_row) },
  { "given_name", G_STRUCT_OFFSET (WccCustomerDetails, given_name_row) },
  { "surname_phonetic", G_STRUCT_OFFSET (WccCustomerDetails, surname_phonetic_row) },
  { "given_name_phonetic", G_STRUCT_OFFSET (WccCustomerDetails, given_name_phonetic_row) },
  { "email", G_STRUCT_OFFSET (WccCustomerDetails, email_row) },
  { "address", G_STRUCT_OFFSET (WccCustomerDetails, address_row) },
};

static GtkEditable *
text_row (WccCustomerDetails *self,
          const TextField    *field)
{
  return G_STRUCT_MEMBER (GtkEditable *, self, field->offset);
}

static void
field_free (Field *field)
{
  g_free (field->name);
  g_free (field->label);
  g_free (field->type);
  g_strfreev (field->choices);
  g_free (field);
}

static void
toast (WccCustomerDetails *self,
       const char         *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
show_error (WccCustomerDetails *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_pending (WccCustomerDetails *self,
             const char         *method,
             const char         *path)
{
  gboolean was = self->pending_path != NULL;

  g_clear_pointer (&self->pending_key, g_free);
  g_free (self->pending_method);
  g_free (self->pending_path);
  self->pending_method = g_strdup (method);
  self->pending_path = g_strdup (path);
  if (was != (path != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* ---- custom fields ----------------------------------------------------------------------- */

/* A number as JSON reads it: digits, one point, a sign, an exponent; nothing else. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  return end != text && end != NULL && *end == '\0' && isfinite (*out);
}

static gboolean
parse_date (const char *text)
{
  int year, month, day;
  char tail;

  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (day, month, year);
}

static const char *
field_text (Field *field)
{
  if (ADW_IS_COMBO_ROW (field->row))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
      /* The first item is "not chosen". */
      return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? "" : field->choices[selected - 1];
    }
  return gtk_editable_get_text (GTK_EDITABLE (field->row));
}

static void
on_calendar_day (GtkCalendar *calendar,
                 Field       *field)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (field->row), text);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

static GtkWidget *
make_field_row (Field *field)
{
  /* TRANSLATORS: a required field's title, marked for the agent. */
  g_autofree char *title = field->required ? g_strdup_printf (_("%s *"), field->label) : g_strdup (field->label);
  GtkWidget *row;

  if (g_str_equal (field->type, "choice"))
    {
      g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

      /* TRANSLATORS: a choice field with nothing chosen. */
      gtk_string_list_append (items, _("Not set"));
      for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
        gtk_string_list_append (items, field->choices[i]);
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
    }
  else
    {
      row = adw_entry_row_new ();
      if (g_str_equal (field->type, "number"))
        gtk_editable_set_alignment (GTK_EDITABLE (row), 0);
      if (g_str_equal (field->type, "date"))
        {
          GtkWidget *button = gtk_menu_button_new ();
          GtkWidget *popover = gtk_popover_new ();
          GtkWidget *calendar = gtk_calendar_new ();

          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Choose a Date"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"), -1);
          gtk_popover_set_child (GTK_POPOVER (popover), calendar);
          gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
          g_signal_connect (calendar, "day-selected", G_CALLBACK (on_calendar_day), field);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
          g_free (title);
          /* TRANSLATORS: a date field's title; the format to type is shown with it. */
          title = g_strdup_printf (field->required ? _("%s * (YYYY-MM-DD)") : _("%s (YYYY-MM-DD)"), field->label);
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, field->name);
  field->row = row;
  return row;
}

/* The record's value of @field as its row shows it; NULL when it has none. */
static char *
custom_value_text (WccCustomerDetails *self,
                   Field              *field)
{
  JsonObject *custom = self->customer ? wcc_record_get_object (self->customer, "custom") : NULL;
  JsonNode *node = custom ? json_object_get_member (custom, field->name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return NULL;
}

/* The combo row's position of @text: 0 ("not set") when it is none of the choices. */
static guint
choice_position (Field      *field,
                 const char *text)
{
  for (guint c = 0; text != NULL && field->choices != NULL && field->choices[c] != NULL; c++)
    if (g_str_equal (field->choices[c], text))
      return c + 1;
  return 0;
}

static void
fill_custom (WccCustomerDetails *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = custom_value_text (self, field);

      if (ADW_IS_COMBO_ROW (field->row))
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), choice_position (field, text));
      else
        gtk_editable_set_text (GTK_EDITABLE (field->row), text ? text : "");
    }
}

static void
on_package_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccCustomerDetails) self = user_data;
  g_autoptr(JsonObject) package = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *fields;

  package = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (package == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    adw_preferences_group_remove (self->custom_group, ((Field *) g_ptr_array_index (self->fields, i))->row);
  g_ptr_array_set_size (self->fields, 0);
  fields = json_object_get_array_member (package, "fields");
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *object = json_array_get_object_element (fields, i);
      JsonArray *choices = json_object_has_member (object, "choices") ? json_object_get_array_member (object, "choices") : NULL;
      Field *field = g_new0 (Field, 1);

      field->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      field->label = g_strdup (json_object_get_string_member_with_default (object, "label", field->name));
      field->type = g_strdup (json_object_get_string_member_with_default (object, "type", "text"));
      field->required = json_object_get_boolean_member_with_default (object, "required", FALSE);
      if (choices != NULL)
        {
          field->choices = g_new0 (char *, json_array_get_length (choices) + 1);
          for (guint c = 0; c < json_array_get_length (choices); c++)
            field->choices[c] = g_strdup (json_array_get_string_element (choices, c));
        }
      adw_preferences_group_add (self->custom_group, make_field_row (field));
      g_ptr_array_add (self->fields, field);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->custom_group), self->fields->len > 0);
  fill_custom (self);
}

static void
load_package (WccCustomerDetails *self,
              gint64              package_id)
{
  g_autofree char *path = NULL;

  if (package_id == 0 || package_id == self->package_id)
    return;
  self->package_id = package_id;
  path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT, package_id);
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                               on_package_loaded, g_object_ref (self));
}

static void
on_task_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccCustomerDetails) self = user_data;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(GError) error = NULL;

  task = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (task == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  load_package (self, json_object_get_int_member_with_default (task, "package_id", 0));
}

/* ---- the form ---------------------------------------------------------------------------- */

static char *phones_text (JsonArray *phones);

static void
fill_form (WccCustomerDetails *self)
{
  g_autofree char *numbers = NULL;

  if (self->customer == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_editable_set_text (text_row (self, &text_fields[i]), wcc_record_get_string (self->customer, text_fields[i].member));
  numbers = phones_text (wcc_record_get_array (self->customer, "phones"));
  gtk_editable_set_text (GTK_EDITABLE (self->phones_row), numbers);
  fill_custom (self);
  load_package (self, wcc_record_get_int (self->customer, "package_id", 0));
  /* What the server has is shown again: nothing is newer there. */
  gtk_widget_set_visible (GTK_WIDGET (self->outdated_label), FALSE);
}

/* Does the form differ from the record (has the agent typed or chosen something)? */
static gboolean
form_is_edited (WccCustomerDetails *self)
{
  g_autofree char *numbers = NULL;

  /* A new customer: anything typed. */
  if (self->customer == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        if (*gtk_editable_get_text (text_row (self, &text_fields[i])) != '\0')
          return TRUE;
      return *gtk_editable_get_text (GTK_EDITABLE (self->phones_row)) != '\0';
    }
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (!g_str_equal (gtk_editable_get_text (text_row (self, &text_fields[i])),
                      wcc_record_get_string (self->customer, text_fields[i].member)))
      return TRUE;
  numbers = phones_text (wcc_record_get_array (self->customer, "phones"));
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->phones_row)), numbers))
    return TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = custom_value_text (self, field);

      if (ADW_IS_COMBO_ROW (field->row)
          ? adw_combo_row_get_selected (ADW_COMBO_ROW (field->row)) != choice_position (field, text)
          : !g_str_equal (field_text (field), text ? text : ""))
        return TRUE;
    }
  return FALSE;
}

static void
mark_row (GtkWidget *row,
          gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The form as the API's body, or NULL (rows marked, @out_problem set) when it must be fixed. */
static JsonObject *
read_form (WccCustomerDetails  *self,
           char               **out_problem)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *custom = json_object_new ();
  JsonArray *phones = json_array_new ();
  g_auto(GStrv) numbers = wcc_phone_number_split_list (gtk_editable_get_text (GTK_EDITABLE (self->phones_row)));
  gboolean bad_number = FALSE;
  g_autoptr(GString) problems = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (text_row (self, &text_fields[i]))));
      json_object_set_string_member (body, text_fields[i].member, text);
    }
  for (guint i = 0; numbers[i] != NULL; i++)
    {
      g_autofree char *number = wcc_phone_number_normalize (numbers[i]);

      bad_number |= number == NULL;
      json_array_add_string_element (phones, numbers[i]);
    }
  json_object_set_array_member (body, "phones", phones);
  mark_row (GTK_WIDGET (self->phones_row), bad_number);
  if (bad_number)
    g_string_append (problems, _("Phone numbers"));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = g_strstrip (g_strdup (field_text (field)));
      gboolean wrong = FALSE;
      double number;

      if (*text == '\0')
        wrong = field->required;
      else if (g_str_equal (field->type, "number"))
        {
          wrong = !parse_number (text, &number);
          if (!wrong && number == (double) (gint64) number && fabs (number) < 1e15)
            json_object_set_int_member (custom, field->name, (gint64) number);
          else if (!wrong)
            json_object_set_double_member (custom, field->name, number);
        }
      else if (g_str_equal (field->type, "date"))
        {
          wrong = !parse_date (text);
          if (!wrong)
            json_object_set_string_member (custom, field->name, text);
        }
      else
        json_object_set_string_member (custom, field->name, text);
      mark_row (field->row, wrong);
      if (wrong)
        {
          if (problems->len > 0)
            g_string_append (problems, ", ");
          g_string_append (problems, field->label);
        }
    }
  json_object_set_object_member (body, "custom", custom);
  if (problems->len > 0)
    {
      /* TRANSLATORS: %s lists the fields to fix, e.g. "Industry, Contract date". */
      *out_problem = g_strdup_printf (_("Fill in or correct: %s"), problems->str);
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* ---- saving ------------------------------------------------------------------------------ */

static void send_body (WccCustomerDetails *self, JsonObject *body, gint64 version);

static void
on_conflict_response (AdwMessageDialog   *dialog,
                      const char         *response,
                      WccCustomerDetails *self)
{
  JsonObject *current = g_object_get_data (G_OBJECT (dialog), "current");

  if (g_str_equal (response, "mine") && self->last_body != NULL)
    {
      g_autoptr(JsonObject) body = json_object_ref (self->last_body);
      send_body (self, body, json_object_get_int_member_with_default (current, "version", 0));
    }
  else if (g_str_equal (response, "theirs"))
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, current);
  else
    /* Closed (Escape): neither; what was typed stays, and saving meets the conflict again. */
    wcc_customer_details_show_outdated (self);
}

static char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static char *
phones_text (JsonArray *phones)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonNode *node = json_array_get_element (phones, i);
      const char *number = JSON_NODE_HOLDS_OBJECT (node)
        ? json_object_get_string_member_with_default (json_node_get_object (node), "number", "")
        : json_node_get_string (node);
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, number ? number : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* C8: a stale version: both versions side by side; the agent keeps theirs or the server's. */
static void
show_conflict (WccCustomerDetails *self,
               JsonObject         *current)
{
  g_autoptr(GString) differences = g_string_new (NULL);
  AdwMessageDialog *dialog;
  GtkWidget *label;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields) && self->last_body != NULL; i++)
    {
      g_autofree char *mine = member_text (self->last_body, text_fields[i].member);
      g_autofree char *theirs = member_text (current, text_fields[i].member);

      if (!g_str_equal (mine, theirs))
        /* TRANSLATORS: one changed field in the conflict dialog: field, yours, the server's. */
        g_string_append_printf (differences, _("%s\n    Yours: %s\n    Saved: %s\n"),
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (text_row (self, &text_fields[i]))),
                                mine, theirs);
    }
  if (self->last_body != NULL)
    {
      g_autofree char *mine = phones_text (json_object_get_array_member (self->last_body, "phones"));
      g_autofree char *theirs = phones_text (json_object_get_array_member (current, "phones"));
      g_autofree char *mine_custom = member_text (self->last_body, "custom");
      g_autofree char *theirs_custom = member_text (current, "custom");

      if (!g_str_equal (mine, theirs))
        g_string_append_printf (differences, _("%s\n    Yours: %s\n    Saved: %s\n"),
                                _("Phone Numbers"), mine, theirs);
      if (!g_str_equal (mine_custom, theirs_custom))
        g_string_append_printf (differences, _("%s\n    Yours: %s\n    Saved: %s\n"),
                                _("More Details"), mine_custom, theirs_custom);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Someone Else Changed This Customer"),
                                                       _("The customer was saved by someone else after you opened it. "
                                                         "Keep your changes, or take the saved version.")));
  label = gtk_label_new (differences->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "conflict_label");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_responses (dialog, "theirs", _("_Take Saved Version"), "mine", _("_Keep My Changes"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "mine", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "mine");
  /* Escape must not throw the agent's edits away: it is a response of its own. */
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "current", json_object_ref (current), (GDestroyNotify) json_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_current_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccCustomerDetails) self = user_data;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;

  current = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (current == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  show_conflict (self, current);
}

static void
handle_refusal (WccCustomerDetails *self,
                const GError       *error)
{
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT) && self->customer != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, wcc_record_get_id (self->customer));
      wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                                   on_current_loaded, g_object_ref (self));
      return;
    }
  show_error (self, error->message);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WccCustomerDetails) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.save", TRUE);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_pending (self, NULL, NULL);
      handle_refusal (self, error);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      /* "write-applied" names it by this key once the outbox has sent it. */
      g_free (self->pending_key);
      self->pending_key = g_strdup (wcc_session_write_get_idempotency_key (WCC_SESSION (source), result));
      toast (self, _("Saved on this computer: it is sent when the server is back"));
      return;
    }
  set_pending (self, NULL, NULL);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      toast (self, _("Customer saved"));
      g_signal_emit (self, signals[SIGNAL_SAVED], 0, json_node_get_object (answer));
    }
}

static void
send_body (WccCustomerDetails *self,
           JsonObject         *body,
           gint64              version)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *path = NULL;
  const char *method;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (copy, member, json_node_copy (value));
  if (self->customer != NULL)
    {
      method = "PATCH";
      path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, wcc_record_get_id (self->customer));
      json_object_set_int_member (copy, "version", version);
    }
  else
    {
      method = "POST";
      path = g_strdup ("/api/v1/customers");
      json_object_set_int_member (copy, "task_id", self->task_id);
    }
  g_clear_pointer (&self->last_body, json_object_unref);
  self->last_body = json_object_ref (body);
  json_node_set_object (node, copy);
  show_error (self, NULL);
  /* Pending until the outbox has sent it: shown as such if the server is away. */
  set_pending (self, method, path);
  /* One save at a time: a second Ctrl+S before the answer would post a second customer, or
   * meet its own save's version as a conflict. */
  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.save", FALSE);
  wcc_session_queue_write_async (self->session, method, path, node, self->cancellable, on_saved, g_object_ref (self));
}

static void
on_sent_reloaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccCustomerDetails) self = user_data;
  g_autoptr(JsonObject) current = wcc_client_get_object_finish (WCC_CLIENT (source), result, NULL);

  if (current != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, current);
}

/* The outbox sent (or dropped) the write that waited: the customer is read again. */
static void
on_pending_changes (WccCustomerDetails *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  /* A save still waiting for its answer: on_saved() has the outcome (a conflict must not
   * read the server's version into the form before the agent chose). */
  if (self->pending_path == NULL || self->saving)
    return;
  waiting = wcc_outbox_list (wcc_session_get_outbox (self->session));
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      WccOutboxEntry *entry = g_ptr_array_index (waiting, i);
      if (self->pending_key != NULL ? g_str_equal (entry->idempotency_key, self->pending_key)
                                    : g_str_equal (entry->path, self->pending_path) &&
                                      g_str_equal (entry->method, self->pending_method))
        return;
    }
  /* A new customer learns its id from "write-applied" (on_write_applied). */
  if (self->customer == NULL && self->pending_key != NULL)
    return;
  set_pending (self, NULL, NULL);
  if (self->customer != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, wcc_record_get_id (self->customer));
      wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                                   on_sent_reloaded, g_object_ref (self));
    }
}

static void
on_write_failed (WccCustomerDetails *self,
                 const char         *method,
                 const char         *path,
                 GError             *error)
{
  /* A new customer refused when the outbox sent it (4xx): not pending any more. */
  if (self->customer == NULL && self->pending_key != NULL && g_str_equal (method, "POST") &&
      g_str_equal (path, "/api/v1/customers"))
    {
      set_pending (self, NULL, NULL);
      show_error (self, error->message);
      return;
    }
  if (self->last_body == NULL || self->customer == NULL)
    return;
  {
    g_autofree char *ours = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, wcc_record_get_id (self->customer));
    if (!g_str_equal (path, ours))
      return;
  }
  set_pending (self, NULL, NULL);
  handle_refusal (self, error);
}

/* The write that waited in the outbox was applied: a new customer now has its id. */
static void
on_write_applied (WccCustomerDetails *self,
                  const char         *key,
                  const char         *method,
                  const char         *path,
                  JsonNode           *answer)
{
  if (self->pending_key == NULL || g_strcmp0 (key, self->pending_key) != 0)
    return;
  set_pending (self, NULL, NULL);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      toast (self, _("Customer saved"));
      g_signal_emit (self, signals[SIGNAL_SAVED], 0, json_node_get_object (answer));
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_customer_details_save (WCC_CUSTOMER_DETAILS (widget));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
set_session (WccCustomerDetails *self,
             WccSession         *session)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session == NULL)
    return;
  g_signal_connect_object (session, "notify::pending-changes", G_CALLBACK (on_pending_changes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "write-failed", G_CALLBACK (on_write_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "write-applied", G_CALLBACK (on_write_applied), self, G_CONNECT_SWAPPED);
}

static void
set_customer (WccCustomerDetails *self,
              WccRecord          *customer)
{
  if (self->customer == customer)
    return;
  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  g_set_object (&self->customer, customer);
  if (customer != NULL)
    g_signal_connect_object (customer, "notify::data", G_CALLBACK (fill_form), self, G_CONNECT_SWAPPED);
  fill_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

static void
wcc_customer_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WccCustomerDetails *self = WCC_CUSTOMER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_CUSTOMER: g_value_set_object (value, self->customer); break;
    case PROP_TASK_ID: g_value_set_int64 (value, self->task_id); break;
    case PROP_PENDING: g_value_set_boolean (value, self->pending_path != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  WccCustomerDetails *self = WCC_CUSTOMER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    case PROP_CUSTOMER: set_customer (self, g_value_get_object (value)); break;
    case PROP_TASK_ID:
      self->task_id = g_value_get_int64 (value);
      if (self->task_id > 0 && self->customer == NULL && self->session != NULL)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, self->task_id);
          wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                                       on_task_loaded, g_object_ref (self));
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_details_dispose (GObject *object)
{
  WccCustomerDetails *self = WCC_CUSTOMER_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  set_session (self, NULL);
  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  g_clear_object (&self->customer);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CUSTOMER_DETAILS);

  G_OBJECT_CLASS (wcc_customer_details_parent_class)->dispose (object);
}

static void
wcc_customer_details_finalize (GObject *object)
{
  WccCustomerDetails *self = WCC_CUSTOMER_DETAILS (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->last_body, json_object_unref);
  g_free (self->pending_method);
  g_free (self->pending_path);
  g_free (self->pending_key);

  G_OBJECT_CLASS (wcc_customer_details_parent_class)->finalize (object);
}

static void
wcc_customer_details_class_init (WccCustomerDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_customer_details_get_property;
  object_class->set_property = wcc_customer_details_set_property;
  object_class->dispose = wcc_customer_details_dispose;
  object_class->finalize = wcc_customer_details_finalize;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION, rw);
  properties[PROP_CUSTOMER] = g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD, rw);
  properties[PROP_TASK_ID] = g_param_spec_int64 ("task-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-customer-details.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, company_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, surname_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, surname_phonetic_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, given_name_phonetic_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, phones_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, email_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, address_row);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, custom_group);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerDetails, outdated_label);

  gtk_widget_class_install_action (widget_class, "details.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "details.save", NULL);
}

static void
wcc_customer_details_init (WccCustomerDetails *self)
{
  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

gboolean
wcc_customer_details_get_pending (WccCustomerDetails *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_DETAILS (self), FALSE);
  return self->pending_path != NULL;
}

gboolean
wcc_customer_details_save (WccCustomerDetails *self)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *problem = NULL;

  g_return_val_if_fail (WCC_IS_CUSTOMER_DETAILS (self), FALSE);

  if (self->session == NULL || (self->customer == NULL && self->task_id == 0) || self->saving)
    return FALSE;
  /* A new customer waiting in the outbox: a second POST would add them twice. */
  if (self->customer == NULL && self->pending_path != NULL)
    {
      toast (self, _("The new customer waits to be sent: change it once the server has it"));
      return FALSE;
    }
  body = read_form (self, &problem);
  if (body == NULL)
    {
      show_error (self, problem);
      return FALSE;
    }
  send_body (self, body, self->customer ? wcc_record_get_version (self->customer) : 0);
  return TRUE;
}

gboolean
wcc_customer_details_get_edited (WccCustomerDetails *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_DETAILS (self), FALSE);
  return form_is_edited (self);
}

void
wcc_customer_details_show_outdated (WccCustomerDetails *self)
{
  g_return_if_fail (WCC_IS_CUSTOMER_DETAILS (self));
  gtk_widget_set_visible (GTK_WIDGET (self->outdated_label), TRUE);
}

gboolean
wcc_customer_details_get_outdated (WccCustomerDetails *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_DETAILS (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->outdated_label));
}
