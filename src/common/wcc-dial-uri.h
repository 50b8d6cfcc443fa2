/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-dial-uri.h: what to dial for a tel: or sip: link, and telling two ways of writing a number apart. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *number;     /* "+81312345678", "1002", "alice": what the dial pad shows */
  char *extension;  /* tel: ";ext=12" → "12", else NULL */
  char *domain;     /* sip: the host ("demo"), NULL for tel: */
} WccDialTarget;

void           wcc_dial_target_free  (WccDialTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccDialTarget, wcc_dial_target_free)

/* Parses a tel: (RFC 3966) or sip:/sips: (RFC 3261) link as browsers and other programs
 * hand them over: percent-encoded, with visual separators ("tel:+81-3-1234-5678;ext=12"),
 * parameters and headers. Returns NULL and WCC_ERROR_INVALID_FIELD for anything that is
 * not a number or SIP user to call. */
WccDialTarget *wcc_dial_target_parse (const char    *uri,
                                      GError       **error);

/* TRUE when @a and @b are the same number written differently: the same digits, or one
 * the national form of the other ("+86 138 0013 8000" and "13800138000"). */
gboolean       wcc_phone_numbers_match (const char  *a,
                                        const char  *b);

G_END_DECLS
