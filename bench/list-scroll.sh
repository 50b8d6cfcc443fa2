#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# list-scroll.sh: does a customers list of 100,000 rows scroll smoothly (issue 7)? The
# Contact customers page's list (bench/list-scroll.c: a WccRecordTable, i.e. a GtkColumnView
# over a WccPagedList, with the page's columns) against a real wcc-server, under Xvfb,
# scrolled from the first row to the last, 600 px (about 28 rows) a frame; pages of 200 load
# from the server as the view nears the end. Prints the frame clock's intervals and each
# frame's own work (p50/p95/p99/max ms) and the rows scrolled through per second.
#
# The data: client "bench" with a client admin (who sees every customer), one package and
# task, `wcc-server admin generate-customers bench N` (default 100,000).
#
#   bench/list-scroll.sh                       (CUSTOMERS=100000, the newest _build*/build*)
#   WCC_BUILD=_build CUSTOMERS=20000 STEP=1200 RENDERER=gl bench/list-scroll.sh
#   LIST=/api/v1/customers?sort=company …      (any list path the client admin may read)
set -euo pipefail

customers=${CUSTOMERS:-100000}
step=${STEP:-600}
renderer=${RENDERER:-cairo}
http_port=${HTTP_PORT:-18290}
sip_port=${SIP_PORT:-15290}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${WCC_BUILD:-$(ls -td "$root"/_build*/ "$root"/build*/ 2>/dev/null | while read -r d; do
  [ -x "$d/bench/list-scroll" ] && [ -x "$d/server/wcc-server" ] && { echo "$d"; break; }; done)}
[ -n "$build" ] && [ -x "$build/bench/list-scroll" ] ||
  { echo "list-scroll.sh: no build with bench/list-scroll; build one (ninja) or set WCC_BUILD" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "list-scroll.sh: needs xvfb-run (apt-get install xvfb xauth)" >&2; exit 1; }
wcc_server=$build/server/wcc-server

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
data=$work/data
admin () { "$wcc_server" admin --data-dir "$data" "$@"; }
admin create-client bench >/dev/null
echo bench-admin-pw | admin create-user 9001@bench --roles client_admin >/dev/null
admin create-package bench Leads >/dev/null
admin create-task bench Leads Calls >/dev/null
started=$(date +%s.%N)
admin generate-customers bench "$customers" | tail -1
echo "generated $customers customers in $(echo "$(date +%s.%N) - $started" | bc) s"

"$wcc_server" --data-dir "$data" --listen "127.0.0.1:$http_port" --sip "127.0.0.1:$sip_port" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$http_port/api/v1/health" >/dev/null && break
  sleep 0.05
done

echo "list: ${LIST:-/api/v1/customers}, GSK_RENDERER=$renderer, $step px a frame"
WCC_PASSWORD=bench-admin-pw GSK_RENDERER=$renderer GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 \
GSETTINGS_BACKEND=memory \
  xvfb-run -a -s '-screen 0 1280x800x24' "$build/bench/list-scroll" "http://127.0.0.1:$http_port" \
  9001@bench - "${LIST:-/api/v1/customers}" "$step"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
