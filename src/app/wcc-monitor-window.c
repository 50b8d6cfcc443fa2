/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-monitor-window.c: the team leader's real-time monitor (R5): a window for a second
 * screen with the watched groups' queue figures and a sortable table of their agents. */
#define G_LOG_DOMAIN "wcc-monitor-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-monitor-window.h"
#include "wcc-softphone.h"
#include "wcc-time.h"

struct _WccMonitorWindow
{
  AdwWindow          parent_instance;

  /* template widgets */
  AdwWindowTitle    *window_title;
  GtkWidget         *fullscreen_button;
  GtkRevealer       *stale_revealer;
  GtkFlowBox        *groups_box;
  GtkColumnView     *agents_view;
  AdwToastOverlay   *toast_overlay;

  /* owned references */
  WccSession        *session;
  WccMonitor        *monitor;
  WccSoftphone      *softphone;     /* the user's: answers the server's supervision call */
  GCancellable      *cancellable;
  GSettings         *settings;
  GtkColumnViewColumn *columns[WCC_MONITOR_N_COLUMNS];
  GHashTable        *live_cells;    /* GtkLabel → its GtkListItem: cells that move with the clock */
  GHashTable        *tiles;         /* GtkWidget (tile) → WccRecord: tiles shown */
  guint              long_wait;     /* seconds: GSettings "monitor-long-wait", kept */
  guint              long_pause;    /* seconds: "monitor-long-pause" */
  guint              tick_id;
};

G_DEFINE_FINAL_TYPE (WccMonitorWindow, wcc_monitor_window, ADW_TYPE_WINDOW)

static const char * const column_names[WCC_MONITOR_N_COLUMNS] = {
  "name", "state", "time", "call", "duration", "quality", "groups", "calls", "talk",
};

/* ---- formatting -------------------------------------------------------------------------- */

/* The server's clock now, in seconds. */
static gint64
server_now (WccMonitorWindow *self)
{
  return (g_get_real_time () + wcc_monitor_get_clock_offset (self->monitor)) / G_USEC_PER_SEC;
}

static char *
state_text (WccRecord *agent)
{
  const char *state = wcc_record_get_string (agent, "state");
  JsonObject *reason = wcc_record_get_object (agent, "pause_reason");

  if (g_str_equal (state, "ready"))
    return g_strdup (_("Ready"));
  if (g_str_equal (state, "pause"))
    return reason != NULL ? g_strdup_printf (_("Pause: %s"), json_object_get_string_member_with_default (reason, "label", ""))
                          : g_strdup (_("Pause"));
  if (g_str_equal (state, "ringing"))
    return g_strdup (_("Ringing"));
  if (g_str_equal (state, "on_call"))
    return g_strdup (_("On call"));
  if (g_str_equal (state, "after_call_work"))
    return g_strdup (_("After-call work"));
  return g_strdup (_("Offline"));
}

/* The state's order in the State column: who needs a look first. */
static int
state_rank (WccRecord *agent)
{
  static const char * const order[] = { "pause", "after_call_work", "ringing", "on_call", "ready", "offline" };
  const char *state = wcc_record_get_string (agent, "state");

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (state, order[i]))
      return (int) i;
  return G_N_ELEMENTS (order);
}

static const char *
state_class (WccRecord *agent)
{
  const char *state = wcc_record_get_string (agent, "state");

  if (g_str_equal (state, "ready"))
    return "state-ready";
  if (g_str_equal (state, "pause"))
    return "state-pause";
  if (g_str_equal (state, "ringing"))
    return "state-ringing";
  if (g_str_equal (state, "on_call"))
    return "state-on-call";
  if (g_str_equal (state, "after_call_work"))
    return "state-after-call-work";
  return "dim-label";
}

static JsonObject *
call_of (WccRecord *agent)
{
  return wcc_record_get_object (agent, "call");
}

/* How a supervision of a call stands, for its row. */
static const char *
supervision_text (JsonObject *supervision)
{
  const char *state = json_object_get_string_member_with_default (supervision, "state", "");
  const char *mode = json_object_get_string_member_with_default (supervision, "mode", "");

  if (!g_str_equal (state, "active"))
    /* TRANSLATORS: a supervision of the call (listen-in…) whose phone call is being set up. */
    return _("supervision connecting…");
  if (g_str_equal (mode, "whisper"))
    return _("whispering to the agent");
  if (g_str_equal (mode, "barge"))
    return _("barged in");
  return _("listening in");
}

static char *
call_text (WccRecord *agent)
{
  JsonObject *call = call_of (agent);
  JsonObject *supervision = wcc_record_get_object (agent, "supervision");
  const char *number;
  JsonObject *customer;
  g_autofree char *text = NULL;

  if (call == NULL)
    return g_strdup ("");
  number = json_object_get_string_member_with_default (call, "number", NULL);
  customer = json_object_get_member (call, "customer") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (call, "customer"))
             ? json_object_get_object_member (call, "customer") : NULL;
  if (customer != NULL)
    /* TRANSLATORS: the current call in the monitor: the number, then the customer's name. */
    text = g_strdup_printf (_("%s · %s"), number ? number : "", json_object_get_string_member_with_default (customer, "name", ""));
  else
    text = g_strdup (number ? number : "");
  if (supervision == NULL)
    return g_steal_pointer (&text);
  /* TRANSLATORS: the current call in the monitor, then how a leader supervises it. */
  return g_strdup_printf (_("%s — %s"), text, supervision_text (supervision));
}

static char *
quality_text (WccRecord *agent,
              gboolean  *out_poor)
{
  JsonObject *call = call_of (agent);
  JsonNode *node = call ? json_object_get_member (call, "quality") : NULL;
  JsonObject *quality = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *score = NULL, *jitter = NULL, *loss = NULL;
  double mos;

  *out_poor = FALSE;
  if (quality == NULL)
    return g_strdup (call != NULL ? "…" : "");
  mos = json_object_get_double_member_with_default (quality, "mos", 0);
  *out_poor = mos < 3.6;
  score = wcc_format_decimal (mos, 1);
  jitter = wcc_format_decimal (json_object_get_double_member_with_default (quality, "jitter_ms", 0), 0);
  loss = wcc_format_percent (json_object_get_double_member_with_default (quality, "packet_loss", 0), 1);
  /* TRANSLATORS: call quality in the monitor: MOS score, jitter in ms, packet loss in percent
   * (the numbers are written already, the percentage with its sign). */
  return g_strdup_printf (_("MOS %s · %s ms · %s"), score, jitter, loss);
}

static char *
groups_text (WccMonitorWindow *self,
             WccRecord        *agent)
{
  JsonArray *ids = wcc_record_get_array (agent, "groups");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      WccRecord *group = wcc_monitor_find_group (self->monitor, json_array_get_int_element (ids, i));

      if (group == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, wcc_record_get_string (group, "name"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_classes (GtkWidget  *widget,
             const char *warning,
             const char *alert,
             gboolean    is_warning,
             gboolean    is_alert)
{
  if (is_alert)
    gtk_widget_add_css_class (widget, alert);
  else
    gtk_widget_remove_css_class (widget, alert);
  if (is_warning && !is_alert)
    gtk_widget_add_css_class (widget, warning);
  else
    gtk_widget_remove_css_class (widget, warning);
}

/* ---- the table --------------------------------------------------------------------------- */

/* The cells that move with the clock: time in state and the call's duration. */
static void
update_live_cell (WccMonitorWindow *self,
                  GtkLabel         *label,
                  WccRecord        *agent,
                  WccMonitorColumn  column)
{
  gint64 now = server_now (self);
  g_autofree char *text = NULL;

  if (column == WCC_MONITOR_COLUMN_TIME)
    {
      gint64 in_state = now - wcc_record_get_time (agent, "since");
      const char *state = wcc_record_get_string (agent, "state");
      gboolean pausing = g_str_equal (state, "pause") || g_str_equal (state, "after_call_work");
      gint64 limit = self->long_pause;

      text = wcc_format_duration (in_state);
      set_classes (GTK_WIDGET (label), "monitor-warning", "monitor-alert",
                   pausing && in_state >= limit / 2, pausing && in_state >= limit);
    }
  else
    {
      JsonObject *call = call_of (agent);
      gint64 answered = 0;

      if (call != NULL)
        wcc_time_from_rfc3339 (json_object_get_string_member_with_default (call, "answered_at", ""), &answered);
      text = answered > 0 ? wcc_format_duration (now - answered) : g_strdup ("");
    }
  gtk_label_set_text (label, text);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  WccMonitorColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == WCC_MONITOR_COLUMN_CALLS || column == WCC_MONITOR_COLUMN_TALK ||
                                           column == WCC_MONITOR_COLUMN_TIME || column == WCC_MONITOR_COLUMN_DURATION
                                           ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  WccMonitorWindow *self = user_data;
  WccMonitorColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  WccRecord *agent = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *name = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-%s", wcc_record_get_int (agent, "agent_id", 0),
                                           column_names[column]);
  g_autofree char *text = NULL;
  gboolean poor = FALSE;

  gtk_widget_set_name (label, name);
  switch (column)
    {
    case WCC_MONITOR_COLUMN_NAME:
      text = g_strdup (wcc_record_get_string (agent, "name"));
      break;
    case WCC_MONITOR_COLUMN_STATE:
      {
        static const char * const classes[] = { "state-ready", "state-pause", "state-ringing", "state-on-call",
                                                "state-after-call-work", "dim-label" };

        for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
          gtk_widget_remove_css_class (label, classes[i]);
        gtk_widget_add_css_class (label, state_class (agent));
        text = state_text (agent);
      }
      break;
    case WCC_MONITOR_COLUMN_TIME:
    case WCC_MONITOR_COLUMN_DURATION:
      g_hash_table_replace (self->live_cells, label, item);
      update_live_cell (self, GTK_LABEL (label), agent, column);
      return;
    case WCC_MONITOR_COLUMN_CALL:
      text = call_text (agent);
      break;
    case WCC_MONITOR_COLUMN_QUALITY:
      text = quality_text (agent, &poor);
      set_classes (label, "monitor-warning", "monitor-alert", FALSE, poor);
      break;
    case WCC_MONITOR_COLUMN_GROUPS:
      text = groups_text (self, agent);
      break;
    case WCC_MONITOR_COLUMN_CALLS:
      text = wcc_format_integer (wcc_record_get_int (agent, "calls_today", 0));
      break;
    case WCC_MONITOR_COLUMN_TALK:
      text = wcc_format_duration (wcc_record_get_int (agent, "talk_time_today", 0));
      break;
    case WCC_MONITOR_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  /* Only when it changes: setting a tooltip asks the display where the pointer is (a round
   * trip to the X server), which at every bind made 500 agents' events stall the window. */
  if (column == WCC_MONITOR_COLUMN_NAME &&
      g_strcmp0 (gtk_widget_get_tooltip_text (label), wcc_record_get_string (agent, "employee_id")) != 0)
    gtk_widget_set_tooltip_text (label, wcc_record_get_string (agent, "employee_id"));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  WccMonitorWindow *self = user_data;

  /* Also while the window is disposed: the table goes after our own references. */
  if (self->live_cells != NULL)
    g_hash_table_remove (self->live_cells, gtk_list_item_get_child (item));
}

/* Sort keys, read once per record by the sorters (GtkStringSorter and GtkNumericSorter keep
 * them): no record is read again at each comparison, so 500 rows re-sort in little time. */
static char *
name_key (WccRecord *agent)
{
  return g_strdup (agent ? wcc_record_get_string (agent, "name") : "");
}

static gint64
number_key (WccRecord  *agent,
            const char *column_name)
{
  if (agent == NULL)
    return 0;
  if (g_str_equal (column_name, "state"))
    return state_rank (agent);
  if (g_str_equal (column_name, "time"))
    /* Longest in their state first when ascending: the earliest "since". */
    return wcc_record_get_time (agent, "since");
  if (g_str_equal (column_name, "calls"))
    return wcc_record_get_int (agent, "calls_today", 0);
  return wcc_record_get_int (agent, "talk_time_today", 0);
}

static GtkSorter *
column_sorter (WccMonitorColumn column)
{
  GtkExpression *expression;

  if (column == WCC_MONITOR_COLUMN_NAME)
    {
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (name_key), NULL, NULL);
      return GTK_SORTER (gtk_string_sorter_new (expression));
    }
  expression = gtk_cclosure_expression_new (G_TYPE_INT64, NULL, 0, NULL, G_CALLBACK (number_key),
                                            (gpointer) column_names[column], NULL);
  return GTK_SORTER (gtk_numeric_sorter_new (expression));
}

static void
add_column (WccMonitorWindow *self,
            WccMonitorColumn  column,
            const char       *title,
            gboolean          sortable,
            gboolean          expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (sortable)
    {
      g_autoptr(GtkSorter) sorter = column_sorter (column);

      gtk_column_view_column_set_sorter (view_column, sorter);
    }
  gtk_column_view_append_column (self->agents_view, view_column);
  self->columns[column] = view_column;
}

/* ---- supervision of calls: listen-in, whisper, barge ----------------------------------------- */

static void
setup_supervise_cell (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "audio-headphones-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_tooltip_text (button, _("Listen In, Whisper or Barge In"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Listen In, Whisper or Barge In"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Supervise this call"), -1);
  gtk_list_item_set_child (item, button);
}

static void
add_supervise_item (GMenu      *menu,
                    const char *label,
                    gint64      call_id,
                    const char *mode)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "monitor.supervise", g_variant_new ("(xs)", call_id, mode));
  g_menu_append_item (menu, item);
}

/* The button shows on the rows of agents talking (answered calls); its menu has the modes
 * and, while the call is supervised, the way out. */
static void
bind_supervise_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  WccRecord *agent = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  JsonObject *call = call_of (agent);
  gint64 call_id = call ? json_object_get_int_member_with_default (call, "call_id", 0) : 0;
  gboolean talking = call_id > 0 && json_object_get_string_member_with_default (call, "answered_at", NULL) != NULL;
  g_autofree char *name = g_strdup_printf ("agent-%" G_GINT64_FORMAT "-supervise",
                                           wcc_record_get_int (agent, "agent_id", 0));
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_set_name (button, name);
  gtk_widget_set_visible (button, talking);
  if (!talking)
    return;
  add_supervise_item (menu, _("Listen In"), call_id, "listen");
  add_supervise_item (menu, _("Whisper to Agent"), call_id, "whisper");
  add_supervise_item (menu, _("Barge In"), call_id, "barge");
  if (wcc_record_get_object (agent, "supervision") != NULL)
    {
      g_autoptr(GMenu) section = g_menu_new ();
      g_autoptr(GMenuItem) stop = g_menu_item_new (_("Stop Supervising"), NULL);

      g_menu_item_set_action_and_target_value (stop, "monitor.stop-supervising", g_variant_new_int64 (call_id));
      g_menu_append_item (section, stop);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
}

static void
add_supervise_column (WccMonitorWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_supervise_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_supervise_cell), self);
  column = gtk_column_view_column_new (NULL, g_object_ref (factory));
  gtk_column_view_append_column (self->agents_view, column);
}

static void
on_supervised (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccMonitorWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (wcc_monitor_supervise_finish (WCC_MONITOR (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
supervise_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WccMonitorWindow *self = WCC_MONITOR_WINDOW (widget);
  gint64 call_id;
  const char *mode;

  g_variant_get (parameter, "(x&s)", &call_id, &mode);
  /* The server calls the leader's phone in: this desktop's softphone takes that call. */
  if (self->softphone != NULL)
    wcc_softphone_expect_supervision (self->softphone, call_id);
  wcc_monitor_supervise_async (self->monitor, call_id, mode, self->cancellable, on_supervised, g_object_ref (self));
}

static void
stop_supervising_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WccMonitorWindow *self = WCC_MONITOR_WINDOW (widget);

  wcc_monitor_supervise_async (self->monitor, g_variant_get_int64 (parameter), NULL, self->cancellable,
                               on_supervised, g_object_ref (self));
}

void
wcc_monitor_window_sort_by (WccMonitorWindow *self,
                            WccMonitorColumn  column,
                            GtkSortType       order)
{
  g_return_if_fail (WCC_IS_MONITOR_WINDOW (self));
  g_return_if_fail (column < WCC_MONITOR_N_COLUMNS);

  gtk_column_view_sort_by_column (self->agents_view, self->columns[column], order);
}

/* ---- the group tiles --------------------------------------------------------------------- */

static GtkWidget *
tile_figure (GtkWidget  *grid,
             const char *name,
             const char *caption,
             int         column,
             int         row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_set_name (value, name);
  gtk_widget_add_css_class (value, "monitor-figure");
  gtk_widget_add_css_class (label, "monitor-caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_grid_attach (GTK_GRID (grid), box, column, row, 1, 1);
  return value;
}

static void
set_figure (GtkWidget  *tile,
            const char *name,
            const char *text)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (tile), name);

  gtk_label_set_text (label, text);
}

/* The group's figure MEMBER as the locale writes a number. */
static void
set_figure_integer (GtkWidget  *tile,
                    const char *name,
                    WccRecord  *group,
                    const char *member)
{
  g_autofree char *text = wcc_format_integer (wcc_record_get_int (group, member, 0));

  set_figure (tile, name, text);
}

/* The longest wait counts on from when the figures came, while callers wait. */
static void
update_tile_clock (WccMonitorWindow *self,
                   GtkWidget        *tile,
                   WccRecord        *group)
{
  gint64 waiting = wcc_record_get_int (group, "waiting", 0);
  gint64 longest = wcc_record_get_int (group, "longest_wait", 0);
  gint64 limit = self->long_wait;
  g_autofree char *text = NULL;

  if (waiting > 0)
    longest += (g_get_monotonic_time () - wcc_record_get_int (group, "received_at", g_get_monotonic_time ()))
               / G_USEC_PER_SEC;
  text = waiting > 0 ? wcc_format_duration (longest) : g_strdup ("–");
  set_figure (tile, "longest-wait", text);
  set_classes (g_object_get_data (G_OBJECT (tile), "longest-wait"), "monitor-warning", "monitor-alert",
               waiting > 0 && longest >= limit / 2, waiting > 0 && longest >= limit);
}

static void
on_tile_destroyed (GtkWidget        *tile,
                   WccMonitorWindow *self)
{
  if (self->tiles != NULL)
    g_hash_table_remove (self->tiles, tile);
}

static GtkWidget *
create_tile (gpointer item,
             gpointer user_data)
{
  WccMonitorWindow *self = user_data;
  WccRecord *group = item;
  static const struct { const char *name; const char *caption; } figures[] = {
    { "waiting", N_("Waiting") },
    { "longest-wait", N_("Longest wait") },
    { "service-level", N_("Service level") },
    { "answered", N_("Answered") },
    { "abandoned", N_("Abandoned") },
    { "inbound", N_("Inbound today") },
  };
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (wcc_record_get_string (group, "name"));
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *name = g_strdup_printf ("monitor-group-%" G_GINT64_FORMAT, wcc_record_get_int (group, "group_id", 0));
  g_autofree char *service_level = NULL;
  g_autofree char *caption = NULL;

  gtk_widget_set_name (tile, name);
  gtk_widget_add_css_class (tile, "card");
  gtk_widget_add_css_class (tile, "monitor-tile");
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_box_append (GTK_BOX (tile), title);
  gtk_box_append (GTK_BOX (tile), grid);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    g_object_set_data (G_OBJECT (tile), figures[i].name,
                       tile_figure (grid, figures[i].name, _(figures[i].caption), i % 3, i / 3));

  set_figure_integer (tile, "waiting", group, "waiting");
  /* null until a caller finished waiting today */
  if (wcc_record_get_int (group, "service_level", -1) >= 0)
    service_level = wcc_format_percent (wcc_record_get_int (group, "service_level", 0), 0);
  set_figure (tile, "service-level", service_level ? service_level : "–");
  /* TRANSLATORS: under the service level: answered within this many seconds. */
  caption = g_strdup_printf (_("Service level (%d s)"), (int) wcc_record_get_int (group, "service_level_seconds", 0));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (g_object_get_data (G_OBJECT (tile), "service-level"))),
                      caption);
  set_figure_integer (tile, "answered", group, "answered");
  set_figure_integer (tile, "abandoned", group, "abandoned");
  set_figure_integer (tile, "inbound", group, "inbound");
  update_tile_clock (self, tile, group);

  g_hash_table_replace (self->tiles, tile, g_object_ref (group));
  g_signal_connect_object (tile, "destroy", G_CALLBACK (on_tile_destroyed), self, 0);
  return tile;
}

/* ---- the clock, the connection, full screen ---------------------------------------------- */

static gboolean
tick (gpointer user_data)
{
  WccMonitorWindow *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->live_cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkListItem *item = value;
      WccRecord *agent = gtk_list_item_get_item (item);
      const char *name = gtk_widget_get_name (key);

      if (agent != NULL)
        update_live_cell (self, key, agent, g_str_has_suffix (name, "-time") ? WCC_MONITOR_COLUMN_TIME
                                                                              : WCC_MONITOR_COLUMN_DURATION);
    }
  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    update_tile_clock (self, key, value);
  return G_SOURCE_CONTINUE;
}

static void
update_stale (WccMonitorWindow *self)
{
  gboolean stale = wcc_monitor_get_stale (self->monitor);

  gtk_revealer_set_reveal_child (self->stale_revealer, stale && wcc_monitor_get_loaded (self->monitor));
  adw_window_title_set_subtitle (self->window_title, stale ? _("Out of date") : _("Live"));
}

static void
update_fullscreen_button (WccMonitorWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_button_set_icon_name (GTK_BUTTON (self->fullscreen_button),
                            fullscreen ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (self->fullscreen_button, fullscreen ? _("Leave Full Screen (F11)") : _("Full Screen (F11)"));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
leave_fullscreen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

static void
read_thresholds (WccMonitorWindow *self)
{
  self->long_wait = g_settings_get_uint (self->settings, "monitor-long-wait");
  self->long_pause = g_settings_get_uint (self->settings, "monitor-long-pause");
}

/* ---- object ------------------------------------------------------------------------------ */

static void
wcc_monitor_window_dispose (GObject *object)
{
  WccMonitorWindow *self = WCC_MONITOR_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->softphone);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_MONITOR_WINDOW);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->live_cells, g_hash_table_unref);
  g_clear_object (&self->monitor);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wcc_monitor_window_parent_class)->dispose (object);
}

static void
wcc_monitor_window_class_init (WccMonitorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_monitor_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-monitor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, groups_box);
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, agents_view);
  gtk_widget_class_bind_template_child (widget_class, WccMonitorWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "monitor.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "monitor.supervise", "(xs)", supervise_action);
  gtk_widget_class_install_action (widget_class, "monitor.stop-supervising", "x", stop_supervising_action);
  gtk_widget_class_install_action (widget_class, "monitor.leave-fullscreen", NULL, leave_fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "monitor.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "monitor.leave-fullscreen", NULL);
}

static void
wcc_monitor_window_init (WccMonitorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  read_thresholds (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (read_thresholds), self, G_CONNECT_SWAPPED);
  self->live_cells = g_hash_table_new (NULL, NULL);
  self->tiles = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  add_column (self, WCC_MONITOR_COLUMN_NAME, _("Agent"), TRUE, TRUE);
  add_column (self, WCC_MONITOR_COLUMN_STATE, _("State"), TRUE, TRUE);
  add_column (self, WCC_MONITOR_COLUMN_TIME, _("Time in State"), TRUE, FALSE);
  add_column (self, WCC_MONITOR_COLUMN_CALL, _("Current Call"), FALSE, TRUE);
  add_column (self, WCC_MONITOR_COLUMN_DURATION, _("Call Time"), FALSE, FALSE);
  add_column (self, WCC_MONITOR_COLUMN_QUALITY, _("Quality"), FALSE, FALSE);
  add_column (self, WCC_MONITOR_COLUMN_GROUPS, _("Signed In To"), FALSE, TRUE);
  add_column (self, WCC_MONITOR_COLUMN_CALLS, _("Calls Today"), TRUE, FALSE);
  add_column (self, WCC_MONITOR_COLUMN_TALK, _("Talk Time Today"), TRUE, FALSE);
  add_supervise_column (self);
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self, "notify::fullscreened", G_CALLBACK (update_fullscreen_button), self,
                           G_CONNECT_SWAPPED);
  update_fullscreen_button (self);
  self->tick_id = g_timeout_add_seconds (1, tick, self);
}

WccMonitorWindow *
wcc_monitor_window_new (WccSession *session)
{
  WccMonitorWindow *self;
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSelectionModel *selection;

  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);

  self = g_object_new (WCC_TYPE_MONITOR_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->monitor = wcc_monitor_new (session);

  sorted = gtk_sort_list_model_new (g_object_ref (wcc_monitor_get_agents (self->monitor)),
                                    g_object_ref (gtk_column_view_get_sorter (self->agents_view)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted))));
  gtk_column_view_set_model (self->agents_view, selection);
  g_object_unref (selection);
  wcc_monitor_window_sort_by (self, WCC_MONITOR_COLUMN_NAME, GTK_SORT_ASCENDING);

  gtk_flow_box_bind_model (self->groups_box, wcc_monitor_get_groups (self->monitor), create_tile, self, NULL);
  g_signal_connect_object (self->monitor, "notify::stale", G_CALLBACK (update_stale), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::loaded", G_CALLBACK (update_stale), self, G_CONNECT_SWAPPED);
  update_stale (self);
  return self;
}

void
wcc_monitor_window_set_softphone (WccMonitorWindow *self,
                                  WccSoftphone     *softphone)
{
  g_return_if_fail (WCC_IS_MONITOR_WINDOW (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  g_set_object (&self->softphone, softphone);
}

WccMonitor *
wcc_monitor_window_get_monitor (WccMonitorWindow *self)
{
  g_return_val_if_fail (WCC_IS_MONITOR_WINDOW (self), NULL);
  return self->monitor;
}
