/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server.h: one running wcc-server: data folder, store, HTTP API, events, housekeeping. */
#pragma once

#include <glib-object.h>

#include "wcc-acd.h"
#include "wcc-config.h"
#include "wcc-event-hub.h"
#include "wcc-server-acd.h"
#include "wcc-store.h"

G_BEGIN_DECLS

#define WCC_TYPE_SERVER (wcc_server_get_type ())
G_DECLARE_FINAL_TYPE (WccServer, wcc_server, WCC, SERVER, GObject)

/* Takes @config. */
WccServer   *wcc_server_new        (WccConfig  *config);
/* Prepares the data folder and database (with the demo data when asked) and listens. */
gboolean     wcc_server_start      (WccServer  *self,
                                    GError    **error);
void         wcc_server_stop       (WccServer  *self);
char        *wcc_server_get_url    (WccServer  *self);
/* "sip:ADDR:PORT" once started. */
char        *wcc_server_get_sip_uri (WccServer *self);
/* "sips:ADDR:PORT" when SIP over TLS is on, else NULL. */
char        *wcc_server_get_sips_uri (WccServer *self);
WccStore    *wcc_server_get_store  (WccServer  *self);
WccEventHub *wcc_server_get_hub    (WccServer  *self);
/* The call queues and agent states, once started: the SIP layer drives them (enqueue,
 * offers, registrations, calls) and listens to "offer-call" / "cancel-offer". */
WccAcd      *wcc_server_get_acd    (WccServer  *self);
/* What keeps that ACD in step with the store and the event stream (ensure_agent, …). */
WccServerAcd *wcc_server_get_acd_owner (WccServer *self);

/* Creates @data_dir (mode 0700) if needed and checks that files can be made in it. */
gboolean     wcc_server_prepare_data_dir (const char  *data_dir,
                                          GError     **error);
/* Takes the data folder for this process (an exclusive lock on `wcc-server.lock` in it,
 * which the kernel lets go when the process ends, however it ends): one server per data
 * folder, and no restore under a running one. Returns the lock's file descriptor (keep it
 * open), or -1 with @error (another process holds it: G_IO_ERROR_BUSY). */
int          wcc_server_lock_data_dir    (const char  *data_dir,
                                          GError     **error);

G_END_DECLS
