#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# keyring-run.sh: runs a test in its own D-Bus session with an empty, unlocked keyring
# (gnome-keyring-daemon, secrets only), in a temporary XDG_DATA_HOME / XDG_RUNTIME_DIR.
set -u
tmp=$(mktemp -d)
mkdir -m 700 "$tmp/run" "$tmp/data"
XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" dbus-run-session -- sh -c \
  'echo -n wcc-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' \
  keyring-run "$@"
status=$?
rm -rf "$tmp"
exit $status
