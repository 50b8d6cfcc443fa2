/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-error.h: the error codes shared by server and client, and their wire names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WCC_ERROR (wcc_error_quark ())

/* Each code has a snake_case wire name (see wcc_error_code_to_string) used in the
 * API's error body: {"error": {"code": "...", "message": "..."}}. */
typedef enum {
  WCC_ERROR_INTERNAL,
  WCC_ERROR_INVALID_JSON,
  WCC_ERROR_INVALID_FIELD,
  WCC_ERROR_UNAUTHORIZED,
  WCC_ERROR_INVALID_CREDENTIALS,
  WCC_ERROR_CHALLENGE_REQUIRED,
  WCC_ERROR_CHALLENGE_FAILED,
  WCC_ERROR_ACCOUNT_LOCKED,
  WCC_ERROR_FORBIDDEN,
  WCC_ERROR_NOT_FOUND,
  WCC_ERROR_METHOD_NOT_ALLOWED,
  WCC_ERROR_VERSION_CONFLICT,
  WCC_ERROR_PAYLOAD_TOO_LARGE,
  WCC_ERROR_UNSUPPORTED_MEDIA_TYPE,
  WCC_ERROR_WRONG_PASSWORD,
  WCC_ERROR_CONFLICT,
  WCC_ERROR_UNAVAILABLE,
  WCC_ERROR_TOO_MANY_REQUESTS,
  /* Client side only: the server could not be reached or answered nonsense. */
  WCC_ERROR_UNREACHABLE,
  WCC_ERROR_PROTOCOL,
} WccErrorCode;

GQuark        wcc_error_quark             (void);
const char   *wcc_error_code_to_string    (WccErrorCode code);
WccErrorCode  wcc_error_code_from_string  (const char  *name);
guint         wcc_error_code_http_status  (WccErrorCode code);

G_END_DECLS
