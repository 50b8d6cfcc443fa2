/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-application.h: the agent desktop application: login window first, then the main window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WCC_TYPE_APPLICATION (wcc_application_get_type ())
G_DECLARE_FINAL_TYPE (WccApplication, wcc_application, WCC, APPLICATION, AdwApplication)

WccApplication *wcc_application_new              (void);
/* The window in front: the login window or the main window (NULL before activation). */
GtkWindow      *wcc_application_get_login_window (WccApplication *self);
GtkWindow      *wcc_application_get_main_window  (WccApplication *self);
void            wcc_application_set_server_url   (WccApplication *self,
                                                  const char     *server_url);

G_END_DECLS
