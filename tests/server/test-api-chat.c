/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-chat.c: chat (S14) and leader push messages (S15) over real HTTP and the real
 * event stream: group chat membership follows group membership; direct messages stay
 * between their two users and their client; history paging; unread counts; a message sent
 * twice is stored and delivered once; presence; fixed push messages reach members who log
 * in later until cleared; temporary ones reach only members online then; roles and tenants. */
#include "wcc-http-private.h"
#include "wcc-test-customers.h"
#include "wcc-test-util.h"

static gint64
sales_chat (Fixture *fixture)
{
  gint64 id = wcc_store_chat_group_conversation (fixture->store, fixture->demo, fixture->sales);

  g_assert_cmpint (id, >, 0);
  return id;
}

/* POSTs a message; returns its id. */
static gint64
post_message (Fixture    *fixture,
              gint64      conversation_id,
              const char *token,
              const char *text,
              const char *client_msg_id,
              guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", conversation_id);
  g_autofree char *body = client_msg_id
    ? g_strdup_printf ("{\"text\": \"%s\", \"client_msg_id\": \"%s\"}", text, client_msg_id)
    : g_strdup_printf ("{\"text\": \"%s\"}", text);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", path, token, body, status);

  return status < 300 ? json_object_get_int_member (r->json, "id") : 0;
}

/* The item with @id of the list GET @path answers, or NULL (owned). */
static JsonObject *
find_item (Fixture    *fixture,
           const char *path,
           const char *token,
           gint64      id)
{
  g_autoptr(ApiResponse) r = expect (fixture, "GET", path, token, NULL, 200);
  JsonArray *items = items_of (r);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_object_get_int_member (item, "id") == id)
        return json_object_ref (item);
    }
  return NULL;
}

/* The caller's conversation @id, or NULL (owned). */
static JsonObject *
find_conversation (Fixture    *fixture,
                   const char *token,
                   gint64      id)
{
  return find_item (fixture, "/api/v1/chat/conversations", token, id);
}

/* Has @stream received an event of @type whose data has "id" (or @member) @value? */
static guint
count_events (ApiStream  *stream,
              const char *type,
              const char *member,
              gint64      value)
{
  guint count = 0;

  for (guint i = 0; i < stream->messages->len; i++)
    {
      JsonObject *message = api_stream_message (stream, i);
      JsonObject *data;

      if (g_strcmp0 (json_object_get_string_member_with_default (message, "type", NULL), type) != 0)
        continue;
      data = json_object_get_object_member (message, "data");
      if (member == NULL || json_object_get_int_member_with_default (data, member, -1) == value)
        count++;
    }
  return count;
}

/* Waits for the chat.message with id @id on @stream; returns its data. */
static JsonObject *
wait_message (ApiStream *stream,
              gint64     id)
{
  for (guint from = 0;;)
    {
      JsonObject *event = api_stream_wait_event (stream, "chat.message", from);
      JsonObject *data = json_object_get_object_member (event, "data");

      if (json_object_get_int_member (data, "id") == id)
        return data;
      for (from = 0; api_stream_message (stream, from) != event; from++)
        ;
      from++;
    }
}

static void
test_group_membership (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", chat);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->t_agent3, "", NULL);
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(ApiResponse) r = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second, direct;

  /* 1003 is in Service, not Sales: no Sales chat, 404 on it. */
  g_assert_null (find_conversation (fixture, fixture->t_agent3, chat));
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "GET", path, fixture->t_agent3, NULL, 404);
  post_message (fixture, chat, fixture->t_agent3, "not a member", NULL, 404);
  /* The Sales members have it; the leader leads it. */
  seen = find_conversation (fixture, fixture->leader, chat);
  g_assert_nonnull (seen);
  g_assert_cmpstr (json_object_get_string_member (seen, "kind"), ==, "group");
  g_assert_cmpstr (json_object_get_string_member (seen, "title"), ==, "Sales");
  g_assert_true (json_object_get_boolean_member (seen, "leader"));
  g_clear_pointer (&seen, json_object_unref);
  seen = find_conversation (fixture, fixture->agent, chat);
  g_assert_false (json_object_get_boolean_member (seen, "leader"));
  g_clear_pointer (&seen, json_object_unref);

  /* Added to Sales: 1003 gains the chat, its history and its messages live. */
  g_assert_true (wcc_store_group_add_member (fixture->store, fixture->demo, fixture->sales, fixture->agent3, FALSE,
                                             &error));
  seen = find_conversation (fixture, fixture->t_agent3, chat);
  g_assert_nonnull (seen);
  first = post_message (fixture, chat, fixture->leader, "Welcome to Sales", NULL, 201);
  g_assert_cmpstr (json_object_get_string_member (wait_message (stream, first), "text"), ==, "Welcome to Sales");
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "GET", path, fixture->t_agent3, NULL, 200);
  g_assert_true (id_in (items_of (r), first));

  /* Removed: the chat is gone for 1003, and its messages no longer come. */
  g_assert_true (wcc_store_group_remove_member (fixture->store, fixture->demo, fixture->sales, fixture->agent3, &error));
  g_assert_false (wcc_store_group_remove_member (fixture->store, fixture->demo, fixture->sales, fixture->agent3, &error));
  g_assert_error (error, WCC_ERROR, WCC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (find_conversation (fixture, fixture->t_agent3, chat));
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "GET", path, fixture->t_agent3, NULL, 404);
  second = post_message (fixture, chat, fixture->leader, "Sales only now", NULL, 201);
  /* A direct message after it is delivered to 1003: the group's was not. */
  g_clear_pointer (&r, api_response_free);
  {
    g_autofree char *body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->agent3);
    r = expect (fixture, "POST", "/api/v1/chat/direct", fixture->leader, body, 200);
  }
  direct = post_message (fixture, json_object_get_int_member (r->json, "id"), fixture->leader, "Hello 1003", NULL, 201);
  wait_message (stream, direct);
  g_assert_cmpuint (count_events (stream, "chat.message", "id", second), ==, 0);
  api_stream_close (stream);
}

static void
test_direct_message_stays_inside (Fixture *fixture, gconstpointer data)
{
  ApiStream *stream = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);
  g_autofree char *body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
  g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/chat/direct", fixture->agent, body, 200);
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(ApiResponse) other = NULL;
  g_autoptr(JsonObject) seen = NULL;
  gint64 direct = json_object_get_int_member (r->json, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", direct);
  const char *outsiders[] = { fixture->t_agent3, fixture->admin, fixture->t_acme, fixture->t_acme_admin };
  gint64 message;

  g_assert_cmpstr (json_object_get_string_member (r->json, "kind"), ==, "direct");
  g_assert_cmpint (json_object_get_int_member (r->json, "user_id"), ==, fixture->agent2);
  /* The same pair is the same conversation, from either side. */
  g_free (body);
  body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->api.agent_id);
  again = expect (fixture, "POST", "/api/v1/chat/direct", fixture->t_agent2, body, 200);
  g_assert_cmpint (json_object_get_int_member (again->json, "id"), ==, direct);
  g_assert_cmpint (json_object_get_int_member (again->json, "user_id"), ==, fixture->api.agent_id);

  message = post_message (fixture, direct, fixture->agent, "Secret lunch plan", NULL, 201);
  g_assert_cmpint (json_object_get_int_member (wait_message (stream, message), "sender_id"), ==, fixture->api.agent_id);
  seen = find_conversation (fixture, fixture->t_agent2, direct);
  g_assert_cmpint (json_object_get_int_member (seen, "unread"), ==, 1);

  /* Nobody else sees it: a colleague of the client, its admin, another client. */
  for (guint i = 0; i < G_N_ELEMENTS (outsiders); i++)
    {
      g_autoptr(ApiResponse) search = expect (fixture, "GET", "/api/v1/chat/search?q=lunch", outsiders[i], NULL, 200);
      g_autoptr(JsonObject) listed = find_conversation (fixture, outsiders[i], direct);

      g_clear_pointer (&other, api_response_free);
      other = expect (fixture, "GET", path, outsiders[i], NULL, 404);
      post_message (fixture, direct, outsiders[i], "butting in", NULL, 404);
      g_assert_null (listed);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (search->json, "messages")), ==, 0);
    }
  /* Another client's users are nobody to talk to. */
  g_free (body);
  body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
  g_clear_pointer (&other, api_response_free);
  other = expect (fixture, "POST", "/api/v1/chat/direct", fixture->t_acme, body, 404);
  g_clear_pointer (&other, api_response_free);
  other = expect (fixture, "POST", "/api/v1/chat/direct", fixture->t_agent2, "{\"user_id\": 999999}", 404);
  /* Oneself neither. */
  g_free (body);
  body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
  g_clear_pointer (&other, api_response_free);
  other = expect (fixture, "POST", "/api/v1/chat/direct", fixture->t_agent2, body, 400);
  /* The two of them find it. */
  g_clear_pointer (&other, api_response_free);
  other = expect (fixture, "GET", "/api/v1/chat/search?q=LUNCH", fixture->t_agent2, NULL, 200);
  g_assert_true (id_in (json_object_get_array_member (other->json, "messages"), message));
  api_stream_close (stream);
}

static void
test_history_paging (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  gint64 ids[25];
  guint seen = 0;
  g_autofree char *next = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      ids[i] = post_message (fixture, chat, i % 2 ? fixture->agent : fixture->leader, text, NULL, 201);
    }
  /* Newest first, 10 a page, each once, to the first. */
  do
    {
      g_autofree char *path = next
        ? g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages?limit=10&after=%s", chat, next)
        : g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages?limit=10", chat);
      g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 200);
      JsonArray *items = items_of (r);
      JsonNode *next_node = json_object_get_member (r->json, "next");

      g_assert_cmpuint (json_array_get_length (items), ==, MIN (10, G_N_ELEMENTS (ids) - seen));
      for (guint i = 0; i < json_array_get_length (items); i++, seen++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "id"), ==,
                         ids[G_N_ELEMENTS (ids) - 1 - seen]);
      g_clear_pointer (&next, g_free);
      if (!JSON_NODE_HOLDS_NULL (next_node))
        next = g_strdup (json_node_get_string (next_node));
    }
  while (next != NULL);
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (ids));
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages?limit=500", chat);
    g_autoptr(ApiResponse) r = expect (fixture, "GET", path, fixture->t_agent2, NULL, 400);
  }
}

static gint64
unread_of (Fixture    *fixture,
           const char *token,
           gint64      chat)
{
  g_autoptr(JsonObject) conversation = find_conversation (fixture, token, chat);

  g_assert_nonnull (conversation);
  return json_object_get_int_member (conversation, "unread");
}

static void
test_unread_and_mark_read (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  g_autofree char *read_path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/read", chat);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  g_autoptr(ApiResponse) r = NULL;
  gint64 first;

  first = post_message (fixture, chat, fixture->leader, "one", NULL, 201);
  post_message (fixture, chat, fixture->leader, "two", NULL, 201);
  post_message (fixture, chat, fixture->leader, "three", NULL, 201);
  g_assert_cmpint (unread_of (fixture, fixture->agent, chat), ==, 3);
  g_assert_cmpint (unread_of (fixture, fixture->t_agent2, chat), ==, 3);
  /* One's own messages are not unread. */
  g_assert_cmpint (unread_of (fixture, fixture->leader, chat), ==, 0);

  /* Up to the first: two left; never back. */
  {
    g_autofree char *body = g_strdup_printf ("{\"message_id\": %" G_GINT64_FORMAT "}", first);
    r = expect (fixture, "POST", read_path, fixture->agent, body, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "unread"), ==, 2);
  }
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", read_path, fixture->agent, "{}", 200);
  g_assert_cmpint (json_object_get_int_member (r->json, "unread"), ==, 0);
  {
    g_autofree char *body = g_strdup_printf ("{\"message_id\": %" G_GINT64_FORMAT "}", first);
    g_clear_pointer (&r, api_response_free);
    r = expect (fixture, "POST", read_path, fixture->agent, body, 200);
    g_assert_cmpint (json_object_get_int_member (r->json, "unread"), ==, 0);
  }
  /* The reader's streams hear it (their other windows). */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     api_stream_wait_event (stream, "chat.read", 0), "data"), "unread"), ==, 2);
  g_assert_cmpint (unread_of (fixture, fixture->t_agent2, chat), ==, 3);
  /* Sending reads what came before. */
  post_message (fixture, chat, fixture->t_agent2, "four", NULL, 201);
  g_assert_cmpint (unread_of (fixture, fixture->agent, chat), ==, 1);
  g_assert_cmpint (unread_of (fixture, fixture->t_agent2, chat), ==, 0);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", read_path, fixture->agent, "{\"message_id\": \"x\"}", 400);
  /* An id past the newest reads up to the newest only: the next message is unread again. */
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", read_path, fixture->agent, "{\"message_id\": 9000000000000000000}", 200);
  g_assert_cmpint (json_object_get_int_member (r->json, "unread"), ==, 0);
  post_message (fixture, chat, fixture->leader, "five", NULL, 201);
  g_assert_cmpint (unread_of (fixture, fixture->agent, chat), ==, 1);
  api_stream_close (stream);
}

static void
test_idempotent_resend (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/messages", chat);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);
  g_autoptr(ApiResponse) list = NULL;
  gint64 first, again, after;
  guint count = 0;

  /* The outbox sends again with the same client message id: stored once, delivered once. */
  first = post_message (fixture, chat, fixture->agent, "only once", "c-1", 201);
  again = post_message (fixture, chat, fixture->agent, "only once", "c-1", 200);
  g_assert_cmpint (again, ==, first);
  /* The same id from someone else is their own message. */
  g_assert_cmpint (post_message (fixture, chat, fixture->leader, "mine", "c-1", 201), !=, first);
  /* An id of another conversation's message: 409. */
  {
    g_autofree char *body = g_strdup_printf ("{\"user_id\": %" G_GINT64_FORMAT "}", fixture->agent2);
    g_autoptr(ApiResponse) r = expect (fixture, "POST", "/api/v1/chat/direct", fixture->agent, body, 200);
    post_message (fixture, json_object_get_int_member (r->json, "id"), fixture->agent, "only once", "c-1", 409);
  }
  /* With an Idempotency-Key (the outbox's) too. */
  expect_retried_once (fixture, "POST", path, fixture->agent, "{\"text\": \"keyed\"}", "key-1", 201);
  after = post_message (fixture, chat, fixture->agent, "after", NULL, 201);
  wait_message (stream, after);
  g_assert_cmpuint (count_events (stream, "chat.message", "id", first), ==, 1);
  list = expect (fixture, "GET", path, fixture->agent, NULL, 200);
  for (guint i = 0; i < json_array_get_length (items_of (list)); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items_of (list), i), "text"), "keyed"))
      count++;
  g_assert_cmpuint (count, ==, 1);
  /* Bad input. */
  post_message (fixture, chat, fixture->agent, "  ", NULL, 400);
  {
    g_autoptr(ApiResponse) r = expect (fixture, "POST", path, fixture->agent, "{\"text\": \"x\", \"extra\": 1}", 400);
    g_autoptr(GString) long_text = g_string_new ("{\"text\": \"");
    g_autoptr(ApiResponse) too_long = NULL;

    for (guint i = 0; i < 2001; i++)
      g_string_append_c (long_text, 'a');
    g_string_append (long_text, "\"}");
    too_long = expect (fixture, "POST", path, fixture->agent, long_text->str, 400);
  }
  api_stream_close (stream);
}

static JsonObject *
chat_user (Fixture    *fixture,
           const char *token,
           gint64      user_id)
{
  return find_item (fixture, "/api/v1/chat/users", token, user_id);
}

/* The presence.changed of @user_id going @online on @stream. */
static JsonObject *
wait_presence (ApiStream *stream,
               gint64     user_id,
               gboolean   online)
{
  for (guint count = 1;; count++)
    {
      JsonObject *message, *data;

      api_stream_wait_messages (stream, count);
      message = api_stream_message (stream, count - 1);
      if (g_strcmp0 (json_object_get_string_member_with_default (message, "type", NULL), "presence.changed") != 0)
        continue;
      data = json_object_get_object_member (message, "data");
      if (json_object_get_int_member (data, "user_id") == user_id &&
          json_object_get_boolean_member (data, "online") == online)
        return message;
    }
}

static void
test_presence_and_people (Fixture *fixture, gconstpointer data)
{
  ApiStream *watcher = api_stream_open (&fixture->api, fixture->leader, "?presence=1", NULL);
  ApiStream *stream = NULL;
  g_autoptr(JsonObject) user = chat_user (fixture, fixture->leader, fixture->agent2);
  g_autoptr(ApiResponse) r = NULL;
  JsonObject *event;

  g_assert_false (json_object_get_boolean_member (user, "online"));
  g_assert_cmpstr (json_object_get_string_member (user, "agent_state"), ==, "offline");
  g_assert_null (chat_user (fixture, fixture->leader, fixture->api.leader_id));   /* not oneself */
  g_assert_null (chat_user (fixture, fixture->leader, fixture->api.acme_agent_id));

  stream = api_stream_open (&fixture->api, fixture->t_agent2, "", NULL);
  /* The watcher hears its own user come online first, then 1002. */
  event = wait_presence (watcher, fixture->agent2, TRUE);
  g_assert_false (json_object_has_member (event, "seq"));
  g_clear_pointer (&user, json_object_unref);
  user = chat_user (fixture, fixture->leader, fixture->agent2);
  g_assert_true (json_object_get_boolean_member (user, "online"));

  api_stream_close (stream);
  wait_presence (watcher, fixture->agent2, FALSE);
  g_clear_pointer (&user, json_object_unref);
  user = chat_user (fixture, fixture->leader, fixture->agent2);
  g_assert_false (json_object_get_boolean_member (user, "online"));

  /* People by name or employee ID; bad queries. */
  r = expect (fixture, "GET", "/api/v1/chat/search?q=1002", fixture->leader, NULL, 200);
  g_assert_true (id_in (json_object_get_array_member (r->json, "people"), fixture->agent2));
  g_assert_false (id_in (json_object_get_array_member (r->json, "people"), fixture->agent3));
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "GET", "/api/v1/chat/search?q=%20", fixture->leader, NULL, 400);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "GET", "/api/v1/chat/search", fixture->leader, NULL, 400);
  api_stream_close (watcher);
}

static gboolean
push_listed (Fixture    *fixture,
             const char *token,
             const char *text)
{
  g_autoptr(ApiResponse) r = expect (fixture, "GET", "/api/v1/chat/push", token, NULL, 200);
  JsonArray *items = items_of (r);

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "text"), text))
      return TRUE;
  return FALSE;
}

static void
test_fixed_push_until_cleared (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/push", chat);
  ApiStream *stream = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  g_autoptr(ApiResponse) r = NULL;
  g_autofree char *later = NULL;
  JsonObject *event;

  /* Members who do not lead the group cannot; nor the admin, who is no member. */
  r = expect (fixture, "POST", path, fixture->agent, "{\"kind\": \"fixed\", \"text\": \"x\"}", 403);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->admin, "{\"kind\": \"fixed\", \"text\": \"x\"}", 404);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"sticky\", \"text\": \"x\"}", 400);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"fixed\", \"text\": \"x\", \"duration\": 5}", 400);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"fixed\", \"text\": \"\"}", 400);

  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"fixed\", \"text\": \"Team meeting at 5\"}", 201);
  g_assert_cmpstr (json_object_get_string_member (r->json, "kind"), ==, "fixed");
  event = api_stream_wait_event (stream, "chat.push", 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "data"), "text"), ==,
                   "Team meeting at 5");

  /* 1002 logs in afterwards and sees it; 1003 (Service) does not. */
  later = api_login (&fixture->api, "1002@demo", TEST_PASSWORD);
  g_assert_true (push_listed (fixture, later, "Team meeting at 5"));
  g_assert_false (push_listed (fixture, fixture->t_agent3, "Team meeting at 5"));
  g_assert_false (push_listed (fixture, fixture->t_acme, "Team meeting at 5"));

  /* Only a leader clears it; then it is gone for everyone, live too. */
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "DELETE", path, fixture->agent, NULL, 403);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "DELETE", path, fixture->leader, NULL, 204);
  event = api_stream_wait_event (stream, "chat.push_cleared", 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "data"), "group_id"), ==,
                   fixture->sales);
  g_assert_false (push_listed (fixture, later, "Team meeting at 5"));
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "DELETE", path, fixture->leader, NULL, 404);
  api_stream_close (stream);
}

static void
test_temporary_push_online_only (Fixture *fixture, gconstpointer data)
{
  gint64 chat = sales_chat (fixture);
  g_autofree char *path = g_strdup_printf ("/api/v1/chat/conversations/%" G_GINT64_FORMAT "/push", chat);
  ApiStream *online = api_stream_open (&fixture->api, fixture->agent, "", NULL);
  ApiStream *late = NULL;
  g_autoptr(ApiResponse) r = NULL;
  g_autofree char *query = NULL;
  JsonObject *event, *push;
  gint64 marker;

  api_stream_wait_messages (online, 1);
  query = g_strdup_printf ("?after=0&epoch=%s",
                           json_object_get_string_member (api_stream_message (online, 0), "epoch"));
  /* 1001 is online, 1002 is not (and the leader sending it has no stream). */
  r = expect (fixture, "POST", path, fixture->leader,
              "{\"kind\": \"temporary\", \"text\": \"Coffee is here\", \"duration\": 2}", 202);
  g_assert_cmpint (json_object_get_int_member (r->json, "delivered_to"), ==, 1);
  event = api_stream_wait_event (online, "chat.push", 0);
  push = json_object_get_object_member (event, "data");
  g_assert_cmpstr (json_object_get_string_member (push, "kind"), ==, "temporary");
  g_assert_cmpint (json_object_get_int_member (push, "duration"), ==, 2);
  /* The default time is 30 s. */
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"temporary\", \"text\": \"Default\"}", 202);
  g_assert_cmpint (json_object_get_int_member (r->json, "duration"), ==, 30);
  g_clear_pointer (&r, api_response_free);
  r = expect (fixture, "POST", path, fixture->leader, "{\"kind\": \"temporary\", \"text\": \"x\", \"duration\": 0}", 400);

  /* 1002 connects afterwards, even asking for everything since seq 0: it never comes, and
   * it is kept nowhere. */
  late = api_stream_open (&fixture->api, fixture->t_agent2, query, NULL);
  g_assert_false (push_listed (fixture, fixture->t_agent2, "Coffee is here"));
  marker = post_message (fixture, chat, fixture->leader, "marker", NULL, 201);
  wait_message (late, marker);
  g_assert_cmpuint (count_events (late, "chat.push", NULL, 0), ==, 0);
  api_stream_close (late);
  api_stream_close (online);
}

/* Roles and tenants */

static const ApiEndpoint endpoints[] = {
  { "GET", "/api/v1/chat/users", NULL, 200, 200, 200 },
  { "GET", "/api/v1/chat/conversations", NULL, 200, 200, 200 },
  { "POST", "/api/v1/chat/direct", "{\"user_id\": {U}}", 200, 200, 200 },
  { "GET", "/api/v1/chat/conversations/{G}/messages", NULL, 200, 200, 404 },
  { "POST", "/api/v1/chat/conversations/{G}/messages", "{\"text\": \"T-{S}\"}", 201, 201, 404 },
  { "POST", "/api/v1/chat/conversations/{G}/read", "{}", 200, 200, 404 },
  { "POST", "/api/v1/chat/conversations/{G}/push", "{\"kind\": \"temporary\", \"text\": \"T-{S}\"}", 403, 202, 404 },
  { "DELETE", "/api/v1/chat/conversations/{G}/push", NULL, 403, 204, 404 },
  { "GET", "/api/v1/chat/search?q=Target", NULL, 200, 200, 200 },
  { "GET", "/api/v1/chat/push", NULL, 200, 200, 200 },
};

static guint
make_records (Fixture        *fixture,
              guint           round,
              ApiPlaceholder *out)
{
  g_autoptr(WccStoreChatMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 chat = sales_chat (fixture);
  gboolean replayed;

  g_assert_true (wcc_store_chat_push_set (fixture->store, fixture->demo, fixture->sales, fixture->api.leader_id,
                                          "Target push", &error));
  message = wcc_store_chat_message_create (fixture->store, chat, fixture->api.leader_id, NULL, "Target message",
                                           &replayed, &error);
  g_assert_no_error (error);
  out[0] = (ApiPlaceholder) { "{G}", chat };
  out[1] = (ApiPlaceholder) { "{U}", fixture->agent2 };
  return 2;
}

static void
check_unchanged (Fixture              *fixture,
                 const ApiPlaceholder *records,
                 guint                 n_records,
                 ApiResponse          *response)
{
  g_autoptr(WccStoreChatPush) push = wcc_store_chat_push_find (fixture->store, fixture->demo, fixture->sales);
  g_autoptr(GPtrArray) messages = wcc_store_chat_message_list (fixture->store, record_of (records, n_records, "{G}"),
                                                               0, 1);

  g_assert_nonnull (push);
  g_assert_cmpstr (((WccStoreChatMessage *) g_ptr_array_index (messages, 0))->text, ==, "Target message");
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  wcc_test_guard_timeout (120);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/chat/group-membership-follows-groups", test_group_membership);
  ADD ("/chat/direct-message-stays-inside", test_direct_message_stays_inside);
  ADD ("/chat/history-paging", test_history_paging);
  ADD ("/chat/unread-and-mark-read", test_unread_and_mark_read);
  ADD ("/chat/idempotent-resend", test_idempotent_resend);
  ADD ("/chat/presence-and-people", test_presence_and_people);
  ADD ("/chat/push/fixed-until-cleared", test_fixed_push_until_cleared);
  ADD ("/chat/push/temporary-online-only", test_temporary_push_online_only);
  ADD ("/chat/roles/matrix", test_role_matrix);
  ADD ("/chat/tenants/isolation", test_tenant_isolation);
#undef ADD
  return g_test_run ();
}
