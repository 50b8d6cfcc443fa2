/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-record-form.h: the fields of an editor bound to the members of an API record: fills
 * the widgets from a record, checks the required ones, and collects what to send (all of a
 * new record, the changes and the version of an existing one). */
#pragma once

#include <adwaita.h>

#include "wcc-record.h"

G_BEGIN_DECLS

#define WCC_TYPE_RECORD_FORM (wcc_record_form_get_type ())
G_DECLARE_FINAL_TYPE (WccRecordForm, wcc_record_form, WCC, RECORD_FORM, GObject)

WccRecordForm *wcc_record_form_new           (void);

/* A string member edited in a GtkEditable (AdwEntryRow, GtkEntry) or a GtkTextView. A
 * required field's row title gets a mark. */
void        wcc_record_form_add_text      (WccRecordForm *self,
                                           const char    *member,
                                           GtkWidget     *widget,
                                           gboolean       required);
/* A string member holding a phone number: collecting refuses (and marks) what is not one
 * (digits, a leading +, spaces and dashes; 3 to WCC_PHONE_NUMBER_MAX_DIGITS digits). */
void        wcc_record_form_add_phone     (WccRecordForm *self,
                                           const char    *member,
                                           GtkWidget     *widget,
                                           gboolean       required);
/* A whole number member in a spin button. */
void        wcc_record_form_add_number    (WccRecordForm *self,
                                           const char    *member,
                                           GtkSpinButton *spin,
                                           gboolean       required);
/* An id member ("category_id") chosen in @row by label; @label_member ("category") names
 * the record's label of its current choice. An optional one starts with "None". */
void        wcc_record_form_add_choice    (WccRecordForm *self,
                                           const char    *member,
                                           const char    *label_member,
                                           AdwComboRow   *row,
                                           gboolean       required);
/* The choices of @member: set-up records ({"id", @label, …}). */
void        wcc_record_form_set_choices   (WccRecordForm *self,
                                           const char    *member,
                                           JsonArray     *choices,
                                           const char    *label);

/* Fills the widgets from @record, or empties them for a new one (NULL). */
void        wcc_record_form_fill          (WccRecordForm *self,
                                           WccRecord     *record);
WccRecord  *wcc_record_form_get_record    (WccRecordForm *self);
/* Do the widgets differ from the record filled (for a new one: text typed, a number
 * changed)? */
gboolean    wcc_record_form_get_changed   (WccRecordForm *self);
/* The first field takes the keyboard focus. */
void        wcc_record_form_grab_focus    (WccRecordForm *self);
/* A body to send: every filled field of a new record; the changed fields and "version" of
 * an existing one. NULL with WCC_ERROR_INVALID_FIELD when a required field is empty or a
 * phone field holds no phone number (its widget is marked and takes the focus). */
JsonObject *wcc_record_form_collect       (WccRecordForm *self,
                                           GError       **error);
/* After a version conflict: @current (the server's record) becomes the one edited, so the
 * next save carries its version; what the user typed stays. Returns lines saying what the
 * server has where it differs from the form ("" when nothing). */
char       *wcc_record_form_rebase        (WccRecordForm *self,
                                           JsonObject    *current);

G_END_DECLS
