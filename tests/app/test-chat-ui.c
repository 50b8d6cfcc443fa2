/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-ui.c: chat and the leaders' push messages (S14, S15) under Xvfb against a real
 * wcc-server --demo: agent 1001 in the app, agent 1002 and leader 2001 as API clients. A
 * message of 1002 raises the chat button's badge, shows in the Sales chat and arrives live
 * while it is open; 1001's message typed in the pane reaches 1002; the leader's fixed message
 * scrolls in the banner until cleared; a temporary one goes after its 2 s. Then the leader
 * in the app pushes from the bell of the Sales chat. Screenshots chat-pane.png and
 * push-banner.png. */
#define G_LOG_DOMAIN "test-chat-ui"

#include "wcc-chat-panel.h"
#include "wcc-main-window.h"
#include "wcc-push-banner.h"
#include "wcc-test-ui.h"

/* The Sales chat of @chat's conversations, or NULL. */
static WccRecord *
sales_chat (WccChat *chat)
{
  GListModel *conversations = wcc_chat_get_conversations (chat);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(WccRecord) conversation = g_list_model_get_item (conversations, i);

      if (g_str_equal (wcc_record_get_string (conversation, "title"), "Sales"))
        return conversation;
    }
  return NULL;
}

static gboolean
has_sales_chat (gpointer chat)
{
  return sales_chat (chat) != NULL;
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

typedef struct {
  GtkListView *view;
  const char  *text;
} Shown;

/* The messages view has a row with @text (its model holds it). */
static gboolean
message_shown (gpointer data)
{
  Shown *shown = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (shown->view));

  for (guint i = 0; model && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccRecord) message = g_list_model_get_item (model, i);

      if (g_str_equal (wcc_record_get_string (message, "text"), shown->text))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  WccClient  *client;
  const char *path;
  const char *text;
} Posted;

/* GET @path of the server (as @client) lists an item with that text. */
static gboolean
server_has_text (gpointer data)
{
  Posted *posted = data;
  g_autoptr(JsonObject) body = http_json (posted->client, "GET", posted->path, NULL, 200);
  JsonArray *items = json_object_get_array_member (body, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "text"), posted->text))
      return TRUE;
  return FALSE;
}

static gboolean
banner_shows_fixed (gpointer banner)
{
  return wcc_push_banner_get_revealed (banner) &&
         strstr (wcc_push_banner_get_fixed_text (banner), "Team meeting at five") != NULL;
}

static gboolean
banner_revealed (gpointer banner)
{
  return wcc_push_banner_get_revealed (banner);
}

static gboolean
banner_gone (gpointer banner)
{
  return !wcc_push_banner_get_revealed (banner) && *wcc_push_banner_get_fixed_text (banner) == '\0';
}

static gboolean
temporary_shown (gpointer banner)
{
  return wcc_push_banner_get_n_temporary (banner) == 1 && wcc_push_banner_get_revealed (banner);
}

static gboolean
temporary_gone (gpointer banner)
{
  return wcc_push_banner_get_n_temporary (banner) == 0 && !wcc_push_banner_get_revealed (banner);
}

/* The row of the Sales chat in the Users list: activated as a click does. */
static void
open_sales_chat (GtkWindow *main_window)
{
  GtkListBox *groups = GTK_LIST_BOX (find_by_id (child (main_window, "chat_panel"), "groups_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (groups, 0);

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Sales");
  g_signal_emit_by_name (groups, "row-activated", row);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_by_id (child (main_window, "chat_panel"), "stack"))),
                   ==, "conversation");
}

/* In the open conversation: how many messages with @text (confirmed: with a server id, else
 * pending), and where the two texts are in the view (oldest at the top). */
typedef struct {
  GtkListView *view;
  const char  *first;    /* sent first */
  const char  *second;
} Pair;

static void
count_pair (Pair  *pair,
            guint *confirmed,
            guint *pending,
            gint  *first_at,
            gint  *second_at)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (pair->view));

  *confirmed = *pending = 0;
  *first_at = *second_at = -1;
  for (guint i = 0; model && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccRecord) message = g_list_model_get_item (model, i);
      const char *text = wcc_record_get_string (message, "text");

      if (!g_str_equal (text, pair->first) && !g_str_equal (text, pair->second))
        continue;
      if (wcc_record_get_id (message) > 0)
        (*confirmed)++;
      else
        (*pending)++;
      if (g_str_equal (text, pair->first))
        *first_at = (gint) i;
      else
        *second_at = (gint) i;
    }
}

static gboolean
pair_pending (gpointer data)
{
  guint confirmed, pending;
  gint first_at, second_at;

  count_pair (data, &confirmed, &pending, &first_at, &second_at);
  return pending == 2 && confirmed == 0;
}

static gboolean
pair_confirmed (gpointer data)
{
  guint confirmed, pending;
  gint first_at, second_at;

  count_pair (data, &confirmed, &pending, &first_at, &second_at);
  return confirmed == 2 && pending == 0;
}

static void
test_chat_and_push (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  WccTestServer *server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autoptr(WccClient) agent2 = login_elsewhere (server, "1002@demo", "wcc-1002");
  g_autoptr(WccClient) leader = login_elsewhere (server, "2001@demo", "wcc-2001");
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *messages_path = NULL;
  g_autofree char *push_path = NULL;
  GtkWindow *main_window;
  WccPushBanner *banner;
  WccChat *chat;
  GtkWidget *badge, *pane;
  Shown shown;
  gint64 sales, started;

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  chat = wcc_main_window_get_chat (WCC_MAIN_WINDOW (main_window));
  wait_until (has_sales_chat, chat, 10000);
  sales = wcc_record_get_id (sales_chat (chat));
  messages_path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", sales);
  push_path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/push", sales);
  badge = child (main_window, "chat_badge");
  banner = WCC_PUSH_BANNER (child (main_window, "push_banner"));
  /* A colleague's message while the pane is closed: the badge counts it. */
  answer = http_json (agent2, "POST", messages_path, "{\"text\": \"Who has the Tanaka file?\"}", 201);
  wait_until (widget_visible, badge, 10000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "1");

  /* The pane, the Sales chat: the history holds it, the count is read. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), TRUE);
  pane = child (main_window, "chat_panel");   /* built as the pane opens */
  settle (300);
  open_sales_chat (main_window);
  shown = (Shown) { GTK_LIST_VIEW (find_by_id (pane, "messages_view")), "Who has the Tanaka file?" };
  wait_until (message_shown, &shown, 10000);
  wait_until (widget_hidden, badge, 10000);
  /* Agents have no bell. */
  g_assert_false (gtk_widget_get_visible (find_by_id (pane, "bell_button")));

  /* Live: 1002 writes again; it arrives while the conversation is open. */
  g_clear_pointer (&answer, json_object_unref);
  answer = http_json (agent2, "POST", messages_path, "{\"text\": \"It is in the shared folder\"}", 201);
  shown.text = "It is in the shared folder";
  wait_until (message_shown, &shown, 10000);

  /* 1001 answers from the pane (through the outbox): 1002 reads it on the server. */
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (pane, "message_entry")), "Thanks, found it");
  g_signal_emit_by_name (find_by_id (pane, "message_entry"), "activate");
  shown.text = "Thanks, found it";
  wait_until (message_shown, &shown, 10000);
  {
    Posted posted = { agent2, messages_path, "Thanks, found it" };
    wait_until (server_has_text, &posted, 10000);
  }
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "chat-pane.png");

  /* The server goes away: two messages written meanwhile show as sending, then, once it is
   * back, are delivered once each and in order (the outbox; the server's copies take their
   * place). */
  wcc_test_server_stop (server);
  {
    Pair pair = { GTK_LIST_VIEW (find_by_id (pane, "messages_view")), "Calling the Osaka leads now", "Done, two callbacks" };
    g_autoptr(JsonObject) history = NULL;
    JsonArray *items;
    guint confirmed, pending;
    gint first_at, second_at, first_on_server = -1, second_on_server = -1;

    gtk_editable_set_text (GTK_EDITABLE (find_by_id (pane, "message_entry")), pair.first);
    g_signal_emit_by_name (find_by_id (pane, "message_entry"), "activate");
    gtk_editable_set_text (GTK_EDITABLE (find_by_id (pane, "message_entry")), pair.second);
    g_signal_emit_by_name (find_by_id (pane, "message_entry"), "activate");
    wait_until (pair_pending, &pair, 5000);
    count_pair (&pair, &confirmed, &pending, &first_at, &second_at);
    g_assert_cmpint (first_at, <, second_at);   /* the view: oldest at the top */
    settle (300);
    save_screenshot (GTK_WIDGET (main_window), "chat-pane-offline.png");

    server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, NULL });
    wait_until (pair_confirmed, &pair, 60000);
    count_pair (&pair, &confirmed, &pending, &first_at, &second_at);
    g_assert_cmpint (first_at, <, second_at);
    /* on the server: each once, the first sent first */
    history = http_json (agent2, "GET", messages_path, NULL, 200);
    items = json_object_get_array_member (history, "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        const char *text = json_object_get_string_member (json_array_get_object_element (items, i), "text");

        if (g_str_equal (text, pair.first))
          {
            g_assert_cmpint (first_on_server, ==, -1);
            first_on_server = (gint) i;
          }
        else if (g_str_equal (text, pair.second))
          {
            g_assert_cmpint (second_on_server, ==, -1);
            second_on_server = (gint) i;
          }
      }
    g_assert_cmpint (second_on_server, >=, 0);
    g_assert_cmpint (second_on_server, <, first_on_server);
  }

  /* The leader's fixed message scrolls in the banner until cleared. */
  g_clear_pointer (&answer, json_object_unref);
  answer = http_json (leader, "POST", push_path, "{\"kind\": \"fixed\", \"text\": \"Team meeting at five\"}", 201);
  wait_until (banner_shows_fixed, banner, 10000);
  settle (4000);
  save_screenshot (GTK_WIDGET (main_window), "push-banner.png");
  {
    g_autoptr(JsonObject) cleared = http_json (leader, "DELETE", push_path, NULL, 204);
  }
  wait_until (banner_gone, banner, 10000);

  /* A temporary one shows for its 2 s, then goes. */
  g_clear_pointer (&answer, json_object_unref);
  answer = http_json (leader, "POST", push_path, "{\"kind\": \"temporary\", \"text\": \"Coffee is here\", \"duration\": 2}",
                      202);
  wait_until (temporary_shown, banner, 10000);
  started = g_get_monotonic_time ();
  wait_until (temporary_gone, banner, 6000);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 1500 * 1000);

  log_out_through_ui (main_window);

  /* The leader in the app: the bell of the Sales chat pushes a fixed message. */
  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  chat = wcc_main_window_get_chat (WCC_MAIN_WINDOW (main_window));
  wait_until (has_sales_chat, chat, 10000);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), TRUE);
  pane = child (main_window, "chat_panel");
  settle (300);
  open_sales_chat (main_window);
  g_assert_true (gtk_widget_get_visible (find_by_id (pane, "bell_button")));
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (pane, "push_entry")), "Quality check at three");
  click (pane, "send_push_button");
  {
    Posted posted = { agent2, "/api/v1/chat/push", "Quality check at three" };
    wait_until (server_has_text, &posted, 10000);
  }
  /* The leader is a member too: the banner shows it. */
  banner = WCC_PUSH_BANNER (child (main_window, "push_banner"));
  wait_until (banner_revealed, banner, 10000);
  click (pane, "clear_push_button");
  wait_until (banner_gone, banner, 10000);

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/chat/messages-and-push", test_chat_and_push);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
