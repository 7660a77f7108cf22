from datetime import date

import pytest
from freezegun import freeze_time

from assessments.models import OrderEvent, RectificationOrder
from assessments.selectors import orders_overdue_for
from assessments.services import (
    inspection_record,
    order_issue,
    order_transition,
)
from supervision.models import Role
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from tests.conftest import make_user


@pytest.fixture
def order(county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, elderly="10"),
    )
    return order_issue(
        finding=inspection.findings.get(indicator__code="JC-02"),
        by=inspector,
        requirement="补足养老服务用房",
        deadline=date(2015, 9, 30),
        responsible_community=county.community,
    )


def test_order_is_issued_then_answered_then_verified(order, community_clerk, inspector):
    order_transition(order=order, action="answer", by=community_clerk, answer="已租用新用房")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED and order.answer == "已租用新用房"
    order_transition(order=order, action="verify", by=inspector, comment="现场核实")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.VERIFIED
    assert order.answered_at is not None and order.verified_at >= order.answered_at
    assert list(order.events.values_list("action", "target")) == [
        ("issue", "issued"),
        ("answer", "answered"),
        ("verify", "verified"),
    ]


def test_inspector_reopens_an_unconvincing_answer(order, community_clerk, inspector):
    order_transition(order=order, action="answer", by=community_clerk, answer="正在协调")
    order_transition(order=order, action="reopen", by=inspector, comment="未落实")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.REOPENED
    order_transition(order=order, action="answer", by=community_clerk, answer="已落实")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED


@pytest.mark.parametrize("persona", ["dept_clerk", "inspector", "leader", "outsider"])
def test_only_the_responsible_party_answers(request, order, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Refused) as refused:
        order_transition(order=order, action="answer", by=user, answer="x")
    assert refused.value.reasons == ["只有责任部门或责任社区可以反馈整改情况。"]
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ISSUED


def test_inspector_of_own_community_may_not_verify(county, order, community_clerk):
    order_transition(order=order, action="answer", by=community_clerk, answer="已整改")
    local = make_user("local", Role.INSPECTOR, community=county.community)
    with pytest.raises(Refused):
        order_transition(order=order, action="verify", by=local)
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED


def test_an_unanswered_order_cannot_be_verified(order, inspector):
    with pytest.raises(Refused) as refused:
        order_transition(order=order, action="verify", by=inspector)
    assert "当前状态为“已下发”" in refused.value.reasons[0]
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_a_met_finding_raises_no_order(county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community, kind="spot_check", by=inspector, findings=rows(catalogue)
    )
    with pytest.raises(Refused) as refused:
        order_issue(
            finding=inspection.findings.get(indicator__code="JC-01"),
            by=inspector,
            requirement="x",
            deadline=date(2015, 9, 30),
            responsible_community=county.community,
        )
    assert refused.value.reasons == ["该指标已达标，无需整改。"]
    assert not RectificationOrder.objects.exists()


def test_overdue_orders_are_those_open_past_their_deadline(order, community_clerk, dept_clerk):
    with freeze_time("2015-09-30"):
        assert not orders_overdue_for(user=community_clerk).exists()
    with freeze_time("2015-10-01"):
        assert list(orders_overdue_for(user=community_clerk)) == [order]
        assert not orders_overdue_for(user=dept_clerk).exists()
        order_transition(order=order, action="answer", by=community_clerk, answer="已整改")
        assert not orders_overdue_for(user=community_clerk).exists()
