/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-auto-dialer.h: auto-dial (C25): calls a list of customers one after another, with a countdown between calls. */
#pragma once

#include <gio/gio.h>

#include "wcc-api.h"

G_BEGIN_DECLS

typedef enum {
  WCC_AUTO_DIAL_IDLE,        /* not started */
  WCC_AUTO_DIAL_CHECKING,    /* reading the next customer's do-not-call numbers */
  WCC_AUTO_DIAL_CALLING,     /* a call is going on; the next waits for its end */
  WCC_AUTO_DIAL_COUNTDOWN,   /* "remaining" seconds to the next call */
  WCC_AUTO_DIAL_PAUSED,
  WCC_AUTO_DIAL_FINISHED,    /* every customer was called or skipped, or stopped */
} WccAutoDialState;

typedef enum {
  WCC_AUTO_DIAL_ITEM_WAITING,
  WCC_AUTO_DIAL_ITEM_CALLED,
  WCC_AUTO_DIAL_ITEM_SKIPPED,       /* the agent skipped it */
  WCC_AUTO_DIAL_ITEM_DO_NOT_CALL,   /* every number has an approved do-not-call or blacklist request */
  WCC_AUTO_DIAL_ITEM_FAILED,        /* no number, or the dial failed */
} WccAutoDialItemState;

/* Places the call to @number of @customer_id; FALSE with @error when it could not start.
 * The call's end is told through the "in-call" property. */
typedef gboolean (*WccAutoDialFunc) (gint64       customer_id,
                                     const char  *number,
                                     gpointer     user_data,
                                     GError     **error);

#define WCC_TYPE_AUTO_DIALER (wcc_auto_dialer_get_type ())
G_DECLARE_FINAL_TYPE (WccAutoDialer, wcc_auto_dialer, WCC, AUTO_DIALER, GObject)

/* No widgets. Properties (notify):
 *   "state"      WccAutoDialState (int)
 *   "current"    int: the position of the customer being called (-1: none)
 *   "next"       uint: the position of the next customer to call
 *   "remaining"  uint: seconds left of the countdown
 *   "delay"      uint (read-write): seconds of the countdown after each call
 *   "paused"     boolean: asked to pause (during a call: pauses when it ends)
 *   "in-call"    boolean (read-write): whether the softphone has a call (its owner binds
 *                it to the softphone's current call); the next call waits for FALSE
 *   "start-wait" uint (read-write): seconds a dial may take before its call shows in
 *                "in-call" (15); a dial that shows none by then counts as failed
 * Signals:
 *   item-changed (uint position): a customer's state changed;
 *   error (const char *message): a dial failed (the dialer goes on with the next). */

WccAutoDialer        *wcc_auto_dialer_new            (WccClient       *client);
void                  wcc_auto_dialer_set_dial_func  (WccAutoDialer   *self,
                                                      WccAutoDialFunc  func,
                                                      gpointer         user_data,
                                                      GDestroyNotify   destroy);
/* The customers to call, in order (WccRecord of GET /customers); only before start. */
void                  wcc_auto_dialer_set_customers  (WccAutoDialer   *self,
                                                      GListModel      *customers);
GListModel           *wcc_auto_dialer_get_customers  (WccAutoDialer   *self);
WccAutoDialItemState  wcc_auto_dialer_get_item_state (WccAutoDialer   *self,
                                                      guint            position);
/* The number called (or to call) for the customer at @position, NULL before. */
const char           *wcc_auto_dialer_get_item_number (WccAutoDialer  *self,
                                                       guint           position);

WccAutoDialState      wcc_auto_dialer_get_state      (WccAutoDialer   *self);
int                   wcc_auto_dialer_get_current    (WccAutoDialer   *self);
guint                 wcc_auto_dialer_get_next       (WccAutoDialer   *self);
guint                 wcc_auto_dialer_get_remaining  (WccAutoDialer   *self);
guint                 wcc_auto_dialer_get_delay      (WccAutoDialer   *self);
void                  wcc_auto_dialer_set_delay      (WccAutoDialer   *self,
                                                      guint            seconds);
gboolean              wcc_auto_dialer_get_paused     (WccAutoDialer   *self);
gboolean              wcc_auto_dialer_get_in_call    (WccAutoDialer   *self);
void                  wcc_auto_dialer_set_in_call    (WccAutoDialer   *self,
                                                      gboolean         in_call);

void                  wcc_auto_dialer_start          (WccAutoDialer   *self);
void                  wcc_auto_dialer_pause          (WccAutoDialer   *self);
void                  wcc_auto_dialer_resume         (WccAutoDialer   *self);
/* Leaves out the next customer. */
void                  wcc_auto_dialer_skip           (WccAutoDialer   *self);
/* More time on the countdown (the manual's "delay" button). */
void                  wcc_auto_dialer_add_time       (WccAutoDialer   *self,
                                                      guint            seconds);
void                  wcc_auto_dialer_stop           (WccAutoDialer   *self);

G_END_DECLS
