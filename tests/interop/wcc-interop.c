/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-interop.c: foreign SIP peers for interop tests (Kamailio, baresip), our phones, ears. */
#define G_LOG_DOMAIN "wcc-interop"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "wcc-interop.h"
#include "wcc-test-util.h"
#include "wcc-tone-detect.h"

#define HEAR_TIMEOUT_MS 6000

/* Ports ----------------------------------------------------------------------------------- */

static gboolean
port_is_free (guint16 port, GSocketType type)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

guint16
wcc_interop_free_port (guint span)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      /* The kernel's choice of an ephemeral UDP port, then its neighbours checked. */
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL);
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      guint16 port;
      gboolean ok = TRUE;

      g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
      bound = g_socket_get_local_address (socket, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      g_socket_close (socket, NULL);
      if ((guint) port + span > 65535)
        continue;
      for (guint i = 0; i < span && ok; i++)
        ok = port_is_free (port + i, G_SOCKET_TYPE_DATAGRAM) && port_is_free (port + i, G_SOCKET_TYPE_STREAM);
      if (ok)
        return port;
    }
  g_error ("no free loopback port range of %u", span);
}

void
wcc_interop_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Processes ------------------------------------------------------------------------------- */

static void
own_group_dying_with_parent (gpointer user_data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
wcc_interop_spawn (const char * const *argv,
                   const char         *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, own_group_dying_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

static gboolean
wait_exit (GSubprocess *process,
           guint        timeout_ms)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  g_subprocess_wait_async (process, NULL, on_waited, &done);
  while (!done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return done;
}

void
wcc_interop_stop (GSubprocess **process)
{
  const char *id;
  pid_t pid;

  if (*process == NULL)
    return;
  id = g_subprocess_get_identifier (*process);
  if (id != NULL)
    {
      pid = (pid_t) g_ascii_strtoll (id, NULL, 10);
      kill (pid, SIGTERM);
      if (!wait_exit (*process, 3000))
        g_test_message ("process %d ignored SIGTERM: killed", (int) pid);
      /* Workers it forked (Kamailio's) go with it, even when it left them behind. */
      kill (-pid, SIGKILL);
      wait_exit (*process, 2000);
    }
  g_clear_object (process);
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

static void
wait_listening (GSubprocess *process,
                guint16      port,
                const char  *what,
                const char  *log)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!port_accepts (port))
    {
      g_autofree char *text = NULL;

      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (process) == NULL)
        {
          g_file_get_contents (log, &text, NULL, NULL);
          g_error ("%s does not listen on %u; its log:\n%s", what, port, text ? text : "");
        }
      wcc_interop_run_for (20);
    }
}

/* Kamailio -------------------------------------------------------------------------------- */

static const char kamailio_config[] =
  "#!KAMAILIO\n"
  "debug=2\n"
  "log_stderror=yes\n"
  "children=2\n"
  "tcp_children=2\n"
  "listen=udp:127.0.0.1:%u\n"
  "listen=tcp:127.0.0.1:%u\n"
  "alias=\"test\"\n"
  "mpath=\"/usr/lib/x86_64-linux-gnu/kamailio/modules/:/usr/lib/kamailio/modules/\"\n"
  "loadmodule \"tm.so\"\n"
  "loadmodule \"sl.so\"\n"
  "loadmodule \"rr.so\"\n"
  "loadmodule \"maxfwd.so\"\n"
  "loadmodule \"pv.so\"\n"
  "loadmodule \"textops.so\"\n"
  "loadmodule \"siputils.so\"\n"
  "loadmodule \"usrloc.so\"\n"
  "loadmodule \"registrar.so\"\n"
  "loadmodule \"auth.so\"\n"
  "loadmodule \"xlog.so\"\n"
  "modparam(\"usrloc\", \"db_mode\", 0)\n"
  /* Tests register for a few seconds to see refreshes. */
  "modparam(\"registrar\", \"min_expires\", 1)\n"
  "request_route {\n"
  "  xlog(\"L_INFO\", \"$rm $ru from $si:$sp ($pr) Expires: $hdr(Expires) Contact: $ct\\n\");\n"
  "  if (!mf_process_maxfwd_header(\"10\")) { sl_send_reply(\"483\", \"Too Many Hops\"); exit; }\n"
  "  if (has_totag()) {\n"
  "    if (loose_route()) { t_relay(); exit; }\n"
  "    if (is_method(\"ACK\")) { if (t_check_trans()) t_relay(); exit; }\n"
  "    sl_send_reply(\"404\", \"Not here\"); exit;\n"
  "  }\n"
  "  if (is_method(\"CANCEL\")) { if (t_check_trans()) t_relay(); exit; }\n"
  "  if (is_method(\"REGISTER\")) {\n"
  "    if (!pv_www_authenticate(\"$td\", \"pw-$tU\", \"0\")) { www_challenge(\"$td\", \"0\"); exit; }\n"
  "    if (!save(\"location\")) sl_reply_error();\n"
  "    xlog(\"L_INFO\", \"saved $tu\\n\");\n"
  "    exit;\n"
  "  }\n"
  "  if (is_method(\"INVITE|SUBSCRIBE|REFER\")) record_route();\n"
  "  if (!lookup(\"location\")) { sl_send_reply(\"404\", \"Not Found\"); exit; }\n"
  "  t_relay();\n"
  "}\n";

static void
kamailio_spawn (WccKamailio *self)
{
  const char *argv[] = { "kamailio", "-DD", "-E", "-f", self->config, "-m", "64", "-M", "8", NULL };

  self->process = wcc_interop_spawn (argv, self->log);
  wait_listening (self->process, self->port, "kamailio", self->log);
}

WccKamailio *
wcc_kamailio_start (const char *dir,
                    guint16     port)
{
  WccKamailio *self = g_new0 (WccKamailio, 1);
  g_autofree char *text = g_strdup_printf (kamailio_config, port, port);
  g_autoptr(GError) error = NULL;
  g_autofree char *check_output = NULL;
  int status = 0;

  self->dir = g_strdup (dir);
  self->port = port;
  self->config = g_build_filename (dir, "kamailio.cfg", NULL);
  self->log = g_build_filename (dir, "kamailio.log", NULL);
  g_file_set_contents (self->config, text, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { "kamailio", "-c", "-f", self->config, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, &check_output, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("kamailio -c rejects the config:\n%s", check_output);
  }
  kamailio_spawn (self);
  return self;
}

void
wcc_kamailio_stop (WccKamailio *self)
{
  wcc_interop_stop (&self->process);
}

void
wcc_kamailio_restart (WccKamailio *self)
{
  wcc_interop_stop (&self->process);
  kamailio_spawn (self);
}

void
wcc_kamailio_free (WccKamailio *self)
{
  if (self == NULL)
    return;
  wcc_interop_stop (&self->process);
  g_free (self->dir);
  g_free (self->config);
  g_free (self->log);
  g_free (self);
}

/* baresip --------------------------------------------------------------------------------- */

static const char baresip_config[] =
  "poll_method epoll\n"
  "sip_listen 127.0.0.1:%u\n"
  "net_interface 127.0.0.1\n"
  /* ausine runs at 48 kHz stereo only: the source is resampled for the codec. */
  "audio_source ausine,1000\n"
  "ausrc_srate 48000\n"
  "ausrc_channels 2\n"
  "audio_player alsa,null\n"
  "audio_alert alsa,null\n"
  "module_path /usr/lib/baresip/modules\n"
  "module g711.so\n"
  "module ausine.so\n"
  "module alsa.so\n"
  "module sndfile.so\n"
  "snd_path %s\n"
  "module_app account.so\n"
  "module_app menu.so\n"
  "module_app ctrl_tcp.so\n"
  "ctrl_tcp_listen 127.0.0.1:%u\n";

static void
baresip_pump (WccBaresip *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->ctrl);
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n <= 0)
        break;
      g_string_append_len (self->input, buffer, n);
    }
  /* Netstrings: LENGTH:TEXT, */
  for (;;)
    {
      char *colon = memchr (self->input->str, ':', self->input->len);
      gsize length, header;

      if (colon == NULL)
        break;
      length = g_ascii_strtoull (self->input->str, NULL, 10);
      header = colon - self->input->str + 1;
      if (self->input->len < header + length + 1)
        break;
      g_ptr_array_add (self->events, g_strndup (colon + 1, length));
      g_string_erase (self->input, 0, header + length + 1);
    }
}

static gboolean
baresip_wait_text (WccBaresip *self,
                   const char *needle,
                   guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      baresip_pump (self);
      for (guint i = 0; i < self->events->len; i++)
        if (strstr (g_ptr_array_index (self->events, i), needle) != NULL)
          {
            g_test_message ("baresip %s: %s", self->user, (char *) g_ptr_array_index (self->events, i));
            g_ptr_array_remove_range (self->events, 0, i + 1);
            return TRUE;
          }
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* baresip with one account, @account_line of its accounts file less what every test
 * wants (auto-answer, G.711, a long registration interval). */
static WccBaresip *
baresip_start (const char *dir,
               const char *user,
               const char *account_line)
{
  WccBaresip *self = g_new0 (WccBaresip, 1);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *accounts_path = g_build_filename (dir, "accounts", NULL);
  g_autofree char *log = g_build_filename (dir, "baresip.log", NULL);
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "baresip", "-f", dir, NULL };

  self->dir = g_strdup (dir);
  self->user = g_strdup (user);
  self->input = g_string_new (NULL);
  self->events = g_ptr_array_new_with_free_func (g_free);
  /* baresip also takes sip_port + 1 (TLS). */
  self->sip_port = wcc_interop_free_port (3);
  self->ctrl_port = self->sip_port + 2;
  config = g_strdup_printf (baresip_config, self->sip_port, dir, self->ctrl_port);
  accounts = g_strdup_printf ("%s;answermode=auto;audio_codecs=PCMU,PCMA;regint=600\n", account_line);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (accounts_path, accounts, -1, &error);
  g_assert_no_error (error);

  self->process = wcc_interop_spawn (argv, log);
  wait_listening (self->process, self->ctrl_port, "baresip", log);
  self->ctrl = g_socket_client_connect_to_host (client, "127.0.0.1", self->ctrl_port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (g_socket_connection_get_socket (self->ctrl), FALSE);
  /* It may register before ctrl_tcp has a client to tell: its log says it too. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autofree char *text = NULL;

        g_file_get_contents (log, &text, NULL, NULL);
        if (text != NULL && strstr (text, "} 200 OK") != NULL)
          break;
        if (g_get_monotonic_time () > deadline)
          g_error ("baresip %s did not register; its log:\n%s", user, text ? text : "");
        wcc_interop_run_for (20);
      }
  }
  return self;
}

WccBaresip *
wcc_baresip_start (const char *dir,
                   const char *user,
                   guint16     kamailio_port)
{
  g_autofree char *account = g_strdup_printf ("<sip:%s@127.0.0.1:%u;transport=udp>;auth_pass=pw-%s",
                                              user, kamailio_port, user);

  return baresip_start (dir, user, account);
}

WccBaresip *
wcc_baresip_start_at (const char *dir,
                      const char *user,
                      const char *domain,
                      const char *password,
                      guint16     registrar_port)
{
  /* The domain names a tenant, not a host: the registrar is the outbound proxy. */
  g_autofree char *account = g_strdup_printf ("<sip:%s@%s;transport=udp>;auth_pass=%s;"
                                              "outbound=\"sip:127.0.0.1:%u;transport=udp\"",
                                              user, domain, password, registrar_port);

  return baresip_start (dir, user, account);
}

void
wcc_baresip_free (WccBaresip *self)
{
  if (self == NULL)
    return;
  if (self->ctrl != NULL)
    g_io_stream_close (G_IO_STREAM (self->ctrl), NULL, NULL);
  g_clear_object (&self->ctrl);
  wcc_interop_stop (&self->process);
  g_string_free (self->input, TRUE);
  g_ptr_array_unref (self->events);
  g_free (self->dir);
  g_free (self->user);
  g_free (self);
}

void
wcc_baresip_command (WccBaresip *self,
                     const char *command,
                     const char *params)
{
  static guint token;
  g_autofree char *token_text = g_strdup_printf ("t%u", ++token);
  g_autofree char *json = NULL;
  g_autofree char *netstring = NULL;
  g_autofree char *needle = g_strdup_printf ("\"token\":\"%s\"", token_text);
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (self->ctrl));

  json = g_strdup_printf ("{\"command\":\"%s\",\"params\":\"%s\",\"token\":\"%s\"}",
                          command, params ? params : "", token_text);
  netstring = g_strdup_printf ("%zu:%s,", strlen (json), json);
  g_socket_set_blocking (g_socket_connection_get_socket (self->ctrl), TRUE);
  g_output_stream_write_all (out, netstring, strlen (netstring), NULL, NULL, &error);
  g_socket_set_blocking (g_socket_connection_get_socket (self->ctrl), FALSE);
  g_assert_no_error (error);
  if (!baresip_wait_text (self, needle, 3000))
    g_error ("baresip %s did not answer the command %s", self->user, json);
}

gboolean
wcc_baresip_wait_event (WccBaresip *self,
                        const char *type,
                        guint       timeout_ms)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);

  return baresip_wait_text (self, needle, timeout_ms);
}

char *
wcc_baresip_heard_wav (WccBaresip *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;
  char *newest = NULL;

  /* dump-YYYY-MM-DD-HH-MM-SS-dec.wav: names sort by time. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "dump-") && g_str_has_suffix (name, "-dec.wav") &&
        (newest == NULL || strcmp (name, newest) > 0))
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  if (newest == NULL)
    return NULL;
  {
    char *path = g_build_filename (self->dir, newest, NULL);
    g_free (newest);
    return path;
  }
}

gboolean
wcc_baresip_hears (WccBaresip   *self,
                   gsize         from,
                   const double *freqs,
                   guint         n_freqs,
                   double        at_least,
                   double        below,
                   guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  double share = -1;

  for (;;)
    {
      g_autofree char *wav = wcc_baresip_heard_wav (self);
      gsize start = from;

      share = -1;
      if (wav != NULL)
        for (guint i = 0; i < n_freqs; i++)
          {
            double ratio = wcc_wav_tone_ratio (wav, start, 0.5, freqs[i]);
            if (ratio < 0)
              {
                share = -1;
                break;
              }
            share = MAX (share, 0) + ratio;
          }
      if (share >= 0 && (at_least >= 0 ? share >= at_least : share < below))
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("baresip's recording %s (%" G_GSIZE_FORMAT " bytes, read from %" G_GSIZE_FORMAT "): share %.2f at %.0f Hz",
                          wav ? wav : "(none)", wav ? wcc_wav_size (wav) : 0, start, share, freqs[0]);
          return FALSE;
        }
      wcc_interop_run_for (100);
    }
}

/* WAV ------------------------------------------------------------------------------------- */

gsize
wcc_wav_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

static guint32
read_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

double
wcc_wav_tone_ratio (const char *path,
                    gsize       from,
                    double      seconds,
                    double      freq_hz)
{
  g_autofree guint8 *data = NULL;
  gsize length = 0;
  gsize pos = 12, data_start = 0;
  guint channels = 0, rate = 0, bits = 0;
  gsize frame, first, n;
  double s_prev = 0, s_prev2 = 0, energy = 0, coeff, power;

  if (!g_file_get_contents (path, (char **) &data, &length, NULL) || length < 44 ||
      memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    return -1;
  /* Chunks; the data chunk's size may not be final while baresip still writes. */
  while (pos + 8 <= length)
    {
      guint32 size = read_le32 (data + pos + 4);
      if (memcmp (data + pos, "fmt ", 4) == 0 && pos + 24 <= length)
        {
          channels = data[pos + 10] | (data[pos + 11] << 8);
          rate = read_le32 (data + pos + 12);
          bits = data[pos + 22] | (data[pos + 23] << 8);
        }
      if (memcmp (data + pos, "data", 4) == 0)
        {
          data_start = pos + 8;
          break;
        }
      pos += 8 + size + (size & 1);
    }
  if (data_start == 0 || channels == 0 || rate == 0 || bits != 16)
    return -1;
  frame = channels * 2;
  first = MAX (from, data_start);
  first = data_start + (first - data_start) / frame * frame;
  n = length > first ? (length - first) / frame : 0;
  if (n > (gsize) (seconds * rate))
    {
      first += (n - (gsize) (seconds * rate)) * frame;
      n = (gsize) (seconds * rate);
    }
  if (n < rate / 5)
    return -1;
  /* Goertzel on the first channel. */
  coeff = 2 * cos (2 * G_PI * freq_hz / rate);
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *p = data + first + i * frame;
      double x = (gint16) (p[0] | (p[1] << 8)) / 32768.0;
      double s = x + coeff * s_prev - s_prev2;
      s_prev2 = s_prev;
      s_prev = s;
      energy += x * x;
    }
  power = s_prev * s_prev + s_prev2 * s_prev2 - coeff * s_prev * s_prev2;
  if (energy < 1e-9)
    return 0;
  return MIN (1.0, 2 * power / (n * energy));
}

/* Our phones ------------------------------------------------------------------------------ */

static guint party_counter;

static void
on_incoming (WccAccount *account,
             WccCall    *call,
             WccParty   *party)
{
  g_set_object (&party->last_incoming, call);
  if (party->answer_incoming)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (wcc_call_answer (call, &error));
      g_assert_no_error (error);
    }
}

WccParty *
wcc_party_new (const WccAccountSettings *settings,
               double                    tone)
{
  WccParty *party = g_new0 (WccParty, 1);
  g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true wave=sine volume=0.3 freq=%.0f", tone);
  g_autofree char *ear_name = g_strdup_printf ("%s-ear-%u", settings->user, ++party_counter);
  g_autofree char *ring_name = g_strdup_printf ("%s-ring-%u", settings->user, party_counter);
  g_autofree char *ear = wcc_tone_detect_sink_description (ear_name);
  g_autofree char *ring = wcc_tone_detect_sink_description (ring_name);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  party->ear = g_strdup (ear_name);
  party->tone = tone;
  party->phone = wcc_phone_new ();
  g_object_set (party->phone, "audio-source", source, "audio-sink", ear, "ring-sink", ring, NULL);
  party->account = wcc_phone_add_account (party->phone, settings, &error);
  g_assert_no_error (error);
  g_signal_connect (party->account, "incoming-call", G_CALLBACK (on_incoming), party);
  while (wcc_account_get_local_uri (party->account) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  party->answer_incoming = TRUE;
  return party;
}

WccParty *
wcc_party_new_registered (const WccAccountSettings *settings,
                          double                    tone)
{
  WccParty *party = wcc_party_new (settings, tone);

  wcc_account_register (party->account);
  wcc_party_wait_account (party, WCC_ACCOUNT_REGISTERED, 5000);
  return party;
}

WccCall *
wcc_party_dial (WccParty   *party,
                const char *target)
{
  g_autoptr(GError) error = NULL;
  WccCall *call = wcc_account_dial (party->account, target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (call);
  return g_object_ref (call);
}

static void
on_shut (GObject *source, GAsyncResult *result, gpointer data)
{
  wcc_phone_shutdown_finish (WCC_PHONE (source), result, NULL);
  *(gboolean *) data = TRUE;
}

void
wcc_party_free (WccParty *party)
{
  gboolean done = FALSE;

  if (party == NULL)
    return;
  wcc_phone_shutdown_async (party->phone, 2000, NULL, on_shut, &done);
  wcc_test_wait_for (&done, 5000);
  g_clear_object (&party->last_incoming);
  g_object_unref (party->phone);
  g_free (party->ear);
  g_free (party);
}

void
wcc_party_wait_account (WccParty        *party,
                        WccAccountState  state,
                        guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (wcc_account_get_state (party->account) != state)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("account %s: state %d (%s), wanted %d", party->ear,
                 wcc_account_get_state (party->account),
                 wcc_account_get_registration_details (party->account), state);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

WccCall *
wcc_party_wait_incoming (WccParty *party,
                         guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (party->last_incoming == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no incoming call reached %s", party->ear);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return party->last_incoming;
}

void
wcc_party_assert_hears (WccParty *party,
                        double    freq_hz)
{
  wcc_tone_detect_reset (party->ear);
  if (!wcc_tone_detect_wait_tone (party->ear, freq_hz, 3, HEAR_TIMEOUT_MS))
    {
      double db = 0;
      double heard = wcc_tone_detect_dominant (party->ear, &db);
      g_error ("%s should hear %.0f Hz, hears %.0f Hz at %.1f dB", party->ear, freq_hz, heard, db);
    }
}

void
wcc_interop_wait_call_state (WccCall      *call,
                             WccCallState  state,
                             guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (wcc_call_get_state (call) != state)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("call with %s: state %d, wanted %d (%s)", wcc_call_get_remote_uri (call),
                 wcc_call_get_state (call), state, wcc_call_get_end_reason (call));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Captured RTP (tshark): what a foreign phone is sent, heard on the wire. */
static double
ulaw_to_linear (guint8 byte)
{
  int u = ~byte & 0xff;
  int t = ((u & 0x0f) << 3) + 0x84;

  t <<= (u & 0x70) >> 4;
  return ((u & 0x80) ? (0x84 - t) : (t - 0x84)) / 32768.0;
}


static void
feed (double  x,
      guint   n_freqs,
      double *coeff,
      double *s_prev,
      double *s_prev2,
      double *energy,
      gsize  *n)
{
  for (guint f = 0; f < n_freqs; f++)
    {
      double s = x + coeff[f] * s_prev[f] - s_prev2[f];
      s_prev2[f] = s_prev[f];
      s_prev[f] = s;
    }
  *energy += x * x;
  (*n)++;
}

double
wcc_interop_captured_tone_share (const char   *dir,
                                 guint16       port,
                                 const double *freqs,
                                 guint         n_freqs)
{
  g_autofree char *pcap = g_build_filename (dir, "rtp.pcapng", NULL);
  g_autofree char *log = g_build_filename (dir, "dumpcap.log", NULL);
  g_autofree char *filter = g_strdup_printf ("udp dst port %u", port);
  g_autofree char *decode = g_strdup_printf ("udp.port==%u,rtp", port);
  g_autofree char *fields = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GSubprocess) capture = NULL;
  /* One Goertzel filter per frequency over all the payload samples. */
  double s_prev[8] = { 0 }, s_prev2[8] = { 0 }, coeff[8], energy = 0, share = 0;
  gsize n = 0;
  int status = 0;
  const char *capture_argv[] = { "dumpcap", "-q", "-i", "lo", "-f", filter, "-a", "duration:2",
                                 "-w", pcap, NULL };

  g_assert_cmpuint (n_freqs, <=, G_N_ELEMENTS (coeff));
  for (guint f = 0; f < n_freqs; f++)
    coeff[f] = 2 * cos (2 * G_PI * freqs[f] / 8000);
  capture = wcc_interop_spawn (capture_argv, log);
  /* The phones keep talking while dumpcap listens. */
  {
    gint64 deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
    while (g_subprocess_get_identifier (capture) != NULL && g_get_monotonic_time () < deadline)
      wcc_interop_run_for (50);
  }
  wcc_interop_stop (&capture);
  if (!g_file_test (pcap, G_FILE_TEST_EXISTS))
    {
      g_autofree char *text = NULL;
      g_file_get_contents (log, &text, NULL, NULL);
      g_test_message ("dumpcap captured nothing: %s", text ? text : "");
      return -1;
    }
  {
    const char *argv[] = { "tshark", "-r", pcap, "-d", decode, "-T", "fields", "-e", "rtp.payload", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &fields, &errors, &status, &error);
    g_assert_no_error (error);
  }
  lines = g_strsplit (fields, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) bytes = g_strsplit (g_strstrip (lines[i]), ":", -1);
      gsize len = g_strv_length (bytes);

      /* tshark 3.x prints "aa:bb:…", newer ones "aabb…". */
      if (len == 1 && strlen (bytes[0]) > 2)
        {
          const char *hex = bytes[0];
          for (gsize j = 0; j + 1 < strlen (hex); j += 2)
            {
              char pair[3] = { hex[j], hex[j + 1], 0 };
              feed (ulaw_to_linear ((guint8) g_ascii_strtoull (pair, NULL, 16)),
                    n_freqs, coeff, s_prev, s_prev2, &energy, &n);
            }
          continue;
        }
      for (gsize j = 0; j < len && bytes[j][0] != '\0'; j++)
        {
          feed (ulaw_to_linear ((guint8) g_ascii_strtoull (bytes[j], NULL, 16)),
                n_freqs, coeff, s_prev, s_prev2, &energy, &n);
        }
    }
  g_test_message ("captured %zu payload bytes at port %u", n, port);
  if (n < 4000)
    return -1;
  if (energy <= 0)
    return 0;
  for (guint f = 0; f < n_freqs; f++)
    share += 2 * (s_prev[f] * s_prev[f] + s_prev2[f] * s_prev2[f] - coeff[f] * s_prev[f] * s_prev2[f]) / (n * energy);
  return share;
}

