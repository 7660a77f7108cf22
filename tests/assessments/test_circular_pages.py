"""Circular pages: who reads drafts and published circulars, who edits, approves and publishes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Circular
from assessments.scoring import circular_generate, circular_transition

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
DRAFT_READERS = {"leader", "lead_clerk", "administrator"}


@pytest.fixture
def draft(scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    return circular_generate(period=march, by=lead_clerk)


def publish(circular, lead_clerk, leader):
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=circular, action=action, by=actor)
    return circular


@pytest.mark.parametrize("persona", EVERYONE)
def test_draft_is_read_only_by_leadership_and_lead_department(request, client_for, draft, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("assessments:circular_detail", args=[draft.pk]))
    if persona in DRAFT_READERS:
        assert response.status_code == 200
        assert "二机社区" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", EVERYONE)
def test_published_circular_is_visible_to_every_department(
    request, client_for, draft, lead_clerk, leader, persona
):
    publish(draft, lead_clerk, leader)
    client = client_for(request.getfixturevalue(persona))
    for name in ("circular_detail", "circular_print"):
        response = client.get(reverse(f"assessments:{name}", args=[draft.pk]))
        if persona == "outsider":
            assert response.status_code == 403
        else:
            assert response.status_code == 200
            assert "2015年第1期" in response.content.decode()
    listing = client.get(reverse("assessments:circular_list"))
    if persona == "outsider":
        assert listing.status_code == 403
    else:
        assert draft.title in listing.content.decode()


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_leader_approves_through_the_page(request, client_for, draft, lead_clerk, persona):
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        reverse("assessments:circular_action", args=[draft.pk]), {"action": "approve"}
    )
    draft.refresh_from_db()
    if persona == "leader":
        assert response.status_code == 302
        assert draft.state == Circular.State.APPROVED
        assert draft.events.last().actor.username == "leader"
    else:
        assert response.status_code == 403
        assert draft.state == Circular.State.SUBMITTED


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_leader_publishes_through_the_page(
    request, client_for, draft, lead_clerk, leader, persona
):
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    circular_transition(circular=draft, action="approve", by=leader)
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        reverse("assessments:circular_action", args=[draft.pk]),
        {"action": "publish", "confirmed": "1"},
    )
    draft.refresh_from_db()
    if persona == "leader":
        assert response.status_code == 302
        assert draft.state == Circular.State.PUBLISHED
        assert draft.serial_number == 1
    else:
        assert response.status_code == 403
        assert draft.state == Circular.State.APPROVED


@pytest.mark.parametrize("persona", EVERYONE)
def test_narrative_of_a_draft_is_edited_by_leaders_only(request, client_for, draft, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        reverse("assessments:circular_edit", args=[draft.pk]),
        {
            "title": "一季度通报",
            "overview": "总体进展顺利。",
            "problems": "",
            "experience": "",
            "next_steps": "",
        },
    )
    before = draft.figures
    draft.refresh_from_db()
    if persona in {"leader", "lead_clerk"}:
        assert response.status_code == 302
        assert (draft.title, draft.overview) == ("一季度通报", "总体进展顺利。")
    else:
        assert response.status_code == 403
        assert draft.overview == ""
    assert draft.figures == before


def test_narrative_cannot_be_edited_once_submitted(client_for, draft, lead_clerk, leader):
    circular_transition(circular=draft, action="submit", by=lead_clerk)
    response = client_for(leader).post(
        reverse("assessments:circular_edit", args=[draft.pk]),
        {"title": "改", "overview": "改", "problems": "", "experience": "", "next_steps": ""},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title != "改"


def test_lead_department_drafts_a_circular_from_the_period_page(
    client_for, scored_county, lead_clerk, dept_clerk
):
    from assessments.scoring import scores_compute

    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    url = reverse("assessments:circular_new", args=[march.pk])
    assert client_for(dept_clerk).post(url).status_code == 403
    response = client_for(lead_clerk).post(url)
    circular = Circular.objects.get(period=march)
    assert response.url == reverse("assessments:circular_detail", args=[circular.pk])
    assert circular.state == Circular.State.DRAFT


def test_print_page_is_a4_with_its_own_stylesheet(client_for, draft, leader):
    page = client_for(leader).get(reverse("assessments:circular_print", args=[draft.pk]))
    html = page.content.decode()
    assert "css/circular-print.css" in html
    assert "css/app.css" not in html
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/circular-print.css").read_text()
    assert "size: A4" in css


def test_excel_version_holds_the_circular_figures(client_for, draft, lead_clerk, leader):
    publish(draft, lead_clerk, leader)
    response = client_for(leader).get(reverse("assessments:circular_xlsx", args=[draft.pk]))
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert workbook.sheetnames == [
        "总体情况",
        "社区得分",
        "部门得分",
        "逾期未完成事项",
        "督查发现问题",
    ]
    communities = workbook["社区得分"]
    assert "2015年第1期" in communities["A1"].value
    rows = {row[1]: row for row in communities.iter_rows(min_row=3, values_only=True)}
    assert rows["二机社区"][-3] == 80
    assert rows["二机社区"][-2] == 1
    departments = {
        row[0]: row for row in workbook["部门得分"].iter_rows(min_row=3, values_only=True)
    }
    assert departments["县财政局"][8] == 69.5
    red = list(workbook["逾期未完成事项"].iter_rows(min_row=3, values_only=True))
    assert red[0] == ("县房管局", 1, 1)
