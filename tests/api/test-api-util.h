/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-util.h: waiting for GIO async results in the API tests. */
#pragma once

#include "wcc-api.h"
#include "wcc-common.h"
#include "wcc-test-util.h"

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static inline void
async_wait_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* Runs the main loop until the call completes; the caller unrefs the result. */
static inline GAsyncResult *
async_wait (AsyncWait *wait)
{
  wcc_test_wait_for (&wait->done, 15000);
  return wait->result;
}

static inline WccUser *
login_sync (WccClient  *client,
            const char *account,
            const char *password,
            GError    **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  wcc_client_login_async (client, account, password, NULL, NULL, NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  return wcc_client_login_finish (client, result, error);
}

static inline WccUser *
update_me_sync (WccClient  *client,
                const char *surname,
                const char *given_name,
                const char *password,
                const char *current_password,
                GError    **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  wcc_client_update_me_async (client, surname, given_name, password, current_password,
                              NULL, async_wait_done, &wait);
  result = async_wait (&wait);
  return wcc_client_update_me_finish (client, result, error);
}
