/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-tab.c: one customer being worked on (C8): warnings, phone numbers, details,
 * contact record, history, notes and the sections other parts add. */
#define G_LOG_DOMAIN "wcc-customer-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-contact-history.h"
#include "wcc-contact-record-form.h"
#include "wcc-customer-details.h"
#include "wcc-customer-notes.h"
#include "wcc-customer-tab.h"
#include "wcc-error.h"
#include "wcc-orders-section.h"
#include "wcc-questionnaire-section.h"
#include "wcc-related-contacts-section.h"
#include "wcc-sms-section.h"
#include "wcc-tickets-section.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SOFTPHONE,
  PROP_CUSTOMER_ID,
  PROP_TASK_ID,
  PROP_CUSTOMER,
  PROP_TITLE,
  PROP_CALL,
  PROP_CALL_ID,
  PROP_LINKED_TICKET_ID,
  PROP_PENDING,
  PROP_COMPACT,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccCustomerTab
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkRevealer          *warnings_revealer;
  GtkBox               *warnings_box;
  GtkLabel             *title_label;
  GtkLabel             *call_label;
  GtkBox               *phones_box;
  GtkLabel             *requests_label;
  AdwViewStack         *view_stack;
  GtkListView          *section_list;
  GBinding             *compact_binding;   /* from the main window's "compact" */
  gboolean              compact;           /* the list of sections shows icons only */
  WccCustomerDetails   *details;
  WccContactRecordForm *record_form;
  WccContactHistory    *history;
  WccCustomerNotes     *notes;

  /* owned references */
  WccSession           *session;
  WccSoftphone         *softphone;
  WccRecord            *customer;
  WccCall              *call;
  GCancellable         *cancellable;
  char                 *title;
  gint64                customer_id;
  gint64                task_id;
  gint64                call_id;
  gint64                linked_ticket_id;
  char                 *dial_on_load;   /* a number to call once the customer is read */
};

G_DEFINE_FINAL_TYPE (WccCustomerTab, wcc_customer_tab, ADW_TYPE_BIN)

static void
toast (WccCustomerTab *self,
       const char     *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static WccClient *
client (WccCustomerTab *self)
{
  return wcc_session_get_client (self->session);
}

static void
set_title (WccCustomerTab *self,
           const char     *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_text (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Every section shows the same customer: the tab's own and those added later. */
static void
share_customer (WccCustomerTab *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *section = adw_view_stack_page_get_child (page);

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (section), "customer") != NULL)
        g_object_set (section, "customer", self->customer, NULL);
    }
}

/* ---- phone numbers (C6) ---------------------------------------------------------------- */

static GMenuModel *
phone_menu (const char *number)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) requests = g_menu_new ();
  g_autoptr(GMenuItem) call = g_menu_item_new (_("_Call"), NULL);
  g_autoptr(GMenuItem) dnc = g_menu_item_new (_("Request _Do-Not-Call…"), NULL);
  g_autoptr(GMenuItem) blacklist = g_menu_item_new (_("Request _Blacklist…"), NULL);

  g_menu_item_set_action_and_target_value (call, "tab.call-number", g_variant_new_string (number));
  g_menu_item_set_action_and_target_value (dnc, "tab.request-number", g_variant_new ("(ss)", "do_not_call", number));
  g_menu_item_set_action_and_target_value (blacklist, "tab.request-number", g_variant_new ("(ss)", "blacklist", number));
  g_menu_append_item (menu, call);
  g_menu_append_item (requests, dnc);
  g_menu_append_item (requests, blacklist);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (requests));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
show_phones (WccCustomerTab *self)
{
  JsonArray *phones = self->customer ? wcc_record_get_array (self->customer, "phones") : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->phones_box))) != NULL)
    gtk_box_remove (self->phones_box, child);
  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *phone = json_array_get_object_element (phones, i);
      const char *number = phone ? json_object_get_string_member_with_default (phone, "number", "") : "";
      g_autoptr(GMenuModel) menu = NULL;
      GtkWidget *button;

      if (*number == '\0')
        continue;
      menu = phone_menu (number);
      button = gtk_menu_button_new ();
      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), number);
      /* GTK 4.8 names a menu button by its accessible label only, not by its label. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, number, -1);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
      gtk_widget_set_tooltip_text (button, _("Call or request a block for this number"));
      gtk_widget_set_name (button, number);
      gtk_box_append (self->phones_box, button);
    }
}

static void
on_requests_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccCustomerTab) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *items;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (answer == NULL)
    return;
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *request = json_array_get_object_element (items, i);
      const char *kind = json_object_get_string_member_with_default (request, "kind", "");
      const char *state = json_object_get_string_member_with_default (request, "state", "");
      const char *number = json_object_get_string_member_with_default (request, "number", "");
      const char *kind_text = g_str_equal (kind, "blacklist") ? _("Blacklist") : _("Do-not-call");
      const char *state_text = g_str_equal (state, "approved") ? _("approved: the number is not called")
                             : g_str_equal (state, "rejected") ? _("rejected")
                             : _("waiting for review: the number can still be called");

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: "Do-not-call for +81 3-1234-5678: waiting for review…" */
      g_string_append_printf (text, _("%s for %s: %s"), kind_text, number, state_text);
    }
  gtk_label_set_text (self->requests_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_label), text->len > 0);
}

static void
load_requests (WccCustomerTab *self)
{
  g_autofree char *path = NULL;

  if (self->customer_id == 0)
    return;
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests?limit=50", self->customer_id);
  wcc_client_get_object_async (client (self), path, self->cancellable, on_requests_loaded, g_object_ref (self));
}

static void
on_request_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccCustomerTab) self = user_data;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  toast (self, outcome == WCC_WRITE_QUEUED ? _("The request will be sent when the server is back")
                                           : _("Request sent for review"));
  load_requests (self);
}

static void
on_request_response (AdwMessageDialog *dialog,
                     const char       *response,
                     WccCustomerTab   *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "send") || self->customer_id == 0)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (dialog), "kind"));
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, g_object_get_data (G_OBJECT (dialog), "number"));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, gtk_editable_get_text (reason));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", self->customer_id);
  wcc_session_queue_write_async (self->session, "POST", path, body, self->cancellable,
                                 on_request_written, g_object_ref (self));
}

static void
on_reason_changed (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "send", *text != '\0');
}

static void
request_number_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (widget);
  const char *kind, *number;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *reason;

  g_variant_get (parameter, "(&s&s)", &kind, &number);
  heading = g_strdup_printf (g_str_equal (kind, "blacklist") ? _("Blacklist %s?") : _("Do Not Call %s?"), number);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                       _("An administrator or authorised team leader reviews the request. "
                                                         "Until it is approved the number can still be called.")));
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason"));
  gtk_entry_set_max_length (GTK_ENTRY (reason), 200);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  adw_message_dialog_set_extra_child (dialog, reason);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", _("_Send Request"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "send", FALSE);
  adw_message_dialog_set_default_response (dialog, "send");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "number", g_strdup (number), g_free);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect (reason, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_request_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
call_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (widget);
  g_autoptr(GError) error = NULL;

  if (wcc_customer_tab_dial (self, g_variant_get_string (parameter, NULL), &error) == NULL)
    toast (self, error->message);
}

/* ---- pop-up warnings (C9) --------------------------------------------------------------- */

static void
on_warnings_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccCustomerTab) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  GtkWidget *child;
  guint shown = 0;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (answer == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_box))) != NULL)
    gtk_box_remove (self->warnings_box, child);
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *note = json_array_get_object_element (items, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label;

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      /* The customer's own words: plain text, never markup. */
      label = gtk_label_new (json_object_get_string_member_with_default (note, "text", ""));
      /* One line each (a wrapped label here upsets AdwTabView's size checks on GTK 4.8):
       * the full text is the tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (label, gtk_label_get_text (GTK_LABEL (label)));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->warnings_box, row);
      shown++;
    }
  gtk_revealer_set_reveal_child (self->warnings_revealer, shown > 0);
}

static void
load_warnings (WccCustomerTab *self)
{
  g_autofree char *path = NULL;

  if (self->customer_id == 0)
    return;
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/warnings?limit=20", self->customer_id);
  wcc_client_get_object_async (client (self), path, self->cancellable, on_warnings_loaded, g_object_ref (self));
}

/* ---- the customer ------------------------------------------------------------------------ */

static void
on_customer_data (WccCustomerTab *self)
{
  set_title (self, wcc_record_get_string (self->customer, "tab_label"));
  show_phones (self);
}

static void
set_customer (WccCustomerTab *self,
              JsonObject     *data)
{
  if (self->customer != NULL && wcc_record_get_id (self->customer) == json_object_get_int_member_with_default (data, "id", 0))
    {
      wcc_record_update (self->customer, data);
      return;
    }
  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  g_clear_object (&self->customer);
  self->customer = wcc_record_new (data);
  g_signal_connect_object (self->customer, "notify::data", G_CALLBACK (on_customer_data), self, G_CONNECT_SWAPPED);
  if (self->customer_id != wcc_record_get_id (self->customer))
    {
      self->customer_id = wcc_record_get_id (self->customer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
    }
  on_customer_data (self);
  share_customer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
  if (self->dial_on_load != NULL)
    {
      g_autofree char *number = g_steal_pointer (&self->dial_on_load);
      wcc_customer_tab_call (self, number);
    }
}

static void
on_customer_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccCustomerTab) self = user_data;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(GError) error = NULL;

  data = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (data == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (self->customer == NULL)
        set_title (self, _("Customer not available"));
      toast (self, error->message);
      return;
    }
  set_customer (self, data);
}

static void
on_details_saved (WccCustomerTab *self,
                  JsonObject     *data,
                  WccCustomerDetails *details)
{
  set_customer (self, data);
  load_warnings (self);
  load_requests (self);
}

/* A newer version from the server (an event): shown unless the agent is editing the form,
 * which then says the server's changed (saving meets the version conflict). */
static void
take_server_version (WccCustomerTab *self,
                     JsonObject     *data)
{
  if (json_object_get_int_member_with_default (data, "id", 0) != self->customer_id)
    return;
  /* Our own save's answer brought it already (or something newer). */
  if (self->customer != NULL &&
      json_object_get_int_member_with_default (data, "version", 0) <= wcc_record_get_version (self->customer))
    return;
  if (self->details != NULL && wcc_customer_details_get_edited (self->details))
    {
      wcc_customer_details_show_outdated (self->details);
      return;
    }
  set_customer (self, data);
}

static void
on_customer_refreshed (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WccCustomerTab) self = user_data;
  g_autoptr(JsonObject) data = wcc_client_get_object_finish (WCC_CLIENT (source), result, NULL);

  /* Not seen any more (moved to another group's task): the tab keeps what it shows. */
  if (data != NULL)
    take_server_version (self, data);
}

/* Is @id among the ids of a customers.moved event? */
static gboolean
moves_name (JsonObject *data,
            gint64      id)
{
  JsonNode *node = json_object_get_member (data, "moves");
  JsonArray *moves = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; moves != NULL && i < json_array_get_length (moves); i++)
    {
      JsonNode *move = json_array_get_element (moves, i);
      JsonNode *ids = JSON_NODE_HOLDS_OBJECT (move) ? json_object_get_member (json_node_get_object (move), "ids") : NULL;

      for (guint j = 0; ids != NULL && JSON_NODE_HOLDS_ARRAY (ids) && j < json_array_get_length (json_node_get_array (ids)); j++)
        if (json_array_get_int_element (json_node_get_array (ids), j) == id)
          return TRUE;
    }
  return FALSE;
}

/* customer.changed carries the customer; customers.moved only says it changed hands. */
static void
on_customer_event (WccCustomerTab *self,
                   const char     *type,
                   gint64          seq,
                   JsonNode       *data,
                   WccEventStream *events)
{
  if (self->customer_id == 0 || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  if (g_str_equal (type, "customer.changed"))
    take_server_version (self, json_node_get_object (data));
  else if (moves_name (json_node_get_object (data), self->customer_id))
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, self->customer_id);
      wcc_client_get_object_async (client (self), path, self->cancellable, on_customer_refreshed, g_object_ref (self));
    }
}

static void
on_details_pending (WccCustomerTab *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
on_section_toast (WccCustomerTab *self,
                  const char     *message,
                  GtkWidget      *section)
{
  toast (self, message);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_customer_tab_reload (WCC_CUSTOMER_TAB (widget));
}

/* ---- the call ---------------------------------------------------------------------------- */

static void
update_call_state (WccCustomerTab *self)
{
  gint64 answered = 0;
  WccCallState state;
  gint64 id;

  if (self->call == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->call_label), FALSE);
      return;
    }
  state = wcc_call_get_state (self->call);
  g_object_get (self->call, "answer-time", &answered, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->call_label), TRUE);
  gtk_label_set_text (self->call_label,
                      state == WCC_CALL_ACTIVE ? _("On the call")
                      : state == WCC_CALL_ENDED ? (answered > 0 ? _("Call ended") : _("Not answered"))
                      : _("Calling…"));
  id = self->softphone ? wcc_softphone_get_server_call_id (self->softphone, self->call) : 0;
  if (id != self->call_id)
    {
      self->call_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_ID]);
    }
  wcc_contact_record_form_set_call (self->record_form, self->call_id,
                                    state == WCC_CALL_ENDED || state == WCC_CALL_ACTIVE ? answered > 0 : FALSE,
                                    state != WCC_CALL_ENDED);
}

static void
on_record_saved (WccCustomerTab       *self,
                 JsonObject           *record,
                 WccContactRecordForm *form)
{
  /* The call's recording goes with its record (once its file is complete). */
  if (self->call != NULL && self->softphone != NULL && self->call_id != 0)
    wcc_softphone_upload_recording (self->softphone, self->call);
  if (self->history == NULL)
    return;   /* disposed: the upload was handed over (hand_over_upload()) */
  if (record != NULL)
    wcc_contact_history_prepend (self->history, record);
  wcc_customer_tab_set_linked_ticket (self, 0);
}

static void
on_recording_uploaded (WccCustomerTab *self,
                       WccCall        *call,
                       gint64          call_id,
                       WccSoftphone   *softphone)
{
  if (call_id == self->call_id && call_id != 0)
    wcc_contact_history_reload (self->history);
}

static void
on_questionnaire_invalid (WccCustomerTab *self)
{
  wcc_customer_tab_show_section (self, "questionnaire");
}

/* The sections every customer has (C10–C14, C18): a ticket saved here goes with the next
 * contact record, and so do the questionnaire's answers. */
/* Each section's title has a mnemonic, like those of the template's (Alt+D, C, H, N): Alt+T,
 * Q, O, E and M show tickets, questionnaire, orders, related contacts and SMS. */
static void
add_standard_sections (WccCustomerTab *self)
{
  GtkWidget *tickets = wcc_tickets_section_new (self->session, NULL);
  GtkWidget *questionnaire = wcc_questionnaire_section_new (self->session, NULL);

  g_signal_connect_object (tickets, "ticket-saved", G_CALLBACK (wcc_customer_tab_set_linked_ticket),
                           self, G_CONNECT_SWAPPED);
  wcc_customer_tab_add_section (self, "tickets", _("_Tickets"), "x-office-document-symbolic", tickets);
  wcc_customer_tab_add_section (self, "questionnaire", _("_Questionnaire"), "view-list-bullet-symbolic",
                                questionnaire);
  wcc_contact_record_form_set_questionnaire (self->record_form, WCC_QUESTIONNAIRE_SECTION (questionnaire));
  g_signal_connect_object (self->record_form, "questionnaire-invalid", G_CALLBACK (on_questionnaire_invalid),
                           self, G_CONNECT_SWAPPED);
  wcc_customer_tab_add_section (self, "orders", _("_Orders"), "package-x-generic-symbolic",
                                wcc_orders_section_new (self->session, NULL));
  wcc_customer_tab_add_section (self, "related-contacts", _("R_elated Contacts"), "system-users-symbolic",
                                wcc_related_contacts_section_new (self->session, NULL));
  wcc_customer_tab_add_section (self, "sms", _("S_MS"), "mail-send-symbolic",
                                wcc_sms_section_new (self->session, NULL));
}

/* The tab closes while its contact record is being saved: the recording's upload still
 * follows the record, without the tab (the form lives until its write has answered). */
typedef struct {
  WccSoftphone *softphone;
  WccCall      *call;
} UploadAfterSave;

static void
upload_after_save_free (gpointer data,
                        GClosure *closure)
{
  UploadAfterSave *upload = data;

  g_clear_object (&upload->softphone);
  g_clear_object (&upload->call);
  g_free (upload);
}

static void
on_record_saved_after_close (WccContactRecordForm *form,
                             JsonObject           *record,
                             UploadAfterSave      *upload)
{
  wcc_softphone_upload_recording (upload->softphone, upload->call);
}

static void
hand_over_upload (WccCustomerTab *self)
{
  UploadAfterSave *upload;

  if (self->record_form == NULL || !wcc_contact_record_form_get_saving (self->record_form) ||
      self->call == NULL || self->softphone == NULL || self->call_id == 0)
    return;
  upload = g_new0 (UploadAfterSave, 1);
  upload->softphone = g_object_ref (self->softphone);
  upload->call = g_object_ref (self->call);
  g_signal_connect_data (self->record_form, "saved", G_CALLBACK (on_record_saved_after_close), upload,
                         upload_after_save_free, 0);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_customer_tab_constructed (GObject *object)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (object);

  G_OBJECT_CLASS (wcc_customer_tab_parent_class)->constructed (object);
  g_assert (WCC_IS_SESSION (self->session));

  g_object_set (self->details, "session", self->session, "task-id", self->task_id, NULL);
  g_object_set (self->record_form, "session", self->session, NULL);
  g_object_set (self->history, "session", self->session, NULL);
  g_object_set (self->notes, "session", self->session, NULL);
  g_signal_connect_object (self->details, "notify::pending", G_CALLBACK (on_details_pending), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self, "linked-ticket-id", self->record_form, "linked-ticket-id", G_BINDING_SYNC_CREATE);
  if (self->softphone != NULL)
    g_signal_connect_object (self->softphone, "recording-uploaded", G_CALLBACK (on_recording_uploaded), self, G_CONNECT_SWAPPED);
  {
    WccEventStream *events = wcc_session_get_event_stream (self->session);

    g_signal_connect_object (events, "event::customer.changed", G_CALLBACK (on_customer_event), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (events, "event::customers.moved", G_CALLBACK (on_customer_event), self, G_CONNECT_SWAPPED);
  }

  add_standard_sections (self);

  if (self->customer_id == 0)
    {
      /* TRANSLATORS: the tab of a customer being added, not saved yet (C8). */
      set_title (self, _("New customer"));
      gtk_widget_set_visible (GTK_WIDGET (self->requests_label), FALSE);
    }
  else
    {
      set_title (self, _("Loading…"));
      wcc_customer_tab_reload (self);
    }
  update_call_state (self);
}

static void
wcc_customer_tab_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_SOFTPHONE: g_value_set_object (value, self->softphone); break;
    case PROP_CUSTOMER_ID: g_value_set_int64 (value, self->customer_id); break;
    case PROP_TASK_ID: g_value_set_int64 (value, self->task_id); break;
    case PROP_CUSTOMER: g_value_set_object (value, self->customer); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CALL: g_value_set_object (value, self->call); break;
    case PROP_CALL_ID: g_value_set_int64 (value, self->call_id); break;
    case PROP_LINKED_TICKET_ID: g_value_set_int64 (value, self->linked_ticket_id); break;
    case PROP_PENDING: g_value_set_boolean (value, wcc_customer_tab_get_pending (self)); break;
    case PROP_COMPACT: g_value_set_boolean (value, self->compact); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_tab_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    case PROP_SOFTPHONE: self->softphone = g_value_dup_object (value); break;
    case PROP_CUSTOMER_ID: self->customer_id = g_value_get_int64 (value); break;
    case PROP_TASK_ID: self->task_id = g_value_get_int64 (value); break;
    case PROP_CALL: wcc_customer_tab_set_call (self, g_value_get_object (value)); break;
    case PROP_LINKED_TICKET_ID: wcc_customer_tab_set_linked_ticket (self, g_value_get_int64 (value)); break;
    case PROP_COMPACT:
      if (self->compact != g_value_get_boolean (value))
        {
          self->compact = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_tab_dispose (GObject *object)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (object);

  g_cancellable_cancel (self->cancellable);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  hand_over_upload (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CUSTOMER_TAB);
  g_clear_object (&self->call);
  g_clear_object (&self->customer);
  g_clear_object (&self->softphone);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_customer_tab_parent_class)->dispose (object);
}

static void
wcc_customer_tab_finalize (GObject *object)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (object);

  g_clear_object (&self->cancellable);
  g_free (self->title);
  g_free (self->dial_on_load);

  G_OBJECT_CLASS (wcc_customer_tab_parent_class)->finalize (object);
}

/* The section @section shows and the keyboard focus goes into it (where the section puts
 * it when it says, else on its first control). */
static void
show_section_with_focus (WccCustomerTab *self,
                         GtkWidget      *section)
{
  adw_view_stack_set_visible_child (self->view_stack, section);
  if (!gtk_widget_grab_focus (section))
    gtk_widget_child_focus (section, GTK_DIR_TAB_FORWARD);
}

/* Enter on a section's row, or its mnemonic (Alt and the underlined letter, which
 * activates the row): the section shows with the focus in it. */
static void
on_section_activated (WccCustomerTab *self,
                      guint           position)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), position);

  if (page != NULL)
    show_section_with_focus (self, adw_view_stack_page_get_child (page));
}

/* The focus given to the tab (a call answered) goes to its list of sections. */
static gboolean
wcc_customer_tab_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WCC_CUSTOMER_TAB (widget)->section_list));
}

/* ---- the list of sections: names, or icons only in a narrow window ----------------------- */

static gboolean
compact_to_tooltip (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      label)
{
  g_value_set_string (to, g_value_get_boolean (from) ? gtk_label_get_text (label) : NULL);
  return TRUE;
}

/* The mnemonic of a section whose name is hidden (compact): the label's own mnemonic works
 * only while it shows, this one only while it does not. */
static gboolean
activate_compact_row (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   item)
{
  GtkWidget *tab = gtk_widget_get_ancestor (widget, WCC_TYPE_CUSTOMER_TAB);

  if (tab == NULL || !WCC_CUSTOMER_TAB (tab)->compact)
    return FALSE;
  on_section_activated (WCC_CUSTOMER_TAB (tab), gtk_list_item_get_position (item));
  return TRUE;
}

static void
setup_section_row (WccCustomerTab *self,
                   GtkListItem    *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_use_underline (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  g_object_bind_property (self, "compact", label, "visible", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_list_item_set_child (item, box);
}

static void
bind_section_row (WccCustomerTab *self,
                  GtkListItem    *item)
{
  AdwViewStackPage *page = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_last_child (box);

  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (box)), adw_view_stack_page_get_icon_name (page));
  gtk_label_set_label (GTK_LABEL (label), adw_view_stack_page_get_title (page));
  /* the name without its mnemonic, whether it shows or not */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (label)), -1);
  g_object_set_data_full (G_OBJECT (item), "tooltip-binding",
                          g_object_ref (g_object_bind_property_full (self, "compact", box, "tooltip-text",
                                                                     G_BINDING_SYNC_CREATE, compact_to_tooltip,
                                                                     NULL, label, NULL)),
                          (GDestroyNotify) g_binding_unbind);
  /* Alt and the underlined letter show the section whether its name shows or not */
  if (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)) != GDK_KEY_VoidSymbol)
    {
      GtkEventController *mnemonic = gtk_shortcut_controller_new ();

      gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (mnemonic), GTK_SHORTCUT_SCOPE_MANAGED);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (mnemonic),
                                            gtk_shortcut_new (gtk_mnemonic_trigger_new (gtk_label_get_mnemonic_keyval (GTK_LABEL (label))),
                                                              gtk_callback_action_new (activate_compact_row, item, NULL)));
      gtk_widget_add_controller (box, mnemonic);
      g_object_set_data (G_OBJECT (item), "mnemonic", mnemonic);
    }
}

static void
unbind_section_row (WccCustomerTab *self,
                    GtkListItem    *item)
{
  GtkEventController *mnemonic = g_object_steal_data (G_OBJECT (item), "mnemonic");

  g_object_set_data (G_OBJECT (item), "tooltip-binding", NULL);
  if (mnemonic != NULL)
    gtk_widget_remove_controller (gtk_list_item_get_child (item), mnemonic);
}

/* The main window tells whether it is narrow. */
static void
wcc_customer_tab_root (GtkWidget *widget)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (wcc_customer_tab_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (root), "compact") != NULL)
    self->compact_binding = g_object_bind_property (root, "compact", self, "compact", G_BINDING_SYNC_CREATE);
}

static void
wcc_customer_tab_unroot (GtkWidget *widget)
{
  WccCustomerTab *self = WCC_CUSTOMER_TAB (widget);

  if (self->compact_binding != NULL)
    g_binding_unbind (g_steal_pointer (&self->compact_binding));
  GTK_WIDGET_CLASS (wcc_customer_tab_parent_class)->unroot (widget);
}

static void
wcc_customer_tab_class_init (WccCustomerTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = wcc_customer_tab_constructed;
  object_class->get_property = wcc_customer_tab_get_property;
  object_class->set_property = wcc_customer_tab_set_property;
  object_class->dispose = wcc_customer_tab_dispose;
  object_class->finalize = wcc_customer_tab_finalize;
  widget_class->root = wcc_customer_tab_root;
  widget_class->unroot = wcc_customer_tab_unroot;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION, construct);
  properties[PROP_SOFTPHONE] = g_param_spec_object ("softphone", NULL, NULL, WCC_TYPE_SOFTPHONE, construct);
  properties[PROP_CUSTOMER_ID] = g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                     construct | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TASK_ID] = g_param_spec_int64 ("task-id", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_CUSTOMER] = g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CALL] = g_param_spec_object ("call", NULL, NULL, WCC_TYPE_CALL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALL_ID] = g_param_spec_int64 ("call-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LINKED_TICKET_ID] =
    g_param_spec_int64 ("linked-ticket-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE, ro);
  /* In a narrow window (the main window's "compact"): the sections' list shows their icons,
   * their names as tooltips, for the section's content to fit beside the softphone pane. */
  properties[PROP_COMPACT] = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (WCC_TYPE_CUSTOMER_DETAILS);
  g_type_ensure (WCC_TYPE_CONTACT_RECORD_FORM);
  g_type_ensure (WCC_TYPE_CONTACT_HISTORY);
  g_type_ensure (WCC_TYPE_CUSTOMER_NOTES);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-customer-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, warnings_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, title_label);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, call_label);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, phones_box);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, requests_label);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, section_list);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, details);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, record_form);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, history);
  gtk_widget_class_bind_template_child (widget_class, WccCustomerTab, notes);
  gtk_widget_class_bind_template_callback (widget_class, on_details_saved);
  gtk_widget_class_bind_template_callback (widget_class, on_record_saved);
  gtk_widget_class_bind_template_callback (widget_class, on_section_toast);

  gtk_widget_class_install_action (widget_class, "tab.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "tab.call-number", "s", call_number_action);
  gtk_widget_class_install_action (widget_class, "tab.request-number", "(ss)", request_number_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "tab.reload", NULL);
  widget_class->grab_focus = wcc_customer_tab_grab_focus;
}

static void
wcc_customer_tab_init (WccCustomerTab *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect_object (factory, "setup", G_CALLBACK (setup_section_row), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (factory, "bind", G_CALLBACK (bind_section_row), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_section_row), self, G_CONNECT_SWAPPED);
    gtk_list_view_set_factory (self->section_list, factory);
  }
  g_signal_connect_object (self->section_list, "activate", G_CALLBACK (on_section_activated), self, G_CONNECT_SWAPPED);
}

/* ---- public API -------------------------------------------------------------------------- */

WccCustomerTab *
wcc_customer_tab_new (WccSession   *session,
                      WccSoftphone *softphone,
                      gint64        customer_id)
{
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);

  return g_object_new (WCC_TYPE_CUSTOMER_TAB, "session", session, "softphone", softphone,
                       "customer-id", customer_id, NULL);
}

WccCustomerTab *
wcc_customer_tab_new_for_task (WccSession   *session,
                               WccSoftphone *softphone,
                               gint64        task_id)
{
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (task_id > 0, NULL);

  return g_object_new (WCC_TYPE_CUSTOMER_TAB, "session", session, "softphone", softphone,
                       "task-id", task_id, NULL);
}

gint64
wcc_customer_tab_get_customer_id (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), 0);
  return self->customer_id;
}

WccRecord *
wcc_customer_tab_get_customer (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);
  return self->customer;
}

const char *
wcc_customer_tab_get_title (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);
  return self->title;
}

gboolean
wcc_customer_tab_get_pending (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), FALSE);
  /* Read by the template's own binding before its children are in place. */
  return self->details != NULL && wcc_customer_details_get_pending (self->details);
}

char *
wcc_customer_tab_get_unsaved (WccCustomerTab *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;

  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);

  if (self->call != NULL && wcc_call_get_state (self->call) != WCC_CALL_ENDED)
    return g_strdup (_("The call with this customer is still going on."));
  if (wcc_customer_details_get_edited (self->details) || wcc_customer_details_get_pending (self->details))
    return g_strdup (_("The customer's details have changes that are not saved yet."));
  if (wcc_contact_record_form_get_unsaved (self->record_form))
    return g_strdup (_("The contact record is not saved yet."));
  pages = adw_view_stack_get_pages (self->view_stack);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *section = adw_view_stack_page_get_child (page);

      if (WCC_IS_QUESTIONNAIRE_SECTION (section) &&
          wcc_questionnaire_section_get_answered (WCC_QUESTIONNAIRE_SECTION (section)) > 0)
        return g_strdup (_("The questionnaire's answers are not saved yet: they go with the contact record."));
      if (WCC_IS_CUSTOMER_SECTION (section) && wcc_customer_section_get_unsaved (WCC_CUSTOMER_SECTION (section)))
        /* TRANSLATORS: %s is a section of a customer's tab: "Tickets", "Orders"… */
        return g_strdup_printf (_("%s: the record being edited is not saved yet."),
                                adw_view_stack_page_get_title (page));
    }
  return NULL;
}

void
wcc_customer_tab_reload (WccCustomerTab *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));

  if (self->customer_id == 0)
    return;
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, self->customer_id);
  wcc_client_get_object_async (client (self), path, self->cancellable, on_customer_loaded, g_object_ref (self));
  load_warnings (self);
  load_requests (self);
  if (self->customer != NULL)
    {
      wcc_contact_history_reload (self->history);
      wcc_customer_notes_reload (self->notes);
    }
}

void
wcc_customer_tab_set_call (WccCustomerTab *self,
                           WccCall        *call)
{
  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));
  g_return_if_fail (call == NULL || WCC_IS_CALL (call));

  if (self->call == call)
    return;
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_set_object (&self->call, call);
  if (call != NULL)
    {
      g_signal_connect_object (call, "notify::state", G_CALLBACK (update_call_state), self, G_CONNECT_SWAPPED);
      /* A pop-up warning shows whenever the customer calls or is called (C9). */
      load_warnings (self);
    }
  update_call_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

WccCall *
wcc_customer_tab_get_call (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);
  return self->call;
}

gint64
wcc_customer_tab_get_call_id (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), 0);
  return self->call_id;
}

WccCall *
wcc_customer_tab_dial (WccCustomerTab  *self,
                       const char      *number,
                       GError         **error)
{
  WccCall *call;

  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  if (self->softphone == NULL || self->customer_id == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                           self->softphone == NULL ? _("The softphone is not available")
                                                   : _("Save the customer before calling"));
      return NULL;
    }
  call = wcc_softphone_dial_customer (self->softphone, number, self->customer_id,
                                      self->customer ? wcc_record_get_int (self->customer, "task_id", 0) : 0,
                                      error);
  if (call != NULL)
    wcc_customer_tab_set_call (self, call);
  return call;
}

void
wcc_customer_tab_set_linked_ticket (WccCustomerTab *self,
                                    gint64          ticket_id)
{
  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));

  if (self->linked_ticket_id == ticket_id)
    return;
  self->linked_ticket_id = ticket_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED_TICKET_ID]);
}

gint64
wcc_customer_tab_get_linked_ticket (WccCustomerTab *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), 0);
  return self->linked_ticket_id;
}

void
wcc_customer_tab_add_section (WccCustomerTab *self,
                              const char     *name,
                              const char     *title,
                              const char     *icon_name,
                              GtkWidget      *section)
{
  AdwViewStackPage *page;

  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (section));
  g_return_if_fail (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL);

  page = adw_view_stack_add_titled (self->view_stack, section, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (page, icon_name);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (section), "session") != NULL)
    g_object_set (section, "session", self->session, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (section), "customer") != NULL)
    g_object_set (section, "customer", self->customer, NULL);
}

void
wcc_customer_tab_show_section (WccCustomerTab *self,
                               const char     *name)
{
  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
wcc_customer_tab_get_section (WccCustomerTab *self,
                              const char     *name)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_TAB (self), NULL);
  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

void
wcc_customer_tab_call (WccCustomerTab *self,
                       const char     *number)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_CUSTOMER_TAB (self));
  g_return_if_fail (number != NULL);

  /* The call names the customer's task too: wait for the customer when it is still read. */
  if (self->customer == NULL && self->customer_id != 0)
    {
      g_free (self->dial_on_load);
      self->dial_on_load = g_strdup (number);
      return;
    }
  if (wcc_customer_tab_dial (self, number, &error) == NULL)
    toast (self, error->message);
}
