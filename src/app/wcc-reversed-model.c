/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reversed-model.c: a GListModel in the reverse order of another. */
#include "wcc-reversed-model.h"

struct _WccReversedModel
{
  GObject     parent_instance;
  GListModel *model;
  guint       n_items;   /* the model's, as last announced */
};

static void wcc_reversed_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WccReversedModel, wcc_reversed_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, wcc_reversed_model_list_init))

static GType
wcc_reversed_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (WCC_REVERSED_MODEL (list)->model);
}

static guint
wcc_reversed_model_get_n_items (GListModel *list)
{
  return WCC_REVERSED_MODEL (list)->n_items;
}

static gpointer
wcc_reversed_model_get_item (GListModel *list,
                             guint       position)
{
  WccReversedModel *self = WCC_REVERSED_MODEL (list);

  if (position >= self->n_items)
    return NULL;
  return g_list_model_get_item (self->model, self->n_items - 1 - position);
}

static void
wcc_reversed_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = wcc_reversed_model_get_item_type;
  iface->get_n_items = wcc_reversed_model_get_n_items;
  iface->get_item = wcc_reversed_model_get_item;
}

/* Items [@position, @position + @removed) of the model were replaced by @added: reversed,
 * the items after them come first, so the change starts where they end. */
static void
on_items_changed (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  WccReversedModel *self)
{
  guint start = self->n_items - position - removed;

  self->n_items = g_list_model_get_n_items (model);
  g_list_model_items_changed (G_LIST_MODEL (self), start, removed, added);
}

static void
wcc_reversed_model_dispose (GObject *object)
{
  WccReversedModel *self = WCC_REVERSED_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (wcc_reversed_model_parent_class)->dispose (object);
}

static void
wcc_reversed_model_class_init (WccReversedModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wcc_reversed_model_dispose;
}

static void
wcc_reversed_model_init (WccReversedModel *self)
{
}

WccReversedModel *
wcc_reversed_model_new (GListModel *model)
{
  WccReversedModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (WCC_TYPE_REVERSED_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}
