/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tls-directory.h: the certificate directory Sofia-SIP reads for SIP over TLS, made for one run of a phone. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The system's bundle of trusted authorities as OpenSSL (Sofia-SIP's TLS library) finds it:
 * $SSL_CERT_FILE, else its built-in path (on Debian /usr/lib/ssl/cert.pem, the
 * ca-certificates bundle). */
const char *wcc_tls_system_ca_file (void);

/* Makes a new owner-only directory under @parent (created 0700 when missing) holding what
 * a TLS account's tls_certificate_dir needs:
 *   cafile.pem  the authorities a server's certificate may chain to: the system's bundle
 *               when @system_trust, and the certificates of @extra_ca_file (a PEM file,
 *               e.g. a company's own authority; NULL or "" for none);
 *   agent.pem   a fresh self-signed key and certificate, only so that the phone can accept
 *               the TLS connections a registrar opens to it for incoming calls (a server does
 *               not learn anything from it: it is not an identity).
 * Fails when no authority at all would be trusted or @extra_ca_file holds no certificate.
 * Blocking (a key is generated, files read and written): run it from a thread, or use the
 * async variant (whose result, when made, is the directory even if @cancellable was
 * cancelled meanwhile). Returns the directory's path; remove it with wcc_tls_directory_remove(). */
char     *wcc_tls_directory_create        (const char           *parent,
                                           gboolean              system_trust,
                                           const char           *extra_ca_file,
                                           GError              **error);
void      wcc_tls_directory_create_async  (const char           *parent,
                                           gboolean              system_trust,
                                           const char           *extra_ca_file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char     *wcc_tls_directory_create_finish (GAsyncResult         *result,
                                           GError              **error);
/* Connects to the SIP over TLS server at @host:@port and checks its certificate the way the
 * phone's stack will: it must chain to an authority of @directory's cafile.pem and name
 * @host. Fails with G_TLS_ERROR_BAD_CERTIFICATE and a message saying what is wrong with
 * it; with another error (G_IO_ERROR…) when the server could not be reached or spoke no TLS,
 * which says nothing of its certificate. Lets a refusal be told at once and in words: the
 * stack only reports a timeout after 32 s. */
void      wcc_tls_directory_check_server_async  (const char          *directory,
                                                 const char          *host,
                                                 guint16              port,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean  wcc_tls_directory_check_server_finish (GAsyncResult        *result,
                                                 GError             **error);
/* Deletes the files wcc_tls_directory_create() made and the directory. */
void      wcc_tls_directory_remove        (const char           *directory);

G_END_DECLS
