/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-call-log-ui.c: the softphone's Recent and Contacts under Xvfb against a real
 * wcc-server (S4, S5, P2–P4): a call placed from the dial pad lands in Recent, is called
 * again from there and added to the contacts; a missed call is marked and counted; a vCard
 * is imported, a contact made a favourite; calls and contacts exported as CSV and read
 * back; tel: and sip: links opened with the application ask before dialling, and a bad one
 * says why. Screenshots of Recent and Contacts. */
#define G_LOG_DOMAIN "test-call-log-ui"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "wcc-call-log-view.h"
#include "wcc-main-window.h"
#include "wcc-softphone.h"
#include "wcc-test-ui.h"

/* An extension nobody has: the server refuses the call at once, a real call all the same. */
#define NOBODY "1999"

static void
remember_toast (GtkWidget  *view,
                const char *message,
                char      **said)
{
  g_free (*said);
  *said = g_strdup (message);
}

static gboolean
toast_said (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
no_call (gpointer data)
{
  return wcc_softphone_get_current_call (WCC_SOFTPHONE (data)) == NULL;
}

typedef struct {
  GListModel *model;
  guint       count;
} Count;

static gboolean
model_has (gpointer data)
{
  Count *count = data;
  return g_list_model_get_n_items (count->model) == count->count;
}

static void
wait_for_items (gpointer model,
                guint    count)
{
  Count wanted = { G_LIST_MODEL (model), count };

  g_test_message ("waiting for %u items", count);
  wait_until (model_has, &wanted, 20000);
}

/* A label somewhere under @root that shows @text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_under (gpointer data)
{
  return find_label (data, g_object_get_data (data, "wanted")) != NULL;
}

static GtkWidget *
wait_for_text (GtkWidget  *root,
               const char *text)
{
  g_test_message ("waiting for “%s”", text);
  g_object_set_data_full (G_OBJECT (root), "wanted", g_strdup (text), g_free);
  wait_until (label_under, root, 10000);
  return find_label (root, text);
}

static gboolean
file_has (gpointer data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (data, &text, NULL, NULL) && strstr (text, g_object_get_data (G_OBJECT (g_application_get_default ()), "wanted-text")) != NULL;
}

static char *
wait_for_file (const char *path,
               const char *text)
{
  char *contents = NULL;

  g_test_message ("waiting for %s", path);
  g_object_set_data_full (G_OBJECT (g_application_get_default ()), "wanted-text", g_strdup (text), g_free);
  wait_until (file_has, (gpointer) path, 10000);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static WccCallRecord *
newest_call (WccCallLog *log)
{
  WccCallRecord *record = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_object_unref (record);  /* the log keeps it */
  return record;
}

/* Opens @uri the way the desktop does with a tel:/sip: handler; a dialog must come up. */
static AdwMessageDialog *
open_link (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  g_application_open (G_APPLICATION (wcc_test_ui_app), &file, 1, "");
  wait_until (message_dialog_shown, NULL, 10000);
  return find_message_dialog ();
}

/* What clicking a response button does: the response, then the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

static GtkWindow *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static void
test_recent_and_contacts (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccSoftphone *softphone;
  WccCallLog *log;
  WccContactList *contacts;
  GtkWidget *panel, *views, *recent, *contacts_view, *row_label;
  GtkStackPage *recent_page;
  AdwMessageDialog *dialog;
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *calls_csv = g_build_filename (dir, "calls.csv", NULL);
  g_autofree char *contacts_csv = g_build_filename (dir, "contacts.csv", NULL);
  g_autofree char *vcard = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "tests", "data", "vcards", "ios-3.0.vcf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  gint64 id, long_id;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  softphone = wcc_application_get_softphone (wcc_test_ui_app);
  log = wcc_softphone_get_call_log (softphone);
  contacts = wcc_softphone_get_contacts (softphone);
  wcc_main_window_show_softphone (WCC_MAIN_WINDOW (main_window));   /* builds the panel */
  panel = child (main_window, "softphone_panel");
  views = find_by_id (panel, "views_stack");
  recent = find_by_id (panel, "call_log_view");
  contacts_view = find_by_id (panel, "contacts_view");
  recent_page = gtk_stack_get_page (GTK_STACK (views), recent);
  g_test_message ("waiting for the softphone to register");
  wait_until (wcc_test_softphone_registered, softphone, 15000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  /* A call from the dial pad; it ends (no such extension) and is in Recent. */
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.show-dialpad", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (panel, "number_entry")), NOBODY);
  gtk_widget_activate_action (panel, "phone.dial", NULL);
  wait_for_items (log, 1);
  wait_until (no_call, softphone, 15000);
  g_assert_cmpstr (wcc_call_record_get_number (newest_call (log)), ==, NOBODY);
  g_assert_cmpint (wcc_call_record_get_direction (newest_call (log)), ==, WCC_CALL_RECORD_OUTGOING);
  g_assert_cmpint (wcc_call_record_get_outcome (newest_call (log)), ==, WCC_CALL_RECORD_NOT_ANSWERED);
  gtk_stack_set_visible_child_name (GTK_STACK (views), "recent");
  wait_for_text (recent, NOBODY);

  g_test_message ("calling again from Recent");
  /* Call again from Recent. */
  id = wcc_call_record_get_id (newest_call (log));
  gtk_widget_activate_action (recent, "recent.call", "x", id);
  wait_for_items (log, 2);
  wait_until (no_call, softphone, 15000);
  g_assert_cmpstr (wcc_call_record_get_number (newest_call (log)), ==, NOBODY);

  g_test_message ("adding to the contacts");
  /* Add it to the contacts: the editor comes with the number; Recent then shows the name. */
  gtk_widget_activate_action (recent, "recent.add-contact", "x", id);
  wait_until (message_dialog_shown, NULL, 10000);
  dialog = find_message_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (dialog), "numbers_entry"))), ==, NOBODY);
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (GTK_WIDGET (dialog), "name_entry")), "Nobody Home");
  respond (dialog, "save");
  wait_for_items (contacts, 1);
  g_test_message ("contact added");
  wait_until (no_message_dialog, NULL, 10000);
  g_test_message ("editor closed");

  wait_for_text (recent, "Nobody Home");

  /* A missed call while another view shows: counted on the switcher, marked in red. */
  gtk_stack_set_visible_child_name (GTK_STACK (views), "keypad");
  g_object_unref (wcc_call_log_add (log, WCC_CALL_RECORD_INCOMING, "+8613800138000", "Wang Xiaoming",
                                    g_get_real_time () / G_USEC_PER_SEC, 0, WCC_CALL_RECORD_MISSED));
  g_object_get (recent_page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Recent (1)");
  g_assert_true (gtk_stack_page_get_needs_attention (recent_page));
  gtk_stack_set_visible_child_name (GTK_STACK (views), "recent");
  g_assert_cmpuint (wcc_call_log_get_missed_count (log), ==, 0);
  g_clear_pointer (&title, g_free);
  g_object_get (recent_page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Recent");
  row_label = wait_for_text (recent, "Wang Xiaoming");
  g_assert_true (gtk_widget_has_css_class (row_label, "error"));
  g_assert_false (gtk_widget_has_css_class (find_label (recent, "Nobody Home"), "error"));
  save_screenshot (GTK_WIDGET (main_window), "softphone-recent.png");

  /* Export: the chooser comes up (GtkFileChooserNative) and is cancelled; the same export
   * to a path writes the CSV. */
  gtk_widget_activate_action (recent, "recent.export", NULL);
  wait_until (file_chooser_shown, NULL, 10000);
  gtk_dialog_response (GTK_DIALOG (find_file_chooser ()), GTK_RESPONSE_CANCEL);
  gtk_widget_activate_action (recent, "recent.export-file", "s", calls_csv);
  text = wait_for_file (calls_csv, "Missed");
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Direction,Number,Name,Start,Duration (s),Outcome\r\n"
                                         "Incoming,+8613800138000,Wang Xiaoming,"));
  g_assert_nonnull (strstr (text, ",0,Missed\r\nOutgoing,1999,,"));
  g_assert_true (g_str_has_suffix (text, ",0,Not answered\r\n"));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 5);  /* header, three calls, the end */
  }
  g_clear_pointer (&text, g_free);

  /* A long answered call: its time and length at the row's end, whole beside a long name in
   * the pane's width (they were the end of the second line, the first thing cut). */
  {
    g_autoptr(WccCallRecord) long_call = wcc_call_log_add (log, WCC_CALL_RECORD_OUTGOING, "+8613912345678",
                                                           "Shanghai Pudong Development Trading Company Accounts Department",
                                                           g_get_real_time () / G_USEC_PER_SEC - 600, 3725,
                                                           WCC_CALL_RECORD_ANSWERED);
    long_id = wcc_call_record_get_id (long_call);
  }
  row_label = wait_for_text (recent, "Shanghai Pudong Development Trading Company Accounts Department");
  {
    GtkWidget *detail = gtk_widget_get_next_sibling (gtk_widget_get_parent (row_label));
    graphene_rect_t bounds;

    settle (300);
    g_assert_cmpstr (gtk_widget_get_name (detail), ==, "detail");
    g_assert_true (gtk_widget_get_visible (detail));
    g_test_message ("the row's end: %s", gtk_label_get_text (GTK_LABEL (detail)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (detail)), "\n1:02:05"));
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (detail))));
    g_assert_true (gtk_widget_compute_bounds (detail, recent, &bounds));
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (recent) + 0.5);
    g_assert_cmpfloat (bounds.size.width, >=, 20);
    g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (row_label))));
  }
  save_screenshot (GTK_WIDGET (main_window), "softphone-recent-long.png");
  gtk_widget_activate_action (recent, "recent.delete", "x", long_id);
  wait_for_items (log, 3);

  /* Contacts: a vCard from an iPhone imported, one made a favourite (first in the list). */
  gtk_stack_set_visible_child_name (GTK_STACK (views), "contacts");
  gtk_widget_activate_action (contacts_view, "contacts.import-file", "s", vcard);
  wait_for_items (contacts, 4);
  wait_for_text (contacts_view, "山田 太郎");
  {
    WccContact *pizza = wcc_contact_list_find_number (contacts, "+39 06 555 0101");
    g_autoptr(WccContact) first = NULL;

    g_assert_nonnull (pizza);
    gtk_widget_activate_action (contacts_view, "contacts.favourite", "x", wcc_contact_get_id (pizza));
    first = g_list_model_get_item (G_LIST_MODEL (contacts), 0);
    g_assert_true (first == pizza);
    g_assert_true (wcc_contact_get_favourite (pizza));
  }
  /* A bad file imports nothing and says which line. */
  {
    g_autofree char *bad = g_build_filename (g_getenv ("WCC_SOURCE_ROOT"), "tests", "data", "vcards",
                                             "bad-unterminated.vcf", NULL);
    gtk_widget_activate_action (contacts_view, "contacts.import-file", "s", bad);
    settle (500);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 4);
  }
  /* A file over the 8 MiB limit is refused by its size, unread: 16 GiB (sparse) would take
   * seconds and all the memory to load. */
  {
    g_autofree char *huge = g_build_filename (dir, "huge.csv", NULL);
    g_autofree char *said = NULL;
    FILE *file = fopen (huge, "w");
    gulong handler;

    g_assert_nonnull (file);
    g_assert_cmpint (ftruncate (fileno (file), (off_t) 16 << 30), ==, 0);
    fclose (file);
    handler = g_signal_connect (contacts_view, "toast", G_CALLBACK (remember_toast), &said);
    gtk_widget_activate_action (contacts_view, "contacts.import-file", "s", huge);
    wait_until (toast_said, &said, 3000);
    g_signal_handler_disconnect (contacts_view, handler);
    g_assert_cmpstr (said, ==, "Nothing imported from huge.csv: the file is too big for a contacts file");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 4);
  }
  /* The search finds by name. */
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (contacts_view, "search_entry")), "pizza");
  settle (600);
  g_assert_null (find_label (contacts_view, "Nobody Home"));
  g_assert_nonnull (find_label (contacts_view, "Pizza Roma"));
  gtk_editable_set_text (GTK_EDITABLE (find_by_id (contacts_view, "search_entry")), "");
  wait_for_text (contacts_view, "Nobody Home");
  save_screenshot (GTK_WIDGET (main_window), "softphone-contacts.png");
  gtk_widget_activate_action (contacts_view, "contacts.export-file", "s", contacts_csv);
  text = wait_for_file (contacts_csv, "Nobody Home");
  g_assert_true (g_str_has_prefix (text, "Name,Number\r\nPizza Roma,+39 06 555 0101\r\n"));
  g_assert_nonnull (strstr (text, "Nobody Home,1999\r\n"));
  g_assert_nonnull (strstr (text, "山田 太郎,090-8765-4321\r\n山田 太郎,+81 3-1234-5678\r\n"));
  g_clear_pointer (&text, g_free);

  /* tel: link: the number waits in the dial pad and nothing is dialled on Cancel. */
  dialog = open_link ("tel:+81-3-1234-5678;ext=12");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Call This Number?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "extension 12"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (views)), ==, "keypad");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_by_id (panel, "number_entry"))), ==, "+81312345678");
  respond (dialog, "cancel");
  wait_until (no_message_dialog, NULL, 10000);
  settle (300);
  g_assert_null (wcc_softphone_get_current_call (softphone));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);

  /* sip: link of our own domain, answered Call: it dials the extension. */
  dialog = open_link ("sip:" NOBODY "@demo");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_by_id (panel, "number_entry"))), ==, NOBODY);
  respond (dialog, "call");
  wait_for_items (log, 4);
  g_assert_cmpstr (wcc_call_record_get_number (newest_call (log)), ==, NOBODY);
  wait_until (no_call, softphone, 15000);
  wait_until (no_message_dialog, NULL, 10000);

  /* A link that cannot be called: a dialog says why, nothing is dialled. */
  dialog = open_link ("tel:garbage");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "This Link Cannot Be Called");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "tel:garbage"));
  respond (dialog, "close");
  wait_until (no_message_dialog, NULL, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);

  /* The Recent list moved to another softphone (of the same session, switched off so that
   * it does not register): each row lets go of the contacts it followed, not of the new
   * softphone's (which had no such handler: a critical), and follows the new ones. */
  gtk_stack_set_visible_child_name (GTK_STACK (views), "recent");
  wait_for_text (recent, "Nobody Home");
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.wccdesktop.Agent");
    g_autoptr(WccSoftphone) other = NULL;
    g_autoptr(WccContact) added = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    g_settings_set_boolean (settings, "softphone-enabled", FALSE);
    other = wcc_softphone_new (wcc_main_window_get_session (WCC_MAIN_WINDOW (main_window)));
    wcc_call_log_view_set_softphone (WCC_CALL_LOG_VIEW (recent), other);
    settle (200);
    added = wcc_contact_list_add (wcc_softphone_get_contacts (other), "Late Addition",
                                  (const char *[]) { "+8613800138000", NULL }, FALSE, &error);
    g_assert_no_error (error);
    wait_for_text (recent, "Late Addition");
    wcc_call_log_view_set_softphone (WCC_CALL_LOG_VIEW (recent), softphone);
    settle (200);
    wcc_softphone_shutdown_async (other, on_async_done, &done);
    wait_until (result_arrived, &done, 5000);
    g_assert_true (wcc_softphone_shutdown_finish (other, done, NULL));
    g_settings_set_boolean (settings, "softphone-enabled", TRUE);
  }

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("WCC_AUDIOSRC", "audiotestsrc is-live=true wave=silence", TRUE);
  g_setenv ("WCC_AUDIOSINK", "fakesink sync=true", TRUE);
  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/softphone/recent-and-contacts", test_recent_and_contacts);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
