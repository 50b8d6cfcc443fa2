/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-private.h: what the SIP server's parts share: the stack, and the entry points
 * of the registrar and the B2BUA. Only files under server/sip/ include it. */
#pragma once

#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>

#include "wcc-acd.h"
#include "wcc-event-hub.h"
#include "wcc-sip-server.h"

G_BEGIN_DECLS

typedef struct _WccSipRegistrar WccSipRegistrar;
typedef struct _WccSipB2bua     WccSipB2bua;

nua_t           *wcc_sip_server_get_nua       (WccSipServer *self);
WccStore        *wcc_sip_server_get_store     (WccSipServer *self);
WccSipRegistrar *wcc_sip_server_get_registrar (WccSipServer *self);
/* The address the server's own URIs use (a literal IP, without brackets for IPv6). */
const char      *wcc_sip_server_get_host      (WccSipServer *self);

/* The registrar: REGISTER with digest authentication, bindings in the store. */
WccSipRegistrar *wcc_sip_registrar_new    (WccSipServer    *server);
void             wcc_sip_registrar_free   (WccSipRegistrar *self);
/* Answers the REGISTER of @nh and destroys the handle. */
void             wcc_sip_registrar_handle (WccSipRegistrar *self,
                                           nua_handle_t    *nh,
                                           const sip_t     *sip);

/* The registrar's live contacts ("sip:…" strings, newest first) of an agent; NULL or empty
 * when none. */
GPtrArray       *wcc_sip_registrar_lookup (WccSipRegistrar *self,
                                           gint64           client_id,
                                           gint64           user_id);
/* Checks the digest credentials of any request. When they are missing or wrong it answers
 * the challenge itself (401, or 407 with @proxy) and returns FALSE; the caller still
 * destroys @nh. */
gboolean         wcc_sip_registrar_authenticate (WccSipRegistrar *self,
                                                 nua_handle_t    *nh,
                                                 const sip_t     *sip,
                                                 gboolean         proxy,
                                                 gint64          *out_client_id,
                                                 gint64          *out_user_id);
/* How many live registrations (devices) the agent has. */
guint            wcc_sip_registrar_count  (WccSipRegistrar *self,
                                           gint64           client_id,
                                           gint64           user_id);
/* "registrations-changed": called when an agent's number of registrations changes (a
 * REGISTER, an un-register, an expiry found by the purge every 10 s). Setting it calls it
 * at once for every agent registered now: bindings outlive a restart. */
typedef void (*WccSipRegistrationsChanged) (gint64   client_id,
                                            gint64   user_id,
                                            guint    count,
                                            gpointer user_data);
void             wcc_sip_registrar_set_changed_func (WccSipRegistrar *self,
                                                     WccSipRegistrationsChanged func,
                                                     gpointer         user_data);
/* Drops expired bindings now (the registrar also does it by itself every 10 s). */
void             wcc_sip_registrar_purge  (WccSipRegistrar *self);

/* The B2BUA: every other event of the stack. */
WccSipB2bua *wcc_sip_b2bua_new    (WccSipServer *server);
void         wcc_sip_b2bua_free   (WccSipB2bua  *self);
/* Queue numbers are served once the ACD is known. */
void         wcc_sip_b2bua_set_acd (WccSipB2bua *self,
                                    WccAcd      *acd);
/* Trunks (client name → sip:HOST[:PORT]) and inbound numbers (number → "client:queue");
 * NULL for none. */
void         wcc_sip_b2bua_set_routes (WccSipB2bua *self,
                                       GHashTable  *trunks,
                                       GHashTable  *inbound);
/* Call events go to the agents concerned through @hub. */
void         wcc_sip_b2bua_set_hub (WccSipB2bua *self,
                                    WccEventHub *hub);
void         wcc_sip_b2bua_handle (WccSipB2bua  *self,
                                   nua_event_t   event,
                                   int           status,
                                   const char   *phrase,
                                   nua_handle_t *nh,
                                   nua_hmagic_t *hmagic,
                                   const sip_t  *sip,
                                   tagi_t        tags[]);

G_END_DECLS
