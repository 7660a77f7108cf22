from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import Community
from workflows.models import CreationTask


def sheet_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.getvalue()))
    return workbook.worksheets[0]


@pytest.fixture
def tasks(county):
    CreationTask.objects.create(campaign=county.campaign, community=county.community)
    Community.objects.create(town=county.town, name="西门社区", households=300)


@pytest.mark.parametrize("persona", ["leader", "lead_clerk", "inspector", "administrator"])
def test_overseers_see_every_community_with_track_and_task_state(
    request, client_for, tasks, persona
):
    page = client_for(request.getfixturevalue(persona)).get(reverse("community_list"))
    text = page.content.decode()
    assert page.status_code == 200
    for name in ["二机社区", "湘赣社区", "西门社区", "今年创建", "创出特色", "列入计划"]:
        assert name in text
    assert "导出 Excel" in text


@pytest.mark.parametrize("persona", ["dept_clerk", "community_clerk", "outsider"])
def test_departments_communities_and_outsiders_are_refused(request, client_for, tasks, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("community_list"))
    assert response.status_code == 403


def test_filters_by_track_state_and_name(client_for, tasks, leader):
    client = client_for(leader)
    url = reverse("community_list")
    distinctive = client.get(url, {"track": "distinctive"}).content.decode()
    assert "湘赣社区" in distinctive and "二机社区" not in distinctive
    planned = client.get(url, {"state": "planned"}).content.decode()
    assert "二机社区" in planned and "西门社区" not in planned
    named = client.get(url, {"name": "西门"}).content.decode()
    assert "西门社区" in named and "湘赣社区" not in named


def test_export_is_the_filtered_sorted_view(client_for, tasks, leader):
    response = client_for(leader).get(
        reverse("community_list"), {"sort": "-households", "export": "xlsx"}
    )
    sheet = sheet_of(response)
    assert "社区一览" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:3] == ["社区", "镇/街道", "户数"]
    names = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert names == ["西门社区", "二机社区", "湘赣社区"]
    assert sheet["C3"].value == 300
    only = sheet_of(
        client_for(leader).get(
            reverse("community_list"), {"town": "", "name": "湘赣", "export": "xlsx"}
        )
    )
    assert [row[0].value for row in only.iter_rows(min_row=3)] == ["湘赣社区"]


def test_a_long_list_pages_in_chinese(client_for, county, leader):
    from supervision.listing import PER_PAGE

    Community.objects.bulk_create(
        Community(town=county.town, name=f"分页社区{i:03d}") for i in range(PER_PAGE + 8)
    )
    total = PER_PAGE + 10  # and the fixture county's two
    first = client_for(leader).get(reverse("community_list")).content.decode()
    assert f"共 {total} 条" in first and "下一页" in first and "上一页" not in first
    second = client_for(leader).get(reverse("community_list"), {"page": 2}).content.decode()
    assert "上一页" in second and "下一页" not in second
    assert f"分页社区{PER_PAGE + 7:03d}" in second and "分页社区000" not in second
