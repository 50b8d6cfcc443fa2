/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-page.c: the client admin's Set-up page: a sidebar (GtkStackSidebar) of sections.
 * The page's own sections are the customer import, the set-up records of the customer API
 * (packages, tasks, call results, tags), the questionnaires, the ticket choices and the
 * product types; other features add
 * theirs with wcc_setup_page_add_section(). */
#define G_LOG_DOMAIN "wcc-setup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-groups-setup.h"
#include "wcc-pause-reasons-setup.h"
#include "wcc-queues-setup.h"
#include "wcc-setup-import.h"
#include "wcc-setup-page.h"
#include "wcc-setup-questionnaires.h"
#include "wcc-setup-records.h"
#include "wcc-users-setup.h"

struct _WccSetupPage
{
  AdwBin           parent_instance;

  /* template widgets */
  GtkStackSidebar *sidebar;
  GtkStack        *sections;

  WccSession      *session;
};

G_DEFINE_FINAL_TYPE (WccSetupPage, wcc_setup_page, ADW_TYPE_BIN)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The forms of the set-up records (docs/api.md, "Customers (issue 5, first part)"). */

static const WccSetupField package_fields[] = {
  { "name", N_("Name"), WCC_SETUP_FIELD_TEXT },
  { "fields", N_("Custom Fields of Its Customers"), WCC_SETUP_FIELD_CUSTOM_FIELDS },
};

static const char *const history_values[] = { "auto", "manual", NULL };
static const char *const history_labels[] = { N_("Written automatically after each call"),
                                              N_("Written by the agent"), NULL };

static const WccSetupField task_fields[] = {
  { "name", N_("Name"), WCC_SETUP_FIELD_TEXT },
  { "package_id", N_("Package"), WCC_SETUP_FIELD_REF, NULL, NULL, "/api/v1/packages?limit=200", "id", "name",
    FALSE, TRUE },
  { "after_call_work", N_("After-call work (seconds)"), WCC_SETUP_FIELD_NUMBER, .max = 3600 },
  { "contact_history", N_("Contact history"), WCC_SETUP_FIELD_CHOICE, history_values, history_labels },
  /* A questionnaire is made for a task (Questionnaires); a task may use another's. */
  { "questionnaire_id", N_("Questionnaire (of the task)"), WCC_SETUP_FIELD_REF, NULL, NULL,
    "/api/v1/tasks?limit=200", "questionnaire_id", "name", TRUE },
  { "groups", N_("Groups Working on It"), WCC_SETUP_FIELD_REFS, NULL, NULL, "/api/v1/groups", "id", "name" },
  { "call_results", N_("Call Results"), WCC_SETUP_FIELD_REFS, NULL, NULL, "/api/v1/call-results", "id", "label" },
};

static const char *const funnel_values[] = { "success", "fail", "follow_up", NULL };
static const char *const funnel_labels[] = { N_("Success"), N_("Fail"), N_("Follow-up"), NULL };
static const char *const call_state_values[] = { "any", "answered", "unanswered", NULL };
static const char *const call_state_labels[] = { N_("Any call"), N_("Answered calls"), N_("Unanswered calls"), NULL };

static const WccSetupField call_result_fields[] = {
  { "label", N_("Label"), WCC_SETUP_FIELD_TEXT },
  { "funnel", N_("Funnel stage"), WCC_SETUP_FIELD_CHOICE, funnel_values, funnel_labels },
  { "call_state", N_("Offered for"), WCC_SETUP_FIELD_CHOICE, call_state_values, call_state_labels },
  { "position", N_("Order"), WCC_SETUP_FIELD_NUMBER, .max = 10000 },
};

/* Tags and product types: a name. */
static const WccSetupField name_fields[] = {
  { "name", N_("Name"), WCC_SETUP_FIELD_TEXT },
};

/* The three lists of ticket choices (C11). */
static const WccSetupField ticket_choice_fields[] = {
  { "label", N_("Label"), WCC_SETUP_FIELD_TEXT },
  { "position", N_("Order"), WCC_SETUP_FIELD_NUMBER, .max = 10000 },
  { "active", N_("Offered"), WCC_SETUP_FIELD_BOOLEAN, .on_by_default = TRUE },
};

typedef struct {
  const char          *path;
  const char          *title_member;
  const WccSetupField *fields;
  guint                n_fields;
  const char          *name;
  const char          *title;   /* N_() */
} RecordsSection;

static const RecordsSection records_sections[] = {
  { "/api/v1/packages", "name", package_fields, G_N_ELEMENTS (package_fields), "packages", N_("Packages") },
  { "/api/v1/tasks", "name", task_fields, G_N_ELEMENTS (task_fields), "tasks", N_("Tasks") },
  { "/api/v1/call-results", "label", call_result_fields, G_N_ELEMENTS (call_result_fields), "call-results",
    N_("Call Results") },
  { "/api/v1/customer-tags", "name", name_fields, G_N_ELEMENTS (name_fields), "tags", N_("Customer Tags") },
  { "/api/v1/ticket-categories", "label", ticket_choice_fields, G_N_ELEMENTS (ticket_choice_fields),
    "ticket-categories", N_("Ticket Categories") },
  { "/api/v1/ticket-statuses", "label", ticket_choice_fields, G_N_ELEMENTS (ticket_choice_fields),
    "ticket-statuses", N_("Ticket Statuses") },
  { "/api/v1/ticket-results", "label", ticket_choice_fields, G_N_ELEMENTS (ticket_choice_fields),
    "ticket-results", N_("Ticket Results") },
  { "/api/v1/product-types", "name", name_fields, G_N_ELEMENTS (name_fields), "product-types",
    N_("Product Types") },
};

static void
build_sections (WccSetupPage *self)
{
  GtkWidget *section;

  /* People and queues first: what agents depend on before any customer work. */
  section = wcc_users_setup_new ();
  wcc_setup_page_add_section (self, section, "users", _("Users"));
  wcc_users_setup_set_session (WCC_USERS_SETUP (section), self->session);
  section = wcc_groups_setup_new ();
  wcc_setup_page_add_section (self, section, "groups", _("Groups"));
  wcc_groups_setup_set_session (WCC_GROUPS_SETUP (section), self->session);
  section = wcc_queues_setup_new ();
  wcc_setup_page_add_section (self, section, "queues", _("Queues"));
  wcc_queues_setup_set_session (WCC_QUEUES_SETUP (section), self->session);
  section = wcc_pause_reasons_setup_new ();
  wcc_setup_page_add_section (self, section, "pause-reasons", _("Pause Reasons"));
  wcc_pause_reasons_setup_set_session (WCC_PAUSE_REASONS_SETUP (section), self->session);

  section = g_object_new (WCC_TYPE_SETUP_IMPORT, NULL);
  wcc_setup_page_add_section (self, section, "import", _("Customer Import"));
  wcc_setup_import_set_session (WCC_SETUP_IMPORT (section), self->session);

  for (guint i = 0; i < G_N_ELEMENTS (records_sections); i++)
    {
      const RecordsSection *kind = &records_sections[i];

      section = wcc_setup_records_new (kind->path, kind->title_member, kind->fields, kind->n_fields);
      wcc_setup_page_add_section (self, section, kind->name, _(kind->title));
      wcc_setup_records_set_session (WCC_SETUP_RECORDS (section), self->session);
    }

  section = g_object_new (WCC_TYPE_SETUP_QUESTIONNAIRES, NULL);
  wcc_setup_page_add_section (self, section, "questionnaires", _("Questionnaires"));
  wcc_setup_questionnaires_set_session (WCC_SETUP_QUESTIONNAIRES (section), self->session);
}

static void
wcc_setup_page_dispose (GObject *object)
{
  WccSetupPage *self = WCC_SETUP_PAGE (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SETUP_PAGE);
  G_OBJECT_CLASS (wcc_setup_page_parent_class)->dispose (object);
}

static void
wcc_setup_page_class_init (WccSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_setup_page_dispose;

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSetupPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, WccSetupPage, sections);
}

static void
wcc_setup_page_init (WccSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
wcc_setup_page_set_session (WccSetupPage *self,
                            WccSession   *session)
{
  g_return_if_fail (WCC_IS_SETUP_PAGE (self));
  g_return_if_fail (WCC_IS_SESSION (session));

  if (self->session != NULL)
    return;
  self->session = g_object_ref (session);
  build_sections (self);
}

WccSession *
wcc_setup_page_get_session (WccSetupPage *self)
{
  g_return_val_if_fail (WCC_IS_SETUP_PAGE (self), NULL);
  return self->session;
}

void
wcc_setup_page_add_section (WccSetupPage *self,
                            GtkWidget    *section,
                            const char   *name,
                            const char   *title)
{
  g_return_if_fail (WCC_IS_SETUP_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (section));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (gtk_stack_get_child_by_name (self->sections, name) == NULL);

  gtk_widget_set_name (section, name);
  gtk_stack_add_titled (self->sections, section, name, title);
}

void
wcc_setup_page_show_section (WccSetupPage *self,
                             const char   *name)
{
  g_return_if_fail (WCC_IS_SETUP_PAGE (self));

  if (gtk_stack_get_child_by_name (self->sections, name) != NULL)
    gtk_stack_set_visible_child_name (self->sections, name);
}

GtkWidget *
wcc_setup_page_get_section (WccSetupPage *self,
                            const char   *name)
{
  g_return_val_if_fail (WCC_IS_SETUP_PAGE (self), NULL);
  return gtk_stack_get_child_by_name (self->sections, name);
}
