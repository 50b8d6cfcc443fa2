/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-unsaved-changes-ui.c: a change made while the server is away and refused once it is
 * back is not lost in silence: under Xvfb against a real wcc-server, agent 1001's contact
 * record waits in the outbox, the server refuses it after its restart (its call result does
 * not exist), the main window shows a toast naming it ("Contact record for <customer>") with
 * the server's reason, the header's "1 change not saved" opens "Changes Not Saved" where
 * the record's note can be read and copied, and dismissing it lets it go. Screenshot
 * unsaved-changes.png. */
#define G_LOG_DOMAIN "test-unsaved-changes-ui"

#include "wcc-interop.h"
#include "wcc-main-window.h"
#include "wcc-test-ui.h"
#include "wcc-unsaved-changes-window.h"

#define NOTE "Call back on Friday about the renewal"

static gboolean
session_offline (gpointer data)
{
  return wcc_session_get_connection (WCC_SESSION (data)) == WCC_CONNECTION_OFFLINE;
}

static gboolean
refused_is (gpointer data)
{
  WccSession *session = data;

  return wcc_outbox_get_refused (wcc_session_get_outbox (session)) ==
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (session), "wanted-refused"));
}

static void
wait_for_refused (WccSession *session,
                  guint       count)
{
  g_object_set_data (G_OBJECT (session), "wanted-refused", GUINT_TO_POINTER (count));
  wait_until (refused_is, session, 60000);
}

/* The first label under @root whose text holds @text. */
static GtkLabel *
find_label_with (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} Shown;

static gboolean
label_with_shown (gpointer data)
{
  Shown *shown = data;
  GtkLabel *label = find_label_with (shown->root, shown->text);

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

static GtkButton *
find_button_labelled (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return GTK_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button_labelled (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static WccUnsavedChangesWindow *
find_unsaved_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (WCC_IS_UNSAVED_CHANGES_WINDOW (window))
        return WCC_UNSAVED_CHANGES_WINDOW (window);
    }
  return NULL;
}

static void
test_refused_contact_record (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  const char *server_args[] = { "--demo", "--listen", listen, NULL };
  WccTestServer *server;
  GtkWindow *main_window;
  WccSession *session;
  WccUnsavedChangesWindow *unsaved;
  g_autoptr(WccClient) checker = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *described = NULL;
  const char *customer_label;
  JsonObject *customer;
  GAsyncResult *result = NULL;
  WccWriteOutcome outcome = WCC_WRITE_APPLIED;
  Shown shown;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (data_dir, server_args);
  checker = login_elsewhere (server, "1001@demo", "wcc-1001");
  mine = http_json (checker, "GET", "/api/v1/customers?owner=me&limit=1", NULL, 200);
  customer = json_array_get_object_element (json_object_get_array_member (mine, "items"), 0);
  customer_label = json_object_get_string_member (customer, "tab_label");
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records",
                          json_object_get_int_member (customer, "id"));

  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  session = wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window));
  g_assert_false (gtk_widget_get_visible (child (main_window, "unsaved_button")));

  /* The server goes away; a contact record waits in the outbox. Its call result does not
   * exist (as one deactivated meanwhile would be refused): the server will say no. */
  wcc_test_server_stop (server);
  wait_until (session_offline, session, 40000);
  body = json_from_string ("{\"call_result_id\": 999999, \"call_state\": \"answered\", \"note\": \"" NOTE "\"}", NULL);
  wcc_session_queue_write_async (session, "POST", path, body, NULL, on_async_done, &result);
  wait_until (result_arrived, &result, 10000);
  g_assert_true (wcc_session_write_finish (session, result, &outcome, NULL, NULL));
  g_assert_cmpint (outcome, ==, WCC_WRITE_QUEUED);
  g_clear_object (&result);

  /* Back: refused, kept, and said in words with the server's reason. */
  server = wcc_test_server_start (data_dir, server_args);
  wait_for_refused (session, 1);
  described = g_strdup_printf ("Not saved: Contact record for %s — ", customer_label);
  shown = (Shown) { GTK_WIDGET (main_window), described };
  wait_until (label_with_shown, &shown, 15000);
  g_assert_true (gtk_widget_get_visible (child (main_window, "unsaved_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (main_window, "unsaved_label"))), ==, "1 change not saved");

  /* The list shows what it held. */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.unsaved-changes", NULL);
  unsaved = find_unsaved_window ();
  g_assert_nonnull (unsaved);
  g_assert_cmpuint (wcc_unsaved_changes_window_get_n_rows (unsaved), ==, 1);
  {
    GtkWidget *content = find_by_name (GTK_WIDGET (unsaved), "unsaved-change-content");

    g_assert_nonnull (content);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (content)), "note: " NOTE));
  }
  g_clear_pointer (&described, g_free);
  described = g_strdup_printf ("Contact record for %s", customer_label);
  shown = (Shown) { GTK_WIDGET (unsaved), described };
  wait_until (label_with_shown, &shown, 10000);
  settle (300);
  save_screenshot (GTK_WIDGET (unsaved), "unsaved-changes.png");

  /* Dismissed: gone from the outbox, the list and the header. */
  gtk_widget_activate (GTK_WIDGET (find_button_labelled (GTK_WIDGET (unsaved), "_Dismiss")));
  wait_for_refused (session, 0);
  g_assert_cmpuint (wcc_unsaved_changes_window_get_n_rows (unsaved), ==, 0);
  g_assert_false (gtk_widget_get_visible (child (main_window, "unsaved_button")));
  gtk_window_destroy (GTK_WINDOW (unsaved));

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/unsaved-changes/refused-contact-record", test_refused_contact_record);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
