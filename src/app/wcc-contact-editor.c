/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-editor.c: the dialog that adds or edits one of the softphone's contacts. */
#define G_LOG_DOMAIN "wcc-contact-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-contact-editor.h"

enum {
  SIGNAL_SAVED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccContactEditor
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  GtkEntry         *name_entry;
  GtkEntry         *numbers_entry;
  GtkCheckButton   *favourite_check;

  /* owned references */
  WccContactList   *contacts;
  WccContact       *contact;     /* NULL: a new one */
};

G_DEFINE_FINAL_TYPE (WccContactEditor, wcc_contact_editor, ADW_TYPE_MESSAGE_DIALOG)

static void
wcc_contact_editor_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  WccContactEditor *self = WCC_CONTACT_EDITOR (dialog);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_auto(GStrv) numbers = NULL;
  gboolean favourite = gtk_check_button_get_active (self->favourite_check);
  g_autoptr(GError) error = NULL;
  g_autoptr(WccContact) saved = NULL;

  if (!g_str_equal (response, "save"))
    return;
  numbers = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->numbers_entry)), ",", -1);
  if (self->contact != NULL &&
      wcc_contact_list_update (self->contacts, self->contact, name, (const char *const *) numbers, favourite, &error))
    saved = g_object_ref (self->contact);
  else if (self->contact == NULL)
    saved = wcc_contact_list_add (self->contacts, name, (const char *const *) numbers, favourite, &error);
  if (saved != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, saved);
  else
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
}

static void
wcc_contact_editor_dispose (GObject *object)
{
  WccContactEditor *self = WCC_CONTACT_EDITOR (object);

  g_clear_object (&self->contacts);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (wcc_contact_editor_parent_class)->dispose (object);
}

static void
wcc_contact_editor_class_init (WccContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_contact_editor_dispose;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = wcc_contact_editor_response;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CONTACT);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WccContactEditor, name_entry);
  gtk_widget_class_bind_template_child (widget_class, WccContactEditor, numbers_entry);
  gtk_widget_class_bind_template_child (widget_class, WccContactEditor, favourite_check);
}

static void
wcc_contact_editor_init (WccContactEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

WccContactEditor *
wcc_contact_editor_new (GtkWindow      *parent,
                        WccContactList *contacts,
                        WccContact     *contact,
                        const char     *name,
                        const char     *number)
{
  WccContactEditor *self;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (contacts), NULL);
  g_return_val_if_fail (contact == NULL || WCC_IS_CONTACT (contact), NULL);

  self = g_object_new (WCC_TYPE_CONTACT_EDITOR,
                       "transient-for", parent,
                       "heading", contact ? _("Edit Contact") : _("Add Contact"),
                       NULL);
  self->contacts = g_object_ref (contacts);
  if (contact != NULL)
    {
      g_autofree char *numbers = g_strjoinv (", ", (GStrv) wcc_contact_get_numbers (contact));

      self->contact = g_object_ref (contact);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), wcc_contact_get_name (contact));
      gtk_editable_set_text (GTK_EDITABLE (self->numbers_entry), numbers);
      gtk_check_button_set_active (self->favourite_check, wcc_contact_get_favourite (contact));
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->numbers_entry), number ? number : "");
    }
  return self;
}
