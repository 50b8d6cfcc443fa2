/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-knowledge-ui.c: the knowledge base under Xvfb against a real wcc-server (S10–S12):
 * the agent adds an item in the app, the leader approves it (an API client), the agent's
 * quick search (Ctrl+K, a two-character Chinese word) finds it and opens it on the
 * Knowledge page, which keeps it in the history; the quick search opens a customer's tab
 * by full phone number. Screenshots knowledge.png, quick-search.png. */
#define G_LOG_DOMAIN "test-knowledge-ui"

#include "wcc-knowledge-page.h"
#include "wcc-main-window.h"
#include "wcc-test-ui.h"

#define QUESTION "如何为客户重置网银密码"

static gboolean
has_children (gpointer widget)
{
  return gtk_widget_get_first_child (widget) != NULL;
}

/* The toplevel window whose template id is @id. */
static GtkWindow *
find_toplevel (const char *id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);   /* GTK keeps its own */

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (window)), id) == 0)
        return window;
    }
  return NULL;
}

static gboolean
window_visible (gpointer id)
{
  GtkWindow *window = find_toplevel (id);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
window_hidden (gpointer id)
{
  return !window_visible (id);
}

static gboolean
page_shows_mine (gpointer page)
{
  GtkStack *stack = GTK_STACK (find_by_id (page, "view_stack"));
  GtkLabel *title = GTK_LABEL (find_by_id (page, "view_title"));
  GtkWidget *list = find_by_id (page, "list");
  GtkWidget *row = gtk_widget_get_first_child (list);

  return g_str_equal (gtk_stack_get_visible_child_name (stack), "list") &&
         g_str_equal (gtk_label_get_text (title), "My Submissions") && row != NULL && ADW_IS_ACTION_ROW (row) &&
         g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), QUESTION);
}

/* The quick search's results hold a row of @data's kind ("knowledge", "customer"). */
typedef struct {
  GtkWidget  *results;
  const char *kind;
} Wanted;

static GtkListBoxRow *
row_of_kind (Wanted *wanted)
{
  for (GtkWidget *row = gtk_widget_get_first_child (wanted->results); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kind"), wanted->kind) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

static gboolean
results_have (gpointer data)
{
  return row_of_kind (data) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row_of_kind (data)));
}

typedef struct {
  WccKnowledgePage *page;
  gint64            id;
} Shown;

static gboolean
item_shown (gpointer data)
{
  Shown *shown = data;
  GtkStack *stack = GTK_STACK (find_by_id (GTK_WIDGET (shown->page), "view_stack"));

  return wcc_knowledge_page_get_item_id (shown->page) == shown->id &&
         g_str_equal (gtk_stack_get_visible_child_name (stack), "item");
}

typedef struct {
  WccClient *client;
  gint64     id;
} InHistory;

static gboolean
in_history (gpointer data)
{
  InHistory *wanted = data;
  g_autoptr(JsonObject) history = http_json (wanted->client, "GET", "/api/v1/kb/history", NULL, 200);
  JsonArray *items = json_object_get_array_member (history, "items");

  return json_array_get_length (items) == 1 &&
         json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (items, 0), "item"),
                                     "id") == wanted->id;
}

/* The keyboard focus is in @entry (a search entry: its text inside). */
static gboolean
focus_in (gpointer entry)
{
  GtkRoot *root = gtk_widget_get_root (entry);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
stack_shows_work (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "work") == 0;
}

static void
test_add_approve_find (void)
{
  WccTestServer *server;
  GtkWindow *main_window, *submit_window;
  GtkWidget *page, *quick, *entry, *results;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccClient) leader = NULL;
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(JsonObject) category = NULL;
  gint64 item_id = 0;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  category = http_json (admin, "POST", "/api/v1/kb/categories", "{\"name\": \"网银\"}", 201);
  {
    g_autoptr(JsonObject) other = http_json (admin, "POST", "/api/v1/kb/categories", "{\"name\": \"账单\"}", 201);
  }

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  go_to (main_window, "knowledge");
  page = child (main_window, "knowledge_page");
  wait_until (has_children, find_by_id (page, "categories_box"), 10000);

  /* S12: add knowledge in the app. */
  click (page, "add_button");
  wait_until (window_visible, (gpointer) "submit_window", 5000);
  submit_window = find_toplevel ("submit_window");
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (submit_window), "question_row")), QUESTION);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (submit_window), "keywords_row")), "密码，网银");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_by_id (GTK_WIDGET (submit_window),
                                                                                 "answer_view"))),
                            "请客户带身份证到柜台，或在手机银行里点击“忘记密码”。", -1);
  {
    GtkWidget *checks = find_by_id (GTK_WIDGET (submit_window), "categories_checks");
    GtkWidget *first = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_first_child (checks)));

    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (first)), ==, "网银");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (first), TRUE);
  }
  /* A day gone by: refused here, the row marked (the server's own words would name the JSON
   * member and RFC 3339). Then none. */
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (submit_window), "valid_until_row")), "2020-01-31");
  click (GTK_WIDGET (submit_window), "submit_button");
  settle (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (submit_window)));
  g_assert_true (gtk_widget_has_css_class (find_by_id (GTK_WIDGET (submit_window), "valid_until_row"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (submit_window), "valid_until_row")), "");
  save_screenshot (GTK_WIDGET (submit_window), "knowledge-add.png");
  click (GTK_WIDGET (submit_window), "submit_button");
  wait_until (window_hidden, (gpointer) "submit_window", 10000);
  wait_until (page_shows_mine, page, 10000);

  /* Not found before the review. */
  {
    g_autoptr(JsonObject) found = http_json (agent, "GET", "/api/v1/kb/search?q=%E7%BD%91%E9%93%B6", NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (found, "items")), ==, 0);
  }
  /* The leader finds it in the approvals inbox and approves it. */
  {
    g_autoptr(JsonObject) approvals = http_json (leader, "GET", "/api/v1/approvals", NULL, 200);
    JsonArray *items = json_object_get_array_member (approvals, "items");
    g_autofree char *review_path = NULL;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *approval = json_array_get_object_element (items, i);

        if (g_str_equal (json_object_get_string_member (approval, "type"), "knowledge"))
          {
            JsonObject *item = json_object_get_object_member (approval, "knowledge");

            g_assert_cmpstr (json_object_get_string_member (item, "question"), ==, QUESTION);
            g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (item, "category_ids"), 0), ==,
                             id_of (category));
            g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "keywords")), ==, 2);
            item_id = id_of (item);
          }
      }
    g_assert_cmpint (item_id, >, 0);
    review_path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/review", item_id);
    g_clear_pointer (&approvals, json_object_unref);
    approvals = http_json (leader, "POST", review_path, "{\"decision\": \"approve\"}", 200);
  }

  /* S10: Ctrl+K puts the cursor in the quick search; a two-character word finds it. */
  quick = child (main_window, "quick_search");
  entry = find_by_id (quick, "entry");
  results = find_by_id (quick, "results");
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.quick-search", NULL);
  wait_until (focus_in, entry, 5000);
  gtk_editable_set_text (GTK_EDITABLE (entry), "网银");
  {
    Wanted wanted = { results, "knowledge" };
    Shown shown = { WCC_KNOWLEDGE_PAGE (page), item_id };
    InHistory history = { agent, item_id };
    GtkListBoxRow *row;

    wait_until (results_have, &wanted, 10000);
    row = row_of_kind (&wanted);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "如何为客户重置<b>网银</b>密码");
    save_screenshot (find_by_id (quick, "popover"), "quick-search.png");
    /* The results hold no customer: a name or a word is not a phone number. */
    g_assert_null (row_of_kind (&(Wanted) { results, "customer" }));
    /* A click on the row opens the item on the Knowledge page. */
    go_to (main_window, "dashboard");
    g_signal_emit_by_name (results, "row-activated", row);
    wait_until (item_shown, &shown, 10000);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (main_window, "stack"))), ==, "knowledge");
    wait_for_label (find_by_id (page, "view_title"), QUESTION);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_by_id (page, "item_answer"))), "忘记密码"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
    /* S11: opening it keeps it in the history. */
    wait_until (in_history, &history, 10000);
    settle (200);
    save_screenshot (GTK_WIDGET (main_window), "knowledge.png");
  }

  /* S10: a customer by the full phone number opens its tab. */
  {
    g_autoptr(JsonObject) mine = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=1", NULL, 200);
    JsonObject *customer = json_array_get_object_element (json_object_get_array_member (mine, "items"), 0);
    JsonObject *phone = json_array_get_object_element (json_object_get_array_member (customer, "phones"), 0);
    const char *number = json_object_get_string_member (phone, "number");
    g_autofree char *partial = g_strndup (number, strlen (number) - 3);
    Wanted wanted = { results, "customer" };
    Wanted none = { results, "none" };

    gtk_widget_activate_action (GTK_WIDGET (main_window), "win.quick-search", NULL);
    wait_until (focus_in, entry, 5000);
    gtk_editable_set_text (GTK_EDITABLE (entry), partial);
    wait_until (results_have, &none, 10000);
    gtk_editable_set_text (GTK_EDITABLE (entry), number);
    wait_until (results_have, &wanted, 10000);
    g_signal_emit_by_name (results, "row-activated", row_of_kind (&wanted));
    wait_until (stack_shows_work, child (main_window, "stack"), 10000);
    wait_until (tab_loaded, selected_tab (main_window), 10000);
    g_assert_cmpint (wcc_customer_tab_get_customer_id (selected_tab (main_window)), ==, id_of (customer));
  }

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/knowledge/add-approve-find", test_add_approve_find);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
