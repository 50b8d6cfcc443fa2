/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-import.h: the Set-up section that imports customers from a CSV file into a
 * package (and optionally a task's pool): a progress bar that follows the server's job,
 * then a report of what was created, skipped and rejected, the rejected lines listed with
 * their numbers and reasons, to copy or save as CSV. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_SETUP_IMPORT (wcc_setup_import_get_type ())
G_DECLARE_FINAL_TYPE (WccSetupImport, wcc_setup_import, WCC, SETUP_IMPORT, AdwBin)

/* Loads the packages and tasks to choose from. */
void          wcc_setup_import_set_session (WccSetupImport *self,
                                            WccSession     *session);
/* The file to import (what "Choose…" sets). */
void          wcc_setup_import_set_file    (WccSetupImport *self,
                                            GFile          *file);
/* Writes the last import's rejected lines to @file as CSV ("Save as CSV…" does this with
 * the file chosen); a failure is shown in the section. */
void          wcc_setup_import_export_to   (WccSetupImport *self,
                                            GFile          *file);
/* The import under way or last run, NULL before the first. */
WccImportJob *wcc_setup_import_get_job     (WccSetupImport *self);

G_END_DECLS
