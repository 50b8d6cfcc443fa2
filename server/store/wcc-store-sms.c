/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-sms.c: the store's queries for the SMS sent to customers (C10). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-private.h"
#include "wcc-store-sms.h"
#include "wcc-time.h"

static const char * const state_names[] = { "queued", "sent", "failed" };

#define SMS_COLUMNS \
  "id, client_id, customer_id, author_id, phone, text, gateway, state, error, created_at, updated_at" \
  " FROM customer_sms"

void
wcc_store_sms_free (WccStoreSms *sms)
{
  if (sms == NULL)
    return;
  g_free (sms->phone);
  g_free (sms->text);
  g_free (sms->gateway);
  g_free (sms->error);
  g_free (sms);
}

const char *
wcc_sms_state_to_string (WccSmsState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

static WccStoreSms *
read_sms_row (sqlite3_stmt *stmt)
{
  WccStoreSms *sms = g_new0 (WccStoreSms, 1);

  sms->id = sqlite3_column_int64 (stmt, 0);
  sms->client_id = sqlite3_column_int64 (stmt, 1);
  sms->customer_id = sqlite3_column_int64 (stmt, 2);
  sms->author_id = wcc_store_column_int_or_zero (stmt, 3);
  sms->phone = wcc_store_column_strdup (stmt, 4);
  sms->text = wcc_store_column_strdup (stmt, 5);
  sms->gateway = wcc_store_column_strdup (stmt, 6);
  sms->state = wcc_store_name_index (state_names, G_N_ELEMENTS (state_names), sqlite3_column_text (stmt, 7));
  sms->error = wcc_store_column_strdup (stmt, 8);
  sms->created_at = sqlite3_column_int64 (stmt, 9);
  sms->updated_at = sqlite3_column_int64 (stmt, 10);
  return sms;
}

gint64
wcc_store_sms_create (WccStore    *self,
                      gint64       client_id,
                      gint64       customer_id,
                      gint64       author_id,
                      const char  *phone,
                      const char  *text,
                      const char  *gateway,
                      GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (phone != NULL && text != NULL && gateway != NULL, 0);

  /* The SELECT writes nothing for a customer of another client. */
  return wcc_store_insert_for_customer (self,
                                        wcc_store_prepare_bind (self,
                                                                "INSERT INTO customer_sms (client_id, customer_id, author_id,"
                                                                " phone, text, gateway, state, created_at, updated_at)"
                                                                " SELECT ?1, id, nullif(?3, 0), ?4, ?5, ?6, 'queued', ?7, ?7"
                                                                " FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                                "iiisssi", client_id, customer_id, author_id, phone, text,
                                                                gateway, wcc_time_now ()),
                                        _("Cannot save the message"), error);
}

gboolean
wcc_store_sms_finish (WccStore    *self,
                      gint64       sms_id,
                      WccSmsState  state,
                      const char  *reason)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != WCC_SMS_QUEUED, FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE customer_sms SET state = ?, error = ?, updated_at = ?"
                                                    " WHERE id = ? AND state = 'queued';",
                                                    "ssii", state_names[state], reason ? reason : "",
                                                    wcc_time_now (), sms_id),
                            _("Cannot save the message"), &error))
    {
      g_warning ("SMS %" G_GINT64_FORMAT ": %s", sms_id, error->message);
      return FALSE;
    }
  return sqlite3_changes (wcc_store_get_db (self)) > 0;
}

WccStoreSms *
wcc_store_sms_find (WccStore *self,
                    gint64    client_id,
                    gint64    sms_id)
{
  WccStoreSms *sms = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " SMS_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, sms_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sms = read_sms_row (stmt);
  sqlite3_reset (stmt);
  return sms;
}

GPtrArray *
wcc_store_sms_list (WccStore *self,
                    gint64    client_id,
                    gint64    customer_id,
                    gint64    before_id,
                    guint     limit)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_sms_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), messages);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " SMS_COLUMNS " WHERE client_id = ?1 AND customer_id = ?2"
                                 " AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4;",
                                 "iiii", client_id, customer_id, before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (messages, read_sms_row (stmt));
  sqlite3_reset (stmt);
  return messages;
}

guint
wcc_store_sms_fail_unfinished (WccStore   *self,
                               const char *reason)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE customer_sms SET state = 'failed', error = ?, updated_at = ?"
                                                    " WHERE state = 'queued';", "si", reason, wcc_time_now ()),
                            "fail unfinished messages", NULL))
    return 0;
  return sqlite3_changes (wcc_store_get_db (self));
}
