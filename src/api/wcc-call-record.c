/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-record.c: one call of the softphone's call log (immutable, for list rows to bind to). */
#define G_LOG_DOMAIN "wcc-call-record"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-call-record.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_DIRECTION,
  PROP_NUMBER,
  PROP_NAME,
  PROP_STARTED_AT,
  PROP_DURATION,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccCallRecord
{
  GObject                 parent_instance;

  gint64                  id;
  WccCallRecordDirection  direction;
  char                   *number;
  char                   *name;
  gint64                  started_at;
  guint                   duration;
  WccCallRecordOutcome    outcome;
};

G_DEFINE_FINAL_TYPE (WccCallRecord, wcc_call_record, G_TYPE_OBJECT)

static void
wcc_call_record_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WccCallRecord *self = WCC_CALL_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_DIRECTION: g_value_set_int (value, self->direction); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_STARTED_AT: g_value_set_int64 (value, self->started_at); break;
    case PROP_DURATION: g_value_set_uint (value, self->duration); break;
    case PROP_OUTCOME: g_value_set_int (value, self->outcome); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_call_record_finalize (GObject *object)
{
  WccCallRecord *self = WCC_CALL_RECORD (object);

  g_free (self->number);
  g_free (self->name);

  G_OBJECT_CLASS (wcc_call_record_parent_class)->finalize (object);
}

static void
wcc_call_record_class_init (WccCallRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_call_record_get_property;
  object_class->finalize = wcc_call_record_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DIRECTION] = g_param_spec_int ("direction", NULL, NULL, WCC_CALL_RECORD_OUTGOING,
                                                 WCC_CALL_RECORD_INCOMING, WCC_CALL_RECORD_OUTGOING, ro);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DURATION] = g_param_spec_uint ("duration", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_OUTCOME] = g_param_spec_int ("outcome", NULL, NULL, WCC_CALL_RECORD_ANSWERED,
                                               WCC_CALL_RECORD_OUTCOME_LAST, WCC_CALL_RECORD_ANSWERED, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_call_record_init (WccCallRecord *self)
{
}

WccCallRecord *
wcc_call_record_new (gint64                  id,
                     WccCallRecordDirection  direction,
                     const char             *number,
                     const char             *name,
                     gint64                  started_at,
                     guint                   duration,
                     WccCallRecordOutcome    outcome)
{
  WccCallRecord *self;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (outcome <= WCC_CALL_RECORD_OUTCOME_LAST, NULL);

  self = g_object_new (WCC_TYPE_CALL_RECORD, NULL);
  self->id = id;
  self->direction = direction;
  self->number = g_strdup (number);
  self->name = g_strdup (name ? name : "");
  self->started_at = started_at;
  self->duration = duration;
  self->outcome = outcome;
  return self;
}

gint64
wcc_call_record_get_id (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), 0);
  return self->id;
}

WccCallRecordDirection
wcc_call_record_get_direction (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), WCC_CALL_RECORD_OUTGOING);
  return self->direction;
}

const char *
wcc_call_record_get_number (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), NULL);
  return self->number;
}

const char *
wcc_call_record_get_name (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), NULL);
  return self->name;
}

gint64
wcc_call_record_get_started_at (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), 0);
  return self->started_at;
}

guint
wcc_call_record_get_duration (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), 0);
  return self->duration;
}

WccCallRecordOutcome
wcc_call_record_get_outcome (WccCallRecord *self)
{
  g_return_val_if_fail (WCC_IS_CALL_RECORD (self), WCC_CALL_RECORD_ANSWERED);
  return self->outcome;
}

const char *
wcc_call_record_outcome_to_string (WccCallRecordOutcome outcome)
{
  switch (outcome)
    {
    case WCC_CALL_RECORD_ANSWERED: return _("Answered");
    case WCC_CALL_RECORD_MISSED: return _("Missed");
    case WCC_CALL_RECORD_DECLINED: return _("Declined");
    case WCC_CALL_RECORD_NOT_ANSWERED: return _("Not answered");
    default: g_return_val_if_reached ("");
    }
}

const char *
wcc_call_record_direction_to_string (WccCallRecordDirection direction)
{
  return direction == WCC_CALL_RECORD_INCOMING ? _("Incoming") : _("Outgoing");
}
