/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customer-section.c: the base of a customer tab's sections. */
#define G_LOG_DOMAIN "wcc-customer-section"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-customer-section.h"
#include "wcc-error.h"
#include "wcc-json.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CUSTOMER,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  /* borrowed references (template widgets of the subclass) */
  AdwToastOverlay *toasts;
  GtkLabel        *pending_label;
  GtkStack        *pages;
  GtkLabel        *conflict_label;
  GtkLabel        *editor_title;
  GtkListView     *list_view;
  GtkStack        *list_stack;

  /* owned references */
  WccRecordForm   *form;
  WccPagedList    *list;
  GtkSortListModel *sorted;

  WccSession      *session;
  WccRecord       *customer;
  GSignalGroup    *session_signals;
  GSignalGroup    *event_signals;
  GCancellable    *cancellable;   /* reads of the current customer and session */

  guint            pending;
  gboolean         saving;     /* the editor's save waits for its answer */
  /* Disposed: the subclass's template widgets are gone. The writes and reads going on
   * hold a reference, so this normally comes after their callbacks; should the section be
   * disposed before (run_dispose), the callbacks are not called. */
  gboolean         disposed;
} WccCustomerSectionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (WccCustomerSection, wcc_customer_section, ADW_TYPE_BIN)

static void
cancel_reads (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
}

static void
update_list_state (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  if (priv->list_stack != NULL)
    gtk_stack_set_visible_child_name (priv->list_stack,
                                      priv->list && g_list_model_get_n_items (G_LIST_MODEL (priv->list)) > 0
                                      ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.new",
                                 priv->form != NULL && priv->session != NULL &&
                                 wcc_customer_section_get_customer_id (self) > 0);
}

static GListModel *
shown (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  return priv->sorted ? G_LIST_MODEL (priv->sorted) : G_LIST_MODEL (priv->list);
}

/* A new customer or session: the list starts again (and the editor closes). */
static void
drop_list (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  gint64 customer_id = wcc_customer_section_get_customer_id (self);

  if (priv->form != NULL)
    wcc_customer_section_show_list (self);
  g_clear_object (&priv->list);
  if (priv->list_view != NULL && priv->session != NULL && customer_id > 0 && klass->list_what != NULL)
    {
      g_autofree char *path = wcc_customer_section_path (self, klass->list_what);

      priv->list = wcc_customer_section_new_list (self, path);
      g_signal_connect_object (priv->list, "items-changed", G_CALLBACK (update_list_state),
                               self, G_CONNECT_SWAPPED);
    }
  if (priv->sorted != NULL)
    gtk_sort_list_model_set_model (priv->sorted, G_LIST_MODEL (priv->list));
  else if (priv->list_view != NULL)
    {
      g_autoptr(GtkSelectionModel) selection = GTK_SELECTION_MODEL (gtk_no_selection_new (priv->list ? g_object_ref (G_LIST_MODEL (priv->list)) : NULL));
      gtk_list_view_set_model (priv->list_view, selection);
    }
}

static void
reload (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);

  if (priv->list != NULL)
    wcc_paged_list_reload (priv->list);
  update_list_state (self);
  if (klass->reload != NULL)
    klass->reload (self);
}

/* The writes of this section waiting in the outbox, one line each; when some of them went
 * through, the section reads the server's records again. */
static void
update_pending (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *customer_prefix = NULL;
  guint pending = 0;
  guint old = priv->pending;

  if (priv->session != NULL && priv->customer != NULL && klass->describe_write != NULL)
    entries = wcc_outbox_list (wcc_session_get_outbox (priv->session));
  customer_prefix = wcc_customer_section_path (self, "");
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      WccOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonObject) body = NULL;
      g_autofree char *line = NULL;

      /* Every tab's sections look at every write: only this customer's paths and the
       * section's records are parsed (a reconnect with many writes stays cheap). */
      if (!g_str_has_prefix (entry->path, customer_prefix) &&
          (klass->record_prefix == NULL || !g_str_has_prefix (entry->path, klass->record_prefix)))
        continue;
      body = entry->body ? wcc_json_parse_object (entry->body, -1, NULL) : NULL;
      line = klass->describe_write (self, entry->method, entry->path, body);
      if (line == NULL)
        continue;
      pending++;
      g_string_append_printf (lines, "\n%s", line);
    }

  if (priv->pending_label != NULL)
    {
      g_autofree char *text = NULL;

      if (pending > 0)
        /* TRANSLATORS: above the list of a customer's changes that wait for the server */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waits to be sent:%s",
                                             "%u changes wait to be sent:%s", pending),
                                pending, lines->str);
      gtk_label_set_text (priv->pending_label, text ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (priv->pending_label), pending > 0);
    }
  if (pending != old)
    {
      priv->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (pending < old)
    reload (self);
}

static void
on_event (WccCustomerSection *self,
          const char         *type,
          gint64              seq,
          JsonNode           *data,
          WccEventStream     *stream)
{
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);

  if (klass->event != NULL && data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    klass->event (self, type, json_node_get_object (data));
}

static void
on_resync (WccCustomerSection *self,
           WccEventStream     *stream)
{
  reload (self);
}

/* A write or a read of the section going on: it keeps the section (not its widgets: see
 * "disposed") and frees user_data however it ends. */
typedef struct {
  WccCustomerSection  *self;
  WccSectionWriteDone  write_done;
  WccSectionReadDone   read_done;
  gpointer             user_data;
  GDestroyNotify       destroy;   /* of user_data, after done (or instead of it) */
} SectionCall;

static SectionCall *
section_call_new (WccCustomerSection *self,
                  gpointer            user_data,
                  GDestroyNotify      destroy)
{
  SectionCall *call = g_new0 (SectionCall, 1);

  call->self = g_object_ref (self);
  call->user_data = user_data;
  call->destroy = destroy;
  return call;
}

static void
section_call_free (SectionCall *call)
{
  if (call->destroy != NULL)
    call->destroy (call->user_data);
  g_clear_object (&call->self);
  g_free (call);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SectionCall, section_call_free)

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SectionCall) call = user_data;
  WccCustomerSection *self = call->self;
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome = WCC_WRITE_APPLIED;
  JsonObject *object = NULL;
  gboolean finished = wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error);

  /* The tab was closed meanwhile: the server has the write (or the outbox keeps it), and
   * there is nothing left to show it in. */
  if (priv->disposed)
    return;
  if (!finished)
    {
      if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
        wcc_customer_section_toast (self, _("Someone else changed this meanwhile: their version is shown now, yours was not saved"));
      else
        wcc_customer_section_toast (self, error->message);
    }
  else if (outcome == WCC_WRITE_QUEUED &&
           wcc_session_get_connection (WCC_SESSION (source)) == WCC_CONNECTION_OFFLINE)
    /* Queued while online (behind other writes) goes out shortly: the pending line says it. */
    wcc_customer_section_toast (self, _("The server cannot be reached: the change is kept here and sent when it is back"));
  else if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    object = json_node_get_object (answer);

  update_pending (self);
  if (call->write_done != NULL)
    call->write_done (self, outcome, object, error, call->user_data);
  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT))
    reload (self);
}

static void
bind_row (GtkListItem *item)
{
  WccCustomerSection *self = g_object_get_data (G_OBJECT (item), "section");
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  WccRecord *record = gtk_list_item_get_item (item);

  if (klass->bind_row != NULL && record != NULL)
    klass->bind_row (self, WCC_SECTION_ROW (gtk_list_item_get_child (item)), record);
}

static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WccCustomerSection       *self)
{
  gtk_list_item_set_child (item, wcc_section_row_new ());
  g_object_set_data (G_OBJECT (item), "section", self);
}

/* A record edited or updated by an event refills its row. */
static void
on_bind_row (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WccCustomerSection       *self)
{
  gulong handler = g_signal_connect_object (gtk_list_item_get_item (item), "notify::data",
                                            G_CALLBACK (bind_row), item, G_CONNECT_SWAPPED);

  g_object_set_data (G_OBJECT (item), "data-handler", GSIZE_TO_POINTER (handler));
  bind_row (item);
}

static void
on_unbind_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               WccCustomerSection       *self)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "data-handler"));
  gpointer record = gtk_list_item_get_item (item);

  if (handler != 0 && record != NULL)
    g_signal_handler_disconnect (record, handler);
  g_object_set_data (G_OBJECT (item), "data-handler", NULL);
}

static void
on_list_activate (GtkListView        *view,
                  guint               position,
                  WccCustomerSection *self)
{
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  g_autoptr(WccRecord) record = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (view)), position);

  if (record == NULL)
    return;
  if (klass->activate_record != NULL)
    klass->activate_record (self, record);
  else
    wcc_customer_section_open_editor (self, record);
}

/* The pending line of a write of the section's list: a new record, a change, a deletion. */
static char *
wcc_customer_section_real_describe_write (WccCustomerSection *self,
                                          const char         *method,
                                          const char         *path,
                                          JsonObject         *body)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  const char *name_member = klass->name_member ? klass->name_member : "name";
  g_autofree char *create = NULL;
  WccRecord *record;
  gint64 id;

  if (klass->list_what == NULL || klass->record_prefix == NULL || klass->describe_new == NULL)
    return NULL;
  create = wcc_customer_section_path (self, klass->list_what);
  /* The class's formats are string constants with one %s each (see the class struct). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  if (g_str_equal (method, "POST") && g_str_equal (path, create))
    return g_strdup_printf (_(klass->describe_new), body ? json_object_get_string_member_with_default (body, name_member, "") : "");
  id = wcc_customer_section_path_id (path, klass->record_prefix);
  record = id > 0 && priv->list ? wcc_paged_list_find (priv->list, id, NULL) : NULL;
  if (record == NULL)
    return NULL;
  return g_strdup_printf (_(g_str_equal (method, "DELETE") ? klass->describe_delete : klass->describe_change),
                          wcc_record_get_string (record, name_member));
#pragma GCC diagnostic pop
}

/* ---- actions of the list and the editor -------------------------------------------------- */

static void
on_editor_saved (WccCustomerSection *self,
                 WccWriteOutcome     outcome,
                 JsonObject         *answer,
                 const GError       *error,
                 gpointer            user_data)
{
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccRecord *record;

  priv->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.save", TRUE);
  if (error != NULL)
    return;   /* the toast said why (a conflict shows both versions); what was typed stays */
  if (outcome == WCC_WRITE_QUEUED || answer == NULL)
    {
      wcc_customer_section_show_list (self);   /* listed as waiting */
      return;
    }
  record = wcc_customer_section_take_record (self, answer);
  wcc_customer_section_toast (self, _("Saved"));
  if (klass->saved != NULL && record != NULL)
    klass->saved (self, record);
  else
    wcc_customer_section_show_list (self);
}

static void
on_editor_deleted (WccCustomerSection *self,
                   WccWriteOutcome     outcome,
                   JsonObject         *answer,
                   const GError       *error,
                   gpointer            user_data)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  gint64 id = (gint64) GPOINTER_TO_SIZE (user_data);

  if (error != NULL)
    return;
  if (outcome == WCC_WRITE_APPLIED && priv->list != NULL)
    {
      wcc_paged_list_remove (priv->list, id);
      wcc_customer_section_toast (self, _("Deleted"));
    }
  wcc_customer_section_show_list (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  wcc_customer_section_open_editor (WCC_CUSTOMER_SECTION (widget), NULL);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (WCC_CUSTOMER_SECTION (widget));
  WccRecord *record = priv->list ? wcc_paged_list_find (priv->list, g_variant_get_int64 (parameter), NULL) : NULL;

  if (record != NULL)
    wcc_customer_section_open_editor (WCC_CUSTOMER_SECTION (widget), record);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_customer_section_show_list (WCC_CUSTOMER_SECTION (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCustomerSection *self = WCC_CUSTOMER_SECTION (widget);
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  g_autofree char *create_path = NULL;

  if (priv->form == NULL || klass->list_what == NULL || priv->saving)
    return;
  create_path = wcc_customer_section_path (self, klass->list_what);
  /* One save at a time: a second click before the answer would post the record twice. */
  if (wcc_customer_section_save_form (self, priv->form, create_path, klass->record_prefix,
                                      priv->conflict_label, on_editor_saved, NULL))
    {
      priv->saving = TRUE;
      gtk_widget_action_set_enabled (widget, "section.save", FALSE);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccCustomerSection *self = WCC_CUSTOMER_SECTION (widget);
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);
  WccRecord *record = priv->form ? wcc_record_form_get_record (priv->form) : NULL;
  g_autofree char *path = NULL;

  if (record == NULL || priv->session == NULL || klass->record_prefix == NULL)
    return;
  path = g_strdup_printf ("%s%" G_GINT64_FORMAT "?version=%" G_GINT64_FORMAT, klass->record_prefix,
                          wcc_record_get_id (record), wcc_record_get_version (record));
  wcc_customer_section_write (self, "DELETE", path, NULL, on_editor_deleted,
                              GSIZE_TO_POINTER ((gsize) wcc_record_get_id (record)));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_customer_section_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WccCustomerSection *self = WCC_CUSTOMER_SECTION (object);
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_CUSTOMER:
      g_value_set_object (value, priv->customer);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, priv->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_section_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  WccCustomerSection *self = WCC_CUSTOMER_SECTION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      wcc_customer_section_set_session (self, g_value_get_object (value));
      break;
    case PROP_CUSTOMER:
      wcc_customer_section_set_customer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_customer_section_dispose (GObject *object)
{
  WccCustomerSection *self = WCC_CUSTOMER_SECTION (object);
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  priv->disposed = TRUE;
  if (priv->session_signals != NULL)
    g_signal_group_set_target (priv->session_signals, NULL);
  if (priv->event_signals != NULL)
    g_signal_group_set_target (priv->event_signals, NULL);
  g_clear_object (&priv->session_signals);
  g_clear_object (&priv->event_signals);
  cancel_reads (self);
  g_clear_object (&priv->session);
  g_clear_object (&priv->customer);
  priv->toasts = NULL;
  priv->pending_label = NULL;
  priv->pages = NULL;
  priv->editor_title = NULL;
  priv->conflict_label = NULL;
  g_clear_object (&priv->form);
  g_clear_object (&priv->list);
  g_clear_object (&priv->sorted);
  priv->list_view = NULL;
  priv->list_stack = NULL;

  G_OBJECT_CLASS (wcc_customer_section_parent_class)->dispose (object);
}

static void
wcc_customer_section_class_init (WccCustomerSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wcc_customer_section_get_property;
  object_class->set_property = wcc_customer_section_set_property;
  object_class->dispose = wcc_customer_section_dispose;
  klass->describe_write = wcc_customer_section_real_describe_write;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "section.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "section.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "section.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "section.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "section.delete", NULL, delete_action);
}

static void
wcc_customer_section_init (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  /* The editor's actions wait for an editor (wcc_customer_section_set_editor()): a section
   * with none (SMS, questionnaire) never offers them. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.new", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.back", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.delete", FALSE);

  priv->session_signals = g_signal_group_new (WCC_TYPE_SESSION);
  g_signal_group_connect_swapped (priv->session_signals, "notify::pending-changes",
                                  G_CALLBACK (update_pending), self);
  priv->event_signals = g_signal_group_new (WCC_TYPE_EVENT_STREAM);
  g_signal_group_connect_swapped (priv->event_signals, "event", G_CALLBACK (on_event), self);
  g_signal_group_connect_swapped (priv->event_signals, "resync", G_CALLBACK (on_resync), self);
}

WccSession *
wcc_customer_section_get_session (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  return priv->session;
}

void
wcc_customer_section_set_session (WccCustomerSection *self,
                                  WccSession         *session)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (session == NULL || WCC_IS_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;
  g_signal_group_set_target (priv->session_signals, session);
  g_signal_group_set_target (priv->event_signals, session ? wcc_session_get_event_stream (session) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  cancel_reads (self);
  drop_list (self);
  reload (self);
  priv->pending = 0;
  update_pending (self);
}

WccRecord *
wcc_customer_section_get_customer (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  return priv->customer;
}

void
wcc_customer_section_set_customer (WccCustomerSection *self,
                                   WccRecord          *customer)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (customer == NULL || WCC_IS_RECORD (customer));

  if (!g_set_object (&priv->customer, customer))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
  cancel_reads (self);
  drop_list (self);
  reload (self);
  priv->pending = 0;
  update_pending (self);
}

gint64
wcc_customer_section_get_customer_id (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), 0);
  return priv->customer ? wcc_record_get_id (priv->customer) : 0;
}

guint
wcc_customer_section_get_pending (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), 0);
  return priv->pending;
}

void
wcc_customer_section_set_feedback (WccCustomerSection *self,
                                   AdwToastOverlay    *toasts,
                                   GtkLabel           *pending_label)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));

  priv->toasts = toasts;
  priv->pending_label = pending_label;
  if (pending_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (pending_label), priv->pending > 0);
}

void
wcc_customer_section_toast (WccCustomerSection *self,
                            const char         *message)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  AdwToast *toast;

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (message != NULL);

  g_debug ("%s: %s", G_OBJECT_TYPE_NAME (self), message);
  if (priv->toasts == NULL)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (priv->toasts, toast);
}

char *
wcc_customer_section_path (WccCustomerSection *self,
                           const char         *what)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  g_return_val_if_fail (what != NULL, NULL);

  return g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/%s",
                          wcc_customer_section_get_customer_id (self), what);
}

WccPagedList *
wcc_customer_section_new_list (WccCustomerSection *self,
                               const char         *path)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);

  if (priv->session == NULL)
    return NULL;
  return wcc_paged_list_new (wcc_session_get_client (priv->session), path);
}

void
wcc_customer_section_set_list (WccCustomerSection *self,
                               GtkListView        *view,
                               GtkStack           *list_stack,
                               GtkSorter          *sorter)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (GTK_IS_LIST_VIEW (view));
  g_return_if_fail (priv->list_view == NULL);

  priv->list_view = view;
  priv->list_stack = list_stack;
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_row), self, 0);
  gtk_list_view_set_factory (view, factory);
  gtk_list_view_set_single_click_activate (view, TRUE);
  g_signal_connect_object (view, "activate", G_CALLBACK (on_list_activate), self, 0);
  if (sorter != NULL)
    {
      g_autoptr(GtkSelectionModel) selection = NULL;

      priv->sorted = gtk_sort_list_model_new (NULL, g_object_ref (sorter));
      selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (priv->sorted))));
      gtk_list_view_set_model (view, selection);
    }
  drop_list (self);
  update_list_state (self);
}

WccPagedList *
wcc_customer_section_get_list (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  return priv->list;
}

GListModel *
wcc_customer_section_get_shown (WccCustomerSection *self)
{
  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  return shown (self);
}

WccRecord *
wcc_customer_section_get_edited (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);

  if (priv->form == NULL || !g_str_equal (gtk_stack_get_visible_child_name (priv->pages), "editor"))
    return NULL;
  return wcc_record_form_get_record (priv->form);
}

gboolean
wcc_customer_section_get_unsaved (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), FALSE);

  if (priv->saving)
    return TRUE;
  return priv->form != NULL && g_str_equal (gtk_stack_get_visible_child_name (priv->pages), "editor") &&
         wcc_record_form_get_changed (priv->form);
}

WccRecord *
wcc_customer_section_take_record (WccCustomerSection *self,
                                  JsonObject         *data)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccRecord *edited;
  WccRecord *record;

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (priv->list == NULL)
    return NULL;
  wcc_paged_list_prepend (priv->list, data);
  if (priv->sorted != NULL)
    gtk_sorter_changed (gtk_sort_list_model_get_sorter (priv->sorted), GTK_SORTER_CHANGE_DIFFERENT);
  record = wcc_paged_list_find (priv->list, json_object_get_int_member_with_default (data, "id", 0), NULL);
  edited = priv->form ? wcc_record_form_get_record (priv->form) : NULL;
  if (record != NULL && edited != NULL && edited != record && wcc_record_get_id (edited) == wcc_record_get_id (record))
    wcc_record_update (edited, data);
  return record;
}

/* @destroy frees @user_data however the write ends, even when @done is not called. */
static void
write_full (WccCustomerSection  *self,
            const char          *method,
            const char          *path,
            JsonObject          *body,
            WccSectionWriteDone  done,
            gpointer             user_data,
            GDestroyNotify       destroy)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  g_autoptr(JsonNode) node = NULL;
  SectionCall *call;

  g_assert (priv->session != NULL);

  if (body != NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, body);
    }
  call = section_call_new (self, user_data, destroy);
  call->write_done = done;
  wcc_session_queue_write_async (priv->session, method, path, node, NULL, on_write_done, call);
}

void
wcc_customer_section_write (WccCustomerSection  *self,
                            const char          *method,
                            const char          *path,
                            JsonObject          *body,
                            WccSectionWriteDone  done,
                            gpointer             user_data)
{
  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (wcc_customer_section_get_session (self) != NULL);

  write_full (self, method, path, body, done, user_data, NULL);
}

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SectionCall) call = user_data;
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (call->self);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || priv->disposed)
    return;
  call->read_done (call->self, answer, error, call->user_data);
}

/* @destroy frees @user_data however the read ends, even when @done is not called. */
static void
read_full (WccCustomerSection *self,
           const char         *path,
           WccSectionReadDone  done,
           gpointer            user_data,
           GDestroyNotify      destroy)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  SectionCall *call;

  g_assert (priv->session != NULL && !priv->disposed);

  if (priv->cancellable == NULL)
    priv->cancellable = g_cancellable_new ();
  call = section_call_new (self, user_data, destroy);
  call->read_done = done;
  wcc_client_get_object_async (wcc_session_get_client (priv->session), path, priv->cancellable,
                               on_read_done, call);
}

static void
on_read_all_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SectionCall) call = user_data;
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (call->self);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  items = wcc_client_get_all_items_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || priv->disposed)
    return;
  if (items != NULL)
    {
      answer = json_object_new ();
      json_object_set_array_member (answer, "items", g_steal_pointer (&items));
    }
  call->read_done (call->self, answer, error, call->user_data);
}

/* Every page of a cursor list at @path, given to @done as one {items}. */
void
wcc_customer_section_read_all (WccCustomerSection *self,
                               const char         *path,
                               WccSectionReadDone  done,
                               gpointer            user_data)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  SectionCall *call;

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (path != NULL && done != NULL);
  g_return_if_fail (priv->session != NULL && !priv->disposed);

  if (priv->cancellable == NULL)
    priv->cancellable = g_cancellable_new ();
  call = section_call_new (self, user_data, NULL);
  call->read_done = done;
  wcc_client_get_all_items_async (wcc_session_get_client (priv->session), path, priv->cancellable,
                                  on_read_all_done, call);
}

void
wcc_customer_section_read (WccCustomerSection *self,
                           const char         *path,
                           WccSectionReadDone  done,
                           gpointer            user_data)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (path != NULL && done != NULL);
  g_return_if_fail (priv->session != NULL);

  read_full (self, path, done, user_data, NULL);
}

/* A save of a form: owned by its write, then by the read of the current record after a
 * conflict (their destroy notify frees it). */
typedef struct {
  WccRecordForm       *form;
  GtkLabel            *conflict_label;
  char                *record_path;
  WccSectionWriteDone  done;
  gpointer             user_data;
} FormSave;

static void
form_save_free (FormSave *save)
{
  g_clear_object (&save->form);
  g_clear_object (&save->conflict_label);
  g_free (save->record_path);
  g_free (save);
}

static void
on_current_record (WccCustomerSection *self,
                   JsonObject         *answer,
                   const GError       *error,
                   gpointer            user_data)
{
  FormSave *save = user_data;
  WccRecord *edited = wcc_record_form_get_record (save->form);
  g_autofree char *theirs = NULL;
  g_autofree char *text = NULL;

  if (error != NULL || edited == NULL ||
      json_object_get_int_member_with_default (answer, "id", 0) != wcc_record_get_id (edited))
    return;
  /* Both versions show: the form keeps what was typed, the label what the server has. */
  theirs = wcc_record_form_rebase (save->form, answer);
  text = g_strdup_printf (_("Someone else changed this meanwhile. The server now has:\n%s\nSave again to replace it with what is shown below."),
                          *theirs ? theirs : _("(the same values)"));
  gtk_label_set_text (save->conflict_label, text);
  gtk_widget_set_visible (GTK_WIDGET (save->conflict_label), TRUE);
}

static void
on_form_saved (WccCustomerSection *self,
               WccWriteOutcome     outcome,
               JsonObject         *answer,
               const GError       *error,
               gpointer            user_data)
{
  FormSave *save = user_data;
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  if (g_error_matches (error, WCC_ERROR, WCC_ERROR_VERSION_CONFLICT) && save->record_path != NULL &&
      priv->session != NULL)
    {
      FormSave *again = g_new0 (FormSave, 1);

      /* the write call frees @save after this: the read gets its own */
      again->form = g_object_ref (save->form);
      again->conflict_label = g_object_ref (save->conflict_label);
      read_full (self, save->record_path, on_current_record, again, (GDestroyNotify) form_save_free);
      if (save->done != NULL)
        save->done (self, outcome, answer, error, save->user_data);
      return;
    }
  if (save->conflict_label != NULL && error == NULL)
    gtk_widget_set_visible (GTK_WIDGET (save->conflict_label), FALSE);
  if (save->done != NULL)
    save->done (self, outcome, answer, error, save->user_data);
}

gboolean
wcc_customer_section_save_form (WccCustomerSection  *self,
                                WccRecordForm       *form,
                                const char          *create_path,
                                const char          *record_prefix,
                                GtkLabel            *conflict_label,
                                WccSectionWriteDone  done,
                                gpointer             user_data)
{
  WccRecord *record = wcc_record_form_get_record (form);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  FormSave *save;

  g_return_val_if_fail (WCC_IS_CUSTOMER_SECTION (self), FALSE);
  g_return_val_if_fail (WCC_IS_RECORD_FORM (form), FALSE);
  g_return_val_if_fail (GTK_IS_LABEL (conflict_label), FALSE);

  if (wcc_customer_section_get_session (self) == NULL || wcc_customer_section_get_customer_id (self) <= 0)
    return FALSE;
  body = wcc_record_form_collect (form, &error);
  if (body == NULL)
    {
      wcc_customer_section_toast (self, error->message);
      return FALSE;
    }
  save = g_new0 (FormSave, 1);
  save->form = g_object_ref (form);
  save->conflict_label = g_object_ref (conflict_label);
  save->done = done;
  save->user_data = user_data;
  if (record == NULL)
    {
      write_full (self, "POST", create_path, body, on_form_saved, save, (GDestroyNotify) form_save_free);
      return TRUE;
    }
  save->record_path = g_strdup_printf ("%s%" G_GINT64_FORMAT, record_prefix, wcc_record_get_id (record));
  write_full (self, "PATCH", save->record_path, body, on_form_saved, save, (GDestroyNotify) form_save_free);
  return TRUE;
}

void
wcc_customer_section_set_editor (WccCustomerSection *self,
                                 GtkStack           *pages,
                                 WccRecordForm      *form,
                                 GtkLabel           *editor_title,
                                 GtkLabel           *conflict_label)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (GTK_IS_STACK (pages) && WCC_IS_RECORD_FORM (form) && GTK_IS_LABEL (conflict_label));

  priv->pages = pages;
  priv->editor_title = editor_title;
  priv->conflict_label = conflict_label;
  g_set_object (&priv->form, form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.open", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.back", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.save", TRUE);
  update_list_state (self);
}

void
wcc_customer_section_open_editor (WccCustomerSection *self,
                                  WccRecord          *record)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);
  WccCustomerSectionClass *klass = WCC_CUSTOMER_SECTION_GET_CLASS (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (priv->form != NULL);

  wcc_record_form_fill (priv->form, record);
  gtk_widget_set_visible (GTK_WIDGET (priv->conflict_label), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.delete", record != NULL);
  if (priv->editor_title != NULL)
    gtk_label_set_text (priv->editor_title,
                        record ? wcc_record_get_string (record, klass->name_member ? klass->name_member : "name")
                               : (klass->new_title ? _(klass->new_title) : ""));
  if (record == NULL)
    wcc_record_form_grab_focus (priv->form);
  if (klass->editor_opened != NULL)
    klass->editor_opened (self, record);
  gtk_stack_set_visible_child_name (priv->pages, "editor");
}

void
wcc_customer_section_show_list (WccCustomerSection *self)
{
  WccCustomerSectionPrivate *priv = wcc_customer_section_get_instance_private (self);

  g_return_if_fail (WCC_IS_CUSTOMER_SECTION (self));
  g_return_if_fail (priv->form != NULL);

  wcc_record_form_fill (priv->form, NULL);
  gtk_widget_set_visible (GTK_WIDGET (priv->conflict_label), FALSE);
  gtk_stack_set_visible_child_name (priv->pages, "list");
}

gint64
wcc_customer_section_path_id (const char *path,
                              const char *prefix)
{
  gint64 id;
  char *end = NULL;

  if (path == NULL || prefix == NULL || !g_str_has_prefix (path, prefix))
    return 0;
  id = g_ascii_strtoll (path + strlen (prefix), &end, 10);
  if (end == path + strlen (prefix) || (*end != '\0' && *end != '/' && *end != '?'))
    return 0;
  return id;
}
