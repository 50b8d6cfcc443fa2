/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-report-chart.c: a report's series as bars (answered, abandoned) and a line (average
 * wait), drawn with GtkSnapshot and cairo. */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wcc-api.h"
#include "wcc-format.h"
#include "wcc-report-chart.h"

struct _WccReportChart
{
  GtkWidget   parent_instance;
  GListModel *series;
  gboolean    hourly;
  GArray     *drawn;       /* WccReportChartPoint of the last drawing */
};

G_DEFINE_FINAL_TYPE (WccReportChart, wcc_report_chart, GTK_TYPE_WIDGET)

#define MARGIN_LEFT   52.0
#define MARGIN_RIGHT  60.0
#define MARGIN_TOP    40.0
#define MARGIN_BOTTOM 34.0
#define TICKS         4
#define LABEL_GAP     10.0   /* at least this between two labels under the axis */

typedef struct {
  GdkRGBA answered, abandoned, wait, text, grid;
} Palette;

static void
palette_get (WccReportChart *self,
             Palette        *palette)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  /* The GNOME palette: blue, red, orange; lighter shades on dark backgrounds. */
  gdk_rgba_parse (&palette->answered, dark ? "#62a0ea" : "#1c71d8");
  gdk_rgba_parse (&palette->abandoned, dark ? "#f66151" : "#c01c28");
  gdk_rgba_parse (&palette->wait, dark ? "#ffa348" : "#c64600");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &palette->text);
  G_GNUC_END_IGNORE_DEPRECATIONS
  palette->grid = palette->text;
  palette->grid.alpha *= 0.15;
}

/* A round top for an axis above @value: 1, 2 or 5 × 10^n, at least @minimum. */
static double
nice_top (double value,
          double minimum)
{
  double step, magnitude;

  value = MAX (value, minimum);
  magnitude = pow (10, floor (log10 (value / TICKS)));
  step = value / TICKS / magnitude;
  step = step <= 1 ? 1 : step <= 2 ? 2 : step <= 5 ? 5 : 10;
  return step * magnitude * TICKS;
}

static PangoLayout *
make_layout (WccReportChart *self,
             const char     *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static char *
point_label (WccReportChart *self,
             WccReportRow   *point)
{
  return wcc_format_unix (wcc_report_row_get_start (point),
                          self->hourly ? WCC_DATE_STYLE_AXIS_HOUR : WCC_DATE_STYLE_AXIS_DAY);
}

/* Text at (@x, @y), aligned by @xalign (0 left … 1 right) and centred vertically; returns
 * its width in pixels. */
static int
draw_text (WccReportChart *self,
           cairo_t        *cr,
           const GdkRGBA  *color,
           const char     *text,
           double          x,
           double          y,
           double          xalign)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x - width * xalign, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
  return width;
}

/* Every how many points an axis label fits: the widest label as this language and font
 * write it ("00:00", "11月28日", "Nov 28") and a gap, over the width of a point. */
static guint
label_spacing (WccReportChart *self,
               guint           n,
               double          slot)
{
  int widest = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccReportRow) point = g_list_model_get_item (self->series, i);
      g_autofree char *label = point_label (self, point);
      g_autoptr(PangoLayout) layout = make_layout (self, label);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return MAX (1, (guint) ceil ((widest + LABEL_GAP) / slot));
}

/* An axis' figure: whole, or with one decimal, as the locale writes it. */
static char *
format_tick (double value)
{
  return wcc_format_decimal (value, value == floor (value) ? 0 : 1);
}


static void
draw_legend (WccReportChart *self,
             cairo_t        *cr,
             const Palette  *palette,
             double          width)
{
  const char *labels[] = { _("Answered"), _("Abandoned"), _("Average wait (s)") };
  const GdkRGBA *colors[] = { &palette->answered, &palette->abandoned, &palette->wait };
  double x = MARGIN_LEFT;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, labels[i]);
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      gdk_cairo_set_source_rgba (cr, colors[i]);
      if (i == 2)
        {
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x, 14);
          cairo_line_to (cr, x + 14, 14);
          cairo_stroke (cr);
          cairo_arc (cr, x + 7, 14, 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else
        {
          cairo_rectangle (cr, x, 8, 12, 12);
          cairo_fill (cr);
        }
      draw_text (self, cr, &palette->text, labels[i], x + 18, 14, 0);
      x += 18 + text_width + 20;
    }
}

static void
wcc_report_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  WccReportChart *self = WCC_REPORT_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double plot_width = width - MARGIN_LEFT - MARGIN_RIGHT, plot_height = height - MARGIN_TOP - MARGIN_BOTTOM;
  guint n = self->series ? g_list_model_get_n_items (self->series) : 0;
  double top_calls = 0, top_wait = 0, slot;
  guint label_every;
  Palette palette;
  cairo_t *cr;

  g_array_set_size (self->drawn, 0);
  if (plot_width < 40 || plot_height < 40)
    return;
  palette_get (self, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_legend (self, cr, &palette, width);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccReportRow) point = g_list_model_get_item (self->series, i);

      top_calls = MAX (top_calls, MAX (wcc_report_row_get_figure (point, "answered"),
                                       wcc_report_row_get_figure (point, "abandoned")));
      top_wait = MAX (top_wait, wcc_report_row_get_figure (point, "avg-wait"));
    }
  top_calls = nice_top (top_calls, TICKS);
  top_wait = nice_top (top_wait, TICKS);

  /* The grid and the axes' labels: calls on the left, seconds on the right. */
  cairo_set_line_width (cr, 1);
  for (guint t = 0; t <= TICKS; t++)
    {
      double y = MARGIN_TOP + plot_height - plot_height * t / TICKS;
      g_autofree char *calls = format_tick (top_calls * t / TICKS);
      g_autofree char *wait = format_tick (top_wait * t / TICKS);

      gdk_cairo_set_source_rgba (cr, t == 0 ? &palette.text : &palette.grid);
      cairo_move_to (cr, MARGIN_LEFT, floor (y) + 0.5);
      cairo_line_to (cr, MARGIN_LEFT + plot_width, floor (y) + 0.5);
      cairo_stroke (cr);
      draw_text (self, cr, &palette.text, calls, MARGIN_LEFT - 6, y, 1);
      draw_text (self, cr, &palette.wait, wait, MARGIN_LEFT + plot_width + 6, y, 0);
    }
  draw_text (self, cr, &palette.text, _("Calls"), 4, MARGIN_TOP - 12, 0);
  draw_text (self, cr, &palette.wait, _("Seconds"), width - 4, MARGIN_TOP - 12, 1);

  if (n == 0)
    {
      draw_text (self, cr, &palette.text, _("Nothing in this period"), MARGIN_LEFT + plot_width / 2,
                 MARGIN_TOP + plot_height / 2, 0.5);
      cairo_destroy (cr);
      return;
    }

  slot = plot_width / n;
  label_every = label_spacing (self, n, slot);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccReportRow) point = g_list_model_get_item (self->series, i);
      WccReportChartPoint drawn = {
        wcc_report_row_get_figure (point, "answered"), wcc_report_row_get_figure (point, "abandoned"),
        wcc_report_row_get_figure (point, "avg-wait"), 0, 0,
      };
      double x = MARGIN_LEFT + slot * i, bar = MAX (1, slot * 0.35), base = MARGIN_TOP + plot_height;

      drawn.answered_height = plot_height * drawn.answered / top_calls;
      drawn.abandoned_height = plot_height * drawn.abandoned / top_calls;
      gdk_cairo_set_source_rgba (cr, &palette.answered);
      cairo_rectangle (cr, x + slot / 2 - bar, base - drawn.answered_height, bar, drawn.answered_height);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &palette.abandoned);
      cairo_rectangle (cr, x + slot / 2, base - drawn.abandoned_height, bar, drawn.abandoned_height);
      cairo_fill (cr);
      if (i % label_every == 0)
        {
          g_autofree char *label = point_label (self, point);
          int label_width = draw_text (self, cr, &palette.text, label, x + slot / 2, base + 12, 0.5);

          drawn.label_start = x + slot / 2 - label_width / 2.0;
          drawn.label_end = drawn.label_start + label_width;
        }
      g_array_append_val (self->drawn, drawn);
    }

  /* The average wait: a line through the points that had answered calls. */
  gdk_cairo_set_source_rgba (cr, &palette.wait);
  cairo_set_line_width (cr, 2);
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      WccReportChartPoint *drawn = &g_array_index (self->drawn, WccReportChartPoint, i);
      double x = MARGIN_LEFT + slot * i + slot / 2;
      double y = MARGIN_TOP + plot_height - plot_height * drawn->avg_wait / top_wait;

      if (drawn->answered > 0)
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      WccReportChartPoint *drawn = &g_array_index (self->drawn, WccReportChartPoint, i);
      double x = MARGIN_LEFT + slot * i + slot / 2;
      double y = MARGIN_TOP + plot_height - plot_height * drawn->avg_wait / top_wait;

      if (drawn->answered == 0)
        continue;
      cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
on_series_changed (WccReportChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
wcc_report_chart_dispose (GObject *object)
{
  WccReportChart *self = WCC_REPORT_CHART (object);

  if (self->series != NULL)
    g_signal_handlers_disconnect_by_func (self->series, on_series_changed, self);
  g_clear_object (&self->series);
  G_OBJECT_CLASS (wcc_report_chart_parent_class)->dispose (object);
}

static void
wcc_report_chart_finalize (GObject *object)
{
  g_array_unref (WCC_REPORT_CHART (object)->drawn);
  G_OBJECT_CLASS (wcc_report_chart_parent_class)->finalize (object);
}

static void
wcc_report_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 260;
}

static void
wcc_report_chart_class_init (WccReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_report_chart_dispose;
  object_class->finalize = wcc_report_chart_finalize;
  widget_class->snapshot = wcc_report_chart_snapshot;
  widget_class->measure = wcc_report_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "reportchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wcc_report_chart_init (WccReportChart *self)
{
  self->drawn = g_array_new (FALSE, TRUE, sizeof (WccReportChartPoint));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
wcc_report_chart_new (void)
{
  return g_object_new (WCC_TYPE_REPORT_CHART, NULL);
}

void
wcc_report_chart_set_series (WccReportChart *self,
                             GListModel     *series,
                             gboolean        hourly)
{
  g_return_if_fail (WCC_IS_REPORT_CHART (self));

  if (self->series != series)
    {
      if (self->series != NULL)
        g_signal_handlers_disconnect_by_func (self->series, on_series_changed, self);
      g_set_object (&self->series, series);
      if (series != NULL)
        g_signal_connect_swapped (series, "items-changed", G_CALLBACK (on_series_changed), self);
    }
  self->hourly = hourly;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
wcc_report_chart_get_n_drawn (WccReportChart *self)
{
  g_return_val_if_fail (WCC_IS_REPORT_CHART (self), 0);
  return self->drawn->len;
}

const WccReportChartPoint *
wcc_report_chart_get_drawn (WccReportChart *self,
                            guint           index)
{
  g_return_val_if_fail (WCC_IS_REPORT_CHART (self), NULL);
  g_return_val_if_fail (index < self->drawn->len, NULL);
  return &g_array_index (self->drawn, WccReportChartPoint, index);
}
