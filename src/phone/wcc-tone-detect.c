/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tone-detect.c: hearing audio headless: a sink element that reports the dominant tone and level. */
#define G_LOG_DOMAIN "wcc-tone-detect"

#include <math.h>
#include <gst/gst.h>

#include "wcc-tone-detect.h"

#define DETECT_RATE 16000
#define DETECT_BANDS 320
#define REPORT_INTERVAL_NS (100 * GST_MSECOND)
/* Loud enough to be a tone rather than codec noise or a quiet harmonic. */
#define MIN_TONE_DB -45.0
/* In a mix, a tone this far below the loudest band is a harmonic or noise, not a voice. */
#define MIX_TONE_RANGE_DB 20.0
#define HISTORY 64

typedef struct {
  double freq;
  double db;
  double rms_db;
  float  bands[DETECT_BANDS];   /* every band's magnitude (dB): tones in a mix */
} Report;

typedef struct {
  Report   reports[HISTORY];
  guint    count;      /* reports since the last reset */
  double   last_rms_db;
  gint64   last_report_us;   /* monotonic, 0 since the last reset */
  gint64   longest_pause_us;
} Ear;

static GMutex ears_lock;
static GHashTable *ears;   /* name → Ear */

static Ear *
lookup_ear (const char *name)
{
  Ear *ear;

  if (ears == NULL)
    ears = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ear = g_hash_table_lookup (ears, name);
  if (ear == NULL)
    {
      ear = g_new0 (Ear, 1);
      ear->last_rms_db = -200;
      g_hash_table_insert (ears, g_strdup (name), ear);
    }
  return ear;
}

#define WCC_TYPE_TONE_SINK (wcc_tone_sink_get_type ())
G_DECLARE_FINAL_TYPE (WccToneSink, wcc_tone_sink, WCC, TONE_SINK, GstBin)

struct _WccToneSink
{
  GstBin parent_instance;
};

G_DEFINE_FINAL_TYPE (WccToneSink, wcc_tone_sink, GST_TYPE_BIN)

static void
record_spectrum (const char         *name,
                 const GstStructure *s)
{
  const GValue *magnitudes = gst_structure_get_value (s, "magnitude");
  guint n = magnitudes ? gst_value_list_get_size (magnitudes) : 0;
  double best_db = -1000;
  guint best = 0;
  Ear *ear;
  Report *report;

  /* Band 0 holds DC and rumble, never a tone of interest. */
  for (guint i = 1; i < n; i++)
    {
      double db = g_value_get_float (gst_value_list_get_value (magnitudes, i));
      if (db > best_db)
        {
          best_db = db;
          best = i;
        }
    }
  g_mutex_lock (&ears_lock);
  ear = lookup_ear (name);
  report = &ear->reports[ear->count % HISTORY];
  for (guint i = 0; i < DETECT_BANDS; i++)
    report->bands[i] = i < n ? g_value_get_float (gst_value_list_get_value (magnitudes, i)) : -1000;
  report->freq = (best + 0.5) * (DETECT_RATE / 2.0) / DETECT_BANDS;
  report->db = best_db;
  report->rms_db = ear->last_rms_db;
  ear->count++;
  {
    gint64 now = g_get_monotonic_time ();

    if (ear->last_report_us != 0)
      ear->longest_pause_us = MAX (ear->longest_pause_us, now - ear->last_report_us);
    ear->last_report_us = now;
  }
  g_mutex_unlock (&ears_lock);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
record_level (const char         *name,
              const GstStructure *s)
{
  const GValue *value = gst_structure_get_value (s, "rms");
  GValueArray *rms = value ? g_value_get_boxed (value) : NULL;
  double loudest = -200;

  for (guint i = 0; rms != NULL && i < rms->n_values; i++)
    loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (rms, i)));
  g_mutex_lock (&ears_lock);
  lookup_ear (name)->last_rms_db = loudest;
  g_mutex_unlock (&ears_lock);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* Children's reports stop here (streaming threads): the bus of whoever owns the pipeline
 * stays unaware of them, and no bus watch is needed to hear a call. */
static void
wcc_tone_sink_handle_message (GstBin     *bin,
                              GstMessage *message)
{
  const GstStructure *s;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT
      && (s = gst_message_get_structure (message)) != NULL
      && (gst_structure_has_name (s, "spectrum") || gst_structure_has_name (s, "level")))
    {
      if (gst_structure_has_name (s, "spectrum"))
        record_spectrum (GST_OBJECT_NAME (bin), s);
      else
        record_level (GST_OBJECT_NAME (bin), s);
      gst_message_unref (message);
      return;
    }
  GST_BIN_CLASS (wcc_tone_sink_parent_class)->handle_message (bin, message);
}

static void
wcc_tone_sink_class_init (WccToneSinkClass *klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  GST_BIN_CLASS (klass)->handle_message = wcc_tone_sink_handle_message;
  gst_element_class_set_static_metadata (element_class, "WCC tone detector", "Sink/Audio",
                                         "Reports the dominant tone and level heard",
                                         "WCC Desktop");
}

static void
wcc_tone_sink_init (WccToneSink *self)
{
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *spectrum = gst_element_factory_make ("spectrum", NULL);
  GstElement *level = gst_element_factory_make ("level", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw",
                                                 "rate", G_TYPE_INT, DETECT_RATE,
                                                 "channels", G_TYPE_INT, 1, NULL);
  g_autoptr(GstPad) pad = NULL;

  g_object_set (filter, "caps", caps, NULL);
  g_object_set (spectrum, "bands", DETECT_BANDS, "interval", REPORT_INTERVAL_NS,
                "threshold", -90, "post-messages", TRUE, "message-magnitude", TRUE, NULL);
  g_object_set (level, "interval", REPORT_INTERVAL_NS, "post-messages", TRUE, NULL);
  g_object_set (sink, "sync", TRUE, NULL);
  gst_bin_add_many (GST_BIN (self), convert, resample, filter, level, spectrum, sink, NULL);
  /* level before spectrum: a spectrum report then carries the newest level. */
  gst_element_link_many (convert, resample, filter, level, spectrum, sink, NULL);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (GST_ELEMENT (self), gst_ghost_pad_new ("sink", pad));
}

void
wcc_tone_detect_init (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      if (!gst_is_initialized ())
        gst_init (NULL, NULL);
      gst_element_register (NULL, "wcctonesink", GST_RANK_NONE, WCC_TYPE_TONE_SINK);
      g_once_init_leave (&registered, 1);
    }
}

char *
wcc_tone_detect_sink_description (const char *name)
{
  wcc_tone_detect_init ();
  return g_strdup_printf ("wcctonesink name=%s", name);
}

double
wcc_tone_detect_dominant (const char *name,
                          double     *out_db)
{
  double freq = 0, db = -200;
  Ear *ear;

  g_mutex_lock (&ears_lock);
  ear = lookup_ear (name);
  if (ear->count > 0)
    {
      const Report *report = &ear->reports[(ear->count - 1) % HISTORY];
      freq = report->freq;
      db = report->db;
    }
  g_mutex_unlock (&ears_lock);
  if (out_db)
    *out_db = db;
  return freq;
}

void
wcc_tone_detect_reset (const char *name)
{
  Ear *ear;

  g_mutex_lock (&ears_lock);
  ear = lookup_ear (name);
  ear->count = 0;
  ear->last_report_us = ear->longest_pause_us = 0;
  g_mutex_unlock (&ears_lock);
}

gint64
wcc_tone_detect_longest_pause_us (const char *name)
{
  gint64 pause;

  g_mutex_lock (&ears_lock);
  pause = lookup_ear (name)->longest_pause_us;
  g_mutex_unlock (&ears_lock);
  return pause;
}

typedef gboolean (*ReportCheck) (const Report *report,
                                 gconstpointer data);

/* TRUE when the newest @reports reports all pass @check. */
static gboolean
recent_reports_pass (const char    *name,
                     guint          reports,
                     ReportCheck    check,
                     gconstpointer  data)
{
  gboolean pass = TRUE;
  Ear *ear;

  g_assert (reports > 0 && reports <= HISTORY);
  g_mutex_lock (&ears_lock);
  ear = lookup_ear (name);
  if (ear->count < reports)
    pass = FALSE;
  for (guint i = 0; pass && i < reports; i++)
    pass = check (&ear->reports[(ear->count - 1 - i) % HISTORY], data);
  g_mutex_unlock (&ears_lock);
  return pass;
}

static gboolean
on_poll (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_until (const char    *name,
            guint          reports,
            ReportCheck    check,
            gconstpointer  data,
            guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Reports arrive on streaming threads: wake the loop to look at them. */
  guint poll_id = g_timeout_add (20, on_poll, NULL);
  gboolean ok;

  while (!(ok = recent_reports_pass (name, reports, check, data))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll_id);
  if (!ok)
    {
      double db;
      double freq = wcc_tone_detect_dominant (name, &db);
      g_debug ("%s: last heard %.1f Hz at %.1f dB", name, freq, db);
    }
  return ok;
}

typedef struct {
  const double *freqs;
  guint         n_freqs;
} ToneSet;

static gboolean
check_tone (const Report *report,
            gconstpointer data)
{
  const ToneSet *set = data;
  const double tolerance = 1.5 * (DETECT_RATE / 2.0) / DETECT_BANDS;

  if (report->db < MIN_TONE_DB)
    return FALSE;
  for (guint i = 0; i < set->n_freqs; i++)
    if (fabs (report->freq - set->freqs[i]) <= tolerance)
      return TRUE;
  return FALSE;
}

static gboolean
check_silence (const Report *report,
               gconstpointer data)
{
  return report->rms_db < *(const double *) data;
}

gboolean
wcc_tone_detect_hears (const char *name,
                       double      freq_hz,
                       guint       reports)
{
  ToneSet set = { &freq_hz, 1 };

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (reports > 0 && reports <= HISTORY, FALSE);
  return recent_reports_pass (name, reports, check_tone, &set);
}

/* The tone's band (or a neighbour: a tone on a band's edge spreads) is loud, and not far
 * below the loudest band. */
static gboolean
check_tone_in_mix (const Report *report,
                   gconstpointer data)
{
  double freq = *(const double *) data;
  int band = (int) (freq / ((DETECT_RATE / 2.0) / DETECT_BANDS));
  double db = -1000;

  for (int i = MAX (band - 1, 1); i <= MIN (band + 1, DETECT_BANDS - 1); i++)
    db = MAX (db, report->bands[i]);
  return db >= MIN_TONE_DB && db >= report->db - MIX_TONE_RANGE_DB;
}

gboolean
wcc_tone_detect_hears_in_mix (const char *name,
                              double      freq_hz,
                              guint       reports)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (reports > 0 && reports <= HISTORY, FALSE);
  return recent_reports_pass (name, reports, check_tone_in_mix, &freq_hz);
}

gboolean
wcc_tone_detect_wait_tone (const char *name,
                           double      freq_hz,
                           guint       reports,
                           guint       timeout_ms)
{
  ToneSet set = { &freq_hz, 1 };

  return wait_until (name, reports, check_tone, &set, timeout_ms);
}

gboolean
wcc_tone_detect_wait_any_tone (const char   *name,
                               const double *freqs,
                               guint         n_freqs,
                               guint         reports,
                               guint         timeout_ms)
{
  ToneSet set = { freqs, n_freqs };

  return wait_until (name, reports, check_tone, &set, timeout_ms);
}

gboolean
wcc_tone_detect_wait_silence (const char *name,
                              double      max_db,
                              guint       reports,
                              guint       timeout_ms)
{
  return wait_until (name, reports, check_silence, &max_db, timeout_ms);
}
