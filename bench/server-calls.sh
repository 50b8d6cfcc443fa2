#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# server-calls.sh: wcc-server's calls under load on loopback, three figures of issue 4:
#
#  1. queue calls per second set up and answered: AGENTS agents (one bench/call-load process
#     holding all their registrations, each a plain SIP phone answering with 180 then 200)
#     are logged in over HTTP, signed in to a queue without after-call work and Ready; a
#     second call-load process calls the queue number as customers at each rate of RATES for
#     SECONDS, every call hung up HOLD s after its answer. Per rate: calls answered per
#     second, failures, setup time at the caller (INVITE → 200, p50/p99), and the server's
#     CPU-seconds (user + system, all threads, /proc/PID/stat) per 1000 calls.
#  2. routing latency: dumpcap captures the SIP port during each rate; tshark pairs each
#     customer's INVITE to the server with the server's INVITE to the agent (same From
#     number) and the difference of the capture times gives p50/p99.
#  3. memory: a fresh server with MEM_AGENTS agents, all registered, then MEM_CALLS calls
#     between agents (caller 6000+i calls 7000+i with digest, by employee ID, through the
#     B2BUA), held together for a while; the server's peak resident memory (VmHWM).
#
# The phones send no RTP: the server never touches media (bench/phone-call-cost.sh measures
# the phones). Users are written straight into the store with SQL (HA1 only, as
# `wcc-server admin set-sip-password` would store it; one web password hash made by
# `wcc-server admin create-user`, copied); the queue is set with `wcc-server admin set-queue`.
#
#   bench/server-calls.sh [SECONDS-PER-RATE]          (default 10)
#   RATES="50 100 200" AGENTS=100 HOLD=0.2 bench/server-calls.sh 5
#   MEM_AGENTS=2000 MEM_CALLS=500 MEM_HOLD=20 WCC_SERVER=build/server/wcc-server bench/server-calls.sh
#   PERF=1 …   also records `perf record -g` of the server during the highest rate
#   KEEP=1 …   keeps the work folder (captures, logs, the server's database)
#   MEMORY=0 … skips part 3
set -euo pipefail

seconds=${1:-10}
rates=${RATES:-50 100 150 200}
agents=${AGENTS:-80}
hold=${HOLD:-0.2}
mem_agents=${MEM_AGENTS:-2000}
mem_calls=${MEM_CALLS:-500}
mem_rate=${MEM_RATE:-100}
mem_hold=${MEM_HOLD:-15}
sip_port=${SIP_PORT:-15080}
http_port=${HTTP_PORT:-18090}
target_rate=100
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
wcc_server=${WCC_SERVER:-$(ls -t "$root"/build*/server/wcc-server 2>/dev/null | head -1 || true)}
first_agent=5000

for tool in cc pkg-config sqlite3 curl dumpcap tshark ss; do
  command -v "$tool" >/dev/null || { echo "server-calls.sh: needs $tool" >&2; exit 1; }
done
[ -x "$wcc_server" ] || { echo "server-calls.sh: no wcc-server; build one or set WCC_SERVER" >&2; exit 1; }
[ "$mem_agents" -ge $((1000 + mem_calls)) ] || { echo "server-calls.sh: MEM_AGENTS must be at least 1000 + MEM_CALLS (callees are 7000…)" >&2; exit 1; }
[ "$mem_calls" -le 1000 ] || { echo "server-calls.sh: MEM_CALLS at most 1000 (callers 6000…, callees 7000…)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
agents_pid=
capture_pid=
cleanup () {
  for pid in $capture_pid $agents_pid $server_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work (captures, logs)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The server gets a core of its own, the load generators and the capture the other: on a
# 2-core machine they otherwise preempt the server and their time slices show up as its
# routing latency. PIN=0 turns it off.
server_cpu=() load_cpu=()
if [ "${PIN:-1}" != 0 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu=(taskset -c 1) load_cpu=(taskset -c 0)
fi

cc -O2 -o "$work/call-load" "$here/call-load.c" $(pkg-config --cflags --libs glib-2.0)
export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0
hz=$(getconf CLK_TCK)

wait_port () {   # udp|tcp PORT
  for _ in $(seq 200); do
    ss -Hln"${1:0:1}" "sport = :$2" | grep -q . && return 0
    sleep 0.05
  done
  echo "server-calls.sh: nothing listens on $1 $2" >&2
  exit 1
}

ticks () { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
status_kib () { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mib () { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# A data folder with client "bench", group "Queue" (queue 8001, no after-call work, no
# automatic pause) and users FIRST … FIRST+COUNT-1 with SIP password "pw-ID"; the first
# QUEUE_MEMBERS of them in the group with the web password "bench-web-pw".
make_data () {   # DIR FIRST COUNT QUEUE_MEMBERS
  local dir=$1 first=$2 count=$3 members=$4
  "$wcc_server" admin --data-dir "$dir" create-client bench >/dev/null
  "$wcc_server" admin --data-dir "$dir" create-group bench Queue >/dev/null
  "$wcc_server" admin --data-dir "$dir" set-queue bench Queue number=8001 after-call-work=0 \
    missed-before-pause=0 >/dev/null
  echo bench-web-pw | "$wcc_server" admin --data-dir "$dir" create-user 4999@bench >/dev/null
  { "$work/call-load" sql bench "$first" "$count"
    echo "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE employee_id = '4999');"
    echo "INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM agent_groups g"
    echo "  JOIN users u ON u.client_id = g.client_id WHERE g.name = 'Queue'"
    echo "  AND CAST(u.employee_id AS INTEGER) BETWEEN $first AND $((first + members - 1));"
  } | sqlite3 "$dir/wcc.db"
}

start_server () {   # DIR
  "${server_cpu[@]}" "$wcc_server" --data-dir "$1" --listen "127.0.0.1:$http_port" --sip "127.0.0.1:$sip_port" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_port udp "$sip_port"
  wait_port tcp "$http_port"
}

stop_server () {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

start_agents () {   # FIRST COUNT
  "${load_cpu[@]}" "$work/call-load" agents "127.0.0.1:$sip_port" bench "$1" "$2" >"$work/agents.log" 2>&1 &
  agents_pid=$!
  for _ in $(seq 600); do
    grep -qs "^registered" "$work/agents.log" && return 0
    kill -0 "$agents_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server-calls.sh: the agents did not register: $(cat "$work/agents.log")" >&2
  exit 1
}

stop_agents () {
  kill "$agents_pid"
  wait "$agents_pid" 2>/dev/null || true
  agents_pid=
}

# Logs agent ID in, signs them in to group GROUP and makes them Ready. One at a time: logins
# still being checked count as failures of the address, and after 3 it wants a challenge.
ready_agent () {   # ID GROUP
  local api="http://127.0.0.1:$http_port/api/v1" token state
  token=$(curl -sf -X POST -H 'Content-Type: application/json' \
            -d "{\"account\": \"$1@bench\", \"password\": \"bench-web-pw\"}" "$api/login" |
          sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"groups\": [$2]}" "$api/agent/groups" >/dev/null
  state=$(curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            -d '{"state": "ready"}' "$api/agent/state")
  case "$state" in *'"ready"'*) ;; *) echo "server-calls.sh: agent $1 not Ready: $state" >&2; exit 1;; esac
}
export -f ready_agent
export http_port

start_capture () {   # FILE
  "${load_cpu[@]}" dumpcap -q -i lo -f "udp port $sip_port" -B 64 -w "$1" 2>"$work/dumpcap.log" &
  capture_pid=$!
  for _ in $(seq 100); do
    [ -s "$1" ] && break
    sleep 0.05
  done
  sleep 0.3
}

stop_capture () {
  sleep 0.3
  kill -INT "$capture_pid"
  wait "$capture_pid" 2>/dev/null || true
  capture_pid=
}

# "paired p50_ms p99_ms max_ms": each INVITE to the server paired with the server's first
# INVITE out with the same From user (the customer's number), from the capture times.
routing_latency () {   # FILE
  tshark -r "$1" -Y 'sip.Method == "INVITE"' -T fields -E separator=' ' \
         -e frame.time_epoch -e udp.srcport -e udp.dstport -e sip.from.user 2>/dev/null |
  awk -v port="$sip_port" '
    $3 == port && !($4 in out) && !($4 in seen_in) { t_in[$4] = $1; seen_in[$4] = 1 }
    $2 == port && ($4 in t_in) && !($4 in out) { out[$4] = 1; printf "%.3f\n", ($1 - t_in[$4]) * 1000 }' |
  sort -n | awk '{v[NR] = $1} END {
    if (NR == 0) { print "0 - - -"; exit }
    i50 = int(0.50 * NR); if (i50 < 1) i50 = 1; i99 = int(0.99 * NR); if (i99 < 1) i99 = 1
    printf "%d %.2f %.2f %.2f\n", NR, v[i50], v[i99], v[NR] }'
}

field () { echo "$1" | awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }

echo "wcc-server: $wcc_server"
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"

# 1 and 2: queue calls.
make_data "$work/queue" "$first_agent" "$agents" "$agents"
start_server "$work/queue"
start_agents "$first_agent" "$agents"
group_id=$(sqlite3 "$work/queue/wcc.db" "SELECT id FROM agent_groups WHERE name = 'Queue';")
seq "$first_agent" $((first_agent + agents - 1)) | xargs -I{} bash -c "ready_agent {} $group_id"

echo
echo "Queue calls: $agents Ready agents (no after-call work), customers calling queue 8001,"
echo "each call answered at once (180, 200) and hung up by the customer ${hold} s later; ${seconds} s per rate."
printf '%7s %6s %8s %6s %10s %17s %7s %10s %8s %19s\n' \
  "rate/s" calls answered failed "answered/s" "setup p50/p99 ms" "CPU s" "CPU-s/1000" paired "routing p50/p99 ms"
best_rate=0
target_p99=
max_rate=$(printf '%s\n' $rates | sort -n | tail -1)
perf_pid=
for rate in $rates; do
  calls=$(awk -v r="$rate" -v s="$seconds" 'BEGIN {printf "%d", r * s}')
  start_capture "$work/rate-$rate.pcapng"
  if [ -n "${PERF:-}" ] && [ "$rate" = "$max_rate" ]; then
    perf record -g -o "$work/perf.data" -p "$server_pid" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  before=$(ticks "$server_pid")
  out=$("${load_cpu[@]}" "$work/call-load" calls "127.0.0.1:$sip_port" bench 8001 "$calls" "$rate" "$hold" 2>"$work/calls.err")
  after=$(ticks "$server_pid")
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=
    perf report -i "$work/perf.data" --no-children --stdio --percent-limit 1.5 2>/dev/null |
      grep -E '^ +[0-9.]+%' | head -25 > "$work/perf.txt" || true
  fi
  stop_capture
  read -r paired p50 p99 _ < <(routing_latency "$work/rate-$rate.pcapng")
  answered=$(field "$out" answered)
  failed=$(field "$out" failed)
  secs=$(field "$out" seconds)
  cpu=$(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
  per_s=$(awk -v a="$answered" -v s="$secs" 'BEGIN {printf "%.1f", (s > 0 ? a / s : 0)}')
  per_1000=$(awk -v c="$cpu" -v a="$answered" 'BEGIN {printf "%.2f", (a > 0 ? c * 1000 / a : 0)}')
  printf '%7s %6s %8s %6s %10s %17s %7s %10s %8s %19s\n' "$rate" "$calls" "$answered" "$failed" "$per_s" \
    "$(field "$out" setup_p50_ms)/$(field "$out" setup_p99_ms)" "$cpu" "$per_1000" "$paired" "$p50/$p99"
  [ -s "$work/calls.err" ] && sed 's/^/    /' "$work/calls.err" | head -3
  if [ "$failed" = 0 ] && awk -v a="$per_s" -v r="$rate" 'BEGIN {exit !(a >= 0.95 * r)}'; then
    best_rate=$(awk -v a="$best_rate" -v b="$per_s" 'BEGIN {print (b > a ? b : a)}')
  fi
  if [ -z "$target_p99" ] && [ "$rate" -ge "$target_rate" ]; then target_p99=$p99; target_p99_rate=$rate; fi
done
warnings=$(grep -c 'WARNING' "$work/server.log" || true)
stop_agents
stop_server
if [ -n "${PERF:-}" ]; then echo "perf, the server at $max_rate/s (self time):"; cat "$work/perf.txt"; fi
[ "$warnings" -gt 0 ] && echo "(the server logged $warnings warnings, e.g. $(grep -m1 WARNING "$work/server.log" | sed 's/^.*WARNING \*\*: [0-9:.]* //'))"

# 3: memory.
[ "${MEMORY:-1}" = 0 ] && exit 0
echo
echo "Memory: $mem_agents registered agents, then $mem_calls calls between agents (digest, by employee ID)"
echo "placed at $mem_rate/s and held ${mem_hold} s after the answer."
make_data "$work/memory" 6000 "$mem_agents" 0
start_server "$work/memory"
sleep 0.5
rss_start=$(status_kib "$server_pid" VmRSS)
# At start the server hashes a dummy password (Argon2, 64 MiB) for logins of unknown
# accounts: that peak is the process's, not the agents'. Reset the peak after it.
hwm_start=$(status_kib "$server_pid" VmHWM)
echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null && hwm_reset=1 || hwm_reset=
start_agents 6000 "$mem_agents"
sleep 1
rss_registered=$(status_kib "$server_pid" VmRSS)
bindings=$(sqlite3 "$work/memory/wcc.db" "SELECT count(*) FROM sip_bindings;")
"${load_cpu[@]}" "$work/call-load" calls "127.0.0.1:$sip_port" bench 7000 "$mem_calls" "$mem_rate" "$mem_hold" 6000 \
  >"$work/mem-calls.out" 2>"$work/calls.err" &
calls_pid=$!
rss_calls=0
while kill -0 "$calls_pid" 2>/dev/null; do
  rss=$(status_kib "$server_pid" VmRSS)
  [ "$rss" -gt "$rss_calls" ] && rss_calls=$rss
  sleep 0.5
done
wait "$calls_pid" || true
out=$(cat "$work/mem-calls.out")
hwm=$(status_kib "$server_pid" VmHWM)
stop_agents
stop_server
printf '%-44s %10s\n' "server resident memory" "MiB"
printf '%-44s %10s\n' "started, no registrations" "$(mib "$rss_start")"
printf '%-44s %10s\n' "peak during start-up (VmHWM)" "$(mib "$hwm_start")"
printf '%-44s %10s\n' "$bindings bindings in the store" "$(mib "$rss_registered")"
printf '%-44s %10s\n' "highest sampled with calls up (VmRSS)" "$(mib "$rss_calls")"
if [ -n "$hwm_reset" ]; then
  printf '%-44s %10s\n' "peak after start-up (VmHWM, reset after it)" "$(mib "$hwm")"
else
  hwm=$(( hwm > hwm_start ? hwm : hwm_start ))
  printf '%-44s %10s\n' "peak of the process (VmHWM; no clear_refs)" "$(mib "$hwm")"
fi
echo "calls: $(field "$out" answered) answered of $(field "$out" attempted), $(field "$out" failed) failed, at most $(field "$out" peak_concurrent) up at once"
[ -s "$work/calls.err" ] && sed 's/^/    /' "$work/calls.err" | head -3

echo
verdict () { if [ "$1" = 1 ]; then echo "PASS"; else echo "FAIL"; fi; }
echo "Targets (issue 4):"
echo "  $target_rate queue calls/s set up and answered:    best without failures $best_rate/s  $(verdict "$(awk -v b="$best_rate" -v t=$target_rate 'BEGIN {print (b >= 0.95 * t)}')")"
echo "  routing p99 under 5 ms (at ${target_p99_rate:-?}/s):       ${target_p99:-?} ms  $(verdict "$(awk -v p="${target_p99:-99}" 'BEGIN {print (p + 0 < 5)}')")"
echo "  $mem_agents agents + $mem_calls calls under 100 MB:    $(awk -v k="$hwm" 'BEGIN {printf "%.1f MB", k * 1024 / 1e6}') peak  $(verdict "$(awk -v k="$hwm" -v p="$(field "$out" peak_concurrent)" -v n="$mem_calls" -v a="$mem_agents" -v b="$bindings" 'BEGIN {print (k * 1024 < 100e6 && p >= n && b >= a)}')")"
