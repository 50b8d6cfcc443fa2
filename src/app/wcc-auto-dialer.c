/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-auto-dialer.c: auto-dial (C25): calls a list of customers one after another, with a countdown between calls. */
#define G_LOG_DOMAIN "wcc-auto-dialer"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-auto-dialer.h"

enum {
  PROP_0,
  PROP_STATE,
  PROP_CURRENT,
  PROP_NEXT,
  PROP_REMAINING,
  PROP_DELAY,
  PROP_PAUSED,
  PROP_IN_CALL,
  PROP_START_WAIT,
  N_PROPS
};

enum {
  SIGNAL_ITEM_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  WccAutoDialItemState  state;
  char                 *number;
} Item;

struct _WccAutoDialer
{
  GObject           parent_instance;

  WccClient        *client;
  GListModel       *customers;
  GArray           *items;          /* Item, beside customers */
  WccAutoDialFunc   dial;
  gpointer          dial_data;
  GDestroyNotify    dial_destroy;
  GCancellable     *cancellable;    /* the do-not-call read going on */
  WccAutoDialState  state;
  int               current;
  guint             next;
  guint             remaining;
  guint             delay;
  guint             start_wait;     /* seconds a dial may take to show its call */
  guint             tick_id;
  guint             call_check_id;
  guint             paused : 1;
  guint             in_call : 1;
};

G_DEFINE_FINAL_TYPE (WccAutoDialer, wcc_auto_dialer, G_TYPE_OBJECT)

static void advance (WccAutoDialer *self);

static void
item_clear (Item *item)
{
  g_clear_pointer (&item->number, g_free);
}

static void
set_state (WccAutoDialer    *self,
           WccAutoDialState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_current (WccAutoDialer *self,
             int            current)
{
  if (self->current == current)
    return;
  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
set_next (WccAutoDialer *self,
          guint          next)
{
  if (self->next == next)
    return;
  self->next = next;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT]);
}

static void
set_remaining (WccAutoDialer *self,
               guint          remaining)
{
  if (self->remaining == remaining)
    return;
  self->remaining = remaining;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMAINING]);
}

static void
set_item_state (WccAutoDialer        *self,
                guint                 position,
                WccAutoDialItemState  state)
{
  g_array_index (self->items, Item, position).state = state;
  g_signal_emit (self, signals[SIGNAL_ITEM_CHANGED], 0, position);
}

/* ---- the countdown -------------------------------------------------------------------- */

static gboolean
on_tick (gpointer user_data)
{
  WccAutoDialer *self = user_data;

  set_remaining (self, self->remaining > 0 ? self->remaining - 1 : 0);
  if (self->remaining > 0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  advance (self);
  return G_SOURCE_REMOVE;
}

/* Counts @seconds down to the next call; one timer, running only while counting. */
static void
count_down (WccAutoDialer *self,
            guint          seconds)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  set_remaining (self, seconds);
  if (self->paused)
    {
      set_state (self, WCC_AUTO_DIAL_PAUSED);
      return;
    }
  if (seconds == 0)
    {
      advance (self);
      return;
    }
  set_state (self, WCC_AUTO_DIAL_COUNTDOWN);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
}

/* ---- calls ---------------------------------------------------------------------------- */

static void
call_over (WccAutoDialer *self)
{
  g_clear_handle_id (&self->call_check_id, g_source_remove);
  set_current (self, -1);
  count_down (self, self->delay);
}

/* A dial that showed no call in time (the softphone refused it, or the customer's tab could
 * not dial) counts as failed; the list goes on. */
static gboolean
on_call_check (gpointer user_data)
{
  WccAutoDialer *self = user_data;

  self->call_check_id = 0;
  if (self->state == WCC_AUTO_DIAL_CALLING && !self->in_call && self->current >= 0)
    {
      set_item_state (self, (guint) self->current, WCC_AUTO_DIAL_ITEM_FAILED);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, _("The call did not start"));
      call_over (self);
    }
  return G_SOURCE_REMOVE;
}

/* A call the agent has (taken or placed by hand) while the list moves on: it is waited
 * for as any call of the list, with no customer of the list on it. */
static gboolean
wait_for_other_call (WccAutoDialer *self)
{
  if (!self->in_call)
    return FALSE;
  set_current (self, -1);
  set_state (self, WCC_AUTO_DIAL_CALLING);
  return TRUE;
}

static void
dial (WccAutoDialer *self,
      guint          position)
{
  Item *item = &g_array_index (self->items, Item, position);
  g_autoptr(WccRecord) customer = g_list_model_get_item (self->customers, position);
  g_autoptr(GError) error = NULL;

  set_state (self, WCC_AUTO_DIAL_CALLING);
  if (self->dial == NULL || !self->dial (wcc_record_get_id (customer), item->number, self->dial_data, &error))
    {
      set_item_state (self, position, WCC_AUTO_DIAL_ITEM_FAILED);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error ? error->message : _("The call could not start"));
      call_over (self);
      return;
    }
  set_item_state (self, position, WCC_AUTO_DIAL_ITEM_CALLED);
  /* The dial may show its call later (win.call-customer first opens the customer's tab). */
  if (!self->in_call)
    self->call_check_id = g_timeout_add_seconds (MAX (self->start_wait, 1), on_call_check, self);
}

/* The customer's first number without an approved do-not-call or blacklist request. */
static const char *
callable_number (WccRecord  *customer,
                 GHashTable *blocked)
{
  JsonArray *phones = wcc_record_get_array (customer, "phones");

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *phone = json_array_get_object_element (phones, i);
      const char *normalized = json_object_get_string_member_with_default (phone, "normalized", "");

      if (*normalized != '\0' && !g_hash_table_contains (blocked, normalized))
        return json_object_get_string_member_with_default (phone, "number", normalized);
    }
  return NULL;
}

static void
on_requests_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WccAutoDialer *self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) blocked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WccRecord) customer = NULL;
  JsonArray *requests;
  JsonArray *phones;
  const char *number;
  guint position;

  /* Cancelled: stopped, or the dialer was disposed (its window closed) and @self may be
   * gone; nothing of it is read before this check. */
  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  position = (guint) self->current;
  g_clear_object (&self->cancellable);
  if (answer == NULL)
    {
      /* Unknown do-not-call state: nobody is called on a guess. */
      set_item_state (self, position, WCC_AUTO_DIAL_ITEM_FAILED);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error->message);
      set_current (self, -1);
      advance (self);
      return;
    }
  requests = json_object_get_array_member (answer, "items");
  for (guint i = 0; requests != NULL && i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (request, "state", ""), "approved") == 0)
        g_hash_table_add (blocked, (gpointer) json_object_get_string_member_with_default (request, "normalized", ""));
    }
  customer = g_list_model_get_item (self->customers, position);
  number = callable_number (customer, blocked);
  if (number == NULL)
    {
      phones = wcc_record_get_array (customer, "phones");
      set_item_state (self, position, phones != NULL && json_array_get_length (phones) > 0
                                        ? WCC_AUTO_DIAL_ITEM_DO_NOT_CALL : WCC_AUTO_DIAL_ITEM_FAILED);
      set_current (self, -1);
      advance (self);
      return;
    }
  g_free (g_array_index (self->items, Item, position).number);
  g_array_index (self->items, Item, position).number = g_strdup (number);
  if (self->paused)
    {
      /* Paused while reading: this customer is next again. */
      set_current (self, -1);
      set_next (self, position);
      set_state (self, WCC_AUTO_DIAL_PAUSED);
      return;
    }
  /* A call came meanwhile: this customer is next after it. */
  if (self->in_call)
    {
      set_next (self, position);
      wait_for_other_call (self);
      return;
    }
  dial (self, position);
}

/* The next customer still waiting: its do-not-call numbers, then the call. */
static void
advance (WccAutoDialer *self)
{
  guint n = g_list_model_get_n_items (self->customers);
  guint position = self->next;
  g_autoptr(WccRecord) customer = NULL;
  g_autofree char *path = NULL;

  while (position < n && g_array_index (self->items, Item, position).state != WCC_AUTO_DIAL_ITEM_WAITING)
    position++;
  if (position >= n)
    {
      set_next (self, n);
      set_state (self, WCC_AUTO_DIAL_FINISHED);
      return;
    }
  if (self->paused)
    {
      set_next (self, position);
      set_state (self, WCC_AUTO_DIAL_PAUSED);
      return;
    }
  set_next (self, position);
  if (wait_for_other_call (self))
    return;
  set_current (self, (int) position);
  set_next (self, position + 1);
  set_state (self, WCC_AUTO_DIAL_CHECKING);
  customer = g_list_model_get_item (self->customers, position);
  path = g_strdup_printf ("/api/v1/customers/%lld/number-requests?limit=200", (long long) wcc_record_get_id (customer));
  self->cancellable = g_cancellable_new ();
  wcc_client_get_object_async (self->client, path, self->cancellable, on_requests_read, self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
wcc_auto_dialer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WccAutoDialer *self = WCC_AUTO_DIALER (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_CURRENT: g_value_set_int (value, self->current); break;
    case PROP_NEXT: g_value_set_uint (value, self->next); break;
    case PROP_REMAINING: g_value_set_uint (value, self->remaining); break;
    case PROP_DELAY: g_value_set_uint (value, self->delay); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_IN_CALL: g_value_set_boolean (value, self->in_call); break;
    case PROP_START_WAIT: g_value_set_uint (value, self->start_wait); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_auto_dialer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WccAutoDialer *self = WCC_AUTO_DIALER (object);

  switch (prop_id)
    {
    case PROP_DELAY: wcc_auto_dialer_set_delay (self, g_value_get_uint (value)); break;
    case PROP_IN_CALL: wcc_auto_dialer_set_in_call (self, g_value_get_boolean (value)); break;
    case PROP_START_WAIT: self->start_wait = g_value_get_uint (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_auto_dialer_dispose (GObject *object)
{
  WccAutoDialer *self = WCC_AUTO_DIALER (object);

  wcc_auto_dialer_stop (self);
  if (self->dial_destroy != NULL)
    self->dial_destroy (self->dial_data);
  self->dial = NULL;
  self->dial_destroy = NULL;
  g_clear_object (&self->customers);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_auto_dialer_parent_class)->dispose (object);
}

static void
wcc_auto_dialer_finalize (GObject *object)
{
  WccAutoDialer *self = WCC_AUTO_DIALER (object);

  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (wcc_auto_dialer_parent_class)->finalize (object);
}

static void
wcc_auto_dialer_class_init (WccAutoDialerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags write_flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_auto_dialer_get_property;
  object_class->set_property = wcc_auto_dialer_set_property;
  object_class->dispose = wcc_auto_dialer_dispose;
  object_class->finalize = wcc_auto_dialer_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WCC_AUTO_DIAL_IDLE, WCC_AUTO_DIAL_FINISHED,
                                             WCC_AUTO_DIAL_IDLE, read_flags);
  properties[PROP_CURRENT] = g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1, read_flags);
  properties[PROP_NEXT] = g_param_spec_uint ("next", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  properties[PROP_REMAINING] = g_param_spec_uint ("remaining", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  properties[PROP_DELAY] = g_param_spec_uint ("delay", NULL, NULL, 0, 3600, 10, write_flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, read_flags);
  properties[PROP_IN_CALL] = g_param_spec_boolean ("in-call", NULL, NULL, FALSE, write_flags);
  properties[PROP_START_WAIT] = g_param_spec_uint ("start-wait", NULL, NULL, 1, 600, 15,
                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wcc_auto_dialer_init (WccAutoDialer *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->customers = G_LIST_MODEL (g_list_store_new (WCC_TYPE_RECORD));
  self->current = -1;
  self->delay = 10;
  self->start_wait = 15;
}

WccAutoDialer *
wcc_auto_dialer_new (WccClient *client)
{
  WccAutoDialer *self;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);

  self = g_object_new (WCC_TYPE_AUTO_DIALER, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
wcc_auto_dialer_set_dial_func (WccAutoDialer   *self,
                               WccAutoDialFunc  func,
                               gpointer         user_data,
                               GDestroyNotify   destroy)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  if (self->dial_destroy != NULL)
    self->dial_destroy (self->dial_data);
  self->dial = func;
  self->dial_data = user_data;
  self->dial_destroy = destroy;
}

void
wcc_auto_dialer_set_customers (WccAutoDialer *self,
                               GListModel    *customers)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));
  g_return_if_fail (G_IS_LIST_MODEL (customers));
  g_return_if_fail (self->state == WCC_AUTO_DIAL_IDLE);

  g_set_object (&self->customers, customers);
  g_array_set_size (self->items, 0);
  g_array_set_size (self->items, g_list_model_get_n_items (customers));
  set_next (self, 0);
}

GListModel *
wcc_auto_dialer_get_customers (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), NULL);
  return self->customers;
}

WccAutoDialItemState
wcc_auto_dialer_get_item_state (WccAutoDialer *self,
                                guint          position)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), WCC_AUTO_DIAL_ITEM_WAITING);
  g_return_val_if_fail (position < self->items->len, WCC_AUTO_DIAL_ITEM_WAITING);
  return g_array_index (self->items, Item, position).state;
}

const char *
wcc_auto_dialer_get_item_number (WccAutoDialer *self,
                                 guint          position)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);
  return g_array_index (self->items, Item, position).number;
}

WccAutoDialState
wcc_auto_dialer_get_state (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), WCC_AUTO_DIAL_IDLE);
  return self->state;
}

int
wcc_auto_dialer_get_current (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), -1);
  return self->current;
}

guint
wcc_auto_dialer_get_next (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), 0);
  return self->next;
}

guint
wcc_auto_dialer_get_remaining (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), 0);
  return self->remaining;
}

guint
wcc_auto_dialer_get_delay (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), 0);
  return self->delay;
}

void
wcc_auto_dialer_set_delay (WccAutoDialer *self,
                           guint          seconds)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  if (self->delay == seconds)
    return;
  self->delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

gboolean
wcc_auto_dialer_get_paused (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), FALSE);
  return self->paused;
}

gboolean
wcc_auto_dialer_get_in_call (WccAutoDialer *self)
{
  g_return_val_if_fail (WCC_IS_AUTO_DIALER (self), FALSE);
  return self->in_call;
}

void
wcc_auto_dialer_set_in_call (WccAutoDialer *self,
                             gboolean       in_call)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  in_call = !!in_call;
  if (self->in_call == (guint) in_call)
    return;
  self->in_call = in_call;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_CALL]);
  /* The call ended: the countdown to the next one starts. */
  if (!in_call && self->state == WCC_AUTO_DIAL_CALLING)
    call_over (self);
}

void
wcc_auto_dialer_start (WccAutoDialer *self)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));
  g_return_if_fail (self->state == WCC_AUTO_DIAL_IDLE);

  /* A call already going on is waited for, as any call of the list. */
  if (!wait_for_other_call (self))
    advance (self);
}

void
wcc_auto_dialer_pause (WccAutoDialer *self)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  if (self->paused || self->state == WCC_AUTO_DIAL_FINISHED)
    return;
  self->paused = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  /* A countdown stops where it is; a call or a read goes on and then waits. */
  if (self->state == WCC_AUTO_DIAL_COUNTDOWN || self->state == WCC_AUTO_DIAL_IDLE)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      set_state (self, WCC_AUTO_DIAL_PAUSED);
    }
}

void
wcc_auto_dialer_resume (WccAutoDialer *self)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  if (!self->paused)
    return;
  self->paused = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (self->state == WCC_AUTO_DIAL_PAUSED)
    count_down (self, self->remaining);
}

void
wcc_auto_dialer_skip (WccAutoDialer *self)
{
  guint n;

  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  n = g_list_model_get_n_items (self->customers);
  while (self->next < n && g_array_index (self->items, Item, self->next).state != WCC_AUTO_DIAL_ITEM_WAITING)
    set_next (self, self->next + 1);
  if (self->next >= n)
    return;
  set_item_state (self, self->next, WCC_AUTO_DIAL_ITEM_SKIPPED);
  set_next (self, self->next + 1);
}

void
wcc_auto_dialer_add_time (WccAutoDialer *self,
                          guint          seconds)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  if (self->state == WCC_AUTO_DIAL_COUNTDOWN || self->state == WCC_AUTO_DIAL_PAUSED)
    set_remaining (self, self->remaining + seconds);
}

void
wcc_auto_dialer_stop (WccAutoDialer *self)
{
  g_return_if_fail (WCC_IS_AUTO_DIALER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->call_check_id, g_source_remove);
  if (self->state != WCC_AUTO_DIAL_IDLE)
    set_state (self, WCC_AUTO_DIAL_FINISHED);
  set_current (self, -1);
  set_remaining (self, 0);
}
