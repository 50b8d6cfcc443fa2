/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-editor.h: the dialog that adds or edits one of the softphone's contacts. */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_CONTACT_EDITOR (wcc_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (WccContactEditor, wcc_contact_editor, WCC, CONTACT_EDITOR, AdwMessageDialog)

/* Signals: saved (WccContact *contact); failed (const char *message): the store refused it
 * (the dialog has closed; the message is for a toast). */

/* Edits @contact, or (NULL) adds a contact with @name and @number filled in. */
WccContactEditor *wcc_contact_editor_new (GtkWindow      *parent,
                                          WccContactList *contacts,
                                          WccContact     *contact,
                                          const char     *name,
                                          const char     *number);

G_END_DECLS
