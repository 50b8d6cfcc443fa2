/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tls-directory.c: the certificate directory Sofia-SIP reads for SIP over TLS, made for one run of a phone. */
#define G_LOG_DOMAIN "wcc-tls-directory"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "wcc-error.h"
#include "wcc-tls-directory.h"

/* A company authority's file is a few certificates; anything much bigger is not one. */
#define CA_FILE_MAX (4 * 1024 * 1024)
/* The phone's own certificate lives as long as the run that made it; a year covers any. */
#define AGENT_DAYS 365
/* Connecting to the server and its handshake, for the certificate check. */
#define CHECK_TIMEOUT_SECONDS 10

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

static gboolean
set_openssl_error (GError    **error,
                   const char *what)
{
  unsigned long code = ERR_get_error ();

  ERR_clear_error ();
  g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("Cannot make the phone’s TLS certificate (%s): %s"),
               what, code ? ERR_reason_error_string (code) : "?");
  return FALSE;
}

const char *
wcc_tls_system_ca_file (void)
{
  const char *file = g_getenv (X509_get_default_cert_file_env ());

  return file != NULL && *file != '\0' ? file : X509_get_default_cert_file ();
}

/* The certificates of a PEM file, written again as PEM into @out (anything else in the
 * file, such as a private key put there by mistake, stays behind). Returns how many. */
static guint
append_certificates (BIO        *out,
                     const char *text,
                     gsize       length)
{
  g_autoptr(BIO) in = BIO_new_mem_buf (text, (int) length);
  guint count = 0;

  for (;;)
    {
      g_autoptr(X509) certificate = PEM_read_bio_X509 (in, NULL, NULL, NULL);

      if (certificate == NULL)
        break;
      if (PEM_write_bio_X509 (out, certificate))
        count++;
    }
  ERR_clear_error ();
  return count;
}

static gboolean
read_ca_file (const char  *path,
              BIO         *out,
              guint       *count,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) > CA_FILE_MAX)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("%s is too big to be a file of certificate authorities"), path);
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &text, &length, NULL, error))
    return FALSE;
  *count = append_certificates (out, text, length);
  return TRUE;
}

/* An EC P-256 key (made in well under a millisecond) and a self-signed certificate for it. */
static gboolean
append_agent_key (BIO     *out,
                  GError **error)
{
  g_autoptr(EVP_PKEY) key = EVP_EC_gen ("P-256");
  g_autoptr(X509) certificate = NULL;
  g_autoptr(BIGNUM) serial = BN_new ();
  X509_NAME *name;

  if (key == NULL || serial == NULL)
    return set_openssl_error (error, "key");
  certificate = X509_new ();
  name = X509_get_subject_name (certificate);
  if (!X509_set_version (certificate, X509_VERSION_3) ||
      !BN_rand (serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
      !BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (certificate)) ||
      !X509_gmtime_adj (X509_getm_notBefore (certificate), -3600) ||
      !X509_gmtime_adj (X509_getm_notAfter (certificate), 60L * 60 * 24 * AGENT_DAYS) ||
      !X509_set_pubkey (certificate, key) ||
      !X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const unsigned char *) "wcc-agent", -1, -1, 0) ||
      !X509_set_issuer_name (certificate, name) ||
      !X509_sign (certificate, key, EVP_sha256 ()))
    return set_openssl_error (error, "certificate");
  if (!PEM_write_bio_PrivateKey (out, key, NULL, NULL, 0, NULL, NULL) ||
      !PEM_write_bio_X509 (out, certificate))
    return set_openssl_error (error, "PEM");
  return TRUE;
}

static gboolean
write_bio (const char  *directory,
           const char  *name,
           BIO         *bio,
           GError     **error)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  char *data = NULL;
  long length = BIO_get_mem_data (bio, &data);

  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
wcc_tls_directory_create (const char  *parent,
                          gboolean     system_trust,
                          const char  *extra_ca_file,
                          GError     **error)
{
  g_autofree char *template = NULL;
  g_autofree char *directory = NULL;
  /* The key passes through the secure heap's buffer, which is wiped when freed. */
  g_autoptr(BIO) agent = BIO_new (BIO_s_secmem ());
  g_autoptr(BIO) cafile = BIO_new (BIO_s_mem ());
  guint trusted = 0;

  g_return_val_if_fail (parent != NULL, NULL);

  if (system_trust)
    {
      g_autoptr(GError) local_error = NULL;
      guint count = 0;

      /* No system bundle is not an error by itself: a company authority may be all. */
      if (!read_ca_file (wcc_tls_system_ca_file (), cafile, &count, &local_error))
        g_debug ("No system certificate authorities: %s", local_error->message);
      trusted += count;
    }
  if (extra_ca_file != NULL && *extra_ca_file != '\0')
    {
      guint count = 0;

      if (!read_ca_file (extra_ca_file, cafile, &count, error))
        return NULL;
      if (count == 0)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                       _("%s holds no certificate (a PEM file of certificate authorities is needed)"),
                       extra_ca_file);
          return NULL;
        }
      trusted += count;
    }
  if (trusted == 0)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                           _("No certificate authority to check the server’s certificate with"));
      return NULL;
    }
  if (!append_agent_key (agent, error))
    return NULL;

  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", parent, g_strerror (saved));
      return NULL;
    }
  template = g_build_filename (parent, "sip-tls-XXXXXX", NULL);
  /* g_mkdtemp_full() fills the template in. */
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", template, g_strerror (saved));
      return NULL;
    }
  directory = g_steal_pointer (&template);
  if (!write_bio (directory, "cafile.pem", cafile, error) ||
      !write_bio (directory, "agent.pem", agent, error))
    {
      wcc_tls_directory_remove (directory);
      return NULL;
    }
  return g_steal_pointer (&directory);
}

typedef struct {
  char     *parent;
  char     *extra_ca_file;
  gboolean  system_trust;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->parent);
  g_free (data->extra_ca_file);
  g_free (data);
}

static void
create_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  char *directory = wcc_tls_directory_create (data->parent, data->system_trust, data->extra_ca_file, &error);

  if (directory == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, directory, g_free);
}

void
wcc_tls_directory_create_async (const char          *parent,
                                gboolean             system_trust,
                                const char          *extra_ca_file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CreateData *data = g_new0 (CreateData, 1);

  g_return_if_fail (parent != NULL);

  data->parent = g_strdup (parent);
  data->extra_ca_file = g_strdup (extra_ca_file);
  data->system_trust = system_trust;
  g_task_set_source_tag (task, wcc_tls_directory_create_async);
  /* The directory always reaches the caller, cancelled or not, for it to remove: a task
   * that dropped it would leave its files behind. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_in_thread);
}

char *
wcc_tls_directory_create_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- checking a server's certificate ------------------------------------------------------- */

typedef struct {
  char                 *directory;
  char                 *host;
  guint16               port;
  GTlsCertificateFlags  refused;   /* what the handshake found wrong, 0: nothing */
} Check;

static void
check_free (Check *check)
{
  g_free (check->directory);
  g_free (check->host);
  g_free (check);
}

/* Only called for a certificate that failed validation: remember why, and refuse it. */
static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Check                *check)
{
  check->refused = errors;
  return FALSE;
}

static GError *
certificate_error (Check *check)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  const struct {
    GTlsCertificateFlags  flag;
    const char           *reason;
  } known[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("no trusted authority signed it") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it is made out for another name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("its algorithm is insecure") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (check->refused & known[i].flag)
      g_string_append_printf (reasons, "%s%s", reasons->len ? ", " : "", _(known[i].reason));
  if (reasons->len == 0)
    g_string_append (reasons, _("it is not valid"));
  return g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                      _("the server %s does not prove who it is: its certificate is refused (%s)"),
                      check->host, reasons->str);
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Check *check = task_data;
  g_autofree char *cafile = g_build_filename (check->directory, "cafile.pem", NULL);
  g_autoptr(GSocketConnectable) identity = g_network_address_new (check->host, check->port);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  database = g_tls_file_database_new (cafile, &error);
  if (database != NULL)
    {
      g_socket_client_set_timeout (client, CHECK_TIMEOUT_SECONDS);
      connection = g_socket_client_connect (client, identity, cancellable, &error);
    }
  if (connection != NULL)
    tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), check);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, &error))
    {
      if (check->refused != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          g_clear_error (&error);
          error = certificate_error (check);
        }
      g_task_return_error (task, error);
      return;
    }
  g_io_stream_close (tls, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

void
wcc_tls_directory_check_server_async (const char          *directory,
                                      const char          *host,
                                      guint16              port,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Check *check = g_new0 (Check, 1);

  g_return_if_fail (directory != NULL && host != NULL);

  check->directory = g_strdup (directory);
  check->host = g_strdup (host);
  check->port = port;
  g_task_set_source_tag (task, wcc_tls_directory_check_server_async);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
wcc_tls_directory_check_server_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wcc_tls_directory_remove (const char *directory)
{
  static const char *const names[] = { "agent.pem", "cafile.pem", NULL };

  if (directory == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (directory, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (directory);
}
