/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-setup-people-ui.c: the client admin's set-up sections (issue 9) under Xvfb against a
 * real wcc-server (--demo): in a plain window with the admin's logged-in session, the admin
 * adds a user (the dialog refuses a bad employee ID and a short password inline; the same
 * ID again is refused by the server, said in the section), adds a group and makes the
 * user its member, changes the after-call seconds of the Sales queue (another group's queue
 * number refused by the server, said in the section), and adds a pause
 * reason; the server's state is read after each step. The new user, logged in with the
 * initial password, sees their new group and the new pause reason in their open app (events).
 * Screenshots setup-users.png, setup-queues.png. */
#define G_LOG_DOMAIN "test-setup-people-ui"

#include "wcc-agent-status.h"
#include "wcc-groups-setup.h"
#include "wcc-pause-reasons-setup.h"
#include "wcc-queues-setup.h"
#include "wcc-test-ui.h"
#include "wcc-users-setup.h"

/* The visible AdwMessageDialog named @data. */
static gboolean
dialog_named (gpointer data)
{
  AdwMessageDialog *dialog = find_message_dialog ();
  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (dialog)), data) == 0;
}

static gboolean
no_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

static AdwMessageDialog *
wait_dialog (const char *name)
{
  wait_until (dialog_named, (gpointer) name, 5000);
  return find_message_dialog ();
}

static void
set_field (AdwMessageDialog *dialog,
           const char       *name,
           const char       *text)
{
  GtkWidget *row = find_by_name (GTK_WIDGET (dialog), name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
can_save (AdwMessageDialog *dialog)
{
  return adw_message_dialog_get_response_enabled (dialog, "save");
}

static void
save (AdwMessageDialog *dialog)
{
  g_assert_true (can_save (dialog));
  /* As a click on the button: the response, then the dialog closes (its close response,
   * "cancel", does nothing more). */
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (no_dialog, NULL, 5000);
}

typedef struct {
  GtkWidget  *root;
  const char *name;
} Named;

static gboolean
named_shown (gpointer data)
{
  Named *named = data;
  GtkWidget *widget = find_by_name (named->root, named->name);
  return widget != NULL && gtk_widget_get_mapped (widget);
}

static GtkWidget *
wait_named (GtkWidget  *root,
            const char *name)
{
  Named named = { root, name };

  wait_until (named_shown, &named, 10000);
  return find_by_name (root, name);
}

/* The server, read over HTTP: the item of @path's items whose @member is @value. */
typedef struct {
  WccClient  *client;
  const char *path;
  const char *member;
  const char *value;
  JsonObject *found;
} ServerItem;

static gboolean
server_has (gpointer data)
{
  ServerItem *item = data;
  g_autoptr(JsonObject) answer = http_json (item->client, "GET", item->path, NULL, 200);
  JsonArray *items = json_object_get_array_member (answer, "items");

  g_clear_pointer (&item->found, json_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *object = json_array_get_object_element (items, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, item->member, NULL), item->value) == 0)
        item->found = json_object_ref (object);
    }
  return item->found != NULL;
}

static JsonObject *
wait_server (WccClient  *client,
             const char *path,
             const char *member,
             const char *value)
{
  ServerItem item = { client, path, member, value, NULL };

  wait_until (server_has, &item, 10000);
  return item.found;
}

typedef struct {
  WccClient *client;
  gint64     group_id;
  gint64     user_id;
  const char *member;     /* a queue setting, or NULL: membership */
  gint64     value;
} GroupState;

static gboolean
group_state_is (gpointer data)
{
  GroupState *state = data;
  g_autoptr(JsonObject) answer = http_json (state->client, "GET", "/api/v1/groups", NULL, 200);
  JsonArray *items = json_object_get_array_member (answer, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *group = json_array_get_object_element (items, i);
      JsonArray *members;

      if (json_object_get_int_member (group, "id") != state->group_id)
        continue;
      if (state->member != NULL)
        return json_object_get_int_member (group, state->member) == state->value;
      members = json_object_get_array_member (group, "members");
      for (guint j = 0; j < json_array_get_length (members); j++)
        if (json_object_get_int_member (json_array_get_object_element (members, j), "id") == state->user_id)
          return TRUE;
    }
  return FALSE;
}

typedef struct {
  GtkWidget  *root;
  const char *name;
  const char *text;
} Subtitle;

/* The row named @name shows @text in its subtitle (the list is reloaded after a change). */
static gboolean
subtitle_contains (gpointer data)
{
  Subtitle *wanted = data;
  GtkWidget *row = find_by_name (wanted->root, wanted->name);

  return row != NULL && strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wanted->text) != NULL;
}

static gboolean
member_of (gpointer data)
{
  GListModel *groups = wcc_session_get_member_of (data);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);
      if (g_str_equal (wcc_group_get_name (group), "Evening"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
menu_has (GMenuModel *menu,
          const char *label)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) && g_str_equal (text, label))
        return TRUE;
      if (menu_has (section, label))
        return TRUE;
    }
  return FALSE;
}

/* The agent's state menu offers "Pause: Coaching". */
static gboolean
state_menu_has_coaching (gpointer status)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (find_by_id (status, "state_button"));
  return menu_has (gtk_menu_button_get_menu_model (button), "Pause: Coaching");
}

typedef struct {
  WccClient *client;
  gint64     id;
  guint      index;
} Moved;

/* The pause reason @id is at @index of the server's list. */
static gboolean
reason_at (gpointer data)
{
  Moved *moved = data;
  g_autoptr(JsonObject) answer = http_json (moved->client, "GET", "/api/v1/pause-reasons", NULL, 200);
  JsonArray *items = json_object_get_array_member (answer, "items");

  return moved->index < json_array_get_length (items) &&
         json_object_get_int_member (json_array_get_object_element (items, moved->index), "id") == moved->id;
}

static gboolean
user_disabled (gpointer data)
{
  ServerItem *item = data;
  return server_has (item) && json_object_get_boolean_member (item->found, "disabled");
}

static void
on_session_ended (WccSession *session,
                  gboolean   *ended)
{
  *ended = TRUE;
}

static gboolean
session_ended (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) && *gtk_label_get_text (data) != '\0';
}

/* A good save clears the section's error line. */
static gboolean
label_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_setup_people (void)
{
  WccTestServer *server;
  g_autoptr(WccClient) admin = NULL;
  g_autoptr(WccSession) session = NULL;
  g_autoptr(WccClient) newcomer = NULL;
  g_autoptr(WccSession) newcomer_session = NULL;
  GtkWidget *status;
  gboolean newcomer_ended = FALSE;
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox_dir = wcc_test_make_temp_dir ();
  g_autofree char *outbox = g_build_filename (outbox_dir, "outbox.db", NULL);
  g_autofree char *newcomer_outbox = g_build_filename (outbox_dir, "newcomer.db", NULL);
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) group = NULL;
  g_autoptr(JsonObject) sales = NULL;
  g_autoptr(JsonObject) reason = NULL;
  GtkWidget *window, *box, *scrolled, *users, *groups, *queues, *reasons, *row, *combo;
  AdwMessageDialog *dialog;
  GtkLabel *error_label;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  session = wcc_session_new (admin, outbox, &error);
  g_assert_no_error (error);
  wcc_session_start (session);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  users = wcc_users_setup_new ();
  groups = wcc_groups_setup_new ();
  queues = wcc_queues_setup_new ();
  reasons = wcc_pause_reasons_setup_new ();
  gtk_box_append (GTK_BOX (box), users);
  gtk_box_append (GTK_BOX (box), groups);
  gtk_box_append (GTK_BOX (box), queues);
  gtk_box_append (GTK_BOX (box), reasons);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  wcc_users_setup_set_session (WCC_USERS_SETUP (users), session);
  wcc_groups_setup_set_session (WCC_GROUPS_SETUP (groups), session);
  wcc_queues_setup_set_session (WCC_QUEUES_SETUP (queues), session);
  wcc_pause_reasons_setup_set_session (WCC_PAUSE_REASONS_SETUP (reasons), session);
  gtk_window_present (GTK_WINDOW (window));
  wait_named (users, "user-1001");
  wait_named (queues, "queue-Sales");

  /* A user: checked in the dialog before it goes, then on the server. */
  click (users, "add_button");
  dialog = wait_dialog ("new-user");
  set_field (dialog, "employee_id", "bad id");
  set_field (dialog, "password", "short");
  g_assert_false (can_save (dialog));
  g_assert_true (gtk_widget_get_visible (find_by_name (GTK_WIDGET (dialog), "hint")));
  set_field (dialog, "employee_id", "1050");
  g_assert_false (can_save (dialog));
  set_field (dialog, "password", "first-login-7");
  set_field (dialog, "surname", "佐藤");
  set_field (dialog, "given_name", "健");
  g_assert_false (gtk_widget_get_visible (find_by_name (GTK_WIDGET (dialog), "hint")));
  save (dialog);
  user = wait_server (admin, "/api/v1/users?limit=200", "employee_id", "1050");
  g_assert_cmpstr (json_object_get_string_member (user, "surname"), ==, "佐藤");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (user, "roles"), 0), ==, "agent");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (user, "roles")), ==, 1);
  wait_named (users, "user-1050");
  /* The new agent logs in with that password; their app follows what the admin does next. */
  newcomer = login_elsewhere (server, "1050@demo", "first-login-7");
  newcomer_session = wcc_session_new (newcomer, newcomer_outbox, &error);
  g_assert_no_error (error);
  wcc_session_start (newcomer_session);
  g_signal_connect (newcomer_session, "session-ended", G_CALLBACK (on_session_ended), &newcomer_ended);
  status = g_object_new (WCC_TYPE_AGENT_STATUS, NULL);
  gtk_box_prepend (GTK_BOX (box), status);
  wcc_agent_status_set_session (WCC_AGENT_STATUS (status), newcomer_session);
  g_assert_false (member_of (newcomer_session));
  /* The same employee ID again: the server refuses; the section says why. */
  click (users, "add_button");
  dialog = wait_dialog ("new-user");
  set_field (dialog, "employee_id", "1050");
  set_field (dialog, "password", "first-login-7");
  save (dialog);
  error_label = GTK_LABEL (find_by_id (users, "error_label"));
  wait_until (label_visible, error_label, 10000);
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "This employee ID is taken in your company");
  save_screenshot (users, "setup-users.png");

  /* A group, and the user as its member. */
  click (groups, "add_button");
  dialog = wait_dialog ("new-group");
  set_field (dialog, "name", "  ");
  g_assert_false (can_save (dialog));
  set_field (dialog, "name", "Evening");
  save (dialog);
  group = wait_server (admin, "/api/v1/groups", "name", "Evening");
  row = wait_named (groups, "group-Evening");
  g_signal_emit_by_name (find_by_name (row, "members"), "clicked");
  dialog = wait_dialog ("group-members");
  combo = find_by_name (GTK_WIDGET (dialog), "member-1050");
  g_assert_nonnull (combo);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  save (dialog);
  {
    GroupState member = { admin, json_object_get_int_member (group, "id"), json_object_get_int_member (user, "id"),
                          NULL, 0 };
    wait_until (group_state_is, &member, 10000);
  }
  /* The newcomer's open app knows their new group (group events, no polling). */
  wait_until (member_of, newcomer_session, 10000);

  /* The after-call seconds of Sales. */
  sales = wait_server (admin, "/api/v1/groups", "name", "Sales");
  row = wait_named (queues, "queue-Sales");
  /* Service's queue number: the server refuses, the section says why. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = wait_dialog ("queue-settings");
  set_field (dialog, "queue_number", "80a");
  g_assert_false (can_save (dialog));
  set_field (dialog, "queue_number", "8002");
  save (dialog);
  error_label = GTK_LABEL (find_by_id (queues, "error_label"));
  wait_until (label_visible, error_label, 10000);
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Another group has this queue number");
  row = wait_named (queues, "queue-Sales");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = wait_dialog ("queue-settings");
  set_field (dialog, "after_call_work", "soon");
  g_assert_false (can_save (dialog));
  set_field (dialog, "after_call_work", "45");
  save (dialog);
  {
    GroupState after_call = { admin, json_object_get_int_member (sales, "id"), 0, "after_call_work", 45 };
    wait_until (group_state_is, &after_call, 10000);
  }
  wait_until (label_hidden, error_label, 10000);
  {
    Subtitle shows = { queues, "queue-Sales", "after-call work 45 s" };
    wait_until (subtitle_contains, &shows, 10000);
  }
  save_screenshot (queues, "setup-queues.png");

  /* A pause reason the demo already has: the server refuses, the section says why. */
  wait_named (reasons, "reason-Training");
  g_assert_false (state_menu_has_coaching (status));
  click (reasons, "add_button");
  dialog = wait_dialog ("new-pause-reason");
  set_field (dialog, "label", "Training");
  save (dialog);
  error_label = GTK_LABEL (find_by_id (reasons, "error_label"));
  wait_until (label_visible, error_label, 10000);
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Another pause reason has this label");
  /* A new one. */
  click (reasons, "add_button");
  dialog = wait_dialog ("new-pause-reason");
  set_field (dialog, "label", "Coaching");
  save (dialog);
  reason = wait_server (admin, "/api/v1/pause-reasons", "label", "Coaching");
  g_assert_false (json_object_get_boolean_member (reason, "automatic"));
  wait_named (reasons, "reason-Coaching");
  wait_until (label_hidden, error_label, 10000);
  /* The agent's open app offers it at once. */
  wait_until (state_menu_has_coaching, status, 10000);

  /* Moved up a place: the server's order. */
  {
    g_autoptr(JsonObject) before = http_json (admin, "GET", "/api/v1/pause-reasons", NULL, 200);
    JsonArray *items = json_object_get_array_member (before, "items");
    guint n = json_array_get_length (items), at = 0;

    for (guint i = 0; i < n; i++)
      if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == id_of (reason))
        at = i;
    g_assert_cmpuint (at, >, 0);
    row = wait_named (reasons, "reason-Coaching");
    g_signal_emit_by_name (find_by_name (row, "up"), "clicked");
    {
      Moved moved = { admin, id_of (reason), at - 1 };
      wait_until (reason_at, &moved, 10000);
    }
  }

  /* A new password for the newcomer (their sessions end), then disabled: no login. */
  row = wait_named (users, "user-1050");
  g_signal_emit_by_name (find_by_name (row, "reset-password"), "clicked");
  dialog = wait_dialog ("reset-password");
  set_field (dialog, "password", "second-pass-8");
  save (dialog);
  wait_until (session_ended, &newcomer_ended, 10000);
  {
    g_autoptr(WccClient) again = login_elsewhere (server, "1050@demo", "second-pass-8");
  }
  row = wait_named (users, "user-1050");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = wait_dialog ("edit-user");
  gtk_switch_set_active (GTK_SWITCH (find_by_name (GTK_WIDGET (dialog), "enabled")), FALSE);
  save (dialog);
  {
    g_autoptr(JsonObject) disabled = NULL;
    ServerItem item = { admin, "/api/v1/users?limit=200", "employee_id", "1050", NULL };

    wait_until (user_disabled, &item, 10000);
    disabled = item.found;
    g_assert_true (json_object_get_boolean_member (disabled, "disabled"));
  }
  {
    Subtitle shows = { users, "user-1050", "Disabled" };
    wait_until (subtitle_contains, &shows, 10000);
  }

  /* The window closed with answers on their way: they arrive to sections that are no longer
   * in a window (each kept alive by its request until then). */
  row = wait_named (users, "user-1050");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = wait_dialog ("edit-user");
  gtk_switch_set_active (GTK_SWITCH (find_by_name (GTK_WIDGET (dialog), "enabled")), TRUE);
  adw_message_dialog_response (dialog, "save");
  row = wait_named (reasons, "reason-Coaching");
  g_signal_emit_by_name (find_by_name (row, "up"), "clicked");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  settle (1500);
  wcc_session_stop (newcomer_session);
  wcc_session_stop (session);
  wcc_test_server_stop (server);
  wcc_test_remove_dir (outbox_dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/setup-people/users-groups-queues-reasons", test_setup_people);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
