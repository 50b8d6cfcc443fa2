/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-store-checkpoint.c: WAL checkpoints on a thread of their own, so that the fsync they
 * need never stalls the server's main loop (it took 3–7 ms in the middle of call set-ups). */
#define _GNU_SOURCE  /* gettid () */
#define G_LOG_DOMAIN "wcc-store"

#include "wcc-store-private.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

/* Checkpoint early when the log passes this many pages (16 MiB with 4 KiB pages); else
 * every ten seconds. Fewer, larger checkpoints: each one's fsync disturbs the disk. */
#define CHECKPOINT_PAGES 4000
#define CHECKPOINT_INTERVAL_US (10 * G_USEC_PER_SEC)
/* Copies in a row to catch up with a writer that goes on committing. */
#define CHECKPOINT_CATCH_UP_ROUNDS 8

struct _WccStoreCheckpointer
{
  char    *path;
  GThread *thread;
  GMutex   lock;
  GCond    cond;
  gboolean stop;
  gboolean wanted;
  guint    done;    /* checkpoints run; read under the lock */
  /* The committing thread's own: the log's length when it last asked for a checkpoint. */
  int      asked_at;
  int      last_pages;
};

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  WccStoreCheckpointer *self = data;

  /* A shorter log: it started again from the top after a checkpoint. */
  if (pages < self->last_pages)
    self->asked_at = 0;
  self->last_pages = pages;
  /* Ask once per CHECKPOINT_PAGES of growth, not on every commit past the mark: a log
   * that cannot restart yet (a reader on it) would otherwise keep the thread copying
   * without end, and the writer waiting on it. */
  if (pages - self->asked_at >= CHECKPOINT_PAGES)
    {
      self->asked_at = pages;
      g_mutex_lock (&self->lock);
      self->wanted = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  return SQLITE_OK;
}

static gpointer
run (gpointer data)
{
  WccStoreCheckpointer *self = data;
  sqlite3 *db = NULL;
  gboolean stop = FALSE;

  /* Less urgent than the main loop: on a core shared with it, copying 16 MiB of log must
   * not take the core from a call being routed (Linux nice is per thread). Not the least
   * urgent: at nice 19 a main loop that kept its core busy left it ~1.5 % of it and the
   * log grew to 465 MiB (bench/customers.sh); at 10 it keeps about a tenth. */
  if (setpriority (PRIO_PROCESS, gettid (), 10) != 0)
    g_debug ("Cannot lower the checkpoint thread's priority: %s", g_strerror (errno));
  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_warning ("Cannot open %s for checkpoints: %s", self->path, db ? sqlite3_errmsg (db) : "");
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 1000);
  while (!stop)
    {
      gint64 until = g_get_monotonic_time () + CHECKPOINT_INTERVAL_US;

      g_mutex_lock (&self->lock);
      while (!self->stop && !self->wanted)
        if (!g_cond_wait_until (&self->cond, &self->lock, until))
          break;
      self->wanted = FALSE;
      stop = self->stop;
      g_mutex_unlock (&self->lock);

      /* PASSIVE: copies what no reader needs and never waits for the writer. The log
       * starts again from the top only once a checkpoint copied all of it: under steady
       * writes the frames committed during a copy are left, so copy again at once while
       * some are (each round is shorter); else the log grew without end and every page
       * read searched it (bench/customers.sh: 180 MiB after 14,000 saves). */
      for (int round = 0; round < CHECKPOINT_CATCH_UP_ROUNDS; round++)
        {
          int log = 0, copied = 0;

          if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) != SQLITE_OK ||
              copied >= log)
            break;
        }
      g_mutex_lock (&self->lock);
      self->done++;
      g_mutex_unlock (&self->lock);
    }
  sqlite3_close_v2 (db);
  return NULL;
}

WccStoreCheckpointer *
wcc_store_checkpointer_start (sqlite3    *db,
                              const char *path)
{
  WccStoreCheckpointer *self = g_new0 (WccStoreCheckpointer, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* The main connection never checkpoints by itself any more. */
  sqlite3_wal_autocheckpoint (db, 0);
  sqlite3_wal_hook (db, on_wal_commit, self);
  self->thread = g_thread_new ("wcc-checkpoint", run, self);
  return self;
}

void
wcc_store_checkpointer_stop (WccStoreCheckpointer *self,
                             sqlite3              *db)
{
  if (self == NULL)
    return;
  sqlite3_wal_hook (db, NULL, NULL);
  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}

guint
wcc_store_checkpointer_count (WccStoreCheckpointer *self)
{
  guint done;

  g_mutex_lock (&self->lock);
  done = self->done;
  g_mutex_unlock (&self->lock);
  return done;
}
