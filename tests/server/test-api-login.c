/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-login.c: login (L1), human verification and lockout (L2), sessions, logout (L4). */
#include <sqlite3.h>

#include "wcc-test-api.h"
#include "wcc-test-util.h"

static void
fixture_setup (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_setup (fixture, data);
}

static void
fixture_teardown (ApiFixture *fixture, gconstpointer data)
{
  api_fixture_teardown (fixture);
}

static ApiResponse *
try_login (ApiFixture *fixture,
           const char *account,
           const char *password,
           const char *challenge_id,
           const char *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (challenge_id != NULL)
    {
      json_builder_set_member_name (builder, "challenge_id");
      json_builder_add_string_value (builder, challenge_id);
      json_builder_set_member_name (builder, "challenge_answer");
      json_builder_add_string_value (builder, answer);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return api_json (fixture, "POST", "/api/v1/login", NULL, text);
}

static const char *
challenge_id_of (ApiResponse *response)
{
  JsonObject *error = json_object_get_object_member (response->json, "error");
  JsonObject *challenge;

  g_assert_true (json_object_has_member (error, "challenge"));
  challenge = json_object_get_object_member (error, "challenge");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (challenge, "image_url"),
                                   json_object_get_string_member (challenge, "id")));
  return json_object_get_string_member (challenge, "id");
}

/* What a person reads off the picture; the test reads the server's own database. */
static char *
challenge_answer (ApiFixture *fixture,
                  const char *id)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "wcc.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *answer = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT answer FROM login_challenges WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (answer);
  return answer;
}

static void
test_login_success (ApiFixture *fixture, gconstpointer data)
{
  g_autoptr(ApiResponse) response = try_login (fixture, " 1001@DEMO ", TEST_PASSWORD, NULL, NULL);
  g_autoptr(ApiResponse) me = NULL;
  JsonObject *user;
  const char *token;
  gint64 expires_at;

  g_assert_cmpuint (response->status, ==, 200);
  token = json_object_get_string_member (response->json, "token");
  g_assert_cmpuint (strlen (token), >=, 43);  /* 256 bits in base64url */
  g_assert_true (wcc_time_from_rfc3339 (json_object_get_string_member (response->json, "expires_at"), &expires_at));
  g_assert_cmpint (expires_at, >, wcc_time_now ());
  user = json_object_get_object_member (response->json, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "account"), ==, "1001@demo");
  g_assert_cmpstr (json_object_get_string_member (user, "client_name"), ==, "Demo Company");
  g_assert_cmpint (json_object_get_int_member (user, "id"), ==, fixture->agent_id);
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "login.success"), ==, 1);

  me = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (me->json, "account"), ==, "1001@demo");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (me->json, "groups")), ==, 1);
}

/* Wrong password, unknown account and wrong client look exactly alike. */
static void
test_login_failures_alike (ApiFixture *fixture, gconstpointer data)
{
  const char *cases[][2] = {
    { "1001@demo", "wrong-password" },
    { "9999@demo", TEST_PASSWORD },
    { "1001@nosuchclient", TEST_PASSWORD },
  };
  g_autofree char *first_body = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ApiResponse) response = try_login (fixture, cases[i][0], cases[i][1], NULL, NULL);
      JsonObject *error;

      g_assert_cmpuint (response->status, ==, 401);
      g_assert_cmpstr (api_error_code (response), ==, "invalid_credentials");
      error = json_object_get_object_member (response->json, "error");
      if (first_body == NULL)
        first_body = g_strdup (json_object_get_string_member (error, "message"));
      g_assert_cmpstr (json_object_get_string_member (error, "message"), ==, first_body);
      g_assert_null (strstr (json_object_get_string_member (error, "message"), "exist"));
    }
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "login.failed"), ==, 3);
}

static void
test_login_bad_requests (ApiFixture *fixture, gconstpointer data)
{
  /* Nobody needs a new challenge before failing. */
  {
    g_autoptr(ApiResponse) refused = api_request (fixture, "POST", "/api/v1/login/challenges", NULL, NULL, NULL, 0);
    g_assert_cmpuint (refused->status, ==, 403);
  }
  struct { const char *body; const char *code; } cases[] = {
    { "{\"account\": \"1001@demo\", \"password\": ", "invalid_json" },
    { "not json at all", "invalid_json" },
    { "[\"1001@demo\"]", "invalid_json" },
    { "", "invalid_json" },
    { "{\"account\": 1001, \"password\": \"x\"}", "invalid_field" },
    { "{\"account\": \"1001@demo\", \"password\": true}", "invalid_field" },
    { "{\"account\": \"1001@demo\"}", "invalid_field" },
    { "{\"account\": \"1001\", \"password\": \"x\"}", "invalid_field" },
    { "{\"account\": \"1001@demo\", \"password\": \"x\", \"admin\": true}", "invalid_field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ApiResponse) response = api_json (fixture, "POST", "/api/v1/login", NULL, cases[i].body);
      g_assert_cmpuint (response->status, ==, 400);
      g_assert_cmpstr (api_error_code (response), ==, cases[i].code);
    }
  /* Bad requests are not login attempts: no challenge is demanded afterwards. */
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, NULL, NULL);
    g_assert_cmpuint (response->status, ==, 200);
  }
}

static void
test_challenge_after_three_failures (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *wrong = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", "nope", NULL, NULL);
      g_assert_cmpstr (api_error_code (response), ==, "invalid_credentials");
      g_assert_false (json_object_has_member (json_object_get_object_member (response->json, "error"), "challenge"));
    }
  /* The third failure already hands out the challenge for the next try. */
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", "nope", NULL, NULL);
    g_assert_cmpstr (api_error_code (response), ==, "invalid_credentials");
    challenge_id_of (response);
  }
  /* Now even the right password is refused without the challenge. */
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, NULL, NULL);
    g_assert_cmpuint (response->status, ==, 401);
    g_assert_cmpstr (api_error_code (response), ==, "challenge_required");
    id = g_strdup (challenge_id_of (response));
  }
  /* The picture is a real PNG. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/login/challenges/%s", id);
    g_autoptr(ApiResponse) image = api_request (fixture, "GET", path, NULL, NULL, NULL, 0);
    gsize size;
    const guint8 *bytes = g_bytes_get_data (image->body, &size);

    g_assert_cmpuint (image->status, ==, 200);
    g_assert_cmpstr (image->content_type, ==, "image/png");
    g_assert_cmpuint (size, >, 500);
    g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
    image_path = g_build_filename (g_getenv ("WCC_BUILD_ROOT") ? g_getenv ("WCC_BUILD_ROOT") : ".",
                                   "tests", "server", "challenge.png", NULL);
    g_file_set_contents (image_path, (const char *) bytes, size, NULL);
  }
  /* Another picture can be asked for; the old one stays good until used. */
  {
    g_autoptr(ApiResponse) fresh = api_request (fixture, "POST", "/api/v1/login/challenges", NULL, NULL, NULL, 0);
    JsonObject *challenge;

    g_assert_cmpuint (fresh->status, ==, 201);
    challenge = json_object_get_object_member (fresh->json, "challenge");
    g_assert_cmpstr (json_object_get_string_member (challenge, "id"), !=, id);
  }
  /* A wrong answer fails and uses the challenge up; a new one comes with the error. */
  answer = challenge_answer (fixture, id);
  wrong = g_strdup (answer);
  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, id, wrong);
    g_assert_cmpstr (api_error_code (response), ==, "challenge_failed");
    g_free (id);
    id = g_strdup (challenge_id_of (response));
  }
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, "reused", answer);
    g_assert_cmpstr (api_error_code (response), ==, "challenge_failed");
    g_free (id);
    id = g_strdup (challenge_id_of (response));
  }
  /* The right answer with the right password logs in. */
  g_free (answer);
  answer = challenge_answer (fixture, id);
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, id, answer);
    g_assert_cmpuint (response->status, ==, 200);
  }
  /* A used challenge is gone; and the address's failures still ask for a challenge
   * (one good login does not open the door to guessing other accounts). */
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, id, answer);
    g_assert_cmpstr (api_error_code (response), ==, "challenge_failed");
  }
}

/* Failures from one address on many accounts also bring the challenge. */
static void
test_challenge_per_address (ApiFixture *fixture, gconstpointer data)
{
  const char *accounts[] = { "a1@demo", "a2@demo", "a3@demo" };

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(ApiResponse) response = try_login (fixture, accounts[i], "guess", NULL, NULL);
      g_assert_cmpuint (response->status, ==, 401);
    }
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "2001@demo", TEST_PASSWORD, NULL, NULL);
    g_assert_cmpstr (api_error_code (response), ==, "challenge_required");
  }
}

static void
test_lock_after_ten_failures (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL;
  JsonObject *error;

  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(ApiResponse) response = NULL;
      g_autofree char *answer = id ? challenge_answer (fixture, id) : NULL;

      response = try_login (fixture, "1001@demo", "wrong", id, answer);
      g_assert_cmpuint (response->status, ==, 401);
      g_clear_pointer (&id, g_free);
      if (i >= 2)
        id = g_strdup (challenge_id_of (response));
    }
  {
    g_autofree char *answer = challenge_answer (fixture, id);
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", "wrong", id, answer);
    g_assert_cmpuint (response->status, ==, 423);
    g_assert_cmpstr (api_error_code (response), ==, "account_locked");
    error = json_object_get_object_member (response->json, "error");
    g_assert_cmpint (json_object_get_int_member (error, "retry_after"), ==, 900);
  }
  /* Locked: even the right password does not get in. */
  {
    g_autoptr(ApiResponse) response = try_login (fixture, "1001@demo", TEST_PASSWORD, NULL, NULL);
    g_assert_cmpuint (response->status, ==, 423);
    error = json_object_get_object_member (response->json, "error");
    g_assert_cmpint (json_object_get_int_member (error, "retry_after"), >, 890);
  }
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "login.failed"), ==, 10);
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "login.locked"), ==, 1);
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "login.refused_locked"), ==, 1);
  /* The same client's other users are not locked (the address needs a challenge, though). */
  g_assert_cmpint (wcc_store_login_lock_get (fixture->store, "2001@demo", wcc_time_now ()), ==, 0);
  g_assert_cmpint (wcc_store_login_lock_get (fixture->store, "1001@demo", wcc_time_now ()), >, 0);
}

static void
test_logout (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *other = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) out = api_request (fixture, "POST", "/api/v1/logout", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) after = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) still = api_request (fixture, "GET", "/api/v1/me", other, NULL, NULL, 0);
  g_autoptr(ApiResponse) again = api_request (fixture, "POST", "/api/v1/logout", token, NULL, NULL, 0);

  g_assert_cmpuint (out->status, ==, 204);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (api_error_code (after), ==, "unauthorized");
  g_assert_cmpuint (still->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 401);
  g_assert_cmpuint (wcc_store_audit_count (fixture->store, "logout"), ==, 1);
}

static void
test_no_or_bad_token (ApiFixture *fixture, gconstpointer data)
{
  const char *tokens[] = { NULL, "", "not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(ApiResponse) response = api_request (fixture, "GET", "/api/v1/me", tokens[i], NULL, NULL, 0);
      g_assert_cmpuint (response->status, ==, 401);
      g_assert_cmpstr (api_error_code (response), ==, "unauthorized");
    }
}

static gboolean
on_wait_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_token_expiry (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  gboolean waited = FALSE;

  {
    g_autoptr(ApiResponse) response = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 200);
  }
  /* The fixture's configuration makes sessions last 2 s. */
  g_timeout_add (2100, on_wait_done, &waited);
  wcc_test_wait_for (&waited, 5000);
  {
    g_autoptr(ApiResponse) response = api_request (fixture, "GET", "/api/v1/me", token, NULL, NULL, 0);
    g_assert_cmpuint (response->status, ==, 401);
    g_assert_cmpstr (api_error_code (response), ==, "unauthorized");
  }
}

static void
test_unknown_routes (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) missing = api_request (fixture, "GET", "/api/v1/nothing-here", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) method = api_request (fixture, "DELETE", "/api/v1/me", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) bad_id = api_request (fixture, "GET", "/api/v1/users/abc", token, NULL, NULL, 0);
  g_autoptr(ApiResponse) health = api_request (fixture, "GET", "/api/v1/health", NULL, NULL, NULL, 0);

  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (api_error_code (missing), ==, "not_found");
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (api_error_code (method), ==, "method_not_allowed");
  g_assert_cmpuint (bad_id->status, ==, 404);
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (health->json, "name"), ==, "wcc-server");
}

typedef struct {
  guint status;
  char *code;
} Outcome;

typedef struct {
  guint    pending;
  GArray  *outcomes;
} Parallel;

static void
on_parallel_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Parallel *parallel = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_autoptr(JsonObject) json = wcc_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  Outcome outcome = { soup_message_get_status (msg), NULL };

  if (json && json_object_has_member (json, "error"))
    outcome.code = g_strdup (json_object_get_string_member (json_object_get_object_member (json, "error"), "code"));
  g_array_append_val (parallel->outcomes, outcome);
  parallel->pending--;
}

/* Guesses sent all at once meet the same gate as guesses one after another. */
static void
test_parallel_guesses (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/login", fixture->base_url);
  Parallel parallel = { 0, g_array_new (FALSE, TRUE, sizeof (Outcome)) };
  guint plain_failures = 0;
  gboolean done = FALSE;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      const char *body = i == 11 ? "{\"account\": \"1001@demo\", \"password\": \"" TEST_PASSWORD "\"}"
                                 : "{\"account\": \"1001@demo\", \"password\": \"guess\"}";
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      parallel.pending++;
      soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                        on_parallel_done, &parallel);
    }
  while (parallel.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < parallel.outcomes->len; i++)
    {
      Outcome *outcome = &g_array_index (parallel.outcomes, Outcome, i);

      g_assert_cmpuint (outcome->status, !=, 200);
      if (g_strcmp0 (outcome->code, "invalid_credentials") == 0)
        plain_failures++;
      else if (g_strcmp0 (outcome->code, "challenge_required") != 0)
        g_assert_cmpstr (outcome->code, ==, "too_many_requests");
      g_free (outcome->code);
    }
  g_assert_cmpuint (plain_failures, <=, 3);
  g_array_unref (parallel.outcomes);
  (void) done;
}

/* Without solving challenges no one can lock somebody else's account. */
static void
test_no_lock_without_password_checks (ApiFixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < 14; i++)
    {
      g_autoptr(ApiResponse) response = try_login (fixture, "2001@demo", "guess", NULL, NULL);
      g_assert_cmpuint (response->status, ==, 401);
    }
  g_assert_cmpint (wcc_store_login_lock_get (fixture->store, "2001@demo", wcc_time_now ()), ==, 0);
}

/* A stolen session cannot be used to guess the password either. */
static void
test_wrong_current_password_locks (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  const char *body = "{\"password\": \"new-secret-42\", \"current_password\": \"guess\"}";

  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(ApiResponse) response = api_json (fixture, "PATCH", "/api/v1/me", token, body);
      g_assert_cmpstr (api_error_code (response), ==, "wrong_password");
    }
  {
    g_autoptr(ApiResponse) response = api_json (fixture, "PATCH", "/api/v1/me", token, body);
    g_assert_cmpstr (api_error_code (response), ==, "account_locked");
  }
  {
    g_autoptr(ApiResponse) response = api_json (fixture, "PATCH", "/api/v1/me", token,
                                                "{\"password\": \"new-secret-42\", \"current_password\": \"" TEST_PASSWORD "\"}");
    g_assert_cmpstr (api_error_code (response), ==, "account_locked");
  }
}

/* An oversized or chunked body is refused from its headers, on every API path. */
static void
test_oversized_bodies (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *big = g_malloc0 (200 * 1024);
  g_autoptr(ApiResponse) login = NULL;
  g_autoptr(ApiResponse) events = NULL;

  memset (big, ' ', 200 * 1024 - 1);
  big[0] = '{';
  big[200 * 1024 - 2] = '}';
  login = api_json (fixture, "POST", "/api/v1/login", NULL, big);
  g_assert_cmpuint (login->status, ==, 413);
  g_assert_cmpstr (api_error_code (login), ==, "payload_too_large");
  events = api_json (fixture, "POST", "/api/v1/events", NULL, big);
  g_assert_cmpuint (events->status, ==, 413);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (240);

#define ADD(path, func, config) \
  g_test_add (path, ApiFixture, config, fixture_setup, func, fixture_teardown)
  ADD ("/login/success", test_login_success, NULL);
  ADD ("/login/failures-look-alike", test_login_failures_alike, NULL);
  ADD ("/login/bad-requests", test_login_bad_requests, NULL);
  ADD ("/login/challenge-after-3-failures", test_challenge_after_three_failures, NULL);
  ADD ("/login/challenge-per-address", test_challenge_per_address, NULL);
  ADD ("/login/lock-after-10-failures", test_lock_after_ten_failures, NULL);
  ADD ("/session/logout", test_logout, NULL);
  ADD ("/session/no-or-bad-token", test_no_or_bad_token, NULL);
  ADD ("/session/expiry", test_token_expiry, "[sessions]\nlifetime=2\n");
  ADD ("/routes/unknown", test_unknown_routes, NULL);
  ADD ("/login/parallel-guesses", test_parallel_guesses, NULL);
  ADD ("/login/no-lock-without-password-checks", test_no_lock_without_password_checks, NULL);
  ADD ("/login/wrong-current-password-locks", test_wrong_current_password_locks, NULL);
  ADD ("/routes/oversized-bodies", test_oversized_bodies, NULL);
#undef ADD
  return g_test_run ();
}
