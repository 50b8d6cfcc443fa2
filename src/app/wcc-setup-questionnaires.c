/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-questionnaires.c: a task's questionnaire in the Set-up page. GET
 * /tasks/{id}/questionnaire (404: none yet), the questions as lines of inputs, PUT the whole
 * list with the version through the session. A question read from the server keeps its id
 * and its type (the server refuses a type change: remove it and add a new one). */
#define G_LOG_DOMAIN "wcc-setup-questionnaires"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
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

static const char *const question_types[] = { "single", "multiple", "text", "number", "date", NULL };

static void
set_status (WccSetupQuestionnaires *self,
            const char             *text,
            gboolean                error)
{
  gtk_label_set_label (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
on_move_up (GtkWidget *button)
{
  GtkListBoxRow *row = GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row)));
  int index = gtk_list_box_row_get_index (row);

  if (index <= 0)
    return;
  g_object_ref (row);
  gtk_list_box_remove (list, GTK_WIDGET (row));
  gtk_list_box_insert (list, GTK_WIDGET (row), index - 1);
  g_object_unref (row);
}

static void
on_remove (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
}

/* One question as a line of inputs (@question NULL: a new one). */
static void
add_question (WccSetupQuestionnaires *self,
              JsonObject             *question)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_entry_new ();
  GtkWidget *type = gtk_drop_down_new_from_strings ((const char *const[]) {
    _("Single choice"), _("Multiple choice"), _("Text"), _("Number"), _("Date"), NULL });
  GtkWidget *required = gtk_check_button_new_with_label (_("Required"));
  GtkWidget *choices = gtk_entry_new ();
  GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_name (label, "question-label");
  gtk_widget_set_name (type, "question-type");
  gtk_widget_set_name (required, "question-required");
  gtk_widget_set_name (choices, "question-choices");
  gtk_entry_set_placeholder_text (GTK_ENTRY (label), _("Question"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (choices), _("Choices, separated by ;"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_hexpand (choices, TRUE);
  gtk_widget_set_tooltip_text (up, _("Move up"));
  gtk_widget_set_tooltip_text (remove, _("Remove this question"));
  gtk_widget_add_css_class (up, "flat");
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (up, "clicked", G_CALLBACK (on_move_up), NULL);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove), NULL);
  gtk_widget_set_margin_top (line, 6);
  gtk_widget_set_margin_bottom (line, 6);
  gtk_widget_set_margin_start (line, 6);
  gtk_widget_set_margin_end (line, 6);
  if (question != NULL)
    {
      JsonArray *list = json_object_get_array_member (question, "choices");
      g_autoptr(GString) joined = g_string_new (NULL);

      g_object_set_data (G_OBJECT (row), "question-id",
                         GINT_TO_POINTER ((int) json_object_get_int_member (question, "id")));
      gtk_editable_set_text (GTK_EDITABLE (label), json_object_get_string_member_with_default (question, "label", ""));
      for (guint i = 0; question_types[i] != NULL; i++)
        if (g_strcmp0 (json_object_get_string_member_with_default (question, "type", ""), question_types[i]) == 0)
          gtk_drop_down_set_selected (GTK_DROP_DOWN (type), i);
      /* The server keeps a question's type: a new question is a new one. */
      gtk_widget_set_sensitive (type, FALSE);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (required),
                                   json_object_get_boolean_member_with_default (question, "required", FALSE));
      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        g_string_append_printf (joined, "%s%s", i > 0 ? "; " : "", json_array_get_string_element (list, i));
      gtk_editable_set_text (GTK_EDITABLE (choices), joined->str);
    }
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), type);
  gtk_box_append (GTK_BOX (line), required);
  gtk_box_append (GTK_BOX (line), choices);
  gtk_box_append (GTK_BOX (line), up);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
  gtk_list_box_append (self->questions_list, row);
}

static JsonArray *
read_questions (WccSetupQuestionnaires *self)
{
  JsonArray *questions = json_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->questions_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      GtkWidget *type = gtk_widget_get_next_sibling (label);
      GtkWidget *required = gtk_widget_get_next_sibling (type);
      GtkWidget *choices = gtk_widget_get_next_sibling (required);
      const char *type_name = question_types[MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (type)), 4)];
      int id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "question-id"));
      JsonObject *question = json_object_new ();

      if (id > 0)
        json_object_set_int_member (question, "id", id);
      json_object_set_string_member (question, "type", type_name);
      json_object_set_string_member (question, "label", gtk_editable_get_text (GTK_EDITABLE (label)));
      json_object_set_boolean_member (question, "required", gtk_check_button_get_active (GTK_CHECK_BUTTON (required)));
      if (g_str_equal (type_name, "single") || g_str_equal (type_name, "multiple"))
        {
          g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (choices)), ";", -1);
          JsonArray *list = json_array_new ();

          for (guint i = 0; parts[i] != NULL; i++)
            if (*g_strstrip (parts[i]) != '\0')
              json_array_add_string_element (list, parts[i]);
          json_object_set_array_member (question, "choices", list);
        }
      json_array_add_object_element (questions, question);
    }
  return questions;
}

static void
clear_questions (WccSetupQuestionnaires *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->questions_list))) != NULL)
    gtk_list_box_remove (self->questions_list, row);
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
    add_question (self, json_array_get_object_element (questions, i));
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
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *items;
  guint selected = 0;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  items = json_object_get_array_member (answer, "items");
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
  wcc_client_get_object_async (wcc_session_get_client (self->session), "/api/v1/tasks?limit=200",
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
  json_object_set_array_member (body, "questions", read_questions (self));
  json_node_take_object (node, body);
  path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", self->task_id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  set_status (self, _("Saving…"), FALSE);
  wcc_session_queue_write_async (self->session, "PUT", path, node, NULL, on_saved, g_object_ref (self));
}

static void
on_add_clicked (WccSetupQuestionnaires *self)
{
  add_question (self, NULL);
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
