/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-customer-sections-ui.c: the sections of a customer tab under Xvfb against a real
 * wcc-server (C11–C14): agent 1001 logs in through the login window; each section is put
 * in a window for a customer of theirs and driven: a ticket created (its required title
 * checked), booked a day ahead, commented, listed with its change log, ticket-saved
 * emitted with its id, a stale edit shown as a conflict; an order created; a related
 * contact added, edited, deleted, and one added while the server is down waits as pending
 * and is sent once it is back. Screenshots customer-tickets.png, customer-orders.png. */
#define G_LOG_DOMAIN "test-customer-sections-ui"

#include "wcc-json.h"
#include "wcc-main-window.h"
#include "wcc-orders-section.h"
#include "wcc-related-contacts-section.h"
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
  GListModel *contacts;
  WccRecord *contact;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", (*server)->port);
  const char *pending_text;

  contacts = wcc_customer_section_get_shown (WCC_CUSTOMER_SECTION (section));
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "name_row")), "山田 花子");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "relation_row")), "Wife");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "080-1111-2222");
  gtk_widget_activate_action (section, "section.save", NULL);
  contact = wait_for_named (contacts, "name", "山田 花子");
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

  /* The server goes away: a new contact waits, shown as pending, and is sent once it is back. */
  wcc_test_server_stop (*server);
  gtk_widget_activate_action (section, "section.new", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "name_row")), "Colleague Chen");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (section, "phone_row")), "+86 138 0013 8000");
  gtk_widget_activate_action (section, "section.save", NULL);
  wait_until (some_pending, section, 20000);
  wait_until (list_shown, section, 5000);
  pending_text = gtk_label_get_text (GTK_LABEL (find_by_id (section, "pending_label")));
  g_test_message ("pending: %s", pending_text);
  g_assert_nonnull (strstr (pending_text, "Colleague Chen"));
  g_assert_true (gtk_widget_get_visible (find_by_id (section, "pending_label")));
  g_assert_null (find_named (contacts, "name", "Colleague Chen"));

  *server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, NULL });
  wait_until (nothing_pending, section, 60000);
  wait_for_named (contacts, "name", "Colleague Chen");
  g_assert_false (gtk_widget_get_visible (find_by_id (section, "pending_label")));
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
  check_orders (session, customer);
  check_related_contacts (&server, data_dir, session, customer);

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
