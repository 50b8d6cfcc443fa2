/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-private.h: how the phone, its accounts and their calls talk to each other. */
#pragma once

#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_glib.h>

#include "wcc-media-session.h"
#include "wcc-phone.h"
#include "wcc-sdp.h"
#include "wcc-tone-player.h"

G_BEGIN_DECLS

/* Phone */
su_root_t       *wcc_phone_get_root          (WccPhone      *self);
WccMediaSession *wcc_phone_new_media_session (WccPhone      *self,
                                              GError       **error);
WccTonePlayer   *wcc_phone_get_tones         (WccPhone      *self);
gboolean         wcc_phone_get_busy_tone     (WccPhone      *self);
void             wcc_phone_call_ended        (WccPhone      *self,
                                              WccCall       *call);

/* Account */
WccAccount      *wcc_account_new             (WccPhone                 *phone,
                                              const WccAccountSettings *settings,
                                              GError                  **error);
nua_t           *wcc_account_get_nua         (WccAccount    *self);
const WccSdpCaps *wcc_account_get_sdp_caps   (WccAccount    *self);
/* An extension or number becomes sip:TARGET@registrar-domain; a URI stays as it is. */
char            *wcc_account_target_to_uri   (WccAccount    *self,
                                              const char    *target);
void             wcc_account_forget_call     (WccAccount    *self,
                                              WccCall       *call);
gboolean         wcc_account_get_auto_answer (WccAccount    *self);
/* Answers a 401/407 with the account's digest credentials; FALSE when it cannot, or when
 * *@tries (counted per request handle) passed the limit. */
gboolean         wcc_account_authenticate    (WccAccount    *self,
                                              nua_handle_t  *nh,
                                              sip_t const   *sip,
                                              guint         *tries);
/* For transfers: a call to @uri whose INVITE carries @tags (NOTIFY for the referrer,
 * Replaces). */
WccCall         *wcc_account_dial_with_tags  (WccAccount    *self,
                                              const char    *uri,
                                              tagi_t const  *tags,
                                              GError       **error);
/* Hangs up and starts nua_shutdown; @done runs once the stack is gone (every caller's, when
 * shutdowns overlap). */
void             wcc_account_shutdown        (WccAccount    *self,
                                              GCallback      done,
                                              gpointer       user_data);
void             wcc_account_destroy_now     (WccAccount    *self);
/* The monitor whose "network-changed" makes the account register again (default:
 * g_network_monitor_get_default ()); tests give their own. */
void             wcc_account_set_network_monitor (WccAccount      *self,
                                                  GNetworkMonitor *monitor);
/* How many Sofia stacks exist (not destroyed yet), over every account: for tests. */
guint            wcc_account_debug_live_stacks (void);

/* Call */
WccCall         *wcc_call_new                (WccAccount       *account,
                                              nua_handle_t     *nh,
                                              WccCallDirection  direction,
                                              const char       *remote_uri,
                                              const char       *remote_name);
/* Sends the INVITE with our offer; @tags are extra nua tags (transfer, Replaces). */
gboolean         wcc_call_start_outgoing     (WccCall          *self,
                                              tagi_t const     *tags,
                                              GError          **error);
/* Takes an initial INVITE: returns 0 when it can ring (180 sent), else the status to
 * reject it with. */
guint            wcc_call_take_invite        (WccCall          *self,
                                              sip_t const      *sip);
void             wcc_call_handle_event       (WccCall          *self,
                                              nua_event_t       event,
                                              int               status,
                                              char const       *phrase,
                                              nua_handle_t     *nh,
                                              sip_t const      *sip,
                                              tagi_t            tags[]);
nua_handle_t    *wcc_call_get_handle         (WccCall          *self);
/* Ends the call at once (shutdown): BYE or CANCEL without waiting. */
void             wcc_call_terminate          (WccCall          *self);
/* How long a transfer may go without an outcome (default 32 s): shorter in tests. */
void             wcc_call_set_transfer_timeout (WccCall        *self,
                                                guint           timeout_ms);
/* What the transferee's NOTIFYs said last: the sipfrag status, and whether one of them
 * ended the subscription. For tests and diagnostics. */
void             wcc_call_get_transfer_notify (WccCall         *self,
                                               int             *status,
                                               gboolean        *terminated);
/* How many nua handles calls hold right now, over every account: for leak tests. */
guint            wcc_call_debug_live_handles (void);
/* The SDP this call last sent and received (NULL before): for tests and diagnostics. */
const WccSdp    *wcc_call_get_local_sdp      (WccCall          *self);
const WccSdp    *wcc_call_get_remote_sdp     (WccCall          *self);

G_END_DECLS
