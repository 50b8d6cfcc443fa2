/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-csv.h: CSV as the imports read it and the exports write it (RFC 4180: commas, double
 * quotes doubled, CRLF rows, UTF-8). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an export starts with: a UTF-8 byte order mark, so that Excel in a Chinese or
 * Japanese Windows opens the file as UTF-8 instead of the locale's code page (GBK,
 * Shift_JIS) and its CJK text is not garbled. */
#define WCC_CSV_BOM "\xEF\xBB\xBF"

/* Appends one field (with the comma before it unless @first), quoted when it needs it. A
 * field that a spreadsheet would run as a formula (=, @, or + and - not starting a number)
 * gets a leading apostrophe. */
void      wcc_csv_append_field (GString     *row,
                                const char  *value,
                                gboolean     first);
void      wcc_csv_end_row      (GString     *row);

/* Reads records one by one from a whole CSV text (a leading BOM skipped; CRLF, LF or CR
 * rows; quoted fields may span lines). */
typedef struct {
  const char *data;
  gsize       length;
  gsize       offset;
  guint       line;        /* the line the last record read started on (1-based) */
  guint       next_line;
} WccCsvReader;

void      wcc_csv_reader_init  (WccCsvReader *reader,
                                const char   *data,
                                gsize         length);
/* The next record's fields (NULL at the end; an empty line gives an empty array). FALSE with
 * @error for a quote that never closes. */
gboolean  wcc_csv_reader_next  (WccCsvReader *reader,
                                GPtrArray   **out_fields,
                                GError      **error);

G_END_DECLS
