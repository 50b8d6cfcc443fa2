/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-approvals-page.c: the approvals inbox (C6, C9, S12): one list of what waits for the
 * user's review, each approved or rejected (with a reason) where it is shown. */
#define G_LOG_DOMAIN "wcc-approvals-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-approvals-page.h"
#include "wcc-error.h"
#include "wcc-status-icon.h"

/* The inbox holds what the reviewers of a team have waiting: one page of the server's. */
#define PAGE_SIZE 200

struct _WccApprovalsPage
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkLabel      *count_label;
  GtkListBox    *list;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;

  /* owned references */
  WccSession    *session;
  GCancellable  *cancellable;     /* the load in flight */
  GCancellable  *writes;          /* reviews, until the page goes */

  guint          pending;
  gboolean       more;            /* more than one page waits */
  gboolean       loading;
  gboolean       load_again;      /* an event came while loading */
};

G_DEFINE_FINAL_TYPE (WccApprovalsPage, wcc_approvals_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (WccApprovalsPage *self);

static void
toast (WccApprovalsPage *self,
       const char       *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

/* The record under review in an item of GET /approvals: its type's member. */
static JsonObject *
item_record (JsonObject *item)
{
  const char *type = json_object_get_string_member_with_default (item, "type", "");

  if (g_str_equal (type, "number_request"))
    return json_object_get_object_member (item, "number_request");
  if (g_str_equal (type, "knowledge"))
    return json_object_get_object_member (item, "knowledge");
  return json_object_get_object_member (item, "note");
}

static const char *
item_string (JsonObject *item,
             const char *member)
{
  if (!json_object_has_member (item, member) || json_object_get_null_member (item, member))
    return "";
  return json_object_get_string_member_with_default (item, member, "");
}

/* What the row says of @item: its title and its details. */
static void
describe (JsonObject  *item,
          char       **out_title,
          char       **out_subtitle)
{
  const char *type = json_object_get_string_member_with_default (item, "type", "");
  JsonObject *record = item_record (item);
  const char *customer = item_string (item, "customer_label");
  const char *author = item_string (item, "author_name");

  if (g_str_equal (type, "number_request"))
    {
      const char *kind = json_object_get_string_member_with_default (record, "kind", "");
      const char *number = json_object_get_string_member_with_default (record, "number", "");

      *out_title = g_str_equal (kind, "blacklist")
                   /* TRANSLATORS: %s is a phone number */
                   ? g_strdup_printf (_("Blacklist request: %s"), number)
                   /* TRANSLATORS: %s is a phone number */
                   : g_strdup_printf (_("Do-not-call request: %s"), number);
      /* TRANSLATORS: the customer, the agent who asked, and their reason */
      *out_subtitle = g_strdup_printf (_("Customer: %s · Requested by %s · Reason: %s"), customer, author,
                                       json_object_get_string_member_with_default (record, "reason", ""));
    }
  else if (g_str_equal (type, "knowledge"))
    {
      *out_title = g_strdup (json_object_get_string_member_with_default (record, "question", ""));
      /* TRANSLATORS: %s is the author's name */
      *out_subtitle = g_strdup_printf (_("Knowledge item · Submitted by %s"), author);
    }
  else
    {
      *out_title = g_strdup (json_object_get_string_member_with_default (record, "text", ""));
      /* TRANSLATORS: the customer, then the author's name */
      *out_subtitle = g_strdup_printf (_("Pop-up warning · Customer: %s · Written by %s"), customer, author);
    }
}

static void
set_pending (WccApprovalsPage *self,
             guint             pending)
{
  g_autofree char *text = NULL;

  if (self->pending != pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  text = self->more ? g_strdup_printf (_("More than %u items wait for your review"), pending)
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waits for your review",
                                                    "%u items wait for your review", pending), pending);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, pending > 0 ? "list" : "empty");
}

/* ---- reviews ---- */

typedef struct {
  WccApprovalsPage *self;
  GtkWidget        *row;
  gboolean          approve;
} Review;

static void
review_free (Review *review)
{
  g_object_unref (review->self);
  g_object_unref (review->row);
  g_free (review);
}

static void
on_reviewed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Review *review = user_data;
  WccApprovalsPage *self = review->self;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_CONFLICT))
        {
          toast (self, _("Someone else has reviewed it already"));
          load (self);
        }
      else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        {
          toast (self, _("It changed since it was shown: look at it again"));
          load (self);
        }
      else if (g_error_matches (error, WCC_ERROR, WCC_ERROR_NOT_FOUND))
        {
          toast (self, _("It is gone"));
          load (self);
        }
      else
        {
          toast (self, error->message);
          gtk_widget_set_sensitive (review->row, TRUE);
        }
      review_free (review);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    toast (self, _("The decision is sent when the server is back"));
  else
    toast (self, review->approve ? _("Approved") : _("Rejected"));
  /* The row leaves: it waits no more. */
  if (gtk_widget_get_parent (review->row) == GTK_WIDGET (self->list))
    {
      gtk_list_box_remove (self->list, review->row);
      set_pending (self, self->pending > 0 ? self->pending - 1 : 0);
    }
  review_free (review);
}

static void
send_review (WccApprovalsPage *self,
             GtkWidget        *row,
             gboolean          approve,
             const char       *reason)
{
  JsonObject *item = g_object_get_data (G_OBJECT (row), "approval");
  JsonObject *record = item_record (item);
  const char *type = json_object_get_string_member (item, "type");
  gint64 id = json_object_get_int_member (record, "id");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;
  Review *review;

  if (g_str_equal (type, "number_request"))
    path = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "/review", id);
  else if (g_str_equal (type, "knowledge"))
    path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT "/review", id);
  else
    path = g_strdup_printf ("/api/v1/notes/%" G_GINT64_FORMAT "/review", id);
  json_object_set_string_member (body, "decision", approve ? "approve" : "reject");
  if (reason != NULL)
    json_object_set_string_member (body, "reason", reason);
  /* Reviewed as it was shown: a change since then is a 409 (a warning, never edited, has
   * no version to check). */
  if (!g_str_equal (type, "warning"))
    json_object_set_int_member (body, "version", json_object_get_int_member (record, "version"));
  json_node_set_object (node, body);
  gtk_widget_set_sensitive (row, FALSE);
  review = g_new0 (Review, 1);
  review->self = g_object_ref (self);
  review->row = g_object_ref (row);
  review->approve = approve;
  wcc_session_queue_write_async (self->session, "POST", path, node, self->writes, on_reviewed, review);
}

static void
on_approve_clicked (GtkButton *button,
                    GtkWidget *row)
{
  WccApprovalsPage *self = WCC_APPROVALS_PAGE (gtk_widget_get_ancestor (row, WCC_TYPE_APPROVALS_PAGE));

  send_review (self, row, TRUE, NULL);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reject", *reason != '\0');
}

static void
on_reject_response (AdwMessageDialog *dialog,
                    const char       *response,
                    GtkWidget        *row)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *page = gtk_widget_get_ancestor (row, WCC_TYPE_APPROVALS_PAGE);

  if (g_str_equal (response, "reject") && *reason != '\0' && page != NULL)
    send_review (WCC_APPROVALS_PAGE (page), row, FALSE, reason);
}

/* A rejection needs a reason: the requester is told it (S13). */
static void
on_reject_clicked (GtkButton *button,
                   GtkWidget *row)
{
  GtkRoot *root = gtk_widget_get_root (row);
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Reject?"),
                                                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  gtk_widget_set_name (GTK_WIDGET (dialog), "reject_dialog");
  gtk_widget_set_name (entry, "reason_entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (told to the requester)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 200);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reject", _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "reject", FALSE);
  adw_message_dialog_set_default_response (dialog, "reject");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response), row, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- the list ---- */

static GtkWidget *
create_row (JsonObject *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *approve = gtk_button_new_with_mnemonic (_("_Approve"));
  GtkWidget *reject = gtk_button_new_with_mnemonic (_("_Reject…"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("approval-%s-%" G_GINT64_FORMAT,
                                           json_object_get_string_member (item, "type"),
                                           json_object_get_int_member (item_record (item), "id"));

  describe (item, &title, &subtitle);
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_object_set_data_full (G_OBJECT (row), "approval", json_object_ref (item), (GDestroyNotify) json_object_unref);
  gtk_widget_set_name (approve, "approve");
  gtk_widget_set_name (reject, "reject");
  gtk_widget_add_css_class (approve, "suggested-action");
  gtk_widget_add_css_class (reject, "destructive-action");
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), approve);
  gtk_box_append (GTK_BOX (buttons), reject);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
  g_signal_connect (approve, "clicked", G_CALLBACK (on_approve_clicked), row);
  g_signal_connect (reject, "clicked", G_CALLBACK (on_reject_clicked), row);
  return row;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WccApprovalsPage) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  JsonArray *items;
  guint n;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (self->load_again)
    {
      load (self);
      return;
    }
  if (answer == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  items = json_object_get_array_member (answer, "items");
  n = items != NULL ? json_array_get_length (items) : 0;
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, create_row (json_array_get_object_element (items, i)));
  self->more = json_object_has_member (answer, "next") && !json_object_get_null_member (answer, "next");
  set_pending (self, n);
}

static void
load (WccApprovalsPage *self)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/approvals?limit=%u", PAGE_SIZE);

  if (self->session == NULL)
    return;
  /* One load at a time: an event during one loads again after it. */
  if (self->loading)
    {
      self->load_again = TRUE;
      return;
    }
  self->loading = TRUE;
  self->load_again = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable, on_loaded,
                               g_object_ref (self));
}

static void
on_approvals_changed (WccApprovalsPage *self,
                      const char       *type,
                      gint64            seq,
                      JsonNode         *data,
                      WccEventStream   *events)
{
  load (self);
}

static void
on_resync (WccApprovalsPage *self,
           WccEventStream   *events)
{
  load (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_approvals_page_reload (WCC_APPROVALS_PAGE (widget));
}

static void
wcc_approvals_page_dispose (GObject *object)
{
  WccApprovalsPage *self = WCC_APPROVALS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->writes);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_APPROVALS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_approvals_page_parent_class)->dispose (object);
}

static void
wcc_approvals_page_finalize (GObject *object)
{
  WccApprovalsPage *self = WCC_APPROVALS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->writes);

  G_OBJECT_CLASS (wcc_approvals_page_parent_class)->finalize (object);
}

static void
wcc_approvals_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WccApprovalsPage *self = WCC_APPROVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_approvals_page_class_init (WccApprovalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_approvals_page_dispose;
  object_class->finalize = wcc_approvals_page_finalize;
  object_class->get_property = wcc_approvals_page_get_property;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-approvals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, list);
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WccApprovalsPage, error_page);

  gtk_widget_class_install_action (widget_class, "approvals.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "approvals.reload", NULL);
}

static void
wcc_approvals_page_init (WccApprovalsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->writes = g_cancellable_new ();
  wcc_spinner_spin_when_shown (self->spinner);
  wcc_status_page_set_icon_when_shown (self->empty_page, "object-select-symbolic");
  wcc_status_page_set_icon_when_shown (self->error_page, "network-error-symbolic");
}

void
wcc_approvals_page_set_session (WccApprovalsPage *self,
                                WccSession       *session)
{
  WccEventStream *events;

  g_return_if_fail (WCC_IS_APPROVALS_PAGE (self));
  g_return_if_fail (WCC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  events = wcc_session_get_event_stream (session);
  g_signal_connect_object (events, "event::approvals.changed", G_CALLBACK (on_approvals_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (on_resync), self, G_CONNECT_SWAPPED);
  load (self);
}

void
wcc_approvals_page_reload (WccApprovalsPage *self)
{
  g_return_if_fail (WCC_IS_APPROVALS_PAGE (self));
  load (self);
}

guint
wcc_approvals_page_get_pending (WccApprovalsPage *self)
{
  g_return_val_if_fail (WCC_IS_APPROVALS_PAGE (self), 0);
  return self->pending;
}
