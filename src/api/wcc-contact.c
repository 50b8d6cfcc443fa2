/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact.c: one of the softphone's own contacts: a name, numbers, a favourite star. */
#define G_LOG_DOMAIN "wcc-contact"

#include "config.h"

#include "wcc-contact.h"
#include "wcc-dial-uri.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_NUMBERS,
  PROP_FAVOURITE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccContact
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  GStrv     numbers;
  gboolean  favourite;
};

G_DEFINE_FINAL_TYPE (WccContact, wcc_contact, G_TYPE_OBJECT)

static void
wcc_contact_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WccContact *self = WCC_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_NUMBERS: g_value_set_boxed (value, self->numbers); break;
    case PROP_FAVOURITE: g_value_set_boolean (value, self->favourite); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_contact_finalize (GObject *object)
{
  WccContact *self = WCC_CONTACT (object);

  g_free (self->name);
  g_strfreev (self->numbers);

  G_OBJECT_CLASS (wcc_contact_parent_class)->finalize (object);
}

static void
wcc_contact_class_init (WccContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_contact_get_property;
  object_class->finalize = wcc_contact_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_NUMBERS] = g_param_spec_boxed ("numbers", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_FAVOURITE] = g_param_spec_boolean ("favourite", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_contact_init (WccContact *self)
{
}

WccContact *
wcc_contact_new (gint64             id,
                 const char        *name,
                 const char *const *numbers,
                 gboolean           favourite)
{
  WccContact *self = g_object_new (WCC_TYPE_CONTACT, NULL);

  self->id = id;
  wcc_contact_set (self, name, numbers, favourite);
  return self;
}

void
wcc_contact_set (WccContact        *self,
                 const char        *name,
                 const char *const *numbers,
                 gboolean           favourite)
{
  g_return_if_fail (WCC_IS_CONTACT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (numbers != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (self->numbers == NULL || !g_strv_equal ((const char *const *) self->numbers, numbers))
    {
      g_strfreev (self->numbers);
      self->numbers = g_strdupv ((GStrv) numbers);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBERS]);
    }
  if (self->favourite != !!favourite)
    {
      self->favourite = !!favourite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
wcc_contact_get_id (WccContact *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT (self), 0);
  return self->id;
}

const char *
wcc_contact_get_name (WccContact *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT (self), NULL);
  return self->name;
}

const char *const *
wcc_contact_get_numbers (WccContact *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT (self), NULL);
  return (const char *const *) self->numbers;
}

gboolean
wcc_contact_get_favourite (WccContact *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT (self), FALSE);
  return self->favourite;
}

gboolean
wcc_contact_has_number (WccContact *self,
                        const char *number)
{
  g_return_val_if_fail (WCC_IS_CONTACT (self), FALSE);

  for (guint i = 0; number != NULL && self->numbers[i] != NULL; i++)
    if (wcc_phone_numbers_match (self->numbers[i], number))
      return TRUE;
  return FALSE;
}
