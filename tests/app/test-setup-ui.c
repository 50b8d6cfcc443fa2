/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-setup-ui.c: the client admin's Set-up page under Xvfb against a real wcc-server
 * (R5, issue 9): a CSV file of 10,000 customers with 3 bad lines, made here in a temporary
 * folder, imported through the page — the progress bar is seen between 0 and 1 while the
 * server's job runs (pushed by import.progress), the report shows 9,997 created and exactly
 * the 3 rejected lines with their numbers; a task and a call result edited through their
 * sections (the server's records checked), a stale version and a taken name told, a
 * package with a custom field made, a ticket status added, a questionnaire question added. Screenshots setup-import.png, setup-tasks.png. */
#define G_LOG_DOMAIN "test-setup-ui"

#include <glib/gstdio.h>

#include "wcc-main-window.h"
#include "wcc-setup-import.h"
#include "wcc-setup-page.h"
#include "wcc-setup-records.h"
#include "wcc-setup-questionnaires.h"
#include "wcc-test-ui.h"
#include "wcc-groups-setup.h"
#include "wcc-pause-reasons-setup.h"
#include "wcc-queues-setup.h"
#include "wcc-users-setup.h"

#define N_ROWS 10000
/* The bad rows (0-based); a row i is line i + 2 of the file (line 1 is the header). */
#define BAD_PHONE 1234
#define BAD_EMAIL 5000
#define BAD_TAG   9876

static WccSetupPage *
open_setup (GtkWindow *main_window)
{
  go_to (main_window, "setup");
  return WCC_SETUP_PAGE (child (main_window, "setup_page"));
}

static GtkWidget *
show_section (WccSetupPage *page,
              const char   *name)
{
  GtkWidget *section = wcc_setup_page_get_section (page, name);

  g_assert_nonnull (section);
  wcc_setup_page_show_section (page, name);
  return section;
}

static gboolean
job_done (gpointer section)
{
  WccImportJob *job = wcc_setup_import_get_job (section);

  return job != NULL && wcc_import_job_get_state (job) >= WCC_IMPORT_DONE;
}

/* Every value the progress bar showed before the job ended. */
typedef struct {
  WccSetupImport *section;
  GArray         *fractions;
} Seen;

static void
on_fraction (GtkProgressBar *bar,
             GParamSpec     *pspec,
             Seen           *seen)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (!job_done (seen->section))
    g_array_append_val (seen->fractions, fraction);
}

/* The file: one +44 number a row (none of the demo's), three bad rows. */
static char *
write_csv (const char *dir)
{
  g_autoptr(GString) csv = g_string_new ("company,surname,given_name,phones,email,tags\n");
  g_autofree char *path = g_build_filename (dir, "customers.csv", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *phone = i == BAD_PHONE ? g_strdup ("call me") : g_strdup_printf ("+44 20 7946 %04u", i);

      g_string_append_printf (csv, "Setup Import %u,Smith,Ann,%s,%s,%s\n", i, phone,
                              i == BAD_EMAIL ? "nobody" : "ann@example.com",
                              i == BAD_TAG ? "No Such Tag" : "VIP");
    }
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct {
  const char *path;
  const char *text;
} Expected;

static gboolean
file_has (gpointer data)
{
  Expected *expected = data;
  g_autofree char *text = NULL;

  return g_file_get_contents (expected->path, &text, NULL, NULL) && g_str_equal (text, expected->text);
}

typedef struct {
  GtkWidget  *label;
  const char *part;
} Says;

static gboolean
label_says (gpointer data)
{
  Says *says = data;
  static char *last;

  if (g_strcmp0 (last, gtk_label_get_text (GTK_LABEL (says->label))) != 0)
    {
      g_free (last);
      last = g_strdup (gtk_label_get_text (GTK_LABEL (says->label)));
      g_test_message ("status: %s", last);
    }
  return strstr (gtk_label_get_text (GTK_LABEL (says->label)), says->part) != NULL;
}

static void
test_import (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccSetupPage *page;
  GtkWidget *section, *bar, *lines;
  g_autoptr(WccClient) admin = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wcc-setup-ui-XXXXXX", NULL);
  g_autofree char *csv_path = write_csv (dir);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  Seen seen = { NULL, g_array_new (FALSE, FALSE, sizeof (double)) };
  gboolean between = FALSE;
  WccImportJob *job;
  guint n_rows = 0;
  gint64 started;

  wcc_test_guard_timeout (240);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  main_window = log_in_without_remembering (server, "admin@demo", "wcc-admin");
  page = open_setup (main_window);
  section = show_section (page, "import");
  seen.section = WCC_SETUP_IMPORT (section);
  wcc_setup_import_set_file (WCC_SETUP_IMPORT (section), file);
  /* The packages have loaded: the demo's one is chosen, the button can be pressed. */
  wait_until (widget_sensitive, find_by_id (section, "import_button"), 10000);

  bar = find_by_id (section, "progress_bar");
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_fraction), &seen);
  started = g_get_monotonic_time ();
  click (section, "import_button");
  wait_until (job_done, section, 120000);
  g_test_message ("%u lines imported through the page in %" G_GINT64_FORMAT " ms", N_ROWS,
                  (g_get_monotonic_time () - started) / 1000);
  job = wcc_setup_import_get_job (WCC_SETUP_IMPORT (section));
  g_assert_cmpuint (wcc_import_job_get_state (job), ==, WCC_IMPORT_DONE);

  /* The bar moved while the server worked: a value strictly between 0 and 1. */
  for (guint i = 0; i < seen.fractions->len; i++)
    if (g_array_index (seen.fractions, double, i) > 0.0 && g_array_index (seen.fractions, double, i) < 1.0)
      between = TRUE;
  g_test_message ("%u progress values seen before the end", seen.fractions->len);
  g_assert_true (between);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 1.0);

  /* The report: 9,997 created, exactly the 3 bad lines with their numbers. */
  g_assert_cmpuint (wcc_import_job_get_created (job), ==, N_ROWS - 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_by_id (section, "report_label"))), ==,
                   "9997 created, 0 skipped, 3 rejected");
  lines = find_by_id (section, "lines_list");
  for (GtkWidget *row = gtk_widget_get_first_child (lines); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 3);
  {
    const guint bad[] = { BAD_PHONE + 2, BAD_EMAIL + 2, BAD_TAG + 2 };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *name = g_strdup_printf ("rejected-line-%u", bad[i]);
        g_autofree char *title = g_strdup_printf ("Line %u", bad[i]);
        GtkWidget *row = find_by_name (lines, name);

        g_assert_nonnull (row);
        g_assert_true (gtk_widget_get_mapped (row));
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
        g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
      }
  }
  /* What the copy and the export write. */
  {
    g_autofree char *csv = wcc_import_job_rejected_csv (job);
    g_autofree char *expected_start = g_strdup_printf ("line,reason\r\n%u,", BAD_PHONE + 2);

    g_assert_true (g_str_has_prefix (csv, expected_start));
    g_assert_nonnull (strstr (csv, "\r\n5002,"));
    g_assert_nonnull (strstr (csv, "\r\n9878,"));
  }
  /* Copied: the clipboard has them. */
  {
    g_autofree char *expected = wcc_import_job_rejected_csv (job);
    GdkClipboard *clipboard = gtk_widget_get_clipboard (section);
    gpointer result = NULL;
    g_autofree char *copied = NULL;

    click (section, "copy_button");
    gdk_clipboard_read_text_async (clipboard, NULL, on_async_done, &result);
    wait_until (result_arrived, &result, 5000);
    copied = gdk_clipboard_read_text_finish (clipboard, result, NULL);
    g_object_unref (result);
    g_assert_cmpstr (copied, ==, expected);
  }
  /* Saved as CSV: the same text in the file. */
  {
    g_autofree char *expected = wcc_import_job_rejected_csv (job);
    g_autofree char *saved_path = g_build_filename (dir, "rejected.csv", NULL);
    g_autoptr(GFile) saved = g_file_new_for_path (saved_path);

    wcc_setup_import_export_to (WCC_SETUP_IMPORT (section), saved);
    wait_until (file_has, &(Expected) { saved_path, expected }, 5000);
    g_unlink (saved_path);
  }
  /* The server's side: the job and the customers. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/imports/%" G_GINT64_FORMAT, wcc_import_job_get_id (job));
    g_autoptr(JsonObject) server_job = http_json (admin, "GET", path, NULL, 200);
    g_autoptr(JsonObject) found = http_json (admin, "GET", "/api/v1/customers/by-phone?number=%2B442079469999",
                                             NULL, 200);

    g_assert_cmpint (json_object_get_int_member (server_job, "created"), ==, N_ROWS - 3);
    g_assert_cmpint (json_object_get_int_member (server_job, "rejected"), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (found, "items")), ==, 1);
  }
  save_screenshot (GTK_WIDGET (main_window), "setup-import.png");

  /* A file the server refuses (an unknown column): told, nothing imported. */
  {
    g_autofree char *bad_path = g_build_filename (dir, "bad.csv", NULL);
    g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
    Says says = { find_by_id (section, "error_label"), "“shoe size”" };

    g_assert_true (g_file_set_contents (bad_path, "company,shoe size\nAcme,42\n", -1, NULL));
    wcc_setup_import_set_file (WCC_SETUP_IMPORT (section), bad);
    click (section, "import_button");
    wait_until (label_says, &says, 10000);
    g_assert_true (gtk_widget_get_visible (says.label));
    g_assert_cmpuint (wcc_import_job_get_state (wcc_setup_import_get_job (WCC_SETUP_IMPORT (section))), ==,
                      WCC_IMPORT_FAILED);
    g_assert_false (gtk_widget_get_visible (find_by_id (section, "report_box")));
    g_unlink (bad_path);
  }

  g_array_unref (seen.fractions);
  g_unlink (csv_path);
  g_rmdir (dir);
  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

/* ---- a task and a call result ---- */

static gboolean
records_loaded (gpointer section)
{
  return wcc_setup_records_is_loaded (section);
}

static void
wait_status (GtkWidget  *section,
             const char *part)
{
  Says says = { find_by_id (section, "status_label"), part };

  wait_until (label_says, &says, 10000);
}

static JsonObject *
find_named (WccClient  *admin,
            const char *path,
            const char *member,
            const char *value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;

  /* Every page of the list. */
  wcc_client_get_all_items_async (admin, path, NULL, on_async_done, &result);
  wait_until (result_arrived, &result, 10000);
  items = wcc_client_get_all_items_finish (admin, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), member), value) == 0)
      return json_object_ref (json_array_get_object_element (items, i));
  g_error ("no “%s” in %s", value, path);
}

static gboolean
ids_have (JsonObject *object,
          const char *member,
          gint64      id)
{
  JsonArray *ids = json_object_get_array_member (object, member);

  for (guint i = 0; i < json_array_get_length (ids); i++)
    if (json_array_get_int_element (ids, i) == id)
      return TRUE;
  return FALSE;
}

static void
set_check (GtkWidget  *section,
           const char *name,
           gboolean    active)
{
  GtkWidget *check = find_by_name (section, name);

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
}

/* Delete, confirmed in the dialog that asks @heading. */
static void
delete_through_dialog (GtkWidget  *section,
                       const char *heading)
{
  AdwMessageDialog *dialog;

  click (section, "delete_button");
  wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_edit_task_and_call_result (void)
{
  WccTestServer *server;
  GtkWindow *main_window;
  WccSetupPage *page;
  GtkWidget *section;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) groups = NULL;
  g_autoptr(JsonObject) extra_result = NULL;
  gint64 sales = 0, service = 0, last_bulk = 0;
  g_autofree char *task_path = NULL;
  g_autofree char *result_path = NULL;
  g_autofree char *name = NULL;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  task = find_named (admin, "/api/v1/tasks", "name", "Spring campaign");
  groups = http_json (admin, "GET", "/api/v1/groups", NULL, 200);
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (groups, "items")); i++)
    {
      JsonObject *group = json_array_get_object_element (json_object_get_array_member (groups, "items"), i);

      if (g_str_equal (json_object_get_string_member (group, "name"), "Sales"))
        sales = id_of (group);
      else if (g_str_equal (json_object_get_string_member (group, "name"), "Service"))
        service = id_of (group);
    }
  g_assert_true (sales > 0 && service > 0);
  g_assert_true (ids_have (task, "groups", sales));
  g_assert_false (ids_have (task, "groups", service));
  extra_result = http_json (admin, "POST", "/api/v1/call-results",
                            "{\"label\": \"Asked for a brochure\", \"funnel\": \"follow_up\", \"call_state\": \"answered\"}",
                            201);
  g_assert_false (ids_have (task, "call_results", id_of (extra_result)));
  /* More packages than one page of the API's lists (200): the section lists them all. */
  for (guint i = 0; i < 201; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Bulk list %03u\"}", i);
      g_autoptr(JsonObject) package = http_json (admin, "POST", "/api/v1/packages", body, 201);

      last_bulk = id_of (package);
    }

  main_window = log_in_without_remembering (server, "admin@demo", "wcc-admin");
  page = open_setup (main_window);

  /* People and queues come first (their sections are tested in test-setup-people-ui.c). */
  g_assert_true (WCC_IS_USERS_SETUP (show_section (page, "users")));
  g_assert_true (WCC_IS_GROUPS_SETUP (show_section (page, "groups")));
  g_assert_true (WCC_IS_QUEUES_SETUP (show_section (page, "queues")));
  g_assert_true (WCC_IS_PAUSE_REASONS_SETUP (show_section (page, "pause-reasons")));

  /* The task: after-call seconds, the Service group and the new call result. */
  section = show_section (page, "tasks");
  wait_until (records_loaded, section, 10000);
  g_assert_true (wcc_setup_records_select (WCC_SETUP_RECORDS (section), id_of (task)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_by_name (section, "field-name"))), ==,
                   "Spring campaign");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_name (section, "field-after_call_work")), 45);
  name = g_strdup_printf ("field-groups-%" G_GINT64_FORMAT, service);
  set_check (section, name, TRUE);
  g_free (name);
  name = g_strdup_printf ("field-call_results-%" G_GINT64_FORMAT, id_of (extra_result));
  set_check (section, name, TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_by_name (section, "field-contact_history")), 1);
  save_screenshot (GTK_WIDGET (main_window), "setup-tasks.png");
  click (section, "save_button");
  wait_status (section, "Saved");
  task_path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, id_of (task));
  {
    g_autoptr(JsonObject) now = http_json (admin, "GET", task_path, NULL, 200);

    g_assert_cmpint (json_object_get_int_member (now, "after_call_work"), ==, 45);
    g_assert_true (ids_have (now, "groups", sales));
    g_assert_true (ids_have (now, "groups", service));
    g_assert_true (ids_have (now, "call_results", id_of (extra_result)));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (now, "call_results")), ==,
                      json_array_get_length (json_object_get_array_member (task, "call_results")) + 1);
    g_assert_cmpstr (json_object_get_string_member (now, "contact_history"), ==, "manual");
    g_assert_cmpstr (json_object_get_string_member (now, "name"), ==, "Spring campaign");
    g_assert_cmpint (json_object_get_int_member (now, "version"), ==, json_object_get_int_member (task, "version") + 1);
  }

  /* The call result: its label and funnel stage. */
  section = show_section (page, "call-results");
  wait_until (records_loaded, section, 10000);
  g_assert_true (wcc_setup_records_select (WCC_SETUP_RECORDS (section), id_of (extra_result)));
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "field-label")), "Brochure sent");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_by_name (section, "field-funnel")), 0);   /* success */
  click (section, "save_button");
  wait_status (section, "Saved");
  result_path = g_strdup_printf ("/api/v1/call-results/%" G_GINT64_FORMAT, id_of (extra_result));
  result = http_json (admin, "GET", result_path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (result, "label"), ==, "Brochure sent");
  g_assert_cmpstr (json_object_get_string_member (result, "funnel"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (result, "call_state"), ==, "answered");

  /* Someone else saves it meanwhile: the stale save is told, the current record shown. */
  {
    g_autofree char *body = g_strdup_printf ("{\"label\": \"Brochure posted\", \"version\": %" G_GINT64_FORMAT "}",
                                             json_object_get_int_member (result, "version"));
    g_autoptr(JsonObject) other = http_json (admin, "PATCH", result_path, body, 200);
  }
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "field-label")), "Brochure mailed");
  click (section, "save_button");
  wait_status (section, "someone else changed it");
  wait_until (records_loaded, section, 10000);
  {
    Says says = { find_by_id (section, "title_label"), "Brochure posted" };

    wait_until (label_says, &says, 10000);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_by_name (section, "field-label"))), ==,
                     "Brochure posted");
  }

  /* A taken name is told. */
  section = show_section (page, "tags");
  wait_until (records_loaded, section, 10000);
  click (section, "add_button");
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "field-name")), "VIP");
  click (section, "save_button");
  wait_status (section, "Not saved: “VIP” is taken. Choose another name.");

  /* A package with a custom field of choices. */
  section = show_section (page, "packages");
  wait_until (records_loaded, section, 10000);
  g_assert_true (wcc_setup_records_select (WCC_SETUP_RECORDS (section), last_bulk));
  click (section, "add_button");
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "field-name")), "Autumn leads");
  click (section, "add-custom-field");
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "custom-name")), "region");
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "custom-label")), "Region");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_name (section, "custom-type")), 3);   /* choice */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_by_name (section, "custom-required")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "custom-choices")), "North; South");
  click (section, "save_button");
  wait_status (section, "Saved");
  {
    g_autoptr(JsonObject) package = find_named (admin, "/api/v1/packages", "name", "Autumn leads");
    JsonObject *field = json_array_get_object_element (json_object_get_array_member (package, "fields"), 0);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (package, "fields")), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (field, "name"), ==, "region");
    g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "choice");
    g_assert_true (json_object_get_boolean_member (field, "required"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (field, "choices"), 1), ==, "South");

    /* The demo's package has tasks and customers: not deleted, and said why; the new one goes. */
    {
      g_autoptr(JsonObject) leads = find_named (admin, "/api/v1/packages", "name", "Leads 2026");
      g_autofree char *path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT, id_of (package));
      g_assert_true (wcc_setup_records_select (WCC_SETUP_RECORDS (section), id_of (leads)));
      delete_through_dialog (section, "Delete “Leads 2026”?");
      wait_status (section, "Not deleted: it is still in use");
      {
        g_autofree char *leads_path = g_strdup_printf ("/api/v1/packages/%" G_GINT64_FORMAT, id_of (leads));

        json_object_unref (http_json (admin, "GET", leads_path, NULL, 200));
      }
      g_assert_true (wcc_setup_records_select (WCC_SETUP_RECORDS (section), id_of (package)));
      delete_through_dialog (section, "Delete “Autumn leads”?");
      wait_status (section, "Deleted");
      json_object_unref (http_json (admin, "GET", path, NULL, 404));
      g_assert_null (wcc_setup_records_get_current (WCC_SETUP_RECORDS (section)));
    }
  }

  /* A ticket status, not offered yet. */
  section = show_section (page, "ticket-statuses");
  wait_until (records_loaded, section, 10000);
  click (section, "add_button");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_by_name (section, "field-active"))));
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "field-label")), "Waiting for parts");
  gtk_switch_set_active (GTK_SWITCH (find_by_name (section, "field-active")), FALSE);
  click (section, "save_button");
  wait_status (section, "Saved");
  {
    g_autoptr(JsonObject) status = find_named (admin, "/api/v1/ticket-statuses", "label", "Waiting for parts");

    g_assert_false (json_object_get_boolean_member (status, "active"));
  }

  /* A question added to the task's questionnaire. */
  section = show_section (page, "questionnaires");
  wait_until (widget_sensitive, find_by_id (section, "add_button"), 10000);
  click (section, "add_button");
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "question-label")), "How did you hear of us?");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_name (section, "question-type")), 0);
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (section, "question-choices")), "Radio; A friend; The web");
  click (section, "save_button");
  wait_status (section, "Saved");
  {
    g_autofree char *path = NULL;
    g_autoptr(JsonObject) tasks = http_json (admin, "GET", "/api/v1/tasks", NULL, 200);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (tasks, "items"), 0);
    g_autoptr(JsonObject) questionnaire = NULL;
    JsonArray *questions;

    path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", id_of (first));
    questionnaire = http_json (admin, "GET", path, NULL, 200);
    questions = json_object_get_array_member (questionnaire, "questions");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions,
                                                                                   json_array_get_length (questions) - 1),
                                                    "label"), ==, "How did you hear of us?");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_array_get_object_element (questions, json_array_get_length (questions) - 1), "choices")),
                      ==, 3);
  }

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

/* Only client admins see the page: not a leader (who is an agent too). */
static void
test_leaders_have_no_setup (void)
{
  WccTestServer *server;
  GtkWindow *main_window;

  wcc_test_guard_timeout (120);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  g_assert_false (gtk_widget_get_visible (child (main_window, "setup_nav_row")));
  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/setup/import-progress-report", test_import);
  g_test_add_func ("/ui/setup/edit-task-and-call-result", test_edit_task_and_call_result);
  g_test_add_func ("/ui/setup/leaders-have-none", test_leaders_have_no_setup);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
