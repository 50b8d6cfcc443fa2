/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-avatar-ui.c: the avatar from the webcam (D7) under Xvfb against a real wcc-server,
 * the camera a GStreamer test source ($WCC_VIDEOSRC): with no camera "Take a Photo" is
 * disabled and says why; a camera that stops is told, and Try Again brings it back; Cancel
 * uploads nothing; Take Photo, Retake, Take Photo, Use Photo
 * uploads a square JPEG in the source's colour, which the server then serves and the
 * windows show; the same by keyboard alone (real key presses: xdotool). Screenshots avatar-camera.png, avatar-done.png,
 * avatar-camera-stopped.png. */
#define G_LOG_DOMAIN "test-avatar-ui"

#include "wcc-camera-window.h"
#include "wcc-main-window.h"
#include "wcc-profile-page.h"
#include "wcc-test-ui.h"

/* Green (0x00c000) in the middle 360×360 of a 640×360 picture, black bars left and right:
 * only the centred square ends up in the photo. */
#define GREEN_SOURCE \
  "videotestsrc is-live=true pattern=solid-color foreground-color=0xff00c000" \
  " ! video/x-raw,width=360,height=360 ! videobox left=-140 right=-140 fill=black"

static WccCameraWindow *
find_camera_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (WCC_IS_CAMERA_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return WCC_CAMERA_WINDOW (window);
    }
  return NULL;
}

static gboolean
camera_window_shown (gpointer data)
{
  return find_camera_window () != NULL;
}

static gboolean
camera_window_gone (gpointer data)
{
  return find_camera_window () == NULL;
}

/* The live preview shows a picture. */
static gboolean
previewing (gpointer data)
{
  GtkWidget *window = data;
  GtkStack *stack = GTK_STACK (find_by_id (window, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "preview") == 0 &&
         gtk_picture_get_paintable (GTK_PICTURE (find_by_id (window, "picture"))) != NULL &&
         gtk_widget_is_sensitive (find_by_id (window, "take_button"));
}

static gboolean
has_avatar_image (gpointer data)
{
  g_autoptr(GdkPaintable) image = NULL;

  g_object_get (data, "avatar-image", &image, NULL);
  return image != NULL;
}

/* The server's avatar_url for the user of @client (NULL: none). */
static char *
avatar_url (WccClient *client)
{
  g_autoptr(JsonObject) me = http_json (client, "GET", "/api/v1/me", NULL, 200);

  return g_strdup (json_object_get_string_member_with_default (me, "avatar_url", NULL));
}

static gboolean
server_has_avatar (gpointer data)
{
  g_autofree char *url = avatar_url (data);
  return url != NULL;
}

/* @texture's pixel at its centre is green, as the test source (JPEG's tolerance). */
static void
assert_green_centre (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = width * 4;
  g_autofree guint8 *pixels = g_malloc (stride * height);
  const guint8 *p;
  guint32 argb;

  /* gdk_texture_download gives cairo's ARGB32: one native-endian guint32 per pixel. */
  gdk_texture_download (texture, pixels, stride);
  p = pixels + (height / 2) * stride + (width / 2) * 4;
  memcpy (&argb, p, sizeof argb);
  g_test_message ("centre pixel %08x", argb);
  g_assert_cmpint (ABS ((int) ((argb >> 16) & 0xff) - 0x00), <=, 12);
  g_assert_cmpint (ABS ((int) ((argb >> 8) & 0xff) - 0xc0), <=, 12);
  g_assert_cmpint (ABS ((int) (argb & 0xff) - 0x00), <=, 12);
}

/* Opens the camera window from the profile page and waits for the live preview. */
static GtkWidget *
open_camera (GtkWidget *profile_page)
{
  GtkWidget *window;

  click (profile_page, "take_photo_button");
  window = GTK_WIDGET (find_camera_window ());
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (window)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) ==
                 GTK_WINDOW (gtk_widget_get_root (profile_page)));
  wait_until (previewing, window, 15000);
  return window;
}

static gboolean
camera_looked_for (gpointer data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (data), "Looking for a camera…") != 0;
}

/* A demo server; agent 1001 logged in over HTTP (*@agent, the server's view, when not NULL)
 * and in the app with @source as its camera ($WCC_VIDEOSRC; NULL: none); the profile page
 * shown. */
static GtkWindow *
open_profile (const char  *source,
              WccClient  **agent)
{
  WccTestServer *server;
  GtkWindow *main_window;

  if (source != NULL)
    g_setenv ("WCC_VIDEOSRC", source, TRUE);
  else
    g_unsetenv ("WCC_VIDEOSRC");
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  if (agent != NULL)
    *agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  main_window = log_in_without_remembering (server, "1001@demo", "wcc-1001");
  go_to (main_window, "profile");
  /* The camera is looked for once the page shows. */
  wait_until (camera_looked_for, child (main_window, "take_photo_button"), 10000);
  return main_window;
}

static void
test_no_camera (void)
{
  GtkWindow *main_window;
  GtkWidget *button;

  if (g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this computer has a camera");
      return;
    }
  wcc_test_guard_timeout (90);
  main_window = open_profile (NULL, NULL);
  button = child (main_window, "take_photo_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "No camera was found");
  log_out_through_ui (main_window);
}

static gboolean
error_shown (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find_by_id (data, "stack"))), "error") == 0;
}

/* A camera that stops (unplugged): the window says so, Use and Take are off, Try Again
 * brings the preview back; closing it uploads nothing. */
static void
test_camera_fails (void)
{
  GtkWindow *main_window;
  GtkWidget *profile_page;
  GtkWidget *window;
  g_autoptr(WccClient) agent = NULL;
  g_autofree char *url = NULL;

  wcc_test_guard_timeout (90);
  /* Two seconds of pictures, then the end of the stream. */
  main_window = open_profile ("videotestsrc is-live=true num-buffers=60", &agent);
  profile_page = child (main_window, "profile_page");

  window = open_camera (profile_page);
  wait_until (error_shown, window, 10000);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (find_by_id (window, "error_page"))), ==,
                   "The camera stopped sending pictures.");
  g_assert_false (gtk_widget_is_sensitive (find_by_id (window, "use_button")));
  save_screenshot (window, "avatar-camera-stopped.png");
  click (window, "retry_button");
  wait_until (previewing, window, 10000);
  gtk_window_close (GTK_WINDOW (window));
  wait_until (camera_window_gone, NULL, 5000);
  url = avatar_url (agent);
  g_assert_null (url);
  log_out_through_ui (main_window);
}

static void
test_take_photo (void)
{
  GtkWindow *main_window;
  GtkWidget *profile_page;
  GtkWidget *window;
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(GBytes) served = NULL;
  g_autoptr(GdkTexture) served_texture = NULL;
  g_autoptr(GdkPaintable) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *content_type = NULL;

  wcc_test_guard_timeout (150);
  main_window = open_profile (GREEN_SOURCE, &agent);
  /* The demo agent starts without a picture. */
  url = avatar_url (agent);
  g_assert_null (url);
  profile_page = child (main_window, "profile_page");
  g_assert_false (has_avatar_image (profile_page));
  g_assert_true (gtk_widget_is_sensitive (child (main_window, "take_photo_button")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (main_window, "take_photo_button")), ==,
                   "Take a picture with your camera");

  /* Cancel: nothing is sent, nothing changes. */
  window = open_camera (profile_page);
  g_assert_false (gtk_widget_is_sensitive (find_by_id (window, "use_button")));
  save_screenshot (window, "avatar-camera.png");
  click (window, "cancel_button");
  wait_until (camera_window_gone, NULL, 5000);
  settle (1000);
  url = avatar_url (agent);
  g_assert_null (url);
  g_assert_false (has_avatar_image (profile_page));

  /* Take Photo, Retake, Take Photo, Use Photo. */
  window = open_camera (profile_page);
  g_assert_true (gtk_widget_has_focus (find_by_id (window, "take_button")));
  click (window, "take_button");
  wait_until (widget_sensitive, find_by_id (window, "use_button"), 10000);
  g_assert_false (gtk_widget_get_visible (find_by_id (window, "take_button")));
  click (window, "retake_button");
  g_assert_false (gtk_widget_is_sensitive (find_by_id (window, "use_button")));
  wait_until (previewing, window, 5000);
  click (window, "take_button");
  wait_until (widget_sensitive, find_by_id (window, "use_button"), 10000);
  {
    /* The photo shown in the window is the square JPEG. */
    GdkPaintable *photo = gtk_picture_get_paintable (GTK_PICTURE (find_by_id (window, "picture")));
    g_assert_cmpint (gdk_paintable_get_intrinsic_width (photo), ==, WCC_CAMERA_SNAPSHOT_SIZE);
    g_assert_cmpint (gdk_paintable_get_intrinsic_height (photo), ==, WCC_CAMERA_SNAPSHOT_SIZE);
  }
  click (window, "use_button");
  wait_until (camera_window_gone, NULL, 5000);

  /* The server has it: a JPEG, green in the middle. */
  wait_until (server_has_avatar, agent, 10000);
  url = avatar_url (agent);
  served = http_send (agent, "GET", url, NULL, 200, &content_type);
  g_assert_cmpstr (content_type, ==, "image/jpeg");
  served_texture = gdk_texture_new_from_bytes (served, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (served_texture), ==, WCC_CAMERA_SNAPSHOT_SIZE);
  g_assert_cmpint (gdk_texture_get_height (served_texture), ==, WCC_CAMERA_SNAPSHOT_SIZE);
  assert_green_centre (served_texture);

  /* And the windows show it. */
  wait_until (has_avatar_image, profile_page, 10000);
  wait_until (has_avatar_image, main_window, 10000);
  g_object_get (profile_page, "avatar-image", &shown, NULL);
  g_assert_true (GDK_IS_TEXTURE (shown));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (shown)), ==, WCC_CAMERA_SNAPSHOT_SIZE);
  assert_green_centre (GDK_TEXTURE (shown));
  save_screenshot (GTK_WIDGET (main_window), "avatar-done.png");

  log_out_through_ui (main_window);
}

/* By keyboard alone: the page's mnemonic opens the camera window with the focus on Take
 * Photo; Escape closes it and sends nothing; Space takes the photo, the focus goes to Use
 * Photo, Enter uses it. */
static void
test_keyboard (void)
{
  GtkWindow *main_window;
  GtkWindow *window;
  g_autoptr(WccClient) agent = NULL;
  g_autofree char *url = NULL;

  wcc_test_guard_timeout (120);
  main_window = open_profile (GREEN_SOURCE, &agent);

  press_keys (main_window, "alt+t");
  wait_until (camera_window_shown, NULL, 5000);
  window = GTK_WINDOW (find_camera_window ());
  wait_until (previewing, window, 15000);
  g_assert_true (gtk_widget_has_focus (find_by_id (GTK_WIDGET (window), "take_button")));
  press_keys (window, "Escape");
  wait_until (camera_window_gone, NULL, 5000);
  settle (500);
  url = avatar_url (agent);
  g_assert_null (url);

  press_keys (main_window, "alt+t");
  wait_until (camera_window_shown, NULL, 5000);
  window = GTK_WINDOW (find_camera_window ());
  wait_until (previewing, window, 15000);
  press_keys (window, "space");
  wait_until (widget_sensitive, find_by_id (GTK_WIDGET (window), "use_button"), 10000);
  g_assert_true (gtk_widget_has_focus (find_by_id (GTK_WIDGET (window), "use_button")));
  press_keys (window, "Return");
  wait_until (camera_window_gone, NULL, 5000);
  wait_until (server_has_avatar, agent, 10000);
  wait_until (has_avatar_image, child (main_window, "profile_page"), 10000);
  log_out_through_ui (main_window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/avatar/no-camera", test_no_camera);
  g_test_add_func ("/ui/avatar/camera-fails", test_camera_fails);
  g_test_add_func ("/ui/avatar/take-photo", test_take_photo);
  g_test_add_func ("/ui/avatar/keyboard", test_keyboard);

  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
