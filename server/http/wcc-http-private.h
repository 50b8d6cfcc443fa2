/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-http-private.h: what the API handlers share: the request, replies, the user JSON. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wcc-common.h"
#include "wcc-event-hub.h"
#include "wcc-http-server.h"
#include "wcc-server-acd.h"
#include "wcc-sms-gateway.h"
#include "wcc-store.h"

G_BEGIN_DECLS

/* JSON request bodies larger than this are refused before they are read. */
#define WCC_HTTP_MAX_JSON_BODY (64 * 1024)

typedef struct _WccRequest WccRequest;

struct _WccRequest
{
  WccHttpServer     *server;
  WccStore          *store;
  WccEventHub       *hub;
  WccServerAcd      *acd;
  SoupServerMessage *msg;
  GHashTable        *query;        /* may be NULL */
  const char        *address;      /* the peer's address */
  char              *param;        /* the path's :id or :key segment */
  gint64             id;           /* param as a number when the route says :id */
  /* Set for routes that need a login: */
  WccStoreSession    session;
  WccStoreUser      *user;
  /* The Idempotency-Key this request claimed: its answer is kept for retries. */
  char              *idempotency_key;
  /* Async handlers pause the message and finish it later. */
  gboolean           paused;
  gboolean           disconnected;
  gulong             disconnected_id;
};

typedef void (*WccRouteHandler) (WccRequest *request);

/* Takes over @request until wcc_request_resume() (for handlers that go async). */
void         wcc_request_pause             (WccRequest    *request);
void         wcc_request_resume            (WccRequest    *request);

JsonObject  *wcc_request_parse_json        (WccRequest    *request);
gint64       wcc_request_now               (WccRequest    *request);

void         wcc_reply_json                (WccRequest    *request,
                                            guint          status,
                                            JsonNode      *node);
void         wcc_reply_object              (WccRequest    *request,
                                            guint          status,
                                            JsonObject    *object);
void         wcc_reply_bytes               (WccRequest    *request,
                                            const char    *content_type,
                                            GBytes        *bytes);
void         wcc_reply_empty               (WccRequest    *request,
                                            guint          status);
void         wcc_reply_error               (WccRequest    *request,
                                            WccErrorCode   code,
                                            const char    *message);
/* Takes @extra: members merged into the "error" object. */
void         wcc_reply_error_with          (WccRequest    *request,
                                            WccErrorCode   code,
                                            const char    *message,
                                            JsonObject    *extra);
void         wcc_reply_gerror              (WccRequest    *request,
                                            const GError  *error);

gboolean     wcc_request_has_role          (WccRequest    *request,
                                            WccRoles       roles);
guint        wcc_http_server_get_session_lifetime (WccHttpServer *self);
/* The registrar's URI for plain SIP or TLS; NULL when there is none. */
const char  *wcc_http_server_get_sip_uri   (WccHttpServer *self,
                                            gboolean       tls);
/* Bounds the password checks running at once, per address and in all; FALSE: too many. */
gboolean     wcc_http_server_login_begin   (WccHttpServer *self,
                                            const char    *address);
void         wcc_http_server_login_end     (WccHttpServer *self,
                                            const char    *address);

/* The Group object of docs/api.md (wcc-api-directory.c): @group with its settings and
 * version, and its members among @rows (wcc_store_group_list_members ()). */
JsonObject  *wcc_api_group_to_json         (WccRequest    *request,
                                            WccStoreQueue *group,
                                            GPtrArray     *rows);

/* The PauseReason object of docs/api.md (wcc-api-agent.c). */
JsonObject  *wcc_api_pause_reason_to_json  (WccStorePauseReason *reason);
/* Handlers of the client admin's set-up of people and queues (issue 9):
 * wcc-api-setup-people.c */
void wcc_api_user_create              (WccRequest *request);
void wcc_api_user_patch               (WccRequest *request);
void wcc_api_user_password_post       (WccRequest *request);
void wcc_api_group_create             (WccRequest *request);
void wcc_api_group_patch              (WccRequest *request);
void wcc_api_group_delete             (WccRequest *request);
void wcc_api_group_members_put        (WccRequest *request);
void wcc_api_group_queue_patch        (WccRequest *request);
void wcc_api_pause_reason_create      (WccRequest *request);
void wcc_api_pause_reason_patch       (WccRequest *request);
void wcc_api_pause_reason_delete      (WccRequest *request);
void wcc_api_pause_reasons_order_put  (WccRequest *request);

/* The User object of docs/api.md. */
JsonObject  *wcc_api_user_to_json          (WccStore      *store,
                                            WccStoreUser  *user);
void         wcc_api_publish_user_updated  (WccRequest    *request,
                                            WccStoreUser  *user);
/* The "next" cursor of a list page: the id of its last item when @more, else null. */
void         wcc_api_set_next              (JsonObject    *body,
                                            gboolean       more,
                                            gint64         last_id);

/* Did @user_id take @call or have a leg in it (wcc-api-agent.c). */
gboolean     wcc_api_call_involves         (WccStoreCall  *call,
                                            gint64         user_id);
/* Where call recordings are kept (C15); NULL: not kept on this server. */
const char  *wcc_http_server_get_recordings_dir (WccHttpServer *self);

/* Shared by the API files for customer data (wcc-api-records.c). */
gboolean     wcc_api_require_admin         (WccRequest    *request);
const char  *wcc_api_query_text            (WccRequest    *request,
                                            const char    *name);
/* A text member of a record read by wcc_api_read_text_fields(). */
typedef struct {
  const char *field;
  gsize       offset;     /* of its char * in the record */
  guint       max;        /* characters */
  gboolean    required;   /* given, 1 to @max characters, when creating */
} WccApiTextField;

/* Reads @fields of @body onto @record, stripped: a given one replaces the record's, a
 * missing one leaves it ("" when it was NULL). A required one must not be empty, and must
 * be given when @creating. */
gboolean     wcc_api_read_text_fields      (JsonObject    *body,
                                            const WccApiTextField *fields,
                                            guint          n_fields,
                                            gboolean       creating,
                                            gpointer       record,
                                            GError       **error);

/* The call queues run (503 otherwise) and, with @agents_only, the caller is an agent
 * (403 otherwise) (wcc-api-agent.c). */
gboolean     wcc_api_check_acd             (WccRequest    *request,
                                            gboolean       agents_only);
/* Handlers (wcc-api-monitor.c), issue 9 monitor */
void wcc_api_monitor_get            (WccRequest *request);
void wcc_api_agent_call_quality_put (WccRequest *request);

/* Handlers (wcc-api-account.c) */
void wcc_api_login                 (WccRequest *request);
void wcc_api_login_challenge_image (WccRequest *request);
void wcc_api_login_challenge_new   (WccRequest *request);
void wcc_api_logout                (WccRequest *request);
void wcc_api_me_get                (WccRequest *request);
void wcc_api_me_patch              (WccRequest *request);
void wcc_api_me_sip_account_post   (WccRequest *request);
void wcc_api_me_avatar_put         (WccRequest *request);
void wcc_api_me_avatar_delete      (WccRequest *request);
/* Handlers (wcc-api-directory.c) */
void wcc_api_users_list            (WccRequest *request);
void wcc_api_user_get              (WccRequest *request);
void wcc_api_user_avatar_get       (WccRequest *request);
void wcc_api_groups_list           (WccRequest *request);
void wcc_api_events_check          (WccRequest *request);
/* Handlers (wcc-api-agent.c) */
void wcc_api_agent_state_get       (WccRequest *request);
void wcc_api_agent_state_put       (WccRequest *request);
void wcc_api_agent_groups_get      (WccRequest *request);
void wcc_api_agent_groups_put      (WccRequest *request);
void wcc_api_queues_list           (WccRequest *request);
void wcc_api_pause_reasons_list    (WccRequest *request);
void wcc_api_calls_list            (WccRequest *request);
void wcc_api_call_get              (WccRequest *request);
void wcc_api_call_patch            (WccRequest *request);

/* Handlers (wcc-api-customers.c) */
void wcc_api_packages_list         (WccRequest *request);
void wcc_api_package_create        (WccRequest *request);
void wcc_api_package_get           (WccRequest *request);
void wcc_api_package_patch         (WccRequest *request);
void wcc_api_package_delete        (WccRequest *request);
void wcc_api_tasks_list            (WccRequest *request);
void wcc_api_task_create           (WccRequest *request);
void wcc_api_task_get              (WccRequest *request);
void wcc_api_task_patch            (WccRequest *request);
void wcc_api_task_delete           (WccRequest *request);
void wcc_api_call_results_list     (WccRequest *request);
void wcc_api_call_result_create    (WccRequest *request);
void wcc_api_call_result_get       (WccRequest *request);
void wcc_api_call_result_patch     (WccRequest *request);
void wcc_api_call_result_delete    (WccRequest *request);
void wcc_api_tags_list             (WccRequest *request);
void wcc_api_tag_create            (WccRequest *request);
void wcc_api_tag_patch             (WccRequest *request);
void wcc_api_tag_delete            (WccRequest *request);
void wcc_api_customers_list        (WccRequest *request);
void wcc_api_customer_create       (WccRequest *request);
void wcc_api_customer_get          (WccRequest *request);
void wcc_api_customer_patch        (WccRequest *request);
void wcc_api_customer_by_phone     (WccRequest *request);
void wcc_api_customers_release     (WccRequest *request);
void wcc_api_customers_assign      (WccRequest *request);
void wcc_api_pool_list             (WccRequest *request);
void wcc_api_pool_grab             (WccRequest *request);
void wcc_api_customer_notes_list   (WccRequest *request);
void wcc_api_customer_note_create  (WccRequest *request);
void wcc_api_customer_contact_records_list  (WccRequest *request);
void wcc_api_customer_contact_record_create (WccRequest *request);
void wcc_api_customer_warnings_list (WccRequest *request);
void wcc_api_note_patch            (WccRequest *request);
void wcc_api_note_delete           (WccRequest *request);
void wcc_api_note_review           (WccRequest *request);
/* Shared by the customer work handlers (defined in wcc-api-customers.c). */
/* Who asks, for the store's visibility rules. */
WccStoreViewer wcc_request_viewer          (WccRequest    *request);
/* FALSE (and 403 with @message) unless the caller has one of @roles. */
gboolean     wcc_request_require_role      (WccRequest    *request,
                                            WccRoles       roles,
                                            const char    *message);
/* ?limit= (1 to 200, default 20) and ?after= (an id, or for sorted lists an offset). */
gboolean     wcc_request_query_page        (WccRequest    *request,
                                            guint         *out_limit,
                                            guint64       *out_after,
                                            GError       **error);
/* Does the caller see the customer (of their client)? */
/* customer.changed (data: Customer) to everyone who sees the customer now (wcc-api-customers.c). */
void         wcc_api_publish_customer_changed (WccRequest *request,
                                            gint64         customer_id);
gboolean     wcc_request_sees_customer     (WccRequest    *request,
                                            gint64         customer_id);
/* A list under the customer of the path: 404 unless the caller sees it, then ?limit and
 * ?after. FALSE when answered here. */
gboolean     wcc_request_begin_customer_list (WccRequest  *request,
                                            guint         *out_limit,
                                            guint64       *out_after);
/* A list of ids in @field (1 to @max of them, or none when @allow_empty; positive,
 * duplicates dropped), sorted. */
GArray      *wcc_api_read_id_list          (JsonObject    *body,
                                            const char    *field,
                                            guint          max,
                                            gboolean       allow_empty,
                                            GError       **error);
/* A text member of 0 to @max characters (1 to @max when @required); a missing one leaves
 * *@out. */
gboolean     wcc_api_read_text             (JsonObject    *body,
                                            const char    *field,
                                            gboolean       required,
                                            guint          max,
                                            const char   **out,
                                            GError       **error);
/* An appointment's time (a customer's or a ticket's, and a contact record's next
 * contact): "quick" (30m, 1d or 1w from now) or @at (RFC 3339, from now to ten years
 * ahead), exactly one of them; @at_field names @at in the error. */
gboolean     wcc_api_appointment_time      (WccRequest    *request,
                                            const char    *at_field,
                                            const char    *at,
                                            const char    *quick,
                                            gint64        *out,
                                            GError       **error);
/* The required "version" of an edit. */
gboolean     wcc_api_read_version          (JsonObject    *body,
                                            gint64        *out,
                                            GError       **error);
/* Answers a failed edit: a stale version with @current (the record now), others as they are. */
void         wcc_reply_edit_error          (WccRequest    *request,
                                            const GError  *error,
                                            JsonObject    *current);
/* {"items": @items} (taken). */
void         wcc_reply_items               (WccRequest    *request,
                                            JsonArray     *items);
typedef JsonObject *(*WccItemToJson) (gpointer item);
/* {"items": the first @limit of @rows, "next"}: @rows holds one more when there is a next
 * page, which starts at @next_cursor. */
void         wcc_reply_page                (WccRequest    *request,
                                            GPtrArray     *rows,
                                            guint          limit,
                                            WccItemToJson  to_json,
                                            gint64         next_cursor);
/* Handlers (wcc-api-tickets.c) */
void wcc_api_ticket_choices_list   (WccRequest *request);
void wcc_api_ticket_choice_create  (WccRequest *request);
void wcc_api_ticket_choice_patch   (WccRequest *request);
void wcc_api_ticket_choice_delete  (WccRequest *request);
void wcc_api_customer_tickets_list (WccRequest *request);
void wcc_api_customer_ticket_create (WccRequest *request);
void wcc_api_tickets_open_count    (WccRequest *request);
void wcc_api_ticket_get            (WccRequest *request);
void wcc_api_ticket_patch          (WccRequest *request);
void wcc_api_ticket_appointment_put (WccRequest *request);
void wcc_api_ticket_appointment_delete (WccRequest *request);
void wcc_api_ticket_changes_list   (WccRequest *request);
void wcc_api_ticket_comments_list  (WccRequest *request);
void wcc_api_ticket_comment_create (WccRequest *request);
void wcc_api_ticket_comment_delete (WccRequest *request);
void wcc_api_ticket_appointments_list (WccRequest *request);

/* Handlers (wcc-api-orders.c, wcc-api-appointments.c, wcc-api-sms.c) */
void wcc_api_product_types_list    (WccRequest *request);
void wcc_api_product_type_create   (WccRequest *request);
void wcc_api_product_type_patch    (WccRequest *request);
void wcc_api_product_type_delete   (WccRequest *request);
void wcc_api_customer_orders_list  (WccRequest *request);
void wcc_api_customer_order_create (WccRequest *request);
void wcc_api_order_patch           (WccRequest *request);
void wcc_api_order_delete          (WccRequest *request);
void wcc_api_customer_related_contacts_list  (WccRequest *request);
void wcc_api_customer_related_contact_create (WccRequest *request);
void wcc_api_related_contact_patch (WccRequest *request);
void wcc_api_related_contact_delete (WccRequest *request);
void wcc_api_customer_appointments_list  (WccRequest *request);
void wcc_api_customer_appointment_put    (WccRequest *request);
void wcc_api_customer_appointment_delete (WccRequest *request);
void wcc_api_appointments_list     (WccRequest *request);
void wcc_api_dashboard_customer_appointments (WccRequest *request);
void wcc_api_appointment_patch     (WccRequest *request);
void wcc_api_appointment_delete    (WccRequest *request);
/* Sends "appointment.changed" to the agent of the appointment (booked or moved). */
void wcc_api_publish_appointment_changed (WccRequest *request,
                                          gint64      appointment_id);
/* The same for @agent_id's appointment with @customer_id. */
void wcc_api_publish_customer_appointment_changed (WccRequest *request,
                                                   gint64      customer_id,
                                                   gint64      agent_id);
/* SMS (C10): the text's limit in characters (ten UCS-2 segments), and of the whole body. */
#define WCC_SMS_MAX_TEXT 670
#define WCC_SMS_MAX_BODY (8 * 1024)
void wcc_api_customer_sms_list     (WccRequest *request);
void wcc_api_customer_sms_send     (WccRequest *request);
WccSmsGateway *wcc_http_server_get_sms_gateway (WccHttpServer *self);
/* Shared query and note helpers (wcc-api-customers.c). */
const char  *wcc_request_query_text        (WccRequest    *request,
                                            const char    *name);
/* ?@name= as a number from @min to @max; absent leaves *@out. */
gboolean     wcc_request_query_number      (WccRequest    *request,
                                            const char    *name,
                                            guint64        min,
                                            guint64        max,
                                            guint64       *out,
                                            GError       **error);
/* The Note object of docs/api.md. */
JsonObject  *wcc_api_note_to_json          (WccStoreNote  *note);
/* Lists and dashboard (C22, D5, D6): wcc-api-lists.c */
void wcc_api_dashboard_tasks       (WccRequest *request);
void wcc_api_leaderboard           (WccRequest *request);
void wcc_api_recent_contacts       (WccRequest *request);
/* A day of the server's time zone as YYYY-MM-DD (@text NULL: today): its local midnight;
 * WCC_ERROR_INVALID_FIELD naming the parameter @name. */
gboolean     wcc_api_parse_day             (const char    *text,
                                            const char    *name,
                                            GDateTime    **out_start,
                                            GError       **error);
/* issue 9 reports (R2, R4): wcc-api-reports.c */
void wcc_api_reports_summary       (WccRequest *request);
void wcc_api_reports_summary_csv   (WccRequest *request);
/* Approvals (C6, C9): wcc-api-approvals.c */
void wcc_api_customer_number_requests_list  (WccRequest *request);
void wcc_api_customer_number_request_create (WccRequest *request);
void wcc_api_number_request_get    (WccRequest *request);
void wcc_api_number_request_review (WccRequest *request);
void wcc_api_approvals_list        (WccRequest *request);
/* May the caller review what @author_id asked for (a pop-up warning, a number request):
 * the client admin, or a leader of a group the author is in. */
gboolean     wcc_request_may_review        (WccRequest    *request,
                                            gint64         author_id);
/* A store's review of the record @id (number requests, knowledge items). */
typedef gboolean (*WccReviewFunc) (WccStore      *store,
                                   gint64         client_id,
                                   gint64         id,
                                   gint64         reviewer_id,
                                   gboolean       approve,
                                   const char    *reason,
                                   gint64         expected_version,
                                   GError       **error);
/* The record of the path as JSON now (NULL: gone), for a version conflict's answer. */
typedef JsonObject *(*WccCurrentJson) (WccRequest *request);
/* The notification a review outcome gives its author (S13). */
typedef struct {
  const char *kind_approved, *kind_rejected;     /* "number_request.approved" … */
  const char *title_approved, *title_rejected;
  const char *ref_type;                          /* what the path names: "number_request" … */
  gint64      customer_id;                       /* 0: none */
} WccReviewNotice;
/* Reviews the record of the path that @author_id asked for: 403 (@forbidden) unless the
 * caller may review it, then {"decision", "reason", "version"?}, @review and the author's
 * notification (*@out_notification_id, 0 without author) in one transaction. Answers every
 * failure (a stale version with @current_json); TRUE when reviewed: the caller answers and
 * publishes the notification. */
gboolean     wcc_api_run_review            (WccRequest    *request,
                                            gint64         author_id,
                                            const char    *forbidden,
                                            WccReviewFunc  review,
                                            WccCurrentJson current_json,
                                            const WccReviewNotice *notice,
                                            gint64        *out_notification_id);
/* A review's body, {"decision": "approve|reject", "reason"} and the other @allowed members
 * (NULL-terminated, with those two): a rejection needs a reason. */
gboolean     wcc_api_read_review           (JsonObject    *body,
                                            const char   **allowed,
                                            gboolean      *out_approve,
                                            const char   **out_reason,
                                            GError       **error);
/* YYYY-MM-DD, a real day (wcc-api-customers.c). */
gboolean     wcc_api_text_is_date          (const char    *text);
/* The data fields of a customer as the API takes them (texts, "phones", "tags" ids,
 * "custom" checked against @package), onto @customer; shared with the CSV import. */
gboolean     wcc_api_read_customer_data    (JsonObject    *body,
                                            WccStorePackage *package,
                                            WccStoreCustomer *customer,
                                            GError       **error);
/* CSV imports (POST /packages/{id}/imports) larger than this are refused (413). */
#define WCC_IMPORT_MAX_BYTES (16 * 1024 * 1024)
/* Questionnaires, imports and exports (C18; wcc-api-questionnaires.c, wcc-api-import.c,
 * wcc-api-export.c) */
void wcc_api_questionnaire_get     (WccRequest *request);
void wcc_api_questionnaire_put     (WccRequest *request);
void wcc_api_questionnaire_answers_csv (WccRequest *request);
void wcc_api_import_create         (WccRequest *request);
void wcc_api_import_get            (WccRequest *request);
void wcc_api_customers_export_csv  (WccRequest *request);

/* Supervision of live calls (issue 9): wcc-api-supervision.c */
void wcc_api_call_supervision_post   (WccRequest *request);
void wcc_api_call_supervision_delete (WccRequest *request);
void wcc_api_supervisions_list       (WccRequest *request);
/* Chat and leader push messages (S14, S15): wcc-api-chat.c */
void wcc_api_chat_users            (WccRequest *request);
void wcc_api_chat_conversations_list (WccRequest *request);
void wcc_api_chat_direct           (WccRequest *request);
void wcc_api_chat_messages_list    (WccRequest *request);
void wcc_api_chat_message_create   (WccRequest *request);
void wcc_api_chat_mark_read        (WccRequest *request);
void wcc_api_chat_search           (WccRequest *request);
void wcc_api_chat_pushes_list      (WccRequest *request);
void wcc_api_chat_push_send        (WccRequest *request);
void wcc_api_chat_push_clear       (WccRequest *request);
/* "Surname Given", or the one there is, or the employee ID (wcc-api-directory.c). */
char        *wcc_api_display_name          (const char    *surname,
                                            const char    *given_name,
                                            const char    *employee_id);

/* Call recordings (C15): wcc-api-recordings.c */
#define WCC_RECORDING_MAX_BYTES (64 * 1024 * 1024)
void wcc_api_call_recording_put    (WccRequest *request);
void wcc_api_call_recording_get    (WccRequest *request);
/* Knowledge base and quick search (S10–S12): wcc-api-knowledge.c */
#define WCC_KB_ATTACHMENT_MAX_BYTES (16 * 1024 * 1024)
const char  *wcc_http_server_get_knowledge_dir (WccHttpServer *self);
void wcc_api_kb_categories_list    (WccRequest *request);
void wcc_api_kb_category_create    (WccRequest *request);
void wcc_api_kb_category_patch     (WccRequest *request);
void wcc_api_kb_category_delete    (WccRequest *request);
void wcc_api_kb_home               (WccRequest *request);
void wcc_api_kb_search             (WccRequest *request);
void wcc_api_kb_items_list         (WccRequest *request);
void wcc_api_kb_item_create        (WccRequest *request);
void wcc_api_kb_item_get           (WccRequest *request);
void wcc_api_kb_item_review        (WccRequest *request);
void wcc_api_kb_attachment_create  (WccRequest *request);
void wcc_api_kb_attachment_get     (WccRequest *request);
void wcc_api_kb_history_list       (WccRequest *request);
void wcc_api_kb_history_add        (WccRequest *request);
void wcc_api_quick_search          (WccRequest *request);
/* The KnowledgeItem object of docs/api.md. */
JsonObject  *wcc_api_kb_item_to_json       (WccStoreKbItem *item);
/* The Customer object of docs/api.md (wcc-api-customers.c). */
JsonObject  *wcc_api_customer_to_json      (WccStoreCustomer *customer);
/* Writes @bytes to a new owner-only file of @dir, then renames it to @path, on a worker
 * thread (the write and its fsync of up to 64 MiB must not stall the loop's calls): a
 * failed write never leaves a partial file in place of a good one (wcc-api-recordings.c). */
void         wcc_api_write_file_async      (const char    *dir,
                                            const char    *path,
                                            GBytes        *bytes,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
gboolean     wcc_api_write_file_finish     (GAsyncResult  *result,
                                            GError       **error);
/* Streams the file at @path (opened already as @fd, taken) as @content_type (wcc-api-recordings.c). */
void         wcc_reply_file                (WccRequest    *request,
                                            int            fd,
                                            const char    *content_type,
                                            const char    *filename);
/* The checked "answers" of a contact record (NULL: none given); FALSE when answered here
 * (400 naming the question). */
typedef struct _WccRecordAnswers WccRecordAnswers;
void         wcc_record_answers_free       (WccRecordAnswers *answers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccRecordAnswers, wcc_record_answers_free)
gboolean     wcc_api_read_record_answers   (WccRequest    *request,
                                            JsonObject    *body,
                                            WccRecordAnswers **out);
/* Inside the caller's transaction. */
gboolean     wcc_api_write_record_answers  (WccRequest    *request,
                                            WccRecordAnswers *answers,
                                            gint64         record_id,
                                            GError       **error);
/* Streams a response body made by @fill, a part per main-loop turn, the next part once the
 * last one is written: @fill appends to @out and returns FALSE after the last part. */
typedef gboolean (*WccStreamFill) (WccRequest *request,
                                   gpointer    data,
                                   GString    *out);
void         wcc_reply_stream              (WccRequest    *request,
                                            const char    *content_type,
                                            const char    *filename,
                                            WccStreamFill  fill,
                                            gpointer       data,
                                            GDestroyNotify free_data);

/* Notifications (S13), to-dos (D4), announcements (S17): wcc-api-notifications.c */
void wcc_api_notifications_list    (WccRequest *request);
void wcc_api_notifications_unread_count (WccRequest *request);
void wcc_api_notification_read     (WccRequest *request);
void wcc_api_notifications_read_all (WccRequest *request);
void wcc_api_todos_list            (WccRequest *request);
void wcc_api_todo_create           (WccRequest *request);
void wcc_api_todo_get              (WccRequest *request);
void wcc_api_todo_patch            (WccRequest *request);
void wcc_api_todo_delete           (WccRequest *request);
void wcc_api_announcements_list    (WccRequest *request);
void wcc_api_announcements_published (WccRequest *request);
void wcc_api_announcement_create   (WccRequest *request);
void wcc_api_announcement_get      (WccRequest *request);
void wcc_api_announcement_seen     (WccRequest *request);
/* S13: adds a notification for @notification's user in the caller's client (inside the
 * caller's transaction if one is open); its id, 0 on error. Publish it after the commit
 * with wcc_api_notification_publish (): "notification.created" to that user only. */
gint64       wcc_api_notification_add      (WccRequest    *request,
                                            const WccStoreNotification *notification,
                                            GError       **error);
void         wcc_api_notification_publish  (WccRequest    *request,
                                            gint64         user_id,
                                            gint64         notification_id);
/* Adds and publishes at once (outside a transaction); a failure is logged. */
void         wcc_api_notify                (WccRequest    *request,
                                            const WccStoreNotification *notification);
/* A review outcome for @user_id (the requester or author) with @title, about @ref_type
 * @ref_id; the body is the customer's label (@customer_id 0: none) and @reason. As
 * wcc_api_notification_add (). For every reviewed kind (warnings, number requests,
 * knowledge). */
gint64       wcc_api_notification_add_review (WccRequest  *request,
                                            gint64         user_id,
                                            const char    *kind,
                                            const char    *title,
                                            const char    *ref_type,
                                            gint64         ref_id,
                                            gint64         customer_id,
                                            const char    *reason,
                                            GError       **error);

/* C8: the label of the customer's tab ("New customer" for one not saved: id 0). */
char *wcc_api_customer_tab_label   (const WccStoreCustomer *customer);

/* issue 9 approvals: acting for an agent (R3) and the audit log (wcc-api-audit.c). */
/* May the caller act for, or look at the work of, @user_id: themselves, a user of the
 * groups they lead (leaders), anyone of the client (the client admin)? Else 404 for no such
 * user of the client, 403 with @forbidden; FALSE when answered here. */
gboolean     wcc_request_check_acts_for    (WccRequest    *request,
                                            gint64         user_id,
                                            const char    *forbidden);
/* The optional "on_behalf_of" of a write (0 when absent), checked as above; 400 when it is
 * not another user's id. FALSE when answered here. */
gboolean     wcc_api_read_on_behalf_of     (WccRequest    *request,
                                            JsonObject    *body,
                                            gint64         *out_agent_id);
/* An audit entry: the caller did @action for @on_behalf_of (0 or the caller: none). */
void         wcc_api_audit_on_behalf       (WccRequest    *request,
                                            gint64         on_behalf_of,
                                            const char    *action,
                                            const char    *detail);
/* ?agent=ID: the caller (default) or one they may act for, as above (wcc-api-lists.c). */
gboolean     wcc_request_query_agent       (WccRequest    *request,
                                            gint64        *out_user_id);
void wcc_api_audit_list            (WccRequest *request);
void wcc_api_customers_reassign    (WccRequest *request);
void wcc_api_contact_records_list  (WccRequest *request);
/* "approvals.changed" (data {"type": "number_request|warning|knowledge", "id", "state"}) to
 * those who review what @author_id
 * submits: their inbox reloads (wcc-api-approvals.c). */
void         wcc_api_publish_approvals_changed (WccRequest *request,
                                            gint64         author_id,
                                            const char    *type,
                                            gint64         id,
                                            WccReviewState state);

G_END_DECLS
