#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# server-register.sh: REGISTERs with digest per CPU-second of wcc-server (bindings kept in
# its SQLite store) and of Kamailio (usrloc in memory, no database) on loopback, side by side
# in one run, then the ratio. The load comes from bench/register-load.c (built here): the
# full exchange a phone does, REGISTER, 401, REGISTER with credentials, 200, for USERS users
# WINDOW at a time, as fast as the server answers. The CPU is read from /proc/PID/stat
# (user + system, every process of Kamailio's group, every thread of wcc-server) before
# and after each run; the figure is 200 OKs per CPU-second.
#
#   bench/server-register.sh [SECONDS-PER-RUN]      (default 10; ROUNDS runs of each, default 3)
#   WCC_SERVER=build/server/wcc-server USERS=1000 WINDOW=50 bench/server-register.sh 5
set -euo pipefail

run_seconds=${1:-10}
rounds=${ROUNDS:-3}
users=${USERS:-1000}
window=${WINDOW:-50}
first_user=5000
wcc_port=${WCC_PORT:-15060}
kamailio_port=${KAMAILIO_PORT:-15070}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
wcc_server=${WCC_SERVER:-$(ls -t "$root"/build*/server/wcc-server 2>/dev/null | head -1 || true)}

for tool in kamailio sqlite3 cc pkg-config md5sum ss; do
  command -v "$tool" >/dev/null || { echo "server-register.sh: needs $tool (build-aux/wcc-deps)" >&2; exit 1; }
done
[ -x "$wcc_server" ] || { echo "server-register.sh: no wcc-server; build one or set WCC_SERVER" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
kamailio_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$kamailio_pid" ] && kill -- "-$kamailio_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/register-load" "$here/register-load.c" $(pkg-config --cflags --libs glib-2.0)

# The users: "bench" client, employee IDs 5000…, SIP password "pw-ID". wcc-server keeps
# only the HA1 (written straight into its store: `wcc-server admin set-sip-password` would
# do the same one user at a time); Kamailio computes the password from the user name.
SU_DEBUG=0 "$wcc_server" admin --data-dir "$work/data" create-client bench >/dev/null
{
  echo "BEGIN;"
  for ((i = first_user; i < first_user + users; i++)); do
    ha1=$(printf '%s' "$i:bench:pw-$i" | md5sum | cut -d' ' -f1)
    echo "INSERT INTO users (client_id, employee_id, password_hash, sip_ha1, created_at, updated_at)" \
         "SELECT id, '$i', '!', '$ha1', 0, 0 FROM clients WHERE name = 'bench';"
  done
  echo "COMMIT;"
} | sqlite3 "$work/data/wcc.db"

cat > "$work/kamailio.cfg" <<EOF
#!KAMAILIO
debug=1
log_stderror=yes
children=2
listen=udp:127.0.0.1:$kamailio_port
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/:/usr/lib/kamailio/modules/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
request_route {
  if (is_method("REGISTER")) {
    if (!pv_www_authenticate("\$td", "pw-\$tU", "0")) { www_challenge("\$td", "1"); exit; }
    if (!save("location")) sl_reply_error();
    exit;
  }
  sl_send_reply("404", "Not here");
}
EOF
kamailio -c -f "$work/kamailio.cfg" >/dev/null 2>&1 || { kamailio -c -f "$work/kamailio.cfg"; exit 1; }

wait_udp () {
  for _ in $(seq 100); do
    ss -Hlun "sport = :$1" | grep -q . && return 0
    sleep 0.05
  done
  echo "server-register.sh: nothing listens on UDP $1" >&2
  exit 1
}

# CPU ticks (user + system) of the processes given.
ticks () {
  local sum=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}

# One run against 127.0.0.1:$1 whose processes are listed by the command $2: prints
# "registrations cpu-seconds".
measure () {
  local port=$1 pids_of=$2 before after out
  before=$(ticks $($pids_of))
  out=$("$work/register-load" "127.0.0.1:$port" bench "$first_user" "$users" "$window" "$run_seconds") || {
    echo "server-register.sh: the load generator failed: $out" >&2; exit 1; }
  after=$(ticks $($pids_of))
  echo "$(echo "$out" | awk '{print $2}') $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}')"
}

wcc_pids () { echo "$server_pid"; }
kamailio_pids () { pgrep -g "$kamailio_pid" || true; }

SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0 \
  "$wcc_server" --data-dir "$work/data" --listen 127.0.0.1:0 --sip "127.0.0.1:$wcc_port" \
  >"$work/wcc-server.log" 2>&1 &
server_pid=$!
setsid kamailio -DD -E -f "$work/kamailio.cfg" -m 64 -M 8 >"$work/kamailio.log" 2>&1 &
kamailio_pid=$!
wait_udp "$wcc_port"
wait_udp "$kamailio_port"

echo "REGISTER with digest (MD5, qop=auth) over UDP on loopback: $users users, $window at a time,"
echo "$rounds runs of $run_seconds s each, alternating; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %6s %14s %8s %16s\n' server run registrations "CPU s" "per CPU-second"
declare -a wcc_rates kamailio_rates
for ((r = 1; r <= rounds; r++)); do
  read -r n cpu < <(measure "$wcc_port" wcc_pids)
  rate=$(awk -v n="$n" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0 ? n / c : 0)}')
  wcc_rates+=("$rate")
  printf '%-12s %6s %14s %8s %16s\n' wcc-server "$r" "$n" "$cpu" "$rate"
  read -r n cpu < <(measure "$kamailio_port" kamailio_pids)
  rate=$(awk -v n="$n" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0 ? n / c : 0)}')
  kamailio_rates+=("$rate")
  printf '%-12s %6s %14s %8s %16s\n' kamailio "$r" "$n" "$cpu" "$rate"
done

median () { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
wcc_median=$(median "${wcc_rates[@]}")
kamailio_median=$(median "${kamailio_rates[@]}")
bindings=$(sqlite3 "$work/data/wcc.db" "SELECT count(*) FROM sip_bindings;")
echo "median per CPU-second: wcc-server $wcc_median, kamailio $kamailio_median"
echo "ratio wcc-server / kamailio: $(awk -v a="$wcc_median" -v b="$kamailio_median" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}') (target: at least 0.50)"
echo "bindings in wcc-server's store: $bindings"
