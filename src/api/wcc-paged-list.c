/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-paged-list.c: a cursor-paged list of the server API as a GListModel of WccRecord. */
#define G_LOG_DOMAIN "wcc-paged-list"

#include "config.h"

#include <glib/gi18n.h>

#include "wcc-error.h"
#include "wcc-paged-list.h"

#define DEFAULT_PAGE_SIZE 100
#define MAX_PAGE_SIZE     200

enum {
  PROP_0,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _WccPagedList
{
  GObject       parent_instance;

  WccClient    *client;
  char         *path;
  GTree        *params;        /* name → value, sorted so the query reads the same each time */
  guint         page_size;

  GPtrArray    *items;         /* WccRecord */
  char         *next;          /* cursor of the next page, NULL at the end */
  gboolean      loaded_once;
  gboolean      reloading;     /* the request in flight replaces the items (a first page, a batch) */
  gboolean      batches;       /* one page at a time: a view reaching the end loads nothing */
  GCancellable *cancellable;   /* of the request in flight, NULL when none */
  GError       *error;
  guint         load_idle_id;
  guint         reload_idle_id;
};

static void wcc_paged_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccPagedList, wcc_paged_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_paged_list_model_init))

static void start_load (WccPagedList *self,
                        gboolean      first_page,
                        gboolean      replace);

static GType
wcc_paged_list_get_item_type (GListModel *model)
{
  return WCC_TYPE_RECORD;
}

static guint
wcc_paged_list_get_n_items (GListModel *model)
{
  return WCC_PAGED_LIST (model)->items->len;
}

static gboolean
on_load_idle (gpointer user_data)
{
  WccPagedList *self = user_data;

  self->load_idle_id = 0;
  wcc_paged_list_load_more (self);
  return G_SOURCE_REMOVE;
}

static gpointer
wcc_paged_list_get_item (GListModel *model,
                         guint       position)
{
  WccPagedList *self = WCC_PAGED_LIST (model);

  if (position >= self->items->len)
    return NULL;

  /* A view reaching the last quarter of a page asks for the next one, from an idle: this
   * runs while GTK measures rows, where the model must not change. */
  if (!self->batches && self->next != NULL && self->cancellable == NULL && self->error == NULL &&
      self->load_idle_id == 0 && position + self->page_size / 4 >= self->items->len)
    self->load_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_load_idle, self, NULL);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
wcc_paged_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wcc_paged_list_get_item_type;
  iface->get_n_items = wcc_paged_list_get_n_items;
  iface->get_item = wcc_paged_list_get_item;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (a, b);
}

static gboolean
append_param (gpointer key,
              gpointer value,
              gpointer user_data)
{
  GString *query = user_data;
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (query, "&%s=%s", (const char *) key, escaped);
  return FALSE;
}

static char *
build_page_path (WccPagedList *self,
                 gboolean      first_page)
{
  GString *path = g_string_new (self->path);

  g_string_append_printf (path, "?limit=%u", self->page_size);
  g_tree_foreach (self->params, append_param, path);
  if (!first_page && self->next != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->next, NULL, FALSE);
      g_string_append_printf (path, "&after=%s", escaped);
    }
  return g_string_free (path, FALSE);
}

static void
set_loading (WccPagedList *self,
             GCancellable *cancellable)
{
  gboolean was_loading = self->cancellable != NULL;

  g_clear_object (&self->cancellable);
  self->cancellable = cancellable;
  if (was_loading != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_next (WccPagedList *self,
          const char   *next)
{
  gboolean had_more = self->next != NULL;

  g_free (self->next);
  self->next = g_strdup (next);
  if (had_more != (next != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

static void
on_page_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WccPagedList) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *items = NULL;
  JsonNode *next;
  guint position;
  guint removed = 0;

  answer = wcc_client_get_object_finish (WCC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a reload replaced this request, or the list went away */

  if (answer != NULL)
    {
      JsonNode *node = json_object_get_member (answer, "items");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        items = json_node_get_array (node);
      else
        g_set_error (&error, WCC_ERROR, WCC_ERROR_PROTOCOL,
                     _("The server sent a list without items"));
    }

  set_loading (self, NULL);
  if (error != NULL)
    {
      g_debug ("Could not load %s: %s", self->path, error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      /* notify through loading: a view shows the error when loading stops */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }
  g_clear_error (&self->error);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (page, wcc_record_new (json_node_get_object (node)));
    }

  next = json_object_get_member (answer, "next");
  set_next (self, next != NULL && JSON_NODE_HOLDS_VALUE (next) &&
                  json_node_get_value_type (next) == G_TYPE_STRING ? json_node_get_string (next) : NULL);

  if (self->reloading)
    {
      removed = self->items->len;
      g_ptr_array_set_size (self->items, 0);
      self->reloading = FALSE;
    }
  position = self->items->len;
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&page));
  self->loaded_once = TRUE;
  if (removed > 0 || self->items->len > position)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed,
                                  self->items->len - position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
start_load (WccPagedList *self,
            gboolean      first_page,
            gboolean      replace)
{
  g_autofree char *path = NULL;
  GCancellable *cancellable;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  path = build_page_path (self, first_page);
  self->reloading = replace;
  cancellable = g_cancellable_new ();
  set_loading (self, cancellable);
  wcc_client_get_object_async (self->client, path, cancellable, on_page_loaded, g_object_ref (self));
}

static gboolean
on_reload_idle (gpointer user_data)
{
  WccPagedList *self = user_data;

  self->reload_idle_id = 0;
  wcc_paged_list_reload (self);
  return G_SOURCE_REMOVE;
}

static void
wcc_paged_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WccPagedList *self = WCC_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, wcc_paged_list_get_loading (self));
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, wcc_paged_list_get_has_more (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wcc_paged_list_dispose (GObject *object)
{
  WccPagedList *self = WCC_PAGED_LIST (object);

  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wcc_paged_list_parent_class)->dispose (object);
}

static void
wcc_paged_list_finalize (GObject *object)
{
  WccPagedList *self = WCC_PAGED_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->params, g_tree_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->next, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (wcc_paged_list_parent_class)->finalize (object);
}

static void
wcc_paged_list_class_init (WccPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = wcc_paged_list_get_property;
  object_class->dispose = wcc_paged_list_dispose;
  object_class->finalize = wcc_paged_list_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wcc_paged_list_init (WccPagedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->params = g_tree_new_full (compare_names, NULL, g_free, g_free);
  self->page_size = DEFAULT_PAGE_SIZE;
}

WccPagedList *
wcc_paged_list_new (WccClient  *client,
                    const char *path)
{
  WccPagedList *self;

  g_return_val_if_fail (WCC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/' && strchr (path, '?') == NULL, NULL);

  self = g_object_new (WCC_TYPE_PAGED_LIST, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  return self;
}

const char *
wcc_paged_list_get_path (WccPagedList *self)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), NULL);
  return self->path;
}

void
wcc_paged_list_set_param (WccPagedList *self,
                          const char   *name,
                          const char   *value)
{
  const char *old;

  g_return_if_fail (WCC_IS_PAGED_LIST (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value != NULL && *value == '\0')
    value = NULL;
  old = g_tree_lookup (self->params, name);
  if (g_strcmp0 (old, value) == 0)
    return;
  if (value == NULL)
    g_tree_remove (self->params, name);
  else
    g_tree_insert (self->params, g_strdup (name), g_strdup (value));

  if (self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_reload_idle, self, NULL);
}

const char *
wcc_paged_list_get_param (WccPagedList *self,
                          const char   *name)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), NULL);
  return g_tree_lookup (self->params, name);
}

void
wcc_paged_list_set_page_size (WccPagedList *self,
                              guint         page_size)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));
  self->page_size = CLAMP (page_size, 1, MAX_PAGE_SIZE);
}

void
wcc_paged_list_reload (WccPagedList *self)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  start_load (self, TRUE, TRUE);
}

void
wcc_paged_list_load_more (WccPagedList *self)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));

  if (self->cancellable != NULL)
    return;   /* a page is on its way */
  if (!self->loaded_once || (self->error != NULL && self->items->len == 0))
    {
      start_load (self, TRUE, TRUE);
      return;
    }
  if (self->next != NULL)
    start_load (self, FALSE, self->batches);
}

void
wcc_paged_list_set_batches (WccPagedList *self,
                            gboolean      batches)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));
  self->batches = !!batches;
}

gboolean
wcc_paged_list_get_batches (WccPagedList *self)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), FALSE);
  return self->batches;
}

void
wcc_paged_list_next_batch (WccPagedList *self)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  /* After the last page comes the first again. */
  start_load (self, !self->loaded_once || self->next == NULL, TRUE);
}

gboolean
wcc_paged_list_get_loading (WccPagedList *self)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
wcc_paged_list_get_has_more (WccPagedList *self)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), FALSE);
  return self->next != NULL;
}

const GError *
wcc_paged_list_get_error (WccPagedList *self)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), NULL);
  return self->error;
}

WccRecord *
wcc_paged_list_find (WccPagedList *self,
                     gint64        id,
                     guint        *out_position)
{
  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      WccRecord *record = g_ptr_array_index (self->items, i);

      if (wcc_record_get_id (record) == id)
        {
          if (out_position != NULL)
            *out_position = i;
          return record;
        }
    }
  return NULL;
}

gboolean
wcc_paged_list_update (WccPagedList *self,
                       JsonObject   *data)
{
  WccRecord *record;

  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  record = wcc_paged_list_find (self, json_object_get_int_member_with_default (data, "id", 0), NULL);
  if (record == NULL)
    return FALSE;
  wcc_record_update (record, data);
  return TRUE;
}

void
wcc_paged_list_prepend (WccPagedList *self,
                        JsonObject   *data)
{
  g_return_if_fail (WCC_IS_PAGED_LIST (self));
  g_return_if_fail (data != NULL);

  if (wcc_paged_list_update (self, data))
    return;
  g_ptr_array_insert (self->items, 0, wcc_record_new (data));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
wcc_paged_list_remove (WccPagedList *self,
                       gint64        id)
{
  guint position;

  g_return_val_if_fail (WCC_IS_PAGED_LIST (self), FALSE);

  if (wcc_paged_list_find (self, id, &position) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}
