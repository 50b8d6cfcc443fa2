/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-reversed-model.h: a GListModel in the reverse order of another, so a newest-first
 * history (WccPagedList) shows oldest at the top: a view scrolled up asks for the model's
 * last items, and the paged list loads older pages by itself. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WCC_TYPE_REVERSED_MODEL (wcc_reversed_model_get_type ())
G_DECLARE_FINAL_TYPE (WccReversedModel, wcc_reversed_model, WCC, REVERSED_MODEL, GObject)

WccReversedModel *wcc_reversed_model_new (GListModel *model);

G_END_DECLS
