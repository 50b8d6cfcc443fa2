/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-log-view.c: the softphone's Recent list: every call, call again, add to contacts, copy, delete, export. */
#define G_LOG_DOMAIN "wcc-call-log-view"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-call-log-view.h"
#include "wcc-format.h"
#include "wcc-phone-list.h"

enum {
  SIGNAL_DIAL,
  SIGNAL_ADD_CONTACT,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccCallLogView
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkLabel           *missed_label;
  GtkStack           *content_stack;
  GtkListView        *list_view;

  /* owned references */
  WccSoftphone       *softphone;
  GtkSingleSelection *selection;
  GSignalGroup       *log_signals;
};

G_DEFINE_FINAL_TYPE (WccCallLogView, wcc_call_log_view, ADW_TYPE_BIN)

static WccCallRecord *
find_record (WccCallLogView *self,
             gint64          id)
{
  GListModel *model = self->softphone ? G_LIST_MODEL (wcc_softphone_get_call_log (self->softphone)) : NULL;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccCallRecord) record = g_list_model_get_item (model, i);
      if (wcc_call_record_get_id (record) == id)
        return record;  /* the log keeps it */
    }
  return NULL;
}

static const char *
outcome_icon (WccCallRecord *record)
{
  switch (wcc_call_record_get_outcome (record))
    {
    case WCC_CALL_RECORD_MISSED: return "call-missed-symbolic";
    case WCC_CALL_RECORD_DECLINED: return "call-stop-symbolic";
    case WCC_CALL_RECORD_ANSWERED:
    case WCC_CALL_RECORD_NOT_ANSWERED:
    default:
      return wcc_call_record_get_direction (record) == WCC_CALL_RECORD_INCOMING ? "call-incoming-symbolic"
                                                                               : "call-outgoing-symbolic";
    }
}

char *
wcc_call_log_view_describe (WccCallRecord *record)
{
  if (wcc_call_record_get_outcome (record) == WCC_CALL_RECORD_ANSWERED)
    return g_strdup (wcc_call_record_direction_to_string (wcc_call_record_get_direction (record)));
  return g_strdup (wcc_call_record_outcome_to_string (wcc_call_record_get_outcome (record)));
}

char *
wcc_call_log_view_describe_time (WccCallRecord *record)
{
  /* Today: the time; before: the day. */
  g_autofree char *when = wcc_format_unix (wcc_call_record_get_started_at (record), WCC_DATE_STYLE_SHORT);

  if (wcc_call_record_get_outcome (record) == WCC_CALL_RECORD_ANSWERED)
    {
      g_autofree char *talked = wcc_format_duration (wcc_call_record_get_duration (record));

      /* TRANSLATORS: a call in the call log, at the row's end: its start time, then on a line
       * of its own the minutes:seconds talked. */
      return g_strdup_printf (_("%s\n%s"), when, talked);
    }
  return g_steal_pointer (&when);
}

static void
on_setup_row (WccCallLogView           *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_child (item, wcc_phone_list_row_new ());
}

static void
fill_row (GtkListItem *item)
{
  WccCallLogView *self = g_object_get_data (G_OBJECT (item), "view");
  WccCallRecord *record = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  gint64 id = wcc_call_record_get_id (record);
  const char *number = wcc_call_record_get_number (record);
  const char *name = wcc_softphone_name_for_number (self->softphone, number, wcc_call_record_get_name (record));
  g_autofree char *description = wcc_call_log_view_describe (record);
  g_autofree char *time = wcc_call_log_view_describe_time (record);
  g_autofree char *subtitle = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  gboolean named = name != NULL && *name != '\0';

  subtitle = named ? g_strdup_printf ("%s · %s", number, description) : g_steal_pointer (&description);
  menu = wcc_phone_list_menu_new (id,
                                  _("_Call Again"), "recent.call",
                                  _("_Add to Contacts"), "recent.add-contact",
                                  _("C_opy Number"), "recent.copy",
                                  _("_Delete"), "recent.delete",
                                  NULL);
  wcc_phone_list_row_set (row, outcome_icon (record), _("Call Again"), "recent.call", g_variant_new_int64 (id),
                          named ? name : number, subtitle, menu);
  wcc_phone_list_row_set_detail (row, time);
  /* Missed calls stand out. */
  wcc_phone_list_row_mark (row, "error", wcc_call_record_get_outcome (record) == WCC_CALL_RECORD_MISSED);
}

/* A contact added or renamed changes the name a row shows: the row follows the contacts. */
static void
on_bind_row (WccCallLogView           *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  WccContactList *contacts = wcc_softphone_get_contacts (self->softphone);
  gulong handler;

  g_object_set_data (G_OBJECT (item), "view", self);
  fill_row (item);
  handler = g_signal_connect_object (contacts, "items-changed", G_CALLBACK (fill_row), item, G_CONNECT_SWAPPED);
  /* The list connected to, kept: by unbind time the view may show another softphone, or none. */
  g_object_set_data_full (G_OBJECT (item), "contacts", g_object_ref (contacts), g_object_unref);
  g_object_set_data (G_OBJECT (item), "contacts-handler", GSIZE_TO_POINTER (handler));
}

static void
on_unbind_row (WccCallLogView           *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "contacts-handler"));
  WccContactList *contacts = g_object_get_data (G_OBJECT (item), "contacts");

  if (handler != 0 && contacts != NULL)
    g_signal_handler_disconnect (contacts, handler);
  g_object_set_data (G_OBJECT (item), "contacts-handler", NULL);
  g_object_set_data (G_OBJECT (item), "contacts", NULL);
}

static void
update_state (WccCallLogView *self)
{
  WccCallLog *log = self->softphone ? wcc_softphone_get_call_log (self->softphone) : NULL;
  guint missed = log ? wcc_call_log_get_missed_count (log) : 0;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->content_stack,
                                    log && g_list_model_get_n_items (G_LIST_MODEL (log)) > 0 ? "list" : "empty");
  if (missed > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u missed call", "%u missed calls", missed), missed);
  gtk_label_set_text (self->missed_label, text ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recent.export",
                                 log && g_list_model_get_n_items (G_LIST_MODEL (log)) > 0);
}

static void
on_row_activated (WccCallLogView *self,
                  guint           position,
                  GtkListView    *list_view)
{
  g_autoptr(WccCallRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (record != NULL)
    g_signal_emit (self, signals[SIGNAL_DIAL], 0, wcc_call_record_get_number (record));
}

/* ---- actions ----------------------------------------------------------------------------- */

static WccCallRecord *
record_of (GtkWidget *widget,
           GVariant  *parameter)
{
  return find_record (WCC_CALL_LOG_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCallRecord *record = record_of (widget, parameter);

  if (record != NULL)
    g_signal_emit (widget, signals[SIGNAL_DIAL], 0, wcc_call_record_get_number (record));
}

static void
add_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WccCallRecord *record = record_of (widget, parameter);

  if (record != NULL)
    g_signal_emit (widget, signals[SIGNAL_ADD_CONTACT], 0, wcc_call_record_get_number (record),
                   wcc_call_record_get_name (record));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCallRecord *record = record_of (widget, parameter);

  if (record != NULL)
    wcc_phone_list_copy_number (widget, wcc_call_record_get_number (record));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccCallLogView *self = WCC_CALL_LOG_VIEW (widget);

  /* A file that refuses the change is reported by the softphone ("write-failed"). */
  if (self->softphone != NULL)
    wcc_call_log_delete (wcc_softphone_get_call_log (self->softphone), g_variant_get_int64 (parameter));
}

static void
export_to (GtkWidget *widget,
           GFile     *file)
{
  WccCallLogView *self = WCC_CALL_LOG_VIEW (widget);

  if (self->softphone != NULL)
    wcc_phone_list_write_file (widget, file, wcc_call_log_to_csv (wcc_softphone_get_call_log (self->softphone)),
                               _("Calls exported"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  /* TRANSLATORS: the suggested file name of exported calls; keep the .csv */
  wcc_phone_list_choose_file (widget, TRUE, _("Export Calls"), _("calls.csv"), NULL, export_to);
}

static void
export_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  export_to (widget, file);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_call_log_view_dispose (GObject *object)
{
  WccCallLogView *self = WCC_CALL_LOG_VIEW (object);

  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CALL_LOG_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->softphone);
  g_clear_object (&self->log_signals);

  G_OBJECT_CLASS (wcc_call_log_view_parent_class)->dispose (object);
}

static void
wcc_call_log_view_class_init (WccCallLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_call_log_view_dispose;

  signals[SIGNAL_DIAL] = g_signal_new ("dial", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ADD_CONTACT] = g_signal_new ("add-contact", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-call-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCallLogView, missed_label);
  gtk_widget_class_bind_template_child (widget_class, WccCallLogView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, WccCallLogView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "recent.call", "x", call_action);
  gtk_widget_class_install_action (widget_class, "recent.add-contact", "x", add_contact_action);
  gtk_widget_class_install_action (widget_class, "recent.copy", "x", copy_action);
  gtk_widget_class_install_action (widget_class, "recent.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "recent.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "recent.export-file", "s", export_file_action);
}

static void
wcc_call_log_view_init (WccCallLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (factory, "setup", G_CALLBACK (on_setup_row), self);
  g_signal_connect_swapped (factory, "bind", G_CALLBACK (on_bind_row), self);
  g_signal_connect_swapped (factory, "unbind", G_CALLBACK (on_unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->log_signals = g_signal_group_new (WCC_TYPE_CALL_LOG);
  g_signal_group_connect_swapped (self->log_signals, "items-changed", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->log_signals, "notify::missed-count", G_CALLBACK (update_state), self);
  update_state (self);
}

void
wcc_call_log_view_set_softphone (WccCallLogView *self,
                                 WccSoftphone   *softphone)
{
  WccCallLog *log;

  g_return_if_fail (WCC_IS_CALL_LOG_VIEW (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  if (!g_set_object (&self->softphone, softphone))
    return;
  log = softphone ? wcc_softphone_get_call_log (softphone) : NULL;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (log));
  g_signal_group_set_target (self->log_signals, log);
  update_state (self);
}
