/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-number.h: phone numbers as typed → the digits-only form that lookups match. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WCC_PHONE_NUMBER_MAX_DIGITS 20

/* The digits of @text (ASCII or full-width), with a leading "+" kept as the country
 * marker; spaces, dashes, dots, slashes and brackets are dropped. NULL when @text holds
 * anything else, a "+" elsewhere than first, or fewer than 3 or more than
 * WCC_PHONE_NUMBER_MAX_DIGITS digits. */
char *wcc_phone_number_normalize (const char *text);

/* The numbers of a list as typed in one field: split at commas and semicolons (ASCII,
 * full-width and the ideographic comma "、"), each trimmed, empty ones left out. */
GStrv wcc_phone_number_split_list (const char *text);

G_END_DECLS
