/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-notifications.h: the store's notifications (S13): what a user is told of —
 * review outcomes, reassigned appointments, new to-dos — read or unread. Any feature adds
 * one with wcc_store_notification_add (). Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    user_id;       /* who is told */
  char     *kind;          /* "note.approved", "note.rejected", "number_request.approved",
                            * "number_request.rejected", "appointment.assigned", "todo.assigned",
                            * … (free text: the client shows its own heading for the kinds it
                            * knows, else the title) */
  char     *title;         /* a heading for clients that do not know the kind */
  char     *body;
  char     *ref_type;      /* what it is about: "note", "number_request", "appointment",
                            * "todo", …; "" for nothing */
  gint64    ref_id;        /* 0: none */
  gint64    customer_id;   /* the customer to open; 0: none */
  gint64    read_at;       /* 0: unread */
  gint64    created_at;
} WccStoreNotification;

void wcc_store_notification_free (WccStoreNotification *notification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreNotification, wcc_store_notification_free)

/* Adds @notification (its client_id, user_id, kind, title, body, ref_type, ref_id,
 * customer_id; NULL texts are "") for its user, inside the caller's transaction if one is
 * open. Returns its id, 0 on error. */
gint64          wcc_store_notification_add (WccStore    *self,
                                          const WccStoreNotification *notification,
                                          GError       **error);
/* @user_id's notification, else NULL (another user's or another client's). */
WccStoreNotification *wcc_store_notification_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         notification_id);
/* Newest first, with id < @before_id (0: from the newest); @unread_only. */
GPtrArray      *wcc_store_notification_list (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gboolean       unread_only,
                                          gint64         before_id,
                                          guint          limit);
gint64          wcc_store_notification_count_unread (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* Marks one (@notification_id) or all (0) of @user_id's unread notifications read; how
 * many changed in *@out_changed. One not the user's: WCC_ERROR_NOT_FOUND. */
gboolean        wcc_store_notification_mark_read (WccStore *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         notification_id,
                                          gint64        *out_changed,
                                          GError       **error);

G_END_DECLS
