/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-account.h: one SIP account of the phone: its own Sofia-SIP stack, registration, calls. */
#pragma once

#include <gio/gio.h>

#include "wcc-phone-types.h"

G_BEGIN_DECLS

#define WCC_TYPE_ACCOUNT (wcc_account_get_type ())
G_DECLARE_FINAL_TYPE (WccAccount, wcc_account, WCC, ACCOUNT, GObject)

typedef struct {
  const char   *user;            /* user and auth name: the employee ID */
  const char   *domain;          /* SIP domain and digest realm: the client */
  const char   *password;        /* the SIP extension password (kept in memory only) */
  const char   *display_name;    /* may be NULL */
  const char   *registrar;       /* HOST[:PORT]; NULL: no registration (direct calls only) */
  WccTransport  transport;
  const char   *bind;            /* local ADDRESS[:PORT] to listen on; NULL: 127.0.0.1:0 */
  WccSrtpMode   srtp;
  guint         register_expires; /* seconds; 0: 300 */
  const char *const *codecs;      /* encodings to offer and accept, preferred first
                                   * ("opus", "G722", "PCMU", "PCMA"); NULL: all of them */
  /* TLS (WCC_TRANSPORT_TLS) only. The account then listens for SIPS on TLS alone and
   * registers to sips:REGISTRAR. */
  const char   *tls_certificate_dir; /* a directory holding agent.pem (this phone's private
                                      * key and certificate, PEM, for calls it accepts) and
                                      * cafile.pem (the certificates of the authorities it
                                      * trusts); NULL: Sofia-SIP's default, ~/.sip/auth */
  gboolean      tls_insecure;        /* accept any server certificate (lab setups and tests
                                      * only); by default a server must prove its name with a
                                      * certificate cafile.pem vouches for */
} WccAccountSettings;

/* Properties:
 *   "state"                 WccAccountState (int)
 *   "registration-details"  string  e.g. "Registered as sip:1001@demo at 127.0.0.1:5060 (UDP), expires in 300 s"
 *   "local-uri"             string  where this account can be called directly (sip:user@ip:port)
 *   "user", "domain", "display-name"
 *   "dnd"                   boolean (read-write) answer incoming calls as busy (486)
 *   "auto-answer"           boolean (read-write) answer incoming calls after a short beep
 * Signals:
 *   "incoming-call" (WccCall)  a new call rings; the call is in WCC_CALL_INCOMING
 *   "call-added" (WccCall), "call-removed" (WccCall) */

WccPhone        *wcc_account_get_phone        (WccAccount   *self);
WccAccountState  wcc_account_get_state        (WccAccount   *self);
const char      *wcc_account_get_local_uri    (WccAccount   *self);
const char      *wcc_account_get_registration_details (WccAccount *self);
/* The final SIP status of the last REGISTER answer (200, or 401/403 for credentials the
 * registrar refused …), 0 before any; read it when "state" changes. */
int              wcc_account_get_registration_status (WccAccount *self);
/* The calls of this account, oldest first (a GListModel of WccCall). */
GListModel      *wcc_account_get_calls        (WccAccount   *self);
void             wcc_account_set_dnd          (WccAccount   *self,
                                               gboolean      dnd);
void             wcc_account_set_auto_answer  (WccAccount   *self,
                                               gboolean      auto_answer);

void             wcc_account_register         (WccAccount   *self);
/* New credentials (a replaced password): kept in memory only; registers again with them
 * when registration is wanted. */
void             wcc_account_set_password     (WccAccount   *self,
                                               const char   *password);
void             wcc_account_unregister       (WccAccount   *self);
/* Places a call to @target: an extension or number (sent to the registrar's domain), or a
 * sip: URI. Returns (transfer none) the call, which the account's list holds until it ends. */
WccCall         *wcc_account_dial             (WccAccount   *self,
                                               const char   *target,
                                               GError      **error);
/* The same with extension headers on the INVITE, each "Name: value" (e.g.
 * "X-WCC-Customer-Id: 7": the desktop names the customer a call is for). */
WccCall         *wcc_account_dial_with_headers (WccAccount         *self,
                                                const char         *target,
                                                const char * const *headers,
                                                GError            **error);

G_END_DECLS
