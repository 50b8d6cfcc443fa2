/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-recording-uploads.h: call recordings waiting for the server, kept in a local SQLite file across restarts. */
#pragma once

#include "wcc-client.h"

G_BEGIN_DECLS

/* A recording no contact record asked for (or whose call the server never named) is
 * removed, with its file, this many days after it was made. */
#define WCC_RECORDING_RETENTION_DAYS 7

#define WCC_TYPE_RECORDING_UPLOADS (wcc_recording_uploads_get_type ())
G_DECLARE_FINAL_TYPE (WccRecordingUploads, wcc_recording_uploads, WCC, RECORDING_UPLOADS, GObject)

/* Property "pending" (uint): recordings kept (waiting for their call, a contact record or
 * the server).
 * Signals:
 *   uploaded (gint64 id, gint64 call_id): the server has it; its file is removed;
 *   refused (gint64 id, gint64 call_id, GError *error): the server refused it for good (a
 *       4xx other than 401) or its file is gone; the file is removed. */

/* The path of a list kept in memory only (when the data folder cannot be written). */
#define WCC_RECORDING_UPLOADS_IN_MEMORY ":memory:"

/* g_get_user_data_dir()/wcc-desktop/recordings-HOST_PORT-ACCOUNT.sqlite. */
char                *wcc_recording_uploads_default_path (const char  *base_url,
                                                         const char  *account);

/* Opens (or creates, owner-only) the list of @path; uploads go through @client. At open,
 * recordings of an earlier run count as complete (that run is over), and those past
 * WCC_RECORDING_RETENTION_DAYS that nobody asked for are removed with their files. */
WccRecordingUploads *wcc_recording_uploads_open    (WccClient            *client,
                                                    const char           *path,
                                                    GError              **error);

/* A recording about to be made at @file: the file is created empty and owner-only (the
 * recorder then writes into it). Returns its id, 0 on error. */
gint64               wcc_recording_uploads_add     (WccRecordingUploads  *self,
                                                    const char           *file,
                                                    GError              **error);
/* The server's id of its call, once known. */
void                 wcc_recording_uploads_set_call (WccRecordingUploads *self,
                                                    gint64                id,
                                                    gint64                call_id);
/* The file is complete (the call ended, the recorder stopped); @duration in seconds (0:
 * unknown). */
void                 wcc_recording_uploads_complete (WccRecordingUploads *self,
                                                    gint64                id,
                                                    guint                 duration);
/* A contact record links its call: upload it once complete and its call known. */
void                 wcc_recording_uploads_want    (WccRecordingUploads  *self,
                                                    gint64                id);

/* Uploads what is ready, one at a time, oldest first; tries again while the server cannot
 * be reached (1 s doubling to 30 s). Stop cancels; what is left stays for the next start. */
void                 wcc_recording_uploads_start   (WccRecordingUploads  *self);
void                 wcc_recording_uploads_stop    (WccRecordingUploads  *self);
/* The server is back: try now instead of at the next retry. */
void                 wcc_recording_uploads_retry_now (WccRecordingUploads *self);

guint                wcc_recording_uploads_get_pending (WccRecordingUploads *self);

G_END_DECLS
