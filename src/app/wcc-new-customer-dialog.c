/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-new-customer-dialog.c: adding a customer (C5), checked before it is saved. */
#define G_LOG_DOMAIN "wcc-new-customer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-new-customer-dialog.h"
#include "wcc-phone-number.h"

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccNewCustomerDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkWidget            *save_button;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *custom_group;
  AdwEntryRow          *company_row;
  AdwEntryRow          *surname_row;
  AdwEntryRow          *given_name_row;
  AdwEntryRow          *surname_phonetic_row;
  AdwEntryRow          *given_name_phonetic_row;
  AdwEntryRow          *phones_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *address_row;

  /* owned references */
  WccSession           *session;
  WccRecord            *task;
  JsonArray            *fields;       /* the package's custom fields */
  GPtrArray            *field_rows;   /* one row per field, in order */
  GCancellable         *cancellable;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (WccNewCustomerDialog, wcc_new_customer_dialog, ADW_TYPE_WINDOW)

static void
show_error (WccNewCustomerDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* ---- the package's fields ---------------------------------------------------------------- */

static GtkWidget *
create_field_row (JsonObject *field)
{
  const char *label = json_object_get_string_member_with_default (field, "label", "");
  const char *type = json_object_get_string_member_with_default (field, "type", "text");
  gboolean required = json_object_get_boolean_member_with_default (field, "required", FALSE);
  /* TRANSLATORS: a required field's title: the field's name, then the mark the manual uses */
  g_autofree char *title = required ? g_strdup_printf (_("%s ✳"), label) : g_strdup (label);
  GtkWidget *row;

  if (g_str_equal (type, "choice"))
    {
      JsonArray *choices = json_object_get_array_member (field, "choices");
      g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

      /* TRANSLATORS: the choice of a list that is not chosen yet */
      gtk_string_list_append (strings, _("(none)"));
      for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
        gtk_string_list_append (strings, json_array_get_string_element (choices, i));
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (strings));
    }
  else
    {
      row = adw_entry_row_new ();
      if (g_str_equal (type, "number"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      else if (g_str_equal (type, "date"))
        {
          g_autofree char *name = g_steal_pointer (&title);

          /* TRANSLATORS: how a date is typed in a customer's field; keep YYYY-MM-DD as is */
          title = g_strdup_printf (_("%s (YYYY-MM-DD)"), name);
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, json_object_get_string_member_with_default (field, "name", ""));
  return row;
}

static void
on_package_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccNewCustomerDialog) self = user_data;
  g_autoptr(JsonObject) package = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *fields;

  package = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", package != NULL);
  if (package == NULL)
    {
      show_error (self, error->message);
      return;
    }
  fields = json_object_get_member (package, "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_ARRAY (fields))
    return;
  self->fields = json_array_ref (json_node_get_array (fields));
  for (guint i = 0; i < json_array_get_length (self->fields); i++)
    {
      GtkWidget *row = create_field_row (json_array_get_object_element (self->fields, i));

      adw_preferences_group_add (self->custom_group, row);
      g_ptr_array_add (self->field_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->custom_group), self->field_rows->len > 0);
}

/* ---- checks ------------------------------------------------------------------------------ */

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
mark (GtkWidget  *row,
      gboolean    bad,
      GtkWidget **first_bad)
{
  if (bad)
    {
      gtk_widget_add_css_class (row, "error");
      if (*first_bad == NULL)
        *first_bad = row;
    }
  else
    gtk_widget_remove_css_class (row, "error");
}

static gboolean
date_is_valid (const char *text)
{
  int year, month, day;
  char end;

  return sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 && strlen (text) == 10 &&
         g_date_valid_dmy (day, month, year);
}

/* Reads the form into the body of POST /customers; NULL with the rows at fault marked. */
static JsonNode *
build_body (WccNewCustomerDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *phones_text = row_text (self->phones_row);
  g_autofree char *email = row_text (self->email_row);
  g_auto(GStrv) phones = wcc_phone_number_split_list (phones_text);
  GtkWidget *first_bad = NULL;
  gboolean missing = FALSE;
  struct { AdwEntryRow *row; const char *member; } texts[] = {
    { self->company_row, "company" }, { self->surname_row, "surname" },
    { self->given_name_row, "given_name" }, { self->surname_phonetic_row, "surname_phonetic" },
    { self->given_name_phonetic_row, "given_name_phonetic" }, { self->email_row, "email" },
    { self->address_row, "address" },
  };
  guint n_phones = 0;
  gboolean bad_phone = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_int_value (builder, wcc_record_get_id (self->task));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = row_text (texts[i].row);

      json_builder_set_member_name (builder, texts[i].member);
      json_builder_add_string_value (builder, text);
    }

  /* C5: the customer's numbers go in the phone field, and one is needed to call */
  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  for (guint i = 0; phones[i] != NULL; i++)
    {
      g_autofree char *number = wcc_phone_number_normalize (phones[i]);

      bad_phone |= number == NULL;
      json_builder_add_string_value (builder, phones[i]);
      n_phones++;
    }
  json_builder_end_array (builder);
  missing |= n_phones == 0;
  mark (GTK_WIDGET (self->phones_row), n_phones == 0 || bad_phone, &first_bad);
  mark (GTK_WIDGET (self->email_row), *email != '\0' && strchr (email, '@') == NULL, &first_bad);

  json_builder_set_member_name (builder, "custom");
  json_builder_begin_object (builder);
  for (guint i = 0; self->fields != NULL && i < self->field_rows->len; i++)
    {
      JsonObject *field = json_array_get_object_element (self->fields, i);
      GtkWidget *row = g_ptr_array_index (self->field_rows, i);
      const char *type = json_object_get_string_member_with_default (field, "type", "text");
      gboolean required = json_object_get_boolean_member_with_default (field, "required", FALSE);
      const char *name = json_object_get_string_member_with_default (field, "name", "");
      g_autofree char *text = NULL;
      gboolean bad = FALSE;

      if (ADW_IS_COMBO_ROW (row))
        {
          guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
          JsonArray *choices = json_object_get_array_member (field, "choices");

          if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && choices != NULL)
            text = g_strdup (json_array_get_string_element (choices, selected - 1));
        }
      else
        text = row_text (ADW_ENTRY_ROW (row));

      if (text == NULL || *text == '\0')
        {
          bad = required;
          missing |= required;
        }
      else if (g_str_equal (type, "number"))
        {
          char *end = NULL;
          double value = g_ascii_strtod (text, &end);

          bad = end == text || *end != '\0';
          if (!bad)
            {
              json_builder_set_member_name (builder, name);
              json_builder_add_double_value (builder, value);
            }
        }
      else
        {
          bad = g_str_equal (type, "date") && !date_is_valid (text);
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, text);
        }
      mark (row, bad, &first_bad);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (first_bad != NULL)
    {
      show_error (self, missing ? _("Fill in the fields marked ✳")
                                : _("Correct the fields marked in red"));
      gtk_widget_grab_focus (first_bad);
      return NULL;
    }
  show_error (self, NULL);
  return json_builder_get_root (builder);
}

/* ---- saving ------------------------------------------------------------------------------ */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WccNewCustomerDialog) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", TRUE);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      /* refused: what was typed stays for a correction */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0,
                 outcome == WCC_WRITE_APPLIED && answer && JSON_NODE_HOLDS_OBJECT (answer)
                 ? json_node_get_object (answer) : NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccNewCustomerDialog *self = WCC_NEW_CUSTOMER_DIALOG (widget);
  g_autoptr(JsonNode) body = NULL;

  if (self->saving || (body = build_body (self)) == NULL)
    return;
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "customer.save", FALSE);
  /* Through the outbox: offline, the new customer waits there and nothing typed is lost. */
  wcc_session_queue_write_async (self->session, "POST", "/api/v1/customers", body, NULL,
                                 on_saved, g_object_ref (self));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_new_customer_dialog_dispose (GObject *object)
{
  WccNewCustomerDialog *self = WCC_NEW_CUSTOMER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_NEW_CUSTOMER_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->task);
  g_clear_pointer (&self->fields, json_array_unref);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (wcc_new_customer_dialog_parent_class)->dispose (object);
}

static void
wcc_new_customer_dialog_finalize (GObject *object)
{
  WccNewCustomerDialog *self = WCC_NEW_CUSTOMER_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_new_customer_dialog_parent_class)->finalize (object);
}

static void
wcc_new_customer_dialog_class_init (WccNewCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_new_customer_dialog_dispose;
  object_class->finalize = wcc_new_customer_dialog_finalize;

  signals[SIGNAL_ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-new-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, custom_group);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, surname_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, given_name_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, surname_phonetic_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, given_name_phonetic_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, phones_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, WccNewCustomerDialog, address_row);

  gtk_widget_class_install_action (widget_class, "customer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "customer.save", NULL);
}

static void
wcc_new_customer_dialog_init (WccNewCustomerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->field_rows = g_ptr_array_new ();
}

WccNewCustomerDialog *
wcc_new_customer_dialog_new (WccSession *session,
                             WccRecord  *task)
{
  WccNewCustomerDialog *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (WCC_IS_RECORD (task), NULL);

  self = g_object_new (WCC_TYPE_NEW_CUSTOMER_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->task = g_object_ref (task);
  /* the package's own fields, with which of them are required (C5) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", FALSE);
  path = g_strdup_printf ("/api/v1/packages/%lld", (long long) wcc_record_get_int (task, "package_id", 0));
  wcc_client_get_object_async (wcc_session_get_client (session), path, self->cancellable,
                               on_package_loaded, g_object_ref (self));
  return self;
}
