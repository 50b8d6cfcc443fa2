/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone.c: the logged-in agent's built-in softphone: its session account, calls, screen pop. */
#define G_LOG_DOMAIN "wcc-softphone"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wcc-call-quality-reporter.h"
#include "wcc-error.h"
#include "wcc-softphone.h"
#include "wcc-tls-directory.h"

/* How long logging out or quitting waits for the registrar to take the binding back. */
#define SHUTDOWN_TIMEOUT_MS 3000

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PHONE,
  PROP_ENABLED,
  PROP_STATE,
  PROP_DETAILS,
  PROP_CURRENT_CALL,
  PROP_CONSULTING,
  PROP_LAST_NUMBER,
  PROP_CALL_LOG,
  PROP_CONTACTS,
  N_PROPS
};

enum {
  SIGNAL_INCOMING_CALL,
  SIGNAL_CALLER_CHANGED,
  SIGNAL_CUSTOMER_CALL_ANSWERED,
  SIGNAL_RECORDING_UPLOADED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What the server said of a call ringing here (the session's call.ringing event). */
typedef struct {
  char   *from;
  gint64  group_id;
} RingEvent;

/* What the softphone knows of one call beyond the phone's own view (kept on the call). */
typedef struct {
  gint64     server_call_id;
  gint64     group_id;
  WccCaller *caller;
  gint64     customer_id;      /* dialled for this customer, or the caller that matched */
  char      *recording_path;   /* the customer call's recording in the user's cache */
  gint64     recording_id;     /* its entry in the softphone's WccRecordingUploads */
  gboolean   recording_done;   /* the entry knows the file is complete */
  gboolean   answered_reported;
} CallInfo;

struct _WccSoftphone
{
  GObject       parent_instance;

  WccSession   *session;
  WccPhone     *phone;
  WccAccount   *account;
  GSettings    *settings;
  WccCallLog   *call_log;
  WccContactList *contacts;
  WccRecordingUploads *uploads;   /* recordings waiting for the server, kept across restarts */
  WccAudioDevices *audio_inputs;  /* made when a device setting or the settings window needs them */
  WccAudioDevices *audio_outputs;
  GCancellable *cancellable;      /* fetching the account, lookups; cancelled at shutdown */
  GCancellable *fetch_cancellable;
  GHashTable   *ring_events;      /* server call id (gint64 *) → RingEvent */
  char         *details;
  char         *last_number;
  WccCall      *current_call;
  gint64        expected_supervision;   /* server call id the user asked to supervise */
  gint64        supervision_deadline;   /* monotonic µs: until then its call is answered */
  WccCall      *held_for_consultation;
  WccCall      *consultation;
  gboolean      enabled;
  gboolean      refetched;        /* asked again after a refused password, not registered since */
  gboolean      refetch_pending;  /* asked to, but calls are going on */
  WccSipAccount *sip_account;     /* the server's last answer, to make the account again
                                   * when the transport settings change (memory only) */
  WccTransport  account_transport;
  WccSrtpMode   account_srtp;       /* what the account was made with */
  char         *tls_directory;    /* certificates of the TLS account, in the runtime dir */
  char         *tls_directory_ca; /* the company authority it was made with ("" for none) */
  gboolean      reconfigure_pending; /* transport settings changed during a call */
  gboolean      refused;          /* the settings forbid what the server offers */
  gboolean      shut_down;
  WccCallQualityReporter *quality_reporter;   /* issue 9 monitor: RTCP figures to the server */
};

G_DEFINE_FINAL_TYPE (WccSoftphone, wcc_softphone, G_TYPE_OBJECT)

static GQuark call_info_quark;

static void fetch_account (WccSoftphone *self);
static void start_account (WccSoftphone *self);
static void customer_call_progress (WccSoftphone *self,
                                    WccCall      *call);
static void recording_progress (WccSoftphone *self,
                                WccCall      *call);

static void
ring_event_free (RingEvent *event)
{
  g_free (event->from);
  g_free (event);
}

static void
call_info_free (CallInfo *info)
{
  g_clear_pointer (&info->caller, wcc_caller_free);
  g_free (info->recording_path);
  g_free (info);
}

static CallInfo *
call_info (WccCall *call)
{
  CallInfo *info = g_object_get_qdata (G_OBJECT (call), call_info_quark);

  if (info == NULL)
    {
      info = g_new0 (CallInfo, 1);
      g_object_set_qdata_full (G_OBJECT (call), call_info_quark, info, (GDestroyNotify) call_info_free);
    }
  return info;
}

static void
set_details (WccSoftphone *self,
             const char   *details)
{
  if (g_strcmp0 (self->details, details) == 0)
    return;
  g_free (self->details);
  self->details = g_strdup (details);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

static void
report_error (WccSoftphone *self,
              const char   *message)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

static gboolean
call_going_on (WccCall *call)
{
  return call != NULL && wcc_call_get_state (call) != WCC_CALL_ENDED;
}

/* The call the panel shows: one ringing here first, then a consultation, then the newest. */
static void
update_current_call (WccSoftphone *self)
{
  GListModel *calls = self->account ? wcc_account_get_calls (self->account) : NULL;
  guint n = calls ? g_list_model_get_n_items (calls) : 0;
  WccCall *current = NULL;
  gboolean consulting;

  if (!call_going_on (self->consultation))
    g_clear_object (&self->consultation);
  if (!call_going_on (self->held_for_consultation))
    g_clear_object (&self->held_for_consultation);
  consulting = self->consultation != NULL && self->held_for_consultation != NULL;

  for (guint i = n; i > 0 && current == NULL; i--)
    {
      g_autoptr(WccCall) call = g_list_model_get_item (calls, i - 1);
      if (wcc_call_get_state (call) == WCC_CALL_INCOMING)
        current = call;
    }
  if (current == NULL && consulting)
    current = self->consultation;
  for (guint i = n; i > 0 && current == NULL; i--)
    {
      g_autoptr(WccCall) call = g_list_model_get_item (calls, i - 1);
      if (call_going_on (call))
        current = call;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->current_call, current))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CALL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSULTING]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- the caller of a ringing call -------------------------------------------------------- */

typedef struct {
  WccSoftphone *self;
  WccCall      *call;
} Lookup;

static void
on_caller_looked_up (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(WccSoftphone) self = lookup->self;
  g_autoptr(WccCall) call = lookup->call;
  g_autoptr(GError) error = NULL;
  WccCaller *caller;

  g_free (lookup);
  caller = wcc_client_lookup_caller_finish (WCC_CLIENT (source), result, &error);
  if (caller == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (!g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND))
        g_message ("No caller details for %s: %s", wcc_call_get_remote_number (call), error->message);
    }
  else
    {
      CallInfo *info = call_info (call);
      g_clear_pointer (&info->caller, wcc_caller_free);
      info->caller = caller;
      if (info->customer_id == 0)
        info->customer_id = caller->customer_id;
    }
  g_signal_emit (self, signals[SIGNAL_CALLER_CHANGED], 0, call);
  customer_call_progress (self, call);
}

static void
look_up_caller (WccSoftphone *self,
                WccCall      *call,
                const char   *number)
{
  Lookup *lookup;

  if (number == NULL || *number == '\0')
    return;
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->call = g_object_ref (call);
  wcc_client_lookup_caller_async (wcc_session_get_client (self->session), number, self->cancellable,
                                  on_caller_looked_up, lookup);
}

/* The session's event and the phone's INVITE name the same call: whichever comes second
 * completes the call's information. */
static void
tie_call_to_event (WccSoftphone *self,
                   WccCall      *call)
{
  CallInfo *info = call_info (call);
  RingEvent *event = info->server_call_id ? g_hash_table_lookup (self->ring_events, &info->server_call_id) : NULL;

  if (event != NULL && info->group_id != event->group_id)
    {
      info->group_id = event->group_id;
      g_signal_emit (self, signals[SIGNAL_CALLER_CHANGED], 0, call);
    }
}

static void
on_session_call_ringing (WccSoftphone *self,
                         gint64        call_id,
                         const char   *from,
                         const char   *direction,
                         gint64        group_id,
                         WccSession   *session)
{
  RingEvent *event = g_new0 (RingEvent, 1);
  GListModel *calls = self->account ? wcc_account_get_calls (self->account) : NULL;

  event->from = g_strdup (from);
  event->group_id = group_id;
  g_hash_table_replace (self->ring_events, g_memdup2 (&call_id, sizeof call_id), event);
  for (guint i = 0; calls != NULL && i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(WccCall) call = g_list_model_get_item (calls, i);
      if (call_info (call)->server_call_id == call_id)
        tie_call_to_event (self, call);
    }
}

static void
on_session_call_ended (WccSoftphone *self,
                       gint64        call_id,
                       const char   *reason,
                       WccSession   *session)
{
  g_hash_table_remove (self->ring_events, &call_id);
}

static void
on_incoming_call (WccSoftphone *self,
                  WccCall      *call,
                  WccAccount   *account)
{
  CallInfo *info = call_info (call);
  const char *header = wcc_call_get_invite_header (call, "X-WCC-Call-Id");

  info->server_call_id = header ? g_ascii_strtoll (header, NULL, 10) : 0;
  /* The server calling the leader in for a supervision they asked for a moment ago (R5):
   * taken at once, no screen pop. A supervision call nobody here asked for rings as usual. */
  if (wcc_call_get_invite_header (call, "X-WCC-Supervision") != NULL && info->server_call_id != 0 &&
      info->server_call_id == self->expected_supervision && g_get_monotonic_time () < self->supervision_deadline)
    {
      g_autoptr(GError) error = NULL;

      self->expected_supervision = 0;
      update_current_call (self);
      if (!wcc_call_answer (call, &error))
        g_warning ("Cannot answer the supervision call: %s", error->message);
      return;
    }
  tie_call_to_event (self, call);
  look_up_caller (self, call, wcc_call_get_remote_number (call));
  update_current_call (self);
  g_signal_emit (self, signals[SIGNAL_INCOMING_CALL], 0, call);
}

/* ---- the account ------------------------------------------------------------------------- */

static void
on_call_state (WccSoftphone *self,
               GParamSpec   *pspec,
               WccCall      *call)
{
  update_current_call (self);
  customer_call_progress (self, call);
}

/* ---- customer calls: their server id, recording and its upload -------------------------- */

/* The user's cache: recordings wait there until the server has them. */
static char *
new_recording_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "wcc-desktop", "recordings", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("call-%s.ogg", uuid);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return NULL;
  return g_build_filename (dir, name, NULL);
}

/* A call about a customer (dialled for one, or whose caller matched one) is recorded from
 * its answer; the agent's desktop learns the server's id of an outbound call from the
 * answer (X-WCC-Call-Id). Once answered, "customer-call-answered" opens its tab. */
static void
customer_call_progress (WccSoftphone *self,
                        WccCall      *call)
{
  CallInfo *info = call_info (call);
  const char *header;
  g_autoptr(GError) error = NULL;

  if (info->server_call_id == 0 &&
      (header = wcc_call_get_invite_header (call, "X-WCC-Call-Id")) != NULL)
    info->server_call_id = g_ascii_strtoll (header, NULL, 10);
  if (info->customer_id == 0 || wcc_call_get_state (call) != WCC_CALL_ACTIVE)
    return;
  if (info->recording_path == NULL)
    {
      /* Listed (owner-only file, kept across restarts) before the recorder writes to it. */
      info->recording_path = new_recording_path ();
      if (info->recording_path != NULL)
        info->recording_id = wcc_recording_uploads_add (self->uploads, info->recording_path, &error);
      if (info->recording_id == 0 || !wcc_call_start_recording (call, info->recording_path, &error))
        {
          g_message ("The customer call is not recorded: %s", error ? error->message : "no cache folder");
          g_clear_pointer (&info->recording_path, g_free);
          info->recording_path = g_strdup ("");
        }
    }
  recording_progress (self, call);
  if (!info->answered_reported)
    {
      info->answered_reported = TRUE;
      g_signal_emit (self, signals[SIGNAL_CUSTOMER_CALL_ANSWERED], 0, call, info->customer_id);
    }
}

/* Tells the recordings list what it needs to upload: the server's id of the call once
 * known, and that the file is complete once the call ended and the recorder stopped. The
 * agent's wish (a saved contact record) comes from wcc_softphone_upload_recording(). */
static void
recording_progress (WccSoftphone *self,
                    WccCall      *call)
{
  CallInfo *info = call_info (call);
  gboolean recording = FALSE;
  gint64 answered = 0, ended = 0;

  if (info->recording_id == 0)
    return;
  if (info->server_call_id != 0)
    wcc_recording_uploads_set_call (self->uploads, info->recording_id, info->server_call_id);
  g_object_get (call, "recording", &recording, "answer-time", &answered, "end-time", &ended, NULL);
  if (info->recording_done || wcc_call_get_state (call) != WCC_CALL_ENDED || recording)
    return;
  info->recording_done = TRUE;
  wcc_recording_uploads_complete (self->uploads, info->recording_id,
                                  answered > 0 && ended > answered ? (guint) ((ended - answered) / G_USEC_PER_SEC) : 0);
}

/* The call of a recording the server now has, if it is still here. */
static WccCall *
find_recorded_call (WccSoftphone *self,
                    gint64        recording_id)
{
  GListModel *calls = self->account ? wcc_account_get_calls (self->account) : NULL;

  for (guint i = 0; calls != NULL && i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(WccCall) call = g_list_model_get_item (calls, i);
      if (call_info (call)->recording_id == recording_id)
        return call;
    }
  return NULL;
}

static void
on_recording_uploaded (WccSoftphone        *self,
                       gint64               recording_id,
                       gint64               call_id,
                       WccRecordingUploads *uploads)
{
  g_signal_emit (self, signals[SIGNAL_RECORDING_UPLOADED], 0, find_recorded_call (self, recording_id), call_id);
}

static void
on_recording_refused (WccSoftphone        *self,
                      gint64               recording_id,
                      gint64               call_id,
                      GError              *error,
                      WccRecordingUploads *uploads)
{
  g_autofree char *message = NULL;

  /* TRANSLATORS: a call recording the server would not take (or whose file is gone) */
  message = g_strdup_printf (_("A call recording could not be kept on the server: %s"), error->message);
  report_error (self, message);
}

/* The server is back: recordings waiting for it go now. */
static void
on_connection_changed (WccSoftphone *self)
{
  if (wcc_session_get_connection (self->session) == WCC_CONNECTION_ONLINE)
    wcc_recording_uploads_retry_now (self->uploads);
}

static void
on_call_recording (WccSoftphone *self,
                   GParamSpec   *pspec,
                   WccCall      *call)
{
  recording_progress (self, call);
}

/* An unanswered incoming call ended by the agent (603, or 486/480 from hanging up while it
 * rang) was declined; one that ended otherwise (the caller gave up, the queue moved on) was
 * missed. */
static WccCallRecordOutcome
call_outcome (WccCall *call)
{
  gint64 answered = 0;
  int status = 0;

  g_object_get (call, "answer-time", &answered, "end-status", &status, NULL);
  if (answered > 0)
    return WCC_CALL_RECORD_ANSWERED;
  if (wcc_call_get_direction (call) == WCC_CALL_DIRECTION_OUTGOING)
    return WCC_CALL_RECORD_NOT_ANSWERED;
  if (status == 603 || status == 486 || status == 480)
    return WCC_CALL_RECORD_DECLINED;
  return WCC_CALL_RECORD_MISSED;
}

/* Why a call ended before it was answered, as the agent can act on it; NULL when it just
 * ended (hung up, cancelled). */
static char *
failure_text (WccCall *call)
{
  const char *reason = wcc_call_get_end_reason (call);
  guint64 status = reason != NULL ? g_ascii_strtoull (reason, NULL, 10) : 0;

  switch (status)
    {
    case 0: case 487: return NULL;
    case 403: return g_strdup (_("Refused: this number may not be called"));
    case 404: case 484: case 604: return g_strdup (_("No such number"));
    case 408: case 480: return g_strdup (_("Not available"));
    case 486: case 600: return g_strdup (_("Busy"));
    case 603: return g_strdup (_("Declined"));
    case 502: case 503: return g_strdup (_("No line out: try again later"));
    default:
      /* TRANSLATORS: %u is the SIP status code, for the IT people */
      return status >= 400 ? g_strdup_printf (_("Call failed (%u)"), (guint) status) : NULL;
    }
}

static void
on_call_ended (WccSoftphone *self,
               WccCall      *call)
{
  const WccCaller *caller = call_info (call)->caller;
  const char *number = wcc_call_get_remote_number (call);
  const char *name = caller != NULL && caller->label != NULL && *caller->label ? caller->label
                                                                                 : wcc_call_get_remote_name (call);
  gint64 started = 0, answered = 0, ended = 0;
  g_autofree char *failure = wcc_call_get_direction (call) == WCC_CALL_DIRECTION_OUTGOING ? failure_text (call) : NULL;

  /* A call of ours that could not go through says why: the panel is back on the dial pad
   * by now, with the number in Redial. */
  if (failure != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, failure);
  recording_progress (self, call);
  if (self->call_log == NULL || number == NULL)
    return;
  g_object_get (call, "start-time", &started, "answer-time", &answered, "end-time", &ended, NULL);
  g_object_unref (wcc_call_log_add (self->call_log,
                                    wcc_call_get_direction (call) == WCC_CALL_DIRECTION_INCOMING
                                      ? WCC_CALL_RECORD_INCOMING : WCC_CALL_RECORD_OUTGOING,
                                    number, name, started / G_USEC_PER_SEC,
                                    answered > 0 && ended > answered ? (guint) ((ended - answered) / G_USEC_PER_SEC) : 0,
                                    call_outcome (call)));
}

static void
on_call_added (WccSoftphone *self,
               WccCall      *call,
               WccAccount   *account)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::recording", G_CALLBACK (on_call_recording), self, G_CONNECT_SWAPPED);
  update_current_call (self);
}

static void
on_call_removed (WccSoftphone *self,
                 WccCall      *call,
                 WccAccount   *account)
{
  update_current_call (self);
  if (g_list_model_get_n_items (wcc_account_get_calls (account)) > 0)
    return;
  if (self->refetch_pending)
    {
      self->refetch_pending = FALSE;
      self->reconfigure_pending = FALSE;
      fetch_account (self);
    }
  else if (self->reconfigure_pending)
    {
      self->reconfigure_pending = FALSE;
      start_account (self);
    }
}

static void
on_account_state (WccSoftphone *self,
                  GParamSpec   *pspec,
                  WccAccount   *account)
{
  WccAccountState state = wcc_account_get_state (account);
  int status = wcc_account_get_registration_status (account);

  set_details (self, wcc_account_get_registration_details (account));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  if (state == WCC_ACCOUNT_REGISTERED)
    self->refetched = FALSE;
  /* 904: Sofia-SIP's own "no matching challenge" when the registrar refuses the
   * credentials it was just given. */
  else if (state == WCC_ACCOUNT_FAILED && (status == 401 || status == 403 || status == 407 || status == 904) &&
           self->enabled && !self->refetched)
    {
      /* The session's password was replaced (another request) or has ended: ask once for
       * the current one; a second refusal stays failed with the registrar's words. */
      self->refetched = TRUE;
      if (g_list_model_get_n_items (wcc_account_get_calls (account)) > 0)
        self->refetch_pending = TRUE;
      else
        fetch_account (self);
    }
}

static void
drop_account (WccSoftphone *self)
{
  if (self->account == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->account, self);
  wcc_phone_remove_account (self->phone, self->account);
  g_clear_object (&self->account);
}

/* "sip:HOST:PORT" → "HOST:PORT" (the account's registrar) and HOST. */
static char *
registrar_host_port (const char  *registrar,
                     char       **out_host)
{
  const char *rest = registrar;
  const char *colon;

  if (g_str_has_prefix (rest, "sips:"))
    rest += 5;
  else if (g_str_has_prefix (rest, "sip:"))
    rest += 4;
  if (rest[0] == '[')
    {
      const char *end = strchr (rest, ']');
      *out_host = end ? g_strndup (rest + 1, end - rest - 1) : g_strdup (rest + 1);
    }
  else
    {
      colon = strrchr (rest, ':');
      *out_host = colon ? g_strndup (rest, colon - rest) : g_strdup (rest);
    }
  return g_strdup (rest);
}

/* What the next account is made with: the registrar chosen, resolved, certificates ready. */
typedef struct {
  WccSoftphone *self;
  GCancellable *cancellable;     /* the fetch it belongs to: cancelled, a newer one runs */
  WccTransport  transport;
  char         *registrar;       /* HOST:PORT */
  char         *host;
  char         *local_address;   /* towards the registrar, or NULL */
  char         *ca_file;         /* the company authority the certificates are made with */
  gboolean      require_srtp;    /* over TLS, encrypted calls only */
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->self);
  g_clear_object (&pending->cancellable);
  g_free (pending->registrar);
  g_free (pending->host);
  g_free (pending->local_address);
  g_free (pending->ca_file);
  g_free (pending);
}

/* The local address the system would send from to reach @address (a connected UDP socket
 * sends nothing: the kernel only picks the route). */
static char *
local_address_towards (GInetAddress *address)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, NULL);
  remote = g_inet_socket_address_new (address, 5060);
  if (socket == NULL || !g_socket_connect (socket, remote, NULL, NULL))
    return NULL;
  local = g_socket_get_local_address (socket, NULL);
  if (local == NULL)
    return NULL;
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
}

static void
create_account (WccSoftphone *self,
                Pending      *pending)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "sip-bind-address");
  g_autofree char *bind = NULL;
  g_autofree char *old_user = NULL;
  WccSipAccount *sip = self->sip_account;
  WccUser *user = wcc_session_get_user (self->session);
  g_autoptr(GError) error = NULL;
  gboolean tls = pending->transport == WCC_TRANSPORT_TLS;
  WccAccountSettings settings = {
    .user = sip->username,
    .domain = sip->domain,
    .password = sip->password,
    .display_name = user ? wcc_user_get_display_name (user) : NULL,
    .registrar = pending->registrar,
    .transport = pending->transport,
    /* SRTP is taken when the other side offers it. Only over TLS are the SDES keys in the
     * SDP hidden, so only there can the agent's site require it ("require-srtp"): most
     * carriers send plain RTP, and a call centre that refused them would lose its
     * customers' calls (docs/architecture.md). */
    .srtp = tls && pending->require_srtp ? WCC_SRTP_MANDATORY : WCC_SRTP_OPTIONAL,
    .tls_certificate_dir = tls ? self->tls_directory : NULL,
  };
  const char *address = *configured ? configured : pending->local_address;
  gboolean v6 = address != NULL && strchr (address, ':') != NULL;

  self->refused = FALSE;
  /* Asked again after a refused password: the same stack and contact take the new one, so
   * the registration replaces its binding instead of leaving a stale one behind. (New
   * certificates came with the old TLS account dropped: a TLS account here has them.) */
  if (self->account != NULL)
    g_object_get (self->account, "user", &old_user, NULL);
  if (self->account != NULL && g_strcmp0 (old_user, sip->username) == 0 &&
      self->account_transport == pending->transport && self->account_srtp == settings.srtp)
    {
      wcc_account_set_password (self->account, sip->password);
      return;
    }
  drop_account (self);
  self->account_srtp = settings.srtp;
  bind = address ? g_strdup_printf (v6 ? "[%s]:0" : "%s:0", address) : NULL;
  settings.bind = bind;
  if (address != NULL)
    g_object_set (self->phone, "bind-address", address, NULL);

  self->account = wcc_phone_add_account (self->phone, &settings, &error);
  if (self->account == NULL)
    {
      set_details (self, error->message);
      report_error (self, error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      return;
    }
  self->account_transport = pending->transport;
  g_object_ref (self->account);
  g_settings_bind (self->settings, "auto-answer", self->account, "auto-answer", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "dnd", self->account, "dnd", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->account, "notify::state", G_CALLBACK (on_account_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "incoming-call", G_CALLBACK (on_incoming_call), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "call-added", G_CALLBACK (on_call_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "call-removed", G_CALLBACK (on_call_removed), self, G_CONNECT_SWAPPED);
  if (self->enabled)
    wcc_account_register (self->account);
  on_account_state (self, NULL, self->account);
}

/* The account's certificates are read when its stack starts: the old directory can go as
 * soon as a new one is made. */
static void
replace_tls_directory (WccSoftphone *self,
                       char         *directory,
                       const char   *ca_file)
{
  wcc_tls_directory_remove (self->tls_directory);
  g_free (self->tls_directory);
  self->tls_directory = directory;
  g_free (self->tls_directory_ca);
  self->tls_directory_ca = g_strdup (ca_file);
}

static gboolean
pending_stale (Pending *pending)
{
  return g_cancellable_is_cancelled (pending->cancellable) || pending->self->shut_down;
}

/* Refused over TLS (certificates, a server's proof): no account, the reason in the details. */
static void
refuse (WccSoftphone *self,
        const char   *message)
{
  drop_account (self);
  self->refused = TRUE;
  set_details (self, message);
  report_error (self, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
on_server_checked (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_tls_directory_check_server_finish (result, &error) && pending_stale (pending))
    {
      pending_free (pending);
      return;
    }
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      g_autofree char *message = g_strdup_printf (_("Not registered: %s"), error->message);

      refuse (pending->self, message);
      pending_free (pending);
      return;
    }
  /* Not reached (yet): the account tries, and retries, by itself; its own stack verifies
   * the certificate whenever it connects. */
  if (error != NULL)
    g_debug ("Could not check the server's certificate: %s", error->message);
  create_account (pending->self, pending);
  pending_free (pending);
}

/* A server the certificates do not vouch for is told at once, in words (the stack would
 * only time out), before an account is made. */
static void
check_server (Pending *pending)
{
  const char *colon = strrchr (pending->registrar, ':');
  guint16 port = colon ? (guint16) g_ascii_strtoull (colon + 1, NULL, 10) : 0;

  wcc_tls_directory_check_server_async (pending->self->tls_directory, pending->host, port ? port : 5061,
                                        pending->cancellable, on_server_checked, pending);
}

static void
on_tls_directory (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  char *directory = wcc_tls_directory_create_finish (result, &error);

  if (pending_stale (pending))
    {
      wcc_tls_directory_remove (directory);
      g_free (directory);
      pending_free (pending);
      return;
    }
  if (directory == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot use SIP over TLS: %s"), error->message);

      refuse (pending->self, message);
      pending_free (pending);
      return;
    }
  /* The account in use keeps its directory until the new account replaces it. */
  if (pending->self->account != NULL && pending->self->account_transport == WCC_TRANSPORT_TLS)
    drop_account (pending->self);
  replace_tls_directory (pending->self, directory, pending->ca_file);
  check_server (pending);
}

/* Over TLS: certificates made (off the main loop) unless the ones in use still fit. */
static void
prepare_transport (Pending *pending)
{
  WccSoftphone *self = pending->self;
  g_autofree char *parent = NULL;

  if (pending->transport != WCC_TRANSPORT_TLS)
    {
      create_account (self, pending);
      pending_free (pending);
      return;
    }
  if (self->tls_directory != NULL && g_strcmp0 (self->tls_directory_ca, pending->ca_file) == 0)
    {
      check_server (pending);
      return;
    }
  parent = g_build_filename (g_get_user_runtime_dir (), "wcc-agent", NULL);
  wcc_tls_directory_create_async (parent, TRUE, pending->ca_file, pending->cancellable,
                                  on_tls_directory, pending);
}

static void
on_registrar_resolved (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autolist(GInetAddress) addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  if (pending_stale (pending))
    {
      pending_free (pending);
      return;
    }
  if (addresses != NULL)
    pending->local_address = local_address_towards (addresses->data);
  prepare_transport (pending);
}

/* The transport the settings choose among what the server offers: TLS when offered (unless
 * "udp"); "tls" registers nowhere else. FALSE (and why, in @message) when none fits. */
static gboolean
choose_transport (WccSoftphone   *self,
                  WccSipAccount  *sip,
                  WccTransport   *transport,
                  const char    **registrar,
                  char          **message)
{
  g_autofree char *choice = g_settings_get_string (self->settings, "sip-transport");

  if (g_strcmp0 (choice, "udp") != 0 && sip->registrar_tls != NULL)
    {
      *transport = WCC_TRANSPORT_TLS;
      *registrar = sip->registrar_tls;
      return TRUE;
    }
  if (g_strcmp0 (choice, "tls") == 0)
    {
      *message = g_strdup (_("Not registered: the server offers no SIP over TLS, and the "
                             "softphone settings allow only TLS"));
      return FALSE;
    }
  *transport = WCC_TRANSPORT_UDP;
  *registrar = sip->registrar;
  return TRUE;
}

/* Makes (or renews) the account from the server's last answer and the settings. */
static void
start_account (WccSoftphone *self)
{
  WccSipAccount *sip = self->sip_account;
  g_autofree char *message = NULL;
  const char *registrar = NULL;
  WccTransport transport = WCC_TRANSPORT_UDP;
  Pending *pending;

  if (self->shut_down || sip == NULL)
    return;
  if (!choose_transport (self, sip, &transport, &registrar, &message))
    {
      refuse (self, message);
      return;
    }
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  if (self->fetch_cancellable == NULL)
    self->fetch_cancellable = g_cancellable_new ();
  pending->cancellable = g_object_ref (self->fetch_cancellable);
  pending->transport = transport;
  pending->registrar = registrar_host_port (registrar, &pending->host);
  pending->ca_file = g_settings_get_string (self->settings, "sip-ca-file");
  pending->require_srtp = g_settings_get_boolean (self->settings, "require-srtp");
  g_resolver_lookup_by_name_async (g_resolver_get_default (), pending->host, pending->cancellable,
                                   on_registrar_resolved, pending);
}

static void
on_sip_account (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccSoftphone) self = user_data;
  g_autoptr(GError) error = NULL;
  WccSipAccount *sip = wcc_client_get_sip_account_finish (WCC_CLIENT (source), result, &error);

  if (sip == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The server gave no phone account: %s"), error->message);
      set_details (self, message);
      report_error (self, message);
      return;
    }
  g_clear_pointer (&self->sip_account, wcc_sip_account_free);
  self->sip_account = sip;
  start_account (self);
}

/* The transport or the trusted authorities changed: the account is made again with them
 * (after the calls going on). */
static void
on_transport_setting_changed (WccSoftphone *self)
{
  if (self->sip_account == NULL || self->shut_down)
    return;
  if (self->account != NULL && g_list_model_get_n_items (wcc_account_get_calls (self->account)) > 0)
    {
      self->reconfigure_pending = TRUE;
      return;
    }
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  self->fetch_cancellable = g_cancellable_new ();
  start_account (self);
}

static void
fetch_account (WccSoftphone *self)
{
  if (self->shut_down)
    return;
  g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  self->fetch_cancellable = g_cancellable_new ();
  set_details (self, _("Getting the phone account…"));
  wcc_client_get_sip_account_async (wcc_session_get_client (self->session), self->fetch_cancellable,
                                    on_sip_account, g_object_ref (self));
}

static void
apply_enabled (WccSoftphone *self)
{
  if (self->shut_down)
    return;
  if (self->enabled)
    {
      if (self->account != NULL)
        wcc_account_register (self->account);
      else
        fetch_account (self);
    }
  else
    {
      if (self->fetch_cancellable != NULL)
        g_cancellable_cancel (self->fetch_cancellable);
      if (self->account != NULL)
        wcc_account_unregister (self->account);
      else
        set_details (self, _("The softphone is off"));
      if (self->refused)
        {
          self->refused = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
        }
    }
}

/* ---- the call log and contacts ------------------------------------------------------------ */

/* Per server and account in the user's data folder; in memory (and said so) when that
 * folder cannot be written, so the softphone works all the same. */
static void
open_stores (WccSoftphone *self)
{
  WccClient *client = wcc_session_get_client (self->session);
  WccUser *user = wcc_session_get_user (self->session);
  const char *account = user ? wcc_user_get_account (user) : "unknown";
  g_autofree char *log_path = wcc_call_log_default_path (wcc_client_get_base_url (client), account);
  g_autofree char *contacts_path = wcc_contact_list_default_path (wcc_client_get_base_url (client), account);
  g_autofree char *uploads_path = wcc_recording_uploads_default_path (wcc_client_get_base_url (client), account);
  g_autoptr(GError) error = NULL;

  self->call_log = wcc_call_log_open (log_path, &error);
  if (self->call_log == NULL)
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
      self->call_log = wcc_call_log_open (WCC_CALL_LOG_IN_MEMORY, &error);
    }
  /* Written behind, on the log's thread: a file that refuses a call is said. */
  g_signal_connect_object (self->call_log, "write-failed", G_CALLBACK (report_error), self, G_CONNECT_SWAPPED);
  self->contacts = wcc_contact_list_open (contacts_path, &error);
  if (self->contacts == NULL)
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
      self->contacts = wcc_contact_list_open (WCC_CONTACT_LIST_IN_MEMORY, &error);
    }
  /* Recordings of earlier sessions of this account on this server go now (those nobody
   * asked for expire: WCC_RECORDING_RETENTION_DAYS). */
  self->uploads = wcc_recording_uploads_open (client, uploads_path, &error);
  if (self->uploads == NULL)
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
      self->uploads = wcc_recording_uploads_open (client, WCC_RECORDING_UPLOADS_IN_MEMORY, &error);
    }
  g_assert (self->call_log != NULL && self->contacts != NULL && self->uploads != NULL);
  g_signal_connect_object (self->uploads, "uploaded", G_CALLBACK (on_recording_uploaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->uploads, "refused", G_CALLBACK (on_recording_refused), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::connection", G_CALLBACK (on_connection_changed), self,
                           G_CONNECT_SWAPPED);
  wcc_recording_uploads_start (self->uploads);
}

/* ---- audio devices ----------------------------------------------------------------------- */

static void apply_audio_devices (WccSoftphone *self);

static WccAudioDevices *
audio_devices (WccSoftphone      *self,
               WccAudioDirection  direction)
{
  WccAudioDevices **devices = direction == WCC_AUDIO_INPUT ? &self->audio_inputs : &self->audio_outputs;

  if (*devices == NULL)
    {
      *devices = wcc_audio_devices_new (direction);
      /* A device kept in the settings and plugged back in is used again; one unplugged
       * leaves the system default until it returns. */
      g_signal_connect_object (*devices, "items-changed", G_CALLBACK (apply_audio_devices), self, G_CONNECT_SWAPPED);
    }
  return *devices;
}

/* The phone's description for the device setting @key: the kept device while it is
 * connected, NULL (the system default, or $WCC_AUDIOSRC / $WCC_AUDIOSINK) otherwise. The
 * device lists are only made when a device is chosen: the system default needs no monitor. */
static char *
resolved_device (WccSoftphone      *self,
                 const char        *key,
                 WccAudioDirection  direction)
{
  g_autofree char *kept = g_settings_get_string (self->settings, key);

  if (*kept == '\0')
    return NULL;
  return g_strdup (wcc_audio_devices_resolve (audio_devices (self, direction), kept));
}

/* Only a real change reaches the phone: setting an output drops its tone player, which
 * would cut a ringing short whenever some other device comes or goes. */
static void
set_phone_device (WccSoftphone *self,
                  const char   *property,
                  const char   *description)
{
  g_autofree char *current = NULL;

  g_object_get (self->phone, property, &current, NULL);
  if (g_strcmp0 (current, description) != 0)
    g_object_set (self->phone, property, description, NULL);
}

static void
apply_audio_source (WccSoftphone *self)
{
  g_autofree char *source = resolved_device (self, "audio-source", WCC_AUDIO_INPUT);

  set_phone_device (self, "audio-source", source);
}

/* The output chosen in the settings: the phone moves the calls going on to it at once
 * (/call/switch-output) and plays the next ones there. */
static void
apply_audio_sink (WccSoftphone *self)
{
  g_autofree char *sink = resolved_device (self, "audio-sink", WCC_AUDIO_OUTPUT);

  set_phone_device (self, "audio-sink", sink);
}

/* Empty: the ringing plays on the audio output (the phone's own rule). */
static void
apply_ring_sink (WccSoftphone *self)
{
  g_autofree char *ring = resolved_device (self, "ring-sink", WCC_AUDIO_OUTPUT);

  set_phone_device (self, "ring-sink", ring);
}

static void
apply_audio_devices (WccSoftphone *self)
{
  apply_audio_source (self);
  apply_audio_sink (self);
  apply_ring_sink (self);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_softphone_constructed (GObject *object)
{
  WccSoftphone *self = WCC_SOFTPHONE (object);

  G_OBJECT_CLASS (wcc_softphone_parent_class)->constructed (object);
  g_assert (WCC_IS_SESSION (self->session));
  self->quality_reporter = wcc_call_quality_reporter_new (self);
  open_stores (self);

  /* Empty settings keep the phone's defaults: $WCC_AUDIOSRC / $WCC_AUDIOSINK or the system's.
   * A new output applies to the calls going on too; a new input to the next call. */
  self->phone = wcc_phone_new ();
  apply_audio_devices (self);
  g_signal_connect_object (self->settings, "changed::audio-source", G_CALLBACK (apply_audio_source), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::audio-sink", G_CALLBACK (apply_audio_sink), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ring-sink", G_CALLBACK (apply_ring_sink), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "busy-tone", self->phone, "busy-tone", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "echo-cancellation", self->phone, "echo-cancellation", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::sip-transport", G_CALLBACK (on_transport_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::require-srtp", G_CALLBACK (on_transport_setting_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sip-ca-file", G_CALLBACK (on_transport_setting_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->session, "call-ringing", G_CALLBACK (on_session_call_ringing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "call-ended", G_CALLBACK (on_session_call_ended), self, G_CONNECT_SWAPPED);

  /* The switch remembers its position; registering follows it. */
  g_settings_bind (self->settings, "softphone-enabled", self, "enabled", G_SETTINGS_BIND_DEFAULT);
  if (!self->enabled)
    set_details (self, _("The softphone is off"));
}

static void
wcc_softphone_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WccSoftphone *self = WCC_SOFTPHONE (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_PHONE: g_value_set_object (value, self->phone); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_STATE: g_value_set_int (value, wcc_softphone_get_state (self)); break;
    case PROP_DETAILS: g_value_set_string (value, self->details); break;
    case PROP_CURRENT_CALL: g_value_set_object (value, self->current_call); break;
    case PROP_CONSULTING: g_value_set_boolean (value, wcc_softphone_get_consulting (self)); break;
    case PROP_LAST_NUMBER: g_value_set_string (value, self->last_number); break;
    case PROP_CALL_LOG: g_value_set_object (value, self->call_log); break;
    case PROP_CONTACTS: g_value_set_object (value, self->contacts); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_softphone_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WccSoftphone *self = WCC_SOFTPHONE (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    case PROP_ENABLED: wcc_softphone_set_enabled (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_softphone_dispose (GObject *object)
{
  WccSoftphone *self = WCC_SOFTPHONE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->quality_reporter);
  g_clear_object (&self->current_call);
  g_clear_object (&self->consultation);
  g_clear_object (&self->held_for_consultation);
  g_clear_object (&self->account);
  g_clear_object (&self->phone);
  g_clear_object (&self->session);
  g_clear_object (&self->audio_inputs);
  g_clear_object (&self->audio_outputs);

  G_OBJECT_CLASS (wcc_softphone_parent_class)->dispose (object);
}

static void
wcc_softphone_finalize (GObject *object)
{
  WccSoftphone *self = WCC_SOFTPHONE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->call_log);
  g_clear_object (&self->contacts);
  g_clear_object (&self->uploads);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_pointer (&self->ring_events, g_hash_table_unref);
  g_free (self->details);
  g_free (self->last_number);
  g_clear_pointer (&self->sip_account, wcc_sip_account_free);
  replace_tls_directory (self, NULL, NULL);

  G_OBJECT_CLASS (wcc_softphone_parent_class)->finalize (object);
}

static void
wcc_softphone_class_init (WccSoftphoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = wcc_softphone_constructed;
  object_class->get_property = wcc_softphone_get_property;
  object_class->set_property = wcc_softphone_set_property;
  object_class->dispose = wcc_softphone_dispose;
  object_class->finalize = wcc_softphone_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] = g_param_spec_object ("phone", NULL, NULL, WCC_TYPE_PHONE, ro);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WCC_ACCOUNT_OFFLINE,
                                             WCC_ACCOUNT_UNREGISTERING, WCC_ACCOUNT_OFFLINE, ro);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, ro);
  properties[PROP_CURRENT_CALL] = g_param_spec_object ("current-call", NULL, NULL, WCC_TYPE_CALL, ro);
  properties[PROP_CONSULTING] = g_param_spec_boolean ("consulting", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_NUMBER] = g_param_spec_string ("last-number", NULL, NULL, NULL, ro);
  properties[PROP_CALL_LOG] = g_param_spec_object ("call-log", NULL, NULL, WCC_TYPE_CALL_LOG, ro);
  properties[PROP_CONTACTS] = g_param_spec_object ("contacts", NULL, NULL, WCC_TYPE_CONTACT_LIST, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
  signals[SIGNAL_CALLER_CHANGED] =
    g_signal_new ("caller-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
  signals[SIGNAL_CUSTOMER_CALL_ANSWERED] =
    g_signal_new ("customer-call-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, WCC_TYPE_CALL, G_TYPE_INT64);
  signals[SIGNAL_RECORDING_UPLOADED] =
    g_signal_new ("recording-uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, WCC_TYPE_CALL, G_TYPE_INT64);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  call_info_quark = g_quark_from_static_string ("wcc-softphone-call-info");
}

static void
wcc_softphone_init (WccSoftphone *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->ring_events = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) ring_event_free);
}

/* ---- public API -------------------------------------------------------------------------- */

WccSoftphone *
wcc_softphone_new (WccSession *session)
{
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  return g_object_new (WCC_TYPE_SOFTPHONE, "session", session, NULL);
}

WccSession *
wcc_softphone_get_session (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->session;
}

WccPhone *
wcc_softphone_get_phone (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->phone;
}

WccAccount *
wcc_softphone_get_account (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->account;
}

gboolean
wcc_softphone_get_enabled (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  return self->enabled;
}

void
wcc_softphone_set_enabled (WccSoftphone *self,
                           gboolean      enabled)
{
  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  self->refetched = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  apply_enabled (self);
}

WccAccountState
wcc_softphone_get_state (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), WCC_ACCOUNT_OFFLINE);
  if (self->account != NULL)
    return wcc_account_get_state (self->account);
  return self->refused ? WCC_ACCOUNT_FAILED : WCC_ACCOUNT_OFFLINE;
}

const char *
wcc_softphone_get_details (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->details;
}

WccCall *
wcc_softphone_get_current_call (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->current_call;
}

WccCall *
wcc_softphone_get_ringing_call (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  if (self->current_call != NULL && wcc_call_get_state (self->current_call) == WCC_CALL_INCOMING)
    return self->current_call;
  return NULL;
}

gboolean
wcc_softphone_get_consulting (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  return call_going_on (self->consultation) && call_going_on (self->held_for_consultation);
}

const char *
wcc_softphone_get_last_number (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->last_number;
}

WccCallLog *
wcc_softphone_get_call_log (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->call_log;
}

WccContactList *
wcc_softphone_get_contacts (WccSoftphone *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return self->contacts;
}

const char *
wcc_softphone_name_for_number (WccSoftphone *self,
                               const char   *number,
                               const char   *fallback)
{
  WccContact *contact;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);

  contact = wcc_contact_list_find_number (self->contacts, number);
  return contact ? wcc_contact_get_name (contact) : fallback;
}

gint64
wcc_softphone_get_server_call_id (WccSoftphone *self,
                                  WccCall      *call)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), 0);
  g_return_val_if_fail (WCC_IS_CALL (call), 0);
  return call_info (call)->server_call_id;
}

gint64
wcc_softphone_get_call_group (WccSoftphone *self,
                              WccCall      *call)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), 0);
  g_return_val_if_fail (WCC_IS_CALL (call), 0);
  return call_info (call)->group_id;
}

const WccCaller *
wcc_softphone_get_caller (WccSoftphone *self,
                          WccCall      *call)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  g_return_val_if_fail (WCC_IS_CALL (call), NULL);
  return call_info (call)->caller;
}

/* Fails (and says so) unless there is a call to act on. */
static WccCall *
require_call (WccSoftphone  *self,
              GError       **error)
{
  if (self->current_call == NULL)
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("There is no call"));
      return NULL;
    }
  return self->current_call;
}

/* Reports @error (when set) as "error" and passes @ok on. */
static gboolean
reported (WccSoftphone  *self,
          gboolean       ok,
          GError       **error,
          GError        *local_error)
{
  if (ok)
    return TRUE;
  report_error (self, local_error->message);
  g_propagate_error (error, local_error);
  return FALSE;
}

WccCall *
wcc_softphone_dial (WccSoftphone  *self,
                    const char    *number,
                    GError       **error)
{
  GError *local_error = NULL;
  g_autofree char *target = NULL;
  WccCall *call = NULL;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  target = g_strstrip (g_strdup (number));
  if (*target == '\0')
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Type a number to call"));
  else if (self->account == NULL || wcc_account_get_state (self->account) != WCC_ACCOUNT_REGISTERED)
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT,
                         _("The softphone is not registered: turn it on first"));
  else
    call = wcc_account_dial (self->account, target, &local_error);
  if (!reported (self, call != NULL, error, local_error))
    return NULL;
  if (g_strcmp0 (self->last_number, target) != 0)
    {
      g_free (self->last_number);
      self->last_number = g_steal_pointer (&target);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_NUMBER]);
    }
  update_current_call (self);
  return call;
}

WccCall *
wcc_softphone_dial_customer (WccSoftphone  *self,
                             const char    *number,
                             gint64         customer_id,
                             gint64         task_id,
                             GError       **error)
{
  GError *local_error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *customer_header = NULL;
  g_autofree char *task_header = NULL;
  const char *headers[3] = { NULL, };
  WccCall *call = NULL;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (customer_id > 0, NULL);

  target = g_strstrip (g_strdup (number));
  customer_header = g_strdup_printf ("X-WCC-Customer-Id: %" G_GINT64_FORMAT, customer_id);
  headers[0] = customer_header;
  if (task_id > 0)
    headers[1] = task_header = g_strdup_printf ("X-WCC-Task-Id: %" G_GINT64_FORMAT, task_id);
  if (*target == '\0')
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Type a number to call"));
  else if (self->account == NULL || wcc_account_get_state (self->account) != WCC_ACCOUNT_REGISTERED)
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT,
                         _("The softphone is not registered: turn it on first"));
  else
    call = wcc_account_dial_with_headers (self->account, target, headers, &local_error);
  if (!reported (self, call != NULL, error, local_error))
    return NULL;
  call_info (call)->customer_id = customer_id;
  if (g_strcmp0 (self->last_number, target) != 0)
    {
      g_free (self->last_number);
      self->last_number = g_steal_pointer (&target);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_NUMBER]);
    }
  update_current_call (self);
  return call;
}

gint64
wcc_softphone_get_call_customer (WccSoftphone *self,
                                 WccCall      *call)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), 0);
  g_return_val_if_fail (WCC_IS_CALL (call), 0);
  return call_info (call)->customer_id;
}

void
wcc_softphone_upload_recording (WccSoftphone *self,
                                WccCall      *call)
{
  CallInfo *info;

  g_return_if_fail (WCC_IS_SOFTPHONE (self));
  g_return_if_fail (WCC_IS_CALL (call));

  info = call_info (call);
  if (info->recording_id == 0 || info->recording_path == NULL || *info->recording_path == '\0')
    return;
  wcc_recording_uploads_want (self->uploads, info->recording_id);
}

gboolean
wcc_softphone_get_call_recorded (WccSoftphone *self,
                                 WccCall      *call)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (WCC_IS_CALL (call), FALSE);
  return call_info (call)->recording_path != NULL && *call_info (call)->recording_path != '\0';
}

WccAudioDevices *
wcc_softphone_get_audio_devices (WccSoftphone      *self,
                                 WccAudioDirection  direction)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), NULL);
  return audio_devices (self, direction);
}

gboolean
wcc_softphone_answer (WccSoftphone  *self,
                      GError       **error)
{
  GError *local_error = NULL;
  WccCall *ringing;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);

  ringing = wcc_softphone_get_ringing_call (self);
  if (ringing == NULL)
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT, _("No call is ringing"));
  else
    ok = wcc_call_answer (ringing, &local_error);
  return reported (self, ok, error, local_error);
}

void
wcc_softphone_expect_supervision (WccSoftphone *self,
                                  gint64        call_id)
{
  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  self->expected_supervision = call_id;
  /* The server rings the leader's phone for 30 s at most. */
  self->supervision_deadline = g_get_monotonic_time () + 35 * G_USEC_PER_SEC;
}

void
wcc_softphone_decline (WccSoftphone *self)
{
  WccCall *ringing;

  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  ringing = wcc_softphone_get_ringing_call (self);
  if (ringing != NULL)
    wcc_call_reject (ringing, 603);
}

void
wcc_softphone_hang_up (WccSoftphone *self)
{
  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  if (wcc_softphone_get_consulting (self) && self->current_call == self->consultation)
    {
      wcc_softphone_return_to_caller (self, NULL);
      return;
    }
  if (self->current_call != NULL)
    wcc_call_hangup (self->current_call);
}

gboolean
wcc_softphone_toggle_hold (WccSoftphone  *self,
                           GError       **error)
{
  GError *local_error = NULL;
  WccCall *call;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);

  call = require_call (self, &local_error);
  if (call != NULL && wcc_call_get_state (call) != WCC_CALL_ACTIVE)
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Only a connected call can be held"));
  else if (call != NULL)
    ok = wcc_call_set_hold (call, !wcc_call_get_on_hold (call), &local_error);
  return reported (self, ok, error, local_error);
}

void
wcc_softphone_toggle_mute (WccSoftphone *self)
{
  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  if (self->current_call != NULL)
    wcc_call_set_muted (self->current_call, !wcc_call_get_muted (self->current_call));
}

gboolean
wcc_softphone_send_dtmf (WccSoftphone  *self,
                         const char    *digits,
                         GError       **error)
{
  GError *local_error = NULL;
  WccCall *call;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);

  call = require_call (self, &local_error);
  if (call != NULL)
    ok = wcc_call_send_dtmf (call, digits, &local_error);
  return reported (self, ok, error, local_error);
}

gboolean
wcc_softphone_blind_transfer (WccSoftphone  *self,
                              const char    *target,
                              GError       **error)
{
  GError *local_error = NULL;
  g_autofree char *stripped = NULL;
  WccCall *call;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  stripped = g_strstrip (g_strdup (target));
  call = require_call (self, &local_error);
  if (call != NULL && *stripped == '\0')
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Type the number or employee ID to transfer to"));
  else if (call != NULL)
    ok = wcc_call_transfer (call, stripped, &local_error);
  return reported (self, ok, error, local_error);
}

gboolean
wcc_softphone_consult (WccSoftphone  *self,
                       const char    *target,
                       GError       **error)
{
  GError *local_error = NULL;
  WccCall *customer;
  WccCall *consultation = NULL;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  customer = require_call (self, &local_error);
  if (customer != NULL && (wcc_call_get_state (customer) != WCC_CALL_ACTIVE || wcc_softphone_get_consulting (self)))
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT, _("Consult from a connected call"));
  else if (customer != NULL &&
           (wcc_call_get_on_hold (customer) || wcc_call_set_hold (customer, TRUE, &local_error)))
    {
      g_set_object (&self->held_for_consultation, customer);
      consultation = wcc_softphone_dial (self, target, error);
      if (consultation == NULL)
        {
          /* Dialling reported its own error: the customer comes back. */
          wcc_call_set_hold (customer, FALSE, NULL);
          g_clear_object (&self->held_for_consultation);
          return FALSE;
        }
      g_set_object (&self->consultation, consultation);
      update_current_call (self);
      return TRUE;
    }
  return reported (self, FALSE, error, local_error);
}

gboolean
wcc_softphone_complete_transfer (WccSoftphone  *self,
                                 GError       **error)
{
  GError *local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);

  if (!wcc_softphone_get_consulting (self))
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT, _("There is no consultation to complete"));
  else if (wcc_call_get_state (self->consultation) != WCC_CALL_ACTIVE)
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT,
                         _("Wait until the consulted party answers, or return to the customer"));
  else
    ok = wcc_call_transfer_to_call (self->held_for_consultation, self->consultation, &local_error);
  return reported (self, ok, error, local_error);
}

gboolean
wcc_softphone_return_to_caller (WccSoftphone  *self,
                                GError       **error)
{
  GError *local_error = NULL;
  g_autoptr(WccCall) customer = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);

  if (self->held_for_consultation == NULL || !call_going_on (self->held_for_consultation))
    g_set_error_literal (&local_error, WCC_ERROR, WCC_ERROR_CONFLICT, _("There is no held customer to return to"));
  else
    {
      customer = g_object_ref (self->held_for_consultation);
      if (call_going_on (self->consultation))
        wcc_call_hangup (self->consultation);
      g_clear_object (&self->consultation);
      g_clear_object (&self->held_for_consultation);
      ok = wcc_call_set_hold (customer, FALSE, &local_error);
      update_current_call (self);
    }
  return reported (self, ok, error, local_error);
}

static void
on_phone_shut_down (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_phone_shutdown_finish (WCC_PHONE (source), result, &error))
    g_message ("The softphone did not shut down cleanly: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
wcc_softphone_shutdown_async (WccSoftphone        *self,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WCC_IS_SOFTPHONE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, wcc_softphone_shutdown_async);
  self->shut_down = TRUE;
  g_cancellable_cancel (self->cancellable);
  /* An upload under way stays listed: the next login of this account sends it. */
  wcc_recording_uploads_stop (self->uploads);
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_settings_unbind (self, "enabled");
  wcc_phone_shutdown_async (self->phone, SHUTDOWN_TIMEOUT_MS, NULL, on_phone_shut_down, g_steal_pointer (&task));
}

gboolean
wcc_softphone_shutdown_finish (WccSoftphone  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
