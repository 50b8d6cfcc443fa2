/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-record-form.c: saving a contact record (call result, note, linked call and
 * ticket; C15, C16) and the customer's appointment (C17). */
#define G_LOG_DOMAIN "wcc-contact-record-form"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-contact-record-form.h"
#include "wcc-format.h"
#include "wcc-time.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CUSTOMER,
  PROP_LINKED_TICKET_ID,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  SIGNAL_TOAST,
  SIGNAL_QUESTIONNAIRE_INVALID,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccContactRecordForm
{
  AdwBin          parent_instance;

  /* template widgets */
  AdwActionRow   *call_row;
  GtkSwitch      *answered_switch;
  AdwComboRow    *result_row;
  AdwActionRow   *ticket_row;
  GtkTextView    *note_view;
  AdwActionRow   *appointment_row;
  AdwEntryRow    *appointment_entry;

  /* owned references */
  WccSession     *session;
  WccRecord      *customer;
  GCancellable   *cancellable;
  GArray         *result_ids;       /* gint64, as the result row's items */
  char           *results_query;    /* the call results shown: the query they came from */
  gint64          call_id;
  gint64          linked_ticket_id;
  GWeakRef        questionnaire;    /* WccQuestionnaireSection of the same tab */
  gboolean        answered;
  gboolean        going_on;
  gboolean        answers_sent;     /* the record being saved carries the questionnaire's */
  gboolean        saving;           /* the record's write waits for its answer */
  gboolean        disposed;         /* the template widgets are gone */
  gboolean        focus_results;    /* the focus was given before the results came */
};

G_DEFINE_FINAL_TYPE (WccContactRecordForm, wcc_contact_record_form, ADW_TYPE_BIN)

static void
toast (WccContactRecordForm *self,
       const char           *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static gint64
customer_id (WccContactRecordForm *self)
{
  return self->customer ? wcc_record_get_id (self->customer) : 0;
}

/* ---- call results for the call's state (C16) --------------------------------------------- */

static void
on_results_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WccContactRecordForm) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *items;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      g_clear_pointer (&self->results_query, g_free);
      return;
    }
  g_array_set_size (self->result_ids, 0);
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (item, "id", 0);

      g_array_append_val (self->result_ids, id);
      gtk_string_list_append (labels, json_object_get_string_member_with_default (item, "label", ""));
    }
  adw_combo_row_set_model (self->result_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->result_row, GTK_INVALID_LIST_POSITION);
  if (self->focus_results)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

      /* unless the agent has gone on elsewhere meanwhile */
      self->focus_results = FALSE;
      if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->result_row));
    }
}

static void
load_results (WccContactRecordForm *self)
{
  gint64 task = self->customer ? wcc_record_get_int (self->customer, "task_id", 0) : 0;
  g_autofree char *query = NULL;

  if (self->session == NULL)
    return;
  if (task > 0)
    query = g_strdup_printf ("/api/v1/call-results?task=%" G_GINT64_FORMAT "&call_state=%s", task,
                             self->answered ? "answered" : "unanswered");
  else
    query = g_strdup_printf ("/api/v1/call-results?call_state=%s", self->answered ? "answered" : "unanswered");
  if (g_strcmp0 (query, self->results_query) == 0)
    return;
  g_free (self->results_query);
  self->results_query = g_strdup (query);
  wcc_client_get_object_async (wcc_session_get_client (self->session), query, self->cancellable,
                               on_results_loaded, g_object_ref (self));
}

static void
show_call (WccContactRecordForm *self)
{
  g_autofree char *subtitle = NULL;

  if (self->call_id > 0)
    subtitle = g_strdup_printf (self->going_on ? _("Call %lld, going on")
                                : self->answered ? _("Call %lld, answered")
                                : _("Call %lld, not answered"), (long long) self->call_id);
  else
    subtitle = g_strdup (_("No call: say whether the customer was reached"));
  adw_action_row_set_subtitle (self->call_row, subtitle);
  /* With a call its state decides; without one the agent says. */
  gtk_widget_set_visible (GTK_WIDGET (self->answered_switch), self->call_id == 0);
  load_results (self);
}

static void
on_answered_toggled (WccContactRecordForm *self)
{
  if (self->call_id != 0)
    return;
  self->answered = gtk_switch_get_active (self->answered_switch);
  load_results (self);
}

static void
show_ticket (WccContactRecordForm *self)
{
  g_autofree char *subtitle = g_strdup_printf (_("Ticket %lld, saved in this tab"), (long long) self->linked_ticket_id);

  adw_action_row_set_subtitle (self->ticket_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_row), self->linked_ticket_id > 0);
}

/* ---- saving the record ------------------------------------------------------------------- */

static char *
note_text (WccContactRecordForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
on_record_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WccContactRecordForm) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  self->saving = FALSE;
  if (self->disposed)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save", TRUE);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      /* Refused: what was typed stays for the agent to correct. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", 0);
  adw_combo_row_set_selected (self->result_row, GTK_INVALID_LIST_POSITION);
  {
    g_autoptr(WccQuestionnaireSection) questionnaire = g_weak_ref_get (&self->questionnaire);

    /* the answers went with the record (applied or queued): the next call starts afresh */
    if (questionnaire != NULL && self->answers_sent)
      wcc_questionnaire_section_clear (questionnaire);
    self->answers_sent = FALSE;
  }
  toast (self, outcome == WCC_WRITE_QUEUED ? _("The contact record is sent when the server is back")
                                           : _("Contact record saved"));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0,
                 outcome == WCC_WRITE_APPLIED && answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_contact_record_form_save (WCC_CONTACT_RECORD_FORM (widget));
}

/* ---- the appointment (C17) --------------------------------------------------------------- */

static void
show_appointment (WccContactRecordForm *self,
                  JsonObject           *appointment)
{
  const char *due = appointment ? json_object_get_string_member_with_default (appointment, "due_at", NULL) : NULL;
  gint64 seconds = 0;

  if (due != NULL && wcc_time_from_rfc3339 (due, &seconds))
    {
      g_autofree char *text = wcc_format_unix (seconds, WCC_DATE_STYLE_DATE_TIME);
      adw_action_row_set_subtitle (self->appointment_row, text);
    }
  else
    adw_action_row_set_subtitle (self->appointment_row, _("None booked"));
}

static void
on_appointments_loaded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WccContactRecordForm) self = user_data;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, NULL);
  JsonArray *items = answer ? json_object_get_array_member (answer, "items") : NULL;
  WccUser *user = wcc_session_get_user (self->session);
  JsonObject *mine = NULL;

  for (guint i = 0; items != NULL && user != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_object_get_int_member_with_default (item, "agent_id", 0) == wcc_user_get_id (user))
        mine = item;
    }
  show_appointment (self, mine);
}

static void
load_appointment (WccContactRecordForm *self)
{
  g_autofree char *path = NULL;

  if (customer_id (self) == 0)
    {
      show_appointment (self, NULL);
      return;
    }
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/appointments", customer_id (self));
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                               on_appointments_loaded, g_object_ref (self));
}

static void
on_appointment_booked (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WccContactRecordForm) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      toast (self, _("The appointment is booked when the server is back"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->appointment_entry), "");
  toast (self, _("Appointment booked"));
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    show_appointment (self, json_node_get_object (answer));
}

static void
book (WccContactRecordForm *self,
      const char           *member,
      const char           *value)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;

  if (customer_id (self) == 0)
    {
      toast (self, _("Save the customer before booking an appointment"));
      return;
    }
  json_object_set_string_member (body, member, value);
  json_node_set_object (node, body);
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/appointment", customer_id (self));
  wcc_session_queue_write_async (self->session, "PUT", path, node, self->cancellable,
                                 on_appointment_booked, g_object_ref (self));
}

static void
book_quick_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  book (WCC_CONTACT_RECORD_FORM (widget), "quick", g_variant_get_string (parameter, NULL));
}

static void
on_appointment_apply (WccContactRecordForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->appointment_entry));
  int year, month, day, hour, minute;
  char tail;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *at = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &tail) != 5 ||
      (local = g_date_time_new (zone, year, month, day, hour, minute, 0)) == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->appointment_entry), "error");
      toast (self, _("Type the time as YYYY-MM-DD HH:MM"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->appointment_entry), "error");
  at = wcc_time_to_rfc3339 (g_date_time_to_unix (local));
  book (self, "at", at);
}

static void
on_calendar_day (WccContactRecordForm *self,
                 GtkCalendar          *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d 10:00");

  gtk_editable_set_text (GTK_EDITABLE (self->appointment_entry), text);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
  gtk_widget_grab_focus (GTK_WIDGET (self->appointment_entry));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
set_customer (WccContactRecordForm *self,
              WccRecord            *customer)
{
  if (!g_set_object (&self->customer, customer))
    return;
  g_clear_pointer (&self->results_query, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self), customer != NULL);
  if (self->session != NULL)
    {
      load_results (self);
      load_appointment (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

static void
wcc_contact_record_form_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  WccContactRecordForm *self = WCC_CONTACT_RECORD_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_CUSTOMER: g_value_set_object (value, self->customer); break;
    case PROP_LINKED_TICKET_ID: g_value_set_int64 (value, self->linked_ticket_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_contact_record_form_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  WccContactRecordForm *self = WCC_CONTACT_RECORD_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_set_object (&self->session, g_value_get_object (value)); break;
    case PROP_CUSTOMER: set_customer (self, g_value_get_object (value)); break;
    case PROP_LINKED_TICKET_ID:
      self->linked_ticket_id = g_value_get_int64 (value);
      show_ticket (self);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_contact_record_form_dispose (GObject *object)
{
  WccContactRecordForm *self = WCC_CONTACT_RECORD_FORM (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CONTACT_RECORD_FORM);
  g_clear_object (&self->customer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_contact_record_form_parent_class)->dispose (object);
}

static void
wcc_contact_record_form_finalize (GObject *object)
{
  WccContactRecordForm *self = WCC_CONTACT_RECORD_FORM (object);

  g_clear_object (&self->cancellable);
  g_weak_ref_clear (&self->questionnaire);
  g_clear_pointer (&self->result_ids, g_array_unref);
  g_free (self->results_query);

  G_OBJECT_CLASS (wcc_contact_record_form_parent_class)->finalize (object);
}

/* The focus given to the form (its section chosen by keyboard) starts at the call result. */
static gboolean
wcc_contact_record_form_grab_focus (GtkWidget *widget)
{
  WccContactRecordForm *self = WCC_CONTACT_RECORD_FORM (widget);

  if (gtk_widget_grab_focus (GTK_WIDGET (self->result_row)))
    return TRUE;
  /* no results yet (the row takes no focus then): it gets it when they arrive */
  self->focus_results = TRUE;
  return FALSE;
}

static void
wcc_contact_record_form_class_init (WccContactRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_contact_record_form_get_property;
  object_class->set_property = wcc_contact_record_form_set_property;
  object_class->dispose = wcc_contact_record_form_dispose;
  object_class->finalize = wcc_contact_record_form_finalize;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION, rw);
  properties[PROP_CUSTOMER] = g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD, rw);
  properties[PROP_LINKED_TICKET_ID] = g_param_spec_int64 ("linked-ticket-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A required question is left empty: the tab shows the questionnaire. */
  signals[SIGNAL_QUESTIONNAIRE_INVALID] =
    g_signal_new ("questionnaire-invalid", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-contact-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, call_row);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, answered_switch);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, result_row);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, ticket_row);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, note_view);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, appointment_row);
  gtk_widget_class_bind_template_child (widget_class, WccContactRecordForm, appointment_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_answered_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_appointment_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "record.book-quick", "s", book_quick_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "record.save", NULL);
  widget_class->grab_focus = wcc_contact_record_form_grab_focus;
}

static void
wcc_contact_record_form_init (WccContactRecordForm *self)
{
  self->cancellable = g_cancellable_new ();
  self->result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  show_call (self);
}

void
wcc_contact_record_form_set_call (WccContactRecordForm *self,
                                  gint64                call_id,
                                  gboolean              answered,
                                  gboolean              going_on)
{
  g_return_if_fail (WCC_IS_CONTACT_RECORD_FORM (self));

  self->call_id = call_id;
  self->going_on = going_on;
  self->answered = call_id != 0 ? answered || going_on : gtk_switch_get_active (self->answered_switch);
  show_call (self);
}

/* C18: the questionnaire's answers, when the call got to them (none answered: the call did
 * not get that far, and the record goes without). */
static gboolean
add_answers (WccContactRecordForm *self,
             JsonObject           *body)
{
  g_autoptr(WccQuestionnaireSection) questionnaire = g_weak_ref_get (&self->questionnaire);
  g_autoptr(GError) error = NULL;

  self->answers_sent = FALSE;
  if (questionnaire == NULL || !wcc_questionnaire_section_get_has_questionnaire (questionnaire) ||
      wcc_questionnaire_section_get_answered (questionnaire) == 0)
    return TRUE;
  if (!wcc_questionnaire_section_validate (questionnaire, &error))
    {
      /* the section has put the focus on the question; the tab shows it */
      toast (self, error->message);
      g_signal_emit (self, signals[SIGNAL_QUESTIONNAIRE_INVALID], 0);
      return FALSE;
    }
  json_object_set_object_member (body, "answers", wcc_questionnaire_section_get_answers (questionnaire));
  self->answers_sent = TRUE;
  return TRUE;
}

void
wcc_contact_record_form_set_questionnaire (WccContactRecordForm    *self,
                                           WccQuestionnaireSection *questionnaire)
{
  g_return_if_fail (WCC_IS_CONTACT_RECORD_FORM (self));
  g_return_if_fail (questionnaire == NULL || WCC_IS_QUESTIONNAIRE_SECTION (questionnaire));

  g_weak_ref_set (&self->questionnaire, questionnaire);
}

gboolean
wcc_contact_record_form_get_unsaved (WccContactRecordForm *self)
{
  g_autofree char *note = NULL;

  g_return_val_if_fail (WCC_IS_CONTACT_RECORD_FORM (self), FALSE);

  if (self->saving)
    return TRUE;
  note = note_text (self);
  return *note != '\0' || adw_combo_row_get_selected (self->result_row) != GTK_INVALID_LIST_POSITION;
}

gboolean
wcc_contact_record_form_get_saving (WccContactRecordForm *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT_RECORD_FORM (self), FALSE);
  return self->saving;
}

gboolean
wcc_contact_record_form_save (WccContactRecordForm *self)
{
  guint selected;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *note = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (WCC_IS_CONTACT_RECORD_FORM (self), FALSE);

  selected = adw_combo_row_get_selected (self->result_row);
  if (customer_id (self) == 0 || selected == GTK_INVALID_LIST_POSITION || selected >= self->result_ids->len)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->result_row), "error");
      toast (self, _("Choose a call result first"));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_row), "error");
  body = json_object_new ();
  json_object_set_int_member (body, "call_result_id", g_array_index (self->result_ids, gint64, selected));
  if (self->call_id > 0)
    json_object_set_int_member (body, "call_id", self->call_id);
  else
    json_object_set_string_member (body, "call_state", self->answered ? "answered" : "unanswered");
  note = note_text (self);
  if (*note != '\0')
    json_object_set_string_member (body, "note", note);
  if (self->linked_ticket_id > 0)
    json_object_set_int_member (body, "ticket_id", self->linked_ticket_id);
  if (!add_answers (self, body))
    return FALSE;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, body);
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer_id (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save", FALSE);
  self->saving = TRUE;
  /* Not cancelled with the form: the record goes to the server (or the outbox) whatever
   * becomes of the tab, and "saved" starts the recording's upload. */
  wcc_session_queue_write_async (self->session, "POST", path, node, NULL,
                                 on_record_saved, g_object_ref (self));
  return TRUE;
}
