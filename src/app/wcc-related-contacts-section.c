/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-related-contacts-section.c: a customer's related contacts (C14). */
#define G_LOG_DOMAIN "wcc-related-contacts-section"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-related-contacts-section.h"

struct _WccRelatedContactsSection
{
  WccCustomerSection  parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *pages;
  GtkLabel           *pending_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkLabel           *editor_title;
  GtkLabel           *conflict_label;
  AdwEntryRow        *name_row;
  AdwEntryRow        *relation_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *email_row;
  AdwEntryRow        *note_row;

  /* owned references */
  WccRecordForm      *form;
};

G_DEFINE_FINAL_TYPE (WccRelatedContactsSection, wcc_related_contacts_section, WCC_TYPE_CUSTOMER_SECTION)

static void
wcc_related_contacts_section_bind_row (WccCustomerSection *section,
                                       WccSectionRow      *row,
                                       WccRecord          *contact)
{
  const char *phone = wcc_record_get_string (contact, "phone");
  const char *email = wcc_record_get_string (contact, "email");
  const char *parts[] = { phone, email, wcc_record_get_string (contact, "note") };
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (details, (gpointer) parts[i]);
  g_ptr_array_add (details, NULL);
  subtitle = g_strjoinv (" · ", (char **) details->pdata);
  wcc_section_row_set (row, wcc_record_get_string (contact, "name"), subtitle,
                       wcc_record_get_string (contact, "relation"), "dim-label");
  if (*phone != '\0')
    wcc_section_row_set_button (row, "call-start-symbolic", _("Call This Number"), "win.call-customer",
                                g_variant_new ("(xs)", wcc_customer_section_get_customer_id (section), phone));
  else
    wcc_section_row_set_button (row, NULL, NULL, NULL, NULL);
}

static void
wcc_related_contacts_section_dispose (GObject *object)
{
  WccRelatedContactsSection *self = WCC_RELATED_CONTACTS_SECTION (object);

  /* the toast overlay is both the bin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_RELATED_CONTACTS_SECTION);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (wcc_related_contacts_section_parent_class)->dispose (object);
}

static void
wcc_related_contacts_section_class_init (WccRelatedContactsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  WccCustomerSectionClass *section_class = WCC_CUSTOMER_SECTION_CLASS (klass);

  object_class->dispose = wcc_related_contacts_section_dispose;
  section_class->bind_row = wcc_related_contacts_section_bind_row;
  section_class->list_what = "related-contacts";
  section_class->record_prefix = "/api/v1/related-contacts/";
  section_class->name_member = "name";
  section_class->new_title = N_("New Related Contact");
  section_class->describe_new = N_("New related contact “%s”");
  section_class->describe_change = N_("Changes to related contact “%s”");
  section_class->describe_delete = N_("Deletion of related contact “%s”");

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-related-contacts-section.ui");
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, pages);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, pending_label);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, list_view);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, editor_title);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, name_row);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, relation_row);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, phone_row);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, email_row);
  gtk_widget_class_bind_template_child (widget_class, WccRelatedContactsSection, note_row);
}

static void
wcc_related_contacts_section_init (WccRelatedContactsSection *self)
{
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_customer_section_set_feedback (section, self->toast_overlay, self->pending_label);

  self->form = wcc_record_form_new ();
  wcc_record_form_add_text (self->form, "name", GTK_WIDGET (self->name_row), TRUE);
  wcc_record_form_add_text (self->form, "relation", GTK_WIDGET (self->relation_row), FALSE);
  wcc_record_form_add_phone (self->form, "phone", GTK_WIDGET (self->phone_row), FALSE);
  wcc_record_form_add_text (self->form, "email", GTK_WIDGET (self->email_row), FALSE);
  wcc_record_form_add_text (self->form, "note", GTK_WIDGET (self->note_row), FALSE);
  wcc_customer_section_set_editor (section, self->pages, self->form, self->editor_title, self->conflict_label);
  wcc_customer_section_set_list (section, self->list_view, self->list_stack, NULL);
}

GtkWidget *
wcc_related_contacts_section_new (WccSession *session,
                                  WccRecord  *customer)
{
  return g_object_new (WCC_TYPE_RELATED_CONTACTS_SECTION, "session", session, "customer", customer, NULL);
}
