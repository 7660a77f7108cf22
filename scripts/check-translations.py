"""Fail when a string in the code or templates has no English in locale/en.

Runs makemessages into the catalogue, lists the msgids without a translation, and puts the
catalogue back exactly as it was. Fix a failure by adding the English (scripts/apply-english.py)
and running compilemessages.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

original = PO.read_bytes()
try:
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=.venv", "-v0"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    extracted = polib.pofile(str(PO))
finally:
    PO.write_bytes(original)

missing = [
    entry.msgid
    for entry in extracted
    if not entry.obsolete
    and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
]
if missing:
    print(f"{len(missing)} strings have no English in {PO.relative_to(ROOT)}:")
    for msgid in missing:
        print(f"  {msgid}")
    sys.exit(1)
print("every string has its English")
