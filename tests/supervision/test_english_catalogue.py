"""English is available for every string the product shows (source strings are Chinese)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]")


def entries():
    """(msgid, msgstr) pairs from the .po, joining continued lines; plurals give msgstr[0]."""
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#~" in block:
            continue
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d\]) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = fields.get("msgid")
        if msgid:
            yield msgid, fields.get("msgstr", fields.get("msgstr[0]", "")), block


def test_every_string_has_an_english_translation():
    missing = [msgid for msgid, msgstr, block in entries() if not msgstr or "#, fuzzy" in block]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_translations_keep_their_placeholders():
    broken = [
        msgid
        for msgid, msgstr, _block in entries()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))
    ]
    assert not broken, broken[:5]


def test_compiled_catalogue_matches_the_source():
    from django.utils import translation

    with translation.override("en"):
        stale = [
            msgid
            for msgid, msgstr, block in entries()
            if "msgid_plural" not in block
            and "\\" not in block
            and translation.gettext(msgid) != msgstr
        ]
    assert not stale, f"run compilemessages: {stale[:5]}"
