/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tone-player.c: call-progress tones on a local sink: ringback, ringtone, busy, beep. */
#define G_LOG_DOMAIN "wcc-tone-player"

#include "config.h"

#include <gst/gst.h>

#include "wcc-loop-source.h"
#include "wcc-tone-player.h"

/* One step of a cadence: a frequency (0: silence) for a while. */
typedef struct {
  double freq;
  guint  ms;
} ToneStep;

typedef struct {
  const ToneStep *steps;
  guint           n_steps;
  gboolean        repeat;
} TonePattern;

/* ETSI/European call-progress tones at 425 Hz. */
static const ToneStep ringback_steps[] = { { 425, 1000 }, { 0, 4000 } };
static const ToneStep busy_steps[] = { { 425, 500 }, { 0, 500 } };
/* A soft rising two-note chime, distinct from every network tone. */
static const ToneStep ringtone_steps[] = {
  { 660, 300 }, { 880, 300 }, { 660, 300 }, { 880, 300 }, { 0, 1800 },
};
static const ToneStep beep_steps[] = { { 1000, 200 } };

static const TonePattern patterns[] = {
  [WCC_TONE_RINGBACK] = { ringback_steps, G_N_ELEMENTS (ringback_steps), TRUE },
  [WCC_TONE_RINGTONE] = { ringtone_steps, G_N_ELEMENTS (ringtone_steps), TRUE },
  [WCC_TONE_BUSY] = { busy_steps, G_N_ELEMENTS (busy_steps), TRUE },
  [WCC_TONE_BEEP] = { beep_steps, G_N_ELEMENTS (beep_steps), FALSE },
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccTonePlayer
{
  GObject             parent_instance;

  char               *sink_description;
  GMainContext       *context;

  GstElement         *pipeline;
  GstElement         *source;      /* borrowed from pipeline */
  GstElement         *gate;        /* borrowed from pipeline */
  guint               bus_watch_id;
  GSource            *step_source;
  GSource            *end_source;
  const TonePattern  *pattern;
  guint               step;
};

G_DEFINE_FINAL_TYPE (WccTonePlayer, wcc_tone_player, G_TYPE_OBJECT)

static void schedule_step (WccTonePlayer *self);

static void
finish (WccTonePlayer *self)
{
  g_autoptr(WccTonePlayer) keep = g_object_ref (self);

  wcc_tone_player_stop (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
apply_step (WccTonePlayer *self)
{
  const ToneStep *step = &self->pattern->steps[self->step];

  if (step->freq > 0)
    g_object_set (self->source, "freq", step->freq, NULL);
  g_object_set (self->gate, "mute", step->freq <= 0, NULL);
}

static gboolean
on_step_timeout (gpointer user_data)
{
  WccTonePlayer *self = user_data;

  g_clear_pointer (&self->step_source, g_source_unref);
  self->step++;
  if (self->step >= self->pattern->n_steps)
    {
      if (!self->pattern->repeat)
        {
          finish (self);
          return G_SOURCE_REMOVE;
        }
      self->step = 0;
    }
  apply_step (self);
  schedule_step (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_step (WccTonePlayer *self)
{
  self->step_source = wcc_loop_source_attach (self->context, self->pattern->steps[self->step].ms, on_step_timeout, self, NULL);
}

static gboolean
on_end_timeout (gpointer user_data)
{
  WccTonePlayer *self = user_data;

  g_clear_pointer (&self->end_source, g_source_unref);
  finish (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  WccTonePlayer *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_warning ("tone playback failed: %s (%s)", error->message, debug ? debug : "");
      finish (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
build_pipeline (WccTonePlayer  *self,
                GError        **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("wcc-tones");
  GstElement *sink;
  const char *sink_description = self->sink_description;

  if (sink_description == NULL)
    sink_description = g_getenv ("WCC_AUDIOSINK");
  if (sink_description == NULL || *sink_description == '\0')
    sink_description = "autoaudiosink";

  sink = gst_parse_bin_from_description (sink_description, TRUE, error);
  if (sink == NULL)
    return NULL;

  self->source = gst_element_factory_make ("audiotestsrc", NULL);
  self->gate = gst_element_factory_make ("volume", NULL);
  {
    GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
    GstElement *resample = gst_element_factory_make ("audioresample", NULL);

    g_object_set (self->source, "is-live", TRUE, "wave", 0 /* sine */, "volume", 0.4, NULL);
    gst_bin_add_many (GST_BIN (pipeline), self->source, self->gate, convert, resample, sink, NULL);
    if (!gst_element_link_many (self->source, self->gate, convert, resample, sink, NULL))
      {
        g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                             "cannot link the tone pipeline");
        return NULL;
      }
  }
  return g_steal_pointer (&pipeline);
}

static void
wcc_tone_player_dispose (GObject *object)
{
  WccTonePlayer *self = WCC_TONE_PLAYER (object);

  wcc_tone_player_stop (self);
  G_OBJECT_CLASS (wcc_tone_player_parent_class)->dispose (object);
}

static void
wcc_tone_player_finalize (GObject *object)
{
  WccTonePlayer *self = WCC_TONE_PLAYER (object);

  g_free (self->sink_description);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (wcc_tone_player_parent_class)->finalize (object);
}

static void
wcc_tone_player_class_init (WccTonePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_tone_player_dispose;
  object_class->finalize = wcc_tone_player_finalize;

  /* Emitted when a tone ends by itself (its time is up, or a beep is over). */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static void
wcc_tone_player_init (WccTonePlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
}

WccTonePlayer *
wcc_tone_player_new (const char *sink)
{
  WccTonePlayer *self;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  self = g_object_new (WCC_TYPE_TONE_PLAYER, NULL);
  self->sink_description = g_strdup (sink);
  return self;
}

void
wcc_tone_player_play (WccTonePlayer *self,
                      WccTone        tone,
                      guint          seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;

  g_return_if_fail (WCC_IS_TONE_PLAYER (self));
  g_return_if_fail ((guint) tone < G_N_ELEMENTS (patterns));

  wcc_tone_player_stop (self);

  pipeline = build_pipeline (self, &error);
  if (pipeline == NULL)
    {
      g_warning ("cannot play a tone: %s", error->message);
      return;
    }
  self->pipeline = pipeline;
  self->pattern = &patterns[tone];
  self->step = 0;
  apply_step (self);

  bus = gst_element_get_bus (self->pipeline);
  {
    GSource *watch = gst_bus_create_watch (bus);
    g_source_set_callback (watch, G_SOURCE_FUNC (on_bus_message), self, NULL);
    self->bus_watch_id = g_source_attach (watch, self->context);
    g_source_unref (watch);
  }
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_warning ("cannot start the tone pipeline");
      wcc_tone_player_stop (self);
      return;
    }
  schedule_step (self);
  if (seconds > 0)
    self->end_source = wcc_loop_source_attach (self->context, seconds * 1000, on_end_timeout, self, NULL);
}

void
wcc_tone_player_stop (WccTonePlayer *self)
{
  g_return_if_fail (WCC_IS_TONE_PLAYER (self));

  wcc_loop_source_clear (&self->step_source);
  wcc_loop_source_clear (&self->end_source);
  if (self->bus_watch_id != 0)
    {
      GSource *watch = g_main_context_find_source_by_id (self->context, self->bus_watch_id);
      if (watch != NULL)
        g_source_destroy (watch);
      self->bus_watch_id = 0;
    }
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  self->source = NULL;
  self->gate = NULL;
  self->pattern = NULL;
}

gboolean
wcc_tone_player_is_playing (WccTonePlayer *self)
{
  g_return_val_if_fail (WCC_IS_TONE_PLAYER (self), FALSE);

  return self->pipeline != NULL;
}
