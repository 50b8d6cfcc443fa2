/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-unsaved-changes-window.h: the changes the server refused after they had waited, kept to copy or redo. */
#pragma once

#include <adwaita.h>

#include "wcc-session.h"

G_BEGIN_DECLS

#define WCC_TYPE_UNSAVED_CHANGES_WINDOW (wcc_unsaved_changes_window_get_type ())
G_DECLARE_FINAL_TYPE (WccUnsavedChangesWindow, wcc_unsaved_changes_window, WCC, UNSAVED_CHANGES_WINDOW, AdwWindow)

/* Lists the session outbox's refused writes (wcc_outbox_list_refused()), newest first, and
 * follows them: each says what it was, when and why the server refused it, and holds its
 * content to read and copy; "Dismiss" lets one go. */
GtkWidget *wcc_unsaved_changes_window_new   (GtkWindow  *parent,
                                             WccSession *session);

/* The rows shown (for tests). */
guint      wcc_unsaved_changes_window_get_n_rows (WccUnsavedChangesWindow *self);

G_END_DECLS
