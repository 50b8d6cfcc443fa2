/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone.h: the softphone: Sofia-SIP on the GLib main loop, its accounts and devices. */
#pragma once

#include <gio/gio.h>

#include "wcc-account.h"
#include "wcc-call.h"
#include "wcc-phone-types.h"

G_BEGIN_DECLS

#define WCC_TYPE_PHONE (wcc_phone_get_type ())
G_DECLARE_FINAL_TYPE (WccPhone, wcc_phone, WCC, PHONE, GObject)

/* Properties (read-write): "audio-source", "audio-sink", "ring-sink" (gst-launch
 * descriptions, NULL = $WCC_AUDIOSRC/$WCC_AUDIOSINK or the system default),
 * "echo-cancellation", "busy-tone" (play the busy tone for 3 s when the other side hangs
 * up), "bind-address" (media; default 127.0.0.1 for tests, the SIP bind address otherwise).
 * Signal "call-ended" (WccCall) for the call log: number, direction, times, reason. */

/* Sofia-SIP is initialised once per process and runs on the thread-default main context. */
WccPhone   *wcc_phone_new               (void);
WccAccount *wcc_phone_add_account       (WccPhone                 *self,
                                         const WccAccountSettings *settings,
                                         GError                  **error);
void        wcc_phone_remove_account    (WccPhone                 *self,
                                         WccAccount               *account);
GListModel *wcc_phone_get_accounts      (WccPhone                 *self);

/* Hangs up, un-registers and stops every account, waiting at most @timeout_ms for the
 * servers to answer: never longer. Cancelling @cancellable stops the waiting: the stacks are
 * torn down at once and the result is G_IO_ERROR_CANCELLED. Overlapping calls each finish. */
void        wcc_phone_shutdown_async    (WccPhone                 *self,
                                         guint                     timeout_ms,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data);
gboolean    wcc_phone_shutdown_finish   (WccPhone                 *self,
                                         GAsyncResult             *result,
                                         GError                  **error);

G_END_DECLS
