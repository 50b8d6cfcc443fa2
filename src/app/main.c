/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: starts wcc-agent, the call centre agent desktop. */
#define G_LOG_DOMAIN "wcc-agent"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "wcc-application.h"
#include "wcc-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WccApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* WCC_LOCALEDIR: the build's translations for a run from the build tree (wcc-run). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WCC_LOCALEDIR") ? g_getenv ("WCC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* before the application's threads start: it may set GSK_RENDERER */
  wcc_renderer_choose ();
  app = wcc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
