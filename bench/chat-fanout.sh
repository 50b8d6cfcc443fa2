#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# chat-fanout.sh: one chat message to a group of USERS connected clients (S14). A wcc-server
# on loopback with a "bench" client whose USERS agents are all in one group; bench/chat-fanout
# (built by meson) logs them all in, opens USERS event streams (WebSockets) in one process,
# then posts ROUNDS messages to the group chat, one at a time, and times each delivery from
# the POST to the chat.message on every stream: p50/p99/max, and the server's CPU (user +
# system from /proc/PID/stat) over the rounds. Target: p99 under 50 ms for 500 users.
#
#   bench/chat-fanout.sh [ROUNDS]                 (default 50)
#   BUILD=_build USERS=500 bench/chat-fanout.sh 100
set -euo pipefail

rounds=${1:-50}
users=${USERS:-500}
port=${WCC_PORT:-18470}
first_user=5000
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$(dirname "$(dirname "$(ls -t "$root"/*/server/wcc-server 2>/dev/null | head -1)")")}
wcc_server=$build/server/wcc-server
fanout=$build/bench/chat-fanout

for tool in sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "chat-fanout.sh: needs $tool" >&2; exit 1; }
done
[ -x "$wcc_server" ] && [ -x "$fanout" ] || { echo "chat-fanout.sh: build first (ninja -C BUILD) or set BUILD" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# One user made by the admin command (its password hash), the others copy it in one
# transaction; every one an agent of the group "Floor".
password=bench-password
admin () { SU_DEBUG=0 "$wcc_server" admin --data-dir "$work/data" "$@" >/dev/null; }
admin create-client bench
admin create-group bench Floor
echo "$password" | admin create-user "$first_user@bench" --roles agent
{
  echo "BEGIN;"
  for ((i = first_user + 1; i < first_user + users; i++)); do
    echo "INSERT INTO users (client_id, employee_id, surname, given_name, roles, password_hash, created_at, updated_at)" \
         "SELECT client_id, '$i', 'Agent', '$i', roles, password_hash, 0, 0 FROM users WHERE employee_id = '$first_user';"
  done
  echo "INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM agent_groups g, users u"
  echo "  WHERE g.name = 'Floor' AND u.client_id = g.client_id;"
  echo "COMMIT;"
} | sqlite3 "$work/data/wcc.db"

SU_DEBUG=0 "$wcc_server" --data-dir "$work/data" --listen "127.0.0.1:$port" --sip 127.0.0.1:0 \
  >"$work/wcc-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.1
done

echo "chat fan-out: $users users in one group, $rounds messages; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
ulimit -n 4096 2>/dev/null || true
"$fanout" "http://127.0.0.1:$port" bench "$first_user" "$users" "$password" "$server_pid" "$rounds"
