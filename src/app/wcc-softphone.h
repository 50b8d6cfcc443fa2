/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone.h: the logged-in agent's built-in softphone: its session account, calls, screen pop. */
#pragma once

#include "wcc-api.h"
#include "wcc-audio-devices.h"
#include "wcc-phone.h"

G_BEGIN_DECLS

#define WCC_TYPE_SOFTPHONE (wcc_softphone_get_type ())
G_DECLARE_FINAL_TYPE (WccSoftphone, wcc_softphone, WCC, SOFTPHONE, GObject)

/* Owned by the application for one login session; no widgets. It asks the server for the
 * session's SIP account (kept in memory only), registers the phone with it, asks again when
 * the registrar refuses the password (401/403/904: replaced by another request), ties each
 * ringing call to the server's call (X-WCC-Call-Id and the session's "call-ringing"), and
 * looks up the caller before the agent answers.
 *
 * Properties (notify):
 *   "session"       WccSession (construct-only)
 *   "phone"         WccPhone
 *   "enabled"       boolean (read-write): registration wanted (the status bar's switch)
 *   "state"         int (WccAccountState): OFFLINE until an account exists
 *   "details"       string: registration details, or why there is no registration
 *   "current-call"  WccCall or NULL: the ringing call, else the newest call going on
 *   "consulting"    boolean: a consultation call is going on while the customer is held
 *   "last-number"   string or NULL: the last number dialled (redial)
 *   "call-log"      WccCallLog: every call of this softphone, kept on disk per server and account
 *   "contacts"      WccContactList: the softphone's own contacts, kept the same way
 * Signals:
 *   incoming-call (WccCall): a call rings here;
 *   caller-changed (WccCall): its caller lookup has finished (wcc_softphone_get_caller());
 *   customer-call-answered (WccCall, gint64 customer_id): a call about a customer (dialled
 *       with wcc_softphone_dial_customer(), or one whose caller matched a customer) is
 *       connected; it is being recorded;
 *   recording-uploaded (WccCall or NULL, gint64 server_call_id): the server has its
 *       recording (NULL: a call of an earlier session, whose upload resumed at login);
 *   error (const char *message): something the agent asked for failed. */

WccSoftphone    *wcc_softphone_new               (WccSession    *session);

WccSession      *wcc_softphone_get_session       (WccSoftphone  *self);
WccPhone        *wcc_softphone_get_phone         (WccSoftphone  *self);
/* The registered account, NULL before the server gave one. */
WccAccount      *wcc_softphone_get_account       (WccSoftphone  *self);
gboolean         wcc_softphone_get_enabled       (WccSoftphone  *self);
void             wcc_softphone_set_enabled       (WccSoftphone  *self,
                                                  gboolean       enabled);
WccAccountState  wcc_softphone_get_state         (WccSoftphone  *self);
const char      *wcc_softphone_get_details       (WccSoftphone  *self);
WccCall         *wcc_softphone_get_current_call  (WccSoftphone  *self);
/* The ringing incoming call, NULL when none rings. */
WccCall         *wcc_softphone_get_ringing_call  (WccSoftphone  *self);
gboolean         wcc_softphone_get_consulting    (WccSoftphone  *self);
WccCallLog      *wcc_softphone_get_call_log      (WccSoftphone  *self);
WccContactList  *wcc_softphone_get_contacts      (WccSoftphone  *self);
/* The audio inputs or outputs the settings choose from (made on first use, kept while the
 * softphone lives). The softphone applies "audio-source", "audio-sink" and "ring-sink" to
 * the phone as they change and as their devices come and go: a kept device that is
 * unplugged leaves the system default until it is back. */
WccAudioDevices *wcc_softphone_get_audio_devices (WccSoftphone      *self,
                                                  WccAudioDirection  direction);
/* What names @number for the agent: a contact's name, else @fallback (may be NULL). */
const char      *wcc_softphone_name_for_number   (WccSoftphone  *self,
                                                  const char    *number,
                                                  const char    *fallback);
const char      *wcc_softphone_get_last_number   (WccSoftphone  *self);
/* The server's id of @call (0: not known), from its INVITE or the session's events. */
gint64           wcc_softphone_get_server_call_id (WccSoftphone *self,
                                                   WccCall      *call);
/* The group whose queue offers @call (0: not a queue call), from the session's event. */
gint64           wcc_softphone_get_call_group    (WccSoftphone  *self,
                                                  WccCall       *call);
/* The customer calling on @call, NULL while it is looked up or when none matched. */
const WccCaller *wcc_softphone_get_caller        (WccSoftphone  *self,
                                                  WccCall       *call);

/* Calls. Each fails with a message for the agent (also emitted as "error"). */
WccCall         *wcc_softphone_dial              (WccSoftphone  *self,
                                                  const char    *number,
                                                  GError       **error);
/* Dials @number for a customer: the INVITE names the customer (and task, when > 0) so the
 * server attaches the call to them (X-WCC-Customer-Id, X-WCC-Task-Id); the call is recorded
 * once answered. */
WccCall         *wcc_softphone_dial_customer     (WccSoftphone  *self,
                                                  const char    *number,
                                                  gint64         customer_id,
                                                  gint64         task_id,
                                                  GError       **error);
/* The customer @call is about (dialled for, or the caller that matched); 0: none. */
gint64           wcc_softphone_get_call_customer (WccSoftphone  *self,
                                                  WccCall       *call);
/* TRUE when the customer call is being (or was) recorded here. */
gboolean         wcc_softphone_get_call_recorded (WccSoftphone  *self,
                                                  WccCall       *call);
/* Uploads the call's recording (PUT /calls/{id}/recording) once its file is complete and
 * the server's id of the call is known. The recording is listed on disk
 * (WccRecordingUploads, per server and account) from the moment it starts: the upload is
 * tried again while the server cannot be reached, and after a logout, a quit or a crash at
 * the next login; the cached file is removed once the server has it ("recording-uploaded")
 * or refuses it for good ("error"). Recordings never asked for are removed after
 * WCC_RECORDING_RETENTION_DAYS. */
void             wcc_softphone_upload_recording  (WccSoftphone  *self,
                                                  WccCall       *call);
gboolean         wcc_softphone_answer            (WccSoftphone  *self,
                                                  GError       **error);
/* Declines the ringing call (603). */
void             wcc_softphone_decline           (WccSoftphone  *self);
/* The user asked to supervise the call @call_id (R5): when the server rings this phone for
 * it (X-WCC-Supervision, X-WCC-Call-Id) within 35 s, it is answered at once. */
void             wcc_softphone_expect_supervision (WccSoftphone *self,
                                                   gint64        call_id);
/* Hangs up the current call (a consultation: returns to the held customer). */
void             wcc_softphone_hang_up           (WccSoftphone  *self);
gboolean         wcc_softphone_toggle_hold       (WccSoftphone  *self,
                                                  GError       **error);
void             wcc_softphone_toggle_mute       (WccSoftphone  *self);
gboolean         wcc_softphone_send_dtmf         (WccSoftphone  *self,
                                                  const char    *digits,
                                                  GError       **error);
gboolean         wcc_softphone_blind_transfer    (WccSoftphone  *self,
                                                  const char    *target,
                                                  GError       **error);
/* Attended transfer: holds the customer and calls @target; then complete (joins them) or
 * return (ends the consultation, resumes the customer). */
gboolean         wcc_softphone_consult           (WccSoftphone  *self,
                                                  const char    *target,
                                                  GError       **error);
gboolean         wcc_softphone_complete_transfer (WccSoftphone  *self,
                                                  GError       **error);
gboolean         wcc_softphone_return_to_caller  (WccSoftphone  *self,
                                                  GError       **error);

/* Hangs up and un-registers (waiting at most a few seconds for the registrar). */
void             wcc_softphone_shutdown_async    (WccSoftphone        *self,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         wcc_softphone_shutdown_finish   (WccSoftphone        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
