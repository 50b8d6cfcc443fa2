/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-private.h: what the SIP server's parts share: the stack, and the entry points
 * of the registrar and the B2BUA. Only files under server/sip/ include it. */
#pragma once

#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>

#include "wcc-sip-server.h"

G_BEGIN_DECLS

typedef struct _WccSipRegistrar WccSipRegistrar;
typedef struct _WccSipB2bua     WccSipB2bua;

nua_t    *wcc_sip_server_get_nua   (WccSipServer *self);
WccStore *wcc_sip_server_get_store (WccSipServer *self);

/* The registrar: REGISTER with digest authentication, bindings in the store. */
WccSipRegistrar *wcc_sip_registrar_new    (WccSipServer    *server);
void             wcc_sip_registrar_free   (WccSipRegistrar *self);
/* Answers the REGISTER of @nh and destroys the handle. */
void             wcc_sip_registrar_handle (WccSipRegistrar *self,
                                           nua_handle_t    *nh,
                                           const sip_t     *sip);

/* The B2BUA: every other event of the stack. */
WccSipB2bua *wcc_sip_b2bua_new    (WccSipServer *server);
void         wcc_sip_b2bua_free   (WccSipB2bua  *self);
void         wcc_sip_b2bua_handle (WccSipB2bua  *self,
                                   nua_event_t   event,
                                   int           status,
                                   const char   *phrase,
                                   nua_handle_t *nh,
                                   nua_hmagic_t *hmagic,
                                   const sip_t  *sip,
                                   tagi_t        tags[]);

G_END_DECLS
