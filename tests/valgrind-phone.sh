#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind-phone.sh: the softphone's tests under valgrind memcheck: any invalid access or a
# definite leak fails. Not in the default suites (too slow for CI: real-time audio under
# memcheck runs ~20 times slower). Run from the source tree after a build:
#   tests/valgrind-phone.sh [BUILDDIR] [-p /call/…]…
# Without -p it runs the SDP and media tests (but the recordings) and the call tests'
# signalling, shutdown, SRTP and TLS paths.
# Reports go to BUILDDIR/valgrind-*.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
shift || true
command -v valgrind >/dev/null || { echo "valgrind-phone: install valgrind" >&2; exit 2; }

export G_SLICE=always-malloc G_DEBUG=gc-friendly GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8
export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0
# Every wait of the tests stretched: memcheck makes real-time audio ~20 times slower.
export WCC_TEST_TIMEOUT_SCALE=${WCC_TEST_TIMEOUT_SCALE:-10}
# Plugins are loaded in-process, so their allocations are seen (and suppressed) here.
export GST_REGISTRY_FORK=no

suppressions=(--suppressions="$here/valgrind-phone.supp")
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] && suppressions+=(--suppressions=/usr/share/glib-2.0/valgrind/glib.supp)
for f in /usr/share/gstreamer-1.0/validate/*.supp /usr/lib/valgrind/gst.supp; do
  [ -f "$f" ] && suppressions+=(--suppressions="$f")
done

run () {
  local name=$1; shift
  local log="$build/valgrind-$name.log"
  echo "valgrind-phone: $name ($*)"
  if valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
       --show-leak-kinds=definite --error-exitcode=99 --num-callers=40 --track-origins=no \
       "${suppressions[@]}" "$@" >"$log" 2>&1; then
    echo "valgrind-phone: $name: clean"
  else
    status=$?
    grep -E "^(not ok|Bail out)|ERROR SUMMARY|definitely lost:|Invalid (read|write|free)" "$log" || true
    if [ "$status" -eq 99 ]; then
      echo "valgrind-phone: $name: memory errors, see $log" >&2
    else
      echo "valgrind-phone: $name: the test failed under valgrind (status $status), see $log" >&2
    fi
    failed=1
  fi
}

failed=0
if [ $# -gt 0 ]; then
  run call "$build/tests/phone/test-call" "$@"
else
  run sdp "$build/tests/phone/test-sdp"
  run playout-buffer "$build/tests/phone/test-playout-buffer"
  # The recordings are left out: finishing the file (EOS through opusenc and oggmux) takes
  # longer under memcheck than the library's fixed 2 s guard allows, which then warns.
  run media "$build/tests/phone/test-media" -s /media/recording -s /media/stop-while-recording \
    -s /media/recording-both-sides
  # Signalling, shutdown and handles: the paths where the stack and the calls let go of
  # each other (audio is checked too, but slowness rarely matters for these).
  run call "$build/tests/phone/test-call" -p /call/reject-and-dnd -p /call/shutdown-cancelled \
    -p /call/shutdown-twice -p /call/both-ways -p /call/srtp -p /call/tls
fi
exit "$failed"
