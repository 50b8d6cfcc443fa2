/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-ui.h: the UI tests' shared helpers: waiting on the main loop, finding widgets,
 * screenshots, logging in through the real login window, the server seen over HTTP. */
#pragma once

#include <json-glib/json-glib.h>

#include "wcc-application.h"
#include "wcc-customer-tab.h"
#include "wcc-recording-player.h"
#include "wcc-test-util.h"

G_BEGIN_DECLS

/* The application under test (each test program creates it). */
extern WccApplication *wcc_test_ui_app;

typedef gboolean (*Predicate) (gpointer data);

typedef struct {
  Predicate predicate;
  gpointer  data;
  gboolean  reached;
} Poll;

/* Polls @predicate every 20 ms until it holds or @timeout_ms passes; a failure names the
 * predicate and the line that waited. */
void wcc_test_wait_until (Predicate   predicate,
                          gpointer    data,
                          guint       timeout_ms,
                          const char *what);
#define wait_until(predicate, ...) \
  wcc_test_wait_until ((predicate), __VA_ARGS__, G_STRLOC ": " #predicate)
void settle (guint ms);
/* How often the default main context woke up (polled) in @ms of doing nothing (the wait
 * itself is one). */
guint wcc_test_main_loop_wakeups (guint ms);
/* A "toast" signal handler (widget, message) keeping each message in @toasts (of char *),
 * and a predicate for wait_until(): a Toasted's toasts have its text. */
void wcc_test_collect_toast (GtkWidget *widget, const char *message, GPtrArray *toasts);
typedef struct {
  GPtrArray  *toasts;
  const char *text;
} Toasted;
gboolean wcc_test_toasted (gpointer data);
GtkWidget *find_by_id (GtkWidget  *root, const char *id);
GtkWidget *child (GtkWindow  *window, const char *id);
/* A click on the menu's row for @page ("dashboard", "customers" …): the page shows. */
void go_to (GtkWindow  *main_window, const char *page);
void set_text (GtkWindow  *window, const char *id, const char *text);
void save_screenshot (GtkWidget  *widget, const char *name);
/* A report chart (WccReportChart), once drawn, labelled some of its points under the axis,
 * the first among them, and no two labels touch. */
void assert_chart_labels_apart (GtkWidget *chart);
/* The same, and the picture saved (for its pixels). */
GdkTexture *take_screenshot (GtkWidget  *widget, const char *name);
gboolean login_window_shown (gpointer data);
gboolean main_window_shown (gpointer data);
gboolean main_window_gone (gpointer data);
void on_async_done (GObject      *source, GAsyncResult *result, gpointer      user_data);
gboolean result_arrived (gpointer data);
WccClient *login_elsewhere (WccTestServer *server, const char    *account, const char    *password);
JsonObject *http_json (WccClient  *client, const char *method, const char *path, const char *body, guint       expected_status);
/* The same, the answer's bytes (and its Content-Type when @content_type is not NULL). */
GBytes *http_send (WccClient *client, const char *method, const char *path, const char *body,
                   guint expected_status, char **content_type);
GtkWindow *show_login (WccTestServer *server);
void submit (GtkWindow *window);
GtkWindow *log_in_without_remembering (WccTestServer *server, const char    *account, const char    *password);
AdwMessageDialog *find_message_dialog (void);
gboolean message_dialog_shown (gpointer data);
GLogWriterOutput log_writer (GLogLevelFlags   log_level, const GLogField *fields, gsize            n_fields, gpointer         user_data);
GtkWidget *find_by_name (GtkWidget  *root, const char *name);
gboolean label_shows (gpointer data);
void wait_for_label (GtkWidget  *label, const char *text);

/* The strict environment, GTest, and wcc_test_ui_app (registered, not unique). */
void wcc_test_ui_init (int *argc, char ***argv);
/* Logs out through the menu action and its confirmation; the login window is back. */
void log_out_through_ui (GtkWindow *main_window);

/* Real key presses that the X server delivers to the app (xdotool through XTest). Gives
 * @window the X input focus (Xvfb has no window manager to do it) and waits until GTK knows
 * its window is the active one. */
void focus_window (GtkWindow *window);
/* Presses @keys (xdotool key names, "ctrl+shift+a", separated by spaces) one after the
 * other in @window. */
void press_keys   (GtkWindow *window, const char *keys);
/* Types @text (as keys) into the focused widget of @window. */
void type_text    (GtkWindow *window, const char *text);

/* A notification server (org.freedesktop.Notifications) on the test's session bus: what
 * the desktop was asked to show, the last Notify call, and whether it was closed. Start it
 * before the application sends its first notification. */
typedef struct {
  char     *summary;
  char     *body;
  GStrv     actions;    /* id, label, id, label … */
  guint     id;
  gboolean  closed;
} ShownNotification;

extern ShownNotification wcc_test_ui_shown;

void     wcc_test_ui_start_notification_server (void);
/* The notification shown now has @data (a string) in its body. */
gboolean notification_shown  (gpointer data);
gboolean notification_closed (gpointer data);

/* Predicates for wait_until: a WccSoftphone registered / refused or failed; a WccCall
 * active / ended; a WccSession Ready / signed in to some group. */
gboolean wcc_test_softphone_registered (gpointer data);
gboolean wcc_test_softphone_failed     (gpointer data);
gboolean wcc_test_call_active          (gpointer data);
gboolean wcc_test_call_ended           (gpointer data);
gboolean wcc_test_agent_is_ready       (gpointer data);
gboolean wcc_test_agent_signed_in      (gpointer data);
/* The softphone settings window is mapped: stored in @data (a GtkWidget **). */
gboolean wcc_test_softphone_settings_shown (gpointer data);
/* Through the status bar of @main_window: out of every group, into @group, then Ready. */
void     wcc_test_go_ready_in         (GtkWindow  *main_window,
                                       const char *group);
/* ---- the phone, the lists, the customer tabs ---- */
/* Predicates for wait_until(). */
gboolean player_playing (gpointer recording_player);
gboolean model_has_items (gpointer list_model);
/* data: gpointer[2] = { GSIZE_TO_POINTER (a window GType), NULL }: a mapped top-level window
 * of that type exists; it is put in data[1]. */
gboolean toplevel_mapped (gpointer data);
/* A widget shown and sensitive (a button whose action became enabled). */
gboolean widget_sensitive (gpointer widget);
/* A WccPagedList not loading (a parameter change reloads from an idle: it starts first). */
gboolean list_idle (gpointer paged_list);
/* Every page of @list loaded, for counting and finding. */
void load_all (WccPagedList *list);
gboolean has (WccPagedList *list, gint64 id);
/* A customer tab has read its customer. */
gboolean tab_loaded (gpointer customer_tab);
/* The work page's selected customer tab (there must be one). */
WccCustomerTab *selected_tab (GtkWindow *main_window);
/* A click on the button with @id below @root: its action runs now (gtk_widget_activate()
 * clicks a quarter second later). It must be visible and sensitive. */
void click (GtkWidget *root, const char *id);
/* The visible actionable widget below @root with @action_name and, when @target is not NULL,
 * that target (GVariant text, as in a .ui file: "'1d'"); NULL when there is none. */
GtkWidget *find_actionable (GtkWidget *root, const char *action_name, const char *target);
/* A click on that widget (which must be there and sensitive). */
void click_action (GtkWidget *root, const char *action_name, const char *target);

/* The "id" member. */
gint64 id_of (JsonObject *object);
/* A new task @name (by @admin) in the client's first package, for the groups @agent is in,
 * with the call results that @results_path lists ("/api/v1/call-results?…"); its id. */
gint64 make_agent_task (WccClient *admin, WccClient *agent, const char *name, const char *results_path);

/* ---- a wcc-sim process and its --json events, read while it runs ---- */
typedef struct _WccTestSim WccTestSim;

/* Starts @argv (argv[0] the wcc-sim binary; pass --json); it dies with the test. */
WccTestSim *wcc_test_sim_start (const char * const *argv);
/* How many events of @kind ("answered", "tone-heard", "ended" …) it printed so far. */
guint       wcc_test_sim_count (WccTestSim *sim, const char *kind);
/* The last event of @kind it printed (owned by @sim), NULL for none. */
JsonObject *wcc_test_sim_last  (WccTestSim *sim, const char *kind);
/* Waits until it has printed @count events of @kind. */
void        wcc_test_sim_wait  (WccTestSim *sim, const char *kind, guint count, guint timeout_ms);
/* Stops it (SIGTERM) and reads what it printed up to its exit (the counts stay readable). */
void        wcc_test_sim_stop  (WccTestSim *sim);
/* After wcc_test_sim_stop(). */
void        wcc_test_sim_free  (WccTestSim *sim);

/* What a click on a stack switcher's button or a row of a list of pages does: @pages
 * (GtkStackPage or AdwViewStackPage items) selects the page of @section. */
void     select_page            (GtkSelectionModel *pages,
                                 GtkWidget         *section);
/* The customers page's switcher: the section @name shows. */
void     show_customers_section (GtkWidget         *page,
                                 const char        *name);
/* A click on the row of section @name in the customer tab's list of sections. */
void     show_tab_section       (WccCustomerTab    *tab,
                                 const char        *name);
/* A WccRecordTable shows its list, loaded. */
gboolean table_shows_list       (gpointer           data);

/* ---- languages ---- */

/* A label shown (mapped) below @root whose text, mnemonic included, is @text. */
GtkWidget *wcc_test_find_label               (GtkWidget  *root,
                                              const char *text);
/* Waits (10 s at most) until such a label shows. */
void       wcc_test_wait_for_label_text      (GtkWidget  *root,
                                              const char *text);
/* The translation of @msgid in po/@lang.po (NULL when it has none). */
char      *wcc_test_po_translation           (const char *lang,
                                              const char *msgid);
/* Asserts that @root shows @msgid translated, not in English. */
void       wcc_test_assert_shows_translation (GtkWidget  *root,
                                              const char *lang,
                                              const char *msgid);
/* The user's language is @lang (LANGUAGE, as a desktop session sets it) in the locale
 * @full_locale (dates and numbers follow it), with the project's translations from the
 * build tree. A missing locale, translation or a gettext that does not translate fails the
 * test (the locales come from build-aux/wcc-deps); FALSE then. */
gboolean   wcc_test_use_language             (const char *lang,
                                              const char *full_locale);
/* Back to the process's own language and locale. */
void       wcc_test_use_default_language     (void);

G_END_DECLS
