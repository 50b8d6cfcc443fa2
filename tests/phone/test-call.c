/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-call.c: real Sofia-SIP phones on loopback calling each other, audio checked by ear:
 * each phone sends its own tone and the far end must hear it. */
#include <gst/gst.h>
#include <string.h>

#include <sofia-sip/nta_tag.h>

#include "wcc-error.h"
#include "wcc-phone-private.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

/* WCC_TEST_TIMEOUT_SCALE (1–20) stretches every wait, for slow runs (valgrind). */
static guint timeout_scale = 1;
#define HEAR_TIMEOUT_MS (6000 * timeout_scale)
static const double hold_notes[] = { 523.25, 587.33, 659.26, 783.99, 880.00 };

typedef struct {
  WccPhone   *phone;
  WccAccount *account;
  char       *ear;       /* what this phone's calls play into */
  double      tone;      /* what it sends */
  WccCall    *last_incoming;
  gboolean    answer_incoming;
} Party;

static guint party_counter;

static void
on_incoming (WccAccount *account,
             WccCall    *call,
             Party      *party)
{
  g_set_object (&party->last_incoming, call);
  if (party->answer_incoming)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (wcc_call_answer (call, &error));
      g_assert_no_error (error);
    }
}

static Party *
party_new_settings (const WccAccountSettings *settings,
                    double                    tone)
{
  Party *party = g_new0 (Party, 1);
  const char *user = settings->user;
  g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true wave=sine volume=0.3 freq=%.0f", tone);
  g_autofree char *ear_name = g_strdup_printf ("%s-ear-%u", user, ++party_counter);
  g_autofree char *ear = NULL;
  g_autofree char *ring_name = g_strdup_printf ("%s-ring-%u", user, party_counter);
  g_autofree char *ring = NULL;
  g_autoptr(GError) error = NULL;

  party->ear = g_strdup (ear_name);
  party->tone = tone;
  ear = wcc_tone_detect_sink_description (ear_name);
  ring = wcc_tone_detect_sink_description (ring_name);
  party->phone = wcc_phone_new ();
  g_object_set (party->phone, "audio-source", source, "audio-sink", ear, "ring-sink", ring, NULL);
  party->account = wcc_phone_add_account (party->phone, settings, &error);
  g_assert_no_error (error);
  g_signal_connect (party->account, "incoming-call", G_CALLBACK (on_incoming), party);
  /* The bound port comes back asynchronously. */
  while (wcc_account_get_local_uri (party->account) == NULL)
    g_main_context_iteration (NULL, TRUE);
  party->answer_incoming = TRUE;
  return party;
}

static Party *
party_new_with (const char   *user,
                double        tone,
                WccTransport  transport,
                WccSrtpMode   srtp)
{
  WccAccountSettings settings = { .user = user, .domain = "test", .bind = "127.0.0.1:0",
                                  .transport = transport, .srtp = srtp };

  return party_new_settings (&settings, tone);
}

static Party *
party_new (const char *user,
           double      tone)
{
  return party_new_with (user, tone, WCC_TRANSPORT_UDP, WCC_SRTP_OPTIONAL);
}

static void
on_shut (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (wcc_phone_shutdown_finish (WCC_PHONE (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static void
party_free (Party *party)
{
  gboolean done = FALSE;

  wcc_phone_shutdown_async (party->phone, 2000, NULL, on_shut, &done);
  wcc_test_wait_for (&done, 5000);
  g_clear_object (&party->last_incoming);
  g_object_unref (party->phone);
  g_free (party->ear);
  g_free (party);
}

#define WAIT_MS (8000 * timeout_scale)

typedef gboolean (*Condition) (gconstpointer data);

/* Runs the main context until @condition holds, or fails the test (after @timeout_ms)
 * saying what it waited for. */
static void
wait_until (Condition      condition,
            gconstpointer  data,
            guint          timeout_ms,
            const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("waited %u ms in vain: %s", timeout_ms, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

typedef struct {
  WccCall      *call;
  WccCallState  state;
} StateWanted;

static gboolean
call_in_state (gconstpointer data)
{
  const StateWanted *wanted = data;
  return wcc_call_get_state (wanted->call) == wanted->state;
}

static void
wait_state (WccCall      *call,
            WccCallState  state)
{
  StateWanted wanted = { call, state };
  g_autofree char *what = g_strdup_printf ("call with %s in state %d (it is in %d)",
                                           wcc_call_get_remote_uri (call), state,
                                           wcc_call_get_state (call));

  wait_until (call_in_state, &wanted, WAIT_MS, what);
}

static gboolean
party_has_incoming (gconstpointer data)
{
  return ((const Party *) data)->last_incoming != NULL;
}

static void
wait_for_incoming (Party *party)
{
  g_autofree char *what = g_strdup_printf ("an incoming call at %s", party->ear);

  wait_until (party_has_incoming, party, WAIT_MS, what);
}

static WccCall *
dial (Party      *from,
      Party      *to)
{
  g_autoptr(GError) error = NULL;
  WccCall *call = wcc_account_dial (from->account, wcc_account_get_local_uri (to->account), &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return g_object_ref (call);
}

static void
assert_hears (Party *listener,
              double freq)
{
  wcc_tone_detect_reset (listener->ear);
  if (!wcc_tone_detect_wait_tone (listener->ear, freq, 3, HEAR_TIMEOUT_MS))
    {
      double db = 0;
      double heard = wcc_tone_detect_dominant (listener->ear, &db);
      g_error ("%s should hear %.0f Hz, hears %.0f Hz at %.1f dB", listener->ear, freq, heard, db);
    }
}

/* A connected call between @a (caller) and @b, both hearing each other. */
static WccCall *
connect_call (Party    *a,
         Party    *b,
         WccCall **out_b_call)
{
  WccCall *call;

  g_clear_object (&b->last_incoming);
  call = dial (a, b);
  wait_for_incoming (b);
  wait_state (call, WCC_CALL_ACTIVE);
  assert_hears (a, b->tone);
  assert_hears (b, a->tone);
  *out_b_call = g_object_ref (b->last_incoming);
  return call;
}

static void
test_call_both_ways (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);

  g_assert_cmpint (wcc_call_get_direction (call), ==, WCC_CALL_DIRECTION_OUTGOING);
  g_assert_cmpint (wcc_call_get_direction (b_call), ==, WCC_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (wcc_call_get_remote_number (b_call), ==, "1001");
  g_assert_cmpstr (wcc_call_get_codec (call), ==, "opus");
  /* B hangs up: A's call ends with the reason, the call log hears of it, and A hears the
   * busy tone (on the ringing device, not the call's). */
  {
    g_autofree char *ring = g_strdup_printf ("1001-ring-%u", party_counter - 1);
    g_autoptr(WccCall) logged = NULL;
    gint64 start = 0, answer = 0, end = 0;
    int direction = -1;

    g_signal_connect_swapped (a->phone, "call-ended", G_CALLBACK (g_set_object), &logged);
    /* Ringback played on the same device while dialling: only what comes after counts. */
    wcc_tone_detect_reset (ring);
    wcc_call_hangup (b_call);
    wait_state (call, WCC_CALL_ENDED);
    g_assert_cmpstr (wcc_call_get_end_reason (call), ==, "the other side hung up");
    g_assert_cmpuint (g_list_model_get_n_items (wcc_account_get_calls (a->account)), ==, 0);
    g_assert_true (logged == call);
    g_object_get (logged, "start-time", &start, "answer-time", &answer, "end-time", &end,
                  "direction", &direction, NULL);
    g_assert_cmpint (start, >, 0);
    g_assert_cmpint (answer, >=, start);
    g_assert_cmpint (end, >=, answer);
    g_assert_cmpint (direction, ==, WCC_CALL_DIRECTION_OUTGOING);
    g_signal_handlers_disconnect_by_data (a->phone, &logged);
    g_assert_true (wcc_tone_detect_wait_tone (ring, 425, 2, HEAR_TIMEOUT_MS));
  }

  /* And the other way round. */
  {
    g_autoptr(WccCall) a_call = NULL;
    g_autoptr(WccCall) back = connect_call (b, a, &a_call);
    wcc_call_hangup (back);
    wait_state (a_call, WCC_CALL_ENDED);
  }
  party_free (a);
  party_free (b);
}

static void
test_hold_and_mute (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;

  g_assert_true (wcc_call_set_hold (call, TRUE, &error));
  g_assert_no_error (error);
  wcc_tone_detect_reset (b->ear);
  g_assert_true (wcc_tone_detect_wait_any_tone (b->ear, hold_notes, G_N_ELEMENTS (hold_notes), 2, HEAR_TIMEOUT_MS));
  while (!wcc_call_get_remote_hold (b_call))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wcc_call_set_hold (call, FALSE, &error));
  assert_hears (b, 440);
  while (wcc_call_get_remote_hold (b_call))
    g_main_context_iteration (NULL, TRUE);

  wcc_call_set_muted (call, TRUE);
  wcc_tone_detect_reset (b->ear);
  g_assert_true (wcc_tone_detect_wait_silence (b->ear, -50, 3, HEAR_TIMEOUT_MS));
  wcc_call_set_muted (call, FALSE);
  assert_hears (b, 440);

  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* The output device changes in the middle of a call (a headset plugged in): the call goes
 * on, the new device plays the far end, the old one gets nothing more, and the far end
 * still hears us. Two test sinks stand for the two devices. */
static void
test_switch_output (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autofree char *headset = wcc_tone_detect_sink_description ("1002-headset");
  g_autofree char *speaker = wcc_tone_detect_sink_description ("1002-speaker");
  g_autoptr(GError) error = NULL;

  assert_hears (b, 440);
  /* Through the phone's setting: every call of the phone moves. */
  g_object_set (b->phone, "audio-sink", headset, NULL);
  g_assert_true (wcc_tone_detect_wait_tone ("1002-headset", 440, 3, HEAR_TIMEOUT_MS));
  /* The old device was let go: it hears nothing more. */
  wcc_tone_detect_reset (b->ear);
  g_assert_false (wcc_tone_detect_wait_tone (b->ear, 440, 3, 600));
  g_assert_cmpint (wcc_call_get_state (call), ==, WCC_CALL_ACTIVE);
  g_assert_cmpint (wcc_call_get_state (b_call), ==, WCC_CALL_ACTIVE);
  assert_hears (a, 1000);

  /* One call on its own, and again while the last change may still be settling. */
  g_assert_true (wcc_call_set_audio_sink (b_call, speaker, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_tone_detect_wait_tone ("1002-speaker", 440, 3, HEAR_TIMEOUT_MS));
  /* A device that cannot be made leaves the call where it was. */
  g_assert_false (wcc_call_set_audio_sink (b_call, "no-such-element-here", &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* One that parses but cannot be opened (no sound server there) too. */
  g_assert_false (wcc_call_set_audio_sink (b_call, "pulsesink server=unix:/nonexistent/pulse/native", &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  wcc_tone_detect_reset ("1002-speaker");
  g_assert_true (wcc_tone_detect_wait_tone ("1002-speaker", 440, 3, HEAR_TIMEOUT_MS));
  g_assert_cmpint (wcc_call_get_state (b_call), ==, WCC_CALL_ACTIVE);

  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

static void
on_digit (WccCall *call, gchar digit, GString *digits)
{
  g_string_append_c (digits, digit);
}

typedef struct {
  GString *digits;
  gsize    count;
} DigitsWanted;

static gboolean
enough_digits (gconstpointer data)
{
  const DigitsWanted *wanted = data;
  return wanted->digits->len >= wanted->count;
}

/* Waits for @expected's length in digits (or fails), then checks them and their order. */
static void
assert_digits_received (GString    *digits,
                        const char *expected)
{
  DigitsWanted wanted = { digits, strlen (expected) };

  wait_until (enough_digits, &wanted, WAIT_MS, expected);
  g_assert_cmpstr (digits->str, ==, expected);
}

static void
test_dtmf (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_signal_connect (b_call, "dtmf-received", G_CALLBACK (on_digit), digits);
  g_assert_true (wcc_call_send_dtmf (call, "1234#*0", &error));
  g_assert_no_error (error);
  assert_digits_received (digits, "1234#*0");
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* Key tones over Opus, both ways: the events go at the Opus clock (telephone-event/48000
 * negotiated, RFC 4733 §2.1) and arrive in order on each side. */
static void
test_dtmf_opus (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GString) at_a = g_string_new (NULL);
  g_autoptr(GString) at_b = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WccCall *sides[] = { call, b_call };

  g_assert_cmpstr (wcc_call_get_codec (call), ==, "opus");
  g_assert_cmpstr (wcc_call_get_codec (b_call), ==, "opus");
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      const WccSdp *sdps[] = { wcc_call_get_local_sdp (sides[i]), wcc_call_get_remote_sdp (sides[i]) };
      for (guint j = 0; j < G_N_ELEMENTS (sdps); j++)
        {
          g_assert_nonnull (wcc_sdp_get_dtmf_codec_at_rate (sdps[j], 48000));
          g_assert_cmpuint (wcc_sdp_get_audio_codec (sdps[j])->clock_rate, ==, 48000);
        }
    }
  /* The answer keeps the one event clock that matches. */
  g_assert_cmpuint (wcc_sdp_get_dtmf_codec (wcc_call_get_local_sdp (b_call))->clock_rate, ==, 48000);
  g_assert_null (wcc_sdp_get_dtmf_codec_at_rate (wcc_call_get_local_sdp (b_call), 8000));

  g_signal_connect (b_call, "dtmf-received", G_CALLBACK (on_digit), at_b);
  g_signal_connect (call, "dtmf-received", G_CALLBACK (on_digit), at_a);
  g_assert_true (wcc_call_send_dtmf (call, "159#", &error));
  g_assert_true (wcc_call_send_dtmf (b_call, "*08D", &error));
  g_assert_no_error (error);
  assert_digits_received (at_b, "159#");
  assert_digits_received (at_a, "*08D");
  /* The audio goes on after the events, both ways. */
  assert_hears (a, 1000);
  assert_hears (b, 440);
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

static void
test_reject_and_dnd (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);

  b->answer_incoming = FALSE;
  {
    g_autoptr(WccCall) call = dial (a, b);
    wait_for_incoming (b);
    wait_state (call, WCC_CALL_RINGING);
    g_assert_cmpint (wcc_call_get_state (b->last_incoming), ==, WCC_CALL_INCOMING);
    wcc_call_reject (b->last_incoming, 603);
    wait_state (call, WCC_CALL_ENDED);
    g_assert_cmpstr (wcc_call_get_end_reason (call), ==, "603 Decline");
  }
  /* DND: busy for callers, and B can still call out. */
  wcc_account_set_dnd (b->account, TRUE);
  g_clear_object (&b->last_incoming);
  {
    g_autoptr(WccCall) call = dial (a, b);
    wait_state (call, WCC_CALL_ENDED);
    g_assert_cmpstr (wcc_call_get_end_reason (call), ==, "486 Busy Here");
    g_assert_null (b->last_incoming);
  }
  {
    g_autoptr(WccCall) a_call = NULL;
    g_autoptr(WccCall) out = connect_call (b, a, &a_call);
    wcc_call_hangup (out);
    wait_state (a_call, WCC_CALL_ENDED);
  }
  /* The caller gives up before an answer. */
  wcc_account_set_dnd (b->account, FALSE);
  g_clear_object (&b->last_incoming);
  {
    g_autoptr(WccCall) call = dial (a, b);
    wait_for_incoming (b);
    wcc_call_hangup (call);
    wait_state (b->last_incoming, WCC_CALL_ENDED);
  }
  party_free (a);
  party_free (b);
}

static void
test_auto_answer (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);

  b->answer_incoming = FALSE;
  /* By setting. */
  wcc_account_set_auto_answer (b->account, TRUE);
  {
    g_autoptr(WccCall) call = dial (a, b);
    wait_state (call, WCC_CALL_ACTIVE);
    assert_hears (a, 1000);
    wcc_call_hangup (call);
    wait_state (b->last_incoming, WCC_CALL_ENDED);
  }
  /* By header, with the setting off. */
  wcc_account_set_auto_answer (b->account, FALSE);
  g_clear_object (&b->last_incoming);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = g_strdup (wcc_account_get_local_uri (b->account));
    tagi_t tags[] = { { SIPTAG_CALL_INFO_STR ("<sip:127.0.0.1>;answer-after=0") }, { TAG_END () } };
    g_autoptr(WccCall) call = g_object_ref (wcc_account_dial_with_tags (a->account, uri, tags, &error));

    g_assert_no_error (error);
    wait_for_incoming (b);
    g_assert_cmpint (wcc_call_get_requested_answer_after (b->last_incoming), ==, 0);
    wait_state (call, WCC_CALL_ACTIVE);
    wcc_call_hangup (call);
  }
  party_free (a);
  party_free (b);
}

static void
on_transfer_done (WccCall *call, gboolean ok, int status, const char *reason, int *outcome)
{
  *outcome = ok ? 1 : -1;
}

/* What "transfer-done" said. */
typedef struct {
  int   result;   /* 0 not yet, 1 done, -1 failed */
  int   status;
  char *reason;
} TransferOutcome;

static void
on_transfer_outcome (WccCall *call, gboolean ok, int status, const char *reason, TransferOutcome *outcome)
{
  g_assert_cmpint (outcome->result, ==, 0);
  outcome->result = ok ? 1 : -1;
  outcome->status = status;
  outcome->reason = g_strdup (reason);
}

static gboolean
transfer_has_outcome (gconstpointer data)
{
  return ((const TransferOutcome *) data)->result != 0;
}

static void
wait_transfer_outcome (TransferOutcome *outcome,
                       guint            timeout_ms)
{
  wait_until (transfer_has_outcome, outcome, timeout_ms, "the transfer's outcome");
}

typedef struct {
  WccCall    *call;
  const char *property;   /* "on-hold" or "remote-hold" */
  gboolean    value;
} HoldWanted;

static gboolean
hold_is (gconstpointer data)
{
  const HoldWanted *wanted = data;
  gboolean current = FALSE;

  g_object_get (wanted->call, wanted->property, &current, NULL);
  return current == wanted->value;
}

static void
wait_hold (WccCall    *call,
           const char *property,
           gboolean    value)
{
  HoldWanted wanted = { call, property, value };
  g_autofree char *what = g_strdup_printf ("call with %s: %s = %d", wcc_call_get_remote_uri (call),
                                           property, value);

  wait_until (hold_is, &wanted, WAIT_MS, what);
}

/* After a failed blind transfer the call is back with the agent, on hold: the customer hears
 * music, and once the agent resumes they hear each other again. */
static void
assert_call_back_on_hold (Party   *customer,
                          WccCall *customer_call,
                          Party   *agent,
                          WccCall *agent_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (wcc_call_get_state (agent_call), ==, WCC_CALL_ACTIVE);
  g_assert_cmpint (wcc_call_get_state (customer_call), ==, WCC_CALL_ACTIVE);
  g_assert_true (wcc_call_get_on_hold (agent_call));
  wait_hold (customer_call, "remote-hold", TRUE);
  wcc_tone_detect_reset (customer->ear);
  g_assert_true (wcc_tone_detect_wait_any_tone (customer->ear, hold_notes, G_N_ELEMENTS (hold_notes), 2, HEAR_TIMEOUT_MS));
  g_assert_true (wcc_call_set_hold (agent_call, FALSE, &error));
  g_assert_no_error (error);
  assert_hears (customer, agent->tone);
  assert_hears (agent, customer->tone);
}

/* A (customer) calls B (agent); B transfers A to C; A and C talk. */
static void
test_blind_transfer (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;
  int outcome = 0;

  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_done), &outcome);
  g_assert_true (wcc_call_transfer (b_call, wcc_account_get_local_uri (c->account), &error));
  g_assert_no_error (error);
  wait_for_incoming (c);
  while (outcome == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (outcome, ==, 1);
  wait_state (b_call, WCC_CALL_ENDED);
  assert_hears (c, 440);
  assert_hears (a, 1500);
  wcc_call_hangup (c->last_incoming);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* The target is busy: the call stays with the agent. */
static void
test_blind_transfer_busy (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;
  TransferOutcome outcome = { 0 };
  int notified = 0;
  gboolean terminated = FALSE;

  wcc_account_set_dnd (c->account, TRUE);
  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_outcome), &outcome);
  g_assert_true (wcc_call_transfer (b_call, wcc_account_get_local_uri (c->account), &error));
  wait_transfer_outcome (&outcome, 8000);
  /* The transferee reports the target's own answer, not nua's blanket 503, and ends the
   * subscription with it. */
  g_assert_cmpint (outcome.result, ==, -1);
  g_assert_cmpint (outcome.status, ==, 486);
  g_assert_cmpstr (outcome.reason, ==, "Busy Here");
  wcc_call_get_transfer_notify (b_call, &notified, &terminated);
  g_assert_cmpint (notified, ==, 486);
  g_assert_true (terminated);
  /* The customer keeps the original call, and only that one. */
  g_assert_cmpuint (g_list_model_get_n_items (wcc_account_get_calls (a->account)), ==, 1);
  assert_call_back_on_hold (a, call, b, b_call);
  g_free (outcome.reason);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* The target does not exist (nothing listens there): the transferee says so, the call stays. */
static void
test_blind_transfer_unreachable (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autofree char *target = NULL;
  TransferOutcome outcome = { 0 };
  int notified = 0;
  gboolean terminated = FALSE;

  /* A loopback UDP port that was free a moment ago and is closed now. */
  closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_assert_true (g_socket_bind (closed, any, FALSE, &error));
  }
  address = G_INET_SOCKET_ADDRESS (g_socket_get_local_address (closed, &error));
  target = g_strdup_printf ("sip:1003@127.0.0.1:%u", g_inet_socket_address_get_port (address));
  g_socket_close (closed, NULL);

  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_outcome), &outcome);
  g_assert_true (wcc_call_transfer (b_call, target, &error));
  g_assert_no_error (error);
  wait_transfer_outcome (&outcome, 40000);
  g_test_message ("unreachable target: %d %s", outcome.status, outcome.reason);
  g_assert_cmpint (outcome.result, ==, -1);
  g_assert_cmpint (outcome.status, >=, 400);
  wcc_call_get_transfer_notify (b_call, &notified, &terminated);
  g_assert_cmpint (notified, ==, outcome.status);
  g_assert_true (terminated);
  assert_call_back_on_hold (a, call, b, b_call);
  g_free (outcome.reason);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* A transferee that does not do REFER answers 405: the transfer fails at once, the call stays. */
static void
test_transfer_refused (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(GError) error = NULL;
  TransferOutcome outcome = { 0 };

  nua_set_params (wcc_account_get_nua (a->account),
                  SIPTAG_ALLOW_STR ("INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY, INFO"), TAG_END ());
  call = connect_call (a, b, &b_call);
  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_outcome), &outcome);
  g_assert_true (wcc_call_transfer (b_call, wcc_account_get_local_uri (c->account), &error));
  wait_transfer_outcome (&outcome, 8000);
  g_assert_cmpint (outcome.result, ==, -1);
  g_assert_cmpint (outcome.status, ==, 405);
  g_assert_null (c->last_incoming);
  assert_call_back_on_hold (a, call, b, b_call);
  g_free (outcome.reason);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* The target rings and rings: the transfer gives up at its deadline and the call comes back. */
static void
test_transfer_timeout (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;
  TransferOutcome outcome = { 0 };
  int notified = 0;
  gboolean terminated = TRUE;

  c->answer_incoming = FALSE;
  wcc_call_set_transfer_timeout (b_call, 1500);
  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_outcome), &outcome);
  g_assert_true (wcc_call_transfer (b_call, wcc_account_get_local_uri (c->account), &error));
  wait_for_incoming (c);
  wait_transfer_outcome (&outcome, 8000);
  g_assert_cmpint (outcome.result, ==, -1);
  g_assert_cmpint (outcome.status, ==, 408);
  /* The transferee said it was trying and ringing, nothing final. */
  wcc_call_get_transfer_notify (b_call, &notified, &terminated);
  g_assert_cmpint (notified, ==, 180);
  g_assert_false (terminated);
  assert_call_back_on_hold (a, call, b, b_call);
  g_free (outcome.reason);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* The transferee's subscription ends (it expires) with no final answer: a failure, told at
 * once rather than at our deadline. */
static void
test_transfer_subscription_ends (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = NULL;
  g_autoptr(GError) error = NULL;
  TransferOutcome outcome = { 0 };
  int notified = 0;
  gboolean terminated = FALSE;

  nua_set_params (wcc_account_get_nua (a->account), NUTAG_REFER_EXPIRES (1), TAG_END ());
  call = connect_call (a, b, &b_call);
  c->answer_incoming = FALSE;
  g_signal_connect (b_call, "transfer-done", G_CALLBACK (on_transfer_outcome), &outcome);
  g_assert_true (wcc_call_transfer (b_call, wcc_account_get_local_uri (c->account), &error));
  wait_transfer_outcome (&outcome, 8000);
  g_assert_cmpint (outcome.result, ==, -1);
  g_assert_cmpint (outcome.status, ==, 487);
  wcc_call_get_transfer_notify (b_call, &notified, &terminated);
  g_assert_true (terminated);
  g_assert_cmpint (notified, <, 200);
  assert_call_back_on_hold (a, call, b, b_call);
  g_free (outcome.reason);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* A (customer) talks to B (agent); B holds A, consults C, then connects A with C. */
static void
test_attended_transfer (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_with_a = NULL;
  g_autoptr(WccCall) a_call = connect_call (a, b, &b_with_a);
  g_autoptr(WccCall) c_with_b = NULL;
  g_autoptr(WccCall) consult = NULL;
  g_autoptr(GError) error = NULL;
  int outcome = 0;

  g_assert_true (wcc_call_set_hold (b_with_a, TRUE, &error));
  /* The customer hears music while the agent consults. */
  wcc_tone_detect_reset (a->ear);
  g_assert_true (wcc_tone_detect_wait_any_tone (a->ear, hold_notes, G_N_ELEMENTS (hold_notes), 2, HEAR_TIMEOUT_MS));
  consult = connect_call (b, c, &c_with_b);

  g_signal_connect (b_with_a, "transfer-done", G_CALLBACK (on_transfer_done), &outcome);
  g_assert_true (wcc_call_transfer_to_call (b_with_a, consult, &error));
  g_assert_no_error (error);
  while (outcome == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (outcome, ==, 1);
  wait_state (b_with_a, WCC_CALL_ENDED);
  wait_state (consult, WCC_CALL_ENDED);
  wait_state (c_with_b, WCC_CALL_ENDED);
  /* A's new call is with C, and they hear each other. */
  assert_hears (c, 440);
  assert_hears (a, 1500);
  g_assert_cmpuint (g_list_model_get_n_items (wcc_account_get_calls (b->account)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (wcc_account_get_calls (c->account)), ==, 1);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* The agent consults, then goes back to the customer instead. */
static void
test_attended_transfer_abandoned (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  Party *c = party_new ("1003", 1500);
  g_autoptr(WccCall) b_with_a = NULL;
  g_autoptr(WccCall) a_call = connect_call (a, b, &b_with_a);
  g_autoptr(WccCall) c_with_b = NULL;
  g_autoptr(WccCall) consult = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (wcc_call_set_hold (b_with_a, TRUE, &error));
  consult = connect_call (b, c, &c_with_b);
  wcc_call_hangup (consult);
  wait_state (c_with_b, WCC_CALL_ENDED);
  g_assert_true (wcc_call_set_hold (b_with_a, FALSE, &error));
  assert_hears (a, 1000);
  assert_hears (b, 440);
  wcc_call_hangup (a_call);
  wait_state (b_with_a, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
  party_free (c);
}

/* One of the library's debug counters (live handles, live stacks). */
typedef struct {
  guint (*count) (void);
} DebugCounter;

static gboolean
counter_is_zero (gconstpointer data)
{
  return ((const DebugCounter *) data)->count () == 0;
}

static void
wait_counter_zero (guint      (*count) (void),
                   const char  *what)
{
  DebugCounter counter = { count };

  wait_until (counter_is_zero, &counter, WAIT_MS, what);
}

static void
wait_no_live_handles (void)
{
  wait_counter_zero (wcc_call_debug_live_handles, "no nua handle left with the ended calls");
}

/* Calls ended every way, one after another, while something (a call log) keeps the call
 * objects: once the last answers are in, no call holds a nua handle. */
static void
test_ended_calls_release_handles (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint round = 0; round < 3; round++)
    {
      /* We hang up (BYE); they hang up; we cancel; they reject; they are busy (DND). */
      {
        g_autoptr(WccCall) b_call = NULL;
        WccCall *call = connect_call (a, b, &b_call);
        wcc_call_hangup (call);
        wait_state (b_call, WCC_CALL_ENDED);
        g_ptr_array_add (kept, call);
        g_ptr_array_add (kept, g_steal_pointer (&b_call));
      }
      {
        g_autoptr(WccCall) b_call = NULL;
        WccCall *call = connect_call (a, b, &b_call);
        wcc_call_hangup (b_call);
        wait_state (call, WCC_CALL_ENDED);
        g_ptr_array_add (kept, call);
        g_ptr_array_add (kept, g_steal_pointer (&b_call));
      }
      b->answer_incoming = FALSE;
      g_clear_object (&b->last_incoming);
      {
        WccCall *call = dial (a, b);
        wait_for_incoming (b);
        wait_state (call, WCC_CALL_RINGING);
        wcc_call_hangup (call);
        wait_state (b->last_incoming, WCC_CALL_ENDED);
        g_ptr_array_add (kept, call);
        g_ptr_array_add (kept, g_object_ref (b->last_incoming));
      }
      g_clear_object (&b->last_incoming);
      {
        WccCall *call = dial (a, b);
        wait_for_incoming (b);
        wcc_call_reject (b->last_incoming, 603);
        wait_state (call, WCC_CALL_ENDED);
        g_ptr_array_add (kept, call);
        g_ptr_array_add (kept, g_object_ref (b->last_incoming));
      }
      g_clear_object (&b->last_incoming);
      wcc_account_set_dnd (b->account, TRUE);
      {
        WccCall *call = dial (a, b);
        wait_state (call, WCC_CALL_ENDED);
        g_ptr_array_add (kept, call);
      }
      wcc_account_set_dnd (b->account, FALSE);
      b->answer_incoming = TRUE;
    }
  /* A target that never answers at all: our CANCEL cannot go out before a provisional
   * answer, so only the INVITE's timeout (64 × T1, made 2 s here) ends it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocket) silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                              G_SOCKET_PROTOCOL_UDP, &error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GInetSocketAddress) bound = NULL;
    g_autofree char *target = NULL;
    WccCall *call;

    g_assert_true (g_socket_bind (silent, any, FALSE, &error));
    bound = G_INET_SOCKET_ADDRESS (g_socket_get_local_address (silent, &error));
    target = g_strdup_printf ("sip:1009@127.0.0.1:%u", g_inet_socket_address_get_port (bound));
    nua_set_params (wcc_account_get_nua (a->account), NTATAG_SIP_T1X64 (2000), TAG_END ());
    call = g_object_ref (wcc_account_dial (a->account, target, &error));
    g_assert_no_error (error);
    wcc_call_hangup (call);
    g_ptr_array_add (kept, call);
    wait_no_live_handles ();
  }
  wait_no_live_handles ();
  g_assert_cmpuint (kept->len, ==, 28);
  party_free (a);
  party_free (b);
}

static void
on_shutdown_result (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;

  if (!wcc_phone_shutdown_finish (WCC_PHONE (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "finished");
}

static gboolean
error_is_set (gconstpointer data)
{
  return *(GError *const *) data != NULL;
}

/* The shutdown's outcome, well before its 60 s deadline. */
static void
wait_shutdown_result (GError **error)
{
  wait_until (error_is_set, error, 5000, "the shutdown's result");
}

static void
wait_no_live_stacks (void)
{
  wait_counter_zero (wcc_account_debug_live_stacks, "every Sofia stack destroyed");
}

/* Cancelling the shutdown ends the wait at once with G_IO_ERROR_CANCELLED; the stacks are
 * still torn down (nua_destroy after their own shutdown) — with a call up, too. */
static void
test_shutdown_cancelled (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;

  /* Cancelled while waiting: a long deadline must not be what ends it. */
  wcc_phone_shutdown_async (a->phone, 60000, cancellable, on_shutdown_result, &first);
  g_cancellable_cancel (cancellable);
  wait_shutdown_result (&first);
  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (wcc_account_get_nua (a->account));
  g_assert_cmpint (wcc_call_get_state (call), ==, WCC_CALL_ENDED);
  wait_state (b_call, WCC_CALL_ENDED);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancelled);
  wcc_phone_shutdown_async (b->phone, 60000, cancelled, on_shutdown_result, &second);
  wait_shutdown_result (&second);
  g_assert_error (second, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (wcc_account_get_nua (b->account));

  wait_no_live_stacks ();
  g_clear_object (&a->last_incoming);
  g_clear_object (&b->last_incoming);
  g_object_unref (a->phone);
  g_object_unref (b->phone);
  g_free (a->ear);
  g_free (b->ear);
  g_free (a);
  g_free (b);
}

/* Two shutdowns at once (say, the window closes while the app quits): both finish, promptly. */
static void
test_shutdown_twice (void)
{
  Party *a = party_new ("1001", 440);
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;

  wcc_phone_shutdown_async (a->phone, 60000, NULL, on_shutdown_result, &first);
  wcc_phone_shutdown_async (a->phone, 60000, NULL, on_shutdown_result, &second);
  wait_shutdown_result (&first);
  wait_shutdown_result (&second);
  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_NONE);
  g_assert_error (second, G_IO_ERROR, G_IO_ERROR_NONE);
  wait_no_live_stacks ();
  g_object_unref (a->phone);
  g_free (a->ear);
  g_free (a);
}

/* Glare: both sides put the call on hold at the same moment; each answers the other's
 * re-INVITE with 491, both try again after their RFC 3261 waits, and both end up held. */
static void
test_hold_glare (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GError) error = NULL;

  /* Both re-INVITEs leave before either side reads the other's. */
  g_assert_true (wcc_call_set_hold (call, TRUE, &error));
  g_assert_true (wcc_call_set_hold (b_call, TRUE, &error));
  g_assert_no_error (error);
  wait_hold (call, "remote-hold", TRUE);
  wait_hold (b_call, "remote-hold", TRUE);
  g_assert_true (wcc_call_get_on_hold (call));
  g_assert_true (wcc_call_get_on_hold (b_call));
  /* Neither side receives: what each last agreed says so. */
  {
    const WccSdp *mine = wcc_call_get_local_sdp (call);
    const WccSdp *theirs = wcc_call_get_local_sdp (b_call);
    g_assert_true (mine->direction == WCC_SDP_SENDONLY || mine->direction == WCC_SDP_INACTIVE);
    g_assert_true (theirs->direction == WCC_SDP_SENDONLY || theirs->direction == WCC_SDP_INACTIVE);
  }
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* Key tones typed while the other side holds us (so we may not send) are kept and go out, in
 * order, once they resume. */
static void
test_dtmf_while_held (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_signal_connect (b_call, "dtmf-received", G_CALLBACK (on_digit), digits);
  g_assert_true (wcc_call_set_hold (b_call, TRUE, &error));
  wait_hold (call, "remote-hold", TRUE);
  g_assert_true (wcc_call_send_dtmf (call, "12#", &error));
  g_assert_no_error (error);
  g_assert_true (wcc_call_send_dtmf (call, "4", &error));
  /* B's own re-INVITE may still wait for its 200: resume as soon as B can. */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (!wcc_call_set_hold (b_call, FALSE, &error))
    {
      g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
      g_clear_error (&error);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpstr (digits->str, ==, "");
  assert_digits_received (digits, "12#4");
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Whether the last Ogg page of @data has the end-of-stream flag: the muxer wrote it, so the
 * recording's EOS went all the way to the file. */
static gboolean
ogg_ends_with_eos_page (const char *data,
                        gsize       length)
{
  for (gsize i = length >= 27 ? length - 27 : 0; i + 27 <= length; i--)
    {
      if (memcmp (data + i, "OggS", 4) == 0)
        return (data[i + 5] & 0x04) != 0;
      if (i == 0)
        break;
    }
  return FALSE;
}

/* A call recorded to Ogg/Opus while it runs. */
static void
test_recording (void)
{
  Party *a = party_new ("1001", 440);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "call.ogg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean waited = FALSE;

  g_assert_true (wcc_call_start_recording (call, path, &error));
  g_assert_no_error (error);
  /* 1.5 s of the call, the main loop running meanwhile. */
  {
    gboolean recorded = FALSE;
    g_timeout_add_once (1500, set_flag, &recorded);
    wcc_test_wait_for (&recorded, 5000);
  }
  wcc_call_stop_recording (call);
  /* The file is finished asynchronously (EOS through the muxer): complete once its last
   * Ogg page is the end-of-stream one. While the recording runs the file already grows, so
   * its size says nothing. */
  {
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until && !waited)
      {
        g_main_context_iteration (NULL, FALSE);
        g_clear_pointer (&data, g_free);
        if (g_file_get_contents (path, &data, &length, NULL) && length > 1000)
          waited = ogg_ends_with_eos_page (data, length);
        g_usleep (1000);
      }
  }
  g_assert_true (waited);
  g_assert_cmpmem (data, 4, "OggS", 4);
  {
    gboolean opus = FALSE;
    for (gsize i = 0; i + 8 <= MIN (length, 200) && !opus; i++)
      opus = memcmp (data + i, "OpusHead", 8) == 0;
    g_assert_true (opus);
  }
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  wcc_test_remove_dir (dir);
  party_free (a);
  party_free (b);
}

/* SRTP when the caller requires it: the callee (optional) accepts, audio flows both ways. */
static void
test_srtp_call (void)
{
  Party *a = party_new_with ("1001", 440, WCC_TRANSPORT_UDP, WCC_SRTP_MANDATORY);
  Party *b = party_new ("1002", 1000);
  Party *plain_only = party_new_with ("1003", 1500, WCC_TRANSPORT_UDP, WCC_SRTP_DISABLED);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);

  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  /* A phone that refuses SRTP answers 488 to a secure-only offer. */
  {
    g_autoptr(WccCall) refused = dial (a, plain_only);
    wait_state (refused, WCC_CALL_ENDED);
    g_assert_cmpstr (wcc_call_get_end_reason (refused), ==, "488 Not Acceptable Here");
  }
  party_free (a);
  party_free (b);
  party_free (plain_only);
}

/* Holds with @holder (on the call @held_side hears), then resumes, retrying while an
 * earlier re-INVITE of the call is still under way. */
static void
set_hold_when_possible (WccCall  *holder,
                        gboolean  hold)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (!wcc_call_set_hold (holder, hold, &error))
    {
      g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
      g_clear_error (&error);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

static char *
sdp_key (const WccSdp *sdp)
{
  g_assert_true (sdp->secure);
  g_assert_cmpuint (sdp->cryptos->len, >, 0);
  return g_strdup (((WccSdpCrypto *) sdp->cryptos->pdata[0])->key_params);
}

/* Hold and resume on an SRTP call, from each side: every re-offer and answer brings a new
 * key (RFC 4568 allows it), and after the resume both sides hear each other again, so each
 * receiver took the other's new key. */
static void
test_srtp_hold (void)
{
  Party *a = party_new_with ("1001", 440, WCC_TRANSPORT_UDP, WCC_SRTP_MANDATORY);
  Party *b = party_new ("1002", 1000);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = connect_call (a, b, &b_call);
  struct { WccCall *holder; WccCall *held; Party *listener; } rounds[] = {
    { call, b_call, b }, { b_call, call, a },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    {
      g_autofree char *a_key = sdp_key (wcc_call_get_local_sdp (call));
      g_autofree char *b_key = sdp_key (wcc_call_get_local_sdp (b_call));

      set_hold_when_possible (rounds[i].holder, TRUE);
      wait_hold (rounds[i].held, "remote-hold", TRUE);
      wcc_tone_detect_reset (rounds[i].listener->ear);
      g_assert_true (wcc_tone_detect_wait_any_tone (rounds[i].listener->ear, hold_notes,
                                                    G_N_ELEMENTS (hold_notes), 2, HEAR_TIMEOUT_MS));
      set_hold_when_possible (rounds[i].holder, FALSE);
      wait_hold (rounds[i].held, "remote-hold", FALSE);
      g_assert_cmpint (wcc_call_get_state (call), ==, WCC_CALL_ACTIVE);
      g_assert_cmpint (wcc_call_get_state (b_call), ==, WCC_CALL_ACTIVE);
      assert_hears (a, 1000);
      assert_hears (b, 440);
      /* Still SRTP, with keys that changed on the way. */
      {
        g_autofree char *a_now = sdp_key (wcc_call_get_local_sdp (call));
        g_autofree char *b_now = sdp_key (wcc_call_get_local_sdp (b_call));
        g_assert_true (wcc_call_get_remote_sdp (call)->secure);
        g_assert_true (wcc_call_get_remote_sdp (b_call)->secure);
        g_assert_cmpstr (a_now, !=, a_key);
        g_assert_cmpstr (b_now, !=, b_key);
      }
    }
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* Signalling over TCP. */
static void
test_tcp_call (void)
{
  Party *a = party_new_with ("1001", 440, WCC_TRANSPORT_TCP, WCC_SRTP_OPTIONAL);
  Party *b = party_new_with ("1002", 1000, WCC_TRANSPORT_TCP, WCC_SRTP_OPTIONAL);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = NULL;

  g_assert_nonnull (strstr (wcc_account_get_local_uri (b->account), "transport=tcp"));
  call = connect_call (a, b, &b_call);
  wcc_call_hangup (b_call);
  wait_state (call, WCC_CALL_ENDED);
  party_free (a);
  party_free (b);
}

/* A throwaway certificate authority of one: a self-signed certificate for 127.0.0.1 (by
 * name and by address) made with the openssl command, in the layout Sofia-SIP reads:
 * agent.pem (key and certificate) and cafile.pem (what to trust: the same certificate). */
static char *
make_certificate_dir (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *cert_text = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *cafile = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", key, "-out", cert, "-days", "2",
                         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                         NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, &output, &status, &error))
    g_error ("openssl: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (key, &key_text, NULL, &error));
  g_assert_true (g_file_get_contents (cert, &cert_text, NULL, &error));
  agent = g_build_filename (dir, "agent.pem", NULL);
  cafile = g_build_filename (dir, "cafile.pem", NULL);
  {
    g_autofree char *both = g_strconcat (key_text, cert_text, NULL);
    g_assert_true (g_file_set_contents_full (agent, both, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  }
  g_assert_true (g_file_set_contents (cafile, cert_text, -1, &error));
  return g_steal_pointer (&dir);
}

static Party *
tls_party_new (const char *user,
               double      tone,
               const char *certificate_dir,
               gboolean    insecure)
{
  WccAccountSettings settings = { .user = user, .domain = "test", .bind = "127.0.0.1:0",
                                  .transport = WCC_TRANSPORT_TLS,
                                  .tls_certificate_dir = certificate_dir,
                                  .tls_insecure = insecure };

  return party_new_settings (&settings, tone);
}

/* Signalling over TLS: the accounts listen on sips: only; calls both ways carry audio. A
 * phone that trusts another authority refuses the server's certificate (the call fails
 * before any INVITE arrives) unless it was told to accept any certificate. */
static void
test_tls_call (void)
{
  g_autofree char *certs = make_certificate_dir ();
  g_autofree char *stranger = make_certificate_dir ();
  Party *a = tls_party_new ("1001", 440, certs, FALSE);
  Party *b = tls_party_new ("1002", 1000, certs, FALSE);
  g_autoptr(WccCall) b_call = NULL;
  g_autoptr(WccCall) call = NULL;

  g_assert_true (g_str_has_prefix (wcc_account_get_local_uri (a->account), "sips:1001@127.0.0.1:"));
  g_assert_true (g_str_has_prefix (wcc_account_get_local_uri (b->account), "sips:1002@127.0.0.1:"));
  call = connect_call (a, b, &b_call);
  wcc_call_hangup (call);
  wait_state (b_call, WCC_CALL_ENDED);
  {
    g_autoptr(WccCall) a_call = NULL;
    g_autoptr(WccCall) back = connect_call (b, a, &a_call);
    wcc_call_hangup (a_call);
    wait_state (back, WCC_CALL_ENDED);
  }

  /* Another authority's certificate (its own key) is not b's: the TLS handshake fails. */
  {
    Party *c = tls_party_new ("1003", 1500, stranger, FALSE);
    g_autoptr(WccCall) refused = NULL;

    g_clear_object (&b->last_incoming);
    /* nta keeps the INVITE for its transaction's life after the failed handshake: made
     * short (64 × T1 = 2 s) so the test does not wait the default 32 s. */
    nua_set_params (wcc_account_get_nua (c->account), NTATAG_SIP_T1X64 (2000), TAG_END ());
    refused = dial (c, b);
    wait_state (refused, WCC_CALL_ENDED);
    g_test_message ("untrusted server: %s", wcc_call_get_end_reason (refused));
    {
      int status = 0;
      g_object_get (refused, "end-status", &status, NULL);
      g_assert_cmpint (status, >=, 400);
    }
    g_assert_null (b->last_incoming);
    party_free (c);
  }
  /* The same phone, told to accept any certificate, gets through. */
  {
    Party *c = tls_party_new ("1003", 1500, stranger, TRUE);
    g_autoptr(WccCall) c_call = NULL;
    g_autoptr(WccCall) out = connect_call (c, b, &c_call);

    wcc_call_hangup (out);
    wait_state (c_call, WCC_CALL_ENDED);
    party_free (c);
  }
  party_free (a);
  party_free (b);
  wcc_test_remove_dir (certs);
  wcc_test_remove_dir (stranger);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  {
    const char *scale = g_getenv ("WCC_TEST_TIMEOUT_SCALE");
    if (scale != NULL)
      timeout_scale = CLAMP ((guint) g_ascii_strtoull (scale, NULL, 10), 1, 20);
  }
  wcc_test_guard_timeout (170 * timeout_scale);
  wcc_tone_detect_init ();
  g_test_add_func ("/call/both-ways", test_call_both_ways);
  g_test_add_func ("/call/hold-and-mute", test_hold_and_mute);
  g_test_add_func ("/call/switch-output", test_switch_output);
  g_test_add_func ("/call/dtmf", test_dtmf);
  g_test_add_func ("/call/dtmf-opus", test_dtmf_opus);
  g_test_add_func ("/call/dtmf-while-held", test_dtmf_while_held);
  g_test_add_func ("/call/hold-glare", test_hold_glare);
  g_test_add_func ("/call/reject-and-dnd", test_reject_and_dnd);
  g_test_add_func ("/call/auto-answer", test_auto_answer);
  g_test_add_func ("/call/blind-transfer", test_blind_transfer);
  g_test_add_func ("/call/blind-transfer-busy", test_blind_transfer_busy);
  g_test_add_func ("/call/blind-transfer-unreachable", test_blind_transfer_unreachable);
  g_test_add_func ("/call/transfer-refused", test_transfer_refused);
  g_test_add_func ("/call/transfer-timeout", test_transfer_timeout);
  g_test_add_func ("/call/transfer-subscription-ends", test_transfer_subscription_ends);
  g_test_add_func ("/call/attended-transfer", test_attended_transfer);
  g_test_add_func ("/call/attended-transfer-abandoned", test_attended_transfer_abandoned);
  g_test_add_func ("/call/srtp", test_srtp_call);
  g_test_add_func ("/call/srtp-hold", test_srtp_hold);
  g_test_add_func ("/call/recording", test_recording);
  g_test_add_func ("/call/tcp", test_tcp_call);
  g_test_add_func ("/call/tls", test_tls_call);
  g_test_add_func ("/call/ended-calls-release-handles", test_ended_calls_release_handles);
  g_test_add_func ("/call/shutdown-cancelled", test_shutdown_cancelled);
  g_test_add_func ("/call/shutdown-twice", test_shutdown_twice);
  return g_test_run ();
}
