/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-password-store.h: remembered login passwords, kept in the desktop keyring (libsecret). */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Schema "org.wccdesktop.Agent.Password", attributes "server" and "account". */
const SecretSchema *wcc_password_store_get_schema   (void);

void      wcc_password_store_save_async    (const char          *server,
                                            const char          *account,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  wcc_password_store_save_finish   (GAsyncResult        *result,
                                            GError             **error);

/* Gives NULL (and no error) when nothing is stored for @server and @account. */
void      wcc_password_store_lookup_async  (const char          *server,
                                            const char          *account,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char     *wcc_password_store_lookup_finish (GAsyncResult        *result,
                                            GError             **error);

/* Forgets the password; TRUE when one was removed. */
void      wcc_password_store_clear_async   (const char          *server,
                                            const char          *account,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  wcc_password_store_clear_finish  (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
