/* SPDX-License-Identifier: GPL-3.0-or-later */
/* register-load.c: a REGISTER load generator for bench/server-register.sh. Over UDP on
 * loopback, a window of users registering at once, each registration the full digest
 * exchange a phone does: REGISTER, 401 with a nonce, REGISTER with credentials (MD5, qop=auth
 * when offered), 200. Every user keeps its Call-ID and counts its CSeq up, as a phone
 * refreshing does; a request unanswered for 500 ms is sent again.
 *
 *   register-load HOST:PORT DOMAIN FIRST-USER USERS WINDOW SECONDS
 *
 * Users FIRST-USER … FIRST-USER+USERS-1 have the password "pw-USER". Prints one line:
 * "registrations N seconds S retransmissions R failures F". */
#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RETRANSMIT_US 500000

typedef enum { IDLE, CHALLENGE, CREDENTIALS } Stage;

typedef struct {
  guint   user;          /* index among the users */
  Stage   stage;
  gint64  sent_at;
  char    request[1500];
  gsize   length;
} Slot;

static int                 sock;
static struct sockaddr_in  target;
static char                local[64];
static const char         *domain;
static guint               first_user;
static guint              *cseqs;
static gboolean           *busy;      /* the user is in a slot */
static char              **ha1s;
static char                ha2[33];
static guint               run_id;    /* this process: Call-IDs, tags and branches are new */
static guint64             registrations, retransmissions, failures;

static void
md5_hex (const char *text,
         char        out[33])
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  memcpy (out, hex, 33);
}

static void
send_slot (Slot *slot)
{
  if (sendto (sock, slot->request, slot->length, 0, (struct sockaddr *) &target, sizeof target) < 0 &&
      errno != EAGAIN)
    g_error ("sendto: %s", g_strerror (errno));
  slot->sent_at = g_get_monotonic_time ();
}

static void
send_register (Slot       *slot,
               const char *nonce,
               gboolean    qop)
{
  guint user = first_user + slot->user;
  char authorization[512] = "";

  if (nonce != NULL)
    {
      char kd[256], response[33];

      if (qop)
        g_snprintf (kd, sizeof kd, "%s:%s:00000001:b3nch:auth:%s", ha1s[slot->user], nonce, ha2);
      else
        g_snprintf (kd, sizeof kd, "%s:%s:%s", ha1s[slot->user], nonce, ha2);
      md5_hex (kd, response);
      g_snprintf (authorization, sizeof authorization,
                  "Authorization: Digest username=\"%u\", realm=\"%s\", nonce=\"%s\", uri=\"sip:%s\", "
                  "response=\"%s\", algorithm=MD5%s\r\n",
                  user, domain, nonce, domain, response,
                  qop ? ", qop=auth, nc=00000001, cnonce=\"b3nch\"" : "");
    }
  slot->length = (gsize) g_snprintf (slot->request, sizeof slot->request,
                                     "REGISTER sip:%s SIP/2.0\r\n"
                                     "Via: SIP/2.0/UDP %s;branch=z9hG4bK-%u-%u-%u;rport\r\n"
                                     "Max-Forwards: 70\r\n"
                                     "From: <sip:%u@%s>;tag=t%u-%u\r\n"
                                     "To: <sip:%u@%s>\r\n"
                                     "Call-ID: reg-%u-%u@bench\r\n"
                                     "CSeq: %u REGISTER\r\n"
                                     "Contact: <sip:%u@%s>\r\n"
                                     "Expires: 3600\r\n"
                                     "User-Agent: register-load\r\n"
                                     "%s"
                                     "Content-Length: 0\r\n\r\n",
                                     domain, local, run_id, slot->user, cseqs[slot->user],
                                     user, domain, slot->user, run_id, user, domain, slot->user, run_id,
                                     cseqs[slot->user], user, local, authorization);
  slot->stage = nonce != NULL ? CREDENTIALS : CHALLENGE;
  send_slot (slot);
}

/* The value of @name="…" in @text, copied into @out. */
static gboolean
quoted_param (const char *text,
              const char *name,
              char       *out,
              gsize       size)
{
  const char *start = strstr (text, name);
  const char *end;

  if (start == NULL)
    return FALSE;
  start += strlen (name);
  end = strchr (start, '"');
  if (end == NULL || (gsize) (end - start) >= size)
    return FALSE;
  memcpy (out, start, end - start);
  out[end - start] = '\0';
  return TRUE;
}

int
main (int argc, char **argv)
{
  struct sockaddr_in bound = { 0 };
  socklen_t bound_len = sizeof bound;
  guint users, window, seconds, next_user;
  g_autofree Slot *slots = NULL;
  g_autofree char *host = NULL;
  gint64 start, deadline;
  char a2[256];

  if (argc != 7)
    {
      fprintf (stderr, "usage: %s HOST:PORT DOMAIN FIRST-USER USERS WINDOW SECONDS\n", argv[0]);
      return 2;
    }
  host = g_strndup (argv[1], strchr (argv[1], ':') - argv[1]);
  target.sin_family = AF_INET;
  target.sin_port = htons ((guint16) atoi (strchr (argv[1], ':') + 1));
  inet_pton (AF_INET, host, &target.sin_addr);
  domain = argv[2];
  first_user = (guint) atoi (argv[3]);
  users = (guint) atoi (argv[4]);
  window = MIN ((guint) atoi (argv[5]), users);
  seconds = (guint) atoi (argv[6]);

  run_id = (guint) getpid ();
  sock = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  {
    struct sockaddr_in any = { .sin_family = AF_INET };
    inet_pton (AF_INET, host, &any.sin_addr);
    if (bind (sock, (struct sockaddr *) &any, sizeof any) < 0)
      g_error ("bind: %s", g_strerror (errno));
  }
  getsockname (sock, (struct sockaddr *) &bound, &bound_len);
  g_snprintf (local, sizeof local, "%s:%u", host, ntohs (bound.sin_port));

  cseqs = g_new0 (guint, users);
  busy = g_new0 (gboolean, users);
  ha1s = g_new0 (char *, users);
  for (guint i = 0; i < users; i++)
    {
      g_autofree char *a1 = g_strdup_printf ("%u:%s:pw-%u", first_user + i, domain, first_user + i);
      ha1s[i] = g_compute_checksum_for_string (G_CHECKSUM_MD5, a1, -1);
      cseqs[i] = 1;
    }
  g_snprintf (a2, sizeof a2, "REGISTER:sip:%s", domain);
  md5_hex (a2, ha2);

  slots = g_new0 (Slot, window);
  for (guint i = 0; i < window; i++)
    {
      slots[i].user = i;
      busy[i] = TRUE;
      send_register (&slots[i], NULL, FALSE);
    }
  next_user = window;

  start = g_get_monotonic_time ();
  deadline = start + (gint64) seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = sock, .events = POLLIN };
      char buffer[4096];
      gssize n;

      poll (&pfd, 1, 10);
      while ((n = recv (sock, buffer, sizeof buffer - 1, 0)) > 0)
        {
          const char *call_id;
          guint user, cseq, status;
          Slot *slot = NULL;

          buffer[n] = '\0';
          if (sscanf (buffer, "SIP/2.0 %u", &status) != 1 || status < 200)
            continue;
          call_id = strstr (buffer, "\r\nCall-ID: reg-");
          if (call_id == NULL || sscanf (call_id, "\r\nCall-ID: reg-%u-", &user) != 1 || user >= users)
            continue;
          if (sscanf (strstr (buffer, "\r\nCSeq: ") ? strstr (buffer, "\r\nCSeq: ") : "", "\r\nCSeq: %u", &cseq) != 1)
            continue;
          for (guint i = 0; i < window; i++)
            if (slots[i].user == user && slots[i].stage != IDLE)
              slot = &slots[i];
          /* A late answer to a retransmission. */
          if (slot == NULL || cseq != cseqs[user])
            continue;
          cseqs[user]++;
          if (status == 401 && slot->stage == CHALLENGE)
            {
              char nonce[128];

              if (!quoted_param (buffer, "nonce=\"", nonce, sizeof nonce))
                g_error ("a 401 without a nonce:\n%s", buffer);
              send_register (slot, nonce, strstr (buffer, "qop=") != NULL);
              continue;
            }
          if (status == 200 && slot->stage == CREDENTIALS)
            registrations++;
          else
            {
              if (failures++ == 0)
                fprintf (stderr, "register-load: unexpected answer:\n%s", buffer);
            }
          /* The slot takes the next user not in a slot. */
          busy[slot->user] = FALSE;
          while (busy[next_user])
            next_user = (next_user + 1) % users;
          slot->user = next_user;
          busy[next_user] = TRUE;
          next_user = (next_user + 1) % users;
          send_register (slot, NULL, FALSE);
        }
      for (guint i = 0; i < window; i++)
        if (g_get_monotonic_time () - slots[i].sent_at > RETRANSMIT_US)
          {
            retransmissions++;
            send_slot (&slots[i]);
          }
    }
  printf ("registrations %" G_GUINT64_FORMAT " seconds %.3f retransmissions %" G_GUINT64_FORMAT
          " failures %" G_GUINT64_FORMAT "\n", registrations,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, retransmissions, failures);
  return failures > 0 ? 1 : 0;
}
