/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-password-store.c: remembered login passwords, kept in the desktop keyring (libsecret). */
#define G_LOG_DOMAIN "wcc-password-store"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-password-store.h"

const SecretSchema *
wcc_password_store_get_schema (void)
{
  static const SecretSchema schema = {
    "org.wccdesktop.Agent.Password", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

void
wcc_password_store_save_async (const char          *server,
                               const char          *account,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (password != NULL);

  /* Translators: the keyring item's name, e.g. "WCC Agent password for 1001@demo on http://…" */
  label = g_strdup_printf (_("WCC Agent password for %s on %s"), account, server);
  secret_password_store (wcc_password_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, password, cancellable, callback, user_data,
                         "server", server, "account", account, NULL);
}

gboolean
wcc_password_store_save_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  return secret_password_store_finish (result, error);
}

void
wcc_password_store_lookup_async (const char          *server,
                                 const char          *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (account != NULL);

  secret_password_lookup (wcc_password_store_get_schema (), cancellable, callback, user_data,
                          "server", server, "account", account, NULL);
}

char *
wcc_password_store_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  char *secret;
  char *copy;

  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  /* Copied into normal memory so callers can g_free() it like any string. */
  secret = secret_password_lookup_finish (result, error);
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

void
wcc_password_store_clear_async (const char          *server,
                                const char          *account,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (account != NULL);

  secret_password_clear (wcc_password_store_get_schema (), cancellable, callback, user_data,
                         "server", server, "account", account, NULL);
}

gboolean
wcc_password_store_clear_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  return secret_password_clear_finish (result, error);
}
