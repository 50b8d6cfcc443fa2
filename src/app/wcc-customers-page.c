/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-customers-page.c: Contact customers: pickers, the task pool and the agent's lists. */
#define G_LOG_DOMAIN "wcc-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-customers-page.h"
#include "wcc-format.h"
#include "wcc-new-customer-dialog.h"
#include "wcc-time.h"

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Customers per pool batch (C2): one screenful, grabbed together. */
#define POOL_BATCH 20

struct _WccCustomersPage
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkDropDown    *package_dropdown;
  GtkDropDown    *task_dropdown;
  GtkDropDown    *result_dropdown;
  GtkBox         *tags_box;
  GtkToggleButton *all_tags_button;
  GtkStack       *section_stack;
  WccRecordTable *pool_table;
  WccRecordTable *mine_table;
  WccRecordTable *pending_table;
  WccRecordTable *follow_up_table;
  WccRecordTable *success_table;
  WccRecordTable *fail_table;
  WccRecordTable *recent_table;
  WccRecordTable *appointments_table;
  GtkToggleButton *today_button;

  /* owned references */
  WccSession     *session;
  WccClient      *client;
  GCancellable   *cancellable;
  /* the pickers' choices (C1) and what fills them */
  WccPagedList   *packages;
  WccPagedList   *tasks;
  WccPagedList   *call_results;
  WccPagedList   *tags;
  GArray         *package_ids;    /* gint64 per package_dropdown row; 0 = all */
  GArray         *task_ids;
  GArray         *result_ids;
  GHashTable     *tag_names;      /* gint64 id → name */
  gint64          package_id;
  gint64          task_id;
  gint64          result_id;
  gint64          tag_id;
  /* the lists */
  WccPagedList   *pool_batches;   /* GET /tasks/{id}/pool, a batch at a time */
  WccPagedList   *pool_query;     /* the pool searched or sorted: /customers?owner=none */
  WccPagedList   *mine;
  WccPagedList   *pending;
  WccPagedList   *follow_up;
  WccPagedList   *success;
  WccPagedList   *fail;
  WccPagedList   *recent;
  WccPagedList   *appointments;
  guint           filling : 1;    /* a picker is being refilled: its selection is not the user's */
  guint           pool_writing : 1;
};

G_DEFINE_FINAL_TYPE (WccCustomersPage, wcc_customers_page, ADW_TYPE_BIN)

static void
toast (WccCustomersPage *self,
       const char       *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

/* ---- cell texts -------------------------------------------------------------------------- */

static gboolean
starts_latin (const char *text)
{
  return text != NULL && g_ascii_isalpha (text[0]);
}

static char *
customer_name (WccRecord *record)
{
  const char *surname = wcc_record_get_string (record, "surname");
  const char *given = wcc_record_get_string (record, "given_name");

  if (*surname == '\0' || *given == '\0')
    return g_strconcat (surname, given, NULL);
  /* Chinese and Japanese names are written without a space. */
  return starts_latin (surname) && starts_latin (given) ? g_strjoin (" ", surname, given, NULL)
                                                        : g_strconcat (surname, given, NULL);
}

static char *
text_company (WccRecord *record,
              gpointer   user_data)
{
  return g_strdup (wcc_record_get_string (record, "company"));
}

static char *
text_name (WccRecord *record,
           gpointer   user_data)
{
  return customer_name (record);
}

static const char *
first_phone (WccRecord *record)
{
  JsonArray *phones = wcc_record_get_array (record, "phones");
  JsonNode *first;

  if (phones == NULL || json_array_get_length (phones) == 0)
    return NULL;
  first = json_array_get_element (phones, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (first), "number", NULL);
}

static char *
text_phone (WccRecord *record,
            gpointer   user_data)
{
  JsonArray *phones = wcc_record_get_array (record, "phones");
  guint n = phones ? json_array_get_length (phones) : 0;
  const char *number = first_phone (record);

  if (number == NULL)
    return NULL;
  if (n > 1)
    /* TRANSLATORS: a customer's first phone number and how many more they have. */
    return g_strdup_printf (_("%s (+%u)"), number, n - 1);
  return g_strdup (number);
}

static char *
text_tags (WccRecord *record,
           gpointer   user_data)
{
  GHashTable *names = user_data;
  JsonArray *tags = wcc_record_get_array (record, "tags");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      gint64 id = json_array_get_int_element (tags, i);
      const char *name = names ? g_hash_table_lookup (names, &id) : NULL;

      if (name == NULL)
        continue;
      if (text->len > 0)
        /* TRANSLATORS: between two tag names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
text_dial_count (WccRecord *record,
                 gpointer   user_data)
{
  return wcc_format_integer (wcc_record_get_int (record, "dial_count", 0));
}

/* Today the time, else the day (a list's short form). */
static char *
text_time_member (WccRecord *record,
                  gpointer   user_data)
{
  return wcc_format_unix (wcc_record_get_time (record, user_data), WCC_DATE_STYLE_SHORT);
}

static char *
text_member (WccRecord *record,
             gpointer   user_data)
{
  return g_strdup (wcc_record_get_string (record, user_data));
}

static char *
text_duration (WccRecord *record,
               gpointer   user_data)
{
  gint64 seconds = wcc_record_get_int (record, "duration", -1);
  JsonObject *data = wcc_record_get_data (record);

  if (!json_object_has_member (data, "duration") || json_object_get_null_member (data, "duration"))
    /* TRANSLATORS: the duration of a call still going on */
    return g_strdup (_("ongoing"));
  return wcc_format_duration (seconds);
}

static char *
text_recent_customer (WccRecord *record,
                      gpointer   user_data)
{
  const char *name = wcc_record_get_string (record, "customer_name");

  return g_strdup (*name ? name : wcc_record_get_string (record, "number"));
}

void
wcc_customers_page_add_customer_columns (WccRecordTable *table,
                                         GHashTable     *tag_names)
{
  g_return_if_fail (WCC_IS_RECORD_TABLE (table));

  wcc_record_table_add_column (table, _("Company"), "company", TRUE, text_company, NULL);
  wcc_record_table_add_column (table, _("Name"), "name", TRUE, text_name, NULL);
  /* the number whole beside the softphone pane (the agent reads it to the customer) */
  wcc_record_table_column_set_min_chars (wcc_record_table_add_column (table, _("Phone"), NULL, TRUE, text_phone, NULL), 17);
  /* beside the softphone pane at 1024 px these give way to the row's buttons */
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (table, _("Tags"), NULL, FALSE, text_tags,
                                                                       tag_names), 1);
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (table, _("Calls"), "dial_count", FALSE,
                                                                       text_dial_count, NULL), 3);
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (table, _("Last Contact"), "last_contact", FALSE,
                                                                       text_time_member, (gpointer) "last_contact_at"), 2);
}

/* ---- row buttons (C7) -------------------------------------------------------------------- */

static void
on_setup_actions (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  struct { const char *action, *icon, *tooltip; } buttons[] = {
    { "customers.call", "call-start-symbolic", N_("Call") },
    { "customers.open", "document-open-symbolic", N_("Open") },
    { "customers.release-one", "edit-undo-symbolic", N_("Release to Pool") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = gtk_button_new_from_icon_name (buttons[i].icon);

      gtk_widget_set_tooltip_text (button, _(buttons[i].tooltip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _(buttons[i].tooltip), -1);
      /* a target of the action's type first: the row's customer comes at bind */
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), buttons[i].action);
      gtk_widget_add_css_class (button, "flat");
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, TRUE);
}

static void
on_bind_actions (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  WccRecord *record = gtk_list_item_get_item (item);

  for (GtkWidget *button = gtk_widget_get_first_child (gtk_list_item_get_child (item));
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (wcc_record_get_id (record)));
}

static void
add_action_column (WccRecordTable *table)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_actions), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_actions), NULL);
  wcc_record_table_add_widget_column (table, "", factory);
}

static void on_pool_items_changed (WccCustomersPage *self);

/* ---- pickers (C1) ------------------------------------------------------------------------ */

/* Refills @dropdown from @records (their @member), with @all_label first when given; keeps
 * the row of @keep_id when it is still there. Returns the id now selected. */
static gint64
fill_dropdown (WccCustomersPage *self,
               GtkDropDown      *dropdown,
               GListModel       *records,
               const char       *member,
               const char       *all_label,
               GArray           *ids,
               gint64            keep_id)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  guint selected = 0;
  gint64 id = 0;

  g_array_set_size (ids, 0);
  if (all_label != NULL)
    {
      gtk_string_list_append (strings, all_label);
      g_array_append_val (ids, id);
    }
  for (guint i = 0; records != NULL && i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (records, i);

      id = wcc_record_get_id (record);
      if (id == keep_id)
        selected = ids->len;
      gtk_string_list_append (strings, wcc_record_get_string (record, member));
      g_array_append_val (ids, id);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (dropdown, ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), ids->len > 1);
  self->filling = FALSE;
  return ids->len > 0 ? g_array_index (ids, gint64, selected) : 0;
}

static gint64
selected_id (GtkDropDown *dropdown,
             GArray      *ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  return position < ids->len ? g_array_index (ids, gint64, position) : 0;
}

static char *
id_text (gint64 id)
{
  return id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;
}

/* The filters of every list from the pickers and the tag (C1, C20, C21). */
static void
apply_filters (WccCustomersPage *self)
{
  g_autofree char *task = id_text (self->task_id);
  g_autofree char *package = id_text (self->package_id);
  g_autofree char *result = id_text (self->result_id);
  g_autofree char *tag = id_text (self->tag_id);
  WccPagedList *funnels[] = { self->follow_up, self->success, self->fail };

  if (self->session == NULL)
    return;
  wcc_paged_list_set_param (self->pool_query, "task", task);
  wcc_paged_list_set_param (self->mine, "task", task);
  wcc_paged_list_set_param (self->mine, "tag", tag);
  wcc_paged_list_set_param (self->mine, "call_result", result);
  wcc_paged_list_set_param (self->pending, "task", task);
  wcc_paged_list_set_param (self->pending, "tag", tag);
  for (guint i = 0; i < G_N_ELEMENTS (funnels); i++)
    {
      wcc_paged_list_set_param (funnels[i], "package", package);
      wcc_paged_list_set_param (funnels[i], "tag", tag);
      wcc_paged_list_set_param (funnels[i], "call_result", result);
    }
}

/* The pool is GET /tasks/{id}/pool a batch at a time; searched or sorted, it is the same
 * customers through /customers?owner=none&task= (the pool endpoint neither searches nor
 * sorts). */
static void
update_pool_list (WccCustomersPage *self)
{
  gboolean query = wcc_record_table_get_search_text (self->pool_table) != NULL ||
                   wcc_record_table_get_sort (self->pool_table) != NULL;
  WccPagedList *list = self->task_id == 0 ? NULL : query ? self->pool_query : self->pool_batches;

  wcc_record_table_set_list (self->pool_table, list);
}

static void
set_task (WccCustomersPage *self,
          gint64            task_id)
{
  g_autofree char *path = NULL;
  g_autofree char *task = id_text (task_id);

  if (task_id == self->task_id && self->pool_batches != NULL)
    return;
  self->task_id = task_id;
  g_clear_object (&self->pool_batches);
  if (task_id > 0)
    {
      path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool", task_id);
      self->pool_batches = wcc_paged_list_new (self->client, path);
      wcc_paged_list_set_page_size (self->pool_batches, POOL_BATCH);
      wcc_paged_list_set_batches (self->pool_batches, TRUE);
      g_signal_connect_object (self->pool_batches, "items-changed", G_CALLBACK (on_pool_items_changed),
                               self, G_CONNECT_SWAPPED);
      wcc_paged_list_reload (self->pool_batches);
    }
  update_pool_list (self);
  on_pool_items_changed (self);
  /* the call results of the task (C1 ③) */
  self->result_id = 0;
  wcc_paged_list_set_param (self->call_results, "task", task);
  if (task == NULL)
    wcc_paged_list_reload (self->call_results);
  apply_filters (self);
}

static void
on_packages_changed (WccCustomersPage *self)
{
  self->package_id = fill_dropdown (self, self->package_dropdown, G_LIST_MODEL (self->packages), "name",
                                    _("All Packages"), self->package_ids, self->package_id);
}

static void
on_tasks_changed (WccCustomersPage *self)
{
  set_task (self, fill_dropdown (self, self->task_dropdown, G_LIST_MODEL (self->tasks), "name",
                                 NULL, self->task_ids, self->task_id));
}

static void
on_results_changed (WccCustomersPage *self)
{
  self->result_id = fill_dropdown (self, self->result_dropdown, G_LIST_MODEL (self->call_results), "label",
                                   _("All Call Results"), self->result_ids, self->result_id);
}

static void
on_package_selected (WccCustomersPage *self,
                     GParamSpec       *pspec,
                     GtkDropDown      *dropdown)
{
  g_autofree char *package = NULL;

  if (self->filling || self->session == NULL)
    return;
  self->package_id = selected_id (dropdown, self->package_ids);
  package = id_text (self->package_id);
  /* the tasks of the package (C1 ②); choosing one follows when they arrive */
  wcc_paged_list_set_param (self->tasks, "package", package);
  if (package == NULL)
    wcc_paged_list_reload (self->tasks);
  apply_filters (self);
}

static void
on_task_selected (WccCustomersPage *self,
                  GParamSpec       *pspec,
                  GtkDropDown      *dropdown)
{
  if (self->filling || self->session == NULL)
    return;
  set_task (self, selected_id (dropdown, self->task_ids));
}

static void
on_result_selected (WccCustomersPage *self,
                    GParamSpec       *pspec,
                    GtkDropDown      *dropdown)
{
  if (self->filling || self->session == NULL)
    return;
  self->result_id = selected_id (dropdown, self->result_ids);
  apply_filters (self);
}

/* ---- tags (C21) -------------------------------------------------------------------------- */

static void
on_tag_toggled (WccCustomersPage *self,
                GtkToggleButton  *button)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "tag-id");

  if (!gtk_toggle_button_get_active (button))
    return;
  self->tag_id = id != NULL ? *id : 0;
  apply_filters (self);
}

static void
on_tags_changed (WccCustomersPage *self)
{
  GtkWidget *child = gtk_widget_get_next_sibling (GTK_WIDGET (self->all_tags_button));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tags));
  gboolean kept = FALSE;

  /* The chips are made from the client's tags, so they are built here. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (self->tags_box, child);
      child = next;
    }
  g_hash_table_remove_all (self->tag_names);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WccRecord) tag = g_list_model_get_item (G_LIST_MODEL (self->tags), i);
      gint64 *id = g_new (gint64, 1);
      GtkWidget *chip = gtk_toggle_button_new_with_label (wcc_record_get_string (tag, "name"));

      *id = wcc_record_get_id (tag);
      g_hash_table_insert (self->tag_names, g_memdup2 (id, sizeof *id), g_strdup (wcc_record_get_string (tag, "name")));
      g_object_set_data_full (G_OBJECT (chip), "tag-id", id, g_free);
      gtk_widget_set_name (chip, "tag-chip");
      gtk_widget_add_css_class (chip, "flat");
      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (chip), self->all_tags_button);
      gtk_box_append (self->tags_box, chip);
      if (*id == self->tag_id)
        {
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), TRUE);
          kept = TRUE;
        }
      g_signal_connect_object (chip, "toggled", G_CALLBACK (on_tag_toggled), self, G_CONNECT_SWAPPED);
    }
  if (!kept)
    gtk_toggle_button_set_active (self->all_tags_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), n > 0);
}

/* ---- finding records --------------------------------------------------------------------- */

static WccPagedList *
customer_lists (WccCustomersPage *self,
                guint             index)
{
  WccPagedList *lists[] = { self->mine, self->pending, self->follow_up, self->success, self->fail,
                            self->pool_batches, self->pool_query };

  return index < G_N_ELEMENTS (lists) ? lists[index] : NULL;
}

#define N_CUSTOMER_LISTS 7

static WccRecord *
find_customer (WccCustomersPage *self,
               gint64            id)
{
  for (guint i = 0; i < N_CUSTOMER_LISTS; i++)
    {
      WccPagedList *list = customer_lists (self, i);
      WccRecord *record = list ? wcc_paged_list_find (list, id, NULL) : NULL;

      if (record != NULL)
        return record;
    }
  return NULL;
}

static void
open_customer (WccCustomersPage *self,
               gint64            id)
{
  if (id <= 0)
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "x", id))
    g_debug ("No win.open-customer action to open customer %" G_GINT64_FORMAT, id);
}

static void
on_record_activated (WccCustomersPage *self,
                     WccRecord        *record,
                     WccRecordTable   *table)
{
  /* Recent contacts and appointments name their customer; the other lists are customers. */
  if (table == self->recent_table || table == self->appointments_table)
    open_customer (self, wcc_record_get_int (record, "customer_id", 0));
  else
    open_customer (self, wcc_record_get_id (record));
}

static void
on_section_changed (WccCustomersPage *self,
                    GParamSpec       *pspec,
                    GtkStack         *stack)
{
  const char *name = gtk_stack_get_visible_child_name (stack);

  /* the recent calls change with every call: fresh when looked at */
  if (self->recent != NULL && g_strcmp0 (name, "recent") == 0)
    wcc_paged_list_reload (self->recent);
}

/* ---- writes ------------------------------------------------------------------------------ */

static JsonNode *
ids_body (GArray *ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static guint
array_length (JsonObject *answer,
              const char *member)
{
  JsonNode *node = answer ? json_object_get_member (answer, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static void
reload_owned_lists (WccCustomersPage *self)
{
  wcc_paged_list_reload (self->mine);
  wcc_paged_list_reload (self->pending);
}

static void
update_pool_actions (WccCustomersPage *self)
{
  WccPagedList *list = wcc_record_table_get_list (self->pool_table);
  gboolean agent = self->session && wcc_user_has_role (wcc_session_get_user (self->session), WCC_ROLE_AGENT);
  gboolean shown = list != NULL && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.grab", agent && shown && !self->pool_writing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.change-batch", list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.add", agent && self->task_id > 0);
}

static void
on_grab_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WccCustomersPage) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;
  JsonObject *object;
  guint grabbed, taken;

  self->pool_writing = FALSE;
  if (self->session == NULL)
    return;
  update_pool_actions (self);
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      toast (self, error->message);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      toast (self, _("Not connected: the customers will be grabbed when the server is back"));
      return;
    }
  object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  grabbed = array_length (object, "grabbed");
  taken = array_length (object, "taken");
  if (taken > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u customer grabbed, %u taken by someone else",
                                                            "%u customers grabbed, %u taken by someone else",
                                                            grabbed), grabbed, taken);
      toast (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer grabbed",
                                                            "%u customers grabbed", grabbed), grabbed);
      toast (self, text);
    }
  /* they left the pool for My customers: a fresh batch, and the owned lists again */
  wcc_paged_list_reload (wcc_record_table_get_list (self->pool_table));
  reload_owned_lists (self);
}

static void
grab_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (widget);
  GListModel *shown = G_LIST_MODEL (wcc_record_table_get_list (self->pool_table));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (shown == NULL || self->task_id == 0 || self->pool_writing)
    return;
  /* the page shown (C2): a searched pool may show more than the server takes at once */
  for (guint i = 0; i < g_list_model_get_n_items (shown) && ids->len < 200; i++)
    {
      g_autoptr(WccRecord) record = g_list_model_get_item (shown, i);
      gint64 id = wcc_record_get_id (record);

      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return;
  body = ids_body (ids);
  path = g_strdup_printf ("/api/v1/tasks/%" G_GINT64_FORMAT "/pool/grab", self->task_id);
  self->pool_writing = TRUE;
  update_pool_actions (self);
  wcc_session_queue_write_async (self->session, "POST", path, body, self->cancellable,
                                 on_grab_done, g_object_ref (self));
}

static void
change_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (widget);
  WccPagedList *list = wcc_record_table_get_list (self->pool_table);

  if (list == NULL)
    return;
  if (wcc_paged_list_get_batches (list))
    wcc_paged_list_next_batch (list);
  else
    wcc_paged_list_load_more (list);
}

typedef struct {
  WccCustomersPage *self;
  GArray           *ids;
} ReleaseData;

static void
release_data_free (ReleaseData *data)
{
  g_object_unref (data->self);
  g_array_unref (data->ids);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReleaseData, release_data_free)

static void
release_data_notify (gpointer  data,
                     GClosure *closure)
{
  release_data_free (data);
}

static void
on_release_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ReleaseData) data = user_data;
  WccCustomersPage *self = data->self;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  WccWriteOutcome outcome;
  JsonObject *object;
  JsonArray *released;

  if (self->session == NULL)
    return;
  if (!wcc_session_write_finish (WCC_SESSION (source), result, &outcome, &answer, &error))
    {
      toast (self, error->message);
      return;
    }
  if (outcome == WCC_WRITE_QUEUED)
    {
      toast (self, _("Not connected: the customers go back to the pool when the server is back"));
      return;
    }
  object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  released = object && json_object_has_member (object, "released") ? json_object_get_array_member (object, "released") : NULL;
  for (guint i = 0; released != NULL && i < json_array_get_length (released); i++)
    for (guint l = 0; l < 5; l++)
      wcc_paged_list_remove (customer_lists (self, l), json_array_get_int_element (released, i));
  {
    guint n = released ? json_array_get_length (released) : 0;
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer released to the pool",
                                                          "%u customers released to the pool", n), n);
    toast (self, text);
  }
  if (wcc_record_table_get_list (self->pool_table) != NULL)
    wcc_paged_list_reload (wcc_record_table_get_list (self->pool_table));
}

static void
on_release_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ReleaseData      *data)
{
  if (g_strcmp0 (response, "release") == 0 && data->self->session != NULL)
    {
      g_autoptr(JsonNode) body = ids_body (data->ids);
      ReleaseData *write = g_new0 (ReleaseData, 1);

      write->self = g_object_ref (data->self);
      write->ids = g_array_ref (data->ids);
      wcc_session_queue_write_async (data->self->session, "POST", "/api/v1/customers/release", body,
                                     data->self->cancellable, on_release_done, write);
    }
  /* one answer per dialog; this frees @data */
  g_signal_handlers_disconnect_by_func (dialog, on_release_response, data);
}

/* C24, with a confirmation: released customers can be grabbed by anyone of the task. */
static void
confirm_release (WccCustomersPage *self,
                 GArray           *ids)
{
  ReleaseData *data;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ids->len == 0)
    {
      toast (self, _("Select the customers to release first"));
      return;
    }
  if (ids->len == 1)
    {
      WccRecord *record = find_customer (self, g_array_index (ids, gint64, 0));

      body = g_strdup_printf (_("“%s” goes back to the task pool, where any agent of the task can grab it."),
                              record ? wcc_record_get_string (record, "tab_label") : "");
    }
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u customer goes back to the task pool, where any agent of the task can grab it.",
                                         "%u customers go back to the task pool, where any agent of the task can grab them.",
                                         ids->len), ids->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Release to Pool?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "release", _("_Release"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "release", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  data = g_new0 (ReleaseData, 1);
  data->self = g_object_ref (self);
  data->ids = g_array_ref (ids);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_release_response), data,
                         release_data_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = wcc_record_table_get_selected_ids (self->mine_table);

  confirm_release (self, ids);
}

static void
release_one_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id = g_variant_get_int64 (parameter);

  g_array_append_val (ids, id);
  confirm_release (WCC_CUSTOMERS_PAGE (widget), ids);
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  WccRecord *record = find_customer (self, id);
  const char *number = record ? first_phone (record) : NULL;

  if (number == NULL)
    {
      toast (self, _("This customer has no phone number"));
      return;
    }
  if (!gtk_widget_activate_action (widget, "win.call-customer", "(xs)", id, number))
    toast (self, _("Calling is not available"));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_customer (WCC_CUSTOMERS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
on_customer_added (WccCustomersPage     *self,
                   JsonObject           *customer,
                   WccNewCustomerDialog *dialog)
{
  /* C3: self-added customers are the agent's; a queued one shows once the server has it */
  if (customer != NULL)
    {
      wcc_paged_list_prepend (self->mine, customer);
      wcc_paged_list_prepend (self->pending, customer);
      wcc_record_table_scroll_to (self->mine_table, 0);
      toast (self, _("Customer added"));
    }
  else
    toast (self, _("Not connected: the customer is saved when the server is back"));
  wcc_customers_page_show_section (self, "mine");
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(WccRecord) task = NULL;
  WccNewCustomerDialog *dialog;
  guint position;

  if (self->session == NULL || self->task_id == 0)
    return;
  position = gtk_drop_down_get_selected (self->task_dropdown);
  task = g_list_model_get_item (G_LIST_MODEL (self->tasks), position);
  if (task == NULL || wcc_record_get_id (task) != self->task_id)
    return;
  dialog = wcc_new_customer_dialog_new (self->session, task);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_customer_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- appointments (C23) and events ------------------------------------------------------- */

/* The desktop's own time zone as an offset (the server has no zone per client). */
static char *
local_offset (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 minutes = g_date_time_get_utc_offset (now) / G_USEC_PER_SEC / 60;

  return g_strdup_printf ("%c%02d:%02d", minutes < 0 ? '-' : '+', (int) (ABS (minutes) / 60), (int) (ABS (minutes) % 60));
}

static void
on_when_toggled (WccCustomersPage *self,
                 GtkToggleButton  *button)
{
  g_autofree char *tz = local_offset ();

  if (self->appointments == NULL)
    return;
  wcc_paged_list_set_param (self->appointments, "when", gtk_toggle_button_get_active (self->today_button) ? "today" : "all");
  wcc_paged_list_set_param (self->appointments, "tz", tz);
}

static void
on_appointment_event (WccCustomersPage *self,
                      const char       *type,
                      gint64            seq,
                      JsonNode         *data,
                      WccEventStream   *events)
{
  /* a leader gave this agent an appointment (D2): it may be today's */
  wcc_paged_list_reload (self->appointments);
}

/* ---- live lists: customer events (docs/api.md, "Customer events") -------------------- */

#define N_OWNED_LISTS 5   /* customer_lists () 0–4: owner=me; 5, 6: the pool */

static gint64
my_id (WccCustomersPage *self)
{
  return wcc_user_get_id (wcc_session_get_user (self->session));
}

static gboolean
has_tag (JsonObject *customer,
         gint64      tag_id)
{
  JsonNode *node = json_object_get_member (customer, "tags");
  JsonArray *tags = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    if (json_array_get_int_element (tags, i) == tag_id)
      return TRUE;
  return FALSE;
}

static gint64
member_id (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* Does a customer of @owner in @task belong in owned list @l (0 My customers, 1 pending:
 * filtered by the task; 2–4 the funnel lists: by the package)? The tag filter applies to
 * all, when known (@customer); the call-result filter needs the last record: the server's. */
static gboolean
belongs_in_owned_list (WccCustomersPage *self,
                       guint             l,
                       gint64            owner,
                       gint64            task,
                       JsonObject       *customer)
{
  if (owner != my_id (self))
    return FALSE;
  if (l < 2 && self->task_id != 0 && task != self->task_id)
    return FALSE;
  return customer == NULL || self->tag_id == 0 || has_tag (customer, self->tag_id);
}

static void
reload_funnel_lists (WccCustomersPage *self)
{
  wcc_paged_list_reload (self->follow_up);
  wcc_paged_list_reload (self->success);
  wcc_paged_list_reload (self->fail);
}

/* Someone added, edited or wrote a contact record for a customer this agent sees: the
 * loaded rows follow, rows that no longer belong go, a customer just added by this agent
 * (elsewhere) comes in at the top. */
static void
on_customer_changed (WccCustomersPage *self,
                     const char       *type,
                     gint64            seq,
                     JsonNode         *data,
                     WccEventStream   *events)
{
  JsonObject *customer;
  WccRecord *loaded;
  gint64 id, owner, task;
  gboolean pooled_here, contacted, contact_changed = FALSE;

  if (self->session == NULL || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  customer = json_node_get_object (data);
  id = member_id (customer, "id");
  owner = member_id (customer, "owner_id");
  task = member_id (customer, "task_id");
  pooled_here = owner == 0 && self->task_id != 0 && task == self->task_id;
  contacted = member_id (customer, "dial_count") > 0;
  if ((loaded = find_customer (self, id)) != NULL)
    contact_changed = g_strcmp0 (wcc_record_get_string (loaded, "last_contact_at"),
                                 json_object_get_string_member_with_default (customer, "last_contact_at", "")) != 0;

  for (guint l = 0; l < N_CUSTOMER_LISTS; l++)
    {
      WccPagedList *list = customer_lists (self, l);
      gboolean belongs = l < N_OWNED_LISTS ? belongs_in_owned_list (self, l, owner, task, customer) && (l != 1 || !contacted)
                                           : pooled_here;

      if (list == NULL)
        continue;
      if (belongs)
        wcc_paged_list_update (list, customer);
      else
        wcc_paged_list_remove (list, id);
    }
  /* Version 1, never called: just added (by this agent in another window, or the admin's
   * import of one); the owned lists are sorted by id, so it goes first. */
  if (belongs_in_owned_list (self, 0, owner, task, customer) && member_id (customer, "version") == 1 && !contacted &&
      self->result_id == 0)
    {
      wcc_paged_list_prepend (self->mine, customer);
      wcc_paged_list_prepend (self->pending, customer);
    }
  /* A contact record moved it between funnel stages: those lists are the server's to say. */
  if (contact_changed && owner == my_id (self))
    reload_funnel_lists (self);
}

/* Customers changed hands (grabbed, released, moved): the pool loses those someone took,
 * My customers those that are not this agent's any more, and reads itself again when some
 * became theirs. */
static void
on_customers_moved (WccCustomersPage *self,
                    const char       *type,
                    gint64            seq,
                    JsonNode         *data,
                    WccEventStream   *events)
{
  JsonNode *node;
  JsonArray *moves;
  gboolean gained = FALSE;

  if (self->session == NULL || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  node = json_object_get_member (json_node_get_object (data), "moves");
  moves = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  for (guint m = 0; moves != NULL && m < json_array_get_length (moves); m++)
    {
      JsonObject *move = json_array_get_object_element (moves, m);
      JsonNode *ids_node = move ? json_object_get_member (move, "ids") : NULL;
      JsonArray *ids = ids_node && JSON_NODE_HOLDS_ARRAY (ids_node) ? json_node_get_array (ids_node) : NULL;
      gint64 owner = member_id (move, "owner_id");
      gint64 task = member_id (move, "task_id");
      gboolean pooled_here = owner == 0 && task == self->task_id;

      for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
        {
          gint64 id = json_array_get_int_element (ids, i);

          for (guint l = 0; l < N_CUSTOMER_LISTS; l++)
            {
              WccPagedList *list = customer_lists (self, l);

              if (list != NULL && !(l < N_OWNED_LISTS ? belongs_in_owned_list (self, l, owner, task, NULL) : pooled_here))
                wcc_paged_list_remove (list, id);
            }
          if (belongs_in_owned_list (self, 0, owner, task, NULL) && wcc_paged_list_find (self->mine, id, NULL) == NULL)
            gained = TRUE;
        }
    }
  if (gained)
    {
      reload_owned_lists (self);
      reload_funnel_lists (self);
    }
}

static void
on_call_ended (WccCustomersPage *self,
               gint64            call_id,
               const char       *reason,
               WccSession       *session)
{
  wcc_paged_list_reload (self->recent);
}

static void
on_pool_query_changed (WccCustomersPage *self,
                       GParamSpec       *pspec,
                       WccRecordTable   *table)
{
  update_pool_list (self);
}

static void
on_pool_items_changed (WccCustomersPage *self)
{
  update_pool_actions (self);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_customers_page_dispose (GObject *object)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (wcc_session_get_event_stream (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_CUSTOMERS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->packages);
  g_clear_object (&self->tasks);
  g_clear_object (&self->call_results);
  g_clear_object (&self->tags);
  g_clear_object (&self->pool_batches);
  g_clear_object (&self->pool_query);
  g_clear_object (&self->mine);
  g_clear_object (&self->pending);
  g_clear_object (&self->follow_up);
  g_clear_object (&self->success);
  g_clear_object (&self->fail);
  g_clear_object (&self->recent);
  g_clear_object (&self->appointments);

  G_OBJECT_CLASS (wcc_customers_page_parent_class)->dispose (object);
}

static void
wcc_customers_page_finalize (GObject *object)
{
  WccCustomersPage *self = WCC_CUSTOMERS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->package_ids, g_array_unref);
  g_clear_pointer (&self->task_ids, g_array_unref);
  g_clear_pointer (&self->result_ids, g_array_unref);
  g_clear_pointer (&self->tag_names, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_customers_page_parent_class)->finalize (object);
}

static void
wcc_customers_page_class_init (WccCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wcc_customers_page_dispose;
  object_class->finalize = wcc_customers_page_finalize;

  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (WCC_TYPE_RECORD_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, package_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, task_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, result_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, all_tags_button);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, pool_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, mine_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, pending_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, follow_up_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, success_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, fail_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, recent_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, appointments_table);
  gtk_widget_class_bind_template_child (widget_class, WccCustomersPage, today_button);
  gtk_widget_class_bind_template_callback (widget_class, on_package_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_task_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_result_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_record_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_when_toggled);

  gtk_widget_class_install_action (widget_class, "customers.grab", NULL, grab_action);
  gtk_widget_class_install_action (widget_class, "customers.change-batch", NULL, change_batch_action);
  gtk_widget_class_install_action (widget_class, "customers.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "customers.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "customers.release-one", "x", release_one_action);
  gtk_widget_class_install_action (widget_class, "customers.call", "x", call_action);
  gtk_widget_class_install_action (widget_class, "customers.open", "x", open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "customers.add", NULL);
}

static void
wcc_customers_page_init (WccCustomersPage *self)
{
  WccRecordTable *customer_tables[5];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->package_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->task_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tag_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  /* template children are set now: the columns, which the .ui cannot describe */
  customer_tables[0] = self->mine_table;
  customer_tables[1] = self->pending_table;
  customer_tables[2] = self->follow_up_table;
  customer_tables[3] = self->success_table;
  customer_tables[4] = self->fail_table;
  wcc_customers_page_add_customer_columns (self->pool_table, self->tag_names);
  for (guint i = 0; i < G_N_ELEMENTS (customer_tables); i++)
    {
      wcc_customers_page_add_customer_columns (customer_tables[i], self->tag_names);
      add_action_column (customer_tables[i]);
    }

  wcc_record_table_add_column (self->recent_table, _("Customer"), NULL, TRUE, text_recent_customer, NULL);
  wcc_record_table_column_set_min_chars (wcc_record_table_add_column (self->recent_table, _("Number"), NULL, TRUE,
                                                                     text_member, (gpointer) "number"), 17);
  wcc_record_table_add_column (self->recent_table, _("Start"), NULL, FALSE, text_time_member, (gpointer) "started_at");
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (self->recent_table, _("End"), NULL, FALSE,
                                                                       text_time_member, (gpointer) "ended_at"), 3);
  wcc_record_table_add_column (self->recent_table, _("Duration"), NULL, FALSE, text_duration, NULL);
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (self->recent_table, _("Hang-up Reason"), NULL,
                                                                       FALSE, text_member, (gpointer) "hangup_reason"), 2);
  wcc_record_table_column_set_drop_order (wcc_record_table_add_column (self->recent_table, _("Task"), NULL, TRUE,
                                                                       text_member, (gpointer) "task_name"), 1);

  wcc_record_table_add_column (self->appointments_table, _("Customer"), NULL, TRUE, text_member, (gpointer) "customer_label");
  wcc_record_table_add_column (self->appointments_table, _("Due"), NULL, TRUE, text_time_member, (gpointer) "due_at");

  g_signal_connect_object (self->pool_table, "notify::search-text", G_CALLBACK (on_pool_query_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pool_table, "notify::sort", G_CALLBACK (on_pool_query_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pool_table, "notify::list", G_CALLBACK (on_pool_items_changed), self, G_CONNECT_SWAPPED);
  update_pool_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.release", FALSE);
}

static WccPagedList *
new_list (WccCustomersPage *self,
          const char       *path,
          const char       *first_param,
          ...)
{
  WccPagedList *list = wcc_paged_list_new (self->client, path);
  va_list args;

  va_start (args, first_param);
  for (const char *name = first_param; name != NULL; name = va_arg (args, const char *))
    wcc_paged_list_set_param (list, name, va_arg (args, const char *));
  va_end (args);
  return list;
}

void
wcc_customers_page_set_session (WccCustomersPage *self,
                                WccSession       *session)
{
  WccEventStream *events;
  gboolean agent;

  g_return_if_fail (WCC_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (WCC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->client = g_object_ref (wcc_session_get_client (session));
  agent = wcc_user_has_role (wcc_session_get_user (session), WCC_ROLE_AGENT);

  self->packages = new_list (self, "/api/v1/packages", NULL);
  wcc_paged_list_set_page_size (self->packages, 200);
  self->tasks = new_list (self, "/api/v1/tasks", "mine", "1", NULL);
  wcc_paged_list_set_page_size (self->tasks, 200);
  self->call_results = new_list (self, "/api/v1/call-results", NULL);
  self->tags = new_list (self, "/api/v1/customer-tags", NULL);
  g_signal_connect_object (self->packages, "items-changed", G_CALLBACK (on_packages_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tasks, "items-changed", G_CALLBACK (on_tasks_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call_results, "items-changed", G_CALLBACK (on_results_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tags, "items-changed", G_CALLBACK (on_tags_changed), self, G_CONNECT_SWAPPED);

  self->pool_query = new_list (self, "/api/v1/customers", "owner", "none", NULL);
  self->mine = new_list (self, "/api/v1/customers", "owner", "me", NULL);
  self->pending = new_list (self, "/api/v1/customers", "owner", "me", "pending", "1", NULL);
  self->follow_up = new_list (self, "/api/v1/customers", "owner", "me", "funnel", "follow_up", NULL);
  self->success = new_list (self, "/api/v1/customers", "owner", "me", "funnel", "success", NULL);
  self->fail = new_list (self, "/api/v1/customers", "owner", "me", "funnel", "fail", NULL);
  self->recent = new_list (self, "/api/v1/recent-contacts", NULL);
  self->appointments = new_list (self, "/api/v1/appointments", NULL);
  on_when_toggled (self, self->today_button);

  wcc_record_table_set_list (self->mine_table, self->mine);
  wcc_record_table_set_list (self->pending_table, self->pending);
  wcc_record_table_set_list (self->follow_up_table, self->follow_up);
  wcc_record_table_set_list (self->success_table, self->success);
  wcc_record_table_set_list (self->fail_table, self->fail);
  wcc_record_table_set_list (self->recent_table, self->recent);
  wcc_record_table_set_list (self->appointments_table, self->appointments);
  g_signal_connect_object (self->pool_query, "items-changed", G_CALLBACK (on_pool_items_changed), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.release", agent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.release-one", agent);

  events = wcc_session_get_event_stream (session);
  g_signal_connect_object (events, "event::appointment.assigned", G_CALLBACK (on_appointment_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "event::customer.changed", G_CALLBACK (on_customer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "event::customers.moved", G_CALLBACK (on_customers_moved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (events, "resync", G_CALLBACK (wcc_customers_page_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);

  wcc_customers_page_reload (self);
}

void
wcc_customers_page_reload (WccCustomersPage *self)
{
  WccPagedList *lists[] = { self->packages, self->tasks, self->tags, self->mine, self->pending,
                            self->follow_up, self->success, self->fail, self->recent, self->appointments };

  g_return_if_fail (WCC_IS_CUSTOMERS_PAGE (self));

  if (self->session == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    wcc_paged_list_reload (lists[i]);
  if (self->task_id > 0)
    wcc_paged_list_reload (self->call_results);
  if (wcc_record_table_get_list (self->pool_table) != NULL)
    wcc_paged_list_reload (wcc_record_table_get_list (self->pool_table));
}

void
wcc_customers_page_show_section (WccCustomersPage *self,
                                 const char       *name)
{
  g_return_if_fail (WCC_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (name != NULL);

  gtk_stack_set_visible_child_name (self->section_stack, name);
}
