#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-flatpak.sh MANIFEST APP-ID: the Flatpak manifest, offline (the GNOME runtime cannot be
# downloaded here; docs/deploy.md has the real build). flatpak-builder reads it without a
# warning; it builds the app id and command we ship, the desktop app only (no server); every
# git source is pinned to a tag and a commit; and it asks for no more than it needs: no
# file-system access (files go through the portal), no device but the GPU, no D-Bus names
# (notifications, secrets and the camera go through portals), no session or system bus.
# TAP output.
set -euo pipefail
manifest=$1
app_id=$2
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

if ! flatpak-builder --show-manifest "$manifest" >"$out" 2>"$err"; then
  cat "$err"
  echo "not ok 1 - flatpak-builder cannot read $manifest"
  exit 1
fi
if [ -s "$err" ]; then
  cat "$err"
  echo "not ok 1 - flatpak-builder warns about $manifest"
  exit 1
fi
echo "ok 1 - flatpak-builder --show-manifest"

python3 - "$out" "$app_id" <<'PY'
import json, re, sys
manifest = json.load(open(sys.argv[1]))
app_id = sys.argv[2]
problems = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append("id is not " + app_id)
if manifest.get("command") != "wcc-agent":
    problems.append("command is not wcc-agent")
allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
           "--socket=pulseaudio", "--share=network"}
for arg in manifest.get("finish-args", []):
    if arg not in allowed:
        problems.append("asks for " + arg)
modules = manifest.get("modules", [])
ours = [m for m in modules if isinstance(m, dict) and m.get("name") == "wcc-desktop"]
if not ours or "-Dserver=false" not in ours[0].get("config-opts", []):
    problems.append("the wcc-desktop module does not build the app alone (-Dserver=false)")
for module in modules:
    for source in module.get("sources", []) if isinstance(module, dict) else []:
        if source.get("type") == "git":
            if not source.get("tag") or not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                problems.append(module["name"] + " is not pinned to a tag and a commit")
for p in problems:
    print("# " + p)
print(("not ok" if problems else "ok") + " 2 - app id, command, least permissions, pinned sources")
sys.exit(1 if problems else 0)
PY
echo "1..2"
