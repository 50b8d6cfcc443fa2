/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-supervision.c: who may supervise a call (issue 9) and the answers when it cannot
 * be: roles, tenants, a bad mode, a call that is over or not live at the SIP server. The
 * supervision itself (real phones, real media) is tested in tests/calls/test-supervision.c. */
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

/* {O}: a Sales call taken by 1001, open in the record but not a live call of this server's
 * B2BUA (so not in progress); {E}: the same, ended; {V}: an open Service call of 1003 (2001
 * leads only Sales); {U}: an open internal call taken by 1002, whom 2001 leads. */
static const ApiEndpoint endpoints[] = {
  { "POST", "/api/v1/calls/{O}/supervision", "{\"mode\": \"listen\"}", 403, 409, 409 },
  { "POST", "/api/v1/calls/{E}/supervision", "{\"mode\": \"barge\"}", 403, 409, 409 },
  { "POST", "/api/v1/calls/{O}/supervision", "{\"mode\": \"spy\"}", 403, 400, 400 },
  { "POST", "/api/v1/calls/{O}/supervision", "{\"mode\": 3}", 403, 400, 400 },
  { "POST", "/api/v1/calls/{O}/supervision", "{}", 403, 400, 400 },
  { "POST", "/api/v1/calls/{O}/supervision", "{\"mode\": \"listen\", \"leader_id\": 1}", 403, 400, 400 },
  { "POST", "/api/v1/calls/{V}/supervision", "{\"mode\": \"listen\"}", 403, 403, 409 },
  { "POST", "/api/v1/calls/{U}/supervision", "{\"mode\": \"whisper\"}", 403, 409, 409 },
  { "DELETE", "/api/v1/calls/{O}/supervision", NULL, 403, 404, 404 },
  { "DELETE", "/api/v1/calls/{V}/supervision", NULL, 403, 403, 404 },
  /* What is supervised now (nothing: no live calls here); each sees those they may. */
  { "GET", "/api/v1/supervisions", NULL, 200, 200, 200 },
};

static gint64
make_call (Fixture    *fixture,
           gint64      group_id,
           gint64      agent_id,
           gboolean    ended)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 id = wcc_store_call_create (fixture->store, fixture->demo, group_id ? WCC_CALL_INBOUND : WCC_CALL_INTERNAL,
                                     "+8613800000001", "8001", group_id, now - 60 * G_USEC_PER_SEC, &error);

  g_assert_no_error (error);
  g_assert_true (wcc_store_call_set_agent (fixture->store, id, agent_id, &error));
  g_assert_true (wcc_store_call_set_answered (fixture->store, id, now - 50 * G_USEC_PER_SEC, &error));
  if (ended)
    g_assert_true (wcc_store_call_end (fixture->store, id, now, "normal", WCC_CALL_SIDE_CALLER, &error));
  g_assert_no_error (error);
  return id;
}

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  out[0] = (ApiPlaceholder) { "{O}", make_call (fixture, fixture->sales, fixture->api.agent_id, FALSE) };
  out[1] = (ApiPlaceholder) { "{E}", make_call (fixture, fixture->sales, fixture->api.agent_id, TRUE) };
  out[2] = (ApiPlaceholder) { "{V}", make_call (fixture, fixture->service, fixture->agent3, FALSE) };
  out[3] = (ApiPlaceholder) { "{U}", make_call (fixture, 0, fixture->agent2, FALSE) };
  return 4;
}

/* Nothing another client asked changed demo's calls. */
static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(WccStoreCall) call = wcc_store_call_find (fixture->store, fixture->demo,
                                                      record_of (records, n_records, "{O}"));

  g_assert_nonnull (call);
  g_assert_cmpint (call->ended_at, ==, 0);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, endpoints, G_N_ELEMENTS (endpoints), make_records, check_unchanged);
}

/* The error codes say why: invalid_field for the mode, conflict for a call not in
 * progress, not_found for a call that is not supervised, forbidden for an agent. */
static void
test_error_codes (Fixture *fixture, gconstpointer data)
{
  gint64 open_call = make_call (fixture, fixture->sales, fixture->api.agent_id, FALSE);
  gint64 ended_call = make_call (fixture, fixture->sales, fixture->api.agent_id, TRUE);
  g_autofree char *open_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/supervision", open_call);
  g_autofree char *ended_path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/supervision", ended_call);
  g_autofree char *unknown_path = g_strdup ("/api/v1/calls/999999/supervision");

  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", open_path, fixture->leader, "{\"mode\": \"spy\"}", 400);
    g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", ended_path, fixture->leader, "{\"mode\": \"listen\"}", 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", open_path, fixture->admin, "{\"mode\": \"whisper\"}", 409);
    g_assert_cmpstr (api_error_code (r), ==, "conflict");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", open_path, fixture->agent, "{\"mode\": \"listen\"}", 403);
    g_assert_cmpstr (api_error_code (r), ==, "forbidden");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "DELETE", open_path, fixture->leader, NULL, 404);
    g_assert_cmpstr (api_error_code (r), ==, "not_found");
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", unknown_path, fixture->admin, "{\"mode\": \"listen\"}", 404);
    g_assert_cmpstr (api_error_code (r), ==, "not_found");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/supervision/role-matrix", test_role_matrix);
  ADD ("/supervision/tenant-isolation", test_tenant_isolation);
  ADD ("/supervision/error-codes", test_error_codes);
  return g_test_run ();
}
