/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-application.h: the agent desktop application: login window first, then the main window. */
#pragma once

#include <adwaita.h>

#include "wcc-reminders.h"
#include "wcc-softphone.h"

G_BEGIN_DECLS

#define WCC_TYPE_APPLICATION (wcc_application_get_type ())
G_DECLARE_FINAL_TYPE (WccApplication, wcc_application, WCC, APPLICATION, AdwApplication)

WccApplication *wcc_application_new              (void);
/* The window in front: the login window or the main window (NULL before activation). */
GtkWindow      *wcc_application_get_login_window (WccApplication *self);
GtkWindow      *wcc_application_get_main_window  (WccApplication *self);
void            wcc_application_set_server_url   (WccApplication *self,
                                                  const char     *server_url);
/* The logged-in agent's softphone (NULL without a session, or for non-agents). */
WccSoftphone   *wcc_application_get_softphone    (WccApplication *self);
/* The logged-in session's appointment reminders (NULL without a session). */
WccReminders   *wcc_application_get_reminders    (WccApplication *self);
/* The notification of the call ringing now, NULL when none is shown. */
GNotification  *wcc_application_get_call_notification (WccApplication *self);

G_END_DECLS
