/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-server.h: the server's SIP side: one Sofia-SIP stack on the main loop, the
 * registrar and the back-to-back user agent (B2BUA) through which every call passes. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "wcc-acd.h"
#include "wcc-event-hub.h"
#include "wcc-store.h"

G_BEGIN_DECLS

#define WCC_TYPE_SIP_SERVER (wcc_sip_server_get_type ())
G_DECLARE_FINAL_TYPE (WccSipServer, wcc_sip_server, WCC, SIP_SERVER, GObject)

/* @address is a literal IP address; @port 0 takes a free one (UDP and TCP share it). */
WccSipServer *wcc_sip_server_new      (WccStore     *store,
                                       const char   *address,
                                       guint16       port);
/* Binds UDP and TCP and returns once the port is known (a few main-loop turns, at most
 * five seconds). */
gboolean      wcc_sip_server_start    (WccSipServer *self,
                                       GError      **error);
guint16       wcc_sip_server_get_port (WccSipServer *self);
/* "sip:ADDR:PORT". */
char         *wcc_sip_server_get_uri  (WccSipServer *self);
/* Told whenever an agent's number of registered devices changes, and at once for every
 * agent registered now (bindings outlive a restart). */
typedef void (*WccSipRegistrationsFunc) (gint64   client_id,
                                         gint64   user_id,
                                         guint    count,
                                         gpointer user_data);
void          wcc_sip_server_set_registrations_func (WccSipServer            *self,
                                                     WccSipRegistrationsFunc  func,
                                                     gpointer                 user_data);
/* The carriers: @trunks maps a client's name to the sip:HOST[:PORT] its calls to outside
 * numbers go to; @inbound maps a number dialled from outside to "client:queue number". */
void          wcc_sip_server_set_routes (WccSipServer *self,
                                         GHashTable   *trunks,
                                         GHashTable   *inbound);
/* Told when a call an agent placed is answered by the far end (the agent's call is then
 * "answered" for the leaders' monitor; a queue call's answer is the ACD's own news). */
typedef void (*WccSipCallAnsweredFunc) (gint64   client_id,
                                        gint64   agent_id,
                                        gint64   call_id,
                                        gpointer user_data);
void          wcc_sip_server_set_call_answered_func (WccSipServer           *self,
                                                     WccSipCallAnsweredFunc  func,
                                                     gpointer                user_data);
/* Call events ("call.ringing", "call.answered", "call.ended") go out through @hub. */
void          wcc_sip_server_set_hub  (WccSipServer *self,
                                       WccEventHub  *hub);
/* Before start: SIP over TLS too, on @address:@port, with @certificate_dir holding
 * agent.pem (key and certificate) and cafile.pem. */
void          wcc_sip_server_set_tls  (WccSipServer *self,
                                       const char   *address,
                                       guint16       port,
                                       const char   *certificate_dir);
/* "sips:ADDR:PORT", or NULL without TLS. */
char         *wcc_sip_server_get_sips_uri (WccSipServer *self);
/* Queue numbers reach their queues through @acd (the server's one). */
void          wcc_sip_server_set_acd  (WccSipServer *self,
                                       WccAcd       *acd);
/* Supervision of a live call (issue 9): starts a supervision by @leader_id in @mode
 * ("listen", "whisper", "barge"), or changes the mode of theirs; the server rings the
 * leader's registered phone and anchors the call's media once it answers. Returns the
 * supervision ({call_id, leader_id, mode, state}); *@out_created is TRUE for a new one.
 * WCC_ERROR_INVALID_FIELD: unknown mode; WCC_ERROR_CONFLICT: the call is not in progress
 * (not answered, ended, being transferred), another leader supervises it, the leader is
 * on it, or has no registered phone; WCC_ERROR_UNAVAILABLE: no media ports. */
JsonObject   *wcc_sip_server_supervise (WccSipServer *self,
                                        gint64        client_id,
                                        gint64        call_id,
                                        gint64        leader_id,
                                        const char   *mode,
                                        gboolean     *out_created,
                                        GError      **error);
/* Ends the call's supervision (the leader's leg is hung up; the media stays at the server
 * until the call ends). WCC_ERROR_NOT_FOUND when it is not supervised. */
gboolean      wcc_sip_server_supervision_end (WccSipServer *self,
                                              gint64        client_id,
                                              gint64        call_id,
                                              GError      **error);
/* The client's calls supervised now: Supervision objects (with "group_id"), unfiltered. */
GPtrArray    *wcc_sip_server_supervision_list (WccSipServer *self,
                                               gint64        client_id);
/* Stops answering; the stack goes once Sofia has finished its transactions (at most a few
 * seconds, on the main loop). */
void          wcc_sip_server_stop     (WccSipServer *self);

G_END_DECLS
