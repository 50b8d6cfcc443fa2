/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-approvals-ui.c: a team leader's approvals inbox and acting for an agent, in the app
 * under Xvfb against a real wcc-server --demo (C6, C9, R3, D2).
 * - Leader 2001 is in the app; agent 1001 (an API client) asks for a do-not-call number and
 *   writes a pop-up warning and a knowledge item: all show in the inbox live (no reload),
 *   with the menu's badge. The leader approves the request, rejects the warning with a
 *   reason (the dialog needs one), approves the item; each row leaves, the server has the
 *   decisions. A request the admin
 *   reviewed first is told as such. Then a wcc-sim registered as agent 1001 dials the
 *   number: the server refuses it (403 Do Not Call) and the carrier (another wcc-sim at
 *   the demo trunk) gets no call. Screenshot approvals.png.
 * - From the team page the leader opens agent 1001's work view — customers, appointments,
 *   contact records, read-only: nothing to edit —
 *   and reassigns a customer and an appointment to agent 1002; the server has them moved,
 *   and the audit log, in the view and over the API, names both the leader and 1001.
 *   Screenshot acting-for.png. */
#define G_LOG_DOMAIN "test-approvals-ui"

#include "wcc-agent-work-window.h"
#include "wcc-approvals-page.h"
#include "wcc-interop.h"
#include "wcc-test-ui.h"

typedef struct {
  GtkWidget  *root;
  const char *name;
} Named;

static gboolean
named_there (gpointer data)
{
  Named *named = data;
  return find_by_name (named->root, named->name) != NULL;
}

static gboolean
named_gone (gpointer data)
{
  return !named_there (data);
}

/* What the demo has waiting for 2001 from the start: its agents' do-not-call and blacklist
 * requests and a pop-up warning (server/wcc-demo-customers.c). */
#define DEMO_PENDING 3

static gboolean
page_pending_is (gpointer data)
{
  WccApprovalsPage *page = data;
  GtkStack *stack = GTK_STACK (find_by_id (GTK_WIDGET (page), "stack"));

  return !g_str_equal (gtk_stack_get_visible_child_name (stack), "loading") &&
         wcc_approvals_page_get_pending (page) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "want"));
}

static void
wait_pending (WccApprovalsPage *page,
              guint             want)
{
  g_object_set_data (G_OBJECT (page), "want", GUINT_TO_POINTER (want));
  wait_until (page_pending_is, page, 10000);
}

/* A new customer of agent @agent in their first task, with @phone; its id. */
static gint64
make_customer (WccClient  *agent,
               const char *company,
               const char *phone)
{
  g_autoptr(JsonObject) tasks = http_json (agent, "GET", "/api/v1/tasks?mine=1", NULL, 200);
  gint64 task = id_of (json_array_get_object_element (json_object_get_array_member (tasks, "items"), 0));
  g_autofree char *body = g_strdup_printf ("{\"task_id\": %" G_GINT64_FORMAT ", \"company\": \"%s\", \"phones\": [\"%s\"]}",
                                           task, company, phone);
  g_autoptr(JsonObject) customer = http_json (agent, "POST", "/api/v1/customers", body, 201);

  return id_of (customer);
}

static gint64
ask_do_not_call (WccClient  *agent,
                 gint64      customer,
                 const char *number)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/number-requests", customer);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"do_not_call\", \"number\": \"%s\","
                                           " \"reason\": \"Asked not to be called\"}", number);
  g_autoptr(JsonObject) request = http_json (agent, "POST", path, body, 201);

  return id_of (request);
}

static GtkWidget *
row_of (GtkWidget  *root,
        const char *type,
        gint64      id)
{
  g_autofree char *name = g_strdup_printf ("approval-%s-%" G_GINT64_FORMAT, type, id);
  return find_by_name (root, name);
}

static void
test_approve_do_not_call (void)
{
  g_autofree char *data_dir = wcc_test_make_temp_dir ();
  guint16 port = wcc_interop_free_port (1);
  guint16 pstn_port = wcc_interop_free_port (1);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *trunk = g_strdup_printf ("demo=sip:127.0.0.1:%u", pstn_port);
  g_autofree char *pstn_bind = g_strdup_printf ("127.0.0.1:%u", pstn_port);
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(WccClient) admin = NULL;
  WccTestServer *server;
  WccTestSim *carrier, *phone;
  GtkWindow *main_window;
  WccApprovalsPage *page;
  GtkWidget *row, *badge;
  AdwMessageDialog *dialog;
  gint64 customer, request, note, item, late;
  Named named;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (data_dir, (const char *[]) { "--demo", "--listen", listen, "--trunk", trunk, NULL });
  /* The customers' carrier: would answer any call that went out. */
  carrier = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--bind", pstn_bind, "--answer", "--calls",
                                                   "0", NULL });
  wcc_test_sim_wait (carrier, "ready", 1, 10000);
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");

  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  go_to (main_window, "approvals");
  page = WCC_APPROVALS_PAGE (child (main_window, "approvals_page"));
  g_signal_connect (page, "toast", G_CALLBACK (wcc_test_collect_toast), toasts);
  badge = child (main_window, "approvals_count_label");
  wait_pending (page, DEMO_PENDING);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "3");

  /* C6, C9: the agent's request and warning arrive while the page is open. */
  customer = make_customer (agent, "Quiet Ltd", "03-5555-0101");
  request = ask_do_not_call (agent, customer, "03-5555-0101");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer);
    g_autoptr(JsonObject) created = http_json (agent, "POST", path, "{\"kind\": \"warning\", \"text\": \"Threatens to sue\"}",
                                               201);
    note = id_of (created);
  }
  {
    g_autoptr(JsonObject) created = http_json (agent, "POST", "/api/v1/kb/items",
                                               "{\"question\": \"How long do refunds take?\", \"answer\": \"Five working days\"}",
                                               201);
    item = id_of (created);
  }
  wait_pending (page, DEMO_PENDING + 3);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "6");
  row = row_of (GTK_WIDGET (page), "knowledge", item);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "How long do refunds take?");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Knowledge item · Submitted by Li Wei");
  row = row_of (GTK_WIDGET (page), "number_request", request);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Do-not-call request: 03-5555-0101");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Customer: Quiet Ltd · Requested by Li Wei · Reason: Asked not to be called");
  row = row_of (GTK_WIDGET (page), "warning", note);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Threatens to sue");
  settle (300);
  save_screenshot (GTK_WIDGET (main_window), "approvals.png");

  /* Approve: the row leaves, the server has it approved by the leader. */
  click (row_of (GTK_WIDGET (page), "number_request", request), "approve");
  named = (Named) { GTK_WIDGET (page), g_strdup_printf ("approval-number_request-%" G_GINT64_FORMAT, request) };
  wait_until (named_gone, &named, 10000);
  g_free ((char *) named.name);
  {
    Toasted approved = { toasts, "Approved" };
    wait_until (wcc_test_toasted, &approved, 5000);
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT, request);
    g_autoptr(JsonObject) reviewed = http_json (agent, "GET", path, NULL, 200);
    g_autofree char *reviewer_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT,
                                                      json_object_get_int_member (reviewed, "reviewer_id"));
    g_autoptr(JsonObject) reviewer = NULL;

    g_assert_cmpstr (json_object_get_string_member (reviewed, "state"), ==, "approved");
    reviewer = http_json (admin, "GET", reviewer_path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (reviewer, "account"), ==, "2001@demo");
  }
  /* S13: the requester is told. */
  {
    g_autoptr(JsonObject) told = http_json (agent, "GET", "/api/v1/notifications", NULL, 200);
    JsonObject *newest = json_array_get_object_element (json_object_get_array_member (told, "items"), 0);

    g_assert_cmpstr (json_object_get_string_member (newest, "kind"), ==, "number_request.approved");
    g_assert_cmpint (json_object_get_int_member (newest, "ref_id"), ==, request);
  }
  wait_pending (page, DEMO_PENDING + 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "5");

  /* Reject needs a reason: the dialog's Reject waits for one. */
  click (row_of (GTK_WIDGET (page), "warning", note), "reject");
  wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (GTK_WIDGET (dialog), "reason_entry")), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reject"));
  gtk_editable_set_text (GTK_EDITABLE (find_by_name (GTK_WIDGET (dialog), "reason_entry")), "Not confirmed");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "reject"));
  adw_message_dialog_response (dialog, "reject");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_pending (page, DEMO_PENDING + 1);
  g_assert_null (row_of (GTK_WIDGET (page), "warning", note));
  /* The knowledge item: approved, the author's submission is live. */
  click (row_of (GTK_WIDGET (page), "knowledge", item), "approve");
  wait_pending (page, DEMO_PENDING);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "3");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/kb/items/%" G_GINT64_FORMAT, item);
    g_autoptr(JsonObject) approved = http_json (agent, "GET", path, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (approved, "state"), ==, "approved");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/notes", customer);
    g_autoptr(JsonObject) notes = http_json (agent, "GET", path, NULL, 200);
    JsonObject *rejected = json_array_get_object_element (json_object_get_array_member (notes, "items"), 0);

    g_assert_cmpint (id_of (rejected), ==, note);
    g_assert_cmpstr (json_object_get_string_member (rejected, "review_state"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (rejected, "review_reason"), ==, "Not confirmed");
  }
  {
    g_autoptr(JsonObject) told = http_json (agent, "GET", "/api/v1/notifications", NULL, 200);
    JsonArray *items = json_object_get_array_member (told, "items");
    JsonObject *rejection = NULL;

    for (guint i = 0; i < json_array_get_length (items); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "kind"), "note.rejected"))
        rejection = json_array_get_object_element (items, i);
    g_assert_nonnull (rejection);
    g_assert_cmpint (json_object_get_int_member (rejection, "ref_id"), ==, note);
    g_assert_nonnull (strstr (json_object_get_string_member (rejection, "body"), "Not confirmed"));
  }

  /* 409: the admin reviews a request while the leader's inbox still shows it. */
  {
    gint64 other = make_customer (agent, "Loud Ltd", "03-5555-0102");
    g_autofree char *review = NULL;

    late = ask_do_not_call (agent, other, "03-5555-0102");
    wait_pending (page, DEMO_PENDING + 1);
    review = g_strdup_printf ("/api/v1/number-requests/%" G_GINT64_FORMAT "/review", late);
    /* Blocking: the page hears of it only after the click. */
    json_object_unref (http_json (admin, "POST", review, "{\"decision\": \"approve\"}", 200));
    click (row_of (GTK_WIDGET (page), "number_request", late), "approve");
    {
      Toasted told = { toasts, "Someone else has reviewed it already" };
      wait_until (wcc_test_toasted, &told, 10000);
    }
    wait_pending (page, DEMO_PENDING);
  }

  /* The agent's dial to the approved number: refused by the server, nothing goes out. */
  {
    g_autoptr(JsonObject) account = http_json (agent, "POST", "/api/v1/me/sip-account", NULL, 200);
    g_autofree char *sip_account = g_strdup_printf ("%s@%s", json_object_get_string_member (account, "username"),
                                                    json_object_get_string_member (account, "domain"));
    const char *registrar = json_object_get_string_member (account, "registrar");
    JsonObject *ended;

    g_assert_true (g_str_has_prefix (registrar, "sip:"));
    phone = wcc_test_sim_start ((const char *[]) { WCC_SIM_BIN, "--json", "--account", sip_account, "--password",
                                                   json_object_get_string_member (account, "password"),
                                                   "--registrar", registrar + strlen ("sip:"),
                                                   "--call", "0355550101", NULL });
    wcc_test_sim_wait (phone, "ended", 1, 20000);
    ended = wcc_test_sim_last (phone, "ended");
    g_assert_cmpint (json_object_get_int_member (ended, "status"), ==, 403);
    g_assert_nonnull (strstr (json_object_get_string_member (ended, "reason"), "Do Not Call"));
    wcc_test_sim_stop (phone);
    wcc_test_sim_free (phone);
  }
  settle (500);
  g_assert_cmpuint (wcc_test_sim_count (carrier, "incoming"), ==, 0);

  wcc_test_sim_stop (carrier);
  wcc_test_sim_free (carrier);
  gtk_window_destroy (main_window);
  wcc_test_server_stop (server);
}

/* ---- acting for an agent ---- */

static WccAgentWorkWindow *
find_work_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (WCC_IS_AGENT_WORK_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return WCC_AGENT_WORK_WINDOW (window);
    }
  return NULL;
}

static gboolean
work_window_shown (gpointer data)
{
  return find_work_window () != NULL;
}

static gboolean
work_loaded (gpointer data)
{
  return wcc_agent_work_window_get_loading (data) == 0;
}

/* Nothing below @root that edits: no entries, text views, switches, check buttons. */
static void
assert_read_only (GtkWidget *root)
{
  g_assert_false (GTK_IS_EDITABLE (root) && gtk_widget_get_visible (root));
  g_assert_false (GTK_IS_TEXT_VIEW (root) || GTK_IS_SWITCH (root) || GTK_IS_CHECK_BUTTON (root));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    assert_read_only (c);
}

/* The only buttons of the sections are the rows' Reassign ones. */
static guint
count_buttons (GtkWidget *root)
{
  guint n = 0;

  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root))
    {
      g_assert_cmpstr (gtk_widget_get_name (root), ==, "reassign");
      n++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_buttons (c);
  return n;
}

/* Reassigns @row's record to the agent called @name through the dialog. */
static void
reassign (GtkWidget  *row,
          const char *name)
{
  AdwMessageDialog *dialog;
  GtkDropDown *choice;
  GListModel *names;
  guint found = GTK_INVALID_LIST_POSITION;

  click (row, "reassign");
  wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  choice = GTK_DROP_DOWN (find_by_name (GTK_WIDGET (dialog), "agent_choice"));
  names = gtk_drop_down_get_model (choice);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_test_message ("candidate: %s", gtk_string_list_get_string (GTK_STRING_LIST (names), i));
      /* Never the agent acted for, nor the leader. */
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), i), !=, "Li Wei");
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), i), !=, "Wang Fang");
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
        found = i;
    }
  g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (choice, found);
  adw_message_dialog_response (dialog, "reassign");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_acting_for (void)
{
  g_autoptr(WccClient) agent = NULL;
  g_autoptr(WccClient) agent2 = NULL;
  g_autoptr(WccClient) admin = NULL;
  WccTestServer *server;
  GtkWindow *main_window;
  WccAgentWorkWindow *window;
  gint64 agent_id, agent2_id, first, second, appointment, record;
  g_autofree char *button = NULL;
  g_autofree char *first_row = NULL;
  g_autofree char *appointment_row = NULL;
  Named named;

  wcc_test_guard_timeout (200);
  server = wcc_test_server_start (NULL, (const char *[]) { "--demo", NULL });
  agent = login_elsewhere (server, "1001@demo", "wcc-1001");
  agent2 = login_elsewhere (server, "1002@demo", "wcc-1002");
  admin = login_elsewhere (server, "admin@demo", "wcc-admin");
  agent_id = wcc_user_get_id (wcc_client_get_user (agent));
  agent2_id = wcc_user_get_id (wcc_client_get_user (agent2));
  first = make_customer (agent, "Kita Trading", "03-5555-0201");
  second = make_customer (agent, "Minami Foods", "03-5555-0202");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/appointment", second);
    g_autoptr(JsonObject) booked = http_json (agent, "PUT", path, "{\"quick\": \"1d\"}", 200);
    appointment = id_of (booked);
  }

  {
    g_autoptr(JsonObject) results = http_json (agent, "GET", "/api/v1/call-results?call_state=answered", NULL, 200);
    gint64 result = id_of (json_array_get_object_element (json_object_get_array_member (results, "items"), 0));
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/contact-records", first);
    g_autofree char *body = g_strdup_printf ("{\"call_result_id\": %" G_GINT64_FORMAT ", \"call_state\": \"answered\","
                                             " \"note\": \"Wants a quote\"}", result);
    g_autoptr(JsonObject) saved = http_json (agent, "POST", path, body, 201);

    record = id_of (saved);
  }

  main_window = log_in_without_remembering (server, "2001@demo", "wcc-2001");
  go_to (main_window, "team");
  button = g_strdup_printf ("work-view-%" G_GINT64_FORMAT, agent_id);
  named = (Named) { GTK_WIDGET (main_window), button };
  wait_until (named_there, &named, 10000);
  click (GTK_WIDGET (main_window), button);
  wait_until (work_window_shown, NULL, 5000);
  window = find_work_window ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == main_window);
  g_assert_cmpint (wcc_agent_work_window_get_agent_id (window), ==, agent_id);
  wait_until (work_loaded, window, 10000);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Work of Li Wei");

  /* R3: the agent's customers and appointment, read-only: nothing edits, only Reassign. */
  first_row = g_strdup_printf ("customer-%" G_GINT64_FORMAT, first);
  appointment_row = g_strdup_printf ("appointment-%" G_GINT64_FORMAT, appointment);
  g_assert_nonnull (find_by_name (GTK_WIDGET (window), first_row));
  g_assert_nonnull (find_by_name (GTK_WIDGET (window), appointment_row));
  {
    g_autofree char *record_row = g_strdup_printf ("record-%" G_GINT64_FORMAT, record);
    GtkWidget *row = find_by_name (GTK_WIDGET (window), record_row);

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Kita Trading");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Wants a quote"));
  }
  assert_read_only (GTK_WIDGET (window));
  g_assert_cmpuint (count_buttons (find_by_id (GTK_WIDGET (window), "view_stack")), >=, 3);
  /* The server refuses the same write from another agent (no right to act for 1001). */
  {
    g_autofree char *body = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"agent_id\": %" G_GINT64_FORMAT
                                             ", \"on_behalf_of\": %" G_GINT64_FORMAT "}", first, agent2_id, agent_id);
    g_autoptr(JsonObject) refused = http_json (agent2, "POST", "/api/v1/customers/reassign", body, 403);
  }

  /* D2: the customer to 1002. */
  reassign (find_by_name (GTK_WIDGET (window), first_row), "Zhang Min");
  named = (Named) { GTK_WIDGET (window), first_row };
  wait_until (named_gone, &named, 10000);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT, first);
    g_autoptr(JsonObject) moved = http_json (admin, "GET", path, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (moved, "owner_id"), ==, agent2_id);
  }
  /* D2: the appointment to 1002 (the customer stays 1001's). */
  wait_until (work_loaded, window, 10000);
  reassign (find_by_name (GTK_WIDGET (window), appointment_row), "Zhang Min");
  named = (Named) { GTK_WIDGET (window), appointment_row };
  wait_until (named_gone, &named, 10000);
  {
    g_autoptr(JsonObject) mine = http_json (agent2, "GET", "/api/v1/appointments?when=all", NULL, 200);
    JsonObject *moved = json_array_get_object_element (json_object_get_array_member (mine, "items"), 0);

    g_assert_cmpint (id_of (moved), ==, appointment);
    g_assert_cmpint (json_object_get_int_member (moved, "agent_id"), ==, agent2_id);
  }

  /* The audit log names both people, over the API and in the view. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/audit?user=%" G_GINT64_FORMAT "&acted_for=1", agent_id);
    g_autoptr(JsonObject) entries = http_json (admin, "GET", path, NULL, 200);
    JsonArray *items = json_object_get_array_member (entries, "items");
    const char *actions[] = { "appointment.reassigned", "customer.reassigned" };

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *entry = json_array_get_object_element (items, i);
        g_autofree char *row_name = g_strdup_printf ("audit-%" G_GINT64_FORMAT, id_of (entry));
        GtkWidget *row;

        g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, actions[i]);
        g_assert_cmpstr (json_object_get_string_member (entry, "user_name"), ==, "Wang Fang");
        g_assert_cmpstr (json_object_get_string_member (entry, "on_behalf_of_name"), ==, "Li Wei");
        named = (Named) { GTK_WIDGET (window), row_name };
        wait_until (named_there, &named, 10000);
        row = find_by_name (GTK_WIDGET (window), row_name);
        g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Wang Fang: "));
        g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "For Li Wei · "));
      }
  }
  wait_until (work_loaded, window, 10000);
  wcc_agent_work_window_show_section (window, "audit");
  settle (300);
  save_screenshot (GTK_WIDGET (window), "acting-for.png");

  /* What the agent does meanwhile shows after Reload (Ctrl+R; the button beside it). */
  {
    gint64 third = make_customer (agent, "Higashi Seika", "03-5555-0203");
    g_autofree char *third_row = g_strdup_printf ("customer-%" G_GINT64_FORMAT, third);

    wcc_agent_work_window_show_section (window, "customers");
    g_assert_null (find_by_name (GTK_WIDGET (window), third_row));
    g_assert_true (gtk_widget_is_sensitive (find_by_id (GTK_WIDGET (window), "reload_button")));
    focus_window (GTK_WINDOW (window));
    press_keys (GTK_WINDOW (window), "ctrl+r");
    named = (Named) { GTK_WIDGET (window), third_row };
    wait_until (named_there, &named, 10000);
    wait_until (work_loaded, window, 10000);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (main_window);
  wcc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  wcc_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/approvals/do-not-call", test_approve_do_not_call);
  g_test_add_func ("/ui/approvals/acting-for", test_acting_for);
  status = g_test_run ();
  g_clear_object (&wcc_test_ui_app);
  return status;
}
