/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-push-banner.h: the leaders' push messages (S15) at the top of the main window: the
 * fixed messages of the agent's groups scroll (a marquee) until a leader clears them; a
 * temporary one shows for its time, then goes. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_PUSH_BANNER (wcc_push_banner_get_type ())
G_DECLARE_FINAL_TYPE (WccPushBanner, wcc_push_banner, WCC, PUSH_BANNER, AdwBin)

void         wcc_push_banner_set_chat        (WccPushBanner *self,
                                              WccChat       *chat);
/* What the banner shows: the fixed messages' text ("" for none), the temporary messages. */
const char  *wcc_push_banner_get_fixed_text  (WccPushBanner *self);
guint        wcc_push_banner_get_n_temporary (WccPushBanner *self);
gboolean     wcc_push_banner_get_revealed    (WccPushBanner *self);

G_END_DECLS
