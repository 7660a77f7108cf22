"""Every community's and department's score opens how it was made: each standard's points
with the finding and inspection behind it; each department's work on time or late, returns,
orders and assistance. The figures are tests/assessments/scoring_county.py's, worked by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.scoring import community_breakdown, department_breakdown, scores_compute
from tests.assessments.scoring_county import inspect


@pytest.fixture
def march(scored_county):
    _sanqiao, march, _april = scored_county
    return scores_compute(period=march)


def test_a_community_score_is_the_sum_of_its_standards(march, county):
    b = community_breakdown(period=march, community=county.community)
    by_code = {row["indicator"].code: row for row in b["rows"]}
    assert {code: row["points"] for code, row in by_code.items()} == {
        "JC-01": Decimal("40"),
        "JC-02": Decimal("0"),
        "DJ-01": Decimal("40"),
    }
    assert by_code["JC-02"]["finding"].met is False
    assert by_code["JC-02"]["finding"].inspection.inspected_on.isoformat() == "2015-03-05"
    assert b["total"] == Decimal("80.0") == b["snapshot"].total and b["agrees"]


def test_a_department_score_is_made_of_its_items(march, county):
    b = department_breakdown(period=march, department=county.finance)
    late = [w for w in b["work_shown"] if w["late_days"]]
    assert [(w["assignment"].deadline.isoformat(), w["late_days"]) for w in late] == [
        ("2015-03-20", 5)
    ]
    assert sum(w["assignment"].returns for w in b["work_shown"]) == 1
    assert b["work_costly"] == 1  # the on-time one costs nothing and is only counted
    assert b["parts"]["assistance_points"] == Decimal("4")
    assert b["total"] == Decimal("69.50") == b["snapshot"].total and b["agrees"]
    housing = department_breakdown(period=march, department=county.housing)
    assert [o.closed_then for o in housing["orders_shown"]] == [False, True]
    assert housing["work_shown"][0]["late_days"] == 21 and housing["agrees"]


def test_the_period_page_links_every_score_to_its_breakdown(client_for, march, county, leader):
    client = client_for(leader)
    page = client.get(reverse("assessments:period_detail", args=[march.pk])).content.decode()
    community = reverse("assessments:community_score", args=[march.pk, county.community.pk])
    department = reverse("assessments:department_score", args=[march.pk, county.finance.pk])
    assert community in page and department in page
    shown = client.get(community).content.decode()
    assert "JC-02" in shown and "得分 0 / 20" in shown and "2015-03-05" in shown
    assert "80.0" in shown and "统计于" in shown
    shown = client.get(department).content.decode()
    assert "逾期 5 天" in shown and "退回 1 次" in shown and "69.50" in shown


def test_a_breakdown_that_no_longer_agrees_says_so(
    client_for, march, county, catalogue, inspector, leader
):
    inspect(county, catalogue, inspector, county.community, "2015-03-30", JC_02=True)
    b = community_breakdown(period=march, community=county.community)
    assert b["total"] == Decimal("100.0") and not b["agrees"]
    url = reverse("assessments:community_score", args=[march.pk, county.community.pk])
    assert "请重新计分" in client_for(leader).get(url).content.decode()


def test_only_those_who_see_scores_see_a_breakdown(client_for, march, county, community_clerk):
    url = reverse("assessments:community_score", args=[march.pk, county.community.pk])
    assert client_for(community_clerk).get(url).status_code == 403
