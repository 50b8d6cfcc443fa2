#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# app-idle.sh: what the agent desktop costs when it sits logged in, registered and idle,
# next to GNOME Calls, Linphone desktop and an empty GTK 4 + libadwaita window, all under
# one Xvfb, one D-Bus session and one unlocked keyring, in one run:
#   - time from exec to the first mapped top-level window (bench/first-window.c, from the X
#     server's MapNotify events), median of RUNS warm runs after one unmeasured run;
#   - after SETTLE seconds, IDLE seconds idle: CPU seconds (utime + stime of all threads,
#     /proc/PID/stat, and the exact on-CPU time from /proc/PID/task/*/schedstat) per idle
#     minute, wake-ups (context switches of all threads) per minute,
#     and the PSS at the end (/proc/PID/smaps_rollup), with the RSS and the [heap]'s private
#     dirty pages, which do not move with what other processes map, as PSS does.
# The GTK 4 programs run with GSK_RENDERER=cairo and with GSK_RENDERER=gl (Mesa llvmpipe
# under Xvfb; GTK's default for the empty window); wcc-agent also with no GSK_RENDERER, its
# own choice (cairo where OpenGL is software: src/app/wcc-renderer.c). GNOME Calls (GTK 3)
# draws with cairo, Linphone (Qt Quick) with OpenGL, whatever we ask. The apps run one at a time: PSS splits the pages of shared
# libraries between the processes that map them, so a neighbour would lower the figure.
#
# wcc-agent logs in by itself (a remembered password in the keyring, `--server URL`) as
# 1001@demo of a `wcc-server --demo` on ephemeral ports and registers its softphone; the
# server's GET /api/v1/agent/state shows phones ≥ 1 before the idle minute starts.
# GNOME Calls and Linphone register to the same server with a demo SIP password: Linphone
# as 1002@demo (sip-1002) through an outbound proxy; GNOME Calls has no proxy setting (the
# account's host is both the registrar and the domain), so it is 1002@localhost of a
# client named "localhost" made for the run, with the SIP password sip-1002.
#
#   bench/app-idle.sh [IDLE-SECONDS]        (default 60; about 10 minutes in all)
#   RUNS=3 SETTLE=5 APPS="wcc empty" bench/app-idle.sh 20
#   WCC_BUILD=_build-h bench/app-idle.sh
#   SMAPS=/tmp/smaps RUNS=1 APPS="wcc empty" bench/app-idle.sh 5   # keeps /proc/PID/smaps
#   SHOTS=/tmp/shots RUNS=1 APPS=wcc bench/app-idle.sh 5     # a screenshot of each idle screen (imagemagick)
#   IDLE_RUNS=3 bench/app-idle.sh 20     # the idle measurement 3 times, median PSS compared
#   WCC_RENDERERS=gl APPS=wcc WCC_WRAP="heaptrack -o /tmp/ht" bench/app-idle.sh 10
#                                        # one renderer only; the app run under a wrapper (no
#                                        # first-window runs then, which would replace its record) and
#                                        # killed where it sits (heaptrack: live = "leaked")
set -euo pipefail

idle_seconds=${1:-60}
settle_seconds=${SETTLE:-10}
runs=${RUNS:-5}
apps=${APPS:-"wcc empty calls linphone"}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${WCC_BUILD:-$(ls -td "$root"/_build* "$root"/build* 2>/dev/null |
                     while read -r d; do [ -x "$d/src/app/wcc-agent" ] && [ -x "$d/server/wcc-server" ] && echo "$d"; done |
                     head -1 || true)}
[[ "$build" = /* ]] || build="$PWD/$build"

# ---- what it needs (installs nothing) ------------------------------------------------------
if [ -z "${APP_IDLE_INNER:-}" ]; then
  missing=()
  need () {   # COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null || missing+=("$2")
  }
  need Xvfb xvfb
  need dbus-run-session dbus
  need gnome-keyring-daemon gnome-keyring
  need secret-tool libsecret-tools
  need gdbus libglib2.0-bin
  need curl curl
  need cc gcc
  need pkg-config pkg-config
  pkg-config --exists x11 2>/dev/null || missing+=(libx11-dev)
  pkg-config --exists libadwaita-1 2>/dev/null || missing+=(libadwaita-1-dev)
  case " $apps " in *" calls "*) need gnome-calls gnome-calls;; esac
  case " $apps " in *" linphone "*) need linphone linphone-desktop;; esac
  if [ ${#missing[@]} -gt 0 ]; then
    echo "app-idle.sh: missing; install with:" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "  (or leave apps out: APPS=\"wcc empty\")" >&2
    exit 1
  fi
  if [ -z "$build" ] || [ ! -x "$build/src/app/wcc-agent" ] || [ ! -x "$build/server/wcc-server" ]; then
    echo "app-idle.sh: no build with src/app/wcc-agent and server/wcc-server; build one or set WCC_BUILD" >&2
    exit 1
  fi

  # Everything the apps write goes to a fresh directory; the run gets its own D-Bus session.
  work=$(mktemp -d)
  mkdir -m 700 "$work/run"
  mkdir -p "$work/config" "$work/data" "$work/cache" "$work/logs"
  export APP_IDLE_INNER=1 APP_IDLE_WORK="$work" WCC_BUILD="$build"
  export XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
         XDG_CACHE_HOME="$work/cache"
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  rm -rf "$work"
  exit $status
fi

# ---- inside the D-Bus session ---------------------------------------------------------------
work=$APP_IDLE_WORK
logs=$work/logs
xvfb_pid=
keyring_pid=
server_pid=
app_pid=
cleanup () {
  [ -n "$app_pid" ] && kill -- "-$app_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then cp -r "$logs" "${KEEP}" && echo "logs kept in $KEEP"; fi
}
trap cleanup EXIT

export SU_DEBUG=0 TPORT_DEBUG=0 NTA_DEBUG=0 NUA_DEBUG=0
export GTK_A11Y=none NO_AT_BRIDGE=1 LC_ALL=C.UTF-8
export G_MESSAGES_DEBUG=wcc-renderer   # says which renderer wcc-agent chose
export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$WCC_BUILD/data"

cc -O2 -o "$work/first-window" "$here/first-window.c" $(pkg-config --cflags --libs x11)
cc -O2 -o "$work/empty-adw-window" "$here/empty-adw-window.c" $(pkg-config --cflags --libs libadwaita-1)

# One X server for everything; -displayfd picks a free display number.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$logs/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -1 "$work/display")"
unset WAYLAND_DISPLAY

printf 'bench' | gnome-keyring-daemon --foreground --unlock --components=secrets >"$logs/keyring.log" 2>&1 &
keyring_pid=$!

# The server: the demo client, and a client "localhost" for GNOME Calls (see above).
server=$WCC_BUILD/server/wcc-server
"$server" admin --data-dir "$work/wcc" create-client localhost >/dev/null
printf 'wcc-1002\n' | "$server" admin --data-dir "$work/wcc" create-user 1002@localhost --roles agent >/dev/null
printf 'sip-1002\n' | "$server" admin --data-dir "$work/wcc" set-sip-password 1002@localhost >/dev/null
"$server" --demo --listen 127.0.0.1:0 --sip 127.0.0.1:0 --data-dir "$work/wcc" >"$logs/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do grep -q 'listening on http://' "$logs/server.log" && break; sleep 0.05; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$logs/server.log" | head -1)
url=${url%/}
sip_port=$(sed -n 's/.*SIP on sip:[^ ]*:\([0-9]*\).*/\1/p' "$logs/server.log" | head -1)
[ -n "$url" ] && [ -n "$sip_port" ] || { echo "app-idle.sh: the server did not start:" >&2; cat "$logs/server.log" >&2; exit 1; }

# Our app: the login it remembers, in the keyring under the attributes it looks up with
# (src/app/wcc-password-store.c) and in its settings.
for _ in $(seq 100); do
  printf 'wcc-1001' | secret-tool store --label "WCC Agent password for 1001@demo" \
    xdg:schema org.wccdesktop.Agent.Password server "$url" account 1001@demo 2>/dev/null && break
  sleep 0.1
done
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<EOF
[org/wccdesktop/Agent]
server-url='$url'
last-account='1001@demo'
remember-password=true
EOF

# GNOME Calls: its SIP account file and the password in its keyring schema.
export CALLS_SIP_ACCOUNT_FILE="$work/calls-sip-account.cfg"
cat > "$CALLS_SIP_ACCOUNT_FILE" <<EOF
[sip-00]
Id=1002@localhost
Host=localhost
User=1002
DisplayName=Bench
Protocol=UDP
Port=$sip_port
AutoConnect=true
DirectMode=false
LocalPort=0
CanTel=false
MediaEncryption=0
EOF
printf 'sip-1002' | secret-tool store --label "Calls Password for 1002@localhost" \
  xdg:schema sm.puri.Calls server localhost username 1002 protocol sip

# Linphone: a config with the account, its password and random local ports.
cat > "$work/linphonerc" <<EOF
[sip]
sip_port=-1
sip_tcp_port=0
sip_tls_port=0
default_proxy=0

[proxy_0]
reg_proxy=<sip:127.0.0.1:$sip_port;transport=udp>
reg_identity="Bench" <sip:1002@demo>
reg_expires=3600
reg_sendregister=1
publish=0

[auth_info_0]
username=1002
passwd=sip-1002
realm=demo
domain=demo
EOF

# ---- the server's view of an account's phones ------------------------------------------------
token_of () {   # ACCOUNT PASSWORD
  curl -sf -X POST -H 'Content-Type: application/json' \
       -d "{\"account\": \"$1\", \"password\": \"$2\"}" "$url/api/v1/login" |
    sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p'
}
phones_of () {   # TOKEN
  curl -sf -H "Authorization: Bearer $1" "$url/api/v1/agent/state" |
    sed -n 's/.*"phones" *: *\([0-9]*\).*/\1/p'
}
wait_phones () {   # TOKEN at-least|none SECONDS: 0 when reached
  local deadline=$((SECONDS + $3)) n
  while [ $SECONDS -lt $deadline ]; do
    n=$(phones_of "$1"); n=${n:-0}
    if [ "$2" = at-least ] && [ "$n" -ge 1 ]; then return 0; fi
    if [ "$2" = none ] && [ "$n" -eq 0 ]; then return 0; fi
    sleep 0.2
  done
  return 1
}
token_1001=$(token_of 1001@demo wcc-1001)
token_1002=$(token_of 1002@demo wcc-1002)
token_calls=$(token_of 1002@localhost wcc-1002)
[ -n "$token_1001" ] && [ -n "$token_1002" ] && [ -n "$token_calls" ] ||
  { echo "app-idle.sh: could not log in to the server to watch the phones" >&2; exit 1; }

# ---- the programs -----------------------------------------------------------------------------
# NAME RENDERER: the command line, the environment, the account token, how to stop it.
command_of () {
  case "$1" in
    wcc) echo "${WCC_WRAP:-} $WCC_BUILD/src/app/wcc-agent --server $url";;
    empty) echo "$work/empty-adw-window";;
    calls) echo "gnome-calls";;
    linphone) echo "linphone --config $work/linphonerc";;
  esac
}
token_for () {
  case "$1" in wcc) echo "$token_1001";; calls) echo "$token_calls";; linphone) echo "$token_1002";; *) echo "";; esac
}
renderer_env () {   # RENDERER: cairo | gl (forced) | default (the program's own choice) | own
  case "$1" in cairo) echo "GSK_RENDERER=cairo";; gl) echo "GSK_RENDERER=gl";; *) echo "-u GSK_RENDERER";; esac
}
label_of () {
  case "$1 $2" in
    "wcc cairo") echo "wcc-agent, cairo";;
    "wcc gl") echo "wcc-agent, GL (llvmpipe)";;
    "wcc default") echo "wcc-agent, own choice";;
    "empty cairo") echo "empty Adw window, cairo";;
    "empty gl") echo "empty Adw window, GL (llvmpipe)";;
    "calls own") echo "GNOME Calls (GTK 3, cairo)";;
    "linphone own") echo "Linphone (Qt Quick, GL llvmpipe)";;
  esac
}
launch () {   # NAME RENDERER LOG WINDOWS → "PID T1 [T2]"
  local cmd
  cmd=$(command_of "$1")
  # shellcheck disable=SC2046,SC2086
  env $(renderer_env "$2") "$work/first-window" -n "$4" -t 30 -o "$3" -- $cmd
}
gone () {   # PID SECONDS: waits for it to exit
  local deadline=$((SECONDS + $2))
  while [ -d "/proc/$1" ] && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  [ ! -d "/proc/$1" ]
}
stop () {   # NAME PID
  # Under WCC_WRAP (heaptrack, say) the app is killed where it sits, so that what the
  # wrapper records as "leaked" is what was live while idle.
  if [ "$1" = wcc ] && [ -n "${WCC_WRAP:-}" ]; then
    pkill -KILL -f "^$WCC_BUILD/src/app/wcc-agent" || true
  fi
  if [ "$1" = wcc ]; then
    # As the Quit menu item does: the softphone un-registers first.
    gdbus call --session --dest org.wccdesktop.Agent --object-path /org/wccdesktop/Agent \
      --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null 2>&1 || true
    gone "$2" 10 || true
  fi
  kill -- "-$2" 2>/dev/null || true
  gone "$2" 5 || kill -KILL -- "-$2" 2>/dev/null || true
  gone "$2" 5 || true
  app_pid=
}
median () { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu_ticks () { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Per thread: "TID on-CPU-ns context-switches" (schedstat is exact where utime + stime count
# whole 10 ms ticks). Deltas are taken per thread: a thread pool's worker that ends during
# the minute would otherwise take its whole past out of the sum.
thread_counters () {
  local t
  for t in /proc/"$1"/task/*; do
    echo "${t##*/} $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)" \
         "$(awk '/ctxt_switches/ { n += $2 } END { print n + 0 }' "$t/status" 2>/dev/null || echo 0)" \
         "$(tr -c '[:alnum:]_.:\n-' _ <"$t/comm" 2>/dev/null || echo gone)"
  done
}
# The threads that woke during the idle minute, per minute: "main 6 (1.2 ms), wcc-agent 60
# (3.9 ms)" — wake-ups and on-CPU time.
thread_wakers () {  # BEFORE-FILE AFTER-FILE PID SECONDS
  awk -v pid="$3" -v s="$4" 'NR == FNR { ns[$1] = $2; sw[$1] = $3; next }
       { n = int(($3 - (($1 in sw) ? sw[$1] : 0)) * 60 / s + 0.5)
         ms = ($2 - (($1 in ns) ? ns[$1] : 0)) / 1e6 * 60 / s
         if (n > 0) printf "%d %s %.1f\n", n, ($1 == pid ? "main" : $4), ms }' "$1" "$2" |
    sort -rn | head -6 | awk '{ printf "%s%s %d (%s ms)", (NR > 1 ? ", " : ""), $2, $1, $3 } END { print "" }'
}
thread_delta () {   # BEFORE-FILE AFTER-FILE FIELD(2 = ns, 3 = switches)
  awk -v f="$3" 'NR == FNR { before[$1] = $f; next } { d += $f - (($1 in before) ? before[$1] : 0) } END { printf "%.0f\n", d }' "$1" "$2"
}
pss_kib () { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
# RSS and the heap's private dirty pages: unlike PSS they do not move with what other
# processes map, so they compare builds on a busy machine (other sessions' UI tests).
rss_kib () { awk '/^Rss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
heap_kib () {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { heap = ($6 == "[heap]") } /^Private_Dirty:/ { if (heap) n += $2 } END { print n + 0 }' "/proc/$1/smaps"
}
# PSS without Mesa's libraries (libLLVM, the DRI driver, GLX): Xvfb maps the same ones for
# its own GLX, so their share moves by up to 25 MiB from run to run with what Xvfb touched.
pss_without_mesa_kib () {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { mesa = ($6 ~ /libLLVM|\/dri\/|libGLX_mesa|libglapi|libgbm|libgallium|libEGL_mesa/) }
       /^Pss:/ { if (!mesa) n += $2 } END { print n + 0 }' "/proc/$1/smaps"
}

configs=()
for app in $apps; do
  case "$app" in
    wcc) for r in ${WCC_RENDERERS:-cairo gl default}; do configs+=("$app $r"); done;;
    empty) configs+=("$app cairo" "$app gl");;
    calls|linphone) configs+=("$app own");;
    *) echo "app-idle.sh: unknown app $app (wcc, empty, calls, linphone)" >&2; exit 1;;
  esac
done

hz=$(getconf CLK_TCK)
echo "app-idle.sh: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  wcc-agent from $WCC_BUILD; server $url, SIP port $sip_port; display $DISPLAY"
echo "  $runs warm runs for the first window; idle: ${settle_seconds} s settle, then ${idle_seconds} s"

# ---- idle ---------------------------------------------------------------------------------------
# Before the timed launches: GNOME Calls and Linphone, stopped with a signal, leave their
# registrations behind, and a later check of their phones would count those.
declare -A first main registered cpu cpu_ms wakeups pss pss_runs pss_nm pss_nm_runs rss rss_runs heap heap_runs
idle_runs=${IDLE_RUNS:-1}
# Mesa keeps the shaders llvmpipe compiled in an on-disk cache ($XDG_CACHE_HOME/mesa_shader_cache,
# fresh for this run). A program that compiles its shaders keeps ~30 MiB more heap than one
# that loads them from the cache (wcc-agent's [heap] 110 against 78 MiB), and the empty
# window measured after wcc-agent finds all of its shaders cached: one unmeasured launch of
# each GL program first, so that every measured one starts as on any day but the first.
for config in "${configs[@]}"; do
  read -r app renderer <<<"$config"
  [ "$renderer" = cairo ] || [ "$app" = calls ] && continue
  token=$(token_for "$app")
  read -r pid _ < <(launch "$app" "$renderer" "$logs/$app-$renderer-warm.log" 1)
  app_pid=$pid
  if [ -n "$token" ]; then wait_phones "$token" at-least 30 || true; fi
  sleep 3
  stop "$app" "$pid"
  [ -n "$token" ] && { wait_phones "$token" none 10 || true; }
done
for pass in $(seq "$idle_runs"); do
for config in "${configs[@]}"; do
  read -r app renderer <<<"$config"
  key="$app-$renderer"
  token=$(token_for "$app")
  read -r pid _ < <(launch "$app" "$renderer" "$logs/$key-idle.log" 1)
  app_pid=$pid
  registered[$key]=-
  if [ -n "$token" ]; then
    if wait_phones "$token" at-least 30; then registered[$key]=yes; else registered[$key]=no; fi
  fi
  sleep "$settle_seconds"
  c0=$(cpu_ticks "$pid"); thread_counters "$pid" >"$work/threads-before"
  sleep "$idle_seconds"
  c1=$(cpu_ticks "$pid"); thread_counters "$pid" >"$work/threads-after"
  pss[$key]=$(pss_kib "$pid")
  pss_nm[$key]=$(pss_without_mesa_kib "$pid")
  rss[$key]=$(rss_kib "$pid")
  heap[$key]=$(heap_kib "$pid")
  # SMAPS=DIR keeps each program's mappings, to see where its memory is
  if [ -n "${SMAPS:-}" ]; then mkdir -p "$SMAPS"; cp "/proc/$pid/smaps" "$SMAPS/$key.smaps"; fi
  # SHOTS=DIR keeps a screenshot of the idle screen (ImageMagick's import), to compare builds
  if [ -n "${SHOTS:-}" ]; then mkdir -p "$SHOTS"; import -window root "$SHOTS/$key-$pass.png" 2>/dev/null || true; fi
  cpu[$key]=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v s="$idle_seconds" 'BEGIN { printf "%.2f", (b - a) / hz * 60 / s }')
  cpu_ms[$key]=$(awk -v d="$(thread_delta "$work/threads-before" "$work/threads-after" 2)" -v s="$idle_seconds" \
                   'BEGIN { printf "%.1f", d / 1e6 * 60 / s }')
  wakeups[$key]=$(awk -v d="$(thread_delta "$work/threads-before" "$work/threads-after" 3)" -v s="$idle_seconds" \
                    'BEGIN { printf "%.0f", d * 60 / s }')
  stop "$app" "$pid"
  [ -n "$token" ] && wait_phones "$token" none 10 || true
  printf '  idle: %-34s registered %-3s CPU %s s/min (%s ms), %s wake-ups/min, PSS %.1f MiB (%.1f without Mesa)\n' \
    "$(label_of "$app" "$renderer")" "${registered[$key]}" "${cpu[$key]}" "${cpu_ms[$key]}" "${wakeups[$key]}" \
    "$(awk -v k="${pss[$key]}" 'BEGIN { print k / 1024 }')" "$(awk -v k="${pss_nm[$key]}" 'BEGIN { print k / 1024 }')"
  echo "        per minute by thread, wake-ups (CPU): $(thread_wakers "$work/threads-before" "$work/threads-after" "$pid" "$idle_seconds")"
  pss_runs[$key]="${pss_runs[$key]:-} ${pss[$key]}"
  pss_nm_runs[$key]="${pss_nm_runs[$key]:-} ${pss_nm[$key]}"
  rss_runs[$key]="${rss_runs[$key]:-} ${rss[$key]}"
  heap_runs[$key]="${heap_runs[$key]:-} ${heap[$key]}"
done
done
# PSS shares each library's pages among the processes mapping them, Xvfb's Mesa among
# them: a figure moves by up to 25 MiB between runs of the same program. The median of the
# IDLE_RUNS passes is the one compared.
if [ "$idle_runs" -gt 1 ]; then
  for key in "${!pss_runs[@]}"; do
    pss[$key]=$(printf '%s\n' ${pss_runs[$key]} | median)
    pss_nm[$key]=$(printf '%s\n' ${pss_nm_runs[$key]} | median)
    printf '  PSS over %s passes: %-30s %s KiB (median %s)\n' "$idle_runs" "$key" "${pss_runs[$key]}" "${pss[$key]}"
    rss[$key]=$(printf '%s\n' ${rss_runs[$key]} | median)
    heap[$key]=$(printf '%s\n' ${heap_runs[$key]} | median)
    printf '  RSS over %s passes: %-30s %s KiB (median %s); [heap] private dirty %s (median %s)\n' \
      "$idle_runs" "$key" "${rss_runs[$key]}" "${rss[$key]}" "${heap_runs[$key]}" "${heap[$key]}"
  done
fi

# ---- first window -----------------------------------------------------------------------------
for config in "${configs[@]}"; do
  read -r app renderer <<<"$config"
  key="$app-$renderer"
  # Under a wrapper the times mean nothing, and its record of the idle run would be replaced.
  if [ "$app" = wcc ] && [ -n "${WCC_WRAP:-}" ]; then first[$key]=-; main[$key]=-; continue; fi
  windows=1; [ "$app" = wcc ] && windows=2   # the login window, then the main window
  times=(); mains=()
  for run in $(seq 0 "$runs"); do
    read -r pid t1 t2 < <(launch "$app" "$renderer" "$logs/$key-start.log" "$windows")
    app_pid=$pid
    if [ "$run" -gt 0 ]; then   # run 0 warms the caches
      [ "$t1" != timeout ] && times+=("$t1")
      [ -n "${t2:-}" ] && [ "$t2" != timeout ] && mains+=("$t2")
    fi
    stop "$app" "$pid"
    [ "$app" = wcc ] && { wait_phones "$token_1001" none 10 || true; }
    sleep 0.5
  done
  first[$key]=$(printf '%s\n' "${times[@]}" | median)
  main[$key]=$( [ ${#mains[@]} -gt 0 ] && printf '%s\n' "${mains[@]}" | median || echo -)
  printf '  first window: %-34s %s s (runs: %s)\n' "$(label_of "$app" "$renderer")" "${first[$key]}" "${times[*]}"
done

# ---- table, ratios, targets -----------------------------------------------------------------------
mib () { awk -v k="${pss[$1]:-}" 'BEGIN { if (k == "") print "-"; else printf "%.1f", k / 1024 }'; }
ratio () { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
has () { [ -n "${first[$1]:-}" ]; }

echo
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| program                            | first window s | logged-in window s | registered | CPU-s per idle min | CPU ms per idle min | wake-ups per min | PSS MiB |"
echo "|------------------------------------|---------------:|-------------------:|:----------:|-------------------:|--------------------:|-----------------:|--------:|"
for config in "${configs[@]}"; do
  read -r app renderer <<<"$config"
  key="$app-$renderer"
  printf '| %-34s | %14s | %18s | %10s | %18s | %19s | %16s | %7s |\n' "$(label_of "$app" "$renderer")" \
    "${first[$key]}" "${main[$key]}" "${registered[$key]}" "${cpu[$key]}" "${cpu_ms[$key]}" "${wakeups[$key]}" "$(mib "$key")"
done

echo
verdict () { if [ "$1" = 1 ]; then echo "met"; else echo "NOT MET"; fi; }
for r in cairo gl; do
  has "wcc-$r" || continue
  if has "empty-$r"; then
    echo "RSS wcc-agent − empty window ($r): $(awk -v a="${rss[wcc-$r]}" -v b="${rss[empty-$r]}" 'BEGIN { printf "%+.1f", (a - b) / 1024 }') MiB, of it [heap] $(awk -v a="${heap[wcc-$r]}" -v b="${heap[empty-$r]}" 'BEGIN { printf "%+.1f", (a - b) / 1024 }') MiB (neither moves with other processes, as PSS does)"
    echo "ratios wcc-agent / empty window ($r): first window $(ratio "${first[wcc-$r]}" "${first[empty-$r]}"), PSS $(ratio "${pss[wcc-$r]}" "${pss[empty-$r]}") (+$(awk -v a="${pss[wcc-$r]}" -v b="${pss[empty-$r]}" 'BEGIN { printf "%.1f", (a - b) / 1024 }') MiB)"
  fi
  for other in calls-own linphone-own; do
    has "$other" || continue
    echo "ratios wcc-agent ($r) / ${other%-own}: first window $(ratio "${first[wcc-$r]}" "${first[$other]}"), PSS $(ratio "${pss[wcc-$r]}" "${pss[$other]}"), CPU $(ratio "${cpu[wcc-$r]}" "${cpu[$other]}")"
  done
done

echo
echo "targets:"
if has wcc-default; then
  echo "  wcc-agent's own choice here: $(grep -q 'software here' "$logs/wcc-default-idle.log" 2>/dev/null && echo cairo || echo 'GTK default'); PSS $(mib wcc-default) MiB, first window ${first[wcc-default]} s"
fi
for r in cairo gl; do
  has "wcc-$r" || continue
  if has calls-own; then
    echo "  first window no later than GNOME Calls' ($r): ${first[wcc-$r]} s vs ${first[calls-own]} s: $(verdict "$(awk -v a="${first[wcc-$r]}" -v b="${first[calls-own]}" 'BEGIN { print (a <= b) }')")"
  fi
  if has "empty-$r"; then
    echo "  PSS within 16 MiB of the empty window ($r): $(mib "wcc-$r") vs $(mib "empty-$r") MiB: $(verdict "$(awk -v a="${pss[wcc-$r]}" -v b="${pss[empty-$r]}" 'BEGIN { print (a - b <= 16 * 1024) }')")"
    echo "    without Mesa's libraries: $(awk -v a="${pss_nm[wcc-$r]}" -v b="${pss_nm[empty-$r]}" 'BEGIN { printf "%.1f vs %.1f MiB, +%.1f", a / 1024, b / 1024, (a - b) / 1024 }'): $(verdict "$(awk -v a="${pss_nm[wcc-$r]}" -v b="${pss_nm[empty-$r]}" 'BEGIN { print (a - b <= 16 * 1024) }')")"
  fi
  echo "  no CPU when idle ($r): ${cpu_ms[wcc-$r]} ms of CPU per minute (under 10 ms, one clock tick, counts as none), ${wakeups[wcc-$r]} wake-ups per minute: $(verdict "$(awk -v c="${cpu_ms[wcc-$r]}" 'BEGIN { print (c + 0 < 10) }')")"
done
if has wcc-cairo && has calls-own; then
  echo "  PSS below GNOME Calls' (cairo): $(mib wcc-cairo) vs $(mib calls-own) MiB: $(verdict "$(awk -v a="${pss[wcc-cairo]}" -v b="${pss[calls-own]}" 'BEGIN { print (a < b) }')")"
fi
if has wcc-cairo; then
  echo "  wcc-agent registered during its idle runs: cairo ${registered[wcc-cairo]}, GL ${registered[wcc-gl]:-}"
fi
