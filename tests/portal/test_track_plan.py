"""The year's track plan (三个三分之一): the lead department places every community on a track
on one page, with the county's balance and the seed's rule beside it, and submits it; the
leader approves it or returns it with a reason; once approved the tracks stand."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from supervision.models import Campaign, Community, CommunityTrack, Track
from supervision.transitions import Refused
from tests.builders import catalogue_build
from workflows.models import CreationTask, TrackPlan
from workflows.services import track_plan_transition, tracks_set

PAGE = reverse("track_plan")


@pytest.fixture
def xinmen(county):
    """西门社区: a third community, on no track yet, with 180 m² of premises."""
    return Community.objects.create(
        town=county.town, name="西门社区", households=300, premises_area=Decimal("180")
    )


def track_of(county, community):
    return CommunityTrack.of(campaign=county.campaign, community=community)


def total_on(html: str) -> int:
    return int(re.search(r"共 (\d+) 条", html).group(1))


def test_the_lead_department_places_a_page_of_communities_at_once(
    county, xinmen, lead_clerk, client_for
):
    client = client_for(lead_clerk)
    response = client.post(
        reverse("track_plan_save"),
        {
            f"track-{xinmen.pk}": "prepare",
            f"track-{county.other_community.pk}": "create",
            f"track-{county.community.pk}": "create",
            "query": "town=" + str(county.town.pk),
        },
        follow=True,
    )
    assert "已保存：2个社区的创建类别有变动。" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{PAGE}?town={county.town.pk}"
    assert track_of(county, xinmen) == Track.PREPARE
    assert track_of(county, county.other_community) == Track.CREATE
    assert TrackPlan.objects.get(campaign=county.campaign).state == TrackPlan.State.DRAFT


def test_a_bad_track_changes_nothing_on_the_page(county, xinmen, lead_clerk, client_for):
    response = client_for(lead_clerk).post(
        reverse("track_plan_save"),
        {f"track-{xinmen.pk}": "prepare", f"track-{county.community.pk}": "later"},
        follow=True,
    )
    assert "没有这个创建类别：later。" in response.content.decode()
    assert track_of(county, xinmen) is None
    assert track_of(county, county.community) == Track.CREATE


def test_the_balance_counts_each_track_against_a_third_and_each_figure_opens_its_list(
    county, xinmen, leader, client_for
):
    client = client_for(leader)
    html = client.get(PAGE).content.decode()
    balance = html[html.index('id="track-balance"') :]
    balance = balance[: balance.index("</table>")]
    # 3 communities: a third is 1 each; 西门 has none yet.
    for track, count in [("create", 1), ("distinctive", 1), ("prepare", 0), ("none", 1)]:
        assert f'href="?track={track}">{count}</a>' in balance
        listed = client.get(PAGE, {"track": track}).content.decode()
        assert total_on(listed) == count
    assert total_on(client.get(PAGE, {"track": "none"}).content.decode()) == 1
    assert "西门社区" in client.get(PAGE, {"track": "none"}).content.decode()


def test_a_community_with_no_track_yet_gets_its_choice(county, xinmen, lead_clerk, client_for):
    page = client_for(lead_clerk).get(PAGE, {"track": "none"}).content.decode()
    assert f'<select name="track-{xinmen.pk}"' in page


def test_each_community_gets_the_seeds_suggestion_with_its_reason(
    county, xinmen, leader, client_for
):
    catalogue_build(county.campaign)  # JC-01: premises at least 300 m², critical
    last_year = Campaign.objects.create(year=2014, title="2014年创建工作")
    task = CreationTask.objects.create(campaign=last_year, community=county.other_community)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.PASSED)
    html = client_for(leader).get(PAGE).content.decode()

    def row(name):
        start = html.index(f"<td >{name}</td>") if f"<td >{name}</td>" in html else html.index(name)
        return html[start : html.index("</tr>", start)]

    assert "创出特色" in row("湘赣社区") and "2014年已创建达标" in row("湘赣社区")
    assert "今年创建" in row("二机社区") and "已具备一定基础" in row("二机社区")
    assert "明年达标" in row("西门社区") and "JC-01 自报180，标准300" in row("西门社区")


def test_a_plan_with_unplaced_communities_cannot_be_submitted(county, xinmen, lead_clerk):
    with pytest.raises(Refused) as refused:
        track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    assert refused.value.reasons == ["还有社区未确定创建类别，请先为每个社区选定类别再报批。"]
    # A refused action leaves nothing behind, not even an empty plan.
    assert not TrackPlan.objects.exists()


def test_the_leader_returns_the_plan_with_a_reason_the_lead_department_sees(
    county, lead_clerk, leader, client_for
):
    track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    with pytest.raises(Refused):
        tracks_set(campaign=county.campaign, tracks={county.community.pk: "prepare"}, by=lead_clerk)
    boss = client_for(leader)
    assert "创建类别计划待审批" in boss.get(reverse("inbox")).content.decode()
    blank = boss.post(reverse("track_plan_action"), {"action": "return_plan", "comment": ""})
    assert blank.status_code == 302
    assert TrackPlan.objects.get().state == TrackPlan.State.SUBMITTED
    boss.post(
        reverse("track_plan_action"),
        {"action": "return_plan", "comment": "湘赣社区尚未创建成功，请改列今年创建。"},
    )
    assert TrackPlan.objects.get().state == TrackPlan.State.DRAFT
    clerk = client_for(lead_clerk)
    inbox = clerk.get(reverse("inbox")).content.decode()
    assert "湘赣社区尚未创建成功，请改列今年创建。" in inbox
    page = clerk.get(PAGE).content.decode()
    assert "湘赣社区尚未创建成功，请改列今年创建。" in page
    assert 'name="track-' in page  # editable again
    tracks_set(
        campaign=county.campaign, tracks={county.other_community.pk: "create"}, by=lead_clerk
    )
    track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    assert "请改列今年创建" not in clerk.get(reverse("inbox")).content.decode()


def test_approving_asks_first_then_the_tracks_stand(county, lead_clerk, leader, client_for):
    track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    boss = client_for(leader)
    first = boss.post(reverse("track_plan_action"), {"action": "approve", "comment": ""})
    assert first.status_code == 200
    assert "此操作不能撤销" in first.content.decode()
    assert TrackPlan.objects.get().state == TrackPlan.State.SUBMITTED
    for _press in range(2):
        boss.post(
            reverse("track_plan_action"), {"action": "approve", "comment": "", "confirmed": "1"}
        )
    plan = TrackPlan.objects.get()
    assert plan.state == TrackPlan.State.APPROVED
    assert plan.history.filter(action="approve").count() == 1
    with pytest.raises(Refused) as refused:
        tracks_set(campaign=county.campaign, tracks={county.community.pk: "prepare"}, by=lead_clerk)
    assert "“已批准”，不能调整类别" in refused.value.reasons[0]
    page = client_for(lead_clerk).get(PAGE).content.decode()
    assert 'name="track-' not in page and "已批准" in page


@pytest.mark.parametrize("persona", ["leader", "inspector", "dept_clerk", "community_clerk"])
def test_only_the_lead_department_changes_tracks(request, county, client_for, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        reverse("track_plan_save"), {f"track-{county.community.pk}": "prepare"}
    )
    assert response.status_code == 403
    assert track_of(county, county.community) == Track.CREATE


def test_the_page_costs_the_same_queries_whatever_the_countys_size(county, lead_clerk, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    catalogue_build(county.campaign)
    client = client_for(lead_clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    def grow(n):
        start = Community.objects.count()
        Community.objects.bulk_create(
            Community(town=county.town, name=f"新建社区{start + i}") for i in range(n)
        )

    grow(10)
    small = queries()
    grow(120)  # past a page of 50
    assert queries() == small


def test_the_plan_exports_with_each_communitys_suggestion(county, xinmen, leader, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    catalogue_build(county.campaign)
    response = client_for(leader).get(PAGE, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = [
        " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
    ]
    xinmen_row = next(row for row in cells if "西门社区" in row)
    assert "明年达标：尚不具备创建基础：JC-01 自报180，标准300" in xinmen_row


def test_a_community_whose_work_was_assigned_keeps_its_track(county, lead_clerk, leader):
    from tests.builders import started_task

    started_task(county, leader)  # 二机's plan approved: its creation work is assigned
    with pytest.raises(Refused) as refused:
        tracks_set(campaign=county.campaign, tracks={county.community.pk: "prepare"}, by=lead_clerk)
    assert refused.value.reasons == [
        "二机社区的创建任务已开始，部门任务已按原类别交办，不能再改类别。"
    ]
    assert track_of(county, county.community) == Track.CREATE


def test_a_plan_returned_and_submitted_again_is_not_approved_unseen(
    county, lead_clerk, leader, client_for
):
    from workflows.services import track_plan_version

    plan = track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    seen = track_plan_version(plan)  # what the leader's open page holds
    track_plan_transition(campaign=county.campaign, action="return_plan", by=leader, comment="改")
    track_plan_transition(campaign=county.campaign, action="submit", by=lead_clerk)
    response = client_for(leader).post(
        reverse("track_plan_action"),
        {"action": "approve", "comment": "", "confirmed": "1", "seen": seen},
        follow=True,
    )
    assert "该类别计划已被他人处理，请刷新后再试。" in response.content.decode()
    assert TrackPlan.objects.get().state == TrackPlan.State.SUBMITTED


def test_a_placed_community_is_moved_never_unplaced(county, lead_clerk, client_for):
    page = client_for(lead_clerk).get(PAGE).content.decode()
    start = page.index(f'name="track-{county.community.pk}"')
    select = page[start : page.index("</select>", start)]
    assert 'value=""' not in select and 'value="create" selected' in select
