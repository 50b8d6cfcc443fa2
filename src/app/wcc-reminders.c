/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reminders.c: desktop notifications shortly before the agent's ticket and customer appointments (D3). */
#define G_LOG_DOMAIN "wcc-reminders"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-format.h"
#include "wcc-reminders.h"
#include "wcc-time.h"

/* An appointment whose time passed longer ago than this is not reminded of any more (the
 * app started late, the computer slept). */
#define LATE_SECONDS 60
/* The longest one timeout waits; it then looks again (a clock set forward, a long sleep). */
#define LONGEST_WAIT (6 * 3600)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_APPLICATION,
  PROP_LEAD_MINUTES,
  N_PROPS
};

enum {
  SIGNAL_REMINDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  char   *kind;          /* "customer" or "ticket" */
  gint64  id;
  gint64  customer_id;
  char   *label;
  gint64  due_at;
} Appointment;

struct _WccReminders
{
  GObject       parent_instance;

  WccSession   *session;
  GApplication *application;     /* weak: the application outlives the session */
  GHashTable   *appointments;    /* "kind:id" → Appointment */
  GHashTable   *reminded;        /* "kind:id@due_at": reminded of already */
  GCancellable *cancellable;
  guint         lead_minutes;
  guint         timeout_id;
  guint         loads;           /* reads going on: the timeout waits for them */
  guint         read_failed : 1;
};

G_DEFINE_FINAL_TYPE (WccReminders, wcc_reminders, G_TYPE_OBJECT)

static void reschedule (WccReminders *self);

static void
appointment_free (Appointment *appointment)
{
  g_free (appointment->kind);
  g_free (appointment->label);
  g_free (appointment);
}

static char *
key_for (const char *kind,
         gint64      id)
{
  return g_strdup_printf ("%s:%lld", kind, (long long) id);
}

static char *
reminded_key (const char        *key,
              const Appointment *appointment)
{
  return g_strdup_printf ("%s@%lld", key, (long long) appointment->due_at);
}

static gint64
remind_at (WccReminders      *self,
           const Appointment *appointment)
{
  return appointment->due_at - (gint64) self->lead_minutes * 60;
}

static void
put (WccReminders *self,
     const char   *kind,
     gint64        id,
     gint64        customer_id,
     const char   *label,
     gint64        due_at)
{
  Appointment *appointment = g_new0 (Appointment, 1);

  appointment->kind = g_strdup (kind);
  appointment->id = id;
  appointment->customer_id = customer_id;
  appointment->label = g_strdup (label ? label : "");
  appointment->due_at = due_at;
  g_hash_table_replace (self->appointments, key_for (kind, id), appointment);
}

static void
drop (WccReminders *self,
      const char   *kind,
      gint64        id)
{
  g_autofree char *key = key_for (kind, id);

  g_hash_table_remove (self->appointments, key);
}

static gint64
time_member (JsonObject *object,
             const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  gint64 value = 0;

  return text != NULL && wcc_time_from_rfc3339 (text, &value) ? value : 0;
}

static gint64
my_id (WccReminders *self)
{
  return wcc_user_get_id (wcc_session_get_user (self->session));
}

/* A customer appointment of the API: the user's is kept, another agent's dropped. */
static void
apply_customer_appointment (WccReminders *self,
                            JsonObject   *object)
{
  gint64 id = json_object_get_int_member_with_default (object, "id", 0);
  gint64 due_at = time_member (object, "due_at");

  if (json_object_get_int_member_with_default (object, "agent_id", 0) == my_id (self) && due_at != 0)
    put (self, "customer", id, json_object_get_int_member_with_default (object, "customer_id", 0),
         json_object_get_string_member_with_default (object, "customer_label", ""), due_at);
  else
    drop (self, "customer", id);
}

/* A ticket of the API: kept while open with an appointment the user set. */
static void
apply_ticket (WccReminders *self,
              JsonObject   *object)
{
  gint64 id = json_object_get_int_member_with_default (object, "id", 0);
  gint64 due_at = time_member (object, "appointment_at");

  if (json_object_get_boolean_member_with_default (object, "open", FALSE) && due_at != 0 &&
      json_object_get_int_member_with_default (object, "appointment_user_id", 0) == my_id (self))
    put (self, "ticket", id, json_object_get_int_member_with_default (object, "customer_id", 0),
         json_object_get_string_member_with_default (object, "title", ""), due_at);
  else
    drop (self, "ticket", id);
}

/* ---- notifications -------------------------------------------------------------------- */

static GNotification *
notification_new (const Appointment *appointment)
{
  g_autofree char *time = wcc_format_unix (appointment->due_at, WCC_DATE_STYLE_TIME);
  g_autofree char *body = NULL;
  GNotification *notification;
  gboolean ticket = g_str_equal (appointment->kind, "ticket");

  notification = g_notification_new (ticket ? _("Ticket Appointment") : _("Customer Appointment"));
  /* TRANSLATORS: a reminder: the ticket's title or the customer's name, then the time. */
  body = g_strdup_printf (_("%s at %s"), appointment->label, time);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.open-customer", "x", appointment->customer_id);
  g_notification_add_button_with_target (notification, _("Open Customer"), "app.open-customer", "x",
                                         appointment->customer_id);
  return notification;
}

static void
remind (WccReminders *self,
        const char   *key,
        Appointment  *appointment)
{
  g_autoptr(GNotification) notification = notification_new (appointment);
  g_autofree char *notification_id = g_strdup_printf ("reminder-%s", key);

  g_hash_table_add (self->reminded, reminded_key (key, appointment));
  if (self->application != NULL)
    g_application_send_notification (self->application, notification_id, notification);
  g_signal_emit (self, signals[SIGNAL_REMINDED], 0, appointment->kind, appointment->id, appointment->customer_id,
                 notification);
}

/* The earliest reminder still to give (0: none); with @now, gives every one due by then. */
static gint64
next_reminder (WccReminders *self,
               gint64        now,
               gboolean      give_due)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  gint64 next = 0;

  g_hash_table_iter_init (&iter, self->appointments);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Appointment *appointment = value;
      g_autofree char *done = reminded_key (key, appointment);
      gint64 at = remind_at (self, appointment);

      if (appointment->due_at < now - LATE_SECONDS || g_hash_table_contains (self->reminded, done))
        continue;
      if (give_due && at <= now)
        g_ptr_array_add (due, g_strdup (key));
      else if (next == 0 || at < next)
        next = at;
    }
  /* Given after the walk: a handler of "reminded" may change the table. */
  for (guint i = 0; i < due->len; i++)
    {
      Appointment *appointment = g_hash_table_lookup (self->appointments, g_ptr_array_index (due, i));

      if (appointment != NULL)
        remind (self, g_ptr_array_index (due, i), appointment);
    }
  return next;
}

static gboolean
on_timeout (gpointer user_data)
{
  WccReminders *self = user_data;

  self->timeout_id = 0;
  reschedule (self);
  return G_SOURCE_REMOVE;
}

/* Gives what is due, then one timeout to the next reminder. */
static void
reschedule (WccReminders *self)
{
  gint64 now = wcc_time_now ();
  gint64 next;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  next = next_reminder (self, now, TRUE);
  if (next == 0)
    return;
  self->timeout_id = g_timeout_add_seconds ((guint) CLAMP (next - wcc_time_now (), 1, LONGEST_WAIT), on_timeout, self);
}

/* ---- reading -------------------------------------------------------------------------- */

typedef void (*ApplyFunc) (WccReminders *self, JsonObject *object);

typedef struct {
  WccReminders *self;
  GCancellable *cancellable;   /* the reload's */
  char         *path;          /* without the page's cursor */
  ApplyFunc     apply;
} Read;

static void
read_free (Read *read)
{
  g_object_unref (read->self);
  g_object_unref (read->cancellable);
  g_free (read->path);
  g_free (read);
}

static void read_page (Read *read, const char *after);

static void
on_page_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = user_data;
  /* Alive to the end: read_free() below may drop the last reference (the application lets
   * go of its reminders at logout while a read is still on its way). */
  g_autoptr(WccReminders) self = g_object_ref (read->self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  const char *next;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  /* A later reload replaced this read. */
  if (g_cancellable_is_cancelled (read->cancellable))
    {
      read_free (read);
      return;
    }
  if (answer == NULL)
    {
      /* Offline: read again when the event stream is back. */
      g_debug ("Appointments not read for reminders: %s", error->message);
      self->read_failed = TRUE;
      self->loads--;
      read_free (read);
      if (self->loads == 0)
        reschedule (self);
      return;
    }
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        read->apply (self, json_node_get_object (element));
    }
  next = json_object_get_string_member_with_default (answer, "next", NULL);
  if (next != NULL)
    {
      read_page (read, next);
      return;
    }
  self->loads--;
  read_free (read);
  if (self->loads == 0)
    reschedule (self);
}

static void
read_page (Read       *read,
           const char *after)
{
  g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, FALSE) : NULL;
  g_autofree char *path = after ? g_strdup_printf ("%s&after=%s", read->path, escaped) : g_strdup (read->path);

  wcc_client_get_object_async (wcc_session_get_client (read->self->session), path, read->cancellable,
                               on_page_read, read);
}

static void
start_read (WccReminders *self,
            char         *path,
            ApplyFunc     apply)
{
  Read *read = g_new0 (Read, 1);

  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->cancellable);
  read->path = path;
  read->apply = apply;
  self->loads++;
  read_page (read, NULL);
}

/* ---- events --------------------------------------------------------------------------- */

static void
on_event (WccReminders   *self,
          const char     *type,
          gint64          seq,
          JsonNode       *data,
          WccEventStream *events)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (data))
    return;
  object = json_node_get_object (data);
  if (g_str_equal (type, "appointment.changed") || g_str_equal (type, "appointment.assigned"))
    apply_customer_appointment (self, object);
  else if (g_str_equal (type, "appointment.removed"))
    drop (self, "customer", json_object_get_int_member_with_default (object, "id", 0));
  else if (g_str_equal (type, "ticket.created") || g_str_equal (type, "ticket.changed"))
    apply_ticket (self, object);
  else
    return;
  if (self->loads == 0)
    reschedule (self);
}

static void
on_connected (WccReminders   *self,
              GParamSpec     *pspec,
              WccEventStream *events)
{
  if (self->read_failed && wcc_event_stream_get_connected (events))
    wcc_reminders_reload (self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
wcc_reminders_constructed (GObject *object)
{
  WccReminders *self = WCC_REMINDERS (object);
  WccEventStream *events;

  G_OBJECT_CLASS (wcc_reminders_parent_class)->constructed (object);

  g_assert (WCC_IS_SESSION (self->session));
  events = wcc_session_get_event_stream (self->session);
  g_signal_connect_object (events, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (wcc_reminders_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "notify::connected", G_CALLBACK (on_connected), self, G_CONNECT_SWAPPED);
}

static void
wcc_reminders_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WccReminders *self = WCC_REMINDERS (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_APPLICATION: g_value_set_object (value, self->application); break;
    case PROP_LEAD_MINUTES: g_value_set_uint (value, self->lead_minutes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_reminders_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WccReminders *self = WCC_REMINDERS (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    case PROP_APPLICATION: g_set_weak_pointer (&self->application, g_value_get_object (value)); break;
    case PROP_LEAD_MINUTES: wcc_reminders_set_lead_minutes (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_reminders_dispose (GObject *object)
{
  WccReminders *self = WCC_REMINDERS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_reminders_parent_class)->dispose (object);
}

static void
wcc_reminders_finalize (GObject *object)
{
  WccReminders *self = WCC_REMINDERS (object);

  g_clear_pointer (&self->appointments, g_hash_table_unref);
  g_clear_pointer (&self->reminded, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_reminders_parent_class)->finalize (object);
}

static void
wcc_reminders_class_init (WccRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = wcc_reminders_constructed;
  object_class->get_property = wcc_reminders_get_property;
  object_class->set_property = wcc_reminders_set_property;
  object_class->dispose = wcc_reminders_dispose;
  object_class->finalize = wcc_reminders_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEAD_MINUTES] =
    g_param_spec_uint ("lead-minutes", NULL, NULL, 0, 24 * 60, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REMINDED] =
    g_signal_new ("reminded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_NOTIFICATION);
}

static void
wcc_reminders_init (WccReminders *self)
{
  self->appointments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) appointment_free);
  self->reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->lead_minutes = 5;
}

WccReminders *
wcc_reminders_new (WccSession   *session,
                   GApplication *application)
{
  g_return_val_if_fail (WCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  return g_object_new (WCC_TYPE_REMINDERS, "session", session, "application", application, NULL);
}

void
wcc_reminders_reload (WccReminders *self)
{
  g_autofree char *from = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (WCC_IS_REMINDERS (self));

  /* A read going on is replaced: its answer would be older. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loads = 0;
  self->read_failed = FALSE;
  g_hash_table_remove_all (self->appointments);
  from = wcc_time_to_rfc3339 (wcc_time_now () - LATE_SECONDS);
  escaped = g_uri_escape_string (from, NULL, FALSE);
  start_read (self, g_strdup ("/api/v1/appointments?when=all&limit=200"), apply_customer_appointment);
  start_read (self, g_strdup_printf ("/api/v1/ticket-appointments?from=%s&limit=200", escaped), apply_ticket);
}

guint
wcc_reminders_get_lead_minutes (WccReminders *self)
{
  g_return_val_if_fail (WCC_IS_REMINDERS (self), 0);
  return self->lead_minutes;
}

void
wcc_reminders_set_lead_minutes (WccReminders *self,
                                guint         minutes)
{
  g_return_if_fail (WCC_IS_REMINDERS (self));

  if (self->lead_minutes == minutes)
    return;
  self->lead_minutes = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD_MINUTES]);
  if (self->loads == 0)
    reschedule (self);
}

guint
wcc_reminders_get_n_waiting (WccReminders *self)
{
  GHashTableIter iter;
  gpointer key, value;
  guint count = 0;

  g_return_val_if_fail (WCC_IS_REMINDERS (self), 0);

  g_hash_table_iter_init (&iter, self->appointments);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *done = reminded_key (key, value);

      if (!g_hash_table_contains (self->reminded, done) &&
          ((Appointment *) value)->due_at >= wcc_time_now () - LATE_SECONDS)
        count++;
    }
  return count;
}

gint64
wcc_reminders_get_next_time (WccReminders *self)
{
  g_return_val_if_fail (WCC_IS_REMINDERS (self), 0);
  return next_reminder (self, wcc_time_now (), FALSE);
}
