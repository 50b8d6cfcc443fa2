#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-agent-cli.sh WCC-AGENT: the program's own command line: --version and --help exit 0
# (with GLib's default slice allocator, which a Sofia-SIP bug made abort at exit), and a
# start without a display stops at once with one clear line instead of GTK's complaints.
set -u
agent=$1
unset G_SLICE
fail () { echo "not ok - $*"; exit 1; }

out=$("$agent" --version 2>&1); rc=$?
[ $rc -eq 0 ] || fail "--version exited $rc: $out"
case $out in "wcc-agent "[0-9]*) ;; *) fail "--version printed: $out";; esac
echo "ok 1 - --version: $out"

out=$("$agent" --help 2>&1); rc=$?
[ $rc -eq 0 ] || fail "--help exited $rc: $out"
echo "$out" | grep -q -- "--server=URL" || fail "--help does not list --server"
echo "ok 2 - --help"

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$agent" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "without a display it exited $rc: $out"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "without a display it said more than one line: $out"
case $out in "wcc-agent: cannot open the display"*) ;; *) fail "without a display it said: $out";; esac
echo "ok 3 - no display: $out"

# Run from the build tree (build-aux/wcc-run) in Chinese: WCC_LOCALEDIR points at the build's
# translations, which are otherwise looked for under the install prefix only.
po=${2:-}
if [ -n "$po" ] && locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  out=$(LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 WCC_LOCALEDIR="$po" "$agent" --help 2>&1); rc=$?
  [ $rc -eq 0 ] || fail "--help in Chinese exited $rc: $out"
  echo "$out" | grep -q "要登录的服务器地址" || fail "--help is not in Chinese with WCC_LOCALEDIR=$po: $out"
  echo "ok 4 - --help in Chinese from the build's translations"
else
  fail "no zh_CN.UTF-8 locale or no translations directory (run build-aux/wcc-deps): po=$po"
fi
echo "1..4"
