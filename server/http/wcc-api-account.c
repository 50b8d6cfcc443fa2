/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api-account.c: login with human verification and lockout (L1, L2), logout (L4),
 * and the logged-in user's own profile and avatar (D7). */
#define G_LOG_DOMAIN "wcc-api-account"

#include <glib/gi18n-lib.h>

#include "wcc-challenge.h"
#include "wcc-http-private.h"
#include "wcc-password.h"
#include "wcc-setup-data.h"

#define FAILURE_WINDOW_SECONDS  (15 * 60)
#define CHALLENGE_AFTER_FAILURES 3
#define LOCK_AFTER_FAILURES     10
#define LOCK_SECONDS            (15 * 60)
#define CHALLENGE_LIFETIME      (5 * 60)
#define CHALLENGE_WIDTH         200
#define CHALLENGE_HEIGHT        70
#define NAME_MAX_CHARS          64
#define PASSWORD_MAX_CHARS      WCC_SETUP_PASSWORD_MAX_CHARS

typedef struct {
  WccRequest   *request;
  WccStoreUser *user;           /* NULL for an unknown account */
  char         *account;        /* normalised employee-id@client */
  gint64        attempt_id;     /* the pending row while the password is checked */
  /* Counted in the server's logins in flight until freed (the request may go first). */
  WccHttpServer *server;
  char          *address;
} LoginAttempt;

static void
login_attempt_free (LoginAttempt *attempt)
{
  wcc_http_server_login_end (attempt->server, attempt->address);
  g_clear_object (&attempt->server);
  g_free (attempt->address);
  g_clear_pointer (&attempt->user, wcc_store_user_free);
  g_free (attempt->account);
  g_free (attempt);
}

/* A new challenge, stored, as the error member {"challenge": {"id", "image_url"}};
 * NULL when it could not be stored. */
static JsonObject *
new_challenge (WccRequest *request)
{
  g_autofree char *answer = wcc_challenge_new_answer ();
  g_autoptr(GBytes) png = wcc_challenge_render_png (answer, CHALLENGE_WIDTH, CHALLENGE_HEIGHT);
  g_autofree char *id = wcc_password_new_token ();
  g_autofree char *url = g_strdup_printf ("/api/v1/login/challenges/%s", id);
  g_autoptr(GError) error = NULL;
  JsonObject *extra;
  JsonObject *challenge;

  if (!wcc_store_challenge_add (request->store, id, answer, png,
                                wcc_request_now (request) + CHALLENGE_LIFETIME, &error))
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  extra = json_object_new ();
  challenge = json_object_new ();
  json_object_set_string_member (challenge, "id", id);
  json_object_set_string_member (challenge, "image_url", url);
  json_object_set_object_member (extra, "challenge", challenge);
  return extra;
}

typedef struct {
  WccRequest   *request;
  WccErrorCode  code;
  char         *message;
  JsonObject   *extra;
} DelayedReply;

static gboolean
send_delayed_reply (gpointer data)
{
  DelayedReply *reply = data;

  wcc_reply_error_with (reply->request, reply->code, reply->message, reply->extra);
  wcc_request_resume (reply->request);
  g_free (reply->message);
  g_free (reply);
  return G_SOURCE_REMOVE;
}

/* Failures are answered later the more of them there were: guessing gets slow while a
 * person who mistyped hardly notices. The main loop keeps serving meanwhile. */
static void
reply_failure_later (WccRequest   *request,
                     guint         failures,
                     WccErrorCode  code,
                     const char   *message,
                     JsonObject   *extra)
{
  DelayedReply *reply = g_new0 (DelayedReply, 1);
  guint delay_ms = MIN (2000, 250 * (failures > 2 ? failures - 2 : 0));

  reply->request = request;
  reply->code = code;
  reply->message = g_strdup (message);
  reply->extra = extra;
  if (!request->paused)
    wcc_request_pause (request);
  g_timeout_add (delay_ms, send_delayed_reply, reply);
}

static JsonObject *
locked_extra (gint64 retry_after)
{
  JsonObject *extra = json_object_new ();

  json_object_set_int_member (extra, "retry_after", MAX (retry_after, 1));
  return extra;
}

/* After a wrong password (at login or when changing it): locks the account name once ten
 * checked passwords failed. TRUE when it is now locked. */
static gboolean
lock_if_too_many (WccRequest   *request,
                  const char   *account,
                  WccStoreUser *user)
{
  gint64 now = wcc_request_now (request);

  if (wcc_store_login_failures_for_account (request->store, account, now - FAILURE_WINDOW_SECONDS, TRUE)
      < LOCK_AFTER_FAILURES)
    return FALSE;
  wcc_store_login_lock_set (request->store, account, now + LOCK_SECONDS);
  wcc_store_audit (request->store, user ? user->client_id : 0, user ? user->id : 0,
                   "login.locked", account, request->address);
  return TRUE;
}

static guint
failures_for_gate (WccRequest *request,
                   const char *account)
{
  gint64 since = wcc_request_now (request) - FAILURE_WINDOW_SECONDS;

  return MAX (wcc_store_login_failures_for_account (request->store, account, since, FALSE),
              wcc_store_login_failures_for_address (request->store, request->address, since));
}

/* Records the failure and answers it: locked at 10 checked failures, with a challenge for
 * the next try from 3, else plain. */
static void
fail_login (LoginAttempt    *attempt,
            WccLoginOutcome  outcome,
            WccErrorCode     code,
            const char      *message)
{
  WccRequest *request = attempt->request;
  JsonObject *extra = NULL;
  guint failures;

  if (attempt->attempt_id != 0)
    wcc_store_login_attempt_set_outcome (request->store, attempt->attempt_id, outcome);
  else
    wcc_store_login_attempt_add (request->store, attempt->account, request->address, outcome,
                                 wcc_request_now (request));
  wcc_store_audit (request->store, attempt->user ? attempt->user->client_id : 0,
                   attempt->user ? attempt->user->id : 0, "login.failed",
                   wcc_error_code_to_string (code), request->address);
  failures = failures_for_gate (request, attempt->account);

  if (outcome == WCC_LOGIN_FAILED && lock_if_too_many (request, attempt->account, attempt->user))
    reply_failure_later (request, failures, WCC_ERROR_ACCOUNT_LOCKED,
                         _("Too many failed logins: this account is locked for 15 minutes"),
                         locked_extra (LOCK_SECONDS));
  else if (failures >= CHALLENGE_AFTER_FAILURES && (extra = new_challenge (request)) == NULL)
    reply_failure_later (request, failures, WCC_ERROR_UNAVAILABLE,
                         _("The server cannot log anyone in right now; try again shortly"), NULL);
  else
    reply_failure_later (request, failures, code, message, extra);
  login_attempt_free (attempt);
}

static void
succeed_login (LoginAttempt *attempt)
{
  WccRequest *request = attempt->request;
  gint64 now = wcc_request_now (request);
  gint64 expires_at = now + wcc_http_server_get_session_lifetime (request->server);
  g_autofree char *token = wcc_password_new_token ();
  g_autofree char *token_hash = wcc_password_token_hash (token);
  g_autofree char *expires_text = wcc_time_to_rfc3339 (expires_at);
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  if (!wcc_store_session_create (request->store, attempt->user->id, token_hash, expires_at,
                                 request->address, &error))
    {
      wcc_store_login_attempt_set_outcome (request->store, attempt->attempt_id, WCC_LOGIN_FAILED);
      wcc_reply_gerror (request, error);
      wcc_request_resume (request);
      login_attempt_free (attempt);
      return;
    }
  wcc_store_login_attempt_set_outcome (request->store, attempt->attempt_id, WCC_LOGIN_SUCCEEDED);
  wcc_store_audit (request->store, attempt->user->client_id, attempt->user->id,
                   "login.success", "", request->address);
  /* An agent is logged in to the queues now, yet Offline until a phone registers. */
  if (request->acd != NULL)
    wcc_server_acd_session_started (request->acd, attempt->user->client_id, attempt->user->id);

  body = json_object_new ();
  json_object_set_string_member (body, "token", token);
  json_object_set_string_member (body, "expires_at", expires_text);
  json_object_set_object_member (body, "user", wcc_api_user_to_json (request->store, attempt->user));
  wcc_reply_object (request, SOUP_STATUS_OK, body);
  wcc_request_resume (request);
  login_attempt_free (attempt);
}

static void
on_login_password_checked (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  LoginAttempt *attempt = user_data;
  gboolean ok = wcc_password_verify_finish (result, NULL);

  if (ok && attempt->user != NULL && attempt->user->disabled)
    fail_login (attempt, WCC_LOGIN_REFUSED, WCC_ERROR_FORBIDDEN, _("This account is disabled: ask your administrator"));
  else if (ok && attempt->user != NULL)
    succeed_login (attempt);
  else
    fail_login (attempt, WCC_LOGIN_FAILED, WCC_ERROR_INVALID_CREDENTIALS, _("Wrong account or password"));
}

void
wcc_api_login (WccRequest *request)
{
  static const char *allowed[] = { "account", "password", "challenge_id", "challenge_answer", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *employee_id = NULL;
  g_autofree char *client = NULL;
  const char *account = NULL, *password = NULL, *challenge_id = NULL, *challenge_answer = NULL;
  LoginAttempt *attempt;
  gint64 now = wcc_request_now (request);
  gint64 locked_until;

  body = wcc_request_parse_json (request);
  if (body == NULL)
    return;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "account", TRUE, &account, &error) ||
      !wcc_json_get_string (body, "password", TRUE, &password, &error) ||
      !wcc_json_get_string (body, "challenge_id", FALSE, &challenge_id, &error) ||
      !wcc_json_get_string (body, "challenge_answer", FALSE, &challenge_answer, &error) ||
      !wcc_account_parse (account, &employee_id, &client, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  if (strlen (password) > PASSWORD_MAX_CHARS * 4)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("The password is too long"));
      return;
    }

  /* Password checks cost 64 MiB each: bound how many one address, and everyone, may run. */
  if (!wcc_http_server_login_begin (request->server, request->address))
    {
      wcc_reply_error_with (request, WCC_ERROR_TOO_MANY_REQUESTS,
                            _("Too many logins at once; try again in a moment"), locked_extra (1));
      return;
    }
  attempt = g_new0 (LoginAttempt, 1);
  attempt->request = request;
  attempt->server = g_object_ref (request->server);
  attempt->address = g_strdup (request->address);
  attempt->account = g_strdup_printf ("%s@%s", employee_id, client);

  /* Locks are kept per account name, existing or not, so they reveal nothing. */
  locked_until = wcc_store_login_lock_get (request->store, attempt->account, now);
  if (locked_until > 0)
    {
      wcc_store_audit (request->store, 0, 0, "login.refused_locked", attempt->account, request->address);
      wcc_reply_error_with (request, WCC_ERROR_ACCOUNT_LOCKED,
                            _("Too many failed logins: this account is locked for now"),
                            locked_extra (locked_until - now));
      login_attempt_free (attempt);
      return;
    }

  attempt->user = wcc_store_user_find_by_account (request->store, client, employee_id);

  /* Checks still running count as failures here, so parallel guesses meet the gate too. */
  if (failures_for_gate (request, attempt->account) >= CHALLENGE_AFTER_FAILURES)
    {
      g_autofree char *expected = NULL;
      g_autofree char *given = NULL;

      if (challenge_id == NULL || challenge_answer == NULL)
        {
          fail_login (attempt, WCC_LOGIN_REFUSED, WCC_ERROR_CHALLENGE_REQUIRED,
                      _("Type the digits shown in the picture to continue"));
          return;
        }
      /* A challenge is good for one try, right or wrong. */
      expected = wcc_store_challenge_take (request->store, challenge_id, now);
      given = g_strstrip (g_strdup (challenge_answer));
      if (expected == NULL || !wcc_password_equal (expected, given))
        {
          fail_login (attempt, WCC_LOGIN_REFUSED, WCC_ERROR_CHALLENGE_FAILED,
                      _("The digits did not match the picture; try the new one"));
          return;
        }
    }

  attempt->attempt_id = wcc_store_login_attempt_add (request->store, attempt->account, request->address,
                                                     WCC_LOGIN_PENDING, now);
  wcc_request_pause (request);
  wcc_password_verify_async (attempt->user ? attempt->user->password_hash : NULL, password,
                             NULL, on_login_password_checked, attempt);
}

/* Another picture for a person who cannot read the one they have. Only for addresses
 * that already need a challenge: nobody else has a use for one. */
void
wcc_api_login_challenge_new (WccRequest *request)
{
  gint64 since = wcc_request_now (request) - FAILURE_WINDOW_SECONDS;
  JsonObject *extra;

  if (wcc_store_login_failures_for_address (request->store, request->address, since) < CHALLENGE_AFTER_FAILURES)
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("No challenge is needed to log in from here"));
      return;
    }
  extra = new_challenge (request);
  if (extra == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_UNAVAILABLE, _("The server cannot make a challenge right now"));
      return;
    }
  wcc_reply_object (request, SOUP_STATUS_CREATED, extra);
}

void
wcc_api_login_challenge_image (WccRequest *request)
{
  g_autoptr(GBytes) png = wcc_store_challenge_get_image (request->store, request->param,
                                                         wcc_request_now (request));

  if (png == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("This challenge has expired"));
      return;
    }
  wcc_reply_bytes (request, "image/png", png);
}

void
wcc_api_logout (WccRequest *request)
{
  wcc_store_session_delete (request->store, request->session.id);
  wcc_store_audit (request->store, request->user->client_id, request->user->id, "logout", "",
                   request->address);
  wcc_event_hub_close_session (request->hub, request->session.id);
  if (request->acd != NULL)
    wcc_server_acd_session_ended (request->acd, request->user->client_id, request->user->id);
  wcc_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

void
wcc_api_me_get (WccRequest *request)
{
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_user_to_json (request->store, request->user));
}

/* @uri with a wildcard listening address ("sip:0.0.0.0:5060") names the host the request
 * reached us by instead: the address the desktop already knows works. */
static char *
registrar_for_request (WccRequest *request,
                       const char *uri)
{
  const char *host = g_uri_get_host (soup_server_message_get_uri (request->msg));
  const char *scheme_end = strchr (uri, ':');
  const char *port = strrchr (uri, ':');
  g_autofree char *listen_host = NULL;

  if (uri == NULL || scheme_end == NULL || port == NULL || port == scheme_end)
    return g_strdup (uri);
  listen_host = g_strndup (scheme_end + 1, port - scheme_end - 1);
  if (host == NULL || (g_strcmp0 (listen_host, "0.0.0.0") != 0 && g_strcmp0 (listen_host, "[::]") != 0))
    return g_strdup (uri);
  return g_strdup_printf (strchr (host, ':') ? "%.*s[%s]%s" : "%.*s%s%s",
                          (int) (scheme_end - uri + 1), uri, host, port);
}

/* The desktop's SIP account: a new password for this session only, given once (its HA1 is
 * kept; it ends with the session), the user and domain to register as, and where. */
void
wcc_api_me_sip_account_post (WccRequest *request)
{
  const char *sip_uri = wcc_http_server_get_sip_uri (request->server, FALSE);
  const char *sips_uri = wcc_http_server_get_sip_uri (request->server, TRUE);
  g_autofree char *password = NULL;
  g_autofree char *ha1 = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *registrar_tls = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reply;

  if (sip_uri == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_UNAVAILABLE, _("This server has no SIP service"));
      return;
    }
  /* Those who take calls; a client admin's web account is no way out through the trunk. */
  if (!wcc_request_has_role (request, WCC_ROLE_AGENT | WCC_ROLE_LEADER))
    {
      wcc_reply_error (request, WCC_ERROR_FORBIDDEN, _("Only agents and team leaders have a softphone"));
      return;
    }
  password = wcc_password_new_token ();
  ha1 = wcc_password_sip_ha1 (request->user->employee_id, request->user->client_name, password);
  if (!wcc_store_session_set_sip_ha1 (request->store, request->session.id, request->user->id, ha1, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  registrar = registrar_for_request (request, sip_uri);
  registrar_tls = sips_uri != NULL ? registrar_for_request (request, sips_uri) : NULL;
  reply = json_object_new ();
  json_object_set_string_member (reply, "username", request->user->employee_id);
  json_object_set_string_member (reply, "domain", request->user->client_name);
  json_object_set_string_member (reply, "password", password);
  json_object_set_string_member (reply, "registrar", registrar);
  if (registrar_tls != NULL)
    json_object_set_string_member (reply, "registrar_tls", registrar_tls);
  else
    json_object_set_null_member (reply, "registrar_tls");
  wcc_json_set_time_or_null (reply, "expires_at", request->session.expires_at);
  wcc_reply_object (request, SOUP_STATUS_OK, reply);
}

/* Trims a name and checks it: 1–64 characters, no control characters. */
static char *
clean_name (const char  *value,
            const char  *field,
            GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (value));
  glong chars = g_utf8_strlen (name, -1);

  if (!g_utf8_validate (name, -1, NULL) || chars < 1 || chars > NAME_MAX_CHARS)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("The field “%s” must have 1 to %d characters"), field, NAME_MAX_CHARS);
      return NULL;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                     _("The field “%s” must not contain control characters"), field);
        return NULL;
      }
  return g_steal_pointer (&name);
}

typedef struct {
  WccRequest *request;
  char       *surname;
  char       *given_name;
  char       *new_password;
  gint64      version;
} ProfileEdit;

static void
profile_edit_free (ProfileEdit *edit)
{
  g_free (edit->surname);
  g_free (edit->given_name);
  g_free (edit->new_password);
  g_free (edit);
}

static void
reply_version_conflict (WccRequest *request)
{
  g_autoptr(WccStoreUser) current = wcc_store_user_find (request->store, request->user->client_id,
                                                          request->user->id);
  JsonObject *extra = json_object_new ();

  if (current != NULL)
    json_object_set_object_member (extra, "current", wcc_api_user_to_json (request->store, current));
  wcc_reply_error_with (request, WCC_ERROR_VERSION_CONFLICT,
                        _("Your profile was changed elsewhere in the meantime"), extra);
}

/* Writes the edit; @password_hash is the new one or NULL. Replies in every case. */
static void
apply_profile_edit (ProfileEdit *edit,
                    const char  *password_hash)
{
  WccRequest *request = edit->request;
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreUser) updated = NULL;

  if (!wcc_store_user_update (request->store, request->user->client_id, request->user->id,
                              edit->surname, edit->given_name, password_hash, edit->version, &error))
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        reply_version_conflict (request);
      else
        wcc_reply_gerror (request, error);
      return;
    }
  if (password_hash != NULL)
    {
      /* A changed password ends every other session of the user. */
      wcc_store_session_delete_for_user (request->store, request->user->id, request->session.id);
      wcc_event_hub_close_user_sessions (request->hub, request->user->id, request->session.id);
      wcc_store_audit (request->store, request->user->client_id, request->user->id,
                       "user.password_changed", "", request->address);
    }
  if (edit->surname != NULL || edit->given_name != NULL)
    wcc_store_audit (request->store, request->user->client_id, request->user->id,
                     "user.profile_changed", "", request->address);

  updated = wcc_store_user_find (request->store, request->user->client_id, request->user->id);
  wcc_api_publish_user_updated (request, updated);
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_user_to_json (request->store, updated));
}

static void
on_new_password_hashed (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ProfileEdit *edit = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = wcc_password_hash_finish (result, &error);

  if (hash == NULL)
    wcc_reply_gerror (edit->request, error);
  else
    apply_profile_edit (edit, hash);
  wcc_request_resume (edit->request);
  profile_edit_free (edit);
}

static void
on_current_password_checked (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  ProfileEdit *edit = user_data;

  if (!wcc_password_verify_finish (result, NULL))
    {
      WccRequest *request = edit->request;
      g_autofree char *account = g_strdup_printf ("%s@%s", request->user->employee_id,
                                                  request->user->client_name);

      /* A stolen session must not become a way to guess the password. */
      wcc_store_login_attempt_add (request->store, account, request->address, WCC_LOGIN_FAILED,
                                   wcc_request_now (request));
      wcc_store_audit (request->store, request->user->client_id, request->user->id,
                       "user.password_change_refused", "", request->address);
      if (lock_if_too_many (request, account, request->user))
        reply_failure_later (request, LOCK_AFTER_FAILURES, WCC_ERROR_ACCOUNT_LOCKED,
                             _("Too many wrong passwords: this account is locked for 15 minutes"),
                             locked_extra (LOCK_SECONDS));
      else
        reply_failure_later (request, failures_for_gate (request, account), WCC_ERROR_WRONG_PASSWORD,
                             _("The current password is wrong"), NULL);
      profile_edit_free (edit);
      return;
    }
  wcc_password_hash_async (edit->new_password, NULL, on_new_password_hashed, edit);
}

void
wcc_api_me_patch (WccRequest *request)
{
  static const char *allowed[] = { "surname", "given_name", "password", "current_password", "version", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *surname = NULL, *given_name = NULL, *password = NULL, *current_password = NULL;
  ProfileEdit *edit;

  body = wcc_request_parse_json (request);
  if (body == NULL)
    return;
  edit = g_new0 (ProfileEdit, 1);
  edit->request = request;
  if (!wcc_json_check_fields (body, allowed, &error) ||
      !wcc_json_get_string (body, "surname", FALSE, &surname, &error) ||
      !wcc_json_get_string (body, "given_name", FALSE, &given_name, &error) ||
      !wcc_json_get_string (body, "password", FALSE, &password, &error) ||
      !wcc_json_get_string (body, "current_password", FALSE, &current_password, &error) ||
      !wcc_json_get_int (body, "version", FALSE, &edit->version, &error) ||
      (surname && !(edit->surname = clean_name (surname, "surname", &error))) ||
      (given_name && !(edit->given_name = clean_name (given_name, "given_name", &error))))
    {
      wcc_reply_gerror (request, error);
      profile_edit_free (edit);
      return;
    }

  if (password == NULL)
    {
      apply_profile_edit (edit, NULL);
      profile_edit_free (edit);
      return;
    }
  if (!wcc_setup_check_password (password, &error))
    {
      wcc_reply_gerror (request, error);
      profile_edit_free (edit);
      return;
    }
  if (current_password == NULL)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("The field “current_password” is required to change the password"));
      profile_edit_free (edit);
      return;
    }
  {
    g_autofree char *account = g_strdup_printf ("%s@%s", request->user->employee_id, request->user->client_name);
    gint64 now = wcc_request_now (request);
    gint64 locked_until = wcc_store_login_lock_get (request->store, account, now);

    if (locked_until > 0)
      {
        wcc_reply_error_with (request, WCC_ERROR_ACCOUNT_LOCKED,
                              _("Too many wrong passwords: this account is locked for now"),
                              locked_extra (locked_until - now));
        profile_edit_free (edit);
        return;
      }
  }
  edit->new_password = g_strdup (password);
  wcc_request_pause (request);
  wcc_password_verify_async (request->user->password_hash, current_password, NULL,
                             on_current_password_checked, edit);
}

static void
finish_avatar_change (WccRequest *request,
                      GBytes     *jpeg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccStoreUser) updated = NULL;

  if (!wcc_store_user_set_avatar (request->store, request->user->client_id, request->user->id,
                                  jpeg, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  wcc_store_audit (request->store, request->user->client_id, request->user->id,
                   jpeg ? "user.avatar_set" : "user.avatar_removed", "", request->address);
  updated = wcc_store_user_find (request->store, request->user->client_id, request->user->id);
  wcc_api_publish_user_updated (request, updated);
  wcc_reply_object (request, SOUP_STATUS_OK, wcc_api_user_to_json (request->store, updated));
}

void
wcc_api_me_avatar_put (WccRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) jpeg = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;

  if (!wcc_jpeg_check_avatar (jpeg, &error))
    {
      wcc_reply_gerror (request, error);
      return;
    }
  finish_avatar_change (request, jpeg);
}

void
wcc_api_me_avatar_delete (WccRequest *request)
{
  finish_avatar_change (request, NULL);
}
