/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-lines.h: what the Set-up sections share: a status line, and editable lines of
 * typed definitions — a package's custom fields and a questionnaire's questions are both
 * {"name"?, "label", "type", "required", "choices"} — in a boxed GtkListBox. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Shows @text under a form, in the error colour when @error. */
void            wcc_setup_set_status   (GtkLabel          *label,
                                        const char        *text,
                                        gboolean           error);

typedef struct {
  const char *const *types;        /* the API's type names … */
  const char *const *type_labels;  /* … and their N_() labels */
  const char *const *choice_types; /* the types that take "choices" */
  gboolean           with_name;    /* a "name" entry first (custom fields) */
  gboolean           movable;      /* a "Move up" button (questions) */
  gboolean           fixed_type;   /* a definition read from the server keeps its type */
  const char        *prefix;       /* of the inputs' widget names: "custom", "question" */
  const char        *remove_tip;   /* N_() */
} WccSetupLineKind;

/* Appends a line for @definition (NULL: an empty one) to @list; an "id" member is kept. */
void            wcc_setup_line_append  (GtkListBox             *list,
                                        const WccSetupLineKind *kind,
                                        JsonObject             *definition);
/* The definitions of @list's lines in order. */
JsonArray      *wcc_setup_lines_read   (GtkListBox             *list,
                                        const WccSetupLineKind *kind);
void            wcc_setup_lines_clear  (GtkListBox             *list);

G_END_DECLS
