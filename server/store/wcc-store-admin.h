/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-admin.h: the client admin's set-up of people and queues (issue 9): user edits,
 * groups and their members, pause reasons. Queue settings are wcc_store_queue_update (). */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

/* Writes the names, roles and disabled flag of @user (found by its id and client_id); a
 * version other than @expected_version (when not 0) fails with WCC_ERROR_VERSION_CONFLICT. */
gboolean        wcc_store_user_edit      (WccStore             *self,
                                          const WccStoreUser   *user,
                                          gint64                expected_version,
                                          GError              **error);

/* Groups: the version is the group's (wcc_store_queue_find ()->version). A taken name fails
 * with WCC_ERROR_CONFLICT. */
gboolean        wcc_store_group_rename   (WccStore             *self,
                                          gint64                client_id,
                                          gint64                group_id,
                                          const char           *name,
                                          gint64                expected_version,
                                          GError              **error);
/* WCC_ERROR_CONFLICT while it has members or tasks. */
gboolean        wcc_store_group_check_unused (WccStore         *self,
                                          gint64                client_id,
                                          gint64                group_id,
                                          GError              **error);
/* Checks as wcc_store_group_check_unused () first. */
gboolean        wcc_store_group_delete   (WccStore             *self,
                                          gint64                client_id,
                                          gint64                group_id,
                                          GError              **error);
/* Replaces the members: @user_ids with @leaders (same length); each must be a user of the
 * client (WCC_ERROR_INVALID_FIELD otherwise, and nothing changes). Leaders get the leader
 * role. In one transaction (the caller's, when one is open). */
gboolean        wcc_store_group_set_members (WccStore          *self,
                                          gint64                client_id,
                                          gint64                group_id,
                                          const gint64         *user_ids,
                                          const gboolean       *leaders,
                                          guint                 n_members,
                                          gint64                expected_version,
                                          GError              **error);

/* Pause reasons. A new one's position: after the client's others, before the automatic one. */
int             wcc_store_pause_reason_next_position (WccStore *self,
                                          gint64                client_id);
/* Writes the label and position of @reason. */
gboolean        wcc_store_pause_reason_update (WccStore        *self,
                                          const WccStorePauseReason *reason,
                                          gint64                expected_version,
                                          GError              **error);
/* WCC_ERROR_CONFLICT for the automatic one, and while an agent is paused for it. */
gboolean        wcc_store_pause_reason_delete (WccStore        *self,
                                          gint64                client_id,
                                          gint64                reason_id,
                                          GError              **error);
/* @ids: every reason of the client, each once, in their new order (positions 10, 20 …);
 * anything else fails with WCC_ERROR_INVALID_FIELD and nothing changes. */
gboolean        wcc_store_pause_reason_reorder (WccStore       *self,
                                          gint64                client_id,
                                          const gint64         *ids,
                                          guint                 n_ids,
                                          GError              **error);

G_END_DECLS
