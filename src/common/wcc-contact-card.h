/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-contact-card.h: softphone contacts in files: vCard (2.1, 3.0, 4.0 in, 3.0 out) and CSV. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A person as the files carry them: a name and the numbers to call. */
typedef struct {
  char  *name;
  GStrv  numbers;
} WccContactCard;

WccContactCard *wcc_contact_card_new  (const char         *name,
                                       const char *const  *numbers);
void            wcc_contact_card_free (WccContactCard     *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WccContactCard, wcc_contact_card_free)

/* Reads every card of a vCard file as phones and address books export them: folded lines,
 * quoted-printable with soft line breaks and CHARSET (vCard 2.1, Android), grouped
 * properties (item1.TEL, iOS), tel: URIs (vCard 4.0, Thunderbird); the name from FN, else
 * N, else ORG. Cards without a number are left out and counted in @n_skipped.
 * Returns a GPtrArray of WccContactCard, or NULL and WCC_ERROR_INVALID_FIELD naming the
 * line of the first fault: nothing of a bad file is returned. */
GPtrArray *wcc_vcard_parse           (const char  *text,
                                      gssize       length,
                                      guint       *n_skipped,
                                      GError     **error);
/* vCard 3.0 (FN, N, TEL), CRLF, lines folded at 75 octets. */
char      *wcc_vcard_write           (GPtrArray   *cards);

/* CSV with a "Name,Number" header, one number a row; rows with the same name make one
 * contact with several numbers. A first row without digits in its second field is taken
 * for a header. Errors as wcc_vcard_parse's. */
GPtrArray *wcc_contacts_csv_parse    (const char  *text,
                                      gssize       length,
                                      GError     **error);
char      *wcc_contacts_csv_write    (GPtrArray   *cards);

G_END_DECLS
