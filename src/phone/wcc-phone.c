/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-phone.c: the softphone: Sofia-SIP on the GLib main loop, its accounts and devices. */
#define G_LOG_DOMAIN "wcc-phone"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-phone-private.h"
#include "wcc-sofia-exit.h"

struct _WccPhone
{
  GObject        parent_instance;
  su_root_t     *root;            /* the process's one Sofia root, never destroyed */
  GListStore    *accounts;
  WccTonePlayer *tones;
  char          *audio_source;
  char          *audio_sink;
  char          *ring_sink;
  char          *bind_address;
  gboolean       echo_cancellation;
  gboolean       busy_tone;
};

G_DEFINE_FINAL_TYPE (WccPhone, wcc_phone, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUDIO_SOURCE,
  PROP_AUDIO_SINK,
  PROP_RING_SINK,
  PROP_BIND_ADDRESS,
  PROP_ECHO_CANCELLATION,
  PROP_BUSY_TONE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CALL_ENDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* One Sofia root per process, on the main context of the thread that made the first
 * phone. It outlives phones: a stack that is shutting down still needs it after its
 * account is gone.
 *
 * Each account's SIP stack (nua_create's clone) runs in a thread of its own with its own
 * reactor; only its events come to this root, as messages, and are dispatched here. So the
 * stack's timers — nua wakes every second to look for due refreshes, whether or not
 * anything is due — and its sockets never wake the thread that draws the window, and a
 * stack busy with retransmissions never delays a frame. Everything we call is nua's
 * application API, which is made for this. */
static su_root_t *
sofia_root (void)
{
  static su_root_t *root = NULL;

  if (g_once_init_enter (&root))
    {
      su_root_t *created;

      su_init ();
      created = su_glib_root_create (NULL);
      su_root_threading (created, 1);
      g_source_attach (su_glib_root_gsource (created), g_main_context_get_thread_default ());
      g_once_init_leave (&root, created);
    }
  return root;
}

su_root_t *
wcc_phone_get_root (WccPhone *self)
{
  return self->root;
}

WccMediaSession *
wcc_phone_new_media_session (WccPhone  *self,
                             GError   **error)
{
  WccMediaDevices devices = {
    .source = self->audio_source,
    .sink = self->audio_sink,
    .echo_cancellation = self->echo_cancellation,
  };

  return wcc_media_session_new (self->bind_address, &devices, error);
}

WccTonePlayer *
wcc_phone_get_tones (WccPhone *self)
{
  if (self->tones == NULL)
    self->tones = wcc_tone_player_new (self->ring_sink ? self->ring_sink : self->audio_sink);
  return self->tones;
}

gboolean
wcc_phone_get_busy_tone (WccPhone *self)
{
  return self->busy_tone;
}

void
wcc_phone_call_ended (WccPhone *self,
                      WccCall  *call)
{
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call);
}

static void
wcc_phone_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WccPhone *self = WCC_PHONE (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SOURCE: g_value_set_string (value, self->audio_source); break;
    case PROP_AUDIO_SINK: g_value_set_string (value, self->audio_sink); break;
    case PROP_RING_SINK: g_value_set_string (value, self->ring_sink); break;
    case PROP_BIND_ADDRESS: g_value_set_string (value, self->bind_address); break;
    case PROP_ECHO_CANCELLATION: g_value_set_boolean (value, self->echo_cancellation); break;
    case PROP_BUSY_TONE: g_value_set_boolean (value, self->busy_tone); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A new output applies to the calls going on too (an agent who plugs in a headset in the
 * middle of a call hears the customer there). */
static void
move_calls_to_sink (WccPhone *self)
{
  for (guint i = 0; self->accounts != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(WccAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      GListModel *calls = wcc_account_get_calls (account);

      for (guint j = 0; j < g_list_model_get_n_items (calls); j++)
        {
          g_autoptr(WccCall) call = g_list_model_get_item (calls, j);
          g_autoptr(GError) error = NULL;

          if (wcc_call_get_state (call) != WCC_CALL_ENDED &&
              !wcc_call_set_audio_sink (call, self->audio_sink, &error) &&
              !g_error_matches (error, WCC_ERROR, WCC_ERROR_UNAVAILABLE))
            g_warning ("Cannot move a call to the new audio output: %s", error->message);
        }
    }
}

static void
wcc_phone_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WccPhone *self = WCC_PHONE (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SOURCE:
      g_free (self->audio_source);
      self->audio_source = g_value_dup_string (value);
      break;
    case PROP_AUDIO_SINK:
      g_free (self->audio_sink);
      self->audio_sink = g_value_dup_string (value);
      g_clear_object (&self->tones);
      move_calls_to_sink (self);
      break;
    case PROP_RING_SINK:
      g_free (self->ring_sink);
      self->ring_sink = g_value_dup_string (value);
      g_clear_object (&self->tones);
      break;
    case PROP_BIND_ADDRESS:
      g_free (self->bind_address);
      self->bind_address = g_value_dup_string (value);
      if (self->bind_address == NULL)
        self->bind_address = g_strdup ("127.0.0.1");
      break;
    case PROP_ECHO_CANCELLATION:
      self->echo_cancellation = g_value_get_boolean (value);
      break;
    case PROP_BUSY_TONE:
      self->busy_tone = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_phone_dispose (GObject *object)
{
  WccPhone *self = WCC_PHONE (object);

  /* Stacks still alive here are torn down without waiting (wcc_phone_shutdown_async is the
   * polite way). */
  if (self->accounts != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
      {
        g_autoptr(WccAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
        wcc_account_destroy_now (account);
      }
  g_clear_object (&self->accounts);
  g_clear_object (&self->tones);

  G_OBJECT_CLASS (wcc_phone_parent_class)->dispose (object);
}

static void
wcc_phone_finalize (GObject *object)
{
  WccPhone *self = WCC_PHONE (object);

  g_free (self->audio_source);
  g_free (self->audio_sink);
  g_free (self->ring_sink);
  g_free (self->bind_address);

  G_OBJECT_CLASS (wcc_phone_parent_class)->finalize (object);
}

static void
wcc_phone_class_init (WccPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_phone_get_property;
  object_class->set_property = wcc_phone_set_property;
  object_class->dispose = wcc_phone_dispose;
  object_class->finalize = wcc_phone_finalize;

  properties[PROP_AUDIO_SOURCE] = g_param_spec_string ("audio-source", NULL, NULL, NULL,
                                                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_SINK] = g_param_spec_string ("audio-sink", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RING_SINK] = g_param_spec_string ("ring-sink", NULL, NULL, NULL,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIND_ADDRESS] = g_param_spec_string ("bind-address", NULL, NULL, "127.0.0.1",
                                                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                                                       G_PARAM_STATIC_STRINGS);
  properties[PROP_ECHO_CANCELLATION] = g_param_spec_boolean ("echo-cancellation", NULL, NULL, FALSE,
                                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY_TONE] = g_param_spec_boolean ("busy-tone", NULL, NULL, TRUE,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CALL_ENDED] = g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, WCC_TYPE_CALL);
}

static void
wcc_phone_init (WccPhone *self)
{
  self->accounts = g_list_store_new (WCC_TYPE_ACCOUNT);
  /* su_glib runs Sofia's timers and sockets as one GSource on the main context. */
  self->root = sofia_root ();
}

WccPhone *
wcc_phone_new (void)
{
  return g_object_new (WCC_TYPE_PHONE, NULL);
}

WccAccount *
wcc_phone_add_account (WccPhone                 *self,
                       const WccAccountSettings *settings,
                       GError                  **error)
{
  g_autoptr(WccAccount) account = NULL;

  g_return_val_if_fail (WCC_IS_PHONE (self), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  account = wcc_account_new (self, settings, error);
  if (account == NULL)
    return NULL;
  g_list_store_append (self->accounts, account);
  return account;
}

void
wcc_phone_remove_account (WccPhone   *self,
                          WccAccount *account)
{
  guint position;

  g_return_if_fail (WCC_IS_PHONE (self));

  if (g_list_store_find (self->accounts, account, &position))
    {
      wcc_account_destroy_now (account);
      g_list_store_remove (self->accounts, position);
    }
}

GListModel *
wcc_phone_get_accounts (WccPhone *self)
{
  g_return_val_if_fail (WCC_IS_PHONE (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

typedef struct {
  guint    pending;
  guint    timeout_id;
  GSource *cancel_source;
  gboolean returned;   /* the task's callback may still be on its way */
} ShutdownState;

static void
shutdown_state_free (ShutdownState *state)
{
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  if (state->cancel_source != NULL)
    g_source_destroy (state->cancel_source);
  g_clear_pointer (&state->cancel_source, g_source_unref);
  g_free (state);
}

/* Every account stops now: their stacks finish shutting down on their own. */
static void
destroy_accounts_now (WccPhone *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(WccAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      wcc_account_destroy_now (account);
    }
}

static void
complete_shutdown (GTask *task)
{
  ShutdownState *state = g_task_get_task_data (task);

  if (state->returned)
    return;
  state->returned = TRUE;
  /* Neither the deadline nor the cancellable has anything left to do; the cancellable's
   * source holds the task, so it must go for the task to be freed. */
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  if (state->cancel_source != NULL)
    g_source_destroy (state->cancel_source);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
on_account_shut_down (GTask *task)
{
  ShutdownState *state = g_task_get_task_data (task);

  if (state->pending > 0 && --state->pending == 0)
    complete_shutdown (task);
  g_object_unref (task);
}

static gboolean
on_shutdown_deadline (gpointer user_data)
{
  GTask *task = user_data;
  ShutdownState *state = g_task_get_task_data (task);

  state->timeout_id = 0;
  if (state->returned || state->pending == 0)
    return G_SOURCE_REMOVE;
  /* The deadline passed: what did not answer is destroyed now. */
  destroy_accounts_now (g_task_get_source_object (task));
  complete_shutdown (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_shutdown_cancelled (GCancellable *cancellable,
                       gpointer      user_data)
{
  GTask *task = user_data;
  ShutdownState *state = g_task_get_task_data (task);

  /* The caller stops waiting: no more polite goodbyes, the stacks go now. */
  if (!state->returned)
    {
      destroy_accounts_now (g_task_get_source_object (task));
      complete_shutdown (task);
    }
  return G_SOURCE_REMOVE;
}

void
wcc_phone_shutdown_async (WccPhone            *self,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ShutdownState *state;
  guint n;

  g_return_if_fail (WCC_IS_PHONE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_phone_shutdown_async);
  state = g_new0 (ShutdownState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) shutdown_state_free);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  if (g_cancellable_is_cancelled (cancellable))
    {
      destroy_accounts_now (self);
      complete_shutdown (task);
      return;
    }
  if (n == 0)
    {
      complete_shutdown (task);
      return;
    }
  state->pending = n;
  state->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, timeout_ms, on_shutdown_deadline,
                                          g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    {
      state->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, state->cancel_source, G_SOURCE_FUNC (on_shutdown_cancelled));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      wcc_account_shutdown (account, G_CALLBACK (on_account_shut_down), g_object_ref (task));
    }
}

gboolean
wcc_phone_shutdown_finish (WccPhone      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
