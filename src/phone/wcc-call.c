/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call.c: one call of an account: its signalling state, its media, and what a UI binds to.
 * Sofia's nua runs with media disabled: SDP offers and answers are ours (wcc-sdp.c), so hold,
 * codecs and SRTP are decided here, and every nua event of the call arrives in one place,
 * wcc_call_handle_event(). */
#define G_LOG_DOMAIN "wcc-call"

#include <glib/gi18n-lib.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/url.h>

#include "wcc-error.h"
#include "wcc-phone-private.h"

#define BUSY_TONE_SECONDS 3
#define AUTO_ANSWER_BEEP_MS 600
/* A transfer with no outcome by then has failed (64 × T1, as long as a transaction lives). */
#define TRANSFER_TIMEOUT_MS 32000
#define DTMF_DIGIT_MS 120

struct _WccCall
{
  GObject           parent_instance;
  WccAccount       *account;        /* weak: the account keeps its calls */
  nua_handle_t     *nh;
  WccCallDirection  direction;
  WccCallState      state;
  char             *remote_uri;
  char             *remote_number;
  char             *remote_name;
  WccMediaSession  *media;
  WccSdp           *local_sdp;
  WccSdp           *remote_sdp;
  guint64           session_id;
  guint64           session_version;
  gboolean          media_started;
  gboolean          on_hold;
  gboolean          remote_hold;
  gboolean          muted;
  gboolean          reinvite_pending;
  guint             reinvite_retry_id; /* after a 491: RFC 3261 §14.1 */
  gboolean          media_can_send;    /* the applied SDP lets us send (not held by them) */
  GString          *pending_dtmf;      /* digits waiting until we may send again */
  gboolean          transferring;
  gboolean          transfer_expired;  /* our deadline passed; a late success still counts */
  guint             transfer_timeout_ms;
  guint             transfer_timer_id;
  guint             refer_auth_tries;
  int               transfer_notify_status;      /* last sipfrag code the transferee sent */
  gboolean          transfer_notify_terminated;  /* and whether it ended the subscription */
  WccCall          *referrer;          /* weak: the call whose REFER this call follows */
  char             *refer_event;       /* that REFER's Event, for the NOTIFYs we owe it */
  gboolean          playing_tone;
  gint64            start_time;
  gint64            answer_time;
  gint64            end_time;
  char             *end_reason;
  int               end_status;
  int               answer_after;
  guint             auto_answer_id;
  guint             auth_tries;
  WccSdp           *offer_backup;   /* our SDP before a re-offer, restored if it is refused */
  GHashTable       *invite_headers; /* the extension headers of the other side's INVITE
                                     * or answers, by lower-case name */
};

G_DEFINE_FINAL_TYPE (WccCall, wcc_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_DIRECTION,
  PROP_STATE,
  PROP_REMOTE_URI,
  PROP_REMOTE_NUMBER,
  PROP_REMOTE_NAME,
  PROP_ON_HOLD,
  PROP_REMOTE_HOLD,
  PROP_MUTED,
  PROP_CODEC,
  PROP_JITTER_MS,
  PROP_PACKET_LOSS,
  PROP_RTT_MS,
  PROP_MOS,
  PROP_RECORDING,
  PROP_START_TIME,
  PROP_ANSWER_TIME,
  PROP_END_TIME,
  PROP_END_REASON,
  PROP_END_STATUS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DTMF_RECEIVED,
  SIGNAL_TRANSFER_DONE,
  SIGNAL_ENDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Handles the calls still hold, over every account: a debugging aid for tests. */
static guint live_handles;

static WccPhone *
call_phone (WccCall *self)
{
  return self->account ? wcc_account_get_phone (self->account) : NULL;
}

static void
set_state (WccCall      *self,
           WccCallState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
play_tone (WccCall *self,
           WccTone  tone,
           guint    seconds)
{
  WccPhone *phone = call_phone (self);

  if (phone == NULL)
    return;
  wcc_tone_player_play (wcc_phone_get_tones (phone), tone, seconds);
  self->playing_tone = TRUE;
}

static void
stop_tone (WccCall *self)
{
  WccPhone *phone = call_phone (self);

  if (self->playing_tone && phone != NULL)
    wcc_tone_player_stop (wcc_phone_get_tones (phone));
  self->playing_tone = FALSE;
}

/* The user part of a SIP URI: what a person calls the number. */
static char *
number_of_uri (const char *uri)
{
  const char *start = uri;
  const char *colon = strchr (uri, ':');
  const char *at;

  if (colon != NULL)
    start = colon + 1;
  at = strchr (start, '@');
  if (at == NULL)
    return g_strdup (start);
  return g_uri_unescape_segment (start, at, NULL);
}

static void
set_referrer (WccCall *self,
              WccCall *referrer)
{
  if (self->referrer != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->referrer), (gpointer *) &self->referrer);
  self->referrer = referrer;
  if (referrer != NULL)
    g_object_add_weak_pointer (G_OBJECT (referrer), (gpointer *) &self->referrer);
}

/* The transferee's duty (RFC 3515): tell the referrer how our call to the target goes, as a
 * message/sipfrag NOTIFY; a final status ends the subscription. We send these ourselves:
 * nua would report every failure as 503. */
static void
send_refer_notify (WccCall    *referrer,
                   const char *event,
                   int         status,
                   const char *phrase)
{
  g_autofree char *frag = NULL;

  if (referrer == NULL || referrer->nh == NULL || event == NULL)
    return;
  frag = g_strdup_printf ("SIP/2.0 %03d %s\r\n", status, phrase != NULL ? phrase : "");
  nua_notify (referrer->nh,
              SIPTAG_EVENT_STR (event),
              SIPTAG_SUBSCRIPTION_STATE_STR (status >= 200 ? "terminated;reason=noresource" : "active"),
              SIPTAG_CONTENT_TYPE_STR ("message/sipfrag;version=2.0"),
              SIPTAG_PAYLOAD_STR (frag),
              TAG_END ());
}

static void
notify_referrer (WccCall    *self,
                 int         status,
                 const char *phrase)
{
  if (self->refer_event == NULL)
    return;
  send_refer_notify (self->referrer, self->refer_event, status, phrase);
  if (status >= 200)
    {
      g_clear_pointer (&self->refer_event, g_free);
      set_referrer (self, NULL);
    }
}

static void
clear_timers (WccCall *self)
{
  g_clear_handle_id (&self->auto_answer_id, g_source_remove);
  g_clear_handle_id (&self->reinvite_retry_id, g_source_remove);
  g_clear_handle_id (&self->transfer_timer_id, g_source_remove);
}

static void
end_call (WccCall    *self,
          const char *reason,
          int         status)
{
  WccPhone *phone = call_phone (self);

  if (self->state == WCC_CALL_ENDED)
    return;
  clear_timers (self);
  stop_tone (self);
  if (self->pending_dtmf != NULL)
    g_string_truncate (self->pending_dtmf, 0);
  /* A call that followed a REFER and ends before it was answered: the transfer failed. */
  if (status >= 300)
    notify_referrer (self, status, sip_status_phrase (status));
  else
    notify_referrer (self, SIP_503_SERVICE_UNAVAILABLE);
  if (self->media != NULL)
    wcc_media_session_stop (self->media);
  self->end_time = g_get_real_time ();
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  self->end_status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
  set_state (self, WCC_CALL_ENDED);

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_ENDED], 0);
  if (phone != NULL)
    wcc_phone_call_ended (phone, self);
  if (self->account != NULL)
    wcc_account_forget_call (self->account, self);
  g_object_unref (self);
}

/* Lets go of the nua handle: once the dialog is over (or at shutdown). nua delivers no event
 * of a destroyed handle, so this is safe inside the handle's own callback too. */
static void
release_handle (WccCall *self)
{
  if (self->nh == NULL)
    return;
  nua_handle_bind (self->nh, NULL);
  nua_handle_destroy (self->nh);
  self->nh = NULL;
  g_assert (live_handles > 0);
  live_handles--;
}

guint
wcc_call_debug_live_handles (void)
{
  return live_handles;
}

static WccSdp *
parse_payload (sip_t const  *sip,
               GError      **error)
{
  g_autofree char *text = NULL;

  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_len == 0)
    return NULL;
  text = g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  return wcc_sdp_parse (text, error);
}

static void
update_remote_hold (WccCall *self)
{
  gboolean held = self->remote_sdp != NULL &&
                  (self->remote_sdp->direction == WCC_SDP_SENDONLY ||
                   self->remote_sdp->direction == WCC_SDP_INACTIVE);

  if (held == self->remote_hold)
    return;
  self->remote_hold = held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_HOLD]);
}

/* Key tones wait while the other side holds us (we may not send then): they go out, in
 * order, once the media may send again. */
static void
flush_pending_dtmf (WccCall *self)
{
  if (self->pending_dtmf == NULL || self->pending_dtmf->len == 0 || !self->media_can_send)
    return;
  for (gsize i = 0; i < self->pending_dtmf->len; i++)
    if (!wcc_media_session_send_dtmf (self->media, self->pending_dtmf->str[i], DTMF_DIGIT_MS))
      {
        g_warning ("Call with %s: key tones dropped, the other side no longer takes them",
                   self->remote_uri);
        break;
      }
  g_string_truncate (self->pending_dtmf, 0);
}

/* Starts or updates the media from the current SDP pair. */
/* Starts (or updates) the audio; FALSE when it cannot, with *@unusable set when the fault
 * is in what the other side offered (answer 488), not ours (500). */
static gboolean
apply_media_checked (WccCall  *self,
                     gboolean *unusable)
{
  g_autoptr(GError) error = NULL;

  if (unusable != NULL)
    *unusable = FALSE;
  if (self->local_sdp == NULL || self->remote_sdp == NULL)
    return FALSE;
  if (!wcc_media_session_apply (self->media, self->local_sdp, self->remote_sdp, &error))
    {
      g_warning ("Call with %s: %s", self->remote_uri, error->message);
      if (unusable != NULL)
        *unusable = g_error_matches (error, WCC_ERROR, WCC_ERROR_PROTOCOL);
      return FALSE;
    }
  self->media_started = TRUE;
  self->media_can_send = self->local_sdp->direction == WCC_SDP_SENDRECV ||
                         self->local_sdp->direction == WCC_SDP_SENDONLY;
  wcc_media_session_set_hold (self->media, self->on_hold);
  update_remote_hold (self);
  flush_pending_dtmf (self);
  return TRUE;
}

static gboolean
apply_media (WccCall *self)
{
  return apply_media_checked (self, NULL);
}

static void
on_media_notify (GObject    *media,
                 GParamSpec *pspec,
                 WccCall    *self)
{
  static const struct { const char *name; guint prop; } forwarded[] = {
    { "codec", PROP_CODEC }, { "jitter-ms", PROP_JITTER_MS }, { "packet-loss", PROP_PACKET_LOSS },
    { "rtt-ms", PROP_RTT_MS }, { "mos", PROP_MOS }, { "recording", PROP_RECORDING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (forwarded); i++)
    if (g_str_equal (pspec->name, forwarded[i].name))
      g_object_notify_by_pspec (G_OBJECT (self), properties[forwarded[i].prop]);
}

static void
on_media_dtmf (WccMediaSession *media,
               gchar            digit,
               WccCall         *self)
{
  g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, digit);
}

static void
on_media_error (WccMediaSession *media,
                GError          *error,
                WccCall         *self)
{
  g_warning ("Call with %s: media failed: %s", self->remote_uri, error->message);
  wcc_call_hangup (self);
}

static gboolean
create_media (WccCall  *self,
              GError  **error)
{
  WccPhone *phone = call_phone (self);

  self->media = wcc_phone_new_media_session (phone, error);
  if (self->media == NULL)
    return FALSE;
  g_signal_connect (self->media, "notify", G_CALLBACK (on_media_notify), self);
  g_signal_connect (self->media, "dtmf-received", G_CALLBACK (on_media_dtmf), self);
  g_signal_connect (self->media, "error", G_CALLBACK (on_media_error), self);
  self->session_id = g_random_int () + 1;
  self->session_version = 1;
  return TRUE;
}

gboolean
wcc_call_start_outgoing (WccCall       *self,
                         tagi_t const  *tags,
                         GError       **error)
{
  g_autofree char *text = NULL;

  if (!create_media (self, error))
    return FALSE;
  self->local_sdp = wcc_sdp_make_offer (wcc_account_get_sdp_caps (self->account),
                                        wcc_media_session_get_address (self->media),
                                        wcc_media_session_get_port (self->media),
                                        WCC_SDP_SENDRECV, self->session_id, self->session_version);
  text = wcc_sdp_to_string (self->local_sdp);
  nua_handle_bind (self->nh, self);
  nua_invite (self->nh,
              SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
              SIPTAG_PAYLOAD_STR (text),
              TAG_NEXT (tags));
  self->start_time = g_get_real_time ();
  set_state (self, WCC_CALL_DIALING);
  return TRUE;
}

/* Call-Info: <…>;answer-after=N or Alert-Info: <…>;info=alert-autoanswer ask us to answer
 * by ourselves (a paging or intercom call, or the dialler's agent leg). */
static int
requested_answer_after (sip_t const *sip)
{
  for (sip_call_info_t const *info = sip ? sip->sip_call_info : NULL; info; info = info->ci_next)
    {
      char const *value = msg_params_find (info->ci_params, "answer-after=");
      if (value != NULL)
        return (int) g_ascii_strtoull (value, NULL, 10);
    }
  for (sip_alert_info_t const *info = sip ? sip_alert_info (sip) : NULL; info; info = info->ai_next)
    {
      char const *value = msg_params_find (info->ai_params, "info=");
      if (value != NULL && g_ascii_strcasecmp (value, "alert-autoanswer") == 0)
        return 0;
    }
  return -1;
}

/* Headers Sofia-SIP does not know (X-…) of the INVITE or of its answers: a server may say
 * which call this is. A later message's value replaces an earlier one's. */
static void
keep_invite_headers (WccCall     *self,
                     sip_t const *sip)
{
  if (self->invite_headers == NULL)
    self->invite_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (sip_unknown_t const *h = sip ? sip->sip_unknown : NULL; h != NULL; h = h->un_next)
    if (h->un_name != NULL && h->un_value != NULL)
      g_hash_table_insert (self->invite_headers, g_ascii_strdown (h->un_name, -1), g_strdup (h->un_value));
}

static gboolean
on_auto_answer (gpointer user_data)
{
  WccCall *self = user_data;
  g_autoptr(GError) error = NULL;

  self->auto_answer_id = 0;
  if (self->state == WCC_CALL_INCOMING && !wcc_call_answer (self, &error))
    g_warning ("Auto-answer failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

guint
wcc_call_take_invite (WccCall     *self,
                      sip_t const *sip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccSdp) offer = NULL;

  nua_handle_bind (self->nh, self);
  offer = parse_payload (sip, &error);
  if (offer == NULL)
    {
      /* Offer-less INVITEs are rare among phones and trunks; we want the offer first. */
      g_debug ("INVITE without a usable offer: %s", error ? error->message : "no SDP");
      return 488;
    }
  if (!create_media (self, &error))
    {
      g_warning ("No media for an incoming call: %s", error->message);
      return 500;
    }
  self->local_sdp = wcc_sdp_make_answer (offer, wcc_account_get_sdp_caps (self->account),
                                         wcc_media_session_get_address (self->media),
                                         wcc_media_session_get_port (self->media),
                                         WCC_SDP_SENDRECV, self->session_id, self->session_version,
                                         &error);
  if (self->local_sdp == NULL)
    {
      g_debug ("Cannot answer the offer: %s", error->message);
      return 488;
    }
  self->remote_sdp = g_steal_pointer (&offer);
  self->answer_after = requested_answer_after (sip);
  keep_invite_headers (self, sip);
  self->start_time = g_get_real_time ();
  set_state (self, WCC_CALL_INCOMING);
  nua_respond (self->nh, SIP_180_RINGING, TAG_END ());

  if (self->answer_after >= 0 || wcc_account_get_auto_answer (self->account))
    {
      /* A short beep first, so the agent knows a caller is there. */
      guint delay_ms = AUTO_ANSWER_BEEP_MS + (guint) MAX (self->answer_after, 0) * 1000;
      play_tone (self, WCC_TONE_BEEP, 1);
      self->auto_answer_id = g_timeout_add (delay_ms, on_auto_answer, self);
    }
  else
    play_tone (self, WCC_TONE_RINGTONE, 0);
  return 0;
}

gboolean
wcc_call_answer (WccCall  *self,
                 GError  **error)
{
  g_autofree char *text = NULL;
  gboolean unusable;

  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);

  if (self->state != WCC_CALL_INCOMING || self->nh == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("There is no ringing call to answer"));
      return FALSE;
    }
  g_clear_handle_id (&self->auto_answer_id, g_source_remove);
  stop_tone (self);
  /* Audio first: a 200 must not go out for a call that cannot talk. */
  if (!apply_media_checked (self, &unusable))
    {
      if (unusable)
        {
          nua_respond (self->nh, SIP_488_NOT_ACCEPTABLE, TAG_END ());
          end_call (self, _("the other side's audio offer cannot be used"), 488);
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                               _("The other side’s audio offer cannot be used"));
          return FALSE;
        }
      nua_respond (self->nh, SIP_500_INTERNAL_SERVER_ERROR, TAG_END ());
      end_call (self, _("the call's audio could not start"), 500);
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("The call’s audio could not start"));
      return FALSE;
    }
  text = wcc_sdp_to_string (self->local_sdp);
  nua_respond (self->nh, SIP_200_OK,
               SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
               SIPTAG_PAYLOAD_STR (text),
               TAG_END ());
  self->answer_time = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER_TIME]);
  set_state (self, WCC_CALL_ACTIVE);
  return TRUE;
}

void
wcc_call_reject (WccCall *self,
                 guint    status)
{
  g_return_if_fail (WCC_IS_CALL (self));

  if (self->state != WCC_CALL_INCOMING || self->nh == NULL)
    return;
  if (status != 486 && status != 603 && status != 480)
    status = 486;
  nua_respond (self->nh, status, sip_status_phrase (status), TAG_END ());
  end_call (self, status == 603 ? _("declined") : _("rejected as busy"), status);
}

void
wcc_call_hangup (WccCall *self)
{
  g_return_if_fail (WCC_IS_CALL (self));

  switch (self->state)
    {
    case WCC_CALL_DIALING:
    case WCC_CALL_RINGING:
      if (self->nh)
        nua_cancel (self->nh, TAG_END ());
      end_call (self, _("cancelled"), 0);
      break;
    case WCC_CALL_INCOMING:
      wcc_call_reject (self, 486);
      break;
    case WCC_CALL_ACTIVE:
      if (self->nh)
        nua_bye (self->nh, TAG_END ());
      end_call (self, _("hung up"), 0);
      break;
    case WCC_CALL_ENDED:
    default:
      break;
    }
}

/* Shutdown: hang up and let go of the handle now, before the stack (and every handle
 * with it) is destroyed; nua ends what the handle still has going. */
void
wcc_call_terminate (WccCall *self)
{
  wcc_call_hangup (self);
  release_handle (self);
}

/* A new offer in a re-INVITE: hold (sendonly) or resume (sendrecv). */
static gboolean
send_reoffer (WccCall  *self,
              GError  **error)
{
  g_autofree char *text = NULL;
  WccSdpDirection direction = self->on_hold ? WCC_SDP_SENDONLY : WCC_SDP_SENDRECV;

  if (self->reinvite_pending)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("The call is still being updated; try again"));
      return FALSE;
    }
  /* Re-offer the codec in use only: a peer answering from a longer list may pick another
   * one, and a codec change is not what hold or resume are about. */
  {
    g_autofree char *current = g_strdup (wcc_call_get_codec (self));
    const char *only[] = { current, NULL };
    WccSdpCaps caps = *wcc_account_get_sdp_caps (self->account);

    if (current != NULL)
      caps.codecs = only;
    /* SRTP stays as the call has it (it cannot be switched during a call): a call we
     * answered as SRTP re-offers SRTP, whatever the account offers of its own. The key is
     * a new one, as RFC 4568 allows; the other side's answer brings its new key too. */
    if (self->local_sdp != NULL)
      caps.srtp_offer = self->local_sdp->secure;
    g_clear_pointer (&self->offer_backup, wcc_sdp_free);
    self->offer_backup = g_steal_pointer (&self->local_sdp);
    self->local_sdp = wcc_sdp_make_offer (&caps,
                                          wcc_media_session_get_address (self->media),
                                          wcc_media_session_get_port (self->media),
                                          direction, self->session_id, ++self->session_version);
  }
  text = wcc_sdp_to_string (self->local_sdp);
  self->reinvite_pending = TRUE;
  nua_invite (self->nh,
              SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
              SIPTAG_PAYLOAD_STR (text),
              TAG_END ());
  return TRUE;
}

/* Our re-offer went unanswered (491) or was withdrawn: our SDP is what it was before. */
static void
restore_offer_backup (WccCall *self)
{
  if (self->offer_backup == NULL)
    return;
  g_clear_pointer (&self->local_sdp, wcc_sdp_free);
  self->local_sdp = g_steal_pointer (&self->offer_backup);
  self->session_version = self->local_sdp->session_version;
}

static gboolean
on_reinvite_retry (gpointer user_data)
{
  WccCall *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean holding;

  self->reinvite_retry_id = 0;
  if (self->state != WCC_CALL_ACTIVE || self->nh == NULL || self->local_sdp == NULL)
    return G_SOURCE_REMOVE;
  /* Their re-INVITE, answered meanwhile, may already have brought what we wanted. */
  holding = self->local_sdp->direction == WCC_SDP_SENDONLY ||
            self->local_sdp->direction == WCC_SDP_INACTIVE;
  if (holding == self->on_hold)
    return G_SOURCE_REMOVE;
  if (!send_reoffer (self, &error))
    g_debug ("re-INVITE retry: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* RFC 3261 §14.1: after a 491 the owner of the Call-ID (who placed the call) waits 2.1–4 s,
 * the other side 0–2 s, in units of 10 ms; so the two re-offers no longer cross. */
static void
schedule_reinvite_retry (WccCall *self)
{
  gboolean owner = self->direction == WCC_CALL_DIRECTION_OUTGOING;
  guint delay_ms = 10 * (owner ? g_random_int_range (210, 401) : g_random_int_range (0, 201));

  g_clear_handle_id (&self->reinvite_retry_id, g_source_remove);
  self->reinvite_retry_id = g_timeout_add (delay_ms, on_reinvite_retry, self);
}

gboolean
wcc_call_set_hold (WccCall   *self,
                   gboolean   hold,
                   GError   **error)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);

  if (self->state != WCC_CALL_ACTIVE || self->nh == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Only a connected call can be held"));
      return FALSE;
    }
  if (self->on_hold == !!hold)
    return TRUE;
  g_clear_handle_id (&self->reinvite_retry_id, g_source_remove);
  self->on_hold = !!hold;
  if (!send_reoffer (self, error))
    {
      self->on_hold = !hold;
      return FALSE;
    }
  /* Music starts at once; the re-INVITE tells the other side to stop sending. */
  wcc_media_session_set_hold (self->media, self->on_hold);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_HOLD]);
  return TRUE;
}

void
wcc_call_set_muted (WccCall  *self,
                    gboolean  muted)
{
  g_return_if_fail (WCC_IS_CALL (self));

  if (self->muted == !!muted)
    return;
  self->muted = !!muted;
  if (self->media)
    wcc_media_session_set_muted (self->media, self->muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
wcc_call_set_volume (WccCall *self,
                     double   volume)
{
  g_return_if_fail (WCC_IS_CALL (self));

  if (self->media)
    wcc_media_session_set_volume (self->media, volume);
}

gboolean
wcc_call_set_audio_sink (WccCall     *self,
                         const char  *description,
                         GError     **error)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);

  if (self->media == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE, _("The call has no audio"));
      return FALSE;
    }
  return wcc_media_session_set_sink (self->media, description, error);
}

gboolean
wcc_call_send_dtmf (WccCall     *self,
                    const char  *digits,
                    GError     **error)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);

  if (self->state != WCC_CALL_ACTIVE || !self->media_started)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Key tones need a connected call"));
      return FALSE;
    }
  for (const char *p = digits; *p; p++)
    g_return_val_if_fail (strchr ("0123456789*#ABCD", g_ascii_toupper (*p)) != NULL, FALSE);
  if (digits[0] != '\0' &&
      (wcc_sdp_get_dtmf_codec (self->local_sdp) == NULL || wcc_sdp_get_dtmf_codec (self->remote_sdp) == NULL))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE,
                   _("The other side does not take key tones (“%c”)"), digits[0]);
      return FALSE;
    }
  /* Queued first: digits typed while we may not send (held by the other side) keep their
   * place behind earlier ones. */
  if (self->pending_dtmf == NULL)
    self->pending_dtmf = g_string_new (NULL);
  for (const char *p = digits; *p; p++)
    g_string_append_c (self->pending_dtmf, g_ascii_toupper (*p));
  flush_pending_dtmf (self);
  return TRUE;
}

/* The transfer's outcome. On success the call ends here; on failure it stays with the agent
 * as it is (on hold when it was held for the transfer) and "transfer-done" says why. */
static void
finish_transfer (WccCall    *self,
                 gboolean    ok,
                 int         status,
                 const char *reason)
{
  g_clear_handle_id (&self->transfer_timer_id, g_source_remove);
  self->transferring = FALSE;
  self->transfer_expired = FALSE;
  g_signal_emit (self, signals[SIGNAL_TRANSFER_DONE], 0, ok, status, reason != NULL ? reason : "");
  if (ok)
    {
      if (self->state == WCC_CALL_ACTIVE && self->nh != NULL)
        nua_bye (self->nh, TAG_END ());
      end_call (self, _("transferred"), 0);
    }
}

static gboolean
on_transfer_timeout (gpointer user_data)
{
  WccCall *self = user_data;

  self->transfer_timer_id = 0;
  if (self->transferring)
    {
      finish_transfer (self, FALSE, SIP_408_REQUEST_TIMEOUT);
      /* The transferee may still get through: a late success still ends our leg. */
      self->transfer_expired = TRUE;
    }
  return G_SOURCE_REMOVE;
}

static gboolean
start_transfer (WccCall     *self,
                const char  *refer_to,
                GError     **error)
{
  if (self->transferring)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("The call is still being updated; try again"));
      return FALSE;
    }
  self->transferring = TRUE;
  self->transfer_expired = FALSE;
  self->refer_auth_tries = 0;
  self->transfer_notify_status = 0;
  self->transfer_notify_terminated = FALSE;
  self->transfer_timer_id = g_timeout_add (self->transfer_timeout_ms, on_transfer_timeout, self);
  nua_refer (self->nh, SIPTAG_REFER_TO_STR (refer_to), TAG_END ());
  return TRUE;
}

gboolean
wcc_call_transfer (WccCall     *self,
                   const char  *target,
                   GError     **error)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (self->state != WCC_CALL_ACTIVE || self->nh == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Only a connected call can be transferred"));
      return FALSE;
    }
  uri = wcc_account_target_to_uri (self->account, target);
  if (uri == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” is not a number or SIP address"), target);
      return FALSE;
    }
  /* The customer hears music, not silence, while the target is called; a failed transfer
   * gives the call back to the agent on hold, to resume when they are ready. */
  if (!self->transferring && !self->on_hold && !self->reinvite_pending &&
      !wcc_call_set_hold (self, TRUE, NULL))
    g_debug ("Transfer without holding the call first");
  return start_transfer (self, uri, error);
}

gboolean
wcc_call_transfer_to_call (WccCall  *self,
                           WccCall  *consultation,
                           GError  **error)
{
  g_autofree char *replaces = NULL;
  g_autofree char *refer_to = NULL;
  su_home_t home[1] = { SU_HOME_INIT (home) };
  sip_replaces_t *rp;

  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  g_return_val_if_fail (WCC_IS_CALL (consultation), FALSE);

  if (self->state != WCC_CALL_ACTIVE || consultation->state != WCC_CALL_ACTIVE ||
      self->nh == NULL || consultation->nh == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Both calls must be connected to transfer"));
      return FALSE;
    }
  /* Refer-To: <consulted party?Replaces=…>: the customer calls the target, replacing our
   * consultation call with them. */
  rp = nua_handle_make_replaces (consultation->nh, home, 0);
  if (rp == NULL)
    {
      su_home_deinit (home);
      g_set_error (error, WCC_ERROR, WCC_ERROR_INTERNAL, _("The consultation call cannot be replaced"));
      return FALSE;
    }
  {
    char *rp_text = sip_header_as_string (home, (sip_header_t const *) rp);
    g_autofree char *escaped = g_uri_escape_string (rp_text, NULL, FALSE);
    refer_to = g_strdup_printf ("<%s?Replaces=%s>", consultation->remote_uri, escaped);
  }
  su_home_deinit (home);
  return start_transfer (self, refer_to, error);
}

gboolean
wcc_call_start_recording (WccCall     *self,
                          const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);

  if (!self->media_started)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Only a connected call can be recorded"));
      return FALSE;
    }
  return wcc_media_session_start_recording (self->media, path, error);
}

void
wcc_call_stop_recording (WccCall *self)
{
  g_return_if_fail (WCC_IS_CALL (self));

  if (self->media)
    wcc_media_session_stop_recording (self->media);
}

/* The transferor learns how the transfer went from NOTIFY message/sipfrag bodies; the
 * subscription ending without a final 2xx is a failure too (RFC 3515). */
static void
on_transfer_notify (WccCall     *self,
                    sip_t const *sip,
                    tagi_t       tags[])
{
  g_autofree char *reason = NULL;
  int substate = -1;
  int code = 0;
  gboolean terminated;

  if (!self->transferring && !self->transfer_expired)
    return;
  tl_gets (tags, NUTAG_SUBSTATE_REF (substate), TAG_END ());
  terminated = substate == nua_substate_terminated ||
               (sip != NULL && sip->sip_subscription_state != NULL &&
                g_ascii_strcasecmp (sip->sip_subscription_state->ss_substate, "terminated") == 0);
  if (sip != NULL && sip->sip_payload != NULL)
    {
      g_autofree char *frag = g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);

      if (g_str_has_prefix (frag, "SIP/2.0 ") && sscanf (frag + 8, "%d", &code) == 1)
        {
          char *eol;

          reason = g_strstrip (g_strdup (frag + 8 + strspn (frag + 8, "0123456789")));
          if ((eol = strpbrk (reason, "\r\n")) != NULL)
            *eol = '\0';
          self->transfer_notify_status = code;
        }
    }
  self->transfer_notify_terminated |= terminated;

  if (code >= 200 && code < 300)
    finish_transfer (self, TRUE, code, "");
  else if (!self->transferring)
    return;  /* after our deadline only a success matters */
  else if (code >= 300)
    finish_transfer (self, FALSE, code, reason);
  else if (terminated)
    finish_transfer (self, FALSE, SIP_487_REQUEST_TERMINATED);
}

/* We are asked to transfer (REFER): call the target, telling the referrer how it goes. */
static void
on_refer (WccCall     *self,
          sip_t const *sip,
          tagi_t       tags[])
{
  sip_event_t const *event = NULL;
  sip_referred_by_t const *referred_by = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *replaces = NULL;
  g_autofree char *event_text = NULL;
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url;

  tl_gets (tags, NUTAG_REFER_EVENT_REF (event), SIPTAG_REFERRED_BY_REF (referred_by), TAG_END ());
  if (sip == NULL || sip->sip_refer_to == NULL || self->account == NULL)
    return;
  url = url_hdup (home, sip->sip_refer_to->r_url);
  /* Attended transfer: Refer-To carries ?Replaces=… for the INVITE. */
  if (url->url_headers != NULL)
    {
      const char *found = strstr (url->url_headers, "Replaces=");
      if (found != NULL)
        {
          g_autofree char *raw = g_strdup (found + strlen ("Replaces="));
          char *amp = strchr (raw, '&');
          if (amp)
            *amp = '\0';
          replaces = g_uri_unescape_string (raw, NULL);
        }
      url->url_headers = NULL;
    }
  uri = g_strdup (url_as_string (home, url));
  /* Our NOTIFYs name the subscription the REFER made ("refer", or "refer;id=N"). */
  if (event != NULL)
    event_text = g_strdup (sip_header_as_string (home, (sip_header_t const *) event));
  {
    WccCall *next;
    tagi_t extra[] = {
      { TAG_IF (referred_by != NULL, SIPTAG_REFERRED_BY (referred_by)) },
      { TAG_IF (replaces != NULL, SIPTAG_REPLACES_STR (replaces)) },
      { TAG_END () },
    };
    next = wcc_account_dial_with_tags (self->account, uri, extra, &error);
    if (next == NULL)
      {
        g_warning ("Cannot follow the transfer to %s: %s", uri, error->message);
        send_refer_notify (self, event_text, SIP_503_SERVICE_UNAVAILABLE);
      }
    else
      {
        next->refer_event = g_steal_pointer (&event_text);
        set_referrer (next, self);
        notify_referrer (next, SIP_100_TRYING);
      }
  }
  su_home_deinit (home);
}

/* A re-INVITE from the other side: hold, resume, or a new address or codec. */
static void
on_reinvite (WccCall     *self,
             sip_t const *sip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccSdp) offer = parse_payload (sip, &error);
  g_autoptr(WccSdp) answer = NULL;
  g_autofree char *text = NULL;

  if (offer == NULL)
    {
      /* No offer: send ours, the ACK carries the answer. */
      text = wcc_sdp_to_string (self->local_sdp);
      nua_respond (self->nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
                   SIPTAG_PAYLOAD_STR (text), TAG_END ());
      return;
    }
  answer = wcc_sdp_make_answer (offer, wcc_account_get_sdp_caps (self->account),
                                wcc_media_session_get_address (self->media),
                                wcc_media_session_get_port (self->media),
                                self->on_hold ? WCC_SDP_SENDONLY : WCC_SDP_SENDRECV,
                                self->session_id, ++self->session_version, &error);
  if (answer == NULL)
    {
      nua_respond (self->nh, SIP_488_NOT_ACCEPTABLE, TAG_END ());
      return;
    }
  text = wcc_sdp_to_string (answer);
  nua_respond (self->nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
               SIPTAG_PAYLOAD_STR (text), TAG_END ());
  g_clear_pointer (&self->local_sdp, wcc_sdp_free);
  g_clear_pointer (&self->remote_sdp, wcc_sdp_free);
  self->local_sdp = g_steal_pointer (&answer);
  self->remote_sdp = g_steal_pointer (&offer);
  apply_media (self);
}

static void
on_invite_answer (WccCall     *self,
                  int          status,
                  char const  *phrase,
                  nua_handle_t *nh,
                  sip_t const *sip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccSdp) remote = NULL;

  if ((status == 401 || status == 407) && self->account &&
      wcc_account_authenticate (self->account, nh, sip, &self->auth_tries))
    return;

  /* Hung up already: a 200 that crossed our CANCEL still makes a dialog; end it. Any other
   * final answer (487 to our CANCEL) closes the INVITE: the handle has done its work. */
  if (self->state == WCC_CALL_ENDED)
    {
      if (status >= 200 && status < 300)
        nua_bye (nh, TAG_END ());
      else if (status >= 300)
        release_handle (self);
      return;
    }

  if (self->reinvite_pending)
    {
      if (status < 200)
        return;
      self->reinvite_pending = FALSE;
      if (status == 491)
        {
          /* Glare: both sides re-offered at once. Ours is withdrawn and tried again; the
           * hold (or resume) the agent asked for stands meanwhile. */
          g_debug ("re-INVITE crossed the other side's: trying again");
          restore_offer_backup (self);
          schedule_reinvite_retry (self);
          return;
        }
      if (status >= 300)
        {
          /* The other side refused the change: go back to what was. */
          g_debug ("re-INVITE refused: %d %s", status, phrase);
          restore_offer_backup (self);
          self->on_hold = !self->on_hold;
          wcc_media_session_set_hold (self->media, self->on_hold);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_HOLD]);
          return;
        }
      remote = parse_payload (sip, &error);
      if (remote != NULL)
        {
          g_clear_pointer (&self->remote_sdp, wcc_sdp_free);
          self->remote_sdp = g_steal_pointer (&remote);
          apply_media (self);
        }
      return;
    }

  if (status >= 300)
    {
      g_autofree char *reason = g_strdup_printf ("%d %s", status, phrase);
      gboolean busy = status == 486 || status == 600;

      release_handle (self);
      end_call (self, reason, status);
      if (busy && call_phone (self) && wcc_phone_get_busy_tone (call_phone (self)))
        wcc_tone_player_play (wcc_phone_get_tones (call_phone (self)), WCC_TONE_BUSY, BUSY_TONE_SECONDS);
      return;
    }

  keep_invite_headers (self, sip);
  remote = parse_payload (sip, &error);
  if (remote != NULL)
    {
      g_clear_pointer (&self->remote_sdp, wcc_sdp_free);
      self->remote_sdp = g_steal_pointer (&remote);
    }
  if (status < 200)
    {
      if (status == 180 || status == 182 || status == 183)
        {
          set_state (self, WCC_CALL_RINGING);
          /* Early media (183 with SDP) carries the network's ringback; else make our own. */
          if (self->remote_sdp != NULL && status == 183)
            {
              stop_tone (self);
              apply_media (self);
            }
          else if (!self->playing_tone && !self->media_started)
            play_tone (self, WCC_TONE_RINGBACK, 0);
          notify_referrer (self, status, phrase);
        }
      return;
    }
  stop_tone (self);
  if (self->remote_sdp == NULL || !apply_media (self))
    {
      nua_bye (nh, TAG_END ());
      end_call (self, _("the other side's audio offer was unusable"), 488);
      return;
    }
  self->answer_time = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER_TIME]);
  set_state (self, WCC_CALL_ACTIVE);
  notify_referrer (self, SIP_200_OK);
}

void
wcc_call_handle_event (WccCall      *self,
                       nua_event_t   event,
                       int           status,
                       char const   *phrase,
                       nua_handle_t *nh,
                       sip_t const  *sip,
                       tagi_t        tags[])
{
  g_autoptr(WccCall) keep = g_object_ref (self);

  switch (event)
    {
    case nua_r_invite:
      on_invite_answer (self, status, phrase, nh, sip);
      break;
    case nua_i_invite:
      /* With media off nua leaves every re-INVITE to us: each gets an answer. */
      if (self->reinvite_pending)
        nua_respond (nh, SIP_491_REQUEST_PENDING, TAG_END ());
      else if (self->state == WCC_CALL_ACTIVE)
        on_reinvite (self, sip);
      else
        nua_respond (nh, SIP_500_INTERNAL_SERVER_ERROR, SIPTAG_RETRY_AFTER_STR ("1"), TAG_END ());
      break;
    case nua_i_ack:
      /* The answer to an offer we made in a 200 (the peer's re-INVITE had none). */
      if (self->state == WCC_CALL_ACTIVE && sip != NULL && sip->sip_payload != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(WccSdp) answer = parse_payload (sip, &error);

          if (answer != NULL)
            {
              g_clear_pointer (&self->remote_sdp, wcc_sdp_free);
              self->remote_sdp = g_steal_pointer (&answer);
              apply_media (self);
            }
        }
      break;
    case nua_i_cancel:
      end_call (self, _("the caller gave up"), 487);
      break;
    case nua_i_bye:
      {
        WccPhone *phone = call_phone (self);
        gboolean was_active = self->state == WCC_CALL_ACTIVE;

        end_call (self, _("the other side hung up"), 0);
        if (was_active && phone != NULL && wcc_phone_get_busy_tone (phone))
          wcc_tone_player_play (wcc_phone_get_tones (phone), WCC_TONE_BUSY, BUSY_TONE_SECONDS);
      }
      break;
    case nua_i_state:
      {
        int callstate = -1;

        tl_gets (tags, NUTAG_CALLSTATE_REF (callstate), TAG_END ());
        if (callstate == nua_callstate_terminated)
          {
            end_call (self, status >= 300 ? phrase : _("ended"), status >= 300 ? status : 0);
            /* The dialog is over, whoever ended it: nothing more will come on this handle. */
            release_handle (self);
          }
      }
      break;
    case nua_i_terminated:
      end_call (self, _("ended"), status >= 300 ? status : 0);
      release_handle (self);
      break;
    case nua_i_refer:
      on_refer (self, sip, tags);
      break;
    case nua_r_refer:
      /* Refused outright (405, 501, 603…, or a challenge we cannot answer): the call stays. */
      if ((status == 401 || status == 407) && self->account != NULL && sip != NULL &&
          wcc_account_authenticate (self->account, nh, sip, &self->refer_auth_tries))
        break;
      if (status >= 300 && self->transferring)
        finish_transfer (self, FALSE, status, phrase);
      break;
    case nua_i_notify:
      on_transfer_notify (self, sip, tags);
      break;
    case nua_r_bye:
      /* Our BYE is answered: the dialog is gone (a CANCEL waits for the INVITE's 487). */
      if (status >= 200)
        release_handle (self);
      break;
    default:
      break;
    }
}

nua_handle_t *
wcc_call_get_handle (WccCall *self)
{
  return self->nh;
}

void
wcc_call_set_transfer_timeout (WccCall *self,
                               guint    timeout_ms)
{
  g_return_if_fail (WCC_IS_CALL (self));
  self->transfer_timeout_ms = timeout_ms;
}

void
wcc_call_get_transfer_notify (WccCall  *self,
                              int      *status,
                              gboolean *terminated)
{
  g_return_if_fail (WCC_IS_CALL (self));
  *status = self->transfer_notify_status;
  *terminated = self->transfer_notify_terminated;
}

const WccSdp *
wcc_call_get_local_sdp (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->local_sdp;
}

const WccSdp *
wcc_call_get_remote_sdp (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->remote_sdp;
}

static void
wcc_call_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WccCall *self = WCC_CALL (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: g_value_set_object (value, self->account); break;
    case PROP_DIRECTION: g_value_set_int (value, self->direction); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_REMOTE_URI: g_value_set_string (value, self->remote_uri); break;
    case PROP_REMOTE_NUMBER: g_value_set_string (value, self->remote_number); break;
    case PROP_REMOTE_NAME: g_value_set_string (value, self->remote_name); break;
    case PROP_ON_HOLD: g_value_set_boolean (value, self->on_hold); break;
    case PROP_REMOTE_HOLD: g_value_set_boolean (value, self->remote_hold); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_CODEC:
    case PROP_JITTER_MS:
    case PROP_PACKET_LOSS:
    case PROP_RTT_MS:
    case PROP_MOS:
    case PROP_RECORDING:
      if (self->media)
        g_object_get_property (G_OBJECT (self->media), pspec->name, value);
      break;
    case PROP_START_TIME: g_value_set_int64 (value, self->start_time); break;
    case PROP_ANSWER_TIME: g_value_set_int64 (value, self->answer_time); break;
    case PROP_END_TIME: g_value_set_int64 (value, self->end_time); break;
    case PROP_END_REASON: g_value_set_string (value, self->end_reason); break;
    case PROP_END_STATUS: g_value_set_int (value, self->end_status); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_call_dispose (GObject *object)
{
  WccCall *self = WCC_CALL (object);

  clear_timers (self);
  set_referrer (self, NULL);
  if (self->media != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->media, self);
      wcc_media_session_stop (self->media);
      g_clear_object (&self->media);
    }
  release_handle (self);
  if (self->account != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->account), (gpointer *) &self->account);
      self->account = NULL;
    }

  G_OBJECT_CLASS (wcc_call_parent_class)->dispose (object);
}

static void
wcc_call_finalize (GObject *object)
{
  WccCall *self = WCC_CALL (object);

  g_free (self->remote_uri);
  g_free (self->remote_number);
  g_free (self->remote_name);
  g_free (self->end_reason);
  g_clear_pointer (&self->local_sdp, wcc_sdp_free);
  g_clear_pointer (&self->remote_sdp, wcc_sdp_free);
  g_clear_pointer (&self->offer_backup, wcc_sdp_free);
  g_clear_pointer (&self->invite_headers, g_hash_table_unref);
  g_free (self->refer_event);
  if (self->pending_dtmf != NULL)
    g_string_free (self->pending_dtmf, TRUE);

  G_OBJECT_CLASS (wcc_call_parent_class)->finalize (object);
}

static void
wcc_call_class_init (WccCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_call_get_property;
  object_class->dispose = wcc_call_dispose;
  object_class->finalize = wcc_call_finalize;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, WCC_TYPE_ACCOUNT, ro);
  properties[PROP_DIRECTION] = g_param_spec_int ("direction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WCC_CALL_DIALING, WCC_CALL_ENDED, 0, ro);
  properties[PROP_REMOTE_URI] = g_param_spec_string ("remote-uri", NULL, NULL, NULL, ro);
  properties[PROP_REMOTE_NUMBER] = g_param_spec_string ("remote-number", NULL, NULL, NULL, ro);
  properties[PROP_REMOTE_NAME] = g_param_spec_string ("remote-name", NULL, NULL, NULL, ro);
  properties[PROP_ON_HOLD] = g_param_spec_boolean ("on-hold", NULL, NULL, FALSE, ro);
  properties[PROP_REMOTE_HOLD] = g_param_spec_boolean ("remote-hold", NULL, NULL, FALSE, ro);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  properties[PROP_CODEC] = g_param_spec_string ("codec", NULL, NULL, NULL, ro);
  properties[PROP_JITTER_MS] = g_param_spec_double ("jitter-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_PACKET_LOSS] = g_param_spec_double ("packet-loss", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_RTT_MS] = g_param_spec_double ("rtt-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_MOS] = g_param_spec_double ("mos", NULL, NULL, 0, 4.5, 0, ro);
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, ro);
  properties[PROP_START_TIME] = g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ANSWER_TIME] = g_param_spec_int64 ("answer-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_END_TIME] = g_param_spec_int64 ("end-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_END_REASON] = g_param_spec_string ("end-reason", NULL, NULL, NULL, ro);
  properties[PROP_END_STATUS] = g_param_spec_int ("end-status", NULL, NULL, 0, 699, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DTMF_RECEIVED] = g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_CHAR);
  signals[SIGNAL_TRANSFER_DONE] = g_signal_new ("transfer-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                                G_TYPE_BOOLEAN, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wcc_call_init (WccCall *self)
{
  self->answer_after = -1;
  self->transfer_timeout_ms = TRANSFER_TIMEOUT_MS;
}

WccCall *
wcc_call_new (WccAccount       *account,
              nua_handle_t     *nh,
              WccCallDirection  direction,
              const char       *remote_uri,
              const char       *remote_name)
{
  WccCall *self = g_object_new (WCC_TYPE_CALL, NULL);

  self->account = account;
  g_object_add_weak_pointer (G_OBJECT (account), (gpointer *) &self->account);
  self->nh = nh;
  if (nh != NULL)
    live_handles++;
  self->direction = direction;
  self->remote_uri = g_strdup (remote_uri);
  self->remote_number = number_of_uri (remote_uri);
  self->remote_name = g_strdup (remote_name ? remote_name : "");
  return self;
}

WccCallState
wcc_call_get_state (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), WCC_CALL_ENDED);
  return self->state;
}

WccCallDirection
wcc_call_get_direction (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), WCC_CALL_DIRECTION_OUTGOING);
  return self->direction;
}

WccAccount *
wcc_call_get_account (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->account;
}

const char *
wcc_call_get_remote_uri (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->remote_uri;
}

const char *
wcc_call_get_remote_number (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->remote_number;
}

const char *
wcc_call_get_remote_name (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->remote_name;
}

gboolean
wcc_call_get_on_hold (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  return self->on_hold;
}

gboolean
wcc_call_get_remote_hold (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  return self->remote_hold;
}

gboolean
wcc_call_get_muted (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  return self->muted;
}

const char *
wcc_call_get_codec (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);

  if (self->local_sdp == NULL || self->remote_sdp == NULL)
    return NULL;
  /* What the media sends: the peer's most preferred codec that we declared too (our own
   * first choice is only right when we answered). */
  for (guint i = 0; i < self->remote_sdp->codecs->len; i++)
    {
      const WccSdpCodec *theirs = self->remote_sdp->codecs->pdata[i];

      if (g_ascii_strcasecmp (theirs->encoding, "telephone-event") == 0)
        continue;
      for (guint j = 0; j < self->local_sdp->codecs->len; j++)
        {
          const WccSdpCodec *ours = self->local_sdp->codecs->pdata[j];
          if (g_ascii_strcasecmp (ours->encoding, theirs->encoding) == 0 &&
              ours->clock_rate == theirs->clock_rate)
            return ours->encoding;
        }
    }
  return NULL;
}

gboolean
wcc_call_get_secure (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), FALSE);
  return self->local_sdp != NULL && self->remote_sdp != NULL &&
         self->local_sdp->secure && self->remote_sdp->secure;
}

const char *
wcc_call_get_end_reason (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  return self->end_reason;
}

guint
wcc_call_get_duration (WccCall *self)
{
  gint64 until;

  g_return_val_if_fail (WCC_IS_CALL (self), 0);
  if (self->answer_time == 0)
    return 0;
  until = self->end_time ? self->end_time : g_get_real_time ();
  return (guint) ((until - self->answer_time) / G_USEC_PER_SEC);
}

const char *
wcc_call_get_invite_header (WccCall    *self,
                            const char *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (WCC_IS_CALL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->invite_headers == NULL)
    return NULL;
  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->invite_headers, key);
}

int
wcc_call_get_requested_answer_after (WccCall *self)
{
  g_return_val_if_fail (WCC_IS_CALL (self), -1);
  return self->answer_after;
}
