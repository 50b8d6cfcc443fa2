/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-call-quality-reporter.c: tells the server the RTCP figures (jitter, loss, MOS) of the
 * softphone's current call every few seconds, for the leaders' monitor (R5). */
#define G_LOG_DOMAIN "wcc-call-quality"

#include "config.h"

#include "wcc-api.h"
#include "wcc-call-quality-reporter.h"
#include "wcc-call.h"
#include "wcc-softphone.h"

struct _WccCallQualityReporter
{
  GObject       parent_instance;
  WccSoftphone *softphone;     /* owns us */
  GCancellable *cancellable;
  guint         timer_id;
  guint         sent;
};

G_DEFINE_FINAL_TYPE (WccCallQualityReporter, wcc_call_quality_reporter, G_TYPE_OBJECT)

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_send_now_finish (WCC_CLIENT (source), result, &error);

  if (answer != NULL)
    {
      WccCallQualityReporter *self = user_data;

      self->sent++;
      return;
    }
  /* The call ended meanwhile (404), or the server is away: the next report is newer. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Call quality not reported: %s", error->message);
}

static gboolean
report (gpointer user_data)
{
  WccCallQualityReporter *self = user_data;
  WccCall *call = wcc_softphone_get_current_call (self->softphone);
  g_autoptr(JsonObject) body = NULL;
  gint64 call_id;
  double mos = 0, jitter = 0, loss = 0;

  if (call == NULL || wcc_call_get_state (call) != WCC_CALL_ACTIVE ||
      (call_id = wcc_softphone_get_server_call_id (self->softphone, call)) == 0)
    return G_SOURCE_CONTINUE;
  g_object_get (call, "mos", &mos, "jitter-ms", &jitter, "packet-loss", &loss, NULL);
  if (mos < 1)
    return G_SOURCE_CONTINUE;   /* no RTCP report yet */
  body = json_object_new ();
  json_object_set_int_member (body, "call_id", call_id);
  json_object_set_double_member (body, "jitter_ms", jitter);
  json_object_set_double_member (body, "packet_loss", CLAMP (loss * 100, 0, 100));
  json_object_set_double_member (body, "mos", CLAMP (mos, 1, 5));
  wcc_client_send_now_async (wcc_session_get_client (wcc_softphone_get_session (self->softphone)), "PUT",
                             "/api/v1/agent/call-quality", body, self->cancellable, on_sent, self);
  return G_SOURCE_CONTINUE;
}

/* The timer runs while there is a call (one at a time, whatever the number of calls). */
static void
on_current_call (WccCallQualityReporter *self)
{
  gboolean wanted = wcc_softphone_get_current_call (self->softphone) != NULL;

  if (wanted && self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (WCC_CALL_QUALITY_INTERVAL, report, self);
  else if (!wanted)
    g_clear_handle_id (&self->timer_id, g_source_remove);
}

static void
wcc_call_quality_reporter_dispose (GObject *object)
{
  WccCallQualityReporter *self = WCC_CALL_QUALITY_REPORTER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->softphone = NULL;

  G_OBJECT_CLASS (wcc_call_quality_reporter_parent_class)->dispose (object);
}

static void
wcc_call_quality_reporter_class_init (WccCallQualityReporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wcc_call_quality_reporter_dispose;
}

static void
wcc_call_quality_reporter_init (WccCallQualityReporter *self)
{
  self->cancellable = g_cancellable_new ();
}

WccCallQualityReporter *
wcc_call_quality_reporter_new (WccSoftphone *softphone)
{
  WccCallQualityReporter *self = g_object_new (WCC_TYPE_CALL_QUALITY_REPORTER, NULL);

  self->softphone = softphone;
  g_signal_connect_object (softphone, "notify::current-call", G_CALLBACK (on_current_call), self,
                           G_CONNECT_SWAPPED);
  return self;
}

guint
wcc_call_quality_reporter_get_sent (WccCallQualityReporter *self)
{
  g_return_val_if_fail (WCC_IS_CALL_QUALITY_REPORTER (self), 0);
  return self->sent;
}
