/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-knowledge.h: the store's knowledge base (S10–S12): categories (set-up data),
 * items submitted by anyone of the client and reviewed like pop-up warnings, their
 * attachments, full-text search (SQLite FTS5) over the approved, unexpired ones, and the
 * items each user opened. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

/* Limits the API checks (and documents in docs/api.md). */
#define WCC_KB_MAX_QUESTION     500
#define WCC_KB_MAX_ANSWER       20000
#define WCC_KB_MAX_KEYWORDS     20
#define WCC_KB_MAX_KEYWORD      50
#define WCC_KB_MAX_CATEGORIES   20
#define WCC_KB_MAX_ATTACHMENTS  20
#define WCC_KB_MAX_QUERY        200

typedef struct {
  gint64   id;
  char    *name;
  gint64   position;
  gint64   count;         /* approved, unexpired items in it (lists with counts only) */
  gint64   version;
} WccStoreKbCategory;

typedef struct {
  gint64   id;
  gint64   item_id;
  char    *name;
  char    *content_type;
  gint64   size;
  gint64   uploaded_by;   /* 0: deleted */
  gint64   created_at;
} WccStoreKbAttachment;

typedef struct {
  gint64          id;
  gint64          client_id;
  gint64          author_id;      /* 0: the author was deleted */
  char           *question;
  char          **keywords;       /* NULL-terminated, never NULL */
  char           *answer;
  gint64          valid_until;    /* 0: always valid */
  WccReviewState  state;          /* PENDING, APPROVED or REJECTED */
  gint64          reviewer_id;
  char           *review_reason;
  gint64          reviewed_at;
  gint64          opened;         /* how many times users opened it */
  GArray         *category_ids;   /* of gint64 */
  GPtrArray      *attachments;    /* of WccStoreKbAttachment */
  gint64          version;
  gint64          created_at;
  gint64          updated_at;
} WccStoreKbItem;

/* A search result: the item and its texts with the matches between U+0002 and U+0003. */
typedef struct {
  WccStoreKbItem *item;
  char           *question;       /* the whole question, highlighted */
  char           *snippet;        /* a part of the best matching text, highlighted */
} WccStoreKbHit;

typedef enum {
  WCC_KB_LIST_MINE,               /* the author's own, every state, newest first */
  WCC_KB_LIST_RECENT,             /* approved and valid, newest approval first */
  WCC_KB_LIST_POPULAR,            /* approved and valid, most opened first */
} WccKbListKind;

void wcc_store_kb_category_free   (WccStoreKbCategory   *category);
void wcc_store_kb_attachment_free (WccStoreKbAttachment *attachment);
void wcc_store_kb_item_free       (WccStoreKbItem       *item);
void wcc_store_kb_hit_free        (WccStoreKbHit        *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreKbCategory, wcc_store_kb_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreKbAttachment, wcc_store_kb_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreKbItem, wcc_store_kb_item_free)

/* Approved and not expired at @now: what agents find. */
gboolean        wcc_store_kb_item_is_live (const WccStoreKbItem *item,
                                          gint64         now);

/* The client's categories by position, then name, each with its count of live items. */
GPtrArray      *wcc_store_kb_category_list (WccStore    *self,
                                          gint64         client_id,
                                          gint64         now);
WccStoreKbCategory *wcc_store_kb_category_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         category_id);
/* A taken name: WCC_ERROR_CONFLICT. Returns the id, 0 on error. */
gint64          wcc_store_kb_category_create (WccStore  *self,
                                          gint64         client_id,
                                          const WccStoreKbCategory *category,
                                          GError       **error);
gboolean        wcc_store_kb_category_update (WccStore  *self,
                                          gint64         client_id,
                                          const WccStoreKbCategory *category,
                                          gint64         expected_version,
                                          GError       **error);
/* WCC_ERROR_CONFLICT while an item has it. */
gboolean        wcc_store_kb_category_delete (WccStore  *self,
                                          gint64         client_id,
                                          gint64         category_id,
                                          GError       **error);

/* A pending item of @author_id (question, keywords, answer, valid_until, category_ids of
 * @item): categories that are not the client's are WCC_ERROR_INVALID_FIELD. Returns its
 * id, 0 on error. */
gint64          wcc_store_kb_item_create (WccStore      *self,
                                          gint64         client_id,
                                          gint64         author_id,
                                          const WccStoreKbItem *item,
                                          GError       **error);
/* With its categories and attachments; NULL when not the client's. */
WccStoreKbItem *wcc_store_kb_item_find   (WccStore      *self,
                                          gint64         client_id,
                                          gint64         item_id);
/* A page of items (@offset, @limit): @kind MINE needs @author_id; @category_id (0: any)
 * narrows RECENT and POPULAR. */
GPtrArray      *wcc_store_kb_item_list   (WccStore      *self,
                                          gint64         client_id,
                                          WccKbListKind  kind,
                                          gint64         author_id,
                                          gint64         category_id,
                                          gint64         now,
                                          guint          offset,
                                          guint          limit);
/* Approves or rejects a pending item (as wcc_store_number_request_review ()); an approved
 * one enters the search indexes. */
gboolean        wcc_store_kb_item_review (WccStore      *self,
                                          gint64         client_id,
                                          gint64         item_id,
                                          gint64         reviewer_id,
                                          gboolean       approve,
                                          const char    *reason,
                                          gint64         expected_version,
                                          GError       **error);

/* A row for a file of a pending item (WCC_ERROR_CONFLICT when reviewed already or when it
 * has WCC_KB_MAX_ATTACHMENTS). Returns the id, 0 on error. */
gint64          wcc_store_kb_attachment_add (WccStore   *self,
                                          gint64         client_id,
                                          gint64         item_id,
                                          const char    *name,
                                          const char    *content_type,
                                          gint64         size,
                                          gint64         uploaded_by,
                                          GError       **error);
/* Takes a row away again (its file could not be written). */
void            wcc_store_kb_attachment_remove (WccStore *self,
                                          gint64         client_id,
                                          gint64         attachment_id);
WccStoreKbAttachment *wcc_store_kb_attachment_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         attachment_id);

/* Full-text search of the live items of the client: @query's words (split at white space,
 * all must match) in the question, keywords, answer or attachment names, best first
 * (bm25). Words of three characters or more use the trigram index; a query with a shorter
 * word uses the one-character index (each word a phrase of its characters). An array of
 * WccStoreKbHit. */
GPtrArray      *wcc_store_kb_search      (WccStore      *self,
                                          gint64         client_id,
                                          const char    *query,
                                          gint64         category_id,
                                          gint64         now,
                                          guint          offset,
                                          guint          limit);

/* @user_id opened @item_id (a live item: else WCC_ERROR_NOT_FOUND): kept in their history
 * (the last time) and counted for "popular". */
gboolean        wcc_store_kb_history_record (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         item_id,
                                          gint64         now,
                                          GError       **error);
/* The live items @user_id opened, last opened first; *@out_opened_at (gint64, parallel,
 * may be NULL) gets when. */
GPtrArray      *wcc_store_kb_history_list (WccStore     *self,
                                          gint64         client_id,
                                          gint64         user_id,
                                          gint64         now,
                                          guint          offset,
                                          guint          limit,
                                          GArray       **out_opened_at);

G_END_DECLS
