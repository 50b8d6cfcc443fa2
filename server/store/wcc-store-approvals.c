/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-approvals.c: the store's do-not-call and blacklist requests (C6), what waits
 * for a reviewer (with the pop-up warnings of C9), and the numbers calls are refused to. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

static const char * const kind_names[] = { "do_not_call", "blacklist" };
static const char * const state_names[] = { "", "pending", "approved", "rejected" };

const char *
wcc_number_request_kind_to_string (WccNumberRequestKind kind)
{
  g_return_val_if_fail ((guint) kind < WCC_NUMBER_N_KINDS, NULL);
  return kind_names[kind];
}

int
wcc_number_request_kind_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind_names[i], text))
      return (int) i;
  return -1;
}

void
wcc_store_number_request_free (WccStoreNumberRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->number);
  g_free (request->normalized);
  g_free (request->reason);
  g_free (request->review_reason);
  g_free (request);
}

static gboolean
fail_with (GError     **error,
           WccErrorCode code,
           const char  *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

#define REQUEST_COLUMNS \
  "id, client_id, customer_id, kind, number, normalized, reason, requester_id, state, reviewer_id," \
  " review_reason, reviewed_at, version, created_at, updated_at FROM number_requests"

static WccStoreNumberRequest *
read_request_row (sqlite3_stmt *stmt)
{
  WccStoreNumberRequest *request = g_new0 (WccStoreNumberRequest, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 8);

  request->id = sqlite3_column_int64 (stmt, 0);
  request->client_id = sqlite3_column_int64 (stmt, 1);
  request->customer_id = sqlite3_column_int64 (stmt, 2);
  request->kind = MAX (wcc_number_request_kind_from_string ((const char *) sqlite3_column_text (stmt, 3)), 0);
  request->number = wcc_store_column_strdup (stmt, 4);
  request->normalized = wcc_store_column_strdup (stmt, 5);
  request->reason = wcc_store_column_strdup (stmt, 6);
  request->requester_id = sqlite3_column_int64 (stmt, 7);
  request->state = WCC_REVIEW_PENDING;
  for (guint i = 1; state != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state_names[i], state))
      request->state = i;
  request->reviewer_id = sqlite3_column_int64 (stmt, 9);
  request->review_reason = wcc_store_column_strdup (stmt, 10);
  request->reviewed_at = sqlite3_column_int64 (stmt, 11);
  request->version = sqlite3_column_int64 (stmt, 12);
  request->created_at = sqlite3_column_int64 (stmt, 13);
  request->updated_at = sqlite3_column_int64 (stmt, 14);
  return request;
}

gint64
wcc_store_number_request_create (WccStore              *self,
                                 gint64                 client_id,
                                 gint64                 customer_id,
                                 gint64                 requester_id,
                                 WccNumberRequestKind   kind,
                                 const char            *normalized,
                                 const char            *reason,
                                 GError               **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail ((guint) kind < WCC_NUMBER_N_KINDS, 0);
  g_return_val_if_fail (normalized != NULL && reason != NULL, 0);

  if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM customers WHERE client_id = ? AND id = ?;",
                                                          "ii", client_id, customer_id), 0))
    {
      fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
      return 0;
    }
  /* The number as the customer's phone has it: the SELECT writes nothing for another one.
   * The unique index refuses a second live request of the kind (CONFLICT). */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO number_requests (client_id, customer_id, kind, number,"
                                                    " normalized, reason, requester_id, created_at, updated_at)"
                                                    " SELECT ?1, ?2, ?3, p.number, p.normalized, ?5, nullif(?6, 0), ?7, ?7"
                                                    " FROM customer_phones p WHERE p.customer_id = ?2 AND p.client_id = ?1"
                                                    " AND p.normalized = ?4 ORDER BY p.position LIMIT 1;",
                                                    "iisssii", client_id, customer_id, kind_names[kind], normalized,
                                                    reason, requester_id, now),
                            _("Cannot save the request"), error))
    {
      if (g_error_matches (*error, WCC_ERROR, WCC_ERROR_CONFLICT))
        {
          g_clear_error (error);
          fail_with (error, WCC_ERROR_CONFLICT, _("The number already has a request of this kind pending or approved"));
        }
      return 0;
    }
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      fail_with (error, WCC_ERROR_INVALID_FIELD, _("“number” is not a phone number of this customer"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

WccStoreNumberRequest *
wcc_store_number_request_find (WccStore *self,
                               gint64    client_id,
                               gint64    request_id)
{
  WccStoreNumberRequest *request = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " REQUEST_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, request_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    request = read_request_row (stmt);
  sqlite3_reset (stmt);
  return request;
}

GPtrArray *
wcc_store_number_request_list (WccStore *self,
                               gint64    client_id,
                               gint64    customer_id,
                               gint64    before_id,
                               guint     limit)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_number_request_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), requests);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " REQUEST_COLUMNS " WHERE customer_id = ?2 AND client_id = ?1"
                                 " AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4;",
                                 "iiii", client_id, customer_id, before_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (requests, read_request_row (stmt));
  sqlite3_reset (stmt);
  return requests;
}

gboolean
wcc_store_number_request_review (WccStore    *self,
                                 gint64       client_id,
                                 gint64       request_id,
                                 gint64       reviewer_id,
                                 gboolean     approve,
                                 const char  *reason,
                                 gint64       expected_version,
                                 GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(WccStoreNumberRequest) request = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE number_requests SET state = ?, reviewer_id = nullif(?, 0),"
                                                    " review_reason = ?, reviewed_at = ?4, version = version + 1,"
                                                    " updated_at = ?4 WHERE client_id = ? AND id = ?"
                                                    " AND state = 'pending' AND (?7 = 0 OR version = ?7);",
                                                    "sisiiii", approve ? "approved" : "rejected", reviewer_id,
                                                    reason ? reason : "", now, client_id, request_id,
                                                    expected_version),
                            _("Cannot save the review"), error))
    return FALSE;
  if (sqlite3_changes (wcc_store_get_db (self)) > 0)
    return TRUE;
  request = wcc_store_number_request_find (self, client_id, request_id);
  if (request == NULL)
    return fail_with (error, WCC_ERROR_NOT_FOUND, _("No such request"));
  if (request->state != WCC_REVIEW_PENDING)
    return fail_with (error, WCC_ERROR_CONFLICT, _("The request has been reviewed already"));
  return fail_with (error, WCC_ERROR_VERSION_CONFLICT, _("Someone else changed this record in the meantime"));
}

gboolean
wcc_store_number_is_blocked (WccStore             *self,
                             gint64                client_id,
                             const char           *normalized,
                             WccNumberRequestKind *out_kind)
{
  gint64 kind;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);

  /* -1: none; 1: a blacklist number (only); 0: do-not-call (with or without blacklist). */
  kind = wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT CASE WHEN count(*) = 0 THEN -1"
                                                      " ELSE min(kind = 'blacklist') END FROM number_requests"
                                                      " WHERE client_id = ? AND normalized = ? AND state = 'approved';",
                                                      "is", client_id, normalized), -1);
  if (kind < 0)
    return FALSE;
  if (out_kind != NULL)
    *out_kind = kind == 1 ? WCC_NUMBER_BLACKLIST : WCC_NUMBER_DO_NOT_CALL;
  return TRUE;
}

GArray *
wcc_store_approval_list (WccStore             *self,
                         gint64                client_id,
                         const WccStoreViewer *viewer,
                         guint                 offset,
                         guint                 limit)
{
  GArray *approvals = g_array_new (FALSE, FALSE, sizeof (WccStoreApproval));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), approvals);
  g_return_val_if_fail (viewer != NULL, approvals);

  /* An admin reviews every request, warning and knowledge item of the client; a leader those of the users
   * of the groups they lead (as wcc_store_user_leads_user ()), not their own. */
  stmt = wcc_store_prepare_bind (self,
                                 "WITH led (user_id) AS (SELECT a.user_id FROM group_members l"
                                 "  JOIN group_members a ON a.group_id = l.group_id"
                                 "  WHERE l.user_id = ?2 AND l.is_leader = 1 AND ?4 AND a.user_id <> ?2)"
                                 " SELECT 0 AS type, n.id, n.created_at FROM number_requests n"
                                 "  WHERE n.client_id = ?1 AND n.state = 'pending'"
                                 "  AND (?3 OR n.requester_id IN (SELECT user_id FROM led))"
                                 " UNION ALL SELECT 1, o.id, o.created_at FROM customer_notes o"
                                 "  WHERE o.client_id = ?1 AND o.review_state = 'pending'"
                                 "  AND (?3 OR o.author_id IN (SELECT user_id FROM led))"
                                 " UNION ALL SELECT 2, k.id, k.created_at FROM kb_items k"
                                 "  WHERE k.client_id = ?1 AND k.state = 'pending'"
                                 "  AND (?3 OR k.author_id IN (SELECT user_id FROM led))"
                                 " ORDER BY 3, 1, 2 LIMIT ?5 OFFSET ?6;",
                                 "iiiiii", client_id, viewer->user_id, (gint64) viewer->admin,
                                 (gint64) viewer->leader, (gint64) limit, (gint64) offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      static const WccApprovalType types[] = {
        WCC_APPROVAL_NUMBER_REQUEST, WCC_APPROVAL_WARNING_NOTE, WCC_APPROVAL_KNOWLEDGE,
      };
      WccStoreApproval approval = {
        .type = types[CLAMP (sqlite3_column_int (stmt, 0), 0, 2)],
        .id = sqlite3_column_int64 (stmt, 1),
      };
      g_array_append_val (approvals, approval);
    }
  sqlite3_reset (stmt);
  return approvals;
}

GArray *
wcc_store_reviewers_of (WccStore *self,
                        gint64    client_id,
                        gint64    author_id)
{
  GArray *reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), reviewers);

  /* As wcc_store_approval_list () the other way round. */
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT u.id FROM users u WHERE u.client_id = ?1"
                                 " AND instr(',' || u.roles || ',', ',client_admin,') > 0"
                                 " UNION SELECT l.user_id FROM group_members a"
                                 " JOIN group_members l ON l.group_id = a.group_id AND l.is_leader = 1"
                                 " JOIN users u ON u.id = l.user_id"
                                 " WHERE a.user_id = ?2 AND u.client_id = ?1 AND l.user_id <> ?2"
                                 " AND instr(',' || u.roles || ',', ',leader,') > 0;",
                                 "ii", client_id, author_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (reviewers, id);
    }
  sqlite3_reset (stmt);
  return reviewers;
}
