/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sms-section.c: a customer's SMS (C10): history with live delivery states, sending. */
#define G_LOG_DOMAIN "wcc-sms-section"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-sms-section.h"

/* The longest text the API takes (docs/api.md "SMS"), in characters. */
#define SMS_MAX_CHARS 670

struct _WccSmsSection
{
  WccCustomerSection  parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkLabel           *pending_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwComboRow        *to_row;
  GtkTextView        *text_view;
  GtkLabel           *count_label;
  GtkLabel           *no_phone_label;

  /* owned references */
  GtkStringList      *numbers;   /* the customer's numbers as typed, the to_row's model */

  gboolean            sending;   /* until the answer: a second click would send it twice */
};

G_DEFINE_FINAL_TYPE (WccSmsSection, wcc_sms_section, WCC_TYPE_CUSTOMER_SECTION)

static char *
compose_text (WccSmsSection *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
chosen_number (WccSmsSection *self)
{
  guint selected = adw_combo_row_get_selected (self->to_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_list_model_get_n_items (G_LIST_MODEL (self->numbers)))
    return NULL;
  return gtk_string_list_get_string (self->numbers, selected);
}

/* The counter under the text and whether sms.send can go. */
static void
update_compose (WccSmsSection *self)
{
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);
  g_autofree char *text = compose_text (self);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *count = g_strdup_printf ("%ld / %d", length, SMS_MAX_CHARS);
  gboolean has_numbers = g_list_model_get_n_items (G_LIST_MODEL (self->numbers)) > 0;

  gtk_label_set_text (self->count_label, count);
  if (length > SMS_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->no_phone_label),
                          !has_numbers && wcc_customer_section_get_customer_id (section) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->to_row), has_numbers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sms.send",
                                 !self->sending && wcc_customer_section_get_session (section) != NULL && has_numbers &&
                                 *stripped != '\0' && length <= SMS_MAX_CHARS);
}

/* The numbers of the customer as they are now; the one chosen stays chosen. */
static void
fill_numbers (WccSmsSection *self)
{
  WccRecord *customer = wcc_customer_section_get_customer (WCC_CUSTOMER_SECTION (self));
  JsonArray *phones = customer ? wcc_record_get_array (customer, "phones") : NULL;
  g_autofree char *chosen = g_strdup (chosen_number (self));
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->numbers));
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  guint selected = 0;

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *phone = json_array_get_object_element (phones, i);
      const char *number = phone ? json_object_get_string_member_with_default (phone, "number", "") : "";

      if (*number == '\0')
        continue;
      if (g_strcmp0 (number, chosen) == 0)
        selected = numbers->len;
      g_ptr_array_add (numbers, (gpointer) number);
    }
  g_ptr_array_add (numbers, NULL);
  gtk_string_list_splice (self->numbers, 0, n_old, (const char * const *) numbers->pdata);
  if (numbers->len > 1)
    adw_combo_row_set_selected (self->to_row, selected);
  update_compose (self);
}

/* An Sms the server answered with or an event brought. The event of the gateway's answer
 * may come before the answer of the send itself: a message never goes back to queued. */
static void
take_sms (WccSmsSection *self,
          JsonObject    *data)
{
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);
  WccPagedList *messages = wcc_customer_section_get_list (section);
  gint64 id = json_object_get_int_member_with_default (data, "id", 0);
  WccRecord *known = id > 0 && messages ? wcc_paged_list_find (messages, id, NULL) : NULL;

  if (json_object_get_int_member_with_default (data, "customer_id", 0) != wcc_customer_section_get_customer_id (section))
    return;
  if (known != NULL && !g_str_equal (wcc_record_get_string (known, "state"), "queued") &&
      g_strcmp0 (json_object_get_string_member_with_default (data, "state", ""), "queued") == 0)
    return;
  wcc_customer_section_take_record (section, data);
}

static void
on_sms_sent (WccCustomerSection *section,
             WccWriteOutcome     outcome,
             JsonObject         *answer,
             const GError       *error,
             gpointer            user_data)
{
  WccSmsSection *self = WCC_SMS_SECTION (section);

  self->sending = FALSE;
  update_compose (self);
  if (error != NULL)
    return;   /* the toast said why; the text stays to be corrected */
  /* Queued: the pending line shows it until the server has it. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  if (outcome == WCC_WRITE_APPLIED && answer != NULL)
    take_sms (self, answer);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccSmsSection *self = WCC_SMS_SECTION (widget);
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);
  g_autofree char *text = compose_text (self);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *to = chosen_number (self);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->sending || wcc_customer_section_get_session (section) == NULL ||
      wcc_customer_section_get_customer_id (section) <= 0 || to == NULL || *stripped == '\0')
    return;
  if (g_utf8_strlen (text, -1) > SMS_MAX_CHARS)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "An SMS takes at most %d character",
                                                               "An SMS takes at most %d characters", SMS_MAX_CHARS),
                                                  SMS_MAX_CHARS);
      wcc_customer_section_toast (section, message);
      return;
    }
  json_object_set_string_member (body, "to", to);
  json_object_set_string_member (body, "text", text);
  path = wcc_customer_section_path (section, "sms");
  self->sending = TRUE;
  update_compose (self);
  wcc_customer_section_write (section, "POST", path, body, on_sms_sent, NULL);
}

static void
reuse_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WccSmsSection *self = WCC_SMS_SECTION (widget);
  WccPagedList *messages = wcc_customer_section_get_list (WCC_CUSTOMER_SECTION (self));
  WccRecord *message = messages ? wcc_paged_list_find (messages, g_variant_get_int64 (parameter), NULL) : NULL;
  const char *to;

  if (message == NULL)
    return;
  to = wcc_record_get_string (message, "to");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->numbers)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->numbers, i), to))
      adw_combo_row_set_selected (self->to_row, i);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), wcc_record_get_string (message, "text"), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* ---- WccCustomerSection ------------------------------------------------------------------ */

static void
wcc_sms_section_reload (WccCustomerSection *section)
{
  fill_numbers (WCC_SMS_SECTION (section));
}

static void
wcc_sms_section_event (WccCustomerSection *section,
                       const char         *type,
                       JsonObject         *data)
{
  if (g_str_equal (type, "sms.updated"))
    take_sms (WCC_SMS_SECTION (section), data);
}

static char *
wcc_sms_section_describe_write (WccCustomerSection *section,
                                const char         *method,
                                const char         *path,
                                JsonObject         *body)
{
  g_autofree char *create = wcc_customer_section_path (section, "sms");

  if (!g_str_equal (method, "POST") || !g_str_equal (path, create) || body == NULL)
    return NULL;
  /* TRANSLATORS: an SMS that waits to be sent: the number, the text */
  return g_strdup_printf (_("SMS to %s: “%s”"), json_object_get_string_member_with_default (body, "to", ""),
                          json_object_get_string_member_with_default (body, "text", ""));
}

static const char *
state_label (WccRecord   *message,
             const char **style)
{
  const char *state = wcc_record_get_string (message, "state");

  if (g_str_equal (state, "sent"))
    {
      *style = "success";
      return _("Sent");
    }
  if (g_str_equal (state, "failed"))
    {
      *style = "error";
      return _("Failed");
    }
  *style = "accent";
  /* TRANSLATORS: an SMS the gateway has not answered for yet */
  return _("Sending");
}

static void
wcc_sms_section_bind_row (WccCustomerSection *section,
                          WccSectionRow      *row,
                          WccRecord          *message)
{
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (message, "created_at"), WCC_DATE_STYLE_DATE_TIME);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *style = NULL;
  const char *state = state_label (message, &style);
  gboolean failed = g_str_equal (wcc_record_get_string (message, "state"), "failed");

  /* TRANSLATORS: an SMS in the list: the number it went to, when */
  title = g_strdup_printf (_("To %s · %s"), wcc_record_get_string (message, "to"), when);
  if (failed && *wcc_record_get_string (message, "error") != '\0')
    /* TRANSLATORS: why an SMS was not delivered, then its text */
    subtitle = g_strdup_printf (_("Not delivered: %s\n%s"), wcc_record_get_string (message, "error"),
                                wcc_record_get_string (message, "text"));
  else
    subtitle = g_strdup (wcc_record_get_string (message, "text"));
  wcc_section_row_set (row, title, subtitle, state, style);
  if (failed)
    wcc_section_row_set_button (row, "mail-send-symbolic", _("Send Again"), "sms.reuse",
                                g_variant_new_int64 (wcc_record_get_id (message)));
  else
    wcc_section_row_set_button (row, NULL, NULL, NULL, NULL);
}

/* A message's whole text and what became of it. */
static void
wcc_sms_section_activate_record (WccCustomerSection *section,
                                 WccRecord          *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (section));
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (message, "created_at"), WCC_DATE_STYLE_DATE_TIME);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *style = NULL;
  const char *state = state_label (message, &style);
  const char *error = wcc_record_get_string (message, "error");
  GtkWidget *dialog;

  /* TRANSLATORS: the heading of one SMS shown whole: the number it went to */
  heading = g_strdup_printf (_("SMS to %s"), wcc_record_get_string (message, "to"));
  if (*error != '\0')
    /* TRANSLATORS: under the text of an SMS: when it was sent, its state, why it failed */
    body = g_strdup_printf (_("%s\n\n%s · %s: %s"), wcc_record_get_string (message, "text"), when, state, error);
  else
    /* TRANSLATORS: under the text of an SMS: when it was sent, its state */
    body = g_strdup_printf (_("%s\n\n%s · %s"), wcc_record_get_string (message, "text"), when, state);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_sms_section_dispose (GObject *object)
{
  WccSmsSection *self = WCC_SMS_SECTION (object);

  /* the toast overlay is both the bin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SMS_SECTION);
  g_clear_object (&self->numbers);

  G_OBJECT_CLASS (wcc_sms_section_parent_class)->dispose (object);
}

static void
wcc_sms_section_class_init (WccSmsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  WccCustomerSectionClass *section_class = WCC_CUSTOMER_SECTION_CLASS (klass);

  object_class->dispose = wcc_sms_section_dispose;
  section_class->reload = wcc_sms_section_reload;
  section_class->event = wcc_sms_section_event;
  section_class->describe_write = wcc_sms_section_describe_write;
  section_class->bind_row = wcc_sms_section_bind_row;
  section_class->activate_record = wcc_sms_section_activate_record;
  section_class->list_what = "sms";

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-sms-section.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, pending_label);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, list_view);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, to_row);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, text_view);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, count_label);
  gtk_widget_class_bind_template_child (widget_class, WccSmsSection, no_phone_label);

  gtk_widget_class_install_action (widget_class, "sms.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "sms.reuse", "x", reuse_action);
}

static void
wcc_sms_section_init (WccSmsSection *self)
{
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_customer_section_set_feedback (section, self->toast_overlay, self->pending_label);

  self->numbers = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (self->numbers));
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_compose), self, G_CONNECT_SWAPPED);
  wcc_customer_section_set_list (section, self->list_view, self->list_stack, NULL);
  fill_numbers (self);
}

GtkWidget *
wcc_sms_section_new (WccSession *session,
                     WccRecord  *customer)
{
  return g_object_new (WCC_TYPE_SMS_SECTION, "session", session, "customer", customer, NULL);
}

GListModel *
wcc_sms_section_get_messages (WccSmsSection *self)
{
  g_return_val_if_fail (WCC_IS_SMS_SECTION (self), NULL);
  return wcc_customer_section_get_shown (WCC_CUSTOMER_SECTION (self));
}
