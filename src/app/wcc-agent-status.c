/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-agent-status.c: the status bar's agent part: state switch, group sign-ins, queue, outbox. */
#define G_LOG_DOMAIN "wcc-agent-status"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-agent-status.h"
#include "wcc-format.h"

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccAgentStatus
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkMenuButton      *state_button;
  GtkImage           *state_icon;
  GtkLabel           *state_label;
  GtkLabel           *countdown_label;
  GtkMenuButton      *groups_button;
  GtkListBox         *groups_list;
  GtkLabel           *queue_label;
  GtkLabel           *offline_label;
  GtkWidget          *softphone_box;
  GtkImage           *softphone_icon;
  GtkSwitch          *softphone_switch;

  /* owned references */
  WccSession         *session;
  GSignalGroup       *session_signals;
  WccSoftphone       *softphone;
  GSignalGroup       *softphone_signals;
  GBinding           *softphone_binding;
  GSimpleActionGroup *actions;
  GPtrArray          *pause_reasons;   /* WccPauseReason, the ones an agent may choose */
  GCancellable       *cancellable;
  guint               countdown_id;    /* runs only while after-call work counts down */
  guint               syncing_groups : 1;
};

G_DEFINE_FINAL_TYPE (WccAgentStatus, wcc_agent_status, ADW_TYPE_BIN)

static void
toast (WccAgentStatus *self,
       const char     *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccAgentStatus) self = user_data;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome = WCC_WRITE_APPLIED;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    toast (self, _("The server cannot be reached: the change is sent when it is back"));
}

static void
set_state (WccAgentStatus *self,
           WccStateChange  change,
           gint64          reason_id)
{
  if (self->session == NULL)
    return;
  wcc_session_set_state_async (self->session, change, reason_id, self->cancellable,
                               on_write_done, g_object_ref (self));
}

/* ---- the state button ------------------------------------------------------------------ */

static gboolean
on_countdown_tick (gpointer user_data);

static void
update_state (WccAgentStatus *self)
{
  WccAgentState state = self->session ? wcc_session_get_agent_state (self->session) : WCC_AGENT_STATE_UNKNOWN;
  g_autofree char *text = NULL;
  g_autofree char *countdown = NULL;
  const char *icon = "user-available-symbolic";
  gboolean counting = FALSE;

  switch (state)
    {
    case WCC_AGENT_STATE_UNKNOWN:
    case WCC_AGENT_STATE_OFFLINE:
      /* The server keeps a pause while no phone is registered: it applies once one is. */
      if (self->session != NULL && wcc_session_get_pause_reason (self->session) != NULL)
        /* TRANSLATORS: no phone is registered; %s is the pause reason kept meanwhile. */
        text = g_strdup_printf (_("Offline — Pause: %s"), wcc_session_get_pause_reason (self->session));
      else
        text = g_strdup (_("Offline"));
      icon = "user-offline-symbolic";
      break;
    case WCC_AGENT_STATE_READY:
      text = g_strdup (_("Ready"));
      break;
    case WCC_AGENT_STATE_PAUSE:
      if (wcc_session_get_pause_reason (self->session) != NULL)
        /* TRANSLATORS: the agent's state; %s is the pause reason, such as Lunch. */
        text = g_strdup_printf (_("Pause: %s"), wcc_session_get_pause_reason (self->session));
      else
        text = g_strdup (_("Pause"));
      icon = "user-away-symbolic";
      break;
    case WCC_AGENT_STATE_RINGING:
      text = g_strdup (_("Ringing"));
      icon = "call-incoming-symbolic";
      break;
    case WCC_AGENT_STATE_ON_CALL:
      text = g_strdup (_("On call"));
      icon = "call-start-symbolic";
      break;
    case WCC_AGENT_STATE_AFTER_CALL_WORK:
      {
        gint64 left = wcc_session_get_after_call_work_until (self->session) - g_get_real_time () / G_USEC_PER_SEC;

        icon = "document-edit-symbolic";
        if (wcc_session_get_after_call_work_until (self->session) > 0 && left > 0)
          {
            countdown = wcc_format_duration (left);
            counting = TRUE;
          }
        text = g_strdup (_("After-call work"));
      }
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (self->state_label, text);
  gtk_label_set_text (self->countdown_label, countdown != NULL ? countdown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), countdown != NULL);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  {
    /* TRANSLATORS: the agent's state with the time left, minutes:seconds. */
    g_autofree char *description = countdown != NULL ? g_strdup_printf (_("After-call work %s"), countdown)
                                                      : g_strdup (text);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  }

  if (counting && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, on_countdown_tick, self);
  else if (!counting)
    g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static gboolean
on_countdown_tick (gpointer user_data)
{
  WccAgentStatus *self = user_data;

  update_state (self);
  if (self->countdown_id == 0)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static void
update_pause_after_call (WccAgentStatus *self)
{
  gboolean asked = self->session != NULL && wcc_session_get_pause_after_call (self->session) != NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "pause-after-call");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (asked));
}

static void
rebuild_menu (WccAgentStatus *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) ready = g_menu_new ();
  g_autoptr(GMenu) pauses = g_menu_new ();
  g_autoptr(GMenu) after_call = g_menu_new ();

  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Ready"), "agent.ready");

    g_menu_item_set_attribute (item, "accel", "s", "<Control><Shift>r");
    g_menu_append_item (ready, item);
  }
  for (guint i = 0; self->pause_reasons != NULL && i < self->pause_reasons->len; i++)
    {
      WccPauseReason *reason = g_ptr_array_index (self->pause_reasons, i);
      g_autofree char *label = g_strdup_printf (_("Pause: %s"), reason->label);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "agent.pause", g_variant_new_int64 (reason->id));
      g_menu_append_item (pauses, item);
    }
  g_menu_append (after_call, _("Pause After This Call"), "agent.pause-after-call");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (ready));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (pauses));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (after_call));
  gtk_menu_button_set_menu_model (self->state_button, G_MENU_MODEL (menu));
}

static void
on_pause_reasons_loaded (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(WccAgentStatus) self = user_data;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;

  reasons = wcc_client_list_pause_reasons_finish (WCC_CLIENT (source), result, &error);
  if (reasons == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->pause_reasons, g_ptr_array_unref);
  self->pause_reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_pause_reason_free);
  /* The automatic reason is the server's (missed offers): the server refuses it from agents. */
  for (guint i = 0; i < reasons->len; i++)
    {
      WccPauseReason *reason = g_ptr_array_index (reasons, i);
      if (!reason->automatic)
        g_ptr_array_add (self->pause_reasons, g_steal_pointer (&reasons->pdata[i]));
    }
  rebuild_menu (self);
}

static void
ready_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  set_state (user_data, WCC_STATE_CHANGE_READY, 0);
}

static void
pause_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  set_state (user_data, WCC_STATE_CHANGE_PAUSE, g_variant_get_int64 (parameter));
}

static void
pause_after_call_change_state (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
  WccAgentStatus *self = user_data;
  gint64 reason_id;

  if (self->session == NULL)
    return;
  if (!g_variant_get_boolean (value))
    {
      set_state (self, WCC_STATE_CHANGE_CANCEL_PAUSE_AFTER_CALL, 0);
      return;
    }
  if (self->pause_reasons == NULL || self->pause_reasons->len == 0)
    {
      toast (self, _("There is no pause reason to pause with"));
      return;
    }
  /* The pause reason in use, else the client's first one. */
  reason_id = wcc_session_get_pause_reason_id (self->session);
  if (reason_id == 0)
    reason_id = ((WccPauseReason *) g_ptr_array_index (self->pause_reasons, 0))->id;
  set_state (self, WCC_STATE_CHANGE_PAUSE_AFTER_CALL, reason_id);
}

/* ---- group sign-ins -------------------------------------------------------------------- */

static void
on_group_toggled (WccAgentStatus *self,
                  GtkCheckButton *check)
{
  gint64 group_id = *(gint64 *) g_object_get_data (G_OBJECT (check), "group-id");
  gboolean active = gtk_check_button_get_active (check);
  const GArray *signed_in;
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (self->syncing_groups || self->session == NULL)
    return;
  signed_in = wcc_session_get_signed_in_groups (self->session);
  for (guint i = 0; signed_in != NULL && i < signed_in->len; i++)
    if (g_array_index (signed_in, gint64, i) != group_id)
      g_array_append_val (wanted, g_array_index (signed_in, gint64, i));
  if (active)
    g_array_append_val (wanted, group_id);
  wcc_session_set_groups_async (self->session, (const gint64 *) (gpointer) wanted->data, wanted->len,
                                self->cancellable, on_write_done, g_object_ref (self));
}

/* Enter or Space on a group's row (where the arrow keys move) toggles its check. */
static void
on_group_row_activated (WccAgentStatus *self,
                        GtkListBoxRow  *row)
{
  GtkWidget *check = gtk_list_box_row_get_child (row);

  if (GTK_IS_CHECK_BUTTON (check))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

static GtkWidget *
create_group_row (gpointer item,
                  gpointer user_data)
{
  WccAgentStatus *self = user_data;
  WccGroup *group = item;
  GtkWidget *check = gtk_check_button_new_with_label (wcc_group_get_name (group));
  gint64 *group_id = g_new (gint64, 1);

  *group_id = wcc_group_get_id (group);
  g_object_set_data_full (G_OBJECT (check), "group-id", group_id, g_free);
  gtk_widget_set_name (check, wcc_group_get_name (group));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               self->session != NULL && wcc_session_is_signed_in (self->session, *group_id));
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_group_toggled), self, G_CONNECT_SWAPPED);
  return check;
}

static void
update_groups (WccAgentStatus *self)
{
  const GArray *signed_in = self->session ? wcc_session_get_signed_in_groups (self->session) : NULL;
  guint n = signed_in ? signed_in->len : 0;
  g_autofree char *description = NULL;

  self->syncing_groups = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->groups_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = GTK_IS_LIST_BOX_ROW (row) ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)) : NULL;

      if (GTK_IS_CHECK_BUTTON (check))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     wcc_session_is_signed_in (self->session,
                                                               *(gint64 *) g_object_get_data (G_OBJECT (check), "group-id")));
    }
  self->syncing_groups = FALSE;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sign-out-all")),
                               n > 0);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Signed in to %u group",
                                              "Signed in to %u groups", n), n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->groups_button), description);
}

static void
sign_out_all_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WccAgentStatus *self = user_data;

  if (self->session == NULL)
    return;
  wcc_session_set_groups_async (self->session, NULL, 0, self->cancellable,
                                on_write_done, g_object_ref (self));
}

/* ---- queue and outbox ------------------------------------------------------------------ */

static void
update_queue (WccAgentStatus *self)
{
  guint waiting = self->session ? wcc_session_get_queue_waiting (self->session) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting", waiting),
                                           waiting);

  gtk_label_set_text (self->queue_label, text);
}

static void
update_connection (WccAgentStatus *self)
{
  WccConnection connection = self->session ? wcc_session_get_connection (self->session) : WCC_CONNECTION_ONLINE;
  guint pending = self->session ? wcc_session_get_pending_changes (self->session) : 0;
  g_autofree char *text = NULL;

  if (pending > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline — %u change waiting",
                                         "Offline — %u changes waiting", pending), pending);
  else
    text = g_strdup (_("Offline"));
  gtk_label_set_text (self->offline_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label),
                          connection == WCC_CONNECTION_OFFLINE ||
                          (connection != WCC_CONNECTION_ONLINE && pending > 0));
}

static void
update_all (WccAgentStatus *self)
{
  update_state (self);
  update_pause_after_call (self);
  update_groups (self);
  update_queue (self);
  update_connection (self);
}

/* ---- softphone ------------------------------------------------------------------------ */

/* S2: the switch registers the softphone; hovering shows the registration's details. */
static void
update_softphone (WccAgentStatus *self)
{
  const char *icon = "call-stop-symbolic";
  const char *details;

  if (self->softphone == NULL)
    return;
  switch (wcc_softphone_get_state (self->softphone))
    {
    case WCC_ACCOUNT_REGISTERED: icon = "call-start-symbolic"; break;
    case WCC_ACCOUNT_FAILED: icon = "dialog-warning-symbolic"; break;
    case WCC_ACCOUNT_REGISTERING:
    case WCC_ACCOUNT_UNREGISTERING: icon = "content-loading-symbolic"; break;
    case WCC_ACCOUNT_OFFLINE: break;
    default: g_assert_not_reached ();
    }
  details = wcc_softphone_get_details (self->softphone);
  gtk_image_set_from_icon_name (self->softphone_icon, icon);
  gtk_widget_set_tooltip_text (self->softphone_box, details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->softphone_switch),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details ? details : "", -1);
}

/* ---- GObject --------------------------------------------------------------------------- */

static void
wcc_agent_status_dispose (GObject *object)
{
  WccAgentStatus *self = WCC_AGENT_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->softphone_signals != NULL)
    g_signal_group_set_target (self->softphone_signals, NULL);
  g_clear_pointer (&self->softphone_binding, g_binding_unbind);
  g_clear_object (&self->softphone);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_AGENT_STATUS);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wcc_agent_status_parent_class)->dispose (object);
}

static void
wcc_agent_status_finalize (GObject *object)
{
  WccAgentStatus *self = WCC_AGENT_STATUS (object);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->softphone_signals);
  g_clear_object (&self->actions);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pause_reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (wcc_agent_status_parent_class)->finalize (object);
}

static void
wcc_agent_status_class_init (WccAgentStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_agent_status_dispose;
  object_class->finalize = wcc_agent_status_finalize;

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-agent-status.ui");
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, state_button);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, state_icon);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, state_label);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, groups_button);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, groups_list);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, queue_label);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, offline_label);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, softphone_box);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, softphone_icon);
  gtk_widget_class_bind_template_child (widget_class, WccAgentStatus, softphone_switch);
}

/* The state menu from the keyboard (Ctrl+Shift+P): a pause reason is chosen there. */
static gboolean
open_state_menu (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  gtk_menu_button_popup (WCC_AGENT_STATUS (widget)->state_button);
  return TRUE;
}

/* Group sign-in from the keyboard (Ctrl+Shift+G): the list's first row has the focus. */
static gboolean
open_groups_menu (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  WccAgentStatus *self = WCC_AGENT_STATUS (widget);

  gtk_menu_button_popup (self->groups_button);
  gtk_widget_child_focus (GTK_WIDGET (self->groups_list), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/* Keyboard-first (issue 6): Ready, the state menu and the group sign-in from anywhere in
 * the window; the Ready item shows its shortcut, the shortcuts window
 * (gtk/help-overlay.ui) lists them all. */
static void
add_shortcuts (WccAgentStatus *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>r"),
                                                          gtk_named_action_new ("agent.ready")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>p"),
                                                          gtk_callback_action_new (open_state_menu, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>g"),
                                                          gtk_callback_action_new (open_groups_menu, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
wcc_agent_status_init (WccAgentStatus *self)
{
  static const GActionEntry entries[] = {
    { .name = "ready", .activate = ready_action },
    { .name = "pause", .activate = pause_action, .parameter_type = "x" },
    { .name = "pause-after-call", .state = "false", .change_state = pause_after_call_change_state },
    { .name = "sign-out-all", .activate = sign_out_all_action },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "agent", G_ACTION_GROUP (self->actions));

  self->session_signals = g_signal_group_new (WCC_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::agent-state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::pause-reason", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::after-call-work-until", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::pause-after-call", G_CALLBACK (update_pause_after_call), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::signed-in-groups", G_CALLBACK (update_groups), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::queue-waiting", G_CALLBACK (update_queue), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection", G_CALLBACK (update_connection), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::pending-changes", G_CALLBACK (update_connection), self);

  self->softphone_signals = g_signal_group_new (WCC_TYPE_SOFTPHONE);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::state", G_CALLBACK (update_softphone), self);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::details", G_CALLBACK (update_softphone), self);

  rebuild_menu (self);
  add_shortcuts (self);
  g_signal_connect_object (self->groups_list, "row-activated", G_CALLBACK (on_group_row_activated), self, G_CONNECT_SWAPPED);
  update_all (self);
}

/* The client admin changed the pause reasons (issue 9): the menu follows. */
static void
on_stream_event (WccAgentStatus *self,
                 const char     *type,
                 gint64          seq,
                 JsonNode       *data)
{
  if (g_str_equal (type, "pause_reasons.changed") && self->session != NULL &&
      wcc_user_has_role (wcc_session_get_user (self->session), WCC_ROLE_AGENT))
    wcc_client_list_pause_reasons_async (wcc_session_get_client (self->session), self->cancellable,
                                         on_pause_reasons_loaded, g_object_ref (self));
}

void
wcc_agent_status_set_session (WccAgentStatus *self,
                              WccSession     *session)
{
  gboolean agent;

  g_return_if_fail (WCC_IS_AGENT_STATUS (self));
  g_return_if_fail (session == NULL || WCC_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  gtk_list_box_bind_model (self->groups_list, session ? wcc_session_get_member_of (session) : NULL,
                           session ? create_group_row : NULL, self, NULL);

  /* Only agents have a state and sign-ins (R2). */
  agent = session != NULL && wcc_user_has_role (wcc_session_get_user (session), WCC_ROLE_AGENT);
  gtk_widget_set_visible (GTK_WIDGET (self->state_button), agent);
  gtk_widget_set_visible (GTK_WIDGET (self->groups_button), agent);
  gtk_widget_set_visible (GTK_WIDGET (self->queue_label), agent);
  if (agent)
    {
      wcc_client_list_pause_reasons_async (wcc_session_get_client (session), self->cancellable,
                                           on_pause_reasons_loaded, g_object_ref (self));
      g_signal_connect_object (wcc_session_get_event_stream (session), "event", G_CALLBACK (on_stream_event), self,
                               G_CONNECT_SWAPPED);
    }
  update_all (self);
}

WccSession *
wcc_agent_status_get_session (WccAgentStatus *self)
{
  g_return_val_if_fail (WCC_IS_AGENT_STATUS (self), NULL);
  return self->session;
}

void
wcc_agent_status_set_softphone (WccAgentStatus *self,
                                WccSoftphone   *softphone)
{
  g_return_if_fail (WCC_IS_AGENT_STATUS (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  if (!g_set_object (&self->softphone, softphone))
    return;
  g_clear_pointer (&self->softphone_binding, g_binding_unbind);
  g_signal_group_set_target (self->softphone_signals, softphone);
  gtk_widget_set_visible (self->softphone_box, softphone != NULL);
  if (softphone != NULL)
    self->softphone_binding = g_object_bind_property (softphone, "enabled", self->softphone_switch, "active",
                                                      G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  update_softphone (self);
}
