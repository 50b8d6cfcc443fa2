/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-questionnaire-section.c: the task's questionnaire, answered during the call (C18). */
#define G_LOG_DOMAIN "wcc-questionnaire-section"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wcc-error.h"
#include "wcc-questionnaire-section.h"

/* The longest text answer the API takes (docs/api.md "Questionnaires"), in characters. */
#define MAX_TEXT_ANSWER 2000

enum {
  PROP_0,
  PROP_HAS_QUESTIONNAIRE,
  PROP_ANSWERED,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum {
  QUESTION_TEXT,
  QUESTION_NUMBER,
  QUESTION_DATE,
  QUESTION_SINGLE,
  QUESTION_MULTIPLE,
} QuestionType;

typedef struct {
  gint64        id;
  QuestionType  type;
  char         *label;
  gboolean      required;
  char        **choices;
  GtkWidget    *row;      /* borrowed: questions_group holds it */
  GPtrArray    *checks;   /* multiple: a GtkCheckButton per choice (borrowed) */
} Question;

struct _WccQuestionnaireSection
{
  WccCustomerSection   parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *pages;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *questions_group;

  /* owned references */
  GPtrArray           *questions;    /* of Question, in the questionnaire's order */
  JsonArray           *definition;   /* the questions as the API has them */

  gint64               customer_id;  /* whose answers the rows hold */
  gint64               task_id;      /* whose questionnaire is shown */
  gint64               version;      /* of the questionnaire shown; 0: none */
  guint                answered;
  gboolean             filling;      /* the rows are being filled: no "changed" */
};

G_DEFINE_FINAL_TYPE (WccQuestionnaireSection, wcc_questionnaire_section, WCC_TYPE_CUSTOMER_SECTION)

static void
question_free (Question *question)
{
  g_free (question->label);
  g_strfreev (question->choices);
  g_clear_pointer (&question->checks, g_ptr_array_unref);
  g_free (question);
}

/* ---- one question's answer --------------------------------------------------------------- */

static char *
stripped_text (Question *question)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (question->row))));
}

/* What the row holds as typed (a string, or an array of choices), NULL when unanswered:
 * what a rebuilt row gets back. */
static JsonNode *
raw_answer (Question *question)
{
  switch (question->type)
    {
    case QUESTION_TEXT:
    case QUESTION_NUMBER:
    case QUESTION_DATE:
      {
        g_autofree char *text = stripped_text (question);

        if (*text == '\0')
          return NULL;
        return json_node_init_string (json_node_alloc (), gtk_editable_get_text (GTK_EDITABLE (question->row)));
      }
    case QUESTION_SINGLE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (question->row));

        /* position 0 is "No answer" */
        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > g_strv_length (question->choices))
          return NULL;
        return json_node_init_string (json_node_alloc (), question->choices[selected - 1]);
      }
    case QUESTION_MULTIPLE:
    default:
      {
        g_autoptr(JsonArray) ticked = json_array_new ();

        for (guint i = 0; i < question->checks->len; i++)
          if (gtk_check_button_get_active (g_ptr_array_index (question->checks, i)))
            json_array_add_string_element (ticked, question->choices[i]);
        if (json_array_get_length (ticked) == 0)
          return NULL;
        return json_node_init_array (json_node_alloc (), ticked);
      }
    }
}

static void
restore_answer (Question *question,
                JsonNode *raw)
{
  switch (question->type)
    {
    case QUESTION_TEXT:
    case QUESTION_NUMBER:
    case QUESTION_DATE:
      gtk_editable_set_text (GTK_EDITABLE (question->row),
                             raw && JSON_NODE_HOLDS_VALUE (raw) ? json_node_get_string (raw) : "");
      break;
    case QUESTION_SINGLE:
      {
        const char *choice = raw && JSON_NODE_HOLDS_VALUE (raw) ? json_node_get_string (raw) : NULL;
        guint selected = 0;

        for (guint i = 0; choice != NULL && question->choices[i] != NULL; i++)
          if (g_str_equal (question->choices[i], choice))
            selected = i + 1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (question->row), selected);
      }
      break;
    case QUESTION_MULTIPLE:
    default:
      {
        JsonArray *ticked = raw && JSON_NODE_HOLDS_ARRAY (raw) ? json_node_get_array (raw) : NULL;

        for (guint i = 0; i < question->checks->len; i++)
          {
            gboolean active = FALSE;

            for (guint j = 0; ticked != NULL && j < json_array_get_length (ticked); j++)
              if (g_strcmp0 (json_array_get_string_element (ticked, j), question->choices[i]) == 0)
                active = TRUE;
            gtk_check_button_set_active (g_ptr_array_index (question->checks, i), active);
          }
      }
      break;
    }
}

static gboolean
parse_number (const char *text,
              JsonNode   *out)
{
  gint64 whole;
  double value;
  char *end = NULL;

  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &whole, NULL))
    {
      json_node_set_int (out, whole);
      return TRUE;
    }
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return FALSE;
  json_node_set_double (out, value);
  return TRUE;
}

/* YYYY-MM-DD, a day of the calendar. */
static gboolean
is_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;
  return year >= 1 && g_date_valid_dmy (day, month, year);
}

/* The answer as the API takes it; NULL when unanswered, or when it is not of the
 * question's type (then @problem, when given, says what it must be). */
static JsonNode *
answer_value (Question  *question,
              char     **problem)
{
  g_autoptr(JsonNode) raw = raw_answer (question);
  g_autofree char *text = NULL;

  if (raw == NULL)
    return NULL;
  switch (question->type)
    {
    case QUESTION_TEXT:
      text = stripped_text (question);
      if (g_utf8_strlen (text, -1) <= MAX_TEXT_ANSWER)
        return json_node_init_string (json_node_alloc (), text);
      if (problem != NULL)
        /* TRANSLATORS: a questionnaire's text answer is too long; %s is the question */
        *problem = g_strdup_printf (_("The answer to “%s” is longer than 2000 characters"), question->label);
      return NULL;
    case QUESTION_NUMBER:
      {
        g_autoptr(JsonNode) number = json_node_new (JSON_NODE_VALUE);

        text = stripped_text (question);
        if (parse_number (text, number))
          return g_steal_pointer (&number);
        if (problem != NULL)
          /* TRANSLATORS: a questionnaire's question takes a number; %s is the question */
          *problem = g_strdup_printf (_("The answer to “%s” must be a number"), question->label);
        return NULL;
      }
    case QUESTION_DATE:
      text = stripped_text (question);
      if (is_date (text))
        return json_node_init_string (json_node_alloc (), text);
      if (problem != NULL)
        /* TRANSLATORS: a questionnaire's question takes a date; %s is the question. Keep YYYY-MM-DD */
        *problem = g_strdup_printf (_("The answer to “%s” must be a date as YYYY-MM-DD"), question->label);
      return NULL;
    case QUESTION_SINGLE:
    case QUESTION_MULTIPLE:
    default:
      return g_steal_pointer (&raw);
    }
}

static void
mark (Question *question,
      gboolean  wrong)
{
  if (wrong)
    gtk_widget_add_css_class (question->row, "error");
  else
    gtk_widget_remove_css_class (question->row, "error");
}

/* ---- the rows ---------------------------------------------------------------------------- */

static Question *
question_of_widget (WccQuestionnaireSection *self,
                    GtkWidget               *widget)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *question = g_ptr_array_index (self->questions, i);

      if (widget == question->row || gtk_widget_is_ancestor (widget, question->row))
        return question;
    }
  return NULL;
}

static void
update_answered (WccQuestionnaireSection *self)
{
  guint answered = 0;

  for (guint i = 0; i < self->questions->len; i++)
    {
      g_autoptr(JsonNode) raw = raw_answer (g_ptr_array_index (self->questions, i));

      if (raw != NULL)
        answered++;
    }
  if (answered != self->answered)
    {
      self->answered = answered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED]);
    }
}

/* A multiple-choice row says what is ticked, so it reads folded too. */
static void
update_ticked (Question *question)
{
  g_autoptr(GPtrArray) ticked = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;

  if (question->type != QUESTION_MULTIPLE)
    return;
  for (guint i = 0; i < question->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (question->checks, i)))
      g_ptr_array_add (ticked, question->choices[i]);
  g_ptr_array_add (ticked, NULL);
  /* TRANSLATORS: between the choices ticked in a multiple-choice question */
  subtitle = g_strjoinv (_(", "), (char **) ticked->pdata);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (question->row), subtitle);
}

static void
answer_changed (WccQuestionnaireSection *self,
                GtkWidget               *widget)
{
  Question *question = question_of_widget (self, widget);

  if (question != NULL)
    {
      mark (question, FALSE);
      update_ticked (question);
    }
  if (self->filling)
    return;
  update_answered (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_text_changed (GtkEditable             *editable,
                 WccQuestionnaireSection *self)
{
  answer_changed (self, GTK_WIDGET (editable));
}

static void
on_selected_changed (GObject                 *row,
                     GParamSpec              *pspec,
                     WccQuestionnaireSection *self)
{
  answer_changed (self, GTK_WIDGET (row));
}

static void
on_toggled (GtkCheckButton          *check,
            WccQuestionnaireSection *self)
{
  answer_changed (self, GTK_WIDGET (check));
}

static void
on_day_selected (GtkCalendar *calendar,
                 AdwEntryRow *row)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static char *
row_title (Question *question)
{
  /* a required question's title gets the same mark as a required field of a form */
  return question->required ? g_strdup_printf ("%s *", question->label) : g_strdup (question->label);
}

/* The questions come from the server, so their rows are made here, not in the template. */
static GtkWidget *
entry_row (WccQuestionnaireSection *self,
           Question                *question)
{
  GtkWidget *row = adw_entry_row_new ();

  if (question->type == QUESTION_NUMBER)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  if (question->type == QUESTION_DATE)
    {
      GtkWidget *calendar = gtk_calendar_new ();
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *button = gtk_menu_button_new ();

      gtk_popover_set_child (GTK_POPOVER (popover), calendar);
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
      gtk_widget_set_tooltip_text (button, _("Choose a Date"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"), -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
      g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_day_selected), row, 0);
    }
  g_signal_connect_object (row, "changed", G_CALLBACK (on_text_changed), self, 0);
  return row;
}

static GtkWidget *
single_choice_row (WccQuestionnaireSection *self,
                   Question                *question)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  /* TRANSLATORS: the first entry of a single-choice question: nothing chosen */
  gtk_string_list_append (labels, _("No answer"));
  for (guint i = 0; question->choices[i] != NULL; i++)
    gtk_string_list_append (labels, question->choices[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_selected_changed), self, 0);
  return row;
}

static GtkWidget *
multiple_choice_row (WccQuestionnaireSection *self,
                     Question                *question)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  question->checks = g_ptr_array_new ();
  for (guint i = 0; question->choices[i] != NULL; i++)
    {
      GtkWidget *choice = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("question-%" G_GINT64_FORMAT "-%u", question->id, i);

      gtk_widget_set_name (check, name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (choice), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice), question->choices[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (choice), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (choice), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), choice);
      g_ptr_array_add (question->checks, check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_toggled), self, 0);
    }
  return row;
}

static Question *
question_new (WccQuestionnaireSection *self,
              JsonObject              *data)
{
  const char *type = json_object_get_string_member_with_default (data, "type", "");
  JsonArray *choices = json_object_has_member (data, "choices") &&
                       JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "choices"))
                       ? json_object_get_array_member (data, "choices") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  Question *question = g_new0 (Question, 1);

  question->id = json_object_get_int_member_with_default (data, "id", 0);
  question->label = g_strdup (json_object_get_string_member_with_default (data, "label", ""));
  question->required = json_object_get_boolean_member_with_default (data, "required", FALSE);
  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    g_strv_builder_add (builder, json_array_get_string_element (choices, i));
  question->choices = g_strv_builder_end (builder);
  if (g_str_equal (type, "single"))
    question->type = QUESTION_SINGLE;
  else if (g_str_equal (type, "multiple"))
    question->type = QUESTION_MULTIPLE;
  else if (g_str_equal (type, "number"))
    question->type = QUESTION_NUMBER;
  else if (g_str_equal (type, "date"))
    question->type = QUESTION_DATE;
  else
    question->type = QUESTION_TEXT;

  switch (question->type)
    {
    case QUESTION_SINGLE:
      question->row = single_choice_row (self, question);
      break;
    case QUESTION_MULTIPLE:
      question->row = multiple_choice_row (self, question);
      break;
    case QUESTION_TEXT:
    case QUESTION_NUMBER:
    case QUESTION_DATE:
    default:
      question->row = entry_row (self, question);
      break;
    }
  title = row_title (question);
  name = g_strdup_printf ("question-%" G_GINT64_FORMAT, question->id);
  gtk_widget_set_name (question->row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (question->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (question->row), title);
  update_ticked (question);
  return question;
}

/* The answers as typed, by question id: what a rebuilt questionnaire gets back. */
static JsonObject *
raw_answers (WccQuestionnaireSection *self)
{
  JsonObject *answers = json_object_new ();

  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *question = g_ptr_array_index (self->questions, i);
      JsonNode *raw = raw_answer (question);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, question->id);

      if (raw != NULL)
        json_object_set_member (answers, key, raw);
    }
  return answers;
}

static void
drop_rows (WccQuestionnaireSection *self)
{
  for (guint i = 0; i < self->questions->len; i++)
    adw_preferences_group_remove (self->questions_group, ((Question *) g_ptr_array_index (self->questions, i))->row);
  g_ptr_array_set_size (self->questions, 0);
}

static void
set_has_questionnaire (WccQuestionnaireSection *self,
                       JsonArray               *definition)
{
  gboolean had = self->definition != NULL;

  g_clear_pointer (&self->definition, json_array_unref);
  if (definition != NULL)
    self->definition = json_array_ref (definition);
  if (had != (definition != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_QUESTIONNAIRE]);
}

/* The customer's task has no questionnaire (or there is no customer): nothing to add. */
static void
show_none (WccQuestionnaireSection *self)
{
  gboolean had_rows = self->questions->len > 0;

  drop_rows (self);
  self->version = 0;
  set_has_questionnaire (self, NULL);
  gtk_stack_set_visible_child_name (self->pages, "empty");
  update_answered (self);
  if (had_rows)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* New questions (another version, another task): the rows again, each with the answer it
 * had under its id. */
static void
show_questions (WccQuestionnaireSection *self,
                JsonArray               *questions)
{
  g_autoptr(JsonObject) kept = raw_answers (self);

  self->filling = TRUE;
  drop_rows (self);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *data = json_array_get_object_element (questions, i);
      g_autofree char *key = NULL;
      Question *question;

      if (data == NULL)
        continue;
      question = question_new (self, data);
      g_ptr_array_add (self->questions, question);
      adw_preferences_group_add (self->questions_group, question->row);
      key = g_strdup_printf ("%" G_GINT64_FORMAT, question->id);
      restore_answer (question, json_object_get_member (kept, key));
    }
  self->filling = FALSE;
  set_has_questionnaire (self, questions);
  gtk_stack_set_visible_child_name (self->pages, "questions");
  update_answered (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* ---- reads ------------------------------------------------------------------------------- */

static void
on_questionnaire_loaded (WccCustomerSection *section,
                         JsonObject         *answer,
                         const GError       *error,
                         gpointer            user_data)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (section);
  gint64 task_id = (gint64) GPOINTER_TO_SIZE (user_data);
  JsonNode *questions;
  gint64 version;

  if (task_id != self->task_id)
    return;   /* the customer moved to another task meanwhile: its own read follows */
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND))
    {
      show_none (self);
      return;
    }
  if (error != NULL)
    {
      /* Offline: what is shown, answers included, stays. */
      g_debug ("questionnaire of task %" G_GINT64_FORMAT ": %s", task_id, error->message);
      if (self->definition == NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->pages, "error");
        }
      return;
    }
  questions = json_object_get_member (answer, "questions");
  version = json_object_get_int_member_with_default (answer, "version", 0);
  if (questions == NULL || !JSON_NODE_HOLDS_ARRAY (questions))
    {
      show_none (self);
      return;
    }
  if (version == self->version && self->definition != NULL)
    return;
  self->version = version;
  show_questions (self, json_node_get_array (questions));
}

static void
load_questionnaire (WccQuestionnaireSection *self)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/questionnaire", self->task_id);

  if (self->definition == NULL)
    gtk_stack_set_visible_child_name (self->pages, "loading");
  wcc_customer_section_read (WCC_CUSTOMER_SECTION (self), path, on_questionnaire_loaded,
                             GSIZE_TO_POINTER ((gsize) self->task_id));
}

/* ---- WccCustomerSection ------------------------------------------------------------------ */

static void
wcc_questionnaire_section_reload (WccCustomerSection *section)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (section);
  WccRecord *customer = wcc_customer_section_get_customer (section);
  gint64 customer_id = wcc_customer_section_get_customer_id (section);
  gint64 task_id = customer ? wcc_record_get_int (customer, "task_id", 0) : 0;

  /* Another customer: their questionnaire starts empty. The same one again (a reconnect, a
   * write that went through, the customer record refreshed) keeps what was typed, and so
   * does a new customer getting its id when first saved during the call. */
  if (self->customer_id > 0 && customer_id != self->customer_id)
    {
      drop_rows (self);
      self->version = 0;
      set_has_questionnaire (self, NULL);
    }
  self->customer_id = customer_id;
  if (task_id != self->task_id)
    self->version = 0;
  self->task_id = task_id;
  if (wcc_customer_section_get_session (section) == NULL || task_id <= 0)
    {
      show_none (self);
      return;
    }
  load_questionnaire (self);
}

static void
wcc_questionnaire_section_event (WccCustomerSection *section,
                                 const char         *type,
                                 JsonObject         *data)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (section);

  if (!g_str_equal (type, "questionnaire.updated") || self->task_id <= 0 ||
      json_object_get_int_member_with_default (data, "task_id", 0) != self->task_id)
    return;
  if (json_object_get_int_member_with_default (data, "version", 0) != self->version || self->definition == NULL)
    load_questionnaire (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  wcc_questionnaire_section_clear (WCC_QUESTIONNAIRE_SECTION (widget));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_questionnaire_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (object);

  switch (prop_id)
    {
    case PROP_HAS_QUESTIONNAIRE:
      g_value_set_boolean (value, self->definition != NULL);
      break;
    case PROP_ANSWERED:
      g_value_set_uint (value, self->answered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_questionnaire_section_dispose (GObject *object)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (object);

  /* the toast overlay is both the bin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_QUESTIONNAIRE_SECTION);
  /* the rows went with the template: only their descriptions are left */
  if (self->questions != NULL)
    g_ptr_array_set_size (self->questions, 0);
  g_clear_pointer (&self->definition, json_array_unref);

  G_OBJECT_CLASS (wcc_questionnaire_section_parent_class)->dispose (object);
}

static void
wcc_questionnaire_section_finalize (GObject *object)
{
  WccQuestionnaireSection *self = WCC_QUESTIONNAIRE_SECTION (object);

  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (wcc_questionnaire_section_parent_class)->finalize (object);
}

static void
wcc_questionnaire_section_class_init (WccQuestionnaireSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  WccCustomerSectionClass *section_class = WCC_CUSTOMER_SECTION_CLASS (klass);

  object_class->get_property = wcc_questionnaire_section_get_property;
  object_class->dispose = wcc_questionnaire_section_dispose;
  object_class->finalize = wcc_questionnaire_section_finalize;
  section_class->reload = wcc_questionnaire_section_reload;
  section_class->event = wcc_questionnaire_section_event;

  properties[PROP_HAS_QUESTIONNAIRE] =
    g_param_spec_boolean ("has-questionnaire", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANSWERED] =
    g_param_spec_uint ("answered", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-questionnaire-section.ui");
  gtk_widget_class_bind_template_child (widget_class, WccQuestionnaireSection, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccQuestionnaireSection, pages);
  gtk_widget_class_bind_template_child (widget_class, WccQuestionnaireSection, error_page);
  gtk_widget_class_bind_template_child (widget_class, WccQuestionnaireSection, questions_group);

  gtk_widget_class_install_action (widget_class, "questionnaire.clear", NULL, clear_action);
}

static void
wcc_questionnaire_section_init (WccQuestionnaireSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_customer_section_set_feedback (WCC_CUSTOMER_SECTION (self), self->toast_overlay, NULL);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
}

GtkWidget *
wcc_questionnaire_section_new (WccSession *session,
                               WccRecord  *customer)
{
  return g_object_new (WCC_TYPE_QUESTIONNAIRE_SECTION, "session", session, "customer", customer, NULL);
}

gboolean
wcc_questionnaire_section_get_has_questionnaire (WccQuestionnaireSection *self)
{
  g_return_val_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self), FALSE);
  return self->definition != NULL;
}

guint
wcc_questionnaire_section_get_answered (WccQuestionnaireSection *self)
{
  g_return_val_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self), 0);
  return self->answered;
}

JsonArray *
wcc_questionnaire_section_get_questions (WccQuestionnaireSection *self)
{
  g_return_val_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self), NULL);
  return self->definition;
}

gboolean
wcc_questionnaire_section_validate (WccQuestionnaireSection  *self,
                                    GError                  **error)
{
  Question *first = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *question = g_ptr_array_index (self->questions, i);
      g_autoptr(JsonNode) raw = raw_answer (question);
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *problem = NULL;

      if (raw == NULL && question->required)
        /* TRANSLATORS: a required question of the questionnaire left unanswered; %s is the question */
        problem = g_strdup_printf (_("“%s” must be answered"), question->label);
      else if (raw != NULL)
        value = answer_value (question, &problem);
      mark (question, problem != NULL);
      if (problem != NULL && first == NULL)
        {
          first = question;
          message = g_steal_pointer (&problem);
        }
    }
  if (first == NULL)
    return TRUE;
  if (first->type == QUESTION_MULTIPLE && first->checks->len > 0)
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (first->row), TRUE);
      gtk_widget_grab_focus (g_ptr_array_index (first->checks, 0));
    }
  else
    gtk_widget_grab_focus (first->row);
  g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, message);
  return FALSE;
}

JsonObject *
wcc_questionnaire_section_get_answers (WccQuestionnaireSection *self)
{
  JsonObject *answers;

  g_return_val_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self), NULL);

  if (self->definition == NULL)
    return NULL;
  answers = json_object_new ();
  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *question = g_ptr_array_index (self->questions, i);
      JsonNode *value = answer_value (question, NULL);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, question->id);

      if (value != NULL)
        json_object_set_member (answers, key, value);
    }
  return answers;
}

void
wcc_questionnaire_section_clear (WccQuestionnaireSection *self)
{
  g_return_if_fail (WCC_IS_QUESTIONNAIRE_SECTION (self));

  self->filling = TRUE;
  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *question = g_ptr_array_index (self->questions, i);

      restore_answer (question, NULL);
      mark (question, FALSE);
    }
  self->filling = FALSE;
  update_answered (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}
