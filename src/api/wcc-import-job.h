/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-import-job.h: a customer CSV import (POST /packages/{id}/imports) followed to its end
 * from the event stream: import.progress while it runs, import.finished, then the job's
 * rejected and skipped lines. */
#pragma once

#include "wcc-session.h"

G_BEGIN_DECLS

typedef enum {
  WCC_IMPORT_READING,     /* the file is read (off the main loop) */
  WCC_IMPORT_UPLOADING,   /* sent to the server */
  WCC_IMPORT_RUNNING,     /* the server imports it: "progress" grows */
  WCC_IMPORT_DONE,        /* "created", "skipped", "rejected" and the lines are final */
  WCC_IMPORT_FAILED,      /* "message" says why */
} WccImportState;

/* One line of the file the server did not import. */
typedef struct {
  guint     line;         /* where it starts in the file, 1 = the header */
  gboolean  rejected;     /* FALSE: skipped (its phone number is in the package already) */
  char     *reason;
} WccImportLine;

#define WCC_TYPE_IMPORT_JOB (wcc_import_job_get_type ())
G_DECLARE_FINAL_TYPE (WccImportJob, wcc_import_job, WCC, IMPORT_JOB, GObject)

/* Properties (notify): "state" (WccImportState as uint), "progress" (double 0–1),
 * "created", "skipped", "rejected" (uint), "message" (string: why it failed, else the
 * server's), "job-id" (int64, 0 until the server answered). */

/* Reads @file and imports it into @package_id (its task @task_id's pool unless 0). */
WccImportJob  *wcc_import_job_new          (WccSession   *session,
                                            GFile        *file,
                                            gint64        package_id,
                                            gint64        task_id);
WccImportState wcc_import_job_get_state    (WccImportJob *self);
double         wcc_import_job_get_progress (WccImportJob *self);
guint          wcc_import_job_get_created  (WccImportJob *self);
guint          wcc_import_job_get_skipped  (WccImportJob *self);
guint          wcc_import_job_get_rejected (WccImportJob *self);
const char    *wcc_import_job_get_message  (WccImportJob *self);
gint64         wcc_import_job_get_id       (WccImportJob *self);
/* The rejected and skipped lines (the server's first 1000) once done: WccImportLine. */
GPtrArray     *wcc_import_job_get_lines    (WccImportJob *self);
/* The rejected lines as CSV ("line,reason"), for the clipboard or a file. */
char          *wcc_import_job_rejected_csv (WccImportJob *self);
/* Stops following it (the server's job goes on). */
void           wcc_import_job_cancel       (WccImportJob *self);

G_END_DECLS
