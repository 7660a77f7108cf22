"""Bytes changed anywhere in a good .xlsx never crash the importer nor write half a file."""

import zipfile
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.spreadsheets.imports import workbook_import

from .hostile import Package, snapshot, written
from .workbooks import COMMUNITY_HEADERS

GOOD = written({"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, 298.5, 270]]})
FILES = {
    "deflated": GOOD.file().getvalue(),
    "stored": GOOD.file(compression=zipfile.ZIP_STORED).getvalue(),
}


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(FILES)),
    changes=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    cut=st.one_of(st.none(), st.floats(min_value=0.01, max_value=1)),
)
def test_changed_bytes_are_reported_never_raised(county, kind, changes, cut):
    data = bytearray(FILES[kind])
    for where, byte in changes:
        data[int(where * len(data))] = byte
    if cut is not None:
        data = data[: int(cut * len(data))]
    before = snapshot()
    report = workbook_import(file=BytesIO(bytes(data)), dry_run=True)
    assert report.ok or all(p.message for p in report.problems)
    assert snapshot() == before


MARKUP = b"<>/&;=\"' abcvrts0123456789#x:!?[]-"


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    part=st.sampled_from(sorted(GOOD.parts)),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1, exclude_max=True),
            st.integers(0, 5),
            st.binary(max_size=4).map(lambda b: bytes(MARKUP[c % len(MARKUP)] for c in b)),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_changed_xml_is_reported_never_raised(county, part, edits):
    """The zip intact, its XML changed: every part openpyxl or the checks read."""
    xml = bytearray(GOOD.parts[part])
    for where, removed, inserted in edits:
        at = int(where * len(xml))
        xml[at : at + removed] = inserted
    before = snapshot()
    report = workbook_import(file=Package({**GOOD.parts, part: bytes(xml)}).file(), dry_run=True)
    assert report.ok or all(p.message for p in report.problems)
    assert snapshot() == before
