/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-work-page.c: the workspace page of the customers being worked on, one tab each (C8). */
#define G_LOG_DOMAIN "wcc-work-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-status-icon.h"
#include "wcc-work-page.h"

enum {
  PROP_0,
  PROP_N_TABS,
  N_PROPS
};

enum {
  SIGNAL_TAB_ADDED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccWorkPage
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  AdwTabBar     *tab_bar;
  AdwTabView    *tab_view;

  /* owned references */
  WccSession    *session;
  WccSoftphone  *softphone;
};

G_DEFINE_FINAL_TYPE (WccWorkPage, wcc_work_page, ADW_TYPE_BIN)

static void
on_n_pages_changed (WccWorkPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, adw_tab_view_get_n_pages (self->tab_view) > 0 ? "tabs" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TABS]);
}

static void
on_tab_toast (WccWorkPage    *self,
              const char     *message,
              WccCustomerTab *tab)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static WccCustomerTab *
add_tab (WccWorkPage    *self,
         WccCustomerTab *tab)
{
  AdwTabPage *page = adw_tab_view_append (self->tab_view, GTK_WIDGET (tab));

  /* C8: the server's tab label ("New customer" until saved). */
  g_object_bind_property (tab, "title", page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (tab, "title", page, "tooltip", G_BINDING_SYNC_CREATE);
  g_object_bind_property (tab, "pending", page, "needs-attention", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (tab, "toast", G_CALLBACK (on_tab_toast), self, G_CONNECT_SWAPPED);
  adw_tab_view_set_selected_page (self->tab_view, page);
  g_signal_emit (self, signals[SIGNAL_TAB_ADDED], 0, tab);
  return tab;
}

static void
on_close_answered (AdwMessageDialog *dialog,
                   const char       *response,
                   AdwTabPage       *page)
{
  AdwTabView *view = g_object_get_data (G_OBJECT (dialog), "view");

  adw_tab_view_close_page_finish (view, page, g_str_equal (response, "discard"));
}

AdwMessageDialog *
wcc_discard_dialog_new (GtkWindow  *parent,
                        const char *heading,
                        const char *body,
                        const char *confirm)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Editing"), "discard", confirm, NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  return dialog;
}

/* A tab with work not saved (or its call going on) asks before it closes. */
static gboolean
on_close_page (WccWorkPage *self,
               AdwTabPage  *page,
               AdwTabView  *view)
{
  GtkWidget *tab = adw_tab_page_get_child (page);
  g_autofree char *unsaved = WCC_IS_CUSTOMER_TAB (tab) ? wcc_customer_tab_get_unsaved (WCC_CUSTOMER_TAB (tab)) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (unsaved == NULL)
    return GDK_EVENT_PROPAGATE;   /* closes */
  adw_tab_view_set_selected_page (view, page);
  dialog = wcc_discard_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Close This Customer?"), unsaved, _("_Discard and Close"));
  g_object_set_data_full (G_OBJECT (dialog), "view", g_object_ref (view), g_object_unref);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_close_answered), g_object_ref (page),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GDK_EVENT_STOP;
}

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WccWorkPage *self = WCC_WORK_PAGE (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
wcc_work_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WccWorkPage *self = WCC_WORK_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_TABS: g_value_set_uint (value, wcc_work_page_get_n_tabs (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_work_page_dispose (GObject *object)
{
  WccWorkPage *self = WCC_WORK_PAGE (object);

  /* The bar lets go of the view before the view and its pages go (libadwaita 1.2 logs
   * from a view disposed under its bar). */
  if (self->tab_bar != NULL)
    adw_tab_bar_set_view (self->tab_bar, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_WORK_PAGE);
  g_clear_object (&self->softphone);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_work_page_parent_class)->dispose (object);
}

static void
wcc_work_page_class_init (WccWorkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wcc_work_page_get_property;
  object_class->dispose = wcc_work_page_dispose;

  properties[PROP_N_TABS] = g_param_spec_uint ("n-tabs", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TAB_ADDED] =
    g_signal_new ("tab-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CUSTOMER_TAB);
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-work-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccWorkPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WccWorkPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WccWorkPage, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, WccWorkPage, tab_view);
  gtk_widget_class_bind_template_callback (widget_class, on_n_pages_changed);

  /* AdwTabView has Ctrl+Page Up/Down (and Ctrl+Tab, Alt+1…9) itself. */
  gtk_widget_class_install_action (widget_class, "tabs.close", NULL, close_tab_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "tabs.close", NULL);
}

static void
wcc_work_page_init (WccWorkPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_status_page_set_icon_when_shown (self->empty_page, "contact-new-symbolic");
  g_signal_connect_object (self->tab_view, "close-page", G_CALLBACK (on_close_page), self, G_CONNECT_SWAPPED);
}

void
wcc_work_page_set_session (WccWorkPage *self,
                           WccSession  *session)
{
  g_return_if_fail (WCC_IS_WORK_PAGE (self));
  g_set_object (&self->session, session);
}

void
wcc_work_page_set_softphone (WccWorkPage  *self,
                             WccSoftphone *softphone)
{
  g_return_if_fail (WCC_IS_WORK_PAGE (self));
  g_set_object (&self->softphone, softphone);
}

guint
wcc_work_page_get_n_tabs (WccWorkPage *self)
{
  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), 0);
  return (guint) adw_tab_view_get_n_pages (self->tab_view);
}

WccCustomerTab *
wcc_work_page_find_customer (WccWorkPage *self,
                             gint64       customer_id)
{
  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), NULL);

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      WccCustomerTab *tab = WCC_CUSTOMER_TAB (adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i)));
      if (wcc_customer_tab_get_customer_id (tab) == customer_id)
        return tab;
    }
  return NULL;
}

WccCustomerTab *
wcc_work_page_open_customer (WccWorkPage *self,
                             gint64       customer_id)
{
  WccCustomerTab *tab;

  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  tab = wcc_work_page_find_customer (self, customer_id);
  if (tab != NULL)
    {
      adw_tab_view_set_selected_page (self->tab_view, adw_tab_view_get_page (self->tab_view, GTK_WIDGET (tab)));
      return tab;
    }
  return add_tab (self, wcc_customer_tab_new (self->session, self->softphone, customer_id));
}

WccCustomerTab *
wcc_work_page_new_customer (WccWorkPage *self,
                            gint64       task_id)
{
  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), NULL);
  g_return_val_if_fail (task_id > 0, NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  return add_tab (self, wcc_customer_tab_new_for_task (self->session, self->softphone, task_id));
}

WccCustomerTab *
wcc_work_page_get_selected (WccWorkPage *self)
{
  AdwTabPage *page;

  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), NULL);

  page = adw_tab_view_get_selected_page (self->tab_view);
  return page ? WCC_CUSTOMER_TAB (adw_tab_page_get_child (page)) : NULL;
}

char *
wcc_work_page_get_unsaved (WccWorkPage *self)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  g_return_val_if_fail (WCC_IS_WORK_PAGE (self), NULL);

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      GtkWidget *tab = adw_tab_page_get_child (page);
      g_autofree char *unsaved = WCC_IS_CUSTOMER_TAB (tab) ? wcc_customer_tab_get_unsaved (WCC_CUSTOMER_TAB (tab)) : NULL;

      if (unsaved == NULL)
        continue;
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      /* TRANSLATORS: a customer's name (the tab's title), then what it has not saved */
      g_string_append_printf (lines, _("%s: %s"), adw_tab_page_get_title (page), unsaved);
    }
  return lines->len > 0 ? g_string_free (g_steal_pointer (&lines), FALSE) : NULL;
}
