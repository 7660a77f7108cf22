"""Every figure of the period page and of its circular is a link to the list it counts, and
that list says 共 N 条 with the same N (for 逾期天数, the days it adds up to), as of the
period's end: on the hand-scored county and after more data arrives."""

import re

import pytest
from django.urls import reverse
from lxml import html

from assessments.models import ScoringPeriod
from assessments.scoring import circular_generate, scores_compute
from tests.assessments.scoring_county import assignment, event
from workflows.models import CreationTask

TOTAL = re.compile(r"共 (\d+) 条")
DAYS = re.compile(r"逾期天数合计 (\d+) 天")
POINTS = re.compile(r"帮扶分值合计 ([\d.]+) 分")


def figures(client, url):
    page = html.fromstring(client.get(url).content.decode())
    return [
        (link.get("data-figure"), link.text_content().strip(), link.get("href"))
        for link in page.xpath("//a[@data-figure]")
    ]


def list_says(client, href, figure):
    response = client.get(href)
    assert response.status_code == 200, href
    text = response.content.decode()
    if figure == "late":
        return DAYS.search(text).group(1)
    if figure == "assistance":
        return POINTS.search(text).group(1)
    return TOTAL.search(text).group(1)


def assert_every_figure_is_its_list(client, url, expected_kinds):
    found = figures(client, url)
    kinds = {kind.split("-")[0] if kind.startswith("state") else kind for kind, _n, _h in found}
    assert expected_kinds <= kinds, kinds
    for kind, number, href in found:
        assert list_says(client, href, kind) == number, (kind, href)
    return found


PERIOD_KINDS = {"due", "on-time", "returns", "late", "orders", "closed", "assistance"}


def test_the_period_pages_department_figures_are_their_lists(
    client_for, scored_county, county, lead_clerk
):
    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    client = client_for(lead_clerk)
    found = assert_every_figure_is_its_list(
        client, reverse("assessments:period_detail", args=[march.pk]), PERIOD_KINDS
    )
    # The hand count: 财政 two due, one on time, one return, five days late, 4 assistance.
    finance = {
        kind: number for kind, number, href in found if f"department={county.finance.pk}" in href
    }
    assert finance == {
        "due": "2",
        "on-time": "1",
        "returns": "1",
        "late": "5",
        "orders": "0",
        "closed": "0",
        "assistance": "4.0",
    }


def test_the_circulars_figures_are_their_lists_as_of_the_period_end(
    client_for, scored_county, county, lead_clerk, leader
):
    _sanqiao, march, _april = scored_county
    draft = circular_generate(period=march, by=lead_clerk)
    url = reverse("assessments:circular_detail", args=[draft.pk])
    for reader in (lead_clerk, leader):
        assert_every_figure_is_its_list(
            client_for(reader), url, PERIOD_KINDS | {"state", "overdue-work", "overdue-orders"}
        )


def test_the_lists_still_match_after_more_data_arrives(
    client_for, scored_county, county, lead_clerk
):
    sanqiao, march, _april = scored_county
    task = CreationTask.objects.create(campaign=county.campaign, community=sanqiao)
    made = [
        assignment(task, county.housing, deadline, area=area)
        for deadline, area in (
            ("2015-03-05", "premises"),
            ("2015-03-12", "staffing"),
            ("2015-03-30", "funding"),
            ("2015-03-31", "publicity"),
        )
    ]
    event(made[1], "accepted", "2015-03-12", lead_clerk)  # on the deadline's day: on time
    event(made[2], "returned", "2015-03-29", lead_clerk)
    event(made[0], "accepted", "2015-04-02", lead_clerk)  # after the period: overdue in March
    scores_compute(period=march)
    assert_every_figure_is_its_list(
        client_for(lead_clerk), reverse("assessments:period_detail", args=[march.pk]), PERIOD_KINDS
    )
    draft = circular_generate(period=ScoringPeriod.objects.get(pk=march.pk), by=lead_clerk)
    assert_every_figure_is_its_list(
        client_for(lead_clerk),
        reverse("assessments:circular_detail", args=[draft.pk]),
        PERIOD_KINDS | {"state", "overdue-work"},
    )


@pytest.mark.parametrize("what", ["nothing", "state"])
def test_a_figure_the_page_does_not_have_is_not_found(client_for, scored_county, lead_clerk, what):
    _sanqiao, march, _april = scored_county
    url = reverse("assessments:period_items", args=[march.pk, what]) + "?state=no-such-state"
    assert client_for(lead_clerk).get(url).status_code == 404


def test_the_printed_circular_has_no_links(client_for, scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    draft = circular_generate(period=march, by=lead_clerk)
    page = client_for(lead_clerk).get(reverse("assessments:circular_print", args=[draft.pk]))
    assert "data-figure" not in page.content.decode()
