"""Fill the English catalogue from JSON files of {"中文 msgid": "English"} and drop fuzzy flags.

Usage: .venv/bin/python scripts/apply-english.py FILE.json [...]; then compilemessages.
"""

import json
import sys

import polib

PO = "locale/en/LC_MESSAGES/django.po"

po = polib.pofile(PO)
english = {}
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        english.update(json.load(handle))
filled = 0
for entry in po:
    if entry.obsolete or entry.msgid not in english:
        continue
    if entry.msgstr and "fuzzy" not in entry.flags:
        continue
    entry.msgstr = english[entry.msgid]
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    filled += 1
po.save(PO)
left = [
    e.msgid
    for e in po
    if not e.obsolete
    and ((not e.msgstr and not any(e.msgstr_plural.values())) or "fuzzy" in e.flags)
]
print(f"filled {filled}; still untranslated {len(left)}: {left[:10]}")
