/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store.h: the server's SQLite database: schema migrations and every query. */
#pragma once

#include <glib-object.h>

#include "wcc-roles.h"

G_BEGIN_DECLS

#define WCC_TYPE_STORE (wcc_store_get_type ())
G_DECLARE_FINAL_TYPE (WccStore, wcc_store, WCC, STORE, GObject)

typedef struct {
  gint64    id;
  char     *name;          /* the short name in accounts: 1001@<name> */
  char     *display_name;
} WccStoreClient;

typedef struct {
  gint64    id;
  gint64    client_id;
  char     *client_name;
  char     *client_display_name;
  char     *employee_id;
  char     *surname;
  char     *given_name;
  WccRoles  roles;
  char     *password_hash;
  gboolean  has_avatar;
  gint64    version;
  gint64    updated_at;
} WccStoreUser;

typedef struct {
  gint64    group_id;
  char     *group_name;
  gint64    user_id;       /* 0 for a group without members */
  char     *employee_id;
  char     *surname;
  char     *given_name;
  gboolean  is_leader;
} WccStoreGroupMember;

typedef struct {
  gint64    id;
  gint64    user_id;
  gint64    client_id;
  gint64    expires_at;
} WccStoreSession;

void wcc_store_client_free        (WccStoreClient      *client);
void wcc_store_user_free          (WccStoreUser        *user);
void wcc_store_group_member_free  (WccStoreGroupMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreClient, wcc_store_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreUser, wcc_store_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreGroupMember, wcc_store_group_member_free)

int        wcc_store_latest_version      (void);
/* Opens (creating if needed) and migrates to the latest schema. */
WccStore  *wcc_store_open                (const char    *path,
                                          GError       **error);
/* Migrates no further than @max_version: for tests of upgrades. */
WccStore  *wcc_store_open_at_version     (const char    *path,
                                          int            max_version,
                                          GError       **error);
int        wcc_store_get_version         (WccStore      *self);
const char *wcc_store_get_path           (WccStore      *self);

gboolean   wcc_store_begin               (WccStore      *self,
                                          GError       **error);
gboolean   wcc_store_commit              (WccStore      *self,
                                          GError       **error);
void       wcc_store_rollback            (WccStore      *self);

/* Clients (tenants) */
gint64          wcc_store_client_create  (WccStore      *self,
                                          const char    *name,
                                          const char    *display_name,
                                          GError       **error);
WccStoreClient *wcc_store_client_find    (WccStore      *self,
                                          const char    *name);

/* Users: every lookup but the login one is scoped to a client. */
gint64          wcc_store_user_create    (WccStore      *self,
                                          gint64         client_id,
                                          const char    *employee_id,
                                          const char    *surname,
                                          const char    *given_name,
                                          WccRoles       roles,
                                          const char    *password_hash,
                                          GError       **error);
WccStoreUser   *wcc_store_user_find_by_account (WccStore *self,
                                          const char    *client_name,
                                          const char    *employee_id);
WccStoreUser   *wcc_store_user_find      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* Users of @client_id with id > @after_id, at most @limit, by id. */
GPtrArray      *wcc_store_user_list      (WccStore      *self,
                                          gint64         client_id,
                                          gint64         after_id,
                                          guint          limit);
/* NULL leaves a name as it is. @expected_version 0 skips the version check;
 * a mismatch fails with WCC_ERROR_VERSION_CONFLICT. */
gboolean        wcc_store_user_update    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *surname,
                                          const char    *given_name,
                                          const char    *password_hash,
                                          gint64         expected_version,
                                          GError       **error);
gboolean        wcc_store_user_set_roles (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          WccRoles       roles,
                                          GError       **error);
gboolean        wcc_store_user_set_sip_ha1 (WccStore    *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *ha1,
                                          GError       **error);
/* @jpeg NULL removes the avatar. */
gboolean        wcc_store_user_set_avatar (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          GBytes        *jpeg,
                                          GError       **error);
GBytes         *wcc_store_user_get_avatar (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id);

/* Agent groups */
gint64          wcc_store_group_create   (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name,
                                          GError       **error);
gint64          wcc_store_group_find     (WccStore      *self,
                                          gint64         client_id,
                                          const char    *name);
gboolean        wcc_store_group_add_member (WccStore    *self,
                                          gint64         client_id,
                                          gint64         group_id,
                                          gint64         user_id,
                                          gboolean       is_leader,
                                          GError       **error);
/* Rows of WccStoreGroupMember ordered by group name, then leaders first, then employee ID.
 * @user_id non-zero: only that user's own memberships. */
GPtrArray      *wcc_store_group_list_members (WccStore  *self,
                                          gint64         client_id,
                                          gint64         user_id);

/* Sessions: only a hash of each token is stored. */
gboolean        wcc_store_session_create (WccStore      *self,
                                          gint64         user_id,
                                          const char    *token_hash,
                                          gint64         expires_at,
                                          const char    *address,
                                          GError       **error);
gboolean        wcc_store_session_find   (WccStore      *self,
                                          const char    *token_hash,
                                          gint64         now,
                                          WccStoreSession *out);
gboolean        wcc_store_session_is_alive (WccStore    *self,
                                          gint64         session_id,
                                          gint64         now);
gboolean        wcc_store_session_delete (WccStore      *self,
                                          gint64         session_id);
guint           wcc_store_session_delete_for_user (WccStore *self,
                                          gint64         user_id,
                                          gint64         except_session_id);

/* Login attempts, locks and challenges (L2) */
/* What became of a login attempt; the numbers are stored. */
typedef enum {
  WCC_LOGIN_PENDING   = 0,  /* the password is being checked */
  WCC_LOGIN_FAILED    = 1,  /* wrong password (or unknown account) */
  WCC_LOGIN_REFUSED   = 2,  /* refused before any password check: missing or wrong challenge */
  WCC_LOGIN_SUCCEEDED = 3,
} WccLoginOutcome;

gint64          wcc_store_login_attempt_add (WccStore   *self,
                                          const char    *account,
                                          const char    *address,
                                          WccLoginOutcome outcome,
                                          gint64         at);
void            wcc_store_login_attempt_set_outcome (WccStore *self,
                                          gint64         attempt_id,
                                          WccLoginOutcome outcome);
/* Attempts of the account since @since and since its last success that did not succeed
 * (pending ones included); @checked_only leaves out those refused before a password check. */
guint           wcc_store_login_failures_for_account (WccStore *self,
                                          const char    *account,
                                          gint64         since,
                                          gboolean       checked_only);
/* Attempts from the address since @since that did not succeed. */
guint           wcc_store_login_failures_for_address (WccStore *self,
                                          const char    *address,
                                          gint64         since);
void            wcc_store_login_lock_set (WccStore      *self,
                                          const char    *account,
                                          gint64         until);
gint64          wcc_store_login_lock_get (WccStore      *self,
                                          const char    *account,
                                          gint64         now);
gboolean        wcc_store_challenge_add  (WccStore      *self,
                                          const char    *id,
                                          const char    *answer,
                                          GBytes        *png,
                                          gint64         expires_at,
                                          GError       **error);
GBytes         *wcc_store_challenge_get_image (WccStore *self,
                                          const char    *id,
                                          gint64         now);
/* Marks the challenge used and returns its answer; NULL when unknown, used or expired. */
char           *wcc_store_challenge_take (WccStore      *self,
                                          const char    *id,
                                          gint64         now);

/* Audit log */
void            wcc_store_audit          (WccStore      *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          const char    *action,
                                          const char    *detail,
                                          const char    *address);
guint           wcc_store_audit_count    (WccStore      *self,
                                          const char    *action);

/* Housekeeping: drops expired sessions, challenges, locks and day-old attempts. */
void            wcc_store_purge          (WccStore      *self,
                                          gint64         now);

G_END_DECLS
