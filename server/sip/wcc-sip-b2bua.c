/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-sip-b2bua.c: the back-to-back user agent: every call passes the server as two legs. */
#define G_LOG_DOMAIN "wcc-sip"

#include "config.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>

#include "wcc-sip-private.h"

struct _WccSipB2bua
{
  WccSipServer *server;   /* owns us */
};

WccSipB2bua *
wcc_sip_b2bua_new (WccSipServer *server)
{
  WccSipB2bua *self = g_new0 (WccSipB2bua, 1);

  self->server = server;
  return self;
}

void
wcc_sip_b2bua_free (WccSipB2bua *self)
{
  g_free (self);
}

void
wcc_sip_b2bua_handle (WccSipB2bua  *self,
                      nua_event_t   event,
                      int           status,
                      const char   *phrase,
                      nua_handle_t *nh,
                      nua_hmagic_t *hmagic,
                      const sip_t  *sip,
                      tagi_t        tags[])
{
  nua_t *nua = wcc_sip_server_get_nua (self->server);

  switch (event)
    {
    case nua_i_invite:
      nua_respond (nh, 503, sip_503_Service_unavailable, NUTAG_WITH_THIS (nua), TAG_END ());
      nua_handle_destroy (nh);
      break;
    case nua_i_options:
      break;
    default:
      if (nh != NULL && hmagic == NULL && event != nua_r_set_params && event != nua_i_outbound)
        nua_handle_destroy (nh);
      break;
    }
}
