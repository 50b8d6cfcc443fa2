/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-auto-dial-window.c: auto-dial (C25): the window that chooses customers and runs the auto-dialer. */
#define G_LOG_DOMAIN "wcc-auto-dial-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-auto-dial-window.h"
#include "wcc-format.h"
#include "wcc-time.h"

/* What "More Time" adds to the countdown (the manual's 延迟 button). */
#define MORE_TIME_SECONDS 10

struct _WccAutoDialWindow
{
  AdwWindow          parent_instance;

  /* template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  AdwComboRow       *task_row;
  GtkCheckButton    *max_dials_check;
  GtkSpinButton     *max_dials_spin;
  GtkCheckButton    *contacted_check;
  GtkMenuButton     *date_button;
  GtkCalendar       *calendar;
  AdwComboRow       *order_row;
  GtkLabel          *count_label;
  GtkListView       *chosen_list;
  GtkSpinButton     *delay_spin;
  GtkLabel          *status_label;
  GtkLabel          *number_label;
  GtkLabel          *countdown_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *summary_label;
  GtkListView       *run_list;
  GtkWidget         *pause_button;
  GtkWidget         *resume_button;
  GtkWidget         *stop_button;
  GtkWidget         *again_button;

  /* owned references */
  WccClient         *client;
  WccSoftphone      *softphone;
  GSettings         *settings;
  GCancellable      *cancellable;
  WccPagedList      *chosen;
  GArray            *task_ids;       /* gint64 beside the task row's names after "All tasks" */
  GListStore        *run;            /* the customers of the run, fixed at Start */
  WccAutoDialer     *dialer;
  GBinding          *in_call_binding;
  guint              load_idle_id;
  WccAutoDialFunc    dial;
  gpointer           dial_data;
  GDestroyNotify     dial_destroy;
};

G_DEFINE_FINAL_TYPE (WccAutoDialWindow, wcc_auto_dial_window, ADW_TYPE_WINDOW)

static void
toast (WccAutoDialWindow *self,
       const char        *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The default way to call: the main window's action opens the customer's tab and dials. */
static gboolean
dial_through_parent (gint64       customer_id,
                     const char  *number,
                     gpointer     user_data,
                     GError     **error)
{
  WccAutoDialWindow *self = user_data;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent == NULL ||
      !gtk_widget_activate_action (GTK_WIDGET (parent), "win.call-customer", "(xs)", customer_id, number))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Customers cannot be called from here"));
      return FALSE;
    }
  return TRUE;
}

static const char *
first_number (WccRecord *customer)
{
  JsonArray *phones = wcc_record_get_array (customer, "phones");

  if (phones == NULL || json_array_get_length (phones) == 0)
    return "";
  return json_object_get_string_member_with_default (json_array_get_object_element (phones, 0), "number", "");
}

static char *
format_date (gint64 unix_seconds)
{
  return wcc_format_unix (unix_seconds, WCC_DATE_STYLE_DATE);
}

/* ---- rows ----------------------------------------------------------------------------- */

/* A customer's row: name and a dim line below, a state at the end (the run's list). */
static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "auto-dial-row");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), state);
  gtk_list_item_set_child (item, row);
}

static void
set_row (GtkListItem *item,
         const char  *title,
         const char  *subtitle,
         const char  *state)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (row);
  GtkWidget *state_label = gtk_widget_get_last_child (row);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (texts)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (texts)), subtitle);
  gtk_label_set_text (GTK_LABEL (state_label), state);
  gtk_widget_set_visible (state_label, state != NULL);
}

static void
on_bind_chosen_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    WccAutoDialWindow        *self)
{
  WccRecord *customer = gtk_list_item_get_item (item);
  guint dials = (guint) wcc_record_get_int (customer, "dial_count", 0);
  gint64 last = wcc_record_get_time (customer, "last_contact_at");
  g_autofree char *counted = g_strdup_printf (ngettext ("Dialled %u time", "Dialled %u times", dials), dials);
  g_autofree char *date = last != 0 ? format_date (last) : NULL;
  g_autofree char *contact = NULL;
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: the day of a customer's last contact. */
  contact = date != NULL ? g_strdup_printf (_("last contact %s"), date) : g_strdup (_("never contacted"));
  /* TRANSLATORS: a customer's number, how often they were dialled, their last contact. */
  subtitle = g_strdup_printf (_("%s · %s · %s"), first_number (customer), counted, contact);
  set_row (item, wcc_record_get_string (customer, "tab_label"), subtitle, NULL);
}

static const char *
item_state_text (WccAutoDialer *dialer,
                 guint          position)
{
  if (wcc_auto_dialer_get_current (dialer) == (int) position)
    return _("Calling…");
  switch (wcc_auto_dialer_get_item_state (dialer, position))
    {
    case WCC_AUTO_DIAL_ITEM_WAITING: return _("Waiting");
    case WCC_AUTO_DIAL_ITEM_CALLED: return _("Called");
    case WCC_AUTO_DIAL_ITEM_SKIPPED: return _("Skipped");
    case WCC_AUTO_DIAL_ITEM_DO_NOT_CALL: return _("Skipped: do not call");
    case WCC_AUTO_DIAL_ITEM_FAILED: return _("Failed");
    default: g_assert_not_reached ();
    }
}

static void
on_bind_run_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 WccAutoDialWindow        *self)
{
  WccRecord *customer = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  const char *number;

  if (self->dialer == NULL)
    return;
  number = wcc_auto_dialer_get_item_number (self->dialer, position);

  set_row (item, wcc_record_get_string (customer, "tab_label"), number != NULL ? number : first_number (customer),
           item_state_text (self->dialer, position));
}

static GtkListItemFactory *
row_factory_new (WccAutoDialWindow *self,
                 GCallback          bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), NULL);
  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

/* ---- choosing ------------------------------------------------------------------------- */

static void
update_count (WccAutoDialWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));
  gboolean complete = !wcc_paged_list_get_loading (self->chosen) && !wcc_paged_list_get_has_more (self->chosen);
  const GError *error = wcc_paged_list_get_error (self->chosen);
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup (error->message);
  else if (!complete)
    text = g_strdup (_("Loading customers…"));
  else if (n == 0)
    text = g_strdup (_("No customers match"));
  else
    {
      g_autofree char *count = wcc_format_integer (n);

      /* TRANSLATORS: %s is the number of customers (written with the locale's grouping). */
      text = g_strdup_printf (ngettext ("%s customer to call", "%s customers to call", n), count);
    }
  gtk_label_set_text (self->count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "auto-dial.start", complete && error == NULL && n > 0);
}

/* The whole choice is loaded before Start: the run calls every customer it shows. */
static gboolean
on_load_idle (gpointer user_data)
{
  WccAutoDialWindow *self = user_data;

  self->load_idle_id = 0;
  if (!wcc_paged_list_get_loading (self->chosen) && wcc_paged_list_get_has_more (self->chosen) &&
      wcc_paged_list_get_error (self->chosen) == NULL)
    wcc_paged_list_load_more (self->chosen);
  update_count (self);
  return G_SOURCE_REMOVE;
}

/* "loading" ends before the page's items are in: look again from an idle. */
static void
on_chosen_loading (WccAutoDialWindow *self)
{
  if (self->load_idle_id == 0)
    self->load_idle_id = g_idle_add (on_load_idle, self);
  update_count (self);
}

static void
update_date_label (WccAutoDialWindow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = wcc_format_date_time (date, WCC_DATE_STYLE_DATE);

  gtk_menu_button_set_label (self->date_button, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* The filters as the list's parameters (one reload for several changes). */
static void
apply_filters (WccAutoDialWindow *self)
{
  guint task = adw_combo_row_get_selected (self->task_row);
  g_autofree char *task_id = NULL;
  g_autofree char *max_dials = NULL;
  g_autofree char *before = NULL;

  if (task != GTK_INVALID_LIST_POSITION && task > 0 && task - 1 < self->task_ids->len)
    task_id = g_strdup_printf ("%lld", (long long) g_array_index (self->task_ids, gint64, task - 1));
  if (gtk_check_button_get_active (self->max_dials_check))
    max_dials = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->max_dials_spin));
  if (gtk_check_button_get_active (self->contacted_check))
    {
      /* Before the chosen day: up to its local midnight. */
      g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
      g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                             g_date_time_get_day_of_month (day), 0, 0, 0);

      before = wcc_time_to_rfc3339 (g_date_time_to_unix (midnight));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->max_dials_spin), max_dials != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->date_button), before != NULL);
  wcc_paged_list_set_param (self->chosen, "task", task_id);
  wcc_paged_list_set_param (self->chosen, "max_dial_count", max_dials);
  wcc_paged_list_set_param (self->chosen, "contacted_before", before);
  wcc_paged_list_set_param (self->chosen, "sort", adw_combo_row_get_selected (self->order_row) == 1 ? "last_contact"
                                                                                                    : "dial_count");
  update_count (self);
}

static void
on_day_selected (WccAutoDialWindow *self)
{
  update_date_label (self);
  gtk_menu_button_popdown (self->date_button);
  apply_filters (self);
}

static void
on_tasks_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WccAutoDialWindow *self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  JsonArray *items;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      toast (self, error->message);
      return;
    }
  names = gtk_string_list_new ((const char *[]) { _("All tasks"), NULL });
  items = json_object_get_array_member (answer, "items");
  g_array_set_size (self->task_ids, 0);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *task = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (task, "id", 0);

      g_array_append_val (self->task_ids, id);
      gtk_string_list_append (names, json_object_get_string_member_with_default (task, "name", ""));
    }
  g_signal_handlers_block_by_func (self->task_row, apply_filters, self);
  adw_combo_row_set_model (self->task_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->task_row, 0);
  g_signal_handlers_unblock_by_func (self->task_row, apply_filters, self);
}

/* ---- the run -------------------------------------------------------------------------- */

static const char *
customer_name (WccAutoDialWindow *self,
               guint              position)
{
  g_autoptr(WccRecord) customer = g_list_model_get_item (G_LIST_MODEL (self->run), position);

  /* The run's store keeps the record: its strings outlive this reference. */
  return customer != NULL ? wcc_record_get_string (customer, "tab_label") : "";
}

static void
show_button (WccAutoDialWindow *self,
             GtkWidget         *button,
             gboolean           visible)
{
  /* A button the focus is on hands it to the one taking its place (Pause ↔ Resume). */
  if (!visible && gtk_widget_has_focus (button))
    {
      GtkWidget *other = button == self->pause_button ? self->resume_button
                       : button == self->resume_button ? self->pause_button
                       : self->again_button;
      gtk_widget_set_visible (other, TRUE);
      gtk_widget_grab_focus (other);
    }
  gtk_widget_set_visible (button, visible);
}

static void
update_run (WccAutoDialWindow *self)
{
  WccAutoDialState state = wcc_auto_dialer_get_state (self->dialer);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->run));
  int current = wcc_auto_dialer_get_current (self->dialer);
  guint next = wcc_auto_dialer_get_next (self->dialer);
  guint remaining = wcc_auto_dialer_get_remaining (self->dialer);
  gboolean paused = wcc_auto_dialer_get_paused (self->dialer);
  gboolean finished = state == WCC_AUTO_DIAL_FINISHED;
  guint counts[WCC_AUTO_DIAL_ITEM_FAILED + 1] = { 0 };
  guint shown = current >= 0 ? (guint) current : next;
  const char *name = !finished && shown < n ? customer_name (self, shown) : "";
  g_autofree char *status = NULL;
  const char *number = NULL;
  g_autofree char *countdown = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    counts[wcc_auto_dialer_get_item_state (self->dialer, i)]++;

  switch (state)
    {
    case WCC_AUTO_DIAL_IDLE:
    case WCC_AUTO_DIAL_CHECKING:
      /* TRANSLATORS: auto-dial statuses: %s is the customer's name (their tab label) */
      status = g_strdup_printf (_("Checking the numbers of %s"), name);
      break;
    case WCC_AUTO_DIAL_CALLING:
      /* TRANSLATORS: %s is the customer's name */
      status = g_strdup_printf (current >= 0 ? _("Calling %s")
                                             : _("Waiting for the call going on to end, then calling %s"), name);
      break;
    case WCC_AUTO_DIAL_COUNTDOWN:
      /* TRANSLATORS: the customer called when the countdown ends */
      status = g_strdup_printf (_("Next: %s"), name);
      countdown = g_strdup_printf (ngettext ("Next call in %u second", "Next call in %u seconds", remaining), remaining);
      break;
    case WCC_AUTO_DIAL_PAUSED:
      /* TRANSLATORS: the customer called when auto-dial resumes */
      status = g_strdup_printf (_("Paused — next: %s"), name);
      countdown = g_strdup_printf (ngettext ("%u second left", "%u seconds left", remaining), remaining);
      break;
    case WCC_AUTO_DIAL_FINISHED:
      status = g_strdup (_("Finished"));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (self->status_label, status);
  if (!finished && shown < n)
    number = wcc_auto_dialer_get_item_number (self->dialer, shown);
  gtk_label_set_text (self->number_label, number != NULL ? number : "");
  gtk_widget_set_visible (GTK_WIDGET (self->number_label), number != NULL);
  gtk_label_set_text (self->countdown_label, countdown != NULL ? countdown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), countdown != NULL);

  {
    guint done = n - counts[WCC_AUTO_DIAL_ITEM_WAITING];
    g_autofree char *done_text = wcc_format_integer (done);
    g_autofree char *all_text = wcc_format_integer (n);

    /* TRANSLATORS: auto-dial progress: customers done of all chosen. */
    progress = g_strdup_printf (_("%s of %s"), done_text, all_text);
    gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) done / n : 0);
    gtk_progress_bar_set_text (self->progress_bar, progress);
  }
  {
    g_autofree char *called = wcc_format_integer (counts[WCC_AUTO_DIAL_ITEM_CALLED]);
    g_autofree char *skipped = wcc_format_integer (counts[WCC_AUTO_DIAL_ITEM_SKIPPED]);
    g_autofree char *do_not_call = wcc_format_integer (counts[WCC_AUTO_DIAL_ITEM_DO_NOT_CALL]);
    g_autofree char *failed = wcc_format_integer (counts[WCC_AUTO_DIAL_ITEM_FAILED]);

    /* TRANSLATORS: auto-dial's counts so far; "do not call": numbers with an approved
     * do-not-call or blacklist request, left out. */
    summary = g_strdup_printf (_("Called %s · Skipped %s · Do not call %s · Failed %s"),
                               called, skipped, do_not_call, failed);
  }
  gtk_label_set_text (self->summary_label, summary);

  {
    const char *actions[] = { "auto-dial.pause", "auto-dial.resume", "auto-dial.more-time", "auto-dial.skip",
                              "auto-dial.stop", "auto-dial.choose-again" };
    gboolean enabled[] = { !finished && !paused, !finished && paused,
                           state == WCC_AUTO_DIAL_COUNTDOWN || state == WCC_AUTO_DIAL_PAUSED,
                           !finished && counts[WCC_AUTO_DIAL_ITEM_WAITING] > 0, !finished, finished };

    /* A focused button that goes insensitive loses the focus: the buttons taking over are
     * enabled first, the focus moves, then the others are disabled. */
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      if (enabled[i])
        gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], TRUE);
    show_button (self, self->pause_button, !finished && !paused);
    show_button (self, self->resume_button, !finished && paused);
    show_button (self, self->stop_button, !finished);
    gtk_widget_set_visible (self->again_button, finished);
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      if (!enabled[i])
        gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], FALSE);
  }
}

/* A row shows its customer's state: the store hands the same record again so the list
 * view binds that row anew. */
static void
refresh_row (WccAutoDialWindow *self,
             guint              position)
{
  g_autoptr(WccRecord) customer = g_list_model_get_item (G_LIST_MODEL (self->run), position);

  if (customer != NULL)
    g_list_store_splice (self->run, position, 1, (gpointer *) &customer, 1);
}

static void
on_item_changed (WccAutoDialWindow *self,
                 guint              position)
{
  refresh_row (self, position);
  update_run (self);
}

static void
on_current_changed (WccAutoDialWindow *self)
{
  int current = wcc_auto_dialer_get_current (self->dialer);
  int last = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->dialer), "last-current"));

  /* The old and the new current rows change their "Calling…". */
  if (last > 0)
    refresh_row (self, (guint) (last - 1));
  if (current >= 0)
    refresh_row (self, (guint) current);
  g_object_set_data (G_OBJECT (self->dialer), "last-current", GINT_TO_POINTER (current + 1));
  update_run (self);
}

static void
on_dialer_error (WccAutoDialWindow *self,
                 const char        *message)
{
  toast (self, message);
}

static gboolean
call_to_in_call (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_object (from) != NULL);
  return TRUE;
}

static void
drop_dialer (WccAutoDialWindow *self)
{
  if (self->in_call_binding != NULL)
    g_binding_unbind (self->in_call_binding);
  self->in_call_binding = NULL;
  if (self->dialer == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->dialer, self);
  wcc_auto_dialer_stop (self->dialer);
  g_clear_object (&self->dialer);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WccAutoDialWindow *self = WCC_AUTO_DIAL_WINDOW (widget);
  GListModel *chosen = G_LIST_MODEL (self->chosen);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;

  drop_dialer (self);
  gtk_list_view_set_model (self->run_list, NULL);
  g_list_store_remove_all (self->run);
  for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
    {
      g_autoptr(WccRecord) customer = g_list_model_get_item (chosen, i);
      g_list_store_append (self->run, customer);
    }

  self->dialer = wcc_auto_dialer_new (self->client);
  wcc_auto_dialer_set_dial_func (self->dialer, self->dial, self->dial_data, NULL);
  wcc_auto_dialer_set_customers (self->dialer, G_LIST_MODEL (self->run));
  wcc_auto_dialer_set_delay (self->dialer, g_settings_get_uint (self->settings, "auto-dial-delay"));
  if (self->softphone != NULL)
    self->in_call_binding = g_object_bind_property_full (self->softphone, "current-call", self->dialer, "in-call",
                                                         G_BINDING_SYNC_CREATE, call_to_in_call, NULL, NULL, NULL);
  g_signal_connect_object (self->dialer, "notify::state", G_CALLBACK (update_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "notify::remaining", G_CALLBACK (update_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "notify::next", G_CALLBACK (update_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "notify::paused", G_CALLBACK (update_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "notify::current", G_CALLBACK (on_current_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "item-changed", G_CALLBACK (on_item_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dialer, "error", G_CALLBACK (on_dialer_error), self, G_CONNECT_SWAPPED);

  /* A new model each run: every row binds against this run's dialer. */
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->run)));
  gtk_list_view_set_model (self->run_list, GTK_SELECTION_MODEL (selection));
  factory = row_factory_new (self, G_CALLBACK (on_bind_run_row));
  gtk_list_view_set_factory (self->run_list, factory);

  gtk_stack_set_visible_child_name (self->stack, "run");
  update_run (self);
  gtk_widget_grab_focus (self->pause_button);
  wcc_auto_dialer_start (self->dialer);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  wcc_auto_dialer_pause (WCC_AUTO_DIAL_WINDOW (widget)->dialer);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_auto_dialer_resume (WCC_AUTO_DIAL_WINDOW (widget)->dialer);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_auto_dialer_skip (WCC_AUTO_DIAL_WINDOW (widget)->dialer);
}

static void
more_time_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  wcc_auto_dialer_add_time (WCC_AUTO_DIAL_WINDOW (widget)->dialer, MORE_TIME_SECONDS);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_auto_dialer_stop (WCC_AUTO_DIAL_WINDOW (widget)->dialer);
}

static void
choose_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WccAutoDialWindow *self = WCC_AUTO_DIAL_WINDOW (widget);

  drop_dialer (self);
  gtk_list_view_set_model (self->run_list, NULL);
  gtk_stack_set_visible_child_name (self->stack, "choose");
  /* What was called since has new dial counts and contacts. */
  wcc_paged_list_reload (self->chosen);
  update_count (self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
wcc_auto_dial_window_dispose (GObject *object)
{
  WccAutoDialWindow *self = WCC_AUTO_DIAL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  drop_dialer (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_AUTO_DIAL_WINDOW);
  if (self->dial_destroy != NULL)
    self->dial_destroy (self->dial_data);
  self->dial = NULL;
  self->dial_destroy = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chosen);
  g_clear_object (&self->run);
  g_clear_object (&self->settings);
  g_clear_object (&self->softphone);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_auto_dial_window_parent_class)->dispose (object);
}

static void
wcc_auto_dial_window_finalize (GObject *object)
{
  WccAutoDialWindow *self = WCC_AUTO_DIAL_WINDOW (object);

  g_clear_pointer (&self->task_ids, g_array_unref);

  G_OBJECT_CLASS (wcc_auto_dial_window_parent_class)->finalize (object);
}

static void
wcc_auto_dial_window_class_init (WccAutoDialWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_auto_dial_window_dispose;
  object_class->finalize = wcc_auto_dial_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-auto-dial-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, task_row);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, max_dials_check);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, max_dials_spin);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, contacted_check);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, date_button);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, calendar);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, order_row);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, chosen_list);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, number_label);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, run_list);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, WccAutoDialWindow, again_button);

  gtk_widget_class_install_action (widget_class, "auto-dial.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.more-time", NULL, more_time_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "auto-dial.choose-again", NULL, choose_again_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wcc_auto_dial_window_init (WccAutoDialWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->task_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->run = g_list_store_new (WCC_TYPE_RECORD);
  self->dial = dial_through_parent;
  self->dial_data = self;
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "auto-dial-delay",
                   gtk_spin_button_get_adjustment (self->delay_spin), "value", G_SETTINGS_BIND_DEFAULT);
  gtk_calendar_select_day (self->calendar, today);
  update_date_label (self);
  factory = row_factory_new (self, G_CALLBACK (on_bind_chosen_row));
  gtk_list_view_set_factory (self->chosen_list, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "auto-dial.start", FALSE);
}

WccAutoDialWindow *
wcc_auto_dial_window_new (GtkWindow    *parent,
                          WccClient    *client,
                          WccSoftphone *softphone)
{
  WccAutoDialWindow *self;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone), NULL);

  self = g_object_new (WCC_TYPE_AUTO_DIAL_WINDOW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  g_set_object (&self->softphone, softphone);

  self->chosen = wcc_paged_list_new (client, "/api/v1/customers");
  wcc_paged_list_set_page_size (self->chosen, 200);
  wcc_paged_list_set_param (self->chosen, "owner", "me");
  g_signal_connect_object (self->chosen, "notify::loading", G_CALLBACK (on_chosen_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chosen, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->chosen)));
  gtk_list_view_set_model (self->chosen_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->task_row, "notify::selected", G_CALLBACK (apply_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->order_row, "notify::selected", G_CALLBACK (apply_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->max_dials_check, "notify::active", G_CALLBACK (apply_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contacted_check, "notify::active", G_CALLBACK (apply_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->max_dials_spin, "value-changed", G_CALLBACK (apply_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self, G_CONNECT_SWAPPED);
  apply_filters (self);
  wcc_client_get_object_async (client, "/api/v1/tasks?mine=1&limit=200", self->cancellable, on_tasks_read, self);
  return self;
}

void
wcc_auto_dial_window_set_dial_func (WccAutoDialWindow *self,
                                    WccAutoDialFunc    func,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy)
{
  g_return_if_fail (WCC_IS_AUTO_DIAL_WINDOW (self));
  g_return_if_fail (func != NULL);

  if (self->dial_destroy != NULL)
    self->dial_destroy (self->dial_data);
  self->dial = func;
  self->dial_data = user_data;
  self->dial_destroy = destroy;
}

GListModel *
wcc_auto_dial_window_get_chosen (WccAutoDialWindow *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIAL_WINDOW (self), NULL);
  return G_LIST_MODEL (self->chosen);
}

WccAutoDialer *
wcc_auto_dial_window_get_dialer (WccAutoDialWindow *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIAL_WINDOW (self), NULL);
  return self->dialer;
}
