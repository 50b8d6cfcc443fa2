/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record-table.c: a WccPagedList as a GtkColumnView with search, server sorting and states. */
#define G_LOG_DOMAIN "wcc-record-table"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-record-table.h"
#include "wcc-status-icon.h"

enum {
  PROP_0,
  PROP_LIST,
  PROP_SEARCHABLE,
  PROP_MULTIPLE,
  PROP_SEARCH_TEXT,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_EMPTY_ICON_NAME,
  PROP_EMPTY_TITLE,
  PROP_EMPTY_DESCRIPTION,
  PROP_SEARCH_PLACEHOLDER,
  N_PROPS
};

enum {
  SIGNAL_RECORD_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccRecordTable
{
  AdwBin            parent_instance;

  /* template widgets */
  GtkBox           *toolbar;
  GtkSearchEntry   *search_entry;
  GtkStack         *state_stack;
  GtkSpinner       *spinner;
  GtkColumnView    *column_view;
  AdwStatusPage    *empty_page;
  AdwStatusPage    *no_match_page;
  AdwStatusPage    *error_page;

  /* owned references */
  WccPagedList     *list;
  GtkSelectionModel *selection;
  GSignalGroup     *list_signals;
  char             *search_text;
  char             *sort;
  gboolean          descending;
  gboolean          multiple;

  /* the column whose sorter ran last: see read_sort() */
  const char       *probed_key;
};

static void wcc_record_table_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccRecordTable, wcc_record_table, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, wcc_record_table_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

/* ---- cells ------------------------------------------------------------------------------- */

typedef struct {
  WccRecordTextFunc text_func;
  gpointer          user_data;
  guint             min_chars;   /* shown whole however narrow the table: 4, or more */
} TextColumn;

static void
fill_cell (GtkListItem *item)
{
  TextColumn *column = g_object_get_data (G_OBJECT (item), "column");
  WccRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = record ? column->text_func (record, column->user_data) : NULL;
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));

  gtk_inscription_set_text (cell, text);
  /* what an ellipsized cell holds (a narrow window beside the softphone pane) */
  gtk_widget_set_tooltip_text (GTK_WIDGET (cell), text);
}

static void
on_setup_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TextColumn               *column)
{
  /* GtkInscription, not GtkLabel: made for list cells, its size does not depend on its text,
   * so a scrolled row costs no text measuring (bench/list-scroll.sh) */
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), column->min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 12);
  gtk_widget_set_margin_top (cell, 3);
  gtk_widget_set_margin_bottom (cell, 3);
  gtk_list_item_set_child (item, cell);
  g_object_set_data (G_OBJECT (item), "column", column);
}

/* An edit or an event replaces a record's data: its shown cells follow. */
static void
on_bind_cell (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TextColumn               *column)
{
  WccRecord *record = gtk_list_item_get_item (item);

  fill_cell (item);
  g_signal_connect_object (record, "notify::data", G_CALLBACK (fill_cell), item, G_CONNECT_SWAPPED);
}

static void
on_unbind_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TextColumn               *column)
{
  WccRecord *record = gtk_list_item_get_item (item);

  if (record != NULL)
    g_signal_handlers_disconnect_by_func (record, fill_cell, item);
}

/* ---- state ------------------------------------------------------------------------------- */

static void
update_state (WccRecordTable *self)
{
  const char *state = "empty";

  if (self->list != NULL)
    {
      const GError *error = wcc_paged_list_get_error (self->list);

      if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
        state = "list";
      else if (wcc_paged_list_get_loading (self->list))
        state = "loading";
      else if (error != NULL)
        {
          state = "error";
          adw_status_page_set_description (self->error_page, error->message);
        }
      /* searched: nothing matches, which says nothing of the list without the search */
      else if (self->search_text != NULL)
        {
          /* TRANSLATORS: %s is what the user searched for */
          g_autofree char *description = g_strdup_printf (_("Nothing matches “%s”."), self->search_text);

          state = "no-match";
          adw_status_page_set_description (self->no_match_page, description);
        }
    }
  gtk_stack_set_visible_child_name (self->state_stack, state);
  /* spinning only while it is the page shown: a spinner animating on a hidden stack page
   * keeps the whole window busy (test-login-ui: /ui/idle-main-window-sleeps) */
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

/* ---- sorting ----------------------------------------------------------------------------- */

static int
probe_column (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  WccRecordTable *self = WCC_RECORD_TABLE (WCC_IS_RECORD_TABLE ((gpointer) a) ? (gpointer) a : (gpointer) b);

  self->probed_key = user_data;
  return GTK_ORDERING_SMALLER;
}

/* GTK 4.8 does not say which column a GtkColumnView is sorted by (4.10 does): its sorter
 * compares by its primary column first, inverted when descending, so one comparison with
 * sorters that only note their column tells both. The rows themselves are never sorted
 * here: the server sorts the whole list. */
static void
read_sort (WccRecordTable *self,
           const char    **out_key,
           gboolean       *out_descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering ordering = GTK_ORDERING_EQUAL;

  self->probed_key = NULL;
  if (sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    ordering = gtk_sorter_compare (sorter, self, self->column_view);   /* two objects: a == b is EQUAL */
  *out_key = ordering == GTK_ORDERING_EQUAL ? NULL : self->probed_key;
  *out_descending = ordering == GTK_ORDERING_LARGER;
}

static void
apply_query (WccRecordTable *self)
{
  if (self->list == NULL)
    return;
  wcc_paged_list_set_param (self->list, "q", self->search_text);
  wcc_paged_list_set_param (self->list, "sort", self->sort);
  wcc_paged_list_set_param (self->list, "order", self->sort && self->descending ? "desc" : NULL);
}

static void
on_sorter_changed (WccRecordTable *self,
                   GtkSorterChange change,
                   GtkSorter      *sorter)
{
  const char *key;
  gboolean descending;

  read_sort (self, &key, &descending);
  if (g_strcmp0 (key, self->sort) == 0 && descending == self->descending)
    return;
  g_free (self->sort);
  self->sort = g_strdup (key);
  self->descending = descending;
  apply_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

/* ---- callbacks --------------------------------------------------------------------------- */

static void
on_search_changed (WccRecordTable *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (g_strcmp0 (trimmed, self->search_text ? self->search_text : "") == 0)
    return;
  g_free (self->search_text);
  self->search_text = *trimmed ? g_steal_pointer (&trimmed) : NULL;
  apply_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

static void
on_row_activated (WccRecordTable *self,
                  guint           position,
                  GtkColumnView  *view)
{
  g_autoptr(WccRecord) record = NULL;

  if (self->selection == NULL)
    return;
  record = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (record != NULL)
    g_signal_emit (self, signals[SIGNAL_RECORD_ACTIVATED], 0, record);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WccRecordTable *self = WCC_RECORD_TABLE (widget);

  if (self->list != NULL)
    wcc_paged_list_reload (self->list);
}

static void
update_selection_model (WccRecordTable *self)
{
  GListModel *model = self->list ? G_LIST_MODEL (self->list) : NULL;

  g_clear_object (&self->selection);
  if (self->multiple)
    self->selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (model ? g_object_ref (model) : NULL));
  else
    {
      GtkSingleSelection *single = gtk_single_selection_new (model ? g_object_ref (model) : NULL);

      gtk_single_selection_set_autoselect (single, FALSE);
      gtk_single_selection_set_can_unselect (single, TRUE);
      self->selection = GTK_SELECTION_MODEL (single);
    }
  gtk_column_view_set_model (self->column_view, self->selection);
}

/* ---- GtkBuildable ------------------------------------------------------------------------ */

static void
wcc_record_table_add_child (GtkBuildable *buildable,
                            GtkBuilder   *builder,
                            GObject      *child,
                            const char   *type)
{
  WccRecordTable *self = WCC_RECORD_TABLE (buildable);

  if (g_strcmp0 (type, "action") == 0 && GTK_IS_WIDGET (child))
    gtk_box_append (self->toolbar, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
wcc_record_table_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = wcc_record_table_add_child;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_record_table_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WccRecordTable *self = WCC_RECORD_TABLE (object);

  switch (prop_id)
    {
    case PROP_LIST: g_value_set_object (value, self->list); break;
    case PROP_SEARCHABLE: g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->search_entry))); break;
    case PROP_MULTIPLE: g_value_set_boolean (value, self->multiple); break;
    case PROP_SEARCH_TEXT: g_value_set_string (value, self->search_text); break;
    case PROP_SORT: g_value_set_string (value, self->sort); break;
    case PROP_DESCENDING: g_value_set_boolean (value, self->descending); break;
    case PROP_EMPTY_ICON_NAME: g_value_set_string (value, g_object_get_data (G_OBJECT (self->empty_page), "wcc-status-icon-name")); break;
    case PROP_EMPTY_TITLE: g_value_set_string (value, adw_status_page_get_title (self->empty_page)); break;
    case PROP_EMPTY_DESCRIPTION: g_value_set_string (value, adw_status_page_get_description (self->empty_page)); break;
    case PROP_SEARCH_PLACEHOLDER: g_object_get_property (G_OBJECT (self->search_entry), "placeholder-text", value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_record_table_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WccRecordTable *self = WCC_RECORD_TABLE (object);

  switch (prop_id)
    {
    case PROP_LIST: wcc_record_table_set_list (self, g_value_get_object (value)); break;
    case PROP_SEARCHABLE: gtk_widget_set_visible (GTK_WIDGET (self->search_entry), g_value_get_boolean (value)); break;
    case PROP_MULTIPLE:
      if (self->multiple != g_value_get_boolean (value))
        {
          self->multiple = g_value_get_boolean (value);
          update_selection_model (self);
        }
      break;
    case PROP_SEARCH_TEXT: wcc_record_table_set_search_text (self, g_value_get_string (value)); break;
    case PROP_EMPTY_ICON_NAME: wcc_status_page_set_icon_when_shown (self->empty_page, g_value_get_string (value)); break;
    case PROP_EMPTY_TITLE: adw_status_page_set_title (self->empty_page, g_value_get_string (value)); break;
    case PROP_EMPTY_DESCRIPTION: adw_status_page_set_description (self->empty_page, g_value_get_string (value)); break;
    case PROP_SEARCH_PLACEHOLDER: g_object_set_property (G_OBJECT (self->search_entry), "placeholder-text", value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_record_table_dispose (GObject *object)
{
  WccRecordTable *self = WCC_RECORD_TABLE (object);

  if (self->list_signals != NULL)
    g_signal_group_set_target (self->list_signals, NULL);
  if (self->column_view != NULL)
    {
      GListModel *columns = gtk_column_view_get_columns (self->column_view);

      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), on_sorter_changed, self);
      /* GTK 4.8 asserts when a column view goes with rows and columns still in it: empty it
       * first (rows, then columns) */
      gtk_column_view_set_model (self->column_view, NULL);
      while (g_list_model_get_n_items (columns) > 0)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
          gtk_column_view_remove_column (self->column_view, column);
        }
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_RECORD_TABLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->list_signals);

  G_OBJECT_CLASS (wcc_record_table_parent_class)->dispose (object);
}

static void
wcc_record_table_finalize (GObject *object)
{
  WccRecordTable *self = WCC_RECORD_TABLE (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->sort, g_free);

  G_OBJECT_CLASS (wcc_record_table_parent_class)->finalize (object);
}

/* ---- columns dropped when narrow -------------------------------------------------------- */

#define DROP_ORDER_KEY "wcc-drop-order"
#define DROPPED_AT_KEY "wcc-dropped-at"

/* The visible (or hidden) droppable column with the highest (or lowest) drop order. */
static GtkColumnViewColumn *
next_to_drop (GtkColumnView *view,
              gboolean       visible)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  GtkColumnViewColumn *found = NULL;
  guint found_order = 0;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      guint order = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), DROP_ORDER_KEY));

      if (order == 0 || gtk_column_view_column_get_visible (column) != visible)
        continue;
      if (found == NULL || (visible ? order > found_order : order < found_order))
        {
          found = column;
          found_order = order;
        }
    }
  return found;
}

/* Hides droppable columns while the view needs more than @width, and shows them again, in
 * the reverse order, once @width is what it needed when each was hidden: the columns that
 * matter (the number, the row's buttons) stay on screen beside the softphone pane instead of
 * going past the table's edge. */
static void
fit_columns (WccRecordTable *self,
             int             width)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);

  for (guint step = 0; step < 16; step++)
    {
      GtkColumnViewColumn *column;
      int needed;

      gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &needed, NULL, NULL, NULL);
      if (needed > width)
        {
          if ((column = next_to_drop (self->column_view, TRUE)) == NULL)
            return;
          g_object_set_data (G_OBJECT (column), DROPPED_AT_KEY, GINT_TO_POINTER (needed));
          gtk_column_view_column_set_visible (column, FALSE);
          continue;
        }
      column = next_to_drop (self->column_view, FALSE);
      if (column == NULL || width < GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), DROPPED_AT_KEY)))
        return;
      gtk_column_view_column_set_visible (column, TRUE);
    }
}

/* A bin's layout (AdwBin's is a GtkBinLayout, which has no hook) with the columns fitted to
 * the width first. */
static GtkSizeRequestMode
table_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
measure_table (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
allocate_table (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  fit_columns (WCC_RECORD_TABLE (widget), width);
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
wcc_record_table_class_init (WccRecordTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wcc_record_table_get_property;
  object_class->set_property = wcc_record_table_set_property;
  object_class->dispose = wcc_record_table_dispose;
  object_class->finalize = wcc_record_table_finalize;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, WCC_TYPE_PAGED_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHABLE] =
    g_param_spec_boolean ("searchable", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTIPLE] =
    g_param_spec_boolean ("multiple", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_ICON_NAME] =
    g_param_spec_string ("empty-icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_DESCRIPTION] =
    g_param_spec_string ("empty-description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_PLACEHOLDER] =
    g_param_spec_string ("search-placeholder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RECORD_ACTIVATED] =
    g_signal_new ("record-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-record-table.ui");
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, toolbar);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, state_stack);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, spinner);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, WccRecordTable, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "table.retry", NULL, retry_action);
}

static void
wcc_record_table_init (WccRecordTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), gtk_custom_layout_new (table_request_mode, measure_table, allocate_table));
  wcc_status_page_set_icon_when_shown (self->empty_page, "system-search-symbolic");
  wcc_status_page_set_icon_when_shown (self->no_match_page, "system-search-symbolic");
  wcc_status_page_set_icon_when_shown (self->error_page, "dialog-warning-symbolic");

  self->list_signals = g_signal_group_new (WCC_TYPE_PAGED_LIST);
  g_signal_group_connect_swapped (self->list_signals, "items-changed", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->list_signals, "notify::loading", G_CALLBACK (update_state), self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  update_selection_model (self);
  update_state (self);
}

GtkWidget *
wcc_record_table_new (void)
{
  return g_object_new (WCC_TYPE_RECORD_TABLE, NULL);
}

void
wcc_record_table_set_list (WccRecordTable *self,
                           WccPagedList   *list)
{
  g_return_if_fail (WCC_IS_RECORD_TABLE (self));
  g_return_if_fail (list == NULL || WCC_IS_PAGED_LIST (list));

  if (!g_set_object (&self->list, list))
    return;
  g_signal_group_set_target (self->list_signals, list);
  update_selection_model (self);
  apply_query (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

WccPagedList *
wcc_record_table_get_list (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  return self->list;
}

GtkColumnViewColumn *
wcc_record_table_add_column (WccRecordTable    *self,
                             const char        *title,
                             const char        *sort_key,
                             gboolean           expand,
                             WccRecordTextFunc  text_func,
                             gpointer           user_data)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  TextColumn *column = g_new0 (TextColumn, 1);
  GtkColumnViewColumn *view_column;

  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  g_return_val_if_fail (title != NULL && text_func != NULL, NULL);

  column->text_func = text_func;
  column->user_data = user_data;
  column->min_chars = 4;
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell), column);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cell), column);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cell), column);
  view_column = wcc_record_table_add_widget_column (self, title, factory);
  g_object_set_data_full (G_OBJECT (view_column), "text-column", column, g_free);
  gtk_column_view_column_set_expand (view_column, expand);
  if (sort_key != NULL)
    {
      char *key = g_strdup (sort_key);
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_column, key, g_free));

      gtk_column_view_column_set_sorter (view_column, sorter);
      g_object_set_data (G_OBJECT (view_column), "sort-key", key);
    }
  return view_column;
}

void
wcc_record_table_column_set_min_chars (GtkColumnViewColumn *view_column,
                                       guint                min_chars)
{
  TextColumn *column = g_object_get_data (G_OBJECT (view_column), "text-column");

  g_return_if_fail (column != NULL);
  column->min_chars = min_chars;
}

void
wcc_record_table_column_set_drop_order (GtkColumnViewColumn *view_column,
                                        guint                order)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (view_column));
  g_object_set_data (G_OBJECT (view_column), DROP_ORDER_KEY, GUINT_TO_POINTER (order));
}

GtkColumnViewColumn *
wcc_record_table_add_widget_column (WccRecordTable     *self,
                                    const char         *title,
                                    GtkListItemFactory *factory)
{
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  g_return_val_if_fail (GTK_IS_LIST_ITEM_FACTORY (factory), NULL);

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  return view_column;   /* the view keeps it */
}

const char *
wcc_record_table_get_search_text (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  return self->search_text;
}

void
wcc_record_table_set_search_text (WccRecordTable *self,
                                  const char     *text)
{
  g_return_if_fail (WCC_IS_RECORD_TABLE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* at once, not after the entry's typing delay */
  on_search_changed (self, self->search_entry);
}

const char *
wcc_record_table_get_sort (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  return self->sort;
}

gboolean
wcc_record_table_get_descending (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), FALSE);
  return self->descending;
}

void
wcc_record_table_sort_by (WccRecordTable *self,
                          const char     *sort_key,
                          gboolean        descending)
{
  GListModel *columns;
  GtkColumnViewColumn *found = NULL;

  g_return_if_fail (WCC_IS_RECORD_TABLE (self));

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; sort_key != NULL && i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "sort-key"), sort_key) == 0)
        found = column;
    }
  g_return_if_fail (sort_key == NULL || found != NULL);
  gtk_column_view_sort_by_column (self->column_view, found,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

GArray *
wcc_record_table_get_selected_ids (WccRecordTable *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), ids);

  selected = gtk_selection_model_get_selection (self->selection);
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      gint64 id;

      if (record == NULL)
        continue;
      id = wcc_record_get_id (record);
      g_array_append_val (ids, id);
    }
  return ids;
}

GtkColumnView *
wcc_record_table_get_view (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  return self->column_view;
}

const char *
wcc_record_table_get_state (WccRecordTable *self)
{
  g_return_val_if_fail (WCC_IS_RECORD_TABLE (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

void
wcc_record_table_scroll_to (WccRecordTable *self,
                            guint           position)
{
  GtkWidget *list_view;

  g_return_if_fail (WCC_IS_RECORD_TABLE (self));

  /* GTK 4.8 has no gtk_column_view_scroll_to (4.12): its inner list view's action does it */
  for (list_view = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       list_view != NULL && !GTK_IS_LIST_VIEW (list_view);
       list_view = gtk_widget_get_next_sibling (list_view))
    ;
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}
