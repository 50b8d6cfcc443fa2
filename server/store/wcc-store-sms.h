/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-sms.h: the SMS sent to customers (C10), each with what became of it. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef enum {
  WCC_SMS_QUEUED,     /* handed to the gateway, no answer yet */
  WCC_SMS_SENT,
  WCC_SMS_FAILED,     /* with the reason in error */
} WccSmsState;

typedef struct {
  gint64       id;
  gint64       client_id;
  gint64       customer_id;
  gint64       author_id;      /* 0: the author was deleted */
  char        *phone;          /* the customer's number, as typed on the customer */
  char        *text;
  char        *gateway;        /* "log" or "webhook" */
  WccSmsState  state;
  char        *error;          /* why it failed; "" otherwise */
  gint64       created_at;
  gint64       updated_at;
} WccStoreSms;

void wcc_store_sms_free (WccStoreSms *sms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreSms, wcc_store_sms_free)

const char  *wcc_sms_state_to_string   (WccSmsState  state);

/* A queued message to the customer (of @client_id, else NOT_FOUND); returns its id. */
gint64       wcc_store_sms_create      (WccStore    *self,
                                        gint64       client_id,
                                        gint64       customer_id,
                                        gint64       author_id,
                                        const char  *phone,
                                        const char  *text,
                                        const char  *gateway,
                                        GError     **error);
/* A queued message becomes sent or failed (@reason); FALSE when it was not queued. */
gboolean     wcc_store_sms_finish      (WccStore    *self,
                                        gint64       sms_id,
                                        WccSmsState  state,
                                        const char  *reason);
WccStoreSms *wcc_store_sms_find        (WccStore    *self,
                                        gint64       client_id,
                                        gint64       sms_id);
/* The customer's messages, newest first; @before_id 0: from the newest. */
GPtrArray   *wcc_store_sms_list        (WccStore    *self,
                                        gint64       client_id,
                                        gint64       customer_id,
                                        gint64       before_id,
                                        guint        limit);
/* Messages still queued when the last run ended fail with @reason; returns how many. */
guint        wcc_store_sms_fail_unfinished (WccStore *self,
                                        const char  *reason);

G_END_DECLS
