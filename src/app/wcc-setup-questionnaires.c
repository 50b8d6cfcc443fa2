/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-questionnaires.c: a task's questionnaire in the Set-up page. GET
 * /tasks/{id}/questionnaire (404: none yet), the questions as lines of inputs, PUT the whole
 * list with the version through the session. A question read from the server keeps its id
 * and its type (the server refuses a type change: remove it and add a new one). */
#define G_LOG_DOMAIN "wcc-setup-questionnaires"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
#include "wcc-setup-lines.h"
#include "wcc-setup-questionnaires.h"

struct _WccSetupQuestionnaires
{
  AdwBin        parent_instance;

  /* template widgets */
  AdwComboRow  *task_row;
  GtkLabel     *info_label;
  GtkListBox   *questions_list;
  GtkButton    *add_button;
  GtkLabel     *status_label;
  GtkButton    *save_button;

  WccSession   *session;
  GCancellable *cancellable;
  GArray       *task_ids;
  gint64        task_id;
  gint64        version;     /* 0: none yet */
};

G_DEFINE_FINAL_TYPE (WccSetupQuestionnaires, wcc_setup_questionnaires, ADW_TYPE_BIN)

static const WccSetupLineKind question_kind = {
  .types = (const char *const[]) { "single", "multiple", "text", "number", "date", NULL },
  .type_labels = (const char *const[]) { N_("Single choice"), N_("Multiple choice"), N_("Text"), N_("Number"),
                                         N_("Date"), NULL },
  .choice_types = (const char *const[]) { "single", "multiple", NULL },
  .movable = TRUE,
  /* The server keeps a question's type: another type is a new question. */
  .fixed_type = TRUE,
  .prefix = "question",
  .remove_tip = N_("Remove this question"),
};

static void
set_status (WccSetupQuestionnaires *self,
            const char             *text,
            gboolean                error)
{
  wcc_setup_set_status (self->status_label, text, error);
}

static void
clear_questions (WccSetupQuestionnaires *self)
{
  wcc_setup_lines_clear (self->questions_list);
}

/* ---- reading ---- */

static void
on_questionnaire_read (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WccSetupQuestionnaires) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  JsonArray *questions;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_questions (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND))
    {
      self->version = 0;
      gtk_label_set_label (self->info_label, _("This task has no questionnaire yet: add its questions and save."));
      return;
    }
  if (answer == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  self->version = json_object_get_int_member (answer, "version");
  questions = json_object_get_array_member (answer, "questions");
  for (guint i = 0; questions != NULL && i < json_array_get_length (questions); i++)
    wcc_setup_line_append (self->questions_list, &question_kind, json_array_get_object_element (questions, i));
  gtk_label_set_label (self->info_label, "");
}

static void
load_questionnaire (WccSetupQuestionnaires *self)
{
  g_autofree char *path = NULL;

  clear_questions (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  if (self->task_id == 0)
    {
      gtk_label_set_label (self->info_label, _("Add a task first."));
      return;
    }
  gtk_label_set_label (self->info_label, "");
  path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", self->task_id);
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                               on_questionnaire_read, g_object_ref (self));
}

static void
on_task_selected (WccSetupQuestionnaires *self)
{
  guint index = adw_combo_row_get_selected (self->task_row);
  gint64 task_id = index < self->task_ids->len ? g_array_index (self->task_ids, gint64, index) : 0;

  if (self->session == NULL)
    return;
  self->task_id = task_id;
  set_status (self, "", FALSE);
  load_questionnaire (self);
}

static void
on_tasks_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccSetupQuestionnaires) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = wcc_client_get_all_items_finish (WCC_CLIENT (source), result, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  g_array_set_size (self->task_ids, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *task = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member (task, "id");

      if (id == self->task_id)
        selected = i;
      g_array_append_val (self->task_ids, id);
      gtk_string_list_append (labels, json_object_get_string_member (task, "name"));
    }
  adw_combo_row_set_model (self->task_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->task_row, selected);
  on_task_selected (self);
}

static void
reload (WccSetupQuestionnaires *self)
{
  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_client_get_all_items_async (wcc_session_get_client (self->session), "/api/v1/tasks?limit=200",
                                  self->cancellable, on_tasks_read, g_object_ref (self));
}

/* ---- saving ---- */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WccSetupQuestionnaires) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  WccWriteOutcome outcome;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        {
          set_status (self, _("Not saved: someone else changed it meanwhile. It is shown as it is now: make your "
                              "change again."), TRUE);
          load_questionnaire (self);
          return;
        }
      text = g_strdup_printf (_("Not saved: %s"), error->message);
      set_status (self, text, TRUE);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      set_status (self, _("Will be saved when the server can be reached"), FALSE);
      return;
    }
  set_status (self, _("Saved"), FALSE);
  load_questionnaire (self);
}

static void
on_save_clicked (WccSetupQuestionnaires *self)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *body = json_object_new ();
  g_autofree char *path = NULL;

  if (self->session == NULL || self->task_id == 0)
    return;
  if (self->version > 0)
    json_object_set_int_member (body, "version", self->version);
  json_object_set_array_member (body, "questions", wcc_setup_lines_read (self->questions_list, &question_kind));
  json_node_take_object (node, body);
  path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", self->task_id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  set_status (self, _("Saving…"), FALSE);
  wcc_session_queue_write_async (self->session, "PUT", path, node, NULL, on_saved, g_object_ref (self));
}

static void
on_add_clicked (WccSetupQuestionnaires *self)
{
  wcc_setup_line_append (self->questions_list, &question_kind, NULL);
}

/* ---- the object ---- */

static void
wcc_setup_questionnaires_dispose (GObject *object)
{
  WccSetupQuestionnaires *self = WCC_SETUP_QUESTIONNAIRES (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SETUP_QUESTIONNAIRES);
  G_OBJECT_CLASS (wcc_setup_questionnaires_parent_class)->dispose (object);
}

static void
wcc_setup_questionnaires_finalize (GObject *object)
{
  WccSetupQuestionnaires *self = WCC_SETUP_QUESTIONNAIRES (object);

  g_array_unref (self->task_ids);
  G_OBJECT_CLASS (wcc_setup_questionnaires_parent_class)->finalize (object);
}

static void
wcc_setup_questionnaires_class_init (WccSetupQuestionnairesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_setup_questionnaires_dispose;
  object_class->finalize = wcc_setup_questionnaires_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-setup-questionnaires.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, task_row);
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, info_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, questions_list);
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, add_button);
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, status_label);
  gtk_widget_class_bind_template_child (widget_class, WccSetupQuestionnaires, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_task_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
}

static void
wcc_setup_questionnaires_init (WccSetupQuestionnaires *self)
{
  self->task_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
}

void
wcc_setup_questionnaires_set_session (WccSetupQuestionnaires *self,
                                      WccSession             *session)
{
  g_return_if_fail (WCC_IS_SETUP_QUESTIONNAIRES (self));
  g_return_if_fail (WCC_IS_SESSION (session));

  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

gint64
wcc_setup_questionnaires_get_version (WccSetupQuestionnaires *self)
{
  g_return_val_if_fail (WCC_IS_SETUP_QUESTIONNAIRES (self), 0);
  return self->version;
}
