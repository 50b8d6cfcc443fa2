/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-json.h: typed reading of JSON request bodies with precise errors, and small writers. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @data as a JSON object; WCC_ERROR_INVALID_JSON on anything else. */
JsonObject *wcc_json_parse_object      (const char   *data,
                                        gssize        length,
                                        GError      **error);

/* Field readers: return FALSE and set WCC_ERROR_INVALID_FIELD when the field exists with
 * the wrong type (or is missing and @required). A missing optional field leaves *out as is. */
gboolean    wcc_json_get_string        (JsonObject   *object,
                                        const char   *field,
                                        gboolean      required,
                                        const char  **out,
                                        GError      **error);
gboolean    wcc_json_get_int           (JsonObject   *object,
                                        const char   *field,
                                        gboolean      required,
                                        gint64       *out,
                                        GError      **error);
gboolean    wcc_json_get_bool          (JsonObject   *object,
                                        const char   *field,
                                        gboolean      required,
                                        gboolean     *out,
                                        GError      **error);
/* Fails with WCC_ERROR_INVALID_FIELD when @object has a member not in @allowed. */
gboolean    wcc_json_check_fields      (JsonObject   *object,
                                        const char  **allowed,
                                        GError      **error);

char       *wcc_json_to_string         (JsonNode     *node);
char       *wcc_json_object_to_string  (JsonObject   *object);

/* Optional members of a reply: an id (> 0) or a time (Unix seconds > 0, as RFC 3339), else
 * null. */
void        wcc_json_set_id_or_null    (JsonObject   *object,
                                        const char   *name,
                                        gint64        id);
void        wcc_json_set_time_or_null  (JsonObject   *object,
                                        const char   *name,
                                        gint64        unix_seconds);

/* Error body: {"error": {"code": ..., "message": ..., <extra members>}} */
JsonObject *wcc_json_error_body        (const char   *code,
                                        const char   *message);

G_END_DECLS
