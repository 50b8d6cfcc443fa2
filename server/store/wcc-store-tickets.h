/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-tickets.h: the store's tickets (C11, C12): the client's ticket categories,
 * statuses and results, tickets of a customer with their appointment, change log and
 * comments. Included by wcc-store.h. */
#pragma once

#include "wcc-store.h"

G_BEGIN_DECLS

/* The three lists of choices a ticket takes one of each from. */
typedef enum {
  WCC_TICKET_CATEGORY,
  WCC_TICKET_STATUS,
  WCC_TICKET_RESULT,
  WCC_TICKET_N_KINDS,
} WccTicketChoiceKind;

typedef struct {
  gint64               id;
  gint64               client_id;
  WccTicketChoiceKind  kind;
  char                *label;
  int                  position;
  gboolean             active;     /* FALSE: kept for the tickets that have it, not offered */
  gint64               version;
} WccStoreTicketChoice;

void wcc_store_ticket_choice_free (WccStoreTicketChoice *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTicketChoice, wcc_store_ticket_choice_free)

/* "category", "status", "result". */
const char     *wcc_ticket_choice_kind_to_string (WccTicketChoiceKind kind);
/* FALSE for a name not in the list. */
gboolean        wcc_ticket_choice_kind_from_string (const char *text,
                                          WccTicketChoiceKind *out);

/* A taken label (of the same kind) fails with WCC_ERROR_CONFLICT. */
gint64          wcc_store_ticket_choice_create (WccStore *self,
                                          const WccStoreTicketChoice *choice,
                                          GError       **error);
/* Writes label, position and active; version conflicts as for the other set-up data. */
gboolean        wcc_store_ticket_choice_update (WccStore *self,
                                          const WccStoreTicketChoice *choice,
                                          gint64         expected_version,
                                          GError       **error);
/* WCC_ERROR_CONFLICT while a ticket has it: mark it inactive instead. */
gboolean        wcc_store_ticket_choice_delete (WccStore *self,
                                          gint64         client_id,
                                          WccTicketChoiceKind kind,
                                          gint64         choice_id,
                                          GError       **error);
WccStoreTicketChoice *wcc_store_ticket_choice_find (WccStore *self,
                                          gint64         client_id,
                                          WccTicketChoiceKind kind,
                                          gint64         choice_id);
/* By position, then id; @active_only leaves out the inactive ones. */
GPtrArray      *wcc_store_ticket_choice_list (WccStore  *self,
                                          gint64         client_id,
                                          WccTicketChoiceKind kind,
                                          gboolean       active_only);

/* A ticket with no result is open (D1). */
typedef struct {
  gint64    id;
  gint64    client_id;
  gint64    customer_id;
  gint64    customer_owner_id;   /* read only: 0 when the customer has no owner */
  gint64    author_id;           /* 0: the author was deleted */
  char     *title;
  char     *description;
  gint64    choice_ids[WCC_TICKET_N_KINDS];     /* 0: none */
  char     *choice_labels[WCC_TICKET_N_KINDS];  /* read only: NULL for none */
  gint64    appointment_at;      /* Unix seconds; 0: none */
  gint64    appointment_user_id; /* who set it; 0: none */
  gint64    version;
  gint64    created_at;
  gint64    updated_at;
} WccStoreTicket;

void wcc_store_ticket_free (WccStoreTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTicket, wcc_store_ticket_free)

/* A new ticket of the customer (of the client, else WCC_ERROR_NOT_FOUND) by @user_id, with
 * its first change-log row, in one transaction. Each choice must be an active one of its
 * kind of the client (else WCC_ERROR_INVALID_FIELD). Returns its id, 0 on error. */
gint64          wcc_store_ticket_create  (WccStore      *self,
                                          const WccStoreTicket *ticket,
                                          gint64         user_id,
                                          GError       **error);
/* Writes title, description and choices; a choice that changes must be an active one.
 * Every field that changes gets a change-log row by @user_id, in the same transaction. */
gboolean        wcc_store_ticket_update  (WccStore      *self,
                                          const WccStoreTicket *ticket,
                                          gint64         expected_version,
                                          gint64         user_id,
                                          GError       **error);
/* C12: sets the appointment of an open ticket to @at by @user_id (@at 0 removes it), with
 * a change-log row; a ticket with a result: WCC_ERROR_CONFLICT. @expected_version 0: any. */
gboolean        wcc_store_ticket_set_appointment (WccStore *self,
                                          gint64         client_id,
                                          gint64         ticket_id,
                                          gint64         at,
                                          gint64         user_id,
                                          gint64         expected_version,
                                          GError       **error);
WccStoreTicket *wcc_store_ticket_find    (WccStore      *self,
                                          gint64         client_id,
                                          gint64         ticket_id);
/* The customer's tickets, newest first, with id < @before_id (0: from the newest). */
GPtrArray      *wcc_store_ticket_list_for_customer (WccStore *self,
                                          gint64         client_id,
                                          gint64         customer_id,
                                          gboolean       open_only,
                                          gint64         before_id,
                                          guint          limit);
/* D1: open tickets of the client (@user_id 0), or those of the customers @user_id owns and
 * those @user_id wrote. */
gint64          wcc_store_ticket_count_open (WccStore   *self,
                                          gint64         client_id,
                                          gint64         user_id);
/* D3: the open tickets whose appointment @viewer set, of the customers they see, from
 * @from to before @to, by time. */
GPtrArray      *wcc_store_ticket_list_appointments (WccStore *self,
                                          gint64         client_id,
                                          const WccStoreViewer *viewer,
                                          gint64         from,
                                          gint64         to,
                                          guint          offset,
                                          guint          limit);

/* The change log: one row per changed field. Values are as shown (labels, RFC 3339
 * times); NULL for none. */
typedef struct {
  gint64    id;
  gint64    ticket_id;
  gint64    user_id;     /* 0: the user was deleted */
  gint64    at;
  char     *field;       /* "created", "title", "description", "category", "status",
                          * "result", "appointment" */
  char     *old_value;
  char     *new_value;
} WccStoreTicketChange;

void wcc_store_ticket_change_free (WccStoreTicketChange *change);

/* Oldest first, with id > @after_id. */
GPtrArray      *wcc_store_ticket_change_list (WccStore  *self,
                                          gint64         client_id,
                                          gint64         ticket_id,
                                          gint64         after_id,
                                          guint          limit);

typedef struct {
  gint64    id;
  gint64    ticket_id;
  gint64    author_id;   /* 0: the author was deleted */
  char     *text;
  gint64    created_at;
} WccStoreTicketComment;

void wcc_store_ticket_comment_free (WccStoreTicketComment *comment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccStoreTicketComment, wcc_store_ticket_comment_free)

/* A comment on the ticket (of the client, else WCC_ERROR_NOT_FOUND); returns its id. */
gint64          wcc_store_ticket_comment_create (WccStore *self,
                                          gint64         client_id,
                                          gint64         ticket_id,
                                          gint64         author_id,
                                          const char    *text,
                                          GError       **error);
WccStoreTicketComment *wcc_store_ticket_comment_find (WccStore *self,
                                          gint64         client_id,
                                          gint64         comment_id);
gboolean        wcc_store_ticket_comment_delete (WccStore *self,
                                          gint64         client_id,
                                          gint64         comment_id,
                                          GError       **error);
/* Oldest first, with id > @after_id. */
GPtrArray      *wcc_store_ticket_comment_list (WccStore *self,
                                          gint64         client_id,
                                          gint64         ticket_id,
                                          gint64         after_id,
                                          guint          limit);

G_END_DECLS
