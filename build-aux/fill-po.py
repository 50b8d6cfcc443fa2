#!/usr/bin/env python3
# fill-po.py LANG.po JSON: sets the msgstr of untranslated msgids from {"msgid": {"zh_CN": "…", "ja": "…"}}
# (msgids as the program has them: real newlines; a msgid the .po splits over lines is found too).
import sys, json, re, os
po, table = sys.argv[1], json.load(open(sys.argv[2]))
lang = os.path.basename(po)[:-3]
text = open(po, encoding='utf-8').read()
def esc(s): return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
def unesc(s): return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)
# Every untranslated entry: its msgid lines, joined, and where its empty msgstr is.
entry = re.compile(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ""\n(?!")', re.M)
found = {}
for m in entry.finditer(text):
    msgid = unesc(''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    found.setdefault(msgid, m)
edits = []
for msgid, tr in table.items():
    t = tr.get(lang)
    if t is None: continue
    m = found.get(msgid)
    if m is None:
        print("not found or translated:", msgid, file=sys.stderr)
        continue
    edits.append((m.start(), m.end(), 'msgid ' + m.group(1) + 'msgstr "' + esc(t) + '"\n'))
for start, end, new in sorted(edits, reverse=True):
    text = text[:start] + new + text[end:]
open(po, 'w', encoding='utf-8').write(text)
