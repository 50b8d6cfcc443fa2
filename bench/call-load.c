/* SPDX-License-Identifier: GPL-3.0-or-later */
/* call-load.c: a SIP call load generator for bench/server-calls.sh, over UDP on loopback,
 * in the manner of sipp: plain SIP messages, a fixed SDP and no RTP (the server never
 * touches media; the phones' media costs are bench/phone-call-cost.sh's subject).
 *
 *   call-load sql DOMAIN FIRST COUNT
 *       prints SQL inserting users FIRST … FIRST+COUNT-1 of client DOMAIN with the SIP
 *       password "pw-ID" (only its digest HA1 is stored, as the server does).
 *   call-load agents HOST:PORT DOMAIN FIRST COUNT
 *       registers those users (REGISTER, 401, REGISTER with digest, 200; 50 at a time), prints
 *       "registered N" once all are, then answers every INVITE sent to them (180, then 200
 *       with SDP), answers BYE and anything else with 200, until SIGTERM or SIGINT; then
 *       prints "invites N answered N byes N".
 *   call-load calls HOST:PORT DOMAIN TARGET CALLS RATE HOLD [AS-FIRST]
 *       places CALLS calls to sip:TARGET@DOMAIN, RATE per second, each hung up (BYE) HOLD
 *       seconds after its 200. Without AS-FIRST the caller is an anonymous customer (a
 *       unique From number per call); with it, call i is placed by user AS-FIRST+i with
 *       digest (407, ACK, INVITE with Proxy-Authorization) and TARGET+i is called (TARGET is
 *       then the first callee). Prints one line:
 *       "attempted N answered N failed N seconds S setup_p50_ms X setup_p99_ms X
 *        peak_concurrent N first_failure STATUS".
 *
 * A request unanswered for 500 ms is sent again (doubling, up to 4 s); a 200 to an INVITE is
 * sent again until its ACK comes. */
#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define T1_US          500000
#define T2_US          4000000
#define GIVE_UP_US     (32 * G_USEC_PER_SEC)
#define REG_WINDOW     50

static const char SDP[] =
  "v=0\r\n"
  "o=- 1 1 IN IP4 127.0.0.1\r\n"
  "s=-\r\n"
  "c=IN IP4 127.0.0.1\r\n"
  "t=0 0\r\n"
  "m=audio 40000 RTP/AVP 0 101\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=sendrecv\r\n";

static int                 sock;
static struct sockaddr_in  server;
static char                local[64];     /* 127.0.0.1:PORT of our socket */
static const char         *domain;
static guint               run_id;
static guint64             branch_counter;
static volatile sig_atomic_t stopping;

/* A message to send again until answered (or ACKed). */
typedef struct {
  char    *text;
  gsize    length;
  gint64   next_us;
  gint64   interval_us;
  gint64   given_up_us;
} Pending;

static void
send_text (const char *text,
           gsize       length)
{
  if (sendto (sock, text, length, 0, (struct sockaddr *) &server, sizeof server) < 0 && errno != EAGAIN)
    g_error ("sendto: %s", g_strerror (errno));
}

static void
pending_start (Pending *p,
               char    *text)
{
  gint64 now = g_get_monotonic_time ();

  g_free (p->text);
  p->text = text;
  p->length = strlen (text);
  p->interval_us = T1_US;
  p->next_us = now + T1_US;
  p->given_up_us = now + GIVE_UP_US;
  send_text (p->text, p->length);
}

static void
pending_stop (Pending *p)
{
  g_clear_pointer (&p->text, g_free);
}

/* Sends again when due; FALSE once it is time to give up. */
static gboolean
pending_tick (Pending *p,
              gint64   now,
              guint64 *retransmissions)
{
  if (p->text == NULL || now < p->next_us)
    return TRUE;
  if (now > p->given_up_us)
    return FALSE;
  send_text (p->text, p->length);
  (*retransmissions)++;
  p->interval_us = MIN (p->interval_us * 2, T2_US);
  p->next_us = now + p->interval_us;
  return TRUE;
}

static char *
new_branch (void)
{
  return g_strdup_printf ("z9hG4bK-%u-%" G_GUINT64_FORMAT, run_id, ++branch_counter);
}

static void
md5_hex (const char *text,
         char        out[33])
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  memcpy (out, hex, 33);
}

static void
user_ha1 (guint user,
          char  out[33])
{
  g_autofree char *a1 = g_strdup_printf ("%u:%s:pw-%u", user, domain, user);

  md5_hex (a1, out);
}

/* "Digest username=…" for @method @uri answering the challenge in @message. */
static char *
digest_credentials (const char *message,
                    guint       user,
                    const char *method,
                    const char *uri)
{
  const char *nonce = strstr (message, "nonce=\"");
  const char *end;
  char ha1[33], ha2[33], response[33];
  g_autofree char *a2 = g_strdup_printf ("%s:%s", method, uri);
  g_autofree char *nonce_value = NULL;
  g_autofree char *kd = NULL;
  gboolean qop = strstr (message, "qop=") != NULL;

  if (nonce == NULL || (end = strchr (nonce + 7, '"')) == NULL)
    return NULL;
  nonce_value = g_strndup (nonce + 7, end - nonce - 7);
  user_ha1 (user, ha1);
  md5_hex (a2, ha2);
  kd = qop ? g_strdup_printf ("%s:%s:00000001:b3nch:auth:%s", ha1, nonce_value, ha2)
           : g_strdup_printf ("%s:%s:%s", ha1, nonce_value, ha2);
  md5_hex (kd, response);
  return g_strdup_printf ("Digest username=\"%u\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
                          "response=\"%s\", algorithm=MD5%s", user, domain, nonce_value, uri,
                          response, qop ? ", qop=auth, nc=00000001, cnonce=\"b3nch\"" : "");
}

/* Parsing: header lines of one message. */

static int
status_of (const char *message)
{
  int status = 0;

  return sscanf (message, "SIP/2.0 %d", &status) == 1 ? status : 0;
}

/* The value of the first header @name (case-insensitive), to the end of its line. */
static char *
header (const char *message,
        const char *name)
{
  gsize len = strlen (name);

  for (const char *line = strstr (message, "\r\n"); line != NULL && line[2] != '\r';
       line = strstr (line + 2, "\r\n"))
    {
      const char *start = line + 2;
      if (g_ascii_strncasecmp (start, name, len) == 0 && start[len] == ':')
        {
          const char *value = start + len + 1;
          const char *end = strstr (value, "\r\n");
          while (*value == ' ')
            value++;
          return g_strndup (value, end ? end - value : (gssize) strlen (value));
        }
    }
  return NULL;
}

/* Every header line @name, whole ("Via: …\r\n…"), in order. */
static void
copy_headers (GString    *out,
              const char *message,
              const char *name)
{
  gsize len = strlen (name);

  for (const char *line = strstr (message, "\r\n"); line != NULL && line[2] != '\r';
       line = strstr (line + 2, "\r\n"))
    {
      const char *start = line + 2;
      const char *end = strstr (start, "\r\n");
      if (end != NULL && g_ascii_strncasecmp (start, name, len) == 0 && start[len] == ':')
        g_string_append_len (out, start, end - start + 2);
    }
}

/* The tag= of a From/To value, or NULL. */
static char *
tag_of (const char *value)
{
  const char *tag = value ? strstr (value, ";tag=") : NULL;

  return tag ? g_strndup (tag + 5, strcspn (tag + 5, ";> \r\n")) : NULL;
}

/* The URI inside <…> of a Contact value. */
static char *
uri_of (const char *value)
{
  const char *open = value ? strchr (value, '<') : NULL;
  const char *close = open ? strchr (open, '>') : NULL;

  return close ? g_strndup (open + 1, close - open - 1) : g_strdup (value);
}

/* A response to @request: its Via, From, To (with @to_tag added when it has none), Call-ID
 * and CSeq. */
static char *
response (const char *request,
          int         status,
          const char *phrase,
          const char *to_tag,
          const char *contact_user,
          gboolean    with_sdp)
{
  GString *out = g_string_new (NULL);
  g_autofree char *to = header (request, "To");

  g_string_append_printf (out, "SIP/2.0 %d %s\r\n", status, phrase);
  copy_headers (out, request, "Via");
  copy_headers (out, request, "From");
  if (to != NULL && strstr (to, ";tag=") == NULL && to_tag != NULL)
    g_string_append_printf (out, "To: %s;tag=%s\r\n", to, to_tag);
  else
    copy_headers (out, request, "To");
  copy_headers (out, request, "Call-ID");
  copy_headers (out, request, "CSeq");
  if (contact_user != NULL)
    g_string_append_printf (out, "Contact: <sip:%s@%s>\r\n", contact_user, local);
  if (with_sdp)
    g_string_append_printf (out, "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
                            strlen (SDP), SDP);
  else
    g_string_append (out, "Content-Length: 0\r\n\r\n");
  return g_string_free (out, FALSE);
}

static void
open_socket (const char *target)
{
  struct sockaddr_in any = { .sin_family = AF_INET };
  struct sockaddr_in bound = { 0 };
  socklen_t bound_len = sizeof bound;
  g_autofree char *host = g_strndup (target, strchr (target, ':') - target);
  int size = 8 << 20;

  server.sin_family = AF_INET;
  server.sin_port = htons ((guint16) atoi (strchr (target, ':') + 1));
  inet_pton (AF_INET, host, &server.sin_addr);
  sock = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  /* Bursts of a whole rate step must not overflow the socket (root may go past rmem_max). */
  if (setsockopt (sock, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    setsockopt (sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  inet_pton (AF_INET, host, &any.sin_addr);
  if (bind (sock, (struct sockaddr *) &any, sizeof any) < 0)
    g_error ("bind: %s", g_strerror (errno));
  getsockname (sock, (struct sockaddr *) &bound, &bound_len);
  g_snprintf (local, sizeof local, "%s:%u", host, ntohs (bound.sin_port));
  run_id = (guint) getpid ();
}

/* Waits up to @timeout_ms for a datagram; NULL-terminated into @buffer. */
static gssize
receive (char  *buffer,
         gsize  size,
         int    timeout_ms)
{
  gssize n = recv (sock, buffer, size - 1, 0);

  if (n < 0 && errno == EAGAIN && timeout_ms > 0)
    {
      struct pollfd pfd = { .fd = sock, .events = POLLIN };
      if (poll (&pfd, 1, timeout_ms) > 0)
        n = recv (sock, buffer, size - 1, 0);
    }
  if (n >= 0)
    buffer[n] = '\0';
  return n;
}

/* sql */

static int
run_sql (guint first,
         guint count)
{
  printf ("BEGIN;\n");
  for (guint user = first; user < first + count; user++)
    {
      char ha1[33];
      user_ha1 (user, ha1);
      printf ("INSERT INTO users (client_id, employee_id, password_hash, sip_ha1, created_at, updated_at)"
              " SELECT id, '%u', '!', '%s', 0, 0 FROM clients WHERE name = '%s';\n", user, ha1, domain);
    }
  printf ("COMMIT;\n");
  return 0;
}

/* agents */

typedef struct {
  guint    user;
  guint    cseq;
  gboolean challenged;
  gboolean done;
  Pending  pending;
} Registration;

typedef struct {
  char    *last_response;   /* sent again for a retransmitted INVITE */
  Pending  ok;              /* the 200, until the ACK */
  gint64   seen_us;
} Answer;

static void
answer_free (Answer *a)
{
  g_free (a->last_response);
  pending_stop (&a->ok);
  g_free (a);
}

static char *
register_request (Registration *r,
                  const char   *credentials)
{
  g_autofree char *branch = new_branch ();

  return g_strdup_printf ("REGISTER sip:%s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP %s;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:%u@%s>;tag=r%u-%u\r\n"
                          "To: <sip:%u@%s>\r\n"
                          "Call-ID: reg-%u-%u@call-load\r\n"
                          "CSeq: %u REGISTER\r\n"
                          "Contact: <sip:%u@%s>\r\n"
                          "Expires: 3600\r\n"
                          "%s%s%s"
                          "Content-Length: 0\r\n\r\n",
                          domain, local, branch, r->user, domain, run_id, r->user, r->user, domain,
                          run_id, r->user, r->cseq, r->user, local,
                          credentials ? "Authorization: " : "", credentials ? credentials : "",
                          credentials ? "\r\n" : "");
}

static void
on_signal (int signum)
{
  stopping = 1;
}

static int
run_agents (guint first,
            guint count)
{
  g_autofree Registration *regs = g_new0 (Registration, count);
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) answer_free);
  g_autofree char *reg_uri = g_strdup_printf ("sip:%s", domain);
  guint next = 0, in_flight = 0, registered = 0;
  guint64 invites = 0, answered = 0, byes = 0, retransmissions = 0;
  gint64 started = g_get_monotonic_time (), last_sweep = 0;
  struct sigaction sa = { .sa_handler = on_signal };
  char buffer[8192];

  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  for (guint i = 0; i < count; i++)
    {
      regs[i].user = first + i;
      regs[i].cseq = 1;
    }

  while (!stopping)
    {
      gint64 now = g_get_monotonic_time ();
      gssize n;

      /* Registrations, REG_WINDOW at a time. */
      while (next < count && in_flight < REG_WINDOW)
        {
          pending_start (&regs[next].pending, register_request (&regs[next], NULL));
          next++;
          in_flight++;
        }
      n = receive (buffer, sizeof buffer, 20);
      if (n > 0 && strncmp (buffer, "SIP/2.0 ", 8) == 0)
        {
          g_autofree char *call_id = header (buffer, "Call-ID");
          g_autofree char *cseq = header (buffer, "CSeq");
          guint user = 0, rid = 0, seq = 0;
          int status = status_of (buffer);
          Registration *r;

          if (call_id == NULL || cseq == NULL || sscanf (call_id, "reg-%u-%u@", &rid, &user) != 2 ||
              rid != run_id || user < first || user >= first + count || status < 200)
            continue;
          r = &regs[user - first];
          if (sscanf (cseq, "%u", &seq) != 1 || seq != r->cseq || r->done)
            continue;   /* a late answer to a retransmission */
          r->cseq++;
          if (status == 401 && !r->challenged)
            {
              g_autofree char *credentials = digest_credentials (buffer, user, "REGISTER", reg_uri);
              r->challenged = TRUE;
              pending_start (&r->pending, register_request (r, credentials));
              continue;
            }
          pending_stop (&r->pending);
          r->done = TRUE;
          in_flight--;
          if (status != 200)
            {
              fprintf (stderr, "call-load: registering %u: %d\n", user, status);
              return 1;
            }
          if (++registered == count)
            {
              printf ("registered %u in %.2f s\n", count, (g_get_monotonic_time () - started) / 1e6);
              fflush (stdout);
            }
        }
      else if (n > 0)
        {
          g_autofree char *call_id = header (buffer, "Call-ID");
          g_autofree char *cseq = header (buffer, "CSeq");
          char method[16] = "";
          char user[64] = "";
          Answer *a;

          if (call_id == NULL || cseq == NULL || sscanf (buffer, "%15s sip:%63[^@ ]", method, user) < 1)
            continue;
          a = g_hash_table_lookup (answers, call_id);
          if (g_str_equal (method, "INVITE"))
            {
              g_autofree char *tag = g_strdup_printf ("a%u", run_id);
              g_autofree char *ringing = NULL;

              if (a != NULL && a->last_response != NULL)
                {
                  /* A retransmission, or a re-INVITE. */
                  if (strstr (a->last_response, cseq) != NULL)
                    {
                      send_text (a->last_response, strlen (a->last_response));
                      continue;
                    }
                }
              if (a == NULL)
                {
                  a = g_new0 (Answer, 1);
                  g_hash_table_insert (answers, g_strdup (call_id), a);
                  invites++;
                }
              a->seen_us = now;
              ringing = response (buffer, 180, "Ringing", tag, user, FALSE);
              send_text (ringing, strlen (ringing));
              g_free (a->last_response);
              a->last_response = response (buffer, 200, "OK", tag, user, TRUE);
              pending_start (&a->ok, g_strdup (a->last_response));
              answered++;
            }
          else if (g_str_equal (method, "ACK"))
            {
              if (a != NULL)
                pending_stop (&a->ok);
            }
          else
            {
              g_autofree char *ok = response (buffer, 200, "OK", NULL, NULL, FALSE);

              send_text (ok, strlen (ok));
              if (g_str_equal (method, "BYE"))
                {
                  byes++;
                  if (a != NULL)
                    g_hash_table_remove (answers, call_id);
                }
            }
        }

      /* Retransmissions and forgetting old calls, a few times a second. */
      now = g_get_monotonic_time ();
      if (now - last_sweep > 50000)
        {
          GHashTableIter iter;
          gpointer value;

          last_sweep = now;
          for (guint i = 0; i < next; i++)
            if (!regs[i].done && !pending_tick (&regs[i].pending, now, &retransmissions))
              {
                fprintf (stderr, "call-load: no answer registering %u\n", regs[i].user);
                return 1;
              }
          g_hash_table_iter_init (&iter, answers);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              Answer *ans = value;
              if (!pending_tick (&ans->ok, now, &retransmissions))
                pending_stop (&ans->ok);
              if (ans->ok.text == NULL && now - ans->seen_us > (gint64) 3600 * G_USEC_PER_SEC)
                g_hash_table_iter_remove (&iter);
            }
        }
    }
  printf ("invites %" G_GUINT64_FORMAT " answered %" G_GUINT64_FORMAT " byes %" G_GUINT64_FORMAT
          " retransmissions %" G_GUINT64_FORMAT "\n", invites, answered, byes, retransmissions);
  return 0;
}

/* calls */

typedef enum { INVITING, ANSWERED, HANGING_UP, FINISHED } CallStage;

typedef struct {
  guint      index;
  guint      caller;       /* user, or 0 for a customer */
  char      *from_user;
  char      *target;
  char      *ruri;
  char      *call_id;
  char      *from_tag;
  char      *to_tag;
  char      *remote;       /* the Contact of the 200: ACK and BYE go there */
  char      *credentials;
  char      *invite_branch;
  guint      cseq;
  CallStage  stage;
  gint64     invited_us;
  gint64     answered_us;
  Pending    pending;
} Call;

static char *
invite_request (Call *c)
{
  g_free (c->invite_branch);
  c->invite_branch = new_branch ();
  return g_strdup_printf ("INVITE %s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP %s;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:%s@%s>;tag=%s\r\n"
                          "To: <%s>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: %u INVITE\r\n"
                          "Contact: <sip:%s@%s>\r\n"
                          "%s%s%s"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          c->ruri, local, c->invite_branch, c->from_user, domain, c->from_tag, c->ruri,
                          c->call_id, c->cseq, c->from_user, local,
                          c->credentials ? "Proxy-Authorization: " : "",
                          c->credentials ? c->credentials : "", c->credentials ? "\r\n" : "",
                          strlen (SDP), SDP);
}

/* ACK or BYE in the dialog (or the ACK of a failed INVITE: same branch, the request URI). */
static char *
in_dialog_request (Call       *c,
                   const char *method,
                   guint       cseq,
                   const char *branch,
                   const char *to_tag)
{
  g_autofree char *own_branch = branch ? NULL : new_branch ();

  return g_strdup_printf ("%s %s SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP %s;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:%s@%s>;tag=%s\r\n"
                          "To: <%s>%s%s\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: %u %s\r\n"
                          "Content-Length: 0\r\n\r\n",
                          method, branch ? c->ruri : c->remote, local, branch ? branch : own_branch,
                          c->from_user, domain, c->from_tag, c->ruri, to_tag ? ";tag=" : "",
                          to_tag ? to_tag : "", c->call_id, cseq, method);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  if (values->len == 0)
    return 0;
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (p * values->len))) / 1000.0;
}

static int
run_calls (const char *target,
           guint       calls,
           double      rate,
           double      hold,
           guint       as_first)
{
  g_autofree Call *all = g_new0 (Call, calls);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) setups = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GQueue) to_hang_up = g_queue_new ();   /* answered calls, in answer order */
  guint placed = 0, finished = 0, answered = 0, failed = 0, concurrent = 0, peak = 0;
  int first_failure = 0;
  guint64 retransmissions = 0;
  gint64 start = g_get_monotonic_time (), last_answer = start, last_sweep = 0;
  gint64 hold_us = (gint64) (hold * G_USEC_PER_SEC);
  char buffer[8192];

  while (finished < calls)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 next_place = placed < calls ? start + (gint64) (placed * G_USEC_PER_SEC / rate) : G_MAXINT64;
      gint64 wake = MIN (next_place, now + 20000);
      gssize n;

      /* Place what is due. */
      while (placed < calls && now >= start + (gint64) (placed * G_USEC_PER_SEC / rate))
        {
          Call *c = &all[placed];

          c->index = placed;
          c->caller = as_first ? as_first + placed : 0;
          c->from_user = as_first ? g_strdup_printf ("%u", c->caller)
                                  : g_strdup_printf ("9%u%06u", run_id, placed);
          c->target = as_first ? g_strdup_printf ("%u", (guint) atoi (target) + placed) : g_strdup (target);
          c->ruri = g_strdup_printf ("sip:%s@%s", c->target, domain);
          c->call_id = g_strdup_printf ("call-%u-%u@call-load", run_id, placed);
          c->from_tag = g_strdup_printf ("c%u", placed);
          c->cseq = 1;
          c->stage = INVITING;
          c->invited_us = now;
          g_hash_table_insert (by_id, c->call_id, c);
          pending_start (&c->pending, invite_request (c));
          placed++;
        }
      /* Hang up what has talked long enough. */
      while (!g_queue_is_empty (to_hang_up) &&
             ((Call *) g_queue_peek_head (to_hang_up))->answered_us + hold_us <= now)
        {
          Call *c = g_queue_pop_head (to_hang_up);
          c->stage = HANGING_UP;
          c->cseq++;
          pending_start (&c->pending, in_dialog_request (c, "BYE", c->cseq, NULL, c->to_tag));
        }
      if (!g_queue_is_empty (to_hang_up))
        wake = MIN (wake, ((Call *) g_queue_peek_head (to_hang_up))->answered_us + hold_us);

      n = receive (buffer, sizeof buffer, (int) MAX (0, (wake - now + 999) / 1000));
      if (n > 0)
        {
          g_autofree char *call_id = header (buffer, "Call-ID");
          g_autofree char *cseq = header (buffer, "CSeq");
          int status = status_of (buffer);
          Call *c = call_id ? g_hash_table_lookup (by_id, call_id) : NULL;

          if (c == NULL || cseq == NULL)
            ;
          else if (status == 0)
            {
              /* A request from the server in our call (a BYE from the agent's side). */
              g_autofree char *ok = response (buffer, 200, "OK", NULL, NULL, FALSE);
              send_text (ok, strlen (ok));
              if (strncmp (buffer, "BYE ", 4) == 0 && c->stage < FINISHED)
                {
                  if (c->stage == ANSWERED)
                    g_queue_remove (to_hang_up, c);
                  pending_stop (&c->pending);
                  c->stage = FINISHED;
                  concurrent--;
                  finished++;
                }
            }
          else if (strstr (cseq, "INVITE") != NULL && status >= 200)
            {
              g_autofree char *to = header (buffer, "To");
              g_autofree char *to_tag = tag_of (to);
              guint seq = (guint) atoi (cseq);

              if (status < 300)
                {
                  g_autofree char *ack = NULL;

                  if (c->stage == INVITING && seq == c->cseq)
                    {
                      g_autofree char *contact = header (buffer, "Contact");
                      gint64 setup = now - c->invited_us;

                      pending_stop (&c->pending);
                      c->stage = ANSWERED;
                      c->to_tag = g_strdup (to_tag);
                      c->remote = uri_of (contact);
                      c->answered_us = now;
                      g_array_append_val (setups, setup);
                      g_queue_push_tail (to_hang_up, c);
                      answered++;
                      last_answer = now;
                      if (++concurrent > peak)
                        peak = concurrent;
                    }
                  if (c->remote != NULL)
                    {
                      ack = in_dialog_request (c, "ACK", seq, NULL, c->to_tag);
                      send_text (ack, strlen (ack));
                    }
                }
              else
                {
                  /* Every final failure is ACKed on the INVITE's branch. */
                  g_autofree char *via = header (buffer, "Via");
                  const char *b = via ? strstr (via, "branch=") : NULL;
                  g_autofree char *branch = b ? g_strndup (b + 7, strcspn (b + 7, ";, ")) : NULL;
                  g_autofree char *ack = in_dialog_request (c, "ACK", seq, branch ? branch : c->invite_branch, to_tag);

                  send_text (ack, strlen (ack));
                  if (c->stage != INVITING || seq != c->cseq)
                    ;
                  else if (status == 407 && c->credentials == NULL && c->caller != 0)
                    {
                      c->credentials = digest_credentials (buffer, c->caller, "INVITE", c->ruri);
                      c->cseq++;
                      pending_start (&c->pending, invite_request (c));
                    }
                  else
                    {
                      pending_stop (&c->pending);
                      c->stage = FINISHED;
                      failed++;
                      finished++;
                      if (first_failure == 0)
                        {
                          first_failure = status;
                          fprintf (stderr, "call-load: call %u failed: %.*s\n", c->index,
                                   (int) strcspn (buffer, "\r"), buffer);
                        }
                    }
                }
            }
          else if (strstr (cseq, "INVITE") != NULL && c->stage == INVITING)
            {
              /* A provisional answer: the INVITE is no longer sent again. */
              pending_stop (&c->pending);
              c->pending.text = NULL;
            }
          else if (strstr (cseq, "BYE") != NULL && status >= 200 && c->stage == HANGING_UP)
            {
              pending_stop (&c->pending);
              c->stage = FINISHED;
              concurrent--;
              finished++;
            }
        }

      now = g_get_monotonic_time ();
      if (now - last_sweep > 50000)
        {
          last_sweep = now;
          for (guint i = 0; i < placed; i++)
            {
              Call *c = &all[i];

              if (c->stage == FINISHED)
                continue;
              if (!pending_tick (&c->pending, now, &retransmissions) ||
                  (c->stage == INVITING && now - c->invited_us > GIVE_UP_US))
                {
                  if (c->stage == ANSWERED)
                    g_queue_remove (to_hang_up, c);
                  if (c->stage == ANSWERED || c->stage == HANGING_UP)
                    concurrent--;
                  else
                    failed++;
                  if (c->stage == INVITING && first_failure == 0)
                    first_failure = 408;
                  pending_stop (&c->pending);
                  c->stage = FINISHED;
                  finished++;
                }
            }
        }
    }

  g_array_sort (setups, compare_gint64);
  printf ("attempted %u answered %u failed %u seconds %.3f setup_p50_ms %.2f setup_p99_ms %.2f "
          "peak_concurrent %u first_failure %d retransmissions %" G_GUINT64_FORMAT "\n",
          placed, answered, failed, (last_answer - start) / 1e6, percentile_ms (setups, 0.50),
          percentile_ms (setups, 0.99), peak, first_failure, retransmissions);
  for (guint i = 0; i < calls; i++)
    {
      Call *c = &all[i];
      g_free (c->from_user); g_free (c->target); g_free (c->ruri); g_free (c->call_id);
      g_free (c->from_tag); g_free (c->to_tag); g_free (c->remote); g_free (c->credentials);
      g_free (c->invite_branch);
      pending_stop (&c->pending);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 5 && g_str_equal (argv[1], "sql"))
    {
      domain = argv[2];
      return run_sql ((guint) atoi (argv[3]), (guint) atoi (argv[4]));
    }
  if (argc == 6 && g_str_equal (argv[1], "agents"))
    {
      domain = argv[3];
      open_socket (argv[2]);
      return run_agents ((guint) atoi (argv[4]), (guint) atoi (argv[5]));
    }
  if ((argc == 8 || argc == 9) && g_str_equal (argv[1], "calls"))
    {
      domain = argv[3];
      open_socket (argv[2]);
      return run_calls (argv[4], (guint) atoi (argv[5]), g_ascii_strtod (argv[6], NULL),
                        g_ascii_strtod (argv[7], NULL), argc == 9 ? (guint) atoi (argv[8]) : 0);
    }
  fprintf (stderr, "usage: %s sql DOMAIN FIRST COUNT\n"
                   "       %s agents HOST:PORT DOMAIN FIRST COUNT\n"
                   "       %s calls HOST:PORT DOMAIN TARGET CALLS RATE HOLD [AS-FIRST]\n",
           argv[0], argv[0], argv[0]);
  return 2;
}
