from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook


def rows_of(response):
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.getvalue())).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def test_task_list_exports_its_filtered_view(client_for, started_task, county, leader):
    client = client_for(leader)
    page = client.get(reverse("workflows:task_list"), {"state": "under_construction"})
    assert "export=xlsx" in page.content.decode()
    rows = rows_of(
        client.get(
            reverse("workflows:task_list"), {"state": "under_construction", "export": "xlsx"}
        )
    )
    assert [row[0] for row in rows] == ["二机社区"]
    assert rows[0][3] == "创建中"
    assert (
        rows_of(client.get(reverse("workflows:task_list"), {"state": "passed", "export": "xlsx"}))
        == []
    )


def test_a_department_exports_only_its_own_assignments(client_for, started_task, dept_clerk):
    client = client_for(dept_clerk)
    page = client.get(reverse("workflows:assignment_list")).content.decode()
    assert 'name="department"' not in page
    rows = rows_of(client.get(reverse("workflows:assignment_list"), {"export": "xlsx"}))
    assert [row[2] for row in rows] == ["财政"]
    assert rows[0][0] == "落实社区工作经费"


def test_lead_department_exports_every_assignment_sorted(client_for, started_task, lead_clerk):
    rows = rows_of(
        client_for(lead_clerk).get(
            reverse("workflows:assignment_list"), {"sort": "-department", "export": "xlsx"}
        )
    )
    assert sorted(row[2] for row in rows) == ["房管", "财政"]
    assert len(rows) == 2
