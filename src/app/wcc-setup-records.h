/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-records.h: a Set-up section over one kind of set-up record of the API (packages,
 * tasks, call results, tags): the records in a list, the chosen one in a form, Add, Save
 * (PATCH with its version: a stale one shows the current record and says so; a taken name
 * is told) and Delete (ticket choices and product types use it too). The form is described by a table of fields. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

typedef enum {
  WCC_SETUP_FIELD_TEXT,
  WCC_SETUP_FIELD_NUMBER,         /* 0 to max */
  WCC_SETUP_FIELD_CHOICE,         /* one of values (shown as labels) */
  WCC_SETUP_FIELD_REF,            /* an id of source's items, or null when nullable */
  WCC_SETUP_FIELD_REFS,           /* ids of source's items */
  WCC_SETUP_FIELD_CUSTOM_FIELDS,  /* a package's custom fields: [{name, label, type, required, choices}] */
  WCC_SETUP_FIELD_BOOLEAN,        /* a switch */
} WccSetupFieldKind;

typedef struct {
  const char        *name;          /* the API member */
  const char        *title;         /* N_(): translated when shown */
  WccSetupFieldKind  kind;
  const char *const *values;        /* CHOICE: the API's values … */
  const char *const *labels;        /* … and their N_() labels */
  const char        *source;        /* REF, REFS: the list of choices ("/api/v1/groups") */
  const char        *source_id;     /* the member holding an item's id ("id"; null: not offered) */
  const char        *source_label;  /* the member shown ("name") */
  gboolean           nullable;      /* REF: "None" may be chosen */
  gboolean           create_only;   /* sent when the record is created only (a task's package) */
  int                max;           /* NUMBER */
  gboolean           on_by_default; /* BOOLEAN: a new record's value */
} WccSetupField;

#define WCC_TYPE_SETUP_RECORDS (wcc_setup_records_get_type ())
G_DECLARE_FINAL_TYPE (WccSetupRecords, wcc_setup_records, WCC, SETUP_RECORDS, AdwBin)

/* @path: the collection ("/api/v1/tasks"; its records at @path/{id}); @title_member names a
 * record in the list ("name", "label"); @fields (static) describe the form. */
GtkWidget  *wcc_setup_records_new          (const char          *path,
                                            const char          *title_member,
                                            const WccSetupField *fields,
                                            guint                n_fields);
/* Loads the records and the choices; again each time the section is shown. */
void        wcc_setup_records_set_session  (WccSetupRecords     *self,
                                            WccSession          *session);
void        wcc_setup_records_reload       (WccSetupRecords     *self);
/* Shows the record @id in the form (FALSE when it is not in the list). */
gboolean    wcc_setup_records_select       (WccSetupRecords     *self,
                                            gint64               id);
/* The record in the form (NULL: a new one), and whether the lists have loaded. */
JsonObject *wcc_setup_records_get_current  (WccSetupRecords     *self);
gboolean    wcc_setup_records_is_loaded    (WccSetupRecords     *self);

G_END_DECLS
