"""Sending back a rectification answer (退回重改) or a circular draft (退回修改) needs a reason,
and the reason waits at the top of the page of whoever must act on it."""

import pytest
from django.urls import reverse

from assessments.models import Circular, RectificationOrder
from assessments.scoring import circular_generate, circular_transition
from assessments.services import order_transition
from supervision.transitions import Refused
from tests.builders import refusal_banner as banner


@pytest.fixture
def answered(order, other_dept_clerk):
    order_transition(order=order, action="answer", by=other_dept_clerk, answer="已协调用房。")
    order.refresh_from_db()
    return order


@pytest.mark.parametrize("comment", ["", "  "])
def test_sending_back_an_answer_without_a_reason_is_refused(
    answered, inspector, client_for, comment
):
    response = client_for(inspector).post(
        reverse("assessments:order_action", args=[answered.pk, "reopen"]),
        {"comment": comment},
        follow=True,
    )
    assert "退回重改须填写理由，告诉责任方整改还差什么。" in response.content.decode()
    answered.refresh_from_db()
    assert answered.state == RectificationOrder.State.ANSWERED
    assert not answered.events.filter(action="reopen").exists()


def test_the_reason_waits_for_the_responsible_party_until_it_answers_again(
    answered, inspector, other_dept_clerk, client_for
):
    client_for(inspector).post(
        reverse("assessments:order_action", args=[answered.pk, "reopen"]),
        {"comment": "用房面积仍不足300平方米。"},
    )
    answered.refresh_from_db()
    assert answered.state == RectificationOrder.State.REOPENED
    url = reverse("assessments:order_detail", args=[answered.pk])
    shown = banner(client_for(other_dept_clerk), url)
    assert "退回重改：" in shown and "用房面积仍不足300平方米。" in shown
    order_transition(order=answered, action="answer", by=other_dept_clerk, answer="已补足。")
    assert banner(client_for(other_dept_clerk), url) == ""


@pytest.fixture
def submitted_draft(scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    circular = circular_generate(period=march, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    return circular


def test_a_draft_sent_back_without_a_reason_is_refused(submitted_draft, leader):
    with pytest.raises(Refused) as refused:
        circular_transition(circular=submitted_draft, action="send_back", by=leader)
    assert refused.value.reasons == ["退回修改须填写理由，告诉起草人需要修改什么。"]
    submitted_draft.refresh_from_db()
    assert submitted_draft.state == Circular.State.SUBMITTED


def test_the_drafter_sees_why_the_draft_came_back(submitted_draft, leader, lead_clerk, client_for):
    client_for(leader).post(
        reverse("assessments:circular_action", args=[submitted_draft.pk]),
        {"action": "send_back", "comment": "请补充部门整改情况。"},
    )
    submitted_draft.refresh_from_db()
    assert submitted_draft.state == Circular.State.DRAFT
    url = reverse("assessments:circular_detail", args=[submitted_draft.pk])
    shown = banner(client_for(lead_clerk), url)
    assert "退回修改：" in shown and "请补充部门整改情况。" in shown
