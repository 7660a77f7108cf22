"""The inspection, finding and rectification-order lists: filters, sorting, export, shares."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from assessments.services import inspection_record, order_issue
from supervision.models import Role
from tests.assessments.helpers import rows
from tests.conftest import make_user


def table_of(response) -> str:
    """The list's table alone: the filter form names every community it may choose."""
    page = response.content.decode()
    return page[page.index("<table") : page.index("</table>")]


def sheet_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.getvalue())).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


@pytest.fixture
def recorded(county, catalogue, inspector):
    """A failed spot-check of 二机 on 9-01 by 王 and a passing follow-up of 湘赣 on 9-20 by 赵."""
    second = make_user("inspector2", Role.INSPECTOR, last_name="赵", first_name="敏")
    inspector.last_name, inspector.first_name = "王", "强"
    inspector.save()
    failed = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, premises="200", elderly="10"),
        inspected_on=date(2015, 9, 1),
    )
    passed = inspection_record(
        community=county.other_community,
        kind="follow_up",
        by=second,
        findings=rows(catalogue, elderly="40"),
        inspected_on=date(2015, 9, 20),
    )
    return failed, passed, second


@pytest.fixture
def orders(county, recorded, inspector):
    failed, _passed, _second = recorded
    premises = failed.findings.get(indicator__code="JC-01")
    elderly = failed.findings.get(indicator__code="JC-02")
    to_housing = order_issue(
        finding=premises,
        by=inspector,
        requirement="补足用房",
        deadline=date(2015, 9, 30),
        responsible_department=county.housing,
    )
    to_community = order_issue(
        finding=elderly,
        by=inspector,
        requirement="补足养老用房",
        deadline=date(2015, 12, 31),
        responsible_community=county.community,
    )
    return to_housing, to_community


def test_inspections_filter_by_kind_dates_and_inspector(client_for, recorded, leader):
    _failed, _passed, second = recorded
    client = client_for(leader)
    url = reverse("assessments:inspection_list")
    follow_ups = table_of(client.get(url, {"kind": "follow_up"}))
    assert "湘赣社区" in follow_ups and "二机社区" not in follow_ups
    early = table_of(client.get(url, {"since": "2015-08-01", "until": "2015-09-10"}))
    assert "二机社区" in early and "湘赣社区" not in early
    by_second = table_of(client.get(url, {"inspector": second.pk}))
    assert "湘赣社区" in by_second and "二机社区" not in by_second
    assert "赵敏" in by_second


def test_inspections_export_sorted_by_score(client_for, recorded, inspector):
    exported = sheet_rows(
        client_for(inspector).get(
            reverse("assessments:inspection_list"), {"sort": "-score", "export": "xlsx"}
        )
    )
    assert [(row[1], row[3]) for row in exported] == [("湘赣社区", "赵敏"), ("二机社区", "王强")]
    assert exported[0][0].date() == date(2015, 9, 20)
    assert exported[0][4] == 100


def test_community_staff_cannot_pick_another_community_in_the_filters(
    client_for, recorded, community_clerk
):
    for name in ["assessments:inspection_list", "assessments:finding_list"]:
        page = client_for(community_clerk).get(reverse(name)).content.decode()
        assert "二机社区" in page and "湘赣社区" not in page


def test_findings_filter_by_met_work_area_and_kind(client_for, recorded, leader):
    client = client_for(leader)
    url = reverse("assessments:finding_list")
    unmet = sheet_rows(client.get(url, {"met": "false", "export": "xlsx"}))
    assert [(row[0], row[3], row[5]) for row in unmet] == [
        ("JC-01", "二机社区", "不达标"),
        ("JC-02", "二机社区", "不达标"),
    ]
    party = sheet_rows(client.get(url, {"work_area": "party_building", "export": "xlsx"}))
    assert sorted(row[3] for row in party) == ["二机社区", "湘赣社区"]
    assert {row[2] for row in party} == {"社区党建"}
    follow_up = table_of(client.get(url, {"kind": "follow_up"}))
    assert "湘赣社区" in follow_up and "JC-01" in follow_up and "二机社区" not in follow_up


@pytest.mark.parametrize("persona", ["dept_clerk", "outsider"])
def test_departments_and_outsiders_see_no_findings(request, client_for, recorded, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("assessments:finding_list"))
    assert response.status_code == 403


@freeze_time("2015-10-15")
def test_orders_filter_by_overdue_critical_state_and_party(client_for, orders, county, leader):
    client = client_for(leader)
    url = reverse("assessments:order_list")
    overdue = sheet_rows(client.get(url, {"overdue": "true", "export": "xlsx"}))
    assert [row[3] for row in overdue] == ["县房管局"]
    on_time = sheet_rows(client.get(url, {"overdue": "false", "export": "xlsx"}))
    assert [row[3] for row in on_time] == ["二机社区"]
    critical = sheet_rows(client.get(url, {"is_critical": "true", "export": "xlsx"}))
    assert [row[2] for row in critical] == ["JC-01 管理和服务用房不少于300平方米"]
    to_community = sheet_rows(
        client.get(url, {"responsible_community": county.community.pk, "export": "xlsx"})
    )
    assert [row[3] for row in to_community] == ["二机社区"]
    assert sheet_rows(client.get(url, {"state": "verified", "export": "xlsx"})) == []
    page = client.get(url, {"overdue": "true"}).content.decode()
    assert "已逾期" in page and 'class="overdue' in page


@freeze_time("2015-10-15")
@pytest.mark.parametrize(
    "persona, party", [("other_dept_clerk", "县房管局"), ("community_clerk", "二机社区")]
)
def test_responsible_parties_list_and_export_only_their_own_orders(
    request, client_for, orders, persona, party
):
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("assessments:order_list")).content.decode()
    assert 'name="responsible_department"' not in page
    exported = sheet_rows(client.get(reverse("assessments:order_list"), {"export": "xlsx"}))
    assert [row[3] for row in exported] == [party]


def test_a_department_without_orders_exports_an_empty_sheet(client_for, orders, dept_clerk):
    assert (
        sheet_rows(
            client_for(dept_clerk).get(reverse("assessments:order_list"), {"export": "xlsx"})
        )
        == []
    )
