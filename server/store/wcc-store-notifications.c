/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-notifications.c: the store's queries for notifications (S13). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"

void
wcc_store_notification_free (WccStoreNotification *notification)
{
  if (notification == NULL)
    return;
  g_free (notification->kind);
  g_free (notification->title);
  g_free (notification->body);
  g_free (notification->ref_type);
  g_free (notification);
}

#define NOTIFICATION_COLUMNS \
  "id, client_id, user_id, kind, title, body, ref_type, ref_id, customer_id, read_at, created_at" \
  " FROM notifications"

static WccStoreNotification *
read_notification_row (sqlite3_stmt *stmt)
{
  WccStoreNotification *notification = g_new0 (WccStoreNotification, 1);

  notification->id = sqlite3_column_int64 (stmt, 0);
  notification->client_id = sqlite3_column_int64 (stmt, 1);
  notification->user_id = sqlite3_column_int64 (stmt, 2);
  notification->kind = wcc_store_column_strdup (stmt, 3);
  notification->title = wcc_store_column_strdup (stmt, 4);
  notification->body = wcc_store_column_strdup (stmt, 5);
  notification->ref_type = wcc_store_column_strdup (stmt, 6);
  notification->ref_id = sqlite3_column_int64 (stmt, 7);
  notification->customer_id = sqlite3_column_int64 (stmt, 8);
  notification->read_at = sqlite3_column_int64 (stmt, 9);
  notification->created_at = sqlite3_column_int64 (stmt, 10);
  return notification;
}

gint64
wcc_store_notification_add (WccStore                    *self,
                            const WccStoreNotification  *notification,
                            GError                     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (notification != NULL && notification->kind != NULL, 0);

  /* The user must be of the client: a notification never crosses tenants. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO notifications (client_id, user_id, kind, title, body,"
                                                    " ref_type, ref_id, customer_id, created_at)"
                                                    " SELECT client_id, id, ?, ?, ?, ?, nullif(?, 0), nullif(?, 0), ?"
                                                    " FROM users WHERE client_id = ? AND id = ?;",
                                                    "ssssiiiii", notification->kind,
                                                    notification->title ? notification->title : "",
                                                    notification->body ? notification->body : "",
                                                    notification->ref_type ? notification->ref_type : "",
                                                    notification->ref_id, notification->customer_id,
                                                    g_get_real_time () / G_USEC_PER_SEC, notification->client_id,
                                                    notification->user_id),
                            _("Cannot save the notification"), error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such user"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

WccStoreNotification *
wcc_store_notification_find (WccStore *self,
                             gint64    client_id,
                             gint64    user_id,
                             gint64    notification_id)
{
  WccStoreNotification *notification = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " NOTIFICATION_COLUMNS " WHERE client_id = ? AND user_id = ? AND id = ?;",
                                 "iii", client_id, user_id, notification_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    notification = read_notification_row (stmt);
  sqlite3_reset (stmt);
  return notification;
}

GPtrArray *
wcc_store_notification_list (WccStore *self,
                             gint64    client_id,
                             gint64    user_id,
                             gboolean  unread_only,
                             gint64    before_id,
                             guint     limit)
{
  GPtrArray *notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_notification_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), notifications);

  stmt = wcc_store_prepare_bind (self, "SELECT " NOTIFICATION_COLUMNS " WHERE user_id = ? AND client_id = ?"
                                 " AND (?3 = 0 OR read_at IS NULL) AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?;",
                                 "iiiii", user_id, client_id, (gint64) (unread_only ? 1 : 0), before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (notifications, read_notification_row (stmt));
  sqlite3_reset (stmt);
  return notifications;
}

gint64
wcc_store_notification_count_unread (WccStore *self,
                                     gint64    client_id,
                                     gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self, "SELECT count(*) FROM notifications WHERE user_id = ?"
                                                      " AND client_id = ? AND read_at IS NULL;",
                                                      "ii", user_id, client_id),
                              0);
}

gboolean
wcc_store_notification_mark_read (WccStore  *self,
                                  gint64     client_id,
                                  gint64     user_id,
                                  gint64     notification_id,
                                  gint64    *out_changed,
                                  GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (notification_id != 0)
    {
      g_autoptr(WccStoreNotification) found = wcc_store_notification_find (self, client_id, user_id, notification_id);

      if (found == NULL)
        return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such notification"));
    }
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE notifications SET read_at = ? WHERE user_id = ?"
                                                    " AND client_id = ? AND read_at IS NULL AND (?4 = 0 OR id = ?4);",
                                                    "iiii", g_get_real_time () / G_USEC_PER_SEC, user_id, client_id,
                                                    notification_id),
                            _("Cannot mark the notifications read"), error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = sqlite3_changes (wcc_store_get_db (self));
  return TRUE;
}
