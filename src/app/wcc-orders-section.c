/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-orders-section.c: a customer's orders (C13): list, create, edit, delete. */
#define G_LOG_DOMAIN "wcc-orders-section"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-orders-section.h"

struct _WccOrdersSection
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
  AdwEntryRow        *product_name_row;
  AdwComboRow        *product_type_row;
  GtkSpinButton      *quantity_spin;
  AdwEntryRow        *invoice_number_row;
  AdwEntryRow        *tracking_number_row;
  AdwEntryRow        *contact_person_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *address_row;

  /* owned references */
  WccRecordForm      *form;
};

G_DEFINE_FINAL_TYPE (WccOrdersSection, wcc_orders_section, WCC_TYPE_CUSTOMER_SECTION)

static void
on_product_types_loaded (WccCustomerSection *section,
                         JsonObject         *answer,
                         const GError       *error,
                         gpointer            user_data)
{
  WccOrdersSection *self = WCC_ORDERS_SECTION (section);
  JsonNode *items = answer ? json_object_get_member (answer, "items") : NULL;

  if (error != NULL)
    wcc_customer_section_toast (section, error->message);
  else if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    wcc_record_form_set_choices (self->form, "product_type_id", json_node_get_array (items), "name");
}

static void
wcc_orders_section_reload (WccCustomerSection *section)
{
  if (wcc_customer_section_get_session (section) != NULL)
    wcc_customer_section_read (section, "/api/v1/product-types", on_product_types_loaded, NULL);
}

static void
wcc_orders_section_bind_row (WccCustomerSection *section,
                             WccSectionRow      *row,
                             WccRecord          *order)
{
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (order, "created_at"), WCC_DATE_STYLE_DATE_TIME);
  g_autofree char *subtitle = NULL;
  g_autofree char *quantity = NULL;
  const char *tracking = wcc_record_get_string (order, "tracking_number");

  if (*tracking != '\0')
    /* TRANSLATORS: an order in the list: its product type, when it was placed, its courier tracking number */
    subtitle = g_strdup_printf (_("%s · %s · tracking %s"), wcc_record_get_string (order, "product_type"), when, tracking);
  else
    /* TRANSLATORS: an order in the list: its product type, when it was placed */
    subtitle = g_strdup_printf (_("%s · %s"), wcc_record_get_string (order, "product_type"), when);
  /* TRANSLATORS: the quantity of an order, as a badge */
  quantity = g_strdup_printf (_("× %lld"), (long long) wcc_record_get_int (order, "quantity", 0));
  wcc_section_row_set (row, wcc_record_get_string (order, "product_name"), subtitle, quantity, "dim-label");
  wcc_section_row_set_button (row, "document-edit-symbolic", _("Edit the Order"), "section.open",
                              g_variant_new_int64 (wcc_record_get_id (order)));
}

static void
wcc_orders_section_dispose (GObject *object)
{
  WccOrdersSection *self = WCC_ORDERS_SECTION (object);

  /* the toast overlay is both the bin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_ORDERS_SECTION);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (wcc_orders_section_parent_class)->dispose (object);
}

static void
wcc_orders_section_class_init (WccOrdersSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  WccCustomerSectionClass *section_class = WCC_CUSTOMER_SECTION_CLASS (klass);

  object_class->dispose = wcc_orders_section_dispose;
  section_class->reload = wcc_orders_section_reload;
  section_class->bind_row = wcc_orders_section_bind_row;
  section_class->list_what = "orders";
  section_class->record_prefix = "/api/v1/orders/";
  section_class->name_member = "product_name";
  section_class->new_title = N_("New Order");
  section_class->describe_new = N_("New order of “%s”");
  section_class->describe_change = N_("Changes to the order of “%s”");
  section_class->describe_delete = N_("Deletion of the order of “%s”");

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-orders-section.ui");
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, pages);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, pending_label);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, list_view);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, editor_title);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, product_name_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, product_type_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, invoice_number_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, tracking_number_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, contact_person_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, phone_row);
  gtk_widget_class_bind_template_child (widget_class, WccOrdersSection, address_row);
}

static void
wcc_orders_section_init (WccOrdersSection *self)
{
  WccCustomerSection *section = WCC_CUSTOMER_SECTION (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_customer_section_set_feedback (section, self->toast_overlay, self->pending_label);

  /* Required as the API has them: product name, type and quantity. */
  self->form = wcc_record_form_new ();
  wcc_record_form_add_text (self->form, "product_name", GTK_WIDGET (self->product_name_row), TRUE);
  wcc_record_form_add_choice (self->form, "product_type_id", "product_type", self->product_type_row, TRUE);
  wcc_record_form_add_number (self->form, "quantity", self->quantity_spin, TRUE);
  wcc_record_form_add_text (self->form, "invoice_number", GTK_WIDGET (self->invoice_number_row), FALSE);
  wcc_record_form_add_text (self->form, "tracking_number", GTK_WIDGET (self->tracking_number_row), FALSE);
  wcc_record_form_add_text (self->form, "contact_person", GTK_WIDGET (self->contact_person_row), FALSE);
  wcc_record_form_add_phone (self->form, "phone", GTK_WIDGET (self->phone_row), FALSE);
  wcc_record_form_add_text (self->form, "address", GTK_WIDGET (self->address_row), FALSE);
  wcc_customer_section_set_editor (section, self->pages, self->form, self->editor_title, self->conflict_label);
  wcc_customer_section_set_list (section, self->list_view, self->list_stack, NULL);
}

GtkWidget *
wcc_orders_section_new (WccSession *session,
                        WccRecord  *customer)
{
  return g_object_new (WCC_TYPE_ORDERS_SECTION, "session", session, "customer", customer, NULL);
}
