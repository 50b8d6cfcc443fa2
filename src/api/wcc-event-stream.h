/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-event-stream.h: the server's WebSocket event stream, resumed across reconnects. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-client.h"

G_BEGIN_DECLS

#define WCC_TYPE_EVENT_STREAM (wcc_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (WccEventStream, wcc_event_stream, WCC, EVENT_STREAM, GObject)

/* Signals:
 *   event (const char *type, gint64 seq, JsonNode *data): one server event, in order;
 *   resync (): events were lost (the server restarted or forgot them): reload state;
 *   session-ended (): the server ended the session (logout elsewhere, expiry, password
 *                     reset): the stream has stopped; log in again.
 * Property "connected" follows the WebSocket. After a drop the stream reconnects by
 * itself, 1 s after the first failure, doubling up to 30 s, and asks for what it missed. */

WccEventStream *wcc_event_stream_new            (WccClient      *client);

void            wcc_event_stream_start          (WccEventStream *self);
/* Closes the connection and stops reconnecting; start() later resumes where it stopped. */
void            wcc_event_stream_stop           (WccEventStream *self);
/* Drops the current connection and connects again at once (e.g. after a network change). */
void            wcc_event_stream_reconnect      (WccEventStream *self);

gboolean        wcc_event_stream_get_connected  (WccEventStream *self);
/* Also hear "presence.changed" (unnumbered, seq 0 in the "event" signal: live only). */
void            wcc_event_stream_set_presence   (WccEventStream *self,
                                                 gboolean        presence);
gint64          wcc_event_stream_get_last_seq   (WccEventStream *self);
const char     *wcc_event_stream_get_epoch      (WccEventStream *self);

G_END_DECLS
