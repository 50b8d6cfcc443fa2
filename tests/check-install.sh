#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.sh BUILD-DIR: what `meson install` delivers, installed into a temporary
# directory (DESTDIR) and used from there:
#   - every program, the systemd unit, the settings file, the manual pages, the desktop file,
#     AppStream metainfo, GSettings schema and the translations are where they belong;
#   - systemd-analyze verifies the unit (pointed at the installed binary) without a warning,
#     and rates its sandbox (exposure at most 2.5 of 10);
#   - the installed settings file is valid as shipped and with every setting uncommented;
#   - each manual page names every long option of its program's --help, and each option it
#     names is one the program has;
#   - the installed wcc-server runs from the prefix: demo data, /health over HTTP, a backup
#     taken while it runs, a restore once it is stopped, then it starts on the restored data.
# TAP output.
set -euo pipefail

build=$(cd "$1" && pwd)
work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
n=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
fail () { echo "not ok $((n + 1)) - $*"; exit 1; }

destdir=$work/root
meson install -C "$build" --no-rebuild --destdir "$destdir" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "meson install"; }
prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
option () {
  meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]))' "$1"
}
app=$(option app)
root=$destdir$prefix
sysconfdir=$(option sysconfdir)
case $sysconfdir in /*) etc=$destdir$sysconfdir ;; *) etc=$root/$sysconfdir ;; esac
unit=$(find "$destdir" -name wcc-server.service -path '*/systemd/system/*' | head -1)

# ---- what is installed ----------------------------------------------------------------------
expect=("$root/bin/wcc-server" "$root/bin/wcc-sim" "$etc/wcc-server/wcc-server.conf" "$unit"
        "$root/share/man/man1/wcc-server.1" "$root/share/man/man1/wcc-sim.1"
        "$root/share/locale/zh_CN/LC_MESSAGES/wcc-desktop.mo" "$root/share/locale/ja/LC_MESSAGES/wcc-desktop.mo")
if [ "$app" = true ] || [ "$app" = True ]; then
  expect+=("$root/bin/wcc-agent" "$root/share/man/man1/wcc-agent.1"
           "$root/share/applications/org.wccdesktop.Agent.desktop"
           "$root/share/metainfo/org.wccdesktop.Agent.metainfo.xml"
           "$root/share/glib-2.0/schemas/org.wccdesktop.Agent.gschema.xml"
           "$root/share/icons/hicolor/scalable/apps/org.wccdesktop.Agent.svg")
fi
for f in "${expect[@]}"; do
  [ -n "$f" ] && [ -e "$f" ] || fail "not installed: $f"
done
ok "installed into $prefix: ${#expect[@]} files checked"

# ---- the systemd unit -----------------------------------------------------------------------
grep -q "^ExecStart=$prefix/bin/wcc-server " "$unit" || fail "the unit does not start $prefix/bin/wcc-server"
if command -v systemd-analyze >/dev/null; then
  # The unit as installed, but starting the binary where DESTDIR put it.
  sed "s|^ExecStart=$prefix/bin/wcc-server|ExecStart=$root/bin/wcc-server|" "$unit" >"$work/wcc-server.service"
  systemd-analyze verify --man=no "$work/wcc-server.service" >"$work/verify.log" 2>&1 ||
    { cat "$work/verify.log"; fail "systemd-analyze verify"; }
  [ ! -s "$work/verify.log" ] || { cat "$work/verify.log"; fail "systemd-analyze verify warned"; }
  exposure=$(systemd-analyze security --offline=yes "$work/wcc-server.service" 2>&1 |
             sed -n 's/.*Overall exposure level for wcc-server.service: \([0-9.]*\).*/\1/p')
  [ -n "$exposure" ] || fail "systemd-analyze security gave no exposure level"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.5) }' || fail "the unit's exposure is $exposure (more than 2.5)"
  for key in DynamicUser=yes StateDirectory=wcc-server ProtectSystem=strict NoNewPrivileges=yes \
             CapabilityBoundingSet=CAP_NET_BIND_SERVICE Restart=on-failure Type=notify; do
    grep -qx "$key" "$unit" || fail "the unit lacks $key"
  done
  ok "systemd-analyze verify: no warning; sandbox exposure $exposure"
else
  echo "ok $((n += 1)) # SKIP systemd-analyze is not installed"
fi

# ---- the settings file ----------------------------------------------------------------------
server=$root/bin/wcc-server
export LC_ALL=C.UTF-8
unset G_SLICE
"$server" --config "$etc/wcc-server/wcc-server.conf" --check >/dev/null ||
  fail "the installed wcc-server.conf is not valid"
sed 's/^#\([a-z+]\)/\1/' "$etc/wcc-server/wcc-server.conf" >"$work/all.conf"
grep -q '^https-key = ' "$work/all.conf" || fail "uncommenting the settings file did not work"
"$server" --config "$work/all.conf" --check >/dev/null ||
  fail "wcc-server.conf lists a setting the server does not know"
ok "wcc-server.conf valid as shipped and with every setting uncommented"

# ---- manual pages against --help --------------------------------------------------------------
long_options () {   # the --options a --help output lists
  grep -oE -- '--[a-z][a-z-]*' | grep -vx -- '--help' | sort -u
}
man_options () {    # the --options a page names (troff escapes \- taken off)
  sed 's/\\-/-/g' "$1" | grep -oE -- '--[a-z][a-z-]*' | sort -u
}
check_page () {     # PAGE HELP-TEXT…
  local page=$1 missing extra
  shift
  printf '%s\n' "$@" | long_options >"$work/help-options"
  man_options "$page" >"$work/man-options"
  missing=$(comm -23 "$work/help-options" "$work/man-options" | tr '\n' ' ')
  [ -z "$missing" ] || fail "$(basename "$page") lacks $missing"
  extra=$(comm -13 "$work/help-options" "$work/man-options" | { grep -vxE -- '--help(-all|-gapplication)?' || true; } | tr '\n' ' ')
  [ -z "$extra" ] || fail "$(basename "$page") names options the program does not have: $extra"
}
check_page "$root/share/man/man1/wcc-server.1" "$("$server" --help)" "$("$server" admin --help)" \
  "$("$server" backup --help)" "$("$server" restore --help)"
check_page "$root/share/man/man1/wcc-sim.1" "$("$root/bin/wcc-sim" --help)"
pages="wcc-server.1 wcc-sim.1"
if [ -x "$root/bin/wcc-agent" ]; then
  check_page "$root/share/man/man1/wcc-agent.1" "$("$root/bin/wcc-agent" --help)"
  pages="$pages wcc-agent.1"
fi
ok "manual pages match --help: $pages"

# ---- the installed server runs, backs up and restores ------------------------------------------
data=$work/data
"$server" --demo --data-dir "$data" --listen 127.0.0.1:0 --sip 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on http" "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the installed wcc-server exited"; }
  sleep 0.2
done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.log")
[ -n "$url" ] || { cat "$work/server.log"; fail "the installed wcc-server did not listen"; }
health=$(curl -sf "$url/api/v1/health") || fail "GET $url/api/v1/health"
grep -q '"wcc-server"' <<<"$health" || fail "GET $url/api/v1/health: $health"
ok "the installed wcc-server runs from $prefix: $url"

"$server" backup --data-dir "$data" "$work/backup.db" >/dev/null || fail "backup while running"
if "$server" restore --data-dir "$data" "$work/backup.db" >"$work/restore.log" 2>&1; then
  fail "restore under a running server was not refused"
fi
grep -q "stop it first" "$work/restore.log" || { cat "$work/restore.log"; fail "restore's refusal"; }
kill "$server_pid"
wait "$server_pid" || true
server_pid=
"$server" restore --data-dir "$data" "$work/backup.db" >/dev/null || fail "restore once stopped"
compgen -G "$data/wcc.db.before-restore-*" >/dev/null || fail "the replaced database was not kept"
users=$("$server" admin --data-dir "$data" list-users demo) || fail "admin list-users on the restored database"
grep -q '1001' <<<"$users" || fail "the restored database lacks the demo users"
ok "backup while running, restore refused while running, restore once stopped"

echo "1..$n"
