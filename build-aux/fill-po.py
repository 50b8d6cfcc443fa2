#!/usr/bin/env python3
# fill-po.py LANG.po JSON: sets the msgstr of untranslated msgids from {"msgid": {"zh_CN": "…", "ja": "…"}}
import sys, json, re, subprocess, os
po, table = sys.argv[1], json.load(open(sys.argv[2]))
lang = os.path.basename(po)[:-3]
text = open(po, encoding='utf-8').read()
def esc(s): return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
for msgid, tr in table.items():
    t = tr.get(lang)
    if t is None: continue
    pat = 'msgid "' + esc(msgid) + '"\nmsgstr ""\n'
    if pat in text:
        text = text.replace(pat, 'msgid "' + esc(msgid) + '"\nmsgstr "' + esc(t) + '"\n', 1)
    else:
        print("not found or translated:", msgid, file=sys.stderr)
open(po, 'w', encoding='utf-8').write(text)
