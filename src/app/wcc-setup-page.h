/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-setup-page.h: the client admin's Set-up page (R5, issue 9): a sidebar of sections —
 * customer import, packages, tasks, call results, tags, questionnaires — over the set-up
 * API; other features add theirs with wcc_setup_page_add_section(). */
#pragma once

#include <adwaita.h>

#include "wcc-api.h"

G_BEGIN_DECLS

#define WCC_TYPE_SETUP_PAGE (wcc_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (WccSetupPage, wcc_setup_page, WCC, SETUP_PAGE, AdwBin)

/* Signal "toast" (const char *message): a short note for the window's toast overlay. */

/* Builds the page's own sections for @session's user (a client admin) and loads them. */
void        wcc_setup_page_set_session   (WccSetupPage *self,
                                          WccSession   *session);
/* The session the sections use (NULL before wcc_setup_page_set_session()). */
WccSession *wcc_setup_page_get_session   (WccSetupPage *self);
/* Adds @section (its own widget, set up by the caller) to the sidebar as @title; @name
 * identifies it (wcc_setup_page_show_section()) and becomes its widget name. */
void        wcc_setup_page_add_section   (WccSetupPage *self,
                                          GtkWidget    *section,
                                          const char   *name,
                                          const char   *title);
void        wcc_setup_page_show_section  (WccSetupPage *self,
                                          const char   *name);
/* The section added as @name, or NULL. */
GtkWidget  *wcc_setup_page_get_section   (WccSetupPage *self,
                                          const char   *name);

G_END_DECLS
