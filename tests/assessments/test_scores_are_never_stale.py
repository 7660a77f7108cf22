"""Scores say when they were counted, and a circular is never published with figures older
than its data: the 城南 case, where an acceptance scored 96 and the circular printed 0.0."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Circular, CircularEvent, ScoringPeriod
from assessments.scoring import circular_generate, circular_transition, scores_compute
from supervision.transitions import Refused
from tests.assessments.scoring_county import inspect
from workflows.models import Assignment, AssignmentEvent


def perfect_inspection(county, catalogue, inspector, community):
    """An inspection dated inside March but recorded now, after March was counted."""
    return inspect(
        county, catalogue, inspector, community, "2015-03-28", JC_01=True, JC_02=True, DJ_01=True
    )


def total_of(period, community) -> Decimal:
    return period.community_scores.get(community=community).total


def figure_of(circular, community) -> Decimal:
    row = next(c for c in circular.figures["communities"] if c["name"] == community.name)
    return Decimal(row["total"])


@pytest.fixture
def approved(scored_county, lead_clerk, leader):
    _sanqiao, march, _april = scored_county
    circular = circular_generate(period=march, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    circular_transition(circular=circular, action="approve", by=leader)
    return circular


def test_the_period_page_says_when_it_was_counted_and_when_that_is_behind(
    client_for, scored_county, county, catalogue, inspector, lead_clerk
):
    sanqiao, march, _april = scored_county
    scores_compute(period=march)
    client = client_for(lead_clerk)
    url = reverse("assessments:period_detail", args=[march.pk])
    page = client.get(url).content.decode()
    assert "统计于" in page
    assert "还不是最新的" not in page

    perfect_inspection(county, catalogue, inspector, sanqiao)
    page = client.get(url).content.decode()
    assert "还不是最新的" in page
    assert total_of(march, sanqiao) == 0

    response = client.post(reverse("assessments:period_recount", args=[march.pk]), follow=True)
    assert "已重新计分" in response.content.decode()
    assert total_of(march, sanqiao) == 100
    assert "还不是最新的" not in client.get(url).content.decode()


def test_only_leaders_and_the_lead_department_recount(client_for, scored_county, dept_clerk):
    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    counted = ScoringPeriod.objects.get(pk=march.pk).computed_at
    response = client_for(dept_clerk).post(reverse("assessments:period_recount", args=[march.pk]))
    assert response.status_code == 403
    march.refresh_from_db()
    assert march.computed_at == counted


def test_generating_a_draft_counts_afresh(scored_county, county, catalogue, inspector, lead_clerk):
    sanqiao, march, _april = scored_county
    scores_compute(period=march)
    perfect_inspection(county, catalogue, inspector, sanqiao)
    draft = circular_generate(period=march, by=lead_clerk)
    assert figure_of(draft, sanqiao) == 100
    assert draft.counted_at == ScoringPeriod.objects.get(pk=march.pk).computed_at
    assert not draft.is_stale()


def test_a_circular_is_not_published_with_figures_older_than_its_data(
    approved, scored_county, county, catalogue, inspector, leader
):
    sanqiao, _march, _april = scored_county
    perfect_inspection(county, catalogue, inspector, sanqiao)
    assert approved.is_stale()

    with pytest.raises(Refused) as refused:
        circular_transition(circular=approved, action="publish", by=leader)
    assert "重新计分并更新草稿" in "".join(refused.value.reasons)
    approved.refresh_from_db()
    assert approved.state == Circular.State.APPROVED
    assert approved.serial_number is None
    assert figure_of(approved, sanqiao) == 0

    circular_transition(circular=approved, action="recount", by=leader)
    approved.refresh_from_db()
    assert approved.state == Circular.State.APPROVED
    assert figure_of(approved, sanqiao) == 100
    recount = CircularEvent.objects.get(circular=approved, action="recount")
    assert recount.actor == leader and recount.source == recount.target == "approved"

    circular_transition(circular=approved, action="publish", by=leader)
    assert approved.state == Circular.State.PUBLISHED


def test_work_accepted_during_the_period_makes_its_figures_stale(scored_county, county, lead_clerk):
    _sanqiao, _march, _april = scored_county
    today = timezone.localdate()
    this_month = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label="本月",
        starts_on=today.replace(day=1),
        ends_on=today,
    )
    draft = circular_generate(period=this_month, by=lead_clerk)
    assert not draft.is_stale()
    open_work = Assignment.objects.get(department=county.housing)
    AssignmentEvent.objects.create(
        assignment=open_work,
        action="accept",
        source="submitted",
        target="accepted",
        actor=lead_clerk,
    )
    assert draft.is_stale()
    # What happened after a period ended does not change that period's figures.
    march = ScoringPeriod.objects.get(label="2015年3月")
    assert not circular_generate(period=march, by=lead_clerk).is_stale()


def test_the_leader_sees_why_and_the_one_step_that_fixes_it(
    client_for, approved, scored_county, county, catalogue, inspector, leader
):
    sanqiao, _march, _april = scored_county
    perfect_inspection(county, catalogue, inspector, sanqiao)
    client = client_for(leader)
    url = reverse("assessments:circular_detail", args=[approved.pk])
    page = client.get(url).content.decode()
    assert "通报中的数字已过时" in page
    assert 'value="recount"' in page
    assert 'value="publish"' not in page

    # Posting 发布 anyway (an old tab, or the confirming step) is refused and says why.
    action = reverse("assessments:circular_action", args=[approved.pk])
    response = client.post(action, {"action": "publish", "confirmed": "1"}, follow=True)
    assert "重新计分并更新草稿" in response.content.decode()
    approved.refresh_from_db()
    assert approved.state == Circular.State.APPROVED

    client.post(action, {"action": "recount"})
    page = client.get(url).content.decode()
    assert "通报中的数字已过时" not in page
    assert 'value="publish"' in page


def test_a_published_circular_is_never_stale(
    approved, scored_county, county, catalogue, inspector, leader
):
    sanqiao, _march, _april = scored_county
    circular_transition(circular=approved, action="publish", by=leader)
    perfect_inspection(county, catalogue, inspector, sanqiao)
    assert not approved.is_stale()
    with pytest.raises(Refused):
        circular_transition(circular=approved, action="recount", by=leader)


def test_stale_figures_are_neither_submitted_nor_approved(
    scored_county, county, catalogue, inspector, lead_clerk, leader
):
    sanqiao, march, _april = scored_county
    draft = circular_generate(period=march, by=lead_clerk)
    perfect_inspection(county, catalogue, inspector, sanqiao)
    with pytest.raises(Refused):
        circular_transition(circular=draft, action="submit", by=lead_clerk)
    circular_transition(circular=draft, action="recount", by=lead_clerk)
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    perfect_inspection(county, catalogue, inspector, county.other_community)
    with pytest.raises(Refused):
        circular_transition(circular=draft, action="approve", by=leader)
    draft.refresh_from_db()
    assert draft.state == Circular.State.SUBMITTED


def test_the_printed_circular_says_when_its_figures_were_counted(
    client_for, scored_county, lead_clerk
):
    _sanqiao, march, _april = scored_county
    draft = circular_generate(period=march, by=lead_clerk)
    page = client_for(lead_clerk).get(reverse("assessments:circular_print", args=[draft.pk]))
    stamp = timezone.localtime(draft.counted_at).strftime("%Y-%m-%d %H:%M")
    assert f"数字统计于 {stamp}" in page.content.decode()
