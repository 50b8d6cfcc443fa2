/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-list.c: the softphone's contacts, a local SQLite file; a list model, favourites first. */
#define G_LOG_DOMAIN "wcc-contact-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wcc-contact-list.h"
#include "wcc-error.h"
#include "wcc-local-db.h"

/* The schema, one step per PRAGMA user_version; a change appends a step. */
static const char *const migrations[] = {
  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name TEXT NOT NULL,"
  "  favourite INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE numbers ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  PRIMARY KEY (contact_id, position));",
  NULL
};

/* Bounds that keep a bad import from filling the disk or the list. */
#define MAX_NAME_LENGTH 200
#define MAX_NUMBER_LENGTH 64
#define MAX_NUMBERS 20

struct _WccContactList
{
  GObject    parent_instance;

  char      *path;
  sqlite3   *db;
  GPtrArray *contacts;  /* WccContact, in the model's order */
};

static void wcc_contact_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccContactList, wcc_contact_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_contact_list_list_model_init))

static gboolean
set_sqlite_error (WccContactList  *self,
                  GError         **error)
{
  return wcc_local_db_set_error (self->db, _("The contacts"), self->path, error);
}

static sqlite3_stmt *
prepare (WccContactList  *self,
         const char       *sql,
         GError          **error)
{
  return wcc_local_db_prepare (self->db, _("The contacts"), self->path, sql, error);
}

static gboolean
exec (WccContactList  *self,
      const char      *sql,
      GError         **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error);
  return TRUE;
}

static gboolean
has_digit (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

/* Trimmed name and numbers (blank numbers dropped), or WCC_ERROR_INVALID_FIELD. */
static gboolean
clean_fields (const char         *name,
              const char *const  *numbers,
              char              **out_name,
              GStrv              *out_numbers,
              GError            **error)
{
  g_autofree char *clean_name = g_strstrip (g_strdup (name));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint count = 0;

  if (*clean_name == '\0')
    {
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("A contact needs a name"));
      return FALSE;
    }
  if (!g_utf8_validate (clean_name, -1, NULL) || g_utf8_strlen (clean_name, -1) > MAX_NAME_LENGTH)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("A contact’s name can have at most %d characters"), MAX_NAME_LENGTH);
      return FALSE;
    }
  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      g_autofree char *number = g_strstrip (g_strdup (numbers[i]));

      if (*number == '\0')
        continue;
      if (!has_digit (number) || strlen (number) > MAX_NUMBER_LENGTH || !g_utf8_validate (number, -1, NULL))
        {
          /* TRANSLATORS: %s is what was typed as a phone number. */
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“%s” is not a phone number"), number);
          return FALSE;
        }
      g_strv_builder_add (builder, number);
      count++;
    }
  if (count == 0 || count > MAX_NUMBERS)
    {
      g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD,
                   _("A contact needs one to %d phone numbers"), MAX_NUMBERS);
      return FALSE;
    }
  *out_name = g_steal_pointer (&clean_name);
  *out_numbers = g_strv_builder_end (builder);
  return TRUE;
}

/* Favourites first, then names in the user's collation, then the order they were added. */
static int
compare_contacts (gconstpointer a,
                  gconstpointer b)
{
  WccContact *x = *(WccContact **) a;
  WccContact *y = *(WccContact **) b;
  g_autofree char *fx = NULL;
  g_autofree char *fy = NULL;
  int order;

  if (wcc_contact_get_favourite (x) != wcc_contact_get_favourite (y))
    return wcc_contact_get_favourite (x) ? -1 : 1;
  fx = g_utf8_casefold (wcc_contact_get_name (x), -1);
  fy = g_utf8_casefold (wcc_contact_get_name (y), -1);
  order = g_utf8_collate (fx, fy);
  if (order != 0)
    return order;
  return wcc_contact_get_id (x) < wcc_contact_get_id (y) ? -1 : wcc_contact_get_id (x) > wcc_contact_get_id (y);
}

/* Puts the list back in order and tells the views what changed since they saw @seen: one
 * range, between what stayed at the start and at the end. */
static void
resort (WccContactList *self,
        GPtrArray      *seen,
        WccContact     *changed)
{
  GPtrArray *now = self->contacts;
  guint prefix = 0, suffix = 0, position;

  g_ptr_array_sort (now, compare_contacts);
  while (prefix < seen->len && prefix < now->len &&
         g_ptr_array_index (seen, prefix) == g_ptr_array_index (now, prefix))
    prefix++;
  while (suffix < seen->len - prefix && suffix < now->len - prefix &&
         g_ptr_array_index (seen, seen->len - 1 - suffix) == g_ptr_array_index (now, now->len - 1 - suffix))
    suffix++;
  /* Nothing moved: the views still redraw the contact that changed. */
  if (seen->len == now->len && prefix == now->len)
    {
      if (changed != NULL && g_ptr_array_find (now, changed, &position))
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, seen->len - prefix - suffix, now->len - prefix - suffix);
}

/* The order the views see now (borrowed pointers: the copy must not unref them). */
static GPtrArray *
snapshot (WccContactList *self)
{
  GPtrArray *seen = g_ptr_array_copy (self->contacts, NULL, NULL);

  g_ptr_array_set_free_func (seen, NULL);
  return seen;
}

static gboolean
insert_numbers (WccContactList     *self,
                gint64              contact_id,
                const char *const  *numbers,
                GError            **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO numbers (contact_id, position, number) VALUES (?, ?, ?);", error);
  gboolean ok = stmt != NULL;

  for (guint i = 0; ok && numbers[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, contact_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, numbers[i], -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (self, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Writes a new contact (inside the caller's transaction); NULL on error. */
static WccContact *
insert_contact (WccContactList     *self,
                const char         *name,
                const char *const  *numbers,
                gboolean            favourite,
                GError            **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO contacts (name, favourite) VALUES (?, ?) RETURNING id;", error);
  gint64 id;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, !!favourite);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (!insert_numbers (self, id, numbers, error))
    return NULL;
  return wcc_contact_new (id, name, numbers, favourite);
}

static void
rollback (WccContactList *self)
{
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
}

static gboolean
load (WccContactList  *self,
      GError         **error)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_strv_builder_unref);
  sqlite3_stmt *stmt = prepare (self, "SELECT contact_id, number FROM numbers ORDER BY contact_id, position;", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GStrvBuilder *builder = g_hash_table_lookup (numbers, &id);

      if (builder == NULL)
        {
          builder = g_strv_builder_new ();
          g_hash_table_insert (numbers, g_memdup2 (&id, sizeof id), builder);
        }
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  stmt = prepare (self, "SELECT id, name, favourite FROM contacts;", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GStrvBuilder *builder = g_hash_table_lookup (numbers, &id);
      g_auto(GStrv) list = builder ? g_strv_builder_end (builder) : g_new0 (char *, 1);

      g_ptr_array_add (self->contacts, wcc_contact_new (id, (const char *) sqlite3_column_text (stmt, 1),
                                                        (const char *const *) list, sqlite3_column_int (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  g_ptr_array_sort (self->contacts, compare_contacts);
  return TRUE;
}

/* ---- GListModel -------------------------------------------------------------------------- */

static GType
wcc_contact_list_get_item_type (GListModel *model)
{
  return WCC_TYPE_CONTACT;
}

static guint
wcc_contact_list_get_n_items (GListModel *model)
{
  return WCC_CONTACT_LIST (model)->contacts->len;
}

static gpointer
wcc_contact_list_get_item (GListModel *model,
                           guint       position)
{
  WccContactList *self = WCC_CONTACT_LIST (model);

  if (position >= self->contacts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->contacts, position));
}

static void
wcc_contact_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wcc_contact_list_get_item_type;
  iface->get_n_items = wcc_contact_list_get_n_items;
  iface->get_item = wcc_contact_list_get_item;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
wcc_contact_list_finalize (GObject *object)
{
  WccContactList *self = WCC_CONTACT_LIST (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (wcc_contact_list_parent_class)->finalize (object);
}

static void
wcc_contact_list_class_init (WccContactListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wcc_contact_list_finalize;
}

static void
wcc_contact_list_init (WccContactList *self)
{
  self->contacts = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- public API -------------------------------------------------------------------------- */

char *
wcc_contact_list_default_path (const char *base_url,
                               const char *account)
{
  return wcc_local_db_default_path ("contacts", base_url, account);
}

WccContactList *
wcc_contact_list_open (const char  *path,
                       GError     **error)
{
  g_autoptr(WccContactList) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (WCC_TYPE_CONTACT_LIST, NULL);
  self->path = g_strdup (path);
  self->db = wcc_local_db_open (path, _("The contacts"), migrations, error);
  if (self->db == NULL || !load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

WccContact *
wcc_contact_list_add (WccContactList     *self,
                      const char         *name,
                      const char *const  *numbers,
                      gboolean            favourite,
                      GError            **error)
{
  g_autofree char *clean_name = NULL;
  g_auto(GStrv) clean_numbers = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  WccContact *contact;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!clean_fields (name, numbers, &clean_name, &clean_numbers, error) ||
      !exec (self, "BEGIN;", error))
    return NULL;
  contact = insert_contact (self, clean_name, (const char *const *) clean_numbers, favourite, error);
  if (contact == NULL || !exec (self, "COMMIT;", error))
    {
      rollback (self);
      g_clear_object (&contact);
      return NULL;
    }
  seen = snapshot (self);
  g_ptr_array_add (self->contacts, g_object_ref (contact));
  resort (self, seen, NULL);
  return contact;
}

gboolean
wcc_contact_list_update (WccContactList     *self,
                         WccContact         *contact,
                         const char         *name,
                         const char *const  *numbers,
                         gboolean            favourite,
                         GError            **error)
{
  g_autofree char *clean_name = NULL;
  g_auto(GStrv) clean_numbers = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (WCC_IS_CONTACT (contact), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!clean_fields (name, numbers, &clean_name, &clean_numbers, error) ||
      !exec (self, "BEGIN;", error))
    return FALSE;
  stmt = prepare (self, "UPDATE contacts SET name = ?, favourite = ? WHERE id = ?;", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, clean_name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, !!favourite);
      sqlite3_bind_int64 (stmt, 3, wcc_contact_get_id (contact));
      ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self, error);
    }
  sqlite3_finalize (stmt);
  if (ok)
    {
      stmt = prepare (self, "DELETE FROM numbers WHERE contact_id = ?;", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, wcc_contact_get_id (contact));
          ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self, error);
        }
      sqlite3_finalize (stmt);
    }
  if (!ok || !insert_numbers (self, wcc_contact_get_id (contact), (const char *const *) clean_numbers, error) ||
      !exec (self, "COMMIT;", error))
    {
      rollback (self);
      return FALSE;
    }
  seen = snapshot (self);
  wcc_contact_set (contact, clean_name, (const char *const *) clean_numbers, favourite);
  resort (self, seen, contact);
  return TRUE;
}

gboolean
wcc_contact_list_set_favourite (WccContactList  *self,
                                WccContact      *contact,
                                gboolean         favourite,
                                GError         **error)
{
  g_return_val_if_fail (WCC_IS_CONTACT (contact), FALSE);

  return wcc_contact_list_update (self, contact, wcc_contact_get_name (contact),
                                  wcc_contact_get_numbers (contact), favourite, error);
}

gboolean
wcc_contact_list_remove (WccContactList  *self,
                         WccContact      *contact,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  guint position;
  gboolean ok;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (WCC_IS_CONTACT (contact), FALSE);

  stmt = prepare (self, "DELETE FROM contacts WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wcc_contact_get_id (contact));
  ok = sqlite3_step (stmt) == SQLITE_DONE || set_sqlite_error (self, error);
  sqlite3_finalize (stmt);
  if (ok && g_ptr_array_find (self->contacts, contact, &position))
    {
      g_ptr_array_remove_index (self->contacts, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  return ok;
}

WccContact *
wcc_contact_list_find_number (WccContactList *self,
                              const char     *number)
{
  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), NULL);

  for (guint i = 0; number != NULL && i < self->contacts->len; i++)
    if (wcc_contact_has_number (g_ptr_array_index (self->contacts, i), number))
      return g_ptr_array_index (self->contacts, i);
  return NULL;
}

static gboolean
already_there (GPtrArray         *contacts,
               const char        *name,
               const char *const *numbers)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      WccContact *contact = g_ptr_array_index (contacts, i);
      if (g_str_equal (wcc_contact_get_name (contact), name) &&
          g_strv_equal (wcc_contact_get_numbers (contact), numbers))
        return TRUE;
    }
  return FALSE;
}

int
wcc_contact_list_import (WccContactList  *self,
                         GPtrArray       *cards,
                         GError         **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = NULL;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), -1);
  g_return_val_if_fail (cards != NULL, -1);

  if (!exec (self, "BEGIN;", error))
    return -1;
  for (guint i = 0; i < cards->len; i++)
    {
      WccContactCard *card = g_ptr_array_index (cards, i);
      g_autofree char *name = NULL;
      g_auto(GStrv) numbers = NULL;
      g_autoptr(GError) local_error = NULL;
      WccContact *contact;

      if (!clean_fields (card->name, (const char *const *) card->numbers, &name, &numbers, &local_error))
        {
          rollback (self);
          /* TRANSLATORS: %u counts the contacts in the file, %s says what is wrong. */
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("Contact %u in the file: %s"),
                       i + 1, local_error->message);
          return -1;
        }
      if (already_there (self->contacts, name, (const char *const *) numbers) ||
          already_there (added, name, (const char *const *) numbers))
        continue;
      contact = insert_contact (self, name, (const char *const *) numbers, FALSE, error);
      if (contact == NULL)
        {
          rollback (self);
          return -1;
        }
      g_ptr_array_add (added, contact);
    }
  if (!exec (self, "COMMIT;", error))
    {
      rollback (self);
      return -1;
    }
  seen = snapshot (self);
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (self->contacts, g_object_ref (g_ptr_array_index (added, i)));
  resort (self, seen, NULL);
  return (int) added->len;
}

GPtrArray *
wcc_contact_list_to_cards (WccContactList *self)
{
  GPtrArray *cards;

  g_return_val_if_fail (WCC_IS_CONTACT_LIST (self), NULL);

  cards = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_contact_card_free);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      WccContact *contact = g_ptr_array_index (self->contacts, i);
      g_ptr_array_add (cards, wcc_contact_card_new (wcc_contact_get_name (contact), wcc_contact_get_numbers (contact)));
    }
  return cards;
}
