"""Random cell values never crash the importer nor leave a half-written import."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.spreadsheets.imports import workbook_import
from supervision.models import Community

from .workbooks import COMMUNITY_HEADERS, xlsx

cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.booleans(),
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.sampled_from(["禾川镇", "二机社区", "300", "-1", "1e3", "300.123", " 12 ", "=1+1"]),
)


def blank(value) -> bool:
    # Text starting with "=" is saved as a formula with no computed value: it reads as empty.
    return value is None or (
        isinstance(value, str) and (not value.strip() or value.startswith("="))
    )


row = st.lists(cell, min_size=len(COMMUNITY_HEADERS), max_size=len(COMMUNITY_HEADERS))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=4))
def test_random_cells_never_crash_or_half_import(county, rows):
    before = sorted(Community.objects.values_list("name", "households", "premises_area"))
    report = workbook_import(file=xlsx({"社区": [COMMUNITY_HEADERS, *rows]}))
    after = sorted(Community.objects.values_list("name", "households", "premises_area"))
    if report.ok:
        written = sum(report.counts["社区"].values())
        assert written == sum(1 for r in rows if not all(blank(v) for v in r))
    else:
        assert after == before
        assert all(p.message for p in report.problems)
    Community.objects.exclude(pk__in=[county.community.pk, county.other_community.pk]).delete()
