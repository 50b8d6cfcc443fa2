/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-knowledge.c: the knowledge base (S10–S12): review flow, expiry, full-text search
 * of Chinese and Japanese, the history of opened items, attachments, the quick search of
 * customers by full phone number, roles and tenants. */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
make_category (Fixture    *fixture,
               const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\"}", name);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/categories", fixture->admin, body, 201);

  return json_object_get_int_member (r->json, "id");
}

/* An item submitted by @token over the API; @extra: more JSON members ("" for none). */
static gint64
submit (Fixture    *fixture,
        const char *token,
        const char *question,
        const char *answer,
        const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"question\": \"%s\", \"answer\": \"%s\"%s}", question, answer, extra);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/items", token, body, 201);

  g_assert_cmpstr (json_object_get_string_member (r->json, "state"), ==, "pending");
  return json_object_get_int_member (r->json, "id");
}

static void
review (Fixture    *fixture,
        const char *token,
        gint64      item,
        const char *decision,
        const char *reason,
        guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/review", item);
  g_autofree char *body = reason ? g_strdup_printf ("{\"decision\": \"%s\", \"reason\": \"%s\"}", decision, reason)
                                 : g_strdup_printf ("{\"decision\": \"%s\"}", decision);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", path, token, body, status);
}

/* GET @prefix with @q escaped after it. */
static ApiResponse *
get_query (Fixture    *fixture,
           const char *token,
           const char *prefix,
           const char *q,
           guint       status)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
  g_autofree char *path = g_strconcat (prefix, escaped, NULL);

  return expect (fixture, "GET", path, token, NULL, status);
}

/* The ids the search of @q finds for @token, best first, comma-separated. */
static char *
search_ids (Fixture    *fixture,
            const char *token,
            const char *q)
{
  g_autoptr(ApiResponse) r = get_query (fixture, token, "/api/v1/kb/search?q=", q, 200);
  JsonArray *items = items_of (r);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_object_get_object_member (json_array_get_object_element (items, i), "item");

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", json_object_get_int_member (item, "id"));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static JsonObject *
find_in (JsonArray *items,
         gint64     id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *object = json_array_get_object_element (items, i);

      if (json_object_get_int_member (object, "id") == id)
        return object;
    }
  return NULL;
}

/* Submitted items are not found until approved; a rejection's reason shows in "my
 * submissions"; only reviewers review; the approvals inbox lists pending items. */
static void
test_review_flow (Fixture *fixture, gconstpointer data)
{
  gint64 category = make_category (fixture, "账户");
  g_autofree char *extra = g_strdup_printf (", \"keywords\": [\"密码\", \"登录\", \"密码\"], \"category_ids\": [%"
                                            G_GINT64_FORMAT "]", category);
  gint64 good = submit (fixture, fixture->agent, "如何重置客户的登录密码", "在设置页面点击重置按钮。", extra);
  gint64 bad = submit (fixture, fixture->agent, "客户密码可以告诉别人吗", "可以。", "");
  /* a leader's own submission is someone else's to review: not in their inbox (counted below) */
  gint64 own = submit (fixture, fixture->leader, "团队例会几点开始", "每周一上午九点。", "");
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  g_autofree char *good_text = id_text (good);

  {
    g_autofree char *found = search_ids (fixture, fixture->t_agent2, "重置客户");
    g_autofree char *found_author = search_ids (fixture, fixture->agent, "密码");
    g_assert_cmpstr (found, ==, "");
    g_assert_cmpstr (found_author, ==, "");
  }
  /* Pending: the author and reviewers see it, another agent does not. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, good);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->agent, NULL, 200);
    JsonArray *keywords = json_object_get_array_member (r->json, "keywords");
    g_autoptr(ApiResponse) s = expect (fixture, "GET", path, fixture->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) t = expect (fixture, "GET", path, fixture->leader, NULL, 200);

    g_assert_cmpuint (json_array_get_length (keywords), ==, 2);
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (r->json, "category_ids"), 0), ==,
                     category);
  }
  /* The inbox of reviewers. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/approvals", fixture->leader, NULL, 200);
    JsonArray *items = items_of (r);
    guint knowledge = 0;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        if (g_str_equal (json_object_get_string_member (item, "type"), "knowledge"))
          knowledge++;
      }
    g_assert_cmpuint (knowledge, ==, 2);
  }
  /* The author is no reviewer; an agent of another group neither; a rejection needs a reason. */
  review (fixture, fixture->agent, good, "approve", NULL, 403);
  review (fixture, fixture->leader, own, "approve", NULL, 403);
  review (fixture, fixture->admin, own, "approve", NULL, 200);
  review (fixture, fixture->t_agent3, good, "approve", NULL, 404);
  review (fixture, fixture->leader, bad, "reject", NULL, 400);
  review (fixture, fixture->leader, good, "approve", NULL, 200);
  review (fixture, fixture->leader, good, "approve", NULL, 409);
  review (fixture, fixture->admin, bad, "reject", "不能泄露密码", 200);
  {
    JsonObject *event = api_stream_wait_event (stream, "kb_item.reviewed", 0);
    JsonObject *item = json_object_get_object_member (event, "data");

    g_assert_cmpint (json_object_get_int_member (item, "id"), ==, good);
    g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "approved");
  }

  {
    g_autofree char *found = search_ids (fixture, fixture->t_agent2, "重置客户");
    g_autofree char *both = search_ids (fixture, fixture->t_agent3, "密码");
    g_assert_cmpstr (found, ==, good_text);
    /* The rejected one is never found. */
    g_assert_cmpstr (both, ==, good_text);
  }
  /* S13: a notification of each outcome for the author, in the review's transaction. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/notifications", fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    gboolean approved = FALSE, rejected = FALSE;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *notification = json_array_get_object_element (items, i);
        const char *kind = json_object_get_string_member (notification, "kind");

        approved |= g_str_equal (kind, "kb_item.approved");
        rejected |= g_str_equal (kind, "kb_item.rejected");
      }
    g_assert_true (approved && rejected);
  }
  /* My submissions: both, newest first, with the review. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/items?mine=1", fixture->agent, NULL, 200);
    JsonArray *items = items_of (r);
    JsonObject *rejected = find_in (items, bad), *approved = find_in (items, good);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, bad);
    g_assert_cmpstr (json_object_get_string_member (rejected, "state"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (rejected, "review_reason"), ==, "不能泄露密码");
    g_assert_cmpstr (json_object_get_string_member (approved, "state"), ==, "approved");
    g_assert_cmpint (json_object_get_int_member (approved, "reviewer_id"), ==, fixture->api.leader_id);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/items?mine=1", fixture->t_agent2, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  /* The rejected one stays hidden from other agents. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, bad);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 404);
  }
  /* The category counts the approved item. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/categories", fixture->t_agent2, NULL, 200);
    JsonObject *object = find_in (items_of (r), category);

    g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 1);
  }
  api_stream_close (stream);
}

/* Bad submissions: 400, nothing kept. */
static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  const char *bodies[] = {
    "{\"answer\": \"a\"}",
    "{\"question\": \"  \", \"answer\": \"a\"}",
    "{\"question\": \"q\"}",
    "{\"question\": \"q\", \"answer\": \"a\", \"keywords\": [\"\"]}",
    "{\"question\": \"q\", \"answer\": \"a\", \"keywords\": [1]}",
    "{\"question\": \"q\", \"answer\": \"a\", \"category_ids\": [999999]}",
    "{\"question\": \"q\", \"answer\": \"a\", \"valid_until\": \"2001-01-01T00:00:00Z\"}",
    "{\"question\": \"q\", \"answer\": \"a\", \"valid_until\": \"tomorrow\"}",
    "{\"question\": \"q\", \"answer\": \"a\", \"colour\": \"red\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/items", fixture->agent, bodies[i], 400);
      g_assert_cmpstr (api_error_code (r), ==, "invalid_field");
    }
  g_assert_cmpint (count_rows (fixture, "kb_items"), ==, 0);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/search?q=", fixture->agent, NULL, 400);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", "/api/v1/search?q=%20%20", fixture->agent, NULL, 400);
    g_autoptr(ApiResponse) t = expect (fixture, "GET", "/api/v1/kb/items?mine=yes", fixture->agent, NULL, 400);
  }
}

/* Expired items are never found nor listed; their author still has them. */
static void
test_expiry (Fixture *fixture, gconstpointer data)
{
  gint64 category = make_category (fixture, "Temporary");
  g_autofree char *until = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *path = NULL;
  gint64 item;

  until = wcc_time_to_rfc3339 (g_get_real_time () / G_USEC_PER_SEC + 2);
  extra = g_strdup_printf (", \"valid_until\": \"%s\", \"category_ids\": [%" G_GINT64_FORMAT "]", until, category);
  item = submit (fixture, fixture->agent, "Spring promotion discount code", "Use SPRING24 until the end of May.",
                 extra);
  path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, item);
  review (fixture, fixture->leader, item, "approve", NULL, 200);
  {
    g_autofree char *found = search_ids (fixture, fixture->t_agent2, "promotion");
    g_autofree char *want = id_text (item);
    g_autofree char *body = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", item);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, body, 204);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", path, fixture->t_agent2, NULL, 200);

    g_assert_cmpstr (found, ==, want);
    g_assert_cmpstr (json_object_get_string_member (s->json, "valid_until"), ==, until);
  }
  /* Wait until it expires. */
  g_usleep (3 * G_USEC_PER_SEC);
  {
    g_autofree char *found = search_ids (fixture, fixture->t_agent2, "promotion");
    g_autofree char *short_found = search_ids (fixture, fixture->t_agent2, "SP");
    g_autofree char *body = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", item);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 404);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", "/api/v1/kb/history", fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) t = expect (fixture, "GET", "/api/v1/kb/home", fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) u = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, body, 404);
    g_autoptr(ApiResponse) v = expect (fixture, "GET", "/api/v1/kb/items", fixture->t_agent2, NULL, 200);
    g_autoptr(ApiResponse) w = expect (fixture, "GET", "/api/v1/kb/items?mine=1", fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) x = get_query (fixture, fixture->t_agent2, "/api/v1/search?q=", "promotion", 200);

    g_assert_cmpstr (found, ==, "");
    g_assert_cmpstr (short_found, ==, "");
    g_assert_cmpuint (json_array_get_length (items_of (s)), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t->json, "recent")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t->json, "popular")), ==, 0);
    g_assert_cmpint (json_object_get_int_member (find_in (json_object_get_array_member (t->json, "categories"),
                                                          category), "count"), ==, 0);
    g_assert_cmpuint (json_array_get_length (items_of (v)), ==, 0);
    g_assert_nonnull (find_in (items_of (w), item));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (x->json, "knowledge")), ==, 0);
  }
}

/* FTS5: Chinese and Japanese texts, queries of 1, 2, 3 and more characters, several words,
 * keywords and file names, highlights, ranking. */
static void
test_search_cjk (Fixture *fixture, gconstpointer data)
{
  gint64 zh = submit (fixture, fixture->agent, "如何修改银行卡密码", "客户需要携带身份证到柜台办理。",
                      ", \"keywords\": [\"银行卡\"]");
  gint64 zh2 = submit (fixture, fixture->agent, "信用卡年费怎么收取", "首年免年费，之后修改密码不收费。", "");
  gint64 ja = submit (fixture, fixture->agent, "パスワードを再設定する方法",
                      "ログイン画面の「パスワードを忘れた」を押してください。", ", \"keywords\": [\"ログイン\"]");
  gint64 ja2 = submit (fixture, fixture->agent, "請求書の送付先を変更したい", "マイページの設定から変更できます。",
                       "");
  gint64 en = submit (fixture, fixture->agent, "VPN cannot connect", "Restart the client and check the token.", "");
  gint64 files = submit (fixture, fixture->agent, "退货流程", "见附件。", "");
  g_autofree char *s_zh = id_text (zh), *s_zh2 = id_text (zh2), *s_ja = id_text (ja), *s_ja2 = id_text (ja2);
  g_autofree char *s_en = id_text (en), *s_files = id_text (files);
  g_autofree char *zh_both = g_strdup_printf ("%s,%s", s_zh, s_zh2);
  g_autofree char *ja_both = g_strdup_printf ("%s,%s", s_ja, s_ja2);
  g_autofree char *attach = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/attachments?name=%s", files,
                                             "%E9%80%80%E8%B4%A7%E7%94%B3%E8%AF%B7%E8%A1%A8.xlsx");
  const gint64 ids[] = { zh, zh2, ja, ja2, en, files };

  {
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "POST", attach, fixture->agent,
                                            "application/octet-stream", "PK", 2);
    g_assert_cmpuint (r->status, ==, 201);
  }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    review (fixture, fixture->admin, ids[i], "approve", NULL, 200);

  struct {
    const char *q;
    const char *want;
  } cases[] = {
    { "银行卡密码", s_zh },           /* five characters: trigrams */
    { "修改银行卡", s_zh },
    { "密码", zh_both },              /* two characters: the one-character index; question first */
    { "年费", s_zh2 },
    { "卡", zh_both },                /* one character */
    { "身份证", s_zh },               /* in the answer only */
    { "密码 柜台", s_zh },            /* two words, both must match */
    { "パスワード", s_ja },
    { "再設定", s_ja },
    { "設定", ja_both },              /* two characters, question before answer */
    { "ログイン", s_ja },
    { "送付先", s_ja2 },
    { "vpn", s_en },                  /* case-insensitive */
    { "TOKEN", s_en },
    { "申请表", s_files },            /* an attachment's file name */
    { "xlsx", s_files },
    { "存在しない言葉", "" },
    { "\"", "" },                     /* FTS syntax is text */
    { "AND OR NOT", "" },
    { "--", "" },                     /* no token at all */
    { "。", "" },
    { "*", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = search_ids (fixture, fixture->t_agent3, cases[i].q);

      g_test_message ("q=%s", cases[i].q);
      g_assert_cmpstr (found, ==, cases[i].want);
    }
  /* Highlights: the matches between U+0002 and U+0003, for both indexes. */
  {
    g_autoptr(ApiResponse) r = get_query (fixture, fixture->agent, "/api/v1/kb/search?q=", "银行卡密码", 200);
    JsonObject *hit = json_array_get_object_element (items_of (r), 0);
    g_autoptr(ApiResponse) s = get_query (fixture, fixture->agent, "/api/v1/kb/search?q=", "密码", 200);
    JsonObject *short_hit = json_array_get_object_element (items_of (s), 1);

    g_assert_cmpstr (json_object_get_string_member (hit, "question"), ==, "如何修改\002银行卡密码\003");
    g_assert_nonnull (strstr (json_object_get_string_member (short_hit, "snippet"), "修改\002密码\003不收费"));
  }
  /* Paging and a category filter. */
  {
    g_autoptr(ApiResponse) r = get_query (fixture, fixture->agent, "/api/v1/kb/search?limit=1&q=", "密码", 200);
    g_autoptr(ApiResponse) s = get_query (fixture, fixture->agent, "/api/v1/kb/search?limit=1&after=1&q=", "密码",
                                          200);

    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (items_of (r), 0), "item"), "id"), ==, zh);
    g_assert_cmpstr (json_object_get_string_member (r->json, "next"), ==, "1");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (items_of (s), 0), "item"), "id"), ==, zh2);
    g_assert_true (json_object_get_null_member (s->json, "next"));
  }
}

/* The history holds the items opened, not those only found; newest first. */
static void
test_history (Fixture *fixture, gconstpointer data)
{
  gint64 a = submit (fixture, fixture->agent, "发票怎么开", "在订单页面申请发票。", "");
  gint64 b = submit (fixture, fixture->agent, "发票抬头写错了", "重新申请发票。", "");
  gint64 pending = submit (fixture, fixture->agent, "发票多久寄到", "三天。", "");

  review (fixture, fixture->leader, a, "approve", NULL, 200);
  review (fixture, fixture->leader, b, "approve", NULL, 200);
  {
    g_autofree char *found = search_ids (fixture, fixture->t_agent2, "发票");
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/history", fixture->t_agent2, NULL, 200);
    g_assert_cmpuint (strlen (found), >, 0);
    g_assert_cmpuint (json_array_get_length (items_of (r)), ==, 0);
  }
  {
    g_autofree char *open_b = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", b);
    g_autofree char *open_a = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", a);
    g_autofree char *open_pending = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", pending);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, open_b, 204);
    g_autoptr(ApiResponse) s = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, open_a, 204);
    g_autoptr(ApiResponse) t = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, open_pending, 404);
    g_autoptr(ApiResponse) u = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_acme, open_a, 404);
    g_autoptr(ApiResponse) v = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, "{}", 400);
  }
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/kb/history", fixture->t_agent2, NULL, 200);
    JsonArray *items = items_of (r);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", "/api/v1/kb/history", fixture->t_agent3, NULL, 200);
    g_autoptr(ApiResponse) t = expect (fixture, "GET", "/api/v1/kb/home", fixture->t_agent3, NULL, 200);
    JsonArray *popular = json_object_get_array_member (t->json, "popular");

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    /* Opened at the same second: the later id first. Both have an opening time. */
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (items, 0), "item"), "id"), ==, b);
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (items, 0), "opened_at"));
    /* Per user. */
    g_assert_cmpuint (json_array_get_length (items_of (s)), ==, 0);
    g_assert_cmpuint (json_array_get_length (popular), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t->json, "recent")), ==, 2);
  }
  /* Opening again moves it to the front; "popular" counts the people who opened it, not the
   * clicks (below: b opened four times by one agent, a by two). */
  {
    g_autofree char *open_a = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", a);
    g_autoptr(ApiResponse) r = NULL;
    g_autoptr(ApiResponse) s = NULL;

    g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
    r = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, open_a, 204);
    s = expect (fixture, "GET", "/api/v1/kb/history", fixture->t_agent2, NULL, 200);
    g_assert_cmpuint (json_array_get_length (items_of (s)), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (items_of (s), 0), "item"), "id"), ==, a);
  }
  {
    g_autofree char *open_a = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", a);
    g_autofree char *open_b = g_strdup_printf ("{\"item_id\": %" G_GINT64_FORMAT "}", b);

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent2, open_b, 204);
      }
    {
      g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/history", fixture->t_agent3, open_a, 204);
    }
  }
  {
    g_autoptr(ApiResponse) t = expect (fixture, "GET", "/api/v1/kb/home", fixture->t_agent3, NULL, 200);
    JsonArray *popular = json_object_get_array_member (t->json, "popular");

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (popular, 0), "id"), ==, a);
  }
}

static char *
knowledge_dir (Fixture *fixture)
{
  return g_build_filename (fixture->api.data_dir, "knowledge", NULL);
}

/* Upload by the author before the review, the size limit, download by the client's users,
 * 404 for another client. */
static void
test_attachments (Fixture *fixture, gconstpointer data)
{
  gint64 item = submit (fixture, fixture->agent, "Return form", "See the file.", "");
  g_autofree char *path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/attachments?name=%s", item,
                                           "%E8%A1%A8%20form.pdf");
  g_autoptr(GBytes) pdf = NULL;
  gsize big_length = 16 * 1024 * 1024 + 1;
  g_autofree guint8 *big = g_malloc0 (big_length);
  g_autofree char *download = NULL;
  g_autofree char *dir = knowledge_dir (fixture);
  gint64 attachment;

  {
    guint8 *bytes = g_malloc (100 * 1024 + 3);

    for (gsize i = 0; i < 100 * 1024 + 3; i++)
      bytes[i] = (i * 7) & 0xff;
    pdf = g_bytes_new_take (bytes, 100 * 1024 + 3);
  }
  {
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "POST", path, fixture->agent, "application/pdf",
                                            g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
    g_autofree char *file = NULL;
    GStatBuf st;

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (r->json, "name"), ==, "表 form.pdf");
    g_assert_cmpint (json_object_get_int_member (r->json, "size"), ==, g_bytes_get_size (pdf));
    attachment = json_object_get_int_member (r->json, "id");
    download = g_strdup (json_object_get_string_member (r->json, "url"));
    file = g_strdup_printf ("%s/%" G_GINT64_FORMAT, dir, attachment);
    g_assert_cmpint (g_stat (file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* Too large: 413, nothing kept. Not the author: 403 (a reviewer) or 404. A bad name: 400. */
  {
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "POST", path, fixture->agent, "application/pdf", big,
                                            big_length);
    g_autoptr(ApiResponse) s = api_request (&fixture->api, "POST", path, fixture->leader, "application/pdf", "x", 1);
    g_autoptr(ApiResponse) t = api_request (&fixture->api, "POST", path, fixture->t_agent2, "application/pdf", "x", 1);
    g_autofree char *bad_path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/attachments?name=..%%2Fx",
                                                 item);
    g_autoptr(ApiResponse) u = api_request (&fixture->api, "POST", bad_path, fixture->agent, "text/plain", "x", 1);

    g_assert_cmpuint (r->status, ==, 413);
    g_assert_cmpstr (api_error_code (r), ==, "payload_too_large");
    g_assert_cmpuint (s->status, ==, 403);
    g_assert_cmpuint (t->status, ==, 404);
    g_assert_cmpuint (u->status, ==, 400);
  }
  g_assert_cmpint (count_rows (fixture, "kb_attachments"), ==, 1);
  /* Before the review: the author downloads it, another agent does not see it. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", download, fixture->agent, NULL, 200);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", download, fixture->t_agent2, NULL, 404);
    g_assert_true (g_bytes_equal (r->body, pdf));
  }
  review (fixture, fixture->leader, item, "approve", NULL, 200);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", download, fixture->t_agent3, NULL, 200);
    const char *disposition = soup_message_headers_get_one (r->headers, "Content-Disposition");

    g_assert_true (g_bytes_equal (r->body, pdf));
    g_assert_cmpstr (r->content_type, ==, "application/pdf");
    g_assert_nonnull (disposition);
    g_assert_nonnull (strstr (disposition, "form.pdf"));
  }
  /* Reviewed: no more files. */
  {
    g_autoptr(ApiResponse) r = api_request (&fixture->api, "POST", path, fixture->agent, "application/pdf", "x", 1);
    g_assert_cmpuint (r->status, ==, 409);
  }
  /* Another client: 404 for the file and the item. */
  {
    g_autoptr(ApiResponse) r = expect (fixture, "GET", download, fixture->t_acme, NULL, 404);
    g_autoptr(ApiResponse) s = expect (fixture, "GET", download, fixture->t_acme_admin, NULL, 404);
    g_autoptr(ApiResponse) t = api_request (&fixture->api, "POST", path, fixture->t_acme, "text/plain", "x", 1);
    g_assert_cmpuint (t->status, ==, 404);
  }
  g_assert_cmpint (count_rows (fixture, "kb_attachments"), ==, 1);
}

/* S10: a customer by the full number only, as the caller may see it; knowledge beside. */
static void
test_quick_search (Fixture *fixture, gconstpointer data)
{
  gint64 customer = add_customer (fixture, fixture->demo, fixture->package, fixture->task_a, fixture->api.agent_id,
                                  "Target Quick Co", "+86 138-0013-8000");
  gint64 item = submit (fixture, fixture->agent, "号码 13800138000 是测试号码", "仅用于测试。", "");
  struct {
    const char *q;
    gboolean    found;
  } cases[] = {
    { "+8613800138000", TRUE },
    { "+86 138 0013 8000", TRUE },
    { "＋８６１３８００１３８０００", TRUE },     /* full-width */
    { "13800138000", FALSE },                     /* without its country code: another number */
    { "+86138001", FALSE },                       /* a part */
    { "138", FALSE },
    { "Target", FALSE },                          /* names are not searched here */
  };

  review (fixture, fixture->leader, item, "approve", NULL, 200);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ApiResponse) r = get_query (fixture, fixture->agent, "/api/v1/search?q=", cases[i].q, 200);
      JsonArray *customers = json_object_get_array_member (r->json, "customers");

      g_test_message ("q=%s", cases[i].q);
      g_assert_cmpuint (json_array_get_length (customers), ==, cases[i].found ? 1 : 0);
      if (cases[i].found)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (customers, 0), "id"), ==,
                         customer);
    }
  /* The knowledge beside it. */
  {
    g_autoptr(ApiResponse) r = get_query (fixture, fixture->agent, "/api/v1/search?q=", "13800138000", 200);
    JsonArray *knowledge = json_object_get_array_member (r->json, "knowledge");

    g_assert_cmpuint (json_array_get_length (knowledge), ==, 1);
  }
  /* Who does not see the customer: an agent of another group, another client. */
  {
    const char *tokens[] = { fixture->t_agent3, fixture->t_acme, fixture->t_acme_admin };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        g_autoptr(ApiResponse) r = get_query (fixture, tokens[i], "/api/v1/search?q=", "+8613800138000", 200);
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "customers")), ==, 0);
        if (i > 0)
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "knowledge")), ==, 0);
      }
  }
  /* The leader of Sales and the admin see it. */
  {
    const char *tokens[] = { fixture->leader, fixture->admin };

    for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
      {
        g_autoptr(ApiResponse) r = get_query (fixture, tokens[i], "/api/v1/search?q=", "+8613800138000", 200);
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r->json, "customers")), ==, 1);
      }
  }
}

/* Categories: set-up data of the client admin; a category in use stays. */
static void
test_categories (Fixture *fixture, gconstpointer data)
{
  gint64 used = make_category (fixture, "Billing");
  gint64 empty = make_category (fixture, "Unused");
  g_autofree char *extra = g_strdup_printf (", \"category_ids\": [%" G_GINT64_FORMAT "]", used);
  g_autofree char *used_path = g_strdup_printf ("/api/v1/kb/categories/%" G_GINT64_FORMAT, used);
  g_autofree char *empty_path = g_strdup_printf ("/api/v1/kb/categories/%" G_GINT64_FORMAT, empty);

  submit (fixture, fixture->agent, "Refund time", "Five days.", extra);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/kb/categories", fixture->admin,
                                       "{\"name\": \"Billing\"}", 409);
    g_autoptr(ApiResponse) s = expect (fixture, "POST", "/api/v1/kb/categories", fixture->leader,
                                       "{\"name\": \"Other\"}", 403);
    g_autoptr(ApiResponse) t = expect (fixture, "PATCH", used_path, fixture->admin,
                                       "{\"version\": 1, \"name\": \"Billing and refunds\", \"position\": 2}", 200);
    g_autoptr(ApiResponse) u = expect (fixture, "PATCH", used_path, fixture->admin,
                                       "{\"version\": 1, \"name\": \"Stale\"}", 409);
    g_autoptr(ApiResponse) v = expect (fixture, "DELETE", used_path, fixture->admin, NULL, 409);
    g_autoptr(ApiResponse) w = expect (fixture, "DELETE", empty_path, fixture->admin, NULL, 204);
    g_autoptr(ApiResponse) x = expect (fixture, "GET", "/api/v1/kb/categories", fixture->agent, NULL, 200);

    g_assert_cmpstr (api_error_code (u), ==, "version_conflict");
    g_assert_cmpuint (json_array_get_length (items_of (x)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items_of (x), 0), "name"), ==,
                     "Billing and refunds");
  }
}

/* Role and tenant matrices. {K}: a pending item of 1001@demo; {L}: a live one; {C}: a
 * category with an item; {E}: an empty category; {A}: a file of {L}. */
static const ApiEndpoint kb_endpoints[] = {
  { "GET", "/api/v1/kb/categories", NULL, 200, 200, 200 },
  { "POST", "/api/v1/kb/categories", "{\"name\": \"New {S}\"}", 403, 403, 201 },
  { "PATCH", "/api/v1/kb/categories/{C}", "{\"version\": 1, \"name\": \"Renamed {S}\"}", 403, 403, 200 },
  { "DELETE", "/api/v1/kb/categories/{E}", NULL, 403, 403, 204 },
  { "GET", "/api/v1/kb/home", NULL, 200, 200, 200 },
  { "GET", "/api/v1/kb/search?q=Target", NULL, 200, 200, 200 },
  { "GET", "/api/v1/kb/items?mine=1", NULL, 200, 200, 200 },
  { "POST", "/api/v1/kb/items", "{\"question\": \"Q {S}\", \"answer\": \"A\"}", 201, 201, 201 },
  { "GET", "/api/v1/kb/items/{K}", NULL, 200, 200, 200 },
  { "POST", "/api/v1/kb/items/{K}/review", "{\"decision\": \"approve\"}", 403, 200, 200 },
  { "POST", "/api/v1/kb/items/{K}/attachments?name=a.txt", "{}", 201, 403, 403 },
  { "GET", "/api/v1/kb/attachments/{A}", NULL, 200, 200, 200 },
  { "GET", "/api/v1/kb/history", NULL, 200, 200, 200 },
  { "POST", "/api/v1/kb/history", "{\"item_id\": {L}}", 204, 204, 204 },
  { "GET", "/api/v1/search?q=Target", NULL, 200, 200, 200 },
};

static guint
make_kb_records (Fixture        *fixture,
                 guint           round,
                 ApiPlaceholder *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Target category %u", round);
  g_autofree char *empty_name = g_strdup_printf ("Target empty %u", round);
  WccStoreKbCategory category = { .name = name };
  WccStoreKbCategory empty = { .name = empty_name };
  gint64 category_id = wcc_store_kb_category_create (fixture->store, fixture->demo, &category, &error);
  gint64 empty_id = wcc_store_kb_category_create (fixture->store, fixture->demo, &empty, &error);
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  char *keywords[] = { (char *) "Target", NULL };
  WccStoreKbItem item = { .question = (char *) "Target question", .answer = (char *) "Target answer",
                          .keywords = keywords, .category_ids = categories };
  gint64 pending, live, attachment;
  g_autofree char *dir = knowledge_dir (fixture);
  g_autofree char *file = NULL;

  g_array_append_val (categories, category_id);
  pending = wcc_store_kb_item_create (fixture->store, fixture->demo, fixture->api.agent_id, &item, &error);
  live = wcc_store_kb_item_create (fixture->store, fixture->demo, fixture->api.agent_id, &item, &error);
  attachment = wcc_store_kb_attachment_add (fixture->store, fixture->demo, live, "Target.txt", "text/plain", 6,
                                            fixture->api.agent_id, &error);
  g_assert_true (wcc_store_kb_item_review (fixture->store, fixture->demo, live, fixture->api.leader_id, TRUE, NULL, 0,
                                           &error));
  g_assert_no_error (error);
  file = g_strdup_printf ("%s/%" G_GINT64_FORMAT, dir, attachment);
  g_assert_true (g_file_set_contents (file, "Target", 6, &error));
  out[0] = (ApiPlaceholder) { "{K}", pending };
  out[1] = (ApiPlaceholder) { "{L}", live };
  out[2] = (ApiPlaceholder) { "{C}", category_id };
  out[3] = (ApiPlaceholder) { "{E}", empty_id };
  out[4] = (ApiPlaceholder) { "{A}", attachment };
  return 5;
}

static void
check_kb_unchanged (Fixture              *fixture,
                    const ApiPlaceholder *records,
                    guint                 n_records,
                    ApiResponse          *response)
{
  g_autoptr(WccStoreKbItem) pending = wcc_store_kb_item_find (fixture->store, fixture->demo,
                                                              record_of (records, n_records, "{K}"));
  g_autoptr(WccStoreKbItem) live = wcc_store_kb_item_find (fixture->store, fixture->demo,
                                                           record_of (records, n_records, "{L}"));
  g_autoptr(WccStoreKbCategory) category = wcc_store_kb_category_find (fixture->store, fixture->demo,
                                                                       record_of (records, n_records, "{C}"));
  g_autoptr(WccStoreKbCategory) empty = wcc_store_kb_category_find (fixture->store, fixture->demo,
                                                                    record_of (records, n_records, "{E}"));

  g_assert_cmpint (pending->state, ==, WCC_REVIEW_PENDING);
  g_assert_cmpuint (pending->attachments->len, ==, 0);
  g_assert_cmpint (live->opened, ==, 0);
  g_assert_true (g_str_has_prefix (category->name, "Target category"));
  g_assert_nonnull (empty);
}

static void
test_role_matrix (Fixture *fixture, gconstpointer data)
{
  run_role_matrix (fixture, kb_endpoints, G_N_ELEMENTS (kb_endpoints), make_kb_records);
}

static void
test_tenant_isolation (Fixture *fixture, gconstpointer data)
{
  run_tenant_isolation (fixture, kb_endpoints, G_N_ELEMENTS (kb_endpoints), make_kb_records, check_kb_unchanged);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (240);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/knowledge/review-flow", test_review_flow);
  ADD ("/knowledge/bad-input", test_bad_input);
  ADD ("/knowledge/expiry", test_expiry);
  ADD ("/knowledge/search-cjk", test_search_cjk);
  ADD ("/knowledge/history", test_history);
  ADD ("/knowledge/attachments", test_attachments);
  ADD ("/knowledge/quick-search", test_quick_search);
  ADD ("/knowledge/categories", test_categories);
  ADD ("/knowledge/roles/matrix", test_role_matrix);
  ADD ("/knowledge/tenants/isolation", test_tenant_isolation);
  return g_test_run ();
}
