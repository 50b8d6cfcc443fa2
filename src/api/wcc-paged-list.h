/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-paged-list.h: a list of the server API (`GET path?limit=&after=` → {"items", "next"})
 * as a GListModel of WccRecord that loads the next page as a view nears its end, so a view
 * over 100,000 customers only ever holds what was scrolled through. */
#pragma once

#include <gio/gio.h>

#include "wcc-client.h"
#include "wcc-record.h"

G_BEGIN_DECLS

#define WCC_TYPE_PAGED_LIST (wcc_paged_list_get_type ())
G_DECLARE_FINAL_TYPE (WccPagedList, wcc_paged_list, WCC, PAGED_LIST, GObject)

/* @path: "/api/v1/…" without a query. Nothing loads until the first wcc_paged_list_reload()
 * (or a parameter change, which reloads). */
WccPagedList *wcc_paged_list_new            (WccClient     *client,
                                             const char    *path);

const char   *wcc_paged_list_get_path       (WccPagedList  *self);
/* A query parameter of every page (a filter, the sort, a search); NULL or "" removes it.
 * Changing one reloads from the first page, once for several changes in a row. */
void          wcc_paged_list_set_param      (WccPagedList  *self,
                                             const char    *name,
                                             const char    *value);
const char   *wcc_paged_list_get_param      (WccPagedList  *self,
                                             const char    *name);
/* Items per request (1–200, 100 by default). */
void          wcc_paged_list_set_page_size  (WccPagedList  *self,
                                             guint          page_size);

/* Loads the first page again; the items shown stay until it arrives. */
void          wcc_paged_list_reload         (WccPagedList  *self);
/* Loads the next page now (a view asking for one of the last items does it by itself). */
void          wcc_paged_list_load_more      (WccPagedList  *self);

/* Batches (a task pool's "change batch", C2): one page is shown at a time; a view reaching
 * its end loads nothing, wcc_paged_list_next_batch() replaces it with the page after it
 * (after the last, the first again). Off by default. */
void          wcc_paged_list_set_batches    (WccPagedList  *self,
                                             gboolean       batches);
gboolean      wcc_paged_list_get_batches    (WccPagedList  *self);
void          wcc_paged_list_next_batch     (WccPagedList  *self);

gboolean      wcc_paged_list_get_loading    (WccPagedList  *self);
gboolean      wcc_paged_list_get_has_more   (WccPagedList  *self);
/* The last load's error (NULL after a success). */
const GError *wcc_paged_list_get_error      (WccPagedList  *self);

/* The loaded record with @id (NULL when not loaded); @out_position may be NULL. */
WccRecord    *wcc_paged_list_find           (WccPagedList  *self,
                                             gint64         id,
                                             guint         *out_position);
/* An edit or an event: updates the loaded record with the same id in place (not with an
 * older version: wcc_record_update()). FALSE when it is not loaded. */
gboolean      wcc_paged_list_update         (WccPagedList  *self,
                                             JsonObject    *data);
/* Adds a record at the top (a customer just added), or updates it when loaded. */
void          wcc_paged_list_prepend        (WccPagedList  *self,
                                             JsonObject    *data);
/* Drops the loaded record with @id (released, grabbed by someone else). */
gboolean      wcc_paged_list_remove         (WccPagedList  *self,
                                             gint64         id);

G_END_DECLS
