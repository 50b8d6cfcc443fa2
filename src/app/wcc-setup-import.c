/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-import.c: customer CSV import in the Set-up page. The file is read and sent by
 * WccImportJob (nothing on the main loop waits); the bar follows the server's
 * import.progress events; the report lists the rejected lines. */
#define G_LOG_DOMAIN "wcc-setup-import"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-setup-import.h"
#include "wcc-setup-lines.h"

struct _WccSetupImport
{
  AdwBin          parent_instance;

  /* template widgets */
  AdwActionRow   *file_row;
  GtkButton      *choose_button;
  AdwComboRow    *package_row;
  AdwComboRow    *task_row;
  GtkButton      *import_button;
  GtkBox         *progress_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *error_label;
  GtkBox         *report_box;
  GtkLabel       *report_label;
  GtkListBox     *lines_list;
  GtkBox         *lines_buttons;

  WccSession     *session;
  GCancellable   *cancellable;
  GFile          *file;
  JsonArray      *packages;
  JsonArray      *tasks;
  GArray         *task_ids;    /* the task row's items: 0 (none), then ids */
  WccImportJob   *job;
  GtkNativeDialog *dialog;
};

G_DEFINE_FINAL_TYPE (WccSetupImport, wcc_setup_import, ADW_TYPE_BIN)

static gint64
selected_package (WccSetupImport *self)
{
  guint index = adw_combo_row_get_selected (self->package_row);

  if (self->packages == NULL || index >= json_array_get_length (self->packages))
    return 0;
  return json_object_get_int_member (json_array_get_object_element (self->packages, index), "id");
}

static void
update_sensitivity (WccSetupImport *self)
{
  gboolean running = self->job != NULL && wcc_import_job_get_state (self->job) < WCC_IMPORT_DONE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            self->file != NULL && selected_package (self) > 0 && !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !running);
}

static void
on_package_selected (WccSetupImport *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 package_id = selected_package (self), none = 0;

  g_array_set_size (self->task_ids, 0);
  gtk_string_list_append (labels, _("None"));
  g_array_append_val (self->task_ids, none);
  for (guint i = 0; self->tasks != NULL && i < json_array_get_length (self->tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (self->tasks, i);
      gint64 id = json_object_get_int_member (task, "id");

      if (json_object_get_int_member (task, "package_id") != package_id)
        continue;
      gtk_string_list_append (labels, json_object_get_string_member (task, "name"));
      g_array_append_val (self->task_ids, id);
    }
  adw_combo_row_set_model (self->task_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->task_row, 0);
  update_sensitivity (self);
}

static void
show_error (WccSetupImport *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

/* ---- packages and tasks ---- */

/* The items of a list read, or NULL (the error shown). */
static JsonArray *
finish_list (WccSetupImport *self,
             GObject        *source,
             GAsyncResult   *result)
{
  g_autoptr(GError) error = NULL;
  JsonArray *items = wcc_client_get_all_items_finish (WCC_CLIENT (source), result, &error);

  if (items == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error->message);
  return items;
}

static void
on_packages_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccSetupImport) self = user_data;
  JsonArray *items = finish_list (self, source, result);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 chosen = selected_package (self);
  guint selected = 0;

  if (items == NULL)
    return;
  g_clear_pointer (&self->packages, json_array_unref);
  self->packages = items;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *package = json_array_get_object_element (items, i);

      gtk_string_list_append (labels, json_object_get_string_member (package, "name"));
      if (json_object_get_int_member (package, "id") == chosen)
        selected = i;   /* read again when shown again: the choice stays */
    }
  adw_combo_row_set_model (self->package_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->package_row, selected);
  on_package_selected (self);
}

static void
on_tasks_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccSetupImport) self = user_data;
  JsonArray *items = finish_list (self, source, result);

  if (items == NULL)
    return;
  g_clear_pointer (&self->tasks, json_array_unref);
  self->tasks = items;
  on_package_selected (self);
}

static void
reload (WccSetupImport *self)
{
  WccClient *client;

  if (self->session == NULL)
    return;
  client = wcc_session_get_client (self->session);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_client_get_all_items_async (client, "/api/v1/packages?limit=200", self->cancellable, on_packages_read,
                                  g_object_ref (self));
  wcc_client_get_all_items_async (client, "/api/v1/tasks?limit=200", self->cancellable, on_tasks_read,
                                  g_object_ref (self));
}

/* ---- the job ---- */

static void
on_job_progress (WccSetupImport *self)
{
  WccImportJob *job = self->job;
  double progress = wcc_import_job_get_progress (job);
  g_autofree char *percent = g_strdup_printf ("%d %%", (int) (progress * 100));
  g_autofree char *counts = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, progress);
  gtk_progress_bar_set_text (self->progress_bar, percent);
  switch (wcc_import_job_get_state (job))
    {
    case WCC_IMPORT_READING:
      gtk_label_set_label (self->progress_label, _("Reading the file…"));
      break;
    case WCC_IMPORT_UPLOADING:
      gtk_label_set_label (self->progress_label, _("Sending the file…"));
      break;
    default:
      /* TRANSLATORS: while an import runs: customers created, lines skipped and rejected. */
      counts = g_strdup_printf (_("Importing: %u created, %u skipped, %u rejected so far"),
                                wcc_import_job_get_created (job), wcc_import_job_get_skipped (job),
                                wcc_import_job_get_rejected (job));
      gtk_label_set_label (self->progress_label, counts);
      break;
    }
}

static void
show_report (WccSetupImport *self)
{
  WccImportJob *job = self->job;
  GPtrArray *lines = wcc_import_job_get_lines (job);
  g_autofree char *summary = NULL;
  GtkWidget *row;
  guint shown = 0;

  wcc_setup_lines_clear (self->lines_list);
  for (guint i = 0; i < lines->len; i++)
    {
      WccImportLine *line = g_ptr_array_index (lines, i);
      g_autofree char *title = NULL;
      g_autofree char *name = NULL;

      if (!line->rejected)
        continue;
      /* TRANSLATORS: a rejected line of the imported file, by its number. */
      title = g_strdup_printf (_("Line %u"), line->line);
      name = g_strdup_printf ("rejected-line-%u", line->line);
      row = adw_action_row_new ();
      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->reason);
      gtk_list_box_append (self->lines_list, row);
      shown++;
    }
  /* TRANSLATORS: the outcome of an import: customers created, lines skipped (their phone
   * number was in the package already) and rejected. */
  summary = g_strdup_printf (_("%u created, %u skipped, %u rejected"), wcc_import_job_get_created (job),
                             wcc_import_job_get_skipped (job), wcc_import_job_get_rejected (job));
  gtk_label_set_label (self->report_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_list), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_buttons), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->report_box), TRUE);
}

static void
on_job_state (WccSetupImport *self)
{
  switch (wcc_import_job_get_state (self->job))
    {
    case WCC_IMPORT_DONE:
      on_job_progress (self);
      gtk_label_set_label (self->progress_label, _("Import finished"));
      show_report (self);
      break;
    case WCC_IMPORT_FAILED:
      show_error (self, wcc_import_job_get_message (self->job));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_box), FALSE);
      if (wcc_import_job_get_id (self->job) > 0)
        show_report (self);   /* the lines counted as done are in */
      break;
    default:
      on_job_progress (self);
      break;
    }
  update_sensitivity (self);
}

static void
on_import_clicked (WccSetupImport *self)
{
  guint task_index = adw_combo_row_get_selected (self->task_row);
  gint64 task_id = task_index < self->task_ids->len ? g_array_index (self->task_ids, gint64, task_index) : 0;

  if (self->session == NULL || self->file == NULL || selected_package (self) == 0)
    return;
  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      g_clear_object (&self->job);
    }
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->report_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  self->job = wcc_import_job_new (self->session, self->file, selected_package (self), task_id);
  g_signal_connect_object (self->job, "notify::progress", G_CALLBACK (on_job_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job, "notify::created", G_CALLBACK (on_job_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job, "notify::state", G_CALLBACK (on_job_state), self, G_CONNECT_SWAPPED);
  on_job_state (self);
}

/* ---- files ---- */

static void
on_open_response (WccSetupImport       *self,
                  int                   response,
                  GtkFileChooserNative *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      wcc_setup_import_set_file (self, file);
    }
  g_clear_object (&self->dialog);
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  return filter;
}

/* A file chooser (native where there is a portal), modal over the window; @on_response
 * gets it. */
static GtkFileChooser *
open_chooser (WccSetupImport       *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept,
              GCallback             on_response)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  if (self->dialog != NULL)
    gtk_native_dialog_destroy (self->dialog);
  g_clear_object (&self->dialog);
  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action, accept,
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", on_response, self, G_CONNECT_SWAPPED);
  self->dialog = GTK_NATIVE_DIALOG (dialog);
  return GTK_FILE_CHOOSER (dialog);
}

static void
on_choose_clicked (WccSetupImport *self)
{
  g_autoptr(GtkFileFilter) filter = csv_filter ();
  GtkFileChooser *chooser = open_chooser (self, _("Choose a CSV File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                          G_CALLBACK (on_open_response));

  gtk_file_chooser_add_filter (chooser, filter);
  gtk_native_dialog_show (self->dialog);
}

static void
on_copy_clicked (WccSetupImport *self)
{
  g_autofree char *csv = NULL;

  if (self->job == NULL)
    return;
  csv = wcc_import_job_rejected_csv (self->job);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), csv);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WccSetupImport) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    show_error (self, error->message);
}

static void
on_export_response (WccSetupImport       *self,
                    int                   response,
                    GtkFileChooserNative *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      wcc_setup_import_export_to (self, file);
    }
  g_clear_object (&self->dialog);
}

static void
on_export_clicked (WccSetupImport *self)
{
  GtkFileChooser *chooser = open_chooser (self, _("Save the Rejected Lines"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                          _("_Save"), G_CALLBACK (on_export_response));

  /* TRANSLATORS: the suggested file name of an import's rejected lines. */
  gtk_file_chooser_set_current_name (chooser, _("rejected-lines.csv"));
  gtk_native_dialog_show (self->dialog);
}

/* ---- the object ---- */

static void
wcc_setup_import_dispose (GObject *object)
{
  WccSetupImport *self = WCC_SETUP_IMPORT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->job != NULL)
    wcc_import_job_cancel (self->job);
  g_clear_object (&self->job);
  if (self->dialog != NULL)
    gtk_native_dialog_destroy (self->dialog);
  g_clear_object (&self->dialog);
  g_clear_object (&self->session);
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SETUP_IMPORT);
  G_OBJECT_CLASS (wcc_setup_import_parent_class)->dispose (object);
}

static void
wcc_setup_import_finalize (GObject *object)
{
  WccSetupImport *self = WCC_SETUP_IMPORT (object);

  g_clear_pointer (&self->packages, json_array_unref);
  g_clear_pointer (&self->tasks, json_array_unref);
  g_array_unref (self->task_ids);
  G_OBJECT_CLASS (wcc_setup_import_parent_class)->finalize (object);
}

static void
wcc_setup_import_class_init (WccSetupImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_setup_import_dispose;
  object_class->finalize = wcc_setup_import_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-setup-import.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, file_row);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, choose_button);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, package_row);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, task_row);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, import_button);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, progress_box);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, report_box);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, report_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, lines_list);
  gtk_widget_class_bind_template_child (widget_class, WccSetupImport, lines_buttons);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_package_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

static void
wcc_setup_import_init (WccSetupImport *self)
{
  self->task_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
}

void
wcc_setup_import_set_session (WccSetupImport *self,
                              WccSession     *session)
{
  g_return_if_fail (WCC_IS_SETUP_IMPORT (self));
  g_return_if_fail (WCC_IS_SESSION (session));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

void
wcc_setup_import_set_file (WccSetupImport *self,
                           GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (WCC_IS_SETUP_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  name = g_file_get_parse_name (file);
  adw_action_row_set_subtitle (self->file_row, name);
  update_sensitivity (self);
}

void
wcc_setup_import_export_to (WccSetupImport *self,
                            GFile          *file)
{
  char *csv;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (WCC_IS_SETUP_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->job == NULL)
    return;
  csv = wcc_import_job_rejected_csv (self->job);
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_saved,
                                       g_object_ref (self));
}

WccImportJob *
wcc_setup_import_get_job (WccSetupImport *self)
{
  g_return_val_if_fail (WCC_IS_SETUP_IMPORT (self), NULL);
  return self->job;
}
