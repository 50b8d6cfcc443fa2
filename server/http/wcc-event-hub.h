/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-event-hub.h: the event stream: numbered events per client, WebSocket fan-out, resume. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define WCC_TYPE_EVENT_HUB (wcc_event_hub_get_type ())
G_DECLARE_FINAL_TYPE (WccEventHub, wcc_event_hub, WCC, EVENT_HUB, GObject)

/* @buffer_size: how many recent events per client a reconnecting stream can catch up on. */
WccEventHub *wcc_event_hub_new            (guint                    buffer_size);
const char  *wcc_event_hub_get_epoch      (WccEventHub             *self);
gint64       wcc_event_hub_get_seq        (WccEventHub             *self,
                                           gint64                   client_id);

/* Takes a WebSocket of an authenticated session. @after_seq < 0: no resume asked.
 * @presence: the stream also hears "presence.changed" (unnumbered). */
void         wcc_event_hub_attach         (WccEventHub             *self,
                                           SoupWebsocketConnection *connection,
                                           gint64                   client_id,
                                           gint64                   user_id,
                                           gint64                   session_id,
                                           const char              *epoch,
                                           gint64                   after_seq,
                                           gboolean                 presence);

/* Presence (S14): does @user_id have an event stream now? */
gboolean     wcc_event_hub_is_online      (WccEventHub             *self,
                                           gint64                   user_id);

/* Publishes to every stream of @client_id, or only to @user_id's when it is non-zero.
 * Takes @data. Returns the event's seq. */
gint64       wcc_event_hub_publish        (WccEventHub             *self,
                                           gint64                   client_id,
                                           gint64                   user_id,
                                           const char              *type,
                                           JsonNode                *data);

/* Publishes one event to the streams of @user_ids (sorted, each once) of @client_id: one
 * seq, serialised once, however many users. Nothing when @n_users is 0 (returns 0).
 * Takes @data. Returns the event's seq. */
gint64       wcc_event_hub_publish_to_users (WccEventHub           *self,
                                           gint64                   client_id,
                                           const gint64            *user_ids,
                                           guint                    n_users,
                                           const char              *type,
                                           JsonNode                *data);

/* Closes the streams of a session that ended (logout, expiry). */
void         wcc_event_hub_close_session  (WccEventHub             *self,
                                           gint64                   session_id);
/* Closes the streams of @user_id's other sessions (their password changed). */
void         wcc_event_hub_close_user_sessions (WccEventHub        *self,
                                           gint64                   user_id,
                                           gint64                   except_session_id);
typedef gboolean (*WccSessionCheck) (gint64 session_id, gpointer user_data);
/* Closes every stream whose session @is_alive says is gone (expired, ended elsewhere). */
void         wcc_event_hub_close_dead_sessions (WccEventHub        *self,
                                           WccSessionCheck          is_alive,
                                           gpointer                 user_data);
guint        wcc_event_hub_count_streams  (WccEventHub             *self);
void         wcc_event_hub_close_all      (WccEventHub             *self);

G_END_DECLS
