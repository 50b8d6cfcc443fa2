#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# supervision-cpu.sh: what a supervised call costs the server (issue 9). A wcc-server --demo
# on loopback, three wcc-sim phones (agent 1001 Ready in Sales, leader 2001, a customer
# calling 8001); the server's CPU (user + system from /proc/PID/stat) over 10 s of the call
# end to end, then over 10 s of the same call supervised (listen: its media mixed at the
# server: three decoders, three mixers, three encoders).
#
#   BUILD=_build CODEC=opus bench/supervision-cpu.sh      (CODEC: opus, G722, PCMU, PCMA)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/_build}
codec=${CODEC:-opus}
http=${WCC_PORT:-18480}
sip=${WCC_SIP_PORT:-18460}
api=http://127.0.0.1:$http/api/v1
dir=$(mktemp -d)
pids=()
cleanup () { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0

"$build/server/wcc-server" --listen 127.0.0.1:$http --sip 127.0.0.1:$sip --data-dir "$dir" --demo \
  > "$dir/server.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 150); do curl -sf "$api/health" > /dev/null && break; sleep 0.2; done

sim () { "$build/src/sim/wcc-sim" --json --codec "$codec" "$@"; }
sim --account 1001@demo --password sip-1001 --registrar 127.0.0.1:$sip --answer --tone 880 > "$dir/agent.log" 2>&1 &
pids+=($!)
sim --account 2001@demo --password sip-2001 --registrar 127.0.0.1:$sip --answer --tone 1300 > "$dir/leader.log" 2>&1 &
pids+=($!)
sleep 1

token () {
  curl -sf -X POST -d "{\"account\": \"$1@demo\", \"password\": \"wcc-$1\"}" "$api/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
agent=$(token 1001)
leader=$(token 2001)
sales=$(curl -sf -H "Authorization: Bearer $agent" "$api/agent/groups" |
  python3 -c 'import json, sys; print([g["id"] for g in json.load(sys.stdin)["member_of"] if g.get("queue_number") == "8001"][0])')
curl -sf -X PUT -H "Authorization: Bearer $agent" -d "{\"groups\": [$sales]}" "$api/agent/groups" > /dev/null
curl -sf -X PUT -H "Authorization: Bearer $agent" -d '{"state": "ready"}' "$api/agent/state" > /dev/null

sim --call sip:8001@127.0.0.1:$sip --tone 440 --duration 40 > "$dir/customer.log" 2>&1 &
pids+=($!)
sleep 3
cpu_ms () { awk '{ print ($14 + $15) * 10 }' "/proc/$server/stat"; }   # clock ticks of 10 ms

a=$(cpu_ms); sleep 10; b=$(cpu_ms)
echo "server CPU, the call end to end:   $((b - a)) ms per 10 s"
call=$(curl -sf -H "Authorization: Bearer $leader" "$api/calls?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
curl -sf -X POST -H "Authorization: Bearer $leader" -d '{"mode": "listen"}' "$api/calls/$call/supervision" > /dev/null
sleep 3
a=$(cpu_ms); sleep 10; b=$(cpu_ms)
echo "server CPU, the call supervised:   $((b - a)) ms per 10 s (codec $codec on each leg)"
