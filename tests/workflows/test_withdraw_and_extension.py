"""A department takes back a submission nobody has acted on (撤回) and asks for more time with
its reason (延期申请); the lead department grants it, and the traffic light follows the new
deadline, or refuses it with its reason, which the department sees. All of it audited.

The clock stands in June 2015 so that the work's deadlines fall inside the campaign year."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from portal.inbox import inbox_sections
from supervision.models import Role
from supervision.transitions import Refused
from tests.builders import make_user
from workflows.models import Assignment, ExtensionEvent, ExtensionRequest, Light
from workflows.services import assignment_transition, extension_decide, extension_request

from .conftest import report

pytestmark = pytest.mark.usefixtures("in_june")


@pytest.fixture
def in_june():
    with freeze_time("2015-06-01 09:00:00+08:00"):
        yield


def _sections(user):
    return {section.key: section for section in inbox_sections(user=user)}


def _submitted(work, clerk):
    assignment_transition(assignment=work, action="start_work", by=clerk)
    report(work, clerk)
    assignment_transition(assignment=work, action="submit", by=clerk)
    work.refresh_from_db()
    return work


@pytest.fixture
def overdue_work(finance_work):
    """财政's work, its deadline passed a week ago: a red light."""
    Assignment.objects.filter(pk=finance_work.pk).update(deadline=date(2015, 5, 25))
    finance_work.refresh_from_db()
    return finance_work


def _ask(client, work, **data):
    url = reverse("workflows:assignment_extension", args=[work.pk])
    return client.post(url, data)


# --- 撤回 ---------------------------------------------------------------------------------


def test_the_department_withdraws_work_nobody_has_acted_on(finance_work, dept_clerk, lead_clerk):
    work = _submitted(finance_work, dept_clerk)
    assert "work_to_accept" in _sections(lead_clerk)

    assignment_transition(assignment=work, action="withdraw", by=dept_clerk, comment="补充材料")
    work.refresh_from_db()
    assert work.state == Assignment.State.IN_PROGRESS
    event = work.history.get(action="withdraw")
    assert (event.actor, event.source, event.comment) == (dept_clerk, "submitted", "补充材料")
    assert "work_to_accept" not in _sections(lead_clerk)


def test_nobody_else_withdraws_and_accepted_work_stays_accepted(
    finance_work, dept_clerk, other_dept_clerk, lead_clerk
):
    work = _submitted(finance_work, dept_clerk)
    with pytest.raises(Refused):
        assignment_transition(assignment=work, action="withdraw", by=other_dept_clerk)
    with pytest.raises(Refused):
        assignment_transition(assignment=work, action="withdraw", by=lead_clerk)
    assignment_transition(assignment=work, action="accept", by=lead_clerk)
    with pytest.raises(Refused):
        assignment_transition(assignment=work, action="withdraw", by=dept_clerk)
    work.refresh_from_db()
    assert work.state == Assignment.State.ACCEPTED


def test_the_page_offers_withdraw_to_the_department(client_for, finance_work, dept_clerk):
    work = _submitted(finance_work, dept_clerk)
    url = reverse("workflows:assignment_detail", args=[work.pk])
    assert 'value="withdraw"' in client_for(dept_clerk).get(url).content.decode()


# --- 延期申请 ------------------------------------------------------------------------------


def test_granted_extension_moves_the_deadline_and_the_light(overdue_work, dept_clerk, lead_clerk):
    assert overdue_work.traffic_light == Light.RED
    extension = extension_request(
        assignment=overdue_work,
        by=dept_clerk,
        requested_deadline=date(2015, 7, 31),
        reason="资金须待县政府常务会研究",
    )
    assert "extensions_to_decide" in _sections(lead_clerk)

    extension_decide(extension=extension, action="grant", by=lead_clerk, comment="同意")
    overdue_work.refresh_from_db()
    assert overdue_work.deadline == date(2015, 7, 31)
    assert overdue_work.traffic_light == Light.GREEN
    assert Assignment.objects.lit(Light.RED).filter(pk=overdue_work.pk).count() == 0
    extension.refresh_from_db()
    assert extension.state == ExtensionRequest.State.GRANTED
    assert extension.previous_deadline == date(2015, 5, 25)
    decision = ExtensionEvent.objects.get(request=extension)
    assert (decision.action, decision.actor) == ("grant", lead_clerk)
    assert "extensions_to_decide" not in _sections(lead_clerk)


def test_a_refusal_needs_its_reason_and_the_department_sees_it(
    client_for, overdue_work, dept_clerk, lead_clerk
):
    extension = extension_request(
        assignment=overdue_work,
        by=dept_clerk,
        requested_deadline=date(2015, 7, 31),
        reason="缺资金",
    )
    with pytest.raises(Refused) as refused:
        extension_decide(extension=extension, action="refuse", by=lead_clerk, comment="  ")
    assert "理由" in refused.value.reasons[0]
    extension.refresh_from_db()
    assert extension.state == ExtensionRequest.State.PENDING

    extension_decide(
        extension=extension, action="refuse", by=lead_clerk, comment="年度考核在即，不能再延"
    )
    overdue_work.refresh_from_db()
    assert overdue_work.deadline == date(2015, 5, 25)
    refused_items = _sections(dept_clerk)["extensions_refused"].items
    assert [item.reason for item in refused_items] == ["年度考核在即，不能再延"]
    page = client_for(dept_clerk).get(refused_items[0].url).content.decode()
    assert "年度考核在即，不能再延" in page


def test_nobody_grants_their_own_request(overdue_work, county, lead_clerk):
    both = make_user("both", Role.LEAD_DEPARTMENT, Role.DEPARTMENT_STAFF, department=county.finance)
    extension = extension_request(
        assignment=overdue_work, by=both, requested_deadline=date(2015, 7, 31), reason="缺资金"
    )
    assert "extensions_to_decide" not in _sections(both)
    with pytest.raises(Refused) as refused:
        extension_decide(extension=extension, action="grant", by=both)
    assert "您本人提出" in refused.value.reasons[0]
    extension_decide(extension=extension, action="grant", by=lead_clerk)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"requested_deadline": "2015-07-31", "reason": "  "}, "reason", "请填写延期理由"),
        ({"requested_deadline": "2015-05-01", "reason": "缺资金"}, "requested_deadline", "须晚于"),
        (
            {"requested_deadline": "2016-01-15", "reason": "缺资金"},
            "requested_deadline",
            "本创建年度",
        ),
        ({"requested_deadline": "七月底", "reason": "缺资金"}, "requested_deadline", "正确的日期"),
    ],
)
def test_a_bad_request_is_refused_at_its_field_and_keeps_what_was_typed(
    client_for, overdue_work, dept_clerk, data, field, message
):
    response = _ask(client_for(dept_clerk), overdue_work, **data)
    assert response.status_code == 200
    assert "延期申请未提交" in response.content.decode()
    form = response.context["extension_form"]
    assert any(message in error for error in form.errors[field])
    assert data["reason"].strip() in response.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_one_request_waits_at_a_time(client_for, overdue_work, dept_clerk):
    client = client_for(dept_clerk)
    first = _ask(client, overdue_work, requested_deadline="2015-07-31", reason="缺资金")
    second = _ask(client, overdue_work, requested_deadline="2015-08-31", reason="缺资金")
    assert first.status_code == 302 and second.status_code == 200
    assert "已有一份待审批的延期申请" in second.content.decode()
    assert ExtensionRequest.objects.count() == 1
    with pytest.raises(ValidationError):
        extension_request(
            assignment=overdue_work,
            by=dept_clerk,
            requested_deadline=date(2015, 9, 1),
            reason="再延",
        )


def test_only_the_department_asks_and_only_the_lead_department_decides(
    client_for, overdue_work, dept_clerk, other_dept_clerk, community_clerk, leader
):
    for outsider in (other_dept_clerk, community_clerk, leader):
        response = _ask(
            client_for(outsider), overdue_work, requested_deadline="2015-07-31", reason="x"
        )
        assert response.status_code == 403
    assert not ExtensionRequest.objects.exists()
    extension = extension_request(
        assignment=overdue_work,
        by=dept_clerk,
        requested_deadline=overdue_work.deadline + timedelta(days=30),
        reason="缺资金",
    )
    url = reverse("workflows:extension_action", args=[extension.pk])
    for outsider in (dept_clerk, leader):
        assert client_for(outsider).post(url, {"action": "grant"}).status_code == 403
    extension.refresh_from_db()
    assert extension.state == ExtensionRequest.State.PENDING


def test_the_lead_department_decides_from_the_assignment_page(
    client_for, overdue_work, dept_clerk, lead_clerk
):
    extension_request(
        assignment=overdue_work,
        by=dept_clerk,
        requested_deadline=date(2015, 7, 31),
        reason="缺资金",
    )
    client = client_for(lead_clerk)
    item = _sections(lead_clerk)["extensions_to_decide"].items[0]
    page = client.get(item.url).content.decode()
    assert "缺资金" in page and 'value="grant"' in page and 'value="refuse"' in page
    pending = ExtensionRequest.objects.get()
    url = reverse("workflows:extension_action", args=[pending.pk])
    response = client.post(url, {"action": "grant", "comment": ""}, follow=True)
    assert "完成期限改为 2015-07-31" in response.content.decode()
    # Pressing again (a second tab) does nothing twice.
    again = client.post(url, {"action": "grant", "comment": ""}, follow=True)
    assert "已被他人处理" in again.content.decode() or "不能" in again.content.decode()
    assert ExtensionEvent.objects.filter(request=pending).count() == 1
