/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-announcements.h: the store's announcements (S17): published to the whole
 * client or to agent groups (their members when they read are the recipients), each
 * recipient's seen mark, what a publisher published. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    author_id;        /* 0: the author was deleted */
  char     *title;
  char     *body;
  gboolean  whole_client;
  GArray   *group_ids;        /* gint64, sorted; empty for the whole client */
  gint64    published_at;
  gint64    seen_at;          /* by the user it was read for; 0: not seen */
  gint64    recipient_count;  /* only from wcc_store_announcement_list_published () */
  gint64    seen_count;       /* idem */
} WccStoreAnnouncement;

void wcc_store_announcement_free (WccStoreAnnouncement *announcement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreAnnouncement, wcc_store_announcement_free)

/* Publishes to the whole client, or to @group_ids (each a group of the client, else
 * WCC_ERROR_INVALID_FIELD), in one transaction. Returns its id, 0 on error. */
gint64          wcc_store_announcement_create (WccStore  *self,
                                          gint64         client_id,
                                          gint64         author_id,
                                          const char    *title,
                                          const char    *body,
                                          gboolean       whole_client,
                                          const gint64  *group_ids,
                                          guint          n_groups,
                                          GError       **error);
/* The announcement with @user_id's seen mark, when @user_id is a recipient or its author;
 * else NULL. */
WccStoreAnnouncement *wcc_store_announcement_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         announcement_id,
                                          gint64         user_id);
/* Those @user_id receives, newest first, with id < @before_id (0: from the newest);
 * @unseen_only. */
GPtrArray      *wcc_store_announcement_list (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gboolean       unseen_only,
                                          gint64         before_id,
                                          guint          limit);
/* Those @author_id published, newest first, with how many recipients saw them. */
GPtrArray      *wcc_store_announcement_list_published (WccStore *self,
                                          gint64         client_id,
                                          gint64         author_id,
                                          gint64         before_id,
                                          guint          limit);
/* Marks it seen by @user_id (once; again changes nothing); WCC_ERROR_NOT_FOUND unless
 * @user_id receives it. */
gboolean        wcc_store_announcement_mark_seen (WccStore *self,
                                          gint64         client_id,
                                          gint64         announcement_id,
                                          gint64         user_id,
                                          GError       **error);
/* Its recipients now (user ids, sorted). */
GArray         *wcc_store_announcement_recipients (WccStore *self,
                                          gint64         client_id,
                                          gint64         announcement_id);

G_END_DECLS
