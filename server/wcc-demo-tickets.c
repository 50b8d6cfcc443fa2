/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-demo-tickets.c: the demo client's ticket categories, statuses and results. */
#define G_LOG_DOMAIN "wcc-demo"

#include "wcc-demo.h"

typedef struct {
  WccTicketChoiceKind  kind;
  const char          *label;
} DemoChoice;

/* Labels are data of the demo client, like its call results. */
static const DemoChoice demo_choices[] = {
  { WCC_TICKET_CATEGORY, "Inquiry" },
  { WCC_TICKET_CATEGORY, "Complaint" },
  { WCC_TICKET_CATEGORY, "Order change" },
  { WCC_TICKET_CATEGORY, "Technical support" },
  { WCC_TICKET_STATUS, "New" },
  { WCC_TICKET_STATUS, "In progress" },
  { WCC_TICKET_STATUS, "Waiting for customer" },
  { WCC_TICKET_RESULT, "Resolved" },
  { WCC_TICKET_RESULT, "Not resolved" },
  { WCC_TICKET_RESULT, "Duplicate" },
};

gboolean
wcc_demo_ensure_ticket_choices (WccStore  *store,
                                gint64     client_id,
                                GError   **error)
{
  g_return_val_if_fail (WCC_IS_STORE (store), FALSE);

  for (guint kind = 0; kind < WCC_TICKET_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) existing = wcc_store_ticket_choice_list (store, client_id, kind, FALSE);

      if (existing->len > 0)
        return TRUE;
    }
  if (!wcc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_choices); i++)
    {
      WccStoreTicketChoice choice = { .client_id = client_id, .kind = demo_choices[i].kind,
                                      .label = (char *) demo_choices[i].label, .position = (int) i,
                                      .active = TRUE };

      if (wcc_store_ticket_choice_create (store, &choice, error) == 0)
        {
          wcc_store_rollback (store);
          return FALSE;
        }
    }
  return wcc_store_commit (store, error);
}
