/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-supervision-mixer.h: the server's own media for a supervised call: the customer's,
 * the agent's and the leader's RTP come to the server, are decoded, and each party gets its
 * own mix of the others (listen, whisper, barge), encoded with the codec it negotiated. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WCC_MIX_CUSTOMER,
  WCC_MIX_AGENT,
  WCC_MIX_LEADER,
  WCC_MIX_N_PARTIES
} WccMixParty;

typedef enum {
  WCC_SUPERVISION_NONE,     /* customer and agent hear each other; the leader nothing */
  WCC_SUPERVISION_LISTEN,   /* the leader hears both; nobody hears the leader */
  WCC_SUPERVISION_WHISPER,  /* the agent and the leader hear each other; the customer does not */
  WCC_SUPERVISION_BARGE,    /* everyone hears the other two */
} WccSupervisionMode;

/* "listen", "whisper", "barge" ("none" for NONE); -1 for an unknown name. */
int          wcc_supervision_mode_from_string (const char *name);
const char  *wcc_supervision_mode_to_string   (WccSupervisionMode mode);

typedef struct _WccSupervisionMixer WccSupervisionMixer;

/* Initialises GStreamer (idempotent): at start-up, so the first supervision does not wait
 * for the plugin registry on the main loop. */
void                 wcc_supervision_mixer_init    (void);

/* Binds an RTP (even port) and RTCP (port + 1) socket pair per party on @address. */
WccSupervisionMixer *wcc_supervision_mixer_new     (const char           *address,
                                                    GError              **error);
void                 wcc_supervision_mixer_free    (WccSupervisionMixer  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccSupervisionMixer, wcc_supervision_mixer_free)

/* The server's SDP offer to @party: its socket; the codecs the server can mix, the one of
 * @current_sdp (the party's last SDP, may be NULL) first; once the party's codec is fixed
 * (the mix runs), only that one. */
char                *wcc_supervision_mixer_offer   (WccSupervisionMixer  *self,
                                                    WccMixParty           party,
                                                    const char           *current_sdp);
/* The party's answer to that offer (or its own later offer): where to send, which codec.
 * Once the mix runs only the address may change. WCC_ERROR_PROTOCOL when unusable. */
gboolean             wcc_supervision_mixer_set_remote (WccSupervisionMixer *self,
                                                       WccMixParty          party,
                                                       const char          *sdp,
                                                       GError             **error);
/* The answer to an offer a party sends while anchored (hold, resume, a new address): the
 * same socket and codec; applies the offer's address. NULL (WCC_ERROR_PROTOCOL): refuse 488. */
char                *wcc_supervision_mixer_answer  (WccSupervisionMixer  *self,
                                                    WccMixParty           party,
                                                    const char           *offer,
                                                    GError              **error);
gboolean             wcc_supervision_mixer_has_remote (WccSupervisionMixer *self,
                                                       WccMixParty          party);
/* Builds and plays the mix once every party has a remote (on the main loop). */
gboolean             wcc_supervision_mixer_start   (WccSupervisionMixer  *self,
                                                    GError              **error);
gboolean             wcc_supervision_mixer_is_running (WccSupervisionMixer *self);
/* Who hears whom; takes effect at once (pad mutes, the leader's output valve). */
void                 wcc_supervision_mixer_set_mode (WccSupervisionMixer *self,
                                                     WccSupervisionMode   mode);

G_END_DECLS
