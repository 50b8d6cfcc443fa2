/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-http-server.h: the JSON API and the event stream over libsoup, on the main loop. */
#pragma once

#include <gio/gio.h>

#include "wcc-event-hub.h"
#include "wcc-server-acd.h"
#include "wcc-sip-server.h"
#include "wcc-sms-gateway.h"
#include "wcc-store.h"

G_BEGIN_DECLS

#define WCC_TYPE_HTTP_SERVER (wcc_http_server_get_type ())
G_DECLARE_FINAL_TYPE (WccHttpServer, wcc_http_server, WCC, HTTP_SERVER, GObject)

WccHttpServer *wcc_http_server_new         (WccStore      *store,
                                            WccEventHub   *hub,
                                            guint          session_lifetime_seconds);
/* The call-centre routes (agent state, queues, calls) answer only once it is set. */
/* The SIP registrar the desktop registers to ("sip:HOST:PORT", and "sips:…" or NULL). */
void           wcc_http_server_set_sip_uris (WccHttpServer *self,
                                             const char    *sip_uri,
                                             const char    *sips_uri);
void           wcc_http_server_set_acd     (WccHttpServer *self,
                                            WccServerAcd  *acd);
/* Live calls' supervision (issue 9) goes through @sip. */
void           wcc_http_server_set_sip_server (WccHttpServer *self,
                                            WccSipServer  *sip);
WccSipServer  *wcc_http_server_get_sip_server (WccHttpServer *self);
/* @address: a literal IPv4 or IPv6 address; @port 0 picks a free one. */
/* Where POST /customers/{id}/sms sends (C10). */
void           wcc_http_server_set_sms_gateway (WccHttpServer *self,
                                            WccSmsGateway *gateway);
/* The folder call recordings are kept in (C15), owner-only; until set, none are taken. */
void           wcc_http_server_set_recordings_dir (WccHttpServer *self,
                                            const char    *path);
/* The folder knowledge base attachments are kept in (S12), owner-only; until set, none are
 * taken. */
void           wcc_http_server_set_knowledge_dir (WccHttpServer *self,
                                            const char    *path);
/* Serve HTTPS with @certificate (with its private key) instead of HTTP; before listening. */
void           wcc_http_server_set_tls_certificate (WccHttpServer   *self,
                                            GTlsCertificate *certificate);
gboolean       wcc_http_server_listen      (WccHttpServer *self,
                                            const char    *address,
                                            guint16        port,
                                            GError       **error);
guint16        wcc_http_server_get_port    (WccHttpServer *self);
/* http://ADDRESS:PORT of the first listener, or NULL. */
char          *wcc_http_server_get_url     (WccHttpServer *self);
void           wcc_http_server_disconnect  (WccHttpServer *self);

G_END_DECLS
