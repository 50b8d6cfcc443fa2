/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-server.c: one running wcc-server: data folder, store, HTTP API, events, housekeeping. */
#define G_LOG_DOMAIN "wcc-server"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>

#include "wcc-demo.h"
#include "wcc-http-server.h"
#include "wcc-password.h"
#include "wcc-server.h"
#include "wcc-server-acd.h"
#include "wcc-sip-server.h"
#include "wcc-store-sms.h"
#include "wcc-time.h"

#define HOUSEKEEPING_SECONDS 30

struct _WccServer
{
  GObject        parent_instance;
  WccConfig     *config;
  WccStore      *store;
  WccEventHub   *hub;
  WccHttpServer *http;
  WccServerAcd  *acd;
  WccSipServer  *sip;
  WccSmsGateway *sms_gateway;
  guint          housekeeping_id;
  int            data_dir_lock;
};

G_DEFINE_FINAL_TYPE (WccServer, wcc_server, G_TYPE_OBJECT)

static gboolean
session_is_alive (gint64   session_id,
                  gpointer user_data)
{
  WccServer *self = user_data;

  return wcc_store_session_is_alive (self->store, session_id, wcc_time_now ());
}

/* One periodic timer does all the server's tidying: expired rows go, and event streams of
 * sessions that ended (expiry, `wcc-server admin reset-password`) are closed. */
static gboolean
on_housekeeping (gpointer user_data)
{
  WccServer *self = user_data;

  wcc_store_purge (self->store, wcc_time_now ());
  wcc_server_acd_check_sessions (self->acd);
  wcc_event_hub_close_dead_sessions (self->hub, session_is_alive, self);
  return G_SOURCE_CONTINUE;
}

/* A phone registered or went away: the ACD routes queue calls only to registered agents. */
static void
on_registrations_changed (gint64   client_id,
                          gint64   user_id,
                          guint    count,
                          gpointer user_data)
{
  WccServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wcc_server_acd_ensure_agent (self->acd, client_id, user_id))
    return;   /* not an agent: a leader's or admin's phone */
  if (!wcc_acd_agent_set_registrations (wcc_server_acd_get_acd (self->acd), user_id, count,
                                        g_get_monotonic_time (), &error))
    g_warning ("Registrations of agent %" G_GINT64_FORMAT ": %s", user_id, error->message);
}

/* The far end answered a call an agent placed: the leaders' monitor shows it talking. */
static void
on_agent_call_answered (gint64   client_id,
                        gint64   agent_id,
                        gint64   call_id,
                        gpointer user_data)
{
  WccServer *self = user_data;

  wcc_server_monitor_agent_changed (wcc_server_acd_get_monitor (self->acd), client_id, agent_id);
}

gboolean
wcc_server_prepare_data_dir (const char  *data_dir,
                             GError     **error)
{
  g_autofree char *probe = NULL;
  int fd;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("cannot create the data folder %s: %s"), data_dir, g_strerror (saved));
      return FALSE;
    }
  probe = g_build_filename (data_dir, ".wcc-write-test", NULL);
  fd = g_open (probe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("cannot write in the data folder %s: %s"), data_dir, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);
  g_unlink (probe);
  return TRUE;
}

int
wcc_server_lock_data_dir (const char  *data_dir,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "wcc-server.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int saved;

  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;
  saved = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  if (saved == EWOULDBLOCK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 _("another wcc-server is using the data folder %s (stop it first)"), data_dir);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot lock the data folder %s: %s"),
                 data_dir, g_strerror (saved));
  return -1;
}

static void
wcc_server_dispose (GObject *object)
{
  WccServer *self = WCC_SERVER (object);

  wcc_server_stop (self);
  g_clear_object (&self->sip);
  g_clear_object (&self->http);
  g_clear_object (&self->sms_gateway);
  g_clear_object (&self->acd);
  g_clear_object (&self->hub);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wcc_server_parent_class)->dispose (object);
}

static void
wcc_server_finalize (GObject *object)
{
  WccServer *self = WCC_SERVER (object);

  g_clear_pointer (&self->config, wcc_config_free);
  if (self->data_dir_lock >= 0)
    g_close (self->data_dir_lock, NULL);

  G_OBJECT_CLASS (wcc_server_parent_class)->finalize (object);
}

static void
wcc_server_class_init (WccServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wcc_server_dispose;
  object_class->finalize = wcc_server_finalize;
}

static void
wcc_server_init (WccServer *self)
{
  self->data_dir_lock = -1;
}

WccServer *
wcc_server_new (WccConfig *config)
{
  WccServer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (WCC_TYPE_SERVER, NULL);
  self->config = config;
  return self;
}

gboolean
wcc_server_start (WccServer  *self,
                  GError    **error)
{
  g_autofree char *db_path = NULL;
  guint closed;

  g_return_val_if_fail (WCC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  if (!wcc_server_prepare_data_dir (self->config->data_dir, error))
    return FALSE;
  self->data_dir_lock = wcc_server_lock_data_dir (self->config->data_dir, error);
  if (self->data_dir_lock < 0)
    return FALSE;
  db_path = wcc_config_database_path (self->config);
  self->store = wcc_store_open (db_path, error);
  if (self->store == NULL)
    return FALSE;
  if (self->config->demo && !wcc_demo_ensure (self->store, error))
    {
      g_prefix_error (error, _("cannot create the demo data: "));
      return FALSE;
    }
  if (self->config->demo &&
      !wcc_demo_ensure_history (self->store, self->config->demo_history_days, g_get_real_time (), error))
    {
      g_prefix_error (error, _("cannot create the demo's history: "));
      return FALSE;
    }
  wcc_store_purge (self->store, wcc_time_now ());
  wcc_password_prepare ();

  wcc_store_idempotency_forget_unfinished (self->store);
  /* Imports run on this process's loop: one the last run left unfinished never ends. */
  wcc_store_import_jobs_abandon (self->store);
  /* Calls do not outlive the process: what a crash left open ends now. */
  closed = wcc_store_call_close_open (self->store, g_get_real_time (), WCC_CALL_REASON_SERVER_RESTART);
  if (closed > 0)
    g_message ("Closed %u call records left open by the last run", closed);
  /* issue 9 reports: so do the agents' state stretches. */
  wcc_store_agent_state_close_open (self->store, g_get_real_time ());
  self->hub = wcc_event_hub_new (self->config->event_buffer);
  self->acd = wcc_server_acd_new (self->store, self->hub);
  wcc_server_acd_load (self->acd);

  self->sip = wcc_sip_server_new (self->store, self->config->sip_address, self->config->sip_port);
  if (self->config->sip_tls_address != NULL)
    wcc_sip_server_set_tls (self->sip, self->config->sip_tls_address, self->config->sip_tls_port,
                            self->config->sip_certificates);
  wcc_sip_server_set_hub (self->sip, self->hub);
  wcc_sip_server_set_routes (self->sip, self->config->trunks, self->config->inbound);
  wcc_sip_server_set_acd (self->sip, wcc_server_acd_get_acd (self->acd));
  wcc_sip_server_set_registrations_func (self->sip, on_registrations_changed, self);
  wcc_sip_server_set_call_answered_func (self->sip, on_agent_call_answered, self);
  if (!wcc_sip_server_start (self->sip, error))
    return FALSE;

  self->http = wcc_http_server_new (self->store, self->hub, self->config->session_lifetime);
  wcc_http_server_set_acd (self->http, self->acd);
  wcc_http_server_set_sip_server (self->http, self->sip);
  {
    g_autofree char *sip_uri = wcc_sip_server_get_uri (self->sip);
    g_autofree char *sips_uri = wcc_sip_server_get_sips_uri (self->sip);

    wcc_http_server_set_sip_uris (self->http, sip_uri, sips_uri);
  }
  /* Call recordings (C15): uploaded by the agents' softphones, one file per call; knowledge
   * base attachments (S12), one file per attachment. */
  {
    g_autofree char *recordings = g_build_filename (self->config->data_dir, "recordings", NULL);
    g_autofree char *knowledge = g_build_filename (self->config->data_dir, "knowledge", NULL);
    const char *folders[] = { recordings, knowledge };

    for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
      if (g_mkdir_with_parents (folders[i], 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("cannot create the folder %s: %s"), folders[i], g_strerror (saved));
          return FALSE;
        }
    wcc_http_server_set_recordings_dir (self->http, recordings);
    wcc_http_server_set_knowledge_dir (self->http, knowledge);
  }
  /* SMS (C10): what the last run left unanswered is failed, not sent twice. */
  closed = wcc_store_sms_fail_unfinished (self->store, "server restart");
  if (closed > 0)
    g_message ("Marked %u unanswered SMS of the last run as failed", closed);
  self->sms_gateway = wcc_sms_gateway_new (self->config->sms_gateway, self->config->sms_url,
                                           self->config->sms_timeout);
  wcc_http_server_set_sms_gateway (self->http, self->sms_gateway);
  if (self->config->https_certificate != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;

      if (self->config->https_key != NULL)
        certificate = g_tls_certificate_new_from_files (self->config->https_certificate,
                                                        self->config->https_key, error);
      else
        certificate = g_tls_certificate_new_from_file (self->config->https_certificate, error);
      if (certificate == NULL)
        {
          g_prefix_error (error, _("cannot read the HTTPS certificate %s: "), self->config->https_certificate);
          return FALSE;
        }
      wcc_http_server_set_tls_certificate (self->http, certificate);
    }
  if (!wcc_http_server_listen (self->http, self->config->listen_address,
                               self->config->listen_port, error))
    {
      g_prefix_error (error, _("cannot listen on %s:%u: "),
                      self->config->listen_address, self->config->listen_port);
      return FALSE;
    }
  self->housekeeping_id = g_timeout_add_seconds (HOUSEKEEPING_SECONDS, on_housekeeping, self);
  return TRUE;
}

void
wcc_server_stop (WccServer *self)
{
  g_return_if_fail (WCC_IS_SERVER (self));

  g_clear_handle_id (&self->housekeeping_id, g_source_remove);
  if (self->hub != NULL)
    wcc_event_hub_close_all (self->hub);
  if (self->http != NULL)
    wcc_http_server_disconnect (self->http);
  if (self->sms_gateway != NULL)
    wcc_sms_gateway_cancel_all (self->sms_gateway);
  if (self->sip != NULL)
    wcc_sip_server_stop (self->sip);
}

char *
wcc_server_get_url (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->http ? wcc_http_server_get_url (self->http) : NULL;
}

char *
wcc_server_get_sip_uri (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->sip ? wcc_sip_server_get_uri (self->sip) : NULL;
}

char *
wcc_server_get_sips_uri (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->sip ? wcc_sip_server_get_sips_uri (self->sip) : NULL;
}

WccStore *
wcc_server_get_store (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->store;
}

WccEventHub *
wcc_server_get_hub (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->hub;
}

WccAcd *
wcc_server_get_acd (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->acd ? wcc_server_acd_get_acd (self->acd) : NULL;
}

WccServerAcd *
wcc_server_get_acd_owner (WccServer *self)
{
  g_return_val_if_fail (WCC_IS_SERVER (self), NULL);
  return self->acd;
}
