/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-paged-list.c: WccPagedList and WccRecord over a real wcc-server --demo's lists. */
#define G_LOG_DOMAIN "test-paged-list"

#include "test-api-util.h"

typedef struct {
  WccTestServer *server;
  WccClient     *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccUser) user = NULL;

  wcc_test_guard_timeout (60);
  fixture->server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  fixture->client = wcc_client_new (fixture->server->base_url);
  /* the client admin sees every customer of the demo client */
  user = login_sync (fixture->client, "admin@demo", "wcc-admin", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  wcc_test_server_stop (fixture->server);
}

static void
wait_loaded (WccPagedList *list)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  /* a parameter change reloads from an idle: let it start first */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (wcc_paged_list_get_loading (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct {
  guint changes;
  guint last_removed;
  guint last_added;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Changes *changes = user_data;

  changes->changes++;
  changes->last_removed = removed;
  changes->last_added = added;
}

/* All customers fetched with one big request for each page of 200, to compare with. */
static GPtrArray *
all_customer_ids (Fixture *fixture)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;

  do
    {
      AsyncWait wait = { 0 };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonObject) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      JsonArray *items;
      JsonNode *next;

      path = after ? g_strdup_printf ("/api/v1/customers?limit=200&after=%s", after)
                   : g_strdup ("/api/v1/customers?limit=200");
      wcc_client_get_object_async (fixture->client, path, NULL, async_wait_done, &wait);
      result = async_wait (&wait);
      answer = wcc_client_get_object_finish (fixture->client, result, &error);
      g_assert_no_error (error);
      items = json_object_get_array_member (answer, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");
          g_ptr_array_add (ids, g_memdup2 (&id, sizeof id));
        }
      next = json_object_get_member (answer, "next");
      g_clear_pointer (&after, g_free);
      if (next != NULL && !json_node_is_null (next))
        after = g_strdup (json_node_get_string (next));
    }
  while (after != NULL);
  return ids;
}

static void
test_pages_follow_the_view (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(WccPagedList) list = wcc_paged_list_new (fixture->client, "/api/v1/customers");
  g_autoptr(GPtrArray) expected = all_customer_ids (fixture);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Changes changes = { 0 };
  guint n;

  g_assert_cmpuint (expected->len, >, 20);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == WCC_TYPE_RECORD);

  wcc_paged_list_set_page_size (list, 8);
  wcc_paged_list_reload (list);
  g_assert_true (wcc_paged_list_get_loading (list));
  wait_loaded (list);
  g_assert_no_error ((GError *) wcc_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
  g_assert_true (wcc_paged_list_get_has_more (list));
  g_assert_cmpuint (changes.changes, ==, 1);

  /* an item far from the end loads nothing */
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_main_context_iteration (NULL, FALSE);
  g_assert_false (wcc_paged_list_get_loading (list));

  /* a view reaching the last items makes it load the next page, until the end */
  while (wcc_paged_list_get_has_more (list))
    {
      guint before = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_autoptr(WccRecord) last = g_list_model_get_item (G_LIST_MODEL (list), before - 1);

      g_assert_nonnull (last);
      while (!wcc_paged_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) == before)
        g_main_context_iteration (NULL, TRUE);
      wait_loaded (list);
      g_assert_no_error ((GError *) wcc_paged_list_get_error (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, before);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 id = wcc_record_get_id (record);

      g_assert_cmpint (id, ==, *(gint64 *) g_ptr_array_index (expected, i));
      g_assert_true (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)));
      g_assert_cmpint (wcc_record_get_version (record), >=, 1);
      g_assert_nonnull (wcc_record_get_array (record, "phones"));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));
}

static void
test_params_reload (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WccPagedList) list = wcc_paged_list_new (fixture->client, "/api/v1/customers");
  g_autoptr(WccRecord) first = NULL;
  g_autoptr(WccRecord) found = NULL;
  g_autofree char *prefix = NULL;
  Changes changes = { 0 };
  const char *company;
  guint all;

  wcc_paged_list_set_page_size (list, 200);
  wcc_paged_list_set_param (list, "sort", "company");
  wcc_paged_list_set_param (list, "order", "desc");   /* those with a company first */
  g_assert_cmpstr (wcc_paged_list_get_param (list, "sort"), ==, "company");
  wait_loaded (list);
  all = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (all, >, 1);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* the first customer's company, as a search: fewer customers, all of that company */
  for (guint i = 0; i < all && prefix == NULL; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      company = wcc_record_get_string (record, "company");
      if (*company != '\0')
        prefix = g_strdup (company);
    }
  g_assert_nonnull (prefix);
  /* two changes in a row reload once */
  wcc_paged_list_set_param (list, "q", "x");
  wcc_paged_list_set_param (list, "q", prefix);
  wait_loaded (list);
  g_assert_cmpuint (changes.changes, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  found = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (g_str_has_prefix (wcc_record_get_string (found, "company"), prefix));

  /* removing the search brings them all back */
  wcc_paged_list_set_param (list, "q", "");
  g_assert_null (wcc_paged_list_get_param (list, "q"));
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all);

  /* a bad parameter: the server's error, the items shown stay */
  wcc_paged_list_set_param (list, "sort", "no-such-column");
  wait_loaded (list);
  g_assert_error ((GError *) wcc_paged_list_get_error (list), WCC_ERROR, WCC_ERROR_INVALID_FIELD);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all);
  wcc_paged_list_set_param (list, "sort", NULL);
  wait_loaded (list);
  g_assert_no_error ((GError *) wcc_paged_list_get_error (list));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (first);
}

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_local_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WccPagedList) list = wcc_paged_list_new (fixture->client, "/api/v1/customers");
  g_autoptr(WccRecord) record = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) older = NULL;
  g_autoptr(JsonObject) same = NULL;
  guint data_notes = 0, version_notes = 0;
  guint position = G_MAXUINT;
  gint64 id;
  guint n;

  wcc_paged_list_set_page_size (list, 5);
  wcc_paged_list_reload (list);
  wait_loaded (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  record = g_list_model_get_item (G_LIST_MODEL (list), 2);
  id = wcc_record_get_id (record);
  g_assert_true (wcc_paged_list_find (list, id, &position) == record);
  g_assert_cmpuint (position, ==, 2);
  g_assert_null (wcc_paged_list_find (list, -5, NULL));

  /* an update of the same record notifies its data and, when it moved, its version */
  g_signal_connect (record, "notify::data", G_CALLBACK (on_notify_count), &data_notes);
  g_signal_connect (record, "notify::version", G_CALLBACK (on_notify_count), &version_notes);
  edited = json_object_new ();
  json_object_set_int_member (edited, "id", id);
  json_object_set_int_member (edited, "version", wcc_record_get_version (record) + 1);
  json_object_set_string_member (edited, "company", "Edited Ltd");
  json_object_set_null_member (edited, "last_contact_at");
  json_object_set_string_member (edited, "updated_at", "2026-11-28T09:30:00Z");
  g_assert_true (wcc_paged_list_update (list, edited));
  g_assert_cmpuint (data_notes, ==, 1);
  g_assert_cmpuint (version_notes, ==, 1);
  g_assert_cmpstr (wcc_record_get_string (record, "company"), ==, "Edited Ltd");
  g_assert_cmpstr (wcc_record_get_string (record, "surname"), ==, "");
  g_assert_cmpstr (wcc_record_get_string (record, "last_contact_at"), ==, "");
  g_assert_cmpint (wcc_record_get_time (record, "last_contact_at"), ==, 0);
  g_assert_cmpint (wcc_record_get_time (record, "updated_at"), ==, 1795858200);
  g_assert_cmpint (wcc_record_get_int (record, "company", -1), ==, -1);   /* wrong type */
  g_assert_false (wcc_record_get_bool (record, "company"));

  /* an older version (a save's answer overtaken by the event of a later edit) does not
   * roll it back; the same version replaces it */
  older = json_object_new ();
  json_object_set_int_member (older, "id", id);
  json_object_set_int_member (older, "version", wcc_record_get_version (record) - 1);
  json_object_set_string_member (older, "company", "Older Ltd");
  g_assert_true (wcc_paged_list_update (list, older));
  wcc_record_update (record, older);
  g_assert_cmpstr (wcc_record_get_string (record, "company"), ==, "Edited Ltd");
  g_assert_cmpuint (data_notes, ==, 1);
  same = json_object_new ();
  json_object_set_int_member (same, "id", id);
  json_object_set_int_member (same, "version", wcc_record_get_version (record));
  json_object_set_string_member (same, "company", "Same Ltd");
  g_assert_true (wcc_paged_list_update (list, same));
  g_assert_cmpstr (wcc_record_get_string (record, "company"), ==, "Same Ltd");
  g_assert_cmpuint (data_notes, ==, 2);
  g_assert_cmpuint (version_notes, ==, 1);

  /* another record's data does not replace it */
  other = json_object_new ();
  json_object_set_int_member (other, "id", id + 1000000);
  g_test_expect_message ("wcc-record", G_LOG_LEVEL_WARNING, "*not updated*");
  wcc_record_update (record, other);
  g_test_assert_expected_messages ();
  g_assert_cmpint (wcc_record_get_id (record), ==, id);
  g_assert_false (wcc_paged_list_update (list, other));

  /* a new one goes on top, once */
  added = json_object_new ();
  json_object_set_int_member (added, "id", 99999999);
  json_object_set_int_member (added, "version", 1);
  wcc_paged_list_prepend (list, added);
  wcc_paged_list_prepend (list, added);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  g_assert_nonnull (wcc_paged_list_find (list, 99999999, &position));
  g_assert_cmpuint (position, ==, 0);

  g_assert_true (wcc_paged_list_remove (list, id));
  g_assert_false (wcc_paged_list_remove (list, id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_null (wcc_paged_list_find (list, id, NULL));
}

/* Batches (a pool's "change batch"): one page at a time, then the next replaces it, and
 * after the last page the first comes again; a view at the end loads nothing by itself. */
static void
test_batches (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(WccPagedList) list = wcc_paged_list_new (fixture->client, "/api/v1/customers");
  g_autoptr(GPtrArray) expected = all_customer_ids (fixture);
  g_autoptr(WccRecord) first = NULL;
  guint pages = 0;

  wcc_paged_list_set_page_size (list, 200);
  wcc_paged_list_set_batches (list, TRUE);
  g_assert_true (wcc_paged_list_get_batches (list));
  wcc_paged_list_next_batch (list);   /* nothing loaded yet: the first page */
  wait_loaded (list);
  g_assert_no_error ((GError *) wcc_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (wcc_record_get_id (first), ==, *(gint64 *) g_ptr_array_index (expected, 0));

  /* the last item asked for: no next page appended */
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 199));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (wcc_paged_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);

  /* each batch replaces the one before, in order, to the end */
  do
    {
      guint index = ++pages * 200;
      g_autoptr(WccRecord) top = NULL;

      wcc_paged_list_next_batch (list);
      wait_loaded (list);
      g_assert_no_error ((GError *) wcc_paged_list_get_error (list));
      top = g_list_model_get_item (G_LIST_MODEL (list), 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, MIN (200, expected->len - index));
      g_assert_cmpint (wcc_record_get_id (top), ==, *(gint64 *) g_ptr_array_index (expected, index));
    }
  while (wcc_paged_list_get_has_more (list));
  g_assert_cmpuint (pages, ==, (expected->len - 1) / 200);

  /* after the last batch, the first again */
  wcc_paged_list_next_batch (list);
  wait_loaded (list);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (wcc_record_get_id (first), ==, *(gint64 *) g_ptr_array_index (expected, 0));
  g_assert_true (wcc_paged_list_get_has_more (list));
}

static void
test_unreachable (void)
{
  g_autoptr(WccClient) client = NULL;
  g_autoptr(WccPagedList) list = NULL;
  wcc_test_guard_timeout (30);
  /* Port 1 on loopback: nothing listens there. */
  client = wcc_client_new ("127.0.0.1:1");
  list = wcc_paged_list_new (client, "/api/v1/customers");
  wcc_paged_list_load_more (list);
  wait_loaded (list);
  g_assert_error ((GError *) wcc_paged_list_get_error (list), WCC_ERROR, WCC_ERROR_UNREACHABLE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (wcc_paged_list_get_has_more (list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/paged-list/pages-follow-the-view", test_pages_follow_the_view);
  ADD ("/paged-list/params-reload", test_params_reload);
  ADD ("/paged-list/local-changes", test_local_changes);
  ADD ("/paged-list/batches", test_batches);
  g_test_add_func ("/paged-list/unreachable", test_unreachable);
#undef ADD

  return g_test_run ();
}
