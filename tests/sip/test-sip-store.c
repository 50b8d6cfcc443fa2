/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sip-store.c: the registrar's bindings in a real SQLite store with a fake clock:
 * accounts, several devices, refresh, un-register, Contact: *, out-of-order CSeq, expiry,
 * purge, and bindings read back after the store is opened again. */
#include "wcc-error.h"
#include "wcc-store.h"
#include "wcc-test-util.h"

#define NOW 1700000000

typedef struct {
  char     *dir;
  char     *path;
  WccStore *store;
  gint64    client_id;
  gint64    user_id;     /* 1001@demo, with a SIP password */
  gint64    other_id;    /* 1001@acme, with one */
  gint64    no_sip_id;   /* 1002@demo, without */
} Fixture;

static gint64
add_user (WccStore   *store,
          gint64      client_id,
          const char *employee_id,
          const char *ha1)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wcc_store_user_create (store, client_id, employee_id, "", "", WCC_ROLE_AGENT, "x", &error);

  g_assert_no_error (error);
  if (ha1 != NULL)
    {
      wcc_store_user_set_sip_ha1 (store, client_id, id, ha1, &error);
      g_assert_no_error (error);
    }
  return id;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 acme;

  f->dir = wcc_test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "wcc.db", NULL);
  f->store = wcc_store_open (f->path, &error);
  g_assert_no_error (error);
  f->client_id = wcc_store_client_create (f->store, "demo", "Demo", &error);
  g_assert_no_error (error);
  acme = wcc_store_client_create (f->store, "acme", "Acme", &error);
  g_assert_no_error (error);
  f->user_id = add_user (f->store, f->client_id, "1001", "0123456789abcdef0123456789abcdef");
  f->other_id = add_user (f->store, acme, "1001", "fedcba9876543210fedcba9876543210");
  f->no_sip_id = add_user (f->store, f->client_id, "1002", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  wcc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
do_register (Fixture    *f,
             const char *contact,
             guint       expires,
             const char *call_id,
             guint32     cseq,
             gint64      now,
             GError    **error)
{
  WccStoreSipContact c = { contact, expires };

  return wcc_store_sip_register (f->store, f->client_id, f->user_id, &c, 1, call_id, cseq,
                                 "udp:127.0.0.1:5070", "test phone", now, NULL, NULL, NULL, error);
}

/* Collects "contact" or, for bindings that expire at NOW + 400, "contact 400". */
static void
collect_contact (const char *contact,
                 gint64      expires_at,
                 gpointer    user_data)
{
  g_ptr_array_add (user_data, expires_at == NOW + 400 ? g_strdup_printf ("%s 400", contact)
                                                      : g_strdup (contact));
}

static guint
count_at (Fixture *f,
          gint64   now)
{
  return wcc_store_sip_binding_foreach (f->store, f->client_id, f->user_id, now, NULL, NULL);
}

static void
test_accounts (Fixture *f, gconstpointer data)
{
  WccStoreSipAccount account;

  g_assert_true (wcc_store_sip_account_find (f->store, "demo", "1001", &account));
  g_assert_cmpint (account.client_id, ==, f->client_id);
  g_assert_cmpint (account.user_id, ==, f->user_id);
  g_assert_true (account.has_ha1);
  g_assert_cmpstr (account.ha1, ==, "0123456789abcdef0123456789abcdef");
  /* The same employee ID in another client is another account. */
  g_assert_true (wcc_store_sip_account_find (f->store, "acme", "1001", &account));
  g_assert_cmpint (account.user_id, ==, f->other_id);
  g_assert_cmpstr (account.ha1, ==, "fedcba9876543210fedcba9876543210");
  g_assert_true (wcc_store_sip_account_find (f->store, "demo", "1002", &account));
  g_assert_false (account.has_ha1);
  g_assert_false (wcc_store_sip_account_find (f->store, "demo", "9999", &account));
  g_assert_false (wcc_store_sip_account_find (f->store, "nowhere", "1001", &account));
}

static void
test_devices (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  WccStoreSipBinding *b;

  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070", 300, "a", 1, NOW, &error));
  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5080;transport=tcp", 600, "b", 7, NOW + 1, &error));
  g_assert_no_error (error);
  bindings = wcc_store_sip_binding_list (f->store, f->client_id, f->user_id, NOW + 1);
  g_assert_cmpuint (bindings->len, ==, 2);
  /* Newest first. */
  b = g_ptr_array_index (bindings, 0);
  g_assert_cmpstr (b->contact, ==, "sip:1001@127.0.0.1:5080;transport=tcp");
  g_assert_cmpstr (b->call_id, ==, "b");
  g_assert_cmpuint (b->cseq, ==, 7);
  g_assert_cmpint (b->expires_at, ==, NOW + 601);
  g_assert_cmpstr (b->source, ==, "udp:127.0.0.1:5070");
  g_assert_cmpstr (b->user_agent, ==, "test phone");
  b = g_ptr_array_index (bindings, 1);
  g_assert_cmpstr (b->contact, ==, "sip:1001@127.0.0.1:5070");
  g_assert_cmpint (b->expires_at, ==, NOW + 300);

  /* A refresh of one device moves its expiry only, and lists both devices. */
  {
    WccStoreSipContact c = { "sip:1001@127.0.0.1:5070", 300 };
    g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
    guint count = 0;

    g_assert_true (wcc_store_sip_register (f->store, f->client_id, f->user_id, &c, 1, "a", 2, "", NULL,
                                           NOW + 100, collect_contact, listed, &count, &error));
    g_assert_cmpuint (count, ==, 2);
    g_assert_cmpuint (listed->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (listed, 0), ==, "sip:1001@127.0.0.1:5080;transport=tcp");
    g_assert_cmpstr (g_ptr_array_index (listed, 1), ==, "sip:1001@127.0.0.1:5070 400");
  }
  g_clear_pointer (&bindings, g_ptr_array_unref);
  bindings = wcc_store_sip_binding_list (f->store, f->client_id, f->user_id, NOW + 100);
  g_assert_cmpuint (bindings->len, ==, 2);
  b = g_ptr_array_index (bindings, 1);
  g_assert_cmpstr (b->contact, ==, "sip:1001@127.0.0.1:5070");
  g_assert_cmpint (b->expires_at, ==, NOW + 400);

  /* Un-registering one device leaves the other. */
  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070", 0, "a", 3, NOW + 101, &error));
  g_clear_pointer (&bindings, g_ptr_array_unref);
  bindings = wcc_store_sip_binding_list (f->store, f->client_id, f->user_id, NOW + 101);
  g_assert_cmpuint (bindings->len, ==, 1);
  g_assert_cmpstr (((WccStoreSipBinding *) g_ptr_array_index (bindings, 0))->contact, ==,
                   "sip:1001@127.0.0.1:5080;transport=tcp");
  /* Removing what is not there is no error. */
  g_assert_true (do_register (f, "sip:1001@127.0.0.1:9", 0, "z", 1, NOW + 101, &error));

  /* The other client's 1001 is someone else. */
  g_assert_cmpuint (wcc_store_sip_binding_foreach (f->store, f->client_id, f->other_id, NOW, NULL, NULL), ==, 0);
}

static void
test_out_of_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  WccStoreSipContact two[2] = { { "sip:1001@127.0.0.1:5070", 300 }, { "sip:1001@127.0.0.1:5071", 300 } };
  WccStoreSipContact all = { NULL, 0 };

  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070", 300, "a", 5, NOW, &error));
  /* The same Call-ID with the same or a lower CSeq: refused, nothing changes. */
  g_assert_false (do_register (f, "sip:1001@127.0.0.1:5070", 600, "a", 5, NOW + 1, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (do_register (f, "sip:1001@127.0.0.1:5070", 0, "a", 4, NOW + 1, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count_at (f, NOW + 299), ==, 1);
  /* Two contacts, one out of order: neither is applied. */
  g_assert_false (wcc_store_sip_register (f->store, f->client_id, f->user_id, two, 2, "a", 3,
                                          "", NULL, NOW + 1, NULL, NULL, NULL, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count_at (f, NOW + 1), ==, 1);
  g_assert_false (wcc_store_sip_register (f->store, f->client_id, f->user_id, &all, 1, "a", 2,
                                          "", NULL, NOW + 1, NULL, NULL, NULL, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Another Call-ID (the phone restarted) may have any CSeq. */
  g_assert_true (wcc_store_sip_register (f->store, f->client_id, f->user_id, two, 2, "b", 1,
                                         "", NULL, NOW + 2, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_at (f, NOW + 2), ==, 2);
  /* Contact: * with a higher CSeq removes them all. */
  g_assert_true (wcc_store_sip_register (f->store, f->client_id, f->user_id, &all, 1, "b", 2,
                                         "", NULL, NOW + 3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_at (f, NOW + 3), ==, 0);
}

static void
test_expiry (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) agents = NULL;
  g_autoptr(GArray) purged = NULL;
  WccStoreSipCount *count;

  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070", 60, "a", 1, NOW, &error));
  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5071", 120, "b", 1, NOW, &error));
  g_assert_cmpuint (count_at (f, NOW + 59), ==, 2);
  /* Expired bindings are ignored before any purge. */
  g_assert_cmpuint (count_at (f, NOW + 60), ==, 1);
  g_assert_cmpuint (count_at (f, NOW + 120), ==, 0);

  agents = wcc_store_sip_registered_agents (f->store, NOW + 60);
  g_assert_cmpuint (agents->len, ==, 1);
  count = &g_array_index (agents, WccStoreSipCount, 0);
  g_assert_cmpint (count->user_id, ==, f->user_id);
  g_assert_cmpint (count->client_id, ==, f->client_id);
  g_assert_cmpuint (count->count, ==, 1);

  /* A binding that expired may come back with the same Call-ID and CSeq (no refusal). */
  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070", 60, "a", 1, NOW + 61, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_at (f, NOW + 61), ==, 2);

  /* The purge reports who lost bindings and what is left. */
  purged = wcc_store_sip_binding_purge (f->store, NOW + 120);
  g_assert_cmpuint (purged->len, ==, 1);
  count = &g_array_index (purged, WccStoreSipCount, 0);
  g_assert_cmpint (count->user_id, ==, f->user_id);
  g_assert_cmpuint (count->count, ==, 1);
  g_clear_pointer (&purged, g_array_unref);
  purged = wcc_store_sip_binding_purge (f->store, NOW + 121);
  g_assert_cmpuint (purged->len, ==, 1);
  g_assert_cmpuint (g_array_index (purged, WccStoreSipCount, 0).count, ==, 0);
  g_clear_pointer (&purged, g_array_unref);
  purged = wcc_store_sip_binding_purge (f->store, NOW + 122);
  g_assert_cmpuint (purged->len, ==, 0);
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bindings = NULL;

  g_assert_true (do_register (f, "sip:1001@127.0.0.1:5070;transport=tcp", 300, "a", 1, NOW, &error));
  g_clear_object (&f->store);
  f->store = wcc_store_open (f->path, &error);
  g_assert_no_error (error);
  bindings = wcc_store_sip_binding_list (f->store, f->client_id, f->user_id, NOW + 10);
  g_assert_cmpuint (bindings->len, ==, 1);
  g_assert_cmpstr (((WccStoreSipBinding *) g_ptr_array_index (bindings, 0))->contact, ==,
                   "sip:1001@127.0.0.1:5070;transport=tcp");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (30);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sip/store/accounts", test_accounts);
  ADD ("/sip/store/devices", test_devices);
  ADD ("/sip/store/out-of-order", test_out_of_order);
  ADD ("/sip/store/expiry", test_expiry);
  ADD ("/sip/store/reopen", test_reopen);
#undef ADD
  return g_test_run ();
}
