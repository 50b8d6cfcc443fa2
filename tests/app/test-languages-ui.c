/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-languages-ui.c: the main pages beyond the agent's day in Chinese and Japanese under
 * Xvfb against a real wcc-server: for agent 1001 the softphone panel with its call log, the
 * knowledge base, the chat, the notifications and the profile; for team leader 2001 the
 * reports and the monitor window. Each page shows a key label translated (not the English
 * msgid) and the dates read as the language writes them, spelled here independently of the
 * translations; screenshots lang-<page>-<lang>.png. The locales come from build-aux/wcc-deps. */
#define G_LOG_DOMAIN "test-languages-ui"

#include <glib/gi18n.h>

#include "wcc-call-log.h"
#include "wcc-knowledge-page.h"
#include "wcc-main-window.h"
#include "wcc-monitor-window.h"
#include "wcc-notification-bell.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"

typedef struct {
  const char *lang;
  const char *locale;
  /* strftime patterns a native reader expects */
  const char *date_time;      /* a day and time */
  const char *month_day;      /* a day of this year in a list */
  const char *date;           /* a day */
  const char *weekday_date;   /* a day with its weekday */
  const char *todo;           /* a to-do's title, as a leader of this language writes it */
  /* words English uses in two senses, translated by what they mean where they show: the
   * reports' "Offered" (calls that came) and the knowledge editor's "Answer" (to a question),
   * not the set-up's "Offered" (a choice on offer) or the phone's "Answer" (a call) */
  const char *offered_calls;
  const char *answer_text;
} Language;

static const Language chinese = {
  "zh_CN", "zh_CN.UTF-8", "%Y年%-m月%-d日 %H:%M", "%-m月%-d日", "%Y年%-m月%-d日", "%Y年%-m月%-d日 %A",
  "回电大阪的客户", "呼入", "答案",
};
static const Language japanese = {
  "ja", "ja_JP.UTF-8", "%Y年%-m月%-d日 %H:%M", "%-m月%-d日", "%Y年%-m月%-d日", "%Y年%-m月%-d日(%a)",
  "大阪のお客様に折り返し電話", "着信", "回答",
};

/* A preferences group titled @title somewhere under @root (shown or not). */
static gboolean
has_group_titled (GtkWidget  *root,
                  const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_group_titled (c, title))
      return TRUE;
  return FALSE;
}

static void
shoot (GtkWidget      *widget,
       const char     *page,
       const Language *language)
{
  g_autofree char *name = g_strdup_printf ("lang-%s-%s.png", page, language->lang);

  settle (300);
  save_screenshot (widget, name);
}

/* @time as a native reader of @language writes it with @pattern (independent of the app). */
static char *
written (gint64      unix_seconds,
         const char *pattern)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (time, pattern);
}

static gboolean
has_unread (gpointer center)
{
  return g_list_model_get_n_items (wcc_notification_center_get_items (center)) > 0;
}

static void
check_agent_pages (WccTestServer  *server,
                   const Language *language)
{
  const char *lang = language->lang;
  g_autoptr(WccClient) admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  g_autoptr(WccClient) agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  GtkWindow *main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  WccSoftphone *softphone = wcc_application_get_softphone (wcc_test_ui_app);
  GtkWidget *panel;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 earlier = now - 3 * 24 * 3600;

  gtk_window_set_default_size (main_window, 1280, 800);

  /* The softphone panel with its call log: a call of three days ago, talked 2:05. */
  {
    g_autoptr(WccCallRecord) call = wcc_call_log_add (wcc_softphone_get_call_log (softphone),
                                                      WCC_CALL_RECORD_INCOMING, "+8613800138000", "Wang Xiaoming",
                                                      earlier, 125, WCC_CALL_RECORD_ANSWERED);
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (earlier);
    g_autoptr(GDateTime) today = g_date_time_new_now_local ();
    g_autofree char *when = written (earlier, g_date_time_get_year (then) == g_date_time_get_year (today)
                                              ? language->month_day : language->date);
    g_autofree char *incoming = wcc_test_po_translation (lang, "Incoming");
    /* the number, as the call has a name; the day and length at the row's end */
    g_autofree char *line = g_strdup_printf ("+8613800138000 · %s", incoming);
    g_autofree char *end = g_strdup_printf ("%s\n2:05", when);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), TRUE);
    panel = child (main_window, "softphone_panel");   /* built as the pane opens */
    gtk_stack_set_visible_child_name (GTK_STACK (find_by_id (panel, "views_stack")), "recent");
    wcc_test_assert_shows_translation (panel, lang, "Recent");
    wcc_test_wait_for_label_text (panel, line);
    wcc_test_wait_for_label_text (panel, end);
    shoot (GTK_WIDGET (main_window), "softphone", language);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "phone_button")), FALSE);
  }

  /* The knowledge base. */
  go_to (main_window, "knowledge");
  wcc_test_assert_shows_translation (child (main_window, "knowledge_page"), lang, "Recently Added");
  /* its editor's window, made with the page */
  g_assert_true (has_group_titled (GTK_WIDGET (gtk_widget_get_template_child (child (main_window, "knowledge_page"),
                                                                             WCC_TYPE_KNOWLEDGE_PAGE, "submit_window")),
                                   language->answer_text));
  shoot (GTK_WIDGET (main_window), "knowledge", language);

  /* The chat. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), TRUE);
  wcc_test_assert_shows_translation (GTK_WIDGET (main_window), lang, "Colleagues");
  shoot (GTK_WIDGET (main_window), "chat", language);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (main_window, "chat_button")), FALSE);

  /* The notifications: a to-do from the administrator, in the bell with its time. */
  {
    WccNotificationBell *bell = WCC_NOTIFICATION_BELL (child (main_window, "notification_bell"));
    WccNotificationCenter *center = wcc_notification_bell_get_center (bell);
    g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\", \"assignee_ids\": [%" G_GINT64_FORMAT "]}",
                                             language->todo, wcc_user_get_id (wcc_client_get_user (agent)));
    g_autoptr(JsonObject) created = http_json (admin, "POST", "/api/v1/todos", body, 201);
    g_autoptr(WccRecord) newest = NULL;
    g_autofree char *when = NULL;
    GtkWidget *popover;

    wait_until (has_unread, center, 10000);
    newest = g_list_model_get_item (wcc_notification_center_get_items (center), 0);
    when = written (wcc_record_get_time (newest, "created_at"), language->date_time);
    gtk_menu_button_popup (GTK_MENU_BUTTON (find_by_id (GTK_WIDGET (bell), "button")));
    popover = find_by_id (GTK_WIDGET (bell), "popover");
    wcc_test_assert_shows_translation (popover, lang, "Notifications");
    wcc_test_assert_shows_translation (popover, lang, "Mark All Read");
    wcc_test_wait_for_label_text (popover, when);
    /* the popover is a surface of its own: the window's picture lacks it */
    shoot (popover, "notifications", language);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (find_by_id (GTK_WIDGET (bell), "button")));
  }

  /* The profile. */
  go_to (main_window, "profile");
  wcc_test_assert_shows_translation (child (main_window, "profile_page"), lang, "Personal Information");
  shoot (GTK_WIDGET (main_window), "profile", language);

  log_out_through_ui (main_window);
}

static void
check_leader_pages (WccTestServer  *server,
                    const Language *language)
{
  const char *lang = language->lang;
  GtkWindow *main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  gpointer monitor[2] = { GSIZE_TO_POINTER (WCC_TYPE_MONITOR_WINDOW), NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, language->weekday_date);
  GtkWidget *page;

  gtk_window_set_default_size (main_window, 1280, 800);

  /* The reports: today's period with its weekday. */
  go_to (main_window, "reports");
  page = child (main_window, "reports_page");
  wcc_test_assert_shows_translation (page, lang, "Reports");
  wcc_test_wait_for_label_text (page, today);
  settle (200);
  assert_chart_labels_apart (find_by_id (page, "chart"));
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (find_by_id (page, "agents_view")));
    g_autoptr(GtkColumnViewColumn) offered = g_list_model_get_item (columns, 1);

    g_assert_cmpstr (gtk_column_view_column_get_title (offered), ==, language->offered_calls);
  }
  shoot (GTK_WIDGET (main_window), "reports", language);

  /* The monitor window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-monitor", NULL));
  wait_until (toplevel_mapped, monitor, 5000);
  wcc_test_assert_shows_translation (monitor[1], lang, "Real-Time Monitor");
  shoot (monitor[1], "monitor", language);
  gtk_window_destroy (GTK_WINDOW (monitor[1]));

  log_out_through_ui (main_window);
}

static void
check_language (gconstpointer data)
{
  const Language *language = data;
  WccTestServer *server;

  wcc_test_guard_timeout (240);
  if (!wcc_test_use_language (language->lang, language->locale))
    return;
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  check_agent_pages (server, language);
  check_leader_pages (server, language);
  wcc_test_server_stop (server);
  wcc_test_use_default_language ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_unsetenv ("LANGUAGE");
  wcc_test_ui_init (&argc, &argv);
  g_test_add_data_func ("/ui/languages/zh_CN", &chinese, check_language);
  g_test_add_data_func ("/ui/languages/ja", &japanese, check_language);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
