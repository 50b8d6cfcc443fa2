/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-test-util.h: what every test needs: a timeout guard, temp dirs, a real wcc-server. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Aborts the test (a failure, never a hang) when it runs longer than @seconds. */
void       wcc_test_guard_timeout   (guint        seconds);

/* A fresh temporary directory, removed recursively by wcc_test_remove_dir. */
char      *wcc_test_make_temp_dir   (void);
void       wcc_test_remove_dir      (const char  *path);
/* A throwaway certificate authority of one: a self-signed certificate for 127.0.0.1 (by name
 * and address) made with the openssl command, in the layout Sofia-SIP reads: agent.pem (key
 * and certificate) and cafile.pem (the same certificate, trusted). A temp dir. */
char      *wcc_test_make_certificate_dir (void);

/* A GSpawnChildSetupFunc: the child gets SIGTERM when the test process dies, so an aborted
 * test leaves no daemon behind. */
void       wcc_test_die_with_parent (gpointer    user_data);

/* Runs the main context until *@flag becomes TRUE or @timeout_ms passes (then fails, naming
 * @what: the condition and where the test waited for it). */
void       wcc_test_wait_for_what   (gboolean    *flag,
                                     guint        timeout_ms,
                                     const char  *what);
#define wcc_test_wait_for(flag, timeout_ms) \
  wcc_test_wait_for_what ((flag), (timeout_ms), G_STRLOC ": " #flag)

/* A real wcc-server process ($WCC_SERVER_BIN) on an ephemeral loopback port. */
typedef struct {
  GSubprocess *process;
  char        *data_dir;
  char        *base_url;   /* http://127.0.0.1:PORT */
  guint16      port;
  char        *sip_uri;    /* sip:127.0.0.1:PORT (UDP and TCP) */
  guint16      sip_port;
  GString     *output;     /* everything it printed before it listened */
  gboolean     owns_data_dir;
} WccTestServer;

/* Starts `wcc-server --listen 127.0.0.1:0 --sip 127.0.0.1:0 --data-dir DIR [extra_args…]` and waits until
 * it prints where it listens. @data_dir NULL makes a temp dir, removed at stop. */
WccTestServer *wcc_test_server_start (const char  *data_dir,
                                      const char * const *extra_args);
void           wcc_test_server_stop  (WccTestServer *server);

G_END_DECLS
