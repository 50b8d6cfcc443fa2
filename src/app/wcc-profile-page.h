/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-profile-page.h: personal information: picture, names, employee ID, web password (D7). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_PROFILE_PAGE (wcc_profile_page_get_type ())
G_DECLARE_FINAL_TYPE (WccProfilePage, wcc_profile_page, WCC, PROFILE_PAGE, AdwBin)

/* Signal "toast" (const char *message): feedback for the window's toast overlay.
 * Action "profile.take-photo" opens the camera window (WccCameraWindow); enabled while a
 * camera is there (WccCamera "available": $WCC_VIDEOSRC, the camera portal, v4l2). */

void wcc_profile_page_set_client          (WccProfilePage *self,
                                           WccClient      *client);
/* Checks @file (a JPEG of at most 1 MiB) and uploads it as the user's picture, as choosing
 * or dropping it does. */
void wcc_profile_page_set_avatar_from_file (WccProfilePage *self,
                                            GFile          *file);

G_END_DECLS
