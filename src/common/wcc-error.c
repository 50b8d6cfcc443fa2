/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-error.c: the error codes shared by server and client, and their wire names. */
#define G_LOG_DOMAIN "wcc-error"

#include "wcc-error.h"

G_DEFINE_QUARK (wcc-error-quark, wcc_error)

static const struct {
  WccErrorCode code;
  const char *name;
  guint http_status;
} error_table[] = {
  { WCC_ERROR_INTERNAL, "internal", 500 },
  { WCC_ERROR_INVALID_JSON, "invalid_json", 400 },
  { WCC_ERROR_INVALID_FIELD, "invalid_field", 400 },
  { WCC_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { WCC_ERROR_INVALID_CREDENTIALS, "invalid_credentials", 401 },
  { WCC_ERROR_CHALLENGE_REQUIRED, "challenge_required", 401 },
  { WCC_ERROR_CHALLENGE_FAILED, "challenge_failed", 401 },
  { WCC_ERROR_ACCOUNT_LOCKED, "account_locked", 423 },
  { WCC_ERROR_FORBIDDEN, "forbidden", 403 },
  { WCC_ERROR_NOT_FOUND, "not_found", 404 },
  { WCC_ERROR_METHOD_NOT_ALLOWED, "method_not_allowed", 405 },
  { WCC_ERROR_VERSION_CONFLICT, "version_conflict", 409 },
  { WCC_ERROR_PAYLOAD_TOO_LARGE, "payload_too_large", 413 },
  { WCC_ERROR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415 },
  { WCC_ERROR_WRONG_PASSWORD, "wrong_password", 403 },
  { WCC_ERROR_CONFLICT, "conflict", 409 },
  { WCC_ERROR_UNAVAILABLE, "unavailable", 503 },
  { WCC_ERROR_TOO_MANY_REQUESTS, "too_many_requests", 429 },
  { WCC_ERROR_UNREACHABLE, "unreachable", 0 },
  { WCC_ERROR_PROTOCOL, "protocol", 0 },
};

const char *
wcc_error_code_to_string (WccErrorCode code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return error_table[i].name;
  return "internal";
}

WccErrorCode
wcc_error_code_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
      if (g_str_equal (error_table[i].name, name))
        return error_table[i].code;
  return WCC_ERROR_INTERNAL;
}

guint
wcc_error_code_http_status (WccErrorCode code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return error_table[i].http_status ? error_table[i].http_status : 500;
  return 500;
}
