/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-history.c: a customer's saved contact records (C15): funnel stage, call
 * result, note, linked ticket, and the call's recording to play. */
#define G_LOG_DOMAIN "wcc-contact-history"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-contact-history.h"
#include "wcc-format.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CUSTOMER,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccContactHistory
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkLabel           *status_label;
  GtkListView        *list_view;

  /* owned references */
  WccSession         *session;
  WccRecord          *customer;
  WccPagedList       *records;
  WccRecordingPlayer *player;
  GCancellable       *cancellable;
  gboolean            manual;        /* the task loads the history on refresh only */
};

G_DEFINE_FINAL_TYPE (WccContactHistory, wcc_contact_history, ADW_TYPE_BIN)

static void
toast (WccContactHistory *self,
       const char        *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static const char *
funnel_label (const char *funnel)
{
  if (g_strcmp0 (funnel, "success") == 0)
    return _("Success");
  if (g_strcmp0 (funnel, "fail") == 0)
    return _("Fail");
  return _("Follow-up");
}

static void
update_status (WccContactHistory *self)
{
  guint n = self->records ? g_list_model_get_n_items (G_LIST_MODEL (self->records)) : 0;
  WccPlaybackState state = self->player ? wcc_recording_player_get_state (self->player) : WCC_PLAYBACK_STOPPED;
  g_autofree char *text = NULL;

  if (state == WCC_PLAYBACK_LOADING)
    text = g_strdup (_("Loading the recording…"));
  else if (state == WCC_PLAYBACK_PLAYING)
    text = g_strdup (_("Playing the recording"));
  else if (self->records == NULL && self->manual)
    text = g_strdup (_("Refresh to load the contact history"));
  else if (self->records != NULL && wcc_paged_list_get_loading (self->records) && n == 0)
    text = g_strdup (_("Loading…"));
  else if (n == 0)
    text = g_strdup (_("No contact record yet"));
  else
    text = g_strdup_printf (ngettext ("%u contact record", "%u contact records", n), n);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.stop", state != WCC_PLAYBACK_STOPPED);
}

/* ---- rows -------------------------------------------------------------------------------- */

static GtkWidget *
row_label (GtkWidget  *box,
           const char *name,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, name);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
on_setup_row (WccContactHistory *self,
              GtkListItem       *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *play = gtk_button_new_from_icon_name ("media-playback-start-symbolic");

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), heading);
  row_label (heading, "time", "dim-label");
  row_label (heading, "funnel", "funnel-badge");
  row_label (heading, "result", "heading");
  row_label (text, "note", NULL);
  row_label (text, "details", "caption");
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_set_valign (play, GTK_ALIGN_CENTER);
  gtk_widget_set_name (play, "play");
  gtk_widget_set_tooltip_text (play, _("Play the Recording"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (play), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play the Recording"), -1);
  /* The target first: an action with a parameter never sees a row without one. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (play), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (play), "history.play");
  gtk_widget_add_css_class (play, "circular");
  gtk_box_append (GTK_BOX (row), play);
  gtk_list_item_set_child (item, row);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static void
on_bind_row (WccContactHistory *self,
             GtkListItem       *item)
{
  WccRecord *record = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  const char *funnel = wcc_record_get_string (record, "funnel");
  const char *recording = wcc_record_get_string (record, "recording_url");
  gint64 created = wcc_record_get_time (record, "created_at");
  gint64 ticket = wcc_record_get_int (record, "ticket_id", 0);
  gint64 call = wcc_record_get_int (record, "call_id", 0);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *when = NULL;
  GtkWidget *funnel_label_widget = find_named (row, "funnel");
  GtkWidget *play = find_named (row, "play");

  when = wcc_format_unix (created, WCC_DATE_STYLE_DATE_TIME);
  gtk_label_set_text (GTK_LABEL (find_named (row, "time")), when ? when : "");
  gtk_label_set_text (GTK_LABEL (funnel_label_widget), funnel_label (funnel));
  for (const char *const *kind = (const char *[]) { "success", "fail", "follow_up", NULL }; *kind; kind++)
    gtk_widget_remove_css_class (funnel_label_widget, *kind);
  if (*funnel != '\0')
    gtk_widget_add_css_class (funnel_label_widget, funnel);
  gtk_label_set_text (GTK_LABEL (find_named (row, "result")), wcc_record_get_string (record, "call_result"));
  gtk_label_set_text (GTK_LABEL (find_named (row, "note")), wcc_record_get_string (record, "note"));
  gtk_widget_set_visible (find_named (row, "note"), *wcc_record_get_string (record, "note") != '\0');
  g_string_append (details, g_strcmp0 (wcc_record_get_string (record, "call_state"), "answered") == 0
                              ? _("Answered") : _("Not answered"));
  if (call > 0)
    {
      g_string_append (details, " · ");
      g_string_append_printf (details, _("Call %lld"), (long long) call);
    }
  if (ticket > 0)
    {
      g_string_append (details, " · ");
      g_string_append_printf (details, _("Ticket %lld"), (long long) ticket);
    }
  gtk_label_set_text (GTK_LABEL (find_named (row, "details")), details->str);
  gtk_widget_set_visible (play, *recording != '\0');
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (play), g_variant_new_string (recording));
}

/* ---- loading ----------------------------------------------------------------------------- */

static void
on_records_changed (WccContactHistory *self)
{
  const GError *error = self->records ? wcc_paged_list_get_error (self->records) : NULL;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  update_status (self);
}

static void
make_list (WccContactHistory *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->records != NULL)
    g_signal_handlers_disconnect_by_data (self->records, self);
  g_clear_object (&self->records);
  if (self->customer != NULL && self->session != NULL)
    {
      path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", wcc_record_get_id (self->customer));
      self->records = wcc_paged_list_new (wcc_session_get_client (self->session), path);
      wcc_paged_list_set_page_size (self->records, 50);
      g_signal_connect_object (self->records, "items-changed", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->records, "notify::loading", G_CALLBACK (on_records_changed), self, G_CONNECT_SWAPPED);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

static void
on_task_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccContactHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) task = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  /* Cancelled: another customer, or the history went with its tab (its widgets too). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->manual = task != NULL &&
                 g_strcmp0 (json_object_get_string_member_with_default (task, "contact_history", "auto"), "manual") == 0;
  if (!self->manual)
    wcc_contact_history_reload (self);
  update_status (self);
}

/* The task says whether the history loads by itself (C15). */
static void
start (WccContactHistory *self)
{
  gint64 task = self->customer ? wcc_record_get_int (self->customer, "task_id", 0) : 0;

  make_list (self);
  update_status (self);
  if (self->records == NULL)
    return;
  if (task > 0)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT, task);
      wcc_client_get_object_async (wcc_session_get_client (self->session), path, self->cancellable,
                                   on_task_loaded, g_object_ref (self));
    }
  else
    wcc_contact_history_reload (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  wcc_contact_history_reload (WCC_CONTACT_HISTORY (widget));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (widget);
  const char *url = g_variant_get_string (parameter, NULL);

  if (self->player != NULL && *url != '\0')
    wcc_recording_player_play (self->player, url);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (widget);

  if (self->player != NULL)
    wcc_recording_player_stop (self->player);
}

static void
on_player_error (WccContactHistory  *self,
                 const char         *message,
                 WccRecordingPlayer *player)
{
  toast (self, message);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
set_session (WccContactHistory *self,
             WccSession        *session)
{
  if (!g_set_object (&self->session, session))
    return;
  if (self->player != NULL)
    {
      wcc_recording_player_stop (self->player);
      g_signal_handlers_disconnect_by_data (self->player, self);
      g_clear_object (&self->player);
    }
  if (session != NULL)
    {
      self->player = wcc_recording_player_new (wcc_session_get_client (session));
      g_signal_connect_object (self->player, "notify::state", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error), self, G_CONNECT_SWAPPED);
    }
  start (self);
}

static void
set_customer (WccContactHistory *self,
              WccRecord         *customer)
{
  if (!g_set_object (&self->customer, customer))
    return;
  start (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

static void
wcc_contact_history_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_CUSTOMER: g_value_set_object (value, self->customer); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_contact_history_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SESSION: set_session (self, g_value_get_object (value)); break;
    case PROP_CUSTOMER: set_customer (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_contact_history_dispose (GObject *object)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      wcc_recording_player_stop (self->player);
    }
  if (self->records != NULL)
    g_signal_handlers_disconnect_by_data (self->records, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CONTACT_HISTORY);
  g_clear_object (&self->player);
  g_clear_object (&self->records);
  g_clear_object (&self->customer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_contact_history_parent_class)->dispose (object);
}

static void
wcc_contact_history_finalize (GObject *object)
{
  WccContactHistory *self = WCC_CONTACT_HISTORY (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wcc_contact_history_parent_class)->finalize (object);
}

static void
wcc_contact_history_class_init (WccContactHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = wcc_contact_history_get_property;
  object_class->set_property = wcc_contact_history_set_property;
  object_class->dispose = wcc_contact_history_dispose;
  object_class->finalize = wcc_contact_history_finalize;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WCC_TYPE_SESSION, rw);
  properties[PROP_CUSTOMER] = g_param_spec_object ("customer", NULL, NULL, WCC_TYPE_RECORD, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-contact-history.ui");
  gtk_widget_class_bind_template_child (widget_class, WccContactHistory, status_label);
  gtk_widget_class_bind_template_child (widget_class, WccContactHistory, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_row);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_row);

  gtk_widget_class_install_action (widget_class, "history.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "history.play", "s", play_action);
  gtk_widget_class_install_action (widget_class, "history.stop", NULL, stop_action);
}

static void
wcc_contact_history_init (WccContactHistory *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_status (self);
}

void
wcc_contact_history_reload (WccContactHistory *self)
{
  g_return_if_fail (WCC_IS_CONTACT_HISTORY (self));

  if (self->records == NULL)
    return;
  wcc_paged_list_reload (self->records);
  update_status (self);
}

void
wcc_contact_history_prepend (WccContactHistory *self,
                             JsonObject        *record)
{
  g_return_if_fail (WCC_IS_CONTACT_HISTORY (self));
  g_return_if_fail (record != NULL);

  if (self->records != NULL)
    wcc_paged_list_prepend (self->records, record);
}

GListModel *
wcc_contact_history_get_model (WccContactHistory *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT_HISTORY (self), NULL);
  return self->records ? G_LIST_MODEL (self->records) : NULL;
}

WccRecordingPlayer *
wcc_contact_history_get_player (WccContactHistory *self)
{
  g_return_val_if_fail (WCC_IS_CONTACT_HISTORY (self), NULL);
  return self->player;
}
