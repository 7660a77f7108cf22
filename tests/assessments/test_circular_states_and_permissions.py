"""A circular goes draft → submitted → approved → published; only leadership approves and publishes."""

import pytest

from assessments.models import Circular, CircularEvent
from assessments.scoring import circular_generate, circular_transition
from supervision.transitions import Refused

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


@pytest.fixture
def draft(scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    return circular_generate(period=march, by=lead_clerk)


def moved_to(circular, state, request, steps):
    for action, persona in steps:
        circular_transition(circular=circular, action=action, by=request.getfixturevalue(persona))
    assert circular.state == state
    return circular


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_lead_department_submits(request, draft, persona):
    user = request.getfixturevalue(persona)
    if persona == "lead_clerk":
        circular_transition(circular=draft, action="submit", by=user)
        assert draft.state == Circular.State.SUBMITTED
        assert CircularEvent.objects.get(circular=draft).actor == user
    else:
        with pytest.raises(Refused, match="只有牵头部门"):
            circular_transition(circular=draft, action="submit", by=user)
        draft.refresh_from_db()
        assert draft.state == Circular.State.DRAFT


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_leadership_approves(request, draft, persona):
    moved_to(draft, Circular.State.SUBMITTED, request, [("submit", "lead_clerk")])
    user = request.getfixturevalue(persona)
    if persona == "leader":
        circular_transition(circular=draft, action="approve", by=user)
        assert draft.state == Circular.State.APPROVED
    else:
        with pytest.raises(Refused, match="只有县领导"):
            circular_transition(circular=draft, action="approve", by=user)
        draft.refresh_from_db()
        assert draft.state == Circular.State.SUBMITTED


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_leadership_publishes(request, draft, persona):
    moved_to(
        draft,
        Circular.State.APPROVED,
        request,
        [("submit", "lead_clerk"), ("approve", "leader")],
    )
    user = request.getfixturevalue(persona)
    if persona == "leader":
        circular_transition(circular=draft, action="publish", by=user)
        assert draft.state == Circular.State.PUBLISHED
        assert draft.serial_number == 1
        assert draft.serial_label == "2015年第1期"
        assert draft.published_at is not None
    else:
        with pytest.raises(Refused, match="只有县领导"):
            circular_transition(circular=draft, action="publish", by=user)
        draft.refresh_from_db()
        assert draft.state == Circular.State.APPROVED
        assert draft.serial_number is None


def test_draft_cannot_be_published_directly(draft, leader):
    with pytest.raises(Refused, match="不能发布"):
        circular_transition(circular=draft, action="publish", by=leader)


def test_serial_numbers_count_up_within_the_campaign(scored_county, lead_clerk, leader):
    _sanqiao, march, april = scored_county
    numbers = []
    for period in (march, april):
        circular = circular_generate(period=period, by=lead_clerk)
        for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
            circular_transition(circular=circular, action=action, by=actor)
        numbers.append(circular.serial_label)
    assert numbers == ["2015年第1期", "2015年第2期"]


def test_leader_sends_a_submitted_draft_back(draft, lead_clerk, leader):
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    circular_transition(circular=draft, action="send_back", by=leader, comment="补充典型经验")
    assert draft.state == Circular.State.DRAFT
    assert list(draft.events.values_list("action", flat=True)) == ["submit", "send_back"]


def test_stale_circular_is_refused(draft, lead_clerk):
    stale = Circular.objects.get(pk=draft.pk)
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    with pytest.raises(Refused, match="已被他人处理"):
        circular_transition(circular=stale, action="submit", by=lead_clerk)
