#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# reports.sh: how long the summary report (R4) takes on a busy client. A wcc-server on
# loopback with a "bench" client of AGENTS agents in GROUP_COUNT groups and DAYS days of history
# written straight into its SQLite file: CALLS queue calls a day (each rung at one agent,
# 90 % answered, talk 1–10 min), two pauses and an after-call stretch per call-taking agent
# an hour. Then the client admin's report (every group and agent) for one day, 31 days and
# 92 days, and the 92 days' CSV: the median of 5 requests each (curl's total time).
# Then the slowest of ten /health requests made while a 92 days report runs.
#
#   bench/reports.sh                        (AGENTS=500 GROUP_COUNT=10 DAYS=92 CALLS=5000)
#   BUILD=_build AGENTS=200 CALLS=2000 bench/reports.sh
set -euo pipefail

agents=${AGENTS:-500}
groups=${GROUP_COUNT:-10}
days=${DAYS:-92}
calls=${CALLS:-5000}
port=${WCC_PORT:-18490}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$(dirname "$(dirname "$(ls -t "$root"/*/server/wcc-server 2>/dev/null | head -1)")")}
wcc_server=$build/server/wcc-server

for tool in sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "reports.sh: needs $tool" >&2; exit 1; }
done
[ -x "$wcc_server" ] || { echo "reports.sh: build first (ninja -C BUILD) or set BUILD" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "data kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

password=bench-password
admin () { SU_DEBUG=0 "$wcc_server" admin --data-dir "$work/data" "$@" >/dev/null; }
admin create-client bench
echo "$password" | admin create-user "admin@bench" --roles client_admin
echo "$password" | admin create-user "1000@bench" --roles agent
for ((g = 0; g < groups; g++)); do admin create-group bench "Group $g"; done

# Today's local midnight minus DAYS days, in µs: the history ends today.
start=$(( ($(date -d 'today 00:00' +%s) - days * 86400) * 1000000 ))
sqlite3 "$work/data/wcc.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $agents - 1)
INSERT INTO users (client_id, employee_id, surname, given_name, roles, password_hash, created_at, updated_at)
  SELECT client_id, 1000 + i, 'Agent', 1000 + i, roles, password_hash, 0, 0 FROM users, n WHERE employee_id = '1000';
INSERT INTO group_members (group_id, user_id)
  SELECT g.id, u.id FROM users u JOIN agent_groups g ON g.client_id = u.client_id
  WHERE u.roles = 'agent' AND g.name = 'Group ' || (u.id % $groups);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $days * $calls - 1),
  m AS (SELECT u.id AS user_id, gm.group_id, row_number() OVER (ORDER BY u.id) - 1 AS k
        FROM users u JOIN group_members gm ON gm.user_id = u.id WHERE u.roles = 'agent')
INSERT INTO calls (client_id, direction, from_number, to_number, group_id, agent_id, offered_at, answered_at, ended_at, hangup_reason, hangup_side)
  SELECT (SELECT id FROM clients WHERE name = 'bench'), 'inbound', '0312340000', '8001', m.group_id,
         CASE WHEN n.i % 10 = 0 THEN NULL ELSE m.user_id END,
         $start + n.i * (86400000000 / $calls),
         CASE WHEN n.i % 10 = 0 THEN NULL ELSE $start + n.i * (86400000000 / $calls) + (n.i % 40) * 1000000 END,
         $start + n.i * (86400000000 / $calls) + (n.i % 40) * 1000000 + (60 + n.i % 540) * 1000000,
         'hung up', 'caller'
  FROM n JOIN m ON m.k = n.i % $agents;
INSERT INTO call_legs (call_id, side, user_id, started_at, answered_at, ended_at)
  SELECT id, 'callee', coalesce(agent_id, (SELECT min(user_id) FROM group_members WHERE group_id = calls.group_id)),
         offered_at, answered_at, ended_at FROM calls;
WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i < $days * 24 - 1),
  busy AS (SELECT DISTINCT agent_id AS user_id FROM calls WHERE agent_id IS NOT NULL)
INSERT INTO agent_state_log (client_id, user_id, state, pause_reason_id, started_at, ended_at)
  SELECT (SELECT id FROM clients WHERE name = 'bench'), b.user_id, s.state,
         CASE WHEN s.state = 'pause' THEN (SELECT min(id) FROM pause_reasons) END,
         $start + h.i * 3600000000 + s.at, $start + h.i * 3600000000 + s.at + s.length
  FROM h, busy b, (SELECT 'pause' AS state, 600000000 AS at, 300000000 AS length
                   UNION ALL SELECT 'pause', 2400000000, 120000000
                   UNION ALL SELECT 'after_call_work', 1800000000, 45000000) s;
COMMIT;
SQL

SU_DEBUG=0 "$wcc_server" --data-dir "$work/data" --listen "127.0.0.1:$port" --sip 127.0.0.1:0 \
  >"$work/wcc-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.1
done
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"account\": \"admin@bench\", \"password\": \"$password\"}" \
          "http://127.0.0.1:$port/api/v1/login" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "reports.sh: cannot log in" >&2; exit 1; }

median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
report () {
  local path=$1 times=() size=0
  for _ in 1 2 3 4 5; do
    read -r t size < <(curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' \
                         -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
    times+=("$t")
  done
  printf '%-48s %8.3f s  %9d bytes\n' "$path" "$(printf '%s\n' "${times[@]}" | median)" "$size"
}

today=$(date +%F)
echo "reports: $agents agents in $groups groups, $days days × $calls queue calls ($(sqlite3 "$work/data/wcc.db" 'SELECT count(*) FROM calls') calls, $(sqlite3 "$work/data/wcc.db" 'SELECT count(*) FROM agent_state_log') state stretches); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
report "/api/v1/reports/summary?from=$(date -d yesterday +%F)"
report "/api/v1/reports/summary?from=$(date -d '31 days ago' +%F)&to=$(date -d yesterday +%F)"
report "/api/v1/reports/summary?from=$(date -d "$days days ago" +%F)&to=$(date -d yesterday +%F)"
report "/api/v1/reports/summary.csv?from=$(date -d "$days days ago" +%F)&to=$(date -d yesterday +%F)"
# The server's loop meanwhile: /health while the 92 days' report runs (it reads in a thread).
curl -sf -o /dev/null -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/reports/summary?from=$(date -d "$days days ago" +%F)&to=$(date -d yesterday +%F)" &
long_report=$!
sleep 0.2
worst=0
for _ in $(seq 10); do
  t=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/v1/health")
  worst=$(awk -v a="$worst" -v b="$t" 'BEGIN { print (b > a) ? b : a }')
  sleep 0.1
done
printf '%-48s %8.3f s  (the slowest of 10 during a report)\n' "/api/v1/health" "$worst"
wait "$long_report" || true
