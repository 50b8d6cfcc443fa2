/* SPDX-License-Identifier: GPL-3.0-or-later */
/* first-window.c: runs a program and says how long after its exec its first N top-level
 * windows were mapped, from the X server's own MapNotify events (no polling). Built by
 * bench/app-idle.sh with `cc … $(pkg-config --cflags --libs x11)`.
 *
 *   first-window [-n N] [-t TIMEOUT-SECONDS] [-o LOG] -- PROGRAM [ARG…]
 *
 * Prints "PID SECONDS…", one time per window ("timeout" for one that did not come) and exits,
 * leaving the program running: the caller measures it further and stops it. Without a
 * window manager, top-level windows are the root window's children, so the root's
 * SubstructureNotify events show every map; override-redirect windows (menus, popovers,
 * tooltips) are not counted. The program's output goes to LOG (default /dev/null), never to
 * our standard output, so `$(first-window …)` returns as soon as the windows are up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <X11/Xlib.h>

static double
seconds_since (const struct timespec *start)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  int wanted = 1, mapped = 0, opt;
  double timeout = 60;
  const char *log = "/dev/null";
  struct timespec start;
  Display *display;
  Window root;
  pid_t pid;

  while ((opt = getopt (argc, argv, "n:t:o:")) != -1)
    switch (opt)
      {
      case 'n': wanted = atoi (optarg); break;
      case 't': timeout = atof (optarg); break;
      case 'o': log = optarg; break;
      default: return 2;
      }
  if (optind >= argc || wanted < 1)
    {
      fprintf (stderr, "usage: first-window [-n N] [-t SECONDS] [-o LOG] -- PROGRAM [ARG…]\n");
      return 2;
    }
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "first-window: cannot open display\n");
      return 1;
    }
  root = DefaultRootWindow (display);
  /* Listening before the fork, so no map can come before we watch. */
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  fflush (stdout);
  clock_gettime (CLOCK_MONOTONIC, &start);
  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int out = open (log, O_WRONLY | O_CREAT | O_APPEND, 0644);

      close (ConnectionNumber (display));
      if (out < 0)
        _exit (126);
      dup2 (out, STDOUT_FILENO);
      dup2 (out, STDERR_FILENO);
      close (out);
      setpgid (0, 0);   /* its own group: the caller can stop it with its helpers */
      execvp (argv[optind], argv + optind);
      perror ("first-window: exec");
      _exit (127);
    }

  for (;;)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      double left = timeout - seconds_since (&start);

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && event.xmap.event == root &&
              !event.xmap.override_redirect)
            {
              if (mapped++ == 0)
                printf ("%d", (int) pid);
              printf (" %.3f", seconds_since (&start));
              if (mapped == wanted)
                {
                  printf ("\n");
                  return 0;
                }
            }
        }
      if (left <= 0)
        break;
      poll (&pfd, 1, (int) (left * 1000) + 1);
    }
  if (mapped == 0)
    printf ("%d", (int) pid);
  for (; mapped < wanted; mapped++)
    printf (" timeout");
  printf ("\n");
  return 0;
}
