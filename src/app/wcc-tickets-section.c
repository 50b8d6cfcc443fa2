/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-tickets-section.c: a customer's tickets (C11, C12): list, editor, appointment, change
 * log and comments. */
#define G_LOG_DOMAIN "wcc-tickets-section"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
#include "wcc-format.h"
#include "wcc-tickets-section.h"
#include "wcc-time.h"

enum {
  SIGNAL_TICKET_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The set-up lists of choices and the ticket members they fill. */
static const struct {
  const char *path;
  const char *member;
  const char *label_member;
} choice_lists[] = {
  { "/api/v1/ticket-categories?active=1", "category_id", "category" },
  { "/api/v1/ticket-statuses?active=1", "status_id", "status" },
  { "/api/v1/ticket-results?active=1", "result_id", "result" },
};

struct _WccTicketsSection
{
  WccCustomerSection   parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *pages;
  GtkLabel            *pending_label;
  GtkStack            *list_stack;
  GtkListView         *list_view;
  GtkLabel            *editor_title;
  GtkLabel            *conflict_label;
  AdwEntryRow         *title_row;
  AdwComboRow         *category_row;
  AdwComboRow         *status_row;
  AdwComboRow         *result_row;
  GtkTextView         *description_view;
  AdwPreferencesGroup *appointment_group;
  AdwActionRow        *appointment_row;
  GtkCalendar         *appointment_calendar;
  GtkSpinButton       *hour_spin;
  GtkSpinButton       *minute_spin;
  AdwPreferencesGroup *comments_group;
  GtkListBox          *comments_list;
  AdwEntryRow         *comment_row;
  AdwPreferencesGroup *changes_group;
  GtkListBox          *changes_list;

  /* owned references */
  WccRecordForm       *form;          /* its record is the ticket edited (NULL: a new one) */
  GtkSorter           *sorter;
  WccPagedList        *changes;
  WccPagedList        *comments;
  GHashTable          *user_names;    /* user id → display name */
};

G_DEFINE_FINAL_TYPE (WccTicketsSection, wcc_tickets_section, WCC_TYPE_CUSTOMER_SECTION)

static WccRecord *
editing (WccTicketsSection *self)
{
  return wcc_record_form_get_record (self->form);
}

/* Open tickets first, then the newest. */
static int
compare_tickets (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  WccRecord *first = (WccRecord *) a;
  WccRecord *second = (WccRecord *) b;
  gboolean first_open = wcc_record_get_bool (first, "open");
  gboolean second_open = wcc_record_get_bool (second, "open");
  gint64 first_id = wcc_record_get_id (first);
  gint64 second_id = wcc_record_get_id (second);

  if (first_open != second_open)
    return first_open ? -1 : 1;
  return first_id > second_id ? -1 : first_id < second_id ? 1 : 0;
}

static const char *
user_name (WccTicketsSection *self,
           WccRecord         *record,
           const char        *member)
{
  gint64 id = wcc_record_get_int (record, member, 0);
  WccSession *session = wcc_customer_section_get_session (WCC_CUSTOMER_SECTION (self));
  const char *name;

  if (id == 0)
    return "";
  if (session != NULL && wcc_session_get_user (session) != NULL &&
      wcc_user_get_id (wcc_session_get_user (session)) == id)
    return _("You");
  name = g_hash_table_lookup (self->user_names, &id);
  return name ? name : "";
}

static char *
byline (WccTicketsSection *self,
        WccRecord         *record,
        const char        *author_member,
        const char        *time_member)
{
  const char *author = user_name (self, record, author_member);
  g_autofree char *when = wcc_format_unix (wcc_record_get_time (record, time_member), WCC_DATE_STYLE_DATE_TIME);

  if (*author == '\0')
    return g_steal_pointer (&when);
  /* TRANSLATORS: who wrote a comment or made a change, and when */
  return g_strdup_printf (_("%s · %s"), author, when);
}

static GtkWidget *
create_comment_row (gpointer item,
                    gpointer user_data)
{
  WccTicketsSection *self = user_data;
  GtkWidget *row = wcc_section_row_new ();
  g_autofree char *by = byline (self, item, "author_id", "created_at");

  wcc_section_row_set (WCC_SECTION_ROW (row), wcc_record_get_string (item, "text"), by, NULL, NULL);
  gtk_widget_add_css_class (row, "ticket-log-row");
  return row;
}

static const char *
field_label (const char *field)
{
  if (g_strcmp0 (field, "title") == 0)
    return _("Title");
  if (g_strcmp0 (field, "description") == 0)
    return _("Description");
  if (g_strcmp0 (field, "category") == 0)
    return _("Category");
  if (g_strcmp0 (field, "status") == 0)
    return _("Status");
  if (g_strcmp0 (field, "result") == 0)
    return _("Result");
  if (g_strcmp0 (field, "appointment") == 0)
    return _("Appointment");
  return field;
}

/* A value of the change log: appointments are times, the rest text; "" for none. */
static char *
change_value (WccRecord  *change,
              const char *member)
{
  const char *value = wcc_record_get_string (change, member);
  gint64 when = 0;

  if (*value == '\0')
    return g_strdup (_("(none)"));
  if (g_str_equal (wcc_record_get_string (change, "field"), "appointment") &&
      wcc_time_from_rfc3339 (value, &when))
    return wcc_format_unix (when, WCC_DATE_STYLE_DATE_TIME);
  return g_strdup (value);
}

static char *
describe_change (WccRecord *change)
{
  const char *field = wcc_record_get_string (change, "field");
  g_autofree char *old = change_value (change, "old");
  g_autofree char *new = change_value (change, "new");

  if (g_str_equal (field, "created"))
    /* TRANSLATORS: the first line of a ticket's change log; %s is its title */
    return g_strdup_printf (_("Created: “%s”"), new);
  /* TRANSLATORS: a line of a ticket's change log: the field, its old and its new value */
  return g_strdup_printf (_("%s: %s → %s"), field_label (field), old, new);
}

static GtkWidget *
create_change_row (gpointer item,
                   gpointer user_data)
{
  WccTicketsSection *self = user_data;
  GtkWidget *row = wcc_section_row_new ();
  g_autofree char *what = describe_change (item);
  g_autofree char *by = byline (self, item, "user_id", "at");

  wcc_section_row_set (WCC_SECTION_ROW (row), what, by, NULL, NULL);
  return row;
}

static void
bind_logs (WccTicketsSection *self)
{
  gtk_list_box_bind_model (self->comments_list, G_LIST_MODEL (self->comments),
                           self->comments ? create_comment_row : NULL, self, NULL);
  gtk_list_box_bind_model (self->changes_list, G_LIST_MODEL (self->changes),
                           self->changes ? create_change_row : NULL, self, NULL);
}

static void
update_appointment (WccTicketsSection *self,
                    WccRecord         *ticket)
{
  gint64 at = ticket ? wcc_record_get_time (ticket, "appointment_at") : 0;
  gboolean open = ticket != NULL && wcc_record_get_bool (ticket, "open");
  g_autofree char *when = wcc_format_unix (at, WCC_DATE_STYLE_DATE_TIME);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->appointment_row), at > 0 ? when : _("No appointment"));
  adw_action_row_set_subtitle (self->appointment_row,
                               open ? "" : _("A ticket with a result takes no appointment"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.appoint", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.appoint-at", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.remove-appointment", at > 0);
}

/* The editor's parts for @ticket, or for a new one (NULL). */
static void
wcc_tickets_section_editor_opened (WccCustomerSection *section,
                                   WccRecord          *ticket)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "section.delete", FALSE);   /* tickets stay */
  gtk_widget_set_visible (GTK_WIDGET (self->appointment_group), ticket != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->comments_group), ticket != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), ticket != NULL);
  g_clear_object (&self->changes);
  g_clear_object (&self->comments);
  if (ticket != NULL)
    {
      g_autofree char *changes = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/changes", wcc_record_get_id (ticket));
      g_autofree char *comments = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "/comments", wcc_record_get_id (ticket));

      self->changes = wcc_customer_section_new_list (section, changes);
      self->comments = wcc_customer_section_new_list (section, comments);
      wcc_paged_list_reload (self->changes);
      wcc_paged_list_reload (self->comments);
    }
  bind_logs (self);
  update_appointment (self, ticket);
}

/* A ticket the server answered with: into the list (open first) and the editor. */
static void
take_ticket (WccTicketsSection *self,
             JsonObject        *data)
{
  wcc_customer_section_take_record (WCC_CUSTOMER_SECTION (self), data);
  update_appointment (self, editing (self));
}

/* ---- reads ------------------------------------------------------------------------------- */

static void
on_choices_loaded (WccCustomerSection *section,
                   JsonObject         *answer,
                   const GError       *error,
                   gpointer            user_data)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);
  guint i = GPOINTER_TO_UINT (user_data);
  JsonNode *items = answer ? json_object_get_member (answer, "items") : NULL;

  if (error != NULL)
    {
      wcc_customer_section_toast (section, error->message);
      return;
    }
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    wcc_record_form_set_choices (self->form, choice_lists[i].member, json_node_get_array (items), "label");
}

static void
on_users_loaded (WccCustomerSection *section,
                 JsonObject         *answer,
                 const GError       *error,
                 gpointer            user_data)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);
  JsonNode *items = answer ? json_object_get_member (answer, "items") : NULL;
  JsonArray *array = items && JSON_NODE_HOLDS_ARRAY (items) ? json_node_get_array (items) : NULL;

  /* Without names (a role that may not list users) comments still show their time. */
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *user = json_array_get_object_element (array, i);
      gint64 id = user ? json_object_get_int_member_with_default (user, "id", 0) : 0;

      if (id > 0)
        g_hash_table_insert (self->user_names, g_memdup2 (&id, sizeof id),
                             g_strdup (json_object_get_string_member_with_default (user, "display_name", "")));
    }
  bind_logs (self);
}

static void
wcc_tickets_section_reload (WccCustomerSection *section)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);

  if (wcc_customer_section_get_edited (section) == NULL)
    {
      g_clear_object (&self->changes);
      g_clear_object (&self->comments);
      bind_logs (self);
    }
  if (wcc_customer_section_get_session (section) == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (choice_lists); i++)
    wcc_customer_section_read (section, choice_lists[i].path, on_choices_loaded, GUINT_TO_POINTER (i));
  if (g_hash_table_size (self->user_names) == 0)
    wcc_customer_section_read_all (section, "/api/v1/users?limit=200", on_users_loaded, NULL);
  if (self->changes != NULL)
    wcc_paged_list_reload (self->changes);
  /* also after a comment that waited behind another write (its callback said queued) */
  if (self->comments != NULL)
    wcc_paged_list_reload (self->comments);
}

/* ---- writes ------------------------------------------------------------------------------ */

/* Saved: the editor stays on the ticket (appointment, comments); the tab links it (C15). */
static void
wcc_tickets_section_saved (WccCustomerSection *section,
                           WccRecord          *ticket)
{
  wcc_customer_section_open_editor (section, ticket);
  g_signal_emit (section, signals[SIGNAL_TICKET_SAVED], 0, wcc_record_get_id (ticket));
}

/* An appointment set or removed, a comment added: the ticket, its log, its comments. */
static void
on_ticket_changed (WccCustomerSection *section,
                   WccWriteOutcome     outcome,
                   JsonObject         *answer,
                   const GError       *error,
                   gpointer            user_data)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);

  if (error != NULL || outcome != WCC_WRITE_APPLIED)
    return;
  if (answer != NULL && json_object_has_member (answer, "open"))
    take_ticket (self, answer);
  if (self->changes != NULL)
    wcc_paged_list_reload (self->changes);
  if (self->comments != NULL)
    wcc_paged_list_reload (self->comments);
}

static void
write_ticket (WccTicketsSection *self,
              const char        *method,
              const char        *what,
              JsonObject        *body)
{
  g_autofree char *path = NULL;

  g_return_if_fail (editing (self) != NULL);
  path = g_strdup_printf ("/api/v1/tickets/%" G_GINT64_FORMAT "%s", wcc_record_get_id (editing (self)), what);
  wcc_customer_section_write (WCC_CUSTOMER_SECTION (self), method, path, body, on_ticket_changed, NULL);
}

static void
appoint (WccTicketsSection *self,
         const char        *member,
         const char        *value)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, member, value);
  json_object_set_int_member (body, "version", wcc_record_get_version (editing (self)));
  write_ticket (self, "PUT", "/appointment", body);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
appoint_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (widget);

  if (editing (self) != NULL)
    appoint (self, "quick", g_variant_get_string (parameter, NULL));
}

static void
appoint_at_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (widget);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->appointment_calendar);
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *text = NULL;
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self->appointment_calendar), GTK_TYPE_POPOVER);

  if (editing (self) == NULL)
    return;
  at = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              gtk_spin_button_get_value_as_int (self->hour_spin),
                              gtk_spin_button_get_value_as_int (self->minute_spin), 0);
  if (at == NULL || g_date_time_to_unix (at) <= wcc_time_now ())
    {
      wcc_customer_section_toast (WCC_CUSTOMER_SECTION (self), _("Choose a time in the future"));
      return;
    }
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  text = wcc_time_to_rfc3339 (g_date_time_to_unix (at));
  appoint (self, "at", text);
}

static void
remove_appointment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (widget);

  if (editing (self) != NULL)
    write_ticket (self, "DELETE", "/appointment", NULL);
}

static void
add_comment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  g_autoptr(JsonObject) body = json_object_new ();

  if (editing (self) == NULL || *text == '\0')
    return;
  json_object_set_string_member (body, "text", text);
  write_ticket (self, "POST", "/comments", body);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), "");
}

static void
on_comment_apply (WccTicketsSection *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tickets.add-comment", NULL);
}

/* ---- WccCustomerSection ------------------------------------------------------------------ */

static void
wcc_tickets_section_event (WccCustomerSection *section,
                           const char         *type,
                           JsonObject         *data)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (section);

  if (!g_str_equal (type, "ticket.created") && !g_str_equal (type, "ticket.changed"))
    return;
  if (json_object_get_int_member_with_default (data, "customer_id", 0) != wcc_customer_section_get_customer_id (section))
    return;
  take_ticket (self, data);
  if (editing (self) != NULL && wcc_record_get_id (editing (self)) == json_object_get_int_member_with_default (data, "id", 0) &&
      self->changes != NULL)
    wcc_paged_list_reload (self->changes);
}

/* Beside new tickets and changes (the default lines): appointments and comments. */
static char *
wcc_tickets_section_describe_write (WccCustomerSection *section,
                                    const char         *method,
                                    const char         *path,
                                    JsonObject         *body)
{
  gint64 id = wcc_customer_section_path_id (path, "/api/v1/tickets/");
  WccPagedList *tickets = wcc_customer_section_get_list (section);
  WccRecord *ticket = id > 0 && tickets ? wcc_paged_list_find (tickets, id, NULL) : NULL;

  if (ticket != NULL && g_str_has_suffix (path, "/appointment"))
    return g_strdup_printf (_("Appointment of ticket “%s”"), wcc_record_get_string (ticket, "title"));
  if (ticket != NULL && g_str_has_suffix (path, "/comments"))
    return g_strdup_printf (_("Comment on ticket “%s”: %s"), wcc_record_get_string (ticket, "title"),
                            body ? json_object_get_string_member_with_default (body, "text", "") : "");
  return WCC_CUSTOMER_SECTION_CLASS (wcc_tickets_section_parent_class)->describe_write (section, method, path, body);
}

static void
wcc_tickets_section_bind_row (WccCustomerSection *section,
                              WccSectionRow      *row,
                              WccRecord          *ticket)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  gint64 appointment = wcc_record_get_time (ticket, "appointment_at");
  gboolean open = wcc_record_get_bool (ticket, "open");
  const char *members[] = { "category", "status", "result" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (*wcc_record_get_string (ticket, members[i]) != '\0')
      g_ptr_array_add (details, g_strdup (wcc_record_get_string (ticket, members[i])));
  if (appointment > 0)
    {
      g_autofree char *when = wcc_format_unix (appointment, WCC_DATE_STYLE_DATE_TIME);
      /* TRANSLATORS: a ticket's appointment in the list of tickets */
      g_ptr_array_add (details, g_strdup_printf (_("Appointment %s"), when));
    }
  g_ptr_array_add (details, NULL);
  subtitle = g_strjoinv (" · ", (char **) details->pdata);
  wcc_section_row_set (row, wcc_record_get_string (ticket, "title"), subtitle,
                       open ? C_("status", "Open") : _("Done"), open ? "accent" : "dim-label");
  wcc_section_row_set_button (row, "document-edit-symbolic", _("Edit the Ticket"), "section.open",
                              g_variant_new_int64 (wcc_record_get_id (ticket)));
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_tickets_section_dispose (GObject *object)
{
  WccTicketsSection *self = WCC_TICKETS_SECTION (object);

  /* the toast overlay is both the bin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WCC_TYPE_TICKETS_SECTION);
  g_clear_object (&self->form);
  g_clear_object (&self->sorter);
  g_clear_object (&self->changes);
  g_clear_object (&self->comments);
  g_clear_pointer (&self->user_names, g_hash_table_unref);

  G_OBJECT_CLASS (wcc_tickets_section_parent_class)->dispose (object);
}

static void
wcc_tickets_section_class_init (WccTicketsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  WccCustomerSectionClass *section_class = WCC_CUSTOMER_SECTION_CLASS (klass);

  object_class->dispose = wcc_tickets_section_dispose;
  section_class->reload = wcc_tickets_section_reload;
  section_class->event = wcc_tickets_section_event;
  section_class->describe_write = wcc_tickets_section_describe_write;
  section_class->bind_row = wcc_tickets_section_bind_row;
  section_class->editor_opened = wcc_tickets_section_editor_opened;
  section_class->saved = wcc_tickets_section_saved;
  section_class->list_what = "tickets";
  section_class->record_prefix = "/api/v1/tickets/";
  section_class->name_member = "title";
  section_class->new_title = N_("New Ticket");
  section_class->describe_new = N_("New ticket “%s”");
  section_class->describe_change = N_("Changes to ticket “%s”");
  section_class->describe_delete = N_("Deletion of ticket “%s”");

  signals[SIGNAL_TICKET_SAVED] =
    g_signal_new ("ticket-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wccdesktop/Agent/wcc-tickets-section.ui");
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, pages);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, pending_label);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, list_view);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, editor_title);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, title_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, category_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, status_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, result_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, description_view);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, appointment_group);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, appointment_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, appointment_calendar);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, comments_group);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, comments_list);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, comment_row);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, changes_group);
  gtk_widget_class_bind_template_child (widget_class, WccTicketsSection, changes_list);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_apply);

  gtk_widget_class_install_action (widget_class, "tickets.appoint", "s", appoint_action);
  gtk_widget_class_install_action (widget_class, "tickets.appoint-at", NULL, appoint_at_action);
  gtk_widget_class_install_action (widget_class, "tickets.remove-appointment", NULL, remove_appointment_action);
  gtk_widget_class_install_action (widget_class, "tickets.add-comment", NULL, add_comment_action);
}

static void
wcc_tickets_section_init (WccTicketsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wcc_customer_section_set_feedback (WCC_CUSTOMER_SECTION (self), self->toast_overlay, self->pending_label);

  self->user_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->form = wcc_record_form_new ();
  wcc_record_form_add_text (self->form, "title", GTK_WIDGET (self->title_row), TRUE);
  wcc_record_form_add_choice (self->form, "category_id", "category", self->category_row, FALSE);
  wcc_record_form_add_choice (self->form, "status_id", "status", self->status_row, FALSE);
  wcc_record_form_add_choice (self->form, "result_id", "result", self->result_row, FALSE);
  wcc_record_form_add_text (self->form, "description", GTK_WIDGET (self->description_view), FALSE);
  wcc_customer_section_set_editor (WCC_CUSTOMER_SECTION (self), self->pages, self->form, self->editor_title, self->conflict_label);

  self->sorter = GTK_SORTER (gtk_custom_sorter_new (compare_tickets, NULL, NULL));
  wcc_customer_section_set_list (WCC_CUSTOMER_SECTION (self), self->list_view, self->list_stack, self->sorter);
  update_appointment (self, NULL);
}

GtkWidget *
wcc_tickets_section_new (WccSession *session,
                         WccRecord  *customer)
{
  return g_object_new (WCC_TYPE_TICKETS_SECTION, "session", session, "customer", customer, NULL);
}

GListModel *
wcc_tickets_section_get_tickets (WccTicketsSection *self)
{
  g_return_val_if_fail (WCC_IS_TICKETS_SECTION (self), NULL);
  return wcc_customer_section_get_shown (WCC_CUSTOMER_SECTION (self));
}

WccRecord *
wcc_tickets_section_get_editing (WccTicketsSection *self)
{
  g_return_val_if_fail (WCC_IS_TICKETS_SECTION (self), NULL);
  return wcc_customer_section_get_edited (WCC_CUSTOMER_SECTION (self));
}

GListModel *
wcc_tickets_section_get_changes (WccTicketsSection *self)
{
  g_return_val_if_fail (WCC_IS_TICKETS_SECTION (self), NULL);
  return G_LIST_MODEL (self->changes);
}

GListModel *
wcc_tickets_section_get_comments (WccTicketsSection *self)
{
  g_return_val_if_fail (WCC_IS_TICKETS_SECTION (self), NULL);
  return G_LIST_MODEL (self->comments);
}
