/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c: the agent desktop draws with cairo where OpenGL is software (Xvfb's is
 * Mesa llvmpipe), and a GSK_RENDERER the user set wins. */
#define G_LOG_DOMAIN "test-renderer"

#include <gtk/gtk.h>

#include "wcc-renderer.h"

static void
test_names (void)
{
  g_assert_true (wcc_renderer_is_software_gl ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (wcc_renderer_is_software_gl ("Mesa softpipe"));
  g_assert_true (wcc_renderer_is_software_gl ("Software Rasterizer"));
  g_assert_false (wcc_renderer_is_software_gl ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (wcc_renderer_is_software_gl ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49)"));
  g_assert_false (wcc_renderer_is_software_gl (NULL));
}

static void
test_user_choice_wins (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("GSK_RENDERER", "gl", TRUE);
      g_assert_null (wcc_renderer_choose ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_software_gl_draws_with_cairo (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window;
      GskRenderer *renderer;

      g_unsetenv ("GSK_RENDERER");
      /* Xvfb has no GPU: its OpenGL is llvmpipe */
      g_assert_cmpstr (wcc_renderer_choose (), ==, "cairo");
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

      window = gtk_window_new ();
      gtk_widget_realize (window);
      renderer = gtk_native_get_renderer (GTK_NATIVE (window));
      g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/names", test_names);
  g_test_add_func ("/renderer/user-choice-wins", test_user_choice_wins);
  g_test_add_func ("/renderer/software-gl-draws-with-cairo", test_software_gl_draws_with_cairo);
  return g_test_run ();
}
