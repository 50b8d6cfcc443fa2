/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-notifications-ui.c: notifications, to-dos and announcements in the app under Xvfb
 * against a real wcc-server (S13, D4, S17). Agent 1001 is logged in to the app; the
 * client admin works through the API: an announcement pops up once, then stays on the
 * dashboard board (seen on the server, no second pop-up); a to-do given by the admin
 * arrives on the to-do card, the agent marks it done in the app and the admin sees it done
 * through the API; a pop-up warning's approval arrives in the bell's popover with the
 * unread badge, and goes down when read (in the app and on the server). Screenshots
 * notifications-announcement.png, notifications-bell.png,
 * notifications-bell-popover.png, notifications-dashboard.png. */
#define G_LOG_DOMAIN "test-notifications-ui"

#include "wcc-dashboard-page.h"
#include "wcc-notification-bell.h"
#include "wcc-test-ui.h"

static gboolean
model_has (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

typedef struct {
  WccClient  *client;
  const char *path;
  const char *member;
  gint64      want;
} ServerCount;

/* The length of @path's items (member NULL) or its integer @member is @want. */
static gboolean
server_count_is (gpointer data)
{
  ServerCount *count = data;
  g_autoptr(JsonObject) answer = http_json (count->client, "GET", count->path, NULL, 200);

  if (count->member == NULL)
    return (gint64) json_array_get_length (json_object_get_array_member (answer, "items")) == count->want;
  return json_object_get_int_member (answer, count->member) == count->want;
}

typedef struct {
  WccNotificationCenter *center;
  guint                  want;
} Unread;

static gboolean
unread_is (gpointer data)
{
  Unread *unread = data;
  return wcc_notification_center_get_unread (unread->center) == unread->want;
}

static gboolean
todo_is_done (gpointer data)
{
  g_autoptr(WccRecord) todo = g_list_model_get_n_items (data) > 0 ? g_list_model_get_item (data, 0) : NULL;
  return todo != NULL && g_strcmp0 (wcc_record_get_string (todo, "status"), "done") == 0;
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_of_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_agent_is_told (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccDashboardPage *page;
  WccNotificationBell *bell;
  WccNotificationCenter *center;
  GListModel *board, *todos;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autofree char *todo_body = NULL;
  g_autofree char *notes_path = NULL;
  g_autofree char *review_path = NULL;
  AdwMessageDialog *dialog;
  gint64 todo_id, note_id, customer_id;
  Unread unread;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  page = WCC_DASHBOARD_PAGE (child (main_window, "dashboard_page"));
  bell = WCC_NOTIFICATION_BELL (child (main_window, "notification_bell"));
  center = wcc_notification_bell_get_center (bell);
  g_assert_nonnull (center);
  board = wcc_announcements_card_get_items (wcc_dashboard_page_get_announcements_card (page));
  todos = wcc_todo_card_get_items (wcc_dashboard_page_get_todo_card (page));
  settle (500);

  /* S17: live, a pop-up once, then on the board. */
  {
    g_autoptr(JsonObject) published = http_json (admin, "POST", "/api/v1/announcements",
                                                 "{\"title\": \"Team meeting\", \"body\": \"At five, room 3\","
                                                 " \"whole_client\": true}", 201);
  }
  wait_until (message_dialog_shown, NULL, 10000);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Team meeting");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "At five, room 3");
  settle (200);
  save_screenshot (GTK_WIDGET (main_window), "notifications-announcement.png");
  /* Closed as a window is (Escape, the close button): its close response marks it seen. */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (model_has, board, 5000);
  {
    ServerCount unseen = { agent, "/api/v1/announcements?unseen=true", NULL, 0 };
    wait_until (server_count_is, &unseen, 10000);
  }
  /* Read again (as after a reconnect): seen, so no second pop-up. */
  wcc_announcements_card_reload (wcc_dashboard_page_get_announcements_card (page));
  settle (800);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (g_list_model_get_n_items (board), ==, 1);

  /* D4: the admin gives the agent a to-do; the agent marks it done in the app. */
  todo_body = g_strdup_printf ("{\"title\": \"Call back the Osaka leads\", \"description\": \"Before noon\","
                               " \"assignee_ids\": [%" G_GINT64_FORMAT "]}",
                               wcc_user_get_id (wcc_client_get_user (agent)));
  {
    g_autoptr(JsonObject) created = http_json (admin, "POST", "/api/v1/todos", todo_body, 201);
    todo_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (created, "items"),
                                                                         0), "id");
  }
  wait_until (model_has, todos, 10000);
  unread = (Unread) { center, 1 };
  wait_until (unread_is, &unread, 10000);
  {
    GtkWidget *status = find_of_type (GTK_WIDGET (wcc_dashboard_page_get_todo_card (page)), GTK_TYPE_DROP_DOWN);
    g_autoptr(WccRecord) todo = g_list_model_get_item (todos, 0);

    g_assert_cmpint (wcc_record_get_id (todo), ==, todo_id);
    g_assert_nonnull (status);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 2);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/todos?scope=created&status=done");
    ServerCount done = { admin, path, NULL, 1 };
    wait_until (server_count_is, &done, 10000);
  }
  wait_until (todo_is_done, todos, 10000);

  /* D4: the agent's own to-do. A time that does not read as one cannot be saved (it used to
   * be dropped without a word); none at all is fine (saving with the field empty used to
   * crash the app: the field's own text was stripped in place). */
  {
    GtkWidget *due;

    click (GTK_WIDGET (wcc_dashboard_page_get_todo_card (page)), "add_button");
    wait_until (message_dialog_shown, NULL, 5000);
    dialog = find_message_dialog ();
    due = find_by_name (GTK_WIDGET (dialog), "due_row");
    gtk_editable_set_text (GTK_EDITABLE (find_by_name (GTK_WIDGET (dialog), "title_row")), "Send the price list");
    gtk_editable_set_text (GTK_EDITABLE (due), "tomorrow 10:00");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
    g_assert_true (gtk_widget_has_css_class (due, "error"));
    gtk_editable_set_text (GTK_EDITABLE (due), "2026-12-01 10:00 pm");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
    gtk_editable_set_text (GTK_EDITABLE (due), "  ");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
    g_assert_false (gtk_widget_has_css_class (due, "error"));
    gtk_editable_set_text (GTK_EDITABLE (due), "");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
    adw_message_dialog_response (dialog, "save");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  {
    ServerCount mine_open = { agent, "/api/v1/todos?status=open", NULL, 1 };
    g_autoptr(JsonObject) listed = NULL;
    JsonObject *saved;

    wait_until (server_count_is, &mine_open, 10000);
    listed = http_json (agent, "GET", "/api/v1/todos?status=open", NULL, 200);
    saved = json_array_get_object_element (json_object_get_array_member (listed, "items"), 0);
    g_assert_cmpstr (json_object_get_string_member (saved, "title"), ==, "Send the price list");
    g_assert_true (json_object_get_null_member (saved, "due_at"));
  }

  /* S13: a review outcome in the bell, the badge down when read. */
  mine = http_json (agent, "GET", "/api/v1/customers?owner=me&limit=1", NULL, 200);
  customer_id = json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (mine, "items"),
                                                                           0), "id");
  notes_path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer_id);
  {
    g_autoptr(JsonObject) note = http_json (agent, "POST", notes_path, "{\"kind\": \"warning\", \"text\": \"Shouts\"}",
                                            201);
    note_id = json_object_get_int_member (note, "id");
  }
  review_path = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", note_id);
  {
    g_autoptr(JsonObject) reviewed = http_json (admin, "POST", review_path, "{\"decision\": \"approve\"}", 200);
  }
  unread = (Unread) { center, 2 };
  wait_until (unread_is, &unread, 10000);
  {
    GtkLabel *badge = GTK_LABEL (find_by_id (GTK_WIDGET (bell), "badge"));
    GtkMenuButton *button = GTK_MENU_BUTTON (find_by_id (GTK_WIDGET (bell), "button"));
    GtkListBox *list = GTK_LIST_BOX (find_by_id (GTK_WIDGET (bell), "list"));
    g_autoptr(WccRecord) newest = g_list_model_get_item (wcc_notification_center_get_items (center), 0);
    GtkListBoxRow *row;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
    g_assert_cmpstr (gtk_label_get_label (badge), ==, "2");
    g_assert_cmpstr (wcc_record_get_string (newest, "kind"), ==, "note.approved");
    g_assert_cmpstr (wcc_notification_bell_heading (newest), ==, "Pop-up warning approved");
    gtk_menu_button_popup (button);
    settle (400);
    save_screenshot (GTK_WIDGET (main_window), "notifications-bell.png");
    save_screenshot (find_by_id (GTK_WIDGET (bell), "popover"), "notifications-bell-popover.png");
    row = gtk_list_box_get_row_at_index (list, 0);
    g_assert_nonnull (row);
    g_signal_emit_by_name (list, "row-activated", row);
    unread = (Unread) { center, 1 };
    wait_until (unread_is, &unread, 5000);
    g_assert_cmpstr (gtk_label_get_label (badge), ==, "1");
    {
      ServerCount server_unread = { agent, "/api/v1/notifications/unread-count", "unread", 1 };
      wait_until (server_count_is, &server_unread, 10000);
    }
    wcc_notification_center_mark_all_read (center);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge)));
    {
      ServerCount server_unread = { agent, "/api/v1/notifications/unread-count", "unread", 0 };
      wait_until (server_count_is, &server_unread, 10000);
    }
  }
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-dashboard", NULL);
  settle (500);
  save_screenshot (GTK_WIDGET (main_window), "notifications-dashboard.png");

  gtk_window_destroy (main_window);
  wcc_test_server_stop (server);
}

typedef struct {
  WccClient  *client;
  const char *title;
  gboolean    present;
} OnBoard;

/* @title is (present) or is not on @client's announcements board on the server. */
static gboolean
board_says (gpointer data)
{
  OnBoard *wanted = data;
  g_autoptr(JsonObject) answer = http_json (wanted->client, "GET", "/api/v1/announcements", NULL, 200);
  JsonArray *items = json_object_get_array_member (answer, "items");
  gboolean found = FALSE;

  for (guint i = 0; i < json_array_get_length (items); i++)
    found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "title"),
                        wanted->title) == 0;
  return found == wanted->present;
}

static gboolean
list_box_has_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 0) != NULL;
}

/* S17: a leader publishes from the dashboard to the group they lead: its members get it, a
 * member of another group does not; the leader gets no pop-up of their own, and "My
 * Announcements" lists it. Publish stays disabled until a title and a text are there. */
static void
test_leader_publishes (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccAnnouncementsCard *card;
  AdwMessageDialog *dialog;
  g_autoptr(WccClient) member = NULL;
  g_autoptr(WccClient) other = NULL;
  OnBoard wanted;

  wcc_test_guard_timeout (120);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  member = login_elsewhere (server, "1001@demo", "wcc-1001");   /* Sales */
  other = login_elsewhere (server, "1006@demo", "wcc-1006");    /* Service */

  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");   /* leads Sales */
  card = wcc_dashboard_page_get_announcements_card (WCC_DASHBOARD_PAGE (child (main_window, "dashboard_page")));
  g_assert_true (gtk_widget_get_visible (find_by_id (GTK_WIDGET (card), "publish_button")));
  g_signal_emit_by_name (find_by_id (GTK_WIDGET (card), "publish_button"), "clicked");
  wait_until (message_dialog_shown, NULL, 10000);
  dialog = find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "publish"));
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "title-entry")), "Quiz at four");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "publish"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (g_object_get_data (G_OBJECT (dialog), "body"))),
                            "Product quiz in room 2, prizes for the top three.", -1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "publish"));
  {
    GtkDropDown *target = GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "target"));
    g_autoptr(GtkStringObject) first = g_list_model_get_item (gtk_drop_down_get_model (target), 0);

    /* a leader is offered the groups they lead, not the whole client */
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (target)), ==, 1);
    g_assert_cmpstr (gtk_string_object_get_string (first), ==, "Sales");
  }
  save_screenshot (GTK_WIDGET (dialog), "announcement-publish.png");
  /* as its button does: the response, then the dialog closes */
  adw_message_dialog_response (dialog, "publish");
  gtk_window_destroy (GTK_WINDOW (dialog));

  wanted = (OnBoard) { member, "Quiz at four", TRUE };
  wait_until (board_says, &wanted, 10000);
  wanted = (OnBoard) { other, "Quiz at four", FALSE };
  g_assert_true (board_says (&wanted));
  /* on the leader's own board, without a pop-up */
  wait_until (model_has, wcc_announcements_card_get_items (card), 10000);
  settle (500);
  g_assert_null (find_message_dialog ());

  gtk_menu_button_popup (GTK_MENU_BUTTON (find_by_id (GTK_WIDGET (card), "published_button")));
  wait_until (list_box_has_row, find_by_id (GTK_WIDGET (card), "published_list"), 10000);

  gtk_window_destroy (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_start_notification_server ();
  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/notifications/agent-is-told", test_agent_is_told);
  g_test_add_func ("/ui/notifications/leader-publishes", test_leader_publishes);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
