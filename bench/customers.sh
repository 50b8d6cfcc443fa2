#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# customers.sh: wcc-server's customer work with 1,000,000 customers, through the real HTTP
# API (issue 5): phone look-up (GET by full number), a page of My customers, a contact-record
# save — each as requests per second and latency p50/p99.
#
# The data: client "bench", agent 1001 in group Sales, `wcc-server admin generate-customers
# bench N` (one package, one task, N customers with Japanese and Chinese numbers), the task
# given to Sales, every 100th customer owned by 1001 (10,000 of 1M: their My customers), a
# call result "Reached". The generation's time is printed.
#
# Each operation runs twice with wrk (Debian package `wrk`) and bench/customers.lua: with ONE
# connection (closed loop: the latency of one request, p50/p99) and with CONNS connections (the
# throughput: requests per second, and latency when the server is saturated). The server runs
# on one core and wrk (one thread) on the other (PIN=0 turns it off); the machine's load
# average is printed before and after, and each run's server CPU time per request (cpu_us).
#
#   bench/customers.sh [SECONDS]                       (default 10 per run)
#   CUSTOMERS=100000 CONNS=16 WCC_SERVER=_build/server/wcc-server bench/customers.sh 5
#   KEEP=1 …   keeps the work folder (the database, the server's log)
#   DATA=DIR … makes the data in DIR once and reuses it on the next runs
#   NICE=-15 … gives the server and wrk that priority over the machine's other sessions (as
#              root; their autogroups): on a machine busy with other work, a waking server
#              then gets its core at once instead of after a neighbour's time slice
set -euo pipefail

seconds=${1:-10}
customers=${CUSTOMERS:-1000000}
conns=${CONNS:-16}
http_port=${HTTP_PORT:-18190}
sip_port=${SIP_PORT:-15190}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
wcc_server=${WCC_SERVER:-$(ls -t "$root"/_build*/server/wcc-server "$root"/build*/server/wcc-server 2>/dev/null | head -1 || true)}

for tool in wrk sqlite3 curl ss; do
  command -v "$tool" >/dev/null || { echo "customers.sh: needs $tool (apt-get install wrk sqlite3 curl iproute2)" >&2; exit 1; }
done
[ -x "$wcc_server" ] || { echo "customers.sh: no wcc-server; build one or set WCC_SERVER" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

server_cpu=() load_cpu=()
if [ "${PIN:-1}" != 0 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu=(taskset -c 1) load_cpu=(taskset -c 0)
fi

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
data=${DATA:-$work/data}
admin () { "$wcc_server" admin --data-dir "$data" "$@"; }
db=$data/wcc.db
if [ -n "${DATA:-}" ] && [ -s "$db" ]; then
  echo "reusing $db"
else
admin create-client bench >/dev/null
admin create-group bench Sales >/dev/null
echo bench-web-pw | admin create-user 1001@bench --roles agent >/dev/null
admin add-to-group 1001@bench Sales >/dev/null
started=$(date +%s.%N)
admin generate-customers bench "$customers" | tail -1
echo "generated $customers customers in $(echo "$(date +%s.%N) - $started" | bc) s (wall, with the load above)"
sqlite3 "$db" <<SQL
INSERT INTO task_groups (task_id, group_id) SELECT t.id, g.id FROM tasks t, agent_groups g
  WHERE t.client_id = g.client_id AND g.name = 'Sales';
UPDATE customers SET owner_id = (SELECT id FROM users WHERE employee_id = '1001') WHERE id % 100 = 0;
INSERT INTO call_results (client_id, label, funnel, call_state)
  SELECT id, 'Reached', 'success', 'any' FROM clients WHERE name = 'bench';
SQL
fi
sqlite3 "$db" "SELECT normalized FROM customer_phones ORDER BY random() LIMIT 20000;" >"$work/phones.txt"
sqlite3 "$db" "SELECT id FROM customers WHERE owner_id IS NOT NULL;" >"$work/owned.txt"
result_id=$(sqlite3 "$db" "SELECT id FROM call_results WHERE label = 'Reached';")
echo "database: $(du -m "$db" | cut -f1) MiB, $(wc -l <"$work/owned.txt") customers of 1001"

# NICE: the server and wrk each in a session of their own whose scheduling group gets that
# nice level (/proc/PID/autogroup): with autogroups (Debian's default) a process's own nice
# level counts only against the processes of its session, not against other sessions' work.
prio=()
[ -n "${NICE:-}" ] && prio=(setsid)
"${prio[@]}" "${server_cpu[@]}" "$wcc_server" --data-dir "$data" --listen "127.0.0.1:$http_port" \
  --sip "127.0.0.1:$sip_port" >"$work/server.log" 2>&1 &
server_pid=$!
[ -n "${NICE:-}" ] && echo "$NICE" >"/proc/$server_pid/autogroup"
for _ in $(seq 200); do
  ss -Hlnt "sport = :$http_port" | grep -q . && break
  sleep 0.05
done
api="http://127.0.0.1:$http_port"
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
          -d '{"account": "1001@bench", "password": "bench-web-pw"}' "$api/api/v1/login" |
        sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "customers.sh: cannot log in" >&2; exit 1; }
# One look-up checked by hand: the number is found.
first=$(head -1 "$work/phones.txt" | sed 's/+/%2B/')
curl -sf -H "Authorization: Bearer $token" "$api/api/v1/customers/by-phone?number=$first" | grep -q '"id"' ||
  { echo "customers.sh: the look-up found nothing" >&2; exit 1; }

ticks () { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz=$(getconf CLK_TCK)

# One wrk run; besides wrk's figures, the server's CPU time (user + system, all threads)
# per request: what a request costs whatever the neighbours on the machine do.
run () {   # LABEL CONNECTIONS wrk-args…
  local label=$1 c=$2
  shift 2
  local line before after requests
  before=$(ticks "$server_pid")
  if [ -n "${NICE:-}" ]; then
    line=$(setsid sh -c 'echo "$0" >/proc/$$/autogroup; exec "$@"' "$NICE" \
             "${load_cpu[@]}" wrk -t1 -c"$c" -d"${seconds}s" -s "$here/customers.lua" "$api" -- "$@" | grep '^RESULT')
  else
    line=$("${load_cpu[@]}" wrk -t1 -c"$c" -d"${seconds}s" -s "$here/customers.lua" "$api" -- "$@" | grep '^RESULT')
  fi
  after=$(ticks "$server_pid")
  requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
  # Each run starts with the log copied into the database, as after a quiet moment: a
  # saturated server starves its checkpoint thread (nice 19 on the same core), the log grows
  # by every save, and reads after it search it (see bench/README.md).
  sqlite3 "$db" "PRAGMA wal_checkpoint(PASSIVE);" >/dev/null
  printf '%-14s conns=%-3s %s cpu_us=%s\n' "$label" "$c" "${line#RESULT }" \
    "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$hz" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')"
}

# A server that has run a while has the hot pages of the database in memory: warm it up
# (not counted) so the first run does not measure page faults.
"${load_cpu[@]}" wrk -t1 -c4 -d3s -s "$here/customers.lua" "$api" -- lookup "$token" "$work/phones.txt" >/dev/null
"${load_cpu[@]}" wrk -t1 -c4 -d2s -s "$here/customers.lua" "$api" -- page "$token" >/dev/null
echo "server: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); $seconds s per run"
for c in 1 "$conns"; do
  run lookup "$c" lookup "$token" "$work/phones.txt"
  run my-customers "$c" page "$token"
  run save "$c" save "$token" "$work/owned.txt" "$result_id"
done
echo "contact records written: $(sqlite3 "$db" 'SELECT count(*) FROM contact_records;')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
