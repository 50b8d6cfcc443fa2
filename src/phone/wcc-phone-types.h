/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone-types.h: the states and kinds the softphone's objects report. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WccPhone   WccPhone;
typedef struct _WccAccount WccAccount;
typedef struct _WccCall    WccCall;

typedef enum {
  WCC_ACCOUNT_OFFLINE,       /* not registered, not trying */
  WCC_ACCOUNT_REGISTERING,
  WCC_ACCOUNT_REGISTERED,
  WCC_ACCOUNT_FAILED,        /* last try failed; retrying with backoff */
  WCC_ACCOUNT_UNREGISTERING,
} WccAccountState;

typedef enum {
  WCC_TRANSPORT_UDP,
  WCC_TRANSPORT_TCP,
  WCC_TRANSPORT_TLS,
} WccTransport;

typedef enum {
  WCC_SRTP_OPTIONAL,         /* offer plain RTP, accept SRTP offers */
  WCC_SRTP_MANDATORY,        /* offer and accept SRTP only */
  WCC_SRTP_DISABLED,         /* refuse SRTP offers */
} WccSrtpMode;

typedef enum {
  WCC_CALL_DIRECTION_OUTGOING,
  WCC_CALL_DIRECTION_INCOMING,
} WccCallDirection;

typedef enum {
  WCC_CALL_DIALING,          /* INVITE sent, no answer yet */
  WCC_CALL_RINGING,          /* outgoing: the far end rings (180/183) */
  WCC_CALL_INCOMING,         /* incoming: ringing here */
  WCC_CALL_ACTIVE,           /* talking (possibly held: see on-hold / remote-hold) */
  WCC_CALL_ENDED,
} WccCallState;

G_END_DECLS
