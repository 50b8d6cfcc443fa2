/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-interop.h: foreign SIP peers for interop tests (Kamailio, baresip), our phones, ears. */
#pragma once

#include <gio/gio.h>

#include "wcc-phone-private.h"

G_BEGIN_DECLS

/* A loopback port whose UDP and TCP ports port … port + @span - 1 are all free now. */
guint16      wcc_interop_free_port       (guint          span);
/* Runs the default main context for @ms milliseconds. */
void         wcc_interop_run_for         (guint          ms);

/* A foreign program in its own process group, killed with us whatever happens (it gets
 * SIGTERM when the test process dies); its stdout and stderr go to @log_path. */
GSubprocess *wcc_interop_spawn           (const char * const *argv,
                                          const char    *log_path);
/* SIGTERM, at most 3 s for it to exit, then SIGKILL for the whole group. */
void         wcc_interop_stop            (GSubprocess  **process);

/* Kamailio as registrar and record-routing proxy on 127.0.0.1:@port (UDP and TCP), no
 * database: digest passwords are "pw-USER". Its config and log live in @dir. */
typedef struct {
  char        *dir;
  char        *config;
  char        *log;
  guint16      port;
  GSubprocess *process;
} WccKamailio;

WccKamailio *wcc_kamailio_start          (const char    *dir,
                                          guint16        port);
void         wcc_kamailio_stop           (WccKamailio   *kamailio);
/* Starts it again on the same port, with an empty location table. */
void         wcc_kamailio_restart        (WccKamailio   *kamailio);
void         wcc_kamailio_free           (WccKamailio   *kamailio);

/* baresip registered at Kamailio as @user (password "pw-USER"), sending a 1 kHz sine,
 * answering calls by itself, writing what it hears into WAVs in @dir, controlled over
 * ctrl_tcp (netstring JSON). */
typedef struct {
  char              *dir;
  char              *user;
  guint16            sip_port;
  guint16            ctrl_port;
  GSubprocess       *process;
  GSocketConnection *ctrl;
  GString           *input;
  GPtrArray         *events;     /* JSON texts of events not consumed yet */
} WccBaresip;

WccBaresip  *wcc_baresip_start           (const char    *dir,
                                          const char    *user,
                                          guint16        kamailio_port);
/* The same registered to another registrar (a wcc-server) at 127.0.0.1:@registrar_port as
 * @user@@domain with @password, over UDP. */
WccBaresip  *wcc_baresip_start_at        (const char    *dir,
                                          const char    *user,
                                          const char    *domain,
                                          const char    *password,
                                          guint16        registrar_port);
void         wcc_baresip_free            (WccBaresip    *baresip);
/* Sends {"command": @command, "params": @params} and waits for its response. */
void         wcc_baresip_command         (WccBaresip    *baresip,
                                          const char    *command,
                                          const char    *params);
/* Waits for an event of @type ("CALL_ESTABLISHED", "CALL_CLOSED", …) and consumes it
 * (and those before it); FALSE after @timeout_ms. */
gboolean     wcc_baresip_wait_event      (WccBaresip    *baresip,
                                          const char    *type,
                                          guint          timeout_ms);
/* The newest WAV of what baresip heard ("-dec.wav"), NULL when there is none. */
char        *wcc_baresip_heard_wav       (WccBaresip    *baresip);
/* Waits until what baresip heard after byte @from of its newest recording has a power
 * share at @freqs (summed) of at least @at_least (or, when @at_least < 0, below @below);
 * FALSE after @timeout_ms. */
gboolean     wcc_baresip_hears           (WccBaresip    *baresip,
                                          gsize          from,
                                          const double  *freqs,
                                          guint          n_freqs,
                                          double         at_least,
                                          double         below,
                                          guint          timeout_ms);

/* WAV analysis (16-bit PCM, any rate and channel count; the file may still grow). Bytes
 * of the file now, to mark where a later analysis starts. */
gsize        wcc_wav_size                (const char    *path);
/* Fraction (0…1) of the signal's power at @freq_hz in the last @seconds of the file after
 * byte @from (0: after the header); -1 when there is less than 0.2 s to analyse. */
double       wcc_wav_tone_ratio          (const char    *path,
                                          gsize          from,
                                          double         seconds,
                                          double         freq_hz);

/* One of our phones with one account, sending a sine of @tone Hz, hearing through a
 * wcctonesink. */
typedef struct {
  WccPhone   *phone;
  WccAccount *account;
  char       *ear;
  double      tone;
  WccCall    *last_incoming;
  gboolean    answer_incoming;
} WccParty;

WccParty    *wcc_party_new               (const WccAccountSettings *settings,
                                          double         tone);
/* The same, registered (fails unless it is within 5 s). */
WccParty    *wcc_party_new_registered    (const WccAccountSettings *settings,
                                          double         tone);
void         wcc_party_free              (WccParty      *party);
/* Dials @target (a number or URI), asserting it could; a new reference to the call. */
WccCall     *wcc_party_dial              (WccParty      *party,
                                          const char    *target);
/* Waits until the account is in @state; fails after @timeout_ms. */
void         wcc_party_wait_account      (WccParty      *party,
                                          WccAccountState state,
                                          guint          timeout_ms);
WccCall     *wcc_party_wait_incoming     (WccParty      *party,
                                          guint          timeout_ms);
void         wcc_party_assert_hears      (WccParty      *party,
                                          double         freq_hz);
void         wcc_interop_wait_call_state (WccCall       *call,
                                          WccCallState   state,
                                          guint          timeout_ms);

/* Captures 2 s of the RTP arriving at @port (dumpcap, tshark) and returns the share of the
 * power at @freqs (summed) in the payloads read as µ-law (PCMU); -1 when nothing could be
 * captured. */
double       wcc_interop_captured_tone_share (const char   *dir,
                                              guint16       port,
                                              const double *freqs,
                                              guint         n_freqs);

G_END_DECLS
