/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-admin.c: the store's queries for the client admin's set-up of people and
 * queues: user edits, groups and members, pause reasons (issue 9). */
#define G_LOG_DOMAIN "wcc-store"

#include <glib/gi18n-lib.h>

#include "wcc-store-admin.h"
#include "wcc-store-private.h"

gboolean
wcc_store_user_edit (WccStore            *self,
                     const WccStoreUser  *user,
                     gint64               expected_version,
                     GError             **error)
{
  g_autofree char *roles = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  roles = wcc_roles_to_csv (user->roles);
  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE users SET surname = ?, given_name = ?, roles = ?,"
                                                        " disabled = ?, version = version + 1, updated_at = ?"
                                                        " WHERE client_id = ?6 AND id = ?7 AND (?8 = 0 OR version = ?8);",
                                                        "sssiiiii", user->surname, user->given_name, roles,
                                                        (gint64) (user->disabled ? 1 : 0),
                                                        g_get_real_time () / G_USEC_PER_SEC,
                                                        user->client_id, user->id, expected_version),
                                "SELECT 1 FROM users WHERE client_id = ? AND id = ?;",
                                user->client_id, user->id, expected_version, _("No such user"), error);
}

/* Groups */

gboolean
wcc_store_group_rename (WccStore    *self,
                        gint64       client_id,
                        gint64       group_id,
                        const char  *name,
                        gint64       expected_version,
                        GError     **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE agent_groups SET name = ?, version = version + 1"
                                                        " WHERE client_id = ?2 AND id = ?3 AND (?4 = 0 OR version = ?4);",
                                                        "siii", name, client_id, group_id, expected_version),
                                "SELECT 1 FROM agent_groups WHERE client_id = ? AND id = ?;",
                                client_id, group_id, expected_version, _("No such group"), error);
}

gboolean
wcc_store_group_check_unused (WccStore  *self,
                              gint64     client_id,
                              gint64     group_id,
                              GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (wcc_store_query_int (self,
                           wcc_store_prepare_bind (self,
                                                   "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = ?1)"
                                                   " OR EXISTS (SELECT 1 FROM task_groups WHERE group_id = ?1)"
                                                   " FROM agent_groups WHERE client_id = ?2 AND id = ?1;",
                                                   "ii", group_id, client_id), 0))
    return wcc_store_fail (error, WCC_ERROR_CONFLICT, _("The group has members or tasks: it cannot be deleted"));
  return TRUE;
}

gboolean
wcc_store_group_delete (WccStore  *self,
                        gint64     client_id,
                        gint64     group_id,
                        GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_group_check_unused (self, client_id, group_id, error))
    return FALSE;
  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM agent_groups WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, group_id),
                                _("No such group"), error);
}

gboolean
wcc_store_group_set_members (WccStore        *self,
                             gint64           client_id,
                             gint64           group_id,
                             const gint64    *user_ids,
                             const gboolean  *leaders,
                             guint            n_members,
                             gint64           expected_version,
                             GError         **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  ok = wcc_store_step_update (self,
                              wcc_store_prepare_bind (self,
                                                      "UPDATE agent_groups SET version = version + 1"
                                                      " WHERE client_id = ?1 AND id = ?2 AND (?3 = 0 OR version = ?3);",
                                                      "iii", client_id, group_id, expected_version),
                              "SELECT 1 FROM agent_groups WHERE client_id = ? AND id = ?;",
                              client_id, group_id, expected_version, _("No such group"), error);
  /* Those who stay keep their sign-ins (agent_sign_ins cascades from group_members). */
  for (guint i = 0; ok && i < n_members; i++)
    {
      gint64 roles_ok;

      if (!wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM users WHERE client_id = ? AND id = ?;",
                                                              "ii", client_id, user_ids[i]), 0))
        {
          g_set_error (error, WCC_ERROR, WCC_ERROR_INVALID_FIELD, _("“members” names a user that does not exist: %lld"),
                       (long long) user_ids[i]);
          ok = FALSE;
          break;
        }
      ok = wcc_store_group_add_member (self, client_id, group_id, user_ids[i], leaders[i], error);
      roles_ok = !leaders[i] || wcc_store_query_int (self,
                                                    wcc_store_prepare_bind (self, "SELECT instr(roles, 'leader') > 0"
                                                                            " FROM users WHERE id = ?;", "i", user_ids[i]), 0);
      if (ok && !roles_ok)
        {
          g_autoptr(WccStoreUser) user = wcc_store_user_find (self, client_id, user_ids[i]);
          ok = wcc_store_user_set_roles (self, client_id, user_ids[i], user->roles | WCC_ROLE_LEADER, error);
        }
    }
  if (ok)
    {
      g_autoptr(GString) keep = g_string_new ("[");

      for (guint i = 0; i < n_members; i++)
        g_string_append_printf (keep, "%s%" G_GINT64_FORMAT, i ? "," : "", user_ids[i]);
      g_string_append_c (keep, ']');
      ok = wcc_store_step_done (self,
                                wcc_store_prepare_bind (self,
                                                        "DELETE FROM group_members WHERE group_id = ?"
                                                        " AND user_id NOT IN (SELECT value FROM json_each(?));",
                                                        "is", group_id, keep->str),
                                _("Cannot change the group's members"), error);
    }
  return wcc_store_finish_owned (self, owned, ok, error);
}

/* Pause reasons */

int
wcc_store_pause_reason_next_position (WccStore *self,
                                      gint64    client_id)
{
  g_return_val_if_fail (WCC_IS_STORE (self), 0);

  return (int) wcc_store_query_int (self,
                                    wcc_store_prepare_bind (self,
                                                            "SELECT coalesce(max(position), 0) + 1 FROM pause_reasons"
                                                            " WHERE client_id = ? AND automatic = 0;",
                                                            "i", client_id), 1);
}

gboolean
wcc_store_pause_reason_update (WccStore                   *self,
                               const WccStorePauseReason  *reason,
                               gint64                      expected_version,
                               GError                    **error)
{
  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL && reason->label != NULL, FALSE);

  return wcc_store_step_update (self,
                                wcc_store_prepare_bind (self,
                                                        "UPDATE pause_reasons SET label = ?, position = ?, version = version + 1"
                                                        " WHERE client_id = ?3 AND id = ?4 AND (?5 = 0 OR version = ?5);",
                                                        "siiii", reason->label, (gint64) reason->position,
                                                        reason->client_id, reason->id, expected_version),
                                "SELECT 1 FROM pause_reasons WHERE client_id = ? AND id = ?;",
                                reason->client_id, reason->id, expected_version, _("No such pause reason"), error);
}

gboolean
wcc_store_pause_reason_delete (WccStore  *self,
                               gint64     client_id,
                               gint64     reason_id,
                               GError   **error)
{
  g_autoptr(WccStorePauseReason) reason = NULL;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  reason = wcc_store_pause_reason_find (self, client_id, reason_id);
  if (reason == NULL)
    return wcc_store_fail (error, WCC_ERROR_NOT_FOUND, _("No such pause reason"));
  if (reason->automatic)
    return wcc_store_fail (error, WCC_ERROR_CONFLICT,
                           _("The automatic pause reason is the server's own: it cannot be deleted"));
  if (wcc_store_query_int (self, wcc_store_prepare_bind (self, "SELECT 1 FROM agent_status WHERE pause_reason_id = ?;",
                                                         "i", reason_id), 0))
    return wcc_store_fail (error, WCC_ERROR_CONFLICT, _("An agent is paused for this reason: it cannot be deleted now"));
  return wcc_store_step_delete (self,
                                wcc_store_prepare_bind (self, "DELETE FROM pause_reasons WHERE client_id = ? AND id = ?;",
                                                        "ii", client_id, reason_id),
                                _("No such pause reason"), error);
}

gboolean
wcc_store_pause_reason_reorder (WccStore      *self,
                                gint64         client_id,
                                const gint64  *ids,
                                guint          n_ids,
                                GError       **error)
{
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean owned, ok = TRUE;

  g_return_val_if_fail (WCC_IS_STORE (self), FALSE);

  reasons = wcc_store_pause_reason_list (self, client_id);
  for (guint i = 0; i < n_ids; i++)
    g_hash_table_add (seen, (gpointer) &ids[i]);
  ok = n_ids == reasons->len && g_hash_table_size (seen) == n_ids;
  for (guint i = 0; ok && i < reasons->len; i++)
    ok = g_hash_table_contains (seen, &((WccStorePauseReason *) g_ptr_array_index (reasons, i))->id);
  if (!ok)
    return wcc_store_fail (error, WCC_ERROR_INVALID_FIELD, _("“ids” must list every pause reason of the client once"));
  if (!wcc_store_begin_unless_open (self, &owned, error))
    return FALSE;
  for (guint i = 0; ok && i < n_ids; i++)
    ok = wcc_store_step_done (self,
                              wcc_store_prepare_bind (self,
                                                      "UPDATE pause_reasons SET position = ?, version = version + 1"
                                                      " WHERE client_id = ? AND id = ? AND position <> ?1;",
                                                      "iii", (gint64) (i + 1) * 10, client_id, ids[i]),
                              _("Cannot change the order of the pause reasons"), error);
  return wcc_store_finish_owned (self, owned, ok, error);
}
