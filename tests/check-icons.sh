#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-icons.sh: every icon the app names (in ui/*.ui and src/app/*.c) exists in the icon
# theme the app runs with (Adwaita, hicolor) or among its own (data/icons): a missing one
# shows as a broken-image square (the transfer button's did).
#   tests/check-icons.sh SOURCE-ROOT
set -euo pipefail
root=${1:-.}
themes=(/usr/share/icons/Adwaita /usr/share/icons/hicolor "$root/data/icons")
missing=0
names=$( { grep -oh '"icon-name">[A-Za-z0-9._-]*' "$root"/ui/*.ui | sed 's/.*>//'
           grep -ohE '(icon_name|from_icon_name|set_icon_name) \("[A-Za-z0-9._-]+"' "$root"/src/app/*.c | sed 's/.*("//; s/"$//'
           grep -ohE '"[A-Za-z0-9._-]+-symbolic"' "$root"/src/app/*.c | tr -d '"'
         } | sort -u)
count=0
for name in $names; do
  count=$((count + 1))
  if ! find "${themes[@]}" \( -name "$name.svg" -o -name "$name.png" \) -print -quit 2>/dev/null | grep -q .; then
    echo "check-icons: no icon \"$name\" in ${themes[*]}" >&2
    missing=1
  fi
done
[ "$count" -gt 20 ] || { echo "check-icons: found only $count icon names: the patterns are broken" >&2; exit 1; }
[ "$missing" -eq 0 ] && echo "check-icons: $count icon names, all found"
exit "$missing"
