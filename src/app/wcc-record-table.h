/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record-table.h: one list of server records (a WccPagedList) as a GtkColumnView with a
 * search entry, sorting by the server, and empty, loading and error states. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_RECORD_TABLE (wcc_record_table_get_type ())
G_DECLARE_FINAL_TYPE (WccRecordTable, wcc_record_table, WCC, RECORD_TABLE, AdwBin)

/* The text of a cell: a new string (or NULL for none). */
typedef char *(*WccRecordTextFunc) (WccRecord *record,
                                    gpointer   user_data);

/* Properties: "list" WccPagedList, "searchable" (the server searches it with `q`),
 * "multiple" (rows can be selected together), "search-text", "sort" (the server's sort key
 * of the column sorted by, or NULL), "descending", "empty-icon-name", "empty-title",
 * "empty-description", "search-placeholder".
 * Signals: record-activated (WccRecord *): a double click or Enter on a row.
 * In a .ui file, <child type="action"> widgets go to the end of the search row. */

GtkWidget           *wcc_record_table_new                (void);

void                 wcc_record_table_set_list           (WccRecordTable    *self,
                                                          WccPagedList      *list);
WccPagedList        *wcc_record_table_get_list           (WccRecordTable    *self);

/* A column of text. @sort_key: the name the server sorts this column by (`sort=`), NULL when
 * it does not sort by it (the header then does not sort). */
GtkColumnViewColumn *wcc_record_table_add_column         (WccRecordTable    *self,
                                                          const char        *title,
                                                          const char        *sort_key,
                                                          gboolean           expand,
                                                          WccRecordTextFunc  text_func,
                                                          gpointer           user_data);
/* A column of wcc_record_table_add_column() whose cells keep @min_chars (default 4) however
 * narrow the table (a phone number: the rest ellipsize, the table scrolls sideways). Call
 * before the table shows rows. */
void                 wcc_record_table_column_set_min_chars (GtkColumnViewColumn *view_column,
                                                            guint                min_chars);
/* A column the table hides when it is too narrow for all of them (the rest ellipsize down to
 * their minimum first), and shows again when it is wide enough: the highest @order goes
 * first; 0 (the default) never goes. */
void                 wcc_record_table_column_set_drop_order (GtkColumnViewColumn *view_column,
                                                             guint                order);
/* A column of widgets made by @factory (its items are WccRecords). */
GtkColumnViewColumn *wcc_record_table_add_widget_column  (WccRecordTable    *self,
                                                          const char        *title,
                                                          GtkListItemFactory *factory);

const char          *wcc_record_table_get_search_text    (WccRecordTable    *self);
void                 wcc_record_table_set_search_text    (WccRecordTable    *self,
                                                          const char        *text);
const char          *wcc_record_table_get_sort           (WccRecordTable    *self);
gboolean             wcc_record_table_get_descending     (WccRecordTable    *self);
/* Sorts by the column with @sort_key as a header click does (NULL: unsorted). */
void                 wcc_record_table_sort_by            (WccRecordTable    *self,
                                                          const char        *sort_key,
                                                          gboolean           descending);

/* The ids of the selected rows' records (gint64). */
GArray              *wcc_record_table_get_selected_ids   (WccRecordTable    *self);
GtkColumnView       *wcc_record_table_get_view           (WccRecordTable    *self);
/* Brings the row at @position into view. */
void                 wcc_record_table_scroll_to          (WccRecordTable    *self,
                                                          guint              position);
/* The name of the state shown: "list", "loading", "empty" or "error". */
const char          *wcc_record_table_get_state          (WccRecordTable    *self);

G_END_DECLS
