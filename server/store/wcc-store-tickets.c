/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-tickets.c: the store's queries for tickets (C11, C12): ticket categories,
 * statuses and results, tickets with their appointment, change log and comments. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"
#include "wcc-time.h"

static const char * const kind_names[] = { "category", "status", "result" };

/* A text column, NULL kept (wcc_store_column_strdup () reads NULL as ""). */
static char *
column_text_or_null (sqlite3_stmt *stmt,
                     int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* What the API calls each choice of a ticket, for messages and the change log. */
static const char * const kind_fields[] = { "category_id", "status_id", "result_id" };

const char *
wcc_ticket_choice_kind_to_string (WccTicketChoiceKind kind)
{
  g_return_val_if_fail ((guint) kind < WCC_TICKET_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
wcc_ticket_choice_kind_from_string (const char          *text,
                                    WccTicketChoiceKind *out)
{
  for (guint i = 0; text != NULL && i < WCC_TICKET_N_KINDS; i++)
    if (g_str_equal (kind_names[i], text))
      {
        *out = (WccTicketChoiceKind) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- Choices: categories, statuses, results ---- */

void
wcc_store_ticket_choice_free (WccStoreTicketChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->label);
  g_free (choice);
}

#define CHOICE_COLUMNS "id, client_id, label, position, active, version FROM ticket_choices"

static WccStoreTicketChoice *
read_choice_row (sqlite3_stmt        *stmt,
                 WccTicketChoiceKind  kind)
{
  WccStoreTicketChoice *choice = g_new0 (WccStoreTicketChoice, 1);

  choice->id = sqlite3_column_int64 (stmt, 0);
  choice->client_id = sqlite3_column_int64 (stmt, 1);
  choice->kind = kind;
  choice->label = wcc_store_column_strdup (stmt, 2);
  choice->position = sqlite3_column_int (stmt, 3);
  choice->active = sqlite3_column_int (stmt, 4) != 0;
  choice->version = sqlite3_column_int64 (stmt, 5);
  return choice;
}

gint64
wcc_store_ticket_choice_create (WccStore                    *self,
                                const WccStoreTicketChoice  *choice,
                                GError                     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (choice != NULL && choice->label != NULL, 0);
  g_return_val_if_fail ((guint) choice->kind < WCC_TICKET_N_KINDS, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO ticket_choices (client_id, kind, label, position, active)"
                                                    " VALUES (?, ?, ?, ?, ?);",
                                                    "issii", choice->client_id, kind_names[choice->kind], choice->label,
                                                    (gint64) choice->position, (gint64) (choice->active ? 1 : 0)),
                            _("Cannot create the ticket choice"), error))
    return 0;
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_ticket_choice_update (WccStore                    *self,
                                const WccStoreTicketChoice  *choice,
                                gint64                       expected_version,
                                GError                     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (choice != NULL && choice->label != NULL, FALSE);
  g_return_val_if_fail ((guint) choice->kind < WCC_TICKET_N_KINDS, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE ticket_choices SET label = ?, position = ?, active = ?,"
                                                        " version = version + 1 WHERE client_id = ?4 AND id = ?5"
                                                        " AND kind = ?6 AND (?7 = 0 OR version = ?7);",
                                                        "siiiisi", choice->label, (gint64) choice->position,
                                                        (gint64) (choice->active ? 1 : 0), choice->client_id,
                                                        choice->id, kind_names[choice->kind], expected_version),
                                "SELECT 1 FROM ticket_choices WHERE client_id = ? AND id = ?;",
                                choice->client_id, choice->id, expected_version, _("No such ticket choice"), error);
}

gboolean
wcc_store_ticket_choice_delete (WccStore             *self,
                                gint64                client_id,
                                WccTicketChoiceKind   kind,
                                gint64                choice_id,
                                GError              **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) kind < WCC_TICKET_N_KINDS, FALSE);

  /* The tickets' foreign keys refuse it while one has it (WCC_ERROR_CONFLICT). */
  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM ticket_choices WHERE client_id = ?"
                                                        " AND id = ? AND kind = ?;",
                                                        "iis", client_id, choice_id, kind_names[kind]),
                                _("No such ticket choice"), error);
}

WccStoreTicketChoice *
wcc_store_ticket_choice_find (WccStore            *self,
                              gint64               client_id,
                              WccTicketChoiceKind  kind,
                              gint64               choice_id)
{
  WccStoreTicketChoice *choice = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) kind < WCC_TICKET_N_KINDS, NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " CHOICE_COLUMNS " WHERE client_id = ? AND id = ? AND kind = ?;",
                                 "iis", client_id, choice_id, kind_names[kind]);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    choice = read_choice_row (stmt, kind);
  sqlite3_reset (stmt);
  return choice;
}

GPtrArray *
wcc_store_ticket_choice_list (WccStore            *self,
                              gint64               client_id,
                              WccTicketChoiceKind  kind,
                              gboolean             active_only)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_ticket_choice_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), choices);
  g_return_val_if_fail ((guint) kind < WCC_TICKET_N_KINDS, choices);

  stmt = wcc_store_prepare_bind (self, "SELECT " CHOICE_COLUMNS " WHERE client_id = ? AND kind = ?"
                                 " AND (? = 0 OR active = 1) ORDER BY position, id LIMIT 1000;",
                                 "isi", client_id, kind_names[kind], (gint64) (active_only ? 1 : 0));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (choices, read_choice_row (stmt, kind));
  sqlite3_reset (stmt);
  return choices;
}

/* ---- Tickets ---- */

void
wcc_store_ticket_free (WccStoreTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->title);
  g_free (ticket->description);
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    g_free (ticket->choice_labels[i]);
  g_free (ticket);
}

#define TICKET_COLUMNS \
  "t.id, t.client_id, t.customer_id, c.owner_id, t.author_id, t.title, t.description," \
  " t.category_id, k.label, t.status_id, s.label, t.result_id, r.label, t.appointment_at," \
  " t.appointment_user_id, t.version, t.created_at, t.updated_at" \
  " FROM tickets t JOIN customers c ON c.id = t.customer_id" \
  " LEFT JOIN ticket_choices k ON k.id = t.category_id" \
  " LEFT JOIN ticket_choices s ON s.id = t.status_id" \
  " LEFT JOIN ticket_choices r ON r.id = t.result_id"

static WccStoreTicket *
read_ticket_row (sqlite3_stmt *stmt)
{
  WccStoreTicket *ticket = g_new0 (WccStoreTicket, 1);

  /* A NULL column reads as 0: no owner, no choice, no appointment. */
  ticket->id = sqlite3_column_int64 (stmt, 0);
  ticket->client_id = sqlite3_column_int64 (stmt, 1);
  ticket->customer_id = sqlite3_column_int64 (stmt, 2);
  ticket->customer_owner_id = sqlite3_column_int64 (stmt, 3);
  ticket->author_id = sqlite3_column_int64 (stmt, 4);
  ticket->title = wcc_store_column_strdup (stmt, 5);
  ticket->description = wcc_store_column_strdup (stmt, 6);
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    {
      ticket->choice_ids[i] = sqlite3_column_int64 (stmt, 7 + 2 * i);
      ticket->choice_labels[i] = column_text_or_null (stmt, 8 + 2 * i);
    }
  ticket->appointment_at = sqlite3_column_int64 (stmt, 13);
  ticket->appointment_user_id = sqlite3_column_int64 (stmt, 14);
  ticket->version = sqlite3_column_int64 (stmt, 15);
  ticket->created_at = sqlite3_column_int64 (stmt, 16);
  ticket->updated_at = sqlite3_column_int64 (stmt, 17);
  return ticket;
}

static GPtrArray *
read_tickets (sqlite3_stmt *stmt)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_ticket_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tickets, read_ticket_row (stmt));
  sqlite3_reset (stmt);
  return tickets;
}

static gboolean
fail_with (GError      **error,
           WccErrorCode  code,
           const char   *message)
{
  g_set_error_literal (error, WCC_ERROR, code, message);
  return FALSE;
}

/* Each choice of @ids that is set (and not as in @old_ids, which a ticket keeps even once
 * inactive) is an active one of its kind of the client. */
static gboolean
check_choices (WccStore      *self,
               gint64         client_id,
               const gint64  *ids,
               const gint64  *old_ids,
               GError       **error)
{
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    {
      gint64 active;

      if (ids[i] == 0 || (old_ids != NULL && old_ids[i] == ids[i]))
        continue;
      active = wcc_store_query_int (self,
                                    wcc_store_prepare_bind (self, "SELECT active FROM ticket_choices"
                                                            " WHERE client_id = ? AND id = ? AND kind = ?;",
                                                            "iis", client_id, ids[i], kind_names[i]), -1);
      if (active < 0)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” names no ticket %s"),
                       kind_fields[i], kind_names[i]);
          return FALSE;
        }
      if (active == 0)
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” names a ticket %s that is no longer offered"),
                       kind_fields[i], kind_names[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_change (WccStore    *self,
            gint64       client_id,
            gint64       ticket_id,
            gint64       user_id,
            gint64       at,
            const char  *field,
            const char  *old_value,
            const char  *new_value,
            GError     **error)
{
  return wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO ticket_changes (client_id, ticket_id, user_id, at,"
                                                      " field, old_value, new_value)"
                                                      " VALUES (?, ?, nullif(?, 0), ?, ?, ?, ?);",
                                                      "iiiisss", client_id, ticket_id, user_id, at, field,
                                                      old_value, new_value),
                              _("Cannot save the ticket's change log"), error);
}

/* One change-log row per field that differs between @old and @new. */
static gboolean
log_changes (WccStore              *self,
             const WccStoreTicket  *old,
             const WccStoreTicket  *new,
             gint64                 user_id,
             gint64                 at,
             GError               **error)
{
  if (g_strcmp0 (old->title, new->title) != 0 &&
      !add_change (self, old->client_id, old->id, user_id, at, "title", old->title, new->title, error))
    return FALSE;
  if (g_strcmp0 (old->description, new->description) != 0 &&
      !add_change (self, old->client_id, old->id, user_id, at, "description", old->description, new->description,
                   error))
    return FALSE;
  for (guint i = 0; i < WCC_TICKET_N_KINDS; i++)
    if (old->choice_ids[i] != new->choice_ids[i] &&
        !add_change (self, old->client_id, old->id, user_id, at, kind_names[i], old->choice_labels[i],
                     new->choice_labels[i], error))
      return FALSE;
  if (old->appointment_at != new->appointment_at || old->appointment_user_id != new->appointment_user_id)
    {
      g_autofree char *before = old->appointment_at ? wcc_time_to_rfc3339 (old->appointment_at) : NULL;
      g_autofree char *after = new->appointment_at ? wcc_time_to_rfc3339 (new->appointment_at) : NULL;

      if (!add_change (self, old->client_id, old->id, user_id, at, "appointment", before, after, error))
        return FALSE;
    }
  return TRUE;
}

gint64
wcc_store_ticket_create (WccStore              *self,
                         const WccStoreTicket  *ticket,
                         gint64                 user_id,
                         GError               **error)
{
  gint64 now = wcc_time_now ();
  gint64 id = 0;
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (ticket != NULL && ticket->title != NULL, 0);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  /* The SELECT writes nothing for a customer of another client. */
  ok = check_choices (self, ticket->client_id, ticket->choice_ids, NULL, error) &&
       wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO tickets (client_id, customer_id, author_id, title,"
                                                    " description, category_id, status_id, result_id, created_at,"
                                                    " updated_at) SELECT ?1, id, nullif(?3, 0), ?4, ?5, nullif(?6, 0),"
                                                    " nullif(?7, 0), nullif(?8, 0), ?9, ?9"
                                                    " FROM customers WHERE client_id = ?1 AND id = ?2;",
                                                    "iiissiiii", ticket->client_id, ticket->customer_id, user_id,
                                                    ticket->title, ticket->description ? ticket->description : "",
                                                    ticket->choice_ids[WCC_TICKET_CATEGORY],
                                                    ticket->choice_ids[WCC_TICKET_STATUS],
                                                    ticket->choice_ids[WCC_TICKET_RESULT], now),
                            _("Cannot save the ticket"), error);
  if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0)
    ok = fail_with (error, WCC_ERROR_NOT_FOUND, _("No such customer"));
  if (ok)
    {
      id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
      ok = add_change (self, ticket->client_id, id, user_id, now, "created", NULL, ticket->title, error);
    }
  if (!wcc_store_finish_owned (self, owned, ok, error))
    return 0;
  return id;
}

/* The ticket as it is inside the write's transaction, checked against @expected_version. */
static WccStoreTicket *
find_for_write (WccStore  *self,
                gint64     client_id,
                gint64     ticket_id,
                gint64     expected_version,
                GError   **error)
{
  g_autoptr(WccStoreTicket) ticket = wcc_store_ticket_find (self, client_id, ticket_id);

  if (ticket == NULL)
    fail_with (error, WCC_ERROR_NOT_FOUND, _("No such ticket"));
  else if (expected_version != 0 && ticket->version != expected_version)
    fail_with (error, WCC_ERROR_VERSION_CONFLICT, _("Someone else changed this record in the meantime"));
  else
    return g_steal_pointer (&ticket);
  return NULL;
}

/* After an update of @old: the ticket now, and the change log of the difference. */
static gboolean
finish_update (WccStore              *self,
               const WccStoreTicket  *old,
               gint64                 user_id,
               gint64                 at,
               GError               **error)
{
  g_autoptr(WccStoreTicket) now = wcc_store_ticket_find (self, old->client_id, old->id);

  g_assert (now != NULL);
  return log_changes (self, old, now, user_id, at, error);
}

gboolean
wcc_store_ticket_update (WccStore              *self,
                         const WccStoreTicket  *ticket,
                         gint64                 expected_version,
                         gint64                 user_id,
                         GError               **error)
{
  g_autoptr(WccStoreTicket) old = NULL;
  gint64 now = wcc_time_now ();
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket != NULL && ticket->title != NULL && ticket->description != NULL, FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = (old = find_for_write (self, ticket->client_id, ticket->id, expected_version, error)) != NULL &&
       check_choices (self, ticket->client_id, ticket->choice_ids, old->choice_ids, error) &&
       wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE tickets SET title = ?, description = ?,"
                                                    " category_id = nullif(?, 0), status_id = nullif(?, 0),"
                                                    " result_id = nullif(?, 0), version = version + 1, updated_at = ?"
                                                    " WHERE client_id = ? AND id = ?;",
                                                    "ssiiiiii", ticket->title, ticket->description,
                                                    ticket->choice_ids[WCC_TICKET_CATEGORY],
                                                    ticket->choice_ids[WCC_TICKET_STATUS],
                                                    ticket->choice_ids[WCC_TICKET_RESULT], now,
                                                    ticket->client_id, ticket->id),
                            _("Cannot save the ticket"), error) &&
       finish_update (self, old, user_id, now, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

gboolean
wcc_store_ticket_set_appointment (WccStore  *self,
                                  gint64     client_id,
                                  gint64     ticket_id,
                                  gint64     at,
                                  gint64     user_id,
                                  gint64     expected_version,
                                  GError   **error)
{
  g_autoptr(WccStoreTicket) old = NULL;
  gint64 now = wcc_time_now ();
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = (old = find_for_write (self, client_id, ticket_id, expected_version, error)) != NULL;
  /* The manual: an appointment is a time by which an unfinished ticket is to be done. */
  if (ok && at != 0 && old->choice_ids[WCC_TICKET_RESULT] != 0)
    ok = fail_with (error, WCC_ERROR_CONFLICT, _("The ticket has a result: it needs no appointment"));
  ok = ok && wcc_store_step_done (self,
                                  wcc_store_prepare_bind (self,
                                                          "UPDATE tickets SET appointment_at = nullif(?1, 0),"
                                                          " appointment_user_id = CASE WHEN ?1 = 0 THEN NULL ELSE ?2 END,"
                                                          " version = version + 1, updated_at = ?3"
                                                          " WHERE client_id = ?4 AND id = ?5;",
                                                          "iiiii", at, user_id, now, client_id, ticket_id),
                                  _("Cannot save the ticket"), error) &&
       finish_update (self, old, user_id, now, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

WccStoreTicket *
wcc_store_ticket_find (WccStore *self,
                       gint64    client_id,
                       gint64    ticket_id)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  found = read_tickets (wcc_store_prepare_bind (self, "SELECT " TICKET_COLUMNS " WHERE t.client_id = ? AND t.id = ?;",
                                                "ii", client_id, ticket_id));
  return found->len > 0 ? g_ptr_array_steal_index (found, 0) : NULL;
}

GPtrArray *
wcc_store_ticket_list_for_customer (WccStore *self,
                                    gint64    client_id,
                                    gint64    customer_id,
                                    gboolean  open_only,
                                    gint64    before_id,
                                    guint     limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  return read_tickets (wcc_store_prepare_bind (self,
                                               "SELECT " TICKET_COLUMNS " WHERE t.customer_id = ?2 AND t.client_id = ?1"
                                               " AND (?3 = 0 OR t.result_id IS NULL) AND (?4 = 0 OR t.id < ?4)"
                                               " ORDER BY t.id DESC LIMIT ?5;",
                                               "iiiii", client_id, customer_id, (gint64) (open_only ? 1 : 0),
                                               before_id, (gint64) limit));
}

gint64
wcc_store_ticket_count_open (WccStore *self,
                             gint64    client_id,
                             gint64    user_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (user_id == 0)
    return wcc_store_query_int (self,
                                wcc_store_prepare_bind (self, "SELECT count(*) FROM tickets"
                                                        " WHERE result_id IS NULL AND client_id = ?;",
                                                        "i", client_id), 0);
  /* Two index lookups: the user's own tickets, and the tickets of the user's customers. */
  return wcc_store_query_int (self,
                              wcc_store_prepare_bind (self,
                                                      "SELECT count(*) FROM (SELECT id FROM tickets"
                                                      "  WHERE author_id = ?2 AND result_id IS NULL AND client_id = ?1"
                                                      " UNION SELECT t.id FROM customers c"
                                                      "  JOIN tickets t ON t.customer_id = c.id"
                                                      "  WHERE c.owner_id = ?2 AND c.client_id = ?1"
                                                      "  AND t.result_id IS NULL);",
                                                      "ii", client_id, user_id), 0);
}

GPtrArray *
wcc_store_ticket_list_appointments (WccStore             *self,
                                    gint64                client_id,
                                    const WccStoreViewer *viewer,
                                    gint64                from,
                                    gint64                to,
                                    guint                 offset,
                                    guint                 limit)
{
  g_return_val_if_fail (WCC_IS_STORE (self), NULL);
  g_return_val_if_fail (viewer != NULL, NULL);

  /* A ticket is seen with its customer: one the viewer no longer sees (released, moved
   * away) drops out though they set the appointment. */
  return read_tickets (wcc_store_prepare_bind (self,
                                               "SELECT " TICKET_COLUMNS " WHERE t.appointment_user_id = ?2"
                                               " AND t.appointment_at >= ?5 AND t.appointment_at < ?6"
                                               " AND t.client_id = ?1 AND t.result_id IS NULL AND" CUSTOMER_VISIBLE
                                               " ORDER BY t.appointment_at, t.id LIMIT ?7 OFFSET ?8;",
                                               "iiiiiiii", client_id, viewer->user_id, (gint64) viewer->admin,
                                               (gint64) viewer->leader, from, to, (gint64) limit,
                                               (gint64) offset));
}

/* ---- Change log ---- */

void
wcc_store_ticket_change_free (WccStoreTicketChange *change)
{
  if (change == NULL)
    return;
  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

GPtrArray *
wcc_store_ticket_change_list (WccStore *self,
                              gint64    client_id,
                              gint64    ticket_id,
                              gint64    after_id,
                              guint     limit)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_ticket_change_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), changes);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, ticket_id, user_id, at, field, old_value, new_value FROM ticket_changes"
                                 " WHERE ticket_id = ?2 AND client_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4;",
                                 "iiii", client_id, ticket_id, after_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreTicketChange *change = g_new0 (WccStoreTicketChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->ticket_id = sqlite3_column_int64 (stmt, 1);
      change->user_id = sqlite3_column_int64 (stmt, 2);
      change->at = sqlite3_column_int64 (stmt, 3);
      change->field = wcc_store_column_strdup (stmt, 4);
      change->old_value = column_text_or_null (stmt, 5);
      change->new_value = column_text_or_null (stmt, 6);
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);
  return changes;
}

/* ---- Comments ---- */

void
wcc_store_ticket_comment_free (WccStoreTicketComment *comment)
{
  if (comment == NULL)
    return;
  g_free (comment->text);
  g_free (comment);
}

#define COMMENT_COLUMNS "id, ticket_id, author_id, text, created_at FROM ticket_comments"

static WccStoreTicketComment *
read_comment_row (sqlite3_stmt *stmt)
{
  WccStoreTicketComment *comment = g_new0 (WccStoreTicketComment, 1);

  comment->id = sqlite3_column_int64 (stmt, 0);
  comment->ticket_id = sqlite3_column_int64 (stmt, 1);
  comment->author_id = sqlite3_column_int64 (stmt, 2);
  comment->text = wcc_store_column_strdup (stmt, 3);
  comment->created_at = sqlite3_column_int64 (stmt, 4);
  return comment;
}

gint64
wcc_store_ticket_comment_create (WccStore    *self,
                                 gint64       client_id,
                                 gint64       ticket_id,
                                 gint64       author_id,
                                 const char  *text,
                                 GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO ticket_comments (client_id, ticket_id, author_id, text,"
                                                    " created_at) SELECT ?1, id, nullif(?3, 0), ?4, ?5 FROM tickets"
                                                    " WHERE client_id = ?1 AND id = ?2;",
                                                    "iiisi", client_id, ticket_id, author_id, text, wcc_time_now ()),
                            _("Cannot save the comment"), error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      fail_with (error, WCC_ERROR_NOT_FOUND, _("No such ticket"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

WccStoreTicketComment *
wcc_store_ticket_comment_find (WccStore *self,
                               gint64    client_id,
                               gint64    comment_id)
{
  WccStoreTicketComment *comment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " COMMENT_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, comment_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    comment = read_comment_row (stmt);
  sqlite3_reset (stmt);
  return comment;
}

gboolean
wcc_store_ticket_comment_delete (WccStore  *self,
                                 gint64     client_id,
                                 gint64     comment_id,
                                 GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM ticket_comments WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, comment_id),
                                _("No such comment"), error);
}

GPtrArray *
wcc_store_ticket_comment_list (WccStore *self,
                               gint64    client_id,
                               gint64    ticket_id,
                               gint64    after_id,
                               guint     limit)
{
  GPtrArray *comments = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_ticket_comment_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), comments);

  stmt = wcc_store_prepare_bind (self, "SELECT " COMMENT_COLUMNS " WHERE ticket_id = ?2 AND client_id = ?1"
                                 " AND id > ?3 ORDER BY id LIMIT ?4;",
                                 "iiii", client_id, ticket_id, after_id, (gint64) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (comments, read_comment_row (stmt));
  sqlite3_reset (stmt);
  return comments;
}
