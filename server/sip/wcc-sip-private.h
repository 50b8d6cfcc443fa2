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
WccSipB2bua     *wcc_sip_server_get_b2bua     (WccSipServer *self);
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
void         wcc_sip_b2bua_set_call_answered_func (WccSipB2bua            *self,
                                                   WccSipCallAnsweredFunc  func,
                                                   gpointer                user_data);
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

/* ---- Supervision of live calls (issue 9 supervise): wcc-sip-supervision.c ---- */
#include "wcc-supervision-mixer.h"

typedef struct _WccSipSupervision WccSipSupervision;

/* What supervision needs of a call the B2BUA holds (wcc-sip-b2bua.c). */
typedef struct {
  gint64 client_id;
  gint64 call_id;
  gint64 group_id;
  gint64 agent_id;       /* the supervised agent */
  gint64 other_agent_id; /* an internal call's other agent; 0 for a customer */
} WccSipCallInfo;

/* FALSE unless the call is answered, not ended and not being transferred. */
gboolean           wcc_sip_b2bua_call_info       (WccSipB2bua    *self,
                                                  gint64          client_id,
                                                  gint64          call_id,
                                                  WccSipCallInfo *out);
WccSipSupervision *wcc_sip_b2bua_get_supervision (WccSipB2bua    *self,
                                                  gint64          call_id);
/* The call owns @supervision from now on (freed with it). */
void               wcc_sip_b2bua_set_supervision (WccSipB2bua    *self,
                                                  gint64          call_id,
                                                  WccSipSupervision *supervision);
/* The last SDP @party (customer or agent) sent, or NULL. */
const char        *wcc_sip_b2bua_party_sdp       (WccSipB2bua    *self,
                                                  gint64          call_id,
                                                  WccMixParty     party);
/* Sends @offers[customer] and @offers[agent] in re-INVITEs; each answer goes to
 * wcc_sip_supervision_anchor_answered(). FALSE (nothing sent) when a leg has an offer in
 * progress. */
gboolean           wcc_sip_b2bua_anchor          (WccSipB2bua    *self,
                                                  gint64          call_id,
                                                  const char     *offers[2]);
/* Gives @party the other party's last SDP again (media end to end once more). */
void               wcc_sip_b2bua_unanchor        (WccSipB2bua    *self,
                                                  gint64          call_id,
                                                  WccMixParty     party);
/* Calls @func on every live call's supervision (supervised now or not). */
void               wcc_sip_b2bua_foreach_supervision (WccSipB2bua *self,
                                                      GFunc        func,
                                                      gpointer     user_data);
WccEventHub       *wcc_sip_b2bua_get_hub         (WccSipB2bua    *self);
WccSipServer      *wcc_sip_b2bua_get_server      (WccSipB2bua    *self);

/* The supervision side, called by the B2BUA. */
WccSipSupervision *wcc_sip_supervision_new       (WccSipB2bua    *b2bua,
                                                  const WccSipCallInfo *info,
                                                  GError        **error);
void               wcc_sip_supervision_free      (WccSipSupervision *self);
/* Media comes to the server (or is on its way there). */
gboolean           wcc_sip_supervision_is_anchored (WccSipSupervision *self);
void               wcc_sip_supervision_anchor_answered (WccSipSupervision *self,
                                                        WccMixParty        party,
                                                        int                status,
                                                        const char        *sdp);
/* A party's own offer while anchored: the server's answer, or NULL (488). */
char              *wcc_sip_supervision_answer_offer (WccSipSupervision *self,
                                                     WccMixParty        party,
                                                     const char        *offer);
/* The call ended or changed hands (a transfer): the leader's leg is hung up, the mix stops. */
void               wcc_sip_supervision_call_gone (WccSipSupervision *self,
                                                  const char        *reason);
/* Events of the leader's leg: TRUE when @nh is one (the event is handled). */
gboolean           wcc_sip_supervision_handle    (WccSipB2bua    *b2bua,
                                                  nua_event_t     event,
                                                  int             status,
                                                  nua_handle_t   *nh,
                                                  const sip_t    *sip,
                                                  tagi_t          tags[]);
/* The B2BUA's table of leader legs (nua handle → the leg's state), owned by the B2BUA. */
GHashTable        *wcc_sip_b2bua_leader_legs     (WccSipB2bua    *self);

G_END_DECLS
