/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-config.h: wcc-server settings: defaults, then the --config file, then the command line. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WCC_DEFAULT_HTTP_PORT 8470
#define WCC_DEFAULT_SIP_PORT 5060

typedef struct {
  char     *listen_address;     /* HTTP: a literal IP address */
  guint16   listen_port;
  char     *sip_address;        /* SIP (UDP and TCP): a literal IP address */
  guint16   sip_port;           /* 0: any free port */
  char     *sip_tls_address;    /* SIP over TLS: NULL for none */
  guint16   sip_tls_port;
  char     *sip_certificates;   /* a directory with agent.pem (key and certificate) and
                                 * cafile.pem, as Sofia-SIP reads them; TLS needs it */
  char     *https_certificate;  /* PEM: the certificate (and its key, unless https_key) */
  char     *https_key;          /* PEM: the private key; NULL: in https_certificate */
  char     *data_dir;
  gboolean  demo;
  guint     demo_history_days;   /* --demo-history: past days of work made for the demo */
  guint     session_lifetime;   /* seconds */
  guint     event_buffer;       /* events kept per client for resuming streams */
  GHashTable *trunks;           /* client name → SIP URI of its carrier gateway */
  GHashTable *inbound;          /* number dialled from outside → "client:queue number" */
  /* [sms] (C10): how messages to customers go out: "log" (written to the log: the demo's)
   * or "webhook" (POSTed as JSON to sms_url, given up after sms_timeout seconds). */
  char     *sms_gateway;
  char     *sms_url;
  guint     sms_timeout;
} WccConfig;

WccConfig *wcc_config_new_default   (void);
void       wcc_config_free          (WccConfig    *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccConfig, wcc_config_free)

/* Reads a GKeyFile; unknown groups or keys and bad values are errors naming them. */
gboolean   wcc_config_load_file     (WccConfig    *config,
                                     const char   *path,
                                     GError      **error);
/* "ADDR:PORT", "[v6]:PORT" or ":PORT". */
gboolean   wcc_config_parse_listen  (const char   *text,
                                     char        **out_address,
                                     guint16      *out_port,
                                     GError      **error);
char      *wcc_config_database_path (WccConfig    *config);
/* "CLIENT=sip:HOST[:PORT]" (--trunk): calls of CLIENT's users to numbers that are neither an
 * employee ID nor a queue number go out there. */
gboolean   wcc_config_add_trunk     (WccConfig    *config,
                                     const char   *text,
                                     GError      **error);
/* "NUMBER=CLIENT:QUEUE" (--inbound): a call from outside to NUMBER enters that queue. */
gboolean   wcc_config_add_inbound   (WccConfig    *config,
                                     const char   *text,
                                     GError      **error);

G_END_DECLS
