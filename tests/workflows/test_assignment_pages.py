"""Who sees which assignments, and what the assignment page offers them."""

import pytest
from django.urls import reverse

from workflows.services import assignment_transition

from .conftest import report


def test_department_lists_only_its_own_assignments(client_for, started_task, dept_clerk):
    page = client_for(dept_clerk).get(reverse("workflows:assignment_list")).content.decode()
    assert "县财政局的部门任务" in page
    assert "落实社区工作经费" in page and "协调解决社区管理和服务用房" not in page


def test_lead_department_lists_every_department_and_filters_by_one(
    client_for, started_task, county, lead_clerk
):
    client = client_for(lead_clerk)
    page = client.get(reverse("workflows:assignment_list")).content.decode()
    assert "落实社区工作经费" in page and "协调解决社区管理和服务用房" in page
    page = client.get(
        reverse("workflows:assignment_list"), {"department": county.housing.pk}
    ).content.decode()
    assert "落实社区工作经费" not in page and "协调解决社区管理和服务用房" in page


@pytest.mark.parametrize("persona", ["community_clerk", "outsider"])
def test_assignment_list_is_refused_to_others(request, client_for, started_task, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("workflows:assignment_list")
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["other_dept_clerk", "community_clerk", "outsider"])
def test_assignment_page_is_refused_to_others(request, client_for, finance_work, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("workflows:assignment_detail", args=[finance_work.pk])
    )
    assert response.status_code == 403


def test_assignment_page_offers_each_person_their_own_buttons(
    client_for, finance_work, dept_clerk, lead_clerk, leader
):
    url = reverse("workflows:assignment_detail", args=[finance_work.pk])
    page = client_for(dept_clerk).get(url).content.decode()
    assert 'value="start_work"' in page and "报送进展" in page and "发送催办" not in page
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    report(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="submit", by=dept_clerk)
    page = client_for(lead_clerk).get(url).content.decode()
    assert 'value="accept"' in page and 'value="return_work"' in page
    assert "退回重办时必须填写理由" in page and "发送催办" in page
    page = client_for(leader).get(url).content.decode()
    assert 'value="accept"' not in page and "发送催办" not in page and "报送进展" not in page
