"""Period pages show each track's ranking and the department formula with the actual weights."""

import pytest
from django.urls import reverse

from assessments.scoring import scores_compute

EVERYONE = [
    "leader",
    "lead_clerk",
    "dept_clerk",
    "other_dept_clerk",
    "inspector",
    "community_clerk",
    "administrator",
    "outsider",
]
SCORE_READERS = {"leader", "lead_clerk", "inspector", "administrator"}


@pytest.mark.parametrize("persona", EVERYONE)
def test_who_sees_period_scores(request, client_for, scored_county, persona):
    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    client = client_for(request.getfixturevalue(persona))
    detail = client.get(reverse("assessments:period_detail", args=[march.pk]))
    listing = client.get(reverse("assessments:period_list"))
    if persona in SCORE_READERS:
        assert detail.status_code == listing.status_code == 200
        assert "2015年3月" in listing.content.decode()
    else:
        assert detail.status_code == listing.status_code == 403


def test_period_page_shows_ranks_and_formula_with_weights(client_for, scored_county, leader):
    from assessments.scoring import weights_for

    _sanqiao, march, april = scored_county
    weights = weights_for(campaign=march.campaign)
    weights.on_time = 45
    weights.assistance = 5
    weights.save()
    scores_compute(period=march)
    scores_compute(period=april)
    html = client_for(leader).get(reverse("assessments:period_detail", args=[april.pk]))
    page = html.content.decode()
    # The formula in words, with the weights set: no max() or min() for a clerk to decode.
    assert "按时完成率×45分" in page
    assert "共驻共建帮扶5分，帮扶分值累计达到10分得满分" in page
    assert "每退回1次扣2分，最多扣10分" in page
    assert "max(" not in page and "min(" not in page
    assert "二机社区" in page and "100.0" in page
    assert "县财政局" in page


def test_lead_department_records_assistance(client_for, county, lead_clerk, dept_clerk):
    from assessments.models import Assistance

    url = reverse("assessments:assistance_new")
    data = {
        "department": county.finance.pk,
        "community": county.community.pk,
        "given_on": "2015-03-05",
        "description": "捐赠电脑",
        "points": "6",
    }
    assert client_for(dept_clerk).post(url, data).status_code == 403
    client = client_for(lead_clerk)
    refused = client.post(url, data)
    assert refused.status_code == 200 and "不超过5分" in refused.content.decode()
    assert client.post(url, {**data, "points": "3"}).status_code == 302
    saved = Assistance.objects.get()
    assert (saved.points, saved.recorded_by, saved.campaign) == (3, lead_clerk, county.campaign)
