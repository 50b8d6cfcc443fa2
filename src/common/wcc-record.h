/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record.h: one record of the server API (a customer, a ticket, …) as a GObject around
 * its JSON object, so lists of any kind of record are GListModels that widgets bind to. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WCC_TYPE_RECORD (wcc_record_get_type ())
G_DECLARE_FINAL_TYPE (WccRecord, wcc_record, WCC, RECORD, GObject)

/* Takes a reference on @data. */
WccRecord   *wcc_record_new          (JsonObject  *data);

JsonObject  *wcc_record_get_data     (WccRecord   *self);
gint64       wcc_record_get_id       (WccRecord   *self);
gint64       wcc_record_get_version  (WccRecord   *self);

/* Member readers: a missing member, a null or one of another type reads as the default
 * ("" for strings). */
const char  *wcc_record_get_string   (WccRecord   *self,
                                      const char  *member);
gint64       wcc_record_get_int      (WccRecord   *self,
                                      const char  *member,
                                      gint64       default_value);
gboolean     wcc_record_get_bool     (WccRecord   *self,
                                      const char  *member);
double       wcc_record_get_double   (WccRecord   *self,
                                      const char  *member,
                                      double       default_value);
/* NULL when missing or not an object / array. */
JsonObject  *wcc_record_get_object   (WccRecord   *self,
                                      const char  *member);
JsonArray   *wcc_record_get_array    (WccRecord   *self,
                                      const char  *member);
/* An RFC 3339 time member as Unix seconds; 0 when missing, null or unreadable. */
gint64       wcc_record_get_time     (WccRecord   *self,
                                      const char  *member);

/* Replaces the data (an edit answered by the server, an event); notifies "data" and, when
 * they change, "version". Ignored when @data is another record's (different id) or an
 * older version than the record's (the same version replaces it). */
void         wcc_record_update       (WccRecord   *self,
                                      JsonObject  *data);

/* Replaces every item of @store (a GListStore of WccRecord) with a record for each object of
 * @items (a list answer's "items"; NULL empties it; other elements are skipped), in one
 * change. Returns how many records @store holds now. */
guint        wcc_record_store_replace (GListStore *store,
                                       JsonArray  *items);

G_END_DECLS
