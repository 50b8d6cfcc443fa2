/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-idempotency.c: writes retried with the same Idempotency-Key are applied once; the
 * retry gets the first answer again. */
#include <string.h>

#include "wcc-test-api.h"
#include "wcc-time.h"
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
keyed (ApiFixture *fixture,
       const char *method,
       const char *path,
       const char *token,
       const char *key,
       const char *json)
{
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return api_request_full (fixture, method, path, token, "application/json", json,
                           json ? strlen (json) : 0, key ? headers : NULL);
}

static gint64
my_version (ApiFixture *fixture,
            const char *token)
{
  g_autoptr(ApiResponse) me = api_json (fixture, "GET", "/api/v1/me", token, NULL);

  g_assert_cmpuint (me->status, ==, 200);
  return json_object_get_int_member (me->json, "version");
}

/* A versioned edit sent twice with one key: applied once (the version moves by one), and
 * the retry gets the first 200 with its body — where the same retry without the key is a
 * stale-version 409. */
static void
test_retry_replays (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  gint64 version = my_version (fixture, token);
  g_autofree char *body = g_strdup_printf ("{\"surname\": \"Retry\", \"version\": %" G_GINT64_FORMAT "}", version);
  g_autoptr(ApiResponse) first = keyed (fixture, "PATCH", "/api/v1/me", token, "k-1", body);
  g_autoptr(ApiResponse) again = keyed (fixture, "PATCH", "/api/v1/me", token, "k-1", body);
  g_autoptr(ApiResponse) unkeyed = keyed (fixture, "PATCH", "/api/v1/me", token, NULL, body);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpint (my_version (fixture, token), ==, version + 1);
  g_assert_cmpuint (unkeyed->status, ==, 409);
  g_assert_cmpstr (api_error_code (unkeyed), ==, "version_conflict");
}

/* An error answer is an answer: the retry gets the same 400, nothing runs twice. */
static void
test_error_replayed (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) first = keyed (fixture, "PATCH", "/api/v1/me", token, "bad-1", "{\"surname\": 5}");
  g_autoptr(ApiResponse) again = keyed (fixture, "PATCH", "/api/v1/me", token, "bad-1", "{\"surname\": 5}");

  g_assert_cmpuint (first->status, ==, 400);
  g_assert_cmpuint (again->status, ==, 400);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, again->body));
}

/* One key for two different requests: the second is refused, not run, not replayed. */
static void
test_key_reused_for_another_request (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) first = keyed (fixture, "PATCH", "/api/v1/me", token, "k-2", "{\"given_name\": \"A\"}");
  g_autoptr(ApiResponse) other = keyed (fixture, "PATCH", "/api/v1/me", token, "k-2", "{\"given_name\": \"B\"}");
  g_autoptr(ApiResponse) me = api_json (fixture, "GET", "/api/v1/me", token, NULL);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (other->status, ==, 409);
  g_assert_cmpstr (api_error_code (other), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (me->json, "given_name"), ==, "A");
}

/* Keys are per user (and so per client): another user's same key is a new request, and
 * never gets the first user's answer. */
static void
test_keys_per_user (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *agent = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *other = api_login (fixture, "1001@acme", TEST_PASSWORD);
  g_autoptr(ApiResponse) first = keyed (fixture, "PATCH", "/api/v1/me", agent, "shared", "{\"given_name\": \"Demo\"}");
  g_autoptr(ApiResponse) second = keyed (fixture, "PATCH", "/api/v1/me", other, "shared", "{\"given_name\": \"Acme\"}");

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (second->headers, "Idempotent-Replayed"));
  g_assert_cmpstr (json_object_get_string_member (second->json, "given_name"), ==, "Acme");
}

/* Keys must be short visible ASCII: anything else is a clear 400, and nothing runs. */
static void
test_bad_keys (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *long_key = g_strnfill (129, 'k');
  const char *bad[] = { long_key, "has space", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ApiResponse) refused = keyed (fixture, "PATCH", "/api/v1/me", token, bad[i], "{\"given_name\": \"Bad\"}");
      g_autoptr(ApiResponse) me = api_json (fixture, "GET", "/api/v1/me", token, NULL);

      g_assert_cmpuint (refused->status, ==, 400);
      g_assert_cmpstr (api_error_code (refused), ==, "invalid_field");
      g_assert_cmpstr (json_object_get_string_member (me->json, "given_name"), !=, "Bad");
    }
}

/* A request still running (its claim unanswered) gets 409 with Retry-After, unlike a key
 * used for another request; at start the server forgets such claims (their process died),
 * and the retry then runs. */
static void
test_unfinished_claims (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autoptr(ApiResponse) busy = NULL;
  g_autoptr(ApiResponse) other = NULL;
  g_autoptr(ApiResponse) retried = NULL;
  const char *body = "{\"given_name\": \"Later\"}";
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  g_autofree char *fingerprint = g_strdup_printf ("PATCH /api/v1/me %s", digest);

  g_assert_cmpint (wcc_store_idempotency_claim (fixture->store, fixture->demo_client_id, fixture->agent_id,
                                                "running", fingerprint, wcc_time_now (), NULL),
                   ==, WCC_IDEMPOTENCY_NEW);
  busy = keyed (fixture, "PATCH", "/api/v1/me", token, "running", body);
  g_assert_cmpuint (busy->status, ==, 409);
  g_assert_cmpstr (soup_message_headers_get_one (busy->headers, "Retry-After"), ==, "1");
  other = keyed (fixture, "PATCH", "/api/v1/me", token, "running", "{\"given_name\": \"Else\"}");
  g_assert_cmpuint (other->status, ==, 409);
  g_assert_null (soup_message_headers_get_one (other->headers, "Retry-After"));

  g_assert_cmpuint (wcc_store_idempotency_forget_unfinished (fixture->store), ==, 1);
  retried = keyed (fixture, "PATCH", "/api/v1/me", token, "running", body);
  g_assert_cmpuint (retried->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (retried->json, "given_name"), ==, "Later");
}

/* The same request through another name of the server is the same request. */
static void
test_host_name_does_not_matter (ApiFixture *fixture, gconstpointer data)
{
  g_autofree char *token = api_login (fixture, "1001@demo", TEST_PASSWORD);
  g_autofree char *numeric = g_strdup (fixture->base_url);
  g_autoptr(ApiResponse) first = keyed (fixture, "PATCH", "/api/v1/me", token, "via", "{\"given_name\": \"Via\"}");
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(GString) named = g_string_new (fixture->base_url);

  g_string_replace (named, "127.0.0.1", "localhost", 1);
  g_free (fixture->base_url);
  fixture->base_url = g_strdup (named->str);
  again = keyed (fixture, "PATCH", "/api/v1/me", token, "via", "{\"given_name\": \"Via\"}");
  g_free (fixture->base_url);
  fixture->base_url = g_steal_pointer (&numeric);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) g_test_add (path, ApiFixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/idempotency/retry-replays", test_retry_replays);
  ADD ("/idempotency/error-replayed", test_error_replayed);
  ADD ("/idempotency/key-reused-for-another-request", test_key_reused_for_another_request);
  ADD ("/idempotency/keys-per-user", test_keys_per_user);
  ADD ("/idempotency/bad-keys", test_bad_keys);
  ADD ("/idempotency/unfinished-claims", test_unfinished_claims);
  ADD ("/idempotency/host-name-does-not-matter", test_host_name_does_not_matter);
  return g_test_run ();
}
