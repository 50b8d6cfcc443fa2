/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reports-page.c: the summary report (R4) and personal statistics (R2). */
#define G_LOG_DOMAIN "wcc-reports-page"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-reports-page.h"

typedef enum {
  RANGE_TODAY,
  RANGE_YESTERDAY,
  RANGE_THIS_WEEK,
  RANGE_LAST_7_DAYS,
  RANGE_CUSTOM,
} Range;

struct _WccReportsPage
{
  AdwBin          parent_instance;

  WccClient      *client;
  WccReport      *report;
  gboolean        personal;       /* an agent's own statistics (R2) */
  GDate           from, to;
  gint64          group_id, agent_id;
  GArray         *filter_groups;  /* gint64 per filter row: the group (0: none) */
  GArray         *filter_agents;  /* gint64 per filter row: the agent (0: none) */
  gboolean        filling_filter;
  GPtrArray      *reason_columns; /* GtkColumnViewColumn of the pause reasons, per view */
  GCancellable   *cancellable;
  gint64          loaded_at;      /* monotonic µs of the last load asked for */

  GtkLabel       *title_label;
  GtkDropDown    *range_dropdown;
  GtkMenuButton  *custom_button;
  GtkCalendar    *from_calendar;
  GtkCalendar    *to_calendar;
  GtkDropDown    *filter_dropdown;
  GtkStringList  *filter_list;
  GtkButton      *export_button;
  GtkLabel       *period_label;
  GtkLabel       *error_label;
  GtkLabel       *totals_label;
  WccReportChart *chart;
  GtkStack       *tables_stack;
  GtkWidget      *tables_switcher;
  GtkStackPage   *groups_stack_page;
  GtkColumnView  *agents_view;
  GtkColumnView  *groups_view;
};

G_DEFINE_FINAL_TYPE (WccReportsPage, wcc_reports_page, ADW_TYPE_BIN)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- formatting ---- */

static char *
format_figure (WccReportRow *row,
               const char   *property)
{
  double value = wcc_report_row_get_figure (row, property);

  if (g_str_has_prefix (property, "avg-"))
    {
      g_autofree char *seconds = wcc_format_decimal (value, 1);

      /* Translators: an average in seconds, %s is the number */
      return g_strdup_printf (_("%s s"), seconds);
    }
  if (g_str_has_suffix (property, "-time"))
    return wcc_format_duration ((gint64) value);
  return wcc_format_integer ((gint64) value);
}

/* ---- the tables ---- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           const char               *property)
{
  WccReportRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (g_str_equal (property, "name"))
    {
      const char *employee_id = wcc_report_row_get_employee_id (row);

      text = employee_id ? g_strdup_printf ("%s (%s)", wcc_report_row_get_name (row), employee_id)
                         : g_strdup (wcc_report_row_get_name (row));
    }
  else if (g_str_has_prefix (property, "pause:"))
    text = wcc_format_duration (wcc_report_row_get_pause_seconds (row, g_ascii_strtoll (property + 6, NULL, 10)));
  else
    text = format_figure (row, property);
  gtk_label_set_text (label, text);
  /* The figure a test or screen reader reads from the cell. */
  gtk_widget_set_name (GTK_WIDGET (label), property);
}

static int
compare_pause (gconstpointer a,
               gconstpointer b,
               gpointer      reason)
{
  gint64 id = GPOINTER_TO_SIZE (reason) - 1;
  gint64 left = wcc_report_row_get_pause_seconds ((WccReportRow *) a, id);
  gint64 right = wcc_report_row_get_pause_seconds ((WccReportRow *) b, id);

  return left < right ? -1 : left > right;
}

static void
free_key (gpointer  key,
          GClosure *closure)
{
  g_free (key);
}

/* A column of @view showing @property (a WccReportRow property, or "pause:ID"). */
static GtkColumnViewColumn *
add_column (GtkColumnView *view,
            const char    *title,
            const char    *property)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  gboolean numeric = !g_str_equal (property, "name");
  char *key = g_strdup (property);
  GtkColumnViewColumn *column;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (numeric));
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell), key, free_key, 0);
  column = gtk_column_view_column_new (title, factory);
  if (g_str_has_prefix (property, "pause:"))
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_pause,
                                                GSIZE_TO_POINTER (g_ascii_strtoll (property + 6, NULL, 10) + 1), NULL));
  else if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (WCC_TYPE_REPORT_ROW, NULL, property)));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (WCC_TYPE_REPORT_ROW, NULL, property)));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_expand (column, !numeric);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
  return column;
}

static void
setup_view (WccReportsPage *self,
            GtkColumnView  *view,
            GListModel     *rows,
            const char     *name_title)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkColumnViewColumn *first;
  struct { const char *title, *property; } columns[] = {
    /* TRANSLATORS: calls that came to the queue (answered or not) */
    { C_("calls", "Offered"), "offered" },
    { _("Answered"), "answered" },
    { _("Abandoned"), "abandoned" },
    { _("Avg. Wait"), "avg-wait" },
    { _("Connected"), "connected" },
    { _("Talk Time"), "talk-time" },
    { _("Avg. Talk"), "avg-talk" },
    { _("After-Call Work"), "after-call-time" },
    { _("Pause"), "pause-time" },
    { _("Success"), "success" },
  };

  first = add_column (view, name_title, "name");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    add_column (view, columns[i].title, columns[i].property);
  sorted = gtk_sort_list_model_new (g_object_ref (rows), g_object_ref (gtk_column_view_get_sorter (view)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)))));
  gtk_column_view_sort_by_column (view, first, GTK_SORT_ASCENDING);
}

/* One column per pause reason met, after the pause column, in both tables. */
static void
update_reason_columns (WccReportsPage *self)
{
  GtkColumnView *views[] = { self->agents_view, self->groups_view };

  for (guint i = 0; i < self->reason_columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->reason_columns, i);

      gtk_column_view_remove_column (gtk_column_view_column_get_column_view (column), column);
    }
  g_ptr_array_set_size (self->reason_columns, 0);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    for (guint r = 0; r < wcc_report_get_n_reasons (self->report); r++)
      {
        gint64 id = wcc_report_get_reason_id (self->report, r);
        g_autofree char *property = g_strdup_printf ("pause:%" G_GINT64_FORMAT, id);
        const char *label = wcc_report_get_reason_label (self->report, r);
        /* Translators: a column of pause time with one reason ("Pause: Lunch") */
        g_autofree char *title = g_strdup_printf (_("Pause: %s"), label && *label ? label : _("Unknown"));
        GtkColumnViewColumn *column = add_column (views[v], title, property);

        /* Before "Success", the last column. */
        gtk_column_view_insert_column (views[v], g_list_model_get_n_items (gtk_column_view_get_columns (views[v])) - 2,
                                       column);
        g_ptr_array_add (self->reason_columns, g_object_ref (column));
      }
}

/* ---- period and filter ---- */

static void
date_today (GDate *date,
            int    days_back)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  if (days_back > 0)
    g_date_subtract_days (date, days_back);
}

static void
date_from_calendar (GtkCalendar *calendar,
                    GDate       *date)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (chosen), g_date_time_get_month (chosen),
                  g_date_time_get_year (chosen));
}

/* A day of the period with its weekday, as the user's language writes it. */
static char *
format_day (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                     g_date_get_day (date), 12, 0, 0);

  return wcc_format_date_time (time, WCC_DATE_STYLE_WEEKDAY_DATE);
}

static void
show_period (WccReportsPage *self)
{
  g_autofree char *from = format_day (&self->from);
  g_autofree char *to = format_day (&self->to);
  g_autofree char *text = NULL;

  text = g_date_compare (&self->from, &self->to) == 0 ? g_strdup (from)
         /* Translators: a period of days, "from – to" */
         : g_strdup_printf (_("%s – %s"), from, to);
  gtk_label_set_text (self->period_label, text);
}

static void
reload (WccReportsPage *self)
{
  if (self->report == NULL)
    return;
  wcc_report_set_query (self->report, &self->from, &self->to, self->group_id, self->agent_id);
  show_period (self);
  self->loaded_at = g_get_monotonic_time ();
  wcc_report_load (self->report);
}

static void
on_range_selected (WccReportsPage *self)
{
  Range range = gtk_drop_down_get_selected (self->range_dropdown);

  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), range == RANGE_CUSTOM);
  switch (range)
    {
    case RANGE_TODAY:
      date_today (&self->from, 0);
      date_today (&self->to, 0);
      break;
    case RANGE_YESTERDAY:
      date_today (&self->from, 1);
      date_today (&self->to, 1);
      break;
    case RANGE_THIS_WEEK:
      date_today (&self->to, 0);
      date_today (&self->from, g_date_get_weekday (&self->to) - G_DATE_MONDAY);
      break;
    case RANGE_LAST_7_DAYS:
      date_today (&self->from, 6);
      date_today (&self->to, 0);
      break;
    case RANGE_CUSTOM:
    default:
      gtk_menu_button_popup (self->custom_button);
      return;
    }
  reload (self);
}

static void
on_apply_range (WccReportsPage *self)
{
  date_from_calendar (self->from_calendar, &self->from);
  date_from_calendar (self->to_calendar, &self->to);
  /* A period picked backwards is the same period. */
  if (g_date_compare (&self->from, &self->to) > 0)
    {
      GDate swap = self->from;

      self->from = self->to;
      self->to = swap;
    }
  gtk_menu_button_popdown (self->custom_button);
  reload (self);
}

static void
on_filter_selected (WccReportsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->filling_filter || selected >= self->filter_groups->len)
    return;
  self->group_id = g_array_index (self->filter_groups, gint64, selected);
  self->agent_id = g_array_index (self->filter_agents, gint64, selected);
  reload (self);
}

/* The filter's choices: everything, each group, each agent (of an unfiltered report). */
static void
fill_filter (WccReportsPage *self)
{
  GListModel *groups = wcc_report_get_groups (self->report);
  GListModel *agents = wcc_report_get_agents (self->report);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gint64 zero = 0;

  self->filling_filter = TRUE;
  g_array_set_size (self->filter_groups, 0);
  g_array_set_size (self->filter_agents, 0);
  g_ptr_array_add (labels, g_strdup (_("All Groups")));
  g_array_append_val (self->filter_groups, zero);
  g_array_append_val (self->filter_agents, zero);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccReportRow) row = g_list_model_get_item (groups, i);
      gint64 id = wcc_report_row_get_id (row);

      /* Translators: a group in the report's filter */
      g_ptr_array_add (labels, g_strdup_printf (_("Group: %s"), wcc_report_row_get_name (row)));
      g_array_append_val (self->filter_groups, id);
      g_array_append_val (self->filter_agents, zero);
    }
  for (guint i = 0; i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(WccReportRow) row = g_list_model_get_item (agents, i);
      gint64 id = wcc_report_row_get_id (row);

      g_ptr_array_add (labels, g_strdup_printf ("%s (%s)", wcc_report_row_get_name (row),
                                                wcc_report_row_get_employee_id (row)));
      g_array_append_val (self->filter_groups, zero);
      g_array_append_val (self->filter_agents, id);
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->filter_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->filter_list)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), TRUE);
  self->filling_filter = FALSE;
}

static void
on_report_loaded (WccReportsPage *self)
{
  const char *error = wcc_report_get_error (self->report);
  WccReportRow *total = wcc_report_get_total (self->report);
  g_autofree char *offered = NULL, *answered = NULL, *abandoned = NULL, *wait = NULL, *talk = NULL;
  g_autofree char *after_call = NULL, *pause = NULL, *success = NULL, *totals = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error);
      return;
    }
  if (!self->personal && self->group_id == 0 && self->agent_id == 0)
    fill_filter (self);
  update_reason_columns (self);
  wcc_report_chart_set_series (self->chart, wcc_report_get_series (self->report), wcc_report_get_hourly (self->report));
  offered = format_figure (total, "offered");
  answered = format_figure (total, "answered");
  abandoned = format_figure (total, "abandoned");
  wait = format_figure (total, "avg-wait");
  talk = format_figure (total, "talk-time");
  after_call = format_figure (total, "after-call-time");
  pause = format_figure (total, "pause-time");
  success = format_figure (total, "success");
  /* Translators: the report's totals */
  totals = g_strdup_printf (_("Offered %s · Answered %s · Abandoned %s · Average wait %s · Talk time %s · "
                              "After-call work %s · Pause %s · Success %s"),
                            offered, answered, abandoned, wait, talk, after_call, pause, success);
  gtk_label_set_text (self->totals_label, totals);
}

/* ---- export ---- */

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WccReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  if (!wcc_report_export_finish (WCC_REPORT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("Report saved"));
}

void
wcc_reports_page_export_to (WccReportsPage *self,
                            GFile          *file)
{
  g_return_if_fail (WCC_IS_REPORTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  wcc_report_export_async (self->report, file, self->cancellable, on_exported, g_object_ref (self));
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  WccReportsPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      wcc_reports_page_export_to (self, file);
    }
  g_object_unref (dialog);
}

static void
on_export_clicked (WccReportsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export Report"),
                                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  char from[16], to[16];
  g_autofree char *name = NULL;

  g_date_strftime (from, sizeof from, "%Y-%m-%d", &self->from);
  g_date_strftime (to, sizeof to, "%Y-%m-%d", &self->to);
  name = g_strdup_printf ("report-%s-%s.csv", from, to);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Shown again after a while: the figures of today move on. */
#define RELOAD_AFTER (60 * G_USEC_PER_SEC)

static void
on_map (WccReportsPage *self)
{
  if (self->report == NULL || g_get_monotonic_time () - self->loaded_at <= RELOAD_AFTER)
    return;
  /* A preset's days again ("Today" after midnight is the new day). */
  if (gtk_drop_down_get_selected (self->range_dropdown) != RANGE_CUSTOM)
    on_range_selected (self);
  else
    reload (self);
}

/* ---- the object ---- */

static void
wcc_reports_page_dispose (GObject *object)
{
  WccReportsPage *self = WCC_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->report != NULL)
    g_signal_handlers_disconnect_by_data (self->report, self);
  g_clear_object (&self->report);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (wcc_reports_page_parent_class)->dispose (object);
}

static void
wcc_reports_page_finalize (GObject *object)
{
  WccReportsPage *self = WCC_REPORTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_array_unref (self->filter_groups);
  g_array_unref (self->filter_agents);
  g_ptr_array_unref (self->reason_columns);
  G_OBJECT_CLASS (wcc_reports_page_parent_class)->finalize (object);
}

static void
wcc_reports_page_class_init (WccReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_reports_page_dispose;
  object_class->finalize = wcc_reports_page_finalize;

  /* A message for the window's toast overlay. */
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (WCC_TYPE_REPORT_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, custom_button);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, filter_list);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, tables_stack);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, tables_switcher);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, groups_stack_page);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, agents_view);
  gtk_widget_class_bind_template_child (widget_class, WccReportsPage, groups_view);
  gtk_widget_class_bind_template_callback (widget_class, on_range_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_range);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

static void
wcc_reports_page_init (WccReportsPage *self)
{
  self->filter_groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter_agents = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->reason_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  date_today (&self->from, 0);
  date_today (&self->to, 0);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

void
wcc_reports_page_set_client (WccReportsPage *self,
                             WccClient      *client)
{
  WccUser *user;

  g_return_if_fail (WCC_IS_REPORTS_PAGE (self));
  g_return_if_fail (WCC_IS_CLIENT (client));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  user = wcc_client_get_user (client);
  self->personal = user == NULL || !wcc_user_has_role (user, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN);
  self->report = wcc_report_new (client);
  g_signal_connect_object (self->report, "loaded", G_CALLBACK (on_report_loaded), self, G_CONNECT_SWAPPED);
  setup_view (self, self->agents_view, wcc_report_get_agents (self->report), _("Agent"));
  setup_view (self, self->groups_view, wcc_report_get_groups (self->report), _("Group"));
  if (self->personal)
    {
      gtk_label_set_text (self->title_label, _("My Statistics"));
      gtk_stack_page_set_visible (self->groups_stack_page, FALSE);
      gtk_widget_set_visible (self->tables_switcher, FALSE);
    }
  reload (self);
}

WccReport *
wcc_reports_page_get_report (WccReportsPage *self)
{
  g_return_val_if_fail (WCC_IS_REPORTS_PAGE (self), NULL);
  return self->report;
}
