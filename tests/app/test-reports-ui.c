/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reports-ui.c: the reports page under Xvfb against a real wcc-server (R2, R4): a
 * constructed day (tests/server/wcc-test-report-day.c) written into the server's SQLite
 * file through the store before it starts; the client admin picks "Yesterday", then the
 * same day on the calendars: the tables' figures (the cells shown and their rows), the
 * chart's drawn points, sorting, the CSV export; an agent sees their own statistics.
 * Screenshots report.png and report-dark.png. */
#define G_LOG_DOMAIN "test-reports-ui"

#include <glib/gstdio.h>

#include "wcc-main-window.h"
#include "wcc-reports-page.h"
#include "wcc-test-report-day.h"
#include "wcc-test-ui.h"

/* The constructed day: yesterday. */
static void
construct_day (const char     *data_dir,
               ReportDay      *day,
               ReportExpected *want)
{
  g_autofree char *path = g_build_filename (data_dir, "wcc.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (today, -1);

  report_day_construct_demo (path, g_date_time_to_unix (yesterday), g_date_time_to_unix (today), day, want);
}

static gboolean
report_loaded (gpointer data)
{
  WccReport *report = data;
  return !wcc_report_get_loading (report) && g_list_model_get_n_items (wcc_report_get_series (report)) == 24;
}

typedef struct {
  WccReport *report;
  guint      loads;
} Loads;

static void
on_loaded (WccReport *report,
           Loads     *loads)
{
  loads->loads++;
}

static gboolean
loaded_again (gpointer data)
{
  Loads *loads = data;
  return loads->loads > 0 && !wcc_report_get_loading (loads->report);
}

static WccReportRow *
row_with_id (GListModel *model,
             gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WccReportRow) row = g_list_model_get_item (model, i);

      if (wcc_report_row_get_id (row) == id)
        return row;
    }
  return NULL;
}

static void
assert_row (WccReportRow        *row,
            const ReportFigures *want)
{
  g_assert_nonnull (row);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "offered"), ==, want->offered);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "answered"), ==, want->answered);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "abandoned"), ==, want->abandoned);
  g_assert_cmpfloat_with_epsilon (wcc_report_row_get_figure (row, "avg-wait"), want->avg_wait, 0.01);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "connected"), ==, want->connected);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "talk-time"), ==, want->talk_time);
  g_assert_cmpfloat_with_epsilon (wcc_report_row_get_figure (row, "avg-talk"), want->avg_talk, 0.01);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "after-call-time"), ==, want->after_call_time);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "pause-time"), ==, want->pause_time);
  g_assert_cmpfloat (wcc_report_row_get_figure (row, "success"), ==, want->success);
}

/* The labels named @name below @root, in the widget tree's order (a column's cells top down). */
static void
collect_cells (GtkWidget  *root,
               const char *name,
               GPtrArray  *out)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_cells (child, name, out);
}

/* The groups table shows each group's figures in its cells. */
static void
assert_group_cells (GtkWidget            *view,
                    const ReportExpected *want)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();
  g_autoptr(GPtrArray) abandoned = g_ptr_array_new ();
  g_autoptr(GPtrArray) waits = g_ptr_array_new ();
  const char *group_names[] = { "Sales", "Service" };

  collect_cells (view, "name", names);
  collect_cells (view, "offered", offered);
  collect_cells (view, "answered", answered);
  collect_cells (view, "abandoned", abandoned);
  collect_cells (view, "avg-wait", waits);
  g_assert_cmpuint (names->len, ==, REPORT_DAY_GROUPS);
  g_assert_cmpuint (offered->len, ==, REPORT_DAY_GROUPS);
  for (guint row = 0; row < names->len; row++)
    for (guint g = 0; g < REPORT_DAY_GROUPS; g++)
      if (g_str_equal (g_ptr_array_index (names, row), group_names[g]))
        {
          g_autofree char *o = g_strdup_printf ("%" G_GINT64_FORMAT, want->groups[g].offered);
          g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, want->groups[g].answered);
          g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, want->groups[g].abandoned);
          g_autofree char *w = g_strdup_printf ("%.1f s", want->groups[g].avg_wait);

          g_test_message ("%s: %s %s %s %s", group_names[g], o, a, b, w);
          g_assert_cmpstr (g_ptr_array_index (offered, row), ==, o);
          g_assert_cmpstr (g_ptr_array_index (answered, row), ==, a);
          g_assert_cmpstr (g_ptr_array_index (abandoned, row), ==, b);
          g_assert_cmpstr (g_ptr_array_index (waits, row), ==, w);
        }
}

/* The chart drew a point per hour: the bars and the line of the expected figures. */
static void
assert_chart (WccReportChart       *chart,
              const ReportExpected *want)
{
  g_assert_cmpuint (wcc_report_chart_get_n_drawn (chart), ==, 24);
  for (guint h = 0; h < 24; h++)
    {
      const WccReportChartPoint *point = wcc_report_chart_get_drawn (chart, h);

      g_assert_cmpfloat (point->answered, ==, want->hours[h].answered);
      g_assert_cmpfloat (point->abandoned, ==, want->hours[h].abandoned);
      g_assert_cmpfloat_with_epsilon (point->avg_wait, want->hours[h].avg_wait, 0.01);
      g_assert_true ((point->answered_height > 0) == (want->hours[h].answered > 0));
      g_assert_true ((point->abandoned_height > 0) == (want->hours[h].abandoned > 0));
    }
  assert_chart_labels_apart (GTK_WIDGET (chart));
}

static gboolean
chart_drawn (gpointer data)
{
  return wcc_report_chart_get_n_drawn (data) == 24;
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
wait_for_load (WccReport *report,
               void     (*change) (gpointer),
               gpointer   data)
{
  Loads loads = { report, 0 };
  gulong id = g_signal_connect (report, "loaded", G_CALLBACK (on_loaded), &loads);

  change (data);
  wait_until (loaded_again, &loads, 10000);
  g_signal_handler_disconnect (report, id);
  g_assert_null (wcc_report_get_error (report));
}

static void
choose_yesterday (gpointer page)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_id (page, "range_dropdown")), 1);
}

typedef struct {
  GtkDropDown *dropdown;
  guint        position;
} Choice;

static void
select_choice (gpointer data)
{
  Choice *choice = data;
  gtk_drop_down_set_selected (choice->dropdown, choice->position);
}

static gint64 day_start;

static void
choose_on_calendars (gpointer page)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (day_start);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_id (page, "range_dropdown")), 4);
  gtk_calendar_select_day (GTK_CALENDAR (find_by_id (page, "from_calendar")), day);
  gtk_calendar_select_day (GTK_CALENDAR (find_by_id (page, "to_calendar")), day);
  click (page, "apply_range_button");
}

static void
test_reports (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  g_autofree char *csv_path = g_build_filename (data_dir, "exported.csv", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autofree char *csv = NULL;
  WccTestServer *server;
  GtkWindow *main_window;
  GtkWidget *page, *view;
  WccReport *report;
  WccReportChart *chart;
  ReportDay day = { 0 };
  ReportExpected want;
  ReportFigures total = { 0 };

  wcc_test_guard_timeout (200);
  /* The demo data first, then the day written into its file while no server runs. */
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });
  wcc_test_server_stop (server);
  construct_day (data_dir, &day, &want);
  day_start = day.day_start;
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", NULL });

  main_window = log_in_without_remembering (server, "admin@demo", "wcc-admin");
  gtk_window_set_default_size (main_window, 1280, 800);
  go_to (main_window, "reports");
  page = child (main_window, "reports_page");
  report = wcc_reports_page_get_report (WCC_REPORTS_PAGE (page));
  chart = WCC_REPORT_CHART (find_by_id (page, "chart"));

  /* "Yesterday": the constructed day. */
  wait_for_load (report, choose_yesterday, page);
  wait_until (report_loaded, report, 10000);
  for (guint g = 0; g < REPORT_DAY_GROUPS; g++)
    {
      assert_row (row_with_id (wcc_report_get_groups (report), day.groups[g]), &want.groups[g]);
      report_figures_add (&total, &want.groups[g], TRUE);
    }
  for (guint a = 0; a < REPORT_DAY_AGENTS; a++)
    assert_row (row_with_id (wcc_report_get_agents (report), day.agents[a]), &want.agents[a]);
  assert_row (wcc_report_get_total (report), &total);
  /* The pause reasons met have their columns. */
  g_assert_cmpuint (wcc_report_get_n_reasons (report), ==, REPORT_DAY_REASONS);

  /* What the screen shows: the groups table's cells, the chart's points. */
  gtk_stack_set_visible_child_name (GTK_STACK (find_by_id (page, "tables_stack")), "groups");
  settle (300);
  view = find_by_id (page, "groups_view");
  assert_group_cells (view, &want);
  wait_until (chart_drawn, chart, 5000);
  assert_chart (chart, &want);

  /* Sorting by answered calls, most first: 1001 leads the agents. */
  {
    GtkColumnView *agents_view = GTK_COLUMN_VIEW (find_by_id (page, "agents_view"));
    GListModel *columns = gtk_column_view_get_columns (agents_view);
    g_autoptr(GtkColumnViewColumn) answered = g_list_model_get_item (columns, 2);
    GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (agents_view));
    g_autoptr(WccReportRow) first = NULL;

    gtk_column_view_sort_by_column (agents_view, answered, GTK_SORT_DESCENDING);
    first = g_list_model_get_item (shown, 0);
    g_assert_cmpint (wcc_report_row_get_id (first), ==, day.agents[0]);
    g_assert_cmpfloat (wcc_report_row_get_figure (first, "answered"), ==, want.agents[0].answered);
    gtk_stack_set_visible_child_name (GTK_STACK (find_by_id (page, "tables_stack")), "agents");
  }
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "report.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle (300);
  wait_until (chart_drawn, chart, 5000);
  assert_chart (chart, &want);
  save_screenshot (GTK_WIDGET (main_window), "report-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The CSV of what is shown. */
  wcc_reports_page_export_to (WCC_REPORTS_PAGE (page), csv_file);
  wait_until (file_written, csv_path, 10000);
  settle (200);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "kind,id,employee_id,name,offered,answered,abandoned,"));
  {
    g_autofree char *line = g_strdup_printf ("\r\nagent,%" G_GINT64_FORMAT ",1001,", day.agents[0]);
    g_autofree char *figures = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%.1f,",
                                                want.agents[0].offered, want.agents[0].answered,
                                                want.agents[0].abandoned, want.agents[0].avg_wait);
    const char *at = strstr (csv, line);

    g_assert_nonnull (at);
    g_assert_nonnull (strstr (at, figures));
  }

  /* The filter: one group, then everyone again. */
  {
    GtkDropDown *filter = GTK_DROP_DOWN (find_by_id (page, "filter_dropdown"));
    GListModel *choices = gtk_drop_down_get_model (filter);
    guint sales = G_MAXUINT;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (filter)));
    /* All groups, two groups, then every agent of them */
    g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1 + 2 + g_list_model_get_n_items (wcc_report_get_agents (report)));
    for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), "Group: Sales"))
        sales = i;
    g_assert_cmpuint (sales, !=, G_MAXUINT);
    wait_for_load (report, select_choice, &(Choice) { filter, sales });
    g_assert_cmpuint (g_list_model_get_n_items (wcc_report_get_groups (report)), ==, 1);
    assert_row (row_with_id (wcc_report_get_groups (report), day.groups[0]), &want.groups[0]);
    {
      ReportFigures sales_total = { 0 };

      report_figures_add (&sales_total, &want.groups[0], TRUE);
      assert_row (wcc_report_get_total (report), &sales_total);
    }
    g_assert_null (row_with_id (wcc_report_get_agents (report), day.agents[2]));
    /* The choices stay while filtered. */
    g_assert_cmpuint (g_list_model_get_n_items (choices), >, 3);
    wait_for_load (report, select_choice, &(Choice) { filter, 0 });
    g_assert_cmpuint (g_list_model_get_n_items (wcc_report_get_groups (report)), ==, 2);
  }

  /* The same day picked on the calendars. */
  wait_for_load (report, choose_on_calendars, page);
  assert_row (wcc_report_get_total (report), &total);

  /* An agent: their own statistics only. */
  log_out_through_ui (main_window);
  main_window = log_in_without_remembering (server, "1002@demo", "wcc-1002");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (main_window, "reports_nav_label"))), ==, "My Statistics");
  go_to (main_window, "reports");
  page = child (main_window, "reports_page");
  report = wcc_reports_page_get_report (WCC_REPORTS_PAGE (page));
  wait_for_load (report, choose_yesterday, page);
  g_assert_cmpstr (wcc_report_get_scope (report), ==, "agent");
  g_assert_cmpuint (g_list_model_get_n_items (wcc_report_get_agents (report)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (wcc_report_get_groups (report)), ==, 0);
  assert_row (row_with_id (wcc_report_get_agents (report), day.agents[1]), &want.agents[1]);
  assert_row (wcc_report_get_total (report), &want.agents[1]);
  g_assert_false (gtk_widget_get_visible (find_by_id (page, "filter_dropdown")));
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "report-agent.png");

  log_out_through_ui (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Days are the server's local days: one zone without summer time for both sides. */
  g_setenv ("TZ", "JST-9", TRUE);
  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/reports/day", test_reports);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
