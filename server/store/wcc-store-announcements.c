/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-announcements.c: the store's queries for announcements (S17). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"

/* Does user ?1 receive announcement a: the whole client, or a member of a group of it. */
#define RECEIVES \
  " (a.whole_client = 1 OR EXISTS (SELECT 1 FROM announcement_groups ag JOIN group_members m" \
  "  ON m.group_id = ag.group_id WHERE ag.announcement_id = a.id AND m.user_id = ?1))"

#define ANNOUNCEMENT_COLUMNS \
  "a.id, a.client_id, a.author_id, a.title, a.body, a.whole_client, a.published_at," \
  " (SELECT s.seen_at FROM announcement_seen s WHERE s.announcement_id = a.id AND s.user_id = ?1)"

void
wcc_store_announcement_free (WccStoreAnnouncement *announcement)
{
  if (announcement == NULL)
    return;
  g_free (announcement->title);
  g_free (announcement->body);
  g_clear_pointer (&announcement->group_ids, g_array_unref);
  g_free (announcement);
}

static void
read_groups (WccStore             *self,
             WccStoreAnnouncement *announcement)
{
  sqlite3_stmt *stmt = wcc_store_prepare_bind (self, "SELECT group_id FROM announcement_groups"
                                               " WHERE announcement_id = ? ORDER BY group_id;",
                                               "i", announcement->id);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (announcement->group_ids, id);
    }
  sqlite3_reset (stmt);
}

/* Reads the ANNOUNCEMENT_COLUMNS of each row (then the groups, once the rows are read). */
static GPtrArray *
read_rows (WccStore     *self,
           sqlite3_stmt *stmt,
           gboolean      counts)
{
  GPtrArray *announcements = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_announcement_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreAnnouncement *announcement = g_new0 (WccStoreAnnouncement, 1);

      announcement->id = sqlite3_column_int64 (stmt, 0);
      announcement->client_id = sqlite3_column_int64 (stmt, 1);
      announcement->author_id = sqlite3_column_int64 (stmt, 2);
      announcement->title = wcc_store_column_strdup (stmt, 3);
      announcement->body = wcc_store_column_strdup (stmt, 4);
      announcement->whole_client = sqlite3_column_int (stmt, 5) != 0;
      announcement->published_at = sqlite3_column_int64 (stmt, 6);
      announcement->seen_at = sqlite3_column_int64 (stmt, 7);
      if (counts)
        {
          announcement->recipient_count = sqlite3_column_int64 (stmt, 8);
          announcement->seen_count = sqlite3_column_int64 (stmt, 9);
        }
      announcement->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (announcements, announcement);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < announcements->len; i++)
    read_groups (self, g_ptr_array_index (announcements, i));
  return announcements;
}

gint64
wcc_store_announcement_create (WccStore      *self,
                               gint64         client_id,
                               gint64         author_id,
                               const char    *title,
                               const char    *body,
                               gboolean       whole_client,
                               const gint64  *group_ids,
                               guint          n_groups,
                               GError       **error)
{
  gboolean owned, ok;
  gint64 id = 0;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (title != NULL && body != NULL, 0);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  ok = wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO announcements (client_id, author_id, title, body,"
                                                    " whole_client, published_at) VALUES (?, nullif(?, 0), ?, ?, ?, ?);",
                                                    "iissii", client_id, author_id, title, body,
                                                    (gint64) (whole_client ? 1 : 0), g_get_real_time () / G_USEC_PER_SEC),
                            _("Cannot publish the announcement"), error);
  if (ok)
    id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
  for (guint i = 0; ok && !whole_client && i < n_groups; i++)
    {
      ok = wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR IGNORE INTO announcement_groups (announcement_id, group_id)"
                                                        " SELECT ?, id FROM agent_groups WHERE client_id = ? AND id = ?;",
                                                        "iii", id, client_id, group_ids[i]),
                                _("Cannot publish the announcement"), error);
      if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0 &&
          wcc_store_query_int (self,
                               wcc_store_prepare_bind (self, "SELECT count(*) FROM announcement_groups"
                                                       " WHERE announcement_id = ? AND group_id = ?;",
                                                       "ii", id, group_ids[i]), 0) == 0)
        ok = wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("“group_ids” must be groups of your client"));
    }
  if (!wcc_store_finish_owned (self, owned, ok, error))
    return 0;
  return id;
}

WccStoreAnnouncement *
wcc_store_announcement_find (WccStore *self,
                             gint64    client_id,
                             gint64    announcement_id,
                             gint64    user_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  rows = read_rows (self,
                    wcc_store_prepare_bind (self, "SELECT " ANNOUNCEMENT_COLUMNS " FROM announcements a"
                                            " WHERE a.client_id = ?2 AND a.id = ?3 AND (a.author_id = ?1 OR" RECEIVES ");",
                                            "iii", user_id, client_id, announcement_id),
                    FALSE);
  return rows->len > 0 ? g_ptr_array_steal_index (rows, 0) : NULL;
}

GPtrArray *
wcc_store_announcement_list (WccStore *self,
                             gint64    client_id,
                             gint64    user_id,
                             gboolean  unseen_only,
                             gint64    before_id,
                             guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_rows (self,
                    wcc_store_prepare_bind (self, "SELECT " ANNOUNCEMENT_COLUMNS " FROM announcements a"
                                            " WHERE a.client_id = ?2 AND" RECEIVES " AND (?3 = 0 OR id < ?3)"
                                            " AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM announcement_seen s"
                                            "  WHERE s.announcement_id = a.id AND s.user_id = ?1))"
                                            " ORDER BY a.id DESC LIMIT ?5;",
                                            "iiiii", user_id, client_id, before_id, (gint64) (unseen_only ? 1 : 0),
                                            (gint64) limit),
                    FALSE);
}

GPtrArray *
wcc_store_announcement_list_published (WccStore *self,
                                       gint64    client_id,
                                       gint64    author_id,
                                       gint64    before_id,
                                       guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_rows (self,
                    wcc_store_prepare_bind (self, "SELECT " ANNOUNCEMENT_COLUMNS ","
                                            " CASE WHEN a.whole_client THEN (SELECT count(*) FROM users u"
                                            "  WHERE u.client_id = a.client_id)"
                                            "  ELSE (SELECT count(DISTINCT m.user_id) FROM announcement_groups ag"
                                            "  JOIN group_members m ON m.group_id = ag.group_id"
                                            "  WHERE ag.announcement_id = a.id) END,"
                                            " (SELECT count(*) FROM announcement_seen s WHERE s.announcement_id = a.id)"
                                            " FROM announcements a WHERE a.author_id = ?1 AND a.client_id = ?2"
                                            " AND (?3 = 0 OR a.id < ?3) ORDER BY a.id DESC LIMIT ?4;",
                                            "iiii", author_id, client_id, before_id, (gint64) limit),
                    TRUE);
}

gboolean
wcc_store_announcement_mark_seen (WccStore  *self,
                                  gint64     client_id,
                                  gint64     announcement_id,
                                  gint64     user_id,
                                  GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT OR IGNORE INTO announcement_seen (announcement_id, user_id, seen_at)"
                                                    " SELECT a.id, ?1, ?4 FROM announcements a"
                                                    " WHERE a.client_id = ?2 AND a.id = ?3 AND" RECEIVES ";",
                                                    "iiii", user_id, client_id, announcement_id,
                                                    g_get_real_time () / G_USEC_PER_SEC),
                            _("Cannot mark the announcement seen"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0 ||
      wcc_store_query_int (self,
                           wcc_store_prepare_bind (self, "SELECT count(*) FROM announcement_seen"
                                                   " WHERE announcement_id = ? AND user_id = ?;",
                                                   "ii", announcement_id, user_id), 0) > 0)
    return TRUE;
  return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such announcement"));
}

GArray *
wcc_store_announcement_recipients (WccStore *self,
                                   gint64    client_id,
                                   gint64    announcement_id)
{
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), users);

  stmt = wcc_store_prepare_bind (self, "SELECT u.id FROM users u JOIN announcements a ON a.client_id = u.client_id"
                                 " WHERE a.client_id = ?1 AND a.id = ?2 AND (a.whole_client = 1 OR EXISTS"
                                 "  (SELECT 1 FROM announcement_groups ag JOIN group_members m ON m.group_id = ag.group_id"
                                 "  WHERE ag.announcement_id = a.id AND m.user_id = u.id)) ORDER BY u.id;",
                                 "ii", client_id, announcement_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (users, id);
    }
  sqlite3_reset (stmt);
  return users;
}
