#!/usr/bin/env bash
# update-po.sh SRCDIR: regenerates the template from po/POTFILES and merges it into each po (no fuzzy).
# Then: build-aux/fill-po.py po/LANG.po table.json fills new strings; tests/check-translations.sh checks.
set -euo pipefail
cd "$1"
tmp=$(mktemp -d)
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --files-from=po/POTFILES --output="$tmp/wcc.pot"
for lang in $(cat po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching --no-wrap --output-file="po/$lang.po.new" "po/$lang.po" "$tmp/wcc.pot"
  mv "po/$lang.po.new" "po/$lang.po"
done
rm -rf "$tmp"
