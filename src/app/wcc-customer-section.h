/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-section.h: what the sections of a customer tab (tickets, orders, related
 * contacts, SMS, questionnaire) share: the session and the customer, lists of records,
 * writes through the outbox with their offline, conflict and error handling, and the writes
 * that wait offline shown as pending. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"
#include "wcc-record.h"
#include "wcc-record-form.h"
#include "wcc-section-row.h"

G_BEGIN_DECLS

#define WCC_TYPE_CUSTOMER_SECTION (wcc_customer_section_get_type ())
G_DECLARE_DERIVABLE_TYPE (WccCustomerSection, wcc_customer_section, WCC, CUSTOMER_SECTION, AdwBin)

struct _WccCustomerSectionClass
{
  AdwBinClass parent_class;

  /* The session or the customer changed (either may be NULL), a write of the section that
   * waited offline went through, or a version conflict: read everything again. */
  void      (*reload)          (WccCustomerSection *self);
  /* A server event with an object as data, while the section has a session. */
  void      (*event)           (WccCustomerSection *self,
                                const char         *type,
                                JsonObject         *data);
  /* A line saying what a write waiting in the outbox is (“New ticket “…””), or NULL when
   * it is not this section's. @body may be NULL. Only asked about writes under the
   * customer's path (/api/v1/customers/{id}/…) and under record_prefix. */
  char     *(*describe_write)  (WccCustomerSection *self,
                                const char         *method,
                                const char         *path,
                                JsonObject         *body);
  /* Rows of the list (wcc_customer_section_set_list()): fill @row from @record
   * (again whenever the record changes); a row activated. */
  void      (*bind_row)        (WccCustomerSection *self,
                                WccSectionRow      *row,
                                WccRecord          *record);
  void      (*activate_record) (WccCustomerSection *self,
                                WccRecord          *record);
  /* The editor page shows @record (NULL: a new one): the subclass's own parts. */
  void      (*editor_opened)   (WccCustomerSection *self,
                                WccRecord          *record);
  /* The server took the editor's record (@record, as listed now); by default the list
   * shows again. */
  void      (*saved)           (WccCustomerSection *self,
                                WccRecord          *record);

  /* The section's list: GET /customers/{id}/@list_what; its records at @record_prefix{id}
   * ("/api/v1/orders/"). */
  const char *list_what;
  const char *record_prefix;
  /* What names a record ("title", "name"); the editor's title for a new one; the pending
   * lines of a new record, a change and a deletion, with the name as %s (N_() strings,
   * translated when shown; the default describe_write uses them). */
  const char *name_member;
  const char *new_title;
  const char *describe_new;
  const char *describe_change;
  const char *describe_delete;
};

/* Actions of every section with a list and an editor (wcc_customer_section_set_list() and
 * _set_editor()): section.new, section.open (x: record id), section.back, section.save,
 * section.delete; disabled in a section without an editor. */

/* Properties: "session" WccSession, "customer" WccRecord (as GET /customers/{id} serves
 * it), "pending" uint (read-only): this section's writes waiting in the outbox. */

WccSession  *wcc_customer_section_get_session     (WccCustomerSection *self);
void         wcc_customer_section_set_session     (WccCustomerSection *self,
                                                   WccSession         *session);
WccRecord   *wcc_customer_section_get_customer    (WccCustomerSection *self);
void         wcc_customer_section_set_customer    (WccCustomerSection *self,
                                                   WccRecord          *customer);
/* 0 without a customer. */
gint64       wcc_customer_section_get_customer_id (WccCustomerSection *self);
guint        wcc_customer_section_get_pending     (WccCustomerSection *self);

/* Subclasses: the toast overlay and the label of pending writes of their template. */
void         wcc_customer_section_set_feedback    (WccCustomerSection *self,
                                                   AdwToastOverlay    *toasts,
                                                   GtkLabel           *pending_label);
void         wcc_customer_section_toast           (WccCustomerSection *self,
                                                   const char         *message);
/* "/api/v1/customers/{id}/@what". */
char        *wcc_customer_section_path            (WccCustomerSection *self,
                                                   const char         *what);
/* A list of the session's client at @path (NULL without a session). */
WccPagedList *wcc_customer_section_new_list       (WccCustomerSection *self,
                                                   const char         *path);
/* The section's list of records (class list_what) in @view, rows WccSectionRow filled by
 * bind_row, activating one calls activate_record (by default: the editor); @list_stack
 * shows its page "list", or "empty" when there are none; @sorter (may be NULL) orders it. */
void         wcc_customer_section_set_list        (WccCustomerSection *self,
                                                   GtkListView        *view,
                                                   GtkStack           *list_stack,
                                                   GtkSorter          *sorter);
/* The loaded records (NULL without customer) and the list as shown (sorted). */
WccPagedList *wcc_customer_section_get_list       (WccCustomerSection *self);
GListModel  *wcc_customer_section_get_shown       (WccCustomerSection *self);
/* A record the server answered with or an event brought: into the list (the editor's too
 * when it is the one edited); the listed record. */
WccRecord   *wcc_customer_section_take_record     (WccCustomerSection *self,
                                                   JsonObject         *data);
/* The record the editor shows (NULL: a new one, or the list shows). */
WccRecord   *wcc_customer_section_get_edited      (WccCustomerSection *self);
/* Would closing the section lose work: the editor shows changes not saved, or its save
 * waits for the answer? */
gboolean     wcc_customer_section_get_unsaved     (WccCustomerSection *self);

/* Applied: @answer is the server's (NULL for an empty one); queued: both NULL; refused:
 * @error (a toast has said why; a version conflict has reloaded the section). */
typedef void (*WccSectionWriteDone) (WccCustomerSection *self,
                                     WccWriteOutcome     outcome,
                                     JsonObject         *answer,
                                     const GError       *error,
                                     gpointer            user_data);

/* Sends a write through the session's outbox; @body may be NULL; @done may be NULL. The
 * write goes on when the section is disposed (its tab closed), but @done is then not
 * called: it may touch the section's widgets. */
void         wcc_customer_section_write           (WccCustomerSection  *self,
                                                   const char          *method,
                                                   const char          *path,
                                                   JsonObject          *body,
                                                   WccSectionWriteDone  done,
                                                   gpointer             user_data);

/* Sections with a list page and an editor page: @pages has pages "list" and "editor";
 * @form's fields are on the editor page, @editor_title names the record edited,
 * @conflict_label shows a version conflict. */
void         wcc_customer_section_set_editor      (WccCustomerSection  *self,
                                                   GtkStack            *pages,
                                                   WccRecordForm       *form,
                                                   GtkLabel            *editor_title,
                                                   GtkLabel            *conflict_label);
/* The editor page filled from @record, or empty for a new one (NULL). */
void         wcc_customer_section_open_editor     (WccCustomerSection  *self,
                                                   WccRecord           *record);
void         wcc_customer_section_show_list       (WccCustomerSection  *self);
/* Saves what @form holds: POST @create_path for a new record, PATCH @record_prefix{id} with
 * the changes and version of an existing one. A required field left empty sends nothing
 * (FALSE, a toast says which). On a version conflict the current record is read: the form
 * keeps what the user typed and takes its version, and @conflict_label says what the
 * server has (shown until the form is filled again by the caller). @done as for
 * wcc_customer_section_write(). */
gboolean     wcc_customer_section_save_form       (WccCustomerSection  *self,
                                                   WccRecordForm       *form,
                                                   const char          *create_path,
                                                   const char          *record_prefix,
                                                   GtkLabel            *conflict_label,
                                                   WccSectionWriteDone  done,
                                                   gpointer             user_data);

/* Applied or refused: @answer or @error. Not called when the section's customer or session
 * changed meanwhile, or the section went away. */
typedef void (*WccSectionReadDone) (WccCustomerSection *self,
                                    JsonObject         *answer,
                                    const GError       *error,
                                    gpointer            user_data);

/* GET @path ("/api/v1/…") with the session's client. */
void         wcc_customer_section_read            (WccCustomerSection  *self,
                                                   const char          *path,
                                                   WccSectionReadDone   done,
                                                   gpointer             user_data);
/* Every page of the cursor list at @path, given to @done as one {"items"}. */
void         wcc_customer_section_read_all        (WccCustomerSection  *self,
                                                   const char          *path,
                                                   WccSectionReadDone   done,
                                                   gpointer             user_data);

/* The id in @path after @prefix ("/api/v1/tickets/" …), 0 when it is not there. */
gint64       wcc_customer_section_path_id         (const char         *path,
                                                   const char         *prefix);

G_END_DECLS
