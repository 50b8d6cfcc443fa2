/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-agent-work-window.c: a leader's view of an agent's work (R3, D2). Nothing of the
 * agent's is edited here; the only writes are reassignments, sent with "on_behalf_of" so the
 * server checks the leader may act for the agent and logs it with both names. */
#define G_LOG_DOMAIN "wcc-agent-work-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-agent-work-window.h"
#include "wcc-format.h"
#include "wcc-time.h"

#define PAGE_SIZE 100

struct _WccAgentWorkWindow
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel        *info_label;
  AdwToastOverlay *toast_overlay;
  AdwViewStack    *view_stack;
  GtkListBox      *customers_list;
  GtkListBox      *appointments_list;
  GtkListBox      *records_list;
  GtkListBox      *audit_list;

  /* owned references */
  WccSession      *session;
  GCancellable    *cancellable;
  GArray          *candidate_ids;    /* gint64: the agents work can go to */
  GtkStringList   *candidate_names;

  gint64           agent_id;
  guint            loading;
};

G_DEFINE_FINAL_TYPE (WccAgentWorkWindow, wcc_agent_work_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AGENT_ID,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  SECTION_AGENT,
  SECTION_GROUPS,
  SECTION_CUSTOMERS,
  SECTION_APPOINTMENTS,
  SECTION_RECORDS,
  SECTION_AUDIT,
} Section;

static void
toast (WccAgentWorkWindow *self,
       const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static const char *
string_or_empty (JsonObject *object,
                 const char *member)
{
  if (!json_object_has_member (object, member) || json_object_get_null_member (object, member))
    return "";
  return json_object_get_string_member_with_default (object, member, "");
}

static char *
format_time (JsonObject *object,
             const char *member)
{
  gint64 seconds = 0;

  if (!wcc_time_from_rfc3339 (string_or_empty (object, member), &seconds))
    return g_strdup ("");
  return wcc_format_unix (seconds, WCC_DATE_STYLE_DATE_TIME);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static GtkWidget *
new_row (const char *name,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* ---- reassigning (D2) ---- */

typedef struct {
  WccAgentWorkWindow *self;
  char               *target_name;
  gint64              id;
  gboolean            customer;
} Reassignment;

static void
reassignment_free (Reassignment *reassignment)
{
  g_object_unref (reassignment->self);
  g_free (reassignment->target_name);
  g_free (reassignment);
}

static gboolean
id_listed (JsonArray *ids,
           gint64     id)
{
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (json_array_get_int_element (ids, i) == id)
      return TRUE;
  return FALSE;
}

static void
on_reassigned (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Reassignment *reassignment = user_data;
  WccAgentWorkWindow *self = reassignment->self;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
    }
  else if (outcome == WCC_WRITE_QUEUED)
    toast (self, _("The reassignment is sent when the server is back"));
  else if (reassignment->customer && answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
           !id_listed (json_object_get_array_member (json_node_get_object (answer), "moved"), reassignment->id))
    toast (self, _("Not reassigned: the customer is no longer this agent's, or the other agent does not work on its task"));
  else
    {
      /* TRANSLATORS: %s is the name of the agent who has it now */
      g_autofree char *text = g_strdup_printf (_("Reassigned to %s"), reassignment->target_name);

      toast (self, text);
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    wcc_agent_work_window_reload (self);
  reassignment_free (reassignment);
}

static void
send_reassignment (WccAgentWorkWindow *self,
                   GtkWidget          *row,
                   guint               candidate)
{
  JsonObject *record = g_object_get_data (G_OBJECT (row), "record");
  gboolean customer = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "customer"));
  gint64 id = json_object_get_int_member (record, "id");
  gint64 target = g_array_index (self->candidate_ids, gint64, candidate);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;
  Reassignment *reassignment = g_new0 (Reassignment, 1);

  if (customer)
    {
      JsonArray *ids = json_array_new ();

      json_array_add_int_element (ids, id);
      json_object_set_array_member (body, "ids", ids);
      path = g_strdup ("/api/v1/customers/reassign");
    }
  else
    {
      json_object_set_int_member (body, "version", json_object_get_int_member (record, "version"));
      path = g_strdup_printf ("/api/v1/appointments/%" G_GINT64_FORMAT, id);
    }
  json_object_set_int_member (body, "agent_id", target);
  /* Done for the agent: the server checks the right and logs both names. */
  json_object_set_int_member (body, "on_behalf_of", self->agent_id);
  json_node_set_object (node, body);
  reassignment->self = g_object_ref (self);
  reassignment->target_name = g_strdup (gtk_string_list_get_string (self->candidate_names, candidate));
  reassignment->id = id;
  reassignment->customer = customer;
  gtk_widget_set_sensitive (row, FALSE);
  wcc_session_queue_write_async (self->session, customer ? "POST" : "PATCH", path, node, self->cancellable,
                                 on_reassigned, reassignment);
}

static void
on_reassign_response (AdwMessageDialog *dialog,
                      const char       *response,
                      GtkWidget        *row)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GtkWidget *window = gtk_widget_get_ancestor (row, WCC_TYPE_AGENT_WORK_WINDOW);
  guint selected = gtk_drop_down_get_selected (choice);

  if (g_str_equal (response, "reassign") && window != NULL && selected != GTK_INVALID_LIST_POSITION)
    send_reassignment (WCC_AGENT_WORK_WINDOW (window), row, selected);
}

/* Asks who gets it: the other agents of the leader's groups. */
static void
on_reassign_clicked (GtkButton *button,
                     GtkWidget *row)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (gtk_widget_get_ancestor (row, WCC_TYPE_AGENT_WORK_WINDOW));
  GtkWidget *choice;
  AdwMessageDialog *dialog;

  if (self->candidate_ids->len == 0)
    {
      toast (self, _("No other agent of your groups can take it"));
      return;
    }
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->candidate_names)), NULL);
  gtk_widget_set_name (choice, "agent_choice");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Reassign to Another Agent?"),
                                                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  gtk_widget_set_name (GTK_WIDGET (dialog), "reassign_dialog");
  adw_message_dialog_set_extra_child (dialog, choice);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reassign", _("_Reassign"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reassign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reassign");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reassign_response), row, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
reassignable_row (const char *name,
                  const char *title,
                  const char *subtitle,
                  JsonObject *record,
                  gboolean    customer)
{
  GtkWidget *row = new_row (name, title, subtitle);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Reassign…"));

  gtk_widget_set_name (button, "reassign");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "record", json_object_ref (record), (GDestroyNotify) json_object_unref);
  g_object_set_data (G_OBJECT (row), "customer", GINT_TO_POINTER (customer));
  g_signal_connect (button, "clicked", G_CALLBACK (on_reassign_clicked), row);
  return row;
}

/* ---- the sections ---- */

static void
show_customer (WccAgentWorkWindow *self,
               JsonObject         *customer)
{
  g_autofree char *name = g_strdup_printf ("customer-%" G_GINT64_FORMAT, json_object_get_int_member (customer, "id"));
  JsonArray *phones = json_object_get_array_member (customer, "phones");
  const char *phone = phones != NULL && json_array_get_length (phones) > 0
                      ? string_or_empty (json_array_get_object_element (phones, 0), "number") : "";

  gtk_list_box_append (self->customers_list,
                       reassignable_row (name, string_or_empty (customer, "tab_label"), phone, customer, TRUE));
}

static void
show_appointment (WccAgentWorkWindow *self,
                  JsonObject         *appointment)
{
  g_autofree char *name = g_strdup_printf ("appointment-%" G_GINT64_FORMAT,
                                           json_object_get_int_member (appointment, "id"));
  g_autofree char *due = format_time (appointment, "due_at");
  const char *label = string_or_empty (appointment, "customer_label");

  /* D2: leaders reassign appointments; a client admin sees them. */
  if (wcc_user_has_role (wcc_session_get_user (self->session), WCC_ROLE_LEADER))
    gtk_list_box_append (self->appointments_list, reassignable_row (name, label, due, appointment, FALSE));
  else
    gtk_list_box_append (self->appointments_list, new_row (name, label, due));
}

static void
show_record (WccAgentWorkWindow *self,
             JsonObject         *record)
{
  g_autofree char *name = g_strdup_printf ("record-%" G_GINT64_FORMAT, json_object_get_int_member (record, "id"));
  g_autofree char *when = format_time (record, "created_at");
  const char *note = string_or_empty (record, "note");
  /* TRANSLATORS: a contact record's call result, its note, when it was saved */
  g_autofree char *subtitle = *note != '\0' ? g_strdup_printf (_("%s · %s · %s"), string_or_empty (record, "call_result"),
                                                               note, when)
                                            /* TRANSLATORS: a contact record's call result, when it was saved */
                                            : g_strdup_printf (_("%s · %s"), string_or_empty (record, "call_result"),
                                                               when);

  gtk_list_box_append (self->records_list, new_row (name, string_or_empty (record, "customer_label"), subtitle));
}

/* What the server's action names mean. */
static const char *
action_label (const char *action)
{
  if (g_str_equal (action, "customer.reassigned"))
    return _("Customer reassigned");
  if (g_str_equal (action, "customer.released"))
    return _("Customer released to the pool");
  if (g_str_equal (action, "appointment.reassigned"))
    return _("Appointment reassigned");
  if (g_str_equal (action, "appointment.changed"))
    return _("Appointment moved");
  if (g_str_equal (action, "appointment.removed"))
    return _("Appointment removed");
  return action;
}

static void
show_audit_entry (WccAgentWorkWindow *self,
                  JsonObject         *entry)
{
  g_autofree char *name = g_strdup_printf ("audit-%" G_GINT64_FORMAT, json_object_get_int_member (entry, "id"));
  g_autofree char *when = format_time (entry, "at");
  const char *for_name = string_or_empty (entry, "on_behalf_of_name");
  /* TRANSLATORS: who did it, then what ("Customer reassigned") */
  g_autofree char *title = g_strdup_printf (_("%s: %s"), string_or_empty (entry, "user_name"),
                                            action_label (string_or_empty (entry, "action")));
  /* TRANSLATORS: the agent it was done for, the details, the time */
  g_autofree char *subtitle = *for_name != '\0'
                              ? g_strdup_printf (_("For %s · %s · %s"), for_name, string_or_empty (entry, "detail"),
                                                 when)
                              : g_strdup_printf (_("%s · %s"), string_or_empty (entry, "detail"), when);

  gtk_list_box_append (self->audit_list, new_row (name, title, subtitle));
}

/* Where work can go: the agents of the groups the user leads (any group for an admin) but
 * the agent and the user. */
static void
show_candidates (WccAgentWorkWindow *self,
                 JsonObject         *answer)
{
  WccUser *me = wcc_session_get_user (self->session);
  gboolean admin = wcc_user_has_role (me, WCC_ROLE_CLIENT_ADMIN);
  JsonArray *groups = json_object_get_array_member (answer, "items");

  g_array_set_size (self->candidate_ids, 0);
  gtk_string_list_splice (self->candidate_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->candidate_names)), NULL);
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonArray *members = json_object_get_array_member (json_array_get_object_element (groups, i), "members");
      gboolean leads = admin;

      for (guint k = 0; members != NULL && k < json_array_get_length (members); k++)
        {
          JsonObject *member = json_array_get_object_element (members, k);

          if (json_object_get_int_member (member, "id") == wcc_user_get_id (me) &&
              json_object_get_boolean_member_with_default (member, "leader", FALSE))
            leads = TRUE;
        }
      for (guint k = 0; leads && members != NULL && k < json_array_get_length (members); k++)
        {
          JsonObject *member = json_array_get_object_element (members, k);
          gint64 id = json_object_get_int_member (member, "id");
          gboolean known = FALSE;

          for (guint c = 0; c < self->candidate_ids->len; c++)
            known |= g_array_index (self->candidate_ids, gint64, c) == id;
          if (known || id == self->agent_id || id == wcc_user_get_id (me) ||
              json_object_get_boolean_member_with_default (member, "leader", FALSE))
            continue;
          g_array_append_val (self->candidate_ids, id);
          gtk_string_list_append (self->candidate_names, string_or_empty (member, "display_name"));
        }
    }
}

static void
show_agent (WccAgentWorkWindow *self,
            JsonObject         *agent)
{
  const char *name = string_or_empty (agent, "display_name");
  /* TRANSLATORS: %s is the agent's name */
  g_autofree char *title = g_strdup_printf (_("Work of %s"), name);
  /* TRANSLATORS: %s is the agent's name */
  g_autofree char *info = g_strdup_printf (_("Read-only: %s’s work. Reassignments are done for them and "
                                             "written to the audit log with both your names."), name);

  adw_view_switcher_title_set_title (self->switcher_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->info_label, info);
}

typedef struct {
  WccAgentWorkWindow *self;
  Section             section;
} Load;

static void
on_section_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Load *load = user_data;
  WccAgentWorkWindow *self = load->self;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  struct { GtkListBox *list; void (*show) (WccAgentWorkWindow *, JsonObject *); } lists[] = {
    [SECTION_CUSTOMERS] = { self->customers_list, show_customer },
    [SECTION_APPOINTMENTS] = { self->appointments_list, show_appointment },
    [SECTION_RECORDS] = { self->records_list, show_record },
    [SECTION_AUDIT] = { self->audit_list, show_audit_entry },
  };

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  if (answer == NULL)
    toast (self, error->message);
  else if (load->section == SECTION_AGENT)
    show_agent (self, answer);
  else if (load->section == SECTION_GROUPS)
    show_candidates (self, answer);
  else
    {
      JsonArray *items = json_object_get_array_member (answer, "items");

      clear_list (lists[load->section].list);
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        lists[load->section].show (self, json_array_get_object_element (items, i));
    }
  self->loading--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
out:
  g_object_unref (load->self);
  g_free (load);
}

static void
load_section (WccAgentWorkWindow *self,
              Section             section,
              const char         *path)
{
  Load *load = g_new0 (Load, 1);

  load->self = g_object_ref (self);
  load->section = section;
  self->loading++;
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable, on_section_loaded,
                               load);
}

void
wcc_agent_work_window_reload (WccAgentWorkWindow *self)
{
  gint64 id;
  g_autofree char *agent = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *appointments = NULL;
  g_autofree char *records = NULL;
  g_autofree char *audit = NULL;

  g_return_if_fail (WCC_IS_AGENT_WORK_WINDOW (self));

  id = self->agent_id;
  agent = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  customers = g_strdup_printf ("/api/v1/customers?owner=%" G_GINT64_FORMAT "&sort=updated&order=desc&limit=%d", id,
                               PAGE_SIZE);
  appointments = g_strdup_printf ("/api/v1/customer-appointments?when=all&agent=%" G_GINT64_FORMAT "&limit=%d", id,
                                  PAGE_SIZE);
  records = g_strdup_printf ("/api/v1/contact-records?agent=%" G_GINT64_FORMAT "&limit=%d", id, PAGE_SIZE);
  audit = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT "&acted_for=1&limit=%d", id, PAGE_SIZE);
  load_section (self, SECTION_AGENT, agent);
  load_section (self, SECTION_GROUPS, "/api/v1/groups");
  load_section (self, SECTION_CUSTOMERS, customers);
  load_section (self, SECTION_APPOINTMENTS, appointments);
  load_section (self, SECTION_RECORDS, records);
  load_section (self, SECTION_AUDIT, audit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What the agent or others changed since the window opened (the server sends a leader no
 * events of an agent's customers), read again on request; once at a time. */
static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (widget);

  if (self->loading == 0)
    wcc_agent_work_window_reload (self);
}

static void
wcc_agent_work_window_constructed (GObject *object)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (object);

  G_OBJECT_CLASS (wcc_agent_work_window_parent_class)->constructed (object);

  g_assert (WCC_IS_SESSION (self->session));
  wcc_agent_work_window_reload (self);
}

static void
wcc_agent_work_window_dispose (GObject *object)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_AGENT_WORK_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->candidate_names);

  G_OBJECT_CLASS (wcc_agent_work_window_parent_class)->dispose (object);
}

static void
wcc_agent_work_window_finalize (GObject *object)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->candidate_ids, g_array_unref);

  G_OBJECT_CLASS (wcc_agent_work_window_parent_class)->finalize (object);
}

static void
wcc_agent_work_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_AGENT_ID:
      g_value_set_int64 (value, self->agent_id);
      break;
    case PROP_LOADING:
      g_value_set_uint (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_agent_work_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  WccAgentWorkWindow *self = WCC_AGENT_WORK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_AGENT_ID:
      self->agent_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_agent_work_window_class_init (WccAgentWorkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wcc_agent_work_window_constructed;
  object_class->dispose = wcc_agent_work_window_dispose;
  object_class->finalize = wcc_agent_work_window_finalize;
  object_class->get_property = wcc_agent_work_window_get_property;
  object_class->set_property = wcc_agent_work_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] =
    g_param_spec_int64 ("agent-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_uint ("loading", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-agent-work-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, customers_list);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, appointments_list);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, records_list);
  gtk_widget_class_bind_template_child (widget_class, WccAgentWorkWindow, audit_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "work.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "work.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "work.reload", NULL);
}

static void
wcc_agent_work_window_init (WccAgentWorkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->candidate_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->candidate_names = gtk_string_list_new (NULL);
  gtk_widget_set_name (GTK_WIDGET (self), "agent_work_window");
  set_placeholder (self->customers_list, _("No customers"));
  set_placeholder (self->appointments_list, _("No appointments"));
  set_placeholder (self->records_list, _("No contact records"));
  set_placeholder (self->audit_list, _("Nothing was done for this agent yet"));
}

WccAgentWorkWindow *
wcc_agent_work_window_new (WccSession *session,
                           gint64      agent_id)
{
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  return g_object_new (WCC_TYPE_AGENT_WORK_WINDOW, "session", session, "agent-id", agent_id, NULL);
}

void
wcc_agent_work_window_show_section (WccAgentWorkWindow *self,
                                    const char         *name)
{
  g_return_if_fail (WCC_IS_AGENT_WORK_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

gint64
wcc_agent_work_window_get_agent_id (WccAgentWorkWindow *self)
{
  g_return_val_if_fail (WCC_IS_AGENT_WORK_WINDOW (self), 0);
  return self->agent_id;
}

guint
wcc_agent_work_window_get_loading (WccAgentWorkWindow *self)
{
  g_return_val_if_fail (WCC_IS_AGENT_WORK_WINDOW (self), 0);
  return self->loading;
}
