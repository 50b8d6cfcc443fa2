/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-outbox.h: the client's offline outbox, writes waiting for the server in a local SQLite file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One waiting write. Its idempotency key is made when it is first stored and sent with
 * every try, so the server applies it once however often it is sent. */
typedef struct {
  gint64  id;               /* the order: smaller ids go first */
  char   *idempotency_key;
  char   *method;           /* "PUT", "PATCH", "POST", "DELETE" */
  char   *path;             /* "/api/v1/agent/state" */
  char   *body;             /* JSON text, or NULL */
  gint64  created_at;       /* Unix seconds */
  guint   attempts;         /* tries that got no answer (unreachable, 5xx) */
} WccOutboxEntry;

void wcc_outbox_entry_free (WccOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccOutboxEntry, wcc_outbox_entry_free)

/* A write the server refused (4xx) after it had waited in the outbox: kept, with what
 * the server said, until the agent has seen it and dismisses it. */
typedef struct {
  gint64  id;               /* of the refused write (not of the waiting one it was) */
  char   *idempotency_key;
  char   *method;
  char   *path;
  char   *body;             /* JSON text, or NULL */
  gint64  created_at;       /* Unix seconds: when the agent made it */
  gint64  refused_at;
  char   *error_code;       /* the server's code ("invalid_field"), see wcc-error.h */
  char   *reason;           /* the server's message, for the agent */
} WccRefusedWrite;

#define WCC_TYPE_REFUSED_WRITE (wcc_refused_write_get_type ())
GType            wcc_refused_write_get_type (void) G_GNUC_CONST;
WccRefusedWrite *wcc_refused_write_copy     (const WccRefusedWrite *write);
void             wcc_refused_write_free     (WccRefusedWrite       *write);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccRefusedWrite, wcc_refused_write_free)

#define WCC_TYPE_OUTBOX (wcc_outbox_get_type ())
G_DECLARE_FINAL_TYPE (WccOutbox, wcc_outbox, WCC, OUTBOX, GObject)

/* Properties "size" (uint): how many writes wait; "refused" (uint): how many refused
 * writes are kept (wcc_outbox_list_refused()). */

/* g_get_user_data_dir()/wcc-desktop/outbox-HOST_PORT-ACCOUNT.sqlite: one outbox per server
 * and account, so a write never goes to another server or as another user. */
char           *wcc_outbox_default_path (const char  *base_url,
                                         const char  *account);

/* The path of an outbox kept in memory only (when the data folder cannot be written). */
#define WCC_OUTBOX_IN_MEMORY ":memory:"

/* Opens (or creates, owner-only) the file: WAL, schema version in PRAGMA user_version.
 * A file from a newer version is refused, never changed. */
WccOutbox      *wcc_outbox_open         (const char  *path,
                                         GError     **error);

const char     *wcc_outbox_get_path     (WccOutbox   *self);
guint           wcc_outbox_get_size     (WccOutbox   *self);
guint           wcc_outbox_get_refused  (WccOutbox   *self);

/* Stores a write at the end with a fresh key (a random UUID). @body must be a JSON object
 * without secrets: a member named like a password or token anywhere in it is refused
 * (WCC_ERROR_INVALID_FIELD), the file is not the place for them. */
WccOutboxEntry *wcc_outbox_push         (WccOutbox   *self,
                                         const char  *method,
                                         const char  *path,
                                         const char  *body,
                                         GError     **error);
/* The oldest waiting write, NULL when none. */
WccOutboxEntry *wcc_outbox_peek         (WccOutbox   *self);
/* Every waiting write, oldest first (of WccOutboxEntry). */
GPtrArray      *wcc_outbox_list         (WccOutbox   *self);
/* Once the server answered it (applied or refused). */
gboolean        wcc_outbox_remove       (WccOutbox   *self,
                                         gint64       id,
                                         GError     **error);
/* A try that got no answer. */
gboolean        wcc_outbox_count_attempt (WccOutbox  *self,
                                          gint64      id,
                                          GError    **error);

/* The server refused the waiting write @id: it moves, in one transaction, to the refused
 * writes with the server's @error_code and @reason. Returns the refused write. */
WccRefusedWrite *wcc_outbox_refuse      (WccOutbox   *self,
                                         gint64       id,
                                         const char  *error_code,
                                         const char  *reason,
                                         GError     **error);
/* The refused writes kept, oldest first (of WccRefusedWrite). */
GPtrArray      *wcc_outbox_list_refused (WccOutbox   *self);
/* The agent has seen the refused write @id (by its WccRefusedWrite id) and lets it go. */
gboolean        wcc_outbox_dismiss_refused (WccOutbox *self,
                                         gint64       id,
                                         GError     **error);

G_END_DECLS
