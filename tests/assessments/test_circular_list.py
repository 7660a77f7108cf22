"""The circular list: filter by state and period, sort, and export exactly the filtered view."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.scoring import circular_generate, circular_transition


@pytest.fixture
def circulars(scored_county, lead_clerk, leader):
    """March's circular published as 2015年第1期, April's still a draft."""
    _sanqiao, march, april = scored_county
    published = circular_generate(period=march, by=lead_clerk)
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=published, action=action, by=actor)
    draft = circular_generate(period=april, by=lead_clerk)
    return published, draft


def sheet_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.getvalue())).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def test_leader_filters_circulars_by_state(client_for, leader, circulars):
    published, draft = circulars
    client = client_for(leader)
    page = client.get(reverse("assessments:circular_list")).content.decode()
    assert published.title in page and draft.title in page
    page = client.get(reverse("assessments:circular_list"), {"state": "draft"}).content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert draft.title in table and published.title not in table


def test_export_holds_the_filtered_circulars_with_their_serial_numbers(
    client_for, leader, circulars
):
    published, draft = circulars
    response = client_for(leader).get(
        reverse("assessments:circular_list"), {"state": "published", "export": "xlsx"}
    )
    assert response["Content-Disposition"].endswith(".xlsx")
    rows = [row for row in sheet_rows(response) if row[0]]
    titles = [row[0] for row in rows]
    assert published.title in titles and draft.title not in titles
    row = rows[titles.index(published.title)]
    assert "2015年第1期" in row and "已发布" in row


def test_department_staff_list_and_export_only_published_circulars(
    client_for, dept_clerk, circulars
):
    published, draft = circulars
    client = client_for(dept_clerk)
    page = client.get(reverse("assessments:circular_list")).content.decode()
    assert published.title in page and draft.title not in page
    titles = [
        row[0]
        for row in sheet_rows(client.get(reverse("assessments:circular_list"), {"export": "xlsx"}))
    ]
    assert published.title in titles and draft.title not in titles


def test_outsider_may_not_list_circulars(client_for, outsider, circulars):
    assert client_for(outsider).get(reverse("assessments:circular_list")).status_code == 403
    response = client_for(outsider).get(reverse("assessments:circular_list"), {"export": "xlsx"})
    assert response.status_code == 403
