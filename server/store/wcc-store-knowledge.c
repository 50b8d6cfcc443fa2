/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-knowledge.c: the knowledge base (S10–S12): categories, items and their review,
 * attachments, full-text search and the items each user opened. */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-error.h"
#include "wcc-store-private.h"

/* Between the characters of the texts in kb_chars: a separator for the unicode61
 * tokenizer, so each character is a token. */
#define CHAR_SEPARATOR "\x1f"
/* Around the matches in highlights and snippets. */
#define MARK_OPEN  "\x02"
#define MARK_CLOSE "\x03"

static const char * const state_names[] = { "", "pending", "approved", "rejected" };

/* A live item (alias i) at ?3 (now). */
#define ITEM_LIVE " i.state = 'approved' AND (i.valid_until IS NULL OR i.valid_until > ?3)"

void
wcc_store_kb_category_free (WccStoreKbCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->name);
  g_free (category);
}

void
wcc_store_kb_attachment_free (WccStoreKbAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_free (attachment);
}

void
wcc_store_kb_item_free (WccStoreKbItem *item)
{
  if (item == NULL)
    return;
  g_free (item->question);
  g_strfreev (item->keywords);
  g_free (item->answer);
  g_free (item->review_reason);
  g_clear_pointer (&item->category_ids, g_array_unref);
  g_clear_pointer (&item->attachments, g_ptr_array_unref);
  g_free (item);
}

void
wcc_store_kb_hit_free (WccStoreKbHit *hit)
{
  if (hit == NULL)
    return;
  wcc_store_kb_item_free (hit->item);
  g_free (hit->question);
  g_free (hit->snippet);
  g_free (hit);
}

gboolean
wcc_store_kb_item_is_live (const WccStoreKbItem *item,
                           gint64                now)
{
  return item->state == WCC_REVIEW_APPROVED && (item->valid_until == 0 || item->valid_until > now);
}

/* ---- Categories ---- */

static WccStoreKbCategory *
read_category_row (sqlite3_stmt *stmt)
{
  WccStoreKbCategory *category = g_new0 (WccStoreKbCategory, 1);

  category->id = sqlite3_column_int64 (stmt, 0);
  category->name = wcc_store_column_strdup (stmt, 1);
  category->position = sqlite3_column_int64 (stmt, 2);
  category->version = sqlite3_column_int64 (stmt, 3);
  category->count = sqlite3_column_int64 (stmt, 4);
  return category;
}

GPtrArray *
wcc_store_kb_category_list (WccStore *self,
                            gint64    client_id,
                            gint64    now)
{
  GPtrArray *categories = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_kb_category_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), categories);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT c.id, c.name, c.position, c.version,"
                                 " (SELECT count(*) FROM kb_item_categories l JOIN kb_items i ON i.id = l.item_id"
                                 "  WHERE l.category_id = c.id AND" ITEM_LIVE ")"
                                 " FROM kb_categories c WHERE c.client_id = ?1"
                                 " ORDER BY c.position, c.name, c.id;",
                                 "iii", client_id, (gint64) 0, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (categories, read_category_row (stmt));
  sqlite3_reset (stmt);
  return categories;
}

WccStoreKbCategory *
wcc_store_kb_category_find (WccStore *self,
                            gint64    client_id,
                            gint64    category_id)
{
  WccStoreKbCategory *category = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT id, name, position, version, 0 FROM kb_categories"
                                 " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, category_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    category = read_category_row (stmt);
  sqlite3_reset (stmt);
  return category;
}

static gboolean
name_taken (GError **error)
{
  if (g_error_matches (*error, WCC_ERROR, WCC_ERROR_CONFLICT))
    {
      g_clear_error (error);
      g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT, _("A category of this name exists already"));
    }
  return FALSE;
}

gint64
wcc_store_kb_category_create (WccStore                 *self,
                              gint64                    client_id,
                              const WccStoreKbCategory *category,
                              GError                  **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO kb_categories (client_id, name, position, created_at,"
                                                    " updated_at) VALUES (?, ?, ?, ?4, ?4);",
                                                    "isii", client_id, category->name, category->position, now),
                            _("Cannot save the category"), error))
    return name_taken (error);
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

gboolean
wcc_store_kb_category_update (WccStore                 *self,
                              gint64                    client_id,
                              const WccStoreKbCategory *category,
                              gint64                    expected_version,
                              GError                  **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *update;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  update = wcc_store_prepare_bind (self,
                                   "UPDATE kb_categories SET name = ?, position = ?, version = version + 1,"
                                   " updated_at = ? WHERE client_id = ? AND id = ? AND (?6 = 0 OR version = ?6);",
                                   "siiiii", category->name, category->position, now, client_id, category->id,
                                   expected_version);
  if (!wcc_store_step_update (self, update, "SELECT 1 FROM kb_categories WHERE client_id = ? AND id = ?;",
                              client_id, category->id, expected_version, _("No such category"), error))
    return name_taken (error);
  return TRUE;
}

gboolean
wcc_store_kb_category_delete (WccStore *self,
                              gint64    client_id,
                              gint64    category_id,
                              GError  **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_step_delete (self,
                              wcc_store_prepare_bind (self, "DELETE FROM kb_categories WHERE client_id = ? AND id = ?;",
                                                      "ii", client_id, category_id),
                              _("No such category"), error))
    {
      if (g_error_matches (*error, WCC_ERROR, WCC_ERROR_CONFLICT))
        {
          g_clear_error (error);
          g_set_error_literal (error, WCC_ERROR, WCC_ERROR_CONFLICT,
                               _("Knowledge items are filed under this category"));
        }
      return FALSE;
    }
  return TRUE;
}

/* ---- Items ---- */

#define ITEM_FIELDS \
  "i.id, i.client_id, i.author_id, i.question, i.keywords, i.answer, i.valid_until, i.state, i.reviewer_id," \
  " i.review_reason, i.reviewed_at, i.opened, i.version, i.created_at, i.updated_at"
#define ITEM_COLUMNS ITEM_FIELDS " FROM kb_items i"

static WccStoreKbItem *
read_item_row (sqlite3_stmt *stmt)
{
  WccStoreKbItem *item = g_new0 (WccStoreKbItem, 1);
  const char *keywords = (const char *) sqlite3_column_text (stmt, 4);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->client_id = sqlite3_column_int64 (stmt, 1);
  item->author_id = sqlite3_column_int64 (stmt, 2);
  item->question = wcc_store_column_strdup (stmt, 3);
  item->keywords = keywords != NULL && *keywords != '\0' ? g_strsplit (keywords, "\n", -1) : g_new0 (char *, 1);
  item->answer = wcc_store_column_strdup (stmt, 5);
  item->valid_until = sqlite3_column_int64 (stmt, 6);
  item->state = wcc_store_name_index (state_names, G_N_ELEMENTS (state_names), sqlite3_column_text (stmt, 7));
  item->reviewer_id = sqlite3_column_int64 (stmt, 8);
  item->review_reason = wcc_store_column_strdup (stmt, 9);
  item->reviewed_at = sqlite3_column_int64 (stmt, 10);
  item->opened = sqlite3_column_int64 (stmt, 11);
  item->version = sqlite3_column_int64 (stmt, 12);
  item->created_at = sqlite3_column_int64 (stmt, 13);
  item->updated_at = sqlite3_column_int64 (stmt, 14);
  item->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  item->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_kb_attachment_free);
  return item;
}

static WccStoreKbAttachment *
read_attachment_row (sqlite3_stmt *stmt)
{
  WccStoreKbAttachment *attachment = g_new0 (WccStoreKbAttachment, 1);

  attachment->id = sqlite3_column_int64 (stmt, 0);
  attachment->item_id = sqlite3_column_int64 (stmt, 1);
  attachment->name = wcc_store_column_strdup (stmt, 2);
  attachment->content_type = wcc_store_column_strdup (stmt, 3);
  attachment->size = sqlite3_column_int64 (stmt, 4);
  attachment->uploaded_by = sqlite3_column_int64 (stmt, 5);
  attachment->created_at = sqlite3_column_int64 (stmt, 6);
  return attachment;
}

#define ATTACHMENT_COLUMNS "id, item_id, name, content_type, size, uploaded_by, created_at FROM kb_attachments"

/* Fills the categories and attachments of @item. */
static WccStoreKbItem *
complete_item (WccStore       *self,
               WccStoreKbItem *item)
{
  sqlite3_stmt *stmt;

  stmt = wcc_store_prepare_bind (self, "SELECT category_id FROM kb_item_categories WHERE item_id = ?"
                                 " ORDER BY category_id;", "i", item->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (item->category_ids, id);
    }
  sqlite3_reset (stmt);
  stmt = wcc_store_prepare_bind (self, "SELECT " ATTACHMENT_COLUMNS " WHERE item_id = ? ORDER BY id;",
                                 "i", item->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (item->attachments, read_attachment_row (stmt));
  sqlite3_reset (stmt);
  return item;
}

/* Rows of @stmt (ITEM_COLUMNS first), completed. */
static GPtrArray *
read_items (WccStore     *self,
            sqlite3_stmt *stmt)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_kb_item_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, read_item_row (stmt));
  sqlite3_reset (stmt);
  for (guint i = 0; i < items->len; i++)
    complete_item (self, g_ptr_array_index (items, i));
  return items;
}

WccStoreKbItem *
wcc_store_kb_item_find (WccStore *self,
                        gint64    client_id,
                        gint64    item_id)
{
  WccStoreKbItem *item = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " ITEM_COLUMNS " WHERE i.client_id = ? AND i.id = ?;",
                                 "ii", client_id, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item = read_item_row (stmt);
  sqlite3_reset (stmt);
  return item != NULL ? complete_item (self, item) : NULL;
}

gint64
wcc_store_kb_item_create (WccStore             *self,
                          gint64                client_id,
                          gint64                author_id,
                          const WccStoreKbItem *item,
                          GError              **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *keywords = NULL;
  gboolean owned = FALSE, ok;
  gint64 id = 0;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);
  g_return_val_if_fail (item->keywords != NULL && item->category_ids != NULL, 0);

  keywords = g_strjoinv ("\n", item->keywords);
  if (!wcc_store_begin_unless_open (self, &owned, error))
    return 0;
  ok = wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO kb_items (client_id, author_id, question, keywords,"
                                                    " answer, valid_until, created_at, updated_at)"
                                                    " VALUES (?, nullif(?, 0), ?, ?, ?, nullif(?, 0), ?7, ?7);",
                                                    "iisssii", client_id, author_id, item->question, keywords,
                                                    item->answer, item->valid_until, now),
                            _("Cannot save the knowledge item"), error);
  if (ok)
    id = sqlite3_last_insert_rowid (wcc_store_get_db (self));
  for (guint i = 0; ok && i < item->category_ids->len; i++)
    {
      ok = wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "INSERT OR IGNORE INTO kb_item_categories (item_id, category_id)"
                                                        " SELECT ?, id FROM kb_categories WHERE client_id = ? AND id = ?;",
                                                        "iii", id, client_id,
                                                        g_array_index (item->category_ids, gint64, i)),
                                _("Cannot save the knowledge item"), error);
      if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0)
        ok = wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("“category_ids” names a category that does not exist"));
    }
  if (!wcc_store_finish_owned (self, owned, ok, error))
    return 0;
  return id;
}

GPtrArray *
wcc_store_kb_item_list (WccStore      *self,
                        gint64         client_id,
                        WccKbListKind  kind,
                        gint64         author_id,
                        gint64         category_id,
                        gint64         now,
                        guint          offset,
                        guint          limit)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  if (kind == WCC_KB_LIST_MINE)
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT " ITEM_COLUMNS " WHERE i.client_id = ? AND i.author_id = ?"
                                   " ORDER BY i.id DESC LIMIT ? OFFSET ?;",
                                   "iiii", client_id, author_id, (gint64) limit, (gint64) offset);
  else
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT " ITEM_COLUMNS " WHERE i.client_id = ?1 AND" ITEM_LIVE
                                   " AND (?2 = 0 OR i.id IN (SELECT item_id FROM kb_item_categories"
                                   "  WHERE category_id = ?2))"
                                   " ORDER BY CASE WHEN ?4 THEN i.opened ELSE i.reviewed_at END DESC, i.id DESC"
                                   " LIMIT ?5 OFFSET ?6;",
                                   "iiiiii", client_id, category_id, now, (gint64) (kind == WCC_KB_LIST_POPULAR),
                                   (gint64) limit, (gint64) offset);
  return read_items (self, stmt);
}

/* @text with CHAR_SEPARATOR between its characters. */
static char *
separate_characters (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) * 2);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (p != text)
        g_string_append (out, CHAR_SEPARATOR);
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* Puts the item in the search indexes when it is approved, takes it out otherwise. Inside
 * the caller's transaction. */
static gboolean
insert_texts (WccStore    *self,
              const char  *sql,
              gint64       item_id,
              char       **texts,
              GError     **error)
{
  return wcc_store_step_done (self, wcc_store_prepare_bind (self, sql, "issss", item_id, texts[0], texts[1], texts[2],
                                                            texts[3]),
                              _("Cannot index the knowledge item"), error);
}

static gboolean
reindex_item (WccStore *self,
              gint64    item_id,
              GError  **error)
{
  const char *what = _("Cannot index the knowledge item");
  char *texts[5] = { NULL };
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM kb_fts WHERE rowid = ?;", "i", item_id),
                            what, error) ||
      !wcc_store_step_done (self, wcc_store_prepare_bind (self, "DELETE FROM kb_chars WHERE rowid = ?;", "i", item_id),
                            what, error))
    return FALSE;
  stmt = wcc_store_prepare_bind (self,
                                 "SELECT question, keywords, answer,"
                                 " (SELECT coalesce(group_concat(name, char(10)), '') FROM kb_attachments"
                                 "  WHERE item_id = i.id)"
                                 " FROM kb_items i WHERE id = ? AND state = 'approved';", "i", item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < 4; i++)
      texts[i] = wcc_store_column_strdup (stmt, i);
  sqlite3_reset (stmt);
  if (texts[0] == NULL)
    return TRUE;
  ok = insert_texts (self, "INSERT INTO kb_fts (rowid, question, keywords, answer, files) VALUES (?, ?, ?, ?, ?);",
                     item_id, texts, error);
  for (guint i = 0; i < 4; i++)
    {
      char *separated = separate_characters (texts[i]);

      g_free (texts[i]);
      texts[i] = separated;
    }
  ok = ok && insert_texts (self, "INSERT INTO kb_chars (rowid, question, keywords, answer, files)"
                           " VALUES (?, ?, ?, ?, ?);", item_id, texts, error);
  for (guint i = 0; i < 4; i++)
    g_free (texts[i]);
  return ok;
}

gboolean
wcc_store_kb_item_review (WccStore    *self,
                          gint64       client_id,
                          gint64       item_id,
                          gint64       reviewer_id,
                          gboolean     approve,
                          const char  *reason,
                          gint64       expected_version,
                          GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(WccStoreKbItem) item = NULL;
  gboolean owned = FALSE, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "UPDATE kb_items SET state = ?, reviewer_id = nullif(?, 0),"
                                                    " review_reason = ?, reviewed_at = ?4, version = version + 1,"
                                                    " updated_at = ?4 WHERE client_id = ? AND id = ?"
                                                    " AND state = 'pending' AND (?7 = 0 OR version = ?7);",
                                                    "sisiiii", approve ? "approved" : "rejected", reviewer_id,
                                                    reason ? reason : "", now, client_id, item_id, expected_version),
                            _("Cannot save the review"), error);
  if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      item = wcc_store_kb_item_find (self, client_id, item_id);
      if (item == NULL)
        ok = wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such knowledge item"));
      else if (item->state != WCC_REVIEW_PENDING)
        ok = wcc_store_fail (error, WCC_ERROR_CONFLICT, _("The knowledge item has been reviewed already"));
      else
        ok = wcc_store_fail (error, WCC_ERROR_VERSION_CONFLICT, _("Someone else changed this record in the meantime"));
    }
  else if (ok)
    ok = reindex_item (self, item_id, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

/* ---- Attachments ---- */

gint64
wcc_store_kb_attachment_add (WccStore    *self,
                             gint64       client_id,
                             gint64       item_id,
                             const char  *name,
                             const char  *content_type,
                             gint64       size,
                             gint64       uploaded_by,
                             GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  /* Only while pending: what reviewers approved is what agents find. */
  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    "INSERT INTO kb_attachments (item_id, client_id, name, content_type,"
                                                    " size, uploaded_by, created_at)"
                                                    " SELECT id, client_id, ?3, ?4, ?5, nullif(?6, 0), ?7 FROM kb_items"
                                                    " WHERE client_id = ?1 AND id = ?2 AND state = 'pending'"
                                                    " AND (SELECT count(*) FROM kb_attachments WHERE item_id = ?2) < ?8;",
                                                    "iissiiii", client_id, item_id, name, content_type, size,
                                                    uploaded_by, now, (gint64) WCC_KB_MAX_ATTACHMENTS),
                            _("Cannot save the attachment"), error))
    return 0;
  if (sqlite3_changes (wcc_store_get_db (self)) == 0)
    {
      wcc_store_fail (error, WCC_ERROR_CONFLICT,
                      _("Files are added to a knowledge item before its review, at most 20 of them"));
      return 0;
    }
  return sqlite3_last_insert_rowid (wcc_store_get_db (self));
}

void
wcc_store_kb_attachment_remove (WccStore *self,
                                gint64    client_id,
                                gint64    attachment_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WCC_IS_STORE (self));

  if (!wcc_store_step_done (self,
                            wcc_store_prepare_bind (self, "DELETE FROM kb_attachments WHERE client_id = ? AND id = ?;",
                                                    "ii", client_id, attachment_id),
                            _("Cannot remove the attachment"), &error))
    g_warning ("%s", error->message);
}

WccStoreKbAttachment *
wcc_store_kb_attachment_find (WccStore *self,
                              gint64    client_id,
                              gint64    attachment_id)
{
  WccStoreKbAttachment *attachment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), NULL);

  stmt = wcc_store_prepare_bind (self, "SELECT " ATTACHMENT_COLUMNS " WHERE client_id = ? AND id = ?;",
                                 "ii", client_id, attachment_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    attachment = read_attachment_row (stmt);
  sqlite3_reset (stmt);
  return attachment;
}

/* ---- Search ---- */

/* @word as an FTS5 phrase: "…" with quotes doubled; @separated: its characters apart. */
static void
append_phrase (GString    *out,
               const char *word,
               gboolean    separated)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (separated && p != word)
        g_string_append_c (out, ' ');
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

/* Drops CHAR_SEPARATOR from a highlight of kb_chars. */
static char *
join_characters (char *text)
{
  char *out = text;

  for (const char *in = text; *in != '\0'; in++)
    if (*in != CHAR_SEPARATOR[0])
      *out++ = *in;
  *out = '\0';
  return text;
}

GPtrArray *
wcc_store_kb_search (WccStore   *self,
                     gint64      client_id,
                     const char *query,
                     gint64      category_id,
                     gint64      now,
                     guint       offset,
                     guint       limit)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_kb_hit_free);
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  gboolean short_word = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WCC_IS_STORE (self), hits);
  g_return_val_if_fail (query != NULL, hits);

  /* Words split at white space, the ideographic space (U+3000) too. */
  {
    g_autofree char *spaced = g_strdup (query);
    char *p;

    while ((p = strstr (spaced, "\u3000")) != NULL)
      memset (p, ' ', strlen ("\u3000"));
    words = g_strsplit_set (spaced, " \t\n\r", -1);
  }
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && g_utf8_strlen (words[i], -1) < 3)
      short_word = TRUE;
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      append_phrase (match, words[i], short_word);
  if (match->len == 0)
    return hits;

  /* Trigrams for words of three characters or more; the one-character index (each word a
   * phrase of its characters) when one is shorter, as trigrams cannot match it. Both are
   * index lookups joined to the client's live items, ranked by bm25 (a match in the
   * question weighs most, then keywords, file names, the answer). */
  if (!short_word)
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT " ITEM_FIELDS ", highlight(kb_fts, 0, char(2), char(3)),"
                                   " snippet(kb_fts, 2, char(2), char(3), '…', 16)"
                                   " FROM kb_items i JOIN kb_fts ON kb_fts.rowid = i.id"
                                   " WHERE kb_fts MATCH ?4 AND i.client_id = ?1 AND" ITEM_LIVE
                                   " AND (?2 = 0 OR i.id IN (SELECT item_id FROM kb_item_categories"
                                   "  WHERE category_id = ?2))"
                                   " ORDER BY bm25(kb_fts, 10.0, 5.0, 1.0, 2.0), i.id LIMIT ?5 OFFSET ?6;",
                                   "iiisii", client_id, category_id, now, match->str, (gint64) limit,
                                   (gint64) offset);
  else
    stmt = wcc_store_prepare_bind (self,
                                   "SELECT " ITEM_FIELDS ", highlight(kb_chars, 0, char(2), char(3)),"
                                   " snippet(kb_chars, 2, char(2), char(3), '…', 32)"
                                   " FROM kb_items i JOIN kb_chars ON kb_chars.rowid = i.id"
                                   " WHERE kb_chars MATCH ?4 AND i.client_id = ?1 AND" ITEM_LIVE
                                   " AND (?2 = 0 OR i.id IN (SELECT item_id FROM kb_item_categories"
                                   "  WHERE category_id = ?2))"
                                   " ORDER BY bm25(kb_chars, 10.0, 5.0, 1.0, 2.0), i.id LIMIT ?5 OFFSET ?6;",
                                   "iiisii", client_id, category_id, now, match->str, (gint64) limit,
                                   (gint64) offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      WccStoreKbHit *hit = g_new0 (WccStoreKbHit, 1);

      hit->item = read_item_row (stmt);
      hit->question = wcc_store_column_strdup (stmt, 15);
      hit->snippet = wcc_store_column_strdup (stmt, 16);
      if (short_word)
        {
          join_characters (hit->question);
          join_characters (hit->snippet);
        }
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < hits->len; i++)
    complete_item (self, ((WccStoreKbHit *) g_ptr_array_index (hits, i))->item);
  return hits;
}

/* ---- History ---- */

gboolean
wcc_store_kb_history_record (WccStore *self,
                             gint64    client_id,
                             gint64    user_id,
                             gint64    item_id,
                             gint64    now,
                             GError  **error)
{
  const char *what = _("Cannot keep the search history");
  gboolean owned = FALSE, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = wcc_store_step_done (self,
                            wcc_store_prepare_bind (self,
                                                    /* "popular" counts people, not clicks */
                                                    "UPDATE kb_items AS i SET opened = opened +"
                                                    " NOT EXISTS (SELECT 1 FROM kb_history h"
                                                    "  WHERE h.user_id = ?4 AND h.item_id = ?2)"
                                                    " WHERE i.client_id = ?1 AND i.id = ?2 AND" ITEM_LIVE ";",
                                                    "iiii", client_id, item_id, now, user_id),
                            what, error);
  if (ok && sqlite3_changes (wcc_store_get_db (self)) == 0)
    ok = wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such knowledge item"));
  if (ok)
    ok = wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "INSERT INTO kb_history (user_id, item_id, opened_at)"
                                                      " VALUES (?, ?, ?3) ON CONFLICT (user_id, item_id)"
                                                      " DO UPDATE SET opened_at = ?3;",
                                                      "iii", user_id, item_id, now),
                              what, error);
  return wcc_store_finish_owned (self, owned, ok, error);
}

GPtrArray *
wcc_store_kb_history_list (WccStore *self,
                           gint64    client_id,
                           gint64    user_id,
                           gint64    now,
                           guint     offset,
                           guint     limit,
                           GArray  **out_opened_at)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) wcc_store_kb_item_free);
  GArray *opened_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  stmt = wcc_store_prepare_bind (self,
                                 "SELECT " ITEM_FIELDS ", h.opened_at FROM kb_items i JOIN kb_history h ON h.item_id = i.id"
                                 " WHERE h.user_id = ?2 AND i.client_id = ?1 AND" ITEM_LIVE
                                 " ORDER BY h.opened_at DESC, i.id DESC LIMIT ?4 OFFSET ?5;",
                                 "iiiii", client_id, user_id, now, (gint64) limit, (gint64) offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 15);

      g_ptr_array_add (items, read_item_row (stmt));
      g_array_append_val (opened_at, at);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < items->len; i++)
    complete_item (self, g_ptr_array_index (items, i));
  if (out_opened_at != NULL)
    *out_opened_at = opened_at;
  else
    g_array_unref (opened_at);
  return items;
}
