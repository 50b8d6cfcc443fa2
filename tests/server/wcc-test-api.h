/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-api.h: an in-process wcc-server on a loopback port and a real HTTP client for it. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-common.h"
#include "wcc-server.h"

G_BEGIN_DECLS

#define TEST_PASSWORD "correct-horse-7"

typedef struct {
  char        *data_dir;
  WccServer   *server;
  WccStore    *store;
  char        *base_url;
  SoupSession *session;
  gint64       demo_client_id;
  gint64       acme_client_id;
  gint64       agent_id;       /* 1001@demo */
  gint64       leader_id;      /* 2001@demo */
  gint64       acme_agent_id;  /* 1001@acme */
} ApiFixture;

typedef struct {
  guint       status;
  GBytes     *body;
  JsonObject *json;            /* when the body is a JSON object */
  char       *content_type;
  SoupMessageHeaders *headers;
} ApiResponse;

void         api_response_free   (ApiResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApiResponse, api_response_free)

/* Starts a server with two clients: demo (1001 agent, 2001 leader of "Sales", admin)
 * and acme (1001 agent); every password is TEST_PASSWORD. @config_text: extra key file. */
void         api_fixture_setup   (ApiFixture   *fixture,
                                  const char   *config_text);
void         api_fixture_teardown (ApiFixture  *fixture);

ApiResponse *api_request         (ApiFixture   *fixture,
                                  const char   *method,
                                  const char   *path,
                                  const char   *token,
                                  const char   *content_type,
                                  gconstpointer body,
                                  gsize         length);
/* With extra request headers: NULL-terminated name, value pairs. */
ApiResponse *api_request_full    (ApiFixture   *fixture,
                                  const char   *method,
                                  const char   *path,
                                  const char   *token,
                                  const char   *content_type,
                                  gconstpointer body,
                                  gsize         length,
                                  const char * const *headers);
ApiResponse *api_json            (ApiFixture   *fixture,
                                  const char   *method,
                                  const char   *path,
                                  const char   *token,
                                  const char   *json);
/* Logs in (asserting success) and returns the token. */
char        *api_login           (ApiFixture   *fixture,
                                  const char   *account,
                                  const char   *password);
const char  *api_error_code      (ApiResponse  *response);

/* The event stream (a WebSocket), with every message it received. */
typedef struct {
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;   /* of JsonObject */
  gboolean                 closed;
  gushort                  close_code;
} ApiStream;

/* Opens the stream; @query like "?after=3&epoch=E" or "". NULL and *@out_status on refusal. */
ApiStream   *api_stream_open     (ApiFixture   *fixture,
                                  const char   *token,
                                  const char   *query,
                                  guint        *out_status);
/* Waits (10 s at most, then fails) until @count messages arrived. */
void         api_stream_wait_messages (ApiStream *stream,
                                  guint         count);
JsonObject  *api_stream_message  (ApiStream    *stream,
                                  guint         index);
/* The first message of @type at index @from or later, waiting for it. */
JsonObject  *api_stream_wait_event (ApiStream  *stream,
                                  const char   *type,
                                  guint         from);
void         api_stream_close    (ApiStream    *stream);

G_END_DECLS
