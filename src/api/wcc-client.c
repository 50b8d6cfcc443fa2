/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-client.c: typed asynchronous calls to the wcc-server HTTP API. */
#define G_LOG_DOMAIN "wcc-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-client.h"
#include "wcc-error.h"
#include "wcc-group.h"
#include "wcc-json.h"
#include "wcc-time.h"

/* An HTTP exchange that takes longer than this is treated as a dead server. */
#define REQUEST_TIMEOUT_SECONDS 20

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_USER,
  PROP_PENDING_CHALLENGE_ID,
  PROP_PENDING_CHALLENGE_URL,
  PROP_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccClient
{
  GObject      parent_instance;

  char        *base_url;
  SoupSession *session;
  char        *token;
  WccUser     *user;
  char        *pending_challenge_id;
  char        *pending_challenge_url;
  guint        retry_after;
};

G_DEFINE_FINAL_TYPE (WccClient, wcc_client, G_TYPE_OBJECT)

/* Turns a successful response body into the call's result (NULL + @error on failure). */
typedef gpointer (*WccResponseParser) (WccClient  *self,
                                       GBytes     *body,
                                       GError    **error);

typedef struct {
  SoupMessage       *message;
  WccResponseParser  parse;
  GDestroyNotify     result_free;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_free (request);
}

static void
set_string_property (WccClient   *self,
                     char       **field,
                     const char  *value,
                     guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static JsonObject *
parse_body_object (GBytes  *body,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  JsonObject *object = wcc_json_parse_object (data, size, &local_error);

  if (object == NULL)
    g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                 _("The server sent an unexpected reply: %s"), local_error->message);
  return object;
}

/* The server's error body {"error": {"code", "message", …}} as a GError; remembers a
 * challenge or a lock time for the caller. */
static GError *
error_from_response (WccClient   *self,
                     SoupMessage *message,
                     GBytes      *body,
                     gboolean     is_login)
{
  g_autoptr(JsonObject) root = parse_body_object (body, NULL);
  JsonObject *error_object = NULL;
  JsonObject *challenge = NULL;
  const char *code_name;
  const char *text;
  WccErrorCode code;

  if (root != NULL && json_object_has_member (root, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    error_object = json_object_get_object_member (root, "error");

  if (error_object == NULL)
    return g_error_new (WCC_ERROR, WCC_ERROR_PROTOCOL,
                        _("The server answered %u %s"),
                        soup_message_get_status (message),
                        soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");

  code_name = json_object_get_string_member_with_default (error_object, "code", "internal");
  text = json_object_get_string_member_with_default (error_object, "message", code_name);
  code = wcc_error_code_from_string (code_name);

  if (json_object_has_member (error_object, "challenge") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (error_object, "challenge")))
    challenge = json_object_get_object_member (error_object, "challenge");
  /* A login answer says whether the next try needs a challenge (even with
   * invalid_credentials); no challenge in it means none is pending any more. */
  if (challenge != NULL || is_login)
    {
      set_string_property (self, &self->pending_challenge_id,
                           challenge ? json_object_get_string_member_with_default (challenge, "id", NULL) : NULL,
                           PROP_PENDING_CHALLENGE_ID);
      set_string_property (self, &self->pending_challenge_url,
                           challenge ? json_object_get_string_member_with_default (challenge, "image_url", NULL) : NULL,
                           PROP_PENDING_CHALLENGE_URL);
    }
  if (code == WCC_ERROR_ACCOUNT_LOCKED)
    {
      self->retry_after = (guint) CLAMP (json_object_get_int_member_with_default (error_object, "retry_after", 0),
                                         0, G_MAXUINT);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AFTER]);
    }
  return g_error_new_literal (WCC_ERROR, code, text);
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, WCC_ERROR, WCC_ERROR_UNREACHABLE,
                                 _("Could not reach the server at %s: %s"),
                                 self->base_url, error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, error_from_response (self, request->message, body,
                                                      g_task_get_source_tag (task) == wcc_client_login_async));
      return;
    }

  value = request->parse (self, body, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, request->result_free);
}

static void
start_request (WccClient           *self,
               const char          *method,
               const char          *path,
               GBytes              *body,
               const char          *content_type,
               WccResponseParser    parse,
               GDestroyNotify       result_free,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = wcc_client_build_url (self, path);
  SoupMessageHeaders *headers;
  Request *request;

  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->parse = parse;
  request->result_free = result_free;
  request->message = soup_message_new (method, url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, WCC_ERROR, WCC_ERROR_UNREACHABLE,
                               _("“%s” is not a valid server address"), self->base_url);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->message, content_type, body);

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_request_done, g_steal_pointer (&task));
}

static GBytes *
json_body (JsonObject *object)
{
  char *text = wcc_json_object_to_string (object);

  return g_bytes_new_take (text, strlen (text));
}

static gpointer
parse_bytes (WccClient  *self,
             GBytes     *body,
             GError    **error)
{
  return g_bytes_ref (body);
}

/* A User answer about the logged-in user: refresh the shared WccUser so bindings follow. */
static gpointer
parse_own_user (WccClient  *self,
                GBytes     *body,
                GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  g_autoptr(WccUser) user = NULL;

  if (object == NULL)
    return NULL;
  if (self->user != NULL &&
      json_object_get_int_member_with_default (object, "id", 0) == wcc_user_get_id (self->user))
    {
      if (!wcc_user_update_from_json (self->user, object, error))
        return NULL;
      return g_object_ref (self->user);
    }
  user = wcc_user_new_from_json (object, error);
  if (user == NULL)
    return NULL;
  g_set_object (&self->user, user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  return g_steal_pointer (&user);
}

static gpointer
parse_login (WccClient  *self,
             GBytes     *body,
             GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  g_autoptr(WccUser) user = NULL;
  const char *token;

  if (object == NULL)
    return NULL;
  token = json_object_get_string_member_with_default (object, "token", NULL);
  if (token == NULL || !json_object_has_member (object, "user") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "user")))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                   _("The server’s login answer has no token or user"));
      return NULL;
    }
  user = wcc_user_new_from_json (json_object_get_object_member (object, "user"), error);
  if (user == NULL)
    return NULL;

  g_object_freeze_notify (G_OBJECT (self));
  set_string_property (self, &self->token, token, PROP_TOKEN);
  set_string_property (self, &self->pending_challenge_id, NULL, PROP_PENDING_CHALLENGE_ID);
  set_string_property (self, &self->pending_challenge_url, NULL, PROP_PENDING_CHALLENGE_URL);
  g_set_object (&self->user, user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  g_object_thaw_notify (G_OBJECT (self));
  return g_steal_pointer (&user);
}

static gpointer
parse_logout (WccClient  *self,
              GBytes     *body,
              GError    **error)
{
  set_string_property (self, &self->token, NULL, PROP_TOKEN);
  return GINT_TO_POINTER (TRUE);
}

/* The "items" array of a list answer (borrowed from @object); @missing is the error text. */
static JsonArray *
get_items (JsonObject  *object,
           const char  *missing,
           GError     **error)
{
  JsonNode *items = json_object_get_member (object, "items");

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_PROTOCOL, missing);
      return NULL;
    }
  return json_node_get_array (items);
}

static gpointer
parse_groups (WccClient  *self,
              GBytes     *body,
              GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  g_autoptr(GListStore) groups = NULL;
  JsonArray *array = object ? get_items (object, _("The server’s group list has no items"), error) : NULL;

  if (array == NULL)
    return NULL;
  groups = g_list_store_new (WCC_TYPE_GROUP);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(WccGroup) group = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      group = wcc_group_new_from_json (json_node_get_object (element));
      g_list_store_append (groups, group);
    }
  return g_steal_pointer (&groups);
}

/* What every *_finish of a pointer result does. */
static gpointer
propagate_pointer (WccClient     *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
wcc_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WccClient *self = WCC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL: g_value_set_string (value, self->base_url); break;
    case PROP_TOKEN: g_value_set_string (value, self->token); break;
    case PROP_USER: g_value_set_object (value, self->user); break;
    case PROP_PENDING_CHALLENGE_ID: g_value_set_string (value, self->pending_challenge_id); break;
    case PROP_PENDING_CHALLENGE_URL: g_value_set_string (value, self->pending_challenge_url); break;
    case PROP_RETRY_AFTER: g_value_set_uint (value, self->retry_after); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WccClient *self = WCC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        g_autofree char *with_scheme = NULL;

        url = url ? url : "";
        while (g_ascii_isspace (*url))
          url++;
        with_scheme = strstr (url, "://") ? g_strdup (url) : g_strconcat ("http://", url, NULL);
        g_strchomp (with_scheme);
        while (g_str_has_suffix (with_scheme, "/"))
          with_scheme[strlen (with_scheme) - 1] = '\0';
        self->base_url = g_steal_pointer (&with_scheme);
      }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_client_dispose (GObject *object)
{
  WccClient *self = WCC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (wcc_client_parent_class)->dispose (object);
}

static void
wcc_client_finalize (GObject *object)
{
  WccClient *self = WCC_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->pending_challenge_id, g_free);
  g_clear_pointer (&self->pending_challenge_url, g_free);

  G_OBJECT_CLASS (wcc_client_parent_class)->finalize (object);
}

static void
wcc_client_class_init (WccClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_client_get_property;
  object_class->set_property = wcc_client_set_property;
  object_class->dispose = wcc_client_dispose;
  object_class->finalize = wcc_client_finalize;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, read_flags);
  properties[PROP_USER] = g_param_spec_object ("user", NULL, NULL, WCC_TYPE_USER, read_flags);
  properties[PROP_PENDING_CHALLENGE_ID] =
    g_param_spec_string ("pending-challenge-id", NULL, NULL, NULL, read_flags);
  properties[PROP_PENDING_CHALLENGE_URL] =
    g_param_spec_string ("pending-challenge-url", NULL, NULL, NULL, read_flags);
  properties[PROP_RETRY_AFTER] =
    g_param_spec_uint ("retry-after", NULL, NULL, 0, G_MAXUINT, 0, read_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_client_init (WccClient *self)
{
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                 "user-agent", "wcc-agent/" PACKAGE_VERSION,
                                                 NULL);
}

WccClient *
wcc_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (WCC_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
wcc_client_get_base_url (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->base_url;
}

SoupSession *
wcc_client_get_session (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->session;
}

const char *
wcc_client_get_token (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->token;
}

WccUser *
wcc_client_get_user (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->user;
}

const char *
wcc_client_get_pending_challenge_id (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->pending_challenge_id;
}

const char *
wcc_client_get_pending_challenge_url (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  return self->pending_challenge_url;
}

guint
wcc_client_get_retry_after (WccClient *self)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), 0);
  return self->retry_after;
}

char *
wcc_client_build_url (WccClient  *self,
                      const char *path)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "http://") || g_str_has_prefix (path, "https://"))
    return g_strdup (path);
  return g_strconcat (self->base_url, path[0] == '/' ? "" : "/", path, NULL);
}

void
wcc_client_login_async (WccClient           *self,
                        const char          *account,
                        const char          *password,
                        const char          *challenge_id,
                        const char          *challenge_answer,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (account != NULL);
  g_return_if_fail (password != NULL);

  json_object_set_string_member (object, "account", account);
  json_object_set_string_member (object, "password", password);
  if (challenge_id != NULL && challenge_answer != NULL)
    {
      json_object_set_string_member (object, "challenge_id", challenge_id);
      json_object_set_string_member (object, "challenge_answer", challenge_answer);
    }
  body = json_body (object);
  start_request (self, "POST", "/api/v1/login", body, "application/json",
                 parse_login, g_object_unref, wcc_client_login_async,
                 cancellable, callback, user_data);
}

WccUser *
wcc_client_login_finish (WccClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_logout_async (WccClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "POST", "/api/v1/logout", NULL, NULL,
                 parse_logout, NULL, wcc_client_logout_async,
                 cancellable, callback, user_data);
}

gboolean
wcc_client_logout_finish (WccClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

void
wcc_client_get_me_async (WccClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "GET", "/api/v1/me", NULL, NULL,
                 parse_own_user, g_object_unref, wcc_client_get_me_async,
                 cancellable, callback, user_data);
}

WccUser *
wcc_client_get_me_finish (WccClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_update_me_async (WccClient           *self,
                            const char          *surname,
                            const char          *given_name,
                            const char          *password,
                            const char          *current_password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (password == NULL || current_password != NULL);

  if (surname != NULL)
    json_object_set_string_member (object, "surname", surname);
  if (given_name != NULL)
    json_object_set_string_member (object, "given_name", given_name);
  if (password != NULL)
    {
      json_object_set_string_member (object, "password", password);
      json_object_set_string_member (object, "current_password", current_password);
    }
  body = json_body (object);
  start_request (self, "PATCH", "/api/v1/me", body, "application/json",
                 parse_own_user, g_object_unref, wcc_client_update_me_async,
                 cancellable, callback, user_data);
}

WccUser *
wcc_client_update_me_finish (WccClient     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_set_avatar_async (WccClient           *self,
                             GBytes              *jpeg,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (jpeg != NULL);

  start_request (self, "PUT", "/api/v1/me/avatar", jpeg, "image/jpeg",
                 parse_own_user, g_object_unref, wcc_client_set_avatar_async,
                 cancellable, callback, user_data);
}

WccUser *
wcc_client_set_avatar_finish (WccClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_delete_avatar_async (WccClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "DELETE", "/api/v1/me/avatar", NULL, NULL,
                 parse_own_user, g_object_unref, wcc_client_delete_avatar_async,
                 cancellable, callback, user_data);
}

WccUser *
wcc_client_delete_avatar_finish (WccClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_fetch_challenge_image_async (WccClient           *self,
                                        const char          *challenge_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));

  if (challenge_id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (challenge_id, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/login/challenges/%s", escaped);
    }
  else if (self->pending_challenge_url != NULL)
    path = g_strdup (self->pending_challenge_url);
  else if (self->pending_challenge_id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->pending_challenge_id, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/login/challenges/%s", escaped);
    }
  else
    {
      g_task_report_new_error (self, callback, user_data, wcc_client_fetch_challenge_image_async,
                               WCC_ERROR, WCC_ERROR_NOT_FOUND,
                               _("There is no pending challenge"));
      return;
    }
  start_request (self, "GET", path, NULL, NULL,
                 parse_bytes, (GDestroyNotify) g_bytes_unref,
                 wcc_client_fetch_challenge_image_async,
                 cancellable, callback, user_data);
}

GBytes *
wcc_client_fetch_challenge_image_finish (WccClient     *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return propagate_pointer (self, result, error);
}

static gpointer
parse_new_challenge (WccClient  *self,
                     GBytes     *body,
                     GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  JsonObject *challenge;

  if (object == NULL)
    return NULL;
  if (!json_object_has_member (object, "challenge") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "challenge")))
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL, _("The server sent no challenge"));
      return NULL;
    }
  challenge = json_object_get_object_member (object, "challenge");
  set_string_property (self, &self->pending_challenge_id,
                       json_object_get_string_member_with_default (challenge, "id", NULL),
                       PROP_PENDING_CHALLENGE_ID);
  set_string_property (self, &self->pending_challenge_url,
                       json_object_get_string_member_with_default (challenge, "image_url", NULL),
                       PROP_PENDING_CHALLENGE_URL);
  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_pause_reasons (WccClient  *self,
                     GBytes     *body,
                     GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  g_autoptr(GPtrArray) reasons = NULL;
  JsonArray *array = object ? get_items (object, _("The server’s list of pause reasons has no items"), error) : NULL;

  if (array == NULL)
    return NULL;
  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_pause_reason_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      WccPauseReason *reason;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      if (json_object_get_int_member_with_default (item, "id", 0) <= 0 ||
          json_object_get_string_member_with_default (item, "label", NULL) == NULL)
        continue;
      reason = g_new0 (WccPauseReason, 1);
      reason->id = json_object_get_int_member (item, "id");
      reason->label = g_strdup (json_object_get_string_member (item, "label"));
      reason->position = (int) json_object_get_int_member_with_default (item, "position", 0);
      reason->automatic = json_object_get_boolean_member_with_default (item, "automatic", FALSE);
      g_ptr_array_add (reasons, reason);
    }
  return g_steal_pointer (&reasons);
}

void
wcc_client_new_challenge_async (WccClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "POST", "/api/v1/login/challenges", NULL, NULL,
                 parse_new_challenge, NULL, wcc_client_new_challenge_async,
                 cancellable, callback, user_data);
}

gboolean
wcc_client_new_challenge_finish (WccClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (WCC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

void
wcc_client_fetch_avatar_async (WccClient           *self,
                               WccUser             *user,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const char *url;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (WCC_IS_USER (user));

  url = wcc_user_get_avatar_url (user);
  if (url == NULL)
    {
      g_task_report_new_error (self, callback, user_data, wcc_client_fetch_avatar_async,
                               WCC_ERROR, WCC_ERROR_NOT_FOUND,
                               _("This user has no picture"));
      return;
    }
  start_request (self, "GET", url, NULL, NULL,
                 parse_bytes, (GDestroyNotify) g_bytes_unref, wcc_client_fetch_avatar_async,
                 cancellable, callback, user_data);
}

GBytes *
wcc_client_fetch_avatar_finish (WccClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_list_groups_async (WccClient           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "GET", "/api/v1/groups", NULL, NULL,
                 parse_groups, g_object_unref, wcc_client_list_groups_async,
                 cancellable, callback, user_data);
}

GListModel *
wcc_client_list_groups_finish (WccClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_pause_reason_free (WccPauseReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->label);
  g_free (reason);
}

void
wcc_client_list_pause_reasons_async (WccClient           *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "GET", "/api/v1/pause-reasons", NULL, NULL,
                 parse_pause_reasons, (GDestroyNotify) g_ptr_array_unref,
                 wcc_client_list_pause_reasons_async, cancellable, callback, user_data);
}

GPtrArray *
wcc_client_list_pause_reasons_finish (WccClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return propagate_pointer (self, result, error);
}

/* ---- the softphone's SIP account ------------------------------------------------------- */

void
wcc_sip_account_free (WccSipAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  g_free (account->domain);
  if (account->password != NULL)
    {
      /* A password of the session: leave nothing of it in freed memory. */
      memset (account->password, 0, strlen (account->password));
      g_free (account->password);
    }
  g_free (account->registrar);
  g_free (account->registrar_tls);
  g_free (account);
}

static gpointer
parse_sip_account (WccClient  *self,
                   GBytes     *body,
                   GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  g_autoptr(WccSipAccount) account = NULL;
  const char *expires;

  if (object == NULL)
    return NULL;
  account = g_new0 (WccSipAccount, 1);
  account->username = g_strdup (json_object_get_string_member_with_default (object, "username", NULL));
  account->domain = g_strdup (json_object_get_string_member_with_default (object, "domain", NULL));
  account->password = g_strdup (json_object_get_string_member_with_default (object, "password", NULL));
  account->registrar = g_strdup (json_object_get_string_member_with_default (object, "registrar", NULL));
  account->registrar_tls = g_strdup (json_object_get_string_member_with_default (object, "registrar_tls", NULL));
  expires = json_object_get_string_member_with_default (object, "expires_at", NULL);
  if (expires != NULL)
    wcc_time_from_rfc3339 (expires, &account->expires_at);
  if (account->username == NULL || account->domain == NULL || account->password == NULL ||
      account->registrar == NULL)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                   _("The server’s SIP account has no user, domain, password or registrar"));
      return NULL;
    }
  return g_steal_pointer (&account);
}

void
wcc_client_get_sip_account_async (WccClient           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));

  start_request (self, "POST", "/api/v1/me/sip-account", NULL, NULL,
                 parse_sip_account, (GDestroyNotify) wcc_sip_account_free,
                 wcc_client_get_sip_account_async, cancellable, callback, user_data);
}

WccSipAccount *
wcc_client_get_sip_account_finish (WccClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_pointer (self, result, error);
}

/* ---- the caller of a ringing call ------------------------------------------------------ */

void
wcc_caller_free (WccCaller *caller)
{
  if (caller == NULL)
    return;
  g_free (caller->label);
  g_free (caller->name);
  g_free (caller->company);
  g_strfreev (caller->pinned_notes);
  g_strfreev (caller->warnings);
  g_strfreev (caller->open_tickets);
  g_free (caller);
}

static gboolean
is_latin (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static gpointer
parse_first_customer (WccClient  *self,
                      GBytes     *body,
                      GError    **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  JsonArray *items = object ? get_items (object, _("The server’s customer list has no items"), error) : NULL;
  JsonObject *customer;
  WccCaller *caller;
  const char *surname, *given_name, *last_contact;

  if (items == NULL)
    return NULL;
  if (json_array_get_length (items) == 0 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_NOT_FOUND, _("No customer has this number"));
      return NULL;
    }
  customer = json_array_get_object_element (items, 0);
  caller = g_new0 (WccCaller, 1);
  caller->n_matches = json_array_get_length (items);
  caller->customer_id = json_object_get_int_member_with_default (customer, "id", 0);
  caller->label = g_strdup (json_object_get_string_member_with_default (customer, "tab_label", ""));
  caller->company = g_strdup (json_object_get_string_member_with_default (customer, "company", ""));
  surname = json_object_get_string_member_with_default (customer, "surname", "");
  given_name = json_object_get_string_member_with_default (customer, "given_name", "");
  /* As the server's tab label: a space only between Latin names. */
  caller->name = g_strjoin (*surname && *given_name && is_latin (surname) && is_latin (given_name) ? " " : "",
                            surname, given_name, NULL);
  last_contact = json_object_get_string_member_with_default (customer, "last_contact_at", NULL);
  if (last_contact != NULL)
    wcc_time_from_rfc3339 (last_contact, &caller->last_contact_at);
  return caller;
}

/* The @member texts of a list's items, of those whose "kind" is @kind only (NULL: every
 * item). */
static GStrv
item_texts (GBytes      *body,
            const char  *member,
            const char  *kind,
            GError     **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  JsonArray *items = object ? get_items (object, _("The server’s list has no items"), error) : NULL;
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      if (kind == NULL || g_strcmp0 (json_object_get_string_member_with_default (item, "kind", NULL), kind) == 0)
        g_strv_builder_add (texts, json_object_get_string_member_with_default (item, member, ""));
    }
  return g_strv_builder_end (texts);
}

static gpointer
parse_pinned_notes (WccClient  *self,
                    GBytes     *body,
                    GError    **error)
{
  return item_texts (body, "text", "pinned", error);
}

static gpointer
parse_all_notes (WccClient  *self,
                 GBytes     *body,
                 GError    **error)
{
  return item_texts (body, "text", NULL, error);
}

static gpointer
parse_ticket_titles (WccClient  *self,
                     GBytes     *body,
                     GError    **error)
{
  return item_texts (body, "title", NULL, error);
}

static void on_caller_notes (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_caller_warnings (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_caller_tickets (GObject *source, GAsyncResult *result, gpointer user_data);

/* The lookup's steps are requests of their own; each finishes the outer task on error. */
static void
on_caller_found (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccClient *self = WCC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  WccCaller *caller = g_task_propagate_pointer (G_TASK (result), &error);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (caller == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, caller, (GDestroyNotify) wcc_caller_free);
  /* Pinned notes come first in the list: the first page has them. */
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes?limit=50", caller->customer_id);
  start_request (self, "GET", path, NULL, NULL, parse_pinned_notes, (GDestroyNotify) g_strfreev,
                 on_caller_found, cancellable, on_caller_notes, g_steal_pointer (&task));
}

static void
on_caller_notes (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccClient *self = WCC_CLIENT (source);
  WccCaller *caller = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  caller->pinned_notes = g_task_propagate_pointer (G_TASK (result), &error);
  if (caller->pinned_notes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/warnings?limit=50", caller->customer_id);
  start_request (self, "GET", path, NULL, NULL, parse_all_notes, (GDestroyNotify) g_strfreev,
                 on_caller_notes, cancellable, on_caller_warnings, g_steal_pointer (&task));
}

static void
on_caller_warnings (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccCaller *caller = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;

  caller->warnings = g_task_propagate_pointer (G_TASK (result), &error);
  if (caller->warnings == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/tickets?open=1&limit=20", caller->customer_id);
  cancellable = g_task_get_cancellable (task);
  start_request (WCC_CLIENT (source), "GET", path, NULL, NULL, parse_ticket_titles, (GDestroyNotify) g_strfreev,
                 on_caller_warnings, cancellable, on_caller_tickets, g_steal_pointer (&task));
}

static void
on_caller_tickets (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WccCaller *caller = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  caller->open_tickets = g_task_propagate_pointer (G_TASK (result), &error);
  if (caller->open_tickets == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The task data goes with the task: hand the caller over, and leave it an empty one. */
  g_task_return_pointer (task, g_memdup2 (caller, sizeof *caller), (GDestroyNotify) wcc_caller_free);
  memset (caller, 0, sizeof *caller);
}

void
wcc_client_lookup_caller_async (WccClient           *self,
                                const char          *number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (number != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_client_lookup_caller_async);
  escaped = g_uri_escape_string (number, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/customers/by-phone?number=%s", escaped);
  start_request (self, "GET", path, NULL, NULL, parse_first_customer, (GDestroyNotify) wcc_caller_free,
                 wcc_client_lookup_caller_async, cancellable, on_caller_found, g_steal_pointer (&task));
}

WccCaller *
wcc_client_lookup_caller_finish (WccClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate_pointer (self, result, error);
}

static gpointer
parse_object (WccClient  *self,
              GBytes     *body,
              GError    **error)
{
  return parse_body_object (body, error);
}

void
wcc_client_get_object_async (WccClient           *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  start_request (self, "GET", path, NULL, NULL, parse_object, (GDestroyNotify) json_object_unref,
                 wcc_client_get_object_async, cancellable, callback, user_data);
}

JsonObject *
wcc_client_get_object_finish (WccClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return propagate_pointer (self, result, error);
}

/* ---- every page of a cursor list ---- */

typedef struct {
  char      *path;
  JsonArray *items;
} AllItems;

static void
all_items_free (AllItems *all)
{
  g_free (all->path);
  json_array_unref (all->items);
  g_free (all);
}

static void read_page (GTask *task, const char *after);

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AllItems *all = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  JsonArray *items;
  const char *next;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  items = json_object_get_array_member (answer, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    json_array_add_element (all->items, json_node_copy (json_array_get_element (items, i)));
  next = json_object_get_string_member_with_default (answer, "next", NULL);
  if (next != NULL && *next != '\0')
    read_page (g_steal_pointer (&task), next);
  else
    g_task_return_pointer (task, json_array_ref (all->items), (GDestroyNotify) json_array_unref);
}

static void
read_page (GTask      *task,
           const char *after)
{
  AllItems *all = g_task_get_task_data (task);
  g_autofree char *escaped = after ? g_uri_escape_string (after, NULL, FALSE) : NULL;
  g_autofree char *path = NULL;

  if (after == NULL)
    path = g_strdup (all->path);
  else
    path = g_strdup_printf ("%s%cafter=%s", all->path, strchr (all->path, '?') ? '&' : '?', escaped);
  wcc_client_get_object_async (g_task_get_source_object (task), path, g_task_get_cancellable (task),
                               on_page, task);
}

void
wcc_client_get_all_items_async (WccClient           *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  AllItems *all;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_client_get_all_items_async);
  all = g_new0 (AllItems, 1);
  all->path = g_strdup (path);
  all->items = json_array_new ();
  g_task_set_task_data (task, all, (GDestroyNotify) all_items_free);
  read_page (task, NULL);
}

JsonArray *
wcc_client_get_all_items_finish (WccClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_object_or_empty (WccClient  *self,
                       GBytes     *body,
                       GError    **error)
{
  if (body == NULL || g_bytes_get_size (body) == 0)
    return json_object_new ();
  return parse_body_object (body, error);
}

void
wcc_client_send_now_async (WccClient           *self,
                              const char          *method,
                              const char          *path,
                              JsonObject          *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body != NULL);

  bytes = json_body (body);
  start_request (self, method, path, bytes, "application/json", parse_object_or_empty,
                 (GDestroyNotify) json_object_unref, wcc_client_send_now_async, cancellable, callback, user_data);
}

JsonObject *
wcc_client_send_now_finish (WccClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_send_bytes_async (WccClient           *self,
                             const char          *method,
                             const char          *path,
                             GBytes              *bytes,
                             const char          *content_type,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (bytes != NULL && content_type != NULL);

  start_request (self, method, path, bytes, content_type, parse_object, (GDestroyNotify) json_object_unref,
                 wcc_client_send_bytes_async, cancellable, callback, user_data);
}

void
wcc_client_fetch_recording_async (WccClient           *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && g_str_has_prefix (path, "/api/v1/"));

  start_request (self, "GET", path, NULL, NULL,
                 parse_bytes, (GDestroyNotify) g_bytes_unref, wcc_client_fetch_recording_async,
                 cancellable, callback, user_data);
}

GBytes *
wcc_client_fetch_recording_finish (WccClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate_pointer (self, result, error);
}

void
wcc_client_upload_recording_async (WccClient           *self,
                                   gint64               call_id,
                                   GBytes              *ogg,
                                   guint                duration,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (call_id > 0);
  g_return_if_fail (ogg != NULL);

  path = g_strdup_printf ("/api/v1/calls/%" G_GINT64_FORMAT "/recording?duration=%u", call_id, duration);
  start_request (self, "PUT", path, ogg, "audio/ogg", parse_object, (GDestroyNotify) json_object_unref,
                 wcc_client_upload_recording_async, cancellable, callback, user_data);
}

JsonObject *
wcc_client_upload_recording_finish (WccClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return propagate_pointer (self, result, error);
}

/* ---- Knowledge base (S10–S12) ---- */

static char *
query_path (const char *prefix,
            const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);

  return g_strconcat (prefix, escaped, NULL);
}

void
wcc_client_kb_search_async (WccClient           *self,
                            const char          *query,
                            gint64               category_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (query != NULL);

  path = query_path ("/api/v1/kb/search?q=", query);
  if (category_id > 0)
    {
      char *with_category = g_strdup_printf ("%s&category=%" G_GINT64_FORMAT, path, category_id);

      g_free (path);
      path = with_category;
    }
  wcc_client_get_object_async (self, path, cancellable, callback, user_data);
}

void
wcc_client_quick_search_async (WccClient           *self,
                               const char          *query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (query != NULL);

  path = query_path ("/api/v1/search?q=", query);
  wcc_client_get_object_async (self, path, cancellable, callback, user_data);
}

void
wcc_client_kb_record_opened_async (WccClient           *self,
                                   gint64               item_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (WCC_IS_CLIENT (self));

  json_object_set_int_member (body, "item_id", item_id);
  bytes = json_body (body);
  start_request (self, "POST", "/api/v1/kb/history", bytes, "application/json", parse_bytes,
                 (GDestroyNotify) g_bytes_unref, wcc_client_kb_record_opened_async, cancellable, callback, user_data);
}

gboolean
wcc_client_kb_record_opened_finish (WccClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_autoptr(GBytes) body = propagate_pointer (self, result, error);

  return body != NULL;
}

void
wcc_client_fetch_bytes_async (WccClient           *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && g_str_has_prefix (path, "/api/v1/"));

  start_request (self, "GET", path, NULL, NULL, parse_bytes, (GDestroyNotify) g_bytes_unref,
                 wcc_client_fetch_bytes_async, cancellable, callback, user_data);
}

GBytes *
wcc_client_fetch_bytes_finish (WccClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return propagate_pointer (self, result, error);
}

/* A submission: the files read first, then the item, then each file. */
typedef struct {
  JsonObject *item;          /* what to send */
  GPtrArray  *files;         /* of GFile */
  GPtrArray  *contents;      /* of GBytes, parallel */
  guint       next;
  gint64      item_id;
} Submission;

static void
submission_free (Submission *submission)
{
  json_object_unref (submission->item);
  g_ptr_array_unref (submission->files);
  g_ptr_array_unref (submission->contents);
  g_free (submission);
}

static void submission_read_next (GTask *task);
static void submission_upload_next (GTask *task);

static void
on_submission_item_read (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (item == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&item), (GDestroyNotify) json_object_unref);
}

static void
on_submission_uploaded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  submission_upload_next (g_steal_pointer (&task));
}

static void
submission_upload_next (GTask *task)
{
  WccClient *self = g_task_get_source_object (task);
  Submission *submission = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime = NULL;
  GFile *file;
  GBytes *bytes;

  if (submission->next >= submission->files->len)
    {
      g_autofree char *item_path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, submission->item_id);

      wcc_client_get_object_async (self, item_path, g_task_get_cancellable (task), on_submission_item_read, task);
      return;
    }
  file = g_ptr_array_index (submission->files, submission->next);
  bytes = g_ptr_array_index (submission->contents, submission->next);
  submission->next++;
  name = g_file_get_basename (file);
  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/attachments?name=%s", submission->item_id, escaped);
  content_type = g_content_type_guess (name, g_bytes_get_data (bytes, NULL), MIN (g_bytes_get_size (bytes), 4096),
                                       NULL);
  mime = g_content_type_get_mime_type (content_type);
  start_request (self, "POST", path, bytes, mime != NULL ? mime : "application/octet-stream", parse_object,
                 (GDestroyNotify) json_object_unref, submission_upload_next, g_task_get_cancellable (task),
                 on_submission_uploaded, task);
}

static void
on_submission_created (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Submission *submission = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = g_task_propagate_pointer (G_TASK (result), &error);

  if (item == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  submission->item_id = json_object_get_int_member_with_default (item, "id", 0);
  if (submission->item_id <= 0)
    {
      g_task_return_new_error (task, WCC_ERROR, WCC_ERROR_PROTOCOL, _("The server’s answer has no id"));
      return;
    }
  submission_upload_next (g_steal_pointer (&task));
}

static void
on_submission_file_read (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Submission *submission = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (bytes) > WCC_KB_ATTACHMENT_MAX_BYTES)
    {
      /* TRANSLATORS: %s is a file name; 16 MiB is the limit of one file. */
      g_task_return_new_error (task, WCC_ERROR, WCC_ERROR_PAYLOAD_TOO_LARGE, _("“%s” is larger than 16 MiB"), name);
      return;
    }
  g_ptr_array_add (submission->contents, g_steal_pointer (&bytes));
  submission_read_next (g_steal_pointer (&task));
}

static void
submission_read_next (GTask *task)
{
  WccClient *self = g_task_get_source_object (task);
  Submission *submission = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;

  if (submission->contents->len < submission->files->len)
    {
      g_file_load_bytes_async (g_ptr_array_index (submission->files, submission->contents->len),
                               g_task_get_cancellable (task), on_submission_file_read, task);
      return;
    }
  body = json_body (submission->item);
  start_request (self, "POST", "/api/v1/kb/items", body, "application/json", parse_object,
                 (GDestroyNotify) json_object_unref, submission_read_next, g_task_get_cancellable (task),
                 on_submission_created, task);
}

void
wcc_client_kb_submit_async (WccClient           *self,
                            JsonObject          *item,
                            GPtrArray           *files,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Submission *submission;

  g_return_if_fail (WCC_IS_CLIENT (self));
  g_return_if_fail (item != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wcc_client_kb_submit_async);
  submission = g_new0 (Submission, 1);
  submission->item = json_object_ref (item);
  submission->files = files != NULL ? g_ptr_array_ref (files) : g_ptr_array_new ();
  submission->contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_task_set_task_data (task, submission, (GDestroyNotify) submission_free);
  submission_read_next (task);
}

JsonObject *
wcc_client_kb_submit_finish (WccClient     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return propagate_pointer (self, result, error);
}
