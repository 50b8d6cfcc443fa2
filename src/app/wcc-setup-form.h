/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-form.h: what the client admin's set-up sections share (issue 9): a dialog of
 * rows with inline validation, the section's error line, its writes and its reloads. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

/* NULL when @text is good, else why not (a new string). */
typedef char *(*WccSetupCheck) (const char *text);

/* A dialog with "cancel" and "save" (the default); rows go in a preferences group under
 * the heading. "save" is refused while a row's check fails: the row shows it (the "error"
 * style and the dialog's hint line, named "hint"). */
AdwMessageDialog *wcc_setup_form_new        (GtkWidget          *anchor,
                                             const char         *heading);
/* Rows named @name (tests find them by it). @check may be NULL. */
GtkWidget        *wcc_setup_form_add_entry  (AdwMessageDialog   *form,
                                             const char         *name,
                                             const char         *title,
                                             const char         *text,
                                             WccSetupCheck       check);
GtkWidget        *wcc_setup_form_add_password (AdwMessageDialog *form,
                                             const char         *name,
                                             const char         *title);
GtkWidget        *wcc_setup_form_add_switch (AdwMessageDialog   *form,
                                             const char         *name,
                                             const char         *title,
                                             const char         *subtitle,
                                             gboolean            active);
/* An AdwComboRow of @choices (NULL-terminated), named @name. */
GtkWidget        *wcc_setup_form_add_choice (AdwMessageDialog   *form,
                                             const char         *name,
                                             const char         *title,
                                             const char * const *choices,
                                             guint               selected);
guint             wcc_setup_form_get_choice (AdwMessageDialog   *form,
                                             const char         *name);
const char       *wcc_setup_form_get_text   (AdwMessageDialog   *form,
                                             const char         *name);
gboolean          wcc_setup_form_get_active (AdwMessageDialog   *form,
                                             const char         *name);
/* Names the dialog @name (tests find it by it), connects "response" to @on_response
 * (called as (form, response, section)) and shows it. */
void              wcc_setup_form_present    (AdwMessageDialog   *form,
                                             const char         *name,
                                             GCallback           on_response,
                                             gpointer            section);
/* Runs the checks again (after a change the rows cannot see). */
void              wcc_setup_form_validate   (AdwMessageDialog   *form);

/* Checks */
char *wcc_setup_check_required   (const char *text);
char *wcc_setup_check_password   (const char *text);
char *wcc_setup_check_employee_id (const char *text);
/* Whole seconds, or a count: "" is refused. */
char *wcc_setup_check_number     (const char *text);
char *wcc_setup_check_digits     (const char *text);

/* The section's error line: @error's message (the server's, which says what is wrong),
 * hidden with NULL. */
void  wcc_setup_show_error       (GtkLabel     *label,
                                  const GError *error);

/* A write through the session's outbox: the server's answer goes to @done with the
 * section (@done's error NULL on success); an error is shown in @error_label first. */
typedef void (*WccSetupDone) (GtkWidget  *section,
                              JsonObject *answer,
                              GError     *error);
void  wcc_setup_write            (WccSession   *session,
                                  const char   *method,
                                  const char   *path,
                                  JsonObject   *body,
                                  GtkWidget    *section,
                                  GtkLabel     *error_label,
                                  WccSetupDone  done);
/* A GET of @path: @done gets the answer (or the error, shown in @error_label). */
void  wcc_setup_read             (WccClient    *client,
                                  const char   *path,
                                  GtkWidget    *section,
                                  GtkLabel     *error_label,
                                  WccSetupDone  done);

/* Every page of the cursor list @path ("/api/v1/users?limit=200"): @done gets
 * {"items": all of them}. */
void  wcc_setup_read_all         (WccClient    *client,
                                  const char   *path,
                                  GtkWidget    *section,
                                  GtkLabel     *error_label,
                                  WccSetupDone  done);
/* Asks before something is deleted; @confirmed runs with @section and @data on "delete". */
typedef void (*WccSetupConfirmed) (GtkWidget *section,
                                   gpointer   data);
void  wcc_setup_confirm_delete   (GtkWidget        *section,
                                  const char       *heading,
                                  const char       *body,
                                  WccSetupConfirmed confirmed,
                                  gpointer          data,
                                  GDestroyNotify    data_free);

/* Connects @on_event (section, type, seq, data) to the session's events and @reload
 * (section) to a resync, then reloads. */
void  wcc_setup_follow_events    (WccSession   *session,
                                  GtkWidget    *section,
                                  GCallback     on_event,
                                  GCallback     reload);

/* A row of a set-up list: @title, @subtitle, activatable; widget name @name. */
GtkWidget *wcc_setup_row_new     (const char   *name,
                                  const char   *title,
                                  const char   *subtitle);
/* A flat icon button at the end of @row; its widget name is @name. */
GtkWidget *wcc_setup_row_add_button (GtkWidget *row,
                                  const char   *name,
                                  const char   *icon_name,
                                  const char   *tooltip);
void  wcc_setup_list_clear       (GtkListBox   *list);

G_END_DECLS
