/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-dashboard-page.c: the page after login: overview, appointments, today's tasks, leaderboard, personal card (D1–D3, D5–D7). */
#define G_LOG_DOMAIN "wcc-dashboard-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-announcements-card.h"
#include "wcc-dashboard-page.h"
#include "wcc-format.h"
#include "wcc-phone-list.h"
#include "wcc-time.h"
#include "wcc-todo-card.h"

enum {
  PROP_0,
  PROP_AVATAR_IMAGE,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _WccDashboardPage
{
  AdwBin           parent_instance;

  /* template widgets */
  AdwAvatar       *avatar;
  GtkLabel        *name_label;
  GtkLabel        *employee_label;
  GtkLabel        *groups_label;
  GtkLabel        *waiting_label;
  GtkLabel        *tickets_label;
  GtkLabel        *inbound_label;
  GtkStack        *customer_stack;
  GtkListView     *customer_list;
  GtkStack        *ticket_stack;
  GtkListView     *ticket_list;
  GtkSpinButton   *reminder_spin;
  GtkColumnView   *tasks_view;
  GtkColumnViewColumn *task_column;
  GtkColumnViewColumn *connected_column;
  GtkColumnViewColumn *success_column;
  GtkLabel        *tasks_total_label;
  GtkDropDown     *board_task_dropdown;
  GtkStringList   *board_task_names;
  GtkColumnView   *board_view;
  GtkColumnViewColumn *rank_column;
  GtkColumnViewColumn *agent_column;
  GtkColumnViewColumn *board_success_column;
  WccTodoCard     *todo_card;
  WccAnnouncementsCard *announcements_card;

  /* owned references */
  WccSession      *session;
  WccClient       *client;
  WccUser         *user;
  WccPagedList    *customer_appointments;
  WccPagedList    *ticket_appointments;
  GListStore      *tasks;             /* of WccRecord: the rows of GET /dashboard/tasks */
  GListStore      *leaderboard;       /* of WccRecord */
  GArray          *board_task_ids;    /* gint64, beside board_task_names */
  GListStore      *agents;            /* of WccGroupMember: whom a leader reassigns to */
  GHashTable      *names;             /* user id (gint64 *) → display name, of the groups read */
  GdkPaintable    *avatar_image;
  GSettings       *settings;
  GCancellable    *cancellable;
  guint            filling_board_tasks : 1;
};

G_DEFINE_FINAL_TYPE (WccDashboardPage, wcc_dashboard_page, ADW_TYPE_BIN)

static void
toast (WccDashboardPage *self,
       const char       *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static const char *
name_of_user (WccDashboardPage *self,
              gint64            user_id)
{
  return self->names != NULL ? g_hash_table_lookup (self->names, &user_id) : NULL;
}

static gboolean
is_leader (WccDashboardPage *self)
{
  return self->user != NULL && wcc_user_has_role (self->user, WCC_ROLE_LEADER);
}

/* The answer of a read, or NULL (said in the debug log unless cancelled). */
static JsonObject *
read_answer (GObject      *source,
             GAsyncResult *result,
             const char   *what)
{
  g_autoptr(GError) error = NULL;
  JsonObject *answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s not read: %s", what, error->message);
  return answer;
}

/* ---- overview (D1) -------------------------------------------------------------------- */

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = wcc_format_integer (count);

  gtk_label_set_text (label, text);
}

static void
on_queue_counts (WccDashboardPage *self)
{
  set_count (self->waiting_label, wcc_session_get_queue_waiting (self->session));
  set_count (self->inbound_label, wcc_session_get_queue_inbound (self->session));
}

static void
on_open_count_read (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WccDashboardPage) self = user_data;
  g_autoptr(JsonObject) answer = read_answer (source, result, "Open tickets");

  if (answer == NULL)
    return;
  set_count (self->tickets_label, (guint) CLAMP (json_object_get_int_member_with_default (answer, "count", 0),
                                                  0, G_MAXUINT));
}

static void
read_open_count (WccDashboardPage *self)
{
  wcc_client_get_object_async (self->client, "/api/v1/tickets/open-count", self->cancellable,
                               on_open_count_read, g_object_ref (self));
}

/* ---- personal card (D7) --------------------------------------------------------------- */

static void
update_groups_label (WccDashboardPage *self)
{
  GListModel *groups = wcc_session_get_member_of (self->session);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);

      if (text->len > 0)
        /* TRANSLATORS: between the names of two agent groups. */
        g_string_append (text, _(", "));
      g_string_append (text, wcc_group_get_name (group));
    }
  gtk_label_set_text (self->groups_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->groups_label), text->len > 0);
}

static void
update_personal (WccDashboardPage *self)
{
  g_autofree char *employee = NULL;

  /* TRANSLATORS: the agent's employee ID (also their extension). */
  employee = g_strdup_printf (_("Employee ID %s"), wcc_user_get_employee_id (self->user));
  gtk_label_set_text (self->name_label, wcc_user_get_display_name (self->user));
  adw_avatar_set_text (self->avatar, wcc_user_get_display_name (self->user));
  gtk_label_set_text (self->employee_label, employee);
}

/* ---- appointment lists (D2, D3) ------------------------------------------------------- */

static void
update_list_stack (GtkStack   *stack,
                   GListModel *model)
{
  gtk_stack_set_visible_child_name (stack, g_list_model_get_n_items (model) > 0 ? "list" : "empty");
}

static void
on_customer_appointments_changed (WccDashboardPage *self)
{
  update_list_stack (self->customer_stack, G_LIST_MODEL (self->customer_appointments));
}

static void
on_ticket_appointments_changed (WccDashboardPage *self)
{
  update_list_stack (self->ticket_stack, G_LIST_MODEL (self->ticket_appointments));
}

static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, wcc_phone_list_row_new ());
}

static void
on_bind_customer_row (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      WccDashboardPage         *self)
{
  WccRecord *record = gtk_list_item_get_item (item);
  gint64 agent_id = wcc_record_get_int (record, "agent_id", 0);
  const char *agent = agent_id != wcc_user_get_id (self->user) ? name_of_user (self, agent_id) : NULL;
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (record, "due_at"), WCC_DATE_STYLE_DUE);
  g_autofree char *subtitle = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  /* TRANSLATORS: an appointment's time, then the agent it belongs to (a leader's view). */
  subtitle = agent != NULL ? g_strdup_printf (_("%s · %s"), when, agent) : g_steal_pointer (&when);
  if (is_leader (self))
    menu = wcc_phone_list_menu_new (wcc_record_get_id (record),
                                    _("Change _Date…"), "dashboard.change-date",
                                    _("_Reassign…"), "dashboard.reassign",
                                    NULL);
  else
    menu = wcc_phone_list_menu_new (wcc_record_get_id (record),
                                    _("Change _Date…"), "dashboard.change-date",
                                    NULL);
  wcc_phone_list_row_set (gtk_list_item_get_child (item), "contact-new-symbolic", _("Open Customer"),
                          "dashboard.open-customer",
                          g_variant_new_int64 (wcc_record_get_int (record, "customer_id", 0)),
                          wcc_record_get_string (record, "customer_label"), subtitle, menu);
}

static void
on_bind_ticket_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    WccDashboardPage         *self)
{
  WccRecord *record = gtk_list_item_get_item (item);
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (record, "appointment_at"), WCC_DATE_STYLE_DUE);
  const char *status = wcc_record_get_string (record, "status");
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: a ticket appointment's time, then the ticket's status. */
  subtitle = *status != '\0' ? g_strdup_printf (_("%s · %s"), when, status) : g_steal_pointer (&when);
  /* Opening the customer is the row's button: no menu to repeat it. */
  wcc_phone_list_row_set (gtk_list_item_get_child (item), "contact-new-symbolic", _("Open Customer"),
                          "dashboard.open-customer",
                          g_variant_new_int64 (wcc_record_get_int (record, "customer_id", 0)),
                          wcc_record_get_string (record, "title"), subtitle, NULL);
}

static GtkListItemFactory *
row_factory_new (WccDashboardPage *self,
                 GCallback         bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), NULL);
  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

/* ---- today's tasks and the leaderboard (D5, D6) --------------------------------------- */

/* A column showing one member of the row's record: a string, or a number when @number. */
static void
on_setup_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cell (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  WccRecord *record = gtk_list_item_get_item (item);
  const char *member = g_object_get_data (G_OBJECT (factory), "member");
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  if (GPOINTER_TO_INT (user_data))
    {
      g_autofree char *text = wcc_format_integer (wcc_record_get_int (record, member, 0));
      gtk_label_set_text (label, text);
    }
  else if (g_str_equal (member, "task_name") && wcc_record_get_int (record, "task_id", 0) == 0)
    /* TRANSLATORS: today's calls and records that belong to no task. */
    gtk_label_set_text (label, _("Outside tasks"));
  else
    gtk_label_set_text (label, wcc_record_get_string (record, member));
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  const char          *member,
                  gboolean             number)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data_full (G_OBJECT (factory), "member", g_strdup (member), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell), GINT_TO_POINTER (number));
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cell), GINT_TO_POINTER (number));
  gtk_column_view_column_set_factory (column, factory);
}

static JsonArray *
items_of (JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "items");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
on_leaderboard_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(WccDashboardPage) self = user_data;
  g_autoptr(JsonObject) answer = read_answer (source, result, "Leaderboard");

  if (answer == NULL)
    return;
  wcc_record_store_replace (self->leaderboard, items_of (answer));
}

static void
read_leaderboard (WccDashboardPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->board_task_dropdown);
  g_autofree char *path = NULL;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->board_task_ids->len)
    {
      g_list_store_remove_all (self->leaderboard);
      return;
    }
  path = g_strdup_printf ("/api/v1/dashboard/leaderboard?task=%lld",
                          (long long) g_array_index (self->board_task_ids, gint64, selected));
  wcc_client_get_object_async (self->client, path, self->cancellable, on_leaderboard_read, g_object_ref (self));
}

static void
on_board_task_selected (WccDashboardPage *self)
{
  if (!self->filling_board_tasks && self->client != NULL)
    read_leaderboard (self);
}

/* The leaderboard's choice of task: the tasks of today's list, the one shown kept. */
static void
fill_board_tasks (WccDashboardPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->board_task_dropdown);
  gint64 kept = selected < self->board_task_ids->len ? g_array_index (self->board_task_ids, gint64, selected) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint keep_at = 0;

  g_array_set_size (self->board_task_ids, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tasks)); i++)
    {
      g_autoptr(WccRecord) row = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      gint64 id = wcc_record_get_int (row, "task_id", 0);

      if (id == 0)
        continue;
      if (id == kept)
        keep_at = self->board_task_ids->len;
      g_array_append_val (self->board_task_ids, id);
      g_ptr_array_add (names, (gpointer) wcc_record_get_string (row, "task_name"));
    }
  g_ptr_array_add (names, NULL);
  self->filling_board_tasks = TRUE;
  gtk_string_list_splice (self->board_task_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->board_task_names)),
                          (const char * const *) names->pdata);
  if (self->board_task_ids->len > 0)
    gtk_drop_down_set_selected (self->board_task_dropdown, keep_at);
  self->filling_board_tasks = FALSE;
  read_leaderboard (self);
}

static void
on_tasks_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WccDashboardPage) self = user_data;
  g_autoptr(JsonObject) answer = read_answer (source, result, "Today's tasks");
  JsonObject *total;
  g_autofree char *text = NULL;

  if (answer == NULL)
    return;
  wcc_record_store_replace (self->tasks, items_of (answer));
  total = json_object_get_object_member (answer, "total");
  if (total != NULL)
    {
      g_autofree char *connected = wcc_format_integer (json_object_get_int_member_with_default (total, "connected", 0));
      g_autofree char *success = wcc_format_integer (json_object_get_int_member_with_default (total, "success", 0));

      /* TRANSLATORS: today's totals over every task: connected calls, successful submissions. */
      text = g_strdup_printf (_("%s connected · %s successful"), connected, success);
    }
  gtk_label_set_text (self->tasks_total_label, text ? text : "");
  fill_board_tasks (self);
}

static void
read_tasks (WccDashboardPage *self)
{
  wcc_client_get_object_async (self->client, "/api/v1/dashboard/tasks", self->cancellable,
                               on_tasks_read, g_object_ref (self));
}

/* ---- whom a leader reassigns to -------------------------------------------------------- */

static void
on_groups_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccDashboardPage) self = user_data;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GError) error = NULL;
  gint64 me = wcc_user_get_id (self->user);

  groups = wcc_client_list_groups_finish (WCC_CLIENT (source), result, &error);
  if (groups == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Groups not read: %s", error->message);
      wcc_paged_list_reload (self->customer_appointments);
      return;
    }
  g_list_store_remove_all (self->agents);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WccGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = wcc_group_get_members (group);
      gboolean leads = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(WccGroupMember) member = g_list_model_get_item (members, j);
          gint64 id = wcc_group_member_get_id (member);

          g_hash_table_insert (self->names, g_memdup2 (&id, sizeof id),
                               g_strdup (wcc_group_member_get_display_name (member)));
          if (id == me && wcc_group_member_get_leader (member))
            leads = TRUE;
        }
      for (guint j = 0; leads && j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(WccGroupMember) member = g_list_model_get_item (members, j);
          gboolean listed = FALSE;

          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (self->agents)) && !listed; k++)
            {
              g_autoptr(WccGroupMember) other = g_list_model_get_item (G_LIST_MODEL (self->agents), k);
              listed = wcc_group_member_get_id (other) == wcc_group_member_get_id (member);
            }
          if (!listed)
            g_list_store_append (self->agents, member);
        }
    }
  /* Read now that the rows can name the agents. */
  wcc_paged_list_reload (self->customer_appointments);
}

/* ---- writes --------------------------------------------------------------------------- */

static void
on_appointment_written (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WccDashboardPage) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;

  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      toast (self, _("Offline: the appointment changes when the server is back"));
      return;
    }
  /* By time: a new time or agent can move it; the first page is read again. */
  wcc_paged_list_reload (self->customer_appointments);
}

static void
patch_appointment (WccDashboardPage *self,
                   WccRecord        *appointment,
                   const char       *member,
                   JsonNode         *value)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%lld", (long long) wcc_record_get_id (appointment));

  json_object_set_int_member (object, "version", wcc_record_get_version (appointment));
  json_object_set_member (object, member, value);
  json_node_take_object (body, object);
  wcc_session_queue_write_async (self->session, "PATCH", path, body, self->cancellable,
                                 on_appointment_written, g_object_ref (self));
}

static WccRecord *
find_appointment (WccDashboardPage *self,
                  GVariant         *parameter)
{
  return wcc_paged_list_find (self->customer_appointments, g_variant_get_int64 (parameter), NULL);
}

/* The date dialog: a calendar and the time of day, from the appointment's. */
static void
on_date_response (AdwMessageDialog *dialog,
                  const char       *response,
                  WccDashboardPage *self)
{
  WccRecord *appointment;
  GtkCalendar *calendar = g_object_get_data (G_OBJECT (dialog), "calendar");
  GtkSpinButton *hour = g_object_get_data (G_OBJECT (dialog), "hour");
  GtkSpinButton *minute = g_object_get_data (G_OBJECT (dialog), "minute");
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *at = NULL;

  if (!g_str_equal (response, "save"))
    return;
  appointment = wcc_paged_list_find (self->customer_appointments,
                                     GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")), NULL);
  if (appointment == NULL)
    return;
  day = gtk_calendar_get_date (calendar);
  local = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day), gtk_spin_button_get_value_as_int (hour),
                                 gtk_spin_button_get_value_as_int (minute), 0);
  at = wcc_time_to_rfc3339 (g_date_time_to_unix (local));
  patch_appointment (self, appointment, "at", json_node_init_string (json_node_alloc (), at));
}

static GtkWidget *
time_spin_new (double upper,
               int    value,
               const char *tooltip)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_tooltip_text (spin, tooltip);
  return spin;
}

static void
change_date_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (widget);
  WccRecord *appointment = find_appointment (self, parameter);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) due = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *time_box, *calendar, *hour, *minute;

  if (appointment == NULL)
    return;
  utc = g_date_time_new_from_unix_utc (MAX (wcc_record_get_time (appointment, "due_at"), wcc_time_now ()));
  due = g_date_time_to_local (utc);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Change the Date"),
                                                       wcc_record_get_string (appointment, "customer_label")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  calendar = gtk_calendar_new ();
  gtk_calendar_select_day (GTK_CALENDAR (calendar), due);
  time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  hour = time_spin_new (23, g_date_time_get_hour (due), _("Hour"));
  minute = time_spin_new (59, g_date_time_get_minute (due), _("Minute"));
  gtk_box_append (GTK_BOX (time_box), hour);
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time_box), minute);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_box_append (GTK_BOX (box), time_box);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "calendar", calendar);
  g_object_set_data (G_OBJECT (dialog), "hour", hour);
  g_object_set_data (G_OBJECT (dialog), "minute", minute);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER ((gsize) wcc_record_get_id (appointment)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_date_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
agent_name (WccGroupMember *member,
            gpointer        user_data)
{
  /* TRANSLATORS: an agent to reassign to: their name, then their account. */
  return g_strdup_printf (_("%s (%s)"), wcc_group_member_get_display_name (member),
                          wcc_group_member_get_account (member));
}

static void
on_reassign_response (AdwMessageDialog *dialog,
                      const char       *response,
                      WccDashboardPage *self)
{
  GtkDropDown *agents = g_object_get_data (G_OBJECT (dialog), "agents");
  g_autoptr(WccGroupMember) member = NULL;
  WccRecord *appointment;

  if (!g_str_equal (response, "reassign"))
    return;
  appointment = wcc_paged_list_find (self->customer_appointments,
                                     GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")), NULL);
  member = g_list_model_get_item (G_LIST_MODEL (self->agents), gtk_drop_down_get_selected (agents));
  if (appointment == NULL || member == NULL)
    return;
  patch_appointment (self, appointment, "agent_id",
                     json_node_init_int (json_node_alloc (), wcc_group_member_get_id (member)));
}

static void
reassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (widget);
  WccRecord *appointment = find_appointment (self, parameter);
  g_autoptr(GtkExpression) expression = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *agents;
  gint64 current;

  if (appointment == NULL || !is_leader (self))
    return;
  current = wcc_record_get_int (appointment, "agent_id", 0);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Reassign the Appointment"),
                                                       wcc_record_get_string (appointment, "customer_label")));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (agent_name), NULL, NULL);
  agents = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->agents)), g_steal_pointer (&expression));
  /* Someone else than the agent it has now. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->agents)); i++)
    {
      g_autoptr(WccGroupMember) member = g_list_model_get_item (G_LIST_MODEL (self->agents), i);

      if (wcc_group_member_get_id (member) != current)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (agents), i);
          break;
        }
    }
  adw_message_dialog_set_extra_child (dialog, agents);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reassign", _("_Reassign"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reassign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reassign");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "agents", agents);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER ((gsize) wcc_record_get_id (appointment)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reassign_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  /* The customer tabs are the window's (win.open-customer). */
  if (!gtk_widget_activate_action (widget, "win.open-customer", "x", g_variant_get_int64 (parameter)))
    g_warning ("No win.open-customer action to open customer %lld", (long long) g_variant_get_int64 (parameter));
}

/* ---- events --------------------------------------------------------------------------- */

static void
on_event (WccDashboardPage *self,
          const char       *type,
          gint64            seq,
          JsonNode         *data,
          WccEventStream   *events)
{
  if (g_str_has_prefix (type, "appointment."))
    /* Booked, moved, reassigned here or there: by time, so the first page again. */
    wcc_paged_list_reload (self->customer_appointments);
  else if (g_str_has_prefix (type, "ticket."))
    {
      read_open_count (self);
      wcc_paged_list_reload (self->ticket_appointments);
    }
  else if (g_str_equal (type, "call.ended"))
    read_tasks (self);
}

static void
on_map (WccDashboardPage *self)
{
  /* Today's figures move with calls and records saved elsewhere: read when shown. */
  if (self->client != NULL)
    read_tasks (self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
wcc_dashboard_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_AVATAR_IMAGE: g_value_set_object (value, self->avatar_image); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_dashboard_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_AVATAR_IMAGE:
      if (g_set_object (&self->avatar_image, g_value_get_object (value)))
        {
          adw_avatar_set_custom_image (self->avatar, self->avatar_image);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_dashboard_page_dispose (GObject *object)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_DASHBOARD_PAGE);
  g_clear_object (&self->customer_appointments);
  g_clear_object (&self->ticket_appointments);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->user);
  g_clear_object (&self->avatar_image);

  G_OBJECT_CLASS (wcc_dashboard_page_parent_class)->dispose (object);
}

static void
wcc_dashboard_page_finalize (GObject *object)
{
  WccDashboardPage *self = WCC_DASHBOARD_PAGE (object);

  g_clear_object (&self->tasks);
  g_clear_object (&self->leaderboard);
  g_clear_object (&self->agents);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->board_task_ids, g_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_dashboard_page_parent_class)->finalize (object);
}

static void
wcc_dashboard_page_class_init (WccDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wcc_dashboard_page_get_property;
  object_class->set_property = wcc_dashboard_page_set_property;
  object_class->dispose = wcc_dashboard_page_dispose;
  object_class->finalize = wcc_dashboard_page_finalize;

  properties[PROP_AVATAR_IMAGE] =
    g_param_spec_object ("avatar-image", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, employee_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, groups_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, tickets_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, inbound_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, customer_stack);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, customer_list);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, ticket_stack);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, ticket_list);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, reminder_spin);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, tasks_view);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, task_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, connected_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, success_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, tasks_total_label);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, board_task_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, board_task_names);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, board_view);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, rank_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, agent_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, board_success_column);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, todo_card);
  gtk_widget_class_bind_template_child (widget_class, WccDashboardPage, announcements_card);
  gtk_widget_class_bind_template_callback (widget_class, toast);
  gtk_widget_class_bind_template_callback (widget_class, on_board_task_selected);

  gtk_widget_class_install_action (widget_class, "dashboard.open-customer", "x", open_customer_action);
  gtk_widget_class_install_action (widget_class, "dashboard.change-date", "x", change_date_action);
  gtk_widget_class_install_action (widget_class, "dashboard.reassign", "x", reassign_action);
}

static void
wcc_dashboard_page_init (WccDashboardPage *self)
{
  g_autoptr(GtkListItemFactory) customer_factory = NULL;
  g_autoptr(GtkListItemFactory) ticket_factory = NULL;
  g_autoptr(GtkSelectionModel) tasks_selection = NULL;
  g_autoptr(GtkSelectionModel) board_selection = NULL;

  g_type_ensure (WCC_TYPE_TO_DO_CARD);
  g_type_ensure (WCC_TYPE_ANNOUNCEMENTS_CARD);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->tasks = g_list_store_new (WCC_TYPE_RECORD);
  self->leaderboard = g_list_store_new (WCC_TYPE_RECORD);
  self->agents = g_list_store_new (WCC_TYPE_GROUP_MEMBER);
  self->board_task_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "reminder-lead-minutes",
                   gtk_spin_button_get_adjustment (self->reminder_spin), "value", G_SETTINGS_BIND_DEFAULT);

  customer_factory = row_factory_new (self, G_CALLBACK (on_bind_customer_row));
  gtk_list_view_set_factory (self->customer_list, customer_factory);
  ticket_factory = row_factory_new (self, G_CALLBACK (on_bind_ticket_row));
  gtk_list_view_set_factory (self->ticket_list, ticket_factory);

  set_cell_factory (self->task_column, "task_name", FALSE);
  set_cell_factory (self->connected_column, "connected", TRUE);
  set_cell_factory (self->success_column, "success", TRUE);
  set_cell_factory (self->rank_column, "rank", TRUE);
  set_cell_factory (self->agent_column, "display_name", FALSE);
  set_cell_factory (self->board_success_column, "success", TRUE);
  tasks_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->tasks))));
  gtk_column_view_set_model (self->tasks_view, tasks_selection);
  board_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->leaderboard))));
  gtk_column_view_set_model (self->board_view, board_selection);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

void
wcc_dashboard_page_set_session (WccDashboardPage *self,
                                WccSession       *session)
{
  g_autoptr(GtkSelectionModel) customer_selection = NULL;
  g_autoptr(GtkSelectionModel) ticket_selection = NULL;
  WccEventStream *events;

  g_return_if_fail (WCC_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (WCC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->client = g_object_ref (wcc_session_get_client (session));
  self->user = g_object_ref (wcc_client_get_user (self->client));
  events = wcc_session_get_event_stream (session);

  /* D2: an agent's own, a leader's and their agents' (the server decides); D3: the open
   * tickets whose appointment the user set. */
  self->customer_appointments = wcc_paged_list_new (self->client, "/api/v1/customer-appointments");
  wcc_paged_list_set_param (self->customer_appointments, "when", "all");
  self->ticket_appointments = wcc_paged_list_new (self->client, "/api/v1/ticket-appointments");
  g_signal_connect_object (self->customer_appointments, "items-changed",
                           G_CALLBACK (on_customer_appointments_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ticket_appointments, "items-changed",
                           G_CALLBACK (on_ticket_appointments_changed), self, G_CONNECT_SWAPPED);
  customer_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->customer_appointments))));
  gtk_list_view_set_model (self->customer_list, customer_selection);
  ticket_selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->ticket_appointments))));
  gtk_list_view_set_model (self->ticket_list, ticket_selection);

  g_signal_connect_object (session, "notify::queue-waiting", G_CALLBACK (on_queue_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::queue-inbound", G_CALLBACK (on_queue_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wcc_session_get_member_of (session), "items-changed",
                           G_CALLBACK (update_groups_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->user, "notify::display-name", G_CALLBACK (update_personal), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (wcc_dashboard_page_reload), self, G_CONNECT_SWAPPED);
  wcc_todo_card_set_session (self->todo_card, session);
  wcc_announcements_card_set_session (self->announcements_card, session);
  update_personal (self);
  update_groups_label (self);
  on_queue_counts (self);
  on_customer_appointments_changed (self);
  on_ticket_appointments_changed (self);
  wcc_dashboard_page_reload (self);
}

void
wcc_dashboard_page_reload (WccDashboardPage *self)
{
  g_return_if_fail (WCC_IS_DASHBOARD_PAGE (self));

  if (self->session == NULL)
    return;
  read_open_count (self);
  read_tasks (self);
  wcc_paged_list_reload (self->ticket_appointments);
  /* A leader's rows name their agents: the groups first, then the appointments. */
  if (is_leader (self))
    wcc_client_list_groups_async (self->client, self->cancellable, on_groups_read, g_object_ref (self));
  else
    wcc_paged_list_reload (self->customer_appointments);
}

WccPagedList *
wcc_dashboard_page_get_customer_appointments (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return self->customer_appointments;
}

WccPagedList *
wcc_dashboard_page_get_ticket_appointments (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return self->ticket_appointments;
}

GListModel *
wcc_dashboard_page_get_tasks (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return G_LIST_MODEL (self->tasks);
}

WccTodoCard *
wcc_dashboard_page_get_todo_card (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return self->todo_card;
}

WccAnnouncementsCard *
wcc_dashboard_page_get_announcements_card (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return self->announcements_card;
}

GListModel *
wcc_dashboard_page_get_leaderboard (WccDashboardPage *self)
{
  g_return_val_if_fail (WCC_IS_DASHBOARD_PAGE (self), NULL);
  return G_LIST_MODEL (self->leaderboard);
}
