/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-password.h: web password hashing (Argon2id) off the main loop, and SIP digest HA1. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes the dummy hash ahead of the first login, so no first request pays for it. */
void      wcc_password_prepare       (void);

/* Blocking: for start-up and the admin command only, never in request handlers. */
char     *wcc_password_hash_sync     (const char          *password,
                                      GError             **error);
gboolean  wcc_password_verify_sync   (const char          *hash,
                                      const char          *password);

/* Run on a small thread pool (each hash takes ~64 MiB: at most two at once). */
void      wcc_password_hash_async    (const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char     *wcc_password_hash_finish   (GAsyncResult        *result,
                                      GError             **error);
/* @hash NULL verifies against a dummy hash, so unknown accounts take as long as known ones. */
void      wcc_password_verify_async  (const char          *hash,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  wcc_password_verify_finish (GAsyncResult        *result,
                                      GError             **error);

/* MD5(user:realm:password) as lower-case hex, the only form a SIP password is kept in. */
char     *wcc_password_sip_ha1       (const char          *user,
                                      const char          *realm,
                                      const char          *password);

/* Hex SHA-256 of a session token: what the store keeps instead of the token. */
char     *wcc_password_token_hash    (const char          *token);
/* A new random 256-bit token, base64url without padding. */
char     *wcc_password_new_token     (void);
/* Constant-time string comparison. */
gboolean  wcc_password_equal         (const char          *a,
                                      const char          *b);

G_END_DECLS
