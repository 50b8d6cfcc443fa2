#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# monitor.sh: does the team leader's real-time monitor window (R5, issue 9) stay smooth with
# 500 agents and 100 waiting calls while events flow? A real wcc-server with client "bench":
# AGENTS agents (default 500) in GROUPS groups (default 10, queues 8001…), each agent with a
# live web session (written into the store: no 500 password checks) and signed in to their
# group; CALLS callers (default 100) waiting in the queues — bench/call-load.c's plain SIP
# customers, nobody Ready to answer them; then the app's own WccMonitorWindow
# (bench/monitor-frames.c, 1280×800 under Xvfb) logged in as the client admin, who watches
# every group and agent, while a load process puts RATE agents a second (default 50) into a
# pause with another reason (each an "agent.state" and a "monitor.agent" event). For SECONDS
# (SECONDS_MEASURED, default 20) the window's frame clock runs on (a tick callback, as for an animation) and
# it prints the frame intervals and each frame's own work (p50/p95/p99/max ms).
#
#   bench/monitor.sh                                  (the newest _build*/build* with bench/monitor-frames)
#   AGENTS=500 CALLS=100 RATE=100 SECONDS_MEASURED=30 WCC_BUILD=_build bench/monitor.sh
#   (GROUPS_COUNT: the groups; KEEP=1 keeps the work folder)
#   RATE=0 bench/monitor.sh                           (no state changes: the window idle)
set -euo pipefail

agents=${AGENTS:-500}
groups=${GROUPS_COUNT:-10}
calls=${CALLS:-100}
rate=${RATE:-50}
seconds=${SECONDS_MEASURED:-20}
renderer=${RENDERER:-cairo}
http_port=${HTTP_PORT:-18390}
sip_port=${SIP_PORT:-15390}
first=5000
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${WCC_BUILD:-$(ls -td "$root"/_build*/ "$root"/build*/ 2>/dev/null | while read -r d; do
  [ -x "$d/bench/monitor-frames" ] && [ -x "$d/server/wcc-server" ] && { echo "$d"; break; }; done)}
[ -n "$build" ] && [ -x "$build/bench/monitor-frames" ] ||
  { echo "monitor.sh: no build with bench/monitor-frames; build one (ninja) or set WCC_BUILD" >&2; exit 1; }
for tool in xvfb-run sqlite3 curl cc pkg-config sha256sum; do
  command -v "$tool" >/dev/null || { echo "monitor.sh: needs $tool" >&2; exit 1; }
done
[ $((calls % groups)) -eq 0 ] || { echo "monitor.sh: CALLS must be a multiple of GROUPS_COUNT" >&2; exit 1; }
wcc_server=$build/server/wcc-server

work=$(mktemp -d)
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
cc -O2 -o "$work/call-load" "$here/call-load.c" $(pkg-config --cflags --libs glib-2.0)

# The data: groups with queues, agents (users FIRST…, SIP password irrelevant: no phones),
# their memberships and sign-ins, two pause reasons, and a session per agent.
data=$work/data
admin () { "$wcc_server" admin --data-dir "$data" "$@"; }
admin create-client bench >/dev/null
echo bench-admin-pw | admin create-user 9001@bench --roles client_admin >/dev/null
for g in $(seq "$groups"); do
  admin create-group bench "Group $g" >/dev/null
  admin set-queue bench "Group $g" number=$((8000 + g)) missed-before-pause=0 >/dev/null
done
expires=$(( $(date +%s) + 86400 ))
: > "$work/tokens"
{
  "$work/call-load" sql bench "$first" "$agents"
  echo "BEGIN;"
  echo "UPDATE users SET surname = 'Agent', given_name = employee_id WHERE employee_id <> '9001';"
  echo "INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM agent_groups g"
  echo "  JOIN users u ON u.client_id = g.client_id"
  echo "  WHERE u.employee_id <> '9001' AND g.name = 'Group ' || ((CAST(u.employee_id AS INTEGER) - $first) % $groups + 1);"
  echo "INSERT INTO agent_sign_ins (user_id, group_id) SELECT user_id, group_id FROM group_members;"
  echo "INSERT INTO pause_reasons (client_id, label, position) SELECT id, 'Break', 1 FROM clients WHERE name = 'bench';"
  echo "INSERT INTO pause_reasons (client_id, label, position) SELECT id, 'Lunch', 2 FROM clients WHERE name = 'bench';"
  for id in $(seq "$first" $((first + agents - 1))); do
    token="bench-session-$id"
    echo "$token" >> "$work/tokens"
    hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
    echo "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"
    echo "  SELECT '$hash', id, $(date +%s), $expires FROM users WHERE employee_id = '$id';"
  done
  echo "COMMIT;"
} | sqlite3 "$data/wcc.db"
reasons=$(sqlite3 "$data/wcc.db" "SELECT id FROM pause_reasons WHERE automatic = 0 AND client_id = (SELECT id FROM clients WHERE name = 'bench') ORDER BY id;" | tr '\n' ' ')

"$wcc_server" --data-dir "$data" --listen "127.0.0.1:$http_port" --sip "127.0.0.1:$sip_port" \
  >"$work/server.log" 2>&1 &
pids+=($!)
server_pid=$!
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$http_port/api/v1/health" >/dev/null && break
  sleep 0.05
done
url="http://127.0.0.1:$http_port"

# The callers: CALLS / GROUPS per queue, held far longer than the run (nobody answers).
export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0
for g in $(seq "$groups"); do
  "$work/call-load" calls "127.0.0.1:$sip_port" bench $((8000 + g)) $((calls / groups)) 20 600 \
    >"$work/calls-$g.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 100); do
  waiting=$(curl -sf -X POST -H 'Content-Type: application/json' \
              -d '{"account": "9001@bench", "password": "bench-admin-pw"}' "$url/api/v1/login" |
            sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' |
            xargs -I{} curl -sf -H "Authorization: Bearer {}" "$url/api/v1/queues" |
            grep -o '"waiting" *: *[0-9]*' | awk -F: '{s += $2} END {print s + 0}')
  [ "$waiting" -ge "$calls" ] && break
  sleep 0.5
done
echo "agents $agents in $groups groups, $waiting callers waiting; $rate state changes a second for ${seconds} s; GSK_RENDERER=$renderer"

if [ "$rate" -gt 0 ]; then
  # shellcheck disable=SC2086
  "$build/bench/monitor-frames" load "$url" "$work/tokens" "$rate" $((seconds + 15)) $reasons >"$work/load.log" 2>&1 &
  pids+=($!)
fi
server_ticks_before=$(sed 's/^.*) //' "/proc/$server_pid/stat" | awk '{print $12 + $13}')
GSK_RENDERER=$renderer GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
GSETTINGS_SCHEMA_DIR="$build/data" \
  xvfb-run -a -s '-screen 0 1280x800x24' "$build/bench/monitor-frames" window "$url" 9001@bench bench-admin-pw "$seconds"
server_ticks_after=$(sed 's/^.*) //' "/proc/$server_pid/stat" | awk '{print $12 + $13}')
echo "server CPU during the run: $(awk -v t=$((server_ticks_after - server_ticks_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}') s"
if [ "$rate" -gt 0 ]; then
  wait "${pids[-1]}" 2>/dev/null || true
  echo "load: $(cat "$work/load.log")"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
