/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-http-server.c: the JSON API and the event stream over libsoup, on the main loop. */
#define G_LOG_DOMAIN "wcc-http"

#include <glib/gi18n-lib.h>

#include "config.h"
#include "wcc-http-private.h"
#include "wcc-password.h"

/* Password checks in flight: each takes 64 MiB and ~0.1 s of a core. */
#define LOGINS_PER_ADDRESS 4
#define LOGINS_IN_ALL      32

struct _WccHttpServer
{
  GObject      parent_instance;
  SoupServer  *soup;
  WccStore    *store;
  WccEventHub *hub;
  WccServerAcd *acd;
  WccSmsGateway *sms_gateway;
  guint        session_lifetime;
  gboolean     https;
  char        *sip_uri;            /* "sip:HOST:PORT" of the registrar, NULL: no SIP */
  char        *sips_uri;
  char        *recordings_dir;     /* NULL: recordings are not kept */
  char        *knowledge_dir;      /* NULL: knowledge attachments are not kept */
  GHashTable  *logins_by_address;  /* address → count of password checks in flight */
  guint        logins_in_all;
  WccSipServer *sip;               /* issue 9 supervise: live calls' supervision; NULL: none */
};

G_DEFINE_FINAL_TYPE (WccHttpServer, wcc_http_server, G_TYPE_OBJECT)

typedef enum {
  ROUTE_PUBLIC,
  ROUTE_LOGGED_IN,
  ROUTE_LOGGED_IN_NO_REPLAY,   /* logged in; the answer holds a secret, never kept for a
                                * retry with the same Idempotency-Key */
} RouteAccess;

typedef struct {
  const char      *method;
  const char      *pattern;   /* below /api/v1/; ":id" is a number, ":key" any segment */
  RouteAccess      access;
  gsize            max_body;  /* 0: WCC_HTTP_MAX_JSON_BODY */
  WccRouteHandler  handler;
} Route;

static void health (WccRequest *request);

static const Route routes[] = {
  { "GET", "health", ROUTE_PUBLIC, 0, health },
  { "POST", "login", ROUTE_PUBLIC, 0, wcc_api_login },
  { "POST", "login/challenges", ROUTE_PUBLIC, 0, wcc_api_login_challenge_new },
  { "GET", "login/challenges/:key", ROUTE_PUBLIC, 0, wcc_api_login_challenge_image },
  { "POST", "logout", ROUTE_LOGGED_IN, 0, wcc_api_logout },
  { "GET", "me", ROUTE_LOGGED_IN, 0, wcc_api_me_get },
  { "PATCH", "me", ROUTE_LOGGED_IN, 0, wcc_api_me_patch },
  { "PUT", "me/avatar", ROUTE_LOGGED_IN, WCC_AVATAR_MAX_BYTES, wcc_api_me_avatar_put },
  { "DELETE", "me/avatar", ROUTE_LOGGED_IN, 0, wcc_api_me_avatar_delete },
  { "POST", "me/sip-account", ROUTE_LOGGED_IN_NO_REPLAY, 0, wcc_api_me_sip_account_post },
  { "GET", "users", ROUTE_LOGGED_IN, 0, wcc_api_users_list },
  { "GET", "users/:id", ROUTE_LOGGED_IN, 0, wcc_api_user_get },
  { "GET", "users/:id/avatar", ROUTE_LOGGED_IN, 0, wcc_api_user_avatar_get },
  { "GET", "groups", ROUTE_LOGGED_IN, 0, wcc_api_groups_list },
  { "GET", "events", ROUTE_LOGGED_IN, 0, wcc_api_events_check },
  { "GET", "agent/state", ROUTE_LOGGED_IN, 0, wcc_api_agent_state_get },
  { "PUT", "agent/state", ROUTE_LOGGED_IN, 0, wcc_api_agent_state_put },
  { "GET", "agent/groups", ROUTE_LOGGED_IN, 0, wcc_api_agent_groups_get },
  { "PUT", "agent/groups", ROUTE_LOGGED_IN, 0, wcc_api_agent_groups_put },
  { "GET", "queues", ROUTE_LOGGED_IN, 0, wcc_api_queues_list },
  { "GET", "pause-reasons", ROUTE_LOGGED_IN, 0, wcc_api_pause_reasons_list },
  { "GET", "calls", ROUTE_LOGGED_IN, 0, wcc_api_calls_list },
  { "GET", "calls/:id", ROUTE_LOGGED_IN, 0, wcc_api_call_get },
  { "PATCH", "calls/:id", ROUTE_LOGGED_IN, 0, wcc_api_call_patch },
  { "PUT", "calls/:id/recording", ROUTE_LOGGED_IN, WCC_RECORDING_MAX_BYTES, wcc_api_call_recording_put },
  { "GET", "calls/:id/recording", ROUTE_LOGGED_IN, 0, wcc_api_call_recording_get },
  { "GET", "packages", ROUTE_LOGGED_IN, 0, wcc_api_packages_list },
  { "POST", "packages", ROUTE_LOGGED_IN, 0, wcc_api_package_create },
  { "GET", "packages/:id", ROUTE_LOGGED_IN, 0, wcc_api_package_get },
  { "PATCH", "packages/:id", ROUTE_LOGGED_IN, 0, wcc_api_package_patch },
  { "DELETE", "packages/:id", ROUTE_LOGGED_IN, 0, wcc_api_package_delete },
  { "GET", "tasks", ROUTE_LOGGED_IN, 0, wcc_api_tasks_list },
  { "POST", "tasks", ROUTE_LOGGED_IN, 0, wcc_api_task_create },
  { "GET", "tasks/:id", ROUTE_LOGGED_IN, 0, wcc_api_task_get },
  { "PATCH", "tasks/:id", ROUTE_LOGGED_IN, 0, wcc_api_task_patch },
  { "DELETE", "tasks/:id", ROUTE_LOGGED_IN, 0, wcc_api_task_delete },
  { "GET", "tasks/:id/pool", ROUTE_LOGGED_IN, 0, wcc_api_pool_list },
  { "POST", "tasks/:id/pool/grab", ROUTE_LOGGED_IN, 0, wcc_api_pool_grab },
  { "GET", "call-results", ROUTE_LOGGED_IN, 0, wcc_api_call_results_list },
  { "POST", "call-results", ROUTE_LOGGED_IN, 0, wcc_api_call_result_create },
  { "GET", "call-results/:id", ROUTE_LOGGED_IN, 0, wcc_api_call_result_get },
  { "PATCH", "call-results/:id", ROUTE_LOGGED_IN, 0, wcc_api_call_result_patch },
  { "DELETE", "call-results/:id", ROUTE_LOGGED_IN, 0, wcc_api_call_result_delete },
  { "GET", "customer-tags", ROUTE_LOGGED_IN, 0, wcc_api_tags_list },
  { "POST", "customer-tags", ROUTE_LOGGED_IN, 0, wcc_api_tag_create },
  { "PATCH", "customer-tags/:id", ROUTE_LOGGED_IN, 0, wcc_api_tag_patch },
  { "DELETE", "customer-tags/:id", ROUTE_LOGGED_IN, 0, wcc_api_tag_delete },
  { "GET", "customers", ROUTE_LOGGED_IN, 0, wcc_api_customers_list },
  { "POST", "customers", ROUTE_LOGGED_IN, 0, wcc_api_customer_create },
  { "GET", "customers/by-phone", ROUTE_LOGGED_IN, 0, wcc_api_customer_by_phone },
  { "POST", "customers/release", ROUTE_LOGGED_IN, 0, wcc_api_customers_release },
  { "POST", "customers/assign", ROUTE_LOGGED_IN, 0, wcc_api_customers_assign },
  { "GET", "customers/:id", ROUTE_LOGGED_IN, 0, wcc_api_customer_get },
  { "PATCH", "customers/:id", ROUTE_LOGGED_IN, 0, wcc_api_customer_patch },
  { "GET", "customers/:id/notes", ROUTE_LOGGED_IN, 0, wcc_api_customer_notes_list },
  { "POST", "customers/:id/notes", ROUTE_LOGGED_IN, 0, wcc_api_customer_note_create },
  { "GET", "customers/:id/contact-records", ROUTE_LOGGED_IN, 0, wcc_api_customer_contact_records_list },
  { "POST", "customers/:id/contact-records", ROUTE_LOGGED_IN, 0, wcc_api_customer_contact_record_create },
  { "GET", "customers/:id/warnings", ROUTE_LOGGED_IN, 0, wcc_api_customer_warnings_list },
  { "PATCH", "notes/:id", ROUTE_LOGGED_IN, 0, wcc_api_note_patch },
  { "DELETE", "notes/:id", ROUTE_LOGGED_IN, 0, wcc_api_note_delete },
  { "POST", "notes/:id/review", ROUTE_LOGGED_IN, 0, wcc_api_note_review },
  /* Tickets (C11, C12, D1, D3): wcc-api-tickets.c */
  { "GET", "ticket-categories", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choices_list },
  { "POST", "ticket-categories", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_create },
  { "PATCH", "ticket-categories/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_patch },
  { "DELETE", "ticket-categories/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_delete },
  { "GET", "ticket-statuses", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choices_list },
  { "POST", "ticket-statuses", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_create },
  { "PATCH", "ticket-statuses/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_patch },
  { "DELETE", "ticket-statuses/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_delete },
  { "GET", "ticket-results", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choices_list },
  { "POST", "ticket-results", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_create },
  { "PATCH", "ticket-results/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_patch },
  { "DELETE", "ticket-results/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_choice_delete },
  { "GET", "customers/:id/tickets", ROUTE_LOGGED_IN, 0, wcc_api_customer_tickets_list },
  { "POST", "customers/:id/tickets", ROUTE_LOGGED_IN, 0, wcc_api_customer_ticket_create },
  { "GET", "tickets/open-count", ROUTE_LOGGED_IN, 0, wcc_api_tickets_open_count },
  { "GET", "tickets/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_get },
  { "PATCH", "tickets/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_patch },
  { "PUT", "tickets/:id/appointment", ROUTE_LOGGED_IN, 0, wcc_api_ticket_appointment_put },
  { "DELETE", "tickets/:id/appointment", ROUTE_LOGGED_IN, 0, wcc_api_ticket_appointment_delete },
  { "GET", "tickets/:id/changes", ROUTE_LOGGED_IN, 0, wcc_api_ticket_changes_list },
  { "GET", "tickets/:id/comments", ROUTE_LOGGED_IN, 0, wcc_api_ticket_comments_list },
  { "POST", "tickets/:id/comments", ROUTE_LOGGED_IN, 0, wcc_api_ticket_comment_create },
  { "DELETE", "ticket-comments/:id", ROUTE_LOGGED_IN, 0, wcc_api_ticket_comment_delete },
  { "GET", "ticket-appointments", ROUTE_LOGGED_IN, 0, wcc_api_ticket_appointments_list },
  { "GET", "product-types", ROUTE_LOGGED_IN, 0, wcc_api_product_types_list },
  { "POST", "product-types", ROUTE_LOGGED_IN, 0, wcc_api_product_type_create },
  { "PATCH", "product-types/:id", ROUTE_LOGGED_IN, 0, wcc_api_product_type_patch },
  { "DELETE", "product-types/:id", ROUTE_LOGGED_IN, 0, wcc_api_product_type_delete },
  { "GET", "customers/:id/orders", ROUTE_LOGGED_IN, 0, wcc_api_customer_orders_list },
  { "POST", "customers/:id/orders", ROUTE_LOGGED_IN, 0, wcc_api_customer_order_create },
  { "PATCH", "orders/:id", ROUTE_LOGGED_IN, 0, wcc_api_order_patch },
  { "DELETE", "orders/:id", ROUTE_LOGGED_IN, 0, wcc_api_order_delete },
  { "GET", "customers/:id/related-contacts", ROUTE_LOGGED_IN, 0, wcc_api_customer_related_contacts_list },
  { "POST", "customers/:id/related-contacts", ROUTE_LOGGED_IN, 0, wcc_api_customer_related_contact_create },
  { "PATCH", "related-contacts/:id", ROUTE_LOGGED_IN, 0, wcc_api_related_contact_patch },
  { "DELETE", "related-contacts/:id", ROUTE_LOGGED_IN, 0, wcc_api_related_contact_delete },
  { "GET", "customers/:id/appointments", ROUTE_LOGGED_IN, 0, wcc_api_customer_appointments_list },
  { "PUT", "customers/:id/appointment", ROUTE_LOGGED_IN, 0, wcc_api_customer_appointment_put },
  { "DELETE", "customers/:id/appointment", ROUTE_LOGGED_IN, 0, wcc_api_customer_appointment_delete },
  { "GET", "appointments", ROUTE_LOGGED_IN, 0, wcc_api_appointments_list },
  { "GET", "customer-appointments", ROUTE_LOGGED_IN, 0, wcc_api_dashboard_customer_appointments },
  { "PATCH", "appointments/:id", ROUTE_LOGGED_IN, 0, wcc_api_appointment_patch },
  { "DELETE", "appointments/:id", ROUTE_LOGGED_IN, 0, wcc_api_appointment_delete },
  { "GET", "customers/:id/sms", ROUTE_LOGGED_IN, 0, wcc_api_customer_sms_list },
  { "POST", "customers/:id/sms", ROUTE_LOGGED_IN, WCC_SMS_MAX_BODY, wcc_api_customer_sms_send },
  /* Dashboard and lists (C22, D5, D6): wcc-api-lists.c; approvals (C6, C9): wcc-api-approvals.c */
  { "GET", "dashboard/tasks", ROUTE_LOGGED_IN, 0, wcc_api_dashboard_tasks },
  { "GET", "dashboard/leaderboard", ROUTE_LOGGED_IN, 0, wcc_api_leaderboard },
  { "GET", "recent-contacts", ROUTE_LOGGED_IN, 0, wcc_api_recent_contacts },
  { "GET", "customers/:id/number-requests", ROUTE_LOGGED_IN, 0, wcc_api_customer_number_requests_list },
  { "POST", "customers/:id/number-requests", ROUTE_LOGGED_IN, 0, wcc_api_customer_number_request_create },
  { "GET", "number-requests/:id", ROUTE_LOGGED_IN, 0, wcc_api_number_request_get },
  { "POST", "number-requests/:id/review", ROUTE_LOGGED_IN, 0, wcc_api_number_request_review },
  { "GET", "approvals", ROUTE_LOGGED_IN, 0, wcc_api_approvals_list },
  { "GET", "tasks/:id/questionnaire", ROUTE_LOGGED_IN, 0, wcc_api_questionnaire_get },
  { "PUT", "tasks/:id/questionnaire", ROUTE_LOGGED_IN, 0, wcc_api_questionnaire_put },
  { "GET", "tasks/:id/questionnaire/answers.csv", ROUTE_LOGGED_IN, 0, wcc_api_questionnaire_answers_csv },
  { "POST", "packages/:id/imports", ROUTE_LOGGED_IN, WCC_IMPORT_MAX_BYTES, wcc_api_import_create },
  { "GET", "imports/:id", ROUTE_LOGGED_IN, 0, wcc_api_import_get },
  { "GET", "customers/export.csv", ROUTE_LOGGED_IN, 0, wcc_api_customers_export_csv },
  /* Notifications (S13), to-dos (D4), announcements (S17): wcc-api-notifications.c */
  { "GET", "notifications", ROUTE_LOGGED_IN, 0, wcc_api_notifications_list },
  { "GET", "notifications/unread-count", ROUTE_LOGGED_IN, 0, wcc_api_notifications_unread_count },
  { "POST", "notifications/read-all", ROUTE_LOGGED_IN, 0, wcc_api_notifications_read_all },
  { "POST", "notifications/:id/read", ROUTE_LOGGED_IN, 0, wcc_api_notification_read },
  { "GET", "todos", ROUTE_LOGGED_IN, 0, wcc_api_todos_list },
  { "POST", "todos", ROUTE_LOGGED_IN, 0, wcc_api_todo_create },
  { "GET", "todos/:id", ROUTE_LOGGED_IN, 0, wcc_api_todo_get },
  { "PATCH", "todos/:id", ROUTE_LOGGED_IN, 0, wcc_api_todo_patch },
  { "DELETE", "todos/:id", ROUTE_LOGGED_IN, 0, wcc_api_todo_delete },
  { "GET", "announcements", ROUTE_LOGGED_IN, 0, wcc_api_announcements_list },
  { "POST", "announcements", ROUTE_LOGGED_IN, 0, wcc_api_announcement_create },
  { "GET", "announcements/published", ROUTE_LOGGED_IN, 0, wcc_api_announcements_published },
  { "GET", "announcements/:id", ROUTE_LOGGED_IN, 0, wcc_api_announcement_get },
  { "POST", "announcements/:id/seen", ROUTE_LOGGED_IN, 0, wcc_api_announcement_seen },
  { "GET", "chat/users", ROUTE_LOGGED_IN, 0, wcc_api_chat_users },
  { "GET", "chat/conversations", ROUTE_LOGGED_IN, 0, wcc_api_chat_conversations_list },
  { "POST", "chat/direct", ROUTE_LOGGED_IN, 0, wcc_api_chat_direct },
  { "GET", "chat/conversations/:id/messages", ROUTE_LOGGED_IN, 0, wcc_api_chat_messages_list },
  { "POST", "chat/conversations/:id/messages", ROUTE_LOGGED_IN, 0, wcc_api_chat_message_create },
  { "POST", "chat/conversations/:id/read", ROUTE_LOGGED_IN, 0, wcc_api_chat_mark_read },
  { "POST", "chat/conversations/:id/push", ROUTE_LOGGED_IN, 0, wcc_api_chat_push_send },
  { "DELETE", "chat/conversations/:id/push", ROUTE_LOGGED_IN, 0, wcc_api_chat_push_clear },
  { "GET", "chat/search", ROUTE_LOGGED_IN, 0, wcc_api_chat_search },
  { "GET", "chat/push", ROUTE_LOGGED_IN, 0, wcc_api_chat_pushes_list },
  /* Knowledge base and quick search (S10–S12): wcc-api-knowledge.c */
  { "GET", "kb/categories", ROUTE_LOGGED_IN, 0, wcc_api_kb_categories_list },
  { "POST", "kb/categories", ROUTE_LOGGED_IN, 0, wcc_api_kb_category_create },
  { "PATCH", "kb/categories/:id", ROUTE_LOGGED_IN, 0, wcc_api_kb_category_patch },
  { "DELETE", "kb/categories/:id", ROUTE_LOGGED_IN, 0, wcc_api_kb_category_delete },
  { "GET", "kb/home", ROUTE_LOGGED_IN, 0, wcc_api_kb_home },
  { "GET", "kb/search", ROUTE_LOGGED_IN, 0, wcc_api_kb_search },
  { "GET", "kb/items", ROUTE_LOGGED_IN, 0, wcc_api_kb_items_list },
  { "POST", "kb/items", ROUTE_LOGGED_IN, 0, wcc_api_kb_item_create },
  { "GET", "kb/items/:id", ROUTE_LOGGED_IN, 0, wcc_api_kb_item_get },
  { "POST", "kb/items/:id/review", ROUTE_LOGGED_IN, 0, wcc_api_kb_item_review },
  { "POST", "kb/items/:id/attachments", ROUTE_LOGGED_IN, WCC_KB_ATTACHMENT_MAX_BYTES, wcc_api_kb_attachment_create },
  { "GET", "kb/attachments/:id", ROUTE_LOGGED_IN, 0, wcc_api_kb_attachment_get },
  { "GET", "kb/history", ROUTE_LOGGED_IN, 0, wcc_api_kb_history_list },
  { "POST", "kb/history", ROUTE_LOGGED_IN, 0, wcc_api_kb_history_add },
  { "GET", "search", ROUTE_LOGGED_IN, 0, wcc_api_quick_search },
  /* issue 9 admin: the client admin's set-up of people and queues. The bodies with a
   * password are never kept for a retry (not even their digest). */
  { "POST", "users", ROUTE_LOGGED_IN_NO_REPLAY, 0, wcc_api_user_create },
  { "PATCH", "users/:id", ROUTE_LOGGED_IN, 0, wcc_api_user_patch },
  { "POST", "users/:id/password", ROUTE_LOGGED_IN_NO_REPLAY, 0, wcc_api_user_password_post },
  { "POST", "groups", ROUTE_LOGGED_IN, 0, wcc_api_group_create },
  { "PATCH", "groups/:id", ROUTE_LOGGED_IN, 0, wcc_api_group_patch },
  { "DELETE", "groups/:id", ROUTE_LOGGED_IN, 0, wcc_api_group_delete },
  { "PUT", "groups/:id/members", ROUTE_LOGGED_IN, 0, wcc_api_group_members_put },
  { "PATCH", "groups/:id/queue", ROUTE_LOGGED_IN, 0, wcc_api_group_queue_patch },
  { "POST", "pause-reasons", ROUTE_LOGGED_IN, 0, wcc_api_pause_reason_create },
  { "PUT", "pause-reasons/order", ROUTE_LOGGED_IN, 0, wcc_api_pause_reasons_order_put },
  { "PATCH", "pause-reasons/:id", ROUTE_LOGGED_IN, 0, wcc_api_pause_reason_patch },
  { "DELETE", "pause-reasons/:id", ROUTE_LOGGED_IN, 0, wcc_api_pause_reason_delete },
  /* issue 9 monitor: the leaders' real-time monitor (R5): wcc-api-monitor.c */
  { "GET", "monitor", ROUTE_LOGGED_IN, 0, wcc_api_monitor_get },
  { "PUT", "agent/call-quality", ROUTE_LOGGED_IN, 0, wcc_api_agent_call_quality_put },
  /* issue 9 supervise: listen-in, whisper, barge on live calls */
  { "POST", "calls/:id/supervision", ROUTE_LOGGED_IN, 0, wcc_api_call_supervision_post },
  { "DELETE", "calls/:id/supervision", ROUTE_LOGGED_IN, 0, wcc_api_call_supervision_delete },
  { "GET", "supervisions", ROUTE_LOGGED_IN, 0, wcc_api_supervisions_list },
  /* issue 9 reports (R2, R4) */
  { "GET", "reports/summary", ROUTE_LOGGED_IN, 0, wcc_api_reports_summary },
  { "GET", "reports/summary.csv", ROUTE_LOGGED_IN, 0, wcc_api_reports_summary_csv },
  /* issue 9 approvals: acting for an agent (R3, D2) and the audit log: wcc-api-audit.c,
   * wcc-api-customers.c */
  { "POST", "customers/reassign", ROUTE_LOGGED_IN, 0, wcc_api_customers_reassign },
  { "GET", "audit", ROUTE_LOGGED_IN, 0, wcc_api_audit_list },
  { "GET", "contact-records", ROUTE_LOGGED_IN, 0, wcc_api_contact_records_list },
};

#define API_PREFIX "/api/v1/"

static void
health (WccRequest *request)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "name", "wcc-server");
  json_object_set_string_member (body, "version", PACKAGE_VERSION);
  wcc_reply_object (request, SOUP_STATUS_OK, g_steal_pointer (&body));
}

/* Matches @path against @pattern segment by segment; fills request->param / id. Runs for
 * every route on every request: compares in place, allocates only for a match's :id/:key. */
static gboolean
route_matches (const char *pattern,
               const char *path,
               WccRequest *request)
{
  const char *param = NULL;
  gsize param_length = 0;
  gboolean numeric = FALSE;

  for (;;)
    {
      const char *want_end = pattern + strcspn (pattern, "/");
      const char *have_end = path + strcspn (path, "/");
      gsize want_length = want_end - pattern, have_length = have_end - path;

      if ((want_length == 3 && strncmp (pattern, ":id", 3) == 0) ||
          (want_length == 4 && strncmp (pattern, ":key", 4) == 0))
        {
          if (have_length == 0)
            return FALSE;
          param = path;
          param_length = have_length;
          numeric = want_length == 3;
        }
      else if (want_length != have_length || strncmp (pattern, path, want_length) != 0)
        return FALSE;
      if (*want_end == '\0' || *have_end == '\0')
        {
          if (*want_end != *have_end)
            return FALSE;
          break;
        }
      pattern = want_end + 1;
      path = have_end + 1;
    }
  if (param != NULL)
    {
      g_autofree char *text = g_strndup (param, param_length);
      guint64 value;

      if (numeric && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
        return FALSE;
      if (numeric)
        request->id = (gint64) value;
      g_free (request->param);
      request->param = g_steal_pointer (&text);
    }
  return TRUE;
}

static const Route *
find_route (const char *method,
            const char *path,
            WccRequest *request,
            gboolean   *out_path_known)
{
  *out_path_known = FALSE;
  if (!g_str_has_prefix (path, API_PREFIX))
    return NULL;
  path += strlen (API_PREFIX);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (route_matches (routes[i].pattern, path, request))
      {
        *out_path_known = TRUE;
        if (g_str_equal (routes[i].method, method))
          return &routes[i];
      }
  return NULL;
}

static void
request_free (WccRequest *request)
{
  if (request->disconnected_id != 0)
    g_signal_handler_disconnect (request->msg, request->disconnected_id);
  g_clear_pointer (&request->user, wcc_store_user_free);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->msg);
  g_clear_object (&request->server);
  g_free (request->param);
  g_free (request->idempotency_key);
  g_free (request);
}

#define IDEMPOTENCY_KEY_MAX 128

/* Idempotency-Key (DESIGN: writes a client may retry carry one; each is applied once): the
 * first request with a key runs and its answer is kept; a retry of the same request gets
 * that answer again (with Idempotent-Replayed: true) instead of running twice. FALSE when
 * the request is answered here. */
static gboolean
begin_idempotent (WccRequest *request,
                  const char *method)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(WccStoreIdempotentAnswer) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *fingerprint = NULL;
  gsize length;

  if (key == NULL || g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    return TRUE;
  length = strlen (key);
  for (gsize i = 0; i < length; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      length = 0;
  if (length == 0 || length > IDEMPOTENCY_KEY_MAX)
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("Idempotency-Key must be 1 to 128 visible ASCII characters"));
      return FALSE;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  /* The request as the client meant it: path and query, not the host name it used. */
  uri = g_uri_join (G_URI_FLAGS_NONE, NULL, NULL, NULL, -1,
                    g_uri_get_path (soup_server_message_get_uri (request->msg)),
                    g_uri_get_query (soup_server_message_get_uri (request->msg)), NULL);
  fingerprint = g_strdup_printf ("%s %s %s", method, uri, digest);
  switch (wcc_store_idempotency_claim (request->store, request->session.client_id, request->user->id,
                                       key, fingerprint, wcc_request_now (request), &answer))
    {
    case WCC_IDEMPOTENCY_NEW:
      request->idempotency_key = g_strdup (key);
      return TRUE;
    case WCC_IDEMPOTENCY_DONE:
      soup_server_message_set_status (request->msg, answer->status, NULL);
      if (g_bytes_get_size (answer->body) > 0)
        soup_server_message_set_response (request->msg, answer->content_type, SOUP_MEMORY_COPY,
                                          g_bytes_get_data (answer->body, NULL),
                                          g_bytes_get_size (answer->body));
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Idempotent-Replayed", "true");
      return FALSE;
    case WCC_IDEMPOTENCY_IN_PROGRESS:
      wcc_reply_error (request, WCC_ERROR_CONFLICT,
                       _("A request with this Idempotency-Key is still being handled: retry shortly"));
      /* Tells it apart from a key used for another request (no Retry-After). */
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", "1");
      return FALSE;
    case WCC_IDEMPOTENCY_OTHER_REQUEST:
    default:
      wcc_reply_error (request, WCC_ERROR_CONFLICT,
                       _("This Idempotency-Key was used for another request"));
      return FALSE;
    }
}

/* Keeps the answer of a request that claimed a key. */
static void
finish_idempotent (WccRequest *request)
{
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) body = NULL;

  if (request->idempotency_key == NULL)
    return;
  headers = soup_server_message_get_response_headers (request->msg);
  body = soup_message_body_flatten (soup_server_message_get_response_body (request->msg));
  wcc_store_idempotency_complete (request->store, request->user->id, request->idempotency_key,
                                  soup_server_message_get_status (request->msg),
                                  soup_message_headers_get_content_type (headers, NULL), body);
}

static void
on_request_disconnected (SoupServerMessage *msg,
                         WccRequest        *request)
{
  request->disconnected = TRUE;
}

void
wcc_request_pause (WccRequest *request)
{
  g_assert (!request->paused);
  request->paused = TRUE;
  request->disconnected_id = g_signal_connect (request->msg, "disconnected",
                                               G_CALLBACK (on_request_disconnected), request);
  soup_server_message_pause (request->msg);
}

void
wcc_request_resume (WccRequest *request)
{
  g_assert (request->paused);
  finish_idempotent (request);
  if (!request->disconnected)
    soup_server_message_unpause (request->msg);
  request_free (request);
}

gint64
wcc_request_now (WccRequest *request)
{
  return wcc_time_now ();
}

JsonObject *
wcc_request_parse_json (WccRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  object = wcc_json_parse_object (data, length, &error);
  if (object == NULL)
    wcc_reply_gerror (request, error);
  return object;
}

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

void
wcc_reply_json (WccRequest *request,
                guint       status,
                JsonNode   *node)
{
  g_autoptr(JsonNode) owned = node;

  set_json_body (request->msg, status, owned);
}

void
wcc_reply_object (WccRequest *request,
                  guint       status,
                  JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  wcc_reply_json (request, status, node);
}

void
wcc_reply_bytes (WccRequest *request,
                 const char *content_type,
                 GBytes     *bytes)
{
  gsize length = 0;
  gconstpointer data = g_bytes_get_data (bytes, &length);

  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, content_type, SOUP_MEMORY_COPY, data, length);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "private, no-cache");
}

void
wcc_reply_empty (WccRequest *request,
                 guint       status)
{
  soup_server_message_set_status (request->msg, status, NULL);
}

static void
reply_error_to (SoupServerMessage *msg,
                WccErrorCode       code,
                const char        *message,
                JsonObject        *extra)
{
  g_autoptr(JsonObject) body = wcc_json_error_body (wcc_error_code_to_string (code), message);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (extra != NULL)
    {
      JsonObject *inner = json_object_get_object_member (body, "error");
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (inner, name, json_node_copy (member));
      json_object_unref (extra);
    }
  if (code == WCC_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"wcc\"");
  json_node_set_object (node, body);
  set_json_body (msg, wcc_error_code_http_status (code), node);
}

void
wcc_reply_error_with (WccRequest   *request,
                      WccErrorCode  code,
                      const char   *message,
                      JsonObject   *extra)
{
  reply_error_to (request->msg, code, message, extra);
}

void
wcc_reply_error (WccRequest   *request,
                 WccErrorCode  code,
                 const char   *message)
{
  reply_error_to (request->msg, code, message, NULL);
}

void
wcc_reply_gerror (WccRequest   *request,
                  const GError *error)
{
  if (error->domain == WCC_ERROR && error->code != WCC_ERROR_INTERNAL)
    {
      reply_error_to (request->msg, error->code, error->message, NULL);
      return;
    }
  /* Details of internal failures go to the log, not to the client. */
  g_warning ("%s %s: %s", soup_server_message_get_method (request->msg),
             g_uri_get_path (soup_server_message_get_uri (request->msg)), error->message);
  reply_error_to (request->msg, WCC_ERROR_INTERNAL, _("Internal server error"), NULL);
}

gboolean
wcc_request_has_role (WccRequest *request,
                      WccRoles    roles)
{
  return request->user != NULL && (request->user->roles & roles) != 0;
}

guint
wcc_http_server_get_session_lifetime (WccHttpServer *self)
{
  return self->session_lifetime;
}

gboolean
wcc_http_server_login_begin (WccHttpServer *self,
                             const char    *address)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->logins_by_address, address));

  if (count >= LOGINS_PER_ADDRESS || self->logins_in_all >= LOGINS_IN_ALL)
    return FALSE;
  g_hash_table_insert (self->logins_by_address, g_strdup (address), GUINT_TO_POINTER (count + 1));
  self->logins_in_all++;
  return TRUE;
}

void
wcc_http_server_login_end (WccHttpServer *self,
                           const char    *address)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->logins_by_address, address));

  g_assert (count > 0 && self->logins_in_all > 0);
  if (count == 1)
    g_hash_table_remove (self->logins_by_address, address);
  else
    g_hash_table_insert (self->logins_by_address, g_strdup (address), GUINT_TO_POINTER (count - 1));
  self->logins_in_all--;
}

/* Finds the session of the bearer token; sets request->session and ->user. */
static gboolean
authenticate (WccHttpServer *self,
              WccRequest    *request)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                                     "Authorization");
  g_autofree char *token_hash = NULL;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  token_hash = wcc_password_token_hash (header + 7);
  if (!wcc_store_session_find (self->store, token_hash, wcc_request_now (request), &request->session))
    return FALSE;
  request->user = wcc_store_user_find (self->store, request->session.client_id, request->session.user_id);
  return request->user != NULL && !request->user->disabled;
}

static WccRequest *
request_new (WccHttpServer     *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  WccRequest *request = g_new0 (WccRequest, 1);

  /* Call records the B2BUA queued behind its routing are written before any request reads. */
  wcc_store_call_flush (self->store);
  request->server = g_object_ref (self);
  request->store = self->store;
  request->hub = self->hub;
  request->acd = self->acd;
  request->msg = g_object_ref (msg);
  request->query = query ? g_hash_table_ref (query) : NULL;
  request->address = soup_server_message_get_remote_host (msg);
  if (request->address == NULL)
    request->address = "";
  return request;
}

static void
on_api_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  WccHttpServer *self = user_data;
  WccRequest *request = request_new (self, msg, query);
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known;
  const Route *route;
  gsize max_body;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  route = find_route (method, path, request, &path_known);
  if (route == NULL)
    {
      if (path_known)
        wcc_reply_error (request, WCC_ERROR_METHOD_NOT_ALLOWED, _("This method is not allowed here"));
      else
        wcc_reply_error (request, WCC_ERROR_NOT_FOUND, _("No such resource"));
      request_free (request);
      return;
    }

  max_body = route->max_body ? route->max_body : WCC_HTTP_MAX_JSON_BODY;
  if (soup_server_message_get_request_body (msg)->length > (goffset) max_body)
    {
      wcc_reply_error (request, WCC_ERROR_PAYLOAD_TOO_LARGE, _("The request body is too large"));
      request_free (request);
      return;
    }

  if (route->access != ROUTE_PUBLIC && !authenticate (self, request))
    {
      wcc_reply_error (request, WCC_ERROR_UNAUTHORIZED,
                       _("You are not logged in, or your session has expired"));
      request_free (request);
      return;
    }

  if (route->access == ROUTE_LOGGED_IN && !begin_idempotent (request, method))
    {
      request_free (request);
      return;
    }
  route->handler (request);
  if (!request->paused)
    {
      finish_idempotent (request);
      request_free (request);
    }
}

/* Refuses oversized bodies from their headers. libsoup still reads a refused body off the
 * connection, but no longer keeps it: memory stays bounded whatever a client sends. */
static void
on_api_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  WccHttpServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  WccRequest probe = { 0 };
  gboolean path_known;
  const Route *route = find_route (soup_server_message_get_method (msg), path, &probe, &path_known);
  gsize max_body = route && route->max_body ? route->max_body : WCC_HTTP_MAX_JSON_BODY;
  gboolean chunked = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED;

  g_free (probe.param);
  (void) self;
  if (!chunked && length <= (goffset) max_body)
    return;
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  if (chunked)
    reply_error_to (msg, WCC_ERROR_INVALID_FIELD, _("Send the request body with a Content-Length"), NULL);
  else
    reply_error_to (msg, WCC_ERROR_PAYLOAD_TOO_LARGE, _("The request body is too large"), NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  WccHttpServer *self = user_data;
  WccStoreSession *session = g_object_get_data (G_OBJECT (msg), "wcc-session");
  const char *epoch = g_object_get_data (G_OBJECT (msg), "wcc-epoch");
  gint64 after = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "wcc-after")) - 1;

  g_assert (session != NULL);
  wcc_event_hub_attach (self->hub, connection, session->client_id, session->user_id,
                        session->id, epoch, after,
                        g_object_get_data (G_OBJECT (msg), "wcc-presence") != NULL);
}

/* The plain handler of /api/v1/events runs before the WebSocket upgrade: it authenticates
 * and keeps what the upgrade needs on the message. */
void
wcc_api_events_check (WccRequest *request)
{
  const char *after_text = request->query ? g_hash_table_lookup (request->query, "after") : NULL;
  const char *epoch = request->query ? g_hash_table_lookup (request->query, "epoch") : NULL;
  const char *presence = request->query ? g_hash_table_lookup (request->query, "presence") : NULL;
  g_autoptr(GError) error = NULL;
  guint64 after = 0;
  gboolean has_after = FALSE;

  if (!soup_websocket_server_check_handshake (request->msg, NULL, NULL, NULL, &error))
    {
      wcc_reply_error (request, WCC_ERROR_INVALID_FIELD,
                       _("The event stream is a WebSocket: send an upgrade request"));
      return;
    }
  if (after_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT32, &after, NULL))
        {
          wcc_reply_error (request, WCC_ERROR_INVALID_FIELD, _("“after” must be a sequence number"));
          return;
        }
      has_after = TRUE;
    }
  g_object_set_data_full (G_OBJECT (request->msg), "wcc-session",
                          g_memdup2 (&request->session, sizeof request->session), g_free);
  g_object_set_data_full (G_OBJECT (request->msg), "wcc-epoch", g_strdup (epoch), g_free);
  if (g_strcmp0 (presence, "1") == 0)
    g_object_set_data (G_OBJECT (request->msg), "wcc-presence", GINT_TO_POINTER (1));
  /* Stored plus one so that "no resume" (NULL) and after=0 differ. */
  g_object_set_data (G_OBJECT (request->msg), "wcc-after",
                     GSIZE_TO_POINTER (has_after ? (gsize) after + 1 : 0));
}

static void
wcc_http_server_dispose (GObject *object)
{
  WccHttpServer *self = WCC_HTTP_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->hub);
  g_clear_object (&self->acd);
  g_clear_object (&self->sip);
  g_clear_object (&self->sms_gateway);
  g_clear_object (&self->store);
  g_clear_pointer (&self->sip_uri, g_free);
  g_clear_pointer (&self->sips_uri, g_free);
  g_clear_pointer (&self->recordings_dir, g_free);
  g_clear_pointer (&self->knowledge_dir, g_free);
  g_clear_pointer (&self->logins_by_address, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_http_server_parent_class)->dispose (object);
}

static void
wcc_http_server_class_init (WccHttpServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wcc_http_server_dispose;
}

static void
wcc_http_server_init (WccHttpServer *self)
{
  self->logins_by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

WccHttpServer *
wcc_http_server_new (WccStore    *store,
                     WccEventHub *hub,
                     guint        session_lifetime_seconds)
{
  WccHttpServer *self;

  g_return_val_if_fail (WCC_IS_STORE (store), NULL);
  g_return_val_if_fail (WCC_IS_EVENT_HUB (hub), NULL);

  self = g_object_new (WCC_TYPE_HTTP_SERVER, NULL);
  self->store = g_object_ref (store);
  self->hub = g_object_ref (hub);
  self->session_lifetime = session_lifetime_seconds;
  self->soup = soup_server_new ("server-header", "wcc-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, "/api", on_api_early, self, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1/events", on_api_early, self, NULL);
  soup_server_add_handler (self->soup, "/api", on_api_request, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1/events", on_api_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/events", NULL, NULL,
                                     on_websocket, self, NULL);
  return self;
}

void
wcc_http_server_set_acd (WccHttpServer *self,
                         WccServerAcd  *acd)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_return_if_fail (WCC_IS_SERVER_ACD (acd));
  g_set_object (&self->acd, acd);
}

void
wcc_http_server_set_sip_uris (WccHttpServer *self,
                              const char    *sip_uri,
                              const char    *sips_uri)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_free (self->sip_uri);
  g_free (self->sips_uri);
  self->sip_uri = g_strdup (sip_uri);
  self->sips_uri = g_strdup (sips_uri);
}

const char *
wcc_http_server_get_sip_uri (WccHttpServer *self,
                             gboolean       tls)
{
  return tls ? self->sips_uri : self->sip_uri;
}

void
wcc_http_server_set_recordings_dir (WccHttpServer *self,
                                    const char    *path)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_free (self->recordings_dir);
  self->recordings_dir = g_strdup (path);
}

const char *
wcc_http_server_get_recordings_dir (WccHttpServer *self)
{
  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), NULL);
  return self->recordings_dir;
}

void
wcc_http_server_set_knowledge_dir (WccHttpServer *self,
                                   const char    *path)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_free (self->knowledge_dir);
  self->knowledge_dir = g_strdup (path);
}

const char *
wcc_http_server_get_knowledge_dir (WccHttpServer *self)
{
  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), NULL);
  return self->knowledge_dir;
}

void
wcc_http_server_set_sms_gateway (WccHttpServer *self,
                                 WccSmsGateway *gateway)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_return_if_fail (WCC_IS_SMS_GATEWAY (gateway));
  g_set_object (&self->sms_gateway, gateway);
}

WccSmsGateway *
wcc_http_server_get_sms_gateway (WccHttpServer *self)
{
  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), NULL);
  return self->sms_gateway;
}

void
wcc_http_server_set_tls_certificate (WccHttpServer   *self,
                                     GTlsCertificate *certificate)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  g_object_set (self->soup, "tls-certificate", certificate, NULL);
  self->https = TRUE;
}

gboolean
wcc_http_server_listen (WccHttpServer  *self,
                        const char     *address,
                        guint16         port,
                        GError        **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), FALSE);

  socket_address = g_inet_socket_address_new_from_string (address, port);
  if (socket_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }
  return soup_server_listen (self->soup, socket_address, self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

static GUri *
first_uri (WccHttpServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  GUri *uri = uris ? g_uri_ref (uris->data) : NULL;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return uri;
}

guint16
wcc_http_server_get_port (WccHttpServer *self)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), 0);
  uri = first_uri (self);
  return uri ? (guint16) g_uri_get_port (uri) : 0;
}

char *
wcc_http_server_get_url (WccHttpServer *self)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), NULL);
  uri = first_uri (self);
  if (uri == NULL)
    return NULL;
  host = g_uri_get_host (uri);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%d", self->https ? "https" : "http", host, g_uri_get_port (uri));
  return g_strdup_printf ("%s://%s:%d", self->https ? "https" : "http", host, g_uri_get_port (uri));
}

void
wcc_http_server_disconnect (WccHttpServer *self)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  soup_server_disconnect (self->soup);
}

/* issue 9 supervise */
void
wcc_http_server_set_sip_server (WccHttpServer *self,
                                WccSipServer  *sip)
{
  g_return_if_fail (WCC_IS_HTTP_SERVER (self));
  g_set_object (&self->sip, sip);
}

WccSipServer *
wcc_http_server_get_sip_server (WccHttpServer *self)
{
  g_return_val_if_fail (WCC_IS_HTTP_SERVER (self), NULL);
  return self->sip;
}
