/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-recording-player.c: plays a call recording of the server (C15): the bytes come through
 * the API client (the bearer token), GStreamer's playbin plays them from the user's cache. */
#define G_LOG_DOMAIN "wcc-recording-player"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "wcc-gstreamer.h"
#include "wcc-recording-player.h"

enum {
  PROP_0,
  PROP_STATE,
  PROP_URL,
  N_PROPS
};

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccRecordingPlayer
{
  GObject           parent_instance;

  WccClient        *client;
  GstElement       *playbin;
  guint             bus_watch;
  GCancellable     *cancellable;   /* the download under way */
  char             *url;
  char             *file;          /* the downloaded copy, removed when playing stops */
  WccPlaybackState  state;
};

G_DEFINE_FINAL_TYPE (WccRecordingPlayer, wcc_recording_player, G_TYPE_OBJECT)

static void
set_state (WccRecordingPlayer *self,
           WccPlaybackState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
drop_pipeline (WccRecordingPlayer *self)
{
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->playbin);
  if (self->file != NULL)
    g_unlink (self->file);
  g_clear_pointer (&self->file, g_free);
}

static void
report (WccRecordingPlayer *self,
        const char         *message)
{
  wcc_recording_player_stop (self);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  WccRecordingPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      wcc_recording_player_stop (self);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, NULL);
        text = g_strdup_printf (_("The recording cannot be played: %s"), error->message);
        report (self, text);
      }
      break;
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->playbin))
        {
          GstState state;

          gst_message_parse_state_changed (message, NULL, &state, NULL);
          if (state == GST_STATE_PLAYING)
            set_state (self, WCC_PLAYBACK_PLAYING);
        }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void play_file (WccRecordingPlayer *self);

static void
on_gstreamer_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccRecordingPlayer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_gstreamer_init_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, error->message);
      return;
    }
  play_file (self);
}

/* The downloaded copy is written: play it. */
static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WccRecordingPlayer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Stopped while writing: whatever reached the disk goes. */
        g_unlink (g_file_peek_path (G_FILE (source)));
      else
        report (self, error->message);
      return;
    }
  /* GStreamer is set up when first needed (wcc-gstreamer.c). */
  wcc_gstreamer_init_async (self->cancellable, on_gstreamer_ready, g_object_ref (self));
}

static void
play_file (WccRecordingPlayer *self)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  const char *sink = g_getenv ("WCC_AUDIOSINK");

  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      report (self, _("GStreamer’s playbin is missing"));
      return;
    }
  gst_object_ref_sink (self->playbin);
  if (sink != NULL && *sink != '\0')
    {
      GstElement *audio_sink = gst_parse_bin_from_description (sink, TRUE, &error);
      if (audio_sink == NULL)
        {
          report (self, error->message);
          return;
        }
      g_object_set (self->playbin, "audio-sink", audio_sink, NULL);
    }
  /* No video, no subtitles: an Ogg/Opus recording. */
  g_object_set (self->playbin, "flags", 0x2 /* audio */, NULL);
  uri = g_filename_to_uri (self->file, NULL, NULL);
  g_object_set (self->playbin, "uri", uri, NULL);
  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    report (self, _("The recording cannot be played"));
}

/* Writes the recording to the user's cache (owner-only) without blocking the window, then
 * plays it from there. */
static void
start_playing (WccRecordingPlayer *self,
               GBytes             *bytes)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "wcc-desktop", "playback", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("%s.ogg", uuid);
  g_autoptr(GFile) file = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      report (self, _("The recording cannot be kept in the cache folder"));
      return;
    }
  self->file = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (self->file);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, self->cancellable,
                                       on_written, g_object_ref (self));
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WccRecordingPlayer) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = wcc_client_fetch_recording_finish (WCC_CLIENT (source), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, error->message);
      return;
    }
  start_playing (self, bytes);
}

static void
wcc_recording_player_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WccRecordingPlayer *self = WCC_RECORDING_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_recording_player_dispose (GObject *object)
{
  WccRecordingPlayer *self = WCC_RECORDING_PLAYER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  drop_pipeline (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_recording_player_parent_class)->dispose (object);
}

static void
wcc_recording_player_finalize (GObject *object)
{
  WccRecordingPlayer *self = WCC_RECORDING_PLAYER (object);

  g_clear_object (&self->cancellable);
  g_free (self->url);

  G_OBJECT_CLASS (wcc_recording_player_parent_class)->finalize (object);
}

static void
wcc_recording_player_class_init (WccRecordingPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_recording_player_get_property;
  object_class->dispose = wcc_recording_player_dispose;
  object_class->finalize = wcc_recording_player_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WCC_PLAYBACK_STOPPED, WCC_PLAYBACK_PLAYING,
                                             WCC_PLAYBACK_STOPPED, ro);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wcc_recording_player_init (WccRecordingPlayer *self)
{
}

WccRecordingPlayer *
wcc_recording_player_new (WccClient *client)
{
  WccRecordingPlayer *self;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);

  self = g_object_new (WCC_TYPE_RECORDING_PLAYER, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
wcc_recording_player_play (WccRecordingPlayer *self,
                           const char         *url)
{
  g_return_if_fail (WCC_IS_RECORDING_PLAYER (self));
  g_return_if_fail (url != NULL);

  wcc_recording_player_stop (self);
  self->url = g_strdup (url);
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  set_state (self, WCC_PLAYBACK_LOADING);
  wcc_client_fetch_recording_async (self->client, url, self->cancellable, on_fetched, g_object_ref (self));
}

void
wcc_recording_player_stop (WccRecordingPlayer *self)
{
  g_return_if_fail (WCC_IS_RECORDING_PLAYER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_pipeline (self);
  if (self->url != NULL)
    {
      g_clear_pointer (&self->url, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
    }
  set_state (self, WCC_PLAYBACK_STOPPED);
}

WccPlaybackState
wcc_recording_player_get_state (WccRecordingPlayer *self)
{
  g_return_val_if_fail (WCC_IS_RECORDING_PLAYER (self), WCC_PLAYBACK_STOPPED);
  return self->state;
}

const char *
wcc_recording_player_get_url (WccRecordingPlayer *self)
{
  g_return_val_if_fail (WCC_IS_RECORDING_PLAYER (self), NULL);
  return self->url;
}
