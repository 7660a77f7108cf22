"""Four eyes: nobody accepts work they reported or submitted, nor verifies an order they
answered, even holding both the lead department's role and a department clerk's."""

import pytest
from django.urls import reverse

from assessments.models import RectificationOrder
from assessments.services import inspection_record, order_issue, order_transition
from supervision.models import Role
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from tests.builders import make_user
from workflows.models import Assignment, AssignmentRole, DutyArea
from workflows.services import assignment_transition

from .conftest import report

SELF = "这项工作由您本人报送或提交，不能再由您验收：请牵头部门的其他工作人员验收。"


@pytest.fixture
def own_work(started_task, county, lead_clerk):
    """Work of the lead persona's own department (民政局), which it also clerks."""
    return Assignment.objects.create(
        task=started_task,
        department=county.mzj,
        area=DutyArea.GUIDANCE,
        role=AssignmentRole.LEAD,
        owed="指导社区社会组织备案",
        deadline=started_task.assignments.first().deadline,
    )


def _submit(work, clerk, *, reporter=None):
    assignment_transition(assignment=work, action="start_work", by=clerk)
    report(work, reporter or clerk)
    assignment_transition(assignment=work, action="submit", by=clerk)
    work.refresh_from_db()


def test_a_lead_clerk_cannot_accept_work_they_submitted(own_work, lead_clerk):
    _submit(own_work, lead_clerk)
    with pytest.raises(Refused) as refused:
        assignment_transition(assignment=own_work, action="accept", by=lead_clerk)
    assert refused.value.reasons == [SELF]
    own_work.refresh_from_db()
    assert own_work.state == Assignment.State.SUBMITTED
    assert not own_work.history.filter(action="accept").exists()


def test_nor_work_they_reported_that_a_colleague_submitted(own_work, county, lead_clerk):
    colleague = make_user("mzj-clerk", Role.DEPARTMENT_STAFF, department=county.mzj)
    _submit(own_work, colleague, reporter=lead_clerk)
    with pytest.raises(Refused) as refused:
        assignment_transition(assignment=own_work, action="accept", by=lead_clerk)
    assert refused.value.reasons == [SELF]


def test_a_second_lead_accepts_it(own_work, county, lead_clerk):
    _submit(own_work, lead_clerk)
    second = make_user("zzb-lead", Role.LEAD_DEPARTMENT, department=county.zzb)
    assignment_transition(assignment=own_work, action="accept", by=second)
    own_work.refresh_from_db()
    assert own_work.state == Assignment.State.ACCEPTED
    assert own_work.history.get(action="accept").actor == second


def test_the_page_does_not_offer_it_and_a_forced_post_says_why(own_work, lead_clerk, client_for):
    _submit(own_work, lead_clerk)
    client = client_for(lead_clerk)
    page = client.get(reverse("workflows:assignment_detail", args=[own_work.pk])).content.decode()
    assert 'value="accept"' not in page
    response = client.post(
        reverse("workflows:assignment_action", args=[own_work.pk]),
        {"action": "accept", "comment": ""},
        follow=True,
    )
    assert SELF in response.content.decode()
    own_work.refresh_from_db()
    assert own_work.state == Assignment.State.SUBMITTED


def test_work_of_another_department_is_accepted_as_before(finance_work, dept_clerk, lead_clerk):
    _submit(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="accept", by=lead_clerk)
    finance_work.refresh_from_db()
    assert finance_work.state == Assignment.State.ACCEPTED


@pytest.fixture
def answered_by_an_inspector(county, catalogue, inspector):
    """An order to 财政, answered by a person who is both its clerk and an inspector."""
    both = make_user("both", Role.DEPARTMENT_STAFF, Role.INSPECTOR, department=county.finance)
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, premises="120"),
    )
    order = order_issue(
        finding=inspection.findings.get(indicator__code="JC-01"),
        by=inspector,
        requirement="补足用房",
        deadline=inspection.inspected_on,
        responsible_department=county.finance,
    )
    order_transition(order=order, action="answer", by=both, answer="已整改")
    order.refresh_from_db()
    return order, both


def test_an_inspector_cannot_verify_an_order_they_answered(answered_by_an_inspector):
    order, both = answered_by_an_inspector
    with pytest.raises(Refused) as refused:
        order_transition(order=order, action="verify", by=both)
    assert refused.value.reasons == ["这份整改通知由您本人反馈，不能再由您核验：请其他督查员核验。"]
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED


def test_another_inspector_verifies_it(answered_by_an_inspector, inspector):
    order, _both = answered_by_an_inspector
    order_transition(order=order, action="verify", by=inspector)
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.VERIFIED
