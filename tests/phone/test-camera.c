/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-camera.c: the avatar's camera (D7) on real GStreamer with a video test source: frames
 * arrive on the main context, the snapshot is a centred square JPEG of at most 1 MB in the
 * source's colour, bad or missing sources give clear errors, stopping frees everything. */
#define G_LOG_DOMAIN "test-camera"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "wcc-camera.h"
#include "wcc-jpeg.h"
#include "wcc-test-util.h"

/* Green (0x00c000) in the middle 360×360 of a 640×360 picture, black bars left and right:
 * only a centred square crop has no black in its corners. */
#define GREEN_SOURCE \
  "videotestsrc is-live=true pattern=solid-color foreground-color=0xff00c000" \
  " ! video/x-raw,width=360,height=360 ! videobox left=-140 right=-140 fill=black"

typedef struct {
  guint         frames;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  GBytes       *jpeg;
} Waiter;

static void
on_frame (WccCamera *camera,
          Waiter    *waiter)
{
  waiter->frames++;
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = wcc_camera_start_finish (WCC_CAMERA (source), result, &waiter->error);
  waiter->done = TRUE;
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->jpeg = wcc_camera_snapshot_finish (WCC_CAMERA (source), result, &waiter->error);
  waiter->done = TRUE;
}

static gboolean
start (WccCamera  *camera,
       GError    **error)
{
  Waiter waiter = { 0 };

  wcc_camera_start_async (camera, NULL, on_started, &waiter);
  wcc_test_wait_for (&waiter.done, 15000);
  if (waiter.error != NULL)
    g_propagate_error (error, waiter.error);
  return waiter.ok;
}

/* Decodes @jpeg (jpegdec) into RGBA; its size in pixels and its row length. */
static GBytes *
decode_jpeg (GBytes *jpeg,
             int    *width,
             int    *height,
             int    *stride)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch ("appsrc name=src ! jpegdec ! videoconvert"
                                                     " ! video/x-raw,format=RGBA ! appsink name=sink sync=false",
                                                     &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstCaps) caps = gst_caps_from_string ("image/jpeg");
  GstStructure *structure;
  GstMapInfo map;
  GBytes *pixels;

  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "caps", caps, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (jpeg));
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  g_assert_nonnull (sample);
  structure = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  g_assert_true (gst_structure_get_int (structure, "width", width));
  g_assert_true (gst_structure_get_int (structure, "height", height));
  *stride = GST_ROUND_UP_4 (*width * 4);
  g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
  pixels = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return pixels;
}

static void
assert_colour (GBytes *pixels,
               gsize   stride,
               int     x,
               int     y,
               guint8  red,
               guint8  green,
               guint8  blue)
{
  const guint8 *p = (const guint8 *) g_bytes_get_data (pixels, NULL) + y * stride + x * 4;

  g_test_message ("pixel (%d, %d) = %02x%02x%02x", x, y, p[0], p[1], p[2]);
  /* JPEG (and its YUV sampling) moves colours a little. */
  g_assert_cmpint (ABS (p[0] - red), <=, 12);
  g_assert_cmpint (ABS (p[1] - green), <=, 12);
  g_assert_cmpint (ABS (p[2] - blue), <=, 12);
}

/* Entries of /proc/self/@what ("task": threads, "fd": open files). */
static guint
count_entries (const char *what)
{
  g_autofree char *path = g_build_filename ("/proc/self", what, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static void
test_snapshot (void)
{
  g_autoptr(WccCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) pixels = NULL;
  Waiter waiter = { 0 };
  int width = 0, height = 0, stride = 0;
  gsize frame_stride = 0;
  guint jpeg_width = 0, jpeg_height = 0;

  g_setenv ("WCC_VIDEOSRC", GREEN_SOURCE, TRUE);
  camera = wcc_camera_new ();
  g_assert_true (wcc_camera_get_available (camera));
  g_assert_false (wcc_camera_get_running (camera));
  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &waiter);

  g_assert_true (start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_camera_get_running (camera));
  /* Frames keep coming (30 a second from the test source): wait for a few more. */
  while (waiter.frames < 5)
    g_main_context_iteration (NULL, TRUE);

  frame = wcc_camera_get_frame (camera, &width, &height, &frame_stride);
  g_assert_nonnull (frame);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 360);
  g_assert_cmpuint (frame_stride, >=, 640 * 4);
  g_assert_cmpuint (g_bytes_get_size (frame), >=, frame_stride * 359 + 640 * 4);
  assert_colour (frame, frame_stride, 320, 180, 0x00, 0xc0, 0x00);
  assert_colour (frame, frame_stride, 10, 10, 0x00, 0x00, 0x00);

  wcc_camera_snapshot_async (camera, NULL, on_snapshot, &waiter);
  wcc_test_wait_for (&waiter.done, 15000);
  g_assert_no_error (waiter.error);
  g_assert_nonnull (waiter.jpeg);
  g_test_message ("snapshot: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (waiter.jpeg));
  g_assert_cmpuint (g_bytes_get_size (waiter.jpeg), <=, WCC_AVATAR_MAX_BYTES);
  g_assert_true (wcc_jpeg_check_avatar (waiter.jpeg, &error));
  g_assert_no_error (error);
  g_assert_true (wcc_jpeg_sniff (g_bytes_get_data (waiter.jpeg, NULL), g_bytes_get_size (waiter.jpeg),
                                 &jpeg_width, &jpeg_height));
  g_assert_cmpuint (jpeg_width, ==, WCC_CAMERA_SNAPSHOT_SIZE);
  g_assert_cmpuint (jpeg_height, ==, WCC_CAMERA_SNAPSHOT_SIZE);

  /* The centre, and the corners: the black bars were cut off, not squeezed in. */
  pixels = decode_jpeg (waiter.jpeg, &width, &height, &stride);
  g_assert_cmpint (width, ==, WCC_CAMERA_SNAPSHOT_SIZE);
  g_assert_cmpint (height, ==, WCC_CAMERA_SNAPSHOT_SIZE);
  assert_colour (pixels, stride, width / 2, height / 2, 0x00, 0xc0, 0x00);
  assert_colour (pixels, stride, 2, 2, 0x00, 0xc0, 0x00);
  assert_colour (pixels, stride, width - 3, height - 3, 0x00, 0xc0, 0x00);

  wcc_camera_stop (camera);
  g_assert_false (wcc_camera_get_running (camera));
  g_assert_null (wcc_camera_get_frame (camera, NULL, NULL, NULL));
  g_clear_pointer (&waiter.jpeg, g_bytes_unref);
}

static void
test_bad_source (void)
{
  g_autoptr(WccCamera) camera = NULL;
  g_autoptr(WccCamera) missing = NULL;
  g_autoptr(GError) error = NULL;

  /* Not a GStreamer element: told at once, naming the description. */
  g_setenv ("WCC_VIDEOSRC", "no-such-camera-element", TRUE);
  camera = wcc_camera_new ();
  g_assert_false (start (camera, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no-such-camera-element"));
  g_assert_false (wcc_camera_get_running (camera));
  g_clear_error (&error);

  /* A device that is not there: the pipeline fails while opening it. */
  g_setenv ("WCC_VIDEOSRC", "v4l2src device=/dev/wcc-no-such-video", TRUE);
  missing = wcc_camera_new ();
  g_assert_false (start (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, "The camera was not found.");
  g_assert_false (wcc_camera_get_running (missing));
}

static void
on_failed (WccCamera *camera,
           GError    *error,
           Waiter    *waiter)
{
  g_assert_false (wcc_camera_get_running (camera));
  waiter->error = g_error_copy (error);
  waiter->done = TRUE;
}

/* A camera that stops sending (unplugged): "failed", with words for the user; stopped. */
static void
test_stops_sending (void)
{
  g_autoptr(WccCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };

  g_setenv ("WCC_VIDEOSRC", "videotestsrc is-live=true num-buffers=15", TRUE);
  camera = wcc_camera_new ();
  g_signal_connect (camera, "failed", G_CALLBACK (on_failed), &waiter);
  g_assert_true (start (camera, &error));
  g_assert_true (wcc_camera_get_running (camera));
  wcc_test_wait_for (&waiter.done, 5000);
  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (waiter.error->message, ==, "The camera stopped sending pictures.");
  g_assert_false (wcc_camera_get_running (camera));
  g_assert_null (wcc_camera_get_frame (camera, NULL, NULL, NULL));
  g_clear_error (&waiter.error);
}

static void
test_no_camera (void)
{
  g_autoptr(WccCamera) camera = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this computer has a camera");
      return;
    }
  g_unsetenv ("WCC_VIDEOSRC");
  camera = wcc_camera_new ();
  g_assert_false (wcc_camera_get_available (camera));
  g_assert_false (start (camera, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No camera was found.");
}

/* Stopping joins the streaming threads and frees the pipeline (its bus's file descriptors
 * are closed with it); doing it again and again leaves nothing behind; the camera goes away. */
static void
test_stop_frees (void)
{
  WccCamera *camera;
  guint threads_after_first = 0;
  guint fds_before;

  g_setenv ("WCC_VIDEOSRC", GREEN_SOURCE, TRUE);
  camera = wcc_camera_new ();
  g_object_add_weak_pointer (G_OBJECT (camera), (gpointer *) &camera);
  fds_before = count_entries ("fd");
  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GError) error = NULL;
      guint threads, fds_running;

      g_assert_true (start (camera, &error));
      g_assert_no_error (error);
      fds_running = count_entries ("fd");
      wcc_camera_stop (camera);
      g_assert_false (wcc_camera_get_running (camera));
      /* GStreamer keeps idle streaming threads in its pool for reuse (one may still be on
       * its way back there): their number must not grow with the rounds, as a thread left
       * running by each stop would make it. */
      threads = count_entries ("task");
      g_test_message ("round %u: %u files open while running, %u before, %u after; %u threads after stop",
                      round, fds_running, fds_before, count_entries ("fd"), threads);
      g_assert_cmpuint (fds_running, >, fds_before);
      g_assert_cmpuint (count_entries ("fd"), ==, fds_before);
      if (round == 0)
        threads_after_first = threads;
      else
        g_assert_cmpuint (threads, <=, threads_after_first + 2);
    }
  /* A stop before the first frame cancels the start. */
  {
    Waiter waiter = { 0 };

    wcc_camera_start_async (camera, NULL, on_started, &waiter);
    wcc_camera_stop (camera);
    wcc_test_wait_for (&waiter.done, 5000);
    g_assert_false (waiter.ok);
    g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&waiter.error);
  }
  g_object_unref (camera);
  g_assert_null (camera);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  wcc_test_guard_timeout (60);

  g_test_add_func ("/camera/snapshot", test_snapshot);
  g_test_add_func ("/camera/bad-source", test_bad_source);
  g_test_add_func ("/camera/stops-sending", test_stops_sending);
  g_test_add_func ("/camera/no-camera", test_no_camera);
  g_test_add_func ("/camera/stop-frees", test_stop_frees);
  return g_test_run ();
}
