/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-approvals.h: the store's do-not-call and blacklist requests on a customer's
 * phone number (C6), reviewed like pop-up warnings (C9); what reviewers have waiting; the
 * numbers the SIP layer refuses to call. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

typedef enum {
  WCC_NUMBER_DO_NOT_CALL,
  WCC_NUMBER_BLACKLIST,
  WCC_NUMBER_N_KINDS,
} WccNumberRequestKind;

typedef struct {
  gint64                id;
  gint64                client_id;
  gint64                customer_id;     /* 0: the customer was deleted */
  WccNumberRequestKind  kind;
  char                 *number;          /* as the customer's phone was typed */
  char                 *normalized;
  char                 *reason;
  gint64                requester_id;    /* 0: the requester was deleted */
  WccReviewState        state;           /* PENDING, APPROVED or REJECTED */
  gint64                reviewer_id;     /* 0: not reviewed */
  char                 *review_reason;
  gint64                reviewed_at;     /* 0: not reviewed */
  gint64                version;
  gint64                created_at;
  gint64                updated_at;
} WccStoreNumberRequest;

/* What waits for a reviewer. */
typedef enum {
  WCC_APPROVAL_NUMBER_REQUEST,
  WCC_APPROVAL_WARNING_NOTE,
  WCC_APPROVAL_KNOWLEDGE,           /* a submitted knowledge item (S12) */
} WccApprovalType;

typedef struct {
  WccApprovalType  type;
  gint64           id;              /* of the number request, the note or the item */
} WccStoreApproval;

void wcc_store_number_request_free (WccStoreNumberRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreNumberRequest, wcc_store_number_request_free)

/* "do_not_call", "blacklist". */
const char     *wcc_number_request_kind_to_string (WccNumberRequestKind kind);
/* -1 when @text names no kind. */
int             wcc_number_request_kind_from_string (const char *text);

/* A pending request on the phone of the customer whose normalized form is @normalized
 * (WCC_ERROR_INVALID_FIELD when the customer has no such phone, WCC_ERROR_NOT_FOUND when
 * the customer is not one of @client_id, WCC_ERROR_CONFLICT when the number already has a
 * pending or approved request of that kind). Returns its id, 0 on error. */
gint64          wcc_store_number_request_create (WccStore *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gint64         requester_id,
                                          WccNumberRequestKind kind,
                                          const char    *normalized,
                                          const char    *reason,
                                          GError       **error);
WccStoreNumberRequest *wcc_store_number_request_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         request_id);
/* The customer's requests, newest first, with id < @before_id (0: from the newest). */
GPtrArray      *wcc_store_number_request_list (WccStore  *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gint64         before_id,
                                          guint          limit);
/* Approves or rejects a pending request (@expected_version 0 skips the check: stale is
 * WCC_ERROR_VERSION_CONFLICT); one reviewed already is WCC_ERROR_CONFLICT. */
gboolean        wcc_store_number_request_review (WccStore *self,
                                          gint64         client_id,
                                          gint64         request_id,
                                          gint64         reviewer_id,
                                          gboolean       approve,
                                          const char    *reason,
                                          gint64         expected_version,
                                          GError       **error);
/* C6: is @normalized an approved do-not-call or blacklist number of @client_id? The kind
 * in *@out_kind (do-not-call first when both). */
gboolean        wcc_store_number_is_blocked (WccStore    *self,
                                          gint64         client_id,
                                          const char    *normalized,
                                          WccNumberRequestKind *out_kind);
/* What waits for @viewer's review, oldest first: pending number requests, pop-up
 * warnings and knowledge items; all of the client's for an admin, else those of the users
 * they lead. An array of WccStoreApproval; @offset and @limit page it. */
GArray         *wcc_store_approval_list  (WccStore      *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          guint          offset,
                                          guint          limit);
/* Who reviews what @author_id submits (the client admins, the leaders of the author's
 * groups but the author): the users told when the approvals inbox changes. Their ids. */
GArray         *wcc_store_reviewers_of   (WccStore      *self,
                                          gint64         client_id,
                                          gint64         author_id);

G_END_DECLS
