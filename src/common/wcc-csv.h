/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-csv.h: reading and writing CSV (RFC 4180) as spreadsheets exchange it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One record of a CSV text: its fields and the line it starts on (1-based; a quoted field
 * may span lines). */
typedef struct {
  GStrv fields;
  guint line;
} WccCsvRow;

void       wcc_csv_row_free   (WccCsvRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccCsvRow, wcc_csv_row_free)

/* Parses @text (UTF-8, optionally with a byte-order mark; CRLF or LF line ends; fields in
 * double quotes may hold commas, line breaks and "" for a quote). Empty lines are skipped.
 * Returns a GPtrArray of WccCsvRow, or NULL and WCC_ERROR_INVALID_FIELD naming the line of
 * the first fault. */
GPtrArray *wcc_csv_parse      (const char        *text,
                               gssize             length,
                               GError           **error);
/* Appends one record to @out, quoting what needs it, ending in CRLF. A field that a
 * spreadsheet would run as a formula (=, @, a tab, or + / - not starting a phone number)
 * gets a leading apostrophe: a caller's display name is not to become code. */
void       wcc_csv_append_row (GString           *out,
                               const char *const *fields);
/* Undoes that apostrophe on a field read back. */
const char *wcc_csv_unguard   (const char        *field);

G_END_DECLS
