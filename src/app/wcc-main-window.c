/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-main-window.c: the main window: status bar on top, menu on the left, workspace. */
#define G_LOG_DOMAIN "wcc-main-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-agent-status.h"
#include "wcc-agent-work-window.h"
#include "wcc-approvals-page.h"
#include "wcc-auto-dial-window.h"
#include "wcc-chat-panel.h"
#include "wcc-customers-page.h"
#include "wcc-dashboard-page.h"
#include "wcc-knowledge-page.h"
#include "wcc-main-window.h"
#include "wcc-monitor-window.h"
#include "wcc-notification-bell.h"
#include "wcc-profile-page.h"
#include "wcc-push-banner.h"
#include "wcc-quick-search.h"
#include "wcc-reports-page.h"
#include "wcc-setup-page.h"
#include "wcc-softphone-panel.h"
#include "wcc-team-page.h"
#include "wcc-unsaved-changes-window.h"
#include "wcc-work-page.h"
#include "wcc-write-description.h"

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_AVATAR_IMAGE,
  PROP_COMPACT,
  N_PROPS
};

enum {
  SIGNAL_LOGGED_OUT,
  SIGNAL_SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccMainWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  WccAgentStatus       *agent_status;
  GtkWidget            *connection_box;
  GtkWidget            *unsaved_button;
  GtkLabel             *unsaved_label;
  GtkImage             *connection_icon;
  GtkLabel             *connection_label;
  GtkMenuButton        *user_button;
  AdwAvatar            *header_avatar;
  GtkLabel             *name_label;
  GtkListBox           *nav_list;
  GtkListBoxRow        *dashboard_nav_row;
  GtkListBoxRow        *profile_nav_row;
  GtkListBoxRow        *team_nav_row;
  GtkListBoxRow        *reports_nav_row;   /* issue 9 reports */
  GtkLabel             *reports_nav_label;
  WccReportsPage       *reports_page;
  GtkListBoxRow        *knowledge_nav_row;
  GtkListBoxRow        *setup_nav_row;      /* issue 9 setup */
  WccSetupPage         *setup_page;
  GtkListBoxRow        *work_nav_row;
  GtkLabel             *work_count_label;
  /* issue 9 approvals: the approvals inbox, built at login for reviewers (its badge) */
  GtkListBoxRow        *approvals_nav_row;
  GtkLabel             *approvals_count_label;
  WccApprovalsPage     *approvals_page;
  GtkListBoxRow        *customers_nav_row;
  GtkStack             *stack;
  WccDashboardPage     *dashboard_page;
  WccProfilePage       *profile_page;
  WccTeamPage          *team_page;
  WccQuickSearch       *quick_search;
  GtkToggleButton      *phone_button;
  WccNotificationBell  *notification_bell;
  GtkBox               *phone_box;
  GtkToggleButton      *chat_button;
  GtkLabel             *chat_badge;
  GtkBox               *chat_box;
  WccPushBanner        *push_banner;
  GtkWidget            *nav_pane;
  GtkRevealer          *phone_revealer;
  GtkRevealer          *chat_revealer;

  /* owned references */
  WccClient            *client;
  WccUser              *user;
  WccSession           *session;
  WccEventStream       *events;         /* the session's */
  WccChat              *chat;           /* chat and push messages (S14, S15) */
  GSettings            *settings;
  GdkPaintable         *avatar_image;
  WccSoftphone         *softphone;
  GCancellable         *cancellable;
  GtkWindow            *auto_dial_window; /* weak: the open auto-dial window (C25) */
  GtkWindow            *monitor_window;   /* weak: the open real-time monitor (R5, issue 9) */
  GtkWindow            *unsaved_window;   /* weak: the open "Changes Not Saved" window */

  /* pages built when first needed (borrowed: the stack owns them) */
  WccCustomersPage     *customers_page;
  WccWorkPage          *work_page;
  WccKnowledgePage     *knowledge_page;
  WccSoftphonePanel    *softphone_panel;  /* in phone_box, when the pane first opens */
  WccChatPanel         *chat_panel;       /* in chat_box, when the pane first opens */
  guint                 logging_out : 1;
  guint                 discard_confirmed : 1;   /* closing: the user chose to lose the tabs' work */
  guint                 compact : 1;            /* a narrow window: see update_layout() */
  guint                 layout_idle;
  guint                 customers_wanted : 1;   /* agents and leaders have the page */
};

G_DEFINE_FINAL_TYPE (WccMainWindow, wcc_main_window, ADW_TYPE_APPLICATION_WINDOW)

static void
set_avatar_image (WccMainWindow *self,
                  GdkPaintable  *image)
{
  if (g_set_object (&self->avatar_image, image))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR_IMAGE]);
}

static void
on_avatar_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccMainWindow) self = user_data;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  jpeg = wcc_client_fetch_avatar_finish (WCC_CLIENT (source), result, &error);
  if (jpeg != NULL)
    texture = gdk_texture_new_from_bytes (jpeg, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No avatar picture: %s", error->message);
      return;
    }
  set_avatar_image (self, GDK_PAINTABLE (texture));
}

static void
reload_avatar (WccMainWindow *self)
{
  if (wcc_user_get_avatar_url (self->user) == NULL)
    {
      set_avatar_image (self, NULL);
      return;
    }
  wcc_client_fetch_avatar_async (self->client, self->user, self->cancellable,
                                 on_avatar_loaded, g_object_ref (self));
}

static void
on_user_avatar_changed (WccMainWindow *self,
                        GParamSpec    *pspec,
                        WccUser       *user)
{
  reload_avatar (self);
}

static void
on_connected_changed (WccMainWindow  *self,
                      GParamSpec     *pspec,
                      WccEventStream *events)
{
  gboolean connected = wcc_event_stream_get_connected (events);

  gtk_image_set_from_icon_name (self->connection_icon,
                                connected ? "network-transmit-receive-symbolic"
                                          : "network-offline-symbolic");
  /* Called once with no pspec before the first connection attempt has finished. */
  gtk_label_set_text (self->connection_label,
                      connected ? _("Online") : pspec == NULL ? _("Connecting…") : _("Offline"));
  gtk_widget_set_tooltip_text (self->connection_box,
                               connected ? _("Connected to the server: changes arrive live")
                                         : _("Not connected to the server: reconnecting…"));
  if (connected)
    {
      gtk_widget_add_css_class (self->connection_box, "online");
      gtk_widget_remove_css_class (self->connection_box, "offline");
    }
  else
    {
      gtk_widget_add_css_class (self->connection_box, "offline");
      gtk_widget_remove_css_class (self->connection_box, "online");
    }
}

static void
on_user_updated_event (WccMainWindow  *self,
                       const char     *type,
                       gint64          seq,
                       JsonNode       *data,
                       WccEventStream *events)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (data))
    return;
  object = json_node_get_object (data);
  if (json_object_get_int_member_with_default (object, "id", 0) == wcc_user_get_id (self->user))
    {
      g_autoptr(GError) error = NULL;

      if (!wcc_user_update_from_json (self->user, object, &error))
        g_warning ("Ignoring a user.updated event: %s", error->message);
    }
  if (self->team_page != NULL)
    wcc_team_page_reload (self->team_page);
}

static void
on_me_reloaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = wcc_client_get_me_finish (WCC_CLIENT (source), result, &error);
  if (user == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not reload the user after a resync: %s", error->message);
}

static void
on_resync (WccMainWindow  *self,
           WccEventStream *events)
{
  /* Events were lost: reload what the window shows. */
  wcc_client_get_me_async (self->client, self->cancellable, on_me_reloaded, NULL);
  if (self->team_page != NULL)
    wcc_team_page_reload (self->team_page);
  wcc_dashboard_page_reload (self->dashboard_page);
}

/* The chat button's badge: the unread messages of every conversation (S14). */
static void
on_chat_unread (WccMainWindow *self)
{
  guint unread = wcc_chat_get_unread (self->chat);
  g_autofree char *text = unread > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", unread);

  gtk_label_set_label (self->chat_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_badge), unread > 0);
}

static void
on_session_ended (WccMainWindow  *self,
                  WccEventStream *events)
{
  if (!self->logging_out)
    g_signal_emit (self, signals[SIGNAL_SESSION_ENDED], 0);
}

static void on_work_tabs_changed (WccMainWindow *self);
static void on_page_toast (WccMainWindow *self, const char *message, GtkWidget *page);

/* Adds @page to the stack as @name; its toasts go to the window's overlay. The page is named
 * like its id in a template would be, so tests find it the same way. */
static void
add_page (WccMainWindow *self,
          GtkWidget     *page,
          const char    *name,
          const char    *id,
          const char    *title)
{
  gtk_widget_set_name (page, id);
  if (g_signal_lookup ("toast", G_OBJECT_TYPE (page)) != 0)
    g_signal_connect_object (page, "toast", G_CALLBACK (on_page_toast), self, G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->stack, page, name, title);
}

/* My Profile (D7) and Team (R1): built when first shown (issue 6, idle memory: the two
 * pages' widgets are 0.4 MiB of heap an agent who stays on the dashboard never uses). */
static WccProfilePage *
ensure_profile_page (WccMainWindow *self)
{
  if (self->profile_page != NULL)
    return self->profile_page;
  self->profile_page = g_object_new (WCC_TYPE_PROFILE_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->profile_page), "profile", "profile_page", _("My Profile"));
  g_object_bind_property (self, "avatar-image", self->profile_page, "avatar-image", G_BINDING_SYNC_CREATE);
  wcc_profile_page_set_client (self->profile_page, self->client);
  return self->profile_page;
}

static WccTeamPage *
ensure_team_page (WccMainWindow *self)
{
  if (self->team_page != NULL)
    return self->team_page;
  self->team_page = g_object_new (WCC_TYPE_TEAM_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->team_page), "team", "team_page", _("Team"));
  wcc_team_page_set_client (self->team_page, self->client);
  return self->team_page;
}

/* The softphone and chat panes' panels are built when the pane first opens (the phone
 * button, an incoming call, win.show-dialpad, a tel: link; the chat button): issue 6, idle
 * memory. They keep no state of their own that the idle window would need: the softphone
 * and the chat models live on without them. */
static void
add_pane_panel (WccMainWindow *self,
                GtkBox        *pane_box,
                GtkWidget     *panel,
                const char    *id)
{
  gtk_widget_set_name (panel, id);   /* as add_page: tests find it by its template id */
  g_signal_connect_object (panel, "toast", G_CALLBACK (on_page_toast), self, G_CONNECT_SWAPPED);
  gtk_box_append (pane_box, panel);
}

static WccSoftphonePanel *
ensure_softphone_panel (WccMainWindow *self)
{
  if (self->softphone_panel != NULL)
    return self->softphone_panel;
  self->softphone_panel = g_object_new (WCC_TYPE_SOFTPHONE_PANEL, NULL);
  add_pane_panel (self, self->phone_box, GTK_WIDGET (self->softphone_panel), "softphone_panel");
  wcc_softphone_panel_set_softphone (self->softphone_panel, self->softphone);
  return self->softphone_panel;
}

static WccChatPanel *
ensure_chat_panel (WccMainWindow *self)
{
  if (self->chat_panel != NULL)
    return self->chat_panel;
  self->chat_panel = g_object_new (WCC_TYPE_CHAT_PANEL, NULL);
  add_pane_panel (self, self->chat_box, GTK_WIDGET (self->chat_panel), "chat_panel");
  wcc_chat_panel_set_chat (self->chat_panel, self->chat);
  return self->chat_panel;
}

static void
on_pane_button_toggled (WccMainWindow   *self,
                        GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->phone_button)
    ensure_softphone_panel (self);
  else
    ensure_chat_panel (self);
}

/* Contact customers is built when first shown, and its lists load then: the page with its
 * seven tables, then a dozen lists of 100 customers and their rows, are memory an agent who
 * stays on the dashboard never needs. */
static WccCustomersPage *
ensure_customers_page (WccMainWindow *self)
{
  if (self->customers_page != NULL)
    return self->customers_page;
  self->customers_page = g_object_new (WCC_TYPE_CUSTOMERS_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->customers_page), "customers", "customers_page", _("Customers"));
  if (self->customers_wanted)
    wcc_customers_page_set_session (self->customers_page, self->session);
  return self->customers_page;
}

/* Customers at Work (C8): built with its first tab or when first shown. */
static WccWorkPage *
ensure_work_page (WccMainWindow *self)
{
  if (self->work_page != NULL)
    return self->work_page;
  self->work_page = g_object_new (WCC_TYPE_WORK_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->work_page), "work", "work_page", _("Customers at Work"));
  wcc_work_page_set_session (self->work_page, self->session);
  wcc_work_page_set_softphone (self->work_page, self->softphone);
  g_signal_connect_object (self->work_page, "notify::n-tabs", G_CALLBACK (on_work_tabs_changed), self, G_CONNECT_SWAPPED);
  return self->work_page;
}

/* Knowledge (S11): built, and its home read, when first shown. */
static WccKnowledgePage *
ensure_knowledge_page (WccMainWindow *self)
{
  if (self->knowledge_page != NULL)
    return self->knowledge_page;
  self->knowledge_page = g_object_new (WCC_TYPE_KNOWLEDGE_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->knowledge_page), "knowledge", "knowledge_page", _("Knowledge"));
  wcc_knowledge_page_set_client (self->knowledge_page, self->client);
  return self->knowledge_page;
}

/* issue 9 setup: the client admin's Set-up page, built when first shown. */
static WccSetupPage *
ensure_setup_page (WccMainWindow *self)
{
  if (self->setup_page != NULL)
    return self->setup_page;
  self->setup_page = g_object_new (WCC_TYPE_SETUP_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->setup_page), "setup", "setup_page", _("Set-up"));
  wcc_setup_page_set_session (self->setup_page, self->session);
  return self->setup_page;
}

/* issue 9 reports: the summary report (R4) or one's own statistics (R2), built and read
 * when first shown. */
static WccReportsPage *
ensure_reports_page (WccMainWindow *self)
{
  if (self->reports_page != NULL)
    return self->reports_page;
  self->reports_page = g_object_new (WCC_TYPE_REPORTS_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->reports_page), "reports", "reports_page", gtk_label_get_text (self->reports_nav_label));
  wcc_reports_page_set_client (self->reports_page, self->client);
  return self->reports_page;
}

/* issue 9 approvals: the approvals inbox (C6, C9, S12) and acting for an agent (R3). The
 * inbox is built at login for client admins and leaders: its count is the menu's badge. */
static void
on_approvals_pending (WccMainWindow *self)
{
  guint pending = wcc_approvals_page_get_pending (self->approvals_page);
  g_autofree char *text = pending > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", pending);

  gtk_label_set_text (self->approvals_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_count_label), pending > 0);
}

static WccApprovalsPage *
ensure_approvals_page (WccMainWindow *self)
{
  if (self->approvals_page != NULL)
    return self->approvals_page;
  self->approvals_page = g_object_new (WCC_TYPE_APPROVALS_PAGE, NULL);
  add_page (self, GTK_WIDGET (self->approvals_page), "approvals", "approvals_page", _("Approvals"));
  g_signal_connect_object (self->approvals_page, "notify::pending", G_CALLBACK (on_approvals_pending), self,
                           G_CONNECT_SWAPPED);
  wcc_approvals_page_set_session (self->approvals_page, self->session);
  return self->approvals_page;
}

/* The work view of an agent of the leader's groups (R3), from the team page. */
static void
open_agent_work_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);
  WccAgentWorkWindow *window = wcc_agent_work_window_new (self->session, g_variant_get_int64 (parameter));

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_nav_row_selected (WccMainWindow *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  const char *name;

  if (row == NULL)
    return;
  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_str_equal (name, "profile"))
    ensure_profile_page (self);
  else if (g_str_equal (name, "team"))
    ensure_team_page (self);
  else if (g_str_equal (name, "customers"))
    ensure_customers_page (self);
  else if (g_str_equal (name, "work"))
    ensure_work_page (self);
  else if (g_str_equal (name, "knowledge"))
    ensure_knowledge_page (self);
  else if (g_str_equal (name, "setup"))
    ensure_setup_page (self);
  else if (g_str_equal (name, "reports"))
    ensure_reports_page (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
on_page_toast (WccMainWindow *self,
               const char    *message,
               GtkWidget     *page)
{
  wcc_main_window_add_toast (self, message);
}

static void
on_logout_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccMainWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The session ends here either way: an unreachable server lets the token expire. */
  if (!wcc_client_logout_finish (WCC_CLIENT (source), result, &error))
    g_warning ("Logging out on the server failed: %s", error->message);
  wcc_session_stop (self->session);
  g_signal_emit (self, signals[SIGNAL_LOGGED_OUT], 0);
}

static void
on_softphone_off (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WccMainWindow) self = user_data;

  wcc_softphone_shutdown_finish (WCC_SOFTPHONE (source), result, NULL);
  wcc_client_logout_async (self->client, NULL, on_logout_done, g_object_ref (self));
}

static void
on_logout_response (AdwMessageDialog *dialog,
                    const char       *response,
                    WccMainWindow    *self)
{
  if (g_strcmp0 (response, "logout") != 0 || self->logging_out)
    return;
  self->logging_out = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), FALSE);
  /* The softphone's password belongs to the session: un-register while it still works. */
  if (self->softphone != NULL)
    wcc_softphone_shutdown_async (self->softphone, on_softphone_off, g_object_ref (self));
  else
    wcc_client_logout_async (self->client, NULL, on_logout_done, g_object_ref (self));
}

char *
wcc_main_window_get_unsaved (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->work_page != NULL ? wcc_work_page_get_unsaved (self->work_page) : NULL;
}

typedef struct {
  WccDiscardFunc then;
  gpointer       data;
} Discard;

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Discard          *discard)
{
  if (g_str_equal (response, "discard"))
    discard->then (discard->data);
}

gboolean
wcc_main_window_ask_discard (WccMainWindow  *self,
                             const char     *heading,
                             const char     *confirm,
                             WccDiscardFunc  then,
                             gpointer        data)
{
  g_autofree char *unsaved = NULL;
  AdwMessageDialog *dialog;
  Discard *discard;

  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), FALSE);

  unsaved = wcc_main_window_get_unsaved (self);
  if (unsaved == NULL)
    return FALSE;
  dialog = wcc_discard_dialog_new (GTK_WINDOW (self), heading, unsaved, confirm);
  gtk_widget_set_name (GTK_WIDGET (dialog), "discard_dialog");
  discard = g_new (Discard, 1);
  *discard = (Discard) { then, data };
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_discard_response), discard,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
close_discarding (gpointer data)
{
  WccMainWindow *self = data;

  self->discard_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The window's close button closes the customers' tabs too: asks first when they would
 * lose work. */
static gboolean
wcc_main_window_close_request (GtkWindow *window)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (window);

  if (!self->discard_confirmed && !self->logging_out &&
      wcc_main_window_ask_discard (self, _("Close and Discard Changes?"), _("_Discard and Close"),
                                   close_discarding, self))
    return TRUE;
  return GTK_WINDOW_CLASS (wcc_main_window_parent_class)->close_request (window);
}

static void
logout_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);
  g_autofree char *unsaved = wcc_main_window_get_unsaved (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->logging_out)
    return;
  /* Logging out closes the customers' tabs: say what they would lose. */
  body = unsaved != NULL
    ? g_strdup_printf ("%s\n\n%s", unsaved, _("You will need your password to log in again."))
    : g_strdup (_("You will need your password to log in again."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       unsaved != NULL ? _("Log Out and Discard Changes?")
                                                                       : _("Log Out?"),
                                                       body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "logout_dialog");
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "logout", unsaved != NULL ? _("_Discard and Log Out") : _("_Log Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "logout", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_logout_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  wcc_main_window_show_page (WCC_MAIN_WINDOW (widget), "dashboard");
}

/* The keyboard shortcuts window (Ctrl+?), built when first shown: GtkApplication would build
 * it with every window and keep it (issue 6, idle memory: 0.5 MiB of heap for each of the
 * login and main windows). */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  wcc_main_window_get_shortcuts_window (WCC_MAIN_WINDOW (widget));
  gtk_widget_activate_action (widget, "win.show-help-overlay", NULL);
}

static void
show_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  wcc_main_window_show_page (WCC_MAIN_WINDOW (widget), "profile");
}

static void
show_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  wcc_main_window_show_page (WCC_MAIN_WINDOW (widget), "team");
}

static void
show_customers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  wcc_main_window_show_page (WCC_MAIN_WINDOW (widget), "customers");
}

static void
show_dialpad_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  if (self->softphone == NULL)
    return;
  wcc_main_window_show_softphone (self);
  wcc_softphone_panel_focus_number (ensure_softphone_panel (self));
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  if (self->softphone == NULL)
    return;
  wcc_main_window_show_softphone (self);
  wcc_softphone_panel_show_transfer (ensure_softphone_panel (self));
}

/* C25: one auto-dial window, beside this one (not modal: the agent works the customer's
 * tab during the calls); its calls go through win.call-customer. */
static void
auto_dial_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  if (self->auto_dial_window == NULL)
    {
      self->auto_dial_window = GTK_WINDOW (wcc_auto_dial_window_new (GTK_WINDOW (self), self->client, self->softphone));
      g_object_add_weak_pointer (G_OBJECT (self->auto_dial_window), (gpointer *) &self->auto_dial_window);
    }
  gtk_window_present (self->auto_dial_window);
}

/* The real-time monitor (R5, issue 9): its own window, for a second screen. */
static void
show_monitor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  if (self->monitor_window == NULL)
    {
      self->monitor_window = GTK_WINDOW (wcc_monitor_window_new (self->session));
      /* Supervision (listen-in…) from the monitor: the server calls this softphone in. */
      wcc_monitor_window_set_softphone (WCC_MONITOR_WINDOW (self->monitor_window), self->softphone);
      gtk_window_set_application (self->monitor_window, gtk_window_get_application (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->monitor_window), (gpointer *) &self->monitor_window);
    }
  gtk_window_present (self->monitor_window);
}

/* ---- changes the server refused after they had waited (the outbox's refused writes) ------ */

static void
unsaved_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  if (self->session == NULL)
    return;
  if (self->unsaved_window == NULL)
    {
      self->unsaved_window = GTK_WINDOW (wcc_unsaved_changes_window_new (GTK_WINDOW (self), self->session));
      g_object_add_weak_pointer (G_OBJECT (self->unsaved_window), (gpointer *) &self->unsaved_window);
    }
  gtk_window_present (self->unsaved_window);
}

/* The header's button says how many refused changes are kept, from login on (they outlive
 * the app until dismissed). */
static void
on_refused_count (WccMainWindow *self)
{
  guint refused = wcc_outbox_get_refused (wcc_session_get_outbox (self->session));
  g_autofree char *text = NULL;

  /* TRANSLATORS: the header's button to the changes the server refused */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change not saved", "%u changes not saved", refused),
                          refused);
  gtk_label_set_text (self->unsaved_label, text);
  gtk_widget_set_visible (self->unsaved_button, refused > 0);
}

typedef struct {
  WccMainWindow *self;
  char          *reason;
} RefusalToast;

static void
on_refusal_described (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RefusalToast *refusal = user_data;
  g_autofree char *description = wcc_write_describe_finish (result, NULL);

  if (description != NULL)
    {
      g_autofree char *title = NULL;
      AdwToast *toast;

      /* TRANSLATORS: a toast: what was lost (“Contact record for Yamada Trading”), then the
       * server's reason. Escaped: a toast's title is markup in libadwaita 1.2. */
      title = g_markup_printf_escaped (_("Not saved: %s — %s"), description, refusal->reason);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.unsaved-changes");
      /* It stays until the agent has read it: something they typed did not reach the server. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (refusal->self->toast_overlay, toast);
    }
  g_object_unref (refusal->self);
  g_free (refusal->reason);
  g_free (refusal);
}

/* A write that had waited in the outbox was refused by the server: whichever page made it
 * may be gone (a closed tab, a later login), so the window tells the agent, in words, and
 * the outbox keeps it for "Changes Not Saved". */
static void
on_write_failed (WccMainWindow   *self,
                 const char      *method,
                 const char      *path,
                 GError          *error,
                 WccRefusedWrite *write,
                 WccSession      *session)
{
  RefusalToast *refusal = g_new0 (RefusalToast, 1);

  refusal->self = g_object_ref (self);
  refusal->reason = g_strdup (error->message);
  wcc_write_describe_async (self->client, method, path, write ? write->body : NULL, self->cancellable,
                            on_refusal_described, refusal);
}

static void
on_softphone_incoming_call (WccMainWindow *self,
                            WccCall       *call,
                            WccSoftphone  *softphone)
{
  /* The pane opens with the caller; the keyboard focus stays where the agent is typing. */
  wcc_main_window_show_softphone (self);
}

/* ---- knowledge base and quick search (S10, S11) ------------------------------------------- */

static void
on_quick_search_open_item (WccMainWindow *self,
                           gint64         item_id)
{
  wcc_knowledge_page_open_item (ensure_knowledge_page (self), item_id);
  wcc_main_window_show_page (self, "knowledge");
}

static void
quick_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  wcc_quick_search_focus (WCC_MAIN_WINDOW (widget)->quick_search);
}

/* ---- customers at work (C8) -------------------------------------------------------------- */

static void
on_work_tabs_changed (WccMainWindow *self)
{
  guint n = wcc_work_page_get_n_tabs (self->work_page);
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_text (self->work_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->work_count_label), n > 0);
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (id <= 0)
    return;
  wcc_work_page_open_customer (ensure_work_page (self), id);
  wcc_main_window_show_page (self, "work");
}

static void
call_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);
  const char *number;
  gint64 id;

  g_variant_get (parameter, "(x&s)", &id, &number);
  if (id <= 0)
    return;
  wcc_customer_tab_call (wcc_work_page_open_customer (ensure_work_page (self), id), number);
  wcc_main_window_show_page (self, "work");
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);
  gint64 task = g_variant_get_int64 (parameter);

  if (task <= 0)
    return;
  wcc_work_page_new_customer (ensure_work_page (self), task);
  wcc_main_window_show_page (self, "work");
}

/* A call about a customer is connected (dialled for one, or a caller that matched one): its
 * tab opens with the call, the approved pop-up warnings first (C8, C9). */
static void
on_customer_call_answered (WccMainWindow *self,
                           WccCall       *call,
                           gint64         customer_id,
                           WccSoftphone  *softphone)
{
  WccCustomerTab *tab = wcc_work_page_open_customer (ensure_work_page (self), customer_id);

  wcc_customer_tab_set_call (tab, call);
  wcc_main_window_show_page (self, "work");
  /* Answered by keyboard: the keyboard goes on in the customer's tab. */
  gtk_widget_grab_focus (GTK_WIDGET (tab));
}

static void
wcc_main_window_constructed (GObject *object)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (object);
  gboolean leads;

  G_OBJECT_CLASS (wcc_main_window_parent_class)->constructed (object);

  g_assert (WCC_IS_CLIENT (self->client));
  self->user = g_object_ref (wcc_client_get_user (self->client));
  g_assert (self->user != NULL);

  g_object_bind_property (self->user, "display-name", self->name_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->user, "display-name", self->header_avatar, "text", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->user, "account", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "avatar-image", self->header_avatar, "custom-image", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "avatar-image", self->dashboard_page, "avatar-image", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->user, "notify::avatar-url", G_CALLBACK (on_user_avatar_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->user, "notify::version", G_CALLBACK (on_user_avatar_changed), self, G_CONNECT_SWAPPED);

  /* Leaders and client admins see their groups' members (R2: agents see their own work). */
  leads = wcc_user_has_role (self->user, WCC_ROLE_LEADER | WCC_ROLE_CLIENT_ADMIN);
  gtk_widget_set_visible (GTK_WIDGET (self->team_nav_row), leads);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-team", leads);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-monitor", leads);
  if (!leads)
    gtk_label_set_text (self->reports_nav_label, _("My Statistics"));

  wcc_quick_search_set_client (self->quick_search, self->client);

  /* One session for the logged-in user: the event stream, the agent's state and the
   * outbox of writes. When the outbox cannot be kept on disk (an unwritable or broken data
   * folder) it lives in memory: work goes on, the agent is told that changes made offline
   * do not outlive the app. */
  {
    g_autoptr(GError) error = NULL;

    self->session = wcc_session_new (self->client, NULL, &error);
    if (self->session == NULL)
      {
        g_warning ("Cannot keep the outbox on disk: %s", error->message);
        g_clear_error (&error);
        self->session = wcc_session_new (self->client, WCC_OUTBOX_IN_MEMORY, &error);
        if (self->session == NULL)
          g_error ("Cannot keep changes even in memory: %s", error->message);
        /* TRANSLATORS: the app's data folder cannot be written. */
        wcc_main_window_add_toast (self, _("Changes made while offline are kept only until the app is closed"));
      }
  }
  self->events = g_object_ref (wcc_session_get_event_stream (self->session));
  wcc_agent_status_set_session (self->agent_status, self->session);
  g_signal_connect_object (self->events, "notify::connected", G_CALLBACK (on_connected_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "event::user.updated", G_CALLBACK (on_user_updated_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "resync", G_CALLBACK (on_resync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "session-ended", G_CALLBACK (on_session_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "write-failed", G_CALLBACK (on_write_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wcc_session_get_outbox (self->session), "notify::refused", G_CALLBACK (on_refused_count),
                           self, G_CONNECT_SWAPPED);
  on_refused_count (self);
  on_connected_changed (self, NULL, self->events);
  /* Before the stream starts: it asks for presence. */
  self->chat = wcc_chat_new (self->session);
  wcc_push_banner_set_chat (self->push_banner, self->chat);
  g_signal_connect_object (self->chat, "notify::unread", G_CALLBACK (on_chat_unread), self, G_CONNECT_SWAPPED);
  wcc_session_start (self->session);
  wcc_dashboard_page_set_session (self->dashboard_page, self->session);
  wcc_notification_bell_set_session (self->notification_bell, self->session);
  /* Contact customers (C1–C3, C19–C24): agents' and leaders' work; a client admin sets
   * things up elsewhere. */
  {
    gboolean works = wcc_user_has_role (self->user, WCC_ROLE_AGENT | WCC_ROLE_LEADER);

    gtk_widget_set_visible (GTK_WIDGET (self->customers_nav_row), works);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-customers", works);
    self->customers_wanted = works;
  }

  /* issue 9 setup: the Set-up page is the client admin's. */
  gtk_widget_set_visible (GTK_WIDGET (self->setup_nav_row), wcc_user_has_role (self->user, WCC_ROLE_CLIENT_ADMIN));
  /* issue 9 approvals: reviewers have the approvals inbox; leaders act for their agents. */
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_nav_row), leads);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-agent-work", leads);
  if (leads)
    ensure_approvals_page (self);

  /* The dashboard is the page after login (manual §2.2). */
  gtk_list_box_select_row (self->nav_list, self->dashboard_nav_row);
  reload_avatar (self);
}

/* ---- the layout on a narrow screen (a 1024–1366 px laptop with the side panes) ------------ */

/* The menu's width with its labels. */
#define NAV_WIDTH 220
/* Below this the page beside the menu and the open side panes is too narrow for a customer's
 * tab with its list of sections: the menu and the lists of sections show icons only. */
#define PAGE_COMFORT_WIDTH 760
/* Below this window width the softphone and chat panes are not both open: with both, the
 * page would have less than a third of a 1024-px screen. Opening one closes the other (the
 * other's header button shows it closed, one click brings it back); the chat does not
 * overlay the page either, as it would hide the contact record the agent is filling in. */
#define BOTH_PANES_WIDTH 1280

static int
window_width (WccMainWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height;

  /* (GTK 4.8 needs both pointers) */
  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return width;
}

static int
pane_width (GtkRevealer *revealer)
{
  int natural;

  if (!gtk_revealer_get_reveal_child (revealer))
    return 0;
  gtk_widget_measure (gtk_revealer_get_child (revealer), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The title label of a menu row (its first label; the count badge comes after it). */
static GtkWidget *
nav_row_label (GtkWidget *row)
{
  for (GtkWidget *c = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
       c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c))
      return c;
  return NULL;
}

static void
set_compact (WccMainWindow *self,
             gboolean       compact)
{
  if (self->compact == !!compact)
    return;
  self->compact = !!compact;
  /* the menu: icons only, each row named by its tooltip and for assistive technologies */
  gtk_widget_set_size_request (self->nav_pane, compact ? -1 : NAV_WIDTH, -1);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->nav_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = nav_row_label (row);

      if (label == NULL)
        continue;
      gtk_widget_set_visible (label, !compact);
      gtk_widget_set_tooltip_text (row, compact ? gtk_label_get_text (GTK_LABEL (label)) : NULL);
      if (compact)
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_label_get_text (GTK_LABEL (label)), -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

static gboolean
wants_compact (WccMainWindow *self,
               int            width)
{
  return width > 0 && width - NAV_WIDTH - pane_width (self->phone_revealer) - pane_width (self->chat_revealer) <
                      PAGE_COMFORT_WIDTH;
}

/* Below this the header bar has no room for the user's name (the avatar stays, the menu
 * button keeps its tooltip and accessible name). */
#define HEADER_NAME_WIDTH 1200

static void
update_layout (WccMainWindow *self)
{
  int width = window_width (self);

  g_clear_handle_id (&self->layout_idle, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), width <= 0 || width >= HEADER_NAME_WIDTH);
  set_compact (self, wants_compact (self, width));
}

static gboolean
update_layout_idle (gpointer data)
{
  WccMainWindow *self = data;

  self->layout_idle = 0;
  update_layout (self);
  return G_SOURCE_REMOVE;
}

/* A new width: the menu changes after this allocation (not during it). */
static void
wcc_main_window_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (widget);

  GTK_WIDGET_CLASS (wcc_main_window_parent_class)->size_allocate (widget, width, height, baseline);
  if ((wants_compact (self, width) != self->compact ||
       (width >= HEADER_NAME_WIDTH) != gtk_widget_get_visible (GTK_WIDGET (self->name_label))) &&
      self->layout_idle == 0)
    self->layout_idle = g_idle_add (update_layout_idle, self);
}

/* A side pane opens: in a narrow window, the other one closes. */
static void
on_pane_revealed (WccMainWindow *self,
                  GtkRevealer   *revealer)
{
  GtkRevealer *other = revealer == self->phone_revealer ? self->chat_revealer : self->phone_revealer;

  if (gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_reveal_child (other) &&
      window_width (self) < BOTH_PANES_WIDTH)
    gtk_revealer_set_reveal_child (other, FALSE);
  update_layout (self);
}

static void
on_pane_revealed_phone (WccMainWindow *self)
{
  on_pane_revealed (self, self->phone_revealer);
}

static void
on_pane_revealed_chat (WccMainWindow *self)
{
  on_pane_revealed (self, self->chat_revealer);
}

static void
setup_layout (WccMainWindow *self)
{
  g_signal_connect_swapped (self->phone_revealer, "notify::reveal-child", G_CALLBACK (on_pane_revealed_phone), self);
  g_signal_connect_swapped (self->chat_revealer, "notify::reveal-child", G_CALLBACK (on_pane_revealed_chat), self);
}

gboolean
wcc_main_window_get_compact (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), FALSE);
  return self->compact;
}

static void
wcc_main_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_AVATAR_IMAGE: g_value_set_object (value, self->avatar_image); break;
    case PROP_COMPACT: g_value_set_boolean (value, self->compact); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_main_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_main_window_dispose (GObject *object)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->layout_idle, g_source_remove);
  if (self->auto_dial_window != NULL)
    gtk_window_destroy (self->auto_dial_window);
  if (self->monitor_window != NULL)
    gtk_window_destroy (self->monitor_window);
  if (self->unsaved_window != NULL)
    gtk_window_destroy (self->unsaved_window);
  if (self->session != NULL)
    wcc_session_stop (self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_MAIN_WINDOW);
  self->softphone_panel = NULL;
  self->chat_panel = NULL;
  g_clear_object (&self->events);
  g_clear_object (&self->chat);
  g_clear_object (&self->session);
  g_clear_object (&self->avatar_image);
  g_clear_object (&self->softphone);

  G_OBJECT_CLASS (wcc_main_window_parent_class)->dispose (object);
}

static void
wcc_main_window_finalize (GObject *object)
{
  WccMainWindow *self = WCC_MAIN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->user);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wcc_main_window_parent_class)->finalize (object);
}

static void
wcc_main_window_class_init (WccMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wcc_main_window_constructed;
  object_class->get_property = wcc_main_window_get_property;
  object_class->set_property = wcc_main_window_set_property;
  object_class->dispose = wcc_main_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = wcc_main_window_close_request;
  object_class->finalize = wcc_main_window_finalize;
  widget_class->size_allocate = wcc_main_window_size_allocate;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, WCC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_IMAGE] =
    g_param_spec_object ("avatar-image", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The page beside the menu and the side panes is narrow (a laptop screen): the menu shows
   * its icons only, and so do the customer tabs' lists of sections (they bind to this). */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOGGED_OUT] =
    g_signal_new ("logged-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (WCC_TYPE_AGENT_STATUS);
  g_type_ensure (WCC_TYPE_DASHBOARD_PAGE);
  g_type_ensure (WCC_TYPE_NOTIFICATION_BELL);
  g_type_ensure (WCC_TYPE_KNOWLEDGE_PAGE);
  g_type_ensure (WCC_TYPE_QUICK_SEARCH);
  g_type_ensure (WCC_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (WCC_TYPE_WORK_PAGE);
  g_type_ensure (WCC_TYPE_PUSH_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wccdesktop/Agent/wcc-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, agent_status);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, unsaved_button);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, unsaved_label);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, header_avatar);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, nav_list);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, dashboard_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, profile_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, team_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, reports_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, reports_nav_label);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, work_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, work_count_label);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, approvals_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, approvals_count_label);
  gtk_widget_class_install_action (widget_class, "win.open-agent-work", "x", open_agent_work_action);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, customers_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, knowledge_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, setup_nav_row);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, quick_search);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, phone_button);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, notification_bell);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, phone_box);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, chat_button);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, chat_badge);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, chat_box);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, nav_pane);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, phone_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, chat_revealer);
  gtk_widget_class_bind_template_child (widget_class, WccMainWindow, push_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_nav_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_page_toast);
  gtk_widget_class_bind_template_callback (widget_class, on_quick_search_open_item);

  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.show-profile", NULL, show_profile_action);
  gtk_widget_class_install_action (widget_class, "win.show-team", NULL, show_team_action);
  gtk_widget_class_install_action (widget_class, "win.show-customers", NULL, show_customers_action);
  gtk_widget_class_install_action (widget_class, "win.show-dialpad", NULL, show_dialpad_action);
  gtk_widget_class_install_action (widget_class, "win.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "win.open-customer", "x", open_customer_action);
  gtk_widget_class_install_action (widget_class, "win.call-customer", "(xs)", call_customer_action);
  gtk_widget_class_install_action (widget_class, "win.new-customer", "x", new_customer_action);
  gtk_widget_class_install_action (widget_class, "win.auto-dial", NULL, auto_dial_action);
  gtk_widget_class_install_action (widget_class, "win.show-monitor", NULL, show_monitor_action);
  gtk_widget_class_install_action (widget_class, "win.unsaved-changes", NULL, unsaved_changes_action);
  gtk_widget_class_install_action (widget_class, "win.quick-search", NULL, quick_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_ALT_MASK, "win.show-dashboard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-profile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-team", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-customers", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.show-dialpad", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.quick-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.transfer", NULL);
}

static void
wcc_main_window_init (WccMainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->phone_button, "toggled", G_CALLBACK (on_pane_button_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_button, "toggled", G_CALLBACK (on_pane_button_toggled), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  /* The window follows the user's last size however it closes (close button or logout). */
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  setup_layout (self);
}

WccMainWindow *
wcc_main_window_new (AdwApplication *application,
                     WccClient      *client)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (wcc_client_get_user (client) != NULL, NULL);

  return g_object_new (WCC_TYPE_MAIN_WINDOW, "application", application, "client", client, NULL);
}

WccClient *
wcc_main_window_get_client (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->client;
}

WccChat *
wcc_main_window_get_chat (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->chat;
}

WccSession *
wcc_main_window_get_session (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->session;
}

WccEventStream *
wcc_main_window_get_events (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->events;
}

void
wcc_main_window_show_page (WccMainWindow *self,
                           const char    *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (WCC_IS_MAIN_WINDOW (self));
  g_return_if_fail (name != NULL);

  row = g_str_equal (name, "dashboard") ? self->dashboard_nav_row
      : g_str_equal (name, "customers") ? self->customers_nav_row
      : g_str_equal (name, "team") ? self->team_nav_row
      : g_str_equal (name, "work") ? self->work_nav_row
      : g_str_equal (name, "knowledge") ? self->knowledge_nav_row
      : g_str_equal (name, "setup") ? self->setup_nav_row
      : g_str_equal (name, "reports") ? self->reports_nav_row
      : g_str_equal (name, "approvals") ? self->approvals_nav_row
      : self->profile_nav_row;
  if (!gtk_widget_get_visible (GTK_WIDGET (row)))
    return;
  gtk_list_box_select_row (self->nav_list, row);
}

void
wcc_main_window_add_toast (WccMainWindow *self,
                           const char    *message)
{
  g_return_if_fail (WCC_IS_MAIN_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
wcc_main_window_set_softphone (WccMainWindow *self,
                               WccSoftphone  *softphone)
{
  g_return_if_fail (WCC_IS_MAIN_WINDOW (self));
  g_return_if_fail (softphone == NULL || WCC_IS_SOFTPHONE (softphone));

  if (self->softphone != NULL)
    g_signal_handlers_disconnect_by_data (self->softphone, self);
  if (!g_set_object (&self->softphone, softphone))
    return;
  if (self->softphone_panel != NULL)
    wcc_softphone_panel_set_softphone (self->softphone_panel, softphone);
  if (self->work_page != NULL)
    wcc_work_page_set_softphone (self->work_page, softphone);
  wcc_agent_status_set_softphone (self->agent_status, softphone);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_button), softphone != NULL);
  if (softphone != NULL)
    {
      g_signal_connect_object (softphone, "incoming-call", G_CALLBACK (on_softphone_incoming_call),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (softphone, "customer-call-answered", G_CALLBACK (on_customer_call_answered),
                               self, G_CONNECT_SWAPPED);
    }
  else
    gtk_toggle_button_set_active (self->phone_button, FALSE);
}

WccSoftphone *
wcc_main_window_get_softphone (WccMainWindow *self)
{
  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);
  return self->softphone;
}

GtkShortcutsWindow *
wcc_main_window_get_shortcuts_window (WccMainWindow *self)
{
  GtkApplicationWindow *window;

  g_return_val_if_fail (WCC_IS_MAIN_WINDOW (self), NULL);

  window = GTK_APPLICATION_WINDOW (self);
  if (gtk_application_window_get_help_overlay (window) == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/wccdesktop/Agent/wcc-shortcuts-window.ui");

      gtk_application_window_set_help_overlay (window, GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
  return gtk_application_window_get_help_overlay (window);
}

void
wcc_main_window_show_softphone (WccMainWindow *self)
{
  g_return_if_fail (WCC_IS_MAIN_WINDOW (self));
  if (self->softphone != NULL)
    gtk_toggle_button_set_active (self->phone_button, TRUE);
}

void
wcc_main_window_offer_dial_link (WccMainWindow *self,
                                 const char    *uri)
{
  g_return_if_fail (WCC_IS_MAIN_WINDOW (self));
  g_return_if_fail (uri != NULL);

  wcc_main_window_show_softphone (self);
  gtk_window_present (GTK_WINDOW (self));
  wcc_softphone_panel_offer_link (ensure_softphone_panel (self), uri);
}
