/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-agent-day-ui.c: an agent's working day end to end under Xvfb, driven through the
 * widgets, against a real wcc-server --demo whose outside numbers go to a trunk where a
 * wcc-sim customer answers. Agent 1001 logs in, opens Customers from the menu, picks a task,
 * grabs the pool's page (the pool shrinks, My customers grows by it), opens a customer from
 * My customers (row activation), calls it from the tab's phone menu (each end hears the
 * other's tone), writes a ticket in the tab's Tickets section during the call, hangs up in
 * the softphone pane, saves a contact record with a call result — it carries the call and the
 * ticket —, finds it in History with its recording, which plays (heard), books the customer
 * in a day, sees the appointment on the Dashboard without a reload and the Pending list one
 * shorter (the called customer left it). Then the dashboard, the customers page and a
 * customer tab in Chinese and in Japanese, their labels those of po/zh_CN.po and po/ja.po.
 * Screenshots day-*.png. */
#define G_LOG_DOMAIN "test-agent-day-ui"

#include <locale.h>

#include <glib/gi18n.h>

#include "wcc-contact-history.h"
#include "wcc-contact-record-form.h"
#include "wcc-customer-notes.h"
#include "wcc-customers-page.h"
#include "wcc-dashboard-page.h"
#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-test-ui.h"
#include "wcc-tickets-section.h"
#include "wcc-tone-detect.h"

#define AGENT_TONE 1000.0
#define CUSTOMER_TONE 440.0
#define AGENT_EAR "agent-ear"
#define POOL_CUSTOMERS 25
#define BATCH 20

/* on stderr too: what CI prints of a failed test */
#define STEP(name) G_STMT_START { \
    g_test_message ("%.1f s: %s", (g_get_monotonic_time () - started) / 1e6, name); \
    g_printerr ("%.1f s: %s\n", (g_get_monotonic_time () - started) / 1e6, name); \
  } G_STMT_END

/* ---- setting up: a task of 1001's group with a pool of its own ---------------------------- */

/* Task @name for agent 1001's groups, with every call result, and POOL_CUSTOMERS customers in its pool (no owner), each with an outside number. */
static gint64
make_task_with_pool (WccClient  *admin,
                     WccClient  *agent,
                     const char *name)
{
  gint64 task = make_agent_task (admin, agent, name, "/api/v1/call-results");

  for (guint i = 0; i < POOL_CUSTOMERS; i++)
    {
      g_autofree char *customer = g_strdup_printf ("{\"task_id\": %lld, \"company\": \"Day Trading %02u\", \"phones\": [\"03555520%02u\"]}",
                                                   (long long) task, i + 1, i + 1);
      g_autoptr(JsonObject) created = http_json (admin, "POST", "/api/v1/customers", customer, 201);

      g_assert_true (json_object_get_null_member (created, "owner_id"));
    }
  return task;
}

/* ---- the window, as the agent sees it ----------------------------------------------------- */

/* @widget lies within its window's width: the agent sees it without scrolling sideways. */
static void
assert_on_screen (GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window))
    g_error ("%s %s is at x %.0f–%.0f, outside the window's %d px", G_OBJECT_TYPE_NAME (widget),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget))
                                                                     : gtk_widget_get_name (widget),
             bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
}

/* A double click (or Enter) on the row of customer @id in @table. */
static void
activate_row (WccRecordTable *table,
              gint64          id)
{
  guint position;

  g_assert_nonnull (wcc_paged_list_find (wcc_record_table_get_list (table), id, &position));
  g_signal_emit_by_name (wcc_record_table_get_view (table), "activate", position);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The item of a popover menu that reads @text (its "text", without the mnemonic). */
static GtkWidget *
find_menu_item (GtkWidget  *root,
                const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton"))
    {
      g_autofree char *shown = NULL;

      g_object_get (root, "text", &shown, NULL);
      if (g_strcmp0 (shown, text) == 0)
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_menu_item (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Opens the menu of the tab's button for @number and clicks its Call item. */
static void
call_from_phone_menu (WccCustomerTab *tab,
                      const char     *number)
{
  GtkWidget *button = find_by_name (GTK_WIDGET (tab), number);
  GtkWidget *popover;
  GtkWidget *item;

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  wait_until (widget_mapped, popover, 5000);
  /* the menu's model says what its first item does */
  {
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    g_autofree char *action = NULL;
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "tab.call-number");
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, number);
  }
  item = find_menu_item (popover, "Call");
  g_assert_nonnull (item);
  g_signal_emit_by_name (item, "clicked");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

typedef struct {
  WccPagedList *list;
  guint         count;
} Count;

static gboolean
list_has_count (gpointer data)
{
  Count *wanted = data;

  /* a pool shows one batch at a time: the next one is not "more" of it */
  return list_idle (wanted->list) &&
         (wcc_paged_list_get_batches (wanted->list) || !wcc_paged_list_get_has_more (wanted->list)) &&
         g_list_model_get_n_items (G_LIST_MODEL (wanted->list)) == wanted->count;
}

static void
wait_for_count (WccPagedList *list,
                guint         count)
{
  Count wanted = { list, count };

  g_test_message ("waiting for %u in %s (%u now)", count, wcc_paged_list_get_path (list),
                  g_list_model_get_n_items (G_LIST_MODEL (list)));
  wait_until (list_has_count, &wanted, 20000);
}

typedef struct {
  WccPagedList *list;
  gint64        id;
} InList;

static gboolean
not_in_list (gpointer data)
{
  InList *wanted = data;
  return list_idle (wanted->list) && !has (wanted->list, wanted->id);
}

static gboolean
in_list (gpointer data)
{
  InList *wanted = data;
  return has (wanted->list, wanted->id);
}

static gboolean
tab_has_call_id (gpointer data)
{
  return wcc_customer_tab_get_call_id (WCC_CUSTOMER_TAB (data)) > 0;
}

static gboolean
tab_has_linked_ticket (gpointer data)
{
  return wcc_customer_tab_get_linked_ticket (WCC_CUSTOMER_TAB (data)) > 0;
}

static gboolean
combo_offers (gpointer data)
{
  AdwComboRow *row = data;
  GListModel *model = adw_combo_row_get_model (row);
  const char *wanted = g_object_get_data (G_OBJECT (row), "wanted");

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), wanted) == 0)
      return TRUE;
  return FALSE;
}

/* Chooses @label in @row once its list offers it. */
static void
choose (AdwComboRow *row,
        const char  *label)
{
  GListModel *model;

  g_object_set_data_full (G_OBJECT (row), "wanted", g_strdup (label), g_free);
  wait_until (combo_offers, row, 10000);
  model = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label))
      adw_combo_row_set_selected (row, i);
}

static gboolean
recording_linked (gpointer data)
{
  GListModel *model = data;
  g_autoptr(WccRecord) first = g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;

  return first != NULL && *wcc_record_get_string (first, "recording_url") != '\0';
}

static gboolean
subtitle_changed (gpointer data)
{
  return g_strcmp0 (adw_action_row_get_subtitle (data), g_object_get_data (data, "before")) != 0;
}

/* ---- the day ----------------------------------------------------------------------------- */

static void
test_agent_day (void)
{
  gint64 started = g_get_monotonic_time ();
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  guint16 pstn_port = wcc_interop_free_port (1);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", pstn_port);
  g_autofree char *pstn_bind = g_strdup_printf ("127.0.0.1:%u", pstn_port);
  g_autofree char *task_name = g_strdup_printf ("Agent day %u", port);
  g_autofree char *number = NULL;
  g_autofree char *company = NULL;
  g_autofree char *customer_path = NULL;
  g_autofree char *recording_url = NULL;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccClient) checker = NULL;
  g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(WccCall) call = NULL;
  WccTestServer *server;
  WccTestSim *sim;
  WccSoftphone *softphone;
  GtkWindow *main_window;
  GtkWidget *page;
  WccRecordTable *pool_table, *mine_table, *pending_table;
  WccPagedList *pool, *mine, *pending;
  WccCustomerTab *tab;
  gint64 task_id, customer_id, call_id, ticket_id, appointment_id;
  guint pending_before;

  wcc_test_guard_timeout (280);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, "--trunk", trunk, NULL });
  /* The customer's phone at the carrier: answers, says 440 Hz, listens for the agent's 1000 Hz. */
  sim = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--bind", pstn_bind, "--answer", "--calls", "0",
                                               "--tone", "440", "--expect-tone", "1000", NULL });
  wcc_test_sim_wait (sim, "ready", 1, 10000);
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  checker = login_elsewhere (server, "1001@demo", "wcc-1001");
  task_id = make_task_with_pool (admin, checker, task_name);

  STEP ("log in");
  /* The window at its default size, as on the agent's first day. */
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  g_assert_nonnull (softphone);

  /* Customers, from the menu; the task picked in the filter bar. */
  STEP ("customers page, the task");
  go_to (main_window, "customers");
  page = child (main_window, "customers_page");
  pool_table = WCC_RECORD_TABLE (find_by_id (page, "pool_table"));
  mine_table = WCC_RECORD_TABLE (find_by_id (page, "mine_table"));
  pending_table = WCC_RECORD_TABLE (find_by_id (page, "pending_table"));
  wait_until (table_shows_list, pool_table, 20000);
  {
    GtkDropDown *tasks = GTK_DROP_DOWN (find_by_id (page, "task_dropdown"));
    GListModel *model = gtk_drop_down_get_model (tasks);
    g_autofree char *pool_path = g_strdup_printf ("/api/v1/tasks/%lld/pool", (long long) task_id);
    guint found = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), task_name))
        found = i;
    g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
    g_assert_cmpuint (gtk_drop_down_get_selected (tasks), !=, found);
    gtk_drop_down_set_selected (tasks, found);
    pool = wcc_record_table_get_list (pool_table);
    g_assert_cmpstr (wcc_paged_list_get_path (pool), ==, pool_path);
  }
  wait_until (table_shows_list, pool_table, 20000);
  mine = wcc_record_table_get_list (mine_table);
  g_assert_true (pool == wcc_record_table_get_list (pool_table));
  pending = wcc_record_table_get_list (pending_table);
  /* A new task: the agent has nobody in it yet; the pool shows its first batch. */
  wait_for_count (pool, BATCH);
  wait_for_count (mine, 0);
  wait_for_count (pending, 0);
  for (guint i = 0; i < BATCH; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (pool), i);
      gint64 id = wcc_record_get_id (record);

      g_array_append_val (batch, id);
    }
  save_screenshot (GTK_WIDGET (main_window), "day-customers-pool.png");

  /* Grab: the page shown becomes the agent's: the pool keeps the other five, My customers
   * and Pending have the twenty. */
  STEP ("grab");
  assert_on_screen (find_by_id (page, "grab_button"));
  click (page, "grab_button");
  wait_for_count (pool, POOL_CUSTOMERS - BATCH);
  for (guint i = 0; i < BATCH; i++)
    g_assert_false (has (pool, g_array_index (batch, gint64, i)));
  wait_for_count (mine, BATCH);
  wait_for_count (pending, BATCH);
  for (guint i = 0; i < BATCH; i++)
    g_assert_true (has (mine, g_array_index (batch, gint64, i)));
  pending_before = g_list_model_get_n_items (G_LIST_MODEL (pending));

  /* My customers: a double click on the first opens its tab. */
  STEP ("open the customer");
  show_customers_section (page, "mine");
  save_screenshot (GTK_WIDGET (main_window), "day-customers-mine.png");
  customer_id = g_array_index (batch, gint64, 0);
  {
    WccRecord *record = wcc_paged_list_find (mine, customer_id, NULL);
    JsonArray *phones = wcc_record_get_array (record, "phones");

    number = g_strdup (json_object_get_string_member (json_array_get_object_element (phones, 0), "number"));
    company = g_strdup (wcc_record_get_string (record, "company"));
  }
  customer_path = g_strdup_printf ("/api/v1/customers/%lld", (long long) customer_id);
  activate_row (mine_table, customer_id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (main_window, "stack"))), ==, "work");
  tab = selected_tab (main_window);
  g_assert_cmpint (wcc_customer_tab_get_customer_id (tab), ==, customer_id);
  wait_until (tab_loaded, tab, 15000);
  g_assert_cmpstr (wcc_customer_tab_get_title (tab), ==, company);

  /* The call, from the phone number's menu: the customer answers; each hears the other. */
  STEP ("call");
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, softphone, 20000);
  call_from_phone_menu (tab, number);
  call = wcc_customer_tab_get_call (tab);
  g_assert_nonnull (call);
  g_object_ref (call);
  g_assert_nonnull (strstr (wcc_call_get_remote_uri (call), "0355552001"));
  wcc_test_sim_wait (sim, "answered", 1, 15000);
  wait_until (wcc_test_call_active, call, 10000);
  wait_until (tab_has_call_id, tab, 10000);
  call_id = wcc_customer_tab_get_call_id (tab);
  g_test_message ("listening at both ends");
  wcc_test_sim_wait (sim, "tone-heard", 1, 15000);
  g_assert_true (wcc_tone_detect_wait_tone (AGENT_EAR, CUSTOMER_TONE, 3, 10000));
  wait_for_label (find_by_id (GTK_WIDGET (tab), "call_label"), "On the call");

  /* During the call: a ticket in the tab's Tickets section; the contact record form links it. */
  STEP ("ticket");
  {
    GtkWidget *tickets = wcc_customer_tab_get_section (tab, "tickets");
    GtkWidget *form = wcc_customer_tab_get_section (tab, "contact");
    g_autofree char *ticket_path = NULL;
    g_autofree char *subtitle = NULL;
    g_autoptr(JsonObject) ticket = NULL;

    show_tab_section (tab, "tickets");
    click (tickets, "new_button");
    gtk_editable_set_text (GTK_EDITABLE (find_by_id (tickets, "title_row")), "Router drops the line");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (tickets, "description_view"))),
                              "Since Monday, every evening.", -1);
    click (tickets, "save_button");
    wait_until (tab_has_linked_ticket, tab, 10000);
    ticket_id = wcc_customer_tab_get_linked_ticket (tab);
    g_assert_true (wcc_test_call_active (call));
    ticket_path = g_strdup_printf ("/api/v1/tickets/%lld", (long long) ticket_id);
    ticket = http_json (checker, "GET", ticket_path, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (ticket, "customer_id"), ==, customer_id);
    g_assert_cmpstr (json_object_get_string_member (ticket, "title"), ==, "Router drops the line");
    show_tab_section (tab, "contact");
    g_assert_true (gtk_widget_get_visible (find_by_id (form, "ticket_row")));
    subtitle = g_strdup_printf ("Ticket %lld, saved in this tab", (long long) ticket_id);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_by_id (form, "ticket_row"))), ==, subtitle);
  }
  /* The softphone pane open beside the tab, for the picture and the hang-up button. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), TRUE);
  save_screenshot (GTK_WIDGET (main_window), "day-customer-tab-call.png");

  STEP ("hang up");
  click_action (child (main_window, "softphone_panel"), "phone.hang-up", NULL);
  wait_until (wcc_test_call_ended, call, 10000);
  wcc_test_sim_wait (sim, "ended", 1, 10000);
  wait_for_label (find_by_id (GTK_WIDGET (tab), "call_label"), "Call ended");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), FALSE);
  settle (500);
  /* the closed pane leaves its room to the page */
  g_assert_cmpint (gtk_widget_get_width (child (main_window, "phone_revealer")), ==, 0);

  /* The contact record: a result for answered calls, a note; saved with the call and the
   * ticket. */
  STEP ("contact record");
  {
    GtkWidget *form = wcc_customer_tab_get_section (tab, "contact");
    g_autofree char *records_path = g_strdup_printf ("%s/contact-records", customer_path);
    g_autoptr(JsonObject) records = NULL;
    JsonObject *saved;

    choose (ADW_COMBO_ROW (find_by_id (form, "result_row")), "Call back later");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (form, "note_view"))),
                              "Wants a technician; call back tomorrow", -1);
    click (form, "save_button");
    wait_until (model_has_items, wcc_contact_history_get_model (WCC_CONTACT_HISTORY (wcc_customer_tab_get_section (tab, "history"))),
                10000);
    records = http_json (checker, "GET", records_path, NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (records, "items")), ==, 1);
    saved = json_array_get_object_element (json_object_get_array_member (records, "items"), 0);
    g_assert_cmpint (json_object_get_int_member (saved, "call_id"), ==, call_id);
    g_assert_cmpint (json_object_get_int_member (saved, "ticket_id"), ==, ticket_id);
    g_assert_cmpstr (json_object_get_string_member (saved, "call_state"), ==, "answered");
    g_assert_cmpstr (json_object_get_string_member (saved, "call_result"), ==, "Call back later");
    /* the ticket went with this record: the next one starts without */
    g_assert_cmpint (wcc_customer_tab_get_linked_ticket (tab), ==, 0);
    g_assert_false (gtk_widget_get_visible (find_by_id (form, "ticket_row")));
  }

  /* History: the record with its ticket, and the recording, uploaded, plays (heard). */
  STEP ("history");
  {
    WccContactHistory *history = WCC_CONTACT_HISTORY (wcc_customer_tab_get_section (tab, "history"));
    GListModel *model = wcc_contact_history_get_model (history);
    g_autoptr(WccRecord) record = NULL;
    g_autofree char *ticket_text = g_strdup_printf ("Ticket %lld", (long long) ticket_id);
    g_autofree char *target = NULL;
    const double heard[] = { AGENT_TONE, CUSTOMER_TONE };
    GtkWidget *details;

    show_tab_section (tab, "history");
    g_test_message ("waiting for the recording upload");
    wait_until (recording_linked, model, 30000);
    record = g_list_model_get_item (model, 0);
    g_assert_cmpint (wcc_record_get_int (record, "ticket_id", 0), ==, ticket_id);
    g_assert_cmpint (wcc_record_get_int (record, "call_id", 0), ==, call_id);
    recording_url = g_strdup (wcc_record_get_string (record, "recording_url"));
    settle (300);
    details = find_by_name (GTK_WIDGET (history), "details");
    g_assert_nonnull (details);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), ticket_text));
    /* the row's play button */
    target = g_variant_print (g_variant_new_string (recording_url), FALSE);
    wcc_tone_detect_reset (AGENT_EAR);
    assert_on_screen (find_actionable (GTK_WIDGET (history), "history.play", target));
    click_action (GTK_WIDGET (history), "history.play", target);
    wait_until (player_playing, wcc_contact_history_get_player (history), 10000);
    g_assert_true (wcc_tone_detect_wait_any_tone (AGENT_EAR, heard, G_N_ELEMENTS (heard), 3, 10000));
    save_screenshot (GTK_WIDGET (main_window), "day-history.png");
    assert_on_screen (find_actionable (GTK_WIDGET (history), "history.play", target));
    click_action (GTK_WIDGET (history), "history.play", target);
    wait_until (player_playing, wcc_contact_history_get_player (history), 10000);
    g_assert_true (wcc_tone_detect_wait_any_tone (AGENT_EAR, heard, G_N_ELEMENTS (heard), 3, 10000));
    save_screenshot (GTK_WIDGET (main_window), "day-history.png");
    gtk_widget_activate_action (GTK_WIDGET (history), "history.stop", NULL);
  }

  /* An appointment in a day, from the contact record form's quick button. */
  STEP ("appointment");
  {
    GtkWidget *form = wcc_customer_tab_get_section (tab, "contact");
    GtkWidget *row = find_by_id (form, "appointment_row");
    g_autofree char *appointments_path = g_strdup_printf ("%s/appointments", customer_path);
    g_autoptr(JsonObject) appointments = NULL;

    show_tab_section (tab, "contact");
    g_object_set_data_full (G_OBJECT (row), "before", g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row))), g_free);
    click_action (form, "record.book-quick", "'1d'");
    wait_until (subtitle_changed, row, 10000);
    appointments = http_json (checker, "GET", appointments_path, NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (appointments, "items")), ==, 1);
    appointment_id = id_of (json_array_get_object_element (json_object_get_array_member (appointments, "items"), 0));
  }

  /* The dashboard has it, without a reload (the event); with the customer's name. */
  STEP ("dashboard");
  go_to (main_window, "dashboard");
  {
    WccDashboardPage *dashboard = WCC_DASHBOARD_PAGE (child (main_window, "dashboard_page"));
    GtkWidget *employee = find_by_id (GTK_WIDGET (dashboard), "employee_label");
    InList wanted = { wcc_dashboard_page_get_customer_appointments (dashboard), appointment_id };

    wait_until (in_list, &wanted, 10000);
    g_assert_cmpint (wcc_record_get_int (wcc_paged_list_find (wanted.list, appointment_id, NULL), "customer_id", 0), ==, customer_id);
    /* The employee ID can be copied, and is not shown selected when it has the focus (as it
     * does when the page comes back). */
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (employee)));
    gtk_widget_grab_focus (employee);
    g_assert_true (gtk_widget_has_focus (employee));
    g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (employee), NULL, NULL));
    wcc_test_wait_for_label_text (find_by_id (GTK_WIDGET (dashboard), "customer_list"), company);
    save_screenshot (GTK_WIDGET (main_window), "day-dashboard.png");
  }

  /* Pending: one less, the customer called (no reload either). */
  STEP ("pending");
  go_to (main_window, "customers");
  show_customers_section (page, "pending");
  {
    InList called = { pending, customer_id };

    wait_until (not_in_list, &called, 10000);
    wait_for_count (pending, pending_before - 1);
    for (guint i = 1; i < BATCH; i++)
      g_assert_true (has (pending, g_array_index (batch, gint64, i)));
  }
  save_screenshot (GTK_WIDGET (main_window), "day-pending.png");

  /* The customer's phone: one call, answered, the agent heard, ended. */
  wcc_test_sim_stop (sim);
  g_assert_cmpuint (wcc_test_sim_count (sim, "answered"), ==, 1);
  g_assert_cmpuint (wcc_test_sim_count (sim, "tone-heard"), ==, 1);
  g_assert_cmpuint (wcc_test_sim_count (sim, "ended"), ==, 1);
  wcc_test_sim_free (sim);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
}

/* ---- the same pages in Chinese and Japanese ---------------------------------------------- */

/* @date_pattern: how a native reader writes a day and time (strftime), spelled here
 * independently of the app's translations. */
static void
check_language (const char *lang,
                const char *full_locale,
                const char *date_pattern)
{
  WccTestServer *server;
  GtkWindow *main_window;
  GtkWidget *dashboard, *page;
  WccRecordTable *mine_table;
  WccCustomerTab *tab;
  g_autofree char *name = NULL;
  gint64 customer_id;

  wcc_test_guard_timeout (150);
  if (!wcc_test_use_language (lang, full_locale))
    return;
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");

  /* The dashboard, the page after login. */
  dashboard = child (main_window, "dashboard_page");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (main_window, "stack"))), ==, "dashboard");
  wcc_test_assert_shows_translation (GTK_WIDGET (main_window), lang, "Dashboard");
  wcc_test_assert_shows_translation (GTK_WIDGET (main_window), lang, "Customers");
  wcc_test_assert_shows_translation (dashboard, lang, "Customer Appointments");
  wcc_test_assert_shows_translation (dashboard, lang, "Open Tickets");
  wait_for_label (find_by_id (dashboard, "name_label"), "Li Wei");
  wait_until (model_has_items, wcc_dashboard_page_get_tasks (WCC_DASHBOARD_PAGE (dashboard)), 10000);
  name = g_strdup_printf ("day-dashboard-%s.png", lang);
  save_screenshot (GTK_WIDGET (main_window), name);

  /* Contact customers: the pool of the demo task. */
  go_to (main_window, "customers");
  page = child (main_window, "customers_page");
  wait_until (table_shows_list, find_by_id (page, "pool_table"), 20000);
  wcc_test_assert_shows_translation (page, lang, "Task Pool");
  wcc_test_assert_shows_translation (page, lang, "My Customers");
  wcc_test_assert_shows_translation (page, lang, "_Grab");
  wcc_test_assert_shows_translation (page, lang, "Change _Batch");
  g_free (name);
  name = g_strdup_printf ("day-customers-%s.png", lang);
  save_screenshot (GTK_WIDGET (main_window), name);

  /* A customer's tab, opened from My customers. */
  show_customers_section (page, "mine");
  mine_table = WCC_RECORD_TABLE (find_by_id (page, "mine_table"));
  wait_until (table_shows_list, mine_table, 20000);
  {
    g_autoptr(WccRecord) first = g_list_model_get_item (G_LIST_MODEL (wcc_record_table_get_list (mine_table)), 0);
    customer_id = wcc_record_get_id (first);
  }
  activate_row (mine_table, customer_id);
  tab = selected_tab (main_window);
  wait_until (tab_loaded, tab, 15000);
  show_tab_section (tab, "contact");
  wcc_test_assert_shows_translation (GTK_WIDGET (tab), lang, "_Details");
  wcc_test_assert_shows_translation (GTK_WIDGET (tab), lang, "_Contact Record");
  wcc_test_assert_shows_translation (GTK_WIDGET (tab), lang, "_Tickets");
  wcc_test_assert_shows_translation (GTK_WIDGET (tab), lang, "Save Contact _Record");
  wcc_test_assert_shows_translation (GTK_WIDGET (tab), lang, "Next Contact");
  g_free (name);
  name = g_strdup_printf ("day-customer-tab-%s.png", lang);
  save_screenshot (GTK_WIDGET (main_window), name);

  /* A note written now: its date as the language writes one ("2026年3月5日 14:07"), not
   * the C locale's 03/05/26. */
  {
    WccCustomerNotes *notes = WCC_CUSTOMER_NOTES (wcc_customer_tab_get_section (tab, "notes"));
    g_autoptr(WccRecord) note = NULL;
    g_autoptr(GDateTime) created = NULL;
    g_autofree char *date = NULL;
    g_autofree char *pinned = wcc_test_po_translation (lang, "Pinned");
    g_autofree char *line = NULL;

    show_tab_section (tab, "notes");
    g_assert_true (wcc_customer_notes_add (notes, "pinned", "Prefers calls after 10:00"));
    wait_until (model_has_items, wcc_customer_notes_get_model (notes), 10000);
    note = g_list_model_get_item (wcc_customer_notes_get_model (notes), 0);
    created = g_date_time_new_from_unix_local (wcc_record_get_time (note, "created_at"));
    date = g_date_time_format (created, date_pattern);
    line = g_strdup_printf ("%s · %s", pinned, date);
    wcc_test_wait_for_label_text (GTK_WIDGET (tab), line);
    g_free (name);
    name = g_strdup_printf ("day-customer-notes-%s.png", lang);
    save_screenshot (GTK_WIDGET (main_window), name);
  }

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_use_default_language ();
}

static void
test_chinese (void)
{
  check_language ("zh_CN", "zh_CN.UTF-8", "%Y年%-m月%-d日 %H:%M");
}

static void
test_japanese (void)
{
  check_language ("ja", "ja_JP.UTF-8", "%Y年%-m月%-d日 %H:%M");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ear = NULL;
  int status;

  /* The day is in English whatever the developer's session says. */
  g_unsetenv ("LANGUAGE");
  wcc_tone_detect_init ();
  ear = wcc_tone_detect_sink_description (AGENT_EAR);
  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=sine volume=0.3 freq=1000", TRUE);
  g_setenv ("WCC_AUDIOSINK", ear, TRUE);
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/agent-day/work", test_agent_day);
  g_test_add_func ("/ui/agent-day/zh_CN", test_chinese);
  g_test_add_func ("/ui/agent-day/ja", test_japanese);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
