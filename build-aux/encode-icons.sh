#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# encode-icons.sh: turns the app's own symbolic SVGs (data/icons/src) into the .symbolic.png
# files the resource carries (data/icons/hicolor/SIZE/status), so that drawing them never
# loads the SVG renderer (librsvg, ~6 MiB a process). The PNGs are committed; run this only
# after changing an SVG. Needs gtk4-encode-symbolic-svg (libgtk-4-bin) and librsvg2-common.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
for svg in "$here"/data/icons/src/*-symbolic.svg; do
  for size in 16 32; do
    out=$here/data/icons/hicolor/${size}x${size}/status
    mkdir -p "$out"
    gtk4-encode-symbolic-svg -o "$out" "$svg" "${size}x${size}"
  done
done
