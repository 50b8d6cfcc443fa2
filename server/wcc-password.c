/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-password.c: web password hashing (Argon2id) off the main loop, and SIP digest HA1. */
#define G_LOG_DOMAIN "wcc-password"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "wcc-error.h"
#include "wcc-password.h"

#define HASH_THREADS 2

typedef struct {
  char *hash;
  char *password;
  gboolean verify;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  g_free (job->hash);
  if (job->password != NULL)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static void
ensure_sodium (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialized, 1);
    }
}

char *
wcc_password_hash_sync (const char  *password,
                        GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  ensure_sodium ();
  if (crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                   _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (out);
}

/* A hash of a random password, made once, for verifying unknown accounts. */
static const char *
dummy_hash (void)
{
  static char *hash = NULL;

  if (g_once_init_enter (&hash))
    {
      unsigned char secret[32];
      g_autofree char *text = NULL;

      ensure_sodium ();
      randombytes_buf (secret, sizeof secret);
      text = g_base64_encode (secret, sizeof secret);
      g_once_init_leave (&hash, wcc_password_hash_sync (text, NULL));
    }
  return hash;
}

void
wcc_password_prepare (void)
{
  dummy_hash ();
}

gboolean
wcc_password_verify_sync (const char *hash,
                          const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  ensure_sodium ();
  if (hash == NULL)
    {
      /* Spend the same time as a real check; the outcome does not matter. */
      if (crypto_pwhash_str_verify (dummy_hash (), password, strlen (password)) == 0)
        g_debug ("a random password was guessed");
      return FALSE;
    }
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  PasswordJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->verify)
    {
      g_task_return_boolean (task, wcc_password_verify_sync (job->hash, job->password));
      return;
    }
  {
    char *hash = wcc_password_hash_sync (job->password, &error);
    if (hash == NULL)
      g_task_return_error (task, error);
    else
      g_task_return_pointer (task, hash, g_free);
  }
}

static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool = NULL;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (run_job, NULL, HASH_THREADS, FALSE, NULL));
  return pool;
}

static void
queue_job (gpointer             source_tag,
           PasswordJob         *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) password_job_free);
  g_thread_pool_push (get_pool (), task, NULL);
}

void
wcc_password_hash_async (const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  PasswordJob *job = g_new0 (PasswordJob, 1);

  g_return_if_fail (password != NULL);

  job->password = g_strdup (password);
  queue_job (wcc_password_hash_async, job, cancellable, callback, user_data);
}

char *
wcc_password_hash_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wcc_password_verify_async (const char          *hash,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  PasswordJob *job = g_new0 (PasswordJob, 1);

  g_return_if_fail (password != NULL);

  job->hash = g_strdup (hash);
  job->password = g_strdup (password);
  job->verify = TRUE;
  queue_job (wcc_password_verify_async, job, cancellable, callback, user_data);
}

gboolean
wcc_password_verify_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
wcc_password_sip_ha1 (const char *user,
                      const char *realm,
                      const char *password)
{
  g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", user, realm, password);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, a1, -1);
}

char *
wcc_password_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
wcc_password_new_token (void)
{
  unsigned char raw[32];
  char out[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  ensure_sodium ();
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (out);
}

gboolean
wcc_password_equal (const char *a,
                    const char *b)
{
  gsize len;

  if (a == NULL || b == NULL)
    return FALSE;
  len = strlen (a);
  if (len != strlen (b))
    return FALSE;
  return sodium_memcmp (a, b, len) == 0;
}
