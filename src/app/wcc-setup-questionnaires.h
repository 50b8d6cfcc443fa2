/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-questionnaires.h: the Set-up section that edits a task's questionnaire (C18):
 * its questions in order (label, type, required, choices), added, moved, removed, saved in
 * one PUT with the questionnaire's version (question ids stay). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_SETUP_QUESTIONNAIRES (wcc_setup_questionnaires_get_type ())
G_DECLARE_FINAL_TYPE (WccSetupQuestionnaires, wcc_setup_questionnaires, WCC, SETUP_QUESTIONNAIRES, AdwBin)

void     wcc_setup_questionnaires_set_session (WccSetupQuestionnaires *self,
                                               WccSession             *session);
/* The version of the questionnaire shown (0: the task has none yet, or not loaded). */
gint64   wcc_setup_questionnaires_get_version (WccSetupQuestionnaires *self);

G_END_DECLS
