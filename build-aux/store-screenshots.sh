#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# store-screenshots.sh: the AppStream metainfo's screenshots, from those the UI tests take.
# Each <image> in data/org.wccdesktop.Agent.metainfo.xml.in follows a comment naming the UI
# test's screenshot it is ("<!-- from the UI tests: day-dashboard.png -->"); this copies
# each of them under the name its URL ends in, ready to upload to the screenshots' address.
#
#   build-aux/store-screenshots.sh SCREENSHOT-DIR OUT-DIR     (copies; fails on a missing one)
#   build-aux/store-screenshots.sh --check                    (each named screenshot is taken
#                                                              by a test under tests/app)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
metainfo=$root/data/org.wccdesktop.Agent.metainfo.xml.in

# "SOURCE TARGET" per image, in the metainfo's order.
pairs () {
  awk '
    /<!-- from the UI tests: / { sub(/.*<!-- from the UI tests: /, ""); sub(/ *-->.*/, ""); source = $0; next }
    /<image/ {
      line = $0; sub(/.*<image[^>]*>/, "", line); sub(/<\/image>.*/, "", line)
      n = split(line, parts, "/")
      if (source == "") { print "no source for " parts[n] > "/dev/stderr"; exit 1 }
      print source, parts[n]; source = ""
    }' "$metainfo"
}

if [ "${1:-}" = "--check" ]; then
  count=0
  while read -r source target; do
    count=$((count + 1))
    if grep -qF "\"$source\"" "$root"/tests/app/*.c; then
      echo "ok $count - $target comes from $source"
    elif base=${source%-*}; [ "$base" != "$source" ] && grep -qE "\"${base}-%s\\.png\"" "$root"/tests/app/*.c; then
      echo "ok $count - $target comes from $source (one per language)"
    else
      echo "not ok $count - no UI test saves $source (for $target)"
      failed=1
    fi
  done < <(pairs)
  echo "1..$count"
  exit ${failed:-0}
fi

[ $# -eq 2 ] || { echo "usage: $0 SCREENSHOT-DIR OUT-DIR | --check" >&2; exit 2; }
mkdir -p "$2"
pairs | while read -r source target; do
  [ -f "$1/$source" ] || { echo "store-screenshots: $1/$source is missing: run the UI tests first" >&2; exit 1; }
  cp "$1/$source" "$2/$target"
  echo "$2/$target"
done
