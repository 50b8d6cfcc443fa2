/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-notification-bell.c: the notification centre (S13): a bell in the header bar with
 * the unread count; its popover lists the newest notifications, a click marks one read and
 * opens its customer; the important ones also become desktop notifications. */
#define G_LOG_DOMAIN "wcc-notification-bell"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-notification-bell.h"
#include "wcc-record.h"

struct _WccNotificationBell
{
  AdwBin                 parent_instance;

  /* template widgets */
  GtkMenuButton         *button;
  GtkLabel              *badge;
  GtkPopover            *popover;
  GtkListBox            *list;
  GtkButton             *read_all_button;

  WccNotificationCenter *center;
};

G_DEFINE_FINAL_TYPE (WccNotificationBell, wcc_notification_bell, ADW_TYPE_BIN)

const char *
wcc_notification_bell_heading (WccRecord *notification)
{
  static const struct { const char *kind; const char *heading; } headings[] = {
    { "note.approved", N_("Pop-up warning approved") },
    { "note.rejected", N_("Pop-up warning rejected") },
    { "number_request.approved", N_("Do-not-call or blacklist request approved") },
    { "number_request.rejected", N_("Do-not-call or blacklist request rejected") },
    { "appointment.assigned", N_("Appointment reassigned to you") },
    { "todo.assigned", N_("New to-do") },
  };
  const char *kind = wcc_record_get_string (notification, "kind");

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (headings); i++)
    if (g_str_equal (kind, headings[i].kind))
      return _(headings[i].heading);
  return wcc_record_get_string (notification, "title");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  WccRecord *notification = item;
  gboolean read = wcc_record_get_bool (notification, "read");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (wcc_notification_bell_heading (notification));
  GtkWidget *body = gtk_label_new (wcc_record_get_string (notification, "body"));
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (notification, "created_at"), WCC_DATE_STYLE_DATE_TIME);
  GtkWidget *time = gtk_label_new (when);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  for (GtkWidget *label = heading; label != NULL;
       label = label == heading ? body : label == body ? time : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (heading, read ? "dim-label" : "heading");
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_set_visible (body, *gtk_label_get_label (GTK_LABEL (body)) != '\0');
  if (!read)
    gtk_widget_add_css_class (row, "unread");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
on_unread_changed (WccNotificationBell *self)
{
  guint unread = wcc_notification_center_get_unread (self->center);
  g_autofree char *text = unread > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", unread);
  g_autofree char *tooltip = g_strdup_printf (ngettext ("Notifications: %u unread", "Notifications: %u unread",
                                                        unread), unread);

  gtk_label_set_label (self->badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), unread > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_all_button), unread > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), unread > 0 ? tooltip : _("Notifications"));
}

/* S13: the important ones — all the kinds the desktop knows — reach the desktop too. */
static void
on_arrived (WccNotificationBell *self,
            WccRecord           *notification)
{
  const char *kind = wcc_record_get_string (notification, "kind");
  g_autoptr(GNotification) desktop = NULL;
  g_autofree char *id = NULL;
  GApplication *application = g_application_get_default ();

  if (application == NULL || kind == NULL ||
      wcc_notification_bell_heading (notification) == wcc_record_get_string (notification, "title"))
    return;
  desktop = g_notification_new (wcc_notification_bell_heading (notification));
  g_notification_set_body (desktop, wcc_record_get_string (notification, "body"));
  id = g_strdup_printf ("notification-%" G_GINT64_FORMAT, wcc_record_get_id (notification));
  g_application_send_notification (application, id, desktop);
}

static void
on_read_all_clicked (WccNotificationBell *self)
{
  wcc_notification_center_mark_all_read (self->center);
}

static void
on_row_activated (WccNotificationBell *self,
                  GtkListBoxRow       *row)
{
  GListModel *items = wcc_notification_center_get_items (self->center);
  g_autoptr(WccRecord) notification = g_list_model_get_item (items, (guint) gtk_list_box_row_get_index (row));
  gint64 customer_id;
  const char *ref_type;

  if (notification == NULL)
    return;
  customer_id = wcc_record_get_int (notification, "customer_id", 0);
  ref_type = wcc_record_get_string (notification, "ref_type");
  wcc_notification_center_mark_read (self->center, wcc_record_get_id (notification));
  gtk_popover_popdown (self->popover);
  /* Open what it is about: the customer's tab, or the dashboard for a to-do. */
  if (customer_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "x", customer_id);
  else if (g_strcmp0 (ref_type, "todo") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-dashboard", NULL);
}

static void
wcc_notification_bell_dispose (GObject *object)
{
  WccNotificationBell *self = WCC_NOTIFICATION_BELL (object);

  g_clear_object (&self->center);
  /* The bin's child is a template child: unparented once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_NOTIFICATION_BELL);
  G_OBJECT_CLASS (wcc_notification_bell_parent_class)->dispose (object);
}

static void
wcc_notification_bell_class_init (WccNotificationBellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_notification_bell_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-notification-bell.ui");
  gtk_widget_class_bind_template_child (widget_class, WccNotificationBell, button);
  gtk_widget_class_bind_template_child (widget_class, WccNotificationBell, badge);
  gtk_widget_class_bind_template_child (widget_class, WccNotificationBell, popover);
  gtk_widget_class_bind_template_child (widget_class, WccNotificationBell, list);
  gtk_widget_class_bind_template_child (widget_class, WccNotificationBell, read_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_read_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
wcc_notification_bell_init (WccNotificationBell *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  placeholder = gtk_label_new (_("No notifications"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);
}

void
wcc_notification_bell_set_session (WccNotificationBell *self,
                                   WccSession          *session)
{
  g_return_if_fail (WCC_IS_NOTIFICATION_BELL (self));
  g_return_if_fail (self->center == NULL);

  self->center = wcc_notification_center_new (session);
  gtk_list_box_bind_model (self->list, wcc_notification_center_get_items (self->center), create_row, self, NULL);
  g_signal_connect_object (self->center, "notify::unread", G_CALLBACK (on_unread_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->center, "arrived", G_CALLBACK (on_arrived), self, G_CONNECT_SWAPPED);
  on_unread_changed (self);
}

WccNotificationCenter *
wcc_notification_bell_get_center (WccNotificationBell *self)
{
  g_return_val_if_fail (WCC_IS_NOTIFICATION_BELL (self), NULL);
  return self->center;
}
