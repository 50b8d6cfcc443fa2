/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sim.c: the command-line phone's logic: options, calls placed or answered, expectations. */
#define G_LOG_DOMAIN "wcc-sim"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "wcc-phone.h"
#include "wcc-sdp.h"
#include "wcc-tone-detect.h"
#include "wcc-sim.h"

#define EAR_NAME             "wcc-sim-ear"
#define SHUTDOWN_DEADLINE_MS 2000
#define DTMF_DELAY_MS        500    /* after answer: media flows both ways by then */
#define TRANSFER_DELAY_MS    1000
#define HOLD_SECONDS         2
#define TONE_POLL_MS         100
#define TONE_REPORTS         3      /* 300 ms of the same tone */
#define LISTENING_EVERY_US   (2 * G_USEC_PER_SEC)   /* what is heard instead, while waiting */
#define MAX_EXPECTED_TONES   4

G_DEFINE_QUARK (wcc-sim-error-quark, wcc_sim_error)

typedef struct {
  char     *bind;
  char     *account;
  char     *password;
  char     *registrar;
  char     *transport;
  char     *call;
  gboolean  answer;
  double    tone;
  char     *play;
  char     *expect_tone;    /* "HZ[,HZ…]" */
  double    expect_no_tone;
  double    duration;
  char     *dtmf;
  char     *expect_dtmf;
  double    hold_after;
  char     *transfer_to;
  char     *codec;
  char     *srtp;
  gboolean  json;
  gboolean  quiet;
  int       calls;
  double    rate;
  gboolean  speaker;
} Options;

typedef struct {
  WccSim   *sim;           /* owns us */
  WccCall  *call;
  gboolean  primary;       /* placed by --call or incoming: counted in the summary */
  gint64    started_us;    /* monotonic: dialled or rang */
  gint64    answered_us;
  gboolean  ended;
  gboolean  tone_heard;     /* every expected tone */
  gboolean  tones_heard[MAX_EXPECTED_TONES];
  gboolean  unwanted_heard; /* --expect-no-tone's */
  gint64    listening_us;  /* monotonic: the last "listening" report */
  GString  *dtmf;
  guint     duration_id;
  guint     dtmf_id;
  guint     hold_id;
  guint     transfer_id;
} SimCall;

struct _WccSim
{
  GObject      parent_instance;
  Options      opts;
  gboolean     load_mode;       /* --calls given: print a summary */
  const char  *codecs[2];       /* --codec as a list for the account settings */
  WccSrtpMode  srtp;
  WccTransport transport;
  char        *user;
  char        *domain;

  GTask       *task;
  WccPhone    *phone;
  WccAccount  *account;
  GPtrArray   *calls;           /* of SimCall: live calls */
  GPtrArray   *failures;        /* of char*: unmet expectations, in order */
  gboolean     ready;
  gboolean     registered;
  gboolean     finishing;
  guint        placed;
  guint        place_id;
  guint        tone_poll_id;
  double       expect_tones[MAX_EXPECTED_TONES];  /* --expect-tone parsed */
  guint        n_expect_tones;

  /* The summary */
  guint        attempted;
  guint        answered;
  guint        failed;
  guint        ended_primary;
  gint64       setup_total_us;
};

G_DEFINE_FINAL_TYPE (WccSim, wcc_sim, G_TYPE_OBJECT)

static void finish_run (WccSim *self);

/* Events: a JSON line ({"event": …, fields}) with --json, else @human; nothing with --quiet.
 * Fields come as (name, GType, value) triples ending with NULL; values are const char *,
 * gint64, double or gboolean. */
static void
report (WccSim     *self,
        const char *human,
        const char *event,
        ...)
{
  va_list args;
  const char *name;

  if (self->opts.quiet)
    return;
  if (!self->opts.json)
    {
      g_print ("%s\n", human);
      return;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *line = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "event");
    json_builder_add_string_value (builder, event);
    va_start (args, event);
    while ((name = va_arg (args, const char *)) != NULL)
      {
        GType type = va_arg (args, GType);

        json_builder_set_member_name (builder, name);
        if (type == G_TYPE_STRING)
          json_builder_add_string_value (builder, va_arg (args, const char *));
        else if (type == G_TYPE_INT64)
          json_builder_add_int_value (builder, va_arg (args, gint64));
        else if (type == G_TYPE_DOUBLE)
          json_builder_add_double_value (builder, va_arg (args, double));
        else if (type == G_TYPE_BOOLEAN)
          json_builder_add_boolean_value (builder, va_arg (args, gboolean));
        else
          g_assert_not_reached ();
      }
    va_end (args);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    json_generator_set_root (generator, root);
    line = json_generator_to_data (generator, NULL);
    g_print ("%s\n", line);
  }
}

static void
add_failure (WccSim     *self,
             const char *message)
{
  g_ptr_array_add (self->failures, g_strdup (message));
  report (self, message, "failure", "message", G_TYPE_STRING, message, NULL);
}

/* Calls */

static void
sim_call_clear_timers (SimCall *sc)
{
  g_clear_handle_id (&sc->duration_id, g_source_remove);
  g_clear_handle_id (&sc->dtmf_id, g_source_remove);
  g_clear_handle_id (&sc->hold_id, g_source_remove);
  g_clear_handle_id (&sc->transfer_id, g_source_remove);
}

static void
sim_call_free (SimCall *sc)
{
  sim_call_clear_timers (sc);
  g_signal_handlers_disconnect_by_data (sc->call, sc);
  g_clear_object (&sc->call);
  g_string_free (sc->dtmf, TRUE);
  g_free (sc);
}

static SimCall *
find_call (WccSim  *self,
           WccCall *call)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *sc = g_ptr_array_index (self->calls, i);
      if (sc->call == call)
        return sc;
    }
  return NULL;
}

static gboolean
on_duration_over (gpointer user_data)
{
  SimCall *sc = user_data;

  sc->duration_id = 0;
  wcc_call_hangup (sc->call);
  return G_SOURCE_REMOVE;
}

static gboolean
on_send_dtmf (gpointer user_data)
{
  SimCall *sc = user_data;
  g_autoptr(GError) error = NULL;

  sc->dtmf_id = 0;
  if (!wcc_call_send_dtmf (sc->call, sc->sim->opts.dtmf, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot send DTMF: %s"), error->message);
      add_failure (sc->sim, message);
    }
  return G_SOURCE_REMOVE;
}

static void
set_hold (SimCall  *sc,
          gboolean  hold)
{
  g_autoptr(GError) error = NULL;

  if (!wcc_call_set_hold (sc->call, hold, &error))
    {
      g_autofree char *message = g_strdup_printf (hold ? _("Cannot hold the call: %s")
                                                       : _("Cannot resume the call: %s"),
                                                  error->message);
      add_failure (sc->sim, message);
      return;
    }
  report (sc->sim, hold ? _("Call on hold") : _("Call resumed"),
          "hold", "on", G_TYPE_BOOLEAN, hold, NULL);
}

static gboolean
on_resume (gpointer user_data)
{
  SimCall *sc = user_data;

  sc->hold_id = 0;
  set_hold (sc, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_hold (gpointer user_data)
{
  SimCall *sc = user_data;

  sc->hold_id = g_timeout_add_seconds (HOLD_SECONDS, on_resume, sc);
  set_hold (sc, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_transfer (gpointer user_data)
{
  SimCall *sc = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *human = NULL;

  sc->transfer_id = 0;
  if (!wcc_call_transfer (sc->call, sc->sim->opts.transfer_to, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot transfer to %s: %s"),
                                                  sc->sim->opts.transfer_to, error->message);
      add_failure (sc->sim, message);
      return G_SOURCE_REMOVE;
    }
  human = g_strdup_printf (_("Transferring to %s"), sc->sim->opts.transfer_to);
  report (sc->sim, human, "transfer", "state", G_TYPE_STRING, "requested",
          "target", G_TYPE_STRING, sc->sim->opts.transfer_to, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_transfer_done (WccCall    *call,
                  gboolean    ok,
                  int         status,
                  const char *reason,
                  SimCall    *sc)
{
  g_autofree char *human = ok
    ? g_strdup_printf (_("Transfer to %s done"), sc->sim->opts.transfer_to)
    : g_strdup_printf (_("Transfer to %s failed: %d %s"), sc->sim->opts.transfer_to, status,
                       reason ? reason : "");

  if (ok)
    report (sc->sim, human, "transfer", "state", G_TYPE_STRING, "done",
            "status", G_TYPE_INT64, (gint64) status, NULL);
  else
    add_failure (sc->sim, human);
}

static void
on_dtmf_received (WccCall *call,
                  gchar    digit,
                  SimCall *sc)
{
  char text[2] = { digit, '\0' };
  g_autofree char *human = g_strdup_printf (_("DTMF received: %s"), text);

  g_string_append_c (sc->dtmf, digit);
  report (sc->sim, human, "dtmf", "digit", G_TYPE_STRING, text, NULL);
}

static void
on_remote_hold (WccCall    *call,
                GParamSpec *pspec,
                SimCall    *sc)
{
  gboolean held = wcc_call_get_remote_hold (call);

  report (sc->sim, held ? _("The other side holds the call") : _("The other side resumed the call"),
          "held", "on", G_TYPE_BOOLEAN, held, NULL);
}

/* One expected tone: the dominant one. Several (a mix): each, wherever it stands. */
static gboolean
hears_expected (WccSim *self,
                guint   index)
{
  if (self->n_expect_tones == 1)
    return wcc_tone_detect_hears (EAR_NAME, self->expect_tones[0], TONE_REPORTS);
  return wcc_tone_detect_hears_in_mix (EAR_NAME, self->expect_tones[index], TONE_REPORTS);
}

static void
poll_expected_tones (SimCall *sc)
{
  WccSim *self = sc->sim;
  gint64 now;

  sc->tone_heard = TRUE;
  for (guint t = 0; t < self->n_expect_tones; t++)
    {
      if (!sc->tones_heard[t] && hears_expected (self, t))
        {
          g_autofree char *human = g_strdup_printf (_("Heard %.0f Hz"), self->expect_tones[t]);

          sc->tones_heard[t] = TRUE;
          report (self, human, "tone-heard", "hz", G_TYPE_DOUBLE, self->expect_tones[t], NULL);
        }
      sc->tone_heard = sc->tone_heard && sc->tones_heard[t];
    }
  now = g_get_monotonic_time ();
  /* Every 2 s without the tones: what is heard instead (silence, another tone). */
  if (!sc->tone_heard && now - MAX (sc->answered_us, sc->listening_us) >= LISTENING_EVERY_US)
    {
      double db = 0;
      double heard = wcc_tone_detect_dominant (EAR_NAME, &db);
      g_autofree char *human = g_strdup_printf (_("Still listening for %s Hz: hearing %.0f Hz at %.0f dB"),
                                                self->opts.expect_tone, heard, db);

      sc->listening_us = now;
      report (self, human, "listening", "hz", G_TYPE_DOUBLE, heard, "db", G_TYPE_DOUBLE, db, NULL);
    }
}

static gboolean
on_tone_poll (gpointer user_data)
{
  WccSim *self = user_data;
  gboolean waiting = FALSE;

  for (guint i = 0; i < self->calls->len; i++)
    {
      SimCall *sc = g_ptr_array_index (self->calls, i);

      if (sc->answered_us == 0 || sc->ended)
        continue;
      if (self->n_expect_tones > 0 && !sc->tone_heard)
        poll_expected_tones (sc);
      /* A tone that must not be heard is listened for until the call ends. */
      if (self->opts.expect_no_tone > 0 && !sc->unwanted_heard &&
          wcc_tone_detect_hears_in_mix (EAR_NAME, self->opts.expect_no_tone, TONE_REPORTS))
        {
          g_autofree char *human = g_strdup_printf (_("Heard %.0f Hz, which must not be heard"),
                                                    self->opts.expect_no_tone);

          sc->unwanted_heard = TRUE;
          report (self, human, "unwanted-tone-heard", "hz", G_TYPE_DOUBLE, self->opts.expect_no_tone, NULL);
        }
      waiting = waiting || (self->n_expect_tones > 0 && !sc->tone_heard) ||
                (self->opts.expect_no_tone > 0 && !sc->unwanted_heard);
    }
  if (!waiting)
    {
      self->tone_poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
call_answered (SimCall *sc)
{
  WccSim *self = sc->sim;
  const Options *opts = &self->opts;
  double setup_ms;
  g_autofree char *human = NULL;

  sc->answered_us = g_get_monotonic_time ();
  setup_ms = (sc->answered_us - sc->started_us) / 1000.0;
  if (sc->primary)
    {
      self->answered++;
      self->setup_total_us += sc->answered_us - sc->started_us;
    }
  human = g_strdup_printf (_("Call with %s answered (%s, set up in %.1f ms)"),
                           wcc_call_get_remote_uri (sc->call),
                           wcc_call_get_codec (sc->call) ? wcc_call_get_codec (sc->call) : "?",
                           setup_ms);
  report (self, human, "answered",
          "remote", G_TYPE_STRING, wcc_call_get_remote_uri (sc->call),
          "codec", G_TYPE_STRING, wcc_call_get_codec (sc->call) ? wcc_call_get_codec (sc->call) : "",
          "srtp", G_TYPE_BOOLEAN, wcc_call_get_secure (sc->call),
          "setup_ms", G_TYPE_DOUBLE, setup_ms, NULL);

  if (opts->duration > 0)
    sc->duration_id = g_timeout_add ((guint) (opts->duration * 1000), on_duration_over, sc);
  if (opts->dtmf != NULL)
    sc->dtmf_id = g_timeout_add (DTMF_DELAY_MS, on_send_dtmf, sc);
  if (opts->hold_after > 0)
    sc->hold_id = g_timeout_add ((guint) (opts->hold_after * 1000), on_hold, sc);
  if (opts->transfer_to != NULL && sc->primary)
    sc->transfer_id = g_timeout_add (TRANSFER_DELAY_MS, on_transfer, sc);
  if ((self->n_expect_tones > 0 || opts->expect_no_tone > 0) && self->tone_poll_id == 0)
    self->tone_poll_id = g_timeout_add (TONE_POLL_MS, on_tone_poll, self);
}

static void
on_call_state (WccCall    *call,
               GParamSpec *pspec,
               SimCall    *sc)
{
  switch (wcc_call_get_state (call))
    {
    case WCC_CALL_RINGING:
      report (sc->sim, _("Ringing"), "ringing", "remote", G_TYPE_STRING,
              wcc_call_get_remote_uri (call), NULL);
      break;
    case WCC_CALL_ACTIVE:
      if (sc->answered_us == 0)
        call_answered (sc);
      break;
    case WCC_CALL_DIALING:
    case WCC_CALL_INCOMING:
    case WCC_CALL_ENDED:
    default:
      break;
    }
}

/* Where a call's outcome meets the expectations. */
static void
call_ended (SimCall *sc)
{
  WccSim *self = sc->sim;
  const Options *opts = &self->opts;
  const char *reason = wcc_call_get_end_reason (sc->call);
  int status = 0;
  double duration = sc->answered_us ? (g_get_monotonic_time () - sc->answered_us) / (double) G_USEC_PER_SEC : 0;
  g_autofree char *human = NULL;

  if (sc->ended)
    return;
  sc->ended = TRUE;
  sim_call_clear_timers (sc);
  g_object_get (sc->call, "end-status", &status, NULL);
  human = g_strdup_printf (_("Call with %s ended after %.1f s: %s"),
                           wcc_call_get_remote_uri (sc->call), duration, reason ? reason : "");
  report (self, human, "ended",
          "remote", G_TYPE_STRING, wcc_call_get_remote_uri (sc->call),
          "reason", G_TYPE_STRING, reason ? reason : "",
          "status", G_TYPE_INT64, (gint64) status,
          "codec", G_TYPE_STRING, wcc_call_get_codec (sc->call) ? wcc_call_get_codec (sc->call) : "",
          "duration", G_TYPE_DOUBLE, duration, NULL);

  if (!sc->primary)
    return;
  self->ended_primary++;
  if (sc->answered_us == 0)
    {
      self->failed++;
      if (opts->call != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The call to %s was not answered: %s"),
                                                      wcc_call_get_remote_uri (sc->call),
                                                      reason ? reason : "");
          add_failure (self, message);
        }
      return;
    }
  for (guint t = 0; t < self->n_expect_tones; t++)
    if (!sc->tones_heard[t])
      {
        double db = 0;
        double heard = wcc_tone_detect_dominant (EAR_NAME, &db);
        g_autofree char *message = g_strdup_printf (_("Expected to hear %.0f Hz, heard %.0f Hz at %.0f dB"),
                                                    self->expect_tones[t], heard, db);
        add_failure (self, message);
      }
  if (sc->unwanted_heard)
    {
      g_autofree char *message = g_strdup_printf (_("Heard %.0f Hz, which must not be heard"),
                                                  opts->expect_no_tone);
      add_failure (self, message);
    }
  if (opts->expect_dtmf != NULL && g_strcmp0 (sc->dtmf->str, opts->expect_dtmf) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Expected DTMF “%s”, received “%s”"),
                                                  opts->expect_dtmf, sc->dtmf->str);
      add_failure (self, message);
    }
}

static void
check_finished (WccSim *self)
{
  guint target = self->opts.calls;

  if (self->finishing || target == 0)
    return;
  if (self->opts.call != NULL && self->placed < target)
    return;
  if (self->ended_primary >= target && self->calls->len == 0)
    finish_run (self);
}

static gboolean
on_check_finished (gpointer user_data)
{
  check_finished (WCC_SIM (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_call_ended (WccCall *call,
               SimCall *sc)
{
  WccSim *self = sc->sim;

  call_ended (sc);
  /* The library is still emitting on this call: let go of it afterwards. */
  g_ptr_array_remove (self->calls, sc);
  g_idle_add_full (G_PRIORITY_DEFAULT, on_check_finished, g_object_ref (self), g_object_unref);
}

static void
on_call_added (WccAccount *account,
               WccCall    *call,
               WccSim     *self)
{
  SimCall *sc = g_new0 (SimCall, 1);

  sc->sim = self;
  sc->call = g_object_ref (call);
  sc->dtmf = g_string_new (NULL);
  sc->started_us = g_get_monotonic_time ();
  g_ptr_array_add (self->calls, sc);
  g_signal_connect (call, "notify::state", G_CALLBACK (on_call_state), sc);
  g_signal_connect (call, "notify::remote-hold", G_CALLBACK (on_remote_hold), sc);
  g_signal_connect (call, "dtmf-received", G_CALLBACK (on_dtmf_received), sc);
  g_signal_connect (call, "transfer-done", G_CALLBACK (on_transfer_done), sc);
  g_signal_connect (call, "ended", G_CALLBACK (on_call_ended), sc);
}

static void
on_incoming_call (WccAccount *account,
                  WccCall    *call,
                  WccSim     *self)
{
  SimCall *sc = find_call (self, call);
  g_autofree char *human = g_strdup_printf (_("Incoming call from %s"), wcc_call_get_remote_uri (call));

  g_assert (sc != NULL);
  sc->primary = TRUE;
  self->attempted++;
  report (self, human, "incoming", "remote", G_TYPE_STRING, wcc_call_get_remote_uri (call), NULL);
  if (self->finishing)
    wcc_call_reject (call, 486);
  else if (self->opts.answer)
    {
      g_autoptr(GError) error = NULL;

      if (!wcc_call_answer (call, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot answer: %s"), error->message);
          report (self, message, "error", "message", G_TYPE_STRING, message, NULL);
        }
    }
  else
    wcc_call_reject (call, 486);
}

static void
place_call (WccSim *self)
{
  g_autoptr(GError) error = NULL;
  WccCall *call;

  self->placed++;
  self->attempted++;
  call = wcc_account_dial (self->account, self->opts.call, &error);
  if (call == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot call %s: %s"), self->opts.call, error->message);
      self->failed++;
      self->ended_primary++;
      add_failure (self, message);
      check_finished (self);
      return;
    }
  {
    SimCall *sc = find_call (self, call);
    g_autofree char *human = g_strdup_printf (_("Calling %s"), self->opts.call);

    g_assert (sc != NULL);
    sc->primary = TRUE;
    report (self, human, "calling", "target", G_TYPE_STRING, self->opts.call, NULL);
  }
}

static gboolean
on_place_next (gpointer user_data)
{
  WccSim *self = user_data;

  if (self->finishing || self->placed >= (guint) self->opts.calls)
    {
      self->place_id = 0;
      return G_SOURCE_REMOVE;
    }
  place_call (self);
  if (self->placed >= (guint) self->opts.calls)
    {
      self->place_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_calls (WccSim *self)
{
  if (self->opts.call == NULL)
    return;
  /* The first at once, then one every 1/rate s. */
  if (on_place_next (self) == G_SOURCE_CONTINUE)
    self->place_id = g_timeout_add (MAX (1, (guint) (1000.0 / self->opts.rate)), on_place_next, self);
}

/* The account */

static void
on_local_uri (WccAccount *account,
              GParamSpec *pspec,
              WccSim     *self)
{
  const char *uri = wcc_account_get_local_uri (account);
  g_autofree char *human = NULL;

  if (self->ready || uri == NULL)
    return;
  self->ready = TRUE;
  human = g_strdup_printf (_("Ready at %s"), uri);
  report (self, human, "ready", "uri", G_TYPE_STRING, uri, NULL);
  if (self->opts.registrar != NULL)
    wcc_account_register (account);
  else
    start_calls (self);
}

static void
on_account_state (WccAccount *account,
                  GParamSpec *pspec,
                  WccSim     *self)
{
  WccAccountState state = wcc_account_get_state (account);
  const char *details = wcc_account_get_registration_details (account);

  if (state == WCC_ACCOUNT_REGISTERED && !self->registered)
    {
      self->registered = TRUE;
      report (self, details ? details : _("Registered"), "registered",
              "details", G_TYPE_STRING, details ? details : "", NULL);
      start_calls (self);
    }
  else if (state == WCC_ACCOUNT_FAILED && !self->registered && !self->finishing)
    {
      g_autofree char *message = g_strdup_printf (_("Registration failed: %s"), details ? details : "");
      add_failure (self, message);
      finish_run (self);
    }
}

/* Ending */

static void
on_shutdown_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccSim) self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  wcc_phone_shutdown_finish (WCC_PHONE (source), result, NULL);
  /* Calls the shutdown ended without telling us still count. */
  while (self->calls->len > 0)
    {
      SimCall *sc = g_ptr_array_index (self->calls, 0);
      call_ended (sc);
      g_ptr_array_remove_index (self->calls, 0);
    }
  if (self->opts.call != NULL && self->placed < (guint) self->opts.calls)
    add_failure (self, _("Stopped before every call was placed"));

  if (self->load_mode)
    {
      double mean = self->answered ? self->setup_total_us / 1000.0 / self->answered : 0;
      g_autofree char *human = g_strdup_printf (_("Calls: %u attempted, %u answered, %u failed; mean setup %.1f ms"),
                                                self->attempted, self->answered, self->failed, mean);
      gboolean quiet = self->opts.quiet;

      /* The summary is what a load run is for: printed even with --quiet. */
      self->opts.quiet = FALSE;
      report (self, human, "summary",
              "attempted", G_TYPE_INT64, (gint64) self->attempted,
              "answered", G_TYPE_INT64, (gint64) self->answered,
              "failed", G_TYPE_INT64, (gint64) self->failed,
              "mean_setup_ms", G_TYPE_DOUBLE, mean, NULL);
      self->opts.quiet = quiet;
    }

  if (self->failures->len > 0)
    {
      g_autofree char *message = NULL;

      g_ptr_array_add (self->failures, NULL);
      message = g_strjoinv ("; ", (char **) self->failures->pdata);
      g_ptr_array_remove_index (self->failures, self->failures->len - 1);
      g_task_return_new_error (task, WCC_SIM_ERROR, WCC_SIM_ERROR_EXPECTATION, "%s", message);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
finish_run (WccSim *self)
{
  if (self->finishing)
    return;
  self->finishing = TRUE;
  g_clear_handle_id (&self->place_id, g_source_remove);
  g_clear_handle_id (&self->tone_poll_id, g_source_remove);
  wcc_phone_shutdown_async (self->phone, SHUTDOWN_DEADLINE_MS, NULL, on_shutdown_done,
                            g_object_ref (self));
}

/* Options */

static gboolean
parse_choice (const char  *value,
              const char  *option,
              const char  *const *choices,
              guint       *out_index,
              GError     **error)
{
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, choices[i]) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  {
    g_autofree char *list = g_strjoinv ("|", (char **) choices);
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("Invalid value “%s” for %s: use %s"), value, option, list);
  }
  return FALSE;
}

static gboolean
check_host_port (const char  *value,
                 const char  *option,
                 gboolean     port_required,
                 GError     **error)
{
  const char *colon = strrchr (value, ':');
  guint64 port = 0;

  if (colon == NULL ? port_required
                    : (colon == value
                       || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   port_required ? _("Invalid value “%s” for %s: use ADDRESS:PORT")
                                 : _("Invalid value “%s” for %s: use HOST[:PORT]"),
                   value, option);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bad_option (GError    **error,
            const char *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

/* What the options mean together; fills in what follows from them. */
static gboolean
validate_options (WccSim  *self,
                  GError **error)
{
  Options *opts = &self->opts;
  static const char *const transports[] = { "udp", "tcp", NULL };
  static const char *const srtp_modes[] = { "optional", "mandatory", "disabled", NULL };
  static const char *const codecs[] = { "opus", "G722", "PCMU", "PCMA", NULL };
  guint index = 0;

  if (opts->bind == NULL)
    opts->bind = g_strdup ("127.0.0.1:0");
  if (!check_host_port (opts->bind, "--bind", TRUE, error))
    return FALSE;

  if (opts->account != NULL)
    {
      const char *at = strchr (opts->account, '@');
      if (at == NULL || at == opts->account || at[1] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Invalid value “%s” for --account: use USER@DOMAIN"), opts->account);
          return FALSE;
        }
      self->user = g_strndup (opts->account, at - opts->account);
      self->domain = g_strdup (at + 1);
    }
  else
    {
      self->user = g_strdup ("wcc-sim");
      self->domain = g_strndup (opts->bind, strrchr (opts->bind, ':') - opts->bind);
    }
  if (opts->registrar != NULL)
    {
      if (opts->account == NULL)
        return bad_option (error, _("--registrar needs --account"));
      if (!check_host_port (opts->registrar, "--registrar", FALSE, error))
        return FALSE;
    }
  if (opts->password == NULL && g_getenv ("WCC_SIM_PASSWORD") != NULL)
    opts->password = g_strdup (g_getenv ("WCC_SIM_PASSWORD"));

  if (opts->transport != NULL)
    {
      if (!parse_choice (opts->transport, "--transport", transports, &index, error))
        return FALSE;
      self->transport = index == 1 ? WCC_TRANSPORT_TCP : WCC_TRANSPORT_UDP;
    }
  if (opts->srtp != NULL)
    {
      if (!parse_choice (opts->srtp, "--srtp", srtp_modes, &index, error))
        return FALSE;
      self->srtp = index == 1 ? WCC_SRTP_MANDATORY : index == 2 ? WCC_SRTP_DISABLED : WCC_SRTP_OPTIONAL;
    }
  if (opts->codec != NULL)
    {
      if (!parse_choice (opts->codec, "--codec", codecs, &index, error))
        return FALSE;
      self->codecs[0] = codecs[index];
      self->codecs[1] = NULL;
    }

  if (opts->tone < 0 || opts->tone > 20000)
    return bad_option (error, _("--tone must be between 1 and 20000 Hz"));
  if (opts->expect_tone != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (opts->expect_tone, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *end = NULL;
          double hz = g_ascii_strtod (g_strstrip (parts[i]), &end);

          if (end == parts[i] || *end != '\0' || hz < 1 || hz > 4000)
            return bad_option (error, _("--expect-tone must be between 1 and 4000 Hz"));
          if (self->n_expect_tones == MAX_EXPECTED_TONES)
            return bad_option (error, _("--expect-tone takes at most 4 frequencies"));
          self->expect_tones[self->n_expect_tones++] = hz;
        }
    }
  if (opts->expect_no_tone < 0 || opts->expect_no_tone > 4000)
    return bad_option (error, _("--expect-no-tone must be between 1 and 4000 Hz"));
  if (opts->tone > 0 && opts->play != NULL)
    return bad_option (error, _("--tone and --play cannot be used together"));
  if (opts->play != NULL && !g_file_test (opts->play, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Cannot read “%s” for --play"), opts->play);
      return FALSE;
    }
  if (opts->speaker && (self->n_expect_tones > 0 || opts->expect_no_tone > 0))
    return bad_option (error, _("--speaker and --expect-tone cannot be used together"));
  if (opts->duration < 0 || opts->hold_after < 0)
    return bad_option (error, _("--duration and --hold-after must not be negative"));
  for (const char *d = opts->dtmf; d != NULL && *d != '\0'; d++)
    if (!strchr ("0123456789*#ABCDabcd", *d))
      return bad_option (error, _("--dtmf takes the digits 0–9, *, # and A–D"));
  if (opts->dtmf != NULL && opts->dtmf[0] == '\0')
    return bad_option (error, _("--dtmf takes the digits 0–9, *, # and A–D"));
  if (opts->call != NULL && opts->answer)
    return bad_option (error, _("--call and --answer cannot be used together"));

  self->load_mode = opts->calls >= 0;
  if (opts->calls < 0)
    opts->calls = 1;
  else if (opts->calls == 0 && opts->call != NULL)
    return bad_option (error, _("--calls must be at least 1 with --call"));
  if (opts->rate < 0)
    return bad_option (error, _("--rate must be positive"));
  if (opts->rate == 0)
    opts->rate = 1;
  if (self->load_mode && opts->call == NULL && !opts->answer)
    return bad_option (error, _("--calls needs --call or --answer"));
  return TRUE;
}

/* GObject */

static void
wcc_sim_dispose (GObject *object)
{
  WccSim *self = WCC_SIM (object);

  g_clear_handle_id (&self->place_id, g_source_remove);
  g_clear_handle_id (&self->tone_poll_id, g_source_remove);
  if (self->calls != NULL)
    g_ptr_array_set_size (self->calls, 0);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->phone);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (wcc_sim_parent_class)->dispose (object);
}

static void
wcc_sim_finalize (GObject *object)
{
  WccSim *self = WCC_SIM (object);
  Options *opts = &self->opts;

  g_free (opts->bind);
  g_free (opts->account);
  if (opts->password != NULL)
    memset (opts->password, 0, strlen (opts->password));
  g_free (opts->password);
  g_free (opts->registrar);
  g_free (opts->transport);
  g_free (opts->call);
  g_free (opts->play);
  g_free (opts->dtmf);
  g_free (opts->expect_dtmf);
  g_free (opts->expect_tone);
  g_free (opts->transfer_to);
  g_free (opts->codec);
  g_free (opts->srtp);
  g_free (self->user);
  g_free (self->domain);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_ptr_array_unref);

  G_OBJECT_CLASS (wcc_sim_parent_class)->finalize (object);
}

static void
wcc_sim_class_init (WccSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_sim_dispose;
  object_class->finalize = wcc_sim_finalize;
}

static void
wcc_sim_init (WccSim *self)
{
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_call_free);
  self->failures = g_ptr_array_new_with_free_func (g_free);
  self->opts.calls = -1;
  self->transport = WCC_TRANSPORT_UDP;
  self->srtp = WCC_SRTP_OPTIONAL;
}

WccSim *
wcc_sim_new_from_args (int     *argc,
                       char  ***argv,
                       GError **error)
{
  g_autoptr(WccSim) self = g_object_new (WCC_TYPE_SIM, NULL);
  Options *o = &self->opts;
  const GOptionEntry entries[] = {
    { "bind", 0, 0, G_OPTION_ARG_STRING, &o->bind, N_("Listen for SIP on ADDRESS:PORT (default 127.0.0.1:0)"), N_("ADDRESS:PORT") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &o->account, N_("SIP account"), N_("USER@DOMAIN") },
    { "password", 0, 0, G_OPTION_ARG_STRING, &o->password, N_("Account password (or $WCC_SIM_PASSWORD)"), N_("PASSWORD") },
    { "registrar", 0, 0, G_OPTION_ARG_STRING, &o->registrar, N_("Register with this registrar"), N_("HOST:PORT") },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &o->transport, N_("SIP transport: udp or tcp"), N_("TRANSPORT") },
    { "call", 0, 0, G_OPTION_ARG_STRING, &o->call, N_("Place a call"), N_("URI") },
    { "answer", 0, 0, G_OPTION_ARG_NONE, &o->answer, N_("Answer incoming calls (otherwise they get 486 Busy Here)"), NULL },
    { "tone", 0, 0, G_OPTION_ARG_DOUBLE, &o->tone, N_("Send a sine of HZ (default: silence)"), N_("HZ") },
    { "play", 0, 0, G_OPTION_ARG_FILENAME, &o->play, N_("Send a WAV or Ogg file"), N_("FILE") },
    { "expect-tone", 0, 0, G_OPTION_ARG_STRING, &o->expect_tone, N_("Fail unless this frequency (or each of these, comma-separated) is heard during the call"), N_("HZ[,HZ…]") },
    { "expect-no-tone", 0, 0, G_OPTION_ARG_DOUBLE, &o->expect_no_tone, N_("Fail if this frequency is heard during the call"), N_("HZ") },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &o->duration, N_("Hang up after S seconds of talk"), N_("S") },
    { "dtmf", 0, 0, G_OPTION_ARG_STRING, &o->dtmf, N_("Send these DTMF digits after the answer"), N_("DIGITS") },
    { "expect-dtmf", 0, 0, G_OPTION_ARG_STRING, &o->expect_dtmf, N_("Fail unless exactly these DTMF digits arrive"), N_("DIGITS") },
    { "hold-after", 0, 0, G_OPTION_ARG_DOUBLE, &o->hold_after, N_("Hold the call after S seconds of talk, resume 2 s later"), N_("S") },
    { "transfer-to", 0, 0, G_OPTION_ARG_STRING, &o->transfer_to, N_("Blind-transfer the call 1 s after the answer"), N_("URI") },
    { "codec", 0, 0, G_OPTION_ARG_STRING, &o->codec, N_("Offer and accept only this codec: opus, G722, PCMU or PCMA"), N_("NAME") },
    { "srtp", 0, 0, G_OPTION_ARG_STRING, &o->srtp, N_("SRTP: optional, mandatory or disabled"), N_("MODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print events as JSON lines"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_("Print no events"), NULL },
    { "calls", 0, 0, G_OPTION_ARG_INT, &o->calls, N_("Place (or answer) N calls and print a summary; with --answer 0 runs until stopped"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->rate, N_("Calls per second placed with --calls (default 1)"), N_("R") },
    { "speaker", 0, 0, G_OPTION_ARG_NONE, &o->speaker, N_("Play the call on the sound card instead of listening for tones"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("A headless SIP phone for tests, demos and load runs."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return NULL;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), (*argv)[1]);
      return NULL;
    }
  if (!validate_options (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
wcc_sim_run_async (WccSim              *self,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *sink = NULL;
  const Options *opts;
  WccAccountSettings settings = { 0 };
  WccAccount *account;

  g_return_if_fail (WCC_IS_SIM (self));
  g_return_if_fail (self->task == NULL);

  opts = &self->opts;
  self->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->task, wcc_sim_run_async);

  if (opts->tone > 0)
    source = g_strdup_printf ("audiotestsrc is-live=true wave=sine volume=0.3 freq=%g", opts->tone);
  else if (opts->play != NULL)
    {
      g_autofree char *escaped = g_strescape (opts->play, NULL);
      /* A file is not a live source: identity paces it at the clock. */
      source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample "
                                "! identity sync=true", escaped);
    }
  else
    source = g_strdup ("audiotestsrc is-live=true wave=silence");
  /* Listening for a tone costs a spectrum analysis: only when a tone is expected. The
   * call's audio is still received, decoded and played in time either way. */
  if (opts->speaker)
    sink = g_strdup ("autoaudiosink");
  else if (self->n_expect_tones > 0 || opts->expect_no_tone > 0)
    sink = wcc_tone_detect_sink_description (EAR_NAME);
  else
    sink = g_strdup ("fakesink sync=true");

  self->phone = wcc_phone_new ();
  g_object_set (self->phone, "audio-source", source, "audio-sink", sink,
                "ring-sink", opts->speaker ? "autoaudiosink" : "fakesink sync=true",
                "busy-tone", FALSE, NULL);
  {
    g_autofree char *host = g_strndup (opts->bind, strrchr (opts->bind, ':') - opts->bind);
    g_object_set (self->phone, "bind-address", host, NULL);
  }

  settings.user = self->user;
  settings.domain = self->domain;
  settings.password = opts->password;
  settings.registrar = opts->registrar;
  settings.transport = self->transport;
  settings.bind = opts->bind;
  settings.srtp = self->srtp;
  settings.codecs = opts->codec != NULL ? self->codecs : NULL;
  account = wcc_phone_add_account (self->phone, &settings, &error);
  if (account == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);
      g_task_return_new_error (task, WCC_SIM_ERROR, WCC_SIM_ERROR_SETUP, "%s", error->message);
      return;
    }
  self->account = g_object_ref (account);
  g_signal_connect (account, "call-added", G_CALLBACK (on_call_added), self);
  g_signal_connect (account, "incoming-call", G_CALLBACK (on_incoming_call), self);
  g_signal_connect (account, "notify::local-uri", G_CALLBACK (on_local_uri), self);
  g_signal_connect (account, "notify::state", G_CALLBACK (on_account_state), self);
  on_local_uri (account, NULL, self);
}

gboolean
wcc_sim_run_finish (WccSim        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wcc_sim_stop (WccSim *self)
{
  g_return_if_fail (WCC_IS_SIM (self));

  if (self->task == NULL)
    return;
  finish_run (self);
}
