/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-client.h: typed asynchronous calls to the wcc-server HTTP API. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-user.h"

G_BEGIN_DECLS

#define WCC_TYPE_CLIENT (wcc_client_get_type ())
G_DECLARE_FINAL_TYPE (WccClient, wcc_client, WCC, CLIENT, GObject)

/* Errors are WCC_ERROR with the server's code and message; a server that cannot be reached
 * gives WCC_ERROR_UNREACHABLE, a reply that makes no sense WCC_ERROR_PROTOCOL. */

/* @base_url: "http://host:port" (a missing scheme means http). */
WccClient   *wcc_client_new                        (const char  *base_url);

const char  *wcc_client_get_base_url               (WccClient   *self);
SoupSession *wcc_client_get_session                (WccClient   *self);
const char  *wcc_client_get_token                  (WccClient   *self);
/* The logged-in user (NULL before login); calls that return the own user update it in place. */
WccUser     *wcc_client_get_user                   (WccClient   *self);
/* Set by a login answer that carries a challenge (challenge_required, challenge_failed, or
 * invalid_credentials when the next try needs one); cleared by one that does not. */
const char  *wcc_client_get_pending_challenge_id   (WccClient   *self);
const char  *wcc_client_get_pending_challenge_url  (WccClient   *self);
/* Seconds, after an account_locked answer. */
guint        wcc_client_get_retry_after            (WccClient   *self);
/* An absolute URL for a server path such as "/api/v1/me". */
char        *wcc_client_build_url                  (WccClient   *self,
                                                    const char  *path);

void         wcc_client_login_async                (WccClient           *self,
                                                    const char          *account,
                                                    const char          *password,
                                                    const char          *challenge_id,
                                                    const char          *challenge_answer,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
WccUser     *wcc_client_login_finish               (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void         wcc_client_logout_async               (WccClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean     wcc_client_logout_finish              (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void         wcc_client_get_me_async               (WccClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
WccUser     *wcc_client_get_me_finish              (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Any argument may be NULL (left unchanged); @password needs @current_password. */
void         wcc_client_update_me_async            (WccClient           *self,
                                                    const char          *surname,
                                                    const char          *given_name,
                                                    const char          *password,
                                                    const char          *current_password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
WccUser     *wcc_client_update_me_finish           (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void         wcc_client_set_avatar_async           (WccClient           *self,
                                                    GBytes              *jpeg,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
WccUser     *wcc_client_set_avatar_finish          (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void         wcc_client_delete_avatar_async        (WccClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
WccUser     *wcc_client_delete_avatar_finish       (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Asks for another challenge picture; the pending challenge becomes the new one. */
void         wcc_client_new_challenge_async  (WccClient           *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     wcc_client_new_challenge_finish (WccClient           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* @challenge_id NULL means the pending one. Gives the PNG bytes. */
void         wcc_client_fetch_challenge_image_async  (WccClient           *self,
                                                      const char          *challenge_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes      *wcc_client_fetch_challenge_image_finish (WccClient           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The JPEG bytes of @user's avatar; WCC_ERROR_NOT_FOUND when the user has none. */
void         wcc_client_fetch_avatar_async         (WccClient           *self,
                                                    WccUser             *user,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GBytes      *wcc_client_fetch_avatar_finish        (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* A GListModel of WccGroup, with their members. */
void         wcc_client_list_groups_async          (WccClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GListModel  *wcc_client_list_groups_finish         (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* One of the client's pause reasons (GET /api/v1/pause-reasons). The automatic one is what
 * the server sets after missed offers: agents cannot choose it. */
typedef struct {
  gint64    id;
  char     *label;
  int       position;
  gboolean  automatic;
} WccPauseReason;

void         wcc_pause_reason_free                 (WccPauseReason      *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccPauseReason, wcc_pause_reason_free)

/* The client's pause reasons in their order: a GPtrArray of WccPauseReason (owning them). */
void         wcc_client_list_pause_reasons_async   (WccClient           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray   *wcc_client_list_pause_reasons_finish  (WccClient           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The SIP account the desktop's softphone registers with (POST /api/v1/me/sip-account): a
 * password of this login session only, new on every call (the previous one stops working).
 * Keep it in memory only; wcc_sip_account_free() wipes the password. */
typedef struct {
  char   *username;
  char   *domain;
  char   *password;
  char   *registrar;       /* "sip:HOST:PORT" */
  char   *registrar_tls;   /* "sips:HOST:PORT" or NULL */
  gint64  expires_at;      /* Unix seconds; 0 when the server did not say */
} WccSipAccount;

void           wcc_sip_account_free               (WccSipAccount       *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccSipAccount, wcc_sip_account_free)

/* WCC_ERROR_UNAVAILABLE when the server runs without SIP. */
void           wcc_client_get_sip_account_async   (WccClient           *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
WccSipAccount *wcc_client_get_sip_account_finish  (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Who is calling, for the screen pop before answering: the first customer the user sees
 * with that full number (GET /customers/by-phone), with its pinned notes, approved pop-up
 * warnings and open tickets. */
typedef struct {
  gint64   customer_id;
  char    *label;            /* the customer's tab label (company, else name, else number) */
  char    *name;             /* surname and given name, "" when none */
  char    *company;          /* "" when none */
  gint64   last_contact_at;  /* Unix seconds, 0: never */
  GStrv    pinned_notes;
  GStrv    warnings;         /* approved pop-up warnings (C9) */
  GStrv    open_tickets;     /* titles of the customer's tickets with no result yet (C11) */
  guint    n_matches;        /* customers with this number (the first one is shown) */
} WccCaller;

void           wcc_caller_free                    (WccCaller           *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccCaller, wcc_caller_free)

/* WCC_ERROR_NOT_FOUND when no customer the user sees has @number. */
void           wcc_client_lookup_caller_async     (WccClient           *self,
                                                   const char          *number,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
WccCaller     *wcc_client_lookup_caller_finish    (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Any read of the API: GET @path ("/api/v1/…", its query escaped by the caller) → the JSON
 * object answered (pages use the typed models of src/api; this is what they are built on). */
void           wcc_client_get_object_async        (WccClient           *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject    *wcc_client_get_object_finish       (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Every item of a cursor list (`{items, next}`, docs/api.md): @path's pages read one after
 * the other, following `next` (@path may have a query, e.g. "?limit=200"). */
void           wcc_client_get_all_items_async     (WccClient           *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonArray     *wcc_client_get_all_items_finish    (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Any upload of the API: @method ("POST", "PUT") @path with @bytes as the body of
 * @content_type → the JSON object answered; finish with wcc_client_get_object_finish().
 * Not through the outbox (binary): the caller tells the user when it fails. */
void           wcc_client_send_bytes_async        (WccClient           *self,
                                                   const char          *method,
                                                   const char          *path,
                                                   GBytes              *bytes,
                                                   const char          *content_type,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* A write sent at once, never through the outbox (which stores its bodies) and never
 * retried: a body that holds a secret (a password), or live figures worthless once late
 * (the monitor's call quality, R5). → the JSON object answered ({} for an empty answer). */
void           wcc_client_send_now_async       (WccClient           *self,
                                                   const char          *method,
                                                   const char          *path,
                                                   JsonObject          *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject    *wcc_client_send_now_finish      (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Call recordings (C15). @path: a contact record's "recording_url" (/api/v1/calls/{id}/recording)
 * → the Ogg/Opus bytes; WCC_ERROR_NOT_FOUND when there is none or the user may not hear it. */
void           wcc_client_fetch_recording_async   (WccClient           *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes        *wcc_client_fetch_recording_finish  (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* PUT /calls/{@call_id}/recording with the file's bytes (an agent on the call; the same
 * uploader replaces it) → the Recording object. Binary, so not through the outbox: the
 * caller retries when the server cannot be reached (WCC_ERROR_UNREACHABLE, 5xx). */
void           wcc_client_upload_recording_async  (WccClient           *self,
                                                   gint64               call_id,
                                                   GBytes              *ogg,
                                                   guint                duration,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject    *wcc_client_upload_recording_finish (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Knowledge base (S10–S12). Reads other than these go through wcc_client_get_object_async()
 * with the paths of docs/api.md (/api/v1/kb/home, /kb/items/{id}, /kb/items?mine=1,
 * /kb/history, /kb/categories). */
/* Files larger than this are refused by the server (413): the client checks first. */
#define WCC_KB_ATTACHMENT_MAX_BYTES (16 * 1024 * 1024)
/* GET /kb/search?q=@query (&category=@category_id unless 0) → {"items": [Hit], "next"}. */
void           wcc_client_kb_search_async         (WccClient           *self,
                                                   const char          *query,
                                                   gint64               category_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* GET /search?q=@query (S10) → {"customers": [Customer], "knowledge": [Hit]}. */
void           wcc_client_quick_search_async      (WccClient           *self,
                                                   const char          *query,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Both finish with wcc_client_get_object_finish(). */

/* The user opened the item: POST /kb/history (S11: the history holds opened items only). */
void           wcc_client_kb_record_opened_async  (WccClient           *self,
                                                   gint64               item_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       wcc_client_kb_record_opened_finish (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Submits a knowledge item for review (S12): reads @files (GFile, each at most
 * WCC_KB_ATTACHMENT_MAX_BYTES: else WCC_ERROR_PAYLOAD_TOO_LARGE before anything is sent),
 * POSTs @item ({"question", "keywords", "category_ids", "answer", "valid_until"}), then each
 * file as an attachment → the item as the server has it then. Binary, so not through the
 * outbox: a server that cannot be reached fails it and the user sends it again. */
void           wcc_client_kb_submit_async         (WccClient           *self,
                                                   JsonObject          *item,
                                                   GPtrArray           *files,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject    *wcc_client_kb_submit_finish        (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Any download of the API (a knowledge attachment's "url") → its bytes. */
void           wcc_client_fetch_bytes_async       (WccClient           *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes        *wcc_client_fetch_bytes_finish      (WccClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
