/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-softphone-panel.c: the softphone side pane: dial pad, incoming call with its customer, call controls. */
#define G_LOG_DOMAIN "wcc-softphone-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-call-log-view.h"
#include "wcc-contacts-view.h"
#include "wcc-dial-uri.h"
#include "wcc-format.h"
#include "wcc-softphone-panel.h"
#include "wcc-softphone-settings.h"
#include "wcc-time.h"

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _WccSoftphonePanel
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkStack       *stack;            /* the bin's child: not bound (the bin unparents it) */
  GtkLabel       *registration_label;
  GtkEntry       *number_entry;
  GtkGrid        *dialpad_grid;
  GtkLabel       *ringing_kind_label;
  GtkLabel       *caller_name_label;
  GtkLabel       *caller_number_label;
  GtkLabel       *caller_company_label;
  GtkLabel       *caller_last_contact_label;
  GtkBox         *warnings_box;
  GtkBox         *tickets_box;
  GtkBox         *notes_box;
  GtkLabel       *call_title_label;
  GtkLabel       *call_number_label;
  GtkLabel       *call_state_label;
  GtkImage       *quality_icon;
  GtkLabel       *quality_label;
  GtkToggleButton *mute_button;
  GtkToggleButton *hold_button;
  GtkToggleButton *keypad_button;
  GtkMenuButton  *transfer_button;
  GtkEntry       *transfer_entry;
  GtkWidget      *consult_box;
  GtkGrid        *dtmf_grid;
  GtkAdjustment  *volume_adjustment;
  GtkStack       *views_stack;
  GtkStackPage   *recent_page;
  WccCallLogView *call_log_view;
  WccContactsView *contacts_view;

  /* owned references */
  WccSoftphone   *softphone;
  GSignalGroup   *softphone_signals;
  GSignalGroup   *call_log_signals;
  GSignalGroup   *call_signals;     /* the current call's */
  guint           timer_id;         /* runs only while a call is connected */
};

G_DEFINE_FINAL_TYPE (WccSoftphonePanel, wcc_softphone_panel, ADW_TYPE_BIN)

static const char dial_keys[] = "123456789*0#";

static void
toast (WccSoftphonePanel *self,
       const char        *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static WccCall *
current_call (WccSoftphonePanel *self)
{
  return self->softphone ? wcc_softphone_get_current_call (self->softphone) : NULL;
}

/* "Li Wei", else the number: what names a call's other side. */
static char *
call_party_name (WccSoftphonePanel *self,
                 WccCall           *call)
{
  const WccCaller *caller = wcc_softphone_get_caller (self->softphone, call);
  const char *name = wcc_call_get_remote_name (call);

  if (caller != NULL && caller->label != NULL && *caller->label != '\0')
    return g_strdup (caller->label);
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return g_strdup (wcc_call_get_remote_number (call));
}

/* ---- the incoming call ----------------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Pinned notes and warnings are the customer's own data: plain labels, never markup. */
static void
fill_box (GtkBox            *box,
          const char *const *texts,
          const char        *css_class,
          const char        *icon_name)
{
  clear_box (box);
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
      GtkWidget *label = gtk_label_new (texts[i]);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_widget_add_css_class (row, css_class);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (box, row);
    }
}

static const char *
group_name (WccSoftphonePanel *self,
            gint64             group_id)
{
  GListModel *groups = wcc_session_get_member_of (wcc_softphone_get_session (self->softphone));

  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);
      if (wcc_group_get_id (group) == group_id)
        return wcc_group_get_name (group);
    }
  return NULL;
}

static void
update_ringing (WccSoftphonePanel *self,
                WccCall           *call)
{
  const WccCaller *caller = wcc_softphone_get_caller (self->softphone, call);
  const char *group = group_name (self, wcc_softphone_get_call_group (self->softphone, call));
  g_autofree char *kind = NULL;
  g_autofree char *name = call_party_name (self, call);
  g_autofree char *last_contact = NULL;

  if (group != NULL)
    /* TRANSLATORS: %s is the agent group whose queue offers the call. */
    kind = g_strdup_printf (_("Queue Call — %s"), group);
  else
    kind = g_strdup (_("Incoming Call"));
  gtk_label_set_text (self->ringing_kind_label, kind);
  gtk_label_set_text (self->caller_name_label, name);
  gtk_label_set_text (self->caller_number_label, wcc_call_get_remote_number (call));
  gtk_widget_set_visible (GTK_WIDGET (self->caller_number_label),
                          g_strcmp0 (name, wcc_call_get_remote_number (call)) != 0);

  if (caller == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->caller_company_label), FALSE);
      gtk_label_set_text (self->caller_last_contact_label, _("No customer with this number"));
      fill_box (self->warnings_box, NULL, NULL, NULL);
      fill_box (self->notes_box, NULL, NULL, NULL);
      fill_box (self->tickets_box, NULL, NULL, NULL);
      return;
    }

  /* The label is the company when there is one: then the person's name goes below it. */
  gtk_label_set_text (self->caller_company_label,
                      g_strcmp0 (caller->label, caller->company) == 0 ? caller->name : caller->company);
  gtk_widget_set_visible (GTK_WIDGET (self->caller_company_label),
                          *gtk_label_get_text (self->caller_company_label) != '\0');
  if (caller->last_contact_at > 0)
    {
      g_autofree char *when = wcc_format_unix (caller->last_contact_at, WCC_DATE_STYLE_DATE_TIME);
      /* TRANSLATORS: %s is a date and time. */
      last_contact = g_strdup_printf (_("Last contact %s"), when);
    }
  else
    last_contact = g_strdup (_("Never contacted"));
  gtk_label_set_text (self->caller_last_contact_label, last_contact);
  fill_box (self->warnings_box, (const char *const *) caller->warnings, "caller-warning", "dialog-warning-symbolic");
  fill_box (self->notes_box, (const char *const *) caller->pinned_notes, "caller-note", "view-pin-symbolic");
  fill_box (self->tickets_box, (const char *const *) caller->open_tickets, "caller-ticket", "task-due-symbolic");
}

/* ---- the call ---------------------------------------------------------------------------- */

static void
update_quality (WccSoftphonePanel *self)
{
  WccCall *call = current_call (self);
  double mos = 0, jitter = 0, loss = 0;
  const char *icon;
  g_autofree char *text = NULL;

  if (call == NULL)
    return;
  g_object_get (call, "mos", &mos, "jitter-ms", &jitter, "packet-loss", &loss, NULL);
  if (mos <= 0)
    {
      icon = "network-cellular-signal-none-symbolic";
      text = g_strdup (_("Measuring call quality…"));
    }
  else
    {
      const char *verdict;

      if (mos >= 4.0)
        icon = "network-cellular-signal-excellent-symbolic", verdict = _("Good");
      else if (mos >= 3.6)
        icon = "network-cellular-signal-good-symbolic", verdict = _("Fair");
      else if (mos >= 3.1)
        icon = "network-cellular-signal-ok-symbolic", verdict = _("Poor");
      else
        icon = "network-cellular-signal-weak-symbolic", verdict = _("Bad");
      /* TRANSLATORS: call quality: verdict, MOS score, jitter in ms, packet loss in percent. */
      text = g_strdup_printf (_("%s · MOS %.1f · jitter %.0f ms · loss %.1f %%"),
                              verdict, mos, jitter, loss * 100);
    }
  gtk_image_set_from_icon_name (self->quality_icon, icon);
  gtk_label_set_text (self->quality_label, text);
}

static gboolean on_timer_tick (gpointer user_data);

static void
update_call_state (WccSoftphonePanel *self)
{
  WccCall *call = current_call (self);
  g_autofree char *text = NULL;
  gboolean connected;

  if (call == NULL)
    return;
  connected = wcc_call_get_state (call) == WCC_CALL_ACTIVE;
  switch (wcc_call_get_state (call))
    {
    case WCC_CALL_DIALING: text = g_strdup (_("Calling…")); break;
    case WCC_CALL_RINGING: text = g_strdup (_("Ringing…")); break;
    case WCC_CALL_INCOMING: text = g_strdup (_("Incoming Call")); break;
    case WCC_CALL_ENDED: text = g_strdup (_("Call Ended")); break;
    case WCC_CALL_ACTIVE:
      {
        g_autofree char *timer = wcc_format_duration (wcc_call_get_duration (call));

        if (wcc_call_get_on_hold (call))
          /* TRANSLATORS: %s is the call's duration. */
          text = g_strdup_printf (_("On Hold · %s"), timer);
        else if (wcc_call_get_remote_hold (call))
          text = g_strdup_printf (_("Held by the Other Side · %s"), timer);
        else
          text = g_steal_pointer (&timer);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (self->call_state_label, text);

  if (connected && self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (1, on_timer_tick, self);
  else if (!connected)
    g_clear_handle_id (&self->timer_id, g_source_remove);
}

static gboolean
on_timer_tick (gpointer user_data)
{
  WccSoftphonePanel *self = user_data;

  update_call_state (self);
  return self->timer_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
set_enabled (WccSoftphonePanel *self,
             const char        *action,
             gboolean           enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
}

static void
update_actions (WccSoftphonePanel *self)
{
  WccCall *call = current_call (self);
  gboolean registered = self->softphone && wcc_softphone_get_state (self->softphone) == WCC_ACCOUNT_REGISTERED;
  gboolean active = call != NULL && wcc_call_get_state (call) == WCC_CALL_ACTIVE;
  gboolean consulting = self->softphone && wcc_softphone_get_consulting (self->softphone);
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  const char *last = self->softphone ? wcc_softphone_get_last_number (self->softphone) : NULL;

  set_enabled (self, "phone.dial", registered && call == NULL && *number != '\0');
  set_enabled (self, "phone.redial", registered && call == NULL && last != NULL);
  set_enabled (self, "phone.answer", call != NULL && wcc_call_get_state (call) == WCC_CALL_INCOMING);
  set_enabled (self, "phone.decline", call != NULL && wcc_call_get_state (call) == WCC_CALL_INCOMING);
  set_enabled (self, "phone.hang-up", call != NULL);
  set_enabled (self, "phone.mute", active);
  set_enabled (self, "phone.hold", active && !consulting);
  set_enabled (self, "phone.dtmf", active);
  set_enabled (self, "phone.blind-transfer", active && !consulting);
  set_enabled (self, "phone.consult", active && !consulting);
  set_enabled (self, "phone.complete-transfer", consulting && active);
  set_enabled (self, "phone.return", consulting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transfer_button), active && !consulting);
  gtk_widget_set_visible (self->consult_box, consulting);

  /* The toggles show the call's own state (set by shortcuts and the engine too). */
  gtk_toggle_button_set_active (self->mute_button, call != NULL && wcc_call_get_muted (call));
  gtk_toggle_button_set_active (self->hold_button, call != NULL && wcc_call_get_on_hold (call));
}

static void
update_call (WccSoftphonePanel *self)
{
  WccCall *call = current_call (self);
  g_autofree char *name = NULL;

  if (call == NULL)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      gtk_stack_set_visible_child_name (self->stack, "dialpad");
      gtk_toggle_button_set_active (self->keypad_button, FALSE);
      update_actions (self);
      return;
    }
  if (wcc_call_get_state (call) == WCC_CALL_INCOMING)
    {
      update_ringing (self, call);
      gtk_stack_set_visible_child_name (self->stack, "ringing");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "call");

  name = call_party_name (self, call);
  gtk_label_set_text (self->call_title_label, name);
  gtk_label_set_text (self->call_number_label, wcc_call_get_remote_number (call));
  gtk_widget_set_visible (GTK_WIDGET (self->call_number_label),
                          g_strcmp0 (name, wcc_call_get_remote_number (call)) != 0);
  update_call_state (self);
  update_quality (self);
  update_actions (self);
}

static void
on_caller_changed (WccSoftphonePanel *self,
                   WccCall           *call,
                   WccSoftphone      *softphone)
{
  if (call == current_call (self))
    update_call (self);
}

static void
update_registration (WccSoftphonePanel *self)
{
  const char *details = self->softphone ? wcc_softphone_get_details (self->softphone) : NULL;

  gtk_label_set_text (self->registration_label, details ? details : "");
  update_actions (self);
}

static void
on_current_call_changed (WccSoftphonePanel *self)
{
  g_signal_group_set_target (self->call_signals, current_call (self));
  update_call (self);
}

static void
on_softphone_error (WccSoftphonePanel *self,
                    const char        *message,
                    WccSoftphone      *softphone)
{
  toast (self, message);
}

static void
on_transfer_done (WccSoftphonePanel *self,
                  gboolean           ok,
                  int                status,
                  const char        *reason,
                  WccCall           *call)
{
  g_autofree char *message = NULL;

  if (ok)
    message = g_strdup (_("Call transferred"));
  else
    /* TRANSLATORS: %s says why, e.g. "486 Busy Here". */
    message = g_strdup_printf (_("The transfer failed (%s): the customer is on hold with you"), reason);
  toast (self, message);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
type_key (WccSoftphonePanel *self,
          const char        *key)
{
  WccCall *call = current_call (self);

  if (call != NULL && wcc_call_get_state (call) == WCC_CALL_ACTIVE)
    {
      wcc_softphone_send_dtmf (self->softphone, key, NULL);
      return;
    }
  if (call == NULL)
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (self->number_entry), key, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);
    }
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  type_key (WCC_SOFTPHONE_PANEL (widget), g_variant_get_string (parameter, NULL));
}

static void
dial_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);
  g_autofree char *number = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));

  if (self->softphone != NULL && wcc_softphone_dial (self->softphone, number, NULL) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
}

static void
redial_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);
  const char *last = self->softphone ? wcc_softphone_get_last_number (self->softphone) : NULL;

  if (last != NULL)
    {
      g_autofree char *number = g_strdup (last);
      wcc_softphone_dial (self->softphone, number, NULL);
    }
}

static void
backspace_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  glong length = g_utf8_strlen (text, -1);

  if (length > 0)
    gtk_editable_delete_text (GTK_EDITABLE (self->number_entry), (int) length - 1, -1);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (WCC_SOFTPHONE_PANEL (widget)->number_entry), "");
}

static void
settings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);
  WccSoftphoneSettings *settings;

  if (self->softphone == NULL)
    return;
  settings = wcc_softphone_settings_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                         wcc_softphone_get_audio_devices (self->softphone, WCC_AUDIO_INPUT),
                                         wcc_softphone_get_audio_devices (self->softphone, WCC_AUDIO_OUTPUT));
  gtk_window_present (GTK_WINDOW (settings));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_softphone_answer (WCC_SOFTPHONE_PANEL (widget)->softphone, NULL);
}

static void
decline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  wcc_softphone_decline (WCC_SOFTPHONE_PANEL (widget)->softphone);
}

static void
hang_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  wcc_softphone_hang_up (WCC_SOFTPHONE_PANEL (widget)->softphone);
}

static void
mute_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);

  wcc_softphone_toggle_mute (self->softphone);
  update_actions (self);
}

static void
hold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (widget);

  wcc_softphone_toggle_hold (self->softphone, NULL);
  update_actions (self);
}

static void
dtmf_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wcc_softphone_send_dtmf (WCC_SOFTPHONE_PANEL (widget)->softphone, g_variant_get_string (parameter, NULL), NULL);
}

static void
transfer (WccSoftphonePanel *self,
          gboolean           consult)
{
  g_autofree char *target = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry)));
  gboolean ok;

  ok = consult ? wcc_softphone_consult (self->softphone, target, NULL)
               : wcc_softphone_blind_transfer (self->softphone, target, NULL);
  if (ok)
    {
      gtk_menu_button_popdown (self->transfer_button);
      gtk_editable_set_text (GTK_EDITABLE (self->transfer_entry), "");
    }
}

static void
blind_transfer_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  transfer (WCC_SOFTPHONE_PANEL (widget), FALSE);
}

static void
consult_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  transfer (WCC_SOFTPHONE_PANEL (widget), TRUE);
}

static void
complete_transfer_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  wcc_softphone_complete_transfer (WCC_SOFTPHONE_PANEL (widget)->softphone, NULL);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wcc_softphone_return_to_caller (WCC_SOFTPHONE_PANEL (widget)->softphone, NULL);
}

/* ---- Recent and Contacts ----------------------------------------------------------------- */

/* The switcher shows how many missed calls wait: "Recent (2)". */
static void
update_missed_count (WccSoftphonePanel *self)
{
  WccCallLog *log = self->softphone ? wcc_softphone_get_call_log (self->softphone) : NULL;
  guint missed = log ? wcc_call_log_get_missed_count (log) : 0;
  g_autofree char *title = NULL;

  if (missed > 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "recent") == 0)
    {
      wcc_call_log_mark_seen (log);
      return;
    }
  /* TRANSLATORS: the Recent tab of the softphone with the number of missed calls. */
  title = missed > 0 ? g_strdup_printf (_("Recent (%u)"), missed) : g_strdup (_("Recent"));
  g_object_set (self->recent_page, "title", title, "needs-attention", missed > 0, NULL);
}

static void
on_view_changed (WccSoftphonePanel *self,
                 GParamSpec        *pspec,
                 GtkStack          *stack)
{
  update_missed_count (self);
}

static void
on_list_dial (WccSoftphonePanel *self,
              const char        *number,
              GtkWidget         *view)
{
  g_autofree char *copy = g_strdup (number);

  if (self->softphone != NULL)
    wcc_softphone_dial (self->softphone, copy, NULL);
}

static void
on_add_contact (WccSoftphonePanel *self,
                const char        *number,
                const char        *name,
                WccCallLogView    *view)
{
  wcc_contacts_view_add (self->contacts_view, number, name);
}

static void
on_list_toast (WccSoftphonePanel *self,
               const char        *message,
               GtkWidget         *view)
{
  toast (self, message);
}

/* ---- tel: and sip: links ----------------------------------------------------------------- */

static void
on_link_response (WccSoftphonePanel *self,
                  const char        *response,
                  AdwMessageDialog  *dialog)
{
  if (g_str_equal (response, "call"))
    gtk_widget_activate_action (GTK_WIDGET (self), "phone.dial", NULL);
}

static AdwMessageDialog *
link_dialog (WccSoftphonePanel *self,
             const char        *heading,
             const char        *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
}

/* The number for the dial pad: a SIP user of another domain keeps its domain. */
static char *
number_to_dial (WccSoftphonePanel *self,
                WccDialTarget     *target)
{
  WccAccount *account = self->softphone ? wcc_softphone_get_account (self->softphone) : NULL;
  g_autofree char *domain = NULL;

  if (target->domain == NULL)
    return g_strdup (target->number);
  if (account != NULL)
    g_object_get (account, "domain", &domain, NULL);
  if (domain != NULL && g_ascii_strcasecmp (domain, target->domain) == 0)
    return g_strdup (target->number);
  return g_strdup_printf ("%s@%s", target->number, target->domain);
}

/* ---- template callbacks ------------------------------------------------------------------ */

static void
on_number_activate (WccSoftphonePanel *self,
                    GtkEntry          *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "phone.dial", NULL);
}

static void
on_number_changed (WccSoftphonePanel *self,
                   GParamSpec        *pspec,
                   GtkEntry          *entry)
{
  update_actions (self);
}

static void
on_transfer_activate (WccSoftphonePanel *self,
                      GtkEntry          *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "phone.blind-transfer", NULL);
}

static void
on_volume_changed (WccSoftphonePanel *self,
                   GtkAdjustment     *adjustment)
{
  WccCall *call = current_call (self);

  if (call != NULL)
    wcc_call_set_volume (call, gtk_adjustment_get_value (adjustment));
}

/* Typing digits anywhere in the panel (not in another text field) dials or sends key tones. */
static gboolean
on_key_pressed (WccSoftphonePanel     *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  char key[2] = { 0, 0 };

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || c == 0 || strchr ("0123456789*#+", (int) c) == NULL)
    return FALSE;
  if (focus != NULL && GTK_IS_EDITABLE (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) == FALSE)
    return FALSE;
  if (focus != NULL && (focus == GTK_WIDGET (self->number_entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->number_entry)) ||
                        focus == GTK_WIDGET (self->transfer_entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->transfer_entry))))
    return FALSE;
  key[0] = (char) c;
  type_key (self, key);
  return TRUE;
}

/* The twelve keys, twice (dial pad and key tones): built from one list rather than 24
 * copies of a button in the template. */
static void
fill_keypad (GtkGrid    *grid,
             const char *action)
{
  for (guint i = 0; dial_keys[i] != '\0'; i++)
    {
      char label[2] = { dial_keys[i], 0 };
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", label);
      gtk_widget_add_css_class (button, "dialpad-key");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_name (button, label);
      gtk_grid_attach (grid, button, (int) (i % 3), (int) (i / 3), 1, 1);
    }
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_softphone_panel_dispose (GObject *object)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->softphone_signals != NULL)
    g_signal_group_set_target (self->softphone_signals, NULL);
  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  if (self->call_log_signals != NULL)
    g_signal_group_set_target (self->call_log_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_SOFTPHONE_PANEL);
  g_clear_object (&self->softphone);

  G_OBJECT_CLASS (wcc_softphone_panel_parent_class)->dispose (object);
}

static void
wcc_softphone_panel_finalize (GObject *object)
{
  WccSoftphonePanel *self = WCC_SOFTPHONE_PANEL (object);

  g_clear_object (&self->softphone_signals);
  g_clear_object (&self->call_signals);
  g_clear_object (&self->call_log_signals);

  G_OBJECT_CLASS (wcc_softphone_panel_parent_class)->finalize (object);
}

/* Beside a page on a laptop screen (1024–1366 px, with the menu): as wide as its content
 * needs up to this, its labels wrapping, whatever a long caller name or call log line asks.
 * (AdwBin lays out through a GtkBinLayout, which has no say in that: the pane does it.) */
#define PANE_NATURAL_WIDTH 340

static GtkSizeRequestMode
wcc_softphone_panel_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
wcc_softphone_panel_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_get_visible (child))
    return;
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    {
      /* the height at the width it gets by itself */
      int min_width;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      for_size = MAX (min_width, PANE_NATURAL_WIDTH);
    }
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, PANE_NATURAL_WIDTH));
}

static void
wcc_softphone_panel_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
wcc_softphone_panel_class_init (WccSoftphonePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_softphone_panel_dispose;
  object_class->finalize = wcc_softphone_panel_finalize;
  widget_class->get_request_mode = wcc_softphone_panel_get_request_mode;
  widget_class->measure = wcc_softphone_panel_measure;
  widget_class->size_allocate = wcc_softphone_panel_size_allocate;

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (WCC_TYPE_CALL_LOG_VIEW);
  g_type_ensure (WCC_TYPE_CONTACTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-softphone-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, registration_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, number_entry);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, dialpad_grid);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, ringing_kind_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, caller_name_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, caller_number_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, caller_company_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, caller_last_contact_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, tickets_box);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, notes_box);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, call_title_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, call_number_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, call_state_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, quality_icon);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, quality_label);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, mute_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, hold_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, consult_box);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, dtmf_grid);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, views_stack);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, recent_page);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, call_log_view);
  gtk_widget_class_bind_template_child (widget_class, WccSoftphonePanel, contacts_view);
  gtk_widget_class_bind_template_callback (widget_class, on_number_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_transfer_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_dial);
  gtk_widget_class_bind_template_callback (widget_class, on_add_contact);
  gtk_widget_class_bind_template_callback (widget_class, on_list_toast);

  gtk_widget_class_install_action (widget_class, "phone.key", "s", key_action);
  gtk_widget_class_install_action (widget_class, "phone.dial", NULL, dial_action);
  gtk_widget_class_install_action (widget_class, "phone.redial", NULL, redial_action);
  gtk_widget_class_install_action (widget_class, "phone.backspace", NULL, backspace_action);
  gtk_widget_class_install_action (widget_class, "phone.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "phone.settings", NULL, settings_action);
  gtk_widget_class_install_action (widget_class, "phone.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "phone.decline", NULL, decline_action);
  gtk_widget_class_install_action (widget_class, "phone.hang-up", NULL, hang_up_action);
  gtk_widget_class_install_action (widget_class, "phone.mute", NULL, mute_action);
  gtk_widget_class_install_action (widget_class, "phone.hold", NULL, hold_action);
  gtk_widget_class_install_action (widget_class, "phone.dtmf", "s", dtmf_action);
  gtk_widget_class_install_action (widget_class, "phone.blind-transfer", NULL, blind_transfer_action);
  gtk_widget_class_install_action (widget_class, "phone.consult", NULL, consult_action);
  gtk_widget_class_install_action (widget_class, "phone.complete-transfer", NULL, complete_transfer_action);
  gtk_widget_class_install_action (widget_class, "phone.return", NULL, return_action);
}

static void
wcc_softphone_panel_init (WccSoftphonePanel *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);   /* wcc_softphone_panel_measure () */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  fill_keypad (self->dialpad_grid, "phone.key");
  fill_keypad (self->dtmf_grid, "phone.dtmf");

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  self->softphone_signals = g_signal_group_new (WCC_TYPE_SOFTPHONE);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::current-call", G_CALLBACK (on_current_call_changed), self);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::consulting", G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::details", G_CALLBACK (update_registration), self);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::state", G_CALLBACK (update_registration), self);
  g_signal_group_connect_swapped (self->softphone_signals, "notify::last-number", G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->softphone_signals, "caller-changed", G_CALLBACK (on_caller_changed), self);
  g_signal_group_connect_swapped (self->softphone_signals, "error", G_CALLBACK (on_softphone_error), self);

  /* The current call: one group re-pointed whenever another call comes to the front. */
  self->call_signals = g_signal_group_new (WCC_TYPE_CALL);
  g_signal_group_connect_swapped (self->call_signals, "notify::state", G_CALLBACK (update_call), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::on-hold", G_CALLBACK (update_call), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::remote-hold", G_CALLBACK (update_call_state), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::muted", G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::mos", G_CALLBACK (update_quality), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::jitter-ms", G_CALLBACK (update_quality), self);
  g_signal_group_connect_swapped (self->call_signals, "notify::packet-loss", G_CALLBACK (update_quality), self);
  g_signal_group_connect_swapped (self->call_signals, "transfer-done", G_CALLBACK (on_transfer_done), self);

  self->call_log_signals = g_signal_group_new (WCC_TYPE_CALL_LOG);
  g_signal_group_connect_swapped (self->call_log_signals, "notify::missed-count", G_CALLBACK (update_missed_count), self);

  update_call (self);
  update_registration (self);
}

void
wcc_softphone_panel_set_softphone (WccSoftphonePanel *self,
                                   WccSoftphone      *softphone)
{
  g_return_if_fail (WCC_IS_SOFTPHONE_PANEL (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  if (!g_set_object (&self->softphone, softphone))
    return;
  g_signal_group_set_target (self->softphone_signals, softphone);
  g_signal_group_set_target (self->call_log_signals, softphone ? wcc_softphone_get_call_log (softphone) : NULL);
  wcc_call_log_view_set_softphone (self->call_log_view, softphone);
  wcc_contacts_view_set_softphone (self->contacts_view, softphone);
  on_current_call_changed (self);
  update_registration (self);
  update_missed_count (self);
}

WccSoftphone *
wcc_softphone_panel_get_softphone (WccSoftphonePanel *self)
{
  g_return_val_if_fail (WCC_IS_SOFTPHONE_PANEL (self), NULL);
  return self->softphone;
}

void
wcc_softphone_panel_focus_number (WccSoftphonePanel *self)
{
  g_return_if_fail (WCC_IS_SOFTPHONE_PANEL (self));
  if (current_call (self) == NULL)
    {
      gtk_stack_set_visible_child_name (self->views_stack, "keypad");
      gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
    }
}

void
wcc_softphone_panel_offer_link (WccSoftphonePanel *self,
                                const char        *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WccDialTarget) target = NULL;
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (WCC_IS_SOFTPHONE_PANEL (self));
  g_return_if_fail (uri != NULL);

  target = wcc_dial_target_parse (uri, &error);
  if (target == NULL)
    {
      dialog = link_dialog (self, _("This Link Cannot Be Called"), error->message);
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  number = number_to_dial (self, target);
  /* The number waits in the dial pad: nothing is dialled until the agent says so. */
  gtk_stack_set_visible_child_name (self->views_stack, "keypad");
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number);
  if (target->extension != NULL)
    /* TRANSLATORS: %s is a number from a link, then the extension to type once answered. */
    body = g_strdup_printf (_("%s — then type the extension %s on the key tones once the call is answered."),
                            number, target->extension);
  else
    body = g_strdup (number);
  dialog = link_dialog (self, _("Call This Number?"), body);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "call", _("_Call"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "call", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "call");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_link_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
wcc_softphone_panel_show_transfer (WccSoftphonePanel *self)
{
  g_return_if_fail (WCC_IS_SOFTPHONE_PANEL (self));
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->transfer_button)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "call") == 0)
    gtk_menu_button_popup (self->transfer_button);
}
