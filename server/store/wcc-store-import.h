/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-import.h: the store's customer imports: jobs with their progress and the lines
 * they rejected or skipped, and the look-ups an import needs. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef enum {
  WCC_IMPORT_RUNNING,
  WCC_IMPORT_DONE,
  WCC_IMPORT_FAILED,
} WccImportState;

typedef struct {
  guint   line;
  gboolean rejected;           /* else skipped */
  char   *reason;
} WccStoreImportLine;

typedef struct {
  gint64          id;
  gint64          client_id;
  gint64          user_id;
  gint64          package_id;
  gint64          task_id;      /* 0: none */
  WccImportState  state;
  gint64          lines_done;
  gint64          created;
  gint64          skipped;
  gint64          rejected;
  double          progress;     /* 0 to 1, of the file's bytes */
  char           *message;      /* why it failed */
  gint64          created_at;
  gint64          finished_at;  /* 0: running */
  GPtrArray      *lines;        /* of WccStoreImportLine, by line (the first ones) */
} WccStoreImportJob;

void wcc_store_import_line_free (WccStoreImportLine *line);
void wcc_store_import_job_free  (WccStoreImportJob  *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreImportJob, wcc_store_import_job_free)

/* "running", "done", "failed". */
const char     *wcc_import_state_to_string (WccImportState state);

gint64          wcc_store_import_job_create (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         package_id,
                                          gint64         task_id,
                                          GError       **error);
/* Adds a batch's counts and lines (of WccStoreImportLine) to the job; inside the batch's
 * transaction, so that what it says and what was written commit together. */
gboolean        wcc_store_import_job_progress (WccStore *self,
                                          gint64         job_id,
                                          gint64         lines_done,
                                          gint64         created,
                                          gint64         skipped,
                                          double         progress,
                                          GPtrArray     *lines,
                                          GError       **error);
gboolean        wcc_store_import_job_finish (WccStore   *self,
                                          gint64         job_id,
                                          WccImportState state,
                                          const char    *message,
                                          GError       **error);
/* @max_lines: how many of its rejected and skipped lines to read. */
WccStoreImportJob *wcc_store_import_job_find (WccStore  *self,
                                          gint64         client_id,
                                          gint64         job_id,
                                          guint          max_lines);
/* Jobs left running by a server that stopped: failed. */
void            wcc_store_import_jobs_abandon (WccStore *self);

/* The customer of @package_id with a phone whose normalized form is @normalized (0: none). */
gint64          wcc_store_package_phone_customer (WccStore *self,
                                          gint64         client_id,
                                          gint64         package_id,
                                          const char    *normalized);
/* A savepoint inside the caller's transaction: the writes of one line of an import, kept
 * (@keep) or undone together. */
gboolean        wcc_store_savepoint_begin (WccStore     *self,
                                          GError       **error);
void            wcc_store_savepoint_end  (WccStore      *self,
                                          gboolean       keep);
/* The client's package named @name (0: none). */
gint64          wcc_store_package_find_by_name (WccStore  *self,
                                          gint64         client_id,
                                          const char    *name);
/* The client's task named @name (0: none). */
gint64          wcc_store_task_find_by_name (WccStore     *self,
                                          gint64         client_id,
                                          const char    *name);

G_END_DECLS
