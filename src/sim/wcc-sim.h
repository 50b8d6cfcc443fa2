/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sim.h: the command-line phone's logic: options, calls placed or answered, expectations. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WCC_SIM_ERROR (wcc_sim_error_quark ())

typedef enum {
  WCC_SIM_ERROR_SETUP,        /* the phone could not start or register */
  WCC_SIM_ERROR_EXPECTATION,  /* a call, tone, digit or transfer did not happen as asked */
} WccSimError;

GQuark wcc_sim_error_quark (void);

#define WCC_TYPE_SIM (wcc_sim_get_type ())
G_DECLARE_FINAL_TYPE (WccSim, wcc_sim, WCC, SIM, GObject)

/* Parses the command line (consuming what it knows); G_OPTION_ERROR with a one-line
 * message for a bad or contradictory option. */
WccSim   *wcc_sim_new_from_args (int                  *argc,
                                 char               ***argv,
                                 GError              **error);
/* Starts the phone, registers, places or answers calls as asked, and completes once the
 * calls are over and the phone has shut down: FALSE (WCC_SIM_ERROR) when an expectation
 * failed. Events go to stdout as they happen. */
void      wcc_sim_run_async     (WccSim               *self,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
gboolean  wcc_sim_run_finish    (WccSim               *self,
                                 GAsyncResult         *result,
                                 GError              **error);
/* SIGINT/SIGTERM: hangs up what is going on and shuts down (with a deadline). */
void      wcc_sim_stop          (WccSim               *self);

G_END_DECLS
