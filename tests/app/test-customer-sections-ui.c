/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-customer-sections-ui.c: the sections of a customer tab under Xvfb against a real
 * wcc-server (C10–C14, C18): agent 1001 logs in through the login window; each section is
 * put in a window for a customer of theirs and driven: a ticket created (its required title
 * checked), booked a day ahead, commented, listed with its change log, ticket-saved
 * emitted with its id, a stale edit shown as a conflict; an order created; a related
 * contact added, edited, deleted, and one added while the server is down waits as pending
 * and is sent once it is back; SMS: the history shown, one sent to the second of the
 * customer's numbers (the demo's log gateway) whose state turns "sent" by the sms.updated
 * event, one sent while the server is down waits as pending and is delivered once after
 * the restart; the questionnaire: none at first (nothing to add), one created by the
 * client admin appears by its event, a required question left empty fails validation by
 * name, a wrong number too, a new version keeps the answers typed, and the answers posted
 * with a contact record through the API read back the same. Screenshots
 * customer-tickets.png, customer-orders.png, customer-sms.png, customer-questionnaire.png. */
#define G_LOG_DOMAIN "test-customer-sections-ui"

#include "wcc-error.h"
#include "wcc-json.h"
#include "wcc-main-window.h"
#include "wcc-orders-section.h"
#include "wcc-questionnaire-section.h"
#include "wcc-related-contacts-section.h"
#include "wcc-sms-section.h"
#include "wcc-test-ui.h"
#include "wcc-tickets-section.h"
#include "wcc-time.h"

static WccRecord *
item (GListModel *model,
      guint       position)
{
  WccRecord *record = g_list_model_get_item (model, position);
  g_object_unref (record);   /* the model keeps it */
  return record;
}

static WccRecord *
find_named (GListModel *model,
            const char *member,
            const char *value)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (wcc_record_get_string (item (model, i), member), value) == 0)
      return item (model, i);
  return NULL;
}

typedef struct {
  GListModel *model;
  const char *member;
  const char *value;
  gboolean    absent;
} Named;

static gboolean
named_there (gpointer data)
{
  Named *named = data;
  return (find_named (named->model, named->member, named->value) != NULL) != named->absent;
}

static WccRecord *
wait_for_named (GListModel *model,
                const char *member,
                const char *value)
{
  Named named = { model, member, value, FALSE };

  g_test_message ("waiting for %s “%s”", member, value);
  wait_until (named_there, &named, 40000);
  return find_named (model, member, value);
}

static void
wait_for_gone (GListModel *model,
               const char *member,
               const char *value)
{
  Named named = { model, member, value, TRUE };

  g_test_message ("waiting for %s “%s” to go", member, value);
  wait_until (named_there, &named, 20000);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
combo_filled (gpointer data)
{
  GListModel *model = adw_combo_row_get_model (data);
  return model != NULL && g_list_model_get_n_items (model) > 1;
}

static gboolean
editing_in (gpointer data)
{
  return wcc_customer_section_get_edited (data) != NULL;
}

static gboolean
list_shown (gpointer data)
{
  return wcc_customer_section_get_edited (data) == NULL;
}

static gboolean
has_appointment (gpointer data)
{
  WccRecord *edited = wcc_customer_section_get_edited (data);
  return edited != NULL && wcc_record_get_time (edited, "appointment_at") > 0;
}

static gboolean
nothing_pending (gpointer data)
{
  return wcc_customer_section_get_pending (data) == 0;
}

static gboolean
some_pending (gpointer data)
{
  return wcc_customer_section_get_pending (data) > 0;
}

static void
on_ticket_saved (WccTicketsSection *section,
                 gint64             ticket_id,
                 gint64            *saved)
{
  *saved = ticket_id;
}

static gboolean
ticket_saved (gpointer data)
{
  return *(gint64 *) data > 0;
}

static GtkWidget *
in_window (GtkWidget *section)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 760, 720);
  gtk_window_set_child (GTK_WINDOW (window), section);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* One of the agent's customers: their own, or one grabbed from a pool of their tasks. */
static JsonObject *
customer_of_agent (WccClient *agent)
{
  g_autoptr(JsonObject) mine = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=1", NULL, 200);
  JsonArray *items = json_object_get_array_member (mine, "items");
  g_autoptr(JsonObject) tasks = NULL;
  g_autoptr(JsonObject) pool = NULL;
  g_autoptr(JsonObject) grabbed = NULL;
  g_autofree char *pool_path = NULL;
  g_autofree char *grab_path = NULL;
  g_autofree char *body = NULL;
  gint64 task_id, customer_id;

  if (json_array_get_length (items) > 0)
    return json_object_ref (json_array_get_object_element (items, 0));
  tasks = http_json (agent, "GET", "/api/v1/tasks?mine=1", NULL, 200);
  task_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (tasks, "items"), 0), "id");
  pool_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool?limit=1", task_id);
  pool = http_json (agent, "GET", pool_path, NULL, 200);
  customer_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (pool, "items"), 0), "id");
  grab_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", task_id);
  body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "]}", customer_id);
  grabbed = http_json (agent, "POST", grab_path, body, 200);
  g_clear_pointer (&pool_path, g_free);
  pool_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, customer_id);
  return http_json (agent, "GET", pool_path, NULL, 200);
}

static void
check_tickets (WccSession    *session,
               WccClient     *agent,
               WccRecord     *customer)
{
  GtkWidget *section = wcc_tickets_section_new (session, customer);
  GtkWidget *window = in_window (section);
  WccTicketsSection *tickets = WCC_TICKETS_SECTION (section);
  gint64 saved = 0;
  WccRecord *ticket, *change;
  GListModel *changes;
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autofree char *patch_path = NULL;
  g_autofree char *patch_body = NULL;
  g_autoptr(JsonObject) patched = NULL;
  gint64 now = wcc_time_now ();

  g_signal_connect (section, "ticket-saved", G_CALLBACK (on_ticket_saved), &saved);
  wait_until (combo_filled, find_by_id (section, "category_row"), 10000);

  /* A new ticket: the title is required; nothing is sent without it. */
  gtk_widget_activate_action (section, "section.new", NULL);
  g_assert_true (editing_in (section) == FALSE);
  gtk_widget_activate_action (section, "section.save", NULL);
  settle (300);
  g_assert_true (gtk_widget_has_css_class (find_by_id (section, "title_row"), "error"));
  g_assert_cmpint (saved, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "title_row")), "Kettle leaks");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_by_id (section, "category_row")), 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "description_view"))),
                            "Water under the base after two days.", -1);
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (ticket_saved, &saved, 10000);
  wait_until (editing_in, section, 10000);
  ticket = wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (section));
  g_assert_cmpint (wcc_record_get_id (ticket), ==, saved);
  g_assert_cmpstr (wcc_record_get_string (ticket, "title"), ==, "Kettle leaks");
  g_assert_cmpstr (wcc_record_get_string (ticket, "description"), ==, "Water under the base after two days.");
  g_assert_true (*wcc_record_get_string (ticket, "category") != '\0');
  g_assert_true (wcc_record_get_bool (ticket, "open"));

  /* Appointment one day ahead, a comment. */
  gtk_widget_activate_action (section, "tickets.appoint", "s", "1d");
  wait_until (has_appointment, section, 10000);
  ticket = wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (section));
  g_assert_cmpint (wcc_record_get_time (ticket, "appointment_at"), >=, now + 86400 - 5);
  g_assert_cmpint (wcc_record_get_time (ticket, "appointment_at"), <=, wcc_time_now () + 86400 + 5);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "comment_row")), "Customer sends a photo tomorrow.");
  gtk_widget_activate_action (section, "tickets.add-comment", NULL);
  wait_for_named (wcc_tickets_section_get_comments (tickets), "text", "Customer sends a photo tomorrow.");

  /* The change log: created, then the appointment. */
  changes = wcc_tickets_section_get_changes (tickets);
  wait_for_named (changes, "field", "appointment");
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    g_string_append_printf (fields, "%s ", wcc_record_get_string (item (changes, i), "field"));
  g_assert_cmpstr (fields->str, ==, "created appointment ");
  change = item (changes, 0);
  g_assert_cmpstr (wcc_record_get_string (change, "new"), ==, "Kettle leaks");
  save_screenshot (window, "customer-tickets.png");

  /* A comment written while the appointment's change is still on its way waits behind it
   * (its callback says queued) and shows once the server has it. */
  gtk_widget_activate_action (section, "tickets.appoint", "s", "1w");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "comment_row")), "Photo received.");
  gtk_widget_activate_action (section, "tickets.add-comment", NULL);
  wait_for_named (wcc_tickets_section_get_comments (tickets), "text", "Photo received.");
  g_assert_cmpint (wcc_record_get_time (ticket, "appointment_at"), >=, now + 7 * 86400 - 5);

  /* Someone else edits it meanwhile: saving the stale version shows both, then goes. */
  patch_path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, saved);
  patch_body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"title\": \"Kettle leaks badly\"}",
                                wcc_record_get_version (ticket));
  patched = http_json (agent, "PATCH", patch_path, patch_body, 200);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "description_view"))),
                            "Replaced under warranty.", -1);
  saved = 0;
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (widget_visible, find_by_id (section, "conflict_label"), 10000);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (section, "conflict_label"))), "Kettle leaks badly"));
  g_assert_cmpint (saved, ==, 0);
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (ticket_saved, &saved, 10000);
  ticket = wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (section));
  g_assert_cmpstr (wcc_record_get_string (ticket, "description"), ==, "Replaced under warranty.");
  /* the title the agent saw in the form was the old one: saving it again is their choice */
  g_assert_cmpstr (wcc_record_get_string (ticket, "title"), ==, "Kettle leaks");

  /* The list: the ticket, open. */
  gtk_widget_activate_action (section, "section.back", NULL);
  wait_until (list_shown, section, 5000);
  ticket = wait_for_named (wcc_tickets_section_get_tickets (tickets), "title", "Kettle leaks");
  g_assert_cmpint (wcc_record_get_id (ticket), ==, saved);
  g_assert_cmpint (wcc_record_get_time (ticket, "appointment_at"), >, now);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* How many of the customer's records under @what have @member equal to @value. */
static guint
count_on_server (WccClient  *agent,
                 WccRecord  *customer,
                 const char *what,
                 const char *member,
                 const char *value)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/%s?limit=200",
                                           wcc_record_get_id (customer), what);
  g_autoptr(JsonObject) page = http_json (agent, "GET", path, NULL, 200);
  JsonArray *items = json_object_get_array_member (page, "items");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (items, i), member, ""), value) == 0)
      n++;
  return n;
}

/* Save clicked twice before the answer: one ticket. A save whose section goes away (its tab
 * closed) before the answer, and one that meets a version conflict then: nothing touches
 * the widgets that went with it (fatal criticals here), and the write still reaches the
 * server. */
static void
check_ticket_saves_once_and_outlive_the_tab (WccSession *session,
                                             WccClient  *agent,
                                             WccRecord  *customer)
{
  GtkWidget *section = wcc_tickets_section_new (session, customer);
  GtkWidget *window = in_window (section);
  gint64 saved = 0;
  WccRecord *ticket;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) patched = NULL;
  g_autoptr(JsonObject) read_back = NULL;

  g_signal_connect (section, "ticket-saved", G_CALLBACK (on_ticket_saved), &saved);
  wait_until (combo_filled, find_by_id (section, "category_row"), 10000);
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "title_row")), "Clicked twice");
  gtk_widget_activate_action (section, "section.save", NULL);
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (ticket_saved, &saved, 10000);
  settle (1000);
  g_assert_cmpuint (count_on_server (agent, customer, "tickets", "title", "Clicked twice"), ==, 1);

  /* Changed and saved, the window closed at once: the change is on the server. */
  ticket = wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (section));
  g_assert_nonnull (ticket);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT, wcc_record_get_id (ticket));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "description_view"))),
                            "Saved as the tab closed", -1);
  gtk_widget_activate_action (section, "section.save", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (1500);
  read_back = http_json (agent, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (read_back, "description"), ==, "Saved as the tab closed");

  /* Someone else saved meanwhile: the conflict's answer comes after the window went. */
  section = wcc_tickets_section_new (session, customer);
  window = in_window (section);
  wait_until (combo_filled, find_by_id (section, "category_row"), 10000);
  ticket = wait_for_named (wcc_tickets_section_get_tickets (WCC_TICKETS_SECTION (section)), "title", "Clicked twice");
  gtk_widget_activate_action (section, "section.open", "x", wcc_record_get_id (ticket));
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"description\": \"Theirs\"}", wcc_record_get_version (ticket));
  patched = http_json (agent, "PATCH", path, body, 200);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "description_view"))),
                            "Mine, too late", -1);
  gtk_widget_activate_action (section, "section.save", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (1500);
  g_clear_pointer (&read_back, json_object_unref);
  read_back = http_json (agent, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (read_back, "description"), ==, "Theirs");
}

static void
check_orders (WccSession *session,
              WccRecord  *customer)
{
  GtkWidget *section = wcc_orders_section_new (session, customer);
  GtkWidget *window = in_window (section);
  GListModel *orders;
  WccRecord *order;

  wait_until (combo_filled, find_by_id (section, "product_type_row"), 10000);
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_widget_activate_action (section, "section.save", NULL);
  settle (300);
  g_assert_true (gtk_widget_has_css_class (find_by_id (section, "product_name_row"), "error"));
  g_assert_nonnull (wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (section)) == NULL ? section : NULL);

  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "product_name_row")), "Oolong 500 g");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_by_id (section, "product_type_row")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_id (section, "quantity_spin")), 3);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "tracking_number_row")), "YT1234567890");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "090-1234-5678");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "address_row")), "東京都千代田区1-1");
  gtk_widget_activate_action (section, "section.save", NULL);
  orders = wcc_customer_section_get_shown (WCC_CUSTOMER_SECTION (section));
  wait_for_named (orders, "product_name", "Oolong 500 g");
  wait_until (list_shown, section, 5000);
  order = wait_for_named (orders, "product_name", "Oolong 500 g");
  g_assert_cmpint (wcc_record_get_int (order, "quantity", 0), ==, 3);
  g_assert_cmpstr (wcc_record_get_string (order, "tracking_number"), ==, "YT1234567890");
  g_assert_true (*wcc_record_get_string (order, "product_type") != '\0');

  /* Edit: the quantity. */
  gtk_widget_activate_action (section, "section.open", "x", wcc_record_get_id (order));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_id (section, "quantity_spin")), 4);
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (list_shown, section, 10000);
  order = wait_for_named (orders, "product_name", "Oolong 500 g");
  g_assert_cmpint (wcc_record_get_int (order, "quantity", 0), ==, 4);
  save_screenshot (window, "customer-orders.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
check_related_contacts (WccTestServer **server,
                        const char     *data_dir,
                        WccSession     *session,
                        WccRecord      *customer)
{
  GtkWidget *section = wcc_related_contacts_section_new (session, customer);
  GtkWidget *window = in_window (section);
  GtkWidget *tickets = wcc_tickets_section_new (session, customer);
  GtkWidget *tickets_window = in_window (tickets);
  GListModel *contacts;
  WccRecord *contact;
  WccRecord *ticket;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", (*server)->port);
  const char *pending_text;

  contacts = wcc_customer_section_get_shown (WCC_CUSTOMER_SECTION (section));
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "name_row")), "山田 花子");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "relation_row")), "Wife");
  /* Not a phone number: refused here, the row marked, nothing sent (the server would refuse
   * it in its own words, or the outbox keep it until then). */
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "after 6 pm");
  gtk_widget_activate_action (section, "section.save", NULL);
  settle (300);
  g_assert_true (gtk_widget_has_css_class (find_by_id (section, "phone_row"), "error"));
  g_assert_true (gtk_widget_has_focus (find_by_id (section, "phone_row")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (section)), find_by_id (section, "phone_row")));
  g_assert_null (find_named (contacts, "name", "山田 花子"));
  g_assert_cmpuint (wcc_customer_section_get_pending (WCC_CUSTOMER_SECTION (section)), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "080-1111-2222");
  gtk_widget_activate_action (section, "section.save", NULL);
  contact = wait_for_named (contacts, "name", "山田 花子");
  g_assert_false (gtk_widget_has_css_class (find_by_id (section, "phone_row"), "error"));
  g_assert_cmpstr (wcc_record_get_string (contact, "phone_normalized"), ==, "08011112222");

  /* Edit, then delete. */
  gtk_widget_activate_action (section, "section.open", "x", wcc_record_get_id (contact));
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "relation_row")), "Sister");
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (list_shown, section, 10000);
  contact = wait_for_named (contacts, "name", "山田 花子");
  g_assert_cmpstr (wcc_record_get_string (contact, "relation"), ==, "Sister");
  gtk_widget_activate_action (section, "section.open", "x", wcc_record_get_id (contact));
  gtk_widget_activate_action (section, "section.delete", NULL);
  wait_for_gone (contacts, "name", "山田 花子");

  /* The server goes away: a new contact waits, shown as pending, and is sent once it is back.
   * A ticket comment written meanwhile is pending in the tickets section only. */
  ticket = wait_for_named (wcc_tickets_section_get_tickets (WCC_TICKETS_SECTION (tickets)), "title", "Clicked twice");
  gtk_widget_activate_action (tickets, "section.open", "x", wcc_record_get_id (ticket));
  wcc_test_server_stop (*server);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (tickets, "comment_row")), "Called back, no answer");
  gtk_widget_activate_action (tickets, "tickets.add-comment", NULL);
  wait_until (some_pending, tickets, 20000);
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "name_row")), "Colleague Chen");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "+86 138 0013 8000");
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (some_pending, section, 20000);
  wait_until (list_shown, section, 5000);
  pending_text = gtk_label_get_text (GTK_LABEL (find_by_id (section, "pending_label")));
  g_test_message ("pending: %s", pending_text);
  g_assert_nonnull (strstr (pending_text, "Colleague Chen"));
  g_assert_null (strstr (pending_text, "Called back"));
  g_assert_cmpuint (wcc_customer_section_get_pending (WCC_CUSTOMER_SECTION (section)), ==, 1);
  g_assert_true (gtk_widget_get_visible (find_by_id (section, "pending_label")));
  g_assert_null (find_named (contacts, "name", "Colleague Chen"));
  pending_text = gtk_label_get_text (GTK_LABEL (find_by_id (tickets, "pending_label")));
  g_test_message ("pending in tickets: %s", pending_text);
  g_assert_nonnull (strstr (pending_text, "Comment on ticket “Clicked twice”: Called back, no answer"));
  g_assert_null (strstr (pending_text, "Colleague Chen"));
  g_assert_cmpuint (wcc_customer_section_get_pending (WCC_CUSTOMER_SECTION (tickets)), ==, 1);

  *server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, NULL });
  wait_until (nothing_pending, section, 60000);
  wait_for_named (contacts, "name", "Colleague Chen");
  g_assert_false (gtk_widget_get_visible (find_by_id (section, "pending_label")));
  wait_until (nothing_pending, tickets, 60000);
  /* the ticket open meanwhile shows the comment that waited */
  wait_for_named (wcc_tickets_section_get_comments (WCC_TICKETS_SECTION (tickets)), "text", "Called back, no answer");
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (tickets_window));
}

/* ---- SMS (C10) --------------------------------------------------------------------------- */

/* The event stream is connected (after a restart of the server it reconnects within a
 * second or two; events published before that are replaced by a resync). */
static gboolean
session_online (gpointer session)
{
  return wcc_session_get_connection (session) == WCC_CONNECTION_ONLINE;
}

static void
on_server_event (WccEventStream *stream,
                 const char     *type,
                 gint64          seq,
                 JsonNode       *data,
                 GPtrArray      *sms_events)
{
  if (g_str_equal (type, "sms.updated") && data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    g_ptr_array_add (sms_events, json_object_ref (json_node_get_object (data)));
}

typedef struct {
  GListModel *model;
  GPtrArray  *events;   /* NULL: the list only */
  const char *text;
  const char *state;
} SmsState;

/* The message with that text is listed in that state (and an sms.updated event said so). */
static gboolean
sms_in_state (gpointer data)
{
  SmsState *wanted = data;
  WccRecord *message = find_named (wanted->model, "text", wanted->text);
  gboolean announced = wanted->events == NULL;

  for (guint i = 0; wanted->events != NULL && i < wanted->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (wanted->events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "text", ""), wanted->text) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "state", ""), wanted->state) == 0)
        announced = TRUE;
    }
  return announced && message != NULL && g_str_equal (wcc_record_get_string (message, "state"), wanted->state);
}

static WccRecord *
wait_for_sms (GListModel *messages,
              GPtrArray  *events,
              const char *text,
              const char *state)
{
  SmsState wanted = { messages, events, text, state };

  g_test_message ("waiting for SMS “%s” to be %s", text, state);
  wait_until (sms_in_state, &wanted, 60000);
  return find_named (messages, "text", text);
}

static char *
compose_text (GtkWidget *section)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "text_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What was typed went (sent, or queued to be). */
static gboolean
compose_empty (gpointer section)
{
  g_autofree char *text = compose_text (section);
  return *text == '\0';
}

static void
type_sms (GtkWidget  *section,
          const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (section, "text_view"))), text, -1);
}

static guint
count_texts (JsonObject *page,
             const char *text)
{
  JsonArray *items = json_object_get_array_member (page, "items");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "text"), text) == 0)
      n++;
  return n;
}

static void
check_sms (WccTestServer **server,
           const char     *data_dir,
           WccSession     *session,
           WccClient      *agent,
           WccRecord     **customer)
{
  gint64 customer_id = wcc_record_get_id (*customer);
  g_autofree char *customer_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, customer_id);
  g_autofree char *sms_path = g_strdup_printf ("%s/sms", customer_path);
  g_autofree char *patch = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"phones\": [\"03-5555-0101\", \"090-7777-0202\"]}",
                                            wcc_record_get_version (*customer));
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", (*server)->port);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) patched = NULL;
  g_autoptr(JsonObject) earlier = NULL;
  g_autoptr(JsonObject) history = NULL;
  g_autoptr(WccRecord) fresh = NULL;
  g_autofree char *count = NULL;
  GtkWidget *section, *window, *to_row;
  GListModel *messages;
  WccRecord *message;
  const char *pending_text;
  const char *sent_text = "ご予約の確認：明日10時にお伺いします。";
  const char *offline_text = "We will call you back tomorrow morning.";

  /* The customer gets a second number to choose; one message sent earlier (the history). */
  patched = http_json (agent, "PATCH", customer_path, patch, 200);
  fresh = wcc_record_new (patched);
  g_set_object (customer, fresh);
  earlier = http_json (agent, "POST", sms_path, "{\"to\": \"03 5555 0101\", \"text\": \"Thank you for your call today.\"}", 202);
  g_assert_cmpstr (json_object_get_string_member (earlier, "state"), ==, "queued");

  wait_until (session_online, session, 20000);
  g_signal_connect (wcc_session_get_event_stream (session), "event", G_CALLBACK (on_server_event), events);
  section = wcc_sms_section_new (session, *customer);
  window = in_window (section);
  messages = wcc_sms_section_get_messages (WCC_SMS_SECTION (section));
  message = wait_for_sms (messages, NULL, "Thank you for your call today.", "sent");
  g_assert_cmpstr (wcc_record_get_string (message, "to"), ==, "03-5555-0101");

  /* Sent from the section to the second number: queued, then sent by the log gateway,
   * which the sms.updated event brings. */
  to_row = find_by_id (section, "to_row");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (to_row))), ==, 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (to_row), 1);
  g_assert_false (gtk_widget_is_sensitive (find_by_id (section, "send_button")));
  type_sms (section, sent_text);
  settle (100);
  g_assert_true (gtk_widget_is_sensitive (find_by_id (section, "send_button")));
  count = g_strdup_printf ("%ld / 670", g_utf8_strlen (sent_text, -1));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (section, "count_label"))), ==, count);
  gtk_widget_activate_action (section, "sms.send", NULL);
  message = wait_for_sms (messages, events, sent_text, "sent");
  g_assert_cmpstr (wcc_record_get_string (message, "to"), ==, "090-7777-0202");
  g_assert_cmpstr (wcc_record_get_string (message, "gateway"), ==, "log");
  g_assert_cmpstr (wcc_record_get_string (message, "error"), ==, "");
  g_assert_true (item (messages, 0) == message);   /* newest first */
  /* the answer of the send may come after the gateway's event */
  wait_until (compose_empty, section, 10000);
  type_sms (section, "Your parcel left our warehouse today.");
  save_screenshot (window, "customer-sms.png");

  /* The server goes away: the message waits, shown as pending, and is delivered once when
   * it is back. */
  wcc_test_server_stop (*server);
  type_sms (section, offline_text);
  gtk_widget_activate_action (section, "sms.send", NULL);
  wait_until (some_pending, section, 20000);
  pending_text = gtk_label_get_text (GTK_LABEL (find_by_id (section, "pending_label")));
  g_test_message ("pending: %s", pending_text);
  g_assert_nonnull (strstr (pending_text, offline_text));
  g_assert_nonnull (strstr (pending_text, "090-7777-0202"));
  g_assert_true (gtk_widget_get_visible (find_by_id (section, "pending_label")));
  g_assert_null (find_named (messages, "text", offline_text));
  wait_until (compose_empty, section, 20000);

  *server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, NULL });
  wait_until (nothing_pending, section, 60000);
  message = wait_for_sms (messages, NULL, offline_text, "sent");
  g_assert_cmpstr (wcc_record_get_string (message, "to"), ==, "090-7777-0202");
  g_assert_false (gtk_widget_get_visible (find_by_id (section, "pending_label")));
  history = http_json (agent, "GET", sms_path, NULL, 200);
  g_assert_cmpuint (count_texts (history, offline_text), ==, 1);
  g_assert_cmpuint (count_texts (history, sent_text), ==, 1);

  /* Send clicked twice before the answer: one SMS. */
  type_sms (section, "Sent once however often clicked.");
  gtk_widget_activate_action (section, "sms.send", NULL);
  gtk_widget_activate_action (section, "sms.send", NULL);
  wait_for_sms (messages, NULL, "Sent once however often clicked.", "sent");
  settle (500);
  g_clear_pointer (&history, json_object_unref);
  history = http_json (agent, "GET", sms_path, NULL, 200);
  g_assert_cmpuint (count_texts (history, "Sent once however often clicked."), ==, 1);

  /* Sent as the window closes: the answer finds no text view, and the SMS goes. */
  type_sms (section, "Sent as the tab closed.");
  gtk_widget_activate_action (section, "sms.send", NULL);
  g_signal_handlers_disconnect_by_func (wcc_session_get_event_stream (session), on_server_event, events);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (1500);
  g_clear_pointer (&history, json_object_unref);
  history = http_json (agent, "GET", sms_path, NULL, 200);
  g_assert_cmpuint (count_texts (history, "Sent as the tab closed."), ==, 1);
}

/* ---- questionnaire (C18) ----------------------------------------------------------------- */

typedef struct {
  GtkStack   *stack;
  const char *name;
} StackPage;

static gboolean
page_shown (gpointer data)
{
  StackPage *page = data;
  return g_strcmp0 (gtk_stack_get_visible_child_name (page->stack), page->name) == 0;
}

static gboolean
has_questionnaire (gpointer data)
{
  return wcc_questionnaire_section_get_has_questionnaire (data);
}

static gboolean
six_questions (gpointer data)
{
  JsonArray *questions = wcc_questionnaire_section_get_questions (data);
  return questions != NULL && json_array_get_length (questions) == 6;
}

static gint64
question_id (WccQuestionnaireSection *section,
             const char              *label)
{
  JsonArray *questions = wcc_questionnaire_section_get_questions (section);

  for (guint i = 0; questions != NULL && i < json_array_get_length (questions); i++)
    {
      JsonObject *question = json_array_get_object_element (questions, i);

      if (g_str_equal (json_object_get_string_member (question, "label"), label))
        return json_object_get_int_member (question, "id");
    }
  g_error ("no question “%s”", label);
}

static GtkWidget *
question_widget (GtkWidget  *section,
                 gint64      id,
                 const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("question-%" G_GINT64_FORMAT "%s", id, suffix);
  GtkWidget *widget = find_by_name (section, name);

  g_assert_nonnull (widget);
  return widget;
}

static char *
key_of (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Fails validation; the message names @label. */
static void
assert_invalid (GtkWidget  *section,
                const char *label)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (wcc_questionnaire_section_validate (WCC_QUESTIONNAIRE_SECTION (section), &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_test_message ("invalid: %s", error->message);
  g_assert_nonnull (strstr (error->message, label));
}

static void
on_questionnaire_changed (WccQuestionnaireSection *section,
                          guint                   *changes)
{
  (*changes)++;
}

static void
check_questionnaire (WccTestServer *server,
                     WccSession    *session,
                     WccClient     *agent,
                     WccRecord     *customer)
{
  gint64 customer_id = wcc_record_get_id (customer);
  gint64 task_id = wcc_record_get_int (customer, "task_id", 0);
  g_autofree char *questionnaire_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", task_id);
  g_autofree char *results_path = g_strdup_printf ("/api/v1/call-results?task=%" G_GINT64_FORMAT "&call_state=answered", task_id);
  g_autofree char *records_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", customer_id);
  g_autofree char *records_page = g_strdup_printf ("%s?limit=1", records_path);
  g_autoptr(WccClient) admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  g_autoptr(JsonObject) created = NULL, updated = NULL, answers = NULL, results = NULL, record = NULL,
                        page = NULL, second_body = NULL, record_body = NULL;
  g_autoptr(JsonNode) second_node = NULL, record_node = NULL, sent = NULL, read_back = NULL;
  g_autoptr(WccRecord) refreshed = NULL;
  g_autofree char *second_json = NULL, *record_json = NULL;
  g_autofree char *k_supplier = NULL, *k_interest = NULL, *k_channels = NULL, *k_budget = NULL, *k_visit = NULL;
  JsonArray *questions, *channels;
  GtkWidget *section, *window;
  WccQuestionnaireSection *q;
  StackPage empty, shown;
  gint64 supplier, interest, channel, budget, visit;
  guint changes = 0;

  g_assert_cmpint (task_id, >, 0);
  wait_until (session_online, session, 20000);
  section = wcc_questionnaire_section_new (session, customer);
  q = WCC_QUESTIONNAIRE_SECTION (section);
  window = in_window (section);
  g_signal_connect (section, "changed", G_CALLBACK (on_questionnaire_changed), &changes);

  /* The demo's tasks have none: an empty state, nothing to add to a contact record. */
  empty = (StackPage) { GTK_STACK (find_by_id (section, "pages")), "empty" };
  wait_until (page_shown, &empty, 10000);
  g_assert_false (wcc_questionnaire_section_get_has_questionnaire (q));
  g_assert_null (wcc_questionnaire_section_get_answers (q));
  g_assert_true (wcc_questionnaire_section_validate (q, NULL));

  /* The client admin writes one: the section follows its questionnaire.updated event. */
  created = http_json (admin, "PUT", questionnaire_path,
                       "{\"questions\": ["
                       "{\"type\": \"text\", \"label\": \"Current supplier\", \"required\": true},"
                       "{\"type\": \"single\", \"label\": \"Interest\", \"required\": true, \"choices\": [\"High\", \"Medium\", \"Low\"]},"
                       "{\"type\": \"multiple\", \"label\": \"Preferred channels\", \"choices\": [\"Phone\", \"Email\", \"Visit\"]},"
                       "{\"type\": \"number\", \"label\": \"Budget (10,000 yen)\"},"
                       "{\"type\": \"date\", \"label\": \"Best day for a visit\"}]}", 201);
  wait_until (has_questionnaire, section, 20000);
  shown = (StackPage) { empty.stack, "questions" };
  g_assert_true (page_shown (&shown));
  supplier = question_id (q, "Current supplier");
  interest = question_id (q, "Interest");
  channel = question_id (q, "Preferred channels");
  budget = question_id (q, "Budget (10,000 yen)");
  visit = question_id (q, "Best day for a visit");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (question_widget (section, supplier, ""))), ==,
                   "Current supplier *");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (question_widget (section, channel, ""))), ==,
                   "Preferred channels");

  /* Filled during the call, the required “Interest” left out: refused by name. */
  changes = 0;
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, supplier, "")), "小林商事");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (question_widget (section, channel, "-0")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (question_widget (section, channel, "-2")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, budget, "")), "12.5");
  g_assert_cmpuint (changes, >=, 4);
  g_assert_cmpuint (wcc_questionnaire_section_get_answered (q), ==, 3);
  assert_invalid (section, "Interest");
  g_assert_true (gtk_widget_has_css_class (question_widget (section, interest, ""), "error"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (question_widget (section, interest, "")), 2);   /* Medium */
  g_assert_false (gtk_widget_has_css_class (question_widget (section, interest, ""), "error"));

  /* A number and a date must be one. */
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, budget, "")), "twelve");
  assert_invalid (section, "Budget (10,000 yen)");
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, budget, "")), "12.5");
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, visit, "")), "2031-02-30");
  assert_invalid (section, "Best day for a visit");
  gtk_editable_set_text (GTK_EDITABLE (question_widget (section, visit, "")), "2031-02-14");
  g_assert_true (wcc_questionnaire_section_validate (q, NULL));
  g_assert_cmpuint (wcc_questionnaire_section_get_answered (q), ==, 5);

  /* The tab stays open: the customer refreshed, then a new version of the questionnaire
   * (a question added, the others kept by id) — what was typed stays. */
  refreshed = wcc_record_new (wcc_record_get_data (customer));
  wcc_customer_section_set_customer (WCC_CUSTOMER_SECTION (section), refreshed);
  settle (300);
  second_body = json_object_new ();
  questions = json_array_ref (json_object_get_array_member (created, "questions"));
  json_array_add_object_element (questions, json_object_new ());
  json_object_set_string_member (json_array_get_object_element (questions, 5), "type", "text");
  json_object_set_string_member (json_array_get_object_element (questions, 5), "label", "Notes for the visit");
  json_object_set_array_member (second_body, "questions", questions);
  json_object_set_int_member (second_body, "version", json_object_get_int_member (created, "version"));
  second_node = json_node_init_object (json_node_alloc (), second_body);
  second_json = json_to_string (second_node, FALSE);
  updated = http_json (admin, "PUT", questionnaire_path, second_json, 200);
  wait_until (six_questions, section, 20000);
  g_assert_cmpuint (wcc_questionnaire_section_get_answered (q), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (question_widget (section, supplier, ""))), ==, "小林商事");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (question_widget (section, interest, ""))), ==, 2);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (question_widget (section, channel, "-2"))));
  save_screenshot (window, "customer-questionnaire.png");

  /* The answers in the shape the contact record takes. */
  answers = wcc_questionnaire_section_get_answers (q);
  k_supplier = key_of (supplier);
  k_interest = key_of (interest);
  k_channels = key_of (channel);
  k_budget = key_of (budget);
  k_visit = key_of (visit);
  g_assert_cmpuint (json_object_get_size (answers), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (answers, k_supplier), ==, "小林商事");
  g_assert_cmpstr (json_object_get_string_member (answers, k_interest), ==, "Medium");
  channels = json_object_get_array_member (answers, k_channels);
  g_assert_cmpuint (json_array_get_length (channels), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (channels, 0), ==, "Phone");
  g_assert_cmpstr (json_array_get_string_element (channels, 1), ==, "Visit");
  g_assert_cmpfloat (json_object_get_double_member (answers, k_budget), ==, 12.5);
  g_assert_cmpstr (json_object_get_string_member (answers, k_visit), ==, "2031-02-14");

  /* Proof: a contact record posted with them through the API reads back the same. */
  results = http_json (agent, "GET", results_path, NULL, 200);
  record_body = json_object_new ();
  json_object_set_int_member (record_body, "call_result_id",
                              json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (results, "items"), 0), "id"));
  json_object_set_string_member (record_body, "call_state", "answered");
  json_object_set_string_member (record_body, "note", "Questionnaire answered during the call");
  json_object_set_object_member (record_body, "answers", json_object_ref (answers));
  record_node = json_node_init_object (json_node_alloc (), record_body);
  record_json = json_to_string (record_node, FALSE);
  record = http_json (agent, "POST", records_path, record_json, 201);
  page = http_json (agent, "GET", records_page, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (page, "items"), 0), "id"),
                   ==, json_object_get_int_member (record, "id"));
  sent = json_node_init_object (json_node_alloc (), answers);
  read_back = json_node_copy (json_object_get_member (json_array_get_object_element (json_object_get_array_member (page, "items"), 0), "answers"));
  g_assert_true (json_node_equal (sent, read_back));

  /* The record is saved: the tab clears the answers. */
  wcc_questionnaire_section_clear (q);
  g_assert_cmpuint (wcc_questionnaire_section_get_answered (q), ==, 0);
  g_clear_pointer (&answers, json_object_unref);
  answers = wcc_questionnaire_section_get_answers (q);
  g_assert_cmpuint (json_object_get_size (answers), ==, 0);
  assert_invalid (section, "Current supplier");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sections (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  WccTestServer *server;
  GtkWindow *main_window;
  WccSession *session;
  WccClient *agent;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(WccRecord) customer = NULL;

  wcc_test_guard_timeout (220);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  agent = wcc_main_window_get_client (WCC_MAIN_WINDOW (main_window));
  data = customer_of_agent (agent);
  customer = wcc_record_new (data);
  g_test_message ("customer %" G_GINT64_FORMAT ": %s", wcc_record_get_id (customer),
                  wcc_record_get_string (customer, "tab_label"));

  check_tickets (session, agent, customer);
  check_ticket_saves_once_and_outlive_the_tab (session, agent, customer);
  check_orders (session, customer);
  check_related_contacts (&server, data_dir, session, customer);
  check_sms (&server, data_dir, session, agent, &customer);
  check_questionnaire (server, session, agent, customer);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=silence", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/customer-sections", test_sections);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
