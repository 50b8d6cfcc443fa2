/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sim.c: wcc-sim processes calling each other on loopback: tones, DTMF, JSON events, load
 * mode, exit statuses and option errors — the command-line contract other tools rely on. */
#include <signal.h>
#include <string.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "wcc-phone.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *events;   /* of JsonObject, as read */
  char             *uri;      /* from the "ready" event */
} Sim;

static GSubprocess *
spawn_sim (const char *const *args,
           GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) WCC_SIM_BIN);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
}

/* The next JSON event line, or NULL at the end of the output. */
static JsonObject *
read_event (Sim *sim)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_no_error (error);
  if (line == NULL)
    return NULL;
  g_test_message ("%s", line);
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_has_member (json_node_get_object (root), "event"));
  g_ptr_array_add (sim->events, json_object_ref (json_node_get_object (root)));
  return json_node_get_object (root);
}

/* Starts wcc-sim --json with @args and reads its "ready" event. */
static Sim *
sim_start (const char *const *args)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);
  JsonObject *ready;

  g_ptr_array_add (all, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) args[i]);
  g_ptr_array_add (all, NULL);
  sim->process = spawn_sim ((const char *const *) all->pdata, &error);
  g_assert_no_error (error);
  sim->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  ready = read_event (sim);
  g_assert_nonnull (ready);
  g_assert_cmpstr (json_object_get_string_member (ready, "event"), ==, "ready");
  sim->uri = g_strdup (json_object_get_string_member (ready, "uri"));
  g_assert_true (g_str_has_prefix (sim->uri, "sip:"));
  return sim;
}

/* Reads the rest of its events and waits for it: its exit status. */
static int
sim_finish (Sim *sim)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  GInputStream *err = g_subprocess_get_stderr_pipe (sim->process);
  char buffer[4096];
  gssize n;
  g_autoptr(GString) err_text = g_string_new (NULL);

  while (read_event (sim) != NULL)
    ;
  while ((n = g_input_stream_read (err, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (err_text, buffer, n);
  if (err_text->len > 0)
    g_test_message ("stderr: %s", err_text->str);
  g_assert_true (g_subprocess_wait (sim->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  return g_subprocess_get_exit_status (sim->process);
}

static void
sim_free (Sim *sim)
{
  g_clear_object (&sim->out);
  g_clear_object (&sim->process);
  g_ptr_array_unref (sim->events);
  g_free (sim->uri);
  g_free (sim);
}

/* The events named @name, in order. */
static GPtrArray *
events_named (Sim        *sim,
              const char *name)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < sim->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (sim->events, i);
      if (g_strcmp0 (json_object_get_string_member (event, "event"), name) == 0)
        g_ptr_array_add (found, event);
    }
  return found;
}

static JsonObject *
single_event (Sim        *sim,
              const char *name)
{
  g_autoptr(GPtrArray) found = events_named (sim, name);

  if (found->len != 1)
    g_error ("expected one “%s” event, got %u", name, found->len);
  return g_ptr_array_index (found, 0);
}

static void
test_tones_both_ways (void)
{
  const char *answer_args[] = { "--answer", "--tone", "1000", "--expect-tone", "440", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--tone", "440", "--expect-tone", "1000",
                              "--duration", "3", NULL };
  Sim *a = sim_start (call_args);
  JsonObject *ended;

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);

  /* The caller's story, in order. */
  single_event (a, "calling");
  single_event (a, "answered");
  g_assert_cmpfloat (json_object_get_double_member (single_event (a, "tone-heard"), "hz"), ==, 1000);
  ended = single_event (a, "ended");
  g_assert_cmpfloat (json_object_get_double_member (ended, "duration"), >=, 2.9);
  g_assert_cmpfloat (json_object_get_double_member (ended, "duration"), <, 4.0);
  g_assert_cmpstr (json_object_get_string_member (ended, "reason"), !=, "");
  /* The answerer's. */
  single_event (b, "incoming");
  single_event (b, "answered");
  g_assert_cmpfloat (json_object_get_double_member (single_event (b, "tone-heard"), "hz"), ==, 440);
  single_event (b, "ended");
  sim_free (a);
  sim_free (b);
}

static void
test_wrong_tone_fails (void)
{
  const char *answer_args[] = { "--answer", "--tone", "1000", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--tone", "440", "--expect-tone", "2500",
                              "--duration", "2", NULL };
  Sim *a = sim_start (call_args);
  g_autoptr(GPtrArray) heard = NULL;

  g_assert_cmpint (sim_finish (a), !=, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  heard = events_named (a, "tone-heard");
  g_assert_cmpuint (heard->len, ==, 0);
  single_event (a, "failure");
  sim_free (a);
  sim_free (b);
}

/* --expect-tone with a list wants each frequency; --expect-no-tone fails a call in which
 * its frequency is heard, and passes one in which it is not. */
static void
test_tone_lists (void)
{
  const char *answer_args[] = { "--answer", "--tone", "1000", "--calls", "2", NULL };
  Sim *b = sim_start (answer_args);
  const char *failing_args[] = { "--call", b->uri, "--expect-tone", "1000,2500", "--expect-no-tone", "1000",
                                 "--duration", "2", NULL };
  const char *passing_args[] = { "--call", b->uri, "--expect-tone", "1000", "--expect-no-tone", "2500",
                                 "--duration", "2", NULL };
  Sim *failing = sim_start (failing_args);
  Sim *passing;
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GPtrArray) heard = NULL;

  g_assert_cmpint (sim_finish (failing), ==, 1);
  heard = events_named (failing, "tone-heard");
  g_assert_cmpuint (heard->len, ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (g_ptr_array_index (heard, 0), "hz"), ==, 1000);
  g_assert_cmpfloat (json_object_get_double_member (single_event (failing, "unwanted-tone-heard"), "hz"), ==, 1000);
  /* One failure for the tone missing, one for the tone heard. */
  failures = events_named (failing, "failure");
  g_assert_cmpuint (failures->len, ==, 2);

  passing = sim_start (passing_args);
  g_assert_cmpint (sim_finish (passing), ==, 0);
  g_assert_cmpuint (events_named (passing, "unwanted-tone-heard")->len, ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  sim_free (failing);
  sim_free (passing);
  sim_free (b);
}

static void
test_dtmf (void)
{
  const char *answer_args[] = { "--answer", "--expect-dtmf", "12#*9", "--codec", "PCMU", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--dtmf", "12#*9", "--duration", "3", NULL };
  Sim *a = sim_start (call_args);
  g_autoptr(GPtrArray) digits = NULL;
  g_autoptr(GString) received = g_string_new (NULL);

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  digits = events_named (b, "dtmf");
  for (guint i = 0; i < digits->len; i++)
    g_string_append (received, json_object_get_string_member (g_ptr_array_index (digits, i), "digit"));
  g_assert_cmpstr (received->str, ==, "12#*9");
  g_assert_cmpstr (json_object_get_string_member (single_event (b, "answered"), "codec"), ==, "PCMU");
  sim_free (a);
  sim_free (b);
}

static void
test_dtmf_missing_fails (void)
{
  const char *answer_args[] = { "--answer", "--expect-dtmf", "42", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--dtmf", "4", "--duration", "2", NULL };
  Sim *a = sim_start (call_args);

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), !=, 0);
  sim_free (a);
  sim_free (b);
}

static void
test_rejected_call_fails (void)
{
  const char *busy_args[] = { NULL };
  Sim *b = sim_start (busy_args);
  const char *call_args[] = { "--call", b->uri, "--duration", "2", NULL };
  Sim *a = sim_start (call_args);

  g_assert_cmpint (sim_finish (a), !=, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  g_assert_cmpint (json_object_get_int_member (single_event (a, "ended"), "status"), ==, 486);
  {
    g_autoptr(GPtrArray) answered = events_named (a, "answered");
    g_assert_cmpuint (answered->len, ==, 0);
  }
  sim_free (a);
  sim_free (b);
}

static void
test_load (void)
{
  const char *answer_args[] = { "--answer", "--calls", "5", "--tone", "1000", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--calls", "5", "--rate", "5", "--duration", "2",
                              "--tone", "440", NULL };
  Sim *a = sim_start (call_args);
  JsonObject *summary;

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  summary = single_event (a, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "attempted"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (summary, "answered"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (summary, "mean_setup_ms"), >, 0);
  summary = single_event (b, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "answered"), ==, 5);
  sim_free (a);
  sim_free (b);
}

static void
on_phone_shut_down (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (wcc_phone_shutdown_finish (WCC_PHONE (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static void
on_incoming_answer (WccAccount *account,
                    WccCall    *call,
                    WccCall   **out)
{
  g_autoptr(GError) error = NULL;

  g_set_object (out, call);
  g_assert_true (wcc_call_answer (call, &error));
  g_assert_no_error (error);
}

static void
iterate_until_hold (WccCall  *call,
                    gboolean  held)
{
  gint64 deadline = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;

  while (wcc_call_get_remote_hold (call) != held)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

/* --hold-after: the far end (our library, listening) is told it is held, hears the hold
 * music instead of the caller's tone, then the tone again after the resume 2 s later. */
static void
test_hold_after (void)
{
  static const double hold_notes[] = { 523.25, 587.33, 659.26, 783.99, 880.00 };
  g_autoptr(WccPhone) phone = wcc_phone_new ();
  g_autofree char *ear = wcc_tone_detect_sink_description ("sim-hold-ear");
  WccAccountSettings settings = { .user = "1002", .domain = "test", .bind = "127.0.0.1:0" };
  g_autoptr(WccCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  WccAccount *account;
  Sim *a;

  g_object_set (phone, "audio-source", "audiotestsrc is-live=true wave=silence",
                "audio-sink", ear, "ring-sink", "fakesink", NULL);
  account = wcc_phone_add_account (phone, &settings, &error);
  g_assert_no_error (error);
  g_signal_connect (account, "incoming-call", G_CALLBACK (on_incoming_answer), &call);
  while (wcc_account_get_local_uri (account) == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    const char *args[] = { "--call", wcc_account_get_local_uri (account), "--tone", "440",
                           "--hold-after", "1", "--duration", "5", NULL };
    a = sim_start (args);
  }
  while (call == NULL || wcc_call_get_state (call) != WCC_CALL_ACTIVE)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wcc_tone_detect_wait_tone ("sim-hold-ear", 440, 3, 6000));
  iterate_until_hold (call, TRUE);
  wcc_tone_detect_reset ("sim-hold-ear");
  g_assert_true (wcc_tone_detect_wait_any_tone ("sim-hold-ear", hold_notes, G_N_ELEMENTS (hold_notes), 2, 6000));
  iterate_until_hold (call, FALSE);
  wcc_tone_detect_reset ("sim-hold-ear");
  g_assert_true (wcc_tone_detect_wait_tone ("sim-hold-ear", 440, 3, 6000));
  while (wcc_call_get_state (call) != WCC_CALL_ENDED)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (sim_finish (a), ==, 0);
  holds = events_named (a, "hold");
  g_assert_cmpuint (holds->len, ==, 2);
  g_assert_true (json_object_get_boolean_member (g_ptr_array_index (holds, 0), "on"));
  g_assert_false (json_object_get_boolean_member (g_ptr_array_index (holds, 1), "on"));
  sim_free (a);
  {
    gboolean done = FALSE;
    wcc_phone_shutdown_async (phone, 2000, NULL, on_phone_shut_down, &done);
    wcc_test_wait_for (&done, 5000);
  }
}

/* Blind transfer: A calls B, B transfers A to C, A and C talk (C hears A's tone). */
static void
test_transfer (void)
{
  const char *target_args[] = { "--answer", "--tone", "1500", "--expect-tone", "440", "--duration", "2", NULL };
  Sim *c = sim_start (target_args);
  const char *agent_args[] = { "--answer", "--tone", "1000", "--transfer-to", c->uri, NULL };
  Sim *b = sim_start (agent_args);
  const char *customer_args[] = { "--call", b->uri, "--tone", "440", NULL };
  Sim *a = sim_start (customer_args);
  g_autoptr(GPtrArray) transfer = NULL;
  g_autoptr(GPtrArray) answered = NULL;

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (c), ==, 0);
  /* B has nothing more to do once the call is gone: it runs until stopped. */
  g_subprocess_send_signal (b->process, SIGTERM);
  g_assert_cmpint (sim_finish (b), ==, 0);

  transfer = events_named (b, "transfer");
  g_assert_cmpuint (transfer->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (transfer, 0), "state"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (transfer, 1), "state"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (single_event (b, "ended"), "reason"), ==, "transferred");
  /* A's second call is the one with C. */
  answered = events_named (a, "answered");
  g_assert_cmpuint (answered->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (answered, 1), "remote"), ==, c->uri);
  g_assert_cmpfloat (json_object_get_double_member (single_event (c, "tone-heard"), "hz"), ==, 440);
  sim_free (a);
  sim_free (b);
  sim_free (c);
}

/* --srtp mandatory: the call is SRTP on both sides and audio flows; a phone that refuses
 * SRTP cannot take the call. */
static void
test_srtp (void)
{
  const char *answer_args[] = { "--answer", "--tone", "1000", "--expect-tone", "440", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--call", b->uri, "--srtp", "mandatory", "--tone", "440",
                              "--expect-tone", "1000", "--duration", "2", NULL };
  Sim *a = sim_start (call_args);

  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  g_assert_true (json_object_get_boolean_member (single_event (a, "answered"), "srtp"));
  g_assert_true (json_object_get_boolean_member (single_event (b, "answered"), "srtp"));
  sim_free (a);
  sim_free (b);

  {
    const char *plain_args[] = { "--answer", "--srtp", "disabled", NULL };
    Sim *plain = sim_start (plain_args);
    const char *secure_args[] = { "--call", plain->uri, "--srtp", "mandatory", "--duration", "1", NULL };
    Sim *secure = sim_start (secure_args);

    g_assert_cmpint (sim_finish (secure), !=, 0);
    /* The offer never rang there (refused before): it waits for a call until stopped. */
    g_subprocess_send_signal (plain->process, SIGTERM);
    g_assert_cmpint (sim_finish (plain), ==, 0);
    g_assert_cmpint (json_object_get_int_member (single_event (secure, "ended"), "status"), ==, 488);
    sim_free (secure);
    sim_free (plain);
  }
}

/* --transport tcp: both phones listen and call over TCP, tones both ways. */
static void
test_tcp (void)
{
  const char *answer_args[] = { "--transport", "tcp", "--answer", "--tone", "1000", "--expect-tone", "440", NULL };
  Sim *b = sim_start (answer_args);
  const char *call_args[] = { "--transport", "tcp", "--call", b->uri, "--tone", "440",
                              "--expect-tone", "1000", "--duration", "2", NULL };
  Sim *a = sim_start (call_args);

  g_assert_nonnull (strstr (b->uri, ";transport=tcp"));
  g_assert_nonnull (strstr (a->uri, ";transport=tcp"));
  g_assert_cmpint (sim_finish (a), ==, 0);
  g_assert_cmpint (sim_finish (b), ==, 0);
  single_event (a, "answered");
  single_event (b, "answered");
  sim_free (a);
  sim_free (b);
}

/* Each bad command line: exit status 2 and one line on stderr. */
static void
test_bad_options (void)
{
  const char *const cases[][4] = {
    { "--tone", "abc", NULL },
    { "--transport", "carrier-pigeon", NULL },
    { "--codec", "mp3", NULL },
    { "--srtp", "sometimes", NULL },
    { "--bind", "nowhere", NULL },
    { "--account", "nodomain", NULL },
    { "--registrar", "127.0.0.1:5060", NULL },
    { "--calls", "3", NULL },
    { "--dtmf", "12x", NULL },
    { "--expect-tone", "440,abc", NULL },
    { "--expect-tone", "1,2,3,4,5", NULL },
    { "--expect-no-tone", "5000", NULL },
    { "--call", "sip:a@127.0.0.1", "--answer", NULL },
    { "--no-such-option", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = spawn_sim (cases[i], &error);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_test_message ("%s → %s", cases[i][0], err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_true (g_str_has_prefix (err, "wcc-sim: "));
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
      g_assert_cmpstr (out, ==, "");
    }
}

/* A WAV of @seconds of a sine at @freq_hz (8 kHz mono), written by GStreamer itself. */
static void
write_tone_wav (const char *path,
                double      freq_hz,
                guint       seconds)
{
  g_autofree char *description =
    g_strdup_printf ("audiotestsrc wave=sine volume=0.3 freq=%g samplesperbuffer=800 num-buffers=%u "
                     "! audio/x-raw,format=S16LE,rate=8000,channels=1 ! wavenc ! filesink name=file",
                     freq_hz, seconds * 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) file = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  file = gst_bin_get_by_name (GST_BIN (pipeline), "file");
  g_object_set (file, "location", path, NULL);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  /* Not live: it runs as fast as it can; the end of the stream is the end of the file. */
  message = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* --play FILE: the caller sends a recorded 700 Hz tone, which the answerer must hear; a
 * file of another frequency makes the same expectation fail. */
static void
test_play_file (void)
{
  g_autofree char *dir = wcc_test_make_temp_dir ();
  g_autofree char *tone_700 = g_build_filename (dir, "700.wav", NULL);
  g_autofree char *tone_1500 = g_build_filename (dir, "1500.wav", NULL);
  const char *answer_args[] = { "--answer", "--expect-tone", "700", NULL };

  write_tone_wav (tone_700, 700, 6);
  write_tone_wav (tone_1500, 1500, 6);
  {
    Sim *b = sim_start (answer_args);
    const char *call_args[] = { "--call", b->uri, "--play", tone_700, "--duration", "3", NULL };
    Sim *a = sim_start (call_args);

    g_assert_cmpint (sim_finish (a), ==, 0);
    g_assert_cmpint (sim_finish (b), ==, 0);
    g_assert_cmpfloat (json_object_get_double_member (single_event (b, "tone-heard"), "hz"), ==, 700);
    sim_free (a);
    sim_free (b);
  }
  {
    Sim *b = sim_start (answer_args);
    const char *call_args[] = { "--call", b->uri, "--play", tone_1500, "--duration", "3", NULL };
    Sim *a = sim_start (call_args);
    g_autoptr(GPtrArray) heard = NULL;

    g_assert_cmpint (sim_finish (a), ==, 0);
    g_assert_cmpint (sim_finish (b), !=, 0);
    heard = events_named (b, "tone-heard");
    g_assert_cmpuint (heard->len, ==, 0);
    single_event (b, "failure");
    sim_free (a);
    sim_free (b);
  }
  wcc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (170);
  wcc_tone_detect_init ();

  g_test_add_func ("/sim/tones-both-ways", test_tones_both_ways);
  g_test_add_func ("/sim/wrong-tone-fails", test_wrong_tone_fails);
  g_test_add_func ("/sim/tone-lists", test_tone_lists);
  g_test_add_func ("/sim/dtmf", test_dtmf);
  g_test_add_func ("/sim/dtmf-missing-fails", test_dtmf_missing_fails);
  g_test_add_func ("/sim/rejected-call-fails", test_rejected_call_fails);
  g_test_add_func ("/sim/load", test_load);
  g_test_add_func ("/sim/hold-after", test_hold_after);
  g_test_add_func ("/sim/transfer", test_transfer);
  g_test_add_func ("/sim/srtp", test_srtp);
  g_test_add_func ("/sim/tcp", test_tcp);
  g_test_add_func ("/sim/bad-options", test_bad_options);
  g_test_add_func ("/sim/play-file", test_play_file);
  return g_test_run ();
}
