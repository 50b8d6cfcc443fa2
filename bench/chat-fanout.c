/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chat-fanout.c: one chat message to a group of N connected users (S14): N API clients in
 * this process log in, each opens the event stream (a WebSocket); then ROUNDS times one of
 * them posts a message to the group chat and the time from the POST to its chat.message on
 * every stream is taken. Prints p50/p99/max of those delivery latencies and the server's CPU
 * (user + system of PID from /proc/PID/stat) over the rounds.
 *
 *   chat-fanout URL CLIENT FIRST-EMPLOYEE-ID N PASSWORD SERVER-PID [ROUNDS]
 * (run by chat-fanout.sh, which makes the users and starts the server). */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOGINS_AT_ONCE 1

typedef struct {
  char                    *token;
  SoupWebsocketConnection *stream;
  gboolean                 hello;
  guint                    seen_round;  /* the last round whose message arrived, plus one */
} User;

static const char *base_url;
static SoupSession *session;
static User *users;
static guint n_users, logins_pending, logins_running, streams_ready, next_login;
static const char *client_name, *password;
static guint first_id;
static gint64 round_started;
static char *waiting_text;   /* the text of this round's message */
static char *waiting_marker; /* "text":"…" as the event has it */
static GArray *latencies;   /* double, ms */
static guint received, current_round;

static void start_login (void);

static JsonObject *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (bytes == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static SoupMessage *
request (const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  SoupMessage *message = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  return message;
}

static void
on_stream_message (SoupWebsocketConnection *connection,
                   gint                     type,
                   GBytes                  *message,
                   User                    *user)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  if (!user->hello)
    {
      g_autoptr(JsonObject) object = parse (message);

      if (object && g_str_equal (json_object_get_string_member_with_default (object, "type", ""), "hello"))
        {
          user->hello = TRUE;
          streams_ready++;
        }
      return;
    }
  /* The receiving side stays cheap (500 streams in one process): the server writes compact
   * JSON, so this round's chat.message is found by its text, without parsing. Matched by
   * text, the events may be read before the POST's answer. */
  if (waiting_marker != NULL && user->seen_round != current_round + 1 &&
      g_strstr_len (data, length, "\"type\":\"chat.message\"") != NULL &&
      g_strstr_len (data, length, waiting_marker) != NULL)
    {
      double ms = (g_get_monotonic_time () - round_started) / 1000.0;

      user->seen_round = current_round + 1;
      g_array_append_val (latencies, ms);
      received++;
    }
}

static void
on_stream_open (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  User *user = user_data;
  g_autoptr(GError) error = NULL;

  user->stream = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (user->stream == NULL)
    g_error ("event stream: %s", error->message);
  soup_websocket_connection_set_keepalive_interval (user->stream, 0);
  g_signal_connect (user->stream, "message", G_CALLBACK (on_stream_message), user);
}

static void
on_login (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  User *user = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonObject) answer = parse (body);
  g_autoptr(SoupMessage) upgrade = NULL;

  logins_running--;
  if (answer == NULL || soup_message_get_status (message) != 200)
    g_error ("login: %u %s", soup_message_get_status (message),
             body ? (const char *) g_bytes_get_data (body, NULL) : error->message);
  user->token = g_strdup (json_object_get_string_member (answer, "token"));
  logins_pending--;
  upgrade = request ("GET", "/api/v1/events", user->token, NULL);
  soup_session_websocket_connect_async (session, upgrade, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_stream_open, user);
  start_login ();
}

/* One login at a time: the server counts the ones still being checked as failures, and
 * after 3 from one address it asks for a picture challenge. */
static void
start_login (void)
{
  while (logins_running < LOGINS_AT_ONCE && next_login < n_users)
    {
      User *user = &users[next_login];
      g_autofree char *body = g_strdup_printf ("{\"account\": \"%u@%s\", \"password\": \"%s\"}",
                                               first_id + next_login, client_name, password);
      g_autoptr(SoupMessage) message = request ("POST", "/api/v1/login", NULL, body);

      next_login++;
      logins_running++;
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_login, user);
    }
}

static double
server_cpu_seconds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    g_error ("cannot read %s", path);
  fields = g_strsplit (after + 2, " ", -1);
  /* Fields 14 and 15 (utime, stime), counted from the state (field 3). */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
iterate_until (gboolean (*done) (void),
               guint     timeout_s,
               const char *what)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!done ())
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out: %s", what);
    }
}

static gboolean all_logged_in (void) { return logins_pending == 0 && streams_ready == n_users; }
static gboolean round_done (void) { return received == n_users; }

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (double p)
{
  guint index = (guint) (p * (latencies->len - 1) + 0.5);

  return g_array_index (latencies, double, index);
}

int
main (int   argc,
      char *argv[])
{
  const char *pid;
  guint rounds;
  gint64 conversation = 0;
  double cpu_before, cpu_after;
  gint64 wall_before;

  if (argc < 7)
    {
      g_printerr ("usage: chat-fanout URL CLIENT FIRST-EMPLOYEE-ID N PASSWORD SERVER-PID [ROUNDS]\n");
      return 2;
    }
  base_url = argv[1];
  client_name = argv[2];
  first_id = (guint) atoi (argv[3]);
  n_users = (guint) atoi (argv[4]);
  password = argv[5];
  pid = argv[6];
  rounds = argc > 7 ? (guint) atoi (argv[7]) : 50;

  session = soup_session_new_with_options ("max-conns", 2 * (int) n_users + 16, "max-conns-per-host", 2 * (int) n_users + 16,
                                           "timeout", 60, NULL);
  users = g_new0 (User, n_users);
  latencies = g_array_new (FALSE, FALSE, sizeof (double));
  logins_pending = n_users;
  start_login ();
  iterate_until (all_logged_in, 600, "logins and event streams");

  /* The group chat: the first of the sender's conversations. */
  {
    g_autoptr(SoupMessage) message = request ("GET", "/api/v1/chat/conversations", users[0].token, NULL);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);
    g_autoptr(JsonObject) answer = parse (body);
    JsonArray *items = answer ? json_object_get_array_member (answer, "items") : NULL;

    if (items == NULL || json_array_get_length (items) == 0)
      g_error ("the sender has no group chat");
    conversation = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  }

  cpu_before = server_cpu_seconds (pid);
  wall_before = g_get_monotonic_time ();
  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", conversation);
      g_autofree char *body = NULL;
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonObject) answer = NULL;

      received = 0;
      current_round = r;
      g_free (waiting_text);
      waiting_text = g_strdup_printf ("fan-out %u", r);
      g_free (waiting_marker);
      waiting_marker = g_strdup_printf ("\"text\":\"%s\"", waiting_text);
      body = g_strdup_printf ("{\"text\": \"%s\"}", waiting_text);
      message = request ("POST", path, users[r % n_users].token, body);
      round_started = g_get_monotonic_time ();
      /* Synchronous POST: the events that arrive while it runs wait in the sockets. */
      bytes = soup_session_send_and_read (session, message, NULL, NULL);
      answer = parse (bytes);
      if (answer == NULL || soup_message_get_status (message) != 201)
        g_error ("post: %u", soup_message_get_status (message));
      iterate_until (round_done, 60, "every member's chat.message");
    }
  cpu_after = server_cpu_seconds (pid);

  g_array_sort (latencies, compare_doubles);
  g_print ("%u connected users, %u messages, %u deliveries\n", n_users, rounds, latencies->len);
  g_print ("delivery latency (POST sent -> chat.message received), ms: p50 %.1f  p99 %.1f  max %.1f\n",
           percentile (0.50), percentile (0.99), g_array_index (latencies, double, latencies->len - 1));
  g_print ("server CPU: %.2f s over %.1f s of rounds, %.1f ms per message (%.1f us per delivery)\n",
           cpu_after - cpu_before, (g_get_monotonic_time () - wall_before) / 1e6,
           (cpu_after - cpu_before) * 1000 / rounds, (cpu_after - cpu_before) * 1e6 / latencies->len);
  return 0;
}
