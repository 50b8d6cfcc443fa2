/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-login-window.h: the login window: server, account, password, human verification. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_LOGIN_WINDOW (wcc_login_window_get_type ())
G_DECLARE_FINAL_TYPE (WccLoginWindow, wcc_login_window, WCC, LOGIN_WINDOW, AdwApplicationWindow)

/* Signal "logged-in" (WccClient *client): the client holds the token and the user. */

/* @server_url: a preset server address (from --server), or NULL for the remembered one. */
WccLoginWindow *wcc_login_window_new (AdwApplication *application,
                                      const char     *server_url);

/* Logs in by itself once the remembered password of the server and account filled in is
 * found (call it right after wcc_login_window_new); anything the user types first wins. */
void            wcc_login_window_log_in_when_remembered (WccLoginWindow *self);

/* Shows @message inline, e.g. why the previous session ended. */
void            wcc_login_window_show_notice (WccLoginWindow *self,
                                              const char     *message);

G_END_DECLS
